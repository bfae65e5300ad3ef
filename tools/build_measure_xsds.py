"""Write the profile XSDs of the metering (measure) documents from one definition.

    python tools/build_measure_xsds.py           # rewrite schemas/cim/elhub-profile-0.2/<doc>.xsd
    python tools/build_measure_xsds.py --check   # exit 1 when a committed file differs

Why generated: every measure document carries the Nordic ``Series`` / ``Period`` / ``Point``
shape (NotifyValidatedMeasureData, 2025), and the complex types cannot be shared between
documents (each document has its own namespace and ``elementFormDefault="qualified"``; xsdata
turns a chameleon-included complex type into ``str``). The shape is written once here
(:data:`PERIOD`, :data:`POINT`), and each document lists its own series elements. A document of
another helper (503) adds a :class:`Document` to :data:`DOCUMENTS`.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parents[1]
FOLDER = ROOT / "schemas" / "cim" / "elhub-profile-0.2"

NORDIC = "Nordic element"
UNUSED = "Nordic element, not used by Elhub in this document (must be absent)"
ADDITION = "Norwegian addition (proposal)"


@dataclass(frozen=True)
class El:
    """One element: name, type, cardinality, what it is and which EMIF field it carries."""

    name: str
    type: str
    min: int
    max: str
    kind: str
    emif: str
    nordic_card: str = ""  # the Nordic cardinality when the profile's differs

    def xml(self, indent: str) -> str:
        note = self.kind
        if self.nordic_card:
            note += f" (Nordic cardinality {self.nordic_card})"
        note += f". EMIF: {self.emif}" if self.emif else "."
        if not note.endswith("."):
            note += "."
        return (
            f'{indent}<xs:element name="{self.name}" type="{self.type}" minOccurs="{self.min}" '
            f'maxOccurs="{self.max}">\n'
            f"{indent}  <xs:annotation>\n"
            f'{indent}    <xs:documentation xml:lang="en">{escape(note)}</xs:documentation>\n'
            f"{indent}  </xs:annotation>\n"
            f"{indent}</xs:element>\n"
        )


def header(
    series_max: str,
    series_emif: str,
    additions: tuple[El, ...] = (),
    series_card: str = "0..unbounded",
) -> list[El]:
    """The ESMP header of a measure document (as every profile 0.2 document), with the
    document's own Norwegian additions before its Series."""
    return [
        El("mRID", "cim:UUID_String", 1, "1", NORDIC, "Header/Identification."),
        El(
            "type",
            "cim:DocumentKind_String",
            1,
            "1",
            NORDIC + ", one value for this document",
            "Header/DocumentType follows from the EMIF message (the mapping names its code).",
        ),
        El(
            "process.processType",
            "cim:ProcessKind_String",
            1,
            "1",
            NORDIC,
            "ProcessEnergyContext/EnergyBusinessProcess (the BRS) as a Norwegian local process "
            "code; only the processes that use this document.",
        ),
        El(
            "businessSector.type",
            "cim:BusinessSectorKind_String",
            1,
            "1",
            NORDIC,
            "ProcessEnergyContext/EnergyIndustryClassification.",
            "0..1",
        ),
        El(
            "sender_MarketParticipant.mRID",
            "cim:PartyID_String",
            1,
            "1",
            NORDIC,
            "Header/JuridicalSenderEnergyParty/Identification (scheme agency 9).",
        ),
        El(
            "sender_MarketParticipant.marketRole.type",
            "cim:MarketRoleKind_String",
            1,
            "1",
            NORDIC,
            "ProcessEnergyContext/EnergyBusinessProcessRole when the market party sends; DDZ "
            "when Elhub sends.",
        ),
        El(
            "receiver_MarketParticipant.mRID",
            "cim:PartyID_String",
            1,
            "1",
            NORDIC,
            "Header/JuridicalRecipientEnergyParty/Identification (scheme agency 9).",
        ),
        El(
            "receiver_MarketParticipant.marketRole.type",
            "cim:MarketRoleKind_String",
            1,
            "1",
            NORDIC,
            "ProcessEnergyContext/EnergyBusinessProcessRole when Elhub sends; DDZ when the "
            "market party sends.",
        ),
        El("createdDateTime", "cim:DateTime9_Type", 1, "1", NORDIC, "Header/Creation."),
        El(
            "physicalSender_MarketParticipant.mRID",
            "cim:PartyID_String",
            0,
            "1",
            ADDITION,
            "Header/PhysicalSenderEnergyParty/Identification (absent = same as "
            "sender_MarketParticipant.mRID).",
        ),
        El(
            "positiveAcknowledgementRequested",
            "cim:Boolean_Type",
            0,
            "1",
            ADDITION,
            "Header/RequestPositiveAcknowledgement.",
        ),
        *additions,
        El("Series", "cim:Series", 1, series_max, NORDIC, series_emif, series_card),
    ]


