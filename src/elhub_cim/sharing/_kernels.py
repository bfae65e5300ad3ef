"""Compiled ``carry`` kernels (numba), used by :func:`.engine.allocate` for large inputs.

The ``carry`` rule goes through time in order, so the array engine (:mod:`.engine`) handles it
chunk by chunk with whole-array steps: about thirty passes over every value plus a sort per
interval. These kernels do the same arithmetic one interval at a time in compiled loops: the
floors and 2**-32 fractions of the consumption key (float64 where every value is exact, else
integer long division), the manual key's cumulative quotas in closed form, a selection of the
largest remainders by counting passes (a radix selection where those give up) instead of a sort,
and the repairs. The shares are bit for bit those of
the array engine, which stays the specification (tests/test_sharing_kernel.py compares both
with the plain reference over every arithmetic path and the 2**31, 2**53 and 2**63 edges).

numba is optional (the ``fast`` extra): without it, or for small inputs where compiling and
loading the kernels costs more than they save, the array engine runs. Compiled code is kept in
numba's cache (beside this file, else the user's cache folder).
"""

# numba compiles these functions from their Python source: plain loops over int64/float64
# arrays, no Python objects. mypy sees numba's decorators as untyped (pyproject override).

from __future__ import annotations

import numpy as np
from numba import njit

__all__ = ["consumption_carry", "equal_split", "manual_carry", "split_intervals", "split_range"]

FB = 32
MASK = (1 << FB) - 1
I64MAX = (1 << 63) - 1
MAGIC_LIMIT = 1 << 52  # below it, float64 is exact and whole numbers convert via their bits
FLOAT_W = 1 << 21
TWO32 = float(1 << 32)
MAGIC = float(1 << 52)
MAGIC_BITS = 0x4330000000000000  # the bits of 2.0**52


BINS = 256  # radix selection: bins on the top bits of key - low
GROUP = 32  # bins per group: the scan for the cut's bin goes group by group first
SMALL = 32  # a cut bin with at most this many keys is sorted by insertion


