"""The command line streams metering files (issue 16 point 2): ``validate`` and ``convert`` send a
local CollectedData / NotifyCollectedMeasureData file, or the billing document
(NotifyValidatedDataForBillingEnergy / NotifyValidatedMeasureData), through
:mod:`elhub_cim.stream`, told by the read stage from the root element, within its own size
limit (``METERING_MAX_BYTES``) instead of ``--max-bytes``. Whatever way a file goes, the
outputs, problems, exit codes and tallies are the whole-document path's.
"""

from __future__ import annotations

import importlib
import shutil
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from elhub_cim import stream, work
from elhub_cim.cli import main
from elhub_cim.convert import convert
from elhub_cim.core.safeparse import DEFAULT_MAX_BYTES
from elhub_cim.stream import METERING_MAX_BYTES, is_streamed
from tests.conftest import PROJECT_ROOT

EBIX = PROJECT_ROOT / "examples" / "ebix"
HOURLY = EBIX / "CollectedData-hourly-25-hour-day.xml"
BILLING = EBIX / "NotifyValidatedDataForBillingEnergy.xml"
METERING = [
    *sorted(EBIX.glob("CollectedData*.xml")),
    PROJECT_ROOT / "examples" / "cim" / "NotifyCollectedMeasureData_BRS-NO-313.xml",
    BILLING,
    PROJECT_ROOT / "examples" / "cim" / "NotifyValidatedMeasureData_BRS-NO-324.xml",
]


