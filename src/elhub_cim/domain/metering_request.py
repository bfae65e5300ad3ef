"""Request for metered values, or a reminder of missing ones (BRS-NO-314).

EMIF ``RequestCollectedData`` ⇄ CIM ``RequestValidatedMeasureData_MarketDocument`` (the Nordic
DataHub 3 request for validated measure data, 2025, extended): one
:class:`CollectedDataRequest` names what kind of values it is about (:class:`ReminderType`,
Elhub's code, a Norwegian addition in CIM) and lists the metering points and periods
(:class:`RequestedPeriod`, one Nordic ``Series`` each: ``start_DateAndOrTime.dateTime``,
``end_DateAndOrTime.dateTime``, ``marketEvaluationPoint.mRID``). EMIF has no id per reminder; the
CIM ``Series/mRID`` is derived from the document mRID and the position (profile R2).

Our example is Elhub reminding the metered data responsible of missing values; a market party
asking Elhub uses the same message, so the document travels either way.
"""

from __future__ import annotations

from enum import StrEnum
from typing import ClassVar

from pydantic import Field, model_validator

from .common import BusinessDocument, DocumentDirection
from .types import DomainModel, EventTime, MeteringPointId

__all__ = ["CollectedDataRequest", "ReminderType", "RequestedPeriod"]

#: Most reminders in one request (EMIF maxOccurs).
MAX_REMINDERS = 9999


class ReminderType(StrEnum):
    """What values the request is about (EMIF ReminderType, Elhub's codes kept verbatim as local
    codes in CIM). Meanings inferred from the codes; not checked against the BRS text."""

    ESTIMATED_ANNUAL_CONSUMPTION = "EAC"
    INTERVAL_VALUES = "IV"
    METER_INDEX = "MI"
    PROFILED_VALUES = "PV"


class RequestedPeriod(DomainModel):
    """One reminder: a metering point and the period whose values are asked for (EMIF Reminder,
    CIM ``Series``). Start inclusive, end exclusive."""

    start: EventTime
    end: EventTime
    metering_point: MeteringPointId

    @model_validator(mode="after")
    def _ordered(self) -> RequestedPeriod:
        if self.end.datetime <= self.start.datetime:
            raise ValueError("period: end must be after start")
        return self


class CollectedDataRequest(BusinessDocument):
    """RequestCollectedData (BRS-NO-314) ⇄ RequestValidatedMeasureData_MarketDocument."""

    direction: ClassVar[DocumentDirection] = "either"
    default_document_type: ClassVar[str | None] = "E39"
    reminder_type: ReminderType
    reminders: list[RequestedPeriod] = Field(min_length=1, max_length=MAX_REMINDERS)
