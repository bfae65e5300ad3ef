"""Batch plumbing for the CLI: inputs (files, folders, fsspec URLs, stdin), mirrored outputs,
output-name collisions, the tally and its closing line.

A batch never drops an input silently: every input ends in the tally as converted (or valid),
rejected with its reason, or skipped with its reason, and the counts add up to the number of
inputs. Files under a folder whose suffix is not a message suffix are counted and shown too.

Exit codes of the batch commands (``validate``, ``convert``):

- 0: every input is fine (converted, valid, or skipped because its output exists);
- 1: an input is invalid or was refused (conversion loss, rules, collision of output names);
- 2: usage or I/O error (an unreadable input, a dangling link, an unreadable folder, an output
  that cannot be written);
- 3: an internal error on an input (a bug: please report it); the other inputs still ran;
- 130: interrupted (Ctrl-C): the closing line says how many inputs were done; the outputs
  written are whole, and ``convert -O DIR --resume`` goes on from there;
- 143: stopped by SIGTERM (a service stopped, ``timeout``, ``kill``): as interrupted, the
  workers stopped, the manifest written, the closing line said;
- 141: standard output's reader went away (``| head``), as for a process SIGPIPE ends (a
  standard output that cannot be written otherwise, a full disk, is an I/O error: 2).

The highest applicable code wins.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import gc
import os
import stat
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Literal, overload

from .core.errors import InputReadError, Problem, shown_name
from .core.staging import is_leftover, is_nested_leftover, is_staged, special_file

if TYPE_CHECKING:  # work imports the conversion stack: loaded when a batch runs
    from .work import WorkItem

__all__ = [
    "EXIT_INTERNAL",
    "EXIT_INTERRUPTED",
    "EXIT_INVALID",
    "EXIT_OK",
    "EXIT_USAGE",
    "STDIN",
    "BatchInput",
    "Ignored",
    "StdoutLost",
    "Stopped",
    "Tally",
    "broken_link",
    "expand_inputs",
    "file_status",
    "find_collisions",
    "folder_files",
    "input_version",
    "is_url",
    "output_path",
    "remove_stale",
    "replaced_input",
    "stderr_kept",
    "to_stdout",
]

STDIN = "-"
MESSAGE_SUFFIXES = (".xml",)
EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
#: A batch interrupted (SIGINT, Ctrl-C): 128 + the signal's number, as shells report it.
EXIT_INTERRUPTED = 130


class Stopped(KeyboardInterrupt):
    """A signal other than SIGINT (SIGTERM) that ends a batch of the command line as Ctrl-C
    does: raised in the main thread by the handler :func:`stopped_by_signals` installs."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def interrupted_code(stop: BaseException) -> int:
    """The exit code of a batch that ``stop`` interrupted: 128 + the signal's number (130 for
    Ctrl-C's KeyboardInterrupt, 143 for SIGTERM), as shells report a process it ended. (A
    signal's number is ``stop.signum``: :class:`Stopped`, or the ``Terminated`` of the command's
    entry point, :mod:`elhub_cim_launch`.)"""
    signum = getattr(stop, "signum", None)
    return 128 + signum if isinstance(signum, int) else EXIT_INTERRUPTED


@contextlib.contextmanager
def stopped_by_signals() -> Iterator[None]:
    """While a batch of the command line runs: SIGTERM ends it as Ctrl-C does (:class:`Stopped`
    raised in the main thread: the workers stopped, the manifest written, the closing line said)
    instead of killing the process where it stands. When this process runs the inputs itself
    (``--jobs 1``), SIGINT and SIGTERM stop it once the input it runs is done (or amid it a
    little later: :func:`elhub_cim.runners.stop_between_inputs`), so that no output is written
    without its record. The first signal only: one more while the batch ends is ignored for
    SIGTERM (SIGKILL is the way to end it at once), and for SIGINT a KeyboardInterrupt. A signal
    ignored when it starts stays ignored. The handlers there before are restored afterwards;
    library calls install none. (Outside the main thread nothing is installed: Python takes
    signals there only.)"""
    import signal

    from .runners import stop_between_inputs, stop_now

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    raised = False

    def stop(signum: int, _frame: Any) -> None:
        nonlocal raised
        if raised:
            if signum == signal.SIGINT:
                raise KeyboardInterrupt
            return
        raised = True
        error = Stopped(signum)
        if not stop_between_inputs(error):
            raise error

    # (a signal this process was started with ignored stays ignored: POSIX starts a shell
    # script's background job with SIGINT ignored, so that Ctrl-C stops the script's foreground
    # only; Python keeps it so, and so does the batch)
    previous = {
        signum: signal.signal(signum, handler)
        for signum, handler in (
            (signal.SIGTERM, stop),
            (signal.SIGINT, stop),
            (signal.SIGALRM, stop_now),
        )
        if signum == signal.SIGALRM or signal.getsignal(signum) is not signal.SIG_IGN
    }
    try:
        yield
    finally:
        for signum, handler in previous.items():
            # (None: a handler not installed from Python, which Python cannot put back)
            signal.signal(signum, handler if handler is not None else signal.SIG_DFL)


class StdoutLost(Exception):
    """Standard output could not be written (a full disk behind ``> file``, a reader gone):
    what a command writes there is lost, said once as an I/O error by the command line."""

    def __init__(self, error: OSError) -> None:
        super().__init__(error.strerror or str(error))
        self.error = error


def to_stdout(data: bytes | str) -> None:
    """Write ``data`` (a text: a line) to standard output, flushed; raises :class:`StdoutLost`
    when it cannot be written (instead of a traceback, exit 1: the code of an input refused),
    or when there is none (closed, ``>&-``: Python has no ``sys.stdout``, and click would drop
    the text without a word)."""
    import click

    if sys.stdout is None:
        raise StdoutLost(OSError(errno.EBADF, "standard output is closed"))
    try:
        if isinstance(data, str):
            click.echo(data)  # (which flushes)
        else:
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
    except OSError as error:
        raise StdoutLost(error) from None


def not_empty(_context: Any, parameter: Any, value: str | None) -> str | None:
    """An output option's check (a click callback): empty (``-o "$OUT"`` with OUT unset) is a
    usage error naming the option, never taken as not given nor as a file of that name."""
    import click

    if value is not None and not value:
        text = "empty (an unset variable?): name a file or folder"
        if not getattr(parameter, "required", False):
            text += ", or leave the option out"
        raise click.BadParameter(text, param=parameter)
    return value


def is_url(text: str) -> bool:
    """An fsspec URL (``memory://...``, ``s3://...``, ``file://...``), not a local path."""
    return "://" in text


def _stdin() -> IO[bytes]:
    """Standard input's bytes stream; an OSError when there is none (closed, ``<&-``: Python
    has no ``sys.stdin``)."""
    if sys.stdin is None:
        raise OSError(errno.EBADF, "standard input is closed")
    return sys.stdin.buffer


def _unreadable_stdin(error: OSError, label: str) -> InputReadError:
    problem = Problem("IO_ERROR", f"cannot read: {error.strerror or error}", file=label)
    return InputReadError([problem])


def _read_stdin(max_bytes: int | None) -> bytes:
    """Standard input's bytes, as :func:`_read_stream` reads them."""
    return _read_stream(_stdin(), max_bytes)


def _read_pipe(path: Path, max_bytes: int | None) -> bytes:
    """A pipe's bytes, read once, as :func:`_read_stream` reads them."""
    with open(path, "rb") as stream:
        return _read_stream(stream, max_bytes)


def _read_stream(stream: IO[bytes], max_bytes: int | None) -> bytes:
    """Up to ``max_bytes`` + 1 bytes of a stream read once (the reader refuses more and says
    so: reading further would only fill memory), a piece at a time: one read of a limit beyond
    memory (``--max-bytes`` 2**80, no limit) would allocate it or overflow."""
    from .core.safeparse import read_at_most

    data = stream.read() if max_bytes is None else read_at_most(stream, max_bytes)
    assert isinstance(data, bytes)
    return data


@dataclass(frozen=True, slots=True)
class BatchInput:
    """One input of a batch: a file or URL (with the folder it was found under), or stdin."""

    label: str
    path: Path | None  # None = standard input or a URL
    base: Path | None = None  # the folder argument it was found under, for mirrored outputs
    url: str | None = None  # an fsspec URL instead of a local path
    base_url: str | None = None
    pipe: bool = False  # a FIFO or /dev/fd/N: read once, here (a second read finds nothing)
    size: int | None = None  # its size when listed (None: looked up when it becomes work)
    # What tells this input's content apart when listed (:func:`input_version`): recorded in
    # the manifest, so that --resume converts again an input that changed since.
    version: str | None = None

    def read_source(self, max_bytes: int | None = None) -> Any:
        """What a single-input command reads: standard input, a pipe's bytes (read once, here,
        up to ``max_bytes`` + 1: the reader refuses more) or the file's path."""
        if self.pipe and self.path is not None:
            try:
                return _read_pipe(self.path, max_bytes)
            except OSError as error:
                problem = Problem("IO_ERROR", f"cannot read: {error.strerror or error}")
                raise InputReadError([problem.with_file(self.label)]) from None
        if self.path is None:
            try:
                return _stdin()
            except OSError as error:
                raise _unreadable_stdin(error, self.label) from None
        return self.path

    def work_item(
        self,
        index: int,
        destination: str | None = None,
        *,
        overwrite: bool = False,
        max_bytes: int | None = None,
    ) -> WorkItem:
        """This input as a unit of work: standard input and a pipe are read here, once, in the
        client (a worker process cannot read them, and a second read finds nothing); a file or
        URL is read by the worker. A pipe is read up to ``max_bytes`` + 1 bytes (the worker
        refuses more)."""
        from .work import WorkItem, file_size

        data = None
        if self.path is None and self.url is None:
            # (up to max_bytes + 1, as a pipe: more would fill memory before being refused)
            try:
                data = _read_stdin(max_bytes)
            except OSError as error:  # (closed, <&-; or opened for writing only)
                raise _unreadable_stdin(error, self.label) from None
        if self.pipe and self.path is not None:
            with contextlib.suppress(OSError):  # else: the worker reports what reading met
                data = _read_pipe(self.path, max_bytes)
        source = self.url or (str(self.path) if self.path is not None else None)
        if data is not None:
            size = len(data)
        else:
            size = self.size if self.size is not None else file_size(self.path)
        return WorkItem(index, self.label, source, data, destination, size, overwrite=overwrite)


