"""Changes that make an example document break rules, for the tests that judge the changed
documents two ways and compare (tests/test_rules_compiled.py, tests/test_rules_fast_paths.py):
an element left out, doubled or moved to the end of its parent, a leaf's text replaced, an
attribute set. Each test chooses its own changes and values; the steps are these."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from lxml import etree

__all__ = ["DOUBLE", "KINDS", "LEAVE_OUT", "MOVE_TO_END", "NEW_TEXT", "SET_ATTRIBUTE", "Change"]
__all__ += ["changed"]

#: The kinds of change (:attr:`Change.kind`).
LEAVE_OUT, DOUBLE, MOVE_TO_END, NEW_TEXT, SET_ATTRIBUTE = range(5)
#: How many kinds there are (a kind drawn from ``range(KINDS)``).
KINDS = 5


@dataclass(frozen=True, slots=True)
class Change:
    """One change: of the element numbered ``which`` in document order (of the leaf numbered
    ``which`` for :data:`NEW_TEXT`), counted modulo their number so that any number names one.
    ``text`` is a leaf's new text or the attribute's value, ``attribute`` the name of the
    attribute set. The root, which has no parent, is not left out, doubled or moved: it gets the
    attribute instead."""

    kind: int
    which: int
    text: str = ""
    attribute: str = ""


def changed(data: bytes, changes: Iterable[Change]) -> bytes:
    """The document ``data`` with each of ``changes`` made, in turn (each counts the elements
    of the document as the changes before it left it)."""
    root = etree.fromstring(data)
    for change in changes:
        if not 0 <= change.kind < KINDS:
            raise ValueError(f"kind is one of range({KINDS}), not {change.kind!r}")
        elements = [e for e in root.iter() if isinstance(e.tag, str)]
        element = elements[change.which % len(elements)]
        parent = element.getparent()
        if change.kind == LEAVE_OUT and parent is not None:
            parent.remove(element)
        elif change.kind == DOUBLE and parent is not None:
            parent.insert(parent.index(element), etree.fromstring(etree.tostring(element)))
        elif change.kind == MOVE_TO_END and parent is not None:
            parent.append(element)
        elif change.kind == NEW_TEXT:
            leaves = [e for e in elements if len(e) == 0]
            leaves[change.which % len(leaves)].text = change.text
        else:  # (SET_ATTRIBUTE, and what the root, with no parent, gets instead of the others)
            element.set(change.attribute, change.text)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")
