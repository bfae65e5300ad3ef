"""Elhub's BRS-NO-611 rules, identifier check digits and the rule engine.

Every 611 rule is tested accepted and rejected, in ebIX and in CIM, on both sides of its
effective date (undated rules at dates on both sides of the dated ones).
"""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import sys
import threading
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum import ean

import elhub_cim
from elhub_cim.convert import from_domain
from elhub_cim.core.errors import MASK, Severity
from elhub_cim.domain import EndUserId, EndUserScheme, Header, Role, Timestamp, is_valid_gsrn
from elhub_cim.domain.lookup import Purpose, SearchAddress, UpfrontRequest
from elhub_cim.replies import reason_code as reason_for
from elhub_cim.rules import (
    RulesConfig,
    RuleSetError,
    add_working_days,
    check,
    configured_rule_sets,
    default_rule_sets,
    easter_sunday,
    identifiers,
    is_working_day,
    load_rule_set,
    load_rules_config,
    norwegian_public_holidays,
    rules_markdown,
    subtract_working_days,
    working_days_between,
)
from elhub_cim.rules.engine import NORWAY, sets_folder
from tests.conftest import PROJECT_ROOT

PROJECT = Path(__file__).resolve().parents[1]
SIDES = ["ebix", "cim"]
BEFORE = "2026-02-20T10:00:00+01:00"  # before both 611 changes
BETWEEN = "2026-03-20T10:00:00+01:00"  # variant 2a removed, purpose not yet mandatory
AFTER = "2026-05-20T10:00:00+02:00"  # both in force
GSRN = "707057500733154194"
_GS1_SCHEME = next(s for s in identifiers.identifier_schemes() if s.kind == "gs1")
ORGNR = "918453024"


def request(created: str = AFTER, **fields: Any) -> UpfrontRequest:
    role: Role = fields.pop("role", Role.BALANCE_SUPPLIER)
    header = Header(
        document_id="1335ef0c-1cc2-4706-a61b-4d152b413286",
        document_type="E10",
        created=Timestamp(created),
        sender="7080004312159",
        recipient="7080001473624",
        physical_sender="7080004312159",
        process="BRS-NO-611",
        role=role,
        acknowledgement_requested=fields.pop("ack", None),
    )
    fields.setdefault("purpose", Purpose.START_OF_SUPPLY)
    return UpfrontRequest(header=header, **fields)


def end_user(value: str = ORGNR) -> EndUserId:
    return EndUserId(value=value, scheme=EndUserScheme.ORGANISATION_NUMBER)


def parse(document: UpfrontRequest | bytes, side: str) -> tuple[elhub_cim.ParsedDocument, Any]:
    data = document if isinstance(document, bytes) else from_domain(document, side)  # type: ignore[arg-type]
    return elhub_cim.check(data)


def findings(document: UpfrontRequest | bytes, side: str = "ebix", **options: Any) -> set[str]:
    """``code/rule`` of every business-rule finding (identifier findings as their code)."""
    parsed, message_type = parse(document, side)
    found = set()
    for problem in check(parsed, message_type, **options):
        match = re.search(r"\(rule (\S+?)[,)]", problem.message)
        found.add(f"{problem.code}/{match[1]}" if match else problem.code)
    return found


# --- header rules -------------------------------------------------------------------------------


@pytest.mark.parametrize("side", SIDES)
@pytest.mark.parametrize("created", [BEFORE, AFTER])
def test_a_good_verify_request_is_accepted(side: str, created: str) -> None:
    assert findings(request(created, metering_point=GSRN), side) == set()


@pytest.mark.parametrize("side", SIDES)
@pytest.mark.parametrize("created", [BEFORE, AFTER])
def test_role_must_be_supplier_query_party_or_third_party(side: str, created: str) -> None:
    for role in (Role.BALANCE_SUPPLIER, Role.QUERY_PARTY, Role.THIRD_PARTY):
        assert findings(request(created, role=role, metering_point=GSRN), side) == set()
    rejected = findings(request(created, role=Role.GRID_ACCESS_PROVIDER, metering_point=GSRN), side)
    assert rejected == {"EH013/611-H5"}


@pytest.mark.parametrize("side", SIDES)
@pytest.mark.parametrize("created", [BEFORE, AFTER])
def test_positive_acknowledgement_is_not_allowed(side: str, created: str) -> None:
    assert findings(request(created, metering_point=GSRN, ack=True), side) == {"EH065/611-H4"}
    assert findings(request(created, metering_point=GSRN, ack=False), side) == {"EH065/611-H4"}


@pytest.mark.parametrize("side", SIDES)
@pytest.mark.parametrize("created", [BEFORE, AFTER])
def test_document_type_must_be_e10(side: str, created: str) -> None:
    good = from_domain(request(created, metering_point=GSRN), side)  # type: ignore[arg-type]
    marker = b">E10<"
    assert findings(good, side) == set()
    bad = good.replace(marker, b">E07<")
    if side == "ebix":
        assert findings(bad, side) == {"EH011/611-H2"}
        return
    # Profile 0.2 fixes the type in the XSD (one type per document); the rule still works.
    with pytest.raises(elhub_cim.SchemaViolationError):
        elhub_cim.check(bad)
    document = elhub_cim.parse(bad)
    assert [p.code for p in check(document, elhub_cim.identify(document))] == ["EH011"]


