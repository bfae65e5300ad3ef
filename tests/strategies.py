"""Hypothesis strategies for realistic Elhub values and domain documents.

Identifiers carry valid check digits (GS1 mod-10, mod-11, EIC), texts are Norwegian with æøå,
times carry Elhub's Oslo offsets (+01:00/+02:00) and 0-9 decimals, optional parts come and go,
lists run from empty to their maximum.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from hypothesis import strategies as st
from stdnum import ean
from stdnum.no import fodselsnummer, orgnr

from elhub_cim.core.profile import to_oslo
from elhub_cim.domain import (
    Acknowledgement,
    AcknowledgementStatus,
    AddressKind,
    Cadastral,
    Communication,
    CommunicationChannel,
    Coordinates,
    Customer,
    CustomerAddress,
    CustomerInformationNotification,
    Direction,
    EndOfSupplyConfirmation,
    EndOfSupplyNotification,
    EndOfSupplyRejection,
    EndOfSupplyRequest,
    EndUserId,
    EndUserScheme,
    EstimatedAnnualVolume,
    Header,
    MeasurementDefinition,
    MeteringPointCharacteristics,
    MeteringPointCharacteristicsNotification,
    Role,
    StartOfSupplyConfirmation,
    StartOfSupplyNotification,
    StartOfSupplyRejection,
    StartOfSupplyRequest,
    Taxation,
    Timestamp,
)

# Hypothesis profiles ("ci", "deep") are registered in tests/conftest.py.
from tests.test_lookup import gs1

NORWEGIAN_LETTERS = "abcdefghijklmnopqrstuvwxyzæøåABCDEFGHIJKLMNOPQRSTUVWXYZÆØÅ"


glns = gs1("70", 13)
gsrns = gs1("7070575", 18)
uuids = st.uuids(version=4).map(str)


def _orgnr_check_digit(base: str) -> str | None:
    remainder = sum(w * int(d) for w, d in zip((3, 2, 7, 6, 5, 4, 3, 2), base, strict=True)) % 11
    check = (11 - remainder) % 11
    return None if check == 10 else str(check)


@st.composite
def organisation_numbers(draw: st.DrawFn) -> str:
    while True:
        base = draw(st.text("0123456789", min_size=8, max_size=8).filter(lambda s: s[0] in "89"))
        check = _orgnr_check_digit(base)
        if check is not None:
            number = base + check
            assert orgnr.is_valid(number)
            return number


@st.composite
def national_identity_numbers(draw: st.DrawFn) -> str:
    """Synthetic fødselsnumre (valid check digits, birth dates 1900-1999)."""
    while True:
        day = draw(st.integers(1, 28))
        month = draw(st.integers(1, 12))
        year = draw(st.integers(0, 99))
        individual = draw(st.integers(0, 499))
        base = f"{day:02d}{month:02d}{year:02d}{individual:03d}"
        k1 = fodselsnummer.calc_check_digit1(base)
        if len(k1) != 1:
            continue
        k2 = fodselsnummer.calc_check_digit2(base + k1)
        if len(k2) != 1:
            continue
        number = base + k1 + k2
        if fodselsnummer.is_valid(number):
            return number


def words(min_size: int = 1, max_size: int = 20) -> st.SearchStrategy[str]:
    word = st.text(NORWEGIAN_LETTERS, min_size=1, max_size=12)
    return (
        st.lists(word, min_size=1, max_size=3)
        .map(" ".join)
        .filter(lambda s: min_size <= len(s) <= max_size)
    )


#: Repetitions: the "deep" profile reaches every XSD maximum (Communication and
#: MeasurementDefinition 99, characteristics 9 999, shared-production participants 1 000 of each
#: kind); any other profile ("ci") keeps each list at most CI_REPETITIONS long.
DEEP = os.environ.get("HYPOTHESIS_PROFILE", "ci") == "deep"
CI_REPETITIONS = 8


def repetitions(
    maximum: int, *, min_size: int = 0, deep: bool | None = None
) -> st.SearchStrategy[int]:
    """How often a repeated element occurs (``maximum``: the XSD's maxOccurs). Mostly 0–3,
    sometimes up to 120, and now and then the maximum or one less: one draw in 16 (one in 256
    past 1 000, where a document takes a minute to convert). Deep profile only (``deep``,
    default :data:`DEEP`); otherwise at most :data:`CI_REPETITIONS`. Shrinks to short lists."""
    top = max(min_size, maximum if (DEEP if deep is None else deep) else CI_REPETITIONS)
    top = min(top, max(maximum, min_size))
    short = st.integers(min_size, max(min_size, min(3, top)))
    middle = st.integers(min_size, max(min_size, min(120, top)))
    extreme = st.sampled_from([top, max(min_size, top - 1)])
    odds = 16 if maximum <= 1000 else 256
    return st.integers(0, odds - 1).flatmap(
        lambda k: extreme if k == odds - 1 else middle if k >= odds - 3 else short
    )


def repeated(
    element: st.SearchStrategy[Any],
    maximum: int,
    *,
    min_size: int = 0,
    distinct: Callable[[Any, int], Any] | None = None,
) -> st.SearchStrategy[list[Any]]:
    """Lists of ``element`` up to ``maximum`` within a size budget: at most three elements are
    drawn and repeated to the drawn length (a 9 999-long list costs no more entropy than a short
    one). ``distinct(item, i)`` makes copy ``i`` differ where a document needs distinct ones."""

    @st.composite
    def build(draw: st.DrawFn) -> list[Any]:
        count = draw(repetitions(maximum, min_size=min_size))
        if not count:
            return []
        drawn = draw(st.lists(element, min_size=1, max_size=min(count, 3)))
        items = [drawn[i % len(drawn)] for i in range(count)]
        if distinct is not None:
            items = [item if i < len(drawn) else distinct(item, i) for i, item in enumerate(items)]
        return items

    return build()


OSLO = ZoneInfo("Europe/Oslo")


def last_sunday(year: int, month: int) -> date:
    """The last Sunday of ``month``: Norway's clocks change on those of March and October."""
    day = date(year, month + 1, 1) - timedelta(days=1)
    return day - timedelta(days=(day.weekday() - 6) % 7)


#: The daylight-saving transition days of 2024-2027 (always at 01:00 UTC).
DST_DAYS = tuple(last_sunday(year, month) for year in range(2024, 2028) for month in (3, 10))


@st.composite
def oslo_moments(draw: st.DrawFn) -> datetime:
    """Aware Oslo times in 2024-2027; about half fall within a day and a half of a
    daylight-saving transition (many within minutes of the switch), where day lengths of 23
    and 25 hours, the missing hour and the repeated one break date arithmetic."""
    if draw(st.booleans()):
        day = draw(st.sampled_from(DST_DAYS))
        switch = datetime(day.year, day.month, day.day, 1, tzinfo=UTC)
        seconds = draw(st.integers(-120, 120) | st.integers(-36 * 3600, 36 * 3600))
        moment = switch + timedelta(seconds=seconds)
    else:
        moment = draw(
            st.datetimes(
                min_value=datetime(2024, 1, 1),
                max_value=datetime(2027, 12, 31),
                timezones=st.just(UTC),
            )
        )
    return moment.astimezone(OSLO)


@st.composite
def timestamps(draw: st.DrawFn, max_decimals: int = 3) -> Timestamp:
    """EMIF allows 9 decimals of a second in header times, 3 in payload times. Written in Elhub's
    convention, Europe/Oslo offsets (+01:00 or +02:00 as the instant has it), which is what the
    CIM profile's UTC times convert back to (docs/cim-profile.md §0.3); other lexical forms are
    tested on their own (tests/test_profile_0_2.py). Half the instants fall near a
    daylight-saving transition (:func:`oslo_moments`)."""
    if draw(st.booleans()):
        moment = draw(oslo_moments()).astimezone(UTC).replace(tzinfo=None)
    else:
        moment = draw(
            st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2027, 12, 31))
        )
    digits = draw(st.integers(0, max_decimals))
    base = moment.replace(tzinfo=UTC).strftime("%Y-%m-%dT%H:%M:%S")
    fraction = (
        "."
        + "".join(draw(st.lists(st.sampled_from("0123456789"), min_size=digits, max_size=digits)))
        if digits
        else ""
    )
    return Timestamp(to_oslo(base + fraction + "Z"))


