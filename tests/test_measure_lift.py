"""Which profile document a Nordic NotifyValidatedMeasureData lifts to (issue 16).

DataHub 3 writes metered values both ways as one document: a grid company's values sent *to* the
hub, and the hub's validated values sent to the parties. In Elhub these are CollectedData
(profile NotifyCollectedMeasureData) and NotifyValidatedDataForBillingEnergy (profile
NotifyValidatedMeasureData). The projection table chooses (``lift_processes``, ``lift_when``;
docs/cim-profile.md §13): the process first (BRS-NO-324 is only the billing document; 311, 312
and 332 only CollectedData), then the header's roles (a receiver that is the hub, or a sender
that reports metered values: CollectedData; a sender that is the hub: the billing document),
else the document of the Nordic name.

The header DataHub 3 writes on a grid company's document to the hub (sender MDR, receiver DGL,
process E23) is the one of its incoming test message (Energinet-DataHub/opengeh-edi,
source/IncomingMessages.IntegrationTests/IncomingMessages/MeteredDataForMeteringPoint.xml); no
such sample is among the reference files, so the documents here are our own, projected.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Literal

import pytest
from lxml import etree

from elhub_cim.convert import convert, to_domain
from elhub_cim.domain import CollectedData, ValidatedDataForBilling
from elhub_cim.formats.nordic import from_nordic, project
from elhub_cim.mapping.projection import CODE_REPLACED, projection_table
from tests.conftest import PROJECT_ROOT

EBIX = PROJECT_ROOT / "examples" / "ebix"
NORDIC_NS = "urn:ediel.org:measure:notifyvalidatedmeasuredata:0:1"
COLLECTED = "NotifyCollectedMeasureData_MarketDocument"
BILLING = "NotifyValidatedMeasureData_MarketDocument"


def _metered_only(path: Path) -> bytes:
    """The example with every value metered: DataHub 3's Point has no place for the Norwegian
    codes of an estimated or temporary value (lifting those is refused, naming the field)."""
    text = path.read_text(encoding="utf-8")
    for kind in ("Estimated", "Temporary", "Calculated"):
        text = re.sub(
            rf"<abie:{kind}[^>]*>([^<]*)</abie:{kind}>", r"<abie:Metered>\1</abie:Metered>", text
        )
    return text.encode()


def _nordic(path: Path) -> tuple[bytes, bytes]:
    """(the CIM profile document, its Nordic projection)."""
    cim = convert(_metered_only(path), to="cim").data
    return cim, project(cim).data


def _roles(nordic: bytes, sender: str, receiver: str) -> bytes:
    for side, role in (("sender", sender), ("receiver", receiver)):
        nordic = re.sub(
            rf"<{side}_MarketParticipant.marketRole.type>[^<]*<".encode(),
            f"<{side}_MarketParticipant.marketRole.type>{role}<".encode(),
            nordic,
        )
    return nordic


def _root(data: bytes) -> str:
    return etree.QName(etree.fromstring(data)).localname


def test_a_grid_companys_document_to_the_hub_lifts_as_collected_data() -> None:
    """Our CollectedData (a grid company, DDM, to Elhub) through DataHub 3's document and back:
    CollectedData again, and the ebIX is the original's (the metering point type the projection
    filled gives the flow direction back)."""
    cim, nordic = _nordic(EBIX / "CollectedData-hourly-25-hour-day.xml")
    lifted = from_nordic(nordic, brs="BRS-NO-313")
    assert _root(lifted.data) == COLLECTED
    assert isinstance(to_domain(lifted.data), CollectedData)
    assert convert(lifted.data, to="ebix").data == convert(cim, to="ebix").data


def test_datahub_3s_json_of_it_lifts_the_same_way() -> None:
    cim, _ = _nordic(EBIX / "CollectedData-hourly-25-hour-day.xml")
    lifted = from_nordic(project(cim, format="json").data, brs="BRS-NO-313")
    assert _root(lifted.data) == COLLECTED
    assert convert(lifted.data, to="ebix").data == convert(cim, to="ebix").data


def test_a_metered_data_collectors_document_comes_back_with_the_nordic_role() -> None:
    """Elhub's DDE is written as the Nordic MDR (reported by the projection) and stays MDR when
    lifted: MDR is a profile code too, so the way back is not unique."""
    cim, nordic = _nordic(EBIX / "CollectedData.xml")
    assert b">MDR<" in nordic
    lifted = from_nordic(nordic, brs="BRS-NO-313")
    assert _root(lifted.data) == COLLECTED
    role = '<abie:EnergyBusinessProcessRole listAgencyIdentifier="6">{}<'
    back = convert(lifted.data, to="ebix").data.decode()
    assert back == convert(cim, to="ebix").data.decode().replace(
        role.format("DDE"), role.format("MDR")
    )


def _text(data: bytes, local: str) -> str | None:
    return next(
        (e.text for e in etree.fromstring(data).iter() if etree.QName(e).localname == local), None
    )


def test_datahub_3s_header_to_the_hub_lifts_as_collected_data() -> None:
    """Sender MDR, receiver DGL (DataHub 3's hub role): CollectedData; DGL, which the profile
    lacks, becomes Elhub's DDZ, reported with its place in the input."""
    cim, nordic = _nordic(EBIX / "CollectedData.xml")
    lifted = from_nordic(_roles(nordic, "MDR", "DGL"), brs="BRS-NO-313")
    assert _root(lifted.data) == COLLECTED
    replaced = [p for p in lifted.losses if p.code == CODE_REPLACED]
    assert [(p.path, "'DGL'" in p.message, "'DDZ'" in p.message) for p in replaced] == [
        (f"/{BILLING}/receiver_MarketParticipant.marketRole.type", True, True)
    ]
    assert replaced[0].line is not None
    assert _text(lifted.data, "receiver_MarketParticipant.marketRole.type") == "DDZ"
    role = '<abie:EnergyBusinessProcessRole listAgencyIdentifier="6">{}<'
    assert convert(lifted.data, to="ebix").data.decode() == convert(
        cim, to="ebix"
    ).data.decode().replace(role.format("DDE"), role.format("MDR"))


def test_the_hubs_document_to_a_party_lifts_as_the_billing_document() -> None:
    _, nordic = _nordic(EBIX / "NotifyValidatedDataForBillingEnergy.xml")
    for brs in ("BRS-NO-313", "BRS-NO-324"):
        lifted = from_nordic(nordic, brs=brs)
        assert _root(lifted.data) == BILLING
        assert isinstance(to_domain(lifted.data), ValidatedDataForBilling)
    # DataHub 3's own hub role as sender
    lifted = from_nordic(_roles(nordic, "DGL", "DDQ"), brs="BRS-NO-313")
    assert _root(lifted.data) == BILLING


def _header(sender: str, receiver: str) -> etree._Element:
    root = etree.Element(f"{{{NORDIC_NS}}}{BILLING}")
    for side, role in (("sender", sender), ("receiver", receiver)):
        etree.SubElement(
            root, f"{{{NORDIC_NS}}}{side}_MarketParticipant.marketRole.type"
        ).text = role
    return root


@pytest.mark.parametrize(
    ("sender", "receiver", "brs", "expected"),
    [
        # the roles decide 313 (both documents serve it)
        ("MDR", "DGL", "BRS-NO-313", COLLECTED),  # DataHub 3: grid company to the hub
        ("DDM", "DDZ", "BRS-NO-313", COLLECTED),  # Elhub: grid company to Elhub
        ("DDQ", "DDZ", "BRS-NO-313", COLLECTED),  # a supplier's meter reading to Elhub
        ("MDR", "DDQ", "BRS-NO-313", COLLECTED),  # the party that reports values
        ("DGL", "DDQ", "BRS-NO-313", BILLING),  # DataHub 3 to a supplier
        ("DDZ", "DDQ", "BRS-NO-313", BILLING),  # Elhub to a supplier
        ("DDZ", "DDM", "BRS-NO-313", BILLING),  # Elhub to a grid company
        ("DDQ", "DDQ", "BRS-NO-313", BILLING),  # nothing tells: the document of the Nordic name
        ("DDZ", "DGL", "BRS-NO-313", BILLING),  # both tell: the same
        (None, None, None, BILLING),  # no process, no roles
        # the process decides before the roles
        ("MDR", "DGL", "BRS-NO-324", BILLING),  # 324 is only the billing document
        ("DDZ", "DDQ", "BRS-NO-311", COLLECTED),  # 311, 312, 332 only CollectedData
        ("DDZ", "DDQ", "BRS-NO-312", COLLECTED),
        ("DDZ", "DDQ", "BRS-NO-332", COLLECTED),
        ("DDZ", "DDQ", None, BILLING),  # no process given: the roles
        ("DDM", "DDZ", None, COLLECTED),
    ],
)
def test_the_choice(
    sender: str | None, receiver: str | None, brs: str | None, expected: str
) -> None:
    root = _header(sender or "", receiver or "")
    if sender is None:
        root = etree.Element(f"{{{NORDIC_NS}}}{BILLING}")
    chosen = projection_table().by_nordic(NORDIC_NS, BILLING, root, brs)
    assert chosen is not None
    assert chosen.name == expected


def test_other_nordic_roots_are_found_as_before() -> None:
    """One profile document per Nordic root: the header is not read."""
    table = projection_table()
    for document in table.documents.values():
        found = table.by_nordic(document.nordic_namespace, document.nordic_root)
        same_root = [d for d in table.documents.values() if d.nordic_root == document.nordic_root]
        if len(same_root) == 1:
            assert found is document


def test_datahub_3s_own_samples_lift_as_their_roles_say(reference_dir: Path) -> None:
    """Every NotifyValidatedMeasureData sample among the reference files (none in the 2025
    baseline today, which holds schemas only)."""
    samples = [
        path
        for path in sorted((reference_dir / "nordic-ediel-cim").rglob("*.xml"))
        if b"NotifyValidatedMeasureData_MarketDocument" in path.read_bytes()[:2000]
    ]
    if not samples:
        pytest.skip("no DataHub 3 NotifyValidatedMeasureData sample under nordic-ediel-cim/")
    for path in samples:
        root = etree.parse(str(path)).getroot()
        roles = {
            etree.QName(c).localname: (c.text or "").strip()
            for c in root
            if "marketRole" in etree.QName(c).localname
        }
        to_hub = roles.get("receiver_MarketParticipant.marketRole.type") in {"DGL", "DDZ"}
        chosen = projection_table().by_nordic(NORDIC_NS, BILLING, root, "BRS-NO-313")
        assert chosen is not None
        assert chosen.name == (COLLECTED if to_hub else BILLING), path.name


@pytest.mark.parametrize("form", ["xml", "json"])
def test_a_lifted_documents_findings_name_no_line_of_the_lifted_xml(
    form: Literal["xml", "json"],
) -> None:
    """The profile document a Nordic one is lifted to is XML of our writing, laid out unlike
    the input: a finding on it is named by its path, not by a line of that XML (which was
    printed as a line of the input file). A DataHub 3 JSON's own losses have no line either (the
    lines were of the Nordic XML it was read into)."""
    cim, _ = _nordic(EBIX / "CollectedData-hourly-25-hour-day.xml")
    nordic = project(cim, format=form).data
    if form == "xml":
        points = re.findall(rb"<Point>.*?</Point>\s*", nordic, flags=re.DOTALL)
        nordic = nordic.replace(points[3], b"", 1).replace(b"<Point>", b"\n\n<Point>")
    else:
        body = json.loads(nordic)
        series = body["NotifyValidatedMeasureData_MarketDocument"]["Series"][0]
        del series["Period"]["Point"][3]
        nordic = json.dumps(body, indent=4).encode()
    result = convert(nordic, to="ebix", brs="BRS-NO-313", allow_loss=True, name="nordic")
    assert [(p.code, p.line) for p in result.findings] == [("X-METER_POSITIONS", None)]
    assert result.findings[0].path
    if form == "json":
        assert result.losses
        assert {p.line for p in result.losses} == {None}
