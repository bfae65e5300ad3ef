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
import importlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree
from pydantic import BaseModel

from ..core import cache
from ..core.catalog import MessageType
from ..core.profile import (
    _UUID,
    INTERVAL_BOUNDARIES,
    from_utc_minute,
    is_time_element,
    to_oslo,
    to_utc,
    to_utc_minute,
)
from .engine import XSI, _Cache, _DictValues, _existing, _get, _holds, _ModelValues, _placed, _set
from .facets import enumerations_of
from .rules import ConversionOptions, RuleContext, apply_build, apply_read, to_text
from .structure import order_of
from .tables import CompiledField, CompiledGroup, CompiledPath, DocumentMapping, Side, code_tables

__all__ = ["Fallback", "compiled_build", "compiled_read", "quick_check"]

_MISSING: Any = object()
_XSI_PREFIX = f"{{{XSI}}}"


class Fallback(Exception):
    """The compiled plan cannot decide this document alone: run the engine."""


def _normalisation(side: Side, path: CompiledPath | None, tags: tuple[str, ...]) -> int:
    """What ``profile.normalise_cim`` does to the text of this row's element (CIM only)."""
    if side != "cim" or path is None or path.attribute is not None:
        return 0
    names = (*tags, *path.qnames)
    last = etree.QName(names[-1]).localname
    parent = etree.QName(names[-2]).localname if len(names) > 1 else ""
    if last in INTERVAL_BOUNDARIES and parent == "timeInterval":
        return 3  # an ESMP period boundary: UTC to the minute (YMDHM)
    return 2 if is_time_element(last) else 1


# --- reading ------------------------------------------------------------------------------------

_Children = dict[Any, list[etree._Element]]


def _children_of(element: etree._Element) -> _Children:
    """The children of ``element`` by tag, in document order."""
    found: _Children = {}
    for child in element:
        tag = child.tag
        same = found.get(tag)
        if same is None:
            found[tag] = [child]
        else:
            same.append(child)
    return found


def _regular(text: str) -> bool:
    """Whether no XSD whiteSpace facet could change ``text`` (else the engine reads it)."""
    return " ".join(text.split()) == text


def _reverse_codes(table: str | None, side: Side) -> dict[str, Any] | None:
    """Code table ``table`` as code → domain value (the first one, as the engine reads it)."""
    if table is None:
        return None
    found: dict[str, Any] = {}
    for domain_value, codes in code_tables()[table].items():
        code = codes.get(side)
        if code is not None and code not in found:
            found[code] = domain_value
    return found


@dataclass(frozen=True, slots=True)
class _RuleRow:
    """What running a row's read rule needs (no binding classes: a read plan can be kept)."""

    rule: str
    domain: tuple[str, ...]
    codes: dict[str, Any] | None  # code → domain value, for the rule's result


@dataclass(frozen=True, slots=True)
class _ReadRow:
    kind: int  # _PLAIN, _CONSTANT, _RULE, _RULE_WITHOUT_PATH
    qnames: tuple[str, ...]
    attribute: str | None
    normalise: int  # CIM text: 0 leave, 1 UUIDs in lower case, 2 also times in Oslo offsets
    codes: dict[str, Any] | None
    domain: tuple[str, ...]
    constant: str | None
    rule: _RuleRow | None


_PLAIN, _CONSTANT, _RULE, _RULE_WITHOUT_PATH = range(4)


@dataclass(frozen=True, slots=True)
class _ReadPart:
    """What reading a group needs of its :class:`CompiledGroup` (placement, repetition)."""

    domain: tuple[str, ...]
    many: bool
    skip: int
    when: dict[Side, str | None]
    unless: dict[Side, str | None]


@dataclass(frozen=True, slots=True)
class _ReadGroup:
    """A group's read plan: plain data (qualified names, code dictionaries, rule names), so
    that it can be kept on disk and used without the bindings (:func:`quick_read`)."""

    rows: tuple[_ReadRow, ...]
    # plan, group, qnames of its path, whether its path has steps, placement to check
    groups: tuple[tuple[_ReadGroup, _ReadPart, tuple[str, ...], bool, bool], ...]