@dataclass(frozen=True, slots=True)
class Ignored:
    """A file under a folder argument that is not a message by its suffix (counted, shown)."""

    label: str
    reason: str


#: Why a linked folder under a folder argument is not read (it leads back to one being read).
LINK_LOOP = "symbolic link loop: a folder already being read"
#: Why the output folder, where it lies under a folder argument, is not read.
OUTPUT_FOLDER = "the output folder, not read as input"
#: Why a second name of a file met before (a link, a hard link, a name given twice) is not
#: read again: one file is one input, under the first name it was found by.
SAME_FILE = "the same file as another input, read once"


def folder_files(root: Path, exclude: Path | None) -> Iterator[tuple[Path, OSError | str | None]]:
    """Files under ``root`` with the error met on the way to each (``str``: why skipped).
    Linked folders are followed; one that leads to a folder already read (a loop, or a
    second link to it) is skipped with :data:`LINK_LOOP`, the output folder (``exclude``)
    with :data:`OUTPUT_FOLDER`: it is named, not silently passed over."""
    return iter([(Path(found), error) for found, error in _listing(root, exclude)])


def _listing(root: Path, exclude: Path | None) -> list[tuple[str, OSError | str | None]]:
    """:func:`folder_files` with each path as the text ``str(Path(...))`` gives: a path is
    built once per folder, each file's text from it (thousands of files per batch)."""
    errors: list[OSError] = []
    excluded = os.path.realpath(exclude) if exclude is not None else None
    found: list[tuple[str, OSError | str | None]] = []
    visited = {os.path.realpath(root)}
    for folder, subfolders, files in os.walk(root, onerror=errors.append, followlinks=True):
        prefix = _child_prefix(folder)
        kept = []
        # Real folders first: a folder reached both ways is read under its own name.
        for name in sorted(subfolders, key=lambda n: os.path.islink(os.path.join(folder, n))):
            real = os.path.realpath(prefix + name)
            if real == excluded:
                found.append((prefix + name, OUTPUT_FOLDER))
                continue
            if real in visited:
                found.append((prefix + name, LINK_LOOP))
                continue
            visited.add(real)
            kept.append(name)
        subfolders[:] = kept
        found.extend([(prefix + name, None) for name in files])
    found.extend((str(Path(error.filename or root)), error) for error in errors)
    # The order of sorted(rglob): full paths, sorted (stable across runs and machines).
    found.sort(key=_first)
    return found


def _first(pair: tuple[str, object]) -> str:
    return pair[0]


def _child_prefix(folder: str) -> str:
    """What ``str(Path(folder) / name)`` puts before a plain ``name`` (a name holds no
    separator): ``folder`` as pathlib spells it and a separator, "" for ".", "/" for "/"."""
    return str(Path(folder) / "x")[:-1]


def _suffix(text: str) -> str:
    """``Path(text).suffix`` for a path as pathlib spells it: from the last dot of the name,
    unless the name starts with it or ends with it."""
    name = text.rpartition(os.sep)[2]
    dot = name.rfind(".")
    return name[dot:] if 0 < dot < len(name) - 1 else ""


@overload
def expand_inputs(
    arguments: tuple[str, ...],
    suffixes: tuple[str, ...] = ...,
    *,
    exclude: str | os.PathLike[str] | None = ...,
    report_ignored: Literal[False] = ...,
) -> Iterator[BatchInput | Problem]: ...


@overload
def expand_inputs(
    arguments: tuple[str, ...],
    suffixes: tuple[str, ...] = ...,
    *,
    exclude: str | os.PathLike[str] | None = ...,
    report_ignored: bool,
) -> Iterator[BatchInput | Problem | Ignored]: ...


def expand_inputs(
    arguments: tuple[str, ...],
    suffixes: tuple[str, ...] = MESSAGE_SUFFIXES,
    *,
    exclude: str | os.PathLike[str] | None = None,
    report_ignored: bool = False,
) -> Iterator[BatchInput | Problem | Ignored]:
    """Files named, files under folders (recursively, sorted), fsspec URLs, or ``-``.

    A missing path, a dangling ``*.xml`` link or an unreadable folder becomes an I/O problem so
    that the batch reports it instead of stopping or skipping it. ``exclude`` (the output
    folder) is never read as input. With ``report_ignored``, files under a folder whose suffix
    does not match are yielded as :class:`Ignored`.
    """
    return _expand(arguments, suffixes, exclude, report_ignored)  # type: ignore[return-value]


#: A file found under a folder argument as :func:`_expand` gives it to a batch's planning, which
#: needs no Path: its label (= ``str(path)``), the folder argument, its size and modification
#: time (ns) as listed (None: it could not be looked at).
_Listed = tuple[str, Path, "int | None", "int | None"]


@dataclass(frozen=True, slots=True)
class _Refused:
    """An input refused while listing (a dangling link, a missing file), as :func:`_expand`
    gives it to a batch's planning: its problem, its path and the folder argument it was found
    under (None: named), so that its output is known (an earlier one is stale)."""

    problem: Problem
    path: str
    base: Path | None


def _expand(
    arguments: tuple[str, ...],
    suffixes: tuple[str, ...],
    exclude: str | os.PathLike[str] | None,
    report_ignored: bool,
    lean: bool = False,
) -> Iterator[BatchInput | Problem | Ignored | _Listed | _Refused]:
    """:func:`expand_inputs`; with ``lean``, a file found under a folder is a :data:`_Listed`
    (a Path per file costs more than listing it), and an input file refused a :class:`_Refused`."""
    excluded = Path(exclude) if exclude is not None and not is_url(os.fspath(exclude)) else None
    # The same file named twice (the same path, a link to it, a folder and a file in it) is
    # one input: read, reported and written once, under the first name it was found by.
    seen: set[tuple[int, int]] = set()

    def first_seen(status: os.stat_result) -> bool:
        key = (status.st_dev, status.st_ino)
        if key in seen:
            return False
        seen.add(key)
        return True

    def refused(problem: Problem, path: str, base: Path | None = None) -> Problem | _Refused:
        return _Refused(problem, path, base) if lean else problem

    def first_time(path: Path) -> bool:
        try:
            status = path.stat()
        except OSError:
            return True  # reported by whoever reads it
        return first_seen(status)

    for argument in arguments:
        if argument == STDIN:
            yield BatchInput("<stdin>", None)
            continue
        if is_url(argument):
            yield from _expand_url(argument, suffixes, report_ignored)
            continue
        if not argument:  # (pathlib would take it for ".": the whole current folder)
            yield refused(Problem("IO_ERROR", EMPTY_PATH, file="''"), argument)
            continue
        path = Path(argument)
        if path.is_dir():
            parents: dict[str, Path] = {}  # each file's Path: its folder's, and its name
            for found, error in _listing(path, excluded):
                if isinstance(error, str):
                    if report_ignored:
                        yield Ignored(found, error)
                elif error is not None:
                    yield Problem(
                        "IO_ERROR",
                        f"cannot read folder: {error.strerror or error}",
                        file=found,
                    )
                elif _suffix(found).lower() not in suffixes:
                    if report_ignored:
                        yield Ignored(found, f"not {' or '.join(suffixes)}")
                elif (status := file_status(found)) is not None:
                    # (one stat says what it is, whether it was met before, and its size)
                    if status is _UNKNOWN or first_seen(status):
                        size = None if status is _UNKNOWN else status.st_size
                        if lean:
                            mtime = None if status is _UNKNOWN else status.st_mtime_ns
                            yield (found, path, size, mtime)
                            continue
                        head, separator, name = found.rpartition(os.sep)
                        parent = parents.get(head + separator)
                        if parent is None:
                            parent = parents[head + separator] = Path(head + separator)
                        yield BatchInput(found, parent / name, base=path, size=size)
                    elif report_ignored:
                        yield Ignored(found, SAME_FILE)
                elif (broken := broken_link(found)) is not None:
                    yield refused(Problem("IO_ERROR", broken, file=found), found, path)
                elif report_ignored:  # (a link to a FIFO or a device, as the thing itself)
                    yield Ignored(found, "not a regular file")
        elif path.exists():
            kind = input_kind(path)
            if kind == "other":
                yield refused(Problem("IO_ERROR", NOT_A_FILE, file=str(path)), str(path))
            elif first_time(path):
                yield BatchInput(str(path), path, pipe=kind == "pipe")
            elif report_ignored:
                yield Ignored(str(path), SAME_FILE)
        elif (broken := broken_link(path)) is not None:
            yield refused(Problem("IO_ERROR", broken, file=argument), argument)
        else:
            missing = Problem("IO_ERROR", "no such file or folder", file=argument)
            yield refused(missing, argument)


#: What :func:`file_status` gives for a file it could not look at (its reader says why).
_UNKNOWN = os.stat_result((0,) * 10)
#: The errors for which a file is not there to read (as ``Path.is_file`` takes them).
_NOT_THERE = frozenset({errno.ENOENT, errno.ENOTDIR, errno.EBADF, errno.ELOOP})


