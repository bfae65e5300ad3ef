"""``elhub-cim share``: allocate shared production under both models, from files.

Exit codes as the rest of the command line: 0 done, 1 invalid input data (set-up or time
series), 2 usage or I/O error (missing file, output exists, unknown file type).
"""

from __future__ import annotations

import json
import sys
from decimal import Decimal
from pathlib import Path
from typing import NoReturn
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import click
import numpy as np

from ..batch import not_empty, replaced_input
from ..core.errors import ElhubCimError, InputReadError, Problem, internal_error, shown_value
from ..core.gs1 import METERING_POINT_PREFIX, is_metering_point_id
from ..core.safeparse import DEFAULT_MAX_BYTES
from ..pipeline import write_file
from .engine import allocate
from .errors import SHARE_METERING_POINT, SHARE_SETUP, SharingError, raise_problems
from .errors import problem as share_problem
from .result import Model, SharingResult
from .series import IntervalData, Readings, read_series
from .setup import SharingSetup, load_setup
from .units import decimals_of

__all__ = ["check_metering_point_ids", "share_command", "summary_table"]

# The same codes as elhub_cim.cli (not imported: that module imports this one).
EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2
SETUP_SUFFIXES = (".toml", ".json", ".xml")
SERIES_SUFFIXES = (".csv", ".parquet", ".pq")
OUTPUT_SUFFIXES = (".csv", ".json")


def _usage(message: str, file: str | None = None) -> NoReturn:
    click.echo(Problem("IO_ERROR", message, file=file).format(), err=True)
    sys.exit(EXIT_USAGE)


def _fail(error: ElhubCimError) -> NoReturn:
    for problem in error.problems:
        click.echo(problem.format(), err=True)
    sys.exit(EXIT_USAGE if isinstance(error, InputReadError) else EXIT_INVALID)


