"""DataHub 3 documents whose content the profile cannot take exactly, and the BRS a Nordic
document's codes leave no choice about. The Nordic documents here are our own, written for
these tests (DataHub 3's shapes, our identifiers)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from elhub_cim.cli import main
from elhub_cim.convert import convert, to_domain
from elhub_cim.domain import ValidatedDataForBilling
from elhub_cim.domain.metering import SeriesPoint
from elhub_cim.formats.nordic import from_nordic, project
from elhub_cim.formats.nordic_json import nordic_from_json, nordic_to_json
from elhub_cim.mapping.projection import ProjectionError, projection_table
from tests.conftest import PROJECT_ROOT

MEASURE_NS = "urn:ediel.org:measure:notifyvalidatedmeasuredata:0:1"
BILLING = "NotifyValidatedMeasureData_MarketDocument"


def _point(position: int, quantity: str, quality: str | None) -> str:
    shown = "" if quality is None else f"<quality>{quality}</quality>"
    return f"<Point><position>{position}</position><quantity>{quantity}</quantity>{shown}</Point>"


def _party(side: str, gln: str, role: str) -> str:
    name = f"{side}_MarketParticipant"
    return (
        f'<{name}.mRID codingScheme="A10">{gln}</{name}.mRID>\n'
        f"  <{name}.marketRole.type>{role}</{name}.marketRole.type>"
    )


def measure_document(
    qualities: list[str | None],
    *,
    process: str = "E23",
    sender_role: str = "DGL",
    receiver_role: str = "DDQ",
) -> bytes:
    """DataHub 3's NotifyValidatedMeasureData from the hub to a supplier: one hourly series of
    as many points as ``qualities`` (each point's quality, None: none written)."""
    points = "\n      ".join(
        _point(n, f"{n}.250", quality) for n, quality in enumerate(qualities, start=1)
    )
    hours = len(qualities)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<{BILLING} xmlns="{MEASURE_NS}">
  <mRID>5d3f1c2a-7b8e-4f60-9a1b-2c3d4e5f6a7b</mRID>
  <type>E66</type>
  <process.processType>{process}</process.processType>
  <businessSector.type>23</businessSector.type>
  {_party("sender", "7080010000002", sender_role)}
  {_party("receiver", "7080050001014", receiver_role)}
  <createdDateTime>2026-03-02T06:00:00Z</createdDateTime>
  <Series>
    <mRID>8a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d</mRID>
    <marketEvaluationPoint.mRID codingScheme="A10">707057500001000017</marketEvaluationPoint.mRID>
    <marketEvaluationPoint.type>E17</marketEvaluationPoint.type>
    <registration_DateAndOrTime.dateTime>2026-03-02T05:58:00Z</registration_DateAndOrTime.dateTime>
    <product>8716867000030</product>
    <quantity_Measure_Unit.name>KWH</quantity_Measure_Unit.name>
    <Period>
      <resolution>PT1H</resolution>
      <timeInterval>
        <start>2026-03-01T23:00Z</start>
        <end>2026-03-02T{hours - 1:02d}:00Z</end>
      </timeInterval>
      {points}
    </Period>
  </Series>
</{BILLING}>
""".encode()


def _refusal(data: bytes, brs: str | None) -> list[tuple[str, str | None, str]]:
    with pytest.raises(ProjectionError) as caught:
        from_nordic(data, brs=brs, name="in.xml")
    return [
        (p.code, p.path, p.message) for p in caught.value.problems if p.code.startswith("LIFT_")
    ]


POINT = f"/{BILLING}/Series/Period/Point"


def test_an_estimated_point_is_refused_naming_the_codes_the_nordic_point_lacks() -> None:
    """A03 (estimated): Elhub's estimated value carries its quality (EMIF Estimated/@Quality 56
    or 81), validation code and estimation code; DataHub 3's Point has none of them and nothing
    tells them. Refused at the lift, one problem per field, each at its point (no default)."""
    data = measure_document(["A04", "A03", "A04"])
    problems = _refusal(data, "BRS-NO-324")
    assert [(code, path) for code, path, _ in problems] == [
        ("LIFT_MISSING", f"{POINT}[2]/estimatedQuality"),
        ("LIFT_MISSING", f"{POINT}[2]/validationCode"),
        ("LIFT_MISSING", f"{POINT}[2]/estimationCode"),
    ]
    message = problems[0][2]
    assert "'A03'" in message
    assert "Observation/Estimated/@Quality" in message
    with pytest.raises(ProjectionError) as caught:
        from_nordic(data, brs="BRS-NO-324", name="in.xml")
    lines = data.decode().splitlines()
    second = next(n for n, line in enumerate(lines, start=1) if "<position>2<" in line)
    assert {p.line for p in caught.value.problems if p.code == "LIFT_MISSING"} == {second}


def test_an_incomplete_point_is_refused_naming_the_validation_code() -> None:
    """A05 lifts as Elhub's temporary value (Z01), which EMIF gives a validation code."""
    problems = _refusal(measure_document(["A05", "A04"]), "BRS-NO-324")
    assert [(code, path) for code, path, _ in problems] == [
        ("LIFT_MISSING", f"{POINT}[1]/validationCode"),
    ]


