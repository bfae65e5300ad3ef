from __future__ import annotations

from dataclasses import dataclass, field

from ...common.aggregated_business_information_entities.v2 import (
    ElhubEnergyContextType,
    ElhubHeaderType,
    ElhubRequestDataFromElhubType,
)

__NAMESPACE__ = "urn:no:elhub:emif:query:RequestDataFromElhub:v2"


@dataclass(kw_only=True)
class RequestDataFromElhub:
    class Meta:
        namespace = "urn:no:elhub:emif:query:RequestDataFromElhub:v2"

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
    payload_mpevent: ElhubRequestDataFromElhubType = field(
        metadata={
            "name": "PayloadMPEvent",
            "type": "Element",
        }
    )
