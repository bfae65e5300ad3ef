"""CIM JSON: XML → JSON → XML is exact, the JSON Schemas are fresh and accept every example."""

from __future__ import annotations

import decimal
import json
import random
from pathlib import Path
from types import ModuleType
from typing import Any

import jsonschema  # type: ignore[import-untyped]
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

import elhub_cim
from elhub_cim.core.catalog import Standard, catalog
from elhub_cim.core.errors import SchemaViolationError
from elhub_cim.formats.cimjson import JsonInputError, from_json, json_schema, to_json
from tests.conftest import PROJECT_ROOT, load_tool
from tests.xmlcompare import assert_same_xml

EXAMPLES = sorted((PROJECT_ROOT / "examples" / "cim").glob("*.xml"))
JSON_DIR = PROJECT_ROOT / "schemas" / "cim" / "json" / "elhub-profile-0.2"
REQUEST = PROJECT_ROOT / "examples" / "cim" / "RequestChangeOfSupplier_BRS-NO-102.xml"
CHARACTERISTICS = PROJECT_ROOT / "examples/cim/AccountingPointCharacteristics_BRS-NO-102.xml"


def _tool() -> ModuleType:
    return load_tool("build_json_schemas")


def _request_json() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(to_json(REQUEST.read_bytes()))
    return loaded


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.name for e in EXAMPLES])
def test_xml_json_xml_is_exact(example: Path) -> None:
    xml = example.read_bytes()
    data = to_json(xml)
    back = from_json(data)
    assert_same_xml(xml, back)
    assert elhub_cim.validate(back).valid
    assert to_json(back) == data  # and JSON → XML → JSON too


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.name for e in EXAMPLES])
def test_example_json_matches_its_schema(example: Path) -> None:
    body = json.loads(to_json(example.read_bytes()))
    (root,) = body
    schema = json.loads((JSON_DIR / f"{root}.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(body)


def test_json_schemas_are_fresh() -> None:
    stale = _tool().stale_files()
    assert stale == [], "run `python tools/build_json_schemas.py`:\n" + "\n".join(stale)


def test_one_schema_per_profile_document() -> None:
    roots = {n for (_, n), mt in catalog().items() if mt.standard is Standard.CIM and not mt.legacy}
    found = {
        p.name.removesuffix(".schema.json") for p in JSON_DIR.glob("*_MarketDocument.schema.json")
    }
    assert found == roots


def test_schema_refuses_what_the_shape_forbids() -> None:
    message_type = catalog()[
        (
            "urn:x-elhub-cim:profile:structure:requestchangeofsupplier:0:2",
            "RequestChangeOfSupplier_MarketDocument",
        )
    ]
    validator = jsonschema.Draft202012Validator(json_schema(message_type))
    body = _request_json()
    document = body["RequestChangeOfSupplier_MarketDocument"]
    assert validator.is_valid(body)
    document["mRID"] = 1
    assert not validator.is_valid(body)
    document["mRID"] = "f03c2adb-dc0d-44af-b373-619744e4f57b"
    document["extra"] = "x"
    assert not validator.is_valid(body)
    del document["extra"]
    del document["createdDateTime"]
    assert not validator.is_valid(body)


def _attribute_holders(value: Any, path: str = "") -> list[tuple[str, dict[str, Any], str]]:
    """Every (path, object, attribute name) of a CIM JSON body: an attribute sits beside "value"."""
    found: list[tuple[str, dict[str, Any], str]] = []
    if isinstance(value, list):
        for index, item in enumerate(value):
            found += _attribute_holders(item, f"{path}/{index}")
    elif isinstance(value, dict):
        if "value" in value:
            found += [(path, value, key) for key in value if key != "value"]
        else:
            for key, item in value.items():
                found += _attribute_holders(item, f"{path}/{key}")
    return found


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.name for e in EXAMPLES])
def test_schema_requires_the_attributes_the_xsd_requires(example: Path) -> None:
    """Every attribute of our XSDs is use="required" (codingScheme, unit), so a JSON document
    without one is no profile document: our reader refuses it, and so must our JSON schema, as
    DataHub 3's schemas do (they require codingScheme)."""
    body = json.loads(to_json(example.read_bytes()))
    (root,) = body
    schema = json.loads((JSON_DIR / f"{root}.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    holders = _attribute_holders(body)
    assert holders, example.name
    for path, holder, attribute in holders:
        kept = holder.pop(attribute)
        try:
            assert not validator.is_valid(body), f"{path}: {attribute} left out, still valid"
            with pytest.raises(SchemaViolationError):
                from_json(json.dumps(body).encode())
        finally:
            holder[attribute] = kept


def test_the_shape() -> None:
    """DataHub 3's shape: codes and identifiers with a scheme as objects with "value", arrays
    where our XSD or the Nordic document lets an element repeat, JSON booleans and numbers."""
    body = _request_json()
    assert list(body) == ["RequestChangeOfSupplier_MarketDocument"]
    document = body["RequestChangeOfSupplier_MarketDocument"]
    assert list(document)[:3] == ["mRID", "type", "process.processType"]
    assert document["mRID"] == "f03c2adb-dc0d-44af-b373-619744e4f57b"  # a string, as in DataHub 3
    assert document["type"] == {"value": "392"}
    assert document["process.processType"] == {"value": "NO102"}
    assert document["sender_MarketParticipant.mRID"] == {
        "value": "7080050001014",
        "codingScheme": "A10",
    }
    assert document["createdDateTime"] == "2026-04-20T07:30:47.123Z"  # times: strings as written
    assert document["positiveAcknowledgementRequested"] is True  # a Norwegian boolean
    records = document["MktActivityRecord"]
    assert isinstance(records, list)  # maxOccurs 1 here, unbounded in the Nordic document
    assert len(records) == 1
    record = records[0]
    addresses = record["marketEvaluationPoint.UsagePointLocation"]
    assert isinstance(addresses, list)  # may repeat: always an array
    assert addresses[0]["type"] == {"value": "D04"}  # a code (addition too)
    assert isinstance(record["Customer_Communication"], list)
    assert record["marketEvaluationPoint.customer_Person.firstName"] == "Kari"
    characteristics = json.loads(to_json(CHARACTERISTICS.read_bytes()))
    records = characteristics["AccountingPointCharacteristics_MarketDocument"]["MktActivityRecord"]
    assert isinstance(records, list)
    assert len(records) == 2
    point = records[0]["MarketEvaluationPoint"]
    assert point["contractedConnectionCapacity"] == {"value": 11, "unit": "KWT"}  # a number
    assert isinstance(point["Channel"], list)
    assert len(point["Channel"]) == 1


@pytest.mark.parametrize(
    ("example", "literal"),
    [
        ("RequestChangeSharedProduction_BRS-NO-701.xml", "0.500000"),
        ("AccountingPointCharacteristics_BRS-NO-102.xml", "1.00"),
    ],
)
def test_decimals_keep_their_digits(example: str, literal: str) -> None:
    """A decimal is a JSON number written with the XML's digits (``0.500000`` stays ``0.500000``,
    not ``0.5``) and read back as written."""
    xml = (PROJECT_ROOT / "examples" / "cim" / example).read_bytes()
    assert f">{literal}<".encode() in xml
    data = to_json(xml)
    body = json.loads(data, parse_float=decimal.Decimal)
    assert decimal.Decimal(literal) in _scalars(body)
    assert f": {literal}".encode() in data  # a JSON number, not a string
    assert_same_xml(xml, from_json(data))
    # another writer's exponent is the same value in XML's notation
    other = data.replace(f": {literal}".encode(), f": {decimal.Decimal(literal):E}".encode())
    assert other != data
    assert f">{decimal.Decimal(literal):f}<".encode() in from_json(other)


def _scalars(value: Any) -> list[Any]:
    if isinstance(value, dict):
        return [s for v in value.values() for s in _scalars(v)]
    if isinstance(value, list):
        return [s for v in value for s in _scalars(v)]
    return [value]


def test_member_order_does_not_matter() -> None:
    body = _request_json()
    document = body["RequestChangeOfSupplier_MarketDocument"]
    shuffled = {"RequestChangeOfSupplier_MarketDocument": dict(reversed(list(document.items())))}
    back = from_json(json.dumps(shuffled).encode())
    assert_same_xml(REQUEST.read_bytes(), back)


def _problems(data: bytes) -> list[tuple[str, str | None]]:
    with pytest.raises(JsonInputError) as caught:
        from_json(data)
    return [(p.code, p.path) for p in caught.value.problems]


def test_values_have_their_json_types() -> None:
    body = _request_json()
    document = body["RequestChangeOfSupplier_MarketDocument"]
    document["type"] = "392"  # a code is {"value": ...}
    document["positiveAcknowledgementRequested"] = "true"  # a boolean is true/false
    document["mRID"] = 5  # an identifier is a string
    document["MktActivityRecord"][0]["marketEvaluationPoint.mRID"]["value"] = None
    problems = _problems(json.dumps(body).encode())
    assert problems == [
        ("JSON_TYPE", "/RequestChangeOfSupplier_MarketDocument/mRID"),
        ("JSON_TYPE", "/RequestChangeOfSupplier_MarketDocument/type"),
        ("JSON_TYPE", "/RequestChangeOfSupplier_MarketDocument/positiveAcknowledgementRequested"),
        (
            "JSON_TYPE",
            "/RequestChangeOfSupplier_MarketDocument/MktActivityRecord/marketEvaluationPoint.mRID/value",
        ),
    ]
    with pytest.raises(JsonInputError, match="expected true or false, found a string"):
        from_json(json.dumps(body).encode())


def test_shape_errors_name_the_place() -> None:
    body = _request_json()
    document = body["RequestChangeOfSupplier_MarketDocument"]
    document["MktActivityRecord"][0]["Customer_Communication"] = {"channel": {"value": "EM"}}
    document["createdDateTim"] = "2026-01-01T00:00:00Z"
    document["sender_MarketParticipant.mRID"]["codingSchema"] = "A10"
    problems = _problems(json.dumps(body).encode())
    assert ("JSON_UNKNOWN", "/RequestChangeOfSupplier_MarketDocument/createdDateTim") in problems
    assert (
        "JSON_SHAPE",
        "/RequestChangeOfSupplier_MarketDocument/MktActivityRecord/Customer_Communication",
    ) in problems
    assert (
        "JSON_UNKNOWN",
        "/RequestChangeOfSupplier_MarketDocument/sender_MarketParticipant.mRID/codingSchema",
    ) in problems
    with pytest.raises(JsonInputError, match="did you mean 'createdDateTime'"):
        from_json(json.dumps(body).encode())


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"{", "JSON_MALFORMED"),
        (b"\xff\xfe{}", "JSON_MALFORMED"),
        (b'{"a": {}, "a": {}}', "JSON_MALFORMED"),
        (b"[" * 100000 + b"]" * 100000, "JSON_MALFORMED"),
        (b"[]", "JSON_SHAPE"),
        (b'{"A": {}, "B": {}}', "JSON_SHAPE"),
        (b'{"RequestChangeOfSuplier_MarketDocument": {}}', "JSON_UNKNOWN"),
    ],
)
def test_malformed_input(data: bytes, code: str) -> None:
    with pytest.raises(JsonInputError) as caught:
        from_json(data)
    assert caught.value.code == code


