"""Replies: the Acknowledgement of a received document, and the confirm and reject steps.

A system that receives a message answers it. :func:`acknowledge` builds the positive or negative
``Acknowledgement`` of any received document, in its standard or the other one, with Elhub's
reason codes derived from the validation problems (:func:`reason_codes`, table in
``elhub_cim/rules/sets/reason-codes.toml``, documented in ``docs/replies.md``).
:func:`confirm` and :func:`reject` build the answer to a start- or end-of-supply request, as
Elhub sends it: for test harnesses, and for systems that play Elhub's side in tests.

    >>> import elhub_cim
    >>> received = EXAMPLES / "ebix/RequestStartOfSupply-move-in.xml"
    >>> reply = elhub_cim.acknowledge(received, to="cim")
    >>> reply.standard, reply.document.status.value
    ('cim', 'accepted')
    >>> reply = elhub_cim.reject(received, ["E17"])
    >>> type(reply.document).__name__, reply.document.reasons
    ('StartOfSupplyRejection', ['E17'])

Every built document is written through the mapping tables and validated against our XSDs on
the way out; what cannot be valid is an error, never an invalid document.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from fnmatch import fnmatchcase
from typing import Any, Generic, TypeVar, overload

from .convert import Target, from_domain, mapping_for_model, to_domain
from .core.arguments import checked_name, refuse_one
from .core.catalog import Standard, standard_of
from .core.errors import (
    ElhubCimError,
    Problem,
    Severity,
    UnknownDocumentError,
    shown_argument,
    shown_value,
)
from .core.logs import get_logger
from .core.profile import brs_of
from .core.safeparse import DEFAULT_MAX_BYTES, ParsedDocument, Source
from .domain import (
    Acknowledgement,
    AcknowledgementStatus,
    EndOfSupplyConfirmation,
    EndOfSupplyRejection,
    EndOfSupplyRequest,
    Header,
    Role,
    StartOfSupplyConfirmation,
    StartOfSupplyRejection,
    StartOfSupplyRequest,
)
from .domain.common import BusinessDocument
from .domain.timestamp import Timestamp
from .formats import Format
from .formats.read import detect, load, parse
from .mapping import ConversionOptions
from .mapping.tables import field_codes, structures
from .pipeline import ValidationResult, validate
from .rules.engine import sets_folder
from .times import Moment, elhub_timestamp

__all__ = [
    "ReasonCodeRow",
    "Reply",
    "ReplyError",
    "acknowledge",
    "confirm",
    "reason_code_table",
    "reason_codes",
    "reject",
]

D = TypeVar("D", bound=BusinessDocument)

log = get_logger(__name__)

#: Elhub's role code in a CIM header.
ELHUB_ROLE = "DDZ"


class ReplyError(ElhubCimError):
    """No reply can be built (e.g. the received document has no readable identification)."""

    default_code = "REPLY_IMPOSSIBLE"


@dataclass(frozen=True, slots=True)
class Reply(Generic[D]):
    """A built reply: the domain document, and its XML in ``standard`` (validated)."""

    document: D
    data: bytes
    standard: Target

    def __repr__(self) -> str:
        # As a Conversion's: a log line or a traceback that shows a reply shows its size, not
        # the message (which may carry a customer's data).
        return (
            f"Reply(document={self.document!r}, data=<{len(self.data)} bytes>, "
            f"standard={self.standard!r})"
        )


# --- reason codes -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ReasonCodeRow:
    """One row of the reason-code table: which findings get which Elhub reason code."""

    code: str
    reason: str  # "=" keeps the finding's own code
    path: str | None = None
    message: str | None = None
    note: str = ""

    def matches(self, problem: Problem) -> bool:
        if not fnmatchcase(problem.code, self.code):
            return False
        if self.path is not None and not fnmatchcase(problem.path or "", self.path):
            return False
        return self.message is None or fnmatchcase(problem.message, self.message)


_ELHUB_CODE = re.compile(r"^(E[0-9A-Z]{2}|EH\d{3})$")


@functools.cache
def reason_code_table() -> tuple[tuple[ReasonCodeRow, ...], str]:
    """The rows of ``reason-codes.toml`` and its default code."""
    with (sets_folder() / "reason-codes.toml").open("rb") as stream:
        data = tomllib.load(stream)
    rows = tuple(
        ReasonCodeRow(
            code=row["code"],
            reason=row["reason"],
            path=row.get("path"),
            message=row.get("message"),
            note=row.get("note", ""),
        )
        for row in data["rows"]
    )
    for row in rows:
        if row.reason != "=" and not _ELHUB_CODE.match(row.reason):
            raise ValueError(f"reason-codes.toml: {row.reason!r} is not an Elhub reason code")
    return rows, str(data["default"])


def reason_code(problem: Problem, allowed: Collection[str] | None = None) -> str:
    """The Elhub reason code answering one finding. With ``allowed`` (the codes the reply can
    carry), a finding's own code (a rule set's ``EH...`` or ``E..``) that is not among them is
    answered like any other error, by the table's later rows or its default."""
    rows, default = reason_code_table()
    for row in rows:
        if row.matches(problem):
            if row.reason != "=":
                return row.reason
            if allowed is None or problem.code in allowed:
                return problem.code
    return default


