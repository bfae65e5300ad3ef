"""Settings for the shipped rule sets, without editing the package: ``--rules-config FILE``.

A rules configuration moves effective dates and switches rules on or off::

    # rules.toml
    proposed = "on"              # proposed rules: "warn" (default), "on" (as written) or "off"

    [dates."BRS-NO-611"]         # per rule set: dates of its [dates] table
    purpose_mandatory = 2026-04-13

    [rules]                      # per rule id: true = judged as written, false = off
    "611-P1" = true

The API equivalent is :class:`RulesConfig` (or :func:`load_rules_config`) and
:func:`configured_rule_sets`, whose result goes to ``rules.check(..., rule_sets=...)`` and
``validate(..., rules_config=...)``.

A *proposed* rule (its date is one Elhub proposed but has not decided, see :mod:`.engine`) is
reported as a **warning** by default: visible, but it does not make a message invalid (with
``--strict`` it does, as every warning). ``proposed = "on"`` judges proposed rules as written
(the 611 purpose rule then is an error), ``"off"`` leaves them out. A rule named in ``[rules]``
overrides both: ``true`` judges it as written, ``false`` leaves it out.
"""

from __future__ import annotations

import functools
import os
import stat
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import Literal, get_args

from ..core.arguments import checked_path, refuse_one
from ..core.errors import Severity, shown_name
from .engine import RuleSet, RuleSetError, load_rule_set, sets_folder

__all__ = [
    "ProposedMode",
    "RulesConfig",
    "configured_rule_sets",
    "load_rules_config",
]

ProposedMode = Literal["warn", "on", "off"]
PROPOSED_MODES: tuple[ProposedMode, ...] = get_args(ProposedMode)
_KEYS = frozenset({"proposed", "dates", "rules"})


@dataclass(frozen=True)
class RulesConfig:
    """Dates per rule set id (``{"BRS-NO-611": {"purpose_mandatory": date(...)}}``), how proposed
    rules are judged, and rules switched on (``True``: as written) or off (``False``) by id."""

    dates: Mapping[str, Mapping[str, datetime | date]] = field(default_factory=dict)
    proposed: ProposedMode = "warn"
    rules: Mapping[str, bool] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.proposed not in PROPOSED_MODES:
            raise RuleSetError(
                f"proposed must be one of {', '.join(PROPOSED_MODES)}, got {self.proposed!r}"
            )
        if not isinstance(self.dates, Mapping):
            raise RuleSetError(
                "dates: a table of rule set ids, each a table of dates by name, "
                f"not {type(self.dates).__name__}"
            )
        for set_id, dates in self.dates.items():
            if not isinstance(dates, Mapping):
                raise RuleSetError(
                    f"dates: {set_id} is a table of dates by name, not {type(dates).__name__}"
                )
        for rule_id, switch in self.rules.items():
            # (only False leaves a rule out: "false" or 0 judged it as written, the opposite)
            if not isinstance(switch, bool):
                raise RuleSetError(f"rules: {rule_id} must be true or false, got {switch!r}")


#: Longest rules configuration read (a few hundred bytes in practice): a device or a file of
#: gigabytes given by mistake is refused, not read into memory for ever.
MAX_CONFIG_BYTES = 1024 * 1024


