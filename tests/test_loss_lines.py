"""A value the target standard cannot carry is named with the line of the input element it was
read from (file:line, like every other problem), on the refusal and on an allowed loss."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from elhub_cim import convert
from elhub_cim.cli import main
from elhub_cim.convert import ConversionLossError, domain_location
from tests.conftest import PROJECT_ROOT

COLLECTED = PROJECT_ROOT / "examples" / "ebix" / "CollectedData.xml"


@pytest.fixture
def daily(tmp_path: Path) -> Path:
    """Our CollectedData example with daily series (P1D: no code in CIM's ResolutionTypeList)."""
    text = COLLECTED.read_text(encoding="utf-8")
    assert text.count(">PT15M<") == 2
    path = tmp_path / "daily.xml"
    path.write_text(text.replace(">PT15M<", ">P1D<"), encoding="utf-8")
    return path


def _resolution_lines(path: Path) -> list[int]:
    """Where the input states each series' resolution, found here independently of the library."""
    tree = etree.parse(str(path))
    lines = []
    for element in tree.iter():
        if isinstance(element.tag, str) and etree.QName(element).localname == "ResolutionDuration":
            assert isinstance(element.sourceline, int)
            lines.append(element.sourceline)
    return lines


def test_a_refused_loss_names_the_input_line(daily: Path) -> None:
    with pytest.raises(ConversionLossError) as caught:
        convert(daily.read_bytes(), to="cim", name=str(daily))
    problems = caught.value.problems
    assert [p.path for p in problems] == [
        "series[0].period.resolution",
        "series[1].period.resolution",
    ]
    assert [p.line for p in problems] == _resolution_lines(daily)
    assert all(p.file == str(daily) for p in problems)


def test_an_allowed_loss_is_reported_with_its_line(daily: Path) -> None:
    converted = convert(daily.read_bytes(), to="cim", allow_loss=True, name=str(daily))
    assert [p.line for p in converted.losses] == _resolution_lines(daily)


def test_the_command_line_prints_file_and_line(daily: Path) -> None:
    result = CliRunner().invoke(main, ["convert", str(daily), "--to", "cim"])
    assert result.exit_code == 1
    first, second = _resolution_lines(daily)
    assert f"{daily}:{first}: CONVERT_LOSS value 'P1D' has no cim code" in result.output
    assert f"{daily}:{second}: CONVERT_LOSS value 'P1D' has no cim code" in result.output


@pytest.mark.parametrize(
    ("path", "location"),
    [
        ("series[0].period.resolution", ("series", 0, "period", "resolution")),
        ("calculation.recipients[2].share", ("calculation", "recipients", 2, "share")),
        ("end", ("end",)),
        ("a[1][2].b", ("a", 1, 2, "b")),
    ],
)
def test_domain_location(path: str, location: tuple[str | int, ...]) -> None:
    assert domain_location(path) == location
