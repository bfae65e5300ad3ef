"""The event schema: columns and rows are checked, and a bad row is named (row, column, why)."""

# ruff: noqa: S608 (tests build SQL from their own constants)

from __future__ import annotations

from pathlib import Path

import pytest

from elhub_cim.core.errors import InputReadError
from elhub_cim.monitor import EventsError
from elhub_cim.monitor.schema import COLUMN_NAMES, subject_of
from tests.test_monitor_support import bulk, event, report_of, write_csv, write_parquet


def _error(path: Path) -> str:
    with pytest.raises(EventsError) as caught:
        report_of(path)
    return "\n".join(p.format() for p in caught.value.problems)


# -- columns -------------------------------------------------------------------------------------


def test_missing_column(tmp_path: Path) -> None:
    columns = [c for c in COLUMN_NAMES if c != "outcome"]
    message = _error(write_csv(tmp_path / "e.csv", [event()], columns))
    assert "missing column 'outcome'" in message


def test_unknown_and_repeated_columns(tmp_path: Path) -> None:
    path = tmp_path / "e.csv"
    path.write_text(",".join([*COLUMN_NAMES, "outcom", "kind"]) + "\n", encoding="utf-8")
    message = _error(path)
    assert "unknown column 'outcom'" in message
    assert "column 'kind' appears twice" in message


def test_optional_columns_may_be_absent(tmp_path: Path) -> None:
    columns = [c for c in COLUMN_NAMES if c not in ("document_id", "source_file")]
    report = report_of(write_csv(tmp_path / "e.csv", [event()], columns))
    assert report.events == 1


def test_empty_file_and_missing_file(tmp_path: Path) -> None:
    empty = tmp_path / "e.csv"
    empty.write_text("", encoding="utf-8")
    assert "empty file" in _error(empty)
    with pytest.raises(InputReadError):
        report_of(tmp_path / "nowhere.csv")


def test_ragged_row(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "e.csv", [event()])
    with path.open("a", encoding="utf-8") as stream:
        stream.write("7080004312159,2026-03-10T10:00:00Z,query611\n")
    assert "unreadable CSV" in _error(path)
    # The line is the problem's (file:line), and DuckDB's advice to the programmer (disable
    # strict_mode, ignore_errors) is no advice to the user of the command.
    with pytest.raises(EventsError) as caught:
        report_of(path)
    [problem] = caught.value.problems
    assert problem.line == 3
    assert "the row has 3 fields, the header 10" in problem.message
    for advice in ("strict_mode", "ignore_errors", "null_padding", "Possible fixes", "\n"):
        assert advice not in problem.message


def test_an_unclosed_quote_names_its_line(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "e.csv", [event(), event()])
    with path.open("a", encoding="utf-8") as stream:
        stream.write('7080004312159,2026-03-10T10:00:00Z,query611,1,,,approved,,"x,\n')
    with pytest.raises(EventsError) as caught:
        report_of(path)
    [problem] = caught.value.problems
    assert problem.line == 4
    assert "unreadable CSV" in problem.message
    assert "Possible fixes" not in problem.message


# -- rows ----------------------------------------------------------------------------------------

