"""A local pool's workers (``--jobs N``) end with their parent, even when it is killed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from elhub_cim.work import Record, WorkItem, WorkOptions

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="prctl is Linux's")

_PARENT = textwrap.dedent(
    """
    import os, signal
    from elhub_cim.runners import _pool

    pool = _pool(1)
    print(pool.submit(os.getpid).result(), flush=True)
    os.kill(os.getpid(), signal.SIGKILL)
    """
)


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rpartition(")")[2].split()[0] != "Z"  # a zombie has ended


def test_workers_end_with_a_killed_parent() -> None:
    parent = subprocess.run(
        [sys.executable, "-c", _PARENT], capture_output=True, text=True, timeout=60, check=False
    )
    worker = int(parent.stdout.split()[0])
    deadline = time.monotonic() + 10
    while _alive(worker) and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        assert not _alive(worker), "the worker outlived its killed parent"
    finally:
        if _alive(worker):
            subprocess.run(["kill", "-9", str(worker)], check=False)


def _started(seconds: float) -> int:
    time.sleep(seconds)
    return os.getpid()


def test_a_pool_knows_its_workers_and_one_starting_amid_a_stop_stops_itself() -> None:
    """The pool's workers are found through what they enter as they start (not the private
    ``ProcessPoolExecutor._processes``); one that starts once the parent began to stop them
    runs no unit whole."""
    from elhub_cim import runners

    pool = runners._pool(2)
    try:
        pids = {future.result() for future in [pool.submit(_started, 0.3) for _ in range(2)]}
        known = runners._stopping_workers(pool)
        assert len(set(known)) == 2
        assert pids <= set(known)
    finally:
        pool.shutdown()
    late = runners._pool(1)
    try:
        assert runners._stopping_workers(late) == []  # (stopped before its worker started)
        outcome = late.submit(runners._pool_unit, [], WorkOptions("validate", 1)).result()
        assert isinstance(outcome, runners._Stopped)
    finally:
        late.shutdown()


def stuck_on_one(item: WorkItem, options: WorkOptions) -> Record:
    """A handler (run in a pool's worker) that hangs on the input named stuck, deaf to signals
    (as a worker stuck in a C call, or on a file system that does not answer)."""
    if item.label == "stuck":
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM, signal.SIGALRM})
        time.sleep(30)
    return Record(item.index, item.label, "valid")


def test_a_worker_that_does_not_stop_is_stopped_outright(monkeypatch: pytest.MonkeyPatch) -> None:
    """Interrupted, the parent gives its workers STOP_SECONDS to hand back what they finished,
    and then "stops outright" those that have not: it sent them SIGTERM, which their own handler
    takes as one more request to stop between inputs, so that a worker deaf to it (stuck in a C
    call) held the interrupted command until it came back, however long. It is killed."""
    handed, salvage, seconds = _interrupted_with_one_stuck(
        monkeypatch, 1.0, ["first", "stuck", "m"], again=False
    )
    assert seconds < 10
    assert "first" in [record.label for record in [*handed, *salvage]]


def _interrupted_with_one_stuck(
    monkeypatch: pytest.MonkeyPatch, stop_seconds: float, order: list[str], again: bool
) -> tuple[list[Record], list[Record], float]:
    """``run_local`` of three inputs on 2 workers (``order``: "stuck", "first" and "m", the
    stuck one held by :func:`stuck_on_one`), interrupted a second in (``again``: and every
    second after, as Ctrl-C pressed again): the records handed on, those salvaged and the
    seconds it took."""
    from elhub_cim import runners

    monkeypatch.setattr(runners, "STOP_SECONDS", stop_seconds)
    monkeypatch.setattr(runners, "MIN_PARTITION_ITEMS", 1)
    sizes = {"first": 1000, "stuck": 1000, "m": 1}
    items = [
        WorkItem(number, label, None, data=b"<x/>", size=sizes[label])
        for number, label in enumerate(order)
    ]
    options = WorkOptions("handler", 1024, handler="tests.test_worker_death:stuck_on_one")
    salvage: list[Record] = []
    handed: list[Record] = []

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGALRM, interrupt)
    started = time.monotonic()
    try:
        signal.setitimer(signal.ITIMER_REAL, 1.0, 1.0 if again else 0.0)
        with pytest.raises(KeyboardInterrupt):
            # (what is handed on before the interrupt stays in handed: "first" may be)
            handed.extend(runners.run_local(items, options, 2, salvage=salvage))
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    return handed, salvage, time.monotonic() - started


def test_what_finished_behind_a_stuck_worker_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    """Interrupted, the parent waited for its workers' units in input order, and gave up at the
    first that did not come back within STOP_SECONDS: the units finished behind it (another
    worker's, done long before) were lost with it, their outputs on disk without manifest
    lines. Every unit that came back is kept."""
    handed, salvage, _ = _interrupted_with_one_stuck(
        monkeypatch, 1.0, ["first", "stuck", "m"], again=False
    )
    assert sorted(record.label for record in [*handed, *salvage]) == ["first", "m"]


def die_then_interrupt(item: WorkItem, options: WorkOptions) -> Record:
    """A handler (run in a pool's worker): its process dies on the input named poison, and on
    the one named stop it interrupts its parent (Ctrl-C to the command alone)."""
    if item.label == "poison":
        os._exit(1)
    if item.label == "stop":
        os.kill(os.getppid(), signal.SIGINT)
        time.sleep(0.5)
    return Record(item.index, item.label, "valid")


def test_an_interrupt_while_inputs_run_one_by_one_keeps_what_they_finished() -> None:
    """After a worker died, its partition runs input by input to find the input at fault: an
    interrupt then lost the records of the inputs that had run one by one (their outputs on
    disk, without manifest lines), and of the one running. They are kept."""
    from elhub_cim import runners

    labels = ["poison", "a", "b", "stop", "c"]
    items = [
        WorkItem(number, label, None, data=b"<x/>", size=1) for number, label in enumerate(labels)
    ]
    options = WorkOptions("handler", 1024, handler="tests.test_worker_death:die_then_interrupt")
    salvage: list[Record] = []
    handed: list[Record] = []
    with pytest.raises(KeyboardInterrupt):
        handed.extend(runners.run_local(items, options, 2, salvage=salvage))
    labels = sorted(record.label for record in [*handed, *salvage])
    assert labels == ["a", "b", "poison", "stop"]


def test_a_second_interrupt_keeps_what_had_come_back(monkeypatch: pytest.MonkeyPatch) -> None:
    """A second Ctrl-C while an interrupted run waited for its workers (an impatient operator)
    lost every record the run held, even those of units that had come back long before, their
    outputs flushed and waiting for an earlier input's: their manifest lines were never
    written. Those are kept; only what the workers were still to hand back is given up."""
    _, salvage, seconds = _interrupted_with_one_stuck(
        monkeypatch, 30.0, ["stuck", "first", "m"], again=True
    )
    assert seconds < 20  # (the second interrupt: no waiting STOP_SECONDS)
    assert sorted(record.label for record in salvage) == ["first", "m"]
