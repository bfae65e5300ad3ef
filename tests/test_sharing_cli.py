"""``elhub-cim share`` through click's CliRunner, on small files and on examples/sharing/."""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from elhub_cim.cli import main
from tests.conftest import PROJECT_ROOT

EXAMPLES = PROJECT_ROOT / "examples" / "sharing"
EBIX = PROJECT_ROOT / "examples" / "ebix"
P, A, B, C = "707057500000000001", "707057500000000025", "707057500000000032", "707057500000000049"
SEED_SETUP = f"""
name = "Seed"
key = "equal"
contributors = ["{P}"]
recipients = ["{C}", "{A}", "{B}"]
"""


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def seed(tmp_path: Path) -> tuple[Path, Path]:
    """The seed's example: 180 kWh; 110, 90, 20 kWh consumed; one hour."""
    setup = tmp_path / "setup.toml"
    setup.write_text(SEED_SETUP, encoding="utf-8")
    series = tmp_path / "series.csv"
    series.write_text(
        "metering_point,start,kwh\n"
        f"{P},2026-08-10T12:00:00+02:00,180\n"
        f"{A},2026-08-10T12:00:00+02:00,110\n"
        f"{B},2026-08-10T12:00:00+02:00,90\n"
        f"{C},2026-08-10T12:00:00+02:00,20\n",
        encoding="utf-8",
    )
    return setup, series


def run(runner: CliRunner, *args: object) -> tuple[int, str, str]:
    result = runner.invoke(main, ["share", *map(str, args)])
    return result.exit_code, result.stdout, result.stderr


def table_rows(output: str) -> dict[tuple[str, str], list[str]]:
    """(metering point, model) → the figures of the summary table."""
    rows: dict[tuple[str, str], list[str]] = {}
    current = ""
    for line in output.splitlines():
        cells = line.split()
        if len(cells) == 8 and cells[3] == "current":
            current = cells[0]
            rows[(current, "current")] = cells[4:]
        elif len(cells) == 5 and cells[0] == "new":
            rows[(current, "new")] = cells[1:]
    return rows


def test_seed_example_summary(runner: CliRunner, seed: tuple[Path, Path]) -> None:
    code, out, err = run(runner, *seed, "--interval", "60")
    assert code == 0, err
    rows = table_rows(out)
    # allocated, net consumption, surplus, back to contributor
    assert rows[(P, "current")] == ["-", "-", "-", "0.000"]
    assert rows[(P, "new")] == ["-", "-", "-", "40.000"]
    assert rows[(A, "current")] == ["60.000", "50.000", "0.000", "-"]
    assert rows[(B, "current")] == ["60.000", "30.000", "0.000", "-"]
    assert rows[(C, "current")] == ["60.000", "0.000", "40.000", "-"]
    assert rows[(A, "new")] == ["60.000", "50.000", "0.000", "-"]
    assert rows[(C, "new")] == ["20.000", "0.000", "0.000", "-"]
    assert "current model: produced 180.000 = allocated 180.000 + back to contributor 0.000" in out
    assert "new model: produced 180.000 = allocated 140.000 + back to contributor 40.000" in out


def test_an_hour_missing_for_everyone_names_the_series_and_the_way_out(
    runner: CliRunner, seed: tuple[Path, Path]
) -> None:
    """Hourly values with 13:00 missing for every participant: the shortest spacing is two
    hours. The problem named the set-up file (which holds no time) and said only "intervals of
    120 minutes are not supported"; it names the series and --interval, which then shows the
    gap as such."""
    setup, series = seed
    rows = series.read_text(encoding="utf-8").splitlines()
    later = [row.replace("T12:00", "T14:00") for row in rows[1:]]
    series.write_text("\n".join([*rows, *later]) + "\n", encoding="utf-8")
    code, _, err = run(runner, setup, series)
    assert code == 1
    [line] = err.splitlines()
    assert line.startswith(f"{series}: SHARE_RESOLUTION")
    assert "--interval" in line
    code, _, err = run(runner, setup, series, "--interval", "60")
    assert code == 1
    assert "SHARE_GAP" in err


