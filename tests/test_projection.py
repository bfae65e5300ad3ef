"""Nordic Ediel projection: every projectable example is valid against ediel.org's XSD, and the
reported losses are exactly the input fields the Nordic document cannot carry.

The expected losses are computed here independently of the projection table: from the Nordic
reference XSD (its element paths and code lists) and the input document.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import pytest
from lxml import etree

from elhub_cim.convert import ConversionLossError, convert
from elhub_cim.core.catalog import Standard, catalog
from elhub_cim.core.errors import ElhubCimError, UnknownDocumentError
from elhub_cim.core.profile import brs_of
from elhub_cim.core.validation import readable_path
from elhub_cim.formats.nordic import ProjectionError, from_nordic, project, projection_table
from elhub_cim.mapping.projection import CODE_DROPPED, CODE_REPLACED, DROPPED, FILLED
from tests.conftest import PROJECT_ROOT
from tests.xmlcompare import assert_same_xml

XS = "http://www.w3.org/2001/XMLSchema"
EXAMPLES = sorted((PROJECT_ROOT / "examples" / "cim").glob("*.xml"))
PROFILE = PROJECT_ROOT / "schemas" / "cim" / "elhub-profile-0.2"
PARSER = etree.XMLParser(no_network=True, resolve_entities=False, remove_comments=True)
# The documents with a Nordic counterpart (docs/cim-profile.md §10).
NORDIC_ROOTS = {
    "RequestChangeOfSupplier_MarketDocument",
    "ConfirmRequestChangeOfSupplier_MarketDocument",
    "RejectRequestChangeOfSupplier_MarketDocument",
    "RequestEndOfSupply_MarketDocument",
    "ConfirmRequestEndOfSupply_MarketDocument",
    "RejectRequestEndOfSupply_MarketDocument",
    "GenericNotification_MarketDocument",
    "AccountingPointCharacteristics_MarketDocument",
    "CharacteristicsOfACustomerAtAnAP_MarketDocument",
    "Acknowledgement_MarketDocument",
    "NotifyCollectedMeasureData_MarketDocument",
    "NotifyWholesaleServices_MarketDocument",
    "RequestValidatedMeasureData_MarketDocument",
    "NotifyValidatedMeasureData_MarketDocument",
    "RequestChangeAccountingPointCharacteristics_MarketDocument",
    "RequestChangeCustomerCharacteristics_MarketDocument",
}
SYNTHETIC_IDS = ("15829012372", "03827545669")


def _root_name(path: Path) -> str:
    return etree.QName(etree.parse(str(path), PARSER).getroot()).localname


def _xsd_file(xsd_dir: Path, namespace: str) -> Path:
    """The Nordic XSD of ``namespace``: the 2025 DataHub 3 baseline (``opengeh-edi-2025/xsd``)
    where it has the document, the 2023 set in ``xsd_dir`` otherwise (the end-of-supply
    documents, which the 2025 set lacks)."""
    name = namespace.replace(":", "-").replace(".", "-") + ".xsd"
    current = xsd_dir.parent / "opengeh-edi-2025" / "xsd" / name
    return current if current.is_file() else xsd_dir / name


@functools.cache
def _nordic_schema(xsd_file: Path) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(xsd_file), PARSER))


class _Facts:
    """Element paths of a Nordic document and the code values each simple element accepts."""

    def __init__(self, xsd_file: Path) -> None:
        files = [
            xsd_file,
            xsd_file.parent / "urn-entsoe-eu-wgedi-codelists.xsd",
            xsd_file.parent / "urn-entsoe-eu-local-extension-types.xsd",
        ]
        self.simple: dict[str, etree._Element] = {}
        self.complex: dict[str, etree._Element] = {}
        for file in files:
            root = etree.parse(str(file), PARSER).getroot()
            for node in root.iter(f"{{{XS}}}simpleType", f"{{{XS}}}complexType"):
                table = self.simple if node.tag.endswith("simpleType") else self.complex
                if node.get("name"):
                    table.setdefault(node.get("name", ""), node)
        main = etree.parse(str(xsd_file), PARSER).getroot().find(f"{{{XS}}}element")
        assert main is not None
        self.paths: dict[str, set[str] | None] = {}
        self._walk(main.get("type", ""), "")

    @staticmethod
    def _local(name: str | None) -> str:
        return (name or "").split(":")[-1]

    def enums(self, type_name: str | None) -> set[str] | None:
        node = self.simple.get(self._local(type_name))
        if node is None:
            return None
        union = node.find(f"{{{XS}}}union")
        if union is not None:
            found: set[str] = set()
            for member in (union.get("memberTypes") or "").split():
                values = self.enums(member)
                if values is None:
                    return None
                found |= values
            return found
        restriction = node.find(f"{{{XS}}}restriction")
        if restriction is None:
            return None
        values = {e.get("value", "") for e in restriction.findall(f"{{{XS}}}enumeration")}
        return values or self.enums(restriction.get("base"))

    def _walk(self, type_name: str, prefix: str) -> None:
        node = self.complex.get(self._local(type_name))
        sequence = node.find(f"{{{XS}}}sequence") if node is not None else None
        if sequence is None:
            return
        for element in sequence.findall(f"{{{XS}}}element"):
            path = prefix + element.get("name", "")
            child_type = element.get("type", "")
            if self._local(child_type) in self.complex:
                self.paths[path] = None
                self._walk(child_type, path + "/")
            else:
                self.paths[path] = self.enums(child_type)


@functools.cache
def _facts(xsd_file: Path) -> _Facts:
    return _Facts(xsd_file)


def _schema_path(element: etree._Element) -> str:
    names: list[str] = []
    node: etree._Element | None = element
    while node is not None and node.getparent() is not None:
        names.append(etree.QName(node).localname)
        node = node.getparent()
    return "/".join(reversed(names))


def _leaves(root: etree._Element) -> list[etree._Element]:
    return [e for e in root.iter() if isinstance(e.tag, str) and len(e) == 0 and e is not root]


def _incomplete(root: etree._Element) -> list[etree._Element]:
    """Elements the Nordic document needs parts of that these lack (a profiled series has no
    points): the projection drops them whole, every leaf (the table's ``complete``)."""
    table = projection_table().documents[etree.QName(root).localname]
    found = []
    for path, required in table.complete.items():
        for element in root.iter():
            if not isinstance(element.tag, str) or _schema_path(element) != path:
                continue
            wanted = ["/".join(f"{{*}}{step}" for step in r.split("/")) for r in required]
            if any(element.find(w) is None for w in wanted):
                found.append(element)
    return found


def _expected_losses(data: bytes, facts: _Facts) -> tuple[set[str], set[str]]:
    """(paths of fields the Nordic document has no element for, paths of code losses)."""
    root = etree.fromstring(data, PARSER)
    structural: set[str] = set()
    coded: set[str] = set()
    dropped = {readable_path(leaf) for e in _incomplete(root) for leaf in _leaves(e)}
    for leaf in _leaves(root):
        path = _schema_path(leaf)
        ancestors = [path.rsplit("/", n)[0] for n in range(path.count("/") + 1)]
        if any(a not in facts.paths for a in ancestors):
            structural.add(readable_path(leaf))
            continue
        allowed = facts.paths[path]
        if allowed is not None and (leaf.text or "").strip() not in allowed:
            if path.endswith("UsagePointLocation/type"):  # §10: the whole address goes
                parent = leaf.getparent()
                assert parent is not None
                coded |= {readable_path(e) for e in _leaves(parent)} | {readable_path(leaf)}
            else:
                coded.add(readable_path(leaf))
    # a field inside a dropped invoice address is reported once, as part of the address; a field
    # of an element dropped whole is reported dropped (and its code replaced, if it was, before)
    return (structural - coded) | dropped, coded


def _roles_lacking(data: bytes, facts: _Facts) -> set[str]:
    root = etree.fromstring(data, PARSER)
    found = set()
    for leaf in _leaves(root):
        path = _schema_path(leaf)
        allowed = facts.paths.get(path)
        value = (leaf.text or "").strip()
        if path.endswith("marketRole.type") and allowed is not None and value not in allowed:
            found.add(value)
    return found


def _cim_namespace(root_name: str) -> str:
    return next(
        ns
        for (ns, n), mt in catalog().items()
        if n == root_name and mt.standard is Standard.CIM and not mt.legacy
    )


def _check_projection(data: bytes, xsd_dir: Path) -> None:
    root_name = etree.QName(etree.fromstring(data, PARSER)).localname
    result = project(data)
    xsd = _xsd_file(xsd_dir, result.target)
    assert xsd.is_file(), xsd
    schema = _nordic_schema(xsd)
    projected = etree.fromstring(result.data, PARSER)
    nordic_root = projection_table().documents[root_name].nordic_root
    assert etree.QName(projected) == etree.QName(result.target, nordic_root)
    assert schema.validate(projected), [e.message for e in schema.error_log]  # type: ignore[attr-defined]

    structural, coded = _expected_losses(data, _facts(xsd))
    dropped = {p.path for p in result.losses if p.code == DROPPED}
    code_losses = {p.path for p in result.losses if p.code in (CODE_DROPPED, CODE_REPLACED)}
    assert dropped == structural
    assert code_losses == coded
    assert len(result.losses) == len(dropped) + len(code_losses)  # one problem per field
    for problem in result.losses + result.notes:
        text = problem.format()
        assert not any(secret in text for secret in SYNTHETIC_IDS), text
        assert problem.severity == "warning"


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.name for e in EXAMPLES])
def test_example_projects_to_a_valid_nordic_document(example: Path, ediel_reference: Path) -> None:
    xsd_dir = ediel_reference / "xsd"
    data = example.read_bytes()
    root_name = _root_name(example)
    if root_name not in NORDIC_ROOTS:
        with pytest.raises(ProjectionError) as caught:
            project(data)
        assert caught.value.code == "PROJECTION_NO_NORDIC"
        assert "no Nordic Ediel counterpart" in str(caught.value)
        return
    namespace = projection_table().documents[root_name].nordic_namespace
    lacking = _roles_lacking(data, _facts(_xsd_file(xsd_dir, namespace)))
    if lacking:
        with pytest.raises(ProjectionError) as caught:
            project(data)
        assert {p.code for p in caught.value.problems} == {"PROJECTION_REFUSED"}
        assert all(any(r in p.message for r in lacking) for p in caught.value.problems)
        return
    _check_projection(data, xsd_dir)


