"""The rule engine at its edges: exact cut-over moments, UTC input across daylight saving,
``strict``, where every kind of finding points, and masking of identity numbers.

Each test states inputs and the expected outcome worked out by hand (calendar, lines of the
document), never the engine's own intermediate values.
"""

from __future__ import annotations

import dataclasses
import re
import tempfile
import tracemalloc
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import elhub_cim
from elhub_cim.convert import from_domain
from elhub_cim.core.errors import MASK, Problem, Severity
from elhub_cim.core.safeparse import parse_bytes
from elhub_cim.domain import EndUserId, EndUserScheme, Role
from elhub_cim.domain.lookup import SearchAddress, UpfrontRequest
from elhub_cim.rules import (
    RuleSetError,
    check,
    configured_rule_sets,
    default_rule_sets,
    load_rule_set,
)
from elhub_cim.rules.engine import evaluate, instant

from .test_rules import AFTER, BEFORE, GSRN, end_user, findings, request

PROJECT = Path(__file__).resolve().parents[1]
SIDES = ["ebix", "cim"]
OSLO_CUT_OVER = "2026-03-01T00:00:00+01:00"  # search variant 2a removed (611-S6/S7 until, S8 from)


# --- dated rules at their exact moments ---------------------------------------------------------


@pytest.mark.parametrize("side", SIDES)
def test_end_user_alone_at_the_exact_cut_over_is_judged_by_the_new_rules_only(side: str) -> None:
    # `until` is exclusive and `from` inclusive: at 00:00 sharp only 611-S8 is in force.
    assert findings(request(OSLO_CUT_OVER, end_user=end_user()), side) == {"EH015/611-S8"}
    # the same instant written in UTC
    assert findings(request("2026-02-28T23:00:00Z", end_user=end_user()), side) == {"EH015/611-S8"}
    # one second (and one microsecond, via as_of) earlier: the old rules, not the new one
    old = {"EH015/611-S6", "EH015/611-S7"}
    assert findings(request("2026-02-28T23:59:59+01:00", end_user=end_user()), side) == old
    last = datetime(2026, 2, 28, 23, 59, 59, 999999)  # naive: Norwegian time
    assert findings(request(AFTER, end_user=end_user()), side, as_of=last) == old
    assert findings(request(BEFORE, end_user=end_user()), side, as_of=date(2026, 3, 1)) == {
        "EH015/611-S8"
    }


@pytest.mark.parametrize("side", SIDES)
def test_purpose_rule_at_its_exact_start_in_utc(side: str) -> None:
    missing = {"metering_point": GSRN, "purpose": None}
    # 6 April 2026 00:00 in Oslo is 5 April 22:00 UTC (summer time)
    assert findings(request("2026-04-05T22:00:00Z", **missing), side) == {
        "X-NO611_PURPOSE_MISSING/611-P1"
    }
    assert findings(request("2026-04-05T21:59:59Z", **missing), side) == set()


def _probe_set(tmp_path: Path, bound: str, moment: datetime) -> Any:
    """A rule set whose one rule always fires while in force (``created`` is always there)."""
    text = f"""
messages = ["RequestUpfrontMeteringPointCharacteristics",
            "RequestUpfrontAccountingPointCharacteristics_MarketDocument"]
[dates]
edge = {moment.isoformat()}
[fields]
created = {{ ebix = "Header/Creation", cim = "createdDateTime" }}
[[rules]]
id = "P-1"
code = "X-PROBE"
check = "absent"
field = "created"
{bound} = "edge"
message = "in force"
"""
    path = tmp_path / "probe.toml"
    path.write_text(text, encoding="utf-8")
    return load_rule_set(path)


def _dated_moments() -> list[tuple[str, str, datetime]]:
    found = []
    for rule_set in default_rule_sets():
        for rule in rule_set.rules:
            if rule.valid_from is not None:
                found.append((f"{rule_set.id}/{rule.id}", "from", rule.valid_from))
            if rule.valid_until is not None:
                found.append((f"{rule_set.id}/{rule.id}", "until", rule.valid_until))
    return found


def test_shipped_rule_sets_have_dated_rules() -> None:
    assert {name for name, _, _ in _dated_moments()} >= {
        "BRS-NO-611/611-S6",
        "BRS-NO-611/611-S7",
        "BRS-NO-611/611-S8",
        "BRS-NO-611/611-P1",
    }


@pytest.mark.parametrize("side", SIDES)
@pytest.mark.parametrize(("name", "bound", "moment"), _dated_moments(), ids=lambda v: str(v))
def test_every_dated_rule_moment_is_inclusive_from_and_exclusive_until(
    tmp_path: Path, side: str, name: str, bound: str, moment: datetime
) -> None:
    """At every shipped rule's `from`/`until` moment: in force from the instant itself, no
    longer in force from the `until` instant (one microsecond decides)."""
    rule_set = _probe_set(tmp_path, bound, moment)
    document = request(AFTER, metering_point=GSRN)
    tick = timedelta(microseconds=1)
    in_force = {"at": bound == "from", "just before": bound == "until"}
    for label, when in (("at", moment), ("just before", moment - tick)):
        got = findings(document, side, rule_sets=[rule_set], as_of=when)
        assert (got == {"X-PROBE/P-1"}) is in_force[label], (name, bound, label)
    # judged by the creation time: the same instants written as the document's Creation
    for label, when in (("at", moment), ("just before", moment - timedelta(seconds=1))):
        dated = request(when.isoformat(), metering_point=GSRN)
        got = findings(dated, side, rule_sets=[rule_set])
        assert (got == {"X-PROBE/P-1"}) is in_force[label], (name, bound, label, "created")


# --- deadlines: CIM input in UTC across a daylight-saving weekend --------------------------------

D = {
    "D1": "X-NO201_TOO_LATE/201-D1",
    "D2": "X-NO201_LATE_FOR_PROFILED/201-D2",
    "D3": "X-NO201_TOO_EARLY/201-D3",
    "D4": "X-NO201_EARLY_FOR_INTERVAL/201-D4",
}


def _cim_end_of_supply(created: str, end: str) -> bytes:
    text = (PROJECT / "examples" / "cim" / "RequestEndOfSupply_BRS-NO-201.xml").read_text("utf-8")
    text = re.sub(r"<createdDateTime>[^<]+<", f"<createdDateTime>{created}<", text)
    text = re.sub(
        r"<end_DateAndOrTime.dateTime>[^<]+<", f"<end_DateAndOrTime.dateTime>{end}<", text
    )
    return text.encode()


# Hand-worked windows (no public holidays in these weeks of 2026):
# end Monday 30 March 00:00 Oslo (summer time since Sunday 29 March 03:00) = 29 March 22:00Z.
#   latest: D1 29 Mar (1 calendar day), D2 Wed 25 Mar (3 working days);
#   earliest: D3 Fri 20 Mar (6 working days), D4 Thu 26 Mar (4 calendar days).
# end Monday 26 October 00:00 Oslo (winter time since Sunday 25 October 03:00) = 25 Oct 23:00Z.
#   latest: D1 25 Oct, D2 Wed 21 Oct; earliest: D3 Fri 16 Oct, D4 Thu 22 Oct.
SPRING_END = "2026-03-29T22:00:00Z"
AUTUMN_END = "2026-10-25T23:00:00Z"


@pytest.mark.parametrize(
    ("created", "end", "expected"),
    [
        # Sunday 29 March, 12:00 in Oslo: on time for interval metering, late for profiled
        ("2026-03-29T10:00:00Z", SPRING_END, {"D2"}),
        # 25 March 23:30Z is already Thursday 26 March in Oslo (00:30 winter time)
        ("2026-03-25T23:30:00Z", SPRING_END, {"D2"}),
        ("2026-03-25T10:00:00Z", SPRING_END, {"D4"}),
        ("2026-03-19T23:30:00Z", SPRING_END, {"D4"}),  # Friday 20 March in Oslo
        ("2026-03-19T22:30:00Z", SPRING_END, {"D3", "D4"}),  # 23:30 Thursday 19 March in Oslo
        ("2026-03-29T22:00:00Z", SPRING_END, {"D1", "D2"}),  # on the day itself
        # 24 October 22:30Z is Sunday 25 October 00:30 in Oslo (still summer time)
        ("2026-10-24T22:30:00Z", AUTUMN_END, {"D2"}),
        ("2026-10-21T22:30:00Z", AUTUMN_END, {"D2"}),  # Thursday 22 October in Oslo
        ("2026-10-21T21:30:00Z", AUTUMN_END, {"D4"}),  # 23:30 Wednesday 21 October in Oslo
        ("2026-10-15T22:30:00Z", AUTUMN_END, {"D4"}),  # Friday 16 October in Oslo
        ("2026-10-25T22:59:59Z", AUTUMN_END, {"D2"}),  # 23:59:59 Sunday 25 October in Oslo
        # the issue's case: 17 May 22:00Z is Monday 18 May 00:00 in Oslo (latest D2 12 May)
        ("2026-05-12T10:00:00Z", "2026-05-17T22:00:00Z", {"D4"}),
        ("2026-05-13T10:00:00Z", "2026-05-17T22:00:00Z", {"D2", "D4"}),
    ],
)
def test_deadlines_on_cim_input_in_utc_across_daylight_saving(
    created: str, end: str, expected: set[str]
) -> None:
    assert findings(_cim_end_of_supply(created, end), "cim") == {D[d] for d in expected}


