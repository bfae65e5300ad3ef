from .accounting_point_characteristics import (
    AccountingPointCharacteristicsMarketDocument,
    ApcMarketEvaluationPoint,
    ParentMarketEvaluationPoint,
)
from .accounting_point_characteristics import (
    AnnualVolumeUnit as AccountingPointCharacteristicsAnnualVolumeUnit,
)
from .accounting_point_characteristics import (
    AreaCodingScheme as AccountingPointCharacteristicsAreaCodingScheme,
)
from .accounting_point_characteristics import (
    AreaIdString as AccountingPointCharacteristicsAreaIdString,
)
from .accounting_point_characteristics import (
    CadastralUnit as AccountingPointCharacteristicsCadastralUnit,
)
from .accounting_point_characteristics import (
    CapacityQuantity as AccountingPointCharacteristicsCapacityQuantity,
)
from .accounting_point_characteristics import (
    CapacityUnit as AccountingPointCharacteristicsCapacityUnit,
)
from .accounting_point_characteristics import (
    Channel as AccountingPointCharacteristicsChannel,
)
from .accounting_point_characteristics import (
    CustomerCodingScheme as AccountingPointCustomerCodingScheme,
)
from .accounting_point_characteristics import (
    CustomerCommunication as AccountingPointCustomerCommunication,
)
from .accounting_point_characteristics import (
    CustomerIdString as AccountingPointCustomerIdString,
)
from .accounting_point_characteristics import (
    DocumentKindString as AccountingPointDocumentKindString,
)
from .accounting_point_characteristics import (
    EnergyUnit as AccountingPointCharacteristicsEnergyUnit,
)
from .accounting_point_characteristics import (
    MeasurementPointCodingScheme as AccountingPointMeasurementPointCodingScheme,
)
from .accounting_point_characteristics import (
    MeasurementPointIdString as AccountingPointMeasurementPointIdString,
)
from .accounting_point_characteristics import (
    MktActivityRecord as AccountingPointMktActivityRecord,
)
from .accounting_point_characteristics import (
    MpstreetAddress as AccountingPointCharacteristicsMpstreetAddress,
)
from .accounting_point_characteristics import (
    PartyCodingScheme as AccountingPointCharacteristicsPartyCodingScheme,
)
from .accounting_point_characteristics import (
    PartyIdString as AccountingPointCharacteristicsPartyIdString,
)
from .accounting_point_characteristics import (
    PositionPoint as AccountingPointCharacteristicsPositionPoint,
)
from .accounting_point_characteristics import (
    ProcessKindString as AccountingPointProcessKindString,
)
from .accounting_point_characteristics import (
    Series as AccountingPointCharacteristicsSeries,
)
from .accounting_point_characteristics import (
    StreetDetail as AccountingPointStreetDetail,
)
from .accounting_point_characteristics import (
    TaxationProfile as AccountingPointCharacteristicsTaxationProfile,
)
from .accounting_point_characteristics import (
    TownDetail as AccountingPointTownDetail,
)
from .accounting_point_characteristics import (
    VolumeProduct as AccountingPointCharacteristicsVolumeProduct,
)
from .acknowledgement import (
    AcknowledgementMarketDocument,
    AckReason,
    AckSeries,
    EsmpDateTimeInterval,
    OriginalMktActivityRecord,
    TimePeriod,
    TimeSeries,
)
from .acknowledgement import (
    PartyCodingScheme as AcknowledgementPartyCodingScheme,
)
from .acknowledgement import (
    PartyIdString as AcknowledgementPartyIdString,
)
from .characteristics_of_a_customer_at_an_ap import (
    CharacteristicsOfAcustomerAtAnApMarketDocument,
    CusMarketEvaluationPoint,
)
from .characteristics_of_a_customer_at_an_ap import (
    CustomerCodingScheme as OfACustomerAtAnApCustomerCodingScheme,
)
from .characteristics_of_a_customer_at_an_ap import (
    CustomerCommunication as OfACustomerAtAnApCustomerCommunication,
)
from .characteristics_of_a_customer_at_an_ap import (
    CustomerIdString as OfACustomerAtAnApCustomerIdString,
)
from .characteristics_of_a_customer_at_an_ap import (
    DocumentKindString as OfACustomerAtAnApDocumentKindString,
)
from .characteristics_of_a_customer_at_an_ap import (
    ElectronicAddress as CharacteristicsOfACustomerAtAnApElectronicAddress,
)
from .characteristics_of_a_customer_at_an_ap import (
    MeasurementPointCodingScheme as OfACustomerAtAnApMeasurementPointCodingScheme,
)
from .characteristics_of_a_customer_at_an_ap import (
    MeasurementPointIdString as OfACustomerAtAnApMeasurementPointIdString,
)
from .characteristics_of_a_customer_at_an_ap import (
    MktActivityRecord as OfACustomerAtAnApMktActivityRecord,
)
from .characteristics_of_a_customer_at_an_ap import (
    PartyCodingScheme as CharacteristicsOfACustomerAtAnApPartyCodingScheme,
)
from .characteristics_of_a_customer_at_an_ap import (
    PartyIdString as CharacteristicsOfACustomerAtAnApPartyIdString,
)
from .characteristics_of_a_customer_at_an_ap import (
    ProcessKindString as OfACustomerAtAnApProcessKindString,
)
from .characteristics_of_a_customer_at_an_ap import (
    StreetAddress as CharacteristicsOfACustomerAtAnApStreetAddress,
)
from .characteristics_of_a_customer_at_an_ap import (
    StreetDetail as OfACustomerAtAnApStreetDetail,
)
from .characteristics_of_a_customer_at_an_ap import (
    TelephoneNumber as CharacteristicsOfACustomerAtAnApTelephoneNumber,
)
from .characteristics_of_a_customer_at_an_ap import (
    TownDetail as OfACustomerAtAnApTownDetail,
)
from .characteristics_of_a_customer_at_an_ap import (
    UsagePointLocation as CharacteristicsOfACustomerAtAnApUsagePointLocation,
)
from .codelists import (
    AddressTypeList,
    AssetTypeList,
    BusinessSectorTypeList,
    CalculationMethodList,
    CalculationStatusList,
    ChannelResolutionList,
    CommunicationChannelList,
    ConsumptionSubtypeList,
    DirectionList,
    EndReasonList,
    EnergyProductTypeList,
    EnovaFeeTypeList,
    FormulaTypeList,
    MessageTypeList,
    MeteringMethodTypeList,
    MeteringPointTypeList,
    PhysicalStatusTypeList,
    PriorityList,
    PurposeList,
    ReadCycleList,
    ReasonCodeTypeList,
    RoleTypeList,
    SettlementMethodTypeList,
    UpdateIndicatorList,
    VatcodeList,
)
from .confirm_request_change_of_supplier import (
    ConfirmReasonCode as ChangeSupplierConfirmReasonCode,
)
from .confirm_request_change_of_supplier import (
    ConfirmRequestChangeOfSupplierMarketDocument,
)
from .confirm_request_change_of_supplier import (
    DocumentKindString as ConfirmRequestChangeSupplierDocumentKindString,
)
from .confirm_request_change_of_supplier import (
    MeasurementPointCodingScheme as ConfirmRequestChangeSupplierMeasurementPointCodingScheme,
)
from .confirm_request_change_of_supplier import (
    MeasurementPointIdString as ConfirmRequestChangeSupplierMeasurementPointIdString,
)
from .confirm_request_change_of_supplier import (
    MktActivityRecord as ConfirmRequestChangeSupplierMktActivityRecord,
)
from .confirm_request_change_of_supplier import (
    PartyCodingScheme as ConfirmRequestChangeSupplierPartyCodingScheme,
)
from .confirm_request_change_of_supplier import (
    PartyIdString as ConfirmRequestChangeSupplierPartyIdString,
)
from .confirm_request_change_of_supplier import (
    ProcessKindString as ConfirmRequestChangeSupplierProcessKindString,
)
from .confirm_request_end_of_supply import (
    ConfirmReasonCode as EndSupplyConfirmReasonCode,
)
from .confirm_request_end_of_supply import (
    ConfirmRequestEndOfSupplyMarketDocument,
)
from .confirm_request_end_of_supply import (
    DocumentKindString as EndSupplyDocumentKindString,
)
from .confirm_request_end_of_supply import (
    MeasurementPointCodingScheme as EndSupplyMeasurementPointCodingScheme,
)
from .confirm_request_end_of_supply import (
    MeasurementPointIdString as EndSupplyMeasurementPointIdString,
)
from .confirm_request_end_of_supply import (
    MktActivityRecord as EndSupplyMktActivityRecord,
)
from .confirm_request_end_of_supply import (
    PartyCodingScheme as EndSupplyPartyCodingScheme,
)
from .confirm_request_end_of_supply import (
    PartyIdString as EndSupplyPartyIdString,
)
from .confirm_request_end_of_supply import (
    ProcessKindString as EndSupplyProcessKindString,
)
from .generic_notification import (
    CustomerCodingScheme as GenericNotificationCustomerCodingScheme,
)
from .generic_notification import (
    CustomerCommunication as GenericNotificationCustomerCommunication,
)
from .generic_notification import (
    CustomerIdString as GenericNotificationCustomerIdString,
)
from .generic_notification import (
    DocumentKindString as GenericNotificationDocumentKindString,
)
from .generic_notification import (
    ElectronicAddress as GenericNotificationElectronicAddress,
)
from .generic_notification import (
    GenericNotificationMarketDocument,
)
from .generic_notification import (
    MeasurementPointCodingScheme as GenericNotificationMeasurementPointCodingScheme,
)
from .generic_notification import (
    MeasurementPointIdString as GenericNotificationMeasurementPointIdString,
)
from .generic_notification import (
    MktActivityRecord as GenericNotificationMktActivityRecord,
)
from .generic_notification import (
    PartyCodingScheme as GenericNotificationPartyCodingScheme,
)
from .generic_notification import (
    PartyIdString as GenericNotificationPartyIdString,
)
from .generic_notification import (
    ProcessKindString as GenericNotificationProcessKindString,
)
from .generic_notification import (
    StreetAddress as GenericNotificationStreetAddress,
)
from .generic_notification import (
    StreetDetail as GenericNotificationStreetDetail,
)
from .generic_notification import (
    TelephoneNumber as GenericNotificationTelephoneNumber,
)
from .generic_notification import (
    TownDetail as GenericNotificationTownDetail,
)
from .generic_notification import (
    UsagePointLocation as GenericNotificationUsagePointLocation,
)
from .local_extension_types import LocalProcessType
from .notify_shared_production import (
    DocumentKindString as NotifySharedProductionDocumentKindString,
)
from .notify_shared_production import (
    MeasurementPointCodingScheme as NotifySharedProductionMeasurementPointCodingScheme,
)
from .notify_shared_production import (
    MeasurementPointIdString as NotifySharedProductionMeasurementPointIdString,
)
from .notify_shared_production import (
    MktActivityRecord as NotifySharedProductionMktActivityRecord,
)
from .notify_shared_production import (
    NotifySharedProductionMarketDocument,
)
from .notify_shared_production import (
    PartyCodingScheme as NotifySharedProductionPartyCodingScheme,
)
from .notify_shared_production import (
    PartyIdString as NotifySharedProductionPartyIdString,
)
from .notify_shared_production import (
    ProcessKindString as NotifySharedProductionProcessKindString,
)
from .notify_shared_production import (
    SharedProductionMarketEvaluationPoint as NotifySharedProductionMarketEvaluationPoint,
)
from .notify_start_of_supply import (
    AnnualVolumeUnit as NotifyStartOfSupplyAnnualVolumeUnit,
)
from .notify_start_of_supply import (
    AreaCodingScheme as NotifyStartOfSupplyAreaCodingScheme,
)
from .notify_start_of_supply import (
    AreaIdString as NotifyStartOfSupplyAreaIdString,
)
from .notify_start_of_supply import (
    CadastralUnit as NotifyStartOfSupplyCadastralUnit,
)
from .notify_start_of_supply import (
    CapacityQuantity as NotifyStartOfSupplyCapacityQuantity,
)
from .notify_start_of_supply import (
    CapacityUnit as NotifyStartOfSupplyCapacityUnit,
)
from .notify_start_of_supply import (
    Channel as NotifyStartOfSupplyChannel,
)
from .notify_start_of_supply import (
    CustomerCodingScheme as NotifyStartOfSupplyCustomerCodingScheme,
)
from .notify_start_of_supply import (
    CustomerCommunication as NotifyStartOfSupplyCustomerCommunication,
)
from .notify_start_of_supply import (
    CustomerIdString as NotifyStartOfSupplyCustomerIdString,
)
from .notify_start_of_supply import (
    DocumentKindString as StartOfSupplyDocumentKindString,
)
from .notify_start_of_supply import (
    ElectronicAddress as NotifyStartOfSupplyElectronicAddress,
)
from .notify_start_of_supply import (
    EnergyUnit as NotifyStartOfSupplyEnergyUnit,
)
from .notify_start_of_supply import (
    MeasurementPointCodingScheme as StartOfSupplyMeasurementPointCodingScheme,
)
from .notify_start_of_supply import (
    MeasurementPointIdString as StartOfSupplyMeasurementPointIdString,
)
from .notify_start_of_supply import (
    MktActivityRecord as StartOfSupplyMktActivityRecord,
)
from .notify_start_of_supply import (
    MpstreetAddress as NotifyStartOfSupplyMpstreetAddress,
)
from .notify_start_of_supply import (
    NotifyStartOfSupplyMarketDocument,
    NssMarketEvaluationPoint,
)
from .notify_start_of_supply import (
    PartyCodingScheme as StartOfSupplyPartyCodingScheme,
)
from .notify_start_of_supply import (
    PartyIdString as StartOfSupplyPartyIdString,
)
from .notify_start_of_supply import (
    PositionPoint as NotifyStartOfSupplyPositionPoint,
)
from .notify_start_of_supply import (
    ProcessKindString as StartOfSupplyProcessKindString,
)
from .notify_start_of_supply import (
    Series as NotifyStartOfSupplySeries,
)
from .notify_start_of_supply import (
    StreetAddress as NotifyStartOfSupplyStreetAddress,
)
from .notify_start_of_supply import (
    StreetDetail as NotifyStartOfSupplyStreetDetail,
)
from .notify_start_of_supply import (
    TaxationProfile as NotifyStartOfSupplyTaxationProfile,
)
from .notify_start_of_supply import (
    TelephoneNumber as NotifyStartOfSupplyTelephoneNumber,
)
from .notify_start_of_supply import (
    TownDetail as NotifyStartOfSupplyTownDetail,
)
from .notify_start_of_supply import (
    UsagePointLocation as NotifyStartOfSupplyUsagePointLocation,
)
from .notify_start_of_supply import (
    VolumeProduct as NotifyStartOfSupplyVolumeProduct,
)
from .notify_third_party_access import (
    AnnualVolumeUnit as ThirdPartyAccessAnnualVolumeUnit,
)
from .notify_third_party_access import (
    ConsumptionClassification as NotifyThirdPartyAccessConsumptionClassification,
)
from .notify_third_party_access import (
    DocumentKindString as ThirdPartyAccessDocumentKindString,
)
from .notify_third_party_access import (
    MeasurementPointCodingScheme as ThirdPartyAccessMeasurementPointCodingScheme,
)
from .notify_third_party_access import (
    MeasurementPointIdString as ThirdPartyAccessMeasurementPointIdString,
)
from .notify_third_party_access import (
    MktActivityRecord as ThirdPartyAccessMktActivityRecord,
)
from .notify_third_party_access import (
    MpstreetAddress as ThirdPartyAccessMpstreetAddress,
)
from .notify_third_party_access import (
    NotifyThirdPartyAccessMarketDocument,
    TpaMarketEvaluationPoint,
    TpaSeries,
)
from .notify_third_party_access import (
    PartyCodingScheme as ThirdPartyAccessPartyCodingScheme,
)
from .notify_third_party_access import (
    PartyIdString as ThirdPartyAccessPartyIdString,
)
from .notify_third_party_access import (
    ProcessKindString as ThirdPartyAccessProcessKindString,
)
from .notify_third_party_access import (
    StreetDetail as ThirdPartyAccessStreetDetail,
)
from .notify_third_party_access import (
    TownDetail as ThirdPartyAccessTownDetail,
)
from .notify_third_party_access import (
    VolumeProduct as ThirdPartyAccessVolumeProduct,
)
from .reject_request_change_of_supplier import (
    DocumentKindString as RejectRequestChangeOfSupplierDocumentKindString,
)
from .reject_request_change_of_supplier import (
    MeasurementPointCodingScheme as RejectRequestChangeOfSupplierMeasurementPointCodingScheme,
)
from .reject_request_change_of_supplier import (
    MeasurementPointIdString as RejectRequestChangeOfSupplierMeasurementPointIdString,
)
from .reject_request_change_of_supplier import (
    MktActivityRecord as RejectRequestChangeOfSupplierMktActivityRecord,
)
from .reject_request_change_of_supplier import (
    PartyCodingScheme as RejectRequestChangeOfSupplierPartyCodingScheme,
)
from .reject_request_change_of_supplier import (
    PartyIdString as RejectRequestChangeOfSupplierPartyIdString,
)
from .reject_request_change_of_supplier import (
    ProcessKindString as RejectRequestChangeOfSupplierProcessKindString,
)
from .reject_request_change_of_supplier import (
    RejectReason as ChangeSupplierRejectReason,
)
from .reject_request_change_of_supplier import (
    RejectReasonCode as ChangeSupplierRejectReasonCode,
)
from .reject_request_change_of_supplier import (
    RejectRequestChangeOfSupplierMarketDocument,
)
from .reject_request_end_of_supply import (
    DocumentKindString as EndSupplyDocumentKindString,
)
from .reject_request_end_of_supply import (
    MeasurementPointCodingScheme as EndSupplyMeasurementPointCodingScheme,
)
from .reject_request_end_of_supply import (
    MeasurementPointIdString as EndSupplyMeasurementPointIdString,
)
from .reject_request_end_of_supply import (
    MktActivityRecord as EndSupplyMktActivityRecord,
)
from .reject_request_end_of_supply import (
    PartyCodingScheme as EndSupplyPartyCodingScheme,
)
from .reject_request_end_of_supply import (
    PartyIdString as EndSupplyPartyIdString,
)
from .reject_request_end_of_supply import (
    ProcessKindString as EndSupplyProcessKindString,
)
from .reject_request_end_of_supply import (
    RejectReason as EndSupplyRejectReason,
)
from .reject_request_end_of_supply import (
    RejectReasonCode as EndSupplyRejectReasonCode,
)
from .reject_request_end_of_supply import (
    RejectRequestEndOfSupplyMarketDocument,
)
from .request_change_of_supplier import (
    CustomerCodingScheme as RequestChangeSupplierCustomerCodingScheme,
)
from .request_change_of_supplier import (
    CustomerCommunication as RequestChangeSupplierCustomerCommunication,
)
from .request_change_of_supplier import (
    CustomerIdString as RequestChangeSupplierCustomerIdString,
)
from .request_change_of_supplier import (
    DocumentKindString as ChangeSupplierDocumentKindString,
)
from .request_change_of_supplier import (
    ElectronicAddress as RequestChangeSupplierElectronicAddress,
)
from .request_change_of_supplier import (
    MeasurementPointCodingScheme as ChangeSupplierMeasurementPointCodingScheme,
)
from .request_change_of_supplier import (
    MeasurementPointIdString as ChangeSupplierMeasurementPointIdString,
)
from .request_change_of_supplier import (
    MktActivityRecord as ChangeSupplierMktActivityRecord,
)
from .request_change_of_supplier import (
    PartyCodingScheme as ChangeSupplierPartyCodingScheme,
)
from .request_change_of_supplier import (
    PartyIdString as ChangeSupplierPartyIdString,
)
from .request_change_of_supplier import (
    ProcessKindString as ChangeSupplierProcessKindString,
)
from .request_change_of_supplier import (
    RequestChangeOfSupplierMarketDocument,
)
from .request_change_of_supplier import (
    StreetAddress as RequestChangeSupplierStreetAddress,
)
from .request_change_of_supplier import (
    StreetDetail as RequestChangeOfSupplierStreetDetail,
)
from .request_change_of_supplier import (
    TelephoneNumber as RequestChangeSupplierTelephoneNumber,
)
from .request_change_of_supplier import (
    TownDetail as RequestChangeOfSupplierTownDetail,
)
from .request_change_of_supplier import (
    UsagePointLocation as RequestChangeSupplierUsagePointLocation,
)
from .request_change_shared_production import (
    DocumentKindString as SharedProductionDocumentKindString,
)
from .request_change_shared_production import (
    MeasurementPointCodingScheme as SharedProductionMeasurementPointCodingScheme,
)
from .request_change_shared_production import (
    MeasurementPointIdString as SharedProductionMeasurementPointIdString,
)
from .request_change_shared_production import (
    MktActivityRecord as SharedProductionMktActivityRecord,
)
from .request_change_shared_production import (
    PartyCodingScheme as SharedProductionPartyCodingScheme,
)
from .request_change_shared_production import (
    PartyIdString as SharedProductionPartyIdString,
)
from .request_change_shared_production import (
    ProcessKindString as SharedProductionProcessKindString,
)
from .request_change_shared_production import (
    RequestChangeSharedProductionMarketDocument,
)
from .request_change_shared_production import (
    SharedProductionMarketEvaluationPoint as RequestChangeSharedProductionMarketEvaluationPoint,
)
from .request_end_of_supply import (
    CustomerCodingScheme as EndSupplyCustomerCodingScheme,
)
from .request_end_of_supply import (
    CustomerCommunication as EndSupplyCustomerCommunication,
)
from .request_end_of_supply import (
    CustomerIdString as EndSupplyCustomerIdString,
)
from .request_end_of_supply import (
    DocumentKindString as EndOfSupplyDocumentKindString,
)
from .request_end_of_supply import (
    ElectronicAddress as EndSupplyElectronicAddress,
)
from .request_end_of_supply import (
    MeasurementPointCodingScheme as EndOfSupplyMeasurementPointCodingScheme,
)
from .request_end_of_supply import (
    MeasurementPointIdString as EndOfSupplyMeasurementPointIdString,
)
from .request_end_of_supply import (
    MktActivityRecord as EndOfSupplyMktActivityRecord,
)
from .request_end_of_supply import (
    PartyCodingScheme as EndOfSupplyPartyCodingScheme,
)
from .request_end_of_supply import (
    PartyIdString as EndOfSupplyPartyIdString,
)
from .request_end_of_supply import (
    ProcessKindString as EndOfSupplyProcessKindString,
)
from .request_end_of_supply import (
    RequestEndOfSupplyMarketDocument,
)
from .request_end_of_supply import (
    StreetAddress as EndSupplyStreetAddress,
)
from .request_end_of_supply import (
    StreetDetail as EndSupplyStreetDetail,
)
from .request_end_of_supply import (
    TelephoneNumber as EndSupplyTelephoneNumber,
)
from .request_end_of_supply import (
    TownDetail as EndSupplyTownDetail,
)
from .request_end_of_supply import (
    UsagePointLocation as EndSupplyUsagePointLocation,
)
from .request_upfront_accounting_point_characteristics import (
    CustomerCodingScheme as UpfrontAccountingPointCharacteristicsCustomerCodingScheme,
)
from .request_upfront_accounting_point_characteristics import (
    CustomerIdString as UpfrontAccountingPointCharacteristicsCustomerIdString,
)
from .request_upfront_accounting_point_characteristics import (
    DocumentKindString as UpfrontAccountingPointCharacteristicsDocumentKindString,
)
from .request_upfront_accounting_point_characteristics import (
    MeasurementPointCodingScheme as UpfrontAccountingPointCharacteristicsMeasurementPointCodingScheme,
)
from .request_upfront_accounting_point_characteristics import (
    MeasurementPointIdString as UpfrontAccountingPointCharacteristicsMeasurementPointIdString,
)
from .request_upfront_accounting_point_characteristics import (
    MktActivityRecord as UpfrontAccountingPointCharacteristicsMktActivityRecord,
)
from .request_upfront_accounting_point_characteristics import (
    PartyCodingScheme as UpfrontAccountingPointCharacteristicsPartyCodingScheme,
)
from .request_upfront_accounting_point_characteristics import (
    PartyIdString as UpfrontAccountingPointCharacteristicsPartyIdString,
)
from .request_upfront_accounting_point_characteristics import (
    ProcessKindString as UpfrontAccountingPointCharacteristicsProcessKindString,
)
from .request_upfront_accounting_point_characteristics import (
    RequestUpfrontAccountingPointCharacteristicsMarketDocument,
    SearchStreetAddress,
    SearchStreetDetail,
)
from .upfront_accounting_point_characteristics import (
    AnnualVolumeUnit as UpfrontAccountingPointCharacteristicsAnnualVolumeUnit,
)
from .upfront_accounting_point_characteristics import (
    AreaCodingScheme as UpfrontAccountingPointCharacteristicsAreaCodingScheme,
)
from .upfront_accounting_point_characteristics import (
    AreaIdString as UpfrontAccountingPointCharacteristicsAreaIdString,
)
from .upfront_accounting_point_characteristics import (
    CadastralUnit as UpfrontAccountingPointCharacteristicsCadastralUnit,
)
from .upfront_accounting_point_characteristics import (
    CapacityQuantity as UpfrontAccountingPointCharacteristicsCapacityQuantity,
)
from .upfront_accounting_point_characteristics import (
    CapacityUnit as UpfrontAccountingPointCharacteristicsCapacityUnit,
)
from .upfront_accounting_point_characteristics import (
    ConsumptionClassification as UpfrontAccountingPointCharacteristicsConsumptionClassification,
)
from .upfront_accounting_point_characteristics import (
    DocumentKindString as DocumentKindString,
)
from .upfront_accounting_point_characteristics import (
    MeasurementPointCodingScheme as MeasurementPointCodingScheme,
)
from .upfront_accounting_point_characteristics import (
    MeasurementPointIdString as MeasurementPointIdString,
)
from .upfront_accounting_point_characteristics import (
    MktActivityRecord as MktActivityRecord,
)
from .upfront_accounting_point_characteristics import (
    MpstreetAddress as UpfrontAccountingPointCharacteristicsMpstreetAddress,
)
from .upfront_accounting_point_characteristics import (
    PartyCodingScheme as PartyCodingScheme,
)
from .upfront_accounting_point_characteristics import (
    PartyIdString as PartyIdString,
)
from .upfront_accounting_point_characteristics import (
    ProcessKindString as ProcessKindString,
)
from .upfront_accounting_point_characteristics import (
    StreetDetail as UpfrontAccountingPointCharacteristicsStreetDetail,
)
from .upfront_accounting_point_characteristics import (
    TownDetail as UpfrontAccountingPointCharacteristicsTownDetail,
)
from .upfront_accounting_point_characteristics import (
    UpfMarketEvaluationPoint,
    UpfrontAccountingPointCharacteristicsMarketDocument,
    UpfSeries,
)
from .upfront_accounting_point_characteristics import (
    VolumeProduct as UpfrontAccountingPointCharacteristicsVolumeProduct,
)

