"""Every domain document has a committed, fresh JSON Schema, and documents read from the bundled
examples validate against it."""

from __future__ import annotations

import copy
import json
from types import ModuleType
from typing import Any

import jsonschema  # type: ignore[import-untyped]
import pydantic
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


def _schema_for(document: object) -> dict[str, object]:
    schema: dict[str, object] = json.loads(
        (OUT / f"{type(document).__name__}.schema.json").read_text()
    )
    return schema


def _set(data: dict[str, object], path: tuple[str, ...], value: object) -> None:
    target: Any = data
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value


#: Hand-made faults, each one refused by the model (the expected verdict is fixed here, not
#: taken from either side): the published schema must refuse them too, or it promises more
#: than the library accepts.
FAULTS: list[tuple[str, tuple[str, ...], object]] = [
    ("sender not a GLN", ("header", "sender"), "12345"),
    ("document id not a UUID", ("header", "document_id"), "not-a-uuid"),
    ("unknown role", ("header", "role"), "XYZ"),
    ("creation time not a time", ("header", "created"), 17),
    ("unknown field", ("colour",), "blue"),
    ("unknown header field", ("header", "colour"), "blue"),
]


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_documents_validate_against_their_schema(path: object) -> None:
    document = to_domain(path)  # type: ignore[call-overload]
    schema = _schema_for(document)
    data = document.model_dump(mode="json")
    jsonschema.validate(data, schema)
    # and the schema is no blank cheque: every required field is missing once, every fault
    # is made once, and both the model and the schema refuse each
    required = schema.get("required")
    assert isinstance(required, list)
    assert required, "a document has required fields"
    model = type(document)
    for name in required:
        broken = copy.deepcopy(data)
        del broken[name]
        with pytest.raises(pydantic.ValidationError):
            model.model_validate(broken)
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(broken, schema)
    for label, where, value in FAULTS:
        broken = copy.deepcopy(data)
        _set(broken, where, value)
        with pytest.raises(pydantic.ValidationError):
            model.model_validate(broken)
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(broken, schema)
        assert label
