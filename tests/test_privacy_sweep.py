"""Identity numbers never leave the process (issue 12, point 2).

The privacy sweep: a valid fødselsnummer and a valid D-number are planted, one at a time, in
every leaf element and every attribute of every example (``examples/ebix``, ``examples/cim``),
and every variant goes through every command that reads messages: validate (text and JSON),
info (text and JSON), fmt, diff, convert, notice, monitor extract and share. Neither number may
appear in any standard output, standard error, log record or output file, except inside a
converted (or normalised) message itself, which carries the input's data by design.

``info`` and ``fmt`` run on the variants that are schema-valid (the others stop at the same
schema problems ``validate`` prints for every variant); everything else runs on every variant.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from lxml import etree

from elhub_cim.cli import main
from elhub_cim.core.errors import is_identity_number

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
FODSELSNUMMER = "15058512343"  # valid check digits, born 15 May 1985
D_NUMBER = "55058510083"  # the same birthday + 40 on the day: a D-number
SECRETS = (FODSELSNUMMER, D_NUMBER)


def _plant(path: Path, folder: Path, counter: list[int]) -> list[Path]:
    """One variant of ``path`` per leaf and attribute, alternating the two numbers."""
    original = etree.parse(str(path))
    positions: list[tuple[int, str | None]] = []
    for index, element in enumerate(original.getroot().iter()):
        if not isinstance(element.tag, str):
            continue
        if len(element) == 0:
            positions.append((index, None))
        positions += [(index, str(name)) for name in element.attrib]
    written = []
    target = folder / path.parent.name / path.stem
    target.mkdir(parents=True)
    for number, (index, attribute) in enumerate(positions):
        tree = etree.parse(str(path))
        element = list(tree.getroot().iter())[index]
        value = SECRETS[counter[0] % 2]
        counter[0] += 1
        if attribute is None:
            element.text = value
        else:
            element.set(attribute, value)
        out = target / f"{number:03d}.xml"
        tree.write(str(out), xml_declaration=True, encoding="UTF-8")
        written.append(out)
    return written


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("planted")
    counter = [0]
    for path in sorted(EXAMPLES.glob("*/*.xml")):
        _plant(path, folder, counter)
    return folder


@pytest.fixture(scope="module")
def validated(planted: Path) -> Result:
    return CliRunner().invoke(main, ["validate", "--format", "json", str(planted)])


@pytest.fixture(scope="module")
def valid_variants(validated: Result) -> list[Path]:
    return [Path(r["file"]) for r in json.loads(validated.stdout)["results"] if r["valid"]]


@pytest.fixture(autouse=True)
def _all_logs(caplog: pytest.LogCaptureFixture) -> Iterable[None]:
    caplog.set_level(logging.DEBUG)
    yield
    _assert_clean(caplog.text, "log")


def _assert_clean(text: str, what: str) -> None:
    for secret in SECRETS:
        if secret in text:
            line = next(line for line in text.splitlines() if secret in line)
            raise AssertionError(f"{what} shows an identity number: {line[:300]}")


def _assert_result_clean(result: Result, what: str, *, stdout: bool = True) -> None:
    assert not isinstance(result.exception, AssertionError)
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        what,
        result.exception,
    )
    _assert_clean(result.stderr, f"{what} (stderr)")
    if stdout:
        _assert_clean(result.stdout, f"{what} (stdout)")


def _assert_files_clean(folder: Path, what: str) -> None:
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            _assert_clean(path.read_text(encoding="utf-8", errors="replace"), f"{what} {path}")


def test_the_numbers_are_what_the_sweep_claims() -> None:
    assert all(is_identity_number(secret) for secret in SECRETS)
    assert int(D_NUMBER[:2]) > 40  # a D-number


def test_the_sweep_plants_every_leaf_and_attribute(planted: Path) -> None:
    variants = list(planted.rglob("*.xml"))
    assert len(variants) > 2000
    assert len({p.parent for p in variants}) == len(list(EXAMPLES.glob("*/*.xml")))
    assert all(FODSELSNUMMER in p.read_text() or D_NUMBER in p.read_text() for p in variants)


def test_validate(planted: Path, validated: Result) -> None:
    _assert_result_clean(validated, "validate --format json")
    result = CliRunner().invoke(main, ["validate", str(planted)])
    _assert_result_clean(result, "validate")
    # The values are echoed, masked: check-digit warnings on org-number/GLN/EIC fields, ...
    assert "warning: organisation number <masked national id>" in result.stdout


def test_info_and_fmt(valid_variants: list[Path]) -> None:
    runner = CliRunner()
    assert len(valid_variants) > 200  # the plant survives the schema in many places
    for number, path in enumerate(valid_variants):
        info_format = ("text", "json")[number % 2]
        result = runner.invoke(main, ["info", "--format", info_format, str(path)])
        _assert_result_clean(result, f"info {path}")
        # fmt writes the message itself to standard output: only standard error is checked.
        _assert_result_clean(runner.invoke(main, ["fmt", str(path)]), f"fmt {path}", stdout=False)


def test_diff(planted: Path) -> None:
    runner = CliRunner()
    for path in sorted(planted.rglob("*.xml")):
        original = EXAMPLES / path.parent.parent.name / f"{path.parent.name}.xml"
        result = runner.invoke(main, ["diff", str(original), str(path)])
        _assert_result_clean(result, f"diff {path}")
        assert result.exit_code == 1  # every variant differs: the diff was shown, masked


@pytest.mark.parametrize(("standard", "target"), [("ebix", "cim"), ("cim", "ebix")])
def test_convert(planted: Path, tmp_path: Path, standard: str, target: str) -> None:
    """The converted messages carry the numbers (they are the data); nothing else does."""
    result = CliRunner().invoke(
        main,
        ["convert", str(planted / standard), "--to", target, "--allow-loss", "-O", str(tmp_path)],
    )
    _assert_result_clean(result, f"convert --to {target}")
    assert list(tmp_path.rglob("*.xml"))


def test_notice(planted: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main,
        [
            "notice",
            str(planted),
            "--register",
            str(EXAMPLES / "notices" / "contacts.csv"),
            "--grid-companies",
            str(EXAMPLES / "notices" / "grid-companies.csv"),
            "--from",
            "Eksempel Nett AS <varsel@eksempel-nett.example>",
            "-O",
            str(tmp_path / "outbox"),
        ],
    )
    _assert_result_clean(result, "notice")
    assert list((tmp_path / "outbox").glob("*.eml"))
    _assert_files_clean(tmp_path / "outbox", "notice")


@pytest.mark.parametrize("validate", [True, False])
def test_monitor_extract(planted: Path, tmp_path: Path, validate: bool) -> None:
    """Without validation a number reaches the readers as a document id (CIM mRID)."""
    out = tmp_path / "out"
    arguments = ["monitor", "extract", str(planted), "-o", str(out / "events.csv")]
    arguments += ["--skipped", str(out / "skipped.csv")] + ([] if validate else ["--no-validate"])
    result = CliRunner().invoke(main, arguments)
    _assert_result_clean(result, "monitor extract")
    assert len((out / "events.csv").read_text(encoding="utf-8").splitlines()) > 1
    _assert_files_clean(out, "monitor extract")


def test_share(planted: Path, tmp_path: Path) -> None:
    series = EXAMPLES / "sharing" / "series.csv"
    runner = CliRunner()
    messages = sorted(planted.rglob("*SharedProduction*/*.xml"))
    assert messages
    for number, path in enumerate(messages):
        out = tmp_path / f"{number}.{('json', 'csv')[number % 2]}"
        output_format = ("json", "text")[number % 2]
        result = runner.invoke(
            main, ["share", str(path), str(series), "-o", str(out), "--format", output_format]
        )
        _assert_result_clean(result, f"share {path}")
    _assert_files_clean(tmp_path, "share")
