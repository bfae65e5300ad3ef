"""Durable batch outputs: the files a unit of work wrote are flushed together at its end, not
one by one as they are written.

An output is published atomically (a temporary file in the same folder, then a rename), so a
killed process never leaves half a file; ``fsync`` is about a crash of the machine itself. Right
after each write it waits for a journal commit of its own, and two workers' commits queue behind
each other: on a busy disk that costs milliseconds per file, more than converting the message.
Flushed together at the end of the unit, the files share commits; each folder is flushed once
too, which makes the renames durable. The ``fsync`` calls of a batch run side by side in a few
threads: the file system then groups them into a few journal commits (500 small files: 2.0 s one
by one on a busy disk here, 0.1 s with 16 threads). On an idle disk an fsync returns in a
fraction of a millisecond, and the threads would only cost CPU (2,000 files here: 0.40 s of CPU
in 16 threads against 0.09 s one by one, in the same wall time), which on a local runner's
cores is taken from the workers: so the calls go one by one until one is slow, and the rest
side by side. A batch of many files (a local run flushes what its workers wrote) is flushed
by one ``syncfs`` per file system instead, where the system has it (Linux): one journal commit
for the lot, and next to no CPU (2,000 files: 0.005 s against 0.1-0.4 s for their fsync calls,
which under two busy workers are slow and go side by side). It commits the whole file system,
other programs' writes too; when it fails, the files are flushed one by one, so that each error
is named. A unit's records go back after this flush, so a record that says "converted" names an
output that is on disk.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterable
from typing import Generic, TypeVar

__all__ = [
    "FSYNC_THREADS",
    "SLOW_AFTER",
    "SLOW_FSYNC_SECONDS",
    "SLOW_ONE",
    "SYNCFS_FILES",
    "Flusher",
    "flush_files",
]

T = TypeVar("T")
#: fsync calls in flight at once: enough for the file system to group them into few commits.
FSYNC_THREADS = 16
#: fsync calls one by one take this long on average (over at least SLOW_AFTER calls), or one
#: takes SLOW_ONE: a busy disk, and the rest of the batch goes side by side. An idle disk answers
#: in well under a millisecond here; a single slow answer while workers write is not yet a
#: busy disk.
SLOW_FSYNC_SECONDS = 0.001
SLOW_AFTER = 4
SLOW_ONE = 0.02
#: Batches of at least this many files are flushed by syncfs (where there is one).
SYNCFS_FILES = 16


def flush_files(paths: Iterable[str]) -> dict[str, OSError]:
    """``fsync`` each file, then each folder holding one (once); the files that could not be
    flushed, with the error (they may not be on disk)."""
    files = list(dict.fromkeys(paths))
    failed: dict[str, OSError] = {}
    if len(files) >= SYNCFS_FILES:
        synced = _syncfs_all(files)
        if synced is not None:
            return synced
    folders: dict[str, list[str]] = {}
    for path, error in zip(files, _fsync_all(files, os.O_RDONLY), strict=True):
        if error is not None:
            failed[path] = error
        folders.setdefault(os.path.dirname(os.path.abspath(path)), []).append(path)
    # A folder cannot be opened for fsync on every system (Windows): the files are flushed.
    # The folders go after every file, so that a rename is durable only with its file's data.
    if hasattr(os, "O_DIRECTORY"):
        names = list(folders)
        for folder, error in zip(
            names, _fsync_all(names, os.O_RDONLY | os.O_DIRECTORY), strict=True
        ):
            if error is not None:
                for path in folders[folder]:
                    failed.setdefault(path, error)
    return failed


def _syncfs_all(files: list[str]) -> dict[str, OSError] | None:
    """``files`` flushed by one syncfs per file system: the files that are not there (as
    fsync would name them); None when syncfs is missing or fails (flush them one by one)."""
    syncfs = _syncfs()
    if syncfs is None:
        return None
    failed: dict[str, OSError] = {}
    folders: dict[int, str] = {}  # a folder per file system
    for path in files:
        try:
            device = os.stat(path).st_dev
        except OSError as error:
            failed[path] = error
            continue
        folders.setdefault(device, os.path.dirname(os.path.abspath(path)))
    for folder in folders.values():
        try:
            fd = os.open(folder, os.O_RDONLY)
        except OSError:
            return None
        try:
            if syncfs(fd) != 0:
                return None
        finally:
            os.close(fd)
    return failed


_SYNCFS: list[Callable[[int], int] | None] = []  # found once: [the libc function or None]


def _syncfs() -> Callable[[int], int] | None:
    """The C library's ``syncfs`` (Linux), or None."""
    if not _SYNCFS:
        function: Callable[[int], int] | None = None
        if hasattr(os, "O_DIRECTORY") and os.uname().sysname == "Linux":
            try:
                import ctypes

                found = ctypes.CDLL(None, use_errno=True).syncfs
                found.argtypes = [ctypes.c_int]
                found.restype = ctypes.c_int
                function = found
            except (OSError, AttributeError):
                function = None
        _SYNCFS.append(function)
    return _SYNCFS[0]


