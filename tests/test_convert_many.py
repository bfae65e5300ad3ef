"""``convert_many`` gives, input for input and in order, what ``convert`` gives or raises: the
same stages, taken a chunk of documents at a time (src/elhub_cim/convert.py)."""

from __future__ import annotations

import functools
import importlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import elhub_cim
from elhub_cim.convert import Conversion, convert, convert_many
from elhub_cim.core import chunks
from elhub_cim.core.errors import ElhubCimError
from elhub_cim.formats.cimjson import to_json

EXAMPLES = Path(__file__).parent.parent / "examples"
#: The module (``elhub_cim.convert`` is the function).
convert_module = importlib.import_module("elhub_cim.convert")


def _outcome(call: Any) -> Any:
    """What a call gives, with an exception as (type, problems): comparable."""
    try:
        result = call()
    except ElhubCimError as error:
        return type(error), error.problems
    return result


def _as_compared(result: Conversion | Exception) -> Any:
    if isinstance(result, ElhubCimError):
        return type(result), result.problems
    assert isinstance(result, Conversion), result  # (no other exception from these inputs)
    return result


@functools.cache
def _pool() -> tuple[tuple[str, bytes], ...]:
    """Inputs of every kind: each ebIX and CIM example, CIM JSON, a Nordic document, and
    refused ones (malformed, not Elhub's, not XSD-valid, a wrong check digit...)."""
    inputs = [
        (path.name, path.read_bytes())
        for folder in ("ebix", "cim")
        for path in sorted((EXAMPLES / folder).glob("*.xml"))
    ]
    move_in = (EXAMPLES / "ebix" / "RequestStartOfSupply-move-in.xml").read_bytes()
    cim = convert(move_in, to="cim").data
    inputs += [
        ("cim.json", to_json(cim)),
        ("nordic.xml", convert(move_in, to="nordic-ediel", allow_loss=True).data),
        ("malformed.xml", b"<a><b></a>"),
        ("foreign.xml", b'<x xmlns="urn:example:not-elhub"/>'),
        ("empty.xml", b""),
        ("not-valid.xml", move_in.replace(b">2026-04-14T10:12:03.482+02:00<", b">yesterday<")),
        ("mismatched.xml", move_in.replace(b"<abie:Identification", b"<abie:Identity", 1)),
        ("check-digit.xml", move_in.replace(b"707057500421739658", b"707057500421739659")),
    ]
    return tuple(inputs)


def _per_input(inputs: list[tuple[str, bytes]], to: Any, **arguments: Any) -> list[Any]:
    return [
        _outcome(functools.partial(convert, data, to=to, name=name, **arguments))
        for name, data in inputs
    ]


def _many(inputs: list[tuple[str, bytes]], to: Any, **arguments: Any) -> list[Any]:
    return [
        _as_compared(result)
        for result in convert_many(
            [data for _, data in inputs], to, names=[name for name, _ in inputs], **arguments
        )
    ]


@pytest.mark.parametrize("to", ["cim", "ebix", "nordic-ediel"])
@pytest.mark.parametrize(
    "arguments",
    [
        {},
        {"allow_loss": True},
        {"rules": False},
        {"strict": True, "allow_loss": True},
        {"pretty": False, "brs": "BRS-NO-102"},
    ],
    ids=["default", "allow-loss", "no-rules", "strict", "compact-brs"],
)
def test_every_input_as_convert_gives_it(to: str, arguments: dict[str, Any]) -> None:
    inputs = list(_pool())
    expected = _per_input(inputs, to, **arguments)
    assert _many(inputs, to, **arguments) == expected
    # The pool holds conversions and every kind of refusal, so the comparison means something.
    kinds = {type(o) if isinstance(o, Conversion) else o[0] for o in expected}
    assert len(kinds) >= 3, kinds
    if to != "nordic-ediel" or arguments.get("allow_loss"):  # (Nordic: every input loses some)
        assert Conversion in kinds, kinds


@given(
    picks=st.lists(st.integers(0, len(_pool()) - 1), max_size=24),
    chunk=st.integers(1, 9),
    to=st.sampled_from(["cim", "ebix"]),
)
def test_any_sequence_and_chunk_give_what_convert_gives(
    picks: list[int], chunk: int, to: str
) -> None:
    inputs = [_pool()[number] for number in picks]
    assert _many(inputs, to, allow_loss=True, chunk=chunk) == _per_input(
        inputs, to, allow_loss=True
    )


