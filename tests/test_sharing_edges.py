"""Shared production at its edges: redistribution over several rounds (against a plain
reference), manual shares with mixed numbers of decimals, the 2**31 and 2**63 boundaries of
the exact arithmetic, refused negative weights, and end to end from CSV text to CSV text over
DST days, a leap day and the year boundary.
"""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from elhub_cim.sharing import (
    IntervalData,
    Key,
    SharingError,
    SharingSetup,
    allocate,
    read_series,
    setup_from_mapping,
    split_largest_remainder,
)
from elhub_cim.sharing.engine import _fixed_point, manual_weights

from .strategies import oslo_moments

OSLO = ZoneInfo("Europe/Oslo")
T0 = datetime(2026, 8, 10, 12, 0, tzinfo=OSLO)
P, A, B, C = "707057500000000001", "707057500000000011", "707057500000000012", "707057500000000013"
MILLION = 10**6


# --- a plain reference: Python integers, one interval at a time --------------------------------


def split(total: int, weights: Sequence[int], rank: Sequence[int] | None = None) -> list[int]:
    """Largest remainder, ties to the higher ``rank`` (default: to the lower index); written
    from the definition, not the engine."""
    weight_sum = sum(weights)
    if weight_sum == 0:
        return [0] * len(weights)
    ranks = rank if rank is not None else [-i for i in range(len(weights))]
    exact = [(total * w, weight_sum) for w in weights]
    parts = [numerator // denominator for numerator, denominator in exact]
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i][0] % weight_sum), -ranks[i]))
    for i in order[: total - sum(parts)]:
        parts[i] += 1
    return parts


def redistributed(key: Key, shares: Sequence[int], pool: int, used: Sequence[int]) -> list[int]:
    """What each recipient finally gets: its share capped by its consumption, then what is
    left offered to the uncovered ones by the key, until nothing is left or all are covered."""
    n = len(used)
    if key is Key.EQUAL:
        base = [1] * n
    elif key is Key.MANUAL:
        base = list(shares)
    else:
        base = list(used) if sum(used) else [1] * n
    return redistribution_rounds(key, shares, split(pool, base), used)[0]


def redistribution_rounds(
    key: Key,
    shares: Sequence[int],
    share: Sequence[int],
    used: Sequence[int],
    rank: Sequence[int] | None = None,
) -> tuple[list[int], int]:
    """The new model's allocation of one interval after redistribution, from each recipient's
    ``share``, and what goes back: the unused part offered round after round to the uncovered
    recipients by the key, ties by ``rank`` (see :func:`split`)."""
    given = [min(s, u) for s, u in zip(share, used, strict=True)]
    left = sum(share) - sum(given)
    while left > 0:
        need = [u - g for u, g in zip(used, given, strict=True)]
        if key is Key.EQUAL:
            weights = [1 if x > 0 else 0 for x in need]
        elif key is Key.MANUAL:
            weights = [w if x > 0 else 0 for w, x in zip(shares, need, strict=True)]
        else:
            weights = [u if x > 0 else 0 for u, x in zip(used, need, strict=True)]
        if sum(weights) == 0:
            break
        extra = [min(e, x) for e, x in zip(split(left, weights, rank), need, strict=True)]
        given = [g + e for g, e in zip(given, extra, strict=True)]
        left -= sum(extra)
    return given, left


def one_interval(
    key: Key, pool: int, used: Sequence[int], shares: dict[str, str] | None = None
) -> tuple[list[int], int]:
    ids = tuple(f"7070575000000001{n:02d}" for n in range(len(used)))
    setup = SharingSetup(
        contributors=(P,),
        recipients=ids,
        key=key,
        shares={ids[i]: Decimal(v) for i, v in enumerate((shares or {}).values())},
        resolution=Decimal(1),
    )
    data = IntervalData.from_arrays(
        setup, T0, 15, np.array([[pool]], dtype=np.int64), np.array([used], dtype=np.int64)
    )
    result = allocate(data, redistribute=True)
    return result.new.allocated.tolist()[0], int(result.new.returned.sum())


# --- redistribution -----------------------------------------------------------------------------


def test_equal_key_redistributes_over_several_rounds() -> None:
    # shares 100 each; A uses 50: 50 offered to B and C (25 each); B can take only 10, so 15
    # are offered again, to C alone.
    assert one_interval(Key.EQUAL, 300, [50, 110, 200]) == ([50, 110, 140], 0)
    assert redistributed(Key.EQUAL, [], 300, [50, 110, 200]) == [50, 110, 140]


def test_manual_key_redistributes_by_the_shares_not_equally() -> None:
    shares = {"a": "0.5", "b": "0.125", "c": "0.375"}
    # A uses nothing: its 500 go to B and C in proportion 125:375
    assert one_interval(Key.MANUAL, 1000, [0, 1000, 1000], shares) == ([0, 250, 750], 0)
    # three rounds: C is covered first, then B, and the rest goes back
    assert one_interval(Key.MANUAL, 1000, [0, 300, 400], shares) == ([0, 300, 400], 300)
    # B needs 175 more and C 625: the 400 left go 100 and 300 (125:375), both still uncovered
    assert one_interval(Key.MANUAL, 1000, [100, 300, 1000], shares) == ([100, 225, 675], 0)


def test_manual_key_offers_everything_to_the_one_uncovered_recipient() -> None:
    # A uses nothing: all of its 500 go to B, who needs 1 500 more; only recipients that are
    # not covered take part in a round, so nothing is held back for A
    assert one_interval(Key.MANUAL, 1000, [0, 2000], {"a": "0.5", "b": "0.5"}) == ([0, 1000], 0)
    assert one_interval(Key.MANUAL, 1000, [0, 2000, 0], {"a": "0.4", "b": "0.2", "c": "0.4"}) == (
        [0, 1000, 0],
        0,
    )


