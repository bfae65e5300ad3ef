"""The read/write pipeline: bytes → read stage (format, safe parse, identify, XSD) → rules →
bind, and back.

The stages live below (:mod:`elhub_cim.core`, :mod:`elhub_cim.formats`); this module chains them
and is what the public API (:mod:`elhub_cim`) exposes.
"""

from __future__ import annotations

import dataclasses
import errno
import functools
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, overload

from .core import chunks
from .core.arguments import checked_flag, checked_name, checked_path
from .core.catalog import MessageType, catalog
from .core.dates import checked_moment
from .core.errors import (
    BindingError,
    ElhubCimError,
    Problem,
    UnexpectedDocumentError,
    UnknownDocumentError,
    mask_identity_numbers,
)
from .core.logs import get_logger
from .core.safeparse import (
    DEFAULT_MAX_BYTES,
    ParsedDocument,
    Source,
    checked_limit,
    source_name,
)
from .core.safeparse import parse as parse_xml
from .core.staging import refuse_folder_name, refuse_special, stage
from .core.validation import validate_document
from .formats.cim import upgraded
from .formats.read import check, identified, parse

T = TypeVar("T")

if TYPE_CHECKING:  # the rules stand above this module: imported where they run
    from .rules import RuleSet

log = get_logger(__name__)

