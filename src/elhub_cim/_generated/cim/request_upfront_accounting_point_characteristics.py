from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from .codelists import (
    BusinessSectorTypeList,
    RoleTypeList,
)
from .local_extension_types import LocalPurposeType

__NAMESPACE__ = "urn:x-elhub-cim:profile:structure:requestupfrontaccountingpointcharacteristics:0:2"


class CustomerCodingScheme(Enum):
    ARR = "ARR"
    NNO = "NNO"


class DocumentKindString(Enum):
    E10 = "E10"


class MeasurementPointCodingScheme(Enum):
    A10 = "A10"


class PartyCodingScheme(Enum):
    A10 = "A10"


class ProcessKindString(Enum):
    NO611 = "NO611"


@dataclass(kw_only=True)
class SearchStreetDetail:
    name: None | str = field(
        default=None,
        metadata={
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:requestupfrontaccountingpointcharacteristics:0:2",
            "min_length": 1,
            "max_length": 150,
        },
    )
    number: None | str = field(
        default=None,
        metadata={
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:requestupfrontaccountingpointcharacteristics:0:2",
            "min_length": 1,
            "max_length": 10,
        },
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
class SearchStreetAddress:
    street_detail: None | SearchStreetDetail = field(
        default=None,
        metadata={
            "name": "streetDetail",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:requestupfrontaccountingpointcharacteristics:0:2",
        },
    )
    postal_code: None | str = field(
        default=None,
        metadata={
            "name": "postalCode",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:requestupfrontaccountingpointcharacteristics:0:2",
            "min_length": 1,
            "max_length": 10,
        },
    )


@dataclass(kw_only=True)
class MktActivityRecord:
    m_rid: str = field(
        metadata={
            "name": "mRID",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:requestupfrontaccountingpointcharacteristics:0:2",
            "pattern": r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}",
        }
    )
    market_evaluation_point_m_rid: None | MeasurementPointIdString = field(
        default=None,
        metadata={
            "name": "marketEvaluationPoint.mRID",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:requestupfrontaccountingpointcharacteristics:0:2",
        },
    )
    market_evaluation_point_customer_market_participant_m_rid: None | CustomerIdString = field(
        default=None,
        metadata={
            "name": "marketEvaluationPoint.customer_MarketParticipant.mRID",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:requestupfrontaccountingpointcharacteristics:0:2",
        },
    )
    purpose: None | LocalPurposeType = field(
        default=None,
        metadata={
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:requestupfrontaccountingpointcharacteristics:0:2",
        },
    )
    market_evaluation_point_usage_point_location_main_address: None | SearchStreetAddress = field(
        default=None,
        metadata={
            "name": "marketEvaluationPoint.usagePointLocation.mainAddress",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:requestupfrontaccountingpointcharacteristics:0:2",
        },
    )
    market_evaluation_point_meter_m_rid: None | str = field(
        default=None,
        metadata={
            "name": "marketEvaluationPoint.meter.mRID",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:requestupfrontaccountingpointcharacteristics:0:2",
            "min_length": 1,
            "max_length": 18,
        },
    )


@dataclass(kw_only=True)
class RequestUpfrontAccountingPointCharacteristicsMarketDocument:
    class Meta:
        name = "RequestUpfrontAccountingPointCharacteristics_MarketDocument"
        namespace = (
            "urn:x-elhub-cim:profile:structure:requestupfrontaccountingpointcharacteristics:0:2"
        )

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
