"""Batches at scale (docs/scale.md): URLs work like paths (outputs whole, atomic and on disk),
the manifest that ``--resume`` reads stays whole, and every input is accounted for."""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from elhub_cim.batch import MANIFEST_NAME
from elhub_cim.cli import main
from elhub_cim.core import durability
from elhub_cim.work import Record, WorkItem, WorkOptions
from tests.conftest import PROJECT_ROOT

EBIX = PROJECT_ROOT / "examples" / "ebix"
REQUEST = EBIX / "RequestStartOfSupply-move-in.xml"
CONFIRM = EBIX / "ConfirmStartOfSupply.xml"

pytest.importorskip("fsspec")


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    source = tmp_path / "in"
    source.mkdir()
    shutil.copy(REQUEST, source / "a.xml")
    shutil.copy(CONFIRM, source / "b.xml")
    return source


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_file_url_output_replaces_the_old_one_whole(
    tmp_path: Path, inputs: Path, jobs: str
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "a.xml").write_bytes(b"an older output")
    (out / ".b.xml.k1ll3d00.tmp").write_bytes(b"half of an output")  # a killed run's
    with open(out / "a.xml", "rb") as reader:  # a reader of the old output, as a kill sees it
        result = CliRunner().invoke(
            main, ["convert", "--to", "cim", "-O", out.as_uri(), str(inputs), "-j", jobs, "--force"]
        )
        assert result.exit_code == 0, result.output
        # Published by a rename: what was there is untouched, never rewritten in place (a
        # worker killed mid-write would leave half an output that the next run takes as done).
        assert reader.read() == b"an older output"
    assert (out / "a.xml").read_bytes().startswith(b"<?xml")
    assert sorted(path.name for path in out.iterdir() if path.suffix == ".xml") == [
        "a.xml",
        "b.xml",
    ]
    assert not [path for path in out.iterdir() if path.suffix == ".tmp"]


def test_a_file_url_output_is_flushed_like_a_path(
    tmp_path: Path, inputs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    flushed: list[str] = []

    def flush_files(paths: Iterable[str]) -> dict[str, OSError]:
        flushed.extend(paths)
        return {path: OSError(28, "No space left on device") for path in flushed if "b.xml" in path}

    monkeypatch.setattr(durability, "flush_files", flush_files)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["convert", "--to", "cim", "-O", out.as_uri(), str(inputs)])

    assert sorted(Path(path).name for path in flushed) == ["a.xml", "b.xml"]
    assert result.exit_code == 2, result.output
    assert "not flushed to disk" in result.output
    assert "2 inputs: 1 converted, 1 rejected" in result.output
    assert sorted(path.name for path in out.iterdir() if not path.name.startswith(".")) == ["a.xml"]


@pytest.mark.parametrize("where", ["path", "memory"])
def test_resume_after_a_manifest_line_cut_short_records_every_output(
    tmp_path: Path, inputs: Path, where: str
) -> None:
    import fsspec

    shutil.copy(REQUEST, inputs / "c.xml")
    out = str(tmp_path / "out") if where == "path" else f"memory://resume-{tmp_path.name}"
    command = ["convert", "--to", "cim", "-O", out, str(inputs), "-j", "1"]
    first = CliRunner().invoke(main, command)
    assert first.exit_code == 0, first.output
    # A run killed while it wrote its manifest: the last line cut short, its output to redo.
    with fsspec.open(f"{out}/{MANIFEST_NAME}", "rb") as stream:
        lines = stream.read().decode().splitlines()
    with fsspec.open(f"{out}/{MANIFEST_NAME}", "wb") as stream:
        stream.write("\n".join([*lines[:-1], lines[-1][:20]]).encode())
    resumed = CliRunner().invoke(main, [*command, "--resume"])
    assert "3 inputs: 1 converted, 0 rejected, 2 skipped (complete" in resumed.output
    # What the resumed run converted is recorded too: a further --resume has nothing to redo.
    again = CliRunner().invoke(main, [*command, "--resume"])
    assert "3 inputs: 0 converted, 0 rejected, 3 skipped (complete" in again.output, again.output


