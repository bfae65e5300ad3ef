from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum

__NAMESPACE__ = "urn:no:elhub:emif:common:BusinessDataType:v2"


class AcknowledgementStatus(Enum):
    VALUE_39 = "39"
    VALUE_41 = "41"


class AddDeleteUpdate(Enum):
    ADD = "Add"
    DELETE = "Delete"
    UPDATE = "Update"


class AddressTypeType(Enum):
    INVOICEADR = "invoiceadr"
    POSTALADR = "postaladr"


class Brsidentification(Enum):
    BRS_NO_101 = "BRS-NO-101"
    BRS_NO_102 = "BRS-NO-102"
    BRS_NO_103 = "BRS-NO-103"
    BRS_NO_104 = "BRS-NO-104"
    BRS_NO_111 = "BRS-NO-111"
    BRS_NO_121 = "BRS-NO-121"
    BRS_NO_122 = "BRS-NO-122"
    BRS_NO_123 = "BRS-NO-123"
    BRS_NO_131 = "BRS-NO-131"
    BRS_NO_132 = "BRS-NO-132"
    BRS_NO_133 = "BRS-NO-133"
    BRS_NO_201 = "BRS-NO-201"
    BRS_NO_202 = "BRS-NO-202"
    BRS_NO_211 = "BRS-NO-211"
    BRS_NO_212 = "BRS-NO-212"
    BRS_NO_213 = "BRS-NO-213"
    BRS_NO_214 = "BRS-NO-214"
    BRS_NO_221 = "BRS-NO-221"
    BRS_NO_222 = "BRS-NO-222"
    BRS_NO_223 = "BRS-NO-223"
    BRS_NO_224 = "BRS-NO-224"
    BRS_NO_301 = "BRS-NO-301"
    BRS_NO_302 = "BRS-NO-302"
    BRS_NO_303 = "BRS-NO-303"
    BRS_NO_305 = "BRS-NO-305"
    BRS_NO_306 = "BRS-NO-306"
    BRS_NO_311 = "BRS-NO-311"
    BRS_NO_312 = "BRS-NO-312"
    BRS_NO_313 = "BRS-NO-313"
    BRS_NO_314 = "BRS-NO-314"
    BRS_NO_315 = "BRS-NO-315"
    BRS_NO_317 = "BRS-NO-317"
    BRS_NO_318 = "BRS-NO-318"
    BRS_NO_321 = "BRS-NO-321"
    BRS_NO_322 = "BRS-NO-322"
    BRS_NO_324 = "BRS-NO-324"
    BRS_NO_332 = "BRS-NO-332"
    BRS_NO_391 = "BRS-NO-391"
    BRS_NO_402 = "BRS-NO-402"
    BRS_NO_501 = "BRS-NO-501"
    BRS_NO_502 = "BRS-NO-502"
    BRS_NO_503 = "BRS-NO-503"
    BRS_NO_511 = "BRS-NO-511"
    BRS_NO_512 = "BRS-NO-512"
    BRS_NO_601 = "BRS-NO-601"
    BRS_NO_602 = "BRS-NO-602"
    BRS_NO_611 = "BRS-NO-611"
    BRS_NO_622 = "BRS-NO-622"
    BRS_NO_623 = "BRS-NO-623"
    BRS_NO_701 = "BRS-NO-701"
    POLL = "POLL"


class BusinessTypeCode(Enum):
    HP01 = "HP01"
    HP02 = "HP02"
    HP03 = "HP03"
    HP04 = "HP04"
    LS01 = "LS01"
    LS02 = "LS02"
    LS03 = "LS03"
    LS04 = "LS04"
    LS05 = "LS05"
    LS06 = "LS06"
    LS07 = "LS07"
    LS08 = "LS08"
    MP01 = "MP01"
    MP02 = "MP02"
    RE01 = "RE01"
    RE02 = "RE02"
    RE03 = "RE03"
    RE04 = "RE04"
    SE02 = "SE02"
    SE04 = "SE04"
    SE05 = "SE05"
    SE06 = "SE06"
    SE07 = "SE07"
    SE08 = "SE08"
    SE09 = "SE09"
    SE10 = "SE10"
    SE11 = "SE11"
    SE12 = "SE12"
    SE13 = "SE13"
    SE14 = "SE14"
    SE15 = "SE15"
    SE16 = "SE16"
    SE17 = "SE17"
    SE18 = "SE18"
    SE19 = "SE19"
    SE20 = "SE20"
    SE21 = "SE21"
    SE22 = "SE22"
    SE23 = "SE23"
    SE24 = "SE24"
    SE25 = "SE25"
    SE26 = "SE26"
    SE27 = "SE27"
    SE28 = "SE28"
    SE29 = "SE29"
    SE30 = "SE30"
    SE31 = "SE31"


