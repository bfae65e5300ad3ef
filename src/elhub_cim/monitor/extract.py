"""Build the event table from message files (``elhub-cim monitor extract``).

Every input is either *used* (it contributed to an event) or *skipped* with a reason; nothing is
dropped silently. The pipeline is the library's own: :func:`elhub_cim.parse` (hardened),
:func:`elhub_cim.core.identify`, then, for the message types the monitor reads,
:func:`elhub_cim.check` (XSD validation) and a reader working on the lxml tree.

How an outcome is decided, per 611 request (docs/monitor.md has the full text):

* answers are paired to requests by the id they reference (ebIX
  ``OriginalBusinessDocumentReference``; CIM ``originalTransactionIDReference`` /
  ``received_MarketDocument.mRID``), matched against the request's document id and record ids;
* a negative acknowledgement (ebIX status 41, CIM reason A02) makes the query ``rejected``;
  otherwise a response (``Response``/``UpfrontAccountingPointCharacteristics``) makes it
  ``approved``; with neither the outcome is unknown (empty);
* answers whose request is not among the inputs still make an event (one per referenced id), with
  the answer's recipient as actor, its creation time as event time and no purpose; a negative
  acknowledgement for another process (e.g. BRS-NO-313) that references no 611 request in the
  input is skipped.
"""

from __future__ import annotations

import contextlib
import io
import os
import secrets
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..batch import broken_link, file_status, folder_files
from ..core import csvsafe
from ..core.arguments import checked_flag, checked_path, refuse_one
from ..core.catalog import MessageType
from ..core.errors import (
    ElhubCimError,
    Problem,
    SchemaViolationError,
    internal_error,
    mask_identity_numbers,
    printable,
)
from ..core.identify import identify
from ..core.safeparse import DEFAULT_MAX_BYTES, checked_limit, parse
from ..core.staging import refuse_special
from ..pipeline import check, output_mode, publish_new
from ..work import Record, Status, WorkItem, WorkOptions, file_size
from .readers import (
    NotMonitored,
    Outcome,
    QueryRequest,
    StartOfSupplyRequest,
    reader_for,
)
from .schema import (
    COLUMN_NAMES,
    MIN_KEY_BYTES,
    QUERY,
    QUERY_BRS,
    START_OF_SUPPLY,
    Event,
    short_key,
    subject_of,
)

__all__ = [
    "ExtractResult",
    "Extractor",
    "Skipped",
    "extract",
    "iter_inputs",
    "load_key",
    "read_facts",
    "run_extraction",
    "write_events",
]

MESSAGE_SUFFIXES = (".xml",)


#: Why inputs are skipped, coarsely (for the summary line); the reason has the details.
NOT_USED = "not used by the monitor"
NOT_COUNTED = "not counted"
UNREADABLE = "unreadable or unknown"
INVALID = "invalid against its schema"
DUPLICATE = "duplicate"
NOT_XML = "not a .xml file"
UNUSABLE = "missing or unusable field"
INTERNAL = "internal error"
#: Categories that make ``monitor extract`` exit with 2: the input is broken, not merely another
#: kind of message, another process or a repeat of one already read.
FAILED = frozenset({UNREADABLE, INVALID, UNUSABLE, INTERNAL})


@dataclass(frozen=True, slots=True)
class Skipped:
    """An input that made no event, and why."""

    file: str
    reason: str
    category: str = NOT_COUNTED


@dataclass(slots=True)
class ExtractResult:
    events: list[Event]
    files: int  # inputs seen
    used: int  # inputs that contributed to an event
    skipped: list[Skipped]
    notes: list[str] = field(default_factory=list)  # anomalies that did not stop an input


