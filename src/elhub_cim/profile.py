"""Facts of the CIM profile that code outside the mapping tables needs.

- Norwegian processes are codes (``process.processType``): ``BRS-NO-102`` ⇄ ``NO102``
  (:func:`local_process_code`, :func:`brs_of`); the code list with definitions is
  ``schemas/cim/elhub-profile-0.2/local-extension-types.xsd``.
- Each document has one ``type`` (:func:`fixed_document_type`, read from its XSD).
- Times: UTC (``Z``) is normative in CIM; ebIX is written in Elhub's convention, Europe/Oslo
  offsets (:func:`to_utc`, :func:`to_oslo`). Both keep the fraction of a second exactly as
  written, so a message in Elhub's convention round-trips byte for byte; another lexical form
  (``Z`` or a foreign offset in ebIX) comes back equal in meaning.
- UUIDs are read in either case and written in lower case (:func:`normalise_cim`).
- Profile 0.1 documents are read and upgraded to 0.2 (:func:`upgrade`).
"""

from __future__ import annotations

import functools
import re
import uuid
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from lxml import etree

from .core.catalog import PROFILE_SUFFIX, MessageType, Standard, catalog
from .core.dates import in_utc, in_zone

__all__ = [
    "brs_of",
    "fixed_document_type",
    "from_utc_minute",
    "is_time_element",
    "local_process_code",
    "normalise_cim",
    "to_oslo",
    "to_utc",
    "to_utc_minute",
    "upgrade",
]

XS = "http://www.w3.org/2001/XMLSchema"
OSLO = ZoneInfo("Europe/Oslo")
_TIME = re.compile(
    r"^(?P<base>\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?P<fraction>\.\d+)?"
    r"(?P<offset>Z|[+-]\d{2}:\d{2})$"
)
_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


def local_process_code(brs: str) -> str:
    """The local process code of a BRS: ``BRS-NO-102`` → ``NO102`` (``POLL`` → ``NOPOLL``)."""
    return "NO" + brs.removeprefix("BRS-NO-")


def brs_of(code: str | None) -> str | None:
    """The BRS of a local process code (``NO102`` → ``BRS-NO-102``); ``None`` for other codes."""
    if code is None or not code.startswith("NO") or len(code) < 3:
        return None
    rest = code[2:]
    return f"BRS-NO-{rest}" if rest.isdigit() else rest


def is_time_element(local_name: str) -> bool:
    """Whether a CIM element holds a point in time (``createdDateTime``, ``*.dateTime``)."""
    return local_name == "createdDateTime" or local_name.endswith(".dateTime")


#: Local names of the ESMP interval boundaries (``timeInterval/start|end``), written in UTC to
#: the minute (YMDHM, ``2026-06-01T22:00Z``) as the Nordic measure documents do.
INTERVAL_BOUNDARIES = frozenset({"start", "end"})
_YMDHM = re.compile(r"^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})Z$")


def to_utc_minute(text: str) -> str:
    """``2026-06-02T00:00:00+02:00`` → ``2026-06-01T22:00Z`` (a time on a whole minute;
    anything else is returned in full UTC form, which the XSD then refuses)."""
    utc = to_utc(text)
    if utc.endswith(":00Z") and len(utc) == 20:
        return utc[:16] + "Z"
    return utc


def from_utc_minute(text: str) -> str:
    """``2026-06-01T22:00Z`` → ``2026-06-02T00:00:00+02:00`` (Elhub's convention)."""
    match = _YMDHM.match(text.strip())
    return to_oslo(f"{match[1]}:00Z" if match else text)


def _parse(text: str) -> tuple[datetime, str] | None:
    match = _TIME.match(text.strip())
    if match is None:
        return None
    offset = match["offset"].replace("Z", "+00:00")
    try:
        return datetime.fromisoformat(match["base"] + offset), match["fraction"] or ""
    except ValueError:
        return None  # not a real date-time: the XSD names it


