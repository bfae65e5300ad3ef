"""BRS-NO-611 traffic-light usage monitor (issue 7).

Elhub rates every actor's use of BRS-NO-611 green / yellow / red on six measures. This package
builds the event table from message files (:func:`extract`), computes the measures with DuckDB
and reports the worst level per actor and measure (:func:`run_report`). docs/monitor.md
describes the event schema, the measures, the boundary rule and the DST handling.

    from elhub_cim import monitor

    result = monitor.extract(["inbox/"], key=monitor.load_key(None)[0])
    monitor.write_events(result.events, "events.parquet")
    report = monitor.run_report(["events.parquet"])
    print(report.format_text())
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from ..core.arguments import checked_name, refuse_one
from ..core.errors import shown_value
from ..core.extras import require
from ..core.safeparse import checked_limit

require("monitor")  # a clear message naming the extra when it is not installed

from .engine import EventsError, check_memory_limit, compute, connect, open_events
from .extract import Extractor, ExtractResult, Skipped, extract, load_key, write_events
from .report import ActorResult, MeasureResult, Report, build_report
from .schema import COLUMNS, Event, subject_of
from .thresholds import (
    MEASURES,
    Level,
    Thresholds,
    ThresholdsError,
    check_thresholds,
    load_thresholds,
)

__all__ = [
    "COLUMNS",
    "MEASURES",
    "ActorResult",
    "Event",
    "EventsError",
    "ExtractResult",
    "Extractor",
    "Level",
    "MeasureResult",
    "Report",
    "Skipped",
    "Thresholds",
    "ThresholdsError",
    "extract",
    "load_key",
    "load_thresholds",
    "run_report",
    "subject_of",
    "write_events",
]


def run_report(
    paths: Iterable[str | Path],
    *,
    thresholds: Thresholds | None = None,
    first: date | None = None,
    last: date | None = None,
    actors: Iterable[str] = (),
    threads: int | None = None,
    memory_limit: str | None = None,
) -> Report:
    """The traffic-light report of event files (CSV or Parquet)."""
    refuse_one(paths, "paths", "path", "put it in a list")
    # (held: the checks below would use up a generator, leaving no file to read, no actor)
    files = list(paths)
    if not files:  # (the caller's: not EVENTS_INVALID of an input)
        raise ValueError("paths: at least one events file (CSV or Parquet), not none")
    for number, path in enumerate(files, 1):  # (a few files, not their events)
        if not isinstance(path, str | os.PathLike):
            raise TypeError(
                f"paths: path {number} is a {type(path).__name__}, not a str or os.PathLike"
            )
    refuse_one(actors, "actors", "actor", "put it in a list")
    wanted = list(actors)
    for number, actor in enumerate(wanted, 1):  # (what `monitor report --actor` refuses)
        if not isinstance(actor, str):
            raise TypeError(f"actors: actor {number} is a {type(actor).__name__}, not a str")
        if len(actor) != 13 or not actor.isascii() or not actor.isdigit():
            raise ValueError(
                f"actors: actor {number} is a GLN (13 digits), not {shown_value(actor, 40)!r}"
            )
    for name, day in (("first", first), ("last", last)):
        if day is not None and not isinstance(day, date):
            raise TypeError(f"{name} is a datetime.date or None, not {type(day).__name__}")
    if first is not None and last is not None and first > last:  # (`--from is after --to`)
        raise ValueError(f"first ({first.isoformat()}) is after last ({last.isoformat()})")
    if thresholds is not None and not isinstance(thresholds, Thresholds):
        raise TypeError(
            "thresholds is a Thresholds (load_thresholds(path)) or None, "
            f"not {type(thresholds).__name__}"
        )
    if thresholds is not None:
        check_thresholds(thresholds)
    checked_name(memory_limit, "memory_limit")
    if memory_limit:
        check_memory_limit(memory_limit)
    if threads is not None:
        checked_limit(threads, "threads", "a number of threads")
    limits = thresholds or load_thresholds()
    with connect(threads=threads, memory_limit=memory_limit) as con:
        source = open_events(con, files)
        data = compute(con, source, limits, first=first, last=last, actors=wanted)
        return build_report(con, data, limits)
