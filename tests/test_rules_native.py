"""The identifiers found by the native tree walk (``elhub_cim.rules._native``) against those
the XPath of ``rules.identifiers._declared`` selects: the same elements with the same schemes in
the same order, on every example and on trees edited to hold what the examples do not
(namespaced scheme attributes, empty values, comments, identifiers in the root element and in
elements outside the root's subtree, entities of a DTD)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from elhub_cim.core.safeparse import parse_bytes
from elhub_cim.rules import identifiers
from tests.conftest import PROJECT_ROOT

EXAMPLES = sorted((PROJECT_ROOT / "examples").rglob("*.xml"))

needs_native = pytest.mark.skipif(
    identifiers._native is None, reason="the native identifier walk is not built (pure Python)"
)


@contextmanager
def _native(on: bool) -> Iterator[None]:
    saved = identifiers.native
    identifiers.native = on
    try:
        yield
    finally:
        identifiers.native = saved


def _both(root: Any) -> list[tuple[Any, Any]]:
    """What each way finds: asserted the same (elements by identity, schemes, order)."""
    with _native(False):
        expected = identifiers._declared(root)
    with _native(True):
        found = identifiers._declared(root)
    assert [(id(e), s) for e, s in found] == [(id(e), s) for e, s in expected]
    assert [e.tag for e, _ in found] == [e.tag for e, _ in expected]
    return found


def test_the_native_walk_is_built_under_ci() -> None:
    if os.environ.get("CI", "").lower() != "true" and identifiers._native is None:
        pytest.skip("the native identifier walk is not built here (no C compiler or Cython)")
    assert identifiers._native is not None


@needs_native
def test_every_example_declares_alike() -> None:
    found = 0
    for path in EXAMPLES:
        found += len(_both(parse_bytes(path.read_bytes()).root))
    assert found > 200  # (the examples' parties and metering points)


_SCHEMES = [
    ("schemeAgencyIdentifier", "9"),
    ("schemeAgencyIdentifier", "82"),
    ("codingScheme", "A10"),
    ("codingScheme", "NNO"),
    ("codingScheme", "XXX"),
    ("{urn:x-other}codingScheme", "A10"),
    ("schemeAgencyIdentifier", ""),
]


@needs_native
@given(
    st.lists(
        st.tuples(st.integers(0, 500), st.sampled_from(_SCHEMES), st.booleans()),
        min_size=1,
        max_size=6,
    )
)
def test_edited_trees_declare_alike(edits: list[tuple[int, tuple[str, str], bool]]) -> None:
    """Scheme attributes set (or namespaced, or empty, or of no known scheme) on any element,
    the root's included, with comments beside them: both ways find the same."""
    root = parse_bytes((PROJECT_ROOT / "examples" / "ebix" / "CollectedData.xml").read_bytes()).root
    elements = list(root.iter(etree.Element))
    for index, (name, value), comment in edits:
        element = elements[index % len(elements)]
        element.set(name, value)
        if comment and element is not root:
            element.addprevious(etree.Comment("c"))
    _both(root)


@needs_native
def test_a_dtd_leaves_it_to_the_xpath() -> None:
    """A document with a DTD (an attribute may hold its entities): the walk gives up (None) and
    the XPath decides; both ways then agree, the entity's value read as lxml reads it."""
    text = (
        '<!DOCTYPE r [<!ENTITY nine "9">]>'
        '<r><a schemeAgencyIdentifier="&nine;">7080005051291</a>'
        '<b schemeAgencyIdentifier="9">7080005051291</b></r>'
    )
    root = etree.fromstring(text.encode(), etree.XMLParser(resolve_entities=False))
    assert identifiers._native is not None
    assert identifiers._native.declared(root, ("schemeAgencyIdentifier",), {}) is None
    assert len(_both(root)) == 2


@needs_native
def test_a_subtree_is_looked_at_as_its_whole_document() -> None:
    """The XPath is absolute (``/descendant::*``): given an element below the root, both look
    at the whole document, as check_identifiers always has."""
    root = parse_bytes((PROJECT_ROOT / "examples" / "ebix" / "CollectedData.xml").read_bytes()).root
    inner = next(e for e in root.iter(etree.Element) if len(e) and e is not root)
    assert _both(inner) == _both(root)
    assert _both(root)


_NOT_A_TREE = """
import sys
from elhub_cim.core.safeparse import ParsedDocument
from elhub_cim.rules import identifiers
identifiers.native = sys.argv[1] == "native"
for root in (None, "<r/>", 5):
    try:
        identifiers.check_identifiers(ParsedDocument(root=root, name="x.xml", size=0))
    except TypeError as error:
        print(error)
"""


@pytest.mark.parametrize("way", ["native", "xpath"])
def test_a_document_whose_root_is_no_element_is_refused_either_way(way: str) -> None:
    """A ParsedDocument made by hand with no element for a root (None, text): a TypeError
    that names the root, the same with the native walk and without it. (The walk read the
    fields of an lxml element from whatever it was given: None crashed the interpreter.) In a
    child process, so that a crash fails this test rather than ending the run."""
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-c", _NOT_A_TREE, way], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.splitlines() == [
        f"check_identifiers() takes a ParsedDocument whose root is an lxml element, not {name}"
        for name in ("NoneType", "str", "int")
    ]
