"""``python -m elhub_cim.rules [RULE-SET-ID ...]``: regenerate ``docs/rules/<id>.md``."""

from __future__ import annotations

import sys
from pathlib import Path

from .docs import rules_markdown
from .engine import default_rule_sets


def main(argv: list[str]) -> None:
    wanted = set(argv) or {rule_set.id for rule_set in default_rule_sets()}
    folder = Path(__file__).resolve().parents[3] / "docs" / "rules"
    folder.mkdir(parents=True, exist_ok=True)
    for rule_set in default_rule_sets():
        if rule_set.id in wanted:
            target = folder / f"{rule_set.id.lower()}.md"
            target.write_text(rules_markdown(rule_set), encoding="utf-8")
            print(target)


if __name__ == "__main__":
    main(sys.argv[1:])
