"""The business rules' shortcuts give exactly what the plain way gives.

``rules.check`` runs on every input, so the engine walks plain field paths by tag instead of
XPath, passes over rule sets with no rule for the document, keeps what it found per document
and judge, reads element paths from lxml's C code, and masking skips its regex where no run of
eleven digits is. Each shortcut is checked here against a straightforward reference (written out
in this file, not taken from the package): the findings of every example document (ours always;
Elhub's where ``../shared/reference`` is there) and of variants of them, and each shortcut alone on
odd input (namespaces, comments, repeated names, non-ASCII digits).
"""

from __future__ import annotations

import dataclasses
import random
import re
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

import elhub_cim
from elhub_cim.core import errors, validation
from elhub_cim.core.errors import MASK, is_identity_number, mask_identity_numbers
from elhub_cim.core.identify import identify
from elhub_cim.core.safeparse import ParsedDocument, parse_bytes
from elhub_cim.rules import check, engine, identifiers
from elhub_cim.rules.engine import Found, evaluate, load_rule_set
from elhub_cim.rules.working_days import add_working_days, subtract_working_days
from tests import mutations
from tests.conftest import PROJECT_ROOT, REFERENCE_ROOT

OWN_EXAMPLES = sorted((PROJECT_ROOT / "examples").glob("*/*.xml"))
EMIF_EXAMPLES = REFERENCE_ROOT / "elhub-emif-2.4.3" / "examples"

# --- the references -----------------------------------------------------------------------------


def reference_find(context: etree._Element, path: str) -> list[Found]:
    """A field by XPath, ``local-name()`` per step (how the engine found fields before)."""
    steps = []
    for part in path.removeprefix("./").split("/"):
        if part.startswith("@") or part == ".":
            steps.append(part)
        else:
            steps.append(f"*[local-name()='{part}']")
    found = []
    for item in etree.XPath("/".join(steps))(context):  # type: ignore[union-attr]
        if isinstance(item, etree._Element):
            found.append(Found((item.text or "").strip(), item))
        else:
            found.append(Found(str(item), item.getparent(), str(item.attrname)))  # type: ignore[union-attr]
    return found


def reference_texts(context: etree._Element, path: str) -> list[str]:
    """The values of a field (found through the engine's memo: the reference when turned off)."""
    return [f.value for f in engine._find(context, path)]


def reference_deepest(context: etree._Element, path: str) -> etree._Element:
    element = context
    for part in path.removeprefix("./").split("/"):
        if part.startswith("@") or part == ".":
            break
        child = etree.XPath(f"*[local-name()='{part}']")(element)
        assert isinstance(child, list)
        if not child:
            break
        element = child[0]  # type: ignore[assignment]
    return element


def reference_path(element: etree._Element) -> str:
    """``/Root/Child[2]/Leaf``: local names, ``[n]`` where the tag repeats among siblings."""
    parts = []
    node: etree._Element | None = element
    while node is not None:
        parent = node.getparent()
        tag = node.tag
        assert isinstance(tag, str)
        local = tag[tag.find("}") + 1 :]
        if parent is not None:
            same = [s for s in parent if s.tag == tag]
            if len(same) > 1:
                local += f"[{[s is node for s in same].index(True) + 1}]"
        parts.append(local)
        node = parent
    return "/" + "/".join(reversed(parts))


# Eleven ASCII digits beside a digit of another script (a fullwidth 0 after an identity number
# does not hide it), or eleven digits of any script: the masking's definition (core.errors).
_ELEVEN = re.compile(r"(?<![0-9])[0-9]{11}(?![0-9])|(?<!\d)\d{11}(?!\d)")


def reference_mask(text: str, known: Any = ()) -> str:
    for value in known:
        if value:
            text = text.replace(value, MASK)
    return _ELEVEN.sub(lambda m: MASK if is_identity_number(m[0]) else m[0], text)


def reference_identity_numbers(root: etree._Element) -> list[str]:
    found = []
    for element in root.iter():
        if isinstance(element.tag, str):
            for attribute, schemes in validation.IDENTITY_NUMBER_SCHEMES.items():
                if element.get(attribute) in schemes and element.text:
                    found.append(element.text.strip())
    return found


