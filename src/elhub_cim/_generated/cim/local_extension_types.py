from __future__ import annotations

from enum import Enum

__NAMESPACE__ = "urn:x-elhub-cim:codelists:0:2"


class LocalBusinessType(Enum):
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


class LocalCalculationMethodType(Enum):
    AUTOMATIC = "Automatic"
    MANUAL = "Manual"


class LocalCalculationStatusType(Enum):
    NEW = "New"
    ACTIVE = "Active"
    INACTIVE = "Inactive"
    TERMINATED = "Terminated"


class LocalCommunicationChannelType(Enum):
    AL = "AL"
    EM = "EM"
    FX = "FX"
    TE = "TE"


class LocalConsumptionSubtypeType(Enum):
    A04 = "A04"
    A07 = "A07"
    A15 = "A15"
    B25 = "B25"
    B27 = "B27"


class LocalEndReasonType(Enum):
    Z41 = "Z41"
    Z42 = "Z42"
    Z44 = "Z44"
    Z45 = "Z45"


class LocalEnovaFeeType(Enum):
    CONSUMPTION_DEPENDENT = "ConsumptionDependent"
    FIXED = "Fixed"


class LocalEstimatedQualityType(Enum):
    VALUE_56 = "56"
    VALUE_81 = "81"


class LocalEstimationCodeType(Enum):
    E001 = "E001"
    E002 = "E002"
    E003 = "E003"
    E004 = "E004"
    E005 = "E005"
    E006 = "E006"
    E007 = "E007"
    E008 = "E008"


class LocalFormulaType(Enum):
    EQUALLY_DISTRIBUTED = "EquallyDistributed"
    CONSUMPTION_BASED = "ConsumptionBased"
    MANUAL = "Manual"


class LocalMeterReadReasonType(Enum):
    VALUE_1 = "1"
    VALUE_4 = "4"


class LocalPriorityType(Enum):
    A = "A"
    B = "B"
    C = "C"
    D = "D"
    P = "P"


class LocalProcessType(Enum):
    NO101 = "NO101"
    NO102 = "NO102"
    NO103 = "NO103"
    NO104 = "NO104"
    NO111 = "NO111"
    NO121 = "NO121"
    NO122 = "NO122"
    NO123 = "NO123"
    NO131 = "NO131"
    NO132 = "NO132"
    NO133 = "NO133"
    NO201 = "NO201"
    NO202 = "NO202"
    NO211 = "NO211"
    NO212 = "NO212"
    NO213 = "NO213"
    NO214 = "NO214"
    NO221 = "NO221"
    NO222 = "NO222"
    NO223 = "NO223"
    NO224 = "NO224"
    NO301 = "NO301"
    NO302 = "NO302"
    NO303 = "NO303"
    NO305 = "NO305"
    NO306 = "NO306"
    NO311 = "NO311"
    NO312 = "NO312"
    NO313 = "NO313"
    NO314 = "NO314"
    NO315 = "NO315"
    NO317 = "NO317"
    NO318 = "NO318"
    NO321 = "NO321"
    NO322 = "NO322"
    NO324 = "NO324"
    NO332 = "NO332"
    NO391 = "NO391"
    NO402 = "NO402"
    NO501 = "NO501"
    NO502 = "NO502"
    NO503 = "NO503"
    NO511 = "NO511"
    NO512 = "NO512"
    NO601 = "NO601"
    NO602 = "NO602"
    NO611 = "NO611"
    NO622 = "NO622"
    NO623 = "NO623"
    NO624 = "NO624"
    NO701 = "NO701"
    NOPOLL = "NOPOLL"


class LocalProfiledQuantityKindType(Enum):
    METERED = "Metered"
    ESTIMATED = "Estimated"
    STIPULATED = "Stipulated"
    WITHDRAWN = "Withdrawn"
    METER_INDEX = "MeterIndex"


class LocalPurposeType(Enum):
    START_OF_SUPPLY = "StartOfSupply"
    ACCESS_REQUEST = "AccessRequest"
    OTHER = "Other"


class LocalQueryType(Enum):
    MVRV = "MVRV"
    MVTS = "MVTS"
    MVVT = "MVVT"
    MDCU = "MDCU"
    MDMP = "MDMP"
    STLM = "STLM"


class LocalReminderType(Enum):
    EAC = "EAC"
    IV = "IV"
    MI = "MI"
    PV = "PV"


class LocalVatcodeType(Enum):
    E = "E"
    S = "S"


class LocalValidationCodeType(Enum):
    V001 = "V001"
    V002 = "V002"
    V003 = "V003"
    V004 = "V004"
    V011 = "V011"
    V012 = "V012"
    V013 = "V013"
    V014 = "V014"
    V999 = "V999"
