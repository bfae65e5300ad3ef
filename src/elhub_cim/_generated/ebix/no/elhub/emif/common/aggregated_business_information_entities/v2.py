from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from ..business_data_type.v2 import (
    AcknowledgementStatusType,
    AddDeleteUpdate,
    AddressTypeType,
    CalculatedQuantityType,
    CalculationMethod,
    ChannelResolutionType,
    CommunicationChannelType,
    ConsumptionCodeType,
    DirectionType,
    DurationCodeType,
    ElhubBusinessProcessRoleType,
    ElhubBusinessProcessType,
    ElhubBusinessTypeType,
    ElhubCountryCodeType,
    ElhubCurrencyCodeType,
    ElhubDocumentNameCodeType,
    ElhubEndUserIdentifierType,
    ElhubEnergyIndustryClassificationType,
    ElhubEnergyPartyIdentifierType,
    ElhubMeteringGridAreaIdentifierType,
    ElhubMeteringPointIdentifierType,
    ElhubMeteringPointTypeCodeType,
    ElhubMeterReadingCharacteristicsType,
    ElhubPhysicalStatusCodeType,
    ElhubProductIdentifierType,
    ElhubResponseReasonCodeType,
    ElhubSettlementMethodCodeType,
    ElhubUnitType,
    EndReasonType,
    EnovaFeeType,
    EstimatedQuantityType,
    FormulaTypeType,
    MeteredQuantityType,
    MeterReadingOccurrenceType,
    PriorityCodeType,
    ProductionCodeType,
    ProfiledEstimatedQuantityType,
    ProfiledMeteredQuantityType,
    ProfiledMeterIndexType,
    ProfiledStipulatedQuantityType,
    PurposeType,
    QueryCategoryCodeType,
    ReminderType,
    StatusType,
    TemporaryQuantityType,
    Vatcode,
)

__NAMESPACE__ = "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2"


@dataclass(kw_only=True)
class ElhubEndUserType:
    class Meta:
        name = "Elhub_EndUserType"

    extended_storage_metering_values: None | str = field(
        default=None,
        metadata={
            "name": "ExtendedStorageMeteringValues",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "pattern": r"true|false",
        },
    )


@dataclass(kw_only=True)
class ElhubEnergyObservationNecstype:
    class Meta:
        name = "Elhub_EnergyObservationNECSType"

    generated_quantity: int = field(
        metadata={
            "name": "GeneratedQuantity",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "min_inclusive": 0,
            "max_inclusive": 999999999999,
        }
    )


@dataclass(kw_only=True)
class ElhubEstimatedAnnualVolumeType:
    class Meta:
        name = "Elhub_EstimatedAnnualVolumeType"

    total: int = field(
        metadata={
            "name": "Total",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "min_inclusive": 0,
            "max_inclusive": 999999999999,
        }
    )


@dataclass(kw_only=True)
class ElhubInvoiceePartyType:
    class Meta:
        name = "Elhub_InvoiceePartyType"

    name: None | str = field(
        default=None,
        metadata={
            "name": "Name",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "min_length": 1,
            "max_length": 80,
        },
    )
    given_name: None | str = field(
        default=None,
        metadata={
            "name": "GivenName",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "min_length": 1,
            "max_length": 40,
        },
    )
    family_name: None | str = field(
        default=None,
        metadata={
            "name": "FamilyName",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "min_length": 1,
            "max_length": 80,
        },
    )


@dataclass(kw_only=True)
class ElhubMpaddressCadastralType:
    class Meta:
        name = "Elhub_MPAddressCadastralType"

    gnr: str = field(
        metadata={
            "name": "Gnr",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "min_length": 1,
            "max_length": 10,
        }
    )
    bnr: str = field(
        metadata={
            "name": "Bnr",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "min_length": 1,
            "max_length": 10,
        }
    )
    snr: None | str = field(
        default=None,
        metadata={
            "name": "Snr",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "min_length": 1,
            "max_length": 10,
        },
    )
    fnr: None | str = field(
        default=None,
        metadata={
            "name": "Fnr",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "min_length": 1,
            "max_length": 10,
        },
    )


@dataclass(kw_only=True)
class ElhubMpaddressSearchType:
    class Meta:
        name = "Elhub_MPAddressSearchType"

    street_name: None | str = field(
        default=None,
        metadata={
            "name": "StreetName",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "min_length": 1,
            "max_length": 150,
        },
    )
    building_number: None | str = field(
        default=None,
        metadata={
            "name": "BuildingNumber",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "min_length": 1,
            "max_length": 10,
        },
    )
    postcode: None | str = field(
        default=None,
        metadata={
            "name": "Postcode",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "min_length": 1,
            "max_length": 10,
        },
    )


@dataclass(kw_only=True)
class ElhubMeterFacilityType:
    class Meta:
        name = "Elhub_MeterFacilityType"

    meter_identification: str = field(
        metadata={
            "name": "MeterIdentification",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "min_length": 1,
            "max_length": 18,
        }
    )
    number_of_digits: None | int = field(
        default=None,
        metadata={
            "name": "NumberOfDigits",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "min_inclusive": 0,
            "max_inclusive": 99,
        },
    )
    constant: None | Decimal = field(
        default=None,
        metadata={
            "name": "Constant",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "min_inclusive": Decimal("0"),
            "max_exclusive": Decimal("10000000"),
            "total_digits": 12,
            "fraction_digits": 5,
        },
    )
    meter_location: None | str = field(
        default=None,
        metadata={
            "name": "MeterLocation",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "min_length": 1,
            "max_length": 80,
        },
    )


@dataclass(kw_only=True)
class ElhubMeterSearchType:
    class Meta:
        name = "Elhub_MeterSearchType"

    meter_identification: str = field(
        metadata={
            "name": "MeterIdentification",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "min_length": 1,
            "max_length": 18,
        }
    )


@dataclass(kw_only=True)
class ElhubMeteringPointGeographicalCoordinateType:
    class Meta:
        name = "Elhub_MeteringPointGeographicalCoordinateType"

    latitude: Decimal = field(
        metadata={
            "name": "Latitude",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "min_inclusive": Decimal("0"),
            "max_exclusive": Decimal("1000"),
            "total_digits": 8,
            "fraction_digits": 5,
        }
    )
    longitude: Decimal = field(
        metadata={
            "name": "Longitude",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "min_inclusive": Decimal("0"),
            "max_exclusive": Decimal("1000"),
            "total_digits": 8,
            "fraction_digits": 5,
        }
    )


@dataclass(kw_only=True)
class ElhubNaceconsType:
    class Meta:
        name = "Elhub_NACEConsType"

    consumption_code: None | str = field(
        default=None,
        metadata={
            "name": "ConsumptionCode",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "min_length": 1,
            "max_length": 10,
        },
    )
    nace_division_code: None | str = field(
        default=None,
        metadata={
            "name": "NACE_DivisionCode",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "min_length": 1,
            "max_length": 10,
        },
    )


@dataclass(kw_only=True)
class ElhubObservationPeriodPriceType:
    class Meta:
        name = "Elhub_ObservationPeriodPriceType"

    balance_volume: Decimal = field(
        metadata={
            "name": "BalanceVolume",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "min_exclusive": Decimal("-1000000000000"),
            "max_exclusive": Decimal("1000000000000"),
            "total_digits": 15,
            "fraction_digits": 3,
        }
    )
    balance_amount: Decimal = field(
        metadata={
            "name": "BalanceAmount",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "min_exclusive": Decimal("-10000000000"),
            "max_exclusive": Decimal("10000000000"),
            "total_digits": 12,
            "fraction_digits": 2,
        }
    )
    sequence: int = field(
        metadata={
            "name": "Sequence",
            "type": "Attribute",
            "min_inclusive": 0,
            "max_inclusive": 9999,
        }
    )


@dataclass(kw_only=True)
class ElhubPeriodType:
    class Meta:
        name = "Elhub_PeriodType"

    start: str = field(
        metadata={
            "name": "Start",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "pattern": r"[1-9][0-9]{3}-.+T[^.]+(|\.[0-9]{0,3})(Z|[+\-].+)",
        }
    )
    end: str = field(
        metadata={
            "name": "End",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "pattern": r"[1-9][0-9]{3}-.+T[^.]+(|\.[0-9]{0,3})(Z|[+\-].+)",
        }
    )


@dataclass(kw_only=True)
class ElhubAcknowledgement:
    class Meta:
        name = "Elhub_Acknowledgement"

    status_type: AcknowledgementStatusType = field(
        metadata={
            "name": "StatusType",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        }
    )
    response_reason_type: list[ElhubResponseReasonCodeType] = field(
        default_factory=list,
        metadata={
            "name": "ResponseReasonType",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "max_occurs": 999,
        },
    )
    original_business_document_reference: str = field(
        metadata={
            "name": "OriginalBusinessDocumentReference",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "length": 36,
            "pattern": r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
        }
    )
    original_payload_reference: None | str = field(
        default=None,
        metadata={
            "name": "OriginalPayloadReference",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "length": 36,
            "pattern": r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
        },
    )


@dataclass(kw_only=True)
class ElhubCollectedDataMeteringPointCharacteristicType:
    class Meta:
        name = "Elhub_CollectedDataMeteringPointCharacteristicType"

    direction: DirectionType = field(
        metadata={
            "name": "Direction",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        }
    )


