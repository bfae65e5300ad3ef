"""The allocation engine: exact, vectorised over intervals × participants.

Rounding rule (per interval, in integer counts of the volume resolution):

1. The pool ``P`` is the contributors' production in the interval.
2. Each recipient ``r`` has a weight ``w_r``: 1 (equal key), its share scaled to an integer
   (manual key, ``0.500000`` → 500000 of 1000000) or its consumption in the interval
   (consumption key). ``W`` is the sum of the weights.
3. Its share is ``floor(P·w_r / W)`` plus its part of the ``L = P − Σ floor(P·w_r / W)`` units
   left over, by the :class:`Rounding` rule (docs/sharing.md):

   - ``carry`` (default): after every interval each recipient's *cumulative* share is the
     largest-remainder rounding of its cumulative exact quota ``Σ P·w_r / W`` (whoever
     rounding has given least so far gets the next unit; a unit owed from earlier can come in
     an interval where the recipient's quota is 0). Where that step would need a negative
     share, the share is 0 and the units this frees are taken back from those that would end
     the interval furthest ahead. Nobody's cumulative share is ever a whole unit above its
     cumulative quota (docs/sharing.md: the bound, its proof and what no rule can do).
   - ``rotate``: per interval, the ``L`` largest remainders ``P·w_r mod W`` (Hamilton's
     method); ties go in an order that rotates by one recipient every interval; with the equal
     key the leftover units go round the recipients, continuing where the last interval
     stopped.
   - ``lowest-id``: per interval, the largest remainders, ties to the lowest metering point id
     (the earlier rule; it favours low ids systematically, kept to reproduce old results).

So the shares sum to ``P`` exactly in every interval. With the consumption key, an interval in
which no recipient consumes anything (``W = 0``) is split equally instead.

The **current model** gives every recipient its full share. The **new model** gives a recipient
``min(share, consumption)``; everything a recipient cannot use goes back to the contributor(s)
(``P − Σ allocated``). With ``redistribute=True`` (off by default; not Elhub's rule) the unused
part is first offered to recipients whose consumption is not yet covered, by the same key
(largest remainders; ties by the rule's per-interval order, see :func:`_redistribute`), and only
what is then left goes back. With several contributors, what goes back is split
over them in proportion to their production in the interval, by the same rule.

Implementation: all arithmetic is exact. ``P·w_r`` is computed in float64 when it stays below
2**53 (where every integer is exact and a correctly rounded division has an exact floor), else in
int64; past 2**63 the input is refused (``SHARE_RANGE``). The largest remainders are found by
sorting unique integer keys ``remainder·R + tie-break`` per interval (int32 where they fit: numpy
sorts those with SIMD; wider keys go through one ``partition`` per distinct count of leftover
units instead), a few hundred intervals at a time so that the work stays in cache. ``carry``
keeps the cumulative fractions of the quotas as integer numerators: exact for the manual key
(over ``W``), rounded down to 2**-32 of a unit per interval for the consumption key (its ``W``
changes), so the tracked quotas never exceed the exact ones.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from enum import StrEnum
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..core.arguments import checked_flag
from ..core.errors import shown_argument
from ..core.safeparse import checked_limit
from .errors import SHARE_RANGE, SharingError, problem
from .result import Model, SharingResult
from .series import IntervalData
from .setup import Key, SharingSetup

__all__ = ["Model", "Rounding", "allocate", "manual_weights", "split_largest_remainder"]

#: Values per chunk: 2**17 float64 are 1 MiB, which stays in a core's L2 cache.
_CHUNK_VALUES = 1 << 17
_FLOAT_EXACT = 1 << 53
_INT64_LIMIT = 1 << 63
_INT32_LIMIT = 1 << 31

Int64Array = NDArray[np.int64]


class Rounding(StrEnum):
    """Who gets the units left over when the exact quotas are not whole units (module doc)."""

    CARRY = "carry"
    ROTATE = "rotate"
    LOWEST_ID = "lowest-id"


def _top(keys: NDArray[Any], counts: Int64Array) -> NDArray[np.bool_]:
    """Per row, a mask of the ``counts[i]`` largest keys (keys must be unique in a row: they
    decide ties). int32 keys: a row sort gives each row's cut (numpy sorts int32 with SIMD);
    wider keys: one ``partition`` per distinct count (a linear selection), which beats their
    sort."""
    rows, columns = keys.shape
    if keys.dtype == np.int32:
        ordered = np.sort(keys, axis=1)
        cut = ordered[np.arange(rows), np.clip(columns - counts, 0, columns - 1)]
        cut[counts <= 0] = np.iinfo(keys.dtype).max  # above every key
        return np.asarray(keys >= cut[:, None])
    cut = np.full(rows, np.iinfo(keys.dtype).max, dtype=keys.dtype)  # above every key
    order = np.argsort(counts, kind="stable")
    ordered_counts = counts[order]
    for group in np.split(order, np.flatnonzero(np.diff(ordered_counts)) + 1):
        k = int(counts[group[0]]) if group.size else 0
        if k <= 0:
            continue
        if k >= columns:
            cut[group] = np.iinfo(keys.dtype).min
            continue
        cut[group] = np.partition(keys[group], columns - k, axis=1)[:, columns - k]
    return np.asarray(keys >= cut[:, None])


#: The consumption key's cumulative quotas are kept to 2**-_FRACTION_BITS of a unit (module doc).
_FRACTION_BITS = 32


def _key_shift(denominator: int, columns: int) -> int:
    """Low bits of a remainder left out of its ``carry`` sort key, so that keys
    ``ceil(rest / 2**shift)·columns + tie-break`` stay below 2**31 (numpy sorts int32 with SIMD):
    none for the manual key up to about 2 000 recipients."""
    return max(0, (denominator - 1).bit_length() + columns.bit_length() + 1 - 31)


def _fixed_point(remainders: Int64Array, sums: Int64Array) -> Int64Array:
    """``floor(rem·2**32 / W)`` per value, exactly: a lower bound of the fraction ``rem / W`` of
    a unit (``rem < W``) in units of 2**-32. float64 where ``W <= 2**21`` (then
    ``rem·2**32 < 2**53``: the floor of the correctly rounded quotient is exact), else exact
    integer long division, as many bits at a time as int64 allows."""
    top = int(sums.max(initial=1))
    divisor = np.maximum(sums, 1)[:, None]
    if top <= 1 << (53 - _FRACTION_BITS):
        scaled: NDArray[Any] = remainders * float(1 << _FRACTION_BITS)
        np.divide(scaled, divisor, out=scaled)
        return np.asarray(np.floor(scaled, out=scaled), dtype=np.int64)
    step = min(_FRACTION_BITS, 62 - top.bit_length())
    done = 0
    quotient = np.zeros_like(remainders)
    rest = remainders.copy()
    while done < _FRACTION_BITS:
        bits = min(step, _FRACTION_BITS - done)
        rest <<= bits
        quotient <<= bits
        quotient += rest // divisor
        rest %= divisor
        done += bits
    return quotient


class _Carry:
    """The ``carry`` rule over consecutive chunks of intervals, in time order (module doc).

    Each chunk comes as the cumulative quotas after each of its intervals, ``whole + rest / D``
    per recipient (``whole`` an integer, ``0 <= rest < D``), and ``counts``, how many of the
    intervals' cumulative leftover units are still to give (``Σ`` of everybody's position must
    be the cumulative production). Positions are absolute (manual key: ``D = W``, exact) or
    beyond the per-interval floors ``floor(P·w_r / W)`` already in ``out`` (consumption key:
    ``D = 2**32``, each interval's fraction rounded down, so a lower bound).

    The target after each interval is the cumulative largest-remainder rounding: ``whole`` for
    everybody plus one unit for the ``counts`` largest remainders (ties to the lower column),
    all intervals at once. Where the step towards it would make a share negative, the interval
    is repaired: the share is 0 and the units this frees are taken back, one per recipient,
    from those that would otherwise end the interval furthest ahead; the next interval steps
    from there. Repairs are vectorised too: all intervals whose previous interval is settled at
    once, round after round. Nobody ever ends an interval a whole unit ahead: everybody is at
    most at the target (at most the rounded-up cumulative quota) or where it already was.
    """

    def __init__(self, columns: int, denominator: int) -> None:
        self.denominator = denominator
        self.shift = _key_shift(denominator, columns)
        self.given = np.zeros(columns, dtype=np.int64)  # position after the last interval
        self.tiebreak = np.arange(columns - 1, -1, -1, dtype=np.int64)
        self.columns = np.arange(columns, dtype=np.int64)
        self.cum = np.zeros(columns, dtype=np.int64)  # consumption key: fractions so far
        self.left = 0  # consumption key: leftover units so far

    def manual(self, cumulative: Int64Array, weights: Int64Array, out: Int64Array) -> None:
        """Manual key: the shares of intervals whose cumulative production after each is
        ``cumulative``. The cumulative quotas ``T·w / W`` in closed form, exactly:
        ``(T div W)·w + ((T mod W)·w) / W``, where ``(T mod W)·w < W**2 <= 10**12`` is exact in
        float64 (and so is the floor of its quotient: module doc)."""
        d = self.denominator
        high, low = np.divmod(cumulative, d)
        product = low.astype(np.float64)[:, None] * weights.astype(np.float64)[None, :]
        quotient = np.floor(product / d)
        rest = (product - quotient * d).astype(np.int64)
        whole = quotient.astype(np.int64)
        whole += high[:, None] * weights[None, :]
        counts = cumulative - whole.sum(axis=1)
        self.run(whole, rest, counts, out, floors=False)

    def consumption(self, totals: Int64Array, used: Int64Array, out: Int64Array) -> None:
        """Consumption key: the shares of intervals with production ``totals`` and consumption
        ``used`` into ``out``. Each quota ``P·c / W`` is kept as its floor (in ``out``) and
        its fraction of a unit rounded down to 2**-32: ``floor(rem·2**32 / W)``, exact (float64
        while ``P·W < 2**53`` and ``W <= 2**21``: then ``rem·2**32 < 2**53``; else integers)."""
        columns = used.shape[1]
        sums = used.sum(axis=1)
        idle = sums == 0
        if idle.any():  # nobody consumes: every recipient's quota is P / R
            used = np.where(idle[:, None], 1, used)
            sums = np.where(idle, columns, sums)
        bound = int(totals.max(initial=0)) * int(sums.max(initial=1))
        if bound >= _INT64_LIMIT:
            raise _range_error()
        if bound < _FLOAT_EXACT and int(sums.max(initial=1)) <= 1 << (53 - _FRACTION_BITS):
            product = used * totals.astype(np.float64)[:, None]  # P·c, exact
            divisor = sums.astype(np.float64)[:, None]
            quotient = np.floor(product / divisor)  # exact: a correctly rounded quotient
            product -= quotient * divisor  # P·c mod W, exact
            product /= divisor
            product *= float(1 << _FRACTION_BITS)  # = rem·2**32 / W correctly rounded
            fraction = np.floor(product, out=product).astype(np.int64)
            out[...] = quotient
        else:
            whole_part, rest_part = np.divmod(used * totals[:, None], sums[:, None])
            out[...] = whole_part
            fraction = _fixed_point(rest_part, sums)
        cum = np.cumsum(fraction, axis=0)
        cum += self.cum
        left = self.left + np.cumsum(totals - out.sum(axis=1))
        whole = cum >> _FRACTION_BITS
        counts = left - whole.sum(axis=1)
        self.run(whole, cum & ((1 << _FRACTION_BITS) - 1), counts, out, floors=True)
        self.cum = cum[-1].copy()
        self.left = int(left[-1])

    def run(
        self,
        whole: Int64Array,
        rest: Int64Array,
        counts: Int64Array,
        out: Int64Array,
        *,
        floors: bool,
    ) -> None:
        """The shares of these intervals into ``out`` (added to the floors there if
        ``floors``, else written)."""
        columns = whole.shape[1]
        d = self.denominator
        if int(counts.max(initial=0)) > columns:  # cannot happen: Σ rest/D ≤ counts < columns
            raise AssertionError("carry: more leftover units than recipients")
        rank = rest if not self.shift else (rest + ((1 << self.shift) - 1)) >> self.shift
        bound = (((d - 1) >> self.shift) + 2) * columns
        if bound < _INT32_LIMIT:
            keys: NDArray[Any] = rank.astype(np.int32)
            keys *= columns
            keys += self.tiebreak.astype(np.int32)
        else:
            keys = rank * columns + self.tiebreak
        target = whole + _top(keys, counts)
        step = np.diff(target, axis=0, prepend=self.given[None, :])
        bad = np.flatnonzero(((out + step < 0) if floors else (step < 0)).any(axis=1))
        if bad.size:
            self._repair(bad, target, whole, rest, out if floors else None)
            step = np.diff(target, axis=0, prepend=self.given[None, :])
        if floors:
            np.add(out, step, out=out)
        else:
            out[...] = step
        self.given = target[-1].copy()

    def _repair(
        self,
        todo: Int64Array,
        target: Int64Array,
        whole: Int64Array,
        rest: Int64Array,
        floors: Int64Array | None,
    ) -> None:
        """Repair the intervals ``todo`` of ``target`` (in place), then every interval whose
        previous one changed, until nothing changes: each interval's repair depends only on the
        position after the one before, so every round settles at least one more."""
        d = self.denominator
        ideal = target.copy()  # the unrepaired targets
        n = target.shape[0]
        while todo.size:
            before = target[np.maximum(todo - 1, 0)]
            before[todo == 0] = self.given
            units = ideal[todo] - before
            base = floors[todo] if floors is not None else np.zeros_like(units)
            share = base + units
            negative = share < 0
            excess = -(share * negative).sum(axis=1)
            np.copyto(units, -base, where=negative)  # a share of 0 instead
            while excess.any():
                # Take the units back from those that would end furthest ahead of their
                # cumulative quota (ties: the higher column, which loses ties above).
                live = base + units > 0
                ahead = (before + units - whole[todo]) * d - rest[todo]
                keys = np.where(
                    live, ahead * target.shape[1] + self.columns, np.iinfo(np.int64).min
                )
                taken = np.minimum(excess, live.sum(axis=1))
                units -= _top(keys, taken)
                excess -= taken
            settled = before + units
            changed = (settled != target[todo]).any(axis=1)
            target[todo] = settled
            following = todo[changed] + 1
            todo = following[following < n]


def manual_weights(setup: SharingSetup) -> tuple[Int64Array, int]:
    """Integer weights of the manual shares (recipient order) and their sum (a power of ten)."""
    if not isinstance(setup, SharingSetup):
        raise TypeError(f"manual_weights() takes a SharingSetup, not {type(setup).__name__}")
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
        *,
        tiebreak: Int64Array | None = None,
    ) -> None:
        """``out[i, :]``: ``totals[i]`` split by ``weights[i, :]`` (or a shared 1-D row).

        Rows whose weight sum is 0 get zeros. ``tiebreak`` (``rows × columns``, a permutation
        of ``0..columns-1`` per row, higher first) replaces "lower column first".
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
            if int(totals.max(initial=0)) < _INT32_LIMIT:  # every quotient fits int32
                # float64 → int32 → int64 is twice as fast as float64 → int64 in numpy
                narrow = self.buffer("narrow", np.int32, n)
                narrow[...] = quot
                out[...] = narrow
            else:
                out[...] = quot
            if tiebreak is None and key_bound < _FLOAT_EXACT:
                np.multiply(work, r, out=work)
                np.add(work, self.tiebreak_f, out=work)
                keys[...] = work
            else:
                keys[...] = work
                np.multiply(keys, r, out=keys)
                np.add(keys, self.tiebreak if tiebreak is None else tiebreak, out=keys)
        else:
            wide = self.buffer("wide", np.int64, n)
            np.multiply(np.broadcast_to(weights, (n, r)), totals[:, None], out=wide)
            np.floor_divide(wide, sums[:, None], out=out)
            np.remainder(wide, sums[:, None], out=wide)
            bonus = totals - out.sum(axis=1)
            np.multiply(wide, r, out=wide)
            np.add(wide, self.tiebreak if tiebreak is None else tiebreak, out=wide)
            keys[...] = wide
        # One unit more for the `bonus` largest keys of each row. Keys are unique in a row
        # (remainder first, then the tie-break), so a linear selection decides.
        np.add(out, _top(keys, bonus), out=out)


def _equal_split(
    totals: Int64Array, columns: int, out: Int64Array, offsets: Int64Array | None = None
) -> None:
    """``totals`` split equally; the remainder unit by unit to the lowest ids, or, with
    ``offsets``, round the recipients starting at ``offsets[i]`` (continuing where the last
    interval stopped: cumulative shares then never differ by more than one unit)."""
    quotient, rest = np.divmod(totals, columns)
    position = np.arange(columns, dtype=np.int64)[None, :]
    if offsets is not None:
        position = (position - offsets[:, None]) % columns
    np.add(quotient[:, None], position < rest[:, None], out=out)


def _rotation(start: int, rows: int, columns: int) -> Int64Array:
    """Tie-break ranks (higher first) that rotate by one column per interval."""
    shift = np.arange(columns, dtype=np.int64)[None, :] - start - np.arange(rows)[:, None]
    return np.asarray(columns - 1 - shift % columns, dtype=np.int64)


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


def _whole_numbers(value: Any, name: str) -> Int64Array:
    """``value``, the argument ``name``, as int64: whole numbers (floats that are whole too).
    A fraction is a ValueError (cast to int64 it was cut without a word: weights 0.5 + 0.5
    split a total into zeros); text or anything else that is no number a TypeError (numpy
    read "10" as 10, and said "invalid literal for int()" of "x", naming nothing)."""
    if isinstance(value, np.ndarray) and value.dtype == np.int64:  # (allocate's: no copy)
        return np.ascontiguousarray(value)
    try:
        array = np.asarray(value)
    except ValueError as error:  # (rows of different lengths)
        raise ValueError(f"{name} are whole numbers in rows of one length: {error}") from None
    kind = array.dtype.kind
    if kind == "f":
        if not np.isfinite(array).all() or (array != np.trunc(array)).any():
            raise ValueError(
                f"{name} are whole numbers (units: sharing.to_units converts kWh), "
                "not fractions, infinities or NaN"
            )
    elif kind == "O" and all(
        isinstance(item, int | np.integer) and not isinstance(item, bool) for item in array.flat
    ):
        try:
            return np.ascontiguousarray(array, dtype=np.int64)
        except OverflowError:
            raise _range_error() from None
    elif kind == "u" and array.size and int(array.max()) > np.iinfo(np.int64).max:
        raise _range_error()  # (cast, it wrapped round to a negative number)
    elif kind not in "iub":
        what = _KINDS.get(kind, str(array.dtype))
        raise TypeError(f"{name} are whole numbers (int), not {what}")
    return np.ascontiguousarray(array, dtype=np.int64)


#: What an array of numpy's dtype kind holds, in words.
_KINDS = {"U": "text", "S": "bytes", "O": "other objects", "c": "complex numbers"}


def split_largest_remainder(
    totals: Any, weights: Any, *, workers: int = 1, tiebreak: Int64Array | None = None
) -> Int64Array:
    """Split each ``totals[i]`` over the columns in proportion to ``weights[i, :]``.

    ``weights`` is ``(rows, columns)`` or one shared ``(columns,)`` row of non-negative integers.
    Each part is ``floor(total·w / W)`` plus one unit for the columns with the largest
    remainders, ties to the lower column index (or by ``tiebreak``: ``rows × columns``, a
    permutation of ``0..columns-1`` per row, higher first); parts sum to the total exactly. A
    row whose weights are all 0 gets zeros. Totals must be non-negative. Both are whole numbers
    (floats only where whole): a fraction is a ValueError, text a TypeError.
    """
    checked_limit(workers, "workers", "a number of threads")  # (as allocate's)
    total = _whole_numbers(totals, "totals")
    weight = _whole_numbers(weights, "weights")
    if total.ndim != 1 or weight.ndim not in (1, 2) or weight.shape[-1] == 0:
        raise ValueError("totals must be 1-D and weights (rows, columns) or (columns,)")
    if weight.ndim == 2 and weight.shape[0] != total.shape[0]:
        raise ValueError("one row of weights per total")
    if (total < 0).any() or (weight < 0).any():
        raise ValueError("totals and weights must be non-negative")
    columns = weight.shape[-1]
    if int(weight.max(initial=0)) * columns >= _INT64_LIMIT:
        # The weight sums could wrap around in int64 (and would be refused below anyway:
        # weight sum · columns is at least this).
        raise _range_error()
    if tiebreak is not None and np.shape(tiebreak) != (total.shape[0], columns):
        # (another shape was read past or short of its rows: parts that missed the total)
        raise ValueError(
            f"tiebreak is rows × columns ({total.shape[0]} × {columns}), not shape "
            f"{' × '.join(map(str, np.shape(tiebreak)))}"
        )
    sums = weight.sum(axis=-1)
    out = np.empty((total.shape[0], columns), dtype=np.int64)

    def work(part: list[tuple[int, int]]) -> None:
        splitter = _Splitter(columns, _chunk_rows(columns))
        for s, e in part:
            ties = None if tiebreak is None else tiebreak[s:e]
            if weight.ndim == 1:
                splitter.split(total[s:e], weight, int(sums), out[s:e], tiebreak=ties)
            else:
                splitter.split(total[s:e], weight[s:e], sums[s:e], out[s:e], tiebreak=ties)

    _run(_chunks(total.shape[0], columns), work, workers)
    return out


def allocate(
    data: IntervalData,
    *,
    redistribute: bool = False,
    workers: int = 1,
    rounding: Rounding | str = Rounding.CARRY,
) -> SharingResult:
    """Allocate the production of every interval under the current and the new model.

    ``redistribute`` (default off) lets the new model offer what a recipient cannot use to
    recipients whose consumption is not covered yet, before it goes back to the contributor.
    ``rounding`` decides who gets the units left over (:class:`Rounding`; default ``carry``:
    no recipient's cumulative share reaches its cumulative exact quota plus one unit).
    ``workers`` > 1 splits the intervals over threads (numpy releases the GIL; not for the
    ``carry`` rule of the manual and consumption keys, which goes through time in order); the
    result is the same. Raises :class:`~elhub_cim.sharing.SharingError` (``SHARE_RANGE``) when
    the volumes are too large for exact 64-bit arithmetic. Arguments of the wrong type or
    value are a TypeError or ValueError at the call.
    """
    if not isinstance(data, IntervalData):
        raise TypeError(
            "allocate() takes IntervalData (IntervalData.build(setup, readings)), "
            f"not {type(data).__name__}"
        )
    checked_flag(redistribute, "redistribute")
    checked_limit(workers, "workers", "a number of threads")
    try:
        rounding = Rounding(rounding)
    except ValueError:
        known = ", ".join(repr(r.value) for r in Rounding)
        shown = shown_argument(rounding)
        raise ValueError(f"rounding is a Rounding or one of {known}, not {shown}") from None
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
    # A recipient without data (data.missing): with the equal or manual key its share does
    # not depend on anyone's consumption, so the current model still allocates every share;
    # the consumption key needs everyone's consumption, and the new model each recipient's own
    # (min(share, consumption), and what goes back): those intervals are refused.
    refused_current: NDArray[np.bool_] | None = None
    refused_new: NDArray[np.bool_] | None = None
    if data.missing is not None:
        refused = np.asarray(data.missing.any(axis=1), dtype=np.bool_)
        refused_new = refused
        if setup.key is Key.CONSUMPTION:
            refused_current = refused
            pool = np.where(refused, 0, pool)  # nothing allocated in a refused interval
    # Intervals without production (nights) allocate nothing: their rows stay zero, and
    # zero-filled pages that are never written cost neither time nor memory.
    # The new model's allocations, min(share, consumption), are only summed here (for what
    # goes back); SharingResult derives them on access, unless redistribution changes them.
    # The compiled kernels write every row of an uninitialised result instead.
    kernels = _kernels(count * columns)
    make = np.zeros if kernels is None else np.empty
    share = make((count, columns), dtype=np.int64)
    back = make(count, dtype=np.int64)
    fixed, fixed_sum = manual_weights(setup) if setup.key is Key.MANUAL else (None, 1)
    rows = _chunk_rows(columns)
    offsets: Int64Array | None = None
    if setup.key is Key.EQUAL and rounding is not Rounding.LOWEST_ID:
        # Round the recipients: interval t starts where the leftover units before it stopped.
        rest = pool % columns
        offsets = (np.cumsum(rest) - rest) % columns
    carry: _Carry | None = None
    if rounding is Rounding.CARRY and setup.key is not Key.EQUAL:
        carry = _Carry(columns, fixed_sum if fixed is not None else 1 << _FRACTION_BITS)
        workers = 1  # in time order
    cumulative = pool
    if carry is not None and fixed is not None:
        cumulative = np.cumsum(pool)
        # The cumulative quotas come from the production summed so far: past 2**63 it would
        # wrap around (a first wrap of non-negative steps below 2**63 is negative).
        if int(cumulative.min(initial=0)) < 0:
            raise _range_error()

    def work(part: list[tuple[int, int]]) -> None:
        splitter = _Splitter(columns, rows)
        for s, e in part:
            totals, used, out = pool[s:e], consumption[s:e], share[s:e]
            tiebreak = _rotation(s, e - s, columns) if rounding is Rounding.ROTATE else None
            if setup.key is Key.EQUAL:
                _equal_split(totals, columns, out, None if offsets is None else offsets[s:e])
            elif fixed is not None:
                splitter.split(totals, fixed, fixed_sum, out, tiebreak=tiebreak)
            else:
                row_sums = used.sum(axis=1)
                splitter.split(totals, used, row_sums, out, tiebreak=tiebreak)
                idle = row_sums == 0
                if idle.any():  # nobody consumes: split equally (current model)
                    fallback = np.empty((int(idle.sum()), columns), dtype=np.int64)
                    _equal_split(totals[idle], columns, fallback)
                    out[idle] = fallback
            given = splitter.buffer("given", np.int64, e - s)
            np.minimum(out, used, out=given)
            np.subtract(totals, given.sum(axis=1), out=back[s:e])

    if carry is not None and kernels is not None:  # compiled, one interval at a time
        producing = np.flatnonzero(pool)
        if fixed is not None:
            status = kernels.manual_carry(
                pool, cumulative, consumption, producing, fixed, fixed_sum, carry.shift,
                share, back,
            )  # fmt: skip
        else:
            status = kernels.consumption_carry(
                pool, consumption, producing, carry.shift, rows, share, back
            )
        if status == 1:
            raise _range_error()
        if status == 2:  # cannot happen (as in _Carry.run)
            raise AssertionError("carry: more leftover units than recipients")
    elif carry is not None:  # in time order; the intervals with production, gathered
        producing = np.flatnonzero(pool)
        for start in range(0, producing.size, rows):
            at = producing[start : start + rows]
            whole_rows = at.size == int(at[-1]) - int(at[0]) + 1
            block: slice | Int64Array = slice(int(at[0]), int(at[-1]) + 1) if whole_rows else at
            totals, used = pool[block], consumption[block]
            out = np.empty(used.shape, dtype=np.int64)
            if fixed is not None:
                carry.manual(cumulative[block], fixed, out)
            else:
                carry.consumption(totals, used, out)
            share[block] = out
            back[block] = totals - np.minimum(out, used).sum(axis=1)
    elif kernels is not None:  # compiled, one interval at a time
        _per_interval_kernels(
            kernels, setup.key, pool, consumption, fixed, fixed_sum, offsets,
            rounding is Rounding.ROTATE, share, back, workers,
        )  # fmt: skip
    else:
        _run(_producing_chunks(pool, rows), work, workers)
    if refused_new is not None:
        back[refused_new] = 0  # unknown: refused, not computed
    allocated: Int64Array | None = None
    if redistribute:
        allocated = np.minimum(share, consumption)
        _redistribute(setup, consumption, allocated, back, workers, rounding)
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
        rounding=rounding.value,
        refused_current=refused_current,
        refused_new=refused_new,
    )


