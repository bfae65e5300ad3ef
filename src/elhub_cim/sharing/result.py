"""Results of an allocation: both models, per interval and participant, exact.

Arrays hold integer counts of the volume resolution (read-only ``int64``); every value shown to
a person (rows, totals, CSV, JSON) is exact decimal text or :class:`~decimal.Decimal` made from
those integers.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from functools import cached_property
from typing import Any, NamedTuple

import numpy as np
from numpy.typing import NDArray

from ..core import csvsafe
from ..core.errors import shown_value
from .series import IntervalData
from .setup import SharingSetup
from .units import _units_decimal as units_decimal
from .units import _units_text as units_text

__all__ = [
    "RESULT_COLUMNS",
    "Balance",
    "Model",
    "ModelResult",
    "ModelTotals",
    "ParticipantTotals",
    "ResultRow",
    "SharingResult",
]

Int64Array = NDArray[np.int64]
CONTRIBUTOR, RECIPIENT = "contributor", "recipient"


class Model(StrEnum):
    """The sharing model."""

    CURRENT = "current"  # every recipient gets its full share; a surplus stays a surplus
    NEW = "new"  # a recipient gets what covers its consumption; the rest goes back


def _model(which: object) -> Model:
    """``which``, a caller's choice of model: a Model or its value; anything else is a
    TypeError or ValueError that names the argument."""
    known = ", ".join(m.value for m in Model)
    if not isinstance(which, str):  # (a Model is a str)
        raise TypeError(f"which is a Model or one of {known}, not {type(which).__name__}")
    try:
        return Model(which)
    except ValueError:
        raise ValueError(
            f"which is a Model or one of {known}, not {shown_value(which, 40)!r}"
        ) from None


@dataclass(frozen=True, eq=False)
class ModelResult:
    """One model's outcome, ``intervals × participants``, in resolution units (read-only).

    ``allocated``, ``net_consumption`` (consumption − allocated, floored at 0) and ``surplus``
    (allocated − consumption where positive) per recipient; ``returned`` (what goes back) per
    contributor.
    """

    model: Model
    allocated: Int64Array
    net_consumption: Int64Array
    surplus: Int64Array
    returned: Int64Array


class ModelTotals(NamedTuple):
    """One participant's sums under one model; ``None`` where a figure does not apply."""

    allocated: Decimal | None
    net_consumption: Decimal | None
    surplus: Decimal | None
    returned: Decimal | None


class Balance(NamedTuple):
    """Where one model's production went, over the intervals it allocated:
    ``produced == allocated + returned``. Refused intervals are counted apart (their figures
    are unknown), with the production in them."""

    produced: Decimal
    allocated: Decimal
    returned: Decimal
    refused_intervals: int
    refused_produced: Decimal


class ParticipantTotals(NamedTuple):
    """Sums over all intervals for one participant, under both models."""

    metering_point: str
    role: str  # "contributor" or "recipient"
    volume: Decimal  # produced (contributor) or consumed (recipient)
    share: Decimal | None  # a recipient's key share (= its allocation in the current model)
    current: ModelTotals
    new: ModelTotals


class ResultRow(NamedTuple):
    """One participant in one interval, both models (``None`` where a figure does not apply)."""

    start: datetime
    metering_point: str
    role: str
    volume: Decimal | None  # None: the recipient has no value for this interval
    share: Decimal | None
    current_allocated: Decimal | None
    current_net_consumption: Decimal | None
    current_surplus: Decimal | None
    current_returned: Decimal | None
    new_allocated: Decimal | None
    new_net_consumption: Decimal | None
    new_surplus: Decimal | None
    new_returned: Decimal | None


RESULT_COLUMNS: tuple[str, ...] = ResultRow._fields


def _readonly(array: Int64Array) -> Int64Array:
    array.flags.writeable = False
    return array


