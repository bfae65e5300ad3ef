"""Regenerate the golden CIM files: the expected CIM output of every bundled ebIX example.

tests/golden/cim/<example>.xml is what ``convert(examples/ebix/<example>.xml, to="cim")`` must
give (compared semantically by tests/test_golden.py). They are fixed expected outputs, so that a
writer and a reader that err in step cannot hide it behind a clean round trip.

Regenerate them only deliberately, when the CIM output is meant to change (a new profile
version, a mapping fix), and review the diff before committing:

    python tools/update_golden.py            # rewrite tests/golden/cim/, list what changed
    python tools/update_golden.py --check    # exit 1 if a golden file is stale or missing
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from elhub_cim.convert import UnsupportedDocumentError, convert
from elhub_cim.core.xmlcompare import same_xml

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "ebix"
GOLDEN = ROOT / "tests" / "golden" / "cim"


def expected_outputs() -> tuple[dict[str, bytes], dict[str, str]]:
    """Golden file name -> CIM output, and example name -> why it has none (not mapped)."""
    outputs: dict[str, bytes] = {}
    skipped: dict[str, str] = {}
    for path in sorted(EXAMPLES.glob("*.xml")):
        try:
            outputs[path.name] = convert(path, to="cim").data
        except UnsupportedDocumentError as error:
            skipped[path.name] = "; ".join(p.message for p in error.problems)
    return outputs, skipped


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report stale files")
    args = parser.parse_args(argv)
    outputs, skipped = expected_outputs()
    stale = []
    for name, data in outputs.items():
        target = GOLDEN / name
        if not target.is_file() or not same_xml(target.read_bytes(), data):
            stale.append(name)
            if not args.check:
                GOLDEN.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
    extra = sorted(p.name for p in GOLDEN.glob("*.xml") if p.name not in outputs)
    if not args.check:
        for name in extra:
            (GOLDEN / name).unlink()
    verb = "stale" if args.check else "updated"
    for name in stale:
        print(f"{verb}: tests/golden/cim/{name}")
    for name in extra:
        print(f"{'orphan' if args.check else 'removed'}: tests/golden/cim/{name}")
    print(
        f"{len(outputs)} golden CIM files, {len(stale)} {verb}, {len(extra)} without an example; "
        f"{len(skipped)} ebIX examples have no CIM form"
    )
    return 1 if args.check and (stale or extra) else 0


if __name__ == "__main__":
    sys.exit(main())