def test_invalid_document_is_a_schema_violation_without_identity_numbers() -> None:
    body = _request_json()
    document = body["RequestChangeOfSupplier_MarketDocument"]
    document["mRID"] = "15829012372"  # the customer's national identity number, misplaced
    with pytest.raises(SchemaViolationError) as caught:
        from_json(json.dumps(body).encode())
    assert "15829012372" not in str(caught.value)
    assert caught.value.problems[0].path == "/RequestChangeOfSupplier_MarketDocument/mRID"


def test_ebix_has_no_json_form() -> None:
    ebix = next((PROJECT_ROOT / "examples" / "ebix").glob("*.xml"))
    with pytest.raises(JsonInputError) as caught:
        to_json(ebix.read_bytes())
    assert caught.value.code == "JSON_UNSUPPORTED"


def test_size_limit() -> None:
    with pytest.raises(elhub_cim.InputTooLargeError):
        from_json(b" " * 100 + b"{}", max_bytes=50)


def _refused_conversion(source: Any, *, max_bytes: int) -> elhub_cim.ElhubCimError:
    with pytest.raises(elhub_cim.InputTooLargeError) as caught:
        elhub_cim.convert(source, to="ebix", max_bytes=max_bytes)
    return caught.value


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16"])
def test_json_over_the_limit_is_json_too_large_by_every_path(tmp_path: Path, encoding: str) -> None:
    """One code for one cause: JSON over the limit was JSON_TOO_LARGE from ``from_json`` but
    XML_TOO_LARGE from ``validate``, ``convert``, ``read`` and the command line (a file, a
    stream, bytes), with another message. Every path says JSON_TOO_LARGE, in the same words."""
    from click.testing import CliRunner

    from elhub_cim.cli import main

    data = to_json(REQUEST.read_bytes()).decode().encode(encoding)
    limit = len(data) - 1
    path = tmp_path / "big.json"
    path.write_bytes(data)
    found: list[tuple[str, str]] = []
    if encoding == "utf-8":
        with pytest.raises(elhub_cim.InputTooLargeError) as caught:
            from_json(data, max_bytes=limit)
        found += [(p.code, p.message) for p in caught.value.problems]
    for source in (data, path, "stream"):
        for call in (elhub_cim.validate, _refused_conversion):
            with path.open("rb") as stream:
                given = stream if source == "stream" else source
                found += [(p.code, p.message) for p in call(given, max_bytes=limit).problems]
    assert {code for code, _ in found} == {"JSON_TOO_LARGE"}
    assert len({message for _, message in found}) == 1
    assert "--max-bytes" in found[0][1]
    for command in (["validate"], ["convert", "--to", "ebix", "-o", str(tmp_path / "o.xml")]):
        result = CliRunner().invoke(main, [*command, "--max-bytes", str(limit), str(path)])
        assert result.exit_code == 1, result.output
        assert f"JSON_TOO_LARGE {found[0][1]}" in result.output
        assert "XML_TOO_LARGE" not in result.output


