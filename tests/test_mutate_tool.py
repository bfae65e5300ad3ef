"""``make mutate``'s reviewed list of equivalent mutants (tools/mutation-equivalents.txt) and its
report helper: every entry parses, has a reason and names a function the engines still have."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import PROJECT_ROOT, load_tool

ENGINES = {
    "elhub_cim.rules.engine": PROJECT_ROOT / "src/elhub_cim/rules/engine.py",
    "elhub_cim.sharing.engine": PROJECT_ROOT / "src/elhub_cim/sharing/engine.py",
    "elhub_cim.mapping.engine": PROJECT_ROOT / "src/elhub_cim/mapping/engine.py",
}


def _defined(path: Path) -> set[str]:
    """Functions as mutmut names them: ``x_name`` and ``xǁClassǁmethod``."""
    names = set()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            names.add(f"x_{node.name}")
        elif isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, ast.FunctionDef):
                    names.add(f"xǁ{node.name}ǁ{item.name}")
    return names


def test_every_listed_equivalent_names_an_engine_function_and_a_reason() -> None:
    mutate = load_tool("mutate")
    listed = mutate.equivalents()
    assert len(listed) >= 20
    defined = {module: _defined(path) for module, path in ENGINES.items()}
    for name, reason in listed.items():
        module, _, mutant = name.rpartition(".")
        assert module in ENGINES, name
        function, _, number = mutant.rpartition("__mutmut_")
        assert number.isdigit(), name
        assert function in defined[module], name
        assert len(reason) > 20, name


def test_the_report_reads_each_function_by_its_lines(tmp_path: Path) -> None:
    mutate = load_tool("mutate")
    path = tmp_path / "engine.py"
    path.write_text(
        "def a():\n    return 1\n\n\nclass K:\n    def b(self):\n        return 2\n",
        encoding="utf-8",
    )
    assert mutate._functions(path) == {
        "a": "def a():\n    return 1",
        "b": "    def b(self):\n        return 2",
    }


def _names_read(tree: ast.Module) -> tuple[set[str], set[str]]:
    """Names and attribute names the module reads (not only assigns)."""
    names = {
        n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)
    }
    attributes = {
        n.attr
        for n in ast.walk(tree)
        if isinstance(n, ast.Attribute) and not isinstance(n.ctx, ast.Store)
    }
    return names, attributes


def test_the_engines_hold_no_dead_code() -> None:
    """A private function nothing calls, or an attribute written and never read, makes mutants
    no test can kill: the mutated code must all be live (``__all__`` and dunders aside)."""
    for path in ENGINES.values():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names, attributes = _names_read(tree)
        for node in tree.body:
            if isinstance(node, ast.FunctionDef) and node.name.startswith("_"):
                assert node.name in names | attributes, f"{path.name}: {node.name} is never used"
        written = {
            n.attr
            for n in ast.walk(tree)
            if isinstance(n, ast.Attribute)
            and isinstance(n.ctx, ast.Store)
            and isinstance(n.value, ast.Name)
            and n.value.id == "self"
        }
        # an augmented assignment (``self.n += 1``) stores only, as far as the tree tells
        for attribute in written:
            assert attribute in attributes, f"{path.name}: self.{attribute} is never read"


def test_each_engine_is_mutated_with_its_own_existing_tests() -> None:
    """The per-engine test files exist, and a plain ``mutmut run`` (``[tool.mutmut]``) uses
    all of them; a copy for one engine mutates only that engine, with only its tests."""
    import tomllib

    mutate = load_tool("mutate")
    tests = mutate.engine_tests()
    assert set(tests) == {"rules", "sharing", "mapping"}
    every = [name for names in tests.values() for name in names]
    assert all((PROJECT_ROOT / name).is_file() for name in every)
    text = (PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8")
    plain = tomllib.loads(text)["tool"]["mutmut"]
    assert sorted(plain["pytest_add_cli_args_test_selection"]) == sorted(every)
    configured = tomllib.loads(mutate.configure(text, "sharing", tests["sharing"]))
    mutmut = configured["tool"]["mutmut"]
    assert mutmut["only_mutate"] == ["src/elhub_cim/sharing/engine.py"]
    assert mutmut["pytest_add_cli_args_test_selection"] == tests["sharing"]
    assert {
        k: v
        for k, v in mutmut.items()
        if k not in {"only_mutate", "pytest_add_cli_args_test_selection"}
    } == {
        k: v
        for k, v in plain.items()
        if k not in {"only_mutate", "pytest_add_cli_args_test_selection"}
    }
