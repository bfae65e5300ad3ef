"""Validated values for billing (BRS-NO-313, 324): NotifyValidatedDataForBillingEnergy ⇄ the
profile's NotifyValidatedMeasureData_MarketDocument (the Nordic 2025 document, extended).

Generated documents (interval series of 1 to 200 points, 15-minute and hourly, from Oslo
midnight of days that are often daylight-saving days, with metered, estimated, temporary and
calculated values; profiled observations) convert ebIX → CIM → ebIX exactly, domain → CIM (XML
and JSON) → domain is the identity, the ebIX is valid against Elhub's XSD, the Nordic projection
against the 2025 NotifyValidatedMeasureData XSD (reporting exactly what it drops), and the
metering rules find nothing. Elhub's own example converts exactly both ways."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from elhub_cim.convert import convert, from_domain, to_domain
from elhub_cim.core.errors import ElhubCimError
from elhub_cim.core.profile import to_oslo
from elhub_cim.domain import (
    BillingSeries,
    BusinessType,
    EnergyProduct,
    FlowDirection,
    ObservationPeriod,
    ProfiledKind,
    ProfiledObservation,
    QuantityQuality,
    Resolution,
    Role,
    SeriesPoint,
    ValidatedDataForBilling,
)
from elhub_cim.domain.metering import MAX_POINTS
from elhub_cim.domain.types import Timestamp
from elhub_cim.formats.cimjson import to_json
from elhub_cim.formats.nordic import from_nordic, project
from tests.conftest import PROJECT_ROOT
from tests.strategies import DST_DAYS, ELHUB_GLN, glns, gsrns, headers, optional, uuids
from tests.strategies import timestamps as stamps
from tests.test_projection import _check_projection
from tests.test_properties import _check_against_elhub
from tests.xmlcompare import assert_same_xml, canonical

EXAMPLE = PROJECT_ROOT / "examples" / "ebix" / "NotifyValidatedDataForBillingEnergy.xml"
CIM_EXAMPLE = PROJECT_ROOT / "examples" / "cim" / "NotifyValidatedMeasureData_BRS-NO-324.xml"
OSLO = ZoneInfo("Europe/Oslo")
STEP = {Resolution.PT15M: timedelta(minutes=15), Resolution.PT1H: timedelta(hours=1)}


def _oslo(moment: datetime) -> Timestamp:
    """Elhub's convention for an instant: Europe/Oslo offset, whole seconds."""
    return Timestamp(to_oslo(moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")))


def _point(rng: random.Random, position: int) -> SeriesPoint:
    quantity = Decimal(rng.randint(0, 10**9)).scaleb(-rng.randint(0, 3))
    kind = rng.random()
    if kind < 0.85:
        return SeriesPoint(position=position, quantity=quantity)
    if kind < 0.9:
        return SeriesPoint(
            position=position,
            quantity=quantity,
            quality=QuantityQuality.ESTIMATED,
            estimated_quality=rng.choice(["56", "81"]),
            validation_code=rng.choice(["V001", "V002", "V999"]),
            estimation_code=rng.choice(["E001", "E004", "E008"]),
        )
    if kind < 0.95:
        return SeriesPoint(
            position=position,
            quantity=quantity,
            quality=QuantityQuality.TEMPORARY,
            validation_code=rng.choice(["V003", "V011"]),
            estimation_code=rng.choice([None, "E002"]),
        )
    return SeriesPoint(  # calculated values may be negative
        position=position,
        quantity=-quantity if rng.random() < 0.5 else quantity,
        quality=QuantityQuality.CALCULATED,
        imbalance_settlement=rng.choice([None, True]),
    )


PROFILED = [
    ProfiledObservation(
        kind=ProfiledKind.METERED, quantity=Decimal("71.000"), meter_read_reason="1"
    ),
    ProfiledObservation(kind=ProfiledKind.ESTIMATED, quantity=Decimal("-3.5")),
    ProfiledObservation(kind=ProfiledKind.STIPULATED, quantity=Decimal(2), meter_read_reason="4"),
    ProfiledObservation(kind=ProfiledKind.WITHDRAWN),
]


@st.composite
def series(draw: st.DrawFn, max_points: int = 200) -> BillingSeries:
    day = draw(st.sampled_from(DST_DAYS) | st.dates(date(2024, 1, 1), date(2027, 12, 30)))
    start = datetime(day.year, day.month, day.day, tzinfo=OSLO).astimezone(UTC)
    rng = random.Random(draw(st.integers(0, 2**32)))
    common = {
        "id": draw(uuids),
        "registered": draw(stamps(max_decimals=9)),
        "inserted": draw(optional(stamps(max_decimals=9))),
        "request_reference": draw(optional(uuids)),
        "product": EnergyProduct(
            identification="8716867000030", unit=draw(st.sampled_from(["kWh", "kvarh"]))
        ),
        "direction": draw(st.sampled_from(list(FlowDirection))),
        "business_type": draw(optional(st.sampled_from(list(BusinessType)))),
        "metering_point": draw(optional(gsrns)),
        "grid_area": draw(optional(st.from_regex(r"50Y[A-Z0-9]{12}[A-Z0-9-]", fullmatch=True))),
        "balance_responsible": draw(optional(glns)),
        "balance_supplier": draw(optional(glns)),
    }
    if draw(st.integers(0, 4)) == 0:  # a profiled observation for a whole day
        following = day + timedelta(days=1)
        end = datetime(following.year, following.month, following.day, tzinfo=OSLO)
        period = ObservationPeriod(start=_oslo(start), end=_oslo(end))
        return BillingSeries(**common, period=period, profiled=draw(st.sampled_from(PROFILED)))
    resolution = draw(st.sampled_from([Resolution.PT15M, Resolution.PT1H]))
    step = STEP[resolution]
    if max_points >= 100 and draw(st.booleans()):  # the whole Oslo day: 23, 24 or 25 hours
        following = day + timedelta(days=1)
        end = datetime(following.year, following.month, following.day, tzinfo=OSLO)
        count = int((end.astimezone(UTC) - start) / step)
    else:
        start += step * draw(st.integers(0, 30))
        count = draw(st.integers(1, max_points))
    period = ObservationPeriod(
        resolution=resolution, start=_oslo(start), end=_oslo(start + step * count)
    )
    points = [_point(rng, position) for position in range(1, count + 1)]
    return BillingSeries(**common, period=period, points=points)


@st.composite
def notifications(draw: st.DrawFn, max_points: int = 200) -> ValidatedDataForBilling:
    """Documents of 1 to 3 series; ``max_points`` below 100 leaves out whole days (the compiled
    plans' comparison runs every document several times: small ones keep it fast)."""
    header = draw(
        headers(
            "E66",
            draw(st.sampled_from(["BRS-NO-313", "BRS-NO-324"])),
            draw(st.sampled_from([Role.BALANCE_SUPPLIER, Role.GRID_ACCESS_PROVIDER])),
        )
    )
    header = header.model_copy(update={"sender": ELHUB_GLN, "physical_sender": ELHUB_GLN})
    found = draw(st.lists(series(max_points), min_size=1, max_size=3))
    found = [s.model_copy(update={"id": f"{i:08x}" + s.id[8:]}) for i, s in enumerate(found)]
    return ValidatedDataForBilling(header=header, series=found)


@given(notifications())
def test_round_trips(document: ValidatedDataForBilling) -> None:
    ebix = from_domain(document, to="ebix")
    cim = convert(ebix, to="cim")
    assert cim.losses == ()
    # The metering rules (positions, grid) hold for what we generate (random EICs may fail
    # their check digit: a warning of another rule set).
    assert [p for p in cim.findings if p.code.startswith("X-METER")] == []
    assert cim.document == document
    back = convert(cim.data, to="ebix")
    assert canonical(back.data) == canonical(ebix)
    assert to_domain(cim.data) == document
    assert to_domain(to_json(cim.data)) == document  # CIM JSON too


def test_generated_documents_are_valid_for_elhub_and_project_validly(
    emif_reference: Path, ediel_reference: Path
) -> None:
    @given(notifications())
    def check(document: ValidatedDataForBilling) -> None:
        _check_against_elhub(from_domain(document, to="ebix"), emif_reference / "bim")
        # The 2025 XSD; losses computed independently from it. A series the Nordic document
        # cannot hold (profiled, no metering point) is dropped whole, every leaf reported.
        cim = from_domain(document, to="cim")
        _check_projection(cim, ediel_reference / "opengeh-edi-2025" / "xsd")
        complete = [s.points != [] and s.metering_point is not None for s in document.series]
        assert project(cim).data.count(b"<Series>") == sum(complete)

    check()


def test_elhubs_example_converts_exactly_both_ways(emif_reference: Path) -> None:
    data = (emif_reference / "examples" / "NotifyValidatedDataForBillingEnergy.xml").read_bytes()
    cim = convert(data, to="cim")
    assert cim.losses == ()
    assert cim.target.name == "NotifyValidatedMeasureData_MarketDocument"
    text = cim.data.decode()
    assert "<cim:start>2015-06-16T05:00Z</cim:start>" in text  # 07:00 Oslo summer time
    assert "<cim:quality>Z01</cim:quality>" in text  # Temporary
    assert "<cim:imbalanceSettlement>true</cim:imbalanceSettlement>" in text
    assert_same_xml(data, convert(cim.data, to="ebix").data)
    assert_same_xml(data, convert(to_json(cim.data), to="ebix").data)
    projected = project(cim.data)
    dropped = {(p.path or "").rsplit("/", 1)[-1] for p in projected.losses}
    assert dropped == {
        "process.processType",  # NO313 → E23
        "quality",  # Z01 → A05
        "estimatedQuality",
        "validationCode",
        "estimationCode",
        "imbalanceSettlement",
        "insert_DateAndOrTime.dateTime",
        "flowDirection.direction",
    }
    assert b"<marketEvaluationPoint.type>E17</" in projected.data  # out of the grid


def test_the_cim_example_is_exact_both_ways_and_its_profiled_series_is_not_projected() -> None:
    data = CIM_EXAMPLE.read_bytes()
    ebix = convert(data, to="ebix")
    assert ebix.losses == ()
    assert ebix.findings == ()  # 16 quarter hours in 4 real hours across the autumn change
    text = ebix.data.decode()
    assert "<abie:End>2026-10-25T03:00:00+01:00</abie:End>" in text
    assert '<abie:Calculated ImbalanceSettlement="true">-0.125</abie:Calculated>' in text
    assert "<abie:Estimated>412.600</abie:Estimated>" in text  # the profiled estimate
    assert_same_xml(data, convert(ebix.data, to="cim").data)
    projected = project(data)
    assert projected.data.count(b"<Series>") == 1
    assert any((p.path or "").endswith("/Series[2]/mRID") for p in projected.losses)


def test_the_largest_series_round_trips_and_projects(ediel_reference: Path) -> None:
    """9,999 quarter hours (EMIF's maximum) from a fixed seed."""
    rng = random.Random(313)
    start = datetime(2026, 3, 1, tzinfo=OSLO)
    end = start.astimezone(UTC) + MAX_POINTS * STEP[Resolution.PT15M]
    big = BillingSeries(
        id="0b9c6f2e-5d4a-4e8b-9c1d-3f5a7b9d1e20",
        registered=Timestamp("2026-06-01T02:00:00+02:00"),
        period=ObservationPeriod(resolution=Resolution.PT15M, start=_oslo(start), end=_oslo(end)),
        product=EnergyProduct(identification="8716867000030", unit="kWh"),
        direction=FlowDirection.OUT,
        metering_point="707057500001000017",
        points=[_point(rng, i) for i in range(1, MAX_POINTS + 1)],
    )
    document = ValidatedDataForBilling.model_validate(
        {
            "header": {
                "created": "2026-06-01T05:00:00+02:00",
                "sender": ELHUB_GLN,
                "recipient": "7080050001014",
                "process": "BRS-NO-324",
                "role": "DDQ",
            },
            "series": [big],
        }
    )
    ebix = from_domain(document, to="ebix")
    cim = convert(ebix, to="cim")
    assert cim.findings == ()
    assert to_domain(cim.data) == document
    assert canonical(convert(cim.data, to="ebix").data) == canonical(ebix)
    _check_projection(cim.data, ediel_reference / "opengeh-edi-2025" / "xsd")


def test_the_metering_rules_apply() -> None:
    data = CIM_EXAMPLE.read_bytes()
    short = data.replace(b"<end>2026-10-25T02:00Z</end>", b"<end>2026-10-25T01:00Z</end>")
    assert [p.code for p in convert(short, to="ebix").findings] == ["X-METER_POSITIONS"]
    moved = data.replace(b"<start>2026-10-24T22:00Z</start>", b"<start>2026-10-24T22:10Z</start>")
    codes = {p.code for p in convert(moved, to="ebix").findings}
    assert "X-METER_PERIOD_GRID" in codes


def test_what_the_model_refuses() -> None:
    data = EXAMPLE.read_bytes()
    for bad in (
        data.replace(b'Sequence="2"', b'Sequence="1"'),  # a position twice
        data.replace(b"<abie:Metered>14.206<", b"<abie:Metered>-14.206<"),  # negative metered
    ):
        with pytest.raises(ElhubCimError):
            convert(bad, to="cim")
    cim = CIM_EXAMPLE.read_bytes()
    with pytest.raises(ElhubCimError):  # a Nordic element the profile does not use
        to_domain(
            cim.replace(
                b"<product>",
                b'<in_Domain.mRID codingScheme="A01">50YTESTGRIDAREAX</in_Domain.mRID><product>',
                1,
            )
        )
    with pytest.raises(ElhubCimError):  # the document's one type
        to_domain(cim.replace(b"<type>E66</type>", b"<type>E31</type>"))


@pytest.mark.parametrize("duration", ["PT5M", "PT30M", "P1D", "P1M", "P1Y"])
def test_durations_other_than_15_minutes_and_an_hour_are_named_losses(duration: str) -> None:
    """ResolutionTypeList holds PT15M and PT1H only (the Nordic series' durations)."""
    data = EXAMPLE.read_bytes().replace(b">PT1H<", f">{duration}<".encode())
    with pytest.raises(ElhubCimError) as caught:
        convert(data, to="cim")
    assert [(p.code, p.path) for p in caught.value.problems] == [
        ("CONVERT_LOSS", "series[0].period.resolution")
    ]
    assert duration in caught.value.problems[0].message


def test_pt60m_is_an_hour_written_pt1h() -> None:
    data = EXAMPLE.read_bytes().replace(b">PT1H<", b">PT60M<")
    cim = convert(data, to="cim")
    assert cim.losses == ()
    assert_same_xml(data.replace(b">PT60M<", b">PT1H<"), convert(cim.data, to="ebix").data)


def test_a_nordic_document_lifts_with_its_flow_direction_back() -> None:
    """DataHub 3's NotifyValidatedMeasureData lifts to this document (the profile document of
    that name); the metering point type the projection filled gives the flow direction back."""
    data = EXAMPLE.read_bytes().replace(
        b'Quality="81" ValidationCode="V002" EstimationCode="E004"', b""
    )
    data = data.replace(b"<abie:Estimated >", b"<abie:Metered>").replace(
        b"</abie:Estimated>", b"</abie:Metered>"
    )
    cim = convert(data, to="cim").data
    lifted = from_nordic(project(cim).data, brs="BRS-NO-313")
    assert b"notifyvalidatedmeasuredata:0:2" in lifted.data[:400]
    assert [p.code for p in lifted.notes] == ["PROJECTION_FILLED"]
    document = to_domain(lifted.data)
    assert isinstance(document, ValidatedDataForBilling)
    assert document.series[0].direction is FlowDirection.OUT
    assert document.series[0].points == to_domain(cim).series[0].points  # type: ignore[attr-defined]
