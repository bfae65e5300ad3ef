"""The measures, computed by DuckDB (embedded; reads and writes Parquet itself, no pyarrow).

Two reads of the events, each a hash aggregation:

* **pass A** groups by (actor, UTC hour) and counts events, approved, rejected, StartOfSupply
  queries and start-of-supply requests; it also counts the rows that break a rule, so a Parquet
  file is validated on the way. Every measure but one derives from this small table: days are
  sums of their hours (a UTC hour lies in exactly one local day, since the zone's offsets are
  whole hours), the rolling ratio is a window over days.
* **pass B** counts the distinct subjects (metering points) of each actor and local day, exactly:
  one query per local day when the Parquet row groups are time-clustered (each reads only its
  day's row groups), otherwise one two-level aggregation over (actor, day, subject).

The local day of a UTC hour ``h`` is ``(h + offset(h)) // 24`` with ``offset`` a CASE over the
zone's transitions in the data's range (computed from zoneinfo): arithmetic per row instead of a
time-zone conversion per row.
"""

# SQL here is built from constants, integers and literals quoted by _sql_string; no input text
# goes into a statement unquoted.
# ruff: noqa: S608

from __future__ import annotations

import csv
import importlib.util
import os
import queue
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import duckdb

from ..core.errors import (
    DateOutOfRangeError,
    ElhubCimError,
    InputReadError,
    Problem,
    mask_identity_numbers,
    shown_argument,
    shown_name,
    shown_value,
)
from .schema import (
    COLUMN_NAMES,
    COLUMNS,
    GSRN_HIGH,
    GSRN_LOW,
    KINDS,
    OUTCOMES,
    PURPOSES,
    QUERY,
    QUERY_BRS,
    REQUIRED_COLUMNS,
    ROW_RULES,
    START_OF_SUPPLY,
    START_OF_SUPPLY_BRS,
    SUPPLIER_SWITCH_BRS,
    RowRule,
)
from .thresholds import MEASURE_KEYS, RATIO, Thresholds

__all__ = [
    "EventsError",
    "EventsSource",
    "MeasureData",
    "Period",
    "compute",
    "connect",
    "hour_label",
    "open_events",
]

EPOCH = date(1970, 1, 1)
HOUR_US = 3_600_000_000
FIRST_VALID_HOUR = (date(2000, 1, 1) - EPOCH).days * 24  # the event_time rule: from 2000 on
LAST_VALID_HOUR = (date(9999, 12, 30) - EPOCH).days * 24 - 1  # and up to 9999-12-29
MAX_PROBLEMS = 10


#: The key of an actor in the distinct count (pass B) when no two actors share it ("actor"
#: itself otherwise).
ACTOR_HASH = "hash(actor)"

#: Report days: from the event table's first year to a day before the calendar ends; at most
#: ten years at a time (each day is rated on its own: an event dated 9999 must not make a report
#: of three million days).
FIRST_REPORT_DAY = date(2000, 1, 1)
LAST_REPORT_DAY = date(9999, 12, 30)
MAX_PERIOD_DAYS = 3660


class EventsError(ElhubCimError):
    """An events file that does not follow the schema (a column, a row)."""

    default_code = "EVENTS_INVALID"


