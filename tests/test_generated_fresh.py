"""The committed bindings are exactly what tools/regenerate.py makes from our schemas."""

from __future__ import annotations

import shutil
from types import ModuleType

import pytest

from tests.conftest import PROJECT_ROOT, load_tool


def _regenerate_module() -> ModuleType:
    return load_tool("regenerate")


def test_committed_bindings_are_fresh() -> None:
    if shutil.which("ruff") is None and not (PROJECT_ROOT / ".venv" / "bin" / "ruff").exists():
        pytest.fail("ruff must be installed: xsdata formats generated code with it")
    regenerate = _regenerate_module()
    standards = regenerate.available_standards()
    assert "ebix" in standards
    stale = regenerate.stale_bindings(standards)
    assert stale == [], "bindings are stale; run `make regenerate`:\n" + "\n".join(stale)


def test_generated_code_has_no_schema_prose() -> None:
    # Generated without docstrings: no text from any schema annotation can end up in the code.
    generated = PROJECT_ROOT / "src" / "elhub_cim" / "_generated"
    for module in generated.rglob("*.py"):
        assert '"""' not in module.read_text(encoding="utf-8"), module
