"""The planning of a folder batch (listing, output locations, collisions, existing outputs,
--resume, --force) pinned on a tree with the awkward cases: the spellings of a folder argument,
names pathlib reads specially, links (to files, to folders, dangling, loops, in the output
folder), and enough files in a folder that it may be listed rather than looked at file by file."""

from __future__ import annotations

import contextlib
import io
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from elhub_cim import batch
from elhub_cim.work import WorkOptions

MANY = 80  # names in one folder, input and output


def _tree(root: Path) -> None:
    inputs = root / "in"
    for folder in ("a", "sub", "many"):
        (inputs / folder).mkdir(parents=True)
    (root / "elsewhere").mkdir()
    for name in ("a.xml", "a-b.xml", "a/b.xml", "A.XML", ".xml", "x.xml.", "b.json", "c.txt"):
        (inputs / name).write_text(f"<{name}/>")
    for name in ("sub/d.xml", "sub/e.xml"):
        (inputs / name).write_text("<d/>")
    (root / "elsewhere" / "f.xml").write_text("<f/>")
    for number in range(MANY):
        (inputs / "many" / f"n{number:03d}.xml").write_text("<n/>" * (number + 1))
    (inputs / "link").symlink_to(inputs / "sub", target_is_directory=True)  # read as sub
    (inputs / "far").symlink_to(root / "elsewhere", target_is_directory=True)
    (inputs / "gone.xml").symlink_to(root / "nowhere.xml")
    (inputs / "loop.xml").symlink_to(inputs / "loop.xml")
    (inputs / "twin.xml").symlink_to(inputs / "a.xml")  # a.xml again: one input
    out = root / "out"
    (out / "many").mkdir(parents=True)
    (out / "many" / "n000.xml").write_text("old")  # exists
    (out / "many" / "n001.xml").symlink_to(root / "nowhere.xml")  # a dangling link exists
    (out / "many" / "n004.xml").symlink_to(inputs / "many" / "n005.xml")  # onto an input
    (out / "many" / "n006.xml").symlink_to(root / "elsewhere", target_is_directory=True)
    (out / "sub").symlink_to(inputs / "sub", target_is_directory=True)  # onto the inputs
    (out / "unrelated.xml").write_text("x")


def _plan(
    paths: tuple[str, ...], settings: batch.BatchSettings, command: str = "convert"
) -> tuple[list[tuple[Any, ...]], list[str], int]:
    """What run_batch hands its runner, what it prints and its exit code."""
    handed: list[Any] = []

    def runner(items: list[Any], options: object, settings: object, *rest: int) -> Iterator[Any]:
        handed.extend(items)
        return iter(())

    err = io.StringIO()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(batch, "_runner", runner)
        options = WorkOptions(command, 1 << 20)  # type: ignore[arg-type]
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            code = batch.run_batch(paths, options, settings)
    items = [(i.index, i.label, i.source, i.destination, i.size, i.overwrite) for i in handed]
    return items, err.getvalue().splitlines(), code


ORDER = [  # the inputs in input order (an index each), relative to the folder argument
    "A.XML",
    "a-b.xml",
    "a.xml",
    "a/b.xml",
    "b.json",
    "far/f.xml",
    "gone.xml",  # IO_ERROR
    "loop.xml",  # IO_ERROR
    *(f"many/n{n:03d}.xml" for n in range(MANY)),
    "sub/d.xml",
    "sub/e.xml",
]