@dataclass(kw_only=True)
class ElhubCommunication:
    class Meta:
        name = "Elhub_Communication"

    communication_channel: CommunicationChannelType = field(
        metadata={
            "name": "CommunicationChannel",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        }
    )
    complete_number: str = field(
        metadata={
            "name": "CompleteNumber",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "min_length": 1,
            "max_length": 100,
        }
    )
    description: None | str = field(
        default=None,
        metadata={
            "name": "Description",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "min_length": 1,
            "max_length": 100,
        },
    )


@dataclass(kw_only=True)
class ElhubDetailMeteringPointCharacteristicType:
    class Meta:
        name = "Elhub_DetailMeteringPointCharacteristicType"

    metering_point_type: None | ElhubMeteringPointTypeCodeType = field(
        default=None,
        metadata={
            "name": "MeteringPointType",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        },
    )
    metering_point_sub_type_consumption: None | ConsumptionCodeType = field(
        default=None,
        metadata={
            "name": "MeteringPointSubTypeConsumption",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        },
    )
    metering_point_sub_type_production: None | ProductionCodeType = field(
        default=None,
        metadata={
            "name": "MeteringPointSubTypeProduction",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        },
    )
    meter_reading_characteristics: None | ElhubMeterReadingCharacteristicsType = field(
        default=None,
        metadata={
            "name": "MeterReadingCharacteristics",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        },
    )
    settlement_method_type: None | ElhubSettlementMethodCodeType = field(
        default=None,
        metadata={
            "name": "SettlementMethodType",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        },
    )
    physical_status_type: None | ElhubPhysicalStatusCodeType = field(
        default=None,
        metadata={
            "name": "PhysicalStatusType",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        },
    )
    contracted_connection_capacity_value: None | int = field(
        default=None,
        metadata={
            "name": "ContractedConnectionCapacityValue",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "min_inclusive": 0,
            "max_inclusive": 999999999,
        },
    )
    installed_capacity: None | int = field(
        default=None,
        metadata={
            "name": "InstalledCapacity",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "min_inclusive": 0,
            "max_inclusive": 999999999,
        },
    )
    meter_reading_start_date: None | str = field(
        default=None,
        metadata={
            "name": "MeterReadingStartDate",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "pattern": r"[1-9][0-9]{3}-.+T[^.]+(|\.[0-9]{0,3})(Z|[+\-].+)",
        },
    )
    meter_reading_frequency_duration: None | int = field(
        default=None,
        metadata={
            "name": "MeterReadingFrequencyDuration",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "min_inclusive": 0,
            "max_inclusive": 9999,
        },
    )
    description: None | str = field(
        default=None,
        metadata={
            "name": "Description",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "min_length": 1,
            "max_length": 80,
        },
    )
    priority: None | PriorityCodeType = field(
        default=None,
        metadata={
            "name": "Priority",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        },
    )
    blocked_for_switching: None | str = field(
        default=None,
        metadata={
            "name": "BlockedForSwitching",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "pattern": r"true|false",
        },
    )
    meter_reading_occurrence: None | MeterReadingOccurrenceType = field(
        default=None,
        metadata={
            "name": "MeterReadingOccurrence",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        },
    )


@dataclass(kw_only=True)
class ElhubEndUserIdentificationType:
    class Meta:
        name = "Elhub_EndUserIdentificationType"

    identification: ElhubEndUserIdentifierType = field(
        metadata={
            "name": "Identification",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        }
    )


@dataclass(kw_only=True)
class ElhubEnergyContextType:
    class Meta:
        name = "Elhub_EnergyContextType"

    energy_business_process: ElhubBusinessProcessType = field(
        metadata={
            "name": "EnergyBusinessProcess",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        }
    )
    energy_business_process_role: ElhubBusinessProcessRoleType = field(
        metadata={
            "name": "EnergyBusinessProcessRole",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        }
    )
    energy_industry_classification: ElhubEnergyIndustryClassificationType = field(
        metadata={
            "name": "EnergyIndustryClassification",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        }
    )


@dataclass(kw_only=True)
class ElhubEnergyPartyType:
    class Meta:
        name = "Elhub_EnergyPartyType"

    identification: ElhubEnergyPartyIdentifierType = field(
        metadata={
            "name": "Identification",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        }
    )


@dataclass(kw_only=True)
class ElhubEstimatedAnnualVolumeDetailType:
    class Meta:
        name = "Elhub_EstimatedAnnualVolumeDetailType"

    total: int = field(
        metadata={
            "name": "Total",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "min_inclusive": 0,
            "max_inclusive": 999999999999,
        }
    )
    calculation_method: CalculationMethod = field(
        metadata={
            "name": "CalculationMethod",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        }
    )


@dataclass(kw_only=True)
class ElhubInvoiceeAddressType:
    class Meta:
        name = "Elhub_InvoiceeAddressType"

    address_type: AddressTypeType = field(
        metadata={
            "name": "AddressType",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        }
    )
    street_name: None | str = field(
        default=None,
        metadata={
            "name": "StreetName",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "min_length": 1,
            "max_length": 150,
        },
    )
    street_code: None | str = field(
        default=None,
        metadata={
            "name": "StreetCode",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "min_length": 1,
            "max_length": 10,
        },
    )
    building_number: None | str = field(
        default=None,
        metadata={
            "name": "BuildingNumber",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "min_length": 1,
            "max_length": 10,
        },
    )
    floor_identification: None | str = field(
        default=None,
        metadata={
            "name": "FloorIdentification",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "min_length": 1,
            "max_length": 10,
        },
    )
    room_identification: None | str = field(
        default=None,
        metadata={
            "name": "RoomIdentification",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "min_length": 1,
            "max_length": 10,
        },
    )
    postcode: str = field(
        metadata={
            "name": "Postcode",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "min_length": 1,
            "max_length": 10,
        }
    )
    city_name: str = field(
        metadata={
            "name": "CityName",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "min_length": 1,
            "max_length": 50,
        }
    )
    city_sub_division_name: None | str = field(
        default=None,
        metadata={
            "name": "CitySubDivisionName",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "min_length": 1,
            "max_length": 50,
        },
    )
    municipality_code: None | str = field(
        default=None,
        metadata={
            "name": "MunicipalityCode",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "min_length": 1,
            "max_length": 10,
        },
    )
    country_code: ElhubCountryCodeType = field(
        metadata={
            "name": "CountryCode",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        }
    )
    address_free_form: None | str = field(
        default=None,
        metadata={
            "name": "AddressFreeForm",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "min_length": 1,
            "max_length": 100,
        },
    )
    post_office_box: None | str = field(
        default=None,
        metadata={
            "name": "PostOfficeBox",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "min_length": 1,
            "max_length": 40,
        },
    )
    care_of: None | str = field(
        default=None,
        metadata={
            "name": "CareOf",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "min_length": 1,
            "max_length": 80,
        },
    )
    attention_of: None | str = field(
        default=None,
        metadata={
            "name": "AttentionOf",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "min_length": 1,
            "max_length": 80,
        },
    )
    on_behalf: None | str = field(
        default=None,
        metadata={
            "name": "OnBehalf",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "min_length": 1,
            "max_length": 80,
        },
    )


@dataclass(kw_only=True)
class ElhubMpaddressType:
    class Meta:
        name = "Elhub_MPAddressType"

    street_name: None | str = field(
        default=None,
        metadata={
            "name": "StreetName",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "min_length": 1,
            "max_length": 150,
        },
    )
    street_code: None | str = field(
        default=None,
        metadata={
            "name": "StreetCode",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "min_length": 1,
            "max_length": 10,
        },
    )
    building_number: None | str = field(
        default=None,
        metadata={
            "name": "BuildingNumber",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "min_length": 1,
            "max_length": 10,
        },
    )
    floor_identification: None | str = field(
        default=None,
        metadata={
            "name": "FloorIdentification",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "min_length": 1,
            "max_length": 10,
        },
    )
    room_identification: None | str = field(
        default=None,
        metadata={
            "name": "RoomIdentification",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "min_length": 1,
            "max_length": 10,
        },
    )
    postcode: str = field(
        metadata={
            "name": "Postcode",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "min_length": 1,
            "max_length": 10,
        }
    )
    city_name: str = field(
        metadata={
            "name": "CityName",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "min_length": 1,
            "max_length": 50,
        }
    )
    city_sub_division_name: None | str = field(
        default=None,
        metadata={
            "name": "CitySubDivisionName",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "min_length": 1,
            "max_length": 50,
        },
    )
    municipality_code: None | str = field(
        default=None,
        metadata={
            "name": "MunicipalityCode",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "min_length": 1,
            "max_length": 10,
        },
    )
    country_code: ElhubCountryCodeType = field(
        metadata={
            "name": "CountryCode",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        }
    )
    address_free_form: None | str = field(
        default=None,
        metadata={
            "name": "AddressFreeForm",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "min_length": 1,
            "max_length": 100,
        },
    )


