"""A value too long to quote is masked before it is cut, wherever a message quotes one.

Cut first, an identity number across the cut lost its last digits and with them what the mask
recognises: its first digits (the birth date among them) were printed.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from elhub_cim.cli import _minimise_role
from elhub_cim.core.dates import out_of_range
from elhub_cim.core.errors import MAX_VALUE_CHARS, ElhubCimError, internal_error, shown_value
from elhub_cim.core.identify import identify_root
from elhub_cim.sharing.cli import check_metering_point_ids
from elhub_cim.sharing.setup import Key, SharingSetup
from tests.strategies import national_identity_numbers

#: Where ``shorten`` cuts a value longer than the limit: before its "... (N characters)".
SPARE = 40


def _leaks(number: str, text: str) -> bool:
    """Whether ``text`` shows six or more digits of ``number`` in a row."""
    return any(number[i : i + 6] in text for i in range(len(number) - 5))


def _around_the_cut(number: str, offset: int, limit: int = MAX_VALUE_CHARS) -> str:
    """A value of letters with ``number`` starting ``offset`` characters before the limit, so
    that a cut near the limit falls inside it."""
    start = max(limit - offset, 0)
    return "x" * start + number + "y" * (limit + SPARE)


@given(number=national_identity_numbers(), offset=st.integers(0, SPARE + 11))
def test_shown_value_masks_before_it_cuts(number: str, offset: int) -> None:
    shown = shown_value(_around_the_cut(number, offset))
    assert len(shown) <= MAX_VALUE_CHARS
    assert not _leaks(number, shown)


@given(number=national_identity_numbers(), offset=st.integers(0, SPARE + 11))
def test_every_message_that_quotes_a_long_value_masks_it(number: str, offset: int) -> None:
    value = _around_the_cut(number, offset)
    texts: list[str] = []
    root = etree.Element(f"{{urn:{value}}}Root")
    with pytest.raises(ElhubCimError) as unknown:
        identify_root(root)
    texts += [p.message for p in unknown.value.problems]
    texts += [p.message for p in out_of_range(value).problems]
    texts.append(internal_error(ValueError(value)).message)
    setup = SharingSetup(contributors=(value,), recipients=(value + "z",), key=Key.EQUAL)
    with pytest.raises(ElhubCimError) as not_ids:
        check_metering_point_ids(setup)
    texts += [p.message for p in not_ids.value.problems]
    for text in texts:
        assert not _leaks(number, text), text


@given(number=national_identity_numbers(), offset=st.integers(0, 40))
def test_an_unknown_minimise_role_is_quoted_masked(number: str, offset: int) -> None:
    import click

    with pytest.raises(click.BadParameter) as refused:
        _minimise_role(_around_the_cut(number, offset, limit=40))
    assert not _leaks(number, refused.value.format_message())


@given(number=national_identity_numbers(), offset=st.integers(0, 40))
def test_a_value_the_nordic_document_does_not_carry_is_quoted_masked(
    number: str, offset: int
) -> None:
    """PROJECTION_DROPPED quoted the input's value and the output's cut to 40 characters, and
    cut first: ten digits of an identity number (its last is the check digit) were shown."""
    from elhub_cim.formats.nordic import against_the_input

    value = _around_the_cut(number, offset, limit=40)
    for before, after in ((value, "other"), ("other", value)):
        source = etree.fromstring(f'<Doc xmlns="urn:x"><a>{before}</a></Doc>')
        output = etree.fromstring(f'<Doc xmlns="urn:x"><a>{after}</a></Doc>')
        (dropped,) = against_the_input([], source, output, "in.xml")
        assert dropped.code == "PROJECTION_DROPPED"
        assert not _leaks(number, dropped.message), dropped.message


@given(number=national_identity_numbers(), offset=st.integers(0, 60))
def test_a_callers_argument_is_quoted_masked(number: str, offset: int) -> None:
    """A role, a reply's document id, payload id or physical sender, or a rejection's reason
    that is none was quoted cut to 40 or 60 characters, then masked: up to ten digits of an
    identity number across the cut were shown."""
    from elhub_cim.minimise import canonical_role
    from elhub_cim.replies import _checked_uuid, _shown

    texts: list[str] = []
    for limit in (40, 60):
        value = _around_the_cut(number, offset, limit=limit)
        with pytest.raises(ValueError, match=r"^role is") as refused:
            canonical_role(value)
        texts.append(str(refused.value))
        with pytest.raises(ValueError, match=r"^document_id is") as refused:
            _checked_uuid(value, "document_id")
        texts.append(str(refused.value))
        texts.append(_shown(value))
    for text in texts:
        assert not _leaks(number, text), text


@given(number=national_identity_numbers(), offset=st.integers(0, 60))
def test_a_memory_limit_that_is_none_is_quoted_masked(number: str, offset: int) -> None:
    """The monitor's memory_limit that DuckDB refuses was quoted cut to 60 characters (and
    DuckDB's reason, which quotes it too, to 200), then masked."""
    from elhub_cim.monitor.engine import check_memory_limit

    for limit in (60, 200):
        with pytest.raises(ValueError, match=r"^memory_limit is") as refused:
            check_memory_limit(_around_the_cut(number, offset, limit=limit))
        assert not _leaks(number, str(refused.value)), str(refused.value)