def _sql_string(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


# -- connection ----------------------------------------------------------------------------------


def check_memory_limit(memory_limit: str) -> None:
    """A ValueError naming ``memory_limit`` unless DuckDB takes it as a memory limit (it is
    the caller's argument: refused before any input is read, not as an engine error)."""
    con = duckdb.connect(":memory:")
    try:
        con.execute(f"SET memory_limit = {_sql_string(memory_limit)}")
    except duckdb.Error as error:
        reason = str(error).split("\n")[0].removeprefix("Parser Error: ")
        # (each masked, then cut: cut first, an identity number lost the digits that made it one)
        raise ValueError(
            f"memory_limit is a size such as '3GB' or '500MiB', not "
            f"{shown_argument(memory_limit, 60)} ({shown_value(reason)})"
        ) from None
    finally:
        con.close()


@contextmanager
def connect(
    *, threads: int | None = None, memory_limit: str | None = None
) -> Iterator[duckdb.DuckDBPyConnection]:
    """An in-memory DuckDB connection with its own spill folder (removed afterwards).

    ``threads`` defaults to the number of CPUs; ``memory_limit`` (e.g. ``"3GB"``) to DuckDB's
    default (80 % of RAM). Above the limit DuckDB spills aggregations to the spill folder.
    """
    spill = tempfile.mkdtemp(prefix="elhub-cim-monitor-")
    con = duckdb.connect(":memory:")
    try:
        con.execute("SET enable_progress_bar = false")
        con.execute("SET TimeZone = 'UTC'")
        con.execute(f"SET temp_directory = {_sql_string(spill)}")
        # Pass B reads a file once per local day: keep its footer (row groups, statistics)
        # parsed rather than parse it again in each query (about a third of the cost of a
        # query that reads no row group). DuckDB checks the file's modification time.
        con.execute("SET parquet_metadata_cache = true")
        con.execute(f"SET threads = {int(threads or os.cpu_count() or 1)}")
        if memory_limit:
            con.execute(f"SET memory_limit = {_sql_string(memory_limit)}")
        yield con
    finally:
        con.close()
        shutil.rmtree(spill, ignore_errors=True)


# -- loading and validating events ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class EventsFile:
    """One input file and how to read it: a Parquet file in place, or a loaded CSV table."""

    path: str
    kind: str  # "parquet" | "csv"
    relation: str  # SQL relation with every schema column, typed
    numbered: str  # the same with a 1-based "row" column (for error reports)
    # A partitioned dataset (a folder written by ``monitor extract -o DIR/``): its Parquet files.
    members: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class EventsSource:
    """The events of one or more files as one typed relation (``relation``)."""

    files: tuple[EventsFile, ...]
    relation: str


def _sniff(path: Path) -> str:
    try:
        with path.open("rb") as stream:
            head = stream.read(4)
    except OSError as error:
        raise InputReadError(
            [Problem("IO_ERROR", f"cannot read: {error.strerror or error}", file=str(path))]
        ) from error
    return "parquet" if head == b"PAR1" else "csv"


def _check_names(names: Sequence[str], file: str) -> None:
    problems: list[Problem] = []
    seen: set[str] = set()
    for name in names:
        if name in seen:
            problems.append(Problem("EVENTS_INVALID", f"column {name!r} appears twice", file=file))
        seen.add(name)
        if name not in COLUMN_NAMES:
            problems.append(
                Problem(
                    "EVENTS_INVALID",
                    f"unknown column {mask_identity_numbers(name)!r} (the columns are "
                    f"{', '.join(COLUMN_NAMES)})",
                    file=file,
                )
            )
    for name in REQUIRED_COLUMNS:
        if name not in seen:
            problems.append(Problem("EVENTS_INVALID", f"missing column {name!r}", file=file))
    if problems:
        raise EventsError(problems)


def _select_list(present: Sequence[str], source_alias: str = "") -> str:
    prefix = f"{source_alias}." if source_alias else ""
    parts = []
    for column in COLUMNS:
        if column.name in present:
            parts.append(f"{prefix}{column.name}")
        else:
            parts.append(f"CAST(NULL AS {column.sql_type}) AS {column.name}")
    return ", ".join(parts)


_INTEGER_TYPES = {"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "UTINYINT", "USMALLINT", "UINTEGER"}
_PARQUET_TYPES: dict[str, tuple[set[str], str]] = {
    "actor": ({"VARCHAR"}, "text"),
    "event_time": ({"TIMESTAMP WITH TIME ZONE"}, "TIMESTAMP WITH TIME ZONE (an instant in UTC)"),
    "kind": ({"VARCHAR"}, "text"),
    "metering_points": (_INTEGER_TYPES | {"UBIGINT"}, "an integer"),
    "subject": (_INTEGER_TYPES, "a signed 64-bit integer (BIGINT)"),
    "purpose": ({"VARCHAR"}, "text"),
    "outcome": ({"VARCHAR"}, "text"),
    "brs": ({"VARCHAR"}, "text"),
    "document_id": ({"VARCHAR"}, "text"),
    "source_file": ({"VARCHAR"}, "text"),
}


#: Columns a partitioned dataset's files may carry besides the schema's (its partition keys).
DATASET_EXTRA_COLUMNS = ("month",)


def _open_parquet(
    con: duckdb.DuckDBPyConnection, path: str, members: Sequence[str] = ()
) -> EventsFile:
    """One Parquet file, or (``members``) the files of a partitioned dataset read as one."""
    literal = _sql_list(members) if members else _sql_string(path)
    what = "a readable Parquet dataset" if members else "a readable Parquet file"
    try:
        described = con.execute(
            f"DESCRIBE SELECT * FROM read_parquet({literal}, hive_partitioning = false)"
        ).fetchall()
    except duckdb.Error as error:
        raise EventsError(
            [Problem("EVENTS_INVALID", f"not {what}: {_duckdb_text(error)}", file=path)]
        ) from None
    types = {str(row[0]): str(row[1]) for row in described}
    if members:
        types = {n: t for n, t in types.items() if n not in DATASET_EXTRA_COLUMNS}
        # DuckDB reads the files with the first one's schema and casts the others' columns to
        # it (1.5 metering points became 2, a time without zone was taken for UTC), or fails on
        # a column one lacks: every file must pass as it would alone.
        problems = _member_problems(con, members, list(types))
        if problems:
            raise EventsError(problems)
    _check_names(list(types), path)
    problems = _type_problems(types, path)
    if problems:
        raise EventsError(problems)
    select = _select_list(list(types))
    relation = f"(SELECT {select} FROM read_parquet({literal}, hive_partitioning = false))"
    numbered = (
        f'(SELECT file_row_number + 1 AS "row", {select} '
        f"FROM read_parquet({literal}, file_row_number = true, hive_partitioning = false))"
    )
    return EventsFile(path, "parquet", relation, numbered, tuple(members))


def _member_problems(
    con: duckdb.DuckDBPyConnection, members: Sequence[str], names: Sequence[str]
) -> list[Problem]:
    """The problems of a dataset's files, each file checked as it would be alone (its columns
    and their types): one read of every footer, one check per distinct schema."""
    try:
        rows = con.execute(
            "SELECT file_name, name, duckdb_type FROM parquet_schema("
            f"{_sql_list(members)}) ORDER BY file_name, column_id"
        ).fetchall()
    except duckdb.Error as error:
        return [Problem("EVENTS_INVALID", f"not a readable Parquet file: {_duckdb_text(error)}")]
    schemas: dict[str, list[tuple[str, str]]] = {}
    for file_name, name, kind in rows:
        schemas.setdefault(str(file_name), []).append((str(name), str(kind)))
    checked: set[tuple[tuple[str, str], ...]] = set()
    wanted = set(names)
    problems: list[Problem] = []
    for member in members:
        # (a file the schema query names otherwise is checked on its own)
        signature = tuple(schemas.get(member, [("", member)]))
        if signature in checked:
            continue
        checked.add(signature)
        described = con.execute(
            f"DESCRIBE SELECT * FROM read_parquet({_sql_string(member)}, hive_partitioning = false)"
        ).fetchall()
        types = {
            str(row[0]): str(row[1])
            for row in described
            if str(row[0]) not in DATASET_EXTRA_COLUMNS
        }
        try:
            _check_names(list(types), member)
        except EventsError as error:
            problems += error.problems
            continue
        problems += _type_problems(types, member)
        if set(types) != wanted:
            differ = sorted(wanted ^ set(types))
            problems.append(
                Problem(
                    "EVENTS_INVALID",
                    f"its columns differ from the folder's first file's ({', '.join(differ)}): "
                    "every file of the folder needs the same columns",
                    file=member,
                )
            )
    return problems


def _type_problems(types: dict[str, str], path: str) -> list[Problem]:
    """Columns of ``types`` whose type the schema does not allow."""
    problems = []
    for name, found in types.items():
        allowed, wanted = _PARQUET_TYPES[name]
        if found not in allowed:
            hint = ""
            if name == "event_time" and found.startswith("TIMESTAMP"):
                hint = " (a time without zone is ambiguous: store UTC instants)"
            problems.append(
                Problem(
                    "EVENTS_INVALID",
                    f"column {name!r} is {found}; it must be {wanted}{hint}",
                    file=path,
                )
            )
    return problems


def _open_dataset(con: duckdb.DuckDBPyConnection, folder: Path) -> EventsFile:
    """A folder of Parquet files (partitioned by actor and month, or any layout), read as one
    relation: one scan over every file, whatever their number."""
    members = sorted(str(found) for found in folder.rglob("*.parquet") if found.is_file())
    if not members:
        raise EventsError(
            [Problem("EVENTS_INVALID", "the folder holds no .parquet file", file=str(folder))]
        )
    return _open_parquet(con, str(folder), members)


def _sql_in(values: Sequence[str]) -> str:
    """Text constants for ``IN (...)``."""
    return ", ".join(_sql_string(value) for value in values)


def _sql_list(values: Sequence[str]) -> str:
    return "[" + ", ".join(_sql_string(value) for value in values) + "]"


# A whole number as CSV text: decimal digits, an optional sign, spaces around.
_WHOLE_NUMBER = "' *[+-]?[0-9]+ *'"

# Parsing rules for CSV text, checked before the typed rules. Columns are text in the raw table.
_CSV_PARSE_RULES: tuple[RowRule, ...] = (
    RowRule(
        "event_time",
        # DuckDB takes any two digits for the hours and minutes of an offset: "+99:00" moved
        # the event four days. An offset is -23:59 to +23:59.
        "event_time_text IS NOT NULL AND regexp_matches(event_time_text, "
        "':[0-9]{2}(\\.[0-9]*)?[+-][0-9]{2}(:?[0-9]{2})?$') AND NOT regexp_matches("
        "event_time_text, '[+-]([01][0-9]|2[0-3])(:?[0-5][0-9])?$')",
        "has a UTC offset out of range (hours 00-23, minutes 00-59)",
    ),
    RowRule(
        "event_time",
        "event_time_text IS NOT NULL AND TRY_CAST(event_time_text AS TIMESTAMPTZ) IS NULL",
        "is not a date and time (ISO 8601 with a UTC offset, e.g. 2026-03-29T01:30:00Z)",
    ),
    RowRule(
        "event_time",
        # A date alone parses (as midnight UTC) and ends in "-DD", which looks like an offset.
        "event_time_text IS NOT NULL AND NOT regexp_matches(event_time_text, '[0-9]:[0-9]{2}')",
        "has no time of day (an event time is an instant, e.g. 2026-03-29T01:30:00Z)",
    ),
    RowRule(
        "event_time",
        "event_time_text IS NOT NULL AND NOT regexp_matches(event_time_text, "
        "'(Z|z|[+-][0-9]{2}(:?[0-9]{2})?)$')",
        "has no UTC offset (write Z or +01:00/+02:00: a local time is ambiguous on DST days)",
    ),
    # DuckDB's casts round "1.5" to 2 and read "1e2", "0x1", "0b11" and "1_000": only decimal
    # digits (a sign, spaces around) are a whole number here, the rest changed the value.
    RowRule(
        "metering_points",
        "metering_points_text IS NOT NULL AND NOT regexp_full_match(metering_points_text, "
        f"{_WHOLE_NUMBER})",
        "is not a whole number",
    ),
    RowRule(
        "metering_points",
        "metering_points_text IS NOT NULL AND TRY_CAST(metering_points_text AS INTEGER) IS NULL",
        "is out of range (at most 2147483647)",
    ),
    RowRule(
        "subject",
        f"subject_text IS NOT NULL AND (NOT regexp_full_match(subject_text, {_WHOLE_NUMBER}) "
        "OR TRY_CAST(subject_text AS BIGINT) IS NULL)",
        "is not a signed 64-bit integer",
    ),
)


def _csv_header(path: str) -> list[str]:
    try:
        with open(path, encoding="utf-8-sig", newline="") as stream:
            header = next(csv.reader(stream), None)
    except OSError as error:
        raise InputReadError(
            [Problem("IO_ERROR", f"cannot read: {error.strerror or error}", file=path)]
        ) from error
    except (UnicodeDecodeError, csv.Error) as error:
        raise EventsError(
            [Problem("EVENTS_INVALID", f"not a UTF-8 CSV file: {error}", file=path)]
        ) from None
    if not header:
        raise EventsError(
            [Problem("EVENTS_INVALID", "empty file (a CSV header line is required)", file=path)]
        )
    return [name.strip() for name in header]


def _open_csv(con: duckdb.DuckDBPyConnection, path: str, index: int) -> EventsFile:
    names = _csv_header(path)
    _check_names(names, path)
    raw = f"monitor_csv_raw_{index}"
    typed = f"monitor_csv_{index}"
    columns = "{" + ", ".join(f"{_sql_string(n)}: 'VARCHAR'" for n in names) + "}"
    try:
        # Insertion order is kept, so rowid + 1 is the data row (row 1 = the line after the
        # header).
        con.execute(
            f"CREATE TEMP TABLE {raw} AS SELECT * FROM read_csv({_sql_string(path)}, "
            f"header = true, auto_detect = false, delim = ',', quote = '\"', escape = '\"', "
            f"columns = {columns}, strict_mode = true)"
        )
    except duckdb.Error as error:
        raise EventsError([_unreadable_csv(path, len(names), error)]) from None
    present = set(names)

    def text(name: str) -> str:
        # A quoted empty field ("") is empty, as an unquoted one is.
        return f"NULLIF({name}, '')" if name in present else "CAST(NULL AS VARCHAR)"

    con.execute(
        f"""CREATE TEMP TABLE {typed} AS SELECT
            rowid + 1 AS "row",
            {text("actor")} AS actor,
            TRY_CAST({text("event_time")} AS TIMESTAMPTZ) AS event_time,
            {text("kind")} AS kind,
            TRY_CAST({text("metering_points")} AS INTEGER) AS metering_points,
            TRY_CAST({text("subject")} AS BIGINT) AS subject,
            {text("purpose")} AS purpose,
            {text("outcome")} AS outcome,
            {text("brs")} AS brs,
            {text("document_id")} AS document_id,
            {text("source_file")} AS source_file,
            {text("event_time")} AS event_time_text,
            {text("metering_points")} AS metering_points_text,
            {text("subject")} AS subject_text
        FROM {raw}"""
    )
    con.execute(f"DROP TABLE {raw}")
    events = EventsFile(
        path,
        "csv",
        f"(SELECT {', '.join(COLUMN_NAMES)} FROM {typed})",
        f"(SELECT * FROM {typed})",
    )
    # A CSV is validated completely when it is opened (an actor's log is small); the parsing
    # rules go first so that a typed rule never reports a value that did not parse.
    problems = _find_bad_rows(con, events.numbered, _CSV_PARSE_RULES, path, csv_text=True)
    if not problems:
        problems = _find_bad_rows(con, events.numbered, ROW_RULES, path, csv_text=True)
    if problems:
        raise EventsError(problems)
    return events


def _unreadable_csv(path: str, columns: int, error: duckdb.Error) -> Problem:
    """The problem of a CSV file DuckDB cannot read: found again by Python's reader, with its
    line (DuckDB names none for a short row, "the state machine reached an invalid state",
    and advises its own options, strict_mode or ignore_errors, which the command has not)."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as stream:
            reader = csv.reader(stream, strict=True)
            next(reader, None)
            try:
                for record in reader:
                    if record and len(record) != columns:
                        return Problem(
                            "EVENTS_INVALID",
                            f"unreadable CSV: the row has {len(record)} fields, the header "
                            f"{columns}",
                            file=path,
                            line=reader.line_num,
                        )
            except csv.Error as found:
                return Problem(
                    "EVENTS_INVALID",
                    mask_identity_numbers(f"unreadable CSV: {found} (a quote not closed?)"),
                    file=path,
                    line=reader.line_num,
                )
    except (OSError, UnicodeDecodeError):
        pass
    return Problem(
        "EVENTS_INVALID", mask_identity_numbers(f"unreadable CSV: {_duckdb_text(error)}"), file=path
    )


def _duckdb_text(error: duckdb.Error) -> str:
    """What a DuckDB error says about the input, on one line: not the query it ran (with a caret
    line under it) nor its advice to change options that the command does not have."""
    text = str(error).split("\n\n")[0].split("\nPossible fixes")[0]
    return " ".join(text.split())


def _csv_lines(path: str, rows: set[int]) -> dict[int, int]:
    """Line numbers (1-based, header = line 1) of the given data rows, for error messages."""
    found: dict[int, int] = {}
    with open(path, encoding="utf-8-sig", newline="") as stream:
        reader = csv.reader(stream)
        next(reader, None)
        number = 0
        for record in reader:
            if not record:
                continue
            number += 1
            if number in rows:
                found[number] = reader.line_num
                if len(found) == len(rows):
                    break
    return found


def _shown(value: Any) -> str:
    if value is None:
        return "(empty)"
    text = mask_identity_numbers(str(value))
    return repr(text if len(text) <= 60 else text[:57] + "...")


def _find_bad_rows(
    con: duckdb.DuckDBPyConnection,
    numbered: str,
    rules: Sequence[RowRule],
    file: str,
    *,
    csv_text: bool = False,
) -> list[Problem]:
    """The first rows (up to ``MAX_PROBLEMS``) that break a rule: row number, column, reason."""
    flags = ", ".join(f"coalesce(({rule.bad}), false)" for rule in rules)
    any_bad = " OR ".join(f"coalesce(({rule.bad}), false)" for rule in rules)
    shown = {
        "event_time": "event_time_text" if csv_text else "event_time",
        "metering_points": "metering_points_text" if csv_text else "metering_points",
        "subject": "subject_text" if csv_text else "subject",
    }
    values = ", ".join(f"CAST({shown.get(c, c)} AS VARCHAR)" for c in COLUMN_NAMES)
    rows = con.execute(
        f'SELECT "row", [{flags}], [{values}] FROM {numbered} WHERE {any_bad} '
        f'ORDER BY "row" LIMIT {MAX_PROBLEMS}'
    ).fetchall()
    lines = _csv_lines(file, {int(r[0]) for r in rows}) if csv_text and rows else {}
    problems = []
    for row, broken, row_values in rows:
        by_column = dict(zip(COLUMN_NAMES, row_values, strict=True))
        for rule, is_bad in zip(rules, broken, strict=True):
            if is_bad:
                where = f"row {row}" + (f" (line {lines[row]})" if row in lines else "")
                problems.append(
                    Problem(
                        "EVENTS_INVALID",
                        f"{where}, column {rule.column!r}: {_shown(by_column[rule.column])} "
                        f"{rule.message}",
                        file=file,
                        line=lines.get(row),
                    )
                )
                break  # the first broken rule of a row says enough
    return problems


def open_events(con: duckdb.DuckDBPyConnection, paths: Sequence[str | Path]) -> EventsSource:
    """Check the files' columns (and a CSV's rows) and return their events as one relation.

    Parquet rows are checked during the report's first scan (:func:`compute`), not here, so a
    large file is read once.
    """
    if not paths:
        raise EventsError([Problem("EVENTS_INVALID", "no events file given")])
    files: list[EventsFile] = []
    for index, item in enumerate(paths):
        path = Path(item)
        if path.is_dir():
            files.append(_open_dataset(con, path))
            continue
        if not path.is_file():
            raise InputReadError([Problem("IO_ERROR", "no such file", file=str(item))])
        kind = _sniff(path)
        if kind == "parquet":
            files.append(_open_parquet(con, str(item)))
        else:
            files.append(_open_csv(con, str(item), index))
    _refuse_repeated(files)
    relation = " UNION ALL ".join(f"SELECT * FROM {f.relation}" for f in files)
    return EventsSource(tuple(files), f"({relation})")


def _refuse_repeated(files: Sequence[EventsFile]) -> None:
    """The events are one relation: a file given twice (by two names, or alone and in its
    folder) would count each of its events twice."""
    seen: dict[str, str] = {}
    problems: list[Problem] = []
    for events_file in files:
        for member in events_file.members or (events_file.path,):
            real = os.path.realpath(member)
            if real in seen:
                problems.append(
                    Problem(
                        "EVENTS_INVALID",
                        f"given more than once (also as {shown_name(seen[real])}): its events "
                        "would count twice",
                        file=member,
                    )
                )
            else:
                seen[real] = member
    if problems:
        raise EventsError(problems)


# -- time ----------------------------------------------------------------------------------------


def _offset_hours(zone: ZoneInfo, hour: int) -> int:
    instant = datetime.fromtimestamp(hour * 3600, UTC)
    offset = instant.astimezone(zone).utcoffset() or timedelta(0)
    if offset % timedelta(hours=1):
        raise ElhubCimError(f"time zone {zone.key} has a non-whole-hour offset at {instant}")
    return int(offset // timedelta(hours=1))


def offset_case(zone: ZoneInfo, first_hour: int, last_hour: int, column: str = "h") -> str:
    """SQL for the zone's UTC offset (in hours) of UTC hour ``column``, exact for
    ``first_hour`` ≤ h ≤ ``last_hour``: a CASE over the transitions in that range."""
    pieces: list[tuple[int, int]] = [(first_hour, _offset_hours(zone, first_hour))]
    day = 24
    start = first_hour
    while start < last_hour:
        stop = min(start + day, last_hour)
        if _offset_hours(zone, stop) != pieces[-1][1]:
            for hour in range(start + 1, stop + 1):  # find the hour the offset changed
                offset = _offset_hours(zone, hour)
                if offset != pieces[-1][1]:
                    pieces.append((hour, offset))
        start = stop
    if len(pieces) == 1:
        return str(pieces[0][1])
    branches = " ".join(
        f"WHEN {column} < {pieces[i + 1][0]} THEN {pieces[i][1]}" for i in range(len(pieces) - 1)
    )
    return f"(CASE {branches} ELSE {pieces[-1][1]} END)"


def hour_label(hour: int, zone: ZoneInfo) -> str:
    """A UTC hour index as local time with its offset: ``2026-10-25 02:00+01:00``."""
    local = datetime.fromtimestamp(hour * 3600, UTC).astimezone(zone)
    return local.isoformat(sep=" ", timespec="minutes")


def day_of(index: int) -> date:
    return EPOCH + timedelta(days=index)


def local_day_start(day: date, zone: ZoneInfo) -> datetime:
    """The UTC instant at which local ``day`` begins."""
    return datetime(day.year, day.month, day.day, tzinfo=zone).astimezone(UTC)


# -- the measures --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Period:
    """The report period: local days ``first`` to ``last`` (inclusive), in UTC hours."""

    first: date
    last: date
    start_hour: int  # first UTC hour of ``first``
    end_hour: int  # first UTC hour after ``last``


@dataclass(slots=True)
class MeasureData:
    """What :func:`compute` returns: the period, counts and the bucket values in DuckDB tables.

    Table ``monitor_values`` has one row per (actor, measure, bucket) with the value, the value
    that is rated (``rated``; differs only for an infinite ratio), the numerator and denominator
    of a ratio, and the level (0 green, 1 yellow, 2 red).
    """

    period: Period | None
    events: int
    actors: list[str] = field(default_factory=list)


def _code(column: str, values: Sequence[str]) -> str:
    """SQL for a small integer naming ``column``'s value: its 1-based position in ``values``,
    ``len(values) + 1`` when empty (NULL), 0 for any other value. A function of one text
    column, cheap on a dictionary-encoded Parquet column; the rules and counts of pass A are
    then integer comparisons per row. (Written as text comparisons combined across columns,
    each row compared its strings in every rule: pass A took 0.36 s instead of 0.20 s for 5
    million events.)"""
    return f"coalesce(list_position([{_sql_in(values)}, NULL], {column}), 0)"


#: The values each code of :func:`_pass_a_codes` distinguishes, in code order (1, 2, ...).
_CODED: dict[str, tuple[str, ...]] = {
    "kind": KINDS,
    "outcome": OUTCOMES,
    "purpose": PURPOSES,
    "brs": (QUERY_BRS, *START_OF_SUPPLY_BRS),
}


def _pass_a_codes() -> str:
    """The columns pass A classifies a row by: a code per text column (``k``, ``o``, ``p``,
    ``b``: see :func:`_code`) and ``nb``, true when a number breaks a rule."""
    letters = {"kind": "k", "outcome": "o", "purpose": "p", "brs": "b"}
    codes = ", ".join(f"{_code(c, v)} AS {letters[c]}" for c, v in _CODED.items())
    return (
        f"{codes}, subject BETWEEN {GSRN_LOW} AND {GSRN_HIGH} "
        "OR metering_points IS NULL OR metering_points < 0 AS nb"
    )


def _pass_a_counts() -> dict[str, str]:
    """Pass A's counts as predicates over the codes of :func:`_pass_a_codes`.

    ``bad`` is schema.ROW_RULES for these columns (tests/test_monitor_reference.py checks it
    against the rules as written, for every combination of values). The other counts rely on a
    valid row: an outcome, a purpose or a supplier-switch process can only be a query's (outcome,
    purpose) or a start-of-supply request's (brs), so e.g. "approved" is an approved outcome,
    whatever the kind; a file with a bad row is refused before any count is used.
    """

    def code(column: str, value: str | None) -> int:
        values = _CODED[column]
        return len(values) + 1 if value is None else values.index(value) + 1

    def among(column: str, values: Sequence[str | None]) -> str:
        return ", ".join(str(code(column, v)) for v in values)

    query, start = code("kind", QUERY), code("kind", START_OF_SUPPLY)
    bad = (
        f"k NOT IN ({query}, {start})"
        f" OR (k = {start} AND (b NOT IN ({among('brs', START_OF_SUPPLY_BRS)})"
        f" OR p <> {code('purpose', None)} OR o <> {code('outcome', None)}))"
        f" OR (k = {query} AND (b NOT IN ({among('brs', (QUERY_BRS, None))}) OR p = 0 OR o = 0))"
        " OR nb"
    )
    return {
        "approved": f"o = {code('outcome', 'approved')}",
        "rejected": f"o = {code('outcome', 'rejected')}",
        "sos_queries": f"p = {code('purpose', 'StartOfSupply')}",
        "sos_requests": f"b IN ({among('brs', SUPPLIER_SWITCH_BRS)})",
        "bad": bad,
    }


def _clustered(
    con: duckdb.DuckDBPyConnection,
    source: EventsSource,
    days: Sequence[tuple[int, datetime, datetime]],
) -> bool:
    """Whether reading the events one local day at a time reads each row group about once: true
    for Parquet files sorted (or written in order) by time, judged from the row groups'
    event_time statistics. A CSV (loaded into memory, small) is read in one aggregation."""
    spans: list[tuple[datetime | None, datetime | None]] = []
    for events_file in source.files:
        if events_file.kind != "parquet":
            return False
        spans += con.execute(
            "SELECT TRY_CAST(stats_min_value AS TIMESTAMPTZ), "
            "TRY_CAST(stats_max_value AS TIMESTAMPTZ) "
            f"FROM parquet_metadata({_sql_list(events_file.members or (events_file.path,))}) "
            "WHERE path_in_schema = 'event_time'"
        ).fetchall()
    if not spans or len(days) < 2:
        return False
    reads = sum(
        1
        for _, start, end in days
        for low, high in spans
        if low is None or high is None or (low < end and high >= start)
    )
    return reads <= 1.5 * len(spans) + len(days)


def _points_per_day(
    con: duckdb.DuckDBPyConnection,
    relation: str,
    conditions: Sequence[str],
    days: Sequence[tuple[int, datetime, datetime]],
    between: Callable[[datetime, datetime], str],
    actor_key: str,
    kernels: Any = None,
) -> bool:
    """Pass B one local day at a time, into ``monitor_points_by_key`` (actors by
    ``actor_key``). With ``kernels`` (module ``_kernels``; ``actor_key`` is then
    :data:`ACTOR_HASH`), DuckDB reads each day's rows and the compiled count counts them, if
    it can (the result: whether it did).

    With N threads, N days run at once, each on its own cursor with one thread: a day's hash
    table is then built without the partition-and-merge steps of a parallel aggregation (about
    a fifth less work). The relation reads Parquet files only (no temporary tables, which
    other cursors could not see).
    """
    setting = con.execute("SELECT current_setting('threads')").fetchone()
    threads = int(setting[0]) if setting else 1

    def aggregated(
        cursor: duckdb.DuckDBPyConnection, day: tuple[int, datetime, datetime]
    ) -> list[Any]:
        index, start, end = day
        return cursor.execute(
            f"""SELECT a, {index}, sum(n)::BIGINT, count(*)
            FROM (SELECT {actor_key} AS a, subject, count(*) AS n FROM {relation}
                  WHERE {" AND ".join([*conditions, between(start, end)])}
                  GROUP BY ALL)
            GROUP BY a"""
        ).fetchall()

    compiled = None
    if kernels is not None:
        compiled = _compiled_day(con, kernels, relation, conditions, between, actor_key)
    one = compiled or aggregated

    rows: list[Any] = []
    if threads <= 1 or len(days) < 2:
        for day in days:
            rows += one(con, day)
    else:
        cursors: queue.SimpleQueue[duckdb.DuckDBPyConnection] = queue.SimpleQueue()
        opened = [con.cursor() for _ in range(threads)]
        for cursor in opened:
            cursors.put(cursor)

        def run(day: tuple[int, datetime, datetime]) -> list[Any]:
            cursor = cursors.get()
            try:
                return one(cursor, day)
            finally:
                cursors.put(cursor)

        con.execute("SET threads = 1")
        try:
            with ThreadPoolExecutor(max_workers=threads) as pool:
                for found in pool.map(run, days):
                    rows += found
        finally:
            con.execute(f"SET threads = {threads}")
            for cursor in opened:
                cursor.close()
    key_type = "UBIGINT" if actor_key != "actor" else "VARCHAR"
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE monitor_points_by_key
        (a {key_type}, d BIGINT, queries BIGINT, points BIGINT)"""
    )
    if rows:
        columns = list(zip(*rows, strict=True))
        con.execute(
            "INSERT INTO monitor_points_by_key "
            "SELECT unnest($1), unnest($2), unnest($3), unnest($4)",
            [list(column) for column in columns],
        )
    return compiled is not None


