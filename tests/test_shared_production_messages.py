"""BRS-NO-701 shared production: domain models, mapping table, business rules, round trips.

Hypothesis runs the ``ci`` profile (50 examples) unless ``HYPOTHESIS_PROFILE=deep`` (1000).
The profiles are applied to this module's tests only; nothing global is loaded here.
"""

from __future__ import annotations

import itertools
import os
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from pydantic import ValidationError
from stdnum import ean

import elhub_cim
from elhub_cim.convert import ConversionLossError, Target, convert, from_domain, to_domain
from elhub_cim.core.errors import Problem, SchemaViolationError
from elhub_cim.core.profile import to_oslo
from elhub_cim.domain import Header, Role
from elhub_cim.domain.shared_production import (
    MAX_PARTICIPANTS,
    CalculationStatus,
    FormulaType,
    SharedProductionDocument,
    SharedProductionNotification,
    SharedProductionParticipant,
    SharedProductionUpdateRequest,
    UpdateIndicator,
    VirtualCalculation,
    check_shared_production,
    is_valid_gsrn,
)
from elhub_cim.domain.types import Brs, Timestamp
from elhub_cim.mapping import document_mappings
from elhub_cim.mapping.report import uncovered
from tests.conftest import PROJECT_ROOT
from tests.strategies import repetitions
from tests.xmlcompare import assert_same_xml

# Profiles "ci" and "deep" are registered in tests/conftest.py.
PROFILE = settings.get_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

EBIX_EXAMPLES = sorted((PROJECT_ROOT / "examples" / "ebix").glob("*SharedProduction*.xml"))
CIM_EXAMPLES = sorted((PROJECT_ROOT / "examples" / "cim").glob("*SharedProduction*.xml"))
DOCUMENTS = ("shared_production_update_request", "shared_production_notification")


def _standard(path: Path) -> Target:
    return "ebix" if path.parent.name == "ebix" else "cim"


def _other(path: Path) -> Target:
    return "cim" if _standard(path) == "ebix" else "ebix"


# --- the bundled examples ------------------------------------------------------------------------


def test_examples_exist_for_both_documents_in_both_standards() -> None:
    roots = {etree.QName(etree.parse(str(p)).getroot()).localname for p in EBIX_EXAMPLES}
    assert roots == {"RequestUpdateSharedProduction", "NotifySharedProduction"}
    roots = {etree.QName(etree.parse(str(p)).getroot()).localname for p in CIM_EXAMPLES}
    assert roots == {
        "RequestChangeSharedProduction_MarketDocument",
        "NotifySharedProduction_MarketDocument",
    }


@pytest.mark.parametrize("path", EBIX_EXAMPLES + CIM_EXAMPLES, ids=lambda p: p.name)
def test_example_converts_to_the_other_standard_and_back_exactly(path: Path) -> None:
    original = path.read_bytes()
    there = convert(original, to=_other(path))
    assert there.losses == ()
    back = convert(there.data, to=_standard(path))
    assert_same_xml(original, back.data)
    assert back.document == there.document
    assert isinstance(there.document, SharedProductionDocument)
    assert check_shared_production(there.document) == []


@pytest.mark.parametrize("path", EBIX_EXAMPLES + CIM_EXAMPLES, ids=lambda p: p.name)
def test_example_reads_into_the_same_domain_document_as_its_conversion(path: Path) -> None:
    document = to_domain(path)
    converted = convert(path, to=_other(path))
    assert to_domain(converted.data) == document


def test_manual_request_reads_into_the_expected_domain_values() -> None:
    document = to_domain(PROJECT_ROOT / "examples" / "ebix" / "RequestUpdateSharedProduction.xml")
    assert isinstance(document, SharedProductionUpdateRequest)
    assert document.update_indicator is UpdateIndicator.ADD
    assert document.start == "2026-07-01T00:00:00+02:00"
    calculation = document.calculation
    assert calculation.formula_type is FormulaType.MANUAL
    assert calculation.id == "0e760181-a18b-4607-b070-a627f3010687"
    assert [c.metering_point for c in calculation.contributors] == ["707057500619470813"]
    assert [c.share for c in calculation.contributors] == [None]
    shares = [r.share for r in calculation.recipients]
    assert shares == [Decimal("0.500000"), Decimal("0.300000"), Decimal("0.200000")]
    assert all(isinstance(s, Decimal) for s in shares)
    assert [format(s, "f") for s in shares if s is not None] == ["0.500000", "0.300000", "0.200000"]


