"""Shared fixtures.

Conformance tests read Elhub's and ediel.org's files from ``../shared/reference``. Those files
are not ours and never live in this tree: where the folder is absent (a user's machine) the
tests skip with a reason; under CI (``CI=true``) a missing folder fails the run, so a wrong
path can never turn the conformance tests into silent skips.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import HealthCheck, settings

# Hypothesis profiles, one place for every test module: "ci" (default) runs enough examples to
# matter in minutes; "deep" runs thousands (`make fuzz`, or HYPOTHESIS_PROFILE=deep).
_QUIET = [HealthCheck.too_slow, HealthCheck.large_base_example, HealthCheck.data_too_large]
settings.register_profile("ci", max_examples=40, deadline=None, suppress_health_check=_QUIET)
settings.register_profile("deep", max_examples=2000, deadline=None, suppress_health_check=_QUIET)
# "mutate" (`make mutate`): a few examples per property, so that each of hundreds of mutants
# runs its tests in seconds; the example-based tests carry most of the weight there.
settings.register_profile("mutate", max_examples=15, deadline=None, suppress_health_check=_QUIET)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

PROJECT_ROOT = Path(__file__).resolve().parents[1]
REFERENCE_ROOT = Path(
    os.environ.get("ELHUB_CIM_REFERENCE", PROJECT_ROOT.parent / "shared" / "reference")
)


@pytest.fixture(autouse=True, scope="session")
def _kept_read_plans(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Read plans (mapping/compiled.py) are kept in the session's folder, not the user's cache."""
    os.environ["ELHUB_CIM_CACHE_DIR"] = str(tmp_path_factory.mktemp("read-plans"))


def _require(path: Path) -> Path:
    if path.is_dir():
        return path
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"reference folder {path} is missing under CI: conformance tests must run")
    pytest.skip(f"reference folder {path} not present (conformance tests need ../shared)")


@pytest.fixture(scope="session")
def reference_dir() -> Path:
    """``../shared/reference`` (skips when absent, fails under CI)."""
    return _require(REFERENCE_ROOT)


@pytest.fixture(scope="session")
def emif_reference(reference_dir: Path) -> Path:
    """Elhub's EMIF 2.4.3 reference: ``bim/`` (XSDs) and ``examples/``."""
    return _require(reference_dir / "elhub-emif-2.4.3")


@pytest.fixture(scope="session")
def ediel_reference(reference_dir: Path) -> Path:
    """The Nordic Ediel CIM reference: ``xsd/`` and ``samples/``."""
    return _require(reference_dir / "nordic-ediel-cim")


@pytest.fixture(scope="session")
def project_root() -> Path:
    return PROJECT_ROOT


def load_tool(name: str) -> ModuleType:
    """Import ``tools/<name>.py`` (the tools are scripts, not a package)."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, PROJECT_ROOT / "tools" / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def run_tool(name: str, *arguments: str) -> subprocess.CompletedProcess[str]:
    """Run ``tools/<name>.py`` as the command line would, from the project's root."""
    return subprocess.run(
        [sys.executable, str(PROJECT_ROOT / "tools" / f"{name}.py"), *arguments],
        capture_output=True,
        text=True,
        check=False,
        cwd=PROJECT_ROOT,
    )


# `make mutate` (tools/mutate.py sets ELHUB_CIM_MUTATE=1). mutmut forks each mutant's test run
# from a process that has already run the tests once with the real code, so two things would
# hide a mutant from every test: caches that the real code filled (the shipped rule sets are
# loaded once and cached), and the compiled conversion plans and rule judgements, which stand
# in for the table engine (mapping/engine.py) in every conversion that has no loss and for the
# rule engine (rules/engine.py) on every document without findings.
@pytest.fixture(scope="session", autouse=True)
def _mutation_run() -> Iterator[None]:
    if not os.environ.get("ELHUB_CIM_MUTATE"):
        yield
        return
    from elhub_cim.mapping import compiled

    mutant = os.environ.get("MUTANT_UNDER_TEST", "")
    if "__mutmut_" in mutant:
        module = mutant.split(".x", 1)[0]  # elhub_cim.rules.engine.x_rule__mutmut_3
        # its package's caches (rules: the loaded rule sets and what is derived from them);
        # mapping: the module's own only (its tables and schemas take long to load again)
        scope = module if module.startswith("elhub_cim.mapping.") else module.rsplit(".", 1)[0]
        for name, loaded in list(sys.modules.items()):
            if name != scope and not name.startswith(scope + "."):
                continue
            for value in list(vars(loaded).values()):
                if callable(getattr(value, "cache_clear", None)):
                    value.cache_clear()
    from elhub_cim.rules import compiled as compiled_rules

    # (the compiled rule judgements stand in for the rule engine on documents without findings)
    enabled = compiled.enabled, compiled_rules.enabled
    compiled.enabled = compiled_rules.enabled = False
    try:
        yield
    finally:
        compiled.enabled, compiled_rules.enabled = enabled


@pytest.fixture(autouse=True)
def _loaders_seen_by_mutation_stats() -> None:
    """mutmut's stats run (``MUTANT_UNDER_TEST=stats``) records which tests reach each function,
    and a mutant later runs only those. The shipped rule sets are loaded once and cached, so only
    the first test would be recorded as reaching the loaders (``load_rule_set``, ``_rule``,
    ``_parsed``), and their mutants would run against that one test. In the stats run the rules'
    and sharing's caches are emptied before every test (the mapping tables are not: they take
    long to load, and the mapping engine keeps no cache of its own)."""
    if not os.environ.get("ELHUB_CIM_MUTATE") or os.environ.get("MUTANT_UNDER_TEST") != "stats":
        return
    for name, loaded in list(sys.modules.items()):
        if not name.startswith(("elhub_cim.rules", "elhub_cim.sharing")):
            continue
        for value in list(vars(loaded).values()):
            if callable(getattr(value, "cache_clear", None)):
                value.cache_clear()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Under ``make mutate``, the quickest tests first: a mutant's run stops at its first
    failing test, so most mutants are killed in a fraction of their tests' time. The durations
    are mutmut's own (``mutmut-stats.json`` in the directory it runs the tests from)."""
    if not os.environ.get("ELHUB_CIM_MUTATE"):
        return
    stats = Path("mutmut-stats.json")
    if not stats.is_file():
        return
    durations = json.loads(stats.read_text(encoding="utf-8")).get("duration_by_test", {})
    items.sort(key=lambda item: durations.get(item.nodeid, float("inf")))  # stable
