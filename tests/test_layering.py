"""The layers of the package, enforced from the source (docs: DEVELOPERS.md, "Layers").

Bottom to top: ``core`` (the stages: safe parse, identify, XSD validation, bind, serialize,
errors, catalog, the profile's facts), then ``domain`` (the model), ``mapping`` (the tables, the
engine, the CIM ⇄ Nordic projection) and ``rules`` (the business rules), then ``formats`` (one
module per format and the read stage), and above them everything else: the public API
(``pipeline``, ``convert``), the process features and the command line.

A layer imports only the layers it stands on, and no module imports one that (directly or
through others) imports it: no cycles. Every import counts, also one inside a function (a lazy
import is still a dependency) and one under ``TYPE_CHECKING``.
"""

from __future__ import annotations

import ast
import gc
import sys
import types
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

import elhub_cim
from tests.conftest import PROJECT_ROOT

PACKAGE = "elhub_cim"
SOURCE = PROJECT_ROOT / "src" / PACKAGE

#: What each layer may import besides itself. Modules in no layer (the public API, the process
#: features, the command line) stand above all of these and may import any of them.
LAYERS: dict[str, frozenset[str]] = {
    "core": frozenset(),
    "domain": frozenset({"core"}),
    "mapping": frozenset({"core", "domain"}),
    "rules": frozenset({"core"}),
    "formats": frozenset({"core", "domain", "mapping"}),
}
#: Lower number = lower layer (for the walk of one call, see the last test).
RANK = {"core": 0, "domain": 1, "mapping": 2, "rules": 2, "formats": 3, "application": 4}
#: Data every layer may import: generated bindings and the version string.
DATA = (f"{PACKAGE}._generated", f"{PACKAGE}._version")


@dataclass(frozen=True, slots=True)
class Import:
    module: str  # the importing module
    target: str  # the imported module (a module or package of ours)
    file: Path
    line: int

    def __str__(self) -> str:
        where = self.file.relative_to(PROJECT_ROOT)
        return f"{where}:{self.line}: {self.module} imports {self.target}"


def _modules() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for path in sorted(SOURCE.rglob("*.py")):
        parts = list(path.relative_to(SOURCE.parent).with_suffix("").parts)
        if "_generated" in parts:
            continue
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


MODULES = _modules()


def _is_package(module: str) -> bool:
    return MODULES[module].name == "__init__.py"


def _known(name: str) -> str | None:
    """The module of ours ``name`` is (or the data it belongs to); ``None`` if not ours."""
    if name == PACKAGE or name.startswith(PACKAGE + "."):
        for data in DATA:
            if name == data or name.startswith(data + "."):
                return data
        return name if name in MODULES else None
    return None


def _imports(module: str, path: Path) -> Iterator[Import]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = module if _is_package(module) else module.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                target = _known(alias.name)
                if target is not None:
                    yield Import(module, target, path, node.lineno)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                origin = ".".join(base + ([node.module] if node.module else []))
            else:
                origin = node.module or ""
            if _known(origin) is None and not origin.startswith(PACKAGE + "."):
                continue
            for alias in node.names:
                # ``from . import formats`` imports the submodule; ``from .x import name`` x.
                target = _known(f"{origin}.{alias.name}") or _known(origin)
                if target is None:
                    raise AssertionError(f"{path}:{node.lineno}: cannot resolve {origin}")
                yield Import(module, target, path, node.lineno)


IMPORTS = [i for module, path in MODULES.items() for i in _imports(module, path)]


def layer_of(module: str) -> str:
    """The layer of one of our modules (``application`` for those above the layers)."""
    if module in DATA:
        return "data"
    parts = module.split(".")
    if len(parts) > 1 and parts[1] in LAYERS:
        return parts[1]
    return "application"


def test_the_import_walk_sees_the_package() -> None:
    """The checks below look at real code: the walk finds the layers and lazy imports."""
    layers = {layer_of(m) for m in MODULES}
    assert set(LAYERS) <= layers, layers
    assert len(IMPORTS) > 200
    lazy = [i for i in IMPORTS if i.module == f"{PACKAGE}.convert" and i.target.endswith("nordic")]
    assert lazy, "the in-function import of the Nordic format in convert was not seen"


