"""Time helpers, timestamps refused when the model is built, and masked logging."""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

import elhub_cim
from elhub_cim.core.logs import get_logger
from elhub_cim.domain import StartOfSupplyConfirmation, Timestamp
from elhub_cim.times import is_oslo_midnight
from tests.test_validate import synthetic_fodselsnummer

HEADER = {
    "created": "2026-03-10T08:45:14+01:00",
    "sender": "7080001473624",
    "recipient": "7080004312159",
    "process": "BRS-NO-102",
    "role": "DDQ",
}


def _confirmation(start: object) -> StartOfSupplyConfirmation:
    return StartOfSupplyConfirmation.model_validate(
        {
            "header": HEADER,
            "start": start,
            "original_document_id": "6eff62eb-b950-4e77-b341-ddc0d4de954c",
            "metering_point": "707057500421739658",
        }
    )


def test_oslo_midnight_across_daylight_saving() -> None:
    assert elhub_cim.oslo_midnight(date(2026, 1, 15)).isoformat() == "2026-01-15T00:00:00+01:00"
    assert elhub_cim.oslo_midnight(date(2026, 7, 1)).isoformat() == "2026-07-01T00:00:00+02:00"
    # The days the clocks change: midnight is before the change, so the offset is the old one.
    assert elhub_cim.elhub_timestamp(date(2026, 3, 29)) == "2026-03-29T00:00:00+01:00"
    assert elhub_cim.elhub_timestamp(date(2026, 10, 25)) == "2026-10-25T00:00:00+02:00"
    assert elhub_cim.cim_timestamp(date(2026, 3, 29)) == "2026-03-28T23:00:00Z"
    assert elhub_cim.cim_timestamp(date(2026, 10, 25)) == "2026-10-24T22:00:00Z"
    with pytest.raises(TypeError):
        elhub_cim.oslo_midnight(datetime(2026, 1, 1))


def test_timestamps_have_the_right_precision_and_offset() -> None:
    moment = datetime(2026, 7, 1, 9, 15, 30, 987654, tzinfo=UTC)
    assert elhub_cim.elhub_timestamp(moment) == "2026-07-01T11:15:30+02:00"
    assert elhub_cim.elhub_timestamp(moment, decimals=3) == "2026-07-01T11:15:30.987+02:00"
    assert elhub_cim.cim_timestamp(moment, decimals=1) == "2026-07-01T09:15:30.9Z"
    assert elhub_cim.cim_timestamp("2026-07-01T11:15:30+02:00") == "2026-07-01T09:15:30Z"
    assert isinstance(elhub_cim.elhub_timestamp(moment), Timestamp)
    with pytest.raises(ValueError, match="naive"):
        elhub_cim.elhub_timestamp(datetime(2026, 7, 1, 9))
    with pytest.raises(ValueError, match="decimals"):
        elhub_cim.cim_timestamp(moment, decimals=6)
    assert elhub_cim.norwegian_date("2026-06-30T22:00:00Z") == date(2026, 7, 1)
    assert elhub_cim.norwegian_date(datetime(2026, 6, 30, 21, 59, tzinfo=UTC)) == date(2026, 6, 30)
    assert is_oslo_midnight("2026-06-30T22:00:00Z")
    assert not is_oslo_midnight("2026-07-01T00:00:00Z")  # UTC midnight is 02:00 in Oslo


