from __future__ import annotations

from dataclasses import dataclass, field

from ...common.aggregated_business_information_entities.v2 import (
    ElhubEnergyContextType,
    ElhubHeaderType,
    ElhubRejectEventSingleMptype,
)

__NAMESPACE__ = "urn:no:elhub:emif:market:RejectStartOfSupply:v2"


@dataclass(kw_only=True)
class RejectStartOfSupply:
    class Meta:
        namespace = "urn:no:elhub:emif:market:RejectStartOfSupply:v2"

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
    payload_response_event: ElhubRejectEventSingleMptype = field(
        metadata={
            "name": "PayloadResponseEvent",
            "type": "Element",
        }
    )