def reference_declared(root: etree._Element) -> list[tuple[etree._Element, Any]]:
    by_attribute: dict[str, dict[str, Any]] = {}
    for scheme in identifiers.identifier_schemes():
        by_attribute.setdefault(scheme.attribute, {})[scheme.value] = scheme
    found = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        for name, value in element.items():  # attributes in document order
            known = by_attribute.get(str(name), {}).get(str(value))
            if known is not None:
                found.append((element, known))
    return found


@pytest.fixture
def plain(monkeypatch: pytest.MonkeyPatch) -> Callable[[], None]:
    """Turns every shortcut off (call it): the references above, no rule set passed over, no
    kept times; what the engine keeps per document then only ever holds what XPath found."""

    def turn_off() -> None:
        monkeypatch.setattr(engine, "_find_now", reference_find)
        monkeypatch.setattr(engine, "_find_texts", reference_texts)
        monkeypatch.setattr(engine, "_deepest", reference_deepest)
        monkeypatch.setattr(engine, "_walked", lambda rule_set, standard: False)
        monkeypatch.setattr(engine, "_instant", engine.instant)
        monkeypatch.setattr(engine, "_standard_rules", _Forgetful())
        monkeypatch.setattr(engine, "_plans", _Forgetful())
        monkeypatch.setattr(errors, "_SHOWN_FILES", _Forgetful())
        monkeypatch.setattr(identifiers, "_FINDINGS", _Forgetful())
        monkeypatch.setattr(identifiers, "_JUDGED", _Forgetful())
        monkeypatch.setattr(errors, "_SHOWN_PATHS", _Forgetful())
        for module in (engine, validation):
            monkeypatch.setattr(module, "readable_path", reference_path)
        monkeypatch.setattr(
            identifiers, "readable_paths", lambda elements: [reference_path(e) for e in elements]
        )
        for module in (engine, identifiers, errors, validation):
            monkeypatch.setattr(module, "mask_identity_numbers", reference_mask)
        monkeypatch.setattr(engine, "identity_numbers", reference_identity_numbers)
        monkeypatch.setattr(identifiers, "_declared", reference_declared)

    return turn_off


class _Forgetful(dict[Any, Any]):
    """A cache that keeps nothing: the rules of a rule set worked out on every call."""

    def __setitem__(self, key: Any, value: Any) -> None:
        return None


# --- every example and variants of it -------------------------------------------------------


#: The texts a changed leaf gets: dates at and beyond the edges, identity numbers, check digits,
#: codes.
VALUES = [
    "2026-03-01T00:00:00+01:00", "2026-02-28T23:00:00Z", "2026-04-15T10:00:00Z",
    "2026-10-25T01:00:00Z", "9999-12-31T23:59:59Z", "0001-01-01T00:00:00Z", "not a date",
    "", "01010012356", "Ola 01010012356", "7080005051286", "707057500012345678",
    "10YNO-1--------2", "923609016", "E10", "Z01", "NO611", "BRS-NO-611", "PT15M", "PT1H",
    "P1D", "Gate*", "25", "1", "x" * 300,
]  # fmt: skip
#: The attributes a change sets, and the codes it sets them to.
ATTRIBUTES = ["schemeAgencyIdentifier", "codingScheme"]
CODES = ["9", "305", "82", "Z01", "A10", "A01", "NNO", "ARR"]


def _variants(data: bytes, seed: int, count: int) -> Iterator[bytes]:
    """``data`` and ``count`` changed copies (tests/mutations.py): an element left out, doubled
    or moved to the end, a leaf's text replaced by one of :data:`VALUES`, an attribute set to a
    code."""
    yield data
    rng = random.Random(seed)
    for _ in range(count):
        changes = []
        for _ in range(rng.randrange(1, 4)):
            kind, which = rng.randrange(mutations.KINDS), rng.randrange(1000)
            if kind == mutations.NEW_TEXT:
                changes.append(mutations.Change(kind, which, rng.choice(VALUES)))
            else:
                code, attribute = rng.choice(CODES), rng.choice(ATTRIBUTES)
                changes.append(mutations.Change(kind, which, code, attribute))
        yield mutations.changed(data, changes)


def _documents(paths: list[Path], count: int) -> list[ParsedDocument]:
    return [
        parse_bytes(variant, name=path.name)
        for number, path in enumerate(paths)
        for variant in _variants(path.read_bytes(), number, count)
    ]


