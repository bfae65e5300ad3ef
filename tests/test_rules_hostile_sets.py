"""Rule set files and rules configurations a user gets wrong: each mistake is a
:class:`RuleSetError` naming the file, the rule and what is wrong, when the file loads; never a
traceback, and never a rule read as something else than its author meant.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest

import elhub_cim
from elhub_cim.rules import RulesConfig, RuleSetError, configured_rule_sets, load_rule_set

PROJECT = Path(__file__).resolve().parents[1]
UPFRONT = "RequestUpfrontMeteringPointCharacteristics"

_FIELDS = '[fields]\ncreated = { ebix = "Header/Creation" }\n'
_RULE = 'id="x"\ncode="X-1"\ncheck="present"\nfield="created"\nmessage="m"\n'


def _load(tmp_path: Path, text: str) -> str:
    """The message of the error loading a rule set file of ``text``."""
    path = tmp_path / "brs-no-999.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RuleSetError) as caught:
        load_rule_set(path)
    return str(caught.value)


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        (_RULE.replace('id="x"', "id=5"), "id must be a text, got 5"),
        (_RULE.replace('code="X-1"', 'code=["X-1"]'), "code must be a text, got ['X-1']"),
        (_RULE.replace('"present"', '["present"]'), "check must be a text, got ['present']"),
        (_RULE.replace('field="created"', 'field=["created"]'), "field must be a text"),
        (_RULE.replace('field="created"', 'fields="created"'), "fields must be a list of texts"),
        (_RULE.replace('message="m"', "message=5"), "message must be a text, got 5"),
        (_RULE + 'severity="fatal"\n', "severity must be 'error' or 'warning', got 'fatal'"),
        (_RULE + 'count="two"\n', "count must be a whole number, got 'two'"),
        (_RULE + "count=true\n", "count must be a whole number, got True"),
        (_RULE + 'min="3"\n', "min must be a whole number, got '3'"),
        (_RULE + "max=1.5\n", "max must be a whole number, got 1.5"),
        (_RULE + "unit=1\n", "unit must be a text, got 1"),
        (_RULE + 'processes="BRS-NO-201"\n', "processes must be a list of texts"),
        (_RULE + 'messages="RequestEndOfSupply"\n', "messages must be a list of texts"),
        (_RULE + 'proposed="no"\n', "proposed must be true or false, got 'no'"),
        (_RULE + "source=[1]\n", "source must be a text, got [1]"),
        (_RULE + "values=5\n", "values must be a list of texts or numbers, got 5"),
        (_RULE + "values=[false]\n", "values must be a list of texts or numbers"),
        (_RULE + 'when=["created"]\n', "when must be a table of condition = [field, ...]"),
        (_RULE + 'when={present="created"}\n', "when must be a table of condition = [field"),
        (
            _RULE.replace('"present"', '"pattern"') + 'pattern="("\n',
            "pattern '(' is not a regular expression: missing ), unterminated subpattern",
        ),
        (_RULE.replace('"present"', '"pattern"') + "pattern=5\n", "pattern must be a text"),
        (_RULE.replace('message="m"', 'message="a { b"'), "message 'a { b' cannot be filled in"),
        # a conversion, a format (a MemoryError on the first finding), an attribute
        *(
            (_RULE.replace('message="m"', f'message="{m}"'), f"message '{m}' cannot be filled")
            for m in ("{field!z}", "{field:>99999999999}", "{field.nope}")
        ),
    ],
)
def test_a_rule_of_the_wrong_type_is_named_when_it_loads(
    tmp_path: Path, rule: str, message: str
) -> None:
    """A number where a text is wanted, a text where a list is: refused by key (a text was read
    letter by letter as a list, a text read as a number failed on the first document)."""
    name = "5" if "id=5" in rule else "x"
    found = _load(tmp_path, _FIELDS + "[[rules]]\n" + rule)
    assert found.startswith(f"brs-no-999.toml rule 1 ({name}): {message}")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("fields = [1]\n", "fields must be a table of field = { ebix = ..., cim = ... }"),
        ('[fields]\ncreated = "Header/Creation"\n', "field 'created' must be a table"),
        ("[fields]\ncreated = { ebix = 5 }\n", "field 'created': ebix must be a text, got 5"),
        (_FIELDS + "x = { personal = 'yes' }\n", "field 'x': personal must be true or false"),
        (_FIELDS + "x = { cim_codes = 'processes' }\n", "field 'x': cim_codes must be 'process'"),
        (_FIELDS + "[rules]\na = 1\n", "rules must be a list of [[rules]] tables"),
        ("rules = [1]\n" + _FIELDS, "rules must be a list of [[rules]] tables"),
        ('messages = "RequestEndOfSupply"\n' + _FIELDS, "messages must be a list of texts"),
        ('processes = "BRS-NO-201"\n' + _FIELDS, "processes must be a list of texts"),
        ('proposed_dates = "edge"\n' + _FIELDS, "proposed_dates must be a list of texts"),
        ("dates = [1]\n" + _FIELDS, "dates must be a table of name = date"),
        ('payload = "PayloadMPEvent"\n' + _FIELDS, "payload must be a table of ebix/cim = path"),
        ("payload = { ebix = 1 }\n" + _FIELDS, "payload: ebix must be a text, got 1"),
        ("id = { a = 1 }\n" + _FIELDS, "id must be a text"),
        ("title = 1\n" + _FIELDS, "title must be a text, got 1"),
    ],
)
def test_a_rule_set_of_the_wrong_shape_is_named_when_it_loads(
    tmp_path: Path, text: str, message: str
) -> None:
    assert _load(tmp_path, text).startswith(f"brs-no-999.toml: {message}")


def test_a_rule_set_file_that_is_not_utf8_is_named(tmp_path: Path) -> None:
    path = tmp_path / "brs-no-999.toml"
    path.write_bytes('id = "x"\n'.encode("utf-16"))
    with pytest.raises(RuleSetError, match=r"^brs-no-999\.toml: not UTF-8 text"):
        load_rule_set(path)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        # [[rule]] for [[rules]]: a rule set without a rule, finding nothing
        (
            _FIELDS + "[[rule]]\n" + _RULE,
            "unknown keys ['rule'] (known: ['dates', 'fields', 'id', 'messages', 'notes', "
            "'payload', 'processes', 'proposed_dates', 'rules', 'title'])",
        ),
        # ebxi for ebix: the field has no ebIX path, and every rule on it passes ebIX documents by
        (
            _FIELDS + 'kind = { ebxi = "Header/Kind", cim = "type" }\n',
            "field 'kind': unknown keys ['ebxi'] (known: ['cim', 'cim_codes', 'ebix', 'label', "
            "'personal'])",
        ),
        (
            'payload = { ebix = "P", CIM = "Q" }\n' + _FIELDS,
            "payload: unknown keys ['CIM'] (known: ['cim', 'ebix'])",
        ),
    ],
)
def test_a_misspelt_key_of_a_rule_set_is_named_when_it_loads(
    tmp_path: Path, text: str, message: str
) -> None:
    assert _load(tmp_path, text) == f"brs-no-999.toml: {message}"


_NO_PURPOSE = (
    (PROJECT / "examples" / "ebix" / f"{UPFRONT}-find-by-postcode-and-meter.xml")
    .read_bytes()
    .replace(b"<abie:Purpose>AccessRequest</abie:Purpose>", b"")
)


@pytest.mark.parametrize(
    ("moment", "shown"),
    [
        # midnight in Oslo (summer time), written in UTC: the day before in UTC
        (datetime(2026, 4, 5, 22, 0, tzinfo=UTC), "2026-04-06"),
        (date(2026, 4, 6), "2026-04-06"),
        # not midnight in Oslo: the moment as written, not a date it is not in force all of
        (datetime(2026, 4, 6, 10, 0, tzinfo=UTC), "2026-04-06T10:00:00+00:00"),
        (datetime(2026, 4, 6, 23, 30, tzinfo=timezone(timedelta(hours=-5))), "2026-04-06T23:30"),
        # a moment Norwegian time cannot show (year 0 there): as written, not a traceback
        (datetime(1, 1, 1, 0, 0, tzinfo=timezone(timedelta(hours=14))), "0001-01-01T00:00:00+14"),
    ],
)
def test_a_finding_names_the_norwegian_date_its_rule_is_in_force_from(
    moment: datetime | date, shown: str
) -> None:
    config = RulesConfig(dates={"BRS-NO-611": {"purpose_mandatory": moment}}, proposed="on")
    result = elhub_cim.validate(
        _NO_PURPOSE, as_of=date(2026, 5, 1), rule_sets=configured_rule_sets(config)
    )
    (finding,) = [p for p in result.problems if p.code == "X-NO611_PURPOSE_MISSING"]
    assert f"(rule 611-P1, in force from {shown}" in finding.message


@pytest.mark.parametrize("switch", ["false", "off", 0, None])
def test_a_rule_switched_by_anything_but_true_or_false_is_refused(switch: object) -> None:
    """``rules={"611-P1": "false"}`` (a setting read from JSON or an environment variable) judged
    the rule as written, the opposite of what it says; only True and False switch a rule."""
    with pytest.raises(RuleSetError) as caught:
        RulesConfig(rules={"611-P1": switch})  # type: ignore[dict-item]
    assert str(caught.value) == f"rules: 611-P1 must be true or false, got {switch!r}"


def test_a_setting_for_a_date_the_rule_set_does_not_have_names_the_setting() -> None:
    """The mistake is in the settings, not in the shipped rule set file they were blamed on
    (``brs-no-611.toml: no date named ...``); the dates there are listed."""
    config = RulesConfig(dates={"BRS-NO-611": {"purpose_mandatroy": date(2026, 4, 13)}})
    with pytest.raises(RuleSetError) as caught:
        configured_rule_sets(config)
    assert str(caught.value) == (
        "dates.\"BRS-NO-611\": no date named 'purpose_mandatroy' "
        "(known: purpose_mandatory, search_variant_2a_removed)"
    )


@pytest.mark.parametrize(
    ("fields", "where"),
    [
        ('[fields]\ncreated = { ebix = "Header/it\'s" }\n', "field 'created': ebix"),
        ('[fields]\ncreated = { cim = "@x[foo()]" }\n', "field 'created': cim"),
        (_FIELDS + '[payload]\nebix = "Pay\'load"\n', "payload: ebix"),
    ],
    ids=["quote", "unknown-function", "payload"],
)
def test_a_path_the_rules_cannot_follow_is_named_when_it_loads(
    tmp_path: Path, fields: str, where: str
) -> None:
    # Such a set loaded, then validate() raised XPathSyntaxError / XPathEvalError on a document.
    message = _load(tmp_path, fields + "[[rules]]\n" + _RULE)
    assert where in message
    assert "is not a path the rules can follow" in message
