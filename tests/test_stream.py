"""Streaming of series documents (elhub_cim.stream): same answers as the whole-document path,
one series in memory at a time, the CLI routes metering files through it. CollectedData and
NotifyValidatedDataForBillingEnergy (and their CIM forms) are streamed because the mapping tables
declare them (elhub_cim.mapping.streaming); declaring another series document streams it too.

The figures (1 GB, peak memory, MB/s) are ``make bench-stream`` (tools/bench_stream.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Literal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from elhub_cim.convert import convert, from_domain
from elhub_cim.core.errors import ElhubCimError, Problem
from elhub_cim.core.safeparse import DEFAULT_MAX_BYTES
from elhub_cim.domain.metering import CollectedData, ValidatedDataForBilling
from elhub_cim.mapping import reading, streaming
from elhub_cim.pipeline import validate
from elhub_cim.stream import (
    METERING_MAX_BYTES,
    _Reader,
    convert_file,
    is_streamed,
    validate_file,
)
from tests.conftest import PROJECT_ROOT, REFERENCE_ROOT
from tests.test_billing import notifications
from tests.test_metering import collected_data

EBIX = PROJECT_ROOT / "examples" / "ebix"
CIM = PROJECT_ROOT / "examples" / "cim"
BILLING = [
    EBIX / "NotifyValidatedDataForBillingEnergy.xml",
    CIM / "NotifyValidatedMeasureData_BRS-NO-324.xml",
]
EXAMPLES = [
    *sorted(EBIX.glob("CollectedData*.xml")),
    CIM / "NotifyCollectedMeasureData_BRS-NO-313.xml",
    *BILLING,
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


@pytest.mark.parametrize("name", ["CollectedData.xml", "NotifyValidatedDataForBillingEnergy.xml"])
def test_elhubs_examples_stream_to_the_same_output(
    reference_dir: Path, tmp_path: Path, name: str
) -> None:
    path = reference_dir / "elhub-emif-2.4.3" / "examples" / name
    _same_as_whole(path, tmp_path)
    streamed, whole = validate_file(path), validate(path)
    assert streamed.valid
    assert whole.valid
    assert _where(streamed.problems) == _where(whole.problems)  # GLN/GSRN check digits


def _where(problems: list[Problem]) -> list[tuple[str, int | None, str | None, str | None]]:
    return sorted((p.code, p.line, p.path, p.file) for p in problems)


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


@given(notifications())
def test_generated_billing_documents_stream_to_the_same_output(
    document: ValidatedDataForBilling,
) -> None:
    """NotifyValidatedDataForBillingEnergy (1 to 3 series of up to 200 points, DST days,
    profiled series), both directions: the stream writes the whole conversion's bytes."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "in.xml"
        source.write_bytes(from_domain(document, to="ebix"))
        for to in ("cim", "ebix"):
            out = Path(folder) / f"out-{to}.xml"
            result = convert_file(source, out, to=to, rules=False)
            assert out.read_bytes() == convert(source, to=to, rules=False).data
            assert result.series == len(document.series)
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


def test_a_streamed_conversion_never_replaces_what_is_no_regular_file(tmp_path: Path) -> None:
    """``convert_file(path, target)`` renamed its staged output over whatever ``target`` was: a
    FIFO, socket or device became a regular file (as root, ``/dev/null`` for the whole system).
    It is refused (an OSError naming it) before anything is staged; the node stays."""
    import os
    import stat

    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    with pytest.raises(OSError, match="not a regular file"):
        convert_file(CIM / "NotifyCollectedMeasureData_BRS-NO-313.xml", fifo, to="ebix")
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["fifo"]


def test_a_streamed_conversion_to_a_name_ending_in_a_slash_is_refused(tmp_path: Path) -> None:
    """``convert_file(path, "out/")`` wrote a file named ``out`` (pathlib drops the slash that
    names a folder), as ``write_file`` did; it is refused as there (IsADirectoryError)."""
    with pytest.raises(IsADirectoryError, match="ends in a slash"):
        convert_file(CIM / "NotifyCollectedMeasureData_BRS-NO-313.xml", f"{tmp_path}/out/", "ebix")
    assert list(tmp_path.iterdir()) == []


def _after_the_last_series(text: str, element: str) -> str:
    end = text.rindex("</")  # the root's end tag
    return text[:end] + element + text[end:]


