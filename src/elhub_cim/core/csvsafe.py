"""CSV output that a spreadsheet cannot turn into a formula (CSV / formula injection).

Every CSV file elhub-cim writes (``monitor extract`` events and skipped inputs, ``share``
results) goes through :func:`writer`: a text cell starting with ``=``, ``+``, ``-``, ``@``, a tab
or a carriage return gets a leading apostrophe, the neutralisation spreadsheets understand
(OWASP "CSV injection"). Numbers (``-12.5``, ``-3E+2``) are left as they are: they are data, and
a spreadsheet reads them as numbers either way.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from typing import Any, Protocol

__all__ = ["FORMULA_STARTS", "neutralise", "writer"]

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def neutralise(value: Any) -> Any:
    """``value``, with an apostrophe in front when it is text a spreadsheet would evaluate."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


class _Stream(Protocol):
    def write(self, text: str, /) -> Any: ...


class SafeWriter:
    """A ``csv.writer`` whose every cell goes through :func:`neutralise`."""

    def __init__(self, stream: _Stream, **options: Any) -> None:
        self._writer = csv.writer(stream, **options)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([neutralise(cell) for cell in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def writer(stream: _Stream, **options: Any) -> SafeWriter:
    """``csv.writer(stream, **options)`` with formula cells neutralised."""
    return SafeWriter(stream, **options)
