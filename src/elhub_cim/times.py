"""Time helpers: Norwegian dates, Elhub timestamps and CIM (UTC) timestamps.

Elhub states a business date (a start or end of supply) as the instant the day begins in Norway:
midnight in Europe/Oslo, written with its offset (``+01:00`` in winter, ``+02:00`` in summer).
ebIX messages carry local times with their offset; CIM documents carry UTC (``Z``). Both allow
at most three decimals of a second on business dates (nine on creation times).

    >>> from datetime import date, datetime, timezone
    >>> oslo_midnight(date(2026, 5, 1)).isoformat()
    '2026-05-01T00:00:00+02:00'
    >>> elhub_timestamp(date(2026, 5, 1))
    '2026-05-01T00:00:00+02:00'
    >>> cim_timestamp(date(2026, 5, 1))
    '2026-04-30T22:00:00Z'
    >>> elhub_timestamp(datetime(2026, 1, 15, 9, 30, 12, 434045, tzinfo=timezone.utc), decimals=3)
    '2026-01-15T10:30:12.434+01:00'
    >>> norwegian_date("2026-04-30T22:00:00Z")
    datetime.date(2026, 5, 1)
    >>> is_oslo_midnight("2026-05-01T00:00:00Z")   # 02:00 in Oslo: not the start of a day
    False
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from .core.dates import in_utc, in_zone
from .core.errors import shown_value
from .domain.types import Timestamp

__all__ = [
    "OSLO",
    "cim_timestamp",
    "elhub_timestamp",
    "is_oslo_midnight",
    "norwegian_date",
    "oslo_midnight",
]

#: Norway's time zone (tzdata ships with the package where the system has none).
OSLO = ZoneInfo("Europe/Oslo")

Moment = datetime | date | str


def oslo_midnight(day: date) -> datetime:
    """The instant ``day`` begins in Norway (aware, in Europe/Oslo)."""
    if isinstance(day, datetime):
        raise TypeError("oslo_midnight takes a date, not a datetime (use norwegian_date first)")
    if not isinstance(day, date):
        hint = ": date.fromisoformat() reads the text of a date" if isinstance(day, str) else ""
        raise TypeError(
            f"oslo_midnight takes day as a datetime.date, not {type(day).__name__}{hint}"
        )
    return datetime.combine(day, time(0), tzinfo=OSLO)


def _instant(moment: Moment, helper: str) -> datetime:
    """``moment`` as an aware datetime; anything that is no moment is a TypeError that names
    the ``helper`` it was given to."""
    if isinstance(moment, str):
        try:
            return Timestamp(moment).datetime
        except ValueError as error:  # (it quotes the text: masked; it names no argument)
            raise ValueError(
                f"{helper}(): moment is a timestamp text Elhub can carry, or an aware datetime or "
                f"a date: {shown_value(str(error))}"
            ) from None
    if isinstance(moment, datetime):
        if moment.tzinfo is None or moment.utcoffset() is None:
            raise ValueError(
                f"{helper}(): moment, a naive datetime, is ambiguous: give it a time zone "
                "(e.g. tzinfo=elhub_cim.times.OSLO) or pass a date for Oslo midnight"
            )
        return moment
    if isinstance(moment, date):
        return datetime.combine(moment, time(0), tzinfo=OSLO)
    raise TypeError(
        f"{helper} takes moment as an aware datetime.datetime, a datetime.date or a timestamp "
        f"text (str), not {type(moment).__name__}"
    )


def _format(moment: datetime, decimals: int, zone: str) -> Timestamp:
    if isinstance(decimals, bool) or not isinstance(decimals, int):
        raise TypeError(f"decimals is a whole number, 0 to 3, not {type(decimals).__name__}")
    if not 0 <= decimals <= 3:
        raise ValueError("decimals must be 0 to 3 (Elhub's business dates allow at most 3)")
    text = moment.strftime("%Y-%m-%dT%H:%M:%S")
    if decimals:
        text += "." + f"{moment.microsecond:06d}"[:decimals]  # truncated, never rounded up
    return Timestamp(text + zone)


def elhub_timestamp(moment: Moment, *, decimals: int = 0) -> Timestamp:
    """An instant as Elhub writes it in ebIX: Oslo local time with its offset.

    ``moment`` is an aware ``datetime``, a ``date`` (its Oslo midnight) or a timestamp text.
    ``decimals`` (0-3) keeps that many decimals of the second (truncated). An instant whose
    Norwegian time leaves the years 1-9999 is a ``DateOutOfRangeError``, as everywhere.
    """
    local = in_zone(_instant(moment, "elhub_timestamp"), OSLO)
    offset = local.utcoffset()
    assert offset is not None
    if offset % timedelta(minutes=1):
        # Local mean time before 1895 in databases that give Oslo Berlin's (+00:53:28): no
        # xs:dateTime offset writes it, so the instant is written in UTC (as EMIF allows).
        return _format(in_utc(local), decimals, "Z")
    minutes = int(offset / timedelta(minutes=1))
    sign = "+" if minutes >= 0 else "-"
    zone = f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
    return _format(local, decimals, zone)


def cim_timestamp(moment: Moment, *, decimals: int = 0) -> Timestamp:
    """An instant as the CIM profile writes it: UTC with ``Z``."""
    return _format(in_utc(_instant(moment, "cim_timestamp")), decimals, "Z")


def norwegian_date(moment: datetime | str) -> date:
    """The calendar date in Norway at an instant (aware ``datetime`` or timestamp text)."""
    return in_zone(_instant(moment, "norwegian_date"), OSLO).date()


def is_oslo_midnight(moment: datetime | str) -> bool:
    """Whether an instant is the start of a day in Norway (what Elhub's business dates are)."""
    return in_zone(_instant(moment, "is_oslo_midnight"), OSLO).time() == time(0)
