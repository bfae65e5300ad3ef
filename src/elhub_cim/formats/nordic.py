"""Nordic Ediel XML: a CIM profile document as the plain Nordic Ediel document, and back.

    result = elhub_cim.formats.nordic.project(profile_xml)
    result.data      # the Nordic Ediel document (DataHub 3's namespace, same root and names)
    result.target    # its namespace, e.g. 'urn:ediel.org:structure:requestchangeofsupplier:0:1'
    result.losses    # one warning per field the Nordic document cannot carry, never silent
    result.notes     # values the Nordic document requires that were filled from other fields

    lifted = elhub_cim.formats.nordic.from_nordic(nordic_xml, brs="BRS-NO-102")
    lifted.data      # the profile document (validated against our XSD)
    lifted.losses    # Nordic fields the profile does not use (dropped, reported)

What is kept, dropped and substituted is data, not code: the projection table
``schemas/cim/elhub-profile-0.2/projection/nordic-ediel.toml``, executed by
:mod:`elhub_cim.mapping.projection` (tree to tree). This module reads and writes the bytes: XML,
or DataHub 3's JSON (:mod:`.nordic_json`). Design: ``docs/cim-profile.md`` §10 and "Nordic
projection in practice".

The output is not validated here: the Nordic XSDs are ediel.org's files and are not shipped with
elhub-cim. The tests validate every projection against them (``../shared/reference``).
"""

from __future__ import annotations

from typing import Literal

from lxml import etree

from ..core.catalog import MessageType
from ..core.safeparse import DEFAULT_MAX_BYTES, ParsedDocument, load_bytes, parse, parse_bytes
from ..mapping.projection import (
    DocumentTable,
    Projection,
    ProjectionError,
    ProjectionTable,
    lift,
    nordic_namespace,
    project_tree,
    projection_table,
    serialize,
)
from . import Format, cimjson, nordic_json
from . import cim as cim_format
from ._xml import HEAD_BYTES, may_name_nordic, root_qname, without_lines

__all__ = [
    "FORMAT",
    "DocumentTable",
    "Projection",
    "ProjectionError",
    "ProjectionTable",
    "detect",
    "from_nordic",
    "nordic_namespace",
    "project",
    "projection_table",
    "read",
    "write",
]

FORMAT = Format.NORDIC

_NORDIC_NAMESPACES = ("urn:ediel.org:", "urn:ediel:org:")


def detect(data: bytes) -> bool:
    """Whether XML ``data`` is a Nordic Ediel document: its root element in a Nordic namespace
    (read from the first 64 KiB, as :func:`elhub_cim.formats.read.root_of` reads it)."""
    head = data[:HEAD_BYTES]
    # A search for what both spellings share first: the usual input has neither. The root's own
    # namespace decides, as a message's text may well mention a Nordic namespace.
    if not may_name_nordic(head):
        return False
    root = root_qname(head)
    return root is not None and root[0].startswith(_NORDIC_NAMESPACES)


def write(
    document: ParsedDocument,
    *,
    pretty: bool = True,
    format: Literal["xml", "json"] = "xml",
) -> Projection:
    """A (schema-valid) profile document as the plain Nordic Ediel document: XML, or
    ``format="json"`` DataHub 3's CIM JSON of it."""
    root, table, projector = project_tree(document)
    if format == "json":
        data = nordic_json.write(root, indent=2 if pretty else None, name=document.name)
    else:
        data = serialize(root, pretty)
    return Projection(
        data=data,
        target=table.nordic_namespace,
        losses=projector.losses,
        notes=projector.notes,
    )


def read(
    data: bytes | ParsedDocument,
    *,
    brs: str | None = None,
    pretty: bool = True,
    name: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    json: bool = False,
) -> Projection:
    """Lift Nordic Ediel XML (``json=True``: DataHub 3's JSON of it) into the profile: the
    profile document (validated against our XSD) and the Nordic fields it does not use.
    ``data`` may be the Nordic XML already parsed (the read stage parses XML once)."""
    if isinstance(data, ParsedDocument):
        return lift(data, brs=brs, pretty=pretty)
    label = name or "<bytes>"
    if json:
        # The Nordic XML is ours, from JSON within ``max_bytes`` (and longer than it): not held
        # to the input's limit (the parse's element limit still holds). Its lines are not the
        # JSON's.
        xml = nordic_json.read(data, name=label, max_bytes=max_bytes)
        document = without_lines(parse_bytes(xml, name=label))
    else:
        document = parse(data, max_bytes=max_bytes, name=label)
    return lift(document, brs=brs, pretty=pretty)


def project(
    document: bytes | etree._Element,
    *,
    pretty: bool = True,
    name: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    format: Literal["xml", "json"] = "xml",
) -> Projection:
    """Write a CIM profile document (XML, CIM JSON or a tree) as the plain Nordic Ediel
    document.

    ``format="json"`` writes it as DataHub 3's CIM JSON (:mod:`.nordic_json`). The input is read
    and validated like any input (:class:`SchemaViolationError` etc.). Raises
    :class:`ProjectionError` for documents without a Nordic counterpart, with a role the Nordic
    list lacks, or lacking a value the Nordic document requires and the table cannot fill.
    """
    source, _ = _profile_document(document, name, max_bytes)
    return write(source, pretty=pretty, format=format)


def _profile_document(
    document: bytes | etree._Element, name: str | None, max_bytes: int
) -> tuple[ParsedDocument, MessageType]:
    if isinstance(document, etree._Element):
        data: bytes = etree.tostring(document, encoding="UTF-8")
        label = name or "<element>"
    else:
        data, label = document, name or "<bytes>"
    data = load_bytes(data, max_bytes=max_bytes, name=label)  # the read stage's size limit
    if cimjson.detect(data):
        return cimjson.read(data, name=label, max_bytes=max_bytes)
    return cim_format.read(data, name=label)


def from_nordic(
    data: bytes,
    *,
    brs: str | None = None,
    pretty: bool = True,
    name: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Projection:
    """Lift a Nordic Ediel document into the profile namespace (the reverse of :func:`project`).

    ``data`` is Nordic Ediel XML or DataHub 3's CIM JSON of it.
    Values are carried as they are (codes and identifiers are not translated, except where the
    projection table says so, and then reported: DataHub 3's hub role DGL). ``brs`` gives
    the BRS the Nordic document does not carry (its process type becomes the BRS's local
    code); without it, the one process of the document with that process type is taken (noted,
    ``LIFT_PROCESS``), and where several have it the refusal names them. Raises
    :class:`ProjectionError` naming every field the profile requires and the input lacks, and
    every value the profile cannot accept; returns the profile document (validated against our
    XSD) with the Nordic fields the profile does not use as ``losses``.
    """
    return read(
        data, brs=brs, pretty=pretty, name=name, max_bytes=max_bytes, json=cimjson.detect(data)
    )
