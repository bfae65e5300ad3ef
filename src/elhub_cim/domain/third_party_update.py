"""BRS-NO-622 third-party access: a third party changes its access to a metering point.

A third party (AG) tells Elhub to add, update or delete its access to a metering point's data,
until an end date when it gives one; it may pass on that the end user wants metering values kept
longer. EMIF ``UpdateThirdPartyAccess`` (DocumentType E10); no Nordic document exists, so the CIM
form is a Norwegian document in ESMP style, ``RequestChangeThirdPartyAccess_MarketDocument``
(type E10, process NO622). Elhub's return message with the metering point's data is BRS-NO-624
(:class:`~elhub_cim.domain.third_party.ThirdPartyAccessNotification`).
"""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field, field_validator

from .common import BusinessDocument, DocumentDirection, MeteringPointId
from .shared_production import UpdateIndicator
from .types import EventTime

__all__ = ["ThirdPartyAccessUpdateRequest"]


class ThirdPartyAccessUpdateRequest(BusinessDocument):
    """A third party adds, updates or deletes its access to one metering point (622)."""

    direction: ClassVar[DocumentDirection] = "to_elhub"
    default_document_type: ClassVar[str | None] = "E10"
    end: EventTime | None = Field(default=None, description="When the access ends.")
    update_indicator: UpdateIndicator = Field(description="Add, Update or Delete the access.")
    metering_point: MeteringPointId
    extended_storage_metering_values: bool | None = Field(
        default=None,
        description="The end user asked Elhub to keep metering values longer: true or absent "
        "(EMIF fixes the value to true).",
    )

    @field_validator("extended_storage_metering_values")
    @classmethod
    def _only_true(cls, value: bool | None) -> bool | None:
        if value is False:
            raise ValueError("only true or absent (EMIF UpdateThirdPartyAccess fixes it to true)")
        return value