def test_notification_reads_version_status_and_period() -> None:
    path = PROJECT_ROOT / "examples" / "ebix" / "NotifySharedProduction.xml"
    document = to_domain(path)
    assert isinstance(document, SharedProductionNotification)
    assert document.version == 2
    assert document.version_status is CalculationStatus.ACTIVE
    assert document.end == "2027-01-01T00:00:00+01:00"
    assert document.calculation.contributors[0].share == Decimal("1.000000")


def test_cim_roles_follow_the_direction_of_each_document() -> None:
    examples = PROJECT_ROOT / "examples" / "ebix"
    request = convert(examples / "RequestUpdateSharedProduction.xml", "cim")
    notification = convert(examples / "NotifySharedProduction.xml", "cim")
    for data, sender, receiver in ((request.data, "DDM", "DDZ"), (notification.data, "DDZ", "DDM")):
        root = etree.fromstring(data)
        ns = {"c": etree.QName(root).namespace}
        roles = [
            root.findtext(f"c:{party}_MarketParticipant.marketRole.type", namespaces=ns)
            for party in ("sender", "receiver")
        ]
        assert roles == [sender, receiver]
        assert root.findtext("c:process.processType", namespaces=ns) == "NO701"


def test_delete_without_participants_round_trips() -> None:
    path = PROJECT_ROOT / "examples" / "ebix" / "RequestUpdateSharedProduction-delete.xml"
    document = to_domain(path)
    assert isinstance(document, SharedProductionUpdateRequest)
    assert document.update_indicator is UpdateIndicator.DELETE
    assert not document.calculation.has_participants
    cim = etree.fromstring(from_domain(document, "cim"))
    assert not [e for e in cim.iter() if "MarketEvaluationPoint" in str(e.tag)]


def test_record_mrid_must_equal_the_document_mrid() -> None:
    path = PROJECT_ROOT / "examples" / "cim" / "RequestChangeSharedProduction_BRS-NO-701.xml"
    data = path.read_bytes()
    changed = re.sub(
        rb"(<MktActivityRecord>\s*<mRID>)[^<]+",
        rb"\g<1>11111111-2222-4333-8444-555555555555",
        data,
    )
    assert changed != data
    with pytest.raises(ConversionLossError) as caught:
        convert(changed, to="ebix")
    assert "MktActivityRecord/mRID" in str(caught.value)


# --- Elhub's reference example -------------------------------------------------------------------


def test_elhub_reference_request_is_refused_with_the_schema_error(emif_reference: Path) -> None:
    path = emif_reference / "examples" / "RequestUpdateSharedProduction.xml"
    with pytest.raises(SchemaViolationError) as caught:
        convert(path, to="cim")
    first = caught.value.problems[0]
    assert first.code == "XSD_VALUE"
    assert first.line == 44
    assert first.path == (
        "/RequestUpdateSharedProduction/PayloadMasterDataMPEvent/VirtualCalculation/"
        "Participants/Recipients/Recipient[1]/Share"
    )
    assert "0,250000" in first.message
    assert [p.line for p in caught.value.problems] == [44, 50, 56, 62]


def test_elhub_reference_request_breaks_the_business_rules_too(emif_reference: Path) -> None:
    """With its decimal commas set right (here, in memory only: converters never repair), the
    reference example still names one metering point as both contributors and all recipients."""
    text = (emif_reference / "examples" / "RequestUpdateSharedProduction.xml").read_text("utf-8")
    repaired = re.sub(r"<(\w+:)?Share>(\d+),(\d+)<", r"<\1Share>\2.\3<", text)
    document = to_domain(repaired.encode())
    assert isinstance(document, SharedProductionUpdateRequest)
    codes = [p.code for p in check_shared_production(document)]
    assert "NO701_SHARE_SUM" not in codes  # 4 × 0.250000 = 1
    assert codes.count("NO701_DUPLICATE_PARTICIPANT") == 2  # among contributors, among recipients
    assert codes.count("NO701_CONTRIBUTOR_IS_RECIPIENT") == 1
    assert codes.count("NO701_METERING_POINT_ID") == 6  # Elhub's placeholder GSRN


