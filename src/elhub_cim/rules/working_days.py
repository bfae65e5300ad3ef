"""Norwegian working days: Monday to Friday except public holidays (helligdager).

Deadlines in Elhub's processes count working days in the Norwegian calendar (e.g. end of supply
at the latest 3 working days before the end date). Public holidays by law
(helligdagsfredningsloven, and 1 and 17 May): New Year's Day, Maundy Thursday, Good Friday,
Easter Sunday and Monday, 1 May, 17 May, Ascension Day, Whit Sunday and Monday, Christmas Day and
Boxing Day. The movable ones follow Easter (Gregorian computus). Christmas Eve and New Year's Eve
are not public holidays (many businesses close; pass them as ``extra_holidays`` if a process
treats them as such).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from datetime import date, timedelta

from ..core.arguments import refuse_one

__all__ = [
    "add_working_days",
    "easter_sunday",
    "is_working_day",
    "norwegian_public_holidays",
    "subtract_working_days",
    "working_days_between",
]


def _checked_day(value: object, name: str) -> date:
    """``value``, the argument ``name``: a date (a datetime is one); anything else is a
    TypeError."""
    if isinstance(value, date):
        return value
    hint = ": date.fromisoformat() reads the text of a date" if isinstance(value, str) else ""
    raise TypeError(f"{name} is a datetime.date, not {type(value).__name__}{hint}")


def _checked_whole(value: object, name: str) -> int:
    """``value``, the argument ``name``: a whole number (no bool); anything else is a
    TypeError."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise TypeError(f"{name} is a whole number, not {type(value).__name__}")


def easter_sunday(year: int) -> date:
    """Easter Sunday of ``year`` (Gregorian calendar; anonymous Gregorian algorithm)."""
    _checked_whole(year, "year")
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l = (32 + 2 * e + 2 * i - h - k) % 7  # noqa: E741 - the algorithm's name
    m = (a + 11 * h + 22 * l) // 451
    month, day = divmod(h + l - 7 * m + 114, 31)
    return date(year, month, day + 1)


@functools.cache
def norwegian_public_holidays(year: int) -> dict[date, str]:
    """The public holidays of ``year``, by date, with their Norwegian names."""
    easter = easter_sunday(year)
    movable = {
        -3: "Skjærtorsdag",
        -2: "Langfredag",
        0: "Første påskedag",
        1: "Andre påskedag",
        39: "Kristi himmelfartsdag",
        49: "Første pinsedag",
        50: "Andre pinsedag",
    }
    holidays = {easter + timedelta(days=offset): name for offset, name in movable.items()}
    fixed = {
        date(year, 1, 1): "Første nyttårsdag",
        date(year, 5, 1): "Arbeidernes dag",
        date(year, 5, 17): "Grunnlovsdag",
        date(year, 12, 25): "Første juledag",
        date(year, 12, 26): "Andre juledag",
    }
    for day, name in fixed.items():
        # A movable holiday can fall on a fixed one (Whit Monday on 17 May 2027, Ascension Day
        # on 1 May 2008): one date, both names.
        holidays[day] = f"{holidays[day]}, {name}" if day in holidays else name
    return dict(sorted(holidays.items()))


_NO_HOLIDAYS: frozenset[date] = frozenset()


def _holidays(extra_holidays: object) -> frozenset[date]:
    """``extra_holidays`` as a set of dates; anything else is a TypeError (the text of a date is
    equal to no date: that holiday would silently be a working day)."""
    if isinstance(extra_holidays, tuple | frozenset) and not extra_holidays:
        return _NO_HOLIDAYS
    refuse_one(extra_holidays, "extra_holidays", "date", "put it in a list")
    if not isinstance(extra_holidays, Iterable):
        raise TypeError(
            f"extra_holidays is an iterable of datetime.date, not {type(extra_holidays).__name__}"
        )
    holidays = frozenset(extra_holidays)
    for number, day in enumerate(extra_holidays, 1):
        if not isinstance(day, date):
            raise TypeError(
                f"extra_holidays: holiday {number} is a {type(day).__name__}, not a datetime.date"
            )
    return holidays


def is_working_day(day: date, extra_holidays: Iterable[date] = ()) -> bool:
    """Monday–Friday and not a Norwegian public holidays (nor one of ``extra_holidays``)."""
    return _is_working_day(_checked_day(day, "day"), _holidays(extra_holidays))


def _is_working_day(day: date, extra: frozenset[date]) -> bool:
    """:func:`is_working_day` of checked holidays."""
    if day.weekday() >= 5:
        return False
    return day not in norwegian_public_holidays(day.year) and day not in extra


def add_working_days(day: date, count: int, extra_holidays: Iterable[date] = ()) -> date:
    """The date ``count`` working days after ``day`` (before it when ``count`` is negative).

    ``day`` itself is not counted: one working day after Friday is Monday (if not a holiday).
    """
    _checked_day(day, "day")
    _checked_whole(count, "count")
    extra = _holidays(extra_holidays)
    step = 1 if count >= 0 else -1
    remaining = abs(count)
    # (no more working days than days lie between day and the calendar's end: refused at once,
    # not after stepping day by day to it)
    if remaining > ((date.max - day) if step > 0 else (day - date.min)).days:
        raise _past_the_calendar(day, count)
    current = day
    try:
        while remaining:
            current += timedelta(days=step)
            if _is_working_day(current, extra):
                remaining -= 1
    except OverflowError:
        raise _past_the_calendar(day, count) from None
    return current


class BeyondTheCalendarError(ValueError, OverflowError):
    """``count`` working days from ``day`` lie past 9999-12-31 or before 0001-01-01: a
    ValueError naming ``count``, and still the OverflowError that date arithmetic raised
    there before (what the business rules catch, for a window that cannot be computed)."""


def _past_the_calendar(day: date, count: int) -> BeyondTheCalendarError:
    """The error for ``count`` working days from ``day`` past 9999-12-31 or 0001-01-01."""
    way, end = ("after", date.max) if count >= 0 else ("before", date.min)
    return BeyondTheCalendarError(
        f"count: {abs(count)} working days {way} {day.isoformat()} lie beyond {end.isoformat()}, "
        "the calendar's end"
    )


def subtract_working_days(day: date, count: int, extra_holidays: Iterable[date] = ()) -> date:
    """The date ``count`` working days before ``day``."""
    _checked_day(day, "day")
    return add_working_days(day, -_checked_whole(count, "count"), extra_holidays)


def working_days_between(start: date, end: date, extra_holidays: Iterable[date] = ()) -> int:
    """How many working days ``end`` lies after ``start`` (negative when before), counted as
    :func:`add_working_days` steps: ``working_days_between(d, add_working_days(d, n)) == n``."""
    _checked_day(start, "start")
    _checked_day(end, "end")
    extra = _holidays(extra_holidays)
    if end < start:
        # working days d with end <= d < start
        return -sum(
            1 for offset in range((start - end).days)
            if _is_working_day(end + timedelta(days=offset), extra)
        )  # fmt: skip
    return sum(
        1 for offset in range(1, (end - start).days + 1)
        if _is_working_day(start + timedelta(days=offset), extra)
    )  # fmt: skip
