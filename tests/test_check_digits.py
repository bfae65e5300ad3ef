"""The check digits written out in rules/identifiers.py (to keep python-stdnum, which loads ssl,
off ``validate``'s start-up) against python-stdnum itself, on any text."""

from __future__ import annotations

from datetime import date

from hypothesis import example, given
from hypothesis import strategies as st
from stdnum import ean
from stdnum.no import fodselsnummer, orgnr

from elhub_cim.core.errors import is_identity_number
from elhub_cim.rules import identifiers

#: Digits, separators, whitespace and digits of other scripts (which str.isdigit accepts).
CHARACTERS = st.sampled_from(list("0123456789 \t\n-٣１x"))


def _stdnum_national_identity_number(value: str) -> bool:
    """rules/identifiers.py's check before the check digits were written out."""
    if len(value) != 11 or not value.isdigit():
        return False
    day, month = int(value[:2]), int(value[2:4])
    day -= 40 if day > 40 else 0
    month -= 80 if month > 80 else 40 if month > 40 else 0
    try:
        date(2000, month, day)
    except ValueError:
        return False
    first = fodselsnummer.calc_check_digit1(value[:9])
    second = fodselsnummer.calc_check_digit2(value[:10])
    return bool(value[9] == first and value[10] == second)


@given(st.text(CHARACTERS, max_size=14))
@example("988077917")
@example(" 988 077 917 ")
@example("988077918")
@example("98807791٧")
def test_organisation_numbers_as_stdnum(value: str) -> None:
    assert identifiers._organisation_number(value) == orgnr.is_valid(value)


@given(
    st.one_of(
        st.text(CHARACTERS, min_size=11, max_size=11),
        st.integers(0, 10**11 - 1).map(lambda n: f"{n:011d}"),
        # plausible dates, so that the check digits are reached
        st.tuples(st.integers(1, 71), st.integers(1, 92), st.integers(0, 10**7 - 1)).map(
            lambda t: f"{t[0]:02d}{t[1]:02d}{t[2]:07d}"
        ),
    )
)
@example("01010010183")
@example("0101001018٣")
def test_national_identity_numbers_as_stdnum(value: str) -> None:
    expected = _stdnum_national_identity_number(value)
    assert identifiers._national_identity_number(value) == expected


def _with_gs1_check_digit(body: str) -> str:
    return body + ean.calc_check_digit(body)


@given(
    st.one_of(
        st.text(CHARACTERS, max_size=20),
        # right GS1 check digits on every length around a GLN's and a GSRN's
        st.integers(7, 19).flatmap(
            lambda n: st.text("0123456789", min_size=n, max_size=n).map(_with_gs1_check_digit)
        ),
    )
)
@example("7080005051286")  # a GLN
@example("707057500011939819")  # a GSRN
@example("70705750001193980")  # a GSRN short of a digit whose mod-10 still holds
@example("٧٠٨٠٠٠٥٠٥١٢٨٦")  # a GLN in Arabic-Indic digits (str.isdigit accepts them)
def test_gs1_numbers_are_glns_or_gsrns_with_stdnums_check_digit(value: str) -> None:
    """An Elhub GS1 identifier is a GLN (13 digits) or a GSRN (18), in ASCII digits, with the
    check digit python-stdnum computes; another length is wrong whatever its last digit."""
    expected = (
        len(value) in (13, 18)
        and all(c in "0123456789" for c in value)
        and ean.calc_check_digit(value[:-1]) == value[-1]
    )
    assert identifiers._gs1(value) == expected
    assert identifiers.is_valid("gs1", value) == expected


def test_long_values_are_judged_without_being_remembered() -> None:
    """The check-digit cache (65,536 values) keeps only values as short as identifiers are, so
    that a long text met again and again cannot make it hold gigabytes."""
    identifiers._remembered_validity.cache_clear()  # (a full cache would hide a kept value)
    assert not identifiers.is_valid("gs1", "1" * 100_000)
    assert not identifiers.is_valid("organisation_number", "9" * 100_000)
    assert identifiers._remembered_validity.cache_info().currsize == 0
    assert identifiers.is_valid("gs1", "7080005051286")
    assert identifiers._remembered_validity.cache_info().currsize == 1


@given(
    st.one_of(
        st.integers(0, 10**11 - 1).map(lambda n: f"{n:011d}"),
        st.text(CHARACTERS, min_size=10, max_size=12),
    )
)
@example("01010012356")
@example("15058512343")
def test_identity_number_check_digits_as_stdnum_first_and_remembered(value: str) -> None:
    """core.errors.is_identity_number (every mask asks it, and keeps its answers) says what
    python-stdnum's two check digits say, for any 11 ASCII digits; no other text is one."""
    expected = (
        len(value) == 11
        and value.isascii()
        and value.isdigit()
        and value[9] == fodselsnummer.calc_check_digit1(value[:9])
        and value[10] == fodselsnummer.calc_check_digit2(value[:10])
    )
    if len(value) == 11 and value.isdigit() and not value.isascii():
        return  # other digits: judged as int() reads them (tests of the rules' identifiers)
    assert is_identity_number(value) == expected
    assert is_identity_number(value) == expected  # remembered
