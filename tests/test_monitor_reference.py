"""The report's queries against a plain Python computation of the same measures.

Hypothesis draws events around both DST changes of Europe/Oslo (23- and 25-hour days), with
repeated subjects and whole duplicated rows, for a few actors; the bucket values DuckDB computes
(``monitor_values``: every actor, measure and bucket with value, numerator, denominator and
level) must equal the reference, row for row, from a CSV file, a time-ordered Parquet file with
small row groups (the per-day plan of the distinct count, by DuckDB and by the compiled kernel)
and a shuffled one (one aggregation).
A second property draws rows with broken values: the report refuses exactly the files in which a
row breaks a rule of :data:`elhub_cim.monitor.schema.ROW_RULES` (checked row by row in Python).
"""

# ruff: noqa: S608 (tests build SQL from their own constants)

from __future__ import annotations

import importlib.util
import math
import os
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from unittest import mock
from zoneinfo import ZoneInfo

import duckdb
import pytest
from hypothesis import given
from hypothesis import strategies as st

from elhub_cim.monitor import engine as monitor_engine
from elhub_cim.monitor.engine import (
    EventsError,
    _clustered,
    compute,
    connect,
    local_day_start,
    open_events,
)
from elhub_cim.monitor.schema import (
    GSRN_HIGH,
    GSRN_LOW,
    OUTCOMES,
    PURPOSES,
    ROW_RULES,
    START_OF_SUPPLY_BRS,
    SUPPLIER_SWITCH_BRS,
)
from elhub_cim.monitor.thresholds import MEASURE_KEYS, RATIO, MeasureThresholds, Thresholds
from tests.test_monitor_support import event, write_csv

ZONE = ZoneInfo("Europe/Oslo")
ACTORS = ("7080004312159", "7080005842198", "7080001473624")
# Small thresholds and a short window, so that every level occurs in small samples.
THRESHOLDS = Thresholds(
    measures={
        "queries_per_metering_point": MeasureThresholds(1.5, 2.0),
        "approved_per_hour": MeasureThresholds(2, 3),
        "approved_per_day": MeasureThresholds(3, 5),
        "rejected_per_hour": MeasureThresholds(1, 2),
        "rejected_per_day": MeasureThresholds(2, 3),
        RATIO: MeasureThresholds(1.5, 3),
    },
    window_days=3,
    zero_requests_rated_as=0.5,
    source="test",
)
# Two stretches of four days, each around a DST change (29 March: 23 hours; 25 October: 25).
STARTS = (datetime(2026, 3, 27, 22, tzinfo=UTC), datetime(2026, 10, 23, 22, tzinfo=UTC))
SPAN_SECONDS = 4 * 86400


@st.composite
def events(draw: st.DrawFn) -> list[dict[str, Any]]:
    start = draw(st.sampled_from(STARTS))
    subjects = draw(st.integers(1, 6))  # a small pool: the same subject is queried again
    rows: list[dict[str, Any]] = []
    for _ in range(draw(st.integers(1, 40))):
        time = start + timedelta(seconds=draw(st.integers(0, SPAN_SECONDS)))
        if draw(st.integers(0, 5)) == 0:
            time = time.replace(minute=0, second=0)  # on an hour (and a day) boundary
        kind = draw(st.sampled_from(("query611", "query611", "start_of_supply")))
        row: dict[str, Any] = {
            "actor": draw(st.sampled_from(ACTORS)),
            "time": time,
            "kind": kind,
            "metering_points": draw(st.integers(0, 3)),
            "subject": None,
            "purpose": None,
            "outcome": None,
            "brs": None,
        }
        if kind == "query611":
            row["subject"] = draw(st.none() | st.integers(-subjects, subjects))
            row["purpose"] = draw(st.sampled_from((None, *PURPOSES)))
            row["outcome"] = draw(st.sampled_from((None, *OUTCOMES)))
            row["brs"] = draw(st.sampled_from((None, "BRS-NO-611")))
        else:
            row["brs"] = draw(st.sampled_from(START_OF_SUPPLY_BRS))
        rows.append(row)
    duplicates = draw(st.lists(st.sampled_from(rows), max_size=5))  # whole rows twice
    return rows + duplicates


