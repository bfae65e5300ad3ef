"""The public API used from many threads at once gives each call the result it gets alone.

lxml keeps a schema's error log on the ``XMLSchema`` object itself: one object shared by
threads mixed their results (a valid document reported invalid, or another thread's errors).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from typing import Any, Literal

import elhub_cim
from tests.conftest import PROJECT_ROOT

EBIX = PROJECT_ROOT / "examples" / "ebix"
CIM = PROJECT_ROOT / "examples" / "cim"
THREADS = 8
ROUNDS = 30


def _documents() -> list[bytes]:
    """Valid documents and invalid ones (a metering point id off its XSD pattern, an
    element the schema does not know)."""
    found: list[bytes] = []
    for path in (
        EBIX / "RequestStartOfSupply-move-in.xml",
        EBIX / "NotifyStartOfSupply.xml",
        EBIX / "ConfirmStartOfSupply.xml",
        CIM / "RequestChangeOfSupplier_BRS-NO-102.xml",
    ):
        data = path.read_bytes()
        found.append(data)
        broken = re.sub(rb">([0-9]{17})[0-9]<", rb">\g<1>X<", data, count=1)
        assert broken != data, path.name
        found.append(broken)
        # An element the schema does not know, first in the root.
        root = re.search(rb"<[A-Za-z][^>]*>", data)
        assert root is not None
        found.append(data[: root.end()] + b"<Unexpected/>" + data[root.end() :])
    return found


def _validated(data: bytes) -> list[dict[str, Any]]:
    return [p.to_dict() for p in elhub_cim.validate(data, rules=False).problems]


def _converted(data: bytes) -> tuple[str, Any]:
    to: Literal["cim", "ebix"] = "cim" if b"urn:no:elhub:emif" in data else "ebix"
    try:
        return ("ok", elhub_cim.convert(data, to=to, rules=False).data)
    except elhub_cim.ElhubCimError as exc:
        return ("error", [p.to_dict() for p in exc.problems])


def _in_threads(function: Callable[[bytes], Any], documents: list[bytes]) -> list[str]:
    alone = [function(data) for data in documents]
    # Each document has something to tell: the valid ones none, the broken ones their problems.
    assert len({repr(result) for result in alone}) > 2
    mismatches: list[str] = []
    failures: list[BaseException] = []
    start = threading.Barrier(THREADS)

    def work(offset: int) -> None:
        try:
            start.wait()
            for step in range(ROUNDS):
                index = (offset + step) % len(documents)
                got = function(documents[index])
                if got != alone[index]:
                    mismatches.append(f"document {index}: {got!r} alone {alone[index]!r}")
        except BaseException as exc:  # reported by the test, not lost in the thread
            failures.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
        assert not thread.is_alive(), "a thread did not finish"
    assert not failures, failures
    return mismatches


def test_validate_in_threads_matches_validate_alone() -> None:
    mismatches = _in_threads(_validated, _documents())
    assert not mismatches, mismatches[:3]


def test_convert_in_threads_matches_convert_alone() -> None:
    mismatches = _in_threads(_converted, _documents())
    assert not mismatches, mismatches[:3]


def test_each_thread_has_its_own_compiled_schema() -> None:
    from elhub_cim.core.validation import compiled_schema

    message_type = elhub_cim.validate(EBIX / "NotifyStartOfSupply.xml", rules=False).message_type
    assert message_type is not None
    schema_file = message_type.schema_file
    here = compiled_schema(schema_file)
    assert compiled_schema(schema_file) is here  # kept within a thread
    there: list[object] = []
    thread = threading.Thread(target=lambda: there.append(compiled_schema(schema_file)))
    thread.start()
    thread.join(timeout=60)
    assert len(there) == 1
    assert there[0] is not here


def test_validate_while_another_thread_is_still_importing_the_compiled_path(
    monkeypatch: Any,
) -> None:
    """``elhub_cim.mapping.compiled`` is in ``sys.modules`` before its switches are set: a
    validation in another thread at that moment must not fail on the missing attributes."""
    import sys
    import types

    from elhub_cim.mapping import reading
    from elhub_cim.pipeline import check

    document, message_type = check((EBIX / "RequestStartOfSupply-move-in.xml").read_bytes())
    half_imported = types.ModuleType("elhub_cim.mapping.compiled")
    monkeypatch.setitem(sys.modules, "elhub_cim.mapping.compiled", half_imported)
    assert reading.quick_check(message_type, document.root) is True