def file_status(path: str | os.PathLike[str]) -> os.stat_result | None:
    """``path``'s status (links followed) when it is a regular file, :data:`_UNKNOWN` when it
    cannot be looked at (no permission: the reader reports it, instead of the listing stopping
    the batch), None when it is not a regular file or not there (a dangling link)."""
    try:
        status = os.stat(path)
    except OSError as error:
        return None if error.errno in _NOT_THERE else _UNKNOWN
    return status if stat.S_ISREG(status.st_mode) else None


def broken_link(path: str | os.PathLike[str]) -> str | None:
    """Why ``path``, a link whose target cannot be looked at, leads nowhere (None: not a link,
    or a link to something that is there)."""
    try:
        os.stat(path)
    except OSError as error:
        if not os.path.islink(path):
            return None
        return "symbolic link loop" if error.errno == errno.ELOOP else "dangling symbolic link"
    return None


#: Why an empty path argument (``"$FILE"`` with FILE unset) is refused: it names nothing (it is
#: never taken for the current folder, as pathlib would take it).
EMPTY_PATH = "an empty path names no file or folder (an unset variable?)"
#: Why a device (``/dev/zero``), a socket or a link to one is refused as an input.
NOT_A_FILE = "not a regular file or pipe (a device or socket); refused"


def input_kind(path: Path) -> Literal["file", "pipe", "other"]:
    """What a named input is, links followed: a regular file (or what cannot be looked at:
    reported when read), a pipe (a FIFO, ``/dev/fd/N`` from ``<(...)``) or something else."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return "file"
    if stat.S_ISFIFO(mode):
        return "pipe"
    return "file" if stat.S_ISREG(mode) or stat.S_ISDIR(mode) else "other"


def _expand_url(
    url: str, suffixes: tuple[str, ...], report_ignored: bool
) -> Iterator[BatchInput | Problem | Ignored]:
    try:
        import fsspec
    except ImportError:
        yield Problem(
            "IO_ERROR", "fsspec URLs need the scale extra: pip install 'elhub-cim[scale]'", file=url
        )
        return
    try:
        fs, root = fsspec.core.url_to_fs(url)
        if fs.isdir(root):
            base = fs.unstrip_protocol(root).rstrip("/")
            # With their sizes (the same listing): the runners partition inputs by size, and
            # an input of unknown size weighs a byte.
            listing = fs.find(root, detail=True)
            for found in sorted(listing):
                full = fs.unstrip_protocol(found)
                if Path(found).suffix.lower() in suffixes:
                    size = _listed_size(listing[found])
                    version = _listed_version(listing[found])
                    yield BatchInput(
                        full, None, url=full, base_url=base, size=size, version=version
                    )
                elif report_ignored:
                    yield Ignored(full, f"not {' or '.join(suffixes)}")
        elif fs.exists(root):
            info = fs.info(root)
            version = _listed_version(info)
            yield BatchInput(url, None, url=url, size=_listed_size(info), version=version)
        else:
            yield Problem("IO_ERROR", "no such file or folder", file=url)
    except (OSError, ValueError) as exc:
        yield Problem("IO_ERROR", f"cannot list: {exc}", file=url)


#: The entries of an fsspec listing that change with an object's content (its modification
#: time, entity tag, checksum, generation), by the names the common backends give them.
_CHANGE_KEYS = (
    "mtime",
    "LastModified",
    "last_modified",
    "updated",
    "created",
    "ETag",
    "etag",
    "md5",
    "md5Hash",
    "crc32c",
    "generation",
    "version_id",
    "VersionId",
)


def _listed_version(info: Any) -> str | None:
    """An object's version as its fsspec listing tells it (:func:`input_version`): its size
    and the entries that change with its content; None when the listing has none of them (the
    object cannot be told apart from an edit of the same size: --resume converts it again)."""
    if not isinstance(info, dict):
        return None
    import datetime
    import json

    found = {}
    for key in _CHANGE_KEYS:
        value = info.get(key)
        if isinstance(value, datetime.datetime):
            value = value.timestamp()
        if value is not None:
            found[key] = value
    if not found:
        return None
    found["size"] = info.get("size")
    return "listed:" + json.dumps(found, sort_keys=True, default=str)


def input_version(size: int, mtime_ns: int) -> str:
    """What tells a local input's content apart, as the manifest records it: its size and
    modification time (ns) when the batch listed it, before it was read. An input edited since
    (of another size, or later) is another version, and --resume converts it again."""
    return f"stat:{size}:{mtime_ns}"


def _listed_size(info: Any) -> int | None:
    """The size in an fsspec listing's entry (None when the store does not give one)."""
    size = info.get("size") if isinstance(info, dict) else None
    return size if isinstance(size, int) and size >= 0 else None


def output_path(item: BatchInput, out_dir: Path | str, suffix: str) -> Path:
    """Where ``item``'s output goes under ``out_dir``: the input's place below the folder it was
    found under (mirroring the tree), or just its name for a file named directly."""
    return Path(output_location(item, os.fspath(out_dir), suffix))


def output_location(item: BatchInput, out_dir: str, suffix: str) -> str:
    """Like :func:`output_path`, as a string that may be an fsspec URL."""
    if item.url is not None:
        if item.base_url is not None and item.url.startswith(item.base_url + "/"):
            relative = item.url[len(item.base_url) + 1 :]
        else:
            relative = item.url.rstrip("/").rsplit("/", 1)[-1]
        relative = str(Path(relative).with_suffix(suffix))
    elif item.path is None:
        relative = f"stdin{suffix}"
    else:
        return _file_output(item.path, item.base, None, out_dir, suffix)
    if is_url(out_dir):
        return out_dir.rstrip("/") + "/" + relative.replace(os.sep, "/")
    return str(Path(out_dir) / relative)


def _file_output(
    path: Path | None, base: Path | None, text: str | None, out_dir: str, suffix: str
) -> str:
    """:func:`output_location` of a file: its ``path`` (None: made from its ``text`` where
    pathlib must answer) found under ``base``."""
    relative, plain = _relative(path, base, suffix, text)
    if plain and not is_url(out_dir):
        root = _folder_text(out_dir)
        if root not in ("", ".", os.sep):  # else pathlib joins differently
            return root + os.sep + relative  # = str(Path(out_dir) / relative)
    if is_url(out_dir):
        return out_dir.rstrip("/") + "/" + relative.replace(os.sep, "/")
    return str(Path(out_dir) / relative)


@functools.lru_cache(maxsize=16)
def _folder_text(folder: str) -> str:
    return str(Path(folder))


def _relative(
    path: Path | None, base: Path | None, suffix: str, text: str | None = None
) -> tuple[str, bool]:
    """``path`` below ``base`` (or its name alone) with ``suffix``, as pathlib's
    ``relative_to`` and ``with_suffix`` give it, and whether it is plain (no pathlib needed to
    join it: every file a folder argument holds, thousands per batch). ``text``: ``str(path)``
    when known (and ``path`` None: a Path is made of it only where pathlib must answer)."""
    odd = os.sep in suffix or bool(suffix and (suffix == "." or not suffix.startswith(".")))
    if path is None and (odd or base is None):
        path = Path(str(text))
    if odd:
        assert path is not None
        local_path = path.relative_to(base) if base is not None else Path(path.name)
        return str(local_path.with_suffix(suffix)), False  # pathlib's error
    if base is None:
        assert path is not None
        local = path.name
    else:
        text, root = str(path) if text is None else text, str(base)
        if root in ("", ".", os.sep) or not text.startswith(root + os.sep):
            path = Path(text) if path is None else path
            return str(path.relative_to(base).with_suffix(suffix)), False
        local = text[len(root) + 1 :]
    folder, separator, name = local.rpartition(os.sep)
    if name in ("", ".", ".."):
        return str(Path(local).with_suffix(suffix)), False  # pathlib's answer (or error)
    dot = name.rfind(".")
    if 0 < dot < len(name) - 1:  # pathlib's suffix: from the last dot, not a leading one
        name = name[:dot]
    if name + suffix == ".":  # a name that pathlib drops when joining
        return str(Path(local).with_suffix(suffix)), False
    return folder + separator + name + suffix, True


#: A folder is listed once (one ``os.scandir``: its names, and which are links) instead of
#: being asked about each of a batch's files in it (a system call each, about 6 times a listed
#: name's cost here) when it holds at least this many of them...
_LIST_MIN_NAMES = 16
#: ... and its size (which grows with its entries: 12-40 bytes each on common file systems) is
#: at most this many bytes per file asked about: a large folder holding a few of a batch's
#: files (an archive that a day's outputs join) is not read whole for them.
_LIST_BYTES_PER_NAME = 64


class _Listing:
    """The names in a folder, read once when that is cheaper than asking about each file. A
    name not listed cannot be a link when nothing listed is one, and nothing is there when
    the folder is empty (whatever names the file system takes as the same: case, Unicode
    forms); otherwise the file is asked about, as without a listing."""

    __slots__ = ("links", "names")

    def __init__(self, folder: str, wanted: int) -> None:
        self.names: dict[str, bool] | None = None  # name: whether it is a link
        self.links = True
        if wanted < _LIST_MIN_NAMES:
            return
        try:
            if os.stat(folder).st_size > wanted * _LIST_BYTES_PER_NAME:
                return
            with os.scandir(folder) as entries:
                names = {entry.name: entry.is_symlink() for entry in entries}
        except (OSError, ValueError):
            return  # (a folder that may be searched but not read: its files one by one)
        self.names, self.links = names, any(names.values())

    def islink(self, name: str, location: str) -> bool:
        """``os.path.islink(location)``, ``location`` being ``name`` in this folder."""
        names = self.names
        if names is not None:
            link = names.get(name)
            if link is not None:
                return link
            if not self.links:
                return False
        return os.path.islink(location)

    def lexists(self, name: str, location: str) -> bool:
        """``os.path.lexists(location)``, ``location`` being ``name`` in this folder."""
        names = self.names
        if names is not None and name not in ("", ".", ".."):
            if name in names:
                return True
            if not names:
                return False
        return os.path.lexists(location)