def reason_codes(
    problems: Iterable[Problem] | ValidationResult, *, allowed: Collection[str] | None = None
) -> list[str]:
    """Elhub reason codes for the errors among ``problems`` (in order, each code once);
    ``allowed`` as in :func:`reason_code`.

    >>> from elhub_cim import Problem
    >>> reason_codes([
    ...     Problem("XSD_ENUMERATION", "...", path="/RequestStartOfSupply/Header/DocumentType"),
    ...     Problem("EH015", "meter number needs a postcode or an end-user id"),
    ...     Problem("ID_GS1_CHECK_DIGIT", "...", severity=Severity.WARNING),
    ... ])
    ['EH011', 'EH015']
    """
    if allowed is not None:
        refuse_one(allowed, "allowed", "code", "put it in a set")
        if not isinstance(allowed, Collection):
            raise TypeError(
                f"allowed is a collection of codes or None, not {type(allowed).__name__}"
            )
    return _reason_codes(_problems_of(problems, "reason_codes"), allowed, "reason_codes")


def _reason_codes(
    problems: Iterable[Problem], allowed: Collection[str] | None, caller: str
) -> list[str]:
    """:func:`reason_codes` of checked ``problems``; one that is no Problem is a TypeError that
    names ``caller``."""
    codes: list[str] = []
    for number, problem in enumerate(problems, 1):
        try:
            severity = problem.severity
        except AttributeError:
            raise TypeError(
                f"{caller}(): problem {number} is a {type(problem).__name__}, not a Problem"
            ) from None
        if severity is Severity.ERROR:
            code = reason_code(problem, allowed)
            if code not in codes:
                codes.append(code)
    return codes


def _checked_uuid(value: object, name: str) -> None:
    """A TypeError unless ``value``, the argument ``name``, is a str or None; a ValueError for a
    text that is no UUID (in either case): the caller's mistake, not the received document's."""
    checked_name(value, name)
    if isinstance(value, str) and _UUID.fullmatch(value.lower()) is None:
        shown = shown_argument(value, 60)  # (masked, then cut)
        raise ValueError(f"{name} is a UUID (8-4-4-4-12 hexadecimal digits) or None, not {shown}")


