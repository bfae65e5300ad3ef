"""Customer notices (issue 8): triggers per process, idempotency, registers, text, outbox."""

from __future__ import annotations

import email
import email.policy
import hashlib
import logging
import re
from dataclasses import replace
from datetime import date, datetime, timedelta
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from elhub_cim.convert import from_domain, to_domain
from elhub_cim.core.errors import ElhubCimError
from elhub_cim.domain.common import MeteringPointAddress
from elhub_cim.domain.supply import EndOfSupplyNotification, StartOfSupplyNotification
from elhub_cim.domain.types import EndUserId, EndUserScheme, Role
from elhub_cim.notices import (
    Contact,
    CsvContactRegister,
    CsvPartyRegister,
    Ending,
    EndingKind,
    GridCompany,
    Notifier,
    NoTrigger,
    Outbox,
    RegisterError,
    Renderer,
    Status,
    decide,
    idempotency_key,
    summary_line,
    trigger_table_markdown,
)
from elhub_cim.notices.triggers import NORWAY, local_date

ROOT = Path(__file__).resolve().parents[1]
EBIX = ROOT / "examples" / "ebix"
CIM = ROOT / "examples" / "cim"

# Synthetic national identity numbers: valid check digits (caught by pattern too) and the
# CIM examples' test-register style (month + 80; caught only because the message names it).
FNR_VALID = "01010010183"
FNR_SYNTHETIC = "15829012372"

MP_MOVE_IN = "707057500421739658"  # ebIX ConfirmStartOfSupply / NotifyStartOfSupply
MP_END = "707057500588203160"  # ebIX ConfirmEndOfSupply / NotifyEndOfSupply
GRID = "7080005188463"
FIXED_NOW = datetime(2026, 4, 21, 9, 30, tzinfo=NORWAY)


def example(path: Path) -> BaseModel:
    return to_domain(path)


def relabel(document: BaseModel, process: str, **changes: Any) -> BaseModel:
    """The same document in another process (and with other fields)."""
    header = document.header.model_copy(update={"process": process})  # type: ignore[attr-defined]
    return document.model_copy(update={"header": header, **changes})


def through(document: BaseModel, standard: str) -> BaseModel:
    """Write the document in ``standard`` and read it back: a real message of that standard."""
    return to_domain(from_domain(document, to=standard))  # type: ignore[arg-type]


def _start_day() -> date:
    notify = to_domain(EBIX / "NotifyStartOfSupply.xml")
    assert isinstance(notify, StartOfSupplyNotification)
    return local_date(notify.start)


#: The move-in date of the bundled ebIX move-in (its previous customer's first day without it).
MOVE_IN_DAY = _start_day()
DAY = f"{MOVE_IN_DAY:%d.%m.%Y}"


# (process, example file, triggers?) for every step the tests check, in both standards where
# the CIM profile has the step.
STEPS: list[tuple[str, str, bool]] = [
    # move-in by the supplier, forward and back in time, and by the grid company
    *[
        (process, file, triggers)
        for process in ("BRS-NO-102", "BRS-NO-103", "BRS-NO-123")
        for file, triggers in (
            ("RequestStartOfSupply-move-in.xml", False),
            ("ConfirmStartOfSupply.xml", True),
            ("RejectStartOfSupply.xml", False),
            ("NotifyStartOfSupply.xml", True),
            ("NotifyEndOfSupply.xml", True),
            ("NotifyMeteringPointCharacteristics.xml", False),
            ("NotifyCustomerInformation-private-customer.xml", False),
        )
    ],
    # end of supply by the supplier, move-out by the grid company
    *[
        (process, file, triggers)
        for process in ("BRS-NO-201", "BRS-NO-211")
        for file, triggers in (
            ("RequestEndOfSupply-move-out.xml", False),
            ("ConfirmEndOfSupply.xml", True),
            ("RejectEndOfSupply.xml", False),
            ("NotifyEndOfSupply.xml", True),
            ("NotifyStartOfSupply.xml", False),
        )
    ],
    # Elhub's own changes: an end notification ends a relationship; a start notification or
    # customer information ends one if the customer changes (decided with the register).
    ("BRS-NO-305", "NotifyEndOfSupply.xml", True),
    ("BRS-NO-305", "NotifyStartOfSupply-elhub-initiated.xml", True),
    ("BRS-NO-305", "NotifyMeteringPointCharacteristics.xml", False),
    ("BRS-NO-305", "NotifyCustomerInformation-private-customer.xml", True),
]


@pytest.mark.parametrize("standard", ["ebix", "cim"])
@pytest.mark.parametrize(("process", "file", "triggers"), STEPS)
def test_each_process_step_triggers_as_the_table_says(
    process: str, file: str, triggers: bool, standard: str
) -> None:
    document = relabel(example(EBIX / file), process)
    message = through(document, standard)
    assert str(message.header.process) == process  # type: ignore[attr-defined]
    decision = decide(message)
    if triggers:
        assert isinstance(decision, Ending), decision
        assert decision.process == process
        # Only Elhub's start / customer steps depend on a change of customer.
        conditional = process == "BRS-NO-305" and file != "NotifyEndOfSupply.xml"
        assert decision.if_customer_changes is conditional
    else:
        assert isinstance(decision, NoTrigger)
        assert decision.why


def test_every_one_of_the_six_processes_has_a_triggering_and_a_quiet_step() -> None:
    for process in ("BRS-NO-102", "BRS-NO-103", "BRS-NO-123", "BRS-NO-201", "BRS-NO-211"):
        outcomes = {triggers for p, _, triggers in STEPS if p == process}
        assert outcomes == {True, False}, process
    assert {t for p, _, t in STEPS if p == "BRS-NO-305"} == {True, False}


def test_processes_outside_the_six_never_trigger() -> None:
    for process in ("BRS-NO-101", "BRS-NO-104", "BRS-NO-301"):
        decision = decide(relabel(example(EBIX / "NotifyEndOfSupply.xml"), process))
        assert isinstance(decision, NoTrigger)
        assert process in decision.why


def test_acknowledgements_never_trigger() -> None:
    acknowledgement = example(EBIX / "Acknowledgement.xml")
    assert isinstance(decide(relabel(acknowledgement, "BRS-NO-102")), NoTrigger)