# --- the mapping table ---------------------------------------------------------------------------


def test_table_maps_both_documents_to_the_profile_documents() -> None:
    mappings = document_mappings()
    request, notification = (mappings[name] for name in DOCUMENTS)
    assert request.model is SharedProductionUpdateRequest
    assert notification.model is SharedProductionNotification
    assert request.brs_table == notification.brs_table == "brs-no-701"
    assert request.message_types["ebix"].name == "RequestUpdateSharedProduction"
    assert request.message_types["cim"].name == "RequestChangeSharedProduction_MarketDocument"
    assert notification.message_types["ebix"].name == "NotifySharedProduction"
    assert notification.message_types["cim"].name == "NotifySharedProduction_MarketDocument"


@pytest.mark.parametrize("name", DOCUMENTS)
@pytest.mark.parametrize("side", ["ebix", "cim"])
def test_every_leaf_is_mapped_or_explained(name: str, side: str) -> None:
    assert uncovered(document_mappings()[name], side) == []  # type: ignore[arg-type]


# --- the domain model ----------------------------------------------------------------------------

CONTRIBUTOR = "707057500619470813"
RECIPIENTS = ("707057500619470981", "707057500619471049", "707057500733154026")


def _header(**changes: Any) -> Header:
    values: dict[str, Any] = {
        "document_id": "313a5f0b-e962-41d2-bc83-6d5156be8047",
        "document_type": "E58",
        "created": "2026-06-22T09:40:17+02:00",
        "sender": "7080005188463",
        "recipient": "7080001473624",
        "physical_sender": "7080005188463",
        "process": Brs.SHARED_PRODUCTION,
        "role": Role.GRID_ACCESS_PROVIDER,
    }
    values.update(changes)
    return Header.model_validate(values)


def _calculation(
    shares: list[str | None] | None = None,
    *,
    formula: FormulaType | None = FormulaType.MANUAL,
    contributors: tuple[str, ...] = (CONTRIBUTOR,),
    recipients: tuple[str, ...] = RECIPIENTS,
) -> VirtualCalculation:
    given = shares if shares is not None else ["0.500000", "0.300000", "0.200000"]
    return VirtualCalculation(
        formula_type=formula,
        contributors=[SharedProductionParticipant(metering_point=c) for c in contributors],
        recipients=[
            SharedProductionParticipant(metering_point=r, share=None if s is None else Decimal(s))
            for r, s in zip(recipients, given, strict=True)
        ],
    )


def _request(calculation: VirtualCalculation, **header: Any) -> SharedProductionUpdateRequest:
    return SharedProductionUpdateRequest(
        header=_header(**header),
        start=Timestamp("2026-07-01T00:00:00+02:00"),
        update_indicator=UpdateIndicator.ADD,
        calculation=calculation,
    )


def _notification(start: str | None, end: str | None) -> SharedProductionNotification:
    return SharedProductionNotification(
        header=_header(sender="7080001473624", recipient="7080005188463"),
        start=None if start is None else Timestamp(start),
        end=None if end is None else Timestamp(end),
        version=1,
        version_status=CalculationStatus.ACTIVE,
        calculation=_calculation(),
    )


def _codes(problems: list[Problem]) -> list[str]:
    return [p.code for p in problems]


def test_contributors_and_recipients_come_together() -> None:
    with pytest.raises(ValidationError, match="both given or both absent"):
        VirtualCalculation(contributors=[SharedProductionParticipant(metering_point=CONTRIBUTOR)])
    with pytest.raises(ValidationError, match="both given or both absent"):
        VirtualCalculation(recipients=[SharedProductionParticipant(metering_point=CONTRIBUTOR)])
    assert VirtualCalculation().has_participants is False


@pytest.mark.parametrize("share", ["1.0000001", "0.1234567", "-0.000001", "1.000001", "NaN"])
def test_share_outside_the_schema_is_refused(share: str) -> None:
    with pytest.raises(ValidationError):
        SharedProductionParticipant(metering_point=CONTRIBUTOR, share=Decimal(share))


