"""The sharing set-up: who contributes, who receives, and by which key.

A set-up comes from a small file of ours (TOML or JSON, see ``docs/sharing.md``) or from a
BRS-NO-701 message, ebIX (``RequestUpdateSharedProduction`` / ``NotifySharedProduction``) or CIM
(``RequestChangeSharedProduction`` / ``NotifySharedProduction`` market documents), read into the
701 domain model (:func:`elhub_cim.convert.to_domain`): its virtual calculation carries the
formula type (key), the contributors and the recipients with their shares.
:func:`setup_from_message` reads the same from an ebIX message bound by :func:`elhub_cim.read`.

Participants are kept in ascending order of their ids (string order, which for Elhub's 18-digit
metering point ids is numeric order). Every result is reported in that order and every tie in
the rounding is broken by it, so nothing depends on the order in which the input lists them.
"""

from __future__ import annotations

import dataclasses
import json
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..core.arguments import checked_name, checked_path
from ..core.dates import offset_minutes_out_of_range
from ..core.errors import InputReadError, Problem, mask_identity_numbers
from ..core.safeparse import checked_limit
from ..domain.common import repeated_keys
from .errors import (
    SHARE_SETUP,
    SHARE_SUM,
    SHARE_UNKNOWN_PARTICIPANT,
    SharingError,
    problem,
)
from .units import DEFAULT_RESOLUTION, decimal_of, decimals_of

__all__ = [
    "DEFAULT_TIMEZONE",
    "Key",
    "SharingSetup",
    "load_setup",
    "setup_from_document",
    "setup_from_mapping",
    "setup_from_message",
]

DEFAULT_TIMEZONE = "Europe/Oslo"
#: Shares have at most 6 decimals, as ``Share`` in the BRS-NO-701 messages.
_SHARE_QUANTUM = Decimal("0.000001")


class Key(StrEnum):
    """How the production is split over the recipients (ebIX ``FormulaType``)."""

    EQUAL = "equal"  # EquallyDistributed
    CONSUMPTION = "consumption"  # ConsumptionBased: in proportion to consumption per interval
    MANUAL = "manual"  # Manual: fixed shares that sum to exactly 1

    @classmethod
    def from_formula_type(cls, value: str) -> Key:
        """The key of an ebIX ``FormulaType`` code (``EquallyDistributed`` ...)."""
        return _FORMULA_TYPES[value]


_FORMULA_TYPES = {
    "EquallyDistributed": Key.EQUAL,
    "ConsumptionBased": Key.CONSUMPTION,
    "Manual": Key.MANUAL,
}


