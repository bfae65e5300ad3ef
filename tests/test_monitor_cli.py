"""``elhub-cim monitor``: extract, report (text, JSON, chart), thresholds; exit codes."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from elhub_cim.cli import main
from elhub_cim.monitor.thresholds import default_thresholds_text
from tests.test_monitor_support import (
    ACTOR,
    CIM,
    EBIX,
    OTHER,
    bulk,
    event,
    request_xml,
    response_xml,
    write_csv,
    write_parquet,
)


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def levels(tmp_path: Path) -> Path:
    """ACTOR is yellow (6 queries of one metering point), OTHER green."""
    rows = [event(subject="1")] * 6 + [event(subject=str(i), actor=OTHER) for i in range(4)]
    return write_csv(tmp_path / "events.csv", rows)


@pytest.fixture
def red(tmp_path: Path) -> Path:
    return write_csv(tmp_path / "red.csv", [event(subject="1")] * 21)


# -- extract -------------------------------------------------------------------------------------


def test_extract_examples(tmp_path: Path) -> None:
    out = tmp_path / "events.parquet"
    skipped = tmp_path / "skipped.csv"
    result = run(
        "monitor", "extract", str(EBIX), str(CIM), "-o", str(out), "--skipped", str(skipped)
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""  # figures go to standard error; no progress bar off a terminal
    assert "used" in result.stderr
    assert "written to" in result.stderr
    assert "reading  " not in result.stderr  # the progress bar's label
    assert "random key for this run" in result.stderr
    # The first skipped files are shown with their reason (all of them in --skipped: the examples
    # outgrow the fifty shown).
    assert any(": " in line and line.startswith("  ") for line in result.stderr.splitlines())
    # Every start-of-supply process is an event, 123 (the grid company's) too.
    assert "RequestStartOfSupply-grid-company-move-in.xml" not in result.stderr
    lines = skipped.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "file,category,reason"
    assert any("CollectedData.xml,not used by the monitor" in line for line in lines)
    assert any(
        "RejectStartOfSupply.xml," in line and "RejectStartOfSupply (ebix)" in line
        for line in lines
    )
    report = run("monitor", "report", str(out), "--format", "json")
    assert report.exit_code == 0
    assert json.loads(report.stdout)["events"] == 10


def test_progress_bar_only_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import sys

    from elhub_cim.monitor.cli import _progress

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    items = [Path("a.xml"), Path("b.xml")]
    pipe = io.StringIO()
    monkeypatch.setattr(sys, "stderr", pipe)
    assert list(_progress(list(items))) == items
    assert pipe.getvalue() == ""
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert list(_progress(list(items))) == items
    assert "reading" in terminal.getvalue()


def test_extract_with_a_key_file_is_repeatable(tmp_path: Path) -> None:
    key = tmp_path / "key"
    key.write_bytes(b"a secret key of our own\n")
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    for out in (first, second):
        result = run("monitor", "extract", str(EBIX), "-o", str(out), "--key-file", str(key))
        assert result.exit_code == 0
        assert "random key" not in result.stderr
    assert first.read_text(encoding="utf-8") == second.read_text(encoding="utf-8")


def test_extract_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    out = tmp_path / "events.csv"
    out.write_text("keep me", encoding="utf-8")
    result = run("monitor", "extract", str(EBIX), "-o", str(out))
    assert result.exit_code == 2
    assert "exists" in result.stderr
    assert out.read_text(encoding="utf-8") == "keep me"
    assert run("monitor", "extract", str(EBIX), "-o", str(out), "--force").exit_code == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nowhere/", "-o", "{tmp}/e.csv"], "no such file or folder"),
        ([str(EBIX), "-o", "{tmp}/e.json"], "must end in .csv or .parquet"),
        ([str(EBIX), "-o", "{tmp}/e.csv", "--key-file", "{tmp}/short"], "at least 16 bytes"),
    ],
)
def test_extract_usage_errors(tmp_path: Path, args: list[str], message: str) -> None:
    (tmp_path / "short").write_bytes(b"short")
    result = run("monitor", "extract", *[a.format(tmp=tmp_path) for a in args])
    assert result.exit_code == 2
    assert message in result.stderr


def test_extract_pairs_generated_files(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    identifier, request = request_xml(created="2026-10-25T02:30:00+01:00")
    (folder / "request.xml").write_text(request, encoding="utf-8")
    (folder / "response.xml").write_text(response_xml(identifier, points=2), encoding="utf-8")
    out = tmp_path / "e.csv"
    result = run("monitor", "extract", str(folder), "-o", str(out))
    assert result.exit_code == 0
    assert "2 files: 2 used, 0 skipped; 1 events" in result.stderr
    body = out.read_text(encoding="utf-8").splitlines()[1]
    assert body.startswith(f"{ACTOR},2026-10-25T01:30:00Z,query611,2,")
    assert ",StartOfSupply,approved,BRS-NO-611," in body


# -- report --------------------------------------------------------------------------------------


def test_report_text(levels: Path) -> None:
    result = run("monitor", "report", str(levels))
    assert result.exit_code == 0
    text = result.stdout
    assert "actor" in text
    assert "queries per metering point per day" in text
    assert "yellow" in text
    assert "6.00 (6/1)" in text
    assert "2 actors: 0 red, 1 yellow, 1 green" in text
    assert text.index(ACTOR) < text.index(OTHER)  # the worst first


@pytest.mark.parametrize("no_color", [None, "1", "yes"])
def test_report_colours_heed_no_color(
    levels: Path, no_color: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The traffic lights were coloured on a terminal whatever NO_COLOR said
    (https://no-color.org): with it set to any non-empty value they are written plain."""
    if no_color is None:
        monkeypatch.delenv("NO_COLOR", raising=False)
    else:
        monkeypatch.setenv("NO_COLOR", no_color)
    result = CliRunner().invoke(main, ["monitor", "report", str(levels)], color=True)
    assert result.exit_code == 0, result.output
    assert "yellow" in result.stdout
    assert ("\x1b[" in result.stdout) is (no_color is None), repr(result.stdout)


