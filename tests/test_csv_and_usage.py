"""CSV formula injection, metering point ids in ``share`` and ``--minimise-for`` usage errors
(issue 12, points 4 and 5)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from click.testing import CliRunner

from elhub_cim.cli import main
from elhub_cim.convert import to_domain
from elhub_cim.core.csvsafe import neutralise
from elhub_cim.minimise import PolicyError, minimise
from elhub_cim.sharing.engine import allocate
from elhub_cim.sharing.series import IntervalData, Readings
from elhub_cim.sharing.setup import Key, SharingSetup

ROOT = Path(__file__).resolve().parents[1]
QUERY = ROOT / "examples" / "cim" / "RequestUpfrontAccountingPointCharacteristics_BRS-NO-611.xml"
RESPONSE = ROOT / "examples" / "ebix" / "ResponseUpfrontMeteringPointCharacteristics.xml"
SHARING = ROOT / "examples" / "sharing"


@pytest.mark.parametrize(
    "cell", ["=1+1", "+1+1", "-1+1", "@SUM(A1)", "\t=1", "\r=1", '=HYPERLINK("x")', "-", "+"]
)
def test_formula_cells_are_neutralised(cell: str) -> None:
    assert neutralise(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["-12.5", "+3", "-3E+2", "0", "abc", "a=b", "", "'=x"])
def test_numbers_and_plain_text_stay(cell: str) -> None:
    assert neutralise(cell) == cell


def test_non_text_cells_stay() -> None:
    assert neutralise(-5) == -5
    assert neutralise(None) is None


def _rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))


def test_events_and_skipped_csv_carry_no_formula(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    data = QUERY.read_bytes()
    start = data.index(b"<mRID>") + len(b"<mRID>")
    end = data.index(b"</mRID>", start)
    Path("=HYPERLINK(1).xml").write_bytes(data[:start] + b"=cmd|'/C calc'!A0" + data[end:])
    Path("@broken.xml").write_bytes(b"<not-closed>")
    result = CliRunner().invoke(
        main,
        [
            "monitor",
            "extract",
            "=HYPERLINK(1).xml",
            "@broken.xml",
            "--no-validate",  # the document id is then not checked against the XSD
            "-o",
            "events.csv",
            "--skipped",
            "skipped.csv",
        ],
    )
    assert result.exit_code == 2, result.output  # the broken input
    events = _rows(tmp_path / "events.csv")
    assert len(events) == 2
    cells = [cell for row in events + _rows(tmp_path / "skipped.csv") for cell in row]
    assert "'=cmd|'/C calc'!A0" in cells
    assert "'=HYPERLINK(1).xml" in cells
    assert "'@broken.xml" in cells
    assert not [c for c in cells if c[:1] in ("=", "+", "@", "\t", "\r")]
    assert not [c for c in cells if c.startswith("-") and not c.lstrip("-").isdigit()]


def test_the_sharing_result_csv_carries_no_formula() -> None:
    """The library accepts any participant id; its CSV output still neutralises it."""
    setup = SharingSetup(contributors=("=1+1",), recipients=("@x", "-y"), key=Key.EQUAL)
    readings = Readings.from_rows(
        [
            ("=1+1", "2026-08-10T00:00:00+02:00", "3"),
            ("@x", "2026-08-10T00:00:00+02:00", "1"),
            ("-y", "2026-08-10T00:00:00+02:00", "1"),
        ],
        setup.decimals,
    )
    result = allocate(IntervalData.build(setup, readings, interval_minutes=60))
    cells = [c for row in csv.reader(io.StringIO(result.to_csv().decode())) for c in row]
    assert {"'=1+1", "'@x", "'-y"} <= set(cells)
    assert not [c for c in cells if c[:1] in ("=", "+", "@")]


@pytest.mark.parametrize(
    "bad",
    [
        "=1+1",
        "707057500619470981x",
        "70705750061947098",
        "707057500619470982",
        "15058512343",
        "707057400733154197",  # a right check digit, not Elhub's prefix (is_valid_gsrn's rule)
    ],
)
def test_share_refuses_participants_that_are_not_metering_point_ids(
    tmp_path: Path, bad: str
) -> None:
    text = (SHARING / "setup.toml").read_text(encoding="utf-8")
    setup = tmp_path / "setup.toml"
    setup.write_text(text.replace('"707057500619470981"', f'"{bad}"'), encoding="utf-8")
    series = (SHARING / "series.csv").read_text(encoding="utf-8")
    (tmp_path / "series.csv").write_text(
        series.replace("707057500619470981", bad), encoding="utf-8"
    )
    result = CliRunner().invoke(main, ["share", str(setup), str(tmp_path / "series.csv")])
    assert result.exit_code == 1, result.output
    assert "SHARE_METERING_POINT recipient" in result.stderr
    assert (
        "is not an Elhub metering point id (GSRN: 18 digits starting 7070575, with a GS1 "
        "check digit)" in result.stderr
    )
    assert "15058512343" not in result.output  # an identity number is masked even here


@pytest.mark.parametrize("role", ["", " ", "XYZ", "supplier"])
def test_an_empty_or_unknown_minimise_role_is_a_usage_error(tmp_path: Path, role: str) -> None:
    out = tmp_path / "out.xml"
    result = CliRunner().invoke(
        main, ["convert", str(RESPONSE), "--to", "cim", "--minimise-for", role, "-o", str(out)]
    )
    assert result.exit_code == 2, result.output
    assert "--minimise-for" in result.output
    assert "is not a market role" in result.output
    assert not out.exists()


def test_a_known_minimise_role_in_any_case_converts(tmp_path: Path) -> None:
    full, small = tmp_path / "full.xml", tmp_path / "small.xml"
    runner = CliRunner()
    assert (
        runner.invoke(main, ["convert", str(RESPONSE), "--to", "cim", "-o", str(full)]).exit_code
        == 0
    )
    result = runner.invoke(
        main, ["convert", str(RESPONSE), "--to", "cim", "--minimise-for", "ag", "-o", str(small)]
    )
    assert result.exit_code == 0, result.output
    assert len(small.read_bytes()) < len(full.read_bytes())


def test_minimise_refuses_an_empty_role() -> None:
    response = to_domain(RESPONSE)
    # (the caller's argument, refused as one: docs/api-policy.md, Arguments)
    with pytest.raises(ValueError, match="role") as raised:
        minimise(response, "")
    assert not isinstance(raised.value, PolicyError)