def test_every_nordic_document_has_an_example() -> None:
    assert {_root_name(e) for e in EXAMPLES} >= NORDIC_ROOTS


def test_acknowledgement_with_nordic_roles(ediel_reference: Path) -> None:
    data = (PROJECT_ROOT / "examples/cim/Acknowledgement_BRS-NO-611.xml").read_bytes()
    data = data.replace(b">QRY<", b">DDQ<")
    _check_projection(data, ediel_reference / "xsd")
    projected = etree.fromstring(project(data).data, PARSER)
    reason = projected.find("{*}Original_MktActivityRecord/{*}Reason")
    assert reason is not None
    assert [c.text for c in reason] == ["999", "EH015"]  # §10: 999, the Elhub code in text
    # ... and lifting gives the Elhub code back: the round trip is exact.
    lifted = from_nordic(project(data).data, brs="BRS-NO-611")
    assert_same_xml(data, lifted.data)


def test_filled_values_are_reported(ediel_reference: Path) -> None:
    # EMIF allows a request without the supplier; the Nordic document requires it.
    source = (PROJECT_ROOT / "examples/cim/RequestChangeOfSupplier_BRS-NO-102.xml").read_bytes()
    data = re.sub(
        rb"\s*<marketEvaluationPoint\.energySupplier_MarketParticipant\.mRID[^>]*>[^<]*<[^>]*>",
        b"",
        source,
    )
    assert data != source
    result = project(data)
    assert [p.code for p in result.notes] == [FILLED]
    assert "sender_MarketParticipant.mRID" in result.notes[0].message
    _check_projection(data, ediel_reference / "xsd")
    supplier = etree.fromstring(result.data, PARSER).find(
        "{*}MktActivityRecord/{*}marketEvaluationPoint.energySupplier_MarketParticipant.mRID"
    )
    assert supplier is not None
    assert (supplier.text, supplier.get("codingScheme")) == ("7080050001014", "A10")

    # A grid company's request without a supplier cannot be projected: nothing to fill from.
    grid = data.replace(
        b"<sender_MarketParticipant.marketRole.type>DDQ<",
        b"<sender_MarketParticipant.marketRole.type>DDM<",
    )
    with pytest.raises(ProjectionError) as caught:
        project(grid)
    assert caught.value.code == "PROJECTION_REQUIRED"
    assert "energySupplier_MarketParticipant.mRID" in caught.value.problems[0].message


