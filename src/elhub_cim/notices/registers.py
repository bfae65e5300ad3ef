"""Who gets a notice and whom they should contact: the caller's registers.

A message rarely names the customer whose relationship ends (a move-in names the *new* customer),
so the caller provides a :class:`ContactRegister`; grid company names and contact details come
from a :class:`PartyRegister`. Both are protocols; :class:`CsvContactRegister` and
:class:`CsvPartyRegister` read the CSV files the command line takes (columns in docs/notices.md).

Columns not documented are ignored and never read: a register exported with a national identity
number column works, and the number goes nowhere.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Literal, Protocol, get_args, runtime_checkable

from ..core.arguments import checked_path
from ..core.errors import (
    ElhubCimError,
    InputReadError,
    Problem,
    is_identity_number,
    mask_identity_numbers,
    shown_value,
)
from ..core.gs1 import METERING_POINT_PREFIX, is_metering_point_id

__all__ = [
    "LANGUAGES",
    "Contact",
    "ContactRegister",
    "CsvContactRegister",
    "CsvPartyRegister",
    "GridCompany",
    "GridCompanyLookup",
    "Language",
    "PartyRegister",
    "RegisterError",
]

Language = Literal["nb", "nn", "en"]
LANGUAGES: tuple[Language, ...] = get_args(Language)

_GLN = re.compile(r"^[0-9]{13}$")
# Deliberately plain: one @, no spaces, no control characters, a dot in the domain.
_EMAIL = re.compile(r"^[^@\s<>\"(),;:\\\[\]]+@[^@\s<>\"(),;:\\\[\]]+\.[^@\s<>\"(),;:\\\[\]]+$")
_MAX_REGISTER_BYTES = 256 * 1024 * 1024
#: The customer is part of the idempotency key, a plain hash shown beside the metering point and
#: the end date: an identity number there is found again by trying the few million there are.
_CUSTOMER_IS_AN_ID = (
    "customer must be your customer number, not a national identity number (the idempotency "
    "key is a hash of it, and could be traced back)"
)


class RegisterError(ElhubCimError):
    """A contact or party register that cannot be used (names every bad row)."""

    default_code = "REGISTER_INVALID"


@dataclass(frozen=True, slots=True)
class Contact:
    """The customer to notify: how to reach them and in which language.

    ``address`` is the metering point's (installation) address as the register knows it (one
    line), used when the message has none. ``grid_company`` is the GLN of the metering point's
    grid company, used when the messages name none. ``customer`` is the caller's own reference
    of the customer (a customer number), part of the idempotency key; without it the e-mail
    address stands for the customer.
    """

    email: str | None
    name: str | None = None
    language: Language | None = None
    address: str | None = None
    grid_company: str | None = None
    customer: str | None = None

    def __post_init__(self) -> None:
        if self.customer and is_identity_number(self.customer):
            raise ValueError(_CUSTOMER_IS_AN_ID)

    @property
    def reference(self) -> str:
        """Who the customer is, for the idempotency key (only ever hashed)."""
        if self.customer:
            return f"customer:{self.customer}"
        if self.email:
            return f"email:{self.email.casefold()}"
        return f"name:{' '.join((self.name or '').casefold().split())}"


@dataclass(frozen=True, slots=True)
class GridCompany:
    """A grid company: whom a customer contacts when a notice is wrong."""

    gln: str
    name: str | None
    phone: str | None = None
    email: str | None = None
    website: str | None = None


@runtime_checkable
class ContactRegister(Protocol):
    def find(self, metering_point: str, on_date: date) -> Contact | None:
        """The customer of ``metering_point`` on ``on_date``, or ``None``."""
        ...


@runtime_checkable
class GridCompanyLookup(Protocol):
    def grid_company_of(self, metering_point: str, on_date: date) -> str | None:
        """The GLN of ``metering_point``'s grid company on ``on_date``, or ``None``."""
        ...


