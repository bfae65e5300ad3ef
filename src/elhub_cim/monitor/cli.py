"""``elhub-cim monitor``: extract events from message files, rate actors, chart the measures.

Exit codes: 0 done; 1 ``report --fail-on`` level reached; 2 usage, I/O or invalid input files.
"""

from __future__ import annotations

import io
import json
import os
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from pathlib import Path

import click
import duckdb

from ..batch import not_empty, replaced_input
from ..core import csvsafe
from ..core.errors import ElhubCimError, Problem, shown_name
from ..core.safeparse import DEFAULT_MAX_BYTES
from ..pipeline import write_file
from ..runners import ClusterUnreachable, dask_address, default_jobs, jobs_option
from .engine import check_memory_limit, compute, connect, open_events
from .extract import (
    FAILED,
    NOT_USED,
    Extractor,
    Skipped,
    iter_inputs,
    load_key,
    output_format,
    run_extraction,
    write_events,
)
from .report import build_report
from .thresholds import Level, default_thresholds_text, load_thresholds

__all__ = ["monitor_group"]

EXIT_OK, EXIT_ALERT, EXIT_USAGE = 0, 1, 2
SHOWN_SKIPPED = 50
#: The most DuckDB threads `monitor report` asks for: DuckDB takes seconds only to set up
#: 100,000 (and then runs no faster than with one per core).
MAX_THREADS = 512
_LEVEL_COLORS = {Level.GREEN: "green", Level.YELLOW: "yellow", Level.RED: "red"}


def _fail(problems: Iterable[Problem]) -> None:
    for problem in problems:
        click.echo(problem.format(), err=True)
    sys.exit(EXIT_USAGE)


