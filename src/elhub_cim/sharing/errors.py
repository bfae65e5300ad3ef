"""Errors of the shared-production engine: one exception, stable codes.

Every problem names what is wrong and where: the participant (metering point) and the interval
(its start time, ISO 8601 with the offset of the set-up's time zone), or the file and line.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..core.errors import BusinessRuleError, Problem, mask_identity_numbers

__all__ = [
    "MAX_PROBLEMS",
    "SHARE_DUPLICATE_INTERVAL",
    "SHARE_FORMAT",
    "SHARE_GAP",
    "SHARE_METERING_POINT",
    "SHARE_MISALIGNED",
    "SHARE_MISSING_SERIES",
    "SHARE_NEGATIVE",
    "SHARE_PERIOD",
    "SHARE_PRECISION",
    "SHARE_RANGE",
    "SHARE_RESOLUTION",
    "SHARE_SETUP",
    "SHARE_SUM",
    "SHARE_UNKNOWN_PARTICIPANT",
    "SharingError",
    "problem",
    "raise_problems",
]

#: The set-up itself is wrong: no recipients, a participant twice, a contributor that is also a
#: recipient, an unknown key, a share outside [0, 1], a share given where the key has none, ...
SHARE_SETUP = "SHARE_SETUP"
#: Manual shares that do not sum to exactly 1.
SHARE_SUM = "SHARE_SUM"
#: A participant of the set-up that is not an Elhub metering point id (GSRN starting 7070575, with
#: its check digit).
SHARE_METERING_POINT = "SHARE_METERING_POINT"
#: A time series for a metering point that is not in the set-up.
SHARE_UNKNOWN_PARTICIPANT = "SHARE_UNKNOWN_PARTICIPANT"
#: A participant of the set-up without any value.
SHARE_MISSING_SERIES = "SHARE_MISSING_SERIES"
#: The same participant and interval twice.
SHARE_DUPLICATE_INTERVAL = "SHARE_DUPLICATE_INTERVAL"
#: An interval start that is not on the interval grid (e.g. 10:07).
SHARE_MISALIGNED = "SHARE_MISALIGNED"
#: A participant lacks an interval that the period of the input covers.
SHARE_GAP = "SHARE_GAP"
#: Mixed interval lengths (hourly beside 15-minute series), or an unsupported length.
SHARE_RESOLUTION = "SHARE_RESOLUTION"
#: A negative volume.
SHARE_NEGATIVE = "SHARE_NEGATIVE"
#: A volume with more decimals than the volume resolution of the set-up.
SHARE_PRECISION = "SHARE_PRECISION"
#: An interval outside the period in which the set-up is valid.
SHARE_PERIOD = "SHARE_PERIOD"
#: Volumes too large for exact 64-bit arithmetic at the chosen resolution.
SHARE_RANGE = "SHARE_RANGE"
#: A value that cannot be read at all (not a number, a time without offset, a missing column).
SHARE_FORMAT = "SHARE_FORMAT"

#: At most this many problems are listed; the last one then says how many more there were.
MAX_PROBLEMS = 20


class SharingError(BusinessRuleError):
    """Bad input to the shared-production engine (set-up or time series)."""

    default_code = "SHARE_INVALID"


def problem(
    code: str, message: str, *, file: str | None = None, line: int | None = None
) -> Problem:
    """A :class:`Problem` whose message never shows a national identity number."""
    return Problem(code, mask_identity_numbers(message), file=file, line=line)


def raise_problems(problems: Sequence[Problem], *, more: int = 0) -> None:
    """Raise a :class:`SharingError` listing at most :data:`MAX_PROBLEMS` problems, if any."""
    if not problems:
        return
    shown = list(problems[:MAX_PROBLEMS])
    hidden = len(problems) - len(shown) + more
    if hidden > 0:
        last = shown[-1]
        shown.append(
            Problem(last.code, f"... and {hidden} more problem(s) not listed", file=last.file)
        )
    raise SharingError(shown)
