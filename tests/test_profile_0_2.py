"""Profile 0.2: the document matrix enforced, local process codes, UTC, identifiers, 0.1 input."""

from __future__ import annotations

import re
import uuid
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

import elhub_cim
from elhub_cim.convert import convert
from elhub_cim.core.catalog import MessageType, Standard, catalog
from elhub_cim.core.errors import ElhubCimError
from elhub_cim.core.profile import (
    brs_of,
    derive_record_id,
    fixed_document_type,
    local_process_code,
    to_oslo,
    to_utc,
)
from elhub_cim.mapping import document_mappings
from tests.conftest import PROJECT_ROOT

CIM = PROJECT_ROOT / "examples" / "cim"
EBIX = PROJECT_ROOT / "examples" / "ebix"
LEGACY = PROJECT_ROOT / "tests" / "data" / "profile-0.1"
XS = "{http://www.w3.org/2001/XMLSchema}"


def _current() -> list[MessageType]:
    return sorted(
        (mt for mt in catalog().values() if mt.standard is Standard.CIM and not mt.legacy),
        key=lambda mt: mt.name,
    )


def test_every_document_but_the_acknowledgement_has_exactly_one_type() -> None:
    for message_type in _current():
        fixed = fixed_document_type(message_type)
        if message_type.name == "Acknowledgement_MarketDocument":
            assert fixed is None
        else:
            assert fixed is not None, message_type.name


def test_the_mapping_writes_the_type_the_xsd_fixes() -> None:
    checked = 0
    for mapping in document_mappings().values():
        message_type = mapping.message_types["cim"]
        rules = [f.rules["cim"] for f in mapping.root.fields if f.rules["cim"]]
        type_rules = [r for r in rules if r and r.startswith("document_type:")]
        if message_type.name == "Acknowledgement_MarketDocument":
            assert type_rules == []
            continue
        assert len(type_rules) == 1, mapping.name
        assert type_rules[0].split(":")[1] == fixed_document_type(message_type)
        checked += 1
    # Every mapped document but the acknowledgement (which has no type), however many there are.
    assert checked == len(document_mappings()) - 1 >= 15


def _example(name: str) -> bytes:
    return (CIM / name).read_bytes()


def _replace(data: bytes, element: str, value: str) -> bytes:
    return re.sub(
        rf"<{re.escape(element)}>[^<]*</{re.escape(element)}>".encode(),
        f"<{element}>{value}</{element}>".encode(),
        data,
        count=1,
    )


def test_a_wrong_document_type_is_refused() -> None:
    data = _replace(_example("RequestChangeOfSupplier_BRS-NO-102.xml"), "type", "E66")
    result = elhub_cim.validate(data, name="wrong-type.xml")
    assert not result.valid
    assert any(p.path and p.path.endswith("/type") for p in result.problems)


def test_a_foreign_process_type_is_refused() -> None:
    # BRS-NO-201 (end of supply) does not use the change-of-supplier request.
    data = _replace(
        _example("RequestChangeOfSupplier_BRS-NO-102.xml"), "process.processType", "NO201"
    )
    result = elhub_cim.validate(data, name="foreign-process.xml")
    assert not result.valid
    assert any("NO201" in p.message for p in result.problems)
    # ... and the ENTSO-E code that 0.1 used is no longer a profile value either.
    data = _replace(
        _example("RequestChangeOfSupplier_BRS-NO-102.xml"), "process.processType", "E65"
    )
    assert not elhub_cim.validate(data, name="nordic-code.xml").valid


def test_a_nordic_element_the_profile_does_not_use_is_refused_by_name() -> None:
    data = _example("RequestChangeOfSupplier_BRS-NO-102.xml")
    anchor = b"</marketEvaluationPoint.energySupplier_MarketParticipant.mRID>"
    assert anchor in data
    data = data.replace(
        anchor,
        anchor + b"\n    <marketEvaluationPoint.balanceResponsibleParty_MarketParticipant.mRID "
        b'codingScheme="A10">7080005051442</marketEvaluationPoint.balanceResponsibleParty_'
        b"MarketParticipant.mRID>",
        1,
    )
    result = elhub_cim.validate(data, name="not-used.xml")
    problems = [p for p in result.problems if p.code == "PROFILE_NOT_USED"]
    assert len(problems) == 1
    assert "balanceResponsibleParty" in problems[0].message
    assert problems[0].line is not None
    with pytest.raises(ElhubCimError) as caught:
        convert(data, to="ebix", name="not-used.xml")
    assert any(p.code == "PROFILE_NOT_USED" for p in caught.value.problems)


