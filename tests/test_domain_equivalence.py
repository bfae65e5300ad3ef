"""Cheaper formulations of domain validation decide as the plain ones they replaced.

Each changed type or validator is compared here with the formulation it replaced, kept in this
file as the reference: the same values are accepted (as equal values of the same type) and the
same are refused (with the same error types).
"""

from __future__ import annotations

import re
import uuid
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any, cast

from hypothesis import example, given
from hypothesis import strategies as st
from pydantic import Field, TypeAdapter, ValidationError, model_validator

from elhub_cim.domain import Brs
from elhub_cim.domain.common import Process, Text
from elhub_cim.domain.lookup import UpfrontMeteringPoint, UpfrontResponse
from elhub_cim.domain.metering import (
    BillingSeries,
    CollectedSeries,
    MeterReading,
    ObservationPeriod,
    Quantity,
    QuantityQuality,
    SeriesPoint,
    whole_minute,
)
from elhub_cim.domain.supply import derived_record_id
from elhub_cim.domain.timestamp import _TIMESTAMP, Timestamp, at_most_milliseconds

#: The quantity types as they were, with bounds of their own.
_BOUNDED_QUANTITY = Annotated[
    Decimal,
    Field(
        gt=Decimal(-(10**12)),
        lt=Decimal(10**12),
        max_digits=15,
        decimal_places=3,
        allow_inf_nan=False,
    ),
]
_BOUNDED_READING = Annotated[
    Decimal,
    Field(ge=Decimal(0), lt=Decimal(10**12), max_digits=15, decimal_places=3, allow_inf_nan=False),
]

_QUANTITY_PAIRS: list[tuple[TypeAdapter[Any], TypeAdapter[Any]]] = [
    (TypeAdapter(Quantity), TypeAdapter(_BOUNDED_QUANTITY)),
    (TypeAdapter(MeterReading), TypeAdapter(_BOUNDED_READING)),
]


def _outcome(adapter: TypeAdapter[Any], value: Any) -> tuple[str, Any]:
    try:
        found = adapter.validate_python(value)
    except ValidationError as error:
        return "refused", [(e["type"], e["loc"], e["msg"]) for e in error.errors()]
    return "accepted", (type(found), str(found))


@st.composite
def _decimal_texts(draw: st.DrawFn) -> str:
    """Numbers written as EMIF and CIM write them, and as they may not: signs, leading and
    trailing zeros, 0 to 17 whole digits, 0 to 6 decimals, exponents, whitespace."""
    sign = draw(st.sampled_from(["", "-", "+"]))
    whole = draw(st.text("0123456789", max_size=17))
    fraction = draw(st.none() | st.text("0123456789", max_size=6))
    exponent = draw(st.none() | st.integers(-20, 20))
    text = sign + whole + ("" if fraction is None else "." + fraction)
    if exponent is not None:
        text += f"e{exponent}"
    return draw(st.sampled_from(["", " "])) + text


_VALUES = (
    _decimal_texts()
    | st.decimals(allow_nan=True, allow_infinity=True)
    | st.integers(-(10**16), 10**16)
    | st.floats()
    | st.sampled_from(["NaN", "-Infinity", "1_000", "١٢", "", "-", "."])
)


@given(_VALUES)
@example("1e12")
@example("-1e12")
@example("999999999999.999")
@example("-999999999999.999")
@example("999999999999.9995")
@example("1000000000000")
@example("-0")
@example("-0.000")
@example("0e20")
@example("0.01e13")
@example(Decimal("1E+12"))
@example(Decimal("-0E+15"))
@example(10**12)
@example(-(10**12))
@example(1e12)
def test_quantity_without_own_bounds_decides_as_with_them(value: Any) -> None:
    for changed, reference in _QUANTITY_PAIRS:
        assert _outcome(changed, value) == _outcome(reference, value)


