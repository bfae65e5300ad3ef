"""CIM profile documents through the same pipeline: validate, read/write, info, errors."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

import elhub_cim
from elhub_cim.cli import main
from elhub_cim.core.catalog import Standard
from elhub_cim.core.errors import MASK
from tests.conftest import PROJECT_ROOT
from tests.test_validate import synthetic_fodselsnummer
from tests.xmlcompare import assert_same_xml

CIM_EXAMPLES = sorted((PROJECT_ROOT / "examples" / "cim").glob("*.xml"))
CIM_SCHEMAS = PROJECT_ROOT / "schemas" / "cim" / "elhub-profile-0.2"


def test_every_profile_document_has_an_example() -> None:
    documents = {mt.name for mt in elhub_cim.catalog().values() if mt.standard is Standard.CIM}
    assert len(documents) >= 16
    example_roots = {etree.QName(etree.parse(str(p)).getroot()).localname for p in CIM_EXAMPLES}
    assert documents == example_roots


@pytest.mark.parametrize("path", CIM_EXAMPLES, ids=lambda p: p.name)
def test_cim_example_is_valid_and_round_trips(path: Path) -> None:
    result = elhub_cim.validate(path)
    assert result.valid, [p.format() for p in result.problems]
    assert result.message_type is not None
    assert result.message_type.standard is Standard.CIM
    data = path.read_bytes()
    out = elhub_cim.write(elhub_cim.read(data))
    assert_same_xml(data, out)
    assert out.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    assert etree.fromstring(out).prefix == "cim"


def test_profile_namespaces_are_ours() -> None:
    for message_type in elhub_cim.catalog().values():
        if message_type.standard is Standard.CIM:
            assert message_type.namespace.startswith("urn:x-elhub-cim:profile:")
            assert "ediel.org" not in message_type.namespace
            assert "urn:no:elhub" not in message_type.namespace


def _request_change_of_supplier() -> bytes:
    return (
        PROJECT_ROOT / "examples" / "cim" / "RequestChangeOfSupplier_BRS-NO-102.xml"
    ).read_bytes()


def test_cim_error_has_line_code_and_readable_path() -> None:
    data = _request_change_of_supplier()
    broken = re.sub(
        rb"<start_DateAndOrTime.dateTime>[^<]+", b"<start_DateAndOrTime.dateTime>1. mai", data
    )
    result = elhub_cim.validate(broken)
    assert not result.valid
    problem = result.problems[0]
    assert (
        problem.path
        == "/RequestChangeOfSupplier_MarketDocument/MktActivityRecord/start_DateAndOrTime.dateTime"
    )
    assert problem.line == broken[: broken.index(b"1. mai")].count(b"\n") + 1
    assert problem.code.startswith("XSD_")


def test_identity_number_under_arr_is_masked() -> None:
    data = _request_change_of_supplier()
    secret = synthetic_fodselsnummer()
    # The customer's fødselsnummer (ARR) also typed into the date: the XSD error quotes it.
    broken = re.sub(
        rb'(customer_MarketParticipant.mRID codingScheme="ARR">)[^<]+',
        rb"\g<1>" + secret.encode(),
        data,
    )
    broken = re.sub(rb"(<start_DateAndOrTime.dateTime>)[^<]+", rb"\g<1>" + secret.encode(), broken)
    assert broken != data
    result = elhub_cim.validate(broken)
    text = "\n".join(p.format() for p in result.problems)
    assert not result.valid
    assert secret not in text
    assert MASK in text


def test_cli_on_cim_documents() -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["validate", str(PROJECT_ROOT / "examples" / "cim")])
    assert result.exit_code == 0, result.output
    info = runner.invoke(main, ["info", str(CIM_EXAMPLES[0])])
    assert info.exit_code == 0
    assert "standard       cim" in info.output
    assert re.search(r"process \(BRS\)\s+BRS-NO-\d{3}", info.output)
    fmt = runner.invoke(main, ["fmt", str(CIM_EXAMPLES[0])])
    assert fmt.exit_code == 0
    assert_same_xml(CIM_EXAMPLES[0].read_bytes(), fmt.stdout_bytes)


def test_examples_readme_states_what_the_projection_check_finds() -> None:
    """examples/cim/README.md says how many examples extend a Nordic document and what their
    projection gives; 0.2 writes each document's Nordic type and translates the local codes, so
    no code value fails any more (the 0.1 text listed 406, 21, E65 ... as failures)."""
    from elhub_cim.formats.nordic import projection_table

    text = (PROJECT_ROOT / "examples" / "cim" / "README.md").read_text(encoding="utf-8")
    validation = text[text.index("## Validation") :]
    (stated,) = re.findall(r"The (\w+) documents that extend a Nordic", validation)
    assert stated == str(len(projection_table().documents))
    assert "failures are code values" not in validation
