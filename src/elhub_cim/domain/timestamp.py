"""The domain's date-time value, :class:`Timestamp`, without pydantic.

Kept apart from :mod:`.types` so that its checks run where pydantic is not loaded: validate's
domain check (:mod:`.acceptance`) calls these very functions, so that it accepts a time exactly
when the models do.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from ..core.errors import mask_identity_numbers
from ..core.memo import short_text_memo

if TYPE_CHECKING:
    from pydantic import GetCoreSchemaHandler
    from pydantic_core import core_schema

__all__ = ["Timestamp", "at_most_milliseconds"]

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
        elif not isinstance(value, str):
            hint = ": elhub_timestamp(day) makes one of a date" if isinstance(value, date) else ""
            raise TypeError(
                f"a Timestamp is made of a str or an aware datetime, not {type(value).__name__}"
                f"{hint}"
            )
        value = value.strip()  # xs:dateTime collapses whitespace
        match = _TIMESTAMP.match(value)
        if match is None:
            # (masked: an identity number given where a time goes must not reach a log)
            raise ValueError(
                f"not a date-time Elhub can carry: {mask_identity_numbers(repr(value))} "
                "(expected YYYY-MM-DDThh:mm:ss, up to 9 decimals, then Z or an offset such as "
                "+01:00)"
            )
        if match["base"][11:13] == "24":
            # xs:dateTime allows 24:00:00 for the end of a day; the domain keeps one spelling.
            raise ValueError("hour 24 is not accepted: write 00:00:00 of the next day")
        _moment(match)  # validates the calendar date and time
        return super().__new__(cls, value)

    @property
    def datetime(self) -> datetime:
        return _datetime_of(self)

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        from pydantic_core import core_schema

        return core_schema.no_info_plain_validator_function(
            cls._validate,
            json_schema_input_schema=core_schema.str_schema(),
            serialization=core_schema.plain_serializer_function_ser_schema(str),
        )

    @classmethod
    def _validate(cls, value: Any) -> Timestamp:
        if isinstance(value, Timestamp):
            return value
        if type(value) is str and cls is Timestamp:
            return _timestamp(value)
        if isinstance(value, str | datetime):
            return cls(value)
        raise ValueError(f"expected a date-time string, got {type(value).__name__}")

    @classmethod
    def __get_pydantic_json_schema__(cls, schema: Any, handler: Any) -> dict[str, Any]:
        return {"type": "string", "format": "date-time"}


# A document holds the same few times again and again (every series its period, every record
# the document's creation), and documents of one day share them: each text is checked and
# parsed once. A Timestamp is an immutable str, so one instance serves every model; a text that
# is refused raises every time (a function cache keeps no exceptions). Only texts as short as
# times are kept (core.memo: hostile times may be padded with whitespace).
@short_text_memo(maxsize=4096, max_chars=48)
def _timestamp(text: str) -> Timestamp:
    return Timestamp(text)


@short_text_memo(maxsize=4096, max_chars=48)
def _datetime_of(text: str) -> datetime:
    match = _TIMESTAMP.match(text)
    assert match is not None  # a Timestamp always matches
    return _moment(match)


def _moment(match: re.Match[str]) -> datetime:
    """The aware ``datetime`` of a :data:`_TIMESTAMP` match (fractions cut to microseconds)."""
    fraction = (match["fraction"] or "")[:6]
    zone = "+00:00" if match["zone"] == "Z" else match["zone"]
    text = match["base"] + (f".{fraction.ljust(6, '0')}" if fraction else "") + zone
    return datetime.fromisoformat(text)


def at_most_milliseconds(value: Timestamp) -> Timestamp:
    """EMIF ``Elhub_dateTimeType`` and the profile's ``DateTime3_Type``: at most 3 decimals."""
    if isinstance(value, Timestamp):
        # Every business date passes here: counted, not matched again. A Timestamp matched
        # _TIMESTAMP when it was made: 19 characters of date and time, a point and the decimals
        # if any, then Z or an offset of 6 characters (-1 below: no decimals).
        decimals = len(value) - (21 if value[-1] == "Z" else 26)
    else:
        fraction = _TIMESTAMP.match(value)
        assert fraction is not None  # a Timestamp always matches
        decimals = len(fraction["fraction"] or "")
    if decimals > 3:
        raise ValueError(
            f"{value!r} has more than 3 decimals of a second, which business dates cannot carry "
            "in ebIX or CIM (use elhub_cim.elhub_timestamp(...) or cim_timestamp(...))"
        )
    return value