def test_deadline_findings_name_the_local_dates() -> None:
    parsed, message_type = elhub_cim.check(_cim_end_of_supply("2026-10-24T22:30:00Z", AUTUMN_END))
    (problem,) = check(parsed, message_type)
    assert "sent 2026-10-25" in problem.message
    assert "on 2026-10-26" in problem.message
    assert "2026-10-21" in problem.message


# --- strict -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "codes"),
    [
        (_cim_end_of_supply("2026-03-25T10:00:00Z", SPRING_END), {"X-NO201_EARLY_FOR_INTERVAL"}),
        (
            _cim_end_of_supply("2026-03-29T22:00:00Z", SPRING_END),
            {"X-NO201_TOO_LATE", "X-NO201_LATE_FOR_PROFILED"},
        ),
    ],
)
def test_strict_turns_rule_warnings_into_errors(data: bytes, codes: set[str]) -> None:
    parsed, message_type = elhub_cim.check(data)
    relaxed = check(parsed, message_type)
    strict = check(parsed, message_type, strict=True)
    assert {p.code for p in relaxed} == codes
    assert {p.severity for p in relaxed} == {Severity.WARNING}
    assert {p.code for p in strict} == codes
    assert {p.severity for p in strict} == {Severity.ERROR}
    # everything else stays the same
    assert [(p.code, p.message, p.line, p.path) for p in strict] == [
        (p.code, p.message, p.line, p.path) for p in relaxed
    ]
    # the rule engine on its own is not strict either unless asked
    direct = evaluate(parsed, message_type, configured_rule_sets())
    assert {(p.code, p.severity) for p in direct} == {(c, Severity.WARNING) for c in codes}


@pytest.mark.parametrize("side", SIDES)
def test_strict_keeps_rule_errors_errors(side: str) -> None:
    document = request(AFTER, metering_point=GSRN, role=Role.GRID_ACCESS_PROVIDER)
    parsed, message_type = elhub_cim.check(from_domain(document, side))  # type: ignore[arg-type]
    for strict in (False, True):
        (problem,) = check(parsed, message_type, strict=strict)
        assert (problem.code, problem.severity) == ("EH013", Severity.ERROR)


# --- where findings point -----------------------------------------------------------------------

EBIX_ROOT = "/RequestUpfrontMeteringPointCharacteristics"
CIM_ROOT = "/RequestUpfrontAccountingPointCharacteristics_MarketDocument"
EBIX_PAYLOAD = f"{EBIX_ROOT}/PayloadMPEvent"
CIM_RECORD = f"{CIM_ROOT}/MktActivityRecord"
CIM_ADDRESS = f"{CIM_RECORD}/marketEvaluationPoint.usagePointLocation.mainAddress"


def line_of(data: bytes, marker: str, occurrence: int = 1) -> int:
    """The 1-based line of the ``occurrence``-th line containing ``marker``."""
    lines = [n for n, text in enumerate(data.decode().splitlines(), 1) if marker in text]
    return lines[occurrence - 1]


# rule -> (ebIX path, ebIX line marker, CIM path, CIM line marker); one case per kind of check
WHERE: list[tuple[str, dict[str, Any], dict[str, Any], dict[str, tuple[str, str, str, str]]]] = [
    (
        "present: missing purpose points at the payload",
        {"metering_point": GSRN, "purpose": None},
        {},
        {
            "611-P1": (
                EBIX_PAYLOAD,
                "<rsm:PayloadMPEvent>",
                CIM_RECORD,
                "<cim:MktActivityRecord>",
            )
        },
    ),
    (
        "absent: acknowledgement flag",
        {"metering_point": GSRN, "ack": True},
        {},
        {
            "611-H4": (
                f"{EBIX_ROOT}/Header/RequestPositiveAcknowledgement",
                "RequestPositiveAcknowledgement>",
                f"{CIM_ROOT}/positiveAcknowledgementRequested",
                "positiveAcknowledgementRequested>",
            )
        },
    ),
    (
        "one_of: sender role",
        {"metering_point": GSRN, "role": Role.GRID_ACCESS_PROVIDER},
        {},
        {
            "611-H5": (
                f"{EBIX_ROOT}/ProcessEnergyContext/EnergyBusinessProcessRole",
                "EnergyBusinessProcessRole",
                f"{CIM_ROOT}/sender_MarketParticipant.marketRole.type",
                "sender_MarketParticipant.marketRole.type",
            )
        },
    ),
    (
        "pattern: street wildcard",
        {"end_user": end_user(), "address": SearchAddress(street_name="Stor*", postcode="7048")},
        {"as_of": date(2026, 2, 1)},
        {
            "611-W1": (
                f"{EBIX_PAYLOAD}/MPAddressMeteringPointAddress/StreetName",
                "StreetName",
                f"{CIM_ADDRESS}/streetDetail/name",
                "<cim:name>",
            )
        },
    ),
    (
        "exactly_one and absent: meter number with a street",
        {"meter_id": "123", "address": SearchAddress(street_name="Storgata")},
        {},
        {
            # neither postcode nor end-user id: the deepest element on the postcode's path
            "611-S3": (
                f"{EBIX_PAYLOAD}/MPAddressMeteringPointAddress",
                "<abie:MPAddressMeteringPointAddress>",
                CIM_ADDRESS,
                "<cim:marketEvaluationPoint.usagePointLocation.mainAddress>",
            ),
            "611-S4": (
                f"{EBIX_PAYLOAD}/MPAddressMeteringPointAddress/StreetName",
                "StreetName",
                f"{CIM_ADDRESS}/streetDetail/name",
                "<cim:name>",
            ),
        },
    ),
    (
        "exactly_one: too many, at the first one given",
        {"meter_id": "123", "end_user": end_user(), "address": SearchAddress(postcode="7048")},
        {},
        {
            "611-S3": (
                f"{EBIX_PAYLOAD}/MPAddressMeteringPointAddress/Postcode",
                "Postcode",
                f"{CIM_ADDRESS}/postalCode",
                "postalCode",
            ),
            "611-S5": (
                f"{EBIX_PAYLOAD}/ConsumerInvolvedCustomerParty/Identification",
                'schemeAgencyIdentifier="82"',
                f"{CIM_RECORD}/marketEvaluationPoint.customer_MarketParticipant.mRID",
                "customer_MarketParticipant.mRID",
            ),
        },
    ),
    (
        "at_least: nothing to search by, and an end-user id alone (before March 2026)",
        {"end_user": end_user()},
        {"as_of": date(2026, 2, 1)},
        {
            "611-S6": (
                EBIX_PAYLOAD,
                "<rsm:PayloadMPEvent>",
                CIM_RECORD,
                "<cim:MktActivityRecord>",
            ),
            "611-S7": (
                EBIX_PAYLOAD,
                "<rsm:PayloadMPEvent>",
                CIM_RECORD,
                "<cim:MktActivityRecord>",
            ),
        },
    ),
    (
        "at_least: too few, at the first one given (before March 2026)",
        {"end_user": end_user(), "address": SearchAddress(postcode="7048")},
        {"as_of": date(2026, 2, 1)},
        {
            "611-S7": (
                f"{EBIX_PAYLOAD}/MPAddressMeteringPointAddress/Postcode",
                "Postcode",
                f"{CIM_ADDRESS}/postalCode",
                "postalCode",
            )
        },
    ),
    (
        "at_least: an end-user id alone (after March 2026): where the missing id belongs",
        {"end_user": end_user()},
        {},
        {
            "611-S8": (
                EBIX_PAYLOAD,
                "<rsm:PayloadMPEvent>",
                CIM_RECORD,
                "<cim:MktActivityRecord>",
            )
        },
    ),
]


def _rule_of(problem: Problem) -> str:
    match = re.search(r"\(rule (\S+?)[,)]", problem.message)
    assert match is not None, problem
    return match[1]


@pytest.mark.parametrize("side", SIDES)
@pytest.mark.parametrize(
    ("fields", "options", "expected"),
    [case[1:] for case in WHERE],
    ids=[case[0] for case in WHERE],
)
def test_findings_point_at_line_and_path(
    side: str, fields: dict[str, Any], options: dict[str, Any], expected: dict[str, Any]
) -> None:
    data = from_domain(request(AFTER, **dict(fields)), side)  # type: ignore[arg-type]
    parsed, message_type = elhub_cim.check(data)
    problems = {_rule_of(p): p for p in check(parsed, message_type, **options)}
    assert set(problems) == set(expected)
    for rule, (ebix_path, ebix_marker, cim_path, cim_marker) in expected.items():
        path, marker = (ebix_path, ebix_marker) if side == "ebix" else (cim_path, cim_marker)
        assert (problems[rule].path, problems[rule].line) == (path, line_of(data, marker)), rule
        assert problems[rule].file == parsed.name


def test_an_attribute_finding_points_at_its_element_and_names_the_attribute() -> None:
    data = from_domain(request(AFTER, metering_point=GSRN), "ebix")
    data = data.replace(b'listAgencyIdentifier="260">E10', b'listAgencyIdentifier="6">E10')
    parsed, message_type = elhub_cim.check(data)
    (problem,) = check(parsed, message_type)
    assert problem.code == "EH025"
    assert problem.path == f"{EBIX_ROOT}/Header/DocumentType/@listAgencyIdentifier"
    assert problem.line == line_of(data, "<abie:DocumentType")


