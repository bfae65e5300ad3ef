"""The traffic-light report: per actor and measure the worst level, when, and the value."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import duckdb

from .engine import MeasureData, day_of, hour_label, local_day_start
from .thresholds import MEASURES, RATIO, Level, Thresholds

__all__ = ["ActorResult", "MeasureResult", "Report", "build_report"]

_LABELS = {key: label for key, label, _ in MEASURES}
_BUCKETS = {key: bucket for key, _, bucket in MEASURES}


@dataclass(frozen=True, slots=True)
class MeasureResult:
    """One measure of one actor: its worst bucket (the highest value; the earliest on a tie)."""

    measure: str
    level: Level | None  # None: not rated (no bucket had data for this measure)
    value: float | None  # math.inf for a ratio with no start-of-supply request
    rated: float | None  # the value the level was decided on (finite)
    bucket: int | None  # UTC hour index (hour measures) or local day index (others)
    when: str | None  # local time: "2026-10-25 02:00+01:00" or "2026-10-25"
    numerator: int | None
    denominator: int | None
    buckets: int  # buckets rated in the period
    yellow: int  # ... of which yellow
    red: int  # ... of which red
    window_days: int | None = None

    @property
    def label(self) -> str:
        return _LABELS[self.measure]

    @property
    def bucket_kind(self) -> str:
        return _BUCKETS[self.measure]

    def window_from(self) -> date | None:
        if self.measure != RATIO or self.bucket is None or self.window_days is None:
            return None
        return day_of(self.bucket) - timedelta(days=self.window_days - 1)

    def bucket_start(self, thresholds: Thresholds) -> datetime | None:
        """UTC start of the worst bucket (for a ratio: the start of the window's last day)."""
        if self.bucket is None:
            return None
        if self.bucket_kind == "hour":
            return datetime.fromtimestamp(self.bucket * 3600, UTC)
        return local_day_start(day_of(self.bucket), thresholds.zone)

    def value_text(self) -> str:
        if self.value is None:
            return "-"
        if self.measure == RATIO:
            if math.isinf(self.value):
                return f"∞ ({self.numerator}:0)"
            return f"{self._hundredths()}:1 ({self.numerator}:{self.denominator})"
        if self.measure == "queries_per_metering_point":
            return f"{self._hundredths()} ({self.numerator}/{self.denominator})"
        return str(int(self.value))

    def _hundredths(self) -> str:
        """The value to two decimals, rounded towards its level: up when red, else down. To the
        nearest, 9.999 showed as 10.00 in green and 20.004 as 20.00 in red, where 10 and 20 are
        yellow: the text contradicted the colour (the boundaries: green < yellow_from <= yellow
        <= red_above < red)."""
        assert self.value is not None
        numerator, denominator = self.numerator, self.denominator
        if numerator is None or not denominator or denominator < 0 or numerator < 0:
            return f"{self.value:.2f}"  # (not a fraction of counts: as it is)
        # Exact, in integers: the float quotient of 1001/100 is 10.009999...
        if self.level is Level.RED:
            cents = -(-100 * numerator // denominator)
        else:
            cents = 100 * numerator // denominator
        return f"{cents // 100}.{cents % 100:02d}"

    def when_text(self) -> str:
        if self.when is None:
            return "-"
        start = self.window_from()
        return f"{start.isoformat()}..{self.when}" if start else self.when

    def to_dict(self, thresholds: Thresholds) -> dict[str, Any]:
        start = self.bucket_start(thresholds)
        data: dict[str, Any] = {
            "level": self.level.label if self.level is not None else None,
            "value": None if self.value is None or math.isinf(self.value) else self.value,
            "infinite": bool(self.value is not None and math.isinf(self.value)),
            "rated_value": self.rated,
            "when": self.when,
            "bucket": self.bucket_kind,
            "bucket_start_utc": start.isoformat().replace("+00:00", "Z") if start else None,
            "buckets": self.buckets,
            "yellow_buckets": self.yellow,
            "red_buckets": self.red,
        }
        if self.measure == RATIO:
            window_start = self.window_from()
            data["window_from"] = window_start.isoformat() if window_start else None
            data["start_of_supply_queries"] = self.numerator
            data["start_of_supply_requests"] = self.denominator
        elif self.measure == "queries_per_metering_point":
            data["queries"] = self.numerator
            data["metering_points"] = self.denominator
        return data


@dataclass(frozen=True, slots=True)
class ActorResult:
    actor: str
    measures: dict[str, MeasureResult]

    @property
    def worst(self) -> Level | None:
        levels = [m.level for m in self.measures.values() if m.level is not None]
        return max(levels) if levels else None


@dataclass(frozen=True, slots=True)
class Report:
    first: date | None
    last: date | None
    events: int
    thresholds: Thresholds
    actors: list[ActorResult]

    @property
    def worst(self) -> Level | None:
        levels = [a.worst for a in self.actors if a.worst is not None]
        return max(levels) if levels else None

    def counts(self) -> dict[str, int]:
        counts = {"red": 0, "yellow": 0, "green": 0, "not rated": 0}
        for actor in self.actors:
            worst = actor.worst
            counts[worst.label if worst is not None else "not rated"] += 1
        return counts

    def to_dict(self) -> dict[str, Any]:
        return {
            "period": {
                "from": self.first.isoformat() if self.first else None,
                "to": self.last.isoformat() if self.last else None,
                "timezone": self.thresholds.timezone,
            },
            "events": self.events,
            "thresholds": self.thresholds.to_dict(),
            "summary": {"actors": len(self.actors), **self.counts()},
            "worst": self.worst.label if self.worst is not None else None,
            "actors": [
                {
                    "actor": a.actor,
                    "worst": a.worst.label if a.worst is not None else None,
                    "measures": {
                        key: result.to_dict(self.thresholds) for key, result in a.measures.items()
                    },
                }
                for a in self.actors
            ],
        }

    def format_text(self, style: Callable[[str, Level | None], str] | None = None) -> str:
        """A table: one line per actor and measure. ``style`` may colour a level's text."""

        def styled(text: str, level: Level | None) -> str:
            return style(text, level) if style else text

        period = (
            f"{self.first.isoformat()} to {self.last.isoformat()}"
            if self.first and self.last
            else "no events"
        )
        lines = [
            f"BRS-NO-611 traffic lights, {period} ({self.thresholds.timezone}): "
            f"{self.events} events, {len(self.actors)} actors; thresholds: "
            f"{self.thresholds.source}",
        ]
        if not self.actors:
            lines.append("No events in the period: nothing to rate.")
            return "\n".join(lines)
        header = ("actor", "measure", "level", "value", "when (local time)", "yellow", "red")
        rows: list[tuple[str, ...]] = []
        levels: list[Level | None] = []
        for actor in self.actors:
            for index, (key, _, _) in enumerate(MEASURES):
                result = actor.measures[key]
                rows.append(
                    (
                        actor.actor if index == 0 else "",
                        result.label,
                        result.level.label if result.level is not None else "-",
                        result.value_text(),
                        result.when_text(),
                        str(result.yellow),
                        str(result.red),
                    )
                )
                levels.append(result.level)
        widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

        def line(row: tuple[str, ...], level: Level | None = None, color: bool = False) -> str:
            cells = [cell.ljust(widths[i]) for i, cell in enumerate(row)]
            if color:
                cells[2] = styled(cells[2], level)
            return "  ".join(cells).rstrip()

        lines.append("")
        lines.append(line(header))
        for row, level in zip(rows, levels, strict=True):
            if row[0]:
                lines.append("")
            lines.append(line(row, level, color=True))
        counts = self.counts()
        lines.append("")
        lines.append(
            f"{len(self.actors)} actors: {counts['red']} red, {counts['yellow']} yellow, "
            f"{counts['green']} green"
            + (f", {counts['not rated']} not rated" if counts["not rated"] else "")
        )
        return "\n".join(lines)


def _label(measure: str, bucket: int, thresholds: Thresholds) -> str:
    if _BUCKETS[measure] == "hour":
        return hour_label(bucket, thresholds.zone)
    return day_of(bucket).isoformat()


def build_report(
    con: duckdb.DuckDBPyConnection, data: MeasureData, thresholds: Thresholds
) -> Report:
    """Read the worst bucket of every (actor, measure) from ``monitor_values``."""
    # One aggregation (no window, no sort): the worst bucket is the highest rated value, the
    # earliest bucket on a tie, i.e. the largest (rated, -bucket).
    rows = con.execute(
        """SELECT actor, measure,
                  arg_max({'bucket': bucket, 'value': value, 'rated': rated,
                           'numerator': numerator, 'denominator': denominator,
                           'level': level}, (rated, -bucket)),
                  count(*), count_if(level = 1), count_if(level = 2)
           FROM monitor_values
           GROUP BY actor, measure"""
    ).fetchall()
    found: dict[str, dict[str, MeasureResult]] = {actor: {} for actor in data.actors}
    for actor, measure, top, n, y, r in rows:
        bucket, value, rated = top["bucket"], top["value"], top["rated"]
        numerator, denominator, level = top["numerator"], top["denominator"], top["level"]
        # A highest value of 0 (nothing approved, say) did not happen at any particular time.
        worst = int(bucket) if rated else None
        found.setdefault(actor, {})[measure] = MeasureResult(
            measure=measure,
            level=Level(int(level)),
            value=float(value),
            rated=float(rated),
            bucket=worst,
            when=None if worst is None else _label(measure, worst, thresholds),
            numerator=None if numerator is None else int(numerator),
            denominator=None if denominator is None else int(denominator),
            buckets=int(n),
            yellow=int(y),
            red=int(r),
            window_days=thresholds.window_days if measure == RATIO else None,
        )
    actors = []
    for actor in sorted(found):
        measures = {
            key: found[actor].get(key)
            or MeasureResult(key, None, None, None, None, None, None, None, 0, 0, 0)
            for key, _, _ in MEASURES
        }
        actors.append(ActorResult(actor, measures))
    actors.sort(key=lambda a: (-(a.worst if a.worst is not None else -1), a.actor))
    period = data.period
    return Report(
        first=period.first if period else None,
        last=period.last if period else None,
        events=data.events,
        thresholds=thresholds,
        actors=actors,
    )