def _rule_row(row: CompiledField, side: Side) -> _RuleRow | None:
    rule = row.rules[side]
    if rule is None:
        return None
    return _RuleRow(rule, row.domain, _reverse_codes(row.codes, side))


def _read_plan(group: CompiledGroup, side: Side, tags: tuple[str, ...]) -> _ReadGroup:
    rows: list[_ReadRow] = []
    for row in group.fields:
        path = row.paths[side]
        rule = _rule_row(row, side)
        if path is None:
            if rule is not None:
                rows.append(_ReadRow(_RULE_WITHOUT_PATH, (), None, 0, None, row.domain, None, rule))
            continue
        constant = row.values[side]
        kind = _CONSTANT if constant is not None else _RULE if rule is not None else _PLAIN
        rows.append(
            _ReadRow(
                kind,
                path.qnames,
                path.attribute,
                _normalisation(side, path, tags),
                _reverse_codes(row.codes, side),
                row.domain or ("",),
                constant,
                rule,
            )
        )
    groups = []
    for sub in group.groups:
        path = sub.paths[side]
        if path is None:
            continue
        placement = sub.when.get(side) is not None or sub.unless.get(side) is not None
        part = _ReadPart(sub.domain, sub.many, sub.skip.get(side, 0), sub.when, sub.unless)
        groups.append(
            (
                _read_plan(sub, side, (*tags, *path.qnames)),
                part,
                path.qnames,
                bool(path.steps),
                placement,
            )
        )
    return _ReadGroup(tuple(rows), tuple(groups))


def _read_placed(part: _ReadPart, side: Side, values: Any, item: Any) -> bool:
    """``engine._placed`` for a read plan's group."""
    when, unless = part.when.get(side), part.unless.get(side)
    if when is not None and not _holds(when, values, item):
        return False
    return not (unless is not None and _holds(unless, values, item))


