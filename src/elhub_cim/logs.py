"""Deprecated: moved to :mod:`elhub_cim.core.logs` (the bottom layer). This alias goes in a later
minor release."""

from __future__ import annotations

import warnings

from .core.logs import *  # noqa: F403
from .core.logs import __all__ as _moved

__all__ = [*_moved]

warnings.warn("elhub_cim.logs moved to elhub_cim.core.logs", DeprecationWarning, stacklevel=2)