__all__ = [
    "ValidationResult",
    "check",
    "message_type_of",
    "read",
    "validate",
    "validate_many",
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


def validate(
    source: Source,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    name: str | None = None,
    rules: bool = True,
    as_of: datetime | date | None = None,
    strict: bool = False,
    rule_sets: Iterable[RuleSet] | None = None,
) -> ValidationResult:
    """Validate one input; never raises for bad input (problems are in the result).

    After the XSD, the business rules run (``rules=False`` skips them): Elhub's rules in force
    when the message was created (or ``as_of``), identifier check digits (warnings, errors
    when ``strict``), and what ``convert`` would refuse in a mapped document (``DOMAIN_INVALID``,
    ``CONVERT_CODE``), with the same codes, or a process its CIM form does not serve
    (``X-NO_PROCESS_NOT_FOR_DOCUMENT``, ``EH055``): a document ``validate`` accepts converts.
    ``rule_sets`` replaces the default rule sets
    (``rules.configured_rule_sets(rules.load_rules_config(FILE))``: other dates, switches).
    Many inputs: :func:`validate_many`.
    """
    settings = _Checks(max_bytes, rules, as_of, strict, rule_sets)
    job = _Validation(source, checked_name(name), settings)
    for step in _VALIDATE_STAGES:
        if step(job):
            break
    return _validated(job)


def validate_many(
    sources: Iterable[Source],
    *,
    names: Iterable[str | None] | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    rules: bool = True,
    as_of: datetime | date | None = None,
    strict: bool = False,
    rule_sets: Iterable[RuleSet] | None = None,
    chunk: int = chunks.CHUNK,
) -> Iterator[ValidationResult | Exception]:
    """Validate many inputs: for each source, in order, what :func:`validate` with the same
    arguments returns (or, for a bug or a source without its name, an exception; the others go
    on). The same stages as ``validate`` (XSD, business rules, the domain check), taken a chunk
    of inputs at a time, as :func:`elhub_cim.convert_many` does: sources are read a chunk at a
    time. ``names``: each input's name for messages, one for each source, as
    :func:`elhub_cim.convert_many` takes them (not as many: a ValueError at the call when both
    have a length, else each source past the last name has a ValueError as its outcome, and
    names left over are a ValueError after the last outcome). Should ``sources`` itself raise,
    the results of the sources taken before it did come first, then its error.

    >>> paths = sorted((EXAMPLES / "ebix").glob("RequestStartOfSupply*.xml"))
    >>> [r.valid for r in validate_many(paths)]
    [True, True, True]
    """
    # The rule sets once for all (a generator would be spent on the first input).
    settings = _Checks(max_bytes, rules, as_of, strict, rule_sets)
    jobs = (
        pair if isinstance(pair, Exception) else _Validation(*pair, settings)
        for pair in chunks.named(sources, names)
    )
    return chunks.in_chunks(
        jobs, _VALIDATE_STAGES, _validated, weight=_validation_weight, chunk=chunk
    )


class _Checks:
    """The arguments of :func:`validate` that are the same for every input."""

    __slots__ = ("as_of", "max_bytes", "rule_sets", "rules", "strict")

    def __init__(
        self,
        max_bytes: int,
        rules: bool,
        as_of: datetime | date | None,
        strict: bool,
        rule_sets: Iterable[RuleSet] | None,
    ) -> None:
        self.max_bytes = checked_limit(max_bytes)
        self.rules = checked_flag(rules, "rules")
        self.as_of = checked_moment(as_of)
        self.strict = checked_flag(strict, "strict")
        self.rule_sets = None if rule_sets is None else _checked_rule_sets(rule_sets)


class _Validation:
    """One input on its way through :func:`validate`'s stages."""

    __slots__ = ("document", "result", "settings", "source")

    document: ParsedDocument

    def __init__(self, source: Source, name: str | None, settings: _Checks) -> None:
        self.source = source
        self.settings = settings
        self.result = ValidationResult(
            source=mask_identity_numbers(name) if name else source_name(source)
        )


def _refused(stage: Callable[[_Validation], bool]) -> Callable[[_Validation], bool]:
    """``stage``, with an :class:`ElhubCimError` as the input's problems (its last stage)."""

    @functools.wraps(stage)
    def run(job: _Validation) -> bool:
        try:
            return stage(job)
        except ElhubCimError as exc:
            job.result.problems = list(exc.problems)
            return True

    return run


@_refused
def _xsd_stage(job: _Validation) -> bool:
    """Parsed (XML, or CIM JSON as XML), identified and XSD-validated (a 0.1 profile document
    upgraded): the last stage when it found problems, or the rules are off."""
    result = job.result
    document = parse(job.source, max_bytes=job.settings.max_bytes, name=result.source)
    result.message_type = identified(document)
    result.problems = validate_document(document, result.message_type)
    if not result.problems and result.message_type.legacy:
        document, result.message_type = upgraded(document, result.message_type)
    job.document = document
    return bool(result.problems) or not job.settings.rules


@_refused
def _rules_stage(job: _Validation) -> bool:
    from .rules import check as check_rules

    settings, result = job.settings, job.result
    assert result.message_type is not None  # (the XSD stage identified it)
    result.problems = check_rules(
        job.document,
        result.message_type,
        as_of=settings.as_of,
        strict=settings.strict,
        rule_sets=settings.rule_sets,
    )
    return False


@_refused
def _domain_stage(job: _Validation) -> bool:
    # Lazy, like the rules. Most documents read cleanly through a read plan kept in the
    # user's cache (no bindings, no tables, no engine); only the others need convert.
    from .mapping.reading import quick_check

    result = job.result
    assert result.message_type is not None
    if not quick_check(result.message_type, job.document.root):
        from .convert import domain_problems

        # A date out of range is named once (the rules met it first).
        seen = {p.code for p in result.problems if p.code == "DATE_OUT_OF_RANGE"}
        result.problems += [
            p for p in domain_problems(job.document, result.message_type) if p.code not in seen
        ]
    return True


#: :func:`validate`'s stages, in order (a stage returns True when the input is done).
_VALIDATE_STAGES = (_xsd_stage, _rules_stage, _domain_stage)


def _validation_weight(job: _Validation) -> int:
    document = getattr(job, "document", None)
    return document.size if document is not None else 0


def _validated(job: _Validation) -> ValidationResult:
    result = job.result
    log.debug(
        "validated %s (%s): %s, %d finding(s)",
        result.source,
        result.message_type.name if result.message_type else "unknown",
        "valid" if result.valid else "invalid",
        len(result.problems),
    )
    return result


@overload
def read(
    source: Source | ParsedDocument,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    name: str | None = None,
) -> object: ...


@overload
def read(
    source: Source | ParsedDocument,
    as_type: type[T],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    name: str | None = None,
) -> T: ...


def read(
    source: Source | ParsedDocument,
    as_type: type[Any] | None = None,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    name: str | None = None,
) -> Any:
    """Read a message into its typed binding (an xsdata dataclass).

    With ``as_type`` (a binding class) the result is checked to be one and typed as one; a
    different message raises :class:`UnexpectedDocumentError` (code ``DOC_UNEXPECTED``).
    Raises :class:`~elhub_cim.core.errors.MalformedXmlError`, :class:`UnknownDocumentError`,
    :class:`SchemaViolationError` or :class:`BindingError` (all ``ElhubCimError``).
    """
    from .core.binding import bind  # xsdata: imported by the commands that bind, not by `validate`

    if as_type is not None and not _is_binding_class(as_type):
        given = (
            f"the class {as_type.__name__}" if isinstance(as_type, type) else type(as_type).__name__
        )
        hint = (
            ": to_domain(source, model) reads into the domain model" if _is_model(as_type) else ""
        )
        raise TypeError(
            "as_type is a message binding class (e.g. type(elhub_cim.read(source))) or None, "
            f"not {given}{hint}"
        )
    document, message_type = check(source, max_bytes=max_bytes, name=name)
    message = bind(document.root, message_type, name=document.name)
    if as_type is not None and not isinstance(message, as_type):
        raise UnexpectedDocumentError(
            [
                Problem(
                    "DOC_UNEXPECTED",
                    f"expected {as_type.__name__}, got {message_type.name}",
                    file=document.name,
                )
            ]
        )
    return message


def _checked_rule_sets(rule_sets: Iterable[RuleSet]) -> tuple[RuleSet, ...]:
    """``rules.engine.checked_rule_sets`` (the rules load only where rule sets are given)."""
    from .rules.engine import checked_rule_sets

    return checked_rule_sets(rule_sets)


def _is_binding_class(value: object) -> bool:
    """Whether ``value`` is a generated message binding class (a dataclass with a namespace)."""
    meta = getattr(value, "Meta", None)
    return (
        isinstance(value, type)
        and dataclasses.is_dataclass(value)
        and bool(getattr(meta, "namespace", None))
    )


def _refuse_no_binding(instance: object, caller: str) -> None:
    """A TypeError unless ``instance`` is a bound message (a generated binding's object)."""
    if not _is_binding_class(type(instance)):
        hint = (
            ": from_domain(document, to=...) writes a domain document"
            if _is_model(type(instance))
            else ""
        )
        raise TypeError(
            f"{caller}() takes a bound message (from elhub_cim.read), "
            f"not {type(instance).__name__}{hint}"
        )


def _is_model(value: object) -> bool:
    """Whether ``value`` is a domain model class (pydantic)."""
    return isinstance(value, type) and hasattr(value, "model_fields")


def message_type_of(instance: object) -> MessageType:
    """The :class:`MessageType` of a bound message object."""
    _refuse_no_binding(instance, "message_type_of")
    from .core.binding import message_qname

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
    from .core.serialize import to_xml

    _refuse_no_binding(instance, "write")
    checked_flag(pretty, "pretty")
    checked_flag(validate_output, "validate_output")
    data = to_xml(instance, pretty=pretty)
    if validate_output:
        message_type = message_type_of(instance)
        document = parse_xml(data, name=f"<output {message_type.name}>")
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


def _umask() -> int:
    """The process's umask, read without changing it (other threads may be creating files)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    current = os.umask(0o022)  # no /proc: the classic read, set back at once
    os.umask(current)
    return current


def output_mode(target: Path) -> int:
    """The mode a new output gets: what ``open()`` would give (0o666 less the umask), or the
    mode of the file it replaces. (``mkstemp`` alone would always give 0o600.)"""
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        return 0o666 & ~_umask()


def write_file(
    path: str | os.PathLike[str], data: bytes, *, overwrite: bool = False, durable: bool = True
) -> None:
    """Write ``data`` atomically: a temporary file in the same folder, then a rename. A new file
    gets the umask's mode, a replaced one keeps its mode. ``durable``: flushed to disk before
    the rename (``fsync``); a batch passes False and flushes the file system once per unit of
    work instead (``elhub_cim.core.durability``). Arguments of the wrong type are a TypeError
    before anything is made on disk."""
    if not isinstance(data, bytes | bytearray | memoryview):
        hint = ": encode the text (UTF-8)" if isinstance(data, str) else ""
        raise TypeError(f"write_file() writes data as bytes, not {type(data).__name__}{hint}")
    checked_path(path)  # ("" too: pathlib's ".")
    checked_flag(overwrite, "overwrite")
    checked_flag(durable, "durable")
    refuse_folder_name(path)  # (pathlib drops the slash: "out/" would be a file "out")
    target = Path(path)
    if target.exists() and not overwrite:
        raise FileExistsError(f"{target} exists (use --force to overwrite)")
    if overwrite:
        refuse_special(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        # A name on the way that is no folder (a link to a folder not there): FileExistsError
        # here would say the *output* exists, and a caller take it for written before.
        raise NotADirectoryError(
            errno.ENOTDIR, "not a folder (a link to nothing?)", str(target.parent)
        ) from None
    fd, tmp = stage(target)
    try:
        os.fchmod(fd, output_mode(target))
        with os.fdopen(fd, "wb") as stream:
            stream.write(data)
            stream.flush()
            if durable:
                os.fsync(stream.fileno())
        if overwrite:
            os.replace(tmp, target)
        else:
            publish_new(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def publish_new(staged: str | os.PathLike[str], target: str | os.PathLike[str]) -> None:
    """Publish ``staged`` as ``target`` only if nothing is there (not even a file another
    process wrote since the caller looked): a hard link fails on an existing name, where a
    rename would replace it. Without hard links, as before: looked for, then renamed."""
    try:
        os.link(staged, target)  # (staged is a regular file: nothing to follow)
    except FileExistsError:
        raise FileExistsError(f"{target} exists (use --force to overwrite)") from None
    except OSError:  # (no hard links here: FAT, some network shares; a real error recurs)
        if os.path.lexists(target):
            raise FileExistsError(f"{target} exists (use --force to overwrite)") from None
        os.replace(staged, target)
        return
    os.unlink(staged)