def _checked_reply_arguments(to: object, created: object, document_id: object) -> None:
    """A ValueError unless ``to`` is a reply's standard ("ebix", "cim") or None, or unless
    ``document_id`` is a UUID or None; a TypeError unless ``created`` is a moment (a date, a
    date-time, a timestamp text) or None, or unless ``document_id`` is a str or None."""
    _checked_uuid(document_id, "document_id")
    if to is not None and to not in ("ebix", "cim"):
        raise ValueError(f"to is 'ebix', 'cim' or None, not {shown_argument(to)}")
    if created is not None and not isinstance(created, date | str):  # (a datetime is a date)
        raise TypeError(
            "created is an aware datetime.datetime, a datetime.date, a timestamp text (str) or "
            f"None, not {type(created).__name__}"
        )
    if isinstance(created, datetime) and created.utcoffset() is None:
        raise ValueError(
            "created is an aware datetime (with its time zone), not a naive one: the instant is "
            "ambiguous (e.g. tzinfo=elhub_cim.times.OSLO)"
        )
    if isinstance(created, str):
        try:
            Timestamp(created)
        except ValueError as error:  # (it quotes the text: masked)
            raise ValueError(
                f"created is a timestamp text Elhub can carry: {shown_value(str(error))}"
            ) from None


#: A party's GLN, as the header holds it (``domain.types.PartyId``).
_GLN = re.compile(r"\d{13}", re.ASCII)

#: The codes of the market roles a reply may name.
_ROLES = tuple(role.value for role in Role)


def _checked_role(role: object) -> None:
    """A TypeError unless ``role`` is a :class:`Role`, its code or None; a ValueError for a
    text that is no role's code."""
    if role is None or isinstance(role, Role):
        return
    if not isinstance(role, str):
        raise TypeError(f"role is a Role, its code (a str) or None, not {type(role).__name__}")
    if role not in _ROLES:
        known, shown = ", ".join(_ROLES), shown_argument(role)
        raise ValueError(f"role is a Role or its code ({known}) or None, not {shown}")


def _problems_of(problems: object, caller: str) -> Iterable[Problem]:
    """The problems a caller gave as ``problems`` (a ValidationResult's); anything that is no
    iterable of them (a number, a text, whose characters would be taken for problems) is a
    TypeError that names ``caller``."""
    if isinstance(problems, ValidationResult):
        return problems.problems
    if isinstance(problems, str | bytes) or not isinstance(problems, Iterable):
        raise TypeError(
            f"{caller}() takes problems as a list of Problem or a ValidationResult, "
            f"not {type(problems).__name__}"
        )
    return problems


def reason_code_table_markdown() -> str:
    """The table as Markdown (``docs/replies.md`` holds it; a test keeps it fresh)."""
    rows, default = reason_code_table()
    lines = [
        "| finding code | path | message | Elhub reason code | why |",
        "|---|---|---|---|---|",
    ]
    for row in rows:
        reason = "the finding's own code" if row.reason == "=" else f"`{row.reason}`"
        lines.append(
            f"| `{row.code}` | {f'`{row.path}`' if row.path else ''} "
            f"| {f'`{row.message}`' if row.message else ''} | {reason} | {row.note} |"
        )
    lines.append(f"| any other error | | | `{default}` | Other reason. |")
    return "\n".join(lines) + "\n"


# --- the received document's header -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Received:
    """What a reply needs from the received document, read even when it is invalid."""

    standard: Target
    document_id: str | None
    sender: str | None
    recipient: str | None
    process: str | None
    role: str | None
    name: str


def _header_paths(side: Target) -> dict[str, list[str]]:
    """Where the header fields are in ``side``: from the mapping table's header structure."""
    found: dict[str, list[str]] = {}
    for row in structures()["header"]["fields"]:
        domain, path = row.get("domain"), row.get(side)
        if domain and path and not path.rsplit("/", 1)[-1].startswith("@"):
            found.setdefault(domain.removeprefix("header."), []).append(path)
    return found


def _text_at(root: Any, path: str) -> str | None:
    steps = "/".join(f"*[local-name()='{step}']" for step in path.split("/"))
    values = root.xpath(f"./{steps}/text()")
    return str(values[0]).strip() if values else None


