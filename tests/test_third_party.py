"""BRS-NO-624 return message: JSON ⇄ CIM ⇄ domain, its JSON Schema, and the builder."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import jsonschema  # type: ignore[import-untyped]
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from elhub_cim.convert import UnsupportedDocumentError, convert, from_domain, to_domain
from elhub_cim.core.errors import DateOutOfRangeError
from elhub_cim.domain import MeteringPointCharacteristicsNotification, Timestamp
from elhub_cim.domain.lookup import UpfrontResponse
from elhub_cim.domain.third_party import (
    AnnualEstimate,
    EnergyDirection,
    ThirdPartyAccessNotification,
    ThirdPartyAddress,
    ThirdPartyMeteringPoint,
)
from elhub_cim.mapping import document_mappings
from elhub_cim.third_party import (
    JSON_SCHEMA_FILE,
    MissingGridOwnerNameError,
    build_third_party_access,
    json_schema,
    third_party_metering_point,
)
from tests.test_lookup import PROPERTY, glns, gsrns, headers, optional, timestamps, uuids, words
from tests.xmlcompare import assert_same_xml

PROJECT = Path(__file__).resolve().parents[1]
CIM_EXAMPLE = PROJECT / "examples" / "cim" / "NotifyThirdPartyAccess_BRS-NO-624.xml"
RESPONSE_611 = PROJECT / "examples" / "ebix" / "ResponseUpfrontMeteringPointCharacteristics.xml"
NOTIFY_MPC = PROJECT / "examples" / "ebix" / "NotifyMeteringPointCharacteristics.xml"
GRID_OWNERS = {"7080005188463": "Skaun Nett AS", "7080030004042": "Nidaros Nett AS"}
SCHEMA = json.loads((PROJECT / JSON_SCHEMA_FILE).read_text(encoding="utf-8"))


def _json_round_trip(document: ThirdPartyAccessNotification) -> ThirdPartyAccessNotification:
    data = document.model_dump_json()
    jsonschema.validate(json.loads(data), SCHEMA)
    return ThirdPartyAccessNotification.model_validate_json(data)


def test_json_schema_is_committed_and_fresh() -> None:
    committed = json.loads((PROJECT / JSON_SCHEMA_FILE).read_text(encoding="utf-8"))
    assert committed == json_schema(), "regenerate: python -m elhub_cim.third_party"


def test_cim_example_round_trips_cim_domain_json() -> None:
    data = CIM_EXAMPLE.read_bytes()
    document = to_domain(data)
    assert isinstance(document, ThirdPartyAccessNotification)
    point = document.metering_points[0]
    assert point.plus_customer
    assert point.estimated_annual_consumption_kwh == 14500
    assert point.estimated_annual_production_kwh == 3200
    assert point.grid_owner_name == "Nidaros Nett AS"
    again = _json_round_trip(document)
    assert again == document
    assert_same_xml(data, from_domain(again, "cim"))
    assert_same_xml(data, convert(data, to="cim").data)


def test_624_has_no_ebix_form() -> None:
    with pytest.raises(UnsupportedDocumentError, match="no ebix form"):
        convert(CIM_EXAMPLE.read_bytes(), to="ebix")


def test_production_only_for_plus_customers() -> None:
    base = to_domain(CIM_EXAMPLE).metering_points[0]  # type: ignore[attr-defined]
    data = base.model_dump()
    with pytest.raises(ValidationError, match="plus customer"):
        ThirdPartyMeteringPoint.model_validate({**data, "metering_point_type": "E17"})
    consumption_only = [{"direction": "Out", "total_kwh": 1}]
    ThirdPartyMeteringPoint.model_validate(
        {**data, "metering_point_type": "E17", "annual_estimates": consumption_only}
    )
    with pytest.raises(ValidationError, match="one annual estimate per direction"):
        ThirdPartyMeteringPoint.model_validate(
            {**data, "annual_estimates": consumption_only + consumption_only}
        )


def test_the_missing_name_flag_must_agree() -> None:
    data = to_domain(CIM_EXAMPLE).metering_points[0].model_dump(mode="json")  # type: ignore[attr-defined]
    assert data["grid_owner_name_missing"] is False
    ThirdPartyMeteringPoint.model_validate(data)
    with pytest.raises(ValidationError, match="does not agree"):
        ThirdPartyMeteringPoint.model_validate({**data, "grid_owner_name_missing": True})


# --- builder ------------------------------------------------------------------------------------


def test_build_from_a_611_response() -> None:
    response = to_domain(RESPONSE_611)
    assert isinstance(response, UpfrontResponse)
    message = build_third_party_access(
        response,
        register=GRID_OWNERS,
        recipient="7080006551280",
        valid_from="2026-10-05T14:00:00+02:00",
        valid_to="2027-10-05T14:00:00+02:00",
        grant_id="e8594e31-147c-487e-8a99-169a5b4cc4da",
        document_id="7df18777-9733-4324-9b72-b2af81e18d0c",
        created="2026-10-05T14:00:03+02:00",
    )
    first, cowshed, solar = message.metering_points
    assert first.grid_owner_name == "Skaun Nett AS"
    assert first.address == ThirdPartyAddress(
        street_name="Åsheimsvegen", building_number="214", postcode="7350", city="BUVIKA"
    )
    assert first.meter_id == "6970631408026453"
    assert first.consumption_code == "Z3"
    assert first.estimated_annual_consumption_kwh == 14200
    assert first.estimated_annual_production_kwh is None
    assert cowshed.estimated_annual_consumption_kwh == 61800
    # a production point (E18) is no plus customer: no estimate is passed on
    assert solar.metering_point_type == "E18"
    assert solar.annual_estimates == []
    assert message.header.process == "BRS-NO-624"
    cim = from_domain(message, "cim")  # validated against the profile XSD
    assert to_domain(cim) == message
    assert _json_round_trip(message) == message


def test_build_from_notify_metering_point_characteristics_with_a_register_object() -> None:
    notification = to_domain(NOTIFY_MPC)
    assert isinstance(notification, MeteringPointCharacteristicsNotification)

    class Register:
        def name_of(self, gln: str) -> str | None:
            return {"7080005188463": "Nettselskapet AS"}.get(gln)

    message = build_third_party_access(
        notification,
        register=Register(),
        recipient="7080006551280",
        valid_from="2026-10-05T12:00:00+02:00",
        grid_owner="7080005188463",
    )
    source = notification.metering_points[0]
    point = message.metering_points[0]
    assert point.metering_point == source.metering_point
    assert point.grid_owner_name == "Nettselskapet AS"
    if source.meter is not None:
        assert point.meter_id == source.meter.meter_id
    assert to_domain(from_domain(message, "cim")) == message


def test_a_missing_grid_owner_name_is_an_error_or_explicit() -> None:
    response = to_domain(RESPONSE_611)
    assert isinstance(response, UpfrontResponse)
    options: dict[str, Any] = {
        "recipient": "7080006551280",
        "valid_from": "2026-10-05T14:00:00+02:00",
    }
    with pytest.raises(MissingGridOwnerNameError) as caught:
        build_third_party_access(response, register={}, **options)
    assert len(caught.value.problems) == 3
    assert "7080005188463" in str(caught.value)
    notification = to_domain(NOTIFY_MPC)
    with pytest.raises(MissingGridOwnerNameError, match="pass grid_owner"):
        build_third_party_access(notification, register=GRID_OWNERS, **options)  # type: ignore[arg-type]
    message = build_third_party_access(response, register={}, allow_missing_name=True, **options)
    point = message.metering_points[0]
    assert point.grid_owner == "7080005188463"
    assert point.grid_owner_name is None
    assert json.loads(message.model_dump_json())["metering_points"][0]["grid_owner_name_missing"]
    again = to_domain(from_domain(message, "cim"))
    assert isinstance(again, ThirdPartyAccessNotification)
    assert again == message
    assert again.metering_points[0].grid_owner_name_missing


class _Parties:
    def __init__(self, name: str) -> None:
        self.name = name

    def name_of(self, gln: str) -> str | None:
        return self.name


@pytest.mark.parametrize("blank", ["", "   ", "\t\n"])
def test_a_blank_grid_owner_name_is_a_missing_one(blank: str) -> None:
    """A register row with a name of spaces was taken as the name: the message carried a
    blank where the promise is an error or an explicit grid_owner_name_missing."""
    response = to_domain(RESPONSE_611)
    assert isinstance(response, UpfrontResponse)
    options: dict[str, Any] = {"recipient": "7080006551280", "valid_from": "2026-10-05T12:00:00Z"}
    for register in ({"7080005188463": blank}, _Parties(blank)):
        with pytest.raises(MissingGridOwnerNameError):
            build_third_party_access(response, register=register, **options)
        message = build_third_party_access(
            response, register=register, allow_missing_name=True, **options
        )
        assert all(point.grid_owner_name_missing for point in message.metering_points)
    padded = build_third_party_access(
        response, register={"7080005188463": " Skaun Nett AS "}, **options
    )
    assert padded.metering_points[0].grid_owner_name == "Skaun Nett AS"
    with pytest.raises(TypeError, match="7080005188463 is of type int, not str"):
        build_third_party_access(response, register={"7080005188463": 5}, **options)  # type: ignore[dict-item]


FNR = "15058512343"  # synthetic, both check digits right


@pytest.mark.parametrize(
    "argument",
    [{"production": {FNR: 4100}}, {"valid_from": FNR}, {"valid_to": FNR}, {"created": FNR}],
)
def test_an_identity_number_given_by_mistake_is_never_shown(argument: dict[str, Any]) -> None:
    """A national identity number where a metering point or a time belongs was quoted in the
    ValueError (and so in a log or a traceback)."""
    response = to_domain(RESPONSE_611)
    assert isinstance(response, UpfrontResponse)
    options: dict[str, Any] = {
        "register": GRID_OWNERS,
        "recipient": "7080006551280",
        "valid_from": "2026-10-05T12:00:00Z",
        **argument,
    }
    with pytest.raises(ValueError, match="<masked national id>") as caught:
        build_third_party_access(response, **options)
    assert FNR not in str(caught.value)
    assert "<masked national id>" in str(caught.value)

    with pytest.raises(DateOutOfRangeError):  # (kept as it is: not made a plain ValueError)
        build_third_party_access(response, **{**options, "valid_from": "9999-12-31T23:30:00Z"})


def test_production_estimate_for_a_plus_customer() -> None:
    response = to_domain(RESPONSE_611)
    assert isinstance(response, UpfrontResponse)
    point = response.metering_points[0]
    plus = point.model_copy(
        update={"details": point.details.model_copy(update={"metering_point_type": "E19"})}
    )
    options: dict[str, Any] = {
        "recipient": "7080006551280",
        "valid_from": "2026-10-05T14:00:00+02:00",
    }
    message = build_third_party_access(
        [plus], register=GRID_OWNERS, production={point.metering_point: 4100}, **options
    )
    assert message.metering_points[0].estimated_annual_production_kwh == 4100
    with pytest.raises(ValueError, match="not a plus customer"):
        build_third_party_access(
            [point], register=GRID_OWNERS, production={point.metering_point: 4100}, **options
        )


@pytest.mark.parametrize("estimate", [True, "4100", 4100.0, Decimal("4100")])
def test_a_production_estimate_that_is_no_whole_number_is_refused(estimate: Any) -> None:
    # production={mp: True} was an estimate of 1 kWh, "4100" one of 4100 kWh: a flag or a text
    # given by mistake went out to the third party as a figure.
    response = to_domain(RESPONSE_611)
    assert isinstance(response, UpfrontResponse)
    point = response.metering_points[0]
    plus = point.model_copy(
        update={"details": point.details.model_copy(update={"metering_point_type": "E19"})}
    )
    with pytest.raises(TypeError, match="a whole number of kWh"):
        build_third_party_access(
            [plus],
            register=GRID_OWNERS,
            recipient="7080006551280",
            valid_from="2026-10-05T14:00:00+02:00",
            production={point.metering_point: estimate},
        )


def test_a_production_estimate_for_a_metering_point_not_in_the_message_is_refused() -> None:
    response = to_domain(RESPONSE_611)
    assert isinstance(response, UpfrontResponse)
    stranger = "707057500000000018"
    assert stranger not in {p.metering_point for p in response.metering_points}
    with pytest.raises(ValueError, match=stranger):
        build_third_party_access(
            response,
            register=GRID_OWNERS,
            recipient="7080006551280",
            valid_from="2026-10-05T14:00:00+02:00",
            production={stranger: 4100},
        )


def test_of_a_metering_points_history_the_record_in_force_when_access_starts_is_used() -> None:
    # The example notification holds one metering point twice (January to July, then from
    # July): the 624 message listed it twice, the record that no longer holds beside the
    # current one, and the third party could not tell which is the point's basic data.
    notification = to_domain(NOTIFY_MPC)
    assert isinstance(notification, MeteringPointCharacteristicsNotification)
    first, second = notification.metering_points
    assert first.metering_point == second.metering_point
    assert first.end == second.start
    options: dict[str, Any] = {
        "register": GRID_OWNERS,
        "recipient": "7080006551280",
        "grid_owner": "7080005188463",
    }
    for valid_from, record in [
        ("2026-10-05T14:00:00+02:00", second),
        ("2026-07-01T00:00:00+02:00", second),  # the second's start: in force from then
        ("2026-06-30T23:59:59+02:00", first),
    ]:
        message = build_third_party_access(notification, valid_from=valid_from, **options)
        assert len(message.metering_points) == 1
        built = third_party_metering_point(
            record,
            GRID_OWNERS,
            valid_from=valid_from,
            grid_owner="7080005188463",
            record_id=message.metering_points[0].record_id,
        )
        assert message.metering_points[0] == built
    # None in force (before the history): refused, naming the point, never a guess.
    with pytest.raises(ValueError, match=f"{first.metering_point} \\(2 records, 0 in force\\)"):
        build_third_party_access(notification, valid_from="2025-12-31T12:00:00Z", **options)
    # Two records of a 611 response (no validity to choose by) are refused too.
    response = to_domain(RESPONSE_611)
    assert isinstance(response, UpfrontResponse)
    point = response.metering_points[0]
    with pytest.raises(ValueError, match=f"{point.metering_point} \\(2 records, 0 in force\\)"):
        build_third_party_access([point, point], valid_from="2026-10-05T14:00:00+02:00", **options)


@pytest.mark.parametrize("valid_to", ["2026-10-05T14:00:00+02:00", "2026-10-05T11:59:59Z"])
def test_access_that_ends_before_it_starts_is_refused(valid_to: str) -> None:
    response = to_domain(RESPONSE_611)
    assert isinstance(response, UpfrontResponse)
    with pytest.raises(ValueError, match="not after"):
        build_third_party_access(
            response,
            register=GRID_OWNERS,
            recipient="7080006551280",
            valid_from="2026-10-05T14:00:00+02:00",
            valid_to=valid_to,
        )


# --- properties ---------------------------------------------------------------------------------


@st.composite
def third_party_points(draw: st.DrawFn) -> ThirdPartyMeteringPoint:
    kind = draw(optional(st.sampled_from(["E17", "E18", "E19"])))
    estimates = []
    if draw(st.booleans()):
        estimates.append(
            AnnualEstimate(
                direction=EnergyDirection.CONSUMPTION, total_kwh=draw(st.integers(0, 10**12 - 1))
            )
        )
    if kind == "E19" and draw(st.booleans()):
        estimates.append(
            AnnualEstimate(
                direction=EnergyDirection.PRODUCTION, total_kwh=draw(st.integers(0, 10**9))
            )
        )
    return ThirdPartyMeteringPoint(
        record_id=draw(uuids),
        grant_id=draw(optional(uuids)),
        valid_from=Timestamp(draw(timestamps(3))),
        valid_to=draw(optional(timestamps(3).map(Timestamp))),
        metering_point=draw(gsrns),
        grid_owner=draw(optional(glns)),
        grid_owner_name=draw(optional(words(80))),
        metering_point_type=kind,
        meter_id=draw(optional(st.text("0123456789", min_size=1, max_size=18))),
        address=draw(
            optional(
                st.builds(
                    ThirdPartyAddress,
                    street_name=optional(words(150)),
                    building_number=optional(st.from_regex(r"\A[1-9][0-9]{0,2}[A-H]?\Z")),
                    postcode=st.from_regex(r"\A[0-9]{4}\Z"),
                    city=words(50).map(str.upper),
                )
            )
        ),
        consumption_code=draw(optional(st.sampled_from(["1", "2", "Z3"]))),
        annual_estimates=estimates,
    )


notifications = st.builds(
    ThirdPartyAccessNotification,
    header=headers("E07", [], from_elhub=True, process="BRS-NO-624", role="AG"),
    metering_points=st.lists(third_party_points(), min_size=1, max_size=5),
)


@PROPERTY
@given(notifications)
def test_random_624_messages_round_trip_json_cim_domain(
    message: ThirdPartyAccessNotification,
) -> None:
    cim = from_domain(message, "cim")
    assert to_domain(cim) == message
    from_json = _json_round_trip(message)
    assert from_json == message
    assert_same_xml(cim, from_domain(from_json, "cim"))


def test_a_cim_only_document_can_include_the_shared_header() -> None:
    from elhub_cim.core.binding import binding_class
    from elhub_cim.mapping.tables import _Compiler, structures

    mapping = document_mappings()["third_party_access"]
    classes: dict[Any, Any] = {"ebix": None, "cim": binding_class(mapping.message_types["cim"])}
    _Compiler(structures(), "test").group(
        {"include": ["header"]}, classes, ThirdPartyAccessNotification, "test"
    )


def test_a_path_or_bytes_is_read_first_with_to_domain() -> None:
    for wrong in (RESPONSE_611, RESPONSE_611.read_bytes(), [RESPONSE_611]):
        with pytest.raises(TypeError, match=r"elhub_cim\.to_domain\(path\) reads one"):
            build_third_party_access(
                wrong,  # type: ignore[arg-type]
                register={},
                recipient="7080010000002",
                valid_from="2026-01-01T00:00:00+01:00",
            )


@pytest.mark.parametrize(
    ("valid_from", "valid_to", "created"),
    [
        ("2026-10-05T12:00:00Z", "2027-01-05T12:00:00.250Z", "2026-10-05T12:00:03Z"),
        (
            datetime(2026, 10, 5, 12, tzinfo=UTC),
            datetime(2027, 1, 5, 12, tzinfo=UTC),
            datetime(2026, 10, 5, 12, 0, 3, tzinfo=UTC),
        ),
    ],
)
def test_built_times_are_in_elhubs_convention_and_survive_a_cim_round_trip(
    valid_from: Any, valid_to: Any, created: Any
) -> None:
    # The module's own example passes valid_from in UTC ("...Z"): the message kept it so, its
    # CIM form read back as Oslo time (+02:00), and the message was not the one built.
    message = build_third_party_access(
        to_domain(RESPONSE_611, UpfrontResponse),
        register=GRID_OWNERS,
        recipient="7080006551280",
        valid_from=valid_from,
        valid_to=valid_to,
        created=created,
    )
    point = message.metering_points[0]
    assert str(point.valid_from) == "2026-10-05T14:00:00+02:00"
    assert str(point.valid_to).endswith("+01:00")
    assert str(message.header.created) == "2026-10-05T14:00:03+02:00"
    assert to_domain(from_domain(message, "cim")) == message
    assert _json_round_trip(message) == message


def test_uuids_given_in_upper_case_are_the_same_uuids() -> None:
    # Replies take an upper-case UUID as the same UUID (written in lower case, the profile's
    # form); the 624 builder refused it with pydantic's pattern error.
    grant, document, record = (
        "E8594E31-147C-487E-8A99-169A5B4CC4DA",
        "7DF18777-9733-4324-9B72-B2AF81E18D0C",
        "0C8D9B5E-1F2A-4B3C-8D4E-5F6A7B8C9D0E",
    )
    message = build_third_party_access(
        to_domain(RESPONSE_611, UpfrontResponse),
        register=GRID_OWNERS,
        recipient="7080006551280",
        valid_from="2026-10-05T14:00:00+02:00",
        grant_id=grant,
        document_id=document,
    )
    assert message.header.document_id == document.lower()
    assert {point.grant_id for point in message.metering_points} == {grant.lower()}
    response = to_domain(RESPONSE_611, UpfrontResponse)
    point = third_party_metering_point(
        response.metering_points[0],
        GRID_OWNERS,
        valid_from="2026-10-05T14:00:00+02:00",
        record_id=record,
    )
    assert point.record_id == record.lower()


def test_a_key_given_twice_in_the_rest_json_is_refused_where_it_is() -> None:
    # pydantic keeps the last of two values of a key: {"city": "A", "city": "B"} was read as
    # "B", and the message said one thing and was taken as another.
    text = CIM_EXAMPLE.read_bytes()
    data = to_domain(text).model_dump_json()
    assert '"city":"' in data
    twice = data.replace('"city":"', '"city":"TRONDHEIM","city":"', 1)
    with pytest.raises(ValidationError) as caught:
        ThirdPartyAccessNotification.model_validate_json(twice)
    (error,) = caught.value.errors()
    assert error["type"] == "duplicate_key"
    assert error["loc"] == ("metering_points", 0, "address", "city")
    assert "'city' is given more than once" in error["msg"]
    # at the top level and in bytes alike; the message is read as before without one
    top = b'{"header": {}, "header": {}, "metering_points": []}'
    with pytest.raises(ValidationError, match=r"(?s)header\n.*'header' is given more than once"):
        ThirdPartyAccessNotification.model_validate_json(top)
    assert ThirdPartyAccessNotification.model_validate_json(data.encode()) == to_domain(text)
    # a repeated name is shown masked (a key is input like any value)
    with pytest.raises(ValidationError) as masked:
        ThirdPartyAccessNotification.model_validate_json('{"01019000083": 1, "01019000083": 2}')
    assert "01019000083" not in str(masked.value)
    assert "<masked national id>" in str(masked.value)


@pytest.mark.parametrize(
    ("where", "value"),
    [
        (("metering_points", 0, "annual_estimates", 0, "total_kwh"), True),
        (("metering_points", 0, "annual_estimates", 0, "total_kwh"), "14500"),
        (("metering_points", 0, "grid_owner_name_missing"), 0),
    ],
)
def test_the_rest_json_is_read_as_its_schema_says(where: tuple[str | int, ...], value: Any) -> None:
    # The model took what the published JSON Schema refuses: "total_kwh": true was 1 kWh, a
    # number in quotes a number, 0 a boolean; a client checked by the schema and one read by the
    # model disagreed about the same message.
    data = json.loads(to_domain(CIM_EXAMPLE).model_dump_json())
    inner = data
    for step in where[:-1]:
        inner = inner[step]
    inner[where[-1]] = value
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, SCHEMA)
    with pytest.raises(ValidationError) as caught:
        ThirdPartyAccessNotification.model_validate_json(json.dumps(data))
    # where it is (the flag, a read-only field, is checked on its record)
    loc = tuple(caught.value.errors()[0]["loc"])
    assert loc == where[: len(loc)]
    assert len(loc) >= 2


@pytest.mark.parametrize("read", ["json", "python"])
def test_no_identity_number_in_the_errors_of_a_624_message_read(read: str) -> None:
    # An identity number given where a time goes was quoted by the error ("not a date-time Elhub
    # can carry: '01019000083'"), and one given as a key was the path of "Extra inputs are not
    # permitted": the REST service printing the error printed the number.
    number = "01019000083"
    data = json.loads(to_domain(CIM_EXAMPLE).model_dump_json())
    data["header"]["created"] = number
    data["metering_points"][0]["valid_from"] = number
    data["metering_points"][0][number] = 1

    def reader() -> ThirdPartyAccessNotification:
        if read == "json":
            return ThirdPartyAccessNotification.model_validate_json(json.dumps(data))
        return ThirdPartyAccessNotification.model_validate(data)

    with pytest.raises(ValidationError) as caught:
        reader()
    shown = str(caught.value) + repr(caught.value.errors())
    assert number not in shown
    found = {tuple(e["loc"]): e for e in caught.value.errors()}
    assert found[("header", "created")]["type"] == "value_error"
    assert "not a date-time Elhub can carry: '<masked national id>'" in shown
    assert found[("metering_points", 0, "<masked national id>")]["type"] == "extra_forbidden"
    assert len(found) == 3


@pytest.mark.parametrize("written", ["14500.0", "1.45e4", "14500.000"])
def test_a_whole_number_written_with_a_fraction_is_an_integer_as_the_schema_says(
    written: str,
) -> None:
    # JSON Schema's "integer" takes 14500.0 (a number with no fraction): read strictly, the
    # model refused a message the published schema accepts.
    data = to_domain(CIM_EXAMPLE).model_dump_json()
    assert '"total_kwh":14500' in data
    text = data.replace('"total_kwh":14500', f'"total_kwh":{written}', 1)
    jsonschema.validate(json.loads(text), SCHEMA)
    message = ThirdPartyAccessNotification.model_validate_json(text)
    assert message.metering_points[0].estimated_annual_consumption_kwh == 14500
    assert message == to_domain(CIM_EXAMPLE)
    # a fraction is still refused, and so is a number too large for the field
    for wrong in ("14500.5", "1e400"):
        with pytest.raises(ValidationError):
            ThirdPartyAccessNotification.model_validate_json(
                data.replace('"total_kwh":14500', f'"total_kwh":{wrong}', 1)
            )
