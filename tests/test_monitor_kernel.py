"""The compiled distinct count of the monitor's pass B (numba, the ``fast`` extra) against a plain
count, and the engine's choice of it. The report as a whole, with the kernel and without, is
compared with the plain Python reference in tests/test_monitor_reference.py (DST days, repeated
subjects, duplicated rows)."""

from __future__ import annotations

import importlib.util
import threading
from datetime import timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from elhub_cim.monitor import engine
from tests import test_monitor_reference as reference_tests
from tests.test_monitor_support import write_csv

pytest.importorskip("numba", reason="numba (the fast extra) is not installed")

from elhub_cim.monitor import _kernels

I64_MIN, I64_MAX = -(1 << 63), (1 << 63) - 1


def plain(actors: np.ndarray, subjects: np.ndarray, count: int) -> tuple[list[int], list[int]]:
    """Rows and distinct subjects of each actor index, with Python sets."""
    rows = [0] * count
    seen: list[set[int]] = [set() for _ in range(count)]
    for actor, subject in zip(actors.tolist(), subjects.tolist(), strict=True):
        rows[actor] += 1
        seen[actor].add(subject)
    return rows, [len(s) for s in seen]


def day_counter(hashes: np.ndarray) -> tuple[Any, int]:
    found = _kernels.actor_codes(hashes)
    assert found is not None
    modulus, index = found
    return _kernels.DayCounter(index, len(hashes)), modulus


def counted(
    hashes: np.ndarray, actors: np.ndarray, subjects: np.ndarray, counter: Any = None
) -> tuple[list[int], list[int]]:
    """The kernel's counts, the actors coded as the engine's SQL codes them."""
    counter, modulus = counter or day_counter(hashes)
    codes = (hashes[actors] % np.uint64(modulus)).astype(np.uint16)
    queries, points = counter.count(codes, subjects)
    return queries.tolist(), points.tolist()


def actor_hashes(count: int, rng: np.random.Generator) -> np.ndarray:
    found = np.unique(rng.integers(I64_MIN, I64_MAX, count + 10, dtype=np.int64).view(np.uint64))
    return rng.permutation(found)[:count]


@pytest.mark.parametrize(
    ("count", "rows", "pool"),
    [
        (1, 0, 1),  # no rows
        (1, 1, 1),
        (3, 50, 4),  # few subjects: most rows repeat one
        (255, 20_000, 300),  # index + 1 fills the key's 8 low bits
        (256, 20_000, 300),  # one more actor: 9 bits
        (300, 300_000, 50_000),  # many partitions (more than 4096 rows each without them)
    ],
)
def test_counts_equal_a_plain_count(count: int, rows: int, pool: int) -> None:
    rng = np.random.default_rng(count * 7 + rows)
    hashes = actor_hashes(count, rng)
    actors = (count * rng.random(rows) ** 2).astype(np.int64)  # skewed: actor 0 the largest
    values = rng.integers(I64_MIN, I64_MAX, pool, dtype=np.int64)
    values[: min(pool, 4)] = [0, -1, I64_MIN, I64_MAX][: min(pool, 4)]
    subjects = values[rng.integers(0, pool, rows)]
    assert counted(hashes, actors, subjects) == plain(actors, subjects, count)


def test_subjects_that_differ_in_one_bit_or_only_by_actor() -> None:
    # Subjects apart in a single bit (the top ones go to the partition, the others into the
    # key), and the same subjects for two actors: all distinct pairs.
    hashes = np.array([11, 12, 13], dtype=np.uint64)
    base = 0x0123456789ABCDEF
    bits = [base ^ (1 << b) for b in range(64)]
    values = np.array([v - (1 << 64) if v >= 1 << 63 else v for v in [base, *bits]], np.int64)
    subjects = np.concatenate([values, values, values[:5]])
    actors = np.array([0] * 65 + [1] * 65 + [2] * 5, dtype=np.int64)
    assert counted(hashes, actors, subjects) == ([65, 65, 5], [65, 65, 5])


def test_one_hot_subject_and_many_small_partitions() -> None:
    # One subject in half the rows: its partition is large, the set sized for it, and the other
    # partitions are cleared slot by slot (the large one as a whole).
    rng = np.random.default_rng(5)
    hashes = actor_hashes(40, rng)
    rows = 200_000
    actors = rng.integers(0, 40, rows)
    subjects = rng.integers(-1000, 1000, rows)
    subjects[rng.random(rows) < 0.5] = 123456789
    assert counted(hashes, actors, subjects) == plain(actors, subjects, 40)