@dataclass(kw_only=True)
class ElhubMpcustomerSearchType:
    class Meta:
        name = "Elhub_MPCustomerSearchType"

    identification: None | ElhubEndUserIdentifierType = field(
        default=None,
        metadata={
            "name": "Identification",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        },
    )
    name: None | str = field(
        default=None,
        metadata={
            "name": "Name",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "min_length": 1,
            "max_length": 80,
        },
    )
    given_name: None | str = field(
        default=None,
        metadata={
            "name": "GivenName",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "min_length": 1,
            "max_length": 80,
        },
    )
    family_name: None | str = field(
        default=None,
        metadata={
            "name": "FamilyName",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "min_length": 1,
            "max_length": 40,
        },
    )
    previous_end_user: None | str = field(
        default=None,
        metadata={
            "name": "PreviousEndUser",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "pattern": r"true|false",
        },
    )


@dataclass(kw_only=True)
class ElhubMeteringGridAreaType:
    class Meta:
        name = "Elhub_MeteringGridAreaType"

    identification: ElhubMeteringGridAreaIdentifierType = field(
        metadata={
            "name": "Identification",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        }
    )


@dataclass(kw_only=True)
class ElhubMeteringPointCharacteristicSimpleType:
    class Meta:
        name = "Elhub_MeteringPointCharacteristicSimpleType"

    metering_point_type: ElhubMeteringPointTypeCodeType = field(
        metadata={
            "name": "MeteringPointType",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        }
    )
    business_type: None | ElhubBusinessTypeType = field(
        default=None,
        metadata={
            "name": "BusinessType",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        },
    )


@dataclass(kw_only=True)
class ElhubMeteringPointType:
    class Meta:
        name = "Elhub_MeteringPointType"

    identification: ElhubMeteringPointIdentifierType = field(
        metadata={
            "name": "Identification",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        }
    )


@dataclass(kw_only=True)
class ElhubProductCharacteristic:
    class Meta:
        name = "Elhub_ProductCharacteristic"

    identification: ElhubProductIdentifierType = field(
        metadata={
            "name": "Identification",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        }
    )
    unit_type: ElhubUnitType = field(
        metadata={
            "name": "UnitType",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        }
    )


@dataclass(kw_only=True)
class ElhubReconciliationMeteringPointCharacteristicType:
    class Meta:
        name = "Elhub_ReconciliationMeteringPointCharacteristicType"

    direction: DirectionType = field(
        metadata={
            "name": "Direction",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        }
    )
    business_type: None | ElhubBusinessTypeType = field(
        default=None,
        metadata={
            "name": "BusinessType",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        },
    )
    settlement_method_type: None | ElhubSettlementMethodCodeType = field(
        default=None,
        metadata={
            "name": "SettlementMethodType",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        },
    )


@dataclass(kw_only=True)
class ElhubRejectEventType:
    class Meta:
        name = "Elhub_RejectEventType"

    original_business_document_reference: str = field(
        metadata={
            "name": "OriginalBusinessDocumentReference",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "length": 36,
            "pattern": r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
        }
    )
    response_reason_type: list[ElhubResponseReasonCodeType] = field(
        default_factory=list,
        metadata={
            "name": "ResponseReasonType",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "min_occurs": 1,
            "max_occurs": 9999,
        },
    )


@dataclass(kw_only=True)
class ElhubTaxationProfileMeteringPointType:
    class Meta:
        name = "Elhub_TaxationProfileMeteringPointType"

    vatcode: None | Vatcode = field(
        default=None,
        metadata={
            "name": "VATCode",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        },
    )
    enova_fee_type: None | EnovaFeeType = field(
        default=None,
        metadata={
            "name": "EnovaFeeType",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        },
    )
    enova_fee: None | Decimal = field(
        default=None,
        metadata={
            "name": "EnovaFee",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "min_inclusive": Decimal("0"),
            "max_inclusive": Decimal("100"),
            "total_digits": 5,
            "fraction_digits": 2,
        },
    )
    el_fee: None | Decimal = field(
        default=None,
        metadata={
            "name": "ElFee",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "min_inclusive": Decimal("0"),
            "max_inclusive": Decimal("100"),
            "total_digits": 5,
            "fraction_digits": 2,
        },
    )
    el_certificate_share: None | Decimal = field(
        default=None,
        metadata={
            "name": "ElCertificateShare",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "min_inclusive": Decimal("0"),
            "max_inclusive": Decimal("100"),
            "total_digits": 5,
            "fraction_digits": 2,
        },
    )
    consumption_code: None | str = field(
        default=None,
        metadata={
            "name": "ConsumptionCode",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "min_length": 1,
            "max_length": 10,
        },
    )
    nace_division_code: None | str = field(
        default=None,
        metadata={
            "name": "NACE_DivisionCode",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "min_length": 1,
            "max_length": 10,
        },
    )


@dataclass(kw_only=True)
class ElhubTimeSeriesPeriodReconciliationType:
    class Meta:
        name = "Elhub_TimeSeriesPeriodReconciliationType"

    resolution_duration: DurationCodeType = field(
        metadata={
            "name": "ResolutionDuration",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        }
    )
    start: str = field(
        metadata={
            "name": "Start",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "pattern": r"[1-9][0-9]{3}-.+T[^.]+(|\.[0-9]{0,3})(Z|[+\-].+)",
        }
    )
    end: str = field(
        metadata={
            "name": "End",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "pattern": r"[1-9][0-9]{3}-.+T[^.]+(|\.[0-9]{0,3})(Z|[+\-].+)",
        }
    )


@dataclass(kw_only=True)
class ElhubTimeSeriesPeriodType:
    class Meta:
        name = "Elhub_TimeSeriesPeriodType"

    resolution_duration: None | DurationCodeType = field(
        default=None,
        metadata={
            "name": "ResolutionDuration",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        },
    )
    start: None | str = field(
        default=None,
        metadata={
            "name": "Start",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "pattern": r"[1-9][0-9]{3}-.+T[^.]+(|\.[0-9]{0,3})(Z|[+\-].+)",
        },
    )
    meter_reading_start: None | Decimal = field(
        default=None,
        metadata={
            "name": "MeterReadingStart",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "min_inclusive": Decimal("0"),
            "max_exclusive": Decimal("1000000000000"),
            "total_digits": 15,
            "fraction_digits": 3,
        },
    )
    end: None | str = field(
        default=None,
        metadata={
            "name": "End",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "pattern": r"[1-9][0-9]{3}-.+T[^.]+(|\.[0-9]{0,3})(Z|[+\-].+)",
        },
    )
    meter_reading_end: None | Decimal = field(
        default=None,
        metadata={
            "name": "MeterReadingEnd",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "min_inclusive": Decimal("0"),
            "max_exclusive": Decimal("1000000000000"),
            "total_digits": 15,
            "fraction_digits": 3,
        },
    )


@dataclass(kw_only=True)
class ElhubValidatedDataMeteringPointCharacteristicType:
    class Meta:
        name = "Elhub_ValidatedDataMeteringPointCharacteristicType"

    direction: DirectionType = field(
        metadata={
            "name": "Direction",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        }
    )
    business_type: None | ElhubBusinessTypeType = field(
        default=None,
        metadata={
            "name": "BusinessType",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        },
    )


@dataclass(kw_only=True)
class QuantityMeteredCollect:
    metered: None | MeteredQuantityType = field(
        default=None,
        metadata={
            "name": "Metered",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        },
    )
    estimated: None | EstimatedQuantityType = field(
        default=None,
        metadata={
            "name": "Estimated",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        },
    )
    temporary: None | TemporaryQuantityType = field(
        default=None,
        metadata={
            "name": "Temporary",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        },
    )
    sequence: int = field(
        metadata={
            "name": "Sequence",
            "type": "Attribute",
            "min_inclusive": 0,
            "max_inclusive": 9999,
        }
    )


@dataclass(kw_only=True)
class QuantityMeteredNotify:
    metered: None | MeteredQuantityType = field(
        default=None,
        metadata={
            "name": "Metered",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        },
    )
    estimated: None | EstimatedQuantityType = field(
        default=None,
        metadata={
            "name": "Estimated",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        },
    )
    temporary: None | TemporaryQuantityType = field(
        default=None,
        metadata={
            "name": "Temporary",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        },
    )
    calculated: None | CalculatedQuantityType = field(
        default=None,
        metadata={
            "name": "Calculated",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        },
    )
    sequence: int = field(
        metadata={
            "name": "Sequence",
            "type": "Attribute",
            "min_inclusive": 0,
            "max_inclusive": 9999,
        }
    )


@dataclass(kw_only=True)
class QuantityProfiledCollect:
    metered: None | ProfiledMeteredQuantityType = field(
        default=None,
        metadata={
            "name": "Metered",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        },
    )
    stipulated: None | ProfiledStipulatedQuantityType = field(
        default=None,
        metadata={
            "name": "Stipulated",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        },
    )
    withdrawn: None | str = field(
        default=None,
        metadata={
            "name": "Withdrawn",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "pattern": r"true|false",
        },
    )
    meter_index: None | ProfiledMeterIndexType = field(
        default=None,
        metadata={
            "name": "MeterIndex",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        },
    )


@dataclass(kw_only=True)
class QuantityProfiledNotify:
    metered: None | ProfiledMeteredQuantityType = field(
        default=None,
        metadata={
            "name": "Metered",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        },
    )
    estimated: None | ProfiledEstimatedQuantityType = field(
        default=None,
        metadata={
            "name": "Estimated",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        },
    )
    stipulated: None | ProfiledStipulatedQuantityType = field(
        default=None,
        metadata={
            "name": "Stipulated",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        },
    )
    withdrawn: None | str = field(
        default=None,
        metadata={
            "name": "Withdrawn",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "pattern": r"true|false",
        },
    )


