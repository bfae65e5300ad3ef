"""Read the facts the monitor needs from one message (ebIX or CIM), straight from the lxml tree.

A reader gets a parsed, identified document and returns :class:`Facts`, or raises
:class:`NotMonitored` with the reason the document is not used. One reader per message type,
registered in :data:`READERS` by (standard, root element); adding a format is adding a function.

Nothing here keeps an identifier longer than needed: metering point ids and search criteria are
handed to extraction, which turns them into keyed pseudonyms (:func:`.schema.subject_of`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from lxml import etree

from ..core.catalog import MessageType, Standard
from ..core.dates import offset_minutes_out_of_range
from ..core.profile import brs_of
from ..core.safeparse import ParsedDocument
from .schema import START_OF_SUPPLY_BRS

__all__ = [
    "READERS",
    "Facts",
    "NotMonitored",
    "Outcome",
    "QueryRequest",
    "StartOfSupplyRequest",
    "read_facts",
]


class NotMonitored(Exception):
    """The document is well-formed and known, but not used by the monitor (``reason`` says why)."""

    def __init__(self, reason: str, *, unusable: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        # True: a field the monitor needs is missing or unusable (a broken input, not merely
        # another process or a positive acknowledgement).
        self.unusable = unusable


@dataclass(frozen=True, slots=True)
class QueryRequest:
    """A BRS-NO-611 request."""

    document_id: str
    keys: frozenset[str]  # ids answers may reference: the document id and record ids
    actor: str
    sent: datetime
    purpose: str | None
    metering_points: tuple[str, ...]  # named in the request (verify variant, id + end user)
    criteria: tuple[tuple[str, str], ...]  # search criteria when no metering point is named


@dataclass(frozen=True, slots=True)
class Outcome:
    """An answer to a 611 request: a response (approved) or a negative acknowledgement."""

    document_id: str
    outcome: str  # "approved" | "rejected"
    brs: str | None
    actor: str  # the party that asked (recipient of the answer)
    sent: datetime
    references: tuple[str, ...]  # ids of the request(s) answered; empty if none given
    metering_points: tuple[str, ...]  # returned (approved); empty for a rejection


@dataclass(frozen=True, slots=True)
class StartOfSupplyRequest:
    """A start-of-supply request (BRS-NO-101/102/103/104/123)."""

    document_id: str
    actor: str
    sent: datetime
    brs: str
    metering_points: int


Facts = QueryRequest | Outcome | StartOfSupplyRequest
Reader = Callable[[etree._Element], Facts]


# -- tree helpers (local names; prefixes and namespaces of the entities do not matter) ----------


def _text(element: etree._Element | None, path: str) -> str | None:
    if element is None:
        return None
    found = element.find(path)
    if found is None or found.text is None:
        return None
    value = found.text.strip()
    return value or None


def _texts(element: etree._Element, path: str) -> list[str]:
    return [t.strip() for t in (e.text for e in element.iterfind(path)) if t and t.strip()]


_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.IGNORECASE)


def _id(value: str) -> str:
    """A document or record id as answers are paired by it: a UUID in lower case (its case does
    not matter: the schema wants lower case, and an input read without validation may not be),
    any other id as it is."""
    return value.lower() if _UUID.fullmatch(value) else value


def _ids(values: Iterable[str | None]) -> tuple[str, ...]:
    """``values`` as ids (:func:`_id`), the empty left out, each once, in order."""
    return tuple(dict.fromkeys(_id(value) for value in values if value))


def _required(element: etree._Element, path: str, what: str) -> str:
    value = _text(element, path)
    if value is None:
        raise NotMonitored(f"no {what} ({path.replace('{*}', '')})", unusable=True)
    return value


_EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
_LATEST = datetime(9999, 12, 31, tzinfo=UTC)


def _time(value: str, what: str) -> datetime:
    try:
        if offset_minutes_out_of_range(value):
            raise ValueError  # fromisoformat reads +01:75 as +02:15
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise NotMonitored(f"{what} {value!r} is not a date and time", unusable=True) from None
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        raise NotMonitored(f"{what} {value!r} has no UTC offset", unusable=True)
    try:
        moment = parsed.astimezone(UTC)
    except (OverflowError, ValueError):
        moment = None
    # From 2000 on, as the event table requires; up to a day before the end of the calendar,
    # so that every local day of it exists too.
    if moment is None or not _EARLIEST <= moment < _LATEST:
        raise NotMonitored(
            f"DATE_OUT_OF_RANGE {what} {value!r} is out of range (2000 to 9999)", unusable=True
        ) from None
    return moment


def _gln(value: str, what: str) -> str:
    if len(value) != 13 or not value.isascii() or not value.isdigit():  # (0-9: the events' rule)
        raise NotMonitored(f"{what} {value!r} is not a GLN (13 digits)", unusable=True)
    return value


# -- ebIX (Elhub EMIF 2.4) ------------------------------------------------------------------------

_EBIX_ID = "{*}Header/{*}Identification"
_EBIX_CREATED = "{*}Header/{*}Creation"
_EBIX_SENDER = "{*}Header/{*}JuridicalSenderEnergyParty/{*}Identification"
_EBIX_RECIPIENT = "{*}Header/{*}JuridicalRecipientEnergyParty/{*}Identification"
_EBIX_BRS = "{*}ProcessEnergyContext/{*}EnergyBusinessProcess"


def _ebix_header(root: etree._Element, party: str) -> tuple[str, str, datetime]:
    document_id = _id(_required(root, _EBIX_ID, "document id"))
    actor = _gln(_required(root, party, "party"), "party")
    sent = _time(_required(root, _EBIX_CREATED, "creation time"), "creation time")
    return document_id, actor, sent


def _criteria(pairs: list[tuple[str, str | None]]) -> tuple[tuple[str, str], ...]:
    return tuple((name, value.upper()) for name, value in pairs if value)


def read_ebix_query(root: etree._Element) -> Facts:
    document_id, actor, sent = _ebix_header(root, _EBIX_SENDER)
    payload = root.find("{*}PayloadMPEvent")
    if payload is None:
        raise NotMonitored("no PayloadMPEvent", unusable=True)
    mp = _text(payload, "{*}MeteringPointUsedDomainLocation/{*}Identification")
    criteria = _criteria(
        [
            ("end_user", _text(payload, "{*}ConsumerInvolvedCustomerParty/{*}Identification")),
            (
                "meter",
                _text(payload, "{*}MeteringInstallationMeterFacility/{*}MeterIdentification"),
            ),
            ("postcode", _text(payload, "{*}MPAddressMeteringPointAddress/{*}Postcode")),
            ("street", _text(payload, "{*}MPAddressMeteringPointAddress/{*}StreetName")),
            ("building", _text(payload, "{*}MPAddressMeteringPointAddress/{*}BuildingNumber")),
        ]
    )
    return QueryRequest(
        document_id=document_id,
        keys=frozenset({document_id}),
        actor=actor,
        sent=sent,
        purpose=_text(payload, "{*}Purpose"),
        metering_points=(mp,) if mp else (),
        criteria=() if mp else criteria,
    )


def read_ebix_response(root: etree._Element) -> Facts:
    document_id, actor, sent = _ebix_header(root, _EBIX_RECIPIENT)
    references: list[str | None] = []
    points: list[str] = []
    for payload in root.iterfind("{*}PayloadMasterDataMPEvent"):
        references.append(_text(payload, "{*}OriginalBusinessDocumentReference"))
        point = _text(payload, "{*}MeteringPointUsedDomainLocation/{*}Identification")
        if point and point not in points:
            points.append(point)
    return Outcome(
        document_id=document_id,
        outcome="approved",
        brs=_text(root, _EBIX_BRS),
        actor=actor,
        sent=sent,
        references=_ids(references),
        metering_points=tuple(points),
    )


def read_ebix_acknowledgement(root: etree._Element) -> Facts:
    status = _text(root, "{*}PayloadResponseEvent/{*}StatusType")
    if status != "41":
        raise NotMonitored(
            f"positive acknowledgement (status {status}): only rejections (41) decide an outcome"
        )
    document_id, actor, sent = _ebix_header(root, _EBIX_RECIPIENT)
    return Outcome(
        document_id=document_id,
        outcome="rejected",
        brs=_text(root, _EBIX_BRS),
        actor=actor,
        sent=sent,
        references=_ids(
            _texts(root, "{*}PayloadResponseEvent/{*}OriginalBusinessDocumentReference")
        ),
        metering_points=(),
    )


def read_ebix_start_of_supply(root: etree._Element) -> Facts:
    brs = _text(root, _EBIX_BRS)
    if brs not in START_OF_SUPPLY_BRS:
        raise NotMonitored(
            f"start of supply for {brs}: not a start-of-supply process "
            f"({', '.join(START_OF_SUPPLY_BRS)})"
        )
    document_id, actor, sent = _ebix_header(root, _EBIX_SENDER)
    points = _texts(root, "{*}PayloadMPEvent/{*}MeteringPointUsedDomainLocation/{*}Identification")
    return StartOfSupplyRequest(document_id, actor, sent, brs, len(set(points)))


# -- CIM (the elhub-cim profile, ESMP header) ------------------------------------------------------

_CIM_SENDER = "{*}sender_MarketParticipant.mRID"


def _cim_brs(root: etree._Element) -> str | None:
    """The BRS of a CIM document: its local process code (profile 0.2; the acknowledgement names
    the acknowledged process), or ``process.mRID`` in a profile 0.1 document."""
    code = _text(root, "{*}process.processType") or _text(
        root, "{*}received_MarketDocument.process.processType"
    )
    return brs_of(code) or _text(root, "{*}process.mRID")


_CIM_RECIPIENT = "{*}receiver_MarketParticipant.mRID"


def _cim_header(root: etree._Element, party: str) -> tuple[str, str, datetime]:
    document_id = _id(_required(root, "{*}mRID", "document id"))
    actor = _gln(_required(root, party, "party"), "party")
    sent = _time(_required(root, "{*}createdDateTime", "creation time"), "creation time")
    return document_id, actor, sent


def read_cim_query(root: etree._Element) -> Facts:
    document_id, actor, sent = _cim_header(root, _CIM_SENDER)
    record = root.find("{*}MktActivityRecord")
    if record is None:
        raise NotMonitored("no MktActivityRecord", unusable=True)
    mp = _text(record, "{*}marketEvaluationPoint.mRID")
    address = "{*}marketEvaluationPoint.usagePointLocation.mainAddress"
    criteria = _criteria(
        [
            ("end_user", _text(record, "{*}marketEvaluationPoint.customer_MarketParticipant.mRID")),
            ("meter", _text(record, "{*}marketEvaluationPoint.meter.mRID")),
            ("postcode", _text(record, f"{address}/{{*}}postalCode")),
            ("street", _text(record, f"{address}/{{*}}streetDetail/{{*}}name")),
            ("building", _text(record, f"{address}/{{*}}streetDetail/{{*}}number")),
        ]
    )
    record_ids = _ids(_texts(root, "{*}MktActivityRecord/{*}mRID"))
    return QueryRequest(
        document_id=document_id,
        keys=frozenset({document_id, *record_ids}),
        actor=actor,
        sent=sent,
        purpose=_text(record, "{*}purpose"),
        metering_points=(mp,) if mp else (),
        criteria=() if mp else criteria,
    )


def read_cim_response(root: etree._Element) -> Facts:
    document_id, actor, sent = _cim_header(root, _CIM_RECIPIENT)
    references: list[str | None] = []
    points: list[str] = []
    for record in root.iterfind("{*}MktActivityRecord"):
        references.append(_text(record, "{*}originalTransactionIDReference_MktActivityRecord.mRID"))
        point = _text(record, "{*}MarketEvaluationPoint/{*}mRID")
        if point and point not in points:
            points.append(point)
    return Outcome(
        document_id=document_id,
        outcome="approved",
        brs=_cim_brs(root),
        actor=actor,
        sent=sent,
        references=_ids(references),
        metering_points=tuple(points),
    )


def read_cim_acknowledgement(root: etree._Element) -> Facts:
    status = _text(root, "{*}Reason/{*}code")
    if status != "A02":
        raise NotMonitored(
            f"acknowledgement with reason {status}: only rejections (A02) decide an outcome"
        )
    document_id, actor, sent = _cim_header(root, _CIM_RECIPIENT)
    references = _texts(root, "{*}received_MarketDocument.mRID") + _texts(
        root, "{*}Original_MktActivityRecord/{*}mRID"
    )
    return Outcome(
        document_id=document_id,
        outcome="rejected",
        brs=_cim_brs(root),
        actor=actor,
        sent=sent,
        references=_ids(references),
        metering_points=(),
    )


def read_cim_start_of_supply(root: etree._Element) -> Facts:
    brs = _cim_brs(root)
    if brs not in START_OF_SUPPLY_BRS:
        raise NotMonitored(
            f"start of supply for {brs}: not a start-of-supply process "
            f"({', '.join(START_OF_SUPPLY_BRS)})"
        )
    document_id, actor, sent = _cim_header(root, _CIM_SENDER)
    points = _texts(root, "{*}MktActivityRecord/{*}marketEvaluationPoint.mRID")
    return StartOfSupplyRequest(document_id, actor, sent, brs, len(set(points)))


#: (standard, root element) → reader. Everything else is "not used by the monitor".
READERS: dict[tuple[Standard, str], Reader] = {
    (Standard.EBIX, "RequestUpfrontMeteringPointCharacteristics"): read_ebix_query,
    (Standard.EBIX, "ResponseUpfrontMeteringPointCharacteristics"): read_ebix_response,
    (Standard.EBIX, "Acknowledgement"): read_ebix_acknowledgement,
    (Standard.EBIX, "RequestStartOfSupply"): read_ebix_start_of_supply,
    (Standard.CIM, "RequestUpfrontAccountingPointCharacteristics_MarketDocument"): read_cim_query,
    (Standard.CIM, "UpfrontAccountingPointCharacteristics_MarketDocument"): read_cim_response,
    (Standard.CIM, "Acknowledgement_MarketDocument"): read_cim_acknowledgement,
    (Standard.CIM, "RequestChangeOfSupplier_MarketDocument"): read_cim_start_of_supply,
}


def reader_for(message_type: MessageType) -> Reader | None:
    return READERS.get((message_type.standard, message_type.name))


def read_facts(document: ParsedDocument, message_type: MessageType) -> Facts:
    """The facts of one identified document, or :class:`NotMonitored`."""
    reader = reader_for(message_type)
    if reader is None:
        raise NotMonitored(f"{message_type.name} is not used by the monitor")
    return reader(document.root)
