from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum

from .codelists import (
    BusinessSectorTypeList,
    DirectionTypeList,
    MeteringPointTypeList,
    RoleTypeList,
)

__NAMESPACE__ = "urn:x-elhub-cim:profile:structure:notifythirdpartyaccess:0:2"


class AnnualVolumeUnit(Enum):
    KWH = "KWH"


@dataclass(kw_only=True)
class ConsumptionClassification:
    consumption_code: None | str = field(
        default=None,
        metadata={
            "name": "consumptionCode",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:notifythirdpartyaccess:0:2",
            "min_length": 1,
            "max_length": 10,
        },
    )
    nace_division_code: None | str = field(
        default=None,
        metadata={
            "name": "naceDivisionCode",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:notifythirdpartyaccess:0:2",
            "min_length": 1,
            "max_length": 10,
        },
    )


class DocumentKindString(Enum):
    E07 = "E07"


class MeasurementPointCodingScheme(Enum):
    A10 = "A10"


class PartyCodingScheme(Enum):
    A10 = "A10"


class ProcessKindString(Enum):
    NO624 = "NO624"


@dataclass(kw_only=True)
class StreetDetail:
    code: None | str = field(
        default=None,
        metadata={
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:notifythirdpartyaccess:0:2",
            "min_length": 1,
            "max_length": 10,
        },
    )
    name: None | str = field(
        default=None,
        metadata={
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:notifythirdpartyaccess:0:2",
            "min_length": 1,
            "max_length": 150,
        },
    )
    number: None | str = field(
        default=None,
        metadata={
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:notifythirdpartyaccess:0:2",
            "min_length": 1,
            "max_length": 10,
        },
    )
    floor_identification: None | str = field(
        default=None,
        metadata={
            "name": "floorIdentification",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:notifythirdpartyaccess:0:2",
            "min_length": 1,
            "max_length": 10,
        },
    )
    suite_number: None | str = field(
        default=None,
        metadata={
            "name": "suiteNumber",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:notifythirdpartyaccess:0:2",
            "min_length": 1,
            "max_length": 10,
        },
    )
    address_general: None | str = field(
        default=None,
        metadata={
            "name": "addressGeneral",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:notifythirdpartyaccess:0:2",
            "min_length": 1,
            "max_length": 100,
        },
    )


@dataclass(kw_only=True)
class TownDetail:
    code: None | str = field(
        default=None,
        metadata={
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:notifythirdpartyaccess:0:2",
            "min_length": 1,
            "max_length": 10,
        },
    )
    name: str = field(
        metadata={
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:notifythirdpartyaccess:0:2",
            "min_length": 1,
            "max_length": 50,
        }
    )
    section: None | str = field(
        default=None,
        metadata={
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:notifythirdpartyaccess:0:2",
            "min_length": 1,
            "max_length": 50,
        },
    )
    country: str = field(
        metadata={
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:notifythirdpartyaccess:0:2",
            "length": 2,
            "pattern": r"[A-Z]*",
        }
    )


class VolumeProduct(Enum):
    VALUE_8716867000030 = "8716867000030"