def _nordic_refused(what: str, name: str) -> ReplyError:
    """A Nordic Ediel document given to a reply: refused alike in either form (XML, JSON)."""
    why = (
        f"a Nordic Ediel document ({what}): no reply can refer to it as it is; convert it into "
        "the profile (convert --to cim; --brs names its BRS where its process type is several "
        "processes) and answer the converted document"
    )
    return ReplyError([Problem("REPLY_IMPOSSIBLE", why, file=name)])


def _received_document(
    received: Source | ParsedDocument, max_bytes: int, name: str | None
) -> ParsedDocument:
    """The received document parsed, a Nordic Ediel one (XML or DataHub 3's JSON) refused as
    that (:func:`_nordic_refused`)."""
    if isinstance(received, ParsedDocument):
        document = received
    else:
        data, label = load(received, max_bytes=max_bytes, name=name)
        try:
            document = parse(data, max_bytes=max_bytes, name=label)
        except UnknownDocumentError:
            # (only a refused input pays for this second look)
            if detect(data) is Format.NORDIC_JSON:
                raise _nordic_refused("DataHub 3's CIM JSON", label) from None
            raise
    if standard_of(etree_namespace(document.root)) is Standard.NORDIC_EDIEL:
        raise _nordic_refused("XML", document.name)
    return document


def _received_header(document: ParsedDocument) -> _Received:
    standard = standard_of(etree_namespace(document.root))
    if standard not in (Standard.EBIX, Standard.CIM):
        raise ReplyError(
            [
                Problem(
                    "REPLY_IMPOSSIBLE",
                    "not an ebIX or CIM profile document: no reply can refer to it",
                    file=document.name,
                )
            ]
        )
    side: Target = "ebix" if standard is Standard.EBIX else "cim"
    paths = _header_paths(side)

    def first(name: str) -> str | None:
        return next(
            (v for v in (_text_at(document.root, p) for p in paths.get(name, [])) if v), None
        )

    process = first("process")
    if side == "cim":  # a local process code; an acknowledgement names the acknowledged one's
        codes = [process, _text_at(document.root, "received_MarketDocument.process.processType")]
        process = (
            next((brs for code in codes if (brs := brs_of(code))), None)
            # profile 0.1 (still read): the BRS in process.mRID, a Nordic code in processType
            or _text_at(document.root, "process.mRID")
            or next((code for code in codes if code), None)
        )
    role = first("role") if side == "ebix" else None
    if side == "cim":
        # The market party's role: the sender's, or the receiver's when Elhub (DDZ) sent it.
        roles = [_text_at(document.root, p) for p in paths.get("role", [])]
        role = next((r for r in roles if r and r != ELHUB_ROLE), None)
    return _Received(
        standard=side,
        document_id=first("document_id"),
        sender=first("sender"),
        recipient=first("recipient"),
        process=process,
        role=role,
        name=document.name,
    )


def etree_namespace(element: Any) -> str | None:
    tag = str(element.tag)
    return tag[1:].split("}", 1)[0] if tag.startswith("{") else None


def _received_from_model(
    document: BusinessDocument, standard: Target, name: str | None = None
) -> _Received:
    header = document.header
    return _Received(
        standard=standard,
        document_id=header.document_id,
        sender=header.sender,
        recipient=header.recipient,
        process=str(header.process),
        role=header.role.value,
        name=name or "<document>",
    )


def _now(standard: Target, created: Moment | None) -> str:
    # The domain holds Elhub's convention (Oslo offsets) whatever the target: the CIM writer
    # turns it into UTC (profile 0.2, docs/cim-profile.md §0.3), and reading it back gives this.
    del standard
    moment = created if created is not None else datetime.now(UTC)
    return elhub_timestamp(moment)