def test_buffers_reused_from_day_to_day() -> None:
    # A large day, then a smaller one and an empty one with the same counter: what the
    # buffers still hold counts for nothing.
    rng = np.random.default_rng(9)
    hashes = actor_hashes(20, rng)
    counter = day_counter(hashes)
    for rows in (100_000, 3000, 0, 100_000):
        actors = rng.integers(0, 20, rows)
        subjects = rng.integers(0, rows // 3 + 1, rows)
        assert counted(hashes, actors, subjects, counter) == plain(actors, subjects, 20)


def test_a_code_of_no_actor_is_an_error() -> None:
    counter = _kernels.DayCounter(np.array([-1, 0, -1, 1], np.int32), 2)
    queries, points = counter.count(np.array([1, 3, 3], np.uint16), np.arange(3, dtype=np.int64))
    assert (queries.tolist(), points.tolist()) == ([1, 2], [1, 2])
    with pytest.raises(ValueError, match="3 rows of no actor's code"):  # 0, 2, and 4 (outside)
        counter.count(np.array([0, 1, 2, 3, 4], np.uint16), np.arange(5, dtype=np.int64))


def test_actor_codes_are_distinct_and_indexed() -> None:
    rng = np.random.default_rng(3)
    for count in (0, 1, 2, 200, 1000):
        hashes = actor_hashes(count, rng)
        found = _kernels.actor_codes(hashes)
        assert found is not None
        modulus, index = found
        assert count <= modulus < 1 << 16
        codes = (hashes % np.uint64(modulus)).astype(np.int64)
        assert index[codes].tolist() == list(range(count))  # each its own code, its index
        assert int((index >= 0).sum()) == count  # no other code names an actor
    # Two hashes equal modulo the first modulus tried (2**16 - 1): the next one parts them.
    found = _kernels.actor_codes(np.array([7, 7 + (1 << 16) - 1], dtype=np.uint64))
    assert found is not None
    assert found[0] == (1 << 16) - 2
    # Too many actors for 16-bit codes: none (DuckDB counts).
    assert _kernels.actor_codes(actor_hashes(3000, rng)) is None
    assert _kernels.actor_codes(np.arange(1 << 16, dtype=np.uint64) + np.uint64(1)) is None


# -- the engine's choice -------------------------------------------------------------------------

BIG = engine.KERNEL_EVENTS_PER_DAY * 40


@pytest.mark.parametrize(
    ("setting", "events", "days", "chosen"),
    [
        ("auto", BIG, 40, True),
        ("auto", BIG, 41, False),  # fewer events a day than the threshold
        ("auto", engine.KERNEL_EVENTS - 1, 1, False),  # fewer in all
        ("off", BIG, 40, False),
        ("on", 10, 2, True),
        (" ON ", 10, 2, True),
    ],
)
def test_kernel_chosen_for_large_days(
    monkeypatch: pytest.MonkeyPatch, setting: str, events: int, days: int, chosen: bool
) -> None:
    monkeypatch.setenv("ELHUB_CIM_MONITOR_KERNEL", setting)
    assert (engine._kernels(events, days) is _kernels) == chosen


def test_without_numba_duckdb_counts(monkeypatch: pytest.MonkeyPatch) -> None:
    found = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name: None if name == "numba" else found(name)
    )
    assert engine._kernels(BIG, 40) is None
    monkeypatch.setenv("ELHUB_CIM_MONITOR_KERNEL", "on")  # asked for: numba's own import runs
    assert engine._kernels(10, 2) is _kernels