def test_what_a_move_in_tells() -> None:
    ending = decide(example(EBIX / "NotifyStartOfSupply.xml"))
    assert isinstance(ending, Ending)
    assert ending.kind is EndingKind.MOVE_IN
    assert ending.metering_point == MP_MOVE_IN
    assert ending.end_date == MOVE_IN_DAY
    assert ending.metering_point_address is not None
    assert ending.if_customer_changes is False
    assert ending.grid_company == GRID  # sent to the grid company (role DDM)
    assert ending.grid_area == "50YTRDNETTOMR01Z"


def test_what_an_end_of_supply_tells() -> None:
    notification = example(EBIX / "NotifyEndOfSupply.xml")
    assert isinstance(notification, EndOfSupplyNotification)
    ending = decide(notification)
    assert isinstance(ending, Ending)
    assert ending.kind is EndingKind.END_OF_SUPPLY
    assert ending.end_date == local_date(notification.end)
    # The leaving customer's postal address is not the installation address: never used.
    assert ending.metering_point_address is None
    assert ending.grid_company == GRID
    confirmation = decide(example(EBIX / "ConfirmEndOfSupply.xml"))
    assert isinstance(confirmation, Ending)
    assert confirmation.grid_company is None  # sent to the supplier: no grid company named


def test_a_confirmation_to_the_grid_company_names_it() -> None:
    # 211's confirmation goes to the grid company that asked (role DDM, the recipient).
    confirmation = relabel(example(EBIX / "ConfirmEndOfSupply.xml"), "BRS-NO-211")
    header = confirmation.header.model_copy(update={"role": Role.GRID_ACCESS_PROVIDER})  # type: ignore[attr-defined]
    ending = decide(confirmation.model_copy(update={"header": header}))
    assert isinstance(ending, Ending)
    assert ending.grid_company == header.recipient


def test_the_key_is_the_same_in_both_standards_and_across_steps() -> None:
    keys = set()
    for path in (
        CIM / "ConfirmRequestChangeOfSupplier_BRS-NO-102.xml",  # times in UTC
        CIM / "NotifyStartOfSupply_BRS-NO-102.xml",  # times with +02:00
        CIM / "GenericNotification_BRS-NO-102.xml",
    ):
        ending = decide(example(path))
        assert isinstance(ending, Ending)
        keys.add(ending.key("email:per@example.com"))
        ebix_form = decide(through(example(path), "ebix"))
        assert isinstance(ebix_form, Ending)
        keys.add(ebix_form.key("email:per@example.com"))
    assert len(keys) == 1


def test_the_key_is_metering_point_customer_and_end_date_never_the_kind() -> None:
    key = idempotency_key(MP_END, "customer:42", date(2026, 9, 1))
    assert key == idempotency_key(MP_END, "customer:42", date(2026, 9, 1))
    assert key != idempotency_key(MP_END, "customer:42", date(2026, 9, 2))
    assert key != idempotency_key(MP_END, "customer:43", date(2026, 9, 1))
    assert key != idempotency_key(MP_MOVE_IN, "customer:42", date(2026, 9, 1))
    assert len(key) == 32
    int(key, 16)
    # Pinned to the documented recipe: changing it re-sends every notice ever delivered.
    recipe = f"elhub-cim-notice:v2|{MP_END}|customer:42|2026-09-01".encode()
    assert key == hashlib.sha256(recipe).hexdigest()[:32] == "6b19041c90a2799ad82bcfca4c675a8c"
    # An end of supply (201) and a move-in (102) on the same day end ONE relationship.
    end = decide(relabel(example(EBIX / "ConfirmEndOfSupply.xml"), "BRS-NO-201"))
    move_in = decide(example(EBIX / "ConfirmStartOfSupply.xml"))
    assert isinstance(end, Ending)
    assert isinstance(move_in, Ending)
    same_day = replace(move_in, metering_point=end.metering_point, end_date=end.end_date)
    assert end.kind is not same_day.kind
    assert end.group == same_day.group
    assert end.key("customer:42") == same_day.key("customer:42")


# Pinned idempotency keys (recipe v2, issue 14: metering point + customer + end date). The key
# names every notice file in the outbox and is the Message-ID of every notice sent: a change to
# how it is derived resends every notice ever sent. Fixed text, not recomputed; change only
# deliberately (with a note on what happens to existing outboxes).
PINNED_KEYS = [
    (MP_END, "customer:42", date(2026, 9, 1), "6b19041c90a2799ad82bcfca4c675a8c"),
    (MP_END, "customer:42", date(2026, 9, 2), "d7ac93ed2e5ce4722c5b86b275aaf918"),
    (MP_END, "customer:43", date(2026, 9, 1), "f71d03cf9a725d02605f4116d4054d48"),
    (MP_MOVE_IN, "customer:42", date(2026, 9, 1), "9dfa132167e907469a4f7356240fb8d5"),
    (MP_MOVE_IN, "918453024", date(2026, 5, 1), "6809994eb2760dff764386357d53779f"),
]


@pytest.mark.parametrize(("metering_point", "customer", "day", "key"), PINNED_KEYS)
def test_the_idempotency_key_is_pinned(
    metering_point: str, customer: str, day: date, key: str
) -> None:
    assert idempotency_key(metering_point, customer, day) == key


@pytest.mark.parametrize(
    ("path", "key"),
    [
        (EBIX / "NotifyEndOfSupply.xml", "d7e8ecba59d4f4fbf3ab58d81a47516d"),
        (EBIX / "ConfirmEndOfSupply.xml", "d7e8ecba59d4f4fbf3ab58d81a47516d"),
        (EBIX / "NotifyStartOfSupply.xml", "f695b0b28319b8d721271de5fa86a902"),
        (CIM / "ConfirmRequestChangeOfSupplier_BRS-NO-102.xml", "9fb2d8898769804e4ff303d33ad5e7f6"),
    ],
    ids=lambda v: v.name if isinstance(v, Path) else "",
)
def test_the_key_of_each_bundled_ending_is_pinned(path: Path, key: str) -> None:
    ending = decide(example(path))
    assert isinstance(ending, Ending)
    assert ending.key("customer:42") == key


def test_the_documentation_shows_the_table_in_code() -> None:
    docs = (ROOT / "docs" / "notices.md").read_text(encoding="utf-8")
    assert trigger_table_markdown() in docs


# -- registers ------------------------------------------------------------------------------


