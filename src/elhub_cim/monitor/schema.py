"""The monitor's event schema: one row per BRS-NO-611 query or start-of-supply request.

The same columns in CSV (an actor's own log, or ``monitor extract -o events.csv``) and in
Parquet (``-o events.parquet``). docs/monitor.md describes every column; this module holds the
definitions the code uses: names, types, allowed values and the row rules, each rule written
once as an SQL predicate that is true for a *bad* row.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime

from ..core.errors import mask_identity_numbers

__all__ = [
    "COLUMNS",
    "KINDS",
    "OUTCOMES",
    "PURPOSES",
    "REQUIRED_COLUMNS",
    "START_OF_SUPPLY_BRS",
    "SUPPLIER_SWITCH_BRS",
    "Column",
    "Event",
    "RowRule",
    "subject_of",
]

QUERY = "query611"
START_OF_SUPPLY = "start_of_supply"
KINDS = (QUERY, START_OF_SUPPLY)
PURPOSES = ("StartOfSupply", "AccessRequest", "Other")
OUTCOMES = ("approved", "rejected")
#: Every start-of-supply process: a start_of_supply event (CSV row or extracted request) may
#: carry any of them.
START_OF_SUPPLY_BRS = ("BRS-NO-101", "BRS-NO-102", "BRS-NO-103", "BRS-NO-104", "BRS-NO-123")
#: The start-of-supply requests that count as "supplier-switch messages sent" in the 611
#: start-of-supply ratio: those a supplier sends. 104 (change from the supplier of last resort)
#: is one: a supplier prepares it with a 611 query like any switch. 123 is the grid company's
#: move-in; a grid company cannot send 611, so its 123 requests never balance anyone's queries
#: (accepted and stored, not counted). See docs/monitor.md.
SUPPLIER_SWITCH_BRS = ("BRS-NO-101", "BRS-NO-102", "BRS-NO-103", "BRS-NO-104")
QUERY_BRS = "BRS-NO-611"

#: Subjects are pseudonyms. A value in this range could be a metering point id (GSRN, 18 digits
#: starting 7070575) written in clear, so it is refused; ``subject_of`` never produces one.
GSRN_LOW, GSRN_HIGH = 707057500000000000, 707057599999999999


@dataclass(frozen=True, slots=True)
class Column:
    """One column: name, DuckDB type, whether it must be present in a file, and a short doc."""

    name: str
    sql_type: str
    required: bool
    doc: str


COLUMNS: tuple[Column, ...] = (
    Column("actor", "VARCHAR", True, "GLN (13 digits) of the market party that sent the query"),
    Column("event_time", "TIMESTAMPTZ", True, "when it was sent, with a UTC offset"),
    Column("kind", "VARCHAR", True, "query611 or start_of_supply"),
    Column("metering_points", "INTEGER", True, "number of metering points (0 or more)"),
    Column("subject", "BIGINT", True, "keyed 64-bit pseudonym of what was queried, or empty"),
    Column("purpose", "VARCHAR", True, "StartOfSupply, AccessRequest, Other or empty"),
    Column("outcome", "VARCHAR", True, "approved, rejected or empty (unknown)"),
    Column(
        "brs",
        "VARCHAR",
        True,
        "BRS-NO-101/102/103/104/123 for start_of_supply; empty or BRS-NO-611",
    ),
    Column("document_id", "VARCHAR", False, "id of the request (or of the answer)"),
    Column("source_file", "VARCHAR", False, "file the event came from"),
)
REQUIRED_COLUMNS = tuple(c.name for c in COLUMNS if c.required)
COLUMN_NAMES = tuple(c.name for c in COLUMNS)


def _quoted(values: tuple[str, ...]) -> str:
    return ", ".join(f"'{v}'" for v in values)


@dataclass(frozen=True, slots=True)
class RowRule:
    """A row rule: ``bad`` is an SQL predicate over the typed columns, true for a bad row."""

    column: str
    bad: str
    message: str


#: Rules on typed values (the same for CSV and Parquet). Parsing rules for CSV text (a value
#: that is not a number, a time without offset) are in :mod:`.engine`.
ROW_RULES: tuple[RowRule, ...] = (
    RowRule("actor", "actor IS NULL", "is empty (a GLN of 13 digits is required)"),
    RowRule(
        "actor",
        "NOT regexp_full_match(actor, '[0-9]{13}')",
        "is not a GLN (13 digits)",
    ),
    RowRule("event_time", "event_time IS NULL", "is empty"),
    RowRule(
        "event_time",
        "event_time < TIMESTAMPTZ '2000-01-01 00:00:00+00'",
        "is before the year 2000 (seconds or milliseconds since 1970 are not accepted)",
    ),
    RowRule(
        "event_time",
        # The report's days (and the window after them) must exist: an open end written as
        # 9999-12-31T23:59:59Z crashed the report in Python's calendar.
        "event_time >= TIMESTAMPTZ '9999-12-30 00:00:00+00'",
        "is after 9999-12-29 (the last day a report can rate)",
    ),
    RowRule("kind", "kind IS NULL", f"is empty (expected {' or '.join(KINDS)})"),
    RowRule("kind", f"kind NOT IN ({_quoted(KINDS)})", f"is not one of {', '.join(KINDS)}"),
    RowRule("metering_points", "metering_points IS NULL", "is empty (a count is required)"),
    RowRule("metering_points", "metering_points < 0", "is negative"),
    RowRule(
        "subject",
        f"subject BETWEEN {GSRN_LOW} AND {GSRN_HIGH}",
        "looks like a metering point id in clear; subjects must be pseudonyms (keyed hashes)",
    ),
    RowRule(
        "purpose",
        f"purpose NOT IN ({_quoted(PURPOSES)})",
        f"is not one of {', '.join(PURPOSES)} (or empty)",
    ),
    RowRule(
        "purpose",
        f"purpose IS NOT NULL AND kind = '{START_OF_SUPPLY}'",
        "must be empty for a start_of_supply event",
    ),
    RowRule(
        "outcome",
        f"outcome NOT IN ({_quoted(OUTCOMES)})",
        f"is not one of {', '.join(OUTCOMES)} (or empty)",
    ),
    RowRule(
        "outcome",
        f"outcome IS NOT NULL AND kind = '{START_OF_SUPPLY}'",
        "must be empty for a start_of_supply event",
    ),
    RowRule(
        "brs",
        f"kind = '{START_OF_SUPPLY}' "
        f"AND (brs IS NULL OR brs NOT IN ({_quoted(START_OF_SUPPLY_BRS)}))",
        f"must be one of {', '.join(START_OF_SUPPLY_BRS)} for a start_of_supply event",
    ),
    RowRule(
        "brs",
        f"kind = '{QUERY}' AND brs IS NOT NULL AND brs <> '{QUERY_BRS}'",
        f"must be empty or {QUERY_BRS} for a query611 event",
    ),
)


@dataclass(frozen=True, slots=True)
class Event:
    """One row of the event table (what ``monitor extract`` writes)."""

    actor: str
    event_time: datetime  # timezone-aware
    kind: str
    metering_points: int
    subject: int | None
    purpose: str | None
    outcome: str | None
    brs: str | None
    document_id: str | None
    source_file: str | None

    def csv_row(self) -> list[str]:
        def text(value: object) -> str:
            # Document ids and file names come from the input: an identity number used as one
            # never reaches the event table.
            return "" if value is None else _utf8(mask_identity_numbers(str(value)))

        stamp = self.event_time.isoformat().replace("+00:00", "Z")
        return [
            self.actor,
            stamp,
            self.kind,
            str(self.metering_points),
            text(self.subject),
            text(self.purpose),
            text(self.outcome),
            text(self.brs),
            text(self.document_id),
            text(self.source_file),
        ]


def _utf8(text: str) -> str:
    """``text`` as UTF-8 can hold it: a file name that is not UTF-8 (its bytes held as lone
    surrogates, as Python reads them) with those bytes escaped (``bad\\xff.xml``), instead of
    a UnicodeEncodeError when the table is written."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        try:
            return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        except UnicodeEncodeError:  # a surrogate no byte stands for
            return text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text