class _PointAsItWas(SeriesPoint):
    """SeriesPoint with its check as it was (every field of the usual point read)."""

    @model_validator(mode="after")
    def _check(self) -> _PointAsItWas:
        quality = self.quality
        if (
            quality is QuantityQuality.METERED
            and self.estimated_quality is None
            and self.validation_code is None
            and self.estimation_code is None
            and self.imbalance_settlement is None
        ):
            if self.quantity < 0:
                raise ValueError(f"a {quality.value} quantity cannot be negative")
            return self
        needs: dict[str, bool] = {
            "estimated_quality": quality is QuantityQuality.ESTIMATED,
            "validation_code": quality in (QuantityQuality.ESTIMATED, QuantityQuality.TEMPORARY),
            "estimation_code": quality is QuantityQuality.ESTIMATED,
        }
        allowed: dict[str, bool] = {
            "estimated_quality": quality is QuantityQuality.ESTIMATED,
            "validation_code": needs["validation_code"],
            "estimation_code": needs["validation_code"],
            "imbalance_settlement": quality is QuantityQuality.CALCULATED,
        }
        if self.imbalance_settlement is False:
            raise ValueError("imbalance_settlement is true or absent (EMIF fixes it to true)")
        for name, ok in allowed.items():
            if getattr(self, name) is not None and not ok:
                raise ValueError(f"a {quality.value} value has no {name}")
        for name, required in needs.items():
            if required and getattr(self, name) is None:
                raise ValueError(f"a {quality.value} value needs {name}")
        if self.quantity < 0 and quality is not QuantityQuality.CALCULATED:
            raise ValueError(f"a {quality.value} quantity cannot be negative")
        return self


def _point_outcome(model: type[SeriesPoint], value: dict[str, Any]) -> tuple[str, Any]:
    try:
        found = model.model_validate(value)
    except ValidationError as error:
        return "refused", [(e["type"], e["loc"], e["msg"]) for e in error.errors()]
    return "accepted", (found.model_dump(), found.model_fields_set)


_POINTS = st.fixed_dictionaries(
    {"position": st.sampled_from(["1", "24", 3, "0"])},
    optional={
        "quantity": st.sampled_from(["0", "-0", "-0.001", "1.5", "-12", "1e12", "x"]),
        "quality": st.sampled_from([*QuantityQuality, "metered", "calculated", "other"]),
        "estimated_quality": st.sampled_from([None, "56", "81", "99"]),
        "validation_code": st.sampled_from([None, "V001", "V999", "V000"]),
        "estimation_code": st.sampled_from([None, "E001", "E008", "E009"]),
        "imbalance_settlement": st.sampled_from([None, True, False, "true"]),
        "other": st.just(1),
    },
)


@given(_POINTS)
@example({"position": "1", "quantity": "-1", "estimated_quality": None})
@example({"position": "1", "quantity": "-1", "quality": "metered", "imbalance_settlement": None})
def test_point_check_decides_as_it_did(point: dict[str, Any]) -> None:
    assert _point_outcome(SeriesPoint, point) == _point_outcome(_PointAsItWas, point)


_PROCESS = TypeAdapter(Process)
_PROCESS_AS_IT_WAS: TypeAdapter[Any] = TypeAdapter(Brs | Text)


@given(
    st.sampled_from([*Brs, *(b.value for b in Brs), "BRS-NO-313", "", " ", "x", 5, None, b"x"])
    | st.text()
)
def test_process_decides_as_it_did(value: Any) -> None:
    """Text tried first: the same values accepted, of the same type; the same errors (listed in
    the order of the union's choices, which changed)."""

    def outcome(adapter: TypeAdapter[Any]) -> tuple[str, Any]:
        try:
            found = adapter.validate_python(value)
        except ValidationError as error:
            return "refused", sorted((e["type"], e["loc"], e["msg"]) for e in error.errors())
        return "accepted", (type(found), found)

    assert outcome(_PROCESS) == outcome(_PROCESS_AS_IT_WAS)