def test_a_deadline_finding_points_at_the_date() -> None:
    data = _cim_end_of_supply("2026-03-25T10:00:00Z", SPRING_END)
    parsed, message_type = elhub_cim.check(data)
    (problem,) = check(parsed, message_type)
    assert (
        problem.path
        == "/RequestEndOfSupply_MarketDocument/MktActivityRecord/end_DateAndOrTime.dateTime"
    )
    assert problem.line == line_of(data, "<end_DateAndOrTime.dateTime>")


# --- masking ------------------------------------------------------------------------------------

FODSELSNUMMER = "01010010183"  # valid check digits


@pytest.mark.parametrize("side", SIDES)
def test_an_identity_number_typed_into_a_free_text_field_is_masked(side: str) -> None:
    document = request(
        AFTER,
        end_user=end_user(),
        meter_id="6970631408026453",
        address=SearchAddress(street_name=f"*{FODSELSNUMMER}"),
    )
    data = from_domain(document, side)  # type: ignore[arg-type]
    parsed, message_type = elhub_cim.check(data)
    problems = check(parsed, message_type, as_of=date(2026, 2, 1))
    wildcard = [p for p in problems if _rule_of(p) == "611-W1"]
    assert len(wildcard) == 1
    for problem in problems:
        assert FODSELSNUMMER not in problem.format()
    assert f"*{MASK}" in wildcard[0].message


@pytest.mark.parametrize("side", SIDES)
def test_a_declared_identity_number_is_masked_even_with_wrong_check_digits(side: str) -> None:
    wrong = "01010112345"  # under the national-id scheme, check digits wrong
    person = EndUserId(value=wrong, scheme=EndUserScheme.NATIONAL_IDENTITY_NUMBER)
    document: UpfrontRequest = request(
        AFTER,
        end_user=person,
        meter_id="6970631408026453",
        address=SearchAddress(street_name=f"*{wrong}"),
    )
    data = from_domain(document, side)  # type: ignore[arg-type]
    parsed, message_type = elhub_cim.check(data)
    problems = check(parsed, message_type, as_of=date(2026, 2, 1))
    assert "611-W1" in {_rule_of(p) for p in problems if p.code == "EH015"}
    for problem in problems:
        assert wrong not in problem.format()


# --- a rule set file's mistakes, each with its whole message ------------------------------------

_RULE = 'id="x"\ncode="X-1"\ncheck="present"\nfield="created"\nmessage="m"\n'
_KNOWN_CHECKS = (
    "['absent', 'at_least', 'date_window', 'deadline', 'exactly_one', 'midnight', 'one_of', "
    "'pattern', 'period_alignment', 'position_count', 'present']"
)


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        (_RULE + "colour=1\n", "unknown keys ['colour']"),
        (_RULE.replace('id="x"\n', ""), "missing 'id'"),
        (_RULE.replace('code="X-1"\n', ""), "missing 'code'"),
        (_RULE.replace('check="present"\n', ""), "missing 'check'"),
        (_RULE.replace('message="m"\n', ""), "missing 'message'"),
        (
            _RULE.replace('"X-1"', '"EH15"'),
            "code 'EH15' is neither Elhub's (EHnnn) nor marked as ours (X-...)",
        ),
        (_RULE.replace('"present"', '"maybe"'), f"unknown check 'maybe' (known: {_KNOWN_CHECKS})"),
        (_RULE + 'when = { sometimes = ["created"] }\n', "unknown condition ['sometimes']"),
        (_RULE.replace('field="created"', 'field="made"'), "unknown field 'made'"),
        (_RULE.replace('field="created"\n', ""), "no field"),
        (_RULE + 'from = "someday"\n', "from names unknown date 'someday'"),
        (_RULE + 'until = "someday"\n', "until names unknown date 'someday'"),
        (_RULE.replace('"present"', '"pattern"'), "a pattern check needs 'pattern'"),
        (_RULE.replace('"present"', '"one_of"'), "a one_of check needs 'values'"),
        (_RULE.replace('"present"', '"date_window"'), "a date_window check needs 'min' or 'max'"),
        (
            _RULE.replace('"present"', '"period_alignment"'),
            "a period_alignment check needs 3 fields, in order",
        ),
        (
            _RULE.replace('"present"', '"position_count"'),
            "a position_count check needs 4 fields, in order",
        ),
        (
            _RULE.replace('"present"', '"deadline"') + 'unit = "hours"\n',
            "unit must be working_days or calendar_days",
        ),
    ],
)
def test_each_mistake_in_a_rule_is_named_in_full(tmp_path: Path, rule: str, message: str) -> None:
    path = tmp_path / "brs-no-999.toml"
    fields = '[fields]\ncreated = { ebix = "Header/Creation" }\n'
    path.write_text(fields + "[[rules]]\n" + _RULE.replace('"x"', '"w"') + "[[rules]]\n" + rule)
    name = "?" if "id=" not in rule else "x"
    with pytest.raises(RuleSetError) as caught:
        load_rule_set(path)
    assert str(caught.value) == f"brs-no-999.toml rule 2 ({name}): {message}"


@pytest.mark.parametrize("bound", ["from", "until"])
def test_a_rule_moment_that_is_no_date_is_named_with_its_rule(tmp_path: Path, bound: str) -> None:
    path = tmp_path / "brs-no-999.toml"
    fields = '[fields]\ncreated = { ebix = "Header/Creation" }\n'
    path.write_text(fields + "[[rules]]\n" + _RULE + f"{bound} = 5\n")
    with pytest.raises(RuleSetError) as caught:
        load_rule_set(path)
    assert str(caught.value) == (
        f"brs-no-999.toml rule 1 (x) {bound}: expected a date or date-time, got 5"
    )


def test_both_units_of_days_are_accepted(tmp_path: Path) -> None:
    path = tmp_path / "brs-no-999.toml"
    fields = '[fields]\ncreated = { ebix = "Header/Creation" }\n'
    for unit in ("working_days", "calendar_days"):
        rule = _RULE.replace('"present"', '"date_window"') + f'min = 0\nunit = "{unit}"\n'
        path.write_text(fields + "[[rules]]\n" + rule)
        assert load_rule_set(path).rules[0].unit == unit


# --- a probe rule set on a hand-made document: dates, windows, where and what a finding says ----

_NS = "urn:x-elhub-cim:profile:structure:requestendofsupply:0:2"
_PROBE_SET = """
proposed_dates = ["decided_later"]
[dates]
decided_later = 2026-01-01
[payload]
cim = "probe"
[fields]
created = { cim = "createdDateTime", label = "creation time" }
w1 = { cim = "probe/w1", label = "first window date" }
w2 = { cim = "probe/w2", label = "second window date" }
d1 = { cim = "probe/d1", label = "working deadline date" }
d2 = { cim = "probe/d2", label = "calendar deadline date" }
who = { cim = "probe/who", label = "person", personal = true }
gone = { cim = "./inner/gone", label = "gone" }
lost = { cim = "probe/inner/lost", label = "lost" }
rel = { cim = "./inner", label = "inner" }
mark = { cim = "./@mark", label = "mark" }
w3 = { cim = "./w3", label = "relative window date" }
w4 = { cim = "./@w4", label = "window date attribute" }
d3 = { cim = "./d3", label = "relative deadline date" }
[[rules]]
id = "W-1"
code = "X-W1"
check = "date_window"
field = "w1"
unit = "working_days"
min = -2
max = 3
message = "{field} {target} sent {sent}: from {earliest} to {latest}"
[[rules]]
id = "W-2"
code = "X-W2"
check = "date_window"
field = "w2"
unit = "calendar_days"
min = 1
message = "{field} {target} sent {sent}: from {earliest} to [{latest}]"
[[rules]]
id = "D-1"
code = "X-D1"
check = "deadline"
field = "d1"
min = 2
max = 5
message = "{field} {target} sent {sent}: from {earliest} to {latest}"
[[rules]]
id = "D-2"
code = "X-D2"
check = "deadline"
field = "d2"
unit = "calendar_days"
max = 3
message = "{field} {target} sent {sent}: from {earliest} to [{latest}] for {process}"
[[rules]]
id = "O-1"
code = "X-O1"
check = "one_of"
field = "who"
values = ["nobody", "somebody"]
from = "decided_later"
message = "{field} {value} is not {allowed}"
[[rules]]
id = "A-1"
code = "X-A1"
check = "present"
field = "gone"
when = { present = ["rel"] }
message = "{field} missing"
[[rules]]
id = "A-2"
code = "X-A2"
check = "present"
field = "lost"
when = { present = ["rel"] }
message = "{field} missing"
[[rules]]
id = "W-3"
code = "X-W3"
check = "date_window"
field = "w3"
unit = "calendar_days"
max = 0
message = "{field} {target} sent {sent} [{earliest}]"
[[rules]]
id = "W-4"
code = "X-W4"
check = "date_window"
field = "w4"
unit = "calendar_days"
max = 0
message = "{field} {target}"
[[rules]]
id = "D-3"
code = "X-D3"
check = "deadline"
field = "d3"
unit = "calendar_days"
min = 0
message = "{field} {target} sent {sent} [{earliest}]"
[[rules]]
id = "A-3"
code = "X-A3"
check = "present"
field = "mark"
when = { present = ["rel"] }
message = "{field} missing"
"""


