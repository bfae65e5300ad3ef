"""The native reader (``elhub_cim.mapping._native``, C built by Cython from the read plans'
interpreter) against the generated and interpreted readers, on trees that the other tests'
documents do not hold: comments, processing instructions and CDATA inside values, several text
nodes, namespaces that differ only in their URI, xsi's attributes, non-ASCII whitespace, and
attributes whose value is not one text node (entities of a DTD). Every example, mutant and
generated document is compared in tests/test_compiled.py (``READERS``)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from elhub_cim.mapping import compiled, reading
from elhub_cim.mapping.tables import mapping_for_message
from elhub_cim.pipeline import check
from tests.conftest import PROJECT_ROOT
from tests.test_compiled import READERS, _read_each_way, _reader

EXAMPLES = PROJECT_ROOT / "examples"

needs_native = pytest.mark.skipif(
    reading._native is None, reason="the native reader is not built (pure-Python install)"
)


def test_the_native_reader_is_built_under_ci() -> None:
    """``make test`` builds it (hatch_build.py); a CI run without it would compare nothing."""
    if os.environ.get("CI", "").lower() != "true" and reading._native is None:
        pytest.skip("the native reader is not built here (no C compiler or Cython)")
    assert reading._native is not None
    assert reading.native


def _plan_and_root(name: str) -> tuple[Any, Any, Any]:
    document, message_type = check((EXAMPLES / name).read_bytes())
    found = mapping_for_message(message_type)
    assert found is not None
    mapping, side = found
    return mapping, side, document.root


def _leaves(root: Any) -> list[Any]:
    return [e for e in root.iter(etree.Element) if len(e) == 0 and e.text]


EDITS = [
    "comment inside",
    "comment after",
    "processing instruction",
    "cdata",
    "other namespace",
    "no namespace",
    "xsi attribute",
    "other attribute",
    "non-ascii space",
    "padded",
    "empty",
    "tail text",
    "duplicate",
    "remove",
    "split parent",
]
_EDITS = st.sampled_from(EDITS)


def _edit(root: Any, edit: str, index: int) -> None:
    leaves = _leaves(root)
    if not leaves:
        return
    leaf = leaves[index % len(leaves)]
    name = etree.QName(leaf)
    text = leaf.text or ""
    if edit == "comment inside":
        leaf.text = text[:1]
        leaf.append(etree.Comment("c"))
        leaf[-1].tail = text[1:]
    elif edit == "comment after":
        leaf.append(etree.Comment("c"))
    elif edit == "processing instruction":
        leaf.insert(0, etree.ProcessingInstruction("p", "q"))
    elif edit == "cdata":
        leaf.text = etree.CDATA(text)
    elif edit == "other namespace":
        leaf.tag = etree.QName("urn:x-other", name.localname).text
    elif edit == "no namespace":
        leaf.tag = name.localname
    elif edit == "xsi attribute":
        leaf.set("{http://www.w3.org/2001/XMLSchema-instance}nil", "false")
    elif edit == "other attribute":
        leaf.set("{urn:x-other}a", "1")
    elif edit == "non-ascii space":
        leaf.text = text + "\xa0"
    elif edit == "padded":
        leaf.text = f" {text}"
    elif edit == "empty":
        leaf.text = ""
    elif edit == "tail text":
        leaf.tail = "x"
    elif edit == "duplicate":
        parent = leaf.getparent()
        if parent is not None:
            parent.insert(
                parent.index(leaf), etree.fromstring(etree.tostring(leaf, with_tail=False))
            )
    elif edit == "split parent":  # (the leaf alone in a second element of its parent's name)
        parent = leaf.getparent()
        above = None if parent is None else parent.getparent()
        if parent is not None and above is not None:
            second = etree.Element(parent.tag)
            above.insert(above.index(parent) + 1, second)
            second.append(leaf)
    elif edit == "remove":
        parent = leaf.getparent()
        if parent is not None:
            parent.remove(leaf)


@needs_native
@pytest.mark.parametrize(
    "name",
    [
        "ebix/CollectedData.xml",
        "ebix/RequestEndOfSupply-move-out.xml",
        "cim/AccountingPointCharacteristics_BRS-NO-102.xml",
    ],
)
@given(edits=st.lists(st.tuples(_EDITS, st.integers(0, 200)), min_size=1, max_size=4))
def test_edited_trees_read_alike(name: str, edits: list[tuple[str, int]]) -> None:
    """Trees changed through lxml (what a safe parse may hand over, and more) read alike
    through the native, the generated and the interpreted reader: the same values, or a
    Fallback all three."""
    mapping, side, root = _plan_and_root(name)
    for edit, index in edits:
        _edit(root, edit, index)
    _read_each_way(mapping, side, root)


@needs_native
@pytest.mark.parametrize("edit", EDITS)
def test_each_edit_reads_alike_wherever_it_is_made(edit: str) -> None:
    """Every kind of edit, at every leaf of each document in turn (hypothesis above draws
    combinations; this makes sure no kind is left out)."""
    for name in ("ebix/CollectedData.xml", "cim/AccountingPointCharacteristics_BRS-NO-102.xml"):
        count = len(_leaves(_plan_and_root(name)[2]))
        for index in range(count):
            mapping, side, root = _plan_and_root(name)
            _edit(root, edit, index)
            _read_each_way(mapping, side, root)


@needs_native
def test_the_examples_read_natively_without_falling_back() -> None:
    """The native reader is not a Fallback in disguise: the examples read through it."""
    read = 0
    for path in sorted((EXAMPLES / "ebix").glob("*.xml")):
        document, message_type = check(path.read_bytes())
        found = mapping_for_message(message_type)
        if found is None:
            continue
        mapping, side = found
        outcome = _read_each_way(mapping, side, document.root)
        read += outcome[0] != "fallback"
    assert read >= 20


_DTD_DOCUMENT = """<?xml version="1.0"?>
<!DOCTYPE {root} [
<!ENTITY scheme "9">
<!ATTLIST {element} schemeAgencyIdentifier CDATA "9">
]>
"""


@needs_native
@pytest.mark.parametrize("with_entity", [True, False])
def test_attributes_a_dtd_shapes_read_as_lxml_reads_them(with_entity: bool) -> None:
    """An attribute whose value holds an entity of the document's DTD (several nodes, not one
    text) and an attribute a DTD gives by default: the native reader asks lxml, as the
    interpreter does, and all three readers agree."""
    mapping, side, root = _plan_and_root("ebix/RequestEndOfSupply-move-out.xml")
    carrier = next(e for e in root.iter(etree.Element) if e.get("schemeAgencyIdentifier"))
    element = f"{carrier.prefix}:{etree.QName(carrier).localname}"  # (as the DTD names it)
    text = etree.tostring(root, encoding="unicode")
    attribute = 'schemeAgencyIdentifier="9"'
    assert attribute in text
    assert f"<{element} " in text
    value = 'schemeAgencyIdentifier="&scheme;"' if with_entity else ""
    text = text.replace(attribute, value, 1)
    name = f"{root.prefix}:{etree.QName(root).localname}"
    head = _DTD_DOCUMENT.format(root=name, element=element)
    parser = etree.XMLParser(resolve_entities=False, load_dtd=True)
    tree = etree.fromstring((head + text).encode(), parser)
    assert tree.getroottree().docinfo.internalDTD is not None
    found = tree.find(f".//{carrier.tag}")
    assert found is not None
    assert found.get("schemeAgencyIdentifier") == "9"
    _read_each_way(mapping, side, tree)


@pytest.mark.parametrize(("native", "generated"), READERS)
@pytest.mark.parametrize(
    ("codes", "expected"),
    [
        (None, {"g": {"flag": "yes"}}),
        ({"yes": "Y"}, {"g": {"flag": "Y"}}),
        ({"other": "O"}, "fallback"),  # (a present value its code table lacks)
    ],
)
def test_a_present_row_alone_in_its_group_reads_alike(
    native: bool, generated: bool, codes: dict[str, str] | None, expected: object
) -> None:
    """A ``present:`` row that every reader may set as its group ends (``_inline_presents``),
    the only row of a group: the group is there because of it, with the row's value (or its
    code), and a value its code table lacks is a Fallback. Each reader alike."""
    from elhub_cim.mapping.reading import _RULE, _ReadGroup, _ReadPart, _ReadRow, _RuleRow
    from elhub_cim.mapping.rules import ConversionOptions

    rule = _RuleRow("present:yes", ("flag",), codes)
    row = _ReadRow(_RULE, ("p",), None, 0, None, ("flag",), None, rule)
    sub = _ReadGroup((row,), ())
    part = _ReadPart(("g",), False, 0, {}, {})
    plan = _ReadGroup((), ((sub, part, ("g",), False, False),))
    assert reading._inline_presents(sub) == {id(row)}
    root = etree.fromstring(b"<r><g><p/></g></r>")
    with _reader(native, generated):
        try:
            found: object = reading._run_read_plan(
                plan, "ebix", root, "either", ConversionOptions()
            )
        except compiled.Fallback:
            found = "fallback"
    assert found == expected


_PURE = """
import importlib.abc, sys
class Blocker(importlib.abc.MetaPathFinder):
    # As if no C compiler had built them: the native modules cannot be found.
    def find_spec(self, name, path=None, target=None):
        if name.endswith("._native"):
            raise ImportError(name)
