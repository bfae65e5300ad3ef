"""What a Problem shows is what its full treatment gives, shortcut or not.

A :class:`Problem` masks identity numbers, escapes what is not printable and shortens its message
and element path, and shows its file name masked and escaped. It takes shortcuts (a message found
in C to need nothing, file names and paths remembered once treated): each is checked here against
the treatment written out from the public functions, on texts made to hit every branch (identity
numbers, runs of digits of other lengths, non-ASCII digits, characters that are not printable,
texts longer than the limits), the first time a text is met and again when it is remembered.
"""

from __future__ import annotations

import copy
import dataclasses
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from elhub_cim.core import errors
from elhub_cim.core.errors import (
    MASK,
    MAX_MESSAGE_CHARS,
    Problem,
    Severity,
    mask_identity_numbers,
    printable,
    shorten,
    shown_name,
)
from tests.strategies import national_identity_numbers

PIECES = st.one_of(
    st.text(alphabet="0123456789 a-/.[]_\u0663\u0966\x1b\n\u202e", max_size=30),
    national_identity_numbers(),
    st.sampled_from(["12345678901", "1234567890123", "707057500011939815", "x" * 700]),
)


@st.composite
def texts(draw: st.DrawFn) -> str:
    return "".join(draw(st.lists(PIECES, max_size=8)))


def treated(text: str) -> str:
    return shorten(printable(mask_identity_numbers(text)), MAX_MESSAGE_CHARS)


@pytest.fixture(autouse=True)
def _forget() -> None:
    errors._SHOWN_FILES.clear()
    errors._SHOWN_PATHS.clear()


@given(texts(), texts(), texts())
def test_a_problem_shows_the_treated_texts_first_and_remembered(
    message: str, file: str, path: str
) -> None:
    for _ in range(2):  # the second time, file and path are remembered
        problem = Problem("X", message, file=file, line=1, path=path)
        assert problem.message == treated(message)
        assert problem.file == shown_name(file)
        assert problem.path == treated(path)
    errors._SHOWN_FILES.clear()
    errors._SHOWN_PATHS.clear()
    again = Problem("X", message, file=file, line=1, path=path)
    assert again == problem


@given(national_identity_numbers(), st.text(alphabet="ab/[]_", max_size=20))
def test_a_remembered_path_or_file_name_is_still_masked(number: str, around: str) -> None:
    path = f"/Root/{around}{number}/Leaf"
    for _ in range(3):
        problem = Problem("X", f"a {number}", file=f"{number}.xml", path=path)
        assert number not in f"{problem.message} {problem.file} {problem.path}"
        assert MASK in problem.path  # type: ignore[operator]
    assert errors._SHOWN_PATHS[path] == problem.path


def test_a_message_is_treated_whenever_it_may_need_it() -> None:
    plain = "GLN 1234567890123 has a wrong check digit or format"
    assert Problem("X", plain).message is plain  # nothing to do: the same text
    assert Problem("X", "id 01010012356").message == f"id {MASK}"
    assert Problem("X", "12345678901").message == "12345678901"  # eleven digits, no id
    assert Problem("X", "\u0660" + "1010012356").message == MASK
    assert Problem("X", "a\x1bb").message == "a\\x1bb"
    assert Problem("X", "x" * (MAX_MESSAGE_CHARS + 1)).message == treated(
        "x" * (MAX_MESSAGE_CHARS + 1)
    )


def test_what_is_remembered_stays_small(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(errors, "_SHOWN_KEPT", 8)
    for number in range(50):
        Problem("X", "m", file=f"f{number}.xml", path=f"/R/p{number}")
        assert len(errors._SHOWN_FILES) <= 8
        assert len(errors._SHOWN_PATHS) <= 8
    long = "/R/" + "p" * (errors._SHOWN_KEY_CHARS + 1)
    assert Problem("X", "m", path=long).path == treated(long)
    assert long not in errors._SHOWN_PATHS


def test_only_plain_texts_are_remembered() -> None:
    class Text(str):
        pass

    name = Path("01010012356.xml")
    assert Problem("X", "m", file=name).file == f"{MASK}.xml"  # type: ignore[arg-type]
    assert Problem("X", "m", path=Text("/R/01010012356")).path == f"/R/{MASK}"
    assert errors._SHOWN_FILES == {}
    assert errors._SHOWN_PATHS == {}


def test_a_problem_is_still_the_frozen_dataclass_it_was() -> None:
    """Its own __init__ (fields set once, through their slots) keeps what the dataclass gave:
    positional and keyword arguments, defaults, equality, hashing, replace, copying, and no
    field can be changed."""
    problem = Problem("X", "id 01010012356", "f.xml", 3, "/a", Severity.WARNING)
    assert problem == Problem(
        code="X", message=f"id {MASK}", file="f.xml", line=3, path="/a", severity=Severity.WARNING
    )
    assert hash(problem) == hash(copy.deepcopy(problem))
    assert dataclasses.replace(problem, path="/b/01010012356").path == f"/b/{MASK}"
    assert [f.name for f in dataclasses.fields(Problem)] == [
        "code", "message", "file", "line", "path", "severity",
    ]  # fmt: skip
    assert Problem("X", "m") == Problem("X", "m", None, None, None, Severity.ERROR)
    with pytest.raises(dataclasses.FrozenInstanceError):
        problem.code = "Y"  # type: ignore[misc]
    assert not hasattr(problem, "__dict__")
