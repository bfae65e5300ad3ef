"""Monitor extraction at scale: parallel reading (``--jobs``) gives the same events as one
process, and a partitioned Parquet dataset (by actor and month) is read by ``monitor report``
directly, with the same figures as one file. (Dask: tests/test_dask.py.)"""

from __future__ import annotations

import csv
import importlib
import json
import os
import shutil
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner, Result

from elhub_cim.cli import main
from elhub_cim.monitor.extract import Extractor, iter_inputs, read_facts, run_extraction
from tests.conftest import PROJECT_ROOT
from tests.test_monitor_support import request_xml, response_xml

EBIX = PROJECT_ROOT / "examples" / "ebix"
CIM = PROJECT_ROOT / "examples" / "cim"
KEY = b"a key of at least sixteen bytes!!"


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    """The examples, generated 611 pairs over two months, a broken and a non-XML file."""
    root = tmp_path / "in"
    shutil.copytree(EBIX, root / "ebix")
    shutil.copytree(CIM, root / "cim")
    generated = root / "generated"
    generated.mkdir()
    for number, created in enumerate(
        ["2026-01-31T23:30:00+01:00", "2026-02-01T00:30:00+01:00", "2026-03-29T03:30:00+02:00"]
    ):
        identifier, request = request_xml(created=created)
        (generated / f"{number}-request.xml").write_text(request, encoding="utf-8")
        (generated / f"{number}-response.xml").write_text(
            response_xml(identifier, points=1 + number), encoding="utf-8"
        )
    (root / "broken.xml").write_text("<RequestStartOfSupply>", encoding="utf-8")
    (root / "notes.txt").write_text("not a message", encoding="utf-8")
    return root


@pytest.fixture
def key_file(tmp_path: Path) -> Path:
    path = tmp_path / "key"
    path.write_bytes(KEY)
    return path


def test_parallel_extraction_gives_the_same_events_and_tallies(
    inputs: Path, key_file: Path, tmp_path: Path
) -> None:
    outputs = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"events-{jobs}.csv"
        result = run(
            "monitor", "extract", str(inputs), "-o", str(out), "--key-file", str(key_file),
            "--jobs", jobs,
        )  # fmt: skip
        assert result.exit_code == 2, result.stderr  # the broken file
        outputs[jobs] = (out.read_bytes(), result.stderr.replace(out.name, "OUT"))
    assert outputs["1"] == outputs["2"]
    assert "broken.xml" in outputs["2"][1]
    assert "notes.txt: not a .xml file" in outputs["2"][1]


def test_a_worker_error_on_one_input_is_reported_not_lost(
    inputs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    module = importlib.import_module("elhub_cim.monitor.extract")  # the package's `extract` is
    # a function of the same name

    real = module.read_facts

    def failing(path: Path | str, **options: object) -> object:
        if str(path).endswith("broken.xml"):
            raise RuntimeError("boom")
        return real(path, **options)

    monkeypatch.setattr(module, "read_facts", failing)
    items = list(iter_inputs([inputs]))
    result = run_extraction(Extractor(KEY), items, jobs=1)
    internal = [s for s in result.skipped if s.category == module.INTERNAL]
    assert [s.file for s in internal] == [str(inputs / "broken.xml")]
    assert "boom" in internal[0].reason
    assert result.files == len(items)  # every input counted, the failing one included


def test_partitioned_dataset_is_read_by_the_report_as_one_file_is(
    inputs: Path, key_file: Path, tmp_path: Path
) -> None:
    single = tmp_path / "events.parquet"
    folder = tmp_path / "events"
    for target in (str(single), f"{folder}/"):
        result = run(
            "monitor", "extract", str(inputs), "-o", target, "--key-file", str(key_file),
            "--jobs", "2",
        )  # fmt: skip
        assert result.exit_code == 2, result.stderr
    files = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.parquet"))
    assert files, "no partition written"
    months = {part.split("/")[1] for part in files}
    # Oslo months: 2026-01-31T23:30+01:00 is January, 00:30 the next day February.
    assert {"month=2026-01", "month=2026-02", "month=2026-03"} <= months
    assert all(part.startswith("actor=") for part in files)
    # Every file holds every column (the keys are in the path for pruning, not instead).
    glob = f"{folder}/**/*.parquet"
    with duckdb.connect() as con:
        columns = {
            row[0]
            for row in con.execute(
                "DESCRIBE SELECT * FROM read_parquet(?, hive_partitioning = false)", [glob]
            ).fetchall()
        }
        assert {"actor", "event_time", "subject", "month"} <= columns
        rows = con.execute(
            "SELECT count(*) FROM read_parquet(?, hive_partitioning = false)", [glob]
        ).fetchone()
        whole = con.execute("SELECT count(*) FROM read_parquet(?)", [str(single)]).fetchone()
        assert rows == whole
    reports = [run("monitor", "report", str(path), "--format", "json") for path in (single, folder)]
    assert [r.exit_code for r in reports] == [0, 0]
    assert json.loads(reports[0].stdout) == json.loads(reports[1].stdout)
    assert json.loads(reports[1].stdout)["events"] == rows[0]  # type: ignore[index]


def test_partitioned_output_is_replaced_whole_and_only_with_force(
    inputs: Path, key_file: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "events"
    args = ["monitor", "extract", str(inputs), "-o", f"{folder}/", "--key-file", str(key_file)]
    assert run(*args).exit_code == 2
    stale = folder / "actor=0000000000000" / "month=1999-01" / "data_0.parquet"
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"PAR1")
    refused = run(*args)
    assert refused.exit_code == 2
    assert "exists" in refused.stderr
    assert stale.exists()
    assert run(*args, "--force").exit_code == 2  # exit 2: the broken input, as before
    assert not stale.exists()  # the old folder went as a whole
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".events.")]  # no leftovers