@pytest.mark.parametrize("created", [BEFORE, AFTER])
def test_document_type_list_agency_must_be_260(created: str) -> None:
    good = from_domain(request(created, metering_point=GSRN), "ebix")
    bad = good.replace(b'listAgencyIdentifier="260">E10', b'listAgencyIdentifier="6">E10')
    assert findings(bad) == {"EH025/611-H3"}


@pytest.mark.parametrize("side", SIDES)
@pytest.mark.parametrize("created", [BEFORE, AFTER])
def test_process_must_be_611(side: str, created: str) -> None:
    good = from_domain(request(created, metering_point=GSRN), side)  # type: ignore[arg-type]
    bad = good.replace(b">BRS-NO-611<", b">BRS-NO-303<").replace(b">NO611<", b">NO303<")
    if side == "ebix":
        assert "EH055/611-H1" in findings(bad, side)
        return
    # The profile's XSD already restricts the process code; the rule still works on the tree.
    with pytest.raises(elhub_cim.SchemaViolationError):
        elhub_cim.check(bad)
    document = elhub_cim.parse(bad)
    problems = check(document, elhub_cim.identify(document))
    assert [p.code for p in problems] == ["EH055"]


# --- search combinations ------------------------------------------------------------------------

ACCEPTED_ALWAYS: dict[str, dict[str, Any]] = {
    "verify: metering point id": {"metering_point": GSRN},
    "end-user id + metering point id": {"metering_point": GSRN, "end_user": end_user()},
    "end-user id + meter number": {"end_user": end_user(), "meter_id": "6970631408026453"},
    "postcode + meter number": {
        "address": SearchAddress(postcode="7048"),
        "meter_id": "6970631408026453",
    },
    "postcode wildcard + meter number": {
        "address": SearchAddress(postcode="70*"),
        "meter_id": "6970631408026453",
    },
}


@pytest.mark.parametrize("side", SIDES)
@pytest.mark.parametrize("created", [BEFORE, BETWEEN, AFTER])
@pytest.mark.parametrize("variant", ACCEPTED_ALWAYS, ids=str)
def test_allowed_search_variants(side: str, created: str, variant: str) -> None:
    assert findings(request(created, **ACCEPTED_ALWAYS[variant]), side) == set()


REJECTED_ALWAYS: dict[str, tuple[dict[str, Any], set[str]]] = {
    "nothing to search by": ({}, {"EH015/611-S1"}),
    "postcode alone": (
        {"address": SearchAddress(postcode="7048")},
        {"EH015/611-S1", "EH015/611-S5"},
    ),
    "metering point id + meter number": (
        {"metering_point": GSRN, "meter_id": "123"},
        {"EH015/611-S2", "EH015/611-S3"},
    ),
    "metering point id + street": (
        {
            "metering_point": GSRN,
            "end_user": end_user(),
            "address": SearchAddress(street_name="Storgata"),
        },
        {"EH015/611-S2"},
    ),
    "meter number alone": ({"meter_id": "123"}, {"EH015/611-S3"}),
    "meter number + postcode + end-user id": (
        {"meter_id": "123", "end_user": end_user(), "address": SearchAddress(postcode="7048")},
        {"EH015/611-S3", "EH015/611-S5"},
    ),
    "meter number + postcode + building number": (
        {"meter_id": "123", "address": SearchAddress(postcode="7048", building_number="12")},
        {"EH015/611-S4"},
    ),
}


@pytest.mark.parametrize("side", SIDES)
@pytest.mark.parametrize("created", [BEFORE, AFTER])
@pytest.mark.parametrize("case", REJECTED_ALWAYS, ids=str)
def test_rejected_search_combinations(side: str, created: str, case: str) -> None:
    fields, expected = REJECTED_ALWAYS[case]
    assert findings(request(created, **fields), side) == expected


@pytest.mark.parametrize("side", SIDES)
def test_variant_2a_end_user_and_two_address_elements_until_1_march_2026(side: str) -> None:
    variant = {
        "end_user": end_user(),
        "address": SearchAddress(postcode="7048", street_name="Kjøpmannsgata"),
    }
    assert findings(request(BEFORE, **variant), side) == set()
    assert findings(request(BETWEEN, **variant), side) == {"EH015/611-S8"}
    assert findings(request("2026-03-01T00:00:00+01:00", **variant), side) == {"EH015/611-S8"}
    assert findings(request("2026-02-28T23:59:59+01:00", **variant), side) == set()
    # street + building number without postcode: never enough
    no_postcode = {
        "end_user": end_user(),
        "address": SearchAddress(street_name="Kjøpmannsgata", building_number="12"),
    }
    assert findings(request(BEFORE, **no_postcode), side) == {"EH015/611-S6"}
    assert findings(request(AFTER, **no_postcode), side) == {"EH015/611-S8"}


@pytest.mark.parametrize("side", SIDES)
def test_end_user_with_postcode_only(side: str) -> None:
    fields = {"end_user": end_user(), "address": SearchAddress(postcode="7048")}
    assert findings(request(BEFORE, **fields), side) == {"EH015/611-S7"}
    assert findings(request(AFTER, **fields), side) == {"EH015/611-S8"}


@pytest.mark.parametrize("side", SIDES)
def test_end_user_alone(side: str) -> None:
    assert findings(request(BEFORE, end_user=end_user()), side) == {
        "EH015/611-S6",
        "EH015/611-S7",
    }
    assert findings(request(AFTER, end_user=end_user()), side) == {"EH015/611-S8"}


