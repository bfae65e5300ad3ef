"""validate's light domain check (``elhub_cim.domain.acceptance``) against pydantic: it may only
say "accepted" where pydantic accepts, so validate's findings (codes, paths, lines, messages)
are exactly those of the pydantic path, on every generated document of every type, on every
example, on mutants of the examples and on mutated values."""

from __future__ import annotations

import copy
import random
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import given

from elhub_cim.convert import from_domain, mapping_for_model
from elhub_cim.core.errors import ElhubCimError
from elhub_cim.domain import acceptance
from elhub_cim.mapping import reading
from elhub_cim.mapping.rules import ConversionOptions
from elhub_cim.pipeline import check, validate
from tests.conftest import PROJECT_ROOT, load_tool
from tests.test_compiled import STRATEGIES

EXAMPLES = PROJECT_ROOT / "examples"
MUTANTS = 300


class _Counter:
    """Counts the light check's answers (a test must not pass by never deciding)."""

    def __init__(self) -> None:
        self.sure = 0
        self.unsure = 0


@contextmanager
def _light(enabled: bool, counter: _Counter | None = None) -> Iterator[None]:
    """The quick check with the light check (counted), or with pydantic alone."""
    original = acceptance.accepts

    def counted(light: Any, values: Any) -> bool:
        answer = original(light, values)
        if counter is not None:
            counter.sure += answer
            counter.unsure += not answer
        return answer

    acceptance.accepts = counted if enabled else (lambda light, values: False)
    try:
        yield
    finally:
        acceptance.accepts = original


def _findings(data: bytes) -> tuple[Any, ...]:
    result = validate(data)
    return (
        result.valid,
        result.message_type.name if result.message_type else None,
        tuple((p.code, p.path, p.line, p.message, p.severity) for p in result.problems),
    )


def _alike(data: bytes, counter: _Counter) -> tuple[Any, ...]:
    """validate's findings with the light check, asserted equal to those of pydantic alone."""
    with _light(False):
        expected = _findings(data)
    with _light(True, counter):
        found = _findings(data)
    assert found == expected
    return found


def _examples() -> list[Path]:
    return sorted(EXAMPLES.glob("*/*.xml"))


# --- the ports are what they port ---------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(acceptance.PORTS))
def test_every_ported_validator_is_unchanged(name: str) -> None:
    """A validator whose source changed is no longer ported (its model goes to pydantic): check
    its port in domain/acceptance.py, then update the digest to the one shown."""
    port = acceptance.PORTS[name]
    found = acceptance.digest(name)
    for helper in port.helpers:
        found ^= acceptance.digest(helper)
    assert found == port.digest, f"{name} changed: check its port, then set digest {found}"


def test_the_common_documents_have_a_light_check() -> None:
    from elhub_cim.mapping import document_mappings

    light = {
        mapping.model.__name__
        for mapping in document_mappings().values()
        if acceptance.light_schema(mapping.model) is not None
    }
    assert {
        "Acknowledgement",
        "StartOfSupplyRequest",
        "StartOfSupplyConfirmation",
        "StartOfSupplyNotification",
        "EndOfSupplyRequest",
        "EndOfSupplyNotification",
        "MeteringPointCharacteristicsNotification",
        "MeteringPointMasterDataUpdateRequest",
        "CustomerInformationNotification",
    } <= light


def test_a_schema_the_light_check_does_not_know_is_left_to_pydantic() -> None:
    from pydantic import BaseModel, field_validator

    class Unknown(BaseModel):
        value: str

        @field_validator("value")
        @classmethod
        def _own(cls, value: str) -> str:
            return value

    class Strict(BaseModel, strict=True):
        value: str

    class Plain(BaseModel):
        value: str

    assert acceptance.light_schema(Unknown) is None
    assert acceptance.light_schema(Strict) is None
    plain = acceptance.light_schema(Plain)
    assert plain is not None
    assert acceptance.accepts(plain, {"value": "x"})
    assert not acceptance.accepts(plain, {"value": 1})  # pydantic refuses: not sure here
    assert not acceptance.accepts({**plain, "format": -1}, {"value": "x"})


# --- validate: the same findings ----------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(STRATEGIES))
def test_generated_documents_validate_alike(name: str) -> None:
    counter = _Counter()

    @given(STRATEGIES[name])
    def run(document: Any) -> None:
        for side in mapping_for_model(type(document)).message_types:
            try:
                data = from_domain(document, to=side)
            except ElhubCimError:
                continue
            _alike(data, counter)

    run()
    if _has_light(name):
        assert counter.sure, f"{name}: the light check never decided"


def _has_light(name: str) -> bool:
    from elhub_cim.mapping import document_mappings

    mapping = document_mappings().get(name)
    return mapping is not None and acceptance.light_schema(mapping.model) is not None


def test_examples_validate_alike() -> None:
    counter = _Counter()
    for path in _examples():
        _alike(path.read_bytes(), counter)
    assert counter.sure >= 25


@pytest.fixture(scope="module")
def fuzz() -> ModuleType:
    return load_tool("fuzz_mutate")


