"""Names of the temporary files that atomic writes stage beside their target.

An output is written to ``.NAME.XXXXXXXX.tmp`` in the target's folder, then renamed to
``NAME``. A file name holds at most :data:`NAME_MAX` bytes: for a long ``NAME`` (a valid name
of, say, 250 bytes) the staged name would not fit, and the write would fail. Here ``NAME`` is
cut so that the staged name fits, and :func:`is_leftover` recognises a staged name (also a cut
one) as a leftover of its target, so that a batch clears it and never takes it as input.

Earlier versions (7dc9306 to 017d294) converted a metering file inside a batch by staging once
more beside the batch's staged file: a worker killed then left the staged name of a staged name,
``..NAME.XXXXXXXX.tmp.YYYYYYYY.tmp`` (cut as above for a long ``NAME``), which
:func:`is_nested_leftover` recognises.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import tempfile
from pathlib import Path

__all__ = [
    "NAME_MAX",
    "SUFFIX",
    "is_leftover",
    "is_nested_leftover",
    "is_staged",
    "refuse_folder_name",
    "refuse_special",
    "stage",
    "staged_prefix",
]

#: Longest file name, in bytes (Linux, macOS, Windows' NTFS in UTF-16 units).
NAME_MAX = 255
#: The suffix of every staged name.
SUFFIX = ".tmp"
#: ``tempfile``'s random part: 8 characters.
_RANDOM = 8
_STAGED = re.compile(r"^\..*\.[A-Za-z0-9_]{8}\.tmp$", re.DOTALL)
#: What a random character may be (as :data:`_STAGED` takes it).
_RANDOM_CHARACTER = re.compile(r"[A-Za-z0-9_]")
#: Stands for one random character in a name built to compare with (one byte, as they are).
_ANY = "\0"


def staged_prefix(name: str) -> str:
    """``.NAME.``, with ``NAME`` cut (by whole characters) so that the staged name fits."""
    room = NAME_MAX - _RANDOM - len(SUFFIX)
    kept = name
    while len(os.fsencode(f".{kept}.")) > room:
        kept = kept[: -max(1, (len(os.fsencode(f".{kept}.")) - room) // 4)]
    return f".{kept}."


def refuse_folder_name(target: str | os.PathLike[str]) -> None:
    """An IsADirectoryError when ``target`` ends in a slash, a folder's name: pathlib drops
    the slash, and ``out/`` would be written as a file ``out``."""
    named = os.fspath(target)
    if named.endswith(("/", os.sep)):
        raise IsADirectoryError(
            errno.EISDIR, "a folder's name (it ends in a slash), not a file's", named
        )


def refuse_special(target: str | os.PathLike[str]) -> None:
    """An OSError when ``target`` (or what its link leads to) is there and no regular file: a
    staged file renamed over a folder fails, over a FIFO, socket or device it takes its place
    (as root, ``/dev/null`` for the whole system). Nothing there: no error (the write says
    what it meets)."""
    try:
        mode = os.stat(target).st_mode
    except OSError:
        return
    if stat.S_ISREG(mode):
        return
    if stat.S_ISDIR(mode):
        raise IsADirectoryError(errno.EISDIR, "a folder, not a regular file", os.fspath(target))
    raise OSError(
        errno.EINVAL,
        "not a regular file (a FIFO, socket or device): an output replaces regular files only",
        os.fspath(target),
    )


def stage(target: str | os.PathLike[str]) -> tuple[int, str]:
    """A new, empty staged file for ``target`` in its folder: (open descriptor, path)."""
    path = Path(target)
    return tempfile.mkstemp(prefix=staged_prefix(path.name), suffix=SUFFIX, dir=path.parent)


def special_file(target: str | os.PathLike[str]) -> str | None:
    """What ``target`` is when it is there (a link followed) and is neither a regular file nor
    a folder: "a device", "a named pipe", "a socket"; None otherwise. Such a file is no output:
    an output never replaces it (a rename over ``/dev/null`` replaces the device for every
    program of the system), nor removes it."""
    try:
        mode = os.stat(target).st_mode
    except (OSError, ValueError):
        return None
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return None


def is_staged(name: str) -> bool:
    """Whether the file name ``name`` is a staged name (of any target)."""
    return bool(_STAGED.match(name))


def is_leftover(name: str, target_name: str) -> bool:
    """Whether the file name ``name`` is a staged name of the target named ``target_name``."""
    prefix = staged_prefix(target_name)
    return (
        is_staged(name)
        and name.startswith(prefix)
        and len(name) == len(prefix) + _RANDOM + len(SUFFIX)
    )


def is_nested_leftover(name: str, target_name: str) -> bool:
    """Whether the file name ``name`` is the staged name of a staged name of the target named
    ``target_name`` (what earlier versions left of a streamed conversion: see the module)."""
    if not is_staged(name):
        return False
    # The staged prefix of the staged name, its random part unknown: cut by byte lengths
    # alone, it is cut where it was (a random character is one byte, as _ANY).
    prefix = staged_prefix(staged_prefix(target_name) + _ANY * _RANDOM + SUFFIX)
    if len(name) != len(prefix) + _RANDOM + len(SUFFIX):
        return False
    return all(
        _RANDOM_CHARACTER.fullmatch(have) is not None if want == _ANY else have == want
        for have, want in zip(name, prefix, strict=False)
    )
