"""Compiled XPath expressions kept between calls, safe with threads and with ``fork``.

An lxml ``XPath`` object takes a lock of its own while it evaluates (with the GIL released).
One object shared by threads makes them wait for each other, and a process forked while another
thread evaluated it got a copy whose lock no thread of the child would ever release: the child's
first use waited forever (a pool of the ``fork`` kind, a server forking its workers). So each
thread compiles its own: a forked child's thread is the one that forked, whose objects were not
evaluating.
"""

from __future__ import annotations

import threading
from typing import Any

from lxml import etree

__all__ = ["ThreadXPath"]


class ThreadXPath(threading.local):
    """``etree.XPath(path, **options)`` as ``compiled``, which each thread compiles for itself
    (a ``threading.local`` runs ``__init__`` again, with the same arguments, in each thread that
    looks at it). Called as ``xpath.compiled(node)``: straight into lxml, no Python call between
    (these run on every document)."""

    def __init__(self, path: str, **options: Any) -> None:
        self.path = path
        self.compiled = etree.XPath(path, **options)

    def __repr__(self) -> str:
        return f"ThreadXPath({self.path!r})"