def test_metered_and_calculated_points_convert_exactly() -> None:
    lifted = from_nordic(measure_document(["A04", "A06", "A04"]), brs="BRS-NO-324")
    model = to_domain(lifted.data)
    assert isinstance(model, ValidatedDataForBilling)
    assert [p.quality.value for p in model.series[0].points] == ["metered", "calculated", "metered"]
    assert b"<abie:Calculated" in convert(lifted.data, to="ebix").data


def test_datahub_3s_json_of_an_estimated_point_is_refused_the_same_way() -> None:
    problems = _refusal(nordic_to_json(measure_document(["A03"])), "BRS-NO-324")
    assert [path for _, path, _ in problems] == [
        f"{POINT}/estimatedQuality",
        f"{POINT}/validationCode",
        f"{POINT}/estimationCode",
    ]


#: A sample value of each Norwegian point code (profile element -> domain field, value).
_SAMPLES = {
    "estimatedQuality": ("estimated_quality", "56"),
    "validationCode": ("validation_code", "V001"),
    "estimationCode": ("estimation_code", "E001"),
}
_QUALITY = {"A04": "metered", "A03": "estimated", "Z01": "temporary", "A06": "calculated"}


@pytest.mark.parametrize(
    "document",
    ["NotifyValidatedMeasureData_MarketDocument", "NotifyCollectedMeasureData_MarketDocument"],
)
def test_the_tables_point_requirements_are_the_domain_models(document: str) -> None:
    """What the lift asks of a point of each quality is what the domain model needs: with the
    table's fields the point is valid, without any one of them it is not (so a lifted document
    converts, and no requirement is missed or made up)."""
    requirements = projection_table().documents[document].lift_requires
    for code, quality in _QUALITY.items():
        fields = [
            name
            for r in requirements
            if r.path == "Series/Period/Point" and r.when == "quality" and code in r.values
            for name in r.fields
        ]
        given = dict(_SAMPLES[name] for name in fields)
        point = {"position": 1, "quantity": "1.5", "quality": quality}
        SeriesPoint.model_validate(point | given)
        for name in given:
            less = {k: v for k, v in given.items() if k != name}
            with pytest.raises(ValueError, match=name):
                SeriesPoint.model_validate(point | less)


# --- the BRS, when the Nordic codes leave one -------------------------------------------------


def _nordic_of(example: str) -> bytes:
    """Our CIM example as the Nordic document (the projection writes its process as the Nordic
    process type, which a DataHub 3 tool writes the same way)."""
    return project((PROJECT_ROOT / "examples" / "cim" / example).read_bytes()).data