def _compiled_day(
    con: duckdb.DuckDBPyConnection,
    kernels: Any,
    relation: str,
    conditions: Sequence[str],
    between: Callable[[datetime, datetime], str],
    actor_key: str,
) -> Callable[[duckdb.DuckDBPyConnection, tuple[int, datetime, datetime]], list[Any]] | None:
    """One day of pass B by the compiled count (see ``_kernels``): DuckDB reads the day's
    query rows (actor code, subject) into numpy arrays, the kernel counts them (without the
    GIL, so days on other threads go on). Rows as the DuckDB query of ``_points_per_day``; None
    when the actors' hashes have no small distinct codes (thousands of actors: DuckDB counts).

    The actor code is the hash modulo a number chosen for the actors of the period, which pass
    A found (pass B reads the same relation in a shorter time range: no other actor appears; a
    code of no actor is an error, a bug)."""
    import numpy as np

    found = con.execute("SELECT a FROM monitor_actor_keys ORDER BY a").fetchall()
    hashes = [int(r[0]) for r in found]
    codes = kernels.actor_codes(np.array(hashes, dtype=np.uint64))
    if codes is None:
        return None
    modulus, index = codes
    counters: dict[int, Any] = {}  # one per cursor (its buffers are reused day after day)

    def one(cursor: duckdb.DuckDBPyConnection, day: tuple[int, datetime, datetime]) -> list[Any]:
        day_index, start, end = day
        # A relation's fetchnumpy knows the result's size (about a third of the cost of
        # execute().fetchnumpy(), which grows its arrays chunk by chunk).
        columns = cursor.sql(
            f"""SELECT ({actor_key} % {modulus})::USMALLINT AS a, subject::BIGINT AS s
            FROM {relation} WHERE {" AND ".join([*conditions, between(start, end)])}"""
        ).fetchnumpy()
        counter = counters.get(id(cursor))
        if counter is None:
            counter = counters[id(cursor)] = kernels.DayCounter(index, len(hashes))
        queries, points = counter.count(columns["a"], columns["s"])
        return [
            (hashes[i], day_index, int(queries[i]), int(points[i]))
            for i in np.flatnonzero(queries).tolist()
        ]

    return one


