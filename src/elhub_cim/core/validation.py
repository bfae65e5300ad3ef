"""Stage 3: XSD validation against our compiled, cached schemas.

libxml2 reports schema errors with a line and a node path such as ``/*/*[3]/abie:Creation``;
we turn that into a readable path of local names (``/RequestStartOfSupply/PayloadMPEvent/...``)
by walking the document, and strip namespace URIs from the message text.
"""

from __future__ import annotations

import functools
import itertools
import re
import threading
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, cast

from lxml import etree

from .catalog import MessageType, Standard
from .errors import Problem, mask_identity_numbers
from .safeparse import ParsedDocument
from .xpath import ThreadXPath

__all__ = [
    "compiled_schema",
    "readable_path",
    "readable_paths",
    "schema_problems",
    "validate_document",
]

#: Where a national identity number (fødselsnummer) is carried: ebIX
#: ``schemeAgencyIdentifier="Z01"``, CIM ``codingScheme="ARR"`` (see docs/cim-profile.md).
IDENTITY_NUMBER_SCHEMES: dict[str, frozenset[str]] = {
    "schemeAgencyIdentifier": frozenset({"Z01"}),
    "codingScheme": frozenset({"ARR"}),
}

_CODES = {
    "SCHEMAV_CVC_DATATYPE_VALID_1_2_1": "XSD_VALUE",
    "SCHEMAV_CVC_PATTERN_VALID": "XSD_PATTERN",
    "SCHEMAV_CVC_ENUMERATION_VALID": "XSD_ENUMERATION",
    "SCHEMAV_CVC_LENGTH_VALID": "XSD_LENGTH",
    "SCHEMAV_CVC_MINLENGTH_VALID": "XSD_LENGTH",
    "SCHEMAV_CVC_MAXLENGTH_VALID": "XSD_LENGTH",
    "SCHEMAV_CVC_TOTALDIGITS_VALID": "XSD_DIGITS",
    "SCHEMAV_CVC_FRACTIONDIGITS_VALID": "XSD_DIGITS",
    "SCHEMAV_CVC_MININCLUSIVE_VALID": "XSD_RANGE",
    "SCHEMAV_CVC_MAXINCLUSIVE_VALID": "XSD_RANGE",
    "SCHEMAV_CVC_MINEXCLUSIVE_VALID": "XSD_RANGE",
    "SCHEMAV_CVC_MAXEXCLUSIVE_VALID": "XSD_RANGE",
    "SCHEMAV_ELEMENT_CONTENT": "XSD_CONTENT",
    "SCHEMAV_CVC_COMPLEX_TYPE_2_4": "XSD_CONTENT",
    "SCHEMAV_CVC_COMPLEX_TYPE_3_2_1": "XSD_ATTRIBUTE",
    "SCHEMAV_CVC_COMPLEX_TYPE_3_2_2": "XSD_ATTRIBUTE",
    "SCHEMAV_CVC_COMPLEX_TYPE_4": "XSD_ATTRIBUTE",
    "SCHEMAV_CVC_ELT_1": "XSD_ROOT",
}
# Only braces holding a namespace URI; patterns such as [0-9]{18} keep theirs.
_NAMESPACE_IN_MESSAGE = re.compile(r"\{[A-Za-z][A-Za-z0-9+.-]*:[^{}]*\}")
_STEP = re.compile(r"^(?:(?P<prefix>[^:\[\]]+):)?(?P<name>[^:\[\]]+)(?:\[(?P<index>\d+)\])?$")


#: Each thread's compiled schemas, by schema file. An ``XMLSchema`` keeps the findings of its
#: last validation in its own ``error_log``: one object shared by threads mixed their results
#: (a valid document reported invalid, another thread's errors reported on this one's).
_thread_schemas = threading.local()


def compiled_schema(schema_file: Path) -> etree.XMLSchema:
    """The compiled XSD for ``schema_file`` (compiled once per thread: not to be handed to
    another thread, whose validations would overwrite its error log)."""
    try:
        return _thread_schemas.by_file[schema_file]  # type: ignore[no-any-return]
    except (AttributeError, KeyError):
        return _compile(schema_file)


def _compile(schema_file: Path) -> etree.XMLSchema:
    by_file: dict[Path, etree.XMLSchema] | None = getattr(_thread_schemas, "by_file", None)
    if by_file is None:
        by_file = _thread_schemas.by_file = {}
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    schema = by_file[schema_file] = etree.XMLSchema(etree.parse(str(schema_file), parser))
    return schema