sys.meta_path.insert(0, Blocker())
import elhub_cim
from elhub_cim.mapping import reading
from elhub_cim.rules import identifiers
assert reading._native is None and identifiers._native is None
for path in sys.argv[1:]:
    result = elhub_cim.convert(open(path, "rb").read(), to="cim")
    sys.stdout.buffer.write(result.data)
    sys.stdout.write(repr([(p.code, p.path) for p in result.findings]))
"""


def test_a_pure_python_install_converts_alike() -> None:
    """Without the native modules (a machine with no C compiler) the package imports and
    converts the examples to the same bytes and findings, through the generated readers and
    the XPath."""
    import subprocess
    import sys

    import elhub_cim

    paths = [str(p) for p in sorted((EXAMPLES / "ebix").glob("*.xml"))[:12]]
    pure = subprocess.run(
        [sys.executable, "-c", _PURE, *paths], capture_output=True, check=True
    ).stdout
    here = b""
    for path in paths:
        with open(path, "rb") as handle:
            result = elhub_cim.convert(handle.read(), to="cim")
        here += result.data + repr([(p.code, p.path) for p in result.findings]).encode()
    assert pure == here


_NOT_A_ROOT = """
import sys
import elhub_cim
from elhub_cim.mapping import compiled, reading
document, message_type = elhub_cim.check(open(sys.argv[2], "rb").read())
reading.native = sys.argv[1] == "native"
for root in (None, document.root.getroottree(), "<r/>"):
    print(compiled.quick_check(message_type, root))
