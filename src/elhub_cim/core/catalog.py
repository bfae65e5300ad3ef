"""The message catalogue: which documents elhub-cim knows, and where their XSDs are.

The catalogue is built from the schema files themselves (target namespace and global elements of
every XSD under the schema root), so adding a schema adds a message type; nothing is listed twice.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from types import MappingProxyType

from lxml import etree

from . import cache
from .errors import shown_name

__all__ = [
    "PROFILE_FOLDER",
    "PROFILE_SUFFIX",
    "PROFILE_VERSION",
    "MessageType",
    "Standard",
    "catalog",
    "schema_root",
    "standard_of",
]

XS = "http://www.w3.org/2001/XMLSchema"

#: The current CIM profile: its version, folder and the ending of its namespaces.
PROFILE_VERSION = "0.2"
PROFILE_FOLDER = "elhub-profile-0.2"
PROFILE_SUFFIX = ":0:2"


class Standard(StrEnum):
    """The family a document belongs to."""

    EBIX = "ebix"  # Elhub EMIF/BIM 2.4 (ebIX-based)
    CIM = "cim"  # the elhub-cim CIM profile
    NORDIC_EDIEL = "nordic-ediel"  # Nordic Ediel CIM documents (Denmark's DataHub 3)


_NAMESPACE_PREFIXES: tuple[tuple[str, Standard], ...] = (
    ("urn:no:elhub:emif:", Standard.EBIX),
    ("urn:x-elhub-cim:", Standard.CIM),
    ("urn:ediel.org:", Standard.NORDIC_EDIEL),
)


def standard_of(namespace: str | None) -> Standard | None:
    """The standard a namespace belongs to, or ``None`` for a foreign namespace."""
    for prefix, standard in _NAMESPACE_PREFIXES:
        if namespace and namespace.startswith(prefix):
            return standard
    return None


@dataclass(frozen=True, slots=True)
class MessageType:
    """A document elhub-cim can read: root element, namespace and the XSD that defines it."""

    standard: Standard
    namespace: str
    name: str
    schema_file: Path

    @property
    def qname(self) -> str:
        return f"{{{self.namespace}}}{self.name}"

    @property
    def legacy(self) -> bool:
        """A CIM profile document of an earlier version (read as input, upgraded on reading)."""
        return self.standard is Standard.CIM and not self.namespace.endswith(PROFILE_SUFFIX)


def schema_root() -> Path:
    """Folder holding ``ebix/`` and ``cim/`` schemas.

    Installed wheels carry them as ``elhub_cim/schemas``; a source checkout (editable install)
    reads the repository's top-level ``schemas/`` folder.
    """
    # The package folder itself, not importlib.resources: that import costs start-up time, and
    # the schemas are read as files anyway (lxml resolves their includes on disk).
    package = Path(__file__).resolve().parents[1]  # elhub_cim/, above core/
    packaged = package / "schemas"
    if packaged.is_dir():
        return packaged
    source_tree = package.parents[1] / "schemas"
    if source_tree.is_dir():
        return source_tree
    raise FileNotFoundError("elhub-cim schemas not found (broken installation)")


def _schema_parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def _global_elements(xsd: Path) -> tuple[str | None, list[str]]:
    # Only the start of the file matters, but the files are small; parse them fully and simply.
    root = etree.parse(str(xsd), _schema_parser()).getroot()
    names = [el.get("name", "") for el in root.iterchildren(f"{{{XS}}}element")]
    return root.get("targetNamespace"), [n for n in names if n]


def _folder(root: object) -> Path:
    """``root``, the argument of :func:`catalog`: a folder that is there (one that is not would
    be a catalog of no document); checked once, the catalog being kept."""
    if not isinstance(root, str | os.PathLike):
        raise TypeError(f"root is a str or os.PathLike or None, not {type(root).__name__}")
    folder = Path(root)
    if not folder.is_dir():
        raise ValueError(f"root is a folder of XSDs: {shown_name(folder)} is no folder")
    return folder


@functools.cache
def catalog(
    root: str | os.PathLike[str] | None = None,
) -> MappingProxyType[tuple[str, str], MessageType]:
    """All known documents keyed by ``(namespace, root element name)``; read-only, as every
    caller shares it. ``root``: a folder of XSDs (``ebix/`` and ``cim/``) instead of ours.

    Reading the global elements of every XSD costs more than validating one document; the
    result is kept in the user's cache (:mod:`elhub_cim.core.cache`) until an XSD changes."""
    base = schema_root() if root is None else _folder(root)
    files = sorted(base.rglob("*.xsd"))
    key = cache.fingerprint("catalog", files)
    kept = cache.load("catalog", key)
    if not isinstance(kept, tuple):
        kept = tuple(
            (namespace, name, str(xsd))
            for xsd in files
            for namespace, names in [_global_elements(xsd)]
            if namespace is not None and standard_of(namespace) is not None
            for name in names
        )
        cache.store("catalog", key, kept)
    found: dict[tuple[str, str], MessageType] = {}
    for namespace, name, xsd_name in kept:
        standard = standard_of(namespace)
        assert standard is not None
        found.setdefault((namespace, name), MessageType(standard, namespace, name, Path(xsd_name)))
    return MappingProxyType(found)