def to_utc(text: str) -> str:
    """``2026-05-01T00:00:00+02:00`` → ``2026-04-30T22:00:00Z`` (fraction kept as written).
    :class:`~elhub_cim.core.errors.DateOutOfRangeError` for an instant outside years 1-9999 in
    UTC."""
    parsed = _parse(text)
    if parsed is None:
        return text  # not a time in the expected form: the XSD will say so
    moment, fraction = parsed
    return in_utc(moment).strftime("%Y-%m-%dT%H:%M:%S") + fraction + "Z"


def to_oslo(text: str) -> str:
    """``2026-04-30T22:00:00Z`` → ``2026-05-01T00:00:00+02:00`` (Elhub's convention).
    :class:`~elhub_cim.core.errors.DateOutOfRangeError` outside years 1-9999 in Oslo."""
    parsed = _parse(text)
    if parsed is None:
        return text
    moment, fraction = parsed
    local = in_zone(moment, OSLO)
    offset = local.strftime("%z")
    return local.strftime("%Y-%m-%dT%H:%M:%S") + fraction + f"{offset[:3]}:{offset[3:]}"


def normalise_cim(root: etree._Element, *, times: str = "oslo") -> None:
    """In place: UUIDs in lower case, and every time in Oslo offsets (``times="oslo"``, before
    reading into the domain) or UTC (``times="utc"``, after writing)."""
    convert = to_oslo if times == "oslo" else to_utc
    boundary = from_utc_minute if times == "oslo" else to_utc_minute
    for element in root.iter(etree.Element):
        text = element.text
        if text is None or len(element):
            continue
        if _UUID.match(text):
            element.text = text.lower()
            continue
        name = etree.QName(element).localname
        if is_time_element(name):
            element.text = convert(text)
        elif name in INTERVAL_BOUNDARIES:
            parent = element.getparent()
            if parent is not None and etree.QName(parent).localname == "timeInterval":
                element.text = boundary(text)


@functools.cache
def _fixed_types(schema_file: Path) -> tuple[str, ...]:
    schema = etree.parse(str(schema_file)).getroot()
    restriction = schema.find(
        f"{{{XS}}}simpleType[@name='DocumentKind_String']/{{{XS}}}restriction"
    )
    if restriction is None:
        return ()
    return tuple(e.get("value", "") for e in restriction.iterfind(f"{{{XS}}}enumeration"))


def fixed_document_type(message_type: MessageType) -> str | None:
    """The one ``type`` a profile 0.2 document has (``None`` for the acknowledgement)."""
    codes = _fixed_types(message_type.schema_file)
    return codes[0] if len(codes) == 1 else None


def current_of(message_type: MessageType) -> MessageType:
    """The current profile's document with the root of a legacy one."""
    for candidate in catalog().values():
        if (
            candidate.standard is Standard.CIM
            and not candidate.legacy
            and candidate.name == message_type.name
        ):
            return candidate
    raise LookupError(f"no current profile document {message_type.name}")


# Profile 0.1 element names that 0.2 changed (docs/cim-profile.md §0.6): the customer's names are
# CIM Person attributes, what Elhub knows about the customer CIM Customer attributes, not
# MarketParticipant ones; a customer address in a flat document is the marketEvaluationPoint's
# UsagePointLocation. Keyed by (parent local name or None for any, 0.1 local name).
_RENAMED: dict[tuple[str | None, str], str] = {
    **{
        (None, f"{role}_MarketParticipant.{attribute}"): f"{role}_{cls}.{attribute}"
        for role in ("marketEvaluationPoint.customer", "firstCustomer")
        for cls, attributes in (
            ("Person", ("firstName", "lastName")),
            ("Customer", ("extendedStorageMeteringValues", "naceDivisionCode")),
        )
        for attribute in attributes
    },
    ("MktActivityRecord", "UsagePointLocation"): "marketEvaluationPoint.UsagePointLocation",
}


# Elements whose 0.1 value was Elhub's word and whose 0.2 value is a code: element → code table of
# mappings/codes.toml (§0.12). A word without a code (resolution N, PT5M) is left for the 0.2 XSD to
# refuse, by name.
_CODED: dict[str, str] = {
    "direction": "direction",
    "channel": "communication_channel",
    "updateIndicator": "action",
    "resolution": "channel_resolution",
    "readCycle": "channel_resolution",
}