def write_csv(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


CONTACTS_HEADER = "metering_point,valid_from,valid_to,name,email,language,address,grid_company\n"


def test_the_contact_register_finds_the_customer_of_a_day(tmp_path: Path) -> None:
    register = CsvContactRegister.load(
        write_csv(
            tmp_path / "c.csv",
            "\ufeff"
            + CONTACTS_HEADER
            + f"{MP_MOVE_IN},2020-01-01,,Old Customer,old@example.com,nn,,\n"
            + f"{MP_MOVE_IN},2026-05-01,,New Customer,new@example.com,,,{GRID}\n",
        )
    )
    old = register.find(MP_MOVE_IN, date(2026, 4, 30))
    assert old is not None
    assert old.email == "old@example.com"
    assert old.language == "nn"
    new = register.find(MP_MOVE_IN, date(2026, 5, 1))  # the open period ended where this began
    assert new is not None
    assert new.email == "new@example.com"
    assert register.find(MP_MOVE_IN, date(2019, 12, 31)) is None
    assert register.find(MP_END, date(2026, 4, 30)) is None
    assert register.grid_company_of(MP_MOVE_IN, date(2026, 4, 30)) == GRID  # from any row
    assert len(register) == 2


def test_a_bad_contact_register_names_every_bad_row(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "c.csv",
        CONTACTS_HEADER
        + f"{FNR_VALID},2020-01-01,,A,a@example.com,,,\n"  # an id in the wrong column
        + f"{MP_END},2020-13-01,,B,b@example.com,,,\n"
        + f"{MP_END},2020-01-01,2019-01-01,C,c@example.com,,,\n"
        + f"{MP_END},2020-01-01,,D,not an address,xx,,123\n"
        + f"{MP_MOVE_IN},2020-01-01,2026-06-01,E,e@example.com,,,\n"
        + f"{MP_MOVE_IN},2026-05-01,,F,f@example.com,,,\n",
    )
    with pytest.raises(RegisterError) as caught:
        CsvContactRegister.load(path)
    lines = sorted({p.line for p in caught.value.problems if p.line})
    assert lines == [2, 3, 4, 5, 7]
    columns = {p.path for p in caught.value.problems}
    assert {"metering_point", "valid_from", "valid_to", "email", "language", "grid_company"} <= (
        columns
    )
    assert FNR_VALID not in str(caught.value)


@pytest.mark.parametrize(
    "metering_point",
    [
        "707057400733154197",  # 18 digits, another prefix (a Swedish-looking GSRN)
        MP_END[:-1] + str((int(MP_END[-1]) + 1) % 10),  # the check digit wrong
    ],
)
def test_a_register_row_whose_metering_point_is_no_elhub_id_is_refused(
    tmp_path: Path, metering_point: str
) -> None:
    """A row the documents' metering points can never match: no notice would go to its
    customer, and no one would be told why (the identifier check's definition, one of them)."""
    path = write_csv(
        tmp_path / "c.csv",
        CONTACTS_HEADER
        + f"{MP_MOVE_IN},2020-01-01,,A,a@example.com,,,\n"
        + f"{metering_point},2020-01-01,,B,b@example.com,,,\n",
    )
    with pytest.raises(RegisterError) as caught:
        CsvContactRegister.load(path)
    [problem] = caught.value.problems
    assert (problem.line, problem.path) == (3, "metering_point")
    assert "7070575" in problem.message


@pytest.mark.parametrize("fnr", [FNR_VALID, "41010010096"])  # a fødselsnummer, a D-number
def test_a_national_identity_number_is_never_the_customer_of_the_key(
    tmp_path: Path, fnr: str
) -> None:
    # The key is a plain hash of metering point, customer and end date, and the report shows it
    # beside the metering point and the date: an identity number in it is found again by trying
    # the few million there are.
    path = write_csv(
        tmp_path / "c.csv",
        "metering_point,valid_from,email,customer\n"
        f"{MP_MOVE_IN},2020-01-01,a@example.com,{fnr}\n"
        f"{MP_END},2020-01-01,b@example.com,K-1001\n",
    )
    with pytest.raises(RegisterError) as caught:
        CsvContactRegister.load(path)
    [problem] = caught.value.problems
    assert (problem.line, problem.path) == (2, "customer")
    assert fnr not in str(caught.value)
    with pytest.raises(ValueError, match="national identity number"):
        Contact("a@example.com", customer=fnr)


@pytest.mark.parametrize(
    ("row", "fields"),
    [
        # cut off after the date: the customer looked like one without an e-mail address
        (f"{MP_END},2020-01-01", "fewer"),
        # an opening quote never closed swallows the rest of the file into one field
        (f'{MP_END},2020-01-01,"A,a@example.com', "fewer"),
        # one field too many: the last column ("customer": the key) was cut at its comma
        (f"{MP_END},2020-01-01,a@example.com,K-1001,7", "more"),
    ],
)
def test_a_register_row_with_another_number_of_fields_is_refused(
    tmp_path: Path, row: str, fields: str
) -> None:
    contacts = write_csv(
        tmp_path / "c.csv",
        f"metering_point,valid_from,email,customer\n{MP_MOVE_IN},2020-01-01,a@example.com,K-1\n"
        f"{row}\n",
    )
    with pytest.raises(RegisterError) as caught:
        CsvContactRegister.load(contacts)
    [problem] = caught.value.problems
    assert problem.line == 3
    assert f"{fields} fields than the header's 4" in problem.message
    parties = write_csv(tmp_path / "p.csv", f"gln,name,phone\n{GRID},X\n")
    with pytest.raises(RegisterError, match="fewer fields"):
        CsvPartyRegister.load(parties)


def test_a_register_without_the_needed_columns_is_refused(tmp_path: Path) -> None:
    with pytest.raises(RegisterError, match="email"):
        CsvContactRegister.load(write_csv(tmp_path / "c.csv", "metering_point,valid_from\n"))
    with pytest.raises(ElhubCimError):
        CsvContactRegister.load(tmp_path / "missing.csv")


def test_a_register_naming_a_column_it_reads_twice_is_refused(tmp_path: Path) -> None:
    """The last of two email columns was taken without a word: a notice went to the address
    of the wrong column. A column the register does not read may repeat."""
    contacts = write_csv(
        tmp_path / "c.csv",
        "metering_point,valid_from,email,note,email,note\n"
        f"{MP_END},2020-01-01,right@example.com,,wrong@example.com,\n",
    )
    with pytest.raises(RegisterError, match="'email' more than once"):
        CsvContactRegister.load(contacts)
    parties = write_csv(tmp_path / "p.csv", f"gln,name,gln\n{GRID},X,7080002904738\n")
    with pytest.raises(RegisterError, match="'gln' more than once"):
        CsvPartyRegister.load(parties)
    fine = write_csv(
        tmp_path / "f.csv",
        f"metering_point,valid_from,email,note,note\n{MP_END},2020-01-01,a@example.com,,\n",
    )
    assert CsvContactRegister.load(fine).find(MP_END, date(2026, 1, 1)) is not None


def test_a_register_without_its_columns_names_the_header_found(tmp_path: Path) -> None:
    """The message showed the columns wanted as if they were the header read ('header row:
    metering_point, valid_from, email, ...'), also for a file separated by semicolons."""
    path = write_csv(
        tmp_path / "c.csv", f"metering_point;valid_from;email\n{MP_END};2020-01-01;a@example.com\n"
    )
    with pytest.raises(RegisterError) as caught:
        CsvContactRegister.load(path)
    message = str(caught.value)
    assert "found: metering_point;valid_from;email" in message
    assert "comma" in message


def test_the_party_register(tmp_path: Path) -> None:
    parties = CsvPartyRegister.load(
        write_csv(
            tmp_path / "p.csv",
            "gln,name,phone,email,website,grid_areas\n"
            f"{GRID},Trøndelag Nettdrift AS,+47 73 00 00 00,,,50YTRDNETTOMR01Z;50YTRDNETTOMR02X\n"
            "7080002904738,,,,,\n",
        )
    )
    company = parties.grid_company(GRID)
    assert company is not None
    assert company.name == "Trøndelag Nettdrift AS"
    assert parties.grid_area_owner("50YTRDNETTOMR02X") == GRID
    unnamed = parties.grid_company("7080002904738")
    assert unnamed is not None
    assert unnamed.name is None
    with pytest.raises(RegisterError):
        CsvPartyRegister.load(write_csv(tmp_path / "bad.csv", "gln,name\n123,X\n"))


# -- notices --------------------------------------------------------------------------------


def parties() -> CsvPartyRegister:
    return CsvPartyRegister.from_companies(
        [
            GridCompany(GRID, "Trøndelag Nettdrift AS", phone="+47 73 00 00 00"),
            GridCompany("7080030004042", "Eksempel Nett AS", email="kundeservice@nett.example"),
            GridCompany("7080002904738", None),
        ],
        {"50YTRDNETTOMR01Z": GRID, "50YTRDNETTOMR02X": GRID, "50YTESTGRIDAREAX": "7080030004042"},
    )


def contacts(*rows: tuple[str, date, date | None, Contact]) -> CsvContactRegister:
    return CsvContactRegister.from_rows(rows)


SENDER = "Trøndelag Nettdrift AS <varsel@trondelag-nettdrift.example>"


def notifier(register: CsvContactRegister, **options: Any) -> Notifier:
    options.setdefault("parties", parties())
    options.setdefault("sender", SENDER)
    return Notifier(register, clock=lambda: FIXED_NOW, **options)


def old_customer(mp: str = MP_MOVE_IN, **fields: Any) -> tuple[str, date, date | None, Contact]:
    """The customer whose relationship ends: until the move-in, or open-ended."""
    fields.setdefault("email", "ingrid.lie@example.com")
    fields.setdefault("name", "Ingrid Lie")
    until = MOVE_IN_DAY if mp == MP_MOVE_IN else None
    return (mp, date(2020, 6, 15), until, Contact(**fields))


def parse(message: EmailMessage | bytes) -> EmailMessage:
    data = message if isinstance(message, bytes) else message.as_bytes()
    parsed = email.message_from_bytes(data, policy=email.policy.default)
    assert isinstance(parsed, EmailMessage)
    return parsed


def parts(message: EmailMessage) -> tuple[str, str]:
    text = message.get_body(("plain",))
    html = message.get_body(("html",))
    assert text is not None
    assert html is not None
    return (
        str(text.get_content()).replace("\r\n", "\n"),
        str(html.get_content()).replace("\r\n", "\n"),
    )


def test_a_notice_is_a_proper_mime_email(tmp_path: Path) -> None:
    outbox = Outbox(tmp_path)
    outcomes = notifier(contacts(old_customer())).run(
        [("notify.xml", EBIX / "NotifyStartOfSupply.xml")], outbox
    )
    assert [o.status for o in outcomes] == [Status.WRITTEN]
    ending = decide(example(EBIX / "NotifyStartOfSupply.xml"))
    assert isinstance(ending, Ending)
    key = ending.key("email:ingrid.lie@example.com")
    assert outcomes[0].key == key
    path = outbox.path_for(key)
    raw = path.read_bytes()
    assert b"\r\n" in raw
    message = parse(raw)
    assert message.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in message.iter_parts()] == ["text/plain", "text/html"]
    assert all(p.get_content_charset() == "utf-8" for p in message.iter_parts())
    assert message["Message-ID"] == f"<{key}@trondelag-nettdrift.example>"
    assert message["From"] == SENDER
    assert message["Date"] == "Tue, 21 Apr 2026 09:30:00 +0200"
    assert message["To"] == "Ingrid Lie <ingrid.lie@example.com>"
    assert message["Subject"] == (
        f"Kundeforholdet ditt for strøm i Kjøpmannsgata 12 H0101 avsluttes fra {DAY}"
    )
    assert message["Auto-Submitted"] == "auto-generated"
    text, html = parts(message)
    for part in (text, html):
        assert "Kjøpmannsgata 12 H0101, 7013 TRONDHEIM" in part
        assert MP_MOVE_IN in part
        assert DAY in part
        assert "Trøndelag Nettdrift AS" in part
        assert "+47 73 00 00 00" in part
    # The seed's draft: who registered what, where, from when; what to do; a sign-off.
    assert (
        "Trøndelag Nettdrift AS har registrert opphør av ditt kundeforhold for strøm i "
        f"Kjøpmannsgata 12 H0101, 7013 TRONDHEIM, målepunkt-ID {MP_MOVE_IN}. Kundeforholdet "
        f"avsluttes med virkning fra {DAY}."
    ) in text
    assert "Du trenger ikke foreta deg noe dersom det stemmer" in text
    assert "må du kontakte nettselskapet ditt, Trøndelag Nettdrift AS" in text
    assert text.rstrip().endswith(
        "Vennlig hilsen\nTrøndelag Nettdrift AS\n\nDenne e-posten er sendt automatisk."
    )
    assert "Vennlig hilsen<br>Trøndelag Nettdrift AS" in html
    assert "Vi har registrert" not in text
    assert outcomes[0].address_source == "metering_point"
    assert outcomes[0].grid_company_source == "message"


