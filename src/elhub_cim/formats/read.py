"""The read stage: an input's bytes are loaded once, its format is detected once, and the
format's module reads it into a parsed, XSD-valid document and its message type.

    found = read(source)             # any of the five formats (what ``convert`` takes)
    found.document, found.message_type, found.format, found.losses
    document, message_type = check(source)   # ebIX, CIM profile XML or CIM JSON

Detection (:func:`detect`) looks at the start of the input only: JSON or XML, a Nordic Ediel
namespace, and the root element's namespace (:func:`root_of`, which also tells a metering
document to stream before anything else is read). :func:`read` tells JSON from the start and
XML by the root element its parse finds (ebIX, CIM or Nordic Ediel, wherever the root starts
and whatever the encoding). Nothing else in elhub-cim looks at an input's bytes to tell what
it is.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from lxml import etree

from ..core.arguments import checked_name
from ..core.catalog import MessageType, Standard, standard_of
from ..core.errors import ElhubCimError, Problem, UnknownDocumentError
from ..core.identify import identify, nordic_not_taken
from ..core.safeparse import (
    DEFAULT_MAX_BYTES,
    ParsedDocument,
    Source,
    load_bytes,
    open_regular_file,
    source_name,
)
from . import Format, cim, cimjson
from ._xml import HEAD_BYTES, checked, may_name_nordic, parsed, root_qname, without_lines

__all__ = [
    "Read",
    "check",
    "detect",
    "identified",
    "load",
    "parse",
    "read",
    "root_of",
    "root_of_file",
]


@dataclass(frozen=True, slots=True)
class Read:
    """One input, read: the (profile or ebIX) document, its message type, the format it came
    in, and what lifting a Nordic document into the profile dropped."""

    document: ParsedDocument
    message_type: MessageType
    format: Format
    losses: tuple[Problem, ...] = ()


def load(
    source: Source | ParsedDocument, *, max_bytes: int = DEFAULT_MAX_BYTES, name: str | None = None
) -> tuple[bytes, str]:
    """The input's bytes (within ``max_bytes``) and its name for messages."""
    if isinstance(source, ParsedDocument):
        return source.tree_bytes(), source.name
    label = name or source_name(source)
    return load_bytes(source, max_bytes=max_bytes, name=label), label


def detect(data: bytes, *, nordic: bool = True) -> Format:
    """The format of an input, from its start. XML that is neither Nordic nor CIM is read as
    ebIX: the safe parse and ``identify`` then say what is wrong with it. ``nordic=False``:
    the Nordic formats are not considered (JSON is CIM JSON, XML ebIX or CIM)."""
    if nordic:
        found = _json_or_nordic(data)
        if found is not None:
            return found
    elif cimjson.detect(data):
        return Format.CIM_JSON
    return Format.CIM if cim.detect(data) else Format.EBIX


def root_of(data: bytes) -> tuple[str, str] | None:
    """The ``(namespace, local name)`` of an XML input's root element, from its start only."""
    return root_qname(data[:HEAD_BYTES])


def root_of_file(path: str | os.PathLike[str]) -> tuple[str, str] | None:
    """The root element of a local XML file, reading its first bytes only (never the file).

    ``None`` for what is no regular file (a FIFO, a device, a folder), found without reading
    or waiting: a FIFO without a writer would block, /dev/zero would be read."""
    try:
        with open_regular_file(path) as stream:
            return root_qname(stream.read(HEAD_BYTES))
    except OSError:
        return None


def parse(
    source: Source, *, max_bytes: int = DEFAULT_MAX_BYTES, name: str | None = None
) -> ParsedDocument:
    """The input's XML tree: ebIX or CIM XML as it is, CIM JSON as the CIM XML it describes
    (validated on the way). Not yet identified or validated (XML)."""
    data, label = load(source, max_bytes=max_bytes, name=name)
    if cimjson.detect(data):  # JSON: CIM JSON here (the Nordic formats are convert's)
        try:
            data = cimjson.from_json(data, name=label, max_bytes=max_bytes)
        except ElhubCimError as error:
            from . import nordic_json

            # DataHub 3's JSON of a Nordic document fails as CIM JSON (a screenful of XSD
            # errors about its Nordic codes): said for what it is. Only a refused input pays
            # for this second look.
            if nordic_json.detect(data, max_bytes=max_bytes):
                why = nordic_not_taken("DataHub 3's CIM JSON")
                raise UnknownDocumentError([Problem("DOC_UNKNOWN", why, file=label)]) from error
            raise
        return without_lines(parsed(data, label))  # (its lines are not the JSON's)
    return parsed(data, label)


