"""ebIX ⇄ domain ⇄ CIM, driven by the mapping tables in ``mappings/``.

Names load their module on first use (PEP 562): ``validate``'s domain check imports only
:mod:`.reading` (a read plan), not the engine or the tables.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .engine import BuildResult, ReadResult, build_tree, read_tree
    from .rules import ConversionOptions
    from .tables import DocumentMapping, MappingTableError, document_mappings

# Name -> the module of this package that defines it.
_LAZY = {
    "BuildResult": "engine",
    "ReadResult": "engine",
    "build_tree": "engine",
    "read_tree": "engine",
    "ConversionOptions": "rules",
    "DocumentMapping": "tables",
    "MappingTableError": "tables",
    "document_mappings": "tables",
}


def __getattr__(name: str) -> Any:  # PEP 562
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


__all__ = [
    "BuildResult",
    "ConversionOptions",
    "DocumentMapping",
    "MappingTableError",
    "ReadResult",
    "build_tree",
    "document_mappings",
    "read_tree",
]
