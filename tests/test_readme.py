"""README.md's examples run and print what the README shows.

Every ``$ elhub-cim ...`` line of the console block that the README follows with output is run
(from a folder holding the bundled ``examples/`` and the README's ``broken.xml``) and must print
exactly those lines; the Python API block runs as written, with its placeholders filled in.
"""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from elhub_cim.cli import main
from tests.conftest import PROJECT_ROOT

README = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
MOVE_IN = PROJECT_ROOT / "examples" / "ebix" / "RequestStartOfSupply-move-in.xml"


def _blocks(language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```", README, flags=re.S | re.M)


def _shown_outputs() -> list[tuple[str, list[str]]]:
    """(command, the output lines the README shows for it) for every command shown with output."""
    (console,) = _blocks("console")
    shown: list[tuple[str, list[str]]] = []
    continued = False
    for line in console.splitlines():
        if continued:  # a command's continuation line
            shown[-1] = (shown[-1][0].removesuffix("\\") + line, [])
        elif line.startswith("$ "):
            shown.append((line[2:], []))
        elif line.strip() and shown:
            shown[-1][1].append(line)
        continued = line.startswith(("$ ", " ")) and line.endswith("\\")
    return [(command, output) for command, output in shown if output]


SHOWN = _shown_outputs()


def test_the_readme_shows_output_of_validate_and_info() -> None:
    assert [shlex.split(c, comments=True)[1] for c, _ in SHOWN] == ["validate", "validate", "info"]


@pytest.mark.parametrize(("command", "output"), SHOWN, ids=[c for c, _ in SHOWN])
def test_a_readme_command_prints_what_the_readme_shows(
    command: str, output: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "examples").symlink_to(PROJECT_ROOT / "examples", target_is_directory=True)
    # broken.xml: the move-in example with a date in the form the README's line names
    data = MOVE_IN.read_text(encoding="utf-8")
    broken = data.replace(
        "<abie:StartOfOccurrence>2026-05-01T00:00:00+02:00<",
        "<abie:StartOfOccurrence>31.04.2026<",
    )
    assert broken != data
    (tmp_path / "broken.xml").write_text(broken, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    program, *arguments = shlex.split(command, comments=True)
    assert program == "elhub-cim"
    result = CliRunner().invoke(main, arguments)
    assert result.output.splitlines() == output
    assert result.exit_code == (1 if "broken" in command else 0)


def test_the_readme_python_example_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code = _blocks("python")[0]
    assert "elhub_cim.convert(" in code
    shutil.copy(MOVE_IN, tmp_path / "RequestStartOfSupply.xml")
    monkeypatch.chdir(tmp_path)
    sent: list[bytes] = []
    names: dict[str, object] = {
        "message_off_the_queue": MOVE_IN.read_text(encoding="utf-8"),
        "paths": ["RequestStartOfSupply.xml"],
        "send": sent.append,
    }
    exec(compile(code, "README.md", "exec"), names)  # noqa: S102
    assert sent
    assert sent[0].startswith(b"<?xml")
    # the values the README's comments give
    assert names["start"] == "2026-05-01T00:00:00+02:00"
    cim_timestamp = names["elhub_cim"].cim_timestamp  # type: ignore[attr-defined]
    assert cim_timestamp(names["start"]) == "2026-04-30T22:00:00Z"


def test_the_readme_counts_the_profiles_documents_and_names_every_mapped_brs() -> None:
    from elhub_cim.mapping import document_mappings

    profile = PROJECT_ROOT / "schemas" / "cim" / "elhub-profile-0.2"
    documents = [
        p
        for p in profile.glob("*.xsd")
        if p.name not in {"codelists.xsd", "local-extension-types.xsd"}
    ]
    assert len(documents) == len(document_mappings())
    assert f"{len(documents)} CIM documents" in " ".join(README.split())
    tables = sorted(
        p.stem.removeprefix("brs-no-") for p in (PROJECT_ROOT / "mappings").glob("brs-no-*.toml")
    )
    sentence = " ".join(README.split()).split("**ebIX ⇄ CIM conversion** for BRS-NO-")[1]
    named = re.findall(r"\b(\d{3})\b", sentence.split("and acknowledgements")[0])
    assert named == tables
