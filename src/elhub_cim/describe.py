"""What a message is about, read from its header (for ``elhub-cim info`` and batch reports).

Works on the parsed tree of any known standard, so it costs no binding.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from lxml import etree

from .core.arguments import checked_parsed
from .core.catalog import MessageType, Standard
from .core.errors import mask_identity_numbers, printable, shorten
from .core.profile import brs_of
from .core.safeparse import ParsedDocument
from .core.validation import identity_numbers

__all__ = ["MessageSummary", "describe"]

#: Elhub's role code in a CIM header.
ELHUB_ROLE = "DDZ"


@dataclass(frozen=True, slots=True)
class MessageSummary:
    """Header facts of one message (masked and cut for display, see :func:`describe`)."""

    standard: str
    message_type: str
    namespace: str
    document_id: str | None
    document_type: str | None
    brs: str | None
    role: str | None
    sender: str | None
    recipient: str | None
    created: str | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _child(element: etree._Element | None, *names: str) -> etree._Element | None:
    """Follow local names down from ``element`` (first match at each step)."""
    node = element
    for name in names:
        if node is None:
            return None
        node = next(
            (c for c in node if isinstance(c.tag, str) and etree.QName(c).localname == name),
            None,
        )
    return node


def describe(document: ParsedDocument, message_type: MessageType) -> MessageSummary:
    """Header facts of a parsed, identified document, for display: a national identity number
    (under scheme Z01/ARR, or any 11 digits with its check digits) is masked, characters that
    are not printable escaped (a newline, a bidi override: ``\\n``, ``\\u202e``), long values
    cut."""
    checked_parsed("describe", document, message_type)
    root = document.root
    secrets = identity_numbers(root)

    def _text(element: etree._Element | None, *names: str) -> str | None:
        node = _child(element, *names)
        if node is None or node.text is None:
            return None
        return shorten(printable(mask_identity_numbers(node.text.strip(), secrets)))

    if message_type.standard is Standard.EBIX:
        header = _child(root, "Header")
        context = _child(root, "ProcessEnergyContext")
        return MessageSummary(
            standard=message_type.standard.value,
            message_type=message_type.name,
            namespace=message_type.namespace,
            document_id=_text(header, "Identification"),
            document_type=_text(header, "DocumentType"),
            brs=_text(context, "EnergyBusinessProcess"),
            role=_text(context, "EnergyBusinessProcessRole"),
            sender=_text(header, "JuridicalSenderEnergyParty", "Identification"),
            recipient=_text(header, "JuridicalRecipientEnergyParty", "Identification"),
            created=_text(header, "Creation"),
        )
    # CIM (ESMP header): the same facts under their CIM names.
    return MessageSummary(
        standard=message_type.standard.value,
        message_type=message_type.name,
        namespace=message_type.namespace,
        document_id=_text(root, "mRID"),
        document_type=_text(root, "type"),
        # Profile 0.2 names the Norwegian process by its local code (NO102 = BRS-NO-102); the
        # acknowledgement by the acknowledged document's; 0.1 had the BRS in process.mRID.
        brs=brs_of(_text(root, "process.processType"))
        or brs_of(_text(root, "received_MarketDocument.process.processType"))
        or _text(root, "process.mRID")
        or _text(root, "process.processType"),
        # The market party's role, as ebIX's EnergyBusinessProcessRole and the domain's header
        # role mean: the sender's, or the receiver's when Elhub (DDZ) sent the document.
        role=next(
            (
                role
                for side in ("sender", "receiver")
                if (role := _text(root, f"{side}_MarketParticipant.marketRole.type"))
                not in (None, ELHUB_ROLE)
            ),
            None,
        ),
        sender=_text(root, "sender_MarketParticipant.mRID"),
        recipient=_text(root, "receiver_MarketParticipant.mRID"),
        created=_text(root, "createdDateTime"),
    )