#: The Nordic Period, with EMIF's cardinalities (ObservationPeriodTimeSeriesPeriod: every part
#: optional) and the Norwegian meter readings of a profiled series.
PERIOD = [
    El(
        "resolution",
        "cim:Resolution_Duration",
        0,
        "1",
        NORDIC,
        "ObservationPeriodTimeSeriesPeriod/ResolutionDuration (ISO 8601 duration; PT60M is "
        "written PT1H in EMIF terms and is not a profile value).",
        "1..1",
    ),
    El(
        "timeInterval",
        "cim:ESMP_DateTimeInterval",
        0,
        "1",
        NORDIC,
        "ObservationPeriodTimeSeriesPeriod/Start and End.",
        "1..1",
    ),
    El(
        "start_Reading.value",
        "cim:MeterReading_Decimal",
        0,
        "1",
        ADDITION,
        "ObservationPeriodTimeSeriesPeriod/MeterReadingStart (register reading at the start).",
    ),
    El(
        "end_Reading.value",
        "cim:MeterReading_Decimal",
        0,
        "1",
        ADDITION,
        "ObservationPeriodTimeSeriesPeriod/MeterReadingEnd (register reading at the end).",
    ),
    El(
        "Point",
        "cim:Point",
        0,
        "9999",
        NORDIC,
        "Observation (one per Sequence); absent for a profiled series or an annual estimate.",
        "1..unbounded",
    ),
]

INTERVAL = [
    El("start", "cim:YMDHM_DateTime", 0, "1", NORDIC, "Start (UTC, whole minutes).", "1..1"),
    El("end", "cim:YMDHM_DateTime", 0, "1", NORDIC, "End (UTC, whole minutes).", "1..1"),
]

#: The Nordic Point; EMIF's Observation is a choice of elements (Metered, Estimated, Temporary,
#: Calculated) whose name becomes the quality code.
POINT = [
    El("position", "cim:Position_Integer", 1, "1", NORDIC, "Observation/@Sequence."),
    El(
        "quantity",
        "cim:Quantity_Decimal",
        1,
        "1",
        NORDIC,
        "the value of Observation/Metered, Estimated, Temporary or Calculated.",
        "0..1",
    ),
    El(
        "quality",
        "cim:Quality_String",
        1,
        "1",
        NORDIC,
        "which element holds the value: Metered A04, Estimated A03, Calculated A06, Temporary "
        "the local code Z01.",
        "0..1",
    ),
    El(
        "estimatedQuality",
        "cim:EstimatedQuality_String",
        0,
        "1",
        ADDITION,
        "Observation/Estimated/@Quality (Elhub's code, verbatim).",
    ),
    El(
        "validationCode",
        "cim:ValidationCode_String",
        0,
        "1",
        ADDITION,
        "Observation/Estimated/@ValidationCode or Observation/Temporary/@ValidationCode.",
    ),
    El(
        "estimationCode",
        "cim:EstimationCode_String",
        0,
        "1",
        ADDITION,
        "Observation/Estimated/@EstimationCode or Observation/Temporary/@EstimationCode.",
    ),
    El(
        "imbalanceSettlement",
        "cim:Boolean_Type",
        0,
        "1",
        ADDITION,
        "Observation/Calculated/@ImbalanceSettlement.",
    ),
]


@dataclass(frozen=True)
class Document:
    file: str
    root: str
    group: str  # namespace group: structure, measure, ...
    carries: str
    based_on: str
    document_type: str
    processes: tuple[str, ...]
    series: list[El]
    series_max: str = "9999"
    series_emif: str = "PayloadEnergyTimeSeries (one Series per payload)."
    extra_types: str = ""
    types: list[str] = field(default_factory=list)
    period: list[El] | None = None  # the document's own Series_Period (default PERIOD)
    point: list[El] | None = None  # the document's own Point (default POINT)
    timeseries: bool = True  # False: a Series without Period and Point (a request)
    additions: tuple[El, ...] = ()  # Norwegian additions of the document, before Series
    series_nordic_card: str = "0..unbounded"

    @property
    def namespace(self) -> str:
        return f"urn:x-elhub-cim:profile:{self.group}:{self.root.split('_')[0].lower()}:0:2"


def _sequence(name: str, elements: list[El]) -> str:
    body = "".join(e.xml("      ") for e in elements)
    return (
        f'  <xs:complexType name="{name}">\n    <xs:sequence>\n{body}    </xs:sequence>\n'
        "  </xs:complexType>\n"
    )