def optional(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.none() | strategy


def headers(document_type: str, process: str, role: Role) -> st.SearchStrategy[Header]:
    @st.composite
    def build(draw: st.DrawFn) -> Header:
        sender = draw(glns)
        return Header(
            document_id=draw(uuids),
            document_type=document_type,
            created=draw(timestamps(max_decimals=9)),
            sender=sender,
            recipient=draw(glns),
            physical_sender=draw(st.just(sender) | glns),
            process=process,
            role=role,
            acknowledgement_requested=draw(optional(st.booleans())),
        )

    return build()


communications = st.builds(
    Communication,
    channel=st.sampled_from(list(CommunicationChannel)),
    number=st.from_regex(r"\+47 [49]\d{7}", fullmatch=True) | st.just("kunde@eksempel.no"),
    description=optional(words(max_size=40)),
)


@st.composite
def end_user_ids(draw: st.DrawFn) -> EndUserId:
    if draw(st.booleans()):
        return EndUserId(
            value=draw(organisation_numbers()), scheme=EndUserScheme.ORGANISATION_NUMBER
        )
    return EndUserId(
        value=draw(national_identity_numbers()), scheme=EndUserScheme.NATIONAL_IDENTITY_NUMBER
    )


@st.composite
def customers(
    draw: st.DrawFn, *, start_of_supply: bool = True, nace: bool | None = None, short: bool = False
) -> Customer:
    """``start_of_supply``: the customer of a start-of-supply document (extended storage flag,
    NACE code); ``nace=False`` for notifications that carry the flag but no NACE code."""
    with_nace = start_of_supply if nace is None else nace
    return Customer(
        id=draw(end_user_ids()),
        name=draw(optional(words(max_size=80))),
        given_name=draw(optional(words(max_size=40))),
        family_name=draw(optional(words(max_size=40))),
        extended_storage_metering_values=draw(st.booleans()) if start_of_supply else None,
        nace_division_code=draw(optional(st.from_regex(r"\d{2}\.\d{1,3}", fullmatch=True)))
        if with_nace
        else None,
        communications=draw(
            st.lists(communications, max_size=3) if short else repeated(communications, 99)
        ),
    )


@st.composite
def customer_addresses(draw: st.DrawFn, kind: AddressKind) -> CustomerAddress:
    return CustomerAddress(
        kind=kind,
        street_name=draw(optional(words(max_size=40))),
        street_code=draw(optional(st.from_regex(r"\d{4}", fullmatch=True))),
        building_number=draw(optional(st.from_regex(r"[1-9]\d{0,2}[A-F]?", fullmatch=True))),
        floor=draw(optional(st.from_regex(r"[1-9]", fullmatch=True))),
        room=draw(optional(st.from_regex(r"H0[1-9]0[1-9]", fullmatch=True))),
        postcode=draw(st.from_regex(r"\d{4}", fullmatch=True)),
        city=draw(words(max_size=30)).upper(),
        city_district=draw(optional(words(max_size=30))),
        municipality_code=draw(optional(st.from_regex(r"\d{4}", fullmatch=True))),
        country="NO",
        free_form=draw(optional(words(max_size=40))),
        po_box=draw(optional(st.from_regex(r"Postboks \d{1,4}", fullmatch=True))),
        care_of=draw(optional(words(max_size=40))),
        attention_of=draw(optional(words(max_size=40))),
        on_behalf_of=draw(optional(words(max_size=40))),
    )


@st.composite
def address_lists(draw: st.DrawFn) -> list[CustomerAddress]:
    kinds = draw(st.sampled_from([[AddressKind.POSTAL], [AddressKind.POSTAL, AddressKind.INVOICE]]))
    return [draw(customer_addresses(kind)) for kind in kinds]


START_OF_SUPPLY_PROCESSES = [
    ("BRS-NO-102", Role.BALANCE_SUPPLIER),
    ("BRS-NO-103", Role.BALANCE_SUPPLIER),
    ("BRS-NO-123", Role.GRID_ACCESS_PROVIDER),
]


@st.composite
def start_of_supply_requests(draw: st.DrawFn) -> StartOfSupplyRequest:
    process, role = draw(st.sampled_from(START_OF_SUPPLY_PROCESSES))
    return StartOfSupplyRequest(
        header=draw(headers("392", process, role)),
        start=draw(timestamps()),
        original_document_id=draw(optional(uuids)),
        metering_point=draw(gsrns),
        balance_supplier=draw(optional(glns)),
        move_in_to_supplier_of_last_resort=draw(optional(st.booleans()))
        if process == "BRS-NO-103"
        else None,
        consent_id=draw(optional(uuids)),
        customer=draw(customers()),
        customer_addresses=draw(address_lists()),
    )


@st.composite
def start_of_supply_confirmations(draw: st.DrawFn) -> StartOfSupplyConfirmation:
    process, role = draw(st.sampled_from(START_OF_SUPPLY_PROCESSES))
    return StartOfSupplyConfirmation(
        header=draw(headers("414", process, role)),
        start=draw(timestamps()),
        original_document_id=draw(uuids),
        metering_point=draw(gsrns),
    )


reason_codes = st.sampled_from(["E10", "E16", "E22", "EH001", "EH015", "EH065"])


@st.composite
def start_of_supply_rejections(draw: st.DrawFn) -> StartOfSupplyRejection:
    process, role = draw(st.sampled_from(START_OF_SUPPLY_PROCESSES))
    return StartOfSupplyRejection(
        header=draw(headers("406", process, role)),
        original_document_id=draw(uuids),
        reasons=draw(st.lists(reason_codes, min_size=1, max_size=99)),
        metering_point=draw(gsrns),
    )


# --- metering point master data (codes read from our XSDs, see tests/test_lookup.py) ----------

from tests.test_lookup import addresses as metering_point_addresses  # noqa: E402
from tests.test_lookup import cim_durations, details, eics, enumeration, meters  # noqa: E402


def _decimal(total: int, fraction: int, below: int) -> st.SearchStrategy[Decimal]:
    """Decimals with at most ``total`` digits, ``fraction`` of them after the point, in
    [0, below)."""
    return st.builds(
        lambda n, k: Decimal(n).scaleb(-k),
        st.integers(0, below * 10**fraction - 1).filter(lambda n: len(str(n)) <= total),
        st.just(fraction),
    ) | st.integers(0, below - 1).map(Decimal)


coordinates = st.builds(Coordinates, latitude=_decimal(8, 5, 90), longitude=_decimal(8, 5, 180))
cadastral = st.builds(
    Cadastral,
    farm_number=st.from_regex(r"\A[1-9][0-9]{0,3}\Z"),
    holding_number=st.from_regex(r"\A[1-9][0-9]{0,3}\Z"),
    section_number=optional(st.from_regex(r"\A[1-9][0-9]{0,2}\Z")),
    leasehold_number=optional(st.from_regex(r"\A[1-9][0-9]{0,2}\Z")),
)
annual_volumes = st.builds(
    EstimatedAnnualVolume,
    total_kwh=st.integers(0, 999_999_999_999),
    calculation_method=st.sampled_from(["Automatic", "Manual"]),
)
taxation = st.builds(
    Taxation,
    vat_code=optional(st.sampled_from(enumeration("VATCode"))),
    enova_fee_type=optional(st.sampled_from(enumeration("EnovaFeeType"))),
    enova_fee=optional(_decimal(5, 2, 100)),
    electricity_fee=optional(_decimal(5, 2, 100)),
    electricity_certificate_share=optional(_decimal(5, 2, 100)),
    consumption_code=optional(st.from_regex(r"\A[0-9]{1,4}\Z")),
    nace_division_code=optional(st.from_regex(r"\A[0-9]{2}\.[0-9]{1,3}\Z")),
)
measurement_definitions = st.builds(
    MeasurementDefinition,
    product=st.sampled_from(enumeration("Elhub_ProductIdentifierCode")),
    unit=st.sampled_from(["kWh", "kvarh"]),
    direction=st.sampled_from(list(Direction)),
    # What CIM carries exactly (N: a Channel without resolution); EMIF PT5M, PT60M:
    # tests/test_profile_codes.py.
    resolution=st.sampled_from([*cim_durations("ChannelResolutionType"), "N"]),
    exclude_from_settlement=optional(st.booleans()),
)

NOTIFY_PROCESSES = [
    ("BRS-NO-102", Role.GRID_ACCESS_PROVIDER),
    ("BRS-NO-103", Role.BALANCE_SUPPLIER),
    ("BRS-NO-123", Role.BALANCE_SUPPLIER),
    ("BRS-NO-201", Role.BALANCE_SUPPLIER),
    ("BRS-NO-211", Role.BALANCE_SUPPLIER),
    ("BRS-NO-305", Role.GRID_ACCESS_PROVIDER),
]
END_OF_SUPPLY_PROCESSES = [
    ("BRS-NO-201", Role.BALANCE_SUPPLIER),
    ("BRS-NO-211", Role.GRID_ACCESS_PROVIDER),
]


@st.composite
def start_of_supply_notifications(draw: st.DrawFn) -> StartOfSupplyNotification:
    process, role = draw(st.sampled_from(NOTIFY_PROCESSES))
    return StartOfSupplyNotification(
        header=draw(headers("414", process, role)),
        start=draw(timestamps()),
        metering_point=draw(gsrns),
        grid_area=draw(eics()),
        metering_point_address=draw(optional(metering_point_addresses)),
        coordinates=draw(optional(coordinates)),
        cadastral=draw(optional(cadastral)),
        balance_supplier=draw(glns),
        customer=draw(customers()),
        customer_addresses=draw(address_lists()),
        details=draw(optional(details)),
        estimated_annual_volume=draw(optional(annual_volumes)),
        meter=draw(optional(meters)),
        taxation=draw(optional(taxation)),
        measurement_definitions=draw(repeated(measurement_definitions, 99)),
    )


@st.composite
def end_of_supply_requests(draw: st.DrawFn) -> EndOfSupplyRequest:
    process, role = draw(st.sampled_from(END_OF_SUPPLY_PROCESSES))
    return EndOfSupplyRequest(
        header=draw(headers("432", process, role)),
        end=draw(timestamps()),
        original_document_id=draw(optional(uuids)),
        reason=draw(optional(st.sampled_from(enumeration("EndReasonType")))),
        metering_point=draw(gsrns),
        balance_supplier=draw(optional(glns)),
        customer=draw(customers(start_of_supply=False)),
        customer_addresses=draw(address_lists()),
    )


@st.composite
def end_of_supply_confirmations(draw: st.DrawFn) -> EndOfSupplyConfirmation:
    process, role = draw(st.sampled_from(END_OF_SUPPLY_PROCESSES))
    return EndOfSupplyConfirmation(
        header=draw(headers("414", process, role)),
        end=draw(timestamps()),
        original_document_id=draw(uuids),
        metering_point=draw(gsrns),
    )


@st.composite
def end_of_supply_rejections(draw: st.DrawFn) -> EndOfSupplyRejection:
    process, role = draw(st.sampled_from(END_OF_SUPPLY_PROCESSES))
    return EndOfSupplyRejection(
        header=draw(headers("406", process, role)),
        original_document_id=draw(uuids),
        reasons=draw(st.lists(reason_codes, min_size=1, max_size=99)),
        metering_point=draw(gsrns),
    )


@st.composite
def end_of_supply_notifications(draw: st.DrawFn) -> EndOfSupplyNotification:
    process, role = draw(st.sampled_from(NOTIFY_PROCESSES))
    return EndOfSupplyNotification(
        header=draw(headers("432", process, role)),
        end=draw(timestamps()),
        reason=draw(optional(st.sampled_from(enumeration("EndReasonType")))),
        metering_point=draw(gsrns),
        balance_supplier=draw(glns),
        customer=draw(customers(start_of_supply=False)),
        customer_addresses=draw(address_lists()),
    )


@st.composite
def characteristics(draw: st.DrawFn, *, short: bool = False) -> MeteringPointCharacteristics:
    """``short``: every list of the record short (the record is one of a long list)."""
    customer = draw(optional(customers(nace=False, short=short)))
    return MeteringPointCharacteristics(
        record_id=draw(optional(uuids)),
        original_document_id=draw(optional(uuids)),
        start=draw(timestamps()),
        end=draw(optional(timestamps())),
        metering_point=draw(gsrns),
        metering_point_address=draw(optional(metering_point_addresses)),
        coordinates=draw(optional(coordinates)),
        cadastral=draw(optional(cadastral)),
        balance_supplier=draw(optional(glns)),
        customer=customer,
        grid_area=draw(optional(eics())),
        details=draw(optional(details)),
        estimated_annual_volume=draw(optional(annual_volumes)),
        meter=draw(optional(meters)),
        taxation=draw(optional(taxation)),
        measurement_definitions=draw(
            st.lists(measurement_definitions, max_size=3)
            if short
            else repeated(measurement_definitions, 99)
        ),
    )


@st.composite
def characteristics_notifications(draw: st.DrawFn) -> MeteringPointCharacteristicsNotification:
    # Also a process of its own: BRS-NO-303 passes master data on to the supplier.
    process, role = draw(
        st.sampled_from([*NOTIFY_PROCESSES, ("BRS-NO-303", Role.BALANCE_SUPPLIER)])
    )
    return MeteringPointCharacteristicsNotification(
        header=draw(headers("21", process, role)),
        metering_points=draw(_metering_point_records()),
    )


@st.composite
def _metering_point_records(draw: st.DrawFn) -> list[MeteringPointCharacteristics]:
    """1 to 9 999 records (the XSD maximum); the records of a long list keep their own lists
    short, and each names another metering point."""
    count = draw(repetitions(9999, min_size=1))
    record = characteristics(short=count > 3)
    drawn = draw(st.lists(record, min_size=1, max_size=min(count, 3)))
    serial = draw(st.integers(0, 10**9))
    records = [drawn[i % len(drawn)] for i in range(count)]
    if count <= 3:
        return records
    return [
        r.model_copy(update={"metering_point": _gsrn(serial + i)}) for i, r in enumerate(records)
    ]


def _gsrn(serial: int) -> str:
    """A valid GSRN (GS1 check digit) for a serial number."""
    body = f"7070575{serial % 10**10:010d}"
    return body + ean.calc_check_digit(body)


@st.composite
def customer_information_notifications(draw: st.DrawFn) -> CustomerInformationNotification:
    # Also BRS-NO-301: the supplier's update passed on to the grid company.
    update = ("BRS-NO-301", Role.GRID_ACCESS_PROVIDER)
    process, role = draw(st.sampled_from([*NOTIFY_PROCESSES, update]))
    return CustomerInformationNotification(
        header=draw(headers("E65", process, role)),
        original_document_id=draw(optional(uuids)),
        start=draw(optional(timestamps())),
        snapshot=draw(timestamps()),
        metering_point=draw(gsrns),
        customer=draw(customers(nace=False)),
        customer_addresses=draw(address_lists()),
    )


@st.composite
def acknowledgements(draw: st.DrawFn) -> Acknowledgement:
    process, role = draw(st.sampled_from(START_OF_SUPPLY_PROCESSES + END_OF_SUPPLY_PROCESSES))
    header = draw(headers("294", process, role))
    # Either direction: from Elhub (its GLN as sender) or to Elhub.
    if draw(st.booleans()):
        header = header.model_copy(update={"sender": ELHUB_GLN, "physical_sender": ELHUB_GLN})
    else:
        header = header.model_copy(update={"recipient": ELHUB_GLN})
    status = draw(st.sampled_from(list(AcknowledgementStatus)))
    return Acknowledgement(
        header=header,
        status=status,
        original_document_id=draw(uuids),
        original_payload_id=draw(optional(uuids)),
        reasons=draw(st.lists(reason_codes, max_size=5))
        if status is AcknowledgementStatus.REJECTED
        else [],
    )


ELHUB_GLN = "7080001473624"  # one of ConversionOptions' default Elhub GLNs (our examples')

#: document name (as in the mapping tables) → strategy of domain documents
DOCUMENTS: dict[str, st.SearchStrategy[Any]] = {
    "start_of_supply_request": start_of_supply_requests(),
    "start_of_supply_confirmation": start_of_supply_confirmations(),
    "start_of_supply_rejection": start_of_supply_rejections(),
    "start_of_supply_notification": start_of_supply_notifications(),
    "end_of_supply_request": end_of_supply_requests(),
    "end_of_supply_confirmation": end_of_supply_confirmations(),
    "end_of_supply_rejection": end_of_supply_rejections(),
    "end_of_supply_notification": end_of_supply_notifications(),
    "metering_point_characteristics_notification": characteristics_notifications(),
    "customer_information_notification": customer_information_notifications(),
    "acknowledgement": acknowledgements(),
}

# Master data (302) and third-party access (622): tests/strategies_master_data.py.
from tests.strategies_master_data import MASTER_DATA_DOCUMENTS  # noqa: E402

DOCUMENTS.update(MASTER_DATA_DOCUMENTS)

__all__ = [
    "DOCUMENTS",
    "glns",
    "gsrns",
    "national_identity_numbers",
    "organisation_numbers",
    "uuid",
]