def _reply_header(
    received: _Received,
    *,
    to: Target,
    created: Moment | None,
    document_id: str | None,
    physical_sender: str | None,
    role: Role | str | None,
) -> Header:
    """The header of a reply: from the received document's recipient back to its sender."""
    missing = [
        label
        for label, value in (
            ("identification", received.document_id),
            ("sender", received.sender),
            ("recipient", received.recipient),
            ("business process", received.process),
            ("role", role or received.role),
        )
        if not value
    ]
    if missing:
        raise ReplyError(
            [
                Problem(
                    "REPLY_IMPOSSIBLE",
                    f"the received document has no readable {', '.join(missing)}: "
                    "no reply can refer to it",
                    file=received.name,
                )
            ]
        )
    values: dict[str, Any] = {
        "created": _now(to, created),
        "sender": received.recipient,
        "recipient": received.sender,
        "process": received.process,
        "role": role or received.role,
    }
    if document_id is not None:
        values["document_id"] = _canonical_uuid(document_id, "document_id", received.name)
    if physical_sender:
        values["physical_sender"] = physical_sender
    try:
        return Header.model_validate(values)
    except ValueError as error:
        raise ReplyError(
            [
                Problem(
                    "REPLY_IMPOSSIBLE",
                    f"the received document's header cannot be answered: {_first_line(error)}",
                    file=received.name,
                )
            ]
        ) from error


def _first_line(error: Exception) -> str:
    lines = str(error).splitlines()
    return " ".join(line.strip() for line in lines[1:3]) if len(lines) > 1 else str(error)


def _side_of(document: ParsedDocument) -> Target:
    """The standard a reply to ``document`` is written in by default."""
    standard = standard_of(etree_namespace(document.root))
    return "cim" if standard in (Standard.CIM, Standard.NORDIC_EDIEL) else "ebix"


# --- acknowledge --------------------------------------------------------------------------------


def acknowledge(
    received: Source | ParsedDocument | BusinessDocument,
    problems: Iterable[Problem] | ValidationResult | None = None,
    *,
    to: Target | None = None,
    payload_id: str | None = None,
    created: Moment | None = None,
    document_id: str | None = None,
    physical_sender: str | None = None,
    role: Role | str | None = None,
    options: ConversionOptions | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    name: str | None = None,
) -> Reply[Acknowledgement]:
    """The Acknowledgement of ``received``: positive when ``problems`` hold no error.

    ``received`` is the document as it arrived (bytes, path, file object, ``Text``), read even
    when it is invalid, or a domain document. ``problems`` default to what
    :func:`elhub_cim.validate` finds (XSD, then business rules); their errors become Elhub's
    reason codes (:func:`reason_codes`). The reply goes from the received document's recipient
    back to its sender, in the received document's standard or in ``to``; ``payload_id`` names
    the payload it concerns. ``created`` defaults to now; ``options.elhub_glns`` tells the CIM
    header which party is Elhub. Raises :class:`ReplyError` when the received document has no
    readable identification, sender, recipient, process or role (``role=`` supplies the last).
    When every error lies in one payload that carries its own identification (a
    ``PayloadEnergyTimeSeries`` of CollectedData, a CIM ``MktActivityRecord``), the
    acknowledgement names that payload unless ``payload_id`` is given.
    """
    checked_name(name)
    _checked_reply_arguments(to, created, document_id)
    _checked_uuid(payload_id, "payload_id")
    checked_name(physical_sender, "physical_sender")
    if physical_sender and _GLN.fullmatch(physical_sender) is None:
        shown = shown_argument(physical_sender, 60)
        raise ValueError(
            f"physical_sender is a GLN (13 digits), '' or None (the juridical sender), not {shown}"
        )
    _checked_role(role)
    given = None if problems is None else list(_problems_of(problems, "acknowledge"))
    document: ParsedDocument | None = None
    if isinstance(received, BusinessDocument):
        if to is None:
            raise TypeError("acknowledging a domain document needs to='ebix' or to='cim'")
        header = _received_from_model(received, to)
        found: list[Problem] = []
    else:
        document = _received_document(received, max_bytes, name)
        label = document.name
        header = _received_header(document)
        if problems is None:
            found = validate(document.tree_bytes(), name=label).problems
        to = to or _side_of(document)
    if given is not None:
        found = given
    # (a rule set's own code that Elhub's list lacks is answered as any other error: E14)
    reasons = _reason_codes(found, _reasons_allowed(Acknowledgement, to), "acknowledge")
    if payload_id is None and reasons and document is not None:
        payload_id = _payload_of(document, found)
    reply_header = _reply_header(
        header,
        to=to,
        created=created,
        document_id=document_id,
        physical_sender=physical_sender,
        role=role,
    )
    ack = Acknowledgement(
        header=reply_header,
        status=AcknowledgementStatus.REJECTED if reasons else AcknowledgementStatus.ACCEPTED,
        original_document_id=_canonical_uuid(
            header.document_id or "", "the received document's identification", header.name
        ),
        original_payload_id=None
        if payload_id is None
        else _canonical_uuid(payload_id, "payload_id", header.name),
        reasons=reasons,
    )
    try:
        data = from_domain(ack, to=to, options=options)
    except ElhubCimError as error:
        # What the reply cannot carry comes from the received document (a process the target's
        # code list lacks, e.g. 624 in ebIX): said of that file, not of "<document>".
        raise error.with_file(header.name) from None
    log.info(
        "acknowledgement %s of %s: %s%s",
        ack.header.document_id,
        ack.original_document_id,
        ack.status.value,
        f" ({', '.join(reasons)})" if reasons else "",
    )
    return Reply(ack, data, to)


