"""The ``elhub-cim`` command line.

Exit codes (all commands): 0 all inputs fine, 1 an input is invalid, 2 usage or I/O error;
the batch commands also 3: an internal error on an input, 130: interrupted, and 143: stopped
by SIGTERM (see :mod:`elhub_cim.batch`).
"""

from __future__ import annotations

import contextlib
import dataclasses
import errno
import importlib
import json
import os
import sys
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from . import __version__
from .batch import (
    EMPTY_PATH,
    NOT_A_FILE,
    STDIN,
    BatchInput,
    BatchSettings,
    StdoutLost,
    find_collisions,
    input_kind,
    interrupted_code,
    is_url,
    not_empty,
    remove_stale,
    run_batch,
    stderr_kept,
    stopped_by_signals,
    to_stdout,
)
from .core.errors import (
    ElhubCimError,
    InputReadError,
    Problem,
    mask_identity_numbers,
    printable,
    shorten,
    shown_name,
    shown_value,
)
from .core.safeparse import DEFAULT_MAX_BYTES
from .core.xmlcompare import DEFAULT_MAX_NODES, differences
from .describe import describe
from .pipeline import read, validate, write, write_file
from .runners import dask_address, default_jobs, jobs_option
from .work import WorkOptions

if TYPE_CHECKING:
    from lxml import etree

    from .rules import RulesConfig

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2
MAX_DIFF_LINE = 1000  # characters of one diff line shown

max_bytes_option = click.option(
    "--max-bytes",
    type=click.IntRange(min=1),
    default=DEFAULT_MAX_BYTES,
    show_default=True,
    help="Refuse inputs larger than this many bytes.",
)


def batch_options(command: Any) -> Any:
    """--jobs, --dask, --quiet and --summary: how a batch runs and what it prints."""
    for option in reversed(
        [
            click.option(
                "-j",
                "--jobs",
                type=click.IntRange(min=1),
                default=default_jobs,
                callback=jobs_option,
                show_default="number of CPUs",
                help="Inputs run in this many processes; output and tallies as with one. At "
                "most 4 × the CPUs (at least 32).",
            ),
            click.option(
                "--dask",
                metavar="ADDRESS",
                callback=dask_address,
                help="Run on a dask.distributed scheduler at ADDRESS, or local:N for a local "
                "cluster of N workers, at most 4 × the CPUs (at least 32) (needs "
                "elhub-cim[scale]; docs/scale.md).",
            ),
            click.option("-q", "--quiet", is_flag=True, help="Print errors and the closing line."),
            click.option("--summary", is_flag=True, help="Count the findings by code."),
        ]
    ):
        command = option(command)
    return command


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
        from .core.extras import EXTRAS, MissingExtraError

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

    def main(self, *args: Any, **extra: Any) -> Any:
        # Standard output guarded while the command line runs: what cannot be written there
        # (closed, a full disk, a reader gone), click's own --help and --version too, ends
        # the command as any output it could not write does (_stdout_lost), not in an OSError
        # traceback, click's exit 1 for a broken pipe, or, closed, nothing said at all.
        original = sys.stdout
        guarded = _Stdout(original)
        sys.stdout = guarded
        try:
            return super().main(*args, **extra)
        except StdoutLost as lost:
            _stdout_lost(lost.error)
        finally:
            if sys.stdout is guarded:
                sys.stdout = original

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click.ClickException as error:
            _mask(error)
            raise

    def invoke(self, ctx: click.Context) -> Any:
        # Standard error that cannot be written (2>> log on a full disk) stops no command: what
        # it could not say is dropped, and the exit code is at least 2, an I/O error.
        with stderr_kept() as stderr, _stdout_escaping():
            try:
                result = self._invoke(ctx)
            except SystemExit as end:
                if stderr.error is None:
                    raise
                raise SystemExit(max(_exit_code(end.code), EXIT_USAGE)) from None
            except click.exceptions.Exit as end:
                if stderr.error is None:
                    raise
                raise click.exceptions.Exit(max(end.exit_code, EXIT_USAGE)) from None
        if stderr.error is not None:
            ctx.exit(EXIT_USAGE)
        return result

    def _invoke(self, ctx: click.Context) -> Any:
        # Every command's (and subgroup's) arguments are parsed in here: click's usage errors
        # quote the value given ("'…' is not one of …"), which may be an identity number.
        try:
            return super().invoke(ctx)
        except click.ClickException as error:
            _mask(error)
            raise
        except StdoutLost as lost:
            _stdout_lost(lost.error)
        except KeyboardInterrupt as stop:
            # Ctrl-C, or SIGTERM through the handler of the command's entry point
            # (elhub_cim_launch), outside a batch's own handling (the options checked, a
            # command that is no batch): an interrupt, 130 or 143, not click's 'Aborted!' and
            # exit 1, the code of an input rejected. (What a command writes is atomic.)
            click.echo("interrupted", err=True)
            ctx.exit(interrupted_code(stop))

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        self._listing = True
        try:
            super().format_commands(ctx, formatter)
        finally:
            self._listing = False


