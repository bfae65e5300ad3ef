"""Facts of the CIM profile that code outside the mapping tables needs.

- Norwegian processes are codes (``process.processType``): ``BRS-NO-102`` ⇄ ``NO102``
  (:func:`local_process_code`, :func:`brs_of`); the code list with definitions is
  ``schemas/cim/elhub-profile-0.2/local-extension-types.xsd``.
- Each document has one ``type`` (:func:`fixed_document_type`, read from its XSD).
- Times: UTC (``Z``) is normative in CIM; ebIX is written in Elhub's convention, Europe/Oslo
  offsets (:func:`to_utc`, :func:`to_oslo`). Both keep the fraction of a second exactly as
  written, so a message in Elhub's convention round-trips byte for byte; another lexical form
  (``Z`` or a foreign offset in ebIX) comes back equal in meaning.
- UUIDs are read in either case and written in lower case (:func:`normalise_cim`).
- Profile 0.1 documents are read and upgraded to 0.2 by the CIM format
  (:func:`elhub_cim.formats.cim.upgrade`).
"""

from __future__ import annotations

import functools
import re
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from lxml import etree

from .catalog import PROFILE_SUFFIX, MessageType
from .dates import in_utc, in_zone
from .errors import DateOutOfRangeError, Problem, shown_value
from .memo import short_text_memo

__all__ = [
    "brs_of",
    "derive_record_id",
    "fixed_document_type",
    "from_utc_minute",
    "is_current",
    "is_identifier_element",
    "is_time_element",
    "local_process_code",
    "normalise_cim",
    "to_oslo",
    "to_utc",
    "to_utc_minute",
]

XS = "http://www.w3.org/2001/XMLSchema"
OSLO = ZoneInfo("Europe/Oslo")
_TIME = re.compile(
    r"^(?P<base>\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?P<fraction>\.\d+)?"
    r"(?P<offset>Z|[+-]\d{2}:\d{2})$"
)
_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


def local_process_code(brs: str) -> str:
    """The local process code of a BRS: ``BRS-NO-102`` → ``NO102`` (``POLL`` → ``NOPOLL``)."""
    return "NO" + brs.removeprefix("BRS-NO-")


def brs_of(code: str | None) -> str | None:
    """The BRS of a local process code (``NO102`` → ``BRS-NO-102``); ``None`` for other codes."""
    if code is None or not code.startswith("NO") or len(code) < 3:
        return None
    rest = code[2:]
    return f"BRS-NO-{rest}" if rest.isdigit() else rest


#: A UUID as ``uuid.UUID`` writes it (any case): the form :func:`derive_record_id` reads itself.
_CANONICAL_UUID = re.compile(
    r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
)


def derive_record_id(document_id: str, position: int) -> str:
    """R2: the record id of the ``position``-th (1-based) record without its own id, a UUID v5
    of the document id: ``str(uuid.uuid5(uuid.UUID(document_id), str(position)))``.

    The same computation written out for a document id in the usual form (a record id is derived
    for every record of a document, several times per conversion); any other form
    ``uuid.UUID`` accepts (braces, ``urn:uuid:``, no hyphens) goes through :mod:`uuid` itself.
    """
    if _CANONICAL_UUID.fullmatch(document_id) is None:
        import uuid  # lazy: uuid loads platform, which validate does not need

        return str(uuid.uuid5(uuid.UUID(document_id), str(position)))
    import hashlib  # lazy: OpenSSL's hashes cost start-up time that validate does not need

    namespace = bytes.fromhex(document_id.replace("-", ""))
    name = namespace + str(position).encode("utf-8")
    digest = bytearray(hashlib.sha1(name, usedforsecurity=False).digest()[:16])
    # RFC 4122 version 5 and variant bits, as uuid.UUID(bytes=..., version=5) sets them
    digest[6] = (digest[6] & 0x0F) | 0x50
    digest[8] = (digest[8] & 0x3F) | 0x80
    text = digest.hex()
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"


def is_identifier_element(local_name: str) -> bool:
    """Whether a CIM element holds an identifier (``mRID``, ``*.mRID``): the only elements whose
    UUIDs are written in lower case; a free text that looks like a UUID is kept as written."""
    return local_name == "mRID" or local_name.endswith(".mRID")


def is_time_element(local_name: str) -> bool:
    """Whether a CIM element holds a point in time (``createdDateTime``, ``*.dateTime``)."""
    return local_name == "createdDateTime" or local_name.endswith(".dateTime")


#: Local names of the ESMP interval boundaries (``timeInterval/start|end``), written in UTC to
#: the minute (YMDHM, ``2026-06-01T22:00Z``) as the Nordic measure documents do.
INTERVAL_BOUNDARIES = frozenset({"start", "end"})
_YMDHM = re.compile(r"^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})Z$")
_ON_THE_MINUTE = re.compile(r"^(-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}):00\.0+Z$")


def to_utc_minute(text: str) -> str:
    """``2026-06-02T00:00:00+02:00`` → ``2026-06-01T22:00Z`` (a time on a whole minute, zero
    seconds written with or without a zero fraction: ``00:00:00.000``; anything else is
    returned in full UTC form, which the XSD then refuses)."""
    utc = to_utc(text)
    if utc.endswith(":00Z") and len(utc) == 20:
        return utc[:16] + "Z"
    whole = _ON_THE_MINUTE.match(utc)
    return f"{whole[1]}Z" if whole else utc


