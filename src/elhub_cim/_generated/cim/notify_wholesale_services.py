from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum

from .codelists import (
    BusinessSectorTypeList,
    DirectionTypeList,
    QualityTypeList,
    ResolutionTypeList,
    RoleTypeList,
    SettlementMethodTypeList,
    UnitOfMeasureTypeList,
)
from .local_extension_types import LocalBusinessType

__NAMESPACE__ = "urn:x-elhub-cim:profile:measure:notifywholesaleservices:0:2"


class CurrencyCodeString(Enum):
    DKK = "DKK"
    EUR = "EUR"
    NOK = "NOK"
    SEK = "SEK"


class DocumentKindString(Enum):
    E31 = "E31"


class EicCodingScheme(Enum):
    A01 = "A01"


@dataclass(kw_only=True)
class EsmpDateTimeInterval:
    class Meta:
        name = "ESMP_DateTimeInterval"

    start: None | str = field(
        default=None,
        metadata={
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:measure:notifywholesaleservices:0:2",
            "pattern": r"[1-9][0-9]{3}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]Z",
        },
    )
    end: None | str = field(
        default=None,
        metadata={
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:measure:notifywholesaleservices:0:2",
            "pattern": r"[1-9][0-9]{3}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]Z",
        },
    )


class Gs1CodingScheme(Enum):
    A10 = "A10"