def _csv_rows(rows: list[dict[str, Any]]) -> list[dict[str, str]]:
    def text(value: Any) -> str:
        return "" if value is None else str(value)

    return [
        event(
            row["time"].isoformat().replace("+00:00", "Z"),
            actor=row["actor"],
            kind=row["kind"],
            metering_points=str(row["metering_points"]),
            subject=text(row["subject"]),
            purpose=text(row["purpose"]),
            outcome=text(row["outcome"]),
            brs=text(row["brs"]),
        )
        for row in rows
    ]


def _parquet(csv_path: Path, path: Path, order: str) -> Path:
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    con.execute(
        f"""COPY (
            SELECT actor, event_time::TIMESTAMPTZ AS event_time, kind,
                   metering_points::INTEGER AS metering_points, subject::BIGINT AS subject,
                   purpose, outcome, brs
            FROM read_csv('{csv_path}', header = true, all_varchar = true)
            ORDER BY {order}
        ) TO '{path}' (FORMAT parquet, ROW_GROUP_SIZE 2048)"""
    )
    con.close()
    return path


def _level(key: str, rated: float) -> int:
    limits = THRESHOLDS[key]
    return 2 if rated > limits.red_above else 1 if rated >= limits.yellow_from else 0


def reference(rows: list[dict[str, Any]]) -> set[tuple[Any, ...]]:
    """``monitor_values`` computed row by row with zoneinfo, for the period from the first
    event's local day to the last one's."""
    hourly: dict[tuple[str, int], list[int]] = defaultdict(lambda: [0, 0])
    daily: dict[tuple[str, date], list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    subjects: dict[tuple[str, date], list[int]] = defaultdict(list)
    for row in rows:
        hour = int(row["time"].timestamp()) // 3600
        day = row["time"].astimezone(ZONE).date()
        query = row["kind"] == "query611"
        approved = query and row["outcome"] == "approved"
        rejected = query and row["outcome"] == "rejected"
        hourly[(row["actor"], hour)][0] += approved
        hourly[(row["actor"], hour)][1] += rejected
        counts = daily[(row["actor"], day)]
        counts[0] += approved
        counts[1] += rejected
        counts[2] += query and row["purpose"] == "StartOfSupply"
        counts[3] += row["kind"] == "start_of_supply" and row["brs"] in SUPPLIER_SWITCH_BRS
        if query and row["subject"] is not None:
            subjects[(row["actor"], day)].append(row["subject"])
    days = [row["time"].astimezone(ZONE).date() for row in rows]
    first, last = min(days), max(days)
    epoch = date(1970, 1, 1)
    values: set[tuple[Any, ...]] = set()

    def add(actor: str, key: str, bucket: int, value: float, rated: float, n: Any, d: Any) -> None:
        values.add((actor, key, bucket, value, rated, n, d, _level(key, rated)))

    for (actor, hour), (approved, rejected) in hourly.items():
        add(actor, "approved_per_hour", hour, approved, approved, approved, None)
        add(actor, "rejected_per_hour", hour, rejected, rejected, rejected, None)
    for (actor, day), (approved, rejected, _, _) in daily.items():
        index = (day - epoch).days
        add(actor, "approved_per_day", index, approved, approved, approved, None)
        add(actor, "rejected_per_day", index, rejected, rejected, rejected, None)
    for (actor, day), seen in subjects.items():
        queries, points = len(seen), len(set(seen))
        add(
            actor,
            "queries_per_metering_point",
            (day - epoch).days,
            queries / points,
            queries / points,
            queries,
            points,
        )
    window = THRESHOLDS.window_days
    for actor in {actor for actor, _ in daily}:
        day = first
        while day <= last:
            span = [day - timedelta(days=n) for n in range(window)]
            q = sum(daily[(actor, d)][2] for d in span if (actor, d) in daily)
            r = sum(daily[(actor, d)][3] for d in span if (actor, d) in daily)
            if q or r:
                value = q / r if r else math.inf
                rated = q / (r if r else THRESHOLDS.zero_requests_rated_as)
                add(actor, RATIO, (day - epoch).days, value, rated, q, r)
            day += timedelta(days=1)
    assert set(MEASURE_KEYS) >= {v[1] for v in values}
    return values


#: The compiled distinct count (numba, the fast extra) is checked when it is installed.
KERNELS = ("off", "on") if importlib.util.find_spec("numba") else ("off",)


def computed(path: Path, kernel: str = "auto") -> tuple[set[tuple[Any, ...]], bool]:
    """``monitor_values`` as the report computes them, and whether the distinct count ran per
    day. ``kernel``: ELHUB_CIM_MONITOR_KERNEL (``on``: the per-day plan must count compiled)."""
    steps: dict[str, float] = {}
    with (
        mock.patch.dict(os.environ, {"ELHUB_CIM_MONITOR_KERNEL": kernel}),
        connect(threads=2) as con,
    ):
        source = open_events(con, [path])
        data = compute(con, source, THRESHOLDS, timings=steps)
        assert data.period is not None
        found = con.execute("SELECT * FROM monitor_values").fetchall()
        # Which plan counted the distinct subjects (per local day, or one aggregation)?
        local = [
            data.period.first + timedelta(days=n)
            for n in range((data.period.last - data.period.first).days + 1)
        ]
        days = [
            (0, local_day_start(day, ZONE), local_day_start(day + timedelta(days=1), ZONE))
            for day in local
        ]
        per_day = _clustered(con, source, days)
    rows = {
        (
            a,
            m,
            int(b),
            float(v),
            float(r),
            None if n is None else int(n),
            None if d is None else int(d),
            int(level),
        )
        for a, m, b, v, r, n, d, level in found
    }
    assert len(rows) == len(found)  # one row per actor, measure and bucket
    if per_day:
        compiled = any("compiled" in step for step in steps)
        assert compiled == (kernel == "on" and monitor_engine.ACTOR_HASH != "actor")
    return rows, per_day


@given(rows=events())
def test_measures_equal_a_plain_computation(
    tmp_path_factory: Any, rows: list[dict[str, Any]]
) -> None:
    folder = tmp_path_factory.mktemp("events")
    csv_path = write_csv(folder / "events.csv", _csv_rows(rows))
    expected = reference(rows)
    assert computed(csv_path)[0] == expected
    ordered = _parquet(csv_path, folder / "ordered.parquet", "event_time")
    shuffled = _parquet(csv_path, folder / "shuffled.parquet", "hash(actor, event_time, subject)")
    for path in (ordered, shuffled):
        for kernel in KERNELS:
            assert computed(path, kernel)[0] == expected


@pytest.mark.parametrize("kernel", KERNELS)
@pytest.mark.parametrize("actor_key", ["hash", "text"])
def test_both_plans_are_checked_against_the_reference(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, actor_key: str, kernel: str
) -> None:
    # Enough rows for several row groups: the ordered file takes the per-day plan, the shuffled
    # one the single aggregation (the property above then covers both). The distinct count keys
    # actors by a hash of their GLN, or (two actors with one hash: "text") by the GLN itself.
    if actor_key == "text":
        monkeypatch.setattr(monitor_engine, "ACTOR_HASH", "actor")
    start = STARTS[1]
    rows = [
        {
            "actor": ACTORS[n % 3],
            "time": start + timedelta(seconds=n * SPAN_SECONDS // 9000),
            "kind": "query611",
            "metering_points": 1,
            "subject": n % 97,
            "purpose": "StartOfSupply" if n % 5 else None,
            "outcome": ("approved", "rejected", None)[n % 3],
            "brs": None,
        }
        for n in range(9000)
    ]
    csv_path = write_csv(tmp_path / "events.csv", _csv_rows(rows))
    expected = reference(rows)
    plans = []
    for name, order in (("ordered", "event_time"), ("shuffled", "hash(subject, event_time)")):
        values, per_day = computed(_parquet(csv_path, tmp_path / f"{name}.parquet", order), kernel)
        assert values == expected
        plans.append(per_day)
    assert plans == [True, False]


# -- validation in the same read -----------------------------------------------------------------

TEXT_VALUES: tuple[str | None, ...] = (
    None,
    "",
    "x",
    "query611",
    "start_of_supply",
    "approved",
    "rejected",
    *PURPOSES,
    *START_OF_SUPPLY_BRS,
    "BRS-NO-611",
)
TEXT = st.sampled_from(TEXT_VALUES)


@st.composite
def risky_rows(draw: st.DrawFn) -> list[dict[str, Any]]:
    """Valid rows, most of them with one or two values replaced by anything."""
    rows = []
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(("query611", "start_of_supply")))
        query = kind == "query611"
        row = {
            "actor": draw(st.sampled_from(ACTORS)),
            "kind": kind,
            "metering_points": draw(st.integers(0, 2)),
            "subject": draw(st.none() | st.integers(-5, 5)) if query else None,
            "purpose": draw(st.sampled_from((None, *PURPOSES))) if query else None,
            "outcome": draw(st.sampled_from((None, *OUTCOMES))) if query else None,
            "brs": draw(st.sampled_from((None, "BRS-NO-611") if query else START_OF_SUPPLY_BRS)),
        }
        for column in draw(st.lists(st.sampled_from(sorted(ANY)), max_size=2)):
            row[column] = draw(ANY[column])
        rows.append(row)
    return rows


ANY: dict[str, st.SearchStrategy[Any]] = {
    "kind": TEXT.map(lambda value: value or None),
    "metering_points": st.none() | st.integers(-2, 2),
    "subject": st.none() | st.integers(-5, 5) | st.sampled_from((GSRN_LOW, GSRN_HIGH)),
    "purpose": TEXT,
    "outcome": TEXT,
    "brs": TEXT,
}


def breaks_a_rule(row: dict[str, Any]) -> bool:
    """The row rules of schema.ROW_RULES for these columns, one by one, in Python."""
    kind, brs = row["kind"], row["brs"]
    purpose, outcome, points = row["purpose"], row["outcome"], row["metering_points"]
    return (
        kind not in ("query611", "start_of_supply")
        or points is None
        or points < 0
        or (row["subject"] is not None and GSRN_LOW <= row["subject"] <= GSRN_HIGH)
        or (purpose is not None and purpose not in PURPOSES)
        or (purpose is not None and kind == "start_of_supply")
        or (outcome is not None and outcome not in OUTCOMES)
        or (outcome is not None and kind == "start_of_supply")
        or (kind == "start_of_supply" and brs not in START_OF_SUPPLY_BRS)
        or (kind == "query611" and brs is not None and brs != "BRS-NO-611")
    )


def _sql(value: Any) -> str:
    if value is None:
        return "NULL"
    return f"'{value}'" if isinstance(value, str) else str(value)


@given(rows=risky_rows())
def test_a_parquet_file_is_refused_exactly_when_a_row_breaks_a_rule(
    tmp_path_factory: Any, rows: list[dict[str, Any]]
) -> None:
    path = tmp_path_factory.mktemp("risky") / "events.parquet"
    values = ", ".join(
        f"('{r['actor']}', TIMESTAMPTZ '2026-03-10 10:00:00+00', {_sql(r['kind'])}, "
        f"{_sql(r['metering_points'])}::INTEGER, {_sql(r['subject'])}::BIGINT, "
        f"{_sql(r['purpose'])}, {_sql(r['outcome'])}, {_sql(r['brs'])})"
        for r in rows
    )
    con = duckdb.connect()
    con.execute(
        f"""COPY (SELECT actor, event_time, kind::VARCHAR AS kind, metering_points, subject,
                  purpose::VARCHAR AS purpose, outcome::VARCHAR AS outcome, brs::VARCHAR AS brs
            FROM (VALUES {values}) t(actor, event_time, kind, metering_points, subject, purpose,
                                     outcome, brs)) TO '{path}' (FORMAT parquet)"""
    )
    con.close()
    bad = [n + 1 for n, row in enumerate(rows) if breaks_a_rule(row)]
    with connect(threads=1) as con:
        source = open_events(con, [path])
        if not bad:
            compute(con, source, THRESHOLDS)
            return
        with pytest.raises(EventsError) as caught:
            compute(con, source, THRESHOLDS)
    named = sorted(int(p.message.split(",")[0].removeprefix("row ")) for p in caught.value.problems)
    assert named == bad


def test_pass_a_classifies_every_combination_of_values_as_the_rules_do() -> None:
    # Pass A does not evaluate schema.ROW_RULES as written: it codes each text column once
    # (engine._pass_a_codes) and decides "bad" and its counts from the codes. Every combination
    # of the values above for the four text columns, with each kind of number, must be bad
    # exactly when a rule (as written, in SQL) is broken; and on a valid row each count must be
    # the plain one (an approved query, ...).
    texts = "[" + ", ".join(_sql(v) for v in TEXT_VALUES) + "]"
    numbers = (
        "[{'mp': 1, 's': NULL}, {'mp': 0, 's': 7}, {'mp': NULL, 's': 7}, {'mp': -1, 's': -7},"
        f" {{'mp': 2, 's': {GSRN_LOW}}}, {{'mp': 2, 's': {GSRN_HIGH}}},"
        f" {{'mp': 2, 's': {GSRN_LOW - 1}}}, {{'mp': 2, 's': {GSRN_HIGH + 1}}}]"
    )
    rules = [r.bad for r in ROW_RULES if r.column not in ("actor", "event_time")]
    spelled = " OR ".join(f"coalesce(({rule}), false)" for rule in rules)
    plain = {
        "approved": "kind = 'query611' AND outcome = 'approved'",
        "rejected": "kind = 'query611' AND outcome = 'rejected'",
        "sos_queries": "kind = 'query611' AND purpose = 'StartOfSupply'",
        "sos_requests": "kind = 'start_of_supply' AND brs IN "
        f"({', '.join(repr(b) for b in SUPPLIER_SWITCH_BRS)})",
    }
    counts = monitor_engine._pass_a_counts()
    compared = ", ".join(
        f"count_if(coalesce(({counts[n]}), false) <> coalesce(({p}), false) AND NOT bad_rule)"
        for n, p in plain.items()
    )
    con = duckdb.connect()
    con.execute(
        f"""CREATE TABLE rows AS
        SELECT k.kind, p.purpose, o.outcome, b.brs, n.x.mp::INTEGER AS metering_points,
               n.x.s::BIGINT AS subject
        FROM unnest({texts}) k(kind), unnest({texts}) p(purpose), unnest({texts}) o(outcome),
             unnest({texts}) b(brs), unnest({numbers}) n(x)"""
    )
    found = con.execute(
        f"""SELECT count(*), count_if(bad_rule), count_if(coalesce(({counts["bad"]}), false)
                   <> bad_rule), {compared}
        FROM (SELECT *, {monitor_engine._pass_a_codes()}, ({spelled}) AS bad_rule FROM rows)"""
    ).fetchone()
    con.close()
    assert found is not None
    total, broken, wrong, *miscounted = found
    assert total == len(TEXT_VALUES) ** 4 * 8
    assert 0 < broken < total
    assert wrong == 0
    assert miscounted == [0, 0, 0, 0]
