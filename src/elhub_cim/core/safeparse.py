"""Stage 1: bytes → XML tree, treating the input as hostile.

The parser never touches the network, never resolves entities, never loads a DTD and never
recovers from errors. A document that carries a DTD at all is refused: no Elhub or CIM message
has one, and refusing it closes the door on entity bombs. Size is bounded before parsing and
depth is bounded by libxml2 (no ``huge_tree``).
"""

from __future__ import annotations

import errno
import json
import os
import re
import stat
import threading
from dataclasses import dataclass, field
from typing import IO, Any

from lxml import etree

from .errors import (
    InputReadError,
    InputTooLargeError,
    MalformedXmlError,
    Problem,
    mask_identity_numbers,
    shown_argument,
)

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_ELEMENTS",
    "NotRegularFileError",
    "ParsedDocument",
    "Source",
    "Text",
    "checked_limit",
    "checked_name",
    "estimated_elements",
    "json_head",
    "load_bytes",
    "open_regular_file",
    "parse",
    "parse_bytes",
    "read_at_most",
    "too_large",
]

#: Largest input accepted by default (64 MiB). Elhub's largest messages (metering data) are a
#: few MB; anything far beyond that is refused before parsing rather than held in memory.
DEFAULT_MAX_BYTES = 64 * 1024 * 1024
#: Most elements accepted by default. A parsed element costs about 130 bytes of memory however
#: short its tag, so 64 MiB of ``<a/>`` would take 2 GB; a million elements (about 150 MB) is
#: far beyond today's messages (a few MB, some 100,000 elements). Metering data documents that
#: need more pass a larger ``max_elements``.
DEFAULT_MAX_ELEMENTS = 1_000_000


@dataclass(frozen=True, slots=True)
class Text:
    """A document given as text in memory: XML or CIM JSON, e.g. a message taken off a queue.

    Every function that takes a ``source`` reads a plain ``str`` as a *file path*, never as a
    document; wrap text in ``Text`` to say it is the document itself. The text never shows in
    ``repr`` or in an error message (it may hold a national identity number).

    >>> Text("<Acknowledgement/>", name="queue message 17")
    Text(<18 characters>, name='queue message 17')
    """

    value: str = field(repr=False)
    name: str = "<text>"

    def __post_init__(self) -> None:
        # Checked here, where the mistake is made: else the first call that reads it fails deep
        # inside (a regex of str given bytes), far from the caller's line.
        if not isinstance(self.value, str):
            hint = (
                ": pass the bytes themselves, without Text" if isinstance(self.value, bytes) else ""
            )
            raise TypeError(
                f"Text holds a document's text, a str, not {type(self.value).__name__}{hint}"
            )
        if not isinstance(self.name, str):
            raise TypeError(f"Text's name is a str, not {type(self.name).__name__}")

    def __repr__(self) -> str:
        return f"Text(<{len(self.value)} characters>, name={mask_identity_numbers(self.name)!r})"

    def encode(self) -> bytes:
        """UTF-8 bytes; an XML declaration naming another encoding is made to say UTF-8 (the
        text is already decoded, so the declared encoding no longer describes it)."""
        return _DECLARED_ENCODING.sub(r"\g<1>UTF-8\g<3>", self.value, count=1).encode("utf-8")


_DECLARED_ENCODING = re.compile(r"""^(\ufeff?\s*<\?xml[^>]*?encoding\s*=\s*["'])([^"']*)(["'])""")

#: What every reading function accepts: ``bytes``, a path (``str`` or ``os.PathLike``), a binary
#: file object, or :class:`Text` for a document held as text.
Source = bytes | Text | str | os.PathLike[str] | IO[bytes]

#: The longest ``str`` taken as a path; anything longer is document text given by mistake.
_MAX_PATH_LENGTH = 4096

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

    def __repr__(self) -> str:
        # (the name may be a file named after a customer: masked, as in every message)
        return (
            f"ParsedDocument(root=<{self.root.tag}>, "
            f"name={mask_identity_numbers(self.name)!r}, size={self.size})"
        )

    @property
    def tree(self) -> etree._ElementTree:
        return self.root.getroottree()

    def tree_bytes(self) -> bytes:
        """The parsed document serialised again (safe to hand to other parsers)."""
        data: bytes = etree.tostring(self.root, encoding="UTF-8")
        return data