def _wanted(locations: Iterable[str | None]) -> dict[str, int]:
    """How many of ``locations`` (local paths) each folder holds: a hint for :class:`_Listing`
    (a folder spelled otherwise than ``os.path.split`` gives it is only not listed)."""
    return Counter(
        [
            location.rpartition(os.sep)[0]
            for location in locations
            if location and "://" not in location
        ]
    )


class _Folders:
    """The folders of a batch's paths, each resolved once (and whether it exists, and its
    listing when that is cheaper), for :func:`_key`."""

    __slots__ = ("known", "wanted")

    def __init__(self, wanted: dict[str, int] | None = None) -> None:
        self.known: dict[str, tuple[str, _Listing | None]] = {}
        self.wanted = wanted or {}

    def look(self, folder: str) -> tuple[str, _Listing | None]:
        """``folder`` resolved (with a separator to append a name to) and, when it exists,
        its listing (listed through ``folder`` itself, as a system call on a file in it
        finds it)."""
        resolved = os.path.realpath(folder)
        listing = _Listing(folder, self.wanted.get(folder, 0)) if os.path.isdir(resolved) else None
        known = self.known[folder] = (os.path.join(resolved, ""), listing)
        return known


#: Whether a path's last separator splits it as ``os.path.split`` does when the part before
#: it is not empty and does not end in a separator (one separator, no drive: POSIX).
_PLAIN_SPLIT = os.altsep is None


def _split(location: str) -> tuple[str, str]:
    """``os.path.split(location)``, at a fraction of its cost for a plain path."""
    head, _, name = location.rpartition(os.sep)
    if _PLAIN_SPLIT and head and head[-1] != os.sep:
        return head, name
    return os.path.split(location)


def _key(location: str, folders: _Folders | None = None) -> str:
    """The location as the file system resolves it (links followed). ``folders`` keeps the
    resolved folders of a batch, and whether each exists: a batch's thousands of files share
    a few folders, and resolving a path costs a system call per component."""
    if folders is not None and _PLAIN_SPLIT:
        # The common case first, at a fraction of the cost: a name that is not a link in a
        # folder already resolved (on POSIX: one separator, and normcase changes nothing).
        head, _, name = location.rpartition("/")
        known = folders.known.get(head)
        if known is not None and head[-1] != "/" and name not in ("", ".", ".."):
            prefix, listing = known
            if listing is None:
                return prefix + name
            names = listing.names
            if names is not None and names.get(name, listing.links) is False:
                return prefix + name
    if is_url(location):
        return location
    folder, name = _split(location)
    if folders is None or not folder or name in ("", ".", ".."):
        return os.path.normcase(os.path.realpath(location))
    known = folders.known.get(folder) or folders.look(folder)
    prefix, listing = known
    # Nothing in a folder that does not exist (a new output folder) can be a link.
    if listing is not None and listing.islink(name, location):
        return os.path.normcase(os.path.realpath(location))
    # realpath(folder/name) when name is not a link: the folder resolved, then the name.
    return os.path.normcase(prefix + name)


def find_collisions(planned: Iterable[tuple[str, str, str | None]]) -> dict[str, Problem]:
    """Inputs whose outputs would collide, by label: ``planned`` holds (label, input location,
    output location) per input. Two inputs writing one output, or an output that is an input,
    are refused (``OUTPUT_COLLISION``) with every input involved named.

    Locations are compared as a file system that ignores case compares them (``casefold``: macOS,
    Windows, SMB shares; ``OUT/A.xml`` is ``OUT/a.xml`` there), on every file system: on one
    that tells them apart the outputs could be written, but the output folder, copied or synced
    to one that does not, would lose one of them silently; and a batch is refused the same
    wherever it runs. (docs/scale.md: convert such inputs into separate folders.)"""
    planned = list(planned)
    first: dict[str, str] = {}  # output: the first input written there
    more: dict[str, list[str]] = {}  # output: every input written there, when more than one
    inputs: dict[str, str] = {}
    shown: dict[str, str] = {}
    exacts: dict[str, str] = {}  # output: its location as resolved, case kept (the first's)
    spellings: dict[str, set[str]] = {}  # output: its spellings, when they differ in case
    folders = _Folders(_wanted([source for _, source, _ in planned] + [out for *_, out in planned]))
    for label, source, destination in planned:
        if source:
            inputs[_key(source, folders).casefold()] = label
        if destination is not None:
            exact = _key(destination, folders)
            key = exact.casefold()
            if key in first:
                more.setdefault(key, [first[key]]).append(label)
                if exact != exacts[key]:
                    spellings.setdefault(key, {shown[key]}).add(destination)
            else:
                first[key] = label
                shown[key] = destination
                exacts[key] = exact
    refused: dict[str, Problem] = {}
    for key, label in first.items():
        labels = more.get(key) if more else None
        if labels is not None:
            where = shown_name(shown[key])
            if key in spellings:
                names = " and ".join(sorted(shown_name(name) for name in spellings[key]))
                where = f"{names}, one file where the file system ignores case"
            for each in labels:
                others = ", ".join(shown_name(other) for other in labels if other != each)
                refused[each] = Problem(
                    "OUTPUT_COLLISION",
                    f"{shown_name(each)} and {others} would both be written to {where}; "
                    "refused (even with --force): convert them in separate runs or folders",
                    file=each,
                )
        elif key in inputs:
            refused[label] = Problem(
                "OUTPUT_COLLISION",
                f"the output {shown_name(shown[key])} would overwrite the input "
                f"{shown_name(inputs[key])}; refused",
                file=label,
            )
    _refuse_nested(first, more, shown, refused)
    return refused


def _refuse_nested(
    first: dict[str, str],
    more: dict[str, list[str]],
    shown: dict[str, str],
    refused: dict[str, Problem],
) -> None:
    """Refuse an output that another output needs as a folder on its way (``in/a.XML`` and
    ``in/a.xml/b.xml`` give ``OUT/a.xml`` and ``OUT/a.xml/b.xml``), with the inputs of those
    outputs: whichever was written first would win and the other fail, so the outcome would
    depend on the order of writing (``--jobs``). A batch's folders are few: only they are
    walked up, and each output is looked up among them once."""

    def parent(key: str) -> str:
        return key.rpartition("/" if is_url(key) else os.sep)[0]

    def labels(key: str) -> list[str]:  # (the inputs written to output ``key``)
        return more.get(key) or [first[key]]

    folders: set[str] = set()
    sep = os.sep
    for folder in {key.rpartition("/" if "://" in key else sep)[0] for key in first}:
        while folder and folder not in folders:
            folders.add(folder)
            folder = parent(folder)
    for key in sorted(folders.intersection(first)):
        below = key.rstrip("/" if is_url(key) else os.sep) + ("/" if is_url(key) else os.sep)
        inside = [other for other in first if other.startswith(below)]
        names = ", ".join(shown_name(name) for other in inside for name in labels(other))
        for label in labels(key):
            refused.setdefault(
                label,
                Problem(
                    "OUTPUT_COLLISION",
                    f"{shown_name(label)} would be written to {shown_name(shown[key])}, which "
                    f"{names} need as the folder of their outputs; refused (even with "
                    "--force): convert them in separate runs or folders",
                    file=label,
                ),
            )
        owners = ", ".join(shown_name(owner) for owner in labels(key))
        for other in inside:
            for name in labels(other):
                refused.setdefault(
                    name,
                    Problem(
                        "OUTPUT_COLLISION",
                        f"{shown_name(name)} would be written to {shown_name(shown[other])}, below "
                        f"{shown_name(shown[key])}, the "
                        f"output of {owners}; refused (even with --force): convert them in "
                        "separate runs or folders",
                        file=name,
                    ),
                )


def replaced_input(output: str, inputs: Iterable[str]) -> str | None:
    """The first of ``inputs`` that writing ``output`` would replace: the output is that input,
    or a folder holding it (links followed). For a command with one output (a report, a
    dataset folder, a list); a batch's outputs are checked by :func:`find_collisions`."""
    target = os.path.realpath(output)
    for path in inputs:
        real = os.path.realpath(path)
        if real == target or real.startswith(target.rstrip(os.sep) + os.sep):
            return path
    return None


def ignored_note(count: int, reasons: Counter[str] | None = None) -> str:
    """The closing line's note of what was skipped under folders (not messages by suffix,
    linked loops), counted by reason when there is more than one."""
    if not count:
        return ""
    why = "not .xml or .json"
    if reasons and len(reasons) == 1:
        why = next(iter(reasons))
    elif reasons:
        why = ", ".join(f"{n} {reason}" for reason, n in reasons.most_common())
    return f"; {count} other file{'s' if count > 1 else ''} skipped ({why})"


