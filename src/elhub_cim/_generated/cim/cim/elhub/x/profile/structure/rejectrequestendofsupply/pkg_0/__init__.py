from .mod_1 import (
    BrsString,
    MeasurementPointCodingScheme,
    MeasurementPointIdString,
    MktActivityRecord,
    PartyCodingScheme,
    PartyIdString,
    ProcessKindString,
    RejectReason,
    RejectReasonCode,
    RejectRequestEndOfSupplyMarketDocument,
)

__all__ = [
    "BrsString",
    "MeasurementPointCodingScheme",
    "MeasurementPointIdString",
    "MktActivityRecord",
    "PartyCodingScheme",
    "PartyIdString",
    "ProcessKindString",
    "RejectRequestEndOfSupplyMarketDocument",
    "RejectReason",
    "RejectReasonCode",
]
