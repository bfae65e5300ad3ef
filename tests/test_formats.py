"""The formats layer's read stage (elhub_cim.formats.read): each input's format is told once,
from its start, and read by that format's module."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from elhub_cim.formats import Format, cim, cimjson, ebix, nordic, nordic_json
from elhub_cim.formats._xml import _root_as_text, _root_by_parser, root_qname
from elhub_cim.formats.read import detect, read, root_of, root_of_file
from tests.conftest import PROJECT_ROOT

EXAMPLES = sorted((PROJECT_ROOT / "examples").rglob("*.xml"))
REJECT = PROJECT_ROOT / "examples" / "cim" / "RejectRequestChangeOfSupplier_BRS-NO-103.xml"
MOVE_IN = PROJECT_ROOT / "examples" / "ebix" / "RequestStartOfSupply-move-in.xml"


def _root(data: bytes) -> tuple[str, str]:
    qname = etree.QName(etree.fromstring(data))
    return qname.namespace or "", qname.localname


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_the_root_is_read_from_the_head_as_lxml_reads_it(path: Path) -> None:
    data = path.read_bytes()
    assert root_qname(data) == _root(data) == _root_by_parser(data) == root_of_file(path)
    assert _root_as_text(data) == _root(data)  # the quick path holds for every example


@pytest.mark.parametrize(
    "data",
    [
        b"<?xml version='1.0'?>\n<!-- a <b> c -->\n<?pi x?><a:Root xmlns:a='urn:x' b='>'/>",
        b'\xef\xbb\xbf<Root xmlns="urn:y"><x/></Root>',
        b"<p:Root xmlns:q='urn:q' xmlns:p=\"urn:p\" >",
        b"<Root/>",
        "<?xml version='1.0' encoding='UTF-16'?><r:Root xmlns:r='urn:u'/>".encode("utf-16"),
        b"<r:Root xmlns:r='urn:&#x61;'/>",
    ],
)
def test_the_root_of_unusual_heads(data: bytes) -> None:
    assert root_qname(data) == _root_by_parser(data)
    assert root_qname(data) is not None


@pytest.mark.parametrize(
    "data",
    [b"", b"not xml", b"<!DOCTYPE x [<!ENTITY a 'b'>]><Root/>", b"<!-- never closed", b"<1/>"],
)
def test_no_root_is_made_up(data: bytes) -> None:
    assert root_qname(data) is None
    assert root_of(data) is None


def test_each_format_is_told_once_and_read_by_its_module() -> None:
    cim_xml = REJECT.read_bytes()
    found, kind = cim.read(cim_xml, name="x")
    cim_json = cimjson.write(found, kind)
    projected = nordic.project(cim_xml).data
    nordic_json_text = nordic_json.write(projected)
    ebix_xml = MOVE_IN.read_bytes()
    inputs = {
        Format.EBIX: ebix_xml,
        Format.CIM: cim_xml,
        Format.CIM_JSON: cim_json,
        Format.NORDIC: projected,
        Format.NORDIC_JSON: nordic_json_text,
    }
    modules = {
        Format.EBIX: ebix,
        Format.CIM: cim,
        Format.CIM_JSON: cimjson,
        Format.NORDIC: nordic,
        Format.NORDIC_JSON: nordic_json,
    }
    for expected, data in inputs.items():
        assert detect(data) is expected, expected
        assert [f for f, m in modules.items() if m.detect(data)][-1] is expected or expected in (
            Format.EBIX,
            Format.CIM,
        )
        got = read(data, brs="BRS-NO-103")
        assert got.format is expected
        assert got.message_type.name in (
            "RejectRequestChangeOfSupplier_MarketDocument",
            "RequestStartOfSupply",
        )
    # Without the Nordic formats (check/validate): Nordic JSON is read as CIM JSON, Nordic XML
    # as XML (identify then names it).
    assert detect(nordic_json_text, nordic=False) is Format.CIM_JSON
    assert detect(projected, nordic=False) in (Format.EBIX, Format.CIM)
    # What lifting dropped is reported, as from_nordic reports it.
    lifted = nordic.from_nordic(projected, brs="BRS-NO-103")
    assert read(projected, brs="BRS-NO-103").losses == tuple(lifted.losses)


def test_nordic_is_told_by_the_root_namespace_not_by_text_in_the_head() -> None:
    """An ebIX message whose content mentions a Nordic namespace stays ebIX (a query subject
    'urn:ediel.org:' once made detect take it for Nordic Ediel and the read fail)."""
    ebix_xml = MOVE_IN.read_bytes().replace(
        b"<rsm:Header>", b"<rsm:Header><!-- urn:ediel.org:x:0:1 -->", 1
    )
    assert b"urn:ediel.org:" in ebix_xml[:4096]
    assert not nordic.detect(ebix_xml)
    assert detect(ebix_xml) is Format.EBIX
    projected = nordic.project(REJECT.read_bytes()).data
    assert nordic.detect(projected)
    # The older spelling of the namespace, under a prefix, is Nordic too.
    assert nordic.detect(b"<?xml version='1.0'?><n:Doc xmlns:n='urn:ediel:org:x:0:1'/>")
    assert not nordic.detect(b"<n:Doc xmlns:n='urn:x' xmlns:m='urn:ediel.org:x'/>")


def _with_prolog(projected: bytes, prolog: bytes) -> bytes:
    declaration, _, body = projected.partition(b"?>")
    return declaration + b"?>" + prolog + body


@pytest.mark.parametrize(
    "shape",
    ["comment past 4 KiB", "blank lines past 4 KiB", "comment past 64 KiB", "UTF-16", "UTF-16 BE"],
)
def test_nordic_xml_is_read_wherever_its_root_starts_and_in_any_encoding(shape: str) -> None:
    """A Nordic Ediel document was told by a Nordic namespace in its first 4 KiB of bytes: one
    whose root started later (a long comment or blank lines first) or that was UTF-16 was taken
    for ebIX, and convert refused it telling the user to convert it (DOC_UNKNOWN)."""
    import elhub_cim

    projected = nordic.project(REJECT.read_bytes()).data
    if shape == "comment past 4 KiB":
        data = _with_prolog(projected, b"\n<!--" + b" x" * 2500 + b" -->")
    elif shape == "blank lines past 4 KiB":
        data = _with_prolog(projected, b"\n" * 5000)
    elif shape == "comment past 64 KiB":
        data = _with_prolog(projected, b"\n<!--" + b" x" * 40000 + b" -->")
    else:
        codec = "utf-16" if shape == "UTF-16" else "utf-16-be"
        data = projected.decode().replace('encoding="UTF-8"', 'encoding="UTF-16"').encode(codec)
    got = read(data, brs="BRS-NO-103")
    assert got.format is Format.NORDIC
    assert got.losses == read(projected, brs="BRS-NO-103").losses
    converted = elhub_cim.convert(data, to="ebix", brs="BRS-NO-103")
    assert converted.data == elhub_cim.convert(projected, to="ebix", brs="BRS-NO-103").data
    if shape != "comment past 64 KiB":  # (detect reads the first 64 KiB only)
        assert detect(data) is Format.NORDIC
        assert nordic.detect(data)


@pytest.mark.parametrize("kind", [Format.NORDIC, Format.NORDIC_JSON])
def test_a_nordic_input_within_max_bytes_is_not_refused_for_what_it_is_read_into(
    kind: Format,
) -> None:
    """The limit is the input's: the Nordic XML that DataHub 3's JSON is read into and the
    profile document a Nordic document is lifted into are ours, and longer. Both were held to
    ``max_bytes``, so an input within it was refused as too large (XML_TOO_LARGE)."""
    import elhub_cim

    projected = nordic.project(REJECT.read_bytes()).data
    data = projected if kind is Format.NORDIC else nordic_json.write(projected)
    expected = elhub_cim.convert(data, to="ebix", brs="BRS-NO-103").data
    got = read(data, brs="BRS-NO-103", max_bytes=len(data))
    assert got.format is kind
    converted = elhub_cim.convert(data, to="ebix", brs="BRS-NO-103", max_bytes=len(data))
    assert converted.data == expected
    with pytest.raises(elhub_cim.InputTooLargeError):
        elhub_cim.convert(data, to="ebix", brs="BRS-NO-103", max_bytes=len(data) - 1)


def test_a_nordic_document_without_a_profile_counterpart_is_refused_as_that() -> None:
    """``validate`` advised converting any Nordic Ediel document into the profile, and
    ``convert`` of one without a counterpart then refused it with a list of namespaces (one of
    them twice) and no line: both now say it has no counterpart and name, once each, the Nordic
    documents that convert. A Nordic document that converts keeps the advice."""
    import elhub_cim

    data = b'<?xml version="1.0"?>\n<Foo_MarketDocument xmlns="urn:ediel.org:structure:foo:0:1"/>'
    result = elhub_cim.validate(data, name="foo.xml")
    with pytest.raises(elhub_cim.UnknownDocumentError) as refused:
        elhub_cim.convert(data, to="cim", brs="BRS-NO-103", name="foo.xml")
    for problem in (*result.problems, *refused.value.problems):
        assert problem.code == "DOC_UNKNOWN"
        assert problem.line == 2
        assert "no counterpart in the CIM profile" in problem.message
        assert "convert --to cim" not in problem.message
        named = problem.message.rpartition(": ")[2].split(", ")
        assert "RejectRequestChangeOfSupplier_MarketDocument" in named
        assert len(named) == len(set(named)) > 5
    nordic_reject = nordic.project(REJECT.read_bytes()).data
    (taken,) = elhub_cim.validate(nordic_reject).problems
    assert taken.code == "DOC_UNKNOWN"
    assert "convert --to cim" in taken.message  # it does convert
