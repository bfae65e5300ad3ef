"""CIM JSON: the JSON form of the Elhub CIM profile documents in DataHub 3's shape, and back.

    data = elhub_cim.cimjson.to_json(cim_xml)      # UTF-8 JSON
    xml = elhub_cim.cimjson.from_json(data)        # CIM XML, validated against our XSD
    nordic = elhub_cim.cimjson.nordic_to_json(nordic_xml)  # Nordic Ediel XML as DataHub 3 JSON

The shape is DataHub 3's CIM JSON (``docs/cim-profile.md`` §14):

- the document is an object with one member, named after the root element
  (``{"RequestChangeOfSupplier_MarketDocument": {...}}``);
- an element is a member named after the element, in schema order;
- an element that may repeat is always an array, even with one item: where our XSD lets it
  repeat, and where the Nordic document does (``MktActivityRecord`` is an array of one in a
  single-payload document, as DataHub 3 writes it);
- a code is an object ``{"value": "E65"}``; an element with attributes is an object with the text
  as ``"value"`` and each attribute (``{"value": "7080010000002", "codingScheme": "A10"}``); for
  the Nordic elements, exactly the elements DataHub 3 writes as such objects are objects (the
  facts in ``projection/nordic-json.toml``, from the Nordic XSDs);
- decimals are JSON numbers written with the XML's digits (``0.250000``), integers JSON integers,
  booleans ``true``/``false``; every other value (identifiers, times, text) a JSON string exactly
  as in the XML.

Element order comes from the schema (the generated bindings know it), so XML → JSON → XML gives
the same document (C14N), and the XML written is validated against the XSD before it is returned.
A JSON Schema per document: :func:`json_schema` (committed under
``schemas/cim/json/elhub-profile-0.2/`` by ``tools/build_json_schemas.py``).
"""

from __future__ import annotations

import dataclasses
import decimal
import difflib
import enum
import functools
import json
import re
import tomllib
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

from lxml import etree

from .core.binding import binding_class, context
from .core.catalog import MessageType, Standard, catalog
from .core.errors import (
    BindingError,
    ElhubCimError,
    InputTooLargeError,
    Problem,
    SchemaViolationError,
    mask_identity_numbers,
)
from .core.safeparse import DEFAULT_MAX_BYTES, parse
from .mapping.structure import Child, children
from .pipeline import check, validate

__all__ = [
    "NORDIC_JSON_FILE",
    "JsonInputError",
    "NordicJsonShape",
    "from_json",
    "from_object",
    "is_nordic_json",
    "json_schema",
    "leaf_patterns",
    "local_extension_schema",
    "message_type_for_root",
    "nordic_from_json",
    "nordic_json_file",
    "nordic_json_shapes",
    "nordic_to_json",
    "to_json",
    "to_object",
]

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
VALUE = "value"
#: DataHub 3's JSON shape of the Nordic documents, relative to the folder of the profile XSDs.
NORDIC_JSON_FILE = Path("projection") / "nordic-json.toml"
XS = "http://www.w3.org/2001/XMLSchema"

Scalar = Literal["string", "number", "integer", "boolean"]
# A JSON number as RFC 8259 writes it; xs:decimal allows more ('+1', '.5', '5.', '007').
_JSON_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?")
_JSON_INTEGER = re.compile(r"-?(?:0|[1-9][0-9]*)")


class JsonInputError(ElhubCimError):
    """A JSON input that is not a CIM JSON document of the profile (syntax, shape, names)."""

    default_code = "JSON_INVALID"


# --- DataHub 3's shape of the Nordic documents --------------------------------------------


@dataclasses.dataclass(frozen=True, slots=True)
class NordicJsonShape:
    """How DataHub 3 writes one Nordic document as JSON (element paths, '/'-separated)."""

    arrays: frozenset[str]
    values: frozenset[str]  # written {"value": ...}
    numbers: frozenset[str]
    integers: frozenset[str]
    booleans: frozenset[str]

    def scalar(self, path: str) -> Scalar:
        if path in self.numbers:
            return "number"
        if path in self.integers:
            return "integer"
        if path in self.booleans:
            return "boolean"
        return "string"


def _current_profile_folder() -> Path:
    folders = {
        mt.schema_file.parent
        for mt in catalog().values()
        if mt.standard is Standard.CIM and not mt.legacy
    }
    return max(folders)


def nordic_json_file(profile_folder: Path | None = None) -> Path:
    """Where the DataHub 3 JSON facts of a profile version sit (default: the current one)."""
    return (profile_folder or _current_profile_folder()) / NORDIC_JSON_FILE


@functools.cache
def nordic_json_shapes(profile_folder: Path | None = None) -> Mapping[str, NordicJsonShape]:
    """DataHub 3's JSON shape of each Nordic document the profile extends, by root name."""
    path = nordic_json_file(profile_folder)
    if not path.is_file():
        return {}
    with path.open("rb") as stream:
        raw: dict[str, Any] = tomllib.load(stream)
    return {
        name: NordicJsonShape(
            arrays=frozenset(spec.get("arrays", ())),
            values=frozenset(spec.get("values", ())),
            numbers=frozenset(spec.get("numbers", ())),
            integers=frozenset(spec.get("integers", ())),
            booleans=frozenset(spec.get("booleans", ())),
        )
        for name, spec in raw.items()
    }


