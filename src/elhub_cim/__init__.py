"""elhub-cim: Elhub market messages in ebIX (EMIF 2.4) and IEC CIM.

The public API (see ``docs/api-policy.md`` for what is public and how it changes)::

    >>> import elhub_cim
    >>> from elhub_cim.domain import StartOfSupplyRequest
    >>> path = EXAMPLES / "ebix/RequestStartOfSupply-move-in.xml"
    >>> elhub_cim.validate(path).valid                          # never raises for bad input
    True
    >>> request = elhub_cim.to_domain(path, StartOfSupplyRequest)  # typed, and checked to be one
    >>> print(request.header.process, request.metering_point, request.start)
    BRS-NO-102 707057500421739658 2026-05-01T00:00:00+02:00
    >>> elhub_cim.convert(path, to="cim").target.name
    'RequestChangeOfSupplier_MarketDocument'
    >>> [r.target.name for r in elhub_cim.convert_many([path, path], to="cim")]  # batches
    ['RequestChangeOfSupplier_MarketDocument', 'RequestChangeOfSupplier_MarketDocument']
    >>> reply = elhub_cim.acknowledge(path)                     # positive: no problems found
    >>> reply.document.status, reply.document.original_document_id
    (<AcknowledgementStatus.ACCEPTED: 'accepted'>, '6eff62eb-b950-4e77-b341-ddc0d4de954c')

A ``str`` is always a file path; a document held as text is passed as ``elhub_cim.Text(...)``.
Every error is an :class:`ElhubCimError` (a ``ValueError``) carrying :class:`Problem` records
with file, line, readable element path, a stable code and a message, never the input's content.

The conversion, the replies and the time helpers load pydantic and the mapping tables on first
use: ``import elhub_cim`` stays light.
"""

from __future__ import annotations

import sys

if sys.argv[:1] == ["-m"]:  # (python -m: maybe the command starting, see elhub_cim_launch)
    from elhub_cim_launch import starting_as_module

    starting_as_module()

import importlib
import types
from typing import TYPE_CHECKING, Any

from ._version import __version__
from .core.catalog import MessageType, Standard, catalog
from .core.errors import (
    BindingError,
    BusinessRuleError,
    DateOutOfRangeError,
    ElhubCimError,
    InputReadError,
    InputTooLargeError,
    MalformedXmlError,
    Problem,
    SchemaViolationError,
    Severity,
    UnexpectedDocumentError,
    UnknownDocumentError,
)
from .core.identify import identify
from .core.logs import logger
from .core.safeparse import DEFAULT_MAX_BYTES, ParsedDocument, Source, Text, parse
from .describe import MessageSummary, describe
from .pipeline import (
    ValidationResult,
    check,
    message_type_of,
    read,
    validate,
    validate_many,
    write,
    write_file,
)

if TYPE_CHECKING:
    from .convert import (
        Conversion,
        ConversionLossError,
        Target,
        TransportMessageError,
        UnsupportedDocumentError,
        convert,
        convert_many,
        from_domain,
        to_domain,
    )
    from .formats.cimjson import JsonInputError
    from .mapping.projection import ProjectionError
    from .replies import Reply, ReplyError, acknowledge, confirm, reason_codes, reject
    from .times import (
        cim_timestamp,
        elhub_timestamp,
        is_oslo_midnight,
        norwegian_date,
        oslo_midnight,
    )

# Names loaded on first use, and the module that holds each.
_LAZY = {
    "Conversion": "convert",
    "ConversionLossError": "convert",
    "Target": "convert",
    "TransportMessageError": "convert",
    "JsonInputError": "formats.cimjson",
    "ProjectionError": "mapping.projection",
    "UnsupportedDocumentError": "convert",
    "convert": "convert",
    "convert_many": "convert",
    "from_domain": "convert",
    "to_domain": "convert",
    "Reply": "replies",
    "ReplyError": "replies",
    "acknowledge": "replies",
    "confirm": "replies",
    "reason_codes": "replies",
    "reject": "replies",
    "cim_timestamp": "times",
    "elhub_timestamp": "times",
    "is_oslo_midnight": "times",
    "norwegian_date": "times",
    "oslo_midnight": "times",
}


# Submodules reachable as attributes without importing them first (``elhub_cim.times.OSLO``).
_SUBMODULES = frozenset({"domain", "logs", "mapping", "replies", "rules", "times"})


def __getattr__(name: str) -> Any:  # PEP 562
    if name in _SUBMODULES:
        return importlib.import_module(f".{name}", __name__)
    module_name = _LAZY.get(name)
    if module_name is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module_name}", __name__), name)
    globals()[name] = value
    return value


class _Package(types.ModuleType):
    """``elhub_cim.convert`` is the function; importing the submodule of the same name (which
    Python then sets as an attribute of the package) must not replace it."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _LAZY and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package

__all__ = [
    "DEFAULT_MAX_BYTES",
    "BindingError",
    "BusinessRuleError",
    "Conversion",
    "ConversionLossError",
    "DateOutOfRangeError",
    "ElhubCimError",
    "InputReadError",
    "InputTooLargeError",
    "JsonInputError",
    "MalformedXmlError",
    "MessageSummary",
    "MessageType",
    "ParsedDocument",
    "Problem",
    "ProjectionError",
    "Reply",
    "ReplyError",
    "SchemaViolationError",
    "Severity",
    "Source",
    "Standard",
    "Target",
    "Text",
    "TransportMessageError",
    "UnexpectedDocumentError",
    "UnknownDocumentError",
    "UnsupportedDocumentError",
    "ValidationResult",
    "__version__",
    "acknowledge",
    "catalog",
    "check",
    "cim_timestamp",
    "confirm",
    "convert",
    "convert_many",
    "describe",
    "elhub_timestamp",
    "from_domain",
    "identify",
    "is_oslo_midnight",
    "logger",
    "message_type_of",
    "norwegian_date",
    "oslo_midnight",
    "parse",
    "read",
    "reason_codes",
    "reject",
    "to_domain",
    "validate",
    "validate_many",
    "write",
    "write_file",
]
