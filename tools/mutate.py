"""Mutation testing of the three engines (``make mutate``): how many changed programs the tests
notice, per module, and which they do not.

Each engine (``rules/engine.py``, ``sharing/engine.py``, ``mapping/engine.py``) is mutated on
its own, in its own copy of the project (``--workdir``, default ``$TMPDIR/elhub-cim-mutate``),
with only the tests that reach it (pyproject.toml, ``[tool.elhub-cim.mutate]``). mutmut (3.x)
writes the mutants into that copy's ``mutants/`` and runs, for each mutant, the tests that reach
the mutated function (forked processes).

Equivalent mutants (no test can notice them: the program still does the same thing) are listed
in ``tools/mutation-equivalents.txt`` with one line of reason each, reviewed like code; they are
left out of the rate. A listed mutant that is killed or no longer exists is reported as stale.

    python tools/mutate.py                  # fresh runs of the three engines, then the report
    python tools/mutate.py --engine rules   # one engine (fresh copy of the project)
    python tools/mutate.py --engine rules --resume  # go on with an interrupted run
    python tools/mutate.py --engine rules --recheck # survivors again, against today's tests
    python tools/mutate.py --report         # the report of the last runs only
    python tools/mutate.py --target 90      # exit 1 when a module is below 90 % (default)
    python tools/mutate.py --engine sharing 'elhub_cim.sharing.engine.x__fixed_point*'

Under mutation the tests run with ``ELHUB_CIM_MUTATE=1`` (tests/conftest.py): caches of the
mutated package are cleared for each mutant and conversions go through the table engine, not
the compiled plans that stand in for it; property tests run a few examples each (hypothesis
profile ``mutate``).
"""

from __future__ import annotations

import argparse
import ast
import difflib
import filecmp
import os
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EQUIVALENTS = ROOT / "tools" / "mutation-equivalents.txt"
WORKDIR = Path(tempfile.gettempdir()) / "elhub-cim-mutate"
#: mutmut statuses that mean a test noticed the mutant.
DETECTED = {"killed", "timeout", "segfault", "caught by type check", "suspicious"}
NOT_RUN = {"not checked", "skipped"}
ENGINES = ("rules", "sharing", "mapping")
#: Left out of a copy of the project: not needed to run the tests, or large.
_NOT_COPIED = {".git", ".venv", "mutants", ".hypothesis", ".mypy_cache", ".ruff_cache"}


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


def engine_tests(root: Path = ROOT) -> dict[str, list[str]]:
    """Each engine's test files (pyproject.toml, ``[tool.elhub-cim.mutate]``)."""
    config = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    tests: dict[str, list[str]] = config["tool"]["elhub-cim"]["mutate"]
    return {engine: list(tests[engine]) for engine in ENGINES}


def configure(pyproject: str, engine: str, tests: list[str]) -> str:
    """``pyproject.toml`` text with mutmut set to mutate ``engine`` only, with ``tests``."""

    def listed(values: list[str]) -> str:
        return "[" + ", ".join(f'"{v}"' for v in values) + "]"

    text, found = re.subn(
        r"^only_mutate = \[.*?\]",
        f"only_mutate = {listed([f'src/elhub_cim/{engine}/engine.py'])}",
        pyproject,
        flags=re.S | re.M,
    )
    text, selected = re.subn(
        r"^pytest_add_cli_args_test_selection = \[.*?\]",
        f"pytest_add_cli_args_test_selection = {listed(tests)}",
        text,
        flags=re.S | re.M,
    )
    if found != 1 or selected != 1:
        raise SystemExit("pyproject.toml: [tool.mutmut] only_mutate and test selection expected")
    return text


