from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum

from .codelists import (
    BusinessSectorTypeList,
    DirectionTypeList,
    MeteringPointTypeList,
    QualityTypeList,
    ResolutionTypeList,
    RoleTypeList,
    UnitOfMeasureTypeList,
)
from .local_extension_types import (
    LocalBusinessType,
    LocalEstimatedQualityType,
    LocalEstimationCodeType,
    LocalMeterReadReasonType,
    LocalProfiledQuantityKindType,
    LocalValidationCodeType,
)

__NAMESPACE__ = "urn:x-elhub-cim:profile:measure:notifyvalidatedmeasuredata:0:2"


class DocumentKindString(Enum):
    E66 = "E66"


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
            "namespace": "urn:x-elhub-cim:profile:measure:notifyvalidatedmeasuredata:0:2",
            "pattern": r"[1-9][0-9]{3}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]Z",
        },
    )
    end: None | str = field(
        default=None,
        metadata={
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:measure:notifyvalidatedmeasuredata:0:2",
            "pattern": r"[1-9][0-9]{3}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]Z",
        },
    )


class Gs1CodingScheme(Enum):
    A10 = "A10"


class ProcessKindString(Enum):
    NO313 = "NO313"
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
            "namespace": "urn:x-elhub-cim:profile:measure:notifyvalidatedmeasuredata:0:2",
            "min_inclusive": 1,
            "max_inclusive": 9999,
        }
    )
    quantity: Decimal = field(
        metadata={
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:measure:notifyvalidatedmeasuredata:0:2",
            "min_exclusive": Decimal("-1000000000000"),
            "max_exclusive": Decimal("1000000000000"),
            "total_digits": 15,
            "fraction_digits": 3,
        }
    )
    quality: QualityTypeList = field(
        metadata={
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:measure:notifyvalidatedmeasuredata:0:2",
        }
    )
    estimated_quality: None | LocalEstimatedQualityType = field(
        default=None,
        metadata={
            "name": "estimatedQuality",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:measure:notifyvalidatedmeasuredata:0:2",
        },
    )
    validation_code: None | LocalValidationCodeType = field(
        default=None,
        metadata={
            "name": "validationCode",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:measure:notifyvalidatedmeasuredata:0:2",
        },
    )
    estimation_code: None | LocalEstimationCodeType = field(
        default=None,
        metadata={
            "name": "estimationCode",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:measure:notifyvalidatedmeasuredata:0:2",
        },
    )
    imbalance_settlement: None | str = field(
        default=None,
        metadata={
            "name": "imbalanceSettlement",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:measure:notifyvalidatedmeasuredata:0:2",
            "pattern": r"true|false",
        },
    )


@dataclass(kw_only=True)
class SeriesPeriod:
    class Meta:
        name = "Series_Period"

    resolution: None | ResolutionTypeList = field(
        default=None,
        metadata={
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:measure:notifyvalidatedmeasuredata:0:2",
        },
    )
    time_interval: None | EsmpDateTimeInterval = field(
        default=None,
        metadata={
            "name": "timeInterval",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:measure:notifyvalidatedmeasuredata:0:2",
        },
    )
    start_reading_value: None | Decimal = field(
        default=None,
        metadata={
            "name": "start_Reading.value",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:measure:notifyvalidatedmeasuredata:0:2",
            "min_inclusive": Decimal("0"),
            "max_exclusive": Decimal("1000000000000"),
            "total_digits": 15,
            "fraction_digits": 3,
        },
    )
    end_reading_value: None | Decimal = field(
        default=None,
        metadata={
            "name": "end_Reading.value",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:measure:notifyvalidatedmeasuredata:0:2",
            "min_inclusive": Decimal("0"),
            "max_exclusive": Decimal("1000000000000"),
            "total_digits": 15,
            "fraction_digits": 3,
        },
    )
    point: list[Point] = field(
        default_factory=list,
        metadata={
            "name": "Point",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:measure:notifyvalidatedmeasuredata:0:2",
            "max_occurs": 9999,
        },
    )