def test_intervals_redistribute_independently_over_different_numbers_of_rounds() -> None:
    """The first interval needs two rounds (15 units go round again), the second is done after
    one (its 50 spare units cover nobody fully): nothing more happens to the second while the
    first goes on."""
    setup = SharingSetup(contributors=(P,), recipients=(A, B, C), key=Key.EQUAL)
    used = np.array([[50, 110, 200], [50, 1000, 1000]], dtype=np.int64)
    data = IntervalData.from_arrays(setup, T0, 15, np.array([300, 300]), used)
    result = allocate(data, redistribute=True)
    assert result.new.allocated.tolist() == [[50, 110, 140], [50, 125, 125]]
    assert result.new.returned.tolist() == [[0], [0]]
    for row, pool in zip(used.tolist(), (300, 300), strict=True):
        assert redistributed(Key.EQUAL, [], pool, row) in result.new.allocated.tolist()


def test_consumption_key_redistributes_to_the_uncovered_only() -> None:
    """carry can give a unit to a recipient that consumes nothing (it was owed one): with
    redistribution it goes to one that needs it, however many covered recipients come first.

    First interval: consumption 1, 1, 2, 2, 2 and 3 units: the three largest quotas (0.75) get
    one each. Second: only the last three consume (1 each) and 1 unit is shared: the first
    recipient is owed most (0.375 against 0.083), so carry gives it the unit, which it cannot
    use; redistribution offers it to the three that consume, ties to the lowest id."""
    recipients = tuple(f"7070575000000001{i:02d}" for i in range(5))
    setup = SharingSetup(contributors=(P,), recipients=recipients, key=Key.CONSUMPTION)
    used = np.array([[1, 1, 2, 2, 2], [0, 0, 1, 1, 1]], dtype=np.int64)
    data = IntervalData.from_arrays(setup, T0, 15, np.array([3, 1]), used)
    plain = allocate(data)
    assert plain.share.tolist() == [[0, 0, 1, 1, 1], [1, 0, 0, 0, 0]]
    assert plain.new_returned.tolist() == [[0], [1]]
    shared = allocate(data, redistribute=True)
    assert shared.new.allocated.tolist() == [[0, 0, 1, 1, 1], [0, 0, 1, 0, 0]]
    assert shared.new_returned.tolist() == [[0], [0]]


def test_consumption_key_without_consumption_gives_everything_back() -> None:
    assert one_interval(Key.CONSUMPTION, 7, [0, 0, 0]) == ([0, 0, 0], 7)
    assert one_interval(Key.CONSUMPTION, 700, [1, 2, 3]) == ([1, 2, 3], 694)


@st.composite
def rounds(draw: st.DrawFn) -> tuple[Key, dict[str, str], int, list[int]]:
    n = draw(st.integers(1, 8))
    key = draw(st.sampled_from(list(Key)))
    shares: dict[str, str] = {}
    if key is Key.MANUAL:
        cuts = sorted(draw(st.lists(st.integers(0, 1000), min_size=n - 1, max_size=n - 1)))
        bounds = [0, *cuts, 1000]
        shares = {str(i): str(Decimal(bounds[i + 1] - bounds[i]).scaleb(-3)) for i in range(n)}
    pool = draw(st.integers(0, 5000))
    used = draw(st.lists(st.integers(0, 2000), min_size=n, max_size=n))
    return key, shares, pool, used


@given(rounds())
def test_redistribution_matches_the_reference(
    case: tuple[Key, dict[str, str], int, list[int]],
) -> None:
    key, shares, pool, used = case
    weights = [int(Decimal(v) * 1000) for v in shares.values()]
    expected = redistributed(key, weights, pool, used)
    assert one_interval(key, pool, used, shares) == (expected, pool - sum(expected))


# --- manual shares with mixed decimals ----------------------------------------------------------


def test_manual_shares_with_different_numbers_of_decimals() -> None:
    setup = SharingSetup(
        contributors=(P,),
        recipients=(A, B, C),
        key=Key.MANUAL,
        shares={A: Decimal("0.5"), B: Decimal("0.25"), C: Decimal("0.25")},
    )
    weights, total = manual_weights(setup)
    assert (weights.tolist(), total) == ([50, 25, 25], 100)
    # 7 units: quotas 3.5, 1.75, 1.75: floors 3, 1, 1; the two spare units to B and C (.75)
    data = IntervalData.from_arrays(
        setup, T0, 15, np.array([7, 100], dtype=np.int64), np.zeros((2, 3), dtype=np.int64)
    )
    assert allocate(data).share.tolist() == [[3, 2, 2], [50, 25, 25]]
    other = SharingSetup(
        contributors=(P,),
        recipients=(A, B, C),
        key=Key.MANUAL,
        shares={A: Decimal("0.125"), B: Decimal("0.5"), C: Decimal("0.375")},
    )
    assert manual_weights(other)[0].tolist() == [125, 500, 375]
    assert manual_weights(other)[1] == 1000
    # whole shares: no decimals, the weights are the shares themselves
    whole = SharingSetup(
        contributors=(P,), recipients=(A, B), key=Key.MANUAL, shares={A: Decimal(1), B: Decimal(0)}
    )
    assert (manual_weights(whole)[0].tolist(), manual_weights(whole)[1]) == ([1, 0], 1)


def test_manual_weights_only_for_a_manual_key() -> None:
    setup = SharingSetup(contributors=(P,), recipients=(A,), key=Key.EQUAL)
    with pytest.raises(ValueError, match=r"^only a manual key has shares$"):
        manual_weights(setup)


@pytest.mark.parametrize(
    ("recipients", "shares"),
    [
        ((A, B), {A: Decimal("0.5"), B: Decimal("0.4")}),
        ((A, B), {A: Decimal("0.5"), B: Decimal("0.55")}),
        ((), {}),
    ],
)
def test_manual_weights_refuse_shares_changed_after_their_check(
    recipients: tuple[str, ...], shares: dict[str, Decimal]
) -> None:
    """A set-up checks that its shares sum to 1; one changed afterwards (it is frozen, but
    Python lets it be forced) is refused by the weights, not allocated."""
    setup = SharingSetup(
        contributors=(P,), recipients=(A, B), key=Key.MANUAL, shares={A: Decimal(1), B: Decimal(0)}
    )
    object.__setattr__(setup, "recipients", recipients)
    object.__setattr__(setup, "shares", shares)
    with pytest.raises(ValueError, match=r"^manual shares must sum to exactly 1$"):
        manual_weights(setup)


