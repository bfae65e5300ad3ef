"""Check digits of every identifier in every message (ebIX and CIM).

Identifiers are found by the scheme they are declared with (``sets/identifiers.toml``): ebIX
``schemeAgencyIdentifier`` (9 = GS1, 305 = EIC, 82 = organisation number, Z01 = national
identity number: fødselsnummer, D- and H-number, synthetic test identity with month + 80), CIM
``codingScheme`` (A10, A01, NNO, ARR). A wrong check digit is a warning
(test systems and Elhub's own examples use placeholders, domain notes) and an error under
``strict``. A national identity number (fødselsnummer) is never shown. A GSRN with a right check
digit that does not start 7070575 is no Elhub metering point (:func:`is_metering_point_id`): a
finding of its own, ``ID_GSRN_PREFIX``, as a wrong check digit is (not in a Nordic Ediel document,
whose metering points are Danish). Elhub's identifiers are written in ASCII digits; one with a
digit of another script (Arabic-Indic, fullwidth, ...: the XSD's ``\\d`` takes them, and their
check digits may even compute) is ``ID_NON_ASCII_DIGITS``, an error whether strict or not: no
placeholder, but a number Elhub's systems do not know.
"""

from __future__ import annotations

import functools
import importlib
import tomllib
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from types import ModuleType

from lxml import etree

from ..core.arguments import checked_flag
from ..core.errors import MASK, Problem, Severity, is_identity_number, mask_identity_numbers
from ..core.gs1 import METERING_POINT_PREFIX, is_gs1, is_metering_point_id
from ..core.safeparse import ParsedDocument
from ..core.validation import readable_paths
from ..core.xpath import ThreadXPath

__all__ = [
    "METERING_POINT_PREFIX",
    "IdentifierScheme",
    "check_identifiers",
    "identifier_schemes",
    "is_metering_point_id",
    "is_valid",
]


#: (the GS1 check, here under the name the schemes table and the tests use)
_gs1 = is_gs1


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
    if value.isascii():
        # Both check digits as stdnum.no.fodselsnummer computes them (the same formula masks
        # identity numbers in core.errors; python-stdnum with ssl costs ~30 ms of start-up).
        return is_identity_number(value)
    from stdnum.no import fodselsnummer  # other digits than 0-9: as stdnum compares them

    first = fodselsnummer.calc_check_digit1(value[:9])
    second = fodselsnummer.calc_check_digit2(value[:10])
    return bool(value[9] == first and value[10] == second)


def _eic(value: str) -> bool:
    from stdnum.eu import eic

    return bool(eic.is_valid(value))


_ORGNR_WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2, 1)


def _organisation_number(value: str) -> bool:
    """``stdnum.no.orgnr.is_valid``, written out for ASCII text (python-stdnum with ssl costs
    ~30 ms of start-up); other text goes to stdnum, which maps look-alike characters."""
    if not value.isascii():
        from stdnum.no import orgnr

        return bool(orgnr.is_valid(value))
    number = value.replace(" ", "").strip()
    if len(number) != 9 or not all("0" <= c <= "9" for c in number):
        return False
    return sum(w * int(n) for w, n in zip(_ORGNR_WEIGHTS, number, strict=True)) % 11 == 0


VALIDATORS: dict[str, Callable[[str], bool]] = {
    "gs1": _gs1,
    "eic": _eic,
    "organisation_number": _organisation_number,
    "national_identity_number": _national_identity_number,
}


def is_valid(kind: str, value: str) -> bool:
    """Whether ``value`` has correct check digits for identifier ``kind`` (remembered: the same
    parties and metering points recur across a batch)."""
    if len(value) > _REMEMBERED_CHARS:  # no identifier is this long: judged, not kept
        return bool(VALIDATORS[kind](value))
    return _remembered_validity(kind, value)


#: Identifiers are at most 18 characters (a GSRN), a few more with spaces; longer text (hostile
#: input met again and again) is not kept, so the cache stays small. (core.memo does this for
#: functions of one text; this one takes the kind too, and keeps one cache for every kind.)
_REMEMBERED_CHARS = 40


@functools.lru_cache(maxsize=65536)
def _remembered_validity(kind: str, value: str) -> bool:
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


@functools.cache
def _by_pair() -> dict[tuple[object, object], IdentifierScheme]:
    """The schemes by (attribute name, value): one look-up per attribute met (keys of str;
    an attribute value, a str subclass, finds its scheme as a plain str would)."""
    return {(scheme.attribute, scheme.value): scheme for scheme in identifier_schemes()}


