"""tools/bench_ab.py, the interleaved A/B timing of two source trees: a smoke run (the figures are
printed for a person to read, never asserted)."""

from __future__ import annotations

import re

import pytest

from tests.conftest import PROJECT_ROOT, run_tool

SOURCE = str(PROJECT_ROOT / "src")


@pytest.mark.parametrize("stage", ["write", "rules"])
def test_two_trees_take_turns_and_their_ratio_is_printed(stage: str) -> None:
    done = run_tool(
        "bench_ab", SOURCE, SOURCE, "--stage", stage, "--rounds", "2", "--sets", "project"
    )
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert re.fullmatch(
        rf"{stage}, (\d+) messages \(project\), best of 2 interleaved rounds:", lines[0]
    )
    assert int(lines[0].split()[1]) >= 30  # the convertible examples, not none
    for line, label in zip(lines[1:], ("ebix→cim", "cim→ebix"), strict=True):
        found = re.fullmatch(rf"  {label}: A +([\d.]+) µs  B +([\d.]+) µs  B/A ([\d.]+)", line)
        assert found is not None, line
        a, b, ratio = (float(x) for x in found.groups())
        assert min(a, b) > 0
        # (a and b are printed to 0.1 µs, the ratio from the unrounded figures)
        assert ratio == pytest.approx(b / a, abs=0.01)


def test_one_tree_is_refused() -> None:
    done = run_tool("bench_ab", SOURCE)
    assert done.returncode == 2
    assert "two src folders" in done.stderr