def iter_inputs(paths: Iterable[str | Path]) -> Iterator[Path | Skipped]:
    """Files named, and every file under folders (recursively, sorted). Inside folders, a file
    that does not end in ``.xml`` is reported as skipped, never ignored silently; a path that does
    not exist raises :class:`FileNotFoundError`. One path given for ``paths`` is a TypeError
    (iterating over it would take each character for a path)."""
    refuse_one(paths, "paths", "path", "put it in a list")
    for item in paths:
        path = Path(item)
        if path.is_dir():
            # As validate and convert list a folder: linked folders followed (a loop skipped),
            # and what is not a regular file under it listed with its reason, never dropped.
            for found, error in folder_files(path, None):
                if isinstance(error, str):
                    yield Skipped(str(found), error, NOT_COUNTED)
                elif error is not None:
                    reason = f"cannot read folder: {error.strerror or error}"
                    yield Skipped(str(found), reason, UNREADABLE)
                elif found.suffix.lower() not in MESSAGE_SUFFIXES:
                    yield Skipped(str(found), "not a .xml file", NOT_XML)
                elif file_status(found) is not None:
                    yield found
                elif (broken := broken_link(found)) is not None:
                    yield Skipped(str(found), broken, UNREADABLE)
                else:
                    yield Skipped(str(found), "not a regular file", NOT_COUNTED)
        elif path.exists():
            yield path
        else:
            raise FileNotFoundError(str(item))


#: The longest key file read (32 random bytes are usual; their hex and a line end, more).
MAX_KEY_BYTES = 8192


def load_key(path: str | Path | None) -> tuple[bytes, bool]:
    """The pseudonymisation key: the bytes of ``path`` (at least 16), or a random key for this
    run. Returns (key, from_file)."""
    checked_path(path, optional=True)
    if path is None:
        return secrets.token_bytes(32), False
    try:
        with open(path, "rb") as file:  # (at most this far: /dev/zero or a log is no key file)
            data = file.read(MAX_KEY_BYTES + 1)
    except OSError as error:
        why = error.strerror or type(error).__name__
        raise ElhubCimError(
            [Problem("IO_ERROR", f"cannot read the key file: {why}", file=str(path))]
        ) from None
    if len(data) > MAX_KEY_BYTES:
        message = f"a key file holds at most {MAX_KEY_BYTES} bytes (is this the key?)"
        raise ElhubCimError([Problem("KEY_TOO_LONG", message, file=str(path))])
    data = data.strip()
    if len(data) < MIN_KEY_BYTES:
        raise ElhubCimError(
            [Problem("KEY_TOO_SHORT", "a key file must hold at least 16 bytes", file=str(path))]
        )
    return data, True


def _checked_key(key: object) -> bytes:
    """``key`` as the pseudonymisation key: bytes, at least :data:`MIN_KEY_BYTES` long."""
    if not isinstance(key, bytes | bytearray):
        raise TypeError(f"the pseudonymisation key is bytes, not {type(key).__name__}")
    if len(key) < MIN_KEY_BYTES:
        # (the caller's argument, not an input: load_key reports a key file's KEY_TOO_SHORT)
        raise short_key(len(key))
    return bytes(key)


@dataclass(slots=True)
class _Query:
    """A 611 query being assembled: its request (if seen) and the answers referencing it."""

    request: QueryRequest | None
    file: str | None
    reference: str | None = None  # the referenced id when the request itself was not seen
    approvals: list[tuple[Outcome, str]] = field(default_factory=list)
    rejections: list[tuple[Outcome, str]] = field(default_factory=list)