# --- the limits of exact arithmetic -------------------------------------------------------------


@pytest.mark.parametrize(
    ("totals", "weights", "expected"),
    [
        ([2**31], [1], [[2**31]]),
        ([2**31 - 1], [1], [[2**31 - 1]]),
        ([2**31 + 1], [1, 1], [[2**30 + 1, 2**30]]),
        ([2**32 + 3], [1, 1, 2], [[2**30 + 1, 2**30 + 1, 2**31 + 1]]),
        ([2**53], [1], [[2**53]]),
        ([2**53 - 1], [1, 1], [[2**52, 2**52 - 1]]),
        ([2**53 + 1], [1, 1], [[2**52 + 1, 2**52]]),
        ([2**62 - 1], [1, 1], [[2**61, 2**61 - 1]]),
        ([2**63 - 1], [1], [[2**63 - 1]]),
        ([2**63 - 1], [1, 0], [[2**63 - 1, 0]]),
        ([5, 0, 2**31], [0, 0], [[0, 0], [0, 0], [0, 0]]),
        # products below 2**53 (float64), keys remainder·columns + tie-break past it
        ([1], [2**51] * 3, [[1, 0, 0]]),
        ([1, 0], [2**50, 2**51, 2**51], [[0, 1, 0], [0, 0, 0]]),
    ],
)
def test_split_at_the_integer_boundaries(
    totals: list[int], weights: list[int], expected: list[list[int]]
) -> None:
    assert split_largest_remainder(totals, weights).tolist() == expected
    for total, row in zip(totals, expected, strict=True):
        assert row == split(total, weights)


@pytest.mark.parametrize(
    ("totals", "weights"),
    [
        ([2**62], [1, 1]),  # total · weight sum = 2**63 exactly
        ([2**61], [1, 3]),  # 2**63 again
        ([1], [2**62, 2**62 - 1, 1]),  # a weight sum of 2**63 (it wrapped around once)
        ([0], [2**62, 0]),  # keys: weight sum · columns = 2**63 exactly
        ([1, 1], [[1, 1], [2**62, 1]]),  # keys, in the second row only
        ([1], [2**62, 2**62]),  # a weight sum of exactly 2**63 (it would wrap around to -2**63)
        ([1], [2**59] * 4),  # keys: weight sum · columns = 2**63, every weight far below it
    ],
)
def test_split_refuses_products_from_2_to_the_63(totals: list[int], weights: list[int]) -> None:
    with pytest.raises(SharingError) as caught:
        split_largest_remainder(totals, weights)
    assert caught.value.code == "SHARE_RANGE"
    # ... and says what to do
    assert [p.message for p in caught.value.problems] == [
        "volumes too large for exact 64-bit arithmetic at this resolution "
        "(use a coarser resolution)"
    ]


def test_allocate_refuses_a_pool_past_2_to_the_63() -> None:
    """Volumes are limited when read (2**42 units), so only hand-made interval data (many
    contributors) reaches the pool's limit: refused, not wrapped around."""
    setup = SharingSetup(contributors=("1", "2"), recipients=(A,), key=Key.EQUAL)

    def data(produced: int) -> IntervalData:
        production = np.array([[produced, produced]], dtype=np.int64)
        consumption = np.array([[min(2 * produced, 2**63 - 1)]], dtype=np.int64)  # none back
        return IntervalData(setup, 0, 900, production, consumption)

    with pytest.raises(SharingError) as caught:
        allocate(data(2**62))
    assert caught.value.code == "SHARE_RANGE"
    assert allocate(data(2**41)).share.tolist() == [[2**42]]


@pytest.mark.parametrize("weights", [[3, 5], [[3, 5], [1, 1]]])
@pytest.mark.parametrize("kind", [np.uint64, np.uint32, np.int32])
def test_split_takes_arrays_of_any_integer_type(weights: list[int], kind: type) -> None:
    """Totals and weights as unsigned or narrower integer arrays (as read from a file) split
    exactly as Python integers do, on the float64 path and on the integer path (products past
    2**53)."""
    totals = [7, 2**50 + 5] if kind is np.uint64 else [7, int(np.iinfo(kind).max)]
    rows = weights if isinstance(weights[0], list) else [weights] * 2
    expected = [split(total, row) for total, row in zip(totals, rows, strict=True)]
    found = split_largest_remainder(np.array(totals, dtype=kind), np.array(weights, dtype=kind))
    assert found.tolist() == expected
    assert found.dtype == np.int64


@pytest.mark.parametrize("key", [Key.MANUAL, Key.EQUAL, Key.CONSUMPTION])
def test_allocate_refuses_a_pool_of_2_to_the_63_under_every_key_and_rule(key: Key) -> None:
    """Two contributors' 2**62 each (hand-made interval data) sum to 2**63: refused under every
    key and rounding rule, with and without redistribution, never wrapped around."""
    shares = {A: Decimal("0.25"), B: Decimal("0.5"), C: Decimal("0.25")}
    setup = SharingSetup(
        contributors=("1", "2"),
        recipients=(A, B, C),
        key=key,
        shares=shares if key is Key.MANUAL else {},
    )
    production = np.array([[2**62, 2**62], [3, 3]], dtype=np.int64)
    for used in ([0, 0, 0], [2**62, 1, 3]):
        consumption = np.array([used, [1, 1, 1]], dtype=np.int64)
        data = IntervalData(setup, 0, 900, production, consumption)
        for rounding in ("lowest-id", "rotate", "carry"):
            for redistribute in (False, True):
                with pytest.raises(SharingError) as caught:
                    allocate(data, rounding=rounding, redistribute=redistribute)
                assert caught.value.code == "SHARE_RANGE", (used, rounding, redistribute)


