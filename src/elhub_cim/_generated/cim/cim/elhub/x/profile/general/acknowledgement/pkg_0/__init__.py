from .mod_1 import (
    AcknowledgementMarketDocument,
    AckReason,
    AckSeries,
    EsmpDateTimeInterval,
    OriginalMktActivityRecord,
    PartyCodingScheme,
    PartyIdString,
    ProcessKindString,
    TimePeriod,
    TimeSeries,
)

__all__ = [
    "AckReason",
    "AckSeries",
    "AcknowledgementMarketDocument",
    "EsmpDateTimeInterval",
    "OriginalMktActivityRecord",
    "PartyCodingScheme",
    "PartyIdString",
    "ProcessKindString",
    "TimeSeries",
    "TimePeriod",
]
