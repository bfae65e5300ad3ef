"""The unit of work of a batch: a list of inputs plus options → outputs written, and one record
per input (converted or valid, rejected with its problems, or skipped).

:func:`run_unit` is the only thing a runner calls: in this process, in a local process pool
(``--jobs``), or in a Dask task (``--dask``). It never raises for one input: an unexpected
exception becomes an ``INTERNAL_ERROR`` record for that input and the unit carries on. Records
and options are plain picklable data, so every runner gets the same answers.
"""

from __future__ import annotations

import errno
import importlib
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, cast

from .core.errors import (
    BusinessRuleError,
    ElhubCimError,
    InputReadError,
    Problem,
    mask_identity_numbers,
    printable,
    shown_name,
)
from .core.staging import refuse_special, special_file, stage

if TYPE_CHECKING:
    from .rules.config import RulesConfig

__all__ = [
    "Record",
    "Status",
    "WorkItem",
    "WorkOptions",
    "internal_error",
    "read_input",
    "run_unit",
]

Status = Literal["converted", "valid", "invalid", "rejected", "skipped"]

#: Echoed exception text is capped: an exception may carry a whole document.
_MAX_ECHO = 300

#: Series documents the mapping tables declare streamed (metering: CollectedData and the billing
#: document, both standards) given as local paths are validated and converted by streaming
#: (tests switch it off to compare with the whole-document path).
STREAMING = True


@dataclass(frozen=True, slots=True)
class WorkItem:
    """One input: a local path or an fsspec URL (or bytes read from stdin), and where its
    output goes (None: returned in the record, for standard output)."""

    index: int
    label: str
    source: str | None
    data: bytes | None = None
    destination: str | None = None
    size: int = 0
    overwrite: bool = False  # --force, or --resume redoing an output not in the manifest


def file_size(path: str | os.PathLike[str] | None) -> int:
    """Size in bytes of a local input for partitioning by size (0 when unknown: stdin, a URL,
    or a file that cannot be read, which its unit of work then reports)."""
    try:
        return os.stat(path).st_size if path is not None else 0
    except OSError:
        return 0


@dataclass(frozen=True, slots=True)
class WorkOptions:
    """What to do with each input (``validate`` or ``convert``) and how."""

    command: Literal["validate", "convert", "handler"]
    max_bytes: int
    # handler: "package.module:function", called as function(item, options) -> Record for each
    # input. Process features (monitor extraction) plug into the runners this way, without this
    # lower layer importing them.
    handler: str | None = None
    validate: bool = True
    # validate
    rules: bool = True
    as_of: datetime | None = None
    strict: bool = False
    # the rule settings of validate --rules-config (read once by the command: a pipe holds them
    # for one read, and a remote Dask worker has no such file)
    rules_config: RulesConfig | None = None
    # convert
    target: str = "cim"
    output_format: str = "xml"
    brs: str | None = None
    minimise_for: str | None = None
    allow_loss: bool = False
    compact: bool = False
    elhub_glns: tuple[str, ...] = ()
    # Whether run_unit flushes the outputs it wrote before returning (a local runner flushes
    # them itself, in the background: elhub_cim.core.durability.Flusher).
    flush: bool = True


@dataclass(slots=True)
class Record:
    """What became of one input."""

    index: int
    label: str
    status: Status
    problems: list[Problem] = field(default_factory=list)
    losses: list[Problem] = field(default_factory=list)
    findings: list[Problem] = field(default_factory=list)  # business rules, input converted
    io_error: bool = False
    internal_error: bool = False
    loss_refused: bool = False
    rules_refused: bool = False
    # The input converted, its output not written (a full disk, a permission refused): an
    # output there is left as it was (written whole or not at all), not removed as stale.
    write_failed: bool = False
    reason: str | None = None  # why skipped: "exists", "complete"
    message_type: str | None = None
    standard: str | None = None
    destination: str | None = None
    output_size: int | None = None
    output_digest: str | None = None
    data: bytes | None = None  # the output, when it goes to standard output
    payload: Any = None  # what a handler returns for the client (picklable)


def internal_error(item: WorkItem, error: BaseException | str) -> Record:
    """The record of an input on which something unexpected happened (a bug, a dead worker)."""
    text = f"{type(error).__name__}: {error}" if isinstance(error, BaseException) else error
    text = mask_identity_numbers(text)
    if len(text) > _MAX_ECHO:
        text = text[:_MAX_ECHO] + "…"
    problem = Problem(
        "INTERNAL_ERROR",
        f"internal error (please report it): {text}; the other inputs carried on",
        file=item.label,
    )
    return Record(item.index, item.label, "rejected", problems=[problem], internal_error=True)


