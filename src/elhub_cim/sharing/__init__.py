"""Shared production (BRS-NO-701): allocation under Elhub's current and new sharing models.

::

    from elhub_cim import sharing

    setup = sharing.load_setup("setup.toml")            # or a 701 message, ebIX or CIM
    readings = sharing.read_series(["series.csv"], setup.decimals)
    data = sharing.IntervalData.build(setup, readings)  # checked: gaps, duplicates, ...
    result = sharing.allocate(data)
    result.current.surplus, result.new.returned         # int64 arrays in resolution units
    for total in result.totals():                       # exact Decimals per participant
        print(total.metering_point, total.current.surplus, total.new.allocated)
    result.to_csv()                                     # every interval, exact text

Volumes are exact integer counts of the resolution (0.001 kWh by default); the rounding rule
(largest remainder, ties to the lower metering point id) keeps the energy of every interval
exactly. See ``docs/sharing.md``.
"""

from __future__ import annotations

from ..core.extras import require

require("sharing")  # a clear message naming the extra when it is not installed

from .engine import Rounding, allocate, manual_weights, split_largest_remainder
from .errors import SharingError
from .result import (
    RESULT_COLUMNS,
    Balance,
    Model,
    ModelResult,
    ModelTotals,
    ParticipantTotals,
    ResultRow,
    SharingResult,
)
from .series import (
    CSV_COLUMNS,
    SUPPORTED_INTERVALS,
    IntervalData,
    Readings,
    read_csv,
    read_parquet,
    read_series,
)
from .setup import (
    Key,
    SharingSetup,
    load_setup,
    setup_from_document,
    setup_from_mapping,
    setup_from_message,
)
from .units import DEFAULT_RESOLUTION, to_units, units_decimal, units_text

__all__ = [
    "CSV_COLUMNS",
    "DEFAULT_RESOLUTION",
    "RESULT_COLUMNS",
    "SUPPORTED_INTERVALS",
    "Balance",
    "IntervalData",
    "Key",
    "Model",
    "ModelResult",
    "ModelTotals",
    "ParticipantTotals",
    "Readings",
    "ResultRow",
    "Rounding",
    "SharingError",
    "SharingResult",
    "SharingSetup",
    "allocate",
    "load_setup",
    "manual_weights",
    "read_csv",
    "read_parquet",
    "read_series",
    "setup_from_document",
    "setup_from_mapping",
    "setup_from_message",
    "split_largest_remainder",
    "to_units",
    "units_decimal",
    "units_text",
]
