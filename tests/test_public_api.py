"""The public API as an actor system uses it: typed, documented, light, stable.

* ``mypy --strict`` passes on typical user code (``tests/usercode/user_code.py``) and fails on
  wrong user code (``user_code_wrong.py.txt``) at exactly the marked lines;
* the docstrings' examples run (doctest);
* ``to_domain(data, Model)`` is checked at run time; ``read(data, Binding)`` too;
* ``__version__``, the CHANGELOG and the API policy agree.
"""

from __future__ import annotations

import doctest
import importlib
import importlib.metadata
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import elhub_cim
from elhub_cim.domain import (
    Acknowledgement,
    EndOfSupplyNotification,
    EndOfSupplyRequest,
    Header,
    StartOfSupplyRequest,
)

PROJECT = Path(__file__).resolve().parents[1]
EXAMPLES = PROJECT / "examples"
MOVE_IN = EXAMPLES / "ebix" / "RequestStartOfSupply-move-in.xml"


def test_mypy_strict_on_user_code(tmp_path: Path) -> None:
    for name in ("user_code.py", "user_code_wrong.py.txt"):
        shutil.copy(PROJECT / "tests" / "usercode" / name, tmp_path / name.removesuffix(".txt"))
    run = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-error-summary", "--cache-dir",
         str(tmp_path / ".cache"), "user_code.py", "user_code_wrong.py"],
        cwd=tmp_path, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    errors = [line for line in run.stdout.splitlines() if ": error:" in line]
    assert not [e for e in errors if e.startswith("user_code.py")], run.stdout
    wrong = (PROJECT / "tests" / "usercode" / "user_code_wrong.py.txt").read_text().splitlines()
    expected = {n for n, line in enumerate(wrong, 1) if "# error:" in line}
    found = {int(e.split(":")[1]) for e in errors if e.startswith("user_code_wrong.py")}
    assert found == expected, run.stdout


@pytest.mark.parametrize(
    "module",
    [
        "elhub_cim",
        "elhub_cim.convert",
        "elhub_cim.replies",
        "elhub_cim.times",
        "elhub_cim.core.logs",
        "elhub_cim.core.safeparse",
    ],
)
def test_docstrings_run(module: str) -> None:
    found = importlib.import_module(module)
    result = doctest.testmod(
        found, extraglobs={"EXAMPLES": EXAMPLES}, optionflags=doctest.ELLIPSIS, verbose=False
    )
    assert result.attempted > 0, f"{module} has no examples"
    assert result.failed == 0


def test_top_level_names_are_the_functions() -> None:
    # ``elhub_cim.convert`` is the function even after its module was imported by name.
    import elhub_cim.convert as module_or_function  # noqa: F401
    from elhub_cim.convert import Conversion

    assert callable(elhub_cim.convert)
    assert elhub_cim.convert.__name__ == "convert"
    assert isinstance(elhub_cim.convert(MOVE_IN, to="cim"), Conversion)
    for name in elhub_cim.__all__:
        assert getattr(elhub_cim, name) is not None, name


def test_to_domain_checks_the_expected_model() -> None:
    request = elhub_cim.to_domain(MOVE_IN, StartOfSupplyRequest)
    assert isinstance(request, StartOfSupplyRequest)
    with pytest.raises(elhub_cim.UnexpectedDocumentError) as caught:
        elhub_cim.to_domain(MOVE_IN, EndOfSupplyRequest)
    assert caught.value.code == "DOC_UNEXPECTED"
    assert "expected EndOfSupplyRequest, got StartOfSupplyRequest" in str(caught.value)


def test_read_checks_the_expected_binding() -> None:
    message = elhub_cim.read(MOVE_IN)
    same = elhub_cim.read(MOVE_IN, type(message))
    assert type(same) is type(message)
    other = type(elhub_cim.read(EXAMPLES / "ebix" / "Acknowledgement.xml"))
    with pytest.raises(elhub_cim.UnexpectedDocumentError):
        elhub_cim.read(MOVE_IN, other)


def _header(**changes: str) -> Header:
    values = {
        "created": "2026-04-14T10:12:03+02:00",
        "sender": "7080001473624",
        "recipient": "7080004312159",
        "process": "BRS-NO-102",
        "role": "DDQ",
        **changes,
    }
    return Header.model_validate(values)


