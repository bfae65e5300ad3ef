"""Formats: one module per message format, each with the same small surface.

=================  ====================================================  ========================
module             format                                                read gives
=================  ====================================================  ========================
:mod:`.ebix`       ebIX XML (Elhub EMIF 2.4)                             the document
:mod:`.cim`        CIM profile XML (0.2; a 0.1 document is upgraded)     the document
:mod:`.cimjson`    CIM JSON (the profile documents in DataHub 3's shape) its CIM XML document
:mod:`.nordic`     Nordic Ediel XML (the profile's Nordic projection)    the lifted profile doc.
:mod:`.nordic_json` Nordic Ediel JSON (DataHub 3's JSON of it)           the Nordic XML
=================  ====================================================  ========================

Each has ``detect(data)`` (are these bytes mine?), ``read`` (bytes → a parsed, XSD-valid
document and its message type), ``write`` (a document → bytes) and ``validate``.
:mod:`.read` is the one read stage: it loads an input once, detects its format once and reads
it with that format's module. Nothing else looks at an input's bytes.

Layering (``tests/test_layering.py``): the formats stand on the core stages
(:mod:`elhub_cim.core`) and on the mapping data they need (the Nordic projection table in
:mod:`elhub_cim.mapping.projection`); never on the public API, the conversion or the command
line, which stand above them.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = ["Format"]


class Format(StrEnum):
    """The formats an input may be in."""

    EBIX = "ebix"
    CIM = "cim"
    CIM_JSON = "cim-json"
    NORDIC = "nordic-ediel"
    NORDIC_JSON = "nordic-ediel-json"