@pytest.mark.parametrize("kernel", ["off", "on"])
def test_manual_carry_refuses_a_run_whose_production_sums_to_2_to_the_63(
    kernel: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The manual key's ``carry`` works from the production summed since the run's first
    interval: a run whose production sums to 2**63 is refused (it wrapped around and the
    repairs never ended), one unit less is allocated exactly (hand-made interval data)."""
    monkeypatch.setenv("ELHUB_CIM_SHARING_KERNEL", kernel)
    shares = {A: Decimal("0.25"), B: Decimal("0.75")}
    setup = SharingSetup(contributors=(P,), recipients=(A, B), key=Key.MANUAL, shares=shares)
    consumption = np.zeros((2, 2), dtype=np.int64)
    refused = IntervalData(setup, 0, 900, np.array([[2**62], [2**62]]), consumption)
    with pytest.raises(SharingError) as caught:
        allocate(refused)
    assert caught.value.code == "SHARE_RANGE"
    kept = IntervalData(setup, 0, 900, np.array([[2**62], [2**62 - 1]]), consumption)
    assert allocate(kept).share.tolist() == [[2**60, 3 * 2**60], [2**60, 3 * 2**60 - 1]]


@pytest.mark.parametrize(
    ("totals", "weights"),
    [([10], [5, -1]), ([10], [-1]), ([-1], [1, 1]), ([3, 4], [[1, 1], [2, -2]])],
)
def test_negative_totals_and_weights_are_refused(totals: list[int], weights: object) -> None:
    with pytest.raises(ValueError, match=r"^totals and weights must be non-negative$"):
        split_largest_remainder(totals, weights)


_SHAPES = r"^totals must be 1-D and weights \(rows, columns\) or \(columns,\)$"


@pytest.mark.parametrize(
    ("totals", "weights", "message"),
    [
        ([1], [], _SHAPES),
        ([[1]], [1], _SHAPES),
        ([1, 2], [[1, 1]], r"^one row of weights per total$"),
        ([1], [[[1]]], _SHAPES),
    ],
)
def test_split_refuses_wrong_shapes(totals: object, weights: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        split_largest_remainder(totals, weights)


def test_the_consumption_key_refuses_quotas_of_exactly_2_to_the_63() -> None:
    """Production times the consumption sum must stay below 2**63 (the exact integer path):
    at exactly 2**63 the interval is refused, one unit of consumption less it is allocated."""

    def shares(used: list[int]) -> list[list[int]]:
        setup = SharingSetup(contributors=(P,), recipients=(A, B), key=Key.CONSUMPTION)
        data = IntervalData.from_arrays(
            setup, T0, 15, np.array([2**32], dtype=np.int64), np.array([used], dtype=np.int64)
        )
        result: list[list[int]] = allocate(data).share.tolist()
        return result

    with pytest.raises(SharingError) as caught:
        shares([2**30, 2**30])  # 2**32 · 2**31
    assert caught.value.code == "SHARE_RANGE"
    # one interval: carry is the largest remainder (the plain reference above)
    assert shares([2**30, 2**30 - 1]) == [split(2**32, [2**30, 2**30 - 1])]


# --- daylight-saving days ----------------------------------------------------------------------


@given(oslo_moments(), st.sampled_from(list(Key)), st.integers(0, 10**6))
def test_allocation_on_any_day_includes_the_transition_days(
    start: datetime, key: Key, pool: int
) -> None:
    """Intervals starting anywhere (strategies favour the DST transition days) allocate the
    same as anywhere else: interval data is built on UTC steps."""
    start = start.replace(minute=start.minute - start.minute % 15, second=0, microsecond=0)
    setup = SharingSetup(
        contributors=(P,),
        recipients=(A, B),
        key=key,
        shares={A: Decimal("0.25"), B: Decimal("0.75")} if key is Key.MANUAL else {},
    )
    count = 8
    consumption = np.full((count, 2), 10**5, dtype=np.int64)
    production = np.full(count, pool, dtype=np.int64)
    data = IntervalData.from_arrays(setup, start, 15, production, consumption)
    starts = [s.astimezone(UTC) for s in data.start_datetimes()]
    assert starts[0] == start.astimezone(UTC)
    assert all(b - a == timedelta(minutes=15) for a, b in itertools.pairwise(starts))
    result = allocate(data)
    weights = [1, 3] if key is Key.MANUAL else [1, 1]
    # every interval splits the whole pool within one unit of each quota (which recipient gets a
    # spare unit may rotate from interval to interval: the rounding rule decides, not the day)
    for row in result.share.tolist():
        assert sum(row) == pool
        for part, weight in zip(row, weights, strict=True):
            assert abs(part * sum(weights) - pool * weight) < sum(weights)


def test_redistribution_gives_a_single_unit_to_a_recipient_short_of_exactly_one() -> None:
    """The consumption key with ``carry``: five recipients consume 1 each and 3 units are
    shared; then only three of them consume and 1 unit is shared, which carry pays to a
    recipient owed from the first interval that consumes nothing now (docs/sharing.md). The new
    model gives that unit back; with redistribution it goes to a consumer short of exactly one
    unit instead (by consumption; the tie goes by carry's rotating order, which starts at the
    second recipient in the second interval), and nothing goes back."""
    recipients = tuple(f"7070575000000001{i:02d}" for i in range(5))
    setup = SharingSetup(contributors=(P,), recipients=recipients, key=Key.CONSUMPTION)
    first = allocate(
        IntervalData.from_arrays(setup, T0, 15, np.array([3]), np.ones((1, 5), dtype=np.int64))
    ).share[0]
    ahead = first == 1
    consumption = np.array([[1] * 5, ahead.astype(int).tolist()], dtype=np.int64)
    data = IntervalData.from_arrays(setup, T0, 15, np.array([3, 1]), consumption)
    plain = allocate(data)
    assert plain.share[1][~ahead].sum() == 1
    assert plain.new_returned[1].tolist() == [1]
    shared = allocate(data, redistribute=True)
    allocated = shared.new.allocated[1]
    receiver = next(i for i in ((1 + k) % 5 for k in range(5)) if ahead[i])
    assert allocated.tolist() == [1 if i == receiver else 0 for i in range(5)]
    assert shared.new_returned[1].tolist() == [0]


@pytest.mark.parametrize("rounding", ["lowest-id", "rotate", "carry"])
def test_redistribution_breaks_ties_by_the_rounding_rule(rounding: str) -> None:
    """The equal key, four recipients: the first consumes nothing, so the unit it cannot use goes
    round the other three, whose remainders always tie. ``lowest-id`` gives it to the second
    recipient in every interval; ``rotate`` and ``carry`` in an order that rotates by one
    recipient every interval (the first recipient's turn passes to the next one that needs it),
    as the rounding rule does for the shares themselves."""
    ids = tuple(f"7070575000000001{i:02d}" for i in range(4))
    setup = SharingSetup(contributors=(P,), recipients=ids, key=Key.EQUAL)
    intervals = 8
    used = np.array([[0, 10, 10, 10]] * intervals, dtype=np.int64)
    data = IntervalData.from_arrays(setup, T0, 15, np.full(intervals, 4), used)
    result = allocate(data, redistribute=True, rounding=rounding)
    allocated = result.new.allocated.tolist()
    assert result.new.returned.sum() == 0
    for t, row in enumerate(allocated):
        assert sum(row) == 4
        if rounding == "lowest-id":
            receiver = 1
        else:
            receiver = next(c for c in ((t + k) % 4 for k in range(4)) if c != 0)
        assert row == [0] + [2 if c == receiver else 1 for c in (1, 2, 3)], (t, row)
    totals = np.array(allocated).sum(axis=0).tolist()
    assert totals == ([0, 16, 8, 8] if rounding == "lowest-id" else [0, 12, 10, 10])


# --- carry with large consumption: the exact fixed-point fractions -------------------------------


@pytest.mark.parametrize(
    ("production", "consumption"),
    [
        (10**6, 2**20),  # W up to 2**22: past 2**21, so the fractions need integer division
        (10**4, 2**30),  # one long-division step of 30 bits and one of 2
        (2**19, 2**41 - 1),  # W near 2**43: steps of 19 bits
        (2**34, 2**18),  # P·W past 2**53 with W below 2**21: the float fractions
    ],
)
def test_carry_with_large_volumes_matches_its_reference(production: int, consumption: int) -> None:
    """The consumption key's ``carry`` fractions (2**-32 of a unit, rounded down) are exact on
    every arithmetic path: the vectorised engine equals the plain Python-integer rule."""
    from .test_sharing import carry_reference

    rng = np.random.default_rng(production % 1000 + consumption % 1000)
    recipients = tuple(f"7070575000000001{i:02d}" for i in range(4))
    setup = SharingSetup(contributors=(P,), recipients=recipients, key=Key.CONSUMPTION)
    count = 40
    pool = rng.integers(0, production, size=count)
    used = rng.integers(0, consumption, size=(count, 4))
    used[::7, 1] = consumption - 1  # the largest weight sums too
    used[3] = 0  # nobody consumes: an equal split
    data = IntervalData.from_arrays(setup, T0, 15, pool, used)
    share = allocate(data).share
    assert share.tolist() == carry_reference(setup, data)
    assert (share.sum(axis=1) == pool).all()


@given(
    st.lists(
        st.integers(1, 2**43).flatmap(lambda w: st.tuples(st.just(w), st.integers(0, w - 1))),
        min_size=1,
        max_size=6,
    )
)
def test_fixed_point_fractions_are_the_exact_floor(rows: list[tuple[int, int]]) -> None:
    """``floor(rest · 2**32 / W)`` for every ``rest < W``, exactly (Python integers), whatever
    the largest ``W`` of the batch: float64, one or several steps of integer long division."""
    # rests whose exact quotient lies 1/W below a whole number, where a float64 division
    # (correctly rounded to 2**-21 near 2**32) would round up: W past 2**22 needs integers
    close = [(w, (-pow(2**32, -1, w)) % w) for w in (2**22 + 1, 2**30 + 1, 2**43 - 1)]
    for batch in (rows, [*rows, (2**21, 2**21 - 1)], [*rows, (2**43, 2**43 - 1)], close):
        sums = np.array([w for w, _ in batch], dtype=np.int64)
        rests = np.array([[r, r // 2, 0] for _, r in batch], dtype=np.int64)
        expected = [[(r << 32) // w, ((r // 2) << 32) // w, 0] for w, r in batch]
        assert _fixed_point(rests, sums).tolist() == expected


# --- rotate: ties go round every recipient, one further each interval ---------------------------


@pytest.mark.parametrize("key", [Key.MANUAL, Key.CONSUMPTION])
@pytest.mark.parametrize("spare", [1, 2, 4])
def test_rotate_gives_tied_spare_units_in_turn_to_five_recipients(key: Key, spare: int) -> None:
    """Five recipients with equal quotas and ``spare`` leftover units per interval: interval
    ``t`` gives them to recipients ``t, t + 1, ...`` (mod 5), so over five intervals every
    recipient gets ``spare`` units."""
    recipients = tuple(f"7070575000000001{i:02d}" for i in range(5))
    setup = SharingSetup(
        contributors=(P,),
        recipients=recipients,
        key=key,
        shares={mp: Decimal("0.2") for mp in recipients} if key is Key.MANUAL else {},
    )
    count = 12
    production = np.full(count, 5 * 3 + spare, dtype=np.int64)
    data = IntervalData.from_arrays(
        setup, T0, 15, production, np.full((count, 5), 7, dtype=np.int64)
    )
    share = allocate(data, rounding="rotate").share
    expected = [[3 + ((r - t) % 5 < spare) for r in range(5)] for t in range(count)]
    assert share.tolist() == expected


def test_rotate_counts_intervals_across_chunks_and_nights() -> None:
    """The turn is the interval's place in the series, also in later chunks of intervals and
    after a night without production (1 000 recipients: 131 intervals per chunk)."""
    n = 1000
    recipients = tuple(f"707057501{i:09d}" for i in range(n))
    setup = SharingSetup(contributors=(P,), recipients=recipients, key=Key.CONSUMPTION)
    count = 400
    production = np.ones(count, dtype=np.int64)
    production[150:170] = 0  # a night: skipped by the engine
    data = IntervalData.from_arrays(setup, T0, 15, production, np.ones((count, n), dtype=np.int64))
    share = allocate(data, rounding="rotate").share
    producing = np.flatnonzero(production)
    assert share[producing].argmax(axis=1).tolist() == producing.tolist()
    assert share.sum(axis=1).tolist() == production.tolist()


# --- carry's sort keys: how close two owed fractions may be and still be told apart ------------


def _manual_unit(weights: Sequence[int]) -> list[int]:
    """Who gets the one unit of a single interval under the manual key with these shares
    (millionths; with ``carry``)."""
    ids = tuple(f"707057500001{n:06d}" for n in range(len(weights)))
    setup = SharingSetup(
        contributors=(P,),
        recipients=ids,
        key=Key.MANUAL,
        shares={i: Decimal(w) / MILLION for i, w in zip(ids, weights, strict=True)},
        resolution=Decimal(1),
    )
    pool = np.array([[1]], dtype=np.int64)
    data = IntervalData.from_arrays(setup, T0, 15, pool, np.zeros((1, len(ids)), dtype=np.int64))
    return [i for i, share in enumerate(allocate(data).share.tolist()[0]) if share]


def test_carry_tells_manual_shares_apart_by_one_millionth() -> None:
    """Manual shares have at most six decimals and a sharing at most 1 000 recipients, so the
    sort keys hold every owed fraction exactly: one unit goes to the largest share even when
    the next one, in a lower column, is only a millionth smaller."""
    assert _manual_unit([249996, 250001, 250002, 250001]) == [2]
    # 512 recipients (the largest count whose keys still fit 31 bits exactly): 2002 beats 2001
    weights = [1952, 2001, 2002, *([1952] * 32), *([1953] * 477)]
    assert (sum(weights), len(weights)) == (MILLION, 512)
    assert _manual_unit(weights) == [2]


def _consumption_unit(used: Sequence[int]) -> list[int]:
    ids = tuple(f"707057500001{n:06d}" for n in range(len(used)))
    setup = SharingSetup(
        contributors=(P,), recipients=ids, key=Key.CONSUMPTION, resolution=Decimal(1)
    )
    data = IntervalData.from_arrays(
        setup, T0, 15, np.array([[1]], dtype=np.int64), np.array([used], dtype=np.int64)
    )
    return [i for i, share in enumerate(allocate(data).share.tolist()[0]) if share]


def test_carry_ranks_consumption_fractions_to_a_sixteenth_of_2_to_the_minus_32() -> None:
    """The consumption key owes each recipient ``c / W`` of the one unit, kept as
    ``floor(c·2**32 / W)`` (2**-32 of a unit); with three recipients the sort keys keep those
    to 2**-28 (they must fit 31 bits with the column): fractions rounded up to the same
    sixteenth are a tie, which the lower column wins, and one sixteenth more wins."""
    # fractions 1431656097 and 1431656105 (·2**-32): both round up to 89478507 sixteenths
    assert _consumption_unit([1431654762, 1431655765, 1431655773]) == [1]
    # 1431656097 and 1431656113: 89478507 and 89478508 sixteenths
    assert _consumption_unit([1431654754, 1431655765, 1431655781]) == [2]
    # 1431656110 and 1431656111: both round up to 89478507 sixteenths, a tie
    assert _consumption_unit([1431654765, 1431655800, 1431655801]) == [1]
    # and exactly equal consumption: the lower column
    assert _consumption_unit([1431654754, 1431655765, 1431655765]) == [1]
    # the first's c·2**32 / W is 1/W below a whole number k = 16·m + 1: kept as k − 1, in
    # the sixteenth below the second's (k + 1); rounded to nearest (as float64 division would)
    # it would be k, the second's sixteenth, and the tie would go to the first
    assert _consumption_unit([1495834793, 1495834794, 1299103646]) == [1]


@pytest.mark.parametrize(
    ("totals", "weights"),
    [
        # the exact integer path (P·W from 2**53): several rows, each with its own leftover
        ([2**53 + 1, 2**53 + 2, 2**53 + 5], [[1, 1, 1], [3, 1, 1], [1, 2, 4]]),
        ([2**58 + 7, 2**57 + 3], [[5, 2, 2, 1], [1, 1, 1, 1]]),
    ],
)
def test_several_rows_on_the_integer_path_match_the_reference(
    totals: list[int], weights: list[list[int]]
) -> None:
    expected = [split(t, w) for t, w in zip(totals, weights, strict=True)]
    assert split_largest_remainder(totals, weights).tolist() == expected


@pytest.mark.parametrize("rounding", ["rotate", "lowest-id"])
def test_every_interval_with_production_is_allocated_between_long_nights(rounding: str) -> None:
    """Runs of intervals with production separated by nights longer than the engine skips
    (the first run a single interval): each interval's production is shared in full."""
    setup = SharingSetup(contributors=(P,), recipients=(A, B, C), key=Key.EQUAL)
    production = np.zeros(40, dtype=np.int64)
    production[[0, 12, 13, 14, 30]] = [5, 7, 1, 4, 2]
    data = IntervalData.from_arrays(setup, T0, 15, production, np.zeros((40, 3), dtype=np.int64))
    share = allocate(data, rounding=rounding).share
    assert share.sum(axis=1).tolist() == production.tolist()


@pytest.mark.parametrize("redistribute", [False, True])
@pytest.mark.parametrize("kernel", ["off", "on"])
def test_a_refused_interval_returns_nothing_and_the_results_are_read_only(
    kernel: str, redistribute: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """B has no reading in the third interval: the new model refuses it (it needs B's own
    consumption), so nothing is said to go back to the contributor there; the other intervals
    return what they return with every reading. The arrays of a result cannot be changed
    afterwards, by the array engine or by the compiled kernels."""
    from tests.test_sharing import _build, readings_for, seed_setup

    if kernel == "on":
        pytest.importorskip("numba", reason="numba (the fast extra) is not installed")
    monkeypatch.setenv("ELHUB_CIM_SHARING_KERNEL", kernel)
    setup = seed_setup()
    result = allocate(_build(readings_for(skip=(B, 2)), setup), redistribute=redistribute)
    complete = allocate(_build(readings_for(), setup), redistribute=redistribute)

    refused = result.refused("new")
    assert refused.tolist() == [False, False, True, False]
    assert result.new_returned[refused].tolist() == [[0]]
    assert result.new_returned[~refused].tolist() == complete.new_returned[~refused].tolist()
    arrays = [result.share, result.new_returned]
    if redistribute:
        assert result.redistributed_allocation is not None
        arrays.append(result.redistributed_allocation)
    for array in arrays:
        with pytest.raises(ValueError, match="read-only"):
            array[0, 0] = 1


@pytest.mark.parametrize("rounding", ["rotate", "lowest-id"])
@pytest.mark.parametrize("key", list(Key))
def test_threads_write_every_interval_of_the_compiled_split(
    key: Key, rounding: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Three threads over seven intervals (ranges of 2, 2 and 3) give every interval its
    shares: the result is allocated uninitialised, so an interval no thread wrote would show
    whatever the memory held; another allocation of the same shape runs first so that it holds
    other numbers."""
    pytest.importorskip("numba", reason="numba (the fast extra) is not installed")
    monkeypatch.setenv("ELHUB_CIM_SHARING_KERNEL", "on")
    shares = {A: Decimal("0.5"), B: Decimal("0.3"), C: Decimal("0.2")}
    setup = SharingSetup(
        contributors=(P,), recipients=(A, B, C), key=key, shares=shares if key is Key.MANUAL else {}
    )
    rng = np.random.default_rng(7)

    def data() -> IntervalData:
        production = rng.integers(1, 10_000, size=7, dtype=np.int64)
        consumption = rng.integers(0, 5_000, size=(7, 3), dtype=np.int64)
        return IntervalData.from_arrays(setup, T0, 15, production, consumption)

    wanted, other = data(), data()
    expected = allocate(wanted, rounding=rounding, workers=1)
    for _ in range(3):
        allocate(other, rounding=rounding, workers=1)  # leaves other numbers in freed memory
        found = allocate(wanted, rounding=rounding, workers=3)
        assert found.share.tolist() == expected.share.tolist()
        assert found.new_returned.tolist() == expected.new_returned.tolist()


@pytest.mark.parametrize("key", list(Key))
def test_no_intervals_allocate_nothing(key: Key) -> None:
    """A period without intervals (two contributors) gives empty results under every rule,
    with and without redistribution, and says which rule it used."""
    shares = {A: Decimal("0.25"), B: Decimal("0.75")} if key is Key.MANUAL else {}
    setup = SharingSetup(
        contributors=(P, "707057500000000002"), recipients=(A, B), key=key, shares=shares
    )
    none = np.zeros((0, 2), dtype=np.int64)
    data = IntervalData.from_arrays(setup, T0, 15, none, none)
    for rounding in ("carry", "rotate", "lowest-id"):
        for redistribute in (False, True):
            result = allocate(data, rounding=rounding, redistribute=redistribute)
            assert result.share.shape == (0, 2)
            assert result.new_returned.shape == (0, 2)
            assert result.rounding == rounding
            assert result.summary()["rounding"] == rounding


def test_what_goes_back_is_exact_past_2_to_the_53() -> None:
    """One contributor: what goes back is the production less what the recipients can use,
    in exact integer units also where float64 would round (hand-made interval data: volumes
    read from files stay below 2**42)."""
    setup = SharingSetup(contributors=(P,), recipients=(A, B), key=Key.EQUAL)
    production = np.array([[2**53 + 3], [10]], dtype=np.int64)
    consumption = np.array([[0, 0], [2, 2]], dtype=np.int64)
    data = IntervalData(setup, 0, 900, production, consumption)
    for rounding in ("carry", "rotate", "lowest-id"):
        result = allocate(data, rounding=rounding)
        assert result.share.tolist() == [[2**52 + 2, 2**52 + 1], [5, 5]]
        assert result.new_returned.dtype == np.int64
        assert result.new_returned.tolist() == [[2**53 + 3], [6]]


@pytest.mark.parametrize("rounding", ["rotate", "lowest-id"])
def test_nobody_consuming_splits_equally_and_exactly_past_2_to_the_53(rounding: str) -> None:
    """The consumption key with nobody consuming splits the interval equally, in exact
    integers also where float64 would round (hand-made interval data)."""
    setup = SharingSetup(contributors=(P,), recipients=(A, B), key=Key.CONSUMPTION)
    production = np.array([[2**54 + 3], [10]], dtype=np.int64)
    consumption = np.array([[0, 0], [2, 3]], dtype=np.int64)
    result = allocate(IntervalData(setup, 0, 900, production, consumption), rounding=rounding)
    assert result.share.tolist() == [[2**53 + 2, 2**53 + 1], [4, 6]]
    assert result.new_returned.tolist() == [[2**54 + 3], [5]]


@pytest.mark.parametrize("night", [1, 2, 3])
def test_carry_range_check_leaves_out_intervals_without_production(night: int) -> None:
    """carry (consumption key) checks production × consumption sum over the intervals with
    production only: a night whose consumption sum would pass 2**63 with the day's
    production (2**22 · (2**42 − 2)) does not refuse the day."""
    from tests.test_sharing import carry_reference

    setup = SharingSetup(contributors=(P,), recipients=(A, B), key=Key.CONSUMPTION)
    production = np.array([2**22, *([0] * night), 1, 5])
    huge = [2**41 - 1, 2**41 - 1]
    consumption = np.array([[1, 2], *([huge] * night), [1, 2], [3, 1]], dtype=np.int64)
    data = IntervalData.from_arrays(setup, T0, 15, production, consumption)
    share = allocate(data, rounding="carry").share
    assert share.tolist() == carry_reference(setup, data)
    assert share.sum(axis=1).tolist() == production.tolist()


def test_read_series_takes_paths_not_one_path(tmp_path: Path) -> None:
    from elhub_cim.sharing import read_series

    csv = tmp_path / "series.csv"
    for one in (str(csv), csv):
        with pytest.raises(TypeError, match="not one path"):
            read_series(one, 3)  # type: ignore[arg-type]


# --- end to end: CSV text in, CSV text out, checked in Decimal ---------------------------------

#: Starts of runs (UTC) over the days a file can hold at an edge: the 23-hour and the 25-hour day
#: in Oslo, a leap day, the year boundary.
E2E_STARTS = (
    datetime(2026, 3, 28, 23, tzinfo=UTC),
    datetime(2026, 10, 24, 22, tzinfo=UTC),
    datetime(2028, 2, 28, 23, tzinfo=UTC),
    datetime(2026, 12, 31, 20, tzinfo=UTC),
)
#: How the starts are written: UTC, Oslo's offsets, another zone's (the same instants).
E2E_ZONES = (UTC, OSLO, ZoneInfo("Asia/Karachi"))


@st.composite
def csv_cases(draw: st.DrawFn) -> tuple[dict[str, object], int, list[list[str]], int, str, bool]:
    contributors = [f"7070575000000001{n:02d}" for n in range(draw(st.integers(1, 3)))]
    recipients = [f"7070575000000002{n:02d}" for n in range(draw(st.integers(1, 5)))]
    key = draw(st.sampled_from(["equal", "consumption", "manual"]))
    decimals = draw(st.integers(0, 6))
    setup: dict[str, object] = {
        "key": key,
        "resolution": str(Decimal(1).scaleb(-decimals)),
        "contributors": contributors,
        "recipients": recipients,
    }
    if key == "manual":
        cuts = sorted(
            draw(
                st.lists(
                    st.integers(0, MILLION),
                    min_size=len(recipients) - 1,
                    max_size=len(recipients) - 1,
                )
            )
        )
        bounds = [0, *cuts, MILLION]
        setup["recipients"] = [
            {"id": r, "share": str(Decimal(bounds[i + 1] - bounds[i]).scaleb(-6))}
            for i, r in enumerate(recipients)
        ]
    minutes = draw(st.sampled_from([15, 60]))
    start = draw(st.sampled_from(E2E_STARTS))
    zone = draw(st.sampled_from(E2E_ZONES))
    count = draw(st.integers(1, 30)) * 60 // minutes
    largest = draw(st.sampled_from([10, MILLION, 10**9]))
    rows = [
        [
            mp,
            (start + timedelta(minutes=minutes * t)).astimezone(zone).isoformat(),
            str(Decimal(draw(st.integers(0, largest))).scaleb(-decimals)),
        ]
        for t in range(count)
        for mp in contributors + recipients
    ]
    rows = draw(st.permutations(rows))
    rounding = draw(st.sampled_from(["carry", "rotate", "lowest-id"]))
    return setup, minutes, rows, count, rounding, draw(st.booleans())


@given(csv_cases())
def test_csv_in_csv_out_every_interval_balances_to_the_unit(
    tmp_path_factory: pytest.TempPathFactory,
    case: tuple[dict[str, object], int, list[list[str]], int, str, bool],
) -> None:
    """From the files' text to the results' text: any row order, starts written in any zone,
    runs over DST days, a leap day and the year boundary. In every interval the shares sum to
    the production, each model's allocations and returns too, the figures follow the table of
    the two models, and every volume is the one read."""
    setup_data, minutes, rows, count, rounding, redistribute = case
    path = tmp_path_factory.mktemp("e2e") / "series.csv"
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["metering_point", "start", "kwh"])
        writer.writerows(rows)
    setup = setup_from_mapping(setup_data)
    data = IntervalData.build(setup, read_series([path], setup.decimals), interval_minutes=minutes)
    assert data.count == count
    refused: SharingError | None = None
    try:
        result = allocate(data, rounding=rounding, redistribute=redistribute)
    except SharingError as error:
        refused = error
    if refused is not None:  # products beyond 64 bits: refused, never rounded
        assert refused.code == "SHARE_RANGE"
        return
    read = {(mp, datetime.fromisoformat(start)): Decimal(kwh) for mp, start, kwh in rows}
    by_start: dict[str, list[dict[str, str]]] = {}
    for row in csv.DictReader(io.StringIO(result.to_csv().decode("utf-8"))):
        by_start.setdefault(row["start"], []).append(row)
    assert len(by_start) == count
    for start, group in by_start.items():
        moment = datetime.fromisoformat(start)
        for row in group:
            assert Decimal(row["volume"]) == read[(row["metering_point"], moment)]
        sources = [r for r in group if r["role"] == "contributor"]
        takers = [r for r in group if r["role"] == "recipient"]
        produced = sum(Decimal(r["volume"]) for r in sources)
        assert sum(Decimal(r["share"]) for r in takers) == produced
        for model in ("current", "new"):
            allocated = sum(Decimal(r[f"{model}_allocated"]) for r in takers)
            assert allocated + sum(Decimal(r[f"{model}_returned"]) for r in sources) == produced
        for r in takers:
            used, share = Decimal(r["volume"]), Decimal(r["share"])
            assert Decimal(r["current_net_consumption"]) == max(used - share, 0)
            assert Decimal(r["current_surplus"]) == max(share - used, 0)
            assert 0 <= Decimal(r["new_allocated"]) <= used
            assert Decimal(r["new_net_consumption"]) == used - Decimal(r["new_allocated"])
            if not redistribute:
                assert Decimal(r["new_allocated"]) == min(share, used)
