"""Metered values (CollectedData, BRS-NO-311/312/313/332): mapping, rules, projection, properties.

Every CollectedData example (Elhub's and ours) goes ebIX → CIM → ebIX exactly, in XML and in CIM
JSON; generated documents (1 to 10,000 points, hourly and 15-minute series, the days summer time
starts and ends) do the same, read back to the same domain document, and project to a Nordic
NotifyValidatedMeasureData that the 2025 XSD accepts.
"""

from __future__ import annotations

import functools
import random
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from lxml import etree
from pydantic import ValidationError

from elhub_cim.convert import convert, from_domain, to_domain
from elhub_cim.core.errors import ElhubCimError
from elhub_cim.core.xmlcompare import canonical
from elhub_cim.domain import Header, Role
from elhub_cim.domain.metering import (
    CollectedData,
    CollectedSeries,
    EnergyProduct,
    FlowDirection,
    ObservationPeriod,
    ProfiledKind,
    ProfiledObservation,
    QuantityQuality,
    Resolution,
    SeriesPoint,
)
from elhub_cim.domain.types import Timestamp
from elhub_cim.formats.cimjson import to_json
from elhub_cim.formats.nordic import ProjectionError, from_nordic, project
from elhub_cim.pipeline import check
from elhub_cim.rules import check as check_rules
from elhub_cim.times import elhub_timestamp
from tests.conftest import PROJECT_ROOT, REFERENCE_ROOT
from tests.strategies import DST_DAYS, glns, gsrns, timestamps, uuids
from tests.xmlcompare import assert_same_xml

EBIX = PROJECT_ROOT / "examples" / "ebix"
OWN = sorted(EBIX.glob("CollectedData*.xml"))
ELHUB = REFERENCE_ROOT / "elhub-emif-2.4.3" / "examples" / "CollectedData.xml"
NORDIC_XSD = (
    REFERENCE_ROOT
    / "nordic-ediel-cim"
    / "opengeh-edi-2025"
    / "xsd"
    / "urn-ediel-org-measure-notifyvalidatedmeasuredata-0-1.xsd"
)
STEP = {"PT15M": timedelta(minutes=15), "PT1H": timedelta(hours=1)}


@functools.cache
def _nordic_schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(NORDIC_XSD)))


def _examples(reference_dir: Path | None) -> list[Path]:
    return [*OWN, *([ELHUB] if reference_dir is not None else [])]


def _exact_both_ways(data: bytes) -> None:
    cim = convert(data, to="cim")
    assert_same_xml(data, convert(cim.data, to="ebix").data)
    # CIM JSON carries the same document (generic over the bindings).
    assert_same_xml(data, convert(to_json(cim.data), to="ebix").data)
    # CIM → ebIX → CIM is exact too.
    assert_same_xml(cim.data, convert(convert(cim.data, to="ebix").data, to="cim").data)


def _nordic_valid(cim: bytes) -> list[str]:
    """Project ``cim``; the projection must be valid against the 2025 XSD. Returns loss codes."""
    projected = project(cim)
    document = etree.fromstring(projected.data)
    schema = _nordic_schema()
    assert schema.validate(document), schema.error_log
    assert etree.QName(document).localname == "NotifyValidatedMeasureData_MarketDocument"
    return [p.code for p in projected.losses]


@pytest.mark.parametrize("path", OWN, ids=lambda p: p.name)
def test_our_examples_convert_exactly_in_xml_and_json(path: Path) -> None:
    _exact_both_ways(path.read_bytes())


def test_elhubs_example_converts_exactly_in_xml_and_json(reference_dir: Path) -> None:
    data = (reference_dir / "elhub-emif-2.4.3" / "examples" / "CollectedData.xml").read_bytes()
    _exact_both_ways(data)
    cim = convert(data, to="cim").data
    assert cim.count(b"<cim:Point>") == 6 * 24  # six hourly series of one day
    assert b"<cim:quality>A03</cim:quality>" in cim  # Estimated
    assert b"<cim:quality>Z01</cim:quality>" in cim  # Temporary (local code)


def test_every_example_projects_to_a_valid_nordic_document(reference_dir: Path) -> None:
    for path in _examples(reference_dir):
        cim = convert(path, to="cim").data
        codes = _nordic_valid(cim)
        assert "PROJECTION_CODE_REPLACED" in codes, path  # the process: NO3xx -> E23