def test_report_json(levels: Path) -> None:
    result = run("monitor", "report", str(levels), "--format", "json")
    data = json.loads(result.stdout)
    assert data["worst"] == "yellow"
    assert data["summary"] == {
        "actors": 2,
        "red": 0,
        "yellow": 1,
        "green": 1,
        "not rated": 0,
    }
    first = data["actors"][0]
    assert first["actor"] == ACTOR
    per_point = first["measures"]["queries_per_metering_point"]
    assert per_point["level"] == "yellow"
    assert (per_point["value"], per_point["queries"], per_point["metering_points"]) == (6.0, 6, 1)
    assert per_point["when"] == "2026-03-10"
    assert per_point["bucket_start_utc"] == "2026-03-09T23:00:00Z"
    hourly = first["measures"]["approved_per_hour"]
    assert (hourly["when"], hourly["bucket_start_utc"]) == (
        "2026-03-10 11:00+01:00",
        ("2026-03-10T10:00:00Z"),
    )
    assert data["thresholds"]["approved_per_hour"] == {"yellow_from": 5000, "red_above": 20000}


def test_report_json_infinite_ratio(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "e.csv", [event(purpose="StartOfSupply")] * 3)
    data = json.loads(run("monitor", "report", str(path), "--format", "json").stdout)
    ratio = data["actors"][0]["measures"]["start_of_supply_ratio"]
    assert (ratio["value"], ratio["infinite"], ratio["rated_value"]) == (None, True, 3.0)
    assert (ratio["start_of_supply_queries"], ratio["start_of_supply_requests"]) == (3, 0)
    assert ratio["window_from"] == "2026-02-09"


@pytest.mark.parametrize(
    ("fixture", "fail_on", "code"),
    [
        ("levels", None, 0),
        ("levels", "yellow", 1),
        ("levels", "red", 0),
        ("red", "yellow", 1),
        ("red", "red", 1),
    ],
)
def test_fail_on(
    request: pytest.FixtureRequest, fixture: str, fail_on: str | None, code: int
) -> None:
    path: Path = request.getfixturevalue(fixture)
    args = ["monitor", "report", str(path)] + (["--fail-on", fail_on] if fail_on else [])
    assert run(*args).exit_code == code


def test_fail_on_with_no_events(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "e.csv", [])
    result = run("monitor", "report", str(path), "--fail-on", "yellow")
    assert result.exit_code == 0
    assert "No events" in result.stdout


