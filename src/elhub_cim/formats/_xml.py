"""What the two XML formats of Elhub's own documents (ebIX and the CIM profile) share: the
root element read from the head of the input, the read (safe parse → identify → XSD) and the
written form of a tree."""

from __future__ import annotations

from lxml import etree

from ..core.catalog import MessageType
from ..core.errors import SchemaViolationError
from ..core.identify import identify
from ..core.safeparse import ParsedDocument, parse_bytes
from ..core.validation import validate_document

__all__ = ["HEAD_BYTES", "checked", "parsed", "root_qname", "serialize"]

#: How much of an input is looked at to find its root element (comments, processing
#: instructions and the XML declaration may stand before it).
HEAD_BYTES = 64 * 1024


def root_qname(head: bytes) -> tuple[str, str] | None:
    """The ``(namespace, local name)`` of the root element, read from the start of the input
    only (never the whole document); ``None`` when the head holds no root element, is not XML,
    or declares a DTD (the safe parse refuses those, with the reason)."""
    if b"<!DOCTYPE" in head[:HEAD_BYTES] or b"<\x00!\x00D\x00O\x00C" in head[:HEAD_BYTES]:
        return None
    parser = etree.XMLPullParser(
        events=("start",), resolve_entities=False, no_network=True, load_dtd=False
    )
    try:
        parser.feed(head[:HEAD_BYTES])
        for _, element in parser.read_events():
            qname = etree.QName(element)  # type: ignore[arg-type]
            return qname.namespace or "", qname.localname
    except (etree.XMLSyntaxError, ValueError):
        return None
    return None


def parsed(data: bytes, name: str) -> ParsedDocument:
    """The input's tree, by the hardened parser (no DTD, no network, element limit)."""
    return parse_bytes(data, name=name)


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