@dataclass(slots=True)
class Tally:
    """Outcomes of a batch, for the closing line and the exit code."""

    converted: int = 0
    rejected: list[tuple[str, str]] = field(default_factory=list)  # (input, first reason)
    with_losses: int = 0
    with_findings: int = 0  # converted with business-rule findings (reported)
    io_errors: int = 0
    internal_errors: int = 0
    exists: int = 0  # skipped: the output exists (no --force)
    complete: int = 0  # skipped: --resume found the output complete
    ignored: int = 0  # files under a folder with another suffix (not inputs), linked loops
    ignored_reasons: Counter[str] = field(default_factory=Counter)
    by_code: Counter[str] = field(default_factory=Counter)

    @property
    def skipped(self) -> int:
        return self.exists + self.complete

    @property
    def total(self) -> int:
        return self.converted + len(self.rejected) + self.skipped

    def summary(self, *, converted: str = "converted", rejected: str = "rejected") -> str:
        text = f"{self.total} inputs: {self.converted} {converted}, {len(self.rejected)} {rejected}"
        if self.with_losses:
            text += f" ({self.with_losses} converted with reported losses)"
        if self.with_findings:
            text += f" ({self.with_findings} converted with business-rule findings)"
        if self.internal_errors:
            text += f" (of which {self.internal_errors} internal error"
            text += "s)" if self.internal_errors > 1 else ")"
        if self.exists:
            text += f", {self.exists} skipped (output exists)"
        if self.complete:
            text += f", {self.complete} skipped (complete, --resume)"
        return text + ignored_note(self.ignored, self.ignored_reasons)

    def code_lines(self) -> list[str]:
        """``--summary``: findings counted by code, most frequent first."""
        if not self.by_code:
            return ["findings by code: none"]
        width = max(len(code) for code in self.by_code)
        return ["findings by code:"] + [
            f"  {code.ljust(width)}  {count}" for code, count in self.by_code.most_common()
        ]

    def exit_code(self, *, invalid: int = 0) -> int:
        if self.internal_errors:
            return EXIT_INTERNAL
        if self.io_errors:
            return EXIT_USAGE
        return EXIT_INVALID if self.rejected or invalid else EXIT_OK


# -- the driver of `validate` and `convert` on many inputs ----------------------------------------

MANIFEST_NAME = ".elhub-cim-manifest.jsonl"


@dataclass(frozen=True, slots=True)
class BatchSettings:
    """How a batch runs and reports (the options shared by `validate` and `convert`)."""

    output: str | None = None  # -o FILE (one input)
    output_dir: str | None = None  # -O DIR
    suffix: str = ".xml"
    force: bool = False
    resume: bool = False
    jobs: int = 1
    dask: str | None = None
    quiet: bool = False
    summary: bool = False
    output_format: str = "text"  # validate: text or json


def _plan_batch(
    paths: tuple[str, ...],
    options: Any,
    settings: BatchSettings,
    tally: Tally,
    early: dict[int, Any],
) -> tuple[
    list[WorkItem], list[tuple[str, str, str | None]], int, _Manifest | None, dict[int, str]
]:
    """The inputs of ``paths`` as work items, with their outputs planned; those decided before
    anything runs (unreadable inputs, collisions, outputs that exist or that --resume finds
    complete) go to ``early``, files that are not inputs to ``tally``. Returns the items, the
    (label, input, output) of every input, the number of inputs, the manifest of -O DIR, and
    the outputs of the inputs refused here (by index) that no input of the run is or writes."""
    import click

    from .work import Record, WorkItem, file_size

    converting = options.command == "convert"
    items: list[WorkItem] = []
    planned: list[tuple[str, str, str | None]] = []
    exclude = settings.output_dir if converting else None
    entries = list(_expand(paths, (".xml", ".json"), exclude, True, lean=True))
    # Workers overwrite what they find when converting: existing outputs are skipped below,
    # once, before they start (with --force or --resume, none is), and what a worker finds
    # from there on is this run's own (a partition retried after a worker died).
    overwrite = settings.force or converting
    to_folder = settings.output_dir if converting else None
    to_file = settings.output if converting and settings.output != STDIN else None
    refused: dict[int, str] = {}  # the outputs of inputs refused here, by index
    # Each input's version as listed, before any is read (-O DIR: the manifest records it).
    versions: dict[int, str] | None = {} if to_folder else None
    index = 0
    for entry in entries:
        if type(entry) is tuple:  # a file under a folder (as its BatchInput would give)
            label, base, size, mtime = entry
            destination: str | None = to_file or None
            if to_folder:
                destination = _file_output(None, base, label, to_folder, settings.suffix)
            if size is None:
                size = file_size(label)
            elif versions is not None and mtime is not None:
                versions[index] = input_version(size, mtime)
            items.append(WorkItem(index, label, label, None, destination, size, overwrite))
            planned.append((label, label, destination))
            index += 1
            continue
        if isinstance(entry, Ignored):
            tally.ignored += 1
            tally.ignored_reasons[entry.reason] += 1
            if not settings.quiet:
                click.echo(f"{shown_name(entry.label)}: skipped ({entry.reason})", err=True)
            continue
        if isinstance(entry, (Problem, _Refused)):
            problem = entry if isinstance(entry, Problem) else entry.problem
            early[index] = Record(
                index,
                problem.file or "?",
                "rejected" if converting else "invalid",
                [problem],
                io_error=True,
            )
            if isinstance(entry, _Refused) and (to_folder or to_file):
                destination = _refused_output(entry, to_folder, to_file, settings.suffix)
                if destination is not None:
                    refused[index] = destination
            index += 1
            continue
        assert isinstance(entry, BatchInput)
        destination = None
        if converting and settings.output_dir:
            destination = output_location(entry, settings.output_dir, settings.suffix)
        elif converting and settings.output and settings.output != STDIN:
            destination = settings.output
        try:
            item = entry.work_item(
                index,
                destination,
                overwrite=overwrite,
                max_bytes=getattr(options, "max_bytes", None),
            )
        except InputReadError as error:  # (standard input that cannot be read)
            early[index] = Record(
                index,
                entry.label,
                "rejected" if converting else "invalid",
                list(error.problems),
                io_error=True,
            )
            index += 1
            continue
        if versions is not None:
            version = _named_version(entry, item)
            if version is not None:
                versions[index] = version
        items.append(item)
        planned.append((entry.label, item.source or "", destination))
        index += 1
    if converting:
        items = _plan_outputs(items, planned, early, refused)
    if to_folder:
        items = _refuse_manifest_place(items, to_folder, early)
    manifest = (
        _Manifest(settings.output_dir, settings_key(options), versions)
        if converting and settings.output_dir
        else None
    )
    if manifest is not None and settings.resume:
        items = manifest.resume(items, early)  # (what it leaves runs again, overwriting)
    elif converting and not settings.force:
        items = _skip_existing(items, early)
    if refused and (settings.force or settings.resume):  # (else nothing is removed)
        refused = _stale_outputs(refused, planned, items, early)
    else:
        refused = {}
    return items, planned, index, manifest, refused


def _named_version(entry: BatchInput, item: WorkItem) -> str | None:
    """The version of an input not listed under a folder (:func:`input_version`): a URL's as
    its listing told it, a pipe's the digest of the bytes read from it (read here, once), a
    named file's as it is now (before it is read); None for standard input, or a file that
    cannot be looked at (--resume converts it again)."""
    if entry.url is not None:
        return entry.version
    if item.data is not None:
        if entry.path is None:
            return None  # (standard input: --resume refuses it)
        import hashlib

        return "sha256:" + hashlib.sha256(item.data).hexdigest()
    if entry.path is None:
        return None
    try:
        status = os.stat(entry.path)
    except OSError:
        return None
    return input_version(status.st_size, status.st_mtime_ns)


def _refused_output(
    entry: _Refused, to_folder: str | None, to_file: str | None, suffix: str
) -> str | None:
    """Where the output of an input refused while listing would have gone (None: nowhere
    known: a named path without a message suffix, or ending in a separator, may be a folder
    that is not there)."""
    if to_file:
        return to_file
    assert to_folder is not None
    if entry.base is None and (
        entry.path.endswith(("/", os.sep))  # (a folder's name, as a shell completes it)
        or _suffix(str(Path(entry.path))).lower() not in (".xml", ".json")
    ):
        return None
    try:
        item = BatchInput(entry.path, Path(entry.path), base=entry.base)
        return output_location(item, to_folder, suffix)
    except ValueError:  # (a name pathlib gives no suffix to, as "..")
        return None


def _stale_outputs(
    refused: dict[int, str],
    planned: list[tuple[str, str, str | None]],
    items: list[Any],
    early: dict[int, Any],
) -> dict[int, str]:
    """Of the outputs of inputs refused before the run, those that may be removed as stale:
    none that is an input (an output over its input), that an input of the run writes (or
    --resume keeps, or that exists and is skipped), or that is a folder on the way to one (a
    folder there is no earlier output either: :func:`elhub_cim.work.remove_output` leaves it)."""
    folders = _Folders()
    kept = {_key(source, folders) for _, source, _ in planned if source}
    written = [item.destination for item in items if item.destination is not None]
    written += [
        record.destination
        for record in early.values()
        if record.status == "skipped" and record.destination is not None
    ]
    for location in written:
        key = _key(location, folders)
        while key and key not in kept:  # (and the folders on its way)
            kept.add(key)
            key = key.rpartition("/" if is_url(key) else os.sep)[0]
    return {
        index: location
        for index, location in refused.items()
        if _key(location, folders) not in kept
    }


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """The cyclic garbage collector paused (as it was before, afterwards)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class _Stderr:
    """Standard error while a batch runs: a write that fails (``2>> log`` on a full disk, a
    terminal gone) is dropped and remembered (:attr:`error`), and what follows is dropped too,
    so that the batch goes on: its outputs and manifest are its product, and what it could not
    say makes its exit code 2. So does none at all (closed, ``2>&-``: Python has no
    ``sys.stderr``). Everything else is the stream's own."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream
        self.error: OSError | None = None

    def write(self, text: str) -> int:
        if self.error is None:
            if self.stream is None:
                self.error = OSError(errno.EBADF, "standard error is closed")
                return len(text)
            try:
                return int(self.stream.write(text))
            except OSError as error:
                self.error = error
        return len(text)

    def flush(self) -> None:
        if self.error is None and self.stream is not None:
            try:
                self.stream.flush()
            except OSError as error:
                self.error = error

    def isatty(self) -> bool:
        return self.stream is not None and bool(self.stream.isatty())

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


@contextlib.contextmanager
def stderr_kept() -> Iterator[_Stderr]:
    """Standard error as :class:`_Stderr` while a batch (or any command) runs. One that failed
    stays so after
    (sys.stderr): flushed again as the process ends, its lost buffer would fail once more, and
    Python would end with 120 instead of the batch's code."""
    guarded = _Stderr(sys.stderr)
    sys.stderr = guarded
    try:
        yield guarded
    finally:
        if guarded.error is None and sys.stderr is guarded:
            sys.stderr = guarded.stream