def run_unit(
    items: Sequence[WorkItem], options: WorkOptions, done: list[Record] | None = None
) -> list[Record]:
    """Run every input of ``items``; one record per input, in order. The local outputs it
    writes are on disk when it returns (flushed together at the end, not one by one: see
    ``elhub_cim.core.durability``), unless ``options.flush`` is False; an output whose flush
    failed is reported rejected.

    ``done``, when given, gets each record as its input is done (in the order they finish), so
    that a unit interrupted (KeyboardInterrupt) leaves the records of the inputs it finished,
    their outputs written (not flushed), with whoever called it."""
    if options.command == "convert":
        records = _convert_unit(items, options, done)
        if options.flush:
            flush_outputs(records)
        return records
    if options.command == "validate":
        return _validate_unit(items, options, done)
    records = []
    handler = _handler(options.handler)
    for item in items:
        try:
            record = handler(item, options)
        except Exception as error:  # one input must never stop the batch
            record = _internal(item, error)
        records.append(record)
        if done is not None:
            done.append(record)
    if options.flush:
        flush_outputs(records)
    return records


def flush_outputs(records: list[Record]) -> None:
    """Flush the converted records' local outputs to disk together (see
    ``elhub_cim.core.durability``); an output that could not be flushed is removed and its
    record becomes rejected."""
    from .core.durability import flush_files

    written = {path: record for record in records if (path := output_to_flush(record))}
    if not written:
        return
    for path, error in flush_files(written).items():
        refuse_unflushed(written[path], error)


def output_to_flush(record: Record) -> str | None:
    """The local file a record's input was converted to (None: nothing written here)."""
    if record.status != "converted" or record.destination is None:
        return None
    return local_file(record.destination)


def local_file(location: str) -> str | None:
    """The path on this machine's disk of an output ``location``: a path, or a ``file://``
    URL's path (written and flushed as a path is); None for any other URL."""
    if "://" not in location:
        return location
    if not location.startswith(("file://", "local://")):
        return None
    import fsspec
    from fsspec.implementations.local import LocalFileSystem

    fs, path = fsspec.core.url_to_fs(location)
    return str(path) if isinstance(fs, LocalFileSystem) else None


def refuse_unflushed(record: Record, error: OSError) -> None:
    """``record``'s output could not be flushed to disk: it is removed (it may be incomplete
    after a crash) and the record becomes rejected."""
    path = record.destination or ""
    Path(output_to_flush(record) or path).unlink(missing_ok=True)
    record.status = "rejected"
    record.io_error = True
    text = error.strerror or str(error)
    record.problems.append(
        Problem(
            "IO_ERROR",
            f"written but not flushed to disk: {text}: {shown_name(path)}",
            file=path,
        )
    )


def _handler(name: str | None) -> Callable[[WorkItem, WorkOptions], Record]:
    """The per-input function named ``package.module:function`` (imported where it runs)."""
    if not name or ":" not in name:
        raise ValueError(f"a handler is named 'package.module:function', not {name!r}")
    module, function = name.split(":", 1)
    found = getattr(importlib.import_module(module), function)
    if not callable(found):
        raise ValueError(f"{name} is not a function")
    return cast(Callable[[WorkItem, WorkOptions], Record], found)


def read_input(item: WorkItem, max_bytes: int) -> bytes | Path:
    """What a handler reads: bytes already in hand, bytes behind an fsspec URL, or a local
    path (raises :class:`InputReadError`)."""
    return _read(item, max_bytes)


def _read(item: WorkItem, max_bytes: int) -> bytes | Path:
    """The input: bytes already in hand, bytes behind an fsspec URL, or a local path."""
    if item.data is not None:
        return item.data
    assert item.source is not None
    if "://" not in item.source:
        # A Path, not a str: a name with a newline or '<' would be taken for document text.
        return Path(item.source)
    import fsspec

    from .core.safeparse import load_bytes

    try:
        with fsspec.open(item.source, "rb") as stream:
            return load_bytes(stream, max_bytes=max_bytes, name=item.label)
    except OSError as exc:
        raise InputReadError(
            [Problem("IO_ERROR", f"cannot read: {exc.strerror or exc}", file=item.label)]
        ) from exc


