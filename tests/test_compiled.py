"""The compiled conversion plans (``elhub_cim.mapping.compiled``) against the table engine, which
is their specification: the same bytes, the same losses, the same errors, both directions, for
every generated document of every type, every example and mutants of the examples."""

from __future__ import annotations

import contextlib
import functools
import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from elhub_cim.convert import Target, convert, from_domain, mapping_for_model
from elhub_cim.core import cache
from elhub_cim.core.errors import ElhubCimError
from elhub_cim.mapping import compiled, reading
from elhub_cim.mapping.tables import Side, mapping_for_message
from tests import (
    test_billing,
    test_lookup,
    test_metering,
    test_metering_request,
    test_properties,
    test_queries,
    test_shared_production_messages,
    test_third_party,
)
from tests.conftest import PROJECT_ROOT, load_tool
from tests.strategies import DOCUMENTS

EXAMPLES = PROJECT_ROOT / "examples"
#: Every document type's strategy: tests/strategies.py's, and those of the features whose tests
#: keep their own (test_properties.PENDING).
STRATEGIES: dict[str, Any] = {
    **DOCUMENTS,
    "upfront_request": test_lookup.requests,
    "upfront_response": test_lookup.responses(max_size=5),
    "third_party_access": test_third_party.notifications,
    "shared_production": test_shared_production_messages.documents,
    **test_queries.QUERY_DOCUMENTS,
    "collected_data_request": test_metering_request.requests(),
    # (the generated readers and writers are fastest on its points: held to the engine here)
    "collected_data": test_metering.collected_data(),
    "validated_data_for_billing": test_billing.notifications(max_points=24),
}
#: Mutants of the examples compared in ``make test`` (fixed seed; a few seconds).
MUTANTS = 300


@contextmanager
def _engine_only() -> Iterator[None]:
    saved = compiled.enabled
    compiled.enabled = False
    try:
        yield
    finally:
        compiled.enabled = saved


def _outcome(call: Callable[[], Any]) -> tuple[Any, ...]:
    """Everything a caller can see of one call: output, losses, findings, or the error."""
    try:
        result = call()
    except ElhubCimError as error:
        problems = tuple((p.code, p.path, p.line, p.message) for p in error.problems)
        return ("error", type(error).__name__, problems)
    if isinstance(result, bytes):
        return ("bytes", result)
    losses = tuple((p.code, p.path, p.line, p.message) for p in result.losses)
    findings = tuple((p.code, p.path, p.message) for p in result.findings)
    return ("converted", result.data, result.target, result.document, losses, findings)


def _alike(function: Callable[..., Any], *args: Any, **kwargs: Any) -> tuple[Any, ...]:
    """The outcome of ``function(*args, **kwargs)`` on the compiled path, asserted equal to the
    engine's."""
    call = functools.partial(function, *args, **kwargs)
    with _engine_only():
        expected = _outcome(call)
    found = _outcome(call)
    assert found == expected
    return found


def _other(data: bytes) -> Target:
    return "ebix" if b"urn:x-elhub-cim:" in data[:2000] else "cim"


