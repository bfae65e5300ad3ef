"""Interval time series: reading them, checking them, and laying them out as matrices.

Input is *long format*: one row per metering point and interval, ``metering_point, start, kwh``,
``start`` an ISO 8601 date-time with its UTC offset (``2026-03-29T03:00:00+02:00``), ``kwh`` the
volume of the interval that starts there (production for a contributor, consumption for a
recipient). :class:`Readings` holds such rows as columns; :meth:`IntervalData.build` checks them
against a set-up and lays them out as ``intervals × participants`` matrices of exact integer
counts of the volume resolution.

Interval starts are instants: they are handled as seconds since the epoch (UTC), so a day with a
daylight-saving change simply has 92 or 100 quarter-hours (23 or 25 hours). The grid is the
epoch's: 15-minute starts at :00, :15, :30, :45 and hourly starts at :00, which is the same in
local time because Norway's offsets are whole hours.
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
from numpy.typing import NDArray

from ..core.arguments import checked_flag, refuse_one
from ..core.dates import offset_minutes_out_of_range
from ..core.errors import InputReadError, Problem, shown_argument
from .errors import (
    MAX_PROBLEMS,
    SHARE_DUPLICATE_INTERVAL,
    SHARE_FORMAT,
    SHARE_GAP,
    SHARE_MISALIGNED,
    SHARE_MISSING_SERIES,
    SHARE_NEGATIVE,
    SHARE_PERIOD,
    SHARE_PRECISION,
    SHARE_RANGE,
    SHARE_RESOLUTION,
    SHARE_UNKNOWN_PARTICIPANT,
    SharingError,
    problem,
    raise_problems,
)
from .setup import SharingSetup
from .units import PrecisionError, checked_decimals
from .units import _to_units as to_units
from .units import _units_text as units_text

__all__ = [
    "CSV_COLUMNS",
    "SUPPORTED_INTERVALS",
    "IntervalData",
    "Readings",
    "format_instant",
    "read_csv",
    "read_parquet",
    "read_series",
    "to_epoch_seconds",
]

CSV_COLUMNS = ("metering_point", "start", "kwh")
#: Interval lengths in minutes: 15-minute and hourly metering.
SUPPORTED_INTERVALS = (15, 60)
_SUPPORTED_SECONDS = tuple(60 * m for m in SUPPORTED_INTERVALS)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _checked_interval(interval_minutes: object) -> None:
    """A ValueError unless ``interval_minutes``, the caller's interval length, is one of
    :data:`SUPPORTED_INTERVALS` (not a finding of the set-up file, which does not hold it)."""
    if isinstance(interval_minutes, bool) or interval_minutes not in SUPPORTED_INTERVALS:
        raise ValueError(
            f"interval_minutes is {' or '.join(map(str, SUPPORTED_INTERVALS))} (minutes), "
            f"not {shown_argument(interval_minutes)}"
        )


_SECOND = timedelta(seconds=1)
#: Volumes must stay below this many resolution units, so that sums over participants and the
#: products of the rounding stay exact in 64-bit integers (2**62 / 2**20).
MAX_UNITS = 2**42
#: Interval starts must lie a day inside the calendar's ends (epoch seconds of 0001-01-02 and
#: 9999-12-30, UTC), so that they can be named in every time zone.
FIRST_START = (datetime(1, 1, 2, tzinfo=UTC) - _EPOCH) // _SECOND
LAST_START = (datetime(9999, 12, 30, tzinfo=UTC) - _EPOCH) // _SECOND


def to_epoch_seconds(moment: datetime) -> int:
    """Whole seconds since the epoch of an aware date-time (``ValueError`` if naive)."""
    if moment.utcoffset() is None:
        raise ValueError(f"{moment.isoformat()} has no UTC offset")
    return (moment - _EPOCH) // _SECOND


def format_instant(seconds: int, tz: ZoneInfo) -> str:
    """ISO 8601 text, with the offset of ``tz``, of an instant in epoch seconds."""
    return datetime.fromtimestamp(int(seconds), tz).isoformat()


@dataclass(frozen=True, eq=False)
class Readings:
    """Long-format rows as columns: which metering point, interval start, volume.

    ``ids`` are the distinct metering points; ``codes[i]`` is the index in ``ids`` of row ``i``;
    ``starts`` are epoch seconds; ``units`` exact counts of ``10**-decimals`` kWh.
    """

    ids: tuple[str, ...]
    codes: NDArray[np.int64]
    starts: NDArray[np.int64]
    units: NDArray[np.int64]
    decimals: int
    source: str | None = None

    def __len__(self) -> int:
        return int(self.codes.shape[0])

    @classmethod
    def from_rows(
        cls,
        rows: Iterable[tuple[str, datetime | str, str | Decimal | int | float]],
        decimals: int,
        *,
        source: str | None = None,
    ) -> Readings:
        """Rows of ``(metering_point, start, kwh)``; ``start`` aware or ISO 8601 text."""
        builder = _Builder(decimals, source)
        for number, (metering_point, start, kwh) in enumerate(rows, start=1):
            builder.add(number, metering_point, start, kwh, where=f"row {number}")
        return builder.finish()

    @classmethod
    def from_values(
        cls,
        values: Mapping[str, Mapping[datetime, str | Decimal | int | float]],
        decimals: int,
    ) -> Readings:
        """``{metering_point: {start: kwh}}``, the handiest form in Python code and tests."""
        return cls.from_rows(
            ((mp, start, kwh) for mp, series in values.items() for start, kwh in series.items()),
            decimals,
        )

    @classmethod
    def concat(cls, parts: Iterable[Readings]) -> Readings:
        """All rows of several inputs (e.g. one file per metering point)."""
        parts = list(parts)
        if not parts:
            empty = np.zeros(0, dtype=np.int64)
            return cls((), empty, empty, empty, 0)
        decimals = {p.decimals for p in parts}
        if len(decimals) != 1:
            raise ValueError("readings with different resolutions cannot be combined")
        if len(parts) == 1:
            return parts[0]
        ids: dict[str, int] = {}
        codes = []
        for part in parts:
            remap = np.array([ids.setdefault(i, len(ids)) for i in part.ids], dtype=np.int64)
            codes.append(remap[part.codes] if len(part.ids) else part.codes)
        return cls(
            tuple(ids),
            np.concatenate(codes),
            np.concatenate([p.starts for p in parts]),
            np.concatenate([p.units for p in parts]),
            decimals.pop(),
            source=", ".join(p.source or "?" for p in parts),
        )


class _Builder:
    """Collects parsed rows; problems carry file and line."""

    def __init__(self, decimals: int, source: str | None) -> None:
        self.decimals = decimals
        self.source = source
        self.ids: dict[str, int] = {}
        self.codes: list[int] = []
        self.starts: list[int] = []
        self.units: list[int] = []
        self.problems: list[Problem] = []
        self.hidden = 0

    def fail(self, code: str, message: str, line: int | None) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(problem(code, message, file=self.source, line=line))
        else:
            self.hidden += 1

    def add(
        self,
        line: int | None,
        metering_point: Any,
        start: Any,
        kwh: Any,
        *,
        where: str,
    ) -> None:
        ok = True
        mp = str(metering_point).strip() if metering_point is not None else ""
        start_text = start.isoformat() if isinstance(start, datetime) else str(start)
        if not mp:
            self.fail(SHARE_FORMAT, f"{where}: no metering point", line)
            ok = False
        seconds = 0
        try:
            if isinstance(start, str):
                if offset_minutes_out_of_range(start):
                    raise ValueError  # Python reads +02:75 as +03:15
                moment = datetime.fromisoformat(start.strip())
            else:
                moment = start
            if not isinstance(moment, datetime):
                raise TypeError
            if moment.utcoffset() is None:
                self.fail(
                    SHARE_FORMAT,
                    f"{where}: start {start} has no UTC offset (write e.g. +01:00 or Z)",
                    line,
                )
                ok = False
            else:
                seconds = to_epoch_seconds(moment)
                if not FIRST_START <= seconds <= LAST_START:
                    self.fail(SHARE_RANGE, f"{where}: start {start} is out of range", line)
                    ok = False
                elif moment.microsecond:
                    self.fail(
                        SHARE_MISALIGNED, f"{where}: start {start} is not on a whole minute", line
                    )
                    ok = False
        except (TypeError, ValueError):
            self.fail(SHARE_FORMAT, f"{where}: start {start!r} is not an ISO 8601 date-time", line)
            ok = False
        units = 0
        try:
            if kwh is None or (isinstance(kwh, str) and not kwh.strip()):
                raise ValueError("no volume")
            units = to_units(kwh, self.decimals)
        except PrecisionError as error:
            self.fail(SHARE_PRECISION, f"{where} ({mp} at {start_text}): {error}", line)
            ok = False
        except ValueError as error:
            self.fail(SHARE_FORMAT, f"{where}: kwh {kwh!r} is not a volume ({error})", line)
            ok = False
        if ok and abs(units) >= MAX_UNITS:
            self.fail(
                SHARE_RANGE, f"{where} ({mp} at {start_text}): {kwh} kWh is out of range", line
            )
            ok = False
        if ok:
            self.codes.append(self.ids.setdefault(mp, len(self.ids)))
            self.starts.append(seconds)
            self.units.append(units)

    def finish(self) -> Readings:
        raise_problems(self.problems, more=self.hidden)
        return Readings(
            tuple(self.ids),
            np.array(self.codes, dtype=np.int64),
            np.array(self.starts, dtype=np.int64),
            np.array(self.units, dtype=np.int64),
            self.decimals,
            source=self.source,
        )


def read_csv(path: str | os.PathLike[str], decimals: int) -> Readings:
    """A long-format CSV file: header ``metering_point,start,kwh`` (any order), UTF-8.

    Raises :class:`~elhub_cim.core.errors.InputReadError` when the file cannot be read and
    :class:`~elhub_cim.sharing.SharingError` (file and line in each problem) for bad rows.
    """
    checked_decimals(decimals)
    label = os.fspath(path)
    try:
        text = Path(path).read_bytes().decode("utf-8-sig")
    except OSError as error:
        raise InputReadError(
            f"cannot read {label}: {error.strerror or error}", file=label
        ) from None
    except UnicodeDecodeError:
        raise_problems([problem(SHARE_FORMAT, "not UTF-8 text", file=label)])
        raise AssertionError("unreachable") from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
    except csv.Error as error:
        raise_problems([problem(SHARE_FORMAT, _unreadable(error, 1), file=label, line=1)])
    columns = [c.strip().lower() for c in header] if header else []
    if sorted(columns) != sorted(CSV_COLUMNS):
        raise_problems(
            [
                problem(
                    SHARE_FORMAT,
                    f"the header must name the columns {','.join(CSV_COLUMNS)} (found "
                    f"{','.join(columns) if columns else 'nothing'})",
                    file=label,
                    line=1,
                )
            ]
        )
    where = [columns.index(c) for c in CSV_COLUMNS]
    builder = _Builder(decimals, label)
    while True:
        first = reader.line_num + 1  # where the next row starts
        try:
            row = next(reader, None)
        except csv.Error as error:  # e.g. a quote left open: the rest of the file in one field
            builder.fail(SHARE_FORMAT, _unreadable(error, first), first)
            break
        if row is None:
            break
        line = reader.line_num
        if not row or (len(row) == 1 and not row[0].strip()):
            continue
        if len(row) != len(columns):
            builder.fail(SHARE_FORMAT, f"{len(row)} fields, expected {len(columns)}", line)
            continue
        builder.add(line, row[where[0]], row[where[1]], row[where[2]], where=f"line {line}")
    return builder.finish()


def _unreadable(error: csv.Error, line: int) -> str:
    return f"line {line}: not readable as CSV ({error}; a quote left open?)"


#: SQL over the Parquet file (its path is always a bound parameter). Only the fixed column
#: expressions of ``read_parquet`` and integer literals are ever put into the text.
_NUMBERED = (
    "WITH ids AS (SELECT DISTINCT CAST(metering_point AS VARCHAR) AS mp FROM read_parquet(?)), "
    "numbered AS (SELECT mp, CAST(row_number() OVER (ORDER BY mp) - 1 AS BIGINT) AS code "
    "FROM ids) "
)
_EXACT_KWH_TYPES = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "UTINYINT", "USMALLINT")
_DECIMAL_TYPE = re.compile(r"DECIMAL\([0-9]+, ?[0-9]+\)")


def read_parquet(path: str | os.PathLike[str], decimals: int) -> Readings:
    """A long-format Parquet file with columns ``metering_point``, ``start``, ``kwh``.

    ``start``: a timestamp adjusted to UTC (``TIMESTAMP WITH TIME ZONE``) or ISO 8601 text with
    offset; a timestamp without time zone is refused (it would be ambiguous at the autumn DST
    change). ``kwh``: DECIMAL or integer (exact; preferred), text, or floating point (read through
    its shortest decimal text). Read with DuckDB.
    """
    import duckdb

    checked_decimals(decimals)
    label = os.fspath(path)
    if not Path(path).is_file():
        raise InputReadError(f"cannot read {label}: no such file", file=label)
    parameters = [str(path)]

    def fail(message: str, code: str = SHARE_FORMAT) -> SharingError:
        return SharingError([problem(code, message, file=label)])

    con = duckdb.connect(":memory:")
    try:
        try:
            described = con.execute("DESCRIBE SELECT * FROM read_parquet(?)", parameters).fetchall()
        except duckdb.Error as error:
            raise InputReadError(
                f"cannot read {label} as Parquet: {_duckdb_text(error)}", file=label
            ) from None
        types = {str(row[0]).lower(): str(row[1]).upper() for row in described}
        missing = [c for c in CSV_COLUMNS if c not in types]
        if missing:
            raise fail(
                f"missing column(s) {', '.join(missing)} (found {', '.join(types) or 'none'})"
            )
        start_type, kwh_type = types["start"], types["kwh"]
        if start_type in ("TIMESTAMP WITH TIME ZONE", "TIMESTAMPTZ"):
            start_sql, start_is_text = "epoch_us(t.start)", False
        elif start_type == "VARCHAR":
            start_sql, start_is_text = "t.start", True
        else:
            raise fail(
                f"column start is {start_type}: use a timestamp adjusted to UTC (with time zone)"
                " or ISO 8601 text with offset"
            )
        # (a list of decimals, "DECIMAL(4,1)[]", is no DECIMAL: it is refused row by row)
        exact = _DECIMAL_TYPE.fullmatch(kwh_type) is not None or kwh_type in _EXACT_KWH_TYPES
        nulls = con.execute(
            "SELECT count(*) FROM read_parquet(?) "
            "WHERE metering_point IS NULL OR start IS NULL OR kwh IS NULL",
            parameters,
        ).fetchone()
        if nulls and nulls[0]:
            raise fail(f"{nulls[0]} row(s) with an empty metering_point, start or kwh")
        raw_ids = [
            str(r[0])
            for r in con.execute(
                _NUMBERED + "SELECT mp FROM numbered ORDER BY code",  # noqa: S608 (constants)
                parameters,
            ).fetchall()
        ]
        # A metering point is read as read_csv reads it (Python's strip): ' A' and 'A' are one,
        # and one of blanks is none. Codes of the padded forms are merged below.
        blank = [mp for mp in raw_ids if not mp.strip()]
        if blank:
            found = con.execute(
                "SELECT count(*) FROM read_parquet(?) "
                "WHERE list_contains(?, CAST(metering_point AS VARCHAR))",
                [*parameters, blank],
            ).fetchone()
            raise fail(f"{found[0] if found else '?'} row(s) with no metering point")
        ids = tuple(sorted({mp.strip() for mp in raw_ids}))
        code_of = {mp: n for n, mp in enumerate(ids)}
        merged = np.array([code_of[mp.strip()] for mp in raw_ids], dtype=np.int64)
        if exact:
            lost = con.execute(
                "SELECT CAST(metering_point AS VARCHAR), CAST(kwh AS VARCHAR) "  # noqa: S608 (ints)
                "FROM read_parquet(?) "
                f"WHERE kwh <> round(kwh, {int(decimals)}) LIMIT {MAX_PROBLEMS}",
                parameters,
            ).fetchall()
            if lost:
                raise_problems(
                    [
                        problem(
                            SHARE_PRECISION,
                            f"{mp.strip()}: {kwh} kWh has more decimals than the resolution "
                            f"({units_text(1, decimals)} kWh)",
                            file=label,
                        )
                        for mp, kwh in lost
                    ]
                )
            # Beyond MAX_UNITS the cast below fails with DuckDB's conversion error (the query's
            # text in it); the builder's limit, named by metering point and volume.
            limit = f"{MAX_UNITS} / {int(10**decimals)}"
            huge = con.execute(
                "SELECT CAST(metering_point AS VARCHAR), CAST(kwh AS VARCHAR) "  # noqa: S608 (ints)
                f"FROM read_parquet(?) WHERE kwh >= {limit} OR kwh <= -({limit}) "
                f"LIMIT {MAX_PROBLEMS}",
                parameters,
            ).fetchall()
            if huge:
                raise_problems(
                    [
                        problem(SHARE_RANGE, f"{mp.strip()}: {kwh} kWh is out of range", file=label)
                        for mp, kwh in huge
                    ]
                )
        if exact and not start_is_text:
            kwh_sql = (
                f"CAST(CAST(round(t.kwh, {int(decimals)}) AS DECIMAL(38, {int(decimals)})) "
                f"* {int(10**decimals)} AS BIGINT)"
            )
        else:  # row by row through the builder, which reads volumes from their exact text
            kwh_sql = "CAST(t.kwh AS VARCHAR)"
        try:
            columns = con.execute(
                _NUMBERED + f"SELECT n.code AS code, {start_sql} AS start, {kwh_sql} AS kwh "  # noqa: S608
                "FROM read_parquet(?) AS t JOIN numbered AS n "
                "ON CAST(t.metering_point AS VARCHAR) = n.mp",
                parameters * 2,
            ).fetchnumpy()
        except duckdb.Error as error:
            raise fail(f"cannot read the volumes: {_duckdb_text(error)}", SHARE_RANGE) from None
    finally:
        con.close()
    codes = merged[np.asarray(columns["code"], dtype=np.int64)]
    if start_is_text or not exact:
        builder = _Builder(decimals, label)
        builder.ids = {mp: n for n, mp in enumerate(ids)}
        raw_starts = columns["start"]
        raw_kwh = columns["kwh"]
        for row in range(codes.shape[0]):
            start = raw_starts[row]
            if not start_is_text:
                try:
                    start = _EPOCH + timedelta(microseconds=int(start))
                except OverflowError:
                    start = f"{int(start)} microseconds after 1970"  # refused as not a date
            builder.add(None, ids[codes[row]], start, raw_kwh[row], where=f"row {row + 1}")
        return builder.finish()
    starts, rest = np.divmod(np.asarray(columns["start"], dtype=np.int64), 1_000_000)
    outside = (starts < FIRST_START) | (starts > LAST_START)
    if outside.any():
        raise fail(f"row {int(np.flatnonzero(outside)[0]) + 1}: start is out of range", SHARE_RANGE)
    if rest.any():
        row = int(np.flatnonzero(rest)[0])
        raise fail(f"row {row + 1}: start is not on a whole second", SHARE_MISALIGNED)
    units = np.asarray(columns["kwh"], dtype=np.int64)
    if (np.abs(units) >= MAX_UNITS).any():
        raise fail("a volume is out of range", SHARE_RANGE)
    return Readings(ids, codes, starts, units, decimals, source=label)


def _duckdb_text(error: Exception) -> str:
    """What a DuckDB error says about the input, on one line: not the query it ran, with a
    caret line under it."""
    return " ".join(str(error).split("\n\n")[0].split())


def read_series(paths: Iterable[str | os.PathLike[str]], decimals: int) -> Readings:
    """Rows of all files (``.csv`` or ``.parquet``), in one :class:`Readings`. One path given
    for ``paths`` is a TypeError (iterating over it would take each character for a file)."""
    refuse_one(paths, "paths", "path", "put it in a list, or call read_csv or read_parquet")
    if not isinstance(paths, Iterable):
        raise TypeError(f"paths is an iterable of paths, not {type(paths).__name__}")
    checked_decimals(decimals)
    parts = []
    for path in paths:
        suffix = Path(path).suffix.lower()
        if suffix == ".csv":
            parts.append(read_csv(path, decimals))
        elif suffix in (".parquet", ".pq"):
            parts.append(read_parquet(path, decimals))
        else:
            raise InputReadError(
                f"time series {os.fspath(path)}: use .csv or .parquet", file=os.fspath(path)
            )
    return Readings.concat(parts)


@dataclass(frozen=True, eq=False)
class IntervalData:
    """Checked time series of one set-up: an unbroken run of equal intervals.

    ``production[t, k]`` is what contributor ``setup.contributors[k]`` produced in interval
    ``t``; ``consumption[t, r]`` what recipient ``setup.recipients[r]`` consumed; both exact
    non-negative counts of the set-up's volume resolution (``int64``). Interval ``t`` starts
    ``first_start + t * interval_seconds`` seconds after the epoch. ``missing[t, r]`` (or
    ``None``: nothing missing) marks a recipient without a value in an interval (its
    ``consumption`` there is 0 and means nothing): see :func:`~elhub_cim.sharing.allocate` for
    what is still allocated.
    """

    setup: SharingSetup
    first_start: int
    interval_seconds: int
    production: NDArray[np.int64]
    consumption: NDArray[np.int64]
    missing: NDArray[np.bool_] | None = None

    @property
    def count(self) -> int:
        """Number of intervals."""
        return int(self.production.shape[0])

    @property
    def interval_minutes(self) -> int:
        return self.interval_seconds // 60

    @property
    def starts(self) -> NDArray[np.int64]:
        """Interval starts, epoch seconds."""
        return self.first_start + self.interval_seconds * np.arange(self.count, dtype=np.int64)

    def start_of(self, interval: int) -> datetime:
        """Start of interval ``interval`` in the set-up's time zone."""
        return datetime.fromtimestamp(
            self.first_start + self.interval_seconds * interval, self.setup.tz
        )

    def start_datetimes(self) -> list[datetime]:
        """All interval starts, aware, in the set-up's time zone."""
        tz = self.setup.tz
        return [datetime.fromtimestamp(int(s), tz) for s in self.starts]

    @classmethod
    def from_arrays(
        cls,
        setup: SharingSetup,
        first_start: datetime,
        interval_minutes: int,
        production: Any,
        consumption: Any,
    ) -> IntervalData:
        """Matrices already in resolution units: ``production`` (intervals × contributors, or
        one column as a 1-D array) and ``consumption`` (intervals × recipients), columns in the
        set-up's (ascending id) order. Checked for shape, sign and range; not copied when
        already C-contiguous ``int64``. Arguments of the wrong type are a TypeError that names
        them (a naive ``first_start`` a ValueError).
        """
        if not isinstance(setup, SharingSetup):
            raise TypeError(
                f"setup is a SharingSetup (load_setup(path)), not {type(setup).__name__}"
            )
        if not isinstance(first_start, datetime):  # (a date has no time of day to start at)
            raise TypeError(
                f"first_start is an aware datetime.datetime, not {type(first_start).__name__}"
            )
        if first_start.utcoffset() is None:
            raise ValueError(
                "first_start is an aware datetime (with its time zone), not a naive one: the "
                "interval it starts is not known"
            )
        _checked_interval(interval_minutes)
        seconds = interval_minutes * 60
        start = to_epoch_seconds(first_start)
        tz = setup.tz
        if start % seconds:
            raise_problems(
                [
                    problem(
                        SHARE_MISALIGNED,
                        f"first interval {format_instant(start, tz)} is not on the "
                        f"{interval_minutes}-minute grid",
                        file=setup.source,
                    )
                ]
            )
        prod = _int_matrix(production, "production")
        if prod.ndim == 1:
            prod = prod.reshape(-1, 1)
        cons = _int_matrix(consumption, "consumption")
        shapes_ok = (
            prod.ndim == 2
            and cons.ndim == 2
            and prod.shape == (cons.shape[0], len(setup.contributors))
            and cons.shape[1] == len(setup.recipients)
        )
        if not shapes_ok:
            raise ValueError(
                f"production {prod.shape} and consumption {cons.shape} do not match "
                f"{len(setup.contributors)} contributor(s) and {len(setup.recipients)} recipients"
            )
        data = cls(setup, start, seconds, prod, cons)
        problems = data._sign_problems()
        problems += _period_problems(setup, start, start + seconds * data.count, seconds)
        raise_problems(problems)
        return data

    def _sign_problems(self) -> list[Problem]:
        problems: list[Problem] = []
        for matrix, ids in (
            (self.production, self.setup.contributors),
            (self.consumption, self.setup.recipients),
        ):
            if matrix.size == 0:
                continue
            low, high = int(matrix.min()), int(matrix.max())
            if low < 0:
                rows, cols = np.nonzero(matrix < 0)
                for t, c in zip(rows[:MAX_PROBLEMS], cols[:MAX_PROBLEMS], strict=True):
                    problems.append(self._at(SHARE_NEGATIVE, "negative volume", t, ids[c]))
            if high >= MAX_UNITS:
                rows, cols = np.nonzero(matrix >= MAX_UNITS)
                problems.append(self._at(SHARE_RANGE, "volume out of range", rows[0], ids[cols[0]]))
        return problems

    def _at(self, code: str, message: str, interval: Any, participant: str) -> Problem:
        start = format_instant(
            self.first_start + self.interval_seconds * int(interval), self.setup.tz
        )
        return problem(code, f"{participant}: interval {start}: {message}", file=self.setup.source)

    @classmethod
    def build(
        cls,
        setup: SharingSetup,
        readings: Readings,
        *,
        interval_minutes: int | None = None,
        allow_missing_recipients: bool = True,
    ) -> IntervalData:
        """Check ``readings`` against ``setup`` and lay them out as matrices.

        A recipient without values (no series, or gaps) is not an error unless
        ``allow_missing_recipients`` is false: it is marked in :attr:`missing` and
        :func:`~elhub_cim.sharing.allocate` decides, per key and model, what can still be
        allocated. A contributor without values always is (there is nothing to share).

        The interval length is ``interval_minutes`` or, when ``None``, the shortest spacing
        found in the input (15 or 60 minutes). The period runs from the earliest to the latest
        start found; every participant must have every interval of it. Raises
        :class:`~elhub_cim.sharing.SharingError` naming participant and interval for unknown
        participants, missing series, negative volumes, misaligned, duplicated or missing
        intervals, mixed interval lengths and intervals outside the set-up's validity.
        Arguments of the wrong type are a TypeError that names them.
        """
        if not isinstance(setup, SharingSetup):
            raise TypeError(
                f"setup is a SharingSetup (load_setup(path)), not {type(setup).__name__}"
            )
        if not isinstance(readings, Readings):
            raise TypeError(
                "readings is a Readings (read_series(paths, setup.decimals)), "
                f"not {type(readings).__name__}"
            )
        if interval_minutes is not None and (
            isinstance(interval_minutes, bool) or not isinstance(interval_minutes, int)
        ):
            raise TypeError(
                f"interval_minutes is a whole number or None, not {type(interval_minutes).__name__}"
            )
        if interval_minutes is not None:
            _checked_interval(interval_minutes)
        checked_flag(allow_missing_recipients, "allow_missing_recipients")
        if readings.decimals != setup.decimals:
            raise ValueError(
                f"readings have {readings.decimals} decimals, the set-up {setup.decimals}"
            )
        tz = setup.tz
        source = setup.source if readings.source is None else readings.source
        participants = setup.participants
        index = {mp: n for n, mp in enumerate(participants)}
        n_part = len(participants)
        problems: list[Problem] = []

        def at(code: str, mp: str, seconds: Any, message: str) -> None:
            problems.append(
                problem(
                    code,
                    f"{mp}: interval {format_instant(int(seconds), tz)}: {message}",
                    file=source,
                )
            )

        remap = np.array([index.get(mp, -1) for mp in readings.ids], dtype=np.int64)
        pcode = remap[readings.codes] if len(readings.ids) else readings.codes
        starts, units = readings.starts, readings.units

        # Stage 1: who and what, row by row.
        for unknown in (n for n, mp in enumerate(readings.ids) if remap[n] < 0):
            rows = readings.codes == unknown
            at(
                SHARE_UNKNOWN_PARTICIPANT,
                readings.ids[unknown],
                starts[rows].min(),
                f"metering point is not in the set-up ({int(rows.sum())} value(s))",
            )
        present = np.zeros(n_part, dtype=bool)
        present[pcode[pcode >= 0]] = True
        k_count = len(setup.contributors)
        for n in np.flatnonzero(~present):
            role = "contributor" if n < k_count else "recipient"
            if role == "recipient" and allow_missing_recipients:
                continue  # marked missing below
            problems.append(
                problem(
                    SHARE_MISSING_SERIES,
                    f"{participants[n]}: no values for this {role}",
                    file=source,
                )
            )
        known = pcode >= 0
        for row in np.flatnonzero(known & (units < 0))[:MAX_PROBLEMS]:
            at(SHARE_NEGATIVE, participants[pcode[row]], starts[row], "negative volume")
        grid = 60 * interval_minutes if interval_minutes else min(_SUPPORTED_SECONDS)
        for row in np.flatnonzero(known & (starts % grid != 0))[:MAX_PROBLEMS]:
            at(
                SHARE_MISALIGNED,
                participants[pcode[row]],
                starts[row],
                f"not on the {grid // 60}-minute grid",
            )
        raise_problems(problems)
        if not len(pcode):
            raise_problems([problem(SHARE_MISSING_SERIES, "no values at all", file=source)])

        # Stage 2: duplicates, interval length, gaps, validity.
        order = np.lexsort((starts, pcode))
        pcode, starts, units = pcode[order], starts[order], units[order]
        same = pcode[1:] == pcode[:-1]
        steps = starts[1:] - starts[:-1]
        for row in np.flatnonzero(same & (steps == 0))[:MAX_PROBLEMS]:
            at(
                SHARE_DUPLICATE_INTERVAL,
                participants[pcode[row]],
                starts[row],
                "more than one value for this interval",
            )
        raise_problems(problems)

        big = np.iinfo(np.int64).max
        within = np.where(same, steps, big)
        first_rows = np.flatnonzero(np.r_[True, ~same])
        last_rows = np.r_[first_rows[1:] - 1, len(pcode) - 1]
        min_step = np.minimum.reduceat(np.r_[within, big], first_rows)
        owners = pcode[first_rows]
        if interval_minutes is not None:
            interval = grid
        else:
            spaced = min_step[min_step < big]
            if not len(spaced):
                raise_problems(
                    [
                        problem(
                            SHARE_RESOLUTION,
                            "one interval per participant: the interval length cannot be told "
                            "from the data (give it: 15 or 60 minutes)",
                            file=source,
                        )
                    ]
                )
            interval = int(spaced.min())
            if interval not in _SUPPORTED_SECONDS:
                problems.append(_resolution_problem(interval, source))
                raise_problems(problems)
        for n, step, first in zip(owners, min_step, first_rows, strict=True):
            if step != big and step != interval and step in _SUPPORTED_SECONDS:
                at(
                    SHARE_RESOLUTION,
                    participants[n],
                    starts[first],
                    f"{step // 60}-minute values where the input has {interval // 60}-minute "
                    "intervals",
                )
        for row in np.flatnonzero(starts % interval != 0)[:MAX_PROBLEMS]:
            at(
                SHARE_MISALIGNED,
                participants[pcode[row]],
                starts[row],
                f"not on the {interval // 60}-minute grid",
            )
        raise_problems(problems)

        t0, t1 = int(starts.min()), int(starts.max())
        count = (t1 - t0) // interval + 1
        for n, first, last in zip(owners, first_rows, last_rows, strict=True):
            have = last - first + 1
            if have == count or (n >= k_count and allow_missing_recipients):
                continue
            if starts[first] > t0:
                missing = t0
            else:
                jumps = np.flatnonzero(steps[first:last] != interval)
                missing = (
                    int(starts[first + jumps[0]]) + interval
                    if len(jumps)
                    else int(starts[last]) + interval
                )
            at(
                SHARE_GAP,
                participants[n],
                missing,
                f"missing ({count - have} of {count} intervals missing)",
            )
        problems += _period_problems(setup, t0, t1 + interval, interval)
        raise_problems(problems)

        positions = (starts - t0) // interval
        k = len(setup.contributors)
        production = np.zeros((count, k), dtype=np.int64)
        consumption = np.zeros((count, len(setup.recipients)), dtype=np.int64)
        is_prod = pcode < k
        production[positions[is_prod], pcode[is_prod]] = units[is_prod]
        consumption[positions[~is_prod], pcode[~is_prod] - k] = units[~is_prod]
        have = np.zeros((count, len(setup.recipients)), dtype=np.bool_)
        have[positions[~is_prod], pcode[~is_prod] - k] = True
        absent = None if have.all() else ~have
        return cls(setup, t0, interval, production, consumption, absent)