def test_report_filters(levels: Path) -> None:
    result = run("monitor", "report", str(levels), "--actor", OTHER, "--format", "json")
    assert [a["actor"] for a in json.loads(result.stdout)["actors"]] == [OTHER]
    quiet = run(
        "monitor",
        "report",
        str(levels),
        "--from",
        "2026-03-11",
        "--to",
        "2026-03-12",
        "--fail-on",
        "yellow",
    )
    assert quiet.exit_code == 0


def test_report_thresholds_override(levels: Path, tmp_path: Path) -> None:
    override = tmp_path / "t.toml"
    override.write_text("[queries_per_metering_point]\nyellow_from = 7\n", encoding="utf-8")
    result = run(
        "monitor", "report", str(levels), "--thresholds", str(override), "--fail-on", "yellow"
    )
    assert result.exit_code == 0
    assert f"thresholds: {override}" in result.stdout


def test_chart(levels: Path, tmp_path: Path) -> None:
    chart = tmp_path / "report.html"
    result = run("monitor", "report", str(levels), "--chart", str(chart))
    assert result.exit_code == 0
    assert "chart written to" in result.stderr
    page = chart.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert page.count("<svg") == 6  # one panel per measure
    assert "yellow from 5" in page
    assert "red above 20" in page
    assert ACTOR in page
    assert "<script" not in page
    assert "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")


def test_chart_of_no_events(tmp_path: Path) -> None:
    chart = tmp_path / "report.html"
    path = write_csv(tmp_path / "e.csv", [])
    assert run("monitor", "report", str(path), "--chart", str(chart)).exit_code == 0
    assert "nothing to draw" in chart.read_text(encoding="utf-8")


@pytest.mark.parametrize("which", ["events", "thresholds"])
def test_chart_never_replaces_an_input(levels: Path, tmp_path: Path, which: str) -> None:
    """--chart over the events or the thresholds it reads is refused (as extract's -o), not
    written over them: the data would be lost for an HTML page."""
    thresholds = tmp_path / "thresholds.toml"
    thresholds.write_text("[queries_per_metering_point]\nyellow_from = 7\n", encoding="utf-8")
    inputs = {path: path.read_bytes() for path in (levels, thresholds)}
    chart = levels if which == "events" else thresholds
    result = run("monitor", "report", str(levels), "--thresholds", str(thresholds),
                 "--chart", str(chart))  # fmt: skip
    assert result.exit_code == 2
    assert "OUTPUT_COLLISION" in result.stderr
    assert {path: path.read_bytes() for path in inputs} == inputs


@pytest.mark.parametrize("name", ["actor=1/data_0.parquet", "report.html"])
def test_chart_is_never_written_into_an_input_folder(tmp_path: Path, name: str) -> None:
    """A folder of Parquet files is one input: a chart over one of its files lost those events,
    and one beside them is a stranger in the dataset (a ``.parquet`` name breaks the next
    report)."""
    folder = tmp_path / "events"
    (folder / "actor=1").mkdir(parents=True)
    member = write_parquet(folder / "actor=1" / "data_0.parquet", bulk(3))
    before = member.read_bytes()
    chart = folder / name
    result = run("monitor", "report", str(folder), "--chart", str(chart))
    assert result.exit_code == 2
    assert "OUTPUT_COLLISION" in result.stderr
    assert member.read_bytes() == before
    assert sorted(p.name for p in folder.rglob("*") if p.is_file()) == ["data_0.parquet"]


@pytest.mark.parametrize(
    "args", [["--from", "1999-12-31"], ["--to", "9999-12-31"], ["--from", "9999-12-31"]]
)
def test_a_report_day_out_of_range_names_the_days_a_report_can_rate(
    levels: Path, args: list[str]
) -> None:
    """The message said 'out of the range ... (years 1 to 9999 in every time zone)' of
    1999-12-31, a day inside that range: the days a report can rate are the bound."""
    result = run("monitor", "report", str(levels), *args)
    assert result.exit_code == 2
    assert "DATE_OUT_OF_RANGE" in result.stderr
    assert "2000-01-01 to 9999-12-30" in result.stderr
    assert "years 1 to 9999" not in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--actor", "123"], "is not a GLN"),
        (["--from", "2026-03-12", "--to", "2026-03-10"], "--from is after --to"),
        (["--from", "12.03.2026"], "does not match the format"),
        (["--fail-on", "orange"], "'orange' is not one of"),
        (["--thresholds", "{tmp}/nope.toml"], "cannot read"),
        (["--thresholds", "{tmp}/bad.toml"], "unknown key 'yelow_from'"),
    ],
)
def test_report_usage_errors(levels: Path, tmp_path: Path, args: list[str], message: str) -> None:
    (tmp_path / "bad.toml").write_text("[approved_per_hour]\nyelow_from = 1\n", encoding="utf-8")
    result = run("monitor", "report", str(levels), *[a.format(tmp=tmp_path) for a in args])
    assert result.exit_code == 2
    assert message in result.stderr


