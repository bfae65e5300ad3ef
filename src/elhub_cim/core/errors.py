"""Problems and the exception hierarchy.

Every error elhub-cim raises derives from :class:`ElhubCimError`, itself a ``ValueError`` (as in
xsdata). An error carries one or more :class:`Problem` records: where (file, line, readable
element path), what (a stable code) and a message a person can act on.

National identity numbers (fødselsnummer, D-number, scheme ``Z01``) are personal data: they never
appear in a message. :func:`mask_identity_numbers` is applied to every message text built from
input, and again by :class:`Problem` itself, which also caps the length of what it echoes.
"""

from __future__ import annotations

import functools
import logging
import operator
import os
import re
import traceback
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field, replace
from enum import StrEnum
from typing import Any

__all__ = [
    "BindingError",
    "BusinessRuleError",
    "DateOutOfRangeError",
    "ElhubCimError",
    "InputReadError",
    "InputTooLargeError",
    "MalformedXmlError",
    "Problem",
    "SchemaViolationError",
    "Severity",
    "UnexpectedDocumentError",
    "UnknownDocumentError",
    "escaped",
    "internal_error",
    "is_identity_number",
    "is_shown",
    "mask_identity_numbers",
    "printable",
    "shorten",
    "shown_argument",
    "shown_name",
    "shown_text",
    "shown_value",
]

MASK = "<masked national id>"
#: The code of an unexpected exception (a bug) reported on the input that caused it.
INTERNAL_ERROR = "INTERNAL_ERROR"
#: A run of exactly eleven ASCII digits (next to a digit that is not ASCII too: a fullwidth
#: ``０`` after an identity number does not hide it), or of exactly eleven digits of any script.
_ELEVEN_DIGITS = re.compile(r"(?<![0-9])[0-9]{11}(?![0-9])|(?<!\d)\d{11}(?!\d)")
#: ASCII text with its digits as ``0`` and every other byte as ``.``: ``.`` + eleven ``0`` + ``.``
#: in it (with a ``.`` added at either end) is a run of exactly eleven digits, what
#: :data:`_ELEVEN_DIGITS` matches (see :func:`mask_identity_numbers`).
_DIGITS_AS_ZERO = bytes(0x30 if 0x30 <= byte <= 0x39 else 0x2E for byte in range(256))
_RUN_OF_ELEVEN = b"." + b"0" * 11 + b"."
_WEIGHTS_1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
_WEIGHTS_2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
#: Longest message or element path a :class:`Problem` keeps (an input value echoed in a message,
#: e.g. a namespace URI of megabytes, is cut; see :func:`shorten`).
MAX_MESSAGE_CHARS = 2000
#: Longest single input value shown inside a message.
MAX_VALUE_CHARS = 200


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


def _severity(value: object) -> Severity:
    """``value`` as a :class:`Severity` (its text, "error" or "warning", is one: a text is never
    ``Severity.ERROR`` by identity, and an error given so would count as none); anything else is
    a ValueError."""
    try:
        return Severity(value)  # type: ignore[arg-type]  # (refused below if no severity)
    except ValueError:
        raise ValueError(
            "a Problem's severity is a Severity ('error' or 'warning'), "
            f"not {shown_argument(value)}"
        ) from None


