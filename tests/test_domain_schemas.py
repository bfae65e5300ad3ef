"""Every domain document has a committed, fresh JSON Schema, and documents read from the bundled
examples validate against it."""

from __future__ import annotations

import json
from types import ModuleType

import jsonschema  # type: ignore[import-untyped]
import pytest

from elhub_cim.convert import to_domain
from elhub_cim.mapping import document_mappings
from tests.conftest import PROJECT_ROOT, load_tool

OUT = PROJECT_ROOT / "schemas" / "json" / "domain"


def _tool() -> ModuleType:
    return load_tool("build_domain_schemas")


def test_schemas_are_committed_and_fresh() -> None:
    pages = _tool().render_all()
    assert len(pages) == len({m.model for m in document_mappings().values()})
    for name, text in pages.items():
        assert (OUT / name).read_text(encoding="utf-8") == text, f"{name} stale: make regenerate"


_MAPPED_ROOTS = {mt.name for m in document_mappings().values() for mt in m.message_types.values()}
EXAMPLES = [
    path
    for path in sorted((PROJECT_ROOT / "examples" / "ebix").glob("*StartOfSupply*.xml"))
    + sorted((PROJECT_ROOT / "examples" / "cim").glob("*.xml"))
    if path.name.split("_BRS")[0].split("-")[0].removesuffix(".xml") in _MAPPED_ROOTS
    or path.name.split("_BRS")[0] + "_MarketDocument" in _MAPPED_ROOTS
]


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_documents_validate_against_their_schema(path: object) -> None:
    document = to_domain(path)  # type: ignore[call-overload]
    schema = json.loads((OUT / f"{type(document).__name__}.schema.json").read_text())
    jsonschema.validate(document.model_dump(mode="json"), schema)