@given(
    st.datetimes(
        min_value=datetime(1900, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
    )
)
def test_helpers_write_what_the_model_and_schemas_take(moment: datetime) -> None:
    for text in (elhub_cim.elhub_timestamp(moment, decimals=3), elhub_cim.cim_timestamp(moment)):
        assert _confirmation(text).start == text
        back = Timestamp(text).datetime
        assert abs(back - moment) < timedelta(seconds=1)
    day = elhub_cim.norwegian_date(moment)
    assert is_oslo_midnight(elhub_cim.elhub_timestamp(day))


def test_the_model_refuses_what_cannot_be_written_when_built() -> None:
    now = datetime(2026, 1, 15, 9, 30, 12, 434045, tzinfo=ZoneInfo("Europe/Oslo"))
    with pytest.raises(ValidationError, match="more than 3 decimals") as caught:
        _confirmation(now)
    assert "434045" in str(caught.value)  # the refused timestamp is named, not echoed as input
    # An offset with seconds cannot be written in either standard.
    odd = timezone(timedelta(hours=1, minutes=2, seconds=3))
    with pytest.raises(ValidationError, match="not a date-time Elhub can carry"):
        _confirmation(datetime(2026, 1, 1, tzinfo=odd))
    with pytest.raises(ValidationError):
        _confirmation("0999-01-01T00:00:00Z")
    with pytest.raises(ValidationError):
        _confirmation(datetime(2026, 1, 1))  # naive
    # What the helpers make is taken, and so is a creation time with 6 or 9 decimals.
    assert _confirmation(elhub_cim.elhub_timestamp(now)).start == "2026-01-15T09:30:12+01:00"
    fine = {**HEADER, "created": now}
    assert StartOfSupplyConfirmation.model_validate(
        {**_confirmation("2026-01-15T00:00:00+01:00").model_dump(), "header": fine}
    ).header.created.endswith(".434045+01:00")
    document = _confirmation(elhub_cim.elhub_timestamp(date(2026, 5, 1)))
    for to in ("ebix", "cim"):
        assert elhub_cim.validate(elhub_cim.from_domain(document, to=to)).valid


def test_logging_masks_identity_numbers(caplog: pytest.LogCaptureFixture) -> None:
    fnr = synthetic_fodselsnummer()
    caplog.set_level(logging.DEBUG, logger="elhub_cim")
    log = get_logger("elhub_cim.test")
    log.info("customer %s moved in", fnr)
    log.warning(f"inline {fnr}")
    try:
        raise ValueError(f"failed for {fnr}")
    except ValueError:
        log.exception("oops")
    text = caplog.text
    assert fnr not in text
    assert text.count("<masked national id>") >= 3
    assert "customer <masked national id> moved in" in text
    assert any(isinstance(h, logging.NullHandler) for h in elhub_cim.logger.handlers)
    assert elhub_cim.logger.name == "elhub_cim"
    with pytest.raises(ValueError, match=r"^name is an elhub_cim logger's .*, not 'other'"):
        get_logger("other")
    # (it named no argument, and quoted the name in the clear)
    with pytest.raises(ValueError, match=r"^name is an elhub_cim logger's") as raised:
        get_logger("born 01010012356")
    assert "01010012356" not in str(raised.value)


def test_a_logged_value_is_one_line_of_what_it_says(caplog: pytest.LogCaptureFixture) -> None:
    """A file name (or any value logged) with a newline forged a second log line, and a
    terminal's escape sequence in it ran on the terminal reading the log; values are escaped
    as every printed line escapes them, while a traceback keeps its lines."""
    caplog.set_level(logging.DEBUG, logger="elhub_cim")
    forged = "in.xml\n2026-05-01 INFO elhub_cim converted all.xml \x1b[2J\u202e"
    example = Path(__file__).resolve().parents[1] / "examples/ebix/RequestStartOfSupply-move-in.xml"
    source = elhub_cim.Text(example.read_text(encoding="utf-8"), name=forged)
    elhub_cim.validate(source)
    elhub_cim.convert(source, to="cim")
    get_logger("elhub_cim.test").info("named %s, %d", forged, 5)
    messages = [record.getMessage() for record in caplog.records]
    assert len(messages) == 3
    for message in messages:
        assert message.isprintable(), message
        assert "in.xml\\n2026-05-01 INFO" in message
        assert "\\x1b[2J\\u202e" in message
    assert messages[2].endswith(", 5")
    caplog.clear()
    from elhub_cim.core.errors import internal_error

    try:
        raise ValueError("deep\ninside \x1b[2J\u202e")
    except ValueError as error:
        internal_error(error, file=forged)
    (record,) = caplog.records
    first, traceback = record.getMessage().split("\n", 1)
    assert first.isprintable()
    assert first.startswith("INTERNAL_ERROR on in.xml\\n2026-05-01 ")
    assert traceback.startswith("Traceback (most recent call last):\n")  # (its lines kept)
    assert "\x1b" not in traceback
    assert "\u202e" not in traceback


def test_offsets_other_than_oslo_are_kept_as_written() -> None:
    moment = datetime(2026, 5, 1, 0, 0, tzinfo=timezone(timedelta(hours=-3, minutes=-30)))
    assert _confirmation(moment).start == "2026-05-01T00:00:00-03:30"


def test_instants_beyond_the_calendar_are_refused_as_out_of_range() -> None:
    from elhub_cim.core.errors import DateOutOfRangeError

    with pytest.raises(DateOutOfRangeError):
        elhub_cim.elhub_timestamp("9999-12-31T23:59:59Z")  # year 10000 in Norway
    with pytest.raises(DateOutOfRangeError):
        elhub_cim.cim_timestamp(datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=14))))