@dataclass(frozen=True)
class SharingSetup:
    """One shared-production set-up (``VirtualCalculation`` in BRS-NO-701).

    ``shares`` (recipient id → share) only for :attr:`Key.MANUAL`; they must sum to exactly 1.
    ``resolution`` is the volume resolution in kWh (a power of ten, 1 to 0.000001).
    ``valid_from``/``valid_to`` (optional, ``valid_to`` exclusive) bound the intervals that may
    be allocated. ``timezone`` is used to name intervals in messages and output.
    Raises :class:`~elhub_cim.sharing.SharingError` (``SHARE_SETUP``, ``SHARE_SUM``) when
    inconsistent.
    """

    contributors: tuple[str, ...]
    recipients: tuple[str, ...]
    key: Key
    shares: Mapping[str, Decimal] = field(default_factory=dict)
    resolution: Decimal = DEFAULT_RESOLUTION
    name: str | None = None
    valid_from: datetime | None = None
    valid_to: datetime | None = None
    timezone: str = DEFAULT_TIMEZONE
    source: str | None = None

    def __post_init__(self) -> None:
        problems = []
        where = self.source

        def bad(message: str, code: str = SHARE_SETUP) -> None:
            problems.append(problem(code, message, file=where))

        try:
            key = Key(self.key)
        except ValueError:
            bad(f"unknown key {self.key!r}: use one of {', '.join(k.value for k in Key)}")
            key = Key.EQUAL
        object.__setattr__(self, "key", key)
        contributors = tuple(str(c) for c in self.contributors)
        recipients = tuple(str(r) for r in self.recipients)
        if not contributors:
            bad("the set-up has no contributor (producing metering point)")
        if not recipients:
            bad("the set-up has no recipient")
        for ids, role in ((contributors, "contributor"), (recipients, "recipient")):
            for empty in (i for i in ids if not i.strip()):
                bad(f"a {role} has an empty metering point id {empty!r}")
            for twice in sorted({i for i in ids if ids.count(i) > 1}):
                bad(f"{role} {twice} is listed more than once")
        for both in sorted(set(contributors) & set(recipients)):
            bad(f"metering point {both} is both a contributor and a recipient")
        object.__setattr__(self, "contributors", tuple(sorted(set(contributors))))
        object.__setattr__(self, "recipients", tuple(sorted(set(recipients))))

        try:
            if isinstance(self.resolution, bool):  # (JSON true is 1 to Decimal: 1 kWh)
                raise ValueError(f"resolution {self.resolution!r} is not a number")
            # decimals_of first: Decimal() refuses text that is no number with InvalidOperation
            # (an internal error here), and reads a list [1] as a (sign, digits, exponent).
            decimals_of(self.resolution)
            object.__setattr__(self, "resolution", decimal_of(self.resolution))
        except ValueError as error:
            bad(str(error))
            object.__setattr__(self, "resolution", DEFAULT_RESOLUTION)

        if self.name is not None and not isinstance(self.name, str):
            # (a TOML number or date was taken as is, and writing the summary as JSON failed)
            bad(f"the name {self.name!r} is not text")
            object.__setattr__(self, "name", None)
        elif self.name is not None:
            # Shown in the summary and written to the output, whatever the set-up came from.
            object.__setattr__(self, "name", _display_name(self.name))

        try:
            ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError, TypeError):  # TypeError: not text (JSON 5)
            bad(f"unknown time zone {self.timezone!r}")
            object.__setattr__(self, "timezone", DEFAULT_TIMEZONE)

        for label, moment in (("valid_from", self.valid_from), ("valid_to", self.valid_to)):
            if moment is not None and moment.utcoffset() is None:
                bad(f"{label} {moment.isoformat()} has no UTC offset")
        if (
            self.valid_from is not None
            and self.valid_to is not None
            and self.valid_from.utcoffset() is not None
            and self.valid_to.utcoffset() is not None
            and self.valid_to <= self.valid_from
        ):
            bad(f"valid_to {self.valid_to.isoformat()} is not after valid_from")

        shares = {str(k): v for k, v in dict(self.shares).items()}
        if key is Key.MANUAL:
            shares = self._check_shares(shares, bad)
        elif shares:
            bad(f"shares are only given with key 'manual', not with key '{key.value}'")
        object.__setattr__(self, "shares", shares)
        if problems:
            raise SharingError(problems)

    def _check_shares(self, shares: dict[str, Any], bad: Any) -> dict[str, Decimal]:
        checked: dict[str, Decimal] = {}
        for recipient, raw in shares.items():
            if recipient not in self.recipients:
                bad(
                    f"a share is given for {recipient}, which is not a recipient",
                    SHARE_UNKNOWN_PARTICIPANT,
                )
                continue
            try:
                if isinstance(raw, float | bool):
                    raise ValueError
                value = decimal_of(raw)
            except (ArithmeticError, TypeError, ValueError):
                bad(f"the share of {recipient} is not an exact decimal number: {raw!r}")
                continue
            if not value.is_finite() or not 0 <= value <= 1:
                bad(f"the share of {recipient} is {raw}, outside 0 to 1")
                continue
            if value != value.quantize(_SHARE_QUANTUM):
                bad(f"the share of {recipient} ({raw}) has more than 6 decimals")
                continue
            checked[recipient] = value
        for missing in (r for r in self.recipients if r not in shares):
            bad(f"recipient {missing} has no share (key 'manual' needs one for every recipient)")
        if len(checked) == len(self.recipients):
            total = sum(checked.values(), Decimal(0))
            if total != 1:
                bad(f"the manual shares sum to {total}, not exactly 1", SHARE_SUM)
        return checked

    @property
    def decimals(self) -> int:
        """Decimals of the volume resolution (3 for 0.001 kWh)."""
        return decimals_of(self.resolution)

    @property
    def participants(self) -> tuple[str, ...]:
        """Contributors, then recipients, each in ascending id order."""
        return self.contributors + self.recipients

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready description (decimals as exact text)."""
        return {
            "name": self.name,
            "key": self.key.value,
            "contributors": list(self.contributors),
            "recipients": [
                {"id": r, "share": str(self.shares[r])} if self.key is Key.MANUAL else {"id": r}
                for r in self.recipients
            ],
            "resolution": str(self.resolution),
            "valid_from": self.valid_from.isoformat() if self.valid_from else None,
            "valid_to": self.valid_to.isoformat() if self.valid_to else None,
            "timezone": self.timezone,
        }


_SETUP_FIELDS = {
    "name",
    "key",
    "contributors",
    "recipients",
    "resolution",
    "valid_from",
    "valid_to",
    "timezone",
}


def setup_from_mapping(data: Mapping[str, Any], *, source: str | None = None) -> SharingSetup:
    """A set-up from the contents of a set-up file (TOML or JSON, already parsed).

    ``recipients`` is a list of ids, or of tables ``{id = "...", share = "0.5"}`` (shares only
    with ``key = "manual"``). Numbers should be read as :class:`~decimal.Decimal` (TOML and JSON
    loaders with ``parse_float=Decimal``), or given as strings.
    """

    if not isinstance(data, Mapping):
        raise TypeError(
            "setup_from_mapping() takes a mapping (a set-up file's contents, parsed; load_setup "
            f"reads a file), not {type(data).__name__}"
        )

    def fail(message: str) -> SharingError:
        return SharingError([problem(SHARE_SETUP, message, file=source)])

    unknown = sorted(set(data) - _SETUP_FIELDS)
    if unknown:
        raise fail(
            f"unknown field(s) {', '.join(unknown)} (known: {', '.join(sorted(_SETUP_FIELDS))})"
        )
    if "key" not in data:
        raise fail("the set-up has no 'key' (equal, consumption or manual)")
    contributors = data.get("contributors", [])
    if isinstance(contributors, str):
        contributors = [contributors]
    if not isinstance(contributors, list) or not all(_is_id(c) for c in contributors):
        raise fail("'contributors' must be a list of metering point ids")
    raw_recipients = data.get("recipients", [])
    if not isinstance(raw_recipients, list):
        raise fail("'recipients' must be a list")
    recipients: list[str] = []
    shares: dict[str, Any] = {}
    for entry in raw_recipients:
        if _is_id(entry):
            recipients.append(str(entry))
        elif (
            isinstance(entry, Mapping) and _is_id(entry.get("id")) and set(entry) <= {"id", "share"}
        ):
            recipients.append(str(entry["id"]))
            if "share" in entry:
                shares[str(entry["id"])] = entry["share"]
        else:
            raise fail(f"a recipient must be an id or {{id, share}}, not {entry!r}")
    return SharingSetup(
        contributors=tuple(str(c) for c in contributors),
        recipients=tuple(recipients),
        key=data["key"],
        shares=shares,
        resolution=data.get("resolution", DEFAULT_RESOLUTION),
        name=data.get("name"),
        valid_from=_moment(data.get("valid_from"), "valid_from", source),
        valid_to=_moment(data.get("valid_to"), "valid_to", source),
        timezone=data.get("timezone", DEFAULT_TIMEZONE),
        source=source,
    )


def _is_id(value: object) -> bool:
    """A metering point id as JSON may write it: text or a whole number (not ``true``, which
    would be read as the id "True")."""
    return isinstance(value, str | int) and not isinstance(value, bool)


def _moment(value: Any, label: str, source: str | None) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    if isinstance(value, str) and not offset_minutes_out_of_range(value):
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            pass
    raise SharingError(
        [problem(SHARE_SETUP, f"{label} {value!r} is not an ISO 8601 date-time", file=source)]
    )


def _display_name(name: str | None) -> str | None:
    """A set-up's name from a message is shown in the summary and written to the output: an
    identity number in it is masked (it names nothing the allocation needs)."""
    return None if name is None else mask_identity_numbers(name)


def _refuse_unread(value: object, caller: str, what: str, taken: bool) -> None:
    """A TypeError when ``value`` is not what the caller takes (``taken`` false: no domain
    document, no bound message; the message unread, its bytes, text or path, or None), rather
    than ``what`` the caller takes: the message is not to blame for carrying no set-up."""
    if not taken or value is None or isinstance(value, str | bytes | bytearray | os.PathLike):
        raise TypeError(f"{caller}() takes {what}, not {type(value).__name__}")


def setup_from_message(message: Any, *, source: str | None = None) -> SharingSetup:
    """The set-up carried by a bound BRS-NO-701 message (from :func:`elhub_cim.read`).

    Reads ``PayloadMasterDataMPEvent/VirtualCalculation``: ``FormulaType`` gives the key,
    ``Contributors`` and ``Recipients`` the participants, recipient ``Share`` the manual shares;
    ``StartOfOccurrence``/``EndOfOccurrence`` the validity. Shares stated with an equal or
    consumption-based key (``0.333334`` ...) are informative only and not used: the engine splits
    those keys exactly. Contributor shares are not used either (see ``docs/sharing.md``).
    """
    # (a bound message is an xsdata dataclass; a domain document is not: setup_from_document)
    bound = dataclasses.is_dataclass(message) and not isinstance(message, type)
    _refuse_unread(message, "setup_from_message", "a bound message (elhub_cim.read(source))", bound)
    payload = getattr(message, "payload_master_data_mpevent", None)
    calculation = getattr(payload, "virtual_calculation", None)
    participants = getattr(calculation, "participants", None)
    if payload is None or calculation is None or participants is None:
        raise SharingError(
            [
                problem(
                    SHARE_SETUP,
                    f"{type(message).__name__} carries no shared-production set-up "
                    "(PayloadMasterDataMPEvent/VirtualCalculation/Participants)",
                    file=source,
                )
            ]
        )
    formula = getattr(calculation.formula_type, "value", None)
    if formula is None:
        raise SharingError(
            [problem(SHARE_SETUP, "the VirtualCalculation has no FormulaType", file=source)]
        )
    key = Key.from_formula_type(formula)

    def mp_id(participant: Any) -> str:
        return str(participant.metering_point_used_domain_location.identification.value)

    contributors = tuple(mp_id(c) for c in participants.contributors.contributor)
    recipients = tuple(mp_id(r) for r in participants.recipients.recipient)
    shares: dict[str, Any] = {}
    if key is Key.MANUAL:
        shares = {
            mp_id(r): r.share
            for r in participants.recipients.recipient
            if getattr(r, "share", None) is not None
        }
    return SharingSetup(
        contributors=contributors,
        recipients=recipients,
        key=key,
        shares=shares,
        name=_display_name(calculation.name),
        valid_from=_moment(getattr(payload, "start_of_occurrence", None), "start", source),
        valid_to=_moment(getattr(payload, "end_of_occurrence", None), "end", source),
        source=source,
    )


def setup_from_document(document: Any, *, source: str | None = None) -> SharingSetup:
    """The set-up of a 701 domain document (:mod:`elhub_cim.domain.shared_production`).

    ``document`` is a ``SharedProductionUpdateRequest`` or ``SharedProductionNotification``, as
    :func:`elhub_cim.convert.to_domain` reads it from an ebIX or a CIM message: the formula type
    gives the key, the participants the contributors and recipients, recipient shares the manual
    shares, ``start``/``end`` the validity. As in :func:`setup_from_message`, stated shares with
    an equal or consumption-based key and contributor shares are not used.
    """
    from ..domain.common import BusinessDocument  # (lazy: import elhub_cim.sharing stays light)

    _refuse_unread(
        document,
        "setup_from_document",
        "a domain document (elhub_cim.to_domain(source))",
        isinstance(document, BusinessDocument),
    )
    calculation = getattr(document, "calculation", None)
    contributors = list(getattr(calculation, "contributors", None) or [])
    recipients = list(getattr(calculation, "recipients", None) or [])
    if calculation is None or not contributors or not recipients:
        raise SharingError(
            [
                problem(
                    SHARE_SETUP,
                    f"{type(document).__name__} carries no shared-production set-up "
                    "(a virtual calculation with contributors and recipients)",
                    file=source,
                )
            ]
        )
    formula = getattr(calculation.formula_type, "value", None)
    if formula is None:
        raise SharingError(
            [problem(SHARE_SETUP, "the virtual calculation has no formula type", file=source)]
        )
    key = Key.from_formula_type(formula)
    shares: dict[str, Any] = {}
    if key is Key.MANUAL:
        shares = {str(r.metering_point): r.share for r in recipients if r.share is not None}
    start = getattr(document, "start", None)
    end = getattr(document, "end", None)
    return SharingSetup(
        contributors=tuple(str(c.metering_point) for c in contributors),
        recipients=tuple(str(r.metering_point) for r in recipients),
        key=key,
        shares=shares,
        name=_display_name(calculation.name),
        valid_from=start.datetime if start is not None else None,
        valid_to=end.datetime if end is not None else None,
        source=source,
    )


def _checked_overrides(resolution: Decimal | str | None, timezone: str | None) -> None:
    """A ValueError unless ``resolution`` (a Decimal or its text) is a resolution a set-up may
    have and ``timezone`` a time zone ZoneInfo knows (or either is None): the caller's values,
    not the set-up file's."""
    if resolution is not None:
        try:
            decimals_of(resolution)
        except ValueError:
            shown = mask_identity_numbers(repr(resolution)[:60])
            raise ValueError(
                f"resolution is a power of ten from 1 to 0.000001 (kWh), not {shown}"
            ) from None
    if timezone is not None:
        try:
            ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError):
            shown = mask_identity_numbers(repr(timezone)[:60])
            raise ValueError(
                f"timezone is an IANA time zone (e.g. 'Europe/Oslo'), not {shown}"
            ) from None


