"""Deprecated: moved to :mod:`elhub_cim.core.errors` (the bottom layer). This alias goes in a later
minor release."""

from __future__ import annotations

import warnings

from .core.errors import *  # noqa: F403
from .core.errors import __all__ as _moved

__all__ = [*_moved]

warnings.warn("elhub_cim.errors moved to elhub_cim.core.errors", DeprecationWarning, stacklevel=2)