@pytest.mark.parametrize("layer", sorted(LAYERS))
def test_a_layer_imports_only_the_layers_below_it(layer: str) -> None:
    allowed = LAYERS[layer] | {layer, "data"}
    wrong = [
        f"{i} ({layer} may import only {', '.join(sorted(allowed - {'data'}))})"
        for i in IMPORTS
        if layer_of(i.module) == layer and layer_of(i.target) not in allowed
    ]
    assert not wrong, "imports against the layering:\n" + "\n".join(wrong)


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    counter = 0
    for start in sorted(edges):
        if start in index:
            continue
        work: list[tuple[str, Iterator[str]]] = [(start, iter(sorted(edges[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def _edges(imports: list[Import]) -> dict[str, set[str]]:
    edges: dict[str, set[str]] = {m: set() for m in MODULES}
    for i in imports:
        if i.target in MODULES and i.target != i.module:
            edges[i.module].add(i.target)
    return edges


def test_no_module_imports_one_that_imports_it() -> None:
    cycles = _cycles(_edges(IMPORTS))
    lines = []
    for cycle in cycles:
        members = set(cycle)
        lines.append("cycle: " + " ⇄ ".join(cycle))
        lines += [f"  {i}" for i in IMPORTS if i.module in members and i.target in members]
    assert not cycles, "import cycles:\n" + "\n".join(lines)


def test_the_cycle_finder_finds_a_cycle() -> None:
    """The check above can fail: a planted cycle (formats ⇄ pipeline, the old one) is named."""
    planted = [
        *IMPORTS,
        Import(f"{PACKAGE}.formats.cimjson", f"{PACKAGE}.pipeline", SOURCE / "x.py", 1),
    ]
    cycles = _cycles(_edges(planted))
    assert any({f"{PACKAGE}.formats.cimjson", f"{PACKAGE}.pipeline"} <= set(c) for c in cycles)
    assert layer_of(f"{PACKAGE}.pipeline") == "application"
    assert "application" not in LAYERS["formats"]


# --- one input through convert only goes down --------------------------------------------------


#: Higher-order helpers, looked through like callers outside the package: what they call back is
#: the function they wrap, a call of its own layer (core.memo remembers ``to_utc``, ``instant``).
LOOKED_THROUGH = frozenset({"elhub_cim.core.memo"})


def _rank(module: str) -> int | None:
    if module not in MODULES or module in LOOKED_THROUGH:
        return None
    layer = layer_of(module)
    return RANK.get(layer)


def _calls_upward(run: Any) -> list[str]:
    """Every call from a function of ours into one of a higher layer while ``run()`` runs
    (callers outside the package, e.g. pydantic calling a validator, are looked through).

    What the cyclic garbage collector runs is no call of the code it interrupts: it finalises
    what earlier code left (an unstarted generator is run to close it), in whatever frame it
    happens to start. Such calls are not counted, and what earlier tests left is collected first.
    """
    found: list[str] = []
    collecting = False

    def collector(phase: str, _: dict[str, int]) -> None:
        nonlocal collecting
        collecting = phase == "start"

    def profile(frame: types.FrameType, event: str, _: object) -> None:
        if event != "call" or collecting:
            return
        callee = frame.f_globals.get("__name__", "")
        callee_rank = _rank(callee)
        if callee_rank is None:
            return
        caller_frame = frame.f_back
        while caller_frame is not None:
            caller = caller_frame.f_globals.get("__name__", "")
            caller_rank = _rank(caller)
            if caller_rank is not None:
                if caller_rank < callee_rank:
                    code = frame.f_code
                    found.append(
                        f"{caller}:{caller_frame.f_lineno} ({layer_of(caller)}) calls "
                        f"{callee}.{code.co_name} ({layer_of(callee)})"
                    )
                return
            caller_frame = caller_frame.f_back

    gc.collect()
    gc.callbacks.append(collector)
    previous = sys.getprofile()
    sys.setprofile(profile)
    try:
        run()
    finally:
        sys.setprofile(previous)
        gc.callbacks.remove(collector)
    return sorted(set(found))


EBIX = PROJECT_ROOT / "examples" / "ebix" / "RequestStartOfSupply-move-in.xml"
REJECT = PROJECT_ROOT / "examples" / "cim" / "RejectRequestChangeOfSupplier_BRS-NO-103.xml"


@pytest.mark.parametrize("target", ["cim", "nordic-ediel", "ebix-from-json", "from-nordic"])
def test_one_input_through_convert_only_goes_down(target: str) -> None:
    """Following one input through ``convert``: every call goes to the same or a lower layer
    (the issue counted 12 climbs back up before the formats were a layer)."""
    from elhub_cim.formats.cimjson import to_json

    cim = elhub_cim.convert(EBIX, to="cim").data
    nordic = elhub_cim.convert(REJECT, to="nordic-ediel", allow_loss=True).data
    runs = {
        "cim": lambda: elhub_cim.convert(EBIX, to="cim"),
        "nordic-ediel": lambda: elhub_cim.convert(EBIX, to="nordic-ediel", allow_loss=True),
        "ebix-from-json": lambda: elhub_cim.convert(to_json(cim), to="ebix"),
        "from-nordic": lambda: elhub_cim.convert(
            nordic, to="ebix", brs="BRS-NO-103", allow_loss=True
        ),
    }
    upward = _calls_upward(runs[target])
    assert not upward, "calls climbing back up:\n" + "\n".join(upward)


def test_the_walk_check_sees_a_climb() -> None:
    """The check above can fail: a core function calling back into the public API is seen."""
    from elhub_cim import pipeline

    def climb() -> None:
        # A call made from a core module's frame: run with that module's globals.
        code = compile("validate(path)", "<core>", "eval")
        scope = {"__name__": f"{PACKAGE}.core.errors", "validate": pipeline.validate, "path": EBIX}
        eval(code, scope)  # noqa: S307

    assert _calls_upward(climb)


def test_the_walk_check_ignores_what_the_collector_finalises() -> None:
    """A climb is a call the code makes, not a finaliser the cyclic collector happens to run in
    one of our frames: an unstarted generator of the application layer (as the notices command
    leaves one when it stops before reading its inputs) is run to close it when collected
    (Python 3.11), and was once seen as ``mapping.xsdleaves`` calling ``notices.cli``."""
    from elhub_cim.notices import cli

    def leave_garbage() -> None:
        unstarted = cli._read_inputs((), 1, 1)
        cycle: list[object] = [unstarted]
        cycle.append(cycle)  # (only the cyclic collector frees it)

    def run() -> None:
        leave_garbage()
        # The collector runs in a mapping module's frame (as at an allocation there).
        code = compile("collect()", "<mapping>", "eval")
        eval(code, {"__name__": f"{PACKAGE}.mapping.xsdleaves", "collect": gc.collect})  # noqa: S307

    upward = _calls_upward(run)
    assert not upward, "calls climbing back up:\n" + "\n".join(upward)


@pytest.mark.parametrize(
    ("old", "new", "name"),
    [
        ("cimjson", "formats.cimjson", "to_json"),
        ("cimjson", "formats.nordic_json", "nordic_to_json"),
        ("projection", "formats.nordic", "project"),
        ("projection", "mapping.projection", "CODE_DROPPED"),
        ("profile", "core.profile", "to_oslo"),
        ("profile", "formats.cim", "upgrade"),
        ("logs", "core.logs", "IdentityNumberFilter"),
        ("errors", "core.errors", "ElhubCimError"),
    ],
)
def test_moved_modules_keep_a_deprecated_alias(old: str, new: str, name: str) -> None:
    """Code importing the old paths keeps working for a release, warned (docs/api-policy.md)."""
    import importlib

    sys.modules.pop(f"{PACKAGE}.{old}", None)
    with pytest.warns(DeprecationWarning, match=f"{PACKAGE}.{old} moved"):
        alias = importlib.import_module(f"{PACKAGE}.{old}")
    moved = importlib.import_module(f"{PACKAGE}.{new}")
    assert getattr(alias, name) is getattr(moved, name)
    assert name in alias.__all__


def test_every_module_logs_through_the_masking_filter() -> None:
    """A logger taken with ``logging.getLogger`` has no masking filter (a logger's filters see
    only its own records): notices/service.py had one. Every module takes its logger from
    ``core.logs.get_logger``; only ``core.errors``, below ``core.logs``, logs on the package
    logger itself, with a text it masks first."""
    allowed = {SOURCE / "core" / "logs.py", SOURCE / "core" / "errors.py"}
    found = []
    for path in sorted(SOURCE.rglob("*.py")):
        if path in allowed:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Attribute)
                and node.attr == "getLogger"
                and isinstance(node.value, ast.Name)
                and node.value.id == "logging"
            ):
                found.append(f"{path.relative_to(SOURCE)}:{node.lineno}")
    assert found == [], "use elhub_cim.core.logs.get_logger(__name__)"
