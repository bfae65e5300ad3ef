"""A local pool's workers (``--jobs N``) end with their parent, even when it is killed."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

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
    from elhub_cim.work import WorkOptions

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
