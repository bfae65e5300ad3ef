"""Durable batch outputs: the files a unit of work wrote are flushed together at its end, not
one by one as they are written.

An output is published atomically (a temporary file in the same folder, then a rename), so a
killed process never leaves half a file; ``fsync`` is about a crash of the machine itself. Right
after each write it waits for a journal commit of its own, and two workers' commits queue behind
each other: on a busy disk that costs milliseconds per file, more than converting the message.
Flushed together at the end of the unit, the files share commits; each folder is flushed once
too, which makes the renames durable. A unit's records go back after this flush, so a record
that says "converted" names an output that is on disk.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

__all__ = ["flush_files"]


def flush_files(paths: Iterable[str]) -> dict[str, OSError]:
    """``fsync`` each file, then each folder holding one (once); the files that could not be
    flushed, with the error (they may not be on disk)."""
    failed: dict[str, OSError] = {}
    folders: dict[str, list[str]] = {}
    for path in paths:
        error = _fsync(path, os.O_RDONLY)
        if error is not None:
            failed[path] = error
        folders.setdefault(os.path.dirname(os.path.abspath(path)), []).append(path)
    for folder, inside in folders.items():
        # A folder cannot be opened for fsync on every system (Windows): the files are flushed.
        if not hasattr(os, "O_DIRECTORY"):
            continue
        error = _fsync(folder, os.O_RDONLY | os.O_DIRECTORY)
        if error is not None:
            for path in inside:
                failed.setdefault(path, error)
    return failed


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
