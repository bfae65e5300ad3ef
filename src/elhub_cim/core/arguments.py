"""Checks of what a caller passes to the public API, made when the call is made.

An input's name for messages is a str or None (:func:`checked_name`; it lives with the size
limit's check in ``safeparse``, which uses both). A text, bytes or a path is itself iterable:
passed where an iterable of documents or paths is expected, each character or byte would be
taken for one. Such a mistake is a TypeError that says what was given (its type only: a path
may hold a national identity number).
"""

from __future__ import annotations

import os
from typing import Any

from .catalog import MessageType
from .safeparse import ParsedDocument, Text, checked_name

__all__ = ["checked_flag", "checked_name", "checked_parsed", "checked_path", "refuse_one"]

#: What is one document or path, not an iterable of them (though str and bytes iterate).
_ONE = (str, bytes, bytearray, memoryview, Text, os.PathLike)


def refuse_one(value: Any, name: str, one: str, hint: str) -> None:
    """A TypeError when ``value``, the argument ``name``, is a single ``one`` (text, bytes, a
    path, a file) where an iterable of them is expected; ``hint`` says what to do instead."""
    if isinstance(value, _ONE) or hasattr(value, "read"):
        raise TypeError(
            f"{name}: an iterable of {one}s, not one {one} ({type(value).__name__}): {hint}"
        )


def checked_flag(value: object, name: str) -> bool:
    """``value``, the yes-or-no argument ``name``: True or False. Anything else is a TypeError
    (a text such as "no" or "false" is true, and would mean the opposite of what it says)."""
    if isinstance(value, bool):
        return value
    raise TypeError(f"{name} is True or False, not {type(value).__name__}")


def checked_path(value: object, name: str = "path", *, optional: bool = False) -> None:
    """A TypeError unless ``value``, the argument ``name``, is a path: a str or an
    ``os.PathLike`` (or None, where ``optional``). Bytes are no path here (pathlib refuses them
    deep inside). An empty text is a ValueError: pathlib takes it for the current folder (an
    unset variable would read, or write, where the program runs); so is one holding a NUL
    character (no file is named so)."""
    if isinstance(value, str | os.PathLike) or (optional and value is None):
        if value == "":
            raise ValueError(
                f"{name} is a path, not empty: pathlib takes '' for the current folder "
                "(an unset variable?)"
            )
        text = os.fspath(value) if value is not None else None
        if isinstance(text, str) and "\0" in text:  # (the system's call would say "embedded null")
            raise ValueError(f"{name} is a path, not one holding a NUL: no file is named so")
        return
    also = " or None" if optional else ""
    raise TypeError(f"{name} is a str or os.PathLike{also}, not {type(value).__name__}")


def checked_parsed(function: str, document: object, message_type: object) -> None:
    """A TypeError unless ``document`` is a ParsedDocument and ``message_type`` a MessageType:
    what ``elhub_cim.check(source)`` gives, which ``function`` takes (a caller's bytes or text
    would fail deep inside as an AttributeError)."""
    if not isinstance(document, ParsedDocument):
        raise TypeError(
            f"{function}() takes a ParsedDocument (from elhub_cim.parse), not "
            f"{type(document).__name__}: elhub_cim.check(source) gives both its arguments"
        )
    if not isinstance(message_type, MessageType):
        raise TypeError(
            "message_type is a MessageType (from elhub_cim.check(source)), "
            f"not {type(message_type).__name__}"
        )