@dataclass(kw_only=True)
class ElhubCollectedDataType:
    class Meta:
        name = "Elhub_CollectedDataType"

    identification: str = field(
        metadata={
            "name": "Identification",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "length": 36,
            "pattern": r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
        }
    )
    registration_date_time: str = field(
        metadata={
            "name": "RegistrationDateTime",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "pattern": r"[1-9][0-9]{3}-.+T[^.]+(|\.[0-9]{0,9})(Z|[+\-].+)",
        }
    )
    observation_period_time_series_period: None | ElhubTimeSeriesPeriodType = field(
        default=None,
        metadata={
            "name": "ObservationPeriodTimeSeriesPeriod",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        },
    )
    product_included_product_characteristics: None | ElhubProductCharacteristic = field(
        default=None,
        metadata={
            "name": "ProductIncludedProductCharacteristics",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        },
    )
    mpdetail_measurement_metering_point_characteristic: (
        None | ElhubCollectedDataMeteringPointCharacteristicType
    ) = field(
        default=None,
        metadata={
            "name": "MPDetailMeasurementMeteringPointCharacteristic",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        },
    )
    metering_point_used_domain_location: ElhubMeteringPointType = field(
        metadata={
            "name": "MeteringPointUsedDomainLocation",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        }
    )
    observation: list[QuantityMeteredCollect] = field(
        default_factory=list,
        metadata={
            "name": "Observation",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "max_occurs": 9999,
        },
    )
    profiled_observation: None | QuantityProfiledCollect = field(
        default=None,
        metadata={
            "name": "ProfiledObservation",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        },
    )
    annual_period_estimated_metrics: None | ElhubEstimatedAnnualVolumeType = field(
        default=None,
        metadata={
            "name": "AnnualPeriodEstimatedMetrics",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        },
    )


@dataclass(kw_only=True)
class ElhubConfirmEndOfSupplyType:
    class Meta:
        name = "Elhub_ConfirmEndOfSupplyType"

    end_of_occurrence: str = field(
        metadata={
            "name": "EndOfOccurrence",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "pattern": r"[1-9][0-9]{3}-.+T[^.]+(|\.[0-9]{0,3})(Z|[+\-].+)",
        }
    )
    original_business_document_reference: str = field(
        metadata={
            "name": "OriginalBusinessDocumentReference",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "length": 36,
            "pattern": r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
        }
    )
    metering_point_used_domain_location: ElhubMeteringPointType = field(
        metadata={
            "name": "MeteringPointUsedDomainLocation",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        }
    )


@dataclass(kw_only=True)
class ElhubConfirmStartOfSupplyType:
    class Meta:
        name = "Elhub_ConfirmStartOfSupplyType"

    start_of_occurrence: str = field(
        metadata={
            "name": "StartOfOccurrence",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "pattern": r"[1-9][0-9]{3}-.+T[^.]+(|\.[0-9]{0,3})(Z|[+\-].+)",
        }
    )
    original_business_document_reference: str = field(
        metadata={
            "name": "OriginalBusinessDocumentReference",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "length": 36,
            "pattern": r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
        }
    )
    metering_point_used_domain_location: ElhubMeteringPointType = field(
        metadata={
            "name": "MeteringPointUsedDomainLocation",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        }
    )


@dataclass(kw_only=True)
class ElhubContributorType:
    class Meta:
        name = "Elhub_ContributorType"

    share: None | Decimal = field(
        default=None,
        metadata={
            "name": "Share",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "min_inclusive": Decimal("0"),
            "max_inclusive": Decimal("1"),
            "fraction_digits": 6,
        },
    )
    metering_point_used_domain_location: ElhubMeteringPointType = field(
        metadata={
            "name": "MeteringPointUsedDomainLocation",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        }
    )


@dataclass(kw_only=True)
class ElhubCustomerPartyEndOfSupplyType:
    class Meta:
        name = "Elhub_CustomerPartyEndOfSupplyType"

    identification: ElhubEndUserIdentifierType = field(
        metadata={
            "name": "Identification",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        }
    )
    name: None | str = field(
        default=None,
        metadata={
            "name": "Name",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "min_length": 1,
            "max_length": 80,
        },
    )
    given_name: None | str = field(
        default=None,
        metadata={
            "name": "GivenName",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "min_length": 1,
            "max_length": 80,
        },
    )
    family_name: None | str = field(
        default=None,
        metadata={
            "name": "FamilyName",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "min_length": 1,
            "max_length": 40,
        },
    )
    communication: list[ElhubCommunication] = field(
        default_factory=list,
        metadata={
            "name": "Communication",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "max_occurs": 99,
        },
    )


@dataclass(kw_only=True)
class ElhubCustomerPartyNotifyType:
    class Meta:
        name = "Elhub_CustomerPartyNotifyType"

    identification: None | ElhubEndUserIdentifierType = field(
        default=None,
        metadata={
            "name": "Identification",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        },
    )
    name: None | str = field(
        default=None,
        metadata={
            "name": "Name",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "min_length": 1,
            "max_length": 80,
        },
    )
    given_name: None | str = field(
        default=None,
        metadata={
            "name": "GivenName",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "min_length": 1,
            "max_length": 80,
        },
    )
    family_name: None | str = field(
        default=None,
        metadata={
            "name": "FamilyName",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "min_length": 1,
            "max_length": 40,
        },
    )
    extended_storage_metering_values: str = field(
        metadata={
            "name": "ExtendedStorageMeteringValues",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "pattern": r"true|false",
        }
    )
    communication: list[ElhubCommunication] = field(
        default_factory=list,
        metadata={
            "name": "Communication",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "max_occurs": 99,
        },
    )


@dataclass(kw_only=True)
class ElhubCustomerPartyStartOfSupplyType:
    class Meta:
        name = "Elhub_CustomerPartyStartOfSupplyType"

    identification: ElhubEndUserIdentifierType = field(
        metadata={
            "name": "Identification",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        }
    )
    name: None | str = field(
        default=None,
        metadata={
            "name": "Name",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "min_length": 1,
            "max_length": 80,
        },
    )
    given_name: None | str = field(
        default=None,
        metadata={
            "name": "GivenName",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "min_length": 1,
            "max_length": 80,
        },
    )
    family_name: None | str = field(
        default=None,
        metadata={
            "name": "FamilyName",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "min_length": 1,
            "max_length": 40,
        },
    )
    extended_storage_metering_values: str = field(
        metadata={
            "name": "ExtendedStorageMeteringValues",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "pattern": r"true|false",
        }
    )
    nace_division_code: None | str = field(
        default=None,
        metadata={
            "name": "NACE_DivisionCode",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "min_length": 1,
            "max_length": 10,
        },
    )
    communication: list[ElhubCommunication] = field(
        default_factory=list,
        metadata={
            "name": "Communication",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "max_occurs": 99,
        },
    )


@dataclass(kw_only=True)
class ElhubCustomerPartyType:
    class Meta:
        name = "Elhub_CustomerPartyType"

    identification: ElhubEndUserIdentifierType = field(
        metadata={
            "name": "Identification",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        }
    )
    name: None | str = field(
        default=None,
        metadata={
            "name": "Name",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "min_length": 1,
            "max_length": 80,
        },
    )
    given_name: None | str = field(
        default=None,
        metadata={
            "name": "GivenName",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "min_length": 1,
            "max_length": 80,
        },
    )
    family_name: None | str = field(
        default=None,
        metadata={
            "name": "FamilyName",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "min_length": 1,
            "max_length": 40,
        },
    )
    extended_storage_metering_values: str = field(
        metadata={
            "name": "ExtendedStorageMeteringValues",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "pattern": r"true|false",
        }
    )
    communication: list[ElhubCommunication] = field(
        default_factory=list,
        metadata={
            "name": "Communication",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "max_occurs": 99,
        },
    )


@dataclass(kw_only=True)
class ElhubHeaderType:
    class Meta:
        name = "Elhub_HeaderType"

    identification: str = field(
        metadata={
            "name": "Identification",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "length": 36,
            "pattern": r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
        }
    )
    document_type: ElhubDocumentNameCodeType = field(
        metadata={
            "name": "DocumentType",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        }
    )
    creation: str = field(
        metadata={
            "name": "Creation",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "pattern": r"[1-9][0-9]{3}-.+T[^.]+(|\.[0-9]{0,9})(Z|[+\-].+)",
        }
    )
    request_positive_acknowledgement: None | str = field(
        default=None,
        metadata={
            "name": "RequestPositiveAcknowledgement",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "pattern": r"true|false",
        },
    )
    physical_sender_energy_party: ElhubEnergyPartyType = field(
        metadata={
            "name": "PhysicalSenderEnergyParty",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        }
    )
    juridical_sender_energy_party: ElhubEnergyPartyType = field(
        metadata={
            "name": "JuridicalSenderEnergyParty",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        }
    )
    juridical_recipient_energy_party: ElhubEnergyPartyType = field(
        metadata={
            "name": "JuridicalRecipientEnergyParty",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        }
    )


