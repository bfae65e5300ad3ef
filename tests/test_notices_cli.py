"""``elhub-cim notice`` on the bundled examples and the bundled registers."""

from __future__ import annotations

import email
import email.policy
import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from elhub_cim.batch import expand_inputs
from elhub_cim.cli import main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
CONTACTS = EXAMPLES / "notices" / "contacts.csv"
GRID_COMPANIES = EXAMPLES / "notices" / "grid-companies.csv"
SUMMARY = re.compile(
    r"^(\d+) inputs: (\d+) notices (?:written|sent), (\d+) trigger no notice, "
    r"(\d+) without previous customer, (\d+) without contact, (\d+) without grid company, "
    r"(\d+) duplicates, (\d+) errors$",
    re.MULTILINE,
)


#: The configured default identity (``$ELHUB_CIM_NOTICE_FROM``) every run here has.
SENDER = "Trøndelag Nettdrift AS <varsel@trondelag-nettdrift.example>"


def run(*arguments: str, sender: str | None = SENDER) -> Result:
    env = {"ELHUB_CIM_NOTICE_FROM": sender} if sender else {"ELHUB_CIM_NOTICE_FROM": ""}
    return CliRunner().invoke(main, ["notice", *arguments], env=env)


def summary(result: Result) -> list[int]:
    found = SUMMARY.search(result.output)
    assert found, result.output
    numbers = [int(n) for n in found.groups()]
    assert numbers[0] == sum(numbers[1:]), "the counts add up to the inputs"
    return numbers


def test_the_bundled_examples_run_with_the_bundled_registers(tmp_path: Path) -> None:
    outbox = tmp_path / "outbox"
    arguments = [
        str(EXAMPLES / "ebix"),
        str(EXAMPLES / "cim"),
        "--register",
        str(CONTACTS),
        "--grid-companies",
        str(GRID_COMPANIES),
        "-O",
        str(outbox),
    ]
    result = run(*arguments)
    assert result.exit_code == 0, result.output
    inputs = len(list(expand_inputs((str(EXAMPLES / "ebix"), str(EXAMPLES / "cim")))))
    total, written, quiet, vacant, no_contact, no_grid, duplicates, errors = summary(result)
    assert total == inputs
    assert vacant == 0
    # The bundled register covers every bundled ending: nothing needs attention. (A new
    # triggering example needs its customer in examples/notices/contacts.csv.)
    assert (no_contact, no_grid, errors) == (0, 0, 0)
    assert written >= 4
    assert duplicates >= 4
    files = sorted(outbox.glob("*.eml"))
    assert len(files) == written
    recipients = set()
    for file in files:
        message = email.message_from_bytes(file.read_bytes(), policy=email.policy.default)
        recipients.add(str(message["To"]))
        assert message["Message-ID"].strip() == f"<{file.stem}@trondelag-nettdrift.example>"
        assert message["From"] == SENDER
    # The customers whose relationship ends, never the ones moving in.
    assert recipients >= {
        "Ingrid Lie <ingrid.lie@eksempel.example>",
        "Per Øyvind Sæther <per.oyvind.saether@eksempel.example>",
        "Sjøgata Eiendom AS <post@sjogata-eiendom.example>",
        "Kjøpmannsgata Eiendom AS <drift@kjopmannsgata-eiendom.example>",
        # BRS-NO-305: Elhub's change gives the metering point another customer.
        "Nedre Møllenberg Frisør AS <post@mollenberg-frisor.example>",
    }
    # ... and Elhub's correction that keeps the customer sends nothing.
    assert "Bryggen" not in " ".join(recipients)
    assert "CharacteristicsOfACustomerAtAnAP_BRS-NO-305.xml: no_trigger: Elhub's change keeps" in (
        result.output
    )
    for national_id in ("15829012372", "03827545669", "01010010183"):
        assert national_id not in result.output
        for file in files:
            assert national_id.encode() not in file.read_bytes()
    # Again: everything already written is a duplicate, nothing is overwritten.
    again = run(*arguments)
    assert again.exit_code == 0, again.output
    assert summary(again)[1:] == [0, quiet, 0, 0, 0, written + duplicates, 0]
    assert "already written" in again.output


def test_a_customer_without_contact_fails_the_run_with_1(tmp_path: Path) -> None:
    register = tmp_path / "contacts.csv"
    register.write_text("metering_point,valid_from,email\n", encoding="utf-8")
    result = run(
        str(EXAMPLES / "ebix" / "ConfirmEndOfSupply.xml"),
        "--register",
        str(register),
        "-O",
        str(tmp_path / "out"),
    )
    assert result.exit_code == 1, result.output
    assert summary(result)[1:] == [0, 0, 0, 1, 0, 0, 0]
    assert "no_contact" in result.output