@runtime_checkable
class PartyRegister(Protocol):
    def grid_company(self, gln: str) -> GridCompany | None:
        """The grid company with this GLN, or ``None``."""
        ...

    def grid_area_owner(self, grid_area: str) -> str | None:
        """The GLN of the grid company owning a metering grid area (EIC), or ``None``."""
        ...


#: The columns each register reads (any other column is ignored and never read).
_CONTACT_COLUMNS = (
    "metering_point", "valid_from", "valid_to", "email", "name", "language", "address",
    "grid_company", "customer",
)  # fmt: skip
_PARTY_COLUMNS = ("gln", "name", "phone", "email", "website", "grid_areas")


def _read_rows(
    path: str | Path,
    required: tuple[str, ...],
    kind: str,
    read: tuple[str, ...],
    problems: list[Problem],
) -> Iterator[tuple[int, dict[str, str]]]:
    """The rows of a register that have a field per column (the others are ``problems``)."""
    checked_path(path)  # (open(5) would read, and close, the process's file descriptor 5)
    name = str(path)
    try:
        with open(path, "rb") as stream:
            data = stream.read(_MAX_REGISTER_BYTES + 1)
    except OSError as error:
        raise InputReadError(f"cannot read the {kind}: {error.strerror}", file=name) from None
    if len(data) > _MAX_REGISTER_BYTES:
        raise RegisterError(f"the {kind} is larger than 256 MiB", file=name)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise RegisterError(f"the {kind} is not UTF-8", file=name) from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [h.strip() for h in reader.fieldnames or []]
    missing = [column for column in required if column not in header]
    if missing:
        found = shown_value(",".join(header)) if header else "nothing"
        raise RegisterError(
            f"the {kind} lacks the column(s) {', '.join(missing)} (found: {found}; the first "
            f"row names the columns, comma-separated: {', '.join(required)}, ...)",
            file=name,
        )
    twice = sorted({column for column in header if column in read and header.count(column) > 1})
    if twice:
        # (csv.DictReader keeps the last: a notice went to the other column's address)
        raise RegisterError(
            f"the {kind} names the column(s) {', '.join(map(repr, twice))} more than once",
            file=name,
        )
    reader.fieldnames = header
    for row in reader:
        # A row cut short (a truncated file, a quote never closed) or one with a field too many
        # (an unquoted comma) has its values under other columns' names, or not at all: a
        # customer "without an e-mail address", a customer reference cut at its comma.
        extra = row.get(None) or []
        short = any(value is None for key, value in row.items() if key is not None)
        if short or any(str(value).strip() for value in extra):
            problems.append(
                Problem(
                    "REGISTER_INVALID",
                    f"the row has {'fewer' if short else 'more'} fields than the header's "
                    f"{len(header)} (a row cut short, a quote not closed or a comma not quoted)",
                    file=name,
                    line=reader.line_num,
                )
            )
            continue
        values = {
            key: (value or "").strip()
            for key, value in row.items()
            if isinstance(key, str) and isinstance(value, str | None)
        }
        if not any(values.values()):
            continue
        yield reader.line_num, values


def _problem(file: str, line: int, column: str, message: str) -> Problem:
    return Problem(
        "REGISTER_INVALID", mask_identity_numbers(message), file=file, line=line, path=column
    )


def _date(text: str) -> date:
    return date.fromisoformat(text)


@dataclass(frozen=True, slots=True)
class _Row:
    line: int
    valid_from: date
    valid_to: date | None  # exclusive: the first day the row no longer holds
    contact: Contact

    def holds_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day < self.valid_to)


