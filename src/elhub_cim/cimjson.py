"""Deprecated: moved to :mod:`elhub_cim.formats.cimjson` (DataHub 3's JSON of the Nordic
documents: :mod:`elhub_cim.formats.nordic_json`). This alias goes in a later minor release."""

from __future__ import annotations

import warnings

from .formats.cimjson import *  # noqa: F403
from .formats.cimjson import __all__ as _moved
from .formats.nordic_json import is_nordic_json, nordic_from_json, nordic_to_json

__all__ = [*_moved, "is_nordic_json", "nordic_from_json", "nordic_to_json"]

warnings.warn(
    "elhub_cim.cimjson moved to elhub_cim.formats.cimjson (Nordic JSON: "
    "elhub_cim.formats.nordic_json)",
    DeprecationWarning,
    stacklevel=2,
)
