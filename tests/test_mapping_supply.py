"""Mapping tables of move-in and end of supply (BRS-NO-102, 103, 123, 201, 211, 305) and the
acknowledgement: coverage of every leaf, exact round trips of every example, losses named.

Round trips: every bundled example of these message types (``examples/ebix``, ``examples/cim``) and
every Elhub reference example of them converts to the other standard and back to the same
document (C14N), also when its BRS is relabelled to the other processes that use the message.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

import elhub_cim
from elhub_cim import rules
from elhub_cim.convert import ConversionLossError, convert
from elhub_cim.core.binding import binding_class, context
from elhub_cim.core.errors import ElhubCimError, Severity
from elhub_cim.core.profile import brs_of
from elhub_cim.domain import (
    Acknowledgement,
    AcknowledgementStatus,
    MeteringPointCharacteristicsNotification,
    StartOfSupplyNotification,
)
from elhub_cim.mapping import ConversionOptions, document_mappings
from elhub_cim.mapping.structure import children
from elhub_cim.mapping.tables import CompiledGroup, DocumentMapping, Side, _tables
from tests.xmlcompare import assert_same_xml

PROJECT_ROOT = Path(__file__).resolve().parents[1]
EBIX_EXAMPLES = PROJECT_ROOT / "examples" / "ebix"
CIM_EXAMPLES = PROJECT_ROOT / "examples" / "cim"
ABIE = "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2"

#: The documents whose tables this file checks.
DOCUMENTS = (
    "start_of_supply_request",
    "start_of_supply_confirmation",
    "start_of_supply_rejection",
    "start_of_supply_notification",
    "end_of_supply_request",
    "end_of_supply_confirmation",
    "end_of_supply_rejection",
    "end_of_supply_notification",
    "metering_point_characteristics_notification",
    "customer_information_notification",
    "acknowledgement",
)

START_FAMILY = ("BRS-NO-102", "BRS-NO-103", "BRS-NO-123")
END_FAMILY = ("BRS-NO-201", "BRS-NO-211")
NOTIFICATIONS = (*START_FAMILY, *END_FAMILY, "BRS-NO-305")

#: EMIF message → the processes of profile 0.1 that use it (docs/cim-profile.md §6).
PROCESSES: dict[str, tuple[str, ...]] = {
    "RequestStartOfSupply": START_FAMILY,
    "ConfirmStartOfSupply": START_FAMILY,
    "RejectStartOfSupply": START_FAMILY,
    "NotifyStartOfSupply": NOTIFICATIONS,
    "RequestEndOfSupply": END_FAMILY,
    "ConfirmEndOfSupply": END_FAMILY,
    "RejectEndOfSupply": END_FAMILY,
    "NotifyEndOfSupply": NOTIFICATIONS,
    "NotifyMeteringPointCharacteristics": NOTIFICATIONS,
    "NotifyCustomerInformation": NOTIFICATIONS,
    "Acknowledgement": NOTIFICATIONS,
}
#: Messages between Elhub and the requester: the requester's role follows the process.
REQUESTER_ROLE = {
    "BRS-NO-102": "DDQ",
    "BRS-NO-103": "DDQ",
    "BRS-NO-123": "DDM",
    "BRS-NO-201": "DDQ",
    "BRS-NO-211": "DDM",
}
REQUEST_AND_RESPONSES = {
    "RequestStartOfSupply",
    "ConfirmStartOfSupply",
    "RejectStartOfSupply",
    "RequestEndOfSupply",
    "ConfirmEndOfSupply",
    "RejectEndOfSupply",
}
CIM_ROOTS = {
    document_mappings()[name].message_types["cim"].name
    for name in DOCUMENTS
    if "cim" in document_mappings()[name].message_types
}
#: Bundled ebIX examples whose BRS is outside the profile for their message: none since issue 16
#: (NotifyCustomerInformation under BRS-NO-301 converts; tests/test_master_data_messages.py).
OUTSIDE_PROFILE: set[str] = set()


def _root_name(data: bytes) -> str:
    return str(etree.QName(etree.fromstring(data)).localname)


def _ebix_examples(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.xml") if _root_name(p.read_bytes()) in PROCESSES)


def _round_trip(
    source: bytes, to: str, options: ConversionOptions | None = None, expect: bytes | None = None
) -> bytes:
    there = convert(source, to=to, options=options)  # type: ignore[arg-type]
    back = convert(there.data, to="ebix" if to == "cim" else "cim", options=options)
    assert_same_xml(source if expect is None else expect, back.data)
    return there.data


def _one_hour_as_pt1h(source: bytes) -> bytes:
    """Elhub's examples write one hour as PT1H and as PT60M; CIM has PT1H only (profile §0.12),
    so an ebIX PT60M comes back as PT1H: equal in meaning, not in bytes."""
    return source.replace(b">PT60M<", b">PT1H<")


def _cim_text(data: bytes, path: str) -> str | None:
    """Text at ``path`` (local names, ``/``-separated) of a CIM document, whatever its prefix."""
    return etree.fromstring(data).findtext("/".join(f"{{*}}{part}" for part in path.split("/")))


def _process_of(data: bytes) -> str | None:
    """The BRS a CIM document names, from its local process code (profile 0.2)."""
    code = _cim_text(data, "process.processType") or _cim_text(
        data, "received_MarketDocument.process.processType"
    )
    return brs_of(code)


def _relabel(source: bytes, brs: str) -> bytes:
    """The ebIX document with its BRS (and, for requests and their answers, role) changed."""
    root = etree.fromstring(source)
    process = root.find(f".//{{{ABIE}}}EnergyBusinessProcess")
    assert process is not None
    process.text = brs
    if etree.QName(root).localname in REQUEST_AND_RESPONSES:
        role = root.find(f".//{{{ABIE}}}EnergyBusinessProcessRole")
        assert role is not None
        role.text = REQUESTER_ROLE[brs]
    data: bytes = etree.tostring(root, encoding="UTF-8", xml_declaration=True)
    return data


# --- the tables ---------------------------------------------------------------------------------


def test_documents_are_mapped() -> None:
    assert set(DOCUMENTS) <= set(document_mappings())


@pytest.mark.parametrize("brs", [*START_FAMILY, *END_FAMILY, "BRS-NO-305"])
def test_brs_tables_name_their_documents(brs: str) -> None:
    table = _tables()[f"{brs.lower()}.toml"]
    assert table["brs"] == brs
    assert table["title"]
    assert table["notes"].strip()
    assert set(table["uses"]) <= set(document_mappings()), "uses names an unknown document"
    assert "acknowledgement" in table["uses"]


def test_the_tables_note_the_process_differences() -> None:
    assert "moveInToSLR" in _tables()["brs-no-103.toml"]["notes"]
    assert "E66" in _tables()["brs-no-211.toml"]["notes"]
    assert "DDM" in _tables()["brs-no-123.toml"]["notes"]


@pytest.mark.parametrize("side", ["ebix", "cim"])
@pytest.mark.parametrize("brs", ["BRS-NO-102", "BRS-NO-103", "BRS-NO-123"])
def test_only_103_may_move_in_to_the_supplier_of_last_resort(brs: str, side: str) -> None:
    """The flag converts in every move-in; set to true outside 103 it is a rule finding
    (SOS-L1, an error); false is fine everywhere."""
    source = (EBIX_EXAMPLES / "RequestStartOfSupply-move-in.xml").read_bytes()
    assert b"<abie:moveInToSLR>false<" in source
    for flag, reported in (("false", False), ("true", brs != "BRS-NO-103")):
        data = _relabel(source.replace(b">false<", f">{flag}<".encode()), brs)
        if side == "cim":
            data = convert(data, to="cim").data
            assert _cim_text(data, "MktActivityRecord/moveInToSupplierOfLastResort") == flag
        document, message_type = elhub_cim.check(data)
        found = {(p.code, p.severity) for p in rules.check(document, message_type)}
        strict = {(p.code, p.severity) for p in rules.check(document, message_type, strict=True)}
        if reported:
            assert ("X-NO_SLR_ONLY_IN_103", Severity.ERROR) in found
            assert ("X-NO_SLR_ONLY_IN_103", Severity.ERROR) in strict
        else:
            assert "X-NO_SLR_ONLY_IN_103" not in {code for code, _ in found | strict}


def _has_text(cls: type[Any]) -> bool:
    return any(var.is_text for var in context().build(cls).get_all_vars())


def _leaves(cls: type[Any], prefix: str = "") -> set[str]:
    """Every leaf of a document: simple elements, simple content, attributes (local names)."""
    found: set[str] = set()
    for name, child in children(cls).items():  # type: ignore[arg-type]
        path = f"{prefix}{name}"
        if child.attribute or child.cls is None:
            found.add(path)
            continue
        if _has_text(child.cls):
            found.add(path)
        found |= _leaves(child.cls, f"{path}/")
    return found


def _join(base: str, text: str) -> str:
    if text == ".":
        return base
    return f"{base}/{text}" if base else text


def _mapped(mapping: DocumentMapping, side: Side) -> set[str]:
    found: set[str] = set()

    def walk(group: CompiledGroup, base: str) -> None:
        for row in group.fields:
            path = row.paths[side]
            if path is not None:
                found.add(_join(base, path.text))
        for sub in group.groups:
            path = sub.paths[side]
            if path is not None:
                walk(sub, _join(base, path.text))

    walk(mapping.root, "")
    return found


@pytest.mark.parametrize("side", ["ebix", "cim"])
@pytest.mark.parametrize("name", DOCUMENTS)
def test_every_leaf_has_a_row_or_a_reason(name: str, side: Side) -> None:
    mapping = document_mappings()[name]
    leaves = _leaves(binding_class(mapping.message_types[side]))
    mapped = _mapped(mapping, side)
    unmapped = mapping.unmapped.get(side, {})
    assert sorted(leaves - mapped - set(unmapped)) == [], "leaves without a row or a reason"
    assert sorted((mapped | set(unmapped)) - leaves) == [], "rows or reasons for no leaf"
    assert sorted(mapped & set(unmapped)) == [], "both mapped and listed as unmapped"
    assert all(reason.strip() for reason in unmapped.values())


# --- round trips --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", [p for p in _ebix_examples(EBIX_EXAMPLES) if p.name not in OUTSIDE_PROFILE], ids=str
)
def test_bundled_ebix_example_round_trips(path: Path) -> None:
    _round_trip(path.read_bytes(), "cim")


@pytest.mark.parametrize(
    "path",
    sorted(p for p in CIM_EXAMPLES.glob("*.xml") if _root_name(p.read_bytes()) in CIM_ROOTS),
    ids=str,
)
def test_bundled_cim_example_round_trips(path: Path) -> None:
    _round_trip(path.read_bytes(), "ebix")


def _relabellings() -> Iterator[tuple[Path, str]]:
    for path in _ebix_examples(EBIX_EXAMPLES):
        for brs in PROCESSES[_root_name(path.read_bytes())]:
            yield path, brs


@pytest.mark.parametrize(("path", "brs"), list(_relabellings()), ids=str)
def test_bundled_ebix_example_relabelled_round_trips(path: Path, brs: str) -> None:
    cim = _round_trip(_relabel(path.read_bytes(), brs), "cim")
    assert _process_of(cim) == brs


def test_a_process_outside_the_document_is_refused() -> None:
    # BRS-NO-611 is not a process of NotifyCustomerInformation: no silent output.
    source = (EBIX_EXAMPLES / "NotifyCustomerInformation.xml").read_bytes()
    data = source.replace(b">BRS-NO-301<", b">BRS-NO-611<")
    assert data != source
    with pytest.raises(ElhubCimError):
        convert(data, to="cim")


def _reference_examples(emif_reference: Path) -> list[Path]:
    return [
        path
        for path in _ebix_examples(emif_reference / "examples")
        # Known invalid against its own XSD (and not of these processes anyway).
        if path.name != "RequestUpdateSharedProduction.xml"
    ]


def test_reference_examples_round_trip(emif_reference: Path) -> None:
    examples = _reference_examples(emif_reference)
    assert {_root_name(p.read_bytes()) for p in examples} >= {
        "Acknowledgement",
        "ConfirmStartOfSupply",
        "NotifyMeteringPointCharacteristics",
        "NotifyStartOfSupply",
        "RejectEndOfSupply",
        "RequestEndOfSupply",
        "RequestStartOfSupply",
    }
    for path in examples:
        source = path.read_bytes()
        _round_trip(source, "cim", expect=_one_hour_as_pt1h(source))


def test_reference_examples_relabelled_round_trip(emif_reference: Path) -> None:
    done = 0
    for path in _reference_examples(emif_reference):
        for brs in PROCESSES[_root_name(path.read_bytes())]:
            source = _relabel(path.read_bytes(), brs)
            cim = _round_trip(source, "cim", expect=_one_hour_as_pt1h(source))
            assert _process_of(cim) == brs
            done += 1
    assert done >= 7 * 2


# --- losses -------------------------------------------------------------------------------------


def _with_child(data: bytes, parent: str, after: str, name: str, text: str) -> bytes:
    """``data`` with a new element ``name`` inserted into ``parent`` after child ``after``."""
    root = etree.fromstring(data)
    namespace = etree.QName(root).namespace
    holder = root if parent == "." else root.find(f".//{{{namespace}}}{parent}")
    assert holder is not None
    anchor = holder.find(f"{{{namespace}}}{after}")
    assert anchor is not None
    element = etree.Element(f"{{{namespace}}}{name}")
    element.text = text
    anchor.addnext(element)
    result: bytes = etree.tostring(root, encoding="UTF-8", xml_declaration=True)
    return result


def test_cim_field_ebix_cannot_carry_is_a_named_loss() -> None:
    # A record mRID of the sender's own (not the derived one, R2): EMIF has no place for it.
    source = (CIM_EXAMPLES / "GenericNotification_BRS-NO-102.xml").read_bytes()
    root = etree.fromstring(source)
    record_id = root.find("{*}MktActivityRecord/{*}mRID")
    assert record_id is not None
    record_id.text = "0b6a4ea4-59c5-4c7c-9d3c-4d4cb6f3b9a1"
    source = etree.tostring(root, encoding="UTF-8", xml_declaration=True)
    with pytest.raises(ConversionLossError) as raised:
        convert(source, to="ebix")
    paths = [problem.path or "" for problem in raised.value.problems]
    assert paths == ["/GenericNotification_MarketDocument/MktActivityRecord/mRID"]

    converted = convert(source, to="ebix", allow_loss=True)
    assert [p.path for p in converted.losses] == paths
    assert b"0b6a4ea4-59c5-4c7c-9d3c-4d4cb6f3b9a1" not in converted.data


@pytest.mark.parametrize(
    ("example", "parent", "after", "name", "text"),
    [
        (
            "GenericNotification_BRS-NO-102.xml",
            "MktActivityRecord",
            "mRID",
            "originalTransactionIDReference_MktActivityRecord.mRID",
            "0b6a4ea4-59c5-4c7c-9d3c-4d4cb6f3b9a1",
        ),
        (
            "AccountingPointCharacteristics_BRS-NO-102.xml",
            "MarketEvaluationPoint",
            "readCycle",
            "netSettlementGroup",
            "6",
        ),
    ],
)
def test_nordic_element_the_profile_does_not_use_is_refused(
    example: str, parent: str, after: str, name: str, text: str
) -> None:
    source = _with_child((CIM_EXAMPLES / example).read_bytes(), parent, after, name, text)
    for allow_loss in (False, True):
        with pytest.raises(ElhubCimError) as raised:
            convert(source, to="ebix", allow_loss=allow_loss)
        problems = [p for p in raised.value.problems if p.code == "PROFILE_NOT_USED"]
        assert len(problems) == 1
        assert name in problems[0].message
        assert (problems[0].path or "").endswith(name)


# --- R2: record identity of multi-payload documents -----------------------------------------------


def test_record_ids_are_derived_when_payloads_have_none(emif_reference: Path) -> None:
    source = (emif_reference / "examples" / "NotifyMeteringPointCharacteristics.xml").read_bytes()
    result = convert(_relabel(source, "BRS-NO-305"), to="cim")
    document = result.document
    assert isinstance(document, MeteringPointCharacteristicsNotification)
    expected = uuid.uuid5(uuid.UUID(document.header.document_id), "1")
    assert document.metering_points[0].record_id == str(expected)
    assert _cim_text(result.data, "MktActivityRecord/mRID") == str(expected)


def test_record_id_written_to_ebix_only_when_not_derived() -> None:
    cim = (CIM_EXAMPLES / "AccountingPointCharacteristics_BRS-NO-102.xml").read_bytes()
    ebix = convert(cim, to="ebix").data
    # First record: own id, kept; second record: derived id ("2"), not written.
    assert b"27118976-0fca-4db1-b579-74bf4d70c8a3" in ebix
    assert b"a302a065-72ff-5b9a-ac92-0b0c2b606166" not in ebix


def test_ebix_record_id_equal_to_the_derived_one_is_normalised_away() -> None:
    # R2 defines the derived id as "no id given": such an Identification does not survive.
    source = (EBIX_EXAMPLES / "NotifyMeteringPointCharacteristics.xml").read_bytes()
    root = etree.fromstring(source)
    document_id = root.findtext(f".//{{{ABIE}}}Identification")
    assert document_id is not None
    payload_id = root.find(
        f"{{{etree.QName(root).namespace}}}PayloadMasterdataMPEvent/{{{ABIE}}}Identification"
    )
    assert payload_id is not None
    payload_id.text = str(uuid.uuid5(uuid.UUID(document_id), "1"))
    there = convert(etree.tostring(root), to="cim")
    back = convert(there.data, to="ebix")
    assert payload_id.text.encode() in there.data
    assert payload_id.text.encode() not in back.data


# --- R8: parts without a CIM container ------------------------------------------------------------


def test_empty_parts_read_from_cim_are_absent() -> None:
    source = (CIM_EXAMPLES / "NotifyStartOfSupply_BRS-NO-102.xml").read_bytes()
    root = etree.fromstring(source)
    namespace = etree.QName(root).namespace
    point = root.find(f".//{{{namespace}}}MarketEvaluationPoint")
    assert point is not None
    meter_and_details = {
        "type", "settlementMethod", "meteringMethod", "connectionState", "readCycle",
        "contractedConnectionCapacity", "meter.mRID", "meterReadingStart_DateAndOrTime.dateTime",
        "blockedForSwitching", "meter.numberOfDigits", "meter.constant",
        "meter.locationDescription", "description",
    }  # fmt: skip
    for child in list(point):
        if etree.QName(child).localname in meter_and_details:
            point.remove(child)
    result = convert(etree.tostring(root), to="ebix")
    document = result.document
    assert isinstance(document, StartOfSupplyNotification)
    assert document.details is None
    assert document.meter is None
    assert b"MPDetailMeteringPointCharacteristics" not in result.data
    assert b"MeteringInstallationMeterFacility" not in result.data
    _round_trip(result.data, "cim")


def test_characteristics_customer_needs_extended_storage() -> None:
    source = (CIM_EXAMPLES / "AccountingPointCharacteristics_BRS-NO-102.xml").read_bytes()
    root = etree.fromstring(source)
    namespace = etree.QName(root).namespace
    for element in root.iter(
        f"{{{namespace}}}firstCustomer_Customer.extendedStorageMeteringValues"
    ):
        element.getparent().remove(element)  # type: ignore[union-attr]
    with pytest.raises(ElhubCimError, match="extended_storage_metering_values"):
        convert(etree.tostring(root), to="ebix")


# --- the acknowledgement (R9) ---------------------------------------------------------------------


def test_acknowledgement_roles_follow_elhub_gln() -> None:
    # From Elhub (its GLN is the sender): Elhub's side is the sender, DDZ.
    source = (EBIX_EXAMPLES / "Acknowledgement-rejected.xml").read_bytes()
    cim = convert(source, to="cim").data
    assert _cim_text(cim, "sender_MarketParticipant.marketRole.type") == "DDZ"
    assert _cim_text(cim, "receiver_MarketParticipant.marketRole.type") == "DDE"
    # The same document read by a system that does not know that GLN as Elhub's: the sender is
    # the market party, and Elhub (DDZ) the receiver.
    options = ConversionOptions(elhub_glns=frozenset({"7080005188463"}))
    cim = _round_trip(source, "cim", options)
    assert _cim_text(cim, "sender_MarketParticipant.marketRole.type") == "DDE"
    assert _cim_text(cim, "receiver_MarketParticipant.marketRole.type") == "DDZ"


def test_acknowledgement_domain_model() -> None:
    result = convert(EBIX_EXAMPLES / "Acknowledgement-rejected.xml", to="cim")
    document = result.document
    assert isinstance(document, Acknowledgement)
    assert document.status is AcknowledgementStatus.REJECTED
    assert document.reasons == ["E50", "EH034"]
    assert document.header.document_type == "294"
    assert _cim_text(result.data, "Reason/code") == "A02"
    from_cim = convert(result.data, to="ebix").document
    assert from_cim == document


def test_acknowledgement_document_level_reasons() -> None:
    # R9: without OriginalPayloadReference the reasons follow the status as Reason[2..].
    source = (EBIX_EXAMPLES / "Acknowledgement-rejected.xml").read_bytes()
    root = etree.fromstring(source)
    reference = root.find(f".//{{{ABIE}}}OriginalPayloadReference")
    assert reference is not None
    reference.getparent().remove(reference)  # type: ignore[union-attr]
    source = etree.tostring(root)
    cim = convert(source, to="cim").data
    reasons = etree.fromstring(cim).findall("{*}Reason/{*}code")
    assert [r.text for r in reasons] == ["A02", "E50", "EH034"]
    assert b"Original_MktActivityRecord" not in cim
    _round_trip(source, "cim")