@functools.cache
def _reasons_allowed(reply: type[BusinessDocument], side: Target) -> frozenset[str] | None:
    """The reason codes ``reply``'s ``side`` schema allows (None: any)."""
    return frozenset(field_codes(mapping_for_model(reply), "reasons", side)) or None


_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def _canonical_uuid(value: str, what: str, file: str) -> str:
    """``value`` as the UUID a reply writes: in lower case, its canonical form (a UUID given in
    upper case is the same UUID); :class:`ReplyError` when it is no UUID at all."""
    canonical = value.lower()
    if _UUID.fullmatch(canonical) is None:
        raise ReplyError(
            [
                Problem(
                    "REPLY_IMPOSSIBLE",
                    f"{what} is not a UUID (8-4-4-4-12 hexadecimal digits): a reply cannot "
                    "carry it",
                    file=file,
                )
            ]
        )
    return canonical


#: Top-level elements that are payloads, and the child that identifies one, per standard.
_PAYLOADS: dict[Target, tuple[tuple[str, ...], str]] = {
    "ebix": (("Payload",), "Identification"),
    "cim": (("MktActivityRecord", "Series"), "mRID"),
}


def _payload_of(document: ParsedDocument, problems: list[Problem]) -> str | None:
    """The identification of the one payload every error lies in, if there is one."""
    steps = {
        (p.path or "").split("/")[2] if (p.path or "").count("/") >= 2 else ""
        for p in problems
        if p.severity is Severity.ERROR
    }
    if len(steps) != 1:
        return None
    step = steps.pop()
    prefixes, id_name = _PAYLOADS[_side_of(document)]
    local, _, index = step.partition("[")
    if not local.startswith(prefixes):
        return None
    payloads = [child for child in document.root if etree_local(child) == local]
    position = int(index.rstrip("]")) if index else 1
    if not 1 <= position <= len(payloads):
        return None
    for child in payloads[position - 1]:
        if etree_local(child) == id_name:
            value = (child.text or "").strip().lower()
            return value if _UUID.match(value) else None
    return None


def etree_local(element: Any) -> str:
    tag = element.tag
    return str(tag).rsplit("}", 1)[-1] if isinstance(tag, str) else ""


# --- confirm and reject -------------------------------------------------------------------------

