"""Types of the native identifier finder (``_native.pyx``, built by Cython)."""

from typing import Any

from lxml import etree

def declared(
    root: etree._Element, names: tuple[str, ...], by_pair: dict[Any, Any]
) -> list[tuple[etree._Element, Any]] | None: ...