def test_mutants_validate_alike(fuzz: ModuleType) -> None:
    counter = _Counter()
    seeds = tuple(s for s in fuzz.load_seeds() if s.name.endswith(".xml"))
    rng = random.Random(1515)
    for _ in range(MUTANTS):
        _, mutant = fuzz.mutate(rng, rng.choice(seeds), seeds)
        _alike(mutant, counter)
    assert counter.sure
    assert counter.unsure


# --- mutated values: "accepted" only where pydantic accepts -------------------------------------

#: Values a mutation puts in place of a text: each is refused somewhere, or read differently by
#: Python and pydantic-core (whitespace, line breaks, other digits, signs, leading zeros).
ODD_TEXTS = (
    "", " ", "x", "x\n", "\n", " 1", "1 ", "１２３", "٣", "-0", "007", "+1", "1e3", "1.", ".5",
    "1.0000", "12345678901234567890", "NaN", "inf", "true", "True", "yes", "on", "1", "0", "-1",
    "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z", "2026-01-01T24:00:00Z",
    "2026-01-01T00:00:00.1234Z", "2026-01-01T00:00:00", "0999-01-01T00:00:00Z",
    "2026-01-01T00:00:00+25:00", "2026-01-01T00:00:00.123+01:00",
    "00000000-0000-0000-0000-000000000000", "00000000-0000-0000-0000-00000000000G",
    "1234567890123", "123456789012345678", "7070575000000000000", "a" * 36, "a" * 400,
)  # fmt: skip
ODD_VALUES: tuple[Any, ...] = (None, True, False, 0, 1, -1, 10**15, 1.5, [], {}, ["x"], {"x": "y"})


def _leaves(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(item, (*path, key))
    elif isinstance(value, list):
        for number, item in enumerate(value):
            yield from _leaves(item, (*path, number))


def _mutated(rng: random.Random, values: dict[str, Any]) -> dict[str, Any]:
    changed = copy.deepcopy(values)
    for _ in range(rng.choice((1, 1, 2, 3))):
        paths = [p for p in _leaves(changed) if p]
        if not paths:
            break
        path = rng.choice(paths)
        parent: Any = changed
        for step in path[:-1]:
            parent = parent[step]
        last = path[-1]
        roll = rng.random()
        if roll < 0.15 and isinstance(parent, dict):
            del parent[last]
        elif roll < 0.25 and isinstance(parent, dict):
            parent[rng.choice(("extra", "x_" + str(last)))] = "x"
        elif roll < 0.35 and isinstance(parent, list):
            parent.append(copy.deepcopy(parent[last]))
        elif roll < 0.8:
            parent[last] = rng.choice(ODD_TEXTS)
        else:
            parent[last] = copy.deepcopy(rng.choice(ODD_VALUES))
    return changed


def _read(data: bytes) -> tuple[Any, Any] | None:
    """The values a read plan reads from ``data`` and the model's light schema."""
    try:
        document, message_type = check(data)
        entry = reading._entry(message_type)
    except ElhubCimError:
        return None
    if entry is None:
        return None
    _, _, side, plan, light = entry
    if light is None:
        return None
    try:
        values = reading._run_read_plan(
            plan, side, document.root, light["direction"], ConversionOptions()
        )
    except Exception:
        return None
    return values, light


def _model(data: bytes) -> Any:
    _, message_type = check(data)
    entry = reading._entry(message_type)
    assert entry is not None
    module, _, name = entry[1].partition(":")
    import importlib

    return getattr(importlib.import_module(module), name)


def test_mutated_values_are_accepted_only_where_pydantic_accepts() -> None:
    rng = random.Random(15)
    sure = unsure = 0
    for path in _examples():
        data = path.read_bytes()
        read = _read(data)
        if read is None:
            continue
        values, light = read
        model = _model(data)
        assert acceptance.accepts(light, values)  # each example reads cleanly
        model.model_validate(values)
        for _ in range(60):
            mutant = _mutated(rng, values)
            if acceptance.accepts(light, mutant):
                sure += 1
                model.model_validate(mutant)  # must not raise
            else:
                unsure += 1
    assert sure > 100
    assert unsure > 100


def test_a_record_id_given_twice_is_left_to_pydantic() -> None:
    """The master data port is sure only of distinct record ids (in any case) or none given."""
    from pydantic import ValidationError

    data = (
        EXAMPLES / "cim/RequestChangeAccountingPointCharacteristics_BRS-NO-302.xml"
    ).read_bytes()
    read = _read(data)
    assert read is not None
    values, light = read
    model = _model(data)
    assert acceptance.accepts(light, values)
    records = values["metering_points"]
    assert len(records) >= 2
    first = records[0]["record_id"]
    # (pydantic refuses the upper-case spelling by its pattern, and the same one as twice)
    for twice, why in ((first, "same record id"), (first.upper(), "should match pattern")):
        mutant = copy.deepcopy(values)
        mutant["metering_points"][1]["record_id"] = twice
        assert not acceptance.accepts(light, mutant)
        with pytest.raises(ValidationError, match=why):
            model.model_validate(mutant)
    mixed = copy.deepcopy(values)
    mixed["metering_points"][1]["record_id"] = None  # one given, one derived: pydantic decides
    assert not acceptance.accepts(light, mixed)
    model.model_validate(mixed)
