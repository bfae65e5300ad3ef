"""The compiled distinct count of pass B (numba), used by :mod:`.engine` for large days.

Pass B counts, for each actor and local day, the query rows with a subject and the distinct
subjects among them. In DuckDB that is a hash aggregation over (actor, subject) with about as
many groups as rows (1.4 million groups out of 1.6 million rows a day in the benchmark): the
hash table outgrows the CPU caches and the aggregation is about 70 % of pass B. Here the same
count is a radix partition of the day's rows followed by one small hash set per partition,
each of which stays in the cache:

1. each row's actor comes as a small code, DuckDB's 64-bit ``hash`` of the GLN modulo a number
   ``M`` (below 2**16) chosen so that the period's actors have distinct codes (:func:`actor_codes`;
   the engine checks that their hashes are distinct), and becomes its index ``i`` through a
   table of ``M`` entries; its subject ``s`` becomes ``m = mix(s)``, a bijection of the 64-bit
   integers (the finaliser of SplitMix64: xor-shifts and multiplications by odd constants, each
   invertible);
2. rows are partitioned by the top ``bits`` bits of ``m`` and stored as the key
   ``(m << bits) | (i + 1)``: the partition holds the top bits of ``m``, the key the rest and
   the actor, so (partition, key) is exactly (subject, actor) and no key is 0 (the empty
   slot);
3. each partition's keys go into an open-addressing set; a key not yet in it is a new subject
   of its actor. Only the slots written are cleared for the next partition.

The counts are exact: no two (actor, subject) pairs share a (partition, key). The engine's
DuckDB aggregation stays the specification (tests/test_monitor_kernel.py compares both, and a
plain count, on generated events with DST days and repeated subjects).

numba is optional (the ``fast`` extra): without it, or for small days where DuckDB's hash table
fits the cache and importing numba costs more than it saves, DuckDB counts. Compiled code is
kept in numba's cache (beside this file, else the user's cache folder).
"""

# numba compiles these functions from their Python source: plain loops over integer arrays, no
# Python objects. mypy sees numba's decorators as untyped (pyproject override).

from __future__ import annotations

import numpy as np
from numba import njit

__all__ = ["DayCounter", "actor_codes", "distinct_subjects", "warm"]

#: At most this many residues (actors × moduli) are computed in search of the actors' codes.
CODE_SEARCH = 1 << 22
#: Rows per partition aimed at: a partition's set (twice as many 8-byte slots) stays in the
#: level-2 cache.
PARTITION_ROWS = 4096
GOLDEN = 0x9E3779B97F4A7C15


@njit(cache=True, nogil=True)
def _mix(x):
    """SplitMix64's finaliser: a bijection of the 64-bit integers that spreads every bit."""
    x ^= x >> np.uint64(30)
    x *= np.uint64(0xBF58476D1CE4E5B9)
    x ^= x >> np.uint64(27)
    x *= np.uint64(0x94D049BB133111EB)
    x ^= x >> np.uint64(31)
    return x


def actor_codes(hashes: np.ndarray) -> tuple[int, np.ndarray] | None:
    """A modulus ``M`` under 2**16 that gives each actor hash (uint64, all distinct) its own code
    ``hash % M``, and the index of each code (-1 for a code of no actor); None when none is found
    within :data:`CODE_SEARCH` residues computed (from about a thousand actors on). Moduli are
    tried from the top, a block at a time: a large one almost always fits at once (for 200
    actors, 3 times in 4), and the kernel touches only the actors' entries of the table."""
    count = len(hashes)
    values = hashes.astype(np.uint64)[:, None]
    block = 64
    top = (1 << 16) - 1
    for last in range(top, max(count, 1) - 1, -block):
        if (top - last) * count > CODE_SEARCH:
            break
        moduli = np.arange(last, max(last - block, count - 1, 0), -1, dtype=np.uint64)
        codes = np.sort(values % moduli[None, :], axis=0)
        distinct = np.all(codes[1:] != codes[:-1], axis=0)
        found = np.flatnonzero(distinct)
        if found.size:
            modulus = int(moduli[found[0]])
            index = np.full(modulus, -1, dtype=np.int32)
            index[(values[:, 0] % np.uint64(modulus)).astype(np.int64)] = np.arange(count)
            return modulus, index
    return None