def test_report_input_errors(tmp_path: Path) -> None:
    missing = run("monitor", "report", str(tmp_path / "nowhere.parquet"))
    assert missing.exit_code == 2
    assert "no such file" in missing.stderr
    bad = write_csv(tmp_path / "e.csv", [event(), event(kind="query")])
    result = run("monitor", "report", str(bad), "--fail-on", "red")
    assert result.exit_code == 2
    assert "row 2 (line 3), column 'kind': 'query' is not one of query611" in result.stderr
    assert result.stdout == ""


def test_thresholds_command() -> None:
    result = run("monitor", "thresholds")
    assert result.exit_code == 0
    assert result.stdout == default_thresholds_text()
    data = tomllib.loads(result.stdout)
    assert data["approved_per_hour"] == {"yellow_from": 5000, "red_above": 20000}


def test_help() -> None:
    result = run("monitor", "--help")
    assert result.exit_code == 0
    for command in ("extract", "report", "thresholds"):
        assert command in result.stdout


def test_bundled_monitor_examples() -> None:
    from tests.conftest import PROJECT_ROOT

    folder = PROJECT_ROOT / "examples" / "monitor"
    log = str(folder / "actor-log.csv")
    data = json.loads(run("monitor", "report", log, "--format", "json").stdout)
    supplier = data["actors"][0]
    assert (supplier["actor"], supplier["worst"]) == (ACTOR, "yellow")
    per_point = supplier["measures"]["queries_per_metering_point"]
    assert (per_point["value"], per_point["when"], per_point["level"]) == (
        5.0,
        "2026-10-25",
        "yellow",
    )
    hourly = supplier["measures"]["approved_per_hour"]
    assert (hourly["value"], hourly["when"]) == (4, "2026-10-25 02:00+01:00")  # the second 02:00
    strict = ["--thresholds", str(folder / "thresholds-strict.toml")]
    assert run("monitor", "report", log, *strict, "--fail-on", "red").exit_code == 0
    assert run("monitor", "report", log, *strict, "--fail-on", "yellow").exit_code == 1
    assert run("monitor", "report", log, "--fail-on", "yellow").exit_code == 1


def test_a_thread_count_beyond_reason_is_a_usage_error(tmp_path: Path) -> None:
    # --threads 100000 was taken: DuckDB took seconds only to set up the threads, and the report
    # did not finish in minutes.
    events = tmp_path / "events.csv"
    events.write_text("x\n", encoding="utf-8")
    result = run("monitor", "report", str(events), "--threads", "100000")
    assert result.exit_code == 2
    assert "--threads" in result.output


@pytest.mark.parametrize(
    "args",
    [
        ["monitor", "report", "x.csv", "--actor", "{id}"],
        ["monitor", "report", "x.csv", "--from", "{id}"],
        ["share", "setup.toml", "x.csv", "--interval", "{id}"],
        ["notice", "x.xml", "--register", "{contacts}", "--from", "a <a@b.no>", "--smtp", "{id}"],
        ["validate", "x.xml", "--as-of", "{id}"],
    ],
)
def test_a_usage_error_never_prints_an_identity_number(args: list[str]) -> None:
    """An identity number given by mistake as an option's value is masked in click's usage
    error (its message quotes the value), as everywhere else."""
    for number in ("15058512343", "55058510083"):
        contacts = str(Path(__file__).parents[1] / "examples/notices/contacts.csv")
        result = CliRunner().invoke(main, [a.format(id=number, contacts=contacts) for a in args])
        assert result.exit_code == 2, result.output
        assert "Error:" in result.output
        assert number not in result.output
        assert "masked" in result.output