def _process(data: bytes) -> str | None:
    root = etree.fromstring(data)
    return root.findtext(f"{{{etree.QName(root).namespace}}}process.processType")


@pytest.mark.parametrize(
    ("example", "nordic_code", "local"),
    [
        # E66 (move-out) is only BRS-NO-211
        ("RejectRequestEndOfSupply_BRS-NO-211.xml", "E66", "NO211"),
        # E32 is 302 and 701, but only 302 uses this document
        ("RequestChangeAccountingPointCharacteristics_BRS-NO-302.xml", "E32", "NO302"),
    ],
)
def test_the_brs_is_taken_from_the_nordic_code_when_only_one_process_has_it(
    example: str, nordic_code: str, local: str
) -> None:
    nordic = _nordic_of(example)
    assert _process(nordic) == nordic_code
    lifted = from_nordic(nordic, name="in.xml")
    assert _process(lifted.data) == local
    assert lifted.data == from_nordic(nordic, brs=f"BRS-NO-{local[2:]}", name="in.xml").data
    noted = [p for p in lifted.notes if p.code == "LIFT_PROCESS"]
    assert len(noted) == 1
    assert f"BRS-NO-{local[2:]}" in noted[0].message
    assert f"'{nordic_code}'" in noted[0].message
    assert noted[0].line is not None


def test_the_brs_is_still_asked_for_when_the_nordic_code_is_several_processes() -> None:
    """E65 is a move-in: 102, 103 and 123 alike. The refusal lists the candidates."""
    problems = _refusal(_nordic_of("RejectRequestChangeOfSupplier_BRS-NO-103.xml"), None)
    assert [(code, path) for code, path, _ in problems] == [
        ("LIFT_MISSING", "/RejectRequestChangeOfSupplier_MarketDocument/process.processType")
    ]
    message = problems[0][2]
    for brs in ("BRS-NO-102", "BRS-NO-103", "BRS-NO-123"):
        assert brs in message
    assert "--brs" in message


def test_the_candidates_named_are_the_documents_own() -> None:
    """E23 is every metering process in the table (311, 312, 313, 314, 324, 332); the billing
    document is 313 and 324 only: those two are named."""
    problems = _refusal(measure_document(["A04"]), None)
    (message,) = [m for _, path, m in problems if path and path.endswith("/process.processType")]
    assert "BRS-NO-313, BRS-NO-324" in message
    assert "BRS-NO-311" not in message
    assert "BRS-NO-314" not in message


def test_a_code_other_processes_share_is_taken_for_the_documents_one() -> None:
    """A55 is 303, 611 and 624 in the table; of AccountingPointCharacteristics' processes only
    303 has it: the process is no longer among what the lift asks for."""
    problems = _refusal(_nordic_of("AccountingPointCharacteristics_BRS-NO-303.xml"), None)
    assert problems  # (the Norwegian additions the Nordic document lacks)
    assert not [path for _, path, _ in problems if path and path.endswith("/process.processType")]


