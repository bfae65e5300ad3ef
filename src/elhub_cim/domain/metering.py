"""Metered values (BRS-NO-311, 312, 313, 332): time series of quantities.

The grid company (or, for a meter reading the customer reported, the supplier) sends
:class:`CollectedData` to Elhub (EMIF ``CollectedData``, CIM
``NotifyCollectedMeasureData_MarketDocument``): one :class:`CollectedSeries` per metering point
and direction, holding either interval values (:class:`SeriesPoint`: 15-minute or hourly series,
BRS-NO-313), one profiled observation (:class:`ProfiledObservation`: a meter-read volume, a
stipulated volume or a register reading, 311/312), or an estimated yearly consumption (332).

The CIM form is the Nordic ``Series`` / ``Period`` / ``Point`` shape (DataHub 3's
NotifyValidatedMeasureData): ``position`` from 1, ``quantity``, ``quality`` (EMIF's element name:
Metered A04, Estimated A03, Temporary the local code Z01, Calculated A06), ``resolution``
(ISO 8601) and the period's ``timeInterval`` in UTC to the minute.

The models hold what the schemas allow, plus what a series needs to mean anything (a period
around interval values, whole-minute period boundaries, positions that are unique); the rules
of the processes (positions 1..n with n = interval / resolution, 23- and 25-hour days, the
resolutions of each process) are data in ``rules/sets/brs-no-metering.toml``.
"""

from __future__ import annotations

import re
from decimal import Decimal
from enum import StrEnum
from operator import attrgetter
from typing import Annotated, ClassVar, Literal

from pydantic import Field, WithJsonSchema, model_validator

from .common import BusinessDocument, DocumentDirection, DocumentId, GridAreaId, PartyId
from .queries import BusinessType
from .types import DomainModel, EventTime, MeteringPointId, Timestamp

__all__ = [
    "MAX_POINTS",
    "MAX_SERIES",
    "BillingSeries",
    "CollectedData",
    "CollectedSeries",
    "EnergyProduct",
    "FlowDirection",
    "ObservationPeriod",
    "ProfiledKind",
    "ProfiledObservation",
    "QuantityQuality",
    "Resolution",
    "SeriesPoint",
    "ValidatedDataForBilling",
    "whole_minute",
]

#: Most series in one document and points in one series (EMIF: 9999 each).
MAX_SERIES = 9999
MAX_POINTS = 9999

#: A quantity as EMIF writes it (decimal153 / decimal153Negative): at most 3 decimals and 15
#: digits, strictly between -10^12 and 10^12. Kept as written: ``1.690`` stays ``1.690``.
#: The bounds need no check of their own: pydantic refuses more than max_digits - decimal_places
#: = 12 whole digits before it would compare (every |x| >= 10^12 has 13), so comparing each of
#: thousands of values with them was pure cost. The published JSON Schema keeps them.
Quantity = Annotated[
    Decimal,
    Field(max_digits=15, decimal_places=3, allow_inf_nan=False),
    WithJsonSchema(
        {
            "anyOf": [
                {"exclusiveMaximum": 1e12, "exclusiveMinimum": -1e12, "type": "number"},
                {"type": "string"},
            ]
        },
        mode="validation",
    ),
]
#: A register reading (EMIF decimal153): as :data:`Quantity`, from 0.
MeterReading = Annotated[
    Decimal,
    Field(ge=Decimal(0), max_digits=15, decimal_places=3, allow_inf_nan=False),
    WithJsonSchema(
        {
            "anyOf": [
                {"exclusiveMaximum": 1e12, "minimum": 0.0, "type": "number"},
                {"type": "string"},
            ]
        },
        mode="validation",
    ),
]
ValidationCode = Literal["V001", "V002", "V003", "V004", "V011", "V012", "V013", "V014", "V999"]
EstimationCode = Literal["E001", "E002", "E003", "E004", "E005", "E006", "E007", "E008"]
EstimatedQuality = Literal["56", "81"]
MeterReadReason = Literal["1", "4"]