def test_a_move_in_on_a_vacant_metering_point_exits_0(tmp_path: Path) -> None:
    register = tmp_path / "contacts.csv"
    register.write_text(  # only the customer moving in: nobody before
        "metering_point,valid_from,email\n707057500421739658,2026-05-01,ny@example.com\n",
        encoding="utf-8",
    )
    result = run(
        str(EXAMPLES / "ebix" / "NotifyStartOfSupply.xml"),
        "--register",
        str(register),
        "--grid-companies",
        str(GRID_COMPANIES),
        "-O",
        str(tmp_path / "out"),
    )
    assert result.exit_code == 0, result.output
    assert summary(result)[1:] == [0, 0, 1, 0, 0, 0, 0]
    assert "no_previous_customer" in result.output


def test_the_sender_is_required_with_a_display_name(tmp_path: Path) -> None:
    example = str(EXAMPLES / "ebix" / "ConfirmEndOfSupply.xml")
    common = [example, "--register", str(CONTACTS), "-O", str(tmp_path)]
    missing = run(*common, sender=None)
    assert missing.exit_code == 2
    assert "Missing option '--from'" in missing.output
    anonymous = run(*common, "--from", "noreply@nett.example")
    assert anonymous.exit_code == 2
    assert "display name" in anonymous.output
    assert not list(tmp_path.glob("*.eml"))


def test_language_templates_and_from_options(tmp_path: Path) -> None:
    templates = tmp_path / "templates" / "en"
    templates.mkdir(parents=True)
    (templates / "subject.txt").write_text("Notice for {{ metering_point }}", encoding="utf-8")
    register = tmp_path / "contacts.csv"
    register.write_text(  # no language column: --language decides
        "metering_point,valid_from,email,name,grid_company\n"
        "707057500001000055,2017-01-01,post@sjogata.example,Sjøgata Eiendom AS,7080030004042\n",
        encoding="utf-8",
    )
    result = run(
        str(EXAMPLES / "cim" / "ConfirmRequestEndOfSupply_BRS-NO-201.xml"),
        "--register",
        str(register),
        "--grid-companies",
        str(GRID_COMPANIES),
        "--language",
        "en",
        "--templates",
        str(tmp_path / "templates"),
        "--from",
        "Eksempel Nett AS <varsel@eksempel-nett.example>",
        "-O",
        str(tmp_path / "out"),
    )
    assert result.exit_code == 0, result.output
    file = next((tmp_path / "out").glob("*.eml"))
    message = email.message_from_bytes(file.read_bytes(), policy=email.policy.default)
    assert message["Subject"] == "Notice for 707057500001000055"
    assert message["From"] == "Eksempel Nett AS <varsel@eksempel-nett.example>"
    body = message.get_body(("plain",))
    assert body is not None
    content = body.get_content()
    assert "you must contact your grid company, Eksempel Nett AS" in content
    assert "Eksempel Nett AS has registered that your electricity customer relationship" in content
    assert "Kind regards\r\nEksempel Nett AS" in content


def test_usage_and_io_errors_exit_2(tmp_path: Path) -> None:
    example = str(EXAMPLES / "ebix" / "ConfirmEndOfSupply.xml")
    # Neither an outbox nor SMTP.
    assert run(example, "--register", str(CONTACTS)).exit_code == 2
    # A register that is not there, or not usable.
    missing = run(example, "--register", str(tmp_path / "none.csv"), "-O", str(tmp_path))
    assert missing.exit_code == 2
    assert "IO_ERROR" in missing.output
    bad = tmp_path / "bad.csv"
    bad.write_text("metering_point,valid_from,email\n123,someday,x\n", encoding="utf-8")
    invalid = run(example, "--register", str(bad), "-O", str(tmp_path))
    assert invalid.exit_code == 2
    assert "REGISTER_INVALID" in invalid.output
    # A bad --from, and credentials without --starttls.
    assert (
        run(example, "--register", str(CONTACTS), "-O", str(tmp_path), "--from", "x").exit_code == 2
    )
    with_credentials = CliRunner().invoke(
        main,
        ["notice", example, "--register", str(CONTACTS), "--smtp", "127.0.0.1:2525"],
        env={
            "ELHUB_CIM_SMTP_USER": "u",
            "ELHUB_CIM_SMTP_PASSWORD": "p",
            "ELHUB_CIM_NOTICE_FROM": SENDER,
        },
    )
    assert with_credentials.exit_code == 2
    assert "STARTTLS" in with_credentials.output
    # An input that is not there is counted, and makes the run exit 2.
    result = run(
        example,
        str(tmp_path / "missing.xml"),
        "--register",
        str(CONTACTS),
        "--grid-companies",
        str(GRID_COMPANIES),
        "-O",
        str(tmp_path / "out"),
    )
    assert result.exit_code == 2, result.output
    assert summary(result)[0] == 2
    assert summary(result)[-1] == 1


