"""The ``elhub-cim`` command line.

Exit codes (all commands): 0 all inputs fine, 1 an input is invalid, 2 usage or I/O error.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from . import __version__
from .describe import describe
from .errors import ElhubCimError, InputReadError, Problem
from .identify import identify
from .pipeline import ValidationResult, check, read, validate, write, write_file
from .safeparse import DEFAULT_MAX_BYTES, parse

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2
STDIN = "-"
MESSAGE_SUFFIXES = (".xml",)

max_bytes_option = click.option(
    "--max-bytes",
    type=click.IntRange(min=1),
    default=DEFAULT_MAX_BYTES,
    show_default=True,
    help="Refuse inputs larger than this many bytes.",
)


@dataclass(frozen=True, slots=True)
class Input:
    """One input of a batch: a file, or standard input."""

    label: str
    path: Path | None  # None = standard input

    def read_source(self) -> Any:
        return sys.stdin.buffer if self.path is None else self.path


def expand_inputs(arguments: tuple[str, ...]) -> Iterator[Input | Problem]:
    """Files named, files under folders (recursively, sorted), or ``-``; missing paths become
    I/O problems so that a batch reports them instead of stopping or skipping them."""
    for argument in arguments:
        if argument == STDIN:
            yield Input("<stdin>", None)
            continue
        path = Path(argument)
        if path.is_dir():
            for found in sorted(path.rglob("*")):
                if found.is_file() and found.suffix.lower() in MESSAGE_SUFFIXES:
                    yield Input(str(found), found)
        elif path.exists():
            yield Input(str(path), path)
        else:
            yield Problem("IO_ERROR", "no such file or folder", file=argument)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="elhub-cim")
def main() -> None:
    """Elhub market messages in ebIX (EMIF 2.4) and IEC CIM: validate, inspect, normalise."""


@main.command("validate")
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text: one line per problem; json: one object per input.",
)
@max_bytes_option
def validate_command(paths: tuple[str, ...], output_format: str, max_bytes: int) -> None:
    """Validate message files, folders (recursively) or - for standard input.

    Prints one line per problem: FILE:LINE: CODE message [element path].
    """
    results: list[dict[str, Any]] = []
    counts = {"valid": 0, "invalid": 0, "unreadable": 0}
    for item in expand_inputs(paths):
        if isinstance(item, Problem):
            result = ValidationResult(source=item.file or "?", problems=[item])
        else:
            result = validate(item.read_source(), max_bytes=max_bytes, name=item.label)
        unreadable = any(p.code == InputReadError.default_code for p in result.problems)
        counts["unreadable" if unreadable else "valid" if result.valid else "invalid"] += 1
        if output_format == "json":
            results.append(
                {
                    "file": result.source,
                    "valid": result.valid,
                    "message_type": result.message_type.name if result.message_type else None,
                    "standard": result.message_type.standard.value if result.message_type else None,
                    "problems": [p.to_dict() for p in result.problems],
                }
            )
        else:
            for problem in result.problems:
                click.echo(problem.format())
    total = sum(counts.values())
    if output_format == "json":
        click.echo(
            json.dumps({"results": results, "summary": {"files": total, **counts}}, indent=2)
        )
    elif total > 1:
        click.echo(
            f"{total} files: {counts['valid']} valid, {counts['invalid']} invalid"
            + (f", {counts['unreadable']} unreadable" if counts["unreadable"] else ""),
            err=False,
        )
    if counts["unreadable"]:
        sys.exit(EXIT_USAGE)
    sys.exit(EXIT_INVALID if counts["invalid"] else EXIT_OK)


def _single_input(path: str) -> Input:
    if path == STDIN:
        return Input("<stdin>", None)
    candidate = Path(path)
    if not candidate.is_file():
        click.echo(Problem("IO_ERROR", "no such file", file=path).format(), err=True)
        sys.exit(EXIT_USAGE)
    return Input(path, candidate)


def _fail(error: ElhubCimError) -> None:
    for problem in error.problems:
        click.echo(problem.format(), err=True)
    sys.exit(EXIT_USAGE if isinstance(error, InputReadError) else EXIT_INVALID)


@main.command("info")
@click.argument("path")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text")
@max_bytes_option
def info_command(path: str, output_format: str, max_bytes: int) -> None:
    """Show what a message is: standard, type, BRS, role, sender, recipient, created."""
    item = _single_input(path)
    try:
        document = parse(item.read_source(), max_bytes=max_bytes, name=item.label)
        message_type = identify(document)
        summary = describe(document, message_type)
        check(document)
    except ElhubCimError as error:
        _fail(error)
        return
    if output_format == "json":
        click.echo(json.dumps({"file": item.label, "valid": True, **summary.to_dict()}, indent=2))
        return
    rows = [
        ("file", item.label),
        ("standard", summary.standard),
        ("message", summary.message_type),
        ("namespace", summary.namespace),
        ("document id", summary.document_id),
        ("document type", summary.document_type),
        ("process (BRS)", summary.brs),
        ("role", summary.role),
        ("sender", summary.sender),
        ("recipient", summary.recipient),
        ("created", summary.created),
        ("valid", "yes"),
    ]
    width = max(len(label) for label, _ in rows)
    for label, value in rows:
        click.echo(f"{label.ljust(width)}  {value if value is not None else '-'}")


@main.command("fmt")
@click.argument("path")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write here (atomically).")
@click.option("--compact", is_flag=True, help="No indentation.")
@click.option("--force", is_flag=True, help="Overwrite an existing output file.")
@max_bytes_option
def fmt_command(path: str, output: str | None, compact: bool, force: bool, max_bytes: int) -> None:
    """Read a message through the typed bindings and write it back, normalised."""
    item = _single_input(path)
    try:
        message = read(item.read_source(), max_bytes=max_bytes, name=item.label)
        data = write(message, pretty=not compact)
    except ElhubCimError as error:
        _fail(error.with_file(item.label))
        return
    if output is None or output == STDIN:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    try:
        write_file(output, data, overwrite=force)
    except (FileExistsError, OSError) as error:
        click.echo(Problem("IO_ERROR", str(error), file=output).format(), err=True)
        sys.exit(EXIT_USAGE)


# Commands of the feature packages register here, one line each, so that `cli.py` stays the
# single entry point while each feature keeps its command next to its code.
