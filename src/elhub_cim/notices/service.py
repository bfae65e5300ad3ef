"""From process messages to delivered notices: decide, find the customer, word it, deliver.

    notifier = Notifier(CsvContactRegister.load("contacts.csv"),
                        parties=CsvPartyRegister.load("grid-companies.csv"),
                        sender="Nettselskapet AS <varsel@nett.example>")
    outcomes = notifier.run([(str(p), p) for p in paths], Outbox("outbox"))

Every input ends in exactly one :class:`Outcome` (counts add up to the inputs). Messages about
the same ending (the same metering point and end date, whatever process or standard) are read
first and merged, so the one notice gets the best facts any of them carries (the address from
NotifyStartOfSupply or NotifyMeteringPointCharacteristics, the grid company from the message sent
to it); the first such message gets the notice's outcome, the others are duplicates.
"""

from __future__ import annotations

import os
import re
import smtplib
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime
from email.message import EmailMessage
from enum import StrEnum
from typing import Any, Literal, TypeAlias

from pydantic import BaseModel

from ..core.arguments import refuse_one
from ..core.dates import shift_days
from ..core.errors import (
    ElhubCimError,
    InputReadError,
    Problem,
    internal_error,
    mask_identity_numbers,
    printable,
    shown_argument,
    shown_name,
    shown_text,
)
from ..core.logs import get_logger
from ..core.safeparse import DEFAULT_MAX_BYTES, Source, checked_limit
from ..domain.common import MeteringPointAddress
from ..domain.supply import MeteringPointCharacteristicsNotification
from ..work import Record, WorkItem, WorkOptions, read_input
from .delivery import Delivery, NotRecordedError
from .registers import (
    LANGUAGES,
    Contact,
    ContactRegister,
    GridCompany,
    GridCompanyLookup,
    Language,
    PartyRegister,
)
from .render import (
    NoticeTemplateError,
    RenderedNotice,
    Renderer,
    build_email,
    parse_sender,
)
from .triggers import NORWAY, Ending, EndingKind, NoTrigger, decide, local_date, merge_endings

__all__ = [
    "AddressSource",
    "Notice",
    "Notifier",
    "Outcome",
    "Refusal",
    "Status",
    "format_address",
    "summary_line",
]

# Through the masking filter, as every elhub-cim logger: whatever is logged here later (a
# message, an exception's text) reaches no handler with an identity number.
logger = get_logger(__name__)

AddressSource = Literal["metering_point", "register", "none"]
GridCompanySource = Literal["message", "grid_area", "register"]
_BOLIGNUMMER = re.compile(r"^[HKLU]\d{4}$")


class Status(StrEnum):
    """What became of one input."""

    WRITTEN = "written"  # notice written to the outbox
    SENT = "sent"  # notice sent over SMTP
    NO_TRIGGER = "no_trigger"  # the message ends no customer relationship
    NO_CONTACT = "no_contact"  # no customer (or no e-mail address) in the register
    # A move-in (or Elhub's change) on a vacant metering point: nobody's relationship ends.
    NO_PREVIOUS_CUSTOMER = "no_previous_customer"
    NO_GRID_COMPANY = "no_grid_company"  # no grid company, or no name for it: nobody to name
    DUPLICATE = "duplicate"  # the same ending as another input, or delivered before
    ERROR = "error"  # unreadable or invalid message, template or delivery failure


@dataclass(frozen=True, slots=True)
class Outcome:
    """One input's result. ``detail`` never holds a national identity number (nor the
    customer's name or e-mail address)."""

    source: str
    status: Status
    detail: str
    key: str | None = None
    metering_point: str | None = None
    end_date: date | None = None
    address_source: AddressSource | None = None
    grid_company_source: GridCompanySource | None = None
    problems: tuple[Problem, ...] = ()
    io_error: bool = False  # the input or the delivery failed for an I/O reason

    def format(self) -> str:
        text = f"{shown_name(self.source)}: {self.status.value}: {self.detail}"
        if self.metering_point and self.end_date:
            text += f" [metering point {self.metering_point}, ends {self.end_date:%d.%m.%Y}"
            text += f", key {self.key}]" if self.key else "]"
        # Printed and logged: never an identity number, and one line whatever the file's name
        # holds (a newline, a terminal's escape sequence), as validate and convert show names.
        return shown_text(printable(mask_identity_numbers(text)))


