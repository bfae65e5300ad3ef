"""Thresholds are data: the bundled TOML (Elhub's proposal), overrides, and the boundary rule."""

from __future__ import annotations

from pathlib import Path

import pytest

from elhub_cim.monitor import Level, ThresholdsError, load_thresholds
from elhub_cim.monitor.thresholds import MEASURE_KEYS, MeasureThresholds

ELHUB_PROPOSAL = {
    "queries_per_metering_point": (5, 20),
    "approved_per_hour": (5000, 20000),
    "approved_per_day": (25000, 100000),
    "rejected_per_hour": (500, 1000),
    "rejected_per_day": (10000, 50000),
    "start_of_supply_ratio": (10, 50),
}


def test_defaults_are_elhubs_proposal() -> None:
    thresholds = load_thresholds()
    assert set(MEASURE_KEYS) == set(ELHUB_PROPOSAL)
    for key, (yellow, red) in ELHUB_PROPOSAL.items():
        assert (thresholds[key].yellow_from, thresholds[key].red_above) == (yellow, red)
    assert (thresholds.timezone, thresholds.window_days) == ("Europe/Oslo", 30)
    assert thresholds.zero_requests_rated_as == 1
    assert thresholds.source == "default"


@pytest.mark.parametrize(("key", "limits"), ELHUB_PROPOSAL.items())
def test_boundary_rule(key: str, limits: tuple[int, int]) -> None:
    # green below yellow_from; yellow from yellow_from up to and including red_above; red above.
    yellow, red = limits
    rule = load_thresholds()[key]
    assert rule.level(yellow - 0.001) is Level.GREEN
    assert rule.level(yellow) is Level.YELLOW
    assert rule.level(red) is Level.YELLOW
    assert rule.level(red + 0.001) is Level.RED
    assert rule.level(0) is Level.GREEN


def test_equal_boundaries_leave_yellow_a_single_value() -> None:
    rule = MeasureThresholds(10, 10)
    assert [rule.level(v) for v in (9, 10, 11)] == [Level.GREEN, Level.YELLOW, Level.RED]


def test_partial_override_keeps_the_rest(tmp_path: Path) -> None:
    path = tmp_path / "t.toml"
    path.write_text(
        "[approved_per_hour]\nred_above = 30000\n\n[start_of_supply_ratio]\nwindow_days = 14\n",
        encoding="utf-8",
    )
    thresholds = load_thresholds(path)
    assert (
        thresholds["approved_per_hour"].yellow_from,
        thresholds["approved_per_hour"].red_above,
    ) == (
        5000,
        30000,
    )
    assert thresholds["rejected_per_day"].red_above == 50000
    assert thresholds.window_days == 14
    assert thresholds.source == str(path)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[approved_per_hour]\nyelow_from = 1\n", "unknown key 'yelow_from'"),
        ("[approved_per_houre]\nyellow_from = 1\n", "unknown key 'approved_per_houre'"),
        ("[approved_per_hour]\nyellow_from = 30000\n", "greater than red_above"),
        ("[approved_per_hour]\nyellow_from = -1\n", "must not be negative"),
        ("[approved_per_hour]\nyellow_from = 'many'\n", "must be a number"),
        ("[approved_per_hour]\nyellow_from = true\n", "must be a number"),
        # TOML has inf (and 1e400 is inf): the report's SQL and its JSON have no such number.
        ("[approved_per_hour]\nred_above = inf\n", "must be a finite number"),
        ("[approved_per_hour]\nred_above = 1e400\n", "must be a finite number"),
        ("[start_of_supply_ratio]\nzero_requests_rated_as = inf\n", "must be a finite number"),
        ("[start_of_supply_ratio]\nwindow_days = 0\n", "window_days"),
        ("[start_of_supply_ratio]\nwindow_days = 2.5\n", "window_days"),
        ("[start_of_supply_ratio]\nzero_requests_rated_as = 0\n", "greater than 0"),
        ('timezone = "Mars/Olympus"\n', "unknown time zone"),
        ('timezone = "Asia/Kolkata"\n', "not a whole number of hours"),
        # Half an hour only for some years since 2000 (-04:30 2007-2016, +08:30 2015-2018):
        # the report then failed on such data with a bare "ELHUB_CIM time zone ..." error.
        ('timezone = "America/Caracas"\n', "not a whole number of hours"),
        ('timezone = "Asia/Pyongyang"\n', "not a whole number of hours"),
        ("approved_per_hour = 3\n", "must be a table"),
        ("[approved_per_hour\n", "THRESHOLDS_INVALID"),
    ],
)
def test_bad_files(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "t.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ThresholdsError) as caught:
        load_thresholds(path)
    assert message in caught.value.problems[0].format()


def test_other_whole_hour_time_zone(tmp_path: Path) -> None:
    path = tmp_path / "t.toml"
    path.write_text('timezone = "Europe/Helsinki"\n', encoding="utf-8")
    assert load_thresholds(path).timezone == "Europe/Helsinki"


def test_a_file_with_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    """A thresholds file saved by a Windows editor was 'Invalid statement (at line 1, column 1)'
    (the events CSV beside it is read with its mark)."""
    path = tmp_path / "t.toml"
    path.write_text("[approved_per_hour]\nyellow_from = 10\n", encoding="utf-8-sig")
    assert load_thresholds(path)["approved_per_hour"].yellow_from == 10
