"""Request for metered values (BRS-NO-314): RequestCollectedData ⇄ the profile's
RequestValidatedMeasureData_MarketDocument (the Nordic 2025 document, extended by the reminder
type). Generated documents (either direction, 1 to 12 reminders, Oslo-midnight periods across
daylight-saving days) convert ebIX → CIM → ebIX exactly, domain → CIM (XML and JSON) → domain is
the identity, the ebIX is valid against Elhub's XSD and the Nordic projection against the 2025
RequestValidatedMeasureData XSD, reporting exactly what it drops."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from elhub_cim.convert import convert, from_domain, to_domain
from elhub_cim.core.errors import ElhubCimError
from elhub_cim.core.profile import to_oslo
from elhub_cim.domain import CollectedDataRequest, ReminderType, RequestedPeriod, Role
from elhub_cim.domain.types import Timestamp
from elhub_cim.formats.cimjson import to_json
from elhub_cim.formats.nordic import project
from tests.conftest import PROJECT_ROOT
from tests.strategies import DST_DAYS, ELHUB_GLN, gsrns, headers, oslo_moments
from tests.test_projection import _check_projection
from tests.test_properties import _check_against_elhub
from tests.xmlcompare import assert_same_xml, canonical

EXAMPLE = PROJECT_ROOT / "examples" / "ebix" / "RequestCollectedData.xml"
CIM_EXAMPLE = PROJECT_ROOT / "examples" / "cim" / "RequestValidatedMeasureData_BRS-NO-314.xml"
OSLO = ZoneInfo("Europe/Oslo")


def _oslo(moment: datetime) -> Timestamp:
    """Elhub's convention for an instant: Europe/Oslo offset, whole seconds."""
    return Timestamp(to_oslo(moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")))


@st.composite
def reminders(draw: st.DrawFn) -> RequestedPeriod:
    if draw(st.booleans()):
        # Whole Oslo days, often starting or ending on a daylight-saving day.
        day = draw(st.sampled_from(DST_DAYS) | st.dates(date(2024, 1, 1), date(2027, 12, 1)))
        days = draw(st.integers(1, 31))
        last = day + timedelta(days=days)
        start = datetime(day.year, day.month, day.day, tzinfo=OSLO)
        end = datetime(last.year, last.month, last.day, tzinfo=OSLO)
    else:
        start = draw(oslo_moments()).replace(second=0, microsecond=0)
        # In UTC: Oslo wall-clock arithmetic goes back in time across the autumn change.
        end = start.astimezone(UTC) + timedelta(minutes=draw(st.integers(15, 60 * 24 * 40)))
    return RequestedPeriod(start=_oslo(start), end=_oslo(end), metering_point=draw(gsrns))


@st.composite
def requests(draw: st.DrawFn) -> CollectedDataRequest:
    """A reminder from Elhub to the metered data responsible, or a party's request to Elhub."""
    if draw(st.booleans()):
        role = draw(st.sampled_from([Role.METERED_DATA_RESPONSIBLE, Role.GRID_ACCESS_PROVIDER]))
        header = draw(headers("E39", "BRS-NO-314", role))
        header = header.model_copy(update={"sender": ELHUB_GLN, "physical_sender": ELHUB_GLN})
    else:
        role = draw(st.sampled_from([Role.BALANCE_SUPPLIER, Role.GRID_ACCESS_PROVIDER]))
        header = draw(headers("E39", "BRS-NO-314", role))
        header = header.model_copy(update={"recipient": ELHUB_GLN})
    return CollectedDataRequest(
        header=header,
        reminder_type=draw(st.sampled_from(list(ReminderType))),
        reminders=draw(st.lists(reminders(), min_size=1, max_size=12)),
    )


@given(requests())
def test_round_trips(document: CollectedDataRequest) -> None:
    ebix = from_domain(document, to="ebix")
    cim = convert(ebix, to="cim")
    assert cim.losses == ()
    assert cim.document == document
    back = convert(cim.data, to="ebix")
    assert canonical(back.data) == canonical(ebix)
    assert to_domain(cim.data) == document
    assert to_domain(to_json(cim.data)) == document  # CIM JSON too


def test_generated_documents_are_valid_for_elhub_and_project_validly(
    emif_reference: Path, ediel_reference: Path
) -> None:
    @given(requests())
    def check(document: CollectedDataRequest) -> None:
        _check_against_elhub(from_domain(document, to="ebix"), emif_reference / "bim")
        # The 2025 RequestValidatedMeasureData XSD; losses computed independently from it.
        _check_projection(
            from_domain(document, to="cim"), ediel_reference / "opengeh-edi-2025" / "xsd"
        )

    check()


def test_the_example_is_exact_and_its_projection_drops_only_the_reminder_type() -> None:
    data = EXAMPLE.read_bytes()
    cim = convert(data, to="cim")
    assert cim.target.name == "RequestValidatedMeasureData_MarketDocument"
    text = cim.data.decode()
    assert "<cim:type>E73</cim:type>" in text
    assert "<cim:reminderType>PV</cim:reminderType>" in text
    assert text.count("<cim:Series>") == 3
    # Oslo midnight in summer time, in UTC.
    assert "<cim:start_DateAndOrTime.dateTime>2026-04-02T22:00:00Z<" in text
    # Series mRIDs: three distinct ids derived from the document mRID (R2).
    document = to_domain(cim.data)
    assert isinstance(document, CollectedDataRequest)
    assert len(set(text.split("<cim:mRID>")[2:])) == 3
    assert_same_xml(data, convert(cim.data, to="ebix").data)
    projected = project(cim.data)
    assert {(p.path or "").rsplit("/", 1)[-1] for p in projected.losses} == {
        "process.processType",
        "reminderType",
    }
    assert b"process.processType>E23</" in projected.data


def test_the_cim_example_is_exact_both_ways() -> None:
    data = CIM_EXAMPLE.read_bytes()
    ebix = convert(data, to="ebix")
    assert ebix.losses == ()
    text = ebix.data.decode()
    # 23-hour and 25-hour days: Oslo midnights with their own offsets.
    assert "<abie:End>2026-03-30T00:00:00+02:00</abie:End>" in text
    assert "<abie:End>2026-10-26T00:00:00+01:00</abie:End>" in text
    assert_same_xml(data, convert(ebix.data, to="cim").data)
    assert to_domain(to_json(data)) == to_domain(data)


def test_a_series_mrid_that_is_not_derived_is_a_named_loss() -> None:
    data = CIM_EXAMPLE.read_bytes()
    first = data.split(b"<Series>\n    <mRID>", 1)[1][:36]
    changed = data.replace(first, b"00000000-0000-4000-8000-000000000000")
    with pytest.raises(ElhubCimError) as caught:
        convert(changed, to="ebix")
    assert {p.code for p in caught.value.problems} == {"CONVERT_LOSS"}
    assert convert(changed, to="ebix", allow_loss=True).losses


def test_another_document_type_or_an_unknown_reminder_type_is_refused() -> None:
    data = CIM_EXAMPLE.read_bytes()
    with pytest.raises(ElhubCimError):
        to_domain(data.replace(b"<type>E73</type>", b"<type>E66</type>"))
    with pytest.raises(ElhubCimError):
        to_domain(data.replace(b"<reminderType>IV<", b"<reminderType>XX<"))
    ebix = EXAMPLE.read_bytes().replace(b">E39<", b">E66<")
    with pytest.raises(ElhubCimError) as caught:
        convert(ebix, to="cim")
    assert {p.code for p in caught.value.problems} == {"CONVERT_LOSS"}


def test_a_period_that_ends_before_it_starts_is_refused() -> None:
    data = EXAMPLE.read_bytes().replace(
        b"<abie:End>2026-04-04T00:00:00+02:00</abie:End>",
        b"<abie:End>2026-04-02T00:00:00+02:00</abie:End>",
    )
    with pytest.raises(ElhubCimError) as caught:
        convert(data, to="cim")
    assert {p.code for p in caught.value.problems} == {"DOMAIN_INVALID"}