@dataclass(kw_only=True)
class ElhubMeasurementDefinitionGenericType:
    class Meta:
        name = "Elhub_MeasurementDefinitionGenericType"

    product_included_product_characteristics: ElhubProductCharacteristic = field(
        metadata={
            "name": "ProductIncludedProductCharacteristics",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        }
    )
    direction: DirectionType = field(
        metadata={
            "name": "Direction",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        }
    )
    resolution: ChannelResolutionType = field(
        metadata={
            "name": "Resolution",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        }
    )


@dataclass(kw_only=True)
class ElhubMeasurementDefinitionType:
    class Meta:
        name = "Elhub_MeasurementDefinitionType"

    product_included_product_characteristics: ElhubProductCharacteristic = field(
        metadata={
            "name": "ProductIncludedProductCharacteristics",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        }
    )
    direction: DirectionType = field(
        metadata={
            "name": "Direction",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        }
    )
    resolution: ChannelResolutionType = field(
        metadata={
            "name": "Resolution",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        }
    )
    exclude_from_settlement: None | str = field(
        default=None,
        metadata={
            "name": "ExcludeFromSettlement",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "pattern": r"true|false",
        },
    )


@dataclass(kw_only=True)
class ElhubNotifyValidatedDataForBillingEnergyType:
    class Meta:
        name = "Elhub_NotifyValidatedDataForBillingEnergyType"

    identification: str = field(
        metadata={
            "name": "Identification",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "length": 36,
            "pattern": r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
        }
    )
    registration_date_time: str = field(
        metadata={
            "name": "RegistrationDateTime",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "pattern": r"[1-9][0-9]{3}-.+T[^.]+(|\.[0-9]{0,9})(Z|[+\-].+)",
        }
    )
    insert_date_time: None | str = field(
        default=None,
        metadata={
            "name": "InsertDateTime",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "pattern": r"[1-9][0-9]{3}-.+T[^.]+(|\.[0-9]{0,9})(Z|[+\-].+)",
        },
    )
    request_reference: None | str = field(
        default=None,
        metadata={
            "name": "RequestReference",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "length": 36,
            "pattern": r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
        },
    )
    observation_period_time_series_period: ElhubTimeSeriesPeriodType = field(
        metadata={
            "name": "ObservationPeriodTimeSeriesPeriod",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        }
    )
    product_included_product_characteristics: ElhubProductCharacteristic = field(
        metadata={
            "name": "ProductIncludedProductCharacteristics",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        }
    )
    mpdetail_measurement_metering_point_characteristic: ElhubValidatedDataMeteringPointCharacteristicType = field(
        metadata={
            "name": "MPDetailMeasurementMeteringPointCharacteristic",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        }
    )
    metering_point_used_domain_location: None | ElhubMeteringPointType = field(
        default=None,
        metadata={
            "name": "MeteringPointUsedDomainLocation",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        },
    )
    metering_grid_area_used_domain_location: None | ElhubMeteringGridAreaType = field(
        default=None,
        metadata={
            "name": "MeteringGridAreaUsedDomainLocation",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        },
    )
    balance_responsible_involved_energy_party: None | ElhubEnergyPartyType = field(
        default=None,
        metadata={
            "name": "BalanceResponsibleInvolvedEnergyParty",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        },
    )
    balance_supplier_involved_energy_party: None | ElhubEnergyPartyType = field(
        default=None,
        metadata={
            "name": "BalanceSupplierInvolvedEnergyParty",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        },
    )
    observation: list[QuantityMeteredNotify] = field(
        default_factory=list,
        metadata={
            "name": "Observation",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "max_occurs": 9999,
        },
    )
    profiled_observation: None | QuantityProfiledNotify = field(
        default=None,
        metadata={
            "name": "ProfiledObservation",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        },
    )


@dataclass(kw_only=True)
class ElhubPollForData:
    class Meta:
        name = "Elhub_PollForData"

    energy_party: None | ElhubEnergyPartyType = field(
        default=None,
        metadata={
            "name": "EnergyParty",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        },
    )
    energy_business_process_role: None | ElhubBusinessProcessRoleType = field(
        default=None,
        metadata={
            "name": "EnergyBusinessProcessRole",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        },
    )


@dataclass(kw_only=True)
class ElhubPriceVolumeCombinationFoReconciliationType:
    class Meta:
        name = "Elhub_PriceVolumeCombinationFoReconciliationType"

    identification: str = field(
        metadata={
            "name": "Identification",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "length": 36,
            "pattern": r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
        }
    )
    currency: ElhubCurrencyCodeType = field(
        metadata={
            "name": "Currency",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        }
    )
    reconciliation_date: str = field(
        metadata={
            "name": "ReconciliationDate",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "pattern": r"[1-9][0-9]{3}-.+T[^.]+(|\.[0-9]{0,3})(Z|[+\-].+)",
        }
    )
    request_reference: None | str = field(
        default=None,
        metadata={
            "name": "RequestReference",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "length": 36,
            "pattern": r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
        },
    )
    observation_period_time_series_period: ElhubTimeSeriesPeriodReconciliationType = field(
        metadata={
            "name": "ObservationPeriodTimeSeriesPeriod",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        }
    )
    product_included_product_characteristics: ElhubProductCharacteristic = field(
        metadata={
            "name": "ProductIncludedProductCharacteristics",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        }
    )
    mpdetail_measurement_metering_point_characteristic: ElhubReconciliationMeteringPointCharacteristicType = field(
        metadata={
            "name": "MPDetailMeasurementMeteringPointCharacteristic",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        }
    )
    metering_grid_area_used_domain_location: ElhubMeteringGridAreaType = field(
        metadata={
            "name": "MeteringGridAreaUsedDomainLocation",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        }
    )
    balance_supplier_involved_energy_party: ElhubEnergyPartyType = field(
        metadata={
            "name": "BalanceSupplierInvolvedEnergyParty",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        }
    )
    observation: list[ElhubObservationPeriodPriceType] = field(
        default_factory=list,
        metadata={
            "name": "Observation",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "min_occurs": 1,
            "max_occurs": 9999,
        },
    )


@dataclass(kw_only=True)
class ElhubRecipientType:
    class Meta:
        name = "Elhub_RecipientType"

    share: None | Decimal = field(
        default=None,
        metadata={
            "name": "Share",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "min_inclusive": Decimal("0"),
            "max_inclusive": Decimal("1"),
            "fraction_digits": 6,
        },
    )
    metering_point_used_domain_location: ElhubMeteringPointType = field(
        metadata={
            "name": "MeteringPointUsedDomainLocation",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        }
    )


@dataclass(kw_only=True)
class ElhubRejectEventSingleMptype:
    class Meta:
        name = "Elhub_RejectEventSingleMPType"

    original_business_document_reference: str = field(
        metadata={
            "name": "OriginalBusinessDocumentReference",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "length": 36,
            "pattern": r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
        }
    )
    response_reason_type: list[ElhubResponseReasonCodeType] = field(
        default_factory=list,
        metadata={
            "name": "ResponseReasonType",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "min_occurs": 1,
            "max_occurs": 99,
        },
    )
    metering_point_used_domain_location: ElhubMeteringPointType = field(
        metadata={
            "name": "MeteringPointUsedDomainLocation",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        }
    )


@dataclass(kw_only=True)
class ElhubReminderType:
    class Meta:
        name = "Elhub_ReminderType"

    period: ElhubPeriodType = field(
        metadata={
            "name": "Period",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        }
    )
    metering_point_used_domain_location: ElhubMeteringPointType = field(
        metadata={
            "name": "MeteringPointUsedDomainLocation",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        }
    )


@dataclass(kw_only=True)
class ElhubRequestDataFromElhubType:
    class Meta:
        name = "Elhub_RequestDataFromElhubType"

    query_type_code: QueryCategoryCodeType = field(
        metadata={
            "name": "QueryTypeCode",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        }
    )
    snap_shot_occurrence: None | str = field(
        default=None,
        metadata={
            "name": "SnapShotOccurrence",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "pattern": r"[1-9][0-9]{3}-.+T[^.]+(|\.[0-9]{0,9})(Z|[+\-].+)",
        },
    )
    business_type: None | ElhubBusinessTypeType = field(
        default=None,
        metadata={
            "name": "BusinessType",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        },
    )
    period: None | ElhubPeriodType = field(
        default=None,
        metadata={
            "name": "Period",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        },
    )
    metering_point_used_domain_location: None | ElhubMeteringPointType = field(
        default=None,
        metadata={
            "name": "MeteringPointUsedDomainLocation",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        },
    )
    metering_grid_area_domain_location: None | ElhubMeteringGridAreaType = field(
        default=None,
        metadata={
            "name": "MeteringGridAreaDomainLocation",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        },
    )


@dataclass(kw_only=True)
class ElhubRequestToElhubType:
    class Meta:
        name = "Elhub_RequestToElhubType"

    query_category: str = field(
        metadata={
            "name": "QueryCategory",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "min_length": 1,
            "max_length": 18,
        }
    )
    subject: str = field(
        metadata={
            "name": "Subject",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "min_length": 1,
            "max_length": 40,
        }
    )
    request: str = field(
        metadata={
            "name": "Request",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "min_length": 1,
            "max_length": 300,
        }
    )
    metering_point_used_domain_location: ElhubMeteringPointType = field(
        metadata={
            "name": "MeteringPointUsedDomainLocation",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        }
    )


