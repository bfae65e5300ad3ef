"""CIM JSON: the JSON form of the Elhub CIM profile documents in DataHub 3's shape, and back.

    data = elhub_cim.formats.cimjson.to_json(cim_xml)   # UTF-8 JSON
    xml = elhub_cim.formats.cimjson.from_json(data)     # CIM XML, validated against our XSD

(DataHub 3's JSON of the Nordic documents themselves: :mod:`elhub_cim.formats.nordic_json`.)

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
import math
import re
import tomllib
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lxml import etree

from ..core.arguments import checked_flag
from ..core.catalog import MessageType, Standard, catalog
from ..core.errors import (
    BindingError,
    ElhubCimError,
    InputTooLargeError,
    Problem,
    SchemaViolationError,
    Severity,
    UnknownDocumentError,
    mask_identity_numbers,
    shown_value,
)
from ..core.identify import identify
from ..core.safeparse import (
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_ELEMENTS,
    JSON_SCALAR,
    JSON_SCALAR_STARTS,
    ParsedDocument,
    checked_limit,
    checked_name,
    load_bytes,
    parse,
    parse_bytes,
    too_large,
)
from ..core.validation import validate_document
from ..core.xmlchars import why_not_xml
from . import Format
from . import cim as cim_format
from ._xml import without_lines

# The bindings (xsdata) and the structure read from them load where they are used: detecting
# JSON input, which the read stage does for every input, must not load them.
if TYPE_CHECKING:
    from ..mapping.structure import Child
    from ..mapping.xsdleaves import Scalar

__all__ = [
    "NORDIC_JSON_FILE",
    "JsonInputError",
    "NordicJsonShape",
    "from_json",
    "from_object",
    "json_schema",
    "leaf_patterns",
    "local_extension_schema",
    "message_type_for_root",
    "nordic_json_file",
    "nordic_json_shapes",
    "to_json",
    "to_object",
]

FORMAT = Format.CIM_JSON
JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
VALUE = "value"
#: DataHub 3's JSON shape of the Nordic documents, relative to the folder of the profile XSDs.
NORDIC_JSON_FILE = Path("projection") / "nordic-json.toml"
XS = "http://www.w3.org/2001/XMLSchema"

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
    from ..mapping.projection import projection_table  # the CIM ⇄ Nordic table

    document = projection_table(message_type.schema_file.parent).documents.get(message_type.name)
    return _nordic_root(document) if document is not None else message_type.name


def _nordic_elements(message_type: MessageType) -> frozenset[str]:
    """The paths of the Nordic elements of a profile document (none for Norwegian documents)."""
    from ..mapping.projection import projection_table  # the CIM ⇄ Nordic table

    table = projection_table(message_type.schema_file.parent)
    document = table.documents.get(message_type.name)
    if document is None or document.profile_namespace != message_type.namespace:
        return frozenset()
    return frozenset(document.nordic)


def _nordic_document(root_name: str, namespace: str | None = None) -> tuple[Any, NordicJsonShape]:
    """The projection-table entry and JSON shape of a Nordic document (by root, namespace)."""
    from ..mapping.projection import projection_table  # the CIM ⇄ Nordic table

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


_PROCESS_PATHS = ("process.processType", "received_MarketDocument.process.processType")


def _is_nordic_body(body: Any) -> bool:
    """Whether JSON already read is DataHub 3's JSON of a Nordic document rather than our CIM
    JSON (:func:`elhub_cim.formats.nordic_json.detect`)."""
    if not isinstance(body, dict) or len(body) != 1:
        return False
    ((root_name, document),) = body.items()
    if not isinstance(document, dict):
        return False
    try:
        _nordic_document(root_name)
    except JsonInputError:
        return False
    from ..mapping.projection import projection_table  # the CIM ⇄ Nordic table

    table = projection_table()
    local = {v for rule in table.rules.values() if rule.action == "map" for v in rule.values}
    for path in _PROCESS_PATHS:
        value = document.get(path)
        if isinstance(value, dict):
            value = value.get(VALUE)
        # A code is a token: the XSD reads " NO102\n" as NO102 (XML's whitespace only), and so
        # does this (CIM JSON carries the text as the XML had it). ENTSO-E's process codes (the
        # Nordic ones) have at most three characters: a longer one is a profile code mistyped
        # (NO1O3), which the XSD names as it names it in XML.
        if isinstance(value, str) and (
            value.strip(" \t\n\r") in local or len(value.strip(" \t\n\r")) > 3
        ):
            return False
    # Another code (a Nordic one, a short mistyped one, a number) or none: an element only the
    # profile has (a Norwegian addition) makes it our CIM JSON, whose XSD then names the code.
    return not _carries_addition(root_name, document)


@functools.cache
def _additions(root_name: str) -> tuple[frozenset[str], frozenset[str]]:
    """The Norwegian additions (element paths) of the profile documents a JSON root may be, and
    the paths above them."""
    from ..mapping.projection import projection_table  # the CIM ⇄ Nordic table

    paths = frozenset(
        path
        for d in projection_table().documents.values()
        if root_name in (d.name, _nordic_root(d))
        for path in d.additions
    )
    above = frozenset(p.rsplit("/", n)[0] for p in paths for n in range(1, p.count("/") + 1))
    return paths, above


def _carries_addition(root_name: str, document: dict[str, Any]) -> bool:
    """Whether a JSON document has a member at a Norwegian addition's path (arrays are passed
    through): walked only where an addition may stand, without recursion."""
    additions, above = _additions(root_name)
    stack: list[tuple[str, Any]] = [("", document)]
    while stack:
        prefix, value = stack.pop()
        if isinstance(value, list):
            stack.extend((prefix, item) for item in value)
        elif isinstance(value, dict):
            for key, item in value.items():
                path = prefix + key
                if path in additions:
                    return True
                if path in above:
                    stack.append((path + "/", item))
    return False


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
    from ..mapping.structure import children

    return children(cls)  # type: ignore[arg-type]  # functools.cache asks for Hashable


def _members(cls: type[Any]) -> dict[str, _Member]:
    """Child elements and attributes of ``cls`` by local name (attributes as ``@name``)."""
    found = _MEMBERS.get(cls)
    if found is None:
        found = _MEMBERS[cls] = _build_members(cls)
    return found


def _build_members(cls: type[Any]) -> dict[str, _Member]:
    from ..core.binding import context

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
            # xsdata writes "required" into the metadata only beside a fixed value; a plain
            # use="required" (every codingScheme) shows as a field without default
            min_occurs = 1 if metadata.get("required") or var.required else 0
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
    from ..core.binding import context

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
        from ..core.binding import binding_class
        from ..mapping.xsdleaves import xsd_leaves

        self.leaves = xsd_leaves(message_type)
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


def _checked_message_type(message_type: MessageType) -> None:
    """A profile 0.1 message type is the caller's wrong value (ValueError), not bad input: CIM
    JSON is of 0.2 documents, as :func:`elhub_cim.formats.read.check` returns a 0.1 one."""
    if message_type.standard is Standard.CIM and message_type.legacy:
        raise ValueError(
            f"message_type: {message_type.name} ({message_type.namespace}) is of profile 0.1; "
            "CIM JSON is of profile 0.2 documents: pass the message type check or read gives "
            "(they upgrade a 0.1 document to 0.2)"
        )


def leaf_patterns(message_type: MessageType) -> Mapping[str, tuple[str, ...]]:
    """The ``xs:pattern`` facets of every leaf path of a profile document (from our XSD)."""
    from ..mapping.xsdleaves import leaf_patterns as patterns

    return patterns(message_type)


def message_type_for_root(root_name: str, namespace: str | None = None) -> MessageType:
    """The CIM profile document with root element ``root_name`` (and ``namespace``, if given).
    A namespace of an earlier profile version is a ValueError: those are read as XML only."""
    for (ns, name), mt in catalog().items():
        if mt.legacy and mt.standard is Standard.CIM and name == root_name and ns == namespace:
            version = mt.schema_file.parent.name.removeprefix("elhub-").replace("-", " ")
            raise ValueError(
                f"namespace {shown_value(namespace, 100)!r} is of {version}, read as XML only "
                "(and upgraded): CIM JSON is the current profile's (namespace=None)"
            )
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
    # A value's text; with a comment or processing instruction inside (a tree given to
    # to_object: the safe parse drops them), all of it, not only what comes before.
    text = (child.text or "") if not len(child) else "".join(map(str, child.itertext()))
    value = _scalar_value(text, form.scalar, where)
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
    """The JSON value of a (schema-valid) profile document's root element, as ``json.loads``
    gives it (numbers int or float: ``json.dumps`` writes it as CIM JSON; :func:`write` keeps
    the XML's digits, ``1.490`` where a float is ``1.49``)."""
    _checked_message_type(message_type)
    body: dict[str, Any] = _python_numbers(_document_body(element, message_type))
    return body


def _document_body(element: etree._Element, message_type: MessageType) -> dict[str, Any]:
    """:func:`to_object` with its numbers as the XML writes them (:class:`_Raw`)."""
    from ..core.binding import binding_class

    cls = binding_class(message_type)
    body = _object_of(element, cls, _shape(message_type), f"/{message_type.name}")
    return {message_type.name: body}


def _python_numbers(value: Any) -> Any:
    """``value`` with each number literal (:class:`_Raw`, never an exponent) as int or float."""
    if isinstance(value, _Raw):
        return float(value) if "." in value else int(value)
    if isinstance(value, dict):
        return {key: _python_numbers(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_python_numbers(item) for item in value]
    return value


def detect(data: bytes) -> bool:
    """Whether ``data`` is JSON (its first character, after a byte order mark and blanks, opens
    an object or an array, or the whole text is one JSON value): CIM JSON, unless
    :func:`elhub_cim.formats.nordic_json.detect` says it is DataHub 3's JSON of a Nordic
    document (the same root names). An array, or a text that is one number, string, true,
    false or null, is never a document, but is JSON: refused as JSON (``JSON_SHAPE``), not as
    malformed XML."""
    blanks = b"\xef\xbb\xbf \t\r\n"
    head = data[:64].lstrip(blanks)  # not a copy of the whole input
    first = (head or data.lstrip(blanks))[:1]
    if first in (b"{", b"["):
        return True
    if first == b"<":
        return False  # (XML, the usual input, is told by its "<" alone)
    if first in JSON_SCALAR_STARTS and JSON_SCALAR.fullmatch(data.strip(blanks)):
        return True  # one number, string, true, false or null: JSON, refused as JSON_SHAPE
    return _wide_encoding(data) is not None  # refused as JSON, not UTF-8


def _wide_encoding(data: bytes) -> str | None:
    """The encoding of JSON text in UTF-16 or UTF-32 (told by a byte order mark or the zero
    bytes of its first characters, as ``json.detect_encoding`` tells them); ``None`` for
    anything else (UTF-8, or XML in UTF-16, which the XML parser reads)."""
    encoding = json.detect_encoding(data[:4])
    if encoding.startswith("utf-8"):
        return None
    head = data[:256].decode(encoding, errors="ignore")
    return encoding if head.lstrip("\ufeff \t\r\n")[:1] in ("{", "[") else None


def read(
    data: bytes, *, name: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> tuple[ParsedDocument, MessageType]:
    """The CIM XML document a CIM JSON document describes, read like any XML input (XSD)."""
    label = name or "<json>"
    xml = from_json(data, name=label, max_bytes=max_bytes)
    return cim_format.read(without_lines(parse_bytes(xml, name=label)), name=label)


def write(document: ParsedDocument, message_type: MessageType, *, indent: int | None = 2) -> bytes:
    """The CIM JSON form of a (schema-valid) profile document."""
    _checked_message_type(message_type)
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
    body = _document_body(document.root, message_type)
    return (_dump(body, indent) + "\n").encode("utf-8")


def validate(data: bytes, *, name: str | None = None) -> list[Problem]:
    """What is wrong with a CIM JSON document (its JSON or the XML it describes); empty when it
    reads."""
    try:
        read(data, name=name, max_bytes=max(DEFAULT_MAX_BYTES, len(data)))
    except ElhubCimError as error:
        return list(error.problems)
    return []


def to_json(
    cim_xml: bytes,
    *,
    indent: int | None = 2,
    name: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> bytes:
    """The CIM JSON form of a CIM profile document in XML (read and validated like any input;
    CIM JSON too, written anew)."""
    checked_indent(indent)
    label = checked_name(name) or "<bytes>"
    data = load_bytes(cim_xml, max_bytes=max_bytes, name=label)
    if detect(data):
        document, message_type = read(data, name=label, max_bytes=max_bytes)
    else:
        document, message_type = cim_format.read(data, name=label)
    return write(document, message_type, indent=indent)


# --- JSON -> XML -------------------------------------------------------------------------


class _Number(str):
    """A JSON number as written (its literal), or a JSON constant (NaN, Infinity)."""


class _Twice(dict[str, Any]):
    """A JSON object with a member twice (``duplicate``: its name), kept until its path is
    known."""

    duplicate = ""


#: The most values (objects, arrays, numbers, strings) a JSON document may hold per element
#: of the limit, counted before it is read: an element is one value, or a {"value": ...}
#: object with its attributes (the examples hold fewer than 2 per element).
_VALUES_PER_ELEMENT = 8


class _TooManyObjects(Exception):
    """More JSON objects than the document may have elements (each object is one element)."""


class _Objects:
    """``json.loads``'s hook for objects: each one counted (more than the elements allowed stop
    the reading), one with a member twice marked (and ``twice`` set)."""

    def __init__(self, limit: int) -> None:
        self.left = limit + 1  # (the document's own object is no element)
        self.twice = False

    def __call__(self, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        self.left -= 1
        if self.left < 0:
            raise _TooManyObjects
        result = dict(pairs)
        if len(result) == len(pairs):
            return result
        marked = _Twice(result)
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                marked.duplicate = key
                break
            seen.add(key)
        self.twice = True
        return marked


def too_many_elements(name: str, limit: int) -> InputTooLargeError:
    """The refusal of JSON input that describes more elements than ``limit`` (the limit of XML
    input: memory grows with the elements, not with the bytes)."""
    message = (
        f"JSON input describes more than {limit} elements, the limit of any input (memory "
        "grows with the elements, not the bytes); not read"
    )
    return InputTooLargeError([Problem("JSON_TOO_MANY_ELEMENTS", message, file=name)])


def _entry_path(path: str, number: int, entries: int) -> str:
    """The path of entry ``number`` (from 1) of an array of ``entries`` at ``path``, in the form
    of XML input's paths (:func:`elhub_cim.core.validation.readable_path`): the array's entries
    are sibling elements of one name, which carry ``[n]`` only where the name repeats."""
    return f"{path}[{number}]" if entries > 1 else path


def _first_duplicate(body: Any) -> tuple[str, str]:
    """The name and path of the first member (in document order) that is twice in its object,
    the path written as the builders write theirs (``/Root/MktActivityRecord[2]/mRID``)."""
    stack: list[tuple[str, Any]] = [("", body)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, _Twice):
            return value.duplicate, f"{path}/{value.duplicate}"
        if isinstance(value, dict):
            stack.extend((f"{path}/{key}", item) for key, item in reversed(value.items()))
        elif isinstance(value, list):
            stack.extend(
                (_entry_path(path, n, len(value)), item)
                for n, item in reversed(list(enumerate(value, 1)))
            )
    raise AssertionError("no duplicate member found")  # (only called when one was marked)


_CONSTANTS = frozenset({"NaN", "Infinity", "-Infinity"})


def _as_number(value: Any) -> Any:
    """A number of Python's own (``json.loads`` gives int and float, with ``parse_float``
    Decimal) as our reader's :class:`_Number` (its literal); any other value as it is."""
    if isinstance(value, bool) or not isinstance(value, int | float | decimal.Decimal):
        return value
    if isinstance(value, float) and not math.isfinite(value):
        return _Number("NaN" if math.isnan(value) else "Infinity" if value > 0 else "-Infinity")
    if isinstance(value, decimal.Decimal) and not value.is_finite():
        return _Number("NaN" if value.is_nan() else "Infinity" if value > 0 else "-Infinity")
    return _Number(repr(value) if isinstance(value, float) else str(value))


def _kind(value: Any) -> str:
    value = _as_number(value)
    if isinstance(value, _Number):
        if value in _CONSTANTS:  # (Python's reader takes them; JSON has no such number)
            return f"{value} (not a JSON number)"
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


#: The most digits an exponent is written out to: no profile decimal has more than 15, and a
#: few bytes of input (``1e999999999``) must not ask for a gigabyte of zeros.
_MOST_DIGITS = 1000


def _too_long(number: decimal.Decimal) -> bool:
    """Whether a finite number's decimal notation would have more than ``_MOST_DIGITS``."""
    _, digits, exponent = number.as_tuple()
    assert isinstance(exponent, int)  # (finite)
    return len(digits) + abs(exponent) > _MOST_DIGITS


#: At most this many problems of one JSON document are listed (as the XSD's); the last then
#: says how many more there were: a million unknown members are not a million problems.
MAX_PROBLEMS = 100


class _Builder:
    def __init__(self, namespace: str, name: str) -> None:
        self.namespace = namespace
        self.name = name
        self.problems: list[Problem] = []
        self.hidden = 0  # problems past MAX_PROBLEMS
        self.elements_left = DEFAULT_MAX_ELEMENTS  # (built with new())

    @property
    def full(self) -> bool:
        """Whether no more problems are listed (a caller may skip finding their words)."""
        return len(self.problems) >= MAX_PROBLEMS

    def _problem(self, code: str, path: str, message: str) -> None:
        if self.full:
            self.hidden += 1
            return
        self.problems.append(Problem(code, message, file=self.name, path=path))

    def listed(self) -> list[Problem]:
        """The problems found, the last saying how many more were not listed."""
        if not self.hidden:
            return self.problems
        more = f"... and {self.hidden} more problem(s) not listed"
        return [*self.problems, Problem(self.problems[-1].code, more, file=self.name)]

    def text(self, value: Any, scalar: Scalar, path: str) -> str | None:
        """The XML text of a JSON value of kind ``scalar`` (``None`` after a problem)."""
        value = _as_number(value)  # (from_object may be given Python's numbers)
        if scalar == "string" and isinstance(value, str) and not isinstance(value, _Number):
            unfit = why_not_xml(value)  # (JSON escapes any code point; XML cannot hold all)
            if unfit is None:
                return value
            self._problem("JSON_CHARACTER", path, unfit)
            return None
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
            if number is not None and number.is_finite() and _too_long(number):
                self._problem(
                    "JSON_TYPE",
                    path,
                    f"expected {_EXPECTED[scalar]}, found a number of more than {_MOST_DIGITS} "
                    "digits in decimal notation (its exponent is too large)",
                )
                return None
            if (
                number is not None
                and number.is_finite()
                and (scalar == "number" or number == number.to_integral_value())
            ):
                # int(): exact (normalize() would round to the context's 28 digits)
                return str(int(number)) if scalar == "integer" else format(number, "f")
        self._problem("JSON_TYPE", path, f"expected {_EXPECTED[scalar]}, found {_kind(value)}")
        return None

    def new(self, tag: str) -> etree._Element:
        self.elements_left -= 1
        if self.elements_left < 0:
            raise too_many_elements(self.name, DEFAULT_MAX_ELEMENTS)
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
                    where = _entry_path(child_path, number, len(item))
                    built = self.member(key, entry, member, form, where)
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
        if self.full:  # (not listed: no "did you mean" search)
            self.hidden += 1
            return
        guess = difflib.get_close_matches(key, allowed, n=1)
        hint = f"; did you mean '{guess[0]}'?" if guess else ""
        self._problem(
            "JSON_UNKNOWN",
            mask_identity_numbers(f"{path}/{key}"),
            mask_identity_numbers(f"'{key}' is not allowed here{hint}"),
        )


def _load_json(data: bytes, name: str, max_bytes: int) -> Any:
    if len(data) > max_bytes:
        raise too_large(name, len(data), max_bytes, json=True)
    wide = _wide_encoding(data)
    if wide is not None:  # (RFC 8259 8.1: JSON exchanged between systems is UTF-8)
        message = f"JSON in {wide.upper()}, not UTF-8: CIM JSON is read in UTF-8 only (RFC 8259)"
        raise JsonInputError([Problem("JSON_MALFORMED", message, file=name)])
    limit = DEFAULT_MAX_ELEMENTS
    # Every value but the first follows a "{", "[" or ",": their count bounds the values read
    # (each element of the document is one value, a {"value": ...} object with attributes a few).
    if data.count(b"{") + data.count(b"[") + data.count(b",") > _VALUES_PER_ELEMENT * limit:
        raise too_many_elements(name, limit)
    try:
        text = data.decode("utf-8")
        if text.startswith("\ufeff"):  # DataHub 3's files start with a byte order mark
            text = text[1:]
        objects = _Objects(limit)
        body = json.loads(
            text,
            object_pairs_hook=objects,
            parse_float=_Number,
            parse_int=_Number,
            parse_constant=_Number,
        )
        if not objects.twice:
            return body
        key, path = _first_duplicate(body)
        message = mask_identity_numbers(f"member '{key}' appears twice in one object")
        problem = Problem("JSON_MALFORMED", message, file=name, path=mask_identity_numbers(path))
        raise JsonInputError([problem])
    except UnicodeDecodeError as exc:  # (e.g. saved in ISO-8859-1: 'ø' as one byte)
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - data.rfind(b"\n", 0, exc.start)
        message = f"not UTF-8 at byte {exc.start} (column {column}): CIM JSON is UTF-8"
    except json.JSONDecodeError as exc:
        message, line = f"not JSON: {_syntax_error(exc)}", exc.lineno
    except RecursionError:
        message, line = "JSON nested too deeply", None
    except _TooManyObjects:
        raise too_many_elements(name, limit) from None
    raise JsonInputError([Problem("JSON_MALFORMED", message, file=name, line=line)])


def _syntax_error(exc: json.JSONDecodeError) -> str:
    """What Python's JSON reader found wrong, said in plain words, with where: its own words
    are for Python ("decode using utf-8-sig") or for a position it appends ("Invalid control
    character at")."""
    where = f"(column {exc.colno})"
    if exc.msg == "Invalid control character at":
        code = ord(exc.doc[exc.pos])
        return (
            f"a control character (U+{code:04X}) in a string: write it escaped, "
            f"\\u{code:04x} {where}"
        )
    if exc.msg == "Unterminated string starting at":
        return f"a string that never ends (it starts at column {exc.colno})"
    if exc.msg == "Extra data":
        return f"more text after the JSON document {where}"
    if exc.msg.startswith("Unexpected UTF-8 BOM"):
        return f"a second byte order mark (U+FEFF) {where}"
    return f"{exc.msg} {where}"


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
    """Build the XML tree of a parsed CIM JSON document (not yet validated), e.g. what
    ``json.loads`` gives: numbers as int or float, or as Decimal (``parse_float=Decimal``),
    which keeps their digits (``1.490``, where a float is ``1.49``)."""
    root_name, value = _single_root(body, name, "RequestChangeOfSupplier_MarketDocument")
    try:
        message_type = message_type_for_root(root_name, namespace)
    except JsonInputError as exc:
        from ..mapping.projection import json_without_counterpart

        raise json_without_counterpart(root_name, name) or exc.with_file(name) from None
    from ..core.binding import binding_class

    builder = _ProfileBuilder(message_type.namespace, name, _shape(message_type))
    root = builder.complex(
        root_name, value, binding_class(message_type), mask_identity_numbers(f"/{root_name}")
    )
    if builder.problems:
        raise JsonInputError(builder.listed())
    return root, message_type


def _xml_text(root: etree._Element, pretty: bool) -> bytes:
    if pretty:
        etree.indent(root, space="  ")
    xml = b'<?xml version="1.0" encoding="UTF-8"?>\n' + etree.tostring(root, encoding="UTF-8")
    return xml + b"\n"


def checked_indent(indent: object) -> None:
    """A TypeError unless ``indent`` is a whole number of spaces or None (compact), a
    ValueError for a negative one."""
    if indent is None:
        return
    if isinstance(indent, bool) or not isinstance(indent, int):
        raise TypeError(f"indent is a whole number of spaces or None, not {type(indent).__name__}")
    if indent < 0:
        raise ValueError(f"indent is a whole number of spaces, at least 0, or None, not {indent}")


def document_bytes(data: object, argument: str = "data") -> bytes:
    """``data``, the argument ``argument``: the document's bytes (a bytearray or memoryview as
    bytes). Anything else is the caller's mistake, a TypeError naming it at the call."""
    if isinstance(data, bytes):
        return data
    if isinstance(data, bytearray | memoryview):
        return bytes(data)
    raise TypeError(
        f"{argument} is the document's bytes, not {type(data).__name__} (a path, a file or a "
        "text: read it first, or give it to elhub_cim.convert, which reads every form)"
    )


def from_json(
    data: bytes | bytearray | memoryview,
    *,
    namespace: str | None = None,
    pretty: bool = True,
    name: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> bytes:
    """CIM XML for a CIM JSON document, validated against the profile XSD.

    Raises :class:`JsonInputError` for input that is not CIM JSON (syntax, a value of the wrong
    JSON type, an unknown member, an array where one value belongs) and
    :class:`SchemaViolationError` when the document it describes is not valid;
    :class:`UnknownDocumentError` for DataHub 3's JSON of a Nordic document (read by
    :func:`elhub_cim.formats.nordic_json.nordic_from_json`).
    """
    data = document_bytes(data)
    checked_limit(max_bytes)  # (0 is the caller's mistake, not every input too large)
    checked_flag(pretty, "pretty")
    checked_name(namespace, "namespace")
    label = checked_name(name) or "<json>"
    body = _load_json(data, label, max_bytes)
    try:
        root, _ = from_object(body, namespace=namespace, name=label)
        xml = _xml_text(root, pretty)
        # The XSD only: business rules are the reader's business (convert reports them for JSON
        # as for XML input; validate runs them once), never a reason to refuse the JSON form.
        problems = _schema_errors(xml, label)
        if problems:
            raise SchemaViolationError(problems)
    except (JsonInputError, SchemaViolationError) as error:
        # DataHub 3's JSON of a Nordic document fails as CIM JSON (the XSD's errors about its
        # Nordic codes): said for what it is. Only a refused input pays for this second look.
        if _is_nordic_body(body):
            why = (
                "a Nordic Ediel document (DataHub 3's CIM JSON), not CIM JSON of the profile: "
                "nordic_from_json reads it, convert lifts it into the profile (naming its BRS)"
            )
            raise UnknownDocumentError([Problem("DOC_UNKNOWN", why, file=label)]) from error
        raise
    return xml


def _schema_errors(xml: bytes, name: str) -> list[Problem]:
    """The problems of the XML a JSON document describes when any is an error (its XSD; a 0.1
    document is upgraded and validated as 0.2), else none."""
    try:
        document = without_lines(parse_bytes(xml, name=name))
        message_type = identify(document)
        problems = validate_document(document, message_type)
        if not problems and message_type.legacy:
            cim_format.upgraded(document, message_type)
    except ElhubCimError as error:
        problems = list(error.problems)
    return problems if any(p.severity is Severity.ERROR for p in problems) else []


def _nordic_root(document: Any) -> str:
    """The Nordic root element of a projection-table entry (a Norwegian document may be
    written as a Nordic one of another name)."""
    return str(getattr(document, "nordic_root", None) or document.name)


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
    _checked_message_type(message_type)
    from ..core.binding import binding_class

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


#: The ENTSO-E code lists (urn:entsoe.eu:wgedi:codelists) with a local-extension slot: their
#: schemas refer to ``Local<list>`` of the local-extension file for every one of them, so a file
#: that stands in for it defines them all (an empty list where the profile has no local codes).
ENTSOE_LOCAL_SLOTS = tuple(
    f"Local{name}"
    for name in (
        "AddressType",
        "AllocationModeType",
        "AnalogType",
        "AssetType",
        "AuctionType",
        "BusinessSectorType",
        "BusinessType",
        "CategoryType",
        "ChargeType",
        "ClassificationType",
        "CodingSchemeType",
        "ContractType",
        "CoordinateSystemType",
        "CurrencyType",
        "CurveType",
        "DirectionType",
        "DisconnectionMethodType",
        "DocumentType",
        "EicType",
        "EnergyProductType",
        "FuelType",
        "HVDCModeType",
        "IndicatorType",
        "MPConnectionType",
        "MarketProductType",
        "MessageType",
        "MeterReadingType",
        "MeteredDataCollectionMethodType",
        "MeteringMethodType",
        "MeteringPointType",
        "ObjectAggregationType",
        "PaymentTermsType",
        "PhysicalStatusType",
        "PriceCategoryType",
        "PriceComponentType",
        "PriceDirectionType",
        "ProcessType",
        "ProcessVariantType",
        "QualityType",
        "ReasonCodeType",
        "RightsType",
        "RoleType",
        "ServiceRequestType",
        "SettlementMethodType",
        "StatusType",
        "TarifTypeType",
        "UnitMultiplier",
        "UnitOfMeasureType",
        "UnitSymbol",
        "VATPayerType",
    )
)


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
    for slot in ENTSOE_LOCAL_SLOTS:
        # no Norwegian codes in this list: nothing local matches, the standard list decides
        definitions.setdefault(slot, {"type": "string", "enum": []})
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
