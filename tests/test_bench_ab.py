"""tools/bench_ab.py (the interleaved A/B timing of two source trees) and tools/bench_stages.py
(each stage of a conversion alone): smoke runs. The figures are printed for a person to read,
never asserted."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

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


#: A stand-in for valgrind: runs the worker as it is and reports, as callgrind would on its
#: stderr, a count made of the passes it was asked for (so many instructions per message and
#: pass: 3,000 for convert, 1,000 for the floor; start-up is not counted, as by callgrind).
FAKE_VALGRIND = """#!{python}
import subprocess, sys
arguments = sys.argv[1:]
while arguments[0].startswith("--"):
    arguments = arguments[1:]
done = subprocess.run(arguments, capture_output=True, text=True)
sys.stdout.write(done.stdout)
passes = int(arguments[arguments.index("--passes") + 1])
stage = arguments[arguments.index("--stage") + 1]
messages = int(done.stdout.split()[-1])
count = passes * messages * (3000 if stage == "convert" else 1000)
sys.stderr.write(done.stderr + f"==1== Collected : {{count}}\\n")
sys.exit(done.returncode)
"""


def test_instructions_are_counted_per_message_and_against_the_floor(tmp_path: Path) -> None:
    fake = tmp_path / "valgrind"
    fake.write_text(FAKE_VALGRIND.format(python=sys.executable))
    fake.chmod(0o755)
    environment = {**os.environ, "PATH": f"{tmp_path}{os.pathsep}{os.environ['PATH']}"}
    tool = str(PROJECT_ROOT / "tools" / "bench_ab.py")
    done = subprocess.run(
        [sys.executable, tool, SOURCE, "--instructions", "--passes", "2", "--sets", "project"],
        capture_output=True,
        text=True,
        check=False,
        cwd=PROJECT_ROOT,
        env=environment,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "convert, instructions per message (project), 2 passes:"
    for line, label in zip(lines[1:], ("ebix→cim", "cim→ebix"), strict=True):
        # each pass counts once per message
        assert line == f"  {label}: A        3,000  floor        1,000  A/floor 3.00", line


def test_instructions_need_valgrind(tmp_path: Path) -> None:
    environment = {**os.environ, "PATH": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, str(PROJECT_ROOT / "tools" / "bench_ab.py"), SOURCE, "--instructions"],
        capture_output=True,
        text=True,
        check=False,
        env=environment,
    )
    assert done.returncode != 0
    assert "needs valgrind" in done.stderr


def test_the_floor_is_only_counted() -> None:
    done = run_tool("bench_ab", SOURCE, SOURCE, "--stage", "floor")
    assert done.returncode == 2
    assert "--instructions only" in done.stderr