def test_invoice_address_is_dropped_whole(ediel_reference: Path) -> None:
    data = (
        PROJECT_ROOT / "examples/cim/CharacteristicsOfACustomerAtAnAP_BRS-NO-305.xml"
    ).read_bytes()
    assert b"<type>Z01</type>" in data
    result = project(data)
    invoice = [p for p in result.losses if p.code == CODE_DROPPED]
    assert invoice
    assert all("invoice address" in p.message for p in invoice)
    _check_projection(data, ediel_reference / "xsd")


def test_local_process_code_becomes_the_nordic_process_type() -> None:
    data = (
        PROJECT_ROOT / "examples/cim/AccountingPointCharacteristics_BRS-NO-102.xml"
    ).read_bytes()
    result = project(data)
    replaced = [p for p in result.losses if p.code == CODE_REPLACED]
    assert [p.path for p in replaced] == [
        "/AccountingPointCharacteristics_MarketDocument/process.processType"
    ]
    assert "'NO102' written as 'E65'" in replaced[0].message
    root = etree.fromstring(result.data)
    assert root.findtext("{*}process.processType") == "E65"
    assert root.findtext("{*}type") == "E07"  # 0.2 writes the Nordic type itself


def test_national_identity_numbers_never_shown() -> None:
    data = (PROJECT_ROOT / "examples/cim/GenericNotification_BRS-NO-102.xml").read_bytes()
    result = project(data)
    customer = [p for p in result.losses if "customer_MarketParticipant.mRID" in (p.path or "")]
    assert customer
    for problem in result.losses:
        assert not any(secret in problem.format() for secret in SYNTHETIC_IDS)
    assert any("value not shown" in p.message for p in customer)


def test_element_input_and_other_standards() -> None:
    path = PROJECT_ROOT / "examples/cim/ConfirmRequestEndOfSupply_BRS-NO-201.xml"
    from_bytes = project(path.read_bytes())
    from_element = project(etree.parse(str(path), PARSER).getroot())
    assert from_bytes.data == from_element.data
    ebix = next((PROJECT_ROOT / "examples" / "ebix").glob("*.xml"))
    with pytest.raises(ProjectionError) as caught:
        project(ebix.read_bytes())
    assert caught.value.code == "PROJECTION_UNSUPPORTED"


def _walk_annotations(
    types: dict[str | None, etree._Element], type_name: str, prefix: str, notes: dict[str, str]
) -> None:
    """Path -> documentation of every element below a complex type of our profile XSD."""
    node = types.get(type_name.split(":")[-1])
    sequence = node.find(f"{{{XS}}}sequence") if node is not None else None
    for element in sequence if sequence is not None else []:
        path = prefix + element.get("name", "")
        notes[path] = element.findtext(f".//{{{XS}}}documentation") or ""
        _walk_annotations(types, element.get("type", ""), path + "/", notes)


