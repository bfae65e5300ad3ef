"""Markdown documentation of a rule set, generated from its file (``docs/rules/<id>.md``)."""

from __future__ import annotations

from .engine import OWN_CODE_PREFIX, Rule, RuleSet, describe_moment

__all__ = ["rules_markdown"]

_CHECK_TEXT = {
    "present": "must be present: {fields}",
    "absent": "must be absent: {fields}",
    "one_of": "{fields} ∈ {{{values}}}",
    "pattern": "{fields} matches `{pattern}`",
    "exactly_one": "exactly one of {fields}",
    "at_least": "at least {count} of {fields}",
    "deadline": "{fields}: {window}",
    "date_window": "{fields}: {window}",
    "midnight": "{fields} at midnight, Norwegian time",
    "period_alignment": "{fields}: start and end on the resolution's grid",
    "position_count": "{fields}: positions 1..n, n = (end − start) / resolution (real time)",
}


def _names(rule_set: RuleSet, names: tuple[str, ...]) -> str:
    return ", ".join(rule_set.fields[n].label for n in names)


def _offset(days: int, unit: str) -> str:
    if days == 0:
        return "the creation date"
    return f"{abs(days)} {unit} {'after' if days > 0 else 'before'} the creation date"


def _window(rule: Rule) -> str:
    unit = "working days" if rule.unit == "working_days" else "calendar days"
    if rule.check == "date_window":
        low, high = rule.minimum, rule.maximum
        if low is not None and high is not None:
            return f"from {_offset(low, unit)} to {_offset(high, unit)}"
        if low is not None:
            return f"on or after {_offset(low, unit)}"
        assert high is not None
        return f"on or before {_offset(high, unit)}"
    parts = []
    if rule.minimum is not None:
        parts.append(f"sent at least {rule.minimum} {unit} before")
    if rule.maximum is not None:
        parts.append(f"sent at most {rule.maximum} {unit} before")
    return " and ".join(parts)


def _condition(rule_set: RuleSet, rule: Rule) -> str:
    parts = []
    if rule.messages:
        parts.append(", ".join(f"`{m}`" for m in sorted(rule.messages)))
    if rule.processes:
        parts.append(", ".join(sorted(rule.processes)))
    if rule.when.get("present"):
        parts.append(f"{_names(rule_set, rule.when['present'])} given")
    if rule.when.get("absent"):
        parts.append(f"no {_names(rule_set, rule.when['absent'])}")
    if rule.when.get("any_present"):
        parts.append(f"any of {_names(rule_set, rule.when['any_present'])} given")
    return "; ".join(parts) or "always"


def _period(rule: Rule) -> str:
    start = describe_moment(rule.valid_from) if rule.valid_from else ""
    end = describe_moment(rule.valid_until) if rule.valid_until else ""
    if rule.from_name:
        start += f" (`{rule.from_name}`)"
    if rule.until_name:
        end += f" (`{rule.until_name}`)"
    if rule.proposed:
        start += " **proposed**" if start else ""
        end += " **proposed**" if end else ""
    if start and end:
        return f"from {start} until {end}"
    if start:
        return f"from {start}"
    if end:
        return f"until {end}"
    return "always"


def _sequence(codes: list[str]) -> str:
    return ", ".join(f"`{c}`" for c in codes)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def rules_markdown(rule_set: RuleSet) -> str:
    """The documentation page of ``rule_set``."""
    if not isinstance(rule_set, RuleSet):
        raise TypeError(
            f"rules_markdown() takes a RuleSet (load_rule_set(path)), not {type(rule_set).__name__}"
        )
    lines = [
        f"# {rule_set.id}: {rule_set.title}",
        "",
        f"Generated from `src/elhub_cim/rules/sets/{rule_set.source}` by "
        "`elhub_cim.rules.rules_markdown`; do not edit by hand (a test checks it is fresh).",
        "",
        "Applies to: "
        + (
            ", ".join(f"`{m}`" for m in sorted(rule_set.messages))
            or "every document that has the fields"
        )
        + (f" (processes {', '.join(sorted(rule_set.processes))})" if rule_set.processes else "")
        + ". A document is judged by the rules in force at its creation time "
        "(`validate --as-of DATE` overrides). Every document is also checked for identifier "
        "check digits (warning; error with `--strict`).",
        "",
    ]
    if rule_set.notes.strip():
        lines += [" ".join(rule_set.notes.split()), ""]
    if rule_set.dates:
        lines += [
            "## Dates (settings)",
            "",
            "Override any of them without editing the package: `--rules-config FILE` "
            f'(`[dates."{rule_set.id}"]`) or `configured_rule_sets(RulesConfig(dates=...))`.',
            "",
            "| name | in force from | status |",
            "|---|---|---|",
        ]
        lines += [
            f"| `{k}` | {describe_moment(v)} | "
            + ("**proposed** by Elhub, not decided" if k in rule_set.proposed_dates else "decided")
            + " |"
            for k, v in rule_set.dates.items()
        ]
        lines += [""]
        if rule_set.proposed_dates:
            lines += [
                "A rule in force from or until a proposed date is a **proposed rule**: by default "
                'its findings are warnings (errors with `--strict`); `proposed = "on"` in the '
                'rules configuration judges it as written, `proposed = "off"` leaves it out, '
                'and `[rules] "RULE-ID" = true / false` switches one rule.',
                "",
            ]
    lines += [
        "## Rules",
        "",
        "| rule | code | severity | when | check | in force | message |",
        "|---|---|---|---|---|---|---|",
    ]
    for rule in rule_set.rules:
        check = _CHECK_TEXT[rule.check].format(
            fields=_names(rule_set, rule.fields),
            values=", ".join(rule.values),
            pattern=rule.pattern.pattern if rule.pattern else "",
            count=rule.count,
            window=_window(rule),
        )
        lines.append(
            "| "
            + " | ".join(
                _cell(x)
                for x in (
                    rule.id,
                    f"`{rule.code}`",
                    rule.severity.value + (" (warning while proposed)" if rule.proposed else ""),
                    _condition(rule_set, rule),
                    check,
                    _period(rule),
                    rule.message,
                )
            )
            + " |"
        )
    elhub = sorted({rule.code for rule in rule_set.rules if not rule.ours})
    ours = sorted({rule.code for rule in rule_set.rules if rule.ours})
    lines += [
        "",
        "## Codes",
        "",
        f"- Elhub's codes (from its validation tables): {_sequence(elhub) or 'none'}.",
        f"- Our own codes (`{OWN_CODE_PREFIX}...`; Elhub has published no code for these rules, "
        "and a message Elhub rejects for them may carry another code): "
        f"{_sequence(ours) or 'none'}.",
    ]
    lines += [
        "",
        "## Fields",
        "",
        "| field | ebIX (EMIF 2.4.3) | CIM profile |",
        "|---|---|---|",
    ]
    for spec in rule_set.fields.values():
        ebix = spec.path("ebix")
        cim = spec.path("cim")
        lines.append(
            f"| {spec.label} | {f'`{ebix}`' if ebix else '—'} | {f'`{cim}`' if cim else '—'} |"
        )
    return "\n".join(lines) + "\n"