class Extractor:
    """Feed files with :meth:`add`; :meth:`finish` pairs answers to requests and makes events."""

    def __init__(
        self, key: bytes, *, validate: bool = True, max_bytes: int = DEFAULT_MAX_BYTES
    ) -> None:
        self._key = _checked_key(key)
        self._validate = checked_flag(validate, "validate")
        self._max_bytes = checked_limit(max_bytes)
        self._files = 0
        self._skipped: list[Skipped] = []
        self._seen: dict[tuple[str, str], str] = {}  # (kind, document id) → file
        self._requests: list[tuple[QueryRequest, str]] = []
        self._outcomes: list[tuple[Outcome, str]] = []
        self._starts: list[tuple[StartOfSupplyRequest, str]] = []

    def skip(self, file: str, reason: str, category: str = NOT_COUNTED) -> None:
        # (printed and written: one line, whatever a file name it quotes holds)
        self._skipped.append(Skipped(file, printable(mask_identity_numbers(reason)), category))

    @property
    def max_bytes(self) -> int:
        return self._max_bytes

    @property
    def validate(self) -> bool:
        return self._validate

    def count(self) -> None:
        """Count one input (:meth:`add` does; callers of :meth:`accept` call it themselves)."""
        self._files += 1

    def add(self, item: Path | Skipped) -> None:
        if not isinstance(item, str | os.PathLike | Skipped):
            # (the caller's mistake, not an input: it was counted and skipped as an internal
            # error, "please report it")
            raise TypeError(
                f"item is a path (str or os.PathLike) or a Skipped, not {type(item).__name__}"
            )
        self.count()
        if isinstance(item, Skipped):
            self._skipped.append(item)
            return
        try:
            self._add(item)
        except Exception as error:  # a bug must not stop the batch: skipped with the reason
            problem = internal_error(error, str(item))
            self.skip(str(item), f"{problem.code} {problem.message}", INTERNAL)

    def _add(self, item: Path) -> None:
        self.accept(str(item), read_facts(item, validate=self._validate, max_bytes=self._max_bytes))

    def accept(self, label: str, facts: Facts | Skipped) -> None:
        """Take what :func:`read_facts` made of the input ``label`` (the step that needs every
        input: duplicates are found here, in input order)."""
        if isinstance(facts, Skipped):
            self.skip(facts.file, facts.reason, facts.category)
            return
        kind = type(facts).__name__
        previous = self._seen.get((kind, facts.document_id))
        if previous is not None:
            self.skip(
                label, f"duplicate of {previous} (same document id {facts.document_id})", DUPLICATE
            )
            return
        self._seen[(kind, facts.document_id)] = label
        if isinstance(facts, QueryRequest):
            self._requests.append((facts, label))
        elif isinstance(facts, Outcome):
            self._outcomes.append((facts, label))
        else:
            self._starts.append((facts, label))

    def finish(self) -> ExtractResult:
        notes: list[str] = []
        queries: list[_Query] = []
        by_key: dict[str, _Query] = {}
        for request, file in self._requests:
            query = _Query(request, file)
            queries.append(query)
            for key in sorted(request.keys):
                if key in by_key:
                    notes.append(
                        f"{file}: id {key} is also used by {by_key[key].file}; answers go to the "
                        "first"
                    )
                    continue
                by_key[key] = query
        for outcome, file in self._outcomes:
            targets: list[_Query] = []
            for reference in outcome.references:
                found = by_key.get(reference)
                if found is not None and found not in targets:
                    targets.append(found)
            if not targets:
                if outcome.outcome == "rejected" and outcome.brs != QUERY_BRS:
                    self.skip(
                        file,
                        f"rejection for {outcome.brs or 'an unknown process'} that references no "
                        "BRS-NO-611 request in the input",
                    )
                    continue
                # The request is not among the inputs: one event per referenced id (or per
                # answer, if it references none), found again by later answers to the same id.
                references = outcome.references or (f"answer:{outcome.document_id}",)
                for reference in references:
                    placeholder = by_key.get(reference)
                    if placeholder is None:
                        placeholder = _Query(None, None, reference=reference)
                        queries.append(placeholder)
                        by_key[reference] = placeholder
                    if placeholder not in targets:
                        targets.append(placeholder)
            for query in targets:
                (query.approvals if outcome.outcome == "approved" else query.rejections).append(
                    (outcome, file)
                )
        events: list[Event] = []
        for query in queries:
            event, note = self._query_event(query)
            events.append(event)
            if note:
                notes.append(note)
        for start, file in self._starts:
            events.append(
                Event(
                    actor=start.actor,
                    event_time=start.sent,
                    kind=START_OF_SUPPLY,
                    metering_points=start.metering_points,
                    subject=None,
                    purpose=None,
                    outcome=None,
                    brs=start.brs,
                    document_id=start.document_id,
                    source_file=file,
                )
            )
        events.sort(key=lambda e: (e.event_time, e.actor, e.kind, e.document_id or ""))
        return ExtractResult(
            events=events,
            files=self._files,
            used=self._files - len(self._skipped),
            skipped=list(self._skipped),
            notes=[mask_identity_numbers(note) for note in notes],
        )

    def _query_event(self, query: _Query) -> tuple[Event, str | None]:
        answers = sorted(query.approvals + query.rejections, key=lambda a: (a[0].sent, a[1]))
        returned: list[str] = []
        for approval, _ in query.approvals:
            returned += [p for p in approval.metering_points if p not in returned]
        outcome = "rejected" if query.rejections else "approved" if query.approvals else None
        note = None
        if query.rejections and query.approvals:
            note = (
                f"query {_query_id(query)} has both a response ({query.approvals[0][1]}) and a "
                f"rejection ({query.rejections[0][1]}): counted as rejected"
            )
        request = query.request
        if request is not None:
            actor, sent, purpose = request.actor, request.sent, request.purpose
            document_id, file = request.document_id, query.file
            named = request.metering_points
        else:
            first_answer, file = answers[0]
            actor, sent, purpose = first_answer.actor, first_answer.sent, None
            reference = query.reference or ""
            document_id = first_answer.document_id if reference.startswith("answer:") else reference
            named = ()
        subject_text: str | None = None
        if named:
            subject_text = f"mp:{named[0]}"
        elif outcome == "approved" and returned:
            subject_text = (
                f"mp:{returned[0]}" if len(returned) == 1 else "mps:" + ",".join(sorted(returned))
            )
        elif request is not None and request.criteria:
            subject_text = "find:" + "|".join(f"{k}={v}" for k, v in request.criteria)
        event = Event(
            actor=actor,
            event_time=sent,
            kind=QUERY,
            metering_points=len(returned) if outcome == "approved" else len(named),
            subject=subject_of(self._key, subject_text) if subject_text else None,
            purpose=purpose,
            outcome=outcome,
            brs=QUERY_BRS,
            document_id=document_id,
            source_file=file,
        )
        return event, note


