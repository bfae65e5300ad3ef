"""Check digits of every identifier in every message (ebIX and CIM).

Identifiers are found by the scheme they are declared with (``sets/identifiers.toml``): ebIX
``schemeAgencyIdentifier`` (9 = GS1, 305 = EIC, 82 = organisation number, Z01 = national
identity number: fødselsnummer, D- and H-number, synthetic test identity with month + 80), CIM
``codingScheme`` (A10, A01, NNO, ARR). A wrong check digit is a warning
(test systems and Elhub's own examples use placeholders, domain notes) and an error under
``strict``. A national identity number (fødselsnummer) is never shown.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from stdnum import ean
from stdnum.eu import eic
from stdnum.no import fodselsnummer, orgnr

from ..errors import MASK, Problem, Severity
from ..safeparse import ParsedDocument
from ..validation import readable_path
from .engine import source_line

__all__ = ["IdentifierScheme", "check_identifiers", "identifier_schemes", "is_valid"]


def _gs1(value: str) -> bool:
    return value.isdigit() and len(value) >= 2 and ean.calc_check_digit(value[:-1]) == value[-1]


def _national_identity_number(value: str) -> bool:
    """Fødselsnummer, D-number (day + 40), H-number (month + 40) or a synthetic test identity
    (month + 80, Norway's test data): a real day and month, and both mod-11 check digits."""
    if len(value) != 11 or not value.isdigit():
        return False
    day, month = int(value[:2]), int(value[2:4])
    day -= 40 if day > 40 else 0
    month -= 80 if month > 80 else 40 if month > 40 else 0
    try:
        date(2000, month, day)  # a leap year: 29 February is a real birthday
    except ValueError:
        return False
    first = fodselsnummer.calc_check_digit1(value[:9])
    second = fodselsnummer.calc_check_digit2(value[:10])
    return bool(value[9] == first and value[10] == second)


VALIDATORS: dict[str, Callable[[str], bool]] = {
    "gs1": _gs1,
    "eic": eic.is_valid,
    "organisation_number": orgnr.is_valid,
    "national_identity_number": _national_identity_number,
}


def is_valid(kind: str, value: str) -> bool:
    """Whether ``value`` has correct check digits for identifier ``kind``."""
    return bool(VALIDATORS[kind](value))


@dataclass(frozen=True, slots=True)
class IdentifierScheme:
    attribute: str
    value: str
    kind: str
    code: str
    label: str
    personal: bool = False


@functools.cache
def identifier_schemes() -> tuple[IdentifierScheme, ...]:
    path = Path(__file__).parent / "sets" / "identifiers.toml"
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    schemes = []
    for spec in data["schemes"]:
        if spec["kind"] not in VALIDATORS:
            raise ValueError(f"identifiers.toml: unknown kind {spec['kind']!r}")
        schemes.append(
            IdentifierScheme(
                attribute=spec["attribute"],
                value=spec["value"],
                kind=spec["kind"],
                code=spec["code"],
                label=spec["label"],
                personal=bool(spec.get("personal", False)),
            )
        )
    return tuple(schemes)


def _gs1_label(value: str) -> tuple[str, str]:
    if len(value) == 13:
        return "GLN", "ID_GLN_CHECK_DIGIT"
    if len(value) == 18:
        return "GSRN", "ID_GSRN_CHECK_DIGIT"
    return "GS1 number", "ID_GS1_CHECK_DIGIT"


def check_identifiers(document: ParsedDocument, *, strict: bool = False) -> list[Problem]:
    """Findings for identifiers whose check digits are wrong."""
    by_attribute: dict[str, dict[str, IdentifierScheme]] = {}
    for scheme in identifier_schemes():
        by_attribute.setdefault(scheme.attribute, {})[scheme.value] = scheme
    severity = Severity.ERROR if strict else Severity.WARNING
    problems: list[Problem] = []
    for element in document.root.iter():
        if not isinstance(element.tag, str) or not element.attrib:
            continue
        for attribute, schemes in by_attribute.items():
            found = schemes.get(str(element.get(attribute)))
            if found is None:
                continue
            scheme = found
            value = (element.text or "").strip()
            if is_valid(scheme.kind, value):
                continue
            label, code = scheme.label, scheme.code
            if scheme.kind == "gs1":
                label, code = _gs1_label(value)
            shown = MASK if scheme.personal else value
            problems.append(
                Problem(
                    code=code,
                    message=f"{label} {shown} has a wrong check digit or format",
                    file=document.name,
                    line=source_line(element),
                    path=readable_path(element),
                    severity=severity,
                )
            )
    return problems
