from .mod_1 import (
    BrsString,
    MeasurementPointCodingScheme,
    MeasurementPointIdString,
    MktActivityRecord,
    NotifySharedProductionMarketDocument,
    PartyCodingScheme,
    PartyIdString,
    ProcessKindString,
    SharedProductionMarketEvaluationPoint,
)

__all__ = [
    "BrsString",
    "MeasurementPointCodingScheme",
    "MeasurementPointIdString",
    "MktActivityRecord",
    "NotifySharedProductionMarketDocument",
    "PartyCodingScheme",
    "PartyIdString",
    "ProcessKindString",
    "SharedProductionMarketEvaluationPoint",
]
