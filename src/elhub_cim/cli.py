"""The ``elhub-cim`` command line.

Exit codes (all commands): 0 all inputs fine, 1 an input is invalid, 2 usage or I/O error.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import sys
from datetime import datetime
from pathlib import Path
from typing import Any, NoReturn

import click

from . import __version__
from .batch import STDIN, BatchInput, Tally, expand_inputs, output_path
from .describe import describe
from .errors import BusinessRuleError, ElhubCimError, InputReadError, Problem, shorten
from .identify import identify
from .pipeline import ValidationResult, check, read, validate, write, write_file
from .safeparse import DEFAULT_MAX_BYTES, parse

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2

max_bytes_option = click.option(
    "--max-bytes",
    type=click.IntRange(min=1),
    default=DEFAULT_MAX_BYTES,
    show_default=True,
    help="Refuse inputs larger than this many bytes.",
)


class _Commands(click.Group):
    """The command group; the process features' commands load when used (see FEATURES)."""

    _listing = False

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *FEATURES})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        command = super().get_command(ctx, cmd_name)
        if command is not None or cmd_name not in FEATURES:
            return command
        module, attribute, extra, short_help = FEATURES[cmd_name]
        if self._listing:  # `elhub-cim --help` lists it without importing numpy and the like
            return click.Command(cmd_name, short_help=short_help)
        from .extras import EXTRAS, MissingExtraError

        try:
            loaded = getattr(importlib.import_module(module), attribute)
        except MissingExtraError as error:
            _missing_extra(cmd_name, error.extra, list(error.missing))
        except ModuleNotFoundError as error:
            if (error.name or "").split(".")[0] not in EXTRAS[extra]:
                raise
            _missing_extra(cmd_name, extra, [str(error.name)])
        assert isinstance(loaded, click.Command)
        return loaded

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        self._listing = True
        try:
            super().format_commands(ctx, formatter)
        finally:
            self._listing = False


def _missing_extra(command: str, extra: str, missing: list[str]) -> NoReturn:
    from .extras import install_hint

    click.echo(
        f"elhub-cim {command} needs the optional dependencies of elhub-cim[{extra}] "
        f"(missing: {', '.join(missing)}). Install them with: {install_hint(extra)}",
        err=True,
    )
    sys.exit(EXIT_USAGE)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="elhub-cim")
def main() -> None:
    """Elhub market messages in ebIX (EMIF 2.4) and IEC CIM: validate, inspect, normalise,
    convert; plus the process tools (shared production, customer notices, 611 monitor)."""


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
@click.option(
    "--as-of",
    "as_of",
    type=click.DateTime(formats=["%Y-%m-%d", "%Y-%m-%dT%H:%M:%S"]),
    help="Judge business rules by those in force at this date (Norwegian time) instead of "
    "each message's creation time.",
)
@click.option("--schema-only", is_flag=True, help="XSD validation only; skip business rules.")
@click.option("--strict", is_flag=True, help="Rule warnings (check digits, ...) become errors.")
@click.option(
    "--rules-config",
    type=click.Path(dir_okay=False, exists=True),
    help="Rule settings (TOML): effective dates, proposed rules on/off (docs/rules/).",
)
@max_bytes_option
def validate_command(
    paths: tuple[str, ...],
    output_format: str,
    as_of: datetime | None,
    schema_only: bool,
    strict: bool,
    rules_config: str | None,
    max_bytes: int,
) -> None:
    """Validate message files, folders (recursively) or - for standard input.

    Prints one line per problem: FILE:LINE: CODE message [element path].
    """
    rule_sets = None
    if rules_config:
        from .rules import RuleSetError, configured_rule_sets, load_rules_config

        try:
            rule_sets = configured_rule_sets(load_rules_config(rules_config))
        except RuleSetError as error:
            raise click.UsageError(f"--rules-config: {error}") from None
    results: list[dict[str, Any]] = []
    counts = {"valid": 0, "invalid": 0, "unreadable": 0}
    for item in expand_inputs(paths, (".xml", ".json")):
        if isinstance(item, Problem):
            result = ValidationResult(source=item.file or "?", problems=[item])
        else:
            result = validate(
                item.read_source(),
                max_bytes=max_bytes,
                name=item.label,
                rules=not schema_only,
                as_of=as_of,
                strict=strict,
                rule_sets=rule_sets,
            )
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


