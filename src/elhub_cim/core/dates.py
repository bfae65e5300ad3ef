"""Date and time arithmetic on input values that never raises ``OverflowError``.

``xs:dateTime`` allows ``9999-12-31T23:59:59Z`` and ``0001-01-01T00:00:00+14:00``, but Python's
``datetime`` stops at years 1 and 9999: the first is in year 10000 in Norwegian time, the second
in year 0 in UTC. Every conversion of an input value to another time zone, and every step of
days from one, goes through here, so that such a value becomes a
:class:`~elhub_cim.core.errors.DateOutOfRangeError` (code ``DATE_OUT_OF_RANGE``) on that input
instead of a traceback that stops a batch.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo

from .errors import DateOutOfRangeError, Problem, shown_value

__all__ = [
    "NORWAY",
    "checked_moment",
    "in_utc",
    "in_zone",
    "local_date",
    "offset_minutes_out_of_range",
    "out_of_range",
    "shift_days",
]

NORWAY = ZoneInfo("Europe/Oslo")

_OFFSET_MINUTES_OUT_OF_RANGE = re.compile(r"[+-][0-9]{2}:?[6-9][0-9](?::?[0-9]{2}(?:\.[0-9]+)?)?$")


def offset_minutes_out_of_range(text: str) -> bool:
    """Whether ISO 8601 ``text`` ends in a UTC offset whose minutes are beyond 59 (``+02:75``,
    ``-0160``): ``datetime.fromisoformat`` reads ``+02:75`` as ``+03:15``, a wrong instant."""
    return _OFFSET_MINUTES_OUT_OF_RANGE.search(text.strip()) is not None


def out_of_range(
    value: object, what: str = "date-time", *, file: str | None = None
) -> DateOutOfRangeError:
    """The error for ``value`` (text or a date) that cannot be computed with."""
    text = value.isoformat() if isinstance(value, date) else str(value)
    return DateOutOfRangeError(
        [
            Problem(
                DateOutOfRangeError.default_code,
                f"{what} {shown_value(text)} is out of the range that can be computed with "
                "(years 1 to 9999 in every time zone)",
                file=file,
            )
        ]
    )


def checked_moment(value: object, name: str = "as_of") -> datetime | date | None:
    """``value`` as a moment to judge by (a date, a date-time or None); anything else, such as
    the text of a date, is the caller's mistake: a TypeError that names the argument."""
    if value is None or isinstance(value, date):  # (a datetime is a date)
        return value
    shown = f" ({shown_value(value, 40)!r})" if isinstance(value, str) else ""  # (masked)
    raise TypeError(
        f"{name} is a datetime.date or datetime.datetime, not {type(value).__name__}{shown}; "
        "date.fromisoformat() reads the text of a date"
    )


def in_zone(moment: datetime, zone: tzinfo = NORWAY, *, what: str = "date-time") -> datetime:
    """``moment`` (aware) in ``zone``; :class:`DateOutOfRangeError` if that leaves years 1-9999."""
    try:
        return moment.astimezone(zone)
    except (OverflowError, ValueError):
        raise out_of_range(moment.isoformat(), what) from None


def local_date(moment: datetime, zone: tzinfo = NORWAY, *, what: str = "date-time") -> date:
    """The calendar date of ``moment`` in ``zone`` (Norwegian by default)."""
    return in_zone(moment, zone, what=what).date()


def in_utc(moment: datetime, *, what: str = "date-time") -> datetime:
    """``moment`` (aware) in UTC."""
    return in_zone(moment, UTC, what=what)


def shift_days(day: date, days: int, *, what: str = "date") -> date:
    """``day`` plus ``days`` (negative: before), or :class:`DateOutOfRangeError`."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        raise out_of_range(day, what) from None
