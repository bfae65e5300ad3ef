"""Batch outputs reach the disk together at the end of a unit of work: every output is flushed
(its file, then its folder) after it is written and before its record goes back, none is
flushed one by one as it is written, and an output that cannot be flushed is reported and
removed, never left behind as if complete. Also: converting one document builds only its own
mapping."""

from __future__ import annotations

import dataclasses
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from elhub_cim.cli import main
from elhub_cim.core import durability
from elhub_cim.core.safeparse import DEFAULT_MAX_BYTES
from elhub_cim.runners import SERIAL_BYTES, SERIAL_ITEMS, run_local, serial_chunks
from elhub_cim.work import WorkItem, WorkOptions, run_unit
from tests.conftest import PROJECT_ROOT

EBIX = PROJECT_ROOT / "examples" / "ebix"
REQUEST = EBIX / "RequestStartOfSupply-move-in.xml"
CONFIRM = EBIX / "ConfirmStartOfSupply.xml"


def _inputs(tmp_path: Path, count: int) -> list[WorkItem]:
    source = tmp_path / "in"
    source.mkdir()
    items = []
    for index in range(count):
        path = source / f"m{index}.xml"
        shutil.copy(REQUEST if index % 2 == 0 else CONFIRM, path)
        destination = str(tmp_path / "out" / f"m{index}.xml")
        items.append(WorkItem(index, path.name, str(path), destination=destination, size=1))
    return items


def test_a_unit_flushes_every_output_after_the_last_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    events: list[tuple[str, str]] = []
    real_fsync, real_replace, real_link = os.fsync, os.replace, os.link

    def fsync(fd: int) -> None:
        events.append(("fsync", os.readlink(f"/proc/self/fd/{fd}")))
        real_fsync(fd)

    def replace(source: str, target: str) -> None:
        events.append(("publish", str(target)))
        real_replace(source, target)

    def link(source: str, target: str, **kwargs: bool) -> None:  # (never over a file: a link)
        events.append(("publish", str(target)))
        real_link(source, target, **kwargs)

    if not Path("/proc/self/fd").is_dir():
        pytest.skip("needs /proc/self/fd to name the flushed files")
    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    monkeypatch.setattr(os, "link", link)
    items = _inputs(tmp_path, 4)
    records = run_unit(
        items, WorkOptions(command="convert", max_bytes=DEFAULT_MAX_BYTES, target="cim")
    )

    assert [record.status for record in records] == ["converted"] * 4
    # Only the outputs' events (the user's cache of read plans is written on the way too).
    out = str(tmp_path / "out")
    events = [(kind, path) for kind, path in events if path.startswith(out)]
    published = [path for kind, path in events if kind == "publish"]
    flushed = [path for kind, path in events if kind == "fsync"]
    outputs = [item.destination or "" for item in items]
    assert sorted(published) == sorted(outputs)
    # Each output flushed once, and its folder once, all after the last output was published.
    assert sorted(flushed) == sorted([*outputs, out])
    last_publish = max(i for i, (kind, _) in enumerate(events) if kind == "publish")
    first_flush = min(i for i, (kind, _) in enumerate(events) if kind == "fsync")
    assert first_flush > last_publish
    for item in items:
        assert Path(item.destination or "").read_bytes().startswith(b"<?xml")


def test_an_output_that_cannot_be_flushed_is_rejected_and_removed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    items = _inputs(tmp_path, 3)
    broken = items[1].destination or ""
    real_flush = durability.flush_files

    def flush_files(paths: list[str]) -> dict[str, OSError]:
        failed = real_flush(paths)
        failed[broken] = OSError(5, "Input/output error")
        return failed

    monkeypatch.setattr(durability, "flush_files", flush_files)
    records = run_unit(
        items, WorkOptions(command="convert", max_bytes=DEFAULT_MAX_BYTES, target="cim")
    )

    assert [record.status for record in records] == ["converted", "rejected", "converted"]
    problem = records[1].problems[-1]
    assert problem.code == "IO_ERROR"
    assert "not flushed to disk" in problem.message
    assert problem.file == broken
    assert records[1].io_error
    assert not Path(broken).exists()
    assert Path(items[0].destination or "").exists()
    assert Path(items[2].destination or "").exists()


def test_the_command_line_reports_an_unflushed_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "in"
    source.mkdir()
    shutil.copy(REQUEST, source / "a.xml")
    shutil.copy(CONFIRM, source / "b.xml")

    def flush_files(paths: list[str]) -> dict[str, OSError]:
        return {path: OSError(28, "No space left on device") for path in paths if "b.xml" in path}

    monkeypatch.setattr(durability, "flush_files", flush_files)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["convert", "--to", "cim", "-O", str(out), str(source)])

    assert result.exit_code != 0, result.output
    assert "b.xml" in result.output
    assert "not flushed to disk" in result.output
    assert "2 inputs: 1 converted, 1 rejected" in result.output
    assert sorted(path.name for path in out.iterdir() if not path.name.startswith(".")) == ["a.xml"]


