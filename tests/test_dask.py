"""The Dask runner on a real dask.distributed LocalCluster (2 worker processes): every input
accounted for, outputs and report identical to the local runner, a worker killed mid-run, and
--resume after a run that was killed."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from elhub_cim.batch import MANIFEST_NAME
from elhub_cim.cli import main
from elhub_cim.runners import run_dask
from elhub_cim.work import Record, WorkItem, WorkOptions
from tests.batches import SOURCES, many_inputs, stopped_batch
from tests.conftest import PROJECT_ROOT

distributed = pytest.importorskip("distributed")
dask = pytest.importorskip("dask")


def _local_cluster(workers: int) -> Any:
    """A cluster of ``workers`` processes of one thread each on this machine, its scheduler and
    dashboard on the loopback (the dashboard on a free port)."""
    return distributed.LocalCluster(
        n_workers=workers,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address="127.0.0.1:0",
    )


@pytest.fixture(scope="module")
def cluster() -> Iterator[str]:
    local = _local_cluster(2)
    try:
        yield str(local.scheduler_address)
    finally:
        local.close()


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    root = tmp_path / "archive"
    for number in range(40):
        folder = root / f"{number % 4}"
        folder.mkdir(parents=True, exist_ok=True)
        source = SOURCES[number % 3]
        shutil.copy(source, folder / f"{number:03d}-{source.name}")
    (root / "0" / "broken.xml").write_text("<RequestStartOfSupply>")
    (root / "notes.txt").write_text("not a message")
    return root


def outputs(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*.xml")}


def test_dask_runner_matches_the_local_runner(cluster: str, archive: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    local = runner.invoke(
        main, ["convert", str(archive), "--to", "cim", "-O", str(tmp_path / "a"), "-j", "2"]
    )
    dask = runner.invoke(
        main, ["convert", str(archive), "--to", "cim", "-O", str(tmp_path / "b"), "--dask", cluster]
    )
    lines = dask.output.splitlines(keepends=True)
    assert [line for line in lines if line.startswith("dask dashboard: http")], dask.output
    report = "".join(line for line in lines if not line.startswith("dask dashboard: "))
    assert report == local.output
    assert dask.exit_code == local.exit_code == 1
    assert report.strip().splitlines()[-1] == (
        "41 inputs: 40 converted, 1 rejected; 1 other file skipped (not .xml or .json)"
    )
    assert outputs(tmp_path / "a") == outputs(tmp_path / "b")
    assert len(outputs(tmp_path / "b")) == 40
    checked = runner.invoke(main, ["validate", str(archive), "--dask", cluster])
    assert checked.output.strip().splitlines()[-1].startswith("41 files: 40 valid, 1 invalid")


def test_a_worker_killed_mid_run(cluster: str, archive: Path, tmp_path: Path) -> None:
    files = sorted(archive.rglob("*.xml"))
    items = [
        WorkItem(
            number,
            str(path),
            str(path),
            destination=str(tmp_path / "out" / path.relative_to(archive)),
            size=path.stat().st_size,
            overwrite=True,
        )
        for number, path in enumerate(files)
    ]
    options = WorkOptions("convert", 64 * 1024 * 1024, target="cim")
    with distributed.Client(cluster) as client:
        pids = client.run(os.getpid)
    records = []
    for record in run_dask(items, options, cluster, announce=lambda _: None):
        records.append(record)
        if len(records) == 1:  # the run is under way: kill a worker process outright
            os.kill(next(iter(pids.values())), signal.SIGKILL)
    assert [record.index for record in records] == list(range(len(items)))
    converted = [r for r in records if r.status == "converted"]
    assert len(converted) + sum(r.internal_error for r in records) == 40
    assert [r.label for r in records if r.status == "rejected" and not r.internal_error] == [
        str(archive / "0" / "broken.xml")
    ]
    for record in converted:
        assert Path(record.destination or "").read_bytes()


def test_resume_after_a_killed_run(cluster: str, archive: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    reference = CliRunner().invoke(
        main, ["convert", str(archive), "--to", "cim", "-O", str(tmp_path / "ref"), "-j", "1"]
    )
    assert reference.exit_code == 1
    command = [sys.executable, "-m", "elhub_cim", "convert", str(archive), "--to", "cim"]
    command += ["-O", str(out), "--dask", cluster]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    manifest = out / MANIFEST_NAME
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        if manifest.exists() and len(manifest.read_text().splitlines()) >= 3:
            break
        time.sleep(0.02)
    process.kill()
    process.wait()
    done = len(manifest.read_text().splitlines()) if manifest.exists() else 0
    resumed = CliRunner().invoke(
        main,
        ["convert", str(archive), "--to", "cim", "-O", str(out), "--dask", cluster, "--resume"],
    )
    closing = resumed.output.strip().splitlines()[-1]
    assert closing.startswith("41 inputs: "), resumed.output
    if done:
        assert "skipped (complete, --resume)" in closing
    assert outputs(out) == outputs(tmp_path / "ref")
    assert not list(out.rglob(".*.tmp"))


def test_a_forced_run_that_rejects_an_input_removes_its_earlier_output(
    cluster: str, archive: Path, tmp_path: Path
) -> None:
    """As with the local runner (tests/test_batch.py): the earlier output of an input that a
    --force run rejects does not stay beside this run's outputs."""
    out = tmp_path / "out"
    command = ["convert", str(archive), "--to", "cim", "-O", str(out), "--dask", cluster]
    assert CliRunner().invoke(main, command).exit_code == 1
    changed = next(archive.glob("1/*.xml"))
    earlier = out / changed.relative_to(archive)
    assert earlier.is_file()
    changed.write_text("<broken", encoding="utf-8")
    forced = CliRunner().invoke(main, [*command, "--force"])
    assert forced.exit_code == 1, forced.output
    assert f"earlier output {earlier} removed" in forced.output
    assert not earlier.exists()
    assert len(outputs(out)) == 39


