"""Redistribution follows the rounding rule of the allocation (docs/sharing.md: "by the same
key and rounding rule"): each round is a largest-remainder split whose ties go as ``--rounding``
says (``rotate`` and ``carry``: an order that turns by one recipient every interval;
``lowest-id``: the lowest id), and what is redistributed plus what goes back is the pool."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import ROUND_DOWN, Decimal
from zoneinfo import ZoneInfo

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from elhub_cim.sharing import IntervalData, Key, SharingSetup, allocate
from tests.test_sharing_edges import redistribution_rounds

T0 = datetime(2026, 8, 10, 12, 0, tzinfo=ZoneInfo("Europe/Oslo"))
P = "707057500000000001"


def recipients(n: int) -> tuple[str, ...]:
    return tuple(f"7070575000000001{i:02d}" for i in range(n))


def ties(rounding: str, interval: int, n: int) -> list[int]:
    """Tie ranks (higher first): ``rotate`` and ``carry`` turn by one recipient per interval."""
    if rounding in ("rotate", "carry"):
        return [n - 1 - (r - interval) % n for r in range(n)]
    return [n - 1 - r for r in range(n)]


def run(
    key: Key, pools: list[int], used: list[list[int]], rounding: str, shares: Sequence[str] = ()
) -> tuple[list[list[int]], list[list[int]], list[list[int]]]:
    ids = recipients(len(used[0]))
    setup = SharingSetup(
        contributors=(P,),
        recipients=ids,
        key=key,
        shares={i: Decimal(v) for i, v in zip(ids, shares, strict=True)},
        resolution=Decimal(1),
    )
    data = IntervalData.from_arrays(
        setup, T0, 15, np.array(pools, dtype=np.int64), np.array(used, dtype=np.int64)
    )
    result = allocate(data, redistribute=True, rounding=rounding)
    return result.share.tolist(), result.new.allocated.tolist(), result.new.returned.tolist()


def test_rotate_redistributes_ties_in_the_rotating_order_not_to_the_lowest_id() -> None:
    # shares 0.5/0.25/0.25 of 5: A 3 (largest remainder), B 1, C 1; A uses nothing, so its 3
    # go to B and C in proportion 1:1: 1.5 each, a tie. rotate's tie order puts B before C in
    # intervals 0 and 1 and C first in interval 2 (as the allocation's own ties).
    shares = ("0.5", "0.25", "0.25")
    used = [[0, 10, 10]] * 3
    _, allocated, back = run(Key.MANUAL, [5, 5, 5], used, "rotate", shares)
    assert allocated == [[0, 3, 2], [0, 3, 2], [0, 2, 3]]
    assert back == [[0], [0], [0]]
    # lowest-id keeps its rule: B every time
    _, allocated, _ = run(Key.MANUAL, [5, 5, 5], used, "lowest-id", shares)
    assert allocated == [[0, 3, 2]] * 3


def test_the_largest_remainder_wins_over_the_lowest_id() -> None:
    # shares of 4 by 0.5/0.1/0.4: A 2, B 0, C 2 (0.6 beats 0.4). A uses nothing; its 2 units
    # go to B and C by 1:4 (0.4 and 1.6): C has the larger remainder and gets the unit left
    # over, although B has the lower id.
    shares = ("0.5", "0.1", "0.4")
    for rounding in ("carry", "rotate", "lowest-id"):
        share, allocated, back = run(Key.MANUAL, [4], [[0, 10, 10]], rounding, shares)
        assert share == [[2, 0, 2]], rounding
        assert allocated == [[0, 0, 4]], rounding
        assert back == [[0]]


@st.composite
def cases(draw: st.DrawFn) -> tuple[Key, list[int], list[list[int]], str, list[str]]:
    n = draw(st.integers(2, 5))
    rows = draw(st.integers(1, 6))
    key = draw(st.sampled_from([Key.MANUAL, Key.CONSUMPTION]))
    rounding = draw(st.sampled_from(["carry", "rotate", "lowest-id"]))
    parts = draw(st.lists(st.integers(0, 8), min_size=n, max_size=n).filter(lambda p: sum(p) > 0))
    total = sum(parts)
    # Rounded down, so that the last share (1 minus the others) is never negative.
    shares = [
        str((Decimal(p) / Decimal(total)).quantize(Decimal("0.000001"), rounding=ROUND_DOWN))
        for p in parts[:-1]
    ]
    shares.append(str(Decimal(1) - sum((Decimal(s) for s in shares), Decimal(0))))
    pools = draw(st.lists(st.integers(0, 60), min_size=rows, max_size=rows))
    used = draw(
        st.lists(st.lists(st.integers(0, 30), min_size=n, max_size=n), min_size=rows, max_size=rows)
    )
    return key, pools, used, rounding, shares


@given(cases())
def test_redistribution_sums_exactly_and_follows_the_rounding_rule(
    case: tuple[Key, list[int], list[list[int]], str, list[str]],
) -> None:
    key, pools, used, rounding, shares = case
    ids = recipients(len(shares))
    setup = SharingSetup(
        contributors=(P,),
        recipients=ids,
        key=key,
        shares={i: Decimal(v) for i, v in zip(ids, shares, strict=True)}
        if key is Key.MANUAL
        else {},
        resolution=Decimal(1),
    )
    data = IntervalData.from_arrays(
        setup, T0, 15, np.array(pools, dtype=np.int64), np.array(used, dtype=np.int64)
    )
    result = allocate(data, redistribute=True, rounding=rounding)
    weights = [int(Decimal(s) * 10**6) for s in shares]
    for t, (pool, row) in enumerate(zip(pools, used, strict=True)):
        allocated = result.new.allocated[t].tolist()
        back = int(result.new.returned[t].sum())
        assert sum(allocated) + back == pool
        assert all(0 <= a <= u for a, u in zip(allocated, row, strict=True))
        expected = redistribution_rounds(
            key, weights, result.share[t].tolist(), row, ties(rounding, t, len(row))
        )
        assert (allocated, back) == expected
