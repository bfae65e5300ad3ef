"""The Dask runner submits partitions in a bounded window: the scheduler never holds the whole
archive as one graph, the client never buffers more than a bounded number of finished
partitions behind a slow one, and records still come back in input order, each input once.

A scripted client stands in for ``distributed`` (the real cluster is tested in test_dask.py):
it decides which submitted partition finishes next, so that the worst orders can be forced.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from elhub_cim import runners
from elhub_cim.work import Record, WorkItem, WorkOptions


@dataclass
class _Future:
    key: str
    number: int
    outcome: list[Record] | Exception

    def result(self, timeout: float | None = None) -> list[Record]:
        if isinstance(self.outcome, Exception):
            raise self.outcome
        return self.outcome

    def release(self) -> None:
        pass


@dataclass
class _Script:
    """Runs submitted partitions at once; ``pick`` chooses which pending one is reported next."""

    pick: Callable[[list[_Future]], _Future]
    failing: set[int] = field(default_factory=set)  # partitions (submission numbers) that fail
    failing_inputs: set[int] = field(default_factory=set)  # inputs that fail when run alone
    error: Exception = field(default_factory=lambda: RuntimeError("KilledWorker: died twice"))
    pending: list[_Future] = field(default_factory=list)
    submitted: list[int] = field(default_factory=list)
    reported: int = 0
    most_in_flight: int = 0

    def submit(
        self, function: Any, part: list[WorkItem], options: WorkOptions, *rest: Any, pure: bool
    ) -> _Future:
        assert pure is False
        number = len(self.submitted)
        self.submitted.append(number)
        outcome: list[Record] | Exception
        alone_at_fault = len(part) == 1 and part[0].index in self.failing_inputs
        if number in self.failing or alone_at_fault:
            outcome = self.error
        else:
            outcome = function(part, options, *rest)
        return _Future(f"run_unit-{number}", number, outcome)

    def as_completed(self) -> _Queue:
        return _Queue(self)


class _Queue:
    def __init__(self, script: _Script) -> None:
        self.script = script

    def add(self, future: _Future) -> None:
        self.script.pending.append(future)
        self.script.most_in_flight = max(self.script.most_in_flight, len(self.script.pending))

    def __iter__(self) -> Iterator[_Future]:
        return self

    def has_ready(self) -> bool:
        return bool(self.script.pending)

    def __next__(self) -> _Future:
        if not self.script.pending:
            raise StopIteration
        chosen = self.script.pick(self.script.pending)
        self.script.pending.remove(chosen)
        self.script.reported += 1
        return chosen


def _items(count: int) -> list[WorkItem]:
    return [
        WorkItem(index, f"in/{index:04d}.xml", f"in/{index:04d}.xml", size=1)
        for index in range(count)
    ]


def _fake_unit(
    part: list[WorkItem], options: WorkOptions, done: list[Record] | None = None
) -> list[Record]:
    return [Record(item.index, item.label, "converted") for item in part]


def _run(script: _Script, parts: list[list[WorkItem]], workers: int) -> tuple[list[Record], int]:
    """The records, and the most finished partitions the client held back at any time."""
    records: list[Record] = []
    most_held = 0
    for record in runners._gather_in_order(
        script, script.as_completed, parts, WorkOptions("convert", 1 << 20), workers
    ):
        records.append(record)
        finished_parts = script.reported
        yielded_parts = len({r.index for r in records})  # one input per partition here
        most_held = max(most_held, finished_parts - yielded_parts)
    return records, most_held


@pytest.fixture(autouse=True)
def _no_conversion(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(runners, "run_unit", _fake_unit)


@pytest.mark.parametrize("workers", [1, 2, 5])
def test_a_slow_first_partition_bounds_what_the_client_holds(workers: int) -> None:
    items = _items(400)
    parts = [[item] for item in items]

    def first_last(pending: list[_Future]) -> _Future:
        # The earliest partition finishes only when nothing else can: the worst case for order.
        others = [future for future in pending if future.number != min(f.number for f in pending)]
        return max(others, key=lambda future: future.number) if others else pending[0]

    script = _Script(first_last)
    records, most_held = _run(script, parts, workers)

    assert [record.index for record in records] == list(range(400))
    assert script.submitted == list(range(400))
    assert script.most_in_flight <= runners.IN_FLIGHT_PER_WORKER * workers
    assert most_held <= runners.REORDER_PER_WORKER * workers


def test_in_order_completion_keeps_every_worker_busy() -> None:
    items = _items(100)
    parts = [items[start : start + 4] for start in range(0, 100, 4)]
    script = _Script(lambda pending: pending[0])
    records, most_held = _run(script, parts, 2)

    assert [record.index for record in records] == list(range(100))
    # the window is full whenever enough partitions are left: workers never wait for the client
    assert script.most_in_flight == runners.IN_FLIGHT_PER_WORKER * 2
    assert most_held <= 1


def test_a_partition_that_fails_reports_only_the_input_at_fault() -> None:
    # Partition 2 (inputs 6-8) fails as a whole; run again input by input, only input 7 fails
    # alone: it is the one reported, as a local pool reports it, and 6 and 8 convert.
    items = _items(12)
    parts = [items[start : start + 3] for start in range(0, 12, 3)]
    script = _Script(lambda pending: pending[-1], failing={2}, failing_inputs={7})
    records, _ = _run(script, parts, 1)

    assert [record.index for record in records] == list(range(12))
    failed = [record for record in records if record.internal_error]
    assert [record.index for record in failed] == [7]
    assert "KilledWorker" in failed[0].problems[0].message
    assert all(record.status == "converted" for record in records if not record.internal_error)


def test_a_partition_that_raises_what_is_no_death_is_retried_input_by_input() -> None:
    # Not only Dask's KilledWorker: any exception of a partition (a record that cannot come
    # back) is looked for input by input, not blamed on every input of the partition.
    items = _items(6)
    parts = [items[:3], items[3:]]
    script = _Script(
        lambda pending: pending[0], failing={0}, failing_inputs={1}, error=ValueError("bad")
    )
    records, _ = _run(script, parts, 2)

    assert [(record.index, record.internal_error) for record in records] == [
        (0, False),
        (1, True),
        (2, False),
        (3, False),
        (4, False),
        (5, False),
    ]
    assert "ValueError: bad" in records[1].problems[0].message


def test_no_partitions_gives_no_records() -> None:
    script = _Script(lambda pending: pending[0])
    assert _run(script, [], 2) == ([], 0)
    assert script.submitted == []