def run_batch(paths: tuple[str, ...], options: Any, settings: BatchSettings) -> int:
    """Expand ``paths``, plan outputs, run every input through a runner and report each record
    in input order; print the closing line and return the exit code. Standard error that
    cannot be written stops nothing: the code is then at least 2 (:class:`_Stderr`)."""
    with stderr_kept() as stderr:
        code = _batch_run(paths, options, settings)
    return max(code, EXIT_USAGE) if stderr.error is not None else code


def _batch_run(paths: tuple[str, ...], options: Any, settings: BatchSettings) -> int:
    """run_batch's work."""
    import click

    from .runners import ClusterUnreachable
    from .work import Record

    if paths.count(STDIN) > 1:  # the second would read nothing
        raise click.UsageError("standard input (-) can be given once")
    converting = options.command == "convert"
    tally = Tally()
    early: dict[int, Record] = {}
    # (planning makes a few objects per input and frees none: the cyclic garbage collector,
    # which would walk them all again and again at archive scale, waits until it is done)
    try:
        with _collector_paused():
            items, planned, index, manifest, refused = _plan_batch(
                paths, options, settings, tally, early
            )
    except KeyboardInterrupt as stop:
        click.echo("interrupted while the inputs were listed: nothing done", err=True)
        return interrupted_code(stop)
    # Outputs this run may write over (--force, --resume; -O DIR or -o FILE): an input of them
    # that it rejects (converting it, or before: a collision, a dangling link) withdraws the
    # output's manifest line, so that --resume of this command runs it again, and its earlier
    # output is removed (the folder holds this command's outputs only; a file named by -o is
    # this input's output, not what an earlier input became).
    replacing: dict[int, str] = {}
    if converting and (settings.force or settings.resume):
        replacing = {item.index: item.destination for item in items if item.destination}
        replacing.update(refused)
    # Interrupted, the runner leaves here the records of inputs it finished and had not handed
    # on (a unit's running in a worker then, those waiting for an earlier input's), their
    # outputs on disk: taken as the others, so that each has its manifest line.
    salvage: list[Record] = []
    runner = _runner(items, options, settings, index, salvage)
    records = _merge(early, runner, index)
    json_results: list[dict[str, Any]] = []
    invalid = unreadable = stale_kept = 0
    interrupted: KeyboardInterrupt | None = None

    def take(record: Record) -> None:
        nonlocal invalid, unreadable, stale_kept
        _report(record, settings, converting, json_results)
        _count(record, tally)
        if not converting:
            if record.status == "invalid" and not record.io_error:
                invalid += 1
            elif record.io_error:
                unreadable += 1
        if manifest is not None and record.status == "converted":
            manifest.add(record)
        elif record.status == "rejected" and replacing:
            withdrawn = replacing.get(record.index)
            if withdrawn is not None:
                if manifest is not None:
                    manifest.withdraw(record.label, withdrawn)
                if record.write_failed:  # (replaced whole or not at all: it stays)
                    _say_kept(record.label, withdrawn, settings)
                else:
                    stale_kept += not remove_stale(record.label, withdrawn, settings)

    unreachable: Problem | None = None
    try:
        try:
            with _progress(records, index, settings) as progress:
                for record in progress:
                    take(record)
        except (KeyboardInterrupt, ClusterUnreachable) as stop:
            # (--dask: a scheduler that cannot be reached, or lost mid-run: the records that
            # came back are taken as an interrupted run's)
            if isinstance(stop, ClusterUnreachable):
                unreachable = Problem("IO_ERROR", str(stop), file=stop.address)
            else:
                interrupted = stop
            # (a second Ctrl-C: the workers no longer waited for, what came back is taken; a
            # third: as far as it got)
            with contextlib.suppress(KeyboardInterrupt):
                try:
                    _stop_runner(records, runner)
                except ClusterUnreachable as late:  # (--dask: a worker that did not answer)
                    unreachable = Problem("IO_ERROR", str(late), file=late.address)
            with contextlib.suppress(KeyboardInterrupt):
                for record in sorted(salvage, key=lambda record: record.index):
                    take(record)
    finally:
        # also when interrupted: what the manifest holds is complete, for --resume
        if manifest is not None:
            manifest.close()
    if unreachable is not None:
        click.echo(unreachable.format(), err=True)
        return _interrupted(tally, index, manifest, converting, None)
    if interrupted is not None:
        return _interrupted(tally, index, manifest, converting, interrupted)
    if converting:  # (-O DIR and -o FILE alike)
        # (only -O DIR's folders hold nothing but this command's outputs: what is staged there
        # for no output of the run is named; beside -o FILE, any other program's may be)
        _remove_debris(planned, name_others=bool(settings.output_dir) and not settings.quiet)
    if manifest is not None:
        manifest_problem = manifest.problem()
        if manifest_problem is not None:
            click.echo(manifest_problem.format(), err=True)
    if not converting:
        return _close_validate(tally, invalid, unreadable, settings, json_results)
    if settings.summary:
        for line in tally.code_lines():
            click.echo(line, err=True)
    if tally.total > 1 or settings.output_dir or tally.ignored:
        click.echo(tally.summary(), err=True)
    code = tally.exit_code()
    if settings.output and not settings.output_dir and tally.exists:
        code = max(code, EXIT_USAGE)  # -o FILE: an explicit target that exists is refused
    if manifest is not None and manifest.error is not None:
        code = max(code, EXIT_USAGE)
    if stale_kept:
        code = max(code, EXIT_USAGE)
    return code


def _stop_runner(records: Iterator[Any], runner: Iterator[Any]) -> None:
    """Close an interrupted batch's records and its runner (the workers stopped, what they
    finished left in the salvage)."""
    for generator in (records, runner):
        close = getattr(generator, "close", None)
        if close is not None:
            close()


def _interrupted(
    tally: Tally,
    inputs: int,
    manifest: _Manifest | None,
    converting: bool,
    stop: KeyboardInterrupt | None,
) -> int:
    """The end of a batch interrupted (Ctrl-C, SIGTERM) while its inputs ran, its workers
    stopped: how far it got said (not click's 'Aborted!', exit 1: the code of an input
    rejected), and :func:`interrupted_code` (130, 143). ``stop`` None: stopped by an I/O
    error (a Dask scheduler lost), 2."""
    import click

    if manifest is not None and (problem := manifest.problem()) is not None:
        click.echo(problem.format(), err=True)
    done, refused = ("converted", "rejected") if converting else ("valid", "invalid")
    text = (
        f"{'interrupted' if stop is not None else 'stopped'}: {tally.total} of {inputs} inputs "
        f"done ({tally.converted} {done}, {len(tally.rejected)} {refused})"
    )
    if manifest is not None:
        text += "; the outputs written are whole: the same command with --resume goes on"
    click.echo(text, err=True)
    return interrupted_code(stop) if stop is not None else EXIT_USAGE


def remove_stale(label: str, destination: str, settings: BatchSettings | None = None) -> bool:
    """Remove the earlier output of an input this run rejected (--force, --resume): left, it
    would look like this command's output. False when it is there and cannot be removed
    (said as an I/O error)."""
    settings = settings or BatchSettings()
    import click

    from .work import remove_output

    try:
        removed = remove_output(destination)
    except OSError as error:
        why = error.strerror or str(error)
        text = f"cannot remove the earlier output of this rejected input: {why}"
        click.echo(Problem("IO_ERROR", text, file=shown_name(destination)).format(), err=True)
        return False
    if removed and not settings.quiet:
        shown = shown_name(destination)
        click.echo(f"{shown_name(label)}: its earlier output {shown} removed", err=True)
    return True


def _say_kept(label: str, destination: str, settings: BatchSettings) -> None:
    """Say that the earlier output of an input whose new output could not be written is left
    as it was (an output is replaced whole or not at all; its manifest line is withdrawn)."""
    import click

    from .work import local_file, output_exists

    if settings.quiet:
        return
    local = local_file(destination)
    try:
        there = os.path.isfile(local) if local is not None else output_exists(destination)
    except Exception:  # (a store that cannot be asked: nothing is said of what is there)
        return
    if there:
        click.echo(
            f"{shown_name(label)}: its earlier output {shown_name(destination)} left as it was "
            "(the new one could not be written)",
            err=True,
        )


def _remove_debris(planned: list[tuple[str, str, str | None]], name_others: bool = False) -> None:
    """Temporary files of this run's outputs (paths, ``file://`` URLs) left by a worker killed
    mid-write (the atomic writer's ``.NAME.XXXXXXXX.tmp``, and the ``..NAME.XXXXXXXX.tmp.
    YYYYYYYY.tmp`` of earlier versions' streamed conversions): the outputs themselves are whole
    or absent. With ``name_others``, a staged name beside them of no output of this run (an
    input since removed, a run interrupted before this version) is named, never removed: it is
    not provably this command's."""
    import click

    from .work import local_file

    names: dict[str, set[str]] = {}
    for _, _, destination in planned:
        local = local_file(destination) if destination is not None else None
        if local is not None:
            folder, name = os.path.split(local)
            names.setdefault(folder or ".", set()).add(name)
    for folder, wanted in names.items():
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            # (is_staged first: a cheap test that passes over the outputs themselves before
            # each of them is compared with every wanted name)
            if not is_staged(entry.name):
                continue
            if any(is_leftover(entry.name, n) or is_nested_leftover(entry.name, n) for n in wanted):
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)
            elif name_others and not entry.is_dir(follow_symlinks=False):
                click.echo(
                    f"{shown_name(entry.path)}: a temporary file of an atomic write (a run "
                    "interrupted, or one writing now), of no output of this run; not removed",
                    err=True,
                )