@pytest.mark.parametrize("side", SIDES)
@pytest.mark.parametrize(
    ("field", "good", "bad"),
    [
        ("street_name", ["*", "Storg*", "Storgata", "Kjøpmannsgata*"], ["Stor*", "*gata", "S*g"]),
        ("building_number", ["*", "1*", "12", "12B*"], ["*1", "1*2", "**"]),
        ("postcode", ["*", "70*", "7048"], ["7*", "*48", "7*4"]),
    ],
)
def test_wildcards(side: str, field: str, good: list[str], bad: list[str]) -> None:
    rule = {"street_name": "611-W1", "building_number": "611-W2", "postcode": "611-W3"}[field]
    for created in (BEFORE, AFTER):
        base = {"street_name": "Kjøpmannsgata", "postcode": "7048"}
        for value, expect in [(v, False) for v in good] + [(v, True) for v in bad]:
            address = SearchAddress(**{**base, field: value})
            document = request(created, end_user=end_user(), address=address)
            reported = f"EH015/{rule}" in findings(document, side, as_of=date(2026, 2, 1))
            assert reported is expect, (field, value)


# --- purpose ------------------------------------------------------------------------------------


@pytest.mark.parametrize("side", SIDES)
def test_purpose_mandatory_from_week_15_2026(side: str) -> None:
    missing = {"metering_point": GSRN, "purpose": None}
    assert findings(request(BEFORE, **missing), side) == set()
    assert findings(request(BETWEEN, **missing), side) == set()
    assert findings(request("2026-04-05T23:59:59+02:00", **missing), side) == set()
    assert findings(request("2026-04-06T00:00:00+02:00", **missing), side) == {
        "X-NO611_PURPOSE_MISSING/611-P1"
    }
    assert findings(request(AFTER, **missing), side) == {"X-NO611_PURPOSE_MISSING/611-P1"}
    for purpose in Purpose:
        assert findings(request(AFTER, metering_point=GSRN, purpose=purpose), side) == set()


def test_the_purpose_date_is_one_setting() -> None:
    path = sets_folder() / "brs-no-611.toml"
    later = load_rule_set(path, dates={"purpose_mandatory": date(2026, 9, 1)})
    missing = request(AFTER, metering_point=GSRN, purpose=None)
    assert findings(missing, rule_sets=[later]) == set()
    assert findings(missing, rule_sets=[later], as_of=date(2026, 9, 1)) == {
        "X-NO611_PURPOSE_MISSING/611-P1"
    }
    with pytest.raises(RuleSetError, match="no date named"):
        load_rule_set(path, dates={"purpose_mandatry": date(2026, 9, 1)})


def _severities(document: UpfrontRequest, **options: Any) -> dict[str, Severity]:
    parsed, message_type = parse(document, "ebix")
    return {p.code: p.severity for p in check(parsed, message_type, **options)}


def test_the_purpose_rule_is_a_proposal_reported_as_a_warning() -> None:
    missing = request(AFTER, metering_point=GSRN, purpose=None)
    # Elhub only proposed week 15: by default a warning, the message stays valid ...
    found = _severities(missing)
    assert found == {"X-NO611_PURPOSE_MISSING": Severity.WARNING}
    parsed, message_type = parse(missing, "ebix")
    (problem,) = check(parsed, message_type)
    assert "proposed by Elhub, not decided" in problem.message
    # ... an error with --strict, as every warning.
    assert _severities(missing, strict=True) == {"X-NO611_PURPOSE_MISSING": Severity.ERROR}


def test_rules_config_switches_proposed_rules_and_moves_dates(tmp_path: Path) -> None:
    missing = request(AFTER, metering_point=GSRN, purpose=None)
    on = configured_rule_sets(RulesConfig(proposed="on"))
    assert _severities(missing, rule_sets=on) == {"X-NO611_PURPOSE_MISSING": Severity.ERROR}
    off = configured_rule_sets(RulesConfig(proposed="off"))
    assert _severities(missing, rule_sets=off) == {}
    # One rule by id wins over the proposed mode.
    one = configured_rule_sets(RulesConfig(proposed="off", rules={"611-P1": True}))
    assert _severities(missing, rule_sets=one) == {"X-NO611_PURPOSE_MISSING": Severity.ERROR}
    # A decided rule can be switched off too.
    variant_2a = request(AFTER, end_user=end_user(), address=SearchAddress(postcode="7048"))
    assert "EH015" in _severities(variant_2a)
    assert "EH015" not in _severities(
        variant_2a, rule_sets=configured_rule_sets(RulesConfig(rules={"611-S8": False}))
    )
    # The same from a file, with the date moved past the message.
    path = tmp_path / "rules.toml"
    path.write_text(
        'proposed = "on"\n[dates."BRS-NO-611"]\npurpose_mandatory = 2026-06-01\n',
        encoding="utf-8",
    )
    later = configured_rule_sets(load_rules_config(path))
    assert _severities(missing, rule_sets=later) == {}
    assert _severities(missing, rule_sets=later, as_of=date(2026, 6, 1)) == {
        "X-NO611_PURPOSE_MISSING": Severity.ERROR
    }


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ('proposed = "maybe"\n', "proposed must be one of warn, on, off"),
        ("colour = 1\n", "unknown keys"),
        ('[dates."BRS-NO-999"]\nx = 2026-01-01\n', "no rule set BRS-NO-999"),
        ('[dates."BRS-NO-611"]\npurpose_mandatry = 2026-01-01\n', "no date named"),
        ('[dates."BRS-NO-611"]\npurpose_mandatory = "soon"\n', "must be a date"),
        ('[rules]\n"611-P9" = true\n', "no rule 611-P9"),
        ('[rules]\n"611-P1" = "yes"\n', "true or false"),
        ("proposed = \n", "not TOML"),
    ],
)
def test_rules_config_errors_name_the_problem(tmp_path: Path, text: str, error: str) -> None:
    path = tmp_path / "rules.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RuleSetError, match=error):
        configured_rule_sets(load_rules_config(path))


