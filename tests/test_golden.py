"""Golden files: the CIM output of every bundled ebIX example is fixed text in tests/golden/cim/.

A round trip alone cannot catch a writer and a reader that err in step; a fixed expected output
can. Both directions are checked against it: ebIX example → CIM equals the golden file, and the
golden file → ebIX equals the example. When the CIM output is meant to change (a new profile
version, a mapping fix), regenerate with ``python tools/update_golden.py`` and review the diff.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from elhub_cim.convert import UnsupportedDocumentError, convert
from tests.conftest import PROJECT_ROOT
from tests.xmlcompare import assert_same_xml

EXAMPLES = PROJECT_ROOT / "examples" / "ebix"
GOLDEN = PROJECT_ROOT / "tests" / "golden" / "cim"
HINT = "if the change is intended: python tools/update_golden.py (and review the diff)"


def _goldens() -> list[Path]:
    return sorted(GOLDEN.glob("*.xml"))


def test_every_golden_file_has_its_example() -> None:
    assert len(_goldens()) >= 20
    for golden in _goldens():
        assert (EXAMPLES / golden.name).is_file(), f"{golden.name}: no such example; {HINT}"


@pytest.mark.parametrize("example", sorted(EXAMPLES.glob("*.xml")), ids=lambda p: p.name)
def test_cim_output_equals_the_golden_file(example: Path) -> None:
    golden = GOLDEN / example.name
    if not golden.is_file():
        # Only an example without a CIM form may lack a golden file.
        with pytest.raises(UnsupportedDocumentError):
            convert(example, to="cim")
        return
    converted = convert(example, to="cim")
    try:
        assert_same_xml(golden.read_bytes(), converted.data)
    except AssertionError as error:
        raise AssertionError(f"{example.name}: CIM output changed; {HINT}\n{error}") from None


@pytest.mark.parametrize("golden", _goldens(), ids=lambda p: p.name)
def test_the_golden_file_reads_back_to_the_example(golden: Path) -> None:
    back = convert(golden, to="ebix")
    assert back.losses == ()
    assert_same_xml((EXAMPLES / golden.name).read_bytes(), back.data)
