"""Compiled rule judgements (rules/compiled.py) against the interpreter (rules/engine.py, the
specification): the findings of ``evaluate`` are the same with and without them, for every
example, variants of them, every setting that changes what is judged (``as_of`` around every
dated rule, ``strict``, proposed rules on, off, as warnings, rules switched), and a judgement
says "nothing found" exactly where the interpreter finds nothing."""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, Literal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from elhub_cim.core.identify import identify
from elhub_cim.core.safeparse import ParsedDocument, parse_bytes
from elhub_cim.rules import RulesConfig, compiled, configured_rule_sets, engine
from elhub_cim.rules.engine import RuleSet, evaluate
from tests import mutations
from tests.conftest import PROJECT_ROOT, REFERENCE_ROOT

OWN_EXAMPLES = sorted((PROJECT_ROOT / "examples").glob("*/*.xml"))
ELHUB_EXAMPLES = REFERENCE_ROOT / "elhub-emif-2.4.3" / "examples"

#: Rule set tuples as they are configured: by default, proposed rules on, off, a rule switched
#: on, a date moved (configured once each: a tuple is the key of its plans and judgements).
CONFIGURATIONS: dict[str, tuple[RuleSet, ...]] = {
    "default": configured_rule_sets(),
    "proposed on": configured_rule_sets(RulesConfig(proposed="on")),
    "proposed off": configured_rule_sets(RulesConfig(proposed="off")),
    "611-P1 on, 611-S5 off": configured_rule_sets(
        RulesConfig(rules={"611-P1": True, "611-S5": False})
    ),
    "dates moved": configured_rule_sets(
        RulesConfig(
            dates={
                "BRS-NO-611": {
                    "purpose_mandatory": date(2026, 3, 2),
                    "search_variant_2a_removed": datetime(2026, 2, 1, 12, 30),
                }
            }
        )
    ),
}


def _boundaries() -> list[datetime]:
    """Every moment a rule comes into or goes out of force, in any configuration."""
    return sorted(
        {
            moment
            for rule_sets in CONFIGURATIONS.values()
            for rule_set in rule_sets
            for rule in rule_set.rules
            for moment in (rule.valid_from, rule.valid_until)
            if moment is not None
        }
    )


def _as_of() -> list[datetime | date | None]:
    """No ``as_of`` (the creation time), and just before, at and just after every boundary."""
    moments: list[datetime | date | None] = [None, date(2026, 5, 1), datetime(2025, 1, 1, 12)]
    for boundary in _boundaries():
        moments += [boundary - timedelta(microseconds=1), boundary, boundary + timedelta(hours=1)]
    return moments


Findings = list[tuple[Any, ...]]


def _findings(
    document: ParsedDocument,
    rule_sets: tuple[RuleSet, ...],
    monkeypatch: pytest.MonkeyPatch,
    *,
    use_compiled: bool,
    **setting: Any,
) -> Findings:
    """The findings of ``evaluate``, compiled or interpreted (compiled: the plan of the kind is
    known first, as it is for every document after the first of its kind)."""
    message_type = identify(document)
    monkeypatch.setattr(compiled, "enabled", use_compiled)
    if use_compiled:
        evaluate(document, message_type, rule_sets, **setting)
    return [
        (p.code, p.message, p.file, p.line, p.path, p.severity)
        for p in evaluate(document, message_type, rule_sets, **setting)
    ]


def _judgement(document: ParsedDocument, rule_sets: tuple[RuleSet, ...]) -> compiled.Judgement:
    """The compiled judgement of ``document``'s kind (asserted to exist: no kind of the shipped
    rule sets stays interpreted)."""
    message_type = identify(document)
    evaluate(document, message_type, rule_sets)  # (the plan of the kind)
    standard = engine._standard(message_type)
    assert standard is not None
    key = (id(rule_sets), standard, message_type.name)
    known = engine._plans.get(key)
    if known is None:  # (no rule set judges this kind: nothing to judge)
        return lambda root, as_of: True
    judge = compiled.judgement(key, rule_sets, known[1])
    assert judge is not None, f"{message_type.name} ({standard}) is not compiled"
    return judge


