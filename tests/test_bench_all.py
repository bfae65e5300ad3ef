"""`make bench` (tools/bench_all.py) runs every part of issue 15's benchmark; a smoke run on tiny
inputs (the figures themselves are printed by `make bench`, never asserted)."""

from __future__ import annotations

from tests.conftest import run_tool


def test_bench_all_runs_every_part() -> None:
    done = run_tool("bench_all", "--quick")
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert "cores" in lines[0]
    assert "load average" in lines[0]
    parts = {line.split()[0] for line in lines[1:] if line.startswith("  ")}
    assert parts == {"validate", "convert", "start-up", "batch", "sharing", "monitor", "stream"}
    assert any("ebix→cim convert, one call each" in line for line in lines)
    assert any("ebix→cim convert_many" in line for line in lines)
    assert any("ebix→cim engine" in line for line in lines)
    assert any("ebix→cim rules=False" in line for line in lines)
    # the billing document streamed too (issue 16), at two sizes
    billing = [line for line in lines if line.startswith("  stream") and "billing convert" in line]
    assert len(billing) == 2, lines