#: One input of a batch: a domain document, a source to read, a problem met while listing it,
#: or the outcome it already has.
Input: TypeAlias = BaseModel | Source | Problem | Outcome


@dataclass(frozen=True, slots=True)
class Refusal:
    """Why an ending gets no notice although it triggers one."""

    status: Status
    detail: str
    problems: tuple[Problem, ...] = ()


@dataclass(frozen=True, slots=True)
class Notice:
    """A notice ready to deliver."""

    ending: Ending
    language: Language
    address: str | None
    address_source: AddressSource
    grid_company: GridCompany
    grid_company_source: GridCompanySource
    rendered: RenderedNotice
    message: EmailMessage
    key: str  # metering point + customer + end date (triggers.idempotency_key)


def format_address(address: MeteringPointAddress) -> str | None:
    """One line, Norwegian style: ``Kjøpmannsgata 12 H0301, 7013 TRONDHEIM``.

    ``None`` when the installation address has no street name and no free-form text."""
    if not isinstance(address, MeteringPointAddress):
        raise TypeError(
            "format_address() takes a MeteringPointAddress (a domain document's), "
            f"not {type(address).__name__}"
        )
    # A building number alone ("12, 7013 TRONDHEIM") names no place the customer recognises.
    street = (
        " ".join(p for p in (address.street_name, address.building_number) if p)
        if address.street_name
        else ""
    )
    if street and address.room and _BOLIGNUMMER.match(address.room):
        street += f" {address.room}"
    if not street:
        if not address.free_form:
            return None
        street = address.free_form
    return f"{street}, {address.postcode} {address.city}"


def _default_clock() -> datetime:
    return datetime.now(NORWAY)


