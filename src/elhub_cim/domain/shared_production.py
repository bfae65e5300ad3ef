"""Shared production (BRS-NO-701, delt produksjon): the business documents and their rules.

Metering points on one property share self-produced power. A *virtual calculation* names the
producing points (contributors, bidragsytere) and the points that receive a share (recipients,
mottakere), with a distribution key (formula type): equally distributed, consumption based or
manual. The grid company sends :class:`SharedProductionUpdateRequest` (EMIF
``RequestUpdateSharedProduction``, CIM ``RequestChangeSharedProduction_MarketDocument``); Elhub
answers with the generic acknowledgement and tells the parties with
:class:`SharedProductionNotification` (EMIF ``NotifySharedProduction``, CIM
``NotifySharedProduction_MarketDocument``). The allocation of energy is :mod:`elhub_cim.sharing`.

The models hold what the XSDs allow (cardinalities, lengths, share range and scale); the rules
the XSDs cannot state are in :func:`check_shared_production`, which returns findings instead of
raising, so that a caller can report all of them at once.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, ClassVar

from pydantic import Field, StringConstraints, model_validator

from ..core.errors import Problem
from ..core.gs1 import is_metering_point_id
from .common import BusinessDocument, DocumentDirection, DocumentId
from .types import Brs, DomainModel, EventTime, MeteringPointId

__all__ = [
    "CalculationStatus",
    "FormulaType",
    "SharedProductionDocument",
    "SharedProductionNotification",
    "SharedProductionParticipant",
    "SharedProductionUpdateRequest",
    "UpdateIndicator",
    "VirtualCalculation",
    "check_shared_production",
    "is_valid_gsrn",
]

#: Most participants of each kind one message may carry (EMIF and the CIM profile: 1000).
MAX_PARTICIPANTS = 1000


#: A start or end time of a shared production: offset kept, at most milliseconds.
PeriodTime = EventTime

#: A share between 0 and 1 with at most 6 decimals (EMIF ``decimalPercent``). Kept as written:
#: ``Decimal("0.500000")`` writes back as ``0.500000``.
Share = Annotated[
    Decimal, Field(ge=Decimal(0), le=Decimal(1), decimal_places=6, allow_inf_nan=False)
]

String50 = Annotated[str, StringConstraints(min_length=1, max_length=50)]
String100 = Annotated[str, StringConstraints(min_length=1, max_length=100)]


class FormulaType(StrEnum):
    """Distribution key of the calculation (Elhub's values, verbatim in both standards)."""

    EQUALLY_DISTRIBUTED = "EquallyDistributed"
    CONSUMPTION_BASED = "ConsumptionBased"
    MANUAL = "Manual"


class UpdateIndicator(StrEnum):
    """What the request does with the calculation."""

    ADD = "Add"
    DELETE = "Delete"
    UPDATE = "Update"


class CalculationStatus(StrEnum):
    """Status of a version of the calculation (EMIF ``VersionStatus``)."""

    NEW = "New"
    ACTIVE = "Active"
    INACTIVE = "Inactive"
    TERMINATED = "Terminated"


class SharedProductionParticipant(DomainModel):
    """A contributor (producing point) or a recipient, with its share when one is given."""

    metering_point: MeteringPointId
    share: Share | None = Field(
        default=None,
        description="Between 0 and 1, at most 6 decimals; recipients' manual shares sum to 1.",
    )


class VirtualCalculation(DomainModel):
    """The shared production set-up (EMIF ``VirtualCalculation``, CIM ``calculation.*``).

    ``contributors`` and ``recipients`` are both empty (no ``Participants`` in EMIF, no
    participant elements in CIM) or both non-empty: the schemas allow nothing in between.
    """

    id: DocumentId | None = Field(default=None, description="Identifier of the calculation (UUID).")
    name: String50 | None = None
    description: String100 | None = None
    formula_type: FormulaType | None = None
    contributors: list[SharedProductionParticipant] = Field(
        default_factory=list, max_length=MAX_PARTICIPANTS
    )
    recipients: list[SharedProductionParticipant] = Field(
        default_factory=list, max_length=MAX_PARTICIPANTS
    )

    @model_validator(mode="after")
    def _participants_together(self) -> VirtualCalculation:
        if bool(self.contributors) != bool(self.recipients):
            raise ValueError("contributors and recipients come together: both given or both absent")
        return self

    @property
    def has_participants(self) -> bool:
        return bool(self.contributors)


class SharedProductionDocument(BusinessDocument):
    """What both 701 documents carry."""

    start: PeriodTime | None = Field(default=None, description="From when the calculation applies.")
    calculation: VirtualCalculation


class SharedProductionUpdateRequest(SharedProductionDocument):
    """The grid company asks Elhub to add, change or delete a shared production calculation."""

    direction: ClassVar[DocumentDirection] = "to_elhub"
    update_indicator: UpdateIndicator


class SharedProductionNotification(SharedProductionDocument):
    """Elhub tells the parties about a version of a shared production calculation."""

    direction: ClassVar[DocumentDirection] = "from_elhub"
    end: PeriodTime | None = Field(default=None, description="Until when the version applies.")
    version: int | None = Field(default=None, ge=0, le=9999)
    version_status: CalculationStatus | None = None


# --- rules the schemas cannot state --------------------------------------------------------------


def is_valid_gsrn(value: str) -> bool:
    """An Elhub metering point id: 18 digits, prefix 7070575, valid GS1 mod-10 check digit."""
    if not isinstance(value, str):
        raise TypeError(f"is_valid_gsrn() takes a str, not {type(value).__name__}")
    # (the one definition, which the identifier check of every message asks too)
    return is_metering_point_id(value)


SHARE_ONE = Decimal(1)


def _duplicates(
    participants: Sequence[SharedProductionParticipant], kind: str, file: str | None
) -> list[Problem]:
    counts = Counter(p.metering_point for p in participants)
    problems: list[Problem] = []
    for metering_point, count in counts.items():
        if count > 1:
            positions = [
                str(i) for i, p in enumerate(participants, 1) if p.metering_point == metering_point
            ]
            problems.append(
                Problem(
                    "NO701_DUPLICATE_PARTICIPANT",
                    f"metering point {metering_point} is listed {count} times among the "
                    f"{kind}s (positions {', '.join(positions)}); each may appear once",
                    file=file,
                    path=f"calculation.{kind}s",
                )
            )
    return problems


def _share_problems(calculation: VirtualCalculation, file: str | None) -> list[Problem]:
    if calculation.formula_type is not FormulaType.MANUAL or not calculation.recipients:
        return []
    missing = [i for i, r in enumerate(calculation.recipients, 1) if r.share is None]
    if missing:
        return [
            Problem(
                "NO701_SHARE_MISSING",
                f"a manual key needs a share for every recipient; recipient {i} has none",
                file=file,
                path=f"calculation.recipients[{i}].share",
            )
            for i in missing
        ]
    # Exact: Decimal addition of at most 1000 six-decimal values never rounds.
    total = sum((r.share for r in calculation.recipients if r.share is not None), Decimal(0))
    if total != SHARE_ONE:
        return [
            Problem(
                "NO701_SHARE_SUM",
                f"the recipients' shares of a manual key must sum to exactly 1; they sum to "
                f"{format(total, 'f')}",
                file=file,
                path="calculation.recipients",
            )
        ]
    return []


def _period_problems(document: SharedProductionDocument, file: str | None) -> list[Problem]:
    if not isinstance(document, SharedProductionNotification):
        return []
    problems: list[Problem] = []
    start, end = document.start, document.end
    if start is not None and end is not None and end.datetime <= start.datetime:
        problems.append(
            Problem(
                "NO701_PERIOD",
                f"the end ({end}) must be after the start ({start})",
                file=file,
                path="end",
            )
        )
    return problems


def check_shared_production(
    document: SharedProductionDocument, *, file: str | None = None
) -> list[Problem]:
    """Business rules of a 701 document beyond its XSD; an empty list when it keeps them all.

    Codes (paths are domain paths, positions 1-based):

    - ``NO701_PROCESS``: the header's process is not BRS-NO-701.
    - ``NO701_SHARE_MISSING`` / ``NO701_SHARE_SUM``: with the manual key every recipient has a
      share and the shares sum to exactly 1 (exact decimal arithmetic: 0.333333 × 3 is not 1).
      Other keys' shares are Elhub's to compute and are not checked; contributors' shares are
      not summed (their meaning for several contributors is not documented).
    - ``NO701_DUPLICATE_PARTICIPANT``: a metering point appears twice among the contributors or
      twice among the recipients.
    - ``NO701_CONTRIBUTOR_IS_RECIPIENT``: a metering point is both contributor and recipient.
    - ``NO701_PERIOD``: in a notification with both a start and an end, the end is not after
      the start (compared as instants, whatever the offsets).
    - ``NO701_METERING_POINT_ID``: not a valid Elhub GSRN (prefix 7070575, GS1 check digit). Test
      systems use placeholder ids with wrong check digits: this is a finding, the document still
      reads and converts.
    """
    if not isinstance(document, SharedProductionDocument):
        raise TypeError(
            "check_shared_production() takes a SharedProductionDocument (from to_domain), "
            f"not {type(document).__name__}"
        )
    problems: list[Problem] = []
    if document.header.process != Brs.SHARED_PRODUCTION:
        problems.append(
            Problem(
                "NO701_PROCESS",
                "a shared production document belongs to BRS-NO-701, not "
                f"{document.header.process}",
                file=file,
                path="header.process",
            )
        )
    calculation = document.calculation
    problems += _share_problems(calculation, file)
    problems += _duplicates(calculation.contributors, "contributor", file)
    problems += _duplicates(calculation.recipients, "recipient", file)
    contributors = {p.metering_point for p in calculation.contributors}
    for index, recipient in enumerate(calculation.recipients, 1):
        if recipient.metering_point in contributors:
            problems.append(
                Problem(
                    "NO701_CONTRIBUTOR_IS_RECIPIENT",
                    f"metering point {recipient.metering_point} is both a contributor and a "
                    "recipient",
                    file=file,
                    path=f"calculation.recipients[{index}]",
                )
            )
            contributors.discard(recipient.metering_point)  # once per metering point
    problems += _period_problems(document, file)
    for kind, participants in (
        ("contributors", calculation.contributors),
        ("recipients", calculation.recipients),
    ):
        for index, participant in enumerate(participants, 1):
            if not is_valid_gsrn(participant.metering_point):
                problems.append(
                    Problem(
                        "NO701_METERING_POINT_ID",
                        f"{participant.metering_point} is not a valid Elhub GSRN "
                        "(18 digits, prefix 7070575, GS1 check digit)",
                        file=file,
                        path=f"calculation.{kind}[{index}].metering_point",
                    )
                )
    return problems