def test_monitor_extract_on_dask_matches_the_local_runner(
    cluster: str, archive: Path, tmp_path: Path
) -> None:
    key = tmp_path / "key"
    key.write_bytes(b"sixteen bytes or more, fixed")
    results = {}
    for name, runner in (("local", ["--jobs", "1"]), ("dask", ["--dask", cluster])):
        out = tmp_path / f"{name}.csv"
        result = CliRunner().invoke(
            main,
            ["monitor", "extract", str(archive), "-o", str(out), "--key-file", str(key), *runner],
        )
        assert result.exit_code == 2, result.output  # broken.xml
        summary = [line for line in result.stderr.splitlines() if " files: " in line]
        results[name] = (out.read_bytes(), summary[0].replace(out.name, "OUT"))
    assert results["dask"] == results["local"]
    assert "dask dashboard: http" in result.stderr
    # 40 copies of 3 messages (only the start-of-supply request makes an event; its 13 copies
    # are duplicates), the broken file and the text file: every input accounted for.
    assert results["local"][1].startswith("42 files: 1 used, 41 skipped; 1 events")


def die_on_poison(item: WorkItem, options: WorkOptions) -> Record:
    """A handler (run in a Dask worker) whose worker process dies on the input named poison."""
    if item.label == "poison":
        os._exit(1)
    return Record(item.index, item.label, "valid")


def test_only_the_input_a_worker_dies_on_is_lost(tmp_path: Path) -> None:
    # Once Dask gave up on a partition (KilledWorker), every input of it was an internal error;
    # a local pool reports only the input its worker dies on, and so does Dask now.
    labels = [f"m{number}" for number in range(7)]
    labels[4] = "poison"
    # One input that makes a partition of its own, then one partition of six with the poison.
    sizes = [8000, 1, 1, 1, 1, 1, 1]
    items = [
        WorkItem(number, label, None, data=b"<x/>", size=size)
        for number, (label, size) in enumerate(zip(labels, sizes, strict=True))
    ]
    options = WorkOptions("handler", 1024, handler="tests.test_dask:die_on_poison")
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}):
        local = _local_cluster(1)
        try:
            address = local.scheduler_address
            records = list(run_dask(items, options, address, announce=lambda _: None))
        finally:
            local.close()
    assert [record.index for record in records] == list(range(7))
    assert [record.label for record in records if record.internal_error] == ["poison"]
    assert [record.status for record in records].count("valid") == 6


