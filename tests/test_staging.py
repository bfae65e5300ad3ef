"""Atomic writes stage beside the target under a name that fits NAME_MAX (255 bytes)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
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


def test_a_write_never_replaces_a_file_made_meanwhile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """write_file without overwrite looked for the target, then renamed its staged file over
    whatever was there by then: a file another process wrote meanwhile (a second `notice` run
    writing the same notice into the outbox, the record that it was delivered) was replaced,
    and both runs said "written". The publication itself refuses an existing target."""
    from elhub_cim import pipeline

    target = tmp_path / "notice.eml"

    def racing(path: Path) -> tuple[int, str]:
        if not target.exists():
            target.write_bytes(b"the other run's")
        return stage(path)

    monkeypatch.setattr(pipeline, "stage", racing)
    with pytest.raises(FileExistsError):
        write_file(target, b"ours", overwrite=False)
    assert target.read_bytes() == b"the other run's"
    assert os.listdir(tmp_path) == ["notice.eml"]
    write_file(target, b"ours", overwrite=True)  # (told to: replaced)
    assert target.read_bytes() == b"ours"
    assert os.listdir(tmp_path) == ["notice.eml"]
    (tmp_path / "new.eml").unlink(missing_ok=True)
    write_file(tmp_path / "new.eml", b"first", overwrite=False)  # (nothing there: written)
    assert (tmp_path / "new.eml").read_bytes() == b"first"
    assert sorted(os.listdir(tmp_path)) == ["new.eml", "notice.eml"]


def test_without_hard_links_a_new_file_is_still_written_and_never_over_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_links(source: str, target: str) -> None:  # (FAT, some network shares)
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    write_file(tmp_path / "a.eml", b"first", overwrite=False)
    assert (tmp_path / "a.eml").read_bytes() == b"first"
    with pytest.raises(FileExistsError):
        write_file(tmp_path / "a.eml", b"second", overwrite=False)
    assert (tmp_path / "a.eml").read_bytes() == b"first"
    assert os.listdir(tmp_path) == ["a.eml"]


def test_a_batch_clears_the_staged_files_of_earlier_versions_and_names_the_others(
    tmp_path: Path,
) -> None:
    """Versions from 7dc9306 to 017d294 streamed a metering file inside the batch's staged file
    by staging once more beside it: a worker killed then left ``..m.xml.XXXXXXXX.tmp.YYYYYYYY.tmp``
    (cut to fit for a long name), which no later run took for a leftover: it stayed for ever.
    A run clears them beside its outputs, as its own; a staged name of no output of the run
    (an input since removed, another program's) is named, never removed."""
    source, out = tmp_path / "in", tmp_path / "out"
    source.mkdir()
    out.mkdir()
    request = EXAMPLES / "ebix" / "RequestStartOfSupply-move-in.xml"
    for name in ("m.xml", LONG):
        shutil.copy(request, source / name)
    leftovers = []
    for name in ("m.xml", LONG):
        fd, outer = stage(out / name)  # (the batch's staged file, then the stream's beside it)
        os.close(fd)
        fd, inner = stage(outer)
        os.write(fd, b"<half")
        os.close(fd)
        leftovers += [Path(outer).name, Path(inner).name]
    assert all(len(os.fsencode(name)) <= NAME_MAX for name in leftovers)
    strangers = [".gone.xml.abcdefgh.tmp", "..m.xml.abcdefgh.tmp.ijklmnop.tmp.bak", "m.xml.tmp"]
    for name in strangers:
        (out / name).write_bytes(b"not ours")
    result = CliRunner().invoke(main, ["convert", "--to", "cim", "-O", str(out), str(source)])
    assert result.exit_code == 0, result.output
    assert sorted(os.listdir(out)) == sorted(
        [*strangers, "m.xml", LONG, ".elhub-cim-manifest.jsonl"]
    )
    assert result.output.count("not removed") == 1, result.output
    assert f"{out / '.gone.xml.abcdefgh.tmp'}: " in result.output


@pytest.mark.parametrize("through_a_link", [False, True])
def test_write_file_never_replaces_what_is_no_regular_file(
    tmp_path: Path, through_a_link: bool
) -> None:
    """``write_file(path, data, overwrite=True)`` renamed its staged file over whatever was
    there: a FIFO, a socket or a device became a regular file (as root, ``-o /dev/null --force``
    replaced /dev/null for the whole system). It is refused (an OSError naming the target),
    nothing staged is left and the node stays as it was; a regular file is still replaced."""
    import stat

    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    target = fifo
    if through_a_link:
        target = tmp_path / "link"
        target.symlink_to(fifo)
    with pytest.raises(OSError, match="not a regular file") as caught:
        write_file(target, b"<x/>", overwrite=True)
    assert str(target) in str(caught.value)
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert target.is_symlink() is through_a_link
    assert sorted(os.listdir(tmp_path)) == sorted(["fifo", *(["link"] if through_a_link else [])])
    regular = tmp_path / "regular.xml"
    regular.write_bytes(b"old")
    write_file(regular, b"new", overwrite=True)
    assert regular.read_bytes() == b"new"


def test_write_file_to_a_name_ending_in_a_slash_is_refused(tmp_path: Path) -> None:
    """``write_file("out/", data)`` (and ``convert -o out/``) wrote a file named ``out``: the
    slash, which names a folder, was dropped by pathlib. It is refused as the system refuses
    to create a file of that name (IsADirectoryError), and nothing is made."""
    for target in (f"{tmp_path / 'out'}/", f"{tmp_path / 'new' / 'out'}/"):
        with pytest.raises(IsADirectoryError, match="ends in a slash"):
            write_file(target, b"<x/>")
    assert os.listdir(tmp_path) == []