#: From this many events a day (on average over the period, and this many in all) pass B
#: counts with the compiled kernel when numba is installed: below it a day's hash table fits
#: DuckDB's caches and importing numba and loading the kernel (about 0.45 s of CPU) costs more
#: than it saves.
KERNEL_EVENTS_PER_DAY = 1 << 19
KERNEL_EVENTS = 1 << 24


def _kernels(events: int, days: int) -> Any:
    """The compiled distinct count (module ``_kernels``), or None for DuckDB's aggregation.

    ``ELHUB_CIM_MONITOR_KERNEL``: ``off`` never uses it, ``on`` always (an error without
    numba), anything else for large inputs (:data:`KERNEL_EVENTS`, :data:`KERNEL_EVENTS_PER_DAY`)
    when numba can be imported.
    """
    choice = os.environ.get("ELHUB_CIM_MONITOR_KERNEL", "auto").strip().lower()
    if choice == "off":
        return None
    if choice != "on":
        if events < KERNEL_EVENTS or events < KERNEL_EVENTS_PER_DAY * days:
            return None
        if importlib.util.find_spec("numba") is None:
            return None
    try:
        from . import _kernels
    except ImportError:
        if choice == "on":
            raise
        return None  # numba that does not work with this numpy: DuckDB counts
    return _kernels