@dataclass(kw_only=True)
class CalculatedQuantityType:
    value: Decimal = field(
        metadata={
            "min_exclusive": Decimal("-1000000000000"),
            "max_exclusive": Decimal("1000000000000"),
            "total_digits": 15,
            "fraction_digits": 3,
        }
    )
    imbalance_settlement: None | bool = field(
        default=None,
        metadata={
            "name": "ImbalanceSettlement",
            "type": "Attribute",
        },
    )


class CalculationMethod(Enum):
    AUTOMATIC = "Automatic"
    MANUAL = "Manual"


class ChannelResolutionType(Enum):
    N = "N"
    PT15_M = "PT15M"
    PT1_H = "PT1H"
    PT5_M = "PT5M"
    PT60_M = "PT60M"


class CommunicationChannelType(Enum):
    EMAIL = "Email"
    MOBILE = "Mobile"
    PHONE = "Phone"
    TELEFAX = "Telefax"


class ConsumptionCode(Enum):
    A04 = "A04"
    A07 = "A07"
    A15 = "A15"
    B25 = "B25"
    B27 = "B27"


class CountryCode(Enum):
    AD = "AD"
    AE = "AE"
    AF = "AF"
    AG = "AG"
    AI = "AI"
    AL = "AL"
    AM = "AM"
    AO = "AO"
    AQ = "AQ"
    AR = "AR"
    AS = "AS"
    AT = "AT"
    AU = "AU"
    AW = "AW"
    AX = "AX"
    AZ = "AZ"
    BA = "BA"
    BB = "BB"
    BD = "BD"
    BE = "BE"
    BF = "BF"
    BG = "BG"
    BH = "BH"
    BI = "BI"
    BJ = "BJ"
    BL = "BL"
    BM = "BM"
    BN = "BN"
    BO = "BO"
    BQ = "BQ"
    BR = "BR"
    BS = "BS"
    BT = "BT"
    BV = "BV"
    BW = "BW"
    BY = "BY"
    BZ = "BZ"
    CA = "CA"
    CC = "CC"
    CD = "CD"
    CF = "CF"
    CG = "CG"
    CH = "CH"
    CI = "CI"
    CK = "CK"
    CL = "CL"
    CM = "CM"
    CN = "CN"
    CO = "CO"
    CR = "CR"
    CU = "CU"
    CV = "CV"
    CW = "CW"
    CX = "CX"
    CY = "CY"
    CZ = "CZ"
    DE = "DE"
    DJ = "DJ"
    DK = "DK"
    DM = "DM"
    DO = "DO"
    DZ = "DZ"
    EC = "EC"
    EE = "EE"
    EG = "EG"
    EH = "EH"
    ER = "ER"
    ES = "ES"
    ET = "ET"
    FI = "FI"
    FJ = "FJ"
    FK = "FK"
    FM = "FM"
    FO = "FO"
    FR = "FR"
    GA = "GA"
    GB = "GB"
    GD = "GD"
    GE = "GE"
    GF = "GF"
    GG = "GG"
    GH = "GH"
    GI = "GI"
    GL = "GL"
    GM = "GM"
    GN = "GN"
    GP = "GP"
    GQ = "GQ"
    GR = "GR"
    GS = "GS"
    GT = "GT"
    GU = "GU"
    GW = "GW"
    GY = "GY"
    HK = "HK"
    HM = "HM"
    HN = "HN"
    HR = "HR"
    HT = "HT"
    HU = "HU"
    ID = "ID"
    IE = "IE"
    IL = "IL"
    IM = "IM"
    IN = "IN"
    IO = "IO"
    IQ = "IQ"
    IR = "IR"
    IS = "IS"
    IT = "IT"
    JE = "JE"
    JM = "JM"
    JO = "JO"
    JP = "JP"
    KE = "KE"
    KG = "KG"
    KH = "KH"
    KI = "KI"
    KM = "KM"
    KN = "KN"
    KP = "KP"
    KR = "KR"
    KW = "KW"
    KY = "KY"
    KZ = "KZ"
    LA = "LA"
    LB = "LB"
    LC = "LC"
    LI = "LI"
    LK = "LK"
    LR = "LR"
    LS = "LS"
    LT = "LT"
    LU = "LU"
    LV = "LV"
    LY = "LY"
    MA = "MA"
    MC = "MC"
    MD = "MD"
    ME = "ME"
    MF = "MF"
    MG = "MG"
    MH = "MH"
    MK = "MK"
    ML = "ML"
    MM = "MM"
    MN = "MN"
    MO = "MO"
    MP = "MP"
    MQ = "MQ"
    MR = "MR"
    MS = "MS"
    MT = "MT"
    MU = "MU"
    MV = "MV"
    MW = "MW"
    MX = "MX"
    MY = "MY"
    MZ = "MZ"
    NA = "NA"
    NC = "NC"
    NE = "NE"
    NF = "NF"
    NG = "NG"
    NI = "NI"
    NL = "NL"
    NO = "NO"
    NP = "NP"
    NR = "NR"
    NU = "NU"
    NZ = "NZ"
    OM = "OM"
    PA = "PA"
    PE = "PE"
    PF = "PF"
    PG = "PG"
    PH = "PH"
    PK = "PK"
    PL = "PL"
    PM = "PM"
    PN = "PN"
    PR = "PR"
    PS = "PS"
    PT = "PT"
    PW = "PW"
    PY = "PY"
    QA = "QA"
    RE = "RE"
    RO = "RO"
    RS = "RS"
    RU = "RU"
    RW = "RW"
    SA = "SA"
    SB = "SB"
    SC = "SC"
    SD = "SD"
    SE = "SE"
    SG = "SG"
    SH = "SH"
    SI = "SI"
    SJ = "SJ"
    SK = "SK"
    SL = "SL"
    SM = "SM"
    SN = "SN"
    SO = "SO"
    SR = "SR"
    SS = "SS"
    ST = "ST"
    SV = "SV"
    SX = "SX"
    SY = "SY"
    SZ = "SZ"
    TC = "TC"
    TD = "TD"
    TF = "TF"
    TG = "TG"
    TH = "TH"
    TJ = "TJ"
    TK = "TK"
    TL = "TL"
    TM = "TM"
    TN = "TN"
    TO = "TO"
    TR = "TR"
    TT = "TT"
    TV = "TV"
    TW = "TW"
    TZ = "TZ"
    UA = "UA"
    UG = "UG"
    UM = "UM"
    US = "US"
    UY = "UY"
    UZ = "UZ"
    VA = "VA"
    VC = "VC"
    VE = "VE"
    VG = "VG"
    VI = "VI"
    VN = "VN"
    VU = "VU"
    WF = "WF"
    WS = "WS"
    YE = "YE"
    YT = "YT"
    ZA = "ZA"
    ZM = "ZM"
    ZW = "ZW"