def test_the_projection_keeps_interval_series_and_drops_the_others() -> None:
    cim = convert(EBIX / "CollectedData-profiled-meter-read.xml", to="cim").data
    projected = project(cim)
    nordic = etree.fromstring(projected.data)
    assert nordic.find("{*}Series") is None  # both series are profiled: no points
    dropped = [p for p in projected.losses if p.code == "PROJECTION_DROPPED"]
    assert any("requires Period/resolution" in p.message for p in dropped)
    assert any("1295.200" in p.message for p in dropped)  # the profiled volume is named
    hourly = convert(EBIX / "CollectedData-hourly-25-hour-day.xml", to="cim").data
    nordic = etree.fromstring(project(hourly).data)
    kinds = [e.text for e in nordic.iterfind("{*}Series/{*}marketEvaluationPoint.type")]
    assert kinds == ["E17", "E18"]  # consumption (Out, A02), production (In, A01)
    assert [e.text for e in nordic.iterfind("{*}sender_MarketParticipant.marketRole.type")] == [
        "DDM"
    ]
    qualities = {e.text for e in nordic.iterfind(".//{*}Point/{*}quality")}
    assert qualities == {"A03", "A04", "A05"}  # Z01 (temporary) written as A05


def test_the_collector_role_projects_as_mdr_and_a_third_party_is_refused() -> None:
    data = (EBIX / "CollectedData.xml").read_bytes()  # sender role DDE
    cim = convert(data, to="cim").data
    nordic = etree.fromstring(project(cim).data)
    assert nordic.findtext("{*}sender_MarketParticipant.marketRole.type") == "MDR"
    with pytest.raises(ProjectionError) as caught:
        project(cim.replace(b">DDE<", b">AG<"))
    assert caught.value.code == "PROJECTION_REFUSED"


def test_lifting_the_projection_gives_back_the_temporary_quality() -> None:
    """A05 lifts as Elhub's temporary value (Z01), which needs the validation code DataHub 3's
    Point has no place for: the lift names it (and only it) at each such point."""
    cim = convert(EBIX / "CollectedData.xml", to="cim").data
    with pytest.raises(ProjectionError) as caught:
        from_nordic(project(cim).data, brs="BRS-NO-313")
    temporary = [p for p in caught.value.problems if "'A05'" in p.message]
    assert temporary
    assert all(p.path and p.path.endswith("/validationCode") for p in temporary)
    assert all("(Z01)" in p.message for p in temporary)


def test_pt60m_is_written_pt1h_equal_in_value() -> None:
    """Lead decision 14:52: PT60M and PT1H are one duration; no loss, PT1H back in ebIX."""
    data = (EBIX / "CollectedData-hourly-25-hour-day.xml").read_bytes()
    changed = data.replace(b">PT1H<", b">PT60M<", 1)
    cim = convert(changed, to="cim")
    assert cim.losses == ()
    assert b"<cim:resolution>PT60M<" not in cim.data
    assert_same_xml(data, convert(cim.data, to="ebix").data)  # PT60M → PT1H, nothing else


def test_another_emif_document_type_is_a_named_loss() -> None:
    data = (EBIX / "CollectedData.xml").read_bytes().replace(b">E13<", b">E66<", 1)
    with pytest.raises(ElhubCimError) as caught:
        convert(data, to="cim")
    assert "'E66'" in str(caught.value)
    assert "'E13'" in str(caught.value)


# --- the domain model -----------------------------------------------------------------------------


def _header(process: str = "BRS-NO-313") -> Header:
    return Header(
        created=Timestamp("2026-06-02T02:17:40+02:00"),
        sender="7080030004042",
        recipient="7080010000002",
        process=process,
        role=Role.GRID_ACCESS_PROVIDER,
    )


def _series(**changes: object) -> CollectedSeries:
    values: dict[str, object] = {
        "id": "93a158c1-c31a-4655-bd36-339ca8c20068",
        "registered": "2026-06-02T02:15:03+02:00",
        "period": ObservationPeriod(
            resolution=Resolution.PT1H,
            start=Timestamp("2026-06-02T00:00:00+02:00"),
            end=Timestamp("2026-06-02T01:00:00+02:00"),
        ),
        "metering_point": "707057500001000017",
        "points": [SeriesPoint(position=1, quantity=Decimal("1.5"))],
    }
    values.update(changes)
    return CollectedSeries.model_validate(values)


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"points": [], "estimated_annual_volume": None}, "exactly one of"),
        ({"estimated_annual_volume": 100}, "exactly one of"),
        ({"period": None}, "need their period"),
        (
            {
                "points": [
                    SeriesPoint(position=1, quantity=Decimal(1)),
                    SeriesPoint(position=1, quantity=Decimal(2)),
                ]
            },
            "appears twice",
        ),
        (
            {
                "points": [
                    SeriesPoint(position=1, quantity=Decimal(1), quality=QuantityQuality.CALCULATED)
                ]
            },
            "not allowed here",
        ),
        (
            {
                "points": [],
                "profiled": ProfiledObservation(kind=ProfiledKind.ESTIMATED, quantity=Decimal(1)),
            },
            "not allowed here",
        ),
    ],
)
def test_the_series_model_refuses_what_means_nothing(
    changes: dict[str, object], words: str
) -> None:
    with pytest.raises(ValidationError, match=words):
        _series(**changes)


