"""validate ⇔ convert: what ``validate`` accepts converts, or ``validate`` says why with the code
``convert`` gives (DEVELOPERS.md, "validate and convert agree").

The property test and the bounded fuzz run mutate our examples with ``tools/fuzz_mutate.py``
(``make fuzz-mutate`` runs 100,000 mutants); the tests below them pin each case the harness found.
"""

from __future__ import annotations

import random
import time
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

import elhub_cim
from elhub_cim.convert import convert, to_domain
from elhub_cim.core.catalog import catalog
from elhub_cim.core.errors import ElhubCimError
from elhub_cim.mapping.facets import enumerations_of, normalise, whitespace_of
from tests.conftest import PROJECT_ROOT, load_tool

EXAMPLES = PROJECT_ROOT / "examples"

#: Mutants of the bounded run in ``make test`` (about a minute on one core; fixed seed).
BOUNDED_MUTANTS = 6000


@pytest.fixture(scope="module")
def fuzz() -> ModuleType:
    return load_tool("fuzz_mutate")


@pytest.fixture(scope="module")
def seeds(fuzz: ModuleType) -> list[Any]:
    found: list[Any] = fuzz.load_seeds()
    assert len(found) >= 40, "the examples are the harness's seeds"
    return found


def _edit(path: str, local: str, value: str, attribute: str | None = None, nth: int = 0) -> bytes:
    """An example with the ``nth`` element named ``local`` (or its attribute) set to ``value``."""
    root = etree.parse(str(EXAMPLES / path)).getroot()
    found = [e for e in root.iter(etree.Element) if etree.QName(e).localname == local]
    if attribute is None:
        found[nth].text = value
    else:
        found[nth].set(attribute, value)
    data: bytes = etree.tostring(root, encoding="UTF-8", xml_declaration=True)
    return data


def _codes(error: ElhubCimError) -> set[str]:
    return {p.code for p in error.problems}


# --- the property and the bounded run ------------------------------------------------------------


@given(st.data())
def test_mutants_agree(fuzz: ModuleType, seeds: list[Any], data: st.DataObject) -> None:
    """Any mutant of any example: no exception outside ElhubCimError, and validate agrees with
    read, write, to_domain and convert."""
    seed = data.draw(st.sampled_from(seeds), label="example")
    rng = data.draw(st.randoms(use_true_random=False), label="mutation")
    mutation, mutant = fuzz.mutate(rng, seed, tuple(seeds))
    result, outcomes = fuzz.run_one(mutant, seed.standard)
    crashes = [o.crash for o in outcomes if o.crash]
    assert not crashes, f"{seed.name} ({mutation}):\n{crashes[0]}"
    assert not fuzz.disagreements(result, outcomes), (seed.name, mutation)


def test_bounded_fuzz_run(fuzz: ModuleType, seeds: list[Any]) -> None:
    """The CI slice of ``make fuzz-mutate``: a fixed seed, a fixed count."""
    tally = fuzz.run(BOUNDED_MUTANTS, seed=1, seeds=seeds)
    print(tally.summary())
    assert tally.mutants == BOUNDED_MUTANTS
    assert tally.valid > BOUNDED_MUTANTS // 20, "mutants must reach conversion, not only the XSD"
    details = [f"{f.seed} ({f.mutation}): {f.detail[-400:]}" for f in tally.findings[:5]]
    assert not tally.crashes, "\n".join(details)
    assert not tally.disagreements, "\n".join(details)


def test_the_harness_is_deterministic(fuzz: ModuleType, seeds: list[Any]) -> None:
    first = [fuzz.mutate(random.Random(7), seed, tuple(seeds)) for seed in seeds[:10]]
    again = [fuzz.mutate(random.Random(7), seed, tuple(seeds)) for seed in seeds[:10]]
    assert first == again
    assert any(data != seed.data for (_, data), seed in zip(first, seeds, strict=True))


