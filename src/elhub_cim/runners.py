"""Runners of the unit of work (:func:`elhub_cim.work.run_unit`): in this process, in a local
pool of processes (``--jobs N``) or on a Dask cluster (``--dask ADDRESS``, ``--dask local:N``).

Every runner partitions the inputs by size (contiguous runs of inputs up to a byte budget, so a
partition of a few large files weighs like one of many small ones; a local pool's partitions
shrink toward the end, so that its workers finish together), calls ``run_unit`` once per
partition, and yields the records in input order, whatever order the partitions finish in. A
partition whose worker dies is retried by Dask on another worker; in a local pool, or once Dask
gives up, it runs again input by input, and only the input on which a worker dies is reported
(as an internal error): every input is accounted for.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import os
import re
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from .core.chunks import CHUNK
from .core.durability import Flusher
from .core.errors import shown_value
from .core.safeparse import checked_name
from .work import (
    Record,
    WorkItem,
    WorkOptions,
    flush_outputs,
    internal_error,
    output_to_flush,
    refuse_unflushed,
    run_unit,
)

__all__ = [
    "ClusterUnreachable",
    "StopUnanswered",
    "checked_dask",
    "dask_address",
    "default_jobs",
    "guided_partition",
    "local_workers",
    "partition",
    "run_dask",
    "run_local",
    "serial_chunks",
]

#: A partition holds at most this many bytes of input (and at least one input).
MAX_PARTITION_BYTES = 4 * 1024 * 1024
#: A local pool's partition holds at least this many inputs (unless MAX_PARTITION_BYTES stops
#: it first): a unit's inputs go through convert's and validate's stages a chunk of this many at
#: a time (``core.chunks``), and smaller chunks gain less.
MIN_PARTITION_ITEMS = CHUNK
#: One process (``--jobs 1``): a unit of work holds at most this many inputs and bytes.
SERIAL_ITEMS = 128
SERIAL_BYTES = 1024 * 1024
#: Dask: partitions submitted and not yet finished, per worker (keeps every worker busy while
#: the scheduler holds a small graph).
IN_FLIGHT_PER_WORKER = 4
#: Dask: finished partitions the client may hold, per worker, while it waits for an earlier one.
REORDER_PER_WORKER = 16
#: Dask: seconds between looks at the client's connection while it waits for a partition (a
#: client that lost its scheduler closes, and its partitions never finish).
WATCH_SECONDS = 0.1
#: A local pool interrupted (Ctrl-C, SIGTERM): seconds its workers have to hand back the records
#: of the inputs they finished in the units they were running (:func:`_pool_unit`), before they
#: are stopped outright.
STOP_SECONDS = 10.0
#: A pool worker told to stop ends its unit once the input it runs is done (its output written,
#: its record made), or after this many seconds amid it (a large input).
STOP_AMID_SECONDS = 2.0

# In a worker process of a local pool (or this process, running a batch's units itself):
# whether it was told to stop (SIGINT, SIGTERM), what ends its unit then, and whether it runs
# a unit now (:func:`_pool_unit`, :func:`_run_local`).
_stopping = False
_stop_error: BaseException | None = None
_in_unit = False
# In a Dask worker process: the runs (:func:`run_dask`, by their id) told to stop. (A worker may
# serve other clients: only this run's units stop. One short id per interrupted run.)
_stopped_runs: set[str] = set()


def stop_between_inputs(error: BaseException) -> bool:
    """For a signal handler of the command line: when this process runs a batch's unit itself
    (one process, ``--jobs 1``), ask it to stop once the input it runs is done (``error``
    raised there, or amid the input ``STOP_AMID_SECONDS`` later: the caller has SIGALRM call
    :func:`stop_now`) and say True; else False (the caller raises ``error`` itself)."""
    global _stopping, _stop_error
    if not _in_unit:
        return False
    _stopping, _stop_error = True, error
    signal.setitimer(signal.ITIMER_REAL, STOP_AMID_SECONDS)
    return True


def _stop_unit(signum: int, _frame: Any) -> None:
    """A pool worker's handler of SIGINT and SIGTERM: the unit it runs ends once the input it
    runs is done (:class:`_Finished`), or amid it ``STOP_AMID_SECONDS`` later (SIGALRM:
    :func:`stop_now`), handing back the records of the inputs it finished; a unit after that
    returns at once, finishing none."""
    global _stopping
    first = not _stopping
    _stopping = True
    if first and _in_unit:
        signal.setitimer(signal.ITIMER_REAL, STOP_AMID_SECONDS)


def stop_now(signum: int, _frame: Any) -> None:
    """SIGALRM's handler where a unit was asked to stop between inputs: it stops amid one."""
    if _in_unit:
        raise _stop_error or KeyboardInterrupt()


class _Finished(list[Record]):
    """A unit's finished records (``run_unit``'s ``done``): one added once the process is told
    to stop ends the unit (KeyboardInterrupt), between inputs, so that no input is stopped with
    its output written and its record not made."""

    def append(self, record: Record) -> None:
        super().append(record)
        if _stopping:
            raise _stop_error or KeyboardInterrupt()


@dataclasses.dataclass(slots=True)
class _Stopped:
    """What a pool worker's unit hands back when it was stopped: the records of the inputs it
    finished (their outputs written, not flushed), in the order they finished."""

    records: list[Record]


