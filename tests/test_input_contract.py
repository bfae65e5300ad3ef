"""What the reading entry points (parse, validate, convert) accept, and how they refuse the rest.

bytes, bytearray and memoryview are the document; a path, a binary file object or Text are read.
Anything else is a TypeError; a path or file that cannot be read is IO_ERROR (never a raw
OSError or ValueError); a FIFO, a device or a folder is refused without being read, so that
nothing blocks or reads forever.
"""

from __future__ import annotations

import io
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import elhub_cim
from tests.conftest import PROJECT_ROOT

EXAMPLE = PROJECT_ROOT / "examples" / "ebix" / "RequestStartOfSupply-move-in.xml"
DATA = EXAMPLE.read_bytes()


def _within(seconds: float, function: Callable[[], Any]) -> Any:
    """``function()``'s result or exception, failing (not hanging) if it takes longer."""
    outcome: list[Any] = []

    def run() -> None:
        try:
            outcome.append(("value", function()))
        except BaseException as exc:
            outcome.append(("error", exc))

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"still reading after {seconds} s"
    kind, value = outcome[0]
    if kind == "error":
        raise value
    return value


@pytest.mark.parametrize("kind", [bytearray, memoryview], ids=lambda k: k.__name__)
def test_bytearray_and_memoryview_are_read_like_bytes(kind: Callable[[bytes], Any]) -> None:
    assert elhub_cim.parse(kind(DATA)).root.tag == elhub_cim.parse(DATA).root.tag
    assert elhub_cim.validate(kind(DATA), rules=False).valid
    assert elhub_cim.convert(kind(DATA), to="cim", rules=False).data


@pytest.mark.parametrize(
    "given",
    [None, 17, 1.5, [DATA], (DATA,), {"a": 1}, object()],
    ids=lambda given: type(given).__name__,
)
def test_what_is_no_source_is_a_type_error(given: Any) -> None:
    with pytest.raises(TypeError, match="cannot read a document from"):
        elhub_cim.parse(given)
    with pytest.raises(TypeError, match="cannot read a document from"):
        elhub_cim.validate(given)


@pytest.mark.parametrize(
    "path", ["with\x00nul.xml", "lone\ud800surrogate.xml", Path("nul\x00.xml")], ids=repr
)
def test_a_path_that_cannot_be_a_file_name_is_io_error(path: Any) -> None:
    with pytest.raises(elhub_cim.InputReadError) as raised:
        elhub_cim.parse(path)
    assert [p.code for p in raised.value.problems] == ["IO_ERROR"]
    result = elhub_cim.validate(path)
    assert [p.code for p in result.problems] == ["IO_ERROR"]


class _Failing(io.RawIOBase):
    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        raise OSError(5, "Input/output error")


def test_a_file_object_whose_read_fails_is_io_error() -> None:
    with pytest.raises(elhub_cim.InputReadError) as raised:
        elhub_cim.parse(io.BufferedReader(_Failing()))
    assert [p.code for p in raised.value.problems] == ["IO_ERROR"]
    closed = io.BytesIO(DATA)
    closed.close()
    assert [p.code for p in elhub_cim.validate(closed).problems] == ["IO_ERROR"]


def test_text_with_a_lone_surrogate_is_malformed() -> None:
    text = DATA.decode("utf-8").replace("</", "\udc80</", 1)
    with pytest.raises(elhub_cim.MalformedXmlError) as raised:
        elhub_cim.parse(elhub_cim.Text(text))
    assert [p.code for p in raised.value.problems] == ["XML_MALFORMED"]


@pytest.mark.parametrize("max_bytes", [2**63, 2**80])
def test_a_huge_limit_is_no_limit(max_bytes: int) -> None:
    assert elhub_cim.parse(EXAMPLE, max_bytes=max_bytes).size == len(DATA)
    assert elhub_cim.parse(io.BytesIO(DATA), max_bytes=max_bytes).size == len(DATA)
    assert elhub_cim.validate(EXAMPLE, max_bytes=max_bytes, rules=False).valid


class _Trickle(io.RawIOBase):
    """A raw binary stream, as a pipe or a socket opened unbuffered: each read gives what one
    system call has (here at most 100 bytes), not all that was asked for."""

    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        part = self._data.read(min(len(buffer), 100))
        buffer[: len(part)] = part
        return len(part)


def _trickle(data: bytes) -> Any:
    """A :class:`_Trickle` of ``data`` (a binary file object, as typing does not know)."""
    return _Trickle(data)


@pytest.mark.parametrize("max_bytes", [len(DATA), 1_000_000, elhub_cim.DEFAULT_MAX_BYTES])
def test_a_raw_stream_is_read_to_its_end(max_bytes: int) -> None:
    # One read of a raw stream is no more than its first piece: the rest was taken for the end
    # of the document (XML_MALFORMED) whenever the limit was below 16 MiB.
    assert elhub_cim.parse(_trickle(DATA), max_bytes=max_bytes).size == len(DATA)
    assert elhub_cim.validate(_trickle(DATA), max_bytes=max_bytes).valid
    converted = elhub_cim.convert(_trickle(DATA), to="cim", max_bytes=max_bytes)
    assert converted.data == elhub_cim.convert(DATA, to="cim").data
    with pytest.raises(elhub_cim.InputTooLargeError):
        elhub_cim.parse(_trickle(DATA), max_bytes=len(DATA) - 1)


def _refused(path: Path | str) -> None:
    with pytest.raises(elhub_cim.InputReadError, match="not a regular file") as raised:
        _within(20, lambda: elhub_cim.parse(path))
    assert [p.code for p in raised.value.problems] == ["IO_ERROR"]
    result = _within(20, lambda: elhub_cim.validate(path))
    assert [p.code for p in result.problems] == ["IO_ERROR"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "message.xml"
    os.mkfifo(fifo)
    _refused(fifo)
    _refused(str(fifo))


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero here")
def test_a_device_is_refused_without_reading_it() -> None:
    _refused("/dev/zero")


def test_a_folder_is_refused(tmp_path: Path) -> None:
    _refused(tmp_path)


def test_a_regular_file_is_still_read(tmp_path: Path) -> None:
    copy = tmp_path / "copy.xml"
    copy.write_bytes(DATA)
    assert elhub_cim.validate(copy, rules=False).valid
    with pytest.raises(elhub_cim.InputTooLargeError):
        elhub_cim.parse(copy, max_bytes=len(DATA) - 1)
