from .mod_1 import (
    BrsString,
    CustomerCodingScheme,
    CustomerIdString,
    MeasurementPointCodingScheme,
    MeasurementPointIdString,
    MktActivityRecord,
    PartyCodingScheme,
    PartyIdString,
    ProcessKindString,
    RequestUpfrontAccountingPointCharacteristicsMarketDocument,
    SearchStreetAddress,
    SearchStreetDetail,
)

__all__ = [
    "BrsString",
    "CustomerCodingScheme",
    "CustomerIdString",
    "MeasurementPointCodingScheme",
    "MeasurementPointIdString",
    "MktActivityRecord",
    "PartyCodingScheme",
    "PartyIdString",
    "ProcessKindString",
    "RequestUpfrontAccountingPointCharacteristicsMarketDocument",
    "SearchStreetAddress",
    "SearchStreetDetail",
]
