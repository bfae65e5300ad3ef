"""The characters an XML 1.0 document can hold.

XML 1.0 allows tab, line feed, carriage return and every code point from U+0020 up, except the
surrogates and U+FFFE and U+FFFF. A parsed document never holds any other; text that comes from
elsewhere can (a JSON string escapes any code point, ``"\\u0001"`` or a lone ``"\\ud800"``, and a
caller's domain object holds any Python string), and lxml refuses it with a bare ``ValueError``.
"""

from __future__ import annotations

import re

__all__ = ["why_not_xml"]

_UNFIT = re.compile(r"[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def why_not_xml(text: str) -> str | None:
    """Why ``text`` cannot be written in XML, naming its first such character (``U+0001 cannot
    be written in XML (...)``); None when it can."""
    found = _UNFIT.search(text)
    if found is None:
        return None
    return (
        f"U+{ord(found.group()):04X} cannot be written in XML (a control character, a lone "
        "surrogate, U+FFFE or U+FFFF)"
    )
