from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum

from xsdata.models.datatype import XmlDateTime, XmlPeriod

from .codelists import (
    AssetTypeList,
    BusinessSectorTypeList,
    ChannelResolutionList,
    DirectionTypeList,
    EnergyProductTypeList,
    MeteringMethodTypeList,
    MeteringPointTypeList,
    PhysicalStatusTypeList,
    ReadCycleList,
    RoleTypeList,
    SettlementMethodTypeList,
)
from .local_extension_types import (
    LocalCalculationMethodType,
    LocalCommunicationChannelType,
    LocalConsumptionSubtypeType,
    LocalEnovaFeeType,
    LocalPriorityType,
    LocalVatcodeType,
)

__NAMESPACE__ = "urn:x-elhub-cim:profile:structure:accountingpointcharacteristics:0:2"


class AnnualVolumeUnit(Enum):
    KWH = "KWH"


class AreaCodingScheme(Enum):
    A01 = "A01"


@dataclass(kw_only=True)
class CadastralUnit:
    cadastral_unit_number: str = field(
        metadata={
            "name": "cadastralUnitNumber",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:accountingpointcharacteristics:0:2",
            "min_length": 1,
            "max_length": 10,
        }
    )
    property_unit_number: str = field(
        metadata={
            "name": "propertyUnitNumber",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:accountingpointcharacteristics:0:2",
            "min_length": 1,
            "max_length": 10,
        }
    )
    section_number: None | str = field(
        default=None,
        metadata={
            "name": "sectionNumber",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:accountingpointcharacteristics:0:2",
            "min_length": 1,
            "max_length": 10,
        },
    )
    leasehold_number: None | str = field(
        default=None,
        metadata={
            "name": "leaseholdNumber",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:accountingpointcharacteristics:0:2",
            "min_length": 1,
            "max_length": 10,
        },
    )


class CapacityUnit(Enum):
    KWT = "KWT"


class CurrentUnit(Enum):
    AMP = "AMP"


class CustomerCodingScheme(Enum):
    ARR = "ARR"
    NNO = "NNO"
    Z01 = "Z01"


class DocumentKindString(Enum):
    E07 = "E07"


class EnergyUnit(Enum):
    KWH = "KWH"
    K3 = "K3"


class MeasurementPointCodingScheme(Enum):
    A10 = "A10"


class PartyCodingScheme(Enum):
    A10 = "A10"


@dataclass(kw_only=True)
class PositionPoint:
    x_position: Decimal = field(
        metadata={
            "name": "xPosition",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:accountingpointcharacteristics:0:2",
            "min_inclusive": Decimal("0"),
            "max_exclusive": Decimal("1000"),
            "total_digits": 8,
            "fraction_digits": 5,
        }
    )
    y_position: Decimal = field(
        metadata={
            "name": "yPosition",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:accountingpointcharacteristics:0:2",
            "min_inclusive": Decimal("0"),
            "max_exclusive": Decimal("1000"),
            "total_digits": 8,
            "fraction_digits": 5,
        }
    )


class ProcessKindString(Enum):
    NO101 = "NO101"
    NO102 = "NO102"
    NO103 = "NO103"
    NO104 = "NO104"
    NO123 = "NO123"
    NO201 = "NO201"
    NO211 = "NO211"
    NO305 = "NO305"
    NO303 = "NO303"