SETTINGS: list[dict[str, Any]] = [
    {},
    {"strict": True},
    {"as_of": date(2026, 5, 1)},
    {"as_of": datetime(2025, 1, 1, 12, 0)},
]


def _findings(documents: list[ParsedDocument]) -> list[list[tuple[Any, ...]]]:
    results = []
    for document in documents:
        message_type = identify(document)
        for setting in SETTINGS:
            results.append(
                [
                    (p.code, p.message, p.file, p.line, p.path, p.severity)
                    for p in check(document, message_type, **setting)
                ]
            )
    return results


def _same_findings(documents: list[ParsedDocument], plain: Callable[[], None]) -> None:
    fast = _findings(documents)
    plain()
    assert _findings(documents) == fast
    assert any(fast)  # the variants break rules: the comparison is about findings


def test_own_examples_and_variants_have_the_findings_of_the_plain_way(
    plain: Callable[[], None],
) -> None:
    assert len(OWN_EXAMPLES) > 60
    _same_findings(_documents(OWN_EXAMPLES, 3), plain)


def test_elhubs_examples_and_variants_have_the_findings_of_the_plain_way(
    emif_reference: Path, plain: Callable[[], None]
) -> None:
    paths = sorted((emif_reference / "examples").glob("*.xml"))
    assert len(paths) >= 14
    _same_findings(_documents(paths, 6), plain)


class _NoSteps:
    """In place of engine._steps: nothing kept, every step taken afresh."""

    def get(self) -> None:
        return None

    def set(self, value: Any) -> None:
        return None

    def reset(self, token: Any) -> None:
        return None


