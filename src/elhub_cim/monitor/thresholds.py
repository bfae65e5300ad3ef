"""Traffic-light thresholds: data (a TOML file), with Elhub's proposed values as the default.

One rule decides every level (``yellow_from`` and ``red_above`` of the measure)::

    green   value <  yellow_from
    yellow  yellow_from <= value <= red_above
    red     value >  red_above
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import IntEnum
from importlib import resources
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..core.arguments import checked_path
from ..core.errors import ElhubCimError, InputReadError, Problem, shown_argument, shown_name

__all__ = [
    "MEASURES",
    "Level",
    "MeasureThresholds",
    "Thresholds",
    "ThresholdsError",
    "default_thresholds_text",
    "load_thresholds",
]

#: The six measures, in report order: (key, label, bucket). Bucket "hour" = a local clock hour,
#: "day" = a local calendar day, "window" = the rolling window ending with a local day.
MEASURES: tuple[tuple[str, str, str], ...] = (
    ("queries_per_metering_point", "queries per metering point per day", "day"),
    ("approved_per_hour", "approved queries per hour", "hour"),
    ("approved_per_day", "approved queries per day", "day"),
    ("rejected_per_hour", "rejected queries per hour", "hour"),
    ("rejected_per_day", "rejected queries per day", "day"),
    ("start_of_supply_ratio", "StartOfSupply queries per start-of-supply request", "window"),
)
MEASURE_KEYS = tuple(key for key, _, _ in MEASURES)
RATIO = "start_of_supply_ratio"


class ThresholdsError(ElhubCimError):
    """A thresholds file that cannot be used (syntax, unknown key, bad value)."""

    default_code = "THRESHOLDS_INVALID"


class Level(IntEnum):
    """Traffic-light level; ordered, so ``max`` is the worst."""

    GREEN = 0
    YELLOW = 1
    RED = 2

    @property
    def label(self) -> str:
        return self.name.lower()


@dataclass(frozen=True, slots=True)
class MeasureThresholds:
    """The two boundaries of one measure (see the module docstring for the rule)."""

    yellow_from: float
    red_above: float

    def level(self, value: float) -> Level:
        if value > self.red_above:
            return Level.RED
        if value >= self.yellow_from:
            return Level.YELLOW
        return Level.GREEN


@dataclass(frozen=True, slots=True)
class Thresholds:
    """All thresholds plus the time zone, the ratio window and the zero-request rule."""

    measures: dict[str, MeasureThresholds]
    timezone: str = "Europe/Oslo"
    window_days: int = 30
    zero_requests_rated_as: float = 1.0
    source: str = "default"

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def __getitem__(self, measure: str) -> MeasureThresholds:
        return self.measures[measure]

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "source": self.source,
            "timezone": self.timezone,
            "rule": "green < yellow_from <= yellow <= red_above < red",
        }
        for key in MEASURE_KEYS:
            t = self.measures[key]
            data[key] = {"yellow_from": _plain(t.yellow_from), "red_above": _plain(t.red_above)}
        data[RATIO] |= {
            "window_days": self.window_days,
            "zero_requests_rated_as": _plain(self.zero_requests_rated_as),
        }
        return data


def _plain(value: float) -> float | int:
    """5000.0 as 5000 (for JSON readers), other values unchanged."""
    return int(value) if value.is_integer() else value


def default_thresholds_text() -> str:
    """The bundled TOML file (Elhub's proposed values), as text."""
    return (resources.files(__package__) / "thresholds.toml").read_text(encoding="utf-8")


def _number(value: Any, where: str, file: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ThresholdsError(
            [Problem("THRESHOLDS_INVALID", f"{where} must be a number, not {value!r}", file=file)]
        )
    if not math.isfinite(value):  # TOML's nan and inf (1e400 too): no level, no SQL, no JSON
        raise ThresholdsError(
            [
                Problem(
                    "THRESHOLDS_INVALID", f"{where} must be a finite number, not {value}", file=file
                )
            ]
        )
    if value < 0:
        raise ThresholdsError(
            [Problem("THRESHOLDS_INVALID", f"{where} must not be negative ({value})", file=file)]
        )
    return float(value)


def _check_zone(name: Any, file: str) -> str:
    if not isinstance(name, str):
        raise ThresholdsError(
            [Problem("THRESHOLDS_INVALID", "timezone must be a string", file=file)]
        )
    try:
        zone = ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ThresholdsError(
            [Problem("THRESHOLDS_INVALID", f"unknown time zone {name!r}", file=file)]
        ) from None
    # Hour buckets are UTC hours labelled in local time: that needs whole-hour offsets, in
    # every year a report can hold. Check every month from 2000 (events start there) to 2100:
    # about 1 200 offsets (a few ms); zones such as Asia/Kolkata, and America/Caracas, whose
    # offset was -04:30 from 2007 to 2016 only.
    for year in range(2000, 2101):
        for month in range(1, 13):
            offset = datetime(year, month, 1, tzinfo=UTC).astimezone(zone).utcoffset()
            if offset is None or offset % timedelta(hours=1):
                raise ThresholdsError(
                    [
                        Problem(
                            "THRESHOLDS_INVALID",
                            f"time zone {name!r} has a UTC offset that is not a whole number "
                            "of hours; hour buckets need whole-hour offsets",
                            file=file,
                        )
                    ]
                )
    return name


def check_thresholds(thresholds: Thresholds) -> None:
    """A ValueError naming the field of ``thresholds`` (a caller's, e.g. made with
    ``dataclasses.replace``) that a thresholds file could not give: the report would fail deep
    inside (DuckDB, zoneinfo) or quietly rate with it (a negative window)."""
    for key in MEASURE_KEYS:
        limits = thresholds.measures.get(key) if isinstance(thresholds.measures, dict) else None
        if not isinstance(limits, MeasureThresholds):
            raise ValueError(f"thresholds.measures: no thresholds for {key} (a MeasureThresholds)")
        for name in ("yellow_from", "red_above"):
            value = getattr(limits, name)
            if isinstance(value, bool) or not isinstance(value, int | float) or not value >= 0:
                raise ValueError(
                    f"thresholds.measures[{key!r}].{name} is a number, at least 0, "
                    f"not {shown_argument(value)}"
                )
        if limits.yellow_from > limits.red_above:
            raise ValueError(
                f"thresholds.measures[{key!r}]: yellow_from ({limits.yellow_from:g}) is greater "
                f"than red_above ({limits.red_above:g})"
            )
    days = thresholds.window_days
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= 366:
        raise ValueError(
            f"thresholds.window_days is a whole number from 1 to 366, not {shown_argument(days)}"
        )
    zero_as = thresholds.zero_requests_rated_as
    if isinstance(zero_as, bool) or not isinstance(zero_as, int | float) or not zero_as > 0:
        raise ValueError(
            "thresholds.zero_requests_rated_as is greater than 0 (a number), "
            f"not {shown_argument(zero_as)}"
        )
    try:
        _check_zone(thresholds.timezone, "thresholds")
    except ThresholdsError as error:
        raise ValueError(f"thresholds.timezone: {error.problems[0].message}") from None


def _parse(data: dict[str, Any], base: Thresholds | None, file: str) -> Thresholds:
    def bad(message: str) -> ThresholdsError:
        return ThresholdsError([Problem("THRESHOLDS_INVALID", message, file=file)])

    allowed_top = {"timezone", *MEASURE_KEYS}
    for key in data:
        if key not in allowed_top:
            raise bad(
                f"unknown key {key!r} (expected timezone or one of {', '.join(MEASURE_KEYS)})"
            )
    measures = dict(base.measures) if base else {}
    window_days = base.window_days if base else 30
    zero_as = base.zero_requests_rated_as if base else 1.0
    timezone = _check_zone(data["timezone"], file) if "timezone" in data else None
    if timezone is None:
        if base is None:
            raise bad("missing key 'timezone'")
        timezone = base.timezone
    for key in MEASURE_KEYS:
        table = data.get(key)
        if table is None:
            if key not in measures:
                raise bad(f"missing table [{key}]")
            continue
        if not isinstance(table, dict):
            raise bad(f"[{key}] must be a table")
        allowed = {"yellow_from", "red_above"}
        if key == RATIO:
            allowed |= {"window_days", "zero_requests_rated_as"}
        for name in table:
            if name not in allowed:
                raise bad(
                    f"unknown key {name!r} in [{key}] (expected {', '.join(sorted(allowed))})"
                )
        previous = measures.get(key)
        yellow = (
            _number(table["yellow_from"], f"{key}.yellow_from", file)
            if "yellow_from" in table
            else previous.yellow_from
            if previous
            else None
        )
        red = (
            _number(table["red_above"], f"{key}.red_above", file)
            if "red_above" in table
            else previous.red_above
            if previous
            else None
        )
        if yellow is None or red is None:
            raise bad(f"[{key}] needs yellow_from and red_above")
        if yellow > red:
            raise bad(f"[{key}] yellow_from ({yellow:g}) is greater than red_above ({red:g})")
        measures[key] = MeasureThresholds(yellow, red)
        if key == RATIO:
            if "window_days" in table:
                days = table["window_days"]
                if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= 366:
                    raise bad(f"[{key}] window_days must be a whole number from 1 to 366")
                window_days = days
            if "zero_requests_rated_as" in table:
                zero_as = _number(
                    table["zero_requests_rated_as"], f"{key}.zero_requests_rated_as", file
                )
                if zero_as <= 0:
                    raise bad(f"[{key}] zero_requests_rated_as must be greater than 0")
    return Thresholds(
        measures=measures,
        timezone=timezone,
        window_days=window_days,
        zero_requests_rated_as=zero_as,
        source=shown_name(file),  # shown in the report, its JSON and the chart
    )


def _load_text(text: str, base: Thresholds | None, file: str) -> Thresholds:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ThresholdsError([Problem("THRESHOLDS_INVALID", str(error), file=file)]) from None
    return _parse(data, base, file)


def load_thresholds(path: str | Path | None = None) -> Thresholds:
    """Elhub's proposed thresholds, overridden by ``path`` when given.

    The file may hold every table or only the values that change; missing keys keep the
    defaults. Unknown keys are errors (a typo must not silently keep a default).
    """
    checked_path(path, optional=True)
    defaults = _load_text(default_thresholds_text(), None, "default")
    if path is None:
        return defaults
    label = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except OSError as error:
        raise InputReadError(
            [Problem("IO_ERROR", f"cannot read: {error.strerror or error}", file=label)]
        ) from error
    except UnicodeDecodeError:
        raise ThresholdsError(
            [Problem("THRESHOLDS_INVALID", "not UTF-8 text", file=label)]
        ) from None
    return _load_text(text, defaults, label)
