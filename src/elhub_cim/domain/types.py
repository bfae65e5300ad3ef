"""Value types of the domain model.

Times are kept exactly as written (``Timestamp``): ebIX and the CIM profile carry a local offset
and up to nine decimals of a second, which a ``datetime`` cannot hold (six decimals), and a
round trip must be exact. The parsed, timezone-aware value is one attribute away.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, StringConstraints

from ..core.errors import MASK, mask_identity_numbers
from .timestamp import Timestamp, at_most_milliseconds

__all__ = [
    "Brs",
    "DomainModel",
    "EndUserId",
    "EndUserScheme",
    "EventTime",
    "GridAreaId",
    "MeteringPointId",
    "PartyId",
    "Role",
    "Timestamp",
]

#: A business date or time (start, end, validity): a :class:`Timestamp` with at most 3 decimals.
EventTime = Annotated[Timestamp, AfterValidator(at_most_milliseconds)]

#: GLN of a market party: 13 digits (GS1 check digit checked as a rule, not here). ASCII digits:
#: pydantic-core's ``\d`` takes any script's, JSON Schema's (the published schemas) 0-9 only.
PartyId = Annotated[str, StringConstraints(pattern=r"^[0-9]{13}$")]
#: GSRN of a metering point: 18 digits. Elhub's start 7070575 and carry a GS1 check digit: both
#: checked as rules, not here (``core.gs1.is_metering_point_id``), as a party's check
#: digit is: a document naming another is read and round-tripped, and gets a finding.
MeteringPointId = Annotated[str, StringConstraints(pattern=r"^[0-9]{18}$")]
#: EIC of a metering grid area: 16 characters.
GridAreaId = Annotated[str, StringConstraints(min_length=16, max_length=16)]


class DomainModel(BaseModel):
    """Base of every domain model: strict about unknown fields, immutable."""

    # hide_input_in_errors: a validation error must not echo a value (it may be personal data).
    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        use_enum_values=False,
        hide_input_in_errors=True,
        defer_build=True,
    )

    def __repr_args__(self) -> Any:
        # repr() and str() of every model (and pydantic's rich and devtools forms) mask what
        # could be a national identity number wherever it was put: in a name, under another
        # scheme. (Only here, when shown: the model holds the values as read.)
        for name, value in super().__repr_args__():
            yield name, _masked(value)


def _masked(value: Any) -> Any:
    """``value`` with identity numbers masked in a text, or in a list of texts; anything else
    (a model masks its own; an enum, a time) as it is."""
    if isinstance(value, str):
        masked = mask_identity_numbers(value)
        return value if masked == value else masked
    if isinstance(value, list | tuple) and value and isinstance(value[0], str):
        items = [_masked(item) for item in value]
        return value if all(a is b for a, b in zip(items, value, strict=True)) else items
    return value


class Role(StrEnum):
    """Market roles (ebIX codes)."""

    BALANCE_SUPPLIER = "DDQ"
    GRID_ACCESS_PROVIDER = "DDM"
    METERING_POINT_ADMINISTRATOR = "DDZ"
    BALANCE_RESPONSIBLE = "DDK"
    IMBALANCE_SETTLEMENT_RESPONSIBLE = "DDX"
    METERED_DATA_COLLECTOR = "DDE"
    METERED_DATA_RESPONSIBLE = "MDR"
    THIRD_PARTY = "AG"
    QUERY_PARTY = "QRY"
    SUPPLIER_OF_LAST_RESORT = "SLR"
    BALANCE_SERVICE_PROVIDER = "BSL"
    PRODUCER = "PQ"


class Brs(StrEnum):
    """The Elhub business processes (BRS) elhub-cim knows by name; others pass as text."""

    CHANGE_OF_SUPPLIER = "BRS-NO-101"
    MOVE_IN = "BRS-NO-102"
    MOVE_IN_BACK_IN_TIME = "BRS-NO-103"
    CHANGE_FROM_SUPPLIER_OF_LAST_RESORT = "BRS-NO-104"
    MOVE_IN_BY_GRID_COMPANY = "BRS-NO-123"
    END_OF_SUPPLY = "BRS-NO-201"
    MOVE_OUT_BY_GRID_COMPANY = "BRS-NO-211"
    MASTER_DATA_REQUEST = "BRS-NO-303"
    CHANGES_BY_ELHUB = "BRS-NO-305"
    UPFRONT_METERING_POINT_CHARACTERISTICS = "BRS-NO-611"
    THIRD_PARTY_ACCESS = "BRS-NO-624"
    SHARED_PRODUCTION = "BRS-NO-701"


class EndUserScheme(StrEnum):
    """How an end user is identified."""

    ORGANISATION_NUMBER = "organisation_number"  # ebIX scheme 82, CIM NNO
    NATIONAL_IDENTITY_NUMBER = "national_identity_number"  # ebIX scheme Z01, CIM ARR


class EndUserId(DomainModel):
    """An end user's identifier. A national identity number never shows in ``repr``/``str``."""

    value: Annotated[str, StringConstraints(min_length=1, max_length=35)]
    scheme: EndUserScheme

    @property
    def is_personal(self) -> bool:
        return self.scheme is EndUserScheme.NATIONAL_IDENTITY_NUMBER

    def masked(self) -> str:
        return MASK if self.is_personal else mask_identity_numbers(self.value)

    def __repr_args__(self) -> Any:
        yield "value", self.masked()
        yield "scheme", self.scheme

    def __str__(self) -> str:
        return self.masked()
