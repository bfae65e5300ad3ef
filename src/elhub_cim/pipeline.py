"""The read/write pipeline: bytes → safe parse → identify → validate → bind, and back.

Each stage lives in its own module; this one only chains them and is what the public API
(:mod:`elhub_cim`) exposes.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .binding import bind, message_qname
from .catalog import MessageType, catalog
from .errors import (
    BindingError,
    ElhubCimError,
    Problem,
    SchemaViolationError,
    UnknownDocumentError,
)
from .identify import identify
from .safeparse import (
    DEFAULT_MAX_BYTES,
    ParsedDocument,
    Source,
    load_bytes,
    parse,
    parse_bytes,
    source_name,
)
from .serialize import to_xml
from .validation import validate_document

__all__ = [
    "ValidationResult",
    "check",
    "message_type_of",
    "read",
    "validate",
    "write",
    "write_file",
]


@dataclass(slots=True)
class ValidationResult:
    """What ``validate`` found for one input."""

    source: str
    message_type: MessageType | None = None
    problems: list[Problem] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)


def check(
    source: Source | ParsedDocument,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    name: str | None = None,
) -> tuple[ParsedDocument, MessageType]:
    """Parse, identify and XSD-validate; raise the first stage's error on failure."""
    if isinstance(source, ParsedDocument):
        document = source
    else:
        document = parse(source, max_bytes=max_bytes, name=name)
    message_type = identify(document)
    problems = validate_document(document, message_type)
    if problems:
        raise SchemaViolationError(problems)
    return document, message_type


def validate(
    source: Source, *, max_bytes: int = DEFAULT_MAX_BYTES, name: str | None = None
) -> ValidationResult:
    """Validate one input; never raises for bad input (problems are in the result)."""
    label = name or source_name(source)
    result = ValidationResult(source=label)
    try:
        data = load_bytes(source, max_bytes=max_bytes, name=label)
        if data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"{":
            # CIM JSON: valid when it maps onto a valid CIM profile document.
            from .cimjson import from_json

            data = from_json(data, name=label, max_bytes=max_bytes)
        document = parse_bytes(data, name=label)
        result.message_type = identify(document)
        result.problems = validate_document(document, result.message_type)
    except ElhubCimError as exc:
        result.problems = list(exc.problems)
    return result


def read(
    source: Source | ParsedDocument,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    name: str | None = None,
) -> Any:
    """Read a message into its typed binding (an xsdata dataclass).

    Raises :class:`~elhub_cim.errors.MalformedXmlError`, :class:`UnknownDocumentError`,
    :class:`SchemaViolationError` or :class:`BindingError` (all ``ElhubCimError``).
    """
    document, message_type = check(source, max_bytes=max_bytes, name=name)
    return bind(document.root, message_type, name=document.name)


def message_type_of(instance: object) -> MessageType:
    """The :class:`MessageType` of a bound message object."""
    key = message_qname(instance)
    try:
        return catalog()[key]
    except KeyError:
        raise UnknownDocumentError(f"no schema for {{{key[0]}}}{key[1]}") from None


def write(instance: object, *, pretty: bool = True, validate_output: bool = True) -> bytes:
    """Serialize a bound message to UTF-8 XML; the output is validated against its XSD.

    An output that fails validation is a bug (in a mapping or in the caller's object) and is
    raised as :class:`BindingError` with the schema problems, never written.
    """
    data = to_xml(instance, pretty=pretty)
    if validate_output:
        message_type = message_type_of(instance)
        document = parse(data, name=f"<output {message_type.name}>")
        problems = validate_document(document, message_type)
        if problems:
            raise BindingError(
                [
                    Problem(
                        "OUTPUT_INVALID",
                        f"output is not valid: {p.message}",
                        line=p.line,
                        path=p.path,
                    )
                    for p in problems
                ]
            )
    return data


def write_file(path: str | os.PathLike[str], data: bytes, *, overwrite: bool = False) -> None:
    """Write ``data`` atomically: a temporary file in the same folder, then a rename."""
    target = Path(path)
    if target.exists() and not overwrite:
        raise FileExistsError(f"{target} exists (use --force to overwrite)")
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
