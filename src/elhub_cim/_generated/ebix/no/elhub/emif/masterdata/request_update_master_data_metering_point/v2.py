from __future__ import annotations

from dataclasses import dataclass, field

from ...common.aggregated_business_information_entities.v2 import (
    ElhubEnergyContextType,
    ElhubHeaderType,
    ElhubRequestUpdateMasterDataMeteringPointType,
)

__NAMESPACE__ = "urn:no:elhub:emif:masterdata:RequestUpdateMasterDataMeteringPoint:v2"


@dataclass(kw_only=True)
class RequestUpdateMasterDataMeteringPoint:
    class Meta:
        namespace = "urn:no:elhub:emif:masterdata:RequestUpdateMasterDataMeteringPoint:v2"

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
    payload_master_data_mpevent: list[ElhubRequestUpdateMasterDataMeteringPointType] = field(
        default_factory=list,
        metadata={
            "name": "PayloadMasterDataMPEvent",
            "type": "Element",
            "min_occurs": 1,
            "max_occurs": 9999,
        },
    )
