from __future__ import annotations

from dataclasses import dataclass, field

from ...common.aggregated_business_information_entities.v2 import (
    ElhubEnergyContextType,
    ElhubHeaderType,
    ElhubRequestCollectedDataType,
)

__NAMESPACE__ = "urn:no:elhub:emif:metering:RequestCollectedData:v2"


@dataclass(kw_only=True)
class RequestCollectedData:
    class Meta:
        namespace = "urn:no:elhub:emif:metering:RequestCollectedData:v2"

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
    payload_measured_data_request: ElhubRequestCollectedDataType = field(
        metadata={
            "name": "PayloadMeasuredDataRequest",
            "type": "Element",
        }
    )