class Notifier:
    """Turns endings into notices with the caller's registers and templates.

    ``grid_lookup`` maps a metering point to its grid company's GLN when no message names it;
    by default the contact register, if it can (:class:`CsvContactRegister` can). ``sender`` is
    the From of every notice and must have a display name (``Nett AS <varsel@nett.example>``):
    the notice says who registered the ending and signs off with it.
    """

    def __init__(
        self,
        contacts: ContactRegister,
        *,
        parties: PartyRegister | None = None,
        grid_lookup: GridCompanyLookup | None = None,
        renderer: Renderer | None = None,
        sender: str,
        default_language: Language = "nb",
        clock: Callable[[], datetime] = _default_clock,
    ) -> None:
        if default_language not in LANGUAGES:
            raise ValueError(
                f"default_language is one of {', '.join(LANGUAGES)}, "
                f"not {shown_argument(default_language)}"
            )
        _check_parts(contacts, parties, grid_lookup, renderer, clock)
        display_name, _ = parse_sender(sender)  # fail early on a bad From
        if not display_name.strip():
            raise ValueError(
                "the sender needs a display name, e.g. 'Nett AS <varsel@nett.example>': the "
                "notice names its sender and signs off with it"
            )
        self.contacts = contacts
        self.parties = parties
        if grid_lookup is None and isinstance(contacts, GridCompanyLookup):
            grid_lookup = contacts
        self.grid_lookup = grid_lookup
        self.renderer = renderer or Renderer()
        self.sender = sender
        self.default_language: Language = default_language
        self.clock = clock

    # -- one ending -------------------------------------------------------------------------

    def _grid_company(
        self, ending: Ending, contact: Contact, last_day: date
    ) -> tuple[GridCompany, GridCompanySource] | Refusal:
        gln: str | None = None
        source: GridCompanySource = "message"
        if ending.grid_company:
            gln = ending.grid_company
        elif ending.grid_area and self.parties and self.parties.grid_area_owner(ending.grid_area):
            gln, source = self.parties.grid_area_owner(ending.grid_area), "grid_area"
        elif self.grid_lookup and self.grid_lookup.grid_company_of(ending.metering_point, last_day):
            gln = self.grid_lookup.grid_company_of(ending.metering_point, last_day)
            source = "register"
        elif contact.grid_company:
            gln, source = contact.grid_company, "register"
        if gln is None:
            return Refusal(
                Status.NO_GRID_COMPANY,
                "no grid company to name: the messages name none, and neither the party "
                "register (grid area) nor the contact register knows the metering point's",
            )
        company = self.parties.grid_company(gln) if self.parties else None
        if company is None or not company.name:
            where = "is not in the party register" if company is None else "has no name there"
            if self.parties is None:
                where = "cannot be named without a party register (--grid-companies)"
            return Refusal(
                Status.NO_GRID_COMPANY, f"grid company {gln} (from the {source}) {where}"
            )
        return company, source

    def _address(
        self, ending: Ending, contact: Contact
    ) -> tuple[str | None, str | None, AddressSource]:
        """(address, its short form for the subject, where it came from). Only the installation
        address: a customer's postal address is never used (after a move it may be the new
        home, and a notice must not say the relationship ends *there*)."""
        if ending.metering_point_address is not None:
            text = format_address(ending.metering_point_address)
            if text:
                return text, text.split(",")[0], "metering_point"
        if contact.address:
            return contact.address, contact.address.split(",")[0], "register"
        return None, None, "none"

    def _vacant(self, ending: Ending, last_day: date) -> bool:
        """Is the metering point known to be vacant on ``last_day``? Only a move-in or Elhub's
        change can start on a vacant metering point, and only a register that knows the
        metering point (a row on some other day) can tell."""
        if ending.kind is EndingKind.END_OF_SUPPLY:
            return False
        known = getattr(self.contacts, "knows", None)
        return bool(known(ending.metering_point)) if callable(known) else False

    def _customer_changes(self, ending: Ending, contact: Contact) -> str | None:
        """For an ending that holds only if the customer changes: why it does not (``None``: it
        does). The register's customer on the end date, else the name in the message."""
        after = self.contacts.find(ending.metering_point, ending.end_date)
        # The customer is who the key says (a new row of the same customer number is not another
        # customer: new contact details, a split period).
        if after is None or after.reference != contact.reference:
            return None  # the register has another customer (or none) from the end date
        if ending.new_customer_name and contact.name:
            if _same_name(ending.new_customer_name, contact.name):
                return (
                    "Elhub's change keeps the customer (the register's customer continues, and "
                    "the message names the same customer): no relationship ends"
                )
            return None  # the message names another customer; the register is not updated yet
        return (
            "Elhub's change ends a relationship only if the customer changes: the register's "
            "customer continues past the date and there is no name to compare with the message"
        )

    def compose(self, ending: Ending) -> Notice | Refusal:
        """The notice for ``ending``, or why there is none."""
        last_day = shift_days(ending.end_date, -1)  # the customer's last day
        contact = self.contacts.find(ending.metering_point, last_day)
        if contact is None:
            if self._vacant(ending, last_day):
                return Refusal(
                    Status.NO_PREVIOUS_CUSTOMER,
                    f"the metering point had no customer on {last_day:%d.%m.%Y} (vacant): no "
                    "relationship ends, nobody to notify",
                )
            return Refusal(
                Status.NO_CONTACT,
                f"no customer of the metering point on {last_day:%d.%m.%Y} (the last day) in "
                "the contact register",
            )
        if ending.if_customer_changes:
            unchanged = self._customer_changes(ending, contact)
            if unchanged is not None:
                return Refusal(Status.NO_TRIGGER, unchanged)
        if not contact.email:
            return Refusal(Status.NO_CONTACT, "the customer has no e-mail address in the register")
        key = ending.key(contact.reference)
        found = self._grid_company(ending, contact, last_day)
        if isinstance(found, Refusal):
            return found
        company, company_source = found
        address, short, address_source = self._address(ending, contact)
        language: Language = contact.language or self.default_language
        if language not in LANGUAGES:  # (a ContactRegister of the caller's: the CSV one checks)
            return Refusal(
                Status.ERROR,
                f"the register's language for the customer is {shown_argument(language)}, "
                f"not one of {', '.join(LANGUAGES)}",
            )
        known = ending.personal_ids

        def clean(text: str | None) -> str | None:
            if not text:
                return None
            return " ".join(mask_identity_numbers(text, known).split()) or None

        display_name, _ = parse_sender(self.sender)
        context: dict[str, Any] = {
            "language": language,
            "kind": ending.kind.value,
            "process": ending.process,
            "customer_name": clean(contact.name),
            "metering_point": ending.metering_point,
            "end_date": f"{ending.end_date:%d.%m.%Y}",
            "end_date_iso": ending.end_date.isoformat(),
            "address": clean(address),
            "address_short": clean(short),
            "address_source": address_source,
            "grid_company": {
                "gln": company.gln,
                "name": clean(company.name),
                "phone": clean(company.phone),
                "email": clean(company.email),
                "website": clean(company.website),
            },
            "sender_name": clean(display_name),
        }
        try:
            rendered = self.renderer.render(language, context)
            message = build_email(
                rendered,
                sender=self.sender,
                recipient=contact.email,
                recipient_name=clean(contact.name),
                key=key,
                language=language,
                now=self.clock(),
            )
        except NoticeTemplateError as error:
            return Refusal(Status.ERROR, error.problems[0].message, error.problems)
        except ValueError:
            return Refusal(Status.ERROR, "the e-mail address in the register is not usable")
        # Belt and braces: nothing that looks like (or is) a national identity number leaves.
        for part in (rendered.subject, rendered.text, rendered.html, str(message["To"])):
            if mask_identity_numbers(part, known) != part:
                return Refusal(
                    Status.ERROR,
                    "the notice would contain a national identity number: not delivered "
                    "(check the templates and the registers)",
                )
        return Notice(
            ending,
            language,
            address,
            address_source,
            company,
            company_source,
            rendered,
            message,
            key,
        )

    # -- a batch ----------------------------------------------------------------------------

    def _read(self, label: str, item: Input, max_bytes: int) -> Any:
        return read_document(label, item, max_bytes)

    def run(
        self,
        inputs: Iterable[tuple[str, Input]],
        delivery: Delivery,
        *,
        max_bytes: int = DEFAULT_MAX_BYTES,
    ) -> list[Outcome]:
        """One outcome per input, in input order. ``inputs`` are (label, item) with a domain
        document, a source for :func:`elhub_cim.convert.to_domain`, a Problem (an input
        that could not be opened) or the Outcome :func:`read_document` gave it already."""
        checked_limit(max_bytes)  # (at the call: not each input's internal error)
        refuse_one(inputs, "inputs", "(label, input) pair", "put them in a list")
        outcomes: list[Outcome | None] = []
        groups: dict[tuple[str, date], list[tuple[int, str, Ending]]] = {}
        addresses: dict[str, list[tuple[date, date | None, MeteringPointAddress]]] = {}
        for number, pair in enumerate(inputs, 1):
            if not isinstance(pair, tuple | list) or len(pair) != 2:
                what = (
                    f"{type(pair).__name__} of {len(pair)}"
                    if isinstance(pair, tuple | list)
                    else type(pair).__name__
                )
                raise TypeError(f"inputs: input {number} is a {what}, not a (label, input) pair")
            label, item = pair
            index = len(outcomes)
            outcomes.append(None)
            try:
                document = self._read(label, item, max_bytes)
                if isinstance(document, Outcome):
                    outcomes[index] = document
                    continue
                decision = decide(document)
                if isinstance(document, MeteringPointCharacteristicsNotification):
                    _collect_addresses(document, addresses)
            except ElhubCimError as error:  # e.g. DATE_OUT_OF_RANGE: a date with no local day
                outcomes[index] = _error_outcome(label, error)
                continue
            except Exception as error:  # a bug must not stop the batch: reported on this input
                outcomes[index] = _internal_error(label, error)
                continue
            if isinstance(decision, NoTrigger):
                outcomes[index] = Outcome(label, Status.NO_TRIGGER, decision.why)
            else:
                groups.setdefault(decision.group, []).append((index, label, decision))
        for members in groups.values():
            first_index, first_label, _ = members[0]
            ending = merge_endings([member[2] for member in members])
            if ending.metering_point_address is None:
                ending = _with_address(ending, addresses)
            try:
                outcome = self._deliver(first_label, ending, delivery)
            except ElhubCimError as error:
                outcome = _error_outcome(first_label, error)
            except Exception as error:  # reported on this input; the batch goes on
                outcome = _internal_error(first_label, error)
            outcomes[first_index] = outcome
            facts: dict[str, Any] = {
                "key": outcome.key,
                "metering_point": ending.metering_point,
                "end_date": ending.end_date,
            }
            for index, label, _ in members[1:]:
                outcomes[index] = Outcome(
                    label, Status.DUPLICATE, f"the same ending as {first_label}", **facts
                )
        done = [o for o in outcomes if o is not None]
        assert len(done) == len(outcomes)
        for outcome in done:
            logger.info("%s", outcome.format())
        return done

    def _deliver(self, label: str, ending: Ending, delivery: Delivery) -> Outcome:
        facts: dict[str, Any] = {
            "metering_point": ending.metering_point,
            "end_date": ending.end_date,
        }
        composed = self.compose(ending)
        if isinstance(composed, Refusal):
            return Outcome(
                label, composed.status, composed.detail, problems=composed.problems, **facts
            )
        facts["key"] = composed.key
        before = delivery.already_delivered(composed.key)
        if before is not None:
            return Outcome(label, Status.DUPLICATE, f"already {delivery.verb}: {before}", **facts)
        facts["address_source"] = composed.address_source
        facts["grid_company_source"] = composed.grid_company_source
        try:
            where = delivery.deliver(composed.key, composed.message)
        except FileExistsError:
            return Outcome(label, Status.DUPLICATE, f"already {delivery.verb} meanwhile", **facts)
        except NotRecordedError as error:
            return Outcome(
                label,
                Status.ERROR,
                f"sent to {error.where} but not recorded: {_describe(error.error)}; a later run "
                "sends it again",
                io_error=True,
                **facts,
            )
        except Exception as error:  # OSError, smtplib.SMTPException: reported, never raised
            return Outcome(
                label, Status.ERROR, f"not delivered: {_describe(error)}", io_error=True, **facts
            )
        status = Status.SENT if delivery.verb == "sent" else Status.WRITTEN
        detail = (
            f"{where} ({composed.language}; address from {composed.address_source}; "
            f"grid company {composed.grid_company.gln} from {composed.grid_company_source})"
        )
        return Outcome(label, status, detail, **facts)


