"""Which process steps end a customer relationship, and what a triggering message tells.

The table :data:`TRIGGER_TABLE` is the single source of truth: :func:`decide` reads it, and
``docs/notices.md`` shows it (a test checks that the documentation renders the same table via
:func:`trigger_table_markdown`).

A customer relationship (kundeforhold) at a metering point ends when

- someone moves in (BRS-NO-102, 103 by the supplier, 123 by the grid company): the *previous*
  customer's relationship ends from the move-in date;
- supply ends or the customer moves out (BRS-NO-201 by the supplier, 211 by the grid company):
  the relationship of the customer moving out ends from the end date;
- Elhub changes the contracts itself (BRS-NO-305) and tells the previous supplier that supply ends.

Requests are not endings yet (Elhub may reject them); rejections change nothing; master data and
customer information documents, and acknowledgements, never end anything.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum
from functools import cache
from zoneinfo import ZoneInfo

from pydantic import BaseModel

from .. import dates
from ..domain.common import CustomerAddress, Header, MeteringPointAddress
from ..domain.supply import (
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
KEY_VERSION = "elhub-cim-notice:v1"


class EndingKind(StrEnum):
    """Why a relationship ends (part of the idempotency key, and chooses a sentence in the text)."""

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
        None,
        "a start; when Elhub's change ends someone's relationship it sends the end notification "
        "too (inferred from the profile, to be checked against the BRS)",
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
        NOTICE_PROCESSES,
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
    :class:`~elhub_cim.errors.DateOutOfRangeError` when it has none (``9999-12-31T23:59:59Z``)."""
    return dates.local_date(timestamp.datetime, NORWAY)


def idempotency_key(metering_point: str, end_date: date, kind: EndingKind) -> str:
    """The same ending gives the same key, whichever message (and standard) told it."""
    text = f"{KEY_VERSION}|{metering_point}|{end_date.isoformat()}|{kind.value}"
    return hashlib.sha256(text.encode("ascii")).hexdigest()[:32]


@dataclass(frozen=True, slots=True)
class Ending:
    """What one message says about one ending customer relationship.

    ``end_date`` is the first day without the relationship (the move-in or end date, local).
    ``customer_address`` is the postal address of the customer whose relationship ends, only when
    the message names that customer (an end notification); a move-in names the *new* customer,
    whose address is never used. ``grid_company`` is the grid company's GLN when the message names
    it (the party in role DDM), ``grid_area`` the metering grid area when the message has it.
    """

    kind: EndingKind
    process: str
    document: str
    metering_point: str
    end_date: date
    metering_point_address: MeteringPointAddress | None = None
    customer_address: CustomerAddress | None = None
    grid_company: str | None = None
    grid_area: str | None = None
    # National identity numbers found in the message: kept only to prove they never reach a
    # notice. Never shown in repr.
    personal_ids: frozenset[str] = field(default=frozenset(), repr=False)

    @property
    def key(self) -> str:
        return idempotency_key(self.metering_point, self.end_date, self.kind)


@dataclass(frozen=True, slots=True)
class NoTrigger:
    """The message ends no customer relationship; ``why`` says why."""

    why: str
    process: str | None = None
    document: str | None = None


def _market_party(header: Header, document: BaseModel) -> str:
    direction = getattr(type(document), "direction", "either")
    return header.sender if direction == "to_elhub" else header.recipient


def _personal_ids(*ids: EndUserId | None) -> frozenset[str]:
    return frozenset(i.value for i in ids if i is not None and i.is_personal)


def _postal_address(addresses: list[CustomerAddress]) -> CustomerAddress | None:
    for address in addresses:
        if address.kind.value == "postal":
            return address
    return None


def decide(document: BaseModel) -> Ending | NoTrigger:
    """Does ``document`` (a domain model from :func:`elhub_cim.convert.to_domain`) end a
    customer relationship? An :class:`Ending` with what the message tells, or a
    :class:`NoTrigger` saying why not."""
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
            customer_address=_postal_address(document.customer_addresses),
            grid_company=grid_company,
            personal_ids=_personal_ids(document.customer.id),
        )
    raise AssertionError(f"trigger rule without a reader: {name}")  # pragma: no cover


def merge_endings(endings: list[Ending]) -> Ending:
    """One ending from several messages about it (same key): the first message's, with what
    it lacks taken from the others in order."""
    first = endings[0]
    merged = first
    for other in endings[1:]:
        if other.key != first.key:
            raise ValueError("only endings with the same key merge")
        merged = replace(
            merged,
            metering_point_address=merged.metering_point_address or other.metering_point_address,
            customer_address=merged.customer_address or other.customer_address,
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
        notice = "**yes**" if rule.triggers else "no"
        kind = f"`{rule.kind.value}`" if rule.kind else ""
        lines.append(f"| {processes} | {rule.step} | {notice} | {kind} | {rule.why} |")
    lines.append(
        "| any other process (101, 104, 301, 611, ...) | any | no | | not in Elhub's list of "
        "processes that trigger the e-mail |"
    )
    return "\n".join(lines) + "\n"