class CurrencyCode(Enum):
    DKK = "DKK"
    EUR = "EUR"
    NOK = "NOK"
    SEK = "SEK"


class DirectionType(Enum):
    IN = "In"
    OUT = "Out"


class DurationCodeType(Enum):
    P1_D = "P1D"
    P1_M = "P1M"
    P1_Y = "P1Y"
    PT5_M = "PT5M"
    PT15_M = "PT15M"
    PT1_H = "PT1H"
    PT30_M = "PT30M"
    PT60_M = "PT60M"


class ElhubBusinessProcessRole(Enum):
    AG = "AG"
    BSL = "BSL"
    DDE = "DDE"
    DDK = "DDK"
    DDM = "DDM"
    DDQ = "DDQ"
    DDZ = "DDZ"
    DDX = "DDX"
    MDR = "MDR"
    PQ = "PQ"
    QRY = "QRY"
    SLR = "SLR"


class ElhubDocumentType(Enum):
    VALUE_21 = "21"
    VALUE_392 = "392"
    VALUE_406 = "406"
    VALUE_414 = "414"
    VALUE_432 = "432"
    E02 = "E02"
    E07 = "E07"
    E10 = "E10"
    E13 = "E13"
    E30 = "E30"
    E31 = "E31"
    E39 = "E39"
    E58 = "E58"
    E65 = "E65"
    E66 = "E66"
    E67 = "E67"
    ERR = "ERR"
    VALUE_294 = "294"


