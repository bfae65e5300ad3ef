"""Streaming of series documents: validate and convert files of gigabytes in flat memory.

A series document (EMIF ``CollectedData`` and ``NotifyValidatedDataForBillingEnergy``, CIM
``NotifyCollectedMeasureData_MarketDocument`` and ``NotifyValidatedMeasureData_MarketDocument``)
is a header and up to 9999 series of up to 9999 points. Which documents are streamed, and which
of their elements is the series, the mapping tables declare (``stream = {...}`` of a document,
:mod:`elhub_cim.mapping.streaming`); this module has no list of its own. Instead of parsing the
whole file, the file is read with lxml's ``iterparse``: each series, once parsed, is moved out
of the parse tree into a *chunk*, a small document of the header and that one series, and the
chunk goes through the same stages as any document (XSD, "not used" elements, business rules,
the domain model, the mapping tables, the target XSD). The converted series is written out at
once and dropped. Memory holds the header, one series in, one series out, and the set of series
ids (at most 9999, for the uniqueness the schemas and domain models ask): never the whole tree,
the domain model or a list of all points.

What the chunks cannot see is checked across them: the series ids are unique and there are at
most as many series as the document allows (9999: the EMIF and profile XSDs). Findings of the
header (a GLN check digit) are reported once, not once per series. Problems carry the input's
own line numbers; their paths name the series by its position
(``/CollectedData/PayloadEnergyTimeSeries[7]/...``).

The output is byte for byte what the non-streamed :func:`elhub_cim.convert.convert` writes
(tested), written to a temporary file beside the target and renamed when complete.

Limits: a streamed document may be as large as its table declares (16 GiB for the metering
documents, :data:`METERING_MAX_BYTES`: the largest valid one fits); documents that are not
streamed keep :data:`~elhub_cim.core.safeparse.DEFAULT_MAX_BYTES`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Literal

from lxml import etree

from .core.catalog import MessageType, catalog
from .core.errors import (
    BusinessRuleError,
    ElhubCimError,
    InputReadError,
    InputTooLargeError,
    MalformedXmlError,
    Problem,
    SchemaViolationError,
    Severity,
    mask_identity_numbers,
)
from .core.safeparse import (
    DTD_FORBIDDEN_MESSAGE,
    ParsedDocument,
    checked_limit,
    open_regular_file,
)
from .core.staging import refuse_folder_name, refuse_special, stage
from .formats.read import root_of_file
from .mapping.streaming import StreamPlan, stream_plan, stream_plans

if TYPE_CHECKING:
    from .mapping.rules import ConversionOptions
    from .rules import RuleSet

__all__ = [
    "METERING_MAX_BYTES",
    "StreamResult",
    "convert_file",
    "is_streamed",
    "streamed_message_type",
    "streamed_type",
    "streaming_limit",
    "validate_file",
]

#: Largest metering document read by streaming (16 GiB, as the mapping tables declare for
#: CollectedData and NotifyValidatedDataForBillingEnergy in both standards): memory does not grow
#: with the file, so the limit only bounds the time a runaway input can take.
METERING_MAX_BYTES = 16 * 1024**3


def __getattr__(name: str) -> Any:  # PEP 562: derived from the tables on first use
    if name == "STREAMED_DOCUMENTS":  # as before the tables declared it (root -> series element)
        return {root: plan.series for root, plan in stream_plans().items()}
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


Target = Literal["ebix", "cim"]


@dataclass(slots=True)
class StreamResult:
    """What streaming one document did: the series seen, findings, losses, problems."""

    source: str
    message_type: MessageType | None = None
    target: MessageType | None = None
    series: int = 0
    points: int = 0
    problems: list[Problem] = field(default_factory=list)  # validation: errors and warnings
    findings: list[Problem] = field(default_factory=list)  # business rules (convert)
    losses: list[Problem] = field(default_factory=list)  # convert: what the target cannot carry

    @property
    def valid(self) -> bool:
        return not any(p.severity is Severity.ERROR for p in self.problems)


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname


def streamed_message_type(namespace: str, name: str) -> MessageType | None:
    """The message type of a root element (namespace, local name) if its document is read by
    streaming."""
    if stream_plan(name) is None:
        return None
    found = catalog().get((namespace, name))
    return found if found is not None and not found.legacy else None


def streamed_type(root: etree._Element) -> MessageType | None:
    """The message type of a root element if its document is read by streaming."""
    qname = etree.QName(root)
    return streamed_message_type(qname.namespace or "", qname.localname)


def is_streamed(path: str | os.PathLike[str]) -> bool:
    """Whether the file is a metering document read by streaming: the read stage looks at its
    root element only (the file's first bytes, :func:`elhub_cim.formats.read.root_of_file`)."""
    root = root_of_file(path)
    return root is not None and streamed_message_type(*root) is not None


def streaming_limit(path: str | os.PathLike[str] | None = None) -> int:
    """The size limit of streaming the file ``path`` (its document's declared limit), or the
    largest limit any streamed document declares."""
    root = root_of_file(path) if path is not None else None
    plan = stream_plan(root[1]) if root is not None and streamed_message_type(*root) else None
    if plan is not None:
        return plan.max_bytes
    return max((p.max_bytes for p in stream_plans().values()), default=METERING_MAX_BYTES)


@dataclass(slots=True)
class _Chunk:
    document: ParsedDocument
    index: int  # 1-based position of the series in the file
    series: etree._Element


class _Reader:
    """Yields one chunk (header + one series) at a time; checks what spans chunks."""

    def __init__(self, path: Path, name: str, max_bytes: int | None) -> None:
        self.path = path
        self.name = name
        # None: the limit the document's table declares
        self.max_bytes = None if max_bytes is None else checked_limit(max_bytes)
        self.message_type: MessageType | None = None
        self.plan: StreamPlan | None = None
        self.series_tag = ""
        self.ids: set[str] = set()
        self.problems: list[Problem] = []
        # The parse tree's root: every child is moved out when parsed, so it stays empty.
        self.root: etree._Element | None = None
        # Set when the XSD refused a child of the root: it looks at nothing after that one,
        # so neither does the reader (the series' order and ids).
        self.closed = False

    def _refuse(self, code: str, message: str, line: int | None = None) -> ElhubCimError:
        error_class: type[ElhubCimError] = MalformedXmlError
        if code == "XML_TOO_LARGE":
            error_class = InputTooLargeError
        return error_class([Problem(code, message, file=self.name, line=line)])

    def chunks(self) -> Iterator[_Chunk]:
        # A regular file only, refused before any read (a FIFO without a writer would block,
        # /dev/zero never end); sized and parsed through the one descriptor checked.
        try:
            stream = open_regular_file(self.path)
        except OSError as exc:
            raise self._unreadable(exc) from exc
        with stream:  # closed however the caller stops
            try:
                size = os.fstat(stream.fileno()).st_size
                blank = not stream.read(4096).strip()
                stream.seek(0)
            except OSError as exc:
                raise self._unreadable(exc) from exc
            if blank:
                raise self._refuse("XML_EMPTY", "input is empty", 1)
            limit = self.max_bytes if self.max_bytes is not None else streaming_limit(self.path)
            if size > limit:
                raise self._refuse(
                    "XML_TOO_LARGE",
                    f"input is {size} bytes, over the streaming limit of {limit} bytes",
                )
            yield from self._parse(stream)

    def _unreadable(self, exc: OSError) -> InputReadError:
        return InputReadError(
            [Problem("IO_ERROR", f"cannot read: {exc.strerror or exc}", file=self.name)]
        )

    def _parse(self, stream: Any) -> Iterator[_Chunk]:
        parse = etree.iterparse(
            stream, events=("start", "end"), resolve_entities=False, no_network=True,
            load_dtd=False, remove_comments=True, remove_pis=True, huge_tree=False,
        )  # fmt: skip
        root: etree._Element | None = None
        header: list[etree._Element] = []
        self.root = None
        index = 0
        # The first element after the last series so far: only series may follow a series, and
        # such an element is in no chunk for the XSD to refuse (nor to convert). Its path
        # counts the root's children of its name before it (a second Header: Header[2]).
        after: etree._Element | None = None
        after_path = ""
        names: dict[str, int] = {}
        try:
            for event, element in parse:
                if root is None:
                    root = self.root = element
                    self._prefixed(root, parse.error_log)
                    self._start(root)
                    continue
                if event != "end" or element.getparent() is not root:
                    continue
                self._prefixed(element, parse.error_log)
                name = _local(element)
                if name != self.series_tag:
                    seen = names[name] = names.get(name, 0) + 1
                    if not index:
                        header.append(element)
                    elif after is None:  # nothing but series after the first series
                        after = element
                        after_path = f"/{_local(root)}/{name}" + (f"[{seen}]" if seen > 1 else "")
                    root.remove(element)
                    continue
                index += 1
                if after is not None:
                    self._unexpected(after, after_path, f"only {name} may follow a {name}")
                    after = None
                yield self._chunk(root, header, element, index)
        except etree.XMLSyntaxError as exc:
            line = exc.lineno if exc.lineno and exc.lineno > 0 else None
            message = " ".join(mask_identity_numbers(str(exc.msg or exc)).split())
            raise self._refuse("XML_MALFORMED", message, line) from exc
        if root is None:
            raise self._refuse("XML_EMPTY", "input is empty", 1)
        if after is not None:
            self._unexpected(after, after_path, f"nothing may follow the last {self.series_tag}")
        if index == 0:
            self.problems.append(
                Problem(
                    "XSD_CONTENT",
                    f"{self.message_type.name if self.message_type else 'the document'} has no "
                    f"{self.series_tag}: at least one is required",
                    file=self.name,
                    path=f"/{_local(root)}",
                )
            )

    def _unexpected(self, element: etree._Element, path: str, why: str) -> None:
        """An element after a series that is no series: the XSD stops at it (as libxml2
        reports it on the whole document), and at nothing after it."""
        if self.closed:
            return
        self.closed = True
        self.problems.append(
            Problem(
                "XSD_CONTENT",
                f"Element '{_local(element)}': This element is not expected ({why})",
                file=self.name,
                line=_line(element),
                path=path,
            )
        )

    def _prefixed(self, element: etree._Element, log: Any) -> None:
        """Refuses an element named with a prefix no namespace is declared for (``x:y``): the
        parser's namespace error, which it raises only at the end, and which reading the file
        whole reports (its first error, as lxml tells it)."""
        tag = element.tag
        if not isinstance(tag, str) or "{" in tag or ":" not in tag:
            return
        first = next((entry for entry in log if entry.level >= etree.ErrorLevels.ERROR), None)
        message = (
            f"{first.message}, line {first.line}, column {first.column}"
            if first is not None
            else f"Namespace prefix of {tag} is not defined"
        )
        line = first.line if first is not None and first.line > 0 else _line(element)
        raise self._refuse("XML_MALFORMED", " ".join(mask_identity_numbers(message).split()), line)

    def _start(self, root: etree._Element) -> None:
        docinfo: Any = root.getroottree().docinfo
        if docinfo.doctype or docinfo.internalDTD is not None:
            raise self._refuse("XML_DTD_FORBIDDEN", DTD_FORBIDDEN_MESSAGE, 1)
        message_type = streamed_type(root)
        plan = stream_plan(message_type.name) if message_type is not None else None
        if message_type is None or plan is None:
            raise self._refuse(
                "STREAM_UNSUPPORTED",
                f"{_local(root)} is not a series document read by streaming "
                f"(those are: {', '.join(sorted(stream_plans()))})",
            )
        self.message_type = message_type
        self.plan = plan
        self.series_tag = plan.series

    def _chunk(
        self, root: etree._Element, header: list[etree._Element], series: etree._Element, index: int
    ) -> _Chunk:
        # The root as written, its attributes and text too (the XSD judges them on every
        # chunk; a finding on the root is reported once), at its line in the input.
        chunk = etree.Element(root.tag, root.attrib, nsmap=root.nsmap)  # type: ignore[arg-type]
        chunk.text = root.text
        chunk.sourceline = root.sourceline
        for part in header:
            chunk.append(_copy(part))
        chunk.append(series)  # moved out of the parse tree: the parser keeps nothing
        assert self.plan is not None
        if self.closed:
            return _Chunk(ParsedDocument(chunk, self.name, 0), index, series)
        most = self.plan.most
        if index > most:
            self.problems.append(
                Problem(
                    "XSD_CONTENT",
                    f"more than {most} {self.series_tag} elements (the schema allows {most})",
                    file=self.name,
                    line=_line(series),
                    path=f"/{_local(root)}/{self.series_tag}[{index}]",
                )
            )
        if self.plan.unique is None:
            return _Chunk(ParsedDocument(chunk, self.name, 0), index, series)
        identification = series.find("/".join(f"{{*}}{step}" for step in
                                              self.plan.unique.split("/")))  # fmt: skip
        key = (identification.text or "").strip().lower() if identification is not None else ""
        if key and key in self.ids:
            self.problems.append(
                Problem(
                    "XSD_INVALID",  # as libxml2's identity-constraint error is reported
                    f"series id {key} appears twice (every series needs its own)",
                    file=self.name,
                    line=_line(identification) if identification is not None else None,
                    path=f"/{_local(root)}/{self.series_tag}[{index}]",
                )
            )
        self.ids.add(key)
        return _Chunk(ParsedDocument(chunk, self.name, 0), index, series)


def _copy(element: etree._Element) -> etree._Element:
    import copy

    return copy.deepcopy(element)  # keeps source lines


def _line(element: etree._Element) -> int | None:
    line = element.sourceline
    return line if isinstance(line, int) else None


_FIRST_SERIES = re.compile(r"^(\w+)\.0(?=[.:])")


def _renumber(problem: Problem, root: str, series_tag: str, index: int) -> Problem:
    """A chunk's path ``/Root/Series/...`` as the file's ``/Root/Series[index]/...`` (index 0:
    ``/Root/Series/...``, the only series)."""
    path = problem.path
    prefix = f"/{root}/{series_tag}"
    if path is None or not path.startswith(prefix):
        return problem
    rest = path[len(prefix) :]
    if rest.startswith("[1]"):
        rest = rest[3:]
    message = problem.message
    if index and problem.code == "DOMAIN_INVALID":
        # The domain model's place of the value (series.0.profiled.kind): the chunk's one
        # series is the file's index-th.
        message = _FIRST_SERIES.sub(lambda found: f"{found[1]}.{index - 1}", message, count=1)
    return Problem(
        problem.code,
        message,
        file=problem.file,
        line=problem.line,
        path=f"{prefix}[{index}]{rest}" if index else f"{prefix}{rest}",
        severity=problem.severity,
    )


def _in_series(problem: Problem, root: str, series_tag: str) -> bool:
    return (problem.path or "").startswith(f"/{root}/{series_tag}")


class _Findings:
    """Collects per-chunk problems: series problems renumbered, header ones reported once."""

    def __init__(self, root: str, series_tag: str) -> None:
        self.root = root
        self.series_tag = series_tag
        self.seen: set[tuple[str, str | None, int | None]] = set()
        self.items: list[Problem] = []

    def done(self, series: int) -> list[Problem]:
        """The problems, the series named as the whole document names it: by position when
        there are several, without one when the file holds a single series."""
        if series != 1:
            return self.items
        return [
            _renumber(p, self.root, self.series_tag, 0) if _in_series(p, self.root, self.series_tag)
            else p
            for p in self.items
        ]  # fmt: skip

    def add(self, problems: list[Problem], index: int) -> None:
        for problem in problems:
            if _in_series(problem, self.root, self.series_tag):
                self.items.append(_renumber(problem, self.root, self.series_tag, index))
                continue
            key = (problem.code, problem.path, problem.line)
            if key not in self.seen:
                self.seen.add(key)
                self.items.append(problem)


def _misplaced(problems: list[Problem]) -> bool:
    """Whether the reader found an element where the XSD refuses it (after the last series,
    past the most series, no series)."""
    return any(p.code == "XSD_CONTENT" for p in problems)


def _out_of_place(problem: Problem) -> bool:
    """Whether the XSD refused a child of the root where it stands (``/Root/Child``)."""
    return problem.code == "XSD_CONTENT" and (problem.path or "").count("/") == 2


def _points(series: etree._Element) -> int:
    return sum(1 for _ in series.iter("{*}Observation", "{*}Point"))


def validate_file(
    path: str | os.PathLike[str],
    *,
    rules: bool = True,
    strict: bool = False,
    as_of: datetime | date | None = None,
    rule_sets: Iterable[RuleSet] | None = None,
    max_bytes: int | None = None,
    name: str | None = None,
) -> StreamResult:
    """Validate a series document by streaming: XSD, "not used" elements, business rules and
    what the domain model refuses, series by series (what ``validate`` does for other files;
    ``as_of`` and ``rule_sets`` as there). ``max_bytes``: the document's declared limit unless
    given."""
    from .convert import domain_problems
    from .core.validation import validate_document
    from .rules import check as check_rules

    label = name or mask_identity_numbers(os.fspath(path))
    reader = _Reader(Path(path), label, max_bytes)
    result = StreamResult(label)
    # What the XSD finds, and what the rules and the domain model find: as reading the file
    # whole, the rules count only when no series failed the XSD, nor the series' order (a
    # repeated series id is not among those: the billing document's XSD lets it through).
    invalid: _Findings | None = None
    findings: _Findings | None = None
    for chunk in reader.chunks():
        message_type = reader.message_type
        assert message_type is not None
        if invalid is None or findings is None:
            result.message_type = message_type
            invalid = _Findings(message_type.name, reader.series_tag)
            findings = _Findings(message_type.name, reader.series_tag)
        result.series += 1
        result.points += _points(chunk.series)
        if reader.closed:
            continue
        problems = validate_document(chunk.document, message_type)
        invalid.add(problems, chunk.index)
        reader.closed = any(_out_of_place(p) for p in problems)
        if invalid.items or _misplaced(reader.problems) or not rules:
            continue
        problems = check_rules(
            chunk.document, message_type, as_of=as_of, strict=strict, rule_sets=rule_sets
        )
        if not any(p.severity is Severity.ERROR for p in problems):
            problems += domain_problems(chunk.document, message_type)
        findings.add(problems, chunk.index)
    if invalid is not None and (invalid.items or _misplaced(reader.problems)):
        findings = invalid
    result.problems = (findings.done(result.series) if findings else []) + reader.problems
    return result


def convert_file(
    path: str | os.PathLike[str],
    target: str | os.PathLike[str],
    to: Target,
    *,
    allow_loss: bool = False,
    rules: bool = True,
    strict: bool = False,
    pretty: bool = True,
    max_bytes: int | None = None,
    name: str | None = None,
    options: ConversionOptions | None = None,
) -> StreamResult:
    """Convert a series document to ``to`` by streaming, writing ``target`` atomically.

    Raises like :func:`elhub_cim.convert.convert` (``SchemaViolationError``,
    ``ConversionLossError`` unless ``allow_loss``, ``BusinessRuleError`` under ``strict``...);
    the target is then not written. The output equals the non-streamed conversion's.
    """
    from .pipeline import output_mode

    refuse_folder_name(target)
    destination = Path(target)
    refuse_special(destination)
    # Written beside the target and renamed when complete (never a half-written output).
    # (the atomic writer's name pattern, which a batch clears after a killed worker).
    fd, staged = stage(destination)
    handle = open(fd, "wb", closefd=True)  # noqa: SIM115 - closed in every path below
    try:
        os.fchmod(handle.fileno(), output_mode(destination))
        result = convert_into(
            path,
            handle,
            to,
            allow_loss=allow_loss,
            rules=rules,
            strict=strict,
            pretty=pretty,
            max_bytes=max_bytes,
            name=name,
            options=options,
        )
        handle.flush()
        os.fsync(handle.fileno())
        handle.close()
        os.replace(staged, destination)
    except BaseException:
        handle.close()
        Path(staged).unlink(missing_ok=True)
        raise
    return result


def convert_into(
    path: str | os.PathLike[str],
    handle: IO[bytes],
    to: Target,
    *,
    allow_loss: bool = False,
    rules: bool = True,
    strict: bool = False,
    pretty: bool = True,
    max_bytes: int | None = None,
    name: str | None = None,
    options: ConversionOptions | None = None,
) -> StreamResult:
    """:func:`convert_file`'s conversion, written to the binary stream ``handle`` (which the
    caller publishes, or not: a batch writes its own staged file, so that a killed worker
    leaves only a file it knows for its output's). On an error, ``handle`` holds part of an
    output."""
    from .convert import ConversionLossError, _as_error, _build, _read
    from .core.validation import validate_document
    from .mapping.rules import ConversionOptions
    from .rules import check as check_rules

    label = name or mask_identity_numbers(os.fspath(path))
    reader = _Reader(Path(path), label, max_bytes)
    result = StreamResult(label)
    options = options or ConversionOptions()
    writer = _Writer(handle, pretty)
    findings: _Findings | None = None
    losses: _Findings | None = None
    chunks = reader.chunks()
    try:
        for chunk in chunks:
            message_type = reader.message_type
            assert message_type is not None
            if findings is None or losses is None:
                result.message_type = message_type
                findings = _Findings(message_type.name, reader.series_tag)
                losses = _Findings(message_type.name, reader.series_tag)
            result.series += 1
            result.points += _points(chunk.series)
            invalid = validate_document(chunk.document, message_type)
            if invalid or reader.problems:
                problems = [_renumber(p, message_type.name, reader.series_tag, chunk.index)
                            for p in invalid]  # fmt: skip
                raise SchemaViolationError(problems + reader.problems)
            if rules:
                found = check_rules(chunk.document, message_type, strict=strict)
                if strict and any(p.severity is Severity.ERROR for p in found):
                    findings.add(found, chunk.index)
                    raise BusinessRuleError(findings.items)
                findings.add(found, chunk.index)
            try:
                model, read_losses = _read(chunk.document, message_type, options)
                out_root, target_type, build_losses = _build(model, to, options, label)
            except ElhubCimError as error:
                renumbered = [
                    _renumber(p, message_type.name, reader.series_tag, chunk.index)
                    for p in error.problems
                ]
                raise type(error)(renumbered) from error
            losses.add([*read_losses, *build_losses], chunk.index)
            result.target = target_type
            out_plan = stream_plan(target_type.name)
            writer.document(out_root, out_plan.series if out_plan is not None else "")
    except ElhubCimError as error:
        told = _as_whole(error, chunks, result.series, reader)
        if told is error:
            raise
        raise told from error
    if reader.problems:
        raise SchemaViolationError(reader.problems)
    if result.series == 0:
        raise SchemaViolationError(reader.problems)
    result.findings = findings.done(result.series) if findings else []
    result.losses = losses.done(result.series) if losses else []
    if result.losses and not allow_loss:
        raise ConversionLossError([_as_error(p) for p in result.losses])
    writer.close()
    return result


def _as_whole(
    error: ElhubCimError, chunks: Iterator[_Chunk], seen: int, reader: _Reader
) -> ElhubCimError:
    """``error``, met in the ``seen``-th series, as reading the file whole tells it: the rest
    of the file is read, unchecked and in flat memory (malformed XML further on is what the
    file is refused for, raised from here), and a file of one series names it without a
    position."""
    reader.closed = True  # (read, not checked)
    seen += sum(1 for _ in chunks)
    if seen != 1 or reader.message_type is None:
        return error
    root, tag = reader.message_type.name, reader.series_tag
    return type(error)(
        [_renumber(p, root, tag, 0) if _in_series(p, root, tag) else p for p in error.problems]
    )


class _Writer:
    """Writes the converted chunks as one document, in the form ``convert`` writes."""

    def __init__(self, handle: Any, pretty: bool) -> None:
        self.handle = handle
        self.pretty = pretty
        self.root_tag: str | None = None
        self.declarations: list[bytes] = []

    def document(self, root: etree._Element, series_tag: str) -> None:
        if self.root_tag is None:
            self._open(root)
            for child in root:
                if _local(child) != series_tag:
                    self._child(child)
        for child in root:
            if _local(child) == series_tag:
                self._child(child)

    def _open(self, root: etree._Element) -> None:
        shell = etree.Element(root.tag, nsmap=root.nsmap)  # type: ignore[arg-type]
        text: bytes = etree.tostring(shell, encoding="UTF-8")
        self.root_tag = text[1 : text.index(b" ")].decode()
        start = text[:-2] + b">"  # <x:Root xmlns:x="..."/> -> <x:Root xmlns:x="...">
        self.declarations = [
            f' xmlns:{prefix}="{uri}"'.encode() if prefix else f' xmlns="{uri}"'.encode()
            for prefix, uri in root.nsmap.items()
        ]
        self.handle.write(b'<?xml version="1.0" encoding="UTF-8"?>\n' + start)

    def _child(self, child: etree._Element) -> None:
        child.tail = None
        if self.pretty:
            etree.indent(child, space="  ", level=1)
        text: bytes = etree.tostring(child, encoding="UTF-8")
        end = text.index(b">")
        head = text[:end]
        for declaration in self.declarations:  # declared once, on the root
            head = head.replace(declaration, b"", 1)
        self.handle.write((b"\n  " if self.pretty else b"") + head + text[end:])

    def close(self) -> None:
        if self.root_tag is None:
            return
        self.handle.write((b"\n" if self.pretty else b"") + f"</{self.root_tag}>\n".encode())