class Resolution(StrEnum):
    """Resolution of a period (EMIF DurationCodeType). ``PT60M`` is EMIF's other spelling of an
    hour: the CIM profile writes ``PT1H`` only, so a ``PT60M`` series cannot go to CIM."""

    PT5M = "PT5M"
    PT15M = "PT15M"
    PT30M = "PT30M"
    PT1H = "PT1H"
    PT60M = "PT60M"
    P1D = "P1D"
    P1M = "P1M"
    P1Y = "P1Y"


class FlowDirection(StrEnum):
    """Direction of the energy flow of a series (EMIF Direction; CIM A01 in, A02 out)."""

    IN = "In"
    OUT = "Out"


class QuantityQuality(StrEnum):
    """Which EMIF element holds a value (its quality)."""

    METERED = "metered"  # CIM A04, as provided
    ESTIMATED = "estimated"  # CIM A03
    TEMPORARY = "temporary"  # CIM Z01 (local): preliminary, to be replaced
    CALCULATED = "calculated"  # CIM A06 (Elhub's notifications only)


class ProfiledKind(StrEnum):
    """What a profiled observation holds (Elhub's element names, verbatim in both standards)."""

    METERED = "Metered"
    ESTIMATED = "Estimated"  # notifications only
    STIPULATED = "Stipulated"
    WITHDRAWN = "Withdrawn"
    METER_INDEX = "MeterIndex"  # collected data only


class EnergyProduct(DomainModel):
    """The energy product of a series (EMIF ProductIncludedProductCharacteristics)."""

    identification: Literal[
        "8716867000030",
        "8716867000047",
        "8716867000139",
        "8716867000146",
        "4700000000201",
        "4700000000101",
        "4700000000301",
        "4700000000302",
        "4700000000303",
    ] = Field(description="GS1 code (8716867...) or Elhub code (470...) of the product.")
    unit: Literal["kWh", "kvarh"]


#: The fraction of a second of an xs:dateTime, as written.
_FRACTION = re.compile(r"\.([0-9]*)")


def whole_minute(value: Timestamp | None, name: str) -> None:
    """A period boundary must be on a whole minute: CIM writes it to the minute. Zero seconds
    written with a zero fraction (``00:00:00.000``, as some systems write milliseconds) are on
    the minute; any other digit of a fraction is not, however far down."""
    if value is None:
        return
    if isinstance(value, Timestamp):
        # Read off its fixed form (every series has a period): seconds at 17:19, any decimals
        # from 20 up to the zone (Z or an offset of 6 characters); none: an empty slice.
        seconds, decimals = value[17:19], value[20 : len(value) - (1 if value[-1] == "Z" else 6)]
        off_minute = seconds != "00" or bool(decimals.strip("0"))
    else:
        moment = value.datetime
        fraction = _FRACTION.search(value)
        off_minute = bool(
            moment.second or moment.microsecond or (fraction and fraction.group(1).strip("0"))
        )
    if off_minute:
        raise ValueError(
            f"{name} {value!r} is not on a whole minute: a period boundary is written to the "
            "minute in CIM (ESMP YMDHM)"
        )


class ObservationPeriod(DomainModel):
    """The period of a series (EMIF ObservationPeriodTimeSeriesPeriod, CIM ``Period``)."""

    resolution: Resolution | None = None
    start: EventTime | None = None
    meter_reading_start: MeterReading | None = Field(
        default=None, description="Register reading at the start (profiled series)."
    )
    end: EventTime | None = None
    meter_reading_end: MeterReading | None = Field(
        default=None, description="Register reading at the end (profiled series)."
    )

    @model_validator(mode="after")
    def _check(self) -> ObservationPeriod:
        whole_minute(self.start, "start")
        whole_minute(self.end, "end")
        start, end = self.start, self.end
        if start is None or end is None:
            return self
        # The same decimals and zone: the times are in the order of their fixed-width date and
        # time texts, without parsing either (every series has a period).
        same_zone = start[19:] == end[19:]
        if not (end[:19] > start[:19] if same_zone else end.datetime > start.datetime):
            raise ValueError(f"the end ({end}) must be after the start ({start})")
        return self


#: The fields of the usual point, a metered value (the others default to None).
_PLAIN_POINT = frozenset({"position", "quantity", "quality"})
_ZERO = Decimal(0)


