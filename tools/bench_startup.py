"""Start-up time of the command line (`make bench-startup`): prints figures, asserts nothing.

Each round runs every command once, interleaved, so that a busy machine disturbs all of them
alike; the least-disturbed run (the minimum) of each is the figure to compare. Wall time and the
child's CPU time (user + system) are both shown: on a loaded machine CPU time is the steadier one.
Ratios are to ``python -c "import lxml.etree"``, the floor of any lxml-based command.

    python tools/bench_startup.py [ROUNDS] [--json]
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
ONE = PROJECT / "examples" / "ebix" / "RequestStartOfSupply-move-in.xml"
TARGETS = {"elhub-cim --help": 0.2, "elhub-cim validate one.xml": 0.25, "import elhub_cim": 0.2}
NO_CACHE = "validate one.xml, nothing kept"


def commands() -> dict[str, list[str]]:
    python = sys.executable
    script = Path(python).with_name("elhub-cim")
    cli = (
        [str(script)]
        if script.exists()
        else [python, "-c", "from elhub_cim.cli import main; main()"]
    )
    return {
        "python -c pass": [python, "-c", "pass"],
        "python -c 'import lxml.etree'": [python, "-c", "import lxml.etree"],
        "import elhub_cim": [python, "-c", "import elhub_cim"],
        "elhub-cim --help": [*cli, "--help"],
        "elhub-cim validate one.xml": [*cli, "validate", str(ONE)],
        # Without the kept catalog and read plan (elhub_cim.core.cache): a first run after an
        # install or a change of tables, and a folder that cannot be written.
        NO_CACHE: [*cli, "validate", str(ONE)],
    }


def main(rounds: int, as_json: bool = False) -> None:
    # Users run from .pyc files: let this run write them (the first round pays for it).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    cold = {**env, "ELHUB_CIM_CACHE_DIR": "off"}
    runs = commands()
    wall: dict[str, list[float]] = {name: [] for name in runs}
    cpu: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(rounds):
        for name, command in runs.items():
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            started = time.perf_counter()
            subprocess.run(
                command,
                env=cold if name == NO_CACHE else env,
                capture_output=True,
                check=False,
                cwd=PROJECT,
            )
            wall[name].append(time.perf_counter() - started)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu[name].append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    load = os.getloadavg()[0]
    if as_json:
        floor_s = min(wall["python -c 'import lxml.etree'"])
        report = {
            "rounds": rounds,
            "cpus": os.cpu_count(),
            "load": load,
            "commands": {
                name: {
                    "wall_min_s": min(wall[name]),
                    "wall_median_s": statistics.median(wall[name]),
                    "cpu_min_s": min(cpu[name]),
                    "ratio_to_lxml": min(wall[name]) / floor_s,
                    "target_s": TARGETS.get(name),
                }
                for name in runs
            },
        }
        print(json.dumps(report, indent=2))
        return
    print(f"start-up: {rounds} interleaved rounds, {os.cpu_count()} cores, load {load:.1f}")
    floor = min(wall["python -c 'import lxml.etree'"])
    print(f"{'command':32s} {'wall min':>9s} {'median':>8s} {'cpu min':>8s} {'× lxml':>7s}  target")
    for name in runs:
        best = min(wall[name])
        target = f"≤ {TARGETS[name]:.2f} s" if name in TARGETS else ""
        print(
            f"{name:32s} {best * 1000:7.0f}ms {statistics.median(wall[name]) * 1000:6.0f}ms "
            f"{min(cpu[name]) * 1000:6.0f}ms {best / floor:6.2f}×  {target}"
        )


if __name__ == "__main__":
    numbers = [a for a in sys.argv[1:] if a != "--json"]
    main(int(numbers[0]) if numbers else 15, as_json="--json" in sys.argv[1:])
