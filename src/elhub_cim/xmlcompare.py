"""Semantic XML equality: C14N 2.0 ignoring whitespace-only text, prefixes, comments and
``xsi:schemaLocation`` (what a message means, not how it was typed)."""

from __future__ import annotations

import difflib

from lxml import etree

__all__ = ["canonical", "differences", "same_xml"]

XSI_SCHEMA_LOCATION = "{http://www.w3.org/2001/XMLSchema-instance}schemaLocation"


def canonical(data: bytes) -> str:
    """The C14N 2.0 form of ``data`` with prefixes rewritten and whitespace-only text dropped."""
    parser = etree.XMLParser(
        remove_comments=True, remove_pis=True, resolve_entities=False, no_network=True
    )
    root = etree.fromstring(data, parser)
    text: str = etree.canonicalize(
        root, strip_text=True, rewrite_prefixes=True, exclude_attrs=[XSI_SCHEMA_LOCATION]
    )
    return text


def same_xml(left: bytes, right: bytes) -> bool:
    return canonical(left) == canonical(right)


def differences(
    left: bytes, right: bytes, *, labels: tuple[str, str] = ("left", "right")
) -> list[str]:
    """A unified diff of the canonical forms (empty when the documents are the same)."""
    a, b = canonical(left), canonical(right)
    if a == b:
        return []
    return list(
        difflib.unified_diff(
            a.replace("><", ">\n<").splitlines(),
            b.replace("><", ">\n<").splitlines(),
            *labels,
            lineterm="",
        )
    )