#: JSON texts that are one value but no object or array, each over 4096 bytes (more than the
#: head looked at when an input is over the limit); the cut of the head falls inside an escape.
_BARE_JSON = {
    "string": b'"' + "å\\u00e5\\n".encode() * 600 + b'"',
    "number": b"-" + b"12345678" * 600 + b".5e-3",
    "literal": b"true" + b" \r\n\t" * 1200,
    "bom": b"\xef\xbb\xbf" + b'"' + b"x" * 5000 + b'"',
}


@pytest.mark.parametrize("kind", sorted(_BARE_JSON))
def test_a_bare_json_value_over_the_limit_is_json_too_large_by_every_path(
    tmp_path: Path, kind: str
) -> None:
    """A JSON text that is one string, number or literal (JSON_SHAPE within the limit) was
    XML_TOO_LARGE over it: only the head is read, and it was JSON by an opening '{' or '['
    alone. It is JSON_TOO_LARGE, as any JSON over the limit, by every path."""
    from click.testing import CliRunner

    from elhub_cim.cli import main

    data = _BARE_JSON[kind]
    within = elhub_cim.validate(data, max_bytes=len(data))
    assert [p.code for p in within.problems] == ["JSON_SHAPE"], within.problems
    limit = len(data) - 4  # (the text without its byte order mark is over it too)
    path = tmp_path / "bare.json"
    path.write_bytes(data)
    found: list[str] = []
    for source in (data, path, "stream", "text"):
        for call in (elhub_cim.validate, _refused_conversion):
            with path.open("rb") as stream:
                given: Any = stream if source == "stream" else source
                if source == "text":
                    given = elhub_cim.Text(data.decode("utf-8-sig"))
                found += [p.code for p in call(given, max_bytes=limit).problems]
    assert set(found) == {"JSON_TOO_LARGE"}, found
    for command in (["validate"], ["convert", "--to", "ebix", "-o", str(tmp_path / "o.xml")]):
        for argument, given_input in ((str(path), None), ("-", data)):
            result = CliRunner().invoke(
                main, [*command, "--max-bytes", str(limit), argument], input=given_input
            )
            assert result.exit_code == 1, result.output
            assert " JSON_TOO_LARGE " in result.output
            assert "XML_TOO_LARGE" not in result.output


@pytest.mark.parametrize(
    "data",
    [b"<a>" + b"x" * 5000 + b"</a>", b"text " * 1000, b"nullish" + b" " * 5000, b"12a" * 2000],
)
def test_what_is_not_json_over_the_limit_stays_xml_too_large(data: bytes) -> None:
    result = elhub_cim.validate(data, max_bytes=len(data) - 1)
    assert [p.code for p in result.problems] == ["XML_TOO_LARGE"]


_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff"),
    min_size=1,
    max_size=80,
).filter(lambda s: s.strip() == s and s.strip() != "")


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=_TEXT, given_name=_TEXT, seed=st.integers(0, 2**32 - 1))
def test_generated_variants_round_trip(name: str, given_name: str, seed: int) -> None:
    """Free-text values of any Unicode and members in any order survive JSON → XML → JSON."""
    body = _request_json()
    document = body["RequestChangeOfSupplier_MarketDocument"]
    record = document["MktActivityRecord"][0]
    record["marketEvaluationPoint.customer_MarketParticipant.name"] = name
    record["marketEvaluationPoint.customer_Person.firstName"] = given_name
    address = record["marketEvaluationPoint.UsagePointLocation"][0]
    address["mainAddress"]["streetDetail"]["name"] = name

    shuffler = random.Random(seed)

    def shuffle(value: Any) -> Any:
        if isinstance(value, dict):
            items = list(value.items())
            shuffler.shuffle(items)
            return {k: shuffle(v) for k, v in items}
        if isinstance(value, list):
            return [shuffle(v) for v in value]
        return value

    xml = from_json(json.dumps(shuffle(body)).encode())
    assert to_json(xml) == to_json(from_json(json.dumps(body).encode()))
    again = json.loads(to_json(xml))["RequestChangeOfSupplier_MarketDocument"]["MktActivityRecord"][
        0
    ]
    assert again["marketEvaluationPoint.customer_MarketParticipant.name"] == name
    assert again["marketEvaluationPoint.customer_Person.firstName"] == given_name
    assert_same_xml(xml, from_json(to_json(xml)))


