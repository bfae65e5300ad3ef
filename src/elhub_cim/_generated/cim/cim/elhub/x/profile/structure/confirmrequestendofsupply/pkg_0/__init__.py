from .mod_1 import (
    BrsString,
    ConfirmReasonCode,
    ConfirmRequestEndOfSupplyMarketDocument,
    MeasurementPointCodingScheme,
    MeasurementPointIdString,
    MktActivityRecord,
    PartyCodingScheme,
    PartyIdString,
    ProcessKindString,
)

__all__ = [
    "BrsString",
    "ConfirmRequestEndOfSupplyMarketDocument",
    "ConfirmReasonCode",
    "MeasurementPointCodingScheme",
    "MeasurementPointIdString",
    "MktActivityRecord",
    "PartyCodingScheme",
    "PartyIdString",
    "ProcessKindString",
]
