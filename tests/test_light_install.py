"""Light installs and start-up: the core works without the extras and never imports them.

Three angles, each in a fresh interpreter (a subprocess) so that nothing this test session has
imported hides a problem:

- the message commands (``import elhub_cim``, ``--help``, ``validate``, ``convert``) load none of
  numpy, DuckDB and Jinja2;
- with those made unimportable (a meta-path blocker), the core still works and each feature,
  as a command or as a package, names the extra to install;
- in an interpreter that sees only the distributions the core declares (pyproject.toml) and their
  own requirements, linked from this venv into a temporary folder, the core imports and
  validates: a core module that needs an undeclared or extra dependency fails here.
"""

from __future__ import annotations

import importlib.metadata
import json
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from elhub_cim.core.cache import CACHE_ENV

PROJECT = Path(__file__).resolve().parents[1]
SOURCE = PROJECT / "src"
HEAVY = ("numpy", "duckdb", "jinja2")
# Start-up (issue 15): `import elhub_cim` and `--help` need neither the domain model (pydantic)
# nor the bindings (xsdata); load them where they are used (PEP 562 __getattr__, function-level
# imports).
NOT_AT_START = (*HEAVY, "pydantic", "xsdata")
EBIX = PROJECT / "examples" / "ebix" / "RequestStartOfSupply-move-in.xml"
CIM = PROJECT / "examples" / "cim" / "RequestChangeOfSupplier_BRS-NO-102.xml"


def run_python(
    code: str, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args, "-c", code],
        capture_output=True,
        text=True,
        cwd=PROJECT,
        timeout=120,
        check=False,
        env=None if env is None else {**os.environ, **env},
    )


def test_pyproject_keeps_the_heavy_dependencies_in_extras() -> None:
    project = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))["project"]

    def names(requirements: list[str]) -> set[str]:
        return {re.split(r"[<>=!~;\[ ]", r, maxsplit=1)[0].lower() for r in requirements}

    assert names(project["dependencies"]) == {
        "lxml", "xsdata", "pydantic", "click", "python-stdnum", "tzdata",
    }  # fmt: skip
    extras = project["optional-dependencies"]
    assert names(extras["sharing"]) == {"numpy", "duckdb"}
    assert names(extras["monitor"]) == {"duckdb"}
    assert names(extras["notices"]) == {"jinja2"}
    assert names(extras["scale"]) == {"dask", "fsspec"}
    assert names(extras["fast"]) == {"numba"}
    assert extras["all"] == ["elhub-cim[sharing,fast,monitor,notices,scale]"]
    assert "elhub-cim[all]" in extras["dev"]
    makefile = (PROJECT / "Makefile").read_text(encoding="utf-8")
    assert "pip install --quiet -e '.[all,dev]'" in makefile


_LOADED = f"""
import sys
def heavy():
    return sorted(m for m in {NOT_AT_START!r} if m in sys.modules)
"""


def test_message_commands_import_none_of_the_heavy_libraries() -> None:
    code = (
        _LOADED
        + f"""
import elhub_cim
after_package = heavy()
import elhub_cim.cli
after_cli = heavy()
from elhub_cim.cli import main
seen = {{}}
for args in (["--help"], ["validate", {str(EBIX)!r}], ["convert", {str(CIM)!r}, "--to", "ebix"]):
    try:
        main(args)
    except SystemExit as done:
        seen[args[0]] = (done.code, heavy())
import json
import os
print(json.dumps({{"package": after_package, "cli": after_cli, "commands": seen}}))
"""
    )
    done = run_python(code)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.splitlines()[-1])
    assert report["package"] == []
    assert report["cli"] == []
    assert report["commands"]["--help"] == [0, []]
    # validate checks business times through the domain model (pipeline.domain_problems), so it
    # loads pydantic; never the extras
    code, loaded = report["commands"]["validate"]
    assert code == 0
    assert not set(loaded) & set(HEAVY)
    code, loaded = report["commands"]["convert"]
    assert code == 0
    assert not set(loaded) & set(HEAVY)