def _probe(tmp_path: Path, created: str, body: str, rule_set: str = _PROBE_SET) -> list[Problem]:
    """The probe rule set's findings on a document (not schema-valid: the rules read the tree)."""
    path = tmp_path / "probe-set.toml"
    path.write_text(rule_set, encoding="utf-8")
    data = (
        f'<RequestEndOfSupply_MarketDocument xmlns="{_NS}">\n'
        f"<createdDateTime>{created}</createdDateTime>\n{body}\n"
        "</RequestEndOfSupply_MarketDocument>\n"
    ).encode()
    document = parse_bytes(data, name="probe.xml")
    return evaluate(document, elhub_cim.identify(document), [load_rule_set(path)])


_ROOT = "/RequestEndOfSupply_MarketDocument"
# Created Thursday 26 March 2026 in Oslo (00:30, winter time). Working days around it: Tue 24,
# Wed 25, Thu 26, Fri 27, Mon 30, Tue 31 March, Wed 1 April; 2, 3 and 6 April are Easter
# holidays (Maundy Thursday, Good Friday, Easter Monday), so Tue 7 April is the next one.
_CREATED = "2026-03-25T23:30:00Z"


def test_date_windows_and_deadlines_at_their_exact_edges(tmp_path: Path) -> None:
    body = "\n".join(
        [
            # W-1: -2 to +3 working days: 24 March to 31 March
            "<probe><w1>2026-03-23T12:00:00+01:00</w1></probe>",  # line 3: before
            "<probe><w1>2026-03-24T00:00:00+01:00</w1></probe>",
            "<probe><w1>2026-03-31T23:59:00+02:00</w1></probe>",
            "<probe><w1>2026-03-31T22:00:00Z</w1></probe>",  # line 6: 1 April in Oslo
            # W-2: at least 1 calendar day after: 27 March on
            "<probe><w2>2026-03-26T23:00:00Z</w2></probe>",  # 27 March 00:00 in Oslo
            "<probe><w2>2026-03-26T22:59:59Z</w2></probe>",  # line 8: 26 March
            # D-1: sent from 5 to 2 working days before the date
            "<probe><d1>2026-03-30T00:00:00+02:00</d1></probe>",  # 23 to 26 March: on time
            "<probe><d1>2026-03-27T00:00:00+01:00</d1></probe>",  # line 10: by 25 March
            "<probe><d1>2026-04-07T00:00:00+02:00</d1></probe>",  # 26 to 31 March: on time
            "<probe><d1>2026-04-08T00:00:00+02:00</d1></probe>",  # line 12: from 27 March
            # D-2: at most 3 calendar days before: 29 March is on time, 30 March is not
            "<probe><d2>2026-03-29T00:00:00+01:00</d2></probe>",
            "<probe><d2>2026-03-29T22:00:00Z</d2></probe>",  # line 14: 30 March in Oslo
        ]
    )
    found = [(p.code, p.message, p.line, p.path) for p in _probe(tmp_path, _CREATED, body)]
    assert found == [
        (
            "X-W1",
            "first window date 2026-03-23 sent 2026-03-26: from 2026-03-24 to 2026-03-31"
            " (rule W-1)",
            3,
            f"{_ROOT}/probe[1]/w1",
        ),
        (
            "X-W1",
            "first window date 2026-04-01 sent 2026-03-26: from 2026-03-24 to 2026-03-31"
            " (rule W-1)",
            6,
            f"{_ROOT}/probe[4]/w1",
        ),
        (
            "X-W2",
            "second window date 2026-03-26 sent 2026-03-26: from 2026-03-27 to [] (rule W-2)",
            8,
            f"{_ROOT}/probe[6]/w2",
        ),
        (
            "X-D1",
            "working deadline date 2026-03-27 sent 2026-03-26: from 2026-03-20 to 2026-03-25"
            " (rule D-1)",
            10,
            f"{_ROOT}/probe[8]/d1",
        ),
        (
            "X-D1",
            "working deadline date 2026-04-08 sent 2026-03-26: from 2026-03-27 to 2026-04-01"
            " (rule D-1)",
            12,
            f"{_ROOT}/probe[10]/d1",
        ),
        (
            "X-D2",
            "calendar deadline date 2026-03-30 sent 2026-03-26: from 2026-03-27 to []"
            " for this process (rule D-2)",
            14,
            f"{_ROOT}/probe[12]/d2",
        ),
    ]


def test_values_no_rule_can_read_are_skipped_and_the_next_is_judged(tmp_path: Path) -> None:
    """A date-time without an offset (the XSD's business) is skipped; a date out of the
    computable range is one DATE_OUT_OF_RANGE on its element; the values after either are
    still judged."""
    body = "\n".join(
        [
            "<probe><w1>2026-03-23T12:00:00</w1></probe>",  # no offset: skipped
            "<probe><w1>9999-12-31T23:59:59Z</w1></probe>",  # line 4: year 10000 in Oslo
            "<probe><w1>2026-03-23T12:00:00+01:00</w1></probe>",  # line 5: too early
            "<probe><d1>2026-03-27T00:00:00</d1></probe>",
            "<probe><d1>0001-01-02T12:00:00+01:00</d1></probe>",  # line 7: 5 days before year 1
            "<probe><d1>2026-03-27T00:00:00+01:00</d1></probe>",  # line 8: too late
            '<probe w4="9999-12-31T23:59:59Z"/>',  # line 9: an attribute out of range
        ]
    )
    problems = _probe(tmp_path, _CREATED, body)
    assert {p.file for p in problems} == {"probe.xml"}
    found = [(p.code, p.message, p.line, p.path) for p in problems]
    limits = "is out of the range that can be computed with (years 1 to 9999 in every time zone)"
    assert found == [
        (
            "DATE_OUT_OF_RANGE",
            f"first window date 9999-12-31T23:59:59Z {limits} (rule W-1)",
            4,
            f"{_ROOT}/probe[2]/w1",
        ),
        (
            "X-W1",
            "first window date 2026-03-23 sent 2026-03-26: from 2026-03-24 to 2026-03-31"
            " (rule W-1)",
            5,
            f"{_ROOT}/probe[3]/w1",
        ),
        (
            "DATE_OUT_OF_RANGE",
            f"date-time 0001-01-02T12:00:00+01:00 {limits} (rule D-1)",
            7,
            f"{_ROOT}/probe[5]/d1",
        ),
        (
            "X-D1",
            "working deadline date 2026-03-27 sent 2026-03-26: from 2026-03-20 to 2026-03-25"
            " (rule D-1)",
            8,
            f"{_ROOT}/probe[6]/d1",
        ),
        (
            "DATE_OUT_OF_RANGE",
            f"window date attribute 9999-12-31T23:59:59Z {limits} (rule W-4)",
            9,
            f"{_ROOT}/probe[7]/@w4",
        ),
    ]


@pytest.mark.parametrize("where", ["createdDateTime", "./createdDateTime"])
@pytest.mark.parametrize(
    ("created", "text"),
    [
        # year 10000 in Oslo: the creation date itself cannot be computed
        ("9999-12-31T23:59:59-14:00", "creation time 9999-12-31T23:59:59-14:00"),
        # 31 December 9999 in Oslo: three working days later cannot be computed
        ("9999-12-31T12:00:00+01:00", "date-time 9999-12-31"),
    ],
)
def test_a_creation_date_no_window_can_be_computed_from_is_one_finding(
    tmp_path: Path, created: str, text: str, where: str
) -> None:
    """The creation time's path may also be written relative (to the document itself)."""
    body = "<probe><w1>2026-03-23T12:00:00+01:00</w1></probe>"
    rule_set = _PROBE_SET.replace('{ cim = "createdDateTime"', f'{{ cim = "{where}"')
    assert f'"{where}"' in rule_set
    problems = _probe(tmp_path, created, body, rule_set)
    assert {p.file for p in problems} == {"probe.xml"}
    found = [(p.code, p.message, p.line, p.path) for p in problems]
    limits = "is out of the range that can be computed with (years 1 to 9999 in every time zone)"
    assert found == [
        ("DATE_OUT_OF_RANGE", f"{text} {limits} (rule W-1)", 2, f"{_ROOT}/createdDateTime")
    ]


def test_personal_values_proposed_rules_and_missing_fields_in_a_payload(tmp_path: Path) -> None:
    body = "\n".join(
        [
            "<probe><who>anybody</who></probe>",  # line 3
            "<probe><inner/></probe>",  # line 4: `gone` is missing (judged per payload)
        ]
    )
    found = [(p.code, p.message, p.line, p.path) for p in _probe(tmp_path, _CREATED, body)]
    assert found == [
        (
            "X-O1",
            "person <not shown> is not nobody, somebody (rule O-1, in force from 2026-01-01,"
            " proposed by Elhub, not decided)",
            3,
            f"{_ROOT}/probe[1]/who",
        ),
        # judged in the payload that has `inner`; a relative field is missing below it there,
        # an absolute one where its path stops from the root (the first payload has no inner)
        ("X-A1", "gone missing (rule A-1)", 4, f"{_ROOT}/probe[2]/inner"),
        ("X-A2", "lost missing (rule A-2)", 3, f"{_ROOT}/probe[1]"),
        # a missing attribute: on the element that would carry it
        ("X-A3", "mark missing (rule A-3)", 4, f"{_ROOT}/probe[2]"),
    ]