class SeriesPoint(DomainModel):
    """One value of an interval series (EMIF Observation, CIM ``Point``)."""

    position: int = Field(ge=1, le=MAX_POINTS, description="EMIF Sequence, CIM position (1..).")
    quantity: Quantity
    quality: QuantityQuality = QuantityQuality.METERED
    estimated_quality: EstimatedQuality | None = Field(
        default=None, description="EMIF Estimated/@Quality (estimated values only)."
    )
    validation_code: ValidationCode | None = None
    estimation_code: EstimationCode | None = None
    imbalance_settlement: bool | None = Field(
        default=None,
        description="EMIF Calculated/@ImbalanceSettlement (calculated values only; fixed to true).",
    )

    @model_validator(mode="after")
    def _check(self) -> SeriesPoint:
        quality = self.quality
        if quality is QuantityQuality.METERED and (
            self.__pydantic_fields_set__ <= _PLAIN_POINT
            or (
                self.estimated_quality is None
                and self.validation_code is None
                and self.estimation_code is None
                and self.imbalance_settlement is None
            )
        ):
            # The usual point (a series holds thousands): what the checks below decide for a
            # metered value that has none of the other qualities' fields. Those fields left
            # unset are None (their default), which the set of the fields given tells at once.
            if self.quantity < _ZERO:
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


class ProfiledObservation(DomainModel):
    """The one observation of a profiled series (EMIF ProfiledObservation)."""

    kind: ProfiledKind
    quantity: Quantity | None = Field(default=None, description="None only when withdrawn.")
    meter_read_reason: MeterReadReason | None = None

    @model_validator(mode="after")
    def _check(self) -> ProfiledObservation:
        if (self.quantity is None) != (self.kind is ProfiledKind.WITHDRAWN):
            raise ValueError("a profiled observation has a quantity unless it is withdrawn")
        reason_needed = self.kind in (
            ProfiledKind.METERED,
            ProfiledKind.STIPULATED,
            ProfiledKind.METER_INDEX,
        )
        if reason_needed != (self.meter_read_reason is not None):
            raise ValueError(
                f"a {self.kind.value} observation "
                + ("needs" if reason_needed else "has no")
                + " meter_read_reason"
            )
        negative = self.quantity is not None and self.quantity < 0
        if self.kind is ProfiledKind.METER_INDEX and negative:
            raise ValueError("a meter index cannot be negative")
        return self


_POSITION = attrgetter("position")
_QUALITY = attrgetter("quality")


class CollectedSeries(DomainModel):
    """One series of collected data (EMIF PayloadEnergyTimeSeries, CIM ``Series``): interval
    values, a profiled observation or an estimated yearly consumption, exactly one of them."""

    id: DocumentId = Field(description="Identification of the series (UUID).")
    registered: Timestamp = Field(description="When the values were registered.")
    period: ObservationPeriod | None = None
    product: EnergyProduct | None = None
    direction: FlowDirection | None = None
    metering_point: MeteringPointId
    points: list[SeriesPoint] = Field(default_factory=list, max_length=MAX_POINTS)
    profiled: ProfiledObservation | None = None
    estimated_annual_volume: int | None = Field(
        default=None, ge=0, le=999_999_999_999, description="kWh per year (BRS-NO-332)."
    )

    allowed_qualities: ClassVar[frozenset[QuantityQuality]] = frozenset(
        {QuantityQuality.METERED, QuantityQuality.ESTIMATED, QuantityQuality.TEMPORARY}
    )
    allowed_profiled: ClassVar[frozenset[ProfiledKind]] = frozenset(
        {
            ProfiledKind.METERED,
            ProfiledKind.STIPULATED,
            ProfiledKind.WITHDRAWN,
            ProfiledKind.METER_INDEX,
        }
    )

    @model_validator(mode="after")
    def _check(self) -> CollectedSeries:
        kinds = [bool(self.points), self.profiled is not None]
        kinds.append(self.estimated_annual_volume is not None)
        if sum(kinds) != 1:
            raise ValueError(
                "a series holds exactly one of: points, a profiled observation, an estimated "
                "annual volume"
            )
        if self.points and self.period is None:
            raise ValueError("interval values need their period (resolution, start and end)")
        points = self.points
        # All at once (a series may hold thousands of points); point by point only to name the
        # first problem, in the points' order.
        if len(set(map(_POSITION, points))) != len(points) or not (
            set(map(_QUALITY, points)) <= self.allowed_qualities
        ):
            seen: set[int] = set()
            for point in points:
                if point.position in seen:
                    raise ValueError(f"position {point.position} appears twice")
                seen.add(point.position)
                if point.quality not in self.allowed_qualities:
                    raise ValueError(f"a {point.quality.value} value is not allowed here")
        if self.profiled is not None and self.profiled.kind not in self.allowed_profiled:
            raise ValueError(f"a profiled {self.profiled.kind.value} is not allowed here")
        return self