def _locate(root: etree._Element, libxml_path: str) -> etree._Element | None:
    """Follow a libxml2 node path (``/p:A/*[3]/p:B[2]``) through the document."""
    steps = [s for s in libxml_path.split("/") if s]
    if not steps:
        return None
    node = root
    for step in steps[1:]:
        match = _STEP.match(step)
        if match is None:
            return None
        name, index = match["name"], int(match["index"] or 1)
        candidates: Iterator[etree._Element]
        if name == "*":
            candidates = node.iterchildren(etree.Element)
        elif _XML_NAME.fullmatch(name):
            # Children of that local name in any namespace (or none), picked by lxml in C: an
            # invalid document's every problem is located this way (a QName per sibling, made
            # in Python, cost ~1 us each).
            candidates = node.iterchildren(f"{{*}}{name}")
        else:
            candidates = (
                c for c in node.iterchildren(etree.Element) if etree.QName(c).localname == name
            )
        found = next(itertools.islice(candidates, index - 1, None), None)
        if found is None:
            return None
        node = found
    return node


def readable_path(element: etree._Element) -> str:
    """``/Root/Child/Leaf`` by local names, with ``[n]`` where a name repeats among siblings."""
    # Every finding carries one (several per message on Elhub's own examples): the path lxml
    # gives in C (``{ns}name[n]`` steps) is read as a whole, and remembered, instead of reading
    # the tag of every ancestor in Python (~1 us against ~4). Only a path whose reading is
    # unambiguous (no brace inside a namespace) is taken this way; any other the walk reads.
    if not isinstance(element.tag, str):
        return _path_by_siblings(element)
    tree = element.getroottree()
    root = tree.getroot()
    if root is None or not isinstance(root.tag, str):
        return _walked_path(element)
    try:
        steps = tree.getelementpath(element)
    except ValueError:  # not under its document's root element (e.g. removed from its tree)
        return _walked_path(element)
    key = (root.tag, steps)
    known = _READABLE_PATHS.get(key)
    if known is not None:
        return known
    top = _ELEMENT_PATH_STEP.fullmatch(root.tag)
    if top is None or (steps != "." and _ELEMENT_PATH.fullmatch(steps) is None):
        return _walked_path(element)
    path = "/" + top["name"]
    if steps != ".":
        found = _ELEMENT_PATH_STEP.finditer(steps)
        path += "".join(f"/{step['name']}{step['index'] or ''}" for step in found)
    if len(_READABLE_PATHS) < _READABLE_PATHS_KEPT and len(root.tag) + len(steps) <= (
        _READABLE_PATH_KEY_CHARS
    ):
        _READABLE_PATHS[key] = path
    return path


def readable_paths(elements: Sequence[etree._Element]) -> list[str]:
    """:func:`readable_path` of each of ``elements``, the tree and root of the first read once for
    them all (every identifier finding of a message needs a path: ~0.3 us less each). A path met
    before is taken as it was kept; any other, or an element of another tree, goes through
    :func:`readable_path` itself."""
    if not elements:
        return []
    tree = elements[0].getroottree()
    root = tree.getroot()
    root_tag = root.tag if root is not None else None
    if not isinstance(root_tag, str):
        return [readable_path(element) for element in elements]
    kept = _READABLE_PATHS.get
    paths: list[str] = []
    for element in elements:
        path = None
        if isinstance(element.tag, str):
            try:
                path = kept((root_tag, tree.getelementpath(element)))
            except ValueError:  # not in this tree, or removed from it: as readable_path reads it
                path = None
        paths.append(path if path is not None else readable_path(element))
    return paths


#: One step of ``getelementpath``: ``{namespace}name[n]`` (namespace and index optional). A
#: namespace holds no brace (the parser refuses one in a URI; else the walk reads the path), a
#: local name no brace, slash or bracket, so the steps read one way only.
_ELEMENT_PATH_STEP = re.compile(r"(?:\{[^{}]*\})?(?P<name>[^{}/\[\]]+)(?P<index>\[\d+\])?")
_ANY_STEP = r"(?:\{[^{}]*\})?[^{}/\[\]]+(?:\[\d+\])?"
_ELEMENT_PATH = re.compile(f"{_ANY_STEP}(?:/{_ANY_STEP})*")
#: (root tag, lxml's element path) -> readable path: the same paths recur message after message.
_READABLE_PATHS: dict[tuple[str, str], str] = {}
_READABLE_PATHS_KEPT = 4096
#: Only paths this short are kept (Elhub's and our examples: at most ~700 characters), so that
#: hostile input (long namespaces, long names) cannot make the cache hold gigabytes.
_READABLE_PATH_KEY_CHARS = 2048


