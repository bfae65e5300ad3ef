"""CIM JSON: the JSON form of the Elhub CIM profile documents, and back.

    data = elhub_cim.cimjson.to_json(cim_xml)      # UTF-8 JSON
    xml = elhub_cim.cimjson.from_json(data)        # CIM XML, validated against our XSD

The shape (ENTSO-E / DataHub 3 style; ``docs/cim-profile.md`` "CIM JSON"):

- the document is an object with one member, named after the root element
  (``{"RequestChangeOfSupplier_MarketDocument": {...}}``); the profile namespace is not repeated:
  the root name identifies the profile document (and its JSON Schema);
- an element is a member named after the element (``"process.processType"``,
  ``"MktActivityRecord"``), in schema order;
- an element that may repeat (``maxOccurs`` > 1 in the XSD) is always an array, even with one item;
  every other element is never an array;
- a simple element is a string; a simple element with attributes is an object with the text as
  ``"value"`` and each attribute under its name (``{"value": "7080010000002", "codingScheme":
  "A10"}``); a complex element is an object;
- every value is a JSON string, exactly as in the XML (decimals such as ``0.250000``, times with
  their offset and 9 decimals, booleans ``"true"``): numbers, ``true``/``false`` and ``null`` are
  refused, so nothing is rounded or reformatted.

Element order comes from the schema (the generated bindings know it), so XML → JSON → XML gives
the same document (C14N), and the XML written is validated against the XSD before it is returned.
A JSON Schema per document: :func:`json_schema` (committed under
``schemas/cim/json/elhub-profile-0.2/`` by ``tools/build_json_schemas.py``).
"""

from __future__ import annotations

import dataclasses
import difflib
import enum
import json
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from lxml import etree

from .binding import binding_class, context
from .catalog import MessageType, Standard, catalog
from .errors import (
    BindingError,
    ElhubCimError,
    InputTooLargeError,
    Problem,
    SchemaViolationError,
    mask_identity_numbers,
)
from .mapping.structure import Child, children
from .pipeline import check, validate
from .safeparse import DEFAULT_MAX_BYTES

__all__ = [
    "JsonInputError",
    "from_json",
    "from_object",
    "json_schema",
    "message_type_for_root",
    "to_json",
    "to_object",
]

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
VALUE = "value"


class JsonInputError(ElhubCimError):
    """A JSON input that is not a CIM JSON document of the profile (syntax, shape, names)."""

    default_code = "JSON_INVALID"


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


# --- XML -> JSON -------------------------------------------------------------------------


def _element_children(element: etree._Element) -> Iterator[etree._Element]:
    for child in element:
        if isinstance(child.tag, str):
            yield child


def to_object(element: etree._Element, cls: type[Any]) -> Any:
    """The JSON value of a (schema-valid) element bound by ``cls``."""
    if _is_simple_content(cls):
        value: dict[str, str] = {VALUE: element.text or ""}
        for attribute in _attributes_of(cls):
            found = element.get(attribute.name)
            if found is not None:
                value[attribute.name] = found
        return value
    members = _members(cls)
    collected: dict[str, Any] = {}
    for child in _element_children(element):
        local = etree.QName(child).localname
        member = members.get(local)
        if member is None or member.attribute:
            raise BindingError(f"{local} is not an element of {cls.__name__}")
        if member.cls is None:
            item: Any = child.text or ""
        else:
            item = to_object(child, member.cls)
        if member.repeated:
            collected.setdefault(local, []).append(item)
        else:
            collected[local] = item
    return {m.name: collected[m.name] for m in _elements_of(cls) if m.name in collected}


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
    cls = binding_class(message_type)
    body = {message_type.name: to_object(document.root, cls)}
    text = json.dumps(body, ensure_ascii=False, indent=indent)
    return (text + "\n").encode("utf-8")


# --- JSON -> XML -------------------------------------------------------------------------


class _Number(str):
    """A JSON number or constant as written; refused (values are strings)."""


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


class _Builder:
    def __init__(self, namespace: str, name: str) -> None:
        self.namespace = namespace
        self.name = name
        self.problems: list[Problem] = []

    def _problem(self, code: str, path: str, message: str) -> None:
        self.problems.append(Problem(code, message, file=self.name, path=path))

    def _string(self, value: Any, path: str) -> str | None:
        if isinstance(value, str) and not isinstance(value, _Number):
            return value
        self._problem(
            "JSON_TYPE",
            path,
            f"expected a string, found {_kind(value)} (every CIM JSON value is a string, so "
            "decimals and times stay exactly as written)",
        )
        return None

    def element(self, tag: str, value: Any, cls: type[Any] | None, path: str) -> etree._Element:
        nsmap: dict[str | None, str] = {None: self.namespace}
        element = etree.Element(f"{{{self.namespace}}}{tag}", nsmap=nsmap)  # type: ignore[arg-type]
        if cls is None:
            text = self._string(value, path)
            if text is not None:
                element.text = text
            return element
        if not isinstance(value, dict):
            self._problem("JSON_TYPE", path, f"expected an object, found {_kind(value)}")
            return element
        if _is_simple_content(cls):
            self._simple(element, value, cls, path)
        else:
            self._complex(element, value, cls, path)
        return element

    def _simple(
        self, element: etree._Element, value: dict[str, Any], cls: type[Any], path: str
    ) -> None:
        attributes = {a.name: a for a in _attributes_of(cls)}
        for key, item in value.items():
            if key == VALUE:
                text = self._string(item, f"{path}/{VALUE}")
                if text is not None:
                    element.text = text
            elif key in attributes:
                text = self._string(item, f"{path}/{key}")
                if text is not None:
                    element.set(key, text)
            else:
                self._unknown(key, [VALUE, *attributes], path)
        if VALUE not in value:
            self._problem("JSON_SHAPE", f"{path}/{VALUE}", "missing 'value' (the element's text)")

    def _complex(
        self, element: etree._Element, value: dict[str, Any], cls: type[Any], path: str
    ) -> None:
        members = {m.name: m for m in _elements_of(cls)}
        ordered: list[tuple[int, int, etree._Element]] = []
        for position, (key, item) in enumerate(value.items()):
            member = members.get(key)
            if member is None:
                self._unknown(key, list(members), path)
                continue
            child_path = f"{path}/{key}"
            if member.repeated:
                if not isinstance(item, list):
                    self._problem(
                        "JSON_SHAPE",
                        child_path,
                        f"expected an array ({key} may repeat), found {_kind(item)}",
                    )
                    continue
                for number, entry in enumerate(item, start=1):
                    built = self.element(key, entry, member.cls, f"{child_path}[{number}]")
                    ordered.append((member.index, position * 100000 + number, built))
            elif isinstance(item, list):
                self._problem(
                    "JSON_SHAPE", child_path, f"expected one value ({key} does not repeat)"
                )
            else:
                ordered.append(
                    (member.index, position, self.element(key, item, member.cls, child_path))
                )
        for _, _, child in sorted(ordered, key=lambda entry: (entry[0], entry[1])):
            element.append(child)

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


