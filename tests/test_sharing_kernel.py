"""The compiled kernels (numba, the ``fast`` extra) give bit for bit the shares and returns of
the array engine and of the plain references: every key and every rounding rule (``carry``,
``rotate``, ``lowest-id``), long runs with repairs, several chunks, the float64 and the integer
arithmetic, the 2**63 refusals (chunk by chunk, as the array engine), manual shares with mixed
decimals, threads."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import numpy as np
import pytest
from hypothesis import given

from elhub_cim.sharing import IntervalData, Key, Rounding, SharingError, SharingSetup, allocate
from elhub_cim.sharing import engine as sharing_engine
from elhub_cim.sharing.errors import SHARE_RANGE
from tests.test_sharing import PROFILE, T0, P, carry_reference, lr_reference, reference, runs

pytest.importorskip("numba", reason="numba (the fast extra) is not installed")


def both(data: IntervalData, **options: Any) -> tuple[Any, Any]:
    """allocate() on the array engine and on the kernels."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ELHUB_CIM_SHARING_KERNEL", "off")
        array = allocate(data, **options)
        patch.setenv("ELHUB_CIM_SHARING_KERNEL", "on")
        compiled = allocate(data, **options)
    return array, compiled


def same(array: Any, compiled: Any) -> None:
    assert compiled.share.tolist() == array.share.tolist()
    assert compiled.new_returned.tolist() == array.new_returned.tolist()
    assert compiled.new.allocated.tolist() == array.new.allocated.tolist()


