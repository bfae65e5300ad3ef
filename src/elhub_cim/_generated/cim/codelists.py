from __future__ import annotations

from enum import Enum

from xsdata.models.datatype import XmlDuration

__NAMESPACE__ = "urn:x-elhub-cim:codelists:0:2"


class AddressTypeList(Enum):
    D04 = "D04"
    Z01 = "Z01"


class AssetTypeList(Enum):
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


class BusinessSectorTypeList(Enum):
    VALUE_23 = "23"


class ChannelResolutionList(Enum):
    PT15_M = "PT15M"
    PT1_H = "PT1H"


class DirectionTypeList(Enum):
    A01 = "A01"
    A02 = "A02"


class EnergyProductTypeList(Enum):
    VALUE_8716867000030 = "8716867000030"
    VALUE_8716867000047 = "8716867000047"
    VALUE_8716867000139 = "8716867000139"
    VALUE_8716867000146 = "8716867000146"
    VALUE_4700000000101 = "4700000000101"
    VALUE_4700000000201 = "4700000000201"
    VALUE_4700000000301 = "4700000000301"
    VALUE_4700000000302 = "4700000000302"
    VALUE_4700000000303 = "4700000000303"


class EstimatedQualityList(Enum):
    VALUE_56 = "56"
    VALUE_81 = "81"


class EstimationCodeList(Enum):
    E001 = "E001"
    E002 = "E002"
    E003 = "E003"
    E004 = "E004"
    E005 = "E005"
    E006 = "E006"
    E007 = "E007"
    E008 = "E008"


class MessageTypeList(Enum):
    VALUE_294 = "294"
    VALUE_392 = "392"
    VALUE_414 = "414"
    VALUE_432 = "432"
    E07 = "E07"
    E10 = "E10"
    E21 = "E21"
    E31 = "E31"
    E44 = "E44"
    E58 = "E58"
    E66 = "E66"
    E67 = "E67"
    ERR = "ERR"


class MeterReadReasonList(Enum):
    VALUE_1 = "1"
    VALUE_4 = "4"


class MeteringMethodTypeList(Enum):
    E13 = "E13"
    E14 = "E14"
    E16 = "E16"


class MeteringPointTypeList(Enum):
    E17 = "E17"
    E18 = "E18"
    E19 = "E19"
    E20 = "E20"


class PhysicalStatusTypeList(Enum):
    E22 = "E22"
    E23 = "E23"
    E31 = "E31"


class ProfiledQuantityKindList(Enum):
    METERED = "Metered"
    ESTIMATED = "Estimated"
    STIPULATED = "Stipulated"
    WITHDRAWN = "Withdrawn"
    METER_INDEX = "MeterIndex"


class QualityTypeList(Enum):
    A03 = "A03"
    A04 = "A04"
    A06 = "A06"
    Z01 = "Z01"


class ReadCycleList(Enum):
    PT15_M = "PT15M"
    PT1_H = "PT1H"


class ReasonCodeTypeList(Enum):
    A01 = "A01"
    A02 = "A02"
    E09 = "E09"
    E0_H = "E0H"
    E0_I = "E0I"
    E10 = "E10"
    E11 = "E11"
    E14 = "E14"
    E16 = "E16"
    E17 = "E17"
    E18 = "E18"
    E19 = "E19"
    E22 = "E22"
    E29 = "E29"
    E47 = "E47"
    E50 = "E50"
    E51 = "E51"
    E55 = "E55"
    E59 = "E59"
    E61 = "E61"
    E73 = "E73"
    E81 = "E81"
    E86 = "E86"
    E87 = "E87"
    E90 = "E90"
    E91 = "E91"
    E97 = "E97"
    E98 = "E98"
    E0_J = "E0J"
    E0_K = "E0K"
    E0_L = "E0L"
    E0_M = "E0M"
    E12 = "E12"
    E13 = "E13"
    E15 = "E15"
    E36 = "E36"
    E37 = "E37"
    E49 = "E49"
    E52 = "E52"
    E54 = "E54"
    E62 = "E62"
    E72 = "E72"
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


class ResolutionTypeList(Enum):
    PT5_M = XmlDuration("PT5M")
    PT15_M = XmlDuration("PT15M")
    PT30_M = XmlDuration("PT30M")
    PT1_H = XmlDuration("PT1H")
    P1_D = XmlDuration("P1D")
    P1_M = XmlDuration("P1M")
    P1_Y = XmlDuration("P1Y")


class RoleTypeList(Enum):
    DDK = "DDK"
    DDM = "DDM"
    DDQ = "DDQ"
    DDX = "DDX"
    DDZ = "DDZ"
    MDR = "MDR"
    AG = "AG"
    BSL = "BSL"
    DDE = "DDE"
    PQ = "PQ"
    QRY = "QRY"
    SLR = "SLR"


class SettlementMethodTypeList(Enum):
    E01 = "E01"
    E02 = "E02"
    Z01 = "Z01"


class UnitOfMeasureTypeList(Enum):
    AMP = "AMP"
    K3 = "K3"
    KWH = "KWH"
    KWT = "KWT"


class UpdateIndicatorList(Enum):
    A14 = "A14"
    A15 = "A15"
    Z01 = "Z01"


class ValidationCodeList(Enum):
    V001 = "V001"
    V002 = "V002"
    V003 = "V003"
    V004 = "V004"
    V011 = "V011"
    V012 = "V012"
    V013 = "V013"
    V014 = "V014"
    V999 = "V999"