@dataclass(frozen=True, slots=True, init=False)
class Problem:
    """One finding about one input: where it is, a stable code and a readable message."""

    code: str
    message: str
    file: str | None = None
    line: int | None = None
    path: str | None = None
    severity: Severity = Severity.ERROR

    def __init__(
        self,
        code: str,
        message: str,
        file: str | None = None,
        line: int | None = None,
        path: str | None = None,
        severity: Severity = Severity.ERROR,
    ) -> None:
        # Written out, not the dataclass's __init__ and __post_init__: each field is set once,
        # through its slot (a frozen dataclass sets each by object.__setattr__, then again each
        # treated one), ~0.5 us less on every finding.
        # The last line of defence: whoever built the message, no identity number, no
        # unbounded echo of the input and no character that is not printable (a terminal's
        # escape sequence, a bidi override, a lone surrogate from JSON) leaves through a Problem.
        # Nearly every message is short printable ASCII with no run of exactly eleven digits,
        # which the treatment below returns as it is: found so in C (~5x cheaper; see
        # mask_identity_numbers for the run), any other message is treated.
        # The same messages recur (a rule's, an identifier's with the same placeholder): one
        # found so is remembered (a set lookup, ~15x cheaper than the test). Only such messages
        # are kept, so nothing the treatment would change (an identity number) is held here.
        if type(code) is not str:
            raise TypeError(f"a Problem's code is a str, not {type(code).__name__}")
        if type(severity) is not Severity:
            severity = _severity(severity)
        if line is not None and type(line) is not int:
            raise TypeError(f"a Problem's line is an int or None, not {type(line).__name__}")
        if type(message) is not str or message not in _PLAIN_MESSAGES:
            if not isinstance(message, str):
                raise TypeError(f"a Problem's message is a str, not {type(message).__name__}")
            if not (
                message.isascii()
                and len(message) <= MAX_MESSAGE_CHARS
                and message.isprintable()
                and _RUN_OF_ELEVEN not in b"." + message.encode().translate(_DIGITS_AS_ZERO) + b"."
            ):
                shown = shorten(printable(mask_identity_numbers(message)), MAX_MESSAGE_CHARS)
                if shown != message:
                    message = shown
            elif type(message) is str:
                if len(_PLAIN_MESSAGES) >= _SHOWN_KEPT:
                    _PLAIN_MESSAGES.clear()
                _PLAIN_MESSAGES.add(message)
        # File names and element paths recur on finding after finding: each is treated once and
        # remembered (a pure function of the text, so a remembered one is what treating gives).
        if file is not None:
            name = _SHOWN_FILES.get(file) if type(file) is str else None
            if name is None:
                if not isinstance(file, str | os.PathLike):
                    raise TypeError(
                        f"a Problem's file is a str, a path or None, not {type(file).__name__}"
                    )
                name = shown_name(file)
                _remember(_SHOWN_FILES, file, name)
            if name != file:
                file = name
        if path is not None:
            where = _SHOWN_PATHS.get(path) if type(path) is str else None
            if where is None:
                if not isinstance(path, str):
                    raise TypeError(f"a Problem's path is a str or None, not {type(path).__name__}")
                where = shorten(printable(mask_identity_numbers(path)), MAX_MESSAGE_CHARS)
                _remember(_SHOWN_PATHS, path, where)
            if where != path:
                path = where
        _set_code(self, code)
        _set_message(self, message)
        _set_file(self, file)
        _set_line(self, line)
        _set_path(self, path)
        _set_severity(self, severity)

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
        return _Shown(text)  # (of shown parts: a log record quotes it as it is)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["severity"] = self.severity.value
        return data

    def with_file(self, file: str | None) -> Problem:
        return self if self.file == file else replace(self, file=file)


#: The setters of Problem's slots (frozen: its own __init__ sets each field once through these).
_set_code, _set_message, _set_file, _set_line, _set_path, _set_severity = (
    getattr(Problem, name).__set__
    for name in ("code", "message", "file", "line", "path", "severity")
)
#: File names and element paths as a :class:`Problem` shows them, by the text it was given.
_SHOWN_FILES: dict[str, str] = {}
_SHOWN_PATHS: dict[str, str] = {}
#: Messages a :class:`Problem` keeps as they are (printable ASCII, short, no run of exactly
#: eleven digits), met before: their test is not made again.
_PLAIN_MESSAGES: set[str] = set()
#: At most this many texts are kept (then forgotten all at once), each at most this long: a
#: service that meets ever new names, or hostile input's long paths, cannot make them grow.
_SHOWN_KEPT = 4096
_SHOWN_KEY_CHARS = 2048


def _remember(shown: dict[str, str], text: str | os.PathLike[str], treated: str) -> None:
    """Keep ``treated``, what a :class:`Problem` shows for ``text`` (a plain, short text only)."""
    if type(text) is str and len(text) <= _SHOWN_KEY_CHARS:
        if len(shown) >= _SHOWN_KEPT:
            shown.clear()
        shown[text] = treated