BAD_ROWS = [
    ({"actor": ""}, "actor", "is empty"),
    ({"actor": "70800043121"}, "actor", "is not a GLN"),
    ({"actor": "708000431215X"}, "actor", "is not a GLN"),
    ({"event_time": ""}, "event_time", "is empty"),
    ({"event_time": "2026-03-10 10:00:00"}, "event_time", "has no UTC offset"),
    # A date alone ends in "-10", which looks like an offset, and DuckDB reads it as midnight UTC.
    ({"event_time": "2026-03-10"}, "event_time", "has no time of day"),
    ({"event_time": "10.03.2026 10:00"}, "event_time", "is not a date and time"),
    # DuckDB reads any two digits as an offset: +99:00 moved the event four days back.
    ({"event_time": "2026-03-10T10:00:00+99:00"}, "event_time", "UTC offset out of range"),
    ({"event_time": "2026-03-10T10:00:00+01:75"}, "event_time", "UTC offset out of range"),
    ({"event_time": "2026-03-10T10:00:00-9999"}, "event_time", "UTC offset out of range"),
    ({"event_time": "2026-03-10T10:00:00+24"}, "event_time", "UTC offset out of range"),
    ({"event_time": "1970-01-01T00:00:01Z"}, "event_time", "before the year 2000"),
    # An open end written as the end of the calendar: the report's days must exist (no crash).
    ({"event_time": "9999-12-31T23:59:59Z"}, "event_time", "after 9999-12-29"),
    ({"event_time": "9999-12-30T00:00:00Z"}, "event_time", "after 9999-12-29"),
    ({"kind": "query"}, "kind", "is not one of query611, start_of_supply"),
    ({"kind": ""}, "kind", "is empty"),
    ({"metering_points": "two"}, "metering_points", "is not a whole number"),
    ({"metering_points": "-1"}, "metering_points", "is negative"),
    ({"metering_points": ""}, "metering_points", "is empty"),
    ({"subject": "abc"}, "subject", "is not a signed 64-bit integer"),
    ({"subject": "707057500733154194"}, "subject", "looks like a metering point id"),
    # DuckDB's cast rounds 1.5 to 2 and reads 1e2, 0x1, 0b11 and 1_000: a count or pseudonym
    # that is no whole number in decimal digits was changed silently (a spreadsheet's
    # 1.23457E+18 made thousands of subjects one).
    ({"metering_points": "1.5"}, "metering_points", "is not a whole number"),
    ({"metering_points": "1e2"}, "metering_points", "is not a whole number"),
    ({"metering_points": "0x1"}, "metering_points", "is not a whole number"),
    ({"metering_points": "1_000"}, "metering_points", "is not a whole number"),
    # A whole number too large for the count was "not a whole number": said what it is.
    ({"metering_points": "9223372036854775807"}, "metering_points", "is out of range (at most"),
    ({"subject": "1.5"}, "subject", "is not a signed 64-bit integer"),
    ({"subject": "1.23457E+18"}, "subject", "is not a signed 64-bit integer"),
    ({"subject": "0b11"}, "subject", "is not a signed 64-bit integer"),
    ({"purpose": "Marketing"}, "purpose", "is not one of StartOfSupply"),
    ({"outcome": "ok"}, "outcome", "is not one of approved, rejected"),
    ({"brs": "BRS-NO-102"}, "brs", "must be empty or BRS-NO-611"),
]


@pytest.mark.parametrize(("change", "column", "reason"), BAD_ROWS)
def test_bad_row_names_row_and_column(
    tmp_path: Path, change: dict[str, str], column: str, reason: str
) -> None:
    rows = [event(), event(), {**event(), **change}, event()]
    message = _error(write_csv(tmp_path / "e.csv", rows))
    assert f"row 3 (line 4), column {column!r}" in message
    assert reason in message


@pytest.mark.parametrize(
    ("change", "column", "reason"),
    [
        ({"purpose": "StartOfSupply"}, "purpose", "must be empty for a start_of_supply event"),
        ({"outcome": "approved"}, "outcome", "must be empty for a start_of_supply event"),
        ({"brs": "BRS-NO-201"}, "brs", "must be one of BRS-NO-101"),
        ({"brs": ""}, "brs", "must be one of BRS-NO-101"),
    ],
)
def test_bad_start_of_supply_rows(
    tmp_path: Path, change: dict[str, str], column: str, reason: str
) -> None:
    rows = [event(), {**event(kind="start_of_supply"), **change}]
    message = _error(write_csv(tmp_path / "e.csv", rows))
    assert f"row 2 (line 3), column {column!r}" in message
    assert reason in message


def test_several_bad_rows_are_listed_in_order(tmp_path: Path) -> None:
    rows = [event(kind="x"), event(), event(outcome="maybe"), event(actor="1")]
    problems = _error(write_csv(tmp_path / "e.csv", rows)).splitlines()
    assert [p.split(": EVENTS_INVALID ")[1].split(",")[0] for p in problems] == [
        "row 1 (line 2)",
        "row 3 (line 4)",
        "row 4 (line 5)",
    ]


def test_line_numbers_count_quoted_line_breaks(tmp_path: Path) -> None:
    rows = [event(source_file="two\nlines"), event(kind="x")]
    message = _error(write_csv(tmp_path / "e.csv", rows))
    assert "row 2 (line 4), column 'kind'" in message


def test_national_identity_numbers_are_masked(tmp_path: Path) -> None:
    fnr = "01010010183"  # synthetic, valid check digits
    message = _error(write_csv(tmp_path / "e.csv", [event(kind=fnr)]))
    assert fnr not in message
    assert "<masked national id>" in message


