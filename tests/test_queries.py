"""Queries (BRS-NO-315, 601, 602): generated documents convert ebIX → CIM → ebIX exactly, domain →
CIM → domain is the identity, every output is valid against our XSDs and Elhub's; the examples
and what the documents refuse."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import elhub_cim
from elhub_cim.convert import convert, from_domain, to_domain
from elhub_cim.core.errors import BindingError, ElhubCimError
from elhub_cim.domain import (
    BusinessType,
    DataRequest,
    ElhubInquiry,
    ElhubInquiryResponse,
    GridAccessProviderInquiry,
    GridAccessProviderInquiryResponse,
    QueryPeriod,
    QueryType,
    Role,
)
from elhub_cim.formats.cimjson import to_json
from elhub_cim.mapping import document_mappings
from tests.conftest import PROJECT_ROOT
from tests.strategies import ELHUB_GLN, gsrns, headers, optional, timestamps, uuids
from tests.test_properties import _check_against_elhub
from tests.xmlcompare import canonical

#: Free text as EMIF's xs:string carries it: any character XML can hold, spaces kept.
_CHARS = st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"))


def texts(max_size: int) -> st.SearchStrategy[str]:
    return st.text(_CHARS, min_size=1, max_size=max_size)


grid_areas = st.from_regex(r"50Y[A-Z0-9]{12}[A-Z0-9-]", fullmatch=True)


@st.composite
def periods(draw: st.DrawFn) -> QueryPeriod:
    start = draw(timestamps())
    end = draw(timestamps())
    if end.datetime == start.datetime:
        end = draw(timestamps().filter(lambda t: t.datetime != start.datetime))
    if end.datetime < start.datetime:
        start, end = end, start
    return QueryPeriod(start=start, end=end)


@st.composite
def data_requests(draw: st.DrawFn) -> DataRequest:
    process = draw(st.sampled_from(["BRS-NO-315", "BRS-NO-303", "BRS-NO-324"]))
    role = draw(st.sampled_from([Role.BALANCE_SUPPLIER, Role.GRID_ACCESS_PROVIDER]))
    return DataRequest(
        header=draw(headers("21", process, role)),
        query_type=draw(st.sampled_from(list(QueryType))),
        snapshot=draw(optional(timestamps(max_decimals=9))),
        business_type=draw(optional(st.sampled_from(list(BusinessType)))),
        period=draw(optional(periods())),
        metering_point=draw(optional(gsrns)),
        grid_area=draw(optional(grid_areas)),
    )


@st.composite
def elhub_inquiries(draw: st.DrawFn) -> ElhubInquiry:
    header = draw(headers("21", "BRS-NO-602", draw(st.sampled_from(list(Role)))))
    return ElhubInquiry(
        header=header,
        category=draw(texts(18)),
        subject=draw(texts(40)),
        request=draw(texts(300)),
        metering_point=draw(gsrns),
    )


@st.composite
def elhub_inquiry_responses(draw: st.DrawFn) -> ElhubInquiryResponse:
    header = draw(headers("21", "BRS-NO-602", draw(st.sampled_from(list(Role)))))
    return ElhubInquiryResponse(
        header=header,
        original_document_id=draw(uuids),
        category=draw(texts(18)),
        subject=draw(texts(40)),
        request=draw(texts(300)),
        feedback=draw(texts(300)),
        metering_point=draw(gsrns),
    )


def _either_way(draw: st.DrawFn, role: Role) -> Any:
    # 601 travels to Elhub and from Elhub: Elhub is told by its GLN.
    header = draw(headers("21", "BRS-NO-601", role))
    if draw(st.booleans()):
        return header.model_copy(update={"sender": ELHUB_GLN, "physical_sender": ELHUB_GLN})
    return header.model_copy(update={"recipient": ELHUB_GLN})


@st.composite
def grid_inquiries(draw: st.DrawFn) -> GridAccessProviderInquiry:
    return GridAccessProviderInquiry(
        header=_either_way(draw, Role.BALANCE_SUPPLIER),
        category=draw(texts(18)),
        subject=draw(texts(40)),
        public_request=draw(optional(texts(300))),
        private_request=draw(optional(texts(300))),
        metering_point=draw(gsrns),
    )


@st.composite
def grid_inquiry_responses(draw: st.DrawFn) -> GridAccessProviderInquiryResponse:
    return GridAccessProviderInquiryResponse(
        header=_either_way(draw, Role.GRID_ACCESS_PROVIDER),
        original_document_id=draw(uuids),
        category=draw(optional(texts(18))),
        subject=draw(optional(texts(40))),
        public_request=draw(optional(texts(300))),
        private_request=draw(optional(texts(300))),
        public_feedback=draw(optional(texts(300))),
        private_feedback=draw(optional(texts(300))),
        metering_point=draw(optional(gsrns)),
    )


QUERY_DOCUMENTS: dict[str, st.SearchStrategy[Any]] = {
    "data_request": data_requests(),
    "elhub_inquiry": elhub_inquiries(),
    "elhub_inquiry_response": elhub_inquiry_responses(),
    "grid_access_provider_inquiry": grid_inquiries(),
    "grid_access_provider_inquiry_response": grid_inquiry_responses(),
}


def test_every_query_document_is_mapped_and_generated() -> None:
    mappings = document_mappings()
    assert set(QUERY_DOCUMENTS) <= set(mappings)
    assert mappings["data_request"].model is DataRequest
    assert mappings["elhub_inquiry_response"].model is ElhubInquiryResponse


@pytest.mark.parametrize("name", sorted(QUERY_DOCUMENTS))
def test_round_trips(name: str) -> None:
    @given(QUERY_DOCUMENTS[name])
    def check(document: Any) -> None:
        ebix = from_domain(document, to="ebix")
        cim = convert(ebix, to="cim")
        assert cim.document == document
        back = convert(cim.data, to="ebix")
        assert canonical(back.data) == canonical(ebix)
        assert to_domain(cim.data) == document
        assert to_domain(from_domain(document, to="cim", pretty=False)) == document
        assert to_domain(to_json(cim.data)) == document  # CIM JSON too

    check()


@pytest.mark.parametrize("name", sorted(QUERY_DOCUMENTS))
def test_generated_ebix_is_valid_against_elhubs_xsd(name: str, emif_reference: Path) -> None:
    bim = emif_reference / "bim"

    @given(QUERY_DOCUMENTS[name])
    def check(document: Any) -> None:
        _check_against_elhub(from_domain(document, to="ebix"), bim)

    check()


def test_times_are_utc_in_cim_and_oslo_in_ebix() -> None:
    example = PROJECT_ROOT / "examples" / "ebix" / "RequestDataFromElhub-master-data.xml"
    cim = convert(example, to="cim").data.decode()
    # SnapShotOccurrence 2026-05-01T00:00:00+02:00 (Oslo midnight, summer time).
    assert "<cim:snapshot_DateAndOrTime.dateTime>2026-04-30T22:00:00Z<" in cim
    assert "<cim:type>Z01</cim:type>" in cim
    assert "<cim:process.processType>NO303</cim:process.processType>" in cim


def test_a_period_needs_both_ends_in_cim() -> None:
    cim = (PROJECT_ROOT / "examples" / "cim" / "RequestDataFromElhub_BRS-NO-315.xml").read_bytes()
    without_end = b"".join(
        line for line in cim.splitlines(keepends=True) if b"end_DateAndOrTime" not in line
    )
    with pytest.raises(BindingError) as caught:
        to_domain(without_end)
    assert {p.code for p in caught.value.problems} == {"DOMAIN_INVALID"}
    assert any("period.end" in p.message for p in caught.value.problems)


def test_a_period_must_end_after_it_starts() -> None:
    with pytest.raises(ValueError, match="end must be after start"):
        QueryPeriod.model_validate(
            {"start": "2026-03-01T00:00:00+01:00", "end": "2026-03-01T00:00:00+01:00"}
        )


def test_another_process_is_refused_by_name() -> None:
    example = PROJECT_ROOT / "examples" / "ebix" / "RequestToElhub.xml"
    data = example.read_bytes().replace(b"BRS-NO-602", b"BRS-NO-601")
    with pytest.raises(ElhubCimError) as caught:
        convert(data, to="cim")
    assert {p.code for p in caught.value.problems} == {"CONVERT_UNSUPPORTED"}


def test_a_foreign_document_type_is_a_named_loss() -> None:
    example = PROJECT_ROOT / "examples" / "ebix" / "ResponseFromElhub.xml"
    data = example.read_bytes().replace(b'"6">21<', b'"6">392<')
    with pytest.raises(ElhubCimError) as caught:
        convert(data, to="cim")
    assert any("document type '392'" in p.message for p in caught.value.problems)
    allowed = convert(data, to="cim", allow_loss=True)
    assert len(allowed.losses) == 1


@pytest.mark.parametrize(
    ("example", "wrong"),
    [
        ("RequestToElhub.xml", b"BRS-NO-601"),
        ("ResponseFromGridAccessProvider.xml", b"BRS-NO-602"),
        ("RequestDataFromElhub.xml", b"BRS-NO-611"),
    ],
)
def test_validate_names_a_process_the_document_does_not_serve(example: str, wrong: bytes) -> None:
    """What convert refuses (CONVERT_UNSUPPORTED), validate reports first (rules DP-3..DP-5)."""
    data = (PROJECT_ROOT / "examples" / "ebix" / example).read_bytes()
    process = data.split(b'listAgencyIdentifier="89">', 1)[1].split(b"<", 1)[0]
    assert elhub_cim.validate(data).valid
    result = elhub_cim.validate(data.replace(b">" + process + b"<", b">" + wrong + b"<"))
    assert {p.code for p in result.problems} == {"X-NO_PROCESS_NOT_FOR_DOCUMENT"}
    assert not result.valid