def test_projection_table_agrees_with_profile_annotations() -> None:
    """Kept paths are annotated 'Nordic element' in our XSDs, dropped ones 'Norwegian addition'."""
    for name, document in projection_table().documents.items():
        xsd = catalog()[(document.profile_namespace, name)].schema_file
        root = etree.parse(str(xsd), PARSER).getroot()
        types = {t.get("name"): t for t in root.iter(f"{{{XS}}}complexType")}
        notes: dict[str, str] = {}
        main = root.find(f"{{{XS}}}element")
        assert main is not None
        _walk_annotations(types, main.get("type", ""), "", notes)
        for path in document.nordic:
            assert notes[path].startswith("Nordic element"), (name, path)
        for path in document.additions:
            assert notes[path].startswith("Norwegian addition"), (name, path)
        covered = set(document.nordic) | set(document.additions)
        for path in notes:
            ancestors = {path.rsplit("/", n)[0] for n in range(path.count("/") + 1)}
            assert ancestors & covered, (name, path)


def test_projection_table_paths_exist_in_the_nordic_xsd(ediel_reference: Path) -> None:
    for name, document in projection_table().documents.items():
        facts = _facts(_xsd_file(ediel_reference / "xsd", document.nordic_namespace))
        assert set(document.nordic) == set(facts.paths), name
        assert not set(document.additions) & set(facts.paths), name


# --- lifting: Nordic -> profile -------------------------------------------------------------


CPR = "0801741527"  # the Danish sample's CPR number: must never appear in a message


def _profile_schema(data: bytes) -> etree.XMLSchema:
    root = etree.fromstring(data)
    qname = etree.QName(root)
    message_type = catalog()[(qname.namespace or "", qname.localname)]
    return etree.XMLSchema(etree.parse(str(message_type.schema_file)))


def test_lifting_the_danish_sample(ediel_reference: Path) -> None:
    """DataHub 3's RequestChangeOfSupplier lifts to a valid profile 0.2 document: Danish values
    carried as they are, the CPR number under the profile's own scheme (it is not a
    fødselsnummer), what the profile does not use or cannot take named; the Norwegian additions
    only EMIF requires are optional in the profile (§0.7b)."""
    data = (ediel_reference / "samples" / "RequestChangeOfSupplier.xml").read_bytes()
    with pytest.raises(ProjectionError) as caught:
        from_nordic(data)  # E65 does not say which of 102, 103, 123
    assert [(p.code, p.path) for p in caught.value.problems if p.severity.value == "error"] == [
        ("LIFT_MISSING", "/RequestChangeOfSupplier_MarketDocument/process.processType")
    ]
    assert "brs=" in caught.value.problems[0].message

    lifted = from_nordic(data, brs="BRS-NO-102")
    schema = _profile_schema(lifted.data)
    assert schema.validate(etree.fromstring(lifted.data)), schema.error_log
    root = etree.fromstring(lifted.data)
    assert root.findtext("{*}process.processType") == "NO102"
    customer = root.find(
        "{*}MktActivityRecord/{*}marketEvaluationPoint.customer_MarketParticipant.mRID"
    )
    assert customer is not None
    assert (customer.get("codingScheme"), customer.text) == ("Z01", CPR)  # carried, own scheme
    problems = lifted.losses
    assert all(CPR not in p.message and CPR not in (p.path or "") for p in problems)
    (identity,) = [p for p in problems if p.code == "LIFT_IDENTITY"]
    assert "Z01" in identity.message
    assert "not shown" in identity.message
    # DataHub's mRIDs are not UUIDs: written as UUIDs (document: v5 of the id; record: the
    # profile's derived record id, distinct from the document's), reported as replaced
    replaced = {p.path: p.message for p in problems if p.code == "LIFT_REPLACED"}
    assert set(replaced) == {
        "/RequestChangeOfSupplier_MarketDocument/mRID",
        "/RequestChangeOfSupplier_MarketDocument/MktActivityRecord/mRID",
    }
    assert len({m.split("written as ")[1][:38] for m in replaced.values()}) == 2
    # the balance responsible party: Nordic, but not used by Elhub: dropped and reported
    assert [p.path for p in problems if p.code == DROPPED] == [
        "/RequestChangeOfSupplier_MarketDocument/MktActivityRecord/"
        "marketEvaluationPoint.balanceResponsibleParty_MarketParticipant.mRID"
    ]
    # no Norwegian addition is asked for: the lift names nothing missing
    assert not [p for p in problems if p.code in {"LIFT_MISSING", "LIFT_INVALID"}]


def test_converting_the_danish_sample_to_ebix_refuses_the_cpr_number(
    ediel_reference: Path,
) -> None:
    data = (ediel_reference / "samples" / "RequestChangeOfSupplier.xml").read_bytes()
    with pytest.raises(ElhubCimError) as caught:
        convert(data, to="ebix", brs="BRS-NO-102", allow_loss=True)
    assert [(p.code, p.path) for p in caught.value.problems] == [
        (
            "CONVERT_CODE",
            "/RequestChangeOfSupplier_MarketDocument/MktActivityRecord/"
            "marketEvaluationPoint.customer_MarketParticipant.mRID/@codingScheme",
        )
    ]
    assert "another country" in caught.value.problems[0].message
    assert CPR not in str(caught.value)


