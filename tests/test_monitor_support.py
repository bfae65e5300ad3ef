"""Helpers for the monitor tests (events in CSV or Parquet, message files from our examples),
with a few checks of the helpers themselves."""

# ruff: noqa: S608 (tests build SQL from their own constants)

from __future__ import annotations

import csv
import uuid
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from elhub_cim.monitor import Report, run_report
from elhub_cim.monitor.report import MeasureResult
from elhub_cim.monitor.schema import COLUMN_NAMES
from tests.conftest import PROJECT_ROOT

EBIX = PROJECT_ROOT / "examples" / "ebix"
CIM = PROJECT_ROOT / "examples" / "cim"
ACTOR = "7080004312159"  # Nordlys Kraft AS in our examples
OTHER = "7080005842198"  # Boligdata Søk AS
ELHUB = "7080001473624"


def event(
    time: str = "2026-03-10T10:00:00Z",
    *,
    actor: str = ACTOR,
    kind: str = "query611",
    metering_points: str = "1",
    subject: str = "",
    purpose: str = "",
    outcome: str = "approved",
    brs: str = "",
    document_id: str = "",
    source_file: str = "",
) -> dict[str, str]:
    """One CSV row (all text); a start_of_supply event gets BRS-NO-102 and no outcome."""
    if kind == "start_of_supply":
        outcome = ""
        brs = brs or "BRS-NO-102"
    return {
        "actor": actor,
        "event_time": time,
        "kind": kind,
        "metering_points": metering_points,
        "subject": subject,
        "purpose": purpose,
        "outcome": outcome,
        "brs": brs,
        "document_id": document_id,
        "source_file": source_file,
    }


def write_csv(
    path: Path, rows: Iterable[dict[str, str]], columns: Sequence[str] = COLUMN_NAMES
) -> Path:
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=list(columns), extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def write_parquet(path: Path, select: str) -> Path:
    """``select`` over ``range(n) r(i)`` with the schema's columns, written with DuckDB."""
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    escaped = str(path).replace("'", "''")
    con.execute(f"COPY ({select}) TO '{escaped}' (FORMAT parquet)")
    con.close()
    return path


def bulk(
    n: int,
    *,
    start: str = "2026-03-10 10:00:00+00",
    spread_seconds: int = 3000,
    actor: str = ACTOR,
    kind: str = "query611",
    outcome: str | None = "approved",
    purpose: str | None = None,
    subjects: int | None = None,
    brs: str | None = None,
) -> str:
    """SQL for ``n`` events from ``start`` within ``spread_seconds`` (default: one hour)."""

    def text(value: str | None) -> str:
        return "NULL::VARCHAR" if value is None else f"'{value}'"

    subject = "NULL::BIGINT" if subjects is None else f"(i % {subjects})::BIGINT"
    return (
        f"SELECT '{actor}' AS actor, "
        f"TIMESTAMPTZ '{start}' + to_microseconds((i * {spread_seconds} * 1000000) // {n}) "
        f"AS event_time, '{kind}' AS kind, 1 AS metering_points, {subject} AS subject, "
        f"{text(purpose)} AS purpose, {text(outcome)} AS outcome, {text(brs)} AS brs, "
        f"NULL::VARCHAR AS document_id, NULL::VARCHAR AS source_file FROM range({n}) r(i)"
    )


def report_of(paths: Path | Sequence[Path], **options: Any) -> Report:
    return run_report([paths] if isinstance(paths, Path) else list(paths), **options)


def measure(report: Report, key: str, actor: str = ACTOR) -> MeasureResult:
    for result in report.actors:
        if result.actor == actor:
            return result.measures[key]
    raise AssertionError(f"actor {actor} not in the report")


# -- message files made from our examples ------------------------------------------------------

REQUEST_ID = "1335ef0c-1cc2-4706-a61b-4d152b413286"
REQUEST_CREATED = "2026-04-09T15:48:30+02:00"
REQUEST_MP = "707057500733154194"
RESPONSE_REF = "fbca7115-9a50-4af0-8c57-f5f208d86804"
RESPONSE_ID = "071cccec-5702-463c-b92f-36591cbf3d29"
RESPONSE_CREATED = "2026-05-26T12:14:43+02:00"
ACK_ID = "5e73f420-6642-427f-840f-dd66f0aa94d2"
ACK_REF = "53d2b772-07b3-4713-a2cc-119dd7290413"
ACK_CREATED = "2026-06-02T02:17:52+02:00"


