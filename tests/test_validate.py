"""XSD validation: verdicts, line numbers, readable paths, codes, masking."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.no import fodselsnummer

import elhub_cim
from elhub_cim.core.errors import MASK, mask_identity_numbers
from tests.conftest import PROJECT_ROOT

OWN_EXAMPLES = sorted((PROJECT_ROOT / "examples" / "ebix").glob("*.xml"))


def synthetic_fodselsnummer() -> str:
    """A syntactically valid fødselsnummer (both mod-11 check digits right) for 1 Jan 1901."""
    for individual in range(100, 500):
        base = f"010101{individual}"
        k1 = fodselsnummer.calc_check_digit1(base)
        k2 = fodselsnummer.calc_check_digit2(base + k1)
        candidate = base + k1 + k2
        if fodselsnummer.is_valid(candidate):
            return str(candidate)
    raise AssertionError("no synthetic number found")


@pytest.mark.parametrize("path", OWN_EXAMPLES, ids=lambda p: p.name)
def test_own_examples_are_valid(path: Path) -> None:
    result = elhub_cim.validate(path)
    assert result.valid, [p.format() for p in result.problems]
    assert result.message_type is not None
    assert path.name.startswith(result.message_type.name)


def test_shared_production_reference_example_is_reported_precisely(emif_reference: Path) -> None:
    path = emif_reference / "examples" / "RequestUpdateSharedProduction.xml"
    lines = path.read_text(encoding="utf-8").splitlines()
    # Where the decimal commas are, found in the file itself rather than written down here.
    comma_lines = [n for n, text in enumerate(lines, 1) if re.search(r"Share>\d+,\d+<", text)]
    assert comma_lines, "expected the known decimal-comma defect in Elhub's example"
    result = elhub_cim.validate(path)
    assert not result.valid
    assert result.message_type is not None
    assert result.message_type.name == "RequestUpdateSharedProduction"
    share_problems = [p for p in result.problems if p.path and p.path.endswith("/Share")]
    assert [p.line for p in share_problems] == comma_lines
    for index, problem in enumerate(share_problems, 1):
        assert problem.code == "XSD_VALUE"
        assert problem.file == str(path)
        assert problem.path == (
            "/RequestUpdateSharedProduction/PayloadMasterDataMPEvent/VirtualCalculation/"
            f"Participants/Recipients/Recipient[{index}]/Share"
        )
        assert "0,25" in problem.message
        assert "{urn:" not in problem.message  # namespaces stripped for readability
    with pytest.raises(elhub_cim.SchemaViolationError) as caught:
        elhub_cim.read(path)
    assert caught.value.problems[0].line == comma_lines[0]
    assert isinstance(caught.value, ValueError)


def _example(name_prefix: str) -> bytes:
    exact = PROJECT_ROOT / "examples" / "ebix" / f"{name_prefix}.xml"
    if exact.exists():
        return exact.read_bytes()
    for path in OWN_EXAMPLES:
        if path.name.startswith(name_prefix):
            return path.read_bytes()
    pytest.skip(f"no bundled {name_prefix} example")


def test_readable_path_in_default_namespace_document() -> None:
    data = _example("RequestStartOfSupply-move-in")
    broken = re.sub(rb"(<(?:\w+:)?StartOfOccurrence>)[^<]+", rb"\1not-a-date", data, count=1)
    assert broken != data
    result = elhub_cim.validate(broken)
    assert not result.valid
    problem = result.problems[0]
    assert problem.path == "/RequestStartOfSupply/PayloadMPEvent/StartOfOccurrence"
    expected_line = broken[: broken.index(b"not-a-date")].count(b"\n") + 1
    assert problem.line == expected_line
    assert problem.code in {"XSD_VALUE", "XSD_PATTERN"}


def test_readable_paths_number_only_names_that_repeat() -> None:
    """``[n]`` counts the siblings of the same name (namespace included), comments and other
    names aside, and appears only where that name repeats: checked against a plain reading of
    the rule on a made-up tree and on every element of every example."""
    from lxml import etree

    from elhub_cim.core.validation import readable_path

    root = etree.fromstring(
        b'<r xmlns:a="urn:a"><x/><!-- c --><a:x/><y/><x><z/></x><a:x><z/><z/></a:x></r>'
    )
    found = [readable_path(e) for e in root.iter(etree.Element)]
    assert found == ["/r", "/r/x[1]", "/r/x[1]", "/r/y", "/r/x[2]", "/r/x[2]/z", "/r/x[2]",
                     "/r/x[2]/z[1]", "/r/x[2]/z[2]"]  # fmt: skip
    for path in sorted((PROJECT_ROOT / "examples").glob("*/*.xml")):
        for element in etree.fromstring(path.read_bytes()).iter(etree.Element):
            assert readable_path(element) == _plain_path(element), path.name


def _plain_path(element: Any) -> str:
    """The readable path by the rule itself: local names, ``[n]`` among same-tag siblings."""
    from lxml import etree

    parts = []
    node = element
    while node is not None:
        parent = node.getparent()
        local = etree.QName(node).localname
        if parent is not None:
            same = [s for s in parent if s.tag == node.tag]
            if len(same) > 1:
                local += f"[{same.index(node) + 1}]"
        parts.append(local)
        node = parent
    return "/" + "/".join(reversed(parts))


_NAMESPACES = ["", "urn:a", "http://x.example/a/b", "http://x.example/a?b=c;d"]


@st.composite
def _trees(draw: st.DrawFn) -> Any:
    from lxml import etree

    def tag() -> str:
        namespace = draw(st.sampled_from(_NAMESPACES))
        name = draw(st.sampled_from(["a", "b", "Point", "x.y"]))
        return f"{{{namespace}}}{name}" if namespace else name

    root = etree.Element(tag())
    nodes = [root]
    for _ in range(draw(st.integers(0, 25))):
        parent = draw(st.sampled_from(nodes))
        if draw(st.booleans()) and len(nodes) > 1:
            parent.append(etree.Comment("c"))
        nodes.append(etree.SubElement(parent, tag()))
    return root


@settings(max_examples=settings().max_examples * 4, deadline=None)  # cheap: many trees
@given(_trees())
def test_readable_path_is_the_plain_reading_of_the_rule(root: Any) -> None:
    """The path read from lxml's element path (and remembered by it) is the rule's path, for
    namespaces with slashes, names that repeat in other namespaces, a tree met
    again with other tags under the same element path; asked twice, the same answer."""
    from lxml import etree

    from elhub_cim.core.validation import readable_path

    for element in root.iter(etree.Element):
        assert readable_path(element) == _plain_path(element)
        assert readable_path(element) == _plain_path(element)
    # a copy of a subtree is a tree of its own: its paths start at its own root
    for element in list(root.iter(etree.Element))[1:3]:
        copied = copy.deepcopy(element)
        for inner in copied.iter(etree.Element):
            assert readable_path(inner) == _plain_path(inner)


def test_missing_required_element_is_a_content_error() -> None:
    data = _example("RequestStartOfSupply-move-in")
    broken = re.sub(rb"\s*<(\w+:)?Creation>[^<]+</(\w+:)?Creation>", b"", data, count=1)
    result = elhub_cim.validate(broken)
    assert not result.valid
    assert result.problems[0].code == "XSD_CONTENT"
    assert result.problems[0].path is not None
    assert result.problems[0].path.startswith("/RequestStartOfSupply/Header")


def test_identity_number_is_masked_in_schema_errors() -> None:
    data = _example("RequestStartOfSupply-move-in")
    secret = synthetic_fodselsnummer()
    # A fødselsnummer in an element where the schema wants a date: the XSD error quotes it.
    broken = re.sub(rb"(<(?:\w+:)?StartOfOccurrence>)[^<]+", rb"\g<1>" + secret.encode(), data)
    result = elhub_cim.validate(broken)
    assert not result.valid
    text = "\n".join(p.format() for p in result.problems)
    assert secret not in text
    assert MASK in text


def test_mask_identity_numbers() -> None:
    secret = synthetic_fodselsnummer()
    assert mask_identity_numbers(f"value '{secret}' bad") == f"value '{MASK}' bad"
    # Not a valid fødselsnummer and not known: left alone (GSRNs, GLNs are 13/18 digits).
    assert mask_identity_numbers("value '12345678901' bad") == "value '12345678901' bad"
    # Known Z01 values are masked whatever their check digits.
    assert mask_identity_numbers("x 12345678901 y", known=["12345678901"]) == f"x {MASK} y"
    assert mask_identity_numbers("707057500012345678") == "707057500012345678"


def test_unknown_document_names_the_expected_roots() -> None:
    data = _example("RequestStartOfSupply-move-in")
    root_name = re.search(rb"<(\w+:)?(RequestStartOfSupply)\b", data)
    assert root_name is not None
    renamed = data.replace(b"RequestStartOfSupply", b"RequestStartOfSupplyX")
    # The namespace changes too (it contains the name), so this is an unknown namespace.
    result = elhub_cim.validate(renamed)
    assert [p.code for p in result.problems] == ["DOC_UNKNOWN"]
    assert "RequestStartOfSupply" in result.problems[0].message


def test_a_schema_error_path_is_followed_by_local_name_in_any_namespace() -> None:
    """``_locate`` follows libxml2's node paths: a step matches children by local name in any
    namespace or none, counts only those (not comments, not other names), ``*[n]`` counts every
    element, and a name beyond ASCII is matched too."""
    from lxml import etree

    from elhub_cim.core.validation import _locate

    root = etree.fromstring(
        "<r xmlns:a='urn:a' xmlns:b='urn:b'>"
        "<a:S/><!-- c --><x/><b:S><T/></b:S><S><T/><a:T/></S><Ø/><Ø><T/></Ø>"
        "</r>".encode()
    )
    s1, x, s2, s3, o1, o2 = root.iterchildren(etree.Element)
    assert _locate(root, "/r/p:S") is s1
    assert _locate(root, "/r/q:S[2]") is s2
    assert _locate(root, "/r/S[3]") is s3
    assert _locate(root, "/r/S[3]/p:T[2]") is s3[1]
    assert _locate(root, "/r/S[4]") is None
    assert _locate(root, "/r/*[2]") is x
    assert _locate(root, "/r/Ø[2]/T") is o2[0]
    assert _locate(root, "/r/Ø") is o1
    assert _locate(root, "/r/b:S/T") is None  # the first S (any namespace) has no T
    assert _locate(root, "/r/b:S[2]/T") is s2[0]
    assert _locate(root, "/r/S[x]") is None  # not a step of libxml2's
    assert _locate(root, "") is None


def test_readable_paths_remembered_stay_small_whatever_the_input() -> None:
    """Hostile input cannot grow the remembered paths: a path under a long namespace (or a long
    name) is read, right, but not kept, so that the cache of 4,096 paths holds kilobytes, not
    the megabytes such keys would make of it message after message."""
    from lxml import etree

    from elhub_cim.core import validation

    namespace = "urn:x:" + "n" * 200_000
    root = etree.fromstring(
        f'<Root><Header><x:Odd xmlns:x="{namespace}"><x:Odd/></x:Odd></Header></Root>'.encode()
    )
    deepest = root[0][0][0]
    # With room in the cache (other tests may have filled it, and a full one keeps nothing).
    earlier = dict(validation._READABLE_PATHS)
    validation._READABLE_PATHS.clear()
    try:
        assert validation.readable_path(root[0]) == "/Root/Header"  # a short path is kept
        assert validation.readable_path(deepest) == "/Root/Header/Odd/Odd" == _plain_path(deepest)
        assert validation.readable_path(deepest) == "/Root/Header/Odd/Odd"  # asked again
        assert list(validation._READABLE_PATHS.values()) == ["/Root/Header"]
    finally:
        validation._READABLE_PATHS.clear()
        validation._READABLE_PATHS.update(earlier)


def test_time_conversions_remember_only_times_as_short_as_times_are() -> None:
    """A time with a fraction of any length is schema-valid, and the conversion keeps the
    fraction as written; a long one (hostile input, met again and again) is converted right
    but not kept, so the caches of 4,096 times stay small."""
    from elhub_cim.core import profile

    # Emptied first: a full cache would evict one text for another and hide a kept long one.
    profile.to_utc.cache_clear()
    profile.to_oslo.cache_clear()
    fraction = "1" * 100_000
    utc = profile.to_utc(f"2026-05-01T00:00:00.{fraction}+02:00")
    assert utc == f"2026-04-30T22:00:00.{fraction}Z"
    assert profile.to_oslo(utc) == f"2026-05-01T00:00:00.{fraction}+02:00"
    assert profile.to_oslo("x" * 100_000) == "x" * 100_000  # not a time: the XSD says so
    assert profile.to_utc.cache_info().currsize == profile.to_oslo.cache_info().currsize == 0
    assert profile.to_utc("2026-05-01T00:00:00+02:00") == "2026-04-30T22:00:00Z"
    assert profile.to_utc.cache_info().currsize == 1  # a time as times are: kept


def test_times_met_in_models_and_rules_are_kept_only_when_short() -> None:
    """A time padded with whitespace (accepted, as xs:dateTime collapses it) is read right but
    not kept by the domain's or the rules' caches."""
    from elhub_cim.domain import timestamp
    from elhub_cim.rules import engine

    timestamp._timestamp.cache_clear()
    engine._instant.cache_clear()
    padded = " " * 100_000 + "2026-05-01T00:00:00+02:00" + " " * 100_000
    read = timestamp.Timestamp._validate(padded)
    # The stripped text: short, so its datetime may be kept.
    assert read == "2026-05-01T00:00:00+02:00"
    assert read.datetime == engine._instant(padded) == engine.instant(read)
    assert timestamp._timestamp.cache_info().currsize == engine._instant.cache_info().currsize == 0
    assert engine._instant(read) == read.datetime
    assert engine._instant.cache_info().currsize == 1  # a time as times are: kept
