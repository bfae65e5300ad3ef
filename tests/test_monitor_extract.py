"""Events from message files: our ebIX and CIM examples, and files generated from them."""

from __future__ import annotations

import csv
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from elhub_cim import ElhubCimError
from elhub_cim.cli import main
from elhub_cim.monitor import Extractor, extract, subject_of, write_events
from elhub_cim.monitor.extract import Skipped
from elhub_cim.monitor.schema import Event
from tests.test_monitor_support import (
    ACTOR,
    CIM,
    EBIX,
    ELHUB,
    OTHER,
    measure,
    rejection_xml,
    report_of,
    request_xml,
    response_xml,
    start_of_supply_xml,
    utc,
)

KEY = b"0123456789abcdef-test-key"


def _files(folder: Path, **texts: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in texts.items():
        (folder / f"{name}.xml").write_text(text, encoding="utf-8")
    return folder


def _by_id(events: list[Event]) -> dict[str | None, Event]:
    return {e.document_id: e for e in events}


def _reasons(skipped: list[Skipped]) -> dict[str, str]:
    return {Path(s.file).name: s.reason for s in skipped}


# -- our examples --------------------------------------------------------------------------------


def test_bundled_ebix_examples() -> None:
    result = extract([EBIX], key=KEY)
    events = _by_id(result.events)
    # The verify request: sent by Nordlys Kraft, purpose StartOfSupply, no answer in the set.
    verify = events["1335ef0c-1cc2-4706-a61b-4d152b413286"]
    assert (verify.actor, verify.kind, verify.purpose, verify.outcome) == (
        ACTOR,
        "query611",
        "StartOfSupply",
        None,
    )
    assert verify.event_time == utc("2026-04-09T15:48:30+02:00")
    assert verify.metering_points == 1
    assert verify.subject == subject_of(KEY, "mp:707057500733154194")
    # The response answers a request that is not in the set: an event of its own, approved,
    # for the party it was sent to, with the three metering points it returned.
    answered = events["fbca7115-9a50-4af0-8c57-f5f208d86804"]
    assert (answered.actor, answered.outcome, answered.metering_points) == (OTHER, "approved", 3)
    assert answered.purpose is None
    assert answered.source_file is not None
    assert answered.source_file.endswith("ResponseUpfrontMeteringPointCharacteristics.xml")
    # Find variants: no metering point named, subject from the search criteria.
    find = [e for e in result.events if e.kind == "query611" and e.metering_points == 0]
    assert {e.purpose for e in find} == {"AccessRequest", "Other"}
    assert all(e.subject is not None for e in find)
    # Start of supply: every start-of-supply process is an event (123, the grid company's, too;
    # the report counts only the suppliers' in the ratio).
    starts = sorted(e.brs or "" for e in result.events if e.kind == "start_of_supply")
    assert starts == ["BRS-NO-102", "BRS-NO-103", "BRS-NO-123"]
    reasons = _reasons(result.skipped)
    assert "RequestStartOfSupply-grid-company-move-in.xml" not in reasons
    assert "positive acknowledgement" in reasons["Acknowledgement.xml"]
    assert "BRS-NO-313" in reasons["Acknowledgement-rejected.xml"]
    assert reasons["CollectedData.xml"] == "CollectedData (ebix) is not used by the monitor"
    assert reasons["README.md"] == "not a .xml file"
    # Every input is accounted for.
    inputs = [p for p in EBIX.rglob("*") if p.is_file()]
    assert result.files == len(inputs)
    assert result.used + len(result.skipped) == result.files
    assert result.used == 7  # three requests, one response, three start-of-supply requests


def test_bundled_cim_examples_pair_request_and_response() -> None:
    result = extract([CIM], key=KEY)
    events = _by_id(result.events)
    query = events["64808b9d-5257-44ae-b946-308f053d40de"]
    assert (query.actor, query.purpose, query.outcome, query.metering_points) == (
        "7080050001014",
        "StartOfSupply",
        "approved",
        2,
    )
    assert query.event_time == utc("2026-03-30T08:05:11+00:00")  # the request's time
    rejected = events["9a1bdba5-ca39-4ff0-a505-aa5e85e89046"]
    assert (rejected.actor, rejected.outcome, rejected.purpose) == (
        "7080080007079",
        "rejected",
        None,
    )
    start = events["f03c2adb-dc0d-44af-b373-619744e4f57b"]
    assert (start.kind, start.brs, start.actor) == (
        "start_of_supply",
        "BRS-NO-102",
        "7080050001014",
    )
    assert len(result.events) == 3
    assert result.used == 4  # request, response, acknowledgement, change of supplier


def test_events_carry_no_identifiers_in_clear(tmp_path: Path) -> None:
    result = extract([EBIX, CIM], key=KEY)
    out = tmp_path / "events.csv"
    write_events(result.events, out)
    text = out.read_text(encoding="utf-8")
    for secret in (
        "707057500733154194",  # metering points (GSRN)
        "707057500802645370",
        "707057500001000031",
        "918453024",  # end-user ids: organisation numbers, a national id number
        "934567897",
        "15829012372",
        "6970631408026453",  # meter number
        "7350",  # postcode in a search
    ):
        assert secret not in text, secret


# -- generated files: pairing and outcomes -------------------------------------------------------


def test_response_and_rejection_pair_with_their_requests(tmp_path: Path) -> None:
    approved_id, approved = request_xml(created="2026-03-10T10:00:00+01:00")
    rejected_id, rejected = request_xml(created="2026-03-10T10:05:00+01:00", purpose="Other")
    open_id, still_open = request_xml(created="2026-03-10T10:10:00+01:00")
    folder = _files(
        tmp_path / "in",
        a_request=approved,
        b_request=rejected,
        c_request=still_open,
        d_response=response_xml(approved_id, created="2026-03-10T10:00:02+01:00", points=1),
        e_rejection=rejection_xml(rejected_id, created="2026-03-10T10:05:01+01:00"),
    )
    result = extract([folder], key=KEY)
    events = _by_id(result.events)
    assert len(result.events) == 3
    assert (events[approved_id].outcome, events[approved_id].metering_points) == ("approved", 1)
    assert events[approved_id].event_time == utc("2026-03-10T10:00:00+01:00")  # request time
    assert (events[rejected_id].outcome, events[rejected_id].purpose) == ("rejected", "Other")
    assert events[open_id].outcome is None
    assert result.used == 5
    assert result.skipped == []


def test_rejection_wins_over_a_response_and_is_noted(tmp_path: Path) -> None:
    identifier, request = request_xml()
    folder = _files(
        tmp_path / "in",
        request=request,
        response=response_xml(identifier),
        rejection=rejection_xml(identifier),
    )
    result = extract([folder], key=KEY)
    assert [e.outcome for e in result.events] == ["rejected"]
    assert any("counted as rejected" in note for note in result.notes)


def test_answers_without_their_request_make_one_event_per_request(tmp_path: Path) -> None:
    identifier, _ = request_xml()
    folder = _files(
        tmp_path / "in",
        response=response_xml(identifier, recipient=OTHER, created="2026-03-11T09:00:00+01:00"),
        rejection=rejection_xml(identifier, recipient=OTHER, created="2026-03-11T09:00:05+01:00"),
    )
    result = extract([folder], key=KEY)
    assert len(result.events) == 1
    only = result.events[0]
    assert (only.document_id, only.actor, only.outcome) == (identifier, OTHER, "rejected")
    assert only.event_time == utc("2026-03-11T09:00:00+01:00")  # the first answer


def test_rejection_of_another_process_pairs_only_by_reference(tmp_path: Path) -> None:
    identifier, request = request_xml()
    folder = _files(
        tmp_path / "in",
        request=request,
        rejection=rejection_xml(identifier, brs="BRS-NO-313"),  # odd BRS, right reference
        unrelated=rejection_xml("0b9c2f1e-8c44-4c1e-9a57-1f1d3b0e0c11", brs="BRS-NO-313"),
    )
    result = extract([folder], key=KEY)
    assert [e.outcome for e in result.events] == ["rejected"]
    assert list(_reasons(result.skipped)) == ["unrelated.xml"]


def test_subjects(tmp_path: Path) -> None:
    point = "707057500802645370"  # the first metering point of our response example
    verify_id, verify = request_xml(metering_point=point, created="2026-03-10T10:00:00+01:00")
    find_id, find = request_xml(created="2026-03-10T11:00:00+01:00")
    # Turn the second request into a find (postcode + meter number): no metering point named.
    find = find.replace(
        "<abie:MeteringPointUsedDomainLocation>\n"
        '      <abie:Identification schemeAgencyIdentifier="9">707057500733154194'
        "</abie:Identification>\n    </abie:MeteringPointUsedDomainLocation>\n",
        "",
    ).replace(
        "<abie:Purpose>StartOfSupply</abie:Purpose>",
        "<abie:Purpose>StartOfSupply</abie:Purpose>\n    <abie:MPAddressMeteringPointAddress>"
        "<abie:Postcode>7350</abie:Postcode></abie:MPAddressMeteringPointAddress>\n"
        "    <abie:MeteringInstallationMeterFacility><abie:MeterIdentification>6970631408026453"
        "</abie:MeterIdentification></abie:MeteringInstallationMeterFacility>",
    )
    unanswered_id, unanswered = request_xml(created="2026-03-10T12:00:00+01:00")
    unanswered = unanswered.replace(f">{unanswered_id}<", f">{unanswered_id}<")
    folder = _files(
        tmp_path / "in",
        verify=verify,
        find=find,
        find_response=response_xml(find_id, points=1),
    )
    events = _by_id(extract([folder], key=KEY).events)
    # A find answered with one metering point has the subject of a verify of that point.
    assert events[find_id].subject == events[verify_id].subject == subject_of(KEY, f"mp:{point}")
    # Other keys give other pseudonyms; the same key gives the same ones.
    assert _by_id(extract([folder], key=b"another key, 16+ bytes").events)[verify_id].subject != (
        events[verify_id].subject
    )
    assert _by_id(extract([folder], key=KEY).events)[verify_id].subject == (
        events[verify_id].subject
    )


def test_start_of_supply_requests(tmp_path: Path) -> None:
    folder = _files(
        tmp_path / "in",
        s101=start_of_supply_xml(brs="BRS-NO-101"),
        s103=start_of_supply_xml(brs="BRS-NO-103", created="2026-10-25T02:30:00+01:00"),
        s104=start_of_supply_xml(brs="BRS-NO-104"),
        s305=start_of_supply_xml(brs="BRS-NO-305"),
    )
    result = extract([folder], key=KEY)
    assert "not a start-of-supply process" in _reasons(result.skipped)["s305.xml"]
    assert sorted(e.brs or "" for e in result.events) == ["BRS-NO-101", "BRS-NO-103", "BRS-NO-104"]
    late = next(e for e in result.events if e.brs == "BRS-NO-103")
    assert late.event_time == utc("2026-10-25T01:30:00+00:00")
    assert (late.outcome, late.purpose, late.subject, late.metering_points) == (None, None, None, 1)


# -- nothing is dropped silently -----------------------------------------------------------------


def test_every_bad_input_is_skipped_with_its_reason(tmp_path: Path) -> None:
    identifier, request = request_xml()
    folder = _files(
        tmp_path / "in",
        a_original=request,
        b_copy=request,  # same document id, read after the original (inputs are sorted)
        broken="<not xml",
        foreign='<x xmlns="urn:example:other"/>',
        invalid=request_xml()[1].replace("<abie:Purpose>StartOfSupply", "<abie:Purpose>Spying"),
        no_offset=request_xml(created="2026-03-10T10:00:00")[1],
    )
    (folder / "notes.txt").write_text("not a message", encoding="utf-8")
    (folder / "sub").mkdir()
    shutil.copy(EBIX / "CollectedData.xml", folder / "sub" / "CollectedData.xml")
    result = extract([folder], key=KEY)
    reasons = _reasons(result.skipped)
    assert [e.document_id for e in result.events] == [identifier]
    assert reasons["b_copy.xml"].startswith("duplicate of")
    assert "a_original.xml" in reasons["b_copy.xml"]
    assert reasons["broken.xml"].startswith("XML_MALFORMED")
    assert reasons["foreign.xml"].startswith("DOC_UNKNOWN")
    assert reasons["invalid.xml"].startswith("not valid against its schema: XSD_")
    assert reasons["notes.txt"] == "not a .xml file"
    assert "not used by the monitor" in reasons["CollectedData.xml"]
    assert "no_offset.xml" in reasons
    assert result.files == 8
    assert result.used + len(result.skipped) == result.files


def test_links_and_special_files_under_a_folder_are_listed(tmp_path: Path) -> None:
    """A dangling link, a link loop, a FIFO and a linked folder under a folder were left out
    without a word (the listing kept regular files only and did not follow linked folders)."""
    identifier, request = request_xml()
    elsewhere = _files(tmp_path / "elsewhere", linked=request)
    folder = _files(tmp_path / "in", a=request_xml()[1])
    (folder / "sub").symlink_to(elsewhere, target_is_directory=True)
    (folder / "back").symlink_to(folder, target_is_directory=True)
    (folder / "gone.xml").symlink_to(tmp_path / "nowhere.xml")
    (folder / "loop.xml").symlink_to(folder / "loop.xml")
    if hasattr(os, "mkfifo"):
        os.mkfifo(folder / "fifo.xml")
    result = extract([folder], key=KEY)
    reasons = _reasons(result.skipped)
    assert identifier in {e.document_id for e in result.events}  # under the linked folder
    assert reasons["gone.xml"] == "dangling symbolic link"
    assert reasons["loop.xml"] == "symbolic link loop"
    assert reasons["back"].startswith("symbolic link loop")
    if hasattr(os, "mkfifo"):
        assert reasons["fifo.xml"] == "not a regular file"
    assert result.used + len(result.skipped) == result.files == 5 + hasattr(os, "mkfifo")
    out = tmp_path / "events.csv"
    cli = CliRunner().invoke(main, ["monitor", "extract", str(folder), "-o", str(out)])
    assert cli.exit_code == 2  # a dangling link is an input that cannot be read
    assert "gone.xml: dangling symbolic link" in cli.stderr


def test_without_validation_fields_are_still_checked(tmp_path: Path) -> None:
    folder = _files(
        tmp_path / "in",
        no_offset=request_xml(created="2026-03-10T10:00:00")[1],
        bad_offset=request_xml(created="2026-03-10T10:00:00+01:75")[1],
        bad_sender=request_xml(sender="70800043121")[1],
    )
    result = extract([folder], key=KEY, validate=False)
    reasons = _reasons(result.skipped)
    assert "has no UTC offset" in reasons["no_offset.xml"]
    # Python reads +01:75 as +02:15: the query counted in another hour.
    assert "is not a date and time" in reasons["bad_offset.xml"]
    assert "is not a GLN" in reasons["bad_sender.xml"]
    assert result.events == []


def test_without_validation_a_uuid_in_upper_case_is_the_same_uuid(tmp_path: Path) -> None:
    # Unvalidated, an answer quoting its request's id in upper case was not paired: the
    # request stayed open and the answer made an event of its own, counted twice.
    approved_id, approved = request_xml(created="2026-03-10T10:00:00+01:00")
    shouted_id = "7D3F2A6C-0B1E-4C5D-9A8B-2F3E4D5C6B7A"
    _, rejected = request_xml(document_id=shouted_id, created="2026-03-10T10:05:00+01:00")
    folder = _files(
        tmp_path / "in",
        a_request=approved,
        b_request=rejected,
        c_again=request_xml(document_id=shouted_id.lower())[1],
        d_response=response_xml(approved_id.upper(), created="2026-03-10T10:00:02+01:00"),
        e_rejection=rejection_xml(shouted_id.lower(), created="2026-03-10T10:05:01+01:00"),
    )
    result = extract([folder], key=KEY, validate=False)
    events = _by_id(result.events)
    assert len(result.events) == 2, result.events
    assert events[approved_id].outcome == "approved"
    assert events[shouted_id.lower()].outcome == "rejected"
    # the same id in another case is the same document: a duplicate
    assert "duplicate of" in _reasons(result.skipped)["c_again.xml"]


def test_national_identity_numbers_never_appear_in_reasons(tmp_path: Path) -> None:
    fnr = "01010010183"  # synthetic, valid check digits (our examples' test person)
    text = request_xml()[1].replace("<abie:Purpose>StartOfSupply", f"<abie:Purpose>{fnr}")
    folder = _files(tmp_path / "in", leaky=text)
    result = extract([folder], key=KEY)
    assert result.skipped
    assert fnr not in repr(result.skipped)


def test_missing_input_path_raises(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        extract([tmp_path / "nowhere"], key=KEY)


# -- writing and reading back --------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_extract_then_report(tmp_path: Path, suffix: str) -> None:
    rows = {}
    for minute in range(6):
        identifier, request = request_xml(created=f"2026-03-29T03:{minute:02d}:00+02:00")
        rows[f"r{minute}"] = request
        rows[f"a{minute}"] = response_xml(identifier, points=1)
    rows["start"] = start_of_supply_xml(created="2026-03-29T09:00:00+02:00")
    folder = _files(tmp_path / "in", **rows)
    result = extract([folder], key=KEY)
    out = tmp_path / f"events{suffix}"
    write_events(result.events, out)
    report = report_of(out)
    per_point = measure(report, "queries_per_metering_point")
    assert (per_point.value, per_point.level, per_point.when) == (
        6.0,
        per_point.level,
        "2026-03-29",
    )
    assert per_point.level is not None
    assert per_point.level.label == "yellow"  # 6 queries of one metering point in a day
    assert measure(report, "approved_per_hour").when == "2026-03-29 03:00+02:00"
    ratio = measure(report, "start_of_supply_ratio")
    assert (ratio.numerator, ratio.denominator) == (6, 1)


def test_write_events_refuses_to_overwrite(tmp_path: Path) -> None:
    out = tmp_path / "events.csv"
    write_events([], out)
    with pytest.raises(FileExistsError):
        write_events([], out)
    write_events([], out, overwrite=True)
    with out.open(encoding="utf-8") as stream:
        assert next(csv.reader(stream))[0] == "actor"


@pytest.mark.parametrize("suffix", [".csv", ".parquet"])
def test_write_events_refuses_a_link_without_force(tmp_path: Path, suffix: str) -> None:
    # A link to a file not (yet) there "did not exist": it was replaced by the events without
    # --force, and a second run writing the same name at the same time replaced the first's
    # output between its look and its rename.
    out = tmp_path / f"events{suffix}"
    out.symlink_to(tmp_path / f"elsewhere{suffix}")
    with pytest.raises(FileExistsError, match="use --force"):
        write_events([], out)
    assert out.is_symlink()
    assert not (tmp_path / f"elsewhere{suffix}").exists()
    cli = CliRunner().invoke(main, ["monitor", "extract", str(EBIX), "-o", str(out), "--jobs", "1"])
    assert cli.exit_code == 2
    assert "exists (use --force to overwrite)" in cli.stderr
    assert out.is_symlink()
    write_events([], out, overwrite=True)  # replaced, as any output with --force
    assert not out.is_symlink()
    assert out.is_file()


def test_empty_extract_writes_a_readable_parquet(tmp_path: Path) -> None:
    out = tmp_path / "events.parquet"
    write_events([], out)
    assert report_of(out).actors == []


def test_elhub_is_never_the_actor() -> None:
    result = extract([EBIX, CIM], key=KEY)
    assert all(e.actor not in (ELHUB, "7080010000002") for e in result.events)


@pytest.mark.parametrize("key", [b"", b"k", b"fifteen bytes!!", b"short"], ids=repr)
def test_a_short_pseudonymisation_key_is_refused_as_a_short_key_file_is(key: bytes) -> None:
    # A metering point id has about 10^8 values: with a short key, anyone holding the events
    # could try every key against every id. The library refuses what `--key-file` refuses: the
    # key given is the caller's argument, a ValueError that names it (was an ElhubCimError,
    # KEY_TOO_SHORT of "<input>", as if an input were too short).
    message = rf"^key is a pseudonymisation key of at least 16 bytes, not {len(key)} bytes"
    calls = (
        lambda: extract([EBIX], key=key),
        lambda: Extractor(key),
        lambda: subject_of(key, "mp:707057500733154194"),  # (took any key, b"" too)
    )
    for call in calls:
        with pytest.raises(ValueError, match=message) as raised:
            call()
        assert not isinstance(raised.value, ElhubCimError)
    with pytest.raises(TypeError, match="pseudonymisation key is bytes, not str"):
        extract([EBIX], key="0123456789abcdef-as-text")  # type: ignore[arg-type]
    # 16 bytes are enough
    assert extract([EBIX], key=b"sixteen bytes!!!").files == extract([EBIX], key=KEY).files > 0


def test_one_path_given_as_the_paths_is_refused() -> None:
    for one in (str(EBIX), EBIX):
        with pytest.raises(TypeError, match="not one path"):
            extract(one, key=KEY)  # type: ignore[arg-type]


@pytest.mark.parametrize("item", [5, b"examples/ebix/x.xml", None], ids=repr)
def test_an_extractor_takes_paths_and_skipped_inputs(item: object) -> None:
    # (counted as an input and skipped as "INTERNAL_ERROR internal error (TypeError: expected
    # str, bytes or os.PathLike object, not int); please report it with the input")
    extractor = Extractor(KEY)
    with pytest.raises(
        TypeError,
        match=rf"^item is a path \(str or os\.PathLike\) or a Skipped, not {type(item).__name__}",
    ):
        extractor.add(item)  # type: ignore[arg-type]
    result = extractor.finish()
    assert (result.files, result.skipped) == (0, [])


def test_a_key_file_that_never_ends_or_is_no_file_is_refused_as_that_file(
    tmp_path: Path,
) -> None:
    """``load_key`` read its file whole: /dev/zero never returned, a folder or a missing file
    raised a bare OSError. A key file is at most a few kilobytes: read that far, and refused as
    that file otherwise (KEY_TOO_LONG, IO_ERROR)."""
    from elhub_cim import monitor

    with pytest.raises(ElhubCimError) as raised:
        monitor.load_key("/dev/zero")
    assert [(p.code, p.file) for p in raised.value.problems] == [("KEY_TOO_LONG", "/dev/zero")]
    long = tmp_path / "long.key"
    long.write_bytes(b"k" * 100_000)
    with pytest.raises(ElhubCimError, match="KEY_TOO_LONG"):
        monitor.load_key(long)
    for path in (tmp_path, tmp_path / "missing.key"):
        with pytest.raises(ElhubCimError) as raised:
            monitor.load_key(path)
        assert [(p.code, p.file) for p in raised.value.problems] == [("IO_ERROR", str(path))]
    right = tmp_path / "right.key"
    right.write_bytes(b"k" * 4096 + b"\n")
    assert monitor.load_key(right) == (b"k" * 4096, True)


def test_a_sender_gln_in_digits_of_another_script_is_skipped(tmp_path: Path) -> None:
    """A sender's GLN in Arabic-Indic or fullwidth digits (the EMIF XSD's length facet takes it)
    was taken as an actor: an event the events file's own rule ([0-9]{13}) then refused when
    report read it, and an actor counted apart from the same GLN in ASCII digits."""
    texts = {
        f"script_{zero:x}": request_xml(
            sender="".join(chr(zero + int(d)) for d in "7080004312159")
        )[1]
        for zero in (0x660, 0xFF10)
    }
    result = extract([_files(tmp_path / "in", **texts)], key=KEY, validate=False)
    reasons = _reasons(result.skipped)
    assert sorted(reasons) == ["script_660.xml", "script_ff10.xml"]
    assert all("is not a GLN" in reason for reason in reasons.values())
    assert result.events == []


def test_write_events_with_overwrite_leaves_a_fifo_a_fifo(tmp_path: Path) -> None:
    """``monitor extract -o PATH --force`` renamed its file over whatever was at PATH, so a FIFO
    or device became a regular file (as root, ``-o /dev/null`` for the whole system); now an
    OSError naming it, as write_file refuses it, and the node stays as it was."""
    import stat

    fifo = tmp_path / "events.csv"
    os.mkfifo(fifo)
    with pytest.raises(OSError, match="not a regular file") as refused:
        write_events([], fifo, overwrite=True)
    assert str(fifo) in str(refused.value)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["events.csv"]  # (nothing staged left)
