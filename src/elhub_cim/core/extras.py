"""Optional features and the extras that install them.

The core (read, validate, convert, rules) needs lxml, xsdata, pydantic, click and python-stdnum.
The process features need more and come as extras::

    pip install 'elhub-cim[sharing]'    # elhub_cim.sharing, `elhub-cim share`: numpy, DuckDB
    pip install 'elhub-cim[monitor]'    # elhub_cim.monitor, `elhub-cim monitor`: DuckDB
    pip install 'elhub-cim[notices]'    # elhub_cim.notices, `elhub-cim notice`: Jinja2
    pip install 'elhub-cim[scale]'      # --dask, fsspec URLs (docs/scale.md): Dask, fsspec
    pip install 'elhub-cim[all]'

Each feature package calls :func:`require` before importing what it needs, so that a missing
extra is one clear :class:`MissingExtraError` naming the extra to install, not a bare
``ModuleNotFoundError: numpy`` from deep inside.
"""

from __future__ import annotations

import importlib.util

__all__ = ["EXTRAS", "MissingExtraError", "install_hint", "require"]

# extra -> the top-level modules it provides (the distributions are in pyproject.toml)
EXTRAS: dict[str, tuple[str, ...]] = {
    "sharing": ("numpy", "duckdb"),
    "monitor": ("duckdb",),
    "notices": ("jinja2",),
    "scale": ("distributed", "fsspec"),
}


def install_hint(extra: str) -> str:
    return f"pip install 'elhub-cim[{extra}]'"


class MissingExtraError(ImportError):
    """A feature's optional dependencies are not installed (names the extra to install)."""

    def __init__(self, extra: str, missing: list[str], feature: str) -> None:
        self.extra = extra
        self.missing = tuple(missing)
        super().__init__(
            f"{feature} needs the optional dependencies of elhub-cim[{extra}] "
            f"(missing: {', '.join(missing)}); install them with: {install_hint(extra)}"
        )


def require(extra: str, feature: str | None = None) -> None:
    """Raise :class:`MissingExtraError` if a module of ``extra`` cannot be found.

    Looks the modules up without importing them (DuckDB is imported only where it is used).
    """
    missing: list[str] = []
    for module in EXTRAS[extra]:
        try:
            found = importlib.util.find_spec(module) is not None
        except (ImportError, ValueError):
            found = False
        if not found:
            missing.append(module)
    if missing:
        raise MissingExtraError(extra, missing, feature or f"elhub_cim.{extra}")