def _walked_path(element: etree._Element) -> str:
    """:func:`readable_path` with the tags of the element's ancestors read one by one."""
    # The siblings are counted by lxml in C (getelementpath: ``{ns}name[n]`` steps, ``[n]``
    # exactly where a tag repeats among its siblings, n the position among them), not by a loop
    # in Python that builds the tag of every sibling (~0.4 us each: 12 us for a series element
    # among 30 siblings). Its steps are read against the tags of the element's own ancestors,
    # so a namespace holding "/" or "}" cannot mislead the reading.
    tags: list[str] = []
    node: etree._Element | None = element
    while node is not None:
        tag = node.tag
        if not isinstance(tag, str):
            return _path_by_siblings(element)
        tags.append(tag)
        node = node.getparent()
    tags.reverse()
    first = tags[0]
    parts = [first[first.find("}") + 1 :]]
    if len(tags) == 1:
        return "/" + parts[0]
    try:
        steps = element.getroottree().getelementpath(element)
    except ValueError:  # not under its document's root element (e.g. removed from its tree)
        return _path_by_siblings(element)
    if "[" not in steps:
        # No name repeats among the siblings of any step (each would add "[n]"; so would a
        # namespace holding "["): the path is the local names (after the last "}", which a
        # local name cannot hold). The usual case, ~2x quicker than reading the steps.
        return "/" + "/".join(tag[tag.rfind("}") + 1 :] for tag in tags)
    start = 0
    for tag in tags[1:]:
        if not steps.startswith(tag, start):
            return _path_by_siblings(element)
        local = tag[tag.find("}") + 1 :]
        end = start + len(tag)
        if steps.startswith("[", end):
            close = steps.index("]", end) + 1
            local += steps[end:close]
            end = close
        parts.append(local)
        start = end + 1  # past the "/"
    return "/" + "/".join(parts)


def _path_by_siblings(element: etree._Element) -> str:
    """:func:`readable_path` by a walk in Python (any node, in any tree)."""
    parts: list[str] = []
    node = element
    parent = node.getparent()
    while parent is not None:
        tag = node.tag
        count = position = 0
        for sibling in parent:
            if sibling.tag == tag:
                count += 1
                if sibling is node:
                    position = count
        local = _local(node)
        parts.append(f"{local}[{position}]" if count > 1 else local)
        node, parent = parent, parent.getparent()
    parts.append(_local(node))
    return "/" + "/".join(reversed(parts))


def _local_name(tag: str) -> str:
    return tag[tag.find("}") + 1 :]


def _local(node: etree._Element) -> str:
    tag = node.tag
    if isinstance(tag, str):
        return _local_name(tag)
    return etree.QName(node).localname


def _fallback_path(libxml_path: str) -> str:
    steps = [s.split(":", 1)[-1] for s in libxml_path.split("/") if s]
    return "/" + "/".join(steps)


def identity_numbers(root: etree._Element) -> list[str]:
    """Values carried under a national-identity-number scheme anywhere in the document."""
    schemes_now = tuple((a, tuple(sorted(s))) for a, s in IDENTITY_NUMBER_SCHEMES.items())
    select = _carriers(schemes_now)
    found: list[str] = []
    if select is None:
        for element in root.iter():
            if not isinstance(element.tag, str):
                continue
            for attribute, schemes in IDENTITY_NUMBER_SCHEMES.items():
                if element.get(attribute) in schemes and element.text:
                    found.append(element.text.strip())
        return found
    # The attributes that name such a scheme are picked in C (the walk above over every
    # element cost ~60 us on a small document, an XPath predicate on every element ~30 us),
    # in document order: their elements in order, each once per such attribute, as the walk
    # reads them (one element's attributes give the same text, so their order among
    # themselves does not show).
    attributes = select.compiled(root)
    assert isinstance(attributes, list)
    for selected in attributes:
        carrier = selected.getparent()  # type: ignore[union-attr]
        text = carrier.text if isinstance(carrier, etree._Element) else None
        if text:
            found.append(text.strip())
    return found


@functools.cache
def _carriers(schemes: tuple[tuple[str, tuple[str, ...]], ...]) -> ThreadXPath | None:
    """The attributes (of ``root`` and below, in document order) naming one of ``schemes``
    (attribute, values); None when a name or value cannot be written in XPath as it is."""
    tests = [
        f"descendant-or-self::*/@{attribute}[.='{value}']"
        for attribute, values in schemes
        for value in values
        if _XML_NAME.fullmatch(attribute) and "'" not in value
    ]
    if len(tests) != sum(len(values) for _, values in schemes):
        return None
    return ThreadXPath(" | ".join(tests) or "/..", regexp=False)  # (no regular expressions)