class ElhubEnergyIndustryClassificationType(Enum):
    VALUE_23 = "23"


class ElhubMeteringPointTypeCode(Enum):
    E17 = "E17"
    E18 = "E18"
    E19 = "E19"
    E20 = "E20"


class ElhubPhysicalStatusCode(Enum):
    E22 = "E22"
    E23 = "E23"
    E31 = "E31"


class ElhubProductIdentifierCode(Enum):
    VALUE_8716867000030 = "8716867000030"
    VALUE_8716867000047 = "8716867000047"
    VALUE_8716867000139 = "8716867000139"
    VALUE_8716867000146 = "8716867000146"
    VALUE_4700000000201 = "4700000000201"
    VALUE_4700000000101 = "4700000000101"
    VALUE_4700000000301 = "4700000000301"
    VALUE_4700000000302 = "4700000000302"
    VALUE_4700000000303 = "4700000000303"


class ElhubResponseReasonCode(Enum):
    E09 = "E09"
    EH001 = "EH001"
    EH002 = "EH002"
    EH003 = "EH003"
    EH004 = "EH004"
    EH005 = "EH005"
    EH006 = "EH006"
    EH007 = "EH007"
    EH008 = "EH008"
    EH009 = "EH009"
    EH010 = "EH010"
    EH011 = "EH011"
    EH012 = "EH012"
    EH013 = "EH013"
    EH014 = "EH014"
    EH015 = "EH015"
    EH016 = "EH016"
    EH017 = "EH017"
    EH018 = "EH018"
    EH019 = "EH019"
    EH020 = "EH020"
    EH021 = "EH021"
    EH022 = "EH022"
    EH023 = "EH023"
    EH024 = "EH024"
    EH025 = "EH025"
    EH026 = "EH026"
    EH027 = "EH027"
    EH028 = "EH028"
    EH029 = "EH029"
    EH030 = "EH030"
    EH031 = "EH031"
    EH032 = "EH032"
    EH033 = "EH033"
    EH034 = "EH034"
    EH035 = "EH035"
    EH036 = "EH036"
    EH037 = "EH037"
    EH038 = "EH038"
    EH039 = "EH039"
    EH040 = "EH040"
    E10 = "E10"
    E11 = "E11"
    E12 = "E12"
    E13 = "E13"
    E14 = "E14"
    E15 = "E15"
    E16 = "E16"
    E17 = "E17"
    E18 = "E18"
    E19 = "E19"
    E22 = "E22"
    E29 = "E29"
    E36 = "E36"
    E37 = "E37"
    E47 = "E47"
    E49 = "E49"
    E50 = "E50"
    E51 = "E51"
    E52 = "E52"
    E54 = "E54"
    E55 = "E55"
    E59 = "E59"
    E61 = "E61"
    E62 = "E62"
    E72 = "E72"
    E73 = "E73"
    E86 = "E86"
    E87 = "E87"
    E97 = "E97"
    E98 = "E98"
    E81 = "E81"
    E90 = "E90"
    E91 = "E91"
    E0_H = "E0H"
    E0_I = "E0I"
    E0_J = "E0J"
    E0_K = "E0K"
    E0_L = "E0L"
    E0_M = "E0M"
    EH041 = "EH041"
    EH042 = "EH042"
    EH043 = "EH043"
    EH044 = "EH044"
    EH045 = "EH045"
    EH046 = "EH046"
    EH047 = "EH047"
    EH048 = "EH048"
    EH049 = "EH049"
    EH050 = "EH050"
    EH051 = "EH051"
    EH052 = "EH052"
    EH053 = "EH053"
    EH054 = "EH054"
    EH055 = "EH055"
    EH056 = "EH056"
    EH057 = "EH057"
    EH058 = "EH058"
    EH059 = "EH059"
    EH060 = "EH060"
    EH061 = "EH061"
    EH062 = "EH062"
    EH063 = "EH063"
    EH064 = "EH064"
    EH065 = "EH065"
    EH066 = "EH066"
    EH067 = "EH067"
    EH068 = "EH068"
    EH069 = "EH069"
    EH070 = "EH070"
    EH071 = "EH071"
    EH072 = "EH072"
    EH073 = "EH073"
    EH074 = "EH074"
    EH075 = "EH075"
    EH076 = "EH076"
    EH077 = "EH077"
    EH078 = "EH078"
    EH079 = "EH079"
    EH080 = "EH080"
    EH081 = "EH081"
    EH082 = "EH082"
    EH083 = "EH083"
    EH084 = "EH084"
    EH085 = "EH085"
    EH086 = "EH086"
    EH087 = "EH087"
    EH088 = "EH088"
    EH089 = "EH089"
    EH090 = "EH090"
    EH091 = "EH091"
    EH092 = "EH092"
    EH093 = "EH093"
    EH094 = "EH094"
    EH095 = "EH095"
    EH096 = "EH096"
    EH097 = "EH097"
    EH098 = "EH098"
    EH099 = "EH099"
    EH100 = "EH100"
    EH101 = "EH101"
    EH102 = "EH102"
    EH103 = "EH103"
    EH104 = "EH104"
    EH105 = "EH105"
    EH106 = "EH106"
    EH107 = "EH107"
    EH108 = "EH108"
    EH109 = "EH109"
    EH110 = "EH110"
    EH111 = "EH111"
    EH112 = "EH112"
    EH113 = "EH113"
    EH114 = "EH114"
    EH115 = "EH115"
    EH116 = "EH116"
    EH117 = "EH117"
    EH118 = "EH118"
    EH119 = "EH119"
    EH120 = "EH120"
    EH121 = "EH121"
    EH122 = "EH122"
    EH123 = "EH123"
    EH124 = "EH124"
    EH125 = "EH125"
    EH126 = "EH126"
    EH127 = "EH127"
    EH128 = "EH128"
    EH129 = "EH129"
    EH130 = "EH130"
    EH131 = "EH131"
    EH132 = "EH132"
    EH133 = "EH133"
    EH134 = "EH134"
    EH135 = "EH135"
    EH136 = "EH136"
    EH137 = "EH137"
    EH138 = "EH138"
    EH139 = "EH139"
    EH140 = "EH140"