@pytest.mark.parametrize("share", ["0", "1", "0.000001", "0.5000000", "1.000000"])
def test_share_inside_the_schema_is_kept_as_written(share: str) -> None:
    participant = SharedProductionParticipant(metering_point=CONTRIBUTOR, share=Decimal(share))
    assert participant.share is not None
    assert format(participant.share, "f") == share


def test_period_times_are_limited_to_milliseconds() -> None:
    with pytest.raises(ValidationError, match="3 decimals"):
        _notification("2026-01-01T00:00:00.1234+01:00", None)
    assert _notification("2026-01-01T00:00:00.123+01:00", None).start is not None


def test_at_most_1000_participants() -> None:
    points = [f"7070575{n:010d}" for n in range(1001)]
    points = [p + ean.calc_check_digit(p) for p in points]
    participants = [SharedProductionParticipant(metering_point=p) for p in points]
    with pytest.raises(ValidationError):
        VirtualCalculation(contributors=participants[:1], recipients=participants)
    assert VirtualCalculation(contributors=participants[:1], recipients=participants[1:])


# --- business rules (check_shared_production) ---------------------------------------------------


def test_manual_shares_summing_to_one_are_accepted() -> None:
    assert check_shared_production(_request(_calculation())) == []
    # 0.1 + 0.2 + 0.7 is not 1 in binary floating point; it is in Decimal.
    assert check_shared_production(_request(_calculation(["0.1", "0.2", "0.7"]))) == []


def test_manual_shares_not_summing_to_one_are_refused() -> None:
    problems = check_shared_production(_request(_calculation(["0.333333"] * 3)))
    assert _codes(problems) == ["NO701_SHARE_SUM"]
    assert "0.999999" in problems[0].message
    assert problems[0].path == "calculation.recipients"
    over = check_shared_production(_request(_calculation(["0.5", "0.5", "0.000001"])))
    assert _codes(over) == ["NO701_SHARE_SUM"]
    assert "1.000001" in over[0].message


def test_manual_key_needs_every_share() -> None:
    problems = check_shared_production(_request(_calculation(["0.5", None, "0.5"])))
    assert _codes(problems) == ["NO701_SHARE_MISSING"]
    assert problems[0].path == "calculation.recipients[2].share"


def test_other_keys_do_not_need_shares_summing_to_one() -> None:
    for formula in (FormulaType.EQUALLY_DISTRIBUTED, FormulaType.CONSUMPTION_BASED, None):
        calculation = _calculation([None, "0.2", None], formula=formula)
        assert check_shared_production(_request(calculation)) == []


def test_duplicate_recipient_is_refused() -> None:
    calculation = _calculation(
        ["0.5", "0.25", "0.25"], recipients=(RECIPIENTS[0], RECIPIENTS[1], RECIPIENTS[0])
    )
    problems = check_shared_production(_request(calculation))
    assert _codes(problems) == ["NO701_DUPLICATE_PARTICIPANT"]
    assert RECIPIENTS[0] in problems[0].message
    assert "positions 1, 3" in problems[0].message


def test_duplicate_contributor_is_refused() -> None:
    calculation = _calculation(contributors=(CONTRIBUTOR, CONTRIBUTOR))
    problems = check_shared_production(_request(calculation))
    assert _codes(problems) == ["NO701_DUPLICATE_PARTICIPANT"]
    assert problems[0].path == "calculation.contributors"


def test_distinct_participants_are_accepted() -> None:
    second = "707057500842100112"
    calculation = _calculation(contributors=(CONTRIBUTOR, second))
    assert check_shared_production(_request(calculation)) == []