class ProcessKindString(Enum):
    NO503 = "NO503"


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
    coding_scheme: EicCodingScheme = field(
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
    coding_scheme: Gs1CodingScheme = field(
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
    coding_scheme: Gs1CodingScheme = field(
        metadata={
            "name": "codingScheme",
            "type": "Attribute",
        }
    )


@dataclass(kw_only=True)
class Point:
    position: int = field(
        metadata={
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:measure:notifywholesaleservices:0:2",
            "min_inclusive": 1,
            "max_inclusive": 9999,
        }
    )
    energy_quantity_quantity: Decimal = field(
        metadata={
            "name": "energy_Quantity.quantity",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:measure:notifywholesaleservices:0:2",
            "min_exclusive": Decimal("-1000000000000"),
            "max_exclusive": Decimal("1000000000000"),
            "total_digits": 15,
            "fraction_digits": 3,
        }
    )
    price_amount: None | Decimal = field(
        default=None,
        metadata={
            "name": "price.amount",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:measure:notifywholesaleservices:0:2",
            "total_digits": 12,
            "fraction_digits": 2,
        },
    )
    energy_sum_quantity_quantity: Decimal = field(
        metadata={
            "name": "energySum_Quantity.quantity",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:measure:notifywholesaleservices:0:2",
            "total_digits": 12,
            "fraction_digits": 2,
        }
    )
    quality: None | QualityTypeList = field(
        default=None,
        metadata={
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:measure:notifywholesaleservices:0:2",
        },
    )


@dataclass(kw_only=True)
class SeriesPeriod:
    class Meta:
        name = "Series_Period"

    resolution: ResolutionTypeList = field(
        metadata={
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:measure:notifywholesaleservices:0:2",
        }
    )
    time_interval: EsmpDateTimeInterval = field(
        metadata={
            "name": "timeInterval",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:measure:notifywholesaleservices:0:2",
        }
    )
    point: list[Point] = field(
        default_factory=list,
        metadata={
            "name": "Point",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:measure:notifywholesaleservices:0:2",
            "min_occurs": 1,
            "max_occurs": 9999,
        },
    )


@dataclass(kw_only=True)
class Series:
    m_rid: str = field(
        metadata={
            "name": "mRID",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:measure:notifywholesaleservices:0:2",
            "pattern": r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}",
        }
    )
    version: None | str = field(
        default=None,
        metadata={
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:measure:notifywholesaleservices:0:2",
            "min_length": 1,
            "max_length": 35,
        },
    )
    settlement_series_version: None | str = field(
        default=None,
        metadata={
            "name": "settlement_Series.version",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:measure:notifywholesaleservices:0:2",
            "min_length": 1,
            "max_length": 35,
        },
    )
    original_transaction_idreference_series_m_rid: None | str = field(
        default=None,
        metadata={
            "name": "originalTransactionIDReference_Series.mRID",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:measure:notifywholesaleservices:0:2",
            "pattern": r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}",
        },
    )
    market_evaluation_point_type: None | str = field(
        default=None,
        metadata={
            "name": "marketEvaluationPoint.type",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:measure:notifywholesaleservices:0:2",
            "min_length": 1,
            "max_length": 35,
        },
    )
    market_evaluation_point_settlement_method: None | SettlementMethodTypeList = field(
        default=None,
        metadata={
            "name": "marketEvaluationPoint.settlementMethod",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:measure:notifywholesaleservices:0:2",
        },
    )
    asset_mkt_psrtype_psr_type: None | str = field(
        default=None,
        metadata={
            "name": "asset_MktPSRType.psrType",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:measure:notifywholesaleservices:0:2",
            "min_length": 1,
            "max_length": 35,
        },
    )
    registration_date_and_or_time_date_time: None | str = field(
        default=None,
        metadata={
            "name": "registration_DateAndOrTime.dateTime",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:measure:notifywholesaleservices:0:2",
            "pattern": r"[1-9][0-9]{3}-.+T[^.Z+]+(\.[0-9]{1,3})?Z",
        },
    )
    charge_type_m_rid: None | str = field(
        default=None,
        metadata={
            "name": "chargeType.mRID",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:measure:notifywholesaleservices:0:2",
            "min_length": 1,
            "max_length": 35,
        },
    )
    charge_type_type: None | str = field(
        default=None,
        metadata={
            "name": "chargeType.type",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:measure:notifywholesaleservices:0:2",
            "min_length": 1,
            "max_length": 35,
        },
    )
    charge_type_charge_type_owner_market_participant_m_rid: None | PartyIdString = field(
        default=None,
        metadata={
            "name": "chargeType.chargeTypeOwner_MarketParticipant.mRID",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:measure:notifywholesaleservices:0:2",
        },
    )
    bidding_zone_domain_m_rid: None | AreaIdString = field(
        default=None,
        metadata={
            "name": "biddingZone_Domain.mRID",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:measure:notifywholesaleservices:0:2",
        },
    )
    metering_grid_area_domain_m_rid: AreaIdString = field(
        metadata={
            "name": "meteringGridArea_Domain.mRID",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:measure:notifywholesaleservices:0:2",
        }
    )
    energy_supplier_market_participant_m_rid: PartyIdString = field(
        metadata={
            "name": "energySupplier_MarketParticipant.mRID",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:measure:notifywholesaleservices:0:2",
        }
    )
    product: str = field(
        metadata={
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:measure:notifywholesaleservices:0:2",
            "pattern": r"[0-9]{13}",
        }
    )
    quantity_measure_unit_name: UnitOfMeasureTypeList = field(
        metadata={
            "name": "quantity_Measure_Unit.name",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:measure:notifywholesaleservices:0:2",
        }
    )
    price_measure_unit_name: None | UnitOfMeasureTypeList = field(
        default=None,
        metadata={
            "name": "price_Measure_Unit.name",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:measure:notifywholesaleservices:0:2",
        },
    )
    currency_unit_name: CurrencyCodeString = field(
        metadata={
            "name": "currency_Unit.name",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:measure:notifywholesaleservices:0:2",
        }
    )
    period: SeriesPeriod = field(
        metadata={
            "name": "Period",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:measure:notifywholesaleservices:0:2",
        }
    )
    reconciliation_date_and_or_time_date_time: str = field(
        metadata={
            "name": "reconciliation_DateAndOrTime.dateTime",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:measure:notifywholesaleservices:0:2",
            "pattern": r"[1-9][0-9]{3}-.+T[^.Z+]+(\.[0-9]{1,3})?Z",
        }
    )
    flow_direction_direction: DirectionTypeList = field(
        metadata={
            "name": "flowDirection.direction",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:measure:notifywholesaleservices:0:2",
        }
    )
    business_type: None | LocalBusinessType = field(
        default=None,
        metadata={
            "name": "businessType",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:measure:notifywholesaleservices:0:2",
        },
    )


@dataclass(kw_only=True)
class NotifyWholesaleServicesMarketDocument:
    class Meta:
        name = "NotifyWholesaleServices_MarketDocument"
        namespace = "urn:x-elhub-cim:profile:measure:notifywholesaleservices:0:2"

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
    series: list[Series] = field(
        default_factory=list,
        metadata={
            "name": "Series",
            "type": "Element",
            "min_occurs": 1,
            "max_occurs": 9999,
        },
    )