def _single_input(path: str) -> BatchInput:
    if path == STDIN:
        return BatchInput("<stdin>", None)
    candidate = Path(path)
    if not candidate.is_file():
        click.echo(Problem("IO_ERROR", "no such file", file=path).format(), err=True)
        sys.exit(EXIT_USAGE)
    return BatchInput(path, candidate)


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
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["xml", "json"]),
    default="xml",
    show_default=True,
    help="json: CIM JSON (CIM documents only). CIM JSON input is read either way.",
)
@max_bytes_option
def fmt_command(
    path: str, output: str | None, compact: bool, force: bool, output_format: str, max_bytes: int
) -> None:
    """Read a message through the typed bindings and write it back, normalised."""
    from .cimjson import to_json

    item = _single_input(path)
    try:
        # CIM JSON input is read like XML (elhub_cim.check turns it into its CIM XML).
        message = read(item.read_source(), max_bytes=max_bytes, name=item.label)
        data = write(message, pretty=not compact)
        if output_format == "json":
            data = to_json(data, indent=None if compact else 2, name=item.label)
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


def _progress(items: list[BatchInput | Problem], label: str) -> Any:
    """A progress bar on a terminal for long batches; a plain iterator otherwise."""
    if len(items) > 20 and sys.stderr.isatty():
        return click.progressbar(items, label=label, file=sys.stderr)
    return contextlib.nullcontext(items)


def _minimise_role(value: str) -> str:
    """The ebIX role code of ``--minimise-for``: empty (an unset $ROLE) or unknown is a usage
    error, never a full response."""
    from .domain.types import Role

    role = value.strip().upper()
    known = [r.value for r in Role]
    if role not in known:
        shown = repr(shorten(value, 40)) if value.strip() else "empty"
        raise click.BadParameter(
            f"{shown} is not a market role; use one of {', '.join(known)}",
            param_hint="--minimise-for",
        )
    return role