def test_quoted_empty_fields_are_empty(tmp_path: Path) -> None:
    path = tmp_path / "e.csv"
    header = ",".join(COLUMN_NAMES)
    path.write_text(
        f'{header}\n"7080004312159","2026-03-10T10:00:00Z","query611","1","","","approved","",'
        '"",""\n',
        encoding="utf-8",
    )
    assert report_of(path).events == 1


def test_accepted_time_forms(tmp_path: Path) -> None:
    rows = [
        event("2026-03-10T10:00:00Z"),
        event("2026-03-10T11:00:00+01:00"),
        event("2026-03-10 11:00:00.123456+0100"),
        event("2026-03-10T11:00:00+01"),
    ]
    report = report_of(write_csv(tmp_path / "e.csv", rows))
    assert report.events == 4
    assert report.actors[0].measures["approved_per_hour"].value == 4


def test_subjects_from_subject_of_are_accepted() -> None:
    # The pseudonym never lands in the range of clear metering point ids.
    for index in range(20000):
        assert not 707057500000000000 <= subject_of(b"k" * 16, str(index)) <= 707057599999999999


# -- Parquet -------------------------------------------------------------------------------------


def test_parquet_time_without_zone_is_refused(tmp_path: Path) -> None:
    sql = bulk(3).replace("TIMESTAMPTZ '", "TIMESTAMP '").replace("+00'", "'")
    message = _error(write_parquet(tmp_path / "e.parquet", f"SELECT * FROM ({sql})"))
    assert "column 'event_time' is TIMESTAMP; it must be TIMESTAMP WITH TIME ZONE" in message


def test_parquet_wrong_types(tmp_path: Path) -> None:
    sql = f"SELECT * REPLACE (subject::VARCHAR AS subject) FROM ({bulk(3, subjects=1)})"
    message = _error(write_parquet(tmp_path / "e.parquet", sql))
    assert "column 'subject' is VARCHAR" in message


@pytest.mark.parametrize(
    ("change", "message"),
    [
        # 1.5 became 2, a pseudonym 5.6 became 6, a local time was taken for UTC: all silently
        (
            "(metering_points + 0.5)::DOUBLE AS metering_points",
            "column 'metering_points' is DOUBLE",
        ),
        ("(subject + 0.5)::DOUBLE AS subject", "column 'subject' is DOUBLE"),
        ("event_time::TIMESTAMP AS event_time", "column 'event_time' is TIMESTAMP;"),
    ],
)
def test_every_file_of_a_dataset_folder_has_the_types(
    tmp_path: Path, change: str, message: str
) -> None:
    """DuckDB reads a folder's files with the first file's schema and casts the others' columns
    to it: a file refused alone was read in a folder, its values changed."""
    folder = tmp_path / "events"
    (folder / "actor=1").mkdir(parents=True)
    write_parquet(folder / "actor=1" / "a.parquet", bulk(3, subjects=2))
    other = write_parquet(
        folder / "actor=1" / "b.parquet",
        f"SELECT * REPLACE ({change}) FROM ({bulk(3, subjects=2)})",
    )
    assert message in _error(other)  # alone
    with pytest.raises(EventsError) as caught:
        report_of(folder)
    [problem] = [p for p in caught.value.problems if message in p.message]
    assert problem.file == str(other)


@pytest.mark.parametrize("how", ["twice", "link", "in_its_folder"])
def test_an_events_file_given_twice_is_refused(tmp_path: Path, how: str) -> None:
    """The same file twice (by two names, or once alone and once in its folder) counted every
    event twice: an actor's levels doubled without a word."""
    folder = tmp_path / "events"
    folder.mkdir()
    path = write_parquet(folder / "a.parquet", bulk(3))
    if how == "twice":
        inputs = [path, path]
    elif how == "link":
        link = tmp_path / "b.parquet"
        link.symlink_to(path)
        inputs = [path, link]
    else:
        inputs = [path, folder]
    with pytest.raises(EventsError) as caught:
        report_of(inputs)
    assert "more than once" in str(caught.value)
    assert report_of(path).events == 3


def test_every_file_of_a_dataset_folder_has_the_columns(tmp_path: Path) -> None:
    folder = tmp_path / "events"
    folder.mkdir()
    write_parquet(folder / "a.parquet", bulk(3))
    other = write_parquet(folder / "b.parquet", f"SELECT * EXCLUDE (purpose) FROM ({bulk(3)})")
    with pytest.raises(EventsError) as caught:
        report_of(folder)
    [problem] = caught.value.problems
    assert problem.file == str(other)
    assert "purpose" in problem.message


