"""Parts shared by the business documents: header, parties, addresses, metering point data."""

from __future__ import annotations

import json
from collections.abc import Iterable
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal, Self
from uuid import uuid4

from pydantic import BaseModel, Field, StringConstraints, ValidationError, model_validator
from pydantic_core import InitErrorDetails, PydanticCustomError

from ..core.errors import mask_identity_numbers, printable, shorten
from .types import (
    Brs,
    DomainModel,
    EndUserId,
    EventTime,
    GridAreaId,
    MeteringPointId,
    PartyId,
    Role,
    Timestamp,
)

if TYPE_CHECKING:
    from pydantic import GetJsonSchemaHandler
    from pydantic.json_schema import JsonSchemaValue
    from pydantic_core import CoreSchema

__all__ = [
    "AddressKind",
    "Cadastral",
    "Communication",
    "CommunicationChannel",
    "Coordinates",
    "CustomerAddress",
    "Direction",
    "DocumentDirection",
    "EstimatedAnnualVolume",
    "Header",
    "MeasurementDefinition",
    "Meter",
    "MeteringPointAddress",
    "MeteringPointDetails",
    "Taxation",
    "drop_empty_parts",
]

Text = Annotated[str, StringConstraints(min_length=1)]
DOCUMENT_ID_PATTERN = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"
DocumentId = Annotated[str, StringConstraints(pattern=DOCUMENT_ID_PATTERN)]


class _BrsFirst:
    """Lists :class:`Brs` first in the JSON Schema of :data:`Process`, as it always was."""

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        found = handler(schema)
        return {**found, "anyOf": found["anyOf"][::-1]}


#: A business process: a :class:`Brs` given as one, else its text. Text is tried first: a text
#: is kept as text either way (pydantic's smart union prefers the exact match), and the enum,
#: tried first, looked up every process it does not name (BRS-NO-313, ...) through the enum
#: class in Python, at a Python exception per document.
Process = Annotated[Text | Brs, _BrsFirst]


#: Which way a document travels relative to Elhub; decides the roles in a CIM header.
DocumentDirection = Literal["to_elhub", "from_elhub", "either"]


def new_document_id() -> str:
    """A fresh document identification (a random UUID, as Elhub's messages carry)."""
    return str(uuid4())


class Header(DomainModel):
    """Facts every business document carries (ebIX Header + ProcessEnergyContext, ESMP header).

    Built directly, three fields may be left out: ``document_id`` (a new UUID),
    ``physical_sender`` (the juridical ``sender``) and ``document_type``, which the business
    document fills in with its usual code (an :class:`Acknowledgement` always has 294).
    """

    document_id: DocumentId = Field(default_factory=new_document_id)
    document_type: Text = Field(
        default="",
        description="Document type code as Elhub uses it (e.g. 392, E10); left empty, the "
        "document fills in its usual one.",
    )
    created: Timestamp
    sender: PartyId = Field(description="Juridical sender (GLN).")
    recipient: PartyId = Field(description="Juridical recipient (GLN).")
    physical_sender: PartyId = Field(
        default="", description="Who physically sent it (GLN); left empty, the juridical sender."
    )
    process: Process = Field(description="The business process, e.g. BRS-NO-102.")
    role: Role = Field(description="The market party's role in the process (not Elhub's).")
    acknowledgement_requested: bool | None = None

    @model_validator(mode="before")
    @classmethod
    def _physical_sender(cls, data: Any) -> Any:
        if isinstance(data, dict) and not data.get("physical_sender") and data.get("sender"):
            data = {**data, "physical_sender": data["sender"]}
        return data


class CommunicationChannel(StrEnum):
    EMAIL = "Email"
    MOBILE = "Mobile"
    PHONE = "Phone"
    TELEFAX = "Telefax"


class Communication(DomainModel):
    """A way to reach a customer."""

    channel: CommunicationChannel
    number: Text = Field(description="Phone number or e-mail address.")
    description: Text | None = None


class AddressKind(StrEnum):
    POSTAL = "postal"
    INVOICE = "invoice"


class CustomerAddress(DomainModel):
    """A customer's postal or invoice address."""

    kind: AddressKind
    street_name: Text | None = None
    street_code: Text | None = None
    building_number: Text | None = None
    floor: Text | None = None
    room: Text | None = None
    postcode: Text
    city: Text
    city_district: Text | None = None
    municipality_code: Text | None = None
    country: Text = Field(description="ISO 3166-1 alpha-2 country code.")
    free_form: Text | None = None
    po_box: Text | None = None
    care_of: Text | None = None
    attention_of: Text | None = None
    on_behalf_of: Text | None = None


class MeteringPointAddress(DomainModel):
    """Where a metering point is."""

    street_name: Text | None = None
    street_code: Text | None = None
    building_number: Text | None = None
    floor: Text | None = None
    room: Text | None = None
    postcode: Text
    city: Text
    city_district: Text | None = None
    municipality_code: Text | None = None
    country: Text
    free_form: Text | None = None