def test_steps_kept_for_an_evaluation_find_what_steps_taken_afresh_find(
    emif_reference: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The children by tag of one element are kept while a document is evaluated (engine._steps):
    the findings of every example and variants of it are those without."""
    documents = _documents(OWN_EXAMPLES, 2) + _documents(
        sorted((emif_reference / "examples").glob("*.xml")), 4
    )
    kept = _findings(documents)
    monkeypatch.setattr(engine, "_steps", _NoSteps())
    assert _findings(documents) == kept
    assert any(kept)


@pytest.mark.parametrize("path", OWN_EXAMPLES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_own_examples_have_no_findings_at_all(path: Path) -> None:
    """Our examples carry real check digits and follow every rule: not even a warning."""
    document, message_type = elhub_cim.check(path)
    assert [p.format() for p in check(document, message_type, strict=True)] == []


# --- the field walk -------------------------------------------------------------------------

ODD = """<r xmlns="urn:a" xmlns:b="urn:b/x/y" xmlns:c="urn:c">
  <H><C>2026-01-01T00:00:00Z</C><b:C> two </b:C><!-- C --><?C x?><D a="1" b:a="2"/></H>
  <b:H><C>three</C><D/><D a=""/></b:H>
  <P><S><T x="1">p</T><T x="2"/><T/></S><S/><S><T x="3">q</T></S></P>
  <n xmlns=""><C>none</C></n>
  <Ä ö="o1"><C>a1</C><C>a2</C></Ä><Ä><C>a3</C></Ä>
</r>""".encode()

PATHS = [
    "H/C", "H/D/@a", "H/D/@b", "./H/C", "H/./C", ".", "./.", "H", "H/D/@x", "P/S/T", "P/S/T/@x",
    "./P/S/T/@x", "n/C", "X", "H/X/C", "P/S", "H/C/@a",
    # names beyond ASCII: XPath finds them
    "Ä", "Ä/C", "Ä/@ö", "./Ä/./C", "Ä/C/@ö",
    # not plain names: XPath says what they mean
    "H/*", "H/C[1]", "H/@a/C", "H/b:C", "@a", "H/D/@*", "", "H//C", "H/text()", "H/C'",
]  # fmt: skip


@pytest.mark.parametrize("path", PATHS)
def test_a_field_is_found_as_xpath_finds_it(path: str) -> None:
    root = etree.fromstring(ODD)
    try:
        expected = reference_find(root, path)
    except etree.XPathError:  # the engine raises what XPath raises
        with pytest.raises(etree.XPathError):
            engine._find_now(root, path)
        return
    found = engine._find_now(root, path)
    assert [(f.value, f.element, f.attribute) for f in found] == [
        (f.value, f.element, f.attribute) for f in expected
    ]
    for context in root.iter("{*}S", "{*}H"):
        assert [(f.value, f.element, f.attribute) for f in engine._find_now(context, path)] == [
            (f.value, f.element, f.attribute) for f in reference_find(context, path)
        ]


def test_plain_paths_are_walked_without_xpath(monkeypatch: pytest.MonkeyPatch) -> None:
    root = etree.fromstring(ODD)

    def no_xpath(path: str) -> Any:
        raise AssertionError(f"XPath for {path}")

    monkeypatch.setattr(engine, "_xpath", no_xpath)
    assert [f.value for f in engine._find_now(root, "H/C")] == [
        "2026-01-01T00:00:00Z",
        "two",
        "three",
    ]
    assert [f.value for f in engine._find_now(root, "./P/S/T/@x")] == ["1", "2", "3"]
    assert engine._deepest(root, "P/S/X").tag == "{urn:a}S"
    with pytest.raises(AssertionError, match="XPath for"):
        engine._find_now(root, "Ä/C")


def test_plain_paths_are_walked_and_others_left_to_xpath() -> None:
    assert engine._walk("./Period/Point/position") == (
        ("{*}Period", "{*}Point", "{*}position"),
        None,
    )
    assert engine._walk("Header/DocumentType/@listAgencyIdentifier") == (
        ("{*}Header", "{*}DocumentType"),
        "listAgencyIdentifier",
    )
    assert engine._walk("process.processType") == (("{*}process.processType",), None)
    assert engine._walk("a_b/c-d/./e") == (("{*}a_b", "{*}c-d", "{*}e"), None)
    assert engine._walk(".") == ((), None)
    assert engine._walk("@a") == ((), "a")
    for path in ["H/*", "H/C[1]", "@a/C", "H/@a/C", "p:H", "", "H//C", "H/@p:a", "1H", "H/@1"]:
        assert engine._walk(path) is None, path


@pytest.mark.parametrize(
    "path",
    [
        "H/C",
        "./H/C",
        "H/X/C",
        "P/S/T",
        "P/X",
        "X",
        "H/@a",
        "H/./C",
        "H/C[1]",
        "P/*/T",
        "n/C",
        "Ä/C",
        "Ä/X",
        "Ä/C/X",
    ],
)
def test_a_missing_field_is_anchored_where_xpath_anchors_it(path: str) -> None:
    root = etree.fromstring(ODD)
    for context in [root, *root.iter("{*}P", "{*}S")]:
        assert engine._deepest(context, path) is reference_deepest(context, path)


@st.composite
def _trees(draw: st.DrawFn) -> etree._Element:
    names = st.sampled_from(["A", "B", "{urn:x}A", "{urn:y/z}B", "C"])

    def grow(element: etree._Element, depth: int) -> None:
        for _ in range(draw(st.integers(0, 3 if depth < 3 else 0))):
            child = etree.SubElement(element, draw(names))
            if draw(st.booleans()):
                child.set("a", draw(st.sampled_from(["", "1", "x"])))
            child.text = draw(st.sampled_from([None, "", " v ", "w"]))
            grow(child, depth + 1)
        if draw(st.booleans()):
            element.append(etree.Comment("A"))

    root = etree.Element("{urn:x}R")
    grow(root, 0)
    return root


@given(_trees(), st.lists(st.sampled_from(["A", "B", "C", "."]), min_size=1, max_size=4))
def test_walked_fields_and_paths_match_the_references_on_any_tree(
    root: etree._Element, steps: list[str]
) -> None:
    for path in ["/".join(steps), "/".join(steps) + "/@a", "./" + "/".join(steps)]:
        assert [(f.value, f.element, f.attribute) for f in engine._find_now(root, path)] == [
            (f.value, f.element, f.attribute) for f in reference_find(root, path)
        ]
        assert engine._deepest(root, path) is reference_deepest(root, path)
        assert engine._find_texts(root, path) == [f.value for f in reference_find(root, path)]
    for element in root.iter():
        if isinstance(element.tag, str):
            assert validation.readable_path(element) == reference_path(element)
    assert validation.identity_numbers(root) == reference_identity_numbers(root)


@st.composite
def _carrying_trees(draw: st.DrawFn) -> etree._Element:
    """Trees whose elements name schemes (identity-number ones or not, in any order, also under
    a namespace) with texts that are there, empty or missing, and comments among them."""
    attributes = st.sampled_from(["schemeAgencyIdentifier", "codingScheme", "{urn:p}codingScheme"])
    values = st.sampled_from(["Z01", "ARR", "9", "A10", "", "z01"])

    def grow(element: etree._Element, depth: int) -> None:
        for _ in range(draw(st.integers(0, 3 if depth < 3 else 0))):
            child = etree.SubElement(element, draw(st.sampled_from(["A", "{urn:x}B"])))
            for attribute in draw(st.lists(attributes, max_size=3, unique=True)):
                child.set(attribute, draw(values))
            child.text = draw(st.sampled_from([None, "", " 01010012356 ", "w", " "]))
            grow(child, depth + 1)
            if draw(st.booleans()):
                element.append(etree.Comment("c"))

    root = etree.Element("R")
    grow(root, 0)
    return root


@given(_carrying_trees())
def test_identity_numbers_are_those_a_walk_reads_on_any_tree(root: etree._Element) -> None:
    for element in root.iter():
        if isinstance(element.tag, str):
            assert validation.identity_numbers(element) == reference_identity_numbers(element)


@st.composite
def _wide_trees(draw: st.DrawFn) -> etree._Element:
    """Series-like trees: a level of many children (points), mostly of one name, some of other
    names or namespaces, comments among them, each with children of the names looked for, and
    those names again deeper down and beside the level (which a step must not take)."""
    names = st.sampled_from(["P", "P", "P", "{urn:x}P", "Q", "C"])
    root = etree.Element("{urn:x}R")
    for _ in range(draw(st.integers(1, 3))):
        period = etree.SubElement(root, draw(st.sampled_from(["S", "{urn:y}S"])))
        if draw(st.booleans()):
            etree.SubElement(period, "C").text = "beside"
        for number in range(draw(st.integers(0, 24))):
            point = etree.SubElement(period, draw(names))
            for _ in range(draw(st.integers(0, 2))):
                child = etree.SubElement(point, draw(st.sampled_from(["C", "{urn:z}C", "D"])))
                child.text = f" {number} "
                if draw(st.booleans()):
                    child.set("a", str(number))
                if draw(st.integers(0, 4)) == 0:
                    etree.SubElement(child, "C").text = "deeper"
            if draw(st.integers(0, 5)) == 0:
                period.append(etree.Comment("C"))
    return root


@given(_wide_trees(), st.sampled_from(["S/P/C", "./S/P/C/@a", "S/P/D", "S/P", "S/P/C/C", "S/Q/C"]))
def test_wide_levels_are_stepped_as_xpath_steps(root: etree._Element, path: str) -> None:
    """Many points of one parent are stepped from by one scan: what XPath finds, in order."""
    for context in [root, *root]:
        expected = reference_find(context, path)
        found = engine._find_now(context, path)
        assert [(f.value, f.element, f.attribute) for f in found] == [
            (f.value, f.element, f.attribute) for f in expected
        ]
        assert engine._find_texts(context, path) == [f.value for f in expected]


# --- element paths, identity numbers, masking ---------------------------------------------------


def test_element_paths_count_siblings_by_namespace_and_name() -> None:
    root = etree.fromstring(ODD)
    paths = [validation.readable_path(e) for e in root.iter() if isinstance(e.tag, str)]
    assert paths == [reference_path(e) for e in root.iter() if isinstance(e.tag, str)]
    assert "/r/H/C" in paths
    assert "/r/P/S[3]/T" in paths
    assert paths.count("/r/H") == 2  # urn:a H and urn:b/x/y H: different tags, no [n]
    assert "/r/P/S[1]/T[2]" in paths
    assert "/r/n/C" in paths


def test_element_paths_of_odd_nodes_are_walked() -> None:
    root = etree.fromstring(b"<a><b><c/></b><b><c/><c/></b></a>")
    first = root[0]
    root.remove(first)  # out of its tree: lxml has no element path for it
    assert validation.readable_path(first[0]) == "/b/c"
    assert validation.readable_path(root[0][1]) == "/a/b/c[2]"
    assert validation.readable_path(root) == "/a"
    built = etree.Element("{u/v}x")
    child = etree.SubElement(etree.SubElement(built, "{u/v}y"), "{u/v}y")
    assert validation.readable_path(child) == "/x/y/y"
    comment = etree.Comment("c")
    root.append(comment)
    with pytest.raises(ValueError, match="Invalid input tag"):  # as before: no local name
        validation.readable_path(comment)


def test_identity_numbers_are_read_in_document_order_once_per_scheme() -> None:
    root = etree.fromstring(
        b'<a schemeAgencyIdentifier="Z01"> 1 <b codingScheme="ARR" schemeAgencyIdentifier="Z01">'
        b'x</b><!-- c --><c codingScheme="ARR"/><d codingScheme="Z01">no</d>'
        b'<e xmlns:p="urn:p" p:codingScheme="ARR">no</e><f codingScheme="ARR">2</f></a>'
    )
    assert validation.identity_numbers(root) == ["1", "x", "x", "2"]
    assert validation.identity_numbers(root[0]) == ["x", "x"]


_TEXT = st.text(alphabet="0123456789 a-/.\u0663\u0966", max_size=40)


@st.composite
def _texts(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.one_of(_TEXT, st.sampled_from(["01010012356", "31129910065"]))))
    return "".join(parts)


@given(_texts())
def test_masking_is_the_regex_masking(text: str) -> None:
    assert mask_identity_numbers(text) == reference_mask(text)
    assert mask_identity_numbers(text, ["0101"]) == reference_mask(text, ["0101"])


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("01010012356", MASK),
        ("x01010012356y 01010012356", f"x{MASK}y {MASK}"),
        ("001010012356", "001010012356"),  # twelve digits: no identity number
        ("12345678901 01010012356", f"12345678901 {MASK}"),  # the second run is one
        ("10YNO-12345678901", "10YNO-12345678901"),  # eleven digits, wrong check digits
        ("\u0660" + "1010012356", MASK),  # an Arabic-Indic zero: a digit for the regex
        ("0101001235\u0666", MASK),
        ("\u0663" + "01010012356", "\u0663" + MASK),  # eleven ASCII digits beside another script's
        ("", ""),
    ],
)
def test_masking_examples(text: str, masked: str) -> None:
    assert mask_identity_numbers(text) == masked


# --- rule sets passed over --------------------------------------------------------------------

_SET = """
messages = ["RequestStartOfSupply", "RequestEndOfSupply"]
[fields]
created = {{ label = "creation time", ebix = "{created}" }}
process = {{ label = "process", ebix = "{process}" }}
[[rules]]
id = "R1"
code = "X-ONLY_START"
messages = ["RequestStartOfSupply"]
check = "present"
field = "missing"
message = "{{field}} missing"
[fields.missing]
label = "a field no document has"
ebix = "PayloadMPEvent/NoSuchField"
"""


def _rule_set(tmp_path: Path, created: str, process: str) -> Any:
    path = tmp_path / "set.toml"
    path.write_text(_SET.format(created=created, process=process), encoding="utf-8")
    return load_rule_set(path)


def _example(name: str) -> tuple[ParsedDocument, Any]:
    return elhub_cim.check(PROJECT_ROOT / "examples" / "ebix" / name)


def test_a_rule_set_judges_only_the_documents_its_rules_are_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rule_set = _rule_set(tmp_path, "Header/Creation", "ProcessEnergyContext/EnergyBusinessProcess")
    start = _example("RequestStartOfSupply-move-in.xml")
    end = _example("RequestEndOfSupply-move-out.xml")
    looked_up: list[str] = []

    def looking(context: etree._Element, path: str) -> list[Found]:
        looked_up.append(path)
        return []

    for _ in range(2):  # the second time from what was kept
        assert [p.code for p in evaluate(*start, [rule_set])] == ["X-ONLY_START"]
        monkeypatch.setattr(engine, "_find_now", looking)
        assert evaluate(*end, [rule_set]) == []
        assert looked_up == []  # passed over: not even its creation time was read
        monkeypatch.undo()
    assert engine._rules_of(rule_set, "ebix", "RequestEndOfSupply") == ((), True)
    ((rule, relative),), idle = engine._rules_of(rule_set, "ebix", "RequestStartOfSupply")
    assert (rule.id, relative, idle) == ("R1", False, False)
    # no field in CIM: no rule, and nothing to look up
    assert engine._rules_of(rule_set, "cim", "RequestStartOfSupply") == ((), True)


@pytest.mark.parametrize(
    ("created", "process", "passed_over"),
    [
        ("Header/Creation", "ProcessEnergyContext/EnergyBusinessProcess", True),
        ("Header/Creation[1]", "ProcessEnergyContext/EnergyBusinessProcess", False),
        ("Header/Creation", "ProcessEnergyContext/*", False),
        ("Header/Creation", "./ProcessEnergyContext/./EnergyBusinessProcess/@a", True),
    ],
)
def test_a_rule_set_is_passed_over_only_where_looking_cannot_fail(
    tmp_path: Path, created: str, process: str, passed_over: bool
) -> None:
    rule_set = _rule_set(tmp_path, created, process)
    assert engine._walked(rule_set, "ebix") is passed_over
    assert engine._rules_of(rule_set, "ebix", "RequestEndOfSupply")[1] is passed_over


@pytest.mark.parametrize(("payload", "passed_over"), [("PayloadMPEvent", True), ("P[1]", False)])
def test_a_rule_set_with_payloads_is_passed_over_only_where_finding_them_cannot_fail(
    tmp_path: Path, payload: str, passed_over: bool
) -> None:
    rule_set = dataclasses.replace(
        _rule_set(tmp_path, "Header/Creation", "ProcessEnergyContext/EnergyBusinessProcess"),
        payload={"ebix": payload},
    )
    assert engine._walked(rule_set, "ebix") is passed_over
    assert engine._walked(rule_set, "cim") is True  # no payload there


def test_a_rule_set_whose_lookups_fail_still_fails_for_a_document_it_has_no_rule_for(
    tmp_path: Path,
) -> None:
    # (a path XPath cannot read is refused when the file loads: one set in by hand)
    rule_set = _rule_set(tmp_path, "Header/Creation", "ProcessEnergyContext/EnergyBusinessProcess")
    created = dataclasses.replace(rule_set.fields["created"], paths={"ebix": "Header/Creation'"})
    rule_set = dataclasses.replace(rule_set, fields={**rule_set.fields, "created": created})
    with pytest.raises(etree.XPathSyntaxError):
        evaluate(*_example("RequestEndOfSupply-move-out.xml"), [rule_set])
    without_created = _rule_set(tmp_path, "Header/Creation", "P")
    fields = dict(without_created.fields)
    del fields["created"]
    broken = dataclasses.replace(without_created, fields=fields)
    assert engine._walked(broken, "ebix") is False
    with pytest.raises(KeyError):
        evaluate(*_example("RequestEndOfSupply-move-out.xml"), [broken])


# --- identifier findings remembered -------------------------------------------------------------


@given(
    st.sampled_from(identifiers.identifier_schemes()),
    st.one_of(
        st.sampled_from(["01010012356", "1234567890123", "707057500011939815", "EIC-Y12345678901"]),
        st.text(alphabet="0123456789 -Y\u0663", max_size=45),
    ),
)
def test_an_identifier_finding_is_the_same_first_and_remembered(
    scheme: identifiers.IdentifierScheme, value: str
) -> None:
    label, code = scheme.label, scheme.code
    if scheme.kind == "gs1":
        label, code = {13: ("GLN", "ID_GLN_CHECK_DIGIT"), 18: ("GSRN", "ID_GSRN_CHECK_DIGIT")}.get(
            len(value), ("GS1 number", "ID_GS1_CHECK_DIGIT")
        )
    shown = MASK if scheme.personal else reference_mask(value)
    expected = (code, f"{label} {shown} has a wrong check digit or format")
    assert identifiers._finding(scheme, value) == expected
    assert identifiers._finding(scheme, value) == expected  # remembered (if short)
    assert ((id(scheme), value) in identifiers._FINDINGS) == (len(value) <= 40)
    assert "01010012356" not in expected[1]


# --- working days remembered --------------------------------------------------------------------


@given(st.dates(date(2000, 1, 1), date(2040, 12, 31)), st.integers(-40, 40))
def test_working_days_are_counted_the_same_first_and_remembered(day: date, count: int) -> None:
    expected = add_working_days(day, count)
    assert engine._working_days_after(day, count) == expected
    assert engine._working_days_after(day, count) == expected  # remembered
    assert engine._working_days_after(day, -count) == subtract_working_days(day, count)