@dataclass(kw_only=True)
class MpstreetAddress:
    class Meta:
        name = "MPStreetAddress"

    street_detail: None | StreetDetail = field(
        default=None,
        metadata={
            "name": "streetDetail",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:notifythirdpartyaccess:0:2",
        },
    )
    town_detail: TownDetail = field(
        metadata={
            "name": "townDetail",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:notifythirdpartyaccess:0:2",
        }
    )
    postal_code: str = field(
        metadata={
            "name": "postalCode",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:notifythirdpartyaccess:0:2",
            "min_length": 1,
            "max_length": 10,
        }
    )
    po_box: None | str = field(
        default=None,
        metadata={
            "name": "poBox",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:notifythirdpartyaccess:0:2",
        },
    )
    language: None | str = field(
        default=None,
        metadata={
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:notifythirdpartyaccess:0:2",
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
class TpaSeries:
    class Meta:
        name = "TPA_Series"

    product: None | VolumeProduct = field(
        default=None,
        metadata={
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:notifythirdpartyaccess:0:2",
        },
    )
    estimated_annual_volume_quantity_quantity: Decimal = field(
        metadata={
            "name": "estimatedAnnualVolume_Quantity.quantity",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:notifythirdpartyaccess:0:2",
            "min_inclusive": Decimal("0"),
            "max_inclusive": Decimal("999999999999"),
            "fraction_digits": 0,
        }
    )
    quantity_measure_unit_name: None | AnnualVolumeUnit = field(
        default=None,
        metadata={
            "name": "quantity_Measure_Unit.name",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:notifythirdpartyaccess:0:2",
        },
    )
    direction: DirectionTypeList = field(
        metadata={
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:notifythirdpartyaccess:0:2",
        }
    )


@dataclass(kw_only=True)
class TpaMarketEvaluationPoint:
    class Meta:
        name = "TPA_MarketEvaluationPoint"

    m_rid: MeasurementPointIdString = field(
        metadata={
            "name": "mRID",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:notifythirdpartyaccess:0:2",
        }
    )
    metering_point_responsible_market_participant_m_rid: None | PartyIdString = field(
        default=None,
        metadata={
            "name": "meteringPointResponsible_MarketParticipant.mRID",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:notifythirdpartyaccess:0:2",
        },
    )
    type_value: None | MeteringPointTypeList = field(
        default=None,
        metadata={
            "name": "type",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:notifythirdpartyaccess:0:2",
        },
    )
    meter_m_rid: None | str = field(
        default=None,
        metadata={
            "name": "meter.mRID",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:notifythirdpartyaccess:0:2",
            "min_length": 1,
            "max_length": 18,
        },
    )
    series: list[TpaSeries] = field(
        default_factory=list,
        metadata={
            "name": "Series",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:notifythirdpartyaccess:0:2",
            "max_occurs": 2,
        },
    )
    usage_point_location_main_address: None | MpstreetAddress = field(
        default=None,
        metadata={
            "name": "usagePointLocation.mainAddress",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:notifythirdpartyaccess:0:2",
        },
    )
    metering_point_responsible_market_participant_name: None | str = field(
        default=None,
        metadata={
            "name": "meteringPointResponsible_MarketParticipant.name",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:notifythirdpartyaccess:0:2",
            "min_length": 1,
            "max_length": 80,
        },
    )
    taxation_profile: None | ConsumptionClassification = field(
        default=None,
        metadata={
            "name": "TaxationProfile",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:notifythirdpartyaccess:0:2",
        },
    )


@dataclass(kw_only=True)
class MktActivityRecord:
    m_rid: str = field(
        metadata={
            "name": "mRID",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:notifythirdpartyaccess:0:2",
            "pattern": r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}",
        }
    )
    consent_agreement_m_rid: None | str = field(
        default=None,
        metadata={
            "name": "consent_Agreement.mRID",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:notifythirdpartyaccess:0:2",
            "pattern": r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}",
        },
    )
    validity_start_date_and_or_time_date_time: str = field(
        metadata={
            "name": "validityStart_DateAndOrTime.dateTime",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:notifythirdpartyaccess:0:2",
            "pattern": r"[1-9][0-9]{3}-.+T[^.Z+]+(\.[0-9]{1,3})?Z",
        }
    )
    validity_end_date_and_or_time_date_time: None | str = field(
        default=None,
        metadata={
            "name": "validityEnd_DateAndOrTime.dateTime",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:notifythirdpartyaccess:0:2",
            "pattern": r"[1-9][0-9]{3}-.+T[^.Z+]+(\.[0-9]{1,3})?Z",
        },
    )
    market_evaluation_point: TpaMarketEvaluationPoint = field(
        metadata={
            "name": "MarketEvaluationPoint",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:notifythirdpartyaccess:0:2",
        }
    )


@dataclass(kw_only=True)
class NotifyThirdPartyAccessMarketDocument:
    class Meta:
        name = "NotifyThirdPartyAccess_MarketDocument"
        namespace = "urn:x-elhub-cim:profile:structure:notifythirdpartyaccess:0:2"

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
    mkt_activity_record: list[MktActivityRecord] = field(
        default_factory=list,
        metadata={
            "name": "MktActivityRecord",
            "type": "Element",
            "min_occurs": 1,
            "max_occurs": 99,
        },
    )
