"""File names as the command line shows them: an identity number in a name is masked and a
character that is not printable (a newline, a terminal's escape sequence) is escaped, in every
line, report and file that names an input; the files themselves are read and written as named.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import logging
import os
import pickle
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from elhub_cim.cli import main
from elhub_cim.core.errors import Problem, shown_name
from tests.conftest import PROJECT_ROOT

FODSELSNUMMER = "15058512343"  # valid check digits: what the mask must catch
ESCAPE = "\x1b[31m"
VALID = PROJECT_ROOT / "examples" / "ebix" / "NotifyStartOfSupply.xml"


def _clean(result: Result) -> None:
    for text in (result.stdout, result.stderr):
        assert FODSELSNUMMER not in text
        assert "\x1b" not in text
        assert "\r" not in text


@pytest.fixture
def named(tmp_path: Path) -> Path:
    """A folder of a valid message named after a customer, an invalid one and one with an
    escape sequence and a newline in its name."""
    folder = tmp_path / "in"
    folder.mkdir()
    data = VALID.read_bytes()
    (folder / f"kunde-{FODSELSNUMMER}.xml").write_bytes(data)
    (folder / f"feil-{FODSELSNUMMER}.xml").write_bytes(data.replace(b"<", b"<x", 1)[:200])
    (folder / f"red{ESCAPE}\r\nline.xml").write_bytes(b"<not-xml")
    return folder


def test_shown_name_masks_and_escapes() -> None:
    assert shown_name(f"/data/{FODSELSNUMMER}.xml") == "/data/<masked national id>.xml"
    assert shown_name(f"a{ESCAPE}b\n.xml") == "a\\x1b[31mb\\n.xml"
    assert shown_name(Path("plain.xml")) == "plain.xml"
    assert Problem("IO_ERROR", "x", file=f"{FODSELSNUMMER}.xml").file == "<masked national id>.xml"


def test_a_shown_name_tells_a_backslash_from_what_it_escapes() -> None:
    """A name's newline was shown as ``\n`` and so was a name that holds a backslash and an n:
    two files alike in a list of rejections, or a name that reads as another's. A backslash is
    shown as ``\\``: every name is shown as no other is, and showing a shown name (a Problem
    made from another's file) changes nothing more."""
    names = ["a\nb.xml", "a\\nb.xml", "a\\\nb.xml", "a\\\\nb.xml", "a\udcffb.xml", "a\\udcffb.xml"]
    shown = [shown_name(name) for name in names]
    assert len(set(shown)) == len(names), shown
    assert shown_name("C:\\in\\a.xml") == "C:\\\\in\\\\a.xml"
    assert all(shown_name(name) == name for name in ("plain.xml", "/in/a b.xml", "æøå.xml"))
    for name in names:
        assert shown_name(shown_name(name)) == shown_name(name)
        problem = Problem("IO_ERROR", "x", file=name)
        assert problem.file == shown_name(name)
        assert dataclasses.replace(problem, line=3).file == problem.file
        assert Problem("IO_ERROR", "y", file=problem.file).file == problem.file
        assert pickle.loads(pickle.dumps(problem)) == problem  # noqa: S301 (our own bytes)
        assert Problem("IO_ERROR", "x", file=name).with_file(name).file == problem.file


def test_two_names_alike_but_for_a_backslash_are_listed_apart(tmp_path: Path) -> None:
    """The closing list of rejections showed a file whose name holds a newline and one whose
    name holds a backslash and an n as the same line; each is named as no other is."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a\nb.xml").write_bytes(b"<not-xml")
    (folder / "a\\nb.xml").write_bytes(b"<not-xml")
    command = ["convert", "--to", "cim", str(folder), "-O", str(tmp_path / "out")]
    result = CliRunner().invoke(main, command)
    assert result.exit_code == 1, result.output
    lines = result.stderr.splitlines()
    assert any(line.startswith(f"{folder}/a\\nb.xml:") for line in lines), lines
    assert any(line.startswith(f"{folder}/a\\\\nb.xml:") for line in lines), lines


def test_a_diff_names_a_backslash_as_every_line_does(tmp_path: Path) -> None:
    """The diff's header showed a name with a backslash and an n as one with a newline."""
    left = tmp_path / "a\\nb.xml"
    left.write_bytes(VALID.read_bytes())
    right = tmp_path / "other.xml"
    right.write_text(VALID.read_text(encoding="utf-8").replace("2026", "2027", 1), "utf-8")
    result = CliRunner().invoke(main, ["diff", str(left), str(right)])
    assert result.exit_code == 1, result.output
    assert f"--- {tmp_path}/a\\\\nb.xml" in result.stdout.splitlines(), result.stdout
    same = CliRunner().invoke(main, ["diff", str(left), str(left)])
    assert same.stdout.startswith(f"{tmp_path}/a\\\\nb.xml and "), same.stdout


@pytest.mark.parametrize("encoding", ["latin-1", "cp1252"])
def test_a_name_its_terminal_cannot_show_is_escaped_not_a_crash(
    tmp_path: Path, encoding: str
) -> None:
    """On a standard output that is not UTF-8 (a Latin-1 terminal, Windows' cp1252, a
    PYTHONIOENCODING), a name or value it has no character for (a check mark, a Sámi letter
    outside it) ended validate and info in a UnicodeEncodeError traceback, exit 1. It is
    written as its escape (``\\u2713``), as standard error writes it."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "feil-\u2713.xml").write_bytes(b"<not-xml")
    (folder / "kunde-\u2713-\u00e6.xml").write_bytes(VALID.read_bytes())
    environment = {
        **os.environ,
        "PYTHONPATH": str(PROJECT_ROOT / "src"),
        "PYTHONIOENCODING": encoding,
    }
    runs = {
        "validate": ["validate", str(folder)],
        "info": ["info", str(folder / "kunde-\u2713-\u00e6.xml")],
        "json": ["info", "--format", "json", str(folder / "kunde-\u2713-\u00e6.xml")],
    }
    for name, arguments in runs.items():
        process = subprocess.run(
            [sys.executable, "-m", "elhub_cim", *arguments],
            capture_output=True,
            env=environment,
            timeout=60,
            check=False,
        )
        assert b"Traceback" not in process.stderr, process.stderr
        assert process.returncode == (1 if name == "validate" else 0), process.stderr
        shown = process.stdout.decode(encoding)
        if name == "json":
            assert json.loads(shown)["file"].endswith("kunde-\u2713-\u00e6.xml"), shown
        else:
            assert "\\u2713" in shown, shown


def test_a_logged_name_tells_a_backslash_from_what_it_escapes(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A log line named a file whose name holds a newline as it named one with a backslash and
    an n; a logged value's backslash is escaped too, a Problem's line as it is printed."""
    from elhub_cim.core.logs import get_logger

    caplog.set_level(logging.INFO, logger="elhub_cim")
    log = get_logger("elhub_cim.test")
    log.info("named %s", "a\nb.xml")
    log.info("named %s", "a\\nb.xml")
    problem = Problem("XML_MALFORMED", "bad", file="a\\nb.xml")
    log.info("found %s", problem.format())
    messages = [record.getMessage() for record in caplog.records]
    assert messages == ["named a\\nb.xml", "named a\\\\nb.xml", f"found {problem.format()}"]
    assert problem.format() == "a\\\\nb.xml: XML_MALFORMED bad"


@pytest.mark.parametrize("output_format", ["text", "json"])
def test_validate_a_folder(named: Path, output_format: str) -> None:
    result = CliRunner().invoke(main, ["validate", "--format", output_format, str(named)])
    assert result.exit_code == 1, result.output
    _clean(result)
    if output_format == "json":
        files = [r["file"] for r in json.loads(result.stdout)["results"]]
        assert len(files) == 3
        assert any("<masked national id>" in f and "kunde" in f for f in files)
        assert any("\\x1b[31m\\r\\nline" in f for f in files)


def test_convert_a_folder_writes_the_files_as_named(named: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["convert", "--to", "cim", str(named), "-O", str(out)])
    assert result.exit_code == 1, result.output
    _clean(result)
    assert "<masked national id>" in result.stderr
    assert (out / f"kunde-{FODSELSNUMMER}.xml").is_file()
    again = CliRunner().invoke(main, ["convert", "--to", "cim", str(named), "-O", str(out)])
    _clean(again)
    assert "exists, skipped" in again.stderr


def test_info_and_diff(named: Path) -> None:
    customer = str(named / f"kunde-{FODSELSNUMMER}.xml")
    for output_format in ("text", "json"):
        result = CliRunner().invoke(main, ["info", "--format", output_format, customer])
        assert result.exit_code == 0, result.output
        _clean(result)
        assert "kunde-<masked national id>.xml" in result.stdout
    result = CliRunner().invoke(main, ["diff", customer, customer])
    assert result.exit_code == 0, result.output
    _clean(result)
    broken = CliRunner().invoke(main, ["diff", customer, str(named / f"feil-{FODSELSNUMMER}.xml")])
    assert broken.exit_code == 2
    _clean(broken)


def test_a_diff_names_and_quotes_as_every_line_does(tmp_path: Path) -> None:
    """The diff's lines printed a name's newline and a value's line separators (U+2028, U+0085)
    and direction override (U+202E) as they are: one line of the diff became several, or read
    backwards. They are escaped, as everywhere else."""
    left = tmp_path / f"kunde\r\n{FODSELSNUMMER}.xml"
    left.write_bytes(VALID.read_bytes())
    right = tmp_path / "other.xml"
    hostile = "Ola\u2028Nordmann\x85\u202eevil"
    text = VALID.read_text(encoding="utf-8")
    first = text.index(">", text.index("<abie:Identification")) + 1
    right.write_text(text[:first] + hostile + text[first:], encoding="utf-8")
    result = CliRunner().invoke(main, ["diff", str(left), str(right)])
    assert result.exit_code == 1, result.output
    _clean(result)
    for character in ("\u2028", "\x85", "\u202e"):
        assert character not in result.stdout
    assert "Ola\\u2028Nordmann\\x85\\u202eevil" in result.stdout
    assert f"--- {tmp_path}/kunde\\r\\n<masked national id>.xml" in result.stdout.splitlines()


def test_monitor_lists_skipped_files_by_their_shown_names(named: Path, tmp_path: Path) -> None:
    out = tmp_path / "events.csv"
    skipped = tmp_path / "skipped.csv"
    arguments = ["monitor", "extract", str(named), "-o", str(out), "--skipped", str(skipped)]
    result = CliRunner().invoke(main, arguments)
    _clean(result)
    listed = skipped.read_text(encoding="utf-8")
    assert FODSELSNUMMER not in listed
    assert "\x1b" not in listed
    assert "feil-<masked national id>.xml" in listed


def _same_file_inputs(tmp_path: Path, how: str) -> list[str]:
    folder = tmp_path / "in"
    folder.mkdir()
    path = folder / "a.xml"
    path.write_bytes(VALID.read_bytes())
    if how == "twice":
        return [str(path), str(path)]
    if how == "link":
        (tmp_path / "link.xml").symlink_to(path)
        return [str(path), str(tmp_path / "link.xml")]
    return [str(folder), str(path)]  # a folder and a file in it


@pytest.mark.parametrize("how", ["twice", "link", "folder"])
def test_the_same_file_given_twice_is_one_input(tmp_path: Path, how: str) -> None:
    """It was validated twice, or converted twice and both refused as OUTPUT_COLLISION."""
    inputs = _same_file_inputs(tmp_path, how)
    checked = CliRunner().invoke(main, ["validate", "--format", "json", *inputs])
    assert checked.exit_code == 0, checked.output
    assert len(json.loads(checked.stdout)["results"]) == 1
    out = tmp_path / "out"
    converted = CliRunner().invoke(main, ["convert", "--to", "cim", "-O", str(out), *inputs])
    assert converted.exit_code == 0, converted.output
    closing = converted.stderr.splitlines()[-1]  # (the second name is said, and counted)
    assert closing.startswith("1 inputs: 1 converted, 0 rejected; 1 other file skipped")
    assert len(list(out.rglob("*.xml"))) == 1


@pytest.mark.parametrize("command", [["validate"], ["convert", "--to", "ebix"]])
def test_json_array_input_is_a_json_error(tmp_path: Path, command: list[str]) -> None:
    path = tmp_path / "array.json"
    path.write_bytes(b' [{"RequestChangeOfSupplier_MarketDocument": {}}]')
    result = CliRunner().invoke(main, [*command, str(path)])
    assert result.exit_code != 0
    assert "JSON_SHAPE" in result.output, result.output
    assert "XML_MALFORMED" not in result.output


def test_standard_input_twice_is_a_usage_error(tmp_path: Path) -> None:
    for command in (["validate"], ["convert", "--to", "cim", "-O", str(tmp_path)]):
        result = CliRunner().invoke(main, [*command, "-", "-"], input=VALID.read_bytes())
        assert result.exit_code == 2, result.output
        assert "standard input (-) can be given once" in result.output


def test_linked_folders_are_followed_and_a_loop_is_skipped(tmp_path: Path) -> None:
    """A linked folder under a folder argument was left out without a word; a link back to a
    folder being read is listed as skipped, and the closing line counts skips by reason."""
    inputs = tmp_path / "in"
    real = tmp_path / "elsewhere"
    real.mkdir()
    (real / "linked.xml").write_bytes(VALID.read_bytes())
    inputs.mkdir()
    (inputs / "a.xml").write_bytes(VALID.read_bytes())
    (inputs / "notes.txt").write_bytes(b"x")
    (inputs / "sub").symlink_to(real, target_is_directory=True)
    (inputs / "loop").symlink_to(inputs, target_is_directory=True)
    checked = CliRunner().invoke(main, ["validate", str(inputs)])
    assert checked.exit_code == 0, checked.output
    assert f"{inputs / 'loop'}: skipped (symbolic link loop" in checked.stderr
    assert "1 not .xml or .json" in checked.output
    assert "1 symbolic link loop" in checked.output
    out = tmp_path / "out"
    converted = CliRunner().invoke(main, ["convert", "--to", "cim", "-O", str(out), str(inputs)])
    assert converted.exit_code == 0, converted.output
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.xml")) == [
        "a.xml",
        "sub/linked.xml",
    ]


