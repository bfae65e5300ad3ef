"""Compare two sets of XML Schemas fact by fact.

Usage::

    python tools/schema_diff.py LEFT_DIR RIGHT_DIR

Every ``*.xsd`` below each directory is read (recursively). The files of each side are folded into
one normalized model keyed by target namespace, component kind and component name, so file names,
file layout, prefixes, annotations, comments, attribute order and default-valued attributes do not
matter. What is compared:

* per namespace: ``elementFormDefault``, ``attributeFormDefault`` and the ``version`` attribute;
* global elements, attributes, complex types, simple types, model groups and attribute groups;
* content models as trees of sequence / choice / all particles with ``minOccurs``/``maxOccurs``
  (defaults filled in), local elements with their form, ``type`` resolved to ``{namespace}name``,
  ``fixed``/``default``/``nillable``, anonymous (inline) types compared in place, element and group
  references, wildcards;
* attributes with type, ``use`` (default ``optional``), ``fixed`` and ``default``;
* simple and complex content derivations (``extension``/``restriction`` and base);
* simple types: variety, base, item and member types, every facet, enumeration values in order,
  and the order of the facets and of attribute uses (they decide which error libxml2 reports
  first, so a reordering changes error messages though not validity);
* identity constraints (``unique``/``key``/``keyref``) with XPath prefixes resolved.

Each difference is one line. Lines are sorted by namespace, component kind and component name;
within a component they follow the document order of the content model. Example::

    {urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2} complexType
    Elhub_HeaderType: sequence[3] Creation maxOccurs 1 != unbounded

(printed on one line). "left" is the first directory given, "right" the second. Values in the
XML Schema namespace are shown as ``xs:name``.

Limitation: ``xs:include`` of a schema without a target namespace (chameleon include) and
``xs:redefine``/``xs:override`` are not modelled; Elhub's and our schemas use neither.

The tool exits 0 when the two sets state the same facts and 1 (printing the differences grouped
by namespace and a summary) when they do not; 2 on usage errors.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

XS = "http://www.w3.org/2001/XMLSchema"
_XS_PREFIX = "{" + XS + "}"

# Component kinds, in the order they are reported within a namespace.
_GLOBAL_KINDS = ("element", "attribute", "complexType", "simpleType", "group", "attributeGroup")
_MODEL_GROUPS = frozenset({"sequence", "choice", "all"})
_FACETS = frozenset(
    {
        "length",
        "minLength",
        "maxLength",
        "pattern",
        "enumeration",
        "whiteSpace",
        "maxInclusive",
        "maxExclusive",
        "minInclusive",
        "minExclusive",
        "totalDigits",
        "fractionDigits",
        "assertion",
        "explicitTimezone",
    }
)
_IGNORED = frozenset({"annotation", "import", "include", "notation"})
# Orders that do not change which documents are valid but do change which error libxml2 reports
# first (it checks facets and attribute uses in document order). Only their order is compared:
# a facet or attribute present on one side only is reported on its own.
_FACET_ORDER = "facet order"
_ATTRIBUTE_ORDER = "attribute order"
_ORDER_ONLY = frozenset({_FACET_ORDER, _ATTRIBUTE_ORDER})


@dataclass
class Node:
    """One normalized piece of a schema: a component, a particle, an attribute, a facet holder.

    ``props`` are single facts (``maxOccurs``, ``type``, ``use`` ...), ``lists`` ordered
    multi-valued facts (enumeration values, patterns, member types, XPath fields) and
    ``children`` nested nodes. ``ordered`` says whether the order of ``children`` is significant
    (it is for sequences; not for choices, attributes, or identity constraints).
    """

    kind: str
    name: str = ""
    props: dict[str, str] = field(default_factory=dict)
    lists: dict[str, list[str]] = field(default_factory=dict)
    children: list[Node] = field(default_factory=list)
    ordered: bool = False

    def key(self) -> str:
        """Identity used to pair children of two sides (completed by an occurrence number)."""
        return f"{self.kind} {self.name}" if self.name else self.kind

    def label(self) -> str:
        if self.kind == "element":
            return self.name
        if self.kind == "attribute":
            return "@" + self.name
        return f"{self.kind} {self.name}" if self.name else self.kind


@dataclass
class SchemaSet:
    """All components of one side: ``components[namespace][(kind, name)]``."""

    components: dict[str, dict[tuple[str, str], Node]] = field(default_factory=dict)
    schema_props: dict[str, dict[str, set[str]]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def show(value: str) -> str:
    """Render a resolved ``{namespace}name``: the XML Schema namespace becomes ``xs:``."""
    if value.startswith(_XS_PREFIX):
        return "xs:" + value[len(_XS_PREFIX) :]
    return value


class _FileReader:
    """Turns one parsed schema document into normalized nodes."""

    def __init__(self, root: etree._Element, source: Path) -> None:
        self.root = root
        self.source = source
        self.tns = root.get("targetNamespace", "")
        self.element_form = root.get("elementFormDefault", "unqualified")
        self.attribute_form = root.get("attributeFormDefault", "unqualified")

    # -- helpers -------------------------------------------------------------------------------

    @staticmethod
    def local(el: etree._Element) -> str:
        return etree.QName(el).localname

    @staticmethod
    def is_xs(el: etree._Element) -> bool:
        return isinstance(el.tag, str) and etree.QName(el).namespace == XS

    def xs_children(self, el: etree._Element) -> Iterator[etree._Element]:
        for child in el:
            if self.is_xs(child) and self.local(child) not in _IGNORED:
                yield child

    def resolve(self, el: etree._Element, qname: str) -> str:
        """Resolve a QName-valued attribute using the in-scope namespaces of ``el``."""
        qname = qname.strip()
        prefix, _, localname = qname.rpartition(":")
        nsmap = el.nsmap
        if prefix:
            namespace = nsmap.get(prefix)
            if namespace is None:
                return f"{{?{prefix}}}{localname}"
        else:
            namespace = nsmap.get(None, "")
        return show(f"{{{namespace}}}{localname}") if namespace else localname

    def resolve_xpath(self, el: etree._Element, xpath: str) -> str:
        """Replace ``prefix:`` in an identity-constraint XPath by ``{namespace}``."""

        def repl(match: re.Match[str]) -> str:
            namespace = el.nsmap.get(match.group(1))
            return f"{{{namespace}}}" if namespace is not None else match.group(0)

        return re.sub(r"([A-Za-z_][\w.\-]*):(?=[A-Za-z_*])", repl, xpath.replace(" ", ""))

    @staticmethod
    def occurs(el: etree._Element, props: dict[str, str]) -> None:
        props["minOccurs"] = el.get("minOccurs", "1").strip()
        props["maxOccurs"] = el.get("maxOccurs", "1").strip()

    @staticmethod
    def copy(el: etree._Element, props: dict[str, str], *names: str) -> None:
        for name in names:
            value = el.get(name)
            if value is not None:
                props[name] = value

    # -- components ----------------------------------------------------------------------------

    def globals(self) -> Iterator[Node]:
        for child in self.xs_children(self.root):
            kind = self.local(child)
            if kind == "element":
                yield self.element(child, top=True)
            elif kind == "attribute":
                yield self.attribute(child, top=True)
            elif kind == "complexType":
                yield self.complex_type(child)
            elif kind == "simpleType":
                yield self.simple_type(child)
            elif kind == "group":
                node = Node("group", child.get("name", ""))
                node.children = [self.particle(c) for c in self.xs_children(child)]
                yield node
            elif kind == "attributeGroup":
                node = Node("attributeGroup", child.get("name", ""))
                node.children = self.attribute_uses(child)
                yield node
            else:
                yield Node(kind, child.get("name", ""), props={"unsupported": "yes"})

    def element(self, el: etree._Element, top: bool = False) -> Node:
        props: dict[str, str] = {}
        ref = el.get("ref")
        if ref is not None:
            node = Node("element", self.resolve(el, ref), props=props)
            props["ref"] = "yes"
        else:
            node = Node("element", el.get("name", ""), props=props)
            if not top:
                props["form"] = el.get("form", self.element_form)
        if not top:
            self.occurs(el, props)
        type_name = el.get("type")
        if type_name is not None:
            props["type"] = self.resolve(el, type_name)
        sub = el.get("substitutionGroup")
        if sub is not None:
            props["substitutionGroup"] = self.resolve(el, sub)
        props["nillable"] = el.get("nillable", "false")
        if top:
            props["abstract"] = el.get("abstract", "false")
        self.copy(el, props, "fixed", "default", "block", "final")
        for child in self.xs_children(el):
            kind = self.local(child)
            if kind == "complexType":
                node.children.append(self.complex_type(child))
            elif kind == "simpleType":
                node.children.append(self.simple_type(child))
            elif kind in ("unique", "key", "keyref"):
                node.children.append(self.identity(child))
        return node

    def identity(self, el: etree._Element) -> Node:
        node = Node(self.local(el), el.get("name", ""))
        refer = el.get("refer")
        if refer is not None:
            node.props["refer"] = self.resolve(el, refer)
        fields: list[str] = []
        for child in self.xs_children(el):
            xpath = self.resolve_xpath(child, child.get("xpath", ""))
            if self.local(child) == "selector":
                node.props["selector"] = xpath
            else:
                fields.append(xpath)
        node.lists["field"] = fields
        return node

    def attribute(self, el: etree._Element, top: bool = False) -> Node:
        props: dict[str, str] = {}
        ref = el.get("ref")
        if ref is not None:
            node = Node("attribute", self.resolve(el, ref), props=props)
            props["ref"] = "yes"
        else:
            node = Node("attribute", el.get("name", ""), props=props)
            if not top:
                props["form"] = el.get("form", self.attribute_form)
        if not top:
            props["use"] = el.get("use", "optional")
        type_name = el.get("type")
        if type_name is not None:
            props["type"] = self.resolve(el, type_name)
        self.copy(el, props, "fixed", "default")
        for child in self.xs_children(el):
            if self.local(child) == "simpleType":
                node.children.append(self.simple_type(child))
        return node

    def attribute_uses(self, el: etree._Element) -> list[Node]:
        out: list[Node] = []
        for child in self.xs_children(el):
            kind = self.local(child)
            if kind == "attribute":
                out.append(self.attribute(child))
            elif kind == "attributeGroup":
                out.append(
                    Node(
                        "attributeGroup", self.resolve(child, child.get("ref", "")), {"ref": "yes"}
                    )
                )
            elif kind == "anyAttribute":
                out.append(self.wildcard(child, "anyAttribute"))
        return out

    def wildcard(self, el: etree._Element, kind: str) -> Node:
        props = {
            "namespace": el.get("namespace", "##any"),
            "processContents": el.get("processContents", "strict"),
        }
        if kind == "any":
            self.occurs(el, props)
        return Node(kind, props=props)

    def particle(self, el: etree._Element) -> Node:
        kind = self.local(el)
        if kind == "element":
            return self.element(el)
        if kind == "any":
            return self.wildcard(el, "any")
        if kind == "group":
            props: dict[str, str] = {}
            self.occurs(el, props)
            ref = el.get("ref")
            return Node("group", self.resolve(el, ref) if ref else "", props=props)
        node = Node(kind, ordered=kind == "sequence")
        self.occurs(el, node.props)
        node.children = [self.particle(c) for c in self.xs_children(el)]
        return node

    def complex_type(self, el: etree._Element) -> Node:
        node = Node("complexType", el.get("name", ""))
        node.props["mixed"] = el.get("mixed", "false")
        node.props["abstract"] = el.get("abstract", "false")
        self.copy(el, node.props, "block", "final")
        self.complex_body(el, node)
        return node

    def complex_body(self, el: etree._Element, node: Node) -> None:
        for child in self.xs_children(el):
            kind = self.local(child)
            if kind in ("simpleContent", "complexContent"):
                node.props["content"] = kind
                if kind == "complexContent" and child.get("mixed") is not None:
                    node.props["mixed"] = child.get("mixed", "false")
                for derivation in self.xs_children(child):
                    node.props["derivation"] = self.local(derivation)
                    node.props["base"] = self.resolve(derivation, derivation.get("base", ""))
                    self.complex_body(derivation, node)
            elif kind in _MODEL_GROUPS or kind == "group":
                node.children.append(self.particle(child))
            elif kind in ("attribute", "attributeGroup", "anyAttribute"):
                pass
            elif kind == "simpleType":
                node.children.append(self.simple_type(child))
            elif kind in _FACETS:
                self.facet(child, node)
        uses = self.attribute_uses(el)
        if len(uses) > 1:
            node.lists[_ATTRIBUTE_ORDER] = [use.label() for use in uses]
        node.children.extend(uses)

    def facet(self, el: etree._Element, node: Node) -> None:
        kind = self.local(el)
        value = el.get("value", "")
        order = node.lists.setdefault(_FACET_ORDER, [])
        if kind not in order:
            order.append(kind)
        if kind in ("enumeration", "pattern"):
            node.lists.setdefault(kind, []).append(value)
        else:
            node.props[f"facet {kind}"] = value.strip()
            if el.get("fixed") is not None:
                node.props[f"facet {kind} fixed"] = el.get("fixed", "false")

    def simple_type(self, el: etree._Element) -> Node:
        node = Node("simpleType", el.get("name", ""))
        self.copy(el, node.props, "final")
        for derivation in self.xs_children(el):
            kind = self.local(derivation)
            node.props["variety"] = kind
            if kind == "restriction":
                base = derivation.get("base")
                if base is not None:
                    node.props["base"] = self.resolve(derivation, base)
                for child in self.xs_children(derivation):
                    if self.local(child) == "simpleType":
                        node.children.append(self.simple_type(child))
                    else:
                        self.facet(child, node)
            elif kind == "list":
                item = derivation.get("itemType")
                if item is not None:
                    node.props["itemType"] = self.resolve(derivation, item)
                node.children = [self.simple_type(c) for c in self.xs_children(derivation)]
            elif kind == "union":
                members = (derivation.get("memberTypes") or "").split()
                node.lists["memberTypes"] = [self.resolve(derivation, m) for m in members]
                node.children = [self.simple_type(c) for c in self.xs_children(derivation)]
        return node


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        no_network=True, resolve_entities=False, remove_comments=True, remove_pis=True
    )


def load_dir(directory: Path) -> SchemaSet:
    """Read every ``*.xsd`` below ``directory`` into one :class:`SchemaSet`."""
    result = SchemaSet()
    files = sorted(p for p in directory.rglob("*.xsd") if p.is_file())
    if not files:
        result.problems.append(f"no *.xsd files below {directory}")
    for path in files:
        try:
            root = etree.parse(str(path), _parser()).getroot()
        except etree.XMLSyntaxError as exc:
            result.problems.append(f"{path}: not well-formed: {exc}")
            continue
        if etree.QName(root).namespace != XS or etree.QName(root).localname != "schema":
            result.problems.append(f"{path}: root is not xs:schema, skipped")
            continue
        reader = _FileReader(root, path)
        props = result.schema_props.setdefault(reader.tns, {})
        props.setdefault("elementFormDefault", set()).add(reader.element_form)
        props.setdefault("attributeFormDefault", set()).add(reader.attribute_form)
        props.setdefault("version", set()).add(root.get("version", "(none)"))
        space = result.components.setdefault(reader.tns, {})
        for node in reader.globals():
            key = (node.kind, node.name)
            if key in space:
                previous = space[key]
                if _diff_node(previous, node, "") != []:
                    result.problems.append(
                        f"{path}: {node.kind} {node.name} defined again, differently"
                    )
                continue
            space[key] = node
    return result


# -- comparison --------------------------------------------------------------------------------


def _quote(values: Iterable[str]) -> str:
    return ", ".join(repr(v) for v in values)


def _join(path: str, part: str) -> str:
    return f"{path} {part}".strip()


def _keyed(children: list[Node]) -> list[tuple[str, Node]]:
    """Pair each child with a key unique among its siblings (``kind name#n`` on repeats)."""
    seen: dict[str, int] = {}
    out: list[tuple[str, Node]] = []
    for child in children:
        base = child.key()
        seen[base] = seen.get(base, 0) + 1
        out.append((base if seen[base] == 1 else f"{base}#{seen[base]}", child))
    return out


def _child_path(path: str, parent: Node, index: int, child: Node) -> str:
    """Readable path of a child: ``sequence[3] Creation``, ``sequence[7] choice[1] Observation``.

    A model group's own path ends with its kind (``sequence``); its children append ``[index]``
    (1-based position on that side) and their label.
    """
    if parent.kind in _MODEL_GROUPS:
        return f"{path}[{index}] {child.label()}"
    return _join(path, child.label())


def _middle(left: list[str], right: list[str]) -> tuple[list[str], list[str]]:
    """Drop the common head and tail of two orderings, leaving the part that differs."""
    head = 0
    while head < min(len(left), len(right)) and left[head] == right[head]:
        head += 1
    tail = 0
    while (
        tail < min(len(left), len(right)) - head
        and left[len(left) - 1 - tail] == right[len(right) - 1 - tail]
    ):
        tail += 1
    return left[head : len(left) - tail], right[head : len(right) - tail]


def _diff_lists(name: str, left: list[str], right: list[str], path: str) -> list[str]:
    out: list[str] = []
    only_left = [v for v in left if v not in right]
    only_right = [v for v in right if v not in left]
    if name in _ORDER_ONLY:
        only_left, only_right = [], []
    if only_left:
        out.append(f"{_join(path, name)} only in left: {_quote(only_left)}")
    if only_right:
        out.append(f"{_join(path, name)} only in right: {_quote(only_right)}")
    common_left = [v for v in left if v in right]
    common_right = [v for v in right if v in left]
    if common_left != common_right:
        lpart, rpart = _middle(common_left, common_right)
        what = name if name in _ORDER_ONLY else f"{name} order"
        out.append(f"{_join(path, what)} differs: left {_quote(lpart)}; right {_quote(rpart)}")
    elif name not in _ORDER_ONLY and not only_left and not only_right and len(left) != len(right):
        out.append(f"{_join(path, name)} repeated values differ: {len(left)} != {len(right)}")
    return out


def _diff_node(left: Node, right: Node, path: str) -> list[str]:
    out: list[str] = []
    for prop in sorted(set(left.props) | set(right.props)):
        lv, rv = left.props.get(prop), right.props.get(prop)
        if lv != rv:
            out.append(f"{_join(path, prop)} {show(lv or '(absent)')} != {show(rv or '(absent)')}")
    for name in sorted(set(left.lists) | set(right.lists)):
        out.extend(_diff_lists(name, left.lists.get(name, []), right.lists.get(name, []), path))

    left_keyed, right_keyed = _keyed(left.children), _keyed(right.children)
    left_index = {k: i for i, (k, _) in enumerate(left_keyed, 1)}
    right_index = {k: i for i, (k, _) in enumerate(right_keyed, 1)}
    right_nodes = dict(right_keyed)
    for key, child in left_keyed:
        if key not in right_index:
            where = _child_path(path, left, left_index[key], child)
            out.append(f"{where} only in left")
    for key, child in right_keyed:
        if key not in left_index:
            where = _child_path(path, right, right_index[key], child)
            out.append(f"{where} only in right")
    if left.ordered or right.ordered:
        common_left = [k for k, _ in left_keyed if k in right_index]
        common_right = [k for k, _ in right_keyed if k in left_index]
        if common_left != common_right:
            names, rnames = _middle(
                [n.label() for k, n in left_keyed if k in right_index],
                [n.label() for k, n in right_keyed if k in left_index],
            )
            out.append(
                f"{path or left.kind} order differs: left {', '.join(names)}; "
                f"right {', '.join(rnames)}"
            )
    for key, child in left_keyed:
        if key in right_nodes:
            out.extend(
                _diff_node(child, right_nodes[key], _child_path(path, left, left_index[key], child))
            )
    return out


def compare_sets(left: SchemaSet, right: SchemaSet) -> list[str]:
    """Every difference between two loaded schema sets, sorted by namespace and component."""
    out: list[str] = []
    out.extend(f"left: {p}" for p in left.problems)
    out.extend(f"right: {p}" for p in right.problems)
    for ns in sorted(set(left.components) | set(right.components)):
        head = f"{{{ns}}}"
        if ns not in right.components:
            count = len(left.components[ns])
            out.append(f"{head} namespace only in left ({count} components)")
            continue
        if ns not in left.components:
            count = len(right.components[ns])
            out.append(f"{head} namespace only in right ({count} components)")
            continue
        for prop in ("elementFormDefault", "attributeFormDefault", "version"):
            lv = sorted(left.schema_props[ns].get(prop, set()))
            rv = sorted(right.schema_props[ns].get(prop, set()))
            if lv != rv:
                out.append(f"{head} schema {prop} {'|'.join(lv)} != {'|'.join(rv)}")
        lspace, rspace = left.components[ns], right.components[ns]
        order = {kind: i for i, kind in enumerate(_GLOBAL_KINDS)}
        keys = sorted(set(lspace) | set(rspace), key=lambda k: (order.get(k[0], 99), k[1]))
        for kind, name in keys:
            where = f"{head} {kind} {name}"
            if (kind, name) not in rspace:
                out.append(f"{where} only in left")
            elif (kind, name) not in lspace:
                out.append(f"{where} only in right")
            else:
                for line in _diff_node(lspace[(kind, name)], rspace[(kind, name)], ""):
                    out.append(f"{where}: {line}")
    return out


def compare_dirs(left: Path, right: Path) -> list[str]:
    """Differences between the schema sets below ``left`` and ``right`` (empty when equal)."""
    return compare_sets(load_dir(left), load_dir(right))


def _print_report(lines: list[str]) -> None:
    current = None
    namespaces = 0
    for line in lines:
        match = re.match(r"\{([^}]*)\} (.*)", line)
        ns, text = (match.group(1), match.group(2)) if match else ("(files)", line)
        if ns != current:
            print(f"\n== {ns} ==")
            current = ns
            namespaces += 1
        print(f"  {text}")
    print(f"\n{len(lines)} difference(s) in {namespaces} namespace(s)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Compare the facts stated by two directories of XML Schemas."
    )
    parser.add_argument("left", type=Path, help="first schema directory (searched recursively)")
    parser.add_argument("right", type=Path, help="second schema directory (searched recursively)")
    args = parser.parse_args(argv)
    left: Path = args.left
    right: Path = args.right
    for directory in (left, right):
        if not directory.is_dir():
            parser.error(f"{directory} is not a directory")
    lines = compare_dirs(left, right)
    if not lines:
        lset, rset = load_dir(left), load_dir(right)
        total = sum(len(space) for space in lset.components.values())
        print(
            f"no differences: {total} components in {len(lset.components)} namespace(s) "
            f"({len(rset.components)} on the right)"
        )
        return 0
    _print_report(lines)
    return 1


if __name__ == "__main__":
    sys.exit(main())