def _looks_like_document(text: str) -> bool:
    """A ``str`` that cannot be a path we would want to open: document text passed by mistake."""
    head = text.lstrip("\ufeff \t\r\n")[:1]
    return head in ("<", "{", "[") or "\n" in text or len(text) > _MAX_PATH_LENGTH


def source_name(source: Source) -> str:
    """A name for messages: the path, the file object's name, ``<bytes>`` or the Text's name.

    Never the content: a ``str`` that looks like document text is named ``<str>``.
    """
    if isinstance(source, bytes):
        return "<bytes>"
    if isinstance(source, Text):
        return mask_identity_numbers(source.name)  # (a name, as a path, may be a customer's)
    if isinstance(source, str) and _looks_like_document(source):
        return "<str>"
    if isinstance(source, str | os.PathLike):
        return mask_identity_numbers(os.fspath(source))
    return mask_identity_numbers(str(getattr(source, "name", "<stream>")))


class NotRegularFileError(OSError):
    """The path names a FIFO, a device, a socket or a folder: never read (a FIFO without a
    writer blocks forever, /dev/zero never ends)."""


def open_regular_file(path: str | os.PathLike[str]) -> IO[bytes]:
    """``path`` opened for reading in binary, once it is known to be a regular file.

    Opened without blocking (a FIFO with no writer would block ``open`` itself) and checked on
    the open descriptor (no race with a file swapped after a ``stat``). Raises ``OSError``
    (:class:`NotRegularFileError` for anything but a regular file); a path that cannot be a
    file name (a NUL, a lone surrogate) is an ``OSError`` too."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except ValueError as exc:  # embedded NUL, or a name that cannot be encoded
        raise OSError(errno.EINVAL, "not a usable file name") from exc
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise NotRegularFileError(
                errno.EINVAL, "not a regular file (a folder, FIFO or device is not read)"
            )
        os.set_blocking(descriptor, True)
        return os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise


_CHUNK = 16 * 1024 * 1024


def read_at_most(stream: Any, max_bytes: int, *, whole_reads: bool = False) -> Any:
    """Up to ``max_bytes`` + 1 bytes of ``stream`` (one more tells it is too large). A limit
    beyond memory (``2**80``: no limit) is read a chunk at a time, not asked of ``read`` whole
    (which would overflow or allocate it). ``whole_reads``: a read gives all it is asked for up
    to the end (a buffered regular file), so one is enough; any other stream is read until it
    ends (a raw one, a pipe or a socket opened unbuffered, gives a piece at a time)."""
    if whole_reads and max_bytes < _CHUNK:
        return stream.read(max_bytes + 1)
    parts: list[bytes] = []
    total = 0
    while total <= max_bytes:
        part = stream.read(min(_CHUNK, max_bytes + 1 - total))
        if not isinstance(part, bytes | bytearray | memoryview):
            return part  # a text-mode stream: the caller says so
        if not part:
            break
        parts.append(bytes(part))
        total += len(part)
    return b"".join(parts)


def checked_limit(value: object, name: str = "max_bytes", what: str = "a whole number") -> int:
    """``value`` as a limit (``what``: the count it is): a whole number, at least 1; anything
    else (0, a negative number, None, a text) is the caller's mistake, a ValueError that names
    the argument, not a refusal of every input as too large."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{name} is {what}, at least 1, not {shown_argument(value)}")
    return value


def checked_name(name: object, argument: str = "name") -> str | None:
    """``name``, an input's name for messages (a str, or None: named by the input itself), or
    another optional text given as ``argument`` (a reply's ``document_id``); anything else is
    the caller's mistake, a TypeError that says what was given (its type only: a path may hold
    a national identity number)."""
    if name is None or isinstance(name, str):
        return name
    hint = ": str(path) if it is one" if isinstance(name, os.PathLike) else ""
    raise TypeError(f"{argument} is a str or None, not {type(name).__name__}{hint}")


