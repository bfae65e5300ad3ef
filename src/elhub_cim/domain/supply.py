"""Move-in and end of supply (BRS-NO-102, 103, 123, 201, 211, 305): the business documents."""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import Field, PrivateAttr, model_validator

from ..core.profile import derive_record_id
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
    drop_empty_parts,
)
from .types import DomainModel, EventTime, Timestamp

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
    "derived_record_id",
]


class Customer(DomainModel):
    """The end user at a metering point."""

    id: EndUserId | None = None
    name: Text | None = Field(default=None, description="Organisation or full name.")
    given_name: Text | None = None
    family_name: Text | None = None
    extended_storage_metering_values: bool | None = Field(
        default=None, description="The customer asked Elhub to keep metering values longer."
    )
    nace_division_code: Text | None = None
    communications: list[Communication] = Field(default_factory=list)


class StartOfSupplyRequest(BusinessDocument):
    """A supplier (or grid company, 123) asks Elhub to start supply: a move-in."""

    direction: ClassVar[DocumentDirection] = "to_elhub"
    default_document_type: ClassVar[str | None] = "392"
    #: EMIF requires them, the CIM profile does not (a document lifted from DataHub 3 lacks them,
    #: cim-profile §0.7b): such a request has no ebIX form, refused field by field.
    required_in: ClassVar[dict[str, tuple[str, ...]]] = {
        "ebix": ("customer.extended_storage_metering_values", "customer_addresses")
    }
    start: EventTime
    original_document_id: DocumentId | None = None
    metering_point: MeteringPointId
    balance_supplier: PartyId | None = None
    move_in_to_supplier_of_last_resort: bool | None = None
    consent_id: DocumentId | None = Field(
        default=None, description="Contract confirmation from Elhub's consent solution (UUID)."
    )
    customer: Customer
    customer_addresses: list[CustomerAddress] = Field(default_factory=list)


class StartOfSupplyConfirmation(BusinessDocument):
    direction: ClassVar[DocumentDirection] = "from_elhub"
    default_document_type: ClassVar[str | None] = "414"
    start: EventTime
    original_document_id: DocumentId
    metering_point: MeteringPointId


class StartOfSupplyRejection(BusinessDocument):
    direction: ClassVar[DocumentDirection] = "from_elhub"
    default_document_type: ClassVar[str | None] = "406"
    original_document_id: DocumentId
    reasons: list[Text] = Field(min_length=1, description="Elhub response reason codes.")
    metering_point: MeteringPointId


class StartOfSupplyNotification(BusinessDocument):
    """Elhub tells the parties that supply starts, with the metering point's master data.

    Sent to the grid company (102, 103) or to the supplier taking over (123, 305, and the supplier
    of last resort after 201/211). EMIF NotifyStartOfSupply, CIM NotifyStartOfSupply_MarketDocument.
    """

    direction: ClassVar[DocumentDirection] = "from_elhub"
    default_document_type: ClassVar[str | None] = "414"
    start: EventTime
    metering_point: MeteringPointId
    grid_area: GridAreaId
    metering_point_address: MeteringPointAddress | None = None
    coordinates: Coordinates | None = None
    cadastral: Cadastral | None = None
    balance_supplier: PartyId
    customer: Customer
    customer_addresses: list[CustomerAddress] = Field(min_length=1, max_length=2)
    details: MeteringPointDetails | None = None
    estimated_annual_volume: EstimatedAnnualVolume | None = None
    meter: Meter | None = None
    taxation: Taxation | None = None
    measurement_definitions: list[MeasurementDefinition] = Field(
        default_factory=list, max_length=99
    )

    @model_validator(mode="before")
    @classmethod
    def _empty_parts(cls, data: Any) -> Any:
        return drop_empty_parts(data, ("details", "meter"))


class EndOfSupplyRequest(BusinessDocument):
    """A supplier (201) or grid company (211) asks Elhub to end supply: a move-out."""

    direction: ClassVar[DocumentDirection] = "to_elhub"
    default_document_type: ClassVar[str | None] = "432"
    end: EventTime
    original_document_id: DocumentId | None = None
    reason: Text | None = Field(default=None, description="End reason code (Z41, Z42, Z44, Z45).")
    metering_point: MeteringPointId
    balance_supplier: PartyId | None = None
    customer: Customer
    customer_addresses: list[CustomerAddress] = Field(min_length=1, max_length=2)


class EndOfSupplyConfirmation(BusinessDocument):
    direction: ClassVar[DocumentDirection] = "from_elhub"
    default_document_type: ClassVar[str | None] = "414"
    end: EventTime
    original_document_id: DocumentId
    metering_point: MeteringPointId


