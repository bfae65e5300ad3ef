"""Process cross-checks (rule sets start-of-supply, end-of-supply).

Each rule is tested on what it accepts and what it refuses, in ebIX and in CIM: documents are
our bundled requests read into the domain model, changed, and written in either standard.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

import elhub_cim
from elhub_cim.convert import from_domain, to_domain
from elhub_cim.core.errors import Severity
from elhub_cim.domain import EndOfSupplyRequest, Role, StartOfSupplyRequest, Timestamp
from elhub_cim.rules import (
    RuleSetError,
    check,
    default_rule_sets,
    load_rule_set,
    rules_markdown,
    subtract_working_days,
)
from elhub_cim.rules.engine import NORWAY, instant

PROJECT = Path(__file__).resolve().parents[1]
EXAMPLES = PROJECT / "examples"
SIDES = ["ebix", "cim"]
OURS = ("start-of-supply", "end-of-supply", "document-processes", "document-types")
CREATED = datetime(2026, 4, 14, 10, 12, 3, tzinfo=NORWAY)  # a Tuesday, 2026-04-14


def stamp(moment: datetime | date) -> Timestamp:
    if not isinstance(moment, datetime):
        moment = datetime(moment.year, moment.month, moment.day, tzinfo=NORWAY)
    return Timestamp(moment.replace(microsecond=0).isoformat())


def start_request(
    process: str = "BRS-NO-102",
    role: Role = Role.BALANCE_SUPPLIER,
    start: datetime | date = date(2026, 5, 1),
    slr: bool | None = None,
    created: datetime = CREATED,
) -> StartOfSupplyRequest:
    base = to_domain(EXAMPLES / "ebix" / "RequestStartOfSupply-move-in.xml")
    assert isinstance(base, StartOfSupplyRequest)
    header = base.header.model_copy(
        update={"process": process, "role": role, "created": stamp(created)}
    )
    return base.model_copy(
        update={
            "header": header,
            "start": stamp(start),
            "move_in_to_supplier_of_last_resort": slr,
        }
    )


def end_request(
    process: str = "BRS-NO-201",
    role: Role = Role.BALANCE_SUPPLIER,
    end: datetime | date = date(2026, 9, 1),
    created: datetime = datetime(2026, 8, 24, 9, 14, 52, tzinfo=NORWAY),
) -> EndOfSupplyRequest:
    base = to_domain(EXAMPLES / "ebix" / "RequestEndOfSupply-move-out.xml")
    assert isinstance(base, EndOfSupplyRequest)
    header = base.header.model_copy(
        update={"process": process, "role": role, "created": stamp(created)}
    )
    return base.model_copy(update={"header": header, "end": stamp(end)})


def ours(data: bytes, *, schema: bool = True, **options: Any) -> set[str]:
    """``code/rule`` of every finding of our process rule sets (after the XSD unless not
    ``schema``: some of our XSDs fix the process type already; the rules judge the tree)."""
    if schema:
        document, message_type = elhub_cim.check(data)
    else:
        document = elhub_cim.parse(data)
        message_type = elhub_cim.identify(document)
    sets = [s for s in default_rule_sets() if s.id in OURS]
    found = set()
    for problem in check(document, message_type, rule_sets=sets, **options):
        match = re.search(r"\(rule (\S+?)[,)]", problem.message)
        if match:
            found.add(f"{problem.code}/{match[1]}")
    return found


def findings(document: StartOfSupplyRequest | EndOfSupplyRequest, side: str) -> set[str]:
    return ours(from_domain(document, side))  # type: ignore[arg-type]


# --- sender role ----------------------------------------------------------------------------------


@pytest.mark.parametrize("side", SIDES)
@pytest.mark.parametrize("process", ["BRS-NO-101", "BRS-NO-102", "BRS-NO-103", "BRS-NO-104"])
def test_supplier_processes_are_sent_by_the_supplier(side: str, process: str) -> None:
    start = date(2026, 4, 14) if process == "BRS-NO-103" else date(2026, 5, 1)
    assert findings(start_request(process, Role.BALANCE_SUPPLIER, start), side) == set()
    refused = findings(start_request(process, Role.GRID_ACCESS_PROVIDER, start), side)
    assert refused == {"X-NO_SENDER_ROLE/SOS-R1"}


@pytest.mark.parametrize("side", SIDES)
def test_123_is_sent_by_the_grid_company(side: str) -> None:
    assert findings(start_request("BRS-NO-123", Role.GRID_ACCESS_PROVIDER), side) == set()
    # the issue's case: a 123 sent by a supplier
    assert findings(start_request("BRS-NO-123", Role.BALANCE_SUPPLIER), side) == {
        "X-NO_SENDER_ROLE/SOS-R2"
    }


@pytest.mark.parametrize("side", SIDES)
def test_end_of_supply_roles(side: str) -> None:
    assert findings(end_request("BRS-NO-201", Role.BALANCE_SUPPLIER), side) == set()
    assert findings(end_request("BRS-NO-201", Role.GRID_ACCESS_PROVIDER), side) == {
        "X-NO_SENDER_ROLE/EOS-R1"
    }
    assert findings(end_request("BRS-NO-211", Role.GRID_ACCESS_PROVIDER), side) == set()
    # the issue's case: a 211 sent by a supplier
    assert findings(end_request("BRS-NO-211", Role.BALANCE_SUPPLIER), side) == {
        "X-NO_SENDER_ROLE/EOS-R2"
    }


# --- dates relative to creation -------------------------------------------------------------------


@pytest.mark.parametrize("side", SIDES)
def test_102_moves_in_forward_in_time(side: str) -> None:
    today = CREATED.date()
    assert findings(start_request(start=today + timedelta(days=1)), side) == set()
    assert findings(start_request(start=today + timedelta(days=90)), side) == set()
    for start in (today, today - timedelta(days=1)):
        assert findings(start_request(start=start), side) == {
            "X-NO102_START_NOT_IN_FUTURE/SOS-T1"
        }, start


@pytest.mark.parametrize("side", SIDES)
def test_103_moves_in_back_in_time_at_most_30_working_days(side: str) -> None:
    today = CREATED.date()
    limit = subtract_working_days(today, 30)
    # Easter 2026 (2-6 April) lies inside the window: calendar days would give another date
    assert limit == date(2026, 2, 26)
    for start in (today, limit, today - timedelta(days=10)):
        assert findings(start_request("BRS-NO-103", start=start), side) == set(), start
    assert findings(start_request("BRS-NO-103", start=limit - timedelta(days=1)), side) == {
        "X-NO103_TOO_FAR_BACK/SOS-T3"
    }
    assert findings(start_request("BRS-NO-103", start=today + timedelta(days=1)), side) == {
        "X-NO103_START_IN_FUTURE/SOS-T2"
    }


@pytest.mark.parametrize("side", SIDES)
def test_104_goes_at_most_30_working_days_back(side: str) -> None:
    today = CREATED.date()
    limit = subtract_working_days(today, 30)
    for start in (limit, today, today + timedelta(days=20)):
        assert findings(start_request("BRS-NO-104", start=start), side) == set(), start
    assert findings(start_request("BRS-NO-104", start=limit - timedelta(days=1)), side) == {
        "X-NO104_TOO_FAR_BACK/SOS-T4"
    }


@pytest.mark.parametrize("side", SIDES)
@pytest.mark.parametrize("process", ["BRS-NO-101", "BRS-NO-123"])
def test_101_and_123_have_no_date_limit(side: str, process: str) -> None:
    role = Role.GRID_ACCESS_PROVIDER if process == "BRS-NO-123" else Role.BALANCE_SUPPLIER
    for days in (-60, 0, 60):
        start = CREATED.date() + timedelta(days=days)
        assert findings(start_request(process, role, start), side) == set()


# --- supplier of last resort ----------------------------------------------------------------------


@pytest.mark.parametrize("side", SIDES)
def test_only_103_moves_in_to_the_supplier_of_last_resort(side: str) -> None:
    today = CREATED.date()
    assert findings(start_request("BRS-NO-103", start=today, slr=True), side) == set()
    for process in ("BRS-NO-101", "BRS-NO-102", "BRS-NO-104"):
        assert findings(start_request(process, slr=False), side) == set()
        assert findings(start_request(process, slr=True), side) == {
            "X-NO_SLR_ONLY_IN_103/SOS-L1"
        }, process
    assert findings(start_request("BRS-NO-123", Role.GRID_ACCESS_PROVIDER, slr=True), side) == {
        "X-NO_SLR_ONLY_IN_103/SOS-L1"
    }


@pytest.mark.parametrize("side", SIDES)
def test_the_issues_102_back_in_time_to_the_supplier_of_last_resort(side: str) -> None:
    document = start_request(start=CREATED.date() - timedelta(days=15), slr=True)
    assert findings(document, side) == {
        "X-NO102_START_NOT_IN_FUTURE/SOS-T1",
        "X-NO_SLR_ONLY_IN_103/SOS-L1",
    }
    result = elhub_cim.validate(from_domain(document, side), strict=True)  # type: ignore[arg-type]
    assert not result.valid


# --- midnight in Oslo -----------------------------------------------------------------------------


@pytest.mark.parametrize("side", SIDES)
def test_a_start_that_is_not_midnight_in_oslo_is_a_warning(side: str) -> None:
    midnight = datetime(2026, 5, 1, tzinfo=NORWAY)
    assert findings(start_request(start=midnight), side) == set()
    for wrong in (
        datetime(2026, 5, 1, tzinfo=NORWAY).replace(hour=2),
        Timestamp("2026-05-01T00:00:00Z").datetime,  # 02:00 in Oslo (summer time)
    ):
        data = from_domain(start_request(start=wrong), side)  # type: ignore[arg-type]
        assert ours(data) == {"X-NO_START_NOT_MIDNIGHT/SOS-T5"}
        document, message_type = elhub_cim.check(data)
        severities = {
            p.code: p.severity for p in check(document, message_type) if p.code.startswith("X-NO_")
        }
        assert severities == {"X-NO_START_NOT_MIDNIGHT": Severity.WARNING}
        strict = {
            p.code: p.severity
            for p in check(document, message_type, strict=True)
            if p.code.startswith("X-NO_")
        }
        assert strict == {"X-NO_START_NOT_MIDNIGHT": Severity.ERROR}
    # UTC written the right way is midnight in Oslo
    utc = Timestamp("2026-04-30T22:00:00Z").datetime
    assert findings(start_request(start=utc), side) == set()


@pytest.mark.parametrize("side", SIDES)
def test_an_end_that_is_not_midnight_in_oslo_is_a_warning(side: str) -> None:
    assert findings(end_request(end=datetime(2026, 9, 1, tzinfo=NORWAY)), side) == set()
    late = datetime(2026, 9, 1, 1, 0, tzinfo=NORWAY)
    assert findings(end_request(end=late), side) == {"X-NO_END_NOT_MIDNIGHT/EOS-T1"}


# --- process type against BRS (CIM) ---------------------------------------------------------------
# Profile 0.2 has no pair to cross-check: the process type is the process (NO102,
# docs/cim-profile.md §0.2), and each document's XSD lists its processes. 0.1's rule set
# (process-types) is gone.


def test_a_process_outside_the_document_is_refused_by_the_schema() -> None:
    data = (EXAMPLES / "cim" / "RequestChangeOfSupplier_BRS-NO-102.xml").read_bytes()
    assert b"<process.processType>NO102<" in data
    bad = data.replace(b"<process.processType>NO102<", b"<process.processType>NO201<")
    result = elhub_cim.validate(bad)
    assert not result.valid
    assert [p.code for p in result.problems] == ["XSD_ENUMERATION"]
    from elhub_cim.convert import convert

    with pytest.raises(elhub_cim.ElhubCimError):
        convert(bad, to="ebix")


# --- the BRS a document may carry ---------------------------------------------------------------


def test_document_processes_match_the_cim_profiles_xsds() -> None:
    from lxml import etree

    from elhub_cim.core.profile import brs_of
    from elhub_cim.mapping import document_mappings

    xs = {"xs": "http://www.w3.org/2001/XMLSchema"}
    by_name = {
        t.name: m.message_types
        for m in document_mappings().values()
        for t in m.message_types.values()
    }
    (rule_set,) = [s for s in default_rule_sets() if s.id == "document-processes"]
    for rule in rule_set.rules:
        for name in rule.messages:
            schema = etree.parse(str(by_name[name]["cim"].schema_file))
            allowed = schema.xpath(
                "//xs:simpleType[@name='ProcessKind_String']//xs:enumeration/@value",
                namespaces=xs,
            )
            assert isinstance(allowed, list)
            assert allowed, name
            expected = sorted(brs_of(str(v)) or str(v) for v in allowed)
            assert sorted(rule.values) == expected, (rule.id, name)


@pytest.mark.parametrize("side", SIDES)
def test_a_request_carries_a_process_of_its_kind(side: str) -> None:
    start = from_domain(start_request("BRS-NO-102"), side)  # type: ignore[arg-type]
    end = from_domain(end_request("BRS-NO-201"), side)  # type: ignore[arg-type]
    assert ours(start) == set()
    assert ours(end) == set()
    # the CIM profile's XSD refuses these already; the rules judge the tree in both standards
    code = {"ebix": ("BRS-NO-", "BRS-NO-"), "cim": ("NO", "NO")}[side]
    old = f">{code[0]}102<".encode()
    assert old in start
    for wrong in ("201", "305"):
        found = ours(start.replace(old, f">{code[1]}{wrong}<".encode()), schema=side == "ebix")
        assert found == {"X-NO_PROCESS_NOT_FOR_DOCUMENT/DP-1"}
    old = f">{code[0]}201<".encode()
    assert old in end
    found = ours(end.replace(old, f">{code[1]}102<".encode()), schema=side == "ebix")
    assert found == {"X-NO_PROCESS_NOT_FOR_DOCUMENT/DP-2"}


@pytest.mark.parametrize(
    ("example", "right", "wrong", "rule"),
    [
        ("RequestStartOfSupply-move-in.xml", b">392<", b">432<", "SOS-D1"),
        ("RequestStartOfSupply-move-in.xml", b">392<", b">E65<", "SOS-D1"),
        ("RequestEndOfSupply-move-out.xml", b">432<", b">392<", "EOS-D1"),
    ],
)
def test_a_request_of_another_document_type_is_a_finding(
    example: str, right: bytes, wrong: bytes, rule: str
) -> None:
    """A RequestStartOfSupply is document type 392, a RequestEndOfSupply 432 (domain notes,
    Elhub's examples); the EMIF XSD takes any of Elhub's types. validate accepted a start of
    supply typed 432, which convert refuses (CONVERT_LOSS: the CIM document has one type) and
    Elhub would reject; it is now X-NO_DOCUMENT_TYPE (answered EH011, as 611's EH011 is)."""
    data = (EXAMPLES / "ebix" / example).read_bytes()
    assert data.count(right) == 1
    bad = data.replace(right, wrong)
    assert ours(bad) == {f"X-NO_DOCUMENT_TYPE/{rule}"}
    problems = elhub_cim.validate(bad).problems
    assert [(p.code, p.severity) for p in problems] == [("X-NO_DOCUMENT_TYPE", Severity.ERROR)]
    assert problems[0].path is not None
    assert problems[0].path.endswith("/Header/DocumentType")
    from elhub_cim.replies import reason_codes

    assert reason_codes(problems) == ["EH011"]
    assert ours(data) == set()


def test_a_wrong_process_is_caught_by_validate_as_convert_refuses_it() -> None:
    data = (EXAMPLES / "ebix" / "RequestStartOfSupply-move-in.xml").read_bytes()
    bad = data.replace(b">BRS-NO-102<", b">BRS-NO-201<")
    assert bad != data
    codes = [p.code for p in elhub_cim.validate(bad).problems]
    assert codes == ["X-NO_PROCESS_NOT_FOR_DOCUMENT"]
    from elhub_cim.convert import convert

    with pytest.raises(elhub_cim.ElhubCimError):
        convert(bad, to="cim")


@pytest.mark.parametrize(
    ("example", "wrong"),
    [
        ("CollectedData.xml", b"BRS-NO-201"),
        ("CollectedData-profiled-meter-read.xml", b"BRS-NO-314"),
        ("RequestCollectedData.xml", b"BRS-NO-313"),
        ("RequestUpdateSharedProduction.xml", b"BRS-NO-611"),
        ("ResponseUpfrontMeteringPointCharacteristics.xml", b"BRS-NO-201"),
    ],
)
def test_metered_values_shared_production_and_611_answers_name_their_process(
    example: str, wrong: bytes
) -> None:
    """CollectedData (311, 312, 313, 332), RequestCollectedData (314),
    RequestUpdateSharedProduction (701) and Elhub's 611 response with a process their document
    does not serve: convert refuses them (CONVERT_UNSUPPORTED), and validate found nothing (a
    CollectedData of BRS-NO-201 was not even judged by the metering rules, which hold for
    311-332 only)."""
    data = (EXAMPLES / "ebix" / example).read_bytes()
    process = data.split(b'EnergyBusinessProcess listAgencyIdentifier="89">', 1)[1].split(b"<")[0]
    assert elhub_cim.validate(data).valid
    bad = data.replace(b">" + process + b"<", b">" + wrong + b"<")
    result = elhub_cim.validate(bad)
    assert {p.code for p in result.problems if p.severity is Severity.ERROR} == {
        "X-NO_PROCESS_NOT_FOR_DOCUMENT"
    }
    assert not result.valid
    from elhub_cim.convert import convert

    with pytest.raises(elhub_cim.ElhubCimError, match="CONVERT_UNSUPPORTED"):
        convert(bad, to="cim")


def _ebix_processes() -> list[str]:
    """Every BRS the ebIX XSDs let through (EnergyBusinessProcess's enumeration)."""
    text = (PROJECT / "schemas" / "ebix" / "emif-2.4" / "common" / "bdt.xsd").read_text("utf-8")
    return sorted(set(re.findall(r'<xs:enumeration value="(BRS-NO-[0-9]+)"/>', text)))


def _one_ebix_example_per_document() -> list[Path]:
    """One bundled ebIX example of every document type that has a mapping (PollForData is
    transport, not converted)."""
    from elhub_cim.mapping import document_mappings

    mapped = {
        m.message_types["ebix"].name
        for m in document_mappings().values()
        if "ebix" in m.message_types  # (624's return message is CIM only)
    }
    mapped.discard("PollForData")
    chosen: dict[str, Path] = {}
    for path in sorted((EXAMPLES / "ebix").glob("*.xml")):
        name = elhub_cim.identify(elhub_cim.parse(path)).name
        chosen.setdefault(name, path)
    assert set(chosen) >= mapped, sorted(mapped - set(chosen))
    return [chosen[name] for name in sorted(mapped)]


#: validate's verdict that a document does not serve its process: our rules' code, and Elhub's
#: own for the 611 request (rule 611-H1).
_NOT_THIS_PROCESS = {"X-NO_PROCESS_NOT_FOR_DOCUMENT", "EH055"}


@pytest.mark.parametrize("example", _one_ebix_example_per_document(), ids=lambda p: p.stem)
def test_validate_and_convert_agree_on_every_process_of_every_document(example: Path) -> None:
    """For every mapped document and every BRS the ebIX XSD lets through, validate refuses
    the process (X-NO_PROCESS_NOT_FOR_DOCUMENT, EH055) exactly where convert refuses it
    (CONVERT_UNSUPPORTED naming it): a document validate accepts converts (pipeline.validate)."""
    from elhub_cim.convert import convert

    data = example.read_bytes()
    found = re.search(rb'EnergyBusinessProcess listAgencyIdentifier="89">([^<]+)<', data)
    assert found is not None
    disagree = []
    for brs in _ebix_processes():
        other = data.replace(found[0], found[0].replace(found[1], brs.encode()))
        problems = elhub_cim.validate(other).problems
        assert not [p for p in problems if p.code.startswith("XSD")], (brs, problems)
        refused_by_validate = any(p.code in _NOT_THIS_PROCESS for p in problems)
        try:
            convert(other, to="cim")
            refused_by_convert = False
        except elhub_cim.ElhubCimError as error:
            text = str(error)
            refused_by_convert = "CONVERT_UNSUPPORTED" in text and (
                brs in text or brs.replace("BRS-NO-", "NO") in text
            )
        if refused_by_validate != refused_by_convert:
            disagree.append((brs, refused_by_validate, refused_by_convert))
    assert disagree == []


# --- bundled examples and the engine -------------------------------------------------------------


def test_every_bundled_request_passes_the_process_rules() -> None:
    for path in sorted((EXAMPLES / "ebix").glob("*.xml")) + sorted(
        (EXAMPLES / "cim").glob("*.xml")
    ):
        assert ours(path.read_bytes()) == set(), path.name


def test_instant_reads_xsd_date_times() -> None:
    assert instant("2026-05-01T00:00:00Z") == datetime.fromisoformat("2026-05-01T00:00:00+00:00")
    assert instant(" 2026-05-01T00:00:00.123456789+02:00 ").microsecond == 123456
    with pytest.raises(ValueError, match="offset"):
        instant("2026-05-01T00:00:00")


def _set(tmp_path: Path, rules: str, fields: str = "") -> Path:
    path = tmp_path / "brs-test.toml"
    path.write_text(
        'id = "T"\nmessages = ["RequestStartOfSupply"]\n[fields]\n'
        'created = { ebix = "Header/Creation" }\n'
        'start = { ebix = "PayloadMPEvent/StartOfOccurrence" }\n' + fields + rules,
        encoding="utf-8",
    )
    return path


def test_rule_files_are_checked_when_they_load(tmp_path: Path) -> None:
    window = '[[rules]]\nid = "A"\ncode = "X-1"\ncheck = "date_window"\nfield = "start"\n'
    with pytest.raises(RuleSetError, match="needs 'min' or 'max'"):
        load_rule_set(_set(tmp_path, window + 'message = "m"\n'))
    with pytest.raises(RuleSetError, match="unit must be"):
        load_rule_set(_set(tmp_path, window + 'min = 1\nunit = "weeks"\nmessage = "m"\n'))
    limited = window + 'min = 1\nprocesses = ["BRS-NO-102"]\nmessage = "m"\n'
    with pytest.raises(RuleSetError, match="need a 'process' field"):
        load_rule_set(_set(tmp_path, limited))
    process = 'process = { ebix = "ProcessEnergyContext/EnergyBusinessProcess" }\n'
    rule_set = load_rule_set(_set(tmp_path, limited, process))
    assert rule_set.rules[0].processes == frozenset({"BRS-NO-102"})


def test_rules_limited_to_messages(tmp_path: Path) -> None:
    rule = (
        '[[rules]]\nid = "A"\ncode = "X-1"\ncheck = "midnight"\nfield = "start"\n'
        'message = "{field}"\nmessages = ["{name}"]\n'
    )
    data = from_domain(start_request(start=datetime(2026, 5, 1, 3, tzinfo=NORWAY)), "ebix")
    document, message_type = elhub_cim.check(data)
    hit = load_rule_set(_set(tmp_path, rule.replace("{name}", "RequestStartOfSupply")))
    assert [p.code for p in check(document, message_type, rule_sets=[hit])] == ["X-1"]
    miss = load_rule_set(_set(tmp_path, rule.replace("{name}", "RequestEndOfSupply")))
    assert check(document, message_type, rule_sets=[miss]) == []


def test_rule_pages_are_fresh_and_list_our_codes() -> None:
    for rule_set in default_rule_sets():
        page = PROJECT / "docs" / "rules" / f"{rule_set.id.lower()}.md"
        text = page.read_text(encoding="utf-8") if page.exists() else ""
        assert text == rules_markdown(rule_set), (
            f"regenerate {page.relative_to(PROJECT)}: python -m elhub_cim.rules"
        )
        if rule_set.id in OURS:
            for rule in rule_set.rules:
                assert rule.code.startswith("X-NO")
                assert f"`{rule.code}`" in text


#: EMIF messages, the document type (and its list agency) of Elhub's own example of each, and
#: another of Elhub's types; those the start/end-of-supply, 611 and master-data sets hold are not
#: repeated here (SOS-D1, EOS-D1, 611-H2/H3, MD-2/3, TPA-2).
ELHUB_TYPES = [
    ("ConfirmStartOfSupply", "414", "6", "406"),
    ("RejectEndOfSupply", "406", "6", "414"),
    ("NotifyStartOfSupply", "414", "6", "392"),
    ("NotifyMeteringPointCharacteristics", "21", "6", "414"),
    ("RequestDataFromElhub", "21", "6", "392"),
    ("CollectedData", "E13", "260", "E66"),
    ("NotifyValidatedDataForBillingEnergy", "E66", "260", "E13"),
    ("RequestUpdateSharedProduction", "E58", "260", "E10"),
    ("ResponseUpfrontMeteringPointCharacteristics", "E07", "260", "E10"),
]


def _typed(data: bytes, code: str, agency: str) -> bytes:
    """``data`` (an ebIX document) with its Header/DocumentType set to ``code`` and ``agency``."""
    return re.sub(
        rb'<(\w+:)?DocumentType listAgencyIdentifier="[^"]*">[^<]*<',
        f'<\\g<1>DocumentType listAgencyIdentifier="{agency}">{code}<'.encode(),
        data,
        count=1,
    )


@pytest.mark.parametrize(("message", "code", "agency", "other"), ELHUB_TYPES)
def test_every_emif_message_has_the_document_type_of_elhubs_example(
    message: str, code: str, agency: str, other: str
) -> None:
    """validate accepted each of these messages with another of Elhub's document types (or the
    list agency of another kind of code): the EMIF XSD lets any through, convert refuses it
    (CONVERT_LOSS: the CIM document has one type) and Elhub identifies a message by it."""
    example = min((EXAMPLES / "ebix").glob(f"{message}*.xml"))
    data = example.read_bytes()
    assert _typed(data, code, agency) == data  # (our example is typed as Elhub's)
    assert ours(data) == set()
    wrong = elhub_cim.validate(_typed(data, other, agency)).problems
    assert [p.code for p in wrong] == ["X-NO_DOCUMENT_TYPE"], wrong
    assert wrong[0].path == f"/{message}/Header/DocumentType"
    from elhub_cim.replies import reason_codes

    assert reason_codes(wrong) == ["EH011"]
    from elhub_cim.convert import convert

    assert convert(data, to="cim").data  # (the type convert writes back)
    with pytest.raises(elhub_cim.ElhubCimError) as refused:
        convert(_typed(data, other, agency), to="cim")
    assert "CONVERT_LOSS" in {p.code for p in refused.value.problems}
    other_agency = "260" if agency == "6" else "6"
    wrong = elhub_cim.validate(_typed(data, code, other_agency)).problems
    assert [p.code for p in wrong] == ["X-NO_DOCUMENT_TYPE"], wrong
    assert wrong[0].path == f"/{message}/Header/DocumentType/@listAgencyIdentifier"
    assert reason_codes(wrong) == ["EH025"]


@pytest.mark.parametrize("message", ["RequestStartOfSupply", "RequestEndOfSupply"])
def test_a_request_with_the_list_agency_of_another_kind_of_code_is_a_finding(
    message: str,
) -> None:
    data = min((EXAMPLES / "ebix").glob(f"{message}*.xml")).read_bytes()
    code = {"RequestStartOfSupply": "392", "RequestEndOfSupply": "432"}[message]
    wrong = elhub_cim.validate(_typed(data, code, "260")).problems
    assert [p.code for p in wrong] == ["X-NO_DOCUMENT_TYPE"], wrong


def test_the_document_types_are_those_of_elhubs_examples(emif_reference: Path) -> None:
    """Each type held is that of Elhub's example of the message, which passes the rule."""
    for message, code, agency, _ in ELHUB_TYPES:
        data = (emif_reference / "examples" / f"{message}.xml").read_bytes()
        assert _typed(data, code, agency) == data, message
        document = elhub_cim.parse(data)  # (one example fails its XSD: the rules judge the tree)
        found = check(document, elhub_cim.identify(document))
        assert "X-NO_DOCUMENT_TYPE" not in {p.code for p in found}, message


def _agree(data: bytes) -> tuple[bool, bool]:
    """Whether validate finds an error in ``data``, and whether convert refuses it."""
    from elhub_cim.convert import convert

    judged = any(p.severity == "error" for p in elhub_cim.validate(data).problems)
    try:
        convert(data, to="cim")
    except elhub_cim.ElhubCimError:
        return judged, True
    return judged, False


#: One example of each mapped ebIX message (PollForData is transport: convert takes none).
_ONE_OF_EACH = {
    path.name.split("-")[0].removesuffix(".xml"): path
    for path in sorted((EXAMPLES / "ebix").glob("*.xml"), reverse=True)
    if not path.name.startswith("PollForData")
}


@pytest.mark.parametrize("message", sorted(_ONE_OF_EACH))
def test_validate_refuses_every_document_type_convert_refuses(message: str) -> None:
    """For each message, every document type our examples carry (with its agency, and with the
    other kind's agency): validate finds an error exactly where convert refuses. Twelve
    messages without an Elhub example passed validate with any type that convert refused."""
    data = _ONE_OF_EACH[message].read_bytes()
    found = re.search(rb'DocumentType listAgencyIdentifier="([^"]*)">([^<]*)<', data)
    assert found is not None
    agency, own = found.group(1).decode(), found.group(2).decode()
    assert _agree(data) == (False, False)
    types = {"294", "414", "432", "406", "392", "21", "E65", "E58", "E66", "E39", "E10", "E07"}
    for code in sorted(types - {own}):
        judged, refused = _agree(_typed(data, code, "260" if code.startswith("E") else "6"))
        assert judged == refused, (message, code, judged, refused)
    judged, refused = _agree(_typed(data, own, "260" if agency == "6" else "6"))
    assert judged == refused, (message, "agency", judged, refused)