@pytest.mark.parametrize("side", SIDES)
def test_an_aware_as_of_is_that_instant_not_norwegian_wall_time(side: str) -> None:
    # 28 February 23:00 UTC is 1 March 00:00 in Oslo: the new rules are in force
    utc = datetime(2026, 2, 28, 23, 0, tzinfo=UTC)
    assert findings(request(AFTER, end_user=end_user()), side, as_of=utc) == {"EH015/611-S8"}
    earlier = utc - timedelta(microseconds=1)
    assert findings(request(AFTER, end_user=end_user()), side, as_of=earlier) == {
        "EH015/611-S6",
        "EH015/611-S7",
    }


def _dated_set(tmp_path: Path, dates: str, bound: str) -> Path:
    path = tmp_path / "brs-no-999.toml"
    path.write_text(
        f"[dates]\n{dates}\n"
        '[fields]\ncreated = { ebix = "Header/Creation" }\n'
        f"[[rules]]\n{_RULE}{bound}\n",
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize(
    ("bound", "instant"),
    [
        # a date-time with an offset is that instant; one without is Norwegian time
        ("from = 2026-03-01T00:00:00Z", datetime(2026, 3, 1, 0, 0, tzinfo=UTC)),
        ("from = 2026-03-01T00:00:00", datetime(2026, 2, 28, 23, 0, tzinfo=UTC)),
        ("from = 2026-03-01", datetime(2026, 2, 28, 23, 0, tzinfo=UTC)),  # midnight in Oslo
        ('from = "edge"', datetime(2026, 7, 31, 22, 0, tzinfo=UTC)),  # a named local date
    ],
)
def test_rule_moments_with_and_without_an_offset(
    tmp_path: Path, bound: str, instant: datetime
) -> None:
    (rule,) = load_rule_set(_dated_set(tmp_path, "edge = 2026-08-01", bound)).rules
    assert rule.valid_from == instant
    assert rule.in_force(instant)
    assert not rule.in_force(instant - timedelta(microseconds=1))


@pytest.mark.parametrize(
    ("dates", "bound", "override", "message"),
    [
        ("edge = 5", "", None, "brs-no-999.toml [dates] edge: expected a date or date-time, got 5"),
        (
            "edge = 2026-08-01",
            "until = 5",
            None,
            "brs-no-999.toml rule 1 (x) until: expected a date or date-time, got 5",
        ),
        (
            "edge = 2026-08-01",
            "",
            {"edge": "soon"},
            "override edge: expected a date or date-time, got 'soon'",
        ),
        (
            "edge = 2026-08-01",
            "",
            {"other": date(2026, 1, 1)},
            "brs-no-999.toml: no date named 'other' to override",
        ),
    ],
)
def test_each_mistake_in_a_date_is_named_in_full(
    tmp_path: Path, dates: str, bound: str, override: dict[str, Any] | None, message: str
) -> None:
    with pytest.raises(RuleSetError) as caught:
        load_rule_set(_dated_set(tmp_path, dates, bound), dates=override)
    assert str(caught.value) == message


def test_dates_can_be_overridden_as_dates_or_date_times(tmp_path: Path) -> None:
    path = _dated_set(tmp_path, "edge = 2026-08-01", 'until = "edge"')
    local = load_rule_set(path, dates={"edge": date(2026, 9, 1)}).rules[0]
    assert local.valid_until == datetime(2026, 8, 31, 22, 0, tzinfo=UTC)
    assert local.until_name == "edge"
    aware = load_rule_set(path, dates={"edge": datetime(2026, 9, 1, tzinfo=UTC)}).rules[0]
    assert aware.valid_until == datetime(2026, 9, 1, tzinfo=UTC)


def test_date_rules_on_fields_relative_to_each_payload(tmp_path: Path) -> None:
    """Date fields written relative to the payload (``./``) are judged in every payload (a
    window or deadline with one bound only: the other is empty in the message)."""
    body = "\n".join(
        [
            "<probe><w3>2026-03-26T12:00:00+01:00</w3><d3>2026-03-26T12:00:00+01:00</d3></probe>",
            "<probe><w3>2026-03-27T12:00:00+01:00</w3></probe>",  # line 4: after the creation date
            "<probe><d3>2026-03-25T12:00:00+01:00</d3></probe>",  # line 5: sent after it
        ]
    )
    found = [(p.code, p.message, p.line, p.path) for p in _probe(tmp_path, _CREATED, body)]
    assert found == [
        (
            "X-W3",
            "relative window date 2026-03-27 sent 2026-03-26 [] (rule W-3)",
            4,
            f"{_ROOT}/probe[2]/w3",
        ),
        (
            "X-D3",
            "relative deadline date 2026-03-25 sent 2026-03-26 [] (rule D-3)",
            5,
            f"{_ROOT}/probe[3]/d3",
        ),
    ]


# --- a series period's grid and positions (period_alignment, position_count) --------------------

_SERIES_SET = """
[payload]
cim = "series"
[fields]
created = { cim = "createdDateTime", label = "creation time" }
start = { cim = "./start", label = "period start" }
end = { cim = "./end", label = "period end" }
resolution = { cim = "./resolution", label = "resolution" }
position = { cim = "./pt/position", label = "position" }
[[rules]]
id = "G-1"
code = "X-GRID"
check = "period_alignment"
fields = ["start", "end", "resolution"]
message = "{field} {value} off the {resolution} grid"
[[rules]]
id = "N-1"
code = "X-POS"
check = "position_count"
fields = ["start", "end", "resolution", "position"]
message = "{hours} h at {resolution}: 1 to {expected}, found {found} ({first} to {last})"
"""


def _series(
    tmp_path: Path,
    start: str | None,
    end: str | None,
    resolution: str | None,
    positions: list[str],
) -> list[tuple[str, str, int | None, str | None]]:
    """The findings of the series probe set on one series (lines: start 3, end 4,
    resolution 5, the positions from line 6 on)."""
    path = tmp_path / "series-set.toml"
    path.write_text(_SERIES_SET, encoding="utf-8")
    parts = [
        f"<start>{start}</start>" if start is not None else "<other/>",
        f"<end>{end}</end>" if end is not None else "<other/>",
        f"<resolution>{resolution}</resolution>" if resolution is not None else "<other/>",
        *(f"<pt><position>{p}</position></pt>" for p in positions),
    ]
    data = (
        f'<RequestEndOfSupply_MarketDocument xmlns="{_NS}">\n'
        "<createdDateTime>2026-03-25T23:30:00Z</createdDateTime><series>\n"
        + "\n".join(parts)
        + "\n</series>\n</RequestEndOfSupply_MarketDocument>\n"
    ).encode()
    document = parse_bytes(data, name="series.xml")
    found = evaluate(document, elhub_cim.identify(document), [load_rule_set(path)])
    return [(p.code, p.message, p.line, p.path) for p in found]


_S = f"{_ROOT}/series"


@pytest.mark.parametrize(
    ("start", "end", "resolution", "count"),
    [
        ("2026-03-26T00:00:00+01:00", "2026-03-27T00:00:00+01:00", "PT1H", 24),
        # the same day written in UTC: the grid is the same (Oslo's offsets are whole hours)
        ("2026-03-25T23:00:00Z", "2026-03-26T23:00:00Z", "PT1H", 24),
        # summer time starts: 23 hours; ends: 25 hours (real time, not the wall clock)
        ("2026-03-29T00:00:00+01:00", "2026-03-30T00:00:00+02:00", "PT1H", 23),
        ("2026-10-25T00:00:00+02:00", "2026-10-26T00:00:00+01:00", "PT1H", 25),
        ("2026-03-26T00:00:00+01:00", "2026-03-26T01:15:00+01:00", "PT15M", 5),
        ("2026-03-26T00:05:00+01:00", "2026-03-26T00:35:00+01:00", "PT5M", 6),
        ("2026-03-26T00:30:00+01:00", "2026-03-26T02:00:00+01:00", "PT30M", 3),
        ("2026-03-26T00:00:00+01:00", "2026-03-26T02:00:00+01:00", "PT60M", 2),
    ],
)
def test_a_series_on_its_grid_with_all_its_positions_is_accepted(
    tmp_path: Path, start: str, end: str, resolution: str, count: int
) -> None:
    positions = [str(n) for n in range(count, 0, -1)]  # any order
    assert _series(tmp_path, start, end, resolution, positions) == []
    # one position fewer or more is a finding
    assert [f[0] for f in _series(tmp_path, start, end, resolution, positions[1:])] == ["X-POS"]
    more = [*positions, str(count + 1)]
    assert [f[0] for f in _series(tmp_path, start, end, resolution, more)] == ["X-POS"]


def test_a_series_off_its_grid_is_named_at_the_start_or_end(tmp_path: Path) -> None:
    day = [str(n) for n in range(1, 25)]
    start, end = "2026-03-26T00:00:00+01:00", "2026-03-27T00:00:00+01:00"
    # half an hour off at the start: the grid finding; the positions are not counted
    # (23.5 hours is no whole number of steps)
    assert _series(tmp_path, "2026-03-26T00:30:00+01:00", end, "PT1H", day) == [
        ("X-GRID", "period start 2026-03-26T00:30:00+01:00 off the PT1H grid (rule G-1)", 3,
         f"{_S}/start"),
    ]  # fmt: skip
    assert _series(tmp_path, start, "2026-03-27T00:00:01+01:00", "PT1H", day) == [
        ("X-GRID", "period end 2026-03-27T00:00:01+01:00 off the PT1H grid (rule G-1)", 4,
         f"{_S}/end"),
    ]  # fmt: skip
    # both ends a fraction of a second off: both named, the positions still fit the length
    off = _series(tmp_path, "2026-03-26T00:00:00.5+01:00", "2026-03-27T00:00:00.5+01:00",
                  "PT1H", day)  # fmt: skip
    assert [(code, line) for code, _, line, _ in off] == [("X-GRID", 3), ("X-GRID", 4)]
    # PT15M: a quarter past is on the grid, ten past is not
    quarter = _series(tmp_path, "2026-03-26T00:15:00+01:00", "2026-03-26T00:45:00+01:00",
                      "PT15M", ["1", "2"])  # fmt: skip
    assert quarter == []
    ten = _series(tmp_path, "2026-03-26T00:10:00+01:00", "2026-03-26T00:40:00+01:00", "PT15M",
                  ["1", "2"])  # fmt: skip
    assert [(code, line) for code, _, line, _ in ten] == [("X-GRID", 3), ("X-GRID", 4)]


@given(
    st.lists(
        st.sampled_from(["1", "2", "3", "4", "5", "6", "0", "01", " 3 ", "x", "+4", "\u0663"]),
        max_size=7,
    )
)
def test_a_series_is_judged_by_the_numbers_of_its_positions(positions: list[str]) -> None:
    """Whatever the texts (in order or not, twice, padded, not numbers, other digits), a
    5-point series is accepted exactly when the digit texts read as numbers are 1 to 5."""
    with tempfile.TemporaryDirectory() as folder:
        found = _series(
            Path(folder), "2026-03-26T00:00:00+01:00", "2026-03-26T01:15:00+01:00", "PT15M",
            positions,
        )  # fmt: skip
    texts = [p.strip() for p in positions]
    numbers = sorted(int(t) for t in texts if t.isdigit())
    assert [f[0] for f in found] == ([] if numbers == [1, 2, 3, 4, 5] else ["X-POS"])


def test_a_long_period_is_judged_without_counting_to_its_length(tmp_path: Path) -> None:
    """A schema-valid period of 26 years at PT15M wants some 920 000 positions: a series of
    three is a finding at once, not a list of every number up to that to compare with (from
    year 1: 70 million numbers, gigabytes)."""
    tracemalloc.start()
    try:
        found = _series(
            tmp_path, "2000-01-01T00:00:00Z", "2026-03-26T00:00:00Z", "PT15M", ["1", "2", "3"]
        )
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [f[0] for f in found] == ["X-POS"]
    assert "1 to 919776, found 3" in found[0][1]
    assert peak < 5_000_000  # (counting to the length: over 30 MB)


def test_a_series_with_the_wrong_positions_says_what_it_expected(tmp_path: Path) -> None:
    start, end = "2026-03-29T00:00:00+01:00", "2026-03-30T00:00:00+02:00"  # 23 hours
    day = [str(n) for n in range(1, 25)]
    assert _series(tmp_path, start, end, "PT1H", day) == [
        ("X-POS", "23 h at PT1H: 1 to 23, found 24 (1 to 24) (rule N-1)", 6,
         f"{_S}/pt[1]/position"),
    ]  # fmt: skip
    # positions that are no numbers are not counted; the finding points at the first position
    quarter = ("2026-03-26T00:00:00+01:00", "2026-03-26T01:15:00+01:00", "PT15M")
    assert _series(tmp_path, *quarter, ["x", "2", "3", "4", "5"]) == [
        ("X-POS", "1.25 h at PT15M: 1 to 5, found 4 (2 to 5) (rule N-1)", 6,
         f"{_S}/pt[1]/position"),
    ]  # fmt: skip
    # no positions at all: the finding points at the start
    assert _series(tmp_path, *quarter, []) == [
        ("X-POS", "1.25 h at PT15M: 1 to 5, found 0 (0 to 0) (rule N-1)", 3, f"{_S}/start"),
    ]
    # a position twice: five positions, not 1 to 5
    assert [f[0] for f in _series(tmp_path, *quarter, ["1", "2", "3", "4", "4"])] == ["X-POS"]


@pytest.mark.parametrize(
    ("start", "end", "resolution"),
    [
        (None, "2026-03-27T00:00:00+01:00", "PT1H"),
        ("2026-03-26T00:00:00+01:00", None, "PT1H"),
        ("2026-03-26T00:00:00+01:00", "2026-03-27T00:00:00+01:00", None),
        # a resolution without a fixed length (a month) or unknown
        ("2026-03-26T00:00:00+01:00", "2026-03-27T00:00:00+01:00", "P1M"),
        ("2026-03-26T00:00:30+01:00", "2026-03-27T00:00:00+01:00", "PT1S"),
        # not a date-time (the XSD reports it)
        ("yesterday", "2026-03-27T00:00:00+01:00", "PT1H"),
        ("2026-03-26T00:00:00+01:00", "tomorrow", "PT1H"),
        # an empty or backward period on the grid: nothing to count
        ("2026-03-26T00:00:00+01:00", "2026-03-26T00:00:00+01:00", "PT1H"),
        ("2026-03-27T00:00:00+01:00", "2026-03-26T00:00:00+01:00", "PT1H"),
    ],
)
def test_a_series_that_cannot_be_judged_gives_no_finding(
    tmp_path: Path, start: str | None, end: str | None, resolution: str | None
) -> None:
    assert _series(tmp_path, start, end, resolution, ["1"]) == []


def test_a_rule_loads_with_its_defaults_and_its_settings(tmp_path: Path) -> None:
    """What a rule table says (or leaves out) is what the loaded rule holds."""
    path = tmp_path / "brs-no-999.toml"
    path.write_text(
        """
[dates]
soon = 2026-06-01
[fields]
created = { ebix = "Header/Creation" }
kind = { ebix = "Header/Kind" }
process = { ebix = "ProcessEnergyContext/EnergyBusinessProcess" }
[[rules]]
id = "R-1"
code = "X-1"
check = "present"
field = "created"
message = "m"
[[rules]]
id = "R-2"
code = "EH015"
check = "at_least"
fields = ["kind"]
field = "created"
severity = "warning"
values = [1, "b"]
count = 2
unit = "calendar_days"
min = -1
max = 4
when = { present = ["kind"], absent = ["created"] }
from = 2026-01-01
until = "soon"
source = "the brief"
processes = ["BRS-NO-101"]
messages = ["RequestStartOfSupply"]
proposed = true
message = "n"
""",
        encoding="utf-8",
    )
    plain, full = load_rule_set(path).rules
    assert (plain.id, plain.code, plain.check, plain.fields, plain.message) == (
        "R-1", "X-1", "present", ("created",), "m",
    )  # fmt: skip
    assert plain.severity is Severity.ERROR
    assert (plain.values, plain.pattern, plain.count, plain.unit) == ((), None, 1, "working_days")
    assert (plain.minimum, plain.maximum, plain.when) == (None, None, {})
    assert (plain.valid_from, plain.valid_until, plain.from_name, plain.until_name) == (None,) * 4
    assert (plain.source, plain.processes, plain.messages, plain.proposed) == (
        "", frozenset(), frozenset(), False,
    )  # fmt: skip
    assert plain.ours
    assert not full.ours
    assert full.fields == ("kind", "created")
    assert full.severity is Severity.WARNING
    assert (full.values, full.count, full.unit, full.minimum, full.maximum) == (
        ("1", "b"), 2, "calendar_days", -1, 4,
    )  # fmt: skip
    assert full.when == {"present": ("kind",), "absent": ("created",)}
    assert full.valid_from is not None
    assert full.valid_until is not None
    assert (full.valid_from.isoformat(), full.from_name) == ("2026-01-01T00:00:00+01:00", None)
    assert (full.valid_until.isoformat(), full.until_name) == ("2026-06-01T00:00:00+02:00", "soon")
    assert (full.source, full.processes, full.messages, full.proposed) == (
        "the brief", frozenset({"BRS-NO-101"}), frozenset({"RequestStartOfSupply"}), True,
    )  # fmt: skip


def test_a_missing_field_points_at_the_first_field_of_its_rule_that_is_there(
    tmp_path: Path,
) -> None:
    """A rule on several fields names the one missing, at the first of its fields the
    document has (here the second), not at the place the missing one would go."""
    extra = """
[[rules]]
id = "A-4"
code = "X-A4"
check = "present"
fields = ["lost", "w1"]
message = "{field} missing"
"""
    body = "<probe><w1>2026-03-26T12:00:00+01:00</w1></probe>"
    found = [
        (p.code, p.message, p.line, p.path)
        for p in _probe(tmp_path, _CREATED, body, _PROBE_SET + extra)
    ]
    assert found == [("X-A4", "lost missing (rule A-4)", 3, f"{_ROOT}/probe/w1")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # ESMP period boundaries are written to the minute
        ("2026-05-01T00:00Z", "2026-05-01T00:00:00+00:00"),
        ("2026-05-01T00:15+02:00", "2026-05-01T00:15:00+02:00"),
        # fractions shorter than microseconds are padded, longer ones cut
        ("2026-05-01T00:00:00.5+01:00", "2026-05-01T00:00:00.500000+01:00"),
        ("2026-05-01T00:00:59.1234567-03:30", "2026-05-01T00:00:59.123456-03:30"),
        (" 2026-05-01T23:59:59Z\n", "2026-05-01T23:59:59+00:00"),
    ],
)
def test_an_instant_reads_minutes_fractions_and_offsets(text: str, expected: str) -> None:
    assert instant(text).isoformat() == expected


