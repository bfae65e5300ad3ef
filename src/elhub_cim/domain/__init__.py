"""The canonical domain model: one pydantic model per business document, standard-neutral.

These models are the library's main API for actor systems: ``elhub_cim.to_domain(path)`` gives
one, ``elhub_cim.from_domain(document, to="cim")`` writes it in either standard.
"""

from .common import (
    AddressKind,
    BusinessDocument,
    Cadastral,
    Communication,
    CommunicationChannel,
    Coordinates,
    CustomerAddress,
    Direction,
    EstimatedAnnualVolume,
    Header,
    MeasurementDefinition,
    Meter,
    MeteringPointAddress,
    MeteringPointDetails,
    Taxation,
)
from .supply import (
    Customer,
    CustomerInformationNotification,
    EndOfSupplyConfirmation,
    EndOfSupplyNotification,
    EndOfSupplyRejection,
    EndOfSupplyRequest,
    MeteringPointCharacteristics,
    MeteringPointCharacteristicsNotification,
    StartOfSupplyConfirmation,
    StartOfSupplyNotification,
    StartOfSupplyRejection,
    StartOfSupplyRequest,
)
from .types import Brs, EndUserId, EndUserScheme, Role, Timestamp

__all__ = [
    "AddressKind",
    "Brs",
    "BusinessDocument",
    "Cadastral",
    "Communication",
    "CommunicationChannel",
    "Coordinates",
    "Customer",
    "CustomerAddress",
    "CustomerInformationNotification",
    "Direction",
    "EndOfSupplyConfirmation",
    "EndOfSupplyNotification",
    "EndOfSupplyRejection",
    "EndOfSupplyRequest",
    "EndUserId",
    "EndUserScheme",
    "EstimatedAnnualVolume",
    "Header",
    "MeasurementDefinition",
    "Meter",
    "MeteringPointAddress",
    "MeteringPointCharacteristics",
    "MeteringPointCharacteristicsNotification",
    "MeteringPointDetails",
    "Role",
    "StartOfSupplyConfirmation",
    "StartOfSupplyNotification",
    "StartOfSupplyRejection",
    "StartOfSupplyRequest",
    "Taxation",
    "Timestamp",
]