def test_the_harness_records_crashes(
    fuzz: ModuleType, seeds: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise OverflowError("date value out of range")

    monkeypatch.setattr(fuzz, "to_domain", broken)
    tally = fuzz.run(5, seed=1, seeds=seeds)
    assert tally.crashes == 5
    assert any("OverflowError" in signature for signature in tally.signatures)
    assert fuzz.main(["-n", "0"]) == 0


def test_the_harness_records_disagreements(fuzz: ModuleType) -> None:
    valid = elhub_cim.ValidationResult(source="x", problems=[])
    refused = fuzz.Outcome("convert:cim", "DOMAIN_INVALID", codes=frozenset({"DOMAIN_INVALID"}))
    unsupported = fuzz.Outcome(
        "convert:cim", "CONVERT_UNSUPPORTED", codes=frozenset({"CONVERT_UNSUPPORTED"})
    )
    assert fuzz.disagreements(valid, [refused])
    assert not fuzz.disagreements(valid, [unsupported])
    invalid = elhub_cim.ValidationResult(
        source="x", problems=[elhub_cim.Problem("EH015", "a business rule")]
    )
    assert fuzz.disagreements(invalid, [refused])  # refused for a reason validate did not give
    told = elhub_cim.ValidationResult(
        source="x", problems=[elhub_cim.Problem("DOMAIN_INVALID", "sender")]
    )
    assert not fuzz.disagreements(told, [refused])


def test_every_example_is_a_seed(seeds: list[Any]) -> None:
    names = {seed.name for seed in seeds}
    messages = {str(p.relative_to(EXAMPLES)) for p in EXAMPLES.glob("*/*.xml")}
    assert messages <= names


# --- what the domain model refuses, validate reports with convert's code -------------------------


@pytest.mark.parametrize(
    ("path", "local", "value", "words"),
    [
        # GLN: the XSDs allow 1-13 characters, the domain model a 13-digit GLN.
        ("ebix/RequestStartOfSupply-move-in.xml", "Identification#2", "1234", "(a GLN)"),
        ("cim/RequestEndOfSupply_BRS-NO-201.xml", "sender_MarketParticipant.mRID", "ELHUB", "GLN"),
        # EIC of a grid area: the XSD allows 1-16 characters, the domain model exactly 16.
        (
            "cim/UpfrontAccountingPointCharacteristics_BRS-NO-611.xml",
            "meteringGridArea_Domain.mRID",
            "EIC-Y1",
            "at least 16 characters",
        ),
        # xs:dateTime allows 24:00:00; the domain model one spelling of midnight.
        (
            "ebix/RequestStartOfSupply-move-in.xml",
            "StartOfOccurrence",
            "2026-06-30T24:00:00Z",
            "24",
        ),
    ],
)
def test_validate_reports_what_convert_refuses(
    path: str, local: str, value: str, words: str
) -> None:
    local, _, nth = local.partition("#")
    data = _edit(path, local, value, nth=int(nth or 0))
    result = elhub_cim.validate(data, name="x.xml")
    assert not result.valid
    reported = [p for p in result.problems if p.code == "DOMAIN_INVALID"]
    assert reported, [p.format() for p in result.problems]
    assert words in reported[0].message
    # Where it is: the element's line and readable path, as for an XSD problem.
    assert reported[0].line is not None
    assert reported[0].path is not None
    assert reported[0].path.endswith(local)
    target = "cim" if path.startswith("ebix") else "ebix"
    with pytest.raises(ElhubCimError) as raised:
        convert(data, to=target, allow_loss=True, name="x.xml")  # type: ignore[arg-type]
    assert raised.value.problems[0] == reported[0]
    # --schema-only stays the XSD alone.
    assert elhub_cim.validate(data, rules=False).valid


def test_valid_examples_have_no_domain_findings() -> None:
    for path in sorted(EXAMPLES.glob("*/*.xml")):
        result = elhub_cim.validate(path)
        assert not [p for p in result.problems if p.code == "DOMAIN_INVALID"], path


def test_validate_reports_an_untranslatable_code_as_convert_does() -> None:
    """The first Reason of a CIM acknowledgement is its status (A01/A02): E18 there is a valid
    reason code with no status translation."""
    data = _edit("cim/Acknowledgement_BRS-NO-611.xml", "code", "E18")
    result = elhub_cim.validate(data, name="x.xml")
    reported = [p for p in result.problems if p.code == "CONVERT_CODE"]
    assert reported, [p.format() for p in result.problems]
    assert "'E18'" in reported[0].message
    assert reported[0].line is not None
    with pytest.raises(ElhubCimError) as raised:
        convert(data, to="ebix", allow_loss=True, name="x.xml")
    assert raised.value.problems[0] == reported[0]


# --- whitespace the XSD collapses --------------------------------------------------------------


def test_a_code_padded_with_whitespace_converts() -> None:
    """``<connectionState>E22 </connectionState>`` is E22 for the XSD (NMTOKEN): it converts."""
    data = _edit("cim/AccountingPointCharacteristics_BRS-NO-102.xml", "connectionState", " E22\n ")
    assert elhub_cim.validate(data).valid
    ebix = convert(data, to="ebix").data
    assert b">E22<" in ebix
    assert b"E22 " not in ebix
    plain = _edit("cim/AccountingPointCharacteristics_BRS-NO-102.xml", "connectionState", "E22")
    assert to_domain(data) == to_domain(plain)


def test_a_padded_process_and_date_convert() -> None:
    data = _edit(
        "cim/RejectRequestChangeOfSupplier_BRS-NO-103.xml", "process.processType", "\nNO103"
    )
    assert elhub_cim.validate(data).valid
    assert b">BRS-NO-103</abie:EnergyBusinessProcess>" in convert(data, to="ebix").data
    created = "2026-04-14T10:12:03.482+02:00"  # as in the example, padded
    dated = _edit("ebix/RequestStartOfSupply-move-in.xml", "Creation", f"\n {created} ")
    assert elhub_cim.validate(dated).valid
    # in CIM as UTC (profile 0.2), the fraction as written
    assert b">2026-04-14T08:12:03.482Z<" in convert(dated, to="cim").data


def test_free_text_keeps_its_whitespace() -> None:
    """xs:string keeps whitespace: a name is carried exactly as written."""
    data = _edit("ebix/RequestStartOfSupply-move-in.xml", "Name", "  Kari  Nordmann ")
    assert elhub_cim.validate(data).valid
    assert to_domain(data).customer.name == "  Kari  Nordmann "  # type: ignore[attr-defined]


def test_whitespace_facets_from_our_schemas() -> None:
    types = {m.name: m for m in catalog().values()}
    cim = types["AccountingPointCharacteristics_MarketDocument"]
    ns = "{" + cim.namespace + "}"
    root = (ns + "AccountingPointCharacteristics_MarketDocument",)
    point = (*root, ns + "MktActivityRecord", ns + "MarketEvaluationPoint")
    assert whitespace_of(cim.schema_file, (*point, ns + "connectionState"), None) == "collapse"
    assert whitespace_of(cim.schema_file, (*root, ns + "createdDateTime"), None) == "collapse"
    assert whitespace_of(cim.schema_file, (*root, ns + "mRID"), None) == "preserve"
    sender = (*root, ns + "sender_MarketParticipant.mRID")
    assert whitespace_of(cim.schema_file, sender, "codingScheme") == "collapse"
    assert whitespace_of(cim.schema_file, (*root, ns + "unknown"), None) == "preserve"
    assert enumerations_of(cim.schema_file, (*point, ns + "connectionState"), None) == (
        "E22",
        "E23",
        "E31",
    )
    ebix = types["RequestStartOfSupply"]
    header = ("{" + ebix.namespace + "}RequestStartOfSupply",)
    abie = "{urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2}"
    creation = (*header, abie + "Header", abie + "Creation")
    assert whitespace_of(ebix.schema_file, creation, None) == "collapse"
    document_type = (*header, abie + "Header", abie + "DocumentType")
    assert whitespace_of(ebix.schema_file, document_type, None) == "preserve"
    assert "392" in enumerations_of(ebix.schema_file, document_type, None)
    assert normalise(" a \n b ", "collapse") == "a b"
    assert normalise(" a\tb ", "replace") == " a b "
    assert normalise(" a ", "preserve") == " a "


# --- codes the target has no place for --------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "local", "value", "target", "words"),
    [
        # A CIM reason code the EMIF reason list does not have (ESMP's A01 in a rejection list).
        ("cim/Acknowledgement_BRS-NO-611.xml", "code", "A01", "ebix", "'A01'"),
        # A BRS the CIM document does not serve (validate names it too, rule set
        # document-processes; convert's refusal still says which).
        ("ebix/NotifyEndOfSupply.xml", "EnergyBusinessProcess", "BRS-NO-301", "cim", "BRS-NO-301"),
        # A BRS the EMIF process list does not have.
        (
            "cim/Acknowledgement_BRS-NO-611.xml",
            "received_MarketDocument.process.processType",
            "NO624",
            "ebix",
            "BRS-NO-624",
        ),
    ],
)
def test_a_code_the_target_lacks_is_named_not_an_invalid_output(
    path: str, local: str, value: str, target: str, words: str
) -> None:
    nth = 1 if local == "code" else 0  # the acknowledgement's first reason is its status
    data = _edit(path, local, value, nth=nth)
    problems = elhub_cim.validate(data).problems
    if local == "EnergyBusinessProcess":  # (named by validate first: DP-14)
        assert {p.code for p in problems} == {"X-NO_PROCESS_NOT_FOR_DOCUMENT"}
    else:
        assert problems == []
    with pytest.raises(ElhubCimError) as raised:
        convert(data, to=target, allow_loss=True)  # type: ignore[arg-type]
    assert _codes(raised.value) == {"CONVERT_UNSUPPORTED"}, raised.value
    assert words in str(raised.value)
    assert f"the {target} schema does not allow" in str(raised.value)