def _at_most_milliseconds_as_it_was(value: Timestamp) -> Timestamp:
    fraction = _TIMESTAMP.match(value)
    assert fraction is not None
    if len(fraction["fraction"] or "") > 3:
        raise ValueError("more than 3 decimals")
    return value


@st.composite
def _times(draw: st.DrawFn) -> str:
    """Date-times as both standards write them, with 0 to 9 decimals and any zone, padded."""
    moment = draw(st.datetimes(min_value=datetime(1000, 1, 1), max_value=datetime(9999, 12, 31)))
    fraction = draw(st.none() | st.text("0123456789", min_size=1, max_size=9))
    zone = draw(st.sampled_from(["Z", "+00:00", "+01:00", "-05:30", "+14:00"]))
    pad = draw(st.sampled_from(["", " ", "\n"]))
    text = moment.strftime("%Y-%m-%dT%H:%M:%S") + ("" if fraction is None else "." + fraction)
    return pad + text + zone + pad


@given(_times())
@example("2026-01-01T00:00:00Z")
@example("2026-01-01T00:00:00.123Z")
@example("2026-01-01T00:00:00.1234Z")
@example("2026-01-01T00:00:00.123+01:00")
@example("2026-01-01T00:00:00.1234+01:00")
@example("2026-01-01T00:00:00.000000000-01:00")
def test_at_most_milliseconds_decides_as_it_did(text: str) -> None:
    value = Timestamp(text)

    def outcome(check: Any) -> str:
        try:
            return str(check(value))
        except ValueError:
            return "refused"

    assert outcome(at_most_milliseconds) == outcome(_at_most_milliseconds_as_it_was)
    # A plain text (not a Timestamp) is matched, as before: the same answer.
    assert outcome(at_most_milliseconds) == outcome(
        lambda v: at_most_milliseconds(cast(Timestamp, str(v)))
    )


_FRACTION = re.compile(r"\.([0-9]*)")


def _whole_minute_as_it_was(value: Timestamp | None, name: str) -> None:
    if value is None:
        return
    moment = value.datetime
    fraction = _FRACTION.search(value)
    if moment.second or moment.microsecond or (fraction and fraction.group(1).strip("0")):
        raise ValueError(f"{name} {value!r} is not on a whole minute")


class _PeriodAsItWas(ObservationPeriod):
    """ObservationPeriod with its check as it was (times parsed and compared)."""

    @model_validator(mode="after")
    def _check(self) -> _PeriodAsItWas:
        _whole_minute_as_it_was(self.start, "start")
        _whole_minute_as_it_was(self.end, "end")
        start, end = self.start, self.end
        if start is not None and end is not None and end.datetime <= start.datetime:
            raise ValueError(f"the end ({end}) must be after the start ({start})")
        return self


@st.composite
def _boundaries(draw: st.DrawFn) -> str | None:
    """Period boundaries: mostly on the minute, in a few zones, some with zero decimals."""
    if draw(st.integers(0, 9)) == 0:
        return None
    moment = draw(
        st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2020, 1, 3))
    ).replace(microsecond=0)
    if draw(st.booleans()):
        moment = moment.replace(second=0)
    fraction = draw(st.sampled_from([None, "0", "000", "000000000", "5", "0001", "000000001"]))
    zone = draw(st.sampled_from(["Z", "+00:00", "+01:00", "+02:00", "-01:00"]))
    text = moment.strftime("%Y-%m-%dT%H:%M:%S") + ("" if fraction is None else "." + fraction)
    return text + zone