def _copy_project(target: Path) -> None:
    """The project's files (tracked and new, not ignored, by git; else all but caches)."""
    listing = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=False,
    )
    if listing.returncode == 0:
        for name in filter(None, listing.stdout.decode().split("\0")):
            source = ROOT / name
            if source.is_file():
                (target / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, target / name)
        return
    shutil.copytree(
        ROOT, target, ignore=lambda _, names: _NOT_COPIED & set(names), dirs_exist_ok=True
    )


def snapshot(engine: str, workdir: Path) -> Path:
    """A fresh copy of the project for mutating ``engine`` (mutmut writes into it)."""
    where = workdir / engine
    if where.exists():
        shutil.rmtree(where)
    where.mkdir(parents=True)
    _copy_project(where)
    pyproject = where / "pyproject.toml"
    tests = engine_tests()[engine]
    pyproject.write_text(configure(pyproject.read_text(encoding="utf-8"), engine, tests))
    return where


def _same_sources(where: Path) -> bool:
    """Whether the copy's engine sources are still the project's (survivors can be rechecked)."""
    compared = filecmp.dircmp(ROOT / "src", where / "src", ignore=["__pycache__"])
    pending = [compared]
    while pending:
        level = pending.pop()
        _, mismatch, errors = filecmp.cmpfiles(
            level.left, level.right, level.common_files, shallow=False
        )
        if mismatch or errors or level.left_only or level.right_only:
            return False
        pending.extend(level.subdirs.values())
    return True


def refresh_tests(where: Path) -> None:
    """Today's tests (and equivalents list) into a copy, also where mutmut runs them."""
    if not _same_sources(where):
        raise SystemExit(f"{where}: src/ differs from the project's: run it afresh")
    for target in (where, where / "mutants"):
        if (target / "tests").exists():
            shutil.rmtree(target / "tests")
        shutil.copytree(
            ROOT / "tests", target / "tests", ignore=shutil.ignore_patterns("__pycache__")
        )


