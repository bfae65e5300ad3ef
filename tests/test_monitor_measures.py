"""The six measures and their levels, at every threshold edge; DST days; the ratio's edge cases."""

# ruff: noqa: S608 (tests build SQL from their own constants)

from __future__ import annotations

import math
from datetime import date, datetime
from pathlib import Path

import pytest

from elhub_cim.monitor import Level, load_thresholds
from elhub_cim.monitor.engine import hour_label
from tests.test_monitor_support import (
    ACTOR,
    OTHER,
    bulk,
    event,
    measure,
    report_of,
    write_csv,
    write_parquet,
)

GREEN, YELLOW, RED = Level.GREEN, Level.YELLOW, Level.RED


# -- counts per hour and per day: one below, exactly at and one above each boundary -----------

COUNT_EDGES = [
    # (measure, outcome, spread over, [(count, level), ...])
    (
        "approved_per_hour",
        "approved",
        3000,
        [(4999, GREEN), (5000, YELLOW), (20000, YELLOW), (20001, RED)],
    ),
    (
        "rejected_per_hour",
        "rejected",
        3000,
        [(499, GREEN), (500, YELLOW), (1000, YELLOW), (1001, RED)],
    ),
    (
        "approved_per_day",
        "approved",
        79000,
        [(24999, GREEN), (25000, YELLOW), (100000, YELLOW), (100001, RED)],
    ),
    (
        "rejected_per_day",
        "rejected",
        79000,
        [(9999, GREEN), (10000, YELLOW), (50000, YELLOW), (50001, RED)],
    ),
]


@pytest.mark.parametrize(
    ("key", "outcome", "spread", "count", "level"),
    [
        (key, outcome, spread, count, level)
        for key, outcome, spread, edges in COUNT_EDGES
        for count, level in edges
    ],
)
def test_count_measures_at_their_edges(
    tmp_path: Path, key: str, outcome: str, spread: int, count: int, level: Level
) -> None:
    # Local day 2026-03-10 (UTC+1) runs from 2026-03-09 23:00Z: 01:00Z + 79 000 s stays inside.
    path = write_parquet(
        tmp_path / "e.parquet",
        bulk(count, start="2026-03-10 01:00:00+00", spread_seconds=spread, outcome=outcome),
    )
    result = measure(report_of(path), key)
    assert result.value == count
    assert result.level is level


def test_counts_only_their_outcome(tmp_path: Path) -> None:
    rows = [event(outcome="approved")] * 3 + [event(outcome="rejected")] * 2
    rows += [event(outcome=""), event(kind="start_of_supply")]
    report = report_of(write_csv(tmp_path / "e.csv", rows))
    assert measure(report, "approved_per_hour").value == 3
    assert measure(report, "rejected_per_hour").value == 2
    assert measure(report, "approved_per_day").value == 3
    assert measure(report, "rejected_per_day").value == 2
    assert report.events == 7


def test_a_highest_value_of_zero_has_no_time(tmp_path: Path) -> None:
    rows = [event(kind="start_of_supply"), event(outcome="rejected")]
    report = report_of(write_csv(tmp_path / "e.csv", rows))
    approved = measure(report, "approved_per_hour")
    assert (approved.value, approved.level, approved.when, approved.buckets) == (0, GREEN, None, 1)
    assert approved.when_text() == "-"
    ratio = measure(report, "start_of_supply_ratio")
    assert (ratio.value, ratio.when) == (0, None)


def test_worst_bucket_is_the_highest_and_earliest_on_a_tie(tmp_path: Path) -> None:
    rows = [event("2026-03-10T08:10:00Z")] * 2 + [event("2026-03-10T09:10:00Z")] * 3
    rows += [event("2026-03-10T11:10:00Z")] * 3 + [event("2026-03-11T09:00:00Z")]
    result = measure(report_of(write_csv(tmp_path / "e.csv", rows)), "approved_per_hour")
    assert result.value == 3
    assert result.when == "2026-03-10 10:00+01:00"  # 09:10Z, the first of the two hours of 3
    assert result.buckets == 4


# -- average queries per metering point per day ------------------------------------------------


