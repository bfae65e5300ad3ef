"""``validate_many`` gives, input for input and in order, what ``validate`` gives: the same
stages, taken a chunk of inputs at a time (src/elhub_cim/pipeline.py, core/chunks.py)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import elhub_cim
from elhub_cim import pipeline
from elhub_cim.pipeline import ValidationResult, validate, validate_many
from elhub_cim.rules import default_rule_sets
from tests.test_convert_many import _pool, failing_after


def _per_input(inputs: list[tuple[str, bytes]], **arguments: Any) -> list[ValidationResult]:
    return [validate(data, name=name, **arguments) for name, data in inputs]


def _many(inputs: list[tuple[str, bytes]], **arguments: Any) -> list[Any]:
    return list(
        validate_many([data for _, data in inputs], names=[name for name, _ in inputs], **arguments)
    )


@pytest.mark.parametrize(
    "arguments",
    [{}, {"rules": False}, {"strict": True}, {"as_of": date(2031, 1, 1)}],
    ids=["default", "no-rules", "strict", "as-of"],
)
def test_every_input_as_validate_gives_it(arguments: dict[str, Any]) -> None:
    inputs = list(_pool())
    expected = _per_input(inputs, **arguments)
    assert _many(inputs, **arguments) == expected
    # Valid inputs, findings and refusals at each stage: the comparison means something.
    assert any(r.valid and not r.problems for r in expected)
    assert any(not r.valid for r in expected)
    assert len({p.code for r in expected for p in r.problems}) >= 4


def test_rule_sets_given_as_a_generator_judge_every_input() -> None:
    inputs = list(_pool())
    expected = _per_input(inputs, rule_sets=default_rule_sets())
    given_once = (rule_set for rule_set in default_rule_sets())
    assert _many(inputs, rule_sets=given_once) == expected


@given(picks=st.lists(st.integers(0, len(_pool()) - 1), max_size=24), chunk=st.integers(1, 9))
def test_any_sequence_and_chunk_give_what_validate_gives(picks: list[int], chunk: int) -> None:
    inputs = [_pool()[number] for number in picks]
    assert _many(inputs, chunk=chunk) == _per_input(inputs)


def test_sources_are_read_a_chunk_at_a_time() -> None:
    pulled: list[int] = []
    data = _pool()[0][1]

    def sources() -> Iterator[bytes]:
        for number in range(10):
            pulled.append(number)
            yield data

    results = validate_many(sources(), chunk=3)
    next(results)
    assert len(pulled) == 3
    assert len(list(results)) == 9


def test_an_unexpected_failure_is_that_input_s_result_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    inputs = [_pool()[0], _pool()[1], _pool()[2]]
    real = pipeline.validate_document  # type: ignore[attr-defined]

    def failing(document: Any, *args: Any) -> Any:
        if document.name == inputs[1][0]:
            raise RuntimeError("a bug")
        return real(document, *args)

    monkeypatch.setattr(pipeline, "validate_document", failing)
    results = _many(inputs)
    assert isinstance(results[1], RuntimeError)
    assert isinstance(results[0], ValidationResult)
    assert isinstance(results[2], ValidationResult)
    # validate itself raises it, as before (only a bug does)
    with pytest.raises(RuntimeError):
        validate(inputs[1][1], name=inputs[1][0])


def test_sources_that_fail_still_give_the_results_of_those_taken_first() -> None:
    inputs = list(_pool()[:7])
    results: list[Any] = []
    with pytest.raises(OSError, match="the listing failed"):  # (extend keeps what came first)
        results.extend(validate_many(failing_after(inputs), chunk=3))
    assert results == [validate(data) for _, data in inputs]


def test_the_package_exports_it() -> None:
    assert elhub_cim.validate_many is validate_many
    assert "validate_many" in elhub_cim.__all__