@functools.cache
def _scheme_xpath() -> ThreadXPath:
    attributes = sorted({scheme.attribute for scheme in identifier_schemes()})
    # ``/descendant::*/@a``: what ``//*/@a`` selects (``//`` is ``/descendant-or-self::node()/``,
    # and the child elements of every node are the descendant elements), not ``//@a``: libxml2
    # then looks at elements only, not at every text node (~35 % less), and walks the
    # descendant axis once instead of the children of every node (~10 % less again).
    # (regexp=False: no EXSLT regular expressions registered for every call, ~0.3 us)
    return ThreadXPath(" | ".join(f"/descendant::*/@{a}" for a in attributes), regexp=False)


#: Every attribute of every element, in document order: the scheme attributes among them are
#: what :func:`_scheme_xpath` selects, in the same order (one element's attributes in their
#: order, elements in document order; a namespaced attribute's name has its namespace, so it
#: is not taken for one without). One walk of the tree instead of one per scheme attribute:
#: for documents with few other attributes (CIM), which are then passed over in Python.
_ALL_ATTRIBUTES = ThreadXPath("/descendant::*/@*", regexp=False)
#: The namespace of ebIX documents, which carry many attributes besides the schemes (a
#: ``Sequence`` per observation, list agencies): selected by scheme attribute in C instead.
_EBIX_NAMESPACE = "{urn:no:elhub:emif:"


def _load_native() -> ModuleType | None:
    try:
        with warnings.catch_warnings():  # (another lxml's types, of another size: refused)
            warnings.simplefilter("error")
            return importlib.import_module(f"{__package__}._native")
    except Exception:  # not built (pure Python), or built against another lxml: the XPath
        return None


#: The tree walk of ``_native.pyx`` where it was built (tests switch it off to compare).
_native = _load_native()
native = True


@functools.cache
def _scheme_attributes() -> tuple[str, ...]:
    return tuple(sorted({scheme.attribute for scheme in identifier_schemes()}))


def _declared(root: etree._Element) -> list[tuple[etree._Element, IdentifierScheme]]:
    """(element, scheme) of every identifier with a known scheme, in document order; the
    attributes are selected in C rather than by walking the tree in Python (the native walk
    where it was built, else an XPath)."""
    if native and _native is not None:
        walked: list[tuple[etree._Element, IdentifierScheme]] | None = _native.declared(
            root, _scheme_attributes(), _by_pair()
        )
        if walked is not None:
            return walked
    scheme_of = _by_pair().get
    found: list[tuple[etree._Element, IdentifierScheme]] = []
    tag = root.tag
    # Either selection gives the same attributes in the same order; only the cost differs.
    select = (
        _scheme_xpath()
        if not isinstance(tag, str) or tag.startswith(_EBIX_NAMESPACE)
        else _ALL_ATTRIBUTES
    )
    result = select.compiled(root)
    assert isinstance(result, list)
    for attribute in result:
        # (an attribute's value is a str: the pair is looked up as it is, not copied first)
        scheme = scheme_of((getattr(attribute, "attrname", None), attribute))
        if scheme is not None:
            parent = attribute.getparent()  # type: ignore[union-attr]
            if isinstance(parent, etree._Element):
                found.append((parent, scheme))
    return found


def check_identifiers(document: ParsedDocument, *, strict: bool = False) -> list[Problem]:
    """Findings for identifiers whose check digits are wrong, and for GSRNs that are no Elhub
    metering point id (another prefix than 7070575; not in a Nordic Ediel document)."""
    if not isinstance(document, ParsedDocument):
        raise TypeError(
            "check_identifiers() takes a ParsedDocument (from elhub_cim.parse), "
            f"not {type(document).__name__}"
        )
    if not isinstance(document.root, etree._Element):  # (one made by hand: the native walk
        # reads an lxml element's fields, whatever it is given)
        raise TypeError(
            "check_identifiers() takes a ParsedDocument whose root is an lxml element, "
            f"not {type(document.root).__name__}"
        )
    checked_flag(strict, "strict")
    severity = Severity.ERROR if strict else Severity.WARNING
    problems: list[Problem] = []
    name = document.name
    tag = document.root.tag
    # (Nordic Ediel documents name Danish metering points: not held to Elhub's prefix)
    nordic = isinstance(tag, str) and tag.startswith(_NORDIC_NAMESPACE)
    judged = _JUDGED
    wrong: list[tuple[etree._Element, str, str]] = []
    for element, scheme in _declared(document.root):
        value = (element.text or "").strip()
        # The same parties and metering points recur, message after message: what an
        # identifier was judged to be is one look-up, right or wrong.
        known = judged.get((id(scheme), value))
        if known is None or known[0] is not scheme:
            known = _judged(scheme, value)
        code, message = known[1], known[2]
        if code is not None and message is not None and not (nordic and code == _PREFIX_CODE):
            wrong.append((element, code, message))
    if not wrong:
        return problems
    # The paths of all the findings at once: the document's tree and root read once.
    paths = readable_paths([element for element, _, _ in wrong])
    for (element, code, message), path in zip(wrong, paths, strict=True):
        line = element.sourceline  # (source_line, inlined: one call less per finding)
        found = Severity.ERROR if code == _DIGITS_CODE else severity  # (no placeholder)
        problems.append(
            Problem(code, message, name, line if isinstance(line, int) else None, path, found)
        )
    return problems