def _per_interval_kernels(
    kernels: Any,
    key: Key,
    pool: Int64Array,
    consumption: Int64Array,
    fixed: Int64Array | None,
    fixed_sum: int,
    offsets: Int64Array | None,
    rotate: bool,
    share: Int64Array,
    back: Int64Array,
    workers: int,
) -> None:
    """The equal key and the per-interval rules (``rotate``, ``lowest-id``) compiled, into
    ``share`` and ``back`` (every row written), with the array engine's range checks (per chunk
    of :func:`_producing_chunks`, as :meth:`_Splitter.split`); ``workers`` threads take
    consecutive ranges of intervals."""
    count, columns = consumption.shape
    if key is Key.CONSUMPTION:
        chunks = np.array(_producing_chunks(pool, _chunk_rows(columns)), dtype=np.int64)
        if chunks.size and kernels.split_range(pool, consumption, chunks[:, 0], chunks[:, 1]):
            raise _range_error()
    elif fixed is not None and pool.any():  # every interval's total times W, and the keys
        top = int(pool.max())
        if top * fixed_sum >= _INT64_LIMIT or fixed_sum * columns >= _INT64_LIMIT:
            raise _range_error()
    none = np.empty(0, dtype=np.int64)

    def work(part: tuple[int, int]) -> None:
        s, e = part
        if key is Key.EQUAL:
            turns = none if offsets is None else offsets[s:e]
            kernels.equal_split(pool[s:e], consumption[s:e], turns, share[s:e], back[s:e])
        else:
            kernels.split_intervals(
                pool[s:e], consumption[s:e], none if fixed is None else fixed, fixed_sum,
                rotate, s, share[s:e], back[s:e],
            )  # fmt: skip

    parts = max(1, min(workers, count))
    bounds = [count * i // parts for i in range(parts + 1)]
    ranges = [(bounds[i], bounds[i + 1]) for i in range(parts) if bounds[i] < bounds[i + 1]]
    if len(ranges) <= 1:
        for part in ranges:
            work(part)
        return
    with ThreadPoolExecutor(max_workers=len(ranges)) as threads:
        for future in [threads.submit(work, part) for part in ranges]:
            future.result()


#: From this many values (intervals × recipients) on, ``carry`` runs compiled when numba is
#: installed: below it, importing numba and loading the compiled kernels (about half a second)
#: costs more than they save.
KERNEL_VALUES = 1 << 22


def _kernels(values: int) -> Any:
    """The compiled ``carry`` kernels (module ``_kernels``), or None for the array engine.

    ``ELHUB_CIM_SHARING_KERNEL``: ``off`` never uses them, ``on`` always (an error without
    numba), anything else from :data:`KERNEL_VALUES` values on when numba can be imported.
    """
    choice = os.environ.get("ELHUB_CIM_SHARING_KERNEL", "auto").strip().lower()
    if choice == "off" or (choice != "on" and values < KERNEL_VALUES):
        return None
    if choice != "on" and importlib.util.find_spec("numba") is None:
        return None
    try:
        from . import _kernels
    except ImportError:
        if choice == "on":
            raise
        return None  # numba that does not work with this numpy: the array engine
    return _kernels


def _redistribute(
    setup: SharingSetup,
    consumption: Int64Array,
    allocated: Int64Array,
    back: Int64Array,
    workers: int,
    rounding: Rounding,
) -> None:
    """Offer what went back to the recipients whose consumption is not covered, by the key,
    round after round until nothing is left or everyone is covered (in place).

    Each round is a largest-remainder split whose ties follow ``rounding``: to the lowest id
    under ``lowest-id``; under ``rotate`` and ``carry`` in an order that rotates by one
    recipient every interval, as ``rotate`` does (always the lowest id would favour it in
    every interval: with the equal key every remainder ties)."""
    rows = np.flatnonzero(back > 0)
    if not rows.size:
        return
    columns = consumption.shape[1]
    tiebreak = None
    if rounding is not Rounding.LOWEST_ID:
        shift = np.arange(columns, dtype=np.int64)[None, :] - rows[:, None]
        tiebreak = np.asarray(columns - 1 - shift % columns, dtype=np.int64)
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
        extra = split_largest_remainder(
            np.where(active, left, 0), weights, workers=workers, tiebreak=tiebreak
        )
        np.minimum(extra, need, out=extra)
        given += extra
        left -= extra.sum(axis=1)
    allocated[rows] = given
    back[rows] = left
