from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from .codelists import (
    AddressTypeList,
    BusinessSectorTypeList,
    RoleTypeList,
)
from .local_extension_types import (
    LocalCommunicationChannelType,
    LocalEndReasonType,
)

__NAMESPACE__ = "urn:x-elhub-cim:profile:structure:requestendofsupply:0:2"


class CustomerCodingScheme(Enum):
    ARR = "ARR"
    NNO = "NNO"
    Z01 = "Z01"


class DocumentKindString(Enum):
    VALUE_432 = "432"


@dataclass(kw_only=True)
class ElectronicAddress:
    email1: str = field(
        metadata={
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:requestendofsupply:0:2",
            "max_length": 70,
        }
    )


class MeasurementPointCodingScheme(Enum):
    A10 = "A10"


class PartyCodingScheme(Enum):
    A10 = "A10"


class ProcessKindString(Enum):
    NO201 = "NO201"
    NO211 = "NO211"


@dataclass(kw_only=True)
class StreetDetail:
    code: None | str = field(
        default=None,
        metadata={
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:requestendofsupply:0:2",
            "min_length": 1,
            "max_length": 10,
        },
    )
    name: None | str = field(
        default=None,
        metadata={
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:requestendofsupply:0:2",
            "min_length": 1,
            "max_length": 150,
        },
    )
    number: None | str = field(
        default=None,
        metadata={
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:requestendofsupply:0:2",
            "min_length": 1,
            "max_length": 10,
        },
    )
    floor_identification: None | str = field(
        default=None,
        metadata={
            "name": "floorIdentification",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:requestendofsupply:0:2",
            "min_length": 1,
            "max_length": 10,
        },
    )
    suite_number: None | str = field(
        default=None,
        metadata={
            "name": "suiteNumber",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:requestendofsupply:0:2",
            "min_length": 1,
            "max_length": 10,
        },
    )
    address_general: None | str = field(
        default=None,
        metadata={
            "name": "addressGeneral",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:requestendofsupply:0:2",
            "min_length": 1,
            "max_length": 100,
        },
    )


@dataclass(kw_only=True)
class TelephoneNumber:
    itu_phone: str = field(
        metadata={
            "name": "ituPhone",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:requestendofsupply:0:2",
            "max_length": 15,
        }
    )


@dataclass(kw_only=True)
class TownDetail:
    code: None | str = field(
        default=None,
        metadata={
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:requestendofsupply:0:2",
            "min_length": 1,
            "max_length": 10,
        },
    )
    name: str = field(
        metadata={
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:requestendofsupply:0:2",
            "min_length": 1,
            "max_length": 50,
        }
    )
    section: None | str = field(
        default=None,
        metadata={
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:requestendofsupply:0:2",
            "min_length": 1,
            "max_length": 50,
        },
    )
    country: str = field(
        metadata={
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:requestendofsupply:0:2",
            "length": 2,
            "pattern": r"[A-Z]*",
        }
    )


@dataclass(kw_only=True)
class CustomerIdString:
    class Meta:
        name = "CustomerID_String"

    value: str = field(
        default="",
        metadata={
            "min_length": 1,
            "max_length": 11,
        },
    )
    coding_scheme: CustomerCodingScheme = field(
        metadata={
            "name": "codingScheme",
            "type": "Attribute",
        }
    )


@dataclass(kw_only=True)
class CustomerCommunication:
    class Meta:
        name = "Customer_Communication"

    channel: LocalCommunicationChannelType = field(
        metadata={
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:requestendofsupply:0:2",
        }
    )
    complete_number: str = field(
        metadata={
            "name": "completeNumber",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:requestendofsupply:0:2",
            "min_length": 1,
            "max_length": 100,
        }
    )
    description: None | str = field(
        default=None,
        metadata={
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:requestendofsupply:0:2",
            "min_length": 1,
            "max_length": 100,
        },
    )


@dataclass(kw_only=True)
class MeasurementPointIdString:
    class Meta:
        name = "MeasurementPointID_String"

    value: str = field(
        default="",
        metadata={
            "max_length": 35,
            "pattern": r"[0-9]{18}",
        },
    )
    coding_scheme: MeasurementPointCodingScheme = field(
        metadata={
            "name": "codingScheme",
            "type": "Attribute",
        }
    )