def _pipe_run(tmp_path: Path, *arguments: str) -> subprocess.CompletedProcess[bytes]:
    """The command line with its input through a FIFO written once (a second read would wait
    for a writer forever or find nothing)."""
    fifo = tmp_path / "fifo.xml"
    os.mkfifo(fifo)
    data = VALID.read_bytes()

    def feed() -> None:
        with contextlib.suppress(OSError), open(fifo, "wb") as stream:
            stream.write(data)

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    command = [str(Path(sys.executable).parent / "elhub-cim"), *arguments, str(fifo)]
    try:
        return subprocess.run(command, capture_output=True, timeout=60, check=False)
    finally:
        # Release a writer still waiting for a reader (the command failed before opening).
        with contextlib.suppress(OSError):
            os.close(os.open(fifo, os.O_RDONLY | os.O_NONBLOCK))
        writer.join(5)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
@pytest.mark.parametrize(
    "arguments",
    [["validate"], ["info"], ["convert", "--to", "cim"], ["convert", "--to", "cim", "-O", "OUT"]],
)
def test_a_pipe_is_read_once(tmp_path: Path, arguments: list[str]) -> None:
    """validate and convert found a pipe empty (read once to look, once to read), info refused
    it as 'no such file'."""
    arguments = [str(tmp_path / "out") if a == "OUT" else a for a in arguments]
    result = _pipe_run(tmp_path, *arguments)
    assert result.returncode == 0, result.stderr.decode()
    if arguments[-1] == "cim":
        assert b"<" in result.stdout


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
@pytest.mark.parametrize("command", [["info"], ["fmt"], ["validate"], ["convert", "--to", "cim"]])
@pytest.mark.parametrize("limit", [10**11, 2**80])
def test_a_pipe_is_read_under_a_limit_beyond_memory(
    tmp_path: Path, command: list[str], limit: int
) -> None:
    """A pipe was asked for --max-bytes + 1 bytes in one read: a MemoryError (100 GB) or an
    OverflowError (2**80: no limit) traceback. It is read a piece at a time, as standard input."""
    result = _pipe_run(tmp_path, *command, "--max-bytes", str(limit))
    assert b"Traceback" not in result.stderr, result.stderr.decode()
    assert result.returncode == 0, result.stderr.decode()


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
@pytest.mark.parametrize("command", ["validate", "info"])
def test_a_device_is_refused(tmp_path: Path, command: str) -> None:
    link = tmp_path / "zero.xml"
    link.symlink_to("/dev/zero")
    for target in (str(link), "/dev/zero"):
        executable = str(Path(sys.executable).parent / "elhub-cim")
        result = subprocess.run(
            [executable, command, target], capture_output=True, timeout=60, check=False
        )
        assert result.returncode != 0
        assert b"not a regular file" in result.stdout + result.stderr, result


