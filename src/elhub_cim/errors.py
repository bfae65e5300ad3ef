"""Problems and the exception hierarchy.

Every error elhub-cim raises derives from :class:`ElhubCimError`, itself a ``ValueError`` (as in
xsdata). An error carries one or more :class:`Problem` records: where (file, line, readable
element path), what (a stable code) and a message a person can act on.

National identity numbers (fødselsnummer, scheme ``Z01``) are personal data: they never appear in
a message. :func:`mask_identity_numbers` is applied to every message text built from input.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field, replace
from enum import StrEnum
from typing import Any

__all__ = [
    "BindingError",
    "BusinessRuleError",
    "ElhubCimError",
    "InputReadError",
    "InputTooLargeError",
    "MalformedXmlError",
    "Problem",
    "SchemaViolationError",
    "Severity",
    "UnknownDocumentError",
    "mask_identity_numbers",
]

MASK = "<masked national id>"
_ELEVEN_DIGITS = re.compile(r"(?<!\d)\d{11}(?!\d)")


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Problem:
    """One finding about one input: where it is, a stable code and a readable message."""

    code: str
    message: str
    file: str | None = None
    line: int | None = None
    path: str | None = None
    severity: Severity = Severity.ERROR

    def format(self) -> str:
        """``file:line: CODE message [path]`` as printed by the CLI."""
        where = self.file or "<input>"
        if self.line is not None:
            where = f"{where}:{self.line}"
        text = f"{where}: {self.code} {self.message}"
        if self.severity is Severity.WARNING:
            text = f"{where}: {self.code} warning: {self.message}"
        if self.path:
            text += f" [{self.path}]"
        return text

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["severity"] = self.severity.value
        return data

    def with_file(self, file: str | None) -> Problem:
        return self if self.file == file else replace(self, file=file)


class ElhubCimError(ValueError):
    """Base of every elhub-cim error; ``problems`` lists what was found."""

    default_code = "ELHUB_CIM"

    def __init__(self, message_or_problems: str | Sequence[Problem], *, file: str | None = None):
        if isinstance(message_or_problems, str):
            problems: tuple[Problem, ...] = (
                Problem(self.default_code, mask_identity_numbers(message_or_problems), file=file),
            )
        else:
            problems = tuple(p.with_file(file) if file else p for p in message_or_problems)
        if not problems:
            raise ValueError("an ElhubCimError needs at least one problem")
        self.problems = problems
        super().__init__("\n".join(p.format() for p in problems))

    @property
    def code(self) -> str:
        return self.problems[0].code

    def with_file(self, file: str) -> ElhubCimError:
        """The same error with ``file`` set on every problem (for batch reporting)."""
        return type(self)([p.with_file(file) for p in self.problems])


class MalformedXmlError(ElhubCimError):
    """Not well-formed XML, a forbidden construct (DTD, entities) or an unreadable encoding."""

    default_code = "XML_MALFORMED"


class InputReadError(ElhubCimError):
    """The input could not be read at all (missing file, permissions, a folder)."""

    default_code = "IO_ERROR"


class InputTooLargeError(MalformedXmlError):
    """The input exceeds the configured size limit; it was not parsed."""

    default_code = "XML_TOO_LARGE"


class UnknownDocumentError(ElhubCimError):
    """Well-formed XML whose root element is not a message elhub-cim knows."""

    default_code = "DOC_UNKNOWN"


class SchemaViolationError(ElhubCimError):
    """The document is not valid against its XSD."""

    default_code = "XSD_INVALID"


class BindingError(ElhubCimError):
    """A schema-valid document that could not be bound to the typed classes (a bug or a
    schema/binding mismatch; reported, never ignored)."""

    default_code = "BIND_FAILED"


class BusinessRuleError(ElhubCimError):
    """The document breaks a business rule (Elhub's validation rules, check digits, ...)."""

    default_code = "RULE_BROKEN"


def mask_identity_numbers(text: str, known: Iterable[str] = ()) -> str:
    """Replace national identity numbers in ``text``.

    ``known`` are values the caller found under scheme Z01 (masked whatever their check digits);
    any other 11-digit number that is a valid fødselsnummer is masked too, since a message must
    never leak one even when it sits in an unexpected element.
    """
    for value in known:
        if value:
            text = text.replace(value, MASK)

    # python-stdnum is imported on first use: it costs start-up time (it pulls in ssl and pydoc).
    from stdnum.no import fodselsnummer

    def _mask(match: re.Match[str]) -> str:
        return MASK if fodselsnummer.is_valid(match.group(0)) else match.group(0)

    return _ELEVEN_DIGITS.sub(_mask, text)


@dataclass(slots=True)
class Report:
    """Problems found for one input, with the verdict (used by ``validate``)."""

    source: str
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(p.severity is Severity.ERROR for p in self.problems)
