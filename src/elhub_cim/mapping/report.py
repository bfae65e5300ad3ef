"""The mapping tables flattened: full paths per row (for docs), and schema coverage (for tests).

``flatten`` turns a document mapping into rows with absolute paths; ``schema_leaves`` lists
every leaf (simple element or attribute) a document may contain according to the bindings;
``uncovered`` says which leaves no row carries and no ``<side>_unmapped`` entry explains.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .structure import children
from .tables import SIDES, CompiledField, CompiledGroup, CompiledPath, DocumentMapping, Side

__all__ = ["FlatRow", "flatten", "schema_leaves", "uncovered"]


@dataclass(frozen=True, slots=True)
class FlatRow:
    """One row with absolute paths (group prefixes applied; ``[]`` marks a repeated group)."""

    domain: str
    paths: dict[Side, str]
    how: dict[Side, str]  # "", "value 23", "rule same_as:…", "codes address_kind"
    notes: str
    row: CompiledField


def _join(prefix: str, path: CompiledPath | None) -> str | None:
    if path is None:
        return None
    if not path.steps:
        return prefix
    return f"{prefix}/{path.text}" if prefix else path.text


def _walk(group: CompiledGroup, prefixes: dict[Side, str | None], domain: str) -> Iterator[FlatRow]:
    for row in group.fields:
        paths: dict[Side, str] = {}
        how: dict[Side, str] = {}
        for side in SIDES:
            base = prefixes[side]
            full = _join(base, row.paths[side]) if base is not None else None
            paths[side] = full or ""
            if row.values[side] is not None:
                how[side] = f"always {row.values[side]}"
            elif row.rules[side] is not None:
                how[side] = f"rule {row.rules[side]}"
            elif row.codes and full:
                how[side] = f"codes {row.codes}"
            else:
                how[side] = ""
        name = ".".join(row.domain)
        yield FlatRow(
            domain=f"{domain}.{name}".strip(".") if name else domain,
            paths=paths,
            how=how,
            notes=row.notes,
            row=row,
        )
    for sub in group.groups:
        inner: dict[Side, str | None] = {}
        for side in SIDES:
            base = prefixes[side]
            joined = _join(base, sub.paths[side]) if base is not None else None
            inner[side] = joined
        marker = "[]" if sub.many else ""
        name = domain + ("." if domain else "") + ".".join(sub.domain) + marker
        yield from _walk(sub, inner, name)


def flatten(mapping: DocumentMapping) -> list[FlatRow]:
    """Every row of a document mapping with absolute paths (root-relative, no root name)."""
    start: dict[Side, str | None] = {
        side: ("" if side in mapping.message_types else None) for side in SIDES
    }
    return list(_walk(mapping.root, start, ""))


def schema_leaves(cls: type[Any], prefix: str = "", depth: int = 0) -> Iterator[str]:
    """Every leaf a document of binding class ``cls`` may hold: simple elements, and attributes
    as ``path/@name``."""
    if depth > 12:  # no Elhub or profile type nests this deep; stop on recursive types
        return
    for name, child in children(cls).items():  # type: ignore[arg-type]
        path = f"{prefix}/{name}" if prefix else name
        if child.attribute or child.cls is None:
            yield path
        else:
            if _has_text(child.cls):
                yield path  # simple content with attributes: the element's text is a leaf
            yield from schema_leaves(child.cls, path, depth + 1)


def _has_text(cls: type[Any]) -> bool:
    from ..core.binding import context

    return context().build(cls).text is not None


def _covered(rows: list[FlatRow], side: Side) -> set[str]:
    covered: set[str] = set()
    for row in rows:
        if row.paths[side]:
            covered.add(row.paths[side])
    return covered


def uncovered(mapping: DocumentMapping, side: Side) -> list[str]:
    """Leaves of ``side``'s document that no row carries and no ``unmapped`` entry explains."""
    if side not in mapping.message_types:
        return []
    root_cls = mapping.root.classes[side]
    assert root_cls is not None
    covered = _covered(flatten(mapping), side)
    explained = set(mapping.unmapped.get(side, {}))
    missing = []
    for leaf in schema_leaves(root_cls):
        if leaf in covered or any(leaf == e or leaf.startswith(e + "/") for e in explained):
            continue
        missing.append(leaf)
    return missing