def _nordic_root_of(message_type: MessageType) -> str:
    """The Nordic root a profile document is written as (its own name unless the projection
    table says otherwise, e.g. NotifyCollectedMeasureData as NotifyValidatedMeasureData)."""
    from .projection import projection_table  # the projection stands beside, not below

    document = projection_table(message_type.schema_file.parent).documents.get(message_type.name)
    return _nordic_root(document) if document is not None else message_type.name


def _nordic_elements(message_type: MessageType) -> frozenset[str]:
    """The paths of the Nordic elements of a profile document (none for Norwegian documents)."""
    from .projection import projection_table  # the projection stands beside, not below

    table = projection_table(message_type.schema_file.parent)
    document = table.documents.get(message_type.name)
    if document is None or document.profile_namespace != message_type.namespace:
        return frozenset()
    return frozenset(document.nordic)


# --- what our XSDs say of each leaf ---------------------------------------------------------


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


class _XsdLeaves:
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
def _xsd(message_type: MessageType) -> _XsdLeaves:
    return _XsdLeaves(message_type.schema_file)


@functools.cache
def _xsd_leaves(message_type: MessageType) -> dict[str, tuple[Scalar, bool]]:
    return _xsd(message_type).leaves(message_type.namespace, message_type.name)


@functools.cache
def leaf_patterns(message_type: MessageType) -> Mapping[str, tuple[str, ...]]:
    """The ``xs:pattern`` facets of every leaf path of a profile document (from our XSD)."""
    xsd = _xsd(message_type)
    types = xsd.leaf_types(message_type.namespace, message_type.name)
    return {path: tuple(xsd.patterns(key)) for path, key in types.items()}


# --- what the bindings say ------------------------------------------------------------------


@dataclasses.dataclass(frozen=True, slots=True)
class _Member:
    """One child element or attribute of a binding class, as the JSON form needs it."""

    name: str
    qname: str
    index: int
    cls: type[Any] | None
    repeated: bool
    attribute: bool
    min_occurs: int
    max_occurs: int | None
    enum: tuple[str, ...] | None
    min_length: int | None
    max_length: int | None


def _enum_values(types: Sequence[type[Any]]) -> tuple[str, ...] | None:
    for candidate in types:
        if isinstance(candidate, type) and issubclass(candidate, enum.Enum):
            return tuple(str(member.value) for member in candidate)
    return None


_MEMBERS: dict[type[Any], dict[str, _Member]] = {}
_TEXT: dict[type[Any], _Member | None] = {}


def _children_of(cls: type[Any]) -> Mapping[str, Child]:
    return children(cls)  # type: ignore[arg-type]  # functools.cache asks for Hashable


def _members(cls: type[Any]) -> dict[str, _Member]:
    """Child elements and attributes of ``cls`` by local name (attributes as ``@name``)."""
    found = _MEMBERS.get(cls)
    if found is None:
        found = _MEMBERS[cls] = _build_members(cls)
    return found


def _build_members(cls: type[Any]) -> dict[str, _Member]:
    meta = context().build(cls)
    fields = {f.name: f for f in dataclasses.fields(cls)}
    known = _children_of(cls)
    found: dict[str, _Member] = {}
    for var in meta.get_all_vars():
        if var.is_text:
            continue
        key = f"@{var.local_name}" if var.is_attribute else var.local_name
        child = known[key]
        spec = fields.get(var.name)
        metadata: Mapping[str, Any] = spec.metadata if spec is not None else {}
        minimum = metadata.get("min_occurs")
        maximum = metadata.get("max_occurs")
        if var.is_attribute:
            min_occurs = 1 if metadata.get("required") else 0
        elif isinstance(minimum, int):
            min_occurs = minimum
        else:
            min_occurs = 1 if var.required else 0
        found[key] = _Member(
            name=var.local_name,
            qname=child.qname,
            index=child.index,
            cls=child.cls,
            repeated=child.repeated,
            attribute=child.attribute,
            min_occurs=min_occurs,
            max_occurs=maximum if isinstance(maximum, int) and maximum < 2**31 else None,
            enum=_enum_values(var.types),
            min_length=metadata.get("min_length"),
            max_length=metadata.get("max_length"),
        )
    return found


def _text_member(cls: type[Any]) -> _Member | None:
    """The text of a simple-content class (with its facets), or ``None`` for complex content."""
    if cls not in _TEXT:
        _TEXT[cls] = _build_text_member(cls)
    return _TEXT[cls]


def _build_text_member(cls: type[Any]) -> _Member | None:
    meta = context().build(cls)
    fields = {f.name: f for f in dataclasses.fields(cls)}
    for var in meta.get_all_vars():
        if var.is_text:
            spec = fields.get(var.name)
            metadata: Mapping[str, Any] = spec.metadata if spec is not None else {}
            return _Member(
                name=VALUE,
                qname=VALUE,
                index=-1,
                cls=None,
                repeated=False,
                attribute=False,
                min_occurs=1,
                max_occurs=1,
                enum=_enum_values(var.types),
                min_length=metadata.get("min_length"),
                max_length=metadata.get("max_length"),
            )
    return None


