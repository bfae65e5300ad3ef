"""Interleaved A/B timing of two source trees: a change against its base, in one run.

    python tools/bench_ab.py BASE/src CHANGED/src                  # convert, both ways
    python tools/bench_ab.py BASE/src CHANGED/src --stage read     # one stage only
    python tools/bench_ab.py BASE/src CHANGED/src --rounds 15 --sets reference

A speed-up of a few per cent cannot be seen by running a benchmark once per tree: this machine's
noise is about ±3 % between runs of the very same code. Here each tree runs in its own worker
process (it imports ``elhub_cim`` from that tree) and the two take turns, round by round (A then
B, B then A, ...), so a disturbance of the machine hits both. Each side's figure is its least
disturbed round; the ratio B/A of the two is what counts. Run it with the same tree twice to see
the noise of the moment.

Stages (the same messages for both trees: the convertible ones of the sets):

* ``convert``: ``elhub_cim.convert`` ebIX→CIM, and CIM→ebIX of its outputs;
* ``read``: the compiled read of a parsed message into domain values (``compiled_read``);
* ``write``: the compiled writer from a domain model (``compiled_write``, pretty);
* ``rules``: the business rules (``elhub_cim.rules.check``) of a parsed message;
* ``domain``: pydantic's validation of the read values into the domain model;
* ``floor``: lxml alone, parse and XSD validation of the input and of the output, with the
  schema objects the pipeline uses (``tools/bench.py``'s floor; with ``--instructions`` only).

Sets: ``reference`` (Elhub's examples under ``../shared/reference`` or ``$ELHUB_CIM_REFERENCE``)
and ``project`` (this checkout's ``examples/ebix``), ``large`` (``tools/bench.py``'s generated
99-point response). Prints µs per message; asserts nothing.

``--instructions`` counts instead of timing: each tree runs under valgrind's callgrind, which
counts only while ``--passes`` passes over the messages run (start-up, imports and warming up are
not counted), and prints the instructions per message of that stage. A count does not depend on
what else the machine does (two runs agree within about 0.3 %), so a change of 1 % shows in one
run; but it is not time (the processor runs the interpreter's instructions more slowly than
libxml2's, and a count knows no cache misses): check a change that counts fewer instructions
with the timed comparison too. Give one tree for its counts and its ratio to the floor's, two
for B/A. Needs ``valgrind``; a minute or two per tree and stage.
"""

from __future__ import annotations

import argparse
import functools
import gc
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = Path(os.environ.get("ELHUB_CIM_REFERENCE", ROOT.parent / "shared" / "reference"))
FOLDERS = {
    "reference": REFERENCE / "elhub-emif-2.4.3" / "examples",
    "project": ROOT / "examples" / "ebix",
}
STAGES = ("convert", "read", "write", "rules", "domain", "floor")


def _messages(sets: list[str]) -> list[bytes]:
    found: list[bytes] = []
    for name in sets:
        if name == "large":  # (tools/bench.py's generated 99-point response, the same bytes)
            sys.path.insert(0, str(ROOT / "tools"))
            from bench import generate_large

            found.append(generate_large())
            continue
        folder = FOLDERS[name]
        if not folder.is_dir():
            raise SystemExit(f"bench_ab: no {name} set at {folder}")
        found += [path.read_bytes() for path in sorted(folder.glob("*.xml"))]
    return found