def read_document(label: str, item: Input, max_bytes: int = DEFAULT_MAX_BYTES) -> Any:
    """The domain document of one input, or its outcome when it has none (unreadable, not a
    step that ends a relationship). Independent of every other input: :func:`read_item` runs it
    in parallel (``notice --jobs``)."""
    from ..convert import UnsupportedDocumentError, to_domain

    if isinstance(item, Outcome):
        return item
    if isinstance(item, Problem):
        return Outcome(label, Status.ERROR, item.message, problems=(item,), io_error=True)
    if isinstance(item, BaseModel):
        return item
    try:
        return to_domain(item, allow_loss=True, max_bytes=max_bytes, name=label)
    except UnsupportedDocumentError as error:
        return Outcome(
            label,
            Status.NO_TRIGGER,
            f"not a step of a process that ends a relationship ({error.problems[0].message})",
        )
    except ElhubCimError as error:
        return _error_outcome(label, error)


def read_item(item: WorkItem, options: WorkOptions) -> Record:
    """The unit-of-work handler of ``notice``: the input's domain document (or its outcome)
    travels back to the client in ``Record.payload``; deciding, merging and delivering stay
    with the client (one notice per ending needs every input)."""
    try:
        source: Input = read_input(item, options.max_bytes)
    except ElhubCimError as error:
        source = _error_outcome(item.label, error)
    return Record(
        item.index,
        item.label,
        "valid",
        payload=read_document(item.label, source, options.max_bytes),
    )