@given(
    blanks=st.lists(st.sampled_from([b" ", b"\t", b"\r", b"\n", b"\xef", b"\xbb", b"\xbf"])),
    first=st.sampled_from([b"{", b"<", b"[", b"x", b""]),
)
def test_json_is_told_by_its_first_character_after_any_blanks(
    blanks: list[bytes], first: bytes
) -> None:
    from elhub_cim.formats.cimjson import detect

    data = b"".join(blanks) + first + b'"a": 1}'
    assert detect(data) is (first in (b"{", b"["))  # an array: JSON, refused as JSON_SHAPE


@pytest.mark.parametrize(
    "character", ["\x00", "\x01", "\x1b", chr(0xD800), chr(0xDFFF), "\ufffe", "\uffff"], ids=repr
)
def test_a_character_xml_cannot_hold_is_a_json_problem(character: str) -> None:
    """JSON escapes any code point; XML holds no control character (but tab and line ends), no
    lone surrogate, no U+FFFE or U+FFFF. Such a string is refused where it stands, in a value or
    an attribute, by validate and convert alike (it was a bare ValueError of lxml's)."""
    body = _request_json()
    document = body["RequestChangeOfSupplier_MarketDocument"]
    record = document["MktActivityRecord"][0]
    record["marketEvaluationPoint.customer_Person.firstName"] = f"Kari{character}"
    document["sender_MarketParticipant.mRID"]["codingScheme"] = f"A{character}"
    data = json.dumps(body).encode()  # (ensure_ascii: each character written as \uXXXX)
    root = "/RequestChangeOfSupplier_MarketDocument"
    expected = [
        ("JSON_CHARACTER", f"{root}/sender_MarketParticipant.mRID/codingScheme"),
        (
            "JSON_CHARACTER",
            f"{root}/MktActivityRecord/marketEvaluationPoint.customer_Person.firstName",
        ),
    ]
    assert sorted(_problems(data)) == sorted(expected)
    report = elhub_cim.validate(data)
    assert not report.valid
    assert {p.code for p in report.problems} == {"JSON_CHARACTER"}
    assert f"U+{ord(character):04X} cannot be written in XML" in report.problems[0].message
    with pytest.raises(elhub_cim.ElhubCimError) as refused:
        elhub_cim.convert(data, to="ebix")
    assert {p.code for p in refused.value.problems} == {"JSON_CHARACTER"}


def test_tab_line_feed_and_astral_characters_are_written() -> None:
    body = _request_json()
    record = body["RequestChangeOfSupplier_MarketDocument"]["MktActivityRecord"][0]
    record["marketEvaluationPoint.customer_Person.firstName"] = "Kari\tNordmann \U0001f600"
    xml = from_json(json.dumps(body).encode())
    assert "Kari\tNordmann \U0001f600".encode() in xml


COLLECTED = PROJECT_ROOT / "examples" / "cim" / "NotifyCollectedMeasureData_BRS-NO-313.xml"


_POSITION = '"position": {\n                "value": 1\n'


@pytest.mark.parametrize(
    ("member", "hostile"),
    [
        ('"quantity": 1.681', '"quantity": 1e99999999999999'),
        ('"quantity": 1.681', '"quantity": -1.5E+99999999999999'),
        ('"quantity": 1.681', '"quantity": 1e-99999999999999'),
        (_POSITION, _POSITION.replace("1\n", "1e99999999999999\n")),
    ],
)
def test_an_exponent_is_not_written_out_without_bound(member: str, hostile: str) -> None:
    """A number another writer sends with an exponent is written in XML's decimal notation;
    a few bytes (``1e99999999999999``) must not ask for that many digits (a MemoryError, or a
    gigabyte of zeros at ``1e999999999``): refused where it stands, as no profile value is one."""
    data = to_json(COLLECTED.read_bytes()).decode()
    assert member in data
    changed = data.replace(member, hostile, 1).encode()
    point = "/NotifyCollectedMeasureData_MarketDocument/Series/Period/Point[1]"
    where = f"{point}/quantity" if "quantity" in member else f"{point}/position/value"
    assert _problems(changed) == [("JSON_TYPE", where)]
    with pytest.raises(JsonInputError, match="digits"):
        from_json(changed)


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_are_named(constant: str) -> None:
    """Python's JSON reader takes NaN and Infinity, which JSON has not: refused by name where
    they stand (the message said "expected a number, found a number")."""
    data = to_json(COLLECTED.read_bytes()).decode().replace("1.681", constant, 1).encode()
    with pytest.raises(JsonInputError) as caught:
        from_json(data)
    (problem,) = caught.value.problems
    assert problem.code == "JSON_TYPE"
    assert problem.message == f"expected a number, found {constant} (not a JSON number)"


def _without_a_point() -> bytes:
    """The CollectedData example in CIM JSON, its fourth point left out (rule MET-R3), written
    one member a line: no line of it is a line of the XML it becomes."""
    body = json.loads(to_json(COLLECTED.read_bytes()))
    del body["NotifyCollectedMeasureData_MarketDocument"]["Series"][0]["Period"]["Point"][3]
    return json.dumps(body, indent=4).encode()


def test_a_problem_of_json_input_names_no_line_of_the_xml_it_becomes() -> None:
    """Lines belong to the input: a problem found in the XML that a JSON document describes is
    named by its path alone (it carried that XML's line, printed as a line of the JSON file)."""
    data = _without_a_point()
    report = elhub_cim.validate(data, name="values.json")
    assert [(p.code, p.file, p.line) for p in report.problems] == [
        ("X-METER_POSITIONS", "values.json", None)
    ]
    assert report.problems[0].path
    findings = elhub_cim.convert(data, to="ebix", name="values.json").findings
    assert [(p.code, p.line) for p in findings] == [("X-METER_POSITIONS", None)]
    body = json.loads(data)
    body["NotifyCollectedMeasureData_MarketDocument"]["Series"][0]["mRID"] = "not-a-uuid"
    with pytest.raises(SchemaViolationError) as caught:
        from_json(json.dumps(body, indent=4).encode(), name="values.json")
    assert [(p.code, p.line) for p in caught.value.problems] == [("XSD_PATTERN", None)]
    assert caught.value.problems[0].path == "/NotifyCollectedMeasureData_MarketDocument/Series/mRID"