def _pool_unit(part: list[WorkItem], options: WorkOptions) -> list[Record] | _Stopped:
    """``run_unit`` in a pool's worker; stopped (:func:`_stop_unit`), what it finished."""
    global _in_unit
    done = _Finished()
    _in_unit = True
    try:
        if _stopping:
            return _Stopped([])
        return run_unit(part, options, done)
    except KeyboardInterrupt:
        return _Stopped(list(done))
    finally:
        _in_unit = False
        if _stopping:
            signal.setitimer(signal.ITIMER_REAL, 0)


class _RunFinished(list[Record]):
    """A Dask unit's finished records: one added once its run is told to stop
    (:func:`_stop_run`) ends the unit (KeyboardInterrupt), between inputs. (A Dask task runs
    in a worker's thread, where no signal reaches it: it stops between inputs only.)"""

    def __init__(self, run: str) -> None:
        super().__init__()
        self.run = run

    def append(self, record: Record) -> None:
        super().append(record)
        if self.run in _stopped_runs:
            raise KeyboardInterrupt


def _dask_unit(part: list[WorkItem], options: WorkOptions, run: str) -> list[Record] | _Stopped:
    """``run_unit`` in a Dask worker, for the run ``run``: once the run is stopped
    (:func:`_stop_run`), it ends once the input it runs is done and hands back what it
    finished, their outputs flushed to disk; a unit after that returns at once."""
    if run in _stopped_runs:
        return _Stopped([])
    done = _RunFinished(run)
    try:
        return run_unit(part, options, done)
    except KeyboardInterrupt:
        records = list(done)
        if options.flush:
            flush_outputs(records)
        return _Stopped(records)


def _stop_run(run: str) -> None:
    """Run on every Dask worker (``client.run``) when the client is interrupted: the units of
    ``run`` end between inputs (:func:`_dask_unit`)."""
    _stopped_runs.add(run)


def default_jobs() -> int:
    """The CPUs this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


#: The fewest workers :func:`max_jobs` allows, on a machine of few CPUs (inputs on a network
#: store keep a worker waiting more than working).
MIN_MAX_JOBS = 32


def max_jobs() -> int:
    """The most workers ``--jobs N`` and ``--dask local:N`` start: 4 × the CPUs this process
    may use, at least :data:`MIN_MAX_JOBS`. More only crowd the machine (each worker holds an
    interpreter and its inputs: ``-j 100000`` forked until memory ran out)."""
    return max(MIN_MAX_JOBS, 4 * default_jobs())


class TooManyWorkers(ValueError):
    """More workers asked for than :func:`max_jobs` allows."""


def _too_many(number: int, said: str | None = None) -> str | None:
    """Why ``number`` workers (``said`` so, when given) are too many, or None."""
    limit = max_jobs()
    if number <= limit:
        return None
    return (
        f"{said or number} workers: at most {limit} "
        f"(4 × the CPUs this process may use, at least {MIN_MAX_JOBS})"
    )


def jobs_option(context: Any, parameter: Any, value: int) -> int:
    """The ``--jobs`` option's check (a click callback): at most :func:`max_jobs`."""
    import click

    why = _too_many(value)
    if why is not None:
        raise click.BadParameter(why)
    return value


