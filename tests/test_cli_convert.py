"""`elhub-cim convert`: single files, stdin/stdout, folders mirrored, tallies, losses, exits."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from elhub_cim.cli import main
from tests.conftest import PROJECT_ROOT
from tests.xmlcompare import assert_same_xml

EBIX = PROJECT_ROOT / "examples" / "ebix"
REQUEST = EBIX / "RequestStartOfSupply-move-in.xml"
CONFIRM = EBIX / "ConfirmStartOfSupply.xml"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_single_file_to_stdout_and_back(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["convert", str(REQUEST), "--to", "cim"])
    assert result.exit_code == 0, result.output
    cim = result.stdout_bytes
    assert b"RequestChangeOfSupplier_MarketDocument" in cim
    back = runner.invoke(main, ["convert", "-", "--to", "ebix"], input=cim)
    assert back.exit_code == 0, back.output
    assert_same_xml(REQUEST.read_bytes(), back.stdout_bytes)


def test_output_file_is_atomic_and_never_overwritten(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "out.xml"
    assert (
        runner.invoke(main, ["convert", str(REQUEST), "--to", "cim", "-o", str(target)]).exit_code
        == 0
    )
    first = target.read_bytes()
    again = runner.invoke(main, ["convert", str(CONFIRM), "--to", "cim", "-o", str(target)])
    assert again.exit_code == 2
    assert target.read_bytes() == first
    forced = runner.invoke(
        main, ["convert", str(CONFIRM), "--to", "cim", "-o", str(target), "--force"]
    )
    assert forced.exit_code == 0
    assert b"ConfirmRequestChangeOfSupplier_MarketDocument" in target.read_bytes()
    assert [p.name for p in tmp_path.iterdir()] == ["out.xml"]  # no temporary files left


def test_folder_is_mirrored_and_every_input_is_accounted_for(
    runner: CliRunner, tmp_path: Path
) -> None:
    source = tmp_path / "in"
    (source / "a" / "b").mkdir(parents=True)
    shutil.copy(REQUEST, source / "a" / "request.xml")
    shutil.copy(CONFIRM, source / "a" / "b" / "confirm.xml")
    (source / "broken.xml").write_bytes(b"<not-closed>")
    shutil.copy(EBIX / "CollectedData.xml", source / "metering.xml")  # outside the profile
    out = tmp_path / "out"
    result = runner.invoke(main, ["convert", str(source), "--to", "cim", "-O", str(out)])
    assert result.exit_code == 1
    assert (out / "a" / "request.xml").exists()
    assert (out / "a" / "b" / "confirm.xml").exists()
    assert not (out / "broken.xml").exists()
    summary = result.output.strip().splitlines()[-1]
    assert summary == "4 inputs: 2 converted, 2 rejected"
    assert "broken.xml:1: XML_MALFORMED" in result.output
    assert "metering.xml: CONVERT_UNSUPPORTED" in result.output


def test_loss_is_an_error_unless_allowed(runner: CliRunner, tmp_path: Path) -> None:
    cim = runner.invoke(main, ["convert", str(REQUEST), "--to", "cim"]).stdout_bytes
    # A record mRID different from the document mRID has no place in ebIX (profile R2).
    record = re.search(rb"<cim:MktActivityRecord>\s*<cim:mRID>([^<]+)</cim:mRID>", cim)
    assert record is not None
    changed = cim.replace(
        b"<cim:mRID>" + record.group(1) + b"</cim:mRID>\n    <cim:marketEvaluationPoint",
        b"<cim:mRID>0b3e4c2a-1111-4a2b-9c3d-5e6f7a8b9c0d</cim:mRID>"
        b"\n    <cim:marketEvaluationPoint",
    )
    assert changed != cim
    path = tmp_path / "cim.xml"
    path.write_bytes(changed)
    refused = runner.invoke(main, ["convert", str(path), "--to", "ebix"])
    assert refused.exit_code == 1
    assert "CONVERT_LOSS" in refused.output
    assert "MktActivityRecord/mRID" in refused.output
    assert "--allow-loss" in refused.output
    allowed = runner.invoke(main, ["convert", str(path), "--to", "ebix", "--allow-loss"])
    assert allowed.exit_code == 0
    assert "CONVERT_LOSS warning" in allowed.output
    assert b"RequestStartOfSupply" in allowed.stdout_bytes


def test_usage_errors(runner: CliRunner, tmp_path: Path) -> None:
    assert runner.invoke(main, ["convert", str(REQUEST)]).exit_code == 2  # --to missing
    both = runner.invoke(main, ["convert", str(REQUEST), "--to", "cim", "-o", "x", "-O", "y"])
    assert both.exit_code == 2
    many = runner.invoke(main, ["convert", str(REQUEST), str(CONFIRM), "--to", "cim"])
    assert many.exit_code == 2
    missing = runner.invoke(
        main, ["convert", str(tmp_path / "nope.xml"), "--to", "cim", "-O", str(tmp_path)]
    )
    assert missing.exit_code == 2
    assert "1 rejected" in missing.output