@pytest.mark.parametrize(
    "encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"]
)
def test_json_in_utf_16_or_32_is_refused_as_json_saying_so(encoding: str) -> None:
    """JSON is exchanged in UTF-8 (RFC 8259 §8.1): JSON in UTF-16 or UTF-32 is refused as
    JSON, naming its encoding (it was read as malformed XML, "Start tag expected", or as UTF-8
    that failed at its first letter outside ASCII). XML in UTF-16 still reads."""
    text = to_json(REQUEST.read_bytes()).decode()
    for data in (text.encode(encoding), (" \n" + text).encode(encoding)):
        report = elhub_cim.validate(data)
        assert [p.code for p in report.problems] == ["JSON_MALFORMED"]
        assert "UTF-8" in report.problems[0].message
        assert encoding.upper()[:6] in report.problems[0].message
        with pytest.raises(JsonInputError, match="UTF-8"):
            from_json(data)
    xml = REQUEST.read_text(encoding="utf-8").replace('encoding="UTF-8"', 'encoding="UTF-16"')
    assert elhub_cim.validate(xml.encode("utf-16")).valid


def test_problems_of_one_json_document_are_listed_up_to_a_hundred() -> None:
    """As the XSD's problems: a document of thousands of unknown members (a few bytes each, a
    "did you mean" search each) lists the first hundred, then how many more there were."""
    body = _request_json()
    document = body["RequestChangeOfSupplier_MarketDocument"]
    for number in range(5000):
        document[f"k{number}"] = 0
    problems = _problems(json.dumps(body).encode())
    assert len(problems) == 101
    assert set(problems[:100]) == {
        ("JSON_UNKNOWN", f"/RequestChangeOfSupplier_MarketDocument/k{n}") for n in range(100)
    }
    with pytest.raises(JsonInputError) as caught:
        from_json(json.dumps(body).encode())
    assert caught.value.problems[-1].message == "... and 4900 more problem(s) not listed"


@pytest.mark.parametrize("process", ["NO1O2", "E65", 102])
def test_cim_json_with_a_process_code_the_profile_lacks_is_still_cim_json(process: Any) -> None:
    """DataHub 3's JSON of a Nordic document and our CIM JSON share root names and are told
    apart by the process code. CIM JSON whose code was mistyped (or is a number, or a Nordic
    code) was taken for a Nordic document: validate said DOC_UNKNOWN ("a Nordic Ediel
    document ... convert it") and convert named every Norwegian element "not an element the
    profile knows". A document carrying an element only the profile has is CIM JSON, and its
    code is reported as the XML's is."""
    from elhub_cim.formats import Format, nordic_json
    from elhub_cim.formats.read import detect

    body = json.loads(to_json(REQUEST.read_bytes()))
    body["RequestChangeOfSupplier_MarketDocument"]["process.processType"]["value"] = process
    data = json.dumps(body).encode()
    assert not nordic_json.detect(data)
    assert detect(data) is Format.CIM_JSON
    result = elhub_cim.validate(data)
    codes = {p.code for p in result.problems}
    expected = "JSON_TYPE" if isinstance(process, int) else "XSD_ENUMERATION"
    assert codes == {expected}, [p.format() for p in result.problems]
    assert result.problems[0].path is not None
    assert result.problems[0].path.endswith(
        "/process.processType" + "/value" * (expected == "JSON_TYPE")
    )
    with pytest.raises(elhub_cim.ElhubCimError) as raised:
        elhub_cim.convert(data, to="ebix")
    assert {p.code for p in raised.value.problems} == codes


@pytest.mark.parametrize(
    ("example", "element"),
    [
        ("RejectRequestChangeOfSupplier_BRS-NO-103.xml", "process.processType"),
        ("Acknowledgement_BRS-NO-611.xml", "received_MarketDocument.process.processType"),
    ],
)
def test_cim_json_of_a_padded_process_code_reads_back(example: str, element: str) -> None:
    """A process code padded with whitespace is the code (the XSD collapses a token): its
    document converts, and so does the CIM JSON written from it, which carries the text as
    written. That JSON was taken for DataHub 3's Nordic JSON (its code was no profile code
    until collapsed) and convert refused it (LIFT_MISSING, the Nordic code NO103...)."""
    from elhub_cim.formats import Format, nordic_json
    from elhub_cim.formats.read import detect

    source = (PROJECT_ROOT / "examples" / "cim" / example).read_bytes()
    start = source.index(f"<{element}>".encode()) + len(element) + 2
    end = f"</{element}>".encode()
    xml = source[:start] + b"\n  " + source[start:].replace(end, b" \t" + end, 1)
    assert xml != source
    data = to_json(xml)
    assert not nordic_json.detect(data)
    assert detect(data) is Format.CIM_JSON
    assert_same_xml(xml, from_json(data))
    assert elhub_cim.convert(data, to="ebix").data == elhub_cim.convert(source, to="ebix").data


def test_json_that_is_not_utf8_names_the_line() -> None:
    """JSON saved in ISO-8859-1 (a Norwegian letter as one byte) said "not UTF-8 at byte 3120"
    without a line, where XML in the same state names its line; both now do, in the library
    and in validate."""
    text = to_json(REQUEST.read_bytes()).decode()
    assert "ø" in text
    data = text.encode("latin-1")
    line = text[: text.index("ø")].count("\n") + 1
    with pytest.raises(JsonInputError) as caught:
        from_json(data)
    assert caught.value.problems[0].line == line
    assert "not UTF-8" in caught.value.problems[0].message
    (problem,) = elhub_cim.validate(data).problems
    assert (problem.code, problem.line) == ("JSON_MALFORMED", line)


@pytest.mark.parametrize(
    "data", [b"12", b'"RequestChangeOfSupplier"', b"null", b"true", b"\xef\xbb\xbf -1.5e3\n"]
)
def test_json_whose_top_level_is_a_scalar_is_refused_as_json(data: bytes, tmp_path: Path) -> None:
    """A JSON text that is one number, string, true, false or null was read as XML and refused
    as XML_MALFORMED "Start tag expected, '<' not found"; an array was already JSON_SHAPE. Both
    are JSON that is no document, said so by validate, convert and the command line alike."""
    from click.testing import CliRunner

    from elhub_cim.cli import main

    (problem,) = elhub_cim.validate(data).problems
    assert problem.code == "JSON_SHAPE"
    assert "object with exactly one member" in problem.message
    with pytest.raises(JsonInputError) as caught:
        elhub_cim.convert(data, to="ebix")
    assert caught.value.code == "JSON_SHAPE"
    path = tmp_path / "scalar.json"
    path.write_bytes(data)
    for command in (["validate"], ["convert", "--to", "cim", "-o", str(tmp_path / "out.xml")]):
        result = CliRunner().invoke(main, [*command, str(path)])
        assert result.exit_code == 1
        assert f"{path}: JSON_SHAPE " in result.stdout + result.stderr