@pytest.mark.parametrize("spelling", ["in", "./in/", "in//", "ABS"])
@pytest.mark.parametrize("out_spelling", ["out", "./out/", "new", "ABS"])
@pytest.mark.parametrize("flag", ["", "force", "resume"])
def test_a_folder_batch_is_planned_as_pathlib_and_the_file_system_say(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, spelling: str, out_spelling: str, flag: str
) -> None:
    _tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    argument = str(tmp_path / "in") if spelling == "ABS" else spelling
    out = str(tmp_path / "out") if out_spelling == "ABS" else out_spelling
    base = Path(argument)
    settings = batch.BatchSettings(output_dir=out, force=flag == "force", resume=flag == "resume")
    items, lines, code = _plan((argument,), settings)
    existing = out_spelling != "new"
    refused = {"many/n004.xml", "sub/d.xml", "sub/e.xml"} if existing else set()
    refused |= {"A.XML", "a.xml"}  # (out/A.xml and out/a.xml: one file where case is ignored)
    skipped = (
        {"many/n000.xml", "many/n001.xml", "many/n006.xml"} if existing and not flag else set()
    )
    expected = []
    for index, rel in enumerate(ORDER):
        if rel in ("gone.xml", "loop.xml") or rel in refused or rel in skipped:
            continue
        label = str(base / rel)
        size = (tmp_path / "in" / rel).stat().st_size
        destination = str(Path(out) / (rel.rsplit(".", 1)[0] + ".xml"))
        expected.append((index, label, label, destination, size, True))
    assert items == expected
    shown = [
        f"{base / '.xml'}: skipped (not .xml or .json)",
        f"{base / 'c.txt'}: skipped (not .xml or .json)",
        f"{base / 'link'}: skipped (symbolic link loop: a folder already being read)",
        f"{base / 'x.xml.'}: skipped (not .xml or .json)",
        f"{base / 'twin.xml'}: skipped (the same file as another input, read once)",
        f"{base / 'gone.xml'}: IO_ERROR dangling symbolic link",
        f"{base / 'loop.xml'}: IO_ERROR symbolic link loop",
    ]
    for rel, other in (("A.XML", "a.xml"), ("a.xml", "A.XML")):
        shown.append(
            f"{base / rel}: OUTPUT_COLLISION {base / rel} and {base / other} would both be "
            f"written to {Path(out) / 'A.xml'} and {Path(out) / 'a.xml'}, one file where the "
            "file system ignores case; refused (even with --force): convert them in separate "
            "runs or folders"
        )
    if existing:
        shown += [
            f"{base / 'many/n004.xml'}: OUTPUT_COLLISION the output "
            f"{Path(out) / 'many/n004.xml'} would overwrite the input {base / 'many/n005.xml'}; "
            "refused",
            f"{base / 'sub/d.xml'}: OUTPUT_COLLISION the output {Path(out) / 'sub/d.xml'} "
            f"would overwrite the input {base / 'sub/d.xml'}; refused",
            f"{base / 'sub/e.xml'}: OUTPUT_COLLISION the output {Path(out) / 'sub/e.xml'} "
            f"would overwrite the input {base / 'sub/e.xml'}; refused",
        ]
    for rel in sorted(skipped):
        shown.append(f"{base / rel}: exists, skipped ({Path(out) / rel}; --force overwrites)")
    assert sorted(shown) == sorted(lines[:-1]), lines
    assert lines[-1].startswith(f"{2 + len(refused) + len(skipped)} inputs: 0 converted")
    assert code == 2


def test_validate_hands_every_file_over_with_its_force_flag(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    for force in (False, True):
        items, _, code = _plan(("in",), batch.BatchSettings(force=force), "validate")
        assert [item[1] for item in items] == [
            f"in/{rel}" for rel in ORDER if rel not in ("gone.xml", "loop.xml")
        ]
        assert {(item[3], item[5]) for item in items} == {(None, force)}
        assert code == 2


@pytest.mark.parametrize("listable", [True, False])
def test_collisions_and_existing_outputs_in_a_full_folder_as_path_by_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, listable: bool
) -> None:
    """Many outputs in one existing folder of links (to inputs, to folders, dangling, to each
    other): the same refusals as resolving every path in full, and the same outputs found
    existing as os.path.lexists finds, whether or not the folder can be listed (a folder with
    search but no read permission)."""
    _tree(tmp_path)
    out = tmp_path / "out" / "many"
    for number in range(10, MANY, 7):
        (out / f"n{number:03d}.xml").symlink_to(out / f"n{number + 1:03d}.xml")
    (out / "n011.xml").symlink_to(tmp_path / "in" / "a.xml")
    if not listable:
        real_scandir = os.scandir

        def scandir(path: Any = ".") -> Any:
            if os.path.realpath(path) == str(out):
                raise PermissionError(13, "Permission denied", os.fspath(path))
            return real_scandir(path)

        monkeypatch.setattr(os, "scandir", scandir)
    planned = [
        (f"i{n}", str(tmp_path / "in" / "many" / f"n{n:03d}.xml"), str(out / f"n{n:03d}.xml"))
        for n in range(MANY)
    ]
    planned.append(("twice", str(tmp_path / "in" / "a.xml"), str(out / "n012.xml")))
    found = batch.find_collisions(planned)
    with pytest.MonkeyPatch.context() as patch:
        full = batch._key
        patch.setattr(batch, "_key", lambda location, folders=None: full(location))
        assert {k: v.message for k, v in batch.find_collisions(planned).items()} == {
            k: v.message for k, v in found.items()
        }
    assert {"i4", "i10", "i11", "i12", "twice"} <= set(found)
    from elhub_cim.work import WorkItem

    items = [
        WorkItem(n, label, source, None, output)
        for n, (label, source, output) in enumerate(planned)
    ]
    early: dict[int, Any] = {}
    kept = batch._skip_existing(items, early)
    assert sorted(early) == [
        n for n, (_, _, output) in enumerate(planned) if os.path.lexists(output)
    ]
    assert [item.index for item in kept] == sorted(set(range(len(items))) - set(early))


def test_every_listed_or_named_file_is_labelled_with_its_path_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """run_batch takes a file's label for ``str(path)`` (a path's text is dear to make)."""
    _tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    arguments = ("in", "./in//sub/", str(tmp_path / "in"), "./in/a.xml", "in//b.json", ".")
    found = [e for e in batch.expand_inputs(arguments) if isinstance(e, batch.BatchInput)]
    assert len(found) > MANY
    for entry in found:
        assert entry.path is not None
        assert entry.label == str(entry.path)
