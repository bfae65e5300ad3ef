"""Facets of the value at a path, read from our XSDs: whitespace handling and enumerations.

XSD types derived from ``xs:string`` keep whitespace; every other built-in type (``token``,
``NMTOKEN``, ``dateTime``, ``decimal``, ``boolean``, ...) collapses it, so that
``<connectionState>E22 </connectionState>`` holds the value ``E22``. The mapping engine reads a
value as the schema means it: a code, a date or a number padded with whitespace converts like the
same value without, while free text keeps its whitespace. The answer is read from our XSDs (the
bindings cannot tell a pattern-restricted ``xs:dateTime`` from an ``xs:string``), once per path.

:func:`enumerations_of` lists the codes a value may take (tests use it to try every code the
source schema accepts).
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Literal

from lxml import etree

__all__ = [
    "Whitespace",
    "decimal_of",
    "enumerations_of",
    "normalise",
    "whitespace_of",
]

Whitespace = Literal["preserve", "replace", "collapse"]

XS = "http://www.w3.org/2001/XMLSchema"
_PRESERVING = {"string": "preserve", "normalizedString": "replace", "anySimpleType": "preserve"}


def normalise(text: str, whitespace: Whitespace) -> str:
    """``text`` as the XSD value space sees it."""
    if whitespace == "collapse":
        return " ".join(text.split())
    if whitespace == "replace":
        return text.replace("\t", " ").replace("\n", " ").replace("\r", " ")
    return text


def _qname(node: etree._Element, value: str) -> str:
    """Clark notation of a QName written in ``node`` (``abie:Type`` → ``{ns}Type``)."""
    prefix, _, local = value.rpartition(":")
    namespace = node.nsmap.get(prefix or None)
    return f"{{{namespace}}}{local}" if namespace else local


class _Schemas:
    """The global declarations of one schema and everything it imports."""

    def __init__(self, entry: Path) -> None:
        self.types: dict[str, etree._Element] = {}
        self.elements: dict[str, etree._Element] = {}
        self.attributes: dict[str, etree._Element] = {}
        self.groups: dict[str, etree._Element] = {}
        self._load(entry, set())

    def _load(self, path: Path, seen: set[Path], including: str | None = None) -> None:
        path = path.resolve()
        if path in seen or not path.is_file():
            return
        seen.add(path)
        parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
        root = etree.parse(str(path), parser).getroot()
        # An included schema without a namespace takes the includer's (a "chameleon" include,
        # as ENTSO-E's local-extension code lists are written).
        namespace = root.get("targetNamespace") or including
        for node in root.iterchildren(etree.Element):
            local = etree.QName(node).localname
            name = node.get("name")
            key = f"{{{namespace}}}{name}" if namespace else str(name)
            if local in {"simpleType", "complexType"} and name:
                self.types[key] = node
            elif local == "element" and name:
                self.elements[key] = node
            elif local == "attribute" and name:
                self.attributes[key] = node
            elif local == "group" and name:
                self.groups[key] = node
            elif local in {"import", "include"} and node.get("schemaLocation"):
                target = path.parent / str(node.get("schemaLocation"))
                self._load(target, seen, namespace if local == "include" else None)

    # --- simple types ---------------------------------------------------------------------------

    def simple_whitespace(self, type_name: str) -> Whitespace:
        if type_name.startswith(f"{{{XS}}}"):
            return _PRESERVING.get(type_name[len(XS) + 2 :], "collapse")  # type: ignore[return-value]
        node = self.types.get(type_name)
        if node is None:
            return "preserve"  # unknown: never change the value
        return self.node_whitespace(node)

    def node_whitespace(self, node: etree._Element) -> Whitespace:
        """Whitespace of a simpleType, or of a complexType's simple content."""
        for step in node.iterchildren(etree.Element):
            local = etree.QName(step).localname
            if local in {"list", "union"}:
                return "collapse"
            if local in {"simpleContent", "complexContent"}:
                return self.node_whitespace(step)
            if local in {"restriction", "extension"}:
                facet = step.find(f"{{{XS}}}whiteSpace")
                if facet is not None and facet.get("value") in {"preserve", "replace", "collapse"}:
                    return facet.get("value")  # type: ignore[return-value]
                base = step.get("base")
                if base:
                    return self.simple_whitespace(_qname(step, base))
                inline = step.find(f"{{{XS}}}simpleType")
                return self.node_whitespace(inline) if inline is not None else "preserve"
        return "preserve"

    def base_type(self, node: etree._Element) -> etree._Element | str | None:
        """The type a simpleType (or a complexType's simple content) restricts or extends; None
        for a list, a union or what cannot be followed."""
        for step in node.iterchildren(etree.Element):
            local = etree.QName(step).localname
            if local in {"simpleContent", "complexContent"}:
                return self.base_type(step)
            if local in {"restriction", "extension"}:
                base = step.get("base")
                if base:
                    qname = _qname(step, base)
                    return self.types.get(qname, qname)
                return step.find(f"{{{XS}}}simpleType")
            if local in {"list", "union"}:
                return None
        return None

    # --- complex types --------------------------------------------------------------------------

    def declared_type(self, declaration: etree._Element) -> etree._Element | str | None:
        """The type node of an element or attribute declaration (or a built-in's name)."""
        if declaration.get("ref"):
            target = _qname(declaration, str(declaration.get("ref")))
            pool = self.elements if etree.QName(declaration).localname == "element" else None
            found = (pool or self.attributes).get(target)
            return self.declared_type(found) if found is not None else None
        type_name = declaration.get("type")
        if type_name:
            qname = _qname(declaration, type_name)
            return self.types.get(qname, qname)
        for child in declaration.iterchildren(f"{{{XS}}}simpleType", f"{{{XS}}}complexType"):
            return child
        return f"{{{XS}}}anySimpleType"

    def _particles(
        self, node: etree._Element, kind: str, seen: frozenset[int] = frozenset()
    ) -> list[etree._Element]:
        """Element (or attribute) declarations of a complex type, bases and groups included."""
        if id(node) in seen:
            return []
        seen = seen | {id(node)}
        found: list[etree._Element] = []
        for child in node.iterchildren(etree.Element):
            local = etree.QName(child).localname
            if local == kind:
                found.append(child)
            elif local == "group" and child.get("ref"):
                group = self.groups.get(_qname(child, str(child.get("ref"))))
                if group is not None:
                    found += self._particles(group, kind, seen)
            elif local in {"extension", "restriction"} and child.get("base"):
                base = self.types.get(_qname(child, str(child.get("base"))))
                if base is not None and etree.QName(base).localname == "complexType":
                    found += self._particles(base, kind, seen)
                found += self._particles(child, kind, seen)
            elif local in {
                "sequence",
                "choice",
                "all",
                "complexContent",
                "simpleContent",
                "attributeGroup",
            }:
                found += self._particles(child, kind, seen)
        return found

    def child(self, type_node: etree._Element, qname: str) -> etree._Element | None:
        local = qname.rpartition("}")[2]
        for declaration in self._particles(type_node, "element"):
            name = declaration.get("name") or declaration.get("ref", "").rpartition(":")[2]
            if name == local:
                return declaration
        return None

    def attribute(self, type_node: etree._Element, name: str) -> etree._Element | None:
        for declaration in self._particles(type_node, "attribute"):
            if (declaration.get("name") or declaration.get("ref", "").rpartition(":")[2]) == name:
                return declaration
        return None


