from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum

from .codelists import (
    BusinessSectorTypeList,
    RoleTypeList,
    UpdateIndicatorList,
)
from .local_extension_types import LocalFormulaType

__NAMESPACE__ = "urn:x-elhub-cim:profile:structure:requestchangesharedproduction:0:2"


class DocumentKindString(Enum):
    E58 = "E58"


class MeasurementPointCodingScheme(Enum):
    A10 = "A10"


class PartyCodingScheme(Enum):
    A10 = "A10"


class ProcessKindString(Enum):
    NO701 = "NO701"


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
class SharedProductionMarketEvaluationPoint:
    class Meta:
        name = "SharedProduction_MarketEvaluationPoint"

    m_rid: MeasurementPointIdString = field(
        metadata={
            "name": "mRID",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:requestchangesharedproduction:0:2",
        }
    )
    share: None | Decimal = field(
        default=None,
        metadata={
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:requestchangesharedproduction:0:2",
            "min_inclusive": Decimal("0"),
            "max_inclusive": Decimal("1"),
            "fraction_digits": 6,
        },
    )


@dataclass(kw_only=True)
class MktActivityRecord:
    m_rid: str = field(
        metadata={
            "name": "mRID",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:requestchangesharedproduction:0:2",
            "pattern": r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}",
        }
    )
    start_date_and_or_time_date_time: None | str = field(
        default=None,
        metadata={
            "name": "start_DateAndOrTime.dateTime",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:requestchangesharedproduction:0:2",
            "pattern": r"[1-9][0-9]{3}-.+T[^.Z+]+(\.[0-9]{1,3})?Z",
        },
    )
    update_indicator: UpdateIndicatorList = field(
        metadata={
            "name": "updateIndicator",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:requestchangesharedproduction:0:2",
        }
    )
    calculation_m_rid: None | str = field(
        default=None,
        metadata={
            "name": "calculation.mRID",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:requestchangesharedproduction:0:2",
            "pattern": r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}",
        },
    )
    calculation_name: None | str = field(
        default=None,
        metadata={
            "name": "calculation.name",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:requestchangesharedproduction:0:2",
            "min_length": 1,
            "max_length": 50,
        },
    )
    calculation_description: None | str = field(
        default=None,
        metadata={
            "name": "calculation.description",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:requestchangesharedproduction:0:2",
            "min_length": 1,
            "max_length": 100,
        },
    )
    calculation_formula_type: None | LocalFormulaType = field(
        default=None,
        metadata={
            "name": "calculation.formulaType",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:requestchangesharedproduction:0:2",
        },
    )
    contributor_market_evaluation_point: list[SharedProductionMarketEvaluationPoint] = field(
        default_factory=list,
        metadata={
            "name": "Contributor_MarketEvaluationPoint",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:requestchangesharedproduction:0:2",
            "max_occurs": 1000,
        },
    )
    recipient_market_evaluation_point: list[SharedProductionMarketEvaluationPoint] = field(
        default_factory=list,
        metadata={
            "name": "Recipient_MarketEvaluationPoint",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:requestchangesharedproduction:0:2",
            "max_occurs": 1000,
        },
    )


@dataclass(kw_only=True)
class RequestChangeSharedProductionMarketDocument:
    class Meta:
        name = "RequestChangeSharedProduction_MarketDocument"
        namespace = "urn:x-elhub-cim:profile:structure:requestchangesharedproduction:0:2"

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