class EndOfSupplyRejection(BusinessDocument):
    direction: ClassVar[DocumentDirection] = "from_elhub"
    default_document_type: ClassVar[str | None] = "406"
    original_document_id: DocumentId
    reasons: list[Text] = Field(min_length=1)
    metering_point: MeteringPointId


class EndOfSupplyNotification(BusinessDocument):
    """Elhub tells a party that a supply relationship at a metering point ends.

    The previous supplier after a move-in (102, 103, 123), the grid company or supplier after an
    end of supply (201, 211), anyone concerned by Elhub's own changes (305). EMIF
    NotifyEndOfSupply, CIM GenericNotification_MarketDocument.
    """

    direction: ClassVar[DocumentDirection] = "from_elhub"
    #: EMIF requires the customer and an address (ConsumerInvolvedCustomerParty/Address), which
    #: the previous supplier does not get: such a notification has no ebIX form.
    required_in: ClassVar[dict[str, tuple[str, ...]]] = {
        "ebix": ("customer", "customer.id", "customer_addresses")
    }
    end: EventTime = Field(description="The date the supply ends.")
    reason: Text | None = Field(default=None, description="End reason code (Z41, Z42, Z44, Z45).")
    metering_point: MeteringPointId
    balance_supplier: PartyId
    customer: Customer | None = Field(
        default=None,
        description="Required by EMIF; withheld from the previous supplier by the personal data "
        "policy (elhub_cim.minimise), as in DataHub 3's GenericNotification.",
    )
    customer_addresses: list[CustomerAddress] = Field(default_factory=list, max_length=2)

    @model_validator(mode="before")
    @classmethod
    def _empty_parts(cls, data: Any) -> Any:
        return drop_empty_parts(data, ("customer",))


class MeteringPointCharacteristics(DomainModel):
    """Master data of one metering point for one period (one payload / one CIM record).

    ``record_id`` identifies the record (profile rule R2): the sender's payload identification
    when it gave one; otherwise :class:`MeteringPointCharacteristicsNotification` fills in
    :attr:`derived_record_id`, a UUID v5 of the document id and the record's 1-based position.
    """

    record_id: DocumentId | None = Field(
        default=None,
        description="The record's identity; derived from document id and position if absent.",
    )
    original_document_id: DocumentId | None = None
    start: EventTime
    end: EventTime | None = None
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
    measurement_definitions: list[MeasurementDefinition] = Field(
        default_factory=list, max_length=99
    )

    _derived_record_id: str | None = PrivateAttr(default=None)

    @property
    def derived_record_id(self) -> str | None:
        """The id R2 derives for this record in its document (``None`` outside a document)."""
        return self._derived_record_id

    @model_validator(mode="before")
    @classmethod
    def _empty_parts(cls, data: Any) -> Any:
        return drop_empty_parts(data, ("details", "meter", "customer"))

    @model_validator(mode="after")
    def _customer_complete(self) -> MeteringPointCharacteristics:
        # R8: in a characteristics record the customer exists exactly when it says whether
        # metering values are stored longer (EMIF requires the element; CIM has no container).
        if self.customer is not None and self.customer.extended_storage_metering_values is None:
            raise ValueError(
                "customer: extended_storage_metering_values is required when a customer is given"
            )
        return self


def derived_record_id(document_id: str, position: int) -> str:
    """R2: the record id of the ``position``-th (1-based) payload without its own id."""
    return derive_record_id(document_id, position)


class MeteringPointCharacteristicsNotification(BusinessDocument):
    """Elhub sends the characteristics of one or more metering points (1 to 9 999 records).

    EMIF NotifyMeteringPointCharacteristics, CIM AccountingPointCharacteristics_MarketDocument.
    After validation every record has a ``record_id`` (R2).
    """

    direction: ClassVar[DocumentDirection] = "from_elhub"
    metering_points: list[MeteringPointCharacteristics] = Field(min_length=1, max_length=9999)

    @model_validator(mode="after")
    def _record_ids(self) -> MeteringPointCharacteristicsNotification:
        records = []
        for position, record in enumerate(self.metering_points, 1):
            derived = derived_record_id(self.header.document_id, position)
            copy = record.model_copy(update={"record_id": record.record_id or derived})
            copy._derived_record_id = derived
            records.append(copy)
        object.__setattr__(self, "metering_points", records)
        return self


class CustomerInformationNotification(BusinessDocument):
    """Elhub sends the customer of a metering point (after a move, or after its own change).

    EMIF NotifyCustomerInformation, CIM CharacteristicsOfACustomerAtAnAP_MarketDocument.
    """

    direction: ClassVar[DocumentDirection] = "from_elhub"
    original_document_id: DocumentId | None = None
    start: EventTime | None = None
    snapshot: Timestamp
    metering_point: MeteringPointId
    customer: Customer
    customer_addresses: list[CustomerAddress] = Field(default_factory=list, max_length=2)