@pytest.mark.parametrize("command", [["convert", "--to", "cim"], ["fmt"]])
def test_output_under_a_regular_file_is_a_clear_error(tmp_path: Path, command: list[str]) -> None:
    """It said 'File exists' (convert) or '[Errno 17] File exists: afile' (fmt)."""
    source = tmp_path / "in.xml"
    source.write_bytes(VALID.read_bytes())
    (tmp_path / "afile").write_bytes(b"")
    result = CliRunner().invoke(
        main, [*command, "-o", str(tmp_path / "afile" / "x.xml"), str(source)]
    )
    assert result.exit_code != 0
    assert f"{tmp_path / 'afile'} is not a folder" in result.output, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
@pytest.mark.parametrize("command", [["validate"], ["convert", "--to", "cim", "-O", "OUT"]])
def test_a_link_under_a_folder_is_reported_as_what_it_leads_to(
    tmp_path: Path, command: list[str]
) -> None:
    """A link to a FIFO or a device (/dev/zero) and a link loop were all reported as a
    'dangling symbolic link'. A link to what is not a regular file is skipped as that file
    itself is (listed, counted); a loop is an I/O error that says it is a loop."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.xml").write_bytes(VALID.read_bytes())
    os.mkfifo(folder / "fifo")
    (folder / "fifo.xml").symlink_to(folder / "fifo")
    if Path("/dev/zero").exists():
        (folder / "zero.xml").symlink_to("/dev/zero")
    (folder / "loop.xml").symlink_to(folder / "loop.xml")
    (folder / "gone.xml").symlink_to(tmp_path / "nowhere.xml")
    arguments = [str(tmp_path / "out") if a == "OUT" else a for a in command]
    result = CliRunner().invoke(main, [*arguments, str(folder)])
    assert result.exit_code == 2, result.output
    assert f"{folder / 'fifo.xml'}: skipped (not a regular file)" in result.stderr
    if Path("/dev/zero").exists():
        assert f"{folder / 'zero.xml'}: skipped (not a regular file)" in result.stderr
    assert f"{folder / 'loop.xml'}: IO_ERROR symbolic link loop" in result.output
    assert f"{folder / 'gone.xml'}: IO_ERROR dangling symbolic link" in result.output
    assert result.output.count("dangling") == 1
    named = CliRunner().invoke(main, [*arguments, str(folder / "loop.xml")])
    assert f"{folder / 'loop.xml'}: IO_ERROR symbolic link loop" in named.output


def test_a_second_name_of_one_file_is_said_and_counted(tmp_path: Path) -> None:
    """A file under a folder that is another input under a second name (a hard link, a link
    beside it) was read once, as it should, but dropped without a word: the mirrored folder
    lacked its name and no line said why. It is counted and shown as skipped, with why."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.xml").write_bytes(VALID.read_bytes())
    os.link(folder / "a.xml", folder / "b.xml")
    (folder / "c.xml").symlink_to("a.xml")
    out = tmp_path / "out"
    converted = CliRunner().invoke(main, ["convert", "--to", "cim", "-O", str(out), str(folder)])
    assert converted.exit_code == 0, converted.output
    why = "the same file as another input, read once"
    assert converted.stderr.splitlines()[-1] == (
        f"1 inputs: 1 converted, 0 rejected; 2 other files skipped ({why})"
    ), converted.stderr
    for name in ("b.xml", "c.xml"):
        assert f"{folder / name}: skipped ({why})" in converted.stderr
    checked = CliRunner().invoke(main, ["validate", str(folder)])
    assert checked.exit_code == 0, checked.output
    assert (
        checked.stdout.splitlines()[-1]
        == f"1 files: 1 valid, 0 invalid; 2 other files skipped ({why})"
    )


