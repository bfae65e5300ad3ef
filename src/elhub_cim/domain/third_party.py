"""BRS-NO-624 third-party access: the return message with the metering point's basic data.

After the end user approves a third party's access in Elhub's web page, Elhub returns the
metering point's basic data to the third party. Elhub announced (seed) that the return message
grows to: grid owner name, metering point address (street, postcode, city), consumption code,
meter number, estimated annual consumption, and estimated annual production for a plus customer
(prosumer). There is no EMIF message: the document exists in CIM
(``NotifyThirdPartyAccess_MarketDocument``) and as JSON for the REST flow (this model's JSON,
schema in ``schemas/json/brs-no-624.schema.json``).

Proposals (profile OP-17): a plus customer is a metering point of type E19 (combined consumption
and production); the estimates are CIM ``Series`` with a direction (Out = consumption, In =
production, as in the profile); a grid owner name the builder could not find is an explicit
``grid_owner_name_missing: true`` in JSON, never a silent blank.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, ClassVar

from pydantic import ConfigDict, Field, computed_field, model_validator

from .common import (
    BusinessDocument,
    DocumentDirection,
    DocumentId,
    MeteringPointId,
    PartyId,
    Text,
)
from .lookup import AnnualVolume
from .types import DomainModel, EventTime

__all__ = [
    "PLUS_CUSTOMER_TYPE",
    "AnnualEstimate",
    "EnergyDirection",
    "ThirdPartyAccessNotification",
    "ThirdPartyAddress",
    "ThirdPartyMeteringPoint",
]

#: Metering point type of a plus customer (combined consumption and production; proposal).
PLUS_CUSTOMER_TYPE = "E19"


class EnergyDirection(StrEnum):
    """Seen from the grid: Out = consumption, In = production (profile TPA_Series)."""

    CONSUMPTION = "Out"
    PRODUCTION = "In"


class AnnualEstimate(DomainModel):
    direction: EnergyDirection
    total_kwh: AnnualVolume


class ThirdPartyAddress(DomainModel):
    """The metering point's address as announced for 624: street, postcode, city."""

    street_name: Text | None = None
    building_number: Text | None = None
    postcode: Text
    city: Text
    country: Text = Field(default="NO", description="ISO 3166-1 alpha-2.")


class ThirdPartyMeteringPoint(DomainModel):
    """One metering point the third party now has access to."""

    # The JSON form carries grid_owner_name_missing (read-only, checked when read back): the
    # schema describes that form in both modes.
    model_config = ConfigDict(**DomainModel.model_config, json_schema_mode_override="serialization")

    record_id: DocumentId = Field(description="Id of this record (CIM MktActivityRecord.mRID).")
    grant_id: DocumentId | None = Field(
        default=None,
        description="Authorisation grant in Elhub's access API (consent_Agreement.mRID).",
    )
    valid_from: EventTime = Field(description="Access valid from.")
    valid_to: EventTime | None = Field(default=None, description="Access valid to.")
    metering_point: MeteringPointId
    grid_owner: PartyId | None = Field(default=None, description="Grid company (GLN).")
    grid_owner_name: Text | None = None
    metering_point_type: Text | None = Field(
        default=None, description="E17, E18, E19 (plus customer)."
    )
    meter_id: Text | None = Field(default=None, description="Meter number.")
    address: ThirdPartyAddress | None = None
    consumption_code: Text | None = Field(default=None, description="Forbrukskode.")
    annual_estimates: list[AnnualEstimate] = Field(default_factory=list, max_length=2)

    @model_validator(mode="before")
    @classmethod
    def _read_only_flag(cls, data: Any) -> Any:
        """Accept the JSON output back: the flag must agree with the data."""
        if isinstance(data, dict) and "grid_owner_name_missing" in data:
            data = dict(data)
            flag = data.pop("grid_owner_name_missing")
            if not isinstance(flag, bool):  # (0 or "false" read as a flag would be a guess)
                raise ValueError("grid_owner_name_missing is true or false")
            if flag != (data.get("grid_owner_name") is None):
                raise ValueError("grid_owner_name_missing does not agree with grid_owner_name")
        return data

    @model_validator(mode="after")
    def _estimates(self) -> ThirdPartyMeteringPoint:
        directions = [e.direction for e in self.annual_estimates]
        if len(set(directions)) != len(directions):
            raise ValueError("at most one annual estimate per direction")
        if EnergyDirection.PRODUCTION in directions and not self.plus_customer:
            raise ValueError(
                "an estimated annual production is only given for a plus customer "
                f"(metering point type {PLUS_CUSTOMER_TYPE})"
            )
        return self

    @computed_field  # type: ignore[prop-decorator]
    @property
    def grid_owner_name_missing(self) -> bool:
        """True when the grid owner's name is not given (never a silent blank)."""
        return self.grid_owner_name is None

    @property
    def plus_customer(self) -> bool:
        return self.metering_point_type == PLUS_CUSTOMER_TYPE

    def _estimate(self, direction: EnergyDirection) -> int | None:
        return next((e.total_kwh for e in self.annual_estimates if e.direction is direction), None)

    @property
    def estimated_annual_consumption_kwh(self) -> int | None:
        return self._estimate(EnergyDirection.CONSUMPTION)

    @property
    def estimated_annual_production_kwh(self) -> int | None:
        return self._estimate(EnergyDirection.PRODUCTION)


class ThirdPartyAccessNotification(BusinessDocument):
    """Elhub → third party (AG): basic data of the metering points it got access to (624)."""

    direction: ClassVar[DocumentDirection] = "from_elhub"
    # The REST form is published with a JSON Schema: read as it says ("total_kwh": true is no
    # 1 kWh, "12" no number, 0 no boolean).
    json_strict: ClassVar[bool] = True
    metering_points: list[ThirdPartyMeteringPoint] = Field(min_length=1, max_length=99)