def _rule_sets(config: RulesConfig | None) -> Any:
    """The rule sets ``config`` configures (once per unit of work)."""
    if config is None:
        return None
    from .rules import configured_rule_sets

    return configured_rule_sets(config)


def _streamed(item: WorkItem) -> str | None:
    """The local file of a metering document (the read stage tells it from the root element,
    never reading the file): validated and converted by streaming (:mod:`elhub_cim.stream`),
    within its own size limit ``METERING_MAX_BYTES`` instead of ``--max-bytes``."""
    if not STREAMING or item.data is not None or item.source is None or "://" in item.source:
        return None
    from .stream import is_streamed

    return item.source if is_streamed(item.source) else None


def _validate_streamed(
    item: WorkItem, path: str, options: WorkOptions, rule_sets: Any
) -> Record | None:
    """The record of a metering file validated by streaming; ``None`` when the stream found
    anything and the whole-document path can read the file (within ``--max-bytes``): that path
    then gives its answer, so that a file reads the same whichever way it goes."""
    from .stream import validate_file

    within = file_size(path) <= options.max_bytes
    try:
        result = validate_file(
            path,
            rules=options.rules,
            strict=options.strict,
            as_of=options.as_of,
            rule_sets=rule_sets,
            name=item.label,
        )
    except ElhubCimError as error:
        if within:
            return None
        unreadable = isinstance(error, InputReadError)
        return Record(item.index, item.label, "invalid", list(error.problems), io_error=unreadable)
    if result.problems and within:
        return None
    return Record(
        item.index,
        item.label,
        "valid" if result.valid else "invalid",
        problems=result.problems,
        message_type=result.message_type.name if result.message_type else None,
        standard=result.message_type.standard.value if result.message_type else None,
    )


def _validate_first(item: WorkItem, options: WorkOptions, rule_sets: Any) -> Record | bytes | Path:
    """What an input's validation starts with: its record when it is done already (a metering
    file validated by streaming, an unreadable URL), else its source."""
    streamed = _streamed(item)
    if streamed is not None:
        record = _validate_streamed(item, streamed, options, rule_sets)
        if record is not None:
            return record
    try:
        return _read(item, options.max_bytes)
    except ElhubCimError as error:
        return Record(item.index, item.label, "invalid", list(error.problems), io_error=True)


def _first_pass(
    items: Sequence[WorkItem],
    first: Callable[[WorkItem], Record | bytes | Path],
    done: list[Record] | None = None,
) -> tuple[list[Record | None], list[tuple[int, bytes | Path]]]:
    """Each input's record where it is done before the batch (its output exists, streamed,
    unreadable), None for the others; and the others' positions with their sources. (``done``:
    as :func:`run_unit`'s.)"""
    records: list[Record | None] = [None] * len(items)
    pending: list[tuple[int, bytes | Path]] = []
    for number, item in enumerate(items):
        try:
            found = first(item)
        except Exception as error:  # one input must never stop the batch
            found = _internal(item, error)
        if isinstance(found, Record):
            records[number] = found
            if done is not None:
                done.append(found)
        else:
            pending.append((number, found))
    return records, pending


def _validate_unit(
    items: Sequence[WorkItem], options: WorkOptions, done: list[Record] | None = None
) -> list[Record]:
    """:func:`run_unit` for ``validate``: the unit's inputs validated together
    (:func:`elhub_cim.pipeline.validate_many`, a chunk at a time through each stage), each
    input's record as validating it alone gives it."""
    from .pipeline import validate_many

    try:
        rule_sets = _rule_sets(options.rules_config) if options.rules_config is not None else None
    except Exception as error:  # (as before: each input reports it)
        return [_internal(item, error) for item in items]
    records, pending = _first_pass(
        items, lambda item: _validate_first(item, options, rule_sets), done
    )
    results = validate_many(
        (source for _, source in pending),
        names=[items[number].label for number, _ in pending],
        max_bytes=options.max_bytes,
        rules=options.rules,
        as_of=options.as_of,
        strict=options.strict,
        rule_sets=rule_sets,
    )
    for (number, _), result in zip(pending, results, strict=True):
        item = items[number]
        if isinstance(result, Exception):
            records[number] = record = _internal(item, result)
            if done is not None:
                done.append(record)
            continue
        unreadable = any(p.code == InputReadError.default_code for p in result.problems)
        records[number] = record = Record(
            item.index,
            item.label,
            "valid" if result.valid and not unreadable else "invalid",
            problems=result.problems,
            io_error=unreadable,
            message_type=result.message_type.name if result.message_type else None,
            standard=result.message_type.standard.value if result.message_type else None,
        )
        if done is not None:
            done.append(record)
    return [record for record in records if record is not None]


