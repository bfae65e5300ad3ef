from __future__ import annotations

from dataclasses import dataclass, field

from ...common.aggregated_business_information_entities.v2 import (
    ElhubEnergyContextType,
    ElhubHeaderType,
    ElhubUpdateThirdPartyAccessType,
)

__NAMESPACE__ = "urn:no:elhub:emif:thirdpartyaccess:UpdateThirdPartyAccess:v2"


@dataclass(kw_only=True)
class UpdateThirdPartyAccess:
    class Meta:
        namespace = "urn:no:elhub:emif:thirdpartyaccess:UpdateThirdPartyAccess:v2"

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
    payload_mpevent: ElhubUpdateThirdPartyAccessType = field(
        metadata={
            "name": "PayloadMPEvent",
            "type": "Element",
        }
    )