@main.command("convert")
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--to",
    "target",
    type=click.Choice(["cim", "ebix", "nordic-ediel"]),
    required=True,
    help="Target: ebIX (EMIF 2.4), the CIM profile, or its Nordic Ediel projection.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["xml", "json"]),
    default="xml",
    show_default=True,
    help="json: CIM JSON (for --to cim).",
)
@click.option(
    "--brs",
    help="The BRS of Nordic Ediel input (it does not carry one), e.g. BRS-NO-102.",
)
@click.option(
    "--minimise-for",
    "minimise_for",
    metavar="ROLE",
    help="Reduce a BRS-NO-611 response to the fields ROLE may see (docs/minimisation.md).",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Output file (one input).")
@click.option(
    "-O",
    "--output-dir",
    type=click.Path(file_okay=False),
    help="Output folder; folders given as input are mirrored below it.",
)
@click.option(
    "--allow-loss",
    is_flag=True,
    help="Convert even when the target cannot carry a field (reported).",
)
@click.option("--force", is_flag=True, help="Overwrite existing output files.")
@click.option("--compact", is_flag=True, help="No indentation.")
@click.option(
    "--strict",
    is_flag=True,
    help="Refuse inputs with business-rule findings (warnings such as check digits count too).",
)
@click.option("--no-rules", is_flag=True, help="Skip the business rules (schema checks only).")
@click.option(
    "--elhub-gln",
    multiple=True,
    help="GLN identifying Elhub (acknowledgements only; repeatable).",
)
@max_bytes_option
def convert_command(
    paths: tuple[str, ...],
    target: str,
    output_format: str,
    brs: str | None,
    minimise_for: str | None,
    output: str | None,
    output_dir: str | None,
    allow_loss: bool,
    force: bool,
    compact: bool,
    strict: bool,
    no_rules: bool,
    elhub_gln: tuple[str, ...],
    max_bytes: int,
) -> None:
    """Convert messages between ebIX (Elhub EMIF 2.4) and the CIM profile.

    The input standard is detected (ebIX, CIM XML, CIM JSON, Nordic Ediel). Every input ends
    converted or rejected with its reason; a closing line counts both. Outputs are validated and
    written atomically, never over an existing file without --force. What the target cannot
    carry is an error naming the fields, unless --allow-loss (then it is reported).
    The business rules of `validate` run on every input: findings are reported (the input is
    still converted), --strict refuses the input on them, --no-rules skips them.
    """
    from .cimjson import to_json
    from .convert import ConversionLossError, convert
    from .mapping import ConversionOptions

    if output and output_dir:
        raise click.UsageError("use -o FILE or -O DIR, not both")
    if strict and no_rules:
        raise click.UsageError("--strict refuses on rule findings: it needs the rules")
    if output_format == "json" and target != "cim":
        raise click.UsageError("--format json is the CIM JSON form: use it with --to cim")
    if minimise_for is not None:
        minimise_for = _minimise_role(minimise_for)
    if minimise_for and target == "nordic-ediel":
        raise click.UsageError("--minimise-for works with --to cim or --to ebix")
    suffix = ".json" if output_format == "json" else ".xml"
    items = list(expand_inputs(paths, (".xml", ".json")))
    if len(items) > 1 and not output_dir:
        raise click.UsageError("several inputs need -O DIR")
    options = (
        ConversionOptions(elhub_glns=frozenset(elhub_gln)) if elhub_gln else ConversionOptions()
    )
    tally = Tally()
    with _progress(items, "converting") as progress:
        for item in progress:
            if isinstance(item, Problem):
                tally.rejected.append((item.file or "?", item.message))
                tally.io_errors += 1
                click.echo(item.format(), err=True)
                continue
            try:
                result = convert(
                    item.read_source(),
                    to=target,  # type: ignore[arg-type]
                    allow_loss=allow_loss,
                    pretty=not compact,
                    options=options,
                    max_bytes=max_bytes,
                    name=item.label,
                    brs=brs,
                    rules=not no_rules,
                    strict=strict,
                )
                data = result.data
                if minimise_for:
                    from .convert import from_domain
                    from .minimise import minimise

                    data = from_domain(
                        minimise(result.document, minimise_for),  # type: ignore[arg-type]
                        target,  # type: ignore[arg-type]
                        allow_loss=allow_loss,
                        pretty=not compact,
                        options=options,
                    )
                if output_format == "json":
                    data = to_json(data, indent=None if compact else 2, name=item.label)
            except ElhubCimError as error:
                reported = error.with_file(item.label)
                for problem in reported.problems:
                    click.echo(problem.format(), err=True)
                if isinstance(error, ConversionLossError):
                    click.echo(
                        f"{item.label}: rejected (use --allow-loss to convert anyway)", err=True
                    )
                elif isinstance(error, BusinessRuleError):
                    click.echo(
                        f"{item.label}: rejected (--strict: business-rule findings)", err=True
                    )
                tally.rejected.append((item.label, reported.problems[0].message))
                if isinstance(error, InputReadError):
                    tally.io_errors += 1
                continue
            for problem in (*result.findings, *result.losses):
                click.echo(problem.with_file(item.label).format(), err=True)
            destination: Path | None = None
            if output_dir:
                destination = output_path(item, Path(output_dir), suffix)
            elif output and output != STDIN:
                destination = Path(output)
            if destination is None:
                sys.stdout.buffer.write(data)
                sys.stdout.buffer.flush()
            else:
                try:
                    write_file(destination, data, overwrite=force)
                except (FileExistsError, OSError) as error:
                    click.echo(
                        Problem("IO_ERROR", str(error), file=str(destination)).format(), err=True
                    )
                    tally.rejected.append((item.label, str(error)))
                    tally.io_errors += 1
                    continue
            tally.converted += 1
            tally.with_losses += bool(result.losses)
            tally.with_findings += bool(result.findings)
    if tally.total > 1 or output_dir:
        click.echo(tally.summary(), err=True)
    if tally.io_errors:
        sys.exit(EXIT_USAGE)
    sys.exit(EXIT_INVALID if tally.rejected else EXIT_OK)


@main.command("diff")
@click.argument("left", type=click.Path(exists=True, dir_okay=False))
@click.argument("right", type=click.Path(exists=True, dir_okay=False))
def diff_command(left: str, right: str) -> None:
    """Compare two messages by meaning (C14N 2.0; prefixes, whitespace, comments and
    xsi:schemaLocation ignored). Exit 0 when equal, 1 with a diff when not."""
    from .xmlcompare import differences

    try:
        found = differences(
            parse(Path(left)).tree_bytes(), parse(Path(right)).tree_bytes(), labels=(left, right)
        )
    except ElhubCimError as error:
        _fail(error)
        return
    if found:
        click.echo("\n".join(found))
        sys.exit(EXIT_INVALID)
    click.echo(f"{left} and {right} are the same document")


# The process features' commands live next to their code and load only when used, so that the
# message commands never import numpy, DuckDB or Jinja2 (and work without the extras):
# name -> (module, attribute, extra, short help as in `elhub-cim --help`; a test keeps it true).
FEATURES: dict[str, tuple[str, str, str, str]] = {
    "share": (
        "elhub_cim.sharing.cli", "share_command", "sharing",
        "Allocate shared production (BRS-NO-701) under the current and the new model.",
    ),
    "monitor": (
        "elhub_cim.monitor.cli", "monitor_group", "monitor",
        "BRS-NO-611 traffic-light monitor: events from messages, levels per actor, charts.",
    ),
    "notice": (
        "elhub_cim.notices.cli", "notice_command", "notices",
        "E-mail customers whose customer relationship ends (BRS-NO-102/103/123/201/211/305).",
    ),
}  # fmt: skip
