"""tools/bench_ab.py (the interleaved A/B timing of two source trees) and tools/bench_stages.py
(each stage of a conversion alone): smoke runs. The figures are printed for a person to read,
never asserted."""

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


def test_each_stage_alone_is_printed_against_the_floor_and_convert() -> None:
    done = run_tool("bench_stages", "--sets", "project", "--rounds", "1")
    assert done.returncode == 0, done.stdout + done.stderr
    out = done.stdout
    for direction in ("ebix→cim", "cim→ebix"):
        header = re.search(rf"project, {direction}: (\d+) messages", out)
        assert header is not None, out
        assert int(header.group(1)) >= 30
    figures = dict(re.findall(r"^  (\w[\w ]*?) +([\d.]+) +[\d.]+×$", out, flags=re.MULTILINE))
    for name in ("floor", "read", "rules", "pydantic", "validate out", "reader", "writer"):
        assert float(figures[name]) > 0, name
    # the sums are of the printed stages: every stage alone is at least what must stay
    kept = [float(x) for x in re.findall(r"must stay .*: ([\d.]+)×", out)]
    alone = [float(x) for x in re.findall(r"every stage alone: ([\d.]+)×", out)]
    assert len(kept) == len(alone) == 2
    assert all(k < a for k, a in zip(kept, alone, strict=True))


def test_an_unknown_set_is_refused() -> None:
    done = run_tool("bench_stages", "--sets", "nowhere")
    assert done.returncode == 2
    assert "unknown set 'nowhere'" in done.stderr
