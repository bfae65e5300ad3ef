"""elhub-cim: Elhub market messages in ebIX (EMIF 2.4) and IEC CIM.

The small public API::

    import elhub_cim

    result = elhub_cim.validate("RequestStartOfSupply.xml")   # never raises for bad input
    for problem in result.problems:
        print(problem.format())

    message = elhub_cim.read("RequestStartOfSupply.xml")      # typed dataclass, or ElhubCimError
    data = elhub_cim.write(message)                           # UTF-8 XML bytes, validated

Every error is an :class:`ElhubCimError` (a ``ValueError``) carrying :class:`Problem` records
with file, line, readable element path, a stable code and a message.
"""

from __future__ import annotations

from .catalog import MessageType, Standard, catalog
from .describe import MessageSummary, describe
from .errors import (
    BindingError,
    BusinessRuleError,
    ElhubCimError,
    InputReadError,
    InputTooLargeError,
    MalformedXmlError,
    Problem,
    SchemaViolationError,
    Severity,
    UnknownDocumentError,
)
from .identify import identify
from .pipeline import ValidationResult, check, message_type_of, read, validate, write, write_file
from .safeparse import DEFAULT_MAX_BYTES, ParsedDocument, parse

__version__ = "0.1.0"

__all__ = [
    "DEFAULT_MAX_BYTES",
    "BindingError",
    "BusinessRuleError",
    "ElhubCimError",
    "InputReadError",
    "InputTooLargeError",
    "MalformedXmlError",
    "MessageSummary",
    "MessageType",
    "ParsedDocument",
    "Problem",
    "SchemaViolationError",
    "Severity",
    "Standard",
    "UnknownDocumentError",
    "ValidationResult",
    "__version__",
    "catalog",
    "check",
    "describe",
    "identify",
    "message_type_of",
    "parse",
    "read",
    "validate",
    "write",
    "write_file",
]