def partition(items: Sequence[WorkItem], parts: int) -> list[list[WorkItem]]:
    """Contiguous partitions by size: about ``parts`` of them (several per worker, so that a
    slow one does not hold the others back), each at most MAX_PARTITION_BYTES."""
    if not items:
        return []
    total = sum(max(item.size, 1) for item in items)
    budget = max(1, min(MAX_PARTITION_BYTES, total // max(parts, 1)))
    partitions: list[list[WorkItem]] = [[]]
    weight = 0
    for item in items:
        size = max(item.size, 1)
        if partitions[-1] and weight + size > budget:
            partitions.append([])
            weight = 0
        partitions[-1].append(item)
        weight += size
    return partitions


def guided_partition(items: Sequence[WorkItem], jobs: int) -> list[list[WorkItem]]:
    """Contiguous partitions for a local pool, by size: large first (few round trips through
    the parent), shrinking toward the end (a quarter of what is left per worker each time,
    down to a 64th of the whole per worker), so that the workers finish together instead of
    one waiting for the other's last large partition. Each at most MAX_PARTITION_BYTES, and at
    least MIN_PARTITION_ITEMS inputs within that."""
    if not items:
        return []
    jobs = max(jobs, 1)
    sizes = [max(item.size, 1) for item in items]
    remaining = sum(sizes)
    smallest = max(1, remaining // (jobs * 64))
    partitions: list[list[WorkItem]] = []
    start = 0
    while start < len(items):
        budget = min(MAX_PARTITION_BYTES, max(smallest, remaining // (jobs * 4)))
        end, weight = start + 1, sizes[start]
        while end < len(items) and (
            weight + sizes[end] <= budget
            or (end - start < MIN_PARTITION_ITEMS and weight + sizes[end] <= MAX_PARTITION_BYTES)
        ):
            weight += sizes[end]
            end += 1
        partitions.append(list(items[start:end]))
        remaining -= weight
        start = end
    return partitions


def serial_chunks(items: Sequence[WorkItem]) -> Iterator[list[WorkItem]]:
    """Contiguous runs of inputs for one process, short enough for steady progress (at most
    SERIAL_ITEMS inputs and SERIAL_BYTES of input): a run's records go on once its outputs
    are flushed to disk."""
    part: list[WorkItem] = []
    weight = 0
    for item in items:
        size = max(item.size, 1)
        if part and (len(part) >= SERIAL_ITEMS or weight + size > SERIAL_BYTES):
            yield part
            part, weight = [], 0
        part.append(item)
        weight += size
    if part:
        yield part


def _in_process(
    part: list[WorkItem], options: WorkOptions, done: list[Record] | None = None
) -> list[Record]:
    """``run_unit`` in this process; should it raise (what no input's record holds: a bug), the
    part runs again input by input, and the input on which it raises is an internal error (its
    type and masked message, no traceback): one input never stops the batch. What the first
    attempt wrote is this run's own: overwritten. (``done``: as ``run_unit``'s.)"""
    try:
        return run_unit(part, options, done)
    except Exception as error:
        if len(part) == 1:
            return [internal_error(part[0], error)]
    if done is not None:
        done.clear()  # (the part runs again)
    records: list[Record] = []
    for item in part:
        alone = dataclasses.replace(item, overwrite=True)
        try:
            records += run_unit([alone], options, done)
        except Exception as error:
            records.append(internal_error(item, error))
            if done is not None:
                done.append(records[-1])
    return records


def run_local(
    items: Sequence[WorkItem],
    options: WorkOptions,
    jobs: int,
    *,
    inputs: int | None = None,
    salvage: list[Record] | None = None,
) -> Iterator[Record]:
    """One process (``jobs`` 1) or a pool of ``jobs`` processes; records in input order.

    A worker that dies (killed, out of memory, a crash in a C library) breaks the pool: the
    partitions it took down run again in waves of ``jobs``, and a partition that fails again
    runs input by input, so that only the input on which a worker dies is reported (as an
    internal error) and every other input is converted as usual.

    ``inputs``: how many inputs the command has (``items`` and those decided before, skipped
    or refused; default: ``items``). A command of one input runs in this process whatever
    ``jobs`` (no pool to start: its crash is the command's own); one input left of many runs
    in a worker, as the others would have, so that a crash on it is reported like theirs.

    ``salvage``: interrupted (KeyboardInterrupt, raised in here or thrown in by closing it), the
    records of the inputs finished and not yet handed on go there, their outputs flushed to
    disk: those the units running then finished (each worker, sent SIGTERM, hands back what it
    finished within ``STOP_SECONDS``) and those waiting for an earlier input's; then the
    interrupt goes on. Without it, the workers are stopped the same way, what they finished lost.
    """
    global _stopping, _stop_error
    _stopping, _stop_error = False, None  # (a batch before in this process may have been)
    flusher: Flusher[Record] = Flusher()
    alone = (len(items) if inputs is None else inputs) <= 1
    try:
        yield from _run_local(
            items,
            dataclasses.replace(options, flush=False),
            1 if alone else jobs,
            flusher,
            salvage,
        )
    finally:
        flusher.close()


def _flushed(entries: list[tuple[Record, OSError | None]]) -> Iterator[Record]:
    for record, error in entries:
        if error is not None:
            refuse_unflushed(record, error)
        yield record


def _run_local(
    items: Sequence[WorkItem],
    options: WorkOptions,
    jobs: int,
    flusher: Flusher[Record],
    salvage: list[Record] | None = None,
) -> Iterator[Record]:
    """run_local's work; the outputs are flushed to disk by ``flusher``, in the background, and
    each record is handed on once its output is on disk."""
    global _in_unit

    def flush(records: Iterable[Record]) -> None:
        flusher.put((record, output_to_flush(record)) for record in records)

    # Records not handed on yet: flushed and waiting for their turn (``done``; ``queue``, one
    # process), finished and not put to the flusher (``lost``: an interrupted unit's).
    done: dict[int, Record] = {}
    queue: deque[Record] = deque()
    lost: list[Record] = []
    # (and those of a partition run input by input, finished so far: :func:`_isolated`)
    isolating: list[Record] = []
    rounds: Generator[tuple[list[WorkItem], list[Record] | None]] | None = None
    try:
        if jobs <= 1 or not items:
            for part in serial_chunks(items):
                finished = _Finished()
                lost = finished
                _in_unit = True
                try:
                    records = _in_process(part, options, finished)
                finally:
                    _in_unit = False
                    if _stopping:
                        signal.setitimer(signal.ITIMER_REAL, 0)
                lost = []
                flush(records)
                queue.extend(_flushed(flusher.ready()))
                while queue:
                    yield queue.popleft()
            queue.extend(_flushed(flusher.drain()))
            while queue:
                yield queue.popleft()
            return
        parts = guided_partition(items, jobs)
        _preload(options)
        order = iter([item.index for item in items])
        following = next(order, None)

        def ready() -> Iterator[Record]:
            nonlocal following
            while following is not None and following in done:
                yield done.pop(following)
                following = next(order, None)

        failed: list[list[WorkItem]] = []
        kept = lost if salvage is not None else None
        # The workers fork from this process: what it has loaded (schemas, tables, plans) goes
        # to the permanent generation, so that a worker's garbage collector never walks it,
        # which would write to, and so copy, every page of it in every worker (time, and
        # memory per worker).
        gc.freeze()
        try:
            rounds = first = _pool_round(parts, options, jobs, salvage=kept)
            for part, outcome in first:
                if outcome is None:
                    failed.append(part)
                    continue
                flush(outcome)
                done.update((record.index, record) for record in _flushed(flusher.ready()))
                yield from ready()
            # What the lost partitions wrote before the pool broke is this run's own: overwrite
            # it.
            failed = [
                [dataclasses.replace(item, overwrite=True) for item in part] for part in failed
            ]
            for start in range(0, len(failed), jobs):
                wave = failed[start : start + jobs]
                # (each new pool forks its workers: never while the flusher thread is flushing)
                rounds = again = _pool_round(
                    wave,
                    options,
                    jobs,
                    flusher.wait_idle,
                    salvage=kept,
                )
                for part, outcome in again:
                    if outcome is None:
                        isolating = []
                        outcome = _isolated(part, options, flusher.wait_idle, isolating)
                        isolating = []
                    flush(outcome)
                done.update((record.index, record) for record in _flushed(flusher.ready()))
                yield from ready()
        finally:
            gc.unfreeze()
        done.update((record.index, record) for record in _flushed(flusher.drain()))
        yield from ready()
    except BaseException:  # interrupted (KeyboardInterrupt), or closed (GeneratorExit)
        if salvage is not None:
            # (first those on disk already: a second Ctrl-C while the workers are waited for
            # gives up only what they were still to hand back)
            salvage += [*queue, *done.values()]
            queue.clear()
            done.clear()
        try:
            if rounds is not None:
                rounds.close()  # (its workers hand back what they finished, to ``lost``)
        finally:  # (also after a second Ctrl-C there: what had come back)
            if salvage is not None:
                # (the records put to the flusher, and then those finished, once on disk)
                entries = flusher.drain()
                flush([*lost, *isolating])
                entries += flusher.drain()
                salvage += _flushed(entries)
        raise


def _preload(options: WorkOptions) -> None:
    """Import here what every worker would import for ``options`` (the conversion stack, the
    rules, a handler's module): the workers fork with it, instead of each importing it again
    (CPU per worker, and memory, since forked pages are shared until written)."""
    import importlib

    package = __package__ or "elhub_cim"
    if options.command == "convert":
        modules = [f"{package}.convert", f"{package}.pipeline", f"{package}.rules"]
    elif options.command == "validate":
        modules = [f"{package}.pipeline", f"{package}.rules"]
    else:
        modules = [(options.handler or "").partition(":")[0]]
    for module in modules:
        try:
            importlib.import_module(module)
        except Exception:  # noqa: S112 - a worker reports it per input, as without preloading
            continue


def _context() -> Any:
    import multiprocessing

    # fork: the workers start with this process's loaded schemas and tables (fast start);
    # each worker holds one partition's documents at a time (flat memory).
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else None)


def _end_with(parent: int) -> None:
    """A worker's initializer: on Linux, the kernel sends the worker SIGKILL when its parent
    ends, however it ends (a killed parent runs no clean-up, and the worker would wait for work
    forever, holding its memory); a parent gone before this ran is seen by the worker's new
    parent process id. (Linux sends it when the *thread* that started the worker ends: every
    pool here is made and used within one call, so that thread outlives its workers.)"""
    # SIGINT (Ctrl-C reaches every process of the terminal's group) and SIGTERM (a service
    # stopped: every process of it) end the unit a worker runs, which hands back what it
    # finished (:func:`_pool_unit`), instead of losing it; the parent sends SIGTERM when only
    # it was interrupted. (The command line's handlers, forked with the parent, are not the
    # worker's.) SIGINT ignored in the parent (started so: a shell script's background job)
    # stays ignored: Ctrl-C does not stop the parent, nor its workers.
    if signal.getsignal(signal.SIGINT) is not signal.SIG_IGN:
        signal.signal(signal.SIGINT, _stop_unit)
    signal.signal(signal.SIGTERM, _stop_unit)
    signal.signal(signal.SIGALRM, stop_now)
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    pr_set_pdeathsig = 1
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(pr_set_pdeathsig, int(signal.SIGKILL), 0, 0, 0)
    except (OSError, AttributeError):  # pragma: no cover - no prctl: as before
        return
    if os.getppid() != parent:
        os._exit(1)


def _worker_start(parent: int, registry: Any) -> None:
    """A pool worker's initializer: it ends with its parent (:func:`_end_with`) and enters its
    process id in its pool's ``registry`` (:func:`_pool`), through which the parent stops it
    (:func:`_stop_workers`). Entered once the parent began to stop the pool (slot 0 set), it
    stops its units itself: the parent, reading the registry under the same lock, either sees
    its id or has set the slot first, so that no worker starting amid an interrupt runs a unit
    whole."""
    global _stopping
    _end_with(parent)
    with registry.get_lock():
        if registry[0]:
            _stopping = True
            return
        for slot in range(1, len(registry)):
            if not registry[slot]:
                registry[slot] = os.getpid()
                return


def _pool(workers: int) -> Any:
    """A local pool of ``workers`` processes that end with this process; ``pool.registry``
    holds their process ids as they start (:func:`_worker_start`). (The pool's own list of its
    processes is private, ``ProcessPoolExecutor._processes``: this one is the pool's initializer
    and a shared array, public API. A pool never replaces a worker: one that dies breaks it.)"""
    from concurrent.futures import ProcessPoolExecutor

    context = _context()
    # [stopping, pid, pid, ...]: one slot per worker, 0 until it starts.
    registry = context.Array("q", workers + 1)
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=_worker_start,
        initargs=(os.getpid(), registry),
    )
    pool.registry = registry  # type: ignore[attr-defined]
    return pool


def _stopping_workers(pool: Any) -> list[int]:
    """The process ids of ``pool``'s workers started so far; a worker that starts after this
    stops its units itself (:func:`_worker_start`)."""
    registry = pool.registry
    with registry.get_lock():
        registry[0] = 1
        return [pid for pid in registry[1:] if pid]


def _pool_round(
    parts: list[list[WorkItem]],
    options: WorkOptions,
    jobs: int,
    before_fork: Callable[[], None] = lambda: None,
    *,
    salvage: list[Record] | None = None,
) -> Generator[tuple[list[WorkItem], list[Record] | None]]:
    """Each part with its records, in order; None for a part lost to a broken pool, or whose
    unit raised (what no input's record holds: a bug, records that cannot come back), or was
    stopped (a worker sent a signal alone), which then runs again, and input by input
    (:func:`_isolated`) to find the input at fault. ``before_fork`` is called before the pool
    forks its workers (its first submit). Interrupted (or closed before its end), the records
    of the parts not handed on, as far as their workers finished them, go to ``salvage``
    (:func:`_stop_workers`)."""
    before_fork()
    with _pool(min(jobs, len(parts))) as pool:
        futures = [pool.submit(_pool_unit, part, options) for part in parts]
        following = 0  # (the first part not handed on)
        try:
            for number, (part, future) in enumerate(zip(parts, futures, strict=True)):
                outcome: list[Record] | _Stopped | None
                try:
                    outcome = future.result()
                except Exception:  # (BrokenProcessPool among them)
                    outcome = None
                following = number + 1
                yield part, outcome if isinstance(outcome, list) else None
        except BaseException:  # interrupted (Ctrl-C, SIGTERM), or closed early (GeneratorExit)
            _stop_workers(pool, futures[following:], salvage)
            raise


def _stop_workers(pool: Any, futures: list[Any], salvage: list[Record] | None) -> None:
    """Stop an interrupted pool's workers: each is sent SIGTERM (only this process may have
    been interrupted: ``kill``; SIGINT a worker may ignore), ends its unit and hands back what
    it finished, which ``futures``' records add to ``salvage`` (if given); a worker that has
    not within ``STOP_SECONDS`` is stopped outright: SIGKILL (its SIGTERM handler would take
    another SIGTERM as one more request to stop between inputs, and a worker deaf to it, stuck
    in a C call, would hold the interrupted command; what it writes is atomic, a staged file
    left is cleared by the next run). (No future is cancelled: the pool, finding its workers
    gone, fails those left, and Python 3.11's fails on a cancelled one, InvalidStateError.)"""
    processes = _stopping_workers(pool)
    try:
        for pid in processes:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGTERM)
        # (all at once: a unit that does not come back loses no other's records; those back
        # already first, kept should a second Ctrl-C end the wait)
        from concurrent.futures import wait

        left = list(futures)
        for timeout in (0.0, STOP_SECONDS):
            finished, waiting = wait(left, timeout=timeout)
            for future in [future for future in left if future in finished]:
                if future.exception() is None and salvage is not None:
                    outcome = future.result()
                    salvage += outcome.records if isinstance(outcome, _Stopped) else outcome
            left = [future for future in left if future in waiting]
        if not left:
            processes = []  # (every unit came back: the workers wait for the pool's end)
    finally:
        for pid in processes:
            if _is_child(pid):
                with contextlib.suppress(OSError):
                    os.kill(pid, signal.SIGKILL)


def _is_child(pid: int) -> bool:
    """Whether ``pid`` is still a child of this process (Linux: its parent in /proc; a worker
    gone and its number taken by another process is not killed); elsewhere assumed."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except FileNotFoundError:
        return False
    except OSError:  # (no /proc)
        return True
    fields = stat.rpartition(")")[2].split()
    return len(fields) > 1 and fields[1] == str(os.getpid())


def _alone(
    client: Any,
    part: list[WorkItem],
    options: WorkOptions,
    run: str,
    records: deque[Record],
    running: dict[str, Any],
    address: str = "dask",
) -> None:
    """A partition Dask gave up on (KilledWorker), input by input, one task at a time, its
    records added to ``records``: only the input on which a worker dies is reported, as in a
    local pool. (Dask blames every task a dying worker holds, so a partition, or a lone input
    queued beside the one at fault, is blamed for what another did.) What the lost attempts
    wrote is this run's own: overwritten. The task in flight is in ``running`` (by its key),
    for :func:`_gather_in_order` to collect, should the run be interrupted. A client that lost
    its scheduler (``address``) is ClusterUnreachable: its tasks would never finish."""
    for item in part:
        if _lost(client):
            raise ClusterUnreachable(address, OSError(), lost=True)
        alone = dataclasses.replace(item, overwrite=True)
        future = client.submit(_dask_unit, [alone], options, run, pure=False)
        running[future.key] = future
        try:
            outcome = _result(future, client, address)
        except ClusterUnreachable:
            raise
        except Exception as error:  # KilledWorker again: this is the input at fault
            if _lost(client):  # (no: its task was cancelled as the client closed)
                raise ClusterUnreachable(address, error, lost=True) from None
            outcome = [internal_error(item, f"{type(error).__name__}: {error}")]
        del running[future.key]
        records += outcome.records if isinstance(outcome, _Stopped) else outcome
        future.release()


def _isolated(
    part: list[WorkItem],
    options: WorkOptions,
    before_fork: Callable[[], None] = lambda: None,
    records: list[Record] | None = None,
) -> list[Record]:
    """Input by input in a one-worker pool, renewed after a death: finds the input at fault.
    An input whose unit raises something else (a bug, a record that cannot come back) is an
    internal error too, with the error's type and masked message (no traceback), and the batch
    goes on. ``before_fork`` is called before each pool forks its worker (its first submit).
    The records go to ``records`` (returned) as each input is done: interrupted, it holds
    those finished, and the one running then, once its worker hands it back
    (:func:`_stop_workers`)."""
    from concurrent.futures.process import BrokenProcessPool

    records = [] if records is None else records
    pool = _pool(1)
    new = True
    running: Any = None  # (the input's unit submitted, its records not yet in ``records``)
    try:
        for item in part:
            if new:
                before_fork()
                new = False
            try:
                running = pool.submit(run_unit, [item], options)
                outcome = running.result()
                running = None
                records += outcome
            except Exception as error:
                running = None
                died = isinstance(error, BrokenProcessPool)
                records.append(
                    internal_error(item, "the worker process died on this input" if died else error)
                )
                # (a new worker for the next input: this one may be gone, or in a bad state)
                pool.shutdown(wait=False)
                pool = _pool(1)
                new = True
    except BaseException:  # interrupted (KeyboardInterrupt), or closed (GeneratorExit)
        if running is not None:
            _stop_workers(pool, [running], records)
        raise
    finally:
        pool.shutdown()
    return records


def local_workers(address: str) -> int | None:
    """The workers of a local cluster, ``local:N`` (``local:`` or ``local:0``: the CPUs this
    process may use); None for a scheduler's address. Raises ValueError for another N (a
    cluster of no worker would wait for one forever)."""
    if not address.startswith("local:"):
        return None
    number = address.split(":", 1)[1] or "0"
    if not (number.isascii() and number.isdigit()):
        raise ValueError(
            f"{shown_value(address, 40)!r}: local:N takes a whole number of workers N (0: the CPUs)"
        )
    digits = number.lstrip("0")  # (a number of thousands of digits: int() refuses it)
    workers = int(digits or "0") if len(digits) <= 9 else max_jobs() + 1
    why = _too_many(workers, digits if len(digits) <= 20 else "so many")
    if why is not None:
        raise TooManyWorkers(f"{shown_value(address, 40)!r}: {why}")
    return workers or default_jobs()


#: A scheduler's address as distributed reads it: [PROTOCOL://]HOST:PORT (an IPv6 host in
#: brackets, an empty host: this machine), or an in-process one.
_SCHEDULER = re.compile(
    r"(?:[a-z][a-z0-9+.-]*://)?(?:\[[0-9A-Fa-f:.%]+\]|[^\s:/\[\]@]*):[0-9]{1,5}|inproc://\S+",
    re.ASCII,
)


def checked_dask(value: object, name: str = "dask") -> str | None:
    """``value``, the argument ``name``: None (no cluster), ``local:N`` or a scheduler's address
    ([tcp://]HOST:PORT). Another text is a ValueError naming the argument (distributed would say
    "missing port number", naming nothing, once every input is listed); another type a
    TypeError."""
    address = checked_name(value, name)
    if address is None:
        return None
    try:
        if local_workers(address) is not None or _SCHEDULER.fullmatch(address):
            return address
    except TooManyWorkers as error:
        raise TooManyWorkers(f"{name}: {error}") from None
    except ValueError:
        pass  # (local: with no whole number: said below)
    shown = repr(shown_value(address, 40)) if address else "empty"
    raise ValueError(
        f"{name} is a scheduler's address ([tcp://]HOST:PORT, e.g. tcp://10.0.0.5:8786), "
        f"local:N for a local cluster of N workers (0: the CPUs), or None, not {shown}"
    )


def dask_address(context: Any, parameter: Any, value: str | None) -> str | None:
    """The ``--dask`` option's check (a click callback): ``local:N`` with a number N, or a
    scheduler's address ([tcp://]HOST:PORT)."""
    import click

    try:
        return checked_dask(value)
    except ValueError as error:
        raise click.BadParameter(
            str(error)
            .removeprefix("dask: ")
            .removeprefix("dask is ")
            .replace(", or None, not ", ", not ", 1)
        ) from None


class ClusterUnreachable(RuntimeError):
    """``--dask``: the scheduler at ``address`` cannot be reached (a wrong port, a host down),
    or the local cluster cannot start (nothing was run); or the scheduler was lost mid-run
    (``lost``: the client gave up reconnecting)."""

    def __init__(self, address: str, error: BaseException, *, lost: bool = False) -> None:
        local = local_workers(address) is not None
        if lost:  # (what failed then, a task cancelled as the client closed, says less)
            what, error = "lost the Dask scheduler", OSError("the client gave up reconnecting")
        else:
            what = (
                "cannot start a local Dask cluster" if local else "cannot reach the Dask scheduler"
            )
        reason = error.strerror if isinstance(error, OSError) and error.strerror else error
        super().__init__(f"{what}: {reason}")
        self.address = address


class StopUnanswered(ClusterUnreachable):
    """``--dask``: an interrupted run told every worker to stop its units and hand back what
    they finished, and a worker did not answer within ``seconds`` (stopped, its event loop
    stuck): the run ends as one whose scheduler was lost (an I/O error), no longer waiting.
    What that worker converted may have no manifest line (``--resume`` converts it again), and
    units of the run may go on there."""

    def __init__(self, address: str, seconds: float) -> None:
        RuntimeError.__init__(
            self,
            f"a Dask worker did not answer within {seconds:g} s as the run stopped: what it "
            "converted may have no manifest line (--resume converts it again), and units of "
            "this run may still run there",
        )
        self.address = address


def run_dask(
    items: Sequence[WorkItem],
    options: WorkOptions,
    address: str,
    *,
    announce: Callable[[str], Any] = print,
    salvage: list[Record] | None = None,
) -> Iterator[Record]:
    """Run on a ``dask.distributed`` cluster at ``address``, or on a local cluster of N worker
    processes for ``local:N``; records in input order. The dashboard link is announced.

    ``salvage``: interrupted (KeyboardInterrupt, raised in here or thrown in by closing it), the
    records of the inputs finished and not yet handed on go there, their outputs on disk: those
    of the partitions finished behind an earlier one, and those the units running then finished
    (every worker is told to stop this run's units between inputs, and each hands back what it
    finished, within ``STOP_SECONDS``); then the interrupt goes on. Without it, the units run
    on as the client ends."""
    try:
        from distributed import Client, LocalCluster, as_completed
    except ImportError as error:  # pragma: no cover - depends on the install
        raise RuntimeError("--dask needs: pip install 'elhub-cim[scale]'") from error

    clusters: list[Any] = []
    client: Any = None
    workers = local_workers(address)
    try:
        try:
            if workers is not None:
                _start_local_cluster(LocalCluster, workers, clusters)
                client = Client(clusters[0])  # type: ignore[no-untyped-call]
            else:
                client = Client(address)  # type: ignore[no-untyped-call]
        except OSError as error:  # (distributed's "Timed out trying to connect", a port taken)
            raise ClusterUnreachable(address, error) from None
        announce(f"dask dashboard: {client.dashboard_link}")
        workers_now = max(1, len(client.scheduler_info().get("workers", {})))
        parts = partition(items, workers_now * 8)
        yield from _gather_in_order(
            client, as_completed, parts, options, workers_now, salvage=salvage, address=address
        )
    finally:
        if client is not None:
            client.close()
        for cluster in clusters:
            cluster.close()


def _start_local_cluster(local_cluster: Any, workers: int, started: list[Any]) -> None:
    """A local cluster of ``workers`` processes, added to ``started``, whose processes leave
    SIGINT and SIGTERM to this one: Ctrl-C at a terminal reaches every process of its group, and
    a service stopped sends SIGTERM to each of its processes, which would end each worker amid
    its unit (a traceback each, its finished outputs without their records). They are blocked
    in this thread while the cluster starts (the threads it starts, and the processes those
    start, keep the mask: a blocked signal stays blocked across exec, and Python unblocks none),
    so that this process stops the run (:func:`_stop_dask_run`), and the workers end with the
    cluster (or with this process: distributed's workers watch their parent). A signal to this
    process while the cluster starts is taken once it has started (a few seconds)."""
    blocked = {signal.SIGINT, signal.SIGTERM}
    mask = getattr(signal, "pthread_sigmask", None)
    if mask is not None:
        # (multiprocessing's resource tracker, started with the first process spawned, unblocks
        # these two in the thread that starts it: started first, here, it is not started again)
        from multiprocessing import resource_tracker

        with contextlib.suppress(Exception):
            resource_tracker.ensure_running()
    previous = mask(signal.SIG_BLOCK, blocked) if mask is not None else None
    try:
        started.append(
            local_cluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address="127.0.0.1:0",
                host="127.0.0.1",
            )
        )
    finally:
        if mask is not None and previous is not None:
            mask(signal.SIG_SETMASK, previous)


def _gather_in_order(
    client: Any,
    as_completed: Any,
    parts: list[list[WorkItem]],
    options: WorkOptions,
    workers: int,
    *,
    salvage: list[Record] | None = None,
    address: str = "dask",
) -> Iterator[Record]:
    """Submit the partitions a few at a time (``IN_FLIGHT_PER_WORKER`` per worker) and yield
    their records in input order. A partition that fails (Dask gave up after its workers died,
    or its unit raised) runs again input by input (:func:`_alone`). Interrupted (or closed
    before its end), the records not handed on go to ``salvage`` (:func:`_stop_dask_run`); so
    they do when the client loses its scheduler (``address``), which is then
    :class:`ClusterUnreachable`, where the partitions would be waited for for ever.

    Submitting all partitions at once would put every input of an archive into one task graph
    (tens of MiB for 200,000 paths, held by the scheduler) and would let finished partitions
    pile up on the client behind a slow one. Here the scheduler holds a window of tasks, and the
    client never holds more than ``REORDER_PER_WORKER`` partitions per worker that wait for an
    earlier one.
    """
    import uuid

    run = uuid.uuid4().hex
    in_flight = max(2, IN_FLIGHT_PER_WORKER * workers)
    reorder = max(in_flight, REORDER_PER_WORKER * workers)
    index: dict[str, int] = {}
    # Tasks submitted and not yet collected, by key (a partition's, or :func:`_alone`'s).
    running: dict[str, Any] = {}
    queue = as_completed()
    submitted = 0

    def submit_more() -> None:
        nonlocal submitted
        while submitted < len(parts) and len(index) < in_flight and submitted - following < reorder:
            future = client.submit(_dask_unit, parts[submitted], options, run, pure=False)
            index[future.key] = submitted
            running[future.key] = future
            queue.add(future)
            submitted += 1

    # Records not handed on yet: a partition's, finished and waiting for an earlier one.
    done: dict[int, deque[Record]] = {}
    following = 0
    try:
        submit_more()
        while following < len(parts):
            future = _next_finished(queue, client, address)
            number = index.pop(future.key)
            try:
                outcome = future.result()
            except Exception:  # (KilledWorker among them) a death, a record that cannot come
                outcome = None  # back...
            del running[future.key]
            future.release()
            if isinstance(outcome, list):
                done[number] = deque(outcome)
            else:
                # ...: input by input, so that only the input at fault is reported, as in a
                # local pool (_isolated), and the others of its partition convert. (A unit
                # stopped, _Stopped, by a run interrupted in another client of the same id:
                # never; run again all the same.)
                done[number] = deque()
                _alone(client, parts[number], options, run, done[number], running, address)
            while following in done:
                records = done[following]
                while records:
                    yield records.popleft()
                del done[following]
                following += 1
            submit_more()
    except BaseException as error:  # interrupted (KeyboardInterrupt), closed (GeneratorExit)
        if salvage is not None:
            salvage += [record for records in done.values() for record in records]
            _stop_dask_run(client, run, list(running.values()), salvage, address)
        lost = isinstance(error, Exception) and not isinstance(error, ClusterUnreachable)
        if lost and _lost(client):  # (a submit to a client closed meanwhile)
            raise ClusterUnreachable(address, error, lost=True) from None
        raise


def _lost(client: Any) -> bool:
    """Whether ``client`` has lost its scheduler (it closes once it gives up reconnecting,
    after ``distributed.comm.timeouts.connect``)."""
    return getattr(client, "status", "running") in ("closing", "closed")


def _result(future: Any, client: Any, address: str) -> Any:
    """``future``'s result; ClusterUnreachable once the client has lost its scheduler, where
    ``future.result()`` would wait for ever."""
    while True:
        try:
            return future.result(timeout=WATCH_SECONDS)
        except TimeoutError:
            if _lost(client):
                raise ClusterUnreachable(address, OSError(), lost=True) from None


def _next_finished(queue: Any, client: Any, address: str) -> Any:
    """The next finished future of ``queue`` (distributed's as_completed); ClusterUnreachable
    once the client has lost its scheduler, whose partitions would never finish."""
    while not queue.has_ready():
        if _lost(client):
            raise ClusterUnreachable(address, OSError(), lost=True)
        time.sleep(WATCH_SECONDS)
    return next(queue)


def _stop_dask_run(
    client: Any, run: str, running: list[Any], salvage: list[Record], address: str = "dask"
) -> None:
    """Stop an interrupted Dask run: every worker is told to end this run's units between
    inputs (:func:`_stop_run`), and the records of what ``running``'s units finished go to
    ``salvage``, as far as they come back within ``STOP_SECONDS`` (a unit that has not by then
    runs on as the client ends). A worker that does not answer the stop, or hand back what it
    finished, within ``STOP_SECONDS`` (stopped, its event loop stuck: each call would wait for
    it for ever) is :class:`StopUnanswered`, once what came back from the others is taken."""
    from distributed import wait

    unanswered = False
    try:
        # (distributed's sync takes callback_timeout, and raises TimeoutError at its end)
        client.run(_stop_run, run, callback_timeout=STOP_SECONDS)
    except TimeoutError:
        unanswered = True
    except Exception:  # noqa: S110 - (a client closed, its scheduler lost): said elsewhere
        pass
    with contextlib.suppress(Exception):  # (a timeout: those that came back are collected)
        wait(running, timeout=STOP_SECONDS)  # type: ignore[no-untyped-call]
    # (a finished unit's records are fetched from its worker: one that does not answer holds
    # the rest up for STOP_SECONDS at most, then a tenth of it each)
    deadline = time.monotonic() + STOP_SECONDS
    for future in running:  # (all at once: one that does not come back loses no other's)
        if future.status != "finished":
            continue
        try:
            outcome = future.result(timeout=max(deadline - time.monotonic(), STOP_SECONDS / 10))
        except TimeoutError:
            unanswered = True
            continue
        except Exception:  # noqa: S112 - (a record that cannot come back): nothing to collect
            continue
        salvage += outcome.records if isinstance(outcome, _Stopped) else outcome
    if unanswered:
        raise StopUnanswered(address, STOP_SECONDS)
