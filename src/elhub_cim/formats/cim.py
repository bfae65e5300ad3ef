"""CIM profile XML: the documents of the Elhub CIM profile (namespaces ``urn:x-elhub-cim:...``).

A profile 0.1 document is read and upgraded to 0.2 (:func:`upgrade`, validated against the 0.2
XSD); nothing writes 0.1 any more (``docs/cim-profile.md`` §0.6).
"""

from __future__ import annotations

from lxml import etree

from ..core.catalog import MessageType, Standard, catalog, standard_of
from ..core.errors import Problem, SchemaViolationError
from ..core.profile import (
    derive_record_id,
    fixed_document_type,
    local_process_code,
    normalise_cim,
)
from ..core.safeparse import ParsedDocument, parse_bytes
from ..core.validation import validate_document
from . import Format
from ._xml import checked, parsed, root_qname, serialize

__all__ = ["FORMAT", "current_of", "detect", "read", "upgrade", "upgraded", "validate", "write"]

FORMAT = Format.CIM


def detect(data: bytes) -> bool:
    """Whether ``data`` is a CIM profile document (by its root element's namespace)."""
    root = root_qname(data)
    return root is not None and standard_of(root[0]) is Standard.CIM


def read(
    source: bytes | ParsedDocument, *, name: str = "<bytes>"
) -> tuple[ParsedDocument, MessageType]:
    """Safe parse, identify and XSD-validate; a valid 0.1 document comes back as 0.2.

    Any document of the catalog is read (the caller names what it cannot take)."""
    document = source if isinstance(source, ParsedDocument) else parsed(source, name)
    document, message_type = checked(document)
    if message_type.legacy:
        return upgraded(document, message_type)
    return document, message_type


def validate(document: ParsedDocument, message_type: MessageType) -> list[Problem]:
    """The XSD problems of a parsed document (empty when valid)."""
    return validate_document(document, message_type)


def write(root: etree._Element, *, pretty: bool = True) -> bytes:
    """The document as UTF-8 XML with its declaration."""
    return serialize(root, pretty)


def upgraded(
    document: ParsedDocument, message_type: MessageType
) -> tuple[ParsedDocument, MessageType]:
    """A valid profile 0.1 document as profile 0.2 (validated against the 0.2 XSD)."""
    root, _ = upgrade(document.root, message_type)
    result = parse_bytes(etree.tostring(root, encoding="UTF-8"), name=document.name)
    current = current_of(message_type)
    problems = validate_document(result, current)
    if problems:
        raise SchemaViolationError(problems)
    return result, current


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
# mappings/codes.toml (§0.12). A word without a code (PT5M) is left for the 0.2 XSD to refuse, by
# name; a Channel resolution N is no element in 0.2 (the code table's `absent`).
_CODED: dict[str, str] = {
    "direction": "direction",
    "channel": "communication_channel",
    "updateIndicator": "action",
    "resolution": "measurement_resolution",
    "readCycle": "channel_resolution",
}


def _codes_0_1(root: etree._Element, notes: list[str]) -> None:
    from ..mapping.tables import code_tables  # the tables only when a 0.1 document is read

    tables = code_tables()
    for element in list(root.iter(etree.Element)):
        table = _CODED.get(etree.QName(element).localname)
        word = (element.text or "").strip()
        if table is None or not word:
            continue
        entry = next((e for e in tables[table].values() if e.get("ebix") == word), None)
        parent = element.getparent()
        if entry is not None and entry.get("absent") == "cim" and parent is not None:
            parent.remove(element)
            notes.append(f"{etree.QName(element).localname} {word!r} is now no element")
            continue
        code = entry.get("cim") if entry is not None else None
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
            record_id.text = derive_record_id(document_id, position)
            notes.append(f"record {position}: mRID derived from the document mRID (R2)")
    normalise_cim(out, times="utc")
    return out, notes