class _Counting:
    """Counts the plans' successes and fallbacks (tests must not pass by always falling back)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.used = 0
        self.fell_back = 0
        for name in ("compiled_read", "compiled_write"):
            monkeypatch.setattr(compiled, name, self.wrap(getattr(compiled, name)))

    def wrap(self, function: Callable[..., Any]) -> Callable[..., Any]:
        def counted(*args: Any, **kwargs: Any) -> Any:
            try:
                result = function(*args, **kwargs)
            except compiled.Fallback:
                self.fell_back += 1
                raise
            self.used += 1
            return result

        return counted


# --- generated documents -------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(STRATEGIES))
def test_generated_documents_convert_alike(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    counting = _Counting(monkeypatch)

    @given(STRATEGIES[name])
    def check(document: Any) -> None:
        sides = mapping_for_model(type(document)).message_types
        for side in sides:
            written = _alike(from_domain, document, to=side)
            if written[0] != "bytes":
                continue
            for to in sides:
                if to == side:
                    continue
                outcome = _alike(convert, written[1], to=to)
                if outcome[:2] == ("error", "ConversionLossError"):
                    _alike(convert, written[1], to=to, allow_loss=True)

    check()
    assert counting.used > counting.fell_back, "the plans must convert generated documents"


def test_every_mapped_document_is_generated() -> None:
    """Every document with a strategy is compared here; one that test_properties lists as tested
    by its own feature's tests, without a strategy imported above, is compared through its
    examples and their mutants only (import its strategy into STRATEGIES to generate it)."""
    from elhub_cim.mapping import document_mappings

    covered = set(STRATEGIES) | {
        "shared_production_update_request",  # both in "shared_production"
        "shared_production_notification",
    }
    missing = set(document_mappings()) - covered - test_properties.PENDING
    assert not missing, missing


# --- the examples and their mutants --------------------------------------------------------------


def _examples() -> list[Path]:
    return sorted(p for p in EXAMPLES.glob("*/*.xml"))


@pytest.mark.parametrize("path", _examples(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_examples_convert_alike(path: Path) -> None:
    # Indented or not: the generated writers write the output's text themselves (no tree is
    # serialised), which must be what lxml writes of the engine's tree.
    data = path.read_bytes()
    for allow_loss, pretty in ((False, True), (True, True), (False, False)):
        outcome = _alike(convert, data, to=_other(data), allow_loss=allow_loss, pretty=pretty)
        if outcome[0] == "converted":
            back = outcome[1]
            _alike(convert, back, to=_other(back), allow_loss=True, pretty=pretty)


def test_the_examples_go_through_the_plans(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every example that converts without loss is read and written by the plans alone."""
    converted = 0
    for path in _examples():
        data = path.read_bytes()
        with pytest.MonkeyPatch.context() as patch:
            counting = _Counting(patch)
            try:
                convert(data, to=_other(data))
            except ElhubCimError:
                continue
        converted += 1
        assert (counting.used, counting.fell_back) == (2, 0), path.name
    assert converted >= 30


@pytest.fixture(scope="module")
def fuzz() -> ModuleType:
    return load_tool("fuzz_mutate")


def test_mutants_convert_alike(fuzz: ModuleType, monkeypatch: pytest.MonkeyPatch) -> None:
    """Mutants (dropped, moved, duplicated elements, other codes, boundary values...): the plans
    and the engine refuse, lose and convert alike, with and without ``allow_loss``."""
    counting = _Counting(monkeypatch)
    seeds = tuple(s for s in fuzz.load_seeds() if s.name.endswith(".xml"))
    rng = random.Random(15)
    kinds: set[str] = set()
    for _ in range(MUTANTS):
        seed = rng.choice(seeds)
        _, mutant = fuzz.mutate(rng, seed, seeds)
        for allow_loss in (False, True):
            outcome = _alike(convert, mutant, to=_other(mutant), allow_loss=allow_loss)
            kinds.add(outcome[0] if outcome[0] == "converted" else outcome[2][0][0])
    # The mutants reached the mapping: losses and conversions, not only XSD errors.
    assert {"converted", "CONVERT_LOSS"} <= kinds, kinds
    assert counting.used
    assert counting.fell_back


# --- falling back --------------------------------------------------------------------------------