@pytest.mark.parametrize(
    ("point", "words"),
    [
        ({"quality": "estimated"}, "needs estimated_quality"),
        ({"quality": "temporary"}, "needs validation_code"),
        ({"validation_code": "V001"}, "has no validation_code"),
        ({"quantity": Decimal("-1")}, "cannot be negative"),
        ({"quantity": Decimal("0")}, None),
        # a metered value (the check's shortcut) with a field only another quality has
        ({"estimated_quality": "56"}, "a metered value has no estimated_quality"),
        ({"estimation_code": "E001"}, "a metered value has no estimation_code"),
        ({"imbalance_settlement": True}, "a metered value has no imbalance_settlement"),
        ({"imbalance_settlement": False}, "imbalance_settlement is true or absent"),
        ({"estimated_quality": "56", "quantity": Decimal("-1")}, "has no estimated_quality"),
        ({"quantity": Decimal("1.2345")}, "decimal"),
        ({"position": 0}, "greater than or equal to 1"),
        ({"quality": "calculated", "imbalance_settlement": True, "quantity": -5}, None),
    ],
)
def test_the_point_model(point: dict[str, object], words: str | None) -> None:
    values: dict[str, object] = {"position": 1, "quantity": Decimal("1"), **point}
    if words is None:
        assert SeriesPoint.model_validate(values).quantity == values["quantity"]
        return
    with pytest.raises(ValidationError, match=words):
        SeriesPoint.model_validate(values)


def test_a_period_boundary_is_on_a_whole_minute() -> None:
    with pytest.raises(ValidationError, match="whole minute"):
        ObservationPeriod(start=Timestamp("2026-06-02T00:00:30+02:00"))
    for fraction in (".001", ".5", ".010"):
        with pytest.raises(ValidationError, match="whole minute"):
            ObservationPeriod(start=Timestamp(f"2026-06-02T00:00:00{fraction}+02:00"))
    for fraction in (".0", ".00", ".000"):  # zero seconds, written with milliseconds
        for zone in ("+02:00", "-01:00", "Z"):
            ObservationPeriod(start=Timestamp(f"2026-06-02T00:00:00{fraction}{zone}"))
    with pytest.raises(ValidationError, match="after the start"):
        ObservationPeriod(
            start=Timestamp("2026-06-02T00:00:00+02:00"), end=Timestamp("2026-06-02T00:00:00+02:00")
        )


# --- rules ----------------------------------------------------------------------------------------


def _findings(data: bytes) -> list[tuple[str, str | None]]:
    document, message_type = check(data)
    return [
        (p.code, p.path) for p in check_rules(document, message_type) if p.code.startswith("X-MET")
    ]


@pytest.mark.parametrize("to", ["ebix", "cim"])
def test_a_25_hour_day_has_25_hourly_positions(to: str) -> None:
    data = (EBIX / "CollectedData-hourly-25-hour-day.xml").read_bytes()
    if to == "cim":
        data = convert(data, to="cim").data
    assert _findings(data) == []
    root = etree.fromstring(data)
    # The last point of the first series goes: 24 points for a 25-hour day.
    path = (
        "{*}PayloadEnergyTimeSeries/{*}Observation"
        if to == "ebix"
        else "{*}Series/{*}Period/{*}Point"
    )
    last = root.findall(path)[24]
    parent = last.getparent()
    assert parent is not None
    parent.remove(last)
    found = _findings(etree.tostring(root))
    assert [code for code, _ in found] == ["X-METER_POSITIONS"], found
    message = check_rules(*check(etree.tostring(root)))[-1].message
    assert "25-hour period at PT1H has positions 1 to 25; this series has 24" in message