def load_bytes(
    source: Source, *, max_bytes: int = DEFAULT_MAX_BYTES, name: str | None = None
) -> bytes:
    """Read ``source`` into memory, refusing anything larger than ``max_bytes`` unread.

    ``bytes``, ``bytearray`` and ``memoryview`` are the document's bytes; anything else that
    is not a :data:`Source` is a ``TypeError``."""
    checked_limit(max_bytes)
    if isinstance(source, bytearray | memoryview):
        source = bytes(source)
    if source is None or isinstance(source, int | float | list | tuple | dict | set):
        raise TypeError(
            f"cannot read a document from {type(source).__name__}: pass bytes, a path, a "
            "binary file object or elhub_cim.Text(...)"
        )
    label = name or source_name(source)
    if isinstance(source, bytes):
        data = source
    elif isinstance(source, Text):
        try:
            data = source.encode()
        except UnicodeEncodeError as exc:  # a lone surrogate: no XML character, nor UTF-8
            line = source.value.count("\n", 0, exc.start) + 1
            head = source.value[:_HEAD].encode("utf-8", errors="replace")
            if json_head(head):  # (JSON, told as the read stage tells it)
                code, why = "JSON_MALFORMED", "which UTF-8 (JSON's encoding) cannot hold"
            else:
                code, why = "XML_MALFORMED", "which is no XML character"
            message = f"the text holds a lone surrogate (at character {exc.start}), {why}"
            raise MalformedXmlError([Problem(code, message, file=label, line=line)]) from exc
    elif isinstance(source, str) and _looks_like_document(source):
        raise InputReadError(
            [
                Problem(
                    "INPUT_TEXT_AS_PATH",
                    "a str is read as a file path, and this one looks like document text: "
                    "pass the document as elhub_cim.Text(...) or as bytes",
                    file=label,
                )
            ]
        )
    elif isinstance(source, str | os.PathLike):
        try:
            with open_regular_file(source) as stream:
                size = os.fstat(stream.fileno()).st_size
                if size > max_bytes:  # (its head only: JSON or XML, for the code)
                    raise too_large(label, size, max_bytes, json=json_head(stream.read(_HEAD)))
                data = read_at_most(stream, max_bytes, whole_reads=True)
        except OSError as exc:
            raise InputReadError(
                [Problem("IO_ERROR", f"cannot read: {exc.strerror or exc}", file=label)]
            ) from exc
    elif not callable(getattr(source, "read", None)):
        raise TypeError(
            f"cannot read a document from {type(source).__name__}: pass bytes, a path, a "
            "binary file object or elhub_cim.Text(...)"
        )
    else:
        try:
            data = read_at_most(source, max_bytes)
        except (OSError, ValueError) as exc:  # a failing disk, a closed file
            raise InputReadError(
                [
                    Problem(
                        "IO_ERROR",
                        f"cannot read: {getattr(exc, 'strerror', None) or exc}",
                        file=label,
                    )
                ]
            ) from exc
        if isinstance(data, bytearray | memoryview):
            data = bytes(data)
        if not isinstance(data, bytes):
            raise InputReadError(
                [
                    Problem(
                        "IO_ERROR",
                        "the file object is open in text mode: open it with 'rb', or pass the "
                        "text as elhub_cim.Text(...)",
                        file=label,
                    )
                ]
            )
    if len(data) > max_bytes:
        raise too_large(label, len(data), max_bytes, json=json_head(data[:_HEAD]))
    return data


#: How much of an input over the limit is looked at to tell JSON from XML.
_HEAD = 4096
_JSON_BLANKS = b"\xef\xbb\xbf \t\r\n"


