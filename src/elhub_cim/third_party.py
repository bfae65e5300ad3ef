"""Build the BRS-NO-624 return message from what Elhub already has about a metering point.

The basic data comes from a 611 response payload (:class:`~elhub_cim.domain.lookup.
UpfrontMeteringPoint`) or a NotifyMeteringPointCharacteristics payload
(:class:`~elhub_cim.domain.MeteringPointCharacteristics`); the grid owner's *name* is in neither,
so the caller provides a party register: a ``Mapping[str, str]`` (GLN → name) or any object with
``name_of(gln) -> str | None``. A name that cannot be found is an error
(:class:`MissingGridOwnerNameError`) unless ``allow_missing_name=True``, and then the result says
so explicitly (``grid_owner_name_missing: true``), never with a silent blank.

    from elhub_cim.third_party import build_third_party_access

    message = build_third_party_access(
        response, register={"7080005188463": "Skaun Nett AS"}, recipient="7080006551280",
        valid_from="2026-10-05T12:00:00Z", grant_id="e8594e31-147c-487e-8a99-169a5b4cc4da",
    )
    message.model_dump_json()                    # the REST form
    elhub_cim.convert.from_domain(message, "cim")  # NotifyThirdPartyAccess_MarketDocument
"""

from __future__ import annotations

import json
import uuid
from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from .core.errors import ElhubCimError, Problem, mask_identity_numbers
from .core.profile import to_oslo
from .domain import Header, MeteringPointCharacteristics, MeteringPointCharacteristicsNotification
from .domain.lookup import UpfrontMeteringPoint, UpfrontResponse
from .domain.third_party import (
    PLUS_CUSTOMER_TYPE,
    AnnualEstimate,
    EnergyDirection,
    ThirdPartyAccessNotification,
    ThirdPartyAddress,
    ThirdPartyMeteringPoint,
)
from .domain.types import Role, Timestamp

__all__ = [
    "ELHUB_GLN",
    "JSON_SCHEMA_FILE",
    "MissingGridOwnerNameError",
    "PartyRegister",
    "build_third_party_access",
    "json_schema",
    "third_party_metering_point",
    "write_json_schema",
]

#: Elhub's GLN as sender (production systems pass theirs).
ELHUB_GLN = "7080010000002"
JSON_SCHEMA_FILE = Path("schemas") / "json" / "brs-no-624.schema.json"
PRODUCTION_ONLY_TYPE = "E18"


@runtime_checkable
class PartyRegister(Protocol):
    """Anything that knows market parties' names by GLN."""

    def name_of(self, gln: str) -> str | None: ...


Register = Mapping[str, str] | PartyRegister
#: One metering point's record, as a 611 response or a characteristics notification holds it.
PointRecord = UpfrontMeteringPoint | MeteringPointCharacteristics
#: What the 624 message is built from: a message whose metering points it grants, or records.
Points = (
    UpfrontResponse | MeteringPointCharacteristicsNotification | PointRecord | Sequence[PointRecord]
)


class MissingGridOwnerNameError(ElhubCimError):
    """The grid owner's name is unknown (pass ``allow_missing_name=True`` to send it without)."""

    default_code = "NO624_GRID_OWNER_NAME_MISSING"


def _name(register: Register, gln: str | None) -> str | None:
    if gln is None:
        return None
    name = register.name_of(gln) if isinstance(register, PartyRegister) else register.get(gln)
    if name is not None and not isinstance(name, str):
        raise TypeError(
            f"the party register's name of {gln} is of type {type(name).__name__}, not str"
        )
    # A name of spaces is no name: the message would carry a blank, neither a name nor the
    # explicit grid_owner_name_missing.
    return (name or "").strip() or None


def _address(source: PointRecord) -> ThirdPartyAddress | None:
    address = source.metering_point_address
    if address is None:
        return None
    return ThirdPartyAddress(
        street_name=address.street_name,
        building_number=address.building_number,
        postcode=address.postcode,
        city=address.city,
        country=address.country,
    )


def _facts(source: PointRecord) -> tuple[str | None, str | None, str | None, int | None]:
    """(grid owner, metering point type, consumption code, estimated annual volume)."""
    volume = source.estimated_annual_volume.total_kwh if source.estimated_annual_volume else None
    kind = source.details.metering_point_type if source.details else None
    if isinstance(source, UpfrontMeteringPoint):
        code = source.classification.consumption_code if source.classification else None
        return source.grid_access_provider, kind, code, volume
    code = source.taxation.consumption_code if source.taxation else None
    return None, kind, code, volume  # NotifyMeteringPointCharacteristics names no grid owner