@pytest.mark.parametrize(
    ("queries", "points", "level"),
    [
        (4, 1, GREEN),
        (9, 2, GREEN),  # 4.5
        (5, 1, YELLOW),  # exactly 5
        (10, 2, YELLOW),  # exactly 5
        (20, 1, YELLOW),  # exactly 20
        (40, 2, YELLOW),  # exactly 20
        (21, 1, RED),
        (41, 2, RED),  # 20.5
    ],
)
def test_queries_per_metering_point(
    tmp_path: Path, queries: int, points: int, level: Level
) -> None:
    rows = [event(subject=str(1000 + i % points)) for i in range(queries)]
    result = measure(report_of(write_csv(tmp_path / "e.csv", rows)), "queries_per_metering_point")
    assert result.value == queries / points
    assert (result.numerator, result.denominator) == (queries, points)
    assert result.level is level


def test_queries_per_metering_point_counts_every_outcome_and_skips_unknown_subjects(
    tmp_path: Path,
) -> None:
    rows = [event(subject="7", outcome=o) for o in ("approved", "rejected", "", "approved")]
    rows += [event(subject="")] * 10  # no subject: not in this measure (but counted elsewhere)
    report = report_of(write_csv(tmp_path / "e.csv", rows))
    result = measure(report, "queries_per_metering_point")
    assert (result.numerator, result.denominator, result.value) == (4, 1, 4.0)
    assert measure(report, "approved_per_hour").value == 12


def test_queries_per_metering_point_is_per_local_day(tmp_path: Path) -> None:
    # 22:30Z on 10 March is 23:30 local (UTC+1), still 10 March; 23:30Z is 11 March.
    rows = [event("2026-03-10T22:30:00Z", subject="1")] * 3
    rows += [event("2026-03-10T23:30:00Z", subject="1")] * 3
    result = measure(report_of(write_csv(tmp_path / "e.csv", rows)), "queries_per_metering_point")
    assert result.value == 3
    assert result.buckets == 2


def test_queries_per_metering_point_without_subjects_is_not_rated(tmp_path: Path) -> None:
    report = report_of(write_csv(tmp_path / "e.csv", [event()] * 30))
    result = measure(report, "queries_per_metering_point")
    assert result.level is None
    assert result.value is None


def test_queries_per_metering_point_in_bulk(tmp_path: Path) -> None:
    path = write_parquet(tmp_path / "e.parquet", bulk(2100, subjects=100, outcome=None))
    assert measure(report_of(path), "queries_per_metering_point").level is RED  # 21 per point


# -- StartOfSupply queries per start-of-supply request, rolling 30 days ------------------------


def _ratio_rows(queries: int, requests: int, day: str = "2026-03-10") -> list[dict[str, str]]:
    rows = [event(f"{day}T10:00:00Z", purpose="StartOfSupply") for _ in range(queries)]
    rows += [event(f"{day}T11:00:00Z", kind="start_of_supply") for _ in range(requests)]
    return rows


@pytest.mark.parametrize(
    ("queries", "requests", "level"),
    [
        (9, 1, GREEN),
        (10, 1, YELLOW),  # exactly 10:1
        (20, 2, YELLOW),  # exactly 10:1
        (50, 1, YELLOW),  # exactly 50:1
        (100, 2, YELLOW),  # exactly 50:1
        (51, 1, RED),
        (101, 2, RED),  # 50.5:1
        (0, 3, GREEN),  # requests and no queries: 0
    ],
)
def test_start_of_supply_ratio(tmp_path: Path, queries: int, requests: int, level: Level) -> None:
    report = report_of(write_csv(tmp_path / "e.csv", _ratio_rows(queries, requests)))
    result = measure(report, "start_of_supply_ratio")
    assert result.value == queries / requests
    assert (result.numerator, result.denominator) == (queries, requests)
    assert result.level is level