#: What EMIF RequestStartOfSupply requires and DataHub 3's document lacks: CIM path -> EMIF path
EMIF_NEEDS = {
    "/RequestChangeOfSupplier_MarketDocument/MktActivityRecord/"
    "marketEvaluationPoint.customer_Customer.extendedStorageMeteringValues": (
        "/RequestStartOfSupply/PayloadMPEvent/ConsumerInvolvedCustomerParty/"
        "ExtendedStorageMeteringValues"
    ),
    "/RequestChangeOfSupplier_MarketDocument/MktActivityRecord/"
    "marketEvaluationPoint.UsagePointLocation": (
        "/RequestStartOfSupply/PayloadMPEvent/ConsumerInvolvedCustomerAddress"
    ),
}


def test_converting_the_sample_further_to_ebix_names_what_emif_needs(
    ediel_reference: Path, tmp_path: Path
) -> None:
    """With a Norwegian customer in place of the CPR number, the lifted document reads; EMIF
    requires two fields DataHub 3 does not have: each is named (file, path, code, message), with
    or without --allow-loss, and nothing is written."""
    data = (ediel_reference / "samples" / "RequestChangeOfSupplier.xml").read_bytes()
    norwegian = data.replace(f">{CPR}<".encode(), f">{SYNTHETIC_IDS[0]}<".encode())
    assert norwegian != data
    for allow_loss in (False, True):
        with pytest.raises(ElhubCimError) as caught:
            convert(norwegian, to="ebix", brs="BRS-NO-102", allow_loss=allow_loss, name="dh3.xml")
        named = {p.path: p for p in caught.value.problems}
        assert {p.code for p in named.values()} == {"CONVERT_UNSUPPORTED"}
        assert set(named) == set(EMIF_NEEDS)
        for path, emif in EMIF_NEEDS.items():
            assert named[path].file == "dh3.xml"
            assert emif in named[path].message
    # the command line: file, path, code and message on stderr, non-zero exit, no output
    from click.testing import CliRunner

    from elhub_cim.cli import main

    source = tmp_path / "dh3.xml"
    source.write_bytes(norwegian)
    out = tmp_path / "out.xml"
    result = CliRunner().invoke(
        main,
        [
            "convert",
            str(source),
            "--to",
            "ebix",
            "--brs",
            "BRS-NO-102",
            "--allow-loss",
            "-o",
            str(out),
        ],
    )
    assert result.exit_code != 0
    assert not out.exists()
    for path in EMIF_NEEDS:
        line = next(line for line in result.output.splitlines() if path in line)
        assert "dh3.xml" in line
        assert "CONVERT_UNSUPPORTED" in line


#: DataHub 3's samples and the BRS each lifts under (the Nordic process code does not tell).
SAMPLES_LIFT = {"RequestChangeOfSupplier.xml": "BRS-NO-102"}
#: Samples that are templates, not documents: refused field by field (test below).
SAMPLES_TEMPLATE = {
    "RequestChangeAccountingPointCharacteristics.xml": (
        "a template: {{placeholders}} for ids, Danish code values, process E02 (a new metering "
        "point, which is not BRS-NO-302)"
    ),
}


def test_every_datahub_sample_lifts_to_a_valid_profile_document(ediel_reference: Path) -> None:
    samples = sorted(p.name for p in (ediel_reference / "samples").glob("*.xml"))
    assert set(samples) == set(SAMPLES_LIFT) | set(SAMPLES_TEMPLATE), "decide the new sample"
    for name, brs in SAMPLES_LIFT.items():
        lifted = from_nordic((ediel_reference / "samples" / name).read_bytes(), brs=brs)
        schema = _profile_schema(lifted.data)
        assert schema.validate(etree.fromstring(lifted.data)), (name, schema.error_log)


def test_the_other_datahub_sample_is_refused_field_by_field(ediel_reference: Path) -> None:
    """RequestChangeAccountingPointCharacteristics (a grid company changing master data in
    DataHub 3, a template with {{placeholders}}) is the profile's BRS-NO-302 document since issue
    16, but the sample carries Danish values: every one the profile cannot accept is named."""
    data = (
        ediel_reference / "samples" / "RequestChangeAccountingPointCharacteristics.xml"
    ).read_bytes()
    for brs in (None, "BRS-NO-302"):
        with pytest.raises(ProjectionError) as caught:
            from_nordic(data, brs=brs)
        found = {(p.code, (p.path or "").rsplit("/", 1)[-1]) for p in caught.value.problems}
        # E02 (new metering point) is no Norwegian process of the document (no BRS is asked
        # for); with brs= it is not 302's E32.
        process = "LIFT_INVALID"
        assert (process, "process.processType") in found
        # Danish codes and the {{gsrn}} placeholder, and the Norwegian addition it lacks
        assert {
            ("LIFT_INVALID", "meteringMethod"),
            ("LIFT_INVALID", "connectionState"),
            ("LIFT_INVALID", "mRID"),
            ("LIFT_MISSING", "calculationMethod"),
        } <= found