def test_local_process_codes() -> None:
    assert local_process_code("BRS-NO-102") == "NO102"
    assert brs_of("NO123") == "BRS-NO-123"
    assert brs_of("E65") is None
    schema = etree.parse(
        str(PROJECT_ROOT / "schemas/cim/elhub-profile-0.2/local-extension-types.xsd")
    )
    process = schema.find(f"{XS}simpleType[@name='LocalProcessType']")
    assert process is not None
    codes = {
        e.get("value"): e.findtext(f"{XS}annotation/{XS}documentation") or ""
        for e in process.iter(f"{XS}enumeration")
    }
    for number in ("101", "102", "103", "104", "123", "201", "211", "305", "611", "624", "701"):
        definition = codes[f"NO{number}"]
        assert definition.startswith(f"BRS-NO-{number}: "), definition
        assert len(definition) > len("BRS-NO-123: ") + 10  # a definition, not just the id
    roles = schema.find(f"{XS}simpleType[@name='LocalRoleType']")
    assert roles is not None
    assert {"AG", "QRY", "SLR"} <= {e.get("value") for e in roles.iter(f"{XS}enumeration")}


@pytest.mark.parametrize(
    ("name", "brs"),
    [
        ("RequestStartOfSupply-move-in.xml", "BRS-NO-101"),
        ("RequestStartOfSupply-move-in.xml", "BRS-NO-104"),
        ("ConfirmStartOfSupply.xml", "BRS-NO-104"),
    ],
)
def test_101_and_104_are_processes_of_their_own(name: str, brs: str) -> None:
    data = (EBIX / name).read_bytes()
    data = re.sub(rb"BRS-NO-1\d\d", brs.encode(), data)
    cim = convert(data, to="cim", name=name).data
    code = etree.fromstring(cim).findtext("{*}process.processType")
    assert code == local_process_code(brs)
    back = convert(cim, to="ebix", name=name).data
    assert brs.encode() in back


# --- times --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("oslo", "utc"),
    [
        ("2026-05-01T00:00:00+02:00", "2026-04-30T22:00:00Z"),  # summer time
        ("2026-01-01T00:00:00+01:00", "2025-12-31T23:00:00Z"),  # winter time
        ("2026-03-29T03:00:00+02:00", "2026-03-29T01:00:00Z"),  # the hour after the switch
        ("2026-04-20T09:30:47.123456789+02:00", "2026-04-20T07:30:47.123456789Z"),
    ],
)
def test_times_in_both_conventions(oslo: str, utc: str) -> None:
    assert to_utc(oslo) == utc
    assert to_oslo(utc) == oslo


@given(
    moment=st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30)),
    minutes=st.integers(min_value=-14 * 60, max_value=14 * 60),
    fraction=st.sampled_from(["", ".5", ".123456789"]),
    utc=st.booleans(),
)
def test_times_are_written_as_strftime_writes_them(
    moment: datetime, minutes: int, fraction: str, utc: bool
) -> None:
    """The isoformat shortcut of to_utc/to_oslo against the strftime spelling it replaced, but
    where that spelling is no xs:dateTime: a time before year 1000 once converted (strftime
    wrote the year in three digits) is out of range, and an Oslo offset in seconds (local mean
    time, +00:53:28 where the database links Oslo to Berlin; strftime wrote +00:5328) is the
    same instant in UTC; out-of-range instants too."""
    from datetime import timedelta

    from elhub_cim.core.dates import in_utc, in_zone, out_of_range
    from elhub_cim.core.errors import DateOutOfRangeError
    from elhub_cim.core.profile import OSLO

    sign = "-" if minutes < 0 else "+"
    offset = "Z" if utc else f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
    text = moment.replace(microsecond=0).isoformat() + fraction + offset
    parsed = datetime.fromisoformat(moment.replace(microsecond=0).isoformat() + (
        "+00:00" if utc else offset))  # fmt: skip

    def expected(convert: str) -> str:
        if convert == "utc":
            moment = in_utc(parsed)
            if moment.year < 1000:
                raise out_of_range(text)
            return moment.strftime("%Y-%m-%dT%H:%M:%S") + fraction + "Z"
        local = in_zone(parsed, OSLO)
        if local.year < 1000:
            raise out_of_range(text)
        offset = local.utcoffset()
        if offset is not None and offset % timedelta(minutes=1):
            return expected("utc")
        zone = local.strftime("%z")
        return local.strftime("%Y-%m-%dT%H:%M:%S") + fraction + f"{zone[:3]}:{zone[3:]}"

    for convert_to, function in (("utc", to_utc), ("oslo", to_oslo)):
        try:
            wanted = expected(convert_to)
        except DateOutOfRangeError:
            with pytest.raises(DateOutOfRangeError):
                function(text)
            continue
        assert function(text) == wanted


def test_ebix_in_elhubs_convention_round_trips_exactly_through_utc() -> None:
    data = (EBIX / "RequestStartOfSupply-move-in.xml").read_bytes()
    cim = convert(data, to="cim").data
    times = re.findall(rb"[dD]ateTime>(\d[^<]*)<", cim)
    assert len(times) >= 2
    assert all(t.endswith(b"Z") for t in times)
    back = convert(cim, to="ebix").data
    for original in re.findall(rb">(\d{4}-\d\d-\d\dT[^<]+)<", data):
        assert original in back


