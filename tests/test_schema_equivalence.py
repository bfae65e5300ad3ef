"""Our EMIF 2.4.3 schemas state the same facts as Elhub's, and the comparison tool notices when
they do not.

* ``test_same_facts_as_elhub`` compares ``schemas/ebix/emif-2.4`` with Elhub's ``bim/`` fact by
  fact (needs ``../shared``).
* ``test_detects_*`` mutate a temporary copy of OUR schemas and check that each change is
  reported (no reference needed).
* ``test_examples_validate_alike`` validates every Elhub example under both sets and expects the
  same verdict and the same first error (needs ``../shared``).
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Protocol, cast

import pytest
from lxml import etree

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
import schema_diff

XS = schema_diff.XS
NS = {"xs": XS}
BDT = "urn:no:elhub:emif:common:BusinessDataType:v2"
ABIE = "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2"


def _parser() -> etree.XMLParser:
    return etree.XMLParser(no_network=True, resolve_entities=False)


@pytest.fixture(scope="session")
def our_dir(project_root: Path) -> Path:
    return project_root / "schemas" / "ebix" / "emif-2.4"


# -- (a) same facts ------------------------------------------------------------------------------


def test_same_facts_as_elhub(our_dir: Path, emif_reference: Path) -> None:
    assert schema_diff.compare_dirs(our_dir, emif_reference / "bim") == []


def test_our_files_are_not_copies(our_dir: Path, emif_reference: Path) -> None:
    ours = sorted(our_dir.rglob("*.xsd"))
    theirs = sorted((emif_reference / "bim").rglob("*.xsd"))
    assert len(ours) == len(theirs) == 30
    stripped = {"".join(p.read_text(encoding="utf-8").split()) for p in theirs}
    for path in ours:
        text = path.read_text(encoding="utf-8")
        assert "".join(text.split()) not in stripped, path
        assert "xsd:" not in text, path
        root = etree.parse(str(path), _parser()).getroot()
        first = next(c for c in root if isinstance(c.tag, str))
        assert first.tag == f"{{{XS}}}annotation", path
        assert root.get("version") == "2.4.3", path


# -- (b) the tool detects differences ------------------------------------------------------------

Mutation = Callable[[Path], None]


def _edit(path: Path, change: Callable[[etree._Element], None]) -> None:
    tree = etree.parse(str(path), _parser())
    change(tree.getroot())
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")


def _one(root: etree._Element, xpath: str) -> etree._Element:
    found = root.xpath(xpath, namespaces=NS)
    assert isinstance(found, list)
    assert len(found) == 1, xpath
    node = found[0]
    assert isinstance(node, etree._Element)
    return node


def _header_creation_unbounded(copy: Path) -> None:
    def change(root: etree._Element) -> None:
        el = _one(root, "xs:complexType[@name='Elhub_HeaderType']//xs:element[@name='Creation']")
        el.set("maxOccurs", "unbounded")

    _edit(copy / "common" / "abie.xsd", change)


def _drop_postaladr(copy: Path) -> None:
    def change(root: etree._Element) -> None:
        el = _one(
            root, "xs:simpleType[@name='AddressTypeType']//xs:enumeration[@value='postaladr']"
        )
        parent = el.getparent()
        assert parent is not None
        parent.remove(el)

    _edit(copy / "common" / "bdt.xsd", change)


def _string10_longer(copy: Path) -> None:
    def change(root: etree._Element) -> None:
        _one(root, "xs:simpleType[@name='String10Type']//xs:maxLength").set("value", "11")

    _edit(copy / "common" / "bdt.xsd", change)


def _swap_senders(copy: Path) -> None:
    def change(root: etree._Element) -> None:
        seq = _one(root, "xs:complexType[@name='Elhub_HeaderType']/xs:sequence")
        physical = _one(seq, "xs:element[@name='PhysicalSenderEnergyParty']")
        juridical = _one(seq, "xs:element[@name='JuridicalSenderEnergyParty']")
        physical.addprevious(juridical)

    _edit(copy / "common" / "abie.xsd", change)


def _party_scheme_optional(copy: Path) -> None:
    def change(root: etree._Element) -> None:
        attr = _one(
            root,
            "xs:complexType[@name='Elhub_EnergyPartyIdentifierType']"
            "//xs:attribute[@name='schemeAgencyIdentifier']",
        )
        del attr.attrib["use"]  # the default is optional

    _edit(copy / "common" / "bdt.xsd", change)


def _drop_payload_element(copy: Path) -> None:
    def change(root: etree._Element) -> None:
        el = _one(root, "xs:complexType//xs:element[@name='PayloadMPEvent']")
        parent = el.getparent()
        assert parent is not None
        parent.remove(el)

    _edit(copy / "market" / "RequestStartOfSupply.xsd", change)


def _decimal52_facets_reordered(copy: Path) -> None:
    """Valid documents stay valid, but libxml2 would report a different first error."""

    def change(root: etree._Element) -> None:
        restriction = _one(root, "xs:simpleType[@name='decimal52']/xs:restriction")
        restriction.insert(0, _one(restriction, "xs:totalDigits"))

    _edit(copy / "common" / "bdt.xsd", change)


HEAD = "{" + ABIE + "} complexType Elhub_HeaderType: "

MUTATIONS: dict[str, tuple[Mutation, str]] = {
    "maxOccurs": (
        _header_creation_unbounded,
        HEAD + "sequence[3] Creation maxOccurs 1 != unbounded",
    ),
    "enumeration": (
        _drop_postaladr,
        "{" + BDT + "} simpleType AddressTypeType: enumeration only in left: 'postaladr'",
    ),
    "facet order": (
        _decimal52_facets_reordered,
        "{" + BDT + "} simpleType decimal52: facet order differs",
    ),
    "facet": (_string10_longer, "{" + BDT + "} simpleType String10Type: facet maxLength 10 != 11"),
    "order": (
        _swap_senders,
        HEAD + "sequence order differs: left PhysicalSenderEnergyParty, JuridicalSenderEnergyParty",
    ),
    "attribute use": (
        _party_scheme_optional,
        "{" + BDT + "} complexType Elhub_EnergyPartyIdentifierType: "
        "@schemeAgencyIdentifier use required != optional",
    ),
    "element removed": (
        _drop_payload_element,
        "{urn:no:elhub:emif:market:RequestStartOfSupply:v2} complexType RequestStartOfSupply: "
        "sequence[3] PayloadMPEvent only in left",
    ),
}


@pytest.mark.parametrize("kind", sorted(MUTATIONS))
def test_detects_mutation(our_dir: Path, tmp_path: Path, kind: str) -> None:
    mutate, expected = MUTATIONS[kind]
    copy = tmp_path / "emif"
    shutil.copytree(our_dir, copy)
    assert schema_diff.compare_dirs(our_dir, copy) == []
    mutate(copy)
    found = schema_diff.compare_dirs(our_dir, copy)
    assert any(line.startswith(expected) for line in found), found
    assert schema_diff.main([str(our_dir), str(copy)]) == 1


def test_ignores_form_only_changes(our_dir: Path, tmp_path: Path) -> None:
    """Prefixes, explicit default values and annotations are not facts."""
    copy = tmp_path / "emif"
    shutil.copytree(our_dir, copy)

    def change(root: etree._Element) -> None:
        for el in root.iter(f"{{{XS}}}element"):
            if el.getparent() is not root:
                el.set("minOccurs", el.get("minOccurs", "1"))
        for attr in root.iter(f"{{{XS}}}attribute"):
            attr.set("use", attr.get("use", "optional"))
        for note in root.findall(f"{{{XS}}}annotation"):
            root.remove(note)

    for path in copy.rglob("*.xsd"):
        _edit(path, change)
    assert schema_diff.compare_dirs(our_dir, copy) == []


# -- (c) examples validate alike -----------------------------------------------------------------


def _root_index(directory: Path) -> dict[tuple[str, str], Path]:
    """(targetNamespace, global element name) -> schema file."""
    index: dict[tuple[str, str], Path] = {}
    for path in sorted(directory.rglob("*.xsd")):
        root = etree.parse(str(path), _parser()).getroot()
        namespace = root.get("targetNamespace", "")
        for el in root.findall(f"{{{XS}}}element"):
            index[(namespace, el.get("name", ""))] = path
    return index


class _LogEntry(Protocol):
    """The part of lxml's ``_LogEntry`` we read (lxml-stubs leaves the error log untyped)."""

    line: int
    message: str