class ElhubSettlementMethodCode(Enum):
    E01 = "E01"
    E02 = "E02"
    Z01 = "Z01"


class ElhubUnitType(Enum):
    K_WH = "kWh"
    KVARH = "kvarh"


class ElhubSchemeAgencyIdentifierType(Enum):
    VALUE_82 = "82"
    Z01 = "Z01"


class EndReasonType(Enum):
    Z41 = "Z41"
    Z42 = "Z42"
    Z44 = "Z44"
    Z45 = "Z45"


class EnovaFeeType(Enum):
    CONSUMPTION_DEPENDENT = "ConsumptionDependent"
    FIXED = "Fixed"


class EstimatedQualityCodeType(Enum):
    VALUE_56 = "56"
    VALUE_81 = "81"


class EstimationCodeType(Enum):
    E001 = "E001"
    E002 = "E002"
    E003 = "E003"
    E004 = "E004"
    E005 = "E005"
    E006 = "E006"
    E007 = "E007"
    E008 = "E008"


class FormulaTypeType(Enum):
    EQUALLY_DISTRIBUTED = "EquallyDistributed"
    CONSUMPTION_BASED = "ConsumptionBased"
    MANUAL = "Manual"


class MeterReadReasonCodeType(Enum):
    VALUE_1 = "1"
    VALUE_4 = "4"


class MeterReadingCharacteristicsCode(Enum):
    E13 = "E13"
    E14 = "E14"
    E16 = "E16"


class MeterReadingOccurrenceType(Enum):
    PT15_M = "PT15M"
    PT1_H = "PT1H"
    PT5_M = "PT5M"
    PT60_M = "PT60M"


@dataclass(kw_only=True)
class MeteredQuantityType:
    value: Decimal = field(
        metadata={
            "min_inclusive": Decimal("0"),
            "max_exclusive": Decimal("1000000000000"),
            "total_digits": 15,
            "fraction_digits": 3,
        }
    )


class PriorityCodeType(Enum):
    A = "A"
    B = "B"
    C = "C"
    D = "D"
    P = "P"