def _loops(source: str, stage: str, sets: list[str]) -> tuple[list[list[Any]], int]:
    """The calls of ``stage``, one per message, ebIX→CIM and CIM→ebIX (warmed up: plans built,
    writers generated), and the number of messages."""
    sys.path.insert(0, source)
    import importlib

    elhub_cim: Any = importlib.import_module("elhub_cim")
    convert_module: Any = importlib.import_module("elhub_cim.convert")
    read_input: Any = importlib.import_module("elhub_cim.formats.read").read
    compiled: Any = importlib.import_module("elhub_cim.mapping.compiled")
    tables: Any = importlib.import_module("elhub_cim.mapping.tables")
    options = importlib.import_module("elhub_cim.mapping.rules").ConversionOptions()
    check = importlib.import_module("elhub_cim.rules").check
    convert = convert_module.convert

    pairs: list[tuple[bytes, bytes]] = []
    for data in _messages(sets):
        try:
            pairs.append((data, convert(data, to="cim").data))
        except elhub_cim.ElhubCimError:
            continue  # not convertible (invalid, a transport message): not timed
    directions: list[tuple[list[bytes], str]] = [
        ([a for a, _ in pairs], "cim"),
        ([b for _, b in pairs], "ebix"),
    ]

    if stage == "floor":
        sys.path.insert(0, str(ROOT / "tools"))
        from bench import bare_parser
        from lxml import etree

        parser = bare_parser()
        schema_of = importlib.import_module("elhub_cim.core.validation").compiled_schema

    def job(data: bytes, target: str) -> Any:
        if stage == "convert":
            return lambda: convert(data, to=target)
        if stage == "floor":
            result = convert(data, to=target)
            output = result.data
            schemas = schema_of(result.source.schema_file), schema_of(result.target.schema_file)

            def floor() -> None:
                schemas[0].validate(etree.fromstring(data, parser))
                schemas[1].validate(etree.fromstring(output, parser))

            return floor
        found = read_input(data)
        document, message_type = found.document, found.message_type
        if stage == "rules":
            return lambda: check(document, message_type)
        mapping, side = tables.mapping_for_message(message_type)
        values = compiled.compiled_read(mapping, side, document.root, options)
        if stage == "read":
            return lambda: compiled.compiled_read(mapping, side, document.root, options)
        if stage == "domain":
            return lambda: mapping.model.model_validate(values)
        model = mapping.model.model_validate(values)
        return lambda: compiled.compiled_write(mapping, target, model, options, pretty=True)

    loops = [[job(data, target) for data in batch] for batch, target in directions]
    for loop in loops:  # warm: plans built, writers generated
        for call in loop:
            call()
    return loops, len(pairs)


def worker(source: str, stage: str, sets: list[str]) -> None:
    """Time ``stage`` over the messages, one round per line read from stdin: prints µs per
    message ebIX→CIM and CIM→ebIX, and the number of messages."""
    loops, count = _loops(source, stage, sets)
    for _ in sys.stdin:
        best = []
        for loop in loops:
            fastest = float("inf")
            for _ in range(3):
                gc.collect()
                start = time.perf_counter()
                for call in loop:
                    call()
                fastest = min(fastest, time.perf_counter() - start)
            best.append(fastest / len(loop) * 1e6)
        print(f"{best[0]:.2f} {best[1]:.2f} {count}", flush=True)


def counted_worker(source: str, stage: str, sets: list[str], direction: int, passes: int) -> None:
    """Run ``passes`` passes of ``stage`` over the messages in one direction (0: ebIX→CIM) inside
    ``functools.reduce``, the one function valgrind counts in (see :func:`instructions`); prints
    the number of messages."""
    loops, count = _loops(source, stage, sets)
    calls = loops[direction]

    def one_pass(_: object, __: object) -> None:
        for call in calls:
            call()

    # (no collection during the passes: when one falls is not the messages' doing, and it
    # walks every object of the process)
    gc.collect()
    gc.disable()
    functools.reduce(one_pass, range(passes), None)
    print(count, flush=True)


_COLLECTED = re.compile(r"Collected\s*:\s*(\d+)")


def instructions(source: str, stage: str, sets: list[str], passes: int) -> list[float]:
    """Instructions per message of ``stage`` in ``source``, ebIX→CIM and CIM→ebIX (see the
    module's docs): valgrind's callgrind counts only inside ``functools.reduce``, which runs the
    passes and nothing else (start-up, imports and warming up are not counted at all)."""
    if shutil.which("valgrind") is None:
        raise SystemExit("bench_ab: --instructions needs valgrind")
    per_message: list[float] = []
    for direction in (0, 1):
        command = [
            "valgrind", "--tool=callgrind", "--collect-atstart=no",
            "--toggle-collect=functools_reduce", "--callgrind-out-file=/dev/null",
            sys.executable, __file__, "--worker", "--stage", stage, "--sets", ",".join(sets),
            "--direction", str(direction), "--passes", str(passes), source,
        ]  # fmt: skip
        # (one hash seed: the same sets and dictionaries, the same instructions each run)
        environment = {**os.environ, "PYTHONHASHSEED": "0"}
        done = subprocess.run(command, capture_output=True, text=True, check=False, env=environment)
        found = _COLLECTED.search(done.stderr)
        if done.returncode != 0 or found is None:
            raise SystemExit(f"bench_ab: the counted worker failed:\n{done.stderr[-2000:]}")
        per_message.append(int(found.group(1)) / (passes * int(done.stdout.split()[-1])))
    return per_message


