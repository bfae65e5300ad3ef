"""Hypothesis strategies of the master data documents (BRS-NO-302) and third-party access
(BRS-NO-622); registered in :data:`tests.strategies.DOCUMENTS`."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from elhub_cim.domain import Role
from elhub_cim.domain.common import Direction, MeasurementDefinition
from elhub_cim.domain.customer_update import CustomerInformationUpdateRequest
from elhub_cim.domain.master_data import (
    MeteringPointMasterDataUpdate,
    MeteringPointMasterDataUpdateRequest,
)
from elhub_cim.domain.shared_production import UpdateIndicator
from elhub_cim.domain.third_party_update import ThirdPartyAccessUpdateRequest
from tests import strategies as base
from tests.test_lookup import addresses as metering_point_addresses
from tests.test_lookup import cim_durations, details, eics, enumeration, meters

#: EMIF's request carries the generic measurement definition: no ExcludeFromSettlement.
request_definitions = st.builds(
    MeasurementDefinition,
    product=st.sampled_from(enumeration("Elhub_ProductIdentifierCode")),
    unit=st.sampled_from(["kWh", "kvarh"]),
    direction=st.sampled_from(list(Direction)),
    # What CIM carries exactly (as tests/strategies.py measurement_definitions; N: no element).
    resolution=st.sampled_from([*cim_durations("ChannelResolutionType"), "N"]),
)


@st.composite
def master_data_updates(draw: st.DrawFn) -> MeteringPointMasterDataUpdate:
    return MeteringPointMasterDataUpdate(
        record_id=draw(base.optional(base.uuids)),
        original_document_id=draw(base.optional(base.uuids)),
        start=draw(base.optional(base.timestamps())),
        metering_point=draw(base.gsrns),
        grid_area=draw(base.optional(eics())),
        metering_point_address=draw(base.optional(metering_point_addresses)),
        coordinates=draw(base.optional(base.coordinates)),
        cadastral=draw(base.optional(base.cadastral)),
        details=draw(base.optional(details)),
        estimated_annual_volume=draw(base.optional(base.annual_volumes)),
        meter=draw(base.optional(meters)),
        taxation=draw(base.optional(base.taxation)),
        measurement_definitions=draw(st.lists(request_definitions, max_size=3)),
    )


@st.composite
def master_data_update_requests(draw: st.DrawFn) -> MeteringPointMasterDataUpdateRequest:
    return MeteringPointMasterDataUpdateRequest(
        header=draw(base.headers("E58", "BRS-NO-302", Role.GRID_ACCESS_PROVIDER)),
        metering_points=draw(st.lists(master_data_updates(), min_size=1, max_size=3)),
    )


@st.composite
def third_party_access_update_requests(draw: st.DrawFn) -> ThirdPartyAccessUpdateRequest:
    return ThirdPartyAccessUpdateRequest(
        header=draw(base.headers("E10", "BRS-NO-622", Role.THIRD_PARTY)),
        end=draw(base.optional(base.timestamps())),
        update_indicator=draw(st.sampled_from(list(UpdateIndicator))),
        metering_point=draw(base.gsrns),
        extended_storage_metering_values=draw(st.sampled_from([None, True])),
    )


@st.composite
def customer_information_update_requests(draw: st.DrawFn) -> CustomerInformationUpdateRequest:
    return CustomerInformationUpdateRequest(
        header=draw(base.headers("E10", "BRS-NO-301", Role.BALANCE_SUPPLIER)),
        start=draw(base.optional(base.timestamps())),
        metering_point=draw(base.gsrns),
        customer=draw(base.customers(nace=False)),
        customer_addresses=draw(base.address_lists()),
    )


MASTER_DATA_DOCUMENTS: dict[str, st.SearchStrategy[Any]] = {
    "customer_information_update_request": customer_information_update_requests(),
    "master_data_update_request": master_data_update_requests(),
    "third_party_access_update_request": third_party_access_update_requests(),
}