@pytest.mark.parametrize("data", [b"hello", b"12 13", b"- 1", b'"a": 1}', b"nullx", b"1.", b"01"])
def test_text_that_is_no_json_scalar_is_not_taken_for_json(data: bytes) -> None:
    from elhub_cim.formats.cimjson import detect

    assert not detect(data)


def test_a_member_twice_is_named_by_its_path() -> None:
    """A member twice in one object was refused as "member 'mRID' appears twice in one object"
    with neither path nor line: in a document of many records (every one with an mRID) the
    reader could not tell which. The problem names the member's path, in CIM JSON and in
    DataHub 3's JSON alike, masking an identity number in it."""
    from elhub_cim.formats import nordic

    text = to_json(REQUEST.read_bytes()).decode()
    record = text.index('"MktActivityRecord"')
    at = text.index('"mRID"', record)
    twice = text[:at] + '"mRID": "x",\n' + text[at:]
    (problem,) = elhub_cim.validate(twice.encode()).problems
    assert (problem.code, problem.path) == (
        "JSON_MALFORMED",
        "/RequestChangeOfSupplier_MarketDocument/MktActivityRecord/mRID",
    )
    assert "'mRID' appears twice" in problem.message
    nordic_text = nordic.project(REQUEST.read_bytes(), format="json").data.decode()
    at = nordic_text.index('"createdDateTime"')
    twice = nordic_text[:at] + '"createdDateTime": "x",\n' + nordic_text[at:]
    with pytest.raises(JsonInputError) as caught:
        elhub_cim.convert(twice.encode(), to="cim", brs="BRS-NO-102")
    root = "/RequestChangeOfSupplier_MarketDocument"
    assert caught.value.problems[0].path == f"{root}/createdDateTime"
    identity = '{"RequestChangeOfSupplier_MarketDocument": {"15829012372": 1, "15829012372": 2}}'
    with pytest.raises(JsonInputError) as caught:
        from_json(identity.encode())
    assert "15829012372" not in str(caught.value.problems)
    assert caught.value.problems[0].path == f"{root}/<masked national id>"


def test_json_describing_more_elements_than_the_limit_is_refused_before_it_is_built(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """XML input with more than a million elements is refused before it is parsed (memory grows
    with the elements, not the bytes); JSON input was built whole first: 4.5 MB of empty series
    (``{},`` 1.5 million times) took 32 s and 1.35 GB before the XML it became was refused,
    a 64 MiB one many times that. JSON is held to the same limit of elements, exactly: a
    document of as many elements as the limit reads, one of more does not."""
    import elhub_cim.formats.cimjson as cimjson_module
    from elhub_cim.formats.nordic_json import nordic_from_json

    example = PROJECT_ROOT / "examples/cim/NotifyValidatedMeasureData_BRS-NO-324.xml"
    elements = sum(1 for _ in elhub_cim.parse(example).root.iter())
    data = to_json(example.read_bytes())
    monkeypatch.setattr(cimjson_module, "DEFAULT_MAX_ELEMENTS", elements, raising=False)
    assert from_json(data)
    monkeypatch.setattr(cimjson_module, "DEFAULT_MAX_ELEMENTS", elements - 1, raising=False)
    series = b'{"NotifyValidatedMeasureData_MarketDocument": {"Series": [%s]}}'
    # the elements built, the objects read, the values counted before reading: each is held
    empty_series = series % b",".join([b"{}"] * (elements + 5))
    numbers = series % b",".join([b"1"] * (9 * elements))
    for hostile in (data, empty_series, numbers):
        with pytest.raises(elhub_cim.InputTooLargeError) as caught:
            from_json(hostile)
        assert caught.value.code == "JSON_TOO_MANY_ELEMENTS"
        result = elhub_cim.validate(hostile)
        assert [p.code for p in result.problems] == ["JSON_TOO_MANY_ELEMENTS"]
    for hostile in (empty_series, numbers):
        with pytest.raises(elhub_cim.InputTooLargeError) as caught:
            nordic_from_json(hostile)  # (DataHub 3's JSON: the same limit)
        assert caught.value.code == "JSON_TOO_MANY_ELEMENTS"


def test_a_comment_inside_a_value_does_not_cut_its_cim_json_short() -> None:
    """``to_object`` and ``write`` take a tree: a (schema-valid) tree with a comment inside a
    value was written with the text before the comment only, the rest dropped without a word."""
    from elhub_cim.formats.cimjson import message_type_for_root, to_object

    tree = elhub_cim.parse(REQUEST).root
    mrid = tree[0]
    value = mrid.text or ""
    mrid.text = value[:8]
    comment = etree.Comment(" a note ")
    comment.tail = value[8:]
    mrid.append(comment)
    message_type = message_type_for_root("RequestChangeOfSupplier_MarketDocument")
    body = to_object(tree, message_type)
    assert body["RequestChangeOfSupplier_MarketDocument"]["mRID"] == value


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (
            b'{"a": "x\x01y"}',
            "a control character (U+0001) in a string: write it escaped, \\u0001 (column 9)",
        ),
        (b'{"a": "abc', "a string that never ends (it starts at column 7)"),
        (b"{}\n{}", "more text after the JSON document (column 1)"),
        (b"\xef\xbb\xbf\xef\xbb\xbf{}", "a second byte order mark (U+FEFF) (column 1)"),
    ],
)
def test_json_syntax_errors_are_said_in_plain_words(data: bytes, words: str) -> None:
    """Python's reader words some syntax errors for a following position ("Invalid control
    character at", "Unterminated string starting at") or for Python ("Unexpected UTF-8 BOM
    (decode using utf-8-sig)", "Extra data"): the messages read "not JSON: Invalid control
    character at (column 9)". They say what is wrong, where."""
    with pytest.raises(JsonInputError) as caught:
        from_json(data)
    (problem,) = caught.value.problems
    assert problem.message == f"not JSON: {words}"