def _agree(
    document: ParsedDocument, rule_sets: tuple[RuleSet, ...], as_of: datetime | date | None
) -> bool:
    """The judgement says "nothing found" exactly where the interpreter finds nothing (it may
    fail instead only where the interpreter finds something or fails too); returns whether the
    interpreter found something."""
    judge = _judgement(document, rule_sets)
    message_type = identify(document)
    enabled = compiled.enabled
    compiled.enabled = False
    try:
        found: list[Any] | None = evaluate(document, message_type, rule_sets, as_of=as_of)
    except Exception:  # (the interpreter fails: the judgement may fail too)
        found = None
    finally:
        compiled.enabled = enabled
    moment = engine._as_aware(as_of) if as_of is not None else None
    try:
        clean = judge(document.root, moment)
    except Exception:
        assert found != [], "the judgement failed where the interpreter finds nothing"
        return True
    assert clean is (found == []), (clean, found)
    return bool(found) or found is None


def _parsed(paths: list[Path]) -> list[ParsedDocument]:
    return [parse_bytes(path.read_bytes(), name=path.name) for path in paths]


# --- the examples ----------------------------------------------------------------------------


def _examples() -> list[ParsedDocument]:
    paths = OWN_EXAMPLES + sorted(ELHUB_EXAMPLES.glob("*.xml"))
    documents = []
    for document in _parsed(paths):
        try:
            identify(document)
        except Exception:  # noqa: S112 (not a document the rules judge)
            continue
        documents.append(document)
    return documents


