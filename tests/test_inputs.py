"""Inputs: bytes, paths, binary file objects and Text; never the content in an error.

A fødselsnummer placed in the input must never appear in an error message, whichever function
reads it and whatever is wrong with the input.
"""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import elhub_cim
from elhub_cim.domain import StartOfSupplyRequest
from elhub_cim.formats.read import read as read_input
from tests.test_validate import synthetic_fodselsnummer

PROJECT = Path(__file__).resolve().parents[1]
MOVE_IN = PROJECT / "examples" / "ebix" / "RequestStartOfSupply-move-in.xml"
CIM_MOVE_IN = PROJECT / "examples" / "cim" / "RequestChangeOfSupplier_BRS-NO-102.xml"
FNR = synthetic_fodselsnummer()
TEXT = MOVE_IN.read_text(encoding="utf-8")


def test_every_kind_of_source_reads_the_same(tmp_path: Path) -> None:
    data = MOVE_IN.read_bytes()
    expected = elhub_cim.to_domain(MOVE_IN)
    sources: list[Any] = [
        data,
        MOVE_IN,
        str(MOVE_IN),
        io.BytesIO(data),
        elhub_cim.Text(TEXT),
        elhub_cim.Text(TEXT.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"')),
    ]
    for source in sources:
        assert elhub_cim.to_domain(source) == expected, source
    with MOVE_IN.open("rb") as stream:
        assert elhub_cim.validate(stream).valid
    cim_json = elhub_cim.convert(MOVE_IN, to="cim").data
    from elhub_cim.formats.cimjson import to_json

    json_text = to_json(cim_json).decode("utf-8")
    assert elhub_cim.validate(elhub_cim.Text(json_text, name="queue")).valid
    assert elhub_cim.to_domain(elhub_cim.Text(json_text)).header == expected.header


def test_text_names_and_never_shows_its_content() -> None:
    text = elhub_cim.Text(TEXT, name="queue message 7")
    assert FNR not in repr(text)
    assert "RequestStartOfSupply" not in repr(text)
    assert elhub_cim.validate(text).source == "queue message 7"


def test_a_str_is_a_path_and_document_text_is_refused_without_content() -> None:
    with pytest.raises(elhub_cim.InputReadError) as caught:
        elhub_cim.read(TEXT)
    error = caught.value
    assert error.code == "INPUT_TEXT_AS_PATH"
    assert "elhub_cim.Text" in str(error)
    assert "RequestStartOfSupply" not in str(error)
    assert len(str(error)) < 300
    missing = elhub_cim.validate("no/such/file.xml")
    assert [p.code for p in missing.problems] == ["IO_ERROR"]
    assert missing.problems[0].file == "no/such/file.xml"


def test_a_text_mode_stream_is_refused_clearly() -> None:
    with pytest.raises(elhub_cim.InputReadError, match="text mode"):
        elhub_cim.read(io.StringIO(TEXT))  # type: ignore[arg-type]


def _with_fnr(kind: str) -> str:
    """Inputs that are wrong in different ways, each carrying a fødselsnummer."""
    if kind == "as-path":
        return TEXT.replace("Bakeri Ærfuglen AS", FNR)
    if kind == "malformed":
        return TEXT.replace("<abie:Name>Bakeri Ærfuglen AS</abie:Name>", f"<abie:Name>{FNR}</Nam>")
    if kind == "xsd-value":
        return TEXT.replace("2026-05-01T00:00:00+02:00", FNR)
    if kind == "xsd-content":
        return TEXT.replace("<abie:Name>", f"<abie:{'X' * 3}>{FNR}</abie:XXX><abie:Name>")
    if kind == "enumeration":
        return TEXT.replace(">DDQ<", f">{FNR}<")
    if kind == "wrong-scheme":
        return TEXT.replace(
            '<abie:Identification schemeAgencyIdentifier="82">921548737',
            f'<abie:Identification schemeAgencyIdentifier="82">{FNR}',
        )
    if kind == "json":
        cim = elhub_cim.convert(MOVE_IN, to="cim").data
        from elhub_cim.formats.cimjson import to_json

        data = json.loads(to_json(cim))
        text = json.dumps(data, ensure_ascii=False)
        return text.replace('"2026-04-30T22:00:00Z"', json.dumps(FNR))  # UTC in CIM (0.2)
    raise AssertionError(kind)


KINDS = ["as-path", "malformed", "xsd-value", "xsd-content", "enumeration", "wrong-scheme", "json"]

CALLS: dict[str, Callable[[Any], Any]] = {
    "read": elhub_cim.read,
    "to_domain": lambda s: elhub_cim.to_domain(s, StartOfSupplyRequest),
    "convert": lambda s: elhub_cim.convert(s, to="cim"),
    "acknowledge": lambda s: elhub_cim.acknowledge(s, role="DDQ").document.reasons,
}


@pytest.mark.parametrize("kind", KINDS)
def test_no_error_message_carries_the_input(kind: str, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="elhub_cim")
    text = _with_fnr(kind)
    source: Any = text if kind == "as-path" else elhub_cim.Text(text)
    seen: list[str] = []
    result = elhub_cim.validate(source)
    seen += [p.format() for p in result.problems]
    assert result.problems, kind
    for name, call in CALLS.items():
        try:
            outcome = call(source)
        except elhub_cim.ElhubCimError as error:
            seen.append(str(error))
            seen += [str(p.to_dict()) for p in error.problems]
        except ValueError as error:  # e.g. pydantic: must not echo values either
            seen.append(str(error))
        else:  # read: the data itself, which holds the number where it was put
            assert name == "acknowledge" or kind == "wrong-scheme", (name, kind)
            if name == "acknowledge":
                seen.append(repr(outcome))
    seen += [record.getMessage() for record in caplog.records]
    for line in seen:
        assert FNR not in line, (kind, line)
        assert len(line) < 2000, (kind, line[:200])


def test_the_repr_of_a_conversion_never_shows_its_output() -> None:
    # The converted message carries the input's identity number by design; a service that
    # logs the result (``log.info("%r", conversion)``, a traceback's locals) must not.
    private = PROJECT / "examples" / "ebix" / "NotifyCustomerInformation-private-customer.xml"
    number = "01010010183"  # the example's synthetic fødselsnummer (scheme Z01)
    for to in ("cim", "nordic-ediel"):
        conversion = elhub_cim.convert(private, to=to, allow_loss=True)
        assert number.encode() in conversion.data, to
        shown = repr(conversion)
        assert number not in shown, to
        assert f"<{len(conversion.data)} bytes>" in shown
        assert "CustomerInformationNotification" in shown  # the rest as before


D_NUMBER = "55058510083"  # a D-number (the day + 40), valid check digits


@pytest.mark.parametrize("number", [FNR, D_NUMBER])
@pytest.mark.parametrize("where", ["name", "organisation-scheme"])
def test_the_repr_of_a_domain_model_never_shows_an_identity_number(number: str, where: str) -> None:
    # Only an end user's id under the national scheme was masked: the same number typed into a
    # name, or sent under the organisation-number scheme, showed in repr() and str().
    if where == "name":
        text = TEXT.replace("Bakeri Ærfuglen AS", number)
    else:
        text = TEXT.replace(
            'schemeAgencyIdentifier="82">921548737<', f'schemeAgencyIdentifier="82">{number}<'
        )
    model = elhub_cim.to_domain(elhub_cim.Text(text), StartOfSupplyRequest)
    assert number in model.model_dump_json()  # the data itself is as read
    for shown in (repr(model), str(model), repr(model.customer), str(model.customer)):
        assert number not in shown, where
        assert "<masked national id>" in shown
    assert "Bakeri Ærfuglen AS" in repr(elhub_cim.to_domain(elhub_cim.Text(TEXT)))


def test_a_name_is_masked_as_a_path_is() -> None:
    # An operator may name a message after its customer: a path's name was masked in
    # ValidationResult.source, but a name given with name=, a Text's or a file object's was not.
    name = f"kunde-{FNR}.xml"
    stream = io.BytesIO(MOVE_IN.read_bytes())
    stream.name = name
    for source, given in (
        (elhub_cim.Text(TEXT, name=name), None),
        (MOVE_IN.read_bytes(), name),
        (stream, None),
        (PROJECT / name, None),
    ):
        result = elhub_cim.validate(source, name=given)
        assert result.source.endswith("kunde-<masked national id>.xml"), type(source)
        assert FNR not in repr(result)
    assert FNR not in repr(elhub_cim.Text(TEXT, name=name))


@pytest.mark.parametrize("number", [FNR, D_NUMBER])
def test_the_repr_of_a_parsed_document_never_shows_an_identity_number(number: str) -> None:
    # A caller names a document after its file, and a file may be named after a customer: the
    # parsed document and what the read stage gives showed the name in repr() as it was.
    name = f"/in/{number}.xml"
    document = elhub_cim.parse(elhub_cim.Text(TEXT), name=name)
    assert document.name == name  # the name itself is kept (outputs mirror it)
    found = read_input(document)  # (the read stage's result holds the document)
    for shown in (repr(document), str(document), repr(found), str(found)):
        assert number not in shown
        assert "<masked national id>" in shown
        assert "StartOfSupply" in shown or "ParsedDocument" in shown