def test_the_command_line_converts_without_brs_when_the_code_tells(tmp_path: Path) -> None:
    source = tmp_path / "in.xml"
    source.write_bytes(_nordic_of("RejectRequestEndOfSupply_BRS-NO-211.xml"))
    target = tmp_path / "out.xml"
    result = CliRunner().invoke(main, ["convert", str(source), "--to", "ebix", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert b"BRS-NO-211" in target.read_bytes()
    ambiguous = tmp_path / "move-in.xml"
    ambiguous.write_bytes(_nordic_of("RejectRequestChangeOfSupplier_BRS-NO-103.xml"))
    result = CliRunner().invoke(
        main, ["convert", str(ambiguous), "--to", "ebix", "-o", str(tmp_path / "o2.xml")]
    )
    assert result.exit_code == 1
    assert "BRS-NO-103" in result.output
    assert not (tmp_path / "o2.xml").exists()


# --- what the Nordic document is made of ------------------------------------------------------


@pytest.mark.parametrize(
    ("before", "after", "where"),
    [
        # an element of another namespace where the Nordic mRID is
        (
            b"<mRID>5d3f1c2a-7b8e-4f60-9a1b-2c3d4e5f6a7b</mRID>",
            b'<x:mRID xmlns:x="urn:example:other">5d3f1c2a-7b8e-4f60-9a1b-2c3d4e5f6a7b</x:mRID>',
            f"/{BILLING}/mRID",
        ),
        # a point's quality in no namespace
        (
            b"<Point><position>2</position><quantity>2.250</quantity><quality>A04</quality>",
            b'<Point><position>2</position><quantity>2.250</quantity><quality xmlns="">A04'
            b"</quality>",
            f"/{BILLING}/Series/Period/Point[2]/quality",
        ),
    ],
)
def test_an_element_of_another_namespace_is_not_taken_for_the_nordic_one(
    before: bytes, after: bytes, where: str
) -> None:
    """The Nordic XSD's elements are all in the document's namespace: one of another (or none)
    with a Nordic name is not that element. It was lifted as if it were; it is refused by name
    (the namespace shown), as DataHub 3's JSON writer refuses it."""
    data = measure_document(["A04", "A04", "A04"])
    assert before in data
    with pytest.raises(ProjectionError) as caught:
        from_nordic(data.replace(before, after), brs="BRS-NO-324", name="in.xml")
    unknown = [p for p in caught.value.problems if p.code == "LIFT_UNKNOWN"]
    assert [p.path for p in unknown] == [where]
    assert unknown[0].line is not None
    assert "namespace" in unknown[0].message


def test_a_nordic_code_no_process_of_the_document_has_is_not_told_to_give_a_brs() -> None:
    """E02 (DataHub 3's new metering point) on RequestChangeAccountingPointCharacteristics: no
    Norwegian process of the document has it, so no --brs can help. The lift said "give the BRS
    (--brs)", and with one, that it is not a process of E02. It says the code is none of the
    document's processes (naming them and their Nordic codes), and asks for no BRS."""
    nordic = _nordic_of("RequestChangeAccountingPointCharacteristics_BRS-NO-302.xml")
    nordic = nordic.replace(b"<process.processType>E32<", b"<process.processType>E02<")
    problems = _refusal(nordic, None)
    (found,) = [(c, m) for c, path, m in problems if path and path.endswith("process.processType")]
    code, message = found
    assert code == "LIFT_INVALID"
    assert "'E02'" in message
    assert "BRS-NO-302 (E32)" in message
    assert "--brs" not in message


def test_a_foreign_identity_number_projects_as_the_nordic_arr(ediel_reference: Path) -> None:
    """DataHub 3's sample carries a Danish CPR number under ARR; the lift carries it under the
    profile's Z01 (a foreign personal identity number). Projected back, Z01 was written as it
    is, which no Nordic list holds: the document was invalid against the Nordic XSD, silently.
    It is ARR again (the Nordic list's social security number, any country), reported."""
    sample = (ediel_reference / "samples" / "RequestChangeOfSupplier.xml").read_bytes()
    lifted = from_nordic(sample, brs="BRS-NO-102")
    assert b'codingScheme="Z01"' in lifted.data
    projected = project(lifted.data)
    assert b'codingScheme="Z01"' not in projected.data
    root = etree.fromstring(projected.data)
    customer = root.find(".//{*}marketEvaluationPoint.customer_MarketParticipant.mRID")
    assert customer is not None
    assert customer.get("codingScheme") == "ARR"
    original = etree.fromstring(sample).find(
        ".//{*}marketEvaluationPoint.customer_MarketParticipant.mRID"
    )
    assert original is not None
    assert customer.text
    assert customer.text == original.text
    replaced = [p for p in projected.losses if "'Z01'" in p.message]
    assert len(replaced) == 1
    assert replaced[0].path is not None
    assert replaced[0].path.endswith("marketEvaluationPoint.customer_MarketParticipant.mRID")
    assert "'ARR'" in replaced[0].message
    assert customer.text not in replaced[0].message
    xsd = ediel_reference / "opengeh-edi-2025" / "xsd"
    schema = etree.XMLSchema(
        etree.parse(str(xsd / "urn-ediel-org-structure-requestchangeofsupplier-0-1.xsd"))
    )
    assert schema.validate(root), schema.error_log


# --- a Nordic document converted to the Nordic document -----------------------------------------


def _same_xml(left: bytes, right: bytes) -> bool:
    parser = etree.XMLParser(remove_blank_text=True)
    return bool(
        etree.tostring(etree.fromstring(left, parser), method="c14n2")
        == etree.tostring(etree.fromstring(right, parser), method="c14n2")
    )


def test_a_nordic_document_to_the_nordic_document_reports_no_loss_it_does_not_have() -> None:
    """DataHub 3's XML to DataHub 3's XML (or JSON): the process type and the metering point
    type come back as they were, yet the conversion was refused for "'NO324' written as 'E23'"
    and "'E17' not carried", values of the intermediate profile document, not losses of the
    input. What the output carries as the input had it is no loss; the rest still is."""
    nordic = measure_document(["A04", "A06", "A04"], sender_role="DDZ")
    for source in (nordic, nordic_to_json(nordic)):
        result = convert(source, to="nordic-ediel", brs="BRS-NO-324")
        assert result.losses == ()
        assert _same_xml(result.data, nordic)
    # a Nordic element Elhub does not use is dropped: still reported
    with_area = nordic.replace(
        b"<product>",
        b'<in_Domain.mRID codingScheme="A01">10YNO-1--------2</in_Domain.mRID><product>',
    )
    dropped = convert(with_area, to="nordic-ediel", brs="BRS-NO-324", allow_loss=True)
    assert [p.path for p in dropped.losses] == [f"/{BILLING}/Series/in_Domain.mRID"]
    # DataHub 3's own hub role DGL comes back as Elhub's DDZ: a change, still reported
    changed = convert(
        measure_document(["A04"]), to="nordic-ediel", brs="BRS-NO-324", allow_loss=True
    )
    assert [p.path for p in changed.losses] == [
        f"/{BILLING}/sender_MarketParticipant.marketRole.type"
    ]


def test_the_command_line_writes_datahub_3s_json_of_its_xml(tmp_path: Path) -> None:
    source = tmp_path / "in.xml"
    source.write_bytes(_nordic_of("RejectRequestEndOfSupply_BRS-NO-211.xml"))
    target = tmp_path / "out.json"
    result = CliRunner().invoke(
        main,
        ["convert", str(source), "--to", "nordic-ediel", "--format", "json", "-o", str(target)],
    )
    assert result.exit_code == 0, result.output
    assert _same_xml(nordic_from_json(target.read_bytes()), source.read_bytes())


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (b"<quantity>2.250</quantity>", b"<quantity>+2.25</quantity>"),
        (b"<position>2</position>", b"<position>02</position>"),
        (b"<createdDateTime>2026-03-02T06:00:00Z<", b"<createdDateTime>2026-03-02T07:00:00+01:00<"),
        (b"<createdDateTime>2026-03-02T06:00:00Z<", b"<createdDateTime>2026-03-01T24:00:00Z<"),
        (b"<mRID>5d3f1c2a-7b8e", b"<mRID>5D3F1C2A-7B8E"),
    ],
)
def test_a_value_written_otherwise_is_no_loss_of_the_nordic_document(
    before: bytes, after: bytes
) -> None:
    """The same value in another form (a decimal, a time with an offset, a UUID in upper case)
    comes back in the profile's form: not a loss."""
    nordic = measure_document(["A04", "A04", "A04"], sender_role="DDZ")
    assert before in nordic
    assert convert(nordic.replace(before, after), to="nordic-ediel", brs="BRS-NO-324").losses == ()


