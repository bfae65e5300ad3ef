"""Volumes as exact integers: counts of the volume resolution (e.g. 0.001 kWh = 1 Wh).

The engine never computes with binary floating point on volumes that a person reads. Input text
(``"12.345"``) becomes an integer count of resolution units (``12345`` at 0.001 kWh); output is
formatted back from that integer, so every figure printed is exact. A value with more decimals
than the resolution is an error, never rounded.
"""

from __future__ import annotations

import math
import operator
import re
from decimal import Decimal, InvalidOperation

from ..core.errors import shown_value

__all__ = [
    "DEFAULT_RESOLUTION",
    "MAX_DECIMALS",
    "PrecisionError",
    "checked_decimals",
    "decimal_of",
    "decimals_of",
    "to_units",
    "units_decimal",
    "units_text",
]

#: 0.001 kWh (1 Wh): the resolution of Elhub's metered values.
DEFAULT_RESOLUTION = Decimal("0.001")
#: Finest resolution accepted: 0.000001 kWh (1 mWh).
MAX_DECIMALS = 6
#: Larger decimal exponents are refused before the integer is built (far beyond any volume).
_MAX_SHIFT = 40


class PrecisionError(ValueError):
    """A value has more decimals than the resolution allows."""


#: A decimal number as a file writes one: ASCII digits, an optional sign, point and exponent.
#: Python's Decimal also reads "1_80" (180) and other scripts' digits ("١٢" is 12), which no
#: metering system writes; taken as numbers they would turn a typo into a volume.
_DECIMAL_TEXT = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def decimal_of(value: str | Decimal | int) -> Decimal:
    """``value`` as a :class:`~decimal.Decimal`; text must be plain decimal notation in ASCII
    (``"1.5"``, ``"-0.250"``, ``"2E-3"``; spaces or tabs around it are allowed). Raises
    ``ValueError`` otherwise (also for ``"1_80"``, ``"١٢"``, ``"NaN"``, ``"Infinity"``)."""
    if isinstance(value, str):
        text = value.strip(" \t")
        if not _DECIMAL_TEXT.fullmatch(text):
            raise ValueError(f"{value!r} is not a number")
        return Decimal(text)
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise ValueError(f"{value!r} is not a number")
    return Decimal(value)


def decimals_of(resolution: Decimal | str | int) -> int:
    """Number of decimals of a resolution that is a power of ten from 1 to 0.000001 kWh.

    >>> decimals_of("0.001")
    3
    """
    try:
        value = decimal_of(resolution)
    except (InvalidOperation, TypeError, ValueError):
        raise ValueError(f"resolution {resolution!r} is not a number") from None
    if not value.is_finite() or value <= 0:
        raise ValueError(f"resolution {resolution} must be a positive power of ten")
    if not -MAX_DECIMALS <= value.adjusted() <= 0:
        # (before normalize(), which overflows on an exponent beyond the context's: 1e999999999)
        raise ValueError(
            f"resolution {resolution} must be one of 1, 0.1, ..., 0.000001 (kWh), a power of ten"
        )
    _, digits, exponent = value.normalize().as_tuple()
    assert isinstance(exponent, int)
    if digits != (1,) or not -MAX_DECIMALS <= exponent <= 0:
        raise ValueError(
            f"resolution {resolution} must be one of 1, 0.1, ..., 0.000001 (kWh), a power of ten"
        )
    return -exponent


def _to_units(value: str | Decimal | int | float, decimals: int) -> int:
    """``value`` (kWh) as an exact count of ``10**-decimals`` kWh.

    Strings are read as decimals (``"1.5"``, ``"-0.250"``, ``"2E-3"``); floats through their
    shortest round-trip text (``0.1`` is ``"0.1"``). Raises :class:`PrecisionError` for a value
    that would need rounding and ``ValueError`` for anything that is not a finite number.
    """
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a volume")
    if isinstance(value, int):
        return value * int(10**decimals)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{value!r} is not a finite number")
        value = repr(value)
    try:
        number = decimal_of(value)
    except (InvalidOperation, TypeError, ValueError):
        raise ValueError(f"{value!r} is not a number") from None
    if not number.is_finite():
        raise ValueError(f"{value!r} is not a finite number")
    sign, digits, exponent = number.as_tuple()
    assert isinstance(exponent, int)
    magnitude = int("".join(map(str, digits))) if digits else 0
    shift = exponent + decimals
    if shift > _MAX_SHIFT:  # 1E+999999999 must not build a giant integer
        if magnitude:
            raise ValueError(f"{value} is out of range")
        shift = 0
    if shift >= 0:
        magnitude *= int(10**shift)
    else:
        magnitude, rest = divmod(magnitude, int(10**-shift))
        if rest:
            raise PrecisionError(
                f"{value} has more decimals than the resolution of {_units_text(1, decimals)} kWh"
            )
    return -magnitude if sign else magnitude


def _units_text(units: int, decimals: int) -> str:
    """Exact decimal text of a count of resolution units: ``units_text(60000, 3) == "60.000"``."""
    if decimals == 0:
        return str(units)
    whole, frac = divmod(abs(units), 10**decimals)
    return f"{'-' if units < 0 else ''}{whole}.{frac:0{decimals}d}"


def _units_decimal(units: int, decimals: int) -> Decimal:
    """Exact :class:`~decimal.Decimal` of a count of resolution units (``Decimal("60.000")``)."""
    return Decimal(int(units)).scaleb(-decimals)


# The public forms check their arguments once; the readers and the result, which call them per
# value with a resolution they checked, take the forms above.


def checked_decimals(decimals: object) -> int:
    """``decimals``, a resolution's number of decimals: a whole number of at least 0."""
    if type(decimals) is not int:
        raise TypeError(f"decimals is a whole number, not {type(decimals).__name__}")
    if decimals < 0:
        raise ValueError(f"decimals is at least 0, not {decimals}")
    return decimals


def _checked_units(units: object) -> int:
    if isinstance(units, bool):
        raise TypeError("units is a whole number, not bool")
    try:
        return operator.index(units)  # type: ignore[arg-type]  # (an int, or numpy's)
    except TypeError:
        raise TypeError(f"units is a whole number, not {type(units).__name__}") from None


def to_units(value: str | Decimal | int | float, decimals: int) -> int:
    """``value`` (kWh) as an exact count of ``10**-decimals`` kWh.

    Strings are read as decimals (``"1.5"``, ``"-0.250"``, ``"2E-3"``); floats through their
    shortest round-trip text (``0.1`` is ``"0.1"``). Raises :class:`PrecisionError` for a value
    that would need rounding and ``ValueError`` for anything that is not a finite number;
    ``decimals`` is a whole number of at least 0 (else a TypeError or ValueError).
    """
    checked = checked_decimals(decimals)
    try:
        return _to_units(value, checked)
    except ValueError as error:  # (PrecisionError too) the caller's value: named, masked
        raise type(error)(f"value: {shown_value(str(error))}") from None


def units_text(units: int, decimals: int) -> str:
    """Exact decimal text of a count of resolution units: ``units_text(60000, 3) == "60.000"``."""
    return _units_text(_checked_units(units), checked_decimals(decimals))


def units_decimal(units: int, decimals: int) -> Decimal:
    """Exact :class:`~decimal.Decimal` of a count of resolution units (``Decimal("60.000")``)."""
    return _units_decimal(_checked_units(units), checked_decimals(decimals))
