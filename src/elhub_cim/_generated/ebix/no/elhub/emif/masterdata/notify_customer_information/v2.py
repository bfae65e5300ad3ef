from __future__ import annotations

from dataclasses import dataclass, field

from ...common.aggregated_business_information_entities.v2 import (
    ElhubEnergyContextType,
    ElhubHeaderType,
    ElhubNotifyCustomerInformationType,
)

__NAMESPACE__ = "urn:no:elhub:emif:masterdata:NotifyCustomerInformation:v2"


@dataclass(kw_only=True)
class NotifyCustomerInformation:
    class Meta:
        namespace = "urn:no:elhub:emif:masterdata:NotifyCustomerInformation:v2"

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
    payload_master_data_mpevent: ElhubNotifyCustomerInformationType = field(
        metadata={
            "name": "PayloadMasterDataMPEvent",
            "type": "Element",
        }
    )