def test_datahub_style_identifiers_lift_and_convert() -> None:
    """DataHub 3 writes mRIDs that are not UUIDs ('111131835') and UUIDs in upper case: a
    document that has everything the profile needs lifts, its ids written as UUIDs and reported;
    converting it to ebIX needs --allow-loss for the replaced ids, and gives the same ids on
    every run (UUID v5)."""
    data = (PROJECT_ROOT / "examples/cim/RejectRequestChangeOfSupplier_BRS-NO-103.xml").read_bytes()
    nordic = project(data).data
    root = etree.fromstring(nordic)
    document_id = root.findtext("{*}mRID")
    record_id = root.findtext("{*}MktActivityRecord/{*}mRID")
    assert document_id is not None
    assert record_id is not None
    nordic = nordic.replace(document_id.encode(), b"111131835")
    nordic = nordic.replace(record_id.encode(), b"4413675032_5080574373")
    lifted = from_nordic(nordic, brs="BRS-NO-103")
    assert [(p.code, p.path) for p in lifted.losses] == [
        ("LIFT_REPLACED", "/RejectRequestChangeOfSupplier_MarketDocument/mRID"),
        ("LIFT_REPLACED", "/RejectRequestChangeOfSupplier_MarketDocument/MktActivityRecord/mRID"),
    ]
    assert from_nordic(nordic, brs="BRS-NO-103").data == lifted.data  # deterministic
    with pytest.raises(ConversionLossError):
        convert(nordic, to="ebix", brs="BRS-NO-103")
    ebix = convert(nordic, to="ebix", brs="BRS-NO-103", allow_loss=True)
    # the record's id is the profile's derived one: EMIF has no record id and loses nothing
    assert [p.code for p in ebix.losses] == ["LIFT_REPLACED", "LIFT_REPLACED"]


def test_lift_round_trip_is_exact_where_nothing_required_was_dropped() -> None:
    data = (PROJECT_ROOT / "examples/cim/RejectRequestChangeOfSupplier_BRS-NO-103.xml").read_bytes()
    lifted = from_nordic(project(data).data, brs="BRS-NO-103")
    assert lifted.losses == []
    # exact: 0.2 writes the Nordic type, and NO103 went to E65 and back with brs=
    assert_same_xml(data, lifted.data)


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.name for e in EXAMPLES])
def test_lifting_names_exactly_the_required_fields_the_projection_dropped(example: Path) -> None:
    data = example.read_bytes()
    try:
        projected = project(data)
    except ProjectionError:
        return  # no Nordic counterpart or a role the Nordic list lacks
    code = re.search(rb"<(?:received_MarketDocument\.)?process.processType>([^<]+)<", data)
    assert code is not None
    brs = brs_of(code.group(1).decode())
    try:
        from_nordic(projected.data, brs=brs)
    except ProjectionError as error:
        missing = {p.path for p in error.problems if p.code == "LIFT_MISSING"}
        invalid = [p for p in error.problems if p.code == "LIFT_INVALID"]
        lost = {p.path for p in projected.losses}
        for path in missing:
            assert path is not None
            # below the root: a point's missing code is named in the Nordic input, whose root
            # may be the Nordic name of the document (NotifyCollectedMeasureData)
            below = re.sub(r"\[\d+\]", "", path).split("/", 2)[2]
            assert any(
                re.sub(r"\[\d+\]", "", q or "").split("/", 2)[2].startswith(below) for q in lost
            ), path
        # the only values the profile refuses are the Nordic default document types
        assert all(p.path and p.path.endswith("/type") for p in invalid), invalid


def test_lifting_refuses_unknown_documents() -> None:
    with pytest.raises(UnknownDocumentError):
        from_nordic(b'<Foo_MarketDocument xmlns="urn:ediel.org:structure:foo:0:1"/>')
    with pytest.raises(UnknownDocumentError):
        from_nordic(
            (PROJECT_ROOT / "examples/cim/RejectRequestEndOfSupply_BRS-NO-211.xml").read_bytes()
        )


def test_namespaces_of_the_nordic_documents() -> None:
    documents = projection_table().documents
    assert set(documents) == NORDIC_ROOTS
    # the 2023 customer document had a typo in its namespace (OP-20); the 2025 baseline fixed it
    assert (
        documents["CharacteristicsOfACustomerAtAnAP_MarketDocument"].nordic_namespace
        == "urn:ediel.org:structure:characteristicsofacustomeratanap:0:1"
    )
    for name, document in documents.items():
        assert document.profile_namespace == _cim_namespace(name)


def test_lifting_writes_the_business_sector_when_absent() -> None:
    data = (PROJECT_ROOT / "examples/cim/RejectRequestChangeOfSupplier_BRS-NO-103.xml").read_bytes()
    nordic = re.sub(rb"\s*<businessSector\.type>23</businessSector\.type>", b"", project(data).data)
    assert b"businessSector" not in nordic
    lifted = from_nordic(nordic, brs="BRS-NO-103")
    assert [p.code for p in lifted.notes] == [FILLED]
    assert etree.fromstring(lifted.data).findtext("{*}businessSector.type") == "23"


def test_conformance_against_the_2025_baseline_and_the_2023_set(ediel_reference: Path) -> None:
    """Every projectable example validates against the 2025 DataHub 3 XSD of its document (the
    2023 one for the end-of-supply documents 2025 lacks); which also pass the 2023 set is
    reported (printed), and the one known difference is checked: the customer document's
    namespace, which 2025 corrected."""
    report: list[str] = []
    checked = 0
    for example in EXAMPLES:
        try:
            result = project(example.read_bytes())
        except ProjectionError:
            continue
        projected = etree.fromstring(result.data, PARSER)
        current = _xsd_file(ediel_reference / "xsd", result.target)
        assert _nordic_schema(current).validate(projected), example.name
        old = ediel_reference / "xsd" / current.name
        old_schema = _nordic_schema(old)
        passes_2023 = bool(old_schema.validate(projected))
        base = "2025" if "opengeh-edi-2025" in str(current) else "2023 (no 2025 document)"
        report.append(f"{example.name}: valid against {base}; 2023 set: {passes_2023}")
        if _root_name(example) == "CharacteristicsOfACustomerAtAnAP_MarketDocument":
            assert not passes_2023  # 2023 published urn:ediel:org:... (OP-20)
        checked += 1
    print("\n".join(report))
    assert checked >= 9