def rotate_reference(setup: SharingSetup, data: IntervalData) -> list[list[int]]:
    """The ``rotate`` rule, one interval at a time in Python integers: largest remainders, ties
    in an order that rotates by one recipient per interval (interval t: recipient t mod R
    first); the equal key's leftover units round the recipients from where the last interval
    stopped; nobody consuming (consumption key): an equal split, ties to the lowest ids."""
    columns = data.consumption.shape[1]
    pools = data.production.sum(axis=1).tolist()
    shares, turn = [], 0
    for t, (pool, used) in enumerate(zip(pools, data.consumption.tolist(), strict=True)):
        if setup.key is Key.EQUAL:
            base, extra = divmod(pool, columns)
            shares.append([base + ((r - turn) % columns < extra) for r in range(columns)])
            turn = (turn + extra) % columns
            continue
        if setup.key is Key.MANUAL:
            weights = [int(setup.shares[r] * 10**6) for r in setup.recipients]
        elif sum(used):
            weights = used
        else:
            shares.append(lr_reference(pool, [1] * columns))
            continue
        total = sum(weights)
        parts = [pool * w // total for w in weights]
        rests = [pool * w % total for w in weights]
        order = sorted(range(columns), key=lambda r: (-rests[r], (r - t) % columns))
        for r in order[: pool - sum(parts)]:
            parts[r] += 1
        shares.append(parts)
    return shares


def references(setup: SharingSetup, data: IntervalData) -> dict[Rounding, list[list[int]]]:
    return {
        Rounding.CARRY: carry_reference(setup, data),
        Rounding.ROTATE: rotate_reference(setup, data),
        Rounding.LOWEST_ID: reference(setup, data.production, data.consumption).share,
    }


def test_the_kernels_are_used_only_when_asked_or_for_large_inputs(monkeypatch: Any) -> None:
    monkeypatch.setenv("ELHUB_CIM_SHARING_KERNEL", "off")
    assert sharing_engine._kernels(1 << 30) is None
    monkeypatch.setenv("ELHUB_CIM_SHARING_KERNEL", "on")
    assert sharing_engine._kernels(1) is not None
    monkeypatch.delenv("ELHUB_CIM_SHARING_KERNEL")
    assert sharing_engine._kernels(sharing_engine.KERNEL_VALUES - 1) is None
    assert sharing_engine._kernels(sharing_engine.KERNEL_VALUES) is not None


@PROFILE
@given(runs())
def test_kernels_match_the_array_engine_and_the_reference(
    case: tuple[SharingSetup, IntervalData],
) -> None:
    setup, data = case
    expected = references(setup, data)
    for rounding in Rounding:
        for redistribute in (False, True):
            array, compiled = both(data, redistribute=redistribute, rounding=rounding)
            same(array, compiled)
        assert compiled.share.tolist() == expected[rounding], rounding


def test_kernels_across_chunks_repairs_and_idle_intervals() -> None:
    rng = np.random.default_rng(15)
    for key in (Key.MANUAL, Key.CONSUMPTION):
        recipients = tuple(f"7070575000000001{i:02d}" for i in range(40))
        shares = (
            {mp: Decimal(1 if i < 20 else 4).scaleb(-2) for i, mp in enumerate(recipients)}
            if key is Key.MANUAL
            else {}
        )
        setup = SharingSetup(contributors=(P,), recipients=recipients, key=key, shares=shares)
        count = 9_000
        production = rng.integers(0, 60, size=count) * (rng.random(count) < 0.8)
        consumption = rng.integers(0, 5, size=(count, 40)) * (rng.random((count, 40)) < 0.7)
        consumption[::50] = 0  # nobody consumes: an equal split
        data = IntervalData.from_arrays(setup, T0, 15, production, consumption)
        expected = references(setup, data)
        for rounding in Rounding:
            array, compiled = both(data, rounding=rounding)
            same(array, compiled)
            assert compiled.share.tolist() == expected[rounding], (key, rounding)


@pytest.mark.parametrize(
    ("production", "consumption"),
    [
        (10**6, 2**20),  # W past 2**21: integer fractions
        (10**4, 2**30),
        (2**19, 2**41 - 1),  # long division in steps of 19 bits
        (2**34, 2**18),  # P·W past 2**53 with W below 2**21
        (2**31 + 7, 2**28),  # P past 2**31, P·W near 2**62
    ],
)
def test_kernels_on_every_arithmetic_path(production: int, consumption: int) -> None:
    rng = np.random.default_rng(production % 997 + consumption % 991)
    recipients = tuple(f"7070575000000001{i:02d}" for i in range(5))
    setup = SharingSetup(contributors=(P,), recipients=recipients, key=Key.CONSUMPTION)
    count = 60
    pool = rng.integers(0, production, size=count)
    used = rng.integers(0, consumption, size=(count, 5))
    used[::7, 1] = consumption - 1
    used[3] = 0
    used[5, :4] = 0  # one recipient takes the whole pool
    data = IntervalData.from_arrays(setup, T0, 15, pool, used)
    expected = references(setup, data)
    for rounding in Rounding:
        array, compiled = both(data, rounding=rounding)
        same(array, compiled)
        assert compiled.share.tolist() == expected[rounding], rounding


def test_kernels_refuse_what_the_array_engine_refuses(monkeypatch: pytest.MonkeyPatch) -> None:
    recipients = tuple(f"7070575000000001{i:02d}" for i in range(2))
    setup = SharingSetup(contributors=(P,), recipients=recipients, key=Key.CONSUMPTION)
    found = []
    # volumes stay below 2**42 (series.MAX_UNITS); production × weight sum may not
    for produced, used in (
        (2**41, [2**21, 2**21]),
        (2**40, [2**21, 3 * 2**21]),
        (2**40, [2**21, 2**22]),
    ):
        data = IntervalData.from_arrays(
            setup, T0, 15, np.array([produced]), np.array([used], dtype=np.int64)
        )
        for rounding in Rounding:
            outcomes: list[object] = []
            for choice in ("off", "on"):
                monkeypatch.setenv("ELHUB_CIM_SHARING_KERNEL", choice)
                try:
                    outcomes.append(allocate(data, rounding=rounding).share.tolist())
                except SharingError as error:
                    outcomes.append([problem.code for problem in error.problems])
            assert outcomes[0] == outcomes[1], (produced, used, rounding)
        found.append(outcomes[1])
    assert found[:2] == [[SHARE_RANGE], [SHARE_RANGE]]  # P·W = 2**63
    assert found[2] == [[2**40 // 3, 2**41 // 3 + 1]]  # P·W = 1.5·2**61: exact


def test_kernels_with_mixed_decimals_and_many_recipients() -> None:
    # 700 recipients: the selection's sort keys need more than 31 bits (shift > 0) with the
    # consumption key; manual shares with 1 to 6 decimals.
    rng = np.random.default_rng(701)
    recipients = tuple(f"707057501{i:09d}" for i in range(700))
    raw = rng.integers(1, 1000, size=696)
    rest = raw * 889_000 // raw.sum()
    rest[0] += 889_000 - rest.sum()
    weights = np.concatenate([[100_000, 10_000, 1_000, 0], rest])  # 1 to 6 decimals, and a 0
    shares = {
        mp: Decimal(int(w)).scaleb(-6).normalize()
        for mp, w in zip(recipients, weights, strict=True)
    }
    production = rng.integers(0, 200_000, size=300) * (rng.random(300) < 0.7)
    consumption = rng.integers(0, 400, size=(300, 700)) * (rng.random((300, 700)) < 0.9)
    for key in (Key.MANUAL, Key.CONSUMPTION):
        setup = SharingSetup(
            contributors=(P,),
            recipients=recipients,
            key=key,
            shares=shares if key is Key.MANUAL else {},
        )
        data = IntervalData.from_arrays(setup, T0, 15, production, consumption)
        for rounding in Rounding:
            array, compiled = both(data, rounding=rounding)
            same(array, compiled)


def test_the_selection_finds_the_kth_largest_on_every_path() -> None:
    # _cut: the smallest of the k largest unique keys, whatever their spread: one key per bin
    # (span below the bin count), a few per bin (insertion), a crowded cut bin (partition),
    # negative keys, and keys too far apart for int64 differences (a sort of all).
    from elhub_cim.sharing import _kernels

    rng = np.random.default_rng(1515)
    cases = [
        np.arange(40, dtype=np.int64) * 3 - 50,
        rng.permutation(500).astype(np.int64) * 1_000_003 + 17,
        np.concatenate([np.arange(200) + 10**9, rng.choice(10**6, 300, replace=False)]),
        np.concatenate([np.arange(90) - 2**40, [2**61, 2**62 - 1]]),
        np.array([-(2**62), 0, 2**62, 5], dtype=np.int64),
        rng.choice(2**40, 700, replace=False).astype(np.int64) - 2**39,
    ]
    bins, buf = _kernels._selection_buffers(1000)
    for keys in cases:
        keys = rng.permutation(np.asarray(keys, dtype=np.int64))
        ordered = np.sort(keys)[::-1]
        low, high = int(keys.min()), int(keys.max())
        for k in range(-1, keys.size + 2):
            cut = _kernels._cut(keys, k, low, high, bins, buf)
            assert int((keys >= cut).sum()) == max(0, min(k, keys.size)), (keys.size, k)
            if 0 < k <= keys.size:
                assert cut == ordered[k - 1]


def test_the_threshold_marks_exactly_the_k_largest_on_every_path() -> None:
    # _threshold, what every kernel selects with: the counting search on spread-out keys (found
    # at once, after narrowing, by the largest key left below or the smallest above), and the
    # radix selection where the search gives up (bunched keys), for k out of 1..len - 1, for
    # keys 2**62 or more apart and for a key of 2**63 - 1.
    from elhub_cim.sharing import _kernels

    rng = np.random.default_rng(1516)
    cases = [
        np.arange(500, dtype=np.int64),
        np.arange(300, dtype=np.int64) * 7 - 900,
        rng.choice(2**40, 500, replace=False).astype(np.int64),
        rng.choice(600, 500, replace=False).astype(np.int64) - 300,
        np.concatenate([np.arange(200) + 10**9, rng.choice(10**6, 300, replace=False)]),
        2 ** np.arange(62, dtype=np.int64),
        np.array([0, 2**62 - 1, 5, 2**61], dtype=np.int64),
        np.array([0, 2**62, 5, 2**61], dtype=np.int64),
        np.array([-(2**62), 0, 2**62, 5], dtype=np.int64),
        np.array([2**63 - 1, 2**63 - 3, 2**63 - 8, 2**63 - 20], dtype=np.int64),
        np.array([7], dtype=np.int64),
    ]
    bins, buf = _kernels._selection_buffers(500)
    for keys in cases:
        keys = rng.permutation(keys)
        ordered = np.sort(keys)[::-1]
        low, high = int(keys.min()), int(keys.max())
        # (no threshold is above a key of 2**63 - 1: k <= 0 is not asked with such a key)
        for k in range(-1 if high < 2**63 - 1 else 1, keys.size + 2):
            threshold = _kernels._threshold(keys, k, low, high, bins, buf)
            chosen = np.sort(keys[keys >= threshold])[::-1]
            assert chosen.tolist() == ordered[: max(0, k)].tolist(), (keys.size, k)


def test_the_counting_search_takes_few_passes_on_spread_out_keys() -> None:
    # _search: evenly spread keys in one pass for every k; random keys in about three (each
    # exit taken: a count of exactly k, the largest key below the bracket, the smallest above);
    # keys bunched unevenly make it give up after PASSES passes (then the radix selection).
    from elhub_cim.sharing import _kernels

    rng = np.random.default_rng(1517)

    def passes(keys: Any) -> list[int]:
        keys = rng.permutation(np.asarray(keys, dtype=np.int64))
        ordered = np.sort(keys)[::-1]
        low, high = int(keys.min()), int(keys.max())
        counts = []
        for k in range(1, keys.size):
            found, threshold, used = _kernels._search(keys, k, low, high)
            if found:
                assert int((keys >= threshold).sum()) == k
                assert threshold > ordered[k]
                assert threshold <= ordered[k - 1]
            counts.append(used if found else 0)
        return counts

    assert passes(np.arange(500)) == [1] * 499
    spread = passes(rng.choice(2**40, 500, replace=False))
    assert 0 not in spread
    assert sum(spread) / len(spread) < 4, spread
    exits: dict[str, list[int]] = {k: [] for k in ("count", "below", "above")}
    keys = rng.choice(2**40, 500, replace=False).astype(np.int64)
    for k in range(1, 500):
        _, threshold, _ = _kernels._search(keys, k, int(keys.min()), int(keys.max()))
        kind = "below" if threshold in keys else "above" if threshold - 1 in keys else "count"
        exits[kind].append(k)
    assert all(len(found) > 10 for found in exits.values()), exits
    bunched = passes(2 ** np.arange(62))
    assert bunched.count(0) > 50
    assert max(bunched) <= _kernels.PASSES


def test_per_interval_kernels_refuse_chunk_by_chunk_as_the_array_engine(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The array engine checks production × weight sum per chunk of intervals (the largest of
    # each within the chunk, an interval without production included): the kernels check the
    # same chunks. A night of 8+ intervals without production starts a new chunk.
    recipients = tuple(f"7070575000000001{i:02d}" for i in range(2))
    setup = SharingSetup(contributors=(P,), recipients=recipients, key=Key.CONSUMPTION)
    big, small = [2**41 - 1, 2**41 - 1], [1, 2]
    rows = sharing_engine._chunk_rows(2)
    for night, refused in ((0, True), (20, False), (rows, False)):
        # production 2**22 in the first interval, a large weight sum after `night` intervals
        # without production: one chunk (refused: 2**22 · 2**42 = 2**64) or two (allocated)
        production = np.array([2**22, *([0] * night), 0, 1])
        consumption = np.array([small, *([small] * night), big, small], dtype=np.int64)
        data = IntervalData.from_arrays(setup, T0, 15, production, consumption)
        for rounding in (Rounding.ROTATE, Rounding.LOWEST_ID):
            outcomes: list[object] = []
            for choice in ("off", "on"):
                monkeypatch.setenv("ELHUB_CIM_SHARING_KERNEL", choice)
                try:
                    outcomes.append(allocate(data, rounding=rounding).share.tolist())
                except SharingError as error:
                    outcomes.append([problem.code for problem in error.problems])
            assert outcomes[0] == outcomes[1], (night, rounding)
            assert (outcomes[1] == [SHARE_RANGE]) is refused, (night, rounding)


def outcomes_of(data: IntervalData, rounding: Rounding, monkeypatch: pytest.MonkeyPatch) -> Any:
    """The array engine's, the kernels' and the kernels' on three threads: the shares and
    returns, or the problem codes."""
    found: list[object] = []
    for choice, workers in (("off", 1), ("on", 1), ("on", 3)):
        monkeypatch.setenv("ELHUB_CIM_SHARING_KERNEL", choice)
        try:
            result = allocate(data, rounding=rounding, workers=workers)
            found.append((result.share.tolist(), result.new_returned.tolist()))
        except SharingError as error:
            found.append([problem.code for problem in error.problems])
    assert found[0] == found[1] == found[2], rounding
    return found[0]


def test_per_interval_kernels_on_every_arithmetic_path_and_with_threads(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # P·W below and above 2**52 (float64 or integer quotients), every key and rule, one thread
    # or three (consecutive ranges of intervals; rotate counts from the first of each).
    rng = np.random.default_rng(52)
    recipients = tuple(f"7070575000000001{i:02d}" for i in range(6))
    raw = [166_667, 166_667, 166_666, 250_000, 125_000, 125_000]
    shares = {mp: Decimal(w).scaleb(-6) for mp, w in zip(recipients, raw, strict=True)}
    for key in Key:
        setup = SharingSetup(
            contributors=(P,),
            recipients=recipients,
            key=key,
            shares=shares if key is Key.MANUAL else {},
        )
        for top in (1_000, 2**30, 2**41):
            production = rng.integers(0, top, size=50) * (rng.random(50) < 0.8)
            production[1] = top - 1
            consumption = rng.integers(0, min(top, 2**20), size=(50, 6))
            consumption[::9] = 0
            data = IntervalData.from_arrays(setup, T0, 15, production, consumption)
            expected = references(setup, data)
            for rounding in Rounding:
                found = outcomes_of(data, rounding, monkeypatch)
                if key is not Key.CONSUMPTION or top < 2**41:  # P·W < 2**63
                    assert found[0] == expected[rounding], (key, top, rounding)


def test_per_interval_kernels_refuse_the_manual_key_past_2_63(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Three contributors' summed production times 10**6 passes 2**63; every recipient consumes
    # more than its share, so nothing goes back (no split of returns to refuse it instead).
    recipients = tuple(f"7070575000000001{i:02d}" for i in range(4))
    contributors = (P, "707057500000000002", "707057500000000003")
    shares = {mp: Decimal(w).scaleb(-6) for mp, w in zip(recipients, [250_000] * 4, strict=True)}
    top = 2**42 - 1
    for key in (Key.MANUAL, Key.EQUAL):
        setup = SharingSetup(
            contributors=contributors,
            recipients=recipients,
            key=key,
            shares=shares if key is Key.MANUAL else {},
        )
        production = np.array([[top, top, top], [5, 0, 0]], dtype=np.int64)
        consumption = np.full((2, 4), top, dtype=np.int64)
        data = IntervalData.from_arrays(setup, T0, 15, production, consumption)
        for rounding in (Rounding.ROTATE, Rounding.LOWEST_ID):
            found = outcomes_of(data, rounding, monkeypatch)
            if key is Key.MANUAL:
                assert found == [SHARE_RANGE], rounding
            else:
                assert found[0] == references(setup, data)[rounding], rounding


def test_carry_kernel_refuses_chunk_by_chunk_as_the_array_engine(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # carry checks production × weight sum per chunk of intervals with production (gathered):
    # the same two intervals are refused in one chunk and allocated in two.
    recipients = tuple(f"7070575000000001{i:02d}" for i in range(2))
    setup = SharingSetup(contributors=(P,), recipients=recipients, key=Key.CONSUMPTION)
    rows = sharing_engine._chunk_rows(2)
    for between, refused in ((0, True), (5, True), (rows - 1, False), (rows + 3, False)):
        production = np.array([2**22, *([1] * between), 1])
        consumption = np.array(
            [[1, 2], *([[1, 1]] * between), [2**41 - 1, 2**41 - 1]], dtype=np.int64
        )
        data = IntervalData.from_arrays(setup, T0, 15, production, consumption)
        outcomes: list[object] = []
        for choice in ("off", "on"):
            monkeypatch.setenv("ELHUB_CIM_SHARING_KERNEL", choice)
            try:
                outcomes.append(allocate(data).share.tolist())
            except SharingError as error:
                outcomes.append([problem.code for problem in error.problems])
        assert outcomes[0] == outcomes[1], between
        assert (outcomes[1] == [SHARE_RANGE]) is refused, between


def test_the_repairs_mark_the_k_largest_live_keys_on_every_path() -> None:
    # _mark_top (the repairs' many units): some, none, all, nobody live.
    from elhub_cim.sharing import _kernels

    rng = np.random.default_rng(701)
    bins, sel = _kernels._selection_buffers(300)
    buf = np.empty(300, dtype=np.int64)
    for size, spread in ((1, 10), (7, 10), (300, 2**40), (300, 2**62)):
        keys = rng.choice(spread, size, replace=False).astype(np.int64) - spread // 2
        for share_live in (0.0, 0.3, 1.0):
            live = rng.random(size) < share_live
            ordered = np.sort(keys[live])[::-1]
            for k in (-1, 0, 1, 2, _kernels.FEW, _kernels.FEW + 1, 40, size - 1, size, size + 1):
                out = np.empty(size, dtype=np.int64)
                _kernels._mark_top(keys, k, live, bins, sel, buf, out)
                chosen = set(keys[out == 1].tolist())
                assert chosen == set(ordered[: max(0, k)].tolist()), (size, share_live, k)


def test_no_intervals_allocate_nothing_with_the_kernels(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ELHUB_CIM_SHARING_KERNEL", "on")
    recipients = tuple(f"7070575000000001{i:02d}" for i in range(2))
    shares = {recipients[0]: Decimal("0.25"), recipients[1]: Decimal("0.75")}
    none = np.zeros((0, 2), dtype=np.int64)
    for key in Key:
        setup = SharingSetup(
            contributors=(P, "707057500000000002"),
            recipients=recipients,
            key=key,
            shares=shares if key is Key.MANUAL else {},
        )
        data = IntervalData.from_arrays(setup, T0, 15, none, none)
        for rounding in Rounding:
            result = allocate(data, rounding=rounding, redistribute=True)
            assert result.share.shape == result.new_returned.shape == (0, 2), (key, rounding)


def test_kernels_on_is_an_error_without_them(monkeypatch: pytest.MonkeyPatch) -> None:
    """``ELHUB_CIM_SHARING_KERNEL=on`` where the kernels cannot be imported (no numba, or
    one that does not work) is an error, not a silent fallback; ``auto`` falls back to the
    array engine with the same result."""
    import importlib.util
    import sys

    from elhub_cim import sharing

    recipients = tuple(f"7070575000000001{i:02d}" for i in range(3))
    setup = SharingSetup(contributors=(P,), recipients=recipients, key=Key.EQUAL)
    data = IntervalData.from_arrays(
        setup, T0, 15, np.array([7, 0, 5]), np.array([[1, 2, 3]] * 3, dtype=np.int64)
    )
    expected = allocate(data).share.tolist()
    monkeypatch.delattr(sharing, "_kernels", raising=False)
    monkeypatch.setitem(sys.modules, "elhub_cim.sharing._kernels", None)  # import fails
    monkeypatch.setenv("ELHUB_CIM_SHARING_KERNEL", "on")
    with pytest.raises(ImportError):
        allocate(data)
    monkeypatch.setenv("ELHUB_CIM_SHARING_KERNEL", "auto")
    monkeypatch.setattr(sharing_engine, "KERNEL_VALUES", 1)
    assert allocate(data).share.tolist() == expected
    # and without numba at all
    find_spec = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *a: None if name == "numba" else find_spec(name, *a),
    )
    assert allocate(data).share.tolist() == expected
    monkeypatch.setenv("ELHUB_CIM_SHARING_KERNEL", "on")
    with pytest.raises(ImportError):
        allocate(data)


@pytest.mark.parametrize(("intervals", "recipients"), [(4, 3), (12, 1), (1, 12), (11, 1), (3, 3)])
def test_allocate_runs_compiled_from_the_threshold_of_values_on(
    intervals: int, recipients: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without ELHUB_CIM_SHARING_KERNEL, allocate runs the compiled kernels from
    KERNEL_VALUES values (intervals × recipients) on (here lowered to 12), and the array
    engine below: the same shares either way."""
    from elhub_cim.sharing import _kernels

    calls: list[int] = []
    compiled = _kernels.equal_split

    def counted(*args: Any) -> Any:
        calls.append(1)
        return compiled(*args)

    monkeypatch.delenv("ELHUB_CIM_SHARING_KERNEL", raising=False)
    monkeypatch.setattr(sharing_engine, "KERNEL_VALUES", 12)
    monkeypatch.setattr(_kernels, "equal_split", counted)
    ids = tuple(f"7070575000000001{i:02d}" for i in range(recipients))
    setup = SharingSetup(contributors=(P,), recipients=ids, key=Key.EQUAL)
    production = np.arange(1, intervals + 1) * 7
    consumption = np.ones((intervals, recipients), dtype=np.int64)
    result = allocate(IntervalData.from_arrays(setup, T0, 15, production, consumption))
    assert bool(calls) is (intervals * recipients >= 12)
    assert result.share.tolist() == references(setup, result.data)[Rounding.CARRY]


def take_back_reference(
    excess: int, share: list[int], used: list[int], given: list[int], whole: list[int],
    rest: list[int], d: int,
) -> int:  # fmt: skip
    """The repair's taking back, in Python integers (as engine._Carry._repair): each round one
    unit from each of the min(excess, live) live recipients (share > 0) furthest ahead of their
    quota, (given - whole)·d - rest, ties to the higher column. Returns how much more goes back
    (a unit taken where the share was at most the consumption)."""
    more = 0
    while excess > 0:
        live = [r for r in range(len(share)) if share[r] > 0]
        ahead = sorted(live, key=lambda r: ((given[r] - whole[r]) * d - rest[r], r), reverse=True)
        taken = ahead[: min(excess, len(live))]
        for r in taken:
            more += share[r] <= used[r]
            share[r] -= 1
            given[r] -= 1
        excess -= len(taken)
    return more


def test_the_repairs_take_back_units_as_the_reference() -> None:
    # _take_back: a few units (one pass per unit, the column from the key), more (_mark_top),
    # more units than recipients with a share (several rounds), ties in how far ahead, units
    # taken where the share is above and at most the consumption. (The shares that are left sum to
    # the production plus the units freed: there is always a share to take from.)
    from elhub_cim.sharing import _kernels

    rng = np.random.default_rng(1518)
    rounds = 0
    for size, units, d in ((3, 4, 7), (12, 5, 10**6), (40, 30, 2**32), (40, 8, 3), (9, 9, 5)):
        bins, sel = _kernels._selection_buffers(size)
        for _ in range(60):
            share = rng.integers(0, 4, size) * (rng.random(size) < 0.6)
            used = rng.integers(0, 4, size)
            whole = rng.integers(0, 50, size)
            given = whole + rng.integers(-1, 2, size)
            rest = rng.integers(0, min(d, 3), size)  # few values: ties in how far ahead
            excess = int(rng.integers(1, units + 1))
            share[rng.integers(size)] += excess + 1  # the shares sum to the production, P > 0
            rounds += excess > int((share > 0).sum())
            expected = [share.tolist(), given.tolist()]
            more = take_back_reference(excess, expected[0], used.tolist(), expected[1],
                                       whole.tolist(), rest.tolist(), d)  # fmt: skip
            arrays = [np.asarray(a, dtype=np.int64) for a in (share, used, given, whole, rest)]
            got = _kernels._take_back(
                excess, arrays[0], arrays[1], arrays[2], arrays[3], arrays[4], d,
                np.ones(size, np.bool_), np.empty(size, np.int64), np.empty(size, np.int64),
                bins, sel, np.empty(size, np.int64),
            )  # fmt: skip
            assert [arrays[0].tolist(), arrays[2].tolist()] == expected
            assert got == more
    assert rounds > 20
