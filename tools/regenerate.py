"""Regenerate the xsdata bindings from our schemas.

    python tools/regenerate.py            # rewrite src/elhub_cim/_generated/<standard>/
    python tools/regenerate.py --check    # exit 1 if the committed code is not fresh

Generation runs in a temporary folder and only ``_generated/<standard>`` is copied back, so
xsdata can never touch hand-written modules. Docstrings from schema annotations are not
generated (``--docstring-style Blank``). xsdata formats its output with ruff: ruff must be on
PATH (the project's venv bin folder).
"""

from __future__ import annotations

import argparse
import filecmp
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GENERATED = ROOT / "src" / "elhub_cim" / "_generated"

#: standard → schema folder (relative to the repository root)
SOURCES: dict[str, Path] = {
    "ebix": Path("schemas/ebix/emif-2.4"),
    "cim": Path("schemas/cim/elhub-profile-0.2"),
}


#: standard → xsdata structure style. CIM: one module per XSD file, and the 0.2 files are named
#: after their documents (``request_change_of_supplier.py``); ebIX keeps Elhub's namespace layout.
STRUCTURE: dict[str, str] = {"ebix": "namespaces", "cim": "filenames"}


def _env() -> dict[str, str]:
    env = dict(os.environ)
    bin_dir = str(Path(sys.executable).parent)
    env["PATH"] = bin_dir + os.pathsep + env.get("PATH", "")
    return env


def generate(standard: str, workdir: Path) -> Path:
    """Generate the bindings of one standard under ``workdir``; return the package folder."""
    source = ROOT / SOURCES[standard]
    # xsdata drops a leading underscore from package names, so it generates
    # ``elhub_cim.generated.<standard>`` with relative imports and we move it under _generated.
    package = f"elhub_cim.generated.{standard}"
    command = [
        sys.executable,
        "-m",
        "xsdata",
        "generate",
        str(source),
        "--recursive",
        # Only the XSDs: JSON Schemas and data files live beside them and are not sources.
        "--extensions",
        "xsd",
        "--package",
        package,
        "--structure-style",
        STRUCTURE[standard],
        "--docstring-style",
        "Blank",
        "--relative-imports",
        "--max-line-length",
        "100",
    ]
    completed = subprocess.run(
        command, cwd=workdir, env=_env(), capture_output=True, text=True, check=False
    )
    if completed.returncode != 0:
        raise RuntimeError(f"xsdata failed for {standard}:\n{completed.stdout}\n{completed.stderr}")
    package_dir = workdir / "elhub_cim" / "generated" / standard
    _optional_fixed_attributes(package_dir)
    _no_package_exports(package_dir)
    return package_dir


#: The package ``__init__`` xsdata writes for the filenames style re-exports every module: any
#: import of one binding would load them all (start-up of ``validate``, issue 15). Nothing uses
#: the re-exports; each message's module is imported by name (elhub_cim.core.binding).
PACKAGE_INIT = "# each binding module is imported by name: see tools/regenerate.py\n"


def _no_package_exports(package: Path) -> None:
    init = package / "__init__.py"
    if "import" in init.read_text(encoding="utf-8"):
        init.write_text(PACKAGE_INIT, encoding="utf-8")


# xsdata renders an attribute with a ``fixed`` value as a constant (``init=False``) that is
# always written, so a message that left the optional attribute out would gain it on the way
# through (``ImbalanceSettlement="true"`` in EMIF). Absence must survive a round trip: make such
# fields optional. XSD validation still guarantees that a present value is the fixed one.
_FIXED_ATTRIBUTE = re.compile(
    r"(?P<name>\w+): (?P<type>[\w.]+) = field\(\n"
    r"(?P<indent>\s+)init=False,\n\s+default=[^\n]+,\n"
    r"(?P<meta>\s+metadata=\{\n(?:[^\n]*\n)*?\s+\"type\": \"Attribute\",)"
)


def _optional_fixed_attributes(package: Path) -> None:
    for module in package.rglob("*.py"):
        text = module.read_text(encoding="utf-8")
        fixed = _FIXED_ATTRIBUTE.sub(
            r"\g<name>: None | \g<type> = field(\n\g<indent>default=None,\n\g<meta>", text
        )
        if fixed != text:
            module.write_text(fixed, encoding="utf-8")


def _differences(left: Path, right: Path) -> list[str]:
    found: list[str] = []
    comparison = filecmp.dircmp(left, right, ignore=["__pycache__"])

    def walk(cmp: filecmp.dircmp[str], prefix: str) -> None:
        found.extend(f"only in fresh generation: {prefix}{n}" for n in cmp.left_only)
        found.extend(f"only in committed code: {prefix}{n}" for n in cmp.right_only)
        for name in cmp.common_files:
            if (Path(cmp.left) / name).read_bytes() != (Path(cmp.right) / name).read_bytes():
                found.append(f"differs: {prefix}{name}")
        for name, sub in cmp.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(comparison, "")
    return found


def stale_bindings(standards: list[str]) -> list[str]:
    """Differences between a fresh generation and the committed code (empty = fresh)."""
    found: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        for standard in standards:
            fresh = generate(standard, Path(tmp))
            committed = GENERATED / standard
            if not committed.is_dir():
                found.append(f"{standard}: no committed bindings")
                continue
            found.extend(f"{standard}: {d}" for d in _differences(fresh, committed))
    return found


def available_standards() -> list[str]:
    return [s for s, folder in SOURCES.items() if (ROOT / folder).is_dir()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report stale bindings")
    parser.add_argument("standards", nargs="*", help="ebix, cim (default: all with schemas)")
    args = parser.parse_args(argv)
    standards = args.standards or available_standards()
    if args.check:
        stale = stale_bindings(standards)
        for line in stale:
            print(line)
        return 1 if stale else 0
    with tempfile.TemporaryDirectory() as tmp:
        for standard in standards:
            fresh = generate(standard, Path(tmp))
            target = GENERATED / standard
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(fresh, target, ignore=shutil.ignore_patterns("__pycache__"))
            print(f"{standard}: bindings written to {target.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