def _file_name(_ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """An option's file name; empty (an unset shell variable) is a usage error, never "no
    chart" or "no list" without a word."""
    if value is not None and not value.strip():
        raise click.BadParameter("empty: give a file name", param=param)
    return value


@click.group("monitor")
def monitor_group() -> None:
    """BRS-NO-611 traffic-light monitor: events from messages, levels per actor, charts.

    See docs/monitor.md for the event schema, the measures and the boundary rule.
    """


def _progress(items: list[Path | Skipped]) -> Iterator[Path | Skipped]:
    # A bar only on a terminal, and only on standard error (standard output stays clean).
    if not sys.stderr.isatty():
        yield from items
        return
    with click.progressbar(items, label="reading", file=sys.stderr) as bar:
        yield from bar


@monitor_group.command("extract")
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(),
    callback=not_empty,
    help="events.csv or events.parquet (format from the suffix), or a folder ending in / for "
    "Parquet partitioned by actor and month, which 'monitor report' reads as it is.",
)
@click.option(
    "--key-file",
    type=click.Path(exists=True, dir_okay=False),
    help="Secret key (at least 16 bytes) for the subject pseudonyms; the same key makes events "
    "of separate runs comparable. Default: a random key for this run only.",
)
@click.option(
    "--no-validate",
    is_flag=True,
    help="Skip XSD validation of the messages read (faster; fields are still checked).",
)
@click.option(
    "--skipped",
    "skipped_path",
    type=click.Path(dir_okay=False),
    callback=_file_name,
    help="Also write every skipped input with its reason to this CSV file.",
)
@click.option("--force", is_flag=True, help="Overwrite an existing output file.")
@click.option(
    "--max-bytes",
    type=click.IntRange(min=1),
    default=DEFAULT_MAX_BYTES,
    show_default=True,
    help="Refuse inputs larger than this many bytes.",
)
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    default=default_jobs,
    callback=jobs_option,
    show_default="the CPUs",
    help="Read the files in this many processes (the events are the same for any number), "
    "at most 4 × the CPUs (at least 32).",
)
@click.option(
    "--dask",
    metavar="ADDRESS",
    callback=dask_address,
    help="Read the files on a dask.distributed scheduler at ADDRESS, or local:N for a local "
    "cluster of N workers, at most 4 × the CPUs (at least 32) (needs elhub-cim[scale]).",
)
def extract_command(
    paths: tuple[str, ...],
    output: str,
    key_file: str | None,
    no_validate: bool,
    skipped_path: str | None,
    force: bool,
    max_bytes: int,
    jobs: int,
    dask: str | None,
) -> None:
    """Build the event table from message files and folders (recursively).

    Reads BRS-NO-611 requests, responses and negative acknowledgements and start-of-supply
    requests (BRS-NO-101/102/103/104/123), in ebIX (EMIF 2.4) or CIM. Every input is used or
    listed as skipped with its reason (on standard error). Exit 2 when an input was unreadable,
    invalid or lacked a usable field (the events of the others are written all the same).
    """
    try:
        output_format(output)
    except ValueError as error:
        raise click.UsageError(str(error)) from None
    if os.path.lexists(output) and not force:  # (a link to nothing too: it is not replaced)
        _fail([Problem("IO_ERROR", "exists (use --force to overwrite)", file=output)])
    replaced = replaced_input(output, paths)
    if replaced is not None:
        # A dataset folder is replaced whole: over an input folder, the inputs went with it.
        _fail(
            [
                Problem(
                    "OUTPUT_COLLISION",
                    f"the output would replace the input {replaced}; refused (even with --force)",
                    file=output,
                )
            ]
        )
    try:
        key, from_file = load_key(key_file)
        items = list(iter_inputs(paths))
    except FileNotFoundError as error:
        _fail([Problem("IO_ERROR", "no such file or folder", file=str(error))])
        return
    except ElhubCimError as error:
        _fail(error.problems)
        return
    if skipped_path:
        listed = [str(item) for item in items if isinstance(item, Path)]
        _check_skipped_path(skipped_path, output, [*paths, *listed], force)
    extractor = Extractor(key, validate=not no_validate, max_bytes=max_bytes)
    try:
        result = run_extraction(
            extractor,
            items,
            jobs=jobs,
            dask=dask,
            announce=lambda text: click.echo(text, err=True),
            progress=_progress,
        )
    except ClusterUnreachable as error:  # (a scheduler that does not answer: I/O, not usage)
        _fail([Problem("IO_ERROR", str(error), file=error.address)])
        return
    except RuntimeError as error:  # --dask without the extra
        raise click.UsageError(str(error)) from None
    try:
        write_events(result.events, output, overwrite=force)
        if skipped_path:
            buffer = io.StringIO()
            writer = csvsafe.writer(buffer, lineterminator="\n")
            writer.writerow(["file", "category", "reason"])
            writer.writerows([shown_name(s.file), s.category, s.reason] for s in result.skipped)
            write_file(skipped_path, buffer.getvalue().encode("utf-8"), overwrite=force)
    except (OSError, FileExistsError) as error:
        _fail([Problem("IO_ERROR", str(error), file=output)])
    except ElhubCimError as error:
        _fail(error.problems)
    kinds = Counter(e.kind for e in result.events)
    click.echo(
        f"{result.files} files: {result.used} used, {len(result.skipped)} skipped; "
        f"{len(result.events)} events ({kinds['query611']} query611, "
        f"{kinds['start_of_supply']} start_of_supply) written to {shown_name(output)}",
        err=True,
    )
    if result.skipped:
        by_category = Counter(s.category for s in result.skipped)
        click.echo(
            "skipped: " + ", ".join(f"{n} {c}" for c, n in by_category.most_common()), err=True
        )
        # The unusual first: a file that is simply another message type says least.
        ordered = sorted(result.skipped, key=lambda s: (s.category == NOT_USED, s.file))
        for skipped in ordered[:SHOWN_SKIPPED]:
            click.echo(f"  {shown_name(skipped.file)}: {skipped.reason}", err=True)
        if len(result.skipped) > SHOWN_SKIPPED:
            more = len(result.skipped) - SHOWN_SKIPPED
            hint = f" (all in {skipped_path})" if skipped_path else " (use --skipped FILE)"
            click.echo(f"  ... and {more} more{hint}", err=True)
    for note in result.notes:
        click.echo(f"note: {note}", err=True)
    if not from_file and any(e.subject is not None for e in result.events):
        click.echo(
            "note: subjects are pseudonyms under a random key for this run: they compare only "
            "within this output (use --key-file to compare across runs)",
            err=True,
        )
    # The events of the good inputs are written; the exit code still says that some were broken.
    sys.exit(EXIT_USAGE if any(s.category in FAILED for s in result.skipped) else EXIT_OK)


def _check_skipped_path(skipped_path: str, output: str, inputs: Iterable[str], force: bool) -> None:
    """Refuse a ``--skipped`` file that would overwrite the output or an input (even with
    ``--force``), or any file that exists (without it), before anything runs, as for ``-o``."""
    collision = None
    if replaced_input(output, [skipped_path]) is not None:
        collision = output  # the list is the output, or would sit in its dataset folder
    elif os.path.lexists(skipped_path):
        if not force:
            _fail([Problem("IO_ERROR", "exists (use --force to overwrite)", file=skipped_path)])
        collision = replaced_input(skipped_path, inputs)  # (only a file that exists can be one)
    if collision is not None:
        _fail(
            [
                Problem(
                    "OUTPUT_COLLISION",
                    f"the list of skipped inputs would overwrite {collision}; refused",
                    file=skipped_path,
                )
            ]
        )


def _holding_folder(output: str, inputs: Iterable[str]) -> str | None:
    """The first input folder that ``output`` lies inside (links followed), if any."""
    target = os.path.realpath(output)
    for path in inputs:
        if os.path.isdir(path) and target.startswith(
            os.path.realpath(path).rstrip(os.sep) + os.sep
        ):
            return path
    return None