def test_every_code_of_one_example_converts_or_is_refused_cleanly(fuzz: ModuleType) -> None:
    """A slice of the exhaustive code sweep (``tools/fuzz_mutate.py --codes``)."""
    seeds = [
        s for s in fuzz.load_seeds() if s.name == "cim/RejectRequestEndOfSupply_BRS-NO-211.xml"
    ]
    started = time.perf_counter()
    checked = 0
    for _, what, mutant in fuzz.sweep_codes(seeds):
        result, outcomes = fuzz.run_one(mutant, seeds[0].standard)
        assert not [o.crash for o in outcomes if o.crash], what
        assert not fuzz.disagreements(result, outcomes), what
        checked += 1
    print(f"{checked} codes in {time.perf_counter() - started:.1f} s")
    assert checked > 50


def test_boundary_dates_of_end_of_supply_requests(fuzz: ModuleType) -> None:
    """Regression: before the date guards, ``--boundaries`` found OverflowError tracebacks in
    the 201 deadline rule (9999-12-31T23:59:59Z as creation or end date, in ebIX and CIM)."""
    names = {"cim/RequestEndOfSupply_BRS-NO-201.xml", "ebix/RequestEndOfSupply-move-out.xml"}
    seeds = [s for s in fuzz.load_seeds() if s.name in names]
    assert len(seeds) == 2
    tally = fuzz.sweep(seeds=seeds, mutants=fuzz.sweep_boundaries)
    print(tally.summary())
    assert tally.mutants > 200
    details = [f"{f.seed} ({f.mutation}): {f.detail[-300:]}" for f in tally.findings[:5]]
    assert not tally.crashes, "\n".join(details)
    assert not tally.disagreements, "\n".join(details)


def test_the_examples_folder_is_where_the_seeds_come_from(fuzz: ModuleType, tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    source = EXAMPLES / "ebix" / "Acknowledgement.xml"
    (tmp_path / "a" / "ack.xml").write_bytes(source.read_bytes())
    (tmp_path / "a" / "notes.json").write_text('{"not": "a message"}')
    assert [s.name for s in fuzz.load_seeds(tmp_path)] == ["a/ack.xml"]