def test_the_23_hour_day_in_cim_and_a_start_off_the_grid() -> None:
    data = (
        PROJECT_ROOT / "examples" / "cim" / "NotifyCollectedMeasureData_BRS-NO-313.xml"
    ).read_bytes()
    assert data.count(b"<Point>") == 92  # 23 hours of quarter hours
    assert _findings(data) == []
    moved = data.replace(b"<start>2026-03-28T23:00Z</start>", b"<start>2026-03-28T23:10Z</start>")
    assert [code for code, _ in _findings(moved)] == ["X-METER_PERIOD_GRID"]
    wrong = data.replace(b"<end>2026-03-29T22:00Z</end>", b"<end>2026-03-29T23:00Z</end>")
    assert [code for code, _ in _findings(wrong)] == ["X-METER_POSITIONS"]  # a 24-hour day


def test_313_series_are_hourly_or_quarter_hourly() -> None:
    data = (EBIX / "CollectedData.xml").read_bytes()
    thirty = data.replace(b">PT15M<", b">PT30M<")
    found = _findings(thirty)
    assert {code for code, _ in found} == {"X-METER_RESOLUTION", "X-METER_POSITIONS"}


# --- generated documents --------------------------------------------------------------------------


def _day_start(day: date) -> datetime:
    """Oslo midnight of ``day`` as an aware UTC datetime."""
    from zoneinfo import ZoneInfo

    return datetime(day.year, day.month, day.day, tzinfo=ZoneInfo("Europe/Oslo")).astimezone(UTC)


@st.composite
def collected_data(draw: st.DrawFn) -> CollectedData:
    """A CollectedData of 1 to 10,000 interval points in 1 or more series (at most 9999 points
    each), hourly or 15-minute, starting at Oslo midnight of a day that is often a
    daylight-saving transition (23- and 25-hour days); sometimes with profiled series and an
    annual estimate besides."""
    # Most documents are small (the CI budget); the full range is drawn too, and the explicit
    # example below always runs 10,000 points.
    total = draw(st.integers(1, 300) | st.integers(1, 10_000))
    resolution = draw(st.sampled_from([Resolution.PT15M, Resolution.PT1H]))
    day = draw(
        st.sampled_from(DST_DAYS)
        | st.dates(min_value=date(2024, 1, 1), max_value=date(2027, 12, 31))
    )
    rnd: random.Random = draw(st.randoms(use_true_random=False))
    sizes: list[int] = []
    left = total
    while left:
        size = min(left, 9999, rnd.choice([left, rnd.randint(1, left)]))
        sizes.append(size)
        left -= size
    step = STEP[resolution]
    product = EnergyProduct(identification="8716867000030", unit=rnd.choice(["kWh", "kvarh"]))
    series: list[CollectedSeries] = []
    for size in sizes:
        start = _day_start(day) + step * rnd.randint(0, 8)
        points: list[SeriesPoint] = []
        for position in range(1, size + 1):
            quantity = Decimal(rnd.randint(0, 10**9)).scaleb(-rnd.randint(0, 3))
            kind = rnd.random()
            if kind < 0.9:
                points.append(SeriesPoint(position=position, quantity=quantity))
            elif kind < 0.95:
                points.append(
                    SeriesPoint(
                        position=position,
                        quantity=quantity,
                        quality=QuantityQuality.ESTIMATED,
                        estimated_quality=rnd.choice(["56", "81"]),
                        validation_code=rnd.choice(["V001", "V002", "V999"]),
                        estimation_code=rnd.choice(["E001", "E004", "E008"]),
                    )
                )
            else:
                points.append(
                    SeriesPoint(
                        position=position,
                        quantity=quantity,
                        quality=QuantityQuality.TEMPORARY,
                        validation_code=rnd.choice(["V003", "V011"]),
                        estimation_code=rnd.choice([None, "E002"]),
                    )
                )
        series.append(
            CollectedSeries(
                id=draw(uuids),
                registered=draw(timestamps(max_decimals=9)),
                period=ObservationPeriod(
                    resolution=resolution,
                    start=elhub_timestamp(start),
                    end=elhub_timestamp(start + step * size),
                ),
                product=product,
                direction=rnd.choice([FlowDirection.IN, FlowDirection.OUT]),
                metering_point=draw(gsrns),
                points=points,
            )
        )
    if draw(st.booleans()):
        series.append(
            CollectedSeries(
                id=draw(uuids),
                registered=draw(timestamps()),
                period=ObservationPeriod(
                    start=elhub_timestamp(_day_start(day)),
                    meter_reading_start=Decimal("46918.200"),
                    end=elhub_timestamp(_day_start(day + timedelta(days=1))),
                    meter_reading_end=Decimal("46990.000"),
                ),
                product=product,
                direction=FlowDirection.OUT,
                metering_point=draw(gsrns),
                profiled=draw(
                    st.sampled_from(
                        [
                            ProfiledObservation(
                                kind=ProfiledKind.METERED,
                                quantity=Decimal(71),
                                meter_read_reason="1",
                            ),
                            ProfiledObservation(
                                kind=ProfiledKind.STIPULATED,
                                quantity=Decimal(2),
                                meter_read_reason="4",
                            ),
                            ProfiledObservation(kind=ProfiledKind.WITHDRAWN),
                            ProfiledObservation(
                                kind=ProfiledKind.METER_INDEX,
                                quantity=Decimal("49588.1"),
                                meter_read_reason="1",
                            ),
                        ]
                    )
                ),
            )
        )
        series.append(
            CollectedSeries(
                id=draw(uuids),
                registered=draw(timestamps()),
                metering_point=draw(gsrns),
                estimated_annual_volume=draw(st.integers(0, 999_999_999_999)),
            )
        )
    ids = [s.id for s in series]
    if len(set(ids)) != len(ids):
        series = [s.model_copy(update={"id": f"{i:08x}" + s.id[8:]}) for i, s in enumerate(series)]
    sender = draw(glns)
    header = Header(
        document_id=draw(uuids),
        created=draw(timestamps(max_decimals=9)),
        sender=sender,
        recipient=draw(glns),
        physical_sender=draw(st.just(sender) | glns),
        process=draw(st.sampled_from(["BRS-NO-313", "BRS-NO-311", "BRS-NO-312", "BRS-NO-332"])),
        role=draw(st.sampled_from([Role.GRID_ACCESS_PROVIDER, Role.METERED_DATA_COLLECTOR])),
        acknowledgement_requested=draw(st.none() | st.booleans()),
    )
    return CollectedData(header=header, series=series)