def _parse_day(value: datetime | None) -> date | None:
    return value.date() if value else None


@monitor_group.command("report")
@click.argument("events", nargs=-1, required=True)
@click.option("--actor", "actors", multiple=True, help="Only this actor (GLN); repeatable.")
@click.option(
    "--from",
    "first",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="First local day (Europe/Oslo by default), inclusive. Default: the first event.",
)
@click.option(
    "--to",
    "last",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Last local day, inclusive. Default: the last event.",
)
@click.option(
    "--format",
    "output_format_",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
)
@click.option(
    "--chart",
    type=click.Path(dir_okay=False),
    callback=_file_name,
    help="Also write a chart of every measure against its thresholds (HTML with SVG).",
)
@click.option(
    "--fail-on",
    type=click.Choice(["yellow", "red"]),
    help="Exit with 1 when any actor reaches this level (for alerting).",
)
@click.option(
    "--thresholds",
    "thresholds_path",
    type=click.Path(dir_okay=False),
    callback=_file_name,
    help="TOML file overriding Elhub's proposed thresholds (see 'monitor thresholds').",
)
@click.option(
    "--threads",
    type=click.IntRange(min=1, max=MAX_THREADS),
    help=f"DuckDB threads (default: CPUs; at most {MAX_THREADS}).",
)
@click.option("--memory-limit", help="DuckDB memory limit, e.g. 3GB (default: 80% of RAM).")
def report_command(
    events: tuple[str, ...],
    actors: tuple[str, ...],
    first: datetime | None,
    last: datetime | None,
    output_format_: str,
    chart: str | None,
    fail_on: str | None,
    thresholds_path: str | None,
    threads: int | None,
    memory_limit: str | None,
) -> None:
    """Rate every actor on the six BRS-NO-611 measures from event files (CSV or Parquet).

    Per actor and measure: the worst level, when it happened (local time) and the value.
    """
    for actor in actors:
        if len(actor) != 13 or not actor.isascii() or not actor.isdigit():  # (as the API)
            raise click.BadParameter(f"{actor!r} is not a GLN (13 digits)", param_hint="--actor")
    first_day, last_day = _parse_day(first), _parse_day(last)
    if first_day and last_day and first_day > last_day:
        raise click.BadParameter("--from is after --to", param_hint="--from")
    if memory_limit:
        try:
            check_memory_limit(memory_limit)
        except ValueError as error:
            raise click.BadParameter(str(error), param_hint="--memory-limit") from None
    replaced = replaced_input(chart, [*events, *filter(None, [thresholds_path])]) if chart else None
    if replaced is not None:
        # The chart is written after the events are read: over one, its data would be lost.
        _fail(
            [
                Problem(
                    "OUTPUT_COLLISION",
                    f"the chart would overwrite the input {replaced}; refused",
                    file=chart,
                )
            ]
        )
    folder = _holding_folder(chart, events) if chart else None
    if folder is not None:
        # A folder of Parquet files is one input: a chart in it replaced some of its events,
        # or joined the dataset as a stranger (a .parquet name broke the next report).
        _fail(
            [
                Problem(
                    "OUTPUT_COLLISION",
                    f"the chart would be written inside the input folder {folder}; refused",
                    file=chart,
                )
            ]
        )
    try:
        thresholds = load_thresholds(thresholds_path)
        with connect(threads=threads, memory_limit=memory_limit) as con:
            source = open_events(con, events)
            data = compute(con, source, thresholds, first=first_day, last=last_day, actors=actors)
            report = build_report(con, data, thresholds)
            if chart:
                from .chart import render_chart

                write_file(chart, render_chart(con, report).encode("utf-8"), overwrite=True)
    except ElhubCimError as error:
        _fail(error.problems)
        return
    except duckdb.Error as error:
        _fail([Problem("ENGINE_ERROR", str(error).split("\n")[0])])
        return
    except OSError as error:
        _fail([Problem("IO_ERROR", str(error), file=chart)])
        return
    if output_format_ == "json":
        click.echo(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
    else:
        plain = bool(os.environ.get("NO_COLOR"))  # (https://no-color.org: any value but "")

        def style(text: str, level: Level | None) -> str:
            if level is None or plain:
                return text
            return click.style(text, fg=_LEVEL_COLORS[level])

        click.echo(report.format_text(style))
    if chart:
        click.echo(f"chart written to {shown_name(chart)}", err=True)
    if fail_on is not None:
        limit = Level[fail_on.upper()]
        if report.worst is not None and report.worst >= limit:
            sys.exit(EXIT_ALERT)
    sys.exit(EXIT_OK)


@monitor_group.command("thresholds")
def thresholds_command() -> None:
    """Print the default thresholds (Elhub's proposal) as TOML, to copy and edit."""
    click.echo(default_thresholds_text(), nl=False)