def test_an_identifier_written_otherwise_is_a_loss_of_the_nordic_document() -> None:
    """A GLN is the same only as written (leading zeros are part of it): the lift keeps it as it
    is, so nothing is lost; the comparison never takes two identifiers for one number. The
    value not carried was named with ``[1]`` at every step (``sender_MarketParticipant.mRID[1]``,
    ``Series[1]/Period[1]/Point[2]/quantity[1]``) and no line, where every other problem of the
    document says ``Series/Period/Point[2]/quantity``; it is named so, at the input's line."""
    from elhub_cim.formats.nordic import against_the_input

    text = measure_document(["A04", "A04"], sender_role="DDZ")
    source = etree.fromstring(text)
    output = etree.fromstring(
        text.replace(b">7080010000002<", b">07080010000002<").replace(
            b"<quantity>2.250<", b"<quantity>2.500<"
        )
    )
    problems = against_the_input([], source, output, "in.xml")
    lines = text.decode().splitlines()
    sender = next(n for n, line in enumerate(lines, 1) if ">7080010000002<" in line)
    quantity = next(n for n, line in enumerate(lines, 1) if "<quantity>2.250<" in line)
    assert [(p.path, p.line) for p in problems] == [
        (f"/{BILLING}/sender_MarketParticipant.mRID", sender),
        (f"/{BILLING}/Series/Period/Point[2]/quantity", quantity),
    ]
    assert "'7080010000002'" in problems[0].message