def test_header_defaults_on_direct_construction() -> None:
    header = Header(
        created="2026-04-14T10:12:03+02:00",  # type: ignore[arg-type]
        sender="7080001473624",
        recipient="7080004312159",
        process="BRS-NO-102",
        role="DDQ",  # type: ignore[arg-type]
    )
    assert header.physical_sender == "7080001473624"
    assert re.fullmatch(
        r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}", header.document_id
    )
    ack = Acknowledgement(
        header=header,
        status="accepted",  # type: ignore[arg-type]
        original_document_id="6eff62eb-b950-4e77-b341-ddc0d4de954c",
    )
    assert ack.header.document_type == "294"
    assert ack.header.document_id == header.document_id
    data = elhub_cim.from_domain(ack, to="ebix")
    assert elhub_cim.validate(data).valid
    assert b">294</" in data
    # A document with more than one usual type needs it; a wrong acknowledgement type is refused.
    with pytest.raises(ValueError, match="document_type is required"):
        EndOfSupplyNotification.model_validate(
            {
                "header": _header(),
                "end": "2026-05-01T00:00:00+02:00",
                "metering_point": "707057500421739658",
                "balance_supplier": "7080004312159",
                "customer": {},
                "customer_addresses": [
                    {"kind": "postal", "postcode": "7013", "city": "TRONDHEIM", "country": "NO"}
                ],
            }
        )
    with pytest.raises(ValueError, match="document type 294"):
        Acknowledgement(
            header=_header(document_type="392"),
            status="accepted",  # type: ignore[arg-type]
            original_document_id="6eff62eb-b950-4e77-b341-ddc0d4de954c",
        )
    # Given physical sender and type are kept.
    kept = _header(physical_sender="7080009035817", document_type="414")
    assert (kept.physical_sender, kept.document_type) == ("7080009035817", "414")


def test_version_changelog_and_policy_agree() -> None:
    assert re.fullmatch(r"\d+\.\d+\.\d+([.-]?(dev|a|b|rc)\d+)?", elhub_cim.__version__)
    assert importlib.metadata.version("elhub-cim") == elhub_cim.__version__
    changelog = (PROJECT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"## {elhub_cim.__version__}" in changelog
    assert "## Unreleased" in changelog
    policy = (PROJECT / "docs" / "api-policy.md").read_text(encoding="utf-8")
    for name in ("read", "validate", "write", "convert", "to_domain", "from_domain", "acknowledge"):
        assert f"`{name}`" in policy, name
        assert name in elhub_cim.__all__


def test_the_catalog_is_read_only_and_lookups_survive_a_mutation_attempt() -> None:
    from elhub_cim.core.catalog import catalog
    from elhub_cim.core.identify import identify

    known = catalog()
    key = next(iter(known))
    with pytest.raises(TypeError):
        known[key] = known[key]  # type: ignore[index]
    with pytest.raises(TypeError):
        del known[key]  # type: ignore[attr-defined]
    assert catalog()[key] is known[key]
    data = (
        Path(__file__).parent.parent / "examples" / "ebix" / "NotifyStartOfSupply.xml"
    ).read_bytes()
    assert identify(elhub_cim.parse(data)).name == "NotifyStartOfSupply"


@pytest.mark.parametrize("wrong", [b"<a/>", "<a/>", None])
def test_identify_takes_a_parsed_document_only(wrong: object) -> None:
    from elhub_cim.core.identify import identify

    with pytest.raises(TypeError, match="ParsedDocument"):
        identify(wrong)  # type: ignore[arg-type]


#: The modules whose ``__all__`` is public (docs/api-policy.md, "What is public", 3), besides
#: the top level; their process features raise errors of their own, exported there.
_DOCUMENTED = (
    "rules",
    "minimise",
    "sharing",
    "monitor",
    "notices",
    "times",
    "replies",
    "third_party",
)


def _subclasses(cls: type) -> set[type]:
    found: set[type] = set(cls.__subclasses__())
    for sub in list(found):
        found |= _subclasses(sub)
    return found


def test_every_error_class_is_public() -> None:
    """An actor system catches what the API raises by name: JsonInputError (CIM JSON input),
    ProjectionError (a Nordic lift), TransportMessageError and DateOutOfRangeError reached the
    caller but could be imported only from private modules."""
    import pkgutil
    import warnings

    with warnings.catch_warnings():  # (the moved modules' shims say where they went)
        warnings.simplefilter("ignore", DeprecationWarning)
        for module in pkgutil.walk_packages(elhub_cim.__path__, "elhub_cim."):
            if not module.name.startswith("elhub_cim._generated") and module.name != (
                "elhub_cim.__main__"
            ):
                importlib.import_module(module.name)
    missing = []
    for error in _subclasses(elhub_cim.ElhubCimError):
        name = error.__name__
        if name in elhub_cim.__all__:
            assert getattr(elhub_cim, name) is error
            continue
        homes = [
            d
            for d in _DOCUMENTED
            if name in getattr(importlib.import_module(f"elhub_cim.{d}"), "__all__", ())
        ]
        if not homes and not error.__module__.startswith("elhub_cim.core.xmlcompare"):
            missing.append(f"{error.__module__}.{name}")
    assert not missing, f"error classes no public module exports: {sorted(missing)}"
