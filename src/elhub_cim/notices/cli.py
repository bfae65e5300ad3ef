"""``elhub-cim notice``: customer notices when a customer relationship ends.

Exit codes as the rest of the command line: 0 every input handled (notices delivered, or none
needed: no trigger, no previous customer on a vacant metering point, duplicates), 1 an input is
invalid or a triggering message could not give a notice (no contact, no grid company to name, a
template error), 2 usage or I/O error (missing input, unusable register, outbox or SMTP failure).
"""

from __future__ import annotations

import os
import smtplib
import ssl
import sys
from collections.abc import Iterator
from typing import NoReturn

import click

from ..batch import Ignored, expand_inputs, not_empty
from ..core.errors import ElhubCimError, Problem, shown_name
from ..core.safeparse import DEFAULT_MAX_BYTES
from ..runners import default_jobs, jobs_option, run_local
from ..work import WorkItem, WorkOptions
from .delivery import Delivery, Outbox, SmtpDelivery
from .registers import LANGUAGES, CsvContactRegister, CsvPartyRegister
from .render import Renderer, parse_sender
from .service import Input, Notifier, Outcome, Status, summary_line

__all__ = ["SENDER_ENV", "SMTP_PASSWORD_ENV", "SMTP_USER_ENV", "notice_command"]

# The same codes as elhub_cim.cli (not imported: that module imports this one).
EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2
SMTP_USER_ENV = "ELHUB_CIM_SMTP_USER"
SMTP_PASSWORD_ENV = "ELHUB_CIM_SMTP_PASSWORD"  # noqa: S105 - the variable's name, not a secret
SENDER_ENV = "ELHUB_CIM_NOTICE_FROM"  # the configured default identity
_NEEDS_ATTENTION = (Status.NO_CONTACT, Status.NO_GRID_COMPANY, Status.ERROR)


def _fail(error: ElhubCimError) -> NoReturn:
    for problem in error.problems:
        click.echo(problem.format(), err=True)
    sys.exit(EXIT_USAGE)


def _file_name(_ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A register's file name; empty (an unset shell variable) is a usage error, never "no
    party register" without a word."""
    if value is not None and not value.strip():
        raise click.BadParameter("empty: give a file name", param=param)
    return value


def _host_port(value: str) -> tuple[str, int]:
    host, sep, port = value.rpartition(":")
    if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise click.UsageError(f"--smtp wants HOST:PORT, got {value!r}")
    return host.strip("[]"), int(port)


@click.command("notice")
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--register",
    "register_path",
    required=True,
    type=click.Path(dir_okay=False),
    callback=_file_name,
    help="Contact register (CSV): who is the customer of a metering point when.",
)
@click.option(
    "--grid-companies",
    "parties_path",
    type=click.Path(dir_okay=False),
    callback=_file_name,
    help="Party register (CSV): grid company names, contact details and grid areas.",
)
@click.option(
    "-O",
    "--outbox",
    "outbox",
    type=click.Path(file_okay=False),
    callback=not_empty,
    help="Write notices as <key>.eml here. With --smtp: record sent notices here.",
)
@click.option("--smtp", help="Send over SMTP to HOST:PORT instead of (only) writing files.")
@click.option("--starttls", is_flag=True, help="Upgrade the SMTP connection with STARTTLS.")
@click.option(
    "--smtp-cafile",
    type=click.Path(dir_okay=False, exists=True),
    help="Trust these CA certificates (PEM) for STARTTLS instead of the system's.",
)
@click.option(
    "--language",
    type=click.Choice(LANGUAGES),
    default="nb",
    show_default=True,
    help="Language of customers whose register row names none.",
)
@click.option(
    "--from",
    "sender",
    envvar=SENDER_ENV,
    required=True,
    help="Sender with a display name, e.g. 'Nett AS <varsel@nett.example>': the notice says "
    f"who registered the ending and signs off with the name. Default: ${SENDER_ENV}.",
)
@click.option(
    "--templates",
    type=click.Path(file_okay=False, exists=True),
    help="Folder with template overrides (<language>/subject.txt, body.txt, body.html).",
)
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
    help="Read the messages in this many processes (the notices are the same for any number), "
    "at most 4 × the CPUs (at least 32).",
)
def notice_command(
    paths: tuple[str, ...],
    register_path: str,
    parties_path: str | None,
    outbox: str | None,
    smtp: str | None,
    starttls: bool,
    smtp_cafile: str | None,
    language: str,
    sender: str,
    templates: str | None,
    max_bytes: int,
    jobs: int,
) -> None:
    """E-mail customers whose customer relationship ends (BRS-NO-102/103/123/201/211/305).

    Reads process messages (ebIX or CIM; files, folders or -), decides which end a customer
    relationship, finds the customer in the contact register and writes one notice per ending
    (several messages about one ending give one notice; an existing <key>.eml means it was
    delivered before). Every input is reported; a closing line counts the outcomes.

    SMTP credentials, if any, come from $ELHUB_CIM_SMTP_USER and $ELHUB_CIM_SMTP_PASSWORD and
    are used only with --starttls.
    """
    if not outbox and not smtp:
        raise click.UsageError("give -O OUTBOX and/or --smtp HOST:PORT")
    if (starttls or smtp_cafile) and not smtp:
        raise click.UsageError("--starttls and --smtp-cafile go with --smtp")
    try:
        display_name, _ = parse_sender(sender)
    except ValueError as error:
        raise click.UsageError(f"--from: {error}") from None
    if not display_name.strip():
        raise click.UsageError(
            "--from needs a display name, e.g. 'Nett AS <varsel@nett.example>': the notice "
            "names its sender and signs off with it"
        )
    try:
        contacts = CsvContactRegister.load(register_path)
        parties = CsvPartyRegister.load(parties_path) if parties_path else None
    except ElhubCimError as error:
        _fail(error)
    try:
        renderer = Renderer(templates)
    except ValueError as error:  # (--templates removed since click saw it)
        raise click.UsageError(f"--templates: {error}") from None
    notifier = Notifier(
        contacts,
        parties=parties,
        renderer=renderer,
        sender=sender,
        default_language=language,  # type: ignore[arg-type]  # a click.Choice of LANGUAGES
    )
    inputs = _read_inputs(paths, max_bytes, jobs, exclude=outbox)
    record = Outbox(outbox) if outbox else None
    delivery: Delivery
    if smtp:
        host, port = _host_port(smtp)
        username = os.environ.get(SMTP_USER_ENV) or None
        password = os.environ.get(SMTP_PASSWORD_ENV) or None
        context = _tls_context(smtp_cafile) if smtp_cafile else None
        try:
            sender_smtp = SmtpDelivery(
                host,
                port,
                starttls=starttls,
                ssl_context=context,
                username=username,
                password=password,
                record=record,
            )
        except ValueError as error:
            raise click.UsageError(str(error)) from None
        try:
            sender_smtp.open()
        except (OSError, smtplib.SMTPException) as error:
            click.echo(
                Problem("IO_ERROR", f"cannot use the SMTP server: {error}", file=smtp).format(),
                err=True,
            )
            sys.exit(EXIT_USAGE)
        delivery = sender_smtp
        try:
            outcomes = notifier.run(inputs, delivery, max_bytes=max_bytes)
        finally:
            sender_smtp.close()
    else:
        assert record is not None
        outcomes = notifier.run(inputs, record, max_bytes=max_bytes)
    if record is not None:
        record.remove_leftovers()  # (of a killed run)
    _report(outcomes, "sent" if smtp else "written")