"""


@pytest.mark.parametrize("way", ["native", "python"])
def test_quick_check_given_no_element_says_only_the_engine_can_tell(way: str) -> None:
    """``quick_check`` given no element for a root (None, a tree, text): False (the engine
    decides), natively as without. (The native reader read an lxml element's fields from
    whatever it was given: None crashed the interpreter.) In a child process, so that a crash
    fails this test rather than ending the run."""
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-c", _NOT_A_ROOT, way, str(EXAMPLES / "ebix" / "CollectedData.xml")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.splitlines() == ["False", "False", "False"]


_STALE = """
import sys, types
# A native reader from another build (an older source, another lxml): it imports, but takes
# other arguments than reading.py gives it.
stale = types.ModuleType("elhub_cim.mapping._native")
def configure(*arguments):
    raise TypeError("configure() takes 8 positional arguments but 9 were given")
stale.configure = configure
sys.modules["elhub_cim.mapping._native"] = stale
from elhub_cim.mapping import reading
assert reading._native is None
import elhub_cim
result = elhub_cim.convert(open(sys.argv[1], "rb").read(), to="cim")
sys.stdout.buffer.write(result.data)
"""


def test_a_native_reader_that_refuses_its_configuration_leaves_pure_python() -> None:
    """A native reader that imports but refuses what ``configure`` hands it (built from an
    older source, left beside a newer reading.py) is left unused, as one that does not import
    is: the package imports and converts in pure Python, to the same bytes."""
    import subprocess
    import sys

    import elhub_cim

    path = EXAMPLES / "ebix" / "CollectedData.xml"
    result = subprocess.run(
        [sys.executable, "-c", _STALE, str(path)], capture_output=True, check=False
    )
    assert result.returncode == 0, result.stderr.decode()[-2000:]
    assert result.stdout == elhub_cim.convert(path.read_bytes(), to="cim").data


def test_a_failed_build_leaves_no_module_of_an_older_source(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build that fails (here: a source Cython refuses) leaves no module built from an older
    source beside it, which would run against newer Python code: the package then reads in
    pure Python, as ``make`` and the wheel hook say it does."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("hatch_build", PROJECT_ROOT / "hatch_build.py")
    assert spec is not None
    assert spec.loader is not None
    hatch = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hatch)
    sources: dict[str, Path] = {}
    for name in ("reader", "walk"):
        folder = tmp_path / name
        folder.mkdir()
        source = folder / "_native.pyx"
        source.write_text("def broken(:\n", encoding="utf-8")
        hatch.built_module(source).write_bytes(b"an older build")
        sources[f"{name}._native"] = source
    monkeypatch.setattr(hatch, "SOURCES", sources)
    with pytest.raises(Exception):  # noqa: B017,PT011  (whatever Cython raises)
        hatch.build_native()
    assert [p.name for p in tmp_path.rglob("*") if p.is_file()] == ["_native.pyx"] * 2


_ODD_PLAN = """
import sys
from lxml import etree
from elhub_cim.mapping import reading
from elhub_cim.mapping.reading import _PLAIN, _ReadGroup, _ReadPart, _ReadRow
from elhub_cim.mapping.rules import ConversionOptions
case, native, generated = sys.argv[1], sys.argv[2] == "True", sys.argv[3] == "True"
reading.native, reading.generated = native, generated
domain = () if case == "no domain" else ("v",)
row = _ReadRow(_PLAIN, ("v",), None, 0, None, domain, None, None)
skip = -1 if case == "negative skip" else 0
part = _ReadPart(("g",), True, skip, {}, {})
plan = _ReadGroup((), ((_ReadGroup((row,), ()), part, ("g",), True, False),))
root = etree.fromstring(b"<r><g><v>1</v></g><g><v>2</v></g><g><v>3</v></g></r>")
try:  # what the reader reads, before it checks that it read everything
    if native:
        state = reading._native.NativeReading("ebix")
        state.read(reading._native_plan(reading._native, plan), root)
    else:
        state = reading._Reading("ebix")
        reader = reading._reader(plan, "ebix") if generated else None
        if reader is None:
            state.group(plan, root, state.values)
        else:
            reader(state, root, state.values, None)
    print(state.values)