def _error_outcome(label: str, error: ElhubCimError) -> Outcome:
    problems = error.with_file(label).problems
    return Outcome(
        label,
        Status.ERROR,
        f"{problems[0].code} {problems[0].message}",
        problems=problems,
        io_error=isinstance(error, InputReadError),
    )


def _internal_error(label: str, error: Exception) -> Outcome:
    problem = internal_error(error, label)
    return Outcome(label, Status.ERROR, f"{problem.code} {problem.message}", problems=(problem,))


def _same_name(one: str, other: str) -> bool:
    """The same customer name, ignoring case, spacing and the order of the words (registers
    write "Lie Ingrid" where messages write "Ingrid Lie")."""
    return sorted(one.casefold().split()) == sorted(other.casefold().split())


def _collect_addresses(
    document: MeteringPointCharacteristicsNotification,
    addresses: dict[str, list[tuple[date, date | None, MeteringPointAddress]]],
) -> None:
    """Installation addresses of the metering point master data in the run (by validity)."""
    for record in document.metering_points:
        if record.metering_point_address is not None:
            end = local_date(record.end) if record.end else None
            addresses.setdefault(record.metering_point, []).append(
                (local_date(record.start), end, record.metering_point_address)
            )


def _with_address(
    ending: Ending, addresses: dict[str, list[tuple[date, date | None, MeteringPointAddress]]]
) -> Ending:
    """The ending with the installation address valid on the customer's last day, from the
    master data messages of the run, if any has it."""
    last_day = shift_days(ending.end_date, -1)
    for start, end, address in addresses.get(ending.metering_point, ()):
        if start <= last_day and (end is None or last_day < end):
            return replace(ending, metering_point_address=address)
    return ending