def test_json_text_with_a_lone_surrogate_is_refused_as_json() -> None:
    """JSON given as ``elhub_cim.Text`` holding a lone surrogate (a str can; UTF-8 cannot) was
    refused as XML_MALFORMED "... which is no XML character", for JSON input. It is
    JSON_MALFORMED, naming the line."""
    text = to_json(REQUEST.read_bytes()).decode()
    at = text.index('"mRID": "') + len('"mRID": "')
    hostile = elhub_cim.Text(text[:at] + "\ud800" + text[at:])
    (problem,) = elhub_cim.validate(hostile).problems
    assert problem.code == "JSON_MALFORMED"
    assert "XML" not in problem.message
    assert problem.line == text[:at].count("\n") + 1


EBIX_EXAMPLES = sorted((PROJECT_ROOT / "examples" / "ebix").glob("*.xml"))


@pytest.mark.parametrize("example", EBIX_EXAMPLES, ids=[e.name for e in EBIX_EXAMPLES])
def test_every_ebix_example_goes_through_both_json_forms_and_back_unchanged(
    example: Path,
) -> None:
    """The CIM examples are profile documents we wrote by hand; the ebIX examples become the
    documents the conversion writes (other shapes: metering series, master data). Each goes
    through CIM JSON and back, and through DataHub 3's JSON of its Nordic projection and back,
    unchanged."""
    from elhub_cim.formats.nordic import ProjectionError, project
    from elhub_cim.formats.nordic_json import nordic_from_json

    try:
        cim = elhub_cim.convert(example, to="cim", allow_loss=True).data
    except elhub_cim.UnsupportedDocumentError:
        pytest.skip("no CIM counterpart (transport message)")
    data = to_json(cim)
    assert_same_xml(cim, from_json(data))
    assert to_json(from_json(data)) == data
    try:
        nordic_xml = project(cim).data
    except ProjectionError:
        return  # (no Nordic document carries it, or it lacks what the Nordic one requires)
    assert_same_xml(nordic_xml, nordic_from_json(project(cim, format="json").data))


def test_from_object_takes_the_numbers_of_pythons_json_reader() -> None:
    """``from_object`` builds a parsed CIM JSON document; given what ``json.loads`` gives (int,
    float; Decimal with ``parse_float``), it refused every number as "expected an integer, found
    an object": it knew only its own reader's numbers. Python's numbers are numbers (a float
    keeps its value, Decimal its digits); NaN is still refused as no JSON number."""
    from elhub_cim.formats.cimjson import from_object

    example = PROJECT_ROOT / "examples/cim/NotifyValidatedMeasureData_BRS-NO-324.xml"
    data = to_json(example.read_bytes())
    exact, _ = from_object(json.loads(data, parse_float=decimal.Decimal))
    assert_same_xml(example.read_bytes(), etree.tostring(exact))
    floats, _ = from_object(json.loads(data))
    quantities = [
        decimal.Decimal(e.text or "")
        for e in floats.iter()
        if etree.QName(e).localname == "quantity"
    ]
    expected = [
        decimal.Decimal(e.text or "")
        for e in exact.iter()
        if etree.QName(e).localname == "quantity"
    ]
    assert quantities == expected
    body = json.loads(data)
    point = body["NotifyValidatedMeasureData_MarketDocument"]["Series"][0]["Period"]["Point"][0]
    point["quantity"] = float("nan")
    point["position"]["value"] = 1.5
    with pytest.raises(JsonInputError) as caught:
        from_object(body)
    assert [p.message for p in caught.value.problems] == [
        "expected an integer, found a number",
        "expected a number, found NaN (not a JSON number)",
    ]


def test_the_json_value_of_to_object_dumps_as_cim_json() -> None:
    """``to_object`` gives a document's JSON value: ``json.dumps`` of it wrote every number as a
    string (``"quantity": "1.104"``), JSON its reader refuses ("expected an integer, found a
    string"). Its numbers are Python numbers (json.dumps writes them as numbers, of the same
    value); ``write`` still keeps the XML's digits (``1.490``)."""
    from elhub_cim.formats.cimjson import message_type_for_root, to_object, write

    example = PROJECT_ROOT / "examples/cim/NotifyValidatedMeasureData_BRS-NO-324.xml"
    document = elhub_cim.parse(example)
    message_type = message_type_for_root("NotifyValidatedMeasureData_MarketDocument")
    body = to_object(document.root, message_type)
    point = body["NotifyValidatedMeasureData_MarketDocument"]["Series"][0]["Period"]["Point"][4]
    assert point["quantity"] == 1.49
    assert point["position"]["value"] == 5
    back = from_json(json.dumps(body).encode())
    assert elhub_cim.validate(back).valid
    assert b"1.490" in write(document, message_type)


def test_the_json_writers_given_json_say_so() -> None:
    """``to_json`` and ``nordic_to_json`` given JSON (the form they write) refused it as XML:
    XML_MALFORMED "Start tag expected, '<' not found". ``to_json`` reads CIM JSON like any input
    (as ``project`` does) and writes it anew; ``nordic_to_json`` says it has JSON already."""
    from elhub_cim.formats import nordic
    from elhub_cim.formats.nordic_json import nordic_to_json

    data = to_json(REQUEST.read_bytes())
    assert to_json(data) == data
    assert to_json(json.dumps(json.loads(data)).encode()) == data  # (laid out anew)
    nordic_json = nordic.project(REQUEST.read_bytes(), format="json").data
    with pytest.raises(JsonInputError) as caught:
        nordic_to_json(nordic_json)
    (problem,) = caught.value.problems
    assert problem.code == "JSON_UNSUPPORTED"
    assert "nordic_from_json" in problem.message


def test_from_json_given_datahub3_json_says_what_it_is() -> None:
    """``from_json`` (CIM JSON) given DataHub 3's JSON of a Nordic document gave the XSD's
    error about its Nordic process code ("'E65' is not an element of the set"); ``validate``
    already said what it is. ``from_json`` says so too, and what reads it."""
    from elhub_cim.formats import nordic

    data = nordic.project(REQUEST.read_bytes(), format="json").data
    with pytest.raises(elhub_cim.ElhubCimError) as caught:
        from_json(data)
    (problem,) = caught.value.problems
    assert problem.code == "DOC_UNKNOWN"
    assert "nordic_from_json" in problem.message
    assert [p.code for p in elhub_cim.validate(data).problems] == ["DOC_UNKNOWN"]