except Exception as error:
    print(type(error).__name__)
try:
    print(reading._run_read_plan(plan, "ebix", root, "either", ConversionOptions()))
except Exception as error:
    print(type(error).__name__)
"""


def _odd_plan(case: str, native: bool, generated: bool) -> str:
    """What reading ``_ODD_PLAN`` gives, in a child process (a crash fails, not ends, the run)."""
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-c", _ODD_PLAN, case, str(native), str(generated)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout.strip()


@pytest.mark.parametrize(("native", "generated"), READERS)
def test_a_plan_that_skips_from_the_end_reads_alike(native: bool, generated: bool) -> None:
    """A plan whose list skips a negative number of items (a kept plan from a damaged cache
    file): each reader reads the items Python's slice takes (here the last alone; the others
    unread, a Fallback). The native reader read before the start of its list and crashed."""
    assert _odd_plan("negative skip", native, generated) == "{'g': [{'v': '3'}]}\nFallback"


@pytest.mark.parametrize(("native", "generated"), READERS)
def test_a_plan_with_a_row_that_sets_nowhere_fails_alike(native: bool, generated: bool) -> None:
    """A plan whose row names no domain path to set (a kept plan from a damaged cache file):
    Python's IndexError from every reader. The native reader read past the end of the empty
    path and crashed."""
    assert _odd_plan("no domain", native, generated) == "IndexError\nIndexError"


_ANOTHER_LXML = """
import importlib.abc, importlib.machinery, importlib.util, sys, warnings
# Built against another lxml whose types differ in size: Cython's import of them warns
# ("size changed, may indicate binary incompatibility") and the module loads all the same.
class Loader(importlib.abc.Loader):
    def __init__(self, real):
        self.real = real
    def create_module(self, spec):
        return None
    def exec_module(self, module):
        warnings.warn(
            "lxml.etree._Element size changed, may indicate binary incompatibility",
            RuntimeWarning,
        )
        real = importlib.util.module_from_spec(self.real)
        self.real.loader.exec_module(real)
        module.__dict__.update({k: v for k, v in vars(real).items() if not k.startswith("__")})