# Each request and the documents that confirm and reject it. The fields both share (start or
# end, metering point) are copied; the rest is the header and the reference to the request.
_ANSWERS: dict[type[BusinessDocument], tuple[type[BusinessDocument], type[BusinessDocument]]] = {
    StartOfSupplyRequest: (StartOfSupplyConfirmation, StartOfSupplyRejection),
    EndOfSupplyRequest: (EndOfSupplyConfirmation, EndOfSupplyRejection),
}
_NOT_COPIED = frozenset({"header", "original_document_id", "reasons"})


def _request(
    request: Source | ParsedDocument | BusinessDocument, max_bytes: int, name: str | None
) -> tuple[BusinessDocument, Target | None, str | None]:
    """The request as a domain document, the standard it came in and its name (None: given as
    a domain document)."""
    checked_name(name)
    if isinstance(request, BusinessDocument):
        return request, None, None  # (another model is the caller's mistake: TypeError in _answer)
    document = _received_document(request, max_bytes, name)
    label = document.name
    model = to_domain(document, allow_loss=True)
    if type(model) not in _ANSWERS:
        # A received message of another kind is bad input, reported as such (file and all).
        raise ReplyError(
            [
                Problem(
                    "REPLY_IMPOSSIBLE",
                    f"{type(model).__name__} is not a start- or end-of-supply request: there is "
                    "no confirmation or rejection of it",
                    file=label,
                )
            ]
        )
    return model, _side_of(document), label


def _answer(
    request: BusinessDocument,
    kind: int,
    to: Target,
    reasons: list[str] | None,
    created: Moment | None,
    document_id: str | None,
    name: str | None = None,
) -> Reply[BusinessDocument]:
    answers = _ANSWERS.get(type(request))
    if answers is None:
        supported = ", ".join(sorted(t.__name__ for t in _ANSWERS))
        raise TypeError(f"no confirm/reject step for {type(request).__name__} ({supported})")
    model = answers[kind]
    header = _reply_header(
        _received_from_model(request, to, name),
        to=to,
        created=created,
        document_id=document_id,
        physical_sender=None,
        role=None,
    )
    values: dict[str, Any] = {
        field: getattr(request, field)
        for field in model.model_fields
        if field not in _NOT_COPIED and field in type(request).model_fields
    }
    values.update(header=header, original_document_id=request.header.document_id)
    if reasons is not None:
        values["reasons"] = reasons
    document = model.model_validate(values)
    try:
        data = from_domain(document, to=to)
    except ElhubCimError as error:
        if name is None:
            raise
        raise error.with_file(name) from None  # (the reply's problems are the request file's)
    log.info("%s %s of %s", model.__name__, document.header.document_id, request.header.document_id)
    return Reply(document, data, to)


_NO_REASON = (
    "reasons: a rejection needs at least one reason (an Elhub code, or a finding of severity error)"
)


@functools.cache
def _rejection_codes() -> frozenset[str]:
    """The reason codes some rejection carries, in either standard."""
    codes: set[str] = set()
    for _, rejection in _ANSWERS.values():
        for side in ("ebix", "cim"):
            codes |= _reasons_allowed(rejection, side) or set()
    return frozenset(codes)


def _shown(value: str) -> str:
    """A caller's text, as a message shows it: quoted, cut short, identity numbers masked."""
    return shown_argument(value, 60)


@overload
def confirm(
    request: StartOfSupplyRequest,
    *,
    to: Target = ...,
    created: Moment | None = None,
    document_id: str | None = None,
) -> Reply[StartOfSupplyConfirmation]: ...


@overload
def confirm(
    request: EndOfSupplyRequest,
    *,
    to: Target = ...,
    created: Moment | None = None,
    document_id: str | None = None,
) -> Reply[EndOfSupplyConfirmation]: ...


@overload
def confirm(
    request: Source | ParsedDocument,
    *,
    to: Target | None = None,
    created: Moment | None = None,
    document_id: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    name: str | None = None,
) -> Reply[BusinessDocument]: ...