def test_ratio_counts_only_start_of_supply_queries_and_supplier_requests(tmp_path: Path) -> None:
    rows = _ratio_rows(12, 0)
    rows += [event(purpose="AccessRequest")] * 40 + [event(purpose="Other")] * 40
    rows += [event(purpose="")] * 40 + [event(outcome="rejected", purpose="StartOfSupply")] * 3
    rows += [event(kind="start_of_supply", brs=b) for b in ("BRS-NO-101", "BRS-NO-103")]
    # 104 (change from the supplier of last resort) is a supplier's start of supply: it counts.
    # 123 is the grid company's move-in: accepted in the log, not a supplier-switch message.
    rows += [event(kind="start_of_supply", brs=b) for b in ("BRS-NO-104", "BRS-NO-123")]
    result = measure(report_of(write_csv(tmp_path / "e.csv", rows)), "start_of_supply_ratio")
    assert (result.numerator, result.denominator) == (15, 3)  # rejected queries count too
    assert result.value == 5.0


@pytest.mark.parametrize(
    ("queries", "level"),
    [(1, GREEN), (9, GREEN), (10, YELLOW), (50, YELLOW), (51, RED)],
)
def test_ratio_with_zero_requests_is_infinite_and_rated_as_queries_to_one(
    tmp_path: Path, queries: int, level: Level
) -> None:
    result = measure(
        report_of(write_csv(tmp_path / "e.csv", _ratio_rows(queries, 0))), "start_of_supply_ratio"
    )
    assert result.value is not None
    assert math.isinf(result.value)
    assert result.rated == queries
    assert result.level is level
    assert result.value_text() == f"∞ ({queries}:0)"


def test_ratio_with_neither_queries_nor_requests_is_not_rated(tmp_path: Path) -> None:
    rows = [event(purpose="AccessRequest")] * 100
    report = report_of(write_csv(tmp_path / "e.csv", rows))
    result = measure(report, "start_of_supply_ratio")
    assert result.level is None
    assert result.buckets == 0
    assert report.actors[0].worst is GREEN  # the other measures still rate the actor


def test_zero_requests_rule_comes_from_the_thresholds(tmp_path: Path) -> None:
    override = tmp_path / "t.toml"
    override.write_text("[start_of_supply_ratio]\nzero_requests_rated_as = 0.5\n")
    path = write_csv(tmp_path / "e.csv", _ratio_rows(5, 0))
    result = measure(report_of(path, thresholds=load_thresholds(override)), "start_of_supply_ratio")
    assert result.rated == 10
    assert result.level is YELLOW


def test_ratio_window_is_30_local_days(tmp_path: Path) -> None:
    # 2 requests on 1 March, 30 queries on 2 March. The window ending 30 March holds 1..30 March
    # (15:1); the one ending 31 March no longer holds the requests (30:0, rated 30:1).
    rows = [event("2026-03-01T09:00:00Z", kind="start_of_supply")] * 2
    rows += [event("2026-03-02T09:00:00Z", purpose="StartOfSupply")] * 30
    path = write_csv(tmp_path / "e.csv", rows)
    upto_30 = measure(
        report_of(path, first=date(2026, 3, 1), last=date(2026, 3, 30)), "start_of_supply_ratio"
    )
    assert (upto_30.value, upto_30.when, upto_30.level) == (15.0, "2026-03-02", YELLOW)
    assert upto_30.buckets == 30
    upto_31 = measure(
        report_of(path, first=date(2026, 3, 1), last=date(2026, 3, 31)), "start_of_supply_ratio"
    )
    assert upto_31.value is not None
    assert math.isinf(upto_31.value)
    assert upto_31.when == "2026-03-31"
    assert upto_31.window_from() == date(2026, 3, 2)
    assert upto_31.rated == 30


def test_ratio_looks_back_before_the_period(tmp_path: Path) -> None:
    rows = [event("2026-03-01T09:00:00Z", kind="start_of_supply")]
    rows += [event("2026-03-20T09:00:00Z", purpose="StartOfSupply")] * 12
    result = measure(
        report_of(write_csv(tmp_path / "e.csv", rows), first=date(2026, 3, 15)),
        "start_of_supply_ratio",
    )
    assert (result.numerator, result.denominator) == (12, 1)  # the request of 1 March counts