def _elements_of(cls: type[Any]) -> list[_Member]:
    return sorted((m for m in _members(cls).values() if not m.attribute), key=lambda m: m.index)


def _attributes_of(cls: type[Any]) -> list[_Member]:
    return sorted((m for m in _members(cls).values() if m.attribute), key=lambda m: m.index)


def _is_simple_content(cls: type[Any]) -> bool:
    return _text_member(cls) is not None and not _elements_of(cls)


# --- the shape of one document ----------------------------------------------------------------


@dataclasses.dataclass(frozen=True, slots=True)
class _Form:
    """How one child element is written in JSON."""

    array: bool  # always an array
    wrapped: bool  # a leaf written {"value": ...} (elements with attributes always are)
    scalar: Scalar  # the JSON type of the value


class _Shape:
    """The JSON form of every element of one profile document, by (binding class, name)."""

    def __init__(self, message_type: MessageType) -> None:
        self.forms: dict[tuple[type[Any], str], _Form] = {}
        self.leaves = _xsd_leaves(message_type)
        self.nordic_elements = _nordic_elements(message_type)
        shapes = nordic_json_shapes(message_type.schema_file.parent)
        self.nordic = shapes.get(message_type.name) or shapes.get(_nordic_root_of(message_type))
        if not self.nordic_elements:
            self.nordic = None
        self._walk(binding_class(message_type), "", 0)

    def _walk(self, cls: type[Any], prefix: str, depth: int) -> None:
        if depth > 50:
            return
        for member in _elements_of(cls):
            path = prefix + member.name
            form = self._form(member, path)
            key = (cls, member.name)
            known = self.forms.get(key)
            if known is not None:  # a class used at two paths: the wider form
                form = _Form(known.array or form.array, known.wrapped or form.wrapped, form.scalar)
            self.forms[key] = form
            if member.cls is not None and not _is_simple_content(member.cls) and known is None:
                self._walk(member.cls, path + "/", depth + 1)

    def _form(self, member: _Member, path: str) -> _Form:
        scalar, code = self.leaves.get(path, ("string", False))
        nordic = self.nordic is not None and path in self.nordic_elements
        array = member.repeated or (self.nordic is not None and path in self.nordic.arrays)
        if member.cls is not None and not _is_simple_content(member.cls):
            return _Form(array, False, "string")
        if member.cls is not None:  # simple content with attributes: always an object
            return _Form(array, True, scalar)
        if nordic:
            assert self.nordic is not None
            return _Form(array, path in self.nordic.values, scalar)
        return _Form(array, code, scalar)  # Norwegian: codes as DataHub 3 writes codes

    def form(self, cls: type[Any], name: str) -> _Form:
        return self.forms.get((cls, name), _Form(False, False, "string"))


@functools.cache
def _shape(message_type: MessageType) -> _Shape:
    return _Shape(message_type)


def message_type_for_root(root_name: str, namespace: str | None = None) -> MessageType:
    """The CIM profile document with root element ``root_name`` (and ``namespace``, if given)."""
    found = [
        mt
        for (ns, name), mt in catalog().items()
        if mt.standard is Standard.CIM
        and name == root_name
        # Without a namespace: the current profile (0.1 documents are read as XML only).
        and (ns == namespace or (namespace is None and not mt.legacy))
    ]
    if len(found) == 1:
        return found[0]
    names = sorted({n for (_, n), mt in catalog().items() if mt.standard is Standard.CIM})
    if not found:
        guess = difflib.get_close_matches(root_name, names, n=1)
        hint = f"; did you mean '{guess[0]}'?" if guess else ""
        raise JsonInputError(
            [
                Problem(
                    "JSON_UNKNOWN",
                    mask_identity_numbers(f"'{root_name}' is not a CIM profile document{hint}"),
                    path=mask_identity_numbers(f"/{root_name}"),
                )
            ]
        )
    raise JsonInputError(
        [
            Problem(
                "JSON_AMBIGUOUS",
                f"'{root_name}' exists in several profile versions "
                f"({', '.join(mt.namespace for mt in found)}): pass namespace=",
                path=f"/{root_name}",
            )
        ]
    )


# --- JSON text with numbers as written -------------------------------------------------------


class _Raw(str):
    """A JSON number literal, written as is (the XML's digits)."""


def _number_literal(text: str, scalar: Scalar) -> str | None:
    """The JSON literal of an XML number: its own digits where they are a JSON number
    (``0.250000``), else the same value in JSON's grammar (``+1`` → ``1``, ``.5`` → ``0.5``);
    ``None`` when the text is not a number."""
    text = text.strip()
    pattern = _JSON_INTEGER if scalar == "integer" else _JSON_NUMBER
    if pattern.fullmatch(text):
        return text
    try:
        value = decimal.Decimal(text)
    except decimal.InvalidOperation:
        return None
    if not value.is_finite() or "e" in text.lower():
        return None
    if scalar == "integer" and value != value.to_integral_value():
        return None
    literal = format(value, "f")
    if literal.startswith("-") and value == 0:
        literal = literal[1:]
    return literal


