"""Master data of a metering point sent to Elhub (BRS-NO-302): the business document.

The grid company (DDM) asks Elhub to change the master data of one or more metering points:
EMIF ``RequestUpdateMasterDataMeteringPoint`` (DocumentType E58), CIM
``RequestChangeAccountingPointCharacteristics_MarketDocument`` (the Nordic document, type E58,
extended with Elhub's fields). Elhub answers with an Acknowledgement and passes the new master data
on as ``NotifyMeteringPointCharacteristics`` (BRS-NO-303,
:class:`~elhub_cim.domain.supply.MeteringPointCharacteristicsNotification`).
"""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import Field, PrivateAttr, model_validator

from .common import (
    BusinessDocument,
    Cadastral,
    Coordinates,
    DocumentDirection,
    DocumentId,
    EstimatedAnnualVolume,
    GridAreaId,
    MeasurementDefinition,
    Meter,
    MeteringPointAddress,
    MeteringPointDetails,
    MeteringPointId,
    Taxation,
    drop_empty_parts,
)
from .supply import derived_record_id
from .types import DomainModel, EventTime

__all__ = ["MeteringPointMasterDataUpdate", "MeteringPointMasterDataUpdateRequest"]


class MeteringPointMasterDataUpdate(DomainModel):
    """The new master data of one metering point (one EMIF payload / one CIM record).

    ``record_id`` identifies the record (profile rule R2): the sender's payload identification
    when it gave one; otherwise :class:`MeteringPointMasterDataUpdateRequest` fills in
    :attr:`derived_record_id`, a UUID v5 of the document id and the record's 1-based position.
    """

    record_id: DocumentId | None = Field(
        default=None,
        description="The record's identity; derived from document id and position if absent.",
    )
    original_document_id: DocumentId | None = None
    start: EventTime | None = Field(default=None, description="From when the new data apply.")
    metering_point: MeteringPointId
    grid_area: GridAreaId | None = None
    metering_point_address: MeteringPointAddress | None = None
    coordinates: Coordinates | None = None
    cadastral: Cadastral | None = None
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
        return drop_empty_parts(data, ("details", "meter"))

    @model_validator(mode="after")
    def _no_settlement_exclusion(self) -> MeteringPointMasterDataUpdate:
        # EMIF's request has the generic measurement definition: ExcludeFromSettlement is
        # Elhub's to say (NotifyMeteringPointCharacteristics), not the grid company's.
        for position, definition in enumerate(self.measurement_definitions):
            if definition.exclude_from_settlement is not None:
                raise ValueError(
                    f"measurement_definitions[{position}].exclude_from_settlement: a master "
                    "data request cannot set it (only Elhub's characteristics carry it)"
                )
        return self


class MeteringPointMasterDataUpdateRequest(BusinessDocument):
    """A grid company asks Elhub to change metering point master data (1 to 9 999 records).

    EMIF RequestUpdateMasterDataMeteringPoint, CIM
    RequestChangeAccountingPointCharacteristics_MarketDocument. After validation every record has
    a ``record_id`` (R2).
    """

    direction: ClassVar[DocumentDirection] = "to_elhub"
    default_document_type: ClassVar[str | None] = "E58"
    metering_points: list[MeteringPointMasterDataUpdate] = Field(min_length=1, max_length=9999)

    @model_validator(mode="after")
    def _record_ids(self) -> MeteringPointMasterDataUpdateRequest:
        records = []
        for position, record in enumerate(self.metering_points, 1):
            derived = derived_record_id(self.header.document_id, position)
            copy = record.model_copy(update={"record_id": record.record_id or derived})
            copy._derived_record_id = derived
            records.append(copy)
        # Each record once: EMIF's XSD says so (unique payload identification), and a record id
        # given twice would make an ebIX document that XSD refuses.
        first: dict[str, int] = {}
        for position, record in enumerate(records, 1):
            earlier = first.setdefault(str(record.record_id), position)
            if earlier != position:
                raise ValueError(f"records {earlier} and {position} have the same record id")
        object.__setattr__(self, "metering_points", records)
        return self
