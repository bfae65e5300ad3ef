"""Deprecated: moved to :mod:`elhub_cim.core.profile` (the profile's facts) and
:mod:`elhub_cim.formats.cim` (``upgrade``, ``current_of``: reading profile 0.1). This alias goes
in a later minor release."""

from __future__ import annotations

import warnings

from .core.profile import *  # noqa: F403
from .core.profile import __all__ as _moved
from .formats.cim import current_of, upgrade

__all__ = [*_moved, "current_of", "upgrade"]

warnings.warn(
    "elhub_cim.profile moved to elhub_cim.core.profile (0.1 upgrade: elhub_cim.formats.cim)",
    DeprecationWarning,
    stacklevel=2,
)
