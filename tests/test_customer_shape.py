"""Profile 0.2, CIM-shaped customers (issue 11 point 6; docs/cim-profile.md §0.11).

The customer's names are CIM Person attributes and what Elhub knows about the customer CIM Customer
attributes, never MarketParticipant ones; a customer address is a UsagePointLocation of the metering
point (nested ``MarketEvaluationPoint/UsagePointLocation`` or, in the flat documents,
``marketEvaluationPoint.UsagePointLocation``), never a child of ``MktActivityRecord``. Every Nordic
element the profile does not use is refused on input: one case of each kind below.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree

import elhub_cim
from elhub_cim.convert import convert
from elhub_cim.core.catalog import catalog
from elhub_cim.core.errors import ElhubCimError
from elhub_cim.formats.cim import upgrade
from tests.conftest import PROJECT_ROOT

PROFILE = PROJECT_ROOT / "schemas" / "cim" / "elhub-profile-0.2"
CIM = PROJECT_ROOT / "examples" / "cim"
LEGACY = PROJECT_ROOT / "tests" / "data" / "profile-0.1"
XS = "{http://www.w3.org/2001/XMLSchema}"

# What a MarketParticipant carries in the Nordic documents: its id, its name and its role.
_PARTICIPANT = re.compile(r"_MarketParticipant\.(.+)$")
_PARTICIPANT_ATTRIBUTES = {"mRID", "name", "marketRole.type"}


def _documents() -> list[Path]:
    lists = {"codelists.xsd", "local-extension-types.xsd"}
    return sorted(p for p in PROFILE.glob("*.xsd") if p.name not in lists)


@pytest.mark.parametrize("schema", _documents(), ids=lambda p: p.stem)
def test_participants_carry_no_person_or_customer_attributes(schema: Path) -> None:
    names = [e.get("name", "") for e in etree.parse(str(schema)).iter(f"{XS}element")]
    attributes = [(n, m.group(1)) for n in names if (m := _PARTICIPANT.search(n))]
    wrong = [n for n, attribute in attributes if attribute not in _PARTICIPANT_ATTRIBUTES]
    assert wrong == [], "MarketParticipant has mRID, name, marketRole.type only (Person/Customer)"


@pytest.mark.parametrize("schema", _documents(), ids=lambda p: p.stem)
def test_no_usage_point_location_directly_on_the_record(schema: Path) -> None:
    root = etree.parse(str(schema)).getroot()
    for record in root.iterfind(f"{XS}complexType[@name='MktActivityRecord']"):
        children = [e.get("name") for e in record.iter(f"{XS}element")]
        assert "UsagePointLocation" not in children


def _fragment(xml: str, namespace: str) -> etree._Element:
    return etree.fromstring(f'<x xmlns="{namespace}">{xml}</x>')[0]


def _insert(example: str, parent: str, after: str, xml: str) -> bytes:
    """The example with ``xml`` (one element) inserted into ``parent`` after its child ``after``."""
    root = etree.fromstring((CIM / example).read_bytes())
    namespace = etree.QName(root).namespace or ""
    holder = root.find(f".//{{{namespace}}}{parent}")
    assert holder is not None, parent
    anchor = holder.find(f"{{{namespace}}}{after}")
    assert anchor is not None, after
    anchor.addnext(_fragment(xml, namespace))
    data: bytes = etree.tostring(root, encoding="UTF-8", xml_declaration=True)
    return data


# One case of each kind of "not used" Nordic element that the customer shape and the quantity
# types brought: a contact slot of a customer address (flat document, nested document), a second
# customer, a whole class, and a quantity with its unit.
_NOT_USED = [
    pytest.param(
        "RequestChangeOfSupplier_BRS-NO-102.xml",
        "marketEvaluationPoint.UsagePointLocation",
        "mainAddress",
        "<phone1><ituPhone>+4791234567</ituPhone></phone1>",
        "marketEvaluationPoint.UsagePointLocation/phone1",
        id="flat-customer-address-phone",
    ),
    pytest.param(
        "CharacteristicsOfACustomerAtAnAP_BRS-NO-305.xml",
        "UsagePointLocation",
        "attn_Names.name",
        "<electronicAddress><email1>post@example.no</email1></electronicAddress>",
        "UsagePointLocation/electronicAddress",
        id="nested-customer-address-email",
    ),
    pytest.param(
        "CharacteristicsOfACustomerAtAnAP_BRS-NO-305.xml",
        "MarketEvaluationPoint",
        "firstCustomer_MarketParticipant.name",
        '<secondCustomer_MarketParticipant.mRID codingScheme="NNO">987654325'
        "</secondCustomer_MarketParticipant.mRID>",
        "secondCustomer_MarketParticipant.mRID",
        id="second-customer",
    ),
    pytest.param(
        "AccountingPointCharacteristics_BRS-NO-102.xml",
        "MarketEvaluationPoint",
        "contractedConnectionCapacity",
        '<ratedCurrent unit="AMP">25</ratedCurrent>',
        "MarketEvaluationPoint/ratedCurrent",
        id="quantity-with-unit",
    ),
]


@pytest.mark.parametrize(("example", "parent", "after", "xml", "path"), _NOT_USED)
def test_not_used_nordic_elements_are_refused_with_line_and_path(
    example: str, parent: str, after: str, xml: str, path: str
) -> None:
    data = _insert(example, parent, after, xml)
    result = elhub_cim.validate(data, name="not-used.xml")
    problems = [p for p in result.problems if p.code == "PROFILE_NOT_USED"]
    assert len(problems) == 1, [p.format() for p in result.problems]
    assert path in problems[0].message
    assert problems[0].line is not None
    assert (problems[0].path or "").split("/")[-1].split("[")[0] == path.split("/")[-1]
    for allow_loss in (False, True):
        with pytest.raises(ElhubCimError) as caught:
            convert(data, to="ebix", name="not-used.xml", allow_loss=allow_loss)
        assert any(p.code == "PROFILE_NOT_USED" for p in caught.value.problems)


def test_rated_current_is_a_current_flow_in_amperes() -> None:
    # The Nordic CurrentFlow: a number with unit AMP; another unit is refused by the XSD.
    data = _insert(
        "AccountingPointCharacteristics_BRS-NO-102.xml",
        "MarketEvaluationPoint",
        "contractedConnectionCapacity",
        '<ratedCurrent unit="KWT">25</ratedCurrent>',
    )
    result = elhub_cim.validate(data, name="rated-current.xml")
    assert not result.valid
    assert not any(p.code == "PROFILE_NOT_USED" for p in result.problems)
    assert any("unit" in p.message for p in result.problems)


def test_a_customer_address_on_the_record_is_refused() -> None:
    # 0.1's place for it: directly on MktActivityRecord, an association CIM does not have.
    data = (CIM / "RequestChangeOfSupplier_BRS-NO-102.xml").read_bytes()
    old = data.replace(b"marketEvaluationPoint.UsagePointLocation>", b"UsagePointLocation>")
    assert old != data
    assert not elhub_cim.validate(old, name="old-address.xml").valid


_LEGACY_CUSTOMERS = [
    "RequestChangeOfSupplier_BRS-NO-102.xml",
    "AccountingPointCharacteristics_BRS-NO-102.xml",
]


@pytest.mark.parametrize("name", _LEGACY_CUSTOMERS)
def test_profile_0_1_customers_are_upgraded_to_the_0_2_shape(name: str) -> None:
    root = etree.fromstring((LEGACY / name).read_bytes())
    message_type = next(
        m for m in catalog().values() if m.namespace == etree.QName(root).namespace and m.legacy
    )
    upgraded, _ = upgrade(root, message_type)
    text = etree.tostring(upgraded).decode()
    assert "_MarketParticipant.firstName" not in text
    assert "_MarketParticipant.extendedStorageMeteringValues" not in text
    assert "_Person.firstName>" in text
    assert "_Customer.extendedStorageMeteringValues>" in text
    records = upgraded.findall("{*}MktActivityRecord")
    assert records
    assert all(r.find("{*}UsagePointLocation") is None for r in records)
    # ... and what it says is what the 0.2 example says.
    assert convert(LEGACY / name, to="ebix").data == convert(CIM / name, to="ebix").data