def test_ratio_window_length_comes_from_the_thresholds(tmp_path: Path) -> None:
    override = tmp_path / "t.toml"
    override.write_text("[start_of_supply_ratio]\nwindow_days = 7\n")
    rows = [event("2026-03-01T09:00:00Z", kind="start_of_supply")]
    rows += [event("2026-03-08T09:00:00Z", purpose="StartOfSupply")] * 3
    result = measure(
        report_of(write_csv(tmp_path / "e.csv", rows), thresholds=load_thresholds(override)),
        "start_of_supply_ratio",
    )
    assert result.value is not None
    assert math.isinf(result.value)  # 1 March is outside 2..8 March


# -- daylight saving time: Europe/Oslo, 23- and 25-hour days ----------------------------------


def test_spring_day_has_23_hours(tmp_path: Path) -> None:
    # 29 March 2026: 02:00 local does not exist. One event in each UTC hour of the local day
    # (from 28 March 23:00Z to 29 March 22:00Z) makes 23 hourly buckets in one local day.
    rows = [event(f"2026-03-28T23:{m:02d}:00Z") for m in (10,)]
    rows += [event(f"2026-03-29T{h:02d}:10:00Z") for h in range(22)]
    rows += [event("2026-03-29T22:10:00Z")]  # 00:10 on 30 March (UTC+2)
    report = report_of(write_csv(tmp_path / "e.csv", rows))
    hours = measure(report, "approved_per_hour")
    days = measure(report, "approved_per_day")
    assert hours.buckets == 24  # 23 on 29 March + 1 on 30 March
    assert days.buckets == 2
    assert (days.value, days.when) == (23, "2026-03-29")
    # Local clock: 01:00+01:00 is followed by 03:00+02:00 one UTC hour later.
    zone = load_thresholds().zone
    assert hour_label(_hour("2026-03-29T00:00:00Z"), zone) == "2026-03-29 01:00+01:00"
    assert hour_label(_hour("2026-03-29T01:00:00Z"), zone) == "2026-03-29 03:00+02:00"


def test_autumn_day_has_25_hours_and_the_repeated_hour_is_two_buckets(tmp_path: Path) -> None:
    # 25 October 2026: 02:00-03:00 local happens twice (00:00Z at +02:00, 01:00Z at +01:00).
    first = [event(f"2026-10-25T00:{i % 60:02d}:00Z") for i in range(3000)]
    second = [event(f"2026-10-25T01:{i % 60:02d}:00Z") for i in range(2999)]
    rest = [event(f"2026-10-25T{h:02d}:30:00Z") for h in range(2, 23)]
    rest += [event("2026-10-24T22:30:00Z"), event("2026-10-24T23:30:00Z")]  # 00:30, 01:30 +02
    report = report_of(write_csv(tmp_path / "e.csv", first + second + rest))
    hours = measure(report, "approved_per_hour")
    assert hours.value == 3000  # not 5999: the two 02:00 hours are separate buckets
    assert hours.when == "2026-10-25 02:00+02:00"
    assert hours.level is GREEN
    assert hours.buckets == 25  # every local clock hour of the 25-hour day
    days = measure(report, "approved_per_day")
    assert (days.value, days.when, days.buckets) == (3000 + 2999 + 21 + 2, "2026-10-25", 1)


def _hour(text: str) -> int:
    return int(datetime.fromisoformat(text).timestamp()) // 3600


def test_repeated_hour_labels_differ_by_offset() -> None:
    zone = load_thresholds().zone
    base = _hour("2026-10-25T00:00:00Z")
    assert hour_label(base - 1, zone) == "2026-10-25 01:00+02:00"
    assert hour_label(base, zone) == "2026-10-25 02:00+02:00"
    assert hour_label(base + 1, zone) == "2026-10-25 02:00+01:00"
    assert hour_label(base + 2, zone) == "2026-10-25 03:00+01:00"


def test_local_day_boundaries_follow_the_offset(tmp_path: Path) -> None:
    rows = [
        event("2026-03-28T22:59:00Z"),  # 23:59 on 28 March (+01)
        event("2026-03-28T23:00:00Z"),  # 00:00 on 29 March (+01)
        event("2026-03-29T21:59:00Z"),  # 23:59 on 29 March (+02)
        event("2026-03-29T22:00:00Z"),  # 00:00 on 30 March (+02)
        event("2026-10-25T22:59:00Z"),  # 23:59 on 25 October (+01)
        event("2026-10-25T23:00:00Z"),  # 00:00 on 26 October (+01)
    ]
    report = report_of(write_csv(tmp_path / "e.csv", rows))
    assert (report.first, report.last) == (date(2026, 3, 28), date(2026, 10, 26))
    days = measure(report, "approved_per_day")
    assert days.buckets == 5  # 28/3, 29/3, 30/3, 25/10, 26/10
    assert (days.value, days.when) == (2, "2026-03-29")