def request_xml(
    *,
    document_id: str | None = None,
    created: str = REQUEST_CREATED,
    sender: str = ACTOR,
    metering_point: str = REQUEST_MP,
    purpose: str = "StartOfSupply",
) -> tuple[str, str]:
    """A 611 verify request (our example with new values); returns (id, XML text)."""
    identifier = document_id or str(uuid.uuid4())
    text = (EBIX / "RequestUpfrontMeteringPointCharacteristics.xml").read_text(encoding="utf-8")
    text = text.replace(REQUEST_ID, identifier).replace(REQUEST_CREATED, created)
    text = text.replace(f">{ACTOR}<", f">{sender}<").replace(REQUEST_MP, metering_point)
    text = text.replace(">StartOfSupply<", f">{purpose}<")
    return identifier, text


def response_xml(
    reference: str,
    *,
    recipient: str = ACTOR,
    created: str = RESPONSE_CREATED,
    points: int = 3,
) -> str:
    """A 611 response (our example) answering ``reference`` with its first ``points`` payloads."""
    text = (EBIX / "ResponseUpfrontMeteringPointCharacteristics.xml").read_text(encoding="utf-8")
    text = text.replace(RESPONSE_ID, str(uuid.uuid4())).replace(RESPONSE_REF, reference)
    text = text.replace(f">{OTHER}<", f">{recipient}<").replace(RESPONSE_CREATED, created)
    if points < 3:
        head, *payloads = text.split("  <rsm:PayloadMasterDataMPEvent>")
        tail = payloads[-1].split("</rsm:ResponseUpfrontMeteringPointCharacteristics>")[0]
        payloads[-1] = tail
        body = "".join("  <rsm:PayloadMasterDataMPEvent>" + p for p in payloads[:points])
        text = head + body + "</rsm:ResponseUpfrontMeteringPointCharacteristics>\n"
    return text


def rejection_xml(
    reference: str,
    *,
    recipient: str = ACTOR,
    created: str = ACK_CREATED,
    brs: str = "BRS-NO-611",
) -> str:
    """A negative acknowledgement (status 41) of ``reference`` (our example, changed)."""
    text = (EBIX / "Acknowledgement-rejected.xml").read_text(encoding="utf-8")
    text = text.replace(ACK_ID, str(uuid.uuid4())).replace(ACK_REF, reference)
    text = text.replace(">7080005188463<", f">{recipient}<").replace(ACK_CREATED, created)
    return text.replace(">BRS-NO-313<", f">{brs}<")


def start_of_supply_xml(
    *, sender: str = ACTOR, created: str = "2026-04-14T10:12:03.482+02:00", brs: str = "BRS-NO-102"
) -> str:
    text = (EBIX / "RequestStartOfSupply-move-in.xml").read_text(encoding="utf-8")
    text = text.replace("6eff62eb-b950-4e77-b341-ddc0d4de954c", str(uuid.uuid4()))
    text = text.replace("2026-04-14T10:12:03.482+02:00", created)
    text = text.replace(
        f'<abie:JuridicalSenderEnergyParty>\n      <abie:Identification schemeAgencyIdentifier="9">'
        f"{ACTOR}<",
        f'<abie:JuridicalSenderEnergyParty>\n      <abie:Identification schemeAgencyIdentifier="9">'
        f"{sender}<",
    )
    return text.replace(">BRS-NO-102<", f">{brs}<")


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


# -- the helpers themselves ----------------------------------------------------------------------


def test_generated_messages_are_valid(tmp_path: Path) -> None:
    import elhub_cim

    identifier, request = request_xml(sender=OTHER, created="2026-10-25T02:30:00+01:00")
    for name, text in (
        ("request.xml", request),
        ("response.xml", response_xml(identifier, points=1)),
        ("rejection.xml", rejection_xml(identifier)),
        ("start.xml", start_of_supply_xml(sender=OTHER)),
    ):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        result = elhub_cim.validate(path)
        assert result.valid, (name, [p.format() for p in result.problems])


def test_bulk_sql_makes_the_schema(tmp_path: Path) -> None:
    path = write_parquet(tmp_path / "e.parquet", bulk(10, subjects=3))
    report = report_of(path)
    assert report.events == 10
    assert measure(report, "approved_per_hour").value == 10