class Coordinates(DomainModel):
    latitude: Decimal
    longitude: Decimal


class Cadastral(DomainModel):
    """Norwegian cadastral unit: gårdsnummer, bruksnummer, seksjonsnummer, festenummer."""

    farm_number: Text
    holding_number: Text
    section_number: Text | None = None
    leasehold_number: Text | None = None


class MeteringPointDetails(DomainModel):
    """Characteristics of a metering point (codes as Elhub publishes them)."""

    metering_point_type: Text | None = Field(
        default=None, description="E17 consumption, E18 production, ..."
    )
    consumption_subtype: Text | None = None
    production_subtype: Text | None = None
    meter_reading_characteristics: Text | None = None
    settlement_method: Text | None = None
    physical_status: Text | None = None
    contracted_connection_capacity: int | None = None
    installed_capacity: int | None = None
    meter_reading_start: EventTime | None = None
    meter_reading_frequency: int | None = None
    description: Text | None = None
    priority: Text | None = None
    blocked_for_switching: bool | None = None
    meter_reading_occurrence: Text | None = None


class EstimatedAnnualVolume(DomainModel):
    total_kwh: int
    calculation_method: Literal["Automatic", "Manual"]


class Meter(DomainModel):
    meter_id: Text
    number_of_digits: int | None = None
    constant: Decimal | None = None
    location: Text | None = None


class Taxation(DomainModel):
    vat_code: Text | None = None
    enova_fee_type: Text | None = None
    enova_fee: Decimal | None = None
    electricity_fee: Decimal | None = None
    electricity_certificate_share: Decimal | None = None
    consumption_code: Text | None = None
    nace_division_code: Text | None = None


class Direction(StrEnum):
    IN = "In"
    OUT = "Out"


class MeasurementDefinition(DomainModel):
    product: Text
    unit: Literal["kWh", "kvarh"]
    direction: Direction
    resolution: Text
    exclude_from_settlement: bool | None = None


def drop_empty_parts(data: Any, names: Iterable[str]) -> Any:
    """Treat an optional part given without any value as absent (profile rule R8).

    Some parts of a metering point (its details, its meter, the customer of a characteristics
    record) have no container of their own in CIM: their fields sit directly on the
    ``MarketEvaluationPoint``. Reading such a document yields an empty part when none of its
    fields is there; that is the same as no part, and an EMIF container with no children is
    written only when a child exists. Use in a ``model_validator(mode="before")``.
    """
    if not isinstance(data, dict):
        return data

    def is_empty(part: Any) -> bool:
        if isinstance(part, dict):
            return not part
        if isinstance(part, BaseModel):  # built in code: a part whose every field is unset
            return all(v is None or v == [] for v in part.__dict__.values())
        return False

    empty = [name for name in names if is_empty(data.get(name))]
    if not empty:
        return data
    return {key: value for key, value in data.items() if key not in empty}


class _Members(list[tuple[str, Any]]):
    """A JSON object's members as written: a name given twice is kept twice."""


def _shown_key(name: str) -> str:
    return shorten(printable(mask_identity_numbers(name)), 200)


def repeated_keys(json_data: str | bytes | bytearray) -> list[tuple[tuple[str | int, ...], str]]:
    """Where a JSON text gives a name twice in one object: (the path of the second, the name),
    in the order of the text. A text that is no JSON has none (pydantic says what is wrong)."""
    try:
        value = json.loads(json_data, object_pairs_hook=_Members, strict=False)
    except (ValueError, RecursionError):  # (JSONDecodeError, UnicodeDecodeError, huge numbers)
        return []
    found: list[tuple[tuple[str | int, ...], str]] = []
    # Walked by hand, not recursively: a text nested as deep as json reads stays readable here.
    stack: list[tuple[tuple[str | int, ...], Any]] = [((), value)]
    while stack:
        where, item = stack.pop()
        if isinstance(item, _Members):
            names: set[str] = set()
            for name, _ in item:
                if name in names:
                    found.append(((*where, _shown_key(name)), _shown_key(name)))
                names.add(name)
            stack += reversed([((*where, _shown_key(name)), member) for name, member in item])
        elif isinstance(item, list):
            stack += reversed([((*where, index), member) for index, member in enumerate(item)])
    return found