@dataclass(kw_only=True)
class PartyIdString:
    class Meta:
        name = "PartyID_String"

    value: str = field(
        default="",
        metadata={
            "min_length": 1,
            "max_length": 13,
        },
    )
    coding_scheme: PartyCodingScheme = field(
        metadata={
            "name": "codingScheme",
            "type": "Attribute",
        }
    )


@dataclass(kw_only=True)
class StreetAddress:
    street_detail: None | StreetDetail = field(
        default=None,
        metadata={
            "name": "streetDetail",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:requestendofsupply:0:2",
        },
    )
    town_detail: TownDetail = field(
        metadata={
            "name": "townDetail",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:requestendofsupply:0:2",
        }
    )
    postal_code: str = field(
        metadata={
            "name": "postalCode",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:requestendofsupply:0:2",
            "min_length": 1,
            "max_length": 10,
        }
    )
    po_box: None | str = field(
        default=None,
        metadata={
            "name": "poBox",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:requestendofsupply:0:2",
            "min_length": 1,
            "max_length": 40,
        },
    )
    language: None | str = field(
        default=None,
        metadata={
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:requestendofsupply:0:2",
        },
    )


@dataclass(kw_only=True)
class UsagePointLocation:
    type_value: AddressTypeList = field(
        metadata={
            "name": "type",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:requestendofsupply:0:2",
        }
    )
    geo_info_reference: None | str = field(
        default=None,
        metadata={
            "name": "geoInfoReference",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:requestendofsupply:0:2",
        },
    )
    main_address: StreetAddress = field(
        metadata={
            "name": "mainAddress",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:requestendofsupply:0:2",
        }
    )
    name: None | str = field(
        default=None,
        metadata={
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:requestendofsupply:0:2",
        },
    )
    attn_names_name: None | str = field(
        default=None,
        metadata={
            "name": "attn_Names.name",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:requestendofsupply:0:2",
            "min_length": 1,
            "max_length": 80,
        },
    )
    phone1: None | TelephoneNumber = field(
        default=None,
        metadata={
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:requestendofsupply:0:2",
        },
    )
    phone2: None | TelephoneNumber = field(
        default=None,
        metadata={
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:requestendofsupply:0:2",
        },
    )
    electronic_address: None | ElectronicAddress = field(
        default=None,
        metadata={
            "name": "electronicAddress",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:requestendofsupply:0:2",
        },
    )
    protected_address: None | bool = field(
        default=None,
        metadata={
            "name": "protectedAddress",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:requestendofsupply:0:2",
        },
    )
    care_of_names_name: None | str = field(
        default=None,
        metadata={
            "name": "careOf_Names.name",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:requestendofsupply:0:2",
            "min_length": 1,
            "max_length": 80,
        },
    )
    on_behalf_of_names_name: None | str = field(
        default=None,
        metadata={
            "name": "onBehalfOf_Names.name",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:requestendofsupply:0:2",
            "min_length": 1,
            "max_length": 80,
        },
    )