def _describe(error: Exception) -> str:
    """A delivery failure in words that hold no recipient address (servers echo them)."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return "the SMTP server refused the recipient"
    if isinstance(error, smtplib.SMTPResponseException):
        return f"the SMTP server answered {error.smtp_code} ({type(error).__name__})"
    if isinstance(error, smtplib.SMTPException):
        return f"SMTP failure ({type(error).__name__})"
    if isinstance(error, OSError):
        where = f" {error.filename}" if error.filename else ""
        return f"{error.strerror or type(error).__name__}{where}"
    return type(error).__name__


_SUMMARY = (
    (Status.NO_TRIGGER, "trigger no notice"),
    (Status.NO_PREVIOUS_CUSTOMER, "without previous customer"),
    (Status.NO_CONTACT, "without contact"),
    (Status.NO_GRID_COMPANY, "without grid company"),
    (Status.DUPLICATE, "duplicates"),
    (Status.ERROR, "errors"),
)


def _check_parts(
    contacts: object, parties: object, grid_lookup: object, renderer: object, clock: object
) -> None:
    """A TypeError for a :class:`Notifier` part that is not what it uses (it would fail at the
    first notice, deep inside)."""
    # (a text has a find method: it would pass for a register by its methods alone)
    if isinstance(contacts, str | bytes | os.PathLike) or not isinstance(contacts, ContactRegister):
        raise TypeError(
            "contacts is a ContactRegister (e.g. CsvContactRegister.load(path)), "
            f"not {type(contacts).__name__}"
        )
    for name, value, kind in (
        ("parties", parties, PartyRegister),
        ("grid_lookup", grid_lookup, GridCompanyLookup),
    ):
        if value is not None and not isinstance(value, kind):
            raise TypeError(
                f"{name} is a {kind.__name__} (a register object) or None, "
                f"not {type(value).__name__}"
            )
    if renderer is not None and not isinstance(renderer, Renderer):
        raise TypeError(f"renderer is a Renderer or None, not {type(renderer).__name__}")
    if not callable(clock):
        raise TypeError(
            "clock is a function of no argument giving an aware datetime, "
            f"not {type(clock).__name__}"
        )


def summary_line(outcomes: list[Outcome], verb: str = "written") -> str:
    """``N inputs: W notices written, ...``: the counts add up to the inputs."""
    if isinstance(outcomes, str | bytes) or not isinstance(outcomes, Iterable):
        raise TypeError(f"summary_line() takes a list of Outcome, not {type(outcomes).__name__}")
    outcomes = list(outcomes)
    try:
        counts = Counter(o.status for o in outcomes)
    except AttributeError:
        number, wrong = next((n, o) for n, o in enumerate(outcomes, 1) if not hasattr(o, "status"))
        raise TypeError(
            f"summary_line(): outcome {number} is a {type(wrong).__name__}, not an Outcome"
        ) from None
    delivered = counts[Status.WRITTEN] + counts[Status.SENT]
    parts = [f"{delivered} notices {verb}"] + [f"{counts[s]} {label}" for s, label in _SUMMARY]
    return f"{len(outcomes)} inputs: " + ", ".join(parts)