class _Reading:
    __slots__ = ("children", "deferred", "side", "used", "used_attributes", "values")

    def __init__(self, side: Side) -> None:
        self.side = side
        self.values: dict[str, Any] = {}
        self.used: set[etree._Element] = set()
        self.used_attributes: set[tuple[etree._Element, str]] = set()
        self.deferred: list[tuple[_RuleRow, str | None, dict[str, Any], int | None]] = []
        self.children: dict[etree._Element, _Children] = {}

    def below(self, element: etree._Element, qnames: tuple[str, ...]) -> list[etree._Element]:
        """The elements at ``qnames`` below ``element`` in document order (``engine``'s
        ``below``), found step by step: each element's children are sorted by tag once."""
        nodes = [element]
        children = self.children
        for qname in qnames:
            found: list[etree._Element] = []
            for node in nodes:
                by_tag = children.get(node)
                if by_tag is None:
                    by_tag = children[node] = _children_of(node)
                same = by_tag.get(qname)
                if same is not None:
                    found += same
            if not found:
                return found
            nodes = found
        return nodes

    def text(self, element: etree._Element, plan: _ReadRow) -> str | None:
        found = self.below(element, plan.qnames)
        if not found:
            return None
        target = found[0]
        if plan.attribute is not None:
            value = target.get(plan.attribute)
            if value is None:
                return None
            self.used_attributes.add((target, plan.attribute))
        else:
            self.used.add(target)
            value = target.text or ""
        if not _regular(value):
            raise Fallback
        if plan.normalise and not len(target) and plan.attribute is None:
            # What profile.normalise_cim(times="oslo") does to a CIM tree before the engine
            # reads it, done to the one text read.
            if _UUID.match(value):
                return value.lower()
            if plan.normalise == 2:
                return to_oslo(value)
            if plan.normalise == 3:
                return from_utc_minute(value)
        return value

    def group(
        self,
        plan: _ReadGroup,
        element: etree._Element,
        into: dict[str, Any],
        position: int | None = None,
    ) -> bool:
        found = False
        for row in plan.rows:
            kind = row.kind
            if kind == _RULE_WITHOUT_PATH:
                assert row.rule is not None
                self.deferred.append((row.rule, None, into, position))
                continue
            text = self.text(element, row)
            if kind == _CONSTANT:
                if text is not None and text != row.constant:
                    raise Fallback
                continue
            if kind == _RULE:
                assert row.rule is not None
                self.deferred.append((row.rule, text, into, position))
                found = found or text is not None
                continue
            if text is None:
                continue
            value: Any = text
            if row.codes is not None:
                value = row.codes.get(text, _MISSING)
                if value is _MISSING:
                    raise Fallback
            _set(into, row.domain, value)
            found = True
        for sub_plan, sub, qnames, steps, placement in plan.groups:
            if placement and not _read_placed(sub, self.side, _DictValues(self.values), into):
                continue
            if sub.many:
                items: list[Any] = []
                children = self.below(element, qnames)[sub.skip :]
                for number, child in enumerate(children, 1):
                    self.used.add(child)
                    item: dict[str, Any] = {}
                    self.group(sub_plan, child, item, number)
                    items.append(item.get("", item))
                if items:
                    _set(into, sub.domain, items)
                    found = True
                continue
            containers = self.below(element, qnames)
            if not containers:
                continue
            container = containers[0]
            self.used.add(container)
            part: dict[str, Any] = {}
            if self.group(sub_plan, container, part) or steps:
                _set(into, sub.domain, part)
                found = True
        return found

    def run_rules(self, direction: str, options: ConversionOptions) -> None:
        side = self.side
        roles: dict[str, str | None] = {}
        for row, text, _, _ in self.deferred:
            if row.rule.startswith("party_role:"):
                roles[row.rule.split(":", 1)[1]] = text
        values = _DictValues(self.values)
        for row, text, into, position in self.deferred:
            ctx = RuleContext(values, side, direction, options, into, position=position)
            outcome = apply_read(row.rule, text, ctx, roles)
            if outcome.loss or not outcome.set_value or outcome.value is None:
                if outcome.loss:
                    raise Fallback
                continue
            if not row.domain:
                raise Fallback  # a value nothing holds: a loss, reported by the engine
            value: Any = str(outcome.value)
            if row.codes is not None:
                value = row.codes.get(value, _MISSING)
                if value is _MISSING:
                    raise Fallback
            _set(into, row.domain, value)

    def check_leftovers(self, root: etree._Element) -> None:
        used, used_attributes = self.used, self.used_attributes
        for element in root.iter(etree.Element):
            if element.attrib:
                for name in element.attrib:
                    if (element, name) not in used_attributes and not str(name).startswith(
                        _XSI_PREFIX
                    ):
                        raise Fallback
            if len(element) == 0 and element not in used:
                raise Fallback


_read_plans: dict[tuple[str, Side], _ReadGroup] = {}


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


def _run_read_plan(
    plan: _ReadGroup, side: Side, root: etree._Element, direction: str, options: ConversionOptions
) -> dict[str, Any]:
    reading = _Reading(side)
    reading.group(plan, root, reading.values)
    reading.run_rules(direction, options)
    reading.check_leftovers(root)
    return reading.values


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


# --- read plans kept on disk (validate's domain check without the bindings) ---------------------
#
# Building a document's mapping imports its bindings (xsdata and ~200 dataclasses per standard)
# and parses every table: ~0.3 s, which `elhub-cim validate one.xml` paid on every call for its
# domain check. A read plan is plain data, so it is kept in the user's cache, as Python keeps
# bytecode: keyed by the size and time of every file it derives from (tables, mapping code,
# bindings, domain models), so any change to them builds it afresh. A plan kept there only ever
# says "this document reads cleanly into its model"; anything else goes to the engine as before.

_FORMAT = 2  # bump when the plan's data classes change

# message (namespace, name) -> None (no mapping) or (document, model "module:Class", side, plan)
_Entry = tuple[str, str, Side, _ReadGroup] | None
_kept: dict[tuple[str, str], _Entry] | None = None