@pytest.mark.parametrize(
    ("example", "own"),
    [
        (
            EBIX,
            {
                "ebix.no.elhub.emif.market.request_start_of_supply.v2",
                "cim.request_change_of_supplier",
            },
        ),
        (
            CIM,
            {
                "cim.request_change_of_supplier",
                "ebix.no.elhub.emif.market.request_start_of_supply.v2",
            },
        ),
    ],
    ids=["ebix", "cim"],
)
def test_validating_one_document_imports_only_its_own_bindings(
    example: Path, own: set[str], tmp_path: Path
) -> None:
    # Start-up (issue 15): validate reads the document into the domain model, which once built
    # every mapping and imported every generated binding (~0.5 s). Only the document's own
    # module, its counterpart in the other standard and their shared types may load, and only
    # the first time (the read plan is then kept: the next test).
    code = f"""
import json, sys
from elhub_cim.cli import main
try:
    main(["validate", {str(example)!r}])
except SystemExit as done:
    code = done.code
print(json.dumps([code, sorted(m for m in sys.modules if m.startswith("elhub_cim._generated."))]))
"""
    done = run_python(code, env={CACHE_ENV: str(tmp_path)})
    assert done.returncode == 0, done.stderr
    code, loaded = json.loads(done.stdout.splitlines()[-1])
    assert code == 0
    prefix = "elhub_cim._generated."
    modules = {m.removeprefix(prefix) for m in loaded}
    assert own <= modules  # the document was really read into the domain model
    # codelists unions the local code list (local-extension-types.xsd): both are shared types.
    shared = {"cim", "cim.codelists", "cim.local_extension_types"}
    shared |= {"ebix", "ebix.no", "ebix.no.elhub", "ebix.no.elhub.emif"}
    others = {
        m
        for m in modules - own - shared
        if not m.startswith("ebix.no.elhub.emif.common")
        and not any(o.startswith(m + ".") for o in own)  # packages of our own modules
    }
    assert others == set(), f"validate imported bindings of other documents: {sorted(others)}"


#: What ``elhub-cim validate one.xml`` may load once its read plan is kept (issue 15: validate
#: <= 0.25 s): the document's own domain module, never the bindings, xsdata or the extras.
NOT_IN_VALIDATE = (
    *HEAVY,
    "xsdata",
    "elhub_cim._generated",
    "elhub_cim.sharing",
    "elhub_cim.monitor",
)


@pytest.mark.parametrize("example", [EBIX, CIM], ids=["ebix", "cim"])
def test_validate_loads_neither_bindings_nor_other_models_once_its_plan_is_kept(
    example: Path, tmp_path: Path
) -> None:
    code = f"""
import json, sys
from elhub_cim.cli import main
try:
    main(["validate", {str(example)!r}])
except SystemExit as done:
    code = done.code
print(json.dumps([code, sorted(sys.modules)]))
"""
    env = {CACHE_ENV: str(tmp_path)}
    first = run_python(code, env=env)  # builds the read plan and keeps it in tmp_path
    assert first.returncode == 0, first.stderr
    assert list(tmp_path.glob("read-plans-*"))
    done = run_python(code, env=env)
    assert done.returncode == 0, done.stderr
    code_, loaded = json.loads(done.stdout.splitlines()[-1])
    assert code_ == 0
    heavy = sorted(
        m for m in loaded if m.split(".")[0] in NOT_IN_VALIDATE or m.startswith(NOT_IN_VALIDATE)
    )
    assert heavy == []
    # The document's values were checked against its model by the light check (the model's
    # schema kept with the read plan): no model module, no pydantic, no python-stdnum.
    models = {
        m.removeprefix("elhub_cim.domain.") for m in loaded if m.startswith("elhub_cim.domain.")
    }
    assert models == {"acceptance", "timestamp"}
    assert not {"pydantic", "pydantic_core", "stdnum"} & {m.split(".")[0] for m in loaded}
    # Through the read plan alone: neither the engine, nor the tables, nor convert. (The stream
    # plans, kept too, tell whether the file is read by streaming: TOML facts, nothing built.)
    # (The native reader, where it is built: a C module of reading's.)
    from elhub_cim.mapping import reading

    native = {"elhub_cim.mapping._native"} if reading._native is not None else set()
    mapping = {m for m in loaded if m.startswith("elhub_cim.mapping.")}
    assert mapping == {
        "elhub_cim.mapping.reading",
        "elhub_cim.mapping.rules",
        "elhub_cim.mapping.streaming",
        *native,
    }
    assert list(tmp_path.glob("stream-plans-*"))
    assert "elhub_cim.convert" not in loaded


_BLOCKER = f"""
import importlib.abc, sys

class Blocker(importlib.abc.MetaPathFinder):
    # As if the extras were not installed: numpy, duckdb and jinja2 cannot be found.
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in {HEAVY!r}:
            raise ModuleNotFoundError(f"No module named {{name!r}}", name=name)
        return None

sys.meta_path.insert(0, Blocker())
"""


