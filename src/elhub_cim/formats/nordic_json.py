"""Nordic Ediel JSON: DataHub 3's CIM JSON of the Nordic documents, and back.

    json_text = elhub_cim.formats.nordic_json.write(nordic_xml)   # = nordic_to_json
    nordic_xml = elhub_cim.formats.nordic_json.read(json_text)    # = nordic_from_json

The shape is the Nordic XSD's, as DataHub 3 writes it (``projection/nordic-json.toml`` beside
the projection table, :func:`elhub_cim.formats.cimjson.nordic_json_shapes`). DataHub 3's JSON
and our CIM JSON share root names; the process tells them apart (:func:`detect`).
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from typing import Any

from lxml import etree

from ..core.arguments import checked_flag
from ..core.catalog import Standard, standard_of
from ..core.errors import (
    BindingError,
    InputTooLargeError,
    Problem,
    mask_identity_numbers,
    shown_value,
)
from ..core.safeparse import DEFAULT_MAX_BYTES, checked_limit, checked_name, parse
from ..mapping.projection import json_without_counterpart
from . import Format
from .cimjson import (
    VALUE,
    JsonInputError,
    NordicJsonShape,
    _Builder,
    _dump,
    _element_children,
    _entry_path,
    _is_nordic_body,
    _kind,
    _load_json,
    _nordic_document,
    _scalar_value,
    _single_root,
    _xml_text,
    checked_indent,
    document_bytes,
)
from .cimjson import detect as cimjson_detect

__all__ = [
    "FORMAT",
    "detect",
    "is_nordic_json",
    "nordic_from_json",
    "nordic_to_json",
    "read",
    "write",
]

FORMAT = Format.NORDIC_JSON
#: An attribute of a Nordic element as a member of its value object (codingScheme, unit): an
#: XML name without a prefix.
_ATTRIBUTE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")


#: Attributes that are no data of the document (where to find its schema): not written.
_SCHEMA_HINTS = frozenset(
    f"{{http://www.w3.org/2001/XMLSchema-instance}}{name}"
    for name in ("schemaLocation", "noNamespaceSchemaLocation")
)


class _NordicWriter(_Builder):
    """Nordic Ediel XML as DataHub 3's JSON value: what the JSON cannot carry (the Nordic XSDs
    are not shipped, so nothing has checked the XML) is refused by its place, never dropped."""

    def __init__(self, document: Any, shape: NordicJsonShape, name: str, namespace: str) -> None:
        super().__init__(namespace, name)
        self.shape = shape
        self.order: dict[str, int] = document.order
        self.complex_paths = _complex_paths(document)

    def refuse(self, where: str, message: str, element: etree._Element) -> None:
        """A problem at ``element`` of the XML (its path ``where``, and its line)."""
        if self.full:
            self.hidden += 1
            return
        line = element.sourceline
        self.problems.append(
            Problem(
                "JSON_UNSUPPORTED",
                mask_identity_numbers(message),
                file=self.name,
                line=line if isinstance(line, int) and line > 0 else None,
                path=mask_identity_numbers(where),
            )
        )

    def object(self, element: etree._Element, prefix: str, where: str) -> dict[str, Any]:
        """The JSON object of an element with elements below it."""
        for name in _data_attributes(element):
            self.refuse(
                where,
                f"attribute {name!r} of an element with elements below it: DataHub 3's JSON "
                "has no place for it",
                element,
            )
        if _has_text(element.text) or any(_has_text(child.tail) for child in element):
            self.refuse(
                where, "text beside elements: DataHub 3's JSON has no place for it", element
            )
        collected: dict[str, Any] = {}
        # (a child's path as XML's errors write it: [n] where its tag repeats among siblings)
        children = list(_element_children(element))
        totals = Counter(child.tag for child in children)
        counts: dict[str, int] = {}
        for child in children:
            qname = etree.QName(child)
            local = qname.localname
            path = prefix + local
            array = path in self.shape.arrays
            tag = str(child.tag)
            counts[tag] = counts.get(tag, 0) + 1
            child_where = _entry_path(f"{where}/{local}", counts[tag], totals[tag])
            if qname.namespace != self.namespace:
                self.refuse(
                    child_where,
                    f"an element of namespace {qname.namespace!r}, not the document's "
                    f"({self.namespace}): DataHub 3's JSON names elements without one",
                    child,
                )
                continue
            if path not in self.order:
                self.refuse(
                    child_where, f"{local!r} is not an element of the Nordic document", child
                )
                continue
            if path in self.complex_paths:
                item: Any = self.object(child, path + "/", child_where)
            else:
                item = self.leaf(child, path, child_where)
            if array:
                collected.setdefault(local, []).append(item)
            elif local in collected:
                self.refuse(
                    child_where, f"{local} repeats, which the Nordic document does not", child
                )
            else:
                collected[local] = item
        return collected

    def leaf(self, element: etree._Element, path: str, where: str) -> Any:
        """The JSON value of an element with a value (``{"value": ...}`` where DataHub 3 writes
        one, and with its attributes)."""
        if any(True for _ in _element_children(element)):
            self.refuse(
                where, "elements below a value: DataHub 3's JSON has no place for them", element
            )
        scalar = self.shape.scalar(path)
        # (a comment inside does not cut the value short)
        text = "".join(str(part) for part in element.itertext())
        try:
            value = _scalar_value(text, scalar, path)
        except BindingError:
            shown = shown_value(text, 40)  # (masked before cut)
            self.refuse(
                where,
                f"'{shown}' is not {_XSD_SCALAR[scalar]}, which DataHub 3 writes here",
                element,
            )
            value = None
        attributes = _data_attributes(element)
        for name in attributes:
            if name.startswith("{"):
                self.refuse(
                    where,
                    f"attribute {name!r} is in a namespace: DataHub 3's JSON names attributes "
                    "without one",
                    element,
                )
        if path in self.shape.values or attributes:
            return {VALUE: value, **attributes}
        return value


#: What a value of each JSON kind is in the Nordic XSD (the XML that is written as JSON).
_XSD_SCALAR = {
    "number": "a decimal as the Nordic XSD writes one (xs:decimal: digits, a point, no exponent)",
    "integer": "an integer as the Nordic XSD writes one (xs:integer)",
    "boolean": "true or false (xs:boolean)",
    "string": "a string",
}


def _data_attributes(element: etree._Element) -> dict[str, str]:
    """An element's attributes, without the schema hints."""
    return {
        str(name): str(value) for name, value in element.attrib.items() if name not in _SCHEMA_HINTS
    }