@given(_boundaries(), _boundaries())
@example("2020-01-01T00:00:00+01:00", "2020-01-01T00:00:00+01:00")
@example("2020-01-01T01:00:00+01:00", "2020-01-01T00:00:00Z")
@example("2020-01-01T00:00:00.000+01:00", "2020-01-01T00:01:00+01:00")
@example("2020-01-01T00:00:00.000+01:00", "2020-01-01T00:00:00.000+01:00")
@example("2020-01-01T00:00:00+01:00", "2020-01-01T00:00:00.000000001+01:00")
def test_period_check_decides_as_it_did(start: str | None, end: str | None) -> None:
    def outcome(model: type[ObservationPeriod], value: dict[str, Any]) -> tuple[str, Any]:
        try:
            found = model.model_validate(value)
        except ValidationError as error:
            return "refused", [(e["type"], e["loc"]) for e in error.errors()]
        return "accepted", found.model_dump()

    value = {"start": start, "end": end}
    assert outcome(ObservationPeriod, value) == outcome(_PeriodAsItWas, value)
    for text in (start, end):
        if text is not None:
            stamp = Timestamp(text)
            answers = []
            for check in (whole_minute, _whole_minute_as_it_was):
                try:
                    check(stamp, "start")
                    answers.append(True)
                except ValueError:
                    answers.append(False)
            assert answers[0] == answers[1]


