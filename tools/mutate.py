"""Mutation testing of the three engines (``make mutate``): how many changed programs the tests
notice, per module, and which they do not.

The engines and their test files are configured in pyproject.toml (``[tool.mutmut]``):
``rules/engine.py``, ``sharing/engine.py`` and ``mapping/engine.py``, each with its own tests.
mutmut (3.x) writes every mutant into ``mutants/`` and runs the tests that reach the mutated
function (forked processes, so it is fast enough for a 2-core machine: about half an hour).

Equivalent mutants (no test can notice them: the program still does the same thing) are listed
in ``tools/mutation-equivalents.txt`` with one line of reason each, reviewed like code; they are
left out of the rate. A listed mutant that is killed or no longer exists is reported as stale.

    python tools/mutate.py              # fresh run (removes mutants/), then the report
    python tools/mutate.py --resume     # go on with an interrupted run, then the report
    python tools/mutate.py --report     # the report of the last run only
    python tools/mutate.py --target 90  # exit 1 when a module is below 90 % (default)
    python tools/mutate.py --engine rules                  # one engine's mutants only
    python tools/mutate.py --resume 'elhub_cim.sharing.engine.x__fixed_point*'  # some functions

Under mutation the tests run with ``ELHUB_CIM_MUTATE=1`` (tests/conftest.py): caches of the
mutated package are cleared for each mutant and conversions go through the table engine, not
the compiled plans that stand in for it.
"""

from __future__ import annotations

import argparse
import ast
import difflib
import os
import re
import shutil
import subprocess
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EQUIVALENTS = ROOT / "tools" / "mutation-equivalents.txt"
MUTANTS = ROOT / "mutants"
#: mutmut statuses that mean a test noticed the mutant.
DETECTED = {"killed", "timeout", "segfault", "caught by type check", "suspicious"}
NOT_RUN = {"not checked", "skipped"}
ENGINES = ("rules", "sharing", "mapping")


@dataclass(frozen=True)
class Mutant:
    name: str  # e.g. elhub_cim.rules.engine.xǁ_JudgeǁrunǁMutant__mutmut_3
    status: str

    @property
    def module(self) -> str:
        return self.name.split(".x", 1)[0]

    @property
    def function(self) -> str:
        return self.name[len(self.module) + 1 :].rsplit("__mutmut_", 1)[0]


def _mutmut() -> list[str]:
    executable = Path(sys.executable).parent / "mutmut"
    return [str(executable)] if executable.exists() else [sys.executable, "-m", "mutmut"]