def test_an_outbox_that_is_a_dangling_link_is_an_error_not_a_duplicate(tmp_path: Path) -> None:
    # An outbox named by a link to a folder not there (unmounted, removed): making the folder
    # failed with FileExistsError, taken for "already written meanwhile": every notice was
    # reported a duplicate, none written, and the run ended 0.
    outbox = tmp_path / "outbox"
    outbox.symlink_to(tmp_path / "gone")
    outcomes = notifier(contacts(old_customer())).run(
        [("notify.xml", EBIX / "NotifyStartOfSupply.xml")], Outbox(outbox)
    )
    assert [o.status for o in outcomes] == [Status.ERROR]
    assert "not delivered" in outcomes[0].detail
    assert "not a folder" in outcomes[0].detail
    assert not (tmp_path / "gone").exists()


def test_from_is_configurable_and_signs_the_notice(tmp_path: Path) -> None:
    sender = "Nettselskapet AS <varsel@nett.example>"
    outcomes = notifier(contacts(old_customer()), sender=sender).run(
        [("n.xml", EBIX / "NotifyStartOfSupply.xml")], Outbox(tmp_path)
    )
    assert outcomes[0].status is Status.WRITTEN
    message = parse(next(tmp_path.glob("*.eml")).read_bytes())
    assert message["From"] == sender
    assert message["Message-ID"].endswith("@nett.example>")
    text = parts(message)[0]
    assert text.startswith("Hei Ingrid Lie,\n\nNettselskapet AS har registrert opphør")
    assert "Vennlig hilsen\nNettselskapet AS\n" in text
    with pytest.raises(ValueError, match="e-mail address"):
        Notifier(contacts(), sender="nobody")
    # An anonymous sender looks like phishing: a display name is required.
    with pytest.raises(ValueError, match="display name"):
        Notifier(contacts(), sender="noreply@nett.example")
    with pytest.raises(TypeError):
        Notifier(contacts())  # type: ignore[call-arg]  # no default sender