@dataclass(kw_only=True)
class ElhubRequestToGridAccessProviderType:
    class Meta:
        name = "Elhub_RequestToGridAccessProviderType"

    query_category: str = field(
        metadata={
            "name": "QueryCategory",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "min_length": 1,
            "max_length": 18,
        }
    )
    subject: str = field(
        metadata={
            "name": "Subject",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "min_length": 1,
            "max_length": 40,
        }
    )
    request_public: None | str = field(
        default=None,
        metadata={
            "name": "RequestPublic",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "min_length": 1,
            "max_length": 300,
        },
    )
    request_private: None | str = field(
        default=None,
        metadata={
            "name": "RequestPrivate",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "min_length": 1,
            "max_length": 300,
        },
    )
    metering_point_used_domain_location: ElhubMeteringPointType = field(
        metadata={
            "name": "MeteringPointUsedDomainLocation",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        }
    )


@dataclass(kw_only=True)
class ElhubRequestUpfrontMeteringPointCharacteristicsType:
    class Meta:
        name = "Elhub_RequestUpfrontMeteringPointCharacteristicsType"

    metering_point_used_domain_location: None | ElhubMeteringPointType = field(
        default=None,
        metadata={
            "name": "MeteringPointUsedDomainLocation",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        },
    )
    consumer_involved_customer_party: None | ElhubEndUserIdentificationType = field(
        default=None,
        metadata={
            "name": "ConsumerInvolvedCustomerParty",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        },
    )
    purpose: None | PurposeType = field(
        default=None,
        metadata={
            "name": "Purpose",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        },
    )
    mpaddress_metering_point_address: None | ElhubMpaddressSearchType = field(
        default=None,
        metadata={
            "name": "MPAddressMeteringPointAddress",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        },
    )
    metering_installation_meter_facility: None | ElhubMeterSearchType = field(
        default=None,
        metadata={
            "name": "MeteringInstallationMeterFacility",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        },
    )


@dataclass(kw_only=True)
class ElhubResponseFromElhubType:
    class Meta:
        name = "Elhub_ResponseFromElhubType"

    original_business_document_reference: str = field(
        metadata={
            "name": "OriginalBusinessDocumentReference",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "length": 36,
            "pattern": r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
        }
    )
    query_category: str = field(
        metadata={
            "name": "QueryCategory",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "min_length": 1,
            "max_length": 18,
        }
    )
    subject: str = field(
        metadata={
            "name": "Subject",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "min_length": 1,
            "max_length": 40,
        }
    )
    request: str = field(
        metadata={
            "name": "Request",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "min_length": 1,
            "max_length": 300,
        }
    )
    feedback: str = field(
        metadata={
            "name": "Feedback",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "min_length": 1,
            "max_length": 300,
        }
    )
    metering_point_used_domain_location: ElhubMeteringPointType = field(
        metadata={
            "name": "MeteringPointUsedDomainLocation",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        }
    )


@dataclass(kw_only=True)
class ElhubResponseFromGridAccessProviderType:
    class Meta:
        name = "Elhub_ResponseFromGridAccessProviderType"

    original_business_document_reference: str = field(
        metadata={
            "name": "OriginalBusinessDocumentReference",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "length": 36,
            "pattern": r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
        }
    )
    query_category: None | str = field(
        default=None,
        metadata={
            "name": "QueryCategory",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "min_length": 1,
            "max_length": 18,
        },
    )
    subject: None | str = field(
        default=None,
        metadata={
            "name": "Subject",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "min_length": 1,
            "max_length": 40,
        },
    )
    request_public: None | str = field(
        default=None,
        metadata={
            "name": "RequestPublic",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "min_length": 1,
            "max_length": 300,
        },
    )
    request_private: None | str = field(
        default=None,
        metadata={
            "name": "RequestPrivate",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "min_length": 1,
            "max_length": 300,
        },
    )
    feedback_public: None | str = field(
        default=None,
        metadata={
            "name": "FeedbackPublic",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "min_length": 1,
            "max_length": 300,
        },
    )
    feedback_private: None | str = field(
        default=None,
        metadata={
            "name": "FeedbackPrivate",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "min_length": 1,
            "max_length": 300,
        },
    )
    metering_point_used_domain_location: None | ElhubMeteringPointType = field(
        default=None,
        metadata={
            "name": "MeteringPointUsedDomainLocation",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        },
    )


@dataclass(kw_only=True)
class ElhubResponseUpfrontMeteringPointCharacteristicsType:
    class Meta:
        name = "Elhub_ResponseUpfrontMeteringPointCharacteristicsType"

    original_business_document_reference: str = field(
        metadata={
            "name": "OriginalBusinessDocumentReference",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "length": 36,
            "pattern": r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
        }
    )
    snap_shot_occurrence: str = field(
        metadata={
            "name": "SnapShotOccurrence",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "pattern": r"[1-9][0-9]{3}-.+T[^.]+(|\.[0-9]{0,9})(Z|[+\-].+)",
        }
    )
    last_meter_reading_date: None | str = field(
        default=None,
        metadata={
            "name": "LastMeterReadingDate",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "pattern": r"[1-9][0-9]{3}-.+T[^.]+(|\.[0-9]{0,3})(Z|[+\-].+)",
        },
    )
    delivery_obligation_date: None | str = field(
        default=None,
        metadata={
            "name": "DeliveryObligationDate",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "pattern": r"[1-9][0-9]{3}-.+T[^.]+(|\.[0-9]{0,3})(Z|[+\-].+)",
        },
    )
    metering_point_used_domain_location: ElhubMeteringPointType = field(
        metadata={
            "name": "MeteringPointUsedDomainLocation",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        }
    )
    grid_access_provider_involved_energy_party: ElhubEnergyPartyType = field(
        metadata={
            "name": "GridAccessProviderInvolvedEnergyParty",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        }
    )
    mpaddress_metering_point_address: None | ElhubMpaddressType = field(
        default=None,
        metadata={
            "name": "MPAddressMeteringPointAddress",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        },
    )
    mpaddress_cadastral: None | ElhubMpaddressCadastralType = field(
        default=None,
        metadata={
            "name": "MPAddressCadastral",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        },
    )
    metering_grid_area_used_domain_location: None | ElhubMeteringGridAreaType = field(
        default=None,
        metadata={
            "name": "MeteringGridAreaUsedDomainLocation",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        },
    )
    mp_detail_metering_point_characteristic: ElhubDetailMeteringPointCharacteristicType = field(
        metadata={
            "name": "MpDetailMeteringPointCharacteristic",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        }
    )
    metering_installation_meter_facility: None | ElhubMeterFacilityType = field(
        default=None,
        metadata={
            "name": "MeteringInstallationMeterFacility",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        },
    )
    annual_period_estimated_metrics: None | ElhubEstimatedAnnualVolumeType = field(
        default=None,
        metadata={
            "name": "AnnualPeriodEstimatedMetrics",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        },
    )
    mptaxation_profile: None | ElhubNaceconsType = field(
        default=None,
        metadata={
            "name": "MPTaxationProfile",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        },
    )


@dataclass(kw_only=True)
class ElhubUpdateThirdPartyAccessType:
    class Meta:
        name = "Elhub_UpdateThirdPartyAccessType"

    end_of_occurrence: None | str = field(
        default=None,
        metadata={
            "name": "EndOfOccurrence",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "pattern": r"[1-9][0-9]{3}-.+T[^.]+(|\.[0-9]{0,3})(Z|[+\-].+)",
        },
    )
    update_indicator: AddDeleteUpdate = field(
        metadata={
            "name": "UpdateIndicator",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        }
    )
    metering_point_used_domain_location: ElhubMeteringPointType = field(
        metadata={
            "name": "MeteringPointUsedDomainLocation",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        }
    )
    consumer_involved_customer_party: None | ElhubEndUserType = field(
        default=None,
        metadata={
            "name": "ConsumerInvolvedCustomerParty",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        },
    )


@dataclass(kw_only=True)
class ElhubContributorsType:
    class Meta:
        name = "Elhub_ContributorsType"

    contributor: list[ElhubContributorType] = field(
        default_factory=list,
        metadata={
            "name": "Contributor",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "min_occurs": 1,
            "max_occurs": 1000,
        },
    )


@dataclass(kw_only=True)
class ElhubNotifyCustomerInformationType:
    class Meta:
        name = "Elhub_NotifyCustomerInformationType"

    original_business_document_reference: None | str = field(
        default=None,
        metadata={
            "name": "OriginalBusinessDocumentReference",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "length": 36,
            "pattern": r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
        },
    )
    start_of_occurrence: None | str = field(
        default=None,
        metadata={
            "name": "StartOfOccurrence",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "pattern": r"[1-9][0-9]{3}-.+T[^.]+(|\.[0-9]{0,3})(Z|[+\-].+)",
        },
    )
    snap_shot_occurrence: str = field(
        metadata={
            "name": "SnapShotOccurrence",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "pattern": r"[1-9][0-9]{3}-.+T[^.]+(|\.[0-9]{0,9})(Z|[+\-].+)",
        }
    )
    metering_point_used_domain_location: ElhubMeteringPointType = field(
        metadata={
            "name": "MeteringPointUsedDomainLocation",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        }
    )
    consumer_involved_customer_party: ElhubCustomerPartyNotifyType = field(
        metadata={
            "name": "ConsumerInvolvedCustomerParty",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        }
    )
    consumer_involved_customer_address: list[ElhubInvoiceeAddressType] = field(
        default_factory=list,
        metadata={
            "name": "ConsumerInvolvedCustomerAddress",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "max_occurs": 2,
        },
    )


