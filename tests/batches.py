"""What the tests of interrupted batches share: a folder of many inputs, and a batch run as its
own process and sent a signal once some of its outputs are there."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import PROJECT_ROOT

EBIX = PROJECT_ROOT / "examples" / "ebix"
#: The messages a batch of many inputs is made of, in turn.
SOURCES = [
    EBIX / "RequestStartOfSupply-move-in.xml",
    EBIX / "ConfirmStartOfSupply.xml",
    EBIX / "RequestEndOfSupply-move-out.xml",
]


def many_inputs(tmp_path: Path, count: int) -> Path:
    """A folder ``many`` of ``count`` copies of :data:`SOURCES`, each named by its number."""
    root = tmp_path / "many"
    root.mkdir()
    for number in range(count):
        source = SOURCES[number % len(SOURCES)]
        shutil.copy(source, root / f"{number:04d}-{source.name}")
    return root


def stopped_batch(
    source: Path, out: Path, how: list[str], signum: int, written: int, group: bool = False
) -> tuple[int, str]:
    """``elhub-cim convert SOURCE --to cim -O OUT`` with the options ``how`` (``-j 2``, ``--dask
    ADDRESS``), sent ``signum`` once ``written`` outputs are there (with ``group``, every process
    of its group, as Ctrl-C at a terminal): its exit code and standard error."""
    environment = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT / "src")}
    command = ["convert", str(source), "--to", "cim", "-O", str(out), *how]
    process = subprocess.Popen(
        [sys.executable, "-m", "elhub_cim", *command],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=environment,
        start_new_session=group,
    )
    try:
        deadline = time.monotonic() + 120
        while len(list(out.glob("*.xml"))) < written:
            assert process.poll() is None, "the batch ended before it was stopped"
            assert time.monotonic() < deadline
            time.sleep(0.005)
        if group:
            os.killpg(process.pid, signum)
        else:
            process.send_signal(signum)
        _, errors = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    return process.returncode, errors