def test_an_invalid_message_exits_1(tmp_path: Path) -> None:
    broken = tmp_path / "broken.xml"
    broken.write_bytes(b"<RequestStartOfSupply>")
    result = run(str(broken), "--register", str(CONTACTS), "-O", str(tmp_path / "out"))
    assert result.exit_code == 1, result.output
    assert summary(result)[-1] == 1


def test_jobs_give_the_same_notices_and_report(tmp_path: Path) -> None:
    """The messages are read in parallel; deciding and delivering stay in one place, so the
    notices, the report lines and the exit code are those of one process."""
    broken = tmp_path / "in" / "broken.xml"
    broken.parent.mkdir()
    broken.write_text("<RequestEndOfSupply>", encoding="utf-8")
    runs = {}
    for jobs in ("1", "2"):
        outbox = tmp_path / f"outbox-{jobs}"
        result = run(
            str(EXAMPLES / "ebix"), str(EXAMPLES / "cim"), str(broken.parent),
            "--register", str(CONTACTS), "--grid-companies", str(GRID_COMPANIES),
            "-O", str(outbox), "--jobs", jobs,
        )  # fmt: skip
        # The date and the MIME boundaries differ between any two runs.
        notices = {
            file.name: [
                BOUNDARY.sub("BOUNDARY", line)
                for line in file.read_text(encoding="utf-8").splitlines()
                if not line.startswith("Date:")
            ]
            for file in sorted(outbox.glob("*.eml"))
        }
        runs[jobs] = (result.exit_code, result.output.replace(outbox.name, "OUTBOX"), notices)
    assert runs["1"] == runs["2"]
    exit_code, output, notices = runs["2"]
    assert exit_code == 1  # the broken message
    assert "broken.xml" in output
    assert len(notices) == summary_counts(output)[1]


BOUNDARY = re.compile(r"=+\d+==")


def summary_counts(output: str) -> list[int]:
    found = SUMMARY.search(output)
    assert found, output
    return [int(n) for n in found.groups()]