def test_a_norwegian_offset_in_seconds_is_written_as_the_same_instant_in_utc(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Before 1895 Norway kept local mean time. Where the time zone database gives Oslo an
    offset in seconds (the ``tzdata`` package links Europe/Oslo to Berlin, +00:53:28), which
    xs:dateTime cannot write, a CIM time read into Elhub's convention was written
    ``1890-01-01T00:53:28+00:5328`` (no xs:dateTime); it is the same instant in UTC, as EMIF
    allows. Whole minutes keep their Oslo offset."""
    from elhub_cim.core import profile

    monkeypatch.setattr(profile, "OSLO", timezone(timedelta(minutes=53, seconds=28)))
    assert profile.to_oslo("1890-01-01T00:00:07.25Z") == "1890-01-01T00:00:07.25Z"
    assert profile.to_oslo("1890-01-01T01:00:07+01:00") == "1890-01-01T00:00:07Z"
    monkeypatch.setattr(profile, "OSLO", timezone(timedelta(minutes=43)))
    assert profile.to_oslo("1890-01-01T00:00:08Z") == "1890-01-01T00:43:08+00:43"


def test_elhub_timestamp_never_cuts_an_offset_in_seconds(monkeypatch: pytest.MonkeyPatch) -> None:
    """``elhub_timestamp`` wrote Oslo's local mean time (+00:53:28 where the database links Oslo
    to Berlin) with the offset cut to +00:53: another instant, 28 seconds off, silently. Such
    an instant is written in UTC; the text always reads back as the instant given."""
    from elhub_cim import times

    moment = datetime(1890, 1, 1, tzinfo=UTC)
    monkeypatch.setattr(times, "OSLO", timezone(timedelta(minutes=53, seconds=28)))
    written = elhub_cim.elhub_timestamp(moment)
    assert written.datetime == moment
    assert written == "1890-01-01T00:00:00Z"
    monkeypatch.setattr(times, "OSLO", timezone(timedelta(minutes=43)))
    assert elhub_cim.elhub_timestamp(moment) == "1890-01-01T00:43:00+00:43"


def test_the_pipeline_logs_under_elhub_cim(caplog: pytest.LogCaptureFixture) -> None:
    from pathlib import Path

    example = Path(__file__).resolve().parents[1] / "examples/ebix/RequestStartOfSupply-move-in.xml"
    caplog.set_level(logging.DEBUG, logger="elhub_cim")
    elhub_cim.validate(example)
    elhub_cim.convert(example, to="cim")
    names = {record.name for record in caplog.records}
    assert {"elhub_cim.pipeline", "elhub_cim.convert"} <= names
    assert any(
        "converted" in r.getMessage() and "RequestStartOfSupply" in r.getMessage()
        for r in caplog.records
    )