def _codes_0_1(root: etree._Element, notes: list[str]) -> None:
    from .mapping.tables import code_tables  # the tables only when a 0.1 document is read

    tables = code_tables()
    for element in root.iter(etree.Element):
        table = _CODED.get(etree.QName(element).localname)
        word = (element.text or "").strip()
        if table is None or not word:
            continue
        code = next((e["cim"] for e in tables[table].values() if e.get("ebix") == word), None)
        if code is not None and code != word:
            element.text = code
            notes.append(f"{etree.QName(element).localname} {word!r} is now the code {code!r}")


def _rename_0_1(root: etree._Element, namespace: str) -> None:
    for element in root.iter(etree.Element):
        local = etree.QName(element).localname
        parent = element.getparent()
        above = etree.QName(parent).localname if parent is not None else None
        new = _RENAMED.get((above, local)) or _RENAMED.get((None, local))
        if new is not None:
            element.tag = f"{{{namespace}}}{new}"


def upgrade(root: etree._Element, message_type: MessageType) -> tuple[etree._Element, list[str]]:
    """A profile 0.1 document (valid against its XSD) rewritten as profile 0.2.

    Returns the new root and notes on what changed in meaning or form: the namespace, the BRS in
    ``process.mRID`` becoming the local process code, the document type fixed per document,
    record mRIDs equal to the document mRID replaced by the derived ones, times in UTC, the
    customer's Person/Customer attributes and addresses under their 0.2 names, Elhub's words
    (In/Out, Email, Add, PT60M ...) as the codes of ``mappings/codes.toml``.
    """
    target = current_of(message_type)
    old_ns, new_ns = message_type.namespace, target.namespace
    notes: list[str] = []
    source = etree.fromstring(etree.tostring(root))
    for element in source.iter(etree.Element):
        qname = etree.QName(element)
        if qname.namespace == old_ns:
            element.tag = f"{{{new_ns}}}{qname.localname}"
    out = etree.Element(f"{{{new_ns}}}{message_type.name}", nsmap={None: new_ns})  # type: ignore[dict-item]
    out.text = source.text
    for child in source:
        out.append(child)
    _rename_0_1(out, new_ns)
    _codes_0_1(out, notes)

    def find(name: str) -> etree._Element | None:
        return out.find(f"{{{new_ns}}}{name}")

    brs_element = find("process.mRID")
    brs = brs_element.text if brs_element is not None else None
    if brs_element is not None:
        out.remove(brs_element)
    code = local_process_code(brs) if brs else None
    if message_type.name == "Acknowledgement_MarketDocument":
        received = find("received_MarketDocument.process.processType")
        if received is None:
            received = etree.Element(f"{{{new_ns}}}received_MarketDocument.process.processType")
            # After the last received_MarketDocument element present (mRID is required).
            names = ("title", "createdDateTime", "type", "revisionNumber", "mRID")
            anchors = [find(f"received_MarketDocument.{n}") for n in names]
            anchor = next(a for a in anchors if a is not None)
            anchor.addnext(received)
        received.text = code
    else:
        process_type = find("process.processType")
        if process_type is not None and code is not None:
            if process_type.text != code:
                notes.append(f"process {brs} ({process_type.text}) is now process type {code}")
            process_type.text = code
        kind = find("type")
        fixed = fixed_document_type(target)
        if kind is not None and fixed is not None and kind.text != fixed:
            notes.append(
                f"type {kind.text} is now {fixed} (the one type of {message_type.name}); the "
                "EMIF document type follows from the mapping"
            )
            kind.text = fixed
    header_id = find("mRID")
    document_id = (header_id.text or "") if header_id is not None else ""
    for position, record in enumerate(out.iterfind(f"{{{new_ns}}}MktActivityRecord"), 1):
        record_id = record.find(f"{{{new_ns}}}mRID")
        if record_id is not None and record_id.text == document_id:
            record_id.text = str(uuid.uuid5(uuid.UUID(document_id), str(position)))
            notes.append(f"record {position}: mRID derived from the document mRID (R2)")
    normalise_cim(out, times="utc")
    return out, notes


def is_current(namespace: str) -> bool:
    """Whether a CIM namespace is the current profile's."""
    return namespace.endswith(PROFILE_SUFFIX)
