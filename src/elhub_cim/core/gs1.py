"""GS1 numbers as Elhub uses them: a party's GLN (13 digits) and a metering point's GSRN (18),
each with its GS1 mod-10 check digit; an Elhub metering point id also starts 7070575.

The one definition, in the bottom layer: the identifier check of every message
(``rules.identifiers``), shared production's ``is_valid_gsrn`` (domain), ``elhub-cim share`` and
the notices' contact registers all ask it.
"""

from __future__ import annotations

__all__ = ["METERING_POINT_PREFIX", "is_gs1", "is_metering_point_id"]

_GS1_LENGTHS = (13, 18)

#: How every Elhub metering point id (GSRN, 18 digits) starts (domain notes).
METERING_POINT_PREFIX = "7070575"


def is_gs1(value: str) -> bool:
    """A GLN (13 digits) or a GSRN (18) with its GS1 mod-10 check digit: the same as
    ``stdnum.ean.calc_check_digit``, inlined because it runs on every party and metering point
    of every message. Elhub identifies nothing else by GS1, so another length is wrong whatever
    its last digit (a GSRN short of a digit would otherwise pass one time in ten)."""
    if len(value) not in _GS1_LENGTHS or not value.isascii() or not value.isdigit():
        return False
    body = value[-2::-1]  # from the right, skipping the check digit
    total = 3 * sum(map(int, body[0::2])) + sum(map(int, body[1::2]))
    return str((10 - total % 10) % 10) == value[-1]


def is_metering_point_id(value: str) -> bool:
    """An Elhub metering point id: 18 digits starting :data:`METERING_POINT_PREFIX`, with its
    GS1 check digit."""
    return len(value) == 18 and value.startswith(METERING_POINT_PREFIX) and is_gs1(value)