class _Stdout:
    """Standard output while the command line runs: a text written that cannot be (closed, a
    full disk, a reader gone) is :class:`StdoutLost`; so is one written where there is none
    (closed when the command started, ``>&-``: Python has no ``sys.stdout``). Everything else
    is the stream's own."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream

    def _lost(self) -> StdoutLost:
        return StdoutLost(OSError(errno.EBADF, "standard output is closed"))

    def write(self, text: str) -> int:
        if self.stream is None:
            raise self._lost()
        try:
            return int(self.stream.write(text))
        except OSError as error:
            raise StdoutLost(error) from None

    def flush(self) -> None:
        if self.stream is None:
            return
        try:
            self.stream.flush()
        except OSError as error:
            raise StdoutLost(error) from None

    @property
    def buffer(self) -> Any:
        if self.stream is None:
            raise self._lost()
        return self.stream.buffer

    def isatty(self) -> bool:
        return self.stream is not None and bool(self.stream.isatty())

    def fileno(self) -> int:
        if self.stream is None:
            raise OSError(errno.EBADF, "standard output is closed")
        return int(self.stream.fileno())

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


@contextlib.contextmanager
def _stdout_escaping() -> Iterator[None]:
    """While a command runs: a character its standard output has none for (a Latin-1 or
    cp1252 terminal, a PYTHONIOENCODING) is written as its escape (``\\u2713``), as standard
    error writes it, not a UnicodeEncodeError traceback. Put back after: a program that runs
    the command line in its process keeps its own."""
    stream = sys.stdout
    if getattr(stream, "errors", None) != "strict":
        yield
        return
    try:
        stream.reconfigure(errors="backslashreplace")  # type: ignore[union-attr]
    except (AttributeError, ValueError, OSError):  # (no text file of Python's: as it is)
        yield
        return
    try:
        yield
    finally:
        with contextlib.suppress(AttributeError, ValueError, OSError):
            stream.reconfigure(errors="strict")  # type: ignore[union-attr]


def _output_folder(
    context: click.Context, parameter: click.Parameter, value: str | None
) -> str | None:
    """``-O``'s check (a click callback): not empty (:func:`not_empty`), and not ``-``, which is
    standard output (as ``-o -`` and an input ``-``), never a folder of that name made where
    the command runs."""
    value = not_empty(context, parameter, value)
    if value == STDIN:
        raise click.BadParameter(
            "- is standard output, not a folder: write one input there with -o - (or leave "
            "-O out), or name a folder called - as ./-",
            param=parameter,
        )
    return value


def _exit_code(code: object) -> int:
    """The exit status ``sys.exit(code)`` gives: 0 for None, the number, 1 for anything else
    (a message)."""
    if code is None:
        return 0
    return code if isinstance(code, int) else 1


def _stdout_lost(error: OSError) -> NoReturn:
    """End a command whose standard output could not be written: said once on standard error
    (exit 2, an I/O error), or, the reader gone (``| head``), quietly with 141 as a process
    that SIGPIPE ended. Standard output then leads nowhere: Python's last flush of what it
    still buffers would fail again at exit."""
    import contextlib
    import errno

    if sys.stdout is not None:  # (None: closed when the command started, nothing to flush)
        with contextlib.suppress(OSError, ValueError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            os.close(devnull)
    if error.errno == errno.EPIPE:
        sys.exit(128 + 13)
    text = f"cannot write to standard output: {error.strerror or error}"
    click.echo(Problem("IO_ERROR", text, file="<stdout>").format(), err=True)
    sys.exit(EXIT_USAGE)


def _mask(error: click.ClickException) -> None:
    """Mask every identity number in ``error``'s message (and a file error's file name), as
    in every other line the command line prints."""
    # click types these Final (set once in __init__); the exception is ours to show, though.
    setattr(error, "message", mask_identity_numbers(error.message))  # noqa: B010
    if isinstance(error, click.FileError):
        setattr(error, "ui_filename", mask_identity_numbers(error.ui_filename))  # noqa: B010


def _missing_extra(command: str, extra: str, missing: list[str]) -> NoReturn:
    from .core.extras import install_hint

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
    # The command line uses no pydantic plugins: do not scan every installed package's entry
    # points for them (~20-50 ms on each call that builds a model; issue 15, start-up).
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")


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
@batch_options
def validate_command(
    paths: tuple[str, ...],
    output_format: str,
    as_of: datetime | None,
    schema_only: bool,
    strict: bool,
    rules_config: str | None,
    max_bytes: int,
    jobs: int,
    dask: str | None,
    quiet: bool,
    summary: bool,
) -> None:
    """Validate message files, folders (recursively) or - for standard input.

    Prints one line per problem: FILE:LINE: CODE message [element path], and for several
    inputs (or none, e.g. an empty folder) a closing line. Exit codes: 0 all valid, 1 an input
    is invalid, 2 an input is unreadable (or a usage error), 3 an internal error on an input
    (the others still ran), 130 interrupted (Ctrl-C), 143 stopped by SIGTERM.
    """
    config: RulesConfig | None = None
    if rules_config:
        from .rules import RuleSetError, configured_rule_sets, load_rules_config

        try:
            # (read here, once: a pipe, bash's <(...), holds it for one read; the units of work,
            # on a remote Dask worker too, are given what it says)
            config = load_rules_config(rules_config)
            configured_rule_sets(config)  # checked here, once
        except RuleSetError as error:
            # (one line of what it says: a TOML key quoted may hold a newline, a bidi override)
            raise click.UsageError(f"--rules-config: {printable(str(error))}") from None
    options = WorkOptions(
        "validate",
        max_bytes,
        rules=not schema_only,
        as_of=as_of,
        strict=strict,
        rules_config=config,
    )
    settings = BatchSettings(
        jobs=jobs, dask=dask, quiet=quiet, summary=summary, output_format=output_format
    )
    _run_batch(paths, options, settings)


def _run_batch(paths: tuple[str, ...], options: WorkOptions, settings: BatchSettings) -> NoReturn:
    """Run a batch command, SIGTERM ending it as Ctrl-C does (exit 143); the handler is the
    command line's, restored after."""
    try:
        with stopped_by_signals():
            code = run_batch(paths, options, settings)
    except KeyboardInterrupt as stop:
        # (outside the batch's own handling: between the listing and the first input, or a
        # second Ctrl-C as it ended; not click's 'Aborted!', exit 1: an input rejected)
        click.echo(
            "interrupted before the batch could say how far it got; the outputs written are "
            "whole (convert -O DIR: the same command with --resume goes on)",
            err=True,
        )
        code = interrupted_code(stop)
    sys.exit(code)


