"""Replies: acknowledge, confirm, reject; reason codes from findings; every output valid.

Every built document is checked under our XSDs and, for ebIX, under Elhub's own XSDs
(``../shared/reference/elhub-emif-2.4.3/bim``, via the reference fixture).
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

import elhub_cim
from elhub_cim import Problem, Severity
from elhub_cim.convert import Target, convert
from elhub_cim.domain import (
    Acknowledgement,
    AcknowledgementStatus,
    EndOfSupplyRequest,
    StartOfSupplyRejection,
    StartOfSupplyRequest,
)
from elhub_cim.replies import ReplyError, reason_code_table, reason_code_table_markdown

PROJECT = Path(__file__).resolve().parents[1]
EBIX = PROJECT / "examples" / "ebix"
CIM = PROJECT / "examples" / "cim"
MOVE_IN = EBIX / "RequestStartOfSupply-move-in.xml"
MOVE_OUT_CIM = CIM / "RequestEndOfSupply_BRS-NO-201.xml"
REQUEST_611 = EBIX / "RequestUpfrontMeteringPointCharacteristics-find-by-customer-and-meter.xml"


@functools.cache
def _elhub_schema(bim: Path, name: str) -> etree.XMLSchema:
    (path,) = bim.rglob(f"{name}.xsd")
    return etree.XMLSchema(etree.parse(str(path)))


def _check_valid(reply: elhub_cim.Reply[Any], bim: Path | None) -> None:
    result = elhub_cim.validate(reply.data, rules=False)
    assert result.valid, [p.format() for p in result.problems]
    assert result.message_type is not None
    assert result.message_type.standard.value == reply.standard
    if bim is not None and reply.standard == "ebix":
        schema = _elhub_schema(bim, result.message_type.name)
        assert schema.validate(etree.fromstring(reply.data)), schema.error_log


@pytest.fixture(scope="module")
def bim(emif_reference: Path) -> Path:
    return emif_reference / "bim"


@pytest.mark.parametrize("to", ["ebix", "cim"])
@pytest.mark.parametrize(
    "received",
    [
        MOVE_IN,
        MOVE_OUT_CIM,
        EBIX / "NotifyStartOfSupply.xml",
        CIM / "NotifyStartOfSupply_BRS-NO-102.xml",
    ],
    ids=lambda p: p.name,
)
def test_positive_acknowledgement(received: Path, to: Target, bim: Path) -> None:
    original = elhub_cim.to_domain(received)
    reply = elhub_cim.acknowledge(received, to=to, created="2026-04-14T10:12:09+02:00")
    ack = reply.document
    assert isinstance(ack, Acknowledgement)
    assert ack.status is AcknowledgementStatus.ACCEPTED
    assert ack.reasons == []
    assert ack.original_document_id == original.header.document_id
    # From the received document's recipient back to its sender, same process and party role.
    assert (ack.header.sender, ack.header.recipient) == (
        original.header.recipient,
        original.header.sender,
    )
    assert ack.header.process == original.header.process
    assert ack.header.role == original.header.role
    assert ack.header.document_type == "294"
    assert ack.header.document_id != original.header.document_id
    _check_valid(reply, bim)
    assert elhub_cim.to_domain(reply.data) == ack


def test_default_standard_is_the_received_one() -> None:
    assert elhub_cim.acknowledge(MOVE_IN).standard == "ebix"
    assert elhub_cim.acknowledge(MOVE_OUT_CIM).standard == "cim"
    # Created defaults to now: Oslo offset in ebIX (and in the domain), UTC in CIM.
    assert elhub_cim.acknowledge(MOVE_IN).document.header.created.endswith(("+01:00", "+02:00"))
    cim = elhub_cim.acknowledge(MOVE_OUT_CIM)
    assert cim.document.header.created.endswith(("+01:00", "+02:00"))
    assert re.search(rb"<cim:createdDateTime>[^<]+Z</cim:createdDateTime>", cim.data)


@pytest.mark.parametrize("to", ["ebix", "cim"])
def test_negative_acknowledgement_of_an_invalid_document(to: Target, bim: Path) -> None:
    text = MOVE_IN.read_text(encoding="utf-8")
    broken = text.replace('listAgencyIdentifier="6">392', 'listAgencyIdentifier="6">999')
    broken = broken.replace("2026-05-01T00:00:00+02:00", "31.04.2026")
    reply = elhub_cim.acknowledge(elhub_cim.Text(broken), to=to)
    assert reply.document.status is AcknowledgementStatus.REJECTED
    assert reply.document.reasons == ["EH011", "E50"]
    assert reply.document.original_document_id == "6eff62eb-b950-4e77-b341-ddc0d4de954c"
    _check_valid(reply, bim)


def test_negative_acknowledgement_from_business_rules(bim: Path) -> None:
    # Elhub's rules for 611 report Elhub's own codes: answered as they are.
    result = elhub_cim.validate(REQUEST_611)
    errors = [p.code for p in result.problems if p.severity is Severity.ERROR]
    reply = elhub_cim.acknowledge(REQUEST_611, result, payload_id=None)
    if errors:
        assert reply.document.status is AcknowledgementStatus.REJECTED
        assert reply.document.reasons == list(dict.fromkeys(errors))
    _check_valid(reply, bim)
    forced = elhub_cim.acknowledge(
        REQUEST_611,
        [Problem("EH015", "meter number needs exactly one of postcode and end-user id")],
        payload_id="9a1bdba5-ca39-4ff0-a505-aa5e85e89046",
        to="cim",
    )
    assert forced.document.reasons == ["EH015"]
    assert forced.document.original_payload_id == "9a1bdba5-ca39-4ff0-a505-aa5e85e89046"
    _check_valid(forced, bim)
    # Warnings are not answered: the acknowledgement stays positive.
    warning = Problem("ID_GS1_CHECK_DIGIT", "...", severity=Severity.WARNING)
    assert elhub_cim.acknowledge(MOVE_IN, [warning]).document.status.value == "accepted"


def test_acknowledge_a_domain_document_needs_a_standard() -> None:
    request = elhub_cim.to_domain(MOVE_IN, StartOfSupplyRequest)
    with pytest.raises(TypeError, match="to='ebix'"):
        elhub_cim.acknowledge(request)
    reply = elhub_cim.acknowledge(
        request, to="cim", document_id="5e73f420-6642-427f-840f-dd66f0aa94d2"
    )
    assert reply.document.header.document_id == "5e73f420-6642-427f-840f-dd66f0aa94d2"


def test_no_reply_without_a_reference() -> None:
    text = MOVE_IN.read_text(encoding="utf-8")
    without_id = text.replace(
        "<abie:Identification>6eff62eb-b950-4e77-b341-ddc0d4de954c</abie:Identification>", ""
    )
    with pytest.raises(ReplyError, match="no readable identification"):
        elhub_cim.acknowledge(elhub_cim.Text(without_id))
    with pytest.raises(elhub_cim.MalformedXmlError):
        elhub_cim.acknowledge(b"<not well formed")
    with pytest.raises(ReplyError, match="not an ebIX or CIM"):
        elhub_cim.acknowledge(b"<Foreign xmlns='urn:x-other'/>")


@pytest.mark.parametrize("to", ["ebix", "cim"])
@pytest.mark.parametrize(
    "request_path",
    [MOVE_IN, EBIX / "RequestEndOfSupply-move-out.xml", MOVE_OUT_CIM],
    ids=lambda p: p.name,
)
def test_confirm_and_reject(request_path: Path, to: Target, bim: Path) -> None:
    request = elhub_cim.to_domain(request_path)
    assert isinstance(request, StartOfSupplyRequest | EndOfSupplyRequest)
    confirmed = elhub_cim.confirm(request_path, to=to)
    document = confirmed.document
    assert type(document).__name__.endswith("Confirmation")
    assert document.original_document_id == request.header.document_id  # type: ignore[attr-defined]
    assert document.metering_point == request.metering_point  # type: ignore[attr-defined]
    date_field = "start" if isinstance(request, StartOfSupplyRequest) else "end"
    assert getattr(document, date_field) == getattr(request, date_field)
    assert (document.header.sender, document.header.recipient) == (
        request.header.recipient,
        request.header.sender,
    )
    _check_valid(confirmed, bim)

    problems = [Problem("X-NO102_START_NOT_IN_FUTURE", "start is not in the future", path="/x")]
    rejected = elhub_cim.reject(request_path, ["E16", *problems], to=to)
    assert rejected.document.reasons == ["E16", "E17"]  # type: ignore[attr-defined]
    assert type(rejected.document).__name__.endswith("Rejection")
    _check_valid(rejected, bim)
    assert elhub_cim.to_domain(rejected.data) == rejected.document


def test_typed_builders_and_their_limits() -> None:
    request = elhub_cim.to_domain(MOVE_IN, StartOfSupplyRequest)
    rejection = elhub_cim.reject(request, ["E22"], to="ebix").document
    assert isinstance(rejection, StartOfSupplyRejection)
    assert rejection.header.document_type == "406"  # RejectStartOfSupply (profile matrix)
    with pytest.raises(ValueError, match="at least one reason"):
        elhub_cim.reject(request, [Problem("X", "only a warning", severity=Severity.WARNING)])
    with pytest.raises(TypeError, match="no confirm/reject step"):
        elhub_cim.confirm(elhub_cim.to_domain(EBIX / "NotifyStartOfSupply.xml"))  # type: ignore[call-overload]


@pytest.mark.parametrize("step", ["confirm", "reject"])
@pytest.mark.parametrize(
    "received", [EBIX / "NotifyStartOfSupply.xml", CIM / "RequestToElhub_BRS-NO-602.xml"]
)
def test_a_message_that_is_no_supply_request_is_a_reply_error_naming_it(
    step: str, received: Path
) -> None:
    # A message off the queue that is not a start- or end-of-supply request is bad input, not
    # a programming error: it was a TypeError, which `except ElhubCimError` let through.
    call = (
        elhub_cim.confirm
        if step == "confirm"
        else functools.partial(elhub_cim.reject, reasons=["E17"])
    )
    with pytest.raises(ReplyError) as raised:
        call(received.read_bytes(), name=received.name)
    (problem,) = raised.value.problems
    assert problem.code == "REPLY_IMPOSSIBLE"
    assert problem.file == received.name
    assert "not a start- or end-of-supply request" in problem.message


@pytest.mark.parametrize("reasons", ["E17", b"E17"])
def test_reject_takes_a_list_of_reasons_not_one_code(reasons: Any) -> None:
    # Iterating over "E17" took "E", "1" and "7" for three reason codes.
    with pytest.raises(TypeError, match="reasons as a list"):
        elhub_cim.reject(MOVE_IN, reasons)


@pytest.mark.parametrize("to", ["ebix", "cim"])
@pytest.mark.parametrize("code", ["EH999", "E99"])
def test_a_rule_sets_own_code_the_reply_cannot_carry_is_answered_as_other_reason(
    code: str, to: Target
) -> None:
    # A user rule set may report any EH### or E.. code; Elhub's code list lacks these, and the
    # acknowledgement (or rejection) could not be built at all.
    found = [Problem(code, "a rule of the actor's own"), Problem("EH015", "x")]
    acknowledged = elhub_cim.acknowledge(MOVE_IN, found, to=to)
    assert acknowledged.document.reasons == ["E14", "EH015"]
    rejected = elhub_cim.reject(MOVE_IN, found, to=to)
    assert rejected.document.reasons == ["E14", "EH015"]  # type: ignore[attr-defined]
    # Without the reply's list, the table still answers with the finding's own code.
    assert elhub_cim.reason_codes(found) == [code, "EH015"]
    # A code the caller names itself is the caller's choice: refused, by name, as its argument.
    with pytest.raises(ValueError, match=code) as raised:
        elhub_cim.reject(MOVE_IN, [code], to=to)
    assert not isinstance(raised.value, elhub_cim.ElhubCimError)


def test_reason_code_table() -> None:
    rows, default = reason_code_table()
    assert default == "E14"
    codes = elhub_cim.reason_codes(
        [
            Problem(
                "XSD_ENUMERATION",
                "Element 'DocumentType', attribute 'listAgencyIdentifier': x",
                path="/A/Header/DocumentType",
            ),
            Problem("XSD_ENUMERATION", "x", path="/A/Header/DocumentType"),
            Problem(
                "XSD_ENUMERATION", "x", path="/A/ProcessEnergyContext/EnergyBusinessProcessRole"
            ),
            Problem(
                "XSD_ENUMERATION",
                "x",
                path="/A_MarketDocument/sender_MarketParticipant.marketRole.type",
            ),
            Problem("XSD_VALUE", "x", path="/A/PayloadMPEvent/StartOfOccurrence"),
            Problem(
                "ID_GS1_CHECK_DIGIT",
                "x",
                path="/A/PayloadMPEvent/MeteringPointUsedDomainLocation/Identification",
            ),
            Problem("X-NO_SENDER_ROLE", "x"),
            Problem("X-NO103_TOO_FAR_BACK", "x"),
            Problem("EH065", "x"),
            Problem("XSD_CONTENT", "x", path="/A/PayloadMPEvent/Foo"),
            Problem("XML_MALFORMED", "x"),
        ]
    )
    assert codes == ["EH025", "EH011", "EH013", "E50", "E10", "E17", "EH065", "EH015", "E14"]
    # Every code the table answers with is one Elhub's schema allows.
    schema = (PROJECT / "schemas/ebix/emif-2.4/common/bdt.xsd").read_text(encoding="utf-8")
    for row in rows:
        if row.reason != "=":
            assert f'<xs:enumeration value="{row.reason}"/>' in schema, row
    assert f'<xs:enumeration value="{default}"/>' in schema


def test_reason_code_table_is_documented() -> None:
    docs = (PROJECT / "docs" / "replies.md").read_text(encoding="utf-8")
    assert reason_code_table_markdown() in docs, (
        "docs/replies.md: paste reason_code_table_markdown()"
    )


@pytest.mark.parametrize("to", ["ebix", "cim"])
def test_the_acknowledgement_names_the_one_payload_in_error(to: Target, bim: Path) -> None:
    text = (EBIX / "CollectedData.xml").read_text(encoding="utf-8")
    second = text.index(
        "<rsm:PayloadEnergyTimeSeries>", text.index("<rsm:PayloadEnergyTimeSeries>") + 1
    )
    end = "<abie:End>2026-06-02T02:00:00+02:00</abie:End>"
    broken = text[:second] + text[second:].replace(end, end.replace("+02:00", ""), 1)
    reply = elhub_cim.acknowledge(elhub_cim.Text(broken), to=to)
    assert reply.document.reasons == ["E50"]
    assert reply.document.original_payload_id == "451409e0-c6f8-4b22-ad3e-685d61cafb41"
    _check_valid(reply, bim)
    # Errors in the header and in a payload: the acknowledgement is about the whole document.
    both = broken.replace('listAgencyIdentifier="260">E13', 'listAgencyIdentifier="260">E99')
    assert elhub_cim.acknowledge(elhub_cim.Text(both)).document.original_payload_id is None
    # A payload without an identification of its own: no payload reference.
    move_in = MOVE_IN.read_text(encoding="utf-8").replace("2026-05-01T00:00:00+02:00", "1.5.2026")
    assert elhub_cim.acknowledge(elhub_cim.Text(move_in)).document.original_payload_id is None


ALL_EXAMPLES = sorted([*EBIX.glob("*.xml"), *CIM.glob("*.xml")])


@pytest.mark.parametrize("path", ALL_EXAMPLES, ids=lambda p: p.name)
def test_every_example_can_be_acknowledged_in_both_standards(path: Path, bim: Path) -> None:
    for to in ("ebix", "cim"):
        if to == "ebix" and "BRS-NO-624" in path.name:
            # 624 is a CIM-only flow: EMIF has no such process, so no ebIX acknowledgement.
            with pytest.raises(elhub_cim.UnsupportedDocumentError, match="BRS-NO-624"):
                elhub_cim.acknowledge(path, to=to)
            continue
        reply = elhub_cim.acknowledge(path, to=to)
        assert reply.document.original_document_id in path.read_text(encoding="utf-8")
        _check_valid(reply, bim)


def test_the_page_gives_each_supply_reply_its_document_type() -> None:
    """docs/replies.md named 414 for both Confirm/RejectStartOfSupply and 406 for both
    Confirm/RejectEndOfSupply; the types are per answer (414 confirms, 406 rejects)."""
    from elhub_cim.domain import supply
    from elhub_cim.domain.common import BusinessDocument

    page = (Path(__file__).resolve().parents[1] / "docs" / "replies.md").read_text("utf-8")
    page = " ".join(page.split())
    stated = {
        name: code
        for first, second, code in re.findall(r"(\w+) and (\w+) \(document type (\d{3})\)", page)
        for name in (first, second)
    }
    models: dict[str, type[BusinessDocument]] = {
        "ConfirmStartOfSupply": supply.StartOfSupplyConfirmation,
        "RejectStartOfSupply": supply.StartOfSupplyRejection,
        "ConfirmEndOfSupply": supply.EndOfSupplyConfirmation,
        "RejectEndOfSupply": supply.EndOfSupplyRejection,
    }
    assert stated == {name: model.default_document_type for name, model in models.items()}


RECEIVED_ID = "6eff62eb-b950-4e77-b341-ddc0d4de954c"
GIVEN_ID = "5e73f420-6642-427f-840f-dd66f0aa94d2"
PAYLOAD_ID = "451409e0-c6f8-4b22-ad3e-685d61cafb41"


@pytest.mark.parametrize("to", ["ebix", "cim"])
def test_upper_case_uuids_are_written_in_lower_case(to: Target, bim: Path) -> None:
    received = MOVE_IN.read_bytes().replace(RECEIVED_ID.encode(), RECEIVED_ID.upper().encode())
    assert RECEIVED_ID.upper().encode() in received
    reply = elhub_cim.acknowledge(
        received, to=to, document_id=GIVEN_ID.upper(), payload_id=PAYLOAD_ID.upper()
    )
    assert reply.document.header.document_id == GIVEN_ID
    assert reply.document.original_document_id == RECEIVED_ID
    assert reply.document.original_payload_id == PAYLOAD_ID
    for value in (GIVEN_ID, RECEIVED_ID, PAYLOAD_ID):
        assert value.encode() in reply.data
        assert value.upper().encode() not in reply.data
    _check_valid(reply, bim)


@pytest.mark.parametrize("to", ["ebix", "cim"])
def test_the_one_payload_in_error_named_by_an_upper_case_uuid(to: Target) -> None:
    text = (EBIX / "CollectedData.xml").read_text(encoding="utf-8")
    text = text.replace(PAYLOAD_ID, PAYLOAD_ID.upper())
    second = text.index(
        "<rsm:PayloadEnergyTimeSeries>", text.index("<rsm:PayloadEnergyTimeSeries>") + 1
    )
    end = "<abie:End>2026-06-02T02:00:00+02:00</abie:End>"
    broken = text[:second] + text[second:].replace(end, end.replace("+02:00", ""), 1)
    reply = elhub_cim.acknowledge(elhub_cim.Text(broken), to=to)
    assert reply.document.original_payload_id == PAYLOAD_ID


@pytest.mark.parametrize(
    "ids",
    [
        {"document_id": "not a uuid"},
        {"payload_id": "not-a-uuid"},
        {"payload_id": ""},
        {"payload_id": RECEIVED_ID + "0"},
        {"document_id": "{" + GIVEN_ID + "}"},
        {"document_id": GIVEN_ID + "\n"},
        {"document_id": ""},
    ],
    ids=repr,
)
def test_an_id_given_that_is_not_a_uuid_is_the_caller_s_value_error(ids: dict[str, str]) -> None:
    # (was a ReplyError, REPLY_IMPOSSIBLE, of the received file: see docs/api-policy.md)
    with pytest.raises(ValueError, match="is a UUID") as raised:
        elhub_cim.acknowledge(MOVE_IN, **ids)  # type: ignore[arg-type]
    assert not isinstance(raised.value, ReplyError)


def test_a_received_identification_that_is_not_a_uuid_is_a_reply_error() -> None:
    received = MOVE_IN.read_bytes().replace(RECEIVED_ID.encode(), b"ABC-123")
    with pytest.raises(ReplyError, match="not a UUID") as raised:
        elhub_cim.acknowledge(received)
    assert [p.code for p in raised.value.problems] == ["REPLY_IMPOSSIBLE"]


def test_the_repr_of_a_reply_shows_the_size_of_its_message_not_the_message() -> None:
    reply = elhub_cim.acknowledge(MOVE_IN, [])
    shown = repr(reply)
    assert f"data=<{len(reply.data)} bytes>" in shown
    assert reply.document.header.document_id in shown  # (the document shows, masked as models)
    assert "<?xml" not in shown


@pytest.mark.parametrize("request_path", [MOVE_IN, MOVE_OUT_CIM])
def test_a_reason_the_rejection_cannot_carry_is_refused_as_the_caller_s_argument(
    request_path: Path,
) -> None:
    # The refusal named "<document>", then the request file; the code is the caller's argument.
    with pytest.raises(ValueError, match=r"reject\(\): reason 1 'EH999' is no Elhub") as raised:
        elhub_cim.reject(request_path, ["EH999"])
    assert not isinstance(raised.value, elhub_cim.ElhubCimError)


@pytest.mark.parametrize(
    "legacy", sorted((PROJECT / "tests" / "data" / "profile-0.1").glob("*.xml")), ids=str
)
@pytest.mark.parametrize("to", ["cim", "ebix"])
def test_a_profile_0_1_document_is_acknowledged_with_its_brs(legacy: Path, to: Target) -> None:
    # 0.1 documents are still read (docs/cim-profile.md §0), but their process.processType holds
    # the Nordic code (E65) and the BRS is in process.mRID: acknowledge answered "value 'E65'
    # has no cim code [header.process]".
    reply = elhub_cim.acknowledge(legacy, to=to)
    assert reply.document.header.process == elhub_cim.to_domain(legacy).header.process
    assert str(reply.document.header.process).startswith("BRS-NO-")


@pytest.mark.parametrize("to", ["ebix", "cim"])
@pytest.mark.parametrize("process", ["BRS-NO-999", "XYZ"])
def test_a_process_no_reply_can_carry_is_refused_naming_the_received_file(
    to: Target, process: str
) -> None:
    # The refusal named "<document>" (the reply), not the received file it is about.
    data = MOVE_IN.read_bytes().replace(b">BRS-NO-102<", f">{process}<".encode())
    with pytest.raises(elhub_cim.UnsupportedDocumentError) as raised:
        elhub_cim.acknowledge(data, to=to, name="received.xml")
    (problem,) = raised.value.problems
    assert problem.code == "CONVERT_UNSUPPORTED"
    assert problem.file == "received.xml"
    assert process in problem.message


@pytest.mark.parametrize("step", ["confirm", "reject"])
def test_a_document_id_that_is_no_uuid_is_refused_before_the_request_is_read(
    step: str, tmp_path: Path
) -> None:
    # (was a ReplyError naming the request file, after reading it)
    call = (
        elhub_cim.confirm
        if step == "confirm"
        else functools.partial(elhub_cim.reject, reasons=["E17"])
    )
    with pytest.raises(ValueError, match="document_id is a UUID") as raised:
        call(tmp_path / "missing.xml", document_id="nope")
    assert not isinstance(raised.value, ReplyError)


def test_a_wrong_type_below_the_cim_document_is_no_wrong_document_type() -> None:
    # The row for the CIM document's own type ("/*/type") matched every element named type at
    # any depth (fnmatch's * crosses "/"): a wrong metering point type was answered EH011,
    # "wrong document type".
    data = (CIM / "AccountingPointCharacteristics_BRS-NO-102.xml").read_bytes()
    wrong_point_type = data.replace(b"<type>E17</type>", b"<type>E99</type>", 1)
    assert elhub_cim.acknowledge(wrong_point_type).document.reasons == ["EH015"]
    wrong_document_type = data.replace(b"<type>E07</type>", b"<type>E99</type>", 1)
    assert elhub_cim.acknowledge(wrong_document_type).document.reasons == ["EH011"]


_TPA = EBIX / "UpdateThirdPartyAccess.xml"
_AG = ">AG</abie:EnergyBusinessProcessRole"


@pytest.mark.parametrize(
    ("source", "old", "new", "reason"),
    [
        # the wrong BRS for the document: in CIM the XSD's process list says so (EH055)
        (MOVE_IN, ">BRS-NO-102<", ">BRS-NO-201<", "EH055"),
        (_TPA, ">BRS-NO-622<", ">BRS-NO-611<", "EH055"),
        # a role that may not send the process's request (as X-NO_SENDER_ROLE: EH013)
        (_TPA, _AG, ">DDQ</abie:EnergyBusinessProcessRole", "EH013"),
        # the wrong document type (in CIM the XSD's type list: EH011)
        (_TPA, ">E10</abie:DocumentType", ">E58</abie:DocumentType", "EH011"),
    ],
)
@pytest.mark.parametrize("standard", ["ebix", "cim"])
def test_a_process_rules_header_finding_is_answered_with_elhubs_header_code(
    source: Path, old: str, new: str, reason: str, standard: str
) -> None:
    # The process rules' own codes for a wrong BRS, sender role or document type fell through
    # to "X-*" (EH015, a bad combination of payload fields), where the XSD finding of the same
    # fault in the CIM form, and Elhub's 611 table, answer EH055, EH013, EH011 and EH025.
    text = source.read_text(encoding="utf-8")
    assert old in text
    broken = elhub_cim.Text(text.replace(old, new))
    if standard == "cim":
        broken = elhub_cim.Text(_to_cim_fault(convert(source, "cim").data.decode("utf-8"), old))
    reply = elhub_cim.acknowledge(broken)
    assert reply.document.status is AcknowledgementStatus.REJECTED
    assert reply.document.reasons == [reason]


def _to_cim_fault(cim: str, old: str) -> str:
    """The CIM form of one ebIX header fault of the test above."""
    faults = {
        ">BRS-NO-102<": (">NO102<", ">NO201<"),
        ">BRS-NO-622<": (">NO622<", ">NO611<"),
        _AG: (">AG</cim:sender_MarketParticipant", ">DDQ</cim:sender_MarketParticipant"),
        ">E10</abie:DocumentType": ("<cim:type>E10<", "<cim:type>E58<"),
    }
    before, after = faults[old]
    assert before in cim
    return cim.replace(before, after)


def test_a_wrong_list_agency_of_the_document_type_is_answered_eh025() -> None:
    text = _TPA.read_text(encoding="utf-8")
    broken = text.replace('listAgencyIdentifier="260">E10<', 'listAgencyIdentifier="6">E10<')
    assert broken != text
    assert elhub_cim.acknowledge(elhub_cim.Text(broken)).document.reasons == ["EH025"]


@pytest.mark.parametrize("step", ["acknowledge", "confirm", "reject"])
@pytest.mark.parametrize("form", ["xml", "json", "parsed"])
def test_a_nordic_document_is_one_reply_error_in_either_form(step: str, form: str) -> None:
    # The same Nordic Ediel document was a ReplyError (REPLY_IMPOSSIBLE) as XML to acknowledge
    # but an UnknownDocumentError (DOC_UNKNOWN) as DataHub 3's JSON, and to confirm/reject.
    from elhub_cim.formats import nordic

    xml = (CIM / "NotifyValidatedMeasureData_BRS-NO-324.xml").read_bytes()
    data: Any = nordic.project(xml, format="json" if form == "json" else "xml").data
    if form == "parsed":
        data = elhub_cim.parse(data, name="nordic.xml")
    call: Any = {
        "acknowledge": elhub_cim.acknowledge,
        "confirm": elhub_cim.confirm,
        "reject": functools.partial(elhub_cim.reject, reasons=["E17"]),
    }[step]
    with pytest.raises(ReplyError) as raised:
        call(data, name="nordic.xml") if form != "parsed" else call(data)
    (problem,) = raised.value.problems
    assert problem.code == "REPLY_IMPOSSIBLE"
    assert problem.file == "nordic.xml"
    assert "Nordic Ediel document" in problem.message
    assert "convert --to cim" in problem.message