def _plan_outputs(
    items: list[Any],
    planned: list[tuple[str, str, str | None]],
    early: dict[int, Any],
    refused_outputs: dict[int, str],
) -> list[Any]:
    """Refuse output-name collisions (two inputs → one output, an output over an input); the
    outputs of the refused inputs go to ``refused_outputs``."""
    from .work import Record

    refused = find_collisions(planned)
    kept = []
    for item in items:
        problem = refused.get(item.label)
        if problem is None:
            kept.append(item)
        else:
            early[item.index] = Record(item.index, item.label, "rejected", [problem])
            if item.destination is not None:
                refused_outputs[item.index] = item.destination
    return kept


def _refuse_manifest_place(items: list[Any], folder: str, early: dict[int, Any]) -> list[Any]:
    """Refuse the inputs whose outputs would go below the manifest's place in ``folder`` (an
    input folder named as the manifest, mirrored): they would take it, and the manifest could
    never be written (nor --resume find anything complete)."""
    from .work import Record

    manifest = output_location_join(folder, MANIFEST_NAME)
    below = manifest + ("/" if is_url(manifest) else os.sep)
    kept = []
    for item in items:
        if item.destination is not None and item.destination.startswith(below):
            problem = Problem(
                "OUTPUT_COLLISION",
                f"{shown_name(item.label)} would be written to {shown_name(item.destination)}, "
                f"below {shown_name(manifest)}, "
                "where the output folder's manifest is kept; refused (even with --force): "
                "convert it to another folder",
                file=item.label,
            )
            early[item.index] = Record(item.index, item.label, "rejected", [problem])
        else:
            kept.append(item)
    return kept


def _skip_existing(items: list[Any], early: dict[int, Any]) -> list[Any]:
    """Outputs that exist before the run are skipped here, once (``items``: those that may be
    skipped, without --force or --resume): a worker that retries a partition may then
    overwrite what the run itself wrote."""
    from .work import Record, output_exists

    kept = []
    # A new output folder holds nothing: one check, not one a file; a folder of many of the
    # outputs is listed once.
    folders: dict[str, _Listing | None] = {}
    wanted: dict[str, int] | None = None  # (counted once an output folder exists)
    for item in items:
        location = item.destination
        if location is None:
            exists = False
        elif is_url(location):
            exists = output_exists(location)
        else:
            head, name = _split(location)
            folder = head or "."
            if folder in folders:
                listing = folders[folder]
            elif os.path.isdir(folder):
                if wanted is None:
                    wanted = _wanted([other.destination for other in items])
                listing = folders[folder] = _Listing(folder, wanted.get(head, 0))
            else:
                listing = folders[folder] = None
            exists = listing is not None and listing.lexists(name, location)
        unfit = _not_an_output(location) if exists and location is not None else None
        if location is not None and unfit is not None:
            # (a folder, FIFO or device is no output of an earlier run: this input's output
            # cannot be written)
            early[item.index] = Record(
                item.index,
                item.label,
                "rejected",
                [
                    Problem(
                        "IO_ERROR",
                        f"cannot write: {shown_name(location)} {unfit}",
                        file=location,
                    )
                ],
                io_error=True,
            )
        elif exists:
            early[item.index] = Record(
                item.index, item.label, "skipped", reason="exists", destination=location
            )
        else:
            kept.append(item)
    return kept


def _not_an_output(location: str) -> str | None:
    """Why what an output's place holds is no output ("is a folder", "is a named pipe: ..."),
    or None: a regular file, or a link (a name taken, which --force replaces), or no local
    file."""
    from .work import local_file

    local = local_file(location)
    if local is None:
        return None
    try:
        mode = os.lstat(local).st_mode
    except OSError:
        return None
    if stat.S_ISDIR(mode):
        return "is a folder"
    if stat.S_ISREG(mode) or stat.S_ISLNK(mode):
        return None
    # (said as a write there says it: work.write_error_text)
    what = special_file(local)
    return f"is {what}: an output never replaces one" if what else "is not a regular file"


def _merge(early: dict[int, Any], records: Iterator[Any], count: int) -> Iterator[Any]:
    """Records of the runner and those decided before it (unreadable inputs, collisions, inputs
    --resume found complete), in input order."""
    following = 0
    for record in records:
        while following in early and following < record.index:
            yield early.pop(following)
            following += 1
        yield record
        following = record.index + 1
    for number in sorted(early):
        yield early[number]


def _runner(
    items: list[Any],
    options: Any,
    settings: BatchSettings,
    inputs: int,
    salvage: list[Any] | None = None,
) -> Iterator[Any]:
    """The runner of ``items``, of the command's ``inputs`` (those decided early among them);
    interrupted, it leaves in ``salvage`` the records it finished and had not handed on
    (:func:`elhub_cim.runners.run_local`, :func:`elhub_cim.runners.run_dask`)."""
    import click

    from .runners import run_dask, run_local

    in_process = any(
        location is not None and location.startswith("memory://")
        for location in (settings.output, settings.output_dir)
    )
    if settings.dask:
        if in_process:
            # (refused, not run: the outputs would stay in the workers' memory)
            raise click.UsageError(
                "a memory:// output lives in this process, not on Dask's workers: "
                "run without --dask, or write to a store they share (a folder, s3://, ...)"
            )
        return run_dask(
            items,
            options,
            settings.dask,
            announce=lambda text: click.echo(text, err=True),
            salvage=salvage,
        )
    # A memory:// store lives in the process that writes it: a worker's outputs would vanish
    # with it while the batch counted them converted.
    jobs = 1 if in_process else settings.jobs
    return run_local(items, options, jobs, inputs=inputs, salvage=salvage)


class _Progress:
    def __init__(self, records: Iterator[Any], total: int) -> None:
        self.records, self.total, self.done = records, total, 0

    def __enter__(self) -> Iterator[Any]:
        return self._iterate()

    def __exit__(self, *exc: object) -> None:
        sys.stderr.write("\r\x1b[K")
        sys.stderr.flush()

    def _iterate(self) -> Iterator[Any]:
        for record in self.records:
            sys.stderr.write("\r\x1b[K")
            yield record
            self.done += 1
            sys.stderr.write(f"\r{self.done}/{self.total} inputs")
            sys.stderr.flush()


def _progress(records: Iterator[Any], total: int, settings: BatchSettings) -> Any:
    """A progress counter on a terminal for long batches; a plain iterator otherwise."""
    import contextlib

    if total > 20 and sys.stderr.isatty() and not settings.quiet:
        return _Progress(records, total)
    return contextlib.nullcontext(records)


def _report(
    record: Any, settings: BatchSettings, converting: bool, json_results: list[dict[str, Any]]
) -> None:
    import click

    from .core.errors import Severity

    if not converting:
        if settings.output_format == "json":
            json_results.append(
                {
                    "file": shown_name(record.label),
                    "valid": record.status == "valid",
                    "message_type": record.message_type,
                    "standard": record.standard,
                    "problems": [p.to_dict() for p in record.problems],
                }
            )
            return
        for problem in record.problems:
            if not settings.quiet or problem.severity is Severity.ERROR:
                to_stdout(problem.format())
        return
    for problem in record.problems:
        click.echo(problem.format(), err=True)
    if record.loss_refused:
        click.echo(
            f"{shown_name(record.label)}: rejected (use --allow-loss to convert anyway)", err=True
        )
    elif record.rules_refused:
        click.echo(
            f"{shown_name(record.label)}: rejected (--strict: business-rule findings)", err=True
        )
    for problem in (*record.findings, *record.losses):
        if not settings.quiet or problem.severity is Severity.ERROR:
            click.echo(problem.format(), err=True)
    if record.status == "skipped" and record.reason == "exists":
        if settings.output and not settings.output_dir:
            click.echo(
                Problem(
                    "IO_ERROR",
                    f"{shown_name(record.destination or '')} exists (use --force to overwrite)",
                    file=record.destination,
                ).format(),
                err=True,
            )
        elif not settings.quiet:
            click.echo(
                f"{shown_name(record.label)}: exists, skipped "
                f"({shown_name(record.destination or '')}; --force overwrites)",
                err=True,
            )
    if record.data is not None:
        to_stdout(record.data)


def _count(record: Any, tally: Tally) -> None:
    for problem in (*record.problems, *record.findings, *record.losses):
        tally.by_code[problem.code] += 1
    if record.status in ("converted", "valid"):
        tally.converted += 1
        tally.with_losses += bool(record.losses)
        tally.with_findings += bool(record.findings)
    elif record.status == "skipped":
        if record.reason == "complete":
            tally.complete += 1
        else:
            tally.exists += 1
    else:
        first = record.problems[0].message if record.problems else record.status
        tally.rejected.append((shown_name(record.label), first))
        tally.io_errors += record.io_error
        tally.internal_errors += record.internal_error


def _close_validate(
    tally: Tally,
    invalid: int,
    unreadable: int,
    settings: BatchSettings,
    json_results: list[dict[str, Any]],
) -> int:
    import json

    total = tally.total
    if settings.output_format == "json":
        summary: dict[str, Any] = {
            "files": total,
            "valid": tally.converted,
            "invalid": invalid,
            "unreadable": unreadable,
        }
        if tally.ignored:
            summary["ignored"] = tally.ignored
        if tally.internal_errors:
            summary["internal_errors"] = tally.internal_errors
        if settings.summary:
            summary["by_code"] = dict(tally.by_code.most_common())
        to_stdout(json.dumps({"results": json_results, "summary": summary}, indent=2))
    else:
        if settings.summary:
            for line in tally.code_lines():
                to_stdout(line)
        # (no input at all, e.g. an empty or unmounted folder: said, not silent success)
        if total != 1 or tally.ignored or settings.summary:
            text = f"{total} files: {tally.converted} valid, {invalid} invalid"
            if unreadable:
                text += f", {unreadable} unreadable"
            if tally.internal_errors:
                count = tally.internal_errors
                text += f", {count} internal error{'s' if count > 1 else ''}"
            to_stdout(text + ignored_note(tally.ignored, tally.ignored_reasons))
    return tally.exit_code(invalid=invalid)