def _judged(
    scheme: IdentifierScheme, value: str
) -> tuple[IdentifierScheme, str | None, str | None]:
    """``scheme`` and the code and message of ``value``'s wrong check digit under it, or two
    None where its check digits are right; remembered for short values (see _JUDGED)."""
    known: tuple[IdentifierScheme, str | None, str | None]
    if not value.isascii() and any(char.isdigit() for char in value if not char.isascii()):
        known = (scheme, _DIGITS_CODE, _digits_message(scheme, value))
    elif is_valid(scheme.kind, value):
        if scheme.kind == "gs1" and len(value) == 18 and not is_metering_point_id(value):
            known = (scheme, _PREFIX_CODE, _prefix_message(value))
        else:
            known = (scheme, None, None)
    else:
        known = (scheme, *_finding(scheme, value))
    if len(value) <= _REMEMBERED_CHARS:
        if len(_JUDGED) >= _FINDINGS_KEPT:
            _JUDGED.clear()
        _JUDGED[(id(scheme), value)] = known  # (the entry keeps its scheme, and so its id)
    return known


#: A GSRN with a right check digit that is no Elhub metering point id (another prefix).
_PREFIX_CODE = "ID_GSRN_PREFIX"
#: An identifier with a digit of another script than ASCII (an error: see the module's text).
_DIGITS_CODE = "ID_NON_ASCII_DIGITS"
#: The namespace of Nordic Ediel documents (Denmark's DataHub 3), whose GSRNs are Danish.
_NORDIC_NAMESPACE = "{urn:ediel.org:"


def _prefix_message(value: str) -> str:
    return (
        f"GSRN {mask_identity_numbers(value)} is not an Elhub metering point id "
        f"(they start {METERING_POINT_PREFIX})"
    )


def _digits_message(scheme: IdentifierScheme, value: str) -> str:
    label = _gs1_label(value)[0] if scheme.kind == "gs1" else scheme.label
    # (personal whatever its digits: masked as a wrong one is)
    shown = MASK if scheme.personal else mask_identity_numbers(value)
    return f"{label} {shown} has digits other than 0-9 (Elhub's identifiers are ASCII digits)"


#: (id of the scheme, value) -> (scheme, code, message) of an identifier judged, code and message
#: None where its check digits are right (see _judged). The message masks identity numbers.
_JUDGED: dict[tuple[int, str], tuple[IdentifierScheme, str | None, str | None]] = {}


def _finding(scheme: IdentifierScheme, value: str) -> tuple[str, str]:
    """The code and message of ``value``'s wrong check digit under ``scheme``; remembered for
    short values (the same wrong numbers, test parties and metering points, recur)."""
    key = (id(scheme), value)
    known = _FINDINGS.get(key)
    if known is not None and known[0] is scheme:  # (the entry keeps its scheme, and so its id)
        return known[1], known[2]
    label, code = scheme.label, scheme.code
    if scheme.kind == "gs1":
        label, code = _gs1_label(value)
    # A national identity number under another scheme (an organisation number field) is
    # still personal: masked whatever the scheme says.
    shown = MASK if scheme.personal else mask_identity_numbers(value)
    message = f"{label} {shown} has a wrong check digit or format"
    if len(value) <= _REMEMBERED_CHARS:
        if len(_FINDINGS) >= _FINDINGS_KEPT:
            _FINDINGS.clear()
        _FINDINGS[key] = (scheme, code, message)
    return code, message


#: (id of the scheme, value) -> (scheme, code, message) of a wrong identifier (see _finding).
_FINDINGS: dict[tuple[int, str], tuple[IdentifierScheme, str, str]] = {}
_FINDINGS_KEPT = 4096
