from __future__ import annotations

from dataclasses import dataclass, field

from ...common.aggregated_business_information_entities.v2 import (
    ElhubConfirmEndOfSupplyType,
    ElhubEnergyContextType,
    ElhubHeaderType,
)

__NAMESPACE__ = "urn:no:elhub:emif:market:ConfirmEndOfSupply:v2"


@dataclass(kw_only=True)
class ConfirmEndOfSupply:
    class Meta:
        namespace = "urn:no:elhub:emif:market:ConfirmEndOfSupply:v2"

    header: ElhubHeaderType = field(
        metadata={
            "name": "Header",
            "type": "Element",
        }
    )
    process_energy_context: ElhubEnergyContextType = field(
        metadata={
            "name": "ProcessEnergyContext",
            "type": "Element",
        }
    )
    payload_response_event: ElhubConfirmEndOfSupplyType = field(
        metadata={
            "name": "PayloadResponseEvent",
            "type": "Element",
        }
    )