def _dump(value: Any, indent: int | None, level: int = 0) -> str:
    """``json.dumps`` with number literals kept as written."""
    if isinstance(value, _Raw):
        return str(value)
    if isinstance(value, dict) and value:
        items = [
            json.dumps(k, ensure_ascii=False) + ": " + _dump(v, indent, level + 1)
            for k, v in value.items()
        ]
        return _join("{", items, "}", indent, level)
    if isinstance(value, list) and value:
        return _join("[", [_dump(v, indent, level + 1) for v in value], "]", indent, level)
    return json.dumps(value, ensure_ascii=False)


def _join(opening: str, items: list[str], closing: str, indent: int | None, level: int) -> str:
    if indent is None:
        return opening + ", ".join(items) + closing
    inner = "\n" + " " * (indent * (level + 1))
    return opening + inner + ("," + inner).join(items) + "\n" + " " * (indent * level) + closing


# --- XML -> JSON -------------------------------------------------------------------------


def _element_children(element: etree._Element) -> Iterator[etree._Element]:
    for child in element:
        if isinstance(child.tag, str):
            yield child


def _scalar_value(text: str, scalar: Scalar, where: str) -> Any:
    if scalar == "boolean":
        stripped = text.strip()
        if stripped in ("true", "1"):
            return True
        if stripped in ("false", "0"):
            return False
    elif scalar in ("number", "integer"):
        literal = _number_literal(text, scalar)
        if literal is not None:
            return _Raw(literal)
    else:
        return text
    raise BindingError(f"{where}: {text!r} is not a JSON {scalar}")


def _object_of(element: etree._Element, cls: type[Any], shape: _Shape, where: str) -> Any:
    if _is_simple_content(cls):
        raise BindingError(f"{where}: simple content is written by its parent")
    collected: dict[str, Any] = {}
    members = _members(cls)
    for child in _element_children(element):
        local = etree.QName(child).localname
        member = members.get(local)
        if member is None or member.attribute:
            raise BindingError(f"{local} is not an element of {cls.__name__}")
        form = shape.form(cls, local)
        item = _member_value(child, member, form, shape, f"{where}/{local}")
        if form.array:
            collected.setdefault(local, []).append(item)
        else:
            collected[local] = item
    return {m.name: collected[m.name] for m in _elements_of(cls) if m.name in collected}


def _member_value(
    child: etree._Element, member: _Member, form: _Form, shape: _Shape, where: str
) -> Any:
    if member.cls is not None and not _is_simple_content(member.cls):
        return _object_of(child, member.cls, shape, where)
    value = _scalar_value(child.text or "", form.scalar, where)
    if not form.wrapped:
        return value
    wrapped: dict[str, Any] = {VALUE: value}
    if member.cls is not None:
        for attribute in _attributes_of(member.cls):
            found = child.get(attribute.name)
            if found is not None:
                wrapped[attribute.name] = found
    return wrapped


def to_object(element: etree._Element, message_type: MessageType) -> dict[str, Any]:
    """The JSON value of a (schema-valid) profile document's root element."""
    cls = binding_class(message_type)
    body = _object_of(element, cls, _shape(message_type), f"/{message_type.name}")
    return {message_type.name: body}


