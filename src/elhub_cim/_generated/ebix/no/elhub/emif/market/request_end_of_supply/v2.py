from __future__ import annotations

from dataclasses import dataclass, field

from ...common.aggregated_business_information_entities.v2 import (
    ElhubEnergyContextType,
    ElhubHeaderType,
    ElhubRequestEndOfSupplyType,
)

__NAMESPACE__ = "urn:no:elhub:emif:market:RequestEndOfSupply:v2"


@dataclass(kw_only=True)
class RequestEndOfSupply:
    class Meta:
        namespace = "urn:no:elhub:emif:market:RequestEndOfSupply:v2"

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
    payload_mpevent: ElhubRequestEndOfSupplyType = field(
        metadata={
            "name": "PayloadMPEvent",
            "type": "Element",
        }
    )
