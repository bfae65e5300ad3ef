"""Compiled conversion plans: the mapping tables turned, once per document and side, into plans
that read and write trees with every static decision already taken.

The table engine (:mod:`.engine`) stays the specification. It decides, for every row of every
message, which side's path, constant, rule and code table apply, walks the schema to find the
codes a target allows, names every field for a possible message and records where each value
came from. A plan takes those decisions once, when a document is first converted: paths become
tuples of qualified names, code tables become dictionaries in the direction they are used, the
codes a target element allows are looked up once per row, and nothing is named or located.

A plan handles the ordinary case only: a document that converts with no loss, no untranslated
code and no value the domain model refuses. Whenever it meets anything else (a leftover
element, a constant that differs, a rule that reports a loss, a value the target schema lacks,
text whose whitespace the schema would collapse) it gives up with :class:`Fallback`, and the
caller runs the engine, which produces the exact errors and losses. So nothing is ever lost
silently on the compiled path, and every problem is reported by the specification itself.
(Equivalence, byte for byte and loss for loss, is a property test: tests/test_compiled.py.)

Why plans compiled lazily in memory, not generated files: the tables change often (other
documents are added, codes are corrected); a plan built from whatever tables are installed can
never be stale, and building one costs a few milliseconds on a document's first conversion.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from lxml import etree
from pydantic import BaseModel

from ..core.profile import _UUID, to_utc, to_utc_minute
from .engine import XSI, _Cache, _existing, _get, _ModelValues, _placed
from .facets import enumerations_of
from .reading import (
    Fallback,
    _holds,
    _normalisation,
    _read_plan,
    _read_plans,
    _run_read_plan,
    quick_check,
)
from .rules import ConversionOptions, RuleContext, apply_build, to_text
from .structure import order_of
from .tables import CompiledGroup, CompiledPath, DocumentMapping, Side, absent_value, code_tables

__all__ = ["Fallback", "compiled_build", "compiled_read", "quick_check"]

_XSI_PREFIX = f"{{{XSI}}}"

# --- reading ---------------------------------------------------------------------------------


def compiled_read(
    mapping: DocumentMapping, side: Side, root: etree._Element, options: ConversionOptions
) -> dict[str, Any]:
    """The domain values of ``root`` as :func:`.engine.read_tree` reads them, when it would find
    no loss and no error; raises :class:`Fallback` otherwise. A CIM ``root`` is read as it is
    (the engine reads a copy that ``profile.normalise_cim(times="oslo")`` has changed)."""
    key = (mapping.name, side)
    plan = _read_plans.get(key)
    if plan is None:
        plan = _read_plans[key] = _read_plan(
            mapping.root, side, (mapping.message_types[side].qname,)
        )
    return _run_read_plan(plan, side, root, mapping.model_direction, options)


# --- writing ------------------------------------------------------------------------------------


def _forward_codes(table: str, side: Side) -> dict[str, str | None]:
    return {text: entry.get(side) for text, entry in code_tables()[table].items()}


@dataclass(frozen=True, slots=True)
class _Step:
    """One element step of a path, with what ``engine._child`` would look up on every call."""

    qname: str
    order: dict[str, int]  # schema positions of the parent's children
    position: int  # this child's position among them


def _steps(path: CompiledPath, cls: type[Any] | None) -> tuple[_Step, ...]:
    steps: list[_Step] = []
    for step in path.element_steps:
        order = order_of(cls) if cls is not None else {}  # type: ignore[arg-type]
        steps.append(_Step(step.child.qname, order, order.get(step.child.qname, 1 << 30)))
        cls = step.child.cls
    return tuple(steps)


def _child(parent: etree._Element, step: _Step, cache: _Cache, new: bool) -> etree._Element:
    """``engine._child`` with the schema position looked up once, when the plan was built."""
    key = (parent, step.qname)
    if not new:
        existing = cache.get(key)
        if existing is not None:
            return existing
    position = step.position
    tails = cache.tails
    if position >= tails.get(parent, -1):
        element = etree.SubElement(parent, step.qname)
        tails[parent] = position
    else:
        order = step.order
        element = etree.Element(step.qname)
        for index, sibling in enumerate(parent):
            if order.get(sibling.tag if isinstance(sibling.tag, str) else "", -1) > position:
                parent.insert(index, element)
                break
        else:
            parent.append(element)
    cache[key] = element
    return element


def _ensure(
    element: etree._Element,
    steps: tuple[_Step, ...],
    xpath: str,
    cache: _Cache,
    new_last: bool = False,
) -> etree._Element:
    """``engine._ensure`` over precomputed steps (same cache, same elements, same order)."""
    if not new_last:
        known = cache.get((element, xpath))
        if known is not None:
            return known
    start = element
    last = len(steps) - 1
    for position, step in enumerate(steps):
        element = _child(element, step, cache, new_last and position == last)
    if not new_last and steps:
        cache[(start, xpath)] = element
    return element


@dataclass(frozen=True, slots=True)
class _WriteRow:
    domain: tuple[str, ...]
    path: CompiledPath | None
    steps: tuple[_Step, ...]
    normalise: int  # CIM text: 0 leave, 1 UUIDs in lower case, 2 also times in UTC
    constant: str | None
    rule: str | None
    codes: dict[str, str | None] | None
    allowed: frozenset[str]  # empty: any text
    uncarried: bool  # a value here is lost (no row carries the domain path to this side)
    when: str | None = None  # written only when it holds (EMIF's choice elements)
    absent: str | None = None  # the domain value written as no element (code table `absent`)


@dataclass(frozen=True, slots=True)
class _WriteGroup:
    group: CompiledGroup
    rows: tuple[_WriteRow, ...]
    # sub plan, its group, whether its domain path is carried to this side, its path's steps
    # and ElementPath, whether it has a placement condition (when/unless) on this side
    groups: tuple[tuple[_WriteGroup | None, CompiledGroup, bool, tuple[_Step, ...], str, bool], ...]


def _write_plan(
    group: CompiledGroup, side: Side, schema: Any, tags: tuple[str, ...]
) -> _WriteGroup:
    carried = group.carried[side]
    cls = group.classes[side]
    rows: list[_WriteRow] = []
    for row in group.fields:
        path = row.paths[side]
        allowed: tuple[str, ...] = ()
        if path is not None:
            allowed = enumerations_of(schema, (*tags, *path.qnames), path.attribute)
        rows.append(
            _WriteRow(
                domain=row.domain,
                path=path,
                steps=_steps(path, cls) if path is not None else (),
                normalise=_normalisation(side, path, tags),
                constant=row.values[side],
                rule=row.rules[side],
                codes=_forward_codes(row.codes, side) if row.codes is not None else None,
                allowed=frozenset(allowed),
                uncarried=row.domain not in carried,
                when=row.when.get(side),
                absent=absent_value(row.codes, side),
            )
        )
    groups: list[tuple[_WriteGroup | None, CompiledGroup, bool, tuple[_Step, ...], str, bool]] = []
    for sub in group.groups:
        path = sub.paths[side]
        if path is None:
            groups.append((None, sub, sub.domain in carried, (), "", False))
            continue
        plan = _write_plan(sub, side, schema, (*tags, *path.qnames))
        placement = sub.when.get(side) is not None or sub.unless.get(side) is not None
        steps = _steps(path, cls)
        groups.append((plan, sub, sub.domain in carried, steps, path.xpath, placement))
    return _WriteGroup(group, tuple(rows), tuple(groups))


@functools.cache
def _unnamed_plan(
    cls: type[BaseModel], at: tuple[str, ...], named: frozenset[tuple[str, ...]]
) -> tuple[tuple[str, tuple[str, ...], bool], ...]:
    """The fields of ``cls`` no row names: (name, path, whether rows name something below)."""
    found = []
    for field_name in cls.model_fields:
        path = (*at, field_name)
        if path in named:
            continue
        found.append((field_name, path, any(p[: len(path)] == path for p in named)))
    return tuple(found)


def _check_unnamed(obj: BaseModel, at: tuple[str, ...], named: frozenset[tuple[str, ...]]) -> None:
    for field_name, path, deeper in _unnamed_plan(type(obj), at, named):
        value = getattr(obj, field_name)
        if value is None or value == []:
            continue
        if deeper and isinstance(value, BaseModel):
            _check_unnamed(value, path, named)
            continue
        raise Fallback  # a value no row maps: a loss


class _Writing:
    __slots__ = ("created", "direction", "options", "side", "values")

    def __init__(
        self, side: Side, document: BaseModel, direction: str, options: ConversionOptions
    ) -> None:
        self.side = side
        self.values = _ModelValues(document)
        self.direction = direction
        self.options = options
        self.created = _Cache()

    def group(
        self,
        plan: _WriteGroup,
        element: etree._Element,
        obj: Any,
        position: int | None = None,
    ) -> None:
        side = self.side
        created = self.created
        is_model = isinstance(obj, BaseModel)
        if is_model:
            _check_unnamed(obj, (), plan.group.named)
        constants: list[tuple[CompiledPath, str]] = []
        for row in plan.rows:
            # A row without a domain path in a list of plain values carries the value itself.
            domain = row.domain
            if len(domain) == 1:
                value = getattr(obj, domain[0], None)
            else:
                value = _get(obj, domain) if domain else (None if is_model else obj)
            if value is not None and (row.domain or not is_model) and row.uncarried:
                raise Fallback
            path = row.path
            if path is None:
                continue
            if row.when is not None and not _holds(row.when, self.values, obj):
                continue  # another row writes this value
            text: str | None
            if row.constant is not None:
                if path.is_attribute:
                    constants.append((path, row.constant))
                    continue
                text = row.constant
            elif row.rule is not None:
                ctx = RuleContext(
                    self.values, side, self.direction, self.options, obj, position=position
                )
                text = apply_build(row.rule, value, ctx)
                if ctx.problems:
                    raise Fallback
            elif value is None:
                continue
            elif row.codes is not None:
                text = row.codes.get(to_text(value))
                if text is None:
                    if row.absent is not None and to_text(value) == row.absent:
                        continue  # written as no element (EMIF Resolution N)
                    raise Fallback
            else:
                text = to_text(value)
            if text is None:
                continue
            if row.allowed and text not in row.allowed:
                raise Fallback
            if not row.steps:
                target = element
            else:
                found = created.get((element, path.xpath))
                target = (
                    found if found is not None else _ensure(element, row.steps, path.xpath, created)
                )
            if path.attribute is not None:
                target.set(path.attribute, text)
            else:
                if row.normalise:
                    # What profile.normalise_cim does to the written tree, done as it is written.
                    if _UUID.match(text):
                        text = text.lower()
                    elif row.normalise == 2:
                        text = to_utc(text)
                    elif row.normalise == 3:
                        text = to_utc_minute(text)
                target.text = text
        for path, constant in constants:
            holder = _existing(element, path, self.created)
            if holder is not None and path.attribute is not None:
                holder.set(path.attribute, constant)
        for sub_plan, sub, carried, steps, xpath, placement in plan.groups:
            value = _get(obj, sub.domain)
            if value is None or value == []:
                continue
            if sub_plan is None:
                if not carried:
                    raise Fallback
                continue
            if placement and not _placed(sub, side, self.values, obj):
                continue
            items = value if sub.many else [value]
            for index, item in enumerate(items):
                container = _ensure(element, steps, xpath, created, sub.many) if steps else element
                self.group(sub_plan, container, item, index + 1 if sub.many else None)


_write_plans: dict[tuple[str, Side], _WriteGroup] = {}


def compiled_build(
    mapping: DocumentMapping, side: Side, document: BaseModel, options: ConversionOptions
) -> etree._Element:
    """The ``side`` tree of ``document`` as :func:`.engine.build_tree` writes it, when it would
    report no loss; raises :class:`Fallback` otherwise. A CIM tree comes as
    ``profile.normalise_cim(times="utc")`` leaves it (UUIDs in lower case, times in UTC)."""
    from .engine import EBIX_ABIE

    key = (mapping.name, side)
    plan = _write_plans.get(key)
    message_type = mapping.message_types[side]
    if plan is None:
        plan = _write_plans[key] = _write_plan(
            mapping.root, side, message_type.schema_file, (message_type.qname,)
        )
    nsmap: dict[str | None, str] = (
        {"rsm": message_type.namespace, "abie": EBIX_ABIE}
        if side == "ebix"
        else {"cim": message_type.namespace}
    )
    root = etree.Element(message_type.qname, nsmap=nsmap)  # type: ignore[arg-type]
    writing = _Writing(side, document, mapping.model_direction, options)
    writing.group(plan, root, document)
    return root


#: Whether conversions use the plans (tests switch it off to compare with the engine alone).
enabled = True
#: Documents converted by the engine alone (none by default; a document listed here, or one
#: whose plan cannot be built, falls back to the engine).
excluded: set[str] = set()


def usable(mapping: DocumentMapping) -> bool:
    """Whether ``mapping`` is converted through compiled plans."""
    return enabled and mapping.name not in excluded