def _simple(name: str, base: str, doc: str = "", facets: str = "") -> str:
    annotation = (
        f'    <xs:annotation>\n      <xs:documentation xml:lang="en">{escape(doc)}'
        "</xs:documentation>\n    </xs:annotation>\n"
        if doc
        else ""
    )
    if facets:
        return (
            f'  <xs:simpleType name="{name}">\n{annotation}    <xs:restriction base="{base}">\n'
            f"{facets}    </xs:restriction>\n  </xs:simpleType>\n"
        )
    return (
        f'  <xs:simpleType name="{name}">\n{annotation}    <xs:restriction base="{base}"/>\n'
        "  </xs:simpleType>\n"
    )


def _id_type(name: str, base: str, scheme: str) -> str:
    return (
        f'  <xs:complexType name="{name}">\n    <xs:simpleContent>\n'
        f'      <xs:extension base="cim:{base}">\n'
        f'        <xs:attribute name="codingScheme" type="cim:{scheme}" use="required"/>\n'
        "      </xs:extension>\n    </xs:simpleContent>\n  </xs:complexType>\n"
    )


def _enumeration(values: tuple[str, ...]) -> str:
    return "".join(f'      <xs:enumeration value="{v}"/>\n' for v in values)


COMMON_TYPES = (
    _id_type("MeasurementPointID_String", "MeasurementPointID_String-base", "GS1_CodingScheme")
    + _id_type("PartyID_String", "PartyID_String-base", "GS1_CodingScheme")
    + _simple(
        "Boolean_Type",
        "xs:boolean",
        "true or false (no 1/0, as in EMIF).",
        '      <xs:pattern value="true|false"/>\n',
    )
    + _simple("BusinessSectorKind_String", "cl:BusinessSectorTypeList")
    + _simple(
        "DateTime9_Type",
        "xs:dateTime",
        "Date and time in UTC (Z), whole seconds unless the value needs more (at most 9 decimals).",
        '      <xs:pattern value="[1-9][0-9]{3}-.+T[^.Z+]+(\\.[0-9]{1,9})?Z"/>\n',
    )
    + _simple("DirectionKind_String", "cl:DirectionTypeList")
    + _simple(
        "EnergyProduct_String",
        "xs:string",
        "Energy product (GS1 or Elhub code, 13 digits), as EMIF Elhub_ProductIdentifierCode.",
        '      <xs:pattern value="[0-9]{13}"/>\n',
    )
    + _simple("EstimatedQuality_String", "cl:EstimatedQualityList")
    + _simple("EstimationCode_String", "cl:EstimationCodeList")
    + _simple(
        "GS1_CodingScheme",
        "cl:CodingSchemeTypeList",
        "GS1 (GLN, GSRN).",
        '      <xs:enumeration value="A10"/>\n',
    )
    + _simple("MarketRoleKind_String", "cl:RoleTypeList")
    + _simple("MeasurementUnitKind_String", "cl:UnitOfMeasureTypeList")
    + _simple(
        "MeasurementPointID_String-base",
        "xs:string",
        "GSRN, 18 digits.",
        '      <xs:maxLength value="35"/>\n      <xs:pattern value="[0-9]{18}"/>\n',
    )
    + _simple(
        "MeterReading_Decimal",
        "xs:decimal",
        "A register reading: at most 3 decimals, 15 digits, from 0 (EMIF decimal153).",
        '      <xs:fractionDigits value="3"/>\n      <xs:totalDigits value="15"/>\n'
        '      <xs:minInclusive value="0"/>\n      <xs:maxExclusive value="1000000000000"/>\n',
    )
    + _simple(
        "PartyID_String-base",
        "xs:string",
        "GLN (EMIF String13).",
        '      <xs:minLength value="1"/>\n      <xs:maxLength value="13"/>\n',
    )
    + _simple(
        "Position_Integer",
        "xs:integer",
        "Position of a point, from 1 (EMIF Sequence; at most 9999 points in a series).",
        '      <xs:minInclusive value="1"/>\n      <xs:maxInclusive value="9999"/>\n',
    )
    + _simple("Quality_String", "cl:QualityTypeList")
    + _simple(
        "Quantity_Decimal",
        "xs:decimal",
        "A quantity: at most 3 decimals and 15 digits, above -10^12 and below 10^12 (EMIF "
        "decimal153 and decimal153Negative; only calculated values may be negative).",
        '      <xs:fractionDigits value="3"/>\n      <xs:totalDigits value="15"/>\n'
        '      <xs:minExclusive value="-1000000000000"/>\n'
        '      <xs:maxExclusive value="1000000000000"/>\n',
    )
    + _simple("Resolution_Duration", "cl:ResolutionTypeList")
    + _simple(
        "UUID_String",
        "xs:string",
        "UUID, either case accepted; elhub-cim writes lower case.",
        '      <xs:pattern value="[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-'
        '[0-9a-fA-F]{12}"/>\n',
    )
    + _simple("ValidationCode_String", "cl:ValidationCodeList")
    + _simple(
        "YMDHM_DateTime",
        "xs:string",
        "ESMP date and time in UTC to the minute (YYYY-MM-DDThh:mmZ), as the Nordic documents "
        "write period boundaries.",
        '      <xs:pattern value="[1-9][0-9]{3}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T'
        '([01][0-9]|2[0-3]):[0-5][0-9]Z"/>\n',
    )
)