@pytest.mark.parametrize(
    ("language", "subject", "phrases"),
    [
        (
            "nb",
            f"Kundeforholdet ditt for strøm i Kjøpmannsgata 12 H0101 avsluttes fra {DAY}",
            [
                f"avsluttes med virkning fra {DAY}",
                "Du trenger ikke foreta deg noe",
                "Målepunkt-ID",
                "Vennlig hilsen",
            ],
        ),
        (
            "nn",
            f"Kundeforholdet ditt for straum i Kjøpmannsgata 12 H0101 blir avslutta frå {DAY}",
            [
                f"blir avslutta med verknad frå {DAY}",
                "Du treng ikkje gjere noko",
                "Venleg helsing",
            ],
        ),
        (
            "en",
            f"Your electricity customer relationship at Kjøpmannsgata 12 H0101 ends from {DAY}",
            [f"ends with effect from {DAY}", "you do not need to do anything", "Kind regards"],
        ),
    ],
)
def test_three_languages(tmp_path: Path, language: str, subject: str, phrases: list[str]) -> None:
    register = contacts(old_customer(language=language))
    outcomes = notifier(register).run(
        [("n.xml", EBIX / "NotifyStartOfSupply.xml")], Outbox(tmp_path)
    )
    assert outcomes[0].status is Status.WRITTEN
    message = parse(next(tmp_path.glob("*.eml")).read_bytes())
    assert message["Subject"] == subject
    assert message["Content-Language"] == language
    text, html = parts(message)
    for phrase in phrases:
        assert phrase in text
        assert phrase in re.sub(r"<[^>]+>", "", html)
    assert f'<html lang="{language}">' in html


def test_the_default_language_applies_when_the_register_names_none(tmp_path: Path) -> None:
    outcomes = notifier(contacts(old_customer()), default_language="en").run(
        [("n.xml", EBIX / "NotifyStartOfSupply.xml")], Outbox(tmp_path)
    )
    assert "(en;" in outcomes[0].detail


@pytest.mark.parametrize("language", ["de", "NB", "15058512343"])
def test_a_register_language_that_is_no_notice_language_is_said_so(
    tmp_path: Path, language: str
) -> None:
    """A ContactRegister of the caller's own (the protocol) gave a language the notices do not
    have: the outcome said "the e-mail address in the register is not usable"."""
    register = contacts(old_customer(language=language))
    outcomes = notifier(register).run(
        [("n.xml", EBIX / "NotifyStartOfSupply.xml")], Outbox(tmp_path)
    )
    [outcome] = outcomes
    assert outcome.status is Status.ERROR
    assert "language" in outcome.detail
    assert "e-mail" not in outcome.detail
    assert "15058512343" not in outcome.format()
    assert not list(tmp_path.glob("*.eml"))


def test_html_is_escaped_and_text_is_not(tmp_path: Path) -> None:
    hostile = "<script>alert(1)</script> Gata 1, 0001 OSLO"
    register = contacts(old_customer(MP_END, name="Ola <b>Nordmann</b>", address=hostile))
    confirmation = example(EBIX / "ConfirmEndOfSupply.xml")  # no address in the message
    register_with_grid = notifier(register)
    outcomes = register_with_grid.run(
        [("c.xml", relabel(confirmation, "BRS-NO-201")), ("n.xml", EBIX / "NotifyEndOfSupply.xml")],
        Outbox(tmp_path),
    )
    assert [o.status for o in outcomes] == [Status.WRITTEN, Status.DUPLICATE]
    assert outcomes[0].address_source == "register"
    text, html = parts(parse(next(tmp_path.glob("*.eml")).read_bytes()))
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Ola &lt;b&gt;Nordmann&lt;/b&gt;" in html
    assert "<script>alert(1)</script>" in text  # plain text is shown as it is


