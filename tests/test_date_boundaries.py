"""No date can stop a batch (issue 12, point 1).

A date-boundary sweep: every date and date-time of every example (``examples/ebix``,
``examples/cim``) is replaced, one at a time, by the ends of the calendar that ``xs:date`` and
``xs:dateTime`` accept but Python cannot always compute with (``9999-12-31T23:59:59Z`` is in
year 10000 in Norwegian time). Every variant goes through validate, convert, ``to_domain``, the
notice and monitor batches and the sharing set-up reader: each ends with a result or an
``ElhubCimError`` (stable code), never another exception, and the batches account for every
input. The batch commands turn an unexpected exception on one input into a reported internal
error on that input and carry on.
"""

from __future__ import annotations

import contextlib
import importlib
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

import pytest
from click.testing import CliRunner, Result

import elhub_cim
from elhub_cim.cli import main
from elhub_cim.convert import convert
from elhub_cim.core.errors import ElhubCimError
from elhub_cim.monitor.extract import Extractor
from elhub_cim.notices.delivery import Outbox
from elhub_cim.notices.registers import CsvContactRegister, CsvPartyRegister
from elhub_cim.notices.service import Notifier
from elhub_cim.sharing.setup import load_setup

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples").glob("*/*.xml"))
CONTACTS = ROOT / "examples" / "notices" / "contacts.csv"
GRID_COMPANIES = ROOT / "examples" / "notices" / "grid-companies.csv"
END_OF_SUPPLY = ROOT / "examples" / "cim" / "RequestEndOfSupply_BRS-NO-201.xml"
NOTIFY_START = ROOT / "examples" / "cim" / "NotifyStartOfSupply_BRS-NO-102.xml"
QUERY_ACK = ROOT / "examples" / "cim" / "Acknowledgement_BRS-NO-611.xml"

_DATE_TIME = re.compile(rb">\s*(\d{4}-\d{2}-\d{2}T[0-9:.]+(?:Z|[+-]\d{2}:\d{2})?)\s*<")
_DATE = re.compile(rb">\s*(\d{4}-\d{2}-\d{2})\s*<")
BOUNDARY_DATE_TIMES = (
    b"9999-12-31T23:59:59Z",
    b"9999-12-31T23:59:59-14:00",
    b"0001-01-01T00:00:00Z",
    b"0001-01-01T00:00:00+14:00",
)
BOUNDARY_DATES = (b"9999-12-31", b"0001-01-01")


def variants(data: bytes) -> Iterator[bytes]:
    """``data`` with each date-time and each date replaced by each boundary value in turn."""
    for pattern, values in ((_DATE_TIME, BOUNDARY_DATE_TIMES), (_DATE, BOUNDARY_DATES)):
        for match in pattern.finditer(data):
            for value in values:
                yield data[: match.start(1)] + value + data[match.end(1) :]


def test_the_sweep_finds_dates_in_most_examples() -> None:
    with_dates = [path for path in EXAMPLES if next(variants(path.read_bytes()), None)]
    assert len(with_dates) >= len(EXAMPLES) - 2


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_boundary_dates_end_in_a_result_or_a_stable_error(example: Path, tmp_path: Path) -> None:
    cases = list(variants(example.read_bytes()))
    if not cases:
        pytest.skip("no date in this example")
    target: Literal["cim", "ebix"] = "cim" if example.parent.name == "ebix" else "ebix"
    files = []
    for number, data in enumerate(cases):
        name = f"{example.stem}-{number}"
        result = elhub_cim.validate(data, name=name)  # never raises for bad input
        assert all(p.code for p in result.problems)
        with contextlib.suppress(ElhubCimError):
            convert(data, to=target, allow_loss=True, name=name)
        path = tmp_path / "in" / f"{name}.xml"
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(data)
        files.append(path)
        if "SharedProduction" in example.name:
            with contextlib.suppress(ElhubCimError):
                load_setup(path)

    # The notice batch: one outcome per input, whatever the dates.
    notifier = Notifier(
        CsvContactRegister.load(CONTACTS),
        parties=CsvPartyRegister.load(GRID_COMPANIES),
        sender="Eksempel Nett AS <varsel@eksempel-nett.example>",
    )
    outcomes = notifier.run([(str(p), p) for p in files], Outbox(tmp_path / "outbox"))
    assert len(outcomes) == len(files)
    assert not [o for o in outcomes if any(p.code == "INTERNAL_ERROR" for p in o.problems)]

    # The monitor: every input used or skipped with a reason; no internal error.
    extractor = Extractor(b"k" * 16)
    for path in files:
        extractor.add(path)
    extracted = extractor.finish()
    assert extracted.files == len(files)
    assert not [s for s in extracted.skipped if s.category == "internal error"]


def _with(path: Path, old: bytes, new: bytes, target: Path) -> Path:
    data = path.read_bytes()
    assert old in data
    target.write_bytes(data.replace(old, new))
    return target


def test_validate_reports_a_date_out_of_range_on_the_deadline_rules(tmp_path: Path) -> None:
    """The issue's reproduction: an OverflowError traceback in the rule engine before."""
    bad = _with(END_OF_SUPPLY, b"2026-06-25T22:00:00Z", b"9999-12-31T23:59:59Z", tmp_path / "x.xml")
    result = elhub_cim.validate(bad)
    assert not result.valid
    codes = [p.code for p in result.problems]
    assert codes.count("DATE_OUT_OF_RANGE") == 1, codes  # once, not once per deadline rule
    problem = next(p for p in result.problems if p.code == "DATE_OUT_OF_RANGE")
    assert problem.line is not None
    assert problem.path
    cli = CliRunner().invoke(main, ["validate", str(bad), str(END_OF_SUPPLY)])
    assert cli.exit_code == 1
    assert not isinstance(cli.exception, OverflowError)
    assert "DATE_OUT_OF_RANGE" in cli.output
    assert "2 files: 1 valid, 1 invalid" in cli.output


def test_a_creation_time_out_of_range_is_reported_too(tmp_path: Path) -> None:
    data = END_OF_SUPPLY.read_bytes()
    created = re.search(rb"<createdDateTime>([^<]+)<", data)
    assert created is not None
    bad = tmp_path / "x.xml"
    bad.write_bytes(data.replace(created.group(1), b"9999-12-31T23:59:59Z"))
    codes = [p.code for p in elhub_cim.validate(bad).problems]
    assert codes.count("DATE_OUT_OF_RANGE") == 1, codes


def notice(*arguments: str) -> Result:
    return CliRunner().invoke(
        main,
        [
            "notice",
            *arguments,
            "--register",
            str(CONTACTS),
            "--grid-companies",
            str(GRID_COMPANIES),
            "--from",
            "Eksempel Nett AS <varsel@eksempel-nett.example>",
        ],
    )


def test_notice_batch_goes_on_after_a_date_out_of_range(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    data = NOTIFY_START.read_bytes()
    start = re.search(rb"<validityStart_DateAndOrTime.dateTime>([^<]+)<", data)
    assert start is not None
    (folder / "a-bad.xml").write_bytes(data.replace(start.group(1), b"9999-12-31T23:59:59Z"))
    (folder / "b-good.xml").write_bytes(data)
    result = notice(str(folder), "-O", str(tmp_path / "outbox"))
    assert not isinstance(result.exception, OverflowError)
    assert result.exit_code == 1, result.output
    assert "a-bad.xml: error: DATE_OUT_OF_RANGE" in result.output
    assert "2 inputs: 1 notices written" in result.output
    assert len(list((tmp_path / "outbox").glob("*.eml"))) == 1


def test_notice_batch_reports_an_internal_error_and_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    service = importlib.import_module("elhub_cim.notices.service")

    real = service.decide
    calls: list[object] = []

    def broken(document: object) -> object:
        calls.append(document)
        if len(calls) == 1:  # the first input (a.xml) meets a bug
            raise RuntimeError("a bug")
        return real(document)

    monkeypatch.setattr(service, "decide", broken)
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.xml").write_bytes(NOTIFY_START.read_bytes())
    (folder / "b.xml").write_bytes(NOTIFY_START.read_bytes())
    result = notice(str(folder), "-O", str(tmp_path / "outbox"))
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "a.xml: error: INTERNAL_ERROR internal error (RuntimeError: a bug)" in result.output
    assert "2 inputs: 1 notices written" in result.output


def test_monitor_extract_skips_a_date_out_of_range_and_exits_2(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    data = QUERY_ACK.read_bytes()
    created = re.search(rb"<createdDateTime>([^<]+)<", data)
    assert created is not None
    # UTC, as the profile requires (0.2): in Norwegian time it is in year 10000
    (folder / "bad.xml").write_bytes(data.replace(created.group(1), b"9999-12-31T23:59:59Z"))
    (folder / "good.xml").write_bytes(data)
    out = tmp_path / "events.csv"
    result = CliRunner().invoke(main, ["monitor", "extract", str(folder), "-o", str(out)])
    assert not isinstance(result.exception, OverflowError)
    assert result.exit_code == 2, result.output
    assert "2 files: 1 used, 1 skipped" in result.stderr
    assert "DATE_OUT_OF_RANGE" in result.stderr
    assert len(out.read_text(encoding="utf-8").splitlines()) == 2  # header + the good event


def test_monitor_extract_reports_an_internal_error_and_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    extract = importlib.import_module("elhub_cim.monitor.extract")
    real = extract.reader_for
    calls: list[object] = []

    def broken(message_type: object) -> object:
        calls.append(message_type)
        if len(calls) == 1:  # the first input (a.xml) meets a bug
            raise KeyError("a bug")
        return real(message_type)

    monkeypatch.setattr(extract, "reader_for", broken)
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.xml").write_bytes(QUERY_ACK.read_bytes())
    (folder / "b.xml").write_bytes(QUERY_ACK.read_bytes())
    out = tmp_path / "events.csv"
    # One process: the patched reader's call count lives in this process.
    result = CliRunner().invoke(
        main, ["monitor", "extract", str(folder), "-o", str(out), "--jobs", "1"]
    )
    assert result.exit_code == 2, result.output
    assert "2 files: 1 used, 1 skipped" in result.stderr
    assert "INTERNAL_ERROR internal error" in result.stderr
    assert "KeyError" in result.stderr


def test_monitor_extract_exits_0_when_it_only_skips_other_messages(tmp_path: Path) -> None:
    """Another message type or process is no failure: only broken inputs make exit 2."""
    out = tmp_path / "events.csv"
    examples = [str(ROOT / "examples" / "ebix"), str(ROOT / "examples" / "cim")]
    result = CliRunner().invoke(main, ["monitor", "extract", *examples, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "skipped" in result.stderr


def test_monitor_extract_exits_2_on_an_invalid_input(tmp_path: Path) -> None:
    """The docstring promised exit 2 for invalid inputs; the run exited 0 before."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "broken.xml").write_bytes(b"<not-closed>")
    (folder / "good.xml").write_bytes(QUERY_ACK.read_bytes())
    out = tmp_path / "events.csv"
    result = CliRunner().invoke(main, ["monitor", "extract", str(folder), "-o", str(out)])
    assert result.exit_code == 2, result.output
    assert out.exists()
    assert "XML_MALFORMED" in result.stderr


def test_share_reports_an_internal_error_without_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import elhub_cim.sharing.cli as share_cli

    def broken(*args: object, **kwargs: object) -> object:
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(share_cli, "allocate", broken)
    sharing = ROOT / "examples" / "sharing"
    result = CliRunner().invoke(
        main, ["share", str(sharing / "setup.toml"), str(sharing / "series.csv")]
    )
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)
    assert "INTERNAL_ERROR internal error (ZeroDivisionError: a bug)" in result.stderr


@pytest.mark.parametrize(
    "start", ["9999-12-31T23:59:59Z", "0001-01-01T00:00:00+14:00", "9999-12-31T23:00:00+00:00"]
)
def test_share_refuses_a_series_start_out_of_range(tmp_path: Path, start: str) -> None:
    sharing = ROOT / "examples" / "sharing"
    text = (sharing / "series.csv").read_text(encoding="utf-8")
    first = text.splitlines()[1].split(",")[1]
    series = tmp_path / "series.csv"
    series.write_text(text.replace(first, start, 1), encoding="utf-8")
    result = CliRunner().invoke(main, ["share", str(sharing / "setup.toml"), str(series)])
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit)
    assert f"SHARE_RANGE line 2: start {start} is out of range" in result.stderr


@pytest.mark.parametrize("text", ["9999-12-31T23:30:00-01:00", "0001-01-01T00:30:00+01:00"])
def test_a_time_out_of_range_is_refused_every_time_it_is_converted(text: str) -> None:
    # The time conversions keep what they computed; a refusal is never kept, and a time in
    # range that was converted before converts the same.
    from elhub_cim.core.errors import DateOutOfRangeError
    from elhub_cim.core.profile import to_oslo, to_utc

    convert_to = to_utc if text.startswith("9999") else to_oslo
    for _ in range(2):
        with pytest.raises(DateOutOfRangeError):
            convert_to(text)
    assert [to_utc("2026-05-01T00:00:00+02:00") for _ in range(2)] == ["2026-04-30T22:00:00Z"] * 2


@pytest.mark.parametrize("compiled_plans", [True, False], ids=["compiled", "engine"])
def test_a_time_before_year_1000_in_utc_has_no_cim_form(
    compiled_plans: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """EMIF and the profile both write years 1000-9999 (their patterns), but an EMIF time on the
    first day of year 1000 with a positive offset is in year 999 in UTC: it was written as
    ``999-12-31T23:30:00Z`` (no xs:dateTime at all) and refused as OUTPUT_INVALID, a bug after
    a successful validate. It is DATE_OUT_OF_RANGE, naming the year CIM cannot write."""
    from elhub_cim.core.errors import DateOutOfRangeError
    from elhub_cim.core.profile import to_utc
    from elhub_cim.mapping import compiled

    monkeypatch.setattr(compiled, "enabled", compiled_plans)
    source = (ROOT / "examples" / "ebix" / "RequestStartOfSupply-move-in.xml").read_bytes()
    data = re.sub(rb"(<abie:Creation>)[^<]*", rb"\g<1>1000-01-01T00:30:00+01:00", source, count=1)
    assert data != source
    assert elhub_cim.validate(data).valid  # (only its CIM form cannot be: a target's limit)
    for allow_loss in (False, True):
        with pytest.raises(DateOutOfRangeError) as refused:
            convert(data, to="cim", allow_loss=allow_loss)
        (problem,) = refused.value.problems
        assert problem.code == "DATE_OUT_OF_RANGE"
        assert "1000-01-01T00:30:00+01:00" in problem.message
        assert "year 999 in UTC" in problem.message
    assert to_utc("1000-01-01T01:00:00+01:00") == "1000-01-01T00:00:00Z"
    for _ in range(2):
        with pytest.raises(DateOutOfRangeError):
            to_utc("1000-01-01T00:59:59.5+01:00")


def test_a_refused_timestamp_is_refused_every_time() -> None:
    from pydantic import TypeAdapter, ValidationError

    from elhub_cim.domain.timestamp import Timestamp

    adapter = TypeAdapter(Timestamp)
    for text in ("2026-02-30T00:00:00Z", "2026-05-01T24:00:00Z"):
        for _ in range(2):
            with pytest.raises(ValidationError):
                adapter.validate_python(text)
    first = adapter.validate_python("2026-05-01T00:00:00+02:00")
    again = adapter.validate_python("2026-05-01T00:00:00+02:00")
    assert type(first) is Timestamp
    assert first == again == "2026-05-01T00:00:00+02:00"
    assert first.datetime.isoformat() == "2026-05-01T00:00:00+02:00"