class ProductionCode(Enum):
    B01 = "B01"
    B02 = "B02"
    B03 = "B03"
    B04 = "B04"
    B05 = "B05"
    B06 = "B06"
    B07 = "B07"
    B08 = "B08"
    B09 = "B09"
    B10 = "B10"
    B11 = "B11"
    B12 = "B12"
    B13 = "B13"
    B14 = "B14"
    B15 = "B15"
    B16 = "B16"
    B17 = "B17"
    B18 = "B18"
    B19 = "B19"
    B20 = "B20"
    B25 = "B25"
    Z04 = "Z04"
    Z05 = "Z05"
    Z06 = "Z06"


@dataclass(kw_only=True)
class ProfiledEstimatedQuantityType:
    value: Decimal = field(
        metadata={
            "min_exclusive": Decimal("-1000000000000"),
            "max_exclusive": Decimal("1000000000000"),
            "total_digits": 15,
            "fraction_digits": 3,
        }
    )


class PurposeType(Enum):
    START_OF_SUPPLY = "StartOfSupply"
    ACCESS_REQUEST = "AccessRequest"
    OTHER = "Other"


class QueryCategoryCodeType(Enum):
    MVRV = "MVRV"
    MVTS = "MVTS"
    MVVT = "MVVT"
    MDCU = "MDCU"
    MDMP = "MDMP"
    STLM = "STLM"


class ReminderType(Enum):
    EAC = "EAC"
    IV = "IV"
    MI = "MI"
    PV = "PV"


class StatusType(Enum):
    NEW = "New"
    ACTIVE = "Active"
    INACTIVE = "Inactive"
    TERMINATED = "Terminated"


class Vatcode(Enum):
    E = "E"
    S = "S"


class ValidationCodeType(Enum):
    V001 = "V001"
    V002 = "V002"
    V003 = "V003"
    V004 = "V004"
    V011 = "V011"
    V012 = "V012"
    V013 = "V013"
    V014 = "V014"
    V999 = "V999"


class ListAgencyIdentifierType(Enum):
    VALUE_260 = "260"
    VALUE_6 = "6"


class ListAgencyIdentifierType260(Enum):
    VALUE_260 = "260"


class ListAgencyIdentifierType5(Enum):
    VALUE_5 = "5"


class ListAgencyIdentifierType6(Enum):
    VALUE_6 = "6"


class ListAgencyIdentifierType89(Enum):
    VALUE_89 = "89"


class ListAgencyIdentifierType89260(Enum):
    VALUE_260 = "260"
    VALUE_89 = "89"


class ListAgencyIdentifierType896(Enum):
    VALUE_6 = "6"
    VALUE_89 = "89"


class SchemeAgencyIdentifierEictype(Enum):
    VALUE_305 = "305"


class SchemeAgencyIdentifierGs1ElhubType(Enum):
    VALUE_89 = "89"
    VALUE_9 = "9"


class SchemeAgencyIdentifierGs1Type(Enum):
    VALUE_9 = "9"


@dataclass(kw_only=True)
class AcknowledgementStatusType:
    value: AcknowledgementStatus = field()
    list_agency_identifier: ListAgencyIdentifierType6 = field(
        metadata={
            "name": "listAgencyIdentifier",
            "type": "Attribute",
        }
    )


@dataclass(kw_only=True)
class ConsumptionCodeType:
    value: ConsumptionCode = field()
    list_agency_identifier: ListAgencyIdentifierType89 = field(
        metadata={
            "name": "listAgencyIdentifier",
            "type": "Attribute",
        }
    )


@dataclass(kw_only=True)
class ElhubBusinessProcessRoleType:
    class Meta:
        name = "Elhub_BusinessProcessRoleType"

    value: ElhubBusinessProcessRole = field()
    list_agency_identifier: ListAgencyIdentifierType896 = field(
        metadata={
            "name": "listAgencyIdentifier",
            "type": "Attribute",
        }
    )


@dataclass(kw_only=True)
class ElhubBusinessProcessType:
    class Meta:
        name = "Elhub_BusinessProcessType"

    value: Brsidentification = field()
    list_agency_identifier: ListAgencyIdentifierType89 = field(
        metadata={
            "name": "listAgencyIdentifier",
            "type": "Attribute",
        }
    )