def _fsync_all(paths: list[str], flags: int) -> list[OSError | None]:
    """``fsync`` every path, one by one while the disk answers quickly, then, once it is slow (a
    busy disk), the rest several at a time (the waits overlap and share journal commits); each
    path's error, in order."""
    errors: list[OSError | None] = []
    waited = 0.0
    for index, path in enumerate(paths):
        started = time.perf_counter()
        errors.append(_fsync(path, flags))
        took = time.perf_counter() - started
        waited += took
        slow = took > SLOW_ONE or (
            index + 1 >= SLOW_AFTER and waited > SLOW_FSYNC_SECONDS * (index + 1)
        )
        if slow and len(paths) - index > 2:
            from concurrent.futures import ThreadPoolExecutor

            rest = paths[index + 1 :]
            with ThreadPoolExecutor(max_workers=min(FSYNC_THREADS, len(rest))) as threads:
                errors += threads.map(lambda path: _fsync(path, flags), rest)
            break
    return errors


def _fsync(path: str, flags: int) -> OSError | None:
    try:
        fd = os.open(path, flags)
    except OSError as error:
        return error
    try:
        os.fsync(fd)
    except OSError as error:
        return error
    finally:
        os.close(fd)
    return None


class Flusher(Generic[T]):
    """Flushes outputs in a background thread while the caller goes on converting, and hands
    each entry back once its output is on disk, in the order given.

    Entries are ``(payload, path)``: ``path`` None means nothing to flush. The thread takes
    whatever is waiting as one batch (files, then their folders: :func:`flush_files`), so the
    slower the disk, the more files share a commit. ``fsync`` releases the GIL: the waiting
    overlaps with the caller's work instead of adding to it.
    """

    def __init__(self) -> None:
        self._condition = threading.Condition()
        self._waiting: list[tuple[T, str | None]] = []
        self._flushing = 0
        self._done: list[tuple[T, OSError | None]] = []
        self._closed = False
        self._thread: threading.Thread | None = None

    def put(self, entries: Iterable[tuple[T, str | None]]) -> None:
        """Queue entries for flushing (those without a path pass straight through, in order)."""
        with self._condition:
            self._waiting.extend(entries)
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="elhub-cim-flush", daemon=True
                )
                self._thread.start()
            self._condition.notify_all()

    def ready(self) -> list[tuple[T, OSError | None]]:
        """The entries flushed so far and not yet handed back, each with its error (None: on
        disk); does not wait."""
        with self._condition:
            done, self._done = self._done, []
        return done

    def drain(self) -> list[tuple[T, OSError | None]]:
        """Wait until every queued entry is flushed; those not yet handed back."""
        with self._condition:
            while self._waiting or self._flushing:
                self._condition.wait()
            done, self._done = self._done, []
        return done

    def wait_idle(self) -> None:
        """Wait until every queued entry is flushed and the thread is between batches, keeping
        what is done for :meth:`ready`. A caller that forks (a local pool starting its workers)
        calls this first: a process forked mid-flush inherits, held for ever, whatever lock
        the thread held then (the module lock of ctypes, which it imports to find syncfs; a
        thread pool's lock), and hangs when it takes it. Only the caller queues entries, so
        the thread stays idle until the caller's next :meth:`put`."""
        with self._condition:
            while self._waiting or self._flushing:
                self._condition.wait()

    def close(self) -> None:
        """Stop the thread once what is queued is flushed."""
        with self._condition:
            self._closed = True
            self._condition.notify_all()
        if self._thread is not None:
            self._thread.join()

    def _run(self) -> None:
        while True:
            with self._condition:
                while not self._waiting and not self._closed:
                    self._condition.wait()
                if not self._waiting:
                    return
                batch, self._waiting = self._waiting, []
                self._flushing = len(batch)
            failed: dict[str, OSError] = {}
            try:
                failed = flush_files(path for _, path in batch if path is not None)
            except Exception as error:  # an unexpected failure is every entry's
                failed = {path: OSError(str(error)) for _, path in batch if path is not None}
            finally:
                with self._condition:
                    self._done.extend(
                        (payload, None if path is None else failed.get(path))
                        for payload, path in batch
                    )
                    self._flushing = 0
                    self._condition.notify_all()