def _conversion_options(options: WorkOptions) -> Any:
    from .mapping import ConversionOptions

    return (
        ConversionOptions(elhub_glns=frozenset(options.elhub_glns))
        if options.elhub_glns
        else ConversionOptions()
    )


def _convert_first(item: WorkItem, options: WorkOptions, settings: Any) -> Record | bytes | Path:
    """What an input's conversion starts with: its record when it is done already (its output
    exists, a metering file converted by streaming, an unreadable URL), else its source."""
    if item.destination is not None and not item.overwrite and output_exists(item.destination):
        return Record(
            item.index, item.label, "skipped", reason="exists", destination=item.destination
        )
    streamed = _streamed(item)
    if (
        streamed is not None
        and item.destination is not None
        and "://" not in item.destination
        and options.target in ("ebix", "cim")
        and options.output_format == "xml"
        and not options.minimise_for
    ):
        record = _convert_streamed(item, streamed, item.destination, options, settings)
        if record is not None:
            return record
    try:
        return _read(item, options.max_bytes)
    except ElhubCimError as error:
        return _refused(item, error)


def _refused(item: WorkItem, error: ElhubCimError) -> Record:
    from .convert import ConversionLossError

    return Record(
        item.index,
        item.label,
        "rejected",
        problems=list(error.with_file(item.label).problems),
        io_error=isinstance(error, InputReadError),
        loss_refused=isinstance(error, ConversionLossError),
        rules_refused=isinstance(error, BusinessRuleError),
    )


def _convert_unit(
    items: Sequence[WorkItem], options: WorkOptions, done: list[Record] | None = None
) -> list[Record]:
    """:func:`run_unit` for ``convert``: the unit's inputs converted together
    (:func:`elhub_cim.convert_many`, a chunk at a time through each stage), each input's record
    as converting it alone gives it; outputs written in input order."""
    from .convert import convert_many

    settings = _conversion_options(options)
    records, pending = _first_pass(
        items, lambda item: _convert_first(item, options, settings), done
    )
    results = convert_many(
        (source for _, source in pending),
        options.target,  # type: ignore[arg-type]
        names=[items[number].label for number, _ in pending],
        allow_loss=options.allow_loss,
        pretty=not options.compact,
        options=settings,
        max_bytes=options.max_bytes,
        brs=options.brs,
        rules=options.rules,
        strict=options.strict,
    )
    for (number, _), result in zip(pending, results, strict=True):
        item = items[number]
        try:
            record = _converted(item, options, settings, result)
        except Exception as error:  # one input must never stop the batch
            record = _internal(item, error)
        records[number] = record
        if done is not None:
            done.append(record)
    return [record for record in records if record is not None]


def _internal(item: WorkItem, error: BaseException) -> Record:
    if os.environ.get("ELHUB_CIM_DEBUG"):
        # (masked and escaped as every other line: the exception may quote the input's path or
        # a value, with a terminal's escape sequence in it; the traceback keeps its lines)
        text = mask_identity_numbers("".join(traceback.format_exception(error)))
        sys.stderr.write("\n".join(printable(line) for line in text.split("\n")))
        sys.stderr.flush()
    return internal_error(item, error)


def _converted(item: WorkItem, options: WorkOptions, settings: Any, result: Any) -> Record:
    """The record of one input from what ``convert`` gave for it (or raised), its output
    written."""
    if isinstance(result, ElhubCimError):
        return _refused(item, result)
    if isinstance(result, Exception):
        return _internal(item, result)
    try:
        data = result.data
        withheld: list[Problem] = []
        if options.minimise_for:
            data, withheld = _minimised(result.document, options, settings)
        if options.output_format == "json":
            from .formats.cimjson import to_json
            from .formats.nordic_json import nordic_to_json

            write = nordic_to_json if options.target == "nordic-ediel" else to_json
            data = write(data, indent=None if options.compact else 2, name=item.label)
    except ElhubCimError as error:
        return _refused(item, error)
    losses = [problem.with_file(item.label) for problem in [*result.losses, *withheld]]
    findings = [problem.with_file(item.label) for problem in result.findings]
    record = Record(item.index, item.label, "converted", losses=losses, findings=findings)
    if item.destination is None:
        record.data = data
        return record
    try:
        write_output(item.destination, data, overwrite=item.overwrite, durable=False)
    except OSError as error:
        return _write_failed(item, item.destination, error)
    import hashlib  # here: validate does not load it (OpenSSL)

    record.destination = item.destination
    record.output_size = len(data)
    record.output_digest = hashlib.sha256(data).hexdigest()
    return record