@functools.cache
def _schemas(schema_file: Path) -> _Schemas:
    return _Schemas(schema_file)


def _value_type(
    schemas: _Schemas, tags: tuple[str, ...], attribute: str | None
) -> etree._Element | str | None:
    """The simple type (node or built-in name) of the value at a path; None when unknown."""
    declaration = schemas.elements.get(tags[0]) if tags else None
    for tag in tags[1:]:
        if declaration is None:
            return None
        kind = schemas.declared_type(declaration)
        if not isinstance(kind, etree._Element) or etree.QName(kind).localname != "complexType":
            return None
        declaration = schemas.child(kind, tag)
    if declaration is None:
        return None
    kind = schemas.declared_type(declaration)
    if attribute is not None:
        if not isinstance(kind, etree._Element):
            return None
        declaration = schemas.attribute(kind, attribute)
        if declaration is None:
            return None
        kind = schemas.declared_type(declaration)
    return kind


@functools.cache
def whitespace_of(schema_file: Path, tags: tuple[str, ...], attribute: str | None) -> Whitespace:
    """The whiteSpace facet of the element at ``tags`` (Clark names from the root), or of its
    ``attribute``; "preserve" whenever the schema cannot be followed (the value is left alone)."""
    schemas = _schemas(schema_file)
    kind = _value_type(schemas, tags, attribute)
    if kind is None:
        return "preserve"
    if isinstance(kind, str):
        return schemas.simple_whitespace(kind)
    return schemas.node_whitespace(kind)


@functools.cache
def decimal_of(schema_file: Path, tags: tuple[str, ...], attribute: str | None) -> bool:
    """Whether the value at a path is an xs:decimal (a type restricting it), whose lexical forms
    :func:`decimal_text` writes in full; False whenever the schema cannot be followed."""
    schemas = _schemas(schema_file)
    kind = _value_type(schemas, tags, attribute)
    seen: set[int] = set()
    while isinstance(kind, etree._Element) and id(kind) not in seen:
        seen.add(id(kind))
        kind = schemas.base_type(kind)
    return kind == f"{{{XS}}}decimal"


@functools.cache
def enumerations_of(
    schema_file: Path, tags: tuple[str, ...], attribute: str | None
) -> tuple[str, ...]:
    """The enumeration values allowed at a path (empty when the type has none)."""
    schemas = _schemas(schema_file)
    return _enumerations(schemas, _value_type(schemas, tags, attribute))


def _enumerations(schemas: _Schemas, kind: etree._Element | str | None) -> tuple[str, ...]:
    seen: set[int] = set()
    while isinstance(kind, etree._Element) and id(kind) not in seen:
        union = kind.find(f"{{{XS}}}union")
        if union is not None:  # standard codes ∪ local codes (ENTSO-E local-extension style)
            members = (union.get("memberTypes") or "").split()
            found: list[str] = []
            for member in members:
                found += _enumerations(schemas, schemas.types.get(_qname(union, member)))
            return tuple(found)
        seen.add(id(kind))
        restriction = next(
            (
                step
                for step in kind.iter(f"{{{XS}}}restriction", f"{{{XS}}}extension")
                if step is not kind
            ),
            None,
        )
        if restriction is None:
            return ()
        values = [e.get("value", "") for e in restriction.iterchildren(f"{{{XS}}}enumeration")]
        if values:
            return tuple(values)
        base = restriction.get("base")
        kind = schemas.types.get(_qname(restriction, base)) if base else None
    return ()