class Finder(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if not name.endswith("._native"):
            return None
        real = importlib.machinery.PathFinder.find_spec(name, path)
        return importlib.util.spec_from_loader(name, Loader(real)) if real else None
sys.meta_path.insert(0, Finder())
from elhub_cim.mapping import reading
from elhub_cim.rules import identifiers
print(reading._native is None, identifiers._native is None)
"""


@needs_native
def test_native_modules_built_against_another_lxml_are_left_unused_quietly() -> None:
    """Modules whose import warns that lxml's types changed size (built against another lxml:
    they would read its elements' fields where another layout may have put them) are left
    unused, as those that do not import are: pure Python, and no warning on stderr."""
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-c", _ANOTHER_LXML], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert (result.stdout, result.stderr) == ("True True\n", "")


def _stub_parameters(stub: Path) -> dict[str, list[str]]:
    """The parameter names of every function and method a ``.pyi`` declares."""
    import ast

    found: dict[str, list[str]] = {}
    tree = ast.parse(stub.read_text(encoding="utf-8"))
    for node in tree.body:
        members = node.body if isinstance(node, ast.ClassDef) else [node]
        prefix = f"{node.name}." if isinstance(node, ast.ClassDef) else ""
        for member in members:
            if isinstance(member, ast.FunctionDef) and member.name != "__init__":
                found[prefix + member.name] = [a.arg for a in member.args.args]
    return found


@needs_native
@pytest.mark.parametrize("package", ["mapping", "rules"])
def test_the_type_stubs_name_the_parameters_the_native_modules_take(package: str) -> None:
    """Each ``_native.pyi`` declares the functions of its module with the parameters they take
    (the reader's ``compile_plan`` also takes the inline rows and the present values)."""
    import importlib
    import inspect

    module = importlib.import_module(f"elhub_cim.{package}._native")
    stub = PROJECT_ROOT / "src" / "elhub_cim" / package / "_native.pyi"
    declared = _stub_parameters(stub)
    assert declared
    for name, parameters in declared.items():
        target: Any = module
        for part in name.split("."):
            target = getattr(target, part)
        assert list(inspect.signature(target).parameters) == parameters, name


@pytest.mark.parametrize("native", [True, False])
def test_a_tree_of_another_element_class_reads_as_its_text(
    native: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A ``ParsedDocument`` whose tree lxml.objectify made (its elements redefine ``len()`` and
    ``.text``) reads into the domain as its text does, natively as without: the Python readers
    took such a tree's times as they were (no UTC), the native reader normalised them."""
    from lxml import objectify

    import elhub_cim
    from elhub_cim.core.safeparse import ParsedDocument

    monkeypatch.setattr(reading, "native", native)
    for path in sorted((EXAMPLES / "cim").glob("*.xml"))[:12]:
        data = path.read_bytes()
        document = ParsedDocument(objectify.fromstring(data), path.name, len(data))
        expected = elhub_cim.to_domain(data)
        assert elhub_cim.to_domain(document) == expected, path.name