def test_seed_example_results_file(
    runner: CliRunner, seed: tuple[Path, Path], tmp_path: Path
) -> None:
    target = tmp_path / "out" / "results.csv"
    code, _, err = run(runner, *seed, "-o", target)
    assert code == 1
    assert "SHARE_RESOLUTION" in err
    code, _, err = run(runner, *seed, "-o", target, "--interval", "60")
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert [r["metering_point"] for r in rows] == [P, A, B, C]  # contributor, then by id
    third = rows[3]
    assert third["current_surplus"] == "40.000"
    assert third["new_allocated"] == "20.000"
    assert rows[0]["new_returned"] == "40.000"
    assert not list(target.parent.glob(".*.tmp"))  # atomic write left nothing behind

    code, _, err = run(runner, *seed, "-o", target, "--interval", "60")
    assert code == 2
    assert "exists" in err
    code, _, err = run(runner, *seed, "-o", target, "--force", "--redistribute", "--interval", "60")
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert [r["new_allocated"] for r in rows[1:]] == ["80.000", "80.000", "20.000"]


def test_json_results_and_summary(
    runner: CliRunner, seed: tuple[Path, Path], tmp_path: Path
) -> None:
    target = tmp_path / "results.json"
    code, out, err = run(runner, *seed, "-o", target, "--format", "json", "--interval", "15")
    assert code == 0, err
    summary = json.loads(out)
    document = json.loads(target.read_text(encoding="utf-8"))
    assert summary["totals"] == document["totals"]
    totals = {t["metering_point"]: t for t in summary["totals"]}
    assert totals[C]["current"] == {
        "allocated": "60.000",
        "net_consumption": "0.000",
        "surplus": "40.000",
        "returned": None,
    }
    assert totals[P]["new"]["returned"] == "40.000"
    assert len(document["rows"]) == 4


def test_bundled_example(runner: CliRunner, tmp_path: Path) -> None:
    series = EXAMPLES / "series.csv"
    assert series.stat().st_size < 100_000
    for setup in sorted(EXAMPLES.glob("setup*")):
        code, out, err = run(runner, setup, series, "-o", tmp_path / f"{setup.stem}.csv")
        assert code == 0, (setup, err)
        assert "192 intervals of 15 minutes" in out
        produced = re.search(r"current model: produced (\S+) = allocated (\S+) \+", out)
        assert produced
        assert produced.group(1) == produced.group(2)
        rows = list(csv.DictReader((tmp_path / f"{setup.stem}.csv").open(encoding="utf-8")))
        assert len(rows) == 192 * 4


@pytest.mark.parametrize(
    "message", ["RequestUpdateSharedProduction.xml", "NotifySharedProduction.xml"]
)
def test_set_up_from_a_701_message(runner: CliRunner, message: str) -> None:
    code, out, err = run(runner, EBIX / message, EXAMPLES / "series.csv")
    assert code == 0, err
    key = "manual" if message.startswith("Request") else "equal"
    assert f"key {key}, 1 contributor(s), 3 recipient(s)" in out


def test_set_up_from_a_cim_701_message(runner: CliRunner, tmp_path: Path) -> None:
    series = tmp_path / "series.csv"
    ids = ["707057500001000031", "707057500001000017", "707057500001000024", "707057500001000048"]
    series.write_text(
        "metering_point,start,kwh\n"
        + "".join(
            f"{mp},2026-03-02T{h:02d}:00:00+01:00,{kwh}\n"
            for h in range(2)
            for mp, kwh in zip(ids, ["10", "6", "1", "1"], strict=True)
        ),
        encoding="utf-8",
    )
    message = PROJECT_ROOT / "examples" / "cim" / "RequestChangeSharedProduction_BRS-NO-701.xml"
    code, out, err = run(runner, message, series)
    assert code == 0, err
    assert "key manual" in out
    # manual 0.5/0.3/0.2 of 10 kWh: 5, 3, 2 kWh; consumption 6, 1, 1: 1+1 kWh go back per hour
    assert "new model: produced 20.000 = allocated 14.000 + back to contributor 6.000" in out


def test_parquet_series(runner: CliRunner, seed: tuple[Path, Path], tmp_path: Path) -> None:
    import duckdb

    parquet = tmp_path / "series.parquet"
    con = duckdb.connect()
    con.execute(
        "COPY (SELECT metering_point, CAST(start AS TIMESTAMPTZ) AS start, "  # noqa: S608
        "CAST(kwh AS DECIMAL(12, 3)) AS kwh FROM read_csv(?, all_varchar = true)) "
        f"TO '{parquet}' (FORMAT parquet)",  # a pytest tmp path
        [str(seed[1])],
    )
    con.close()
    code, out, err = run(runner, seed[0], parquet, "--interval", "60")
    assert code == 0, err
    assert table_rows(out)[(P, "new")] == ["-", "-", "-", "40.000"]