def _validate_with_piped_config(
    tmp_path: Path, config: bytes, jobs: str = "1", named: bool = False
) -> subprocess.CompletedProcess[str]:
    """``elhub-cim validate`` of a 611 request without a purpose, its rules configuration
    ``config`` given through a pipe that holds it once, as bash's ``<(...)`` gives it
    (``/dev/fd/N``), or, ``named``, a FIFO written once."""
    message = tmp_path / "request.xml"
    message.write_bytes(from_domain(request(AFTER, metering_point=GSRN, purpose=None), "ebix"))
    command = [sys.executable, "-m", "elhub_cim", "validate", str(message), "-j", jobs]
    environment = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT / "src")}
    if named:
        fifo = tmp_path / "rules.toml"
        os.mkfifo(fifo)
        writer = threading.Thread(target=fifo.write_bytes, args=(config,), daemon=True)
        writer.start()
        try:
            return subprocess.run(
                [*command, "--rules-config", str(fifo)],
                capture_output=True, text=True, env=environment, timeout=60,
            )  # fmt: skip
        finally:
            with contextlib.suppress(OSError):  # (a writer still waiting for a reader)
                os.close(os.open(fifo, os.O_RDONLY | os.O_NONBLOCK))
    readable, writable = os.pipe()
    try:
        os.write(writable, config)
        os.close(writable)
        return subprocess.run(
            [*command, "--rules-config", f"/dev/fd/{readable}"],
            capture_output=True, text=True, env=environment, timeout=60, pass_fds=(readable,),
        )  # fmt: skip
    finally:
        os.close(readable)


@pytest.mark.skipif(not Path("/dev/fd").is_dir(), reason="no /dev/fd")
@pytest.mark.parametrize(("jobs", "named"), [("1", False), ("2", False), ("1", True)])
def test_a_rules_config_through_a_pipe_is_read_once(tmp_path: Path, jobs: str, named: bool) -> None:
    """--rules-config <(...) (bash's /dev/fd/N, a pipe) or a FIFO: the command read it to check
    it, and each unit of work read it again: from a pipe, nothing (the settings silently the
    shipped ones: a rule switched on was not), from a FIFO written once, a wait for ever. It
    is read once, and the units are given what it says."""
    result = _validate_with_piped_config(tmp_path, b'[rules]\n"611-P1" = true\n', jobs, named)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "X-NO611_PURPOSE_MISSING" in result.stdout, result.stdout


@pytest.mark.skipif(not Path("/dev/fd").is_dir(), reason="no /dev/fd")
def test_a_rules_config_error_through_a_pipe_names_the_path_given(tmp_path: Path) -> None:
    """--rules-config <(...) that is no TOML was said as '63: not TOML': the path's last part,
    of a path that names no file. The path as given is named."""
    result = _validate_with_piped_config(tmp_path, b"proposed = \n")
    assert result.returncode == 2, result.stderr
    (line,) = [line for line in result.stderr.splitlines() if "--rules-config" in line]
    assert re.search(r"--rules-config: /dev/fd/\d+: not TOML", line), line


def test_a_rules_config_that_never_ends_is_refused(tmp_path: Path) -> None:
    """--rules-config /dev/zero (a device, or a file of gigabytes given by mistake) was read
    whole into memory, for ever. A rules configuration is read up to 1 MiB."""
    from click.testing import CliRunner

    from elhub_cim.cli import main

    message = tmp_path / "request.xml"
    message.write_bytes(from_domain(request(AFTER, metering_point=GSRN, purpose=None), "ebix"))
    large = tmp_path / "large.toml"
    large.write_bytes(b"# a comment, and another\n" * 50_000)  # (1.2 MiB: TOML all the same)
    # (named as every rules file is, by its name; a device by the path given)
    sources = {str(large): "large.toml", "/dev/zero": "/dev/zero"}
    for source, name in sources.items():
        if not Path(source).exists():
            continue
        result = CliRunner().invoke(main, ["validate", str(message), "--rules-config", source])
        assert result.exit_code == 2, result.output
        assert f"--rules-config: {name}: larger than 1 MiB" in result.output, result.output


def test_own_codes_cannot_be_confused_with_elhubs() -> None:
    for rule_set in default_rule_sets():
        for rule in rule_set.rules:
            assert re.fullmatch(r"EH\d{3}", rule.code) or rule.code.startswith("X-"), rule.id
            assert rule.ours is rule.code.startswith("X-")
    page = (PROJECT / "docs" / "rules" / "brs-no-611.md").read_text(encoding="utf-8")
    assert "Our own codes (`X-...`" in page
    assert "`X-NO611_PURPOSE_MISSING`" in page
    assert "| `purpose_mandatory` | 2026-04-06 | **proposed** by Elhub, not decided |" in page