@dataclass(frozen=True, eq=False)
class SharingResult:
    """Allocation of one set-up's intervals under both models (see :func:`allocate`).

    ``share[t, r]``: recipient ``r``'s key share of interval ``t`` (its allocation in the current
    model); ``new_returned[t, k]``: what goes back to contributor ``k`` in the new model;
    ``redistributed_allocation``: the new model's allocations when redistribution changed them
    (else ``None``: they are ``min(share, consumption)``). Columns follow ``setup.recipients``
    and ``setup.contributors`` (ascending ids). :attr:`current` and :attr:`new` give every
    figure as arrays, computed on first access.
    """

    data: IntervalData
    share: Int64Array
    new_returned: Int64Array
    redistributed_allocation: Int64Array | None = None
    rounding: str = "carry"  # engine.Rounding: who got the units left over
    # Intervals refused per model because a recipient has no data there (None: none refused).
    refused_current: NDArray[np.bool_] | None = None
    refused_new: NDArray[np.bool_] | None = None

    def refused(self, which: Model | str) -> NDArray[np.bool_]:
        """Per interval: refused under ``which`` (a recipient's data missing where the model
        or key needs it). Its figures are unknown: ``None`` in rows, left out of totals."""
        mask = self.refused_current if _model(which) is Model.CURRENT else self.refused_new
        return np.zeros(self.data.count, dtype=np.bool_) if mask is None else mask

    def balance(self, which: Model | str) -> Balance:
        """Production, allocation and what went back under ``which``, over the intervals it
        did not refuse; the refused ones and their production apart."""
        refused = self.refused(which)
        outcome = self.current if _model(which) is Model.CURRENT else self.new
        kept = ~refused
        pool = self.data.production.sum(axis=1)
        d = self.decimals
        return Balance(
            units_decimal(int(pool[kept].sum()), d),
            units_decimal(int(outcome.allocated[kept].sum()), d),
            units_decimal(int(outcome.returned[kept].sum()), d),
            int(refused.sum()),
            units_decimal(int(pool[refused].sum()), d),
        )

    def _unknown(self) -> tuple[NDArray[np.bool_], NDArray[np.bool_], NDArray[np.bool_]]:
        """(missing volume, current net/surplus unknown, current share unknown) per cell."""
        missing = self.data.missing
        if missing is None:
            missing = np.zeros(self.share.shape, dtype=np.bool_)
        share_unknown = np.broadcast_to(self.refused(Model.CURRENT)[:, None], missing.shape)
        return missing, missing | share_unknown, share_unknown

    @property
    def redistributed(self) -> bool:
        """Whether the new model offered unused shares to other recipients first."""
        return self.redistributed_allocation is not None

    @property
    def setup(self) -> SharingSetup:
        return self.data.setup

    @property
    def decimals(self) -> int:
        return self.data.setup.decimals

    @property
    def contributors(self) -> tuple[str, ...]:
        return self.data.setup.contributors

    @property
    def recipients(self) -> tuple[str, ...]:
        return self.data.setup.recipients

    @cached_property
    def current(self) -> ModelResult:
        """The current model: full shares, surplus stays with the recipient, nothing back."""
        consumption = self.data.consumption
        net = np.subtract(consumption, self.share)
        surplus = np.negative(net)
        np.maximum(net, 0, out=net)
        np.maximum(surplus, 0, out=surplus)
        return ModelResult(
            Model.CURRENT,
            allocated=self.share,
            net_consumption=_readonly(net),
            surplus=_readonly(surplus),
            returned=_readonly(np.zeros_like(self.new_returned)),
        )

    @cached_property
    def new(self) -> ModelResult:
        """The new model: ``min(share, consumption)``, the rest back to the contributor."""
        allocated = self.redistributed_allocation
        if allocated is None:
            allocated = _readonly(np.minimum(self.share, self.data.consumption))
        return ModelResult(
            Model.NEW,
            allocated=allocated,
            net_consumption=_readonly(self.data.consumption - allocated),
            surplus=_readonly(np.zeros_like(allocated)),
            returned=self.new_returned,
        )

    def model(self, which: Model | str) -> ModelResult:
        """:attr:`current` or :attr:`new`."""
        return self.current if _model(which) is Model.CURRENT else self.new

    def _unit_rows(self) -> Iterator[tuple[Any, ...]]:
        """Rows as (start seconds, id, role, volume, share, 4 current, 4 new) in units."""
        cur, new = self.current, self.new
        starts = self.data.starts.tolist()
        production = self.data.production
        consumption = self.data.consumption
        contributors, recipients = self.contributors, self.recipients
        missing, cur_unknown, share_unknown = self._unknown()
        refused_current = self.refused(Model.CURRENT).tolist()
        refused_new = self.refused(Model.NEW).tolist()
        gaps = self.data.missing is not None or any(refused_current) or any(refused_new)
        for t, start in enumerate(starts):
            for k, mp in enumerate(contributors):
                yield (
                    start, mp, CONTRIBUTOR, int(production[t, k]), None,
                    None, None, None, None if refused_current[t] else int(cur.returned[t, k]),
                    None, None, None, None if refused_new[t] else int(new.returned[t, k]),
                )  # fmt: skip
            if gaps and (refused_new[t] or missing[t].any() or refused_current[t]):
                yield from self._partial_rows(t, start, missing[t], cur_unknown[t],
                                              share_unknown[t], refused_new[t])  # fmt: skip
                continue
            rows = zip(
                recipients,
                consumption[t].tolist(),
                self.share[t].tolist(),
                cur.net_consumption[t].tolist(),
                cur.surplus[t].tolist(),
                new.allocated[t].tolist(),
                new.net_consumption[t].tolist(),
                strict=True,
            )
            for mp, used, share, cur_net, cur_surplus, new_alloc, new_net in rows:
                yield (
                    start, mp, RECIPIENT, used, share,
                    share, cur_net, cur_surplus, None,
                    new_alloc, new_net, 0, None,
                )  # fmt: skip

    def _partial_rows(
        self,
        t: int,
        start: Any,
        missing: NDArray[np.bool_],
        cur_unknown: NDArray[np.bool_],
        share_unknown: NDArray[np.bool_],
        new_refused: bool,
    ) -> Iterator[tuple[Any, ...]]:
        """Recipient rows of an interval with unknown figures (``None``)."""
        cur, new = self.current, self.new

        def known(value: Any, unknown: Any) -> int | None:
            return None if unknown else int(value)

        for r, mp in enumerate(self.recipients):
            share = known(self.share[t, r], share_unknown[r])
            yield (
                start, mp, RECIPIENT, known(self.data.consumption[t, r], missing[r]), share,
                share, known(cur.net_consumption[t, r], cur_unknown[r]),
                known(cur.surplus[t, r], cur_unknown[r]), None,
                known(new.allocated[t, r], new_refused),
                known(new.net_consumption[t, r], new_refused),
                None if new_refused else 0, None,
            )  # fmt: skip

    def rows(self) -> Iterator[ResultRow]:
        """Every participant in every interval (contributors first), exact decimals, starts in
        the set-up's time zone."""
        tz = self.setup.tz
        d = self.decimals
        for row in self._unit_rows():
            values = [None if v is None else units_decimal(v, d) for v in row[4:]]
            yield ResultRow(
                datetime.fromtimestamp(row[0], tz),
                row[1],
                row[2],
                None if row[3] is None else units_decimal(row[3], d),
                *values,
            )

    def totals(self) -> list[ParticipantTotals]:
        """Sums over all intervals per participant (contributors first), both models."""
        d = self.decimals
        cur, new = self.current, self.new

        def dec(value: Any) -> Decimal:
            return units_decimal(int(value), d)

        totals = []
        produced = self.data.production.sum(axis=0)
        # Unknown figures (missing data, refused intervals) are left out of the sums.
        missing, cur_unknown, share_unknown = self._unknown()
        new_refused = np.broadcast_to(self.refused(Model.NEW)[:, None], missing.shape)

        def known(array: Int64Array, unknown: NDArray[np.bool_]) -> Int64Array:
            return array if not unknown.any() else np.where(unknown, 0, array)

        for k, mp in enumerate(self.contributors):
            totals.append(
                ParticipantTotals(
                    mp,
                    CONTRIBUTOR,
                    dec(produced[k]),
                    None,
                    ModelTotals(None, None, None, dec(cur.returned[:, k].sum())),
                    ModelTotals(None, None, None, dec(new.returned[:, k].sum())),
                )
            )
        sums = {
            name: known(array, unknown).sum(axis=0)
            for name, array, unknown in (
                ("used", self.data.consumption, missing),
                ("share", self.share, share_unknown),
                ("cur_net", cur.net_consumption, cur_unknown),
                ("cur_surplus", cur.surplus, cur_unknown),
                ("new_alloc", new.allocated, new_refused),
                ("new_net", new.net_consumption, new_refused),
            )
        }
        for r, mp in enumerate(self.recipients):
            totals.append(
                ParticipantTotals(
                    mp,
                    RECIPIENT,
                    dec(sums["used"][r]),
                    dec(sums["share"][r]),
                    ModelTotals(
                        dec(sums["share"][r]),
                        dec(sums["cur_net"][r]),
                        dec(sums["cur_surplus"][r]),
                        None,
                    ),
                    ModelTotals(dec(sums["new_alloc"][r]), dec(sums["new_net"][r]), dec(0), None),
                )
            )
        return totals

    def to_csv(self) -> bytes:
        """All rows as CSV (header :data:`RESULT_COLUMNS`), exact decimal text, empty where a
        figure does not apply, starts ISO 8601 with offset in the set-up's time zone."""
        out = io.StringIO()
        writer = csvsafe.writer(out, lineterminator="\n")
        writer.writerow(RESULT_COLUMNS)
        for row in self._text_rows():
            writer.writerow(["" if v is None else v for v in row])
        return out.getvalue().encode("utf-8")

    def _text_rows(self) -> Iterator[list[str | None]]:
        tz = self.setup.tz
        d = self.decimals
        names: dict[int, str] = {}
        for row in self._unit_rows():
            start = names.get(row[0])
            if start is None:
                names.clear()
                start = names[row[0]] = datetime.fromtimestamp(row[0], tz).isoformat()
            yield [
                start,
                row[1],
                row[2],
                *(None if v is None else units_text(v, d) for v in row[3:]),
            ]

    def summary(self) -> dict[str, Any]:
        """Set-up, period and per-participant totals of both models (JSON-ready, exact text)."""
        data = self.data

        def text(value: Decimal | None) -> str | None:
            return None if value is None else str(value)

        return {
            "setup": self.setup.to_dict(),
            "interval_minutes": data.interval_minutes,
            "intervals": data.count,
            "first_start": data.start_of(0).isoformat() if data.count else None,
            "end": data.start_of(data.count).isoformat() if data.count else None,
            "redistribute": self.redistributed,
            "rounding": self.rounding,
            "missing": self.missing_report(),
            "refused": {
                model.value: [data.start_of(int(t)).isoformat() for t in np.flatnonzero(mask)]
                for model in Model
                if (mask := self.refused(model)).any()
            },
            "balance": {
                model.value: {
                    field: value if isinstance(value, int) else str(value)
                    for field, value in self.balance(model)._asdict().items()
                }
                for model in Model
            },
            "totals": [
                {
                    "metering_point": t.metering_point,
                    "role": t.role,
                    "volume": text(t.volume),
                    "share": text(t.share),
                    **{
                        model: {field: text(value) for field, value in figures._asdict().items()}
                        for model, figures in (("current", t.current), ("new", t.new))
                    },
                }
                for t in self.totals()
            ],
        }

    def missing_report(self) -> dict[str, int]:
        """Recipients without data: metering point → number of intervals without a value."""
        if self.data.missing is None:
            return {}
        counts = self.data.missing.sum(axis=0)
        return {mp: int(n) for mp, n in zip(self.recipients, counts, strict=True) if n}

    def to_json(self, *, indent: int | None = None) -> bytes:
        """:meth:`summary` plus every row (``rows``: objects keyed by :data:`RESULT_COLUMNS`)."""
        document = self.summary()
        document["rows"] = [
            dict(zip(RESULT_COLUMNS, row, strict=True)) for row in self._text_rows()
        ]
        return (json.dumps(document, indent=indent, ensure_ascii=False) + "\n").encode("utf-8")