def _single_input(path: str, refused: Callable[[], object] = lambda: None) -> BatchInput:
    """The one input of info, fmt and diff; one that is not there, or no file, is an I/O error
    (exit 2), after ``refused`` (fmt --force: its earlier output goes)."""
    if path == STDIN:
        return BatchInput("<stdin>", None)
    candidate = Path(path)
    kind = input_kind(candidate)
    if kind == "other":  # /dev/zero (or a link to it) would be read forever
        click.echo(Problem("IO_ERROR", NOT_A_FILE, file=path).format(), err=True)
        refused()
        sys.exit(EXIT_USAGE)
    if kind == "file" and not candidate.is_file():
        # A folder exists: saying "no such file" sends the operator looking for a typo.
        folder = candidate.is_dir() and path != ""
        why = "is a folder; this command reads one file" if folder else "no such file"
        if not path:  # (pathlib's ".": not the current folder, but nothing named)
            why = EMPTY_PATH
        click.echo(Problem("IO_ERROR", why, file=path or "''").format(), err=True)
        if not folder:  # (a folder is a usage error: it has no one output)
            refused()
        sys.exit(EXIT_USAGE)
    return BatchInput(path, candidate, pipe=kind == "pipe")


def _brs_option(
    context: click.Context, parameter: click.Parameter, value: str | None
) -> str | None:
    """``--brs``: a BRS the Nordic projection table knows (a usage error naming the option,
    never an internal error of each input)."""
    from .convert import checked_brs

    try:
        return checked_brs(value)
    except ValueError as error:
        wanted = str(error).removeprefix("brs is ").replace(" or None, not ", ", not ", 1)
        raise click.BadParameter(wanted) from None


