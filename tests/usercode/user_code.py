"""Typical user code of an actor system: type-checked with ``mypy --strict`` by
``tests/test_public_api.py`` (this file is data for that test, not a test module)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import elhub_cim
from elhub_cim.domain import (
    Acknowledgement,
    AcknowledgementStatus,
    Header,
    Role,
    StartOfSupplyConfirmation,
    StartOfSupplyRequest,
)


def handle(queue_message: str, folder: Path) -> bytes:
    """A message taken off a queue as text: validate, read, answer."""
    result: elhub_cim.ValidationResult = elhub_cim.validate(elhub_cim.Text(queue_message))
    for problem in result.problems:
        print(problem.format())
    if not result.valid:
        return elhub_cim.acknowledge(elhub_cim.Text(queue_message), result).data
    request = elhub_cim.to_domain(elhub_cim.Text(queue_message), StartOfSupplyRequest)
    metering_point: str = request.metering_point
    start: datetime = request.start.datetime
    consent: str | None = request.consent_id
    print(metering_point, start, consent, request.customer.name)
    confirmation = elhub_cim.confirm(request, to="cim")
    document: StartOfSupplyConfirmation = confirmation.document
    elhub_cim.write_file(folder / f"{document.header.document_id}.xml", confirmation.data)
    return elhub_cim.acknowledge(request, to="ebix").data


def convert_file(path: Path) -> tuple[str, bytes]:
    conversion = elhub_cim.convert(path, to="cim")
    return conversion.target.name, conversion.data


def any_document(data: bytes) -> str:
    document = elhub_cim.to_domain(data)
    return f"{document.header.process} {document.header.created.datetime:%Y-%m-%d}"


def build_acknowledgement(received_id: str) -> bytes:
    header = Header(
        created=elhub_cim.elhub_timestamp(datetime.now(elhub_cim.times.OSLO)),
        sender="7080001473624",
        recipient="7080004312159",
        process="BRS-NO-102",
        role=Role.BALANCE_SUPPLIER,
    )
    ack = Acknowledgement(
        header=header, status=AcknowledgementStatus.ACCEPTED, original_document_id=received_id
    )
    return elhub_cim.from_domain(ack, to="ebix")


def dates(day: date) -> tuple[datetime, str, str, date]:
    midnight = elhub_cim.oslo_midnight(day)
    return (
        midnight,
        elhub_cim.elhub_timestamp(midnight),
        elhub_cim.cim_timestamp(day),
        elhub_cim.norwegian_date(midnight),
    )


def binary(stream_path: Path) -> object:
    with stream_path.open("rb") as stream:
        return elhub_cim.read(stream)


def errors(data: bytes) -> list[str]:
    try:
        elhub_cim.read(data)
    except elhub_cim.ElhubCimError as error:
        return [p.code for p in error.problems]
    return []


print(elhub_cim.__version__, elhub_cim.reason_codes(elhub_cim.validate(b"<x/>")))