class ElhubCimError(ValueError):
    """Base of every elhub-cim error; ``problems`` lists what was found."""

    default_code = "ELHUB_CIM"

    def __init__(self, message_or_problems: str | Sequence[Problem], *, file: str | None = None):
        if isinstance(message_or_problems, str):
            problems: tuple[Problem, ...] = (
                Problem(self.default_code, mask_identity_numbers(message_or_problems), file=file),
            )
        else:
            problems = tuple(self._problems(message_or_problems, file))
        if not problems:
            raise ValueError("an ElhubCimError needs at least one problem")
        self.problems = problems
        super().__init__("\n".join(p.format() for p in problems))

    @classmethod
    def _problems(cls, given: object, file: str | None) -> Iterator[Problem]:
        """The problems of ``given`` (with ``file``); anything else is a TypeError."""
        if isinstance(given, bytes | bytearray) or not isinstance(given, Iterable):
            raise TypeError(
                f"{cls.__name__} takes a message (str) or a list of Problem, "
                f"not {type(given).__name__}"
            )
        for number, problem in enumerate(given, 1):
            if not isinstance(problem, Problem):
                raise TypeError(
                    f"{cls.__name__}: problem {number} is a {type(problem).__name__}, not a Problem"
                )
            yield problem.with_file(file) if file else problem

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


class UnexpectedDocumentError(UnknownDocumentError):
    """A known document, but not the one the caller asked for (``to_domain(data, Model)``)."""

    default_code = "DOC_UNEXPECTED"


class SchemaViolationError(ElhubCimError):
    """The document is not valid against its XSD."""

    default_code = "XSD_INVALID"


class BindingError(ElhubCimError):
    """A schema-valid document that could not be bound to the typed classes (a bug or a
    schema/binding mismatch; reported, never ignored)."""

    default_code = "BIND_FAILED"


class DateOutOfRangeError(ElhubCimError):
    """A date or date-time in the input is valid XML but outside what can be computed with
    (e.g. ``9999-12-31T23:59:59Z`` is in year 10000 in Norwegian time)."""

    default_code = "DATE_OUT_OF_RANGE"


class BusinessRuleError(ElhubCimError):
    """The document breaks a business rule (Elhub's validation rules, check digits, ...)."""

    default_code = "RULE_BROKEN"


def is_identity_number(value: str) -> bool:
    """11 digits with both mod-11 check digits right: a fødselsnummer, D-number, H-number,
    FH-number or synthetic test number could be this value (birth date and century are not
    checked: masking a few harmless numbers too is the price of never showing a real one)."""
    if len(value) != 11 or not value.isdigit():
        return False
    return _check_digits_right(value)


@functools.lru_cache(maxsize=8192)
def _check_digits_right(value: str) -> bool:
    """Both mod-11 check digits of an 11-digit ``value`` right (kept: the same numbers, an EIC's
    or a customer's, come back message after message, each checked again by every mask)."""
    # The two mod-11 check digits of the fødselsnummer (as stdnum.no.fodselsnummer computes
    # them; written out here because stdnum costs start-up time and this runs on every Problem).
    digits = list(map(int, value))
    first: int = (11 - sum(map(operator.mul, _WEIGHTS_1, digits))) % 11
    second: int = (11 - sum(map(operator.mul, _WEIGHTS_2, digits))) % 11
    return first == digits[9] and second == digits[10]


def mask_identity_numbers(text: str, known: Iterable[str] = ()) -> str:
    """Replace national identity numbers in ``text``.

    ``known`` are values the caller found under scheme Z01 (masked whatever their check digits);
    any other 11-digit number that could be an identity number (:func:`is_identity_number`) is
    masked too, since a message must never leak one even when it sits in an unexpected element.
    """
    for value in known:
        if value:
            text = text.replace(value, MASK)
    # Most texts (every finding's message and path goes through here, twice) have no run of
    # exactly eleven digits (a GLN has 13): found in C by a byte translation, ~6x cheaper than
    # the regex's scan with its look-behind at every character. Exact: ASCII text has no other
    # digits than 0-9 for ``\d`` to match, and without such a run the regex matches nothing.
    # Other text (non-ASCII digits count for ``\d``) always goes through the regex.
    if text.isascii():
        digits = b"." + text.encode("ascii").translate(_DIGITS_AS_ZERO) + b"."
        at = digits.find(_RUN_OF_ELEVEN)  # the "." before the run: its first digit in text
        while at >= 0 and not is_identity_number(text[at : at + 11]):
            at = digits.find(_RUN_OF_ELEVEN, at + 12)  # runs share no digit, maybe a "."
        if at < 0:  # no run, or none of them an identity number: nothing to mask
            return text

    def _mask(match: re.Match[str]) -> str:
        return MASK if is_identity_number(match.group(0)) else match.group(0)

    return _ELEVEN_DIGITS.sub(_mask, text)


