"""Many inputs through a pipeline's stages a chunk at a time: every input of a chunk through
the first stage, then every one through the second, and so on.

A stage is a different body of code and data (libxml2 and a schema, the rule sets, a document's
generated reader, pydantic's validators...). Taking one input through all of them leaves, by the
time the next input comes, the processor's caches holding the last stage's; taking a chunk
through each stage in turn keeps each stage's code and data warm from one input to the next
(docs/performance.md, "Batches"). :func:`elhub_cim.convert_many` and
:func:`elhub_cim.pipeline.validate_many` are built on :func:`in_chunks`; their single-input
forms run the same stage functions one after another.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence, Sized
from typing import TypeVar

from .arguments import refuse_one
from .safeparse import checked_limit

__all__ = ["CHUNK", "CHUNK_BYTES", "in_chunks", "named"]

#: Inputs taken through each stage together.
CHUNK = 64
#: ... fewer once their input reaches this many bytes (a chunk holds its inputs' documents).
CHUNK_BYTES = 4 << 20

J = TypeVar("J")
R = TypeVar("R")
S = TypeVar("S")


def named(
    sources: Iterable[S], names: Iterable[str | None] | None
) -> Iterator[tuple[S, str | None] | Exception]:
    """Each source with its name (None: named by the source itself), or the error that is its
    outcome instead. ``names``, when given, are as many as ``sources``: when both have a length
    that differs, a ValueError at once (no source is taken); else a source past the last name is
    paired with a ValueError (its outcome, in its place: it is not read), and names left over
    once the sources ran out are a ValueError raised after the last pair; a name that is no str
    (nor None) is its source's TypeError. One document given
    for ``sources`` (bytes, text, a path, a file) is refused with a TypeError, where iterating
    over it would take each byte, character or line for a document; one name (a str) or no
    iterable given for ``names`` is a TypeError too."""
    refuse_one(sources, "sources", "document", "put it in a list, or convert or validate it alone")
    try:
        taken = iter(sources)
    except TypeError:
        raise TypeError(
            f"sources: an iterable of documents, not {type(sources).__name__}"
        ) from None
    if names is None:
        return ((source, None) for source in taken)
    refuse_one(names, "names", "name", "give one name (or None) for each source, in a list")
    if isinstance(sources, Sized) and isinstance(names, Sized) and len(names) != len(sources):
        raise ValueError(
            f"names: {_count(len(names), 'name')} for {_count(len(sources), 'source')}, not as "
            "many: give one name (or None) for each source"
        )
    try:
        pending = iter(names)
    except TypeError:
        raise TypeError(
            f"names: an iterable of names (str or None), not {type(names).__name__}"
        ) from None
    return _paired(taken, pending)


def _count(number: int, what: str) -> str:
    return f"{number} {what}{'' if number == 1 else 's'}"


#: The end of the names.
_END = object()


def _paired(
    sources: Iterator[S], names: Iterator[str | None]
) -> Iterator[tuple[S, str | None] | Exception]:
    """:func:`named`'s pairs, once its arguments are checked."""
    number = given = 0
    for number, source in enumerate(sources, 1):
        name = next(names, _END) if given == number - 1 else _END
        if name is _END:
            yield ValueError(f"names: no name for source {number}: the names ran out after {given}")
            continue
        given = number
        if name is None or isinstance(name, str):
            yield source, name
        else:  # (its type only: a path may hold a national identity number)
            yield TypeError(f"names: each a str or None; number {number} is {type(name).__name__}")
    if next(names, _END) is not _END:
        raise ValueError(f"names: more names than the {number} sources")


def in_chunks(
    jobs: Iterable[J | Exception],
    stages: Sequence[Callable[[J], bool | None]],
    finish: Callable[[J], R],
    *,
    weight: Callable[[J], int],
    chunk: int = CHUNK,
) -> Iterator[R | Exception]:
    """For each job, in order, ``finish(job)`` after every stage ran on it, or the exception a
    stage (or ``finish``) raised for it: that job's outcome, the others go on. A stage returns
    True when the job is finished early (no later stage runs on it). An exception in place of
    a job is that job's outcome (an input refused before its first stage). Jobs are taken from
    ``jobs`` a chunk at a time: up to ``chunk`` of them, fewer once the ``weight`` of those
    through the first stage reaches :data:`CHUNK_BYTES`.

    Should ``jobs`` itself fail (a generator of sources that raises, names that run out), the
    jobs taken from it before still get their outcomes, and then its exception is raised: as
    a loop over the single-input form would have given them. A ``chunk`` that is not a whole
    number of at least 1 is a ValueError, raised at once."""
    checked_limit(chunk, "chunk", "a number of documents")
    return _chunked(iter(jobs), stages, finish, weight, chunk)


def _chunked(
    pending: Iterator[J | Exception],
    stages: Sequence[Callable[[J], bool | None]],
    finish: Callable[[J], R],
    weight: Callable[[J], int],
    chunk: int,
) -> Iterator[R | Exception]:
    """:func:`in_chunks`' work, once its arguments are checked."""
    first, later = stages[0], stages[1:]
    failed: Exception | None = None  # what ``jobs`` raised: raised once those taken are done
    exhausted = False
    while not exhausted:
        batch: list[J | None] = []  # None: refused before its first stage
        states: list[Exception | bool] = []  # False: on to the next stage
        size = 0
        while len(batch) < chunk and size < CHUNK_BYTES:
            try:
                taken = next(pending)
            except StopIteration:
                exhausted = True
                break
            except Exception as error:
                failed, exhausted = error, True
                break
            if isinstance(taken, Exception):
                batch.append(None)
                states.append(taken)
                continue
            batch.append(taken)
            states.append(_run(first, taken))
            size += weight(taken)
        for stage in later:
            for number, job in enumerate(batch):
                if states[number] is False and job is not None:
                    states[number] = _run(stage, job)
        for number, job in enumerate(batch):
            state = states[number]
            outcome: R | Exception
            if isinstance(state, Exception):
                outcome = state
            else:
                assert job is not None  # (a job refused before its first stage: its error)
                try:
                    outcome = finish(job)
                except Exception as error:  # one input never stops the others
                    outcome = error
            yield outcome
        del batch, states  # (the chunk's documents go before the next chunk is read)
    if failed is not None:
        raise failed


def _run(stage: Callable[[J], bool | None], job: J) -> Exception | bool:
    """``stage`` on ``job``: whether it finished the job, or the exception it raised."""
    try:
        return bool(stage(job))
    except Exception as error:  # one input never stops the others
        return error
