"""Each stage of a conversion timed alone, against the floor and against ``convert`` itself.

    python tools/bench_stages.py                       # Elhub's examples and ours
    python tools/bench_stages.py --sets project --rounds 5

A conversion is the read stage (safe parse, identify, XSD validation of the input), the business
rules, the generated reader, pydantic, the generated writer (with the parse of the text it writes)
and the XSD validation of the output. Here each stage runs alone, message after message, and so
do the floor (lxml's parse and XSD validation of input and output, as ``tools/bench.py`` takes
it) and ``convert``. Each round times every measurement once, in turn, so that a disturbance of
the machine hits all of them; each measurement's least disturbed round counts.

What it answers: how far the stages that must stay (reading, rules, pydantic, the output's XSD)
are from the floor on their own, how much the generated reader and writer add, and how much
slower the stages are one after another, inside ``convert``, than their sum alone. Prints µs
per message and ratios to the floor; asserts nothing. Both directions: ebIX→CIM, and CIM→ebIX
of its outputs.
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench
from lxml import etree

import elhub_cim
from elhub_cim.core.validation import compiled_schema
from elhub_cim.formats.read import read as read_input
from elhub_cim.mapping import ConversionOptions, compiled
from elhub_cim.mapping.tables import Side, mapping_for_message
from elhub_cim.rules import check as check_rules

#: The stages, in the pipeline's order; the first four must stay whatever the reader and writer.
STAGES = ("read", "rules", "pydantic", "validate out", "reader", "writer")
KEPT = STAGES[:4]

Call = Callable[[], object]


def calls(data: bytes, target: Side) -> dict[str, Call]:
    """One message's measurements: the floor, ``convert`` and each stage alone."""
    options = ConversionOptions()
    output = elhub_cim.convert(data, to=target).data
    found = read_input(data)
    document, message_type = found.document, found.message_type
    mapped = mapping_for_message(message_type)
    assert mapped is not None
    mapping, side = mapped
    values = compiled.compiled_read(mapping, side, document.root, options)
    model = mapping.model.model_validate(values)
    schema_in = compiled_schema(message_type.schema_file)
    schema_out = compiled_schema(mapping.message_types[target].schema_file)
    parser = bench.bare_parser()
    written = etree.fromstring(output, parser)

    def floor() -> None:
        schema_in.validate(etree.fromstring(data, parser))
        schema_out.validate(etree.fromstring(output, parser))

    return {
        "floor": floor,
        "convert": lambda: elhub_cim.convert(data, to=target),
        "read": lambda: read_input(data),
        "rules": lambda: check_rules(document, message_type),
        "pydantic": lambda: mapping.model.model_validate(values),
        "validate out": lambda: schema_out.validate(written),
        "reader": lambda: compiled.compiled_read(mapping, side, document.root, options),
        # (with the parse of its text into the tree the output's XSD validates)
        "writer": lambda: compiled.compiled_write(mapping, target, model, options, pretty=True),
    }


def measure(jobs: Sequence[dict[str, Call]], rounds: int) -> dict[str, float]:
    """Seconds per message of each measurement: the least disturbed of ``rounds`` rounds."""
    names = list(jobs[0])
    best = dict.fromkeys(names, float("inf"))
    for job in jobs:  # warm: plans built, writers generated
        for call in job.values():
            call()
    for number in range(rounds):
        order = names if number % 2 == 0 else names[::-1]
        for name in order:
            loop = [job[name] for job in jobs]
            gc.collect()
            start = time.perf_counter()
            for _ in range(5):
                for call in loop:
                    call()
            best[name] = min(best[name], (time.perf_counter() - start) / 5 / len(loop))
    return best


def report(label: str, count: int, seconds: dict[str, float]) -> None:
    floor = seconds["floor"]
    print(f"{label}: {count} messages, µs per message (× the floor)")
    for name in ("floor", *STAGES, "convert"):
        print(f"  {name:13} {seconds[name] * 1e6:8.1f}  {seconds[name] / floor:5.2f}×")
    kept = sum(seconds[name] for name in KEPT)
    alone = sum(seconds[name] for name in STAGES)
    print(f"  must stay (read, rules, pydantic, output XSD), alone: {kept / floor:.2f}×")
    print(f"  reader + writer, alone: {(alone - kept) / floor:.2f}×")
    print(
        f"  every stage alone: {alone / floor:.2f}×; convert: {seconds['convert'] / floor:.2f}× "
        f"({seconds['convert'] / alone:.2f}× the stages' sum)"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sets", default="reference,project", help="reference,project")
    parser.add_argument("--rounds", type=int, default=7, help="rounds (the least disturbed)")
    args = parser.parse_args(argv)
    folders = {"reference": bench.REFERENCE_EXAMPLES, "project": bench.PROJECT_EXAMPLES}
    for name in args.sets.split(","):
        if name not in folders:
            parser.error(f"unknown set {name!r}")
        loaded = bench.load_folder(name, name, folders[name])
        if loaded is None:
            print(f"{name}: no examples at {folders[name]}: skipped")
            continue
        pairs = bench.convertible(loaded.valid, "cim")
        to_cim = [calls(m.data, "cim") for m, _ in pairs]
        to_ebix = [calls(out.data, "ebix") for _, out in pairs]
        for label, jobs in ((f"{name}, ebix→cim", to_cim), (f"{name}, cim→ebix", to_ebix)):
            report(label, len(jobs), measure(jobs, args.rounds))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
