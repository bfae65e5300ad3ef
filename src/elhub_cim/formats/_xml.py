"""What the two XML formats of Elhub's own documents (ebIX and the CIM profile) share: the
root element read from the head of the input, the read (safe parse → identify → XSD) and the
written form of a tree."""

from __future__ import annotations

import re

from lxml import etree

from ..core.catalog import MessageType
from ..core.errors import SchemaViolationError
from ..core.identify import identify
from ..core.safeparse import ParsedDocument, parse_bytes
from ..core.validation import validate_document

__all__ = [
    "HEAD_BYTES",
    "checked",
    "may_name_nordic",
    "parsed",
    "root_qname",
    "serialize",
    "without_lines",
]

#: How much of an input is looked at to find its root element (comments, processing
#: instructions and the XML declaration may stand before it).
HEAD_BYTES = 64 * 1024


_NAME = rb"[A-Za-z_][A-Za-z0-9_.\-]*"
#: A start tag with its attributes (quoted values may hold anything but their quote).
_START_TAG = re.compile(
    rb"<(?:("
    + _NAME
    + rb"):)?("
    + _NAME
    + rb")((?:\s+[^\s=<>/]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*)\s*/?>"
)
_NAMESPACE = re.compile(rb"\sxmlns(?::(" + _NAME + rb"))?\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")


def may_name_nordic(head: bytes) -> bool:
    """Whether the head of an XML input may declare a Nordic Ediel namespace: it names one in
    ASCII (UTF-8, ISO-8859-1, ...), or its text is wider (UTF-16 or UTF-32, told by a byte
    order mark or the zero bytes of its first characters), which the root's parse reads.
    ``False`` is sure; ``True`` needs :func:`root_qname`."""
    return (
        b"urn:ediel" in head or head.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in head[:4]
    )


def root_qname(head: bytes) -> tuple[str, str] | None:
    """The ``(namespace, local name)`` of the root element, read from the start of the input
    only (never the whole document); ``None`` when the head holds no root element, is not XML,
    or declares a DTD (the safe parse refuses those, with the reason).

    The start tag is read as text where it is plain (UTF-8 or ASCII, the usual case: a few
    microseconds); anything else (UTF-16, entities in the namespace) goes to a pull parser fed a
    few hundred bytes at a time until the root starts."""
    head = head[:HEAD_BYTES]
    if b"<!DOCTYPE" in head or b"<\x00!\x00D\x00O\x00C" in head:
        return None
    found = _root_as_text(head)
    return found if found is not None else _root_by_parser(head)


def _root_as_text(head: bytes) -> tuple[str, str] | None:
    position = 3 if head.startswith(b"\xef\xbb\xbf") else 0
    while True:
        while position < len(head) and head[position] in b" \t\r\n":
            position += 1
        if head.startswith(b"<?", position):
            close = b"?>"
        elif head.startswith(b"<!--", position):
            close = b"-->"
        else:
            break
        end = head.find(close, position)
        if end < 0:
            return None
        position = end + len(close)
    match = _START_TAG.match(head, position)
    if match is None:
        return None
    prefix, local, attributes = match.groups()
    for declared in _NAMESPACE.finditer(attributes):
        if declared[1] == prefix:
            uri = declared[2] if declared[2] is not None else declared[3]
            if b"&" in uri:
                return None  # an entity or character reference: the parser reads it
            try:
                return uri.decode("ascii"), local.decode("ascii")
            except UnicodeDecodeError:
                return None
    return None if prefix else ("", local.decode("ascii"))


def _root_by_parser(head: bytes) -> tuple[str, str] | None:
    parser = etree.XMLPullParser(
        events=("start",), resolve_entities=False, no_network=True, load_dtd=False
    )
    try:
        for start in range(0, len(head), 256):
            parser.feed(head[start : start + 256])
            for _, element in parser.read_events():
                qname = etree.QName(element)  # type: ignore[arg-type]
                return qname.namespace or "", qname.localname
    except (etree.XMLSyntaxError, ValueError):
        return None
    return None


def parsed(data: bytes, name: str) -> ParsedDocument:
    """The input's tree, by the hardened parser (no DTD, no network, element limit)."""
    return parse_bytes(data, name=name)


def without_lines(document: ParsedDocument) -> ParsedDocument:
    """``document`` (a tree of XML we wrote from the input: JSON read, a Nordic document lifted)
    with no source lines: its lines are not the input's, so its problems are named by their
    paths alone (libxml2 and every stage take an element's line from the tree)."""
    for element in document.root.iter():
        element.sourceline = 0  # type: ignore[assignment]  # (lxml-stubs; read back as None)
    return document


def checked(document: ParsedDocument) -> tuple[ParsedDocument, MessageType]:
    """A parsed document identified by its root and validated against its XSD (raises
    :class:`SchemaViolationError` with every problem)."""
    message_type = identify(document)
    problems = validate_document(document, message_type)
    if problems:
        raise SchemaViolationError(problems)
    return document, message_type


def serialize(root: etree._Element, pretty: bool) -> bytes:
    """A document as elhub-cim writes XML: UTF-8, declaration, a final newline."""
    body: bytes = etree.tostring(root, encoding="UTF-8", xml_declaration=False, pretty_print=pretty)
    return (
        b'<?xml version="1.0" encoding="UTF-8"?>\n'
        + body
        + (b"" if body.endswith(b"\n") else b"\n")
    )
