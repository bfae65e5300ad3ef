from .mod_1 import (
    BrsString,
    ConfirmReasonCode,
    ConfirmRequestChangeOfSupplierMarketDocument,
    MeasurementPointCodingScheme,
    MeasurementPointIdString,
    MktActivityRecord,
    PartyCodingScheme,
    PartyIdString,
    ProcessKindString,
)

__all__ = [
    "BrsString",
    "ConfirmRequestChangeOfSupplierMarketDocument",
    "ConfirmReasonCode",
    "MeasurementPointCodingScheme",
    "MeasurementPointIdString",
    "MktActivityRecord",
    "PartyCodingScheme",
    "PartyIdString",
    "ProcessKindString",
]