def results(where: Path) -> list[Mutant]:
    """Every mutant of the last run in ``where`` and its status (``mutmut results --all``)."""
    if not (where / "mutants").is_dir():
        return []
    out = subprocess.run(
        [*_mutmut(), "results", "--all", "true"],
        cwd=where,
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


def diff(mutant: Mutant, where: Path, cache: dict[str, dict[str, str]]) -> str:
    """The mutant's change as a unified diff of its function (read from ``mutants/``)."""
    path = where / "mutants" / "src" / Path(*mutant.module.split(".")).with_suffix(".py")
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


def report(places: dict[str, Path], target: float, show: int) -> int:
    runs = {engine: results(where) for engine, where in places.items()}
    if not any(runs.values()):
        print("no mutation results: run `make mutate` first", file=sys.stderr)
        return 2
    listed = equivalents()
    failed = False
    print(f"{'module':<28}{'mutants':>8}{'equiv.':>8}{'killed':>8}{'survived':>9}{'rate':>8}")
    survivors: dict[str, tuple[Path, list[Mutant]]] = {}
    stale: list[str] = []
    statuses: Counter[str] = Counter()
    for engine, mutants in runs.items():
        if not mutants:
            continue
        where = places[engine]
        by_name = {m.name: m for m in mutants}
        modules = {m.module for m in mutants}
        stale += sorted(
            name
            for name in listed
            if name.split(".x", 1)[0] in modules
            and (name not in by_name or by_name[name].status in DETECTED)
        )
        by_module: dict[str, list[Mutant]] = defaultdict(list)
        for mutant in mutants:
            by_module[mutant.module].append(mutant)
        for module in sorted(by_module):
            group = by_module[module]
            counted = [m for m in group if m.name not in listed and m.status not in NOT_RUN]
            killed = sum(m.status in DETECTED for m in counted)
            alive = [m for m in counted if m.status not in DETECTED]
            survivors[module] = (where, alive)
            rate = 100.0 * killed / len(counted) if counted else 100.0
            not_run = sum(m.status in NOT_RUN for m in group)
            failed |= rate < target or not_run > 0
            note = f"  ({not_run} not run)" if not_run else ""
            equivalent = sum(m.name in listed for m in group)
            print(
                f"{module:<28}{len(group):>8}{equivalent:>8}{killed:>8}{len(alive):>9}"
                f"{rate:>7.1f}%{note}"
            )
        statuses.update(m.status for m in mutants)
    print("statuses:", ", ".join(f"{k} {v}" for k, v in sorted(statuses.items())))
    cache: dict[str, dict[str, str]] = {}
    for module, (where, alive) in survivors.items():
        if not alive:
            continue
        print(f"\nsurvivors in {module} ({len(alive)}):")
        for mutant in alive[:show]:
            print(f"  {mutant.name} [{mutant.status}]")
            for line in diff(mutant, where, cache).splitlines():
                print(f"      {line}")
        if len(alive) > show:
            print(f"  ... and {len(alive) - show} more (--show N)")
    if stale:
        print(f"\nstale entries in {EQUIVALENTS.name} (killed or gone): {', '.join(stale)}")
    print(f"\ntarget {target:.0f}% of non-equivalent mutants killed per module: ", end="")
    print("missed" if failed else "met")
    return 1 if failed else 0


def run(where: Path, names: list[str], max_children: int) -> int:
    """``mutmut run`` in a copy (only ``names`` when given: those run again, whatever their
    last result; without names, the mutants not run yet)."""
    command = [*_mutmut(), "run", "--max-children", str(max_children), *names]
    # A few hypothesis examples per property test (tests/conftest.py "mutate" profile):
    # every mutant runs the tests that reach it, and there are hundreds of mutants.
    env = {
        **os.environ,
        "HYPOTHESIS_PROFILE": os.environ.get("HYPOTHESIS_PROFILE", "mutate"),
        "ELHUB_CIM_MUTATE": "1",
    }
    # mutmut redraws a progress line many times a second: keep the log readable
    with subprocess.Popen(command, cwd=where, stdout=subprocess.PIPE, text=True, env=env) as proc:
        assert proc.stdout is not None
        last = ""
        for chunk in iter(lambda: proc.stdout.read(4096), ""):  # type: ignore[union-attr]
            last = (last + chunk)[-400:]
        print(re.sub(r"\s+", " ", last.rsplit("\r", 1)[-1]).strip())
    if proc.returncode:
        print(f"mutmut run failed in {where} ({proc.returncode})", file=sys.stderr)
    return proc.returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--report", action="store_true", help="report the last runs only")
    action = parser.add_mutually_exclusive_group()
    action.add_argument("--resume", action="store_true", help="continue the last run")
    action.add_argument(
        "--recheck", action="store_true", help="run the survivors again against today's tests"
    )
    parser.add_argument("--target", type=float, default=90.0, help="minimum rate per module")
    parser.add_argument("--show", type=int, default=1000, help="survivors listed per module")
    parser.add_argument("--max-children", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--engine", choices=ENGINES, action="append", help="only this engine")
    parser.add_argument("--workdir", type=Path, default=WORKDIR, help="where the copies go")
    parser.add_argument("mutants", nargs="*", help="only these mutants (globs of names)")
    args = parser.parse_args(argv)
    engines = args.engine or list(ENGINES)
    places = {engine: args.workdir.resolve() / engine for engine in engines}
    if not args.report:
        for engine, where in places.items():
            names = [m for m in args.mutants if m.startswith(f"elhub_cim.{engine}.")]
            if args.recheck:
                refresh_tests(where)
                listed = equivalents()
                names += [
                    m.name
                    for m in results(where)
                    if m.status not in DETECTED | NOT_RUN and m.name not in listed
                ]
                if not names:
                    continue
            elif not args.resume or not (where / "mutants").is_dir():
                snapshot(engine, where.parent)
            if run(where, names, args.max_children):
                return 1
    return report(places, args.target, args.show)


if __name__ == "__main__":
    sys.exit(main())