def test_the_core_works_without_the_extras_and_features_name_theirs(tmp_path: Path) -> None:
    code = (
        _BLOCKER
        + f"""
import importlib, io, json, contextlib
import elhub_cim
from elhub_cim.cli import main
from elhub_cim.convert import convert

def cli(*args):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            main(list(args))
        except SystemExit as done:
            return done.code, out.getvalue(), err.getvalue()
    return None, out.getvalue(), err.getvalue()

report = {{
    "validate": elhub_cim.validate({str(EBIX)!r}).valid,
    "convert": convert({str(EBIX)!r}, to="cim").data.startswith(b"<?xml"),
    "help": cli("--help"),
    "validate_cli": cli("validate", {str(EBIX)!r})[0],
    "share": cli("share", "setup.toml", "series.csv"),
    "monitor": cli("monitor", "--help"),
    "notice": cli("notice", "--help"),
    "packages": {{}},
}}
for extra in ("sharing", "monitor", "notices"):
    try:
        importlib.import_module("elhub_cim." + extra)
        report["packages"][extra] = "imported"
    except ImportError as error:
        report["packages"][extra] = type(error).__name__ + ": " + str(error)
print(json.dumps(report))
"""
    )
    done = run_python(code)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.splitlines()[-1])
    assert report["validate"] is True
    assert report["convert"] is True
    assert report["validate_cli"] == 0
    code, listing, _ = report["help"]
    assert code == 0
    for command in ("share", "monitor", "notice", "validate", "convert"):
        assert re.search(rf"^  {command} ", listing, re.MULTILINE), command
    for command, extra, missing in (
        ("share", "sharing", "numpy, duckdb"),
        ("monitor", "monitor", "duckdb"),
        ("notice", "notices", "jinja2"),
    ):
        code, _, error = report[command]
        assert code == 2, (command, report[command])
        assert f"elhub-cim {command} needs the optional dependencies of elhub-cim[{extra}]" in error
        assert f"(missing: {missing})" in error
        assert f"pip install 'elhub-cim[{extra}]'" in error
    for extra, message in report["packages"].items():
        assert message.startswith("MissingExtraError: elhub_cim.")
        assert f"pip install 'elhub-cim[{extra}]'" in message


def test_feature_commands_are_listed_with_their_own_short_help() -> None:
    import click

    from elhub_cim.cli import FEATURES, main

    context = click.Context(main)
    for name, (_, _, _, short_help) in FEATURES.items():
        command = main.get_command(context, name)
        assert command is not None
        assert command.get_short_help_str(1000) == short_help, name


def _requirement_name(requirement: str) -> str | None:
    """The distribution of a requirement line, or None when only an extra asks for it."""
    if re.search(r"""extra\s*==""", requirement):
        return None
    match = re.match(r"[A-Za-z0-9._-]+", requirement)
    return match[0] if match else None


def _core_closure() -> set[str]:
    project = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    todo = [name for r in project["dependencies"] if (name := _requirement_name(r))]
    seen: set[str] = set()
    while todo:
        name = todo.pop()
        key = name.lower().replace("_", "-")
        if key in seen:
            continue
        try:
            distribution = importlib.metadata.distribution(name)
        except importlib.metadata.PackageNotFoundError:
            continue  # a marker excluded it here (e.g. a backport for older Pythons)
        seen.add(key)
        todo += [n for r in distribution.requires or () if (n := _requirement_name(r))]
    return seen


def test_the_core_runs_on_its_declared_dependencies_alone(tmp_path: Path) -> None:
    closure = _core_closure()
    assert {"lxml", "xsdata", "pydantic", "click", "python-stdnum"} <= closure
    assert not closure & {"numpy", "duckdb", "jinja2"}
    site = tmp_path / "site"
    site.mkdir()
    for name in closure:
        distribution = importlib.metadata.distribution(name)
        top_levels = {
            Path(str(f)).parts[0]
            for f in distribution.files or ()
            if not str(f).startswith("..") and not Path(str(f)).parts[0].endswith("-info")
        }
        for top in top_levels:
            source = Path(str(distribution.locate_file(top)))
            if source.exists() and not (site / top).exists():
                (site / top).symlink_to(source)
    if not any(site.iterdir()):
        pytest.skip("the venv's distributions list no files")
    # -S: no site-packages of this venv; only the linked distributions and our source tree
    code = f"""
import sys
sys.path[:0] = [{str(site)!r}, {str(SOURCE)!r}]
import elhub_cim, elhub_cim.cli
from elhub_cim.convert import convert
assert elhub_cim.validate({str(EBIX)!r}).valid
assert convert({str(CIM)!r}, to="ebix").data.startswith(b"<?xml")
assert not [m for m in {HEAVY!r} if m in sys.modules]
try:
    import elhub_cim.sharing
except ImportError as error:
    print("sharing:", type(error).__name__)
print("ok")
"""
    done = run_python(code, "-S")
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["sharing:", "MissingExtraError", "ok"]


def test_every_binding_is_found_in_its_own_module() -> None:
    # binding_class imports the one module tools/regenerate.py writes a message to; the index of
    # every module is only a fallback, which would silently bring the slow start-up back.
    from elhub_cim.core import binding
    from elhub_cim.core.catalog import catalog

    index = binding._class_index()
    checked = 0
    for message_type in catalog().values():
        expected = index.get((message_type.namespace, message_type.name))
        if expected is None:
            continue
        module_name = binding._module_name(message_type)
        assert module_name == expected.__module__, message_type.qname
        direct = binding._direct_class(message_type.namespace, message_type.name, module_name)
        assert direct is expected, message_type.qname
        checked += 1
    assert checked >= 40