def compare_instructions(trees: list[str], stage: str, sets: list[str], passes: int) -> None:
    """Prints the instructions per message of each tree (and of the floor with one tree)."""
    label = f"{stage}, instructions per message ({', '.join(sets)}), {passes} passes"
    figures = [instructions(tree, stage, sets, passes) for tree in trees]
    print(f"{label}:")
    names = ("A", "B")
    # (the floor's own count once: counting the floor against itself would run it twice)
    alone = len(trees) == 1 and stage != "floor"
    floor = instructions(trees[0], "floor", sets, passes) if alone else None
    for direction, text in ((0, "ebix→cim"), (1, "cim→ebix")):
        line = "  ".join(f"{names[i]} {f[direction]:12,.0f}" for i, f in enumerate(figures))
        if len(figures) == 2:
            line += f"  B/A {figures[1][direction] / figures[0][direction]:.4f}"
        if floor is not None:
            ratio = figures[0][direction] / floor[direction]
            line += f"  floor {floor[direction]:12,.0f}  A/floor {ratio:.2f}"
        print(f"  {text}: {line}")


def compare(base: str, changed: str, stage: str, sets: list[str], rounds: int) -> list[float]:
    """The rounds taking turns; prints and returns the ratios B/A (ebIX→CIM, CIM→ebIX)."""
    command = [sys.executable, __file__, "--worker", "--stage", stage, "--sets", ",".join(sets)]
    workers = {
        side: subprocess.Popen(
            [*command, source], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        for side, source in (("A", base), ("B", changed))
    }
    figures: dict[str, list[tuple[float, float, int]]] = {"A": [], "B": []}
    try:
        for number in range(rounds):
            for side in ("A", "B") if number % 2 == 0 else ("B", "A"):
                process = workers[side]
                assert process.stdin is not None
                assert process.stdout is not None
                process.stdin.write("go\n")
                process.stdin.flush()
                line = process.stdout.readline()
                if not line:
                    raise SystemExit(f"bench_ab: the worker of {side} stopped")
                first, second, count = line.split()
                figures[side].append((float(first), float(second), int(count)))
    finally:
        for process in workers.values():
            if process.stdin is not None:
                process.stdin.close()
            process.wait()
    a = [min(round_[k] for round_ in figures["A"]) for k in (0, 1)]
    b = [min(round_[k] for round_ in figures["B"]) for k in (0, 1)]
    ratios = [b[0] / a[0], b[1] / a[1]]
    messages = figures["A"][0][2]
    print(f"{stage}, {messages} messages ({', '.join(sets)}), best of {rounds} interleaved rounds:")
    for label, k in (("ebix→cim", 0), ("cim→ebix", 1)):
        print(f"  {label}: A {a[k]:8.1f} µs  B {b[k]:8.1f} µs  B/A {ratios[k]:.3f}")
    return ratios


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("trees", nargs="+", help="the src folder of A (base) and of B (changed)")
    parser.add_argument("--stage", choices=STAGES, default="convert")
    parser.add_argument("--sets", default="reference,project")
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument(
        "--instructions", action="store_true", help="count instructions under valgrind"
    )
    parser.add_argument("--passes", type=int, default=5, help="passes counted (--instructions)")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--direction", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    sets = [name for name in args.sets.split(",") if name]
    if unknown := set(sets) - set(FOLDERS) - {"large"}:
        parser.error(f"unknown sets: {', '.join(sorted(unknown))}")
    if args.worker and args.direction is not None:
        counted_worker(args.trees[0], args.stage, sets, args.direction, args.passes)
        return 0
    if args.worker:
        worker(args.trees[0], args.stage, sets)
        return 0
    if args.instructions:
        if len(args.trees) > 2:
            parser.error("give one src folder, or two: A (base) and B (changed)")
        compare_instructions(args.trees, args.stage, sets, max(args.passes, 1))
        return 0
    if args.stage == "floor":
        parser.error("the floor is counted with --instructions only (tools/bench.py times it)")
    if len(args.trees) != 2:
        parser.error("give two src folders: A (base) and B (changed)")
    compare(args.trees[0], args.trees[1], args.stage, sets, max(args.rounds, 1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
