"""Reconciliation (BRS-NO-503, avregning): volumes and amounts per interval for a balance supplier.

Elhub sends a balance supplier :class:`ReconciliationNotification` (EMIF
``PriceVolumeCombinationForReconciliation``, CIM ``NotifyWholesaleServices_MarketDocument``): one
:class:`ReconciliationSeries` per grid area, direction and business type, each a period at one
resolution with one :class:`ReconciliationPoint` per interval holding the volume (kWh) and the
amount (in the series' currency). Both may be negative (a reconciliation corrects earlier
settlement).

The CIM form extends the Nordic NotifyWholesaleServices (DataHub 3's settlement amounts): the
series' grid area, energy supplier, product, unit and currency and the points' quantity and
amount have Nordic places; the reconciliation date, the direction and Elhub's business type are
Norwegian additions. Volumes and amounts are kept as written (``-27.940`` stays ``-27.940``).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, ClassVar, Literal

from pydantic import Field, model_validator

from .common import BusinessDocument, DocumentDirection, DocumentId, GridAreaId, PartyId
from .metering import (
    MAX_POINTS,
    MAX_SERIES,
    EnergyProduct,
    FlowDirection,
    Quantity,
    Resolution,
    whole_minute,
)
from .queries import BusinessType
from .types import DomainModel, EventTime

__all__ = [
    "Currency",
    "ReconciliationNotification",
    "ReconciliationPoint",
    "ReconciliationSeries",
    "SettlementMethod",
]

#: An amount as EMIF writes it (decimal122Negative): at most 2 decimals and 12 digits.
Amount = Annotated[
    Decimal,
    Field(
        gt=Decimal(-(10**10)),
        lt=Decimal(10**10),
        max_digits=12,
        decimal_places=2,
        allow_inf_nan=False,
    ),
]
#: ISO 4217 codes EMIF accepts (list agency 5); the same codes in the ENTSO-E currency list.
Currency = Literal["DKK", "EUR", "NOK", "SEK"]
#: E01 profiled, E02 non-profiled (ebIX, agency 260), Z01 Elhub's own (agency 89).
SettlementMethod = Literal["E01", "E02", "Z01"]


class ReconciliationPoint(DomainModel):
    """One interval: EMIF Observation (Sequence, BalanceVolume, BalanceAmount) ⇄ CIM Point."""

    position: int = Field(ge=1, le=MAX_POINTS, description="EMIF Sequence; CIM position.")
    volume: Quantity = Field(description="Balance volume (the series' unit), may be negative.")
    amount: Amount = Field(description="Balance amount (the series' currency), may be negative.")


class ReconciliationSeries(DomainModel):
    """One series: EMIF PayloadEnergyTimeSeries ⇄ CIM Series."""

    id: DocumentId = Field(description="The series' own UUID (EMIF Identification).")
    currency: Currency
    reconciliation_date: EventTime = Field(description="When the reconciliation was made.")
    request_reference: DocumentId | None = Field(
        default=None, description="The request this answers (EMIF RequestReference), if any."
    )
    resolution: Resolution
    start: EventTime
    end: EventTime
    product: EnergyProduct
    direction: FlowDirection
    business_type: BusinessType | None = None
    settlement_method: SettlementMethod | None = None
    grid_area: GridAreaId
    balance_supplier: PartyId
    points: list[ReconciliationPoint] = Field(min_length=1, max_length=MAX_POINTS)

    @model_validator(mode="after")
    def _consistent(self) -> ReconciliationSeries:
        if self.end.datetime <= self.start.datetime:
            raise ValueError("period: end must be after start")
        for name, value in (("start", self.start), ("end", self.end)):
            whole_minute(value, name)
        positions = [p.position for p in self.points]
        if len(set(positions)) != len(positions):
            raise ValueError("points: each position (EMIF Sequence) may occur once")
        return self


class ReconciliationNotification(BusinessDocument):
    """PriceVolumeCombinationForReconciliation ⇄ NotifyWholesaleServices_MarketDocument."""

    direction: ClassVar[DocumentDirection] = "from_elhub"
    default_document_type: ClassVar[str | None] = "E66"
    series: list[ReconciliationSeries] = Field(min_length=1, max_length=MAX_SERIES)
