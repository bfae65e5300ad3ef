"""Benchmark of the BRS-NO-611 monitor's report against a plain scan of the same file.

    python tools/bench_monitor.py                    # 50 million events (make bench-monitor)
    python tools/bench_monitor.py --events 2000000   # smaller and quicker
    python tools/bench_monitor.py --file /tmp/ev.parquet --keep   # keep (and reuse) the file

Prints figures; asserts nothing (the targets are printed beside them).

1. **generate**: ``--events`` events for ``--actors`` actors over ``--days`` days, written
   straight to Parquet by DuckDB SQL (deterministic: every value is a hash of the row number).
   The period starts on 2026-03-10, so it holds the 23-hour day of 29 March. Actors are skewed
   (actor k gets a share that falls with k: the largest actors reach yellow and red), 3 % of the
   events are start-of-supply requests (0.4 % for every 23rd actor), 15-65 % of an actor's 611
   queries have purpose StartOfSupply, queries are 90 % approved, 8 % rejected, 2 % unknown and
   have a subject from a pool of 50 000 per actor.
2. **scan**, two of them, each reading the file once:

   * ``scan``: every *value* of every column the report reads, touched once (``sum`` of the
     integers, ``min``/``max`` of the times, ``count_if(col = '')`` of the strings);
   * ``light scan``: ``SELECT count(*), sum(metering_points), min(event_time),
     max(event_time), count(actor), ...``: the same columns, but DuckDB answers ``count(col)``
     from validity masks without decoding the strings or the subjects, so it is a floor rather
     than a read of the data.

3. **report**: the full ``monitor report`` (validation of every row, the six measures, levels,
   worst buckets, JSON rendering) with the same DuckDB settings.

Each phase runs in a fresh process, so ``ru_maxrss`` (peak resident memory) belongs to it; the
file is read once before timing so every phase finds it in the page cache. The phases alternate
for ``--rounds`` rounds (so that load from other processes falls on all of them alike); each
keeps its best wall time, its least CPU time (``time.process_time``: every thread of the
process) and its highest peak memory. The load average is printed: on a shared machine the wall
times move with it, the CPU times less (the ratio of CPU times is printed too). Targets: report
within 5x the scan, peak memory under 4 GB.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import platform
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import duckdb

START = "2026-03-10 00:00:00+01"  # local midnight; 29 March (23 hours) is inside 30 days
POOL = 50_000  # subjects per actor
RATIO_TARGET = 5.0
MEMORY_TARGET_GB = 4.0

SCAN_SQL = """SELECT count(*), sum(metering_points), bit_xor(subject), min(event_time),
    max(event_time), count_if(actor = ''), count_if(kind = ''), count_if(purpose = ''),
    count_if(outcome = ''), count_if(brs = '')
FROM read_parquet({path})"""
LIGHT_SCAN_SQL = """SELECT count(*), sum(metering_points), min(event_time), max(event_time),
    count(actor), count(kind), count(subject), count(purpose), count(outcome), count(brs)
