"""The rule sets that judge a kind of document are weighed once per tuple of rule sets (the
configured ones: the same tuple for every document) and kind (engine._plans): a document of a
kind met before goes straight to them, with the findings of weighing every rule set again."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from elhub_cim.core.identify import identify
from elhub_cim.core.safeparse import parse_bytes
from elhub_cim.rules import check, configured_rule_sets, engine
from elhub_cim.rules.engine import evaluate
from tests.conftest import PROJECT_ROOT, REFERENCE_ROOT

EXAMPLES = sorted((PROJECT_ROOT / "examples").glob("*/*.xml")) + sorted(
    (REFERENCE_ROOT / "elhub-emif-2.4.3" / "examples").glob("*.xml")
)


class _Forgetful(dict[Any, Any]):
    def __setitem__(self, key: Any, value: Any) -> None:
        return None


def _findings(paths: list[Path]) -> list[list[tuple[Any, ...]]]:
    found = []
    for path in paths:
        document = parse_bytes(path.read_bytes(), name=path.name)
        message_type = identify(document)
        for setting in ({}, {"strict": True}, {"as_of": date(2026, 5, 1)}):
            found.append(
                [
                    (p.code, p.message, p.file, p.line, p.path, p.severity)
                    for p in check(document, message_type, **setting)
                ]
            )
    return found


def test_kept_plans_find_what_weighing_every_rule_set_finds(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    kept = _findings(EXAMPLES)
    kept_again = _findings(EXAMPLES)  # now from the plans
    monkeypatch.setattr(engine, "_plans", _Forgetful())
    assert _findings(EXAMPLES) == kept == kept_again
    assert any(kept) or not (REFERENCE_ROOT / "elhub-emif-2.4.3").is_dir()


def test_a_kind_met_before_goes_straight_to_its_rule_sets(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = PROJECT_ROOT / "examples" / "ebix" / "RequestEndOfSupply-move-out.xml"
    document = parse_bytes(path.read_bytes(), name=path.name)
    message_type = identify(document)
    rule_sets = configured_rule_sets()
    first = evaluate(document, message_type, rule_sets, as_of=date(2035, 1, 1))

    def weighed(*args: Any) -> Any:
        raise AssertionError("weighed again")

    monkeypatch.setattr(engine, "_rules_of", weighed)
    assert evaluate(document, message_type, rule_sets, as_of=date(2035, 1, 1)) == first
    # Another tuple of the same rule sets (or a list) is weighed afresh.
    with pytest.raises(AssertionError, match="weighed again"):
        evaluate(document, message_type, list(rule_sets))
