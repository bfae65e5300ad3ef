"""Semantic XML equality for tests: C14N 2.0 ignoring whitespace-only text, prefixes, comments
and ``xsi:schemaLocation`` (what a message means, not how it was typed)."""

from __future__ import annotations

import difflib

from lxml import etree

XSI_SCHEMA_LOCATION = "{http://www.w3.org/2001/XMLSchema-instance}schemaLocation"


def canonical(data: bytes) -> str:
    parser = etree.XMLParser(remove_comments=True, remove_pis=True, resolve_entities=False)
    root = etree.fromstring(data, parser)
    text: str = etree.canonicalize(
        root,
        strip_text=True,
        rewrite_prefixes=True,
        exclude_attrs=[XSI_SCHEMA_LOCATION],
    )
    return text


def assert_same_xml(expected: bytes, actual: bytes) -> None:
    left, right = canonical(expected), canonical(actual)
    if left != right:
        diff = difflib.unified_diff(
            left.replace("><", ">\n<").splitlines(),
            right.replace("><", ">\n<").splitlines(),
            "expected",
            "actual",
            lineterm="",
        )
        raise AssertionError("documents differ:\n" + "\n".join(list(diff)[:60]))
