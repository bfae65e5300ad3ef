from .mod_1 import (
    BrsString,
    MeasurementPointCodingScheme,
    MeasurementPointIdString,
    MktActivityRecord,
    PartyCodingScheme,
    PartyIdString,
    ProcessKindString,
    RequestChangeSharedProductionMarketDocument,
    SharedProductionMarketEvaluationPoint,
)

__all__ = [
    "BrsString",
    "MeasurementPointCodingScheme",
    "MeasurementPointIdString",
    "MktActivityRecord",
    "PartyCodingScheme",
    "PartyIdString",
    "ProcessKindString",
    "RequestChangeSharedProductionMarketDocument",
    "SharedProductionMarketEvaluationPoint",
]