class _Manifest:
    """``-O DIR``'s record of complete outputs (one JSON line each: input, output, size,
    SHA-256), appended as records come back, so that ``--resume`` can skip and check them."""

    #: Seconds between flushes of the manifest file: a killed run loses at most the lines of
    #: this long (their outputs are converted again by --resume), instead of one write system
    #: call per record in the process that also collects every worker's records.
    FLUSH_SECONDS = 0.25

    def __init__(
        self,
        output_dir: str,
        settings: str | None = None,
        versions: dict[int, str] | None = None,
    ) -> None:
        self.location = output_location_join(output_dir, MANIFEST_NAME)
        # What this run converts with (:func:`settings_key`): recorded with each output, and an
        # output recorded with other settings (--to, --minimise-for, ...) is not complete.
        self.settings = settings
        # Each input's version as listed before it was read (:func:`input_version`), by index:
        # recorded with its output, and an output of an input that differs now is not complete.
        self.versions = versions or {}
        self.lines: list[str] = []
        self.stream: Any = None
        self.flushed_at = 0.0
        # The first error writing the manifest: the batch goes on without it (its outputs are
        # whole; --resume converts them again) and reports it once at the end.
        self.error: OSError | None = None
        # Lines written since the last flush are flushed FLUSH_SECONDS later by a timer, also
        # when no record follows them that soon (a slow input): the stream is shared with it.
        self.lock = threading.Lock()
        self.timer: threading.Timer | None = None

    def entries(self) -> dict[str, tuple[int, str, str | None, str | None, str | None]]:
        import json

        found: dict[str, tuple[int, str, str | None, str | None, str | None]] = {}
        for raw in _manifest_lines(self.location):
            try:
                entry = json.loads(raw.decode("utf-8", "replace"))
                if entry["size"] is None and entry["sha256"] is None:  # withdrawn
                    found.pop(entry["output"], None)
                    continue
                settings = entry.get("settings")  # (None: a line of an older version)
                version = entry.get("input_version")  # (None: unknown, or an older version)
                label = entry.get("input")
                found[entry["output"]] = (
                    int(entry["size"]),
                    str(entry["sha256"]),
                    settings if isinstance(settings, str) else None,
                    version if isinstance(version, str) else None,
                    label if isinstance(label, str) else None,
                )
            except (ValueError, KeyError, TypeError):
                continue  # a line cut short by a kill: that output is checked again
        return found

    def resume(self, items: list[Any], early: dict[int, Any]) -> list[Any]:
        """Inputs whose output is complete (size and digest as recorded) become skipped
        records; the others run again, overwriting whatever an interrupted run left."""
        import dataclasses

        from .work import Record, output_matches

        known = self.entries()
        remaining = []
        for item in items:
            recorded = known.get(item.destination or "")
            # Of this run's settings and of this input as it is now (its name and version: a
            # line of an older version says no version, and is done again), and (read in
            # blocks: a streamed metering output may be gigabytes) as recorded.
            if (
                recorded is not None
                and recorded[2] == self.settings
                and recorded[3] is not None
                and recorded[3] == self.versions.get(item.index)
                and recorded[4] == item.label
                and output_matches(item.destination, recorded[0], recorded[1])
            ):
                early[item.index] = Record(
                    item.index,
                    item.label,
                    "skipped",
                    reason="complete",
                    destination=item.destination,
                )
                continue
            remaining.append(item if item.overwrite else dataclasses.replace(item, overwrite=True))
        return remaining

    def add(self, record: Any) -> None:
        self._write(
            _manifest_line(
                record.label,
                record.destination,
                record.output_size,
                record.output_digest,
                self.settings,
                self.versions.get(record.index),
            )
        )

    def withdraw(self, label: str, output: str) -> None:
        """Withdraw ``output``'s line (a line without size and digest): this run rejected its
        input, so what is there is not this command's output, and --resume runs it again."""
        self._write(_manifest_line(label, output, None, None))

    def _write(self, line: str) -> None:
        if self.error is not None:
            return
        if is_url(self.location):
            self.lines.append(line)
            return
        with self.lock:
            try:
                if self.stream is None:
                    Path(self.location).parent.mkdir(parents=True, exist_ok=True)
                    cut = _cut_short(self.location)
                    self.stream = _append_to(self.location)
                    if cut:
                        self.stream.write("\n")
                self.stream.write(line + "\n")
                now = time.monotonic()
                if now - self.flushed_at >= self.FLUSH_SECONDS:
                    self.stream.flush()
                    self.flushed_at = now
                elif self.timer is None:
                    self.timer = threading.Timer(self.FLUSH_SECONDS, self._flush_later)
                    self.timer.daemon = True
                    self.timer.start()
            except OSError as error:
                self.error = error
                self._close_stream()

    def _flush_later(self) -> None:
        """The timer's flush of the lines written since the last one."""
        with self.lock:
            self.timer = None
            if self.stream is None:
                return
            try:
                self.stream.flush()
                self.flushed_at = time.monotonic()
            except OSError as error:
                self.error = self.error or error
                self._close_stream()

    def close(self) -> None:
        with self.lock:
            timer, self.timer = self.timer, None
        if timer is not None:
            timer.cancel()
        with self.lock:
            self._close()

    def _close(self) -> None:
        try:
            if self.stream is not None:
                stream, self.stream = self.stream, None  # (closed: no timer flushes it now)
                stream.close()
            elif is_url(self.location) and self.lines and self.error is None:
                from .work import read_output, write_output

                before = (read_output(self.location) or b"").decode("utf-8", "replace")
                if before and not before.endswith("\n"):  # (a line cut short, as _cut_short)
                    before += "\n"
                text = before + "".join(line + "\n" for line in self.lines)
                write_output(self.location, text.encode("utf-8"), overwrite=True)
        except OSError as error:
            self.error = self.error or error
            self._close_stream()

    def _close_stream(self) -> None:
        """Let go of the stream after an error (what it still buffers cannot be written)."""
        stream, self.stream = self.stream, None
        if stream is not None:
            with contextlib.suppress(OSError):
                stream.close()

    def problem(self) -> Problem | None:
        """The manifest's write error, as reported once at the end of the batch."""
        if self.error is None:
            return None
        text = self.error.strerror or str(self.error)
        return Problem(
            "IO_ERROR",
            f"cannot write the manifest: {text}; the outputs are whole, but --resume will "
            "convert this run's inputs again",
            file=self.location,
        )


def _append_to(location: str) -> Any:
    """The manifest at ``location`` opened to append text, never through a symbolic link in its
    place: whoever may write the output folder (a shared drop folder) would have the run append
    its lines, the input names in them, to any file the operator may write (a shell's start-up
    file). Such a link is an OSError ("a symbolic link, not followed"); outputs are renamed into
    place, which follows no link either."""
    flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(location, flags | getattr(os, "O_NOFOLLOW", 0), 0o666)
    except OSError as error:
        if error.errno == errno.ELOOP and os.path.islink(location):
            raise OSError(errno.ELOOP, "a symbolic link, not followed", location) from None
        raise
    return os.fdopen(fd, "a", encoding="utf-8")


def _manifest_lines(location: str) -> Iterator[bytes]:
    """The manifest's lines, read one at a time (it is appended to by every run and never
    compacted: read whole, its history would be held in memory); none when it is absent or
    unreadable (--resume then converts every input again)."""
    try:
        if not is_url(location):
            stream: Any = open(location, "rb")  # noqa: SIM115 - closed below
        else:
            import fsspec

            stream = fsspec.open(location, "rb").open()
    except (OSError, ValueError):
        return
    with stream:
        try:
            yield from stream
        except OSError:  # (unreadable part way: what was read is used, the rest done again)
            return


def _cut_short(location: str) -> bool:
    """Whether the manifest file at ``location`` ends in a line cut short (a run killed while
    it wrote it): the next line must start on a line of its own, or it would be read as part of
    the cut one and ignored with it (its output converted again by every --resume)."""
    try:
        fd = os.open(location, os.O_RDONLY)
    except FileNotFoundError:
        return False
    try:
        size = os.lseek(fd, 0, os.SEEK_END)
        if size == 0:
            return False
        os.lseek(fd, size - 1, os.SEEK_SET)
        return os.read(fd, 1) != b"\n"
    finally:
        os.close(fd)


def _manifest_line(
    label: str,
    output: str | None,
    size: int | None,
    digest: str | None,
    settings: str | None = None,
    version: str | None = None,
) -> str:
    import json

    line = {"input": label, "output": output, "size": size, "sha256": digest}
    if settings is not None:
        line["settings"] = settings
    if version is not None:
        line["input_version"] = version
    return json.dumps(line)


#: The options of a batch that say nothing of what an output holds (how much input is read,
#: how the run flushes): a --resume with others takes the outputs as they are.
_NOT_SETTINGS = frozenset({"max_bytes", "flush"})


def settings_key(options: Any) -> str:
    """What a batch's outputs are converted with (the target, format, --minimise-for, the
    rules, ...), as a short digest recorded with each output in the manifest: --resume takes an
    output as complete only when it was converted with the same settings."""
    import dataclasses
    import hashlib
    import json

    fields = {
        name: value
        for name, value in sorted(dataclasses.asdict(options).items())
        if name not in _NOT_SETTINGS
    }
    text = json.dumps(fields, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def output_location_join(folder: str, name: str) -> str:
    return folder.rstrip("/") + "/" + name if is_url(folder) else str(Path(folder) / name)