def _whole_numbers_as_integers(json_data: str | bytes | bytearray) -> str | None:
    """The JSON text with its whole numbers written as integers (``14500.0``, ``1.45e4``:
    ``14500``, as JSON Schema's "integer" takes them), or ``None`` when it has none to rewrite
    (or is no JSON: pydantic says what is wrong)."""
    if isinstance(json_data, bytes | bytearray) and json_data.startswith(b"\xef\xbb\xbf"):
        return None  # (json reads past a BOM, pydantic does not: refused alike either way)
    found = False

    def number(text: str) -> Any:
        nonlocal found
        value = Decimal(text)
        # (an exponent past int64's range stays a float: 1e400 is no number of kWh either)
        if value.is_finite() and value.adjusted() < 19 and value == value.to_integral_value():
            found = True
            return int(value)
        return float(text)

    try:
        value = json.loads(json_data, parse_float=number, strict=False)
    except (ValueError, RecursionError, ArithmeticError):
        return None
    return json.dumps(value) if found else None


def _masked_error(error: ValidationError, title: str) -> ValidationError:
    """``error`` with identity numbers masked in its messages and paths (a validator quoting
    the text it refused, a key given where none goes), or ``error`` itself when it holds none:
    the caller prints it."""
    details = error.errors(include_url=False, include_input=False, include_context=False)
    masked = [
        (
            tuple(
                mask_identity_numbers(step) if isinstance(step, str) else step
                for step in detail["loc"]
            ),
            mask_identity_numbers(detail["msg"]),
            detail,
        )
        for detail in details
    ]
    if all(loc == detail["loc"] and msg == detail["msg"] for loc, msg, detail in masked):
        return error
    return ValidationError.from_exception_data(
        title,
        [
            InitErrorDetails(type=PydanticCustomError(detail["type"], msg), loc=loc, input=None)
            for loc, msg, detail in masked
        ],
        input_type="json",
        hide_input=True,
    )


class BusinessDocument(DomainModel):
    """Base of every business document."""

    direction: ClassVar[DocumentDirection] = "either"
    #: The document type code a header left without one gets (``None``: it must be given).
    default_document_type: ClassVar[str | None] = None
    #: Whether :meth:`model_validate_json` reads strictly by default (a number where the
    #: document's JSON Schema says a number, not ``true`` or ``"12"``): a document whose JSON
    #: form is published with a schema (624's REST form) is read as the schema says.
    json_strict: ClassVar[bool] = False
    header: Header

    @classmethod
    def model_validate_json(
        cls,
        json_data: str | bytes | bytearray,
        *,
        strict: bool | None = None,
        extra: Literal["allow", "ignore", "forbid"] | None = None,
        context: Any | None = None,
        by_alias: bool | None = None,
        by_name: bool | None = None,
    ) -> Self:
        """As pydantic's, but a name given twice in one object is refused (pydantic keeps the
        last value: the document would say two things and be read as one of them), and strict
        by default where :attr:`json_strict` says so."""
        repeated = repeated_keys(json_data)
        if repeated:
            raise ValidationError.from_exception_data(
                cls.__name__,
                [
                    InitErrorDetails(
                        type=PydanticCustomError(
                            "duplicate_key",
                            "'{name}' is given more than once in this object: which value is "
                            "meant is ambiguous",
                            {"name": name},
                        ),
                        loc=where,
                        input=None,
                    )
                    for where, name in repeated
                ],
                input_type="json",
                hide_input=True,
            )
        strict = cls.json_strict if strict is None else strict
        if strict and cls.json_strict:  # (its schema's integers; no decimal field to change)
            json_data = _whole_numbers_as_integers(json_data) or json_data
        try:
            return super().model_validate_json(
                json_data,
                strict=strict,
                extra=extra,
                context=context,
                by_alias=by_alias,
                by_name=by_name,
            )
        except ValidationError as error:
            raise _masked_error(error, cls.__name__) from None

    @classmethod
    def model_validate(
        cls,
        obj: Any,
        *,
        strict: bool | None = None,
        extra: Literal["allow", "ignore", "forbid"] | None = None,
        from_attributes: bool | None = None,
        context: Any | None = None,
        by_alias: bool | None = None,
        by_name: bool | None = None,
    ) -> Self:
        """As pydantic's, with no identity number in its errors (masked where one was given)."""
        try:
            return super().model_validate(
                obj,
                strict=strict,
                extra=extra,
                from_attributes=from_attributes,
                context=context,
                by_alias=by_alias,
                by_name=by_name,
            )
        except ValidationError as error:
            raise _masked_error(error, cls.__name__) from None

    @model_validator(mode="after")
    def _fill_document_type(self) -> BusinessDocument:
        if not self.header.document_type:
            if self.default_document_type is None:
                raise ValueError(
                    f"header.document_type is required for {type(self).__name__} "
                    "(it has no single usual code)"
                )
            header = self.header.model_copy(update={"document_type": self.default_document_type})
            object.__setattr__(self, "header", header)
        return self


# Re-exported for the document modules.
__all__ += [
    "BusinessDocument",
    "DocumentId",
    "EndUserId",
    "GridAreaId",
    "MeteringPointId",
    "PartyId",
    "Text",
]