def _elhub_gln_option(
    context: click.Context, parameter: click.Parameter, value: tuple[str, ...]
) -> tuple[str, ...]:
    """``--elhub-gln``: each a GLN (a usage error naming the option, never an internal error
    of each input)."""
    from .mapping import ConversionOptions

    try:
        ConversionOptions(elhub_glns=frozenset(value))
    except ValueError as error:
        wanted = str(error).split(" is ", 1)[-1]
        raise click.BadParameter(wanted) from None
    return value


def _fail(error: ElhubCimError) -> None:
    for problem in error.problems:
        click.echo(problem.format(), err=True)
    sys.exit(EXIT_USAGE if isinstance(error, InputReadError) else EXIT_INVALID)


@main.command("info")
@click.argument("path")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text")
@click.option(
    "--brs",
    callback=_brs_option,
    help="The BRS of Nordic Ediel input, e.g. BRS-NO-102: needed where its process type is "
    "several processes (E65: 102, 103, 123); taken from it where it is one.",
)
@max_bytes_option
def info_command(path: str, output_format: str, brs: str | None, max_bytes: int) -> None:
    """Show what a message is: standard, type, BRS, role, sender, recipient, created; and
    whether it is valid as validate judges it: XSD, then the business rules, their findings on
    standard error as validate prints them (exit 1 when validate would refuse it)."""
    from .formats import Format
    from .formats.read import load, root_of
    from .formats.read import read as read_any_format

    item = _single_input(path)
    try:
        # Any of the formats convert reads (CIM JSON was refused as malformed XML); read
        # validates against the XSD, as info always did.
        data, label = load(item.read_source(max_bytes), max_bytes=max_bytes, name=item.label)
        found = read_any_format(data, max_bytes=max_bytes, name=label, brs=brs)
        summary = describe(found.document, found.message_type)
    except ElhubCimError as error:
        _fail(error)
        return
    # The facts are read from the document as read: a profile 0.1 document upgraded to 0.2, a
    # Nordic Ediel one lifted into the profile. The namespace shown is the file's own.
    namespace = (root_of(data) or (None, ""))[0]
    if found.format in (Format.NORDIC, Format.NORDIC_JSON):
        from .mapping.projection import nordic_namespace

        summary = dataclasses.replace(summary, standard=Format.NORDIC.value)
        namespace = namespace or nordic_namespace(summary.message_type)  # (JSON has none)
    if namespace:
        summary = dataclasses.replace(summary, namespace=namespace)
    # "valid yes" after the XSD alone was read as "Elhub will accept it": the business rules
    # (and what convert would refuse) run as validate runs them, and each verdict is named.
    nordic = found.format in (Format.NORDIC, Format.NORDIC_JSON)
    findings = [] if nordic else validate(data, max_bytes=max_bytes, name=label).problems
    rules_valid = None if nordic else not any(p.severity == "error" for p in findings)
    for problem in findings:  # (as validate prints them)
        click.echo(problem.format(), err=True)
    if output_format == "json":
        verdict = {"valid": rules_valid, "xsd_valid": True, "rules_valid": rules_valid}
        shown = {"problems": [p.to_dict() for p in findings]}
        to_stdout(
            json.dumps(
                {"file": shown_name(item.label), **verdict, **summary.to_dict(), **shown},
                indent=2,
            )
        )
        sys.exit(EXIT_INVALID if rules_valid is False else 0)
    rows = [
        ("file", shown_name(item.label)),
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
        ("XSD valid", "yes"),
        ("rules valid", _rules_verdict(findings, checked=not nordic)),
    ]
    width = max(len(label) for label, _ in rows)
    for label, value in rows:
        to_stdout(f"{label.ljust(width)}  {value if value is not None else '-'}")
    sys.exit(EXIT_INVALID if rules_valid is False else 0)