def _verdict(schema: etree.XMLSchema, document: etree._ElementTree) -> tuple[bool, int, str]:
    """(valid, line of the first error, its message)."""
    valid = schema.validate(document)
    errors = list(cast("Iterable[_LogEntry]", schema.error_log))
    if valid or not errors:
        return (valid, 0, "")
    return (False, errors[0].line, errors[0].message)


def test_examples_validate_alike(our_dir: Path, emif_reference: Path) -> None:
    ours, theirs = _root_index(our_dir), _root_index(emif_reference / "bim")
    examples = sorted((emif_reference / "examples").glob("*.xml"))
    assert examples
    cache: dict[Path, etree.XMLSchema] = {}

    def load(path: Path) -> etree.XMLSchema:
        if path not in cache:
            cache[path] = etree.XMLSchema(etree.parse(str(path), _parser()))
        return cache[path]

    verdicts: dict[str, tuple[bool, int, str]] = {}
    for example in examples:
        document = etree.parse(str(example), _parser())
        qname = etree.QName(document.getroot())
        key = (qname.namespace or "", qname.localname)
        assert key in ours, f"{example.name}: no schema of ours for {key}"
        assert key in theirs, f"{example.name}: no Elhub schema for {key}"
        mine = _verdict(load(ours[key]), document)
        elhub = _verdict(load(theirs[key]), document)
        assert mine == elhub, example.name
        verdicts[example.name] = mine
    shared = verdicts.get("RequestUpdateSharedProduction.xml")
    assert shared is not None
    assert shared[0] is False, "known invalid under Elhub's own schema"
    assert [name for name, v in verdicts.items() if not v[0]] == [
        "RequestUpdateSharedProduction.xml"
    ]