def _load_kernels_early(con: duckdb.DuckDBPyConnection, source: EventsSource) -> Callable[[], None]:
    """Import numba and load the compiled kernel on a thread while pass A runs, when pass B will
    probably count compiled (Parquet input of at least :data:`KERNEL_EVENTS` rows, numba
    installed, not ``ELHUB_CIM_MONITOR_KERNEL=off``): about 0.45 s of CPU that would otherwise
    pass between the two reads with one core busy. Returns the wait for it (:func:`_kernels`
    then decides, as without it)."""
    choice = os.environ.get("ELHUB_CIM_MONITOR_KERNEL", "auto").strip().lower()
    if choice == "off" or any(f.kind != "parquet" for f in source.files):
        return lambda: None
    if importlib.util.find_spec("numba") is None:
        return lambda: None
    paths = [member for f in source.files for member in (f.members or (f.path,))]
    rows = con.execute(
        f"SELECT sum(num_rows) FROM parquet_file_metadata({_sql_list(paths)})"
    ).fetchone()
    if choice != "on" and (not rows or rows[0] is None or int(rows[0]) < KERNEL_EVENTS):
        return lambda: None

    def load() -> None:
        try:
            from . import _kernels
        except ImportError:
            return  # _kernels() imports again and decides
        _kernels.warm()

    thread = threading.Thread(target=load, name="elhub-cim-monitor-kernel", daemon=True)
    thread.start()
    return thread.join


