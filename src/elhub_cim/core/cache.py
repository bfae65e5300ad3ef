"""Derived data kept in the user's cache between runs, as Python keeps bytecode.

What elhub-cim derives from its own files on every start (the catalog of documents from the
XSDs, the read plans from the mapping tables and bindings) costs more than the work of one
``elhub-cim validate``. It is kept here, keyed by the size and modification time of every file it
derives from, so any change to them derives it afresh. The data is ``marshal`` data (tuples,
dicts, strings, numbers): loading it runs no code. A folder that cannot be read or written only
costs speed.

``ELHUB_CIM_CACHE_DIR`` names the folder (default ``$XDG_CACHE_HOME/elhub-cim`` or
``~/.cache/elhub-cim``); empty or ``off`` keeps nothing.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import sys
import time
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .._version import __version__

__all__ = ["CACHE_ENV", "cache_dir", "fingerprint", "load", "store"]

#: Environment variable naming the cache folder; empty or "off": keep nothing.
CACHE_ENV = "ELHUB_CIM_CACHE_DIR"
_MONTH = 30 * 24 * 3600


def cache_dir() -> Path | None:
    """Where derived data is kept (None: nowhere)."""
    configured = os.environ.get(CACHE_ENV)
    if configured is not None:
        return None if configured.strip().lower() in {"", "off", "0", "no"} else Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "elhub-cim"


def fingerprint(kind: str, files: Iterable[str | os.PathLike[str]]) -> str:
    """A key for data of ``kind`` derived from ``files``: their paths, sizes and times."""
    lines = [f"{kind} {__version__} {sys.version_info[:2]}"]
    for path in sorted(os.fspath(file) for file in files):
        stat = os.stat(path)
        lines.append(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}")
    return "\n".join(lines)


def _file(kind: str, key: str) -> Path | None:
    # The file's name comes from a checksum of the key (no hashlib: it loads OpenSSL at start);
    # the file holds the whole key too, so a checksum collision can never serve other data.
    folder = cache_dir()
    name = f"{kind}-{zlib.crc32(key.encode()):08x}{len(key):x}.marshal"
    return None if folder is None else folder / name


def load(kind: str, key: str) -> Any:
    """The data kept for ``kind`` under ``key``, or None."""
    path = _file(kind, key)
    if path is None:
        return None
    try:
        # Our own file; marshal data holds no code that runs (unlike pickle).
        kept = marshal.loads(path.read_bytes())  # noqa: S302
    except (OSError, EOFError, ValueError, TypeError):
        return None
    if not (isinstance(kept, tuple) and len(kept) == 2 and kept[0] == key):
        return None
    return kept[1]


def store(kind: str, key: str, data: Any) -> None:
    """Keep ``data`` (marshal-able) for ``kind`` under ``key``, atomically; never fails."""
    path = _file(kind, key)
    if path is None:
        return
    import tempfile  # only when something is kept

    temporary: str | None = None
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False, suffix=".tmp") as out:
            temporary = out.name
            out.write(marshal.dumps((key, data)))
        os.replace(temporary, path)
        temporary = None
        _prune(path)
    except (OSError, ValueError):
        if temporary is not None:  # (a full disk, a value marshal refuses: no debris left)
            with contextlib.suppress(OSError):
                os.unlink(temporary)


def _prune(kept: Path) -> None:
    """Remove files of the same kind unused for a month (older installations, old tables)."""
    kind = kept.name.rsplit("-", 1)[0]
    for old in kept.parent.glob(f"{kind}-*.marshal"):
        if old != kept and time.time() - old.stat().st_atime > _MONTH:
            old.unlink(missing_ok=True)
