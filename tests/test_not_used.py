"""PROFILE_NOT_USED found by one XPath (core/validation.py) exactly as the walk over every
element that it replaced: the same problems, in the same order, for every CIM example with every
not-used element of its schema added (and without)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from elhub_cim.core.errors import Problem
from elhub_cim.core.identify import identify
from elhub_cim.core.safeparse import ParsedDocument, parse_bytes
from elhub_cim.core.validation import _not_used, not_used_paths, readable_path
from tests.conftest import PROJECT_ROOT

EXAMPLES = sorted((PROJECT_ROOT / "examples" / "cim").glob("*.xml"))


def _walk(document: ParsedDocument, paths: frozenset[tuple[str, ...]]) -> list[tuple[Any, ...]]:
    """The walk that core.validation._not_used was (the oracle)."""
    found: list[tuple[Any, ...]] = []

    def visit(element: etree._Element, path: tuple[str, ...]) -> None:
        for child in element:
            if not isinstance(child.tag, str):
                continue
            here = (*path, etree.QName(child).localname)
            if here in paths:
                found.append(("/".join(here), child.sourceline, readable_path(child)))
            else:
                visit(child, here)

    visit(document.root, ())
    return found


def _seen(problems: list[Problem]) -> list[tuple[Any, ...]]:
    return [(p.message.split(" ", 1)[0], p.line, p.path) for p in problems]


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_the_xpath_finds_what_the_walk_found(path: Path) -> None:
    plain = parse_bytes(path.read_bytes(), name=path.name)
    message_type = identify(plain)
    paths = not_used_paths(message_type.schema_file)
    assert _seen(_not_used(plain, message_type)) == _walk(plain, paths)
    # Every not-used element added where its path says (ancestors created as needed), twice.
    root = plain.root
    namespace = etree.QName(root).namespace
    for not_used in sorted(paths):
        for _ in range(2):
            node = root
            for name in not_used[:-1]:
                child = node.find(f"{{{namespace}}}{name}")
                node = (
                    child if child is not None else etree.SubElement(node, f"{{{namespace}}}{name}")
                )
            etree.SubElement(node, f"{{{namespace}}}{not_used[-1]}")
    data = etree.tostring(root)
    document = parse_bytes(data, name=path.name)
    found = _not_used(document, message_type)
    assert _seen(found) == _walk(document, paths)
    assert len(found) == 2 * len(paths) or not paths


def test_the_examples_reach_not_used_paths() -> None:
    counts = [
        len(not_used_paths(identify(parse_bytes(p.read_bytes(), name=p.name)).schema_file))
        for p in EXAMPLES
    ]
    assert sum(1 for c in counts if c) >= 10


def test_not_used_paths_are_qualified_names_of_the_schema() -> None:
    """What lets the XPath match by qualified name: every profile schema qualifies its elements
    in its target namespace and has no wildcard through which another namespace could come."""
    folder = PROJECT_ROOT / "schemas" / "cim"
    checked = 0
    for schema_file in sorted(folder.glob("elhub-profile-*/*.xsd")):
        if not not_used_paths(schema_file):
            continue
        root = etree.parse(str(schema_file)).getroot()
        assert root.get("elementFormDefault") == "qualified", schema_file.name
        assert root.get("targetNamespace"), schema_file.name
        xs = "{http://www.w3.org/2001/XMLSchema}"
        assert next(root.iter(f"{xs}any"), None) is None, schema_file.name
        checked += 1
    assert checked >= 10