def _has_text(text: str | None) -> bool:
    """Whether ``text`` is more than XML's white space (indentation)."""
    return bool(text and text.strip(" \t\r\n"))


def _complex_paths(document: Any) -> frozenset[str]:
    """The Nordic element paths with elements below them (from the projection table)."""
    return frozenset(p.rpartition("/")[0] for p in document.nordic if "/" in p)


def nordic_to_json(
    nordic_xml: bytes | bytearray | memoryview | etree._Element,
    *,
    indent: int | None = 2,
    name: str | None = None,
) -> bytes:
    """A Nordic Ediel document (as :func:`elhub_cim.projection.project` writes it) as DataHub
    3's CIM JSON: the shape of the Nordic XSD (``projection/nordic-json.toml``).

    Raises :class:`JsonInputError` (``JSON_UNSUPPORTED``, naming each place) for what that JSON
    cannot carry or its reader would refuse: an element the Nordic document does not have or of
    another namespace, an element that repeats where it may not, attributes or text beside
    elements, elements below a value, a namespaced attribute. Nothing is dropped."""
    checked_indent(indent)
    label = checked_name(name) or "<nordic>"
    if not isinstance(nordic_xml, etree._Element):
        nordic_xml = document_bytes(nordic_xml, "nordic_xml")
    if not isinstance(nordic_xml, etree._Element) and cimjson_detect(nordic_xml):
        message = (
            "JSON already: nordic_to_json writes Nordic Ediel XML as DataHub 3's JSON "
            "(nordic_from_json reads the JSON)"
        )
        raise JsonInputError([Problem("JSON_UNSUPPORTED", message, file=label)])
    root = (
        nordic_xml if isinstance(nordic_xml, etree._Element) else parse(nordic_xml, name=label).root
    )
    qname = etree.QName(root)
    if standard_of(qname.namespace or "") is Standard.CIM:
        message = (
            f"a CIM profile document (namespace {shown_value(qname.namespace or '')!r}), not "
            "its Nordic Ediel projection: write its DataHub 3 JSON with "
            'elhub_cim.formats.nordic.project(document, format="json") (on the command line '
            "convert --to nordic-ediel --format json)"
        )
        raise JsonInputError([Problem("JSON_UNSUPPORTED", message, file=label)])
    document, shape = _nordic_document(qname.localname, qname.namespace)
    writer = _NordicWriter(document, shape, label, qname.namespace or "")
    body = {qname.localname: writer.object(root, "", mask_identity_numbers(f"/{qname.localname}"))}
    if writer.problems:
        raise JsonInputError(writer.listed())
    return (_dump(body, indent) + "\n").encode("utf-8")