@click.command("share")
@click.argument("setup_path", metavar="SETUP")
@click.argument("series", nargs=-1, required=True, metavar="SERIES...")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    callback=not_empty,
    help="Write every interval and participant, both models, here (.csv or .json; atomic).",
)
@click.option("--force", is_flag=True, help="Overwrite an existing output file.")
@click.option(
    "--interval",
    type=click.Choice(["auto", "15", "60"]),
    default="auto",
    show_default=True,
    help="Interval length in minutes; auto: the shortest spacing in the input.",
)
@click.option("--resolution", help="Volume resolution in kWh, e.g. 0.001 (overrides the set-up).")
@click.option("--timezone", help="Time zone for interval starts (default: the set-up's).")
@click.option(
    "--redistribute",
    is_flag=True,
    help="New model: offer unused shares to uncovered recipients before they go back "
    "(not Elhub's rule; off by default).",
)
@click.option(
    "--rounding",
    type=click.Choice(["carry", "rotate", "lowest-id"]),
    default="carry",
    show_default=True,
    help="Who gets the units left over: carry keeps every recipient's cumulative share below "
    "its exact quota plus one unit; rotate takes turns on ties; lowest-id is the earlier rule.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Summary on standard output: a table, or JSON.",
)
@click.option(
    "--max-bytes",
    type=click.IntRange(min=1),
    default=DEFAULT_MAX_BYTES,
    show_default=True,
    help="Refuse a set-up message larger than this many bytes.",
)
def share_command(
    setup_path: str,
    series: tuple[str, ...],
    output: str | None,
    force: bool,
    interval: str,
    resolution: str | None,
    timezone: str | None,
    redistribute: bool,
    rounding: str,
    output_format: str,
    max_bytes: int,
) -> None:
    """Allocate shared production (BRS-NO-701) under the current and the new model.

    SETUP is a set-up file (.toml or .json) or a BRS-NO-701 message (.xml), ebIX
    (RequestUpdateSharedProduction, NotifySharedProduction) or CIM (RequestChangeSharedProduction,
    NotifySharedProduction). SERIES are time series files (.csv or .parquet,
    long format: metering_point,start,kwh) with the contributors' production and the
    recipients' consumption. Prints a summary per participant comparing both models.
    """
    for path, suffixes, what in [(setup_path, SETUP_SUFFIXES, "set-up")] + [
        (s, SERIES_SUFFIXES, "time series") for s in series
    ]:
        if Path(path).suffix.lower() not in suffixes:
            _usage(f"{what} must be one of {', '.join(suffixes)}", path)
        if not Path(path).is_file():
            _usage("no such file", path)
    if output is not None:
        if Path(output).suffix.lower() not in OUTPUT_SUFFIXES:
            _usage(f"output must end in {' or '.join(OUTPUT_SUFFIXES)}", output)
        if Path(output).exists() and not force:
            _usage("exists (use --force to overwrite)", output)
        # Never over what is read (links followed), not even with --force: the results would
        # replace the data they were computed from.
        replaced = replaced_input(output, (setup_path, *series))
        if replaced is not None:
            click.echo(
                Problem(
                    "OUTPUT_COLLISION",
                    f"the output would overwrite the input {replaced}; refused (even with --force)",
                    file=output,
                ).format(),
                err=True,
            )
            sys.exit(EXIT_USAGE)
    _check_overrides(resolution, timezone)
    try:
        setup = load_setup(
            setup_path, resolution=resolution, timezone=timezone, max_bytes=max_bytes
        )
        check_metering_point_ids(setup, setup_path)
        # File by file, to tell where each metering point's values are (a gap is reported
        # there, not on the set-up).
        parts = [read_series([path], setup.decimals) for path in series]
        readings = Readings.concat(parts)
        data = IntervalData.build(
            setup, readings, interval_minutes=None if interval == "auto" else int(interval)
        )
        result = allocate(data, redistribute=redistribute, rounding=rounding)
    except ElhubCimError as error:
        _fail(error)
    except Exception as error:  # a bug: reported as such, with the input, never a traceback
        click.echo(internal_error(error, setup_path).format(), err=True)
        sys.exit(EXIT_INVALID)
    if output is not None:
        payload = result.to_json(indent=1) if output.lower().endswith(".json") else result.to_csv()
        try:
            write_file(output, payload, overwrite=force)
        except (FileExistsError, OSError) as error:
            _usage(str(error), output)
    if output_format == "json":
        click.echo(json.dumps(result.summary(), indent=2, ensure_ascii=False))
    else:
        click.echo(summary_table(result))
    files_of: dict[str, list[str]] = {}
    for path, part in zip(series, parts, strict=True):
        for mp in part.ids:
            files_of.setdefault(mp, []).append(path)
    refused = _report_gaps(result, setup_path, files_of, series)
    sys.exit(EXIT_INVALID if refused else EXIT_OK)


def _check_overrides(resolution: str | None, timezone: str | None) -> None:
    """--resolution and --timezone checked as the set-up checks its own, each problem named by
    the option (the set-up file does not hold the value)."""
    problems = []
    if resolution is not None:
        try:
            decimals_of(resolution)
        except ValueError as error:
            problems.append(share_problem(SHARE_SETUP, str(error), file="--resolution"))
    if timezone is not None:
        try:
            ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError):
            problems.append(
                share_problem(SHARE_SETUP, f"unknown time zone {timezone!r}", file="--timezone")
            )
    if problems:
        _fail(SharingError(problems))


def _report_gaps(
    result: SharingResult,
    source: str,
    files_of: dict[str, list[str]],
    series: tuple[str, ...],
) -> bool:
    """Recipients without data, said of the time series file(s) holding the recipient's values
    (of every series file when none does) with the intervals without a value (up to 20), and
    the intervals refused because of them, on standard error (each refused interval by its
    start, up to 20 a model). Whether any interval was refused."""
    key = result.setup.key.value
    missing = result.data.missing
    for mp, count in result.missing_report().items():
        column = result.recipients.index(mp)
        gaps = np.flatnonzero(missing[:, column]) if missing is not None else np.zeros(0, np.intp)
        shown = ", ".join(result.data.start_of(int(t)).isoformat() for t in gaps[:20])
        more = f" and {len(gaps) - 20} more" if len(gaps) > 20 else ""
        files = files_of.get(mp)
        where = "" if files else "in no time series file; "
        message = (
            f"recipient {mp}: {where}no value for {count} of {result.data.count} interval(s) "
            f"(missing: {shown}{more}); the current model still allocates its share where the "
            f"{key} key does not need its consumption (its net consumption and surplus there "
            "are unknown)"
        )
        click.echo(
            Problem("SHARE_MISSING_DATA", message, file=", ".join(files or series)).format(),
            err=True,
        )
    refused_any = False
    for model in Model:
        intervals = np.flatnonzero(result.refused(model))
        if not intervals.size:
            continue
        refused_any = True
        why = (
            f"the {key} key needs every recipient's consumption"
            if model is Model.CURRENT
            else "the new model needs every recipient's consumption"
        )
        shown = ", ".join(result.data.start_of(int(t)).isoformat() for t in intervals[:20])
        more = f" and {intervals.size - 20} more" if intervals.size > 20 else ""
        message = (
            f"{model.value} model: {intervals.size} interval(s) refused ({why}, and a "
            f"recipient has no value there): {shown}{more}"
        )
        click.echo(Problem("SHARE_REFUSED", message, file=source).format(), err=True)
    return refused_any