def printable(text: str) -> str:
    """``text`` with each character that is not printable written as its Python escape
    (``\\x1b``, ``\\u202e``, ``\\ud800``, ``\\n``): a message that quotes hostile input
    prints as one line of what it says, on any terminal, and encodes in UTF-8."""
    if text.isprintable():  # (nearly every text: one pass in C)
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def shorten(text: str, limit: int = MAX_VALUE_CHARS) -> str:
    """``text`` itself, or its start with how much was left out when longer than ``limit``
    (never longer than ``limit``, so shortening twice changes nothing)."""
    if len(text) <= limit:
        return text
    tail = f"... ({len(text)} characters)"
    return text[: max(limit - len(tail), 0)] + tail


class _Shown(str):
    """A text made to be shown (a name :func:`shown_name` gives, a Problem's line): shown again
    it is itself, so that a Problem made from another's fields (``dataclasses.replace``, a copy
    with another line, one that crossed from a worker) or a log record quoting one escapes
    nothing twice."""

    __slots__ = ()


def shown_text(text: str) -> str:
    """``text``, made to be shown already (of shown names and printable parts), marked so: a
    log record quotes it as it is, not escaped again."""
    return text if type(text) is _Shown else _Shown(text)


def is_shown(text: str) -> bool:
    """Whether ``text`` is made to be shown already (:func:`shown_name`, :func:`shown_text`)."""
    return type(text) is _Shown


def escaped(text: str) -> str:
    """``text`` with its backslashes escaped (``\\``), then its characters that are not
    printable (:func:`printable`): a text shown so is told apart from any other, a newline's
    ``\n`` from a backslash and an n."""
    if "\\" in text:
        text = text.replace("\\", "\\\\")
    return printable(text)


def shown_name(name: str | os.PathLike[str]) -> str:
    """A file name as it is printed, logged or reported: an identity number in it masked (an
    operator may name files after a customer) and characters that are not printable escaped
    (a newline or a terminal's escape sequence in a name prints as its escape), a backslash
    too (``\\``: a name's newline is never shown as another name's backslash and n). A name
    shown already is given back as it is. Not shortened: a name is where the operator finds
    the file."""
    if type(name) is _Shown:
        return name
    return _Shown(escaped(mask_identity_numbers(os.fspath(name))))


def shown_value(text: str, limit: int = MAX_VALUE_CHARS) -> str:
    """An input value as a message may quote it: identity numbers masked, characters that are
    not printable escaped, then shortened. Masking comes first: a cut inside an identity number
    would leave digits the mask no longer recognises."""
    return shorten(printable(mask_identity_numbers(text)), limit)


def shown_argument(value: object, limit: int = 40) -> str:
    """A caller's argument as an error about it quotes it: a text, a number or None as its
    repr, identity numbers masked (a number's digits may be one too), characters that are not
    printable escaped, cut short; any other value by its type only (its repr may hold anything,
    at any length, or fail)."""
    if isinstance(value, int) and value.bit_length() > 1000:  # (repr of 4300 digits fails)
        return f"an {type(value).__name__} of {value.bit_length()} bits"
    if value is None or isinstance(value, str | int | float):
        return shown_value(repr(value), limit)
    return f"a {type(value).__name__}"


@dataclass(slots=True)
class Report:
    """Problems found for one input, with the verdict (used by ``validate``)."""

    source: str
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(p.severity is Severity.ERROR for p in self.problems)


def internal_error(error: BaseException, file: str | None = None) -> Problem:
    """The problem reported for an unexpected exception on one input (a bug in elhub-cim), so
    that a batch reports it on that input and goes on. The traceback goes to the log (debug),
    masked like every message."""
    detail = " ".join(str(error).split())
    text = f"internal error ({type(error).__name__}{': ' + shown_value(detail) if detail else ''})"
    # The traceback, masked and escaped here, is part of the format (its lines kept: the
    # logger's filter escapes a text argument to one line, as the file's name is).
    masked = mask_identity_numbers("".join(traceback.format_exception(error)))
    shown_traceback = "\n".join(printable(line) for line in masked.split("\n"))
    logging.getLogger("elhub_cim").debug(
        "%s on %s:\n" + shown_traceback.replace("%", "%%"),
        INTERNAL_ERROR,
        shown_name(file) if file is not None else None,
    )
    return Problem(INTERNAL_ERROR, text + "; please report it with the input", file=file)