def test_actors_without_codes_are_counted_by_duckdb(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # No modulus found (thousands of actors): the per-day plan counts in DuckDB, same values.
    monkeypatch.setattr(_kernels, "actor_codes", lambda hashes: None)
    start = reference_tests.STARTS[0]  # around the 23-hour day
    rows = [
        {
            "actor": reference_tests.ACTORS[n % 3],
            "time": start + timedelta(seconds=n * reference_tests.SPAN_SECONDS // 6000),
            "kind": "query611",
            "metering_points": 1,
            "subject": n % 89,
            "purpose": None,
            "outcome": "approved",
            "brs": None,
        }
        for n in range(6000)
    ]
    csv_path = write_csv(tmp_path / "events.csv", reference_tests._csv_rows(rows))
    path = reference_tests._parquet(csv_path, tmp_path / "ordered.parquet", "event_time")
    steps: dict[str, float] = {}
    monkeypatch.setenv("ELHUB_CIM_MONITOR_KERNEL", "on")
    with engine.connect(threads=2) as con:
        engine.compute(
            con, engine.open_events(con, [path]), reference_tests.THRESHOLDS, timings=steps
        )
        found = con.execute("SELECT * FROM monitor_values").fetchall()
    assert "pass B (distinct subjects, per day)" in steps
    assert reference_tests.computed(path, "off")[0] == {
        (a, m, int(b), float(v), float(r), n, d, int(level)) for a, m, b, v, r, n, d, level in found
    }


def _query_events(
    tmp_path: Path, rows: int, *, parquet: bool = True, first_actor: str | None = None
) -> Path:
    """``rows`` 611 queries a minute apart by one actor (the first by ``first_actor`` if given),
    as a CSV or Parquet events file."""
    start = reference_tests.STARTS[1]
    events = [
        {
            "actor": first_actor
            if first_actor is not None and n == 0
            else reference_tests.ACTORS[0],
            "time": start + timedelta(minutes=n),
            "kind": "query611",
            "metering_points": 1,
            "subject": n % 7,
            "purpose": None,
            "outcome": None,
            "brs": None,
        }
        for n in range(rows)
    ]
    path = write_csv(tmp_path / "events.csv", reference_tests._csv_rows(events))
    if parquet:
        path = reference_tests._parquet(path, tmp_path / "events.parquet", "event_time")
    return path


@pytest.mark.parametrize(
    ("setting", "rows", "file_kind", "started"),
    [
        ("auto", 6000, "parquet", True),
        ("auto", 5999, "parquet", False),  # fewer rows than the kernel's threshold
        ("off", 6000, "parquet", False),
        ("on", 10, "parquet", True),
        ("on", 6000, "csv", False),  # a CSV file never counts per day
    ],
)
def test_kernel_loaded_during_pass_a_for_large_parquet_input(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    setting: str,
    rows: int,
    file_kind: str,
    started: bool,
) -> None:
    monkeypatch.setenv("ELHUB_CIM_MONITOR_KERNEL", setting)
    monkeypatch.setattr(engine, "KERNEL_EVENTS", 6000)
    warmed: list[str] = []
    monkeypatch.setattr(_kernels, "warm", lambda: warmed.append(threading.current_thread().name))
    path = _query_events(tmp_path, rows, parquet=file_kind == "parquet")
    with engine.connect(threads=1) as con:
        wait = engine._load_kernels_early(con, engine.open_events(con, [path]))
        wait()
    assert warmed == (["elhub-cim-monitor-kernel"] if started else [])


def test_warm_loads_the_count_for_the_types_it_is_called_with() -> None:
    _kernels.warm()
    signatures = [tuple(str(t) for t in s) for s in _kernels.distinct_subjects.signatures]
    assert any(
        s[:3] == ("array(uint16, 1d, C)", "array(int64, 1d, C)", "array(int32, 1d, C)")
        for s in signatures
    )


@pytest.mark.parametrize("valid", [False, True])
def test_compute_ends_only_after_the_early_load(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, valid: bool
) -> None:
    # An invalid file ends compute during pass A: the import thread must have ended by then
    # too (a process that exits while a thread imports can fail in the interpreter's shutdown).
    import time

    monkeypatch.setenv("ELHUB_CIM_MONITOR_KERNEL", "on")
    finished: list[str] = []

    def slow_warm() -> None:
        time.sleep(0.3)
        finished.append("warm")

    monkeypatch.setattr(_kernels, "warm", slow_warm)
    path = _query_events(tmp_path, 50, first_actor=None if valid else "70800043121")  # 11 digits
    with engine.connect(threads=1) as con:
        source = engine.open_events(con, [path])
        if valid:
            engine.compute(con, source, reference_tests.THRESHOLDS)
        else:
            with pytest.raises(engine.EventsError):
                engine.compute(con, source, reference_tests.THRESHOLDS)
        assert finished == ["warm"]