def test_invalid_data_exits_1_naming_the_interval(
    runner: CliRunner, seed: tuple[Path, Path]
) -> None:
    setup, series = seed
    series.write_text(
        series.read_text(encoding="utf-8") + f"{A},2026-08-10T13:00:00+02:00,1\n", encoding="utf-8"
    )
    code, out, err = run(runner, setup, series)
    assert code == 1
    assert out == ""
    assert "SHARE_GAP" in err
    assert "2026-08-10T13:00:00+02:00" in err
    assert P in err


def test_bad_volume_exits_1_with_file_and_line(runner: CliRunner, seed: tuple[Path, Path]) -> None:
    setup, series = seed
    series.write_text(
        series.read_text(encoding="utf-8").replace(",90\n", ",-90\n"), encoding="utf-8"
    )
    code, _, err = run(runner, setup, series)
    assert code == 1
    assert "SHARE_NEGATIVE" in err
    assert B in err
    series.write_text(
        series.read_text(encoding="utf-8").replace(",-90\n", ",90.0001\n"), encoding="utf-8"
    )
    code, _, err = run(runner, setup, series)
    assert code == 1
    assert f"{series}:4: SHARE_PRECISION" in err


def test_bad_set_up_exits_1(runner: CliRunner, seed: tuple[Path, Path]) -> None:
    setup, series = seed
    setup.write_text(SEED_SETUP.replace('"equal"', '"manual"'), encoding="utf-8")
    code, _, err = run(runner, setup, series)
    assert code == 1
    assert "SHARE_SETUP" in err
    assert "no share" in err


def test_invalid_701_message_exits_1(runner: CliRunner, tmp_path: Path) -> None:
    broken = tmp_path / "broken.xml"
    broken.write_text(
        (EBIX / "RequestUpdateSharedProduction.xml")
        .read_text(encoding="utf-8")
        .replace("<abie:FormulaType>Manual", "<abie:FormulaType>Lottery"),
        encoding="utf-8",
    )
    code, _, err = run(runner, broken, EXAMPLES / "series.csv")
    assert code == 1
    assert "XSD" in err


