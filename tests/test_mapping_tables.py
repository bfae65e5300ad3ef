"""The mapping tables are executable: they load, cover every leaf, match the documents they
convert, and generate the committed docs."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest
from lxml import etree

import elhub_cim
from elhub_cim.convert import convert
from elhub_cim.core.profile import is_time_element, to_utc, to_utc_minute
from elhub_cim.mapping import DocumentMapping, document_mappings
from elhub_cim.mapping.report import flatten, uncovered
from elhub_cim.mapping.tables import code_tables
from tests.conftest import PROJECT_ROOT, load_tool

MAPPINGS = document_mappings()
EXAMPLES = sorted((PROJECT_ROOT / "examples" / "ebix").glob("*.xml")) + sorted(
    (PROJECT_ROOT / "examples" / "cim").glob("*.xml")
)


def _mapping_of(path: Path) -> tuple[DocumentMapping, str] | None:
    message_type = elhub_cim.validate(path).message_type
    assert message_type is not None
    for mapping in MAPPINGS.values():
        for side, known in mapping.message_types.items():
            if known == message_type:
                return mapping, side
    return None


#: Bundled examples of a mapped message type but of a process outside the profile (refused by
#: convert, see tests/test_mapping_supply.py).
OUTSIDE_PROFILE = {"NotifyCustomerInformation.xml"}
MAPPED_EXAMPLES = [
    p
    for p in EXAMPLES
    if (found := _mapping_of(p)) is not None
    and len(found[0].message_types) == 2  # both standards (624 is CIM only)
    and p.name not in OUTSIDE_PROFILE
]


def test_tables_load_and_map_documents() -> None:
    assert len(MAPPINGS) >= 3
    for mapping in MAPPINGS.values():
        assert flatten(mapping), mapping.name


@pytest.mark.parametrize("name", sorted(MAPPINGS))
@pytest.mark.parametrize("side", ["ebix", "cim"])
def test_every_leaf_is_mapped_or_explained(name: str, side: str) -> None:
    missing = uncovered(MAPPINGS[name], side)  # type: ignore[arg-type]
    assert missing == [], (
        f"{name}: {side} leaves with no row and no '{side}_unmapped' reason: {missing}"
    )


def _texts(root: etree._Element, path: str) -> list[str]:
    """Texts at a flattened table path (local names, '[]'-free, '@attr' last), in order."""
    nodes = [root]
    steps = [s for s in path.split("/") if s]
    attribute = steps.pop()[1:] if steps and steps[-1].startswith("@") else None
    for step in steps:
        nodes = [
            c
            for n in nodes
            for c in n
            if isinstance(c.tag, str) and etree.QName(c).localname == step
        ]
    if attribute is not None:
        return [n.get(attribute) for n in nodes if n.get(attribute) is not None]  # type: ignore[misc]
    return [n.text or "" for n in nodes]


def _translate(codes: str | None, text: str, cim_path: str = "") -> str:
    if is_time_element(cim_path.rsplit("/", 1)[-1]):
        return to_utc(text)  # UTC in CIM, Oslo offsets in ebIX (R3)
    if cim_path.endswith(("timeInterval/start", "timeInterval/end")):
        return to_utc_minute(text)  # ESMP period boundaries: UTC to the minute
    if codes is None:
        return text
    for entry in code_tables()[codes].values():
        if entry.get("ebix") == text:
            return entry["cim"]
    raise AssertionError(f"{text!r} not in code table {codes}")


@pytest.mark.parametrize("path", MAPPED_EXAMPLES, ids=lambda p: p.name)
def test_each_row_carries_its_value_between_the_standards(path: Path) -> None:
    found = _mapping_of(path)
    assert found is not None
    mapping, side = found
    other = "cim" if side == "ebix" else "ebix"
    converted = convert(path, to=other)  # type: ignore[arg-type]
    trees = {side: etree.parse(str(path)).getroot(), other: etree.fromstring(converted.data)}
    checked = 0
    for row in flatten(mapping):
        plain = all(
            row.paths[s] and row.row.values[s] is None and row.row.rules[s] is None
            for s in ("ebix", "cim")
        )
        if not plain:
            continue
        ebix_texts = _texts(trees["ebix"], row.paths["ebix"])
        cim_texts = _texts(trees["cim"], row.paths["cim"])
        cim_path = row.paths["cim"] or ""
        assert [_translate(row.row.codes, t, cim_path) for t in ebix_texts] == cim_texts, (
            f"{row.domain}: {row.paths['ebix']} → {row.paths['cim']}"
        )
        checked += len(ebix_texts)
    assert checked > 0


def _docs_tool() -> ModuleType:
    return load_tool("build_mapping_docs")


def test_mapping_docs_are_generated_and_fresh() -> None:
    pages = _docs_tool().render_all()
    out = PROJECT_ROOT / "docs" / "mappings"
    for name, text in pages.items():
        assert (out / name).read_text(encoding="utf-8") == text, (
            f"docs/mappings/{name} is stale: run tools/build_mapping_docs.py"
        )
    for mapping in MAPPINGS.values():
        assert f"`{mapping.name}`" in pages[f"{mapping.brs_table}.md"]


def test_every_process_a_market_party_sends_in_lists_the_acknowledgement() -> None:
    """cim-profile §5: every document a market party sends can be answered by an
    Acknowledgement, so a BRS table with a document sent to Elhub (or either way) lists it among
    its documents (its page, docs/mappings/brs-no-*.md). 611 and 701 did not, though §5 names the
    acknowledgement in both; nor did 314, 315, 601 and 602."""
    from elhub_cim.mapping.tables import _tables

    mappings = document_mappings()
    missing = []
    for name, table in _tables().items():
        if not table.get("brs"):
            continue
        uses = table.get("uses") or []
        sent_by_a_party = [
            document
            for document in uses
            if document in mappings
            and document != "acknowledgement"
            and mappings[document].model_direction in ("to_elhub", "either")
        ]
        if sent_by_a_party and "acknowledgement" not in uses:
            missing.append((name, sent_by_a_party))
    assert missing == []
    page = (PROJECT_ROOT / "docs" / "mappings" / "brs-no-611.md").read_text(encoding="utf-8")
    assert "- `acknowledgement`: see [acknowledgement.md](acknowledgement.md)" in page
