"""The domain's identifier types take ASCII digits only, as the published JSON Schemas say.

pydantic-core's regex reads ``\\d`` as any script's digit, JSON Schema's (ECMA-262) as 0-9 only:
a GLN in Arabic-Indic digits was a valid domain party that no schema and no Elhub system takes.
"""

from __future__ import annotations

from typing import Any

import pydantic
import pytest
from pydantic import TypeAdapter

from elhub_cim.domain.types import MeteringPointId, PartyId

ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


@pytest.mark.parametrize("digits", [ARABIC_INDIC, FULLWIDTH], ids=["arabic-indic", "fullwidth"])
@pytest.mark.parametrize(
    ("kind", "value"),
    [(PartyId, "7080004312159"), (MeteringPointId, "707057500000000019")],
    ids=["gln", "gsrn"],
)
def test_identifiers_in_other_digits_are_refused(
    kind: Any, value: str, digits: dict[int, str]
) -> None:
    adapter: TypeAdapter[str] = TypeAdapter(kind)
    assert adapter.validate_python(value) == value  # (ASCII: taken)
    for at in (0, len(value) - 1):  # one digit of another script, first or last
        mixed = value[:at] + value[at].translate(digits) + value[at + 1 :]
        with pytest.raises(pydantic.ValidationError):
            adapter.validate_python(mixed)
    with pytest.raises(pydantic.ValidationError):
        adapter.validate_python(value.translate(digits))


def test_a_refused_time_does_not_quote_an_identity_number() -> None:
    """Timestamp's refusal quoted what it was given: an identity number where a time goes (a
    column mixed up in a 624 message, a third party's metering point) reached the caller's log
    through every model that is not a business document."""
    from elhub_cim.domain.third_party import ThirdPartyMeteringPoint
    from elhub_cim.domain.timestamp import Timestamp
    from tests.test_validate import synthetic_fodselsnummer

    number = synthetic_fodselsnummer()
    with pytest.raises(ValueError, match="not a date-time Elhub can carry") as refused:
        Timestamp(number)
    assert number not in str(refused.value)
    with pytest.raises(pydantic.ValidationError) as invalid:
        ThirdPartyMeteringPoint.model_validate({"valid_from": number})
    assert number not in str(invalid.value)
    assert number not in repr(invalid.value.errors(include_input=False))  # (input: the caller's)