def _variants(folder: Path) -> list[Path]:
    """Metering files as they come: clean ones, and ones with a rule finding, an invalid value,
    a series id twice, a truncated end (each in its own file)."""
    text = HOURLY.read_text(encoding="utf-8")
    made = []
    for path in METERING:
        copy = folder / path.name
        shutil.copy(path, copy)
        made.append(copy)
    last = text.rindex('<abie:Observation Sequence="25">')
    end = text.index("</abie:Observation>", last) + len("</abie:Observation>")
    variants = {
        "short-series.xml": text[:last] + text[end:],  # X-METER_POSITIONS
        "bad-quantity.xml": text.replace("<abie:Metered>", "<abie:Metered>x", 1),
        "truncated.xml": text[: len(text) // 2],
    }
    first = text.index("<rsm:PayloadEnergyTimeSeries>")
    second = text.index("<rsm:PayloadEnergyTimeSeries>", first + 1)
    id_start = text.index("<abie:Identification>", first) + len("<abie:Identification>")
    id_end = text.index("</abie:Identification>", id_start)
    ident = text[id_start:id_end]
    s_start = text.index("<abie:Identification>", second) + len("<abie:Identification>")
    s_end = text.index("</abie:Identification>", s_start)
    variants["same-series-id.xml"] = text[:s_start] + ident + text[s_end:]
    billing = BILLING.read_text(encoding="utf-8")
    last = billing.rindex("<abie:Observation ")
    end = billing.index("</abie:Observation>", last) + len("</abie:Observation>")
    variants["billing-short-series.xml"] = billing[:last] + billing[end:]  # X-METER_POSITIONS
    for name, body in variants.items():
        path = folder / name
        path.write_text(body, encoding="utf-8")
        made.append(path)
    return made


@pytest.fixture
def streaming_counted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the files the stream was asked to read (validate or convert)."""
    seen: list[str] = []
    validate_file, convert_file = stream.validate_file, stream.convert_file
    convert_into = stream.convert_into  # (what a batch streams with, into its staged file)

    def counted_validate(path: object, **kwargs: object) -> stream.StreamResult:
        seen.append(Path(str(path)).name)
        return validate_file(path, **kwargs)  # type: ignore[arg-type]

    def counted_convert(path: object, target: object, **kwargs: object) -> stream.StreamResult:
        seen.append(Path(str(path)).name)
        return convert_file(path, target, **kwargs)  # type: ignore[arg-type]

    def counted_into(path: object, handle: object, **kwargs: object) -> stream.StreamResult:
        seen.append(Path(str(path)).name)
        return convert_into(path, handle, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(stream, "validate_file", counted_validate)
    monkeypatch.setattr(stream, "convert_file", counted_convert)
    monkeypatch.setattr(stream, "convert_into", counted_into)
    return seen


def _run(args: list[str]) -> tuple[int, str]:
    done = CliRunner().invoke(main, args)
    return done.exit_code, done.output


def test_the_read_stage_tells_metering_files_by_their_root() -> None:
    assert all(is_streamed(path) for path in METERING)
    assert not is_streamed(EBIX / "RequestStartOfSupply-move-in.xml")
    assert METERING_MAX_BYTES > DEFAULT_MAX_BYTES * 100


@pytest.mark.parametrize("command", ["validate", "convert"])
def test_the_cli_answers_as_the_whole_document_path(
    command: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    streaming_counted: list[str],
) -> None:
    """Same output lines, exit code, tallies and output bytes with and without streaming, for
    clean and flawed metering files in one batch."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    files = _variants(inputs)
    whole: list[str] = []  # files the whole-document path read while streaming was on
    module = importlib.import_module(
        f"elhub_cim.{'pipeline' if command == 'validate' else command}"
    )
    # (a batch goes through convert_many or validate_many: each source it takes is counted)
    attribute = f"{command}_many"
    read_whole = getattr(module, attribute)

    def counted_many(sources: Iterable[object], *args: object, **kwargs: object) -> object:
        def each() -> Iterator[object]:
            for source in sources:
                whole.append(Path(str(source)).name)
                yield source

        return read_whole(each(), *args, **kwargs)

    answers = []
    for streaming in (True, False):
        monkeypatch.setattr(work, "STREAMING", streaming)
        monkeypatch.setattr(module, attribute, counted_many if streaming else read_whole)
        out = tmp_path / f"out-{streaming}"
        args = [command, str(inputs), "--jobs", "1"]
        if command == "convert":
            args += ["--to", "cim", "-O", str(out)]
        code, text = _run(args)
        written = {
            p.name: p.read_bytes().replace(str(out).encode(), b"OUT") for p in sorted(out.glob("*"))
        }
        answers.append((code, text.replace(str(out), "OUT"), written))
    assert answers[0] == answers[1]
    code, text, written = answers[0]
    assert code == 1, text  # the flawed files
    # Every file went to the stream first; the flawed ones were then read whole (within
    # --max-bytes), the clean ones were not.
    assert sorted(set(streaming_counted)) == sorted(p.name for p in files)
    flawed = {"short-series.xml", "bad-quantity.xml", "truncated.xml", "same-series-id.xml",
              "billing-short-series.xml"}  # fmt: skip
    assert flawed <= set(whole)
    assert HOURLY.name not in whole
    assert BILLING.name not in whole
    if command == "convert":
        assert written["CollectedData-hourly-25-hour-day.xml"] == convert(HOURLY, to="cim").data
        assert written[BILLING.name] == convert(BILLING, to="cim").data


@pytest.mark.parametrize("command", ["validate", "convert"])
def test_a_metering_file_over_the_general_limit_is_streamed(
    command: str, tmp_path: Path, streaming_counted: list[str]
) -> None:
    """Past ``--max-bytes`` a metering file is still read (its own limit), any other is not."""
    small = str(HOURLY.stat().st_size // 2)
    out = tmp_path / "out.xml"
    args = [command, str(HOURLY), "--max-bytes", small]
    if command == "convert":
        args += ["--to", "cim", "-o", str(out)]
    code, text = _run(args)
    assert code == 0, text
    assert streaming_counted == [HOURLY.name]
    if command == "convert":
        assert out.read_bytes() == convert(HOURLY, to="cim").data
    other = EBIX / "RequestStartOfSupply-move-in.xml"
    code, text = _run(["validate", str(other), "--max-bytes", "100"])
    assert code == 1
    assert "XML_TOO_LARGE" in text


def test_a_flawed_metering_file_over_the_general_limit_gets_the_streams_findings(
    tmp_path: Path,
) -> None:
    """The whole-document path cannot read it: the stream's own problems are the answer (the
    series named by position, the input's line), and nothing is written."""
    folder = tmp_path / "in"
    folder.mkdir()
    short = next(p for p in _variants(folder) if p.name == "short-series.xml")
    limit = str(short.stat().st_size // 2)
    code, text = _run(["validate", str(short), "--max-bytes", limit])
    assert code == 1
    assert "X-METER_POSITIONS" in text
    assert "PayloadEnergyTimeSeries[" in text
    out = tmp_path / "out.xml"
    code, text = _run(
        ["convert", str(short), "--to", "cim", "-o", str(out), "--max-bytes", limit, "--strict"]
    )
    assert code == 1, text
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name != "in"] == []