def from_utc_minute(text: str) -> str:
    """``2026-06-01T22:00Z`` → ``2026-06-02T00:00:00+02:00`` (Elhub's convention)."""
    match = _YMDHM.match(text.strip())
    return to_oslo(f"{match[1]}:00Z" if match else text)


def _parse(text: str) -> tuple[datetime, str] | None:
    match = _TIME.match(text.strip())
    if match is None:
        return None
    offset = match["offset"].replace("Z", "+00:00")
    try:
        return datetime.fromisoformat(match["base"] + offset), match["fraction"] or ""
    except ValueError:
        return None  # not a real date-time: the XSD names it


#: The first year EMIF and the profile write (their date-time patterns: ``[1-9][0-9]{3}``).
_FIRST_YEAR = 1000


def _before_first_year(text: str, year: int, zone: str) -> DateOutOfRangeError:
    """A time that falls before year 1000 once written in ``zone`` (``1000-01-01T00:30:00+01:00``
    is in year 999 in UTC): neither standard can write it there (``strftime`` would write the
    year in three digits, no xs:dateTime at all)."""
    return DateOutOfRangeError(
        [
            Problem(
                DateOutOfRangeError.default_code,
                f"date-time {shown_value(text)} is in year {year} in {zone}, which cannot be "
                f"written (EMIF and the CIM profile write years {_FIRST_YEAR} to 9999)",
            )
        ]
    )


# Conversions write and read the same few times again and again (every series its period,
# documents of one day the same days): each text is converted once. Pure functions of the text;
# a time out of range raises every time (a function cache keeps no exceptions). Only texts as
# short as times are kept (core.memo).
@short_text_memo(maxsize=4096, max_chars=48)
def to_utc(text: str) -> str:
    """``2026-05-01T00:00:00+02:00`` → ``2026-04-30T22:00:00Z`` (fraction kept as written).
    :class:`~elhub_cim.core.errors.DateOutOfRangeError` for an instant outside years 1000-9999
    in UTC."""
    parsed = _parse(text)
    if parsed is None:
        return text  # not a time in the expected form: the XSD will say so
    moment, fraction = parsed
    utc = in_utc(moment)
    if utc.year < _FIRST_YEAR:
        raise _before_first_year(text, utc.year, "UTC")
    return utc.isoformat()[:19] + fraction + "Z"


@short_text_memo(maxsize=4096, max_chars=48)
def to_oslo(text: str) -> str:
    """``2026-04-30T22:00:00Z`` → ``2026-05-01T00:00:00+02:00`` (Elhub's convention).
    :class:`~elhub_cim.core.errors.DateOutOfRangeError` outside years 1000-9999 in Oslo."""
    parsed = _parse(text)
    if parsed is None:
        return text
    moment, fraction = parsed
    local = in_zone(moment, OSLO)
    if local.year < _FIRST_YEAR:
        raise _before_first_year(text, local.year, "Norwegian time")
    written = local.isoformat()
    if len(written) == 25:  # an offset of hours and minutes
        return written[:19] + fraction + written[19:]
    # An offset with seconds, which xs:dateTime cannot write: local mean time before 1895 where
    # the time zone database gives Oslo Berlin's (+00:53:28, the tzdata package). The same
    # instant in UTC, which EMIF takes as well.
    return to_utc(text)


def normalise_cim(root: etree._Element, *, times: str = "oslo") -> None:
    """In place: UUIDs of identifiers (:func:`is_identifier_element`) in lower case, and every
    time in Oslo offsets (``times="oslo"``, before reading into the domain) or UTC
    (``times="utc"``, after writing)."""
    convert = to_oslo if times == "oslo" else to_utc
    boundary = from_utc_minute if times == "oslo" else to_utc_minute
    for element in root.iter(etree.Element):
        text = element.text
        if text is None or len(element):
            continue
        name = etree.QName(element).localname
        if is_identifier_element(name):
            if _UUID.match(text):
                element.text = text.lower()
        elif is_time_element(name):
            element.text = convert(text)
        elif name in INTERVAL_BOUNDARIES:
            parent = element.getparent()
            if parent is not None and etree.QName(parent).localname == "timeInterval":
                element.text = boundary(text)


@functools.cache
def _fixed_types(schema_file: Path) -> tuple[str, ...]:
    schema = etree.parse(str(schema_file)).getroot()
    restriction = schema.find(
        f"{{{XS}}}simpleType[@name='DocumentKind_String']/{{{XS}}}restriction"
    )
    if restriction is None:
        return ()
    return tuple(e.get("value", "") for e in restriction.iterfind(f"{{{XS}}}enumeration"))


def fixed_document_type(message_type: MessageType) -> str | None:
    """The one ``type`` a profile 0.2 document has (``None`` for the acknowledgement)."""
    codes = _fixed_types(message_type.schema_file)
    return codes[0] if len(codes) == 1 else None


def is_current(namespace: str) -> bool:
    """Whether a CIM namespace is the current profile's."""
    return namespace.endswith(PROFILE_SUFFIX)
