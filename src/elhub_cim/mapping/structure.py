"""What the schemas say about element structure, read from the generated bindings.

The mapping engine builds XML trees directly (lxml, fast) and needs three facts per child of a
complex type: its qualified name, its position in the content model (to insert children in schema
order) and, for a complex child, its binding class (to go one step deeper). xsdata already knows
all three; this module asks it once per class and caches the answer.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

__all__ = ["Child", "children", "order_of"]


@dataclass(frozen=True, slots=True)
class Child:
    """One element or attribute a complex type may contain."""

    name: str  # local name; attributes as '@name'
    qname: str  # Clark notation for elements, plain name for attributes
    index: int  # position in the content model
    cls: type[Any] | None  # binding class of a complex element
    repeated: bool
    attribute: bool


@functools.cache
def children(cls: type[Any]) -> dict[str, Child]:
    """Children of a binding class by local name (``@name`` for attributes)."""
    from ..core.binding import context  # xsdata: loaded when a mapping is built, not at import

    meta = context().build(cls)
    found: dict[str, Child] = {}
    for var in meta.get_all_vars():
        if var.is_text:
            continue
        clazz = (
            var.clazz
            if var.clazz is not None and hasattr(var.clazz, "__dataclass_fields__")
            else None
        )
        key = f"@{var.local_name}" if var.is_attribute else var.local_name
        found[key] = Child(
            name=key,
            qname=var.qname if not var.is_attribute else var.local_name,
            index=var.index,
            cls=clazz,
            repeated=bool(var.list_element),
            attribute=bool(var.is_attribute),
        )
    return found


@functools.cache
def order_of(cls: type[Any]) -> dict[str, int]:
    """Position in the content model of each child element, by qualified name."""
    known = children(cls)  # type: ignore[arg-type]
    return {c.qname: c.index for c in known.values() if not c.attribute}