_XML_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")


def schema_problems(
    schema: etree.XMLSchema, document: ParsedDocument, *, limit: int = 100
) -> list[Problem]:
    """Turn the schema's error log (after a failed validation) into problems."""
    root = document.root
    secrets = identity_numbers(root)
    problems: list[Problem] = []
    entries = cast(Iterable[Any], schema.error_log)  # lxml-stubs: _ErrorLog is iterable
    for entry in list(entries)[:limit]:
        node = _locate(root, entry.path) if entry.path else None
        path = readable_path(node) if node is not None else _fallback_path(entry.path or "")
        text = _NAMESPACE_IN_MESSAGE.sub("", entry.message).rstrip(".")
        problems.append(
            Problem(
                code=_CODES.get(entry.type_name, "XSD_INVALID"),
                message=mask_identity_numbers(text, secrets),
                file=document.name,
                line=entry.line or None,
                path=path,
            )
        )
    return problems


def validate_document(document: ParsedDocument, message_type: MessageType) -> list[Problem]:
    """Problems of ``document`` against its XSD; an empty list means valid.

    A CIM profile document must also leave out the Nordic elements the profile marks "not
    used" (kept in the XSD so the document stays a superset of the Nordic one): each one
    present is a ``PROFILE_NOT_USED`` problem.
    """
    schema = compiled_schema(message_type.schema_file)
    if schema.validate(document.tree):
        return _not_used(document, message_type)
    return schema_problems(schema, document)


_NOT_USED_MARK = "Nordic element, not used"


@functools.cache
def not_used_paths(schema_file: Path) -> frozenset[tuple[str, ...]]:
    """Element paths (local names from the root) our XSD marks as Nordic elements not used."""
    xs = "{http://www.w3.org/2001/XMLSchema}"
    schema = etree.parse(str(schema_file)).getroot()
    types = {t.get("name"): t for t in schema.iterfind(f"{xs}complexType")}
    found: set[tuple[str, ...]] = set()

    def walk(type_name: str | None, path: tuple[str, ...], depth: int) -> None:
        complex_type = types.get((type_name or "").partition(":")[2] or type_name)
        if complex_type is None or depth > 12:
            return
        for element in complex_type.iter(f"{xs}element"):
            here = (*path, element.get("name", ""))
            text = element.findtext(f"{xs}annotation/{xs}documentation") or ""
            if text.startswith(_NOT_USED_MARK):
                found.add(here)
            else:
                walk(element.get("type"), here, depth + 1)

    for root in schema.iterfind(f"{xs}element"):
        walk(root.get("type"), (), 0)
    return frozenset(found)


@functools.cache
def _not_used_xpath(schema_file: Path) -> ThreadXPath | None:
    """The not-used paths as one XPath from the root, evaluated in C (a walk over every element
    in Python cost more than the XSD validation). No path lies below another (not_used_paths
    stops at the first), so its matches in document order are the walk's."""
    paths = not_used_paths(schema_file)
    if not paths:
        return None
    # By qualified name, not local-name(): ~9x faster in libxml2. The same elements: the paths
    # come from this schema's own types, whose elements are all qualified in its target
    # namespace (elementFormDefault, no wildcard), and only a valid document is looked at.
    namespace = etree.parse(str(schema_file)).getroot().get("targetNamespace") or ""
    steps = ("/".join(f"p:{name}" for name in path) for path in sorted(paths))
    return ThreadXPath(" | ".join(f"./{step}" for step in steps), namespaces={"p": namespace})


def _not_used(document: ParsedDocument, message_type: MessageType) -> list[Problem]:
    if message_type.standard is not Standard.CIM or message_type.legacy:
        return []
    xpath = _not_used_xpath(message_type.schema_file)
    if xpath is None:
        return []
    found = xpath.compiled(document.root)
    assert isinstance(found, list)
    problems: list[Problem] = []
    for child in found:
        assert isinstance(child, etree._Element)
        here: list[str] = []
        node: etree._Element | None = child
        while node is not None and node is not document.root:
            here.append(etree.QName(node).localname)
            node = node.getparent()
        problems.append(
            Problem(
                "PROFILE_NOT_USED",
                f"{'/'.join(reversed(here))} is a Nordic element the profile does not use "
                "(Elhub has no such information and EMIF no field for it): leave it out",
                file=document.name,
                line=child.sourceline if isinstance(child.sourceline, int) else None,
                path=readable_path(child),
            )
        )
    return problems