def _tls_context(cafile: str) -> ssl.SSLContext:
    """The default TLS context trusting the CA certificates of ``cafile``; a file that holds
    none (or cannot be read) is an I/O error naming it (exit 2), never a traceback."""
    try:
        return ssl.create_default_context(cafile=cafile)
    except (ssl.SSLError, OSError) as error:
        reason = getattr(error, "reason", None) or error.strerror or str(error)
        click.echo(
            Problem(
                "IO_ERROR",
                f"--smtp-cafile: no CA certificate could be loaded (PEM expected): {reason}",
                file=cafile,
            ).format(),
            err=True,
        )
        sys.exit(EXIT_USAGE)


def _read_inputs(
    paths: tuple[str, ...], max_bytes: int, jobs: int, *, exclude: str | None = None
) -> Iterator[tuple[str, Input]]:
    """Every input read into its domain document (or its outcome), in ``jobs`` processes, in
    input order. Deciding and delivering stay here: one notice per ending needs every input.
    ``exclude``: the outbox, never read as input (as convert's output folder)."""
    listed: list[WorkItem | Problem] = []
    # The suffixes validate and convert read (CIM JSON too); what else a folder holds is listed.
    found = expand_inputs(paths, (".xml", ".json"), exclude=exclude, report_ignored=True)
    for entry in found:
        if isinstance(entry, Ignored):
            click.echo(f"{shown_name(entry.label)}: skipped ({entry.reason})", err=True)
            continue
        if isinstance(entry, Problem):
            listed.append(entry)
            continue
        listed.append(entry.work_item(len(listed), max_bytes=max_bytes))
    work = [item for item in listed if isinstance(item, WorkItem)]
    options = WorkOptions(
        "handler", max_bytes=max_bytes, handler="elhub_cim.notices.service:read_item"
    )
    records = run_local(work, options, jobs)
    for item in listed:
        if isinstance(item, Problem):
            yield item.file or "?", item
            continue
        record = next(records)
        if record.payload is None:  # the worker died on it, or a bug: reported, never lost
            problem = record.problems[0] if record.problems else Problem("INTERNAL_ERROR", "?")
            yield (
                record.label,
                Outcome(record.label, Status.ERROR, problem.message, problems=(problem,)),
            )
            continue
        yield record.label, record.payload


def _report(outcomes: list[Outcome], verb: str) -> NoReturn:
    for outcome in outcomes:
        stream_err = outcome.status in _NEEDS_ATTENTION
        for problem in outcome.problems[1:]:
            click.echo(problem.format(), err=True)
        click.echo(outcome.format(), err=stream_err)
    click.echo(summary_line(outcomes, verb))
    if any(o.io_error for o in outcomes):
        sys.exit(EXIT_USAGE)
    if any(o.status in _NEEDS_ATTENTION for o in outcomes):
        sys.exit(EXIT_INVALID)
    sys.exit(EXIT_OK)
