"""Streaming of metering documents (elhub_cim.stream): same answers as the whole-document path,
one series in memory at a time, the CLI routes metering files through it.

The figures (1 GB, peak memory, MB/s) are ``make bench-stream`` (tools/bench_stream.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from lxml import etree

from elhub_cim.convert import convert, from_domain
from elhub_cim.core.errors import ElhubCimError, Problem
from elhub_cim.core.safeparse import DEFAULT_MAX_BYTES
from elhub_cim.domain.metering import CollectedData
from elhub_cim.pipeline import validate
from elhub_cim.stream import (
    METERING_MAX_BYTES,
    _Reader,
    convert_file,
    is_streamed,
    validate_file,
)
from tests.conftest import PROJECT_ROOT, REFERENCE_ROOT
from tests.test_metering import collected_data

EBIX = PROJECT_ROOT / "examples" / "ebix"
EXAMPLES = [
    *sorted(EBIX.glob("CollectedData*.xml")),
    PROJECT_ROOT / "examples" / "cim" / "NotifyCollectedMeasureData_BRS-NO-313.xml",
]
ELHUB = REFERENCE_ROOT / "elhub-emif-2.4.3" / "examples" / "CollectedData.xml"


def _same_as_whole(path: Path, tmp_path: Path) -> None:
    for to in ("cim", "ebix"):
        out = tmp_path / f"out-{to}.xml"
        streamed = convert_file(path, out, to=to)
        whole = convert(path, to=to)
        assert out.read_bytes() == whole.data, (path.name, to)
        assert [p.code for p in streamed.findings] == [p.code for p in whole.findings]
        assert streamed.series == len(whole.document.series)  # type: ignore[attr-defined]


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_streamed_output_is_byte_for_byte_the_whole_conversion(path: Path, tmp_path: Path) -> None:
    _same_as_whole(path, tmp_path)


def test_elhubs_example_streams_to_the_same_output(reference_dir: Path, tmp_path: Path) -> None:
    _same_as_whole(reference_dir / "elhub-emif-2.4.3" / "examples" / "CollectedData.xml", tmp_path)


@given(collected_data())
def test_generated_documents_stream_to_the_same_output(document: CollectedData) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "in.xml"
        source.write_bytes(from_domain(document, to="ebix"))
        for to in ("cim", "ebix"):
            out = Path(folder) / f"out-{to}.xml"
            convert_file(source, out, to=to, rules=False)
            assert out.read_bytes() == convert(source, to=to, rules=False).data
        cim = Path(folder) / "out-cim.xml"
        back = Path(folder) / "back.xml"
        convert_file(cim, back, to="ebix", rules=False)
        assert back.read_bytes() == convert(cim, to="ebix", rules=False).data


def test_one_series_at_a_time(tmp_path: Path) -> None:
    """Each child of the root is moved out of the parse tree when parsed, and a chunk is the
    header and one series: memory holds one series (and the next one being parsed), whatever the
    file's size."""
    path = EBIX / "CollectedData-hourly-25-hour-day.xml"
    reader = _Reader(path, "x", METERING_MAX_BYTES)
    seen = 0
    for chunk in reader.chunks():
        seen += 1
        assert reader.root is not None
        # At most the next series, which the parser may have begun (it reads ahead).
        assert len(reader.root) <= 1
        assert chunk.series.getparent() is chunk.document.root
        names = [etree.QName(c).localname for c in chunk.document.root]
        assert names == ["Header", "ProcessEnergyContext", "PayloadEnergyTimeSeries"]
        assert chunk.index == seen
    assert seen == 2


def _broken(tmp_path: Path) -> Path:
    text = (EBIX / "CollectedData-hourly-25-hour-day.xml").read_text(encoding="utf-8")
    second = text.index(
        "<rsm:PayloadEnergyTimeSeries>", text.index("<rsm:PayloadEnergyTimeSeries>") + 1
    )
    # the second series loses its last point (24 of 25) and repeats the first series' id
    last = text.rindex('<abie:Observation Sequence="25">')
    end = text.index("</abie:Observation>", last) + len("</abie:Observation>")
    text = text[:last] + text[end:]
    text = text[:second] + text[second:].replace(
        "a3f1c2d4-5b6e-4f70-8a91-b2c3d4e5f602", "a3f1c2d4-5b6e-4f70-8a91-b2c3d4e5f601", 1
    )
    path = tmp_path / "broken.xml"
    path.write_text(text, encoding="utf-8")
    return path


def test_validation_finds_what_the_whole_document_path_finds(tmp_path: Path) -> None:
    path = _broken(tmp_path)
    streamed = validate_file(path)
    whole = validate(path)
    assert not streamed.valid
    assert not whole.valid
    # The XSD's uniqueness rule spans the series: the stream checks it across chunks.
    assert {p.code for p in whole.problems} <= {p.code for p in streamed.problems}
    duplicate = [p for p in streamed.problems if "appears twice" in p.message]
    assert duplicate
    assert duplicate[0].path == "/CollectedData/PayloadEnergyTimeSeries[2]"
    assert duplicate[0].line is not None


def test_a_rule_finding_names_the_series_and_the_input_line(tmp_path: Path) -> None:
    text = (EBIX / "CollectedData-hourly-25-hour-day.xml").read_text(encoding="utf-8")
    last = text.rindex('<abie:Observation Sequence="25">')
    end = text.index("</abie:Observation>", last) + len("</abie:Observation>")
    path = tmp_path / "short.xml"
    path.write_text(text[:last] + text[end:], encoding="utf-8")
    streamed = validate_file(path)
    whole = validate(path)

    def pick(problems: list[Problem]) -> list[tuple[str, int | None, str | None]]:
        return [(p.code, p.line, p.path) for p in problems if p.code.startswith("X-MET")]

    assert pick(streamed.problems) == pick(whole.problems)
    assert (pick(streamed.problems)[0][2] or "").startswith(
        "/CollectedData/PayloadEnergyTimeSeries[2]/"
    )


def test_a_failed_conversion_leaves_no_output(tmp_path: Path) -> None:
    path = _broken(tmp_path)
    out = tmp_path / "out.xml"
    with pytest.raises(ElhubCimError):
        convert_file(path, out, to="cim")
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["broken.xml"]


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "XML_EMPTY"),
        (
            b"<rsm:CollectedData xmlns:rsm='urn:no:elhub:emif:metering:CollectedData:v2'><a>",
            "XML_MALFORMED",
        ),
        (
            b"<!DOCTYPE x [<!ENTITY a 'b'>]><rsm:CollectedData "
            b"xmlns:rsm='urn:no:elhub:emif:metering:CollectedData:v2'/>",
            "XML_DTD_FORBIDDEN",
        ),
        (b"<Foo/>", "STREAM_UNSUPPORTED"),
    ],
)
def test_hostile_or_foreign_input_is_refused(tmp_path: Path, data: bytes, code: str) -> None:
    path = tmp_path / "in.xml"
    path.write_bytes(data)
    with pytest.raises(ElhubCimError) as caught:
        validate_file(path)
    assert caught.value.code == code


def test_is_streamed_looks_at_the_root_only() -> None:
    assert is_streamed(EBIX / "CollectedData-hourly-25-hour-day.xml")
    assert is_streamed(
        PROJECT_ROOT / "examples" / "cim" / "NotifyCollectedMeasureData_BRS-NO-313.xml"
    )
    assert not is_streamed(EBIX / "RequestStartOfSupply-move-in.xml")
    assert METERING_MAX_BYTES > DEFAULT_MAX_BYTES * 100
