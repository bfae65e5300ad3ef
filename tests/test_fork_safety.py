"""A process forked while another thread converts (a pool of the ``fork`` kind, a server that
forks workers) can still use elhub-cim in the child.

An lxml ``XPath`` object takes a lock of its own while it evaluates, with the GIL released.
One object shared by threads was copied into a child forked during another thread's
evaluation with its lock taken, and no thread of the child ever released it: the child's first
use of that XPath waited forever.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from lxml import etree

import elhub_cim
from elhub_cim import convert as convert_module  # noqa: F401  (the module, loaded)
from elhub_cim.core import validation
from elhub_cim.rules import engine, identifiers
from tests.conftest import PROJECT_ROOT

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="no os.fork here")

EXAMPLE = PROJECT_ROOT / "examples" / "ebix" / "RequestStartOfSupply-move-in.xml"
CIM = PROJECT_ROOT / "examples" / "cim" / "RequestChangeOfSupplier_BRS-NO-102.xml"


def _big_tree() -> etree._Element:
    # Long enough to evaluate (well over the moment the fork takes) for any of the paths.
    root = etree.Element("{urn:no:elhub:emif:x}Root")
    for index in range(300_000):
        etree.SubElement(root, "a", schemeAgencyIdentifier="9", Sequence=str(index)).text = "7"
    return root


def _cim_not_used_xpath() -> Any:
    message_type = elhub_cim.check(CIM)[1]
    return validation._not_used_xpath(message_type.schema_file)


def _module_xpath(name: str) -> Callable[[], Any]:
    module_name, attribute = name.rsplit(".", 1)
    return lambda: getattr(sys.modules[module_name], attribute)


# Every XPath elhub-cim keeps between calls (rules/engine.py's are the rule engine's own).
SHARED: dict[str, Callable[[], Any]] = {
    "identifiers scheme attributes": identifiers._scheme_xpath,
    "identifiers all attributes": _module_xpath("elhub_cim.rules.identifiers._ALL_ATTRIBUTES"),
    "reading element count": _module_xpath("elhub_cim.mapping.reading._ELEMENT_COUNT"),
    "reading attribute count": _module_xpath("elhub_cim.mapping.reading._ATTRIBUTE_COUNT"),
    "reading xsi count": _module_xpath("elhub_cim.mapping.reading._XSI_ATTRIBUTE_COUNT"),
    "convert comments": _module_xpath("elhub_cim.convert._HAS_NON_DATA"),
    "validation carriers": lambda: validation._carriers((("schemeAgencyIdentifier", ("9",)),)),
    "validation not used": _cim_not_used_xpath,
    # (a rule path only XPath can follow: a step with a predicate)
    "rules engine path": lambda: engine._xpath("./*[1]/@v"),
}


def _evaluate(xpath: Any, node: etree._Element) -> object:
    return getattr(xpath, "compiled", xpath)(node)  # (each thread's own, or the one XPath)


def _forked_child_finishes(work: Callable[[], object], seconds: float = 10.0) -> bool:
    """Whether ``work`` run in a forked child ends (exit 0) within ``seconds``."""
    child = os.fork()
    if child == 0:  # pragma: no cover - the child
        code = 1
        try:
            work()
            code = 0
        finally:
            os._exit(code)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        done, status = os.waitpid(child, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status) == 0
        time.sleep(0.02)
    os.kill(child, signal.SIGKILL)
    os.waitpid(child, 0)
    return False


@pytest.mark.parametrize("name", list(SHARED))
def test_an_xpath_another_thread_evaluates_at_the_fork_works_in_the_child(name: str) -> None:
    xpath = SHARED[name]()
    assert xpath is not None
    small = etree.fromstring(EXAMPLE.read_bytes())
    big = _big_tree()
    started, stop = threading.Event(), threading.Event()

    def evaluate() -> None:
        started.set()
        while not stop.is_set():  # (in C nearly all the time: a fork finds it evaluating)
            _evaluate(xpath, big)

    thread = threading.Thread(target=evaluate)
    thread.start()
    try:
        started.wait()
        time.sleep(0.05)
        assert _forked_child_finishes(lambda: _evaluate(xpath, small))
    finally:
        stop.set()
        thread.join()


def test_convert_and_validate_in_a_child_forked_while_a_thread_converts() -> None:
    expected = elhub_cim.convert(EXAMPLE, to="cim").data
    stop = threading.Event()

    def busy() -> None:
        while not stop.is_set():
            elhub_cim.convert(EXAMPLE, to="cim")
            elhub_cim.validate(CIM)

    def in_child() -> None:
        assert elhub_cim.convert(EXAMPLE, to="cim").data == expected
        assert elhub_cim.validate(CIM).valid

    thread = threading.Thread(target=busy)
    thread.start()
    try:
        for _ in range(20):
            assert _forked_child_finishes(in_child)
    finally:
        stop.set()
        thread.join()
