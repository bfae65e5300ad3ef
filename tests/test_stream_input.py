"""The streaming API and the read stage's first look at a file refuse what is no regular file
(a FIFO, a device, a folder) at once: never blocking on a FIFO without a writer, never reading
/dev/zero without end. Each call runs in a thread joined with a timeout, so a regression fails
instead of hanging the test run."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from elhub_cim.core.errors import InputReadError
from elhub_cim.formats.read import root_of_file
from elhub_cim.stream import convert_file, is_streamed, streaming_limit, validate_file
from tests.conftest import PROJECT_ROOT

COLLECTED = PROJECT_ROOT / "examples" / "ebix" / "CollectedData.xml"
TIMEOUT = 10.0
DEV_ZERO = Path("/dev/zero")


def _within_timeout(call: Callable[[], object]) -> object:
    """``call()``'s answer, or its exception raised here; fails if it has not returned in time."""
    outcome: list[object] = []
    failure: list[BaseException] = []

    def run() -> None:
        try:
            outcome.append(call())
        except BaseException as exc:  # handed to the test thread
            failure.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(TIMEOUT)
    if thread.is_alive():
        pytest.fail(f"still blocked after {TIMEOUT} s (a FIFO or device was read)")
    if failure:
        raise failure[0]
    return outcome[0]


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs on this platform")
    path = tmp_path / "CollectedData.xml"
    os.mkfifo(path)
    return path


def _not_regular(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    kind = request.param
    if kind == "fifo":
        return Path(request.getfixturevalue("fifo"))
    if kind == "folder":
        return tmp_path
    if not DEV_ZERO.exists():
        pytest.skip("no /dev/zero")
    return DEV_ZERO


@pytest.fixture(params=["fifo", "dev-zero", "folder"])
def not_regular(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    return _not_regular(request, tmp_path)


def test_the_root_of_what_is_no_regular_file_is_unknown_at_once(not_regular: Path) -> None:
    assert _within_timeout(lambda: root_of_file(not_regular)) is None
    assert _within_timeout(lambda: is_streamed(not_regular)) is False
    largest = streaming_limit()
    assert _within_timeout(lambda: streaming_limit(not_regular)) == largest


def test_validating_what_is_no_regular_file_is_an_io_error_at_once(not_regular: Path) -> None:
    with pytest.raises(InputReadError, match=r"not a regular file|directory") as raised:
        _within_timeout(lambda: validate_file(not_regular))
    assert [p.code for p in raised.value.problems] == ["IO_ERROR"]


def test_converting_what_is_no_regular_file_is_an_io_error_at_once(
    not_regular: Path, tmp_path: Path
) -> None:
    target = tmp_path / "out" / "converted.xml"
    target.parent.mkdir()
    with pytest.raises(InputReadError) as raised:
        _within_timeout(lambda: convert_file(not_regular, target, "cim"))
    assert [p.code for p in raised.value.problems] == ["IO_ERROR"]
    assert list(target.parent.iterdir()) == []


def test_a_regular_file_is_still_read(tmp_path: Path) -> None:
    assert root_of_file(COLLECTED) is not None
    assert is_streamed(COLLECTED)
    result = validate_file(COLLECTED)
    assert result.valid
    assert result.series > 0