def test_a_dst_day_in_bulk(tmp_path: Path) -> None:
    # 5 000 approved in each half of the repeated hour: yellow twice, not red once.
    sql = (
        bulk(5000, start="2026-10-25 00:00:00+00")
        + " UNION ALL "
        + bulk(5000, start="2026-10-25 01:00:00+00")
    )
    result = measure(report_of(write_parquet(tmp_path / "e.parquet", sql)), "approved_per_hour")
    assert (result.value, result.level, result.yellow, result.red) == (5000, YELLOW, 2, 0)


# -- the report as a whole ---------------------------------------------------------------------


def test_empty_input(tmp_path: Path) -> None:
    report = report_of(write_csv(tmp_path / "e.csv", []))
    assert report.actors == []
    assert report.events == 0
    assert report.worst is None
    assert "No events" in report.format_text()
    assert report.to_dict()["actors"] == []


def test_empty_parquet(tmp_path: Path) -> None:
    path = write_parquet(tmp_path / "e.parquet", bulk(1) + " LIMIT 0")
    assert report_of(path).actors == []


def test_period_after_the_last_event(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "e.csv", [event("2026-03-10T12:00:00Z", purpose="StartOfSupply")])
    assert report_of(path, first=date(2026, 3, 20)).actors == []
    # With an end, the days are rated: the ratio's window still sees the query of 10 March.
    later = report_of(path, first=date(2026, 3, 20), last=date(2026, 3, 21))
    assert later.events == 0
    assert measure(later, "start_of_supply_ratio").buckets == 2
    assert measure(later, "approved_per_day").level is None


def test_period_and_actor_filters(tmp_path: Path) -> None:
    rows = [event("2026-03-09T12:00:00Z")] * 9 + [event("2026-03-10T12:00:00Z")] * 2
    rows += [event("2026-03-11T12:00:00Z")] * 7 + [event("2026-03-10T12:00:00Z", actor=OTHER)]
    path = write_csv(tmp_path / "e.csv", rows)
    report = report_of(path, first=date(2026, 3, 10), last=date(2026, 3, 10))
    assert [a.actor for a in report.actors] == [ACTOR, OTHER]
    assert measure(report, "approved_per_day").value == 2
    assert report.events == 3
    only = report_of(path, actors=[OTHER])
    assert [a.actor for a in only.actors] == [OTHER]


def test_worst_level_per_actor_and_order(tmp_path: Path) -> None:
    rows = [event(subject="1", actor=OTHER)] * 21 + [event(subject="2")] * 6
    report = report_of(write_csv(tmp_path / "e.csv", rows))
    assert [(a.actor, a.worst) for a in report.actors] == [(OTHER, RED), (ACTOR, YELLOW)]
    assert report.worst is RED
    counts = report.counts()
    assert (counts["red"], counts["yellow"], counts["green"]) == (1, 1, 0)


def test_csv_and_parquet_give_the_same_report(tmp_path: Path) -> None:
    rows = [
        event(f"2026-03-{d:02d}T{h:02d}:00:00Z", subject=str(h % 3), purpose="StartOfSupply")
        for d in range(1, 5)
        for h in range(0, 24, 5)
    ]
    rows += [event("2026-03-02T10:00:00Z", kind="start_of_supply")]
    csv_path = write_csv(tmp_path / "e.csv", rows)
    parquet_path = write_parquet(
        tmp_path / "e.parquet",
        "SELECT actor, event_time::TIMESTAMPTZ AS event_time, kind, "
        "metering_points::INTEGER AS metering_points, subject::BIGINT AS subject, purpose, "
        f"outcome, brs FROM read_csv('{csv_path}', header = true, all_varchar = true)",
    )
    assert report_of(csv_path).to_dict() == report_of(parquet_path).to_dict()