def test_a_period_without_points_is_refused_at_the_lift() -> None:
    """The Nordic Period has one or more Points; one with none lifted, and the conversion then
    failed on the domain model ("a series holds exactly one of: points, a profiled
    observation", no line). The lift names the missing Point, at the Period's line."""
    data = measure_document(["A04"], sender_role="DDZ")
    start = data.index(b"<Point>")
    data = data[:start] + data[data.index(b"</Point>") + len(b"</Point>") :]
    for source in (data, nordic_to_json(data)):
        problems = _refusal(source, "BRS-NO-324")
        assert [(code, path) for code, path, _ in problems] == [
            ("LIFT_MISSING", f"/{BILLING}/Series/Period/Point")
        ]
    with pytest.raises(ProjectionError) as caught:
        from_nordic(data, brs="BRS-NO-324")
    period = next(n for n, line in enumerate(data.decode().splitlines(), 1) if "<Period>" in line)
    assert [p.line for p in caught.value.problems if p.code == "LIFT_MISSING"] == [period]


def test_validates_advice_on_a_nordic_document_asks_for_the_brs_only_where_needed() -> None:
    """``validate`` told to convert a Nordic document "naming its BRS with --brs", which a
    document whose process type is one process does not need."""
    import elhub_cim

    (problem,) = elhub_cim.validate(
        _nordic_of("RejectRequestEndOfSupply_BRS-NO-211.xml"), name="in.xml"
    ).problems
    assert problem.code == "DOC_UNKNOWN"
    assert "convert --to cim" in problem.message
    assert "naming its BRS with --brs" not in problem.message
    assert "--brs" in problem.message
    assert "several processes" in problem.message


def test_diff_compares_datahub_3s_json_as_the_nordic_xml_it_stands_for(tmp_path: Path) -> None:
    """``diff`` compares CIM JSON as the XML it describes; DataHub 3's JSON was refused ("validate
    and read take ebIX and CIM profile documents", exit 2), so its XML and JSON could not be
    compared."""
    nordic = _nordic_of("RejectRequestEndOfSupply_BRS-NO-211.xml")
    xml, same, other = tmp_path / "a.xml", tmp_path / "a.json", tmp_path / "b.json"
    xml.write_bytes(nordic)
    same.write_bytes(nordic_to_json(nordic))
    other.write_bytes(nordic_to_json(nordic.replace(b">E66<", b">E20<")))
    assert CliRunner().invoke(main, ["diff", str(xml), str(same)]).exit_code == 0
    changed = CliRunner().invoke(main, ["diff", str(xml), str(other)])
    assert changed.exit_code == 1
    assert "E20" in changed.output


