"""The batch layer of `validate` and `convert`: every input accounted for, no output lost to a
collision, no unexpected exception stopping a batch, parallel runs identical to one job."""

from __future__ import annotations

import contextlib
import importlib
import io
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from hypothesis import given
from hypothesis import strategies as st

from elhub_cim import pipeline
from elhub_cim.batch import MANIFEST_NAME
from elhub_cim.cli import main
from tests.conftest import PROJECT_ROOT

EBIX = PROJECT_ROOT / "examples" / "ebix"
REQUEST = EBIX / "RequestStartOfSupply-move-in.xml"
CONFIRM = EBIX / "ConfirmStartOfSupply.xml"
END = EBIX / "RequestEndOfSupply-move-out.xml"
CLOSING = re.compile(r"^(\d+) inputs: (\d+) converted, (\d+) rejected")


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def closing(result: Result) -> str:
    return result.output.strip().splitlines()[-1]


def adds_up(result: Result) -> tuple[int, int, int]:
    match = CLOSING.match(closing(result))
    assert match, result.output
    total, converted, rejected = (int(group) for group in match.groups())
    skipped = re.search(r", (\d+) skipped \(output exists\)", closing(result))
    assert total == converted + rejected + (int(skipped[1]) if skipped else 0), result.output
    return total, converted, rejected


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Six ebIX inputs in a tree: four convertible, one invalid, one not XML at all."""
    root = tmp_path / "in"
    (root / "sub").mkdir(parents=True)
    shutil.copy(REQUEST, root / "a.xml")
    shutil.copy(CONFIRM, root / "b.xml")
    shutil.copy(END, root / "sub" / "c.xml")
    shutil.copy(REQUEST, root / "sub" / "d.xml")
    (root / "broken.xml").write_text("<RequestStartOfSupply>")
    (root / "sub" / "empty.xml").write_bytes(b"")
    return root


# -- issue 12.1: an unexpected exception on one input is reported and the batch carries on --------


def _explode_on(name: str, monkeypatch: pytest.MonkeyPatch, module: object, attr: str) -> None:
    original = getattr(module, attr)

    def exploding(source: object, *args: object, **kwargs: object) -> object:
        if str(kwargs.get("name", "")).endswith(name):
            raise OverflowError("date value out of range")
        return original(source, *args, **kwargs)

    monkeypatch.setattr(module, attr, exploding)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_validate_carries_on_after_an_internal_error(
    runner: CliRunner, folder: Path, monkeypatch: pytest.MonkeyPatch, jobs: str
) -> None:
    # (a batch validates through validate_many, whose first stage calls parse by name)
    _explode_on("b.xml", monkeypatch, pipeline, "parse")
    result = runner.invoke(main, ["validate", "--jobs", jobs, str(folder)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.exit_code == 3, result.output
    assert f"{folder / 'b.xml'}: INTERNAL_ERROR internal error" in result.output
    assert "OverflowError: date value out of range" in result.output
    assert closing(result) == "6 files: 3 valid, 2 invalid, 1 internal error"


def test_convert_carries_on_after_an_internal_error(
    runner: CliRunner, folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    convert_module = importlib.import_module("elhub_cim.convert")

    # (the batch converts through convert_many, whose read stage calls read_input by name)
    _explode_on("a.xml", monkeypatch, convert_module, "read_input")
    out = tmp_path / "out"
    result = runner.invoke(main, ["convert", str(folder), "--to", "cim", "-O", str(out)])
    assert result.exit_code == 3, result.output
    assert "INTERNAL_ERROR" in result.output
    assert adds_up(result) == (6, 3, 3)
    assert "(of which 1 internal error)" in closing(result)
    assert sorted(p.name for p in out.rglob("*.xml")) == ["b.xml", "c.xml", "d.xml"]


def test_a_far_future_date_never_aborts_a_batch(runner: CliRunner, tmp_path: Path) -> None:
    cim = PROJECT_ROOT / "examples" / "cim" / "RequestEndOfSupply_BRS-NO-201.xml"
    text = cim.read_text().replace("2026-06-25T22:00:00Z", "9999-12-31T23:59:59Z")
    (tmp_path / "far.xml").write_text(text)
    shutil.copy(cim, tmp_path / "good.xml")
    result = runner.invoke(main, ["validate", str(tmp_path)])
    assert "Traceback" not in result.output
    assert re.match(r"^2 files: \d valid, \d invalid", closing(result)), result.output


# -- issue 12.3: batches account for everything ---------------------------------------------------


def test_two_inputs_one_output_are_refused_even_with_force(
    runner: CliRunner, tmp_path: Path
) -> None:
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        shutil.copy(REQUEST, tmp_path / folder / "x.xml")
    shutil.copy(CONFIRM, tmp_path / "a" / "y.xml")
    out = tmp_path / "out"
    result = runner.invoke(
        main,
        [
            "convert",
            str(tmp_path / "a"),
            str(tmp_path / "b"),
            "--to",
            "cim",
            "-O",
            str(out),
            "--force",
        ],
    )
    assert result.exit_code == 1, result.output
    assert adds_up(result) == (3, 1, 2)
    a, b = str(tmp_path / "a" / "x.xml"), str(tmp_path / "b" / "x.xml")
    refusals = [line for line in result.output.splitlines() if "OUTPUT_COLLISION" in line]
    assert len(refusals) == 2
    assert all(a in line and b in line for line in refusals)
    assert sorted(p.name for p in out.iterdir()) == [MANIFEST_NAME, "y.xml"]


def test_xml_and_json_of_one_name_are_refused(runner: CliRunner, tmp_path: Path) -> None:
    source = tmp_path / "in"
    source.mkdir()
    shutil.copy(REQUEST, source / "x.xml")
    to_json = runner.invoke(
        main, ["convert", str(REQUEST), "--to", "cim", "--format", "json", "-o", "-"]
    )
    (source / "x.json").write_bytes(to_json.stdout_bytes)
    result = runner.invoke(
        main, ["convert", str(source), "--to", "ebix", "-O", str(tmp_path / "o"), "--force"]
    )
    assert result.exit_code == 1, result.output
    assert adds_up(result) == (2, 0, 2)
    assert not (tmp_path / "o" / "x.xml").exists()


def test_an_output_over_its_own_input_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    shutil.copy(REQUEST, tmp_path / "x.xml")
    result = runner.invoke(
        main, ["convert", str(tmp_path), "--to", "cim", "-O", str(tmp_path), "--force"]
    )
    assert result.exit_code == 1
    assert "would overwrite the input" in result.output
    assert (tmp_path / "x.xml").read_bytes() == REQUEST.read_bytes()


def test_dangling_link_is_a_rejected_input(runner: CliRunner, folder: Path, tmp_path: Path) -> None:
    (folder / "gone.xml").symlink_to(tmp_path / "nowhere.xml")
    result = runner.invoke(main, ["convert", str(folder), "--to", "cim", "-O", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert f"{folder / 'gone.xml'}: IO_ERROR dangling symbolic link" in result.output
    assert adds_up(result) == (7, 4, 3)
    checked = runner.invoke(main, ["validate", str(folder)])
    assert checked.exit_code == 2
    assert closing(checked).startswith("7 files: 4 valid, 2 invalid, 1 unreadable")


def test_unreadable_folder_is_a_rejected_input(
    runner: CliRunner, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # root reads any folder whatever its mode: make the folder unreadable for os.walk instead.
    real_scandir = os.scandir
    locked = str(folder / "sub")

    def scandir(path: str) -> Iterator[os.DirEntry[str]]:
        if os.fspath(path) == locked:
            raise PermissionError(13, "Permission denied", locked)
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    result = runner.invoke(main, ["validate", "--jobs", "1", str(folder)])
    assert result.exit_code == 2
    assert f"{locked}: IO_ERROR cannot read folder: Permission denied" in result.output
    assert closing(result).startswith("4 files: 2 valid, 1 invalid, 1 unreadable")


def test_listing_sizes_each_file_once_and_a_file_it_cannot_look_at_stays_an_input(
    runner: CliRunner, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from elhub_cim.batch import BatchInput, expand_inputs

    # root may look at any file: make one file's status unreadable for the listing instead
    # (a folder without search permission). It is still an input: its reader reports what
    # reading it meets, and the listing does not stop the batch.
    real_stat = os.stat
    hidden = str(folder / "sub" / "c.xml")
    looked: list[str] = []

    def stat(path: str | os.PathLike[str], *args: object, **kwargs: object) -> os.stat_result:
        looked.append(os.fspath(path))
        if os.fspath(path) == hidden:
            raise PermissionError(13, "Permission denied", hidden)
        return real_stat(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "stat", stat)
    listed = [i for i in expand_inputs((str(folder),)) if isinstance(i, BatchInput)]
    assert len(listed) == 6
    for entry in listed:
        assert looked.count(str(entry.path)) == 1, entry.label  # (one look: kind, size, repeats)
        if entry.label == hidden:
            assert entry.size is None
            assert entry.work_item(0).size == 0  # (unknown: partitioned as small)
        else:
            size = Path(entry.label).stat().st_size
            assert entry.size == size
            assert entry.work_item(0).size == size
    result = runner.invoke(main, ["validate", "--jobs", "1", str(folder)])
    assert closing(result).startswith("6 files: 4 valid, 2 invalid")


def test_output_folder_inside_the_input_is_not_read(runner: CliRunner, folder: Path) -> None:
    out = folder / "converted"
    first = runner.invoke(main, ["convert", str(folder), "--to", "cim", "-O", str(out)])
    again = runner.invoke(main, ["convert", str(folder), "--to", "cim", "-O", str(out), "--force"])
    assert adds_up(first) == adds_up(again) == (6, 4, 2)
    # Not silently: the files in it were neither read nor named anywhere.
    assert f"{out}: skipped (the output folder, not read as input)" in again.output
    assert "1 other file skipped (the output folder, not read as input)" in closing(again)
    assert "output folder" not in first.output  # (it did not exist when the first run listed)


def test_outputs_get_the_umask_mode(runner: CliRunner, tmp_path: Path) -> None:
    previous = os.umask(0o027)
    try:
        result = runner.invoke(
            main, ["convert", str(REQUEST), "--to", "cim", "-o", str(tmp_path / "x.xml")]
        )
    finally:
        os.umask(previous)
    assert result.exit_code == 0
    assert (tmp_path / "x.xml").stat().st_mode & 0o777 == 0o640


@pytest.mark.parametrize("to", ["-o", "-O"])
def test_streamed_metering_outputs_get_the_umask_mode_too(
    runner: CliRunner, tmp_path: Path, to: str
) -> None:
    """A metering file converted by streaming was written 0o600 whatever the umask (its staged
    file's mode, as mkstemp makes it); a replaced output lost its own mode the same way."""
    source = tmp_path / "in"
    source.mkdir()
    shutil.copy(EBIX / "CollectedData.xml", source / "m.xml")
    target = tmp_path / ("m.xml" if to == "-o" else "out")
    output = target if to == "-o" else target / "m.xml"
    previous = os.umask(0o027)
    try:
        command = ["convert", str(source / "m.xml"), "--to", "cim", to, str(target)]
        result = runner.invoke(main, command)
        assert result.exit_code == 0, result.output
        assert output.stat().st_mode & 0o777 == 0o640
        output.chmod(0o644)  # (as its owner wants it)
        again = runner.invoke(main, [*command, "--force"])
        assert again.exit_code == 0, again.output
    finally:
        os.umask(previous)
    assert output.stat().st_mode & 0o777 == 0o644


# -- issue 13.7: existing outputs, skipped files, --quiet, --summary ------------------------------


def test_existing_output_is_skipped_not_rejected(
    runner: CliRunner, folder: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    runner.invoke(main, ["convert", str(folder), "--to", "cim", "-O", str(out)])
    (out / "a.xml").unlink()
    again = runner.invoke(main, ["convert", str(folder), "--to", "cim", "-O", str(out)])
    assert f"{folder / 'b.xml'}: exists, skipped" in again.output
    assert closing(again) == "6 inputs: 1 converted, 2 rejected, 3 skipped (output exists)"
    assert again.exit_code == 1  # for the two invalid inputs, not for the skipped ones
    shutil.rmtree(folder / "sub")
    (folder / "broken.xml").unlink()
    clean = runner.invoke(main, ["convert", str(folder), "--to", "cim", "-O", str(out)])
    assert clean.exit_code == 0, clean.output
    assert closing(clean) == "2 inputs: 0 converted, 0 rejected, 2 skipped (output exists)"


def test_quiet_prints_errors_and_the_closing_line(runner: CliRunner, folder: Path) -> None:
    (folder / "notes.txt").write_text("not a message")
    loud = runner.invoke(main, ["validate", str(folder)])
    quiet = runner.invoke(main, ["validate", "--quiet", str(folder)])
    assert "notes.txt: skipped" in loud.output
    assert "notes.txt" not in quiet.output
    assert "warning" not in quiet.output
    assert closing(quiet) == closing(loud)
    assert closing(quiet).endswith("; 1 other file skipped (not .xml or .json)")
    errors = [line for line in loud.output.splitlines() if " warning: " not in line]
    assert quiet.output.splitlines() == [line for line in errors if ": skipped (not" not in line]


def test_summary_counts_findings_by_code(runner: CliRunner, folder: Path) -> None:
    result = runner.invoke(main, ["validate", "--summary", "--quiet", str(folder)])
    lines = result.output.splitlines()
    table = lines[lines.index("findings by code:") + 1 : -1]
    counts = {line.split()[0]: int(line.split()[1]) for line in table}
    assert counts == {"XML_MALFORMED": 1, "XML_EMPTY": 1}, result.output
    as_json = runner.invoke(main, ["validate", "--summary", "--format", "json", str(folder)])
    assert json.loads(as_json.output)["summary"]["by_code"] == counts


# -- issue 15.4: --jobs gives the same output, tallies and exit code as one job -------------------


def _big_folder(tmp_path: Path, copies: int) -> Path:
    root = tmp_path / "many"
    root.mkdir()
    for number in range(copies):
        for source in (REQUEST, CONFIRM, END):
            shutil.copy(source, root / f"{number:03d}-{source.name}")
    (root / "zz-broken.xml").write_text("<x>")
    return root


def test_jobs_give_the_same_outputs_and_report(runner: CliRunner, tmp_path: Path) -> None:
    source = _big_folder(tmp_path, 10)
    runs = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}"
        result = runner.invoke(
            main, ["convert", str(source), "--to", "cim", "-O", str(out), "--jobs", jobs]
        )
        files = {p.name: p.read_bytes() for p in out.glob("*.xml")}
        runs[jobs] = (result.exit_code, result.output.replace(str(out), "OUT"), files)
    assert runs["1"] == runs["2"]
    assert runs["1"][0] == 1
    assert len(runs["1"][2]) == 30
    checked = [runner.invoke(main, ["validate", "-j", jobs, str(source)]) for jobs in ("1", "2")]
    assert checked[0].output == checked[1].output
    assert checked[0].exit_code == checked[1].exit_code == 1


def test_a_dead_worker_is_reported_per_input(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    convert_module = importlib.import_module("elhub_cim.convert")

    source = _big_folder(tmp_path, 10)
    # (the batch converts through convert_many, whose read stage calls read_input by name)
    original = convert_module.read_input

    def dying(data: object, *args: object, **kwargs: object) -> object:
        if str(kwargs.get("name", "")).endswith("005-ConfirmStartOfSupply.xml"):
            os._exit(9)  # a worker killed mid-run (fork: the child inherits this patch)
        return original(data, *args, **kwargs)

    monkeypatch.setattr(convert_module, "read_input", dying)
    out = tmp_path / "out"
    result = runner.invoke(main, ["convert", str(source), "--to", "cim", "-O", str(out), "-j", "2"])
    assert result.exit_code == 3, result.output
    assert adds_up(result) == (31, 29, 2)  # the input it died on, and the broken one
    assert len(list(out.glob("*.xml"))) == 29
    died = [line for line in result.output.splitlines() if "INTERNAL_ERROR" in line]
    assert died == [
        f"{source / '005-ConfirmStartOfSupply.xml'}: INTERNAL_ERROR internal error (please "
        "report it): the worker process died on this input; the other inputs carried on"
    ]
    assert not list(out.glob(".*.tmp"))


@pytest.mark.parametrize(("jobs", "death"), [("1", False), ("2", False), ("2", True)])
def test_an_error_that_is_no_workers_death_is_its_inputs_internal_error(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: str, death: bool
) -> None:
    """A unit of work that raises (not a worker's death: something no input's record holds)
    stopped the batch with a traceback in one process and while a pool that broke ran its
    partition input by input (``runners._isolated``), and made every input of its partition an
    internal error in a pool. The input on which it happens is an internal error, masked, and
    every other input is converted as usual, whatever --jobs."""
    work = importlib.import_module("elhub_cim.work")
    source = _big_folder(tmp_path, 10)
    original = work._convert_unit

    def unit(items: list[Any], options: Any, *rest: Any) -> Any:
        names = [Path(item.label).name for item in items]
        if "005-ConfirmStartOfSupply.xml" in names and death:
            os._exit(9)  # (fork: the workers inherit this patch)
        if "006-ConfirmStartOfSupply.xml" in names:
            raise RuntimeError(f"cannot map 01019000083 in {names[0]}")
        return original(items, options, *rest)

    monkeypatch.setattr(work, "_convert_unit", unit)
    out = tmp_path / "out"
    result = runner.invoke(
        main, ["convert", str(source), "--to", "cim", "-O", str(out), "-j", jobs]
    )
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.exit_code == 3, result.output
    died = sorted(line for line in result.output.splitlines() if "INTERNAL_ERROR" in line)
    failing = f"{source / '006-ConfirmStartOfSupply.xml'}: INTERNAL_ERROR internal error (please "
    assert died[-1].startswith(failing + "report it): RuntimeError: cannot map <masked"), died
    assert "01019000083" not in result.output
    assert "Traceback" not in result.output
    lost = 2 if death else 1
    assert adds_up(result) == (31, 30 - lost, 1 + lost)
    assert len(list(out.glob("*.xml"))) == 30 - lost


_DYING = """
import os, sys
from elhub_cim import work
from elhub_cim.cli import main

original = work._convert_unit


def unit(items, options, *rest):
    if any(item.label.endswith("a.xml") for item in items):
        os._exit(9)  # a crash on this input (in a C library, say)
    return original(items, options, *rest)


work._convert_unit = unit
main(sys.argv[1:])
"""


@pytest.mark.parametrize("others", ["exists", "complete", "none"])
def test_with_jobs_the_last_input_left_still_runs_in_a_worker(
    runner: CliRunner, tmp_path: Path, others: str
) -> None:
    """With --jobs 2, an input left alone by the planning (the others' outputs exist, or
    --resume finds them complete) ran in the parent process: a crash on it killed the command,
    with no record, no closing line and a signal for exit code, where among others it is the
    worker's death on that input (INTERNAL_ERROR, exit 3). It runs in a worker as the others
    would; a command of one input still runs in its own process (its crash is its own)."""
    import subprocess
    import sys

    source = tmp_path / "in"
    source.mkdir()
    shutil.copy(CONFIRM, source / "b.xml")
    out = tmp_path / "out"
    command = ["convert", str(source), "--to", "cim", "-O", str(out), "-j", "2"]
    if others != "none":  # (b.xml converted by an earlier run, then a.xml added)
        assert runner.invoke(main, command[:-2]).exit_code == 0
    shutil.copy(REQUEST, source / "a.xml")
    if others == "complete":
        command.append("--resume")
    result = subprocess.run(
        [sys.executable, "-c", _DYING, *command], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 3, (result.returncode, result.stderr)
    died = [line for line in result.stderr.splitlines() if "INTERNAL_ERROR" in line]
    assert died == [
        f"{source / 'a.xml'}: INTERNAL_ERROR internal error (please report it): the worker "
        "process died on this input; the other inputs carried on"
    ]
    converted = 1 if others == "none" else 0
    assert re.search(rf"^2 inputs: {converted} converted, 1 rejected", result.stderr, re.M)


# -- issue 17: the manifest and --resume ----------------------------------------------------------


def test_resume_skips_complete_outputs_and_redoes_the_rest(
    runner: CliRunner, tmp_path: Path
) -> None:
    source = _big_folder(tmp_path, 2)
    out = tmp_path / "out"
    first = runner.invoke(main, ["convert", str(source), "--to", "cim", "-O", str(out)])
    assert adds_up(first) == (7, 6, 1)
    reference = {p.name: p.read_bytes() for p in out.glob("*.xml")}
    manifest = out / MANIFEST_NAME
    lines = manifest.read_text().splitlines()
    assert len(lines) == 6
    # An interrupted run: the last line cut short, one output missing, one changed since.
    manifest.write_text("\n".join(lines[:-1]) + "\n" + lines[-1][:20])
    (out / "000-ConfirmStartOfSupply.xml").unlink()
    (out / "001-ConfirmStartOfSupply.xml").write_bytes(b"<tampered/>")
    resumed = runner.invoke(
        main, ["convert", str(source), "--to", "cim", "-O", str(out), "--resume"]
    )
    assert closing(resumed) == (
        "7 inputs: 3 converted, 1 rejected, 3 skipped (complete, --resume)"
    ), resumed.output
    assert {p.name: p.read_bytes() for p in out.glob("*.xml")} == reference


def test_resume_checks_an_output_in_blocks_after_its_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # --resume read every recorded output whole to hash it: a streamed metering output of
    # gigabytes was held in memory at once.
    import hashlib

    from elhub_cim import work

    data = bytes(range(256)) * 4096 * 3  # 3 MiB
    path = tmp_path / "out.xml"
    path.write_bytes(data)
    digest = hashlib.sha256(data).hexdigest()
    asked: list[int] = []
    real_open = open

    class Counting:
        def __init__(self, stream: io.BufferedReader) -> None:
            self.stream = stream

        def __enter__(self) -> Counting:
            return self

        def __exit__(self, *_: object) -> None:
            self.stream.close()

        def fileno(self) -> int:
            return self.stream.fileno()

        def read(self, size: int = -1) -> bytes:
            asked.append(size)
            return self.stream.read(size)

    def opened(location: str, mode: str) -> Counting:
        assert mode == "rb"
        return Counting(real_open(location, "rb"))

    monkeypatch.setattr(work, "open", opened, raising=False)
    monkeypatch.setattr(work, "_DIGEST_BLOCK", 1 << 16)
    assert work.output_matches(str(path), len(data), digest)
    assert asked
    assert all(0 < size <= 1 << 16 for size in asked)
    asked.clear()
    assert not work.output_matches(str(path), len(data) - 1, digest)
    assert not asked  # (a size that differs: not read at all)
    changed = bytearray(data)
    changed[-1] ^= 1
    path.write_bytes(bytes(changed))
    assert not work.output_matches(str(path), len(data), digest)
    assert not work.output_matches(str(tmp_path / "absent.xml"), len(data), digest)


def test_an_interrupted_run_leaves_a_manifest_of_its_complete_outputs(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The manifest is written in batches (not a system call per record): whatever stops the
    # run, the lines of the outputs already reported are in the file, and --resume uses them.
    from elhub_cim import batch

    source = _big_folder(tmp_path, 2)
    out = tmp_path / "out"
    real_runner = batch._runner
    written: list[str] = []

    def interrupted(
        items: list[object], options: object, settings: object, *rest: int
    ) -> Iterator[object]:
        for record in real_runner(items, options, settings, *rest):  # type: ignore[arg-type]
            if record.status == "converted":
                written.append(record.destination)
            yield record
            if len(written) == 3:
                raise KeyboardInterrupt

    monkeypatch.setattr(batch, "_runner", interrupted)
    monkeypatch.setattr(batch._Manifest, "FLUSH_SECONDS", 3600.0)  # nothing flushed on the way
    first = runner.invoke(main, ["convert", str(source), "--to", "cim", "-O", str(out), "-j", "1"])
    assert first.exit_code == 130, first.output
    lines = [json.loads(line) for line in (out / MANIFEST_NAME).read_text().splitlines()]
    # (those reported, then those the run had finished and not reported: every output there)
    assert [line["output"] for line in lines][:3] == written
    assert sorted(line["output"] for line in lines) == sorted(map(str, out.glob("*.xml")))
    monkeypatch.setattr(batch, "_runner", real_runner)
    resumed = runner.invoke(
        main, ["convert", str(source), "--to", "cim", "-O", str(out), "--resume"]
    )
    assert closing(resumed) == (
        f"7 inputs: {6 - len(lines)} converted, 1 rejected, {len(lines)} skipped (complete, "
        "--resume)"
    ), resumed.output


class _FullDisk:
    """A file whose writes the disk refuses (ENOSPC), as a full disk does."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        pass

    def write(self, text: str) -> int:
        raise OSError(28, "No space left on device")

    def flush(self) -> None:
        raise OSError(28, "No space left on device")

    def close(self) -> None:
        pass


@pytest.mark.parametrize("how", ["a folder in its place", "a full disk"])
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_manifest_that_cannot_be_written_does_not_stop_the_batch(
    runner: CliRunner,
    folder: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    how: str,
    jobs: str,
) -> None:
    """The manifest's write error escaped as a traceback: the records after it went unreported
    and the closing line was lost. Now every input is reported, the manifest's error is named
    once, and the exit code says it (2: an I/O error)."""
    from elhub_cim import batch

    out = tmp_path / "out"
    if how == "a full disk":
        monkeypatch.setattr(batch, "_append_to", _FullDisk)
    else:
        (out / MANIFEST_NAME).mkdir(parents=True)
    result = runner.invoke(
        main, ["convert", str(folder), "--to", "cim", "-O", str(out), "-j", jobs]
    )
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.exit_code == 2, result.output
    assert adds_up(result) == (6, 4, 2)
    assert result.output.count(f"{out / MANIFEST_NAME}: IO_ERROR cannot write the manifest") == 1
    assert len(list(out.rglob("*.xml"))) == 4


def test_memory_urls_in_and_out(runner: CliRunner) -> None:
    fsspec = pytest.importorskip("fsspec")
    memory = fsspec.filesystem("memory")
    memory.pipe("/batch-in/one.xml", REQUEST.read_bytes())
    memory.pipe("/batch-in/deeper/two.xml", CONFIRM.read_bytes())
    memory.pipe("/batch-in/three.txt", b"not a message")
    result = runner.invoke(
        main, ["convert", "memory://batch-in", "--to", "cim", "-O", "memory://batch-out", "-j", "1"]
    )
    assert result.exit_code == 0, result.output
    assert adds_up(result) == (2, 2, 0)
    assert b"RequestChangeOfSupplier_MarketDocument" in memory.cat("/batch-out/one.xml")
    assert memory.exists("/batch-out/deeper/two.xml")
    assert memory.exists(f"/batch-out/{MANIFEST_NAME}")
    checked = runner.invoke(main, ["validate", "-j", "1", "memory://batch-out"])
    assert checked.exit_code == 0, checked.output


@pytest.mark.parametrize("output", ["-O", "-o"])
def test_a_memory_store_is_written_by_this_process_whatever_the_jobs(
    runner: CliRunner, output: str
) -> None:
    """A memory:// store lives in the process that writes it: a worker's outputs would vanish
    with the worker while the batch said they were converted."""
    fsspec = pytest.importorskip("fsspec")
    memory = fsspec.filesystem("memory")
    memory.pipe("/jobs-in/one.xml", REQUEST.read_bytes())
    memory.pipe("/jobs-in/two.xml", CONFIRM.read_bytes())
    if output == "-O":
        arguments = ["memory://jobs-in", "-O", "memory://jobs-out"]
        written = ["/jobs-out/one.xml", "/jobs-out/two.xml"]
    else:
        arguments = [str(REQUEST), "-o", "memory://jobs-one.xml"]
        written = ["/jobs-one.xml"]
    result = runner.invoke(main, ["convert", *arguments, "--to", "cim", "-j", "2"])
    assert result.exit_code == 0, result.output
    for path in written:
        assert b"_MarketDocument" in memory.cat(path)


def test_a_memory_store_is_not_given_to_dask_workers(runner: CliRunner) -> None:
    fsspec = pytest.importorskip("fsspec")
    pytest.importorskip("distributed")
    fsspec.filesystem("memory").pipe("/dask-in/one.xml", REQUEST.read_bytes())
    arguments = ["memory://dask-in", "-O", "memory://dask-out", "--to", "cim"]
    result = runner.invoke(main, ["convert", *arguments, "--dask", "local:1"])
    assert result.exit_code == 2, result.output
    assert "memory:// output lives in this process" in result.output
    assert not fsspec.filesystem("memory").exists("/dask-out/one.xml")


def test_collisions_are_found_through_links_as_with_realpath(tmp_path: Path) -> None:
    """find_collisions resolves a batch's folders once: the same refusals as resolving every
    path in full, with links to folders, links to files and outputs that are inputs."""
    from elhub_cim import batch

    real = tmp_path / "real"
    (real / "sub").mkdir(parents=True)
    (tmp_path / "alias").symlink_to(real)
    (real / "a.xml").write_text("<a/>")
    (real / "sub" / "b.xml").write_text("<b/>")
    (real / "c.xml").symlink_to(real / "sub" / "b.xml")
    out = tmp_path / "out"
    out.mkdir()
    (tmp_path / "out-alias").symlink_to(out)
    (out / "over.xml").symlink_to(real / "a.xml")
    planned = [
        ("a", str(real / "a.xml"), str(out / "x.xml")),
        ("a-again", str(tmp_path / "alias" / "a.xml"), str(tmp_path / "out-alias" / "x.xml")),
        ("b", str(real / "sub" / "b.xml"), str(out / "sub" / "b.xml")),
        ("c", str(real / "c.xml"), str(out / "over.xml")),  # writes through a link onto a.xml
        ("d", str(tmp_path / "alias" / "sub" / "b.xml"), str(real / "c.xml")),  # onto b.xml
        ("e", str(real / "missing.xml"), str(tmp_path / "nowhere" / ".." / "e.xml")),
        ("f", str(real / "f.xml"), str(tmp_path / "e.xml")),
        ("g", str(real / "g.xml"), str(tmp_path / "new" / "g.xml")),  # a folder not made yet
        ("h", str(real / "h.xml"), str(tmp_path / "alias" / "new" / "a.xml")),
        ("i", str(real / "i.xml"), str(real / "new" / "a.xml")),  # the same as h's output
    ]
    found = batch.find_collisions(planned)
    assert set(found) == {"a", "a-again", "c", "d", "e", "f", "h", "i"}
    with pytest.MonkeyPatch.context() as patch:
        full = batch._key
        patch.setattr(batch, "_key", lambda location, folders=None: full(location))
        assert {k: v.message for k, v in batch.find_collisions(planned).items()} == {
            k: v.message for k, v in found.items()
        }


def test_a_local_pool_gets_shrinking_partitions_in_input_order() -> None:
    from elhub_cim.runners import MAX_PARTITION_BYTES, MIN_PARTITION_ITEMS, guided_partition
    from elhub_cim.work import WorkItem

    def items(sizes: list[int]) -> list[WorkItem]:
        return [WorkItem(number, str(number), None, size=size) for number, size in enumerate(sizes)]

    batch = items([4800] * 2000)
    parts = guided_partition(batch, 2)
    assert [item.index for part in parts for item in part] == list(range(2000))
    assert 10 < len(parts) < 100
    # Large first, small at the end: the workers finish within a small partition of each other.
    # The smallest hold convert_many's chunk (fewer inputs would gain less from it).
    assert len(parts[0]) > 3 * len(parts[-2])
    assert len(parts[-2]) == MIN_PARTITION_ITEMS
    assert all(len(part) >= MIN_PARTITION_ITEMS for part in parts[:-1])
    assert MIN_PARTITION_ITEMS == importlib.import_module("elhub_cim.convert").CHUNK
    mixed = items([10, 3 * MAX_PARTITION_BYTES, 0, 10] + [MAX_PARTITION_BYTES // 3] * 7)
    parts = guided_partition(mixed, 2)
    assert [item.index for part in parts for item in part] == list(range(len(mixed)))
    assert all(
        sum(max(item.size, 1) for item in part) <= MAX_PARTITION_BYTES or len(part) == 1
        for part in parts
    )
    assert [1] in [[item.index for item in part] for part in parts]  # the large one alone
    assert guided_partition([], 2) == []
    assert [len(p) for p in guided_partition(batch[:1], 4)] == [1]


def test_jobs_leave_the_garbage_collector_as_they_found_it(
    runner: CliRunner, tmp_path: Path
) -> None:
    import gc

    source = _big_folder(tmp_path, 2)
    before = gc.get_freeze_count()
    result = runner.invoke(main, ["validate", "-j", "2", str(source)])
    assert result.exit_code == 1
    assert gc.get_freeze_count() == before == 0


@given(
    st.sampled_from(["in", "./in", "in/", "/srv/in", ".", "", "a/b", "/"]),
    st.lists(st.text("ab.~ -", min_size=1, max_size=6), min_size=1, max_size=3),
    st.sampled_from([".xml", ".json", ".x.y", "", ".", "x", ".a/b"]),
    st.booleans(),
    st.sampled_from(["out", "./out", "out/", "/srv/out", ".", "", "/", "o/../p"]),
)
def test_output_names_as_pathlib_gives_them(
    base: str, parts: list[str], suffix: str, named: bool, out: str
) -> None:
    """Output names are made with plain strings for speed: the same names (or errors) as
    pathlib's relative_to, with_suffix and joining."""
    from elhub_cim import batch

    path = Path(base).joinpath(*parts)
    folder = None if named else Path(base)

    def expected() -> str:
        local = path.relative_to(folder) if folder is not None else Path(path.name)
        return str(Path(out) / str(local.with_suffix(suffix)))

    try:
        wanted: str | type[Exception] = expected()
    except ValueError as error:
        wanted = type(error)
    try:
        item = batch.BatchInput(str(path), path, base=folder)
        found: str | type[Exception] = batch.output_location(item, out, suffix)
    except ValueError as error:
        found = type(error)
    assert found == wanted
    try:  # (a batch's planning knows a listed file by its text alone)
        lean: str | type[Exception] = batch._file_output(None, folder, str(path), out, suffix)
    except ValueError as error:
        lean = type(error)
    assert lean == wanted


def test_validate_of_an_empty_folder_says_it_found_no_file(
    runner: CliRunner, tmp_path: Path
) -> None:
    # An empty (or unmounted) folder printed nothing and exited 0: silent success.
    result = runner.invoke(main, ["validate", str(tmp_path)])
    assert result.exit_code == 0
    assert closing(result) == "0 files: 0 valid, 0 invalid"
    # One file named still gets no closing line (its problems, or nothing, say it all).
    one = runner.invoke(main, ["validate", str(PROJECT_ROOT / "examples/ebix/Acknowledgement.xml")])
    assert (one.exit_code, one.output) == (0, "")


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_killed_runs_temporary_file_beside_an_o_file_is_removed_by_the_next_run(
    runner: CliRunner, tmp_path: Path, jobs: str
) -> None:
    """The staged files a killed run leaves (``.NAME.XXXXXXXX.tmp``, as large as the output:
    a streamed metering output may be gigabytes) were removed by the next run into an -O
    folder only: beside an -o FILE they stayed for ever. The next run removes them too."""
    out = tmp_path / "out"
    out.mkdir()
    leftover = out / ".converted.xml.abcd1234.tmp"
    leftover.write_bytes(b"<half")
    other = out / ".other.xml.abcd1234.tmp"  # (another output's: not this run's to remove)
    other.write_bytes(b"<half")
    target = out / "converted.xml"
    result = runner.invoke(
        main, ["convert", str(CONFIRM), "--to", "cim", "-o", str(target), "-j", jobs]
    )
    assert result.exit_code == 0, result.output
    assert target.read_bytes().startswith(b"<?xml")
    assert not leftover.exists()
    assert other.exists()


def test_a_worker_killed_while_streaming_leaves_no_staged_file(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker killed while it converted a metering file by streaming left, beside the
    output, the batch's staged file and the stream's own staged file of that staged file
    (``..m.xml.XXXXXXXX.tmp.YYYYYYYY.tmp``, as large as the output so far), which no run took
    for a leftover of the output: it stayed for ever. The run (its retry of the partition
    converts the file) leaves no staged file."""
    from elhub_cim import stream

    source, out = tmp_path / "in", tmp_path / "out"
    source.mkdir()
    shutil.copy(EBIX / "CollectedData.xml", source / "m.xml")
    shutil.copy(CONFIRM, source / "c.xml")
    killed = tmp_path / "killed"
    document = stream._Writer.document

    def dying(self: Any, *args: Any, **kwargs: Any) -> Any:
        if not killed.exists():  # (the first attempt only: the retry converts it)
            killed.write_text(" ".join(sorted(os.listdir(out))), encoding="utf-8")
            os._exit(1)
        return document(self, *args, **kwargs)

    monkeypatch.setattr(stream._Writer, "document", dying)
    command = ["convert", str(source), "--to", "cim", "-O", str(out), "-j", "2"]
    result = runner.invoke(main, command)
    assert killed.exists()
    assert ".tmp" in killed.read_text(encoding="utf-8")  # (staged when it was killed)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [MANIFEST_NAME, "c.xml", "m.xml"]


def test_the_manifest_is_flushed_while_the_batch_waits_for_a_slow_input(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The manifest was flushed only when a record came back at least 0.25 s after the last
    flush: records that came just before a slow input (a large metering file, a partition of
    large files) stayed in the buffer for as long as it took, and a run killed meanwhile lost
    them (--resume converted them again). They are on disk within 0.25 s, however long the
    next record takes."""
    from elhub_cim import batch

    source = _big_folder(tmp_path, 2)
    out = tmp_path / "out"
    real_runner = batch._runner
    on_disk: list[int] = []

    def stalling(
        items: list[object], options: object, settings: object, *rest: int
    ) -> Iterator[object]:
        for number, record in enumerate(real_runner(items, options, settings, *rest)):  # type: ignore[arg-type]
            if number == 3:  # three outputs reported, then a slow input
                time.sleep(batch._Manifest.FLUSH_SECONDS * 3)
                on_disk.append(len((out / MANIFEST_NAME).read_text().splitlines()))
            yield record

    monkeypatch.setattr(batch, "_runner", stalling)
    result = runner.invoke(main, ["convert", str(source), "--to", "cim", "-O", str(out), "-j", "1"])
    assert adds_up(result) == (7, 6, 1)
    assert on_disk == [3]
    assert len((out / MANIFEST_NAME).read_text().splitlines()) == 6


def test_a_debug_traceback_never_shows_an_identity_number(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With ELHUB_CIM_DEBUG set, an internal error's traceback was printed as it is: an
    exception quoting the input's name (a customer's national identity number as a file name)
    or a value printed the number, which every other line of the batch masks."""
    root = tmp_path / "in"
    root.mkdir()
    shutil.copy(CONFIRM, root / "01019000083.xml")
    shutil.copy(REQUEST, root / "other.xml")

    def exploding(source: object, *args: object, **kwargs: object) -> object:
        raise RuntimeError(f"cannot map {source}")  # (the path as given, not as shown)

    monkeypatch.setattr(pipeline, "parse", exploding)
    monkeypatch.setenv("ELHUB_CIM_DEBUG", "1")
    # (one process: CliRunner captures what a forked worker would print to the terminal)
    result = runner.invoke(main, ["validate", "--jobs", "1", str(root)])
    assert result.exit_code == 3, result.output
    printed = result.output
    assert "Traceback (most recent call last)" in printed
    assert "01019000083" not in printed
    assert "RuntimeError: cannot map <masked national id>" not in printed  # (the path shown)
    assert f"RuntimeError: cannot map {root}/<masked national id>.xml" in printed


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_resume_never_skips_an_input_that_this_runs_command_rejects(
    runner: CliRunner, tmp_path: Path, jobs: str
) -> None:
    """The manifest kept the line of an output whose input a later run (--force, or --resume
    redoing it) rejected: a --resume of that very command then skipped the input as complete
    and exited 0, where the command itself rejected it (exit 1). A rejected input's line is
    withdrawn, and --resume runs it again."""
    source = tmp_path / "in"
    source.mkdir()
    shutil.copy(REQUEST, source / "a.xml")
    shutil.copy(CONFIRM, source / "b.xml")
    out = tmp_path / "out"
    command = ["convert", str(source), "--to", "cim", "-O", str(out), "-j", jobs]
    assert runner.invoke(main, command).exit_code == 0
    (source / "a.xml").write_text("<broken", encoding="utf-8")  # the input changed since
    forced = runner.invoke(main, [*command, "--force"])
    assert closing(forced) == "2 inputs: 1 converted, 1 rejected", forced.output
    resumed = runner.invoke(main, [*command, "--force", "--resume"])
    assert resumed.exit_code == 1, resumed.output
    assert closing(resumed) == (
        "2 inputs: 0 converted, 1 rejected, 1 skipped (complete, --resume)"
    ), resumed.output
    shutil.copy(REQUEST, source / "a.xml")  # mended: converted again, then complete
    assert closing(runner.invoke(main, [*command, "--resume"])) == (
        "2 inputs: 1 converted, 0 rejected, 1 skipped (complete, --resume)"
    )


@pytest.mark.parametrize(
    "changed",
    [
        ["--to", "ebix"],
        ["--to", "cim", "--minimise-for", "previous_supplier"],
        ["--to", "cim", "--compact"],
    ],
)
def test_resume_takes_no_output_of_other_settings_as_complete(
    runner: CliRunner, tmp_path: Path, changed: list[str]
) -> None:
    """The manifest said which outputs were complete, not what they were converted to: a
    --resume with other settings (--to ebix, --minimise-for) than the run it resumed skipped
    every output as complete, and the folder held CIM where ebIX was asked for, or documents
    with the personal data that --minimise-for withholds, with exit 0. An output of other
    settings is converted again; a further --resume of the same settings finds it complete."""
    source, out = tmp_path / "in", tmp_path / "out"
    source.mkdir()
    shutil.copy(EBIX / "NotifyEndOfSupply.xml", source / "a.xml")
    shutil.copy(EBIX / "NotifyMeteringPointCharacteristics.xml", source / "b.xml")
    base = ["convert", str(source), "-O", str(out)]
    assert runner.invoke(main, [*base, "--to", "cim"]).exit_code == 0
    reference = runner.invoke(main, [*base[:2], *changed, "-O", str(tmp_path / "ref")])
    assert reference.exit_code == 0, reference.output
    resumed = runner.invoke(main, [*base, *changed, "--resume"])
    assert resumed.exit_code == 0, resumed.output
    assert closing(resumed).startswith("2 inputs: 2 converted, 0 rejected"), resumed.output
    for name in ("a.xml", "b.xml"):
        assert (out / name).read_bytes() == (tmp_path / "ref" / name).read_bytes()
    again = runner.invoke(main, [*base, *changed, "--resume"])
    assert "2 skipped (complete, --resume)" in closing(again), again.output


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize("flag", ["--force", "--resume"])
def test_a_rerun_that_rejects_an_input_removes_its_earlier_output(
    runner: CliRunner, tmp_path: Path, jobs: str, flag: str
) -> None:
    """An input that a run with --force (or --resume, redoing it) rejects withdrew its manifest
    line but left its earlier output in the folder, next to this run's outputs: the folder
    looked converted. That output is removed (the closing line and exit code unchanged)."""
    source = tmp_path / "in"
    source.mkdir()
    shutil.copy(REQUEST, source / "a.xml")
    shutil.copy(CONFIRM, source / "b.xml")
    out = tmp_path / "out"
    command = ["convert", str(source), "--to", "cim", "-O", str(out), "-j", jobs]
    assert runner.invoke(main, command).exit_code == 0
    assert {p.name for p in out.iterdir()} == {"a.xml", "b.xml", MANIFEST_NAME}
    (source / "a.xml").write_text("<broken", encoding="utf-8")  # the input changed since
    if flag == "--resume":
        (out / MANIFEST_NAME).unlink()  # (a run killed before its lines were written)
    again = runner.invoke(main, [*command, flag])
    assert again.exit_code == 1, again.output
    assert closing(again) == "2 inputs: 1 converted, 1 rejected", again.output
    assert {p.name for p in out.iterdir()} == {"b.xml", MANIFEST_NAME}
    assert f"earlier output {out / 'a.xml'} removed" in again.output
    assert runner.invoke(main, [*command, "--resume"]).exit_code == 1  # (nothing to skip)


def test_an_earlier_output_that_cannot_be_removed_is_an_io_error(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "in"
    source.mkdir()
    (source / "a.xml").write_text("<broken", encoding="utf-8")
    shutil.copy(CONFIRM, source / "b.xml")
    out = tmp_path / "out"
    out.mkdir()
    (out / "a.xml").write_text("earlier", encoding="utf-8")
    unlink = os.unlink

    def refused(path: Any, *args: Any, **kwargs: Any) -> None:
        if os.fspath(path) == str(out / "a.xml"):
            raise PermissionError(13, "Permission denied")
        unlink(path, *args, **kwargs)

    monkeypatch.setattr(os, "unlink", refused)  # (a folder this user may not write to)
    command = ["convert", str(source), "--to", "cim", "-O", str(out), "--force", "-j", "1"]
    result = runner.invoke(main, command)
    assert result.exit_code == 2, result.output
    assert closing(result) == "2 inputs: 1 converted, 1 rejected", result.output
    assert f"{out / 'a.xml'}: IO_ERROR cannot remove the earlier output" in result.output


def test_an_output_that_cannot_be_written_over_a_folder_is_one_error(
    runner: CliRunner, tmp_path: Path
) -> None:
    """An output that cannot be written because a folder is in its place was said twice: the
    write's error, then "cannot remove the earlier output ... Is a directory". A folder is no
    earlier output of the command: it stays, and only the write's error is said."""
    source, out = tmp_path / "in", tmp_path / "out"
    source.mkdir()
    shutil.copy(REQUEST, source / "a.xml")
    (out / "a.xml").mkdir(parents=True)
    command = ["convert", str(source), "--to", "cim", "-O", str(out), "--force"]
    result = runner.invoke(main, command)
    assert result.exit_code == 2, result.output
    assert result.output.count("IO_ERROR") == 1, result.output
    assert f"{out / 'a.xml'}: IO_ERROR cannot write: {out / 'a.xml'} is a folder" in result.output
    assert (out / "a.xml").is_dir()


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_fifo_in_an_outputs_place_stays_with_force(
    runner: CliRunner, tmp_path: Path, jobs: str
) -> None:
    """convert IN -O OUT --force where OUT/a.xml is a FIFO: a metering file (converted by
    streaming) renamed its output over it, so the FIFO (as root, a device just as well) became
    a regular file. It is an I/O error of that input naming it; the FIFO stays."""
    import stat

    source, out = tmp_path / "in", tmp_path / "out"
    source.mkdir()
    out.mkdir()
    shutil.copy(EBIX / "CollectedData.xml", source / "a.xml")
    os.mkfifo(out / "a.xml")
    command = ["convert", str(source), "--to", "cim", "-O", str(out), "-j", jobs, "--force"]
    result = runner.invoke(main, command)
    assert result.exit_code == 2, result.output
    said = f"cannot write: {out / 'a.xml'} is a named pipe: an output never replaces one"
    assert f"{out / 'a.xml'}: IO_ERROR {said}" in result.output
    assert stat.S_ISFIFO(os.stat(out / "a.xml").st_mode)


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize("flag", ["", "--resume"])
def test_a_fifo_in_an_outputs_place_is_no_earlier_output(
    runner: CliRunner, tmp_path: Path, jobs: str, flag: str
) -> None:
    """convert IN -O OUT where OUT/a.xml is a FIFO (or a device): without --force it counted
    as an existing output ("exists, skipped", exit 0), as if a.xml had been converted. As a
    folder there, it is an I/O error of that input naming it (exit 2); the FIFO stays."""
    import stat

    source, out = tmp_path / "in", tmp_path / "out"
    source.mkdir()
    out.mkdir()
    shutil.copy(REQUEST, source / "a.xml")
    shutil.copy(CONFIRM, source / "b.xml")
    os.mkfifo(out / "a.xml")
    command = ["convert", str(source), "--to", "cim", "-O", str(out), "-j", jobs]
    result = runner.invoke(main, [*command, *([flag] if flag else [])])
    assert result.exit_code == 2, result.output
    assert closing(result) == "2 inputs: 1 converted, 1 rejected", result.output
    (line,) = [line for line in result.output.splitlines() if "IO_ERROR" in line]
    assert line.startswith(f"{out / 'a.xml'}: IO_ERROR cannot write: ")
    assert line.endswith(f"{out / 'a.xml'} is a named pipe: an output never replaces one")
    assert stat.S_ISFIFO(os.stat(out / "a.xml").st_mode)
    assert (out / "b.xml").is_file()


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize("flag", ["", "--force", "--resume"])
def test_a_folder_in_an_outputs_place_is_an_error_of_that_input(
    runner: CliRunner, tmp_path: Path, jobs: str, flag: str
) -> None:
    """convert IN -O OUT where OUT/a.xml is a folder: without --force the folder counted as
    an existing output ('exists, skipped', exit 0), as if a.xml had been converted. It is an
    I/O error of that input naming the folder (exit 2), the batch going on with the others
    (with --force and --resume too), and the folder stays."""
    source, out = tmp_path / "in", tmp_path / "out"
    source.mkdir()
    shutil.copy(REQUEST, source / "a.xml")
    shutil.copy(CONFIRM, source / "b.xml")
    (out / "a.xml").mkdir(parents=True)
    (out / "a.xml" / "kept.txt").write_text("kept", encoding="utf-8")
    command = ["convert", str(source), "--to", "cim", "-O", str(out), "-j", jobs]
    result = runner.invoke(main, [*command, *([flag] if flag else [])])
    assert result.exit_code == 2, result.output
    assert closing(result) == "2 inputs: 1 converted, 1 rejected", result.output
    assert result.output.count("IO_ERROR") == 1, result.output
    assert f"{out / 'a.xml'}: IO_ERROR cannot write: {out / 'a.xml'} is a folder" in result.output
    assert (out / "a.xml" / "kept.txt").read_text(encoding="utf-8") == "kept"
    assert (out / "b.xml").is_file()


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize("broken", ["not xml", "not the schema"])
def test_a_forced_run_to_one_file_that_rejects_its_input_removes_the_earlier_output(
    runner: CliRunner, tmp_path: Path, jobs: str, broken: str
) -> None:
    """convert IN -o OUT --force of an input now rejected left OUT of an earlier run beside
    the error, as if converted: as with -O DIR, that earlier output is removed (and said)."""
    source, out = tmp_path / "a.xml", tmp_path / "out.xml"
    shutil.copy(REQUEST, source)
    command = ["convert", str(source), "--to", "cim", "-o", str(out), "-j", jobs]
    assert runner.invoke(main, command).exit_code == 0
    assert out.is_file()
    if broken == "not xml":
        source.write_text("<broken", encoding="utf-8")
    else:  # well-formed, but an element the schema does not have
        text = REQUEST.read_text(encoding="utf-8")
        source.write_text(text.replace("abie:Creation>", "abie:Created>"), encoding="utf-8")
    again = runner.invoke(main, [*command, "--force"])
    assert again.exit_code == 1, again.output
    code = "XML_MALFORMED" if broken == "not xml" else "XSD_CONTENT"
    assert re.search(rf"^{re.escape(str(source))}:\d+: {code} ", again.output, re.M), again.output
    assert not out.exists(), again.output
    assert f"earlier output {out} removed" in again.output
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]
    # Without --force the earlier output was never overwritten: it stays (exists, refused).
    shutil.copy(REQUEST, source)
    assert runner.invoke(main, command).exit_code == 0
    source.write_text("<broken", encoding="utf-8")
    kept = runner.invoke(main, command)
    assert kept.exit_code == 2, kept.output
    assert out.is_file()


@pytest.mark.parametrize("flag", ["--force", "--resume"])
def test_an_input_refused_before_the_run_has_its_earlier_output_removed(
    runner: CliRunner, tmp_path: Path, flag: str
) -> None:
    """Inputs refused while the batch is planned (two inputs of one output name, a link that
    leads nowhere) kept their earlier output, and its manifest line, under --force/--resume,
    unlike an input rejected when converted: they are rejected inputs like any other."""
    first, second = tmp_path / "a", tmp_path / "b"
    for source in (first, second):
        source.mkdir()
    shutil.copy(REQUEST, first / "x.xml")
    shutil.copy(CONFIRM, first / "y.xml")
    shutil.copy(END, first / "z.xml")
    out = tmp_path / "out"
    command = ["convert", str(first), "--to", "cim", "-O", str(out)]
    assert runner.invoke(main, command).exit_code == 0
    assert {p.name for p in out.iterdir()} == {"x.xml", "y.xml", "z.xml", MANIFEST_NAME}
    shutil.copy(CONFIRM, second / "x.xml")  # x.xml now comes from both folders
    (first / "z.xml").unlink()
    (first / "z.xml").symlink_to(tmp_path / "nowhere.xml")
    again = runner.invoke(main, [*command[:2], str(second), *command[2:], flag])
    assert again.exit_code == 2, again.output  # (the dangling link: an I/O error)
    done = "0 converted, 3 rejected, 1 skipped (complete, --resume)"
    expected = "1 converted, 3 rejected" if flag == "--force" else done
    assert closing(again) == f"4 inputs: {expected}", again.output
    assert "OUTPUT_COLLISION" in again.output
    assert f"{first / 'z.xml'}: IO_ERROR dangling symbolic link" in again.output
    assert {p.name for p in out.iterdir()} == {"y.xml", MANIFEST_NAME}, again.output
    for name in ("x.xml", "z.xml"):
        assert f"earlier output {out / name} removed" in again.output
    # --resume of the first command runs them again: nothing of them is taken as complete.
    resumed = runner.invoke(main, [*command, "--resume"])
    assert "skipped (complete, --resume)" in closing(resumed), resumed.output
    assert "1 converted" in closing(resumed), resumed.output  # x.xml again
    assert (out / "x.xml").is_file()


def test_a_forced_run_removes_no_folder_that_outputs_refused_as_nested_leave(
    runner: CliRunner, tmp_path: Path
) -> None:
    """An earlier run wrote OUT/a.xml/b.xml; now in/a.XML would be written to OUT/a.xml, and
    both are refused (one output the other's folder). Under --force the stale b.xml goes;
    the folder OUT/a.xml is no earlier output: not an I/O error that it cannot be unlinked."""
    source, out = tmp_path / "in", tmp_path / "out"
    (source / "a.xml").mkdir(parents=True)
    shutil.copy(REQUEST, source / "a.xml" / "b.xml")
    command = ["convert", str(source), "--to", "cim", "-O", str(out)]
    assert runner.invoke(main, command).exit_code == 0
    shutil.copy(CONFIRM, source / "a.XML")
    result = runner.invoke(main, [*command, "--force"])
    assert result.exit_code == 1, result.output
    assert closing(result) == "2 inputs: 0 converted, 2 rejected", result.output
    assert "IO_ERROR" not in result.output
    assert f"earlier output {out / 'a.xml' / 'b.xml'} removed" in result.output
    assert [p.name for p in out.rglob("*") if not p.is_dir()] == [MANIFEST_NAME]


def test_a_rejected_input_whose_output_folder_is_a_file_removes_nothing(
    runner: CliRunner, tmp_path: Path
) -> None:
    """The output of a rejected input below a file (an earlier run's OUT/a.xml, where a folder
    a.xml now holds the input) is not there: nothing to remove, not an I/O error."""
    source, out = tmp_path / "in", tmp_path / "out"
    source.mkdir()
    shutil.copy(REQUEST, source / "a.xml")
    command = ["convert", str(source), "--to", "cim", "-O", str(out)]
    assert runner.invoke(main, command).exit_code == 0
    (source / "a.xml").unlink()
    (source / "a.xml").mkdir()
    (source / "a.xml" / "b.xml").write_text("<broken", encoding="utf-8")
    result = runner.invoke(main, [*command, "--force"])
    assert result.exit_code == 1, result.output
    assert "IO_ERROR" not in result.output
    assert closing(result) == "1 inputs: 0 converted, 1 rejected", result.output


@pytest.mark.parametrize("to", ["-o", "-O"])
def test_a_named_input_now_missing_has_its_earlier_output_removed_by_force(
    runner: CliRunner, tmp_path: Path, to: str
) -> None:
    source = tmp_path / "x.xml"
    shutil.copy(REQUEST, source)
    target = tmp_path / "out.xml" if to == "-o" else tmp_path / "out"
    output = target if to == "-o" else target / "x.xml"
    command = ["convert", str(source), "--to", "cim", to, str(target)]
    assert runner.invoke(main, command).exit_code == 0
    source.unlink()
    result = runner.invoke(main, [*command, "--force"])
    assert result.exit_code == 2, result.output
    assert f"{source}: IO_ERROR no such file or folder" in result.output
    assert f"earlier output {output} removed" in result.output
    assert not output.exists()
    # A missing name without a message suffix may be a folder: it has no one output to remove.
    (tmp_path / "out" / "x.xml").parent.mkdir(exist_ok=True)
    (tmp_path / "out" / "x.xml").write_text("kept", encoding="utf-8")
    for name in ("x", "x.xml/"):  # (a folder's name as a shell completes it, too)
        folder = ["convert", str(tmp_path) + "/" + name, "--to", "cim", "-O", str(tmp_path / "out")]
        assert runner.invoke(main, [*folder, "--force"]).exit_code == 2
        assert (tmp_path / "out" / "x.xml").read_text(encoding="utf-8") == "kept"


def test_a_forced_run_never_removes_an_input_or_an_output_it_writes(
    runner: CliRunner, tmp_path: Path
) -> None:
    """Of the outputs of inputs refused before the run, none that is an input (an output over
    its input) or that another input of the run writes is removed."""
    shutil.copy(REQUEST, tmp_path / "x.xml")
    over = runner.invoke(
        main, ["convert", str(tmp_path / "x.xml"), "--to", "cim", "-o", str(tmp_path / "x.xml"),
               "--force"],
    )  # fmt: skip
    assert over.exit_code == 1, over.output
    assert "would overwrite the input" in over.output
    inside = runner.invoke(
        main, ["convert", str(tmp_path), "--to", "cim", "-O", str(tmp_path), "--force"]
    )
    assert inside.exit_code == 1, inside.output
    assert (tmp_path / "x.xml").read_bytes() == REQUEST.read_bytes()
    (tmp_path / "b").mkdir()
    shutil.copy(CONFIRM, tmp_path / "b" / "x.xml")
    out = tmp_path / "out"
    # A named file that is missing (refused) and one of the same name that is converted.
    named = ["convert", str(tmp_path / "gone" / "x.xml"), str(tmp_path / "b" / "x.xml")]
    result = runner.invoke(main, [*named, "--to", "cim", "-O", str(out), "--force"])
    assert result.exit_code == 2, result.output
    assert closing(result) == "2 inputs: 1 converted, 1 rejected", result.output
    assert (out / "x.xml").is_file()
    assert "removed" not in result.output


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_an_output_that_another_output_needs_as_its_folder_is_refused(
    runner: CliRunner, tmp_path: Path, jobs: str
) -> None:
    """``in/a.XML`` is written to ``OUT/a.xml`` and ``in/a.xml/b.xml`` to ``OUT/a.xml/b.xml``:
    one output is the other's folder. This was not refused as a collision: whichever was
    written first won (with --jobs 2, the one whose worker finished first), and the other was
    an I/O error naming only the output (exit 2). Both are refused before anything runs, as
    two inputs with one output are."""
    source = tmp_path / "in"
    (source / "a.xml" / "deeper").mkdir(parents=True)
    shutil.copy(REQUEST, source / "a.XML")
    shutil.copy(CONFIRM, source / "a.xml" / "deeper" / "b.xml")
    shutil.copy(CONFIRM, source / "c.xml")
    out = tmp_path / "out"
    result = runner.invoke(
        main, ["convert", str(source), "--to", "cim", "-O", str(out), "-j", jobs]
    )
    assert result.exit_code == 1, result.output
    assert closing(result) == "3 inputs: 1 converted, 2 rejected", result.output
    refused = [line for line in result.output.splitlines() if "OUTPUT_COLLISION" in line]
    assert [line.split(":")[0] for line in refused] == [
        str(source / "a.XML"),
        str(source / "a.xml" / "deeper" / "b.xml"),
    ]
    assert all(f"{out / 'a.xml'}" in line for line in refused)
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.xml")) == ["c.xml"]


def test_resume_of_standard_input_is_a_usage_error(runner: CliRunner, tmp_path: Path) -> None:
    """convert - -O OUT --resume skipped whatever came on standard input as complete once a
    run had converted anything from it (its output is always OUT/stdin.xml): another message
    piped in was dropped, exit 0. Standard input has no name for the manifest to vouch for: a
    usage error (exit 2), before anything is read or written."""
    out = tmp_path / "out"
    command = ["convert", "-", "--to", "cim", "-O", str(out)]
    first = runner.invoke(main, command, input=REQUEST.read_bytes())
    assert first.exit_code == 0, first.output
    written = (out / "stdin.xml").read_bytes()
    resumed = runner.invoke(main, [*command, "--resume"], input=CONFIRM.read_bytes())
    assert resumed.exit_code == 2, resumed.output
    assert "--resume cannot tell whether standard input (-)" in resumed.output, resumed.output
    assert (out / "stdin.xml").read_bytes() == written
    # (with other inputs too: the folder's inputs are not converted either)
    source = tmp_path / "in"
    source.mkdir()
    shutil.copy(CONFIRM, source / "b.xml")
    both = runner.invoke(main, [*command, str(source), "--resume"], input=b"")
    assert both.exit_code == 2, both.output
    assert not (out / "b.xml").exists()


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_resume_converts_again_an_input_changed_since_its_output_was_recorded(
    runner: CliRunner, tmp_path: Path, jobs: str
) -> None:
    """--resume took an output as complete by the output alone: an input edited after the run
    that converted it (another message in its place, or an edit of the same size) was skipped
    as complete, its output that of the old input, exit 0. The manifest records each input's
    size and modification time as listed before it was read; an input that differs now is
    converted again (or rejected, as this command does)."""
    source, out = tmp_path / "in", tmp_path / "out"
    source.mkdir()
    shutil.copy(REQUEST, source / "a.xml")
    shutil.copy(CONFIRM, source / "b.xml")
    shutil.copy(END, source / "c.xml")
    shutil.copy(REQUEST, tmp_path / "named.xml")
    command = ["convert", str(source), str(tmp_path / "named.xml"), "--to", "cim"]
    command += ["-O", str(out), "-j", jobs]
    assert runner.invoke(main, command).exit_code == 0
    reference = runner.invoke(main, ["convert", str(END), "--to", "cim", "-o", str(tmp_path / "r")])
    assert reference.exit_code == 0, reference.output
    shutil.copy(END, source / "a.xml")  # another message in its place
    text = CONFIRM.read_text(encoding="utf-8")
    edited = text.replace("abie:Creation>", "abie:Creatiom>")  # the same size: invalid now
    assert len(edited) == len(text)
    (source / "b.xml").write_text(edited, encoding="utf-8")
    shutil.copy(END, tmp_path / "named.xml")
    resumed = runner.invoke(main, [*command, "--resume"])
    assert resumed.exit_code == 1, resumed.output
    assert closing(resumed) == (
        "4 inputs: 2 converted, 1 rejected, 1 skipped (complete, --resume)"
    ), resumed.output
    assert (out / "a.xml").read_bytes() == (tmp_path / "r").read_bytes()
    assert (out / "named.xml").read_bytes() == (tmp_path / "r").read_bytes()
    assert not (out / "b.xml").exists()  # (rejected: its earlier output removed)
    again = runner.invoke(main, [*command, "--resume"])
    assert closing(again) == (
        "4 inputs: 0 converted, 1 rejected, 3 skipped (complete, --resume)"
    ), again.output


def test_resume_converts_again_an_output_whose_line_records_no_input(
    runner: CliRunner, tmp_path: Path
) -> None:
    """A manifest line of an earlier version records the output alone: nothing vouches that
    its input is the one converted, so --resume converts that input again (once: the new line
    records it)."""
    source, out = tmp_path / "in", tmp_path / "out"
    source.mkdir()
    shutil.copy(REQUEST, source / "a.xml")
    shutil.copy(CONFIRM, source / "b.xml")
    command = ["convert", str(source), "--to", "cim", "-O", str(out)]
    assert runner.invoke(main, command).exit_code == 0
    manifest = out / MANIFEST_NAME
    lines = [json.loads(line) for line in manifest.read_text(encoding="utf-8").splitlines()]
    assert all("input_version" in line for line in lines), lines
    older = [{k: v for k, v in line.items() if k != "input_version"} for line in lines]
    older[1] = lines[1]
    manifest.write_text("".join(json.dumps(line) + "\n" for line in older), encoding="utf-8")
    resumed = runner.invoke(main, [*command, "--resume"])
    assert closing(resumed) == (
        "2 inputs: 1 converted, 0 rejected, 1 skipped (complete, --resume)"
    ), resumed.output
    again = runner.invoke(main, [*command, "--resume"])
    assert "2 skipped (complete, --resume)" in closing(again), again.output


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_resume_converts_again_what_a_named_pipe_gives_when_it_differs(
    runner: CliRunner, tmp_path: Path
) -> None:
    """A named pipe (a FIFO, <(...)) given to convert -O DIR --resume: what it gave is read
    once, before anything runs; its output is complete only if the pipe gave the same bytes
    as when the output was recorded (their digest is recorded), else it is converted again."""
    import threading

    fifo, out = tmp_path / "p.xml", tmp_path / "out"
    os.mkfifo(fifo)

    def run(data: bytes, *more: str) -> Result:
        def feed() -> None:
            with open(fifo, "wb") as stream:
                stream.write(data)

        writer = threading.Thread(target=feed, daemon=True)
        writer.start()
        try:
            return runner.invoke(main, ["convert", str(fifo), "--to", "cim", "-O", str(out), *more])
        finally:
            writer.join(10)

    assert run(REQUEST.read_bytes()).exit_code == 0
    written = (out / "p.xml").read_bytes()
    assert closing(run(REQUEST.read_bytes(), "--resume")) == (
        "1 inputs: 0 converted, 0 rejected, 1 skipped (complete, --resume)"
    )
    changed = run(CONFIRM.read_bytes(), "--resume")
    assert closing(changed) == "1 inputs: 1 converted, 0 rejected", changed.output
    assert (out / "p.xml").read_bytes() != written


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize("flag", ["--force", "--resume"])
def test_an_output_that_cannot_be_written_leaves_the_earlier_one(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: str, flag: str
) -> None:
    """convert -O OUT --force (or --resume redoing an input) whose new output could not be
    written (a full disk, a permission refused at the write) removed the earlier output as if
    the input had been rejected: the folder lost a whole output to keep none. Outputs are
    replaced atomically: the earlier one stays (said), its manifest line is withdrawn (a
    --resume writes it again), and the input is an I/O error (exit 2)."""
    source, out = tmp_path / "in", tmp_path / "out"
    source.mkdir()
    shutil.copy(REQUEST, source / "a.xml")
    shutil.copy(CONFIRM, source / "b.xml")
    command = ["convert", str(source), "--to", "cim", "-O", str(out), "-j", jobs]
    assert runner.invoke(main, command).exit_code == 0
    earlier = (out / "a.xml").read_bytes()
    shutil.copy(END, source / "a.xml")  # (changed: --resume converts it again)
    write_file = pipeline.write_file

    def full_disk(path: str, data: bytes, **kwargs: Any) -> None:
        if Path(path).name == "a.xml":
            raise OSError(28, "No space left on device")
        write_file(path, data, **kwargs)

    monkeypatch.setattr(pipeline, "write_file", full_disk)
    failed = runner.invoke(main, [*command, flag])
    assert failed.exit_code == 2, failed.output
    assert f"{out / 'a.xml'}: IO_ERROR cannot write: No space left on device" in failed.output
    assert f"its earlier output {out / 'a.xml'} left as it was" in failed.output
    assert "removed" not in failed.output, failed.output
    assert (out / "a.xml").read_bytes() == earlier
    monkeypatch.setattr(pipeline, "write_file", write_file)
    resumed = runner.invoke(main, [*command, "--resume"])
    assert resumed.exit_code == 0, resumed.output
    assert closing(resumed).startswith("2 inputs: 1 converted, 0 rejected"), resumed.output
    assert (out / "a.xml").read_bytes() != earlier


def test_an_output_file_that_cannot_be_written_leaves_the_earlier_one(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """convert IN -o OUT --force, the write of OUT failing: OUT of the earlier run stays."""
    out = tmp_path / "out.xml"
    out.write_bytes(b"earlier")

    def full_disk(path: str, data: bytes, **kwargs: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pipeline, "write_file", full_disk)
    failed = runner.invoke(
        main, ["convert", str(REQUEST), "--to", "cim", "-o", str(out), "--force"]
    )
    assert failed.exit_code == 2, failed.output
    assert out.read_bytes() == b"earlier"


@pytest.mark.parametrize("command", ["convert", "validate"])
def test_an_interrupted_batch_says_so_and_exits_130(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    """Ctrl-C on a batch printed click's 'Aborted!' and exited 1, the code of "an input was
    rejected": a script took the interrupted run for a finished one with rejections. It says
    how far it got and how to go on, and exits 130 (interrupted, as shells say it)."""
    from elhub_cim import batch

    source = _big_folder(tmp_path, 2)
    out = tmp_path / "out"
    real_runner = batch._runner

    def interrupted(items: list[object], *rest: Any) -> Iterator[object]:
        records: Any = real_runner(items, *rest)
        try:
            yield next(records)
            yield next(records)
            # (the five others are finished, not handed on: the runner, closed, leaves them)
            raise KeyboardInterrupt
        finally:
            records.close()

    monkeypatch.setattr(batch, "_runner", interrupted)
    arguments = [command, str(source), "-j", "1"]
    if command == "convert":
        arguments += ["--to", "cim", "-O", str(out)]
    result = runner.invoke(main, arguments)
    assert result.exit_code == 130, result.output
    assert "Aborted!" not in result.output
    last = closing(result)
    assert last.startswith("interrupted: 7 of 7 inputs done"), result.output
    assert ("--resume" in last) == (command == "convert"), result.output


@pytest.mark.parametrize("where", ["-O", "below -O", "-o"])
def test_a_dangling_link_on_the_way_to_an_output_is_named(
    runner: CliRunner, tmp_path: Path, where: str
) -> None:
    """An output whose way goes through a dangling symbolic link (-O LINK to a folder since
    removed, a linked subfolder of -O) could not be written, and the error said 'File exists:
    OUT/a.xml', of an output that is not there. It names the link."""
    source = tmp_path / "in"
    (source / "sub").mkdir(parents=True)
    shutil.copy(REQUEST, source / "sub" / "a.xml")
    link = tmp_path / "link"
    link.symlink_to(tmp_path / "removed")
    if where == "-O":
        command = ["convert", str(source), "-O", str(link)]
        output = link / "sub" / "a.xml"
    elif where == "below -O":
        (tmp_path / "out").mkdir()
        link = tmp_path / "out" / "sub"
        link.symlink_to(tmp_path / "removed")
        command = ["convert", str(source), "-O", str(tmp_path / "out")]
        output = link / "a.xml"
    else:
        output = link / "a.xml"
        command = ["convert", str(source / "sub" / "a.xml"), "-o", str(output)]
    result = runner.invoke(main, [*command, "--to", "cim"])
    assert result.exit_code == 2, result.output
    assert f"{output}: IO_ERROR cannot write: {link} is a dangling symbolic link" in (
        result.output
    ), result.output
    assert "File exists" not in result.output


@pytest.mark.parametrize("command", ["validate", "convert"])
def test_an_empty_path_is_no_input_and_never_the_current_folder(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    """An empty path argument (`validate "$FILE"` with FILE unset) was taken for '.': the
    command read every message of the current folder instead and exited 0 for a file it never
    saw. It is an input that names nothing (I/O error, exit 2); the others still run."""
    here = tmp_path / "here"
    here.mkdir()
    shutil.copy(REQUEST, here / "unrelated.xml")
    monkeypatch.chdir(here)
    arguments = [command, "", str(CONFIRM)]
    if command == "convert":
        arguments += ["--to", "cim", "-O", str(tmp_path / "out")]
    result = runner.invoke(main, arguments)
    assert result.exit_code == 2, result.output
    assert "unrelated" not in result.output, result.output
    assert "an empty path" in result.output, result.output
    counted = "2 files: 1 valid" if command == "validate" else "2 inputs: 1 converted, 1 rejected"
    assert closing(result).startswith(counted), result.output
    if command == "convert":
        assert [p.name for p in (tmp_path / "out").glob("*.xml")] == [CONFIRM.name]


@pytest.mark.parametrize("command", [["info"], ["fmt"], ["diff", str(REQUEST)]])
def test_an_empty_path_to_a_single_input_command_is_said_so(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(main, [*command, ""])
    assert result.exit_code == 2, result.output
    assert "'': IO_ERROR an empty path names no file or folder" in result.output, result.output


@pytest.mark.parametrize(
    "arguments",
    [
        ["convert", str(REQUEST), "--to", "cim", "-o", ""],
        ["convert", str(REQUEST), "--to", "cim", "-O", ""],
        ["fmt", str(REQUEST), "-o", ""],
    ],
)
def test_an_empty_output_is_a_usage_error(runner: CliRunner, arguments: list[str]) -> None:
    """An empty -o or -O (`-o "$OUT"` with OUT unset) was taken as not given: the output went
    to standard output, exit 0, and no file was written where the script looks for it."""
    result = runner.invoke(main, arguments)
    assert result.exit_code == 2, result.output
    assert "<?xml" not in result.output
    assert "empty" in result.output, result.output


def test_resume_reads_its_manifest_a_line_at_a_time(tmp_path: Path) -> None:
    """The manifest is appended to by every run (each --force adds a line per output, never
    compacted), and --resume read it whole into memory, with its text and its list of lines:
    a folder rerun daily held gigabytes for a few thousand outputs. It is read a line at a
    time: what --resume holds grows with the outputs, not with the manifest's history."""
    import tracemalloc

    from elhub_cim.batch import _Manifest

    out = tmp_path / "out"
    out.mkdir()
    line = {
        "input": "in/a.xml",
        "size": 4274,
        "sha256": "45fcb04f9a1a311d00f55e89e089c2539b799872895c5301ac82b47fbc13c36f",
        "settings": "c7650d4212dce816",
        "input_version": "stat:4274:1796676864784344000",
    }
    with open(out / MANIFEST_NAME, "w", encoding="utf-8") as stream:
        for run in range(5000):  # (the history of 5000 runs of ten outputs)
            for number in range(10):
                stream.write(json.dumps({**line, "output": f"out/{number}.xml", "run": run}) + "\n")
    size = (out / MANIFEST_NAME).stat().st_size
    assert size > 10_000_000
    tracemalloc.start()
    try:
        entries = _Manifest(str(out)).entries()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(entries) == 10
    assert peak < size / 10, (peak, size)


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full here")
@pytest.mark.parametrize(
    "arguments",
    [
        ["convert", str(REQUEST), "--to", "cim"],
        ["fmt", str(REQUEST)],
        ["validate", "--format", "json", str(REQUEST)],
        ["validate", str(EBIX)],
    ],
)
def test_a_standard_output_that_cannot_be_written_is_an_io_error(arguments: list[str]) -> None:
    """convert/fmt to standard output, or validate's report, on a standard output that cannot
    be written (a full disk behind `> file`) ended in a Python traceback with exit 1, the code
    of an input rejected: the output lost, said as a crash. It is an I/O error said once on
    standard error (exit 2)."""
    result = _with_stdout("full", arguments)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    assert "cannot write to standard output: No space left on device" in result.stderr


def _reader_gone(arguments: list[str]) -> tuple[int, str]:
    """``python -m elhub_cim ARGUMENTS | head`` with head gone before the first line (its
    standard output a pipe closed at the other end): the exit code and standard error."""
    process = subprocess.Popen(
        [sys.executable, "-m", "elhub_cim", *arguments],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    assert process.stderr is not None
    process.stdout.close()
    errors = process.stderr.read()
    return process.wait(timeout=120), errors


def _with_stdout(stdout: str, arguments: list[str]) -> subprocess.CompletedProcess[str]:
    """``python -m elhub_cim ARGUMENTS`` with its standard output "full" (``/dev/full``; skipped
    where there is none) or "closed" (fd 1 closed in the child before it runs, as the shell's
    ``>&-`` does); standard error captured."""
    if stdout == "full" and not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full here")
    with open("/dev/full" if stdout == "full" else os.devnull, "wb") as sink:
        return subprocess.run(
            [sys.executable, "-m", "elhub_cim", *arguments],
            stdout=sink,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
            check=False,
            preexec_fn=(lambda: os.close(1)) if stdout == "closed" else None,
        )


@pytest.mark.parametrize(
    "arguments",
    [
        ["convert", str(REQUEST), "--to", "cim"],
        ["fmt", str(REQUEST)],
        ["validate", str(EBIX)],
        ["info", str(REQUEST)],
        ["info", "--format", "json", str(REQUEST)],
        ["diff", str(REQUEST), str(CONFIRM)],
    ],
)
@pytest.mark.parametrize("stdout", ["closed", "full"])
def test_every_command_says_it_cannot_write_to_standard_output(
    arguments: list[str], stdout: str
) -> None:
    """A standard output closed (``>&-``: Python then has none) or full: convert and fmt ended
    in an AttributeError traceback (exit 1), validate and info wrote nothing without a word
    (exit 0 for info: what was asked for lost), and info or diff on a full disk ended in an
    OSError traceback. Each is an I/O error said once on standard error (exit 2)."""
    result = _with_stdout(stdout, arguments)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    why = "No space left on device" if stdout == "full" else "standard output is closed"
    assert f"<stdout>: IO_ERROR cannot write to standard output: {why}" in result.stderr


def _specials(tmp_path: Path) -> dict[str, Path]:
    """A named pipe, and a device where this process may make one (``/dev/null``'s: root)."""
    made = {"pipe": tmp_path / "pipe.xml"}
    os.mkfifo(made["pipe"])
    with contextlib.suppress(OSError, AttributeError):
        os.mknod(tmp_path / "null.xml", 0o666 | stat.S_IFCHR, os.makedev(1, 3))
        made["device"] = tmp_path / "null.xml"
    return made


@pytest.mark.parametrize(
    "command",
    [
        ["convert", str(REQUEST), "--to", "cim"],
        ["convert", str(PROJECT_ROOT / "pyproject.toml"), "--to", "cim"],  # (rejected)
        ["fmt", str(REQUEST)],
    ],
)
def test_an_output_that_is_a_device_or_a_pipe_is_never_replaced(
    runner: CliRunner, tmp_path: Path, command: list[str]
) -> None:
    """``-o /dev/null --force`` (or a named pipe, or /dev/stdout, a link to one) was written as
    any output: a new file renamed over the device, or the device removed as the "earlier
    output" of an input rejected; as root, /dev/null was gone for every program of the system.
    What is neither a regular file nor a folder is no output: never replaced nor removed, an
    I/O error naming it (exit 2)."""
    for kind, special in _specials(tmp_path).items():
        before = special.lstat()
        result = runner.invoke(main, [*command, "-o", str(special), "--force"])
        after = special.lstat()
        assert (after.st_mode, after.st_ino) == (before.st_mode, before.st_ino), kind
        assert result.exit_code == 2 if "fmt" in command else result.exit_code >= 1, result.output
        if command[1] == str(REQUEST):
            word = "named pipe" if kind == "pipe" else "device"
            assert f"{special} is a {word}: an output never replaces one" in result.output


@pytest.mark.parametrize(
    "arguments", [["--help"], ["--version"], ["convert", "--help"], ["monitor", "--help"]]
)
@pytest.mark.parametrize("stdout", ["closed", "full"])
def test_help_and_version_say_they_cannot_write_to_standard_output(
    arguments: list[str], stdout: str
) -> None:
    """--help and --version on a full standard output ended in an OSError traceback (exit 1),
    and on a closed one wrote nothing without a word (exit 0). Each is an I/O error said on
    standard error (exit 2), as every command's output is."""
    result = _with_stdout(stdout, arguments)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    assert "<stdout>: IO_ERROR cannot write to standard output: " in result.stderr


def test_help_to_a_reader_that_goes_away_ends_quietly() -> None:
    """elhub-cim --help | head -1: click took the broken pipe for an error, exit 1; it ends as
    every command does then, quietly with 141 (a process SIGPIPE ended)."""
    code, errors = _reader_gone(["--help"])
    assert code == 141, errors
    assert "Traceback" not in errors, errors


@pytest.mark.parametrize(
    "arguments",
    [
        ["validate", "-"],
        ["validate", "-", str(REQUEST)],
        ["convert", "-", "--to", "cim"],
        ["info", "-"],
        ["fmt", "-"],
        ["diff", "-", str(REQUEST)],
    ],
)
def test_a_closed_standard_input_is_an_io_error_of_that_input(arguments: list[str]) -> None:
    """``-`` with standard input closed (``<&-``: Python then has none) ended every command in
    an AttributeError traceback, exit 1, and the other inputs of a batch were never read. It
    is an I/O error of that input (exit 2); the others run."""
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "elhub_cim", *arguments],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        preexec_fn=lambda: os.close(0),  # (as the shell's <&- does)
    )
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    output = result.stdout + result.stderr
    assert "IO_ERROR cannot read: standard input is closed" in output, output
    if str(REQUEST) in arguments and "validate" in arguments:
        assert output.strip().splitlines()[-1].startswith("2 files: 1 valid, 0 invalid, 1 unread")


def test_a_reader_that_goes_away_ends_a_batch_quietly() -> None:
    """validate FOLDER | head: once head had what it wanted, the next line written ended in a
    BrokenPipeError traceback. The command ends quietly, 141 as a process SIGPIPE ends."""
    code, errors = _reader_gone(["validate", "-j", "1", str(EBIX), str(EBIX / "*")])
    assert code == 141, errors
    assert "Traceback" not in errors, errors
    assert "Exception ignored" not in errors, errors


def test_an_input_folder_named_as_the_manifest_is_refused_not_the_manifest(
    runner: CliRunner, tmp_path: Path
) -> None:
    """An input folder named .elhub-cim-manifest.jsonl was mirrored into -O DIR, where the
    manifest lives: its outputs took the manifest's place, the manifest could not be written
    ('Is a directory', exit 2, every run) and --resume never found anything complete. Those
    inputs are refused as an output collision; the manifest is written."""
    source, out = tmp_path / "in", tmp_path / "out"
    (source / MANIFEST_NAME).mkdir(parents=True)
    shutil.copy(REQUEST, source / MANIFEST_NAME / "x.xml")
    shutil.copy(CONFIRM, source / "b.xml")
    command = ["convert", str(source), "--to", "cim", "-O", str(out)]
    result = runner.invoke(main, command)
    assert result.exit_code == 1, result.output
    assert "cannot write the manifest" not in result.output, result.output
    assert f"{source / MANIFEST_NAME / 'x.xml'}: OUTPUT_COLLISION" in result.output
    assert closing(result) == "2 inputs: 1 converted, 1 rejected", result.output
    assert (out / MANIFEST_NAME).is_file()
    resumed = runner.invoke(main, [*command, "--resume"])
    assert "1 skipped (complete, --resume)" in closing(resumed), resumed.output


def test_outputs_whose_names_differ_in_case_only_collide(runner: CliRunner, tmp_path: Path) -> None:
    """x/A.xml and y/a.xml into one -O folder: on a file system that ignores case (macOS,
    Windows, an SMB share) the second output replaced the first, silently, because the check
    compared names exactly. Names equal but for case are a collision as exact duplicates are,
    on every file system (an output folder is often copied to one that ignores case)."""
    for folder, name in (("x", "A.xml"), ("y", "a.xml"), ("y", "b.xml")):
        (tmp_path / folder).mkdir(exist_ok=True)
        shutil.copy(CONFIRM, tmp_path / folder / name)
    out = tmp_path / "out"
    first, second = tmp_path / "x" / "A.xml", tmp_path / "y" / "a.xml"
    other = tmp_path / "y" / "b.xml"
    command = ["convert", str(first), str(second), str(other), "--to", "cim", "-O", str(out)]
    result = runner.invoke(main, command)
    assert result.exit_code == 1, result.output
    refused = [line for line in result.output.splitlines() if "OUTPUT_COLLISION" in line]
    assert len(refused) == 2, result.output
    assert refused[0].startswith(f"{first}: OUTPUT_COLLISION {first} and {second} "), refused
    assert "ignores case" in refused[0], refused
    assert sorted(path.name for path in out.glob("*.xml")) == ["b.xml"]


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize("stderr", ["full", "closed"])
def test_a_standard_error_that_cannot_be_written_stops_no_batch(
    tmp_path: Path, jobs: str, stderr: str
) -> None:
    """Standard error that cannot be written (``2>> log`` on a full disk; or closed, ``2>&-``,
    where Python has none and the first message was an AttributeError) ended a batch at its
    first rejected input (the error of its message, uncaught): the inputs after it were never
    converted, and the exit code was 1, "an input was rejected", with no word anywhere. The
    batch goes on (its outputs are its product), what it could not say is dropped, and the exit
    code is 2, an I/O error."""
    import subprocess
    import sys

    source = tmp_path / "in"
    source.mkdir()
    (source / "000-broken.xml").write_text("<broken", encoding="utf-8")
    for number in range(1, 100):
        shutil.copy(EBIX / "RequestStartOfSupply-move-in.xml", source / f"{number:03d}.xml")
    out = tmp_path / "out"
    environment = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT / "src")}
    command = [sys.executable, "-m", "elhub_cim", "convert", str(source), "--to", "cim"]
    with open(os.devnull, "wb") as sink, open("/dev/full", "wb") as full:
        process = subprocess.run(
            [*command, "-O", str(out), "-j", jobs],
            stdout=sink,
            stderr=full,
            env=environment,
            timeout=300,
            check=False,
            # (closed: fd 2 closed in the child before it runs, as the shell's 2>&- does)
            preexec_fn=(lambda: os.close(2)) if stderr == "closed" else None,
        )
    assert len(list(out.glob("*.xml"))) == 99
    manifest = (out / MANIFEST_NAME).read_text(encoding="utf-8").splitlines()
    assert len(manifest) == 99
    assert process.returncode == 2


def test_a_manifest_that_is_a_symbolic_link_is_not_followed(
    runner: CliRunner, tmp_path: Path
) -> None:
    """The manifest was opened to append through a symbolic link in its place: whoever could
    write the output folder (a shared drop folder) had the run append its JSON lines, the input
    names in them, to any file the operator may write (a shell's start-up file). The link is
    not followed: the manifest cannot be written (an I/O error naming it, exit 2), the outputs
    are written as ever."""
    out = tmp_path / "out"
    out.mkdir()
    victim = tmp_path / "victim"
    victim.write_text("echo hello\n", encoding="utf-8")
    (out / MANIFEST_NAME).symlink_to(victim)
    source = EBIX / "RequestStartOfSupply-move-in.xml"
    result = runner.invoke(main, ["convert", str(source), "--to", "cim", "-O", str(out)])
    assert victim.read_text(encoding="utf-8") == "echo hello\n"
    assert (out / source.name).is_file()
    assert result.exit_code == 2, result.output
    assert "cannot write the manifest" in result.output
