"""The acknowledgement: the answer to any document, in either direction (every BRS)."""

from __future__ import annotations

from enum import StrEnum
from typing import Any, ClassVar

from pydantic import Field, model_validator

from .common import BusinessDocument, DocumentDirection, DocumentId, Text

__all__ = ["ACKNOWLEDGEMENT_DOCUMENT_TYPE", "Acknowledgement", "AcknowledgementStatus"]

#: The document type of every acknowledgement (EMIF 294; CIM has no ``type`` in it, R9).
ACKNOWLEDGEMENT_DOCUMENT_TYPE = "294"


class AcknowledgementStatus(StrEnum):
    """EMIF StatusType 39 / 41, CIM ``Reason[1]`` A01 / A02."""

    ACCEPTED = "accepted"
    REJECTED = "rejected"


class Acknowledgement(BusinessDocument):
    """A positive or negative acknowledgement of a received document (profile rule R9).

    Elhub acknowledges what market parties send and market parties acknowledge what Elhub sends,
    so the document travels both ways: which side of the header is Elhub is told by Elhub's GLN
    (:class:`elhub_cim.mapping.ConversionOptions`), in CIM by the role DDZ.
    ``reasons`` are Elhub's response reason codes (E-codes, EH-codes); with
    ``original_payload_id`` they concern that payload of the received document.
    """

    direction: ClassVar[DocumentDirection] = "either"
    default_document_type: ClassVar[str | None] = ACKNOWLEDGEMENT_DOCUMENT_TYPE
    status: AcknowledgementStatus
    original_document_id: DocumentId = Field(description="The acknowledged document.")
    original_payload_id: DocumentId | None = Field(
        default=None, description="The acknowledged payload, when the answer concerns one payload."
    )
    reasons: list[Text] = Field(default_factory=list, max_length=999)

    @model_validator(mode="before")
    @classmethod
    def _document_type(cls, data: Any) -> Any:
        # CIM carries no document type in the acknowledgement: it is always 294 (R9, OP-19).
        if isinstance(data, dict) and isinstance(data.get("header"), dict):
            header = data["header"]
            if "document_type" not in header:
                data = {
                    **data,
                    "header": {**header, "document_type": ACKNOWLEDGEMENT_DOCUMENT_TYPE},
                }
        return data

    @model_validator(mode="after")
    def _always_294(self) -> Acknowledgement:
        if self.header.document_type not in ("", ACKNOWLEDGEMENT_DOCUMENT_TYPE):
            raise ValueError(
                f"an acknowledgement has document type {ACKNOWLEDGEMENT_DOCUMENT_TYPE}, "
                f"not {self.header.document_type!r}"
            )
        return self
