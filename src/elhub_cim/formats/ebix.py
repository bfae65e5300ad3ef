"""ebIX XML: Elhub's EMIF 2.4 documents (namespaces ``urn:no:elhub:emif:...``)."""

from __future__ import annotations

from lxml import etree

from ..core.catalog import MessageType, Standard, standard_of
from ..core.errors import Problem
from ..core.safeparse import ParsedDocument
from ..core.validation import validate_document
from . import Format
from ._xml import checked, parsed, root_qname, serialize

__all__ = ["FORMAT", "detect", "read", "validate", "write"]

FORMAT = Format.EBIX


def detect(data: bytes) -> bool:
    """Whether ``data`` is an ebIX document (by its root element's namespace)."""
    root = root_qname(data)
    return root is not None and standard_of(root[0]) is Standard.EBIX


def read(
    source: bytes | ParsedDocument, *, name: str = "<bytes>"
) -> tuple[ParsedDocument, MessageType]:
    """Safe parse, identify and XSD-validate (raises the first stage's error)."""
    document = source if isinstance(source, ParsedDocument) else parsed(source, name)
    return checked(document)


def validate(document: ParsedDocument, message_type: MessageType) -> list[Problem]:
    """The XSD problems of a parsed document (empty when valid)."""
    return validate_document(document, message_type)


def write(root: etree._Element, *, pretty: bool = True) -> bytes:
    """The document as UTF-8 XML with its declaration."""
    return serialize(root, pretty)