def test_a_document_without_a_plan_goes_through_the_engine(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = EXAMPLES / "ebix" / "RequestStartOfSupply-move-in.xml"
    expected = convert(path, to="cim")

    def never(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the plan of an excluded document ran")

    monkeypatch.setattr(compiled, "compiled_read", never)
    monkeypatch.setattr(compiled, "compiled_write", never)
    monkeypatch.setattr(compiled, "excluded", {"start_of_supply_request"})
    assert convert(path, to="cim").data == expected.data
    assert convert(expected.data, to="ebix").document == expected.document


def test_a_loss_falls_back_to_the_engine_which_names_it() -> None:
    """A code the CIM side lacks: the plan gives up, the engine reports the field."""
    from elhub_cim.mapping.rules import ConversionOptions
    from elhub_cim.pipeline import check

    # BRS-NO-611 is not a process of NotifyCustomerInformation's CIM document (since issue 16 the
    # example's own BRS-NO-301 converts).
    source = (EXAMPLES / "ebix" / "NotifyCustomerInformation.xml").read_bytes()
    path = source.replace(b">BRS-NO-301<", b">BRS-NO-611<")
    assert path != source
    document, message_type = check(path)
    found = mapping_for_message(message_type)
    assert found is not None
    mapping, side = found
    values = compiled.compiled_read(mapping, side, document.root, ConversionOptions())
    model = mapping.model.model_validate(values)
    with pytest.raises(compiled.Fallback):
        compiled.compiled_build(mapping, "cim", model, ConversionOptions())
    with pytest.raises(ElhubCimError) as refused:
        convert(path, to="cim")
    assert [p.path for p in refused.value.problems] == ["header.process"]


# --- validate's domain check through kept read plans -------------------------------------------


def _domain_check_alike(data: bytes) -> bool | None:
    """Whether the quick check (a read plan, kept or not) passed ``data``; when it did, the
    engine must find nothing either (validate reports what the engine finds)."""
    from elhub_cim.convert import domain_problems
    from elhub_cim.mapping.rules import ConversionOptions
    from elhub_cim.pipeline import check

    try:
        document, message_type = check(data)
    except ElhubCimError:
        return None
    quick = compiled.quick_check(message_type, document.root, ConversionOptions())
    with _engine_only():
        assert not compiled.quick_check(message_type, document.root, ConversionOptions())
        problems = domain_problems(document, message_type)
    if quick:
        assert problems == []
    return quick


def test_the_quick_domain_check_passes_only_what_the_engine_passes(fuzz: ModuleType) -> None:
    passed = [_domain_check_alike(path.read_bytes()) for path in _examples()]
    assert passed.count(True) >= 30
    seeds = tuple(s for s in fuzz.load_seeds() if s.name.endswith(".xml"))
    rng = random.Random(16)
    outcomes: list[bool | None] = []
    for _ in range(MUTANTS):
        _, mutant = fuzz.mutate(rng, rng.choice(seeds), seeds)
        outcomes.append(_domain_check_alike(mutant))
    assert True in outcomes
    assert False in outcomes


def test_read_plans_are_kept_and_used_without_building_a_mapping(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from elhub_cim.mapping import tables
    from elhub_cim.mapping.rules import ConversionOptions
    from elhub_cim.pipeline import check

    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path))
    monkeypatch.setattr(reading, "_kept", None)
    documents = [check(EXAMPLES / "ebix" / "RequestStartOfSupply-move-in.xml")]
    documents.append(check(EXAMPLES / "cim" / "RequestChangeOfSupplier_BRS-NO-102.xml"))
    for document, message_type in documents:
        assert compiled.quick_check(message_type, document.root, ConversionOptions())
    kept = reading._kept
    assert kept is not None
    assert len(kept) == 2
    (path,) = tmp_path.glob("read-plans-*.marshal")

    def never(*args: Any) -> Any:
        raise AssertionError("a mapping was built")

    monkeypatch.setattr(tables, "mapping_for_message", never)
    monkeypatch.setattr(reading, "_kept", None)
    for document, message_type in documents:
        assert compiled.quick_check(message_type, document.root, ConversionOptions())
    assert reading._kept == kept  # the plans read back from disk equal the built ones
    # A plan that cannot read a document says so (the engine then reports): an unknown child.
    document, message_type = documents[0]
    document.root.append(document.root.makeelement("{urn:x}extra"))
    assert not compiled.quick_check(message_type, document.root, ConversionOptions())
    # A folder that cannot be written, or no folder: plans are built and not kept.
    monkeypatch.setenv(cache.CACHE_ENV, "off")
    assert cache.cache_dir() is None
    path.write_bytes(b"not marshal data")
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path))
    monkeypatch.setattr(reading, "_kept", None)
    monkeypatch.setattr(tables, "mapping_for_message", mapping_for_message)
    document, message_type = documents[1]
    assert compiled.quick_check(message_type, document.root, ConversionOptions())