FROM read_parquet({path})"""


def _literal(path: str) -> str:
    return "'" + path.replace("'", "''") + "'"


def _peak_gb() -> float:
    # Linux reports ru_maxrss in KiB.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2


def _settings(con: duckdb.DuckDBPyConnection, threads: int, memory_limit: str) -> None:
    con.execute("SET enable_progress_bar = false")
    con.execute("SET TimeZone = 'UTC'")
    con.execute(f"SET threads = {threads}")
    con.execute(f"SET memory_limit = {_literal(memory_limit)}")


def generate(
    path: str, events: int, actors: int, days: int, threads: int, memory: str, shuffled: bool
) -> dict[str, Any]:
    """Write the events file; returns wall time and peak memory of this process."""
    started = time.perf_counter()
    con = duckdb.connect()
    _settings(con, threads, memory)

    # u(k): a uniform number in [0, 1) from the row number and a salt k.
    def u(k: int) -> str:
        return f"((hash(i, {k}) % 1000000007) / 1000000007.0)"

    # In row order, times rise (as in a file `monitor extract` writes, sorted by time); with
    # --shuffled they are random, so every row group spans the whole period.
    position = "ut" if shuffled else f"((i + ut) / {events})"
    sql = f"""COPY (
    WITH base AS (
        SELECT i,
               least(floor({actors} * pow({u(1)}, 2)), {actors - 1})::INTEGER AS a,
               {u(2)} AS uk, {u(3)} AS up, {u(4)} AS uo, {u(5)} AS us, {u(6)} AS ut
        FROM range({events}) AS r(i)
    ), shaped AS (
        SELECT *, uk < (CASE WHEN a % 23 = 0 THEN 0.004 ELSE 0.03 END) AS sos,
               0.15 + 0.5 * ((a * 37) % 100) / 100.0 AS p_start,
               (hash(a, (us * {POOL})::BIGINT) >> 1)::BIGINT AS raw_subject
        FROM base
    )
    SELECT
        '70800' || lpad(a::VARCHAR, 8, '0') AS actor,
        TIMESTAMPTZ '{START}' + to_microseconds(({position} * {days} * 86400e6)::BIGINT)
            AS event_time,
        CASE WHEN sos THEN 'start_of_supply' ELSE 'query611' END AS kind,
        CASE WHEN NOT sos AND uo < 0.9 AND us < 0.05 THEN 3 ELSE 1 END AS metering_points,
        CASE WHEN sos THEN NULL
             WHEN raw_subject BETWEEN 707057500000000000 AND 707057599999999999
             THEN ~raw_subject ELSE raw_subject END AS subject,
        CASE WHEN sos THEN NULL WHEN up < p_start THEN 'StartOfSupply'
             WHEN up < p_start + (0.95 - p_start) * 0.7 THEN 'AccessRequest'
             WHEN up < 0.95 THEN 'Other' END AS purpose,
        CASE WHEN sos THEN NULL WHEN uo < 0.90 THEN 'approved'
             WHEN uo < 0.98 THEN 'rejected' END AS outcome,
        CASE WHEN sos THEN 'BRS-NO-10' || (1 + (up * 3)::INTEGER % 3)::VARCHAR
             ELSE 'BRS-NO-611' END AS brs,
        lpad(to_hex(hash(i, 99)), 16, '0') AS document_id,
        CAST(NULL AS VARCHAR) AS source_file
    FROM shaped
    ) TO {_literal(path)} (FORMAT parquet, COMPRESSION zstd)"""  # noqa: S608 (our constants)
    con.execute(sql)
    con.close()
    return {"seconds": time.perf_counter() - started, "peak_gb": _peak_gb()}


def scan(path: str, threads: int, memory: str, rounds: int, light: bool) -> dict[str, Any]:
    con = duckdb.connect()
    _settings(con, threads, memory)
    sql = (LIGHT_SCAN_SQL if light else SCAN_SQL).format(path=_literal(path))
    best, best_cpu = float("inf"), float("inf")
    rows: Any = None
    for _ in range(rounds):
        started, cpu = time.perf_counter(), time.process_time()
        rows = con.execute(sql).fetchall()
        best = min(best, time.perf_counter() - started)
        best_cpu = min(best_cpu, time.process_time() - cpu)
    con.close()
    return {
        "seconds": best,
        "cpu_seconds": best_cpu,
        "peak_gb": _peak_gb(),
        "rows": int(rows[0][0]),
    }


def report(path: str, threads: int, memory: str, rounds: int) -> dict[str, Any]:
    from elhub_cim.monitor.engine import compute, connect, open_events
    from elhub_cim.monitor.report import build_report
    from elhub_cim.monitor.thresholds import load_thresholds

    thresholds = load_thresholds()
    best, best_cpu = float("inf"), float("inf")
    timings: dict[str, float] = {}
    summary: dict[str, Any] = {}
    for _ in range(rounds):
        started, cpu = time.perf_counter(), time.process_time()
        steps: dict[str, float] = {}
        with connect(threads=threads, memory_limit=memory) as con:
            source = open_events(con, [path])
            data = compute(con, source, thresholds, timings=steps)
            result = build_report(con, data, thresholds)
            text = json.dumps(result.to_dict())
        elapsed = time.perf_counter() - started
        best_cpu = min(best_cpu, time.process_time() - cpu)
        if elapsed < best:
            best, timings = elapsed, steps
            summary = {"events": result.events, "actors": len(result.actors), **result.counts()}
            summary["json_bytes"] = len(text)
    return {
        "seconds": best,
        "cpu_seconds": best_cpu,
        "peak_gb": _peak_gb(),
        "steps": timings,
        "summary": summary,
    }


def _in_child(function: Any, *args: Any) -> dict[str, Any]:
    """Run one phase in a fresh process, so that its peak memory is its own."""
    context = multiprocessing.get_context("spawn")
    with context.Pool(1) as pool:
        result: dict[str, Any] = pool.apply(function, args)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=50_000_000)
    parser.add_argument("--actors", type=int, default=200)
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--threads", type=int, default=min(os.cpu_count() or 1, 2))
    parser.add_argument("--memory-limit", default="3GB", help="DuckDB memory_limit")
    parser.add_argument("--rounds", type=int, default=2, help="best of this many runs")
    parser.add_argument("--file", help="events file (default: a temporary file)")
    parser.add_argument("--keep", action="store_true", help="keep the file; reuse it if present")
    parser.add_argument(
        "--shuffled",
        action="store_true",
        help="events in random time order (default: in time order, as monitor extract writes)",
    )
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    args = parser.parse_args(argv)

    folder = None if args.file else tempfile.mkdtemp(prefix="bench-monitor-")
    path = args.file or str(Path(str(folder)) / "events.parquet")
    common = (args.threads, args.memory_limit)
    results: dict[str, Any] = {
        "events": args.events,
        "actors": args.actors,
        "days": args.days,
        "threads": args.threads,
        "memory_limit": args.memory_limit,
        "duckdb": duckdb.__version__,
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "order": "shuffled" if args.shuffled else "time",
    }
    try:
        reuse = args.keep and Path(path).exists()
        if reuse:
            con = duckdb.connect()
            sql = f"SELECT count(*) FROM read_parquet({_literal(path)})"  # noqa: S608
            count = con.execute(sql).fetchone()
            con.close()
            reuse = bool(count and count[0] == args.events)
        if reuse:
            results["generate"] = {"seconds": None, "reused": True}
        else:
            results["generate"] = _in_child(
                generate, path, args.events, args.actors, args.days, *common, args.shuffled
            )
        results["file_bytes"] = Path(path).stat().st_size
        _in_child(scan, path, *common, 1, False)  # warm the page cache
        results["load_before"] = os.getloadavg()[0]
        # Rounds interleave the phases (scan, light scan, report, scan, ...), so that load from
        # other processes falls on all of them alike; each phase keeps its best time and its
        # highest peak memory.
        runs: dict[str, list[dict[str, Any]]] = {"scan": [], "light_scan": [], "report": []}
        for _ in range(args.rounds):
            runs["scan"].append(_in_child(scan, path, *common, 1, False))
            runs["light_scan"].append(_in_child(scan, path, *common, 1, True))
            runs["report"].append(_in_child(report, path, *common, 1))
        for phase, found in runs.items():
            best = min(found, key=lambda r: float(r["seconds"]))
            results[phase] = {**best, "peak_gb": max(float(r["peak_gb"]) for r in found)}
            results[phase]["all_seconds"] = [round(float(r["seconds"]), 3) for r in found]
            results[phase]["cpu_seconds"] = min(float(r["cpu_seconds"]) for r in found)
        results["load_after"] = os.getloadavg()[0]
    finally:
        if not args.keep:
            Path(path).unlink(missing_ok=True)
        if folder is not None and not any(Path(folder).iterdir()):
            Path(folder).rmdir()
    results["ratio"] = results["report"]["seconds"] / results["scan"]["seconds"]
    results["ratio_light"] = results["report"]["seconds"] / results["light_scan"]["seconds"]
    results["ratio_cpu"] = results["report"]["cpu_seconds"] / results["scan"]["cpu_seconds"]
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    generated = results["generate"]
    print(
        f"bench-monitor: {args.events:,} events, {args.actors} actors, {args.days} days from "
        f"{START[:10]} (Europe/Oslo; 29 March has 23 hours), {results['order']} order; "
        f"DuckDB {duckdb.__version__}, "
        f"threads {args.threads}, memory_limit {args.memory_limit}, {os.cpu_count()} CPUs, "
        f"best of {args.rounds} interleaved rounds; load average {results['load_before']:.1f} "
        f"before, {results['load_after']:.1f} after"
    )
    if generated.get("reused"):
        print(f"  generate     reused {path}")
    else:
        print(f"  generate     {generated['seconds']:7.2f} s")
    print(f"  file         {results['file_bytes'] / 1e9:7.2f} GB Parquet (zstd)")
    for key, label in (("scan", "scan"), ("light_scan", "light scan"), ("report", "report")):
        phase = results[key]
        print(
            f"  {label:<12} {phase['seconds']:7.2f} s   CPU {phase['cpu_seconds']:6.2f} s   "
            f"peak RSS {phase['peak_gb']:5.2f} GB"
        )
    steps = results["report"]["steps"]
    if steps:
        print("  report steps " + ", ".join(f"{k} {v:.2f} s" for k, v in steps.items()))
    summary = results["report"]["summary"]
    print(
        f"  report found {summary['actors']} actors: {summary['red']} red, "
        f"{summary['yellow']} yellow, {summary['green']} green"
    )
    print(
        f"  report/scan  {results['ratio']:.2f}x (target <= {RATIO_TARGET:g}x); "
        f"report/light scan {results['ratio_light']:.2f}x; peak memory of the report "
        f"{results['report']['peak_gb']:.2f} GB (target < {MEMORY_TARGET_GB:g} GB)"
    )
    print(
        f"  CPU time     report/scan {results['ratio_cpu']:.2f}x (all threads of each phase; "
        "steadier than wall time on a loaded machine)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