INTERVAL_TYPE = _sequence("ESMP_DateTimeInterval", INTERVAL)

COLLECTED_SERIES = [
    El("mRID", "cim:UUID_String", 1, "1", NORDIC, "PayloadEnergyTimeSeries/Identification."),
    El(
        "originalTransactionIDReference_Series.mRID",
        "cim:UUID_String",
        0,
        "1",
        UNUSED,
        "",
    ),
    El(
        "marketEvaluationPoint.mRID",
        "cim:MeasurementPointID_String",
        1,
        "1",
        NORDIC,
        "MeteringPointUsedDomainLocation/Identification (GSRN).",
    ),
    El(
        "marketEvaluationPoint.type",
        "cim:MarketEvaluationPointKind_String",
        0,
        "1",
        UNUSED,
        "none: EMIF does not say the metering point's type here; the Nordic projection "
        "writes E17/E18 from flowDirection.direction.",
        "1..1",
    ),
    El(
        "registration_DateAndOrTime.dateTime",
        "cim:DateTime9_Type",
        1,
        "1",
        NORDIC,
        "PayloadEnergyTimeSeries/RegistrationDateTime.",
    ),
    El("in_Domain.mRID", "cim:AreaID_String", 0, "1", UNUSED, ""),
    El("out_Domain.mRID", "cim:AreaID_String", 0, "1", UNUSED, ""),
    El(
        "product",
        "cim:EnergyProduct_String",
        0,
        "1",
        NORDIC,
        "ProductIncludedProductCharacteristics/Identification.",
    ),
    El(
        "quantity_Measure_Unit.name",
        "cim:MeasurementUnitKind_String",
        0,
        "1",
        NORDIC,
        "ProductIncludedProductCharacteristics/UnitType (kWh KWH, kvarh K3).",
        "1..1",
    ),
    El(
        "flowDirection.direction",
        "cim:DirectionKind_String",
        0,
        "1",
        ADDITION + " (ESMP TimeSeries attribute)",
        "MPDetailMeasurementMeteringPointCharacteristic/Direction (In A01, Out A02).",
    ),
    El(
        "Period",
        "cim:Series_Period",
        0,
        "1",
        NORDIC,
        "ObservationPeriodTimeSeriesPeriod and the Observations.",
        "1..1",
    ),
    El(
        "profiled_Quantity.quantity",
        "cim:Quantity_Decimal",
        0,
        "1",
        ADDITION,
        "ProfiledObservation/Metered, Stipulated or MeterIndex (the value).",
    ),
    El(
        "profiled_Quantity.type",
        "cim:ProfiledQuantityKind_String",
        0,
        "1",
        ADDITION,
        "which element of ProfiledObservation is there (Metered, Stipulated, Withdrawn, "
        "MeterIndex: Elhub's names).",
    ),
    El(
        "profiled_Quantity.meterReadReason",
        "cim:MeterReadReason_String",
        0,
        "1",
        ADDITION,
        "ProfiledObservation/*/@MeterReadReasonCode.",
    ),
    El(
        "estimatedAnnual_Quantity.quantity",
        "cim:AnnualQuantity_Integer",
        0,
        "1",
        ADDITION,
        "AnnualPeriodEstimatedMetrics/Total (kWh per year).",
    ),
]

COLLECTED_TYPES = (
    _simple(
        "AnnualQuantity_Integer",
        "xs:long",
        "Whole kWh per year, 0 to 999999999999 (EMIF long12).",
        '      <xs:minInclusive value="0"/>\n      <xs:maxInclusive value="999999999999"/>\n',
    )
    + _simple(
        "AreaID_String",
        "xs:string",
        "EIC of a grid area (unused here; kept for the Nordic superset).",
        '      <xs:maxLength value="18"/>\n',
    )
    + _simple("MarketEvaluationPointKind_String", "cl:MeteringPointTypeList")
    + _simple("MeterReadReason_String", "cl:MeterReadReasonList")
    + _simple("ProfiledQuantityKind_String", "cl:ProfiledQuantityKindList")
)

