"""Builds the optional native reader (src/elhub_cim/mapping/_native.pyx) with Cython.

Run by hatchling for every wheel, editable or not (``[tool.hatch.build.hooks.custom]``), and by
``make`` when the Cython source is newer than its module (``python hatch_build.py``). Where it
cannot be built (no C compiler, no Cython), the package installs as pure Python: the readers it
replaces run instead, with the same outputs, more slowly (docs/performance.md).
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
SOURCE = HERE / "src" / "elhub_cim" / "mapping" / "_native.pyx"
MODULE = "elhub_cim.mapping._native"


def built_module() -> Path:
    """Where the compiled module sits beside its source."""
    suffix = sysconfig.get_config_var("EXT_SUFFIX") or ".so"
    return SOURCE.with_name("_native" + suffix)


def build_native() -> Path:
    """Compiles the native reader in place (beside its source); its path. Raises on failure."""
    import lxml
    from Cython.Build import cythonize
    from setuptools import Distribution, Extension
    from setuptools.command.build_ext import build_ext

    extension = Extension(
        MODULE,
        [str(SOURCE)],
        include_dirs=lxml.get_include(),
        extra_compile_args=["-O2", "-g0", "-Wno-unused-function"],  # (lxml's header)
    )
    with tempfile.TemporaryDirectory() as scratch:
        modules = cythonize(
            [extension],
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
        (built,) = Path(command.build_lib).rglob("_native*")
        target = built_module()
        partial = target.with_suffix(".tmp")
        shutil.copyfile(built, partial)
        os.replace(partial, target)  # (a running interpreter keeps the module it loaded)
    return target


try:
    from hatchling.builders.hooks.plugin.interface import BuildHookInterface
except ImportError:  # run as a script, not by hatchling
    BuildHookInterface = object  # type: ignore[assignment,misc]


class NativeReaderHook(BuildHookInterface):  # type: ignore[misc,valid-type]
    """hatchling's custom build hook: the native reader, or pure Python where it cannot build."""

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel":
            return
        try:
            module = build_native()
        except Exception as error:  # no compiler, no Cython: pure Python, said so
            print(f"elhub-cim: native reader not built ({error}); pure Python", file=sys.stderr)
            return
        build_data["pure_python"] = False
        build_data["infer_tag"] = True
        if version != "editable":  # (an editable install imports it from src/)
            build_data["force_include"][str(module)] = f"elhub_cim/mapping/{module.name}"


if __name__ == "__main__":
    print(build_native())
