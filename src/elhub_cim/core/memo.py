"""Memory of pure functions of one input text, safe against hostile input.

Messages repeat the same short texts again and again: times, identifiers. So the functions that
read them keep their results. A text from a message can be megabytes, though: xs:dateTime allows
a fraction of any length and surrounding whitespace. A plain ``lru_cache`` of 4,096 entries could
then hold gigabytes in a long-running service. :class:`ShortTextMemo` keeps only texts as short
as the values it is meant for; a longer text is computed every time and never kept.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, Generic, TypeVar

__all__ = ["ShortTextMemo", "short_text_memo"]

T = TypeVar("T")


class ShortTextMemo(Generic[T]):
    """``function(text)``, remembered (least recently used, ``maxsize`` texts) for texts of at
    most ``max_chars`` characters. A text that raises is never kept, as with ``lru_cache``."""

    def __init__(self, function: Callable[[str], T], maxsize: int, max_chars: int) -> None:
        self._function = function
        self._kept = functools.lru_cache(maxsize=maxsize)(function)
        self.max_chars = max_chars
        self.__wrapped__ = function
        self.__doc__ = function.__doc__

    def __call__(self, text: str) -> T:
        if len(text) <= self.max_chars:
            return self._kept(text)
        return self._function(text)

    def cache_info(self) -> Any:
        """The kept texts' ``lru_cache`` figures (hits, misses, size)."""
        return self._kept.cache_info()

    def cache_clear(self) -> None:
        self._kept.cache_clear()


def short_text_memo(
    maxsize: int, max_chars: int
) -> Callable[[Callable[[str], T]], ShortTextMemo[T]]:
    """Decorator: :class:`ShortTextMemo` of the decorated function."""

    def decorate(function: Callable[[str], T]) -> ShortTextMemo[T]:
        return ShortTextMemo(function, maxsize, max_chars)

    return decorate