DOCUMENTS = [
    Document(
        file="notify_collected_measure_data.xsd",
        root="NotifyCollectedMeasureData_MarketDocument",
        group="measure",
        carries="CollectedData",
        based_on="Norwegian document built on NotifyValidatedMeasureData_MarketDocument "
        "(urn:ediel.org:measure:notifyvalidatedmeasuredata:0:1): its Series, Period and Point "
        "with the same names, order and meaning; the Nordic projection writes it as that "
        "document",
        document_type="E66",
        processes=("NO311", "NO312", "NO313", "NO332"),
        series=COLLECTED_SERIES,
        extra_types=COLLECTED_TYPES,
    ),
]


# --- BRS-NO-503 reconciliation (h16query): on the Nordic NotifyWholesaleServices (2025) ---
WHOLESALE_SERIES = [
    El("mRID", "cim:UUID_String", 1, "1", NORDIC, "PayloadEnergyTimeSeries/Identification."),
    El("version", "cim:String35", 0, "1", UNUSED, ""),
    El("settlement_Series.version", "cim:String35", 0, "1", UNUSED, ""),
    El(
        "originalTransactionIDReference_Series.mRID",
        "cim:UUID_String",
        0,
        "1",
        NORDIC,
        "RequestReference (the request this answers).",
    ),
    El("marketEvaluationPoint.type", "cim:String35", 0, "1", UNUSED, ""),
    El(
        "marketEvaluationPoint.settlementMethod",
        "cim:SettlementMethodKind_String",
        0,
        "1",
        NORDIC,
        "MPDetailMeasurementMeteringPointCharacteristic/SettlementMethodType (E01, E02, Z01).",
    ),
    El("asset_MktPSRType.psrType", "cim:String35", 0, "1", UNUSED, ""),
    El("registration_DateAndOrTime.dateTime", "cim:DateTime3_Type", 0, "1", UNUSED, ""),
    El("chargeType.mRID", "cim:String35", 0, "1", UNUSED, ""),
    El("chargeType.type", "cim:String35", 0, "1", UNUSED, ""),
    El(
        "chargeType.chargeTypeOwner_MarketParticipant.mRID",
        "cim:PartyID_String",
        0,
        "1",
        UNUSED,
        "",
    ),
    El("biddingZone_Domain.mRID", "cim:AreaID_String", 0, "1", UNUSED, ""),
    El(
        "meteringGridArea_Domain.mRID",
        "cim:AreaID_String",
        1,
        "1",
        NORDIC,
        "MeteringGridAreaUsedDomainLocation/Identification (EIC, scheme agency 305 = A01).",
        "0..1",
    ),
    El(
        "energySupplier_MarketParticipant.mRID",
        "cim:PartyID_String",
        1,
        "1",
        NORDIC,
        "BalanceSupplierInvolvedEnergyParty/Identification (GLN).",
    ),
    El(
        "product",
        "cim:EnergyProduct_String",
        1,
        "1",
        NORDIC,
        "ProductIncludedProductCharacteristics/Identification.",
        "0..1",
    ),
    El(
        "quantity_Measure_Unit.name",
        "cim:MeasurementUnitKind_String",
        1,
        "1",
        NORDIC,
        "ProductIncludedProductCharacteristics/UnitType (kWh KWH, kvarh K3).",
    ),
    El("price_Measure_Unit.name", "cim:MeasurementUnitKind_String", 0, "1", UNUSED, ""),
    El("currency_Unit.name", "cim:CurrencyCode_String", 1, "1", NORDIC, "Currency.", "0..1"),
    El("Period", "cim:Series_Period", 1, "1", NORDIC, "ObservationPeriodTimeSeriesPeriod."),
    El(
        "reconciliation_DateAndOrTime.dateTime",
        "cim:DateTime3_Type",
        1,
        "1",
        ADDITION,
        "ReconciliationDate (when the reconciliation was made).",
    ),
    El(
        "flowDirection.direction",
        "cim:DirectionKind_String",
        1,
        "1",
        ADDITION,
        "MPDetailMeasurementMeteringPointCharacteristic/Direction (In A01, Out A02).",
    ),
    El(
        "businessType",
        "cim:BusinessKind_String",
        0,
        "1",
        ADDITION,
        "MPDetailMeasurementMeteringPointCharacteristic/BusinessType (Elhub's code, local "
        "LocalBusinessType).",
    ),
]
WHOLESALE_PERIOD = [
    El(
        "resolution",
        "cim:Resolution_Duration",
        1,
        "1",
        NORDIC,
        "ObservationPeriodTimeSeriesPeriod/ResolutionDuration (ISO 8601; PT60M is not a profile "
        "value).",
    ),
    El(
        "timeInterval",
        "cim:ESMP_DateTimeInterval",
        1,
        "1",
        NORDIC,
        "ObservationPeriodTimeSeriesPeriod/Start and End.",
    ),
    El("Point", "cim:Point", 1, "9999", NORDIC, "Observation (one per Sequence).", "0..unbounded"),
]
WHOLESALE_POINT = [
    El("position", "cim:Position_Integer", 1, "1", NORDIC, "Observation/@Sequence."),
    El(
        "energy_Quantity.quantity",
        "cim:Quantity_Decimal",
        1,
        "1",
        NORDIC,
        "Observation/BalanceVolume (may be negative).",
        "0..1",
    ),
    El("price.amount", "cim:Amount_Decimal", 0, "1", UNUSED, ""),
    El(
        "energySum_Quantity.quantity",
        "cim:Amount_Decimal",
        1,
        "1",
        NORDIC + " (the amount, as DataHub 3 writes it)",
        "Observation/BalanceAmount (may be negative).",
        "0..1",
    ),
    El("quality", "cim:Quality_String", 0, "1", UNUSED, ""),
]
WHOLESALE_TYPES = (
    _id_type("AreaID_String", "AreaID_String-base", "EIC_CodingScheme")
    + _simple(
        "Amount_Decimal",
        "xs:decimal",
        "An amount: at most 2 decimals and 12 digits, may be negative (EMIF decimal122Negative).",
        '      <xs:fractionDigits value="2"/>\n      <xs:totalDigits value="12"/>\n',
    )
    + _simple(
        "AreaID_String-base",
        "xs:string",
        "EIC of a metering grid area.",
        '      <xs:minLength value="1"/>\n      <xs:maxLength value="16"/>\n',
    )
    + _simple("BusinessKind_String", "cl:LocalBusinessType")
    + _simple(
        "CurrencyCode_String",
        "xs:NMTOKEN",
        "ISO 4217 currency (ENTSO-E currency list), the codes EMIF accepts.",
        _enumeration(("DKK", "EUR", "NOK", "SEK")),
    )
    + _simple(
        "DateTime3_Type",
        "xs:dateTime",
        "Date and time in UTC (Z), whole seconds unless the value needs more (at most 3 decimals).",
        '      <xs:pattern value="[1-9][0-9]{3}-.+T[^.Z+]+(\\.[0-9]{1,3})?Z"/>\n',
    )
    + _simple(
        "EIC_CodingScheme",
        "cl:CodingSchemeTypeList",
        "EIC.",
        '      <xs:enumeration value="A01"/>\n',
    )
    + _simple("SettlementMethodKind_String", "cl:SettlementMethodTypeList")
    + _simple(
        "String35",
        "xs:string",
        "",
        '      <xs:minLength value="1"/>\n      <xs:maxLength value="35"/>\n',
    )
)
DOCUMENTS.append(
    Document(
        file="notify_wholesale_services.xsd",
        root="NotifyWholesaleServices_MarketDocument",
        group="measure",
        carries="PriceVolumeCombinationForReconciliation",
        based_on="Nordic NotifyWholesaleServices_MarketDocument "
        "(urn:ediel.org:measure:notifywholesaleservices:0:1): its Series, Period and Point carry "
        "the volumes and amounts per interval",
        document_type="E31",
        processes=("NO503",),
        series=WHOLESALE_SERIES,
        extra_types=WHOLESALE_TYPES,
        period=WHOLESALE_PERIOD,
        point=WHOLESALE_POINT,
    )
)


