"""Types of the native reader (``_native.pyx``, built by Cython where a C compiler is)."""

from collections.abc import Callable
from typing import Any

from lxml import etree

def configure(
    fallback: type[Exception],
    decimal_text: Callable[[str], str],
    uuid_match: Callable[[str], Any],
    to_oslo: Callable[[str], str],
    from_utc_minute: Callable[[str], str],
    regular: Callable[[str], bool],
    read_placed: Callable[..., bool],
    dict_values: Callable[[dict[str, Any]], Any],
    kinds: tuple[int, int, int, int, int],
) -> None: ...
def compile_plan(
    plan: Any,
    inline: frozenset[int] = ...,
    present_value: Callable[[str], str | None] | None = None,
) -> Any: ...

class NativeReading:
    values: dict[str, Any]
    deferred: list[tuple[Any, str | None, dict[str, Any], int | None]]
    side: str
    def __init__(self, side: str) -> None: ...
    def read(self, plan: Any, root: etree._Element) -> None: ...
    def check_leftovers(self, root: etree._Element) -> None: ...