@dataclass(kw_only=True)
class ElhubBusinessTypeType:
    class Meta:
        name = "Elhub_BusinessTypeType"

    value: BusinessTypeCode = field()
    list_agency_identifier: ListAgencyIdentifierType89 = field(
        metadata={
            "name": "listAgencyIdentifier",
            "type": "Attribute",
        }
    )


@dataclass(kw_only=True)
class ElhubCountryCodeType:
    class Meta:
        name = "Elhub_CountryCodeType"

    value: CountryCode = field()
    list_agency_identifier: ListAgencyIdentifierType5 = field(
        metadata={
            "name": "listAgencyIdentifier",
            "type": "Attribute",
        }
    )


@dataclass(kw_only=True)
class ElhubCurrencyCodeType:
    class Meta:
        name = "Elhub_CurrencyCodeType"

    value: CurrencyCode = field()
    list_agency_identifier: ListAgencyIdentifierType5 = field(
        metadata={
            "name": "listAgencyIdentifier",
            "type": "Attribute",
        }
    )


@dataclass(kw_only=True)
class ElhubDocumentNameCodeType:
    class Meta:
        name = "Elhub_DocumentNameCodeType"

    value: ElhubDocumentType = field()
    list_agency_identifier: ListAgencyIdentifierType = field(
        metadata={
            "name": "listAgencyIdentifier",
            "type": "Attribute",
        }
    )


@dataclass(kw_only=True)
class ElhubEndUserIdentifierType:
    class Meta:
        name = "Elhub_EndUserIdentifierType"

    value: str = field(
        default="",
        metadata={
            "min_length": 1,
            "max_length": 11,
        },
    )
    scheme_agency_identifier: ElhubSchemeAgencyIdentifierType = field(
        metadata={
            "name": "schemeAgencyIdentifier",
            "type": "Attribute",
        }
    )


@dataclass(kw_only=True)
class ElhubEnergyPartyIdentifierType:
    class Meta:
        name = "Elhub_EnergyPartyIdentifierType"

    value: str = field(
        default="",
        metadata={
            "min_length": 1,
            "max_length": 13,
        },
    )
    scheme_agency_identifier: SchemeAgencyIdentifierGs1Type = field(
        metadata={
            "name": "schemeAgencyIdentifier",
            "type": "Attribute",
        }
    )


@dataclass(kw_only=True)
class ElhubMeterReadingCharacteristicsType:
    class Meta:
        name = "Elhub_MeterReadingCharacteristicsType"

    value: MeterReadingCharacteristicsCode = field()
    list_agency_identifier: ListAgencyIdentifierType260 = field(
        metadata={
            "name": "listAgencyIdentifier",
            "type": "Attribute",
        }
    )


@dataclass(kw_only=True)
class ElhubMeteringGridAreaIdentifierType:
    class Meta:
        name = "Elhub_MeteringGridAreaIdentifierType"

    value: str = field(
        default="",
        metadata={
            "min_length": 1,
            "max_length": 16,
        },
    )
    scheme_agency_identifier: SchemeAgencyIdentifierEictype = field(
        metadata={
            "name": "schemeAgencyIdentifier",
            "type": "Attribute",
        }
    )


@dataclass(kw_only=True)
class ElhubMeteringPointIdentifierType:
    class Meta:
        name = "Elhub_MeteringPointIdentifierType"

    value: str = field(
        default="",
        metadata={
            "pattern": r"[0-9]{18}",
        },
    )
    scheme_agency_identifier: SchemeAgencyIdentifierGs1Type = field(
        metadata={
            "name": "schemeAgencyIdentifier",
            "type": "Attribute",
        }
    )


@dataclass(kw_only=True)
class ElhubMeteringPointTypeCodeType:
    class Meta:
        name = "Elhub_MeteringPointTypeCodeType"

    value: ElhubMeteringPointTypeCode = field()
    list_agency_identifier: ListAgencyIdentifierType260 = field(
        metadata={
            "name": "listAgencyIdentifier",
            "type": "Attribute",
        }
    )


@dataclass(kw_only=True)
class ElhubPhysicalStatusCodeType:
    class Meta:
        name = "Elhub_PhysicalStatusCodeType"

    value: ElhubPhysicalStatusCode = field()
    list_agency_identifier: ListAgencyIdentifierType260 = field(
        metadata={
            "name": "listAgencyIdentifier",
            "type": "Attribute",
        }
    )