def test_cim_json_under_a_folder_is_read_and_other_files_are_listed(tmp_path: Path) -> None:
    """Under a folder, notice read .xml files only: CIM JSON messages (read when named) and
    every other file were left out without a word."""
    folder = tmp_path / "in"
    folder.mkdir()
    source = str(EXAMPLES / "ebix" / "NotifyEndOfSupply.xml")
    converted = CliRunner().invoke(
        main, ["convert", source, "--to", "cim", "--format", "json", "-o", str(folder / "end.json")]
    )
    assert converted.exit_code == 0, converted.output
    (folder / "notes.txt").write_text("not a message", encoding="utf-8")
    outbox = tmp_path / "outbox"
    result = run(
        str(folder), "--register", str(CONTACTS), "--grid-companies", str(GRID_COMPANIES),
        "-O", str(outbox), "--jobs", "1",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert summary(result)[:2] == [1, 1]
    assert len(list(outbox.glob("*.eml"))) == 1
    assert f"{folder / 'notes.txt'}: skipped (not .xml or .json)" in result.stderr


def test_a_file_name_is_printed_on_one_line_with_its_controls_escaped(tmp_path: Path) -> None:
    """notice printed an input's name as it is: a newline in a file name split its report line
    in two, and a terminal's escape sequence in one went to the terminal. It is escaped, as
    validate and convert print names."""
    folder = tmp_path / "in"
    folder.mkdir()
    source = (EXAMPLES / "ebix" / "NotifyEndOfSupply.xml").read_bytes()
    (folder / "a\nb.xml").write_bytes(source)
    (folder / "c\x1b[2Jd.xml").write_bytes(b"<RequestEndOfSupply>")
    result = run(
        str(folder), "--register", str(CONTACTS), "--grid-companies", str(GRID_COMPANIES),
        "-O", str(tmp_path / "outbox"), "--jobs", "1",
    )  # fmt: skip
    assert result.exit_code == 1, result.output
    assert "\x1b" not in result.output
    lines = result.output.splitlines()
    assert any(line.startswith(f"{folder}/a\\nb.xml: written: ") for line in lines), lines
    assert any(line.startswith(f"{folder}/c\\x1b[2Jd.xml: error: ") for line in lines), lines
    assert len(lines) == 3  # the two inputs and the summary


def test_a_name_with_a_backslash_is_told_from_one_with_a_newline(tmp_path: Path) -> None:
    """notice showed a name's newline as ``\\n`` and a name's backslash and n alike: two inputs
    of one line in its report. A backslash is escaped, as validate and convert show names."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a\nb.xml").write_bytes(b"<RequestEndOfSupply>")
    (folder / "a\\nb.xml").write_bytes(b"<RequestEndOfSupply>")
    result = run(
        str(folder), "--register", str(CONTACTS), "--grid-companies", str(GRID_COMPANIES),
        "-O", str(tmp_path / "outbox"), "--jobs", "1",
    )  # fmt: skip
    lines = result.output.splitlines()
    assert any(line.startswith(f"{folder}/a\\nb.xml: error: ") for line in lines), lines
    assert any(line.startswith(f"{folder}/a\\\\nb.xml: error: ") for line in lines), lines


def test_a_killed_runs_temporary_notice_is_removed_by_the_next_run(tmp_path: Path) -> None:
    """A notice is written beside its .eml and renamed into place; a run killed while writing
    one left ``.KEY.eml.XXXXXXXX.tmp`` in the outbox for ever. The next run into that outbox
    removes it (nothing else of the folder's)."""
    outbox = tmp_path / "outbox"
    outbox.mkdir()
    left = outbox / f".{'0' * 32}.eml.abcd_123.tmp"
    left.write_bytes(b"From: half")
    other = outbox / ".notes.txt.abcd_123.tmp"
    other.write_bytes(b"mine")
    result = run(
        str(EXAMPLES / "ebix" / "NotifyEndOfSupply.xml"), "--register", str(CONTACTS),
        "--grid-companies", str(GRID_COMPANIES), "-O", str(outbox), "--jobs", "1",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert len(list(outbox.glob("*.eml"))) == 1
    assert not left.exists()
    assert other.exists()


def test_an_smtp_cafile_that_holds_no_certificate_is_an_io_error(tmp_path: Path) -> None:
    for text in ("not a certificate\n", ""):
        cafile = tmp_path / "ca.pem"
        cafile.write_text(text)
        result = run(
            str(EXAMPLES / "ebix" / "ConfirmEndOfSupply.xml"),
            "--register",
            str(CONTACTS),
            "--smtp",
            "127.0.0.1:25",
            "--starttls",
            "--smtp-cafile",
            str(cafile),
        )
        assert result.exit_code == 2, result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)
        assert f"{cafile}: IO_ERROR" in result.output
        assert "--smtp-cafile" in result.output


def test_an_empty_party_register_name_is_a_usage_error(tmp_path: Path) -> None:
    """--grid-companies "" (an unset shell variable) was no party register without a word: every
    notice then lacked its grid company (no_grid_company, exit 1)."""
    for option in ("--grid-companies", "--register"):
        names = {"--register": str(CONTACTS), "--grid-companies": str(GRID_COMPANIES), option: ""}
        arguments = [str(EXAMPLES / "ebix" / "ConfirmEndOfSupply.xml"), "-O", str(tmp_path)]
        result = run(*arguments, *[part for pair in names.items() for part in pair])
        assert result.exit_code == 2, result.output
        assert f"Invalid value for '{option}': empty" in result.output
        assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("smtp", [[], ["--smtp", "127.0.0.1:9"]])
def test_an_empty_outbox_is_a_usage_error(tmp_path: Path, smtp: list[str]) -> None:
    """-O "" (an unset shell variable) was taken as no outbox: 'give -O OUTBOX and/or --smtp'
    alone, and with --smtp the notices went out unrecorded. It is a usage error naming -O."""
    message = str(EXAMPLES / "ebix" / "ConfirmEndOfSupply.xml")
    result = run(message, "--register", str(CONTACTS), "-O", "", *smtp)
    assert result.exit_code == 2, result.output
    assert "Invalid value for '-O' / '--outbox': empty" in result.output


def test_an_outbox_inside_an_input_folder_is_not_read_as_input(tmp_path: Path) -> None:
    """notice FOLDER -O FOLDER/outbox listed every notice it had written as an input skipped
    ("not .xml or .json"), one line more per notice at every run; a notice's staged file too.
    As convert's output folder, the outbox is not read, and said so once."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "end.xml").write_bytes((EXAMPLES / "ebix" / "NotifyEndOfSupply.xml").read_bytes())
    outbox = folder / "outbox"
    command = [
        str(folder), "--register", str(CONTACTS), "--grid-companies", str(GRID_COMPANIES),
        "-O", str(outbox), "--jobs", "1",
    ]  # fmt: skip
    assert run(*command).exit_code == 0
    assert len(list(outbox.glob("*.eml"))) == 1
    again = run(*command)
    assert again.exit_code == 0, again.output
    assert ".eml" not in again.stderr, again.stderr
    assert f"{outbox}: skipped (the output folder, not read as input)" in again.stderr
    assert summary(again)[:1] == [1]
