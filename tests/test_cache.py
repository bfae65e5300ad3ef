"""Derived data kept between runs (elhub_cim.core.cache): the same result as deriving it afresh,
rebuilt when a source file changes, and never a reason to fail."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from elhub_cim.core import cache
from elhub_cim.core.catalog import catalog, schema_root


def test_kept_data_round_trips_and_a_bad_file_is_ignored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path))
    data = {("urn:x", "Doc"): (1, "a", None, {"k": "v"})}
    cache.store("probe", "k1", data)
    assert cache.load("probe", "k1") == data
    assert cache.load("probe", "k2") is None
    # Another key whose file name would be the same never gets this data: the file names it.
    (kept,) = tmp_path.glob("probe-*.marshal")
    kept.rename(cache._file("probe", "k2") or kept)
    assert cache.load("probe", "k2") is None
    kept = cache._file("probe", "k2") or kept
    kept.rename(cache._file("probe", "k1") or kept)
    assert cache.load("probe", "k1") == data
    (cache._file("probe", "k1") or tmp_path).write_bytes(b"\x00 not marshal")
    assert cache.load("probe", "k1") is None
    monkeypatch.setenv(cache.CACHE_ENV, "off")
    assert cache.cache_dir() is None
    before = set(tmp_path.iterdir())
    cache.store("probe", "k3", data)  # nowhere: nothing written, no error
    assert set(tmp_path.iterdir()) == before
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path / "file"))
    (tmp_path / "file").write_text("a file, not a folder")
    cache.store("probe", "k4", data)  # cannot be written: only costs speed
    assert cache.load("probe", "k4") is None


def test_the_kept_catalog_is_the_catalog_and_follows_the_schemas(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(cache.CACHE_ENV, "off")
    fresh = dict(catalog.__wrapped__())
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path / "cache"))
    assert catalog.__wrapped__() == fresh  # derived, then kept
    assert list((tmp_path / "cache").glob("catalog-*.marshal"))
    assert catalog.__wrapped__() == fresh  # read back
    # A changed schema gives another key: the catalog is derived afresh.
    copy = tmp_path / "schemas"
    shutil.copytree(schema_root(), copy)
    first = catalog.__wrapped__(copy)
    xsd = next(copy.rglob("*.xsd"))
    stat = xsd.stat()
    os.utime(xsd, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    files = sorted(copy.rglob("*.xsd"))
    assert cache.fingerprint("catalog", files) != cache.fingerprint(
        "catalog", sorted(schema_root().rglob("*.xsd"))
    )
    assert catalog.__wrapped__(copy) == first
    assert len(list((tmp_path / "cache").glob("catalog-*.marshal"))) == 3


def test_rule_sets_read_back_from_the_cache_equal_those_parsed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rule set files are parsed once and kept (their TOML, dates and times included)."""
    import tomllib

    from elhub_cim.rules import engine

    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path))
    source = tmp_path / "brs-x.toml"
    source.write_text(
        'id = "x"\n[dates]\nfrom = 2026-01-01T00:00:00+01:00\nlocal = 2026-01-01T00:00:00\n'
        'day = 2026-02-03\nat = 07:30:00\nlist = [1, 2.5, true, "s", [2026-01-01]]\n',
        encoding="utf-8",
    )
    real = tomllib.loads
    parsed = real(source.read_text(encoding="utf-8"))
    assert engine._parsed(source) == parsed  # parsed and kept
    assert list(tmp_path.glob("rule-set-*.marshal"))
    monkeypatch.setattr(tomllib, "loads", lambda text: pytest.fail("parsed again"))
    assert engine._parsed(source) == parsed  # read back
    for path in engine.sets_folder().glob("brs-*.toml"):
        with monkeypatch.context() as patch:
            patch.setattr(tomllib, "loads", real)
            first = engine.load_rule_set(path)
        assert engine.load_rule_set(path) == first  # the kept TOML gives the same rule set


@pytest.mark.parametrize("failure", ["replace", "marshal"])
def test_a_store_that_fails_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failure: str
) -> None:
    # A full disk at the rename, or a value marshal refuses: the cache stays as it was, with no
    # ".tmp" debris piling up in the user's cache folder run after run.
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path))

    def refuse(*args: object) -> None:
        raise OSError(28, "No space left on device")

    if failure == "replace":
        monkeypatch.setattr(os, "replace", refuse)  # (cache calls os.replace)
        data: object = {"a": 1}
    else:
        data = object()  # (marshal refuses it: ValueError)
    cache.store("plans", "key", data)

    assert list(tmp_path.iterdir()) == []
    assert cache.load("plans", "key") is None