@dataclass(kw_only=True)
class StreetDetail:
    code: None | str = field(
        default=None,
        metadata={
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:accountingpointcharacteristics:0:2",
            "min_length": 1,
            "max_length": 10,
        },
    )
    name: None | str = field(
        default=None,
        metadata={
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:accountingpointcharacteristics:0:2",
            "min_length": 1,
            "max_length": 150,
        },
    )
    number: None | str = field(
        default=None,
        metadata={
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:accountingpointcharacteristics:0:2",
            "min_length": 1,
            "max_length": 10,
        },
    )
    floor_identification: None | str = field(
        default=None,
        metadata={
            "name": "floorIdentification",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:accountingpointcharacteristics:0:2",
            "min_length": 1,
            "max_length": 10,
        },
    )
    suite_number: None | str = field(
        default=None,
        metadata={
            "name": "suiteNumber",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:accountingpointcharacteristics:0:2",
            "min_length": 1,
            "max_length": 10,
        },
    )
    address_general: None | str = field(
        default=None,
        metadata={
            "name": "addressGeneral",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:accountingpointcharacteristics:0:2",
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
            "namespace": "urn:x-elhub-cim:profile:structure:accountingpointcharacteristics:0:2",
            "min_length": 1,
            "max_length": 10,
        },
    )
    name: str = field(
        metadata={
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:accountingpointcharacteristics:0:2",
            "min_length": 1,
            "max_length": 50,
        }
    )
    section: None | str = field(
        default=None,
        metadata={
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:accountingpointcharacteristics:0:2",
            "min_length": 1,
            "max_length": 50,
        },
    )
    country: str = field(
        metadata={
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:accountingpointcharacteristics:0:2",
            "length": 2,
            "pattern": r"[A-Z]*",
        }
    )


class VolumeProduct(Enum):
    VALUE_8716867000030 = "8716867000030"


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
class CapacityQuantity:
    value: int = field(
        metadata={
            "min_inclusive": 0,
            "max_inclusive": 999999999,
        }
    )
    unit: CapacityUnit = field(
        metadata={
            "type": "Attribute",
        }
    )


@dataclass(kw_only=True)
class Channel:
    product: EnergyProductTypeList = field(
        metadata={
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:accountingpointcharacteristics:0:2",
        }
    )
    quantity_measure_unit_name: EnergyUnit = field(
        metadata={
            "name": "quantity_Measure_Unit.name",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:accountingpointcharacteristics:0:2",
        }
    )
    direction: DirectionTypeList = field(
        metadata={
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:accountingpointcharacteristics:0:2",
        }
    )
    resolution: None | ChannelResolutionList = field(
        default=None,
        metadata={
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:accountingpointcharacteristics:0:2",
        },
    )
    exclude_from_settlement: None | str = field(
        default=None,
        metadata={
            "name": "excludeFromSettlement",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:accountingpointcharacteristics:0:2",
            "pattern": r"true|false",
        },
    )


