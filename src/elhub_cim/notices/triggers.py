"""Which process steps end a customer relationship, and what a triggering message tells.

The table :data:`TRIGGER_TABLE` is the single source of truth: :func:`decide` reads it, and
``docs/notices.md`` shows it (a test checks that the documentation renders the same table via
:func:`trigger_table_markdown`).

A customer relationship (kundeforhold) at a metering point ends when

- someone moves in (BRS-NO-102, 103 by the supplier, 123 by the grid company): the *previous*
  customer's relationship ends from the move-in date;
- supply ends or the customer moves out (BRS-NO-201 by the supplier, 211 by the grid company):
  the relationship of the customer moving out ends from the end date;
- Elhub changes the contracts itself (BRS-NO-305): an end notification is an ending; a start
  notification or customer information from a 305 change ends the previous customer's
  relationship *if the customer changes* (the message names only the new customer, so the
  notifier decides with the contact register: :attr:`Ending.if_customer_changes`).

One ended relationship is one notice, whichever process, step or standard told it: the
idempotency key is the metering point, the customer whose relationship ends and the end date
(:func:`idempotency_key`); the kind of ending only chooses a sentence.

Requests are not endings yet (Elhub may reject them); rejections change nothing; master data and
customer information documents, and acknowledgements, never end anything.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import StrEnum
from functools import cache
from zoneinfo import ZoneInfo

from pydantic import BaseModel

from ..core import dates
from ..core.arguments import refuse_one
from ..domain.common import Header, MeteringPointAddress
from ..domain.supply import (
    CustomerInformationNotification,
    EndOfSupplyConfirmation,
    EndOfSupplyNotification,
    StartOfSupplyConfirmation,
    StartOfSupplyNotification,
)
from ..domain.types import EndUserId, Role, Timestamp

__all__ = [
    "NORWAY",
    "TRIGGER_TABLE",
    "Ending",
    "EndingKind",
    "NoTrigger",
    "TriggerRule",
    "decide",
    "idempotency_key",
    "local_date",
    "merge_endings",
    "trigger_table_markdown",
]

NORWAY = ZoneInfo("Europe/Oslo")
KEY_VERSION = "elhub-cim-notice:v2"


class EndingKind(StrEnum):
    """Why a relationship ends: chooses a sentence in the text (not part of the key)."""

    MOVE_IN = "move_in"  # a new customer moved in: the previous customer's relationship ends
    END_OF_SUPPLY = "end_of_supply"  # end of supply / move-out (201, 211)
    ELHUB_CHANGE = "elhub_change"  # Elhub's own change (305)


MOVE_IN_PROCESSES = ("BRS-NO-102", "BRS-NO-103", "BRS-NO-123")
END_OF_SUPPLY_PROCESSES = ("BRS-NO-201", "BRS-NO-211")
ELHUB_PROCESSES = ("BRS-NO-305",)
NOTICE_PROCESSES = MOVE_IN_PROCESSES + END_OF_SUPPLY_PROCESSES + ELHUB_PROCESSES


@dataclass(frozen=True, slots=True)
class TriggerRule:
    """One row of the trigger table: a step (document) of one or more processes."""

    processes: tuple[str, ...]
    document: str  # the domain model class name
    step: str  # EMIF / CIM names of the step
    kind: EndingKind | None  # None: the step triggers no notice
    why: str
    # The message names only the new customer: an ending only if the customer changes.
    if_customer_changes: bool = False

    @property
    def triggers(self) -> bool:
        return self.kind is not None


_START_STEPS = "RequestStartOfSupply / RequestChangeOfSupplier"
#: Every process step of the six notice processes, and whether it triggers a notice.
TRIGGER_TABLE: tuple[TriggerRule, ...] = (
    # Move-in: 102 forward in time, 103 back in time (supplier), 123 (grid company).
    TriggerRule(
        MOVE_IN_PROCESSES,
        "StartOfSupplyRequest",
        _START_STEPS,
        None,
        "a request is not an ending yet: Elhub may still reject it",
    ),
    TriggerRule(
        MOVE_IN_PROCESSES,
        "StartOfSupplyConfirmation",
        "ConfirmStartOfSupply / ConfirmRequestChangeOfSupplier",
        EndingKind.MOVE_IN,
        "Elhub accepted the move-in: the previous customer's relationship ends on the start date",
    ),
    TriggerRule(
        MOVE_IN_PROCESSES,
        "StartOfSupplyRejection",
        "RejectStartOfSupply / RejectRequestChangeOfSupplier",
        None,
        "rejected: nothing changes",
    ),
    TriggerRule(
        MOVE_IN_PROCESSES,
        "StartOfSupplyNotification",
        "NotifyStartOfSupply / NotifyStartOfSupply_MarketDocument",
        EndingKind.MOVE_IN,
        "Elhub tells the grid company (102, 103) or the supplier taking over (123) about the "
        "move-in: the previous customer's relationship ends on the start date",
    ),
    TriggerRule(
        MOVE_IN_PROCESSES,
        "EndOfSupplyNotification",
        "NotifyEndOfSupply / GenericNotification",
        EndingKind.MOVE_IN,
        "Elhub tells the previous supplier that its supply ends; names the customer who leaves",
    ),
    # End of supply (201, supplier) and move-out (211, grid company).
    TriggerRule(
        END_OF_SUPPLY_PROCESSES,
        "EndOfSupplyRequest",
        "RequestEndOfSupply",
        None,
        "a request is not an ending yet: Elhub may still reject it",
    ),
    TriggerRule(
        END_OF_SUPPLY_PROCESSES,
        "EndOfSupplyConfirmation",
        "ConfirmEndOfSupply / ConfirmRequestEndOfSupply",
        EndingKind.END_OF_SUPPLY,
        "Elhub accepted the end of supply: the customer's relationship ends on the end date",
    ),
    TriggerRule(
        END_OF_SUPPLY_PROCESSES,
        "EndOfSupplyRejection",
        "RejectEndOfSupply / RejectRequestEndOfSupply",
        None,
        "rejected: nothing changes",
    ),
    TriggerRule(
        END_OF_SUPPLY_PROCESSES,
        "EndOfSupplyNotification",
        "NotifyEndOfSupply / GenericNotification",
        EndingKind.END_OF_SUPPLY,
        "Elhub tells the grid company (201) or the supplier (211) that supply ends; names the "
        "customer who leaves",
    ),
    TriggerRule(
        END_OF_SUPPLY_PROCESSES,
        "StartOfSupplyNotification",
        "NotifyStartOfSupply / NotifyStartOfSupply_MarketDocument",
        None,
        "the supplier of last resort takes over after the ending: a start, and the ending itself "
        "is the confirmation / end notification",
    ),
    # Elhub's own changes.
    TriggerRule(
        ELHUB_PROCESSES,
        "EndOfSupplyNotification",
        "NotifyEndOfSupply / GenericNotification",
        EndingKind.ELHUB_CHANGE,
        "Elhub ended a relationship itself (market structure change, manual correction)",
    ),
    TriggerRule(
        ELHUB_PROCESSES,
        "StartOfSupplyNotification",
        "NotifyStartOfSupply / NotifyStartOfSupply_MarketDocument",
        EndingKind.ELHUB_CHANGE,
        "**if the customer changes**: Elhub's change starts a new customer's supply; the "
        "previous customer's relationship ends on the start date (a change of supplier alone "
        "ends none: checked against the contact register)",
        if_customer_changes=True,
    ),
    TriggerRule(
        ELHUB_PROCESSES,
        "CustomerInformationNotification",
        "NotifyCustomerInformation / CharacteristicsOfACustomerAtAnAP",
        EndingKind.ELHUB_CHANGE,
        "**if the customer changes**: Elhub corrected the customer of the metering point; the "
        "previous customer's relationship ends from the start date (new contact details of the "
        "same customer end none: checked against the contact register)",
        if_customer_changes=True,
    ),
    # Never, in any of the six processes.
    TriggerRule(
        NOTICE_PROCESSES,
        "MeteringPointCharacteristicsNotification",
        "NotifyMeteringPointCharacteristics / AccountingPointCharacteristics",
        None,
        "master data of the metering point, not an ending",
    ),
    TriggerRule(
        MOVE_IN_PROCESSES + END_OF_SUPPLY_PROCESSES,
        "CustomerInformationNotification",
        "NotifyCustomerInformation / CharacteristicsOfACustomerAtAnAP",
        None,
        "customer data of the metering point (after a move: the new customer), not an ending",
    ),
    TriggerRule(
        NOTICE_PROCESSES,
        "Acknowledgement",
        "Acknowledgement / Acknowledgement_MarketDocument",
        None,
        "a receipt, never an ending",
    ),
)


@cache
def _rules() -> dict[tuple[str, str], TriggerRule]:
    found: dict[tuple[str, str], TriggerRule] = {}
    for rule in TRIGGER_TABLE:
        for process in rule.processes:
            if (process, rule.document) in found:  # pragma: no cover - a table bug
                raise AssertionError(f"two trigger rules for {process} {rule.document}")
            found[(process, rule.document)] = rule
    return found


def rule_for(process: str, document: str) -> TriggerRule | None:
    return _rules().get((process, document))


def local_date(timestamp: Timestamp) -> date:
    """The Norwegian calendar date of a date-time (``2026-04-30T22:00:00Z`` is 1 May 2026);
    :class:`~elhub_cim.core.errors.DateOutOfRangeError` when it has none
    (``9999-12-31T23:59:59Z``)."""
    return dates.local_date(timestamp.datetime, NORWAY)


def idempotency_key(metering_point: str, customer: str, end_date: date) -> str:
    """One ended relationship, one key: the metering point, the customer whose relationship
    ends (a reference from the contact register, :attr:`Contact.reference`) and the end date,
    whichever process, step and standard told it. Only a hash is shown: the customer reference
    never appears in clear. Texts and a date only: another type (bytes, a datetime) would give
    the same ending another key (a TypeError)."""
    for name, value in (("metering_point", metering_point), ("customer", customer)):
        if not isinstance(value, str):
            raise TypeError(f"{name} is a str, not {type(value).__name__}")
    if not isinstance(end_date, date) or isinstance(end_date, datetime):
        raise TypeError(f"end_date is a datetime.date, not {type(end_date).__name__}")
    text = f"{KEY_VERSION}|{metering_point}|{customer}|{end_date.isoformat()}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


@dataclass(frozen=True, slots=True)
class Ending:
    """What one message says about one ending customer relationship.

    ``end_date`` is the first day without the relationship (the move-in or end date, local).
    ``metering_point_address`` is the installation address when the message has it (a
    customer's postal address is never used: after a move-out it may be the new home).
    ``grid_company`` is the grid company's GLN when the message names it (the party in role
    DDM), ``grid_area`` the metering grid area when the message has it. ``if_customer_changes``:
    the message names only the new customer (a 305 change), so this is an ending only if the
    customer on the end date differs from the one before; ``new_customer_name`` is the name the
    message gives the customer from the end date (to compare with the register).
    """

    kind: EndingKind
    process: str
    document: str
    metering_point: str
    end_date: date
    metering_point_address: MeteringPointAddress | None = None
    grid_company: str | None = None
    grid_area: str | None = None
    if_customer_changes: bool = False
    new_customer_name: str | None = field(default=None, repr=False)
    # National identity numbers found in the message: kept only to prove they never reach a
    # notice. Never shown in repr.
    personal_ids: frozenset[str] = field(default=frozenset(), repr=False)

    @property
    def group(self) -> tuple[str, date]:
        """Messages about the same metering point and end date tell the same ending."""
        return (self.metering_point, self.end_date)

    def key(self, customer: str) -> str:
        """The idempotency key once the customer whose relationship ends is known."""
        return idempotency_key(self.metering_point, customer, self.end_date)


@dataclass(frozen=True, slots=True)
class NoTrigger:
    """The message ends no customer relationship; ``why`` says why."""

    why: str
    process: str | None = None
    document: str | None = None


def _name(customer: object) -> str | None:
    name = getattr(customer, "name", None)
    if not name:
        parts = [getattr(customer, "given_name", None), getattr(customer, "family_name", None)]
        name = " ".join(p for p in parts if p) or None
    return str(name) if name else None


def _market_party(header: Header, document: BaseModel) -> str:
    direction = getattr(type(document), "direction", "either")
    return header.sender if direction == "to_elhub" else header.recipient


def _personal_ids(*ids: EndUserId | None) -> frozenset[str]:
    return frozenset(i.value for i in ids if i is not None and i.is_personal)


def decide(document: BaseModel) -> Ending | NoTrigger:
    """Does ``document`` (a domain model from :func:`elhub_cim.convert.to_domain`) end a
    customer relationship? An :class:`Ending` with what the message tells, or a
    :class:`NoTrigger` saying why not. Anything but a domain model (the message's bytes, its
    path) is a TypeError: it would never end a relationship, silently."""
    if not isinstance(document, BaseModel):
        raise TypeError(
            "decide() takes a domain document (from elhub_cim.to_domain), "
            f"not {type(document).__name__}"
        )
    name = type(document).__name__
    header = getattr(document, "header", None)
    if not isinstance(header, Header):
        return NoTrigger(f"{name} is not a business document", document=name)
    process = str(header.process)
    if process not in NOTICE_PROCESSES:
        return NoTrigger(
            f"{process} is not one of the processes that end a customer relationship",
            process,
            name,
        )
    rule = rule_for(process, name)
    if rule is None:
        return NoTrigger(
            f"{name} is not a step of {process} that ends a relationship", process, name
        )
    if rule.kind is None:
        return NoTrigger(rule.why, process, name)
    # The grid company is named when it is the market party of the message (role DDM).
    grid_company = (
        _market_party(header, document) if header.role == Role.GRID_ACCESS_PROVIDER else None
    )
    if isinstance(document, StartOfSupplyConfirmation):
        return Ending(
            rule.kind,
            process,
            name,
            document.metering_point,
            local_date(document.start),
            grid_company=grid_company,
        )
    if isinstance(document, StartOfSupplyNotification):
        # The customer here is the NEW one: neither its address nor its id is used.
        return Ending(
            rule.kind,
            process,
            name,
            document.metering_point,
            local_date(document.start),
            metering_point_address=document.metering_point_address,
            grid_company=grid_company,
            grid_area=document.grid_area,
            if_customer_changes=rule.if_customer_changes,
            new_customer_name=_name(document.customer),
            personal_ids=_personal_ids(document.customer.id),
        )
    if isinstance(document, CustomerInformationNotification):
        if document.start is None:
            return NoTrigger(
                "customer information without a start date: no date from which a relationship "
                "would end",
                process,
                name,
            )
        return Ending(
            rule.kind,
            process,
            name,
            document.metering_point,
            local_date(document.start),
            grid_company=grid_company,
            if_customer_changes=rule.if_customer_changes,
            new_customer_name=_name(document.customer),
            personal_ids=_personal_ids(document.customer.id),
        )
    if isinstance(document, EndOfSupplyConfirmation):
        return Ending(
            rule.kind,
            process,
            name,
            document.metering_point,
            local_date(document.end),
            grid_company=grid_company,
        )
    if isinstance(document, EndOfSupplyNotification):
        return Ending(
            rule.kind,
            process,
            name,
            document.metering_point,
            local_date(document.end),
            grid_company=grid_company,
            personal_ids=_personal_ids(document.customer.id if document.customer else None),
        )
    raise AssertionError(f"trigger rule without a reader: {name}")  # pragma: no cover


def merge_endings(endings: list[Ending]) -> Ending:
    """One ending from several messages about it (same metering point and end date): the first
    message's, with what it lacks taken from the others in order. It is conditional (only if
    the customer changes) only when every message is: one that ends the relationship outright
    decides."""
    refuse_one(endings, "endings", "Ending", "put it in a list")
    if not isinstance(endings, Sequence):
        raise TypeError(f"endings is a list of Ending, not {type(endings).__name__}")
    for number, ending in enumerate(endings, 1):
        if not isinstance(ending, Ending):
            raise TypeError(
                f"merge_endings(): ending {number} is a {type(ending).__name__}, not an Ending"
            )
    if not endings:
        raise ValueError("merge_endings needs at least one ending")
    first = endings[0]
    merged = first
    for other in endings[1:]:
        if other.group != first.group:
            raise ValueError("only endings of the same metering point and end date merge")
        if merged.if_customer_changes and not other.if_customer_changes:
            merged = replace(merged, kind=other.kind, if_customer_changes=False)
        merged = replace(
            merged,
            metering_point_address=merged.metering_point_address or other.metering_point_address,
            new_customer_name=merged.new_customer_name or other.new_customer_name,
            grid_company=merged.grid_company or other.grid_company,
            grid_area=merged.grid_area or other.grid_area,
            personal_ids=merged.personal_ids | other.personal_ids,
        )
    return merged


def trigger_table_markdown() -> str:
    """The trigger table as Markdown (shown in docs/notices.md)."""
    lines = [
        "| process | step (EMIF / CIM) | notice | ending | why |",
        "|---|---|---|---|---|",
    ]
    for rule in TRIGGER_TABLE:
        processes = ", ".join(p.removeprefix("BRS-NO-") for p in rule.processes)
        notice = (
            ("if the customer changes" if rule.if_customer_changes else "**yes**")
            if (rule.triggers)
            else "no"
        )
        kind = f"`{rule.kind.value}`" if rule.kind else ""
        lines.append(f"| {processes} | {rule.step} | {notice} | {kind} | {rule.why} |")
    lines.append(
        "| any other process (101, 104, 301, 611, ...) | any | no | | not in Elhub's list of "
        "processes that trigger the e-mail |"
    )
    return "\n".join(lines) + "\n"
