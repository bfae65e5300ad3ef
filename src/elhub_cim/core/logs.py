"""Logging under the ``elhub_cim`` logger, with national identity numbers masked.

elhub-cim logs what it does (inputs read, documents converted, replies built) at ``DEBUG`` and
``INFO`` under the ``elhub_cim`` logger and its children, and installs no handler but a
``NullHandler``: the application decides where records go. Every record of an elhub-cim logger
passes :class:`IdentityNumberFilter`, which masks national identity numbers (fødselsnummer,
D-number) in the message, its arguments and any traceback text before a handler sees it, and
escapes the characters of a text argument that are not printable (a file name's newline would
forge a second log line, a terminal's escape sequence would run on the terminal reading it), and
its backslashes (a newline's ``\\n`` is no backslash and n): each value logged is one line of
what it says, as on the command line. A text shown already (a Problem's line) is logged as it is
printed. A traceback keeps its lines.

    >>> import logging
    >>> record = logging.LogRecord("elhub_cim", logging.INFO, __file__, 1,
    ...                            "customer %s", ("01010110013",), None)
    >>> IdentityNumberFilter().filter(record), record.getMessage()
    (True, 'customer <masked national id>')

Attach the filter to your own handlers too if they may see identity numbers from elsewhere.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from .errors import escaped, is_shown, mask_identity_numbers, shown_value

__all__ = ["IdentityNumberFilter", "get_logger", "logger"]


class IdentityNumberFilter(logging.Filter):
    """Masks national identity numbers in a record and escapes what is not printable in its
    text arguments (never drops it)."""

    def filter(self, record: logging.LogRecord) -> bool:
        args: Any = record.args
        if isinstance(args, tuple):
            record.args = tuple(_one_line(value) for value in args)
        elif isinstance(args, Mapping):
            record.args = {key: _one_line(value) for key, value in args.items()}
        try:
            message = record.getMessage()
        except (TypeError, ValueError):  # a caller's bad format string: keep what we can
            message = str(record.msg)
        record.msg = mask_identity_numbers(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_identity_numbers(record.exc_text)
        if record.stack_info:
            record.stack_info = mask_identity_numbers(record.stack_info)
        return True


def _one_line(value: object) -> object:
    """A text argument with its backslashes and characters that are not printable escaped (one
    shown already, :func:`~elhub_cim.core.errors.shown_text`, as it is); any other as it is (a
    number for ``%d``)."""
    if not isinstance(value, str) or is_shown(value):
        return value
    return escaped(value)


_FILTER = IdentityNumberFilter()


def get_logger(name: str = "elhub_cim") -> logging.Logger:
    """The logger ``name`` (``elhub_cim`` or one of its children) with the masking filter.

    A logger's filters see only the records logged on it, not those its children pass up: so
    every elhub-cim module takes its logger from here.
    """
    if not isinstance(name, str):
        raise TypeError(f"name is a str, not {type(name).__name__}")
    if name != "elhub_cim" and not name.startswith("elhub_cim."):
        raise ValueError(
            "name is an elhub_cim logger's (elhub_cim or elhub_cim.<module>), "
            f"not {shown_value(repr(name), 60)}"
        )
    found = logging.getLogger(name)
    if _FILTER not in found.filters:
        found.addFilter(_FILTER)
    return found


#: The package's logger. It has a ``NullHandler``: nothing is printed unless the application
#: configures logging.
logger = get_logger()
if not any(isinstance(h, logging.NullHandler) for h in logger.handlers):
    logger.addHandler(logging.NullHandler())