def test_flush_files_names_what_it_could_not_flush(tmp_path: Path) -> None:
    present = tmp_path / "present.xml"
    present.write_bytes(b"<a/>")
    missing = str(tmp_path / "missing.xml")

    failed = durability.flush_files([str(present), missing])

    assert list(failed) == [missing]
    assert isinstance(failed[missing], FileNotFoundError)


def test_serial_chunks_are_bounded_contiguous_and_complete() -> None:
    sizes = [1] * (SERIAL_ITEMS * 2 + 5) + [SERIAL_BYTES // 2] * 5 + [SERIAL_BYTES * 3]
    items = [WorkItem(index, f"{index}", None, size=size) for index, size in enumerate(sizes)]

    chunks = list(serial_chunks(items))

    assert [item.index for chunk in chunks for item in chunk] == list(range(len(items)))
    for chunk in chunks:
        assert 1 <= len(chunk) <= SERIAL_ITEMS
        assert len(chunk) == 1 or sum(item.size for item in chunk) <= SERIAL_BYTES
    # Full chunks where the bounds allow: the first two hold SERIAL_ITEMS small inputs each.
    assert [len(chunk) for chunk in chunks[:2]] == [SERIAL_ITEMS, SERIAL_ITEMS]
    assert chunks[-1] == [items[-1]]  # an input larger than the budget is a chunk of its own


def test_converting_one_document_builds_only_its_own_mapping() -> None:
    """The first conversion of a process used to build every table's mapping (importing every
    binding module): half a second of every one-file `convert`."""
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from elhub_cim import convert\n"
        "from elhub_cim.mapping import tables\n"
        f"convert(Path({str(REQUEST)!r}).read_bytes(), to='cim')\n"
        "built = tables.document_mapping.cache_info().currsize\n"
        "every = len(tables._document_specs())\n"
        "print(built, every)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    built, every = (int(word) for word in done.stdout.split())
    assert every > 20
    assert 1 <= built <= 2, f"{built} of {every} document mappings built for one conversion"


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_local_run_hands_on_each_record_once_its_output_is_on_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int
) -> None:
    """The local runner flushes in the background while it converts; a record it yields names
    an output that is already flushed, its folder too."""
    if not Path("/proc/self/fd").is_dir():
        pytest.skip("needs /proc/self/fd to name the flushed files")
    flushed: list[str] = []
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        real_fsync(fd)
        flushed.append(os.readlink(f"/proc/self/fd/{fd}"))

    monkeypatch.setattr(os, "fsync", fsync)
    items = _inputs(tmp_path, 7)
    options = WorkOptions(command="convert", max_bytes=DEFAULT_MAX_BYTES, target="cim")
    seen = []
    for record in run_local(items, options, jobs):
        assert record.status == "converted"
        assert record.destination in flushed, "a record went on before its output was flushed"
        assert str(tmp_path / "out") in flushed
        seen.append(record.index)
    assert seen == list(range(7))


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_local_run_rejects_what_it_cannot_flush(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int
) -> None:
    items = _inputs(tmp_path, 5)
    broken = {items[1].destination, items[4].destination}

    def flush_files(paths: Iterable[str]) -> dict[str, OSError]:
        return {path: OSError(5, "Input/output error") for path in paths if path in broken}

    monkeypatch.setattr(durability, "flush_files", flush_files)
    options = WorkOptions(command="convert", max_bytes=DEFAULT_MAX_BYTES, target="cim")
    records = list(run_local(items, options, jobs))

    assert [record.index for record in records] == list(range(5))
    assert [record.status for record in records] == [
        "converted",
        "rejected",
        "converted",
        "converted",
        "rejected",
    ]
    for record in (records[1], records[4]):
        assert record.problems[-1].code == "IO_ERROR"
        assert not Path(record.destination or "").exists()


def test_the_flusher_keeps_order_and_passes_entries_without_a_path(tmp_path: Path) -> None:
    files = []
    for index in range(6):
        path = tmp_path / f"f{index}"
        path.write_bytes(b"x")
        files.append(str(path))
    flusher: durability.Flusher[int] = durability.Flusher()
    try:
        flusher.put([(0, files[0]), (1, None), (2, files[2])])
        flusher.put([(3, str(tmp_path / "gone")), (4, files[4])])
        done = flusher.ready() + flusher.drain()
    finally:
        flusher.close()
    assert [payload for payload, _ in done] == [0, 1, 2, 3, 4]
    errors = {payload: error for payload, error in done}
    assert isinstance(errors[3], FileNotFoundError)
    assert [payload for payload, error in done if error is None] == [0, 1, 2, 4]
    assert flusher.drain() == []