# --- BRS-NO-314 request for metered values (h16bill): on the Nordic RequestValidatedMeasureData ---
REQUEST_SERIES = [
    El(
        "mRID",
        "cim:UUID_String",
        1,
        "1",
        NORDIC,
        "none (EMIF has no id per Reminder): UUID v5 of the document mRID and the position (R2).",
    ),
    El(
        "start_DateAndOrTime.dateTime",
        "cim:DateTime3_Type",
        1,
        "1",
        NORDIC,
        "Reminder/Period/Start.",
        "0..1",
    ),
    El(
        "end_DateAndOrTime.dateTime",
        "cim:DateTime3_Type",
        1,
        "1",
        NORDIC,
        "Reminder/Period/End.",
        "0..1",
    ),
    El(
        "marketEvaluationPoint.mRID",
        "cim:MeasurementPointID_String",
        1,
        "1",
        NORDIC,
        "Reminder/MeteringPointUsedDomainLocation/Identification (GSRN, scheme agency 9 = A10).",
    ),
]
REQUEST_TYPES = _simple(
    "DateTime3_Type",
    "xs:dateTime",
    "Date and time in UTC (Z), whole seconds unless the value needs more (at most 3 decimals).",
    '      <xs:pattern value="[1-9][0-9]{3}-.+T[^.Z+]+(\\.[0-9]{1,3})?Z"/>\n',
) + _simple("ReminderKind_String", "cl:LocalReminderType")
DOCUMENTS.append(
    Document(
        file="request_validated_measure_data.xsd",
        root="RequestValidatedMeasureData_MarketDocument",
        group="measure",
        carries="RequestCollectedData",
        based_on="Nordic RequestValidatedMeasureData_MarketDocument "
        "(urn:ediel.org:measure:requestvalidatedmeasuredata:0:1): one Series per metering point "
        "and period asked for; what kind of values is a Norwegian addition",
        document_type="E73",
        processes=("NO314",),
        series=REQUEST_SERIES,
        series_emif="PayloadMeasuredDataRequest/Reminder (one Series per Reminder).",
        series_nordic_card="1..unbounded",
        extra_types=REQUEST_TYPES,
        timeseries=False,
        additions=(
            El(
                "reminderType",
                "cim:ReminderKind_String",
                1,
                "1",
                ADDITION + ": what kind of values, a local code (LocalReminderType)",
                "PayloadMeasuredDataRequest/ReminderType (EAC, IV, MI, PV: Elhub's codes).",
            ),
        ),
    )
)