class DayCounter:
    """One thread's counter: the actors' table (shared, read only) and buffers reused from day
    to day (fresh ones cost a page fault per 4 KiB written: about as much as the count)."""

    def __init__(self, index: np.ndarray, actors: int) -> None:
        self.index = index
        self.actors = actors
        self.buffers = np.empty((3, 0), dtype=np.uint64)

    def count(self, actor_code: np.ndarray, subject: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Rows and distinct subjects of each actor (by index) in one day's rows (actors by
        their code, see :func:`actor_codes`); ValueError when a code is no actor's."""
        rows = subject.size
        if self.buffers.shape[1] < rows:
            self.buffers = np.empty((3, rows + rows // 4), dtype=np.uint64)
        queries = np.zeros(self.actors, dtype=np.int64)
        points = np.zeros(self.actors, dtype=np.int64)
        unknown = distinct_subjects(
            np.ascontiguousarray(actor_code, dtype=np.uint16),
            np.ascontiguousarray(subject, dtype=np.int64),
            self.index,
            queries,
            points,
            self.buffers[0],
            self.buffers[1],
            self.buffers[2],
        )
        if unknown:
            raise ValueError(f"{unknown} rows of no actor's code")
        return queries, points


def warm() -> None:
    """Load the compiled count (from numba's cache, else compile it) with the argument types
    of :meth:`DayCounter.count`, so that the first day does not wait for it."""
    DayCounter(np.full(1, -1, dtype=np.int32), 1).count(
        np.zeros(0, dtype=np.uint16), np.zeros(0, dtype=np.int64)
    )


@njit(cache=True, nogil=True)
def distinct_subjects(actor_code, subject, index, queries, points, mixed, owner, keys):
    """Add each actor's rows to ``queries[i]`` and its distinct subjects to ``points[i]``.

    ``actor_code`` (uint16) and ``subject`` (int64): one day's query rows with a subject.
    ``index``: the actor index of each code, -1 for none (:func:`actor_codes`; ``queries.size``
    actors, fewer than 2**16). ``mixed``, ``owner``, ``keys``: uint64 buffers of at least as
    many elements as rows (overwritten). Returns the number of rows whose code is no actor's
    (counted nowhere).
    """
    n = subject.size
    actors = queries.size
    bits = 1
    while (1 << bits) <= actors:  # room for index + 1 in the low bits of a key
        bits += 1
    while (n >> bits) > PARTITION_ROWS:
        bits += 1
    parts = 1 << bits
    shift = np.uint64(64 - bits)
    ubits = np.uint64(bits)
    start = np.zeros(parts + 1, dtype=np.int64)
    unknown = 0
    for r in range(n):
        c = actor_code[r]
        i = index[c] if c < index.size else -1
        if i < 0:
            unknown += 1
            owner[r] = 0
            continue
        owner[r] = np.uint64(i + 1)
        queries[i] += 1
        m = _mix(np.uint64(subject[r]))
        mixed[r] = m
        start[(m >> shift) + np.uint64(1)] += 1
    for b in range(parts):
        start[b + 1] += start[b]
    fill = start[:-1].copy()
    for r in range(n):
        i = owner[r]
        if i == 0:
            continue
        m = mixed[r]
        b = m >> shift
        k = fill[b]
        fill[b] = k + 1
        keys[k] = (m << ubits) | i
    largest = 0
    for b in range(parts):
        largest = max(largest, start[b + 1] - start[b])
    slot_bits = 4
    while (1 << slot_bits) < 2 * largest:
        slot_bits += 1
    slot_shift = np.uint64(64 - slot_bits)
    slot_mask = np.uint64((1 << slot_bits) - 1)
    seen = np.zeros(1 << slot_bits, dtype=np.uint64)
    low = np.uint64((1 << bits) - 1)
    golden = np.uint64(GOLDEN)
    for b in range(parts):
        lo, hi = start[b], start[b + 1]
        for k in range(lo, hi):
            key = keys[k]
            j = (key * golden) >> slot_shift
            while True:
                found = seen[j]
                if found == 0:
                    seen[j] = key
                    points[np.int64(key & low) - 1] += 1
                    break
                if found == key:
                    break
                j = (j + np.uint64(1)) & slot_mask
        if 8 * (hi - lo) >= seen.size:  # a full partition: clear the whole set
            seen[:] = 0
        else:  # a small one: only the slots written (the run of taken slots from each key's)
            for k in range(lo, hi):
                j = (keys[k] * golden) >> slot_shift
                while seen[j] != 0:
                    seen[j] = 0
                    j = (j + np.uint64(1)) & slot_mask
    return unknown