def test_lifting_writes_times_with_an_offset_in_utc() -> None:
    """The Nordic XSDs type times as xs:dateTime, so a DataHub 3 document may write an offset
    (`+02:00`); the profile takes UTC with Z only (§0.3). The lift writes such a time in UTC,
    equal in meaning, the fraction kept as written, and notes it; a time without any zone says
    no instant and is refused by name."""
    data = (PROJECT_ROOT / "examples/cim/RequestChangeOfSupplier_BRS-NO-102.xml").read_bytes()
    nordic = project(data).data
    plain = from_nordic(nordic, brs="BRS-NO-102")
    shifted = nordic.replace(b"2026-04-20T07:30:47.123Z", b"2026-04-20T09:30:47.123+02:00")
    shifted = shifted.replace(b"2026-04-30T22:00:00Z", b"2026-05-01T00:00:00+02:00")
    assert shifted.count(b"+02:00") == 2
    lifted = from_nordic(shifted, brs="BRS-NO-102")
    assert lifted.data == plain.data
    assert lifted.losses == plain.losses
    utc = [(p.code, p.path) for p in lifted.notes if p.code == "LIFT_UTC"]
    assert utc == [
        ("LIFT_UTC", "/RequestChangeOfSupplier_MarketDocument/createdDateTime"),
        (
            "LIFT_UTC",
            "/RequestChangeOfSupplier_MarketDocument/MktActivityRecord/start_DateAndOrTime.dateTime",
        ),
    ]
    zoneless = nordic.replace(b"2026-04-30T22:00:00Z", b"2026-04-30T22:00:00")
    with pytest.raises(ProjectionError) as caught:
        from_nordic(zoneless, brs="BRS-NO-102")
    assert [p.code for p in caught.value.problems if p.severity.value == "error"] == [
        "LIFT_INVALID"
    ]


def test_lifting_accepts_upper_case_uuids_as_datahub_writes_them() -> None:
    data = (PROJECT_ROOT / "examples/cim/RejectRequestChangeOfSupplier_BRS-NO-103.xml").read_bytes()
    nordic = re.sub(
        rb"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
        lambda m: m.group(0).upper(),
        project(data).data,
    )
    assert re.search(rb"[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}", nordic)
    lifted = from_nordic(nordic, brs="BRS-NO-103")
    ebix = convert(lifted.data, to="ebix").data  # lower case on the way out (profile §0.4)
    assert re.search(rb"[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}", ebix) is None


def _code_values_at(schema: dict[str, object], path: str) -> set[str]:
    """The code values our CIM JSON schema allows at ``path`` (a leaf or an element's text)."""
    defs = schema["$defs"]
    assert isinstance(defs, dict)

    def resolved(node: dict[str, object]) -> dict[str, object]:
        while "$ref" in node:
            node = defs[str(node["$ref"]).rsplit("/", 1)[1]]
        if node.get("type") == "array":
            items = node["items"]
            assert isinstance(items, dict)
            return resolved(items)
        return node

    properties = schema["properties"]
    assert isinstance(properties, dict)
    (node,) = properties.values()
    node = resolved(node)
    for step in path.split("/"):
        children = node["properties"]
        assert isinstance(children, dict)
        node = resolved(children[step])
    children = node.get("properties")
    if isinstance(children, dict) and "value" in children:
        node = children["value"]
    return set(node.get("enum", ()))


def test_every_code_the_projection_translates_can_occur_in_a_profile_document() -> None:
    """§10 (generated) lists the code values the projection maps, drops or refuses: each must be
    a value a 0.2 XSD allows at a path the rule checks, or the page describes a translation that
    cannot happen (0.1's EMIF document types in `type`, which 0.2 fixes per document)."""
    import json

    folder = PROJECT_ROOT / "schemas" / "cim" / "json" / "elhub-profile-0.2"
    table = projection_table()
    reachable: dict[str, set[str]] = {name: set() for name in table.rules}
    for name, document in table.documents.items():
        schema = json.loads((folder / f"{name}.schema.json").read_text(encoding="utf-8"))
        for path, rule in document.codes.items():
            reachable[rule.name] |= _code_values_at(schema, path) & set(rule.values)
    dead = {name: sorted(set(rule.values) - reachable[name]) for name, rule in table.rules.items()}
    assert {name: values for name, values in dead.items() if values} == {}