__all__ = [
    "ApcMarketEvaluationPoint",
    "AccountingPointCharacteristicsMarketDocument",
    "AccountingPointCharacteristicsAnnualVolumeUnit",
    "AccountingPointCharacteristicsAreaCodingScheme",
    "AccountingPointCharacteristicsAreaIdString",
    "AccountingPointCharacteristicsCadastralUnit",
    "AccountingPointCharacteristicsCapacityQuantity",
    "AccountingPointCharacteristicsCapacityUnit",
    "AccountingPointCharacteristicsChannel",
    "AccountingPointCustomerCodingScheme",
    "AccountingPointCustomerIdString",
    "AccountingPointCustomerCommunication",
    "AccountingPointDocumentKindString",
    "AccountingPointCharacteristicsEnergyUnit",
    "AccountingPointCharacteristicsMpstreetAddress",
    "AccountingPointMeasurementPointCodingScheme",
    "AccountingPointMeasurementPointIdString",
    "AccountingPointMktActivityRecord",
    "ParentMarketEvaluationPoint",
    "AccountingPointCharacteristicsPartyCodingScheme",
    "AccountingPointCharacteristicsPartyIdString",
    "AccountingPointCharacteristicsPositionPoint",
    "AccountingPointProcessKindString",
    "AccountingPointCharacteristicsSeries",
    "AccountingPointStreetDetail",
    "AccountingPointCharacteristicsTaxationProfile",
    "AccountingPointTownDetail",
    "AccountingPointCharacteristicsVolumeProduct",
    "AckReason",
    "AckSeries",
    "AcknowledgementMarketDocument",
    "EsmpDateTimeInterval",
    "OriginalMktActivityRecord",
    "AcknowledgementPartyCodingScheme",
    "AcknowledgementPartyIdString",
    "TimeSeries",
    "TimePeriod",
    "CusMarketEvaluationPoint",
    "CharacteristicsOfAcustomerAtAnApMarketDocument",
    "OfACustomerAtAnApCustomerCodingScheme",
    "OfACustomerAtAnApCustomerIdString",
    "OfACustomerAtAnApCustomerCommunication",
    "OfACustomerAtAnApDocumentKindString",
    "CharacteristicsOfACustomerAtAnApElectronicAddress",
    "OfACustomerAtAnApMeasurementPointCodingScheme",
    "OfACustomerAtAnApMeasurementPointIdString",
    "OfACustomerAtAnApMktActivityRecord",
    "CharacteristicsOfACustomerAtAnApPartyCodingScheme",
    "CharacteristicsOfACustomerAtAnApPartyIdString",
    "OfACustomerAtAnApProcessKindString",
    "CharacteristicsOfACustomerAtAnApStreetAddress",
    "OfACustomerAtAnApStreetDetail",
    "CharacteristicsOfACustomerAtAnApTelephoneNumber",
    "OfACustomerAtAnApTownDetail",
    "CharacteristicsOfACustomerAtAnApUsagePointLocation",
    "AddressTypeList",
    "AssetTypeList",
    "BusinessSectorTypeList",
    "CalculationMethodList",
    "CalculationStatusList",
    "ChannelResolutionList",
    "CommunicationChannelList",
    "ConsumptionSubtypeList",
    "DirectionList",
    "EndReasonList",
    "EnergyProductTypeList",
    "EnovaFeeTypeList",
    "FormulaTypeList",
    "MessageTypeList",
    "MeteringMethodTypeList",
    "MeteringPointTypeList",
    "PhysicalStatusTypeList",
    "PriorityList",
    "PurposeList",
    "ReadCycleList",
    "ReasonCodeTypeList",
    "RoleTypeList",
    "SettlementMethodTypeList",
    "UpdateIndicatorList",
    "VatcodeList",
    "ConfirmRequestChangeOfSupplierMarketDocument",
    "ChangeSupplierConfirmReasonCode",
    "ConfirmRequestChangeSupplierDocumentKindString",
    "ConfirmRequestChangeSupplierMeasurementPointCodingScheme",
    "ConfirmRequestChangeSupplierMeasurementPointIdString",
    "ConfirmRequestChangeSupplierMktActivityRecord",
    "ConfirmRequestChangeSupplierPartyCodingScheme",
    "ConfirmRequestChangeSupplierPartyIdString",
    "ConfirmRequestChangeSupplierProcessKindString",
    "ConfirmRequestEndOfSupplyMarketDocument",
    "EndSupplyConfirmReasonCode",
    "EndSupplyDocumentKindString",
    "EndSupplyMeasurementPointCodingScheme",
    "EndSupplyMeasurementPointIdString",
    "EndSupplyMktActivityRecord",
    "EndSupplyPartyCodingScheme",
    "EndSupplyPartyIdString",
    "EndSupplyProcessKindString",
    "GenericNotificationCustomerCodingScheme",
    "GenericNotificationCustomerIdString",
    "GenericNotificationCustomerCommunication",
    "GenericNotificationDocumentKindString",
    "GenericNotificationElectronicAddress",
    "GenericNotificationMarketDocument",
    "GenericNotificationMeasurementPointCodingScheme",
    "GenericNotificationMeasurementPointIdString",
    "GenericNotificationMktActivityRecord",
    "GenericNotificationPartyCodingScheme",
    "GenericNotificationPartyIdString",
    "GenericNotificationProcessKindString",
    "GenericNotificationStreetAddress",
    "GenericNotificationStreetDetail",
    "GenericNotificationTelephoneNumber",
    "GenericNotificationTownDetail",
    "GenericNotificationUsagePointLocation",
    "LocalProcessType",
    "NotifySharedProductionDocumentKindString",
    "NotifySharedProductionMeasurementPointCodingScheme",
    "NotifySharedProductionMeasurementPointIdString",
    "NotifySharedProductionMktActivityRecord",
    "NotifySharedProductionMarketDocument",
    "NotifySharedProductionPartyCodingScheme",
    "NotifySharedProductionPartyIdString",
    "NotifySharedProductionProcessKindString",
    "NotifySharedProductionMarketEvaluationPoint",
    "NotifyStartOfSupplyAnnualVolumeUnit",
    "NotifyStartOfSupplyAreaCodingScheme",
    "NotifyStartOfSupplyAreaIdString",
    "NotifyStartOfSupplyCadastralUnit",
    "NotifyStartOfSupplyCapacityQuantity",
    "NotifyStartOfSupplyCapacityUnit",
    "NotifyStartOfSupplyChannel",
    "NotifyStartOfSupplyCustomerCodingScheme",
    "NotifyStartOfSupplyCustomerIdString",
    "NotifyStartOfSupplyCustomerCommunication",
    "StartOfSupplyDocumentKindString",
    "NotifyStartOfSupplyElectronicAddress",
    "NotifyStartOfSupplyEnergyUnit",
    "NotifyStartOfSupplyMpstreetAddress",
    "StartOfSupplyMeasurementPointCodingScheme",
    "StartOfSupplyMeasurementPointIdString",
    "StartOfSupplyMktActivityRecord",
    "NssMarketEvaluationPoint",
    "NotifyStartOfSupplyMarketDocument",
    "StartOfSupplyPartyCodingScheme",
    "StartOfSupplyPartyIdString",
    "NotifyStartOfSupplyPositionPoint",
    "StartOfSupplyProcessKindString",
    "NotifyStartOfSupplySeries",
    "NotifyStartOfSupplyStreetAddress",
    "NotifyStartOfSupplyStreetDetail",
    "NotifyStartOfSupplyTaxationProfile",
    "NotifyStartOfSupplyTelephoneNumber",
    "NotifyStartOfSupplyTownDetail",
    "NotifyStartOfSupplyUsagePointLocation",
    "NotifyStartOfSupplyVolumeProduct",
    "ThirdPartyAccessAnnualVolumeUnit",
    "NotifyThirdPartyAccessConsumptionClassification",
    "ThirdPartyAccessDocumentKindString",
    "ThirdPartyAccessMpstreetAddress",
    "ThirdPartyAccessMeasurementPointCodingScheme",
    "ThirdPartyAccessMeasurementPointIdString",
    "ThirdPartyAccessMktActivityRecord",
    "NotifyThirdPartyAccessMarketDocument",
    "ThirdPartyAccessPartyCodingScheme",
    "ThirdPartyAccessPartyIdString",
    "ThirdPartyAccessProcessKindString",
    "ThirdPartyAccessStreetDetail",
    "TpaMarketEvaluationPoint",
    "TpaSeries",
    "ThirdPartyAccessTownDetail",
    "ThirdPartyAccessVolumeProduct",
    "RejectRequestChangeOfSupplierDocumentKindString",
    "RejectRequestChangeOfSupplierMeasurementPointCodingScheme",
    "RejectRequestChangeOfSupplierMeasurementPointIdString",
    "RejectRequestChangeOfSupplierMktActivityRecord",
    "RejectRequestChangeOfSupplierPartyCodingScheme",
    "RejectRequestChangeOfSupplierPartyIdString",
    "RejectRequestChangeOfSupplierProcessKindString",
    "RejectRequestChangeOfSupplierMarketDocument",
    "ChangeSupplierRejectReason",
    "ChangeSupplierRejectReasonCode",
    "EndSupplyDocumentKindString",
    "EndSupplyMeasurementPointCodingScheme",
    "EndSupplyMeasurementPointIdString",
    "EndSupplyMktActivityRecord",
    "EndSupplyPartyCodingScheme",
    "EndSupplyPartyIdString",
    "EndSupplyProcessKindString",
    "RejectRequestEndOfSupplyMarketDocument",
    "EndSupplyRejectReason",
    "EndSupplyRejectReasonCode",
    "RequestChangeSupplierCustomerCodingScheme",
    "RequestChangeSupplierCustomerIdString",
    "RequestChangeSupplierCustomerCommunication",
    "ChangeSupplierDocumentKindString",
    "RequestChangeSupplierElectronicAddress",
    "ChangeSupplierMeasurementPointCodingScheme",
    "ChangeSupplierMeasurementPointIdString",
    "ChangeSupplierMktActivityRecord",
    "ChangeSupplierPartyCodingScheme",
    "ChangeSupplierPartyIdString",
    "ChangeSupplierProcessKindString",
    "RequestChangeOfSupplierMarketDocument",
    "RequestChangeSupplierStreetAddress",
    "RequestChangeOfSupplierStreetDetail",
    "RequestChangeSupplierTelephoneNumber",
    "RequestChangeOfSupplierTownDetail",
    "RequestChangeSupplierUsagePointLocation",
    "SharedProductionDocumentKindString",
    "SharedProductionMeasurementPointCodingScheme",
    "SharedProductionMeasurementPointIdString",
    "SharedProductionMktActivityRecord",
    "SharedProductionPartyCodingScheme",
    "SharedProductionPartyIdString",
    "SharedProductionProcessKindString",
    "RequestChangeSharedProductionMarketDocument",
    "RequestChangeSharedProductionMarketEvaluationPoint",
    "EndSupplyCustomerCodingScheme",
    "EndSupplyCustomerIdString",
    "EndSupplyCustomerCommunication",
    "EndOfSupplyDocumentKindString",
    "EndSupplyElectronicAddress",
    "EndOfSupplyMeasurementPointCodingScheme",
    "EndOfSupplyMeasurementPointIdString",
    "EndOfSupplyMktActivityRecord",
    "EndOfSupplyPartyCodingScheme",
    "EndOfSupplyPartyIdString",
    "EndOfSupplyProcessKindString",
    "RequestEndOfSupplyMarketDocument",
    "EndSupplyStreetAddress",
    "EndSupplyStreetDetail",
    "EndSupplyTelephoneNumber",
    "EndSupplyTownDetail",
    "EndSupplyUsagePointLocation",
    "UpfrontAccountingPointCharacteristicsCustomerCodingScheme",
    "UpfrontAccountingPointCharacteristicsCustomerIdString",
    "UpfrontAccountingPointCharacteristicsDocumentKindString",
    "UpfrontAccountingPointCharacteristicsMeasurementPointCodingScheme",
    "UpfrontAccountingPointCharacteristicsMeasurementPointIdString",
    "UpfrontAccountingPointCharacteristicsMktActivityRecord",
    "UpfrontAccountingPointCharacteristicsPartyCodingScheme",
    "UpfrontAccountingPointCharacteristicsPartyIdString",
    "UpfrontAccountingPointCharacteristicsProcessKindString",
    "RequestUpfrontAccountingPointCharacteristicsMarketDocument",
    "SearchStreetAddress",
    "SearchStreetDetail",
    "UpfrontAccountingPointCharacteristicsAnnualVolumeUnit",
    "UpfrontAccountingPointCharacteristicsAreaCodingScheme",
    "UpfrontAccountingPointCharacteristicsAreaIdString",
    "UpfrontAccountingPointCharacteristicsCadastralUnit",
    "UpfrontAccountingPointCharacteristicsCapacityQuantity",
    "UpfrontAccountingPointCharacteristicsCapacityUnit",
    "UpfrontAccountingPointCharacteristicsConsumptionClassification",
    "DocumentKindString",
    "UpfrontAccountingPointCharacteristicsMpstreetAddress",
    "MeasurementPointCodingScheme",
    "MeasurementPointIdString",
    "MktActivityRecord",
    "PartyCodingScheme",
    "PartyIdString",
    "ProcessKindString",
    "UpfrontAccountingPointCharacteristicsStreetDetail",
    "UpfrontAccountingPointCharacteristicsTownDetail",
    "UpfMarketEvaluationPoint",
    "UpfSeries",
    "UpfrontAccountingPointCharacteristicsMarketDocument",
    "UpfrontAccountingPointCharacteristicsVolumeProduct",
]