def to_json(
    cim_xml: bytes,
    *,
    indent: int | None = 2,
    name: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> bytes:
    """The CIM JSON form of a CIM profile document (read and validated like any input)."""
    document, message_type = check(cim_xml, max_bytes=max_bytes, name=name or "<bytes>")
    if message_type.standard is not Standard.CIM:
        raise JsonInputError(
            [
                Problem(
                    "JSON_UNSUPPORTED",
                    f"{message_type.name} is not a CIM profile document; only profile documents "
                    "have a JSON form",
                    file=document.name,
                )
            ]
        )
    body = to_object(document.root, message_type)
    return (_dump(body, indent) + "\n").encode("utf-8")


# --- JSON -> XML -------------------------------------------------------------------------


class _Number(str):
    """A JSON number as written (its literal), or a JSON constant (NaN, Infinity)."""


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKeyError(key)
        result[key] = value
    return result


class _DuplicateKeyError(ValueError):
    pass


def _kind(value: Any) -> str:
    if isinstance(value, _Number):
        return "a number"
    if isinstance(value, bool):
        return "a boolean"
    if value is None:
        return "null"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    return "an object"


_EXPECTED = {
    "string": "a string (identifiers, times and text are strings, exactly as in the XML)",
    "number": "a number",
    "integer": "an integer",
    "boolean": "true or false",
}


class _Builder:
    def __init__(self, namespace: str, name: str) -> None:
        self.namespace = namespace
        self.name = name
        self.problems: list[Problem] = []

    def _problem(self, code: str, path: str, message: str) -> None:
        self.problems.append(Problem(code, message, file=self.name, path=path))

    def text(self, value: Any, scalar: Scalar, path: str) -> str | None:
        """The XML text of a JSON value of kind ``scalar`` (``None`` after a problem)."""
        if scalar == "string" and isinstance(value, str) and not isinstance(value, _Number):
            return value
        if scalar == "boolean" and isinstance(value, bool):
            return "true" if value else "false"
        if scalar in ("number", "integer") and isinstance(value, _Number):
            literal = str(value)
            if scalar == "integer" and _JSON_INTEGER.fullmatch(literal):
                return literal
            if scalar == "number" and _JSON_NUMBER.fullmatch(literal):
                return literal
            try:  # an exponent: the same value in XML's decimal notation
                number = decimal.Decimal(literal)
            except decimal.InvalidOperation:
                number = None
            if (
                number is not None
                and number.is_finite()
                and (scalar == "number" or number == number.to_integral_value())
            ):
                return format(number.normalize() if scalar == "integer" else number, "f")
        self._problem("JSON_TYPE", path, f"expected {_EXPECTED[scalar]}, found {_kind(value)}")
        return None

    def new(self, tag: str) -> etree._Element:
        nsmap: dict[str | None, str] = {None: self.namespace}
        return etree.Element(f"{{{self.namespace}}}{tag}", nsmap=nsmap)  # type: ignore[arg-type]


class _ProfileBuilder(_Builder):
    def __init__(self, namespace: str, name: str, shape: _Shape) -> None:
        super().__init__(namespace, name)
        self.shape = shape

    def complex(self, tag: str, value: Any, cls: type[Any], path: str) -> etree._Element:
        element = self.new(tag)
        if not isinstance(value, dict):
            self._problem("JSON_TYPE", path, f"expected an object, found {_kind(value)}")
            return element
        members = {m.name: m for m in _elements_of(cls)}
        ordered: list[tuple[int, int, etree._Element]] = []
        for position, (key, item) in enumerate(value.items()):
            member = members.get(key)
            if member is None:
                self._unknown(key, list(members), path)
                continue
            child_path = f"{path}/{key}"
            form = self.shape.form(cls, key)
            if form.array:
                if not isinstance(item, list):
                    self._problem(
                        "JSON_SHAPE",
                        child_path,
                        f"expected an array ({key} is always an array), found {_kind(item)}",
                    )
                    continue
                for number, entry in enumerate(item, start=1):
                    built = self.member(key, entry, member, form, f"{child_path}[{number}]")
                    ordered.append((member.index, position * 100000 + number, built))
            elif isinstance(item, list):
                self._problem(
                    "JSON_SHAPE", child_path, f"expected one value ({key} does not repeat)"
                )
            else:
                ordered.append(
                    (member.index, position, self.member(key, item, member, form, child_path))
                )
        for _, _, child in sorted(ordered, key=lambda entry: (entry[0], entry[1])):
            element.append(child)
        return element

    def member(
        self, tag: str, value: Any, member: _Member, form: _Form, path: str
    ) -> etree._Element:
        if member.cls is not None and not _is_simple_content(member.cls):
            return self.complex(tag, value, member.cls, path)
        element = self.new(tag)
        if not form.wrapped:
            text = self.text(value, form.scalar, path)
            if text is not None:
                element.text = text
            return element
        if not isinstance(value, dict):
            self._problem(
                "JSON_TYPE",
                path,
                f"expected an object with 'value' ({tag} is written "
                f'{{"value": ...}}), found {_kind(value)}',
            )
            return element
        attributes = {a.name: a for a in _attributes_of(member.cls)} if member.cls else {}
        for key, item in value.items():
            if key == VALUE:
                text = self.text(item, form.scalar, f"{path}/{VALUE}")
                if text is not None:
                    element.text = text
            elif key in attributes:
                text = self.text(item, "string", f"{path}/{key}")
                if text is not None:
                    element.set(key, text)
            else:
                self._unknown(key, [VALUE, *attributes], path)
        if VALUE not in value:
            self._problem("JSON_SHAPE", f"{path}/{VALUE}", "missing 'value' (the element's text)")
        return element

    def _unknown(self, key: str, allowed: list[str], path: str) -> None:
        guess = difflib.get_close_matches(key, allowed, n=1)
        hint = f"; did you mean '{guess[0]}'?" if guess else ""
        self._problem(
            "JSON_UNKNOWN",
            mask_identity_numbers(f"{path}/{key}"),
            mask_identity_numbers(f"'{key}' is not allowed here{hint}"),
        )


def _load_json(data: bytes, name: str, max_bytes: int) -> Any:
    if len(data) > max_bytes:
        raise InputTooLargeError(
            [
                Problem(
                    "JSON_TOO_LARGE",
                    f"input is {len(data)} bytes, over the limit of {max_bytes} bytes; not parsed",
                    file=name,
                )
            ]
        )
    try:
        text = data.decode("utf-8")
        if text.startswith("\ufeff"):  # DataHub 3's files start with a byte order mark
            text = text[1:]
        return json.loads(
            text,
            object_pairs_hook=_no_duplicates,
            parse_float=_Number,
            parse_int=_Number,
            parse_constant=_Number,
        )
    except UnicodeDecodeError as exc:
        message = f"not UTF-8 at byte {exc.start}"
        line = None
    except json.JSONDecodeError as exc:
        message, line = f"not JSON: {exc.msg} (column {exc.colno})", exc.lineno
    except _DuplicateKeyError as exc:
        message, line = mask_identity_numbers(f"member '{exc}' appears twice in one object"), None
    except RecursionError:
        message, line = "JSON nested too deeply", None
    raise JsonInputError([Problem("JSON_MALFORMED", message, file=name, line=line)])


def _single_root(body: Any, name: str, example: str) -> tuple[str, Any]:
    if not isinstance(body, dict) or len(body) != 1:
        raise JsonInputError(
            [
                Problem(
                    "JSON_SHAPE",
                    "a CIM JSON document is an object with exactly one member, named after the "
                    f"document's root element (e.g. '{example}')",
                    file=name,
                )
            ]
        )
    ((root_name, value),) = body.items()
    return root_name, value


def from_object(
    body: Any, *, namespace: str | None = None, name: str = "<json>"
) -> tuple[etree._Element, MessageType]:
    """Build the XML tree of a parsed CIM JSON document (not yet validated)."""
    root_name, value = _single_root(body, name, "RequestChangeOfSupplier_MarketDocument")
    try:
        message_type = message_type_for_root(root_name, namespace)
    except JsonInputError as exc:
        raise exc.with_file(name) from None
    builder = _ProfileBuilder(message_type.namespace, name, _shape(message_type))
    root = builder.complex(
        root_name, value, binding_class(message_type), mask_identity_numbers(f"/{root_name}")
    )
    if builder.problems:
        raise JsonInputError(builder.problems)
    return root, message_type


def _xml_text(root: etree._Element, pretty: bool) -> bytes:
    if pretty:
        etree.indent(root, space="  ")
    xml = b'<?xml version="1.0" encoding="UTF-8"?>\n' + etree.tostring(root, encoding="UTF-8")
    return xml + b"\n"


def from_json(
    data: bytes,
    *,
    namespace: str | None = None,
    pretty: bool = True,
    name: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> bytes:
    """CIM XML for a CIM JSON document, validated against the profile XSD.

    Raises :class:`JsonInputError` for input that is not CIM JSON (syntax, a value of the wrong
    JSON type, an unknown member, an array where one value belongs) and
    :class:`SchemaViolationError` when the document it describes is not valid.
    """
    label = name or "<json>"
    body = _load_json(data, label, max_bytes)
    root, _ = from_object(body, namespace=namespace, name=label)
    xml = _xml_text(root, pretty)
    # The XSD only: business rules are the reader's business (convert reports them for JSON as
    # for XML input; validate runs them once), never a reason to refuse the JSON form.
    result = validate(xml, name=label, max_bytes=max(max_bytes, len(xml)), rules=False)
    if not result.valid:
        raise SchemaViolationError(result.problems)
    return xml


# --- Nordic Ediel documents as DataHub 3 JSON --------------------------------------------------


def _nordic_root(document: Any) -> str:
    """The Nordic root element of a projection-table entry (a Norwegian document may be
    written as a Nordic one of another name)."""
    return str(getattr(document, "nordic_root", None) or document.name)


def _nordic_document(root_name: str, namespace: str | None = None) -> tuple[Any, NordicJsonShape]:
    """The projection-table entry and JSON shape of a Nordic document (by root, namespace)."""
    from .projection import projection_table

    table = projection_table()
    candidates = [
        d
        for d in table.documents.values()
        if (
            namespace is None
            or d.nordic_namespace == namespace.replace("urn:ediel:org:", "urn:ediel.org:", 1)
        )
    ]
    # the profile document of the same name first, then one written under this Nordic name
    found = [d for d in candidates if d.name == root_name] or [
        d for d in candidates if _nordic_root(d) == root_name
    ]
    # shapes are keyed by the Nordic root (a Norwegian document written as a Nordic one shares it)
    shapes = nordic_json_shapes()
    shape = (shapes.get(found[0].name) or shapes.get(_nordic_root(found[0]))) if found else None
    if not found or shape is None:
        known = ", ".join(sorted(_nordic_root(d) for d in table.documents.values()))
        raise JsonInputError(
            [
                Problem(
                    "JSON_UNKNOWN",
                    f"'{root_name}' is not a Nordic Ediel document the profile extends "
                    f"(known: {known})",
                    path=f"/{root_name}",
                )
            ]
        )
    return found[0], shape


def _nordic_object(
    element: etree._Element, shape: NordicJsonShape, complex_paths: frozenset[str], prefix: str
) -> dict[str, Any]:
    collected: dict[str, Any] = {}
    for child in _element_children(element):
        local = etree.QName(child).localname
        path = prefix + local
        if path in complex_paths:
            item: Any = _nordic_object(child, shape, complex_paths, path + "/")
        else:
            value = _scalar_value(child.text or "", shape.scalar(path), path)
            if path in shape.values or child.attrib:
                item = {VALUE: value, **dict(child.attrib)}
            else:
                item = value
        if path in shape.arrays:
            collected.setdefault(local, []).append(item)
        elif local in collected:
            raise BindingError(f"{path} repeats, which the Nordic document does not allow")
        else:
            collected[local] = item
    return collected


def _complex_paths(document: Any) -> frozenset[str]:
    """The Nordic element paths with elements below them (from the projection table)."""
    return frozenset(p.rpartition("/")[0] for p in document.nordic if "/" in p)


def nordic_to_json(
    nordic_xml: bytes | etree._Element, *, indent: int | None = 2, name: str | None = None
) -> bytes:
    """A Nordic Ediel document (as :func:`elhub_cim.projection.project` writes it) as DataHub
    3's CIM JSON: the shape of the Nordic XSD (``projection/nordic-json.toml``)."""
    label = name or "<nordic>"
    root = (
        nordic_xml if isinstance(nordic_xml, etree._Element) else parse(nordic_xml, name=label).root
    )
    qname = etree.QName(root)
    document, shape = _nordic_document(qname.localname, qname.namespace)
    try:
        body = {qname.localname: _nordic_object(root, shape, _complex_paths(document), "")}
    except BindingError as exc:
        raise JsonInputError([Problem("JSON_UNSUPPORTED", str(exc), file=label)]) from None
    return (_dump(body, indent) + "\n").encode("utf-8")


_PROCESS_PATHS = ("process.processType", "received_MarketDocument.process.processType")


def is_nordic_json(data: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES) -> bool:
    """Whether JSON input is DataHub 3's JSON of a Nordic document rather than our CIM JSON.

    The root names are the same; the process tells them apart: a profile document names its
    process by a Norwegian local code (``NO102``), a Nordic document by an ENTSO-E code
    (``E65``) or not at all (the Nordic acknowledgement). Input that is not JSON is neither."""
    from .projection import projection_table

    try:
        body = _load_json(data, "<json>", max_bytes)
    except (JsonInputError, InputTooLargeError):
        return False
    if not isinstance(body, dict) or len(body) != 1:
        return False
    ((root_name, document),) = body.items()
    if not isinstance(document, dict):
        return False
    try:
        _nordic_document(root_name)
    except JsonInputError:
        return False
    table = projection_table()
    local = {v for rule in table.rules.values() if rule.action == "map" for v in rule.values}
    for path in _PROCESS_PATHS:
        value = document.get(path)
        if isinstance(value, dict):
            value = value.get(VALUE)
        if isinstance(value, str):
            return value not in local
    return True


class _NordicBuilder(_Builder):
    def __init__(self, document: Any, shape: NordicJsonShape, name: str) -> None:
        super().__init__(document.nordic_namespace, name)
        self.shape = shape
        self.order: dict[str, int] = document.order
        self.complex_paths = _complex_paths(document)

    def complex(self, tag: str, value: Any, prefix: str, path: str) -> etree._Element:
        element = self.new(tag)
        if not isinstance(value, dict):
            self._problem("JSON_TYPE", path, f"expected an object, found {_kind(value)}")
            return element
        ordered: list[tuple[int, int, etree._Element]] = []
        for position, (key, item) in enumerate(value.items()):
            element_path = prefix + key
            child_path = f"{path}/{key}"
            if element_path not in self.order:
                siblings = [
                    p.rpartition("/")[2]
                    for p in self.order
                    if p.rpartition("/")[0] + "/" == prefix or ("/" not in p and not prefix)
                ]
                guess = difflib.get_close_matches(key, siblings, n=1)
                hint = f"; did you mean '{guess[0]}'?" if guess else ""
                self._problem(
                    "JSON_UNKNOWN",
                    mask_identity_numbers(child_path),
                    mask_identity_numbers(
                        f"'{key}' is not an element the profile knows here{hint}"
                    ),
                )
                continue
            items = item if element_path in self.shape.arrays else None
            if element_path in self.shape.arrays and not isinstance(item, list):
                self._problem("JSON_SHAPE", child_path, f"expected an array, found {_kind(item)}")
                continue
            if items is None and isinstance(item, list):
                self._problem(
                    "JSON_SHAPE", child_path, f"expected one value ({key} does not repeat)"
                )
                continue
            for number, entry in enumerate(items if items is not None else [item], start=1):
                where = f"{child_path}[{number}]" if items is not None else child_path
                built = self.member(key, entry, element_path, where)
                ordered.append((self.order[element_path], position * 100000 + number, built))
        for _, _, child in sorted(ordered, key=lambda entry: (entry[0], entry[1])):
            element.append(child)
        return element

    def member(self, tag: str, value: Any, element_path: str, path: str) -> etree._Element:
        if element_path in self.complex_paths:
            return self.complex(tag, value, element_path + "/", path)
        element = self.new(tag)
        scalar = self.shape.scalar(element_path)
        if isinstance(value, dict):
            for key, item in value.items():
                if key == VALUE:
                    text = self.text(item, scalar, f"{path}/{VALUE}")
                    if text is not None:
                        element.text = text
                else:  # an attribute (codingScheme, unit): the Nordic XSD checks which
                    text = self.text(item, "string", f"{path}/{key}")
                    if text is not None:
                        element.set(key, text)
            if VALUE not in value:
                self._problem(
                    "JSON_SHAPE", f"{path}/{VALUE}", "missing 'value' (the element's text)"
                )
            return element
        if element_path in self.shape.values:
            self._problem(
                "JSON_TYPE", path, f'expected an object {{"value": ...}}, found {_kind(value)}'
            )
            return element
        text = self.text(value, scalar, path)
        if text is not None:
            element.text = text
        return element


def nordic_from_json(
    data: bytes, *, pretty: bool = True, name: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> bytes:
    """The Nordic Ediel XML of a DataHub 3 CIM JSON document (not validated: the Nordic XSDs
    are not shipped; lifting it with :func:`elhub_cim.projection.from_nordic` validates the
    profile document it becomes)."""
    label = name or "<json>"
    body = _load_json(data, label, max_bytes)
    root_name, value = _single_root(body, label, "RequestChangeOfSupplier_MarketDocument")
    try:
        document, shape = _nordic_document(root_name)
    except JsonInputError as exc:
        raise exc.with_file(label) from None
    builder = _NordicBuilder(document, shape, label)
    root = builder.complex(root_name, value, "", mask_identity_numbers(f"/{root_name}"))
    if builder.problems:
        raise JsonInputError(builder.problems)
    return _xml_text(root, pretty)


# --- JSON Schema -------------------------------------------------------------------------


def _scalar_schema(member: _Member, scalar: Scalar) -> dict[str, Any]:
    if scalar != "string":
        return {"type": scalar}
    schema: dict[str, Any] = {"type": "string"}
    if member.enum is not None:
        schema["enum"] = list(member.enum)
    if member.min_length is not None:
        schema["minLength"] = member.min_length
    if member.max_length is not None:
        schema["maxLength"] = member.max_length
    return schema


def _wrapped_schema(properties: dict[str, Any], required: list[str]) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }


class _SchemaBuilder:
    def __init__(self, shape: _Shape) -> None:
        self.shape = shape
        self.defs: dict[str, dict[str, Any]] = {}
        self.names: dict[type[Any], str] = {}

    def ref(self, cls: type[Any], scalar: Scalar = "string") -> dict[str, Any]:
        name = self.names.get(cls)
        if name is None:
            name = cls.__name__
            taken = set(self.names.values())
            number = 2
            while name in taken:
                name, number = f"{cls.__name__}{number}", number + 1
            self.names[cls] = name
            self.defs[name] = {}  # reserve (recursive types)
            self.defs[name] = self.definition(cls, scalar)
        return {"$ref": f"#/$defs/{name}"}

    def definition(self, cls: type[Any], scalar: Scalar) -> dict[str, Any]:
        properties: dict[str, Any] = {}
        required: list[str] = []
        if _is_simple_content(cls):
            text = _text_member(cls)
            assert text is not None
            properties[VALUE] = _scalar_schema(text, scalar)
            required.append(VALUE)
            for attribute in _attributes_of(cls):
                properties[attribute.name] = _scalar_schema(attribute, "string")
                if attribute.min_occurs >= 1:
                    required.append(attribute.name)
            return _wrapped_schema(properties, required)
        for member in _elements_of(cls):
            form = self.shape.form(cls, member.name)
            if member.cls is not None:
                item = self.ref(member.cls, form.scalar)
            elif form.wrapped:
                item = _wrapped_schema({VALUE: _scalar_schema(member, form.scalar)}, [VALUE])
            else:
                item = _scalar_schema(member, form.scalar)
            if form.array:
                array: dict[str, Any] = {"type": "array", "items": item}
                if member.min_occurs:
                    array["minItems"] = member.min_occurs
                array["maxItems"] = member.max_occurs if member.repeated else 1
                if array["maxItems"] is None:
                    del array["maxItems"]
                item = array
            properties[member.name] = item
            if member.min_occurs >= 1:
                required.append(member.name)
        schema: dict[str, Any] = {"type": "object", "properties": properties}
        if required:
            schema["required"] = required
        schema["additionalProperties"] = False
        return schema


def json_schema(message_type: MessageType) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the CIM JSON form of a profile document."""
    cls = binding_class(message_type)
    builder = _SchemaBuilder(_shape(message_type))
    root = builder.ref(cls)
    return {
        "$schema": JSON_SCHEMA_DIALECT,
        "title": f"{message_type.name} (CIM JSON)",
        "description": (
            f"CIM JSON form of {message_type.name}, XML namespace {message_type.namespace} "
            "(Elhub CIM profile), in DataHub 3's shape. Generated from the bindings and XSDs by "
            "tools/build_json_schemas.py; see docs/cim-profile.md, CIM JSON. Codes are "
            "{\"value\": ...} objects, elements with attributes objects with 'value', decimals "
            "JSON numbers, booleans true/false, an element that may repeat (here or in the "
            "Nordic document) an array."
        ),
        "type": "object",
        "properties": {message_type.name: root},
        "required": [message_type.name],
        "additionalProperties": False,
        "$defs": dict(sorted(builder.defs.items())),
    }


def local_extension_schema(profile_folder: Path | None = None) -> dict[str, Any]:
    """Our local code lists (``local-extension-types.xsd``) as the JSON Schema ENTSO-E's code
    lists refer to for local codes (``urn-entsoe-eu-local-extension-types.schema.json``): with
    it in place of DataHub 3's own, DataHub 3's schemas accept the Norwegian local codes."""
    folder = profile_folder or _current_profile_folder()
    root = parse(
        (folder / "local-extension-types.xsd").read_bytes(), name="local-extension-types.xsd"
    ).root
    definitions: dict[str, Any] = {}
    for node in root.iter(f"{{{XS}}}simpleType"):
        name = node.get("name")
        if not name:
            continue
        values = [e.get("value", "") for e in node.iter(f"{{{XS}}}enumeration")]
        definitions[name] = {"type": "string", "enum": values}
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "Elhub CIM profile: Norwegian local code lists",
        "description": (
            "The local code lists of the Elhub CIM profile (local-extension-types.xsd), as the "
            "JSON Schema that ENTSO-E's code-list schemas refer to for local codes. Generated by "
            "tools/build_json_schemas.py."
        ),
        "definitions": dict(sorted(definitions.items())),
    }