def check_metering_point_ids(setup: SharingSetup, source: str | None = None) -> None:
    """Every participant must be an Elhub metering point id: a GSRN, 18 digits starting
    7070575, with a GS1 check digit (the one definition, ``rules.identifiers``). Raises
    :class:`~elhub_cim.sharing.SharingError` (``SHARE_METERING_POINT``)."""
    problems = [
        share_problem(
            SHARE_METERING_POINT,
            f"{role} {shown_value(participant)} is not an Elhub metering point id (GSRN: 18 "
            f"digits starting {METERING_POINT_PREFIX}, with a GS1 check digit)",
            file=source,
        )
        for role, ids in (("contributor", setup.contributors), ("recipient", setup.recipients))
        for participant in ids
        if not is_metering_point_id(participant)
    ]
    raise_problems(problems)


def _text(value: Decimal | None) -> str:
    return "-" if value is None else str(value)


def summary_table(result: SharingResult) -> str:
    """A readable comparison of both models per participant (kWh, exact)."""
    data = result.data
    setup = result.setup
    lines = [
        f"{setup.name or 'shared production'}: key {setup.key.value}, "
        f"{len(setup.contributors)} contributor(s), {len(setup.recipients)} recipient(s)"
        + (", redistribution on" if result.redistributed else "")
        + (f", rounding {result.rounding}" if result.rounding != "carry" else ""),
        f"{data.count} interval{'' if data.count == 1 else 's'} "
        f"of {data.interval_minutes} minutes, "
        f"{data.start_of(0).isoformat()} to {data.start_of(data.count).isoformat()}; kWh",
        "",
    ]
    header = (
        "metering point",
        "role",
        "produced/used",
        "model",
        "allocated",
        "net consumption",
        "surplus",
        "back to contributor",
    )
    rows: list[tuple[str, ...]] = []
    totals = result.totals()
    for total in totals:
        for n, (model, figures) in enumerate((("current", total.current), ("new", total.new))):
            rows.append(
                (
                    total.metering_point if n == 0 else "",
                    total.role if n == 0 else "",
                    str(total.volume) if n == 0 else "",
                    model,
                    _text(figures.allocated),
                    _text(figures.net_consumption),
                    _text(figures.surplus),
                    _text(figures.returned),
                )
            )
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    numeric = {2, 4, 5, 6, 7}

    def fmt(row: tuple[str, ...]) -> str:
        cells = [
            cell.rjust(widths[i]) if i in numeric else cell.ljust(widths[i])
            for i, cell in enumerate(row)
        ]
        return "  ".join(cells).rstrip()

    lines.append(fmt(header))
    lines.append("  ".join("-" * w for w in widths))
    lines.extend(fmt(row) for row in rows)
    for model in Model:
        # Over the intervals the model allocated: a refused interval's figures are unknown.
        balance = result.balance(model)
        line = (
            f"{model.value:>7} model: produced {balance.produced} = allocated "
            f"{balance.allocated} + back to contributor {balance.returned}"
        )
        if balance.refused_intervals:
            plural = "" if balance.refused_intervals == 1 else "s"
            line += (
                f" (not counted: {balance.refused_intervals} refused interval{plural}, "
                f"{balance.refused_produced} produced there)"
            )
        lines.append(line)
    return "\n".join(lines)
