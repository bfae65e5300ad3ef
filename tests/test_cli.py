"""The command line, through click's CliRunner and as a real subprocess."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import elhub_cim
from elhub_cim.cli import main
from tests.conftest import PROJECT_ROOT
from tests.xmlcompare import assert_same_xml

EXAMPLES = PROJECT_ROOT / "examples" / "ebix"
PROBLEM_LINE = re.compile(
    r"^(?P<file>.+?):(?P<line>\d+): (?P<code>[A-Z0-9_]+) (?P<message>.+?)( \[(?P<path>/[^\]]+)\])?$"
)


def example(stem: str) -> Path:
    """The bundled example with this exact stem, else the first whose name starts with it."""
    exact = EXAMPLES / f"{stem}.xml"
    if exact.exists():
        return exact
    for path in sorted(EXAMPLES.glob(f"{stem}*.xml")):
        return path
    pytest.skip(f"no bundled {stem} example")


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def invalid_file(tmp_path: Path) -> Path:
    data = example("RequestStartOfSupply-move-in").read_bytes()
    broken = re.sub(rb"(<(?:\w+:)?StartOfOccurrence>)[^<]+", rb"\1yesterday", data, count=1)
    path = tmp_path / "broken.xml"
    path.write_bytes(broken)
    return path


def test_validate_valid_file_exits_0(runner: CliRunner) -> None:
    result = runner.invoke(main, ["validate", str(example("RequestStartOfSupply"))])
    assert result.exit_code == 0, result.output
    assert result.output == ""


def test_validate_invalid_file_prints_problem_lines(runner: CliRunner, invalid_file: Path) -> None:
    result = runner.invoke(main, ["validate", str(invalid_file)])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert lines
    match = PROBLEM_LINE.match(lines[0])
    assert match, lines[0]
    assert match["file"] == str(invalid_file)
    assert match["path"] == "/RequestStartOfSupply/PayloadMPEvent/StartOfOccurrence"
    assert "yesterday" in match["message"]


def test_validate_folder_recursively_with_summary(
    runner: CliRunner, tmp_path: Path, invalid_file: Path
) -> None:
    nested = tmp_path / "a" / "b"
    nested.mkdir(parents=True)
    (nested / "good.xml").write_bytes(example("RequestEndOfSupply").read_bytes())
    (tmp_path / "notes.txt").write_text("not a message, not an .xml file")
    result = runner.invoke(main, ["validate", str(tmp_path)])
    assert result.exit_code == 1
    assert f"{tmp_path / 'notes.txt'}: skipped (not .xml or .json)" in result.output
    last = result.output.strip().splitlines()[-1]
    assert last == "2 files: 1 valid, 1 invalid; 1 other file skipped (not .xml or .json)"


def test_validate_all_bundled_examples(runner: CliRunner) -> None:
    result = runner.invoke(main, ["validate", str(EXAMPLES)])
    assert result.exit_code == 0, result.output
    count = len(list(EXAMPLES.glob("*.xml")))
    others = len([p for p in EXAMPLES.iterdir() if p.suffix not in (".xml", ".json")])
    assert result.output.strip().splitlines()[-1] == f"{count} files: {count} valid, 0 invalid" + (
        f"; {others} other file{'s' if others > 1 else ''} skipped (not .xml or .json)"
        if others
        else ""
    )
    quiet = runner.invoke(main, ["validate", "--quiet", str(EXAMPLES)])
    assert quiet.output.strip().splitlines() == result.output.strip().splitlines()[-1:]


def test_validate_json(runner: CliRunner, invalid_file: Path) -> None:
    good = example("RequestEndOfSupply")
    result = runner.invoke(main, ["validate", "--format", "json", str(good), str(invalid_file)])
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert report["summary"] == {"files": 2, "valid": 1, "invalid": 1, "unreadable": 0}
    first, second = report["results"]
    assert first["valid"] is True
    assert first["problems"] == []
    assert first["message_type"] == "RequestEndOfSupply"
    assert first["standard"] == "ebix"
    assert second["valid"] is False
    problem = second["problems"][0]
    assert set(problem) >= {"code", "message", "file", "line", "path"}
    assert problem["line"] > 1


def test_validate_stdin(runner: CliRunner, invalid_file: Path) -> None:
    good = example("RequestEndOfSupply").read_bytes()
    assert runner.invoke(main, ["validate", "-"], input=good).exit_code == 0
    result = runner.invoke(main, ["validate", "-"], input=invalid_file.read_bytes())
    assert result.exit_code == 1
    assert result.output.startswith("<stdin>:")


class _Endless(io.RawIOBase):
    """A stream of ``<`` that never ends, counting what was taken from it."""

    def __init__(self) -> None:
        self.served = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        size = min(len(buffer), 1 << 20)
        buffer[:size] = b"<" * size
        self.served += size
        if self.served > 64 << 20:  # (the old code read on: stop the test, not the machine)
            raise OSError("read far past --max-bytes")
        return size


@pytest.mark.parametrize("command", [["validate"], ["convert", "--to", "cim"]])
def test_stdin_is_read_no_further_than_max_bytes(runner: CliRunner, command: list[str]) -> None:
    # Standard input was read whole before --max-bytes refused it: an endless or huge stream
    # filled memory first.
    stream = _Endless()
    result = runner.invoke(
        main, [*command, "--max-bytes", "1000", "-"], input=io.BufferedReader(stream)
    )
    assert result.exit_code in (1, 2), result.output
    assert "too large" in result.output or "TOO_LARGE" in result.output, result.output
    assert stream.served <= 1 << 20


def test_validate_missing_file_is_an_io_error(runner: CliRunner, tmp_path: Path) -> None:
    good = example("RequestEndOfSupply")
    result = runner.invoke(main, ["validate", str(good), str(tmp_path / "nope.xml")])
    assert result.exit_code == 2
    assert "IO_ERROR" in result.output
    assert "1 unreadable" in result.output


def test_usage_error_exits_2(runner: CliRunner) -> None:
    assert runner.invoke(main, ["validate"]).exit_code == 2
    assert runner.invoke(main, ["validate", "--format", "yaml", "x.xml"]).exit_code == 2


def test_info(runner: CliRunner) -> None:
    path = example("RequestStartOfSupply-move-in")
    result = runner.invoke(main, ["info", str(path)])
    assert result.exit_code == 0, result.output
    fields = dict(
        re.split(r"\s{2,}", line.strip(), maxsplit=1) for line in result.output.splitlines()
    )
    assert fields["standard"] == "ebix"
    assert fields["message"] == "RequestStartOfSupply"
    assert fields["process (BRS)"] == "BRS-NO-102"
    assert fields["role"] == "DDQ"
    assert re.fullmatch(r"\d{13}", fields["sender"])
    assert re.fullmatch(r"\d{13}", fields["recipient"])
    assert fields["created"].startswith("2026-")
    as_json = json.loads(runner.invoke(main, ["info", "--format", "json", str(path)]).output)
    assert as_json["brs"] == "BRS-NO-102"
    assert as_json["sender"] == fields["sender"]


def test_info_reads_every_format_convert_reads(runner: CliRunner, tmp_path: Path) -> None:
    """CIM XML and CIM JSON as well as ebIX (a CIM JSON file was reported as malformed XML)."""
    from elhub_cim.formats.cimjson import to_json

    cim = elhub_cim.convert(example("RequestStartOfSupply-move-in").read_bytes(), to="cim").data
    (tmp_path / "cim.xml").write_bytes(cim)
    (tmp_path / "cim.json").write_bytes(to_json(cim))
    for name in ("cim.xml", "cim.json"):
        result = runner.invoke(main, ["info", "--format", "json", str(tmp_path / name)])
        assert result.exit_code == 0, result.output
        fields = json.loads(result.output)
        assert (fields["standard"], fields["brs"]) == ("cim", "BRS-NO-102"), fields
        assert fields["message_type"] == "RequestChangeOfSupplier_MarketDocument"


def test_info_on_invalid_input(runner: CliRunner, invalid_file: Path) -> None:
    result = runner.invoke(main, ["info", str(invalid_file)])
    assert result.exit_code == 1
    assert "StartOfOccurrence" in result.output


def test_fmt_normalises_and_round_trips(runner: CliRunner, tmp_path: Path) -> None:
    path = example("NotifyMeteringPointCharacteristics")
    result = runner.invoke(main, ["fmt", str(path)])
    assert result.exit_code == 0, result.output
    out = result.stdout_bytes
    assert out.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    assert_same_xml(path.read_bytes(), out)
    target = tmp_path / "out.xml"
    assert runner.invoke(main, ["fmt", str(path), "-o", str(target), "--compact"]).exit_code == 0
    assert_same_xml(path.read_bytes(), target.read_bytes())
    # Never overwrites without --force; nothing left behind.
    again = runner.invoke(main, ["fmt", str(path), "-o", str(target)])
    assert again.exit_code == 2
    assert "exists" in again.output
    assert runner.invoke(main, ["fmt", str(path), "-o", str(target), "--force"]).exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.xml"]


def test_fmt_refuses_invalid_input(runner: CliRunner, invalid_file: Path, tmp_path: Path) -> None:
    target = tmp_path / "out.xml"
    result = runner.invoke(main, ["fmt", str(invalid_file), "-o", str(target)])
    assert result.exit_code == 1
    assert "StartOfOccurrence" in result.output
    assert not target.exists()


def test_fmt_with_force_of_an_input_now_rejected_removes_the_earlier_output(
    runner: CliRunner, invalid_file: Path, tmp_path: Path
) -> None:
    """As convert -o --force: fmt IN -o OUT --force of an input now rejected left OUT of an
    earlier run beside the error, as if IN normalised; it is removed, and said."""
    source, target = tmp_path / "in.xml", tmp_path / "out.xml"
    source.write_bytes(example("NotifyMeteringPointCharacteristics").read_bytes())
    assert runner.invoke(main, ["fmt", str(source), "-o", str(target)]).exit_code == 0
    source.write_bytes(invalid_file.read_bytes())
    result = runner.invoke(main, ["fmt", str(source), "-o", str(target), "--force"])
    assert result.exit_code == 1, result.output
    assert "StartOfOccurrence" in result.output
    assert f"earlier output {target} removed" in result.output
    assert not target.exists()
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]
    source.unlink()  # (not there: an I/O error, exit 2; its earlier output goes as well)
    target.write_text("earlier", encoding="utf-8")
    missing = runner.invoke(main, ["fmt", str(source), "-o", str(target), "--force"])
    assert missing.exit_code == 2, missing.output
    assert f"{source}: IO_ERROR no such file" in missing.output
    assert not target.exists()
    target.write_text("earlier", encoding="utf-8")  # (without --force it is not fmt's to touch)
    kept = runner.invoke(main, ["fmt", str(source), "-o", str(target)])
    assert kept.exit_code == 2, kept.output
    assert target.exists()


@pytest.mark.parametrize("through_link", [False, True])
def test_fmt_never_writes_over_its_input(
    runner: CliRunner, tmp_path: Path, through_link: bool
) -> None:
    """As convert: an output that is the input (or a link to it) is refused, even with --force."""
    path = tmp_path / "message.xml"
    cim = PROJECT_ROOT / "examples" / "cim" / "AccountingPointCharacteristics_BRS-NO-102.xml"
    original = cim.read_bytes()
    path.write_bytes(original)
    target = path
    if through_link:
        target = tmp_path / "link.xml"
        target.symlink_to(path)
    command = ["fmt", str(path), "--format", "json", "-o", str(target), "--force"]
    result = runner.invoke(main, command)
    assert result.exit_code == 2, result.output
    assert "OUTPUT_COLLISION" in result.stderr
    assert "Traceback" not in result.output
    assert path.read_bytes() == original


@pytest.mark.parametrize("command", ["info", "fmt"])
def test_a_folder_is_not_called_missing(runner: CliRunner, tmp_path: Path, command: str) -> None:
    """info and fmt read one file: a folder is refused as a folder, not as "no such file"
    (which sends the operator looking for a typo in a path that exists)."""
    result = runner.invoke(main, [command, str(tmp_path)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{tmp_path}: IO_ERROR ")
    assert "no such file" not in result.stderr
    assert "folder" in result.stderr
    missing = runner.invoke(main, [command, str(tmp_path / "missing.xml")])
    assert missing.exit_code == 2
    assert "no such file" in missing.stderr


def test_real_subprocess(invalid_file: Path) -> None:
    executable = Path(sys.executable).parent / "elhub-cim"
    command = [str(executable)] if executable.exists() else [sys.executable, "-m", "elhub_cim"]
    env = {**os.environ, "PYTHONWARNINGS": "error"}
    good = subprocess.run(
        [*command, "validate", str(example("RequestEndOfSupply"))],
        capture_output=True,
        env=env,
        check=False,
    )
    assert good.returncode == 0, good.stderr
    bad = subprocess.run(
        [*command, "validate", str(invalid_file)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert bad.returncode == 1
    assert "Traceback" not in bad.stderr
    assert PROBLEM_LINE.match(bad.stdout.splitlines()[0])


def test_diff_reads_cim_json_as_info_and_fmt_do(runner: CliRunner, tmp_path: Path) -> None:
    # CIM JSON was parsed as XML: "XML_MALFORMED Start tag expected, '<' not found" on a
    # message every other command reads.
    xml = PROJECT_ROOT / "examples" / "cim" / "RequestChangeOfSupplier_BRS-NO-102.xml"
    as_json = tmp_path / "request.json"
    made = runner.invoke(main, ["fmt", str(xml), "--format", "json", "-o", str(as_json)])
    assert made.exit_code == 0, made.output
    same = runner.invoke(main, ["diff", str(xml), str(as_json)])
    assert same.exit_code == 0, same.output
    assert "are the same document" in same.output
    changed = tmp_path / "changed.json"
    changed.write_text(as_json.read_text("utf-8").replace("7080050001014", "7080050002028"))
    different = runner.invoke(main, ["diff", str(as_json), str(changed)])
    assert different.exit_code == 1
    assert "+<n0:sender_MarketParticipant.mRID" in different.output
    assert "7080050002028" in different.output


@pytest.mark.parametrize(
    "cim_example",
    [
        "NotifyStartOfSupply_BRS-NO-102.xml",  # from Elhub: the receiver is the market party
        "RequestChangeOfSupplier_BRS-NO-102.xml",  # to Elhub: the sender is
        "ConfirmRequestEndOfSupply_BRS-NO-201.xml",
    ],
)
def test_info_names_the_same_role_for_a_cim_document_as_for_its_ebix_form(
    runner: CliRunner, tmp_path: Path, cim_example: str
) -> None:
    # A CIM document from Elhub showed role DDZ (Elhub's own), its ebIX form the market party's
    # role (EnergyBusinessProcessRole), as the header's role means in both (the domain's).
    cim = PROJECT_ROOT / "examples" / "cim" / cim_example
    ebix = tmp_path / "ebix.xml"
    made = runner.invoke(main, ["convert", str(cim), "--to", "ebix", "-o", str(ebix)])
    assert made.exit_code == 0, made.output
    roles = [
        json.loads(runner.invoke(main, ["info", "--format", "json", str(path)]).output)["role"]
        for path in (cim, ebix)
    ]
    assert roles[0] == roles[1]
    assert roles[0] == elhub_cim.to_domain(cim).header.role.value
    assert roles[0] != "DDZ"


def test_info_of_a_nordic_document_takes_the_brs_its_error_asks_for(
    runner: CliRunner, tmp_path: Path
) -> None:
    # A Nordic Ediel document carries no BRS: info refused it with "pass brs=" and had no way
    # to pass one (convert has --brs).
    nordic = tmp_path / "nordic.xml"
    cim = PROJECT_ROOT / "examples" / "cim" / "RequestChangeOfSupplier_BRS-NO-102.xml"
    made = runner.invoke(
        main, ["convert", str(cim), "--to", "nordic-ediel", "--allow-loss", "-o", str(nordic)]
    )
    assert made.exit_code == 0, made.output
    refused = runner.invoke(main, ["info", str(nordic)])
    assert refused.exit_code == 1
    assert "brs" in refused.output.lower()
    shown = runner.invoke(main, ["info", "--format", "json", "--brs", "BRS-NO-102", str(nordic)])
    assert shown.exit_code == 0, shown.output
    assert json.loads(shown.output)["brs"] == "BRS-NO-102"


def test_info_of_a_nordic_document_names_its_standard_and_namespace(
    runner: CliRunner, tmp_path: Path
) -> None:
    # It showed "standard cim" and the profile's namespace: what it was lifted into, not the file.
    cim = PROJECT_ROOT / "examples" / "cim" / "RequestChangeOfSupplier_BRS-NO-102.xml"
    for suffix, options in ((".xml", []), (".json", ["--format", "json"])):
        nordic = tmp_path / f"nordic{suffix}"
        args = ["convert", str(cim), "--to", "nordic-ediel", "--allow-loss", "-o", str(nordic)]
        made = runner.invoke(main, [*args, *options])
        assert made.exit_code == 0, made.output
        shown = runner.invoke(
            main, ["info", "--format", "json", "--brs", "BRS-NO-102", str(nordic)]
        )
        assert shown.exit_code == 0, shown.output
        fields = json.loads(shown.output)
        assert fields["standard"] == "nordic-ediel"
        assert fields["namespace"] == "urn:ediel.org:structure:requestchangeofsupplier:0:1"
        assert fields["message_type"] == "RequestChangeOfSupplier_MarketDocument"


def test_info_of_a_profile_0_1_document_shows_the_namespace_of_the_file(
    runner: CliRunner,
) -> None:
    # 0.1 documents are read as 0.2 (upgraded); info showed the 0.2 namespace the file does not
    # have, from a file or from standard input alike.
    legacy = (
        PROJECT_ROOT / "tests" / "data" / "profile-0.1" / "RequestChangeOfSupplier_BRS-NO-102.xml"
    )
    for args, given in (([str(legacy)], None), (["-"], legacy.read_bytes())):
        shown = runner.invoke(main, ["info", "--format", "json", *args], input=given)
        assert shown.exit_code == 0, shown.output
        fields = json.loads(shown.output)
        assert (
            fields["namespace"] == "urn:x-elhub-cim:profile:structure:requestchangeofsupplier:0:1"
        )
        assert fields["brs"] == "BRS-NO-102"


def test_info_escapes_a_header_value_that_is_not_printable(
    runner: CliRunner, tmp_path: Path
) -> None:
    """A CIM sender mRID may be any string to the XSD: a newline in it split info's row in two
    and a bidi override (U+202E) reversed what followed on the terminal."""
    cim = PROJECT_ROOT / "examples" / "cim" / "AccountingPointCharacteristics_BRS-NO-102.xml"
    sender = rb"(<sender_MarketParticipant.mRID[^>]*>)\d+"
    data = re.sub(sender, rb"\g<1>70800&#10;&#x202e;x", cim.read_bytes())
    (tmp_path / "odd.xml").write_bytes(data)
    shown = runner.invoke(main, ["info", str(tmp_path / "odd.xml")])
    assert shown.exit_code == 1, shown.output  # (such a sender is no GLN: validate refuses it)
    assert all(re.fullmatch(r"[a-zA-Z ()]+?  +\S.*", row) for row in shown.stdout.splitlines())
    assert "\u202e" not in shown.output
    assert "sender         70800\\n\\u202ex\n" in shown.stdout
    as_json = runner.invoke(main, ["info", "--format", "json", str(tmp_path / "odd.xml")])
    assert json.loads(as_json.stdout)["sender"] == "70800\\n\\u202ex"


def test_a_debug_traceback_prints_no_terminal_escape(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With ELHUB_CIM_DEBUG set, an internal error's traceback was printed as it was: an
    exception quoting the input's name (or a value) with a terminal's escape sequence or a bidi
    override ran it on the operator's terminal, which every other line escapes."""
    from elhub_cim import pipeline

    name = tmp_path / "in\x1b[2J\u202e.xml"
    name.write_bytes(example("RequestStartOfSupply-move-in").read_bytes())

    def exploding(source: object, *args: object, **kwargs: object) -> object:
        raise RuntimeError(f"cannot map {source}")  # (the path as given, not as shown)

    monkeypatch.setattr(pipeline, "parse", exploding)
    monkeypatch.setenv("ELHUB_CIM_DEBUG", "1")
    result = runner.invoke(main, ["validate", "--jobs", "1", str(name)])
    assert result.exit_code == 3, result.output
    assert "Traceback (most recent call last):\n" in result.output  # (its lines kept)
    assert "\x1b" not in result.output
    assert "\u202e" not in result.output
    assert "RuntimeError: cannot map " in result.output
    assert "in\\x1b[2J\\u202e.xml" in result.output


