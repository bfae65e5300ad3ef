"""ebIX ⇄ domain ⇄ CIM, driven by the mapping tables in ``mappings/``."""

from .engine import BuildResult, ReadResult, build_tree, read_tree
from .rules import ConversionOptions
from .tables import DocumentMapping, MappingTableError, document_mappings

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