def _rules_verdict(findings: list[Problem], *, checked: bool) -> str:
    """info's "rules valid" row: yes or no as validate decides, with the codes it found
    ("no (2 errors: EH015, EH011; 1 warning: GLN_CHECK_DIGIT)")."""
    if not checked:
        return (
            "not checked (a Nordic Ediel document: validate takes it once converted, "
            "convert --to cim)"
        )
    parts = []
    for severity, noun in (("error", "error"), ("warning", "warning")):
        codes = list(dict.fromkeys(p.code for p in findings if p.severity == severity))
        count = sum(p.severity == severity for p in findings)
        if count:
            parts.append(f"{count} {noun}{'s' if count > 1 else ''}: {', '.join(codes)}")
    errors = any(p.severity == "error" for p in findings)
    answer = "no" if errors else "yes"
    return f"{answer} ({'; '.join(parts)})" if parts else answer


@main.command("fmt")
@click.argument("path")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    callback=not_empty,
    help="Write here (atomically).",
)
@click.option("--compact", is_flag=True, help="No indentation.")
@click.option(
    "--force",
    is_flag=True,
    help="Overwrite an existing output file (removed when the input is refused: it is not "
    "this input normalised).",
)
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
    """Read a message through the typed bindings and write it back, normalised (a CIM profile
    0.1 document as profile 0.2, said on standard error)."""
    from .core.catalog import catalog
    from .formats.cimjson import to_json
    from .formats.read import load, root_of

    to_file = output is not None and output != STDIN

    def remove_earlier() -> None:
        """fmt -o FILE --force of an input it refuses: FILE of an earlier run is not this
        input normalised (as convert -o FILE --force), and goes."""
        if force and output is not None and to_file and not remove_stale(path, output):
            sys.exit(EXIT_USAGE)

    item = _single_input(path, remove_earlier)
    if output is not None and to_file and item.path is not None:
        # As convert: never over the input (not even with --force), nor through a link to it.
        collision = find_collisions([(item.label, path, output)]).get(item.label)
        if collision is not None:
            click.echo(collision.format(), err=True)
            sys.exit(EXIT_USAGE)
    try:
        # CIM JSON input is read like XML (elhub_cim.check turns it into its CIM XML).
        given, label = load(item.read_source(max_bytes), max_bytes=max_bytes, name=item.label)
        message = read(given, max_bytes=max_bytes, name=label)
        data = write(message, pretty=not compact)
        if output_format == "json":
            data = to_json(data, indent=None if compact else 2, name=item.label)
    except ElhubCimError as error:
        for problem in error.with_file(item.label).problems:
            click.echo(problem.format(), err=True)
        remove_earlier()
        sys.exit(EXIT_USAGE if isinstance(error, InputReadError) else EXIT_INVALID)
    root = root_of(given)
    legacy = catalog().get(root) if root is not None else None
    if legacy is not None and legacy.legacy:
        # Read as the current profile (nothing writes 0.1 any more): a change, so said.
        click.echo(
            f"{shown_name(item.label)}: a CIM profile 0.1 document, written as profile 0.2 "
            "(docs/cim-profile.md, section 0)",
            err=True,
        )
    if output is None or output == STDIN:
        to_stdout(data)
        return
    try:
        write_file(output, data, overwrite=force)
    except (FileExistsError, OSError) as error:
        from .work import write_error_text

        click.echo(
            Problem("IO_ERROR", write_error_text(output, error), file=output).format(), err=True
        )
        sys.exit(EXIT_USAGE)


def _url_unusable(url: str) -> str | None:
    """Why the output URL ``url`` cannot be opened (no fsspec, a protocol it does not know, a
    backend not installed: s3:// without s3fs), or None. Said before anything runs: met when
    the batch is planned, it was a traceback."""
    try:
        import fsspec
    except ImportError:
        return "fsspec URLs need the scale extra: pip install 'elhub-cim[scale]'"
    try:
        fsspec.core.url_to_fs(url)
    except (ImportError, ValueError) as error:
        return str(error) or type(error).__name__
    return None


