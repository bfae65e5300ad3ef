"""Stream plans: the documents read series by series (:mod:`elhub_cim.stream`), as the mapping
tables declare them.

A document of the tables is streamed when its spec says which of its groups is the series::

    [documents.collected_data]
    stream = { group = "series", unique = "id", most = 9999, limit = "16 GiB" }

``group`` names a repeated group (``list = true``) whose element is a child of the root in both
standards (EMIF ``PayloadEnergyTimeSeries``, CIM ``Series``): every child of the root before
it is the header. ``unique`` names the series' field that no two series of a file share (its
element is found in the group's rows; the domain models refuse a repeated series id), ``most``
the number of series a document may hold (the XSDs' ``maxOccurs``), ``limit`` the size of file
the stream reads (memory does not grow with the file: the limit bounds the time only). A chunk
of a file (the header and one series) is an ordinary document of its type, so the per-series
checks and the mapping are the document's own rows: declaring another series document is all
it takes to stream it.

This module reads the TOML only (no bindings, no domain model, no engine): ``validate`` asks
for every input whether it is streamed. The plans are kept in the user's cache
(:mod:`..core.cache`) keyed by the tables' files.
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core import cache
from .reading import _tables_folder

__all__ = ["StreamPlan", "stream_plan", "stream_plans"]

_SHARED = frozenset({"codes.toml", "common.toml", "receiving-roles.toml"})
_UNITS = {"B": 1, "KiB": 1024, "MiB": 1024**2, "GiB": 1024**3, "TiB": 1024**4}
_SIZE = re.compile(r"(\d+)\s*(B|KiB|MiB|GiB|TiB)")


@dataclass(frozen=True, slots=True)
class StreamPlan:
    """How one root element (one standard's form of a streamed document) is streamed."""

    document: str  # the mapping tables' document name ("collected_data")
    root: str  # the root element's local name
    side: str  # "ebix" or "cim"
    series: str  # local name of the repeated series element, a child of the root
    unique: str | None  # path of the series' unique field below the series element
    most: int  # most series in one document
    max_bytes: int  # largest file read by streaming
    table: str  # the table that declares it (for messages)


def _size(text: str, where: str) -> int:
    found = _SIZE.fullmatch(text.strip())
    if found is None:
        raise _error(f"{where}: limit {text!r} is not a size such as '16 GiB'")
    return int(found.group(1)) * _UNITS[found.group(2)]


def _error(message: str) -> ValueError:
    from .tables import MappingTableError  # only to report a broken table

    return MappingTableError(message)


def _rows(group: dict[str, Any], structures: dict[str, Any]) -> list[dict[str, Any]]:
    rows = list(structures.get(group.get("structure", ""), {}).get("fields", []))
    return rows + list(group.get("fields", []))


def _plans_of(
    table: str, name: str, spec: dict[str, Any], structures: dict[str, Any]
) -> list[StreamPlan]:
    declared = spec.get("stream")
    if declared is None:
        return []
    where = f"{table} [documents.{name}] stream"
    group = next((row for row in spec.get("fields", []) if row.get("group") == declared.get(
        "group")), None)  # fmt: skip
    if group is None or not group.get("list"):
        raise _error(f"{where}: group {declared.get('group')!r} is not a repeated group")
    plans = []
    for side in ("ebix", "cim"):
        root, path = spec.get(side), group.get(side)
        if not root:
            continue
        if not isinstance(path, str) or "/" in path or path in {"", "."}:
            raise _error(f"{where}: the {side} series element must be a child of the root")
        unique = None
        if declared.get("unique"):
            wanted = declared["unique"]
            row = next((r for r in _rows(group, structures)
                        if r.get("domain") == wanted and r.get(side)), None)  # fmt: skip
            if row is None:
                raise _error(f"{where}: no {side} row of the series carries {wanted!r}")
            unique = str(row[side])
        plans.append(
            StreamPlan(
                document=name,
                root=str(root),
                side=side,
                series=path,
                unique=unique,
                most=int(declared["most"]),
                max_bytes=_size(str(declared["limit"]), where),
                table=table,
            )
        )
    return plans


def _read_plans(folder: Path) -> dict[str, tuple[Any, ...]]:
    tables = {
        path.name: tomllib.loads(path.read_text(encoding="utf-8"))
        for path in sorted(folder.glob("*.toml"))
        if path.name not in _SHARED
    }
    common = folder / "common.toml"
    structures: dict[str, Any] = {}
    if common.is_file():
        structures.update(tomllib.loads(common.read_text(encoding="utf-8")).get("structures", {}))
    for table in tables.values():
        structures.update(table.get("structures", {}))
    found: dict[str, tuple[Any, ...]] = {}
    for table_name, table in tables.items():
        for name, spec in table.get("documents", {}).items():
            for plan in _plans_of(table_name, name, spec, structures):
                if plan.root in found:
                    raise _error(f"{table_name}: {plan.root} is streamed twice")
                found[plan.root] = (
                    plan.document, plan.root, plan.side, plan.series, plan.unique, plan.most,
                    plan.max_bytes, plan.table,
                )  # fmt: skip
    return found


@functools.cache
def stream_plans() -> dict[str, StreamPlan]:
    """Every streamed root element (local name) and its plan."""
    folder = _tables_folder()
    key = cache.fingerprint("stream-plans 1", folder.glob("*.toml"))
    kept = cache.load("stream-plans", key)
    if isinstance(kept, dict):
        try:
            return {root: StreamPlan(*fields) for root, fields in kept.items()}
        except TypeError:  # kept by another version: read afresh
            pass
    kept = _read_plans(folder)
    cache.store("stream-plans", key, kept)
    return {root: StreamPlan(*fields) for root, fields in kept.items()}


def stream_plan(root: str) -> StreamPlan | None:
    """The plan of a root element's local name, or None when that document is not streamed."""
    return stream_plans().get(root)
