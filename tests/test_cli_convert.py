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
    # A process the CIM document does not serve (324 is NotifyValidatedDataForBillingEnergy's).
    metering = (EBIX / "CollectedData.xml").read_bytes().replace(b"BRS-NO-313", b"BRS-NO-324")
    (source / "metering.xml").write_bytes(metering)
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


CIM_REJECT = PROJECT_ROOT / "examples" / "cim" / "RejectRequestEndOfSupply_BRS-NO-211.xml"


def test_cim_json_out_and_back_in(runner: CliRunner, tmp_path: Path) -> None:
    as_json = runner.invoke(main, ["convert", str(REQUEST), "--to", "cim", "--format", "json"])
    assert as_json.exit_code == 0, as_json.output
    assert as_json.stdout_bytes.lstrip().startswith(
        b'{\n  "RequestChangeOfSupplier_MarketDocument"'
    )
    path = tmp_path / "request.json"
    path.write_bytes(as_json.stdout_bytes)
    assert runner.invoke(main, ["validate", str(path)]).exit_code == 0
    back = runner.invoke(main, ["convert", str(path), "--to", "ebix"])
    assert back.exit_code == 0, back.output
    assert_same_xml(REQUEST.read_bytes(), back.stdout_bytes)
    fmt = runner.invoke(main, ["fmt", str(CIM_REJECT), "--format", "json"])
    assert fmt.exit_code == 0
    json_path = tmp_path / "reject.json"
    json_path.write_bytes(fmt.stdout_bytes)
    assert_same_xml(
        CIM_REJECT.read_bytes(), runner.invoke(main, ["fmt", str(json_path)]).stdout_bytes
    )
    broken = tmp_path / "broken.json"
    broken.write_text('{"RequestChangeOfSupplier_MarketDocument": {"mRID": 5}}')
    refused = runner.invoke(main, ["validate", str(broken)])
    assert refused.exit_code == 1
    assert "broken.json" in refused.output
    usage = runner.invoke(main, ["convert", str(REQUEST), "--to", "ebix", "--format", "json"])
    assert usage.exit_code == 2


CIM_START_REJECT = (
    PROJECT_ROOT / "examples" / "cim" / "RejectRequestChangeOfSupplier_BRS-NO-103.xml"
)


def test_nordic_ediel_projection_reports_its_losses(runner: CliRunner) -> None:
    refused = runner.invoke(main, ["convert", str(CIM_START_REJECT), "--to", "nordic-ediel"])
    assert refused.exit_code == 1
    assert "PROJECTION_CODE_REPLACED" in refused.output
    assert "process.processType" in refused.output  # NO103 written as E65: reported
    allowed = runner.invoke(
        main, ["convert", str(CIM_START_REJECT), "--to", "nordic-ediel", "--allow-loss"]
    )
    assert allowed.exit_code == 0, allowed.output
    assert b"urn:ediel.org:structure:rejectrequestchangeofsupplier:0:1" in allowed.stdout_bytes
    assert "warning" in allowed.output
    # Lifting it back needs the BRS the Nordic document does not carry.
    nordic = allowed.stdout_bytes
    without = runner.invoke(main, ["convert", "-", "--to", "cim"], input=nordic)
    assert without.exit_code == 1
    assert "process.processType" in without.output
    lifted = runner.invoke(
        main, ["convert", "-", "--to", "cim", "--brs", "BRS-NO-103", "--allow-loss"], input=nordic
    )
    assert lifted.exit_code == 0, lifted.output
    assert b"<cim:process.processType>NO103</cim:process.processType>" in lifted.stdout_bytes
    # A Nordic document lacking what Elhub's process needs is refused, naming the fields.
    request = PROJECT_ROOT / "examples" / "cim" / "RequestChangeOfSupplier_BRS-NO-102.xml"
    projected = runner.invoke(
        main, ["convert", str(request), "--to", "nordic-ediel", "--allow-loss"]
    )
    assert projected.exit_code == 0
    lacking = runner.invoke(
        main, ["convert", "-", "--to", "ebix", "--brs", "BRS-NO-102"], input=projected.stdout_bytes
    )
    assert lacking.exit_code == 1
    assert "extendedStorageMeteringValues" in lacking.output


@pytest.mark.parametrize("command", ["convert", "info"])
def test_a_brs_that_names_no_brs_is_a_usage_error(runner: CliRunner, command: str) -> None:
    # (convert: an internal error of each input, exit 3; info: ignored for ebIX input)
    example = PROJECT_ROOT / "examples" / "ebix" / "RequestStartOfSupply-move-in.xml"
    result = runner.invoke(main, [command, str(example), "--brs", "01010012356"])
    assert result.exit_code == 2, result.output
    assert "Invalid value for '--brs'" in result.output
    assert "BRS-NO-nnn" in result.output
    assert "01010012356" not in result.output


def test_an_elhub_gln_that_is_no_gln_is_a_usage_error(runner: CliRunner) -> None:
    # (an internal error of each input, exit 3)
    example = PROJECT_ROOT / "examples" / "ebix" / "RequestStartOfSupply-move-in.xml"
    result = runner.invoke(
        main, ["convert", str(example), "--to", "cim", "--elhub-gln", "01010012356"]
    )
    assert result.exit_code == 2, result.output
    assert "Invalid value for '--elhub-gln'" in result.output
    assert "13 digits" in result.output
    assert "01010012356" not in result.output


def test_an_output_folder_named_dash_is_refused(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``-O -`` (standard output meant, as ``-o -`` and an input ``-`` mean it) made a folder
    named ``-`` where the command ran and wrote the outputs there, exit 0. It is a usage error
    that says how to write to standard output, or to a folder of that name (``./-``)."""
    monkeypatch.chdir(tmp_path)
    source = str(PROJECT_ROOT / "examples" / "ebix" / "RequestStartOfSupply-move-in.xml")
    result = runner.invoke(main, ["convert", source, "--to", "cim", "-O", "-"])
    assert result.exit_code == 2, result.output
    assert "-o -" in result.output, result.output
    assert "./-" in result.output, result.output
    assert not (tmp_path / "-").exists()
    named = runner.invoke(main, ["convert", source, "--to", "cim", "-O", "./-"])
    assert named.exit_code == 0, named.output
    assert (tmp_path / "-" / "RequestStartOfSupply-move-in.xml").is_file()