class CsvContactRegister:
    """Customers per metering point and period, from a CSV file (UTF-8, comma, header row).

    Columns: ``metering_point`` (18 digits), ``valid_from`` (YYYY-MM-DD, first day),
    ``valid_to`` (YYYY-MM-DD, first day no longer valid; empty: still valid), ``email``
    (empty: a known customer without an e-mail address), and optionally ``name``, ``language``
    (nb, nn, en; empty: the caller's default), ``address`` (the metering point's address, one
    line), ``grid_company`` (GLN), ``customer`` (your reference of the customer, e.g. a customer
    number; part of the idempotency key). Periods of one metering point must not overlap; an open
    period (no ``valid_to``) ends where the next one of the metering point begins.
    """

    def __init__(self, rows: dict[str, list[_Row]], source: str = "<register>") -> None:
        self._rows = rows
        self.source = source

    @classmethod
    def load(cls, path: str | Path) -> CsvContactRegister:
        name = str(path)
        problems: list[Problem] = []
        rows: dict[str, list[_Row]] = {}
        for line, values in _read_rows(
            path,
            ("metering_point", "valid_from", "email"),
            "contact register",
            _CONTACT_COLUMNS,
            problems,
        ):
            row = _contact_row(name, line, values, problems)
            if row is not None:
                rows.setdefault(values["metering_point"], []).append(row)
        for metering_point, entries in rows.items():
            for before, after in _close_open_periods(entries):
                problems.append(
                    _problem(
                        name,
                        after.line,
                        "valid_from",
                        f"metering point {metering_point}: this period overlaps the one on "
                        f"line {before.line} (which customer would it be?)",
                    )
                )
        if problems:
            raise RegisterError(problems)
        return cls(rows, name)

    @classmethod
    def from_rows(
        cls, rows: Iterable[tuple[str, date, date | None, Contact]]
    ) -> CsvContactRegister:
        """A register built in memory: rows of (metering point, from, to, contact)."""
        found: dict[str, list[_Row]] = {}
        for position, (metering_point, valid_from, valid_to, contact) in enumerate(rows, 1):
            found.setdefault(metering_point, []).append(
                _Row(position, valid_from, valid_to, contact)
            )
        for entries in found.values():
            if _close_open_periods(entries):
                raise ValueError("overlapping periods of one metering point")
        return cls(found)

    def find(self, metering_point: str, on_date: date) -> Contact | None:
        for row in self._rows.get(metering_point, ()):
            if row.holds_on(on_date):
                return row.contact
        return None

    def knows(self, metering_point: str) -> bool:
        """Does the register have any row of ``metering_point`` (so that no row on a day means
        the metering point had no customer that day)?"""
        return bool(self._rows.get(metering_point))

    def grid_company_of(self, metering_point: str, on_date: date) -> str | None:
        """The grid company column of the row valid on ``on_date``, else of any row."""
        rows = self._rows.get(metering_point, ())
        for row in sorted(rows, key=lambda r: not r.holds_on(on_date)):
            if row.contact.grid_company:
                return row.contact.grid_company
        return None

    def __len__(self) -> int:
        return sum(len(rows) for rows in self._rows.values())


def _close_open_periods(entries: list[_Row]) -> list[tuple[_Row, _Row]]:
    """Sort one metering point's rows and end each open period where the next begins (in
    place); the pairs of rows that overlap."""
    entries.sort(key=lambda r: r.valid_from)
    overlaps = []
    for position, (before, after) in enumerate(itertools.pairwise(entries)):
        if before.valid_to is None:
            # An open period ends where the next customer's begins.
            entries[position] = replace(before, valid_to=after.valid_from)
            before = entries[position]
        assert before.valid_to is not None
        if before.valid_to > after.valid_from or before.valid_from == after.valid_from:
            overlaps.append((before, after))
    return overlaps


