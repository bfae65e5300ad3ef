"""The allocation engine: exact, vectorised over intervals × participants.

Rounding rule (per interval, in integer counts of the volume resolution):

1. The pool ``P`` is the contributors' production in the interval.
2. Each recipient ``r`` has a weight ``w_r``: 1 (equal key), its share scaled to an integer
   (manual key, ``0.500000`` → 500000 of 1000000) or its consumption in the interval
   (consumption key). ``W`` is the sum of the weights.
3. Its share is ``floor(P·w_r / W)``, plus one unit for the ``L = P − Σ floor(P·w_r / W)``
   recipients with the largest remainders ``P·w_r mod W`` (Hamilton's largest-remainder
   method). Remainders that tie go to the lower metering point id first: never input order.

So the shares sum to ``P`` exactly in every interval and each differs from its exact quota
``P·w_r / W`` by less than one unit. With the consumption key, an interval in which no recipient
consumes anything (``W = 0``) is split equally instead.

The **current model** gives every recipient its full share. The **new model** gives a recipient
``min(share, consumption)``; everything a recipient cannot use goes back to the contributor(s)
(``P − Σ allocated``). With ``redistribute=True`` (off by default; not Elhub's rule) the unused
part is first offered to recipients whose consumption is not yet covered, by the same key and
rule, and only what is then left goes back. With several contributors, what goes back is split
over them in proportion to their production in the interval, by the same rule.

Implementation: all arithmetic is exact. ``P·w_r`` is computed in float64 when it stays below
2**53 (where every integer is exact and a correctly rounded division has an exact floor), else in
int64; past 2**63 the input is refused (``SHARE_RANGE``). The largest remainders are found by
sorting unique integer keys ``remainder·R + (R−1−column)`` per interval, 256-ish intervals at a
time so that the work stays in cache.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np
from numpy.typing import NDArray

from .errors import SHARE_RANGE, SharingError, problem
from .result import Model, SharingResult
from .series import IntervalData
from .setup import Key, SharingSetup

__all__ = ["Model", "allocate", "manual_weights", "split_largest_remainder"]

#: Values per chunk: 2**17 float64 are 1 MiB, which stays in a core's L2 cache.
_CHUNK_VALUES = 1 << 17
_FLOAT_EXACT = 1 << 53
_INT64_LIMIT = 1 << 63
_INT32_LIMIT = 1 << 31

Int64Array = NDArray[np.int64]


def manual_weights(setup: SharingSetup) -> tuple[Int64Array, int]:
    """Integer weights of the manual shares (recipient order) and their sum (a power of ten)."""
    if setup.key is not Key.MANUAL:
        raise ValueError("only a manual key has shares")
    decimals = max(
        (max(0, -int(setup.shares[r].as_tuple().exponent)) for r in setup.recipients), default=0
    )
    scale = 10**decimals
    weights = [int(setup.shares[r] * scale) for r in setup.recipients]
    if sum(weights) != scale:  # SharingSetup checked it; a guard, not a user error
        raise ValueError("manual shares must sum to exactly 1")
    return np.array(weights, dtype=np.int64), scale


def _range_error() -> SharingError:
    return SharingError(
        [
            problem(
                SHARE_RANGE,
                "volumes too large for exact 64-bit arithmetic at this resolution "
                "(use a coarser resolution)",
            )
        ]
    )


class _Splitter:
    """Largest-remainder splits of chunks of rows, with reusable buffers (one per thread).

    The arithmetic is chosen per chunk from its largest total and weight sum: float64 while
    ``total·weight_sum < 2**53`` (every value exact), else int64; sort keys are int32 while
    ``weight_sum·columns < 2**31`` (numpy sorts those with SIMD), else int64.
    """

    def __init__(self, columns: int, rows: int) -> None:
        self.columns = columns
        self.rows = rows
        self.tiebreak = np.arange(columns - 1, -1, -1, dtype=np.int64)
        self.tiebreak_f = self.tiebreak.astype(np.float64)
        self._buffers: dict[tuple[str, str], NDArray[Any]] = {}

    def buffer(self, name: str, dtype: type[np.generic], rows: int) -> NDArray[Any]:
        """A ``(rows, columns)`` scratch array, allocated once per name and dtype."""
        found = self._buffers.get((name, np.dtype(dtype).str))
        if found is None:
            found = np.empty((self.rows, self.columns), dtype=dtype)
            self._buffers[(name, np.dtype(dtype).str)] = found
        return found[:rows]

    def split(
        self,
        totals: Int64Array,
        weights: Int64Array,
        weight_sums: Int64Array | int,
        out: Int64Array,
    ) -> None:
        """``out[i, :]``: ``totals[i]`` split by ``weights[i, :]`` (or a shared 1-D row).

        Rows whose weight sum is 0 get zeros.
        """
        n = totals.shape[0]
        r = self.columns
        if isinstance(weight_sums, int):
            sums = np.full(n, weight_sums, dtype=np.int64)
        else:
            sums = weight_sums
        empty = sums == 0
        if empty.any():
            totals = np.where(empty, 0, totals)
            sums = np.where(empty, 1, sums)
        max_sum = int(sums.max(initial=1))
        product = int(totals.max(initial=0)) * max_sum
        key_bound = max_sum * r  # keys: remainder·columns + (columns − 1 − column)
        if product >= _INT64_LIMIT or key_bound >= _INT64_LIMIT:
            raise _range_error()
        key_type: type[np.signedinteger[Any]] = np.int32 if key_bound < _INT32_LIMIT else np.int64
        keys = self.buffer("keys", key_type, n)
        if product < _FLOAT_EXACT:
            work = self.buffer("work", np.float64, n)
            quot = self.buffer("quot", np.float64, n)
            scratch = self.buffer("scratch", np.float64, n)
            tot = totals.astype(np.float64)[:, None]
            div = sums.astype(np.float64)[:, None]
            if weights.ndim == 1:
                np.multiply(weights.astype(np.float64)[None, :], tot, out=work)
            else:
                work[...] = weights
                np.multiply(work, tot, out=work)  # P·w, exact below 2**53
            np.divide(work, div, out=quot)
            np.floor(quot, out=quot)  # exact: a correctly rounded quotient below 2**53
            bonus = totals - quot.sum(axis=1).astype(np.int64)
            np.multiply(quot, div, out=scratch)
            np.subtract(work, scratch, out=work)  # P·w mod W, exact
            if key_bound < _FLOAT_EXACT:
                np.multiply(work, r, out=work)
                np.add(work, self.tiebreak_f, out=work)
                keys[...] = work
            else:
                keys[...] = work
                np.multiply(keys, r, out=keys)
                np.add(keys, self.tiebreak, out=keys)
            if int(totals.max(initial=0)) < _INT32_LIMIT:  # every quotient fits int32
                # float64 → int32 → int64 is twice as fast as float64 → int64 in numpy
                narrow = self.buffer("narrow", np.int32, n)
                narrow[...] = quot
                out[...] = narrow
            else:
                out[...] = quot
        else:
            wide = self.buffer("wide", np.int64, n)
            np.multiply(np.broadcast_to(weights, (n, r)), totals[:, None], out=wide)
            np.floor_divide(wide, sums[:, None], out=out)
            np.remainder(wide, sums[:, None], out=wide)
            bonus = totals - out.sum(axis=1)
            np.multiply(wide, r, out=wide)
            np.add(wide, self.tiebreak, out=wide)
            keys[...] = wide
        # One unit more for the `bonus` largest keys of each row. Keys are unique in a row
        # (remainder first, then the lower column), so the one at the cut decides.
        ordered = self.buffer("sorted", key_type, n)
        ordered[...] = keys
        ordered.sort(axis=1)
        threshold = ordered[np.arange(n), np.minimum(r - bonus, r - 1)]
        threshold[bonus <= 0] = np.iinfo(key_type).max  # above every key (key < key_bound)
        mask = self.buffer("mask", np.bool_, n)
        np.greater_equal(keys, threshold[:, None], out=mask)
        np.add(out, mask, out=out)


def _equal_split(totals: Int64Array, columns: int, out: Int64Array) -> None:
    """``totals`` split equally; the remainder unit by unit to the lowest ids."""
    quotient, rest = np.divmod(totals, columns)
    np.add(
        quotient[:, None],
        np.arange(columns, dtype=np.int64)[None, :] < rest[:, None],
        out=out,
    )


def _chunks(count: int, columns: int) -> list[tuple[int, int]]:
    rows = _chunk_rows(columns)
    return [(start, min(start + rows, count)) for start in range(0, count, rows)]


def _chunk_rows(columns: int) -> int:
    return max(1, _CHUNK_VALUES // max(columns, 1))


#: Runs of at least this many intervals without production (nights) are skipped.
_SKIP_ROWS = 8


def _producing_chunks(pool: Int64Array, rows: int) -> list[tuple[int, int]]:
    """Row ranges of at most ``rows`` covering every interval with production; runs of
    :data:`_SKIP_ROWS` or more intervals without production are left out (they allocate 0)."""
    producing = np.flatnonzero(pool)
    if not producing.size:
        return []
    breaks = np.flatnonzero(np.diff(producing) > _SKIP_ROWS)
    starts = np.r_[producing[0], producing[breaks + 1]].tolist()
    ends = np.r_[producing[breaks] + 1, producing[-1] + 1].tolist()
    return [
        (s, min(s + rows, e))
        for start, end in zip(starts, ends, strict=True)
        for s, e in ((s, end) for s in range(start, end, rows))
    ]


def _run(
    chunks: list[tuple[int, int]], work: Callable[[list[tuple[int, int]]], None], workers: int
) -> None:
    if workers <= 1 or len(chunks) < 2:
        work(chunks)
        return
    parts = [chunks[i::workers] for i in range(workers)]
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for future in [pool.submit(work, part) for part in parts if part]:
            future.result()


def split_largest_remainder(totals: Any, weights: Any, *, workers: int = 1) -> Int64Array:
    """Split each ``totals[i]`` over the columns in proportion to ``weights[i, :]``.

    ``weights`` is ``(rows, columns)`` or one shared ``(columns,)`` row of non-negative integers.
    Each part is ``floor(total·w / W)`` plus one unit for the columns with the largest
    remainders, ties to the lower column index; parts sum to the total exactly. A row whose
    weights are all 0 gets zeros. Totals must be non-negative.
    """
    total = np.ascontiguousarray(totals, dtype=np.int64)
    weight = np.ascontiguousarray(weights, dtype=np.int64)
    if total.ndim != 1 or weight.ndim not in (1, 2) or weight.shape[-1] == 0:
        raise ValueError("totals must be 1-D and weights (rows, columns) or (columns,)")
    if weight.ndim == 2 and weight.shape[0] != total.shape[0]:
        raise ValueError("one row of weights per total")
    if (total < 0).any() or (weight < 0).any():
        raise ValueError("totals and weights must be non-negative")
    columns = weight.shape[-1]
    sums = weight.sum(axis=-1)
    out = np.empty((total.shape[0], columns), dtype=np.int64)

    def work(part: list[tuple[int, int]]) -> None:
        splitter = _Splitter(columns, _chunk_rows(columns))
        for s, e in part:
            if weight.ndim == 1:
                splitter.split(total[s:e], weight, int(sums), out[s:e])
            else:
                splitter.split(total[s:e], weight[s:e], sums[s:e], out[s:e])

    _run(_chunks(total.shape[0], columns), work, workers)
    return out


def allocate(data: IntervalData, *, redistribute: bool = False, workers: int = 1) -> SharingResult:
    """Allocate the production of every interval under the current and the new model.

    ``redistribute`` (default off) lets the new model offer what a recipient cannot use to
    recipients whose consumption is not covered yet, before it goes back to the contributor.
    ``workers`` > 1 splits the intervals over threads (numpy releases the GIL); the result is
    the same. Raises :class:`~elhub_cim.sharing.SharingError` (``SHARE_RANGE``) when the
    volumes are too large for exact 64-bit arithmetic.
    """
    setup = data.setup
    consumption = data.consumption
    count, columns = consumption.shape
    production = data.production
    if production.shape[1] == 1:
        pool = np.ascontiguousarray(production[:, 0])
    else:
        pool = production.sum(axis=1)
        if int(production.max(initial=0)) * production.shape[1] >= _INT64_LIMIT:
            raise _range_error()
    # Intervals without production (nights) allocate nothing: their rows stay zero, and
    # zero-filled pages that are never written cost neither time nor memory.
    # The new model's allocations, min(share, consumption), are only summed here (for what
    # goes back); SharingResult derives them on access, unless redistribution changes them.
    share = np.zeros((count, columns), dtype=np.int64)
    back = np.zeros(count, dtype=np.int64)
    fixed, fixed_sum = manual_weights(setup) if setup.key is Key.MANUAL else (None, 1)
    rows = _chunk_rows(columns)

    def work(part: list[tuple[int, int]]) -> None:
        splitter = _Splitter(columns, rows)
        for s, e in part:
            totals, used, out = pool[s:e], consumption[s:e], share[s:e]
            if setup.key is Key.EQUAL:
                _equal_split(totals, columns, out)
            elif fixed is not None:
                splitter.split(totals, fixed, fixed_sum, out)
            else:
                row_sums = used.sum(axis=1)
                splitter.split(totals, used, row_sums, out)
                idle = row_sums == 0
                if idle.any():  # nobody consumes: split equally (current model)
                    fallback = np.empty((int(idle.sum()), columns), dtype=np.int64)
                    _equal_split(totals[idle], columns, fallback)
                    out[idle] = fallback
            given = splitter.buffer("given", np.int64, e - s)
            np.minimum(out, used, out=given)
            np.subtract(totals, given.sum(axis=1), out=back[s:e])

    _run(_producing_chunks(pool, rows), work, workers)
    allocated: Int64Array | None = None
    if redistribute:
        allocated = np.minimum(share, consumption)
        _redistribute(setup, consumption, allocated, back, workers)
        allocated.flags.writeable = False
    if production.shape[1] == 1:
        returned = back.reshape(-1, 1)
    else:
        returned = split_largest_remainder(back, production, workers=workers)
    for array in (share, returned):
        array.flags.writeable = False
    return SharingResult(
        data=data,
        share=share,
        new_returned=returned,
        redistributed_allocation=allocated,
    )


def _redistribute(
    setup: SharingSetup,
    consumption: Int64Array,
    allocated: Int64Array,
    back: Int64Array,
    workers: int,
) -> None:
    """Offer what went back to the recipients whose consumption is not covered, by the key,
    round after round until nothing is left or everyone is covered (in place)."""
    rows = np.flatnonzero(back > 0)
    if not rows.size:
        return
    given = allocated[rows]
    used = consumption[rows]
    left = back[rows]
    fixed = manual_weights(setup)[0] if setup.key is Key.MANUAL else None
    for _ in range(consumption.shape[1] + 1):
        need = used - given
        needy = need > 0
        if setup.key is Key.EQUAL:
            weights = needy.astype(np.int64)
        elif fixed is not None:
            weights = np.where(needy, fixed[None, :], 0)
        else:
            weights = np.where(needy, used, 0)
        active = (left > 0) & (weights.sum(axis=1) > 0)
        if not active.any():
            break
        extra = split_largest_remainder(np.where(active, left, 0), weights, workers=workers)
        np.minimum(extra, need, out=extra)
        given += extra
        left -= extra.sum(axis=1)
    allocated[rows] = given
    back[rows] = left