def test_a_chunk_stops_growing_at_its_byte_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    inputs = [_pool()[number] for number in range(12)]
    pulled: list[int] = []

    def sources() -> Iterator[bytes]:
        for number, (_, data) in enumerate(inputs):
            pulled.append(number)
            yield data

    # Every document over the budget: chunks of one, each read only when its turn comes.
    monkeypatch.setattr(chunks, "CHUNK_BYTES", 1)
    results = convert_many(sources(), "cim", allow_loss=True)
    first = next(results)
    assert pulled == [0]
    rest = list(results)
    assert [_as_compared(r) for r in [first, *rest]] == _per_input(inputs, "cim", allow_loss=True)


def test_sources_are_read_a_chunk_at_a_time() -> None:
    pulled: list[int] = []
    move_in = (EXAMPLES / "ebix" / "RequestStartOfSupply-move-in.xml").read_bytes()

    def sources() -> Iterator[bytes]:
        for number in range(10):
            pulled.append(number)
            yield move_in

    results = convert_many(sources(), "cim", chunk=4)
    next(results)
    assert len(pulled) == 4
    assert len(list(results)) == 9
    assert len(pulled) == 10


def test_an_unexpected_failure_is_that_input_s_result_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    inputs = [_pool()[0], _pool()[1], _pool()[2]]
    real = convert_module._read_model

    def failing(document: Any, *args: Any) -> Any:
        if document.name == inputs[1][0]:
            raise RuntimeError("a bug")
        return real(document, *args)

    monkeypatch.setattr(convert_module, "_read_model", failing)
    results = list(
        convert_many([d for _, d in inputs], "cim", names=[n for n, _ in inputs], allow_loss=True)
    )
    assert isinstance(results[1], RuntimeError)
    assert isinstance(results[0], Conversion)
    assert isinstance(results[2], Conversion)


def test_names_are_each_input_s_and_must_match_the_sources() -> None:
    data = b"<a><b></a>"
    (result,) = convert_many([data], "cim", names=["mine.xml"])
    assert isinstance(result, ElhubCimError)
    assert result.problems[0].file == "mine.xml"
    with pytest.raises(ValueError, match="names: 1 name for 2 sources"):  # (as many as sources)
        convert_many([data, data], "cim", names=["one.xml"])
    with pytest.raises(ValueError, match="chunk"):
        list(convert_many([data], "cim", chunk=0))


def failing_after(inputs: list[tuple[str, bytes]]) -> Iterator[bytes]:
    """The inputs' documents, then the error of a listing that fails."""
    for _, data in inputs:
        yield data
    raise OSError("the listing failed")


@pytest.mark.parametrize(("taken", "chunk"), [(5, 64), (5, 2), (0, 64), (7, 3)])
def test_sources_that_fail_still_give_the_results_of_those_taken_first(
    taken: int, chunk: int
) -> None:
    inputs = list(_pool()[:taken])
    results: list[Any] = []
    with pytest.raises(OSError, match="the listing failed"):  # (extend keeps what came first)
        results.extend(convert_many(failing_after(inputs), "cim", allow_loss=True, chunk=chunk))
    # what a loop of convert over the same sources would have given before the failure
    assert [_as_compared(r) for r in results] == [
        _outcome(functools.partial(convert, data, to="cim", allow_loss=True)) for _, data in inputs
    ]


@pytest.mark.parametrize("chunk", [1, 2, 64])
def test_names_that_run_out_give_the_results_of_those_paired_first(chunk: int) -> None:
    inputs = list(_pool()[:4])
    names = iter([n for n, _ in inputs[:2]])
    sources = iter([d for _, d in inputs])
    *results, third, fourth = convert_many(
        sources, "cim", names=names, allow_loss=True, chunk=chunk
    )
    assert [_as_compared(r) for r in results] == _per_input(inputs[:2], "cim", allow_loss=True)
    assert isinstance(third, ValueError)
    assert "no name for source 3" in str(third)
    assert isinstance(fourth, ValueError)
    assert "no name for source 4" in str(fourth)


def test_one_document_given_as_the_sources_is_refused() -> None:
    path = EXAMPLES / "ebix" / "RequestStartOfSupply-move-in.xml"
    data = path.read_bytes()
    for one in (data, data.decode(), bytearray(data), memoryview(data), elhub_cim.Text("<a/>")):
        with pytest.raises(TypeError, match="not one document"):
            convert_many(one, "cim")  # type: ignore[arg-type]
        with pytest.raises(TypeError, match="not one document"):
            elhub_cim.validate_many(one)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"not one document \(PosixPath\)"):
        convert_many(path, "cim")  # type: ignore[arg-type]
    with path.open("rb") as stream, pytest.raises(TypeError, match="not one document"):
        convert_many(stream, "cim")
    # (the same document in a list is one source)
    (result,) = convert_many([data], "cim")
    assert isinstance(result, Conversion)


def test_the_package_exports_it() -> None:
    assert elhub_cim.convert_many is convert_many
    assert "convert_many" in elhub_cim.__all__