def _cardinalities(xsd_file: Path) -> dict[str, tuple[str, str, str]]:
    """Path -> (minOccurs, maxOccurs, documentation) of every element of a document's XSD."""
    root = etree.parse(str(xsd_file), PARSER).getroot()
    types = {t.get("name"): t for t in root.iter(f"{{{XS}}}complexType")}
    found: dict[str, tuple[str, str, str]] = {}

    def walk(type_name: str, prefix: str) -> None:
        node = types.get(type_name.split(":")[-1])
        sequence = node.find(f"{{{XS}}}sequence") if node is not None else None
        for element in sequence if sequence is not None else []:
            path = prefix + element.get("name", "")
            note = " ".join((element.findtext(f".//{{{XS}}}documentation") or "").split())
            found[path] = (element.get("minOccurs", "1"), element.get("maxOccurs", "1"), note)
            walk(element.get("type", ""), path + "/")

    main = root.find(f"{{{XS}}}element")
    assert main is not None
    walk(main.get("type", ""), "")
    return found


def test_every_cardinality_that_differs_from_the_nordic_document_is_annotated(
    ediel_reference: Path,
) -> None:
    """The schemas README: a Nordic element whose cardinality is not the Nordic document's names
    the Nordic one ("Nordic cardinality 0..1"), so that a reader sees each deviation from
    DataHub 3 in the XSD itself."""
    unannotated = []
    for name, document in projection_table().documents.items():
        ours = _cardinalities(catalog()[(document.profile_namespace, name)].schema_file)
        theirs = _cardinalities(_xsd_file(ediel_reference / "xsd", document.nordic_namespace))
        for path in document.nordic:
            low, high, note = ours[path]
            nordic_low, nordic_high, _ = theirs[path]
            if (low, high) == (nordic_low, nordic_high) or "not used" in note:
                continue
            if f"Nordic cardinality {nordic_low}..{nordic_high}" not in note:
                unannotated.append(
                    f"{name} {path}: {low}..{high}, Nordic {nordic_low}..{nordic_high}"
                )
    assert unannotated == []


def test_each_profile_xsd_names_the_nordic_namespace_the_projection_writes() -> None:
    """An XSD's "Based on" names the Nordic document of the 2025 baseline, the namespace the
    projection writes (the customer document named 2023's misspelt urn:ediel:org:, OP-20)."""
    for name, document in projection_table().documents.items():
        text = catalog()[(document.profile_namespace, name)].schema_file.read_text("utf-8")
        found = re.search(r"Based on: [^(]*\((urn:ediel[^),;]*)", text)
        assert found is not None, name
        assert found.group(1) == document.nordic_namespace, name


@pytest.mark.parametrize(
    ("example", "nordic", "brs"),
    [
        ("RequestChangeOfSupplier_BRS-NO-102.xml", b"D21", None),
        ("RequestChangeOfSupplier_BRS-NO-102.xml", b"D21", "BRS-NO-102"),
        ("RequestChangeOfSupplier_BRS-NO-102.xml", b"D29", None),
        ("RequestChangeOfSupplier_BRS-NO-102.xml", b"D29", "BRS-NO-103"),
        ("RequestChangeOfSupplier_BRS-NO-102.xml", b"D29", "BRS-NO-123"),
        ("RequestEndOfSupply_BRS-NO-201.xml", b"E66", "BRS-NO-201"),
    ],
)
def test_a_nordic_process_no_source_pairs_with_a_brs_is_refused_saying_so(
    example: str, nordic: bytes, brs: str | None
) -> None:
    """DataHub 3's D21 (move-in due to other reason) and D29 (secondary move-in), and E66
    (customer move-out) for a supplier's end of supply (201): the domain notes relate them to
    move-in and move-out, but no source (domain notes, seed, the Nordic code list's titles)
    pairs them with a BRS. The lift refuses them, and says that is why (open point OP-26),
    rather than only that no Norwegian process has the code."""
    projected = project((PROJECT_ROOT / "examples" / "cim" / example).read_bytes()).data
    current = re.search(rb"<process\.processType>([^<]+)<", projected)
    assert current is not None
    data = projected.replace(current[0], b"<process.processType>" + nordic + b"<")
    with pytest.raises(ProjectionError) as raised:
        from_nordic(data, brs=brs)
    (invalid,) = [p for p in raised.value.problems if p.code == "LIFT_INVALID"]
    assert invalid.path is not None
    assert invalid.path.endswith("/process.processType")
    assert "no source pairs" in invalid.message
    assert "OP-26" in invalid.message


def test_losses_and_notes_name_places_of_the_input_alike() -> None:
    # The losses named input places (Series[1]/...), the PROJECTION_FILLED notes output places
    # (Series/marketEvaluationPoint.type, the profiled Series[2] dropped): one series was
    # spelled two ways in one result.
    path = PROJECT_ROOT / "examples/cim/NotifyValidatedMeasureData_BRS-NO-324.xml"
    data = path.read_bytes()
    result = project(data)
    filled = [p for p in result.notes if p.code == FILLED]
    assert [p.path for p in filled] == [
        "/NotifyValidatedMeasureData_MarketDocument/Series[1]/marketEvaluationPoint.type"
    ]
    # Every place named, loss or note, is one of the input's (a filled leaf: its parent's).
    tree = etree.fromstring(data, PARSER)
    places = {readable_path(e) for e in tree.iter() if isinstance(e.tag, str)}
    for problem in [*result.losses, *result.notes]:
        assert problem.path is not None
        assert problem.path in places or (
            problem.code == FILLED and problem.path.rpartition("/")[0] in places
        ), problem
    (note,) = filled
    series = tree.find("{*}Series")
    assert series is not None
    assert note.line == series.sourceline