def _contact_row(
    name: str, line: int, values: dict[str, str], problems: list[Problem]
) -> _Row | None:
    before = len(problems)

    def bad(column: str, message: str) -> None:
        problems.append(_problem(name, line, column, message))

    metering_point = values.get("metering_point", "")
    if not is_metering_point_id(metering_point):
        bad(
            "metering_point",
            f"metering_point must be an Elhub metering point id (GSRN): 18 digits starting "
            f"{METERING_POINT_PREFIX}, with a right check digit",
        )
    valid_from: date | None = None
    valid_to: date | None = None
    try:
        valid_from = _date(values.get("valid_from", ""))
    except ValueError:
        bad("valid_from", "valid_from must be a date YYYY-MM-DD")
    if values.get("valid_to"):
        try:
            valid_to = _date(values["valid_to"])
        except ValueError:
            bad("valid_to", "valid_to must be a date YYYY-MM-DD or empty")
    if valid_from and valid_to and valid_to <= valid_from:
        bad("valid_to", "valid_to must be after valid_from (it is the first day not valid)")
    email = values.get("email") or None
    if email is not None and not _EMAIL.match(email):
        bad("email", "email is not a plain e-mail address (name@domain)")
    language = values.get("language") or None
    if language is not None and language not in LANGUAGES:
        bad("language", f"language must be one of {', '.join(LANGUAGES)} or empty")
    grid_company = values.get("grid_company") or None
    if grid_company is not None and not _GLN.match(grid_company):
        bad("grid_company", "grid_company must be a GLN (13 digits) or empty")
    customer = values.get("customer") or None
    if customer is not None and is_identity_number(customer):
        bad("customer", _CUSTOMER_IS_AN_ID)
    if len(problems) > before or valid_from is None:
        return None
    contact = Contact(
        email=email,
        name=values.get("name") or None,
        language=language,  # type: ignore[arg-type]  # checked against LANGUAGES above
        address=values.get("address") or None,
        grid_company=grid_company,
        customer=customer,
    )
    return _Row(line, valid_from, valid_to, contact)


class CsvPartyRegister:
    """Grid companies from a CSV file (UTF-8, comma, header row).

    Columns: ``gln`` (13 digits), ``name`` (empty: the name is unknown, and no notice names
    this grid company), and optionally ``phone``, ``email``, ``website`` and ``grid_areas``
    (EIC codes of the metering grid areas it owns, separated by spaces or semicolons).
    """

    def __init__(
        self, companies: dict[str, GridCompany], areas: dict[str, str], source: str = "<parties>"
    ) -> None:
        self._companies = companies
        self._areas = areas
        self.source = source

    @classmethod
    def load(cls, path: str | Path) -> CsvPartyRegister:
        name = str(path)
        problems: list[Problem] = []
        companies: dict[str, GridCompany] = {}
        areas: dict[str, str] = {}
        for line, values in _read_rows(
            path, ("gln", "name"), "party register", _PARTY_COLUMNS, problems
        ):
            gln = values.get("gln", "")
            if not _GLN.match(gln):
                problems.append(_problem(name, line, "gln", "gln must be 13 digits"))
                continue
            if gln in companies:
                problems.append(_problem(name, line, "gln", f"{gln} is listed twice"))
                continue
            companies[gln] = GridCompany(
                gln=gln,
                name=values.get("name") or None,
                phone=values.get("phone") or None,
                email=values.get("email") or None,
                website=values.get("website") or None,
            )
            for area in re.split(r"[\s;]+", values.get("grid_areas", "")):
                if not area:
                    continue
                if area in areas and areas[area] != gln:
                    problems.append(
                        _problem(name, line, "grid_areas", f"grid area {area} has two owners")
                    )
                areas[area] = gln
        if problems:
            raise RegisterError(problems)
        return cls(companies, areas, name)

    @classmethod
    def from_companies(
        cls, companies: Iterable[GridCompany], areas: dict[str, str] | None = None
    ) -> CsvPartyRegister:
        return cls({c.gln: c for c in companies}, dict(areas or {}))

    def grid_company(self, gln: str) -> GridCompany | None:
        return self._companies.get(gln)

    def grid_area_owner(self, grid_area: str) -> str | None:
        return self._areas.get(grid_area)