# --- reference date -----------------------------------------------------------------------------


@pytest.mark.parametrize("side", SIDES)
def test_as_of_overrides_the_creation_time(side: str) -> None:
    variant_2a = {
        "end_user": end_user(),
        "address": SearchAddress(postcode="7048", building_number="12"),
        "purpose": None,
    }
    document = request(AFTER, **variant_2a)
    assert findings(document, side) == {"EH015/611-S8", "X-NO611_PURPOSE_MISSING/611-P1"}
    assert findings(document, side, as_of=datetime(2026, 2, 1, 12, 0)) == set()
    assert findings(document, side, as_of=date(2026, 3, 1)) == {"EH015/611-S8"}
    old = request(BEFORE, **variant_2a)
    assert findings(old, side, as_of=datetime(2026, 6, 1, tzinfo=NORWAY)) == {
        "EH015/611-S8",
        "X-NO611_PURPOSE_MISSING/611-P1",
    }


# --- Elhub's own examples and ours --------------------------------------------------------------


def test_elhubs_611_example_request_is_reported(emif_reference: Path) -> None:
    path = emif_reference / "examples" / "RequestUpfrontMeteringPointCharacteristics.xml"
    document, message_type = elhub_cim.check(path)
    problems = check(document, message_type)
    errors = {(p.code, p.path) for p in problems if p.severity is Severity.ERROR}
    base = "/RequestUpfrontMeteringPointCharacteristics/PayloadMPEvent"
    assert errors == {
        ("EH015", f"{base}/MPAddressMeteringPointAddress/Postcode"),
        ("EH015", f"{base}/MPAddressMeteringPointAddress/StreetName"),
        ("EH015", f"{base}/MPAddressMeteringPointAddress/BuildingNumber"),
        ("EH015", f"{base}/ConsumerInvolvedCustomerParty/Identification"),
    }
    assert all(p.line and p.file for p in problems)
    # its placeholder identifiers are warnings, not errors
    warnings = {p.code for p in problems if p.severity is Severity.WARNING}
    assert warnings == {"ID_GLN_CHECK_DIGIT", "ID_ORGNR_CHECK_DIGIT"}
    # judged today, the removed variant adds nothing (it has a meter number), purpose is missing
    later = {p.code for p in check(document, message_type, as_of=date(2026, 5, 1))}
    assert "X-NO611_PURPOSE_MISSING" in later


@pytest.mark.parametrize(
    "path",
    sorted((PROJECT / "examples").glob("*/*.xml")),
    ids=lambda p: f"{p.parent.name}/{p.name}",
)
def test_own_examples_have_no_rule_errors(path: Path) -> None:
    document, message_type = elhub_cim.check(path)
    errors = [p.format() for p in check(document, message_type) if p.severity is Severity.ERROR]
    assert errors == []


# --- identifiers --------------------------------------------------------------------------------


@pytest.mark.parametrize("side", SIDES)
def test_check_digits_are_warnings_and_errors_under_strict(side: str) -> None:
    good = request(AFTER, metering_point=GSRN)
    assert findings(good, side, strict=True) == set()
    bad_gsrn = request(AFTER, metering_point=GSRN[:-1] + "5")
    parsed, message_type = parse(bad_gsrn, side)
    (problem,) = check(parsed, message_type)
    assert (problem.code, problem.severity) == ("ID_GSRN_CHECK_DIGIT", Severity.WARNING)
    assert problem.line is not None
    assert problem.path is not None
    assert problem.path.endswith(
        "Identification" if side == "ebix" else "marketEvaluationPoint.mRID"
    )
    (strict,) = check(parsed, message_type, strict=True)
    assert strict.severity is Severity.ERROR
    bad_org = request(AFTER, metering_point=GSRN, end_user=end_user("918453025"))
    assert findings(bad_org, side) == {"ID_ORGNR_CHECK_DIGIT"}
    bad_gln = from_domain(good, side).replace(b"7080004312159", b"7080004312158")  # type: ignore[arg-type]
    assert findings(bad_gln, side) == {"ID_GLN_CHECK_DIGIT"}


@pytest.mark.parametrize("side", SIDES)
def test_a_metering_point_id_outside_elhubs_prefix_is_a_finding(side: str) -> None:
    # A GSRN with a right check digit that does not start 7070575 (the domain notes; sharing's
    # is_valid_gsrn) is no Elhub metering point: found as a wrong check digit is, a warning
    # (an error under strict), answered E10 (not identifiable) in a reply.
    other = "707057400733154197"  # 7070574: a right GS1 check digit, not Elhub's prefix
    assert identifiers.is_valid("gs1", other)
    assert not is_valid_gsrn(other)
    parsed, message_type = parse(request(AFTER, metering_point=other), side)
    (problem,) = check(parsed, message_type)
    assert (problem.code, problem.severity) == ("ID_GSRN_PREFIX", Severity.WARNING)
    assert "7070575" in problem.message
    assert other in problem.message
    assert problem.line is not None
    assert problem.file
    assert problem.path is not None
    assert problem.path.endswith(
        "Identification" if side == "ebix" else "marketEvaluationPoint.mRID"
    )
    (strict,) = check(parsed, message_type, strict=True)
    assert strict.severity is Severity.ERROR
    assert reason_for(strict) == "E10"