def _ten_thousand() -> CollectedData:
    """The largest case, run in every profile: 10,000 quarter hours in two series across the
    day summer time ends."""
    day = DST_DAYS[1]
    start = _day_start(day)
    step = STEP["PT15M"]
    series = [
        CollectedSeries(
            id=f"00000000-0000-4000-8000-00000000000{n}",
            registered=Timestamp("2026-10-26T04:10:00+01:00"),
            period=ObservationPeriod(
                resolution=Resolution.PT15M,
                start=elhub_timestamp(start),
                end=elhub_timestamp(start + step * size),
            ),
            product=EnergyProduct(identification="8716867000030", unit="kWh"),
            direction=FlowDirection.OUT,
            metering_point="707057500001000017",
            points=[
                SeriesPoint(position=p, quantity=Decimal(p % 997).scaleb(-3))
                for p in range(1, size + 1)
            ],
        )
        for n, size in enumerate((9999, 1), 1)
    ]
    return CollectedData(header=_header(), series=series)


@given(collected_data())
@example(_ten_thousand())
def test_generated_collected_data_round_trips_and_projects(document: CollectedData) -> None:
    total = sum(len(s.points) for s in document.series)
    assert 1 <= total <= 10_000
    ebix = from_domain(document, to="ebix")
    cim = convert(ebix, to="cim", rules=False)
    # ebIX → CIM → ebIX exact; domain → CIM → domain the identity.
    assert_same_xml(ebix, convert(cim.data, to="ebix", rules=False).data)
    assert to_domain(from_domain(document, to="cim")) == document
    assert cim.document == document
    # Every Nordic projection is valid (a generated document has no refused role).
    if NORDIC_XSD.is_file():
        _nordic_valid(cim.data)
    # The process rules agree with the generator: positions 1..n over 23-, 24- and 25-hour days.
    assert _findings(ebix) == []


def test_a_boundary_written_with_zero_milliseconds_converts_to_the_minute() -> None:
    """``00:00:00.000`` is the minute: valid, converted to CIM's YMDHM and back in Elhub's form,
    with no loss (it was refused as off the minute, and written ``...:00.000Z``, which the CIM
    XSD refuses)."""
    data = (EBIX / "CollectedData-hourly-25-hour-day.xml").read_bytes()
    written = b"<abie:Start>2026-10-25T00:00:00+02:00"
    assert written in data
    milli = data.replace(written, b"<abie:Start>2026-10-25T00:00:00.000+02:00")
    cim = convert(milli, to="cim")
    assert not cim.losses
    assert b">2026-10-24T22:00Z</cim:start>" in cim.data
    assert canonical(convert(cim.data, to="ebix").data) == canonical(data)