def test_no_national_identity_number_reaches_a_notice(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # In the message: the customer leaving (EndOfSupplyNotification) with a personal id, and
    # an id pasted into its address. In the register: an id column, and an id in the address.
    notification = example(EBIX / "NotifyEndOfSupply.xml")
    assert isinstance(notification, EndOfSupplyNotification)
    assert notification.customer is not None
    customer = notification.customer.model_copy(
        update={"id": EndUserId(value=FNR_SYNTHETIC, scheme=EndUserScheme.NATIONAL_IDENTITY_NUMBER)}
    )
    address = notification.customer_addresses[0].model_copy(
        update={"street_name": f"Øvre Bakklandet {FNR_SYNTHETIC}", "room": None}
    )
    message = notification.model_copy(
        update={"customer": customer, "customer_addresses": [address]}
    )
    data = from_domain(message, to="ebix")
    assert FNR_SYNTHETIC.encode() in data
    register_file = write_csv(
        tmp_path / "contacts.csv",
        "metering_point,valid_from,email,name,end_user_id\n"
        f"{MP_END},2019-01-01,kunde@example.com,Kunde {FNR_VALID},{FNR_VALID}\n",
    )
    caplog.set_level(logging.DEBUG)
    outcomes = notifier(CsvContactRegister.load(register_file)).run(
        [("notify.xml", data)], Outbox(tmp_path / "out")
    )
    assert outcomes[0].status is Status.WRITTEN, outcomes[0]
    # The leaving customer's postal address is never the notice's address.
    assert outcomes[0].address_source == "none"
    raw = next((tmp_path / "out").glob("*.eml")).read_bytes()
    parsed = parse(raw)
    text, html = parts(parsed)
    for number in (FNR_SYNTHETIC, FNR_VALID):
        for where in (raw.decode("ascii"), text, html, str(parsed["To"]), str(parsed["Subject"])):
            assert number not in where
        assert number not in caplog.text
        assert number not in outcomes[0].format()
    assert "<masked national id>" in text  # the pasted ones were masked, not dropped silently
    assert "Øvre Bakklandet" not in text


def test_the_services_log_masks_an_identity_number_in_an_exception(
    caplog: pytest.LogCaptureFixture,
) -> None:
    # The notices' logger was a plain logging.getLogger: its one message masked itself, but an
    # exception's text logged there (or any new message) reached the handlers as it was.
    from elhub_cim.notices import service

    caplog.set_level(logging.DEBUG)
    try:
        raise ValueError(f"no contact for {FNR_VALID}")
    except ValueError:
        service.logger.exception("delivery of %s failed", f"notice-{FNR_VALID}.eml")
    assert caplog.records, "nothing was logged"
    assert FNR_VALID not in caplog.text
    assert "no contact for <masked national id>" in caplog.text
    assert "delivery of notice-<masked national id>.eml failed" in caplog.text


def test_a_move_in_on_a_vacant_metering_point_has_no_previous_customer(tmp_path: Path) -> None:
    register = contacts(
        (MP_MOVE_IN, MOVE_IN_DAY, None, Contact(email="new@example.com"))  # only the new one
    )
    outcomes = notifier(register).run(
        [("n.xml", EBIX / "NotifyStartOfSupply.xml")], Outbox(tmp_path)
    )
    assert outcomes[0].status is Status.NO_PREVIOUS_CUSTOMER
    assert f"{MOVE_IN_DAY - timedelta(days=1):%d.%m.%Y}" in outcomes[0].detail
    assert "vacant" in outcomes[0].detail
    assert not list(tmp_path.glob("*.eml"))
    assert "1 without previous customer" in summary_line(outcomes)
    # An end of supply always ends someone's relationship: no customer is "no contact".
    end = relabel(example(EBIX / "ConfirmEndOfSupply.xml"), "BRS-NO-201")
    register = contacts((MP_END, date(2030, 1, 1), None, Contact(email="later@example.com")))
    assert notifier(register).run([("c", end)], Outbox(tmp_path))[0].status is Status.NO_CONTACT


def test_no_contact_is_an_explicit_outcome(tmp_path: Path) -> None:
    # The register does not know the metering point at all: a person must look.
    outcomes = notifier(contacts()).run(
        [("n.xml", EBIX / "NotifyStartOfSupply.xml")], Outbox(tmp_path)
    )
    assert outcomes[0].status is Status.NO_CONTACT
    assert f"{MOVE_IN_DAY - timedelta(days=1):%d.%m.%Y}" in outcomes[0].detail
    assert not list(tmp_path.glob("*.eml"))
    no_email = contacts(old_customer(email=None))
    outcomes = notifier(no_email).run(
        [("n.xml", EBIX / "NotifyStartOfSupply.xml")], Outbox(tmp_path)
    )
    assert outcomes[0].status is Status.NO_CONTACT
    assert "e-mail" in outcomes[0].detail


def test_the_grid_company_comes_from_message_area_register_or_not_at_all(tmp_path: Path) -> None:
    confirmation = relabel(example(EBIX / "ConfirmEndOfSupply.xml"), "BRS-NO-201")
    # Nothing names it: an explicit outcome.
    outcomes = notifier(contacts(old_customer(MP_END))).run([("c", confirmation)], Outbox(tmp_path))
    assert outcomes[0].status is Status.NO_GRID_COMPANY
    assert "name none" in outcomes[0].detail
    # The register names it.
    register = contacts(old_customer(MP_END, grid_company="7080030004042"))
    outcomes = notifier(register).run([("c", confirmation)], Outbox(tmp_path / "a"))
    assert outcomes[0].status is Status.WRITTEN
    assert outcomes[0].grid_company_source == "register"
    # The register names one without a name in the party register: never a blank name.
    register = contacts(old_customer(MP_END, grid_company="7080002904738"))
    outcomes = notifier(register).run([("c", confirmation)], Outbox(tmp_path / "b"))
    assert outcomes[0].status is Status.NO_GRID_COMPANY
    assert "7080002904738" in outcomes[0].detail
    # Without a party register at all.
    outcomes = notifier(register, parties=None).run([("c", confirmation)], Outbox(tmp_path / "c"))
    assert outcomes[0].status is Status.NO_GRID_COMPANY
    assert "--grid-companies" in outcomes[0].detail
    # The grid area of a 123 NotifyStartOfSupply sent to the supplier (role DDQ).
    notify = relabel(example(EBIX / "NotifyStartOfSupply.xml"), "BRS-NO-123")
    header = notify.header.model_copy(update={"role": Role.BALANCE_SUPPLIER})  # type: ignore[attr-defined]
    notify = notify.model_copy(update={"header": header})
    outcomes = notifier(contacts(old_customer())).run([("n", notify)], Outbox(tmp_path / "d"))
    assert outcomes[0].status is Status.WRITTEN
    assert outcomes[0].grid_company_source == "grid_area"


def test_several_messages_about_one_ending_give_one_notice(tmp_path: Path) -> None:
    outbox = Outbox(tmp_path)
    inputs: list[tuple[str, Path | bytes]] = [
        ("confirm-cim", CIM / "ConfirmRequestChangeOfSupplier_BRS-NO-102.xml"),
        ("notify-cim", CIM / "NotifyStartOfSupply_BRS-NO-102.xml"),
        ("generic-cim", CIM / "GenericNotification_BRS-NO-102.xml"),
        ("generic-ebix", from_domain(example(CIM / "GenericNotification_BRS-NO-102.xml"), "ebix")),
    ]
    register = contacts(old_customer("707057500001000017"))
    outcomes = notifier(register).run(inputs, outbox)
    assert [o.status for o in outcomes] == [Status.WRITTEN] + [Status.DUPLICATE] * 3
    assert len(list(tmp_path.glob("*.eml"))) == 1
    # The confirmation alone has no address and no grid company: the others supplied them.
    assert outcomes[0].address_source == "metering_point"
    assert outcomes[0].grid_company_source == "message"
    assert "the same ending as confirm-cim" in outcomes[1].detail
    # Another run: everything is a duplicate, and nothing is written again.
    before = {p: p.stat().st_mtime_ns for p in tmp_path.glob("*.eml")}
    again = notifier(register).run(inputs, outbox)
    assert [o.status for o in again] == [Status.DUPLICATE] * 4
    assert "already written" in again[0].detail
    assert {p: p.stat().st_mtime_ns for p in tmp_path.glob("*.eml")} == before


def test_unreadable_and_unsupported_inputs_are_reported(tmp_path: Path) -> None:
    outcomes = notifier(contacts()).run(
        [
            ("broken.xml", b"<not xml"),
            ("data.xml", EBIX / "CollectedData.xml"),
        ],
        Outbox(tmp_path),
    )
    assert [o.status for o in outcomes] == [Status.ERROR, Status.NO_TRIGGER]
    assert outcomes[0].problems
    line = summary_line(outcomes)
    assert line.startswith("2 inputs: 0 notices written, 1 trigger no notice")
    assert line.endswith("1 errors")


def test_templates_can_be_overridden_one_file_at_a_time(tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    (folder / "nb").mkdir(parents=True)
    (folder / "nb" / "subject.txt").write_text("Viktig: {{ metering_point }}\n", encoding="utf-8")
    outcomes = notifier(contacts(old_customer()), renderer=Renderer(folder)).run(
        [("n", EBIX / "NotifyStartOfSupply.xml")], Outbox(tmp_path / "out")
    )
    assert outcomes[0].status is Status.WRITTEN
    message = parse(next((tmp_path / "out").glob("*.eml")).read_bytes())
    assert message["Subject"] == f"Viktig: {MP_MOVE_IN}"
    assert "Vennlig hilsen" in parts(message)[0]  # the body is still the bundled one


def test_a_broken_template_is_an_error_outcome_not_a_crash(tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    (folder / "nb").mkdir(parents=True)
    (folder / "nb" / "body.txt").write_text("{{ no_such_variable }}", encoding="utf-8")
    outcomes = notifier(contacts(old_customer()), renderer=Renderer(folder)).run(
        [("n", EBIX / "NotifyStartOfSupply.xml")], Outbox(tmp_path / "out")
    )
    assert outcomes[0].status is Status.ERROR
    assert "nb/body.txt" in outcomes[0].detail
    assert not (tmp_path / "out").exists()


def test_an_address_without_a_street_is_not_used() -> None:
    from elhub_cim.notices import format_address

    no_street = MeteringPointAddress(postcode="7439", city="X", country="NO")
    assert format_address(no_street) is None
    free = MeteringPointAddress(free_form="Gnr 12 bnr 3", postcode="7439", city="X", country="NO")
    assert format_address(free) == "Gnr 12 bnr 3, 7439 X"


def test_a_building_number_without_a_street_name_is_not_an_address() -> None:
    # "i 12, 7439 X" names no place a customer can recognise; the free text (a cadastral
    # address) does, and without it the notice names the metering point by its id.
    from elhub_cim.notices import format_address

    number = MeteringPointAddress(building_number="12", postcode="7439", city="X", country="NO")
    assert format_address(number) is None
    free = number.model_copy(update={"free_form": "Gnr 12 bnr 3"})
    assert format_address(free) == "Gnr 12 bnr 3, 7439 X"


# -- one ended relationship, one notice; Elhub's own changes (305) -------------------------------

MP_305 = "707057500917366283"  # ebIX NotifyStartOfSupply-elhub-initiated (305), from 01.07.2026
DAY_305 = date(2026, 7, 1)


def test_an_end_of_supply_and_a_move_in_on_the_same_day_give_one_notice(tmp_path: Path) -> None:
    end = relabel(example(EBIX / "ConfirmEndOfSupply.xml"), "BRS-NO-201")
    confirmation = example(EBIX / "ConfirmStartOfSupply.xml")
    move_in = confirmation.model_copy(
        update={"metering_point": end.metering_point, "start": end.end}  # type: ignore[attr-defined]
    )
    register = contacts(old_customer(MP_END, grid_company=GRID))
    outcomes = notifier(register).run([("201", end), ("102", move_in)], Outbox(tmp_path))
    assert [o.status for o in outcomes] == [Status.WRITTEN, Status.DUPLICATE]
    assert outcomes[0].key == outcomes[1].key
    assert len(list(tmp_path.glob("*.eml"))) == 1
    # And in a later run, the move-in alone is a duplicate too: the kind is not in the key.
    again = notifier(register).run([("102", move_in)], Outbox(tmp_path))
    assert again[0].status is Status.DUPLICATE
    assert "already written" in again[0].detail


def _register_305(name: str | None, *, new_row: bool = False) -> CsvContactRegister:
    rows = [(MP_305, date(2021, 3, 1), None, Contact(email="frisor@example.com", name=name))]
    if new_row:
        rows.append((MP_305, DAY_305, None, Contact(email="sykkel@example.com")))
    return contacts(*rows)


@pytest.mark.parametrize("standard", ["ebix", "cim"])
def test_an_elhub_change_that_changes_the_customer_sends_a_notice(
    tmp_path: Path, standard: str
) -> None:
    message = through(example(EBIX / "NotifyStartOfSupply-elhub-initiated.xml"), standard)
    decision = decide(message)
    assert isinstance(decision, Ending)
    assert (decision.kind, decision.if_customer_changes) == (EndingKind.ELHUB_CHANGE, True)
    assert decision.end_date == DAY_305
    # The register still has the previous customer, the message names another one.
    outcomes = notifier(_register_305("Nedre Møllenberg Frisør AS")).run(
        [("305", message)], Outbox(tmp_path)
    )
    assert outcomes[0].status is Status.WRITTEN, outcomes[0]
    assert outcomes[0].grid_company_source == "grid_area"
    text = parts(parse(next(tmp_path.glob("*.eml")).read_bytes()))[0]
    assert "Endringen er gjort av Elhub" in text
    assert "Møllenberg Sykkelverksted" not in text  # never who came in
    # The register already has the new customer from the date: a change, whatever the names.
    outcomes = notifier(_register_305(None, new_row=True)).run(
        [("305", message)], Outbox(tmp_path / "b")
    )
    assert outcomes[0].status is Status.WRITTEN


@pytest.mark.parametrize("standard", ["ebix", "cim"])
def test_an_elhub_change_that_keeps_the_customer_sends_none(tmp_path: Path, standard: str) -> None:
    message = through(example(EBIX / "NotifyStartOfSupply-elhub-initiated.xml"), standard)
    # The same customer continues (a correction of the supplier only): names match, in any
    # word order and case.
    same = notifier(_register_305("møllenberg SYKKELVERKSTED as")).run(
        [("305", message)], Outbox(tmp_path)
    )
    assert same[0].status is Status.NO_TRIGGER
    assert "keeps the customer" in same[0].detail
    # Nothing to compare and no change in the register: no notice, and it says why.
    unknown = notifier(_register_305(None)).run([("305", message)], Outbox(tmp_path))
    assert unknown[0].status is Status.NO_TRIGGER
    assert "only if the customer changes" in unknown[0].detail
    assert not list(tmp_path.glob("*.eml"))


@pytest.mark.parametrize("standard", ["ebix", "cim"])
def test_a_new_register_row_of_the_same_customer_is_no_change(
    tmp_path: Path, standard: str
) -> None:
    # The register starts a new row for the same customer (its customer number) on the date of
    # Elhub's change, e.g. new contact details: the customer does not change, and the message
    # names the same customer. Its relationship does not end.
    message = through(example(EBIX / "NotifyStartOfSupply-elhub-initiated.xml"), standard)
    name = "Møllenberg Sykkelverksted AS"
    register = contacts(
        (MP_305, date(2021, 3, 1), None, Contact("post@example.com", name, customer="K-7")),
        (MP_305, DAY_305, None, Contact("faktura@example.com", name, customer="K-7")),
    )
    outcomes = notifier(register).run([("305", message)], Outbox(tmp_path))
    assert outcomes[0].status is Status.NO_TRIGGER, outcomes[0]
    assert "keeps the customer" in outcomes[0].detail
    assert not list(tmp_path.glob("*.eml"))


def test_elhubs_customer_correction_in_cim_triggers_only_for_another_customer(
    tmp_path: Path,
) -> None:
    path = CIM / "CharacteristicsOfACustomerAtAnAP_BRS-NO-305.xml"
    decision = decide(example(path))
    assert isinstance(decision, Ending)
    assert decision.if_customer_changes
    mp = decision.metering_point

    def register(name: str) -> CsvContactRegister:
        contact = Contact(email="kunde@example.com", name=name, grid_company="7080030004042")
        return contacts((mp, date(2019, 5, 1), None, contact))

    kept = notifier(register("Bryggen Bakeri og Konditori AS")).run([("c", path)], Outbox(tmp_path))
    assert kept[0].status is Status.NO_TRIGGER
    changed = notifier(register("Bergen Brød AS")).run([("c", path)], Outbox(tmp_path))
    assert changed[0].status is Status.WRITTEN


def test_a_305_end_notification_merged_with_its_start_ends_the_relationship(
    tmp_path: Path,
) -> None:
    # Elhub's change sends both: the end notification decides, whatever the names say.
    start = example(EBIX / "NotifyStartOfSupply-elhub-initiated.xml")
    end = relabel(example(EBIX / "NotifyEndOfSupply.xml"), "BRS-NO-305")
    end = end.model_copy(update={"metering_point": MP_305, "end": start.start})  # type: ignore[attr-defined]
    outcomes = notifier(_register_305("Møllenberg Sykkelverksted AS")).run(
        [("start", start), ("end", end)], Outbox(tmp_path)
    )
    assert [o.status for o in outcomes] == [Status.WRITTEN, Status.DUPLICATE]


def test_the_installation_address_comes_from_master_data_in_the_run(tmp_path: Path) -> None:
    # The ebIX 305 start names no installation address; NotifyMeteringPointCharacteristics of
    # the same metering point does.
    start = EBIX / "NotifyStartOfSupply-elhub-initiated.xml"
    register = _register_305("Nedre Møllenberg Frisør AS")
    alone = notifier(register).run([("s", start)], Outbox(tmp_path / "a"))
    assert alone[0].address_source == "none"
    text = parts(parse(next((tmp_path / "a").glob("*.eml")).read_bytes()))[0]
    assert f"på målepunktet med målepunkt-ID {MP_305}" in text  # the address is left out
    assert "Adresse:" not in text
    both = notifier(register).run(
        [("s", start), ("m", EBIX / "NotifyMeteringPointCharacteristics.xml")],
        Outbox(tmp_path / "b"),
    )
    assert both[0].address_source == "metering_point"
    assert both[1].status is Status.NO_TRIGGER
    text = parts(parse(next((tmp_path / "b").glob("*.eml")).read_bytes()))[0]
    assert "i Nedre Møllenberg gate 38" in text


def test_merge_endings_needs_an_ending() -> None:
    from elhub_cim.notices import merge_endings

    with pytest.raises(ValueError, match="at least one ending"):
        merge_endings([])