class _ResponseAsItWas(UpfrontResponse):
    """UpfrontResponse normalising record ids as it did (an id derived for every record)."""

    @model_validator(mode="before")
    @classmethod
    def _normalise_record_ids(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        header = data.get("header")
        document_id = (
            header.get("document_id")
            if isinstance(header, dict)
            else getattr(header, "document_id", None)
        )
        points = data.get("metering_points")
        if not isinstance(document_id, str) or not isinstance(points, list):
            return data
        try:
            uuid.UUID(document_id)
        except ValueError:
            return data
        normalised: list[Any] = []
        for position, point in enumerate(points, 1):
            if isinstance(point, dict) and point.get("record_id") == derived_record_id(
                document_id, position
            ):
                point = {**point, "record_id": None}
            elif isinstance(point, UpfrontMeteringPoint) and point.record_id == derived_record_id(
                document_id, position
            ):
                point = point.model_copy(update={"record_id": None})
            normalised.append(point)
        return {**data, "metering_points": normalised}


_DOCUMENT = "123e4567-e89b-12d3-a456-426655445871"


@st.composite
def _responses(draw: st.DrawFn) -> dict[str, Any]:
    """611 responses whose records give no id, the derived one, another or a wrong one."""
    # Mostly documents that are accepted, so that the ids are compared (a wrong one refuses).
    document_id = draw(st.sampled_from([_DOCUMENT] * 4 + [_DOCUMENT.upper(), "not-a-uuid"]))
    points: list[Any] = []
    for position in range(1, draw(st.integers(1, 4)) + 1):
        point: dict[str, Any] = {
            "original_document_id": "123e4567-e89b-12d3-a456-426655445910",
            "snapshot": "2015-04-30T13:56:18+02:00",
            "metering_point": "707057500011939815",
            "grid_access_provider": "9473827165321",
        }
        given = draw(st.sampled_from(["absent", None, "derived", "DERIVED", "other", "wrong", 5]))
        if given == "derived":
            point["record_id"] = derived_record_id(_DOCUMENT, position)
        elif given == "DERIVED":
            point["record_id"] = derived_record_id(_DOCUMENT, position).upper()
        elif given == "other":
            point["record_id"] = "00000000-0000-4000-8000-000000000000"
        elif given != "absent":
            point["record_id"] = given
        if draw(st.booleans()):
            try:
                points.append(UpfrontMeteringPoint.model_validate(point))
                continue
            except ValidationError:
                pass
        points.append(point)
    header = {
        "document_id": document_id,
        "created": "2015-04-30T13:56:18+02:00",
        "sender": "9876543210123",
        "recipient": "1234567890123",
        "process": "BRS-NO-611",
        "role": "DDQ",
    }
    return {"header": header, "metering_points": points}


@given(_responses())
def test_upfront_record_ids_decided_as_they_were(document: dict[str, Any]) -> None:
    def outcome(model: type[UpfrontResponse]) -> tuple[str, Any]:
        try:
            found = model.model_validate(document)
        except ValidationError as error:
            return "refused", [(e["type"], e["loc"], e["msg"]) for e in error.errors()]
        records = [(p.model_dump(), p.record_mrid) for p in found.metering_points]
        return "accepted", (found.header.model_dump(), records)

    assert outcome(UpfrontResponse) == outcome(_ResponseAsItWas)


class _CollectedSeriesAsItWas(CollectedSeries):
    """CollectedSeries checking its points one by one, as it did."""

    @model_validator(mode="after")
    def _check(self) -> _CollectedSeriesAsItWas:
        kinds = [bool(self.points), self.profiled is not None]
        kinds.append(self.estimated_annual_volume is not None)
        if sum(kinds) != 1:
            raise ValueError(
                "a series holds exactly one of: points, a profiled observation, an estimated "
                "annual volume"
            )
        if self.points and self.period is None:
            raise ValueError("interval values need their period (resolution, start and end)")
        seen: set[int] = set()
        for point in self.points:
            if point.position in seen:
                raise ValueError(f"position {point.position} appears twice")
            seen.add(point.position)
            if point.quality not in self.allowed_qualities:
                raise ValueError(f"a {point.quality.value} value is not allowed here")
        if self.profiled is not None and self.profiled.kind not in self.allowed_profiled:
            raise ValueError(f"a profiled {self.profiled.kind.value} is not allowed here")
        return self


class _BillingSeriesAsItWas(BillingSeries):
    """BillingSeries checking its points one by one, as it did."""

    @model_validator(mode="after")
    def _check(self) -> _BillingSeriesAsItWas:
        if bool(self.points) == (self.profiled is not None):
            raise ValueError("a series holds exactly one of: points, a profiled observation")
        seen: set[int] = set()
        for point in self.points:
            if point.position in seen:
                raise ValueError(f"position {point.position} appears twice")
            seen.add(point.position)
        if self.profiled is not None and self.profiled.kind not in self.allowed_profiled:
            raise ValueError(f"a profiled {self.profiled.kind.value} is not allowed here")
        return self


_SERIES_POINTS = st.lists(
    st.fixed_dictionaries(
        {
            "position": st.integers(1, 6),
            "quantity": st.sampled_from(["1", "0.5"]),
            "quality": st.sampled_from(["metered"] * 4 + ["temporary", "calculated"]),
        }
    ).map(lambda p: {**p, "validation_code": "V001"} if p["quality"] == "temporary" else p),
    max_size=6,
)


@given(_SERIES_POINTS, st.booleans())
def test_series_checks_decide_as_they_did(points: list[dict[str, Any]], profiled: bool) -> None:
    """The same refusals, with the same message (the first problem in the points' order)."""
    series: dict[str, Any] = {
        "id": _DOCUMENT,
        "registered": "2015-05-03T04:34:12+02:00",
        "period": {
            "resolution": "PT1H",
            "start": "2015-05-02T00:00:00+02:00",
            "end": "2015-05-03T00:00:00+02:00",
        },
        "product": {"identification": "8716867000030", "unit": "kWh"},
        "direction": "Out",
        "metering_point": "707057500011939815",
        "points": points,
    }
    if profiled:
        series["profiled"] = {"kind": "Metered", "quantity": "1", "meter_read_reason": "1"}

    def outcome(model: type[CollectedSeries | BillingSeries]) -> tuple[str, Any]:
        try:
            return "accepted", model.model_validate(series).model_dump()
        except ValidationError as error:
            return "refused", [(e["type"], e["loc"], e["msg"]) for e in error.errors()]

    assert outcome(CollectedSeries) == outcome(_CollectedSeriesAsItWas)
    assert outcome(BillingSeries) == outcome(_BillingSeriesAsItWas)