def test_contributor_as_recipient_is_refused() -> None:
    calculation = _calculation(recipients=(RECIPIENTS[0], CONTRIBUTOR, RECIPIENTS[2]))
    problems = check_shared_production(_request(calculation))
    assert _codes(problems) == ["NO701_CONTRIBUTOR_IS_RECIPIENT"]
    assert problems[0].path == "calculation.recipients[2]"


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("2026-08-01T00:00:00+02:00", "2027-01-01T00:00:00+01:00"),
        ("2026-08-01T00:00:00+02:00", "2026-07-31T22:00:00.001Z"),  # one millisecond later
        ("2026-08-01T00:00:00+02:00", None),
        (None, "2027-01-01T00:00:00+01:00"),
        (None, None),
    ],
)
def test_consistent_period_is_accepted(start: str | None, end: str | None) -> None:
    assert check_shared_production(_notification(start, end)) == []


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("2027-01-01T00:00:00+01:00", "2026-08-01T00:00:00+02:00"),  # end before start
        ("2026-08-01T00:00:00+02:00", "2026-07-31T22:00:00Z"),  # the same instant
    ],
)
def test_inconsistent_period_is_refused(start: str, end: str) -> None:
    problems = check_shared_production(_notification(start, end))
    assert _codes(problems) == ["NO701_PERIOD"]
    assert problems[0].path == "end"


def test_other_process_is_refused() -> None:
    problems = check_shared_production(_request(_calculation(), process=Brs.MOVE_IN))
    assert _codes(problems) == ["NO701_PROCESS"]


def test_metering_point_ids_need_valid_gsrns() -> None:
    bad_check_digit = RECIPIENTS[0][:-1] + str((int(RECIPIENTS[0][-1]) + 1) % 10)
    bad_prefix = "123456789012345678"
    calculation = _calculation(recipients=(bad_check_digit, RECIPIENTS[1], bad_prefix))
    problems = check_shared_production(_request(calculation))
    assert _codes(problems) == ["NO701_METERING_POINT_ID"] * 2
    assert [p.path for p in problems] == [
        "calculation.recipients[1].metering_point",
        "calculation.recipients[3].metering_point",
    ]


def test_problems_carry_the_file_name() -> None:
    problems = check_shared_production(_request(_calculation(["0.2"] * 3)), file="in.xml")
    assert [p.format() for p in problems] == [
        "in.xml: NO701_SHARE_SUM the recipients' shares of a manual key must sum to exactly 1; "
        "they sum to 0.6 [calculation.recipients]"
    ]


@given(st.text("0123456789", min_size=10, max_size=10))
@settings(PROFILE)
def test_gsrn_check_agrees_with_gs1(body: str) -> None:
    number = "7070575" + body
    assert is_valid_gsrn(number + ean.calc_check_digit(number))
    wrong = str((int(ean.calc_check_digit(number)) + 1) % 10)
    assert not is_valid_gsrn(number + wrong)


# --- property tests: random valid documents ------------------------------------------------------

OFFSETS = ("Z", "+01:00", "+02:00", "+00:00", "-03:30")
TEXT = st.characters(codec="utf-8", exclude_categories=["Cc", "Cs", "Cn", "Co"])


def _gs1(prefix: str, length: int) -> st.SearchStrategy[str]:
    size = length - 1 - len(prefix)
    body = st.text("0123456789", min_size=size, max_size=size)
    return body.map(lambda digits: prefix + digits + ean.calc_check_digit(prefix + digits))


GLNS = _gs1("70", 13)
GSRNS = _gs1("7070575", 18)
UUIDS = st.uuids().map(str)


@st.composite
def _timestamps(draw: st.DrawFn, decimals: int) -> Timestamp:
    year = draw(st.integers(2024, 2028))
    month, day = draw(st.integers(1, 12)), draw(st.integers(1, 28))
    hour, minute = draw(st.integers(0, 23)), draw(st.integers(0, 59))
    second = draw(st.integers(0, 59))
    digits = draw(st.integers(0, decimals))
    fraction = draw(st.text("0123456789", min_size=digits, max_size=digits))
    text = f"{year}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:{second:02d}"
    written = text + (f".{fraction}" if fraction else "") + draw(st.sampled_from(OFFSETS))
    return Timestamp(to_oslo(written))  # Elhub's convention (R3)


@st.composite
def _shares(draw: st.DrawFn, micros: int) -> Decimal:
    """``micros`` millionths written with 0 to 6 decimals (as many as it needs at least)."""
    places = [p for p in range(7) if micros % 10 ** (6 - p) == 0]
    scale = draw(st.sampled_from(places))
    return Decimal(micros).scaleb(-6).quantize(Decimal(1).scaleb(-scale))


