"""Business rules: Elhub's process rules (data-driven, versioned by date) and identifier checks.

    import elhub_cim
    from elhub_cim.rules import check

    document = elhub_cim.parse("request.xml")
    document, message_type = elhub_cim.check(document)          # XSD first
    for problem in check(document, message_type, as_of=None, strict=False):
        print(problem.format())

Rule sets live in ``elhub_cim/rules/sets/brs-*.toml`` (format: :mod:`.engine`); identifier
schemes in ``sets/identifiers.toml``. ``docs/rules/`` is generated from them
(:func:`rules_markdown`, ``python -m elhub_cim.rules``).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from ..core.arguments import checked_flag, checked_parsed
from ..core.catalog import MessageType
from ..core.errors import Problem
from ..core.safeparse import ParsedDocument
from . import compiled  # noqa: F401 (the engine's compiled judgements: registered when loaded)
from .config import RulesConfig, configured_rule_sets, load_rules_config
from .docs import rules_markdown
from .engine import (
    Rule,
    RuleSet,
    RuleSetError,
    checked_rule_sets,
    default_rule_sets,
    evaluate,
    load_rule_set,
)
from .identifiers import check_identifiers
from .working_days import (
    add_working_days,
    easter_sunday,
    is_working_day,
    norwegian_public_holidays,
    subtract_working_days,
    working_days_between,
)

__all__ = [
    "Rule",
    "RuleSet",
    "RuleSetError",
    "RulesConfig",
    "add_working_days",
    "check",
    "check_identifiers",
    "configured_rule_sets",
    "default_rule_sets",
    "easter_sunday",
    "is_working_day",
    "load_rule_set",
    "load_rules_config",
    "norwegian_public_holidays",
    "rules_markdown",
    "subtract_working_days",
    "working_days_between",
]


def check(
    document: ParsedDocument,
    message_type: MessageType,
    *,
    as_of: datetime | date | None = None,
    strict: bool = False,
    rule_sets: Iterable[RuleSet] | None = None,
) -> list[Problem]:
    """Business-rule findings for a schema-valid document (run after XSD validation).

    ``as_of`` judges the document by the rules in force at that moment instead of its creation
    time (a date = midnight Norwegian time; a naive date-time = Norwegian time). ``strict`` turns
    warnings (check digits, rules marked as warnings) into errors. ``rule_sets`` replaces the
    shipped rule sets as configured by default (proposed rules are warnings); pass
    ``configured_rule_sets(RulesConfig(...))`` for other dates or switches.
    """
    checked_parsed("check", document, message_type)
    checked_flag(strict, "strict")
    sets = configured_rule_sets() if rule_sets is None else checked_rule_sets(rule_sets)
    problems = check_identifiers(document, strict=strict)
    problems += evaluate(document, message_type, sets, as_of=as_of, strict=strict)
    return problems
