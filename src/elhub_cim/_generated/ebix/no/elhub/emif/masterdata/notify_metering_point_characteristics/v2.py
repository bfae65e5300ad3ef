from __future__ import annotations

from dataclasses import dataclass, field

from ...common.aggregated_business_information_entities.v2 import (
    ElhubEnergyContextType,
    ElhubHeaderType,
    ElhubNotifyMeteringPointCharacteristicsEventType,
)

__NAMESPACE__ = "urn:no:elhub:emif:masterdata:NotifyMeteringPointCharacteristics:v2"


@dataclass(kw_only=True)
class NotifyMeteringPointCharacteristics:
    class Meta:
        namespace = "urn:no:elhub:emif:masterdata:NotifyMeteringPointCharacteristics:v2"

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
    payload_masterdata_mpevent: list[ElhubNotifyMeteringPointCharacteristicsEventType] = field(
        default_factory=list,
        metadata={
            "name": "PayloadMasterdataMPEvent",
            "type": "Element",
            "min_occurs": 1,
            "max_occurs": 9999,
        },
    )
