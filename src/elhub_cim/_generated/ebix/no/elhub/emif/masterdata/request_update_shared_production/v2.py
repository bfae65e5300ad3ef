from __future__ import annotations

from dataclasses import dataclass, field

from ...common.aggregated_business_information_entities.v2 import (
    ElhubEnergyContextType,
    ElhubHeaderType,
    ElhubRequestUpdateSharedProductionType,
)

__NAMESPACE__ = "urn:no:elhub:emif:masterdata:RequestUpdateSharedProduction:v2"


@dataclass(kw_only=True)
class RequestUpdateSharedProduction:
    class Meta:
        namespace = "urn:no:elhub:emif:masterdata:RequestUpdateSharedProduction:v2"

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
    payload_master_data_mpevent: ElhubRequestUpdateSharedProductionType = field(
        metadata={
            "name": "PayloadMasterDataMPEvent",
            "type": "Element",
        }
    )
