"""BRS-NO-611 verify/find master data of a metering point: the request and the response.

A balance supplier (DDQ), a query party (QRY) or a third party (AG) asks Elhub for the master data
of a metering point, naming it (verify) or searching for it (find); Elhub answers with 1–99
metering points or rejects the request with an acknowledgement (EH015, EH065, ...). Which search
combinations are allowed is a business rule (``elhub_cim.rules``), not part of the model: the
model accepts every combination the schemas accept, so that a wrong request can be read,
converted and reported.

Record identity (profile R2): the CIM response carries a record ``mRID`` per metering point, the
ebIX response has no payload identifier. The record mRID is derived (UUID v5, namespace = the
document id, name = the 1-based position as decimal text); :attr:`UpfrontMeteringPoint.record_id`
holds a record mRID only when it differs from the derived one (a CIM document written by someone
else), so that converting such a document to ebIX reports the loss instead of dropping it.
"""

from __future__ import annotations

import uuid
from enum import StrEnum
from typing import Annotated, Any, ClassVar

from pydantic import Field, PrivateAttr, StringConstraints, model_validator

from .common import (
    BusinessDocument,
    Cadastral,
    DocumentDirection,
    DocumentId,
    EndUserId,
    GridAreaId,
    Meter,
    MeteringPointAddress,
    MeteringPointDetails,
    MeteringPointId,
    PartyId,
    Text,
)
from .supply import derived_record_id
from .types import DomainModel, EventTime, Timestamp

__all__ = [
    "AnnualVolumeEstimate",
    "ConsumptionClassification",
    "Purpose",
    "SearchAddress",
    "UpfrontMeteringPoint",
    "UpfrontRequest",
    "UpfrontResponse",
    "derived_record_id",
]

#: At most 12 digits, never negative (ebIX ``long12``, CIM ``Volume_Decimal``).
AnnualVolume = Annotated[int, Field(ge=0, le=999_999_999_999)]
#: Search text; ``*`` is a wildcard (its placement is a business rule, not a type).
SearchText = Annotated[str, StringConstraints(min_length=1)]


class Purpose(StrEnum):
    """Why a 611 request is made (Elhub's values, kept verbatim in both standards)."""

    START_OF_SUPPLY = "StartOfSupply"
    ACCESS_REQUEST = "AccessRequest"
    OTHER = "Other"


class SearchAddress(DomainModel):
    """Address search fields of a 611 request; ``*`` wildcards allowed (611 rules)."""

    street_name: SearchText | None = None
    building_number: SearchText | None = None
    postcode: SearchText | None = None


class UpfrontRequest(BusinessDocument):
    """RequestUpfrontMeteringPointCharacteristics ⇄ RequestUpfrontAccountingPointCharacteristics.

    Variants (``elhub_cim.rules``, BRS-NO-611): verify = ``metering_point`` alone; find =
    end user + metering point, end user + meter, postcode + meter (end user + two address
    elements was removed on 1 March 2026).
    """

    direction: ClassVar[DocumentDirection] = "to_elhub"
    default_document_type: ClassVar[str | None] = "E10"
    metering_point: MeteringPointId | None = None
    end_user: EndUserId | None = None
    purpose: Purpose | None = Field(
        default=None, description="Optional in EMIF 2.4.3; Elhub makes it mandatory (611 rules)."
    )
    address: SearchAddress | None = None
    meter_id: SearchText | None = Field(
        default=None, description="Meter number (MeterIdentification)."
    )


class ConsumptionClassification(DomainModel):
    """Forbrukskode and NACE code of a metering point (ebIX NACEConsType)."""

    consumption_code: Text | None = None
    nace_division_code: Text | None = None


class AnnualVolumeEstimate(DomainModel):
    """Estimated annual volume of a metering point (ebIX AnnualPeriodEstimatedMetrics)."""

    total_kwh: AnnualVolume


