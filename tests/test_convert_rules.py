"""Business rules in `convert`: reported by default, refused with strict, skipped on request."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from elhub_cim.cli import main
from elhub_cim.convert import convert
from elhub_cim.core.errors import BusinessRuleError, Severity

PROJECT = Path(__file__).resolve().parents[1]
CLEAN = PROJECT / "examples" / "ebix" / "RequestStartOfSupply-move-in.xml"
CIM_611 = (
    PROJECT / "examples" / "cim" / "RequestUpfrontAccountingPointCharacteristics_BRS-NO-611.xml"
)


@pytest.fixture(scope="module")
def elhub_611(emif_reference: Path) -> Path:
    """Elhub's own 611 request: XSD-valid, four EH015 findings (domain notes)."""
    return emif_reference / "examples" / "RequestUpfrontMeteringPointCharacteristics.xml"


def broken_cim_611(tmp_path: Path) -> Path:
    """Our CIM 611 request (end-user id + meter number) without its end-user id: a meter number
    alone is no search variant (EH015, rule 611-S3)."""
    lines = CIM_611.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if "customer_MarketParticipant.mRID" not in line]
    assert len(kept) == len(lines) - 1
    path = tmp_path / "broken-611.xml"
    path.write_text("".join(kept), encoding="utf-8")
    return path


def test_elhubs_611_example_converts_with_its_four_eh015_findings(elhub_611: Path) -> None:
    result = convert(elhub_611, to="cim")
    codes = Counter(p.code for p in result.findings if p.severity is Severity.ERROR)
    assert codes == Counter({"EH015": 4})
    assert result.data.startswith(b"<?xml")


def test_strict_refuses_elhubs_611_example(elhub_611: Path) -> None:
    with pytest.raises(BusinessRuleError) as caught:
        convert(elhub_611, to="cim", strict=True)
    codes = Counter(p.code for p in caught.value.problems)
    assert codes["EH015"] == 4
    assert all(p.severity is Severity.ERROR for p in caught.value.problems)


def test_no_rules_skips_them(elhub_611: Path) -> None:
    assert convert(elhub_611, to="cim", rules=False).findings == ()


def test_the_api_switches_on_our_own_example(tmp_path: Path) -> None:
    path = broken_cim_611(tmp_path)
    result = convert(path, to="ebix")
    assert [(p.code, p.line) for p in result.findings] == [("EH015", 14)]
    assert convert(path, to="ebix", rules=False).findings == ()
    with pytest.raises(BusinessRuleError):
        convert(path, to="ebix", strict=True)
    clean = convert(CLEAN, to="cim", strict=True)
    assert clean.findings == ()


def test_strict_counts_warnings(tmp_path: Path) -> None:
    data = CLEAN.read_bytes().replace(
        b"<abie:StartOfOccurrence>2026-05-01T00:00:00+02:00<",
        b"<abie:StartOfOccurrence>2026-05-01T00:00:00Z<",
    )
    assert data != CLEAN.read_bytes()
    result = convert(data, to="cim")
    assert [(p.code, p.severity) for p in result.findings] == [
        ("X-NO_START_NOT_MIDNIGHT", Severity.WARNING)
    ]
    with pytest.raises(BusinessRuleError):
        convert(data, to="cim", strict=True)


def test_cli_reports_by_default_refuses_with_strict_skips_with_no_rules(tmp_path: Path) -> None:
    source = broken_cim_611(tmp_path)
    runner = CliRunner()

    out = tmp_path / "default.xml"
    default = runner.invoke(main, ["convert", str(source), "--to", "ebix", "-o", str(out)])
    assert default.exit_code == 0, default.output
    assert "EH015 a meter number needs exactly one of postcode and end-user id" in default.stderr
    assert out.is_file()

    out = tmp_path / "strict.xml"
    strict = runner.invoke(
        main, ["convert", str(source), "--to", "ebix", "-o", str(out), "--strict"]
    )
    assert strict.exit_code == 1
    assert "EH015" in strict.stderr
    assert "rejected (--strict: business-rule findings)" in strict.stderr
    assert not out.exists()

    out = tmp_path / "no-rules.xml"
    skipped = runner.invoke(
        main, ["convert", str(source), "--to", "ebix", "-o", str(out), "--no-rules"]
    )
    assert skipped.exit_code == 0
    assert "EH015" not in skipped.stderr
    assert out.is_file()

    both = runner.invoke(main, ["convert", str(source), "--to", "ebix", "--strict", "--no-rules"])
    assert both.exit_code == 2


def test_cli_batch_summary_counts_inputs_with_findings(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    broken_cim_611(tmp_path).rename(folder / "broken.xml")
    clean = PROJECT / "examples" / "cim" / "RequestChangeOfSupplier_BRS-NO-102.xml"
    (folder / "clean.xml").write_bytes(clean.read_bytes())
    outcome = CliRunner().invoke(
        main, ["convert", str(folder), "--to", "ebix", "-O", str(tmp_path / "out")]
    )
    assert outcome.exit_code == 0
    assert "2 inputs: 2 converted, 0 rejected" in outcome.stderr
    assert "(1 converted with business-rule findings)" in outcome.stderr


def test_the_top_level_convert_has_the_same_switches(tmp_path: Path) -> None:
    import elhub_cim

    path = broken_cim_611(tmp_path)
    assert [p.code for p in elhub_cim.convert(path, to="ebix").findings] == ["EH015"]
    assert elhub_cim.convert(path, to="ebix", rules=False).findings == ()
    with pytest.raises(BusinessRuleError):
        elhub_cim.convert(path, to="ebix", strict=True)