def results() -> list[Mutant]:
    """Every mutant of the last run and its status (``mutmut results --all true``)."""
    out = subprocess.run(
        [*_mutmut(), "results", "--all", "true"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    found = []
    for line in out.splitlines():
        name, _, status = line.strip().rpartition(": ")
        if name.startswith("elhub_cim."):
            found.append(Mutant(name, status))
    return found


def equivalents() -> dict[str, str]:
    """Reviewed equivalent mutants: name -> reason (``name | reason`` per line, # comments)."""
    listed: dict[str, str] = {}
    if not EQUIVALENTS.is_file():
        return listed
    for number, line in enumerate(EQUIVALENTS.read_text(encoding="utf-8").splitlines(), 1):
        text = line.split("#", 1)[0].strip() if line.lstrip().startswith("#") else line.strip()
        if not text:
            continue
        name, sep, reason = text.partition("|")
        if not sep or not reason.strip():
            raise SystemExit(f"{EQUIVALENTS.name}:{number}: 'mutant name | reason' expected")
        listed[name.strip()] = reason.strip()
    return listed


def _functions(path: Path) -> dict[str, str]:
    """Source of every function (also methods) in a mutated file, by name."""
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    found: dict[str, str] = {}
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            # by line numbers: ast.get_source_segment scans the text from its start for every
            # function, which takes minutes on a mutated file of thousands of functions
            found[node.name] = "\n".join(lines[node.lineno - 1 : node.end_lineno])
    return found


def diff(mutant: Mutant, cache: dict[str, dict[str, str]]) -> str:
    """The mutant's change as a unified diff of its function (read from ``mutants/``)."""
    path = MUTANTS / "src" / Path(*mutant.module.split(".")).with_suffix(".py")
    if str(path) not in cache:
        cache[str(path)] = _functions(path) if path.is_file() else {}
    functions = cache[str(path)]
    base = mutant.name[len(mutant.module) + 1 :]
    original = functions.get(base.rsplit("__mutmut_", 1)[0] + "__mutmut_orig", "")
    changed = functions.get(base, "")
    lines = difflib.unified_diff(
        original.splitlines(), changed.splitlines(), lineterm="", n=0, fromfile="", tofile=""
    )
    return "\n".join(line for line in list(lines)[2:] if not line.startswith("@@"))


def report(target: float, show: int) -> int:
    mutants = results()
    if not mutants:
        print("no mutation results: run `make mutate` first", file=sys.stderr)
        return 2
    listed = equivalents()
    by_name = {m.name: m for m in mutants}
    modules = {m.module for m in mutants}
    stale = sorted(
        name
        for name in listed
        # (entries of an engine that this run left out are not judged)
        if name.split(".x", 1)[0] in modules
        and (name not in by_name or by_name[name].status in DETECTED)
    )
    by_module: dict[str, list[Mutant]] = defaultdict(list)
    for mutant in mutants:
        by_module[mutant.module].append(mutant)
    cache: dict[str, dict[str, str]] = {}
    failed = False
    print(f"{'module':<28}{'mutants':>8}{'equiv.':>8}{'killed':>8}{'survived':>9}{'rate':>8}")
    survivors: dict[str, list[Mutant]] = {}
    for module in sorted(by_module):
        group = by_module[module]
        counted = [m for m in group if m.name not in listed and m.status not in NOT_RUN]
        killed = sum(m.status in DETECTED for m in counted)
        alive = [m for m in counted if m.status not in DETECTED]
        survivors[module] = alive
        rate = 100.0 * killed / len(counted) if counted else 100.0
        failed |= rate < target
        not_run = sum(m.status in NOT_RUN for m in group)
        note = f"  ({not_run} not run)" if not_run else ""
        equivalent = sum(m.name in listed for m in group)
        print(
            f"{module:<28}{len(group):>8}{equivalent:>8}{killed:>8}{len(alive):>9}{rate:>7.1f}%"
            f"{note}"
        )
    statuses = Counter(m.status for m in mutants)
    print("statuses:", ", ".join(f"{k} {v}" for k, v in sorted(statuses.items())))
    for module, alive in survivors.items():
        if not alive:
            continue
        print(f"\nsurvivors in {module} ({len(alive)}):")
        for mutant in alive[:show]:
            print(f"  {mutant.name} [{mutant.status}]")
            for line in diff(mutant, cache).splitlines():
                print(f"      {line}")
        if len(alive) > show:
            print(f"  ... and {len(alive) - show} more (--show N)")
    if stale:
        print(f"\nstale entries in {EQUIVALENTS.name} (killed or gone): {', '.join(stale)}")
    print(f"\ntarget {target:.0f}% of non-equivalent mutants killed per module: ", end="")
    print("missed" if failed else "met")
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--report", action="store_true", help="report the last run only")
    parser.add_argument("--resume", action="store_true", help="continue the last run")
    parser.add_argument("--target", type=float, default=90.0, help="minimum rate per module")
    parser.add_argument("--show", type=int, default=1000, help="survivors listed per module")
    parser.add_argument("--max-children", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--engine", choices=ENGINES, action="append", help="only this engine")
    parser.add_argument("mutants", nargs="*", help="only these mutants (globs of names)")
    args = parser.parse_args(argv)
    if not args.report:
        if not args.resume and MUTANTS.exists():
            shutil.rmtree(MUTANTS)
        names = [*args.mutants, *(f"elhub_cim.{engine}.engine.*" for engine in args.engine or ())]
        command = [*_mutmut(), "run", "--max-children", str(args.max_children), *names]
        # A few hypothesis examples per property test (tests/conftest.py "mutate" profile):
        # every mutant runs the tests that reach it, and there are hundreds of mutants.
        env = {
            **os.environ,
            "HYPOTHESIS_PROFILE": os.environ.get("HYPOTHESIS_PROFILE", "mutate"),
            "ELHUB_CIM_MUTATE": "1",
        }
        # mutmut redraws a progress line many times a second: keep the log readable
        with subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True, env=env) as run:
            assert run.stdout is not None
            last = ""
            for chunk in iter(lambda: run.stdout.read(4096), ""):  # type: ignore[union-attr]
                last = (last + chunk)[-400:]
            print(re.sub(r"\s+", " ", last.rsplit("\r", 1)[-1]).strip())
        if run.returncode:
            print(f"mutmut run failed ({run.returncode})", file=sys.stderr)
            return run.returncode
    return report(args.target, args.show)


if __name__ == "__main__":
    sys.exit(main())