#: A JSON text that is one value but no object or array (what Python's reader takes: with NaN
#: and Infinity), and the bytes it may start with. Runs are matched whole (``++``): a long text
#: that is no value is told in one pass.
JSON_SCALAR = re.compile(
    rb'"(?:[^"\\\x00-\x1f]++|\\["\\/bfnrt]|\\u[0-9a-fA-F]{4})*+"'
    rb"|-?(?:0|[1-9][0-9]*+)(?:\.[0-9]++)?(?:[eE][+-]?[0-9]++)?|-?Infinity|NaN|true|false|null"
)
JSON_SCALAR_STARTS = frozenset(bytes([c]) for c in b'"-0123456789tfnNI')
#: The head of such a text, cut anywhere: the whole value and blanks, or a string or a number
#: cut short (a string in an escape, a number anywhere a longer one goes on).
_JSON_SCALAR_HEAD = re.compile(
    rb"(?:" + JSON_SCALAR.pattern + rb")[ \t\r\n]*+"
    rb'|"(?:[^"\\\x00-\x1f]++|\\["\\/bfnrt]|\\u[0-9a-fA-F]{4})*+(?:\\(?:u[0-9a-fA-F]{0,3})?)?'
    rb"|-?(?:(?:0|[1-9][0-9]*+)(?:\.[0-9]*+|(?:\.[0-9]++)?[eE][+-]?[0-9]*+)?)?"
)


def json_head(head: bytes) -> bool:
    """Whether an input starting with ``head`` is JSON: an object or an array by its first
    character (after a byte order mark and blanks, in UTF-8, -16 or -32), or one string, number
    or literal by the whole head (in UTF-8), as CIM JSON is told from XML
    (``formats.cimjson.detect``) when the whole input is not read."""
    text = head.lstrip(_JSON_BLANKS)
    first = text[:1]
    if first in (b"{", b"["):
        return True
    if first in JSON_SCALAR_STARTS and _JSON_SCALAR_HEAD.fullmatch(text):
        return True
    if first == b"<" or len(head) < 2:
        return False
    encoding = json.detect_encoding(head[:4])
    if encoding.startswith("utf-8"):
        return False
    return head.decode(encoding, errors="ignore").lstrip("\ufeff \t\r\n")[:1] in ("{", "[")


