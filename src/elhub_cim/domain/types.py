"""Value types of the domain model.

Times are kept exactly as written (``Timestamp``): ebIX and the CIM profile carry a local offset
and up to nine decimals of a second, which a ``datetime`` cannot hold (six decimals), and a
round trip must be exact. The parsed, timezone-aware value is one attribute away.
"""

from __future__ import annotations

import re
from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, GetCoreSchemaHandler, StringConstraints
from pydantic_core import core_schema

from ..core.errors import MASK

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

_TIMESTAMP = re.compile(
    r"^(?P<base>[1-9]\d{3}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(?P<fraction>\d{1,9}))?"
    r"(?P<zone>Z|[+-]\d{2}:\d{2})$"
)


class Timestamp(str):
    """An ISO 8601 date-time with a UTC offset, kept exactly as written.

    ``Timestamp("2026-05-01T00:00:00+02:00").datetime`` is the aware ``datetime``
    (fractions beyond microseconds are truncated there, never in the text). Both standards need
    a four-digit year not starting with 0, seconds, and an offset of hours and minutes; a value
    that cannot be written so is refused here, when the model is built, not when it is written.
    Business dates (:data:`EventTime`) also allow at most 3 decimals:
    :func:`elhub_cim.elhub_timestamp` and :func:`elhub_cim.cim_timestamp` make such a value
    from a ``datetime``.
    """

    __slots__ = ()

    def __new__(cls, value: str | datetime) -> Timestamp:
        if isinstance(value, datetime):
            if value.tzinfo is None:
                raise ValueError("a Timestamp needs a timezone-aware datetime")
            value = value.isoformat()
        value = value.strip()  # xs:dateTime collapses whitespace
        match = _TIMESTAMP.match(value)
        if match is None:
            raise ValueError(
                f"not a date-time Elhub can carry: {value!r} (expected YYYY-MM-DDThh:mm:ss, "
                "up to 9 decimals, then Z or an offset such as +01:00)"
            )
        if match["base"][11:13] == "24":
            # xs:dateTime allows 24:00:00 for the end of a day; the domain keeps one spelling.
            raise ValueError("hour 24 is not accepted: write 00:00:00 of the next day")
        instance = super().__new__(cls, value)
        instance.datetime  # noqa: B018 - validates the calendar date and time
        return instance

    @property
    def datetime(self) -> datetime:
        match = _TIMESTAMP.match(self)
        assert match is not None
        fraction = (match["fraction"] or "")[:6]
        zone = "+00:00" if match["zone"] == "Z" else match["zone"]
        text = match["base"] + (f".{fraction.ljust(6, '0')}" if fraction else "") + zone
        return datetime.fromisoformat(text)

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(
            cls._validate,
            json_schema_input_schema=core_schema.str_schema(),
            serialization=core_schema.plain_serializer_function_ser_schema(str),
        )

    @classmethod
    def _validate(cls, value: Any) -> Timestamp:
        if isinstance(value, Timestamp):
            return value
        if isinstance(value, str | datetime):
            return cls(value)
        raise ValueError(f"expected a date-time string, got {type(value).__name__}")

    @classmethod
    def __get_pydantic_json_schema__(cls, schema: Any, handler: Any) -> dict[str, Any]:
        return {"type": "string", "format": "date-time"}


def _at_most_milliseconds(value: Timestamp) -> Timestamp:
    """EMIF ``Elhub_dateTimeType`` and the profile's ``DateTime3_Type``: at most 3 decimals."""
    fraction = _TIMESTAMP.match(value)
    assert fraction is not None  # a Timestamp always matches
    if len(fraction["fraction"] or "") > 3:
        raise ValueError(
            f"{value!r} has more than 3 decimals of a second, which business dates cannot carry "
            "in ebIX or CIM (use elhub_cim.elhub_timestamp(...) or cim_timestamp(...))"
        )
    return value


#: A business date or time (start, end, validity): a :class:`Timestamp` with at most 3 decimals.
EventTime = Annotated[Timestamp, AfterValidator(_at_most_milliseconds)]

#: GLN of a market party: 13 digits (GS1 check digit checked as a rule, not here).
PartyId = Annotated[str, StringConstraints(pattern=r"^\d{13}$")]
#: GSRN of a metering point: 18 digits starting 7070575.
MeteringPointId = Annotated[str, StringConstraints(pattern=r"^\d{18}$")]
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
        return MASK if self.is_personal else self.value

    def __repr_args__(self) -> Any:
        yield "value", self.masked()
        yield "scheme", self.scheme

    def __str__(self) -> str:
        return self.masked()
