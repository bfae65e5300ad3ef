from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from xsdata.models.datatype import XmlDateTime

from .codelists import (
    BusinessSectorTypeList,
    MessageTypeList,
    ReasonCodeTypeList,
    RoleTypeList,
)
from .local_extension_types import LocalProcessType

__NAMESPACE__ = "urn:x-elhub-cim:profile:general:acknowledgement:0:2"


@dataclass(kw_only=True)
class EsmpDateTimeInterval:
    class Meta:
        name = "ESMP_DateTimeInterval"

    start: str = field(
        metadata={
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:general:acknowledgement:0:2",
            "pattern": r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}Z",
        }
    )
    end: str = field(
        metadata={
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:general:acknowledgement:0:2",
            "pattern": r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}Z",
        }
    )


class PartyCodingScheme(Enum):
    A10 = "A10"


@dataclass(kw_only=True)
class AckReason:
    class Meta:
        name = "Ack_Reason"

    code: ReasonCodeTypeList = field(
        metadata={
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:general:acknowledgement:0:2",
        }
    )
    text: None | str = field(
        default=None,
        metadata={
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:general:acknowledgement:0:2",
        },
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
class AckSeries:
    class Meta:
        name = "Ack_Series"

    m_rid: str = field(
        metadata={
            "name": "mRID",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:general:acknowledgement:0:2",
        }
    )
    reason: list[AckReason] = field(
        default_factory=list,
        metadata={
            "name": "Reason",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:general:acknowledgement:0:2",
        },
    )


@dataclass(kw_only=True)
class OriginalMktActivityRecord:
    class Meta:
        name = "Original_MktActivityRecord"

    m_rid: str = field(
        metadata={
            "name": "mRID",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:general:acknowledgement:0:2",
        }
    )
    reason: list[AckReason] = field(
        default_factory=list,
        metadata={
            "name": "Reason",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:general:acknowledgement:0:2",
            "max_occurs": 999,
        },
    )


@dataclass(kw_only=True)
class TimePeriod:
    class Meta:
        name = "Time_Period"

    time_interval: EsmpDateTimeInterval = field(
        metadata={
            "name": "timeInterval",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:general:acknowledgement:0:2",
        }
    )
    reason: list[AckReason] = field(
        default_factory=list,
        metadata={
            "name": "Reason",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:general:acknowledgement:0:2",
            "min_occurs": 1,
        },
    )


@dataclass(kw_only=True)
class TimeSeries:
    m_rid: str = field(
        metadata={
            "name": "mRID",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:general:acknowledgement:0:2",
        }
    )
    version: None | str = field(
        default=None,
        metadata={
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:general:acknowledgement:0:2",
            "pattern": r"[1-9][0-9]{0,2}",
        },
    )
    reason: list[AckReason] = field(
        default_factory=list,
        metadata={
            "name": "Reason",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:general:acknowledgement:0:2",
        },
    )
    in_error_period: list[TimePeriod] = field(
        default_factory=list,
        metadata={
            "name": "InError_Period",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:general:acknowledgement:0:2",
        },
    )


@dataclass(kw_only=True)
class AcknowledgementMarketDocument:
    class Meta:
        name = "Acknowledgement_MarketDocument"
        namespace = "urn:x-elhub-cim:profile:general:acknowledgement:0:2"

    m_rid: str = field(
        metadata={
            "name": "mRID",
            "type": "Element",
            "pattern": r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}",
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
    received_market_document_m_rid: str = field(
        metadata={
            "name": "received_MarketDocument.mRID",
            "type": "Element",
            "pattern": r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}",
        }
    )
    received_market_document_revision_number: None | str = field(
        default=None,
        metadata={
            "name": "received_MarketDocument.revisionNumber",
            "type": "Element",
        },
    )
    received_market_document_type: None | MessageTypeList = field(
        default=None,
        metadata={
            "name": "received_MarketDocument.type",
            "type": "Element",
        },
    )
    received_market_document_created_date_time: None | XmlDateTime = field(
        default=None,
        metadata={
            "name": "received_MarketDocument.createdDateTime",
            "type": "Element",
        },
    )
    received_market_document_title: None | str = field(
        default=None,
        metadata={
            "name": "received_MarketDocument.title",
            "type": "Element",
        },
    )
    received_market_document_process_process_type: LocalProcessType = field(
        metadata={
            "name": "received_MarketDocument.process.processType",
            "type": "Element",
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
    rejected_time_series: list[TimeSeries] = field(
        default_factory=list,
        metadata={
            "name": "Rejected_TimeSeries",
            "type": "Element",
        },
    )
    reason: list[AckReason] = field(
        default_factory=list,
        metadata={
            "name": "Reason",
            "type": "Element",
            "min_occurs": 1,
            "max_occurs": 1000,
        },
    )
    in_error_period: list[TimePeriod] = field(
        default_factory=list,
        metadata={
            "name": "InError_Period",
            "type": "Element",
        },
    )
    original_mkt_activity_record: None | OriginalMktActivityRecord = field(
        default=None,
        metadata={
            "name": "Original_MktActivityRecord",
            "type": "Element",
        },
    )
    series: list[AckSeries] = field(
        default_factory=list,
        metadata={
            "name": "Series",
            "type": "Element",
        },
    )