def check(
    source: Source | ParsedDocument,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    name: str | None = None,
) -> tuple[ParsedDocument, MessageType]:
    """Parse, identify and XSD-validate (ebIX, CIM profile XML or CIM JSON); a 0.1 profile
    document comes back as 0.2. Raises the first stage's error."""
    checked_name(name)
    if isinstance(source, ParsedDocument):
        document = source
    else:
        document = parse(source, max_bytes=max_bytes, name=name)
    return _checked_xml(document)


def _checked_xml(document: ParsedDocument) -> tuple[ParsedDocument, MessageType]:
    """:func:`check` of a parsed document."""
    try:
        document, message_type = checked(document)
    except UnknownDocumentError:
        _refuse_without_counterpart(document)
        raise
    if message_type.legacy:
        return cim.upgraded(document, message_type)
    return document, message_type


def identified(document: ParsedDocument) -> MessageType:
    """``core.identify.identify``, with a Nordic Ediel document that no conversion takes
    refused as that (see :func:`_refuse_without_counterpart`)."""
    try:
        return identify(document)
    except UnknownDocumentError:
        _refuse_without_counterpart(document)
        raise


def _refuse_without_counterpart(document: ParsedDocument) -> None:
    """A Nordic Ediel document that no conversion takes either is refused as that: the advice to
    convert it (``identify``'s) holds only for those with a counterpart in the profile. Only a
    refused input pays for this look at the projection table."""
    root = etree.QName(document.root)
    namespace = root.namespace or ""
    if standard_of(namespace) is not Standard.NORDIC_EDIEL:
        return
    from ..mapping.projection import projection_table, without_counterpart

    if projection_table().by_nordic(namespace, root.localname) is None:
        raise UnknownDocumentError([without_counterpart(document)]) from None


def read(
    source: Source | ParsedDocument,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    name: str | None = None,
    brs: str | None = None,
) -> Read:
    """Read an input in any of the five formats: ebIX, CIM profile XML, CIM JSON, Nordic Ediel
    XML or JSON (lifted into the profile; a Nordic document lacks the BRS: give it as ``brs``).
    """
    data, label = load(source, max_bytes=max_bytes, name=name)
    losses: tuple[Problem, ...] = ()
    found = _json_format(data)
    if found is Format.CIM_JSON:
        document, message_type = cimjson.read(data, name=label, max_bytes=max_bytes)
        return Read(document, message_type, found, losses)
    from_nordic: bytes | ParsedDocument = data
    if found is None:  # XML: ebIX, CIM profile or Nordic, told by the root the parse has
        document = parsed(data, label)
        if not document.root.tag.startswith(_NORDIC_TAGS):
            document, message_type = _checked_xml(document)
            found = Format.CIM if message_type.standard is Standard.CIM else Format.EBIX
            return Read(document, message_type, found, losses)
        found, from_nordic = Format.NORDIC, document
    from . import nordic

    lifted = nordic.read(
        from_nordic, brs=brs, name=label, max_bytes=max_bytes, json=found is Format.NORDIC_JSON
    )
    losses = tuple(lifted.losses)
    # The lifted XML is ours, laid out unlike the input: its lines are not the input's. Nor is
    # it held to ``max_bytes``, the input's limit: it is longer than the input it comes from.
    document, message_type = cim.read(without_lines(parsed(lifted.data, label)), name=label)
    return Read(document, message_type, found, losses)


#: The root element of a Nordic Ediel document, as lxml names it (both spellings).
_NORDIC_TAGS = ("{urn:ediel.org:", "{urn:ediel:org:")


def _json_format(data: bytes) -> Format | None:
    """CIM JSON or Nordic JSON, told from the input's start; ``None`` for XML."""
    if not cimjson.detect(data):
        return None
    from . import nordic_json

    # (the input's size limit is the read's, applied already: not the default's again)
    found = nordic_json.detect(data, max_bytes=len(data))
    return Format.NORDIC_JSON if found else Format.CIM_JSON


def _json_or_nordic(data: bytes) -> Format | None:
    """:func:`detect` without the root element: ``None`` for XML of Elhub's own (ebIX or CIM,
    which the parse tells apart at no extra cost)."""
    found = _json_format(data)
    if found is not None:
        return found
    if not may_name_nordic(data[:HEAD_BYTES]):
        return None  # (nordic.detect's own first test, without importing it for every input)
    from . import nordic

    return Format.NORDIC if nordic.detect(data) else None