def _manifest_outputs(out: Path) -> list[str]:
    manifest = out / MANIFEST_NAME
    if not manifest.exists():
        return []
    return [json.loads(line)["output"] for line in manifest.read_text().splitlines()]


def _settled(out: Path, seconds: float = 3.0) -> list[str]:
    """The outputs under ``out`` once none has come for ``seconds`` (a cluster's workers may
    still be writing after the client ended)."""
    deadline = time.monotonic() + 120
    written = sorted(str(path) for path in out.glob("*.xml"))
    quiet_since = time.monotonic()
    while time.monotonic() < deadline and time.monotonic() - quiet_since < seconds:
        time.sleep(0.2)
        now = sorted(str(path) for path in out.glob("*.xml"))
        if now != written:
            written, quiet_since = now, time.monotonic()
    return written


def _stopped_dask_run(
    tmp_path: Path, address: str, signum: int, group: bool = False
) -> tuple[int, str, Path]:
    """convert 1,200 inputs -O OUT --dask ADDRESS, sent ``signum`` once 30 outputs are there
    (with ``group``, every process of its group, as Ctrl-C at a terminal): its exit code,
    standard error and OUT."""
    out = tmp_path / "out"
    how = ["--dask", address]
    code, errors = stopped_batch(many_inputs(tmp_path, 1200), out, how, signum, 30, group)
    return code, errors, out


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_an_interrupted_dask_run_lists_every_output_it_wrote(
    cluster: str, tmp_path: Path, signum: int
) -> None:
    """Interrupted (Ctrl-C, SIGTERM), a --dask run lost the records of the partitions its
    workers were running and of those finished behind an earlier one: their outputs, whole on
    disk (and some written after the client ended), had no manifest line, and --resume
    converted them again. The workers stop their partitions between inputs and hand back what
    they finished, as a local pool's do: every output has its line."""
    code, errors, out = _stopped_dask_run(tmp_path, cluster, signum)
    assert code == 128 + signum, errors
    assert "Traceback" not in errors, errors
    written = _settled(out)
    assert len(written) < 1200, "the run was not interrupted"
    assert sorted(_manifest_outputs(out)) == written, errors
    last = errors.strip().splitlines()[-1]
    assert last.startswith(f"interrupted: {len(written)} of 1200 inputs done"), errors


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_a_local_cluster_stopped_with_its_client_lists_every_output_it_wrote(
    tmp_path: Path, signum: int
) -> None:
    """Ctrl-C at a terminal reaches every process of its group, and a service stopped sends
    SIGTERM to each of its processes: the workers of --dask local:N died amid their units (a
    KeyboardInterrupt traceback per worker, or none at all), their finished outputs without
    manifest lines. They leave the signal to the client, which stops them between inputs and
    collects what they finished."""
    code, errors, out = _stopped_dask_run(tmp_path, "local:2", signum, group=True)
    assert code == 128 + signum, errors
    assert "Traceback" not in errors, errors
    written = sorted(str(path) for path in out.glob("*.xml"))
    assert len(written) < 1200, "the run was not interrupted"
    assert sorted(_manifest_outputs(out)) == written, errors
    last = errors.strip().splitlines()[-1]
    assert last.startswith(f"interrupted: {len(written)} of 1200 inputs done"), errors