@given(st.text(alphabet="0123456789", min_size=17, max_size=17))
def test_one_definition_of_an_elhub_metering_point_id(body: str) -> None:
    # the identifier check and shared production's is_valid_gsrn say the same of every number
    number = body + ean.calc_check_digit(body)
    found = identifiers._judged(_GS1_SCHEME, number)[1]
    assert (found is None) == is_valid_gsrn(number) == number.startswith("7070575")


def test_elhubs_own_examples_use_elhubs_prefix(emif_reference: Path) -> None:
    # (so the prefix finding stays a warning like a check digit's, not a new error; ours
    # are checked clean by test_own_examples_have_no_rule_errors)
    for path in sorted((emif_reference / "examples").glob("*.xml")):
        problems = identifiers.check_identifiers(elhub_cim.parse(path))  # (two fail their XSD)
        assert "ID_GSRN_PREFIX" not in {p.code for p in problems}, path.name


def test_a_danish_gsrn_in_a_nordic_document_is_not_held_to_elhubs_prefix(
    ediel_reference: Path,
) -> None:
    path = ediel_reference / "samples" / "RequestChangeAccountingPointCharacteristics.xml"
    assert b"575774" in path.read_bytes()
    problems = identifiers.check_identifiers(elhub_cim.parse(path), strict=True)
    assert "ID_GSRN_PREFIX" not in {p.code for p in problems}


@pytest.mark.parametrize("side", SIDES)
def test_a_wrong_national_identity_number_is_never_shown(side: str) -> None:
    wrong = "01010112345"  # 11 digits, wrong check digits
    person = EndUserId(value=wrong, scheme=EndUserScheme.NATIONAL_IDENTITY_NUMBER)
    document = request(AFTER, metering_point=GSRN, end_user=person)
    parsed, message_type = parse(document, side)
    problems = check(parsed, message_type, strict=True)
    assert [p.code for p in problems] == ["ID_NATIONAL_ID_INVALID"]
    assert wrong not in problems[0].format()
    assert MASK in problems[0].message


def _in_script(digits: str, zero: int) -> str:
    """``digits`` (ASCII) written in the digits of another script, its zero at ``zero``."""
    return "".join(chr(zero + int(digit)) for digit in digits)


#: Zeros of other scripts' digits: Arabic-Indic, fullwidth, Devanagari.
OTHER_ZEROS = [0x660, 0xFF10, 0x966]


@pytest.mark.parametrize("side", SIDES)
@pytest.mark.parametrize("zero", OTHER_ZEROS)
def test_an_identity_number_in_other_digits_than_ascii_is_an_error(side: str, zero: int) -> None:
    """Elhub's identifiers are ASCII digits; the XSD's \\d takes any script's. A national
    identity number whose first nine digits were of another script, its check digits ASCII,
    passed the check (its mod-11 digits computed on the digits' values); one all of another
    script was a warning about its check digits, which are right. Either is now an error of
    its own (strict or not), the number never shown."""
    number = "01010010183"  # (right check digits)
    assert identifiers.is_valid("national_identity_number", number)
    for written in (_in_script(number[:9], zero) + number[9:], _in_script(number, zero)):
        person = EndUserId(value=written, scheme=EndUserScheme.NATIONAL_IDENTITY_NUMBER)
        parsed, message_type = parse(request(AFTER, metering_point=GSRN, end_user=person), side)
        (problem,) = check(parsed, message_type)
        assert (problem.code, problem.severity) == ("ID_NON_ASCII_DIGITS", Severity.ERROR)
        assert "0-9" in problem.message
        assert MASK in problem.message
        assert written not in problem.format()
        assert written[:9] not in problem.format()
        assert reason_for(problem) == "EH015"


@pytest.mark.parametrize("side", SIDES)
@pytest.mark.parametrize("zero", OTHER_ZEROS)
def test_other_identifiers_in_other_digits_than_ascii_are_an_error(side: str, zero: int) -> None:
    """An organisation number in fullwidth digits passed (stdnum reads them as ASCII); a GLN
    in other digits was a warning about its check digit. Each is the same error. (A GSRN's
    XSD pattern is [0-9]{18}: the XSD refuses it.)"""
    organisation = request(AFTER, metering_point=GSRN, end_user=end_user(_in_script(ORGNR, zero)))
    parsed, message_type = parse(organisation, side)
    (problem,) = check(parsed, message_type)
    assert (problem.code, problem.severity) == ("ID_NON_ASCII_DIGITS", Severity.ERROR)
    assert problem.message.startswith("organisation number ")
    good = from_domain(request(AFTER, metering_point=GSRN), side)  # type: ignore[arg-type]
    sender = _in_script("7080004312159", zero).encode()
    parsed, message_type = parse(good.replace(b"7080004312159", sender), side)
    assert {p.code for p in check(parsed, message_type)} == {"ID_NON_ASCII_DIGITS"}
    assert all(p.message.startswith("GLN ") for p in check(parsed, message_type))


def test_eic_check_digits() -> None:
    path = PROJECT / "examples" / "ebix" / "ResponseUpfrontMeteringPointCharacteristics.xml"
    data = path.read_bytes().replace(b"50YTRDNETTOMR02X", b"50YTRDNETTOMR02Y", 1)
    assert findings(data) == {"ID_EIC_CHECK_DIGIT"}


# --- working days and deadlines -----------------------------------------------------------------


