from __future__ import annotations

from dataclasses import dataclass, field

from ...common.aggregated_business_information_entities.v2 import (
    ElhubEnergyContextType,
    ElhubHeaderType,
    ElhubRequestUpdateCustomerInformationType,
)

__NAMESPACE__ = "urn:no:elhub:emif:masterdata:RequestUpdateCustomerInformation:v2"


@dataclass(kw_only=True)
class RequestUpdateCustomerInformation:
    class Meta:
        namespace = "urn:no:elhub:emif:masterdata:RequestUpdateCustomerInformation:v2"

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
    payload_master_data_mpevent: ElhubRequestUpdateCustomerInformationType = field(
        metadata={
            "name": "PayloadMasterDataMPEvent",
            "type": "Element",
        }
    )