Facts = QueryRequest | Outcome | StartOfSupplyRequest


def read_facts(
    path: Path | str, *, validate: bool = True, max_bytes: int = DEFAULT_MAX_BYTES
) -> Facts | Skipped:
    """What one message file says for the monitor, or why it is skipped: parse, identify,
    validate, read. Independent of every other input, so it runs in parallel (``--jobs``,
    ``--dask``); pairing and duplicates are the :class:`Extractor`'s."""
    label = str(path)
    try:
        # A Path: a str is a path here, and parse would take one with a newline (a file name
        # may hold one) or a leading '<' for document text.
        document = parse(Path(path), max_bytes=max_bytes, name=label)
        message_type = identify(document)
    except ElhubCimError as error:
        return Skipped(label, _problem_text(error), UNREADABLE)
    reader = reader_for(message_type)
    if reader is None:
        return Skipped(label, f"{_type_name(message_type)} is not used by the monitor", NOT_USED)
    if validate:
        try:
            check(document)
        except SchemaViolationError as error:
            return Skipped(label, f"not valid against its schema: {_problem_text(error)}", INVALID)
        except ElhubCimError as error:
            return Skipped(label, _problem_text(error), UNREADABLE)
    try:
        return reader(document.root)
    except NotMonitored as reason:
        category = UNUSABLE if reason.unusable else NOT_COUNTED
        return Skipped(
            label, mask_identity_numbers(f"{_type_name(message_type)}: {reason.reason}"), category
        )


def extract_item(item: WorkItem, options: WorkOptions) -> Record:
    """The unit-of-work handler of ``monitor extract`` (``elhub_cim.work.run_unit``): the facts
    of one input travel back to the client in ``Record.payload``."""
    assert item.source is not None
    facts = read_facts(item.source, validate=options.validate, max_bytes=options.max_bytes)
    status: Status = "skipped" if isinstance(facts, Skipped) else "valid"
    return Record(item.index, item.label, status, payload=facts)


def run_extraction(
    extractor: Extractor,
    items: Sequence[Path | Skipped],
    *,
    jobs: int = 1,
    dask: str | None = None,
    announce: Callable[[str], object] = print,
    progress: Callable[[list[Path | Skipped]], Iterator[Path | Skipped]] | None = None,
) -> ExtractResult:
    """Feed ``items`` to ``extractor`` reading the files in ``jobs`` processes or on a Dask
    cluster (``dask``: an address or ``local:N``), in input order, and finish it. Whatever the
    runner, the events are the same; an input on which a worker dies is skipped as an internal
    error, never lost."""
    from ..runners import run_dask, run_local

    files = [item for item in items if isinstance(item, Path)]
    work = [
        WorkItem(number, str(path), str(path), size=file_size(path))
        for number, path in enumerate(files)
    ]
    options = WorkOptions(
        "handler",
        max_bytes=extractor.max_bytes,
        handler="elhub_cim.monitor.extract:extract_item",
        validate=extractor.validate,
    )
    if dask:
        records: Iterator[Record] = run_dask(work, options, dask, announce=announce)
    else:
        records = run_local(work, options, jobs)

    # Skipped entries found while listing keep their place among the files.
    walk = iter(items) if progress is None else progress(list(items))
    for item in walk:
        extractor.count()
        if isinstance(item, Skipped):
            extractor.accept(item.file, item)
            continue
        record = next(records)
        if record.internal_error or record.payload is None:
            problem = record.problems[0] if record.problems else None
            reason = f"{problem.code} {problem.message}" if problem else "INTERNAL_ERROR"
            extractor.skip(record.label, reason, INTERNAL)
            continue
        extractor.accept(record.label, record.payload)
    return extractor.finish()