@pytest.mark.parametrize("slow_start", ["one very slow call", "steadily slow calls"])
def test_flush_files_overlaps_its_fsyncs_on_a_slow_disk_and_flushes_folders_after_every_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, slow_start: str
) -> None:
    # Side by side, the waits share journal commits: one by one, each waits for a commit of its
    # own. The first fsync is very slow, or the first few are each a little slow (a busy disk);
    # every later file's fsync returns only once another one is in flight too (or after a
    # timeout, which the test then reports): flushing the rest one by one fails.
    import threading

    if not Path("/proc/self/fd").is_dir():
        pytest.skip("needs /proc/self/fd to name the flushed files")
    folders = [tmp_path / "a", tmp_path / "b"]
    files = []
    for number in range(durability.SLOW_AFTER + 6):
        folder = folders[number % 2]
        folder.mkdir(exist_ok=True)
        path = folder / f"f{number}"
        path.write_bytes(b"x")
        files.append(str(path))
    lock = threading.Lock()
    in_flight = 0
    overlapped = threading.Event()
    events: list[tuple[str, str]] = []
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        nonlocal in_flight
        name = os.readlink(f"/proc/self/fd/{fd}")
        with lock:
            in_flight += 1
            events.append(("start", name))
            if in_flight > 1:
                overlapped.set()
        try:
            if slow_start == "one very slow call" and name == files[0]:
                time.sleep(durability.SLOW_ONE * 2)
            elif slow_start == "steadily slow calls" and name in files[: durability.SLOW_AFTER]:
                time.sleep(durability.SLOW_FSYNC_SECONDS * 3)
            elif name in files:
                overlapped.wait(timeout=2)
            real_fsync(fd)
        finally:
            with lock:
                in_flight -= 1
                events.append(("end", name))

    monkeypatch.setattr(os, "fsync", fsync)
    failed = durability.flush_files([*files, files[0]])

    assert failed == {}
    assert overlapped.is_set(), "the fsync calls ran one by one"
    started = [name for kind, name in events if kind == "start"]
    assert sorted(started) == sorted([*files, *map(str, folders)])  # each once
    last_file_end = max(
        i for i, (kind, name) in enumerate(events) if kind == "end" and name in files
    )
    first_folder_start = min(
        i for i, (kind, name) in enumerate(events) if kind == "start" and name not in files
    )
    assert first_folder_start > last_file_end


def test_flush_files_goes_one_by_one_while_the_disk_answers_quickly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Threads cost several times the CPU of quick fsync calls, taken from a local run's workers:
    # on an idle disk no call runs beside another, and every file and folder is still flushed,
    # the folders after the files, an error named where it happened.
    import threading

    files = []
    for number in range(6):
        path = tmp_path / f"f{number}"
        path.write_bytes(b"x")
        files.append(str(path))
    missing = str(tmp_path / "missing")
    threads_seen: set[int] = set()
    flushed: list[int] = []

    def fsync(fd: int) -> None:  # a disk that answers at once (a real one may be busy: CI's)
        threads_seen.add(threading.get_ident())
        flushed.append(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    failed = durability.flush_files([*files[:3], missing, *files[3:]])

    assert threads_seen == {threading.get_ident()}
    assert len(flushed) == len(files) + 1  # the files, then their one folder
    assert list(failed) == [missing]
    assert isinstance(failed[missing], FileNotFoundError)


def _files(folder: Path, count: int) -> list[str]:
    folder.mkdir(exist_ok=True)
    paths = []
    for number in range(count):
        path = folder / f"f{number}.xml"
        path.write_bytes(b"<a/>")
        paths.append(str(path))
    return paths


def test_a_batch_of_many_files_is_flushed_by_one_syncfs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # One journal commit for the lot, next to no CPU; a file that is not there is named as
    # fsync would name it, and the others are still flushed.
    files = _files(tmp_path / "out", durability.SYNCFS_FILES)
    missing = str(tmp_path / "out" / "missing.xml")
    synced: list[str] = []

    def syncfs(fd: int) -> int:
        synced.append(os.readlink(f"/proc/self/fd/{fd}"))
        return 0

    def fsync(fd: int) -> None:
        raise AssertionError("an fsync in a batch flushed by syncfs")

    monkeypatch.setattr(durability, "_syncfs", lambda: syncfs)
    monkeypatch.setattr(os, "fsync", fsync)
    failed = durability.flush_files([*files, missing])

    assert list(failed) == [missing]
    assert isinstance(failed[missing], FileNotFoundError)
    assert synced == [str(tmp_path / "out")]  # once, for the one file system


@pytest.mark.parametrize("syncfs_result", ["fails", "missing"])
def test_without_a_working_syncfs_the_batch_is_flushed_file_by_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, syncfs_result: str
) -> None:
    files = _files(tmp_path / "out", durability.SYNCFS_FILES + 3)
    flushed: list[str] = []
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        flushed.append(os.readlink(f"/proc/self/fd/{fd}"))
        real_fsync(fd)

    failing = lambda fd: -1  # noqa: E731 - the C call's failure
    monkeypatch.setattr(
        durability, "_syncfs", lambda: failing if syncfs_result == "fails" else None
    )
    monkeypatch.setattr(os, "fsync", fsync)

    assert durability.flush_files(files) == {}
    # Every file once, then their folder. A slow disk (CI's) hands the later files to threads,
    # so their order among themselves is not fixed.
    assert sorted(flushed[:-1]) == sorted(files)
    assert flushed[-1] == str(tmp_path / "out")