def test_a_bad_row_in_a_dataset_names_its_file(tmp_path: Path) -> None:
    folder = tmp_path / "events"
    part = folder / "actor=x" / "month=2026-01"
    part.mkdir(parents=True)
    with duckdb.connect() as con:
        con.execute(
            "COPY (SELECT 'not-a-gln' AS actor, "
            "TIMESTAMPTZ '2026-01-05 10:00:00+00' AS event_time, "
            "'query611' AS kind, 1 AS metering_points, 5::BIGINT AS subject, "
            "'StartOfSupply' AS purpose, 'approved' AS outcome, 'BRS-NO-611' AS brs, "
            "'d1' AS document_id, 'f.xml' AS source_file, '2026-01' AS month) "
            f"TO '{part / 'data_0.parquet'}' (FORMAT parquet)"
        )
    result = run("monitor", "report", str(folder))
    assert result.exit_code == 2
    assert str(part / "data_0.parquet") in result.stderr
    assert "actor" in result.stderr


def test_an_empty_folder_is_a_clear_error(tmp_path: Path) -> None:
    result = run("monitor", "report", str(tmp_path))
    assert result.exit_code == 2
    assert "holds no .parquet file" in result.stderr


@pytest.mark.parametrize("target", ["in/", "./", "in/ebix/", "in/listed.csv"])
def test_an_output_that_would_replace_an_input_is_refused(
    inputs: Path, key_file: Path, tmp_path: Path, target: str
) -> None:
    """`-o in/ --force` replaced the input folder with the events (the inputs were removed
    with the previous folder); an output that is, or holds, an input is refused, even with
    --force, and nothing is removed."""
    listed = inputs / "listed.csv"
    listed.write_text("a file named as an input", encoding="utf-8")
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    output = str(tmp_path / target) + ("/" if target.endswith("/") else "")
    arguments = [str(inputs / "ebix" / "Acknowledgement.xml"), str(listed)]
    if target != "in/ebix/":
        arguments.append(str(inputs))
    result = run(
        "monitor", "extract", *arguments, "-o", output, "--key-file", str(key_file), "--force"
    )
    assert result.exit_code == 2
    assert "would replace the input" in result.stderr, result.stderr
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before