@pytest.mark.parametrize(
    "element",
    ["<rsm:Unexpected/>", "<rsm:Header/>", "<rsm:ProcessEnergyContext/>"],
)
def test_an_element_after_the_last_series_is_found_and_never_dropped(
    tmp_path: Path, element: str
) -> None:
    # Nothing may follow the series: the whole-document path's XSD says so, and a stream that
    # set it aside as a header for series to come validated (and converted) the file without it.
    path = tmp_path / "after.xml"
    text = (EBIX / "CollectedData.xml").read_text(encoding="utf-8")
    path.write_text(_after_the_last_series(text, element), encoding="utf-8")
    whole = validate(path)
    streamed = validate_file(path)
    assert not whole.valid
    assert not streamed.valid
    assert [(p.code, p.line) for p in streamed.problems] == [
        (p.code, p.line) for p in whole.problems
    ]
    out = tmp_path / "out.xml"
    with pytest.raises(ElhubCimError) as caught:
        convert_file(path, out, to="cim")
    assert caught.value.code == "XSD_CONTENT"
    assert not out.exists()


@pytest.mark.parametrize("where", ["attribute", "text"])
@pytest.mark.parametrize("path", [EBIX / "CollectedData.xml", *BILLING], ids=lambda p: p.name)
def test_the_root_elements_own_attributes_and_text_are_validated(
    tmp_path: Path, path: Path, where: str
) -> None:
    # Each chunk is the header and one series under a copy of the root element: a copy without
    # the root's attributes and text let what the XSD refuses on the root pass.
    text = path.read_text(encoding="utf-8")
    found = re.search(r"<[A-Za-z][^>]*>", text)  # the root's start tag
    assert found is not None
    start = found.end()
    if where == "attribute":
        text = text[: start - 1] + ' unknown="1"' + text[start - 1 :]
    else:
        text = text[:start] + "not whitespace" + text[start:]
    source = tmp_path / path.name
    source.write_text(text, encoding="utf-8")
    whole = validate(source)
    streamed = validate_file(source)
    assert not whole.valid
    assert [(p.code, p.line, p.path) for p in streamed.problems] == [
        (p.code, p.line, p.path) for p in whole.problems
    ]
    with pytest.raises(ElhubCimError) as caught:
        convert_file(source, tmp_path / "out.xml", to="cim")
    assert caught.value.code == whole.problems[0].code


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


def _broken_billing(tmp_path: Path) -> Path:
    """Elhub's billing document of three series: the second (profiled) repeats the first's id,
    the third (a copy of the first under a new id) misses its last quarter hour."""
    text = convert(BILLING[1], to="ebix").data.decode()
    open_tag, close_tag = "<rsm:PayloadEnergyTimeSeries>", "</rsm:PayloadEnergyTimeSeries>"
    first = text[text.index(open_tag) : text.index(close_tag) + len(close_tag)]
    ident = first.split("<abie:Identification>", 1)[1].split("<", 1)[0]
    last = first.rindex("<abie:Observation ")
    third = first[:last] + first[first.index("</abie:Observation>", last) + 19 :]
    third = third.replace(ident, "0b6d2f1e-7a3c-4d5e-9f80-1a2b3c4d5e6f", 1)
    second_at = text.index(open_tag, text.index(close_tag))
    second_id = text[second_at:].split("<abie:Identification>", 1)[1].split("<", 1)[0]
    text = text[:second_at] + text[second_at:].replace(second_id, ident, 1)
    end = text.rindex(close_tag) + len(close_tag)
    text = text[:end] + "\n  " + third + text[end:]
    path = tmp_path / "broken-billing.xml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_flawed_billing_file_is_named_by_file_line_series_and_code(tmp_path: Path) -> None:
    path = _broken_billing(tmp_path)
    streamed = validate_file(path, name="in/broken-billing.xml")
    whole = validate(path, name="in/broken-billing.xml")
    assert not streamed.valid
    assert not whole.valid
    root = "/NotifyValidatedDataForBillingEnergy/PayloadEnergyTimeSeries"
    duplicate = [p for p in streamed.problems if "appears twice" in p.message]
    assert [(p.code, p.path, p.file) for p in duplicate] == [
        ("XSD_INVALID", f"{root}[2]", "in/broken-billing.xml")
    ]
    assert duplicate[0].line is not None
    positions = [p for p in streamed.problems if p.code == "X-METER_POSITIONS"]
    assert positions
    assert all((p.path or "").startswith(f"{root}[3]/") for p in positions)
    assert _where(positions) == _where([p for p in whole.problems if p.code == "X-METER_POSITIONS"])
    out = tmp_path / "out.xml"
    with pytest.raises(ElhubCimError):
        convert_file(path, out, to="cim")
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken-billing.xml"]


