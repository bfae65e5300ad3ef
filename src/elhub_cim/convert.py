"""Conversion between ebIX (Elhub EMIF 2.4) and the CIM profile, through the domain model.

    >>> import elhub_cim
    >>> result = elhub_cim.convert(EXAMPLES / "ebix/RequestStartOfSupply-move-in.xml", to="cim")
    >>> result.target.name    # the CIM document in result.data, validated against our XSD
    'RequestChangeOfSupplier_MarketDocument'
    >>> print(result.document.header.process)    # the domain model in between
    BRS-NO-102
    >>> result.losses         # what was dropped (only with allow_loss=True; otherwise an error)
    ()

Nothing is lost silently: a field the target cannot carry makes the conversion fail with a
:class:`ConversionLossError` naming every such field, unless ``allow_loss=True``, in which case
the losses are reported in the result (by ``to_domain`` and ``from_domain``, which return no
result to hold them, as warnings on the ``elhub_cim`` logger).

The business rules that ``validate`` runs (Elhub's rules, our process cross-checks, identifier
check digits) run on the input too: their findings are in ``result.findings``; ``strict=True``
refuses the input on them (a :class:`~elhub_cim.core.errors.BusinessRuleError`; warnings count), and
``rules=False`` skips them.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Any, Literal, TypeVar, cast, overload

from lxml import etree
from pydantic import BaseModel, ValidationError

from .core import chunks
from .core.arguments import checked_flag, checked_name
from .core.catalog import MessageType, Standard
from .core.errors import (
    BindingError,
    BusinessRuleError,
    ElhubCimError,
    Problem,
    Severity,
    UnexpectedDocumentError,
    mask_identity_numbers,
    shown_argument,
    shown_value,
)
from .core.identify import identify
from .core.logs import get_logger
from .core.profile import brs_of, normalise_cim
from .core.safeparse import DEFAULT_MAX_BYTES, ParsedDocument, Source, checked_limit
from .core.validation import compiled_schema, schema_problems
from .core.xpath import ThreadXPath
from .domain.common import DOCUMENT_ID_PATTERN, BusinessDocument
from .formats import Format
from .formats import cim as cim_format
from .formats import ebix as ebix_format
from .formats.read import Read, check, load
from .formats.read import read as read_input
from .mapping import (
    ConversionOptions,
    DocumentMapping,
    build_tree,
    compiled,
    read_tree,
    tables,
)
from .mapping.engine import BuildResult, ReadResult
from .mapping.tables import Side, element_path, mapping_for_message

__all__ = [
    "TRANSPORT_MESSAGES",
    "Conversion",
    "ConversionLossError",
    "Target",
    "TransportMessageError",
    "convert",
    "convert_many",
    "domain_problems",
    "from_domain",
    "mapping_for_model",
    "to_domain",
]

Target = Literal["ebix", "cim"]

#: A domain document type, for :func:`to_domain`'s ``expect``.
D = TypeVar("D", bound=BusinessDocument)

log = get_logger(__name__)


class ConversionLossError(ElhubCimError):
    """The target standard cannot carry some fields of the input (names them all)."""

    default_code = "CONVERT_LOSS"


class UnsupportedDocumentError(ElhubCimError):
    """The document is valid but elhub-cim has no mapping for it (yet)."""

    default_code = "CONVERT_UNSUPPORTED"


class TransportMessageError(UnsupportedDocumentError):
    """The document is transport, not business content: it has no CIM form by decision."""

    default_code = "CONVERT_TRANSPORT"


#: EMIF messages that are transport, not business documents: never converted, by decision
#: (docs/cim-profile.md §0.9). The reason is the message a caller sees.
TRANSPORT_MESSAGES: dict[str, str] = {
    "PollForData": (
        "PollForData is transport, not converted: Elhub's SOAP poll for the messages queued for a "
        "party (it asks for documents and carries no business data); a CIM exchange polls its "
        "own way (docs/cim-profile.md §0.9)"
    ),
}


@dataclass(frozen=True, slots=True)
class Conversion:
    """The outcome of one conversion."""

    source: MessageType
    target: MessageType
    document: BusinessDocument
    data: bytes
    losses: tuple[Problem, ...] = ()
    findings: tuple[Problem, ...] = ()  # business-rule findings on the input

    def __repr__(self) -> str:
        # The output carries the input's data (a national identity number) by design: a log
        # line or a traceback that shows the result shows its size only (as Text does).
        return (
            f"Conversion(source={self.source!r}, target={self.target!r}, "
            f"document={self.document!r}, data=<{len(self.data)} bytes>, "
            f"losses={self.losses!r}, findings={self.findings!r})"
        )


def mapping_for_model(model: type[BaseModel]) -> DocumentMapping:
    mapping = tables.mapping_for_model(model)
    if mapping is None:
        raise UnsupportedDocumentError(f"no mapping for {model.__name__}")
    return mapping


def _side(standard: Standard) -> Side:
    if standard is Standard.EBIX:
        return "ebix"
    if standard is Standard.CIM:
        return "cim"
    raise UnsupportedDocumentError(f"conversion from {standard.value} documents is not supported")


def _loss_problems(
    losses: list[tuple[str, str]], name: str, code: str = "CONVERT_LOSS"
) -> list[Problem]:
    return [
        Problem(code, mask_identity_numbers(why), file=name, path=path, severity=Severity.WARNING)
        for path, why in losses
    ]


#: What the domain model's patterns mean, for messages (pydantic would print the regex).
_PATTERNS = {
    r"^[0-9]{13}$": "must be 13 digits (a GLN)",
    r"^[0-9]{18}$": "must be 18 digits (a GSRN)",
    DOCUMENT_ID_PATTERN: "must be a UUID in lower case (8-4-4-4-12 hexadecimal digits)",
}


def _validation_problems(error: ValidationError, name: str, read: ReadResult) -> list[Problem]:
    # Never echo the input value: it may be a national identity number.
    problems: list[Problem] = []
    for entry in error.errors(include_input=False, include_url=False):
        path, line = read.locate(tuple(entry["loc"]))
        text = entry["msg"]
        if entry["type"] == "string_pattern_mismatch":
            text = _PATTERNS.get(str((entry.get("ctx") or {}).get("pattern")), text)
        problems.append(
            Problem(
                "DOMAIN_INVALID",
                mask_identity_numbers(f"{'.'.join(str(p) for p in entry['loc'])}: {text}"),
                file=name,
                line=line,
                path=path,
            )
        )
    return problems


def _read(
    document: ParsedDocument, message_type: MessageType, options: ConversionOptions
) -> tuple[BusinessDocument, list[Problem]]:
    return _read_model(document, _read_values(document, message_type, options), options)


#: What :func:`_read_values` found: the document's mapping, its side, and its values as the
#: compiled plan read them (None: only the engine can tell).
_Values = tuple[DocumentMapping, Side, dict[str, Any] | None]


def _read_values(
    document: ParsedDocument, message_type: MessageType, options: ConversionOptions
) -> _Values:
    """The first half of :func:`_read`: the document's mapping (or why there is none) and the
    values of its compiled plan."""
    side = _side(message_type.standard)
    if side == "ebix" and message_type.name in TRANSPORT_MESSAGES:
        raise TransportMessageError(
            [
                Problem(
                    "CONVERT_TRANSPORT",
                    TRANSPORT_MESSAGES[message_type.name],
                    file=document.name,
                )
            ]
        )
    found = mapping_for_message(message_type)
    if found is None:
        raise UnsupportedDocumentError(
            [
                Problem(
                    "CONVERT_UNSUPPORTED",
                    f"no mapping for {message_type.name} (yet)",
                    file=document.name,
                )
            ]
        )
    mapping, _ = found
    return mapping, side, _compiled_values(mapping, side, document.root, options)


def _read_model(
    document: ParsedDocument, read: _Values, options: ConversionOptions
) -> tuple[BusinessDocument, list[Problem]]:
    """The second half of :func:`_read`: the domain model of the compiled plan's values, or
    the table engine's reading where the plan gave up or the model refuses its values (the
    engine then reports exactly what is wrong)."""
    mapping, side, values = read
    if values is not None:
        try:
            # Every mapped model is a BusinessDocument (tested over every table).
            return cast(BusinessDocument, mapping.model.model_validate(values)), []
        except (ValidationError, ElhubCimError):
            pass
    root = document.root
    if side == "cim":
        # UUIDs in lower case, times in Elhub's convention (Europe/Oslo offsets): the domain
        # holds what ebIX would write (profile §3, R3).
        root = _copy(root)
        normalise_cim(root, times="oslo")
    result = read_tree(mapping, side, root, options)
    if result.errors:
        raise BindingError(
            [
                Problem(
                    "CONVERT_CODE",
                    mask_identity_numbers(why),
                    file=document.name,
                    line=result.error_lines.get(path),
                    path=path,
                )
                for path, why in result.errors
            ]
        )
    try:
        model = cast(BusinessDocument, mapping.model.model_validate(result.values))
    except ValidationError as error:
        raise BindingError(_validation_problems(error, document.name, result)) from error
    return model, _loss_problems(result.losses, document.name)


def _with_lines(
    losses: list[Problem],
    document: ParsedDocument,
    message_type: MessageType,
    options: ConversionOptions,
) -> list[Problem]:
    """``losses`` of the writer (each names a domain field the target cannot carry) with the
    line of the input element the value was read from. Only on this rare path is the input
    read again, by the table engine, which keeps where each value came from."""
    found = mapping_for_message(message_type)
    if found is None:
        return losses
    mapping, side = found
    root = document.root
    if side == "cim":
        root = _copy(root)  # as _read normalises it (a copy keeps the source lines)
        normalise_cim(root, times="oslo")
    read = read_tree(mapping, side, root, options)
    located = []
    for problem in losses:
        line = read.locate(domain_location(problem.path))[1] if problem.path else None
        located.append(replace(problem, line=line) if line is not None else problem)
    return located


def domain_location(path: str) -> tuple[str | int, ...]:
    """``"series[0].period.resolution"`` as a pydantic-style location,
    ``("series", 0, "period", "resolution")``."""
    location: list[str | int] = []
    for part in path.split("."):
        name, _, rest = part.partition("[")
        if name:
            location.append(name)
        for index in rest.replace("]", "").split("[") if rest else ():
            location.append(int(index) if index.isdigit() else index)
    return tuple(location)


def _compiled_values(
    mapping: DocumentMapping, side: Side, root: etree._Element, options: ConversionOptions
) -> dict[str, Any] | None:
    """The document's values through its compiled plan; None when only the engine can tell (a
    loss, an error: the engine then reports it exactly)."""
    if not compiled.usable(mapping):
        return None
    try:
        return compiled.compiled_read(mapping, side, root, options)
    except (compiled.Fallback, ValidationError, ElhubCimError):
        return None


def _compiled_build(
    mapping: DocumentMapping,
    side: Side,
    model: BaseModel,
    options: ConversionOptions,
    pretty: bool = False,
) -> tuple[BuildResult, bytes | None] | None:
    """The tree through the compiled writer, with its UTF-8 text as ``_serialize(..., pretty)``
    would write it, less the declaration (None: interpreted); None when only the engine can
    tell."""
    if not compiled.usable(mapping):
        return None
    try:
        root, text = compiled.compiled_write(mapping, side, model, options, pretty=pretty)
    except (compiled.Fallback, ElhubCimError):
        return None
    return BuildResult(root), text


def _copy(root: etree._Element) -> etree._Element:
    """A copy of ``root`` that keeps source lines (problems point into the input)."""
    return copy.deepcopy(root)


#: Whether a tree holds comments or processing instructions (the safe parse leaves them out).
_HAS_NON_DATA = ThreadXPath("boolean(descendant::comment() | descendant::processing-instruction())")


def _plain(document: ParsedDocument) -> ParsedDocument:
    """``document`` with its tree made again of lxml's own elements, each keeping its source
    line; as it is when its text does not parse alone (an entity only its DTD defines)."""
    root = document.root
    try:
        # (a parser of its own: this is rare, and an lxml parser is not for sharing by threads)
        parser = etree.XMLParser(
            resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True
        )
        plain = etree.fromstring(etree.tostring(root, with_tail=False), parser)
    except etree.XMLSyntaxError:
        return document
    for given, made in zip(root.iter(), plain.iter(), strict=False):
        made.sourceline = given.sourceline
    return replace(document, root=plain)


def _as_parsed(document: ParsedDocument) -> ParsedDocument:
    """``document`` as the safe parse would have read its text. A tree the caller made or changed
    may hold comments or processing instructions, which split an element's text (``1<!---->23``
    is the value 123, of which ``.text`` holds ``1``) and which the readers, like the parse, do
    not expect: a copy without them, their texts merged, with the source lines kept. ``convert``
    needs none of this: it parses a given tree's text again.

    A tree of other element classes (lxml.objectify's, a caller's lookup: their ``len()`` and
    ``.text`` are not lxml's) is read as a plain one made from its text, with its source lines."""
    if type(document.root) is not etree._Element:
        document = _plain(document)
    if not _HAS_NON_DATA.compiled(document.root):
        return document
    root = _copy(document.root)
    etree.strip_tags(root, etree.Comment, etree.ProcessingInstruction)
    return replace(document, root=root)


def domain_problems(
    document: ParsedDocument, message_type: MessageType, options: ConversionOptions | None = None
) -> list[Problem]:
    """Why ``convert`` would refuse a schema-valid document for what it holds: values the domain
    model does not accept (``DOMAIN_INVALID``) and codes without a translation
    (``CONVERT_CODE``). Empty for documents without a mapping, and for losses (those depend on
    the target and on ``allow_loss``). ``validate`` reports these, so that what it accepts
    converts (docs/validation.md)."""
    options = options or ConversionOptions()
    document = _as_parsed(document)
    # The common case, a document that reads cleanly, through a read plan kept on disk: no
    # bindings, no tables (``elhub-cim validate`` starts fast). Anything else: the engine.
    if message_type.name not in TRANSPORT_MESSAGES and compiled.quick_check(
        message_type, document.root, options
    ):
        return []
    if mapping_for_message(message_type) is None:
        return []
    try:
        _read(document, message_type, options)
    except ElhubCimError as error:
        return list(error.problems)
    return []


@overload
def to_domain(
    source: Source | ParsedDocument,
    *,
    allow_loss: bool = False,
    options: ConversionOptions | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    name: str | None = None,
) -> BusinessDocument: ...


@overload
def to_domain(
    source: Source | ParsedDocument,
    expect: type[D],
    *,
    allow_loss: bool = False,
    options: ConversionOptions | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    name: str | None = None,
) -> D: ...


def to_domain(
    source: Source | ParsedDocument,
    expect: type[BusinessDocument] | None = None,
    *,
    allow_loss: bool = False,
    options: ConversionOptions | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    name: str | None = None,
) -> BusinessDocument:
    """Read an ebIX or CIM document into its domain model.

    With ``expect`` (a domain model class) the result is typed as that model and checked to be
    one: another document raises :class:`~elhub_cim.core.errors.UnexpectedDocumentError`.
    Anything but a domain document class (its name, a model of no document) is a TypeError.

    >>> from elhub_cim.domain import StartOfSupplyRequest
    >>> path = EXAMPLES / "ebix/RequestStartOfSupply-move-in.xml"
    >>> request = to_domain(path, StartOfSupplyRequest)
    >>> request.metering_point, request.start
    ('707057500421739658', '2026-05-01T00:00:00+02:00')

    Raises :class:`ConversionLossError` when the input holds something the domain model does not
    carry (unless ``allow_loss``).
    """
    checked_name(name)
    checked_flag(allow_loss, "allow_loss")
    if expect is not None and not (
        isinstance(expect, type) and issubclass(expect, BusinessDocument)
    ):
        raise TypeError(f"expect is a domain document class {_EXPECTED}, not {_given(expect)}")
    document, message_type = check(source, max_bytes=max_bytes, name=name)
    model, losses = _read(_as_parsed(document), message_type, _checked_options(options))
    if expect is not None and not isinstance(model, expect):
        raise UnexpectedDocumentError(
            [
                Problem(
                    "DOC_UNEXPECTED",
                    f"expected {expect.__name__}, got {type(model).__name__} ({message_type.name})",
                    file=document.name,
                )
            ]
        )
    _refuse_or_report(losses, allow_loss)
    return model


#: What ``to_domain``'s ``expect`` is, for its error.
_EXPECTED = "(e.g. elhub_cim.domain.StartOfSupplyRequest) or None"


def _given(value: object) -> str:
    """What was given, for an error: a class by name, anything else by its type (never its
    value, which may be a national identity number)."""
    if isinstance(value, type):
        return f"the class {value.__name__}"
    hint = ": the class itself, not its name" if isinstance(value, str) else ""
    return f"{type(value).__name__}{hint}"


def _refuse_or_report(losses: list[Problem], allow_loss: bool) -> None:
    """Losses refused (:class:`ConversionLossError`), or, where the caller allows them and has
    no result to find them in (``to_domain``, ``from_domain``), reported on the package's
    logger as warnings, one per loss (its masking filter applies)."""
    if not losses:
        return
    if not allow_loss:
        raise ConversionLossError([_as_error(p) for p in losses])
    for problem in losses:
        log.warning("loss allowed: %s", problem.format())


def _as_error(problem: Problem) -> Problem:
    return Problem(problem.code, problem.message, problem.file, problem.line, problem.path)


def _serialize(root: etree._Element, side: Target, pretty: bool) -> bytes:
    if side == "cim":
        return cim_format.write(root, pretty=pretty)
    return ebix_format.write(root, pretty=pretty)


@functools.cache
def _required_in(model: type[BaseModel]) -> dict[str, tuple[str, ...]]:
    # Once per class: a miss through pydantic's __getattr__ (instance or class) costs ~4 us.
    return cast(dict[str, tuple[str, ...]], getattr(model, "required_in", {}))


def missing_for(model: BaseModel, side: str) -> list[str]:
    """Fields (dotted) the ``side`` standard requires that ``model`` leaves empty, where the
    domain model allows it (``required_in``: the previous supplier's end-of-supply notice)."""
    missing: list[str] = []
    for path in _required_in(type(model)).get(side, ()):
        if any(path.startswith(m + ".") for m in missing):
            continue
        value: object = model
        for part in path.split("."):
            value = getattr(value, part, None)
        if value is None or value == []:
            missing.append(path)
    return missing


def _build(
    model: BaseModel, side: Side, options: ConversionOptions, name: str
) -> tuple[etree._Element, MessageType, list[Problem]]:
    root, message_type, losses, _ = _build_written(model, side, options, name)
    return root, message_type, losses


def _build_written(
    model: BaseModel, side: Side, options: ConversionOptions, name: str, pretty: bool = True
) -> tuple[etree._Element, MessageType, list[Problem], bytes | None]:
    """:func:`_build`, with the output's bytes as :func:`_serialize` writes them when the
    compiled writer wrote its text (None: serialise the tree)."""
    return _checked_output(_unchecked_output(model, side, options, name, pretty), model, name)


#: What :func:`_unchecked_output` wrote: the tree (and its losses), its text from the compiled
#: writer (None: serialise the tree), the target's message type and side.
_Written = tuple[BuildResult, bytes | None, MessageType, Side]


def _unchecked_output(
    model: BaseModel, side: Side, options: ConversionOptions, name: str, pretty: bool
) -> _Written:
    """The first half of :func:`_build_written`: the output written, not yet validated."""
    mapping = mapping_for_model(type(model))
    if side not in mapping.message_types:
        raise UnsupportedDocumentError(
            [Problem("CONVERT_UNSUPPORTED", f"{mapping.name} has no {side} form", file=name)]
        )
    missing = missing_for(model, side)
    if missing:
        # Valid in the domain (and in CIM), but the target standard cannot do without these
        # fields: the previous supplier's end-of-supply notification (docs/receiving-roles.md), a
        # document lifted from DataHub 3 (cim-profile §0.7b). One problem per field, where it is.
        source: Side = "cim" if side == "ebix" else "ebix"
        raise UnsupportedDocumentError(
            [
                Problem(
                    "CONVERT_UNSUPPORTED",
                    f"{mapping.message_types[side].name} requires {field} ({side}: "
                    f"{element_path(mapping, field, side) or '?'}), which this "
                    f"{type(model).__name__} does not carry: it has no {side} form",
                    file=name,
                    path=element_path(mapping, field, source) or field,
                )
                for field in missing
            ]
        )
    compiled_built = _compiled_build(mapping, side, model, options, pretty)
    text: bytes | None = None
    if compiled_built is not None:
        built, text = compiled_built
    else:
        built = build_tree(mapping, side, model, options)
        if built.no_form:  # not a loss to allow: leaving the value out would change its meaning
            raise UnsupportedDocumentError(
                [
                    Problem("CONVERT_UNSUPPORTED", why, file=name, path=path)
                    for path, why in built.no_form
                ]
            )
        if side == "cim":
            normalise_cim(built.root, times="utc")  # UTC is normative in CIM (R3)
    return built, text, mapping.message_types[side], side


def _checked_output(
    written: _Written, model: BaseModel, name: str
) -> tuple[etree._Element, MessageType, list[Problem], bytes | None]:
    """The second half of :func:`_build_written`: the output validated against the target's
    XSD (what could not be carried, or the process the profile lacks, said by name)."""
    built, text, message_type, side = written
    schema = compiled_schema(message_type.schema_file)
    if not schema.validate(built.root):
        if built.losses:
            # What could not be carried explains the invalid output better than the XSD does
            # (e.g. a BRS outside the profile has no process type): no output can be made.
            raise UnsupportedDocumentError(
                [
                    Problem("CONVERT_UNSUPPORTED", mask_identity_numbers(why), file=name, path=path)
                    for path, why in built.losses
                ]
            )
        problems = schema_problems(schema, ParsedDocument(built.root, f"<{side} output>", 0))
        process = getattr(model, "header", None)
        brs = getattr(process, "process", None)
        if any((p.path or "").endswith("process.processType") for p in problems):
            # The document does not serve that process (profile matrix): say so by name.
            raise UnsupportedDocumentError(
                [
                    Problem(
                        "CONVERT_UNSUPPORTED",
                        f"{brs} is not a process of {message_type.name} in the CIM profile "
                        "(docs/cim-profile.md, matrix)",
                        file=name,
                    )
                ]
            )
        raise BindingError(
            [
                Problem(
                    "OUTPUT_INVALID", f"the {side} output is not valid: {p.message}", path=p.path
                )
                for p in problems
            ]
        )
    data = None if text is None else _XML_DECLARATION + text + b"\n"
    return built.root, message_type, _loss_problems(built.losses, name), data


#: What ``formats._xml.serialize`` writes before the document (and a final newline after it).
_XML_DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>\n'


def from_domain(
    document: BaseModel,
    to: Target,
    *,
    allow_loss: bool = False,
    pretty: bool = True,
    options: ConversionOptions | None = None,
) -> bytes:
    """Write a domain document as ebIX or CIM XML (validated against our XSDs).

    >>> request = to_domain(EXAMPLES / "ebix/RequestStartOfSupply-move-in.xml")
    >>> from_domain(request, to="cim").splitlines()[1].decode()[:43]
    '<cim:RequestChangeOfSupplier_MarketDocument'
    """
    if not isinstance(document, BusinessDocument):
        hint = ": convert(source, to=...) converts a message" if isinstance(document, bytes) else ""
        raise TypeError(
            "from_domain() takes a domain document (e.g. from to_domain), "
            f"not {type(document).__name__}{hint}"
        )
    if to not in ("ebix", "cim"):
        raise ValueError(f"to is 'ebix' or 'cim', not {shown_argument(to)}")
    checked_flag(allow_loss, "allow_loss")
    checked_flag(pretty, "pretty")
    settings = _checked_options(options)
    root, _, losses, data = _build_written(document, to, settings, "<document>", pretty)
    _refuse_or_report(losses, allow_loss)
    return data if data is not None else _serialize(root, to, pretty)


@functools.cache
def _check_rules() -> Callable[..., list[Problem]]:
    """``rules.check``, imported on first use (the rules load their sets) and then kept: an
    import statement in ``convert`` costs a call on every conversion."""
    from .rules import check

    return check


def convert(
    source: Source | ParsedDocument,
    to: Target | Literal["nordic-ediel"],
    *,
    allow_loss: bool = False,
    pretty: bool = True,
    options: ConversionOptions | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    name: str | None = None,
    brs: str | None = None,
    rules: bool = True,
    strict: bool = False,
) -> Conversion:
    """Convert a document to ``to``: "ebix", "cim" or "nordic-ediel" (the CIM profile's Nordic
    Ediel projection). The input may be ebIX, CIM profile XML, CIM JSON or a Nordic Ediel document
    (which lacks the BRS: give it as ``brs``, e.g. "BRS-NO-102"; a text that names no BRS the
    projection table knows is a ValueError, whatever the input). ebIX and CIM input carry their
    own BRS, which is kept: ``brs`` does not apply to them, so that one ``brs`` may go with
    inputs of every format (as ``--brs`` with a folder). See the module docs for losses and for
    the business rules (``rules``, ``strict``). Many documents: :func:`convert_many`."""
    settings = _Settings(to, allow_loss, pretty, options, max_bytes, brs, rules, strict)
    job = _Job(source, checked_name(name), settings)
    for stage in _STAGES:
        stage(job)
    return _finish(job)


#: :func:`convert_many`'s chunk: documents taken through each stage together.
CHUNK = chunks.CHUNK


def convert_many(
    sources: Iterable[Source | ParsedDocument],
    to: Target | Literal["nordic-ediel"],
    *,
    names: Iterable[str | None] | None = None,
    allow_loss: bool = False,
    pretty: bool = True,
    options: ConversionOptions | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    brs: str | None = None,
    rules: bool = True,
    strict: bool = False,
    chunk: int = CHUNK,
) -> Iterator[Conversion | Exception]:
    """Convert many documents: for each source, in order, what :func:`convert` with the same
    arguments returns, or the exception it raises (an :class:`ElhubCimError` for a refused
    input; any other exception is a bug to report). One input's failure never stops the others.

    The same stages as :func:`convert`, taken a chunk of documents at a time (up to ``chunk``
    documents, fewer when their input reaches 4 MiB): every document of the chunk is read, then
    judged by the business rules, then mapped, then written. A stage's code and data stay in
    the processor's caches from one document to the next, which makes a batch of small
    documents about a fifth faster than calling :func:`convert` on each (docs/performance.md).
    ``sources`` is consumed a chunk at a time, so memory stays flat for any number of them.
    ``names``: each input's name for messages, as ``convert``'s ``name``, one for each source.
    Where both have a length, names not as many as the sources are a ValueError at the call
    (no source read); else each source past the last name has a ValueError as its outcome, in
    its place (it is not read), and names left over once the sources ran out are a ValueError
    raised after the last outcome. Should ``sources`` itself raise (a generator whose listing
    fails), the results of the sources taken before it did come first, then its error, as a
    loop over ``convert`` would give them. One document given as ``sources`` is refused with a
    TypeError.

    >>> paths = sorted((EXAMPLES / "ebix").glob("RequestStartOfSupply*.xml"))
    >>> [r.target.name for r in convert_many(paths, to="cim")][:1]
    ['RequestChangeOfSupplier_MarketDocument']
    """
    settings = _Settings(to, allow_loss, pretty, options, max_bytes, brs, rules, strict)
    jobs = (
        pair if isinstance(pair, Exception) else _Job(*pair, settings)
        for pair in chunks.named(sources, names)
    )
    return chunks.in_chunks(jobs, _STAGES, _finish, weight=_weight, chunk=chunk)


def _weight(job: _Job) -> int:
    """The input bytes of a job through the read stage (0: refused there)."""
    found = getattr(job, "found", None)
    return found.document.size if found is not None else 0


def _checked_options(options: object) -> ConversionOptions:
    """``options``, or the default ones for None; anything else is a TypeError."""
    if options is None:
        return ConversionOptions()
    if not isinstance(options, ConversionOptions):
        raise TypeError(f"options is a ConversionOptions or None, not {type(options).__name__}")
    return options


def checked_brs(brs: object) -> str | None:
    """``brs``: None, or a BRS the Nordic projection table knows (``BRS-NO-102``), whatever
    the input (a typo is the caller's, told at the call, not with the first Nordic input)."""
    text = checked_name(brs, "brs")
    if text is None:
        return None
    from .mapping.projection import lift_brs

    known = lift_brs()
    if text in known:
        return text
    hint = ""
    if brs_of(text) in known:  # a local process code: NO102
        hint = f": {text} is a local process code: its BRS is {brs_of(text)}"
    numbered = sorted(b for b in known if b.startswith("BRS-NO-"))
    others = "".join(f", {b}" for b in sorted(known.difference(numbered)))
    raise ValueError(
        f"brs is the BRS of a Nordic Ediel input, BRS-NO-nnn (one of the {len(known)} the "
        f"projection table knows: {numbered[0]} ... {numbered[-1]}{others}) or None, "
        f"not {shown_value(text, 40)!r}{hint}"
    )


#: What ``to`` may be.
_TARGETS = ("ebix", "cim", "nordic-ediel")


class _Settings:
    """The arguments of :func:`convert` that are the same for every document."""

    # (a plain class: made on every call of ``convert``, where a dataclass's __init__ costs more)
    __slots__ = (
        "allow_loss",
        "brs",
        "max_bytes",
        "options",
        "pretty",
        "rules",
        "side",
        "strict",
        "to",
    )

    def __init__(
        self,
        to: Target | Literal["nordic-ediel"],
        allow_loss: bool,
        pretty: bool,
        options: ConversionOptions | None,
        max_bytes: int,
        brs: str | None,
        rules: bool,
        strict: bool,
    ) -> None:
        if to not in _TARGETS:
            shown = shown_argument(to)
            raise ValueError(f"to is one of {', '.join(map(repr, _TARGETS))}, not {shown}")
        self.to = to
        self.side: Target = "cim" if to == "nordic-ediel" else to
        self.allow_loss = checked_flag(allow_loss, "allow_loss")
        self.pretty = checked_flag(pretty, "pretty")
        self.options = _checked_options(options)
        self.max_bytes = checked_limit(max_bytes)
        self.brs = checked_brs(brs)
        self.rules = checked_flag(rules, "rules")
        self.strict = checked_flag(strict, "strict")


class _Job:
    """One document on its way through :func:`convert`'s stages: what each stage leaves for
    the next (see :data:`_STAGES`)."""

    __slots__ = (
        "data",
        "findings",
        "found",
        "losses",
        "model",
        "name",
        "output",
        "settings",
        "source",
        "target",
        "values",
        "written",
    )

    found: Read
    data: bytes  # the input's bytes, kept where the output is Nordic (see _read_stage)
    values: _Values
    losses: list[Problem]
    model: BusinessDocument
    written: _Written
    target: MessageType
    output: bytes

    def __init__(
        self, source: Source | ParsedDocument, name: str | None, settings: _Settings
    ) -> None:
        self.source = source
        self.name = name
        self.settings = settings
        self.findings: list[Problem] = []


def _read_stage(job: _Job) -> None:
    """The format detected once, the input parsed and validated; a Nordic document lifted into
    the profile."""
    settings = job.settings
    source: Source | ParsedDocument = job.source
    name = job.name
    if settings.to == "nordic-ediel":
        # Read once and kept: a Nordic input's losses are judged against it at the end
        # (_nordic_input), and a stream cannot be read a second time.
        job.data, name = load(source, max_bytes=settings.max_bytes, name=name)
        source = job.data
    job.found = read_input(source, max_bytes=settings.max_bytes, name=name, brs=settings.brs)


def _rules_stage(job: _Job) -> None:
    settings = job.settings
    if settings.rules:
        found = job.found
        job.findings = _check_rules()(found.document, found.message_type, strict=settings.strict)
        if settings.strict and any(p.severity is Severity.ERROR for p in job.findings):
            raise BusinessRuleError(job.findings)


def _values_stage(job: _Job) -> None:
    found = job.found
    job.values = _read_values(found.document, found.message_type, job.settings.options)


def _model_stage(job: _Job) -> None:
    found = job.found
    job.model, read_losses = _read_model(found.document, job.values, job.settings.options)
    job.losses = [*found.losses, *read_losses]


def _write_stage(job: _Job) -> None:
    settings = job.settings
    job.written = _unchecked_output(
        job.model, settings.side, settings.options, job.found.document.name, settings.pretty
    )


def _check_stage(job: _Job) -> None:
    settings = job.settings
    found = job.found
    side = settings.side
    root, job.target, build_losses, output = _checked_output(
        job.written, job.model, found.document.name
    )
    if build_losses and found.format in (Format.EBIX, Format.CIM):
        build_losses = _with_lines(
            build_losses, found.document, found.message_type, settings.options
        )
    job.losses += build_losses
    job.output = output if output is not None else _serialize(root, side, settings.pretty)
    del job.written  # (the output's tree: a chunk holds its documents' outputs as bytes only)


#: :func:`convert`'s stages, in order: what each leaves in the job is the next one's input.
#: :func:`convert_many` runs each over a chunk of documents before the next.
_STAGES: tuple[Callable[[_Job], None], ...] = (
    _read_stage,  # found: the input's format detected, parsed, XSD-valid (Nordic: lifted)
    _rules_stage,  # findings: the business rules (strict: refused on them)
    _values_stage,  # values: the mapping's compiled plan reads the tree
    _model_stage,  # model: the domain model (the table engine where the plan gave up)
    _write_stage,  # written: the target's text and tree (compiled writer, or the engine)
    _check_stage,  # target, output: XSD-validated output (losses located in the input)
)


def _nordic_input(job: _Job, found: Format) -> etree._Element:
    """The Nordic document a job read (its XML; DataHub 3's JSON as the XML it stands for)."""
    from .core.safeparse import parse_bytes
    from .formats import nordic_json

    data, label = job.data, job.found.document.name
    if found is Format.NORDIC_JSON:
        data = nordic_json.read(data, name=label, max_bytes=job.settings.max_bytes)
    return parse_bytes(data, name=label).root


def _finish(job: _Job) -> Conversion:
    """The Nordic projection where asked for, losses refused unless allowed: the result."""
    settings = job.settings
    found = job.found
    label, message_type = found.document.name, found.message_type
    target, output, losses = job.target, job.output, job.losses
    if settings.to == "nordic-ediel":
        from .formats import nordic

        projected = nordic.project(output, pretty=settings.pretty, name=label)
        # Lines would point into the intermediate CIM document, not the input: paths only.
        losses += [replace(p, file=label, line=None) for p in projected.losses]
        output = projected.data
        if losses and found.format in (Format.NORDIC, Format.NORDIC_JSON):
            # Nordic to Nordic: what is lost is told against the input, not the profile
            # document in between (E23 lifted as NO324 and written E23 again is no loss).
            losses = nordic.against_the_input(
                losses, _nordic_input(job, found.format), etree.fromstring(output), label
            )
        target = MessageType(
            Standard.NORDIC_EDIEL, projected.target, target.name, target.schema_file
        )
    if losses and not settings.allow_loss:
        raise ConversionLossError([_as_error(p) for p in losses])
    log.info(
        "converted %s: %s -> %s (%d loss(es), %d finding(s))",
        label,
        message_type.name,
        target.name,
        len(losses),
        len(job.findings),
    )
    return Conversion(message_type, target, job.model, output, tuple(losses), tuple(job.findings))


__all__ += ["UnsupportedDocumentError", "identify"]
