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
    RejectRequestChangeOfSupplierMarketDocument,
)

__all__ = [
    "BrsString",
    "MeasurementPointCodingScheme",
    "MeasurementPointIdString",
    "MktActivityRecord",
    "PartyCodingScheme",
    "PartyIdString",
    "ProcessKindString",
    "RejectRequestChangeOfSupplierMarketDocument",
    "RejectReason",
    "RejectReasonCode",
]