# --- BRS-NO-313/324 validated data for billing (h16bill): the Nordic NotifyValidatedMeasureData ---
BILLING_SERIES = [
    El("mRID", "cim:UUID_String", 1, "1", NORDIC, "PayloadEnergyTimeSeries/Identification."),
    El(
        "originalTransactionIDReference_Series.mRID",
        "cim:UUID_String",
        0,
        "1",
        NORDIC,
        "RequestReference (the request these values answer).",
    ),
    El(
        "marketEvaluationPoint.mRID",
        "cim:MeasurementPointID_String",
        0,
        "1",
        NORDIC,
        "MeteringPointUsedDomainLocation/Identification (GSRN; EMIF 0..1).",
        "1..1",
    ),
    El(
        "marketEvaluationPoint.type",
        "cim:MarketEvaluationPointKind_String",
        0,
        "1",
        UNUSED,
        "none: EMIF does not say the metering point's type here; the Nordic projection "
        "writes E17/E18 from flowDirection.direction.",
        "1..1",
    ),
    El(
        "registration_DateAndOrTime.dateTime",
        "cim:DateTime9_Type",
        1,
        "1",
        NORDIC,
        "PayloadEnergyTimeSeries/RegistrationDateTime.",
    ),
    El("in_Domain.mRID", "cim:AreaID_String", 0, "1", UNUSED, ""),
    El("out_Domain.mRID", "cim:AreaID_String", 0, "1", UNUSED, ""),
    El(
        "product",
        "cim:EnergyProduct_String",
        1,
        "1",
        NORDIC,
        "ProductIncludedProductCharacteristics/Identification.",
        "0..1",
    ),
    El(
        "quantity_Measure_Unit.name",
        "cim:MeasurementUnitKind_String",
        1,
        "1",
        NORDIC,
        "ProductIncludedProductCharacteristics/UnitType (kWh KWH, kvarh K3).",
    ),
    El(
        "Period",
        "cim:Series_Period",
        1,
        "1",
        NORDIC,
        "ObservationPeriodTimeSeriesPeriod and the Observations.",
    ),
    El(
        "insert_DateAndOrTime.dateTime",
        "cim:DateTime9_Type",
        0,
        "1",
        ADDITION,
        "PayloadEnergyTimeSeries/InsertDateTime (when Elhub stored the values).",
    ),
    El(
        "flowDirection.direction",
        "cim:DirectionKind_String",
        1,
        "1",
        ADDITION + " (ESMP TimeSeries attribute)",
        "MPDetailMeasurementMeteringPointCharacteristic/Direction (In A01, Out A02).",
    ),
    El(
        "businessType",
        "cim:BusinessKind_String",
        0,
        "1",
        ADDITION,
        "MPDetailMeasurementMeteringPointCharacteristic/BusinessType (Elhub's code, local "
        "LocalBusinessType).",
    ),
    El(
        "meteringGridArea_Domain.mRID",
        "cim:AreaID_String",
        0,
        "1",
        ADDITION + " (Nordic name, as in NotifyAggregatedMeasureData)",
        "MeteringGridAreaUsedDomainLocation/Identification (EIC, scheme agency 305 = A01).",
    ),
    El(
        "balanceResponsibleParty_MarketParticipant.mRID",
        "cim:PartyID_String",
        0,
        "1",
        ADDITION + " (Nordic name, as in NotifyAggregatedMeasureData)",
        "BalanceResponsibleInvolvedEnergyParty/Identification (GLN).",
    ),
    El(
        "energySupplier_MarketParticipant.mRID",
        "cim:PartyID_String",
        0,
        "1",
        ADDITION + " (Nordic name, as in NotifyAggregatedMeasureData)",
        "BalanceSupplierInvolvedEnergyParty/Identification (GLN).",
    ),
    El(
        "profiled_Quantity.quantity",
        "cim:Quantity_Decimal",
        0,
        "1",
        ADDITION,
        "ProfiledObservation/Metered, Estimated or Stipulated (the value).",
    ),
    El(
        "profiled_Quantity.type",
        "cim:ProfiledQuantityKind_String",
        0,
        "1",
        ADDITION,
        "which element of ProfiledObservation is there (Metered, Estimated, Stipulated, "
        "Withdrawn: Elhub's names).",
    ),
    El(
        "profiled_Quantity.meterReadReason",
        "cim:MeterReadReason_String",
        0,
        "1",
        ADDITION,
        "ProfiledObservation/Metered|Stipulated/@MeterReadReasonCode.",
    ),
]
BILLING_TYPES = (
    _id_type("AreaID_String", "AreaID_String-base", "EIC_CodingScheme")
    + _simple(
        "AreaID_String-base",
        "xs:string",
        "EIC of a metering grid area.",
        '      <xs:minLength value="1"/>\n      <xs:maxLength value="16"/>\n',
    )
    + _simple("BusinessKind_String", "cl:LocalBusinessType")
    + _simple(
        "EIC_CodingScheme",
        "cl:CodingSchemeTypeList",
        "EIC.",
        '      <xs:enumeration value="A01"/>\n',
    )
    + _simple("MarketEvaluationPointKind_String", "cl:MeteringPointTypeList")
    + _simple("MeterReadReason_String", "cl:MeterReadReasonList")
    + _simple("ProfiledQuantityKind_String", "cl:ProfiledQuantityKindList")
)
DOCUMENTS.append(
    Document(
        file="notify_validated_measure_data.xsd",
        root="NotifyValidatedMeasureData_MarketDocument",
        group="measure",
        carries="NotifyValidatedDataForBillingEnergy",
        based_on="Nordic NotifyValidatedMeasureData_MarketDocument "
        "(urn:ediel.org:measure:notifyvalidatedmeasuredata:0:1): its Series, Period and Point "
        "with the same names, order and meaning, as NotifyCollectedMeasureData",
        document_type="E66",
        processes=("NO313", "NO324"),
        series=BILLING_SERIES,
        extra_types=BILLING_TYPES,
    )
)


