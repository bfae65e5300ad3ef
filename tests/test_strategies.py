"""The generators reach the XSD maxima under the deep profile and stay small under ci.

Repetitions (issue 18): Communication and MeasurementDefinition up to 99, characteristics
records up to 9 999, shared-production participants up to 1 000 of each kind. Every search here
is derandomised and generates only (no shrinking), so these tests never flake and stay fast.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

import tests.strategies as strategies
from tests.strategies import CI_REPETITIONS, DOCUMENTS, repetitions


def seen(
    strategy: st.SearchStrategy[Any], measure: Callable[[Any], int], examples: int
) -> set[int]:
    """Every value of ``measure`` over ``examples`` derandomised draws of ``strategy``."""
    values: set[int] = set()

    @settings(
        derandomize=True,
        max_examples=examples,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def draw(value: Any) -> None:
        values.add(measure(value))

    draw()
    return values


@pytest.mark.parametrize(("maximum", "min_size"), [(99, 0), (1000, 1), (9999, 1)])
def test_the_deep_profile_reaches_each_maximum(maximum: int, min_size: int) -> None:
    counts = seen(repetitions(maximum, min_size=min_size, deep=True), int, 3000)
    assert {maximum, maximum - 1, min_size} <= counts
    assert max(counts) == maximum


def test_the_ci_profile_stays_within_its_budget() -> None:
    for maximum in (99, 1000, 9999):
        counts = seen(repetitions(maximum, deep=False), int, 500)
        assert max(counts) == CI_REPETITIONS


def test_documents_carry_long_measurement_definitions_and_communications(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(strategies, "DEEP", True)
    notification = DOCUMENTS["start_of_supply_notification"]
    # Wired to repetitions() with the deep bound (which reaches 99 itself: above): these lists
    # grow far past the ci budget.
    assert max(seen(notification, lambda d: len(d.measurement_definitions), 150)) > 24
    assert max(seen(notification, lambda d: len(d.customer.communications), 150)) > 24


def test_a_long_list_of_records_names_distinct_metering_points() -> None:
    notifications = DOCUMENTS["metering_point_characteristics_notification"]
    repeated = seen(
        notifications,
        lambda d: (
            len(d.metering_points) - len({r.metering_point for r in d.metering_points})
            if len(d.metering_points) > 3
            else 0
        ),
        60,
    )
    assert repeated == {0}
    # the records of a long list keep their own lists short (the size budget)
    longest = seen(
        notifications,
        lambda d: (
            len(d.metering_points) * 1000
            + max(len(r.measurement_definitions) for r in d.metering_points)
        ),
        60,
    )
    assert 3 < max(longest) // 1000 <= CI_REPETITIONS
    assert all(value % 1000 <= 3 for value in longest if value // 1000 > 3)