def test_the_tables_declare_what_is_streamed() -> None:
    """Four roots, from two declarations (one document, two standards each); the declared
    series element, unique id and limit; the largest valid document fits the limit."""
    plans = streaming.stream_plans()
    assert {root: (p.document, p.series, p.unique) for root, p in plans.items()} == {
        "CollectedData": ("collected_data", "PayloadEnergyTimeSeries", "Identification"),
        "NotifyCollectedMeasureData_MarketDocument": ("collected_data", "Series", "mRID"),
        "NotifyValidatedDataForBillingEnergy": (
            "validated_data_for_billing", "PayloadEnergyTimeSeries", "Identification",
        ),
        "NotifyValidatedMeasureData_MarketDocument": (
            "validated_data_for_billing", "Series", "mRID",
        ),
    }  # fmt: skip
    from elhub_cim.domain.metering import MAX_POINTS, MAX_SERIES

    for plan in plans.values():
        assert plan.most == MAX_SERIES
        assert plan.max_bytes == METERING_MAX_BYTES
        # 9999 series of 9999 points of at most ~160 bytes each (a calculated value, indented)
        assert plan.max_bytes > MAX_SERIES * MAX_POINTS * 160
    assert all(is_streamed(path) for path in BILLING)


def test_datahub_3s_document_of_the_same_name_is_not_streamed(tmp_path: Path) -> None:
    """The Nordic NotifyValidatedMeasureData (another namespace) is lifted, not streamed."""
    from elhub_cim.formats.nordic import project

    nordic = tmp_path / "nordic.xml"
    nordic.write_bytes(project(BILLING[1].read_bytes()).data)
    assert b"urn:ediel.org:measure:notifyvalidatedmeasuredata:0:1" in nordic.read_bytes()[:500]
    assert not is_streamed(nordic)
    with pytest.raises(ElhubCimError) as caught:
        validate_file(nordic)
    assert caught.value.code == "STREAM_UNSUPPORTED"


@pytest.mark.parametrize(
    ("declaration", "message"),
    [
        ({"group": "nothing", "most": 1, "limit": "1 GiB"}, "not a repeated group"),
        ({"group": "series", "most": 1, "limit": "lots"}, "not a size"),
        ({"group": "series", "unique": "nothing", "most": 1, "limit": "1 GiB"}, "carries"),
    ],
)
def test_a_wrong_declaration_names_the_table(declaration: dict[str, object], message: str) -> None:
    from elhub_cim.mapping.tables import MappingTableError, structures

    spec = {
        "ebix": "X",
        "cim": "Y",
        "stream": declaration,
        "fields": [{"group": "series", "list": True, "ebix": "S", "cim": "T"}],
    }
    with pytest.raises(MappingTableError, match=message) as caught:
        streaming._plans_of("t.toml", "doc", spec, structures())
    assert "t.toml [documents.doc] stream" in str(caught.value)