@pytest.mark.parametrize("command", ["convert", "validate", "monitor"])
def test_a_scheduler_that_cannot_be_reached_is_an_io_error(tmp_path: Path, command: str) -> None:
    """--dask with a scheduler that does not answer (a wrong port, a host down) ended in
    distributed's traceback (OSError: Timed out trying to connect) and exit 1, the code of an
    input rejected (monitor extract: a usage error). It is an I/O error naming the address,
    exit 2, nothing done."""
    inputs = [str(SOURCES[0]), str(SOURCES[1]), "--dask", "tcp://127.0.0.1:1"]
    arguments = [command, *inputs]
    if command == "convert":
        arguments += ["--to", "cim", "-O", str(tmp_path / "out")]
    elif command == "monitor":
        key = tmp_path / "key"
        key.write_bytes(b"sixteen bytes or more, fixed")
        events = tmp_path / "out" / "events.csv"
        arguments = ["monitor", "extract", *inputs, "-o", str(events), "--key-file", str(key)]
    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):
        result = CliRunner().invoke(main, arguments)
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit), result.exception
    assert "tcp://127.0.0.1:1: IO_ERROR cannot reach the Dask scheduler" in result.output
    assert not (tmp_path / "out").exists()


def test_a_scheduler_lost_mid_run_ends_the_run(tmp_path: Path) -> None:
    """The scheduler gone mid-run (its host down, its process killed): the client gave up
    reconnecting and closed, and the command waited for ever for partitions that could no
    longer finish, the manifest lines of those that had come back never written. It ends: an
    I/O error naming the address, the records that came back taken, a closing line, exit 2."""
    source = many_inputs(tmp_path, 1200)
    out = tmp_path / "out"
    local = _local_cluster(1)
    address = str(local.scheduler_address)
    environment = {
        **os.environ,
        "PYTHONPATH": str(PROJECT_ROOT / "src"),
        "DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "2s",
    }
    command = [sys.executable, "-m", "elhub_cim", "convert", str(source), "--to", "cim"]
    process = subprocess.Popen(
        [*command, "-O", str(out), "--dask", address],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=environment,
    )
    try:
        deadline = time.monotonic() + 120
        while len(list(out.glob("*.xml"))) < 30:
            assert process.poll() is None, "the batch ended before the scheduler went"
            assert time.monotonic() < deadline
            time.sleep(0.005)
        local.close()
        _, errors = process.communicate(timeout=120)
    finally:
        local.close()
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 2, errors
    assert "Traceback" not in errors, errors
    assert f"{address}: IO_ERROR lost the Dask scheduler" in errors, errors
    last = errors.strip().splitlines()[-1]
    assert last.startswith("stopped: "), errors
    assert all(Path(output).is_file() for output in _manifest_outputs(out))


def test_a_worker_that_does_not_answer_the_stop_ends_the_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Interrupted, a --dask run tells every worker to stop its units (``client.run``), which
    waited for ever for a worker that did not answer (stopped, its event loop stuck): the
    command hung. The stop is given ``STOP_SECONDS``; then it ends as a run whose scheduler was
    lost does: an I/O error naming the address, what came back taken, a closing line, exit 2."""
    from elhub_cim import batch, runners

    monkeypatch.setattr(runners, "STOP_SECONDS", 0.5)
    source = many_inputs(tmp_path, 60)
    local = _local_cluster(1)
    address = str(local.scheduler_address)
    with distributed.Client(local) as client:
        (pid,) = client.run(os.getpid).values()
    counted = batch._count

    def count(record: Record, tally: batch.Tally) -> None:
        counted(record, tally)
        os.kill(pid, signal.SIGSTOP)  # (the worker stuck, and an interrupt)
        raise KeyboardInterrupt

    monkeypatch.setattr(batch, "_count", count)
    ended: list[Result] = []

    def command() -> None:
        out = str(tmp_path / "out")
        arguments = ["convert", str(source), "--to", "cim", "-O", out, "--dask", address]
        ended.append(CliRunner().invoke(main, arguments))

    thread = threading.Thread(target=command, daemon=True)
    try:
        thread.start()
        thread.join(timeout=30)
        stuck = thread.is_alive()
    finally:
        os.kill(pid, signal.SIGKILL)  # (so that its cluster closes at once)
        thread.join(timeout=60)
        local.close()
    assert not stuck, "the command waited for the worker"
    (result,) = ended
    assert result.exit_code == 2, result.output
    assert f"{address}: IO_ERROR " in result.stderr, result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith("stopped: "), result.stderr