def test_ebix_in_another_lexical_form_comes_back_equal_in_meaning() -> None:
    data = (EBIX / "RequestStartOfSupply-move-in.xml").read_bytes()
    original = re.search(rb"<abie:StartOfOccurrence>([^<]+)<", data)
    assert original is not None
    as_utc = to_utc(original.group(1).decode()).encode()
    changed = data.replace(original.group(1), as_utc)  # the same instant, written with Z
    back = convert(convert(changed, to="cim").data, to="ebix").data
    again = re.search(rb"<abie:StartOfOccurrence>([^<]+)<", back)
    assert again is not None
    assert again.group(1) == original.group(1)  # Elhub's convention, not the input's bytes
    assert to_utc(again.group(1).decode()) == as_utc.decode()


def test_cim_with_an_offset_is_refused_utc_is_normative() -> None:
    data = _example("RequestChangeOfSupplier_BRS-NO-102.xml")
    data = data.replace(b"2026-04-30T22:00:00Z", b"2026-05-01T00:00:00+02:00")
    assert not elhub_cim.validate(data, name="offset.xml").valid


# --- identifiers --------------------------------------------------------------------------------


def test_record_mrid_is_distinct_and_derived() -> None:
    for path in sorted(CIM.glob("*.xml")):
        root = etree.parse(str(path)).getroot()
        document_id = root.findtext("{*}mRID")
        for record_id in root.iterfind("{*}MktActivityRecord/{*}mRID"):
            assert record_id.text != document_id, path.name


def test_upper_case_uuids_are_read_and_written_in_lower_case() -> None:
    data = _example("RequestChangeOfSupplier_BRS-NO-102.xml")
    upper = re.sub(
        rb"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
        lambda m: m.group(0).upper(),
        data,
    )
    assert upper != data
    assert elhub_cim.validate(upper, name="upper.xml").valid
    ebix = convert(upper, to="ebix").data
    assert re.search(rb"[0-9A-F]{8}-[0-9A-F]{4}", ebix) is None
    again = convert(ebix, to="cim").data
    ids = re.findall(rb"<cim:mRID>([^<]+)<", again)
    assert ids
    assert all(i == i.lower() for i in ids)
    assert uuid.UUID(ids[0].decode())


@pytest.mark.parametrize("engine", [False, True], ids=["compiled", "engine"])
@given(reference=st.uuids())
def test_a_uuid_in_free_text_keeps_its_case(engine: bool, reference: uuid.UUID) -> None:
    """Identifiers (mRIDs) are UUIDs written in lower case (§0.4); a free text that is an upper-case
    UUID (a case reference as a 602 subject) is text, kept as written both ways."""
    from elhub_cim.mapping import compiled

    saved, compiled.enabled = compiled.enabled, not engine
    try:
        _free_text_uuid_round_trips(str(reference).upper())
    finally:
        compiled.enabled = saved


def _free_text_uuid_round_trips(text: str) -> None:
    ebix = (EBIX / "RequestToElhub.xml").read_bytes()
    ebix = re.sub(rb"<abie:Subject>[^<]*<", f"<abie:Subject>{text}<".encode(), ebix)
    to_cim = convert(ebix, to="cim")
    assert f"<cim:subject>{text}<".encode() in to_cim.data
    assert f"<abie:Subject>{text}<".encode() in convert(to_cim.data, to="ebix").data
    cim = _example("RequestToElhub_BRS-NO-602.xml")
    cim = re.sub(rb"<cim:subject>[^<]*<", f"<cim:subject>{text}<".encode(), cim)
    assert f"<abie:Subject>{text}<".encode() in convert(cim, to="ebix").data


# --- profile 0.1 input --------------------------------------------------------------------------


@pytest.mark.parametrize("path", sorted(LEGACY.glob("*.xml")), ids=lambda p: p.name)
def test_profile_0_1_is_read_as_0_2(path: Path) -> None:
    result = elhub_cim.validate(path)
    assert result.valid, [p.format() for p in result.problems]
    assert result.message_type is not None
    assert result.message_type.namespace.endswith(":0:2")
    current = CIM / path.name
    converted = convert(path, to="ebix").data
    assert converted == convert(current, to="ebix").data


@given(
    st.uuids(),
    st.integers(min_value=0, max_value=10**6),
    st.sampled_from(["plain", "upper", "braces", "urn", "hex", "mixed"]),
)
def test_derived_record_id_is_uuid5_of_the_document_id(
    document: uuid.UUID, position: int, form: str
) -> None:
    """R2's record id, written out for speed, is exactly uuid5(document id, position) for every
    form of document id that uuid.UUID reads (the written-out path takes the usual 8-4-4-4-12
    form in either case; the others go through uuid itself)."""
    text = str(document)
    written = {
        "plain": text,
        "upper": text.upper(),
        "braces": "{" + text + "}",
        "urn": document.urn,
        "hex": document.hex,
        "mixed": text[:18].upper() + text[18:],
    }[form]
    assert derive_record_id(written, position) == str(uuid.uuid5(document, str(position)))


def test_derived_record_id_refuses_what_uuid_refuses() -> None:
    for bad in ("", "not-a-uuid", "12345678-1234-1234-1234-12345678"):
        with pytest.raises(ValueError, match="hexadecimal UUID string"):
            derive_record_id(bad, 1)