_TWINS = ("a\nb", "a\\nb")  # a newline, and a backslash and an n: shown alike by printable


def test_a_message_names_a_folder_in_an_outputs_place_as_no_other(tmp_path: Path) -> None:
    """ "X is a folder" (before the run and when a write met it) quoted X as printable shows it:
    a folder whose name holds a newline read as one whose name holds a backslash and an n."""
    from elhub_cim.work import write_error_text

    texts = set()
    for twin in _TWINS:
        folder = tmp_path / f"{twin}.xml"
        folder.mkdir()
        text = write_error_text(str(folder), IsADirectoryError(21, "Is a directory"))
        assert shown_name(str(folder)) in text, text
        assert "\n" not in text, text
        texts.add(text)
        below = tmp_path / f"{twin}.file"
        below.write_bytes(b"")
        text = write_error_text(str(below / "x.xml"), NotADirectoryError(20, "Not a directory"))
        assert text == f"{shown_name(str(below))} is not a folder", text
        texts.add(text)
    assert len(texts) == 4, texts
    source = tmp_path / "in"
    source.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    for twin in _TWINS:
        (source / f"{twin}.xml").write_bytes(VALID.read_bytes())
        (out / f"{twin}.xml").mkdir()
    result = CliRunner().invoke(main, ["convert", "--to", "cim", str(source), "-O", str(out)])
    assert result.exit_code != 0
    for twin in _TWINS:
        assert f"{shown_name(str(out / twin))}.xml is a folder" in result.stderr, result.stderr


def test_a_collision_names_its_files_as_no_other() -> None:
    """ "the output X would overwrite the input Y" and "A and B would both be written to X"
    quoted each name as printable shows it."""
    from elhub_cim.batch import find_collisions

    messages = set()
    for twin in _TWINS:
        found = find_collisions([(f"/in/{twin}.xml", f"/in/{twin}.xml", f"/in/{twin}.xml")])
        message = found[f"/in/{twin}.xml"].message
        assert f"the output {shown_name(f'/in/{twin}.xml')} would overwrite" in message, message
        messages.add(message)
        planned = [(f"/in/{twin}{n}.xml", f"/in/{twin}{n}.xml", f"/out/{twin}.xml") for n in "12"]
        message = find_collisions(planned)[f"/in/{twin}1.xml"].message
        assert message.startswith(shown_name(f"/in/{twin}1.xml")), message
        assert f"written to {shown_name(f'/out/{twin}.xml')};" in message, message
        messages.add(message)
        planned = [("p", "p", f"/out/{twin}"), ("q", "q", f"/out/{twin}/x.xml")]
        message = find_collisions(planned)["q"].message
        assert f"below {shown_name(f'/out/{twin}')}," in message, message
        messages.add(message)
    assert len(messages) == 6, messages
