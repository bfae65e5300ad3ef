"""Semantic XML equality: C14N 2.0 ignoring whitespace-only text, prefixes, comments and
``xsi:schemaLocation`` (what a message means, not how it was typed). A text that is not only
whitespace is compared as it is, its leading and trailing spaces included: in an ``xs:string``
(a name, an address line) they are data, and a conversion that drops them must show.

:func:`differences` compares two documents line by line in a canonical form of its own (one
line per start tag with its attributes sorted, per text, per end tag; namespaces named ``n0``,
``n1``, ... in order of first use): the same equality as C14N 2.0 without whitespace-only text
and with rewritten prefixes, computed in one pass over each tree, and bounded: a document with
more than ``max_nodes`` elements, attributes and texts is refused (``DIFF_TOO_LARGE``) before
any diff is computed, so that a diff never runs for minutes or runs out of memory.
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from .errors import ElhubCimError, MalformedXmlError, Problem, shown_value
from .safeparse import DTD_FORBIDDEN_MESSAGE

__all__ = [
    "DEFAULT_MAX_NODES",
    "DiffTooLargeError",
    "canonical",
    "canonical_lines",
    "differences",
    "same_xml",
]

XSI_SCHEMA_LOCATION = "{http://www.w3.org/2001/XMLSchema-instance}schemaLocation"
#: Most elements + attributes + texts a document may have for :func:`differences` (a few
#: seconds and a few hundred MB at most); raise it for larger documents.
DEFAULT_MAX_NODES = 500_000


class DiffTooLargeError(ElhubCimError):
    """A document is too large to compare within the configured bound."""

    default_code = "DIFF_TOO_LARGE"


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        remove_comments=True,
        remove_pis=True,
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
    )


def _root(data: bytes, name: str | None = None) -> etree._Element:
    """The root of ``data``; a DOCTYPE is refused (``XML_DTD_FORBIDDEN``), as by the safe
    parser: its entities are not resolved here, and ``&e;`` compared as nothing would make
    documents whose entities stand for other values the same."""
    root = etree.fromstring(data, _parser())
    docinfo: Any = root.getroottree().docinfo  # lxml-stubs lack DocInfo.doctype
    if docinfo.doctype or docinfo.internalDTD is not None or docinfo.externalDTD is not None:
        raise MalformedXmlError(
            [Problem("XML_DTD_FORBIDDEN", DTD_FORBIDDEN_MESSAGE, file=name, line=1)]
        )
    return root


def canonical(data: bytes) -> str:
    """The C14N 2.0 form of ``data`` with prefixes rewritten and whitespace-only text dropped
    (other text kept as it is: C14N's ``strip_text`` would strip it too). A DOCTYPE is
    refused (:class:`MalformedXmlError`)."""
    root = _root(data)
    for element in root.iter():
        if element.text is not None and not element.text.strip():
            element.text = None
        if element.tail is not None and not element.tail.strip():
            element.tail = None
    text: str = etree.canonicalize(
        root, strip_text=False, rewrite_prefixes=True, exclude_attrs=[XSI_SCHEMA_LOCATION]
    )
    return text


def same_xml(left: bytes, right: bytes) -> bool:
    return canonical(left) == canonical(right)


def _escape_text(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#xD;")
    )


def _escape_attribute(text: str) -> str:
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace('"', "&quot;")
        .replace("\t", "&#x9;")
        .replace("\n", "&#xA;")
        .replace("\r", "&#xD;")
    )


def _attributes(element: etree._Element) -> list[tuple[str, str]]:
    """(Clark name, value) of every attribute. lxml's ``items()`` looks each value up by name
    (quadratic: 58 s for 100,000 attributes); XPath walks them once."""
    count = len(element.keys())
    if count <= 16:
        return [(str(k), str(v)) for k, v in element.items()]
    found = element.xpath("@*")
    assert isinstance(found, list)
    return [(str(getattr(a, "attrname", "")), str(a)) for a in found]


def _text_run(text: str | None, node: etree._Element | None, name: str | None = None) -> str | None:
    """``text`` with the tails of the comments and processing instructions from ``node`` up to
    the next element: the text a parser that drops them gives (``a<!--c-->b`` is ``ab``). A
    tree built elsewhere keeps them, and the text after one is still the element's text. An
    entity reference left unresolved is refused: what it stands for is not in the tree."""
    while node is not None and not isinstance(node.tag, str):
        if isinstance(node, etree._Entity):
            raise MalformedXmlError(
                [
                    Problem(
                        "XML_DTD_FORBIDDEN",
                        f"entity reference {shown_value(str(node.text), 60)} not resolved; "
                        "not compared",
                        file=name,
                        line=node.sourceline if isinstance(node.sourceline, int) else None,
                    )
                ]
            )
        if node.tail:
            text = (text or "") + node.tail
        node = node.getnext()
    return text


def _has_elements(element: etree._Element) -> bool:
    """Whether ``element`` has a child element (not only comments or processing instructions)."""
    if not len(element):
        return False
    return isinstance(element[0].tag, str) or any(isinstance(c.tag, str) for c in element)


def canonical_lines(
    root: etree._Element, *, max_nodes: int = DEFAULT_MAX_NODES, name: str | None = None
) -> list[str]:
    """``root``'s document as lines of the canonical form (see the module docstring).

    Raises :class:`DiffTooLargeError` as soon as more than ``max_nodes`` elements, attributes
    and texts have been seen.
    """
    prefixes: dict[str, str] = {}
    declared: list[str] = []  # namespaces first used by the current start tag
    lines: list[str] = []
    nodes = 0

    def qualified(tag: str) -> str:
        if tag[:1] != "{":
            return tag
        uri, _, local = tag[1:].partition("}")
        prefix = prefixes.get(uri)
        if prefix is None:
            prefix = prefixes[uri] = f"n{len(prefixes)}"
            declared.append(f' xmlns:{prefix}="{_escape_attribute(uri)}"')
        return f"{prefix}:{local}"

    def text_line(text: str | None) -> None:
        nonlocal nodes
        if text is not None and text.strip():
            nodes += 1
            lines.append(_escape_text(text))

    for event, element in etree.iterwalk(root, events=("start", "end")):
        # (iterwalk yields elements only: a comment's or PI's tail is taken by _text_run)
        if event == "start":
            attributes = [
                (key, value) for key, value in _attributes(element) if key != XSI_SCHEMA_LOCATION
            ]
            nodes += 1 + len(attributes)
            if nodes > max_nodes:
                raise DiffTooLargeError(
                    [
                        Problem(
                            DiffTooLargeError.default_code,
                            f"more than {max_nodes} elements, attributes and texts to compare; "
                            "not compared (raise the bound with --max-nodes if this is a real "
                            "message)",
                            file=name,
                            line=element.sourceline
                            if isinstance(element.sourceline, int)
                            else None,
                        )
                    ]
                )
            declared.clear()
            tag = qualified(str(element.tag))
            shown = "".join(
                f' {qualified(key)}="{_escape_attribute(value)}"'
                for key, value in sorted(attributes)
            )
            # A namespace is named (n0, n1, ...) where first used, as C14N 2.0 declares it.
            shown = "".join(declared) + shown
            content = _text_run(element.text, element[0] if len(element) else None, name)
            if _has_elements(element):
                lines.append(f"<{tag}{shown}>")
                text_line(content)
            else:
                text = content or ""
                if not text.strip():
                    text = ""
                nodes += bool(text)
                lines.append(f"<{tag}{shown}>{_escape_text(text)}</{tag}>")
        else:
            if _has_elements(element):
                lines.append(f"</{qualified(str(element.tag))}>")
            if element is not root:
                text_line(_text_run(element.tail, element.getnext(), name))
    return lines


def differences(
    left: bytes | etree._Element,
    right: bytes | etree._Element,
    *,
    labels: tuple[str, str] = ("left", "right"),
    max_nodes: int = DEFAULT_MAX_NODES,
) -> list[str]:
    """A unified diff of the canonical forms (empty when the documents are the same).

    ``left`` and ``right`` are XML bytes or parsed roots; more than ``max_nodes`` elements,
    attributes and texts in either raises :class:`DiffTooLargeError`, a DOCTYPE (or an entity
    reference left unresolved in a root) :class:`MalformedXmlError`.
    """
    a, b = (
        canonical_lines(
            side if isinstance(side, etree._Element) else _root(side, label),
            max_nodes=max_nodes,
            name=label,
        )
        for side, label in ((left, labels[0]), (right, labels[1]))
    )
    if a == b:
        return []
    import difflib  # only when there is a difference to show

    return list(difflib.unified_diff(a, b, *labels, lineterm=""))
