"""Read plans: the mapping tables turned, once per document and side, into plain data (qualified
names, code dictionaries, rule names) that reads a tree into domain values (see
:mod:`.compiled` for the plans, their :class:`Fallback` and their equivalence with the engine).

This module is the light half of the compiled plans: it imports neither the bindings nor the
mapping engine nor the tables, so that ``validate``'s domain check (:func:`quick_check`), with
a plan kept in the user's cache, starts fast. A plan is built from a :class:`DocumentMapping`
(which does import them) only when none is kept.
"""

from __future__ import annotations

import functools
import importlib
import os
import re
import sys
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, TypeAlias

from lxml import etree

from ..core import cache
from ..core.profile import (
    _UUID,
    INTERVAL_BOUNDARIES,
    from_utc_minute,
    is_identifier_element,
    is_time_element,
    to_oslo,
)
from ..core.xpath import ThreadXPath
from ..domain import acceptance
from .rules import ConversionOptions, RuleContext, apply_read, to_text

if TYPE_CHECKING:
    from ..core.catalog import MessageType
    from .tables import CompiledField, CompiledGroup, CompiledPath, Side

__all__ = ["Fallback", "dangling_point", "decimal_text", "quick_check"]

XSI = "http://www.w3.org/2001/XMLSchema-instance"

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
    if is_time_element(last):
        return 2
    return 1 if is_identifier_element(last) else 0  # 1: an identifier's UUID in lower case


# Helpers for reading, shared with the engine (which imports them from here): a read plan runs
# without importing the engine. `_set` differs: the engine's also returns where a value sits.
class _DictValues:
    """Rule access to values while reading (raw texts, already translated by code tables)."""

    def __init__(self, root: dict[str, Any]) -> None:
        self.root = root

    def text(self, path: str, item: Any) -> str | None:
        base: Any = item if path.startswith("./") else self.root
        for part in path.removeprefix("./").split("."):
            if not part:
                continue
            if not isinstance(base, dict) or part not in base:
                return None
            base = base[part]
        if isinstance(base, dict):  # an item of a list of plain values
            base = base.get("")
        return None if base is None else to_text(base)


def _set(target: dict[str, Any], dotted: tuple[str, ...], value: Any) -> None:
    for part in dotted[:-1]:
        target = target.setdefault(part, {})
    target[dotted[-1]] = value


def _holds(condition: str, values: Any, item: Any) -> bool:
    """``path`` holds a value; ``path=value`` holds exactly that value."""
    path, equals, expected = condition.partition("=")
    found = values.text(path, item)
    return found is not None and (not equals or found == expected)


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


def dangling_point(text: str) -> bool:
    """Whether ``text`` is written with a point and no digit on one side (``48000.``, ``.5``)."""
    return text.endswith(".") or text.startswith((".", "+.", "-."))


def decimal_text(text: str) -> str:
    """An xs:decimal written with a point and no digit on one side as the same number with the
    digit (``48000.`` → ``48000``, ``-.5`` → ``-0.5``); any other text as it is. The XSD allows
    both forms, pydantic's int refuses ``48000.`` (it takes ``48000.0``); a Decimal is equal
    and keeps its exponent either way."""
    if not dangling_point(text):
        return text
    sign = text[0] if text[0] in "+-" else ""
    digits = text[len(sign) :].removesuffix(".")
    if digits.startswith("."):
        digits = "0" + digits
    return sign + digits if digits.strip(".") else text  # "." alone is no number: left


def _regular(text: str) -> bool:
    """Whether no XSD whiteSpace facet could change ``text`` (else the engine reads it)."""
    return " ".join(text.split()) == text


def _reverse_codes(table: str | None, side: Side) -> dict[str, Any] | None:
    """Code table ``table`` as code → domain value (the first one, as the engine reads it)."""
    if table is None:
        return None
    from .tables import code_tables

    found: dict[str, Any] = {}
    for domain_value, codes in code_tables()[table].items():
        code = codes.get(side)
        if code is not None and code not in found and "refused" not in codes:
            found[code] = domain_value  # a refused code is the engine's to name
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
    # 0 leave, CIM text: 1 UUIDs in lower case, 2 also times in Oslo offsets, 3 a boundary;
    # either side: _DECIMAL an xs:decimal (decimal_text)
    normalise: int
    codes: dict[str, Any] | None
    domain: tuple[str, ...]
    constant: str | None
    rule: _RuleRow | None
    absent: str | None = None  # the domain value of a missing element (code table `absent`)


_PLAIN, _CONSTANT, _RULE, _RULE_WITHOUT_PATH = range(4)

#: ``_ReadRow.normalise`` of an xs:decimal's text (element or attribute), on either side: read as
#: the engine's ``value_of`` reads it, ``48000.`` as ``48000`` (:func:`decimal_text`).
_DECIMAL = 4


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


