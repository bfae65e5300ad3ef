"""The mapping engine: XML tree ⇄ domain model, driven by the mapping tables.

Reading walks the table over a validated tree, collects the domain values and keeps a record of
every element and attribute it used: whatever is left over is a field the conversion would lose,
and is reported by its path. Writing creates the target tree element by element, in schema order
(read from the bindings), and reports every domain value the target has no place for.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from lxml import etree
from pydantic import BaseModel

from ..core.validation import readable_path
from ..core.xmlchars import why_not_xml
from .facets import decimal_of, enumerations_of, normalise, whitespace_of

# The read helpers live with the read plans (reading.py, which must not import this engine: it
# runs at validate's start-up); the engine shares them rather than keeping a copy.
from .reading import _DictValues, _holds, dangling_point, decimal_text
from .rules import ConversionOptions, RuleContext, apply_build, apply_read, to_text
from .structure import order_of
from .tables import (
    CompiledField,
    CompiledGroup,
    CompiledPath,
    DocumentMapping,
    Side,
    absent_value,
    code_tables,
)

__all__ = ["BuildResult", "ReadResult", "build_tree", "read_tree"]

XSI = "http://www.w3.org/2001/XMLSchema-instance"
EBIX_ABIE = "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2"


@dataclass(slots=True)
class ReadResult:
    """Domain values read from a tree, and what could not be carried."""

    values: dict[str, Any]
    losses: list[tuple[str, str]] = field(default_factory=list)  # (path, why)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (path, why)
    error_lines: dict[str, int] = field(default_factory=dict, repr=False)  # path → line
    # Where each value came from: (id of its dict or list in ``values``, key) → its element.
    places: dict[tuple[int, Any], _Where] = field(default_factory=dict, repr=False)
    _held: list[Any] = field(default_factory=list, repr=False)  # keeps those ids unique

    def error(self, where: _Where, why: str) -> None:
        path = str(where)
        self.errors.append((path, why))
        line = where.element.sourceline if where.element is not None else None
        if isinstance(line, int):
            self.error_lines[path] = line

    def place(self, at: tuple[Any, Any], where: _Where) -> None:
        container, key = at
        self.places[(id(container), key)] = where
        self._held.append(container)

    def locate(self, loc: tuple[Any, ...]) -> tuple[str | None, int | None]:
        """Readable path and line of the source element behind a domain location such as
        ``("metering_points", 0, "grid_area")`` (a pydantic error's ``loc``); the nearest
        enclosing element when the value itself has none."""
        found: _Where | None = None
        base: Any = self.values
        for key in loc:
            where = self.places.get((id(base), key))
            found = where if where is not None and where.element is not None else found
            try:
                base = base[key]
            except (KeyError, IndexError, TypeError):
                break
        if found is None or found.element is None:
            return None, None
        line = found.element.sourceline
        return str(found), line if isinstance(line, int) else None


@dataclass(slots=True)
class BuildResult:
    root: etree._Element
    losses: list[tuple[str, str]] = field(default_factory=list)  # (domain path, why)
    # Values the target cannot carry even as a loss: leaving them out would say something else
    # (a Channel without resolution means EMIF N, so PT5M cannot just be dropped).
    no_form: list[tuple[str, str]] = field(default_factory=list)  # (domain path, why)


# --- reading ------------------------------------------------------------------------------------


def _set(target: dict[str, Any], dotted: tuple[str, ...], value: Any) -> tuple[Any, str]:
    """Set a nested value; returns where it sits (its dict, key) for ``ReadResult.place``."""
    for part in dotted[:-1]:
        target = target.setdefault(part, {})
    target[dotted[-1]] = value
    return target, dotted[-1]


def _from_code(table: str | None, side: Side, text: str) -> tuple[Any, str | None]:
    if table is None:
        return text, None
    for domain_value, codes in code_tables()[table].items():
        if codes.get(side) == text:
            refused = codes.get("refused")
            if refused is not None:  # a code the profile carries but the domain cannot
                return text, f"code {text!r} is {refused}"
            return domain_value, None
    return text, f"code {text!r} has no translation in code table {table!r}"


def _to_code(table: str | None, side: Side, value: Any) -> str | None:
    text = to_text(value)
    if table is None:
        return text
    entry = code_tables()[table].get(text)
    return None if entry is None else entry.get(side)


@dataclass(frozen=True, slots=True)
class _Where:
    """Where a value was read; made readable only when a problem is reported (it costs)."""

    element: etree._Element | None
    attribute: str | None

    def __str__(self) -> str:
        if self.element is None:
            return ""
        path = readable_path(self.element)
        return f"{path}/@{self.attribute}" if self.attribute else path


class _Reader:
    def __init__(self, mapping: DocumentMapping, side: Side, options: ConversionOptions) -> None:
        self.mapping = mapping
        self.side = side
        self.options = options
        self.used_elements: set[etree._Element] = set()
        self.used_attributes: set[tuple[etree._Element, str]] = set()
        self.values: dict[str, Any] = {}
        self.deferred: list[
            tuple[CompiledField, str | None, dict[str, Any], _Where, int | None]
        ] = []
        self.result = ReadResult(self.values)
        self.indexes: dict[etree._Element, dict[tuple[str, ...], list[etree._Element]]] = {}

    def below(self, element: etree._Element, qnames: tuple[str, ...]) -> list[etree._Element]:
        """Elements at ``qnames`` below ``element``, in document order.

        One walk per context element fills a dictionary of every path below it; each row is
        then a lookup (lxml's ``find`` parses its path argument on every call, which costs
        more than the whole walk).
        """
        if not qnames:
            return [element]
        index = self.indexes.get(element)
        if index is None:
            index = {}
            keys: dict[etree._Element, tuple[str, ...]] = {element: ()}
            for node in element.iterdescendants(etree.Element):  # document order
                key = (*keys[node.getparent()], node.tag)  # type: ignore[index]
                keys[node] = key
                index.setdefault(key, []).append(node)
            self.indexes[element] = index
        return index.get(qnames, [])

    def text_at(self, element: etree._Element, path: CompiledPath) -> tuple[str | None, _Where]:
        found = self.below(element, path.qnames)
        if not found:
            return None, _Where(None, None)
        target = found[0]
        if path.attribute is not None:
            value = target.get(path.attribute)
            if value is not None:
                self.used_attributes.add((target, path.attribute))
                value = self.value_of(target, path.attribute, value)
            return value, _Where(target, path.attribute)
        self.used_elements.add(target)
        return self.value_of(target, None, target.text or ""), _Where(target, None)

    def value_of(self, element: etree._Element, attribute: str | None, text: str) -> str:
        """``text`` as the source XSD reads it: codes, dates and numbers collapse whitespace
        (``E22 `` is ``E22``), free text keeps it; a decimal is written with its digits (``48000.``
        is ``48000``)."""
        if " ".join(text.split()) == text and not dangling_point(text):
            return text  # nothing a whiteSpace facet or a decimal's form would change
        tags: list[str] = []
        node: etree._Element | None = element
        while node is not None:
            tags.append(str(node.tag))
            node = node.getparent()
        path = tuple(reversed(tags))
        schema = self.mapping.message_types[self.side].schema_file
        text = normalise(text, whitespace_of(schema, path, attribute))
        return decimal_text(text) if decimal_of(schema, path, attribute) else text

    def group(
        self,
        group: CompiledGroup,
        element: etree._Element,
        into: dict[str, Any],
        position: int | None = None,
    ) -> bool:
        """Read a group's rows below ``element`` into ``into``; True when anything was found."""
        found = False
        for row in group.fields:
            path = row.paths[self.side]
            rule = row.rules[self.side]
            if path is None:
                if rule is not None:
                    self.deferred.append((row, None, into, _Where(None, None), position))
                continue
            text, where = self.text_at(element, path)
            constant = row.values[self.side]
            if constant is not None:
                if text is not None and text != constant:
                    mismatch = f"expected {constant!r}, found {text!r}"
                    self.result.losses.append((str(where), mismatch))
                continue
            if rule is not None:
                self.deferred.append((row, text, into, where, position))
                found = found or text is not None
                continue
            if text is None:
                # A code written as no element (EMIF Resolution N: a Channel without resolution).
                absent = absent_value(row.codes, self.side)
                if absent is not None:
                    _set(into, row.domain or ("",), absent)
                continue
            value, problem = _from_code(row.codes, self.side, text)
            if problem:
                self.result.error(where, problem)
            # No domain path: the row carries the item itself (a list of plain values).
            self.result.place(_set(into, row.domain or ("",), value), where)
            found = True
        for sub in group.groups:
            path = sub.paths[self.side]
            if path is None or not _placed(sub, self.side, _DictValues(self.values), into):
                continue
            if sub.many:
                items: list[Any] = []
                children = self.below(element, path.qnames)[sub.skip.get(self.side, 0) :]
                for number, child in enumerate(children, 1):
                    self.used_elements.add(child)
                    item: dict[str, Any] = {}
                    self.group(sub, child, item, number)
                    # A list of plain values carries each value under the empty domain path.
                    items.append(item.get("", item))
                    self.result.place((items, number - 1), _Where(child, None))
                if items:
                    _set(into, sub.domain, items)
                    found = True
                continue
            containers = self.below(element, path.qnames)
            if not containers:
                continue
            container = containers[0]
            self.used_elements.add(container)
            part: dict[str, Any] = {}
            if self.group(sub, container, part) or path.steps:
                self.result.place(_set(into, sub.domain, part), _Where(container, None))
                found = True
        return found

    def where_of(self, path: str, item: dict[str, Any]) -> _Where | None:
        """Where the value at the domain ``path`` (``./`` relative to ``item``) was read."""
        base: Any = item if path.startswith("./") else self.values
        parts = [part for part in path.removeprefix("./").split(".") if part]
        for part in parts[:-1]:
            base = base.get(part) if isinstance(base, dict) else None
        return self.result.places.get((id(base), parts[-1])) if parts else None

    def run_rules(self) -> None:
        roles: dict[str, str | None] = {}
        for row, text, _, _, _ in self.deferred:
            role_rule = row.rules[self.side] or ""
            if role_rule.startswith("party_role:"):
                roles[role_rule.split(":", 1)[1]] = text
        values = _DictValues(self.values)
        for row, text, into, where, position in self.deferred:
            rule = row.rules[self.side]
            assert rule is not None
            ctx = RuleContext(
                values,
                self.side,
                self.mapping.model_direction,
                self.options,
                into,
                position=position,
            )
            outcome = apply_read(rule, text, ctx, roles)
            if outcome.loss:
                self.result.losses.append((str(where) or row.source, outcome.loss))
            elif outcome.set_value and not row.domain and outcome.value is not None:
                # A value the rule would keep, on a row with no domain field: nothing holds it.
                value = to_text(outcome.value)
                why = f"value {value!r} cannot be carried (the other standard has no place)"
                self.result.losses.append((str(where) or row.source, why))
            elif outcome.set_value and row.domain and outcome.value is not None:
                if where.element is None and outcome.source is not None:
                    # A copy of another field (CIM's absent physical sender is the sender):
                    # a problem with it is found where that field was read.
                    where = self.where_of(outcome.source, into) or where
                value, problem = _from_code(row.codes, self.side, str(outcome.value))
                if problem:
                    self.result.error(where, problem)
                self.result.place(_set(into, row.domain, value), where)

    def leftovers(self, root: etree._Element) -> None:
        for element in root.iter():
            if not isinstance(element.tag, str):
                continue
            for name in map(str, element.attrib):
                if name.startswith(f"{{{XSI}}}"):
                    continue
                if (element, name) not in self.used_attributes:
                    self.result.losses.append(
                        (
                            f"{readable_path(element)}/@{name}",
                            "attribute has no place in the mapping",
                        )
                    )
            if len(element) == 0 and element not in self.used_elements:
                self.result.losses.append(
                    (readable_path(element), "element has no place in the mapping")
                )


def read_tree(
    mapping: DocumentMapping,
    side: Side,
    root: etree._Element,
    options: ConversionOptions | None = None,
) -> ReadResult:
    """Domain values of a validated ``root`` (ebIX or CIM), with what they leave behind."""
    reader = _Reader(mapping, side, options or ConversionOptions())
    reader.group(mapping.root, root, reader.values)
    reader.run_rules()
    reader.leftovers(root)
    return reader.result


# --- writing ------------------------------------------------------------------------------------


class _ModelValues:
    """Rule access to values while writing (domain objects)."""

    def __init__(self, root: BaseModel) -> None:
        self.root = root

    def text(self, path: str, item: Any) -> str | None:
        base: Any = item if path.startswith("./") else self.root
        for part in path.removeprefix("./").split("."):
            if not part:
                continue
            base = getattr(base, part, None)
            if base is None:
                return None
        return None if base is None else to_text(base)  # (an item of no value: no text)


def _get(obj: Any, dotted: tuple[str, ...]) -> Any:
    for part in dotted:
        if obj is None:
            return None
        obj = getattr(obj, part, None)
    return obj


class _Cache(dict[tuple[etree._Element, str], etree._Element]):
    """Elements created so far, by (parent, name), and the schema position of each parent's
    last child (so that appending in schema order needs no look at the siblings)."""

    def __init__(self) -> None:
        super().__init__()
        self.tails: dict[etree._Element, int] = {}


def _child(
    parent: etree._Element,
    parent_cls: type[Any] | None,
    qname: str,
    cache: _Cache,
    *,
    new: bool,
) -> etree._Element:
    """The child ``qname`` of ``parent`` (created in schema order when missing or ``new``)."""
    key = (parent, qname)
    if not new:
        existing = cache.get(key)
        if existing is not None:
            return existing
    order = order_of(parent_cls) if parent_cls is not None else {}  # type: ignore[arg-type]
    position = order.get(qname, 1 << 30)
    tails = cache.tails
    # Rows mostly come in schema order: appending is then right and needs no scan.
    if position >= tails.get(parent, -1):
        element = etree.SubElement(parent, qname)
        tails[parent] = position
    else:
        element = etree.Element(qname)
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
    cls: type[Any] | None,
    path: CompiledPath,
    cache: _Cache,
    *,
    new_last: bool = False,
) -> tuple[etree._Element, type[Any] | None]:
    steps = path.element_steps
    if not new_last:
        # Most rows share their parents with the rows before them: one lookup for the path.
        known = cache.get((element, path.xpath))
        if known is not None:
            return known, steps[-1].child.cls if steps else cls
    start = element
    last = len(steps) - 1
    for position, step in enumerate(steps):
        element = _child(element, cls, step.child.qname, cache, new=new_last and position == last)
        cls = step.child.cls
    if not new_last and steps:
        cache[(start, path.xpath)] = element
    return element, cls