def test_a_small_batch_is_flushed_file_by_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = _files(tmp_path / "out", durability.SYNCFS_FILES - 1)

    def syncfs(fd: int) -> int:
        raise AssertionError("syncfs for a small batch")

    monkeypatch.setattr(durability, "_syncfs", lambda: syncfs)
    assert durability.flush_files(files) == {}


def test_syncfs_is_found_on_linux() -> None:
    import platform

    if platform.system() != "Linux":
        pytest.skip("syncfs is Linux's")
    syncfs = durability._syncfs()
    assert syncfs is not None
    fd = os.open(".", os.O_RDONLY)
    try:
        assert syncfs(fd) == 0
    finally:
        os.close(fd)


def _slow_flush_holding(held: threading.Lock, busy: threading.Event, seconds: float) -> object:
    def slow(paths: Iterable[str]) -> dict[str, OSError]:
        list(paths)
        with held:
            busy.set()
            time.sleep(seconds)
        return {}

    return slow


def test_wait_idle_returns_once_the_flusher_is_between_batches_and_keeps_its_entries(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    held, busy = threading.Lock(), threading.Event()
    monkeypatch.setattr(durability, "flush_files", _slow_flush_holding(held, busy, 0.2))
    flusher: durability.Flusher[int] = durability.Flusher()
    try:
        flusher.put([(0, str(tmp_path / "a"))])
        assert busy.wait(5)
        flusher.wait_idle()
        assert held.acquire(blocking=False)  # (a fork now inherits no lock of the flusher's)
        held.release()
        assert [payload for payload, _ in flusher.ready()] == [0]
    finally:
        flusher.close()


def test_a_local_pool_retrying_after_a_death_forks_no_worker_mid_flush(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """End to end: a worker dies, and the local runner retries in new pools while the flusher
    flushes what the first pool converted. A retry worker that needs what the flusher held (as
    the real one imports ctypes) failed to start, and an input beside the one at fault was
    reported as having killed its worker (the real one hung for ever). Only the input the
    worker died on is reported."""
    from elhub_cim import runners, work

    held, busy = threading.Lock(), threading.Event()
    monkeypatch.setattr(durability, "flush_files", _slow_flush_holding(held, busy, 0.5))
    real_start = runners._end_with

    def start(parent: int) -> None:  # needs the lock, as the real one needs ctypes's
        if not held.acquire(blocking=False):
            os._exit(1)
        held.release()
        real_start(parent)

    monkeypatch.setattr(runners, "_end_with", start)
    monkeypatch.setattr(runners, "MIN_PARTITION_ITEMS", 1)
    items = [
        dataclasses.replace(item, size=1000 if item.index < 6 else 1)
        for item in _inputs(tmp_path, 8)
    ]  # six partitions of one input, then m6 and m7 together
    real_unit = work._convert_unit

    def dying(part: list[WorkItem], options: WorkOptions, *rest: Any) -> object:
        if any(item.label == "m7.xml" for item in part):
            time.sleep(0.3)  # the others are done first, and being flushed
            os._exit(9)
        return real_unit(part, options, *rest)

    monkeypatch.setattr(work, "_convert_unit", dying)
    options = WorkOptions("convert", max_bytes=DEFAULT_MAX_BYTES)
    records = list(run_local(items, options, 2))
    assert [record.index for record in records] == list(range(8))
    assert [record.label for record in records if record.internal_error] == ["m7.xml"]
    assert [record.status for record in records[:7]] == ["converted"] * 7