def test_parquet_bad_row_is_named(tmp_path: Path) -> None:
    sql = (
        f"SELECT * REPLACE (CASE WHEN event_time = (SELECT max(event_time) FROM ({bulk(5)})) "
        f"THEN 'rejeted' ELSE outcome END AS outcome) FROM ({bulk(5)}) ORDER BY event_time"
    )
    message = _error(write_parquet(tmp_path / "e.parquet", sql))
    assert "row 5, column 'outcome': 'rejeted' is not one of approved, rejected" in message


def test_parquet_bad_actor_is_named(tmp_path: Path) -> None:
    message = _error(write_parquet(tmp_path / "e.parquet", bulk(4, actor="70800043121590")))
    assert "row 1, column 'actor': '70800043121590' is not a GLN (13 digits)" in message


def test_parquet_rows_outside_the_period_are_not_read(tmp_path: Path) -> None:
    from datetime import date

    sql = bulk(3) + " UNION ALL " + bulk(1, start="2026-05-01 10:00:00+00", kind="other")
    report = report_of(write_parquet(tmp_path / "e.parquet", sql), last=date(2026, 3, 31))
    assert report.events == 3


def test_not_a_parquet_or_csv_file(tmp_path: Path) -> None:
    path = tmp_path / "e.parquet"
    path.write_bytes(b"PAR1 garbage that is not parquet")
    message = _error(path)
    assert "not a readable Parquet file" in message
    # DuckDB's text goes on with the query it ran and a caret line: not the user's business
    assert "DESCRIBE" not in message
    assert "\\n" not in message


PARQUET_BAD = [
    ("actor", "NULL::VARCHAR", "is empty"),
    ("actor", "'708000431215'", "is not a GLN"),
    ("event_time", "NULL::TIMESTAMPTZ", "is empty"),
    ("event_time", "TIMESTAMPTZ '1999-12-31 23:00:00+00'", "before the year 2000"),
    ("event_time", "TIMESTAMPTZ '9999-12-31 23:59:59+00'", "after 9999-12-29"),
    ("kind", "NULL::VARCHAR", "is empty"),
    ("kind", "'query'", "is not one of query611"),
    ("metering_points", "NULL::INTEGER", "is empty"),
    ("metering_points", "-2", "is negative"),
    ("subject", "707057500733154194", "looks like a metering point id"),
    ("purpose", "'Marketing'", "is not one of StartOfSupply"),
    ("outcome", "'ok'", "is not one of approved, rejected"),
    ("brs", "'BRS-NO-102'", "must be empty or BRS-NO-611"),
]


@pytest.mark.parametrize(("column", "value", "reason"), PARQUET_BAD)
def test_parquet_rows_break_every_rule(
    tmp_path: Path, column: str, value: str, reason: str
) -> None:
    # The report checks Parquet rows inside its first aggregation (not row by row): each rule
    # must still be caught there, and the row named. Row 3 of 4 is bad.
    sql = (
        f"SELECT * REPLACE (CASE WHEN n = 3 THEN {value} ELSE {column} END AS {column}) "
        f"FROM (SELECT *, row_number() OVER (ORDER BY event_time) AS n FROM ({bulk(4)})) "
        "ORDER BY n"
    )
    path = write_parquet(tmp_path / "e.parquet", f"SELECT * EXCLUDE (n) FROM ({sql})")
    message = _error(path)
    assert f"row 3, column {column!r}" in message
    assert reason in message


@pytest.mark.parametrize(
    ("column", "value", "reason"),
    [
        ("purpose", "'StartOfSupply'", "must be empty for a start_of_supply event"),
        ("outcome", "'approved'", "must be empty for a start_of_supply event"),
        ("brs", "NULL::VARCHAR", "must be one of BRS-NO-101"),
        ("brs", "'BRS-NO-611'", "must be one of BRS-NO-101"),
    ],
)
def test_parquet_start_of_supply_rows(tmp_path: Path, column: str, value: str, reason: str) -> None:
    good = bulk(2, kind="start_of_supply", outcome=None, brs="BRS-NO-102")
    sql = f"SELECT * REPLACE ({value} AS {column}) FROM ({good}) ORDER BY event_time DESC LIMIT 1"
    path = write_parquet(tmp_path / "e.parquet", f"{sql}")
    message = _error(path)
    assert f"row 1, column {column!r}" in message
    assert reason in message