def _existing(element: etree._Element, path: CompiledPath, cache: _Cache) -> etree._Element | None:
    """The element at ``path`` if it was written, without creating anything."""
    for step in path.element_steps:
        found = cache.get((element, step.child.qname))
        if found is None:
            return None
        element = found
    return element


def _placed(group: CompiledGroup, side: Side, values: Any, item: Any) -> bool:
    """Whether ``group`` goes to its ``side`` path for this document (``when``/``unless``)."""
    when, unless = group.when.get(side), group.unless.get(side)
    if when is not None and not _holds(when, values, item):
        return False
    return not (unless is not None and _holds(unless, values, item))


class _Writer:
    def __init__(
        self, mapping: DocumentMapping, side: Side, document: BaseModel, options: ConversionOptions
    ) -> None:
        self.mapping = mapping
        self.side = side
        self.options = options
        self.values = _ModelValues(document)
        self.missing: dict[str, str] = {}
        self.no_form: dict[str, str] = {}
        # Elements created so far, by (parent, name): a document is written once, top-down.
        self.created = _Cache()
        self.schema_file = mapping.message_types[side].schema_file
        self.tags: dict[etree._Element, tuple[str, ...]] = {}

    @property
    def losses(self) -> list[tuple[str, str]]:
        return list(self.missing.items())

    def codes_at(self, element: etree._Element, path: CompiledPath) -> tuple[str, ...]:
        """The codes the target schema allows at ``path`` below ``element`` (empty: any)."""
        tags = self.tags.get(element)
        if tags is None:
            parent = element.getparent()
            above = self.tags.get(parent) if parent is not None else ()
            if above is None:
                names: list[str] = []
                node: etree._Element | None = element
                while node is not None:
                    names.append(str(node.tag))
                    node = node.getparent()
                tags = tuple(reversed(names))
            else:
                tags = (*above, str(element.tag))
            self.tags[element] = tags
        return enumerations_of(self.schema_file, (*tags, *path.qnames), path.attribute)

    def _unnamed(
        self,
        obj: BaseModel,
        at: tuple[str, ...],
        named: frozenset[tuple[str, ...]],
        prefix: str,
    ) -> None:
        """Report values of ``obj`` that no row of the table names at all (a field of the domain
        model the table forgot would otherwise vanish without a trace)."""
        for field_name in type(obj).model_fields:
            value = getattr(obj, field_name)
            if value is None or value == []:
                continue
            path = (*at, field_name)
            if path in named:
                continue
            if any(p[: len(path)] == path for p in named) and isinstance(value, BaseModel):
                self._unnamed(value, path, named, prefix)
                continue
            self.missing.setdefault(prefix + ".".join(path), f"no row maps it to {self.side}")

    def _text(
        self,
        row: CompiledField,
        value: Any,
        obj: Any,
        name: Callable[[], str],
        position: int | None = None,
    ) -> str | None:
        constant = row.values[self.side]
        if constant is not None:
            return constant
        rule = row.rules[self.side]
        if rule is not None:
            ctx = RuleContext(
                self.values,
                self.side,
                self.mapping.model_direction,
                self.options,
                obj,
                position=position,
            )
            text = apply_build(rule, value, ctx)
            # A rule states a problem about a value, named by its domain path or its list
            # item's; a value of no domain field (a record id derived from the document's, R2)
            # by the element it goes in.
            for problem in ctx.problems:
                path = row.paths[self.side]
                self.missing.setdefault(name() or (path.text if path else ""), problem)
            return text
        if value is None:
            return None
        text = _to_code(row.codes, self.side, value)
        if text is None:
            absent = absent_value(row.codes, self.side)
            said = f"value {to_text(value)!r} has no {self.side} code"
            if absent is None:
                self.missing[name()] = said
            elif absent != to_text(value):
                self.no_form[name()] = (
                    f"{said}, and no element there means {absent!r}: it cannot be left out"
                )
        return text

    def group(
        self,
        group: CompiledGroup,
        element: etree._Element,
        cls: type[Any] | None,
        obj: Any,
        prefix: str,
        position: int | None = None,
    ) -> None:
        if isinstance(obj, BaseModel):
            self._unnamed(obj, (), group.named, prefix)
        attribute_constants: list[tuple[CompiledPath, str]] = []
        for row in group.fields:
            # A row without a domain path in a list of plain values carries the value itself.
            if row.domain:
                value = _get(obj, row.domain)
            else:
                value = None if isinstance(obj, BaseModel) else obj

            # Names are for messages only: built when a loss is reported.
            def name(row: CompiledField = row) -> str:
                return prefix + ".".join(row.domain) if row.domain else prefix.rstrip(".")

            path = row.paths[self.side]
            if (
                value is not None
                and (row.domain or not isinstance(obj, BaseModel))
                and row.domain not in group.carried[self.side]
            ):
                # A value is lost only when no row at all carries it to this side.
                self.missing.setdefault(name(), f"{self.side} has no place for it")
            if path is None:
                continue
            condition = row.when.get(self.side)
            if condition is not None and not _holds(condition, self.values, obj):
                continue  # another row writes this value (EMIF's choice of elements)
            if row.values[self.side] is not None and path.is_attribute:
                # A constant attribute belongs on an element that something else writes.
                attribute_constants.append((path, row.values[self.side] or ""))
                continue
            text = self._text(row, value, obj, name, position)
            if text is None:
                continue
            allowed = self.codes_at(element, path)
            if allowed and text not in allowed:
                # The value is valid in the domain (and in the source), but the target's schema
                # has no such code here: the target cannot carry it.
                shown = ", ".join(allowed[:8]) + (", ..." if len(allowed) > 8 else "")
                # Name the domain value too when a code table translated it (BRS-NO-101: NO101).
                said = repr(text)
                if value is not None and to_text(value) != text:
                    said = f"{to_text(value)!r} (code {text!r})"
                self.missing.setdefault(
                    name() or path.text,
                    f"the {self.side} schema does not allow {said} here (allowed: {shown})",
                )
                continue
            unfit = why_not_xml(text)
            if unfit is not None:  # (a caller's string: a parsed document holds none)
                self.no_form.setdefault(name() or path.text, unfit)
                continue
            target, _ = _ensure(element, cls, path, self.created)
            if path.attribute is not None:
                target.set(path.attribute, text)
            else:
                target.text = text
        for path, constant in attribute_constants:
            holder = _existing(element, path, self.created)
            if holder is not None and path.attribute is not None:
                holder.set(path.attribute, constant)
        # Groups with placement conditions (EMIF's choice of elements): a value whose every
        # group is placed elsewhere by its conditions has no place in this document.
        placed: set[tuple[str, ...]] = set()
        unplaced: dict[tuple[str, ...], str] = {}
        for sub in group.groups:
            value = _get(obj, sub.domain)
            if value is None or value == []:
                continue
            group_name = prefix + ".".join(sub.domain)
            path = sub.paths[self.side]
            if path is None:
                if sub.domain not in group.carried[self.side]:
                    self.missing.setdefault(group_name, f"{self.side} has no place for it")
                continue
            if not _placed(sub, self.side, self.values, obj):
                unplaced.setdefault(sub.domain, group_name)
                continue
            placed.add(sub.domain)
            items = value if sub.many else [value]
            for index, item in enumerate(items):
                if path.steps:
                    container, container_cls = _ensure(
                        element, cls, path, self.created, new_last=sub.many
                    )
                else:
                    container, container_cls = element, cls
                label = f"{group_name}[{index}]." if sub.many else f"{group_name}."
                self.group(
                    sub, container, container_cls, item, label, index + 1 if sub.many else None
                )
        for domain, group_name in unplaced.items():
            if domain not in placed:
                why = f"the table's placement conditions give it no {self.side} place here"
                self.missing.setdefault(group_name, why)


def build_tree(
    mapping: DocumentMapping,
    side: Side,
    document: BaseModel,
    options: ConversionOptions | None = None,
) -> BuildResult:
    """The ``side`` tree of a domain document (not validated here)."""
    message_type = mapping.message_types[side]
    nsmap: dict[str | None, str] = (
        {"rsm": message_type.namespace, "abie": EBIX_ABIE}
        if side == "ebix"
        else {"cim": message_type.namespace}
    )
    root = etree.Element(message_type.qname, nsmap=nsmap)  # type: ignore[arg-type]
    writer = _Writer(mapping, side, document, options or ConversionOptions())
    writer.group(mapping.root, root, mapping.root.classes[side], document, "")
    return BuildResult(root, writer.losses, list(writer.no_form.items()))