def confirm(
    request: Source | ParsedDocument | BusinessDocument,
    *,
    to: Target | None = None,
    created: Moment | None = None,
    document_id: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    name: str | None = None,
) -> Reply[Any]:
    """Elhub's confirmation of a start- or end-of-supply request.

    The request is a domain document or a message (read into one); the confirmation goes in the
    request's standard or ``to`` (``"ebix"`` for a domain document when not given).
    """
    _checked_reply_arguments(to, created, document_id)
    model, standard, label = _request(request, max_bytes, name)
    return _answer(model, 0, to or standard or "ebix", None, created, document_id, label)


@overload
def reject(
    request: StartOfSupplyRequest,
    reasons: Iterable[str | Problem] | ValidationResult,
    *,
    to: Target = ...,
    created: Moment | None = None,
    document_id: str | None = None,
) -> Reply[StartOfSupplyRejection]: ...


@overload
def reject(
    request: EndOfSupplyRequest,
    reasons: Iterable[str | Problem] | ValidationResult,
    *,
    to: Target = ...,
    created: Moment | None = None,
    document_id: str | None = None,
) -> Reply[EndOfSupplyRejection]: ...


@overload
def reject(
    request: Source | ParsedDocument,
    reasons: Iterable[str | Problem] | ValidationResult,
    *,
    to: Target | None = None,
    created: Moment | None = None,
    document_id: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    name: str | None = None,
) -> Reply[BusinessDocument]: ...


def reject(
    request: Source | ParsedDocument | BusinessDocument,
    reasons: Iterable[str | Problem] | ValidationResult,
    *,
    to: Target | None = None,
    created: Moment | None = None,
    document_id: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    name: str | None = None,
) -> Reply[Any]:
    """Elhub's rejection of a start- or end-of-supply request, with reason codes.

    ``reasons`` are Elhub reason codes (``"E17"``), findings (mapped by :func:`reason_codes`)
    or a :class:`~elhub_cim.ValidationResult`; at least one code is needed.
    """
    if isinstance(reasons, str | bytes) or not isinstance(reasons, Iterable | ValidationResult):
        # (each character of a text would be taken for a code)
        raise TypeError(
            'reject() takes reasons as a list (e.g. ["E17"]) or a ValidationResult, '
            f"not {type(reasons).__name__}"
        )
    items = reasons.problems if isinstance(reasons, ValidationResult) else list(reasons)
    _checked_reply_arguments(to, created, document_id)
    if not items:  # (known before the request is read)
        raise ValueError(_NO_REASON)
    for number, item in enumerate(items, 1):
        if not isinstance(item, str | Problem):
            raise TypeError(
                f"reject(): reason {number} is a {type(item).__name__}, not an Elhub code (str) "
                "or a Problem"
            )
        if isinstance(item, str) and item not in _rejection_codes():
            raise ValueError(
                f"reject(): reason {number} {_shown(item)} is no Elhub reason code a rejection "
                "carries (e.g. E17; docs/replies.md)"
            )
    model, standard, label = _request(request, max_bytes, name)
    side: Target = to or standard or "ebix"
    answers = _ANSWERS.get(type(model))
    # A code given as text is the caller's choice (refused if the reply cannot carry it); a
    # finding's own code that the reply's list lacks is answered as any other error.
    allowed = _reasons_allowed(answers[1], side) if answers is not None else None
    for number, item in enumerate(items, 1):
        if isinstance(item, str) and allowed is not None and item not in allowed:
            raise ValueError(
                f"reject(): reason {number} {_shown(item)} is no code an {side} rejection "
                "carries (the other standard's code list has it: see to=)"
            )
    codes: list[str] = []
    for item in items:
        found = [item] if isinstance(item, str) else reason_codes([item], allowed=allowed)
        codes += [code for code in found if code not in codes]
    if not codes:
        raise ValueError(_NO_REASON)
    return _answer(model, 1, side, codes, created, document_id, label)