@pytest.mark.parametrize(
    "text", ["2026-05-01T00:00", "2026-05-01", "2026-05-01T00:00:00+0200", "x2026-05-01T00:00Z"]
)
def test_an_instant_needs_a_date_time_with_its_offset(text: str) -> None:
    with pytest.raises(ValueError, match="not a date-time with offset"):
        instant(text)


def test_a_message_naming_what_the_check_does_not_know_is_shown_as_written(
    tmp_path: Path,
) -> None:
    """A rule message with a placeholder its check does not fill (``{colour}``, ``{0}``) is
    shown as written, not a crash."""
    extra = """
[[rules]]
id = "M-1"
code = "X-M1"
check = "present"
field = "lost"
message = "{field} {colour} missing"
[[rules]]
id = "M-2"
code = "X-M2"
check = "present"
field = "lost"
message = "{0} missing"
"""
    body = "<probe><w1>2026-03-26T12:00:00+01:00</w1></probe>"
    found = [(p.code, p.message) for p in _probe(tmp_path, _CREATED, body, _PROBE_SET + extra)]
    assert found == [
        ("X-M1", "{field} {colour} missing (rule M-1)"),
        ("X-M2", "{0} missing (rule M-2)"),
    ]


def test_midnight_and_pattern_checks_name_the_value_and_where_it_is(tmp_path: Path) -> None:
    extra = """
[fields.t1]
cim = "probe/t1"
label = "start time"
[[rules]]
id = "T-1"
code = "X-T1"
check = "midnight"
field = "t1"
message = "{field} {value} is {local} in Oslo"
[[rules]]
id = "P-1"
code = "X-P1"
check = "pattern"
field = "d2"
pattern = "2026-0[1-3].*"
message = "{field} {value} is not a first-quarter date"
"""
    body = "\n".join(
        [
            "<probe><t1>2026-03-25T23:00:00Z</t1></probe>",  # midnight in Oslo (winter time)
            "<probe><t1>2026-03-29T22:00:00Z</t1></probe>",  # midnight in Oslo (summer time)
            "<probe><t1>2026-03-26T00:00:00Z</t1></probe>",  # line 5: 01:00 in Oslo
            "<probe><t1>9999-12-31T23:00:00-14:00</t1></probe>",  # line 6: year 10000 in Oslo
            "<probe><t1>soon</t1></probe>",  # not a date-time: the XSD's business
            "<probe><t1>2026-03-26T00:00:00.5+01:00</t1></probe>",  # line 8: half a second on
            "<probe><d2>2026-03-29T00:00:00+01:00</d2></probe>",
            "<probe><d2>2026-04-29T00:00:00+02:00</d2></probe>",  # line 10
        ]
    )
    found = [
        (p.code, p.message, p.line, p.path)
        for p in _probe(tmp_path, _CREATED, body, _PROBE_SET + extra)
        if p.code in {"X-T1", "X-P1", "DATE_OUT_OF_RANGE"}
    ]
    limits = "is out of the range that can be computed with (years 1 to 9999 in every time zone)"
    assert found == [
        (
            "X-T1",
            "start time 2026-03-26T00:00:00Z is 2026-03-26T01:00:00+01:00 in Oslo (rule T-1)",
            5,
            f"{_ROOT}/probe[3]/t1",
        ),
        (
            "DATE_OUT_OF_RANGE",
            f"start time 9999-12-31T23:00:00-14:00 {limits} (rule T-1)",
            6,
            f"{_ROOT}/probe[4]/t1",
        ),
        (
            "X-T1",
            "start time 2026-03-26T00:00:00.5+01:00 is 2026-03-26T00:00:00.500000+01:00 in Oslo"
            " (rule T-1)",
            8,
            f"{_ROOT}/probe[6]/t1",
        ),
        (
            "X-P1",
            "calendar deadline date 2026-04-29T00:00:00+02:00 is not a first-quarter date"
            " (rule P-1)",
            10,
            f"{_ROOT}/probe[8]/d2",
        ),
    ]