#: The shortest pseudonymisation key: a metering point id has about 10^8 possible values, so a
#: short key would let anyone holding the events try every key and every id.
MIN_KEY_BYTES = 16


def short_key(length: int) -> ValueError:
    """The error for a pseudonymisation key (the argument ``key``) of ``length`` bytes, too few."""
    return ValueError(
        f"key is a pseudonymisation key of at least {MIN_KEY_BYTES} bytes, not {length} bytes "
        "(load_key makes or reads one)"
    )


def subject_of(key: bytes, text: str) -> int:
    """The pseudonym of ``text`` (a metering point id, or normalised search criteria).

    HMAC-SHA256 with ``key``, first 8 bytes as a signed 64-bit integer. Without the key the
    value cannot be traced back to the metering point; with the same key, the same text gives
    the same subject (so "queries per metering point" can be counted). A value that would fall in
    the range of clear metering point ids is moved out of it (bitwise complement), so a subject
    never looks like a GSRN. A key under :data:`MIN_KEY_BYTES` bytes is a ValueError.
    """
    if isinstance(key, bytes | bytearray) and len(key) < MIN_KEY_BYTES:
        raise short_key(len(key))
    try:
        digest = hmac.new(key, text.encode("utf-8"), hashlib.sha256).digest()
    except (AttributeError, TypeError):
        if not isinstance(key, bytes | bytearray):
            raise TypeError(
                f"the pseudonymisation key is bytes, not {type(key).__name__}"
            ) from None
        if not isinstance(text, str):
            raise TypeError(
                f"subject_of() takes text as a str, not {type(text).__name__}"
            ) from None
        raise
    value = int.from_bytes(digest[:8], "big", signed=True)
    if GSRN_LOW <= value <= GSRN_HIGH:
        value = ~value
    return value