def test_declaring_another_series_document_streams_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No code of its own: a copy of the tables that declares the reconciliation document
    (BRS-NO-503, Series of PayloadEnergyTimeSeries) streams it, byte for byte as whole."""
    import shutil

    folder = tmp_path / "mappings"
    shutil.copytree(reading._tables_folder(), folder)
    table = folder / "brs-no-503.toml"
    text = table.read_text(encoding="utf-8")
    anchor = "[documents.reconciliation_notification]\n"
    table.write_text(
        text.replace(
            anchor, anchor + 'stream = { group = "series", most = 9999, limit = "1 GiB" }\n'
        ),
        encoding="utf-8",
    )
    monkeypatch.setattr(streaming, "_tables_folder", lambda: folder)
    monkeypatch.setenv("ELHUB_CIM_CACHE_DIR", "off")
    streaming.stream_plans.cache_clear()
    try:
        example = EBIX / "PriceVolumeCombinationForReconciliation.xml"
        assert is_streamed(example)
        assert (
            streaming.stream_plans()["NotifyWholesaleServices_MarketDocument"].max_bytes == 1024**3
        )
        _same_as_whole(example, tmp_path)
        assert validate_file(example).valid
    finally:
        monkeypatch.undo()
        streaming.stream_plans.cache_clear()
    assert not is_streamed(EBIX / "PriceVolumeCombinationForReconciliation.xml")


_Seen = list[tuple[str, int | None, str | None, str]]


def _problems(problems: list[Problem]) -> _Seen:
    return [(p.code, p.line, p.path, p.message) for p in problems]


def _without_last_point(series: str) -> str:
    last = series.rindex("<abie:Observation Sequence=")
    return series[:last] + series[series.index("</abie:Observation>", last) + 19 :]


@pytest.mark.parametrize("xsd_in", ["first", "second", "after"])
def test_no_rule_finding_is_reported_beside_an_xsd_error(tmp_path: Path, xsd_in: str) -> None:
    # Reading the file whole, the business rules run only on a document the XSD passes; the
    # stream ran them on every series the XSD passed, so a file with an invalid value in one
    # series also listed rule findings (a missing hour: X-METER_POSITIONS) of another.
    text = (EBIX / "CollectedData-hourly-25-hour-day.xml").read_text(encoding="utf-8")
    second = text.index("<rsm:PayloadEnergyTimeSeries>", text.index("</rsm:Payload"))
    head, first, rest = text[:second], "", text[second:]
    head, first = head[: head.index("<rsm:Payload")], head[head.index("<rsm:Payload") :]
    invalid = "<abie:Metered>x"
    if xsd_in == "first":
        first, rest = first.replace("<abie:Metered>", invalid, 1), _without_last_point(rest)
    elif xsd_in == "second":
        first, rest = _without_last_point(first), rest.replace("<abie:Metered>", invalid, 1)
    else:  # a short second series, an element after it
        rest = _after_the_last_series(_without_last_point(rest), "<rsm:Header/>")
    path = tmp_path / "in.xml"
    path.write_text(head + first + rest, encoding="utf-8")
    whole = validate(path)
    streamed = validate_file(path)
    assert not whole.valid
    assert not any(p.code.startswith("X-") for p in whole.problems)
    assert not any(p.code.startswith("X-") for p in streamed.problems)
    if xsd_in != "after":  # (the stream's message says nothing may follow the last series)
        assert _problems(streamed.problems) == _problems(whole.problems)


def _header_without_creation(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    tag = "abie:Creation" if "abie:Creation" in text else "createdDateTime"
    start = text.index(f"<{tag}>")
    return text[:start] + text[text.index(f"</{tag}>") + len(tag) + 3 :]


def _context_after_the_first_series(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    start = text.index("<rsm:ProcessEnergyContext>")
    end = text.index("</rsm:ProcessEnergyContext>") + len("</rsm:ProcessEnergyContext>")
    second = text.index("<rsm:PayloadEnergyTimeSeries>", text.index("</rsm:Payload"))
    return text[:start] + text[end:second] + text[start:end] + text[second:]


@pytest.mark.parametrize(
    ("path", "change"),
    [
        (BILLING[1], _header_without_creation),
        (EBIX / "CollectedData.xml", _header_without_creation),
        (EBIX / "CollectedData.xml", _context_after_the_first_series),
    ],
    ids=["cim-header", "ebix-header", "ebix-context-moved"],
)
def test_a_flaw_in_the_roots_children_is_reported_once(
    tmp_path: Path, path: Path, change: Callable[[Path], str]
) -> None:
    # The XSD stops checking the root's children at the first one out of place (nothing after
    # it is looked at); each chunk repeated a header's flaw at its own series, so a file of 9999
    # series listed it 9999 times.
    source = tmp_path / path.name
    source.write_text(change(path), encoding="utf-8")
    whole = validate(source)
    streamed = validate_file(source)
    assert len(whole.problems) == 1
    assert _problems(streamed.problems) == _problems(whole.problems)


def _refusal(call: Callable[[], object]) -> tuple[str, _Seen]:
    with pytest.raises(ElhubCimError) as caught:
        call()
    return type(caught.value).__name__, _problems(list(caught.value.problems))


@pytest.mark.parametrize("to", ["cim", "ebix"])
def test_a_refused_single_series_file_names_its_series_as_whole(
    tmp_path: Path, to: Literal["cim", "ebix"]
) -> None:
    # A file of one series names it without a position (/Root/Series/...): convert_file, which
    # stops at the first series it refuses, named it Series[1] not knowing whether more follow.
    path = CIM / "NotifyCollectedMeasureData_BRS-NO-313.xml"
    source = tmp_path / path.name
    source.write_text(
        path.read_text(encoding="utf-8").replace("<quantity>", "<quantity>x", 1), encoding="utf-8"
    )
    whole = _refusal(lambda: convert(source, to=to))
    assert "/Series/" in (whole[1][0][2] or "")
    assert _refusal(lambda: convert_file(source, tmp_path / "out.xml", to=to)) == whole
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]


@pytest.mark.parametrize("flaw", ["undeclared-prefix", "cut-short"])
def test_a_malformed_file_is_refused_as_malformed_whatever_its_series(
    tmp_path: Path, flaw: str
) -> None:
    # Reading the file whole, malformed XML is what a file is refused for, before any XSD
    # problem; convert_file reported the first series the XSD refused: an element of an
    # undeclared prefix as 'not expected' (at a path such as /*/*[10]/*[7]/Header), or an
    # invalid value in a file cut short further on.
    text = (EBIX / "CollectedData-hourly-25-hour-day.xml").read_text(encoding="utf-8")
    text = text.replace("<abie:Metered>", "<abie:Metered>x", 1)
    if flaw == "undeclared-prefix":
        at = text.rindex("<abie:Observation ")
        text = text[:at] + "<x:Header/>" + text[at:]
    else:
        text = text[: text.rindex("</rsm:CollectedData>")]  # after the last series
    source = tmp_path / "in.xml"
    source.write_text(text, encoding="utf-8")
    whole = _refusal(lambda: convert(source, to="cim"))
    assert [code for code, *_ in whole[1]] == ["XML_MALFORMED"]
    assert _refusal(lambda: convert_file(source, tmp_path / "out.xml", to="cim")) == whole
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.xml"]


def test_the_domain_models_finding_names_the_series_by_its_place_in_the_file(
    tmp_path: Path,
) -> None:
    # The domain model names what it refuses by its place in the document (series.1.profiled
    # ...); each chunk holds one series, so every such message named the first (series.0).
    text = BILLING[1].read_text(encoding="utf-8")
    line = "    <profiled_Quantity.type>Estimated</profiled_Quantity.type>\n"
    assert text.count(line) == 1
    source = tmp_path / "in.xml"
    source.write_text(text.replace(line, ""), encoding="utf-8")
    whole = validate(source)
    assert [p.message.split(":")[0] for p in whole.problems] == ["series.1.profiled.kind"]
    assert _problems(validate_file(source).problems) == _problems(whole.problems)
    converted = _refusal(lambda: convert(source, to="ebix"))
    assert _refusal(lambda: convert_file(source, tmp_path / "out.xml", to="ebix")) == converted


@pytest.mark.parametrize(
    ("before", "put"),
    [
        ("<rsm:CollectedData", "<x:y/>"),  # the root is x:y
        ("<rsm:ProcessEnergyContext>", "<x:y/>"),  # in the header
        ("</rsm:CollectedData>", "<x:y/>"),  # after the last series
        ("</rsm:CollectedData>", "<x:PayloadEnergyTimeSeries/>"),
    ],
    ids=["root", "header", "end", "series"],
)
def test_an_undeclared_prefix_on_the_root_or_its_child_is_malformed_xml(
    tmp_path: Path, before: str, put: str
) -> None:
    # The stream asked lxml for the local name of the root and of each of its children, which
    # raised a bare ValueError ('Invalid tag name') for a name of an undeclared prefix.
    text = (EBIX / "CollectedData.xml").read_text(encoding="utf-8")
    at = text.index(before)
    source = tmp_path / "in.xml"
    source.write_text(text[:at] + put + text[at:], encoding="utf-8")
    whole = validate(source)
    assert [p.code for p in whole.problems] == ["XML_MALFORMED"]
    assert _refusal(lambda: validate_file(source)) == (
        "MalformedXmlError",
        _problems(whole.problems),
    )
    assert _refusal(lambda: convert_file(source, tmp_path / "out.xml", to="cim")) == _refusal(
        lambda: convert(source, to="cim")
    )
    assert [p.name for p in tmp_path.iterdir()] == ["in.xml"]


@pytest.mark.parametrize("element", ["<rsm:Unexpected/>", "<rsm:Header/>"])
def test_an_element_between_two_series_is_not_expected(tmp_path: Path, element: str) -> None:
    # It became the header of the next series' chunk, so the XSD said 'Expected is ( Header )'
    # of an element after a series, where only another series may come.
    text = (EBIX / "CollectedData.xml").read_text(encoding="utf-8")
    second = text.index("<rsm:PayloadEnergyTimeSeries>", text.index("</rsm:Payload"))
    source = tmp_path / "in.xml"
    source.write_text(text[:second] + element + text[second:], encoding="utf-8")
    whole, streamed = validate(source).problems, validate_file(source).problems
    assert [(p.code, p.line, p.path) for p in streamed] == [(p.code, p.line, p.path) for p in whole]
    assert [p.message for p in streamed] == [
        f"{p.message} (only PayloadEnergyTimeSeries may follow a PayloadEnergyTimeSeries)"
        for p in whole
    ]
    refused = _refusal(lambda: convert_file(source, tmp_path / "out.xml", to="cim"))
    assert refused == ("SchemaViolationError", _problems(streamed))


MUTATED = [EBIX / "CollectedData.xml", CIM / "NotifyCollectedMeasureData_BRS-NO-313.xml", *BILLING]
_SNIPPETS = ["<x/>", "text", "<!--c-->", "<?pi x?>", "&amp;", "<x:y/>", "<mRID>1</mRID>",
             "<rsm:Header/>", "<Series/>", "<abie:Identification>1</abie:Identification>",
             ]  # fmt: skip


def _told(call: Callable[[], list[Problem]]) -> _Seen:
    """The problems, whether returned or raised; the message of a child of the root out of
    place left out (the stream's own wording says where it is)."""
    try:
        problems = call()
    except ElhubCimError as error:
        problems = list(error.problems)
    return [
        (code, line, path, "" if code == "XSD_CONTENT" and (path or "").count("/") == 2 else text)
        for code, line, path, text in _problems(problems)
    ]


@settings(max_examples=max(5, settings().max_examples // 4))
@given(
    st.sampled_from(MUTATED),
    st.integers(min_value=0),
    st.sampled_from(["insert", "delete", "repeat"]),
    st.sampled_from(_SNIPPETS),
)
def test_a_changed_metering_file_streams_as_it_reads_whole(
    path: Path, where: int, change: str, snippet: str
) -> None:
    """An element, text, comment or entity put in, or a line taken out or repeated, anywhere
    in a metering file (the header, a series, between them, the end): streaming finds the same
    problems as reading the file whole, and refuses or converts it the same."""
    import tempfile

    text = path.read_text(encoding="utf-8")
    tags = [found.start() for found in re.finditer("<", text)]
    at = tags[where % len(tags)]
    line_start, line_end = text.rfind("\n", 0, at), text.find("\n", at)
    if change == "insert":
        text = text[:at] + snippet + text[at:]
    elif change == "delete":
        text = text[:line_start] + text[line_end:]
    else:
        text = text[:line_end] + text[line_start:line_end] + text[line_end:]
    to: Literal["cim", "ebix"] = "ebix" if path.parent == CIM else "cim"
    with tempfile.TemporaryDirectory() as folder:
        source, out = Path(folder) / "in.xml", Path(folder) / "out.xml"
        source.write_text(text, encoding="utf-8")
        assert _told(lambda: validate_file(source).problems) == _told(
            lambda: validate(source).problems
        )
        try:
            whole = convert(source, to=to).data
        except ElhubCimError as error:
            problems = list(error.problems)
            refused = _told(lambda: problems)
            assert _told(lambda: convert_file(source, out, to=to).problems) == refused
            assert [p.name for p in Path(folder).iterdir()] == ["in.xml"]
        else:
            convert_file(source, out, to=to)
            assert out.read_bytes() == whole