def test_a_rules_config_error_is_one_line_of_what_it_says(
    runner: CliRunner, tmp_path: Path
) -> None:
    """--rules-config quoted a TOML key as it was: a newline split the error in two and a bidi
    override (U+202E) reversed what followed on the terminal."""
    config = tmp_path / "rules.toml"
    config.write_text('[dates."x\\u202eRED\\nnext"]\nfoo = 5\n', encoding="utf-8")
    result = runner.invoke(main, ["validate", "--rules-config", str(config), "x.xml"])
    assert result.exit_code == 2
    (line,) = [line for line in result.output.splitlines() if "--rules-config" in line]
    assert "dates.x\\u202eRED\\nnext.foo must be a date" in line
    assert "\u202e" not in result.output


def test_fmt_says_when_it_writes_a_profile_0_1_document_as_0_2(
    runner: CliRunner, tmp_path: Path
) -> None:
    # fmt "normalises"; a 0.1 document came out in the 0.2 namespace (with 0.2's names and
    # codes) without a word.
    legacy = (
        PROJECT_ROOT / "tests" / "data" / "profile-0.1" / "RequestChangeOfSupplier_BRS-NO-102.xml"
    )
    out = tmp_path / "out.xml"
    result = runner.invoke(main, ["fmt", str(legacy), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert b":0:2" in out.read_bytes()
    assert "0.1" in result.output
    assert "0.2" in result.output
    current = runner.invoke(
        main, ["fmt", str(example("RequestStartOfSupply-move-in")), "-o", str(tmp_path / "x.xml")]
    )
    assert current.exit_code == 0
    assert current.output == ""


def test_diff_reads_one_side_from_standard_input(runner: CliRunner, tmp_path: Path) -> None:
    # Every other single-input command takes - for standard input; diff said "File '-' does
    # not exist".
    path = example("RequestStartOfSupply-move-in")
    same = runner.invoke(main, ["diff", str(path), "-"], input=path.read_bytes())
    assert same.exit_code == 0, same.output
    assert "<stdin>" in same.output
    changed = path.read_bytes().replace(b"BRS-NO-102", b"BRS-NO-103")
    different = runner.invoke(main, ["diff", "-", str(path)], input=changed)
    assert different.exit_code == 1
    assert "--- <stdin>" in different.output
    both = runner.invoke(main, ["diff", "-", "-"], input=changed)
    assert both.exit_code == 2
    missing = runner.invoke(main, ["diff", str(path), str(tmp_path / "nope.xml")])
    assert missing.exit_code == 2
    assert "nope.xml" in missing.output


def test_info_gives_the_verdict_validate_gives(runner: CliRunner, tmp_path: Path) -> None:
    """info said "valid yes" of a document validate refuses (it checked the XSD only): an
    operator reads that as "Elhub will accept it". It now runs validate's checks and says what
    each found: the XSD, then the business rules, their findings as validate prints them."""
    good = EXAMPLES / "RequestUpfrontMeteringPointCharacteristics.xml"
    bad = tmp_path / "bad611.xml"
    bad.write_bytes(good.read_bytes().replace(b">E10<", b">E07<"))
    assert runner.invoke(main, ["validate", str(bad)]).exit_code == 1
    shown = runner.invoke(main, ["info", str(bad)])
    assert shown.exit_code == 1, shown.output
    fields = dict(
        re.split(r"\s{2,}", line.strip(), maxsplit=1)
        for line in shown.stdout.splitlines()
        if line.strip()
    )
    assert fields["XSD valid"] == "yes"
    assert fields["rules valid"].startswith("no (1 error: EH011)"), fields
    assert "valid" not in fields  # (no bare "valid yes": valid to what?)
    assert shown.stderr.startswith(f"{bad}:10: EH011 ")
    as_json = runner.invoke(main, ["info", "--format", "json", str(bad)])
    assert as_json.exit_code == 1
    verdict = json.loads(as_json.stdout)
    assert (verdict["valid"], verdict["xsd_valid"], verdict["rules_valid"]) == (False, True, False)
    assert [p["code"] for p in verdict["problems"]] == ["EH011"]
    ok = runner.invoke(main, ["info", str(good)])
    assert ok.exit_code == 0, ok.output
    assert "XSD valid      yes\nrules valid    yes\n" in ok.stdout
    ok_json = json.loads(runner.invoke(main, ["info", "--format", "json", str(good)]).stdout)
    assert (ok_json["valid"], ok_json["rules_valid"], ok_json["problems"]) == (True, True, [])


@pytest.mark.parametrize(
    "command",
    [
        ["validate"],
        ["convert", "--to", "cim", "-O", "OUT"],
        ["monitor", "extract", "-o", "events.csv"],
    ],
)
def test_too_many_jobs_is_a_usage_error_naming_the_limit(
    tmp_path: Path, command: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """-j 100000 tried to start that many worker processes (bounded only by the number of
    inputs), --dask local:99999 that many Dask workers. More than max_jobs() is refused before
    anything starts (exit 2), the limit named; the limit itself is taken."""
    from elhub_cim.runners import max_jobs

    monkeypatch.chdir(tmp_path)
    source = tmp_path / "in"
    source.mkdir()
    (source / "a.xml").write_bytes(
        (PROJECT_ROOT / "examples/ebix/NotifyStartOfSupply.xml").read_bytes()
    )
    limit = max_jobs()
    assert limit >= 32
    runner = CliRunner()
    for option in (["-j", str(limit + 1)], ["--jobs", "100000"], ["--dask", f"local:{limit + 1}"]):
        if command[0] == "monitor" and option[0] == "-j":
            option = ["--jobs", option[1]]
        result = runner.invoke(main, [*command, *option, str(source)])
        assert result.exit_code == 2, (option, result.output)
        assert f"at most {limit}" in result.stderr, result.stderr
        assert "Traceback" not in result.output
    result = runner.invoke(main, [*command, "--jobs", str(limit), str(source)])
    assert result.exit_code == 0, result.output
    named = command[:2] if command[0] == "monitor" else command[:1]
    help_text = runner.invoke(main, [*named, "--help"]).output
    assert "4 × the CPUs" in " ".join(help_text.split()), help_text


def test_too_many_local_dask_workers_is_refused_by_the_library() -> None:
    from elhub_cim.runners import checked_dask, max_jobs

    assert checked_dask(f"local:{max_jobs()}") == f"local:{max_jobs()}"
    with pytest.raises(ValueError, match=f"at most {max_jobs()}"):
        checked_dask("local:99999")
    assert checked_dask("local:0000001") == "local:0000001"
    with pytest.raises(ValueError, match="so many workers"):
        checked_dask("local:" + "9" * 5000)