@dataclass(kw_only=True)
class CurrentFlow:
    value: Decimal = field()
    unit: None | CurrentUnit = field(
        default=None,
        metadata={
            "type": "Attribute",
            "required": True,
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
class CustomerCommunication:
    class Meta:
        name = "Customer_Communication"

    channel: LocalCommunicationChannelType = field(
        metadata={
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:accountingpointcharacteristics:0:2",
        }
    )
    complete_number: str = field(
        metadata={
            "name": "completeNumber",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:accountingpointcharacteristics:0:2",
            "min_length": 1,
            "max_length": 100,
        }
    )
    description: None | str = field(
        default=None,
        metadata={
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:accountingpointcharacteristics:0:2",
            "min_length": 1,
            "max_length": 100,
        },
    )


@dataclass(kw_only=True)
class MpstreetAddress:
    class Meta:
        name = "MPStreetAddress"

    street_detail: None | StreetDetail = field(
        default=None,
        metadata={
            "name": "streetDetail",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:accountingpointcharacteristics:0:2",
        },
    )
    town_detail: TownDetail = field(
        metadata={
            "name": "townDetail",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:accountingpointcharacteristics:0:2",
        }
    )
    postal_code: str = field(
        metadata={
            "name": "postalCode",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:accountingpointcharacteristics:0:2",
            "min_length": 1,
            "max_length": 10,
        }
    )
    po_box: None | str = field(
        default=None,
        metadata={
            "name": "poBox",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:accountingpointcharacteristics:0:2",
        },
    )
    language: None | str = field(
        default=None,
        metadata={
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:accountingpointcharacteristics:0:2",
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
class Series:
    product: None | VolumeProduct = field(
        default=None,
        metadata={
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:accountingpointcharacteristics:0:2",
        },
    )
    estimated_annual_volume_quantity_quantity: Decimal = field(
        metadata={
            "name": "estimatedAnnualVolume_Quantity.quantity",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:accountingpointcharacteristics:0:2",
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
            "namespace": "urn:x-elhub-cim:profile:structure:accountingpointcharacteristics:0:2",
        },
    )
    calculation_method: LocalCalculationMethodType = field(
        metadata={
            "name": "calculationMethod",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:accountingpointcharacteristics:0:2",
        }
    )


@dataclass(kw_only=True)
class TaxationProfile:
    vat_code: None | LocalVatcodeType = field(
        default=None,
        metadata={
            "name": "vatCode",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:accountingpointcharacteristics:0:2",
        },
    )
    enova_fee_type: None | LocalEnovaFeeType = field(
        default=None,
        metadata={
            "name": "enovaFeeType",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:accountingpointcharacteristics:0:2",
        },
    )
    enova_fee: None | Decimal = field(
        default=None,
        metadata={
            "name": "enovaFee",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:accountingpointcharacteristics:0:2",
            "min_inclusive": Decimal("0"),
            "max_inclusive": Decimal("100"),
            "total_digits": 5,
            "fraction_digits": 2,
        },
    )
    consumption_tax: None | Decimal = field(
        default=None,
        metadata={
            "name": "consumptionTax",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:accountingpointcharacteristics:0:2",
            "min_inclusive": Decimal("0"),
            "max_inclusive": Decimal("100"),
            "total_digits": 5,
            "fraction_digits": 2,
        },
    )
    electricity_certificate_share: None | Decimal = field(
        default=None,
        metadata={
            "name": "electricityCertificateShare",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:accountingpointcharacteristics:0:2",
            "min_inclusive": Decimal("0"),
            "max_inclusive": Decimal("100"),
            "total_digits": 5,
            "fraction_digits": 2,
        },
    )
    consumption_code: None | str = field(
        default=None,
        metadata={
            "name": "consumptionCode",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:accountingpointcharacteristics:0:2",
            "min_length": 1,
            "max_length": 10,
        },
    )
    nace_division_code: None | str = field(
        default=None,
        metadata={
            "name": "naceDivisionCode",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:accountingpointcharacteristics:0:2",
            "min_length": 1,
            "max_length": 10,
        },
    )


@dataclass(kw_only=True)
class ParentMarketEvaluationPoint:
    class Meta:
        name = "Parent_MarketEvaluationPoint"

    m_rid: MeasurementPointIdString = field(
        metadata={
            "name": "mRID",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:accountingpointcharacteristics:0:2",
        }
    )
    description: None | MeteringPointTypeList = field(
        default=None,
        metadata={
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:accountingpointcharacteristics:0:2",
        },
    )


@dataclass(kw_only=True)
class ApcMarketEvaluationPoint:
    class Meta:
        name = "APC_MarketEvaluationPoint"

    m_rid: MeasurementPointIdString = field(
        metadata={
            "name": "mRID",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:accountingpointcharacteristics:0:2",
        }
    )
    metering_point_responsible_market_participant_m_rid: None | PartyIdString = field(
        default=None,
        metadata={
            "name": "meteringPointResponsible_MarketParticipant.mRID",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:accountingpointcharacteristics:0:2",
        },
    )
    type_value: None | MeteringPointTypeList = field(
        default=None,
        metadata={
            "name": "type",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:accountingpointcharacteristics:0:2",
        },
    )
    settlement_method: None | SettlementMethodTypeList = field(
        default=None,
        metadata={
            "name": "settlementMethod",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:accountingpointcharacteristics:0:2",
        },
    )
    metering_method: None | MeteringMethodTypeList = field(
        default=None,
        metadata={
            "name": "meteringMethod",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:accountingpointcharacteristics:0:2",
        },
    )
    connection_state: None | PhysicalStatusTypeList = field(
        default=None,
        metadata={
            "name": "connectionState",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:accountingpointcharacteristics:0:2",
        },
    )
    read_cycle: None | ReadCycleList = field(
        default=None,
        metadata={
            "name": "readCycle",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:accountingpointcharacteristics:0:2",
        },
    )
    net_settlement_group: None | str = field(
        default=None,
        metadata={
            "name": "netSettlementGroup",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:accountingpointcharacteristics:0:2",
        },
    )
    next_reading_date: None | XmlPeriod = field(
        default=None,
        metadata={
            "name": "nextReadingDate",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:accountingpointcharacteristics:0:2",
        },
    )
    metering_grid_area_domain_m_rid: None | AreaIdString = field(
        default=None,
        metadata={
            "name": "meteringGridArea_Domain.mRID",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:accountingpointcharacteristics:0:2",
        },
    )
    in_metering_grid_area_domain_m_rid: None | AreaIdString = field(
        default=None,
        metadata={
            "name": "inMeteringGridArea_Domain.mRID",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:accountingpointcharacteristics:0:2",
        },
    )
    out_metering_grid_area_domain_m_rid: None | AreaIdString = field(
        default=None,
        metadata={
            "name": "outMeteringGridArea_Domain.mRID",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:accountingpointcharacteristics:0:2",
        },
    )
    linked_market_evaluation_point_m_rid: None | MeasurementPointIdString = field(
        default=None,
        metadata={
            "name": "linked_MarketEvaluationPoint.mRID",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:accountingpointcharacteristics:0:2",
        },
    )
    physical_connection_capacity: None | CapacityQuantity = field(
        default=None,
        metadata={
            "name": "physicalConnectionCapacity",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:accountingpointcharacteristics:0:2",
        },
    )
    m_pconnection_type: None | str = field(
        default=None,
        metadata={
            "name": "mPConnectionType",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:accountingpointcharacteristics:0:2",
        },
    )
    disconnection_method: None | str = field(
        default=None,
        metadata={
            "name": "disconnectionMethod",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:accountingpointcharacteristics:0:2",
        },
    )
    asset_mkt_psrtype_psr_type: None | AssetTypeList = field(
        default=None,
        metadata={
            "name": "asset_MktPSRType.psrType",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:accountingpointcharacteristics:0:2",
        },
    )
    production_obligation: None | bool = field(
        default=None,
        metadata={
            "name": "productionObligation",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:accountingpointcharacteristics:0:2",
        },
    )
    contracted_connection_capacity: None | CapacityQuantity = field(
        default=None,
        metadata={
            "name": "contractedConnectionCapacity",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:accountingpointcharacteristics:0:2",
        },
    )
    rated_current: None | CurrentFlow = field(
        default=None,
        metadata={
            "name": "ratedCurrent",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:accountingpointcharacteristics:0:2",
        },
    )
    meter_m_rid: None | str = field(
        default=None,
        metadata={
            "name": "meter.mRID",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:accountingpointcharacteristics:0:2",
            "min_length": 1,
            "max_length": 18,
        },
    )
    series: None | Series = field(
        default=None,
        metadata={
            "name": "Series",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:accountingpointcharacteristics:0:2",
        },
    )
    energy_supplier_market_participant_m_rid: None | PartyIdString = field(
        default=None,
        metadata={
            "name": "energySupplier_MarketParticipant.mRID",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:accountingpointcharacteristics:0:2",
        },
    )
    supply_start_date_and_or_time_date_time: None | XmlDateTime = field(
        default=None,
        metadata={
            "name": "supplyStart_DateAndOrTime.dateTime",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:accountingpointcharacteristics:0:2",
        },
    )
    description: None | str = field(
        default=None,
        metadata={
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:accountingpointcharacteristics:0:2",
            "min_length": 1,
            "max_length": 80,
        },
    )
    usage_point_location_geo_info_reference: None | str = field(
        default=None,
        metadata={
            "name": "usagePointLocation.geoInfoReference",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:accountingpointcharacteristics:0:2",
        },
    )
    usage_point_location_main_address: None | MpstreetAddress = field(
        default=None,
        metadata={
            "name": "usagePointLocation.mainAddress",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:accountingpointcharacteristics:0:2",
        },
    )
    usage_point_location_actual_address_indicator: None | bool = field(
        default=None,
        metadata={
            "name": "usagePointLocation.actualAddressIndicator",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:accountingpointcharacteristics:0:2",
        },
    )
    parent_market_evaluation_point: None | ParentMarketEvaluationPoint = field(
        default=None,
        metadata={
            "name": "Parent_MarketEvaluationPoint",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:accountingpointcharacteristics:0:2",
        },
    )
    child_market_evaluation_point: list[ParentMarketEvaluationPoint] = field(
        default_factory=list,
        metadata={
            "name": "Child_MarketEvaluationPoint",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:accountingpointcharacteristics:0:2",
        },
    )
    usage_point_location_position_point: None | PositionPoint = field(
        default=None,
        metadata={
            "name": "usagePointLocation.positionPoint",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:accountingpointcharacteristics:0:2",
        },
    )
    usage_point_location_cadastral_unit: None | CadastralUnit = field(
        default=None,
        metadata={
            "name": "usagePointLocation.cadastralUnit",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:accountingpointcharacteristics:0:2",
        },
    )
    consumption_subtype: None | LocalConsumptionSubtypeType = field(
        default=None,
        metadata={
            "name": "consumptionSubtype",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:accountingpointcharacteristics:0:2",
        },
    )
    installed_capacity: None | CapacityQuantity = field(
        default=None,
        metadata={
            "name": "installedCapacity",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:accountingpointcharacteristics:0:2",
        },
    )
    meter_reading_start_date_and_or_time_date_time: None | str = field(
        default=None,
        metadata={
            "name": "meterReadingStart_DateAndOrTime.dateTime",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:accountingpointcharacteristics:0:2",
            "pattern": r"[1-9][0-9]{3}-.+T[^.Z+]+(\.[0-9]{1,3})?Z",
        },
    )
    meter_reading_frequency: None | int = field(
        default=None,
        metadata={
            "name": "meterReadingFrequency",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:accountingpointcharacteristics:0:2",
            "min_inclusive": 0,
            "max_inclusive": 9999,
        },
    )
    priority: None | LocalPriorityType = field(
        default=None,
        metadata={
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:accountingpointcharacteristics:0:2",
        },
    )
    blocked_for_switching: None | str = field(
        default=None,
        metadata={
            "name": "blockedForSwitching",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:accountingpointcharacteristics:0:2",
            "pattern": r"true|false",
        },
    )
    meter_number_of_digits: None | int = field(
        default=None,
        metadata={
            "name": "meter.numberOfDigits",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:accountingpointcharacteristics:0:2",
            "min_inclusive": 0,
            "max_inclusive": 99,
        },
    )
    meter_constant: None | Decimal = field(
        default=None,
        metadata={
            "name": "meter.constant",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:accountingpointcharacteristics:0:2",
            "min_inclusive": Decimal("0"),
            "max_exclusive": Decimal("10000000"),
            "total_digits": 12,
            "fraction_digits": 5,
        },
    )
    meter_location_description: None | str = field(
        default=None,
        metadata={
            "name": "meter.locationDescription",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:accountingpointcharacteristics:0:2",
            "min_length": 1,
            "max_length": 80,
        },
    )
    first_customer_market_participant_m_rid: None | CustomerIdString = field(
        default=None,
        metadata={
            "name": "firstCustomer_MarketParticipant.mRID",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:accountingpointcharacteristics:0:2",
        },
    )
    first_customer_market_participant_name: None | str = field(
        default=None,
        metadata={
            "name": "firstCustomer_MarketParticipant.name",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:accountingpointcharacteristics:0:2",
            "min_length": 1,
            "max_length": 80,
        },
    )
    first_customer_person_first_name: None | str = field(
        default=None,
        metadata={
            "name": "firstCustomer_Person.firstName",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:accountingpointcharacteristics:0:2",
            "min_length": 1,
            "max_length": 80,
        },
    )
    first_customer_person_last_name: None | str = field(
        default=None,
        metadata={
            "name": "firstCustomer_Person.lastName",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:accountingpointcharacteristics:0:2",
            "min_length": 1,
            "max_length": 40,
        },
    )
    first_customer_customer_extended_storage_metering_values: None | str = field(
        default=None,
        metadata={
            "name": "firstCustomer_Customer.extendedStorageMeteringValues",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:accountingpointcharacteristics:0:2",
            "pattern": r"true|false",
        },
    )
    customer_communication: list[CustomerCommunication] = field(
        default_factory=list,
        metadata={
            "name": "Customer_Communication",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:accountingpointcharacteristics:0:2",
            "max_occurs": 99,
        },
    )
    taxation_profile: None | TaxationProfile = field(
        default=None,
        metadata={
            "name": "TaxationProfile",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:accountingpointcharacteristics:0:2",
        },
    )
    channel: list[Channel] = field(
        default_factory=list,
        metadata={
            "name": "Channel",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:accountingpointcharacteristics:0:2",
            "max_occurs": 99,
        },
    )


@dataclass(kw_only=True)
class MktActivityRecord:
    m_rid: str = field(
        metadata={
            "name": "mRID",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:accountingpointcharacteristics:0:2",
            "pattern": r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}",
        }
    )
    business_process_reference_mkt_activity_record_m_rid: None | str = field(
        default=None,
        metadata={
            "name": "businessProcessReference_MktActivityRecord.mRID",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:accountingpointcharacteristics:0:2",
        },
    )
    original_transaction_idreference_mkt_activity_record_m_rid: None | str = field(
        default=None,
        metadata={
            "name": "originalTransactionIDReference_MktActivityRecord.mRID",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:accountingpointcharacteristics:0:2",
            "pattern": r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}",
        },
    )
    validity_start_date_and_or_time_date_time: str = field(
        metadata={
            "name": "validityStart_DateAndOrTime.dateTime",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:accountingpointcharacteristics:0:2",
            "pattern": r"[1-9][0-9]{3}-.+T[^.Z+]+(\.[0-9]{1,3})?Z",
        }
    )
    snapshot_date_and_or_time_date_time: None | XmlDateTime = field(
        default=None,
        metadata={
            "name": "snapshot_DateAndOrTime.dateTime",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:accountingpointcharacteristics:0:2",
        },
    )
    market_evaluation_point: ApcMarketEvaluationPoint = field(
        metadata={
            "name": "MarketEvaluationPoint",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:accountingpointcharacteristics:0:2",
        }
    )
    validity_end_date_and_or_time_date_time: None | str = field(
        default=None,
        metadata={
            "name": "validityEnd_DateAndOrTime.dateTime",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:structure:accountingpointcharacteristics:0:2",
            "pattern": r"[1-9][0-9]{3}-.+T[^.Z+]+(\.[0-9]{1,3})?Z",
        },
    )


@dataclass(kw_only=True)
class AccountingPointCharacteristicsMarketDocument:
    class Meta:
        name = "AccountingPointCharacteristics_MarketDocument"
        namespace = "urn:x-elhub-cim:profile:structure:accountingpointcharacteristics:0:2"

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
            "max_occurs": 9999,
        },
    )