def _uuid_text(value: str | None) -> str | None:
    """A UUID as the profile writes it, in lower case (one given in upper case is the same)."""
    return value.lower() if value is not None else None


def _elhub_time(value: str | datetime) -> Timestamp:
    """``value`` checked as a timestamp and written in Elhub's convention (Oslo offset, its
    decimals kept): what the message's CIM form reads back as (R3), whatever form was given."""
    try:
        return Timestamp(to_oslo(str(Timestamp(value))))
    except ElhubCimError:  # (DATE_OUT_OF_RANGE: its problems are masked where shown)
        raise
    except ValueError as error:  # (it quotes the text: an identity number given by mistake)
        raise ValueError(mask_identity_numbers(str(error))) from None


def third_party_metering_point(
    source: PointRecord,
    register: Register,
    *,
    valid_from: str | datetime,
    valid_to: str | datetime | None = None,
    grant_id: str | None = None,
    record_id: str | None = None,
    grid_owner: str | None = None,
    estimated_annual_production_kwh: int | None = None,
    allow_missing_name: bool = False,
) -> ThirdPartyMeteringPoint:
    """One 624 record from a 611 response payload or a master data payload.

    ``grid_owner`` (GLN) overrides or supplies the grid owner (a master data payload has none).
    The estimated annual volume of the source is the consumption estimate, except for a pure
    production point (E18), whose estimate is not given (production only for plus customers).
    The production estimate of a plus customer (E19) comes from ``estimated_annual_production_kwh``
    (neither source message carries it separately).
    """
    production = estimated_annual_production_kwh
    if production is not None and (isinstance(production, bool) or not isinstance(production, int)):
        # (pydantic would take True for 1 kWh and "4100" for a number)
        raise TypeError(
            f"the estimated annual production of {source.metering_point} is a whole number of "
            f"kWh (int), not {type(production).__name__}"
        )
    start = _elhub_time(valid_from)
    end = _elhub_time(valid_to) if valid_to is not None else None
    if end is not None and end.datetime <= start.datetime:
        # Instants, not texts: 12:00Z and 14:00+02:00 are the same moment.
        raise ValueError(f"access valid to {end} is not after valid from {start}")
    owner, kind, code, volume = _facts(source)
    owner = grid_owner or owner
    name = _name(register, owner)
    if name is None and not allow_missing_name:
        raise MissingGridOwnerNameError(
            [
                Problem(
                    MissingGridOwnerNameError.default_code,
                    f"metering point {source.metering_point}: no name for grid owner "
                    + (owner or "(unknown: pass grid_owner)")
                    + " in the party register",
                )
            ]
        )
    estimates: list[AnnualEstimate] = []
    if volume is not None and kind != PRODUCTION_ONLY_TYPE:
        estimates.append(AnnualEstimate(direction=EnergyDirection.CONSUMPTION, total_kwh=volume))
    if estimated_annual_production_kwh is not None:
        if kind != PLUS_CUSTOMER_TYPE:
            raise ValueError(
                f"metering point {source.metering_point} is not a plus customer "
                f"(type {kind}): no production estimate"
            )
        estimates.append(
            AnnualEstimate(
                direction=EnergyDirection.PRODUCTION, total_kwh=estimated_annual_production_kwh
            )
        )
    return ThirdPartyMeteringPoint(
        record_id=_uuid_text(record_id) or str(uuid.uuid4()),
        grant_id=_uuid_text(grant_id),
        valid_from=start,
        valid_to=end,
        metering_point=source.metering_point,
        grid_owner=owner,
        grid_owner_name=name,
        metering_point_type=kind,
        meter_id=source.meter.meter_id if source.meter else None,
        address=_address(source),
        consumption_code=code,
        annual_estimates=estimates,
    )


def _sources(
    source: Points,
) -> list[PointRecord]:
    if isinstance(source, UpfrontResponse | MeteringPointCharacteristicsNotification):
        return list(source.metering_points)
    if isinstance(source, UpfrontMeteringPoint | MeteringPointCharacteristics):
        return [source]
    records = list(source) if isinstance(source, Sequence) else None
    if records is None or not all(
        isinstance(r, UpfrontMeteringPoint | MeteringPointCharacteristics) for r in records
    ):
        # (a path or the bytes of a message: the caller reads it with to_domain first)
        raise TypeError(
            "build_third_party_access() takes a 611 response, a characteristics notification or "
            f"their metering point records, not {type(source).__name__}: "
            "elhub_cim.to_domain(path) reads one"
        )
    return records