@dataclass(kw_only=True)
class ElhubNotifyEndOfSupplyEventType:
    class Meta:
        name = "Elhub_NotifyEndOfSupplyEventType"

    end_of_occurrence: str = field(
        metadata={
            "name": "EndOfOccurrence",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "pattern": r"[1-9][0-9]{3}-.+T[^.]+(|\.[0-9]{0,3})(Z|[+\-].+)",
        }
    )
    reason_for_transaction: None | EndReasonType = field(
        default=None,
        metadata={
            "name": "ReasonForTransaction",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        },
    )
    metering_point_used_domain_location: ElhubMeteringPointType = field(
        metadata={
            "name": "MeteringPointUsedDomainLocation",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        }
    )
    balance_supplier_involved_energy_party: ElhubEnergyPartyType = field(
        metadata={
            "name": "BalanceSupplierInvolvedEnergyParty",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        }
    )
    consumer_involved_customer_party: ElhubCustomerPartyEndOfSupplyType = field(
        metadata={
            "name": "ConsumerInvolvedCustomerParty",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        }
    )
    consumer_involved_customer_address: list[ElhubInvoiceeAddressType] = field(
        default_factory=list,
        metadata={
            "name": "ConsumerInvolvedCustomerAddress",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "min_occurs": 1,
            "max_occurs": 2,
        },
    )


