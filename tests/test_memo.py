"""core.memo: a function of one text remembered for short texts only (hostile input may be
megabytes long)."""

from __future__ import annotations

import pytest

from elhub_cim.core.memo import short_text_memo


def test_short_texts_are_kept_long_ones_computed_each_time() -> None:
    calls: list[str] = []

    @short_text_memo(maxsize=2, max_chars=5)
    def upper(text: str) -> str:
        """Upper case."""
        calls.append(text)
        return text.upper()

    assert [upper("ab"), upper("ab"), upper("abcdef"), upper("abcdef")] == ["AB", "AB"] + [
        "ABCDEF"
    ] * 2
    assert calls == ["ab", "abcdef", "abcdef"]  # the short text once, the long one every time
    assert upper.cache_info().currsize == 1
    assert upper("abcde") == "ABCDE"
    assert upper.cache_info().currsize == 2  # at the bound: kept
    upper("x")
    assert upper.cache_info().currsize == 2  # least recently used, at most maxsize
    upper.cache_clear()
    assert upper.cache_info().currsize == 0
    assert upper.__doc__ == "Upper case."


def test_a_text_that_raises_is_not_kept() -> None:
    calls: list[str] = []

    @short_text_memo(maxsize=8, max_chars=48)
    def number(text: str) -> int:
        calls.append(text)
        return int(text)

    for _ in range(2):
        with pytest.raises(ValueError, match="invalid literal"):
            number("x")
    assert calls == ["x", "x"]
    assert number.cache_info().currsize == 0