@dataclass(kw_only=True)
class MktActivityRecord:
    m_rid: str = field(
        metadata={
            "name": "mRID",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:requestendofsupply:0:2",
            "pattern": r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}",
        }
    )
    business_process_reference_mkt_activity_record_m_rid: None | str = field(
        default=None,
        metadata={
            "name": "businessProcessReference_MktActivityRecord.mRID",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:requestendofsupply:0:2",
        },
    )
    market_evaluation_point_m_rid: MeasurementPointIdString = field(
        metadata={
            "name": "marketEvaluationPoint.mRID",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:requestendofsupply:0:2",
        }
    )
    market_evaluation_point_balance_responsible_party_market_participant_m_rid: (
        None | PartyIdString
    ) = field(
        default=None,
        metadata={
            "name": "marketEvaluationPoint.balanceResponsibleParty_MarketParticipant.mRID",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:requestendofsupply:0:2",
        },
    )
    market_evaluation_point_shipper_market_participant_m_rid: None | PartyIdString = field(
        default=None,
        metadata={
            "name": "marketEvaluationPoint.shipper_MarketParticipant.mRID",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:requestendofsupply:0:2",
        },
    )
    market_evaluation_point_energy_supplier_market_participant_m_rid: None | PartyIdString = field(
        default=None,
        metadata={
            "name": "marketEvaluationPoint.energySupplier_MarketParticipant.mRID",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:requestendofsupply:0:2",
        },
    )
    end_date_and_or_time_date_time: str = field(
        metadata={
            "name": "end_DateAndOrTime.dateTime",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:requestendofsupply:0:2",
            "pattern": r"[1-9][0-9]{3}-.+T[^.Z+]+(\.[0-9]{1,3})?Z",
        }
    )
    original_transaction_idreference_mkt_activity_record_m_rid: None | str = field(
        default=None,
        metadata={
            "name": "originalTransactionIDReference_MktActivityRecord.mRID",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:requestendofsupply:0:2",
            "pattern": r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}",
        },
    )
    end_reason_code: None | LocalEndReasonType = field(
        default=None,
        metadata={
            "name": "endReason.code",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:requestendofsupply:0:2",
        },
    )
    market_evaluation_point_customer_market_participant_m_rid: CustomerIdString = field(
        metadata={
            "name": "marketEvaluationPoint.customer_MarketParticipant.mRID",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:requestendofsupply:0:2",
        }
    )
    market_evaluation_point_customer_market_participant_name: None | str = field(
        default=None,
        metadata={
            "name": "marketEvaluationPoint.customer_MarketParticipant.name",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:requestendofsupply:0:2",
            "min_length": 1,
            "max_length": 80,
        },
    )
    market_evaluation_point_customer_person_first_name: None | str = field(
        default=None,
        metadata={
            "name": "marketEvaluationPoint.customer_Person.firstName",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:requestendofsupply:0:2",
            "min_length": 1,
            "max_length": 80,
        },
    )
    market_evaluation_point_customer_person_last_name: None | str = field(
        default=None,
        metadata={
            "name": "marketEvaluationPoint.customer_Person.lastName",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:requestendofsupply:0:2",
            "min_length": 1,
            "max_length": 40,
        },
    )
    customer_communication: list[CustomerCommunication] = field(
        default_factory=list,
        metadata={
            "name": "Customer_Communication",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:requestendofsupply:0:2",
            "max_occurs": 99,
        },
    )
    market_evaluation_point_usage_point_location: list[UsagePointLocation] = field(
        default_factory=list,
        metadata={
            "name": "marketEvaluationPoint.UsagePointLocation",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:requestendofsupply:0:2",
            "min_occurs": 1,
            "max_occurs": 2,
        },
    )


@dataclass(kw_only=True)
class RequestEndOfSupplyMarketDocument:
    class Meta:
        name = "RequestEndOfSupply_MarketDocument"
        namespace = "urn:x-elhub-cim:profile:structure:requestendofsupply:0:2"

    m_rid: str = field(
        metadata={
            "name": "mRID",
            "type": "Element",
            "pattern": r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}",
        }
    )
    type_value: DocumentKindString = field(
        metadata={
            "name": "type",
            "type": "Element",
        }
    )
    process_process_type: ProcessKindString = field(
        metadata={
            "name": "process.processType",
            "type": "Element",
        }
    )
    business_sector_type: BusinessSectorTypeList = field(
        metadata={
            "name": "businessSector.type",
            "type": "Element",
        }
    )
    sender_market_participant_m_rid: PartyIdString = field(
        metadata={
            "name": "sender_MarketParticipant.mRID",
            "type": "Element",
        }
    )
    sender_market_participant_market_role_type: RoleTypeList = field(
        metadata={
            "name": "sender_MarketParticipant.marketRole.type",
            "type": "Element",
        }
    )
    receiver_market_participant_m_rid: PartyIdString = field(
        metadata={
            "name": "receiver_MarketParticipant.mRID",
            "type": "Element",
        }
    )
    receiver_market_participant_market_role_type: RoleTypeList = field(
        metadata={
            "name": "receiver_MarketParticipant.marketRole.type",
            "type": "Element",
        }
    )
    created_date_time: str = field(
        metadata={
            "name": "createdDateTime",
            "type": "Element",
            "pattern": r"[1-9][0-9]{3}-.+T[^.Z+]+(\.[0-9]{1,9})?Z",
        }
    )
    physical_sender_market_participant_m_rid: None | PartyIdString = field(
        default=None,
        metadata={
            "name": "physicalSender_MarketParticipant.mRID",
            "type": "Element",
        },
    )
    positive_acknowledgement_requested: None | str = field(
        default=None,
        metadata={
            "name": "positiveAcknowledgementRequested",
            "type": "Element",
            "pattern": r"true|false",
        },
    )
    mkt_activity_record: MktActivityRecord = field(
        metadata={
            "name": "MktActivityRecord",
            "type": "Element",
        }
    )