def test_url_inputs_are_partitioned_by_their_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A URL's size was taken as unknown (each input weighed 1 byte): partitions of an object
    # store's archive went by count, a worker holding thousands of large documents at once.
    import fsspec

    from elhub_cim import runners, work

    memory = fsspec.filesystem("memory")
    root = f"/sized-{tmp_path.name}"
    for number in range(6):
        memory.pipe(f"{root}/{number}.xml", REQUEST.read_bytes())
    monkeypatch.setattr(runners, "SERIAL_BYTES", 2 * len(REQUEST.read_bytes()))
    units: list[list[int]] = []
    real_run_unit = work.run_unit

    def run_unit(items: list[WorkItem], options: WorkOptions, *rest: Any) -> list[Record]:
        units.append([item.size for item in items])
        return real_run_unit(items, options, *rest)

    monkeypatch.setattr(runners, "run_unit", run_unit)
    result = CliRunner().invoke(
        main, ["convert", f"memory://{root}", "--to", "cim", "-O", str(tmp_path / "out"), "-j", "1"]
    )
    assert "6 inputs: 6 converted" in result.output, result.output
    assert units == [[len(REQUEST.read_bytes())] * 2] * 3


@pytest.mark.parametrize(
    "address", ["local:two", "local:-1", "local:1.5", "nonsense", "", "tcp://scheduler"]
)
def test_a_local_cluster_of_no_number_is_a_usage_error(inputs: Path, address: str) -> None:
    # local:two was a ValueError traceback; local:-1 started a cluster of no worker and waited;
    # nonsense failed in distributed ("missing port number") and "" ran without a cluster.
    result = CliRunner().invoke(main, ["validate", str(inputs), "--dask", address])
    assert result.exit_code == 2, result.output
    assert "local:N" in result.output
    assert not isinstance(result.exception, ValueError)


def test_resume_converts_again_a_url_input_changed_since(tmp_path: Path) -> None:
    """--resume of URL inputs took an output as complete whatever the object behind its input
    had become since; the manifest records the object's version as its listing gives it (size,
    modification time, entity tag), and an object that differs is converted again."""
    import fsspec

    memory = fsspec.filesystem("memory")
    root = f"/changed-{tmp_path.name}"
    memory.pipe(f"{root}/a.xml", REQUEST.read_bytes())
    memory.pipe(f"{root}/b.xml", CONFIRM.read_bytes())
    out = tmp_path / "out"
    command = ["convert", f"memory://{root}", "--to", "cim", "-O", str(out), "-j", "1"]
    assert CliRunner().invoke(main, command).exit_code == 0
    expected = CliRunner().invoke(main, ["convert", str(CONFIRM), "--to", "cim"])
    memory.pipe(f"{root}/a.xml", CONFIRM.read_bytes())  # another message in its place
    resumed = CliRunner().invoke(main, [*command, "--resume"])
    assert "2 inputs: 1 converted, 0 rejected, 1 skipped (complete" in resumed.output
    assert (out / "a.xml").read_bytes() == expected.stdout_bytes
    again = CliRunner().invoke(main, [*command, "--resume"])
    assert "2 inputs: 0 converted, 0 rejected, 2 skipped (complete" in again.output, again.output


@pytest.mark.parametrize("option", ["-O", "-o"])
@pytest.mark.parametrize("url", ["nosuch://out/a.xml", "s3://bucket/out/a.xml"])
def test_an_output_url_that_cannot_be_opened_is_a_usage_error(
    tmp_path: Path, inputs: Path, option: str, url: str
) -> None:
    """convert -O (or -o) a URL of a protocol fsspec does not know, or whose backend is not
    installed (s3:// without s3fs), ended in a Python traceback (exit 1, the code of an input
    rejected) while the batch was planned. It is a usage error naming the URL (exit 2)."""
    import importlib.util

    if url.startswith("s3://") and importlib.util.find_spec("s3fs") is not None:
        pytest.skip("s3fs is installed here")
    source = str(inputs / "a.xml") if option == "-o" else str(inputs)
    result = CliRunner().invoke(main, ["convert", source, "--to", "cim", option, url])
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit), result.exception
    assert f"{url}: " in result.output, result.output