def detect(data: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES) -> bool:
    """Whether JSON input is DataHub 3's JSON of a Nordic document rather than our CIM JSON.

    The root names are the same; the process tells them apart: a profile document names its
    process by a Norwegian local code (``NO102``), a Nordic document by an ENTSO-E code
    (``E65``) or not at all (the Nordic acknowledgement). Input that is not JSON is neither."""
    try:
        body = _load_json(data, "<json>", max_bytes)
    except (JsonInputError, InputTooLargeError):
        return False
    return _is_nordic_body(body)


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
            if element_path not in self.order and self.full:
                self.hidden += 1  # (not listed: no "did you mean" search)
                continue
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
                where = _entry_path(child_path, number, len(items)) if items else child_path
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
                elif not _ATTRIBUTE_NAME.fullmatch(key) or key.lower().startswith("xml"):
                    # (no attribute can have the name; xmlns would declare a namespace)
                    self._problem(
                        "JSON_UNKNOWN",
                        mask_identity_numbers(f"{path}/{key}"),
                        mask_identity_numbers(
                            f"'{key}' is not an attribute name (a value object holds 'value' "
                            "and attributes such as 'codingScheme')"
                        ),
                    )
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
    data: bytes | bytearray | memoryview,
    *,
    pretty: bool = True,
    name: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> bytes:
    """The Nordic Ediel XML of a DataHub 3 CIM JSON document (not validated: the Nordic XSDs
    are not shipped; lifting it with :func:`elhub_cim.projection.from_nordic` validates the
    profile document it becomes)."""
    data = document_bytes(data)
    checked_limit(max_bytes)  # (0 is the caller's mistake, not every input too large)
    checked_flag(pretty, "pretty")
    label = checked_name(name) or "<json>"
    body = _load_json(data, label, max_bytes)
    root_name, value = _single_root(body, label, "RequestChangeOfSupplier_MarketDocument")
    try:
        document, shape = _nordic_document(root_name)
    except JsonInputError as exc:
        raise json_without_counterpart(root_name, label) or exc.with_file(label) from None
    builder = _NordicBuilder(document, shape, label)
    root = builder.complex(root_name, value, "", mask_identity_numbers(f"/{root_name}"))
    if builder.problems:
        raise JsonInputError(builder.listed())
    return _xml_text(root, pretty)


#: The historical names (``elhub_cim.cimjson`` had them): the format's surface under its own.
is_nordic_json = detect


def read(
    data: bytes, *, pretty: bool = True, name: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> bytes:
    """The Nordic Ediel XML of DataHub 3's JSON (:func:`nordic_from_json`)."""
    return nordic_from_json(data, pretty=pretty, name=name, max_bytes=max_bytes)


def write(
    nordic_xml: bytes | etree._Element, *, indent: int | None = 2, name: str | None = None
) -> bytes:
    """DataHub 3's JSON of a Nordic Ediel document (:func:`nordic_to_json`)."""
    return nordic_to_json(nordic_xml, indent=indent, name=name)