def test_json_error_paths_are_those_of_the_same_fault_in_xml() -> None:
    """JSON input's errors wrote ``[n]`` at every array entry (``MktActivityRecord[1]/bogus``)
    where the same fault in XML is at ``MktActivityRecord/bogus``: XML paths carry ``[n]`` only
    where a name repeats among its siblings. An actor system mapping problems to fields got two
    spellings of one place, and two within one JSON document (the XSD's problems in the XML it
    becomes have the XML's form). JSON paths now take the XML's form, in CIM JSON and DataHub
    3's JSON alike, for unknown members and members twice."""
    import re

    from elhub_cim.formats import nordic

    root = "/RequestChangeOfSupplier_MarketDocument"
    xml = REQUEST.read_text(encoding="utf-8")
    bad_xml = re.sub(r"(<MktActivityRecord>\s*<mRID>[^<]*</mRID>)", r"\1<bogus>1</bogus>", xml)
    (xml_problem,) = elhub_cim.validate(elhub_cim.Text(bad_xml)).problems
    assert xml_problem.path == f"{root}/MktActivityRecord/bogus"

    body = _request_json()
    record = body["RequestChangeOfSupplier_MarketDocument"]["MktActivityRecord"][0]
    record["bogus"] = "1"
    record["Customer_Communication"][1]["bogus"] = "1"
    assert _problems(json.dumps(body).encode()) == [
        ("JSON_UNKNOWN", f"{root}/MktActivityRecord/Customer_Communication[2]/bogus"),
        ("JSON_UNKNOWN", xml_problem.path),
    ]

    text = to_json(REQUEST.read_bytes()).decode()
    at = text.index('"mRID"', text.index('"MktActivityRecord"'))
    (twice,) = elhub_cim.validate((text[:at] + '"mRID": "x",\n' + text[at:]).encode()).problems
    assert twice.path == f"{root}/MktActivityRecord/mRID"

    nordic_json = json.loads(nordic.project(REQUEST.read_bytes(), format="json").data)
    nordic_json["RequestChangeOfSupplier_MarketDocument"]["MktActivityRecord"][0]["bogus"] = "1"
    with pytest.raises(JsonInputError) as caught:
        elhub_cim.convert(json.dumps(nordic_json).encode(), to="cim", brs="BRS-NO-102")
    assert [p.path for p in caught.value.problems] == [xml_problem.path]


def test_a_namespace_of_profile_0_1_is_refused_for_json() -> None:
    """``from_json(data, namespace=<a profile 0.1 namespace>)`` failed with a FileNotFoundError
    (no projection table for 0.1), an error of neither the input nor the call. Profile 0.1
    documents are read as XML only: the namespace is refused at the call (ValueError)."""
    from elhub_cim.formats.cimjson import from_object, message_type_for_root

    legacy = "urn:x-elhub-cim:profile:structure:requestchangeofsupplier:0:1"
    data = to_json(REQUEST.read_bytes())
    with pytest.raises(ValueError, match=r"profile 0\.1") as caught:
        from_json(data, namespace=legacy)
    assert not isinstance(caught.value, elhub_cim.ElhubCimError)
    with pytest.raises(ValueError, match=r"profile 0\.1"):
        from_object(json.loads(data), namespace=legacy)
    with pytest.raises(ValueError, match=r"profile 0\.1"):
        message_type_for_root("RequestChangeOfSupplier_MarketDocument", legacy)


def test_a_mistyped_profile_process_code_is_reported_as_the_xml_s_is() -> None:
    """CIM JSON of a document that carries no Norwegian addition (a rejection) with its process
    code mistyped (``NO1O3``) was taken for DataHub 3's JSON: validate said DOC_UNKNOWN ("a
    Nordic Ediel document", no path) and convert LIFT_INVALID ("the Nordic process type"),
    where the same XML says XSD_ENUMERATION at process.processType. A code of more than three
    characters is no Nordic (ENTSO-E) code: the JSON is CIM JSON, reported as the XML is."""
    reject = PROJECT_ROOT / "examples/cim/RejectRequestChangeOfSupplier_BRS-NO-103.xml"
    xml = reject.read_bytes().replace(b">NO103<", b">NO1O3<")
    body = json.loads(to_json(reject.read_bytes()))
    body["RejectRequestChangeOfSupplier_MarketDocument"]["process.processType"]["value"] = "NO1O3"
    data = json.dumps(body).encode()
    from_xml = [(p.code, p.path) for p in elhub_cim.validate(xml).problems]
    assert from_xml == [
        ("XSD_ENUMERATION", "/RejectRequestChangeOfSupplier_MarketDocument/process.processType")
    ]
    assert [(p.code, p.path) for p in elhub_cim.validate(data).problems] == from_xml
    with pytest.raises(elhub_cim.ElhubCimError) as raised:
        elhub_cim.convert(data, to="ebix")
    assert [(p.code, p.path) for p in raised.value.problems] == from_xml


@pytest.mark.parametrize("function", ["to_object", "json_schema", "write"])
def test_a_profile_0_1_message_type_is_a_value_error_naming_the_argument(function: str) -> None:
    # A 0.1 message type (CIM JSON is of 0.2 documents) is the caller's wrong value, not bad
    # input: it was a BindingError (BIND_FAILED "no generated binding ... run regenerate").
    from elhub_cim.formats import cimjson

    legacy = next(mt for mt in catalog().values() if mt.legacy and mt.standard is Standard.CIM)
    document = elhub_cim.parse(REQUEST.read_bytes(), name=REQUEST.name)
    calls: dict[str, Any] = {
        "to_object": lambda: cimjson.to_object(document.root, legacy),
        "json_schema": lambda: cimjson.json_schema(legacy),
        "write": lambda: cimjson.write(document, legacy),
    }
    with pytest.raises(ValueError, match="message_type") as raised:
        calls[function]()
    assert not isinstance(raised.value, elhub_cim.ElhubCimError)
    assert "0.1" in str(raised.value)
