"""Deprecated: moved to :mod:`elhub_cim.formats.nordic` (``project``, ``from_nordic``) and
:mod:`elhub_cim.mapping.projection` (the table, tree to tree). This alias goes in a later minor
release."""

from __future__ import annotations

import warnings

from .formats.nordic import *  # noqa: F403
from .formats.nordic import __all__ as _moved
from .mapping.projection import (
    CODE_DROPPED,
    CODE_REPLACED,
    DROPPED,
    FILLED,
    LIFT_ID_NAMESPACE,
    REPLACED,
    TABLE_FILE,
)

__all__ = [
    *_moved,
    "CODE_DROPPED",
    "CODE_REPLACED",
    "DROPPED",
    "FILLED",
    "LIFT_ID_NAMESPACE",
    "REPLACED",
    "TABLE_FILE",
]

warnings.warn(
    "elhub_cim.projection moved to elhub_cim.formats.nordic (project, from_nordic) and "
    "elhub_cim.mapping.projection (the projection table)",
    DeprecationWarning,
    stacklevel=2,
)
