"""Builds the optional native modules (``_native.pyx`` of ``mapping`` and ``rules``) with Cython.

Run by hatchling for every wheel, editable or not (pyproject.toml's wheel hook), and by ``make``
when a Cython source is newer than its module (``python hatch_build.py``). Where they cannot be
built (no C compiler, no Cython), the package installs as pure Python: the code they stand in
for runs instead, with the same outputs, more slowly (docs/performance.md).
"""

from __future__ import annotations

import os
import shutil
import sys
import sysconfig
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
PACKAGE = HERE / "src" / "elhub_cim"
#: Each native module: its Cython source, beside which the built module is put.
SOURCES = {
    "elhub_cim.mapping._native": PACKAGE / "mapping" / "_native.pyx",  # the read plans
    "elhub_cim.rules._native": PACKAGE / "rules" / "_native.pyx",  # the identifiers
}


def built_module(source: Path) -> Path:
    """Where the compiled module of ``source`` sits beside it."""
    suffix = sysconfig.get_config_var("EXT_SUFFIX") or ".so"
    return source.with_name(source.stem + suffix)


def build_native() -> list[Path]:
    """Compiles the native modules in place (beside their sources); their paths. Raises on
    failure, and then leaves no module beside its source: one built before, from an older
    source, would run against newer Python code where pure Python is said to run."""
    try:
        return _build_native()
    except BaseException:
        for source in SOURCES.values():
            built_module(source).unlink(missing_ok=True)
        raise


def _build_native() -> list[Path]:
    import lxml
    from Cython.Build import cythonize
    from setuptools import Distribution, Extension
    from setuptools.command.build_ext import build_ext

    extensions = [
        Extension(
            module,
            [str(source)],
            include_dirs=lxml.get_include(),
            extra_compile_args=["-O2", "-g0", "-Wno-unused-function"],  # (lxml's header)
        )
        for module, source in SOURCES.items()
    ]
    targets: list[Path] = []
    with tempfile.TemporaryDirectory() as scratch:
        modules = cythonize(
            extensions,
            build_dir=scratch,
            quiet=True,
            compiler_directives={"language_level": "3"},
        )
        distribution = Distribution({"name": "elhub-cim-native", "ext_modules": modules})
        command = build_ext(distribution)
        command.build_temp = str(Path(scratch) / "temp")
        command.build_lib = str(Path(scratch) / "lib")
        command.ensure_finalized()
        command.run()
        for module, source in SOURCES.items():
            built = Path(command.get_ext_fullpath(module))
            target = built_module(source)
            partial = target.with_suffix(".tmp")
            shutil.copyfile(built, partial)
            os.replace(partial, target)  # (a running interpreter keeps the module it loaded)
            targets.append(target)
    return targets


try:
    from hatchling.builders.hooks.plugin.interface import BuildHookInterface
except ImportError:  # run as a script, not by hatchling
    BuildHookInterface = object  # type: ignore[assignment,misc]


class NativeReaderHook(BuildHookInterface):  # type: ignore[misc,valid-type]
    """hatchling's custom build hook: the native modules, or pure Python where they cannot
    build."""

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel":
            return
        try:
            modules = build_native()
        except Exception as error:  # no compiler, no Cython: pure Python, said so
            print(f"elhub-cim: native modules not built ({error}); pure Python", file=sys.stderr)
            return
        build_data["pure_python"] = False
        build_data["infer_tag"] = True
        if version != "editable":  # (an editable install imports them from src/)
            for module in modules:
                inside = module.relative_to(PACKAGE.parent)
                build_data["force_include"][str(module)] = str(inside)


if __name__ == "__main__":
    for path in build_native():
        print(path)