@pytest.mark.parametrize("target", ["input", "output", "inside output", "exists"])
def test_a_skipped_list_that_would_overwrite_a_file_is_refused(
    inputs: Path, key_file: Path, tmp_path: Path, target: str
) -> None:
    """`--skipped FILE` was written over whatever was there, without --force, and even over an
    input or the output; such a file is refused before anything runs (over an input or the
    output even with --force), and nothing changes."""
    acknowledgement = inputs / "ebix" / "Acknowledgement.xml"
    output = tmp_path / "events"
    existing = tmp_path / "skipped.csv"
    existing.write_text("kept", encoding="utf-8")
    skipped = {
        "input": acknowledgement,
        "output": output,
        "inside output": output / "skipped.csv",
        "exists": existing,
    }[target]
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    result = run(
        "monitor",
        "extract",
        str(inputs),
        "-o",
        str(output) + "/",
        "--key-file",
        str(key_file),
        "--skipped",
        str(skipped),
        *([] if target == "exists" else ["--force"]),
    )
    assert result.exit_code == 2
    expected = "exists" if target == "exists" else "would overwrite"
    assert expected in result.stderr, result.stderr
    assert {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == before
    assert not output.exists()


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_file_named_like_document_text_is_read_as_the_file_it_is(
    tmp_path: Path, key_file: Path, jobs: str
) -> None:
    """A message file whose name holds a newline (or starts with '<', '{' or '[') was skipped as
    unreadable (INPUT_TEXT_AS_PATH: the worker passed the path on as a str, which the parser
    takes for document text), and the run exited 2; it is read as the file it is."""
    identifier, request = request_xml()
    root = tmp_path / "in"
    root.mkdir()
    (root / "new\nline.xml").write_text(request, encoding="utf-8")
    out = tmp_path / "events.csv"
    result = run(
        "monitor", "extract", str(root), "-o", str(out), "--key-file", str(key_file),
        "--jobs", jobs,
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "INPUT_TEXT_AS_PATH" not in result.stderr
    assert result.stderr.startswith("1 files: 1 used, 0 skipped"), result.stderr
    with out.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert [row["source_file"] for row in rows] == [str(root / "new\nline.xml")]
    assert read_facts(str(root / "new\nline.xml")).document_id == identifier  # type: ignore[union-attr]


@pytest.mark.parametrize("suffix", [".csv", ".parquet", "/"])
def test_a_file_name_that_is_not_utf8_is_written_with_its_bytes_escaped(
    tmp_path: Path, key_file: Path, suffix: str
) -> None:
    """A message file whose name is not UTF-8 (a byte 0xff: Python holds it as a lone
    surrogate) made writing the events fail with a UnicodeEncodeError traceback after every
    input was read, and nothing was written. Its byte is written escaped (``\\xff``)."""
    _, request = request_xml()
    root = tmp_path / "in"
    root.mkdir()
    (root / os.fsdecode(b"bad\xff.xml")).write_text(request, encoding="utf-8")
    out = f"{tmp_path / 'events'}{suffix}"
    result = run(
        "monitor", "extract", str(root), "-o", out, "--key-file", str(key_file), "--jobs", "1"
    )
    assert result.exit_code == 0, result.stderr
    report = run("monitor", "report", out, "--format", "json")
    assert report.exit_code == 0, report.stderr
    assert json.loads(report.stdout)["events"] == 1
    if suffix == ".csv":
        with open(out, encoding="utf-8", newline="") as stream:
            rows = list(csv.DictReader(stream))
        assert [row["source_file"] for row in rows] == [f"{root}/bad\\xff.xml"]


def test_a_reason_naming_another_file_is_printed_on_one_line(
    tmp_path: Path, key_file: Path
) -> None:
    """A duplicate's reason names the file it duplicates as it is: a newline (or a terminal's
    escape sequence) in that name split the skipped line in two (or reached the terminal). It
    is escaped, as the skipped file's own name is."""
    _, request = request_xml()
    root = tmp_path / "in"
    root.mkdir()
    (root / "0\nfirst.xml").write_text(request, encoding="utf-8")
    (root / "z.xml").write_text(request, encoding="utf-8")
    out = tmp_path / "events.csv"
    result = run(
        "monitor", "extract", str(root), "-o", str(out), "--key-file", str(key_file),
        "--skipped", str(tmp_path / "skipped.csv"),
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert f"  {root}/z.xml: duplicate of {root}/0\\nfirst.xml (same document id" in result.stderr
    assert "0\nfirst" not in result.stderr
    assert "0\nfirst" not in (tmp_path / "skipped.csv").read_text(encoding="utf-8")


@pytest.mark.parametrize("suffix", [".csv", ".parquet", "/"])
def test_the_temporary_files_of_a_killed_extraction_are_removed_by_the_next(
    inputs: Path, key_file: Path, tmp_path: Path, suffix: str
) -> None:
    """The events are written beside the output and renamed into place; a run killed while it
    wrote them (the Parquet conversion of a large table takes a while) left its temporary files
    (as large as the output) there for ever: no later run removed them. The next run into that
    output removes them, and nothing of another output's."""
    out = tmp_path / "outputs"
    out.mkdir()
    name = f"events{suffix}".rstrip("/")
    left = [out / f".{name}.abcd_123.tmp", out / f".{name}.abcd_123.tmp.csv"]
    left.append(out / f".{name}.abcd_123.tmp.csv.parquet")
    for path in left:
        path.write_text("half", encoding="utf-8")
    folder = out / f".{name}.xyz_7890"  # (a dataset's temporary folder)
    (folder / "data").mkdir(parents=True)
    (folder / "events.csv").write_text("half", encoding="utf-8")
    other = out / ".other.csv.abcd_123.tmp"
    other.write_text("not ours", encoding="utf-8")
    (out / f".{name}.20261207").mkdir()  # (a folder of the user's, named alike)
    (out / f".{name}.20261207" / "notes.txt").write_text("mine", encoding="utf-8")
    target = f"{out / name}{'/' if suffix == '/' else ''}"
    result = run("monitor", "extract", str(inputs), "-o", target, "--key-file", str(key_file))
    assert result.exit_code == 2, result.stderr  # (the broken input)
    assert sorted(p.name for p in out.iterdir()) == sorted([name, other.name, f".{name}.20261207"])