def test_easter() -> None:
    assert easter_sunday(2024) == date(2024, 3, 31)
    assert easter_sunday(2025) == date(2025, 4, 20)
    assert easter_sunday(2026) == date(2026, 4, 5)
    assert easter_sunday(2038) == date(2038, 4, 25)


def test_norwegian_public_holidays_2026() -> None:
    assert list(norwegian_public_holidays(2026)) == [
        date(2026, 1, 1),
        date(2026, 4, 2),
        date(2026, 4, 3),
        date(2026, 4, 5),
        date(2026, 4, 6),
        date(2026, 5, 1),
        date(2026, 5, 14),
        date(2026, 5, 17),
        date(2026, 5, 24),
        date(2026, 5, 25),
        date(2026, 12, 25),
        date(2026, 12, 26),
    ]


def test_public_holidays_on_the_same_day_keep_both_names() -> None:
    # 2027: Whit Monday is 17 May; 2008: Ascension Day is 1 May. Each date stays one holiday
    # (one working day less, not two), and its name says both, not only the fixed one.
    assert norwegian_public_holidays(2027)[date(2027, 5, 17)] == "Andre pinsedag, Grunnlovsdag"
    assert norwegian_public_holidays(2008)[date(2008, 5, 1)] == (
        "Kristi himmelfartsdag, Arbeidernes dag"
    )
    assert len(norwegian_public_holidays(2027)) == 11
    assert "Andre pinsedag" in norwegian_public_holidays(2026).values()


def test_working_days() -> None:
    assert not is_working_day(date(2026, 4, 6))  # Easter Monday (and week 15 starts)
    assert not is_working_day(date(2026, 5, 16))  # Saturday
    assert is_working_day(date(2026, 12, 24))  # Christmas Eve is not a public holiday
    assert not is_working_day(date(2026, 12, 24), extra_holidays=[date(2026, 12, 24)])
    # Wednesday before Easter + 1 working day = Tuesday after Easter
    assert add_working_days(date(2026, 4, 1), 1) == date(2026, 4, 7)
    assert subtract_working_days(date(2026, 4, 7), 1) == date(2026, 4, 1)
    assert subtract_working_days(date(2026, 5, 18), 3) == date(2026, 5, 12)  # 14, 17 holidays
    for start in (date(2026, 3, 30), date(2026, 12, 20)):
        for n in range(-10, 11):
            assert working_days_between(start, add_working_days(start, n)) == n


def _end_of_supply(created: str, end: str) -> bytes:
    path = PROJECT / "examples" / "ebix" / "RequestEndOfSupply-move-out.xml"
    root_text = path.read_text(encoding="utf-8")
    root_text = re.sub(r"<abie:Creation>[^<]+<", f"<abie:Creation>{created}<", root_text)
    root_text = re.sub(r"<abie:EndOfOccurrence>[^<]+<", f"<abie:EndOfOccurrence>{end}<", root_text)
    return root_text.encode()


@pytest.mark.parametrize(
    ("created", "end", "expected"),
    [
        # end Thursday 11 June 2026: Monday 8 June fits both kinds of metering point
        ("2026-06-08T09:00:00+02:00", "2026-06-11T00:00:00+02:00", set()),
        # end Monday 18 May 2026 (Ascension Day 14 May, 17 May a Sunday): profiled window
        # 7-12 May, interval window 14-17 May
        ("2026-05-12T09:00:00+02:00", "2026-05-18T00:00:00+02:00", {"D4"}),
        ("2026-05-13T09:00:00+02:00", "2026-05-18T00:00:00+02:00", {"D2", "D4"}),
        ("2026-05-15T09:00:00+02:00", "2026-05-18T00:00:00+02:00", {"D2"}),
        ("2026-05-17T23:00:00+02:00", "2026-05-18T00:00:00+02:00", {"D2"}),
        ("2026-05-18T00:00:00+02:00", "2026-05-18T00:00:00+02:00", {"D1", "D2"}),
        ("2026-05-07T09:00:00+02:00", "2026-05-18T00:00:00+02:00", {"D4"}),
        ("2026-05-06T09:00:00+02:00", "2026-05-18T00:00:00+02:00", {"D3", "D4"}),
        # local (Norwegian) dates count: 22:30Z on 12 May is 13 May in Oslo
        ("2026-05-12T22:30:00Z", "2026-05-18T00:00:00+02:00", {"D2", "D4"}),
    ],
)
def test_end_of_supply_deadlines_in_norwegian_working_days(
    created: str, end: str, expected: set[str]
) -> None:
    codes = {
        "D1": "X-NO201_TOO_LATE",
        "D2": "X-NO201_LATE_FOR_PROFILED",
        "D3": "X-NO201_TOO_EARLY",
        "D4": "X-NO201_EARLY_FOR_INTERVAL",
    }
    wanted = {f"{codes[d]}/201-{d}" for d in expected}
    assert findings(_end_of_supply(created, end)) == wanted
    parsed, message_type = parse(_end_of_supply(created, end), "ebix")
    assert all(p.severity is Severity.WARNING for p in check(parsed, message_type))


def test_deadline_rules_only_for_their_process() -> None:
    path = PROJECT / "examples" / "ebix" / "RequestEndOfSupply-grid-company-move-out.xml"
    text = path.read_text(encoding="utf-8")
    assert "BRS-NO-211" in text
    text = re.sub(r"<abie:Creation>[^<]+<", "<abie:Creation>2020-01-01T00:00:00Z<", text)
    assert findings(text.encode()) == set()


