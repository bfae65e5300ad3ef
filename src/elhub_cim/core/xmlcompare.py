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

from typing import TYPE_CHECKING, Any

from lxml import etree

from .errors import ElhubCimError, MalformedXmlError, Problem, shown_value
from .safeparse import DTD_FORBIDDEN_MESSAGE

if TYPE_CHECKING:
    from difflib import Match

__all__ = [
    "DEFAULT_MAX_NODES",
    "DiffTooLargeError",
    "canonical",
    "canonical_lines",
    "differences",
    "same_xml",
    "unified_diff",
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
    return unified_diff(a, b, labels)


#: Most line pairs (left lines times right lines) difflib's matcher is given at once. It is
#: about cubic in lines that recur without being its "junk" (under 1 % of the lines each):
#: 20,000 such lines took a minute. Up to this it takes a fraction of a second.
DIFFLIB_PAIRS = 4_000_000


def unified_diff(a: list[str], b: list[str], labels: tuple[str, str]) -> list[str]:
    """The unified diff (3 lines of context) of lines ``a`` and ``b``, in bounded time.

    Small inputs (at most :data:`DIFFLIB_PAIRS` line pairs) get difflib's diff. Larger ones
    are matched as "patience diff" does: the common start and end, then the lines found once
    on each side as anchors (in the order both keep), recursively between them, each part
    small enough given to difflib; a part without such a line (or met once the lines looked at
    for anchors are 64 times the lines compared) is shown replaced whole. Every line shown as
    the same is the same, and the diff applied to ``a`` gives ``b``.
    """
    import difflib  # only when there is a difference to show

    if len(a) * len(b) <= DIFFLIB_PAIRS:
        return list(difflib.unified_diff(a, b, *labels, lineterm=""))
    blocks = _matching_blocks(a, b)

    class Matcher(difflib.SequenceMatcher[str]):
        def get_matching_blocks(self) -> list[Match]:  # (what get_opcodes works from)
            return blocks

    matcher = Matcher(None, a, b, autojunk=False)
    lines: list[str] = []
    for group in matcher.get_grouped_opcodes(3):
        if not lines:
            lines += [f"--- {labels[0]}", f"+++ {labels[1]}"]
        first, last = group[0], group[-1]
        lines.append(f"@@ -{_hunk_range(first[1], last[2])} +{_hunk_range(first[3], last[4])} @@")
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                lines += [" " + line for line in a[i1:i2]]
                continue
            lines += ["-" + line for line in a[i1:i2]]
            lines += ["+" + line for line in b[j1:j2]]
    return lines


def _hunk_range(start: int, stop: int) -> str:
    """A hunk's range as unified diffs write it (difflib's ``_format_range_unified``)."""
    beginning, length = start + 1, stop - start
    if length == 1:
        return str(beginning)
    if not length:
        beginning -= 1
    return f"{beginning},{length}"


def _matching_blocks(a: list[str], b: list[str]) -> list[Match]:
    """difflib's matching blocks (``Match(a, b, size)``, ascending, the last ``(len(a),
    len(b), 0)``), found in bounded time (see :func:`unified_diff`)."""
    import difflib

    found: list[tuple[int, int, int]] = []
    ranges = [(0, len(a), 0, len(b))]
    budget = 64 * (len(a) + len(b))  # lines looked at for anchors; then parts are replaced
    while ranges:
        alo, ahi, blo, bhi = ranges.pop()
        start = 0  # the common start
        while alo + start < ahi and blo + start < bhi and a[alo + start] == b[blo + start]:
            start += 1
        if start:
            found.append((alo, blo, start))
            alo, blo = alo + start, blo + start
        end = 0  # the common end
        while alo < ahi - end and blo < bhi - end and a[ahi - end - 1] == b[bhi - end - 1]:
            end += 1
        if end:
            found.append((ahi - end, bhi - end, end))
            ahi, bhi = ahi - end, bhi - end
        if alo == ahi or blo == bhi:
            continue
        if (ahi - alo) * (bhi - blo) <= DIFFLIB_PAIRS:
            # (with its junk heuristic, as difflib.unified_diff: lines making up more than 1 %
            # of a part anchor no match; without it, 2,000 lines of two values took 2 s)
            part = difflib.SequenceMatcher(None, a[alo:ahi], b[blo:bhi])
            found += [(alo + i, blo + j, n) for i, j, n in part.get_matching_blocks() if n]
            continue
        budget -= (ahi - alo) + (bhi - blo)
        anchors = _unique_common(a, alo, ahi, b, blo, bhi) if budget >= 0 else []
        if not anchors:
            continue  # (shown replaced whole)
        previous_i, previous_j = alo, blo
        for i, j in anchors:
            found.append((i, j, 1))
            ranges.append((previous_i, i, previous_j, j))
            previous_i, previous_j = i + 1, j + 1
        ranges.append((previous_i, ahi, previous_j, bhi))
    found.sort()
    merged: list[tuple[int, int, int]] = []
    for i, j, n in found:  # adjacent blocks as one, as difflib gives them
        if merged and merged[-1][0] + merged[-1][2] == i and merged[-1][1] + merged[-1][2] == j:
            merged[-1] = (merged[-1][0], merged[-1][1], merged[-1][2] + n)
        else:
            merged.append((i, j, n))
    return [difflib.Match(i, j, n) for i, j, n in [*merged, (len(a), len(b), 0)]]


def _unique_common(
    a: list[str], alo: int, ahi: int, b: list[str], blo: int, bhi: int
) -> list[tuple[int, int]]:
    """The lines found exactly once in ``a[alo:ahi]`` and once in ``b[blo:bhi]``, as (index in
    a, index in b): the longest run of them in the same order on both sides."""
    import bisect

    seen_a: dict[str, int] = {}
    for i in range(alo, ahi):
        seen_a[a[i]] = -1 if a[i] in seen_a else i
    seen_b: dict[str, int] = {}
    for j in range(blo, bhi):
        line = b[j]
        if seen_a.get(line, -1) >= 0:
            seen_b[line] = -1 if line in seen_b else j
    pairs = sorted((seen_a[line], j) for line, j in seen_b.items() if j >= 0)
    # The longest increasing run of b's indexes (patience sorting), with back links.
    tops: list[int] = []  # b index at the top of each pile
    top_at: list[int] = []  # its pair's position
    back: list[int] = [-1] * len(pairs)
    for position, (_, j) in enumerate(pairs):
        pile = bisect.bisect_left(tops, j)
        back[position] = top_at[pile - 1] if pile else -1
        if pile == len(tops):
            tops.append(j)
            top_at.append(position)
        else:
            tops[pile] = j
            top_at[pile] = position
    run: list[tuple[int, int]] = []
    position = top_at[-1] if top_at else -1
    while position >= 0:
        run.append(pairs[position])
        position = back[position]
    return run[::-1]