def _minimise_role(value: str) -> str:
    """The role of ``--minimise-for``: a receiving role of the personal data policy
    (``previous_supplier``), an ebIX role code (``DDQ``) or ``recipient`` (the header's role).
    Empty (an unset $ROLE) or unknown is a usage error, never a full document."""
    from .domain.types import Role
    from .minimise import canonical_role, default_policy

    if value.strip().lower() == RECIPIENT:
        return RECIPIENT
    try:
        return canonical_role(value)
    except ValueError:
        shown = repr(shown_value(value, 40)) if value.strip() else "empty"
        known = [*default_policy().role_names(), *(r.value for r in Role)]
        raise click.BadParameter(
            f"{shown} is not a market role; use one of {RECIPIENT}, {', '.join(known)}",
            param_hint="--minimise-for",
        ) from None


#: ``--minimise-for recipient``: minimise for the role in each document's header.
RECIPIENT = "recipient"


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
    help="json: CIM JSON (--to cim) or DataHub 3's CIM JSON (--to nordic-ediel).",
)
@click.option(
    "--brs",
    callback=_brs_option,
    help="The BRS of Nordic Ediel input, e.g. BRS-NO-102: needed where its process type is "
    "several processes (E65: 102, 103, 123); taken from it where it is one.",
)
@click.option(
    "--minimise-for",
    "minimise_for",
    metavar="ROLE",
    help="Reduce a document from Elhub to the fields ROLE may see: a receiving role "
    "(previous_supplier, new_supplier, grid_company, third_party, ...), an ebIX role code, or "
    "'recipient' (the header's); removed fields are reported (docs/receiving-roles.md).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    callback=not_empty,
    help="Output file (one input).",
)
@click.option(
    "-O",
    "--output-dir",
    type=click.Path(file_okay=False),
    callback=_output_folder,
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
    callback=_elhub_gln_option,
    help="GLN identifying Elhub (acknowledgements only; repeatable).",
)
@click.option(
    "--resume",
    is_flag=True,
    help="Continue an interrupted run into -O DIR: outputs its manifest records as complete "
    "(size and SHA-256 checked, converted with these settings) are skipped, the others are "
    "written again.",
)
@max_bytes_option
@batch_options
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
    resume: bool,
    max_bytes: int,
    jobs: int,
    dask: str | None,
    quiet: bool,
    summary: bool,
) -> None:
    """Convert messages between ebIX (Elhub EMIF 2.4) and the CIM profile.

    The input standard is detected (ebIX, CIM XML, CIM JSON, Nordic Ediel). Every input ends
    converted or rejected with its reason; a closing line counts both. Outputs are validated and
    written atomically, never over an existing file without --force. What the target cannot
    carry is an error naming the fields, unless --allow-loss (then it is reported).
    The business rules of `validate` run on every input: findings are reported (the input is
    still converted), --strict refuses the input on them, --no-rules skips them. An output
    that exists is skipped ("exists, skipped") unless --force; two inputs that would write one
    output are refused, even with --force. With --force (or --resume), the earlier output of
    an input now rejected is removed: it is not this input's conversion; a new output that
    cannot be written (a full disk) leaves the earlier one as it was (replaced whole or not at
    all).

    Exit codes: 0 every input converted (or skipped: output exists), 1 an input was rejected,
    2 an I/O error (unreadable input, unwritable output) or usage error, 3 an internal error on
    an input (the others still ran), 130 interrupted (Ctrl-C; --resume goes on), 143 stopped
    by SIGTERM (as interrupted).
    """
    if output and output_dir:
        raise click.UsageError("use -o FILE or -O DIR, not both")
    if strict and no_rules:
        raise click.UsageError("--strict refuses on rule findings: it needs the rules")
    if output_format == "json" and target == "ebix":
        raise click.UsageError("--format json is CIM JSON: use it with --to cim or nordic-ediel")
    if minimise_for is not None:
        minimise_for = _minimise_role(minimise_for)
    if minimise_for and target == "nordic-ediel":
        raise click.UsageError("--minimise-for works with --to cim or --to ebix")
    if resume and not output_dir:
        raise click.UsageError("--resume needs -O DIR (its manifest lives there)")
    for target_url in (output, output_dir):
        if target_url is not None and is_url(target_url):
            why = _url_unusable(target_url)
            if why is not None:
                raise click.UsageError(f"{shown_name(target_url)}: {why}")
    if resume and STDIN in paths:
        # (its output is always DIR/stdin.xml: whatever comes on it would be taken as complete)
        raise click.UsageError(
            "--resume cannot tell whether standard input (-) is what its manifest recorded: "
            "convert it without --resume (--force overwrites DIR/stdin.xml)"
        )
    if not output_dir and (
        len(paths) > 1 or any(is_url(p) or (p != STDIN and Path(p).is_dir()) for p in paths)
    ):
        raise click.UsageError("several inputs need -O DIR")
    options = WorkOptions(
        "convert",
        max_bytes,
        rules=not no_rules,
        strict=strict,
        target=target,
        output_format=output_format,
        brs=brs,
        minimise_for=minimise_for,
        allow_loss=allow_loss,
        compact=compact,
        elhub_glns=elhub_gln,
    )
    settings = BatchSettings(
        output=output,
        output_dir=output_dir,
        suffix=".json" if output_format == "json" else ".xml",
        force=force,
        resume=resume,
        jobs=jobs,
        dask=dask,
        quiet=quiet,
        summary=summary,
    )
    _run_batch(paths, options, settings)