def _query_id(query: _Query) -> str:
    return query.request.document_id if query.request else str(query.reference)


def _type_name(message_type: MessageType) -> str:
    return f"{message_type.name} ({message_type.standard.value})"


def _problem_text(error: ElhubCimError) -> str:
    problem = error.problems[0]
    where = f" (line {problem.line})" if problem.line else ""
    more = f" (+{len(error.problems) - 1} more)" if len(error.problems) > 1 else ""
    return mask_identity_numbers(f"{problem.code} {problem.message}{where}{more}")


def extract(
    paths: Iterable[str | Path],
    *,
    key: bytes,
    validate: bool = True,
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: Callable[[list[Path | Skipped]], Iterator[Path | Skipped]] | None = None,
    jobs: int = 1,
    dask: str | None = None,
) -> ExtractResult:
    """Events from message files and folders (see the module docstring), the files read in
    ``jobs`` processes or on a Dask cluster (``dask``: a scheduler's address, [tcp://]HOST:PORT,
    or ``local:N``; another text is a ValueError); the result is the same either way."""
    extractor = Extractor(key, validate=validate, max_bytes=max_bytes)
    checked_limit(jobs, "jobs", "a number of processes")
    from ..runners import checked_dask

    checked_dask(dask)
    items = list(iter_inputs(paths))
    return run_extraction(extractor, items, jobs=jobs, dask=dask, progress=progress)


# -- writing -------------------------------------------------------------------------------------


def events_csv(events: Iterable[Event]) -> str:
    buffer = io.StringIO()
    writer = csvsafe.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMN_NAMES)
    number = 0
    try:
        for number, event in enumerate(events, 1):  # noqa: B007 (read by the handler)
            writer.writerow(event.csv_row())
    except AttributeError:
        if isinstance(event, Event):
            raise
        raise TypeError(
            f"events: event {number} is a {type(event).__name__}, not an Event"
        ) from None
    return buffer.getvalue()


def output_format(path: str | Path) -> str:
    """``csv``, ``parquet``, or ``dataset``: a folder (a path ending in ``/`` or an existing
    folder) of Parquet files partitioned by actor and month."""
    if str(path).endswith(("/", os.sep)) or Path(path).is_dir():
        return "dataset"
    suffix = Path(path).suffix.lower()
    if suffix == ".csv":
        return "csv"
    if suffix in (".parquet", ".pq"):
        return "parquet"
    raise ValueError(
        f"{path}: the output must end in .csv or .parquet, or be a folder (end it in /) for "
        "Parquet partitioned by actor and month"
    )