class UpfrontMeteringPoint(DomainModel):
    """One metering point of a 611 response."""

    record_id: DocumentId | None = Field(
        default=None,
        description="CIM record mRID when it is not the derived one (R2); None = derived.",
    )
    original_document_id: DocumentId = Field(description="The request this answers.")
    snapshot: Timestamp = Field(description="When Elhub read the master data.")
    last_meter_reading: EventTime | None = None
    delivery_obligation: EventTime | None = Field(
        default=None, description="Date of the supply obligation (leveringsplikt), if any."
    )
    metering_point: MeteringPointId
    grid_access_provider: PartyId = Field(description="Grid company (GLN).")
    metering_point_address: MeteringPointAddress | None = None
    cadastral: Cadastral | None = None
    grid_area: GridAreaId | None = None
    details: MeteringPointDetails = Field(
        default_factory=lambda: MeteringPointDetails.model_validate({}),
        description="Mandatory container in ebIX (written even when empty); flat in CIM.",
    )
    meter: Meter | None = None
    estimated_annual_volume: AnnualVolumeEstimate | None = None
    classification: ConsumptionClassification | None = None

    _derived_record_id: str | None = PrivateAttr(default=None)

    @property
    def record_mrid(self) -> str | None:
        """The CIM record mRID: ``record_id`` or, when absent, the derived one (R2)."""
        return self.record_id or self._derived_record_id

    def __eq__(self, other: object) -> bool:
        # The derived id depends on the enclosing document, not on this metering point.
        if not isinstance(other, UpfrontMeteringPoint):
            return NotImplemented
        return self.__dict__ == other.__dict__

    def __hash__(self) -> int:
        return hash(tuple(self.__dict__.values()))


def _given_record_id(point: Any) -> Any:
    """The record id a metering point of a response gives, if any (None: none given)."""
    if isinstance(point, dict):
        return point.get("record_id")
    if isinstance(point, UpfrontMeteringPoint):
        return point.record_id
    return None


class UpfrontResponse(BusinessDocument):
    """ResponseUpfrontMeteringPointCharacteristics ⇄ UpfrontAccountingPointCharacteristics."""

    direction: ClassVar[DocumentDirection] = "from_elhub"
    default_document_type: ClassVar[str | None] = "E07"
    metering_points: list[UpfrontMeteringPoint] = Field(min_length=1, max_length=99)

    @model_validator(mode="before")
    @classmethod
    def _normalise_record_ids(cls, data: Any) -> Any:
        """A record mRID equal to the derived one is not stored (it carries no information)."""
        if not isinstance(data, dict):
            return data
        header = data.get("header")
        document_id = (
            header.get("document_id")
            if isinstance(header, dict)
            else getattr(header, "document_id", None)
        )
        points = data.get("metering_points")
        if not isinstance(document_id, str) or not isinstance(points, list):
            return data
        if all(_given_record_id(point) is None for point in points):
            # The usual response (ebIX has no record id): nothing to compare, so no id derived
            # (a SHA-1 each) and the document id not parsed here.
            return data
        try:
            uuid.UUID(document_id)
        except ValueError:
            return data  # the header's own validation reports it
        normalised: list[Any] = []
        for position, point in enumerate(points, 1):
            if isinstance(point, dict) and point.get("record_id") == derived_record_id(
                document_id, position
            ):
                point = {**point, "record_id": None}
            elif isinstance(point, UpfrontMeteringPoint) and point.record_id == derived_record_id(
                document_id, position
            ):
                point = point.model_copy(update={"record_id": None})
            normalised.append(point)
        return {**data, "metering_points": normalised}

    @model_validator(mode="after")
    def _derive_record_ids(self) -> UpfrontResponse:
        points: list[UpfrontMeteringPoint] = []
        for position, point in enumerate(self.metering_points, 1):
            derived = derived_record_id(self.header.document_id, position)
            if point._derived_record_id not in (None, derived):
                point = point.model_copy()  # the same object placed in another document
            point._derived_record_id = derived
            points.append(point)
        if any(a is not b for a, b in zip(points, self.metering_points, strict=True)):
            object.__setattr__(self, "metering_points", points)
        return self
