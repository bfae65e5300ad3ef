"""Batches at scale (docs/scale.md): URLs work like paths (outputs whole, atomic and on disk),
the manifest that ``--resume`` reads stays whole, and every input is accounted for."""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from pathlib import Path

import pytest
from click.testing import CliRunner

from elhub_cim.cli import main
from elhub_cim.core import durability
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