def too_large(label: str, size: int, max_bytes: int, *, json: bool) -> InputTooLargeError:
    """The refusal of an input over ``max_bytes`` (``json``: JSON_TOO_LARGE, else
    XML_TOO_LARGE), worded alike whichever reader refused it."""
    # A stream is read only up to the limit + 1 byte, so its true size is unknown.
    shown = f"{size} bytes" if size > max_bytes + 1 else f"more than {max_bytes} bytes"
    return InputTooLargeError(
        [
            Problem(
                "JSON_TOO_LARGE" if json else "XML_TOO_LARGE",
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


_PADS = (b"", b"\x00")  # "</" in UTF-8, "<\0/" in UTF-16 (either byte order)


def estimated_elements(data: bytes) -> int:
    """An upper bound of the number of elements in ``data``: its start tags, counted in the raw
    bytes (UTF-8 or UTF-16) without parsing, in a few milliseconds per MB."""
    opening = data.count(b"<")
    others = sum(
        data.count(b"<" + pad + mark) for pad in (b"", b"\x00") for mark in (b"/", b"?", b"!")
    )
    return opening - others


#: Byte order marks and the text they begin (UTF-32 before UTF-16: FF FE starts both).
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
_XML_BLANKS = " \t\r\n"


def _blank_after_bom(data: bytes) -> bool:
    """Whether ``data`` is a byte order mark and nothing but blanks (an editor's "empty" file):
    its head decides for any document, in a microsecond."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                if data[len(bom) : len(bom) + 256].decode(codec, "ignore").strip(_XML_BLANKS):
                    return False
                return not data[len(bom) :].decode(codec).strip(_XML_BLANKS)
            except UnicodeDecodeError:
                return False
    return False


#: The signatures of compressed files and archives (a message.xml.gz given as it is).
_COMPRESSED = (
    (b"\x1f\x8b", "gzip-compressed"),
    *((b"BZh" + bytes([level]), "bzip2-compressed") for level in b"123456789"),
    (b"\xfd7zXZ\x00", "xz-compressed"),
    (b"\x28\xb5\x2f\xfd", "zstd-compressed"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
)

_WIDE_DECLARATION = re.compile(
    rb"""(?:\xef\xbb\xbf)?<\?xml\s[^>]*?encoding\s*=\s*["']((?:utf|ucs)-?(?:16|32|2|4)[^"']{0,20})["']""",
    re.IGNORECASE,
)


def _declared_wide_encoding(data: bytes) -> str | None:
    """The UTF-16 or UTF-32 encoding an XML declaration names when the input itself is written
    one byte a character (its declaration is read as ASCII): a mislabelled file."""
    found = _WIDE_DECLARATION.match(data[:256])
    return found[1].decode("ascii", "replace") if found else None


def parse_bytes(
    data: bytes, *, name: str = "<bytes>", max_elements: int = DEFAULT_MAX_ELEMENTS
) -> ParsedDocument:
    """Parse ``data`` with the hardened parser; raise :class:`MalformedXmlError` on any problem.

    A document with more than ``max_elements`` start tags is refused before it is parsed
    (``XML_TOO_MANY_ELEMENTS``): memory grows with the elements, not with the bytes.
    """
    if not data or data.isspace() or _blank_after_bom(data):
        raise MalformedXmlError([Problem("XML_EMPTY", "input is empty", file=name, line=1)])
    checked_limit(max_elements, "max_elements")
    if len(data) > max_elements:  # fewer bytes than allowed elements: nothing to count
        elements = estimated_elements(data)
        if elements > max_elements:
            raise InputTooLargeError(
                [
                    Problem(
                        "XML_TOO_MANY_ELEMENTS",
                        f"input has about {elements} elements, over the limit of {max_elements}; "
                        "not parsed (raise the limit with max_elements if this is a real message)",
                        file=name,
                    )
                ]
            )
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        doctype_line = _doctype_line(data)
        if doctype_line is not None:
            # Whatever libxml2 tripped over, the cause to report is the forbidden DTD.
            raise MalformedXmlError(
                [Problem("XML_DTD_FORBIDDEN", DTD_FORBIDDEN_MESSAGE, file=name, line=doctype_line)]
            ) from exc
        packed = next((kind for magic, kind in _COMPRESSED if data.startswith(magic)), None)
        if packed is not None:
            message = f"input is {packed} data, not XML or JSON text: decompress it first"
            raise MalformedXmlError([Problem("XML_MALFORMED", message, file=name)]) from exc
        code = getattr(exc, "code", None)  # (lxml-stubs lack it)
        if code == etree.ErrorTypes.ERR_DOCUMENT_EMPTY and data[:1] == b"\x00":
            # libxml2's "Document is empty", of a kilobyte of binary data
            message = (
                "input is not XML text: it starts with a zero byte (binary data, or UTF-16 or "
                "UTF-32 text without a byte order mark)"
            )
            raise MalformedXmlError([Problem("XML_MALFORMED", message, file=name, line=1)]) from exc
        declared = _declared_wide_encoding(data)
        if declared is not None:
            # libxml2 reads what follows the declaration as UTF-16/32: "Blank needed here".
            message = (
                f"the XML declaration says encoding {declared!r}, but the input is written one "
                "byte a character (as UTF-8 or ISO-8859-1 are): declare the encoding the file "
                "has, or save it in the one declared"
            )
            raise MalformedXmlError(
                [Problem("XML_MALFORMED", mask_identity_numbers(message), file=name, line=1)]
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
    source: Source,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    name: str | None = None,
    max_elements: int = DEFAULT_MAX_ELEMENTS,
) -> ParsedDocument:
    """Read and parse ``source`` (bytes, a path, a binary file object or :class:`Text`)."""
    label = checked_name(name) or source_name(source)
    data = load_bytes(source, max_bytes=max_bytes, name=label)
    return parse_bytes(data, name=label, max_elements=max_elements)
