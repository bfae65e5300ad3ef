from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from .codelists import (
    BusinessSectorTypeList,
    RoleTypeList,
)
from .local_extension_types import (
    LocalBusinessType,
    LocalQueryType,
)

__NAMESPACE__ = "urn:x-elhub-cim:profile:structure:requestdatafromelhub:0:2"


class AreaCodingScheme(Enum):
    A01 = "A01"


class DocumentKindString(Enum):
    Z01 = "Z01"


class MeasurementPointCodingScheme(Enum):
    A10 = "A10"


class PartyCodingScheme(Enum):
    A10 = "A10"


class ProcessKindString(Enum):
    NO303 = "NO303"
    NO315 = "NO315"
    NO324 = "NO324"


@dataclass(kw_only=True)
class AreaIdString:
    class Meta:
        name = "AreaID_String"

    value: str = field(
        default="",
        metadata={
            "min_length": 1,
            "max_length": 16,
        },
    )
    coding_scheme: AreaCodingScheme = field(
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
class MktActivityRecord:
    m_rid: str = field(
        metadata={
            "name": "mRID",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:requestdatafromelhub:0:2",
            "pattern": r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}",
        }
    )
    query_type: LocalQueryType = field(
        metadata={
            "name": "queryType",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:requestdatafromelhub:0:2",
        }
    )
    snapshot_date_and_or_time_date_time: None | str = field(
        default=None,
        metadata={
            "name": "snapshot_DateAndOrTime.dateTime",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:requestdatafromelhub:0:2",
            "pattern": r"[1-9][0-9]{3}-.+T[^.Z+]+(\.[0-9]{1,9})?Z",
        },
    )
    business_type: None | LocalBusinessType = field(
        default=None,
        metadata={
            "name": "businessType",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:requestdatafromelhub:0:2",
        },
    )
    start_date_and_or_time_date_time: None | str = field(
        default=None,
        metadata={
            "name": "start_DateAndOrTime.dateTime",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:requestdatafromelhub:0:2",
            "pattern": r"[1-9][0-9]{3}-.+T[^.Z+]+(\.[0-9]{1,3})?Z",
        },
    )
    end_date_and_or_time_date_time: None | str = field(
        default=None,
        metadata={
            "name": "end_DateAndOrTime.dateTime",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:requestdatafromelhub:0:2",
            "pattern": r"[1-9][0-9]{3}-.+T[^.Z+]+(\.[0-9]{1,3})?Z",
        },
    )
    market_evaluation_point_m_rid: None | MeasurementPointIdString = field(
        default=None,
        metadata={
            "name": "marketEvaluationPoint.mRID",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:requestdatafromelhub:0:2",
        },
    )
    metering_grid_area_domain_m_rid: None | AreaIdString = field(
        default=None,
        metadata={
            "name": "meteringGridArea_Domain.mRID",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:requestdatafromelhub:0:2",
        },
    )


@dataclass(kw_only=True)
class RequestDataFromElhubMarketDocument:
    class Meta:
        name = "RequestDataFromElhub_MarketDocument"
        namespace = "urn:x-elhub-cim:profile:structure:requestdatafromelhub:0:2"

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
