"""Semantic XML equality for tests (see elhub_cim.core.xmlcompare)."""

from __future__ import annotations

from elhub_cim.core.xmlcompare import canonical, differences

__all__ = ["assert_same_xml", "canonical"]


def assert_same_xml(expected: bytes, actual: bytes) -> None:
    diff = differences(expected, actual, labels=("expected", "actual"))
    if diff:
        raise AssertionError("documents differ:\n" + "\n".join(diff[:60]))