def _read_plan(
    group: CompiledGroup, side: Side, tags: tuple[str, ...], schema: Path | None = None
) -> _ReadGroup:
    """The read plan of ``group`` at ``tags``; ``schema``: the side's XSD (which values are
    decimals), None to read every text as it is written."""
    from .facets import decimal_of
    from .tables import absent_value

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
        normalise = _normalisation(side, path, tags)
        if not normalise and schema and decimal_of(schema, (*tags, *path.qnames), path.attribute):
            normalise = _DECIMAL
        rows.append(
            _ReadRow(
                kind,
                path.qnames,
                path.attribute,
                normalise,
                _reverse_codes(row.codes, side),
                row.domain or ("",),
                constant,
                rule,
                absent_value(row.codes, side),
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
                _read_plan(sub, side, (*tags, *path.qnames), schema),
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


@functools.cache
def _present_value(rule: str) -> str | None:
    """The domain value a ``present:<value>[:<text>]`` read rule sets; None for other rules."""
    name, _, rest = rule.partition(":")
    return rest.split(":")[0] if name == "present" and rest else None


#: The most tags a generated read function finds among its element's children in one pass of
#: comparisons; with more, it sorts them by tag in a dictionary.
_SCANNED = 8

#: What :meth:`_Reading.check_leftovers` has libxml2 count below an element: the elements, the
#: attributes and xsi's attributes.
_ELEMENT_COUNT = ThreadXPath("count(descendant-or-self::*)")
_ATTRIBUTE_COUNT = ThreadXPath("count(descendant-or-self::*/@*)")
_XSI_ATTRIBUTE_COUNT = ThreadXPath("count(descendant-or-self::*/@xsi:*)", namespaces={"xsi": XSI})


class _Reading:
    __slots__ = ("children", "deferred", "looked", "side", "used", "used_attributes", "values")

    def __init__(self, side: Side) -> None:
        self.side = side
        self.values: dict[str, Any] = {}
        self.used: set[etree._Element] = set()
        self.used_attributes: set[tuple[etree._Element, str]] = set()
        self.deferred: list[tuple[_RuleRow, str | None, dict[str, Any], int | None]] = []
        self.children: dict[etree._Element, _Children] = {}
        self.looked: set[etree._Element] = set()  # looked into by generated readers' own passes

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
            if not plan.attribute.startswith(_XSI_PREFIX):  # (not counted: check_leftovers)
                self.used_attributes.add((target, plan.attribute))
        else:
            self.used.add(target)
            value = target.text or ""
        if not _regular(value):
            raise Fallback
        if plan.normalise == _DECIMAL:
            return decimal_text(value)
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
                if row.absent is not None:  # as engine._Reader.group
                    _set(into, row.domain, row.absent)
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
        # One context for every row, moved to the row's item and position: reading rules
        # only look at it (they report through their outcome, never through ctx.problems).
        ctx = RuleContext(_DictValues(self.values), side, direction, options)
        value: Any
        for row, text, into, position in self.deferred:
            present = _present_value(row.rule)
            if present is not None:
                # apply_read's ``present:<value>``, inline: it only says that its element is
                # there (a value on every point of a series), and reads nothing else.
                if text is None:
                    continue
                if not row.domain:
                    raise Fallback
                value = present
                if row.codes is not None:
                    value = row.codes.get(value, _MISSING)
                    if value is _MISSING:
                        raise Fallback
                _set(into, row.domain, value)
                continue
            ctx.item = into
            ctx.position = position
            outcome = apply_read(row.rule, text, ctx, roles)
            if outcome.loss or not outcome.set_value or outcome.value is None:
                if outcome.loss:
                    raise Fallback
                continue
            if not row.domain:
                raise Fallback  # a value nothing holds: a loss, reported by the engine
            value = str(outcome.value)
            if row.codes is not None:
                value = row.codes.get(value, _MISSING)
                if value is _MISSING:
                    raise Fallback
            _set(into, row.domain, value)

    def check_leftovers(self, root: etree._Element) -> None:
        """Fallback unless every leaf element and every attribute (but xsi's) below ``root`` was
        read.

        Counted by libxml2 rather than looked up one by one in Python. Reading marks the
        elements it read (``used``) and those it looked into (``children``, which lists their
        children, and ``looked``), all of them this tree's. If no element only looked into is a
        leaf, and the two together are as many as the tree's elements, every leaf was read.
        Likewise the attributes: as many read as the tree holds, xsi's left out, means all of
        them (a read attribute is one of this tree's, and xsi's are never marked read).
        tests/test_compiled.py holds this to the walk it replaced."""
        used = self.used
        looked_into = (self.children.keys() | self.looked) - used  # (the root, headers, ...: a few)
        for element in looked_into:
            if not len(element):
                raise Fallback
        if len(used) + len(looked_into) != int(_ELEMENT_COUNT.compiled(root)):  # type: ignore[arg-type]
            raise Fallback
        read = len(self.used_attributes)
        every = int(_ATTRIBUTE_COUNT.compiled(root))  # type: ignore[arg-type]
        # xsi's attributes are usually only the root's schemaLocation: if leaving those out
        # accounts for every attribute read, there are no others (no fewer than read remain)
        on_root = sum(1 for name in root.attrib if str(name).startswith(_XSI_PREFIX))
        if every - on_root != read and every - int(_XSI_ATTRIBUTE_COUNT.compiled(root)) != read:  # type: ignore[arg-type]
            raise Fallback


# --- generated readers -------------------------------------------------------------------------
#
# A read plan is interpreted row by row above. The same plan turned into Python source, one
# function per group with the rows unrolled, does the same in the same order (the same elements
# marked used, the same rules deferred, the same values set, the same Fallbacks) with no look at
# the plan while reading: a child one step below is found in the element's children by tag
# directly. Kept plans are plain data, so validate's domain check runs generated too.


def _irregular(local: str) -> str:
    """An expression for ``not _regular(local)``. A printable text holds no whitespace but the
    space (every other character ``str.split`` splits at is a separator or a control: tests/
    test_compiled.py checks each): with no space either, it is regular, with no split made."""
    return f"(' ' in {local} or not {local}.isprintable()) and ' '.join({local}.split()) != {local}"


def _decimal_read(local: str) -> str:
    """A statement giving ``local`` as ``decimal_text`` does, called only when the text ends
    with a point or starts with one or a sign (a series' every point reads a decimal)."""
    return f"if {local}[-1:] == '.' or {local}[:1] in '+-.': {local} = _decimal_text({local})"


def _normalised_read(kind: int, value: str) -> str:
    """What :meth:`_Reading.text` does to a CIM text read (``normalise_cim(times="oslo")``)."""
    if _UUID.match(value):
        return value.lower()
    if kind == 2:
        return to_oslo(value)
    if kind == 3:
        return from_utc_minute(value)
    return value


class _ReadLocals:
    """What a generated read function has already looked up, as the names of its locals.

    The rows of a group read the same elements again and again (an EMIF observation's
    ``Estimated`` by five rows, every header field through ``Header``). Each lookup, and each
    text with its whitespace check, is written once, where the first row needs it, and later
    rows use the local. Reading has no effect that a second look would change (the children
    are cached per element, marking an element used twice is marking it once, a text that
    falls back does so the first time), so the function does what the unrolled rows did."""

    __slots__ = ("above", "below", "count", "firsts", "nodes", "tags", "texts")

    def __init__(self) -> None:
        self.count = 0
        self.tags: dict[str, str] = {}  # a child's tag -> local of the children of that tag
        self.firsts: dict[str, str] = {}  # a child's tag -> local of the first such (or None)
        self.below = False  # whether the function looks deeper through _Reading.below
        self.nodes: dict[tuple[str, ...], str] = {}  # qnames -> local of the elements
        self.above: dict[str, tuple[str, str]] = {}  # first step -> locals (elements, children)
        self.texts: dict[tuple[tuple[str, ...], str | None, int], str] = {}

    def new(self, prefix: str) -> str:
        self.count += 1
        return f"{prefix}{self.count}"


def _inline_presents(plan: _ReadGroup) -> set[int]:
    """The ``present:`` rows (by identity) whose value a generated reader may set as its group
    ends rather than in :meth:`_Reading.run_rules`: no other row writes where they write (or
    around it), and no rule or placement reads a name of their path. Then nothing that runs
    in between can tell the two apart (a rule reads only values at the paths it names)."""
    writes: list[tuple[tuple[str, ...], _ReadRow, _ReadGroup]] = []
    mentioned: set[str] = {"header", "sender", "receiver"}  # (party roles: _elhub_side)

    def gather(group: _ReadGroup, prefix: tuple[str, ...]) -> None:
        for row in group.rows:
            present = row.rule is not None and _present_value(row.rule.rule) is not None
            if row.rule is not None and not present:
                mentioned.update(re.findall(r"\w+", row.rule.rule))
            if not (present and row.kind == _RULE_WITHOUT_PATH):  # (that one sets nothing)
                writes.append(((*prefix, *row.domain), row, group))
        for sub, part, _, _, _ in group.groups:
            for condition in (*part.when.values(), *part.unless.values()):
                mentioned.update(re.findall(r"\w+", condition or ""))
            gather(sub, (*prefix, *part.domain))

    gather(plan, ())
    found: set[int] = set()
    for path, row, group in writes:
        if row.kind != _RULE or row.rule is None or _present_value(row.rule.rule) is None:
            continue
        if not row.domain or not all(row.domain) or mentioned.intersection(row.domain):
            continue
        near = [
            (other, home)
            for where, other, home in writes
            if other is not row and (where[: len(path)] == path or path[: len(where)] == where)
        ]
        if all(
            home is group
            and other.kind == _RULE
            and other.rule is not None
            and _present_value(other.rule.rule) is not None
            for other, home in near
        ):
            found.add(id(row))
    # (present rows writing one path are inlined all or none: their order stays the same)
    for path, row, _ in writes:
        if id(row) in found and any(
            id(other) not in found
            for where, other, _ in writes
            if other is not row and where == path
        ):
            found.discard(id(row))
    return found


class _ReadGenerator:
    def __init__(self, side: Side, inline: set[int] | None = None) -> None:
        self.side = side
        self.constants: dict[str, Any] = {}
        self.functions: list[str] = []
        self.locals = _ReadLocals()
        self.inline = inline or set()  # the present: rows set as their group ends
        self.pending: list[tuple[_ReadRow, str]] = []  # those of this function, and their text

    def constant(self, value: Any) -> str:
        name = f"_k{len(self.constants)}"
        self.constants[name] = value
        return name

    def setter(self, into: str, domain: tuple[str, ...], value: str) -> str:
        """A statement doing ``_set(into, domain, value)`` (unrolled for one or two steps: a
        header's every field has two)."""
        if len(domain) == 1:
            return f"{into}[{domain[0]!r}] = {value}"
        if len(domain) == 2:
            return f"{into}.setdefault({domain[0]!r}, {{}})[{domain[1]!r}] = {value}"
        return f"_set({into}, {self.constant(domain)}, {value})"

    def function(self, plan: _ReadGroup) -> str:
        name = f"_read{len(self.functions)}"
        self.functions.append("")
        lines: list[str] = []
        saved = self.locals
        self.locals = _ReadLocals()
        saved_pending, self.pending = self.pending, []
        for row in plan.rows:
            self.row(row, lines)
        pending, self.pending = self.pending, saved_pending
        for sub_plan, part, qnames, steps, placement in plan.groups:
            indent = "    "
            if placement:
                lines.append(
                    f"{indent}if _read_placed({self.constant(part)}, {self.side!r}, "
                    "_DictValues(r.values), into):"
                )
                indent += "    "
            function = self.function(sub_plan)
            if len(qnames) == 2:
                # _Reading.below over two steps (a series' Period/Point), each element of the
                # first step looked into by one pass over its children (no dictionary of them)
                first, second = qnames
                lines.append(f"{indent}nodes = []")
                lines.append(f"{indent}for above in {self.lookup((first,))}:")
                lines.append(f"{indent}    r.looked.add(above)")
                lines.append(
                    f"{indent}    nodes += [child for child in above if child.tag == {second!r}]"
                )
            else:
                lines.append(f"{indent}nodes = {self.lookup(qnames)}")
            if part.many:
                lines.append(f"{indent}items = []")
                skip = f"[{part.skip}:]" if part.skip else ""
                lines.append(f"{indent}r.used.update(nodes{skip})")  # (the items: all at once)
                lines.append(f"{indent}for number, child in enumerate(nodes{skip}, 1):")
                lines.append(f"{indent}    item = {{}}")
                lines.append(f"{indent}    {function}(r, child, item, number)")
                # (an item is its value only when a row of it sets the value itself)
                plain = any(row.domain[:1] == ("",) for row in sub_plan.rows) or any(
                    group[1].domain[:1] == ("",) for group in sub_plan.groups
                )
                each = "item.get('', item)" if plain else "item"
                lines.append(f"{indent}    items.append({each})")
                lines.append(f"{indent}if items:")
                lines.append(f"{indent}    {self.setter('into', part.domain, 'items')}")
                lines.append(f"{indent}    found = True")
                continue
            lines.append(f"{indent}if nodes:")
            lines.append(f"{indent}    container = nodes[0]")
            lines.append(f"{indent}    r.used.add(container)")
            lines.append(f"{indent}    part = {{}}")
            test = "True" if steps else f"{function}(r, container, part, None)"
            if steps:
                lines.append(f"{indent}    {function}(r, container, part, None)")
            lines.append(f"{indent}    if {test}:")
            lines.append(f"{indent}        {self.setter('into', part.domain, 'part')}")
            lines.append(f"{indent}        found = True")
        for row, text in pending:
            # what run_rules does with a `present:` row whose element is there
            rule = row.rule
            assert rule is not None
            value: Any = _present_value(rule.rule)
            if rule.codes is not None:
                value = rule.codes.get(value, _MISSING)
            if value is _MISSING or not rule.domain:
                lines.append(f"    if {text} is not None: raise _Fallback")
            else:
                lines.append(
                    f"    if {text} is not None: "
                    f"{self.setter('into', rule.domain, self.constant(value))}"
                )
        lines.append("    return found")
        head = [f"def {name}(r, element, into, position):", "    found = False"]
        self.children(head, top=name == "_read0")
        self.locals = saved
        self.functions[int(name.removeprefix("_read"))] = "\n".join(head + lines)
        return name

    def children(self, lines: list[str], top: bool) -> None:
        """Code looking into ``element``: the children of each tag the function reads, in
        document order, into their locals (an empty tuple: none), and ``element`` marked as
        looked into (:meth:`_Reading.check_leftovers`).

        A few tags (a series' point, an observation): one pass over the children, comparing
        their tags, and the element marked in ``r.looked``; no dictionary of every child by tag
        is made (the items of a series are most of a document). Else the children by tag,
        kept in ``r.children`` (shared with ``_Reading.below``, which this function uses).
        Only the ``top`` function marks its element looked into: every other is called on an
        element its caller has just marked used, which the count takes as it is."""
        tags, firsts = self.locals.tags, self.locals.firsts
        every = list(dict.fromkeys([*tags, *firsts]))  # (each tag once)
        if self.locals.below or len(every) > _SCANNED:
            lines.append("    by = r.children.get(element)")
            lines.append("    if by is None: by = r.children[element] = _children_of(element)")
            lines += [f"    {local} = by.get({tag!r}, _NONE)" for tag, local in tags.items()]
            lines += [
                f"    {local} = by[{tag!r}][0] if {tag!r} in by else None"
                for tag, local in firsts.items()
            ]
            return
        if top:
            lines.append("    r.looked.add(element)")
        if not every:
            return
        if tags:
            lines.append(f"    {' = '.join(tags.values())} = _NONE")
        if firsts:
            lines.append(f"    {' = '.join(firsts.values())} = None")
        lines.append("    for child in element:")
        lines.append("        tag = child.tag")
        for number, tag in enumerate(every):
            lines.append(f"        {'if' if number == 0 else 'elif'} tag == {tag!r}:")
            many, first = tags.get(tag), firsts.get(tag)
            if many is None:
                lines.append(f"            if {first} is None: {first} = child")
                continue
            lines.append(f"            if {many}: {many}.append(child)")
            lines.append("            else:")
            lines.append(f"                {many} = [child]")
            if first is not None:
                lines.append(f"                {first} = child")

    def lookup(self, qnames: tuple[str, ...]) -> str:
        """An expression for ``_Reading.below(element, qnames)`` (a list, maybe shared)."""
        if not qnames:
            return "[element]"
        if len(qnames) == 1:
            local = self.locals.tags.get(qnames[0])
            if local is None:
                local = self.locals.tags[qnames[0]] = self.locals.new("c")
            return local
        self.locals.below = True
        return f"r.below(element, {self.constant(qnames)})"

    def nodes(self, qnames: tuple[str, ...], lines: list[str]) -> str:
        """The local holding ``_Reading.below(element, qnames)``, looked up on first use."""
        known = self.locals.nodes.get(qnames)
        if known is not None:
            return known
        local = self.locals.new("n")
        if len(qnames) == 2:
            # the first of the second step's elements below the first step's, in order
            first, second = qnames
            above = self.locals.above.get(first)
            if above is None:
                above = (self.locals.new("a"), self.locals.new("h"))
                elements, children = above
                self.locals.above[first] = above
                lines.append(f"    {elements} = {self.lookup((first,))}")
                lines.append(f"    {children} = None")
                lines.append(f"    if len({elements}) == 1:")  # the usual case: one header
                lines.append(f"        {children} = r.children.get({elements}[0])")
                lines.append(
                    f"        if {children} is None: {children} = r.children[{elements}[0]] = "
                    f"_children_of({elements}[0])"
                )
            elements, children = above
            lines.append(f"    if {children} is not None:")
            lines.append(f"        {local} = {children}.get({second!r}, _NONE)")
            lines.append("    else:")
            lines.append(f"        {local} = _NONE")
            lines.append(f"        for above in {elements}:")
            lines.append("            here = r.children.get(above)")
            lines.append(
                "            if here is None: here = r.children[above] = _children_of(above)"
            )
            lines.append(f"            {local} = here.get({second!r}, _NONE)")
            lines.append(f"            if {local}: break")
        else:
            lines.append(f"    {local} = {self.lookup(qnames)}")
        self.locals.nodes[qnames] = local
        return local

    def text(self, row: _ReadRow, lines: list[str]) -> str:
        """The local holding the row's text as ``_Reading.text`` reads it (None: absent), with
        its element or attribute marked used; written on first use."""
        key = (row.qnames, row.attribute, row.normalise)
        known = self.locals.texts.get(key)
        if known is not None:
            return known
        local = self.locals.new("x")
        if not row.qnames:  # (the element itself: no list of one to look into)
            lines.append("    target = element")
            lines.append("    if True:")  # (compiled away: the lines below keep their indent)
        elif len(row.qnames) == 1:  # a child: the first of its tag, found by children()
            first = self.locals.firsts.get(row.qnames[0])
            if first is None:
                first = self.locals.firsts[row.qnames[0]] = self.locals.new("f")
            lines.append(f"    if {first} is None:")
            lines.append(f"        {local} = None")
            lines.append("    else:")
            lines.append(f"        target = {first}")
        else:
            nodes = self.nodes(row.qnames, lines)
            lines.append(f"    if not {nodes}:")
            lines.append(f"        {local} = None")
            lines.append("    else:")
            lines.append(f"        target = {nodes}[0]")
        if row.attribute is not None:
            attribute = repr(row.attribute)
            lines.append(f"        {local} = target.get({attribute})")
            lines.append(f"        if {local} is not None:")
            if not row.attribute.startswith(_XSI_PREFIX):  # (not counted: check_leftovers)
                lines.append(f"            r.used_attributes.add((target, {attribute}))")
            lines.append(f"            if {_irregular(local)}: raise _Fallback")
            if row.normalise == _DECIMAL:
                lines.append(f"            {_decimal_read(local)}")
        else:
            lines.append("        r.used.add(target)")
            lines.append(f"        {local} = target.text or ''")
            lines.append(f"        if {_irregular(local)}: raise _Fallback")
            if row.normalise == _DECIMAL:
                lines.append(f"        {_decimal_read(local)}")
            elif row.normalise == 1:  # a UUID in lower case (36 characters; $ allows a \n)
                lines.append(
                    f"        if 36 <= len({local}) <= 37 and not len(target) and "
                    f"_UUID.match({local}): {local} = {local}.lower()"
                )
            elif row.normalise:
                lines.append(
                    f"        if not len(target): {local} = _normalised_read({row.normalise}, "
                    f"{local})"
                )
        self.locals.texts[key] = local
        return local

    def row(self, row: _ReadRow, lines: list[str]) -> None:
        kind = row.kind
        if kind == _RULE_WITHOUT_PATH:
            lines.append(
                f"    r.deferred.append(({self.constant(row.rule)}, None, into, position))"
            )
            return
        # the text, as _Reading.text reads it: the first element of ``below``
        fresh = (row.qnames, row.attribute, row.normalise) not in self.locals.texts
        local = self.text(row, lines)
        if kind == _PLAIN:
            # An element's text read here for the first time is a text in the block that read
            # it: the row goes on there (one test less).
            self.plain(row, local, lines, fresh and row.attribute is None)
            return
        if kind == _CONSTANT:
            lines.append(
                f"    if {local} is not None and {local} != {self.constant(row.constant)}: "
                "raise _Fallback"
            )
            return
        assert row.rule is not None  # (_RULE)
        if id(row) in self.inline:
            self.pending.append((row, local))  # (set as the function ends)
            lines.append(f"    if {local} is not None: found = True")
            return
        if _present_value(row.rule.rule) is not None:
            # run_rules passes over a ``present:`` rule whose element is absent: not
            # deferred at all (a series' every point has several absent alternatives).
            lines.append(f"    if {local} is not None:")
            lines.append(
                f"        r.deferred.append(({self.constant(row.rule)}, {local}, into, position))"
            )
            lines.append("        found = True")
            return
        lines.append(f"    r.deferred.append(({self.constant(row.rule)}, {local}, into, position))")
        lines.append(f"    if {local} is not None: found = True")

    def plain(self, row: _ReadRow, text: str, lines: list[str], inside: bool = False) -> None:
        """A plain row's code, over the local ``text`` of its text (``inside``: in the block
        that has just read it, where it is a text, not None)."""
        if not (inside and row.absent is None):
            if row.absent is not None:
                lines.append(f"    if {text} is None:")
                absent = self.constant(row.absent)
                lines.append(f"        {self.setter('into', row.domain, absent)}")
                lines.append("    else:")
            else:
                lines.append(f"    if {text} is not None:")
        if row.codes is not None:
            lines.append(f"        text = {self.constant(row.codes)}.get({text}, _MISSING)")
            lines.append("        if text is _MISSING: raise _Fallback")
            text = "text"
        lines.append(f"        {self.setter('into', row.domain, text)}")
        lines.append("        found = True")


# The read plans' interpreter in C (``_native.pyx``), where it was built: the same outcome as the
# generated readers below, without a Python object per element (docs/performance.md).
def _load_native() -> ModuleType | None:
    try:
        # Built against another lxml whose types differ in size, it only warns (Cython's "size
        # changed, may indicate binary incompatibility") and would read fields where another
        # layout may put them: refused, quietly, as if it did not import.
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            module = importlib.import_module(f"{__package__}._native")
    except ImportError:  # a pure-Python install: the generated readers read
        return None
    except Exception:  # built against another lxml (its C API refuses it): the same
        return None
    try:
        module.configure(
            Fallback,
            decimal_text,
            _UUID.match,
            to_oslo,
            from_utc_minute,
            _regular,
            _read_placed,
            _DictValues,
            (_PLAIN, _CONSTANT, _RULE, _RULE_WITHOUT_PATH, _DECIMAL),
        )
    except Exception:  # built from another source than this file's (a stale build): the same
        return None
    return module


_native = _load_native()
#: Whether read plans run in C where the native reader is built (tests compare every reader).
native = True
#: The native form of each read plan (by identity; the plan is kept alongside).
_native_plans: dict[int, tuple[_ReadGroup, Any]] = {}

#: The generated reader of each read plan (by identity; the plan is kept alongside).
_readers: dict[int, tuple[_ReadGroup, Callable[..., bool] | None]] = {}
#: Whether read plans run as generated Python (tests compare both).
generated = True


def _reader(plan: _ReadGroup, side: Side) -> Callable[..., bool] | None:
    known = _readers.get(id(plan))
    if known is not None and known[0] is plan:
        return known[1]
    generator = _ReadGenerator(side, _inline_presents(plan))
    reader: Callable[..., bool] | None = None
    try:
        name = generator.function(plan)
        code = compile("\n\n".join(generator.functions) + "\n", "<elhub-cim reader>", "exec")
    except (SyntaxError, RecursionError):
        pass  # (blocks nested too deep for Python: the plan stays interpreted)
    else:
        namespace: dict[str, Any] = {
            "_DictValues": _DictValues,
            "_Fallback": Fallback,
            "_MISSING": _MISSING,
            "_NONE": (),
            "_children_of": _children_of,
            "_normalised_read": _normalised_read,
            "_decimal_text": decimal_text,
            "_read_placed": _read_placed,
            "_set": _set,
            "_UUID": _UUID,
            **generator.constants,
        }
        # Source made from our own tables' decisions; every value enters as a constant.
        exec(code, namespace)  # noqa: S102
        reader = namespace[name]
    _readers[id(plan)] = (plan, reader)
    return reader


_read_plans: dict[tuple[str, Side], _ReadGroup] = {}


def _native_plan(module: ModuleType, plan: _ReadGroup) -> Any:
    known = _native_plans.get(id(plan))
    if known is not None and known[0] is plan:
        return known[1]
    compiled = module.compile_plan(plan, frozenset(_inline_presents(plan)), _present_value)
    _native_plans[id(plan)] = (plan, compiled)
    return compiled


def _run_read_plan(
    plan: _ReadGroup, side: Side, root: etree._Element, direction: str, options: ConversionOptions
) -> dict[str, Any]:
    if native and _native is not None:
        # The interpreter's steps in C; the rows it defers run here, as the interpreter's do.
        state = _native.NativeReading(side)
        state.read(_native_plan(_native, plan), root)
        _Reading.run_rules(state, direction, options)
        state.check_leftovers(root)
        values: dict[str, Any] = state.values
        return values
    reading = _Reading(side)
    reader = _reader(plan, side) if generated else None
    if reader is not None:
        reader(reading, root, reading.values, None)
    else:
        reading.group(plan, root, reading.values)
    reading.run_rules(direction, options)
    reading.check_leftovers(root)
    return reading.values


# --- read plans kept on disk (validate's domain check without the bindings) ---------------------
#
# Building a document's mapping imports its bindings (xsdata and ~200 dataclasses per standard)
# and parses every table: ~0.3 s, which `elhub-cim validate one.xml` paid on every call for its
# domain check. A read plan is plain data, so it is kept in the user's cache, as Python keeps
# bytecode: keyed by the size and time of every file it derives from (tables, mapping code,
# bindings, domain models), so any change to them builds it afresh. A plan kept there only ever
# says "this document reads cleanly into its model"; anything else goes to the engine as before.

_FORMAT = 4  # bump when the plan's data classes change

# message (namespace, name) -> None (no mapping) or (document, model "module:Class", side, plan,
# the model's light schema or None: domain/acceptance.py)
_Entry: TypeAlias = "tuple[str, str, Side, _ReadGroup, dict[str, Any] | None] | None"
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
            r.absent,
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
    for kind, qnames, attribute, normalise, codes, domain, constant, rule, absent in data[0]:
        kept = None if rule is None else _RuleRow(*rule)
        rows.append(
            _ReadRow(kind, qnames, attribute, normalise, codes, domain, constant, kept, absent)
        )
    groups = tuple(
        (_decode(sub), _ReadPart(*part), qnames, steps, placement)
        for sub, part, qnames, steps, placement in data[1]
    )
    return _ReadGroup(tuple(rows), groups)


def _tables_folder() -> Path:
    """``tables.mappings_root()`` without importing the tables: the packaged folder, else the
    source checkout's (tests/test_compiled.py checks both name the same folder)."""
    packaged = Path(__file__).resolve().parents[1] / "mappings"
    return packaged if packaged.is_dir() else Path(__file__).resolve().parents[3] / "mappings"


@functools.cache
def _fingerprint() -> str:
    """Key of the kept plans: every file a read plan derives from (tables, mapping code, domain
    models, bindings)."""
    # Plain strings and scandir: ~160 files on every start, where pathlib costs more than stat.
    package = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
    folders = [str(_tables_folder()), os.path.join(package, "mapping")]
    folders.append(os.path.join(package, "domain"))
    files: list[str] = []
    for folder in folders:
        with os.scandir(folder) as entries:
            files += [e.path for e in entries if e.name.endswith((".toml", ".py"))]
    files.append(os.path.join(package, "core", "profile.py"))  # what a plan normalises
    for top, _, names in os.walk(os.path.join(package, "_generated")):
        files += [os.path.join(top, n) for n in names if n.endswith(".py")]
    return cache.fingerprint(f"read-plans {_FORMAT}", files)


def _load_kept() -> dict[tuple[str, str], _Entry]:
    global _kept
    if _kept is None:
        _kept = {}
        try:
            loaded = cache.load("read-plans", _fingerprint()) or {}
            _kept = {
                key: None if entry is None else (*entry[:3], _decode(entry[3]), entry[4])
                for key, entry in loaded.items()
            }
        except (TypeError, ValueError, AttributeError):  # another format: built afresh
            _kept = {}
    return _kept


def _keep(key: tuple[str, str], entry: _Entry) -> None:
    kept = _load_kept()
    kept[key] = entry
    data = {k: None if e is None else (*e[:3], _encode(e[3]), e[4]) for k, e in kept.items()}
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
            message_type = mapping.message_types[side]
            plan = _read_plans[mapping.name, side] = _read_plan(
                mapping.root, side, (message_type.qname,), message_type.schema_file
            )
        model = f"{mapping.model.__module__}:{mapping.model.__qualname__}"
        light = acceptance.light_schema(mapping.model)
        if light is not None:  # what reading needs of the model class, kept with it
            light["direction"] = str(getattr(mapping.model, "direction", "either"))
        entry = (mapping.name, model, side, plan, light)
    _keep(key, entry)
    return entry


def quick_check(
    message_type: MessageType, root: etree._Element, options: ConversionOptions | None = None
) -> bool:
    """Whether ``root`` reads through its document's read plan into its domain model with no
    loss, no untranslated code and no refused value (True also for a message without a mapping):
    then ``convert.domain_problems`` has nothing to report. False: only the engine can tell.

    The plan comes from the user's cache when it is there (no bindings, no tables loaded)."""
    # The switches of .compiled (tests turn the plans off or exclude documents); if that
    # module is not loaded, nobody has changed them. Another thread may be importing it right
    # now (it is in sys.modules before its switches are set), hence the defaults.
    compiled = sys.modules.get(f"{__package__}.compiled")
    if compiled is not None and not getattr(compiled, "enabled", True):
        return False
    try:
        entry = _entry(message_type)
    except Exception:  # a broken cache entry or table: the engine reports what is wrong
        return False
    if entry is None:
        return True
    document, model_name, side, plan, light = entry
    if compiled is not None and document in getattr(compiled, "excluded", ()):
        return False
    module_name, _, class_name = model_name.partition(":")
    try:
        direction = light.get("direction") if light is not None else None
        if direction is None:
            model = getattr(importlib.import_module(module_name), class_name)
            direction = str(getattr(model, "direction", "either"))
        values = _run_read_plan(plan, side, root, direction, options or ConversionOptions())
        # Without pydantic when the light check is sure; else the model itself decides.
        if light is not None and acceptance.accepts(light, values):
            return True
        model = getattr(importlib.import_module(module_name), class_name)
        model.model_validate(values)
    except Exception:  # Fallback, a refused value, a stale entry: the engine decides
        return False
    return True
