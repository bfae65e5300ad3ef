"""What our XSDs say of each leaf of a document: its JSON kind, whether it is a code, its
``xs:pattern`` facets.

The bindings cannot tell: xsdata gives a pattern-restricted boolean (``Boolean_Type``) a ``str``,
and a code list a Python enum like any other enumeration. The CIM JSON form (kinds) and the
Nordic lifting (which leaves take UUIDs) read these facts; they sit here, below both.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from pathlib import Path
from typing import Literal

from lxml import etree

from ..core.catalog import MessageType
from ..core.safeparse import parse

__all__ = ["Scalar", "XsdLeaves", "leaf_patterns", "xsd", "xsd_leaves"]

XS = "http://www.w3.org/2001/XMLSchema"
Scalar = Literal["string", "number", "integer", "boolean"]

_NUMBER_TYPES = {"decimal", "float", "double"}
_INTEGER_TYPES = {
    "integer",
    "int",
    "long",
    "short",
    "byte",
    "nonNegativeInteger",
    "positiveInteger",
    "nonPositiveInteger",
    "negativeInteger",
    "unsignedLong",
    "unsignedInt",
    "unsignedShort",
    "unsignedByte",
}


def _scalar_of_builtin(name: str) -> Scalar:
    if name in _NUMBER_TYPES:
        return "number"
    if name in _INTEGER_TYPES:
        return "integer"
    if name == "boolean":
        return "boolean"
    return "string"


class XsdLeaves:
    """The JSON kind of every leaf of a profile document, from our XSD (and what it imports).

    The bindings cannot tell: xsdata gives a pattern-restricted boolean (``Boolean_Type``) a
    ``str``, and a code list a Python enum like any other enumeration."""

    def __init__(self, schema_file: Path) -> None:
        self.types: dict[tuple[str, str], etree._Element] = {}
        self.elements: dict[tuple[str, str], etree._Element] = {}
        self.namespaces: dict[etree._Element, str] = {}
        self._load(schema_file, None, set())

    def _load(self, path: Path, chameleon: str | None, seen: set[Path]) -> None:
        path = path.resolve()
        if path in seen:
            return
        seen.add(path)
        root = parse(path.read_bytes(), name=path.name).root
        namespace = root.get("targetNamespace") or chameleon or ""
        for node in root:
            name = node.get("name")
            if node.tag in (f"{{{XS}}}simpleType", f"{{{XS}}}complexType") and name:
                self.types[(namespace, name)] = node
                self.namespaces[node] = namespace
            elif node.tag == f"{{{XS}}}element" and name:
                self.elements[(namespace, name)] = node
                self.namespaces[node] = namespace
            elif node.tag in (f"{{{XS}}}import", f"{{{XS}}}include"):
                location = node.get("schemaLocation")
                if location:
                    including = namespace if node.tag == f"{{{XS}}}include" else None
                    self._load(path.parent / location, including, seen)

    def _resolve(self, qname: str, context_node: etree._Element, namespace: str) -> tuple[str, str]:
        prefix, _, local = qname.rpartition(":")
        uri = context_node.nsmap.get(prefix or None)
        if uri is None and not prefix:
            uri = namespace  # a chameleon include: no prefix, the includer's namespace
        return (uri or "", local)

    def _type(self, qname: str, node: etree._Element, namespace: str) -> tuple[str, str]:
        return self._resolve(qname, node, namespace)

    def kind(self, key: tuple[str, str], depth: int = 0) -> tuple[Scalar, bool]:
        """(JSON scalar of the value, whether the type is a code list) of a named type."""
        if key[0] == XS:
            return _scalar_of_builtin(key[1]), False
        node = self.types.get(key)
        if node is None or depth > 50:
            return "string", False
        namespace = self.namespaces[node]
        if node.find(f"{{{XS}}}union") is not None:
            return "string", True  # Standard ∪ Local code lists
        for step in node.iter(f"{{{XS}}}restriction", f"{{{XS}}}extension"):
            base = self._type(step.get("base", ""), step, namespace)
            scalar, code = self.kind(base, depth + 1)
            if step.find(f"{{{XS}}}enumeration") is not None:
                code = True
            return scalar, code
        return "string", False

    def is_complex(self, key: tuple[str, str]) -> bool:
        node = self.types.get(key)
        return node is not None and node.find(f"{{{XS}}}sequence") is not None

    def patterns(self, key: tuple[str, str], depth: int = 0) -> list[str]:
        """The ``xs:pattern`` facets along a named type's derivation."""
        node = self.types.get(key)
        if node is None or depth > 50:
            return []
        namespace = self.namespaces[node]
        for step in node.iter(f"{{{XS}}}restriction", f"{{{XS}}}extension"):
            own = [p.get("value", "") for p in step.findall(f"{{{XS}}}pattern")]
            base = self._type(step.get("base", ""), step, namespace)
            return own + self.patterns(base, depth + 1)
        return []

    def leaf_types(self, namespace: str, root_name: str) -> dict[str, tuple[str, str]]:
        """The XSD type of every leaf path of the document (also simple content)."""
        found: dict[str, tuple[str, str]] = {}
        root = self.elements[(namespace, root_name)]
        self._walk(self._type(root.get("type", ""), root, namespace), "", found, 0)
        return found

    def leaves(self, namespace: str, root_name: str) -> dict[str, tuple[Scalar, bool]]:
        """Every leaf path of the document with its JSON scalar and whether it is a code."""
        return {p: self.kind(t) for p, t in self.leaf_types(namespace, root_name).items()}

    def _walk(
        self, key: tuple[str, str], prefix: str, found: dict[str, tuple[str, str]], depth: int
    ) -> None:
        node = self.types.get(key)
        if node is None or depth > 50:
            return
        namespace = self.namespaces[node]
        for element in node.iter(f"{{{XS}}}element"):
            path = prefix + element.get("name", "")
            type_key = self._type(element.get("type", "xs:string"), element, namespace)
            if self.is_complex(type_key):
                self._walk(type_key, path + "/", found, depth + 1)
            else:
                found[path] = type_key


@functools.cache
def xsd(message_type: MessageType) -> XsdLeaves:
    return XsdLeaves(message_type.schema_file)


@functools.cache
def xsd_leaves(message_type: MessageType) -> dict[str, tuple[Scalar, bool]]:
    return xsd(message_type).leaves(message_type.namespace, message_type.name)


@functools.cache
def leaf_patterns(message_type: MessageType) -> Mapping[str, tuple[str, ...]]:
    """The ``xs:pattern`` facets of every leaf path of a profile document (from our XSD)."""
    found = xsd(message_type)
    types = found.leaf_types(message_type.namespace, message_type.name)
    return {path: tuple(found.patterns(key)) for path, key in types.items()}