def _int_matrix(values: Any, label: str) -> NDArray[np.int64]:
    array = np.asarray(values)
    if array.dtype.kind not in "iu":
        raise TypeError(f"{label} must be integer counts of the resolution, not {array.dtype}")
    if array.dtype.kind == "u" and array.size and int(array.max()) >= MAX_UNITS:
        # (cast as they are, 2**64 - 1 wraps to -1: a "negative volume"; out of range it is)
        array = np.minimum(array, MAX_UNITS)
    return np.ascontiguousarray(array, dtype=np.int64)


def _resolution_problem(seconds: int, source: str | None) -> Problem:
    """The shortest spacing of the starts is no supported interval: said of the series (the
    set-up holds no time), with the way out when values are missing (the intervals given, a
    missing one is a gap)."""
    return problem(
        SHARE_RESOLUTION,
        f"the starts are at least {seconds / 60:g} minutes apart: not an interval length that "
        "is supported (15 or 60 minutes); if values are missing, give --interval 15 or 60 "
        "(interval_minutes) to have the gaps named",
        file=source,
    )


def _period_problems(setup: SharingSetup, start: int, end: int, interval: int) -> list[Problem]:
    """Problems for intervals ``[start, end)`` outside the set-up's validity."""
    problems = []
    tz = setup.tz
    if setup.valid_from is not None and start < to_epoch_seconds(setup.valid_from):
        problems.append(
            problem(
                SHARE_PERIOD,
                f"interval {format_instant(start, tz)} is before the set-up is valid "
                f"(from {setup.valid_from.isoformat()})",
                file=setup.source,
            )
        )
    if setup.valid_to is not None and end > to_epoch_seconds(setup.valid_to):
        limit = to_epoch_seconds(setup.valid_to)
        first_bad = start + max(0, (limit - start) // interval) * interval
        problems.append(
            problem(
                SHARE_PERIOD,
                f"interval {format_instant(first_bad, tz)} ends after the set-up is valid "
                f"(until {setup.valid_to.isoformat()})",
                file=setup.source,
            )
        )
    return problems
