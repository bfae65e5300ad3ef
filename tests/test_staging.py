"""Atomic writes stage beside the target under a name that fits NAME_MAX (255 bytes)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from click.testing import CliRunner

from elhub_cim.cli import main
from elhub_cim.core.staging import NAME_MAX, is_leftover, stage
from elhub_cim.pipeline import write_file

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
LONG = "a" * 246 + ".xml"  # 250 bytes: a valid file name, too long with a temporary suffix


def test_write_file_with_a_250_byte_name(tmp_path: Path) -> None:
    assert len(LONG.encode()) == 250
    write_file(tmp_path / LONG, b"<x/>")
    assert os.listdir(tmp_path) == [LONG]


def test_staged_names_fit_and_are_recognised(tmp_path: Path) -> None:
    for name in (LONG, "ø" * 127, "short.xml"):
        fd, staged = stage(tmp_path / name)
        os.close(fd)
        assert len(os.fsencode(Path(staged).name)) <= NAME_MAX
        assert is_leftover(Path(staged).name, name)
        assert not is_leftover(Path(staged).name, "other.xml")
        assert not is_leftover(name, name)


def test_convert_to_a_250_byte_name(tmp_path: Path) -> None:
    source = tmp_path / "in.xml"
    shutil.copy(EXAMPLES / "ebix" / "RequestStartOfSupply-move-in.xml", source)
    result = CliRunner().invoke(
        main, ["convert", "--to", "cim", "-o", str(tmp_path / LONG), str(source)]
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / LONG).is_file()
    assert sorted(os.listdir(tmp_path)) == sorted([LONG, "in.xml"])


def test_a_batch_never_takes_a_leftover_as_input(tmp_path: Path) -> None:
    from elhub_cim.batch import BatchInput, expand_inputs

    shutil.copy(EXAMPLES / "ebix" / "RequestStartOfSupply-move-in.xml", tmp_path / "in.xml")
    fd, staged = stage(tmp_path / "out.xml")
    os.write(fd, b"<half")
    os.close(fd)
    inputs = [i for i in expand_inputs((str(tmp_path),)) if isinstance(i, BatchInput)]
    assert [i.path for i in inputs] == [tmp_path / "in.xml"]
    assert Path(staged).exists()
