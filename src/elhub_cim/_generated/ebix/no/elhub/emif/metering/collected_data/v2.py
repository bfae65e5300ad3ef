from __future__ import annotations

from dataclasses import dataclass, field

from ...common.aggregated_business_information_entities.v2 import (
    ElhubCollectedDataType,
    ElhubEnergyContextType,
    ElhubHeaderType,
)

__NAMESPACE__ = "urn:no:elhub:emif:metering:CollectedData:v2"


@dataclass(kw_only=True)
class CollectedData:
    class Meta:
        namespace = "urn:no:elhub:emif:metering:CollectedData:v2"

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
    payload_energy_time_series: list[ElhubCollectedDataType] = field(
        default_factory=list,
        metadata={
            "name": "PayloadEnergyTimeSeries",
            "type": "Element",
            "min_occurs": 1,
            "max_occurs": 9999,
        },
    )