class _Clock:
    def __init__(self, timings: dict[str, float] | None) -> None:
        self.timings = timings
        self.last = time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        if self.timings is not None:
            self.timings[name] = now - self.last
        self.last = now


def compute(
    con: duckdb.DuckDBPyConnection,
    source: EventsSource,
    thresholds: Thresholds,
    *,
    first: date | None = None,
    last: date | None = None,
    actors: Sequence[str] = (),
    timings: dict[str, float] | None = None,
) -> MeasureData:
    """Compute all six measures and their levels into table ``monitor_values``.

    ``first``/``last`` limit the report to those local days (the ratio still looks back
    ``window_days`` before ``first``); ``actors`` to those GLNs. ``timings``, if given, receives
    the wall time of each step (for the benchmark).
    """
    waits: list[Callable[[], None]] = []
    try:
        return _compute(con, source, thresholds, first, last, actors, timings, waits)
    finally:
        # The early import of the compiled count ends before compute does, however it ends (an
        # invalid file, no events, DuckDB counting): a process that exits while a thread is
        # still importing can fail in the interpreter's shutdown.
        for wait in waits:
            wait()


def _compute(
    con: duckdb.DuckDBPyConnection,
    source: EventsSource,
    thresholds: Thresholds,
    first: date | None,
    last: date | None,
    actors: Sequence[str],
    timings: dict[str, float] | None,
    waits: list[Callable[[], None]],
) -> MeasureData:
    clock = _Clock(timings)
    zone = thresholds.zone
    window = thresholds.window_days
    for label, day in (("first", first), ("last", last)):
        if day is not None and not FIRST_REPORT_DAY <= day <= LAST_REPORT_DAY:
            # (not "years 1 to 9999", which holds 1999-12-31: the days a report rates are the bound)
            raise DateOutOfRangeError(
                [
                    Problem(
                        DateOutOfRangeError.default_code,
                        f"the {label} day {day.isoformat()} is outside the days a report can "
                        f"rate, {FIRST_REPORT_DAY.isoformat()} to {LAST_REPORT_DAY.isoformat()}",
                    )
                ]
            )
    con.execute("SET preserve_insertion_order = false")
    conditions: list[str] = []
    if actors:
        conditions.append(f"actor IN ({', '.join(_sql_string(a) for a in actors)})")
    if first is not None:
        lookback = local_day_start(first - timedelta(days=window - 1), zone)
        conditions.append(f"event_time >= TIMESTAMPTZ {_sql_string(lookback.isoformat())}")
    if last is not None:
        end = local_day_start(last + timedelta(days=1), zone)
        conditions.append(f"event_time < TIMESTAMPTZ {_sql_string(end.isoformat())}")
    where = f"WHERE {' AND '.join(conditions)}" if conditions else ""

    # Pass A: (actor, UTC hour) counts. The same read checks every row: the row rules of
    # schema.ROW_RULES become one count of the rows that break any of them; only the actor (per
    # distinct actor) and the time (per hour) are checked on the small result. Only when
    # something is wrong does a second query find and name the rows. So a Parquet file is
    # validated without a read of its own. See _pass_a_counts for how a row is classified.
    counted = ", ".join(f"coalesce(count_if({c}), 0) AS {n}" for n, c in _pass_a_counts().items())
    kernels_loaded = _load_kernels_early(con, source)
    waits.append(kernels_loaded)
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE monitor_hourly AS
        SELECT actor, h, count(*) AS events, {counted}
        FROM (SELECT actor, epoch_us(event_time) // {HOUR_US} AS h, {_pass_a_codes()}
              FROM {source.relation} {where})
        GROUP BY ALL"""
    )
    clock.lap("pass A (hours, validation)")
    bad = con.execute(
        f"""SELECT count(*) FROM monitor_hourly
        WHERE actor IS NULL OR NOT regexp_full_match(actor, '[0-9]{{13}}')
           OR h IS NULL OR h < {FIRST_VALID_HOUR} OR h > {LAST_VALID_HOUR} OR bad > 0"""
    ).fetchone()
    if bad and bad[0]:
        problems: list[Problem] = []
        for events_file in source.files:
            if events_file.members:  # a dataset: name the file that holds the row
                for member in events_file.members:
                    one = _open_parquet(con, member, (member,))
                    problems += _find_bad_rows(con, one.numbered, ROW_RULES, member)
                continue
            problems += _find_bad_rows(con, events_file.numbered, ROW_RULES, events_file.path)
        raise EventsError(problems or [Problem("EVENTS_INVALID", "rows break the schema")])

    span = con.execute("SELECT min(h), max(h), sum(events) FROM monitor_hourly").fetchone()
    if span is None or span[0] is None:
        _empty_values(con)
        return MeasureData(period=None, events=0)
    low, high, total = (int(span[0]), int(span[1]), int(span[2]))
    offset_sql = offset_case(zone, low - 24 * (window + 1), high + 24, "h")
    day_sql = f"((h + {offset_sql}) // 24)"

    extent = con.execute(f"SELECT min({day_sql}), max({day_sql}) FROM monitor_hourly").fetchone()
    assert extent is not None
    first_day = first or day_of(int(extent[0]))
    last_day = last or day_of(int(extent[1]))
    if last_day < first_day:  # --from after the last event: nothing in the period
        _empty_values(con)
        return MeasureData(period=None, events=0)
    length = (last_day - first_day).days + 1
    if length > MAX_PERIOD_DAYS:  # the days are rated one by one: bound the work
        raise EventsError(
            [
                Problem(
                    "EVENTS_PERIOD_TOO_LONG",
                    f"the period runs from {first_day} to {last_day} ({length} days), more than "
                    f"{MAX_PERIOD_DAYS} days; choose one with --from/--to (first/last)",
                )
            ]
        )
    period = Period(
        first=first_day,
        last=last_day,
        start_hour=int(local_day_start(first_day, zone).timestamp()) // 3600,
        end_hour=int(local_day_start(last_day + timedelta(days=1), zone).timestamp()) // 3600,
    )
    d0, d1 = (first_day - EPOCH).days, (last_day - EPOCH).days
    in_period = f"h >= {period.start_hour} AND h < {period.end_hour}"

    # Pass B: distinct subjects per (actor, local day), exact. On time-clustered Parquet (what
    # `monitor extract` writes) one query per local day reads only that day's row groups and
    # keeps a hash table of one day; otherwise one two-level aggregation over everything.
    base = [f"kind = '{QUERY}'", "subject IS NOT NULL"]
    base += [c for c in conditions if not c.startswith("event_time")]
    days = [
        (
            (day - EPOCH).days,
            local_day_start(day, zone),
            local_day_start(day + timedelta(days=1), zone),
        )
        for day in (first_day + timedelta(days=n) for n in range((last_day - first_day).days + 1))
    ]

    def between(start: datetime, end: datetime) -> str:
        return (
            f"event_time >= TIMESTAMPTZ {_sql_string(start.isoformat())} "
            f"AND event_time < TIMESTAMPTZ {_sql_string(end.isoformat())}"
        )

    # The distinct count groups by (actor, day, subject). A 64-bit hash of the actor is a
    # cheaper key than its 13 characters (an 8-byte key instead of a string compared through a
    # pointer); it is exact when no two actors of the period share a hash (checked on the few
    # actors of pass A's result; otherwise the actor itself is the key).
    con.execute(
        """CREATE OR REPLACE TEMP TABLE monitor_actor_keys AS
        SELECT actor, hash(actor) AS a FROM (SELECT DISTINCT actor FROM monitor_hourly)"""
    )
    unique = con.execute("SELECT count(DISTINCT a) = count(*) FROM monitor_actor_keys").fetchone()
    actor_key = ACTOR_HASH if unique and unique[0] else "actor"
    if _clustered(con, source, days):
        # The kernel codes actors by their hash.
        kernels_loaded()
        kernels = _kernels(total, len(days)) if actor_key != "actor" else None
        compiled = _points_per_day(con, source.relation, base, days, between, actor_key, kernels)
        plan = "per day, compiled" if compiled else "per day"
    else:
        con.execute(
            f"""CREATE OR REPLACE TEMP TABLE monitor_points_by_key AS
            SELECT a, d, sum(n)::BIGINT AS queries, count(*) AS points
            FROM (
                SELECT a, {day_sql} AS d, subject, count(*) AS n
                FROM (SELECT {actor_key} AS a, epoch_us(event_time) // {HOUR_US} AS h, subject
                      FROM {source.relation}
                      WHERE {" AND ".join([*base, between(days[0][1], days[-1][2])])})
                GROUP BY ALL
            )
            GROUP BY ALL"""
        )
        plan = "one aggregation"
    key_column = "a" if actor_key != "actor" else "actor"
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE monitor_points AS
        SELECT k.actor, p.d, p.queries, p.points
        FROM monitor_points_by_key p JOIN monitor_actor_keys k ON p.a = k.{key_column}"""
    )
    clock.lap(f"pass B (distinct subjects, {plan})")
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE monitor_daily AS
        SELECT actor, {day_sql} AS d, sum(events)::BIGINT AS events,
               sum(approved)::BIGINT AS approved, sum(rejected)::BIGINT AS rejected,
               sum(sos_queries)::BIGINT AS sos_queries, sum(sos_requests)::BIGINT AS sos_requests
        FROM monitor_hourly GROUP BY ALL"""
    )
    zero_as = thresholds.zero_requests_rated_as
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE monitor_ratio AS
        WITH days AS (SELECT range AS d FROM range({d0 - (window - 1)}, {d1 + 1})),
             who AS (SELECT DISTINCT actor FROM monitor_daily),
             filled AS (
                SELECT who.actor, days.d, coalesce(x.sos_queries, 0) AS q,
                       coalesce(x.sos_requests, 0) AS r
                FROM who CROSS JOIN days
                LEFT JOIN monitor_daily x ON x.actor = who.actor AND x.d = days.d),
             rolled AS (
                SELECT actor, d,
                       sum(q) OVER w AS q,
                       sum(r) OVER w AS r
                FROM filled
                WINDOW w AS (PARTITION BY actor ORDER BY d
                             ROWS BETWEEN {window - 1} PRECEDING AND CURRENT ROW))
        SELECT actor, d, q, r FROM rolled
        WHERE d BETWEEN {d0} AND {d1} AND (q > 0 OR r > 0)"""
    )

    limits = ", ".join(
        f"({_sql_string(key)}, {thresholds[key].yellow_from!r}, {thresholds[key].red_above!r})"
        for key in MEASURE_KEYS
    )
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE monitor_values AS
        WITH v AS (
            SELECT actor, 'approved_per_hour' AS measure, h AS bucket,
                   approved::DOUBLE AS value, approved::DOUBLE AS rated,
                   approved AS numerator, NULL::BIGINT AS denominator
            FROM monitor_hourly WHERE {in_period}
            UNION ALL
            SELECT actor, 'rejected_per_hour', h, rejected, rejected, rejected, NULL
            FROM monitor_hourly WHERE {in_period}
            UNION ALL
            SELECT actor, 'approved_per_day', d, approved, approved, approved, NULL
            FROM monitor_daily WHERE d BETWEEN {d0} AND {d1}
            UNION ALL
            SELECT actor, 'rejected_per_day', d, rejected, rejected, rejected, NULL
            FROM monitor_daily WHERE d BETWEEN {d0} AND {d1}
            UNION ALL
            SELECT actor, 'queries_per_metering_point', d, queries / points, queries / points,
                   queries, points
            FROM monitor_points
            UNION ALL
            SELECT actor, '{RATIO}', d,
                   CASE WHEN r > 0 THEN q / r ELSE 'infinity'::DOUBLE END,
                   q / (CASE WHEN r > 0 THEN r ELSE {zero_as!r} END), q, r
            FROM monitor_ratio
        )
        SELECT v.*, CASE WHEN v.rated > t.red THEN 2 WHEN v.rated >= t.yellow THEN 1 ELSE 0 END
                    AS level
        FROM v JOIN (VALUES {limits}) AS t(measure, yellow, red) USING (measure)"""
    )
    events = con.execute(
        f"SELECT coalesce(sum(events), 0) FROM monitor_hourly WHERE {in_period}"
    ).fetchone()
    names = [
        str(r[0])
        for r in con.execute("SELECT DISTINCT actor FROM monitor_values ORDER BY actor").fetchall()
    ]
    clock.lap("days, ratio, levels")
    return MeasureData(period=period, events=int(events[0]) if events else 0, actors=names)


def _empty_values(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        """CREATE OR REPLACE TEMP TABLE monitor_values (actor VARCHAR, measure VARCHAR,
        bucket BIGINT, value DOUBLE, rated DOUBLE, numerator BIGINT, denominator BIGINT,
        level INTEGER)"""
    )
    for name in ("monitor_points", "monitor_daily", "monitor_ratio"):
        con.execute(f"CREATE OR REPLACE TEMP TABLE {name} (actor VARCHAR, d BIGINT)")
