"""Identifiers are selected by one of two XPaths (rules/identifiers.py ``_declared``): one walk
per scheme attribute (ebIX) or one walk over every attribute, the schemes picked in Python (any
other document). Which one runs changes only the cost: both give the same (element, scheme)
pairs in the same order, on any tree (namespaced look-alike attributes, the root's own
attributes, an element carrying both scheme attributes, comments)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from elhub_cim.core import validation
from elhub_cim.core.xpath import ThreadXPath
from elhub_cim.rules import identifiers
from tests.conftest import PROJECT_ROOT, REFERENCE_ROOT

EXAMPLES = sorted((PROJECT_ROOT / "examples").glob("*/*.xml")) + sorted(
    (REFERENCE_ROOT / "elhub-emif-2.4.3" / "examples").glob("*.xml")
)


def _selected(root: etree._Element, select: ThreadXPath) -> list[tuple[Any, Any]]:
    """``_declared`` through the attribute selection ``select``, whatever the root's namespace."""
    by_attribute: dict[str, dict[str, Any]] = {}
    for known in identifiers.identifier_schemes():
        by_attribute.setdefault(known.attribute, {})[known.value] = known
    result = select.compiled(root)
    assert isinstance(result, list)
    found = []
    for attribute in result:
        scheme = by_attribute.get(str(attribute.attrname), {}).get(str(attribute))  # type: ignore[union-attr]
        if scheme is not None:
            found.append((attribute.getparent(), scheme))  # type: ignore[union-attr]
    return found


def _by_schemes(root: etree._Element) -> list[tuple[Any, Any]]:
    """``_declared`` through the per-scheme-attribute XPath."""
    return _selected(root, identifiers._scheme_xpath())


def _by_all(root: etree._Element) -> list[tuple[Any, Any]]:
    """``_declared`` through the every-attribute XPath."""
    return _selected(root, identifiers._ALL_ATTRIBUTES)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_both_selections_find_the_same_identifiers_in_every_example(path: Path) -> None:
    root = etree.fromstring(path.read_bytes())
    assert _by_all(root) == _by_schemes(root) == identifiers._declared(root)


@st.composite
def _trees(draw: st.DrawFn) -> etree._Element:
    attributes = st.sampled_from(
        ["schemeAgencyIdentifier", "codingScheme", "{urn:p}codingScheme", "listAgencyIdentifier"]
    )
    values = st.sampled_from(["Z01", "ARR", "9", "A10", "305", "NNO", "", "z01"])
    root_tag = draw(st.sampled_from(["R", "{urn:no:elhub:emif:x}R", "{urn:y}R"]))

    def grow(element: etree._Element, depth: int) -> None:
        for attribute in draw(st.lists(attributes, max_size=3, unique=True)):
            element.set(attribute, draw(values))
        for _ in range(draw(st.integers(0, 3 if depth < 3 else 0))):
            child = etree.SubElement(element, draw(st.sampled_from(["A", "{urn:x}B"])))
            child.text = draw(st.sampled_from([None, "", "7080005051286", " 1 "]))
            grow(child, depth + 1)
            if draw(st.booleans()):
                element.append(etree.Comment("c"))

    root = etree.Element(root_tag)
    grow(root, 0)
    return root


@given(_trees())
def test_both_selections_find_the_same_identifiers_on_any_tree(root: etree._Element) -> None:
    assert _by_all(root) == _by_schemes(root) == identifiers._declared(root)
    for element in root.iter():  # (a subtree: both still look at the whole document)
        if isinstance(element.tag, str):
            assert identifiers._declared(element) == _by_schemes(element)


@given(
    st.sampled_from(identifiers.identifier_schemes()),
    st.one_of(
        st.sampled_from(
            ["01010012356", "1234567890123", "7080005051286", "707057500012345678", "923609016"]
        ),
        st.text(alphabet="0123456789 -Y\u0663", max_size=45),
    ),
)
def test_an_identifier_is_judged_the_same_first_and_remembered(
    scheme: identifiers.IdentifierScheme, value: str
) -> None:
    """What check_identifiers looks up (_judged, _JUDGED): right ones as right, wrong ones with
    the finding _finding makes (one with a digit of another script than ASCII: its own), the
    first time and when remembered (short values only)."""
    other_digits = any(not char.isascii() and char.isdigit() for char in value)
    expected = (
        (scheme, "ID_NON_ASCII_DIGITS", identifiers._digits_message(scheme, value))
        if other_digits
        else (scheme, None, None)
        if identifiers.is_valid(scheme.kind, value)
        else (scheme, *identifiers._finding(scheme, value))
    )
    assert identifiers._judged(scheme, value) == expected
    assert identifiers._judged(scheme, value) == expected
    remembered = identifiers._JUDGED.get((id(scheme), value))
    assert (remembered == expected) == (len(value) <= identifiers._REMEMBERED_CHARS)
    if expected[2] is not None:
        assert "01010012356" not in expected[2]


def test_paths_read_together_are_the_paths_read_one_by_one() -> None:
    """validation.readable_paths (the paths of an identifier check's findings) against
    readable_path: elements of one tree and of another, a removed element, repeated names (and
    a comment among the siblings), and paths met before and not."""
    first = etree.fromstring(
        b'<r xmlns="urn:a"><H><C/><C/><!--c--></H><b:H xmlns:b="urn:b"><C/></b:H><P/></r>'
    )
    second = etree.fromstring(b"<s><C/><C/></s>")
    removed = first[2]
    first.remove(removed)
    elements = [*first.iter(etree.Element), *second.iter(), removed, first]
    validation._READABLE_PATHS.clear()
    expected = [validation.readable_path(e) for e in elements]
    assert validation.readable_paths(elements) == expected  # from what readable_path kept
    validation._READABLE_PATHS.clear()
    assert validation.readable_paths(elements) == expected  # afresh
    assert validation.readable_paths([]) == []
    for path in EXAMPLES[:20]:
        root = etree.fromstring(path.read_bytes())
        found = [element for element, _ in identifiers._declared(root)]
        assert validation.readable_paths(found) == [validation.readable_path(e) for e in found]