@njit(cache=True, nogil=True)
def _cut(keys, k, low, high, bins, buf):
    """The smallest of the k largest keys (all unique): the keys >= it are the k largest.
    k <= 0: a value above every key; k >= len: the lowest key. A radix selection: BINS bins
    (``bins``: BINS + BINS // GROUP int32, reused) on the top bits of key - low, the bin that
    holds the cut found group by group from the top; the cut is that bin's largest or smallest
    key (one vectorised pass) or else found among its keys gathered into ``buf`` (as long as
    keys) and ordered (usually three or four keys)."""
    R = keys.size
    if k <= 0:
        return high + 1
    if k >= R:
        return low
    span = high - low
    if span < 0:  # keys too far apart for int64 arithmetic: sort them all
        return np.partition(keys.copy(), R - k)[R - k]
    shift = 0
    while (span >> shift) >= BINS:
        shift += 1
    bins[:] = 0
    for r in range(R):
        bins[(keys[r] - low) >> shift] += 1
    for g in range(BINS // GROUP):
        n = 0
        for j in range(GROUP):
            n += bins[g * GROUP + j]
        bins[BINS + g] = n
    above = 0
    g = BINS // GROUP - 1
    while above + bins[BINS + g] < k:
        above += bins[BINS + g]
        g -= 1
    b = g * GROUP + GROUP - 1
    while above + bins[b] < k:
        above += bins[b]
        b -= 1
    need = k - above  # the cut is the need-th largest key of bin b
    if need == 1 or need == bins[b]:  # its largest or its smallest: a vectorised pass
        if need == 1:
            best = -I64MAX - 1
            for r in range(R):
                v = keys[r]
                best = max(best, v if ((v - low) >> shift) == b else -I64MAX - 1)
            return best
        best = I64MAX
        for r in range(R):
            v = keys[r]
            best = min(best, v if ((v - low) >> shift) == b else I64MAX)
        return best
    m = 0
    for r in range(R):
        if ((keys[r] - low) >> shift) == b:
            buf[m] = keys[r]
            m += 1
    if m > SMALL:
        return np.partition(buf[:m].copy(), m - need)[m - need]
    for i in range(1, m):  # insertion sort, largest first
        x = buf[i]
        j = i - 1
        while j >= 0 and buf[j] < x:
            buf[j + 1] = buf[j]
            j -= 1
        buf[j + 1] = x
    return buf[need - 1]


#: The counting search (:func:`_search`) gives up after this many passes.
PASSES = 12


@njit(cache=True, nogil=True)
def _search(keys, k, low, high):
    """A threshold with exactly the k largest keys (unique; 0 < k < len, low..high their range,
    below 2**62 apart) at or above it, by counting passes (vectorised): the keys at or above a
    guess interpolated between the nearest guesses with more and with fewer than k keys at or
    above them (the first: the range taken as evenly spread), until the count is k or only one
    key is left to take or to drop (one pass for the largest below or the smallest above the
    bracket). About three passes on spread-out keys. Returns (found, threshold, passes); not
    found after PASSES passes (keys bunched unevenly)."""
    R = keys.size
    lo = low  # cl keys at or above lo (more than k), ch keys at or above hi (fewer than k)
    cl = R
    hi = high + 1
    ch = 0
    for passes in range(1, PASSES + 1):
        if k - ch == 1:  # the largest key below hi
            best = low
            for r in range(R):
                v = keys[r]
                best = max(best, v if v < hi else low)
            return True, best, passes
        if cl - k == 1:  # every key at or above lo but the smallest
            best = high
            for r in range(R):
                v = keys[r]
                best = min(best, v if v >= lo else high)
            return True, best + 1, passes
        guess = hi - np.int64(float(hi - lo) * ((k - ch + 0.5) / (cl - ch)))
        c = 0
        for r in range(R):
            c += keys[r] >= guess
        if c == k:
            return True, guess, passes
        if c > k:
            lo = guess
            cl = c
        else:
            hi = guess
            ch = c
    return False, 0, PASSES


@njit(cache=True, nogil=True)
def _threshold(keys, k, low, high, bins, sel):
    """A threshold with exactly the k largest keys (unique) at or above it (k <= 0: none;
    k >= len: all): the counting search (:func:`_search`), else the radix selection
    (:func:`_cut`): k out of 1..len - 1, keys 2**62 or more apart or up to 2**63 - 1, or the
    search gave up."""
    if 0 < k < keys.size and 0 <= high - low < 1 << 62 and high < I64MAX:
        found, guess, _ = _search(keys, k, low, high)
        if found:
            return guess
    return _cut(keys, k, low, high, bins, sel)


@njit(cache=True, nogil=True)
def _selection_buffers(R):
    """The reusable buffers of :func:`_cut`: its bins and group counts, and a key buffer."""
    return np.zeros(BINS + BINS // GROUP, np.int32), np.empty(R, np.int64)


#: Up to this many units, a repair takes them back by that many passes for the next largest key.
FEW = 8


@njit(cache=True, nogil=True)
def _mark_top(keys, k, live, bins, sel, buf, out):
    """out[r] = 1 for the k largest keys among the live ones (unique among them), else 0: the
    live keys gathered into ``buf`` and selected by :func:`_threshold`."""
    n = 0
    for r in range(keys.size):
        n += live[r]
    if k <= 0 or n == 0:
        cut = I64MAX
        none = True
    elif k >= n:
        cut = -I64MAX - 1
        none = False
    else:
        j = 0
        for r in range(keys.size):
            if live[r]:
                buf[j] = keys[r]
                j += 1
        live_keys = buf[:n]
        cut = _threshold(live_keys, k, live_keys.min(), live_keys.max(), bins, sel)
        none = False
    for r in range(keys.size):
        out[r] = 1 if live[r] and not none and keys[r] >= cut else 0


@njit(cache=True, nogil=True)
def _take_back(excess, share, used, given, whole, rest, d, live, keys, mark, bins, sel, buf):
    """The units freed where a share would have been negative (``excess``; those shares are 0
    already) taken back, one per recipient and round, from the recipients with a share that
    would end furthest ahead of their cumulative quota (ties: the higher column), as
    :meth:`.engine._Carry._repair`: ``share`` (one interval's) and ``given`` updated. A few
    units (up to FEW) by one pass each for the next largest key (its column: the key mod R),
    more by :func:`_mark_top`. Returns how much more goes back to the contributor in the new
    model (``used``: the consumption)."""
    R = share.size
    more = 0
    while excess > 0:
        nlive = 0
        for r in range(R):
            on = share[r] > 0
            live[r] = on
            nlive += on
            keys[r] = ((given[r] - whole[r]) * d - rest[r]) * R + r
        taken = min(excess, nlive)
        if taken <= FEW:  # one pass each for the next largest live key (its column: key mod R)
            top = I64MAX
            for j in range(taken):
                best = -I64MAX - 1
                for r in range(R):
                    v = keys[r] if live[r] else -I64MAX - 1
                    best = max(best, v if (j == 0 or v < top) else -I64MAX - 1)
                top = best
                r = best % R
                s = share[r]
                more += 1 if s <= used[r] else 0
                share[r] = s - 1
                given[r] -= 1
        else:
            _mark_top(keys, taken, live, bins, sel, buf, mark)
            for r in range(R):
                m = mark[r]
                s = share[r]
                more += m if s <= used[r] else 0
                share[r] = s - m
                given[r] -= m
        excess -= taken
    return more


@njit(cache=True, nogil=True)
def consumption_carry(pool, consumption, producing, shift, chunk, share, back):
    """The consumption key's ``carry`` shares of the intervals ``producing`` (in time order)
    into ``share`` and what goes back (new model) into ``back``, as
    :meth:`.engine._Carry.consumption` with :meth:`.engine._Carry.run` over chunks of ``chunk``
    intervals. Returns 0; 1 when a chunk's production times weight sum reaches 2**63 (the array
    engine's SHARE_RANGE), 2 when more units are left than recipients (its guard)."""
    R = consumption.shape[1]
    m = producing.size
    # The range check, chunk by chunk as the array version does, in the same pass: an interval
    # whose own product reaches 2**63 stops at once (its chunk is refused), the largest
    # production and weight sum of each chunk are checked at its last interval.
    maxp = 0
    maxw = 1
    given = np.zeros(R, np.int64)
    cum = np.zeros(R, np.int64)
    left = 0
    q = np.empty(R, np.int64)
    whole = np.empty(R, np.int64)
    rest = np.empty(R, np.int64)
    keys = np.empty(R, np.int64)
    mark = np.empty(R, np.int64)
    live = np.ones(R, np.bool_)
    round_up = (1 << shift) - 1
    bins, sel = _selection_buffers(R)
    tops = np.empty(R, np.int64)  # the repairs' live keys
    qbuf = np.empty(R, np.float64)
    fbuf = np.empty(R, np.float64)
    qbits = qbuf.view(np.int64)
    fbits = fbuf.view(np.int64)
    done_rows = 0
    for i in range(m):
        t = producing[i]
        _zero_rows(share, back, done_rows, t)  # intervals without production: nothing
        p = pool[t]
        w = 0
        for r in range(R):
            w += consumption[t, r]
        idle = w == 0
        if idle:
            w = R
        maxp = max(maxp, p)
        maxw = max(maxw, w)
        if p > I64MAX // w:
            return 1
        if i % chunk == chunk - 1 or i == m - 1:
            if maxp > I64MAX // maxw:
                return 1
            maxp = 0
            maxw = 1
        sumq = 0
        sumwhole = 0
        if p * w < MAGIC_LIMIT and w <= FLOAT_W:
            # every value exact in float64, and the floor of a correctly rounded quotient of
            # two such integers is the exact floor (so are the fraction's 32 bits: w <= 2**21).
            # The floors (at most p < 2**52) and fractions (< 2**32) go to int64 through the
            # bits of x + 2**52: AVX2 has no vector conversion from float64 to int64, this keeps
            # the loop vectorised.
            pf = float(p)
            wf = float(w)
            if idle:
                for r in range(R):
                    qf = np.floor(pf / wf)
                    qbuf[r] = qf + MAGIC
                    fbuf[r] = np.floor((pf - qf * wf) * TWO32 / wf) + MAGIC
            else:
                # The fraction by a multiplication and an exact correction instead of a second
                # division: rem * 2**32 / w is off by at most one after rounding, and
                # rem * 2**32 - f * w is exact (both below 2**53).
                inv32 = TWO32 / wf
                for r in range(R):
                    x = pf * float(consumption[t, r])
                    qf = np.floor(x / wf)
                    qbuf[r] = qf + MAGIC
                    rm = x - qf * wf
                    f0 = np.floor(rm * inv32)
                    e = rm * TWO32 - f0 * wf
                    f0 = f0 + (1.0 if e >= wf else 0.0) - (1.0 if e < 0.0 else 0.0)
                    fbuf[r] = f0 + MAGIC
            for r in range(R):
                q[r] = qbits[r] - MAGIC_BITS
                cum[r] += fbits[r] - MAGIC_BITS
        else:
            step = min(FB, 62 - _bitlen(w))
            for r in range(R):
                c = 1 if idle else consumption[t, r]
                x = p * c
                qq = x // w
                rem = x - qq * w
                q[r] = qq
                f = 0
                done = 0
                while done < FB:
                    bits = min(step, FB - done)
                    rem <<= bits
                    f <<= bits
                    f += rem // w
                    rem %= w
                    done += bits
                cum[r] += f
        low = I64MAX
        high = -I64MAX - 1
        for r in range(R):
            sumq += q[r]
            c = cum[r]
            whole[r] = c >> FB
            sumwhole += c >> FB
            rs = c & MASK
            rest[r] = rs
            key = ((rs + round_up) >> shift) * R + (R - 1 - r)
            keys[r] = key
            low = min(low, key)
            high = max(high, key)
        left += p - sumq
        k = left - sumwhole
        if k > R:
            return 2
        cut = _threshold(keys, k, low, high, bins, sel)
        # The shares, written at once; where one would be negative it is 0 and the units this
        # frees are taken back from the others (_take_back).
        excess = 0
        b = p
        for r in range(R):
            target = whole[r] + (1 if keys[r] >= cut else 0)
            s = q[r] + target - given[r]
            excess -= min(s, 0)
            s = max(s, 0)
            given[r] += s - q[r]
            share[t, r] = s
            c = consumption[t, r]
            b -= s if s < c else c
        if excess > 0:
            b += _take_back(
                excess, share[t], consumption[t], given, whole, rest, 1 << FB, live, keys, mark,
                bins, sel, tops,
            )  # fmt: skip
        back[t] = b
        done_rows = t + 1
    _zero_rows(share, back, done_rows, share.shape[0])
    return 0


@njit(cache=True, nogil=True)
def _zero_rows(share, back, start, stop):
    """Rows start..stop-1 (intervals without production) allocate nothing. The kernels fill
    every row of an uninitialised result: each page is written once (no zeroing first)."""
    for t in range(start, stop):
        back[t] = 0
        for r in range(share.shape[1]):
            share[t, r] = 0


@njit(cache=True, nogil=True)
def _bitlen(x):
    """int.bit_length for a non-negative int64."""
    n = 0
    while x > 0:
        x >>= 1
        n += 1
    return n


@njit(cache=True, nogil=True)
def manual_carry(pool, cumulative, consumption, producing, weights, d, shift, share, back):
    """The manual key's ``carry`` shares (weights over ``d``; ``cumulative``: the production
    summed from the first interval), as :meth:`.engine._Carry.manual`. Returns 0, or 2 as
    :func:`consumption_carry`."""
    R = weights.size
    m = producing.size
    given = np.zeros(R, np.int64)
    whole = np.empty(R, np.int64)
    rest = np.empty(R, np.int64)
    keys = np.empty(R, np.int64)
    mark = np.empty(R, np.int64)
    live = np.ones(R, np.bool_)
    round_up = (1 << shift) - 1
    bins, sel = _selection_buffers(R)
    tops = np.empty(R, np.int64)  # the repairs' live keys
    wf = weights.astype(np.float64)
    df = float(d)
    qbuf = np.empty(R, np.float64)
    fbuf = np.empty(R, np.float64)
    qbits = qbuf.view(np.int64)
    fbits = fbuf.view(np.int64)
    done_rows = 0
    for i in range(m):
        t = producing[i]
        _zero_rows(share, back, done_rows, t)
        total = cumulative[t]
        high = total // d
        low = total - high * d
        sumwhole = 0
        lowf = float(low)
        for r in range(R):
            x = lowf * wf[r]  # < d**2 <= 10**12: exact, and so is the floor of x / d
            qf = np.floor(x / df)
            qbuf[r] = qf + MAGIC  # to int64 through the bits (consumption_carry)
            fbuf[r] = (x - qf * df) + MAGIC
        lowest = I64MAX
        highest = -I64MAX - 1
        for r in range(R):  # one pass: positions, their sum and the sort keys
            rs = fbits[r] - MAGIC_BITS
            rest[r] = rs
            wh = qbits[r] - MAGIC_BITS + high * weights[r]
            whole[r] = wh
            sumwhole += wh
            key = ((rs + round_up) >> shift) * R + (R - 1 - r)
            keys[r] = key
            lowest = min(lowest, key)
            highest = max(highest, key)
        k = total - sumwhole
        if k > R:
            return 2
        cut = _threshold(keys, k, lowest, highest, bins, sel)
        excess = 0
        b = pool[t]
        for r in range(R):
            target = whole[r] + (1 if keys[r] >= cut else 0)
            u = target - given[r]
            excess -= min(u, 0)
            u = max(u, 0)
            given[r] += u
            share[t, r] = u
            c = consumption[t, r]
            b -= u if u < c else c
        if excess > 0:  # as consumption_carry
            b += _take_back(
                excess, share[t], consumption[t], given, whole, rest, d, live, keys, mark, bins,
                sel, tops,
            )  # fmt: skip
        back[t] = b
        done_rows = t + 1
    _zero_rows(share, back, done_rows, share.shape[0])
    return 0


@njit(cache=True, nogil=True)
def _zero_row(share, back, t):
    back[t] = 0
    for r in range(share.shape[1]):
        share[t, r] = 0


@njit(cache=True, nogil=True)
def split_range(pool, consumption, starts, ends):
    """The consumption key's range check of the per-interval rules, chunk by chunk as
    :meth:`.engine._Splitter.split` does it (the chunks of ``starts``/``ends``): 1 when a chunk's
    largest production times its largest weight sum reaches 2**63, or its largest weight sum
    times the number of recipients (the sort keys), else 0."""
    R = consumption.shape[1]
    for c in range(starts.size):
        maxp = 0
        maxw = 1
        for t in range(starts[c], ends[c]):
            w = 0
            for r in range(R):
                w += consumption[t, r]
            if w > 0:  # a row nobody consumes in is split equally: not checked
                maxp = max(maxp, pool[t])
                maxw = max(maxw, w)
        if maxp > I64MAX // maxw or maxw > I64MAX // R:
            return 1
    return 0


@njit(cache=True, nogil=True)
def split_intervals(pool, consumption, weights, d, rotate, first, share, back):
    """The per-interval rules (``rotate`` or lowest-id) of the consumption key (``weights``
    empty: each interval's consumption over its sum; nobody consuming: an equal split, the
    leftover units to the lowest ids) or the manual key (``weights`` over ``d``), as
    :meth:`.engine._Splitter.split`: floors ``floor(P·w / W)``, then one unit more for the
    ``P − Σ floors`` largest keys ``(P·w mod W)·R + tie-break`` (tie-break ``R − 1 − r``, or
    with ``rotate`` ``R − 1 − ((r − t) mod R)``, ``t`` counted from ``first``). Writes every
    row of ``share`` and ``back`` (what goes back, new model). The caller has checked the
    range (:func:`split_range`)."""
    count, R = consumption.shape
    manual = weights.size > 0
    q = np.empty(R, np.int64)
    keys = np.empty(R, np.int64)
    qbuf = np.empty(R, np.float64)
    fbuf = np.empty(R, np.float64)
    qbits = qbuf.view(np.int64)
    fbits = fbuf.view(np.int64)
    bins, sel = _selection_buffers(R)
    wf = weights.astype(np.float64)
    for t in range(count):
        p = pool[t]
        if p == 0:
            _zero_row(share, back, t)
            continue
        if manual:
            w = d
        else:
            w = 0
            for r in range(R):
                w += consumption[t, r]
            if w == 0:  # nobody consumes: an equal split, leftover units to the lowest ids
                base = p // R
                extra = p - base * R
                b = p
                for r in range(R):
                    s = base + (1 if r < extra else 0)
                    share[t, r] = s
                    c = consumption[t, r]
                    b -= s if s < c else c
                back[t] = b
                continue
        turn = (first + t) % R  # rotate: the column whose tie-break is highest
        sumq = 0
        if p * w < MAGIC_LIMIT:  # below 2**63: the caller checked
            pf = float(p)
            df = float(w)
            if manual:
                for r in range(R):
                    x = pf * wf[r]
                    qf = np.floor(x / df)
                    qbuf[r] = qf + MAGIC
                    fbuf[r] = (x - qf * df) + MAGIC
            else:
                for r in range(R):
                    x = pf * float(consumption[t, r])
                    qf = np.floor(x / df)
                    qbuf[r] = qf + MAGIC
                    fbuf[r] = (x - qf * df) + MAGIC
            for r in range(R):
                q[r] = qbits[r] - MAGIC_BITS
                keys[r] = fbits[r] - MAGIC_BITS
        else:
            for r in range(R):
                x = p * (weights[r] if manual else consumption[t, r])
                qq = x // w
                q[r] = qq
                keys[r] = x - qq * w
        low = I64MAX
        high = -I64MAX - 1
        for r in range(R):
            sumq += q[r]
            if rotate:
                tie = r - turn
                if tie < 0:
                    tie += R
                tie = R - 1 - tie
            else:
                tie = R - 1 - r
            key = keys[r] * R + tie
            keys[r] = key
            low = min(low, key)
            high = max(high, key)
        cut = _threshold(keys, p - sumq, low, high, bins, sel)
        b = p
        for r in range(R):
            s = q[r] + (1 if keys[r] >= cut else 0)
            share[t, r] = s
            c = consumption[t, r]
            b -= s if s < c else c
        back[t] = b
    return 0


@njit(cache=True, nogil=True)
def equal_split(pool, consumption, offsets, share, back):
    """The equal key: ``P // R`` each and the ``P mod R`` leftover units to the lowest ids, or
    (``offsets`` not empty) round the recipients from column ``offsets[t]``, as
    :func:`.engine._equal_split`. Writes every row of ``share`` and ``back``."""
    count, R = consumption.shape
    turn = offsets.size > 0
    for t in range(count):
        p = pool[t]
        if p == 0:
            _zero_row(share, back, t)
            continue
        base = p // R
        extra = p - base * R
        o = offsets[t] if turn else 0
        b = p
        for r in range(R):
            pos = r - o
            if pos < 0:
                pos += R
            s = base + (1 if pos < extra else 0)
            share[t, r] = s
            c = consumption[t, r]
            b -= s if s < c else c
        back[t] = b
    return 0