def _encode(plan: _ReadGroup) -> tuple[Any, ...]:
    """A read plan as marshal data (tuples, dicts, strings)."""
    rows = tuple(
        (
            r.kind,
            r.qnames,
            r.attribute,
            r.normalise,
            r.codes,
            r.domain,
            r.constant,
            None if r.rule is None else (r.rule.rule, r.rule.domain, r.rule.codes),
        )
        for r in plan.rows
    )
    groups = tuple(
        (_encode(sub), (p.domain, p.many, p.skip, p.when, p.unless), qnames, steps, placement)
        for sub, p, qnames, steps, placement in plan.groups
    )
    return (rows, groups)


def _decode(data: tuple[Any, ...]) -> _ReadGroup:
    rows: list[_ReadRow] = []
    for kind, qnames, attribute, normalise, codes, domain, constant, rule in data[0]:
        kept = None if rule is None else _RuleRow(*rule)
        rows.append(_ReadRow(kind, qnames, attribute, normalise, codes, domain, constant, kept))
    groups = tuple(
        (_decode(sub), _ReadPart(*part), qnames, steps, placement)
        for sub, part, qnames, steps, placement in data[1]
    )
    return _ReadGroup(tuple(rows), groups)


@functools.cache
def _fingerprint() -> str:
    """Key of the kept plans: every file a read plan derives from (tables, mapping code, domain
    models, bindings)."""
    from .tables import mappings_root

    package = Path(__file__).resolve().parents[1]
    folders = [mappings_root(), package / "mapping", package / "domain"]
    files = [f for folder in folders for f in folder.iterdir() if f.suffix in {".toml", ".py"}]
    for top, _, names in os.walk(package / "_generated"):
        files += [Path(top, n) for n in names if n.endswith(".py")]
    return cache.fingerprint(f"read-plans {_FORMAT}", files)


def _load_kept() -> dict[tuple[str, str], _Entry]:
    global _kept
    if _kept is None:
        _kept = {}
        try:
            loaded = cache.load("read-plans", _fingerprint()) or {}
            _kept = {
                key: None if entry is None else (*entry[:3], _decode(entry[3]))
                for key, entry in loaded.items()
            }
        except (TypeError, ValueError, AttributeError):  # another format: built afresh
            _kept = {}
    return _kept


def _keep(key: tuple[str, str], entry: _Entry) -> None:
    kept = _load_kept()
    kept[key] = entry
    data = {k: None if e is None else (*e[:3], _encode(e[3])) for k, e in kept.items()}
    cache.store("read-plans", _fingerprint(), data)


def _entry(message_type: MessageType) -> _Entry:
    key = (message_type.namespace, message_type.name)
    kept = _load_kept()
    if key in kept:
        return kept[key]
    from .tables import mapping_for_message

    found = mapping_for_message(message_type)
    entry: _Entry = None
    if found is not None:
        mapping, side = found
        plan = _read_plans.get((mapping.name, side))
        if plan is None:
            plan = _read_plans[mapping.name, side] = _read_plan(
                mapping.root, side, (mapping.message_types[side].qname,)
            )
        model = f"{mapping.model.__module__}:{mapping.model.__qualname__}"
        entry = (mapping.name, model, side, plan)
    _keep(key, entry)
    return entry


def quick_check(
    message_type: MessageType, root: etree._Element, options: ConversionOptions
) -> bool:
    """Whether ``root`` reads through its document's read plan into its domain model with no
    loss, no untranslated code and no refused value (True also for a message without a mapping):
    then ``convert.domain_problems`` has nothing to report. False: only the engine can tell.

    The plan comes from the user's cache when it is there (no bindings, no tables loaded)."""
    if not enabled:
        return False
    try:
        entry = _entry(message_type)
    except Exception:  # a broken cache entry or table: the engine reports what is wrong
        return False
    if entry is None:
        return True
    document, model_name, side, plan = entry
    if document in excluded:
        return False
    module_name, _, class_name = model_name.partition(":")
    try:
        model = getattr(importlib.import_module(module_name), class_name)
        values = _run_read_plan(
            plan, side, root, str(getattr(model, "direction", "either")), options
        )
        model.model_validate(values)
    except Exception:  # Fallback, a refused value, a stale entry: the engine decides
        return False
    return True