def _convert_streamed(
    item: WorkItem, path: str, destination: str, options: WorkOptions, settings: Any
) -> Record | None:
    """The record of a metering file converted by streaming, its output written whole
    (atomically); ``None`` when the stream met anything (a loss, a finding, an error) and the
    whole-document path can read the file: that path then converts it, so that a file converts
    the same whichever way it goes (the output bytes are the same: tests/test_stream.py)."""
    from .pipeline import output_mode
    from .stream import convert_into

    within = file_size(path) <= options.max_bytes
    target = Path(destination)
    try:
        refuse_special(target)  # (a device, a named pipe: no output, never replaced)
        target.parent.mkdir(parents=True, exist_ok=True)
        # The stream writes into a staged file beside the output (one a batch knows for its
        # output's, should the worker be killed) and only a clean result is published, with
        # the mode of the output it replaces, or the umask's.
        fd, staged = stage(target)
    except OSError as error:
        return _write_failed(item, destination, error)
    handle = open(fd, "wb", closefd=True)  # noqa: SIM115 - closed in every path below
    try:
        os.fchmod(handle.fileno(), output_mode(target))
        result = convert_into(
            path,
            handle,
            to=options.target,  # type: ignore[arg-type]
            allow_loss=options.allow_loss,
            rules=options.rules,
            strict=options.strict,
            pretty=not options.compact,
            name=item.label,
            options=settings,
        )
        handle.close()  # (flushed to disk with the unit's other outputs)
        if within and (result.losses or result.findings):
            Path(staged).unlink(missing_ok=True)
            return None
        os.replace(staged, target)
    except ElhubCimError as error:
        handle.close()
        Path(staged).unlink(missing_ok=True)
        if within:
            return None
        return _refused(item, error)
    except OSError as error:
        handle.close()
        Path(staged).unlink(missing_ok=True)
        return _write_failed(item, destination, error)
    except BaseException:
        handle.close()
        Path(staged).unlink(missing_ok=True)
        raise
    import hashlib

    digest = hashlib.sha256()
    with open(target, "rb") as written:  # read back in blocks: never whole
        for block in iter(lambda: written.read(1 << 20), b""):
            digest.update(block)
    return Record(
        item.index,
        item.label,
        "converted",
        losses=[p.with_file(item.label) for p in result.losses],
        findings=[p.with_file(item.label) for p in result.findings],
        destination=destination,
        output_size=target.stat().st_size,
        output_digest=digest.hexdigest(),
    )


def write_error_text(destination: str, error: OSError) -> str:
    """Why ``destination`` could not be written, readably: a folder on its way that is a
    regular file, or a link that leads nowhere, is named as such (the system says "File
    exists" or "Not a directory")."""
    if "://" not in destination:
        if os.path.isdir(destination) and not os.path.islink(destination):
            return f"{shown_name(destination)} is a folder"
        special = special_file(destination)
        if special is not None:
            return f"{shown_name(destination)} is {special}: an output never replaces one"
        for parent in Path(destination).parents:
            if parent.exists():
                if not parent.is_dir():
                    return f"{shown_name(parent)} is not a folder"
                break
            if parent.is_symlink():  # (there, leading nowhere: mkdir says "File exists")
                try:
                    os.stat(parent)
                except OSError as looked:
                    if looked.errno == errno.ELOOP:
                        return f"{shown_name(parent)} is a symbolic link loop"
                return f"{shown_name(parent)} is a dangling symbolic link"
    return f"{error.strerror}: {shown_name(destination)}" if error.strerror else str(error)


def _write_failed(item: WorkItem, destination: str, error: OSError) -> Record:
    text = write_error_text(destination, error)
    return Record(
        item.index,
        item.label,
        "rejected",
        problems=[Problem("IO_ERROR", f"cannot write: {text}", file=destination)],
        io_error=True,
        write_failed=True,
    )


