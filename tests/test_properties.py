"""Property tests: every generated business document survives ebIX → CIM → ebIX and
domain → CIM → domain unchanged, valid against our XSDs and Elhub's own at every step."""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from elhub_cim.convert import convert, from_domain, to_domain
from elhub_cim.mapping import document_mappings
from tests.strategies import DOCUMENTS
from tests.xmlcompare import canonical


@functools.cache
def _reference_schema(bim: Path, namespace: str) -> etree.XMLSchema:
    """Elhub's own XSD for a message namespace."""
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    for xsd in bim.rglob("*.xsd"):
        root = etree.parse(str(xsd), parser).getroot()
        if root.get("targetNamespace") == namespace:
            return etree.XMLSchema(etree.parse(str(xsd), parser))
    raise AssertionError(f"no reference schema for {namespace}")


def _check_against_elhub(data: bytes, bim: Path) -> None:
    root = etree.fromstring(data)
    schema = _reference_schema(bim, etree.QName(root).namespace or "")
    assert schema.validate(root), str(schema.error_log)


def test_every_mapped_document_has_a_strategy() -> None:
    # Completeness is tracked here: a newly mapped document without a strategy fails.
    missing = sorted(set(document_mappings()) - set(DOCUMENTS))
    assert not missing or set(missing) <= PENDING, missing


#: Mapped documents property-tested with their own feature's tests.
PENDING: set[str] = {
    "shared_production_update_request",  # tests/test_shared_production_messages.py
    "shared_production_notification",
    "upfront_request",  # tests/test_lookup.py
    "upfront_response",
    "third_party_access",  # tests/test_third_party.py
    "data_request",  # tests/test_queries.py
    "reconciliation_notification",  # tests/test_reconciliation.py
    "collected_data_request",  # tests/test_metering_request.py
    "validated_data_for_billing",  # tests/test_billing.py
    "elhub_inquiry",
    "elhub_inquiry_response",
    "grid_access_provider_inquiry",
    "grid_access_provider_inquiry_response",
    "collected_data",  # tests/test_metering.py
}


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_round_trips(name: str) -> None:
    @given(DOCUMENTS[name])
    def check(document: Any) -> None:
        ebix = from_domain(document, to="ebix")
        cim = convert(ebix, to="cim")
        assert cim.document == document
        back = convert(cim.data, to="ebix")
        assert canonical(back.data) == canonical(ebix)
        assert to_domain(cim.data) == document
        assert to_domain(from_domain(document, to="cim", pretty=False)) == document

    check()


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_generated_ebix_is_valid_against_elhubs_xsd(name: str, emif_reference: Path) -> None:
    """Conformance (needs ../shared: skips visibly without it, fails under CI)."""
    bim = emif_reference / "bim"

    @given(DOCUMENTS[name])
    def check(document: Any) -> None:
        ebix = from_domain(document, to="ebix")
        _check_against_elhub(ebix, bim)
        _check_against_elhub(convert(from_domain(document, to="cim"), to="ebix").data, bim)

    check()


@given(st.data())
def test_repr_never_shows_a_national_identity_number(data: st.DataObject) -> None:
    document = data.draw(DOCUMENTS["start_of_supply_request"])
    customer_id = document.customer.id
    assert customer_id is not None
    text = repr(document) + str(document)
    if customer_id.is_personal:
        assert customer_id.value not in text


#: Documents whose CIM form has a Nordic Ediel counterpart (docs/cim-profile.md §10).
PROJECTABLE = sorted(
    name
    for name in DOCUMENTS
    if document_mappings()[name].message_types["cim"].name
    in {"RequestChangeOfSupplier_MarketDocument", "ConfirmRequestChangeOfSupplier_MarketDocument",
        "RejectRequestChangeOfSupplier_MarketDocument", "RequestEndOfSupply_MarketDocument",
        "ConfirmRequestEndOfSupply_MarketDocument", "RejectRequestEndOfSupply_MarketDocument",
        "GenericNotification_MarketDocument", "AccountingPointCharacteristics_MarketDocument",
        "CharacteristicsOfACustomerAtAnAP_MarketDocument", "Acknowledgement_MarketDocument",
        "RequestChangeAccountingPointCharacteristics_MarketDocument",
        "RequestChangeCustomerCharacteristics_MarketDocument"}
)  # fmt: skip


@pytest.mark.parametrize("name", PROJECTABLE)
def test_nordic_projection_is_valid_and_reports_exactly_what_it_drops(
    name: str, ediel_reference: Path
) -> None:
    from elhub_cim.formats.nordic import ProjectionError
    from tests.test_projection import _check_projection

    @given(DOCUMENTS[name])
    def check(document: Any) -> None:
        cim = from_domain(document, to="cim")
        try:
            # Valid against the Nordic reference XSD, losses computed independently from it.
            _check_projection(cim, ediel_reference / "xsd")
        except ProjectionError as error:
            refused = {p.code for p in error.problems}
        else:
            refused = set()
        # Refused only for what the Nordic document cannot hold at all (roles, a missing
        # supplier): never a silent drop.
        assert refused <= {"PROJECTION_REFUSED", "PROJECTION_REQUIRED"}

    check()


def test_the_profiles_decide_every_example_count() -> None:
    """No property test fixes its own example count: `make fuzz` (profile "deep") must deepen
    all of them. Counts are set only where profiles are registered, or scaled from the loaded
    profile."""
    fixed = re.compile(r"max_examples\s*=\s*\d")
    offenders = []
    for path in sorted(Path(__file__).parent.glob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if fixed.search(line) and "register_profile" not in line:
                offenders.append(f"{path.name}:{number}: {line.strip()}")
    assert offenders == []
