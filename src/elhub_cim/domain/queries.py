"""Queries: BRS-NO-315 (request for data held by Elhub), 601 (a request to the grid company, through
Elhub, and its answer) and 602 (a request to Elhub and Elhub's answer).

315 asks Elhub for data of one kind (``query_type``: metered values, master data, settlement
basis) for a metering point or a grid area, over a period or at a moment; Elhub answers with the
ordinary documents of that data (or rejects with an acknowledgement), so 315 has no response
document of its own. 601 and 602 are free-text inquiries with a category, a subject and the
text; the answers repeat the request's reference and add the feedback. 601 texts come in a public
and a private part (the private part is for the grid company only; inferred from the names).

The texts are kept exactly as written (``xs:string``: whitespace included). Lengths are EMIF's.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, ClassVar

from pydantic import Field, StringConstraints, model_validator

from .common import BusinessDocument, DocumentDirection, DocumentId, GridAreaId, MeteringPointId
from .types import DomainModel, EventTime, Timestamp

__all__ = [
    "BusinessType",
    "DataRequest",
    "ElhubInquiry",
    "ElhubInquiryResponse",
    "GridAccessProviderInquiry",
    "GridAccessProviderInquiryResponse",
    "QueryPeriod",
    "QueryType",
]

#: EMIF String18Type / String40Type / String300Type: 1 to n characters, kept verbatim.
Category = Annotated[str, StringConstraints(min_length=1, max_length=18)]
Subject = Annotated[str, StringConstraints(min_length=1, max_length=40)]
Message = Annotated[str, StringConstraints(min_length=1, max_length=300)]


class QueryType(StrEnum):
    """What a 315 request asks for (EMIF QueryCategoryCode; Elhub's codes, kept in CIM as local
    codes). Meanings inferred from the codes and our examples, not from a BRS text."""

    METERED_REGISTER_VALUES = "MVRV"
    METERED_TIME_SERIES = "MVTS"
    METERED_VOLUMES_AND_TIME_SERIES = "MVVT"
    MASTER_DATA_CUSTOMER = "MDCU"
    MASTER_DATA_METERING_POINT = "MDMP"
    SETTLEMENT = "STLM"


class BusinessType(StrEnum):
    """Elhub's business types (EMIF BusinessTypeCode, list agency 89), kept verbatim."""

    HP01 = "HP01"
    HP02 = "HP02"
    HP03 = "HP03"
    HP04 = "HP04"
    LS01 = "LS01"
    LS02 = "LS02"
    LS03 = "LS03"
    LS04 = "LS04"
    LS05 = "LS05"
    LS06 = "LS06"
    LS07 = "LS07"
    LS08 = "LS08"
    MP01 = "MP01"
    MP02 = "MP02"
    RE01 = "RE01"
    RE02 = "RE02"
    RE03 = "RE03"
    RE04 = "RE04"
    SE02 = "SE02"
    SE04 = "SE04"
    SE05 = "SE05"
    SE06 = "SE06"
    SE07 = "SE07"
    SE08 = "SE08"
    SE09 = "SE09"
    SE10 = "SE10"
    SE11 = "SE11"
    SE12 = "SE12"
    SE13 = "SE13"
    SE14 = "SE14"
    SE15 = "SE15"
    SE16 = "SE16"
    SE17 = "SE17"
    SE18 = "SE18"
    SE19 = "SE19"
    SE20 = "SE20"
    SE21 = "SE21"
    SE22 = "SE22"
    SE23 = "SE23"
    SE24 = "SE24"
    SE25 = "SE25"
    SE26 = "SE26"
    SE27 = "SE27"
    SE28 = "SE28"
    SE29 = "SE29"
    SE30 = "SE30"
    SE31 = "SE31"


class QueryPeriod(DomainModel):
    """The period a 315 request covers (start inclusive, end exclusive)."""

    start: EventTime
    end: EventTime

    @model_validator(mode="after")
    def _ordered(self) -> QueryPeriod:
        if self.end.datetime <= self.start.datetime:
            raise ValueError("period: end must be after start")
        return self


class DataRequest(BusinessDocument):
    """RequestDataFromElhub (BRS-NO-315; our examples also 303 and 324) ⇄
    RequestDataFromElhub_MarketDocument. What combination of fields a query type needs is a
    business rule Elhub states in no example we have: the model accepts what EMIF accepts."""

    direction: ClassVar[DocumentDirection] = "to_elhub"
    default_document_type: ClassVar[str | None] = "21"
    query_type: QueryType
    snapshot: Timestamp | None = Field(
        default=None, description="Master data as it was at this moment (SnapShotOccurrence)."
    )
    business_type: BusinessType | None = None
    period: QueryPeriod | None = None
    metering_point: MeteringPointId | None = None
    grid_area: GridAreaId | None = None


class ElhubInquiry(BusinessDocument):
    """RequestToElhub (BRS-NO-602) ⇄ RequestToElhub_MarketDocument: a market party asks Elhub."""

    direction: ClassVar[DocumentDirection] = "to_elhub"
    default_document_type: ClassVar[str | None] = "21"
    category: Category = Field(description="Elhub's free category text, e.g. MASTERDATA.")
    subject: Subject
    request: Message
    metering_point: MeteringPointId


class ElhubInquiryResponse(BusinessDocument):
    """ResponseFromElhub (BRS-NO-602) ⇄ ResponseFromElhub_MarketDocument: Elhub's answer, which
    repeats the request's category, subject and text."""

    direction: ClassVar[DocumentDirection] = "from_elhub"
    default_document_type: ClassVar[str | None] = "21"
    original_document_id: DocumentId = Field(description="The RequestToElhub this answers.")
    category: Category
    subject: Subject
    request: Message
    feedback: Message
    metering_point: MeteringPointId


class GridAccessProviderInquiry(BusinessDocument):
    """RequestToGridAccessProvider (BRS-NO-601) ⇄ RequestToGridAccessProvider_MarketDocument: a
    market party's request to a grid company, sent through Elhub (either way: to Elhub, and from
    Elhub to the grid company; Elhub is told by its GLN)."""

    direction: ClassVar[DocumentDirection] = "either"
    default_document_type: ClassVar[str | None] = "21"
    category: Category
    subject: Subject
    public_request: Message | None = None
    private_request: Message | None = None
    metering_point: MeteringPointId


class GridAccessProviderInquiryResponse(BusinessDocument):
    """ResponseFromGridAccessProvider (BRS-NO-601) ⇄ ResponseFromGridAccessProvider_MarketDocument:
    the grid company's answer (through Elhub; either way). Only the reference is required."""

    direction: ClassVar[DocumentDirection] = "either"
    default_document_type: ClassVar[str | None] = "21"
    original_document_id: DocumentId = Field(
        description="The RequestToGridAccessProvider this answers."
    )
    category: Category | None = None
    subject: Subject | None = None
    public_request: Message | None = None
    private_request: Message | None = None
    public_feedback: Message | None = None
    private_feedback: Message | None = None
    metering_point: MeteringPointId | None = None
