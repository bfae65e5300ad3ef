"""Move-in and end of supply (BRS-NO-102, 103, 123, 201, 211, 305): the business documents."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from .common import (
    BusinessDocument,
    Cadastral,
    Communication,
    Coordinates,
    CustomerAddress,
    DocumentDirection,
    DocumentId,
    EndUserId,
    EstimatedAnnualVolume,
    GridAreaId,
    MeasurementDefinition,
    Meter,
    MeteringPointAddress,
    MeteringPointDetails,
    MeteringPointId,
    PartyId,
    Taxation,
    Text,
)
from .types import DomainModel, Timestamp

__all__ = [
    "Customer",
    "CustomerInformationNotification",
    "EndOfSupplyConfirmation",
    "EndOfSupplyNotification",
    "EndOfSupplyRejection",
    "EndOfSupplyRequest",
    "MeteringPointCharacteristics",
    "MeteringPointCharacteristicsNotification",
    "StartOfSupplyConfirmation",
    "StartOfSupplyNotification",
    "StartOfSupplyRejection",
    "StartOfSupplyRequest",
]


class Customer(DomainModel):
    """The end user at a metering point."""

    id: EndUserId | None = None
    name: Text | None = Field(None, description="Organisation or full name.")
    given_name: Text | None = None
    family_name: Text | None = None
    extended_storage_metering_values: bool | None = Field(
        None, description="The customer asked Elhub to keep metering values longer."
    )
    nace_division_code: Text | None = None
    communications: list[Communication] = Field(default_factory=list)


class StartOfSupplyRequest(BusinessDocument):
    """A supplier (or grid company, 123) asks Elhub to start supply: a move-in."""

    direction: ClassVar[DocumentDirection] = "to_elhub"
    start: Timestamp
    original_document_id: DocumentId | None = None
    metering_point: MeteringPointId
    balance_supplier: PartyId | None = None
    move_in_to_supplier_of_last_resort: bool | None = None
    consent_id: DocumentId | None = Field(
        None, description="Contract confirmation from Elhub's consent solution (UUID)."
    )
    customer: Customer
    customer_addresses: list[CustomerAddress] = Field(default_factory=list)


class StartOfSupplyConfirmation(BusinessDocument):
    direction: ClassVar[DocumentDirection] = "from_elhub"
    start: Timestamp
    original_document_id: DocumentId
    metering_point: MeteringPointId


class StartOfSupplyRejection(BusinessDocument):
    direction: ClassVar[DocumentDirection] = "from_elhub"
    original_document_id: DocumentId
    reasons: list[Text] = Field(min_length=1, description="Elhub response reason codes.")
    metering_point: MeteringPointId


class StartOfSupplyNotification(BusinessDocument):
    """Elhub tells the parties that supply starts, with the metering point's master data."""

    direction: ClassVar[DocumentDirection] = "from_elhub"
    start: Timestamp
    metering_point: MeteringPointId
    grid_area: GridAreaId
    metering_point_address: MeteringPointAddress | None = None
    coordinates: Coordinates | None = None
    cadastral: Cadastral | None = None
    balance_supplier: PartyId
    customer: Customer
    customer_addresses: list[CustomerAddress] = Field(default_factory=list)
    details: MeteringPointDetails | None = None
    estimated_annual_volume: EstimatedAnnualVolume | None = None
    meter: Meter | None = None
    taxation: Taxation | None = None
    measurement_definitions: list[MeasurementDefinition] = Field(default_factory=list)


class EndOfSupplyRequest(BusinessDocument):
    """A supplier (201) or grid company (211) asks Elhub to end supply: a move-out."""

    direction: ClassVar[DocumentDirection] = "to_elhub"
    end: Timestamp
    original_document_id: DocumentId | None = None
    reason: Text | None = Field(None, description="End reason code (Z41-Z45).")
    metering_point: MeteringPointId
    balance_supplier: PartyId | None = None
    customer: Customer
    customer_addresses: list[CustomerAddress] = Field(default_factory=list)


class EndOfSupplyConfirmation(BusinessDocument):
    direction: ClassVar[DocumentDirection] = "from_elhub"
    end: Timestamp
    original_document_id: DocumentId
    metering_point: MeteringPointId


class EndOfSupplyRejection(BusinessDocument):
    direction: ClassVar[DocumentDirection] = "from_elhub"
    original_document_id: DocumentId
    reasons: list[Text] = Field(min_length=1)
    metering_point: MeteringPointId


class EndOfSupplyNotification(BusinessDocument):
    """Elhub tells the supplier that its supply at a metering point ends."""

    direction: ClassVar[DocumentDirection] = "from_elhub"
    end: Timestamp
    reason: Text | None = None
    metering_point: MeteringPointId
    balance_supplier: PartyId
    customer: Customer
    customer_addresses: list[CustomerAddress] = Field(default_factory=list)


class MeteringPointCharacteristics(DomainModel):
    """Master data of one metering point at a point in time."""

    record_id: DocumentId | None = None
    original_document_id: DocumentId | None = None
    start: Timestamp
    end: Timestamp | None = None
    metering_point: MeteringPointId
    metering_point_address: MeteringPointAddress | None = None
    coordinates: Coordinates | None = None
    cadastral: Cadastral | None = None
    balance_supplier: PartyId | None = None
    customer: Customer | None = None
    grid_area: GridAreaId | None = None
    details: MeteringPointDetails | None = None
    estimated_annual_volume: EstimatedAnnualVolume | None = None
    meter: Meter | None = None
    taxation: Taxation | None = None
    measurement_definitions: list[MeasurementDefinition] = Field(default_factory=list)


class MeteringPointCharacteristicsNotification(BusinessDocument):
    direction: ClassVar[DocumentDirection] = "from_elhub"
    metering_points: list[MeteringPointCharacteristics] = Field(min_length=1)


class CustomerInformationNotification(BusinessDocument):
    direction: ClassVar[DocumentDirection] = "from_elhub"
    original_document_id: DocumentId | None = None
    start: Timestamp | None = None
    snapshot: Timestamp
    metering_point: MeteringPointId
    customer: Customer
    customer_addresses: list[CustomerAddress] = Field(default_factory=list)
