"""The committed bindings are exactly what tools/regenerate.py makes from our schemas."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from types import ModuleType

import pytest

from tests.conftest import PROJECT_ROOT


def _regenerate_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "regenerate", PROJECT_ROOT / "tools" / "regenerate.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["regenerate"] = module
    spec.loader.exec_module(module)
    return module


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