def _diff_root(source: Any, max_bytes: int, label: str) -> etree._Element:
    """The tree ``diff`` compares: :func:`elhub_cim.formats.read.parse`'s, DataHub 3's JSON as
    the Nordic XML it stands for."""
    from .core.safeparse import parse_bytes
    from .formats import cimjson, nordic_json
    from .formats.read import load
    from .formats.read import parse as parse_any_format

    data, label = load(source, max_bytes=max_bytes, name=label)
    if cimjson.detect(data) and nordic_json.detect(data, max_bytes=max_bytes):
        xml = nordic_json.read(data, name=label, max_bytes=max_bytes)
        return parse_bytes(xml, name=label).root
    return parse_any_format(data, max_bytes=max_bytes, name=label).root


@main.command("diff")
@click.argument("left")
@click.argument("right")
@max_bytes_option
@click.option(
    "--max-nodes",
    type=click.IntRange(min=1),
    default=DEFAULT_MAX_NODES,
    show_default=True,
    help="Refuse documents with more elements, attributes and texts than this.",
)
def diff_command(left: str, right: str, max_bytes: int, max_nodes: int) -> None:
    """Compare two messages by meaning (as C14N 2.0: prefixes, whitespace-only text such as
    indentation, comments and xsi:schemaLocation ignored; a value's own spaces count).
    CIM JSON is compared as the CIM XML it describes, DataHub 3's JSON as the Nordic XML.
    Exit 0 when equal, 1 with a diff when not, 2 when they cannot be compared (unreadable,
    malformed, over --max-bytes or --max-nodes). One of them may be - for standard input.

    National identity numbers are masked in the diff, characters that are not printable
    escaped (\\n, \\u2028); lines are cut at 1000 characters.
    """
    from .core.validation import identity_numbers

    if left == right == STDIN:
        raise click.UsageError("standard input (-) can be one side of the diff, not both")
    items = [_single_input(path) for path in (left, right)]
    labels = (shown_name(items[0].label), shown_name(items[1].label))  # (the diff's header)
    try:
        # XML as it is, CIM JSON as the CIM XML it describes (as info and fmt read it),
        # DataHub 3's JSON as its Nordic XML.
        roots = [_diff_root(item.read_source(max_bytes), max_bytes, item.label) for item in items]
        found = differences(*roots, labels=labels, max_nodes=max_nodes)
    except ElhubCimError as error:
        for problem in error.problems:
            click.echo(problem.format(), err=True)
        sys.exit(EXIT_USAGE)
    if found:
        secrets = [value for root in roots for value in identity_numbers(root)]
        for line in found:
            # As every line that quotes an input: its names and values may hold a newline, a
            # line separator or a terminal's escape sequence (escaped), never an identity number.
            to_stdout(shorten(printable(mask_identity_numbers(line, secrets)), MAX_DIFF_LINE))
        sys.exit(EXIT_INVALID)
    to_stdout(f"{shown_name(labels[0])} and {shown_name(labels[1])} are the same document")


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