@dataclass(kw_only=True)
class ElhubNotifyMeteringPointCharacteristicsEventType:
    class Meta:
        name = "Elhub_NotifyMeteringPointCharacteristicsEventType"

    identification: None | str = field(
        default=None,
        metadata={
            "name": "Identification",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "length": 36,
            "pattern": r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
        },
    )
    original_business_document_reference: None | str = field(
        default=None,
        metadata={
            "name": "OriginalBusinessDocumentReference",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "length": 36,
            "pattern": r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
        },
    )
    start_of_occurrence: str = field(
        metadata={
            "name": "StartOfOccurrence",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "pattern": r"[1-9][0-9]{3}-.+T[^.]+(|\.[0-9]{0,3})(Z|[+\-].+)",
        }
    )
    end_of_occurrence: None | str = field(
        default=None,
        metadata={
            "name": "EndOfOccurrence",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "pattern": r"[1-9][0-9]{3}-.+T[^.]+(|\.[0-9]{0,3})(Z|[+\-].+)",
        },
    )
    metering_point_used_domain_location: ElhubMeteringPointType = field(
        metadata={
            "name": "MeteringPointUsedDomainLocation",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        }
    )
    mpaddress_metering_point_address: None | ElhubMpaddressType = field(
        default=None,
        metadata={
            "name": "MPAddressMeteringPointAddress",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        },
    )
    mpposition_metering_point_geographical_coordinate: (
        None | ElhubMeteringPointGeographicalCoordinateType
    ) = field(
        default=None,
        metadata={
            "name": "MPPositionMeteringPointGeographicalCoordinate",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        },
    )
    mpaddress_cadastral: None | ElhubMpaddressCadastralType = field(
        default=None,
        metadata={
            "name": "MPAddressCadastral",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        },
    )
    balance_supplier_involved_energy_party: None | ElhubEnergyPartyType = field(
        default=None,
        metadata={
            "name": "BalanceSupplierInvolvedEnergyParty",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        },
    )
    consumer_involved_customer_party: None | ElhubCustomerPartyNotifyType = field(
        default=None,
        metadata={
            "name": "ConsumerInvolvedCustomerParty",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        },
    )
    metering_grid_area_used_domain_location: None | ElhubMeteringGridAreaType = field(
        default=None,
        metadata={
            "name": "MeteringGridAreaUsedDomainLocation",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        },
    )
    mp_detail_metering_point_characteristic: None | ElhubDetailMeteringPointCharacteristicType = (
        field(
            default=None,
            metadata={
                "name": "MpDetailMeteringPointCharacteristic",
                "type": "Element",
                "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            },
        )
    )
    annual_period_estimated_metrics: None | ElhubEstimatedAnnualVolumeDetailType = field(
        default=None,
        metadata={
            "name": "AnnualPeriodEstimatedMetrics",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        },
    )
    metering_installation_meter_facility: None | ElhubMeterFacilityType = field(
        default=None,
        metadata={
            "name": "MeteringInstallationMeterFacility",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        },
    )
    mptaxation_profile: None | ElhubTaxationProfileMeteringPointType = field(
        default=None,
        metadata={
            "name": "MPTaxationProfile",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        },
    )
    measurement_definition: list[ElhubMeasurementDefinitionType] = field(
        default_factory=list,
        metadata={
            "name": "MeasurementDefinition",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "max_occurs": 99,
        },
    )


@dataclass(kw_only=True)
class ElhubNotifyStartOfSupplyEventType:
    class Meta:
        name = "Elhub_NotifyStartOfSupplyEventType"

    start_of_occurrence: str = field(
        metadata={
            "name": "StartOfOccurrence",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "pattern": r"[1-9][0-9]{3}-.+T[^.]+(|\.[0-9]{0,3})(Z|[+\-].+)",
        }
    )
    metering_point_used_domain_location: ElhubMeteringPointType = field(
        metadata={
            "name": "MeteringPointUsedDomainLocation",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        }
    )
    metering_grid_area_used_domain_location: ElhubMeteringGridAreaType = field(
        metadata={
            "name": "MeteringGridAreaUsedDomainLocation",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        }
    )
    mpaddress_metering_point_address: None | ElhubMpaddressType = field(
        default=None,
        metadata={
            "name": "MPAddressMeteringPointAddress",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        },
    )
    mpposition_metering_point_geographical_coordinate: (
        None | ElhubMeteringPointGeographicalCoordinateType
    ) = field(
        default=None,
        metadata={
            "name": "MPPositionMeteringPointGeographicalCoordinate",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        },
    )
    mpaddress_cadastral: None | ElhubMpaddressCadastralType = field(
        default=None,
        metadata={
            "name": "MPAddressCadastral",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        },
    )
    balance_supplier_involved_energy_party: ElhubEnergyPartyType = field(
        metadata={
            "name": "BalanceSupplierInvolvedEnergyParty",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        }
    )
    consumer_involved_customer_party: ElhubCustomerPartyStartOfSupplyType = field(
        metadata={
            "name": "ConsumerInvolvedCustomerParty",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        }
    )
    consumer_involved_customer_address: list[ElhubInvoiceeAddressType] = field(
        default_factory=list,
        metadata={
            "name": "ConsumerInvolvedCustomerAddress",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "min_occurs": 1,
            "max_occurs": 2,
        },
    )
    mpdetail_metering_point_characteristics: None | ElhubDetailMeteringPointCharacteristicType = (
        field(
            default=None,
            metadata={
                "name": "MPDetailMeteringPointCharacteristics",
                "type": "Element",
                "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            },
        )
    )
    annual_period_estimated_metrics: None | ElhubEstimatedAnnualVolumeDetailType = field(
        default=None,
        metadata={
            "name": "AnnualPeriodEstimatedMetrics",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        },
    )
    metering_installation_meter_facility: None | ElhubMeterFacilityType = field(
        default=None,
        metadata={
            "name": "MeteringInstallationMeterFacility",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        },
    )
    mptaxation_profile: None | ElhubTaxationProfileMeteringPointType = field(
        default=None,
        metadata={
            "name": "MPTaxationProfile",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        },
    )
    measurement_definition: list[ElhubMeasurementDefinitionType] = field(
        default_factory=list,
        metadata={
            "name": "MeasurementDefinition",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "max_occurs": 99,
        },
    )


@dataclass(kw_only=True)
class ElhubRecipientsType:
    class Meta:
        name = "Elhub_RecipientsType"

    recipient: list[ElhubRecipientType] = field(
        default_factory=list,
        metadata={
            "name": "Recipient",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "min_occurs": 1,
            "max_occurs": 1000,
        },
    )


@dataclass(kw_only=True)
class ElhubRequestCollectedDataType:
    class Meta:
        name = "Elhub_RequestCollectedDataType"

    reminder_type: ReminderType = field(
        metadata={
            "name": "ReminderType",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        }
    )
    reminder: list[ElhubReminderType] = field(
        default_factory=list,
        metadata={
            "name": "Reminder",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "min_occurs": 1,
            "max_occurs": 9999,
        },
    )


@dataclass(kw_only=True)
class ElhubRequestEndOfSupplyType:
    class Meta:
        name = "Elhub_RequestEndOfSupplyType"

    end_of_occurrence: str = field(
        metadata={
            "name": "EndOfOccurrence",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "pattern": r"[1-9][0-9]{3}-.+T[^.]+(|\.[0-9]{0,3})(Z|[+\-].+)",
        }
    )
    original_business_document_reference: None | str = field(
        default=None,
        metadata={
            "name": "OriginalBusinessDocumentReference",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "length": 36,
            "pattern": r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
        },
    )
    reason_for_transaction: None | EndReasonType = field(
        default=None,
        metadata={
            "name": "ReasonForTransaction",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        },
    )
    metering_point_used_domain_location: ElhubMeteringPointType = field(
        metadata={
            "name": "MeteringPointUsedDomainLocation",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        }
    )
    balance_supplier_involved_energy_party: None | ElhubEnergyPartyType = field(
        default=None,
        metadata={
            "name": "BalanceSupplierInvolvedEnergyParty",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        },
    )
    consumer_involved_customer_party: ElhubCustomerPartyEndOfSupplyType = field(
        metadata={
            "name": "ConsumerInvolvedCustomerParty",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        }
    )
    consumer_involved_customer_address: list[ElhubInvoiceeAddressType] = field(
        default_factory=list,
        metadata={
            "name": "ConsumerInvolvedCustomerAddress",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "min_occurs": 1,
            "max_occurs": 2,
        },
    )


@dataclass(kw_only=True)
class ElhubRequestStartOfSupplyType:
    class Meta:
        name = "Elhub_RequestStartOfSupplyType"

    start_of_occurrence: str = field(
        metadata={
            "name": "StartOfOccurrence",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "pattern": r"[1-9][0-9]{3}-.+T[^.]+(|\.[0-9]{0,3})(Z|[+\-].+)",
        }
    )
    original_business_document_reference: None | str = field(
        default=None,
        metadata={
            "name": "OriginalBusinessDocumentReference",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "length": 36,
            "pattern": r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
        },
    )
    metering_point_used_domain_location: ElhubMeteringPointType = field(
        metadata={
            "name": "MeteringPointUsedDomainLocation",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        }
    )
    balance_supplier_involved_energy_party: None | ElhubEnergyPartyType = field(
        default=None,
        metadata={
            "name": "BalanceSupplierInvolvedEnergyParty",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        },
    )
    move_in_to_slr: None | str = field(
        default=None,
        metadata={
            "name": "moveInToSLR",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "pattern": r"true|false",
        },
    )
    consent_id: None | str = field(
        default=None,
        metadata={
            "name": "ConsentID",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "length": 36,
            "pattern": r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
        },
    )
    consumer_involved_customer_party: ElhubCustomerPartyStartOfSupplyType = field(
        metadata={
            "name": "ConsumerInvolvedCustomerParty",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        }
    )
    consumer_involved_customer_address: list[ElhubInvoiceeAddressType] = field(
        default_factory=list,
        metadata={
            "name": "ConsumerInvolvedCustomerAddress",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "min_occurs": 1,
            "max_occurs": 2,
        },
    )


@dataclass(kw_only=True)
class ElhubRequestUpdateCustomerInformationType:
    class Meta:
        name = "Elhub_RequestUpdateCustomerInformationType"

    start_of_occurrence: None | str = field(
        default=None,
        metadata={
            "name": "StartOfOccurrence",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "pattern": r"[1-9][0-9]{3}-.+T[^.]+(|\.[0-9]{0,3})(Z|[+\-].+)",
        },
    )
    metering_point_used_domain_location: ElhubMeteringPointType = field(
        metadata={
            "name": "MeteringPointUsedDomainLocation",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        }
    )
    consumer_involved_customer_party: ElhubCustomerPartyType = field(
        metadata={
            "name": "ConsumerInvolvedCustomerParty",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        }
    )
    consumer_involved_customer_address: list[ElhubInvoiceeAddressType] = field(
        default_factory=list,
        metadata={
            "name": "ConsumerInvolvedCustomerAddress",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "min_occurs": 1,
            "max_occurs": 2,
        },
    )


@dataclass(kw_only=True)
class ElhubRequestUpdateMasterDataMeteringPointType:
    class Meta:
        name = "Elhub_RequestUpdateMasterDataMeteringPointType"

    start_of_occurrence: None | str = field(
        default=None,
        metadata={
            "name": "StartOfOccurrence",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "pattern": r"[1-9][0-9]{3}-.+T[^.]+(|\.[0-9]{0,3})(Z|[+\-].+)",
        },
    )
    identification: None | str = field(
        default=None,
        metadata={
            "name": "Identification",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "length": 36,
            "pattern": r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
        },
    )
    original_business_document_reference: None | str = field(
        default=None,
        metadata={
            "name": "OriginalBusinessDocumentReference",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "length": 36,
            "pattern": r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
        },
    )
    metering_point_used_domain_location: ElhubMeteringPointType = field(
        metadata={
            "name": "MeteringPointUsedDomainLocation",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        }
    )
    metering_grid_area_used_domain_location: None | ElhubMeteringGridAreaType = field(
        default=None,
        metadata={
            "name": "MeteringGridAreaUsedDomainLocation",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        },
    )
    mpaddress_metering_point_address: None | ElhubMpaddressType = field(
        default=None,
        metadata={
            "name": "MPAddressMeteringPointAddress",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        },
    )
    mpposition_metering_point_geographical_coordinate: (
        None | ElhubMeteringPointGeographicalCoordinateType
    ) = field(
        default=None,
        metadata={
            "name": "MPPositionMeteringPointGeographicalCoordinate",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        },
    )
    mpaddress_cadastral: None | ElhubMpaddressCadastralType = field(
        default=None,
        metadata={
            "name": "MPAddressCadastral",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        },
    )
    mp_detail_metering_point_characteristic: None | ElhubDetailMeteringPointCharacteristicType = (
        field(
            default=None,
            metadata={
                "name": "MpDetailMeteringPointCharacteristic",
                "type": "Element",
                "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            },
        )
    )
    annual_period_estimated_metrics: None | ElhubEstimatedAnnualVolumeDetailType = field(
        default=None,
        metadata={
            "name": "AnnualPeriodEstimatedMetrics",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        },
    )
    metering_installation_meter_facility: None | ElhubMeterFacilityType = field(
        default=None,
        metadata={
            "name": "MeteringInstallationMeterFacility",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        },
    )
    mptaxation_profile: None | ElhubTaxationProfileMeteringPointType = field(
        default=None,
        metadata={
            "name": "MPTaxationProfile",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        },
    )
    measurement_definition: list[ElhubMeasurementDefinitionGenericType] = field(
        default_factory=list,
        metadata={
            "name": "MeasurementDefinition",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "max_occurs": 99,
        },
    )


@dataclass(kw_only=True)
class ElhubParticipantsType:
    class Meta:
        name = "Elhub_ParticipantsType"

    contributors: ElhubContributorsType = field(
        metadata={
            "name": "Contributors",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        }
    )
    recipients: ElhubRecipientsType = field(
        metadata={
            "name": "Recipients",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        }
    )


@dataclass(kw_only=True)
class ElhubVirtualCalculationType:
    class Meta:
        name = "Elhub_VirtualCalculationType"

    name: None | str = field(
        default=None,
        metadata={
            "name": "Name",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "min_length": 1,
            "max_length": 50,
        },
    )
    description: None | str = field(
        default=None,
        metadata={
            "name": "Description",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "min_length": 1,
            "max_length": 100,
        },
    )
    id: None | str = field(
        default=None,
        metadata={
            "name": "Id",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "length": 36,
            "pattern": r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
        },
    )
    formula_type: None | FormulaTypeType = field(
        default=None,
        metadata={
            "name": "FormulaType",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        },
    )
    participants: None | ElhubParticipantsType = field(
        default=None,
        metadata={
            "name": "Participants",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        },
    )


@dataclass(kw_only=True)
class ElhubNotifySharedProductionType:
    class Meta:
        name = "Elhub_NotifySharedProductionType"

    start_of_occurrence: None | str = field(
        default=None,
        metadata={
            "name": "StartOfOccurrence",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "pattern": r"[1-9][0-9]{3}-.+T[^.]+(|\.[0-9]{0,3})(Z|[+\-].+)",
        },
    )
    end_of_occurrence: None | str = field(
        default=None,
        metadata={
            "name": "EndOfOccurrence",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "pattern": r"[1-9][0-9]{3}-.+T[^.]+(|\.[0-9]{0,3})(Z|[+\-].+)",
        },
    )
    version: None | int = field(
        default=None,
        metadata={
            "name": "Version",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "min_inclusive": 0,
            "max_inclusive": 9999,
        },
    )
    version_status: None | StatusType = field(
        default=None,
        metadata={
            "name": "VersionStatus",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        },
    )
    virtual_calculation: ElhubVirtualCalculationType = field(
        metadata={
            "name": "VirtualCalculation",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        }
    )


@dataclass(kw_only=True)
class ElhubRequestUpdateSharedProductionType:
    class Meta:
        name = "Elhub_RequestUpdateSharedProductionType"

    start_of_occurrence: None | str = field(
        default=None,
        metadata={
            "name": "StartOfOccurrence",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
            "pattern": r"[1-9][0-9]{3}-.+T[^.]+(|\.[0-9]{0,3})(Z|[+\-].+)",
        },
    )
    update_indicator: AddDeleteUpdate = field(
        metadata={
            "name": "UpdateIndicator",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        }
    )
    virtual_calculation: ElhubVirtualCalculationType = field(
        metadata={
            "name": "VirtualCalculation",
            "type": "Element",
            "namespace": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
        }
    )