@pytest.mark.parametrize(
    ("written", "utc"),
    [
        ("2026-03-01T24:00:00Z", "2026-03-02T00:00:00Z"),
        ("2026-03-01T24:00:00.000Z", "2026-03-02T00:00:00.000Z"),
        ("2026-03-02T24:00:00+01:00", "2026-03-02T23:00:00Z"),
        ("2026-12-31T24:00:00Z", "2027-01-01T00:00:00Z"),
    ],
)
def test_the_end_of_a_day_written_as_hour_24_lifts_as_the_next_midnight(
    written: str, utc: str
) -> None:
    """xs:dateTime (and DataHub 3's JSON schema) allow 24:00:00, the end of a day; the lift
    carried it as it was and every conversion then refused it ("hour 24 is not accepted"). It
    is written as 00:00:00 of the next day in UTC, the same instant, and noted (LIFT_UTC)."""
    nordic = measure_document(["A04"], sender_role="DDZ").replace(
        b"<createdDateTime>2026-03-02T06:00:00Z<", f"<createdDateTime>{written}<".encode()
    )
    lifted = from_nordic(nordic, brs="BRS-NO-324")
    root = etree.fromstring(lifted.data)
    assert root.findtext("{*}createdDateTime") == utc
    noted = [p for p in lifted.notes if p.code == "LIFT_UTC"]
    assert [p.path for p in noted] == [f"/{BILLING}/createdDateTime"]
    assert f"'{utc}'" in noted[0].message
    assert b"<abie:Creation>" in convert(lifted.data, to="ebix").data


def test_an_hour_24_that_is_not_the_end_of_a_day_is_left_to_the_xsd() -> None:
    nordic = measure_document(["A04"], sender_role="DDZ").replace(
        b"<createdDateTime>2026-03-02T06:00:00Z<", b"<createdDateTime>2026-03-01T24:00:01Z<"
    )
    problems = _refusal(nordic, "BRS-NO-324")
    assert [path for _, path, _ in problems] == [f"/{BILLING}/createdDateTime"]


def test_a_nordic_document_from_a_stream_converts_to_the_nordic_document() -> None:
    """A Nordic input given as a stream (a file object, standard input) converted to Nordic:
    its losses are judged against the input, which was read a second time for it, and a stream
    read twice is empty ('XML_EMPTY input is empty')."""
    nordic = measure_document(["A04", "A06", "A04"], sender_role="DDZ")
    result = convert(io.BytesIO(nordic), to="nordic-ediel", brs="BRS-NO-324")
    assert result.losses == ()
    assert _same_xml(result.data, nordic)


@pytest.mark.parametrize(
    ("before", "after", "where"),
    [
        (b"<Series>", b"<Series>12.5 kWh lost", f"/{BILLING}/Series"),
        (b"</resolution>", b"</resolution>lost", f"/{BILLING}/Series/Period"),
    ],
)
def test_text_beside_elements_is_refused_not_dropped(
    before: bytes, after: bytes, where: str
) -> None:
    """Text beside elements in Nordic XML (``<Series>12.5 kWh ...<mRID>``), which the Nordic
    XSD refuses (element-only content), lifted without a word: the text was dropped and the
    conversion succeeded. It is refused at the element (file, line, path), nothing dropped."""
    data = measure_document(["A04"], sender_role="DDZ")
    assert before in data
    changed = data.replace(before, after, 1)
    with pytest.raises(ProjectionError) as caught:
        convert(changed, to="cim", brs="BRS-NO-324", allow_loss=True)
    invalid = [p for p in caught.value.problems if p.code == "LIFT_INVALID"]
    assert [p.path for p in invalid] == [where]
    line = changed[: changed.index(after)].count(b"\n") + 1
    element_line = line if after.startswith(b"<Series>") else line - 1  # (Period: the line above)
    assert invalid[0].line == element_line
    assert "text" in invalid[0].message
