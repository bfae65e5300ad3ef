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
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from lxml import etree
from pydantic import BaseModel

from ..core.profile import _UUID, derive_record_id, to_utc, to_utc_minute
from .engine import XSI, _get, _ModelValues, _placed
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
from .rules import _TEXT_OF, ConversionOptions, RuleContext, _agency, apply_build, to_text
from .structure import order_of
from .tables import CompiledGroup, CompiledPath, DocumentMapping, Side, absent_value, code_tables

__all__ = [
    "Fallback",
    "compiled_build",
    "compiled_read",
    "compiled_write",
    "generated_writer",
    "quick_check",
]

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
        message_type = mapping.message_types[side]
        plan = _read_plans[key] = _read_plan(
            mapping.root, side, (message_type.qname,), message_type.schema_file
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


class _Node:
    """An element being written: what ``etree.SubElement`` would hold, as plain Python (cheaper
    to create and to insert; the finished tree is written as text and parsed once)."""

    __slots__ = ("attrib", "children", "tag", "text")

    def __init__(self, tag: str) -> None:
        self.tag = tag
        self.text: str | None = None
        self.attrib: dict[str, str] | None = None
        self.children: list[_Node] = []

    def set(self, name: str, value: str) -> None:
        if self.attrib is None:
            self.attrib = {}
        self.attrib[name] = value  # an attribute set again keeps its place, as in lxml


class _Nodes(dict[tuple[_Node, str], _Node]):
    """``engine._Cache`` over :class:`_Node`: elements by (parent, name or path), and the schema
    position of each parent's last child."""

    def __init__(self) -> None:
        super().__init__()
        self.tails: dict[_Node, int] = {}


def _child(parent: _Node, step: _Step, cache: _Nodes, new: bool) -> _Node:
    """``engine._child`` with the schema position looked up once, when the plan was built."""
    key = (parent, step.qname)
    if not new:
        existing = cache.get(key)
        if existing is not None:
            return existing
    position = step.position
    tails = cache.tails
    element = _Node(step.qname)
    children = parent.children
    if position >= tails.get(parent, -1):
        children.append(element)
        tails[parent] = position
    else:
        order = step.order
        for index, sibling in enumerate(children):
            if order.get(sibling.tag, -1) > position:
                children.insert(index, element)
                break
        else:
            children.append(element)
    cache[key] = element
    return element


def _ensure(
    element: _Node,
    steps: tuple[_Step, ...],
    xpath: str,
    cache: _Nodes,
    new_last: bool = False,
) -> _Node:
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


def _existing(element: _Node, path: CompiledPath, cache: _Nodes) -> _Node | None:
    """``engine._existing``: the element at ``path`` if it was written, creating nothing."""
    for step in path.element_steps:
        found = cache.get((element, step.child.qname))
        if found is None:
            return None
        element = found
    return element


# --- the written tree, as text parsed once --------------------------------------------------------
#
# Building the tree element by element through lxml costs several times what writing it as
# compact XML text and parsing that once does. The parse gives the very tree that
# ``etree.SubElement`` would have built (same elements in the same order, same attributes in the
# same order, same texts, the namespaces declared on the root only), so the output bytes
# (``etree.tostring``) and the XSD verdict are the same. Whatever text could not say exactly (a
# namespace not declared on the root, a namespaced attribute, an empty text, a character XML
# cannot hold) gives up with Fallback: the engine writes those documents.

_TEXT_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
_ATTRIBUTE_ESCAPES = str.maketrans(
    {
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        '"': "&quot;",
        "\t": "&#9;",
        "\n": "&#10;",
        "\r": "&#13;",
    }
)
_PLAIN_TEXT = re.compile(r"[^&<>\r]*")
_PLAIN_ATTRIBUTE = re.compile(r'[^&<>"\t\n\r]*')


class _Parser(threading.local):
    """The parser of the written text, each thread's own: an lxml parser shared by threads is
    locked while one of them parses, and a process forked then would wait for ever on its
    first parse (as for the XPath objects, core/xpath.py)."""

    def __init__(self) -> None:
        self.parser = etree.XMLParser(
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            huge_tree=True,
            collect_ids=False,
        )


_PARSER = _Parser()
#: Clark name → prefixed name, per namespace map of a root.
_prefixed: dict[tuple[tuple[str, str], ...], dict[str, str]] = {}


def _write_text(
    node: _Node, out: list[str], names: dict[str, str], prefixes: dict[str, str]
) -> None:
    tag = node.tag
    name = names.get(tag)
    if name is None:
        namespace, _, local = tag[1:].partition("}")
        prefix = prefixes.get(namespace) if tag.startswith("{") else None
        if prefix is None:
            raise Fallback  # lxml would declare a namespace here
        name = names[tag] = f"{prefix}:{local}"
    out.append("<" + name)
    attrib = node.attrib
    if attrib is not None:
        for key, value in attrib.items():
            if key.startswith("{"):
                raise Fallback
            if _PLAIN_ATTRIBUTE.fullmatch(value) is None:
                value = value.translate(_ATTRIBUTE_ESCAPES)
            out.append(f' {key}="{value}"')
    text = node.text
    children = node.children
    if text is None and not children:
        out.append("/>")
        return
    out.append(">")
    if text is not None:
        if not text:
            raise Fallback  # lxml writes <a></a>, which parses back as no text
        if _PLAIN_TEXT.fullmatch(text) is None:
            text = text.translate(_TEXT_ESCAPES)
        out.append(text)
    for child in children:
        _write_text(child, out, names, prefixes)
    out.append(f"</{name}>")


def _as_tree(root: _Node, nsmap: dict[str, str]) -> etree._Element:
    """The lxml tree of ``root``, with ``nsmap`` (prefix → namespace) declared on the root."""
    prefixes = {namespace: prefix for prefix, namespace in nsmap.items()}
    names = _prefixed.setdefault(tuple(nsmap.items()), {})
    out: list[str] = []
    _write_text(root, out, names, prefixes)
    out[0] += "".join(f' xmlns:{prefix}="{namespace}"' for prefix, namespace in nsmap.items())
    try:
        return etree.fromstring("".join(out).encode("utf-8"), _PARSER.parser)
    except (etree.XMLSyntaxError, ValueError):
        raise Fallback from None  # a character XML cannot hold: lxml refuses it too


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
        self.created = _Nodes()

    def group(
        self,
        plan: _WriteGroup,
        element: _Node,
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


def _plan_of(mapping: DocumentMapping, side: Side) -> tuple[_WriteGroup, dict[str, str]]:
    """The write plan of ``mapping`` to ``side`` and the namespaces its root declares."""
    key = (mapping.name, side)
    plan = _write_plans.get(key)
    if plan is not None:
        return plan, _nsmaps[key]
    from .engine import EBIX_ABIE  # (only when the plan is made: an import costs a call)

    message_type = mapping.message_types[side]
    _nsmaps[key] = (
        {"rsm": message_type.namespace, "abie": EBIX_ABIE}
        if side == "ebix"
        else {"cim": message_type.namespace}
    )
    plan = _write_plans[key] = _write_plan(
        mapping.root, side, message_type.schema_file, (message_type.qname,)
    )
    return plan, _nsmaps[key]


_nsmaps: dict[tuple[str, Side], dict[str, str]] = {}


def generated_writer(
    mapping: DocumentMapping, side: Side, pretty: bool = False
) -> Callable[..., None] | None:
    """The generated writer of ``mapping`` to ``side`` (``pretty``: indented as lxml's
    pretty_print writes); None when its plan stays interpreted (see "generated writers")."""
    plan, nsmap = _plan_of(mapping, side)
    return _writer((mapping.name, side), plan, mapping.message_types[side].qname, nsmap, pretty)


def compiled_build(
    mapping: DocumentMapping, side: Side, document: BaseModel, options: ConversionOptions
) -> etree._Element:
    """The ``side`` tree of ``document`` as :func:`.engine.build_tree` writes it, when it would
    report no loss; raises :class:`Fallback` otherwise. A CIM tree comes as
    ``profile.normalise_cim(times="utc")`` leaves it (UUIDs in lower case, times in UTC)."""
    return compiled_write(mapping, side, document, options)[0]


def compiled_write(
    mapping: DocumentMapping,
    side: Side,
    document: BaseModel,
    options: ConversionOptions,
    *,
    pretty: bool = False,
) -> tuple[etree._Element, bytes | None]:
    """:func:`compiled_build`, with the UTF-8 text the tree was parsed from when a generated
    writer wrote it: what ``etree.tostring(tree, pretty_print=pretty)`` gives (it then needs no
    serialising, and the XSD validates the very text that is output). None: interpreted."""
    plan, nsmap = _plan_of(mapping, side)
    qname = mapping.message_types[side].qname
    writer = _writer((mapping.name, side), plan, qname, nsmap, pretty) if generated else None
    if writer is None:
        root = _Node(qname)
        writing = _Writing(side, document, mapping.model_direction, options)
        writing.group(plan, root, document)
        return _as_tree(root, nsmap), None
    out: list[str] = []
    writer(_ModelValues(document), options, mapping.model_direction, document, None, out)
    try:
        data = "".join(out).encode("utf-8")  # (once: parsed here, and output as it is)
        return etree.fromstring(data, _PARSER.parser), data
    except (etree.XMLSyntaxError, ValueError):  # (UnicodeEncodeError: a lone surrogate)
        raise Fallback from None  # a character XML cannot hold: lxml refuses it too


# --- generated writers -------------------------------------------------------------------------
#
# The plan above is still interpreted row by row, and every element goes through the element
# cache (parent, name) that keeps them in schema order. For a document whose tree has a fixed
# shape (every element's place among its siblings known from the schema, repeated elements only
# at the end of their group's path) the same decisions are taken once more, into Python source:
# one function per repeated group, the rows unrolled, each element a local flag (written or
# not), its text and attributes locals, and the text written in schema order at the end. The
# function does what :meth:`_Writing.group` does in the same order (texts set later replace
# earlier ones, constant attributes go only on elements written before them, a group's element
# is written even when it stays empty), so the tree is the same; a plan whose shape it cannot
# fix this way (an element without a schema position, two names at one position, a repeated
# element that is also reached by another path) keeps the interpreted plan.


#: The key, after the name, of repeated elements that follow a single one of the same name.
_MANY = "#many"


class _Unfit(Exception):
    """This plan's tree has no fixed shape: it stays interpreted."""


class _Shape:
    """An element of the tree a generated writer fills: its place, and its locals' number."""

    __slots__ = (
        "attributes", "children", "depth", "name", "names", "number", "plain", "position",
        "repeated", "text",
    )  # fmt: skip

    def __init__(self, name: str, number: int, position: int, depth: int = 0) -> None:
        self.name = name
        self.number = number
        self.position = position
        self.depth = depth  # below the root (the root is 0): its indentation when pretty
        self.children: dict[str, _Shape] = {}
        self.repeated = False
        self.text = False
        self.plain = True  # whether every text it can get is known, plain XML and not empty
        self.attributes = False
        # Its attributes' names in the order written, when each is written at one place of its
        # function (then each is a local of its own, a{number}_{index}); None: a dictionary.
        self.names: list[str] | None = None


def _escape(text: str) -> str:
    """Element text as the parser must read it back (see :func:`_write_text`)."""
    if not text:
        raise Fallback  # lxml writes <a></a>, which parses back as no text
    # (_PLAIN_TEXT's characters, looked for one by one: cheaper than the regex on short text)
    if "&" in text or "<" in text or ">" in text or "\r" in text:
        return text.translate(_TEXT_ESCAPES)
    return text


def _plain(text: str) -> bool:
    """Whether ``text`` is written as it is: plain XML (see :func:`_escape`) and not empty."""
    return bool(text) and _PLAIN_TEXT.fullmatch(text) is not None


def _attributes(out: list[str], attributes: dict[str, str]) -> None:
    for key, value in attributes.items():
        out.append(f' {key}="{_attribute_escape(value)}"')


def _attribute_escape(value: str) -> str:
    """An attribute's value as the parser must read it back (see :func:`_write_text`)."""
    if (
        "&" in value
        or "<" in value
        or ">" in value
        or '"' in value
        or "\t" in value
        or "\n" in value
        or "\r" in value
    ):  # (_PLAIN_ATTRIBUTE's characters)
        return value.translate(_ATTRIBUTE_ESCAPES)
    return value


def _condition_of(condition: str) -> tuple[bool, tuple[str, ...], str | None]:
    """A row's or group's ``when``/``unless`` (``path`` or ``path=value``) taken apart, for
    :meth:`_Generator.holds`: whether the path is relative, its steps, the value it must have."""
    path, equals, expected = condition.partition("=")
    steps = tuple(step for step in path.removeprefix("./").split(".") if step)
    return path.startswith("./"), steps, expected if equals else None


@functools.cache
def _present_args(rule: str) -> tuple[str, ...] | None:
    """The arguments of a ``present:<value>[:<text>]`` rule (as ``rules._split`` takes them);
    None for other rules."""
    name, _, rest = rule.partition(":")
    return tuple(rest.split(":")) if name == "present" and rest else None


def _path_of(path: str) -> tuple[bool, tuple[str, ...]]:
    """A rule's path as ``_ModelValues.text`` walks it: whether relative, and its steps."""
    return path.startswith("./"), tuple(step for step in path.removeprefix("./").split(".") if step)


@functools.cache
def _inlined_rule(rule: str) -> bool:
    """Whether :meth:`_Generator.build_rule` writes ``rule`` out (see there)."""
    name, _, rest = rule.partition(":")
    args = rest.split(":") if rest else []
    if name == "document_type":
        return len(args) == 2
    if name in ("same_as", "omit_if_same"):
        return len(args) == 1
    if name == "agency":
        return len(args) == 2
    # relative to the item, apply_build reads it from no item (ctx.values.text(path, None))
    return name == "derived_record_id" and len(args) == 1 and not args[0].startswith("./")


def _text_of(value: str) -> str:
    """An expression for ``to_text(value)`` (a local) with no call of it: its function per
    type, called directly once ``to_text`` has met the type (a series' every point writes an
    int, a Decimal and an enumeration)."""
    return (
        f"({value} if (k := type({value})) is str else "
        f"_TEXT_OF[k]({value}) if k in _TEXT_OF else _to_text({value}))"
    )


def _derived_record_id(document_id: str, position: int) -> str:
    """``derive_record_id``, giving up where it cannot derive (a document id that is no UUID:
    the engine names the record, :func:`.rules.apply_build`)."""
    try:
        return derive_record_id(document_id, position)
    except ValueError:
        raise Fallback from None


def _normalised(kind: int, text: str) -> str:
    """What ``profile.normalise_cim`` does to a written CIM text (see :meth:`_Writing.group`)."""
    if _UUID.match(text):
        return text.lower()
    if kind == 2:
        return to_utc(text)
    if kind == 3:
        return to_utc_minute(text)
    return text


class _Generator:
    """Python source for the writer of one document and side (see above)."""

    def __init__(self, side: Side, prefixes: dict[str, str], pretty: bool = False) -> None:
        self.side = side
        self.prefixes = prefixes  # namespace → prefix declared on the root
        self.pretty = pretty  # written indented, as lxml's pretty_print writes the tree
        self.constants: dict[str, Any] = {}
        self.functions: list[str] = []
        self.count = 0
        # The locals of one item's group already holding a value or its text, by (object, steps,
        # text): the rows of a series' point test its quality again and again.
        self.memo: dict[tuple[str, tuple[str, ...], bool], str] = {}
        # Where the function being written sets attributes: (element, index of the line in its
        # body, name, value).
        self.sites: list[tuple[_Shape, int, str, str]] = []

    def constant(self, value: Any) -> str:
        name = f"_k{len(self.constants)}"
        self.constants[name] = value
        return name

    def value_at(self, base: str, steps: tuple[str, ...], body: list[str], indent: str) -> str:
        """A local holding ``engine._get(base, steps)``, assigned at ``indent`` on first use
        (the objects written are never changed while writing: one look is every look)."""
        key = (base, steps, False)
        known = self.memo.get(key)
        if known is None:
            known = self.memo[key] = f"w{len(self.memo)}_{len(body)}"
            body.append(f"{indent}{known} = {self.get(base, steps) if steps else base}")
        return known

    def text_at(self, base: str, steps: tuple[str, ...], body: list[str], indent: str) -> str:
        """A local holding the text (``to_text``) of :meth:`value_at`, None for None."""
        key = (base, steps, True)
        known = self.memo.get(key)
        if known is None:
            value = self.value_at(base, steps, body, indent)
            known = self.memo[key] = f"w{len(self.memo)}_{len(body)}"
            body.append(f"{indent}{known} = None if {value} is None else {_text_of(value)}")
        return known

    @staticmethod
    def get(obj: str, domain: tuple[str, ...]) -> str:
        """An expression for ``engine._get(obj, domain)`` (``getattr`` of None is None)."""
        found = f"getattr({obj}, {domain[0]!r}, None)"
        if len(domain) == 1:
            return found
        steps = [f"(h := {found}) is not None"]
        steps += [f"(h := getattr(h, {part!r}, None)) is not None" for part in domain[1:-1]]
        return f"getattr(h, {domain[-1]!r}, None) if {' and '.join(steps)} else None"

    def holds(self, condition: str, obj: str, body: list[str], indent: str) -> str:
        """An expression for ``_holds(condition, values, obj)``, over locals assigned (once per
        item) at ``indent``."""
        relative, steps, expected = _condition_of(condition)
        base = obj if relative else "values.root"
        if expected is not None:
            return f"({self.text_at(base, steps, body, indent)} == {self.constant(expected)})"
        if not steps:
            return "True"  # (the text of the item itself: never None)
        return f"({self.value_at(base, steps, body, indent)} is not None)"

    def placed(self, group: CompiledGroup, obj: str, body: list[str], indent: str) -> str:
        """An expression for ``engine._placed(group, side, values, obj)`` (see :meth:`holds`)."""
        when, unless = group.when.get(self.side), group.unless.get(self.side)
        tests = []
        if when is not None:
            tests.append(self.holds(when, obj, body, indent))
        if unless is not None:
            tests.append(f"not {self.holds(unless, obj, body, indent)}")
        return " and ".join(tests) or "True"

    def prefixed(self, qname: str) -> str:
        namespace, _, local = qname[1:].partition("}")
        prefix = self.prefixes.get(namespace) if qname.startswith("{") else None
        if prefix is None:
            raise _Unfit  # lxml would declare a namespace on this element
        return f"{prefix}:{local}"

    # -- shape ------------------------------------------------------------------------------

    def node(self, name: str, position: int, depth: int = 0) -> _Shape:
        self.count += 1
        return _Shape(name, self.count, position, depth)

    def walk(self, top: _Shape, steps: tuple[_Step, ...], repeated: bool = False) -> list[_Shape]:
        """The shapes along ``steps`` below ``top`` (made as needed), ``top`` excluded."""
        found: list[_Shape] = []
        node = top
        for index, step in enumerate(steps):
            if node.repeated and node is not top:
                raise _Unfit  # a path through another group's repeated element
            if step.position == 1 << 30:
                raise _Unfit  # no schema position: the engine's order is not a sort
            last = index == len(steps) - 1
            child = node.children.get(step.qname)
            many = node.children.get(step.qname + _MANY)
            if many is not None:
                if not (repeated and last):
                    raise _Unfit  # the engine would write into the last repeated element
                child = many
            elif child is None:
                if any(c.position == step.position for c in node.children.values()):
                    raise _Unfit  # two names at one position: order by creation
                child = node.children[step.qname] = self.node(
                    step.qname, step.position, node.depth + 1
                )
                child.repeated = repeated and last
            elif child.repeated != (repeated and last):
                if child.repeated or not last:
                    raise _Unfit
                # One element of this name written by a row, then repeated ones after it (an
                # acknowledgement's status Reason, then its reasons): the code of the single
                # one comes first, so it is created first; the repeated ones follow it, in
                # order, as the engine appends them (sorting is stable: the single one stays
                # first at the shared position).
                child = node.children[step.qname + _MANY] = self.node(
                    step.qname, step.position, node.depth + 1
                )
                child.repeated = True
            found.append(child)
            node = child
        return found

    # -- code -------------------------------------------------------------------------------

    def function(self, plan: _WriteGroup, top: _Shape, document: bool) -> str:
        """A function writing one item of ``plan`` as element ``top`` onto ``out`` (with the
        namespace declarations when it is the ``document``'s root)."""
        name = f"_write{len(self.functions)}"
        self.functions.append("")  # reserve the place (nested groups add theirs after)
        body: list[str] = []
        shapes: list[_Shape] = [top]
        saved, self.memo = self.memo, {}
        saved_sites, self.sites = self.sites, []
        self.group(plan, top, "obj", "position", body, "    ", shapes)
        self.memo = saved
        self.attribute_locals(body)
        self.sites = saved_sites
        head = [f"def {name}(values, options, direction, obj, position, out):"]
        for shape in shapes[1:]:
            if shape.repeated:
                head.append(f"    r{shape.number} = []")
            else:
                head.append(f"    f{shape.number} = False")
        for shape in shapes:
            if shape.text:
                head.append(f"    t{shape.number} = None")
            if shape.attributes and shape.names is not None:
                head += [f"    a{shape.number}_{i} = None" for i in range(len(shape.names))]
            elif shape.attributes:
                head.append(f"    a{shape.number} = None")
        tail: list[str] = []
        self.emit(top, tail, "    ", True, document)
        self.functions[int(name.removeprefix("_write"))] = "\n".join(head + body + tail)
        return name

    def attribute(self, at: _Shape, name: str, value: str, indent: str, body: list[str]) -> None:
        """Code setting attribute ``name`` of ``at`` to ``value`` (a dictionary entry; made a
        local of its own by :meth:`attribute_locals`)."""
        at.attributes = True
        self.sites.append((at, len(body), name, value))
        body.append(f"{indent}if a{at.number} is None: a{at.number} = {{}}")
        body.append(f"{indent}a{at.number}[{name!r}] = {value}")

    def attribute_locals(self, body: list[str]) -> None:
        """The attributes of each element whose every name is set at one place of ``body`` as
        locals: each place runs at most once per call and in the order of the body, so the
        names come in that order, as the dictionary would hold them (set again, a name would
        keep its first place: such elements keep the dictionary)."""
        sites: dict[_Shape, list[tuple[int, str, str]]] = {}
        for shape, index, name, value in self.sites:
            sites.setdefault(shape, []).append((index, name, value))
        removed: set[int] = set()
        for shape, found in sites.items():
            if shape.names is not None:
                raise _Unfit  # (set by two functions: never so far)
            names = [name for _, name, _ in found]
            if len(set(names)) != len(names):
                continue
            shape.names = names
            for index, name, value in found:
                indent = body[index][: len(body[index]) - len(body[index].lstrip())]
                body[index] = f"{indent}a{shape.number}_{names.index(name)} = {value}"
                removed.add(index + 1)
        body[:] = [line for index, line in enumerate(body) if index not in removed]

    def build_rule(
        self, rule: str, obj: str, position: str, body: list[str], indent: str
    ) -> list[str] | None:
        """Lines setting ``t`` as ``apply_build(rule, v, ctx)`` does, for the rules that read
        only values at the paths they name (their locals assigned at ``indent``); None: the
        row calls apply_build (party roles, and paths relative to no item)."""
        if not _inlined_rule(rule):
            return None
        name, _, rest = rule.partition(":")
        args = rest.split(":")
        if name == "document_type":  # (another EMIF code is a problem: the engine names it)
            cim_code, ebix_code = args
            return [
                f"if v is not None and {_text_of('v')} != {self.constant(ebix_code)}: "
                "raise _Fallback",
                f"t = {self.constant(cim_code)}",
            ]
        relative, steps = _path_of(args[-1])
        other = self.text_at(obj if relative else "values.root", steps, body, indent)
        if name == "same_as":
            return [f"t = {other}"]
        if name == "agency":
            return [f"t = _agency({self.constant(args[0])}, {other})"]
        if name == "omit_if_same":
            return [f"t = None if v is None else {_text_of('v')}", f"if t == {other}: t = None"]
        # derived_record_id: the value, else derived from the document id (absolute path)
        derived = f"_derive_record_id({other}, {position} or 1)"
        return [
            f"t = {_text_of('v')} if v is not None else (None if {other} is None else {derived})"
        ]

    def mark(self, found: list[_Shape], indent: str, body: list[str]) -> None:
        flags = [f"f{s.number}" for s in found if not s.repeated]
        if flags:
            body.append(f"{indent}{' = '.join(flags)} = True")

    def group(
        self,
        plan: _WriteGroup,
        top: _Shape,
        obj: str,
        position: str,
        body: list[str],
        indent: str,
        shapes: list[_Shape],
    ) -> None:
        saved, self.memo = self.memo, {}  # (this item's locals: see value_at)
        self._group(plan, top, obj, position, body, indent, shapes)
        self.memo = saved

    def _group(
        self,
        plan: _WriteGroup,
        top: _Shape,
        obj: str,
        position: str,
        body: list[str],
        indent: str,
        shapes: list[_Shape],
    ) -> None:
        side = self.side
        model = f"m{top.number}_{len(body)}"
        body.append(f"{indent}{model} = isinstance({obj}, _BaseModel)")
        # _check_unnamed's plan looked up by the model's class in a dictionary of this group's
        # own: its usual answer, no field unnamed, costs no call (a series' every point).
        named = self.constant(plan.group.named)
        unnamed = self.constant({})
        body.append(f"{indent}if {model}:")
        body.append(f"{indent}    u = {unnamed}.get(type({obj}))")
        body.append(
            f"{indent}    if u is None: u = {unnamed}[type({obj})] = "
            f"_unnamed_plan(type({obj}), (), {named})"
        )
        body.append(f"{indent}    if u: _check_unnamed({obj}, (), {named})")
        constants: list[tuple[_WriteRow, list[_Shape]]] = []
        # One rule context per item: a build rule only reads it, and adds to its problems only
        # where the row then gives up (so the next rule always meets it as new). A `present:`
        # rule is written inline (it reads nothing but its value): it needs none.
        context = f"c{top.number}_{len(body)}"
        if any(
            row.path is not None
            and row.rule is not None
            and _present_args(row.rule) is None
            and not _inlined_rule(row.rule)
            for row in plan.rows
        ):
            body.append(
                f"{indent}{context} = _RuleContext(values, {side!r}, direction, options, {obj}, "
                f"position={position})"
            )
        for row in plan.rows:
            domain = row.domain
            if row.path is None and not row.uncarried:
                continue  # nothing reads the value
            present = (
                _present_args(row.rule) if row.rule is not None and row.constant is None else None
            )
            if present is not None and len(present) == 1 and not row.uncarried:
                # apply_build's `present:<value>` writes nothing (another row writes the
                # element): its value is not even looked at
                for shape in self.walk(top, row.steps):
                    if shape not in shapes:
                        shapes.append(shape)
                continue
            if len(domain) == 1:
                value = f"v = getattr({obj}, {domain[0]!r}, None)"
            elif domain:
                value = f"v = {self.get(obj, domain)}"
            else:
                value = f"v = None if {model} else {obj}"
            # A row written only when its condition holds looks at its value only then (most
            # rows of an EMIF observation are for the qualities it does not have).
            later = row.when is not None and not row.uncarried and row.path is not None
            if not later:
                body.append(indent + value)
            if row.uncarried:
                extra = "" if domain else f" and not {model}"
                body.append(f"{indent}if v is not None{extra}: raise _Fallback")
            path = row.path
            if path is None:
                continue
            found = self.walk(top, row.steps)
            for shape in found:
                if shape not in shapes:
                    shapes.append(shape)
            at = found[-1] if found else top
            if present is not None and len(present) == 1:
                continue  # (as above)
            marked = "(None if v is None else _to_text(v))"
            if present is not None and domain:
                marked = self.text_at(obj, domain, body, indent)
            inlined = None
            if row.rule is not None and row.constant is None and present is None:
                inlined = self.build_rule(row.rule, obj, position, body, indent)
            inner = indent
            if row.when is not None:
                body.append(f"{indent}if {self.holds(row.when, obj, body, indent)}:")
                inner += "    "
            if later:
                body.append(inner + value)
            if row.constant is not None and path.is_attribute:
                constants.append((row, found))
                if row.when is not None:
                    body.append(f"{inner}pass")
                continue
            # What t can be here, when the plan knows (None: any text): the checks below that no
            # such text can fail are left out (a series' every point writes a coded quality).
            texts: set[str] | None = None
            if row.constant is not None:
                body.append(f"{inner}t = {self.constant(row.constant)}")
                texts = {row.constant}
            elif present is not None:
                # apply_build's `present:<value>:<text>`: <text> when the value is <value>
                body.append(f"{inner}if {marked} == {self.constant(present[0])}:")
                inner += "    "
                body.append(f"{inner}t = {self.constant(present[1])}")
                texts = {present[1]}
            elif inlined is not None:
                body += [inner + line for line in inlined]
                body.append(f"{inner}if t is not None:")
                inner += "    "
            elif row.rule is not None:
                body.append(f"{inner}t = _apply_build({self.constant(row.rule)}, v, {context})")
                body.append(f"{inner}if {context}.problems: raise _Fallback")
                body.append(f"{inner}if t is not None:")
                inner += "    "
            else:
                body.append(f"{inner}if v is not None:")
                inner += "    "
                body.append(f"{inner}t = {_text_of('v')}")
                if row.codes is not None:
                    body.append(f"{inner}c = {self.constant(row.codes)}.get(t)")
                    if row.absent is not None:
                        body.append(
                            f"{inner}if c is None and t != {self.constant(row.absent)}: "
                            "raise _Fallback"
                        )
                    else:
                        body.append(f"{inner}if c is None: raise _Fallback")
                    body.append(f"{inner}t = c")
                    texts = {code for code in row.codes.values() if code is not None}
                    if row.absent is not None:  # (else c is never None here)
                        body.append(f"{inner}if t is not None:")
                        inner += "    "
            if row.allowed and not (texts is not None and texts <= row.allowed):
                body.append(f"{inner}if t not in {self.constant(row.allowed)}: raise _Fallback")
            if row.allowed:
                texts = set(row.allowed) if texts is None else texts & row.allowed
            if path.attribute is not None:
                if path.attribute.startswith("{"):
                    raise _Unfit
                self.attribute(at, path.attribute, "t", inner, body)
            else:
                if row.normalise:
                    if row.normalise == 1:  # UUIDs in lower case (36 characters; $ allows a \n)
                        if texts is None or any(_UUID.match(text) for text in texts):
                            body.append(
                                f"{inner}if 36 <= len(t) <= 37 and _UUID.match(t): t = t.lower()"
                            )
                    else:
                        body.append(f"{inner}t = _normalised({row.normalise}, t)")
                at.text = True
                if row.normalise > 1 or texts is None or not all(map(_plain, texts)):
                    at.plain = False
                body.append(f"{inner}t{at.number} = t")
            self.mark(found, inner, body)
        for row, found in constants:
            path = row.path
            assert path is not None
            assert path.attribute is not None
            if path.attribute.startswith("{"):
                raise _Unfit
            at = found[-1] if found else top
            inner = indent
            if row.when is not None:
                body.append(f"{indent}if {self.holds(row.when, obj, body, indent)}:")
                inner += "    "
            if found and not found[-1].repeated:
                body.append(f"{inner}if f{at.number}:")
                inner += "    "
            elif found:
                raise _Unfit  # a constant on another group's repeated element
            self.attribute(at, path.attribute, self.constant(row.constant), inner, body)
        for sub_plan, sub, carried, steps, _, placement in plan.groups:
            value = f"s{top.number}_{len(body)}"
            if len(sub.domain) == 1:
                body.append(f"{indent}{value} = getattr({obj}, {sub.domain[0]!r}, None)")
            else:
                body.append(f"{indent}{value} = {self.get(obj, sub.domain)}")
            # (the placement's locals assigned out here, where every later test can see them)
            placed = self.placed(sub, obj, body, indent) if placement and sub_plan else ""
            body.append(f"{indent}if {value} is not None and {value} != []:")
            inner = indent + "    "
            if sub_plan is None:
                body.append(f"{inner}{'pass' if carried else 'raise _Fallback'}")
                continue
            if placement:
                body.append(f"{inner}if {placed}:")
                inner += "    "
            if sub.many:
                if not steps:
                    raise _Unfit  # every item written into the same element
                found = self.walk(top, steps, repeated=True)
                for shape in found:
                    if shape not in shapes:
                        shapes.append(shape)
                item = found[-1]
                function = self.function(sub_plan, item, document=False)
                body.append(f"{inner}for i, item in enumerate({value}, 1):")
                body.append(
                    f"{inner}    {function}(values, options, direction, item, i, r{item.number})"
                )
                self.mark(found, inner, body)
                continue
            found = self.walk(top, steps)
            for shape in found:
                if shape not in shapes:
                    shapes.append(shape)
            self.mark(found, inner, body)
            container = found[-1] if found else top
            self.group(sub_plan, container, value, "None", body, inner, shapes)

    @staticmethod
    def escaped(shape: _Shape) -> str:
        """An expression for ``_escape(t{number})``: none when the plan knows its every text
        plain, else a text of letters and digits only is plain XML and not empty (no call for
        most codes and numbers)."""
        text = f"t{shape.number}"
        return text if shape.plain else f"({text} if {text}.isalnum() else _escape({text}))"

    def emit(self, shape: _Shape, lines: list[str], indent: str, top: bool, document: bool) -> None:
        """Code appending ``shape``'s text to ``out`` (``top``: the function's own element,
        always written; ``document``: the root, with the namespace declarations)."""
        number = shape.number
        if shape.repeated and not top:
            lines.append(f"{indent}out += r{number}")
            return
        name = self.prefixed(shape.name)
        inner = indent
        if not top:
            lines.append(f"{inner}if f{number}:")
            inner += "    "
        # Pretty: each element on a line of its own, indented two spaces a level, a parent's
        # end tag on its own line (no element holds both text and elements: see below).
        margin = "\n" + "  " * shape.depth if self.pretty and not document else ""
        opening = margin + "<" + name
        if document:
            opening += "".join(f' xmlns:{p}="{n}"' for n, p in self.prefixes.items())
        children = sorted(shape.children.values(), key=lambda s: s.position)
        if children and shape.text and self.pretty:
            raise _Unfit  # mixed content: lxml would not indent it
        close = ("\n" + "  " * shape.depth if self.pretty and children else "") + f"</{name}>"
        if not children and not shape.attributes:  # (the tag and its text in one piece)
            if shape.text:
                text = f"{opening + '>'!r} + {self.escaped(shape)} + {close!r}"
                lines.append(f"{inner}if t{number} is None: out.append({opening + '/>'!r})")
                lines.append(f"{inner}else: out.append({text})")
            else:
                lines.append(f"{inner}out.append({opening + '/>'!r})")
            return
        lines.append(f"{inner}out.append({opening!r})")
        if shape.attributes and shape.names is not None:
            for index, attribute in enumerate(shape.names):
                local = f"a{number}_{index}"
                # (a letter-or-digit text is plain XML: no call for most codes and numbers)
                lines.append(
                    f"{inner}if {local} is not None: out.append({f' {attribute}=' + chr(34)!r} + "
                    f"({local} if {local}.isalnum() else _attribute_escape({local})) + '\"')"
                )
        elif shape.attributes:
            lines.append(f"{inner}if a{number} is not None: _attributes(out, a{number})")
        if not children:
            if shape.text:
                lines.append(f"{inner}if t{number} is None: out.append('/>')")
                lines.append(f"{inner}else: out.append('>' + {self.escaped(shape)} + {close!r})")
            else:
                lines.append(f"{inner}out.append('/>')")
            return
        mark = f"n{number}"
        lines.append(f"{inner}{mark} = len(out)")
        lines.append(f"{inner}out.append('>')")
        if shape.text:
            lines.append(f"{inner}if t{number} is not None: out.append({self.escaped(shape)})")
        for child in children:
            self.emit(child, lines, inner, False, False)
        lines.append(f"{inner}if len(out) == {mark} + 1: out[{mark}] = '/>'")
        lines.append(f"{inner}else: out.append({close!r})")


#: The generated writer of each (document, side, pretty); None: its plan stays interpreted.
_writers: dict[tuple[str, Side, bool], Callable[..., None] | None] = {}
#: The source of each generated writer (for tests and for reading what runs).
sources: dict[tuple[str, Side], str] = {}


def _writer(
    key: tuple[str, Side],
    plan: _WriteGroup,
    qname: str,
    nsmap: dict[str, str],
    pretty: bool = False,
) -> Callable[..., None] | None:
    """The generated writer of ``plan`` (None when its tree has no fixed shape)."""
    if (*key, pretty) in _writers:
        return _writers[(*key, pretty)]
    prefixes = {namespace: prefix for prefix, namespace in nsmap.items()}
    generator = _Generator(key[1], prefixes, pretty)
    writer: Callable[..., None] | None = None
    try:
        top = generator.node(qname, 0)
        name = generator.function(plan, top, document=True)
        source = "\n\n".join(generator.functions) + "\n"
        label = f"{key[0]} {key[1]}{' pretty' if pretty else ''}"
        code = compile(source, f"<elhub-cim writer {label}>", "exec")
    except (_Unfit, SyntaxError, RecursionError):
        pass  # (SyntaxError: blocks nested too deep for Python)
    else:
        namespace: dict[str, Any] = {
            "_BaseModel": BaseModel,
            "_Fallback": Fallback,
            "_RuleContext": RuleContext,
            "_apply_build": apply_build,
            "_agency": _agency,
            "_derive_record_id": _derived_record_id,
            "_attributes": _attributes,
            "_attribute_escape": _attribute_escape,
            "_check_unnamed": _check_unnamed,
            "_unnamed_plan": _unnamed_plan,
            "_escape": _escape,
            "_normalised": _normalised,
            "_to_text": to_text,
            "_TEXT_OF": _TEXT_OF,
            "_UUID": _UUID,
            **generator.constants,
        }
        # Source made from our own tables' decisions; every value enters as a constant.
        exec(code, namespace)  # noqa: S102
        writer = namespace[name]
        if not pretty:
            sources[key] = source
    _writers[(*key, pretty)] = writer
    return writer


#: Whether conversions use the plans (tests switch it off to compare with the engine alone).
enabled = True
#: Whether plans whose tree has a fixed shape run as generated Python (tests compare both).
generated = True
#: Documents converted by the engine alone (none by default; a document listed here, or one
#: whose plan cannot be built, falls back to the engine).
excluded: set[str] = set()


def usable(mapping: DocumentMapping) -> bool:
    """Whether ``mapping`` is converted through compiled plans."""
    return enabled and mapping.name not in excluded
