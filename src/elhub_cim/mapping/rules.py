"""Named rules for what a plain copy cannot express (referred to from the mapping tables).

A rule turns domain values into the text one standard needs (``build``) and checks, or recovers,
a domain value from that text (``read``). Rules see the whole document through a
:class:`RuleContext`, so ``omit_if_same:header.sender`` can compare two fields.

- ``omit_if_same:<path>`` (CIM): written only when it differs from ``<path>``; absent = equal (R7)
- ``party_role:sender|receiver`` (CIM): the market party's role on its side, DDZ on Elhub's
- ``document_type:<cim>:<ebix>`` (CIM): the document's one ``type`` (profile 0.2 matrix); the
  domain holds the EMIF code of the message, which must be ``<ebix>`` (another is a loss)
- ``same_as:<path>`` (CIM): equals another field (record mRID = document mRID, R2)
- ``agency:<kind>:<path>`` (ebIX): list/scheme agency derived from a code (R6)
- ``present:<value>[:<text>]`` (either): the row's element says that the domain value is
  ``<value>`` (EMIF's choice: an ``Estimated`` element means an estimated quantity); written
  as ``<text>`` when given (``Withdrawn`` holds ``true``), else another row writes the element
- ``derived_record_id:<path>`` (CIM): a record's mRID; when the domain has none, a UUID v5 of the
  document id at ``<path>`` and the record's 1-based position (R2); read back as absent when it
  equals that derived value
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING, Any, Protocol, cast

from ..core.errors import shown_value
from ..core.profile import derive_record_id

if TYPE_CHECKING:
    from .tables import Side

__all__ = [
    "ConversionOptions",
    "RuleContext",
    "RuleOutcome",
    "apply_build",
    "apply_read",
    "to_text",
]

ELHUB_ROLE = "DDZ"


#: A GLN: 13 digits (its GS1 check digit is a business rule's, not checked here).
_GLN = re.compile(r"[0-9]{13}")

#: The GLNs of Elhub in Elhub's published examples and this project's.
_EXAMPLE_GLNS = frozenset({"9876543210123", "7080001473624", "7080010000002"})


@dataclass(frozen=True, slots=True)
class ConversionOptions:
    """Settings a conversion may need.

    ``elhub_glns``: the GLNs that identify Elhub itself. Only acknowledgements need it (they
    travel both ways, and CIM names Elhub's role, DDZ, where ebIX leaves it implicit). The default
    holds the identifiers that Elhub's published examples and this project's examples use for
    Elhub; production systems set Elhub's real GLN. Each is 13 digits: another value is a
    ValueError when the options are made.
    """

    elhub_glns: frozenset[str] = _EXAMPLE_GLNS

    def __post_init__(self) -> None:
        # (one GLN as a str would be searched as a substring; a list is no set to look up; a
        # value that is no GLN never matches a party, and Elhub's role would go unwritten)
        glns: object = self.elhub_glns
        if glns is _EXAMPLE_GLNS:  # (the default, made on every conversion: nothing to check)
            return
        if isinstance(glns, str | bytes) or hasattr(glns, "read"):
            raise TypeError(
                f"elhub_glns: an iterable of GLNs, not one GLN ({type(glns).__name__}): "
                "put it in a set"
            )
        if not isinstance(glns, Iterable):
            raise TypeError(f"elhub_glns is an iterable of GLNs (str), not {type(glns).__name__}")
        given = list(glns)
        for number, gln in enumerate(given, 1):
            if not isinstance(gln, str):
                raise TypeError(f"elhub_glns: GLN {number} is a {type(gln).__name__}, not a str")
            if _GLN.fullmatch(gln) is None:
                shown = repr(shown_value(gln, 40)) if gln else "empty"
                raise ValueError(f"elhub_glns: GLN {number} is a GLN (13 digits), not {shown}")
        if type(glns) is not frozenset:
            object.__setattr__(self, "elhub_glns", frozenset(given))


def to_text(value: Any) -> str:
    """The XML text of a domain value."""
    kind = type(value)
    if kind is str:  # the usual case, first (a str subclass goes the long way)
        return cast(str, value)
    # One dictionary look-up by exact type instead of a chain of isinstance checks: a series'
    # every point writes an int and a Decimal (~0.3 us less each).
    text_of = _TEXT_OF.get(kind)
    if text_of is None:
        text_of = _TEXT_OF[kind] = _text_function(kind)
    return text_of(value)


def _bool_text(value: bool) -> str:
    return "true" if value else "false"


def _enum_text(value: Enum) -> str:
    return str(value._value_)  # what ``.value`` returns, without the descriptor


def _decimal_text(value: Decimal) -> str:
    return format(value, "f")


def _text_function(kind: type) -> Callable[[Any], str]:
    """How :func:`to_text` writes a value of exactly this type (the order of the checks: a
    bool before anything else, an Enum before its base type, an int or str enum included)."""
    if issubclass(kind, bool):
        return _bool_text
    if issubclass(kind, Enum):
        return _enum_text
    if issubclass(kind, Decimal):
        return _decimal_text
    return str


#: :func:`to_text`'s function per type met (a handful: the domain's value types and enums).
_TEXT_OF: dict[type, Callable[[Any], str]] = {}


class Values(Protocol):
    def text(self, path: str, item: Any) -> str | None: ...


@dataclass(slots=True)
class RuleContext:
    """What a rule can see: the document's values and where the row sits."""

    values: Values
    side: Side
    direction: str
    options: ConversionOptions
    item: Any = None  # the current group item (dict while reading, model while building)
    problems: list[str] = field(default_factory=list)  # what a rule could not express
    position: int | None = None  # 1-based position of the item in its repeated group


@dataclass(slots=True)
class RuleOutcome:
    """The result of reading a rule-governed text: a domain value to set, or a loss."""

    value: Any = None
    set_value: bool = False
    loss: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    #: The field the value was copied from when the text was absent (problems point there).
    source: str | None = None


@functools.cache  # a few dozen rule texts, split on every row of every conversion
def _split(rule: str) -> tuple[str, tuple[str, ...]]:
    name, _, rest = rule.partition(":")
    return name, tuple(rest.split(":")) if rest else ()


def _elhub_side(
    ctx: RuleContext, sender_role: str | None = None, receiver_role: str | None = None
) -> str:
    """Which header side is Elhub: 'sender' or 'receiver'."""
    if ctx.direction == "to_elhub":
        return "receiver"
    if ctx.direction == "from_elhub":
        return "sender"
    # Either way (acknowledgements): CIM says it with DDZ; ebIX only through the GLN.
    if sender_role is not None or receiver_role is not None:
        return "sender" if sender_role == ELHUB_ROLE else "receiver"
    sender = ctx.values.text("header.sender", None)
    return "sender" if sender in ctx.options.elhub_glns else "receiver"


def _agency(kind: str, code: str | None) -> str | None:
    if code is None:
        return None
    if kind == "document_type":
        return "6" if code.isdigit() else "260"
    if kind == "reason":
        return "89" if code.startswith("EH") else "260"
    if kind == "settlement_method":
        return "89" if code.startswith("Z") else "260"
    if kind == "product":
        return "9" if code.startswith("8716867") else "89"
    raise ValueError(f"unknown agency kind {kind!r}")


def apply_build(rule: str, value: Any, ctx: RuleContext) -> str | None:
    """The text to write for a rule-governed field (``None``: leave it out)."""
    name, args = _split(rule)
    if name == "omit_if_same":
        other = ctx.values.text(args[0], ctx.item)
        text = None if value is None else to_text(value)
        return None if text == other else text
    if name == "party_role":
        elhub = _elhub_side(ctx)
        return ELHUB_ROLE if args[0] == elhub else (None if value is None else to_text(value))
    if name == "document_type":
        cim_code, ebix_code = args
        text = None if value is None else to_text(value)
        if text is not None and text != ebix_code:
            ctx.problems.append(
                f"document type {text!r}: this EMIF message has {ebix_code!r}, the CIM document "
                f"{cim_code!r} (profile matrix)"
            )
        return cim_code
    if name == "same_as":
        return ctx.values.text(args[0], ctx.item)
    if name == "agency":
        return _agency(args[0], ctx.values.text(args[1], ctx.item))
    if name == "derived_record_id":
        return to_text(value) if value is not None else _derived_record_id(args[0], ctx)
    if name == "present":
        marked = value is not None and to_text(value) == args[0]
        return args[1] if marked and len(args) > 1 else None
    raise ValueError(f"unknown mapping rule {rule!r}")


def _derived_record_id(path: str, ctx: RuleContext) -> str | None:
    document_id = ctx.values.text(path, None)
    if document_id is None:
        return None
    try:
        return derive_record_id(document_id, ctx.position or 1)
    except ValueError:  # (a caller's domain object: a parsed document's id is a UUID)
        ctx.problems.append(f"a record id derived from {path} (R2), which is no UUID")
        return None


def apply_read(
    rule: str, text: str | None, ctx: RuleContext, roles: dict[str, str | None]
) -> RuleOutcome:
    """Check a rule-governed text and recover the domain value it stands for."""
    name, args = _split(rule)
    if name == "omit_if_same":
        if text is None:
            value = ctx.values.text(args[0], ctx.item)
            return RuleOutcome(value=value, set_value=True, source=args[0])
        return RuleOutcome(value=text, set_value=True)
    if name == "party_role":
        elhub = _elhub_side(ctx, roles.get("sender"), roles.get("receiver"))
        if args[0] == elhub:
            if text != ELHUB_ROLE:
                return RuleOutcome(loss=f"Elhub's role must be {ELHUB_ROLE}, found {text!r}")
            return RuleOutcome()
        return RuleOutcome(value=text, set_value=True)
    if name == "derived_record_id":
        if text is None or text == _derived_record_id(args[0], ctx):
            return RuleOutcome()  # absent in the domain: it is the derived value
        return RuleOutcome(value=text, set_value=True)
    if name == "present":
        return RuleOutcome(value=args[0], set_value=True) if text is not None else RuleOutcome()
    if name == "document_type":
        cim_code, ebix_code = args
        if text is not None and text != cim_code:
            return RuleOutcome(loss=f"document type {text!r}: this document's type is {cim_code!r}")
        return RuleOutcome(value=ebix_code, set_value=True)
    expected: str | None
    if name == "same_as":
        expected = ctx.values.text(args[0], ctx.item)
    elif name == "agency":
        expected = _agency(args[0], ctx.values.text(args[1], ctx.item))
    else:
        raise ValueError(f"unknown mapping rule {rule!r}")
    if text is not None and expected is not None and text != expected:
        return RuleOutcome(
            loss=f"value {text!r} cannot be carried (the other standard implies {expected!r})"
        )
    return RuleOutcome()