@st.composite
def _summing_to_one(draw: st.DrawFn, count: int) -> list[Decimal]:
    cuts = sorted(draw(st.lists(st.integers(0, 10**6), min_size=count - 1, max_size=count - 1)))
    bounds = [0, *cuts, 10**6]
    return [draw(_shares(b - a)) for a, b in itertools.pairwise(bounds)]


def _optional(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.none() | strategy


def _distinct_points(draw: st.DrawFn, count: int) -> list[str]:
    """``count`` distinct GSRNs: up to six drawn, the rest numbered from a drawn serial."""
    points = draw(st.lists(GSRNS, unique=True, min_size=min(count, 6), max_size=min(count, 6)))
    serial = draw(st.integers(0, 10**9))
    taken = set(points)
    while len(points) < count:
        body = f"7070575{serial % 10**10:010d}"
        serial += 1
        point = body + ean.calc_check_digit(body)
        if point not in taken:
            taken.add(point)
            points.append(point)
    return points


@st.composite
def calculations(draw: st.DrawFn) -> VirtualCalculation:
    formula = draw(_optional(st.sampled_from(FormulaType)))
    contributors: list[SharedProductionParticipant] = []
    recipients: list[SharedProductionParticipant] = []
    if draw(st.integers(0, 4)):  # participants in four of five
        # Up to 1 000 of each kind (the XSD maximum; deep profile, ci at most 8): a few drawn
        # metering points, the rest made distinct; shares cycle over a few drawn values.
        n_contributors = draw(repetitions(MAX_PARTICIPANTS, min_size=1))
        n_recipients = draw(repetitions(MAX_PARTICIPANTS, min_size=1))
        points = _distinct_points(draw, n_contributors + n_recipients)
        any_share = _optional(st.integers(0, 10**6).flatmap(_shares))
        drawn_shares = draw(st.lists(any_share, min_size=1, max_size=6))
        contributors = [
            SharedProductionParticipant(metering_point=p, share=drawn_shares[i % len(drawn_shares)])
            for i, p in enumerate(points[:n_contributors])
        ]
        if formula is FormulaType.MANUAL and n_recipients <= 6:
            shares: list[Decimal | None] = list(draw(_summing_to_one(n_recipients)))
        elif formula is FormulaType.MANUAL:  # many: millionths as even as they go, summing to 1
            base, extra = divmod(10**6, n_recipients)
            shares = [Decimal(base + (i < extra)).scaleb(-6) for i in range(n_recipients)]
        else:
            shares = [drawn_shares[-1 - i % len(drawn_shares)] for i in range(n_recipients)]
        recipients = [
            SharedProductionParticipant(metering_point=p, share=s)
            for p, s in zip(points[n_contributors:], shares, strict=True)
        ]
    return VirtualCalculation(
        id=draw(_optional(UUIDS)),
        name=draw(_optional(st.text(TEXT, min_size=1, max_size=50))),
        description=draw(_optional(st.text(TEXT, min_size=1, max_size=100))),
        formula_type=formula,
        contributors=contributors,
        recipients=recipients,
    )


@st.composite
def headers(draw: st.DrawFn) -> Header:
    sender = draw(GLNS)
    return Header(
        document_id=draw(UUIDS),
        document_type="E58",
        created=draw(_timestamps(9)),
        sender=sender,
        recipient=draw(GLNS),
        physical_sender=draw(st.just(sender) | GLNS),
        process=Brs.SHARED_PRODUCTION,
        role=draw(st.sampled_from([Role.GRID_ACCESS_PROVIDER, Role.BALANCE_SUPPLIER])),
        acknowledgement_requested=draw(_optional(st.booleans())),
    )


@st.composite
def update_requests(draw: st.DrawFn) -> SharedProductionUpdateRequest:
    return SharedProductionUpdateRequest(
        header=draw(headers()),
        start=draw(_optional(_timestamps(3))),
        update_indicator=draw(st.sampled_from(UpdateIndicator)),
        calculation=draw(calculations()),
    )


@st.composite
def notifications(draw: st.DrawFn) -> SharedProductionNotification:
    start, end = draw(_optional(_timestamps(3))), draw(_optional(_timestamps(3)))
    if start is not None and end is not None:
        if start.datetime == end.datetime:
            end = None
        elif end.datetime < start.datetime:
            start, end = end, start
    return SharedProductionNotification(
        header=draw(headers()),
        start=start,
        end=end,
        version=draw(_optional(st.integers(0, 9999))),
        version_status=draw(_optional(st.sampled_from(CalculationStatus))),
        calculation=draw(calculations()),
    )


documents = update_requests() | notifications()


@given(documents)
@settings(PROFILE)
def test_random_documents_keep_the_business_rules(document: SharedProductionDocument) -> None:
    assert check_shared_production(document) == []


@given(documents)
@settings(PROFILE)
def test_domain_to_ebix_to_cim_to_ebix_is_exact(document: SharedProductionDocument) -> None:
    ebix = from_domain(document, "ebix")  # validated against the EMIF XSD on the way out
    assert elhub_cim.validate(ebix).valid
    cim = convert(ebix, to="cim")  # validated against the profile XSD on the way out
    assert elhub_cim.validate(cim.data).valid
    back = convert(cim.data, to="ebix")
    assert_same_xml(ebix, back.data)


@given(documents)
@settings(PROFILE)
def test_domain_to_cim_to_domain_is_identity(document: SharedProductionDocument) -> None:
    sides: tuple[Target, ...] = ("cim", "ebix")
    for side in sides:
        again = to_domain(from_domain(document, side))
        assert again == document
        # Equal as values and as written: 0.5 and 0.500000 are equal Decimals, not equal texts.
        assert again.model_dump(mode="json") == document.model_dump(mode="json")


# --- limitations (engine and domain types), kept visible ------------------------------------------


def _notify_example() -> str:
    return (PROJECT_ROOT / "examples" / "ebix" / "NotifySharedProduction.xml").read_text("utf-8")


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("<abie:Share>0.333334</abie:Share>", "<abie:Share>+0.333334</abie:Share>"),
        ("<abie:Share>1.000000</abie:Share>", "<abie:Share>1.</abie:Share>"),
        ("<abie:Version>2</abie:Version>", "<abie:Version>02</abie:Version>"),
    ],
    ids=["plus-sign", "trailing-point", "leading-zero"],
)
@pytest.mark.xfail(
    strict=True,
    reason="limitation: shares are Decimal and the version an int, so a valid but non-canonical "
    "lexical form ('+0.333334', '1.', '02') comes back canonical ('0.333334', '1', '2'): the value "
    "round-trips, the text does not (R4 asks for a lexical copy)",
)
def test_non_canonical_numbers_round_trip_lexically(old: str, new: str) -> None:
    data = _notify_example().replace(old, new).encode()
    assert elhub_cim.validate(data).valid
    back = convert(convert(data, to="cim").data, to="ebix")
    assert_same_xml(data, back.data)


def test_non_canonical_numbers_keep_their_value() -> None:
    text = _notify_example()
    data = text.replace("<abie:Share>0.333334<", "<abie:Share>+0.333334<").encode()
    assert to_domain(data) == to_domain(text.encode())


def test_timestamp_with_surrounding_whitespace_converts() -> None:
    # xs:dateTime collapses whitespace: Timestamp strips it (found by this test as an xfail).
    data = (
        _notify_example()
        .replace(
            "<abie:StartOfOccurrence>2026-08-01T00:00:00+02:00<",
            "<abie:StartOfOccurrence>\n  2026-08-01T00:00:00+02:00\n<",
        )
        .encode()
    )
    assert elhub_cim.validate(data).valid
    plain = _notify_example().encode()
    # the same document as without the whitespace: the same domain value and the same CIM text
    assert to_domain(data) == to_domain(plain)
    converted = convert(data, to="cim")
    assert converted.losses == ()
    assert converted.data == convert(plain, to="cim").data
    start = etree.fromstring(converted.data).find(".//{*}start_DateAndOrTime.dateTime")
    assert start is not None
    assert start.text == "2026-07-31T22:00:00Z"  # midnight in Oslo, in UTC (profile 0.2)