def output_exists(location: str) -> bool:
    if "://" not in location:
        return os.path.lexists(location)
    import fsspec

    fs, path = fsspec.core.url_to_fs(location)
    return bool(fs.exists(path))


def remove_output(location: str) -> bool:
    """Remove an earlier output at ``location`` (one unlink, or one delete of the object: it is
    there whole or gone); False when there was none (a folder there is no output: it stays).
    Raises OSError when it cannot be removed."""
    local = local_file(location)
    if local is not None:
        if special_file(local) is not None:  # (a device, a named pipe: no output, it stays)
            return False
        try:
            os.unlink(local)
        except (FileNotFoundError, NotADirectoryError):  # (a file on its way: none there)
            return False
        except IsADirectoryError:
            return False
        except PermissionError:  # (what some systems say of a folder)
            if os.path.isdir(local) and not os.path.islink(local):
                return False
            raise
        return True
    import fsspec

    fs, path = fsspec.core.url_to_fs(location)
    if not fs.exists(path):
        return False
    fs.rm_file(path)
    return True


def write_output(location: str, data: bytes, *, overwrite: bool, durable: bool = True) -> None:
    """Write one output whole: atomically (temporary file, rename) on a local disk; through
    fsspec's single put elsewhere (object stores publish an object whole or not at all).
    ``durable``: flushed to disk before the rename; False when the caller flushes the file
    system afterwards (:func:`run_unit`). A ``file://`` URL is written as its path: fsspec
    would write the file in place, and a killed worker would leave half of it."""
    local = local_file(location)
    if local is not None:
        from .pipeline import write_file

        write_file(local, data, overwrite=overwrite, durable=durable)
        return
    import fsspec

    fs, path = fsspec.core.url_to_fs(location)
    if not overwrite and fs.exists(path):
        raise FileExistsError(f"{shown_name(location)} exists (use --force to overwrite)")
    parent = path.rsplit("/", 1)[0]
    if parent:
        fs.makedirs(parent, exist_ok=True)
    fs.pipe_file(path, data)


def read_output(location: str) -> bytes | None:
    """An existing output's bytes (None when absent), to check it against the manifest."""
    try:
        if "://" not in location:
            with open(location, "rb") as stream:
                return stream.read()
        import fsspec

        with fsspec.open(location, "rb") as stream:
            data: bytes = stream.read()
            return data
    except (OSError, FileNotFoundError):
        return None


def output_matches(location: str, size: int, sha256: str) -> bool:
    """Whether an existing output has ``size`` bytes and that SHA-256 digest (False when it is
    absent or unreadable). Read in blocks, after the size: an output may be gigabytes."""
    import hashlib

    digest = hashlib.sha256()
    try:
        if "://" not in location:
            stream: Any = open(location, "rb")  # noqa: SIM115 - closed below
        else:
            import fsspec

            stream = fsspec.open(location, "rb").open()
        with stream:
            if "://" not in location and os.fstat(stream.fileno()).st_size != size:
                return False
            read = 0
            while block := stream.read(_DIGEST_BLOCK):
                read += len(block)
                if read > size:
                    return False
                digest.update(block)
    except OSError:
        return False
    return read == size and digest.hexdigest() == sha256


#: How much of an output is read at a time to check its digest.
_DIGEST_BLOCK = 1 << 20


def _minimised(document: Any, options: WorkOptions, settings: Any) -> tuple[bytes, list[Problem]]:
    """The document minimised for ``options.minimise_for`` and written in the target standard,
    and one warning per field the personal data policy removed."""
    from .convert import from_domain, missing_for
    from .minimise import minimise_report, policy_error

    role = None if options.minimise_for == "recipient" else options.minimise_for
    minimised = minimise_report(document, role)
    small = minimised.document
    missing = missing_for(small, options.target)
    if missing:
        # EMIF requires the customer in NotifyEndOfSupply: the previous supplier's form exists
        # in CIM only. Say so, naming what the policy withheld, instead of a schema error.
        raise policy_error(
            "MINIMISE_TARGET_REQUIRES",
            f"{type(document).__name__} for the {minimised.role} cannot be written in "
            f"{options.target}: the target requires what the personal data policy withholds "
            f"({', '.join(missing)}); write it in CIM",
        )
    data = from_domain(
        small,
        options.target,  # type: ignore[arg-type]
        allow_loss=options.allow_loss,
        pretty=not options.compact,
        options=settings,
    )
    return data, minimised.removed