def load_rules_config(path: str | Path) -> RulesConfig:
    """Read a rules configuration file (TOML, format in the module docstring): once (a pipe,
    such as bash's ``<(...)``, a ``/dev/fd/N``, holds it for one read), at most 1 MiB. An error
    names the file by its name, or one that is no regular file (a pipe, a device) by the path
    given: ``/dev/fd/63``, not ``63``."""
    checked_path(path)
    name = Path(path).name
    try:
        with open(path, "rb") as file:
            if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
                name = shown_name(path)
            raw = file.read(MAX_CONFIG_BYTES + 1)
    except OSError as error:
        raise RuleSetError(f"{name}: cannot read: {error.strerror or error}") from None
    if len(raw) > MAX_CONFIG_BYTES:
        raise RuleSetError(f"{name}: larger than 1 MiB: no rules configuration")
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise RuleSetError(f"{name}: not TOML: {error}") from None
    unknown = set(data) - _KEYS
    if unknown:
        raise RuleSetError(f"{name}: unknown keys {sorted(unknown)} (known: {sorted(_KEYS)})")
    dates = data.get("dates", {})
    if not isinstance(dates, dict) or not all(isinstance(v, dict) for v in dates.values()):
        raise RuleSetError(f'{name}: [dates."RULE-SET-ID"] tables of name = date expected')
    for set_id, table in dates.items():
        for key, value in table.items():
            if not isinstance(value, date):  # datetime is a date too
                raise RuleSetError(f"{name}: dates.{set_id}.{key} must be a date or date-time")
    rules = data.get("rules", {})
    if not isinstance(rules, dict) or not all(isinstance(v, bool) for v in rules.values()):
        raise RuleSetError(f"{name}: [rules] wants rule id = true or false")
    try:
        return RulesConfig(dates=dates, proposed=data.get("proposed", "warn"), rules=rules)
    except RuleSetError as error:
        raise RuleSetError(f"{name}: {error}") from None


def _paths() -> tuple[Path, ...]:
    return tuple(sorted(sets_folder().glob("brs-*.toml")))


def configured_rule_sets(
    config: RulesConfig | None = None, paths: Iterable[str | Path] | None = None
) -> tuple[RuleSet, ...]:
    """The rule sets (shipped ones unless ``paths``) with ``config`` applied. Every rule set id,
    date and rule id named in ``config`` must exist (a typo is an error, not a silent no-op)."""
    if config is None and paths is None:
        return _default()
    if config is not None and not isinstance(config, RulesConfig):
        raise TypeError(
            "config is a RulesConfig (load_rules_config(path)) or None, "
            f"not {type(config).__name__}"
        )
    if paths is not None:
        refuse_one(paths, "paths", "path", "put it in a list")
        if not isinstance(paths, Iterable):
            raise TypeError(f"paths is an iterable of paths or None, not {type(paths).__name__}")
    config = config or RulesConfig()
    loaded = []
    for path in paths if paths is not None else _paths():
        first = load_rule_set(path)
        dates = config.dates.get(first.id)
        unknown = sorted(set(dates or ()) - set(first.dates))
        if unknown:  # (the settings' mistake: not blamed on the rule set's file)
            raise RuleSetError(
                f'dates."{first.id}": no date named {", ".join(map(repr, unknown))} '
                f"(known: {', '.join(sorted(first.dates)) or 'none'})"
            )
        loaded.append(load_rule_set(path, dates=dates) if dates else first)
    ids = {rule_set.id for rule_set in loaded}
    missing = sorted(set(config.dates) - ids)
    if missing:
        raise RuleSetError(f"no rule set {', '.join(missing)} (known: {', '.join(sorted(ids))})")
    rule_ids = {rule.id for rule_set in loaded for rule in rule_set.rules}
    missing = sorted(set(config.rules) - rule_ids)
    if missing:
        raise RuleSetError(f"no rule {', '.join(missing)} in the rule sets")
    return tuple(_apply(rule_set, config) for rule_set in loaded)


@functools.cache
def _default() -> tuple[RuleSet, ...]:
    return configured_rule_sets(RulesConfig(), _paths())


def _apply(rule_set: RuleSet, config: RulesConfig) -> RuleSet:
    rules = []
    for rule in rule_set.rules:
        switch = config.rules.get(rule.id)
        if switch is False:
            continue
        if rule.proposed and switch is None:
            if config.proposed == "off":
                continue
            if config.proposed == "warn":
                rule = replace(rule, severity=Severity.WARNING)
        rules.append(rule)
    return replace(rule_set, rules=tuple(rules))