def test_a_changed_table_makes_new_read_plans(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os
    import shutil

    from elhub_cim.mapping import tables

    assert reading._tables_folder() == tables.mappings_root()
    copy = tmp_path / "mappings"
    shutil.copytree(tables.mappings_root(), copy)
    monkeypatch.setattr(reading, "_tables_folder", lambda: copy)
    reading._fingerprint.cache_clear()
    try:
        before = reading._fingerprint()
        table = copy / "brs-no-102.toml"
        stat = table.stat()
        os.utime(table, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
        reading._fingerprint.cache_clear()
        assert reading._fingerprint() != before
    finally:
        reading._fingerprint.cache_clear()


# --- generated writers -------------------------------------------------------------------------


@contextmanager
def _interpreted() -> Iterator[None]:
    saved = compiled.generated
    compiled.generated = False
    try:
        yield
    finally:
        compiled.generated = saved


def test_most_documents_are_written_by_generated_python() -> None:
    """A plan whose tree has a fixed shape runs as generated Python (the fast path); the others
    stay interpreted. Every document has one today, both ways."""
    from elhub_cim.mapping import document_mappings

    generated: list[tuple[str, Side]] = []
    interpreted: list[tuple[str, Side]] = []
    for name, mapping in document_mappings().items():
        for side in mapping.message_types:
            writer = compiled.generated_writer(mapping, side)
            (generated if writer is not None else interpreted).append((name, side))
    assert not interpreted, interpreted
    assert all(compiled.sources[key].startswith("def _write0(") for key in generated)


@pytest.mark.parametrize("payload", [None, "5f0c7f3e-2a41-4c8e-9d7a-3b1f6e2c9a10"])
def test_an_acknowledgement_writes_its_status_reason_before_its_reasons(
    payload: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The status is Reason[1] and the reasons follow it (R9): the generated writer writes the one
    Reason of the status first, then the repeated ones, as the engine creates them."""
    from lxml import etree

    from elhub_cim.convert import to_domain

    document = to_domain(EXAMPLES / "ebix" / "Acknowledgement-rejected.xml")
    document = document.model_copy(
        update={"original_payload_id": payload, "reasons": ["E10", "EH034", "E50"]}
    )
    counting = _Counting(monkeypatch)
    outcome = _alike(from_domain, document, to="cim")
    assert outcome[0] == "bytes"
    assert (counting.used, counting.fell_back) == (1, 0)
    assert compiled.generated_writer(mapping_for_model(type(document)), "cim") is not None
    root = etree.fromstring(outcome[1])
    codes = [e.text for e in root.iterfind("{*}Reason/{*}code")]
    payload_codes = [
        e.text for e in root.iterfind("{*}Original_MktActivityRecord/{*}Reason/{*}code")
    ]
    if payload is None:
        assert codes == ["A02", "E10", "EH034", "E50"]
        assert payload_codes == []
    else:
        assert codes == ["A02"]
        assert payload_codes == ["E10", "EH034", "E50"]


def test_generated_and_interpreted_writers_agree_on_the_examples() -> None:
    """Both write every example (and its conversion back) to the same bytes (each is also
    compared with the engine above)."""
    compared = 0
    for path in _examples():
        data = path.read_bytes()
        outcomes = []
        for fast in (True, False):
            with contextlib.ExitStack() as stack:
                if not fast:
                    stack.enter_context(_interpreted())
                outcome = _outcome(functools.partial(convert, data, to=_other(data)))
                if outcome[0] == "converted":
                    back = outcome[1]
                    outcome += _outcome(functools.partial(convert, back, to=_other(back)))
                outcomes.append(outcome)
        assert outcomes[0] == outcomes[1], path.name
        compared += outcomes[0][0] == "converted"
    assert compared >= 30


@pytest.mark.parametrize("to", ["ebix", "cim"])
@pytest.mark.parametrize("payload", [None, "5f0c7f3e-2a41-4c8e-9d7a-3b1f6e2c9a10"])
def test_an_item_of_no_value_in_a_list_of_plain_values_is_written_alike(
    to: Target, payload: str | None
) -> None:
    """A caller's domain object (``model_copy`` validates nothing) may hold None as an item of a
    list of plain values (an acknowledgement's reasons). A rule reading the item (the reason's
    ``listAgencyIdentifier``, ``agency:reason:./``) reads no value, on both paths: the engine
    read the text ``"None"`` of it and wrote ``listAgencyIdentifier="260"`` where the plans
    wrote none, so the two refused the output with different problems."""
    from elhub_cim.convert import to_domain
    from elhub_cim.mapping.engine import _ModelValues

    document = to_domain(EXAMPLES / "ebix" / "Acknowledgement-rejected.xml")
    assert _ModelValues(document).text("./", None) is None
    document = document.model_copy(
        update={"original_payload_id": payload, "reasons": ["E10", None]}
    )
    outcome = _alike(from_domain, document, to=to)
    assert outcome[0] == "error"


@pytest.mark.parametrize(
    "text",
    [
        "Gate & <Vei> \"1\" 'a'",
        "a > b",
        "x\ty",
        "   ",
        "Ærlig ålreit",
        "a]]>b",
    ],
)
def test_texts_that_xml_escapes_are_written_alike(text: str) -> None:
    """Texts with characters XML escapes go through the text a generated writer parses: the
    same tree as the engine's, in both directions (and the interpreted plan's too)."""
    from xml.sax.saxutils import escape

    source = (EXAMPLES / "ebix" / "NotifyCustomerInformation.xml").read_bytes()
    data = source.replace(b">Kj\xc3\xb8pmannsgata<", f">{escape(text)}<".encode())
    assert data != source
    for allow_loss, pretty in ((False, True), (True, True), (False, False)):
        options = {"allow_loss": allow_loss, "pretty": pretty}
        outcome = _alike(convert, data, to="cim", **options)
        with _interpreted():
            assert _alike(convert, data, to="cim", **options) == outcome
        if outcome[0] == "converted":
            back = _alike(convert, outcome[1], to="ebix", **options)
            with _interpreted():
                assert _alike(convert, outcome[1], to="ebix", **options) == back


#: The readers of a read plan: (native, generated) switches of ``reading``. The native reader
#: (C, ``mapping/_native.pyx``) only where it is built: tests/test_native.py says whether.
READERS = [(True, True), (False, True), (False, False)][0 if reading._native else 1 :]


@contextmanager
def _reader(native: bool, generated: bool) -> Iterator[None]:
    saved = reading.native, reading.generated
    reading.native, reading.generated = native, generated
    try:
        yield
    finally:
        reading.native, reading.generated = saved


def _read_each_way(mapping: Any, side: Side, root: Any) -> list[object]:
    """What each reader reads of ``root`` (its values, or "fallback"): asserted all equal."""
    from elhub_cim.mapping.rules import ConversionOptions

    outcomes: list[object] = []
    for native, generated in READERS:
        with _reader(native, generated):
            try:
                outcomes.append(compiled.compiled_read(mapping, side, root, ConversionOptions()))
            except compiled.Fallback:
                outcomes.append("fallback")
    assert all(outcome == outcomes[0] for outcome in outcomes), outcomes
    return outcomes


def _read_both(data: bytes) -> int:
    """The read plan of ``data``'s document, natively, generated and interpreted: the same
    values or all a Fallback. 1 when it read, 0 when it fell back or has no plan."""
    from elhub_cim.pipeline import check

    try:
        document, message_type = check(data)
    except ElhubCimError:
        return 0
    found = mapping_for_message(message_type)
    if found is None:
        return 0
    mapping, side = found
    return int(_read_each_way(mapping, side, document.root)[0] != "fallback")


def test_generated_and_interpreted_read_plans_agree(fuzz: ModuleType) -> None:
    """Examples and mutants read alike through the generated and the interpreted read plans
    (each also compared with the engine above)."""
    assert sum(_read_both(path.read_bytes()) for path in _examples()) >= 30
    seeds = tuple(s for s in fuzz.load_seeds() if s.name.endswith(".xml"))
    rng = random.Random(17)
    read = [_read_both(fuzz.mutate(rng, rng.choice(seeds), seeds)[1]) for _ in range(MUTANTS)]
    assert 0 < sum(read) < len(read)


@pytest.mark.parametrize(
    ("old", "written"),
    [(b">14500<", "14500."), (b">14500<", "+14500."), (b">1.00<", ".50"), (b">1.00<", "1.")],
)
def test_a_decimal_with_a_dangling_point_is_read_by_the_plans_as_the_engine_reads_it(
    old: bytes, written: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``14500.`` (an int in the domain) and ``.50`` (a Decimal): the generated and interpreted
    read plans read them alike into values the model takes, and convert as the engine does."""
    source = (EXAMPLES / "cim" / "AccountingPointCharacteristics_BRS-NO-102.xml").read_bytes()
    data = source.replace(old, f">{written}<".encode(), 1)
    assert data != source
    assert _read_both(data) == 1
    from elhub_cim.mapping.rules import ConversionOptions
    from elhub_cim.pipeline import check

    document, message_type = check(data)
    found = mapping_for_message(message_type)
    assert found is not None
    mapping, side = found
    values = compiled.compiled_read(mapping, side, document.root, ConversionOptions())
    mapping.model.model_validate(values)  # what the plan read, the model takes (no engine)
    assert compiled.quick_check(message_type, document.root, ConversionOptions())
    counting = _Counting(monkeypatch)
    outcome = _alike(convert, data, to="ebix", allow_loss=True)
    assert outcome[0] == "converted"
    assert (counting.used, counting.fell_back) == (2, 0)


# --- what the read plans leave over -------------------------------------------------------------

_LEFTOVER_TREE = (
    b'<a xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="x y">'
    b'<b k="1"><c>1</c><d/></b><!-- a comment --><e xsi:nil="true"/></a>'
)


def _read_all_of(root: Any) -> reading._Reading:
    """A reading state that looked into every element with children and read every leaf and
    every attribute but xsi's, as a read plan marks them."""
    from lxml import etree

    state = reading._Reading("ebix")
    for element in root.iter(etree.Element):
        if len(element):
            state.children[element] = reading._children_of(element)
        else:
            state.used.add(element)
        for name in element.attrib:
            if not str(name).startswith("{http://www.w3.org/2001/XMLSchema-instance}"):
                state.used_attributes.add((element, name))
    return state


def test_whatever_a_plan_did_not_read_makes_it_fall_back() -> None:
    """``check_leftovers`` counts rather than looks: each way of leaving something unread
    (a leaf never reached, a leaf only looked into, an attribute) still falls back, and xsi's
    attributes, on the root or below it, and comments never count."""
    from lxml import etree

    root = etree.fromstring(_LEFTOVER_TREE)
    found = [root.find(f".//{tag}") for tag in "bcde"]
    assert None not in found
    b, c, d, e = (element for element in found if element is not None)
    assert e.get("{http://www.w3.org/2001/XMLSchema-instance}nil") == "true"  # xsi below the root
    _read_all_of(root).check_leftovers(root)  # everything read: no fallback

    unread_leaf = _read_all_of(root)
    unread_leaf.used.discard(d)
    looked_into_only = _read_all_of(root)
    looked_into_only.used.discard(c)
    looked_into_only.children[c] = reading._children_of(c)
    unread_attribute = _read_all_of(root)
    unread_attribute.used_attributes.discard((b, "k"))
    not_looked_into = _read_all_of(root)
    del not_looked_into.children[b]
    for state in (unread_leaf, looked_into_only, unread_attribute, not_looked_into):
        with pytest.raises(compiled.Fallback):
            state.check_leftovers(root)
    # A container read as a whole (a group's element) and also looked into: nothing left over.
    container = _read_all_of(root)
    container.used.add(b)
    container.check_leftovers(root)


def _leftover_by_walking(state: reading._Reading, root: Any) -> bool:
    """What ``check_leftovers`` decided before it counted: a walk over every element."""
    from lxml import etree

    for element in root.iter(etree.Element):
        for name in element.attrib:
            if (element, name) not in state.used_attributes and not str(name).startswith(
                "{http://www.w3.org/2001/XMLSchema-instance}"
            ):
                return True
        if len(element) == 0 and element not in state.used:
            return True
    return False


@st.composite
def _reading_states(draw: st.DrawFn) -> tuple[Any, reading._Reading, bool]:
    """A random tree (attributes, xsi's, comments) and a reading state over it: read leaves and
    attributes, looked-into elements, drawn either as a read plan leaves them (whatever it read
    has its ancestors looked into) or freely."""
    from lxml import etree

    xsi = "{http://www.w3.org/2001/XMLSchema-instance}"
    root = etree.Element("r")
    elements = [root]
    for _ in range(draw(st.integers(0, 12))):
        parent = draw(st.sampled_from(elements))
        if draw(st.booleans()) and len(elements) > 1:
            parent.append(etree.Comment("c"))
        child = etree.SubElement(parent, draw(st.sampled_from("abc")))
        elements.append(child)
    for element in elements:
        for name in draw(st.sets(st.sampled_from(["k", "n", f"{xsi}nil", f"{xsi}type"]))):
            element.set(name, "1")
    like_a_plan = draw(st.booleans())
    state = reading._Reading("ebix")
    for element in elements:
        if draw(st.booleans()):
            state.used.add(element)
        if len(element) and draw(st.booleans()):
            if draw(st.booleans()):  # (as _Reading.below and most generated readers mark it)
                state.children[element] = reading._children_of(element)
            else:  # (as a generated reader's own pass over the children marks it)
                state.looked.add(element)
        for attribute in map(str, element.attrib):
            if not attribute.startswith(xsi) and draw(st.booleans()):
                state.used_attributes.add((element, attribute))
    if like_a_plan:
        reached = list(state.used) + [element for element, _ in state.used_attributes]
        for element in reached:
            for above in element.iterancestors():
                state.children.setdefault(above, reading._children_of(above))
        state.children.setdefault(root, reading._children_of(root))
    return root, state, like_a_plan


@given(_reading_states())
def test_counting_leftovers_decides_as_walking_did(
    drawn: tuple[Any, reading._Reading, bool],
) -> None:
    """The count never passes what the walk refused; on what a read plan leaves (every element
    read has its ancestors looked into) the two decide alike."""
    root, state, like_a_plan = drawn
    walked = _leftover_by_walking(state, root)
    try:
        state.check_leftovers(root)
        counted = False
    except compiled.Fallback:
        counted = True
    assert counted or not walked
    if like_a_plan:
        assert counted == walked


def test_no_character_but_the_space_is_printable_whitespace() -> None:
    """What ``reading._irregular``'s short cut stands on, for every character of this Python's
    Unicode: a printable text holds no whitespace but the space."""
    import sys

    found = [c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace() and c.isprintable()]
    assert found == [" "]


_WHITESPACE = [" ", "\t", "\n", "\r", "\x0b", "\x0c", "\x1c", "\x85", "\xa0", "\u2003", "\u3000"]


@given(st.text(st.sampled_from(["a", "1", ".", "-", "é", "\x00", *_WHITESPACE]), max_size=8))
def test_the_generated_whitespace_check_decides_as_regular(text: str) -> None:
    """The generated reader's check of a text (``reading._irregular``) against ``_regular``."""
    irregular = eval(reading._irregular("value"), {"value": text})  # noqa: S307
    assert bool(irregular) == (not reading._regular(text))


@given(
    st.lists(
        st.sampled_from(["Metered", "Estimated", "Temporary", "Calculated", "Withdrawn", None]),
        max_size=8,
    )
)
def test_present_rules_set_as_their_group_ends_read_as_deferred(names: list[str | None]) -> None:
    """Collected data whose observations say their quality by element (``present:`` rules, set
    by the generated reader as the observation ends) reads as through the interpreted plan,
    which defers them to ``run_rules``: the same values, or a Fallback both ways."""
    from lxml import etree

    from elhub_cim.pipeline import check

    document, message_type = check((EXAMPLES / "ebix" / "CollectedData.xml").read_bytes())
    found = mapping_for_message(message_type)
    assert found is not None
    mapping, side = found
    root = document.root
    observations = [e for e in root.iter() if etree.QName(e).localname == "Observation"]
    for observation, name in zip(observations, names, strict=False):
        values = [e for e in observation if isinstance(e.tag, str)]
        if name is not None and values:
            values[0].tag = etree.QName(etree.QName(values[0]).namespace, name).text
    _read_each_way(mapping, side, root)