def render(document: Document) -> str:
    ns = document.namespace
    brs = ", ".join(f"BRS-NO-{p[2:]}" for p in document.processes)
    intro = (
        f"Elhub CIM profile 0.2: {document.root}. Carries: EMIF {document.carries}; processes: "
        f"{brs}.\n      Based on: {document.based_on}. Shared elements keep the Nordic names, "
        "order and meaning; Norwegian additions are marked as proposals.\n      Written by the "
        "elhub-cim project (generated by tools/build_measure_xsds.py); see docs/cim-profile.md."
    )
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>\n',
        f'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:cim="{ns}" '
        f'xmlns:cl="urn:x-elhub-cim:codelists:0:2" targetNamespace="{ns}" '
        'elementFormDefault="qualified" attributeFormDefault="unqualified" version="0.2">\n',
        f'  <xs:annotation>\n    <xs:documentation xml:lang="en">{escape(intro)}'
        "</xs:documentation>\n  </xs:annotation>\n",
        '  <xs:import namespace="urn:x-elhub-cim:codelists:0:2" schemaLocation="codelists.xsd"/>\n',
        f'  <xs:element name="{document.root}" type="cim:{document.root}"/>\n',
        _sequence(
            document.root,
            header(
                document.series_max,
                document.series_emif,
                document.additions,
                document.series_nordic_card,
            ),
        ),
        _sequence("Series", document.series),
        *(
            (
                _sequence("Series_Period", document.period or PERIOD),
                INTERVAL_TYPE,
                _sequence("Point", document.point or POINT),
            )
            if document.timeseries
            else ()
        ),
        COMMON_TYPES,
        document.extra_types,
        _simple(
            "ProcessKind_String",
            "cl:LocalProcessType",
            f"The Norwegian processes that use {document.root}.",
            _enumeration(document.processes),
        ),
        _simple(
            "DocumentKind_String",
            "cl:MessageTypeList",
            f"The one document type of {document.root}.",
            _enumeration((document.document_type,)),
        ),
        "</xs:schema>\n",
    ]
    return "".join(parts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report stale files")
    args = parser.parse_args(argv)
    stale = 0
    for document in DOCUMENTS:
        path = FOLDER / document.file
        text = render(document)
        if args.check:
            if not path.is_file() or path.read_text(encoding="utf-8") != text:
                print(f"stale: {path.relative_to(ROOT)}")
                stale += 1
            continue
        path.write_text(text, encoding="utf-8")
        print(f"written: {path.relative_to(ROOT)}")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