@dataclass(kw_only=True)
class ElhubProductIdentifierType:
    class Meta:
        name = "Elhub_ProductIdentifierType"

    value: ElhubProductIdentifierCode = field()
    scheme_agency_identifier: SchemeAgencyIdentifierGs1ElhubType = field(
        metadata={
            "name": "schemeAgencyIdentifier",
            "type": "Attribute",
        }
    )


@dataclass(kw_only=True)
class ElhubResponseReasonCodeType:
    class Meta:
        name = "Elhub_ResponseReasonCodeType"

    value: ElhubResponseReasonCode = field()
    list_agency_identifier: ListAgencyIdentifierType89260 = field(
        metadata={
            "name": "listAgencyIdentifier",
            "type": "Attribute",
        }
    )


@dataclass(kw_only=True)
class ElhubSettlementMethodCodeType:
    class Meta:
        name = "Elhub_SettlementMethodCodeType"

    value: ElhubSettlementMethodCode = field()
    list_agency_identifier: ListAgencyIdentifierType89260 = field(
        metadata={
            "name": "listAgencyIdentifier",
            "type": "Attribute",
        }
    )


@dataclass(kw_only=True)
class EstimatedQuantityType:
    value: Decimal = field(
        metadata={
            "min_inclusive": Decimal("0"),
            "max_exclusive": Decimal("1000000000000"),
            "total_digits": 15,
            "fraction_digits": 3,
        }
    )
    quality: EstimatedQualityCodeType = field(
        metadata={
            "name": "Quality",
            "type": "Attribute",
        }
    )
    validation_code: ValidationCodeType = field(
        metadata={
            "name": "ValidationCode",
            "type": "Attribute",
        }
    )
    estimation_code: EstimationCodeType = field(
        metadata={
            "name": "EstimationCode",
            "type": "Attribute",
        }
    )


@dataclass(kw_only=True)
class ProductionCodeType:
    value: ProductionCode = field()
    list_agency_identifier: ListAgencyIdentifierType89 = field(
        metadata={
            "name": "listAgencyIdentifier",
            "type": "Attribute",
        }
    )


@dataclass(kw_only=True)
class ProfiledMeterIndexType:
    value: Decimal = field(
        metadata={
            "min_inclusive": Decimal("0"),
            "max_exclusive": Decimal("1000000000000"),
            "total_digits": 15,
            "fraction_digits": 3,
        }
    )
    meter_read_reason_code: MeterReadReasonCodeType = field(
        metadata={
            "name": "MeterReadReasonCode",
            "type": "Attribute",
        }
    )


@dataclass(kw_only=True)
class ProfiledMeteredQuantityType:
    value: Decimal = field(
        metadata={
            "min_exclusive": Decimal("-1000000000000"),
            "max_exclusive": Decimal("1000000000000"),
            "total_digits": 15,
            "fraction_digits": 3,
        }
    )
    meter_read_reason_code: MeterReadReasonCodeType = field(
        metadata={
            "name": "MeterReadReasonCode",
            "type": "Attribute",
        }
    )


@dataclass(kw_only=True)
class ProfiledStipulatedQuantityType:
    value: Decimal = field(
        metadata={
            "min_exclusive": Decimal("-1000000000000"),
            "max_exclusive": Decimal("1000000000000"),
            "total_digits": 15,
            "fraction_digits": 3,
        }
    )
    meter_read_reason_code: MeterReadReasonCodeType = field(
        metadata={
            "name": "MeterReadReasonCode",
            "type": "Attribute",
        }
    )


@dataclass(kw_only=True)
class TemporaryQuantityType:
    value: Decimal = field(
        metadata={
            "min_inclusive": Decimal("0"),
            "max_exclusive": Decimal("1000000000000"),
            "total_digits": 15,
            "fraction_digits": 3,
        }
    )
    validation_code: ValidationCodeType = field(
        metadata={
            "name": "ValidationCode",
            "type": "Attribute",
        }
    )
    estimation_code: None | EstimationCodeType = field(
        default=None,
        metadata={
            "name": "EstimationCode",
            "type": "Attribute",
        },
    )