def _in_force(records: list[PointRecord], start: Timestamp) -> list[PointRecord]:
    """One record per metering point: a characteristics notification may hold a point's
    history (records valid one after the other), and the 624 message gave the third party the
    old meter and address beside the current ones. Of several records of a point, the one in
    force when the access starts; none or several is an error naming the point."""
    counts = Counter(item.metering_point for item in records)
    if all(n == 1 for n in counts.values()):
        return records
    moment = start.datetime
    chosen: list[PointRecord] = []
    problems: list[str] = []
    for point in counts:
        mine = [item for item in records if item.metering_point == point]
        if len(mine) > 1:
            mine = [
                item
                for item in mine
                if isinstance(item, MeteringPointCharacteristics)
                and item.start.datetime <= moment
                and (item.end is None or moment < item.end.datetime)
            ]
            if len(mine) != 1:
                problems.append(f"{point} ({counts[point]} records, {len(mine)} in force)")
                continue
        chosen += mine
    if problems:
        raise ValueError(
            f"metering point {', '.join(problems)} when the access starts ({start}): the 624 "
            "message takes one record per metering point, the one in force then"
        )
    return chosen


def build_third_party_access(
    source: Points,
    *,
    register: Register,
    recipient: str,
    valid_from: str | datetime,
    valid_to: str | datetime | None = None,
    grant_id: str | None = None,
    sender: str = ELHUB_GLN,
    document_id: str | None = None,
    created: str | datetime | None = None,
    grid_owner: str | None = None,
    production: Mapping[str, int] | None = None,
    allow_missing_name: bool = False,
) -> ThirdPartyAccessNotification:
    """The 624 return message for the metering points of ``source``.

    ``production``: estimated annual production (kWh) by metering point id, for plus customers.
    Times (``valid_from``, ``valid_to``, ``created``: text or aware ``datetime``) are written in
    Elhub's convention, Oslo offsets, as the message's CIM form reads back.
    Every missing grid owner name is reported at once (one error naming them all). Of a
    metering point's several records (a characteristics notification's history), the one in force
    at ``valid_from`` is used.
    """
    points: list[ThirdPartyMeteringPoint] = []
    problems: list[Problem] = []
    records = _in_force(_sources(source), _elhub_time(valid_from))
    # An estimate for a point the message does not grant would be dropped without a word.
    strangers = sorted(set(production or {}) - {item.metering_point for item in records})
    if strangers:
        raise ValueError(
            mask_identity_numbers(
                f"estimated annual production given for {', '.join(strangers)}: not a "
                "metering point of this message"
            )
        )
    for item in records:
        try:
            points.append(
                third_party_metering_point(
                    item,
                    register,
                    valid_from=valid_from,
                    valid_to=valid_to,
                    grant_id=grant_id,
                    grid_owner=grid_owner,
                    estimated_annual_production_kwh=(production or {}).get(item.metering_point),
                    allow_missing_name=allow_missing_name,
                )
            )
        except MissingGridOwnerNameError as error:
            problems += error.problems
    if problems:
        raise MissingGridOwnerNameError(problems)
    header = Header(
        document_id=_uuid_text(document_id) or str(uuid.uuid4()),
        document_type="E07",
        # Now, in whole seconds and Elhub's convention (what a CIM round trip gives back, R3).
        created=_elhub_time(created or f"{datetime.now(UTC):%Y-%m-%dT%H:%M:%S}Z"),
        sender=sender,
        recipient=recipient,
        physical_sender=sender,
        process="BRS-NO-624",
        role=Role.THIRD_PARTY,
    )
    return ThirdPartyAccessNotification(header=header, metering_points=points)


def json_schema() -> dict[str, Any]:
    """JSON Schema of the 624 message's JSON (REST) form: what ``model_dump_json`` writes."""
    schema = ThirdPartyAccessNotification.model_json_schema(mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "urn:x-elhub-cim:json:brs-no-624:0:1"
    schema["title"] = "BRS-NO-624 third-party access: return message (elhub-cim proposal)"
    return schema


def write_json_schema(root: str | Path = ".") -> Path:
    """Write ``schemas/json/brs-no-624.schema.json`` below ``root`` (the repository)."""
    target = Path(root) / JSON_SCHEMA_FILE
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n", "utf-8")
    return target


if __name__ == "__main__":
    print(write_json_schema(Path(__file__).resolve().parents[2]))