def test_every_example_and_setting_has_the_interpreters_findings(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    documents = _examples()
    assert len(documents) > 60
    compared = 0
    for name, rule_sets in CONFIGURATIONS.items():
        for document in documents:
            for as_of in _as_of():
                for strict in (False, True):
                    setting = {"as_of": as_of, "strict": strict}
                    expected = _findings(
                        document, rule_sets, monkeypatch, use_compiled=False, **setting
                    )
                    found = _findings(
                        document, rule_sets, monkeypatch, use_compiled=True, **setting
                    )
                    assert found == expected, (name, document.name, setting)
                    compared += bool(expected)
    # (Elhub's examples break rules in some settings, so findings are compared; ours break none)
    assert compared or not ELHUB_EXAMPLES.is_dir()


def test_every_example_is_judged_by_its_compiled_judgement_as_the_interpreter_judges() -> None:
    documents = _examples()
    found = 0
    for rule_sets in CONFIGURATIONS.values():
        for document in documents:
            for as_of in _as_of():
                found += _agree(document, rule_sets, as_of)
    assert found or not ELHUB_EXAMPLES.is_dir()  # (both answers occur)


def test_elhubs_examples_are_compared(emif_reference: Path) -> None:
    """The reference examples are among those compared above (skipped without ../shared)."""
    names = {document.name for document in _examples()}
    assert {path.name for path in (emif_reference / "examples").glob("*.xml")} & names


# --- changed documents -----------------------------------------------------------------------

#: Values that break rules or sit on their edges: creation times around the dated rules, dates
#: out of range, no date at all, identifiers with wrong check digits, codes of other processes,
#: resolutions, positions.
VALUES = [
    "2026-02-28T22:59:59Z", "2026-02-28T23:00:00Z", "2026-04-05T21:59:59Z",
    "2026-04-05T22:00:00Z", "2026-03-01T00:00:00+01:00", "2026-04-15T10:00:00Z",
    "2026-10-25T01:00:00Z", "2026-03-29T00:00:00+01:00", "2025-12-24T23:00:00Z",
    "9999-12-31T23:59:59Z", "0001-01-01T00:00:00Z", "not a date", "", " 1 ", "²", "0", "-1",
    "7080005051286", "7080005051287", "707057500012345678", "707057500012345679", "E10", "E66",
    "Z01", "NO611", "BRS-NO-611", "BRS-NO-102", "BRS-NO-103", "BRS-NO-201", "NO103", "DDQ", "DDM",
    "PT15M", "PT1H", "PT5M", "P1D", "true", "false", "0150", "Gate*", "25", "1", "x" * 60,
]  # fmt: skip


#: The attributes a change sets (one of these, to a value of :data:`VALUES`).
ATTRIBUTES = ["listAgencyIdentifier", "schemeAgencyIdentifier", "codingScheme", "Sequence"]


def _changed(data: bytes, changes: list[tuple[int, int, int]]) -> bytes:
    """``data`` with each change (kind, which element, which value) made (tests/mutations.py):
    an element left out, doubled or moved to the end, a leaf's text replaced, an attribute set."""
    return mutations.changed(
        data,
        [
            mutations.Change(
                kind, which, VALUES[value % len(VALUES)], ATTRIBUTES[value % len(ATTRIBUTES)]
            )
            for kind, which, value in changes
        ],
    )


def _variants(path: Path, seed: int, count: int) -> Iterator[ParsedDocument]:
    rng = random.Random(seed)
    for _ in range(count):
        changes = [
            (rng.randrange(mutations.KINDS), rng.randrange(1000), rng.randrange(len(VALUES)))
            for _ in range(rng.randrange(1, 4))
        ]
        yield parse_bytes(_changed(path.read_bytes(), changes), name=path.name)


def _judged_paths() -> list[Path]:
    """The examples of the kinds the rules judge most (every rule set has some)."""
    paths = OWN_EXAMPLES + sorted(ELHUB_EXAMPLES.glob("*.xml"))
    return [path for path in paths if path.suffix == ".xml" and "monitor" not in path.parts]


def test_changed_examples_have_the_interpreters_findings(monkeypatch: pytest.MonkeyPatch) -> None:
    found = 0
    for number, path in enumerate(_judged_paths()):
        for document in _variants(path, number, 4):
            try:
                identify(document)
            except Exception:  # noqa: S112 (no longer a document the rules judge)
                continue
            for rule_sets in (CONFIGURATIONS["default"], CONFIGURATIONS["proposed on"]):
                for as_of in (None, date(2026, 3, 1)):
                    expected = _findings(
                        document, rule_sets, monkeypatch, use_compiled=False, as_of=as_of
                    )
                    assert (
                        _findings(document, rule_sets, monkeypatch, use_compiled=True, as_of=as_of)
                        == expected
                    )
                    found += bool(expected)
                    _agree(document, rule_sets, as_of)
    assert found > 20


#: Dates for the date-time leaves of a request: around the dated rules (creation times), around
#: the 30 working days and the day after creation of the supply rules, out of range.
DATES = [
    "2026-02-28T22:59:59Z", "2026-02-28T23:00:00Z", "2026-04-05T21:59:59Z",
    "2026-04-05T22:00:00Z", "2025-11-01T00:00:00+01:00", "2025-12-01T00:00:00+01:00",
    "2026-01-10T00:00:00+01:00", "2026-01-31T23:00:00Z", "2026-06-01T00:00:00+02:00",
    "2026-06-01T10:00:00+02:00", "2026-06-01T10:07:00+02:00", "9999-12-31T23:59:59Z",
    "0001-01-01T00:00:00Z",
]  # fmt: skip


def _systematic(path: Path, *, removed: bool = True) -> Iterator[ParsedDocument]:
    """``path``'s document with each element left out in turn (``removed``), and each
    date-time leaf set to each of :data:`DATES`."""
    data = path.read_bytes()
    count = sum(1 for e in etree.fromstring(data).iter() if isinstance(e.tag, str))
    for which in range(1, count if removed else 1):
        yield parse_bytes(_changed(data, [(mutations.LEAVE_OUT, which, 0)]), name=path.name)
    root = etree.fromstring(data)
    leaves = [e for e in root.iter() if isinstance(e.tag, str) and len(e) == 0]
    for leaf in leaves:
        text = (leaf.text or "").strip()
        if len(text) < 20 or text[4:5] != "-" or "T" not in text:
            continue
        for value in DATES:
            leaf.text = value
            yield parse_bytes(etree.tostring(root, xml_declaration=True), name=path.name)
        leaf.text = text


def _pairs_left_out(path: Path) -> Iterator[ParsedDocument]:
    """``path``'s document with each pair of leaf elements left out (a search request without
    two of its fields: the rules of 611 weigh which fields are there together)."""
    data = path.read_bytes()
    elements = [e for e in etree.fromstring(data).iter() if isinstance(e.tag, str)]
    leaves = [number for number, e in enumerate(elements) if len(e) == 0]
    for first, second in itertools.combinations(leaves, 2):
        # (the later one first: leaving out the first does not move it)
        yield parse_bytes(
            _changed(data, [(mutations.LEAVE_OUT, second, 0), (mutations.LEAVE_OUT, first, 0)]),
            name=path.name,
        )


def _judged_alike(documents: Iterator[ParsedDocument], configurations: list[str]) -> int:
    """:func:`_agree` for each document, configuration and ``as_of``; how many had findings."""
    found = 0
    for document in documents:
        try:
            identify(document)
        except Exception:  # noqa: S112 (no longer a document the rules judge)
            continue
        for configuration in configurations:
            for as_of in _as_of():
                found += _agree(document, CONFIGURATIONS[configuration], as_of)
    return found


def test_every_pair_of_fields_left_out_of_a_search_is_judged_as_the_interpreter_judges() -> None:
    paths = [p for p in _judged_paths() if p.name.startswith("RequestUpfront")]
    assert paths
    documents = (document for path in paths for document in _pairs_left_out(path))
    assert _judged_alike(documents, ["default", "dates moved"]) > 100


#: The search fields of a 611 request (ebIX), as child paths of its payload, each with a value
#: its wildcard rule accepts and one it refuses.
_SEARCH = {
    "MeteringPointUsedDomainLocation/Identification": ("707057500012345678", None),
    "ConsumerInvolvedCustomerParty/Identification": ("918453024", None),
    "MPAddressMeteringPointAddress/StreetName": ("Storgata", "Sto*"),
    "MPAddressMeteringPointAddress/BuildingNumber": ("12", "*1*"),
    "MPAddressMeteringPointAddress/Postcode": ("70*", "7*"),
    "MeteringInstallationMeterFacility/MeterIdentification": ("6970631408026453", None),
    "Purpose": ("Other", None),
}


def _searches() -> Iterator[ParsedDocument]:
    """A 611 request with every subset of :data:`_SEARCH`, with accepted values, and with the
    refused value of one field."""
    path = PROJECT_ROOT / "examples" / "ebix" / "RequestUpfrontMeteringPointCharacteristics.xml"
    data = path.read_bytes()
    names = list(_SEARCH)
    for size in range(len(names) + 1):
        for chosen in itertools.combinations(names, size):
            wrong = [None, *(name for name in chosen if _SEARCH[name][1] is not None)]
            for refused in wrong:
                root = etree.fromstring(data)
                payload = next(root.iterchildren("{*}PayloadMPEvent"))
                namespace = etree.QName(payload[0]).namespace if len(payload) else None
                for child in list(payload):
                    payload.remove(child)
                for name in chosen:
                    parent = payload
                    for step in name.split("/"):
                        found = next(parent.iterchildren(f"{{*}}{step}"), None)
                        parent = (
                            found
                            if found is not None
                            else etree.SubElement(parent, etree.QName(namespace, step).text)
                        )
                    parent.text = _SEARCH[name][1 if name == refused else 0]
                yield parse_bytes(etree.tostring(root, xml_declaration=True), name=path.name)


def test_every_search_of_a_611_request_is_judged_as_the_interpreter_judges() -> None:
    """Which search fields a 611 request has decides most of its rules, some of them only up to
    or from a date (the 2a variant, the proposed purpose rule), and wildcards their patterns."""
    assert _judged_alike(_searches(), list(CONFIGURATIONS)) > 1000


def test_every_date_of_every_example_changed_is_judged_as_the_interpreter_judges() -> None:
    """Every date-time of every example set to each of :data:`DATES` (creation times around
    the dated rules, starts around the supply rules' limits, periods off their grid)."""
    documents = (
        document for path in _judged_paths() for document in _systematic(path, removed=False)
    )
    assert _judged_alike(documents, ["default"]) > 100


def test_every_field_left_out_or_redated_in_requests_is_judged_as_the_interpreter_judges() -> None:
    """The requests, whose rules depend most on which fields are there and on dates: each
    element left out, each date-time changed, under the settings that change what is judged."""
    paths = [path for path in _judged_paths() if path.name.startswith("Request")]
    assert len(paths) > 10
    found = 0
    for path in paths:
        for document in _systematic(path):
            try:
                identify(document)
            except Exception:  # noqa: S112 (no longer a document the rules judge)
                continue
            for configuration in ("default", "proposed on", "dates moved"):
                for as_of in _as_of():
                    found += _agree(document, CONFIGURATIONS[configuration], as_of)
    assert found > 100


@given(
    st.sampled_from(_judged_paths()),
    st.lists(
        st.tuples(
            st.integers(0, mutations.KINDS - 1),
            st.integers(0, 999),
            st.integers(0, len(VALUES) - 1),
        ),
        min_size=1,
        max_size=4,
    ),
    st.sampled_from(sorted(CONFIGURATIONS)),
    st.sampled_from(_as_of()),
)
def test_any_changed_example_is_judged_as_the_interpreter_judges(
    path: Path, changes: list[tuple[int, int, int]], configuration: str, as_of: datetime | None
) -> None:
    document = parse_bytes(_changed(path.read_bytes(), changes), name=path.name)
    try:
        identify(document)
    except Exception:  # (no longer a document the rules judge)
        return
    _agree(document, CONFIGURATIONS[configuration], as_of)


# --- what is compiled ------------------------------------------------------------------------


def test_the_costliest_kinds_are_compiled_with_their_rules() -> None:
    rule_sets = CONFIGURATIONS["default"]
    for name in (
        "ebix/RequestUpfrontMeteringPointCharacteristics.xml",
        "ebix/RequestStartOfSupply-move-in.xml",
        "ebix/RequestEndOfSupply-move-out.xml",
        "ebix/CollectedData.xml",
    ):
        path = PROJECT_ROOT / "examples" / name
        if not path.exists():
            pytest.fail(f"example {name} is missing")
        document = parse_bytes(path.read_bytes(), name=path.name)
        _judgement(document, rule_sets)
        message = identify(document).name
        source = compiled.sources[("ebix", message)]
        plan = engine._plans[(id(rule_sets), "ebix", message)][1]
        for _, rules in plan:
            for rule, _ in rules:
                assert f"# {rule.id}\n" in source


def test_a_kind_the_generator_cannot_follow_stays_interpreted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A field at a path only XPath follows: no judgement, the interpreter's findings."""
    rule_set = tmp_path / "xpath.toml"
    rule_set.write_text(
        'id = "x"\nmessages = ["RequestStartOfSupply"]\n[fields]\n'
        'created = { ebix = "Header/Creation", cim = "createdDateTime" }\n'
        # (a step of other than ASCII letters is not walked: XPath finds it)
        'odd = { ebix = "ProcessEnergyContext/Rolle\u00e5" }\n'
        '[[rules]]\nid = "X1"\ncode = "X-ODD"\ncheck = "present"\nfield = "odd"\n'
        'message = "{field} missing"\n',
        encoding="utf-8",
    )
    rule_sets = (engine.load_rule_set(rule_set),)
    path = PROJECT_ROOT / "examples" / "ebix" / "RequestStartOfSupply-move-in.xml"
    document = parse_bytes(path.read_bytes(), name=path.name)
    message_type = identify(document)
    evaluate(document, message_type, rule_sets)
    key: tuple[int, Literal["ebix", "cim"], str] = (id(rule_sets), "ebix", message_type.name)
    assert compiled.judgement(key, rule_sets, engine._plans[key][1]) is None
    expected = _findings(document, rule_sets, monkeypatch, use_compiled=False)
    assert expected
    assert _findings(document, rule_sets, monkeypatch, use_compiled=True) == expected