class CollectedData(BusinessDocument):
    """Metered values sent to Elhub (EMIF ``CollectedData``; BRS-NO-311, 312, 313, 332)."""

    direction: ClassVar[DocumentDirection] = "to_elhub"
    default_document_type: ClassVar[str | None] = "E13"
    series: list[CollectedSeries] = Field(min_length=1, max_length=MAX_SERIES)

    @model_validator(mode="after")
    def _unique_series(self) -> CollectedData:
        ids = [s.id for s in self.series]
        if len(set(ids)) != len(ids):
            raise ValueError("two series have the same id")
        return self


class BillingSeries(DomainModel):
    """One series of validated values for billing (EMIF PayloadEnergyTimeSeries of
    NotifyValidatedDataForBillingEnergy, CIM ``Series`` of NotifyValidatedMeasureData): interval
    values (metered, estimated, temporary or calculated) or one profiled observation."""

    id: DocumentId = Field(description="Identification of the series (UUID).")
    registered: Timestamp = Field(description="When the values were registered.")
    inserted: Timestamp | None = Field(
        default=None, description="When Elhub stored the values (EMIF InsertDateTime)."
    )
    request_reference: DocumentId | None = Field(
        default=None, description="The request these values answer (EMIF RequestReference)."
    )
    period: ObservationPeriod
    product: EnergyProduct
    direction: FlowDirection
    business_type: BusinessType | None = None
    metering_point: MeteringPointId | None = None
    grid_area: GridAreaId | None = None
    balance_responsible: PartyId | None = None
    balance_supplier: PartyId | None = None
    points: list[SeriesPoint] = Field(default_factory=list, max_length=MAX_POINTS)
    profiled: ProfiledObservation | None = None

    allowed_profiled: ClassVar[frozenset[ProfiledKind]] = frozenset(
        {
            ProfiledKind.METERED,
            ProfiledKind.ESTIMATED,
            ProfiledKind.STIPULATED,
            ProfiledKind.WITHDRAWN,
        }
    )

    @model_validator(mode="after")
    def _check(self) -> BillingSeries:
        if bool(self.points) == (self.profiled is not None):
            raise ValueError("a series holds exactly one of: points, a profiled observation")
        points = self.points
        if len(set(map(_POSITION, points))) != len(points):  # as in CollectedSeries
            seen: set[int] = set()
            for point in points:
                if point.position in seen:
                    raise ValueError(f"position {point.position} appears twice")
                seen.add(point.position)
        if self.profiled is not None and self.profiled.kind not in self.allowed_profiled:
            raise ValueError(f"a profiled {self.profiled.kind.value} is not allowed here")
        return self


class ValidatedDataForBilling(BusinessDocument):
    """Validated metered values Elhub sends for billing (EMIF
    ``NotifyValidatedDataForBillingEnergy``, CIM ``NotifyValidatedMeasureData_MarketDocument``;
    BRS-NO-313 and 324)."""

    direction: ClassVar[DocumentDirection] = "from_elhub"
    default_document_type: ClassVar[str | None] = "E66"
    series: list[BillingSeries] = Field(min_length=1, max_length=MAX_SERIES)

    @model_validator(mode="after")
    def _unique_series(self) -> ValidatedDataForBilling:
        ids = [s.id for s in self.series]
        if len(set(ids)) != len(ids):
            raise ValueError("two series have the same id")
        return self