@pytest.mark.parametrize(
    "args",
    [
        ["report", "{events}", "--chart", ""],
        ["report", "{events}", "--chart", " "],
        ["report", "{events}", "--thresholds", ""],
        ["extract", str(EBIX), "-o", "{out}", "--skipped", ""],
        ["extract", str(EBIX), "-o", ""],
    ],
)
def test_an_empty_file_name_is_a_usage_error(
    levels: Path, args: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An empty value (an unset shell variable) asked for a file: it was silently no chart,
    no skipped list (exit 0), or a thresholds file 'Is a directory'; an empty -o was
    '<input>: IO_ERROR exists', of an input that is no output."""
    monkeypatch.chdir(tmp_path)  # (a name of blanks would be written here, not in the checkout)
    out = levels.parent / "events-out.csv"
    result = run("monitor", *[a.format(events=levels, out=out) for a in args])
    assert result.exit_code == 2, result.output
    assert "empty" in result.output
    assert not out.exists()


def test_a_thresholds_file_name_is_shown_masked(levels: Path, tmp_path: Path) -> None:
    """The report's header, its JSON and the chart named the thresholds file as it was: an
    identity number in the name was printed and written."""
    number = "15058512343"
    thresholds = tmp_path / f"limits-{number}.toml"
    thresholds.write_text("[approved_per_hour]\nyellow_from = 10\n", encoding="utf-8")
    chart = tmp_path / "chart.html"
    for output in ("text", "json"):
        result = run(
            "monitor", "report", str(levels), "--thresholds", str(thresholds),
            "--format", output, "--chart", str(chart),
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        assert "limits-<masked national id>.toml" in result.output
        assert number not in result.output
        assert number not in chart.read_text(encoding="utf-8")


def test_output_names_are_shown_masked(levels: Path, tmp_path: Path) -> None:
    """'chart written to …' and extract's '… written to …' printed the name as given."""
    number = "15058512343"
    chart = tmp_path / f"chart-{number}.html"
    result = run("monitor", "report", str(levels), "--chart", str(chart))
    assert result.exit_code == 0, result.output
    assert chart.exists()
    events = tmp_path / f"events-{number}.csv"
    extracted = run("monitor", "extract", str(EBIX), "-o", str(events), "--jobs", "1")
    assert extracted.exit_code == 0, extracted.output
    assert events.exists()
    for output in (result.output, extracted.output):
        assert "written to" in output
        assert number not in output
        assert "<masked national id>" in output


def test_a_memory_limit_duckdb_cannot_read_is_a_usage_error(tmp_path: Path) -> None:
    events = tmp_path / "events.csv"
    events.write_text("x\n")
    result = CliRunner().invoke(main, ["monitor", "report", "--memory-limit", "lots", str(events)])
    assert result.exit_code == 2, result.output
    assert "--memory-limit" in result.output
    assert "memory_limit is a size such as '3GB'" in result.output


def test_a_standard_error_that_cannot_be_written_is_an_io_error(tmp_path: Path) -> None:
    """monitor extract with standard error that cannot be written (``2>> log`` on a full
    disk): its events were written, and then its summary's OSError ended it, uncaught, with
    exit 1, a code it does not have. What it could not say is dropped, and the exit code is 2,
    an I/O error, as for convert and validate."""
    import os
    import subprocess
    import sys

    from tests.conftest import PROJECT_ROOT

    key = tmp_path / "key"
    key.write_bytes(b"sixteen bytes or more, fixed")
    events = tmp_path / "events.csv"
    source = PROJECT_ROOT / "examples" / "ebix" / "RequestStartOfSupply-move-in.xml"
    environment = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT / "src")}
    command = [sys.executable, "-m", "elhub_cim", "monitor", "extract", str(source)]
    with open("/dev/full", "wb") as full:
        process = subprocess.run(
            [*command, "-o", str(events), "--key-file", str(key)],
            stdout=subprocess.DEVNULL,
            stderr=full,
            env=environment,
            timeout=300,
            check=False,
        )
    assert events.is_file()
    assert process.returncode == 2


@pytest.mark.parametrize("zero", [0x660, 0xFF10])
def test_an_actor_in_digits_of_another_script_is_a_usage_error(levels: Path, zero: int) -> None:
    """--actor took a GLN in Arabic-Indic or fullwidth digits (str.isdigit), which no event's
    actor can be (the events file holds [0-9]{13}) and the API refuses."""
    actor = "".join(chr(zero + int(d)) for d in "7080004312159")
    result = run("monitor", "report", str(levels), "--actor", actor)
    assert result.exit_code == 2
    assert "is not a GLN" in result.stderr