def test_several_files_are_one_input(tmp_path: Path) -> None:
    one = write_csv(tmp_path / "a.csv", [event(subject="1")] * 3)
    two = write_parquet(tmp_path / "b.parquet", bulk(2, subjects=1, start="2026-03-10 10:00+00"))
    report = report_of([one, two])
    assert measure(report, "approved_per_hour").value == 5


def test_both_plans_for_distinct_subjects_agree(tmp_path: Path) -> None:
    # Several row groups: in time order the engine counts per local day, shuffled it counts in
    # one aggregation; the report must not depend on which.
    from elhub_cim.monitor.engine import _clustered, connect, open_events

    rows = (
        "SELECT '7080004312159' AS actor, TIMESTAMPTZ '2026-10-20 00:00:00+00' "
        "+ to_microseconds(i * 600 * 1000000 // 7) AS event_time, 'query611' AS kind, "
        "1 AS metering_points, (i * 7919 % 50)::BIGINT AS subject, "
        "CASE WHEN i % 3 = 0 THEN 'StartOfSupply' END AS purpose, 'approved' AS outcome, "
        "NULL::VARCHAR AS brs FROM range(10000) r(i)"
    )
    ordered = tmp_path / "ordered.parquet"
    shuffled = tmp_path / "shuffled.parquet"
    for path, order in ((ordered, "event_time"), (shuffled, "hash(subject, event_time)")):
        escaped = str(path)
        write_parquet(path, f"SELECT * FROM ({rows}) ORDER BY {order}")
        import duckdb

        con = duckdb.connect()
        con.execute(
            f"COPY (SELECT * FROM read_parquet('{escaped}')) TO '{escaped}.tmp' "
            "(FORMAT parquet, ROW_GROUP_SIZE 2048)"
        )
        con.close()
        Path(f"{escaped}.tmp").replace(path)
    plans = []
    for path in (ordered, shuffled):
        with connect() as con:
            source = open_events(con, [path])
            days = [
                (
                    0,
                    datetime.fromisoformat(f"2026-10-{d}T00:00:00+00:00"),
                    datetime.fromisoformat(f"2026-10-{d + 1}T00:00:00+00:00"),
                )
                for d in range(20, 27)
            ]
            plans.append(_clustered(con, source, days))
    assert plans == [True, False]
    one, two = report_of(ordered), report_of(shuffled)
    assert one.to_dict() == two.to_dict()
    per_point = measure(one, "queries_per_metering_point")
    assert per_point.buckets == 10  # 20-29 October
    # 1 050 queries of 50 points on the 25-hour day, 1 008 on the others.
    assert (per_point.when, per_point.numerator, per_point.denominator) == ("2026-10-25", 1050, 50)


@pytest.mark.parametrize(
    ("measure", "numerator", "denominator", "level", "shown"),
    [
        # Rounded to the nearest hundredth these showed 10.00:1 and 5.00 in green (10:1 and 5
        # are yellow) and 20.00 in red (20 is yellow): the text contradicted the colour.
        ("start_of_supply_ratio", 9999, 1000, GREEN, "9.99:1 (9999:1000)"),
        ("queries_per_metering_point", 4999, 1000, GREEN, "4.99 (4999/1000)"),
        ("queries_per_metering_point", 20001, 1000, RED, "20.01 (20001/1000)"),
        ("start_of_supply_ratio", 50001, 1000, RED, "50.01:1 (50001:1000)"),
        ("queries_per_metering_point", 19999, 1000, YELLOW, "19.99 (19999/1000)"),
        ("queries_per_metering_point", 5, 1, YELLOW, "5.00 (5/1)"),
        ("queries_per_metering_point", 2, 3, GREEN, "0.66 (2/3)"),
    ],
)
def test_a_shown_value_is_rounded_towards_its_level(
    measure: str, numerator: int, denominator: int, level: Level, shown: str
) -> None:
    from elhub_cim.monitor.report import MeasureResult

    value = numerator / denominator
    assert load_thresholds()[measure].level(value) is level
    result = MeasureResult(
        measure, level, value, value, 0, "2026-05-01", numerator, denominator, 1, 0, 0
    )
    assert result.value_text() == shown