@dataclass(kw_only=True)
class Series:
    m_rid: str = field(
        metadata={
            "name": "mRID",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:measure:notifyvalidatedmeasuredata:0:2",
            "pattern": r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}",
        }
    )
    original_transaction_idreference_series_m_rid: None | str = field(
        default=None,
        metadata={
            "name": "originalTransactionIDReference_Series.mRID",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:measure:notifyvalidatedmeasuredata:0:2",
            "pattern": r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}",
        },
    )
    market_evaluation_point_m_rid: None | MeasurementPointIdString = field(
        default=None,
        metadata={
            "name": "marketEvaluationPoint.mRID",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:measure:notifyvalidatedmeasuredata:0:2",
        },
    )
    market_evaluation_point_type: None | MeteringPointTypeList = field(
        default=None,
        metadata={
            "name": "marketEvaluationPoint.type",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:measure:notifyvalidatedmeasuredata:0:2",
        },
    )
    registration_date_and_or_time_date_time: str = field(
        metadata={
            "name": "registration_DateAndOrTime.dateTime",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:measure:notifyvalidatedmeasuredata:0:2",
            "pattern": r"[1-9][0-9]{3}-.+T[^.Z+]+(\.[0-9]{1,9})?Z",
        }
    )
    in_domain_m_rid: None | AreaIdString = field(
        default=None,
        metadata={
            "name": "in_Domain.mRID",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:measure:notifyvalidatedmeasuredata:0:2",
        },
    )
    out_domain_m_rid: None | AreaIdString = field(
        default=None,
        metadata={
            "name": "out_Domain.mRID",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:measure:notifyvalidatedmeasuredata:0:2",
        },
    )
    product: str = field(
        metadata={
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:measure:notifyvalidatedmeasuredata:0:2",
            "pattern": r"[0-9]{13}",
        }
    )
    quantity_measure_unit_name: UnitOfMeasureTypeList = field(
        metadata={
            "name": "quantity_Measure_Unit.name",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:measure:notifyvalidatedmeasuredata:0:2",
        }
    )
    period: SeriesPeriod = field(
        metadata={
            "name": "Period",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:measure:notifyvalidatedmeasuredata:0:2",
        }
    )
    insert_date_and_or_time_date_time: None | str = field(
        default=None,
        metadata={
            "name": "insert_DateAndOrTime.dateTime",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:measure:notifyvalidatedmeasuredata:0:2",
            "pattern": r"[1-9][0-9]{3}-.+T[^.Z+]+(\.[0-9]{1,9})?Z",
        },
    )
    flow_direction_direction: DirectionTypeList = field(
        metadata={
            "name": "flowDirection.direction",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:measure:notifyvalidatedmeasuredata:0:2",
        }
    )
    business_type: None | LocalBusinessType = field(
        default=None,
        metadata={
            "name": "businessType",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:measure:notifyvalidatedmeasuredata:0:2",
        },
    )
    metering_grid_area_domain_m_rid: None | AreaIdString = field(
        default=None,
        metadata={
            "name": "meteringGridArea_Domain.mRID",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:measure:notifyvalidatedmeasuredata:0:2",
        },
    )
    balance_responsible_party_market_participant_m_rid: None | PartyIdString = field(
        default=None,
        metadata={
            "name": "balanceResponsibleParty_MarketParticipant.mRID",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:measure:notifyvalidatedmeasuredata:0:2",
        },
    )
    energy_supplier_market_participant_m_rid: None | PartyIdString = field(
        default=None,
        metadata={
            "name": "energySupplier_MarketParticipant.mRID",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:measure:notifyvalidatedmeasuredata:0:2",
        },
    )
    profiled_quantity_quantity: None | Decimal = field(
        default=None,
        metadata={
            "name": "profiled_Quantity.quantity",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:measure:notifyvalidatedmeasuredata:0:2",
            "min_exclusive": Decimal("-1000000000000"),
            "max_exclusive": Decimal("1000000000000"),
            "total_digits": 15,
            "fraction_digits": 3,
        },
    )
    profiled_quantity_type: None | LocalProfiledQuantityKindType = field(
        default=None,
        metadata={
            "name": "profiled_Quantity.type",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:measure:notifyvalidatedmeasuredata:0:2",
        },
    )
    profiled_quantity_meter_read_reason: None | LocalMeterReadReasonType = field(
        default=None,
        metadata={
            "name": "profiled_Quantity.meterReadReason",
            "type": "Element",
            "namespace": "urn:x-elhub-cim:profile:measure:notifyvalidatedmeasuredata:0:2",
        },
    )


@dataclass(kw_only=True)
class NotifyValidatedMeasureDataMarketDocument:
    class Meta:
        name = "NotifyValidatedMeasureData_MarketDocument"
        namespace = "urn:x-elhub-cim:profile:measure:notifyvalidatedmeasuredata:0:2"

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
