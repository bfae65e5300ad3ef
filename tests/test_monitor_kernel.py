"""The compiled distinct count of the monitor's pass B (numba, the ``fast`` extra) against a plain
count, and the engine's choice of it. The report as a whole, with the kernel and without, is
compared with the plain Python reference in tests/test_monitor_reference.py (DST days, repeated
subjects, duplicated rows)."""

from __future__ import annotations

import importlib.util
from typing import Any

import numpy as np
import pytest

from elhub_cim.monitor import engine

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


def counted(
    hashes: np.ndarray, actors: np.ndarray, subjects: np.ndarray, counter: Any = None
) -> tuple[list[int], list[int]]:
    counter = counter or _kernels.DayCounter(_kernels.actor_table(hashes), len(hashes))
    queries, points = counter.count(hashes[actors], subjects)
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
    counter = _kernels.DayCounter(_kernels.actor_table(hashes), 20)
    for rows in (100_000, 3000, 0, 100_000):
        actors = rng.integers(0, 20, rows)
        subjects = rng.integers(0, rows // 3 + 1, rows)
        assert counted(hashes, actors, subjects, counter) == plain(actors, subjects, 20)


def test_an_unknown_actor_is_an_error() -> None:
    counter = _kernels.DayCounter(_kernels.actor_table(np.array([5, 6], np.uint64)), 2)
    with pytest.raises(ValueError, match="2 rows of actors not in the table"):
        counter.count(np.array([5, 7, 6, 8], np.uint64), np.arange(4, dtype=np.int64))


def test_actor_table_probes_past_taken_slots_and_refuses_a_shared_hash() -> None:
    # Hashes equal modulo the table size (16): each found at its own slot after the others.
    hashes = np.array([3, 3 + 16, 3 + 32, 2**64 - 13], dtype=np.uint64)
    counter = _kernels.DayCounter(_kernels.actor_table(hashes), 4)
    queries, points = counter.count(hashes[[0, 1, 1, 2, 3, 3, 3]], np.zeros(7, np.int64))
    assert (queries.tolist(), points.tolist()) == ([1, 2, 1, 3], [1, 1, 1, 1])
    with pytest.raises(ValueError, match="share a hash"):
        _kernels.actor_table(np.array([4, 9, 4], dtype=np.uint64))


# -- the engine's choice -------------------------------------------------------------------------

BIG = engine.KERNEL_EVENTS_PER_DAY * 40


@pytest.mark.parametrize(
    ("setting", "events", "days", "actors", "chosen"),
    [
        ("auto", BIG, 40, 200, True),
        ("auto", BIG, 41, 200, False),  # fewer events a day than the threshold
        ("auto", engine.KERNEL_EVENTS - 1, 1, 200, False),  # fewer in all
        ("auto", BIG, 40, _kernels.MAX_ACTORS + 1, False),  # too many actors for a key
        ("off", BIG, 40, 200, False),
        ("on", 10, 2, 3, True),
        (" ON ", 10, 2, 3, True),
    ],
)
def test_kernel_chosen_for_large_days(
    monkeypatch: pytest.MonkeyPatch, setting: str, events: int, days: int, actors: int, chosen: bool
) -> None:
    monkeypatch.setenv("ELHUB_CIM_MONITOR_KERNEL", setting)
    assert (engine._kernels(events, days, actors) is _kernels) == chosen


def test_without_numba_duckdb_counts(monkeypatch: pytest.MonkeyPatch) -> None:
    found = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name: None if name == "numba" else found(name)
    )
    assert engine._kernels(BIG, 40, 200) is None
    monkeypatch.setenv("ELHUB_CIM_MONITOR_KERNEL", "on")  # asked for: numba's own import runs
    assert engine._kernels(10, 2, 3) is _kernels
