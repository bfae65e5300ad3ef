"""Profile 0.2: every code is an ENTSO-E code or a local one with a definition (issue 11 point 5).

Sweeps every enumeration of our 0.2 XSDs and every CIM code the mapping tables write (code tables,
constants, document types) and checks each against the ENTSO-E code list of the 2025 Nordic
baseline (read from the reference folder) or our own ``local-extension-types.xsd``, where each code
must have a definition. Durations (resolutions, read cycles) are values, not codes: ISO 8601, as
the Nordic documents write them, and only PT15M and PT1H. Elhub's words (In/Out, Add/Update/Delete,
Email/..., PT60M) appear only as rows of the code translation, never in CIM.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import pytest
from lxml import etree

import elhub_cim
from elhub_cim.convert import convert
from elhub_cim.core.errors import ElhubCimError
from elhub_cim.mapping.tables import CompiledField, CompiledGroup, code_tables, document_mappings
from tests.conftest import PROJECT_ROOT
from tests.xmlcompare import assert_same_xml

PROFILE = PROJECT_ROOT / "schemas" / "cim" / "elhub-profile-0.2"
LOCAL = PROFILE / "local-extension-types.xsd"
XS = "{http://www.w3.org/2001/XMLSchema}"
CODELISTS = "nordic-ediel-cim/opengeh-edi-2025/xsd/urn-entsoe-eu-wgedi-codelists.xsd"

# Elhub's words for what CIM has codes for: none of them may be a CIM value any more.
ELHUB_WORDS = {"In", "Out", "Add", "Update", "Delete", "Email", "Mobile", "Phone", "Telefax", "N"}
RESOLUTIONS = {"PT15M", "PT1H"}


def _enumerations(simple_type: etree._Element) -> list[str]:
    return [e.get("value", "") for e in simple_type.iter(f"{XS}enumeration")]


@functools.cache
def _entsoe(reference: Path) -> dict[str, frozenset[str]]:
    """ENTSO-E list name (without ``Standard``) → its codes."""
    root = etree.parse(str(reference / CODELISTS)).getroot()
    lists: dict[str, frozenset[str]] = {}
    for simple_type in root.iterfind(f"{XS}simpleType"):
        name = simple_type.get("name", "")
        if name.startswith("Standard"):
            lists[name.removeprefix("Standard")] = frozenset(_enumerations(simple_type))
    return lists


def _definition(element: etree._Element) -> str:
    return " ".join(
        (d.text or "").strip() for d in element.iterfind(f"{XS}annotation/{XS}documentation")
    ).strip()


@functools.cache
def _local() -> dict[str, dict[str, str]]:
    """Our local list: type name → code → definition."""
    root = etree.parse(str(LOCAL)).getroot()
    return {
        t.get("name", ""): {e.get("value", ""): _definition(e) for e in t.iter(f"{XS}enumeration")}
        for t in root.iterfind(f"{XS}simpleType")
    }


def _local_codes() -> set[str]:
    return {code for codes in _local().values() for code in codes}


def test_every_local_code_has_a_definition() -> None:
    assert _local(), "no local code list"
    missing = [
        f"{name}/{code}"
        for name, codes in _local().items()
        for code, text in codes.items()
        if not text
    ]
    assert missing == []


_DURATION = re.compile(r"^P(?=\d|T\d)(\d+[YMWD])*(T(\d+[HMS])+)?$")


def _is_duration(simple_type: etree._Element, types: dict[str, etree._Element]) -> bool:
    """A list of ISO 8601 durations (xs:duration, or NMTOKENs that are all durations)."""
    values = _enumerations(simple_type)
    if values and all(_DURATION.match(v) for v in values):
        return True
    for _ in range(10):
        restriction = simple_type.find(f"{XS}restriction")
        if restriction is None:
            return False
        base = restriction.get("base", "")
        if base == "xs:duration":
            return True
        found = types.get(base.partition(":")[2])
        if found is None:
            return False
        simple_type = found
    return False


def _list_of(simple_type: etree._Element, types: dict[str, etree._Element]) -> str | None:
    """The code list a restriction draws from: the codelists.xsd type at the end of its bases."""
    name = simple_type.get("name", "")
    for _ in range(10):
        restriction = simple_type.find(f"{XS}restriction")
        if restriction is None:
            return name
        base = restriction.get("base", "")
        if not base.startswith(("cl:", "ecl:")):
            return name
        name = base.partition(":")[2]
        found = types.get(name)
        if found is None:
            return name
        simple_type = found
    return name


def _code_values() -> list[tuple[str, str, str]]:
    """(file, list, value) of every code enumeration of our 0.2 XSDs (local list excluded)."""
    codelists = etree.parse(str(PROFILE / "codelists.xsd")).getroot()
    shared = {t.get("name", ""): t for t in codelists.iterfind(f"{XS}simpleType")}
    found: list[tuple[str, str, str]] = []
    for schema in sorted(PROFILE.glob("*.xsd")):
        if schema == LOCAL:
            continue
        root = etree.parse(str(schema)).getroot()
        types = {**shared, **{t.get("name", ""): t for t in root.iterfind(f"{XS}simpleType")}}
        for simple_type in root.iter(f"{XS}simpleType"):
            if _is_duration(simple_type, types):
                continue
            name = _list_of(simple_type, shared) or ""
            for value in _enumerations(simple_type):
                found.append((schema.name, name, value))
    return found


#: Nordic document types whose values come from an ENTSO-E list of another name (the Nordic XSD
#: restricts that list: NotifyWholesaleServices' CurrencyCode_String is ecl:CurrencyTypeList).
NORDIC_TYPES = {"CurrencyCode_String": "CurrencyTypeList"}


def _allowed(reference: Path, list_name: str, value: str) -> bool:
    entsoe = _entsoe(reference)
    name = NORDIC_TYPES.get(list_name, list_name)
    if value in entsoe.get(name.removeprefix("Standard"), frozenset()):
        return True
    return value in _local_codes()


def test_every_xsd_code_is_entsoe_or_local(reference_dir: Path) -> None:
    values = _code_values()
    assert len(values) > 200  # the sweep sees the lists (process, role, reason codes ...)
    wrong = sorted({f"{f}: {n} {v!r}" for f, n, v in values if not _allowed(reference_dir, n, v)})
    assert wrong == [], "neither in the ENTSO-E list of that name nor a local code"


def _durations() -> dict[str, set[str]]:
    """Duration list name → its values, over every 0.2 XSD."""
    found: dict[str, set[str]] = {}
    for schema in sorted(PROFILE.glob("*.xsd")):
        root = etree.parse(str(schema)).getroot()
        types = {t.get("name", ""): t for t in root.iter(f"{XS}simpleType")}
        for simple_type in root.iter(f"{XS}simpleType"):
            values = _enumerations(simple_type)
            if values and _is_duration(simple_type, types):
                found.setdefault(simple_type.get("name", ""), set()).update(values)
    return found


def test_resolutions_are_pt15m_and_pt1h_only() -> None:
    durations = _durations()
    assert durations["ChannelResolutionList"] == RESOLUTIONS
    assert durations["ReadCycleList"] == RESOLUTIONS
    # PT60M is PT1H written another way: no list offers it (nor "N", which is no duration).
    assert not any("PT60M" in values for values in durations.values())


def test_no_elhub_word_is_a_cim_value() -> None:
    values = {v for _, _, v in _code_values()}
    assert not values & ELHUB_WORDS


def _rows(group: CompiledGroup) -> list[CompiledField]:
    return [*group.fields, *(row for inner in group.groups for row in _rows(inner))]


def _mapping_codes() -> list[tuple[str, str]]:
    """(where, CIM code) the mapping tables write: code tables, constants, document types."""
    found = [
        (f"codes.toml [{table}] {key}", entry["cim"])
        for table, entries in code_tables().items()
        for key, entry in entries.items()
        if "cim" in entry
    ]
    for name, mapping in document_mappings().items():
        for row in _rows(mapping.root):
            value = row.values.get("cim")
            if value is not None and value not in {"true", "false"}:
                found.append((f"{name} {row.source}", value))
            rule = row.rules.get("cim") or ""
            if rule.startswith("document_type:"):
                found.append((f"{name} {row.source}", rule.split(":")[1]))
    return found


def test_every_mapping_code_is_entsoe_or_local(reference_dir: Path) -> None:
    codes = _mapping_codes()
    assert len(codes) > 60
    everything = {c for values in _entsoe(reference_dir).values() for c in values}
    wrong = [
        f"{where}: {code!r}"
        for where, code in codes
        if code not in everything and code not in _local_codes() and not _DURATION.match(code)
    ]
    assert wrong == []
    assert not {code for _, code in codes} & ELHUB_WORDS


# --- Elhub's words become codes in conversion, and back ------------------------------------------

EBIX = PROJECT_ROOT / "examples" / "ebix"
CIM_EXAMPLES = PROJECT_ROOT / "examples" / "cim"


def _cim_texts(cim: bytes, name: str) -> list[str]:
    return [e.text or "" for e in etree.fromstring(cim).iter(f"{{*}}{name}")]


_CHANNEL = "CommunicationChannel"
_ACTION = "updateIndicator"


@pytest.mark.parametrize(
    ("example", "element", "ebix_element", "expected"),
    [
        ("NotifyStartOfSupply.xml", "direction", "Direction", {"In": "A01", "Out": "A02"}),
        ("NotifyMeteringPointCharacteristics.xml", "channel", _CHANNEL, {"Email": "EM"}),
        ("NotifyEndOfSupply.xml", "channel", _CHANNEL, {"Mobile": "AL"}),
        ("RequestUpdateSharedProduction.xml", _ACTION, "UpdateIndicator", {"Add": "A14"}),
        ("RequestUpdateSharedProduction-delete.xml", _ACTION, "UpdateIndicator", {"Delete": "Z01"}),
    ],
)
def test_elhub_words_are_written_as_codes_and_read_back(
    example: str, element: str, ebix_element: str, expected: dict[str, str]
) -> None:
    source = (EBIX / example).read_bytes()
    words = [e.text for e in etree.fromstring(source).iter(f"{{*}}{ebix_element}")]
    assert set(words) == set(expected)
    cim = convert(source, to="cim").data
    assert _cim_texts(cim, element) == [expected[w or ""] for w in words]
    assert_same_xml(convert(cim, to="ebix").data, source)  # exact both ways


def _with_resolution(value: str) -> bytes:
    source = (EBIX / "NotifyStartOfSupply.xml").read_bytes()
    assert source.count(b"<abie:Resolution>PT15M</abie:Resolution>") >= 1
    new = f"<abie:Resolution>{value}</abie:Resolution>".encode()
    return source.replace(b"<abie:Resolution>PT15M</abie:Resolution>", new)


def test_emif_pt60m_is_written_pt1h_and_comes_back_equal_in_meaning() -> None:
    source = _with_resolution("PT60M")
    cim = convert(source, to="cim").data
    assert "PT60M" not in _cim_texts(cim, "resolution")
    assert "PT1H" in _cim_texts(cim, "resolution")
    assert_same_xml(convert(cim, to="ebix").data, source.replace(b">PT60M<", b">PT1H<"))


def test_emif_resolution_n_is_a_channel_without_resolution() -> None:
    # N (no fixed resolution) is the absence of Channel.resolution (§0.12), exact both ways.
    source = _with_resolution("N")
    cim = convert(source, to="cim").data
    channels = list(etree.fromstring(cim).iter("{*}Channel"))
    assert channels
    assert any(c.find("{*}resolution") is None for c in channels)
    assert "N" not in _cim_texts(cim, "resolution")
    assert_same_xml(convert(cim, to="ebix").data, source)


@pytest.mark.parametrize("value", ["PT5M"])
def test_emif_resolutions_without_a_cim_form_are_refused_by_name(value: str) -> None:
    # No CIM code and no absence to stand for it: no document can be written, --allow-loss or not.
    source = _with_resolution(value)
    for allow_loss in (False, True):
        with pytest.raises(ElhubCimError) as raised:
            convert(source, to="cim", allow_loss=allow_loss)
        problems = raised.value.problems
        assert problems
        assert all(p.code == "CONVERT_UNSUPPORTED" for p in problems)
        assert all(f"{value!r}" in p.message and "resolution" in (p.path or "") for p in problems)


@pytest.mark.parametrize(
    ("example", "element", "word"),
    [
        ("NotifyStartOfSupply_BRS-NO-102.xml", "direction", "Out"),
        ("RequestChangeOfSupplier_BRS-NO-102.xml", "channel", "Email"),
        ("RequestChangeSharedProduction_BRS-NO-701.xml", "updateIndicator", "Add"),
        ("NotifyStartOfSupply_BRS-NO-102.xml", "resolution", "PT60M"),
    ],
)
def test_a_cim_document_with_an_elhub_word_is_refused(
    example: str, element: str, word: str
) -> None:
    root = etree.fromstring((CIM_EXAMPLES / example).read_bytes())
    target = next(root.iter(f"{{*}}{element}"))
    target.text = word
    result = elhub_cim.validate(etree.tostring(root), name="word.xml")
    assert not result.valid
    assert any(element in (p.path or "") or element in p.message for p in result.problems)