def write_events(
    events: list[Event], path: str | Path, *, overwrite: bool = False, threads: int | None = None
) -> None:
    """Write ``events`` as CSV or Parquet (by the suffix), atomically.

    Parquet goes through DuckDB from a temporary CSV, loaded with the same checks
    ``monitor report`` applies, so every file written here is one the report accepts.
    """
    from .engine import connect, open_events

    checked_path(path)
    checked_flag(overwrite, "overwrite")
    if threads is not None:  # (0 was taken for "every CPU")
        checked_limit(threads, "threads", "a number of threads")
    refuse_one(events, "events", "Event", "put it in a list")
    fmt = output_format(path)
    target = Path(path)
    if fmt == "dataset":
        _write_dataset(events, target, overwrite=overwrite, threads=threads)
        _remove_leftovers(target)
        return
    # A name that is there, even a link to nothing, is not replaced without overwrite.
    if os.path.lexists(target) and not overwrite:
        raise FileExistsError(f"{target} exists (use --force to overwrite)")
    if overwrite:
        refuse_special(target)  # (a FIFO or device replaced by a file: as write_file refuses)
    # Published by a hard link without overwrite (refuses a name written meanwhile, as
    # write_file does); replaced with it.
    publish = os.replace if overwrite else publish_new
    text = events_csv(events)  # (before anything is made on disk: an event may be refused)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    mode = output_mode(target)
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        if fmt == "parquet":
            csv_tmp = tmp + ".csv"
            os.replace(tmp, csv_tmp)
            tmp = csv_tmp
            parquet_tmp = tmp + ".parquet"
            with connect(threads=threads) as con:
                source = open_events(con, [csv_tmp])
                escaped = parquet_tmp.replace("'", "''")
                con.execute(
                    f"COPY (SELECT * FROM {source.relation} ORDER BY event_time, actor) "  # noqa: S608
                    f"TO '{escaped}' (FORMAT parquet, COMPRESSION zstd)"
                )
            os.chmod(parquet_tmp, mode)  # written by DuckDB
            publish(parquet_tmp, target)
            Path(parquet_tmp).unlink(missing_ok=True)
            Path(tmp).unlink(missing_ok=True)
        else:
            publish(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        Path(tmp + ".parquet").unlink(missing_ok=True)
        raise
    _remove_leftovers(target)


def _remove_leftovers(target: Path) -> None:
    """Remove what a run killed while it wrote ``target`` left beside it (its temporary file
    ``.NAME.XXXXXXXX.tmp``, with ``.csv`` and ``.csv.parquet`` while converting to Parquet, or
    a dataset's temporary folder ``.NAME.XXXXXXXX``): as large as the output, and no other run
    would ever remove them. Nothing of another output's."""
    import re
    import shutil

    leftover = re.compile(
        rf"\.{re.escape(target.name)}\.[a-z0-9_]{{8}}(\.tmp(\.csv(\.parquet)?)?)?", re.DOTALL
    )
    try:
        entries = list(os.scandir(target.parent))
    except OSError:
        return
    for entry in entries:
        found = leftover.fullmatch(entry.name)
        if found is None:
            continue
        if found.group(1) is None:  # a folder, then, holding only what _write_dataset puts there
            with contextlib.suppress(OSError):
                if entry.is_dir(follow_symlinks=False) and set(os.listdir(entry.path)) <= {
                    "events.csv",
                    "data",
                    "previous",
                }:
                    shutil.rmtree(entry.path, ignore_errors=True)
        elif entry.is_file(follow_symlinks=False):
            with contextlib.suppress(OSError):
                os.unlink(entry.path)


def _write_dataset(
    events: list[Event], target: Path, *, overwrite: bool, threads: int | None
) -> None:
    """Parquet partitioned by actor and month (``actor=<GLN>/month=<YYYY-MM>/data_0.parquet``,
    month in Europe/Oslo time, as the monitor's days): ``monitor report`` reads the folder
    directly, and a query for one actor or month reads only its files. Each file holds every
    column (the partition keys are in the paths for pruning, not instead of the data). The
    folder appears whole or not at all: written beside the target, then renamed into place."""
    import shutil

    from .engine import connect, open_events

    if target.exists() and not overwrite:
        raise FileExistsError(f"{target} exists (use --force to overwrite)")
    if target.exists() and not target.is_dir():
        raise FileExistsError(f"{target} exists and is not a folder")
    text = events_csv(events)  # (before anything is made on disk: an event may be refused)
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        csv_path = work / "events.csv"
        csv_path.write_text(text, encoding="utf-8", newline="")
        data = work / "data"
        with connect(threads=threads) as con:
            source = open_events(con, [str(csv_path)])
            escaped = str(data).replace("'", "''")
            if events:
                con.execute(
                    "COPY (SELECT *, strftime(timezone('Europe/Oslo', event_time), '%Y-%m') "  # noqa: S608
                    f"AS month FROM {source.relation} ORDER BY event_time, actor) "
                    f"TO '{escaped}' (FORMAT parquet, COMPRESSION zstd, "
                    "PARTITION_BY (actor, month), WRITE_PARTITION_COLUMNS true)"
                )
            else:
                data.mkdir()
        # DuckDB creates the folders and files under the umask, as open() would (only the
        # temporary folder around them is private).
        if target.exists():
            os.replace(target, work / "previous")  # removed with the temporary folder
        os.replace(data, target)
    finally:
        shutil.rmtree(work, ignore_errors=True)