def from_object(
    body: Any, *, namespace: str | None = None, name: str = "<json>"
) -> tuple[etree._Element, MessageType]:
    """Build the XML tree of a parsed CIM JSON document (not yet validated)."""
    if not isinstance(body, dict) or len(body) != 1:
        raise JsonInputError(
            [
                Problem(
                    "JSON_SHAPE",
                    "a CIM JSON document is an object with exactly one member, named after the "
                    "document's root element (e.g. 'RequestChangeOfSupplier_MarketDocument')",
                    file=name,
                )
            ]
        )
    ((root_name, value),) = body.items()
    try:
        message_type = message_type_for_root(root_name, namespace)
    except JsonInputError as exc:
        raise exc.with_file(name) from None
    builder = _Builder(message_type.namespace, name)
    root = builder.element(
        root_name, value, binding_class(message_type), mask_identity_numbers(f"/{root_name}")
    )
    if builder.problems:
        raise JsonInputError(builder.problems)
    return root, message_type


def from_json(
    data: bytes,
    *,
    namespace: str | None = None,
    pretty: bool = True,
    name: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> bytes:
    """CIM XML for a CIM JSON document, validated against the profile XSD.

    Raises :class:`JsonInputError` for input that is not CIM JSON (syntax, a non-string value,
    an unknown member, an array where one value belongs) and :class:`SchemaViolationError` when
    the document it describes is not valid.
    """
    label = name or "<json>"
    body = _load_json(data, label, max_bytes)
    root, _ = from_object(body, namespace=namespace, name=label)
    if pretty:
        etree.indent(root, space="  ")
    xml = b'<?xml version="1.0" encoding="UTF-8"?>\n' + etree.tostring(root, encoding="UTF-8")
    xml += b"\n"
    result = validate(xml, name=label, max_bytes=max(max_bytes, len(xml)))
    if not result.valid:
        raise SchemaViolationError(result.problems)
    return xml


# --- JSON Schema -------------------------------------------------------------------------


def _string_schema(member: _Member) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "string"}
    if member.enum is not None:
        schema["enum"] = list(member.enum)
    if member.min_length is not None:
        schema["minLength"] = member.min_length
    if member.max_length is not None:
        schema["maxLength"] = member.max_length
    return schema


class _SchemaBuilder:
    def __init__(self) -> None:
        self.defs: dict[str, dict[str, Any]] = {}
        self.names: dict[type[Any], str] = {}

    def ref(self, cls: type[Any]) -> dict[str, Any]:
        name = self.names.get(cls)
        if name is None:
            name = cls.__name__
            taken = set(self.names.values())
            number = 2
            while name in taken:
                name, number = f"{cls.__name__}{number}", number + 1
            self.names[cls] = name
            self.defs[name] = {}  # reserve (recursive types)
            self.defs[name] = self.definition(cls)
        return {"$ref": f"#/$defs/{name}"}

    def definition(self, cls: type[Any]) -> dict[str, Any]:
        properties: dict[str, Any] = {}
        required: list[str] = []
        if _is_simple_content(cls):
            text = _text_member(cls)
            assert text is not None
            properties[VALUE] = _string_schema(text)
            required.append(VALUE)
            for attribute in _attributes_of(cls):
                properties[attribute.name] = _string_schema(attribute)
                if attribute.min_occurs >= 1:
                    required.append(attribute.name)
        else:
            for member in _elements_of(cls):
                item = self.ref(member.cls) if member.cls is not None else _string_schema(member)
                if member.repeated:
                    array: dict[str, Any] = {"type": "array", "items": item}
                    if member.min_occurs:
                        array["minItems"] = member.min_occurs
                    if member.max_occurs is not None:
                        array["maxItems"] = member.max_occurs
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
    builder = _SchemaBuilder()
    root = builder.ref(cls)
    return {
        "$schema": JSON_SCHEMA_DIALECT,
        "title": f"{message_type.name} (CIM JSON)",
        "description": (
            f"CIM JSON form of {message_type.name}, XML namespace {message_type.namespace} "
            "(Elhub CIM profile). Generated from the bindings by tools/build_json_schemas.py; "
            "see docs/cim-profile.md, CIM JSON. Every value is a string; an element that may "
            "repeat is an array; an element with attributes is an object with 'value'."
        ),
        "type": "object",
        "properties": {message_type.name: root},
        "required": [message_type.name],
        "additionalProperties": False,
        "$defs": dict(sorted(builder.defs.items())),
    }
