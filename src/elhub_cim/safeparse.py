"""Stage 1: bytes → XML tree, treating the input as hostile.

The parser never touches the network, never resolves entities, never loads a DTD and never
recovers from errors. A document that carries a DTD at all is refused: no Elhub or CIM message
has one, and refusing it closes the door on entity bombs. Size is bounded before parsing and
depth is bounded by libxml2 (no ``huge_tree``).
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from lxml import etree

from .errors import (
    InputReadError,
    InputTooLargeError,
    MalformedXmlError,
    Problem,
    mask_identity_numbers,
)

__all__ = ["DEFAULT_MAX_BYTES", "ParsedDocument", "Source", "load_bytes", "parse", "parse_bytes"]

#: Largest input accepted by default (64 MiB). Elhub's largest messages (metering data) are a
#: few MB; anything far beyond that is refused before parsing rather than held in memory.
DEFAULT_MAX_BYTES = 64 * 1024 * 1024

Source = bytes | str | os.PathLike[str] | IO[bytes]

_local = threading.local()


def _parser() -> etree.XMLParser:
    # lxml parsers are not thread-safe; one per thread, reused (creating one per call costs).
    parser: etree.XMLParser | None = getattr(_local, "parser", None)
    if parser is None:
        parser = etree.XMLParser(
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            dtd_validation=False,
            recover=False,
            huge_tree=False,
            remove_comments=True,
            remove_pis=True,
            # Never pass collect_ids=False: lxml turns it into a libxml2 flag that loads the
            # external DTD subset and parameter entities from local files despite load_dtd=False.
        )
        _local.parser = parser
    return parser


@dataclass(frozen=True, slots=True)
class ParsedDocument:
    """A well-formed document: its root element and where it came from."""

    root: etree._Element
    name: str
    size: int

    @property
    def tree(self) -> etree._ElementTree:
        return self.root.getroottree()

    def tree_bytes(self) -> bytes:
        """The parsed document serialised again (safe to hand to other parsers)."""
        data: bytes = etree.tostring(self.root, encoding="UTF-8")
        return data


def source_name(source: Source) -> str:
    """A name for messages: the path, the file object's name, or ``<bytes>``."""
    if isinstance(source, bytes):
        return "<bytes>"
    if isinstance(source, str | os.PathLike):
        return os.fspath(source)
    return str(getattr(source, "name", "<stream>"))


def load_bytes(
    source: Source, *, max_bytes: int = DEFAULT_MAX_BYTES, name: str | None = None
) -> bytes:
    """Read ``source`` into memory, refusing anything larger than ``max_bytes`` unread."""
    label = name or source_name(source)
    if isinstance(source, bytes):
        data = source
    elif isinstance(source, str | os.PathLike):
        path = Path(source)
        try:
            size = path.stat().st_size
            if size > max_bytes:
                raise _too_large(label, size, max_bytes)
            with path.open("rb") as stream:
                data = stream.read(max_bytes + 1)
        except OSError as exc:
            raise InputReadError(
                [Problem("IO_ERROR", f"cannot read: {exc.strerror or exc}", file=label)]
            ) from exc
    else:
        data = source.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise _too_large(label, len(data), max_bytes)
    return data


def _too_large(label: str, size: int, max_bytes: int) -> InputTooLargeError:
    # A stream is read only up to the limit + 1 byte, so its true size is unknown.
    shown = f"{size} bytes" if size > max_bytes + 1 else f"more than {max_bytes} bytes"
    return InputTooLargeError(
        [
            Problem(
                "XML_TOO_LARGE",
                f"input is {shown}, over the limit of {max_bytes} bytes; not parsed "
                "(raise the limit with max_bytes / --max-bytes if this is a real message)",
                file=label,
            )
        ]
    )


DTD_FORBIDDEN_MESSAGE = (
    "document has a DOCTYPE; DTDs and entity declarations are not allowed in market messages "
    "and were not processed"
)
_DOCTYPE_MARKERS = tuple(
    ("<!DOCTYPE".encode(encoding), "\n".encode(encoding))
    for encoding in ("utf-8", "utf-16-le", "utf-16-be")
)


def _doctype_line(data: bytes) -> int | None:
    """Line of the DOCTYPE declaration, if the raw input has one."""
    for marker, newline in _DOCTYPE_MARKERS:
        position = data.find(marker)
        if position >= 0:
            return data.count(newline, 0, position) + 1
    return None


def parse_bytes(data: bytes, *, name: str = "<bytes>") -> ParsedDocument:
    """Parse ``data`` with the hardened parser; raise :class:`MalformedXmlError` on any problem."""
    if not data or data.isspace():
        raise MalformedXmlError([Problem("XML_EMPTY", "input is empty", file=name, line=1)])
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        doctype_line = _doctype_line(data)
        if doctype_line is not None:
            # Whatever libxml2 tripped over, the cause to report is the forbidden DTD.
            raise MalformedXmlError(
                [Problem("XML_DTD_FORBIDDEN", DTD_FORBIDDEN_MESSAGE, file=name, line=doctype_line)]
            ) from exc
        line = exc.lineno if exc.lineno and exc.lineno > 0 else None
        # One line per problem in the CLI: libxml2 messages may hold newlines.
        message = " ".join(mask_identity_numbers(str(exc.msg or exc)).split())
        raise MalformedXmlError([Problem("XML_MALFORMED", message, file=name, line=line)]) from exc
    except ValueError as exc:  # e.g. an encoding lxml cannot handle
        raise MalformedXmlError([Problem("XML_MALFORMED", str(exc), file=name)]) from exc
    docinfo: Any = root.getroottree().docinfo  # lxml-stubs lack DocInfo.doctype
    if docinfo.doctype or docinfo.internalDTD is not None or docinfo.externalDTD is not None:
        raise MalformedXmlError(
            [
                Problem(
                    "XML_DTD_FORBIDDEN",
                    DTD_FORBIDDEN_MESSAGE,
                    file=name,
                    line=_doctype_line(data) or 1,
                )
            ]
        )
    return ParsedDocument(root=root, name=name, size=len(data))


def parse(
    source: Source, *, max_bytes: int = DEFAULT_MAX_BYTES, name: str | None = None
) -> ParsedDocument:
    """Read and parse ``source`` (bytes, a path, or a binary file object)."""
    label = name or source_name(source)
    return parse_bytes(load_bytes(source, max_bytes=max_bytes, name=label), name=label)