class _RepeatedField(Exception):
    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


def _unique_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object whose names are unique: Python's reader keeps the last of two, so a set-up
    would say one thing and be computed as another (TOML refuses a key given twice)."""
    found: dict[str, Any] = {}
    for name, value in pairs:
        if name in found:
            raise _RepeatedField(name)
        found[name] = value
    return found


def _json_path(where: tuple[str | int, ...]) -> str:
    """``("recipients", 1, "share")`` as ``recipients[1].share``."""
    steps = (f"[{step}]" if isinstance(step, int) else f".{step}" for step in where)
    return "".join(steps).lstrip(".")


def load_setup(
    path: str | os.PathLike[str],
    *,
    resolution: Decimal | str | None = None,
    timezone: str | None = None,
    max_bytes: int | None = None,
) -> SharingSetup:
    """Read a set-up file: ``.toml``, ``.json`` or a BRS-NO-701 message (``.xml``, ebIX or CIM).

    ``resolution`` and ``timezone``, when given, override the file's. Raises
    :class:`~elhub_cim.core.errors.InputReadError` when the file cannot be read, ``SharingError``
    (or the pipeline's errors for XML) when its content is wrong.
    """
    checked_path(path)
    if resolution is not None and not isinstance(resolution, Decimal | str):
        raise TypeError(
            "resolution is a Decimal or its text (Decimal('0.001'), '0.001': a float is not "
            f"exact), not {type(resolution).__name__}"
        )
    checked_name(timezone, "timezone")
    if max_bytes is not None:
        checked_limit(max_bytes)
    _checked_overrides(resolution, timezone)
    target = Path(path)
    label = os.fspath(path)
    suffix = target.suffix.lower()
    overrides: dict[str, Any] = {}
    if resolution is not None:
        overrides["resolution"] = resolution
    if timezone is not None:
        overrides["timezone"] = timezone
    if suffix == ".xml":
        from ..convert import to_domain
        from ..core.safeparse import DEFAULT_MAX_BYTES

        # Losses do not matter here: only the set-up is taken from the document.
        document = to_domain(
            target, allow_loss=True, max_bytes=max_bytes or DEFAULT_MAX_BYTES, name=label
        )
        setup = setup_from_document(document, source=label)
        if overrides:
            setup = replace(setup, **overrides)
        return setup
    if suffix not in (".toml", ".json"):
        raise InputReadError(
            f"set-up file {label}: use .toml, .json or a BRS-NO-701 .xml message", file=label
        )
    try:
        text = target.read_bytes()
    except OSError as error:
        raise InputReadError(
            f"cannot read {label}: {error.strerror or error}", file=label
        ) from None
    try:
        if suffix == ".toml":
            data = tomllib.loads(text.decode("utf-8-sig"), parse_float=Decimal)
        else:
            data = json.loads(
                text.decode("utf-8-sig"), parse_float=Decimal, object_pairs_hook=_unique_object
            )
    except (UnicodeDecodeError, tomllib.TOMLDecodeError, json.JSONDecodeError) as error:
        raise SharingError(
            [problem(SHARE_SETUP, f"not a readable {suffix[1:].upper()} file: {error}", file=label)]
        ) from None
    except _RepeatedField as repeated:
        # Where: the path of the first name given twice (of a recipient, which one).
        found = repeated_keys(text.decode("utf-8-sig"))
        where = _json_path(found[0][0]) if found else None
        raise SharingError(
            [
                Problem(
                    SHARE_SETUP,
                    mask_identity_numbers(f"the field {repeated.name!r} is given more than once"),
                    file=label,
                    path=where,
                )
            ]
        ) from None
    if not isinstance(data, dict):
        raise SharingError([problem(SHARE_SETUP, "the set-up must be a table/object", file=label)])
    return setup_from_mapping({**data, **overrides}, source=label)