@pytest.mark.parametrize(
    ("args", "text"),
    [
        (["missing.toml", "series.csv"], "no such file"),
        (["setup.toml", "missing.csv"], "no such file"),
        (["setup.yaml", "series.csv"], "set-up must be"),
        (["setup.toml", "series.txt"], "time series must be"),
        (["setup.toml", "series.csv", "-o", "out.xlsx"], "output must end"),
    ],
)
def test_usage_and_io_errors_exit_2(
    runner: CliRunner, seed: tuple[Path, Path], tmp_path: Path, args: list[str], text: str
) -> None:
    for name in ("setup.yaml", "series.txt"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    code, _, err = run(runner, *(str(tmp_path / a) if "." in a else a for a in args))
    assert code == 2
    assert text in err


@pytest.mark.parametrize("force", [[], ["--force"]])
def test_an_empty_output_is_a_usage_error(
    runner: CliRunner, seed: tuple[Path, Path], force: list[str]
) -> None:
    """-o "" (an unset shell variable) was '<input>: IO_ERROR output must end in .csv or
    .json', of no input; it is a usage error naming -o."""
    code, _, err = run(runner, *seed, "-o", "", *force)
    assert code == 2
    assert "Invalid value for '-o' / '--output': empty" in err


@pytest.mark.parametrize(
    ("where", "value"),
    [(where, value) for where in ("option", "toml", "json") for value in ("abc", "1,5")]
    + [("toml", [1]), ("json", [1]), ("json", {"kWh": 1}), ("option", "1e999999999")],
)
def test_a_resolution_that_is_no_number_is_a_set_up_error(
    runner: CliRunner, seed: tuple[Path, Path], tmp_path: Path, where: str, value: object
) -> None:
    """It was an INTERNAL_ERROR ("please report it"): Decimal refuses text that is no number
    with InvalidOperation (not the ValueError the set-up's check caught), reads [1] as a tuple
    and overflows on a huge exponent."""
    setup, series = seed
    options: list[object] = []
    if where == "option":
        options = ["--resolution", value]
    elif where == "toml":
        setup.write_text(SEED_SETUP + f"resolution = {json.dumps(value)}\n", encoding="utf-8")
    else:
        setup = tmp_path / "setup.json"
        fields = {"key": "equal", "contributors": [P], "recipients": [A, B, C]}
        setup.write_text(json.dumps({**fields, "resolution": value}), encoding="utf-8")
    code, _, err = run(runner, setup, series, *options)
    assert code == 1, err
    assert "SHARE_SETUP resolution" in err
    assert "INTERNAL_ERROR" not in err


@pytest.mark.parametrize(
    ("option", "value"), [("--resolution", "0.0000001"), ("--timezone", "Europe/Atlantis")]
)
def test_a_bad_option_is_named_not_the_set_up_file(
    runner: CliRunner, seed: tuple[Path, Path], option: str, value: str
) -> None:
    """The set-up file was named for a value it does not hold ('setup.toml: SHARE_SETUP
    resolution 0.0000001 ...' with a set-up that states none)."""
    setup, series = seed
    code, _, err = run(runner, setup, series, option, value)
    assert code == 1, err
    assert err.startswith(f"{option}: SHARE_SETUP "), err
    assert str(setup) not in err


@pytest.mark.parametrize("through_link", [False, True])
def test_the_results_never_replace_an_input(
    runner: CliRunner, seed: tuple[Path, Path], tmp_path: Path, through_link: bool
) -> None:
    """-o naming a time series read (or a link to it) is refused even with --force: the
    results would replace the production and consumption they were computed from."""
    setup, series = seed
    original = series.read_bytes()
    output = series
    if through_link:
        output = tmp_path / "results.csv"
        output.symlink_to(series)
    code, _, err = run(runner, setup, series, "-o", output, "--force")
    assert code == 2
    assert "OUTPUT_COLLISION" in err
    assert series.read_bytes() == original


def test_missing_arguments_is_a_usage_error(runner: CliRunner) -> None:
    assert runner.invoke(main, ["share"]).exit_code == 2


def test_example_generator_is_deterministic(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = importlib.util.spec_from_file_location(
        "make_sharing_example", PROJECT_ROOT / "tools" / "make_sharing_example.py"
    )
    assert spec
    assert spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setattr(module, "TARGET", tmp_path / "series.csv")
    monkeypatch.setattr(module, "ROOT", tmp_path)
    module.main()
    assert (tmp_path / "series.csv").read_bytes() == (EXAMPLES / "series.csv").read_bytes()


def test_the_rounding_rule_is_selectable() -> None:
    from click.testing import CliRunner

    from elhub_cim.cli import main

    setup = EXAMPLES / "setup.toml"
    series = EXAMPLES / "series.csv"
    runner = CliRunner()
    carry = runner.invoke(main, ["share", str(setup), str(series), "--format", "json"])
    assert carry.exit_code == 0, carry.output
    assert json.loads(carry.output)["rounding"] == "carry"
    lowest = runner.invoke(
        main, ["share", str(setup), str(series), "--rounding", "lowest-id", "--format", "json"]
    )
    assert json.loads(lowest.output)["rounding"] == "lowest-id"
    bad = runner.invoke(main, ["share", str(setup), str(series), "--rounding", "random"])
    assert bad.exit_code == 2


def test_a_recipient_without_data_is_reported_and_refused_intervals_named(
    runner: CliRunner, seed: tuple[Path, Path], tmp_path: Path
) -> None:
    setup, series = seed
    lines = series.read_text(encoding="utf-8").splitlines()
    kept = [line for line in lines if not line.startswith(C)]
    series.write_text("\n".join(kept) + "\n", encoding="utf-8")
    out_file = tmp_path / "out.csv"
    code, out, err = run(runner, setup, series, "--interval", "60", "-o", str(out_file))
    assert code == 1, err  # intervals were refused: a person must look
    assert f"SHARE_MISSING_DATA recipient {C}" in err
    assert "SHARE_REFUSED new model" in err
    assert "SHARE_REFUSED current model" not in err  # the equal key needs no consumption
    assert out  # the others are still allocated and shown
    assert out_file.exists()


def test_missing_data_is_said_of_the_series_file_with_the_hours_missing(
    runner: CliRunner, seed: tuple[Path, Path], tmp_path: Path
) -> None:
    """SHARE_MISSING_DATA named the set-up file and only a count: the gap is in the metering
    values, and the operator had to search every series file for the hours without a value."""
    setup, _ = seed
    hours = ["2026-08-10T12:00:00+02:00", "2026-08-10T13:00:00+02:00"]
    others = tmp_path / "others.csv"
    others.write_text(
        "metering_point,start,kwh\n"
        + "".join(f"{mp},{hour},10\n" for mp in (P, A, B) for hour in hours),
        encoding="utf-8",
    )
    mine = tmp_path / "recipient-c.csv"
    mine.write_text(f"metering_point,start,kwh\n{C},{hours[0]},10\n", encoding="utf-8")
    code, _, err = run(runner, setup, others, mine, "--interval", "60")
    assert code == 1, err
    (line,) = [line for line in err.splitlines() if "SHARE_MISSING_DATA" in line]
    assert line.startswith(f"{mine}: SHARE_MISSING_DATA recipient {C}: no value for 1 of 2 ")
    assert f"missing: {hours[1]}" in line
    assert str(setup) not in line
    # In no file at all: said of the series files read, each hour named.
    code, _, err = run(runner, setup, others, "--interval", "60")
    (line,) = [line for line in err.splitlines() if "SHARE_MISSING_DATA" in line]
    assert line.startswith(f"{others}: SHARE_MISSING_DATA recipient {C}: ")
    assert "in no time series file" in line
    assert f"missing: {hours[0]}, {hours[1]}" in line


def test_the_balance_lines_count_only_the_intervals_each_model_allocated(
    runner: CliRunner, seed: tuple[Path, Path]
) -> None:
    """An interval refused under the new model (a recipient's consumption missing) has unknown
    figures: its production is neither allocated nor back. The balance said 'produced 240 =
    allocated 150 + back 30' here (the refused interval's production on the left, its computed
    allocation in the middle)."""
    setup, series = seed
    refused = [line for line in series.read_text(encoding="utf-8").splitlines() if C not in line]
    hour = "2026-08-10T13:00:00+02:00"
    second = [f"{P},{hour},60", f"{A},{hour},10", f"{B},{hour},10", f"{C},{hour},10"]
    series.write_text("\n".join([*refused, *second]) + "\n", encoding="utf-8")
    code, out, err = run(runner, setup, series, "--interval", "60")
    assert code == 1, err
    assert "SHARE_REFUSED new model: 1 interval(s)" in err
    balance = {line.split()[0]: line for line in out.splitlines() if " model: produced " in line}
    assert balance["current"].endswith(
        "produced 240.000 = allocated 240.000 + back to contributor 0.000"
    )
    assert balance["new"] == (
        "    new model: produced 60.000 = allocated 30.000 + back to contributor 30.000 "
        "(not counted: 1 refused interval, 180.000 produced there)"
    )
    rows = table_rows(out)
    assert sum(Decimal(rows[(mp, "new")][0]) for mp in (A, B, C)) == Decimal("30.000")
    summary = json.loads(run(runner, setup, series, "--interval", "60", "--format", "json")[1])
    assert summary["balance"]["new"] == {
        "produced": "60.000",
        "allocated": "30.000",
        "returned": "30.000",
        "refused_intervals": 1,
        "refused_produced": "180.000",
    }


def test_a_set_up_name_in_the_missing_data_lines_is_shown_masked(
    runner: CliRunner, seed: tuple[Path, Path], tmp_path: Path
) -> None:
    """SHARE_MISSING_DATA and SHARE_REFUSED lines named the set-up file as given: an identity
    number in its name was printed, where every problem line masks it."""
    setup, series = seed
    named = tmp_path / "setup-15058512343.toml"
    named.write_text(setup.read_text(encoding="utf-8"), encoding="utf-8")
    lines = series.read_text(encoding="utf-8").splitlines()
    values = tmp_path / "values-15058512343.csv"
    values.write_text("\n".join(line for line in lines if not line.startswith(C)) + "\n")
    code, _, err = run(runner, named, values, "--interval", "60")
    assert code == 1, err
    assert "SHARE_MISSING_DATA" in err
    assert "SHARE_REFUSED" in err
    assert "15058512343" not in err
    assert "values-<masked national id>.csv: SHARE_MISSING_DATA" in err
    assert "setup-<masked national id>.toml: SHARE_REFUSED" in err


def test_an_identity_number_in_the_set_up_name_is_masked(
    runner: CliRunner, seed: tuple[Path, Path], tmp_path: Path
) -> None:
    """A name from a 701 message was masked, one from a TOML or JSON set-up was printed in the
    summary and written to the JSON output as it was."""
    setup, series = seed
    setup.write_text(SEED_SETUP.replace('name = "', 'name = "15058512343 '), encoding="utf-8")
    assert "15058512343" in setup.read_text(encoding="utf-8")
    out = tmp_path / "results.json"
    for output in ("text", "json"):
        code, stdout, err = run(
            runner, setup, series, "--interval", "60", "--format", output, "-o", out, "--force"
        )
        assert code == 0, err
        assert "15058512343" not in stdout
        assert "<masked national id>" in stdout
        assert "15058512343" not in out.read_text(encoding="utf-8")