def test_what_a_document_holds_is_looked_up_once_per_evaluation(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """evaluate keeps what each path found for the document it judges (rule sets ask for the
    same fields again): the same findings as looking every time, and nothing kept after."""
    from elhub_cim.core.identify import identify
    from elhub_cim.rules import engine

    examples = Path(__file__).resolve().parents[1] / "examples"
    sources = [path.read_bytes() for path in sorted(examples.glob("*/*.xml"))[:40]]
    # and requests that break rules (a grid company asking, an acknowledgement asked for)
    sources += [
        from_domain(request(AFTER, metering_point=GSRN, **extra), to=side)
        for extra in ({"role": Role.GRID_ACCESS_PROVIDER}, {"ack": True})
        for side in ("ebix", "cim")
    ]
    documents = []
    for data in sources:
        document = parse_bytes(data)
        try:
            documents.append((document, identify(document)))
        except elhub_cim.ElhubCimError:
            continue
    kept = [
        evaluate(d, t, default_rule_sets(), as_of=as_of)
        for d, t in documents
        for as_of in (datetime(2026, 6, 1, tzinfo=UTC), datetime(2035, 1, 1, tzinfo=UTC))
    ]
    assert engine._found.get() is None
    looked_up: list[str] = []
    find_now = engine._find_now

    def counting(context: Any, path: str) -> Any:
        looked_up.append(path)
        return find_now(context, path)

    monkeypatch.setattr(engine, "_find_now", counting)

    class Forgetting:  # a memo that keeps nothing
        def get(self) -> None:
            return None

        def set(self, value: Any) -> None:
            return None

        def reset(self, token: Any) -> None:
            return None

    monkeypatch.setattr(engine, "_found", Forgetting())
    fresh = [
        evaluate(d, t, default_rule_sets(), as_of=as_of)
        for d, t in documents
        for as_of in (datetime(2026, 6, 1, tzinfo=UTC), datetime(2035, 1, 1, tzinfo=UTC))
    ]
    assert fresh == kept
    assert any(f for f in kept)
    assert len(looked_up) > len(set(looked_up))


# --- rule sets in turn -------------------------------------------------------------------------


def test_a_rule_set_for_another_process_does_not_stop_the_ones_after_it() -> None:
    """Rule sets are judged one by one: one for another process of the same message is passed
    over, and the rule set after it still judges the document."""
    parsed, message_type = elhub_cim.check(_cim_end_of_supply("2026-03-25T10:00:00Z", SPRING_END))
    (own,) = [s for s in configured_rule_sets() if s.id == "BRS-NO-201"]
    other = dataclasses.replace(own, id="OTHER", processes=frozenset({"BRS-NO-202"}))
    alone = [(p.code, p.path) for p in evaluate(parsed, message_type, [own])]
    assert [code for code, _ in alone] == ["X-NO201_EARLY_FOR_INTERVAL"]
    assert [(p.code, p.path) for p in evaluate(parsed, message_type, [other])] == []
    assert [(p.code, p.path) for p in evaluate(parsed, message_type, [other, own])] == alone


def test_a_document_without_a_creation_time_is_judged_by_the_rules_in_force_now(
    tmp_path: Path,
) -> None:
    """No creation time and no ``as_of``: the rules in force at this moment apply (one that
    started in 2020 does, one that ended in 2020 does not)."""
    path = tmp_path / "now.toml"
    path.write_text(
        """
messages = ["RequestEndOfSupply_MarketDocument"]
[dates]
past = 2020-01-01T00:00:00+01:00
[fields]
created = { ebix = "Header/Creation", cim = "createdDateTime" }
[[rules]]
id = "N-1"
code = "X-STARTED"
check = "present"
field = "created"
from = "past"
message = "{field} missing"
[[rules]]
id = "N-2"
code = "X-ENDED"
check = "present"
field = "created"
until = "past"
message = "{field} missing"
""",
        encoding="utf-8",
    )
    root = "RequestEndOfSupply_MarketDocument"
    data = f'<{root} xmlns="{_NS}"><mRID>x</mRID></{root}>'
    document = parse_bytes(data.encode(), name="now.xml")
    found = evaluate(document, elhub_cim.identify(document), [load_rule_set(path)])
    assert [p.code for p in found] == ["X-STARTED"]


def test_a_date_out_of_range_met_by_two_rule_sets_is_one_finding_and_the_rest_still_count(
    tmp_path: Path,
) -> None:
    """Two rule sets that read the same date out of range give one DATE_OUT_OF_RANGE; every
    other finding of the second set is still reported (here the same rule set twice: its
    window finding twice)."""
    path = tmp_path / "probe-set.toml"
    path.write_text(_PROBE_SET, encoding="utf-8")
    body = (
        "<probe><w1>9999-12-31T23:59:59Z</w1></probe>\n"  # line 3: out of range
        "<probe><w1>2026-03-23T12:00:00+01:00</w1></probe>"  # line 4: too early
    )
    data = (
        f'<RequestEndOfSupply_MarketDocument xmlns="{_NS}">\n'
        f"<createdDateTime>{_CREATED}</createdDateTime>\n{body}\n"
        "</RequestEndOfSupply_MarketDocument>\n"
    ).encode()
    document = parse_bytes(data, name="probe.xml")
    rule_set = load_rule_set(path)
    once = [(p.code, p.line) for p in evaluate(document, elhub_cim.identify(document), [rule_set])]
    assert once == [("DATE_OUT_OF_RANGE", 3), ("X-W1", 4)]
    twice = evaluate(document, elhub_cim.identify(document), [rule_set, rule_set])
    assert [(p.code, p.line) for p in twice] == [*once, ("X-W1", 4)]


# --- loading a rule set file ---------------------------------------------------------------------


def test_a_named_moment_is_kept_by_name(tmp_path: Path) -> None:
    """A rule bounded by a named date keeps the name (the rules' documentation shows it); a
    literal date has none."""
    (named,) = load_rule_set(_dated_set(tmp_path, "edge = 2026-08-01", 'from = "edge"')).rules
    assert (named.from_name, named.until_name) == ("edge", None)
    (until,) = load_rule_set(_dated_set(tmp_path, "edge = 2026-08-01", 'until = "edge"')).rules
    assert (until.from_name, until.until_name) == (None, "edge")
    (literal,) = load_rule_set(_dated_set(tmp_path, "edge = 2026-08-01", "from = 2026-03-01")).rules
    assert (literal.from_name, literal.until_name) == (None, None)


def test_a_fields_defaults_and_its_label_in_messages(tmp_path: Path) -> None:
    """A field without a label is named by its key in messages; without ``personal`` it is not
    personal; only ``cim_codes = "process"`` marks a process code."""
    path = tmp_path / "fields.toml"
    path.write_text(
        """
messages = ["RequestEndOfSupply_MarketDocument"]
[fields]
created = { ebix = "Header/Creation", cim = "createdDateTime" }
mark = { label = "the mark", cim = "mark" }
process = { cim = "process.processType", cim_codes = "process" }
[[rules]]
id = "F-1"
code = "X-F1"
check = "present"
field = "mark"
message = "{field} missing"
[[rules]]
id = "F-2"
code = "X-F2"
check = "absent"
field = "created"
message = "{field} given"
""",
        encoding="utf-8",
    )
    rule_set = load_rule_set(path)
    fields = rule_set.fields
    assert [(f.name, f.label, f.personal, f.cim_process_code) for f in fields.values()] == [
        ("created", "created", False, False),
        ("mark", "the mark", False, False),
        ("process", "process", False, True),
    ]
    root = "RequestEndOfSupply_MarketDocument"
    data = f'<{root} xmlns="{_NS}"><createdDateTime>{_CREATED}</createdDateTime></{root}>'
    document = parse_bytes(data.encode(), name="f.xml")
    found = evaluate(document, elhub_cim.identify(document), [rule_set])
    assert [p.message for p in found] == ["the mark missing (rule F-1)", "created given (rule F-2)"]


def test_a_rule_set_file_without_fields_or_rules(tmp_path: Path) -> None:
    """No ``[fields]``: refused for want of the ``created`` field, by name; no rules: a rule set
    that finds nothing."""
    path = tmp_path / "bare.toml"
    path.write_text('messages = ["RequestEndOfSupply"]\n', encoding="utf-8")
    with pytest.raises(RuleSetError, match=r"^bare\.toml: a rule set needs a 'created' field"):
        load_rule_set(path)
    path.write_text(
        'messages = ["RequestEndOfSupply"]\n[fields]\ncreated = { ebix = "Header/Creation" }\n',
        encoding="utf-8",
    )
    assert load_rule_set(path).rules == ()


def test_a_broken_rule_set_file_is_named_in_its_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text("messages = [\n", encoding="utf-8")
    with pytest.raises(RuleSetError, match=r"^broken\.toml: "):
        load_rule_set(path)
    path.write_text(
        '[fields]\ncreated = { ebix = "Header/Creation" }\n'
        f"[[rules]]\n{_RULE}\n[[rules]]\n{_RULE}\n",
        encoding="utf-8",
    )
    with pytest.raises(RuleSetError, match=r"^broken\.toml: duplicate rule ids$"):
        load_rule_set(path)


def test_a_rule_set_files_own_entries_and_their_defaults(tmp_path: Path) -> None:
    """What a rule set file says of itself is what the rule set holds; left out, the id is the
    file's name and the rest is empty."""
    full = tmp_path / "brs-no-998.toml"
    full.write_text(
        """
id = "BRS-X"
title = "A title"
notes = "Some notes"
messages = ["RequestEndOfSupply"]
processes = ["BRS-NO-201"]
proposed_dates = ["edge"]
[dates]
edge = 2026-08-01
[fields]
created = { ebix = "Header/Creation" }
process = { ebix = "ProcessEnergyContext/EnergyBusinessProcess" }
""",
        encoding="utf-8",
    )
    rule_set = load_rule_set(full)
    assert (rule_set.id, rule_set.title, rule_set.notes, rule_set.source) == (
        "BRS-X",
        "A title",
        "Some notes",
        "brs-no-998.toml",
    )
    assert (rule_set.messages, rule_set.processes, rule_set.proposed_dates) == (
        frozenset({"RequestEndOfSupply"}),
        frozenset({"BRS-NO-201"}),
        frozenset({"edge"}),
    )
    assert rule_set.dates == {"edge": datetime(2026, 7, 31, 22, 0, tzinfo=UTC)}  # Oslo midnight
    bare = tmp_path / "brs-no-997.toml"
    bare.write_text('[fields]\ncreated = { ebix = "Header/Creation" }\n', encoding="utf-8")
    plain = load_rule_set(bare)
    assert (plain.id, plain.title, plain.notes, plain.source) == ("brs-no-997", "", "", bare.name)
    assert (plain.messages, plain.processes, plain.proposed_dates, plain.dates) == (
        frozenset(),
        frozenset(),
        frozenset(),
        {},
    )


def test_conditions_per_payload_read_relative_fields_there_and_others_on_the_document(
    tmp_path: Path,
) -> None:
    """A rule judged per payload reads its condition's relative fields in that payload (``absent``
    and ``any_present`` as ``present``) and its other fields on the whole document."""
    rule_set = """
[payload]
cim = "probe"
[fields]
created = { cim = "createdDateTime" }
rel = { cim = "./inner", label = "inner" }
mark = { cim = "./@mark", label = "mark" }
[[rules]]
id = "C-1"
code = "X-C1"
check = "present"
field = "mark"
when = { absent = ["rel"], present = ["created"] }
message = "{field} missing without inner"
[[rules]]
id = "C-2"
code = "X-C2"
check = "present"
field = "mark"
when = { any_present = ["rel"] }
message = "{field} missing with inner"
"""
    body = "<probe><inner/></probe>\n<probe/>"  # lines 3 and 4
    found = _probe(tmp_path, _CREATED, body, rule_set)
    assert [(p.code, p.line) for p in found] == [("X-C1", 4), ("X-C2", 3)]


def test_counting_absent_and_midnight_checks_per_payload(tmp_path: Path) -> None:
    """``absent``, ``exactly_one`` (with a ``count`` it ignores), ``at_least`` and ``midnight``
    on fields relative to each payload: judged in each payload, the counts in the message."""
    rule_set = """
[payload]
cim = "probe"
[fields]
created = { cim = "createdDateTime" }
a = { cim = "./a", label = "a" }
b = { cim = "./b", label = "b" }
[[rules]]
id = "N-1"
code = "X-N1"
check = "absent"
field = "b"
message = "{field} here"
[[rules]]
id = "N-2"
code = "X-N2"
check = "exactly_one"
count = 3
fields = ["a", "b"]
message = "{found} of exactly {count}"
[[rules]]
id = "N-3"
code = "X-N3"
check = "at_least"
count = 2
fields = ["a", "b"]
message = "{found} of at least {count}"
[[rules]]
id = "N-4"
code = "X-N4"
check = "midnight"
field = "a"
message = "{field} {value} is {local}"
"""
    body = "\n".join(
        [
            "<probe><a>2026-03-01T00:00:00+01:00</a><b/></probe>",  # line 3
            "<probe><a>2026-03-01T12:00:00+01:00</a></probe>",  # line 4
            "<probe/>",  # line 5
        ]
    )
    found = _probe(tmp_path, _CREATED, body, rule_set)
    assert [(p.code, p.line, p.message.split(" (rule")[0], p.path) for p in found] == [
        ("X-N1", 3, "b here", f"{_ROOT}/probe[1]/b"),
        ("X-N2", 3, "2 of exactly 1", f"{_ROOT}/probe[1]/a"),
        ("X-N2", 5, "0 of exactly 1", f"{_ROOT}/probe[3]"),
        ("X-N3", 4, "1 of at least 2", f"{_ROOT}/probe[2]/a"),
        ("X-N3", 5, "0 of at least 2", f"{_ROOT}/probe[3]"),
        (
            "X-N4",
            4,
            "a 2026-03-01T12:00:00+01:00 is 2026-03-01T12:00:00+01:00",
            f"{_ROOT}/probe[2]/a",
        ),
    ]