# --- the engine and its files -------------------------------------------------------------------


def test_shipped_rule_sets_load() -> None:
    assert {s.id for s in default_rule_sets()} >= {"BRS-NO-611", "BRS-NO-201"}


@pytest.mark.parametrize(
    ("text", "error"),
    [
        (
            '[[rules]]\nid="x"\ncode="X-1"\ncheck="bogus"\nfield="created"\nmessage="m"',
            "unknown check",
        ),
        (
            '[[rules]]\nid="x"\ncode="X-1"\ncheck="present"\nfield="nope"\nmessage="m"',
            "unknown field",
        ),
        (
            '[[rules]]\nid="x"\ncode="X-1"\ncheck="present"\nfield="created"\nmessage="m"\nfrom="later"',
            "unknown date",
        ),
        (
            '[[rules]]\nid="x"\ncode="X-1"\ncheck="present"\nfield="created"\nmessage="m"\ncolour=1',
            "unknown keys",
        ),
        (
            '[[rules]]\nid="x"\ncode="EH15"\ncheck="present"\nfield="created"\nmessage="m"',
            r"neither Elhub's \(EHnnn\) nor marked as ours \(X-...\)",
        ),
    ],
)
def test_rule_set_errors_are_found_when_loading(tmp_path: Path, text: str, error: str) -> None:
    path = tmp_path / "brs-no-999.toml"
    path.write_text('[fields]\ncreated = { ebix = "Header/Creation" }\n' + text, encoding="utf-8")
    with pytest.raises(RuleSetError, match=error):
        load_rule_set(path)


def test_a_proposed_date_must_exist(tmp_path: Path) -> None:
    path = tmp_path / "brs-no-999.toml"
    path.write_text(
        'proposed_dates = ["later"]\n[fields]\ncreated = { ebix = "Header/Creation" }\n',
        encoding="utf-8",
    )
    with pytest.raises(RuleSetError, match="proposed_dates names unknown dates"):
        load_rule_set(path)


def test_a_new_elhub_change_is_a_few_lines(tmp_path: Path) -> None:
    source = (sets_folder() / "brs-no-611.toml").read_text(encoding="utf-8")
    extra = """
[[rules]]
id = "611-X1"
code = "X-NO611_THIRD_PARTY_PURPOSE"
check = "one_of"
field = "purpose"
values = ["AccessRequest"]
when = { present = ["purpose"] }
from = 2026-10-01
message = "a {field} of {value} is not for third parties"
"""
    path = tmp_path / "brs-no-611.toml"
    path.write_text(source + extra, encoding="utf-8")
    rule_set = load_rule_set(path)
    document = request(
        "2026-10-02T08:00:00+02:00",
        role=Role.THIRD_PARTY,
        metering_point=GSRN,
        purpose=Purpose.OTHER,
    )
    assert findings(document, rule_sets=[rule_set]) == {"X-NO611_THIRD_PARTY_PURPOSE/611-X1"}
    assert findings(document, rule_sets=[rule_set], as_of=date(2026, 9, 30)) == set()


def test_rules_doc_is_fresh() -> None:
    for rule_set in default_rule_sets():
        if rule_set.id not in ("BRS-NO-611", "BRS-NO-201"):
            continue
        page = PROJECT / "docs" / "rules" / f"{rule_set.id.lower()}.md"
        assert page.read_text(encoding="utf-8") == rules_markdown(rule_set), (
            f"regenerate {page.relative_to(PROJECT)}: python -m elhub_cim.rules"
        )


@pytest.mark.parametrize(
    ("kind", "value"),
    [("fødselsnummer", "01010010183"), ("synthetic test identity (month + 80)", "03827545669")],
)
def test_valid_national_identity_numbers_pass(kind: str, value: str) -> None:
    from elhub_cim.rules.identifiers import is_valid

    assert is_valid("national_identity_number", value), kind
    assert not is_valid("national_identity_number", value[:-1] + str((int(value[-1]) + 1) % 10))


def test_validate_command_takes_a_rules_config(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from elhub_cim.cli import main

    message = tmp_path / "request.xml"
    message.write_bytes(from_domain(request(AFTER, metering_point=GSRN, purpose=None), "ebix"))
    runner = CliRunner()
    plain = runner.invoke(main, ["validate", str(message)])
    assert plain.exit_code == 0, plain.output  # a proposal: a warning only
    assert "X-NO611_PURPOSE_MISSING" in plain.output
    config = tmp_path / "rules.toml"
    config.write_text('[rules]\n"611-P1" = true\n', encoding="utf-8")
    enforced = runner.invoke(main, ["validate", str(message), "--rules-config", str(config)])
    assert enforced.exit_code == 1
    assert "X-NO611_PURPOSE_MISSING" in enforced.output
    config.write_text('proposed = "off"\n', encoding="utf-8")
    off = runner.invoke(main, ["validate", str(message), "--rules-config", str(config)])
    assert (off.exit_code, "X-NO611" in off.output) == (0, False)
    config.write_text('[rules]\n"611-P9" = true\n', encoding="utf-8")
    bad = runner.invoke(main, ["validate", str(message), "--rules-config", str(config)])
    assert bad.exit_code == 2
    assert "no rule 611-P9" in bad.output
