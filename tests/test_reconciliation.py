"""Reconciliation (BRS-NO-503): PriceVolumeCombinationForReconciliation ⇄ the profile's
NotifyWholesaleServices_MarketDocument. Generated documents (1 to 9,999 points, 15-minute and
hourly resolution, periods across daylight-saving days) convert ebIX → CIM → ebIX exactly,
domain → CIM → domain is the identity, the ebIX is valid against Elhub's XSD and the Nordic
projection against the 2025 NotifyWholesaleServices XSD, reporting exactly what it drops."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from elhub_cim.convert import convert, from_domain, to_domain
from elhub_cim.core.errors import ElhubCimError
from elhub_cim.core.profile import to_oslo
from elhub_cim.domain import (
    BusinessType,
    EnergyProduct,
    FlowDirection,
    ReconciliationNotification,
    ReconciliationPoint,
    ReconciliationSeries,
    Resolution,
    Role,
)
from elhub_cim.domain.metering import MAX_POINTS
from elhub_cim.domain.types import Timestamp
from elhub_cim.formats.cimjson import to_json
from elhub_cim.formats.nordic import project
from tests.conftest import PROJECT_ROOT
from tests.strategies import DST_DAYS, ELHUB_GLN, glns, headers, optional, oslo_moments, uuids
from tests.test_projection import _check_projection
from tests.test_properties import _check_against_elhub
from tests.xmlcompare import assert_same_xml, canonical

EXAMPLE = PROJECT_ROOT / "examples" / "ebix" / "PriceVolumeCombinationForReconciliation.xml"
CIM_EXAMPLE = PROJECT_ROOT / "examples" / "cim" / "NotifyWholesaleServices_BRS-NO-503.xml"
STEP = {Resolution.PT15M: timedelta(minutes=15), Resolution.PT1H: timedelta(hours=1)}


OSLO = ZoneInfo("Europe/Oslo")


def _decimal(rng: random.Random, places: int, digits: int) -> Decimal:
    """A decimal written with exactly ``places`` decimals (as EMIF writes them), maybe negative,
    of any size the type allows (the largest and smallest often)."""
    bound = 10**digits - 1  # ``digits`` significant digits in all
    pick = rng.random()
    if pick < 0.05:
        n = rng.choice((bound, -bound, 0))
    elif pick < 0.5:
        n = rng.randint(-(10**6), 10**6)
    else:
        n = rng.randint(-bound, bound)
    return Decimal(n).scaleb(-places)


def _utc(moment: datetime) -> Timestamp:
    """Elhub's convention for an instant: Europe/Oslo offset, whole seconds."""
    return Timestamp(to_oslo(moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")))


@st.composite
def series(draw: st.DrawFn) -> ReconciliationSeries:
    resolution = draw(st.sampled_from([Resolution.PT15M, Resolution.PT1H]))
    step = STEP[resolution]
    if draw(st.booleans()):
        # One Oslo day, midnight to midnight, often a daylight-saving day (23 or 25 hours).
        day = draw(st.sampled_from(DST_DAYS) | st.dates(date(2024, 1, 1), date(2027, 12, 30)))
        start = datetime(day.year, day.month, day.day, tzinfo=OSLO)
        following = day + timedelta(days=1)
        end = datetime(following.year, following.month, following.day, tzinfo=OSLO)
        count = int((end.astimezone(UTC) - start.astimezone(UTC)) / step)
    else:
        start = draw(oslo_moments()).replace(minute=0, second=0, microsecond=0)
        count = draw(st.integers(1, 200))  # the 9,999-point maximum: its own test below
        end = start.astimezone(UTC) + count * step
    # Values from a seeded generator: a list of up to 9,999 drawn decimals is beyond hypothesis.
    rng = random.Random(draw(st.integers(0, 2**32)))
    return ReconciliationSeries(
        id=draw(uuids),
        currency=draw(st.sampled_from(["NOK", "EUR", "SEK", "DKK"])),
        reconciliation_date=_utc(draw(oslo_moments()).replace(microsecond=0)),
        request_reference=draw(optional(uuids)),
        resolution=resolution,
        start=_utc(start),
        end=_utc(end),
        product=EnergyProduct(
            identification="8716867000030", unit=draw(st.sampled_from(["kWh", "kvarh"]))
        ),
        direction=draw(st.sampled_from(list(FlowDirection))),
        business_type=draw(optional(st.sampled_from(list(BusinessType)))),
        settlement_method=draw(optional(st.sampled_from(["E01", "E02", "Z01"]))),
        grid_area=draw(st.from_regex(r"50Y[A-Z0-9]{12}[A-Z0-9-]", fullmatch=True)),
        balance_supplier=draw(glns),
        points=[
            ReconciliationPoint(
                position=position, volume=_decimal(rng, 3, 15), amount=_decimal(rng, 2, 12)
            )
            for position in range(1, count + 1)
        ],
    )


@st.composite
def notifications(draw: st.DrawFn) -> ReconciliationNotification:
    header = draw(headers("E66", "BRS-NO-503", Role.BALANCE_SUPPLIER))
    header = header.model_copy(update={"sender": ELHUB_GLN, "physical_sender": ELHUB_GLN})
    return ReconciliationNotification(
        header=header, series=draw(st.lists(series(), min_size=1, max_size=3))
    )


@given(notifications())
def test_round_trips(document: ReconciliationNotification) -> None:
    ebix = from_domain(document, to="ebix")
    cim = convert(ebix, to="cim")
    assert cim.document == document
    back = convert(cim.data, to="ebix")
    assert canonical(back.data) == canonical(ebix)
    assert to_domain(cim.data) == document
    assert to_domain(to_json(cim.data)) == document  # CIM JSON too


def test_generated_documents_are_valid_for_elhub_and_project_validly(
    emif_reference: Path, ediel_reference: Path
) -> None:
    @given(notifications())
    def check(document: ReconciliationNotification) -> None:
        _check_against_elhub(from_domain(document, to="ebix"), emif_reference / "bim")
        # The 2025 NotifyWholesaleServices XSD; losses computed independently from it.
        _check_projection(
            from_domain(document, to="cim"), ediel_reference / "opengeh-edi-2025" / "xsd"
        )

    check()


def test_the_example_is_exact_and_its_projection_drops_only_the_norwegian_additions() -> None:
    data = EXAMPLE.read_bytes()
    cim = convert(data, to="cim")
    assert cim.target.name == "NotifyWholesaleServices_MarketDocument"
    text = cim.data.decode()
    assert "<cim:start>2026-08-31T22:00Z</cim:start>" in text  # Oslo midnight, summer time
    assert "<cim:energy_Quantity.quantity>-27.940</cim:energy_Quantity.quantity>" in text
    assert "<cim:energySum_Quantity.quantity>150.40</cim:energySum_Quantity.quantity>" in text
    assert_same_xml(data, convert(cim.data, to="ebix").data)
    projected = project(cim.data)
    assert {(p.path or "").rsplit("/", 1)[-1] for p in projected.losses} == {
        "process.processType",
        "reconciliation_DateAndOrTime.dateTime",
        "flowDirection.direction",
        "businessType",
    }
    assert b"process.processType>D32</" in projected.data


def test_the_largest_series_round_trips_and_projects(ediel_reference: Path) -> None:
    """9,999 points (EMIF's maximum) at 15 minutes, from a fixed seed."""
    rng = random.Random(503)
    start = datetime(2026, 3, 1, tzinfo=OSLO)
    end = start.astimezone(UTC) + MAX_POINTS * STEP[Resolution.PT15M]
    big = ReconciliationSeries(
        id="0b9c6f2e-5d4a-4e8b-9c1d-3f5a7b9d1e20",
        currency="NOK",
        reconciliation_date=Timestamp("2026-06-01T02:00:00+02:00"),
        resolution=Resolution.PT15M,
        start=_utc(start),
        end=_utc(end),
        product=EnergyProduct(identification="8716867000030", unit="kWh"),
        direction=FlowDirection.OUT,
        grid_area="50YTESTGRIDAREAX",
        balance_supplier="7080050001014",
        points=[
            ReconciliationPoint(
                position=i, volume=_decimal(rng, 3, 15), amount=_decimal(rng, 2, 12)
            )
            for i in range(1, MAX_POINTS + 1)
        ],
    )
    document = ReconciliationNotification.model_validate(
        {
            "header": {
                "created": "2026-06-01T05:00:00+02:00",
                "sender": ELHUB_GLN,
                "recipient": "7080050001014",
                "process": "BRS-NO-503",
                "role": "DDQ",
            },
            "series": [big],
        }
    )
    ebix = from_domain(document, to="ebix")
    cim = convert(ebix, to="cim")
    assert to_domain(cim.data) == document
    assert canonical(convert(cim.data, to="ebix").data) == canonical(ebix)
    _check_projection(cim.data, ediel_reference / "opengeh-edi-2025" / "xsd")


def test_a_period_off_the_minute_is_refused() -> None:
    cim = CIM_EXAMPLE.read_bytes().replace(b"2026-08-31T22:00Z", b"2026-08-31T22:00:30Z")
    with pytest.raises(ElhubCimError):
        to_domain(cim)


def test_a_boundary_with_zero_milliseconds_is_on_the_minute() -> None:
    document = to_domain(CIM_EXAMPLE.read_bytes())
    assert isinstance(document, ReconciliationNotification)
    series = document.series[0]
    start = series.start.datetime.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S")
    for fraction, accepted in ((".000", True), (".010", False)):
        values = series.model_dump() | {"start": f"{start}{fraction}Z"}
        if accepted:
            type(series).model_validate(values)
        else:
            with pytest.raises(ValidationError, match="whole minute"):
                type(series).model_validate(values)


def test_pt60m_is_an_hour_written_pt1h() -> None:
    """Lead decision 14:52 (conventions-0.2): EMIF PT60M is PT1H in value; CIM writes PT1H, no
    loss; back in ebIX it is PT1H (the round trip is exact in value, as for times)."""
    data = EXAMPLE.read_bytes().replace(b">PT1H<", b">PT60M<")
    cim = convert(data, to="cim")
    assert cim.losses == ()
    assert b"resolution>PT1H<" in cim.data
    back = convert(cim.data, to="ebix").data
    assert_same_xml(data.replace(b">PT60M<", b">PT1H<"), back)


def test_a_position_may_occur_once() -> None:
    data = EXAMPLE.read_bytes().replace(b'Sequence="2"', b'Sequence="1"')
    with pytest.raises(ElhubCimError) as caught:
        convert(data, to="cim")
    assert {p.code for p in caught.value.problems} == {"DOMAIN_INVALID"}
