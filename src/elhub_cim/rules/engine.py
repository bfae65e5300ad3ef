"""A small, data-driven business rule engine over the XML tree of an ebIX or CIM document.

A **rule set** (one TOML file per process, ``sets/*.toml``) names the documents it applies to,
the **fields** it looks at (a path in each standard) and a list of **rules**. A rule is one
*check* on some fields, optionally guarded by a *condition* (``when``) and limited in time
(``from`` inclusive, ``until`` exclusive; a date-time or the name of a date in ``[dates]``, so
that moving an Elhub deadline is one line). A document is judged by the rules in force at its
creation time (ebIX ``Header/Creation``, CIM ``createdDateTime``) unless ``as_of`` overrides.

Why the tree and not the domain model: rules must run on every schema-valid document, also on
those the domain model cannot hold or a mapping does not cover yet (the 611 rules exist to
report broken requests); each finding needs a line and a readable path, which only the tree
has; and it is fast (compiled XPath per field, no binding, no conversion). The price is one path
per standard per field, written once in the rule file.

Checks (``check = ...``):

========================  ===================================================================
``present``               every field in ``fields`` is there
``absent``                none of ``fields`` is there (each one found is reported)
``one_of``                ``field``'s value is one of ``values``
``pattern``               ``field``'s value matches the regular expression ``pattern``
``exactly_one``           exactly one of ``fields`` is there
``at_least``              at least ``count`` of ``fields`` are there
``deadline``              ``field`` (a date-time) lies between ``min`` and ``max`` ``unit``
                          (``working_days`` — Norwegian — or ``calendar_days``) after the
                          document's creation
``date_window``           ``field``'s date lies from ``min`` to ``max`` ``unit`` after the
                          creation date (negative: before it), both dates in Norwegian time;
                          e.g. ``min = 1``: in the future, ``min = -30``: at most 30 back
``midnight``              ``field`` (a date-time) is midnight in Norwegian time
``period_alignment``      ``fields`` = start, end, resolution of a series period: both ends lie
                          on the resolution's grid and the length is a whole number of steps
``position_count``        ``fields`` = start, end, resolution, position: the positions are
                          exactly 1..n, n = (end - start) / resolution, counted in real time
                          (a 23- or 25-hour day has 23 or 25 hourly points)
========================  ===================================================================

Conditions (``when = {...}``): ``present`` (all there), ``absent`` (none there),
``any_present`` (at least one there). Field paths: local names separated by ``/``, ``@name``
for an attribute; a path starting with ``./`` is relative to each payload (``payload`` of the
rule set) and the rule is then judged once per payload.

A rule may be narrowed to some of the rule set's documents (``messages = [...]``, root names)
and processes (``processes = [...]``, the value of the ``process`` field); a rule set without
``messages`` applies to every document that has its fields.

Codes: ``EHnnn`` are Elhub's own error codes (its validation tables); a rule of ours, for which
Elhub has published no code, has a code starting with ``X-`` (:data:`OWN_CODE_PREFIX`), so the two
cannot be confused. Any other code is refused when the file loads.

Proposals: a date listed in ``proposed_dates`` (top level) is one Elhub has proposed but not
decided; a rule in force from or until such a date, or marked ``proposed = true``, is a
*proposed* rule. How proposed rules are judged (warning by default, on, off) and every date are
settings of :mod:`.config` (``--rules-config FILE``), not edits of the package.
"""

from __future__ import annotations

import functools
import re
import string
import tomllib
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo

from lxml import etree

from ..core import cache
from ..core.arguments import checked_path, refuse_one
from ..core.catalog import MessageType, Standard
from ..core.dates import checked_moment, in_zone, local_date, out_of_range
from ..core.errors import DateOutOfRangeError, Problem, Severity, mask_identity_numbers
from ..core.memo import short_text_memo
from ..core.profile import brs_of
from ..core.safeparse import ParsedDocument
from ..core.validation import identity_numbers, readable_path
from ..core.xpath import ThreadXPath
from .working_days import add_working_days

__all__ = [
    "NORWAY",
    "Field",
    "Rule",
    "RuleSet",
    "RuleSetError",
    "default_rule_sets",
    "evaluate",
    "load_rule_set",
    "reference_time",
]

NORWAY = ZoneInfo("Europe/Oslo")
#: Codes of rules that are ours, not Elhub's (Elhub's are ``EH`` and three digits).
OWN_CODE_PREFIX = "X-"
_ELHUB_CODE = re.compile(r"EH\d{3}")
StandardName = Literal["ebix", "cim"]
STANDARDS: tuple[StandardName, ...] = ("ebix", "cim")
CHECKS = frozenset(
    {
        "present", "absent", "one_of", "pattern", "exactly_one", "at_least", "deadline",
        "date_window", "midnight", "period_alignment", "position_count",
    }
)  # fmt: skip
CONDITIONS = frozenset({"present", "absent", "any_present"})
RULE_KEYS = frozenset(
    {
        "id", "code", "check", "field", "fields", "values", "pattern", "count", "unit", "min",
        "max", "when", "from", "until", "severity", "message", "source", "notes", "processes",
        "messages", "proposed",
    }
)  # fmt: skip


class RuleSetError(ValueError):
    """A rule set file is wrong (found when it loads, naming the file and the rule)."""


@dataclass(frozen=True, slots=True)
class Field:
    """A business field and where it is in each standard."""

    name: str
    label: str
    paths: dict[StandardName, str]
    personal: bool = False  # never echo its value
    cim_process_code: bool = False  # CIM holds the BRS as a local process code (NO611)

    def path(self, standard: StandardName) -> str | None:
        return self.paths.get(standard)

    def read(self, found: list[Found], standard: StandardName) -> list[Found]:
        """The values as the rules speak of them (``NO611`` in CIM is ``BRS-NO-611``)."""
        if standard != "cim" or not self.cim_process_code:
            return found
        # (a Found made as dataclasses.replace makes it, without its field-by-field work)
        return [Found(brs_of(f.value) or f.value, f.element, f.attribute) for f in found]


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    code: str
    check: str
    fields: tuple[str, ...]
    message: str
    severity: Severity = Severity.ERROR
    values: tuple[str, ...] = ()
    pattern: re.Pattern[str] | None = None
    count: int = 1
    unit: str = "working_days"
    minimum: int | None = None
    maximum: int | None = None
    when: dict[str, tuple[str, ...]] = field(default_factory=dict)
    valid_from: datetime | None = None
    valid_until: datetime | None = None
    from_name: str | None = None
    until_name: str | None = None
    source: str = ""
    processes: frozenset[str] = frozenset()  # empty: every process of the rule set
    messages: frozenset[str] = frozenset()  # empty: every document of the rule set
    proposed: bool = False  # its date (or the rule itself) is Elhub's proposal, not decided

    @property
    def ours(self) -> bool:
        """The code is elhub-cim's (``X-...``), not one of Elhub's ``EHnnn``."""
        return self.code.startswith(OWN_CODE_PREFIX)

    def in_force(self, moment: datetime) -> bool:
        if self.valid_from is not None and moment < self.valid_from:
            return False
        return not (self.valid_until is not None and moment >= self.valid_until)

    def all_fields(self) -> set[str]:
        names = set(self.fields)
        for group in self.when.values():
            names.update(group)
        return names


@dataclass(frozen=True, slots=True)
class RuleSet:
    id: str
    title: str
    messages: frozenset[str]
    processes: frozenset[str]
    fields: dict[str, Field]
    rules: tuple[Rule, ...]
    dates: dict[str, datetime]
    payload: dict[StandardName, str]
    notes: str = ""
    source: str = ""
    proposed_dates: frozenset[str] = frozenset()

    def applies_to(self, message_type: MessageType) -> bool:
        return not self.messages or message_type.name in self.messages


# --- loading ------------------------------------------------------------------------------------


def _is_text(value: Any) -> bool:
    return isinstance(value, str)


def _is_texts(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def _is_number(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_values(value: Any) -> bool:
    # (a value is compared as text: false would be "False", never the document's "false")
    return isinstance(value, list) and all(_is_text(v) or _is_number(v) for v in value)


#: What a value of each kind must be, and how a mistake names it. A text where a list is wanted
#: was read letter by letter (``processes = "BRS-NO-201"``: a rule for no process), a text where
#: a number is wanted failed on the first document: refused when the file loads instead.
_KINDS: dict[str, tuple[str, Any]] = {
    "text": ("a text", _is_text),
    "texts": ("a list of texts", _is_texts),
    "number": ("a whole number", _is_number),
    "flag": ("true or false", lambda value: isinstance(value, bool)),
    "values": ("a list of texts or numbers", _is_values),
    "when": (
        "a table of condition = [field, ...]",
        lambda value: isinstance(value, dict) and all(_is_texts(v) for v in value.values()),
    ),
}
#: The kind of each key of a rule (``from`` and ``until`` are read by :func:`_rule`).
_RULE_KINDS = {
    "id": "text", "code": "text", "check": "text", "field": "text", "fields": "texts",
    "values": "values", "pattern": "text", "count": "number", "unit": "text", "min": "number",
    "max": "number", "when": "when", "severity": "text", "message": "text", "source": "text",
    "notes": "text", "processes": "texts", "messages": "texts", "proposed": "flag",
}  # fmt: skip
#: The kind of each entry of a rule set file (``rules`` and ``fields`` are read by
#: :func:`load_rule_set`).
_SET_KINDS = {
    "id": "text", "title": "text", "notes": "text", "messages": "texts", "processes": "texts",
    "proposed_dates": "texts",
}  # fmt: skip
_FIELD_KINDS = {"ebix": "text", "cim": "text", "label": "text", "personal": "flag"}
#: The keys a rule set file, a field and the payload may have: a misspelt one (``[[rule]]``,
#: ``ebxi``) was passed over, leaving a rule set without rules or a field without its path.
SET_KEYS = frozenset({*_SET_KINDS, "dates", "fields", "rules", "payload"})
FIELD_KEYS = frozenset({*_FIELD_KINDS, "cim_codes"})


def _known(table: Mapping[str, Any], keys: frozenset[str], where: str) -> None:
    unknown = set(table) - keys
    if unknown:
        raise RuleSetError(f"{where}: unknown keys {sorted(unknown)} (known: {sorted(keys)})")


def _checked(table: Mapping[str, Any], kinds: Mapping[str, str], where: str) -> None:
    """Each value of ``table`` that ``kinds`` names is of its kind, else a :class:`RuleSetError`
    naming ``where``, the key, what it must be and what it is."""
    for key, kind in kinds.items():
        if key in table:
            what, fits = _KINDS[kind]
            if not fits(table[key]):
                raise RuleSetError(f"{where}: {key} must be {what}, got {table[key]!r}")


def _template(message: str, where: str) -> None:
    """A rule's message is filled in by :meth:`_Judge.report` with ``str.format``: a placeholder
    it cannot fill is shown as written, but one that makes ``format`` fail otherwise (an
    unmatched brace, a conversion, a format such as ``{value:>99999999999}``, an attribute) is
    refused here, not met as a traceback (or a MemoryError) on a document."""
    try:
        parts = list(string.Formatter().parse(message))
    except ValueError as error:
        raise RuleSetError(
            f"{where}: message {message!r} cannot be filled in: {error} "
            "(write {{ and }} for a brace)"
        ) from None
    for _, name, spec, conversion in parts:
        if name is None:
            continue
        if spec or conversion or not (name == "" or name.isidentifier() or name.isdigit()):
            raise RuleSetError(
                f"{where}: message {message!r} cannot be filled in: a placeholder is a name in "
                "braces, such as {value}, with no conversion, format or attribute"
            )


def _check_path(path: str, where: str) -> None:
    """A path the engine must hand to XPath (not plain names) is one XPath can read and run:
    refused when the file loads, not met as a traceback on the first document."""
    if _walk(path) is not None:
        return
    try:
        expression = _xpath(path)
    except etree.XPathError as error:
        raise RuleSetError(
            f"{where}: {path!r} is not a path the rules can follow: {error}"
        ) from None
    # An unknown function compiles, and fails only when a document reaches it: named here.
    without_literals = re.sub(r"'[^']*'|\"[^\"]*\"", "''", expression.path)
    for function in _CALLED.findall(without_literals):
        if function not in _XPATH_FUNCTIONS:
            raise RuleSetError(
                f"{where}: {path!r} is not a path the rules can follow: it calls {function}(), "
                "which is no XPath 1.0 function"
            )


#: A function call in an XPath expression (its name, prefixed or not).
_CALLED = re.compile(r"([A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?)\s*\(")
#: XPath 1.0's functions and node tests: what a path may call.
_XPATH_FUNCTIONS = frozenset(
    {
        "last", "position", "count", "id", "local-name", "namespace-uri", "name", "string",
        "concat", "starts-with", "contains", "substring-before", "substring-after", "substring",
        "string-length", "normalize-space", "translate", "boolean", "not", "true", "false",
        "lang", "number", "sum", "floor", "ceiling", "round", "node", "text", "comment",
        "processing-instruction",
    }
)  # fmt: skip


def _moment(value: Any, where: str) -> datetime:
    """A TOML date-time (with offset), local date-time or date; local ones are Norwegian time."""
    if isinstance(value, datetime):
        return value if value.tzinfo is not None else value.replace(tzinfo=NORWAY)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=NORWAY)
    raise RuleSetError(f"{where}: expected a date or date-time, got {value!r}")


def _when(value: Any, where: str) -> tuple[datetime | None, str | None]:
    return (None, None) if value is None else (_moment(value, where), None)


def _parsed(source: Path) -> dict[str, Any]:
    """The TOML of a rule set file, kept in the user's cache (:mod:`elhub_cim.core.cache`):
    parsing the shipped sets on every start costs more than checking a document."""
    key = cache.fingerprint("rule-set 1", [source])
    kept = cache.load("rule-set", key)
    if isinstance(kept, dict):
        return _thawed(kept)  # type: ignore[no-any-return]
    data = tomllib.loads(source.read_text(encoding="utf-8"))
    cache.store("rule-set", key, _frozen(data))
    return data


_TIMES: dict[str, Any] = {"datetime": datetime, "date": date, "time": time}


def _frozen(value: Any) -> Any:
    """TOML data as marshal data: dates and times as ("date", iso) pairs (TOML has no tuples)."""
    if isinstance(value, dict):
        return {key: _frozen(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_frozen(item) for item in value]
    if isinstance(value, datetime | date | time):
        return (type(value).__name__, value.isoformat())
    return value


def _thawed(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _thawed(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_thawed(item) for item in value]
    if isinstance(value, tuple):
        return _TIMES[value[0]].fromisoformat(value[1])
    return value


def load_rule_set(
    path: str | Path, *, dates: Mapping[str, datetime | date] | None = None
) -> RuleSet:
    """Load a rule set file; ``dates`` overrides entries of its ``[dates]`` table (settings)."""
    checked_path(path)
    source = Path(path)
    try:
        data = _parsed(source)
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise RuleSetError(f"{source.name}: {error}") from error
    except UnicodeDecodeError as error:
        raise RuleSetError(f"{source.name}: not UTF-8 text: {error}") from None
    name = source.name
    _known(data, SET_KEYS, name)
    _checked(data, _SET_KINDS, name)
    if not isinstance(data.get("dates", {}), dict):
        raise RuleSetError(f"{name}: dates must be a table of name = date, got {data['dates']!r}")
    known_dates = {
        key: _moment(value, f"{name} [dates] {key}") for key, value in data.get("dates", {}).items()
    }
    proposed_dates = frozenset(data.get("proposed_dates", ()))
    if proposed_dates - set(known_dates):
        raise RuleSetError(f"{name}: proposed_dates names unknown dates")
    for key, value in (dates or {}).items():
        if key not in known_dates:
            raise RuleSetError(f"{name}: no date named {key!r} to override")
        known_dates[key] = _moment(value, f"override {key}")
    fields: dict[str, Field] = {}
    if not isinstance(data.get("fields", {}), dict):
        raise RuleSetError(
            f"{name}: fields must be a table of field = {{ ebix = ..., cim = ... }}, "
            f"got {data['fields']!r}"
        )
    for field_name, spec in data.get("fields", {}).items():
        if not isinstance(spec, dict):
            raise RuleSetError(f"{name}: field {field_name!r} must be a table, got {spec!r}")
        _known(spec, FIELD_KEYS, f"{name}: field {field_name!r}")
        _checked(spec, _FIELD_KINDS, f"{name}: field {field_name!r}")
        if spec.get("cim_codes", "process") != "process":
            raise RuleSetError(
                f"{name}: field {field_name!r}: cim_codes must be 'process', "
                f"got {spec['cim_codes']!r}"
            )
        paths: dict[StandardName, str] = {
            side: str(spec[side]) for side in STANDARDS if spec.get(side)
        }
        for side, path in paths.items():
            _check_path(path, f"{name}: field {field_name!r}: {side}")
        fields[field_name] = Field(
            field_name,
            spec.get("label", field_name),
            paths,
            bool(spec.get("personal", False)),
            spec.get("cim_codes") == "process",
        )
    specs = data.get("rules", [])
    if not isinstance(specs, list) or not all(isinstance(spec, dict) for spec in specs):
        raise RuleSetError(f"{name}: rules must be a list of [[rules]] tables, got {specs!r}")
    rules = tuple(
        _rule(spec, number, fields, known_dates, name, proposed_dates)
        for number, spec in enumerate(specs, 1)
    )
    ids = [rule.id for rule in rules]
    if len(ids) != len(set(ids)):
        raise RuleSetError(f"{name}: duplicate rule ids")
    if not isinstance(data.get("payload", {}), dict):
        raise RuleSetError(
            f"{name}: payload must be a table of ebix/cim = path, got {data['payload']!r}"
        )
    _known(data.get("payload", {}), frozenset(STANDARDS), f"{name}: payload")
    _checked(data.get("payload", {}), {side: "text" for side in STANDARDS}, f"{name}: payload")
    payload: dict[StandardName, str] = {
        side: str(data["payload"][side]) for side in STANDARDS if side in data.get("payload", {})
    }
    for side, path in payload.items():
        _check_path(path, f"{name}: payload: {side}")
    if "created" not in fields:
        raise RuleSetError(f"{name}: a rule set needs a 'created' field (judging date)")
    if any(rule.processes for rule in rules) and "process" not in fields:
        raise RuleSetError(f"{name}: rules limited to processes need a 'process' field")
    return RuleSet(
        id=str(data.get("id", source.stem)),
        title=str(data.get("title", "")),
        messages=frozenset(data.get("messages", [])),
        processes=frozenset(data.get("processes", [])),
        fields=fields,
        rules=rules,
        dates=known_dates,
        payload=payload,
        notes=str(data.get("notes", "")),
        source=name,
        proposed_dates=proposed_dates,
    )


def _rule(
    spec: dict[str, Any],
    number: int,
    fields: dict[str, Field],
    dates: dict[str, datetime],
    table: str,
    proposed_dates: frozenset[str] = frozenset(),
) -> Rule:
    where = f"{table} rule {number} ({spec.get('id', '?')})"
    unknown = set(spec) - RULE_KEYS
    if unknown:
        raise RuleSetError(f"{where}: unknown keys {sorted(unknown)}")
    for key in ("id", "code", "check", "message"):
        if key not in spec:
            raise RuleSetError(f"{where}: missing {key!r}")
    _checked(spec, _RULE_KINDS, where)
    _template(spec["message"], where)
    code = str(spec["code"])
    if not (_ELHUB_CODE.fullmatch(code) or code.startswith(OWN_CODE_PREFIX)):
        raise RuleSetError(
            f"{where}: code {code!r} is neither Elhub's (EHnnn) nor marked as ours "
            f"({OWN_CODE_PREFIX}...)"
        )
    check = spec["check"]
    if check not in CHECKS:
        raise RuleSetError(f"{where}: unknown check {check!r} (known: {sorted(CHECKS)})")
    names = tuple(spec.get("fields", ())) + ((spec["field"],) if "field" in spec else ())
    when = {key: tuple(value) for key, value in spec.get("when", {}).items()}
    if set(when) - CONDITIONS:
        raise RuleSetError(f"{where}: unknown condition {sorted(set(when) - CONDITIONS)}")
    for name in (*names, *(n for group in when.values() for n in group)):
        if name not in fields:
            raise RuleSetError(f"{where}: unknown field {name!r}")
    if not names:
        raise RuleSetError(f"{where}: no field")

    def moment(key: str) -> tuple[datetime | None, str | None]:
        value = spec.get(key)
        if isinstance(value, str):
            if value not in dates:
                raise RuleSetError(f"{where}: {key} names unknown date {value!r}")
            return dates[value], value
        return _when(value, f"{where} {key}")

    valid_from, from_name = moment("from")
    valid_until, until_name = moment("until")
    if spec.get("severity", "error") not in {"error", "warning"}:
        raise RuleSetError(
            f"{where}: severity must be 'error' or 'warning', got {spec['severity']!r}"
        )
    severity = Severity(spec.get("severity", "error"))
    try:
        pattern = re.compile(spec["pattern"]) if "pattern" in spec else None
    except re.error as error:
        raise RuleSetError(
            f"{where}: pattern {spec['pattern']!r} is not a regular expression: {error}"
        ) from None
    if check == "pattern" and pattern is None:
        raise RuleSetError(f"{where}: a pattern check needs 'pattern'")
    if check == "one_of" and not spec.get("values"):
        raise RuleSetError(f"{where}: a one_of check needs 'values'")
    wanted = {"period_alignment": 3, "position_count": 4}.get(check)
    if wanted is not None and len(names) != wanted:
        raise RuleSetError(f"{where}: a {check} check needs {wanted} fields, in order")
    if check == "date_window" and spec.get("min") is None and spec.get("max") is None:
        raise RuleSetError(f"{where}: a date_window check needs 'min' or 'max'")
    if check in {"deadline", "date_window"} and spec.get("unit", "working_days") not in {
        "working_days",
        "calendar_days",
    }:
        raise RuleSetError(f"{where}: unit must be working_days or calendar_days")
    return Rule(
        id=spec["id"],
        code=spec["code"],
        check=check,
        fields=names,
        message=spec["message"],
        severity=severity,
        values=tuple(str(v) for v in spec.get("values", ())),
        pattern=pattern,
        count=int(spec.get("count", 1)),
        unit=str(spec.get("unit", "working_days")),
        minimum=spec.get("min"),
        maximum=spec.get("max"),
        when=when,
        valid_from=valid_from,
        valid_until=valid_until,
        from_name=from_name,
        until_name=until_name,
        source=str(spec.get("source", "")),
        processes=frozenset(spec.get("processes", ())),
        messages=frozenset(spec.get("messages", ())),
        proposed=bool(spec.get("proposed", False))
        or bool({from_name, until_name} & proposed_dates),
    )


def sets_folder() -> Path:
    return Path(__file__).resolve().parent / "sets"


def checked_rule_sets(value: object) -> tuple[RuleSet, ...]:
    """``value``, the caller's ``rule_sets``, as a tuple of rule sets; anything else (a name, a
    number, an item that is no :class:`RuleSet`) is a TypeError that names ``rule_sets``."""
    refuse_one(value, "rule_sets", "RuleSet", "give the rule sets in a list")
    if not isinstance(value, Iterable):
        raise TypeError(f"rule_sets is an iterable of RuleSet or None, not {type(value).__name__}")
    sets = tuple(value)
    for number, rule_set in enumerate(sets, 1):
        if not isinstance(rule_set, RuleSet):
            raise TypeError(
                f"rule_sets: rule set {number} is a {type(rule_set).__name__}, not a RuleSet "
                "(load_rule_set, configured_rule_sets)"
            )
    return sets


@functools.cache
def default_rule_sets() -> tuple[RuleSet, ...]:
    """The rule sets shipped with elhub-cim (``elhub_cim/rules/sets/brs-*.toml``)."""
    return tuple(load_rule_set(path) for path in sorted(sets_folder().glob("brs-*.toml")))


# --- evaluating ---------------------------------------------------------------------------------


@functools.cache
def _xpath(path: str) -> ThreadXPath:
    """A rule path as XPath, each thread's own (``.compiled``): an XPath object shared between
    threads would hang a child forked while another thread evaluated it (core/xpath.py)."""
    steps: list[str] = []
    for part in path.removeprefix("./").split("/"):
        if part.startswith("@"):
            steps.append(part)
        elif part == ".":
            steps.append(".")
        else:
            steps.append(f"*[local-name()='{part}']")
    return ThreadXPath("/".join(steps))


@dataclass(slots=True)  # not frozen: made ~3x faster, one per point of a series; never changed
class Found:
    """A field found in a document: its text and where it is."""

    value: str
    element: etree._Element
    attribute: str | None = None

    @property
    def path(self) -> str:
        where = readable_path(self.element)
        return f"{where}/@{self.attribute}" if self.attribute else where


#: What _find found in the document being evaluated (rule sets and rules ask for the same
#: fields again and again; :func:`evaluate` keeps one per document). Callers never change it.
_found: ContextVar[dict[tuple[etree._Element, str], list[Found]] | None] = ContextVar(
    "_found", default=None
)


#: The children of one element by tag (:func:`_elements_at`), for the document being evaluated.
_steps: ContextVar[dict[tuple[etree._Element, str], list[etree._Element]] | None] = ContextVar(
    "_steps", default=None
)


def _find(context: etree._Element, path: str) -> list[Found]:
    memo = _found.get()
    if memo is not None:
        known = memo.get((context, path))
        if known is None:
            known = memo[(context, path)] = _find_now(context, path)
        return known
    return _find_now(context, path)


#: A step the walk of :func:`_find_now` takes (an XML name of ASCII letters, digits, ``_``,
#: ``-`` and ``.``); any other step (a predicate, a wildcard, a prefix...) goes through XPath.
_PLAIN_STEP = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")


@functools.cache
def _walk(path: str) -> tuple[tuple[str, ...], str | None] | None:
    """``path`` as the child tags to walk (``{*}name``: any namespace or none, as
    ``local-name()`` matches) and the attribute at its end, or None where only XPath can say
    what it means (the walk then does not apply)."""
    parts = path.removeprefix("./").split("/")
    tags: list[str] = []
    attribute = None
    for number, part in enumerate(parts, 1):
        if part == ".":
            continue
        if part.startswith("@") and number == len(parts) and _PLAIN_STEP.fullmatch(part[1:]):
            attribute = part[1:]
        elif _PLAIN_STEP.fullmatch(part):
            tags.append(f"{{*}}{part}")
        else:
            return None
    return tuple(tags), attribute


def _find_now(context: etree._Element, path: str) -> list[Found]:
    """The values at ``path`` below ``context``, in document order.

    A path of plain names is walked child by child in lxml (``iterchildren`` by tag, matched in
    C): the same elements in the same order as the XPath of :func:`_xpath` (each element has one
    parent, so the nested walk is in document order without repeats; ``{*}name`` matches the
    local name in any namespace or none, like ``local-name()``; ``@name`` is the attribute
    without namespace, like XPath's), at a fraction of XPath's cost per call.
    """
    walk = _walk(path)
    if walk is None:
        return _find_by_xpath(context, path)
    tags, attribute = walk
    elements = _elements_at(context, tags)
    if attribute is None:
        return [Found((element.text or "").strip(), element) for element in elements]
    found: list[Found] = []
    for element in elements:
        value = element.get(attribute)
        if value is not None:
            found.append(Found(value, element, attribute))
    return found


def _elements_at(context: etree._Element, tags: tuple[str, ...]) -> list[etree._Element]:
    """The elements the child steps ``tags`` lead to from ``context``, in document order."""
    elements = [context]
    steps = _steps.get()
    for tag in tags:
        if len(elements) == 1:
            # One element (the root, a header, a payload): its children of this name are kept
            # for the evaluation, as many paths begin alike (Header/..., PayloadMPEvent/...).
            key = (elements[0], tag)
            known = steps.get(key) if steps is not None else None
            if known is None:
                known = list(elements[0].iterchildren(tag))
                if steps is not None:
                    steps[key] = known
            elements = known
            continue
        parent = _scanned_parent(elements)
        if parent is None:
            elements = [child for element in elements for child in element.iterchildren(tag)]
        else:
            # Many children of one parent (a series' points): their children of that tag are
            # the parent's descendants with that tag whose parent is one of them, found by one
            # scan in C (~13 ns a node) instead of a child iterator per element (~0.6 us each).
            # In the same order: the elements lie at one depth, so the children of each come
            # before those of the next, as a scan in document order meets them.
            among = set(elements)
            elements = [
                child for child in parent.iterdescendants(tag) if child.getparent() in among
            ]
    return elements


def _scanned_parent(elements: list[etree._Element]) -> etree._Element | None:
    """The parent to scan below for the next step of ``elements`` (see :func:`_elements_at`):
    when there are many and they are most of one parent's children, else None (a walk)."""
    if len(elements) < _SCANNED_FROM:
        return None
    parent = elements[0].getparent()
    # Elements at one depth in document order: the first and the last children of one parent,
    # so every one between too. At least half its children: the scan meets little else.
    if parent is None or elements[-1].getparent() is not parent or len(parent) > 2 * len(elements):
        return None
    return parent


#: From this many elements on, the next step may be taken by one scan (see :func:`_elements_at`).
_SCANNED_FROM = 8


def _find_texts(context: etree._Element, path: str) -> list[str]:
    """``[f.value for f in _find(context, path)]``, without a :class:`Found` per value where the
    path is walked and not found before (a series' positions: one per point)."""
    memo = _found.get()
    known = memo.get((context, path)) if memo is not None else None
    walk = _walk(path) if known is None else None
    if walk is None:
        return [f.value for f in (known if known is not None else _find(context, path))]
    tags, attribute = walk
    elements = _elements_at(context, tags)
    if attribute is None:
        return [(element.text or "").strip() for element in elements]
    values = [element.get(attribute) for element in elements]
    return [value for value in values if value is not None]


def _find_by_xpath(context: etree._Element, path: str) -> list[Found]:
    found: list[Found] = []
    results = _xpath(path).compiled(context)
    assert isinstance(results, list)
    for item in results:
        if isinstance(item, etree._Element):
            found.append(Found((item.text or "").strip(), item))
        else:  # an attribute value ("smart string")
            parent = item.getparent()  # type: ignore[union-attr]
            name = str(getattr(item, "attrname", path.rsplit("@", 1)[-1]))
            found.append(Found(str(item), parent, name))
    return found


def _deepest(context: etree._Element, path: str) -> etree._Element:
    """The deepest element that exists along ``path`` (where a missing field belongs)."""
    element = context
    for part in path.removeprefix("./").split("/"):
        if part.startswith("@") or part == ".":
            break
        if _PLAIN_STEP.fullmatch(part):  # as in _find_now: by tag in C, not XPath
            first = next(element.iterchildren(f"{{*}}{part}"), None)
        else:
            child = _xpath(part).compiled(element)
            assert isinstance(child, list)
            first = child[0] if child and isinstance(child[0], etree._Element) else None
        if first is None:
            break
        element = first
    return element


_INSTANT = re.compile(
    r"(?P<base>\d{4}-\d{2}-\d{2}T\d{2}:\d{2})(?P<seconds>:\d{2})?(?:\.(?P<fraction>\d{1,9}))?"
    r"(?P<zone>Z|[+-]\d{2}:\d{2})"
)
#: Resolutions with a fixed length (the series checks skip P1D, P1M, P1Y and unknown ones).
STEPS = {"PT5M": 300, "PT15M": 900, "PT30M": 1800, "PT1H": 3600, "PT60M": 3600}


def instant(text: str) -> datetime:
    """The aware datetime of an xs:dateTime with offset (fractions beyond microseconds cut).

    The rules read dates from the tree; they do not import the domain model (start-up time).
    """
    match = _INSTANT.fullmatch(text.strip())
    if match is None:
        raise ValueError(f"not a date-time with offset: {text!r}")
    fraction = (match["fraction"] or "")[:6]
    zone = "+00:00" if match["zone"] == "Z" else match["zone"]
    seconds = match["seconds"] or ":00"  # ESMP period boundaries are written to the minute
    return datetime.fromisoformat(
        match["base"] + seconds + (f".{fraction.ljust(6, '0')}" if fraction else "") + zone
    )


#: :func:`instant`, kept: the same creation time is read by every rule set, the same period ends
#: by several rules (only texts as short as times: core.memo).
_instant = short_text_memo(maxsize=4096, max_chars=48)(instant)


def reference_time(
    document: ParsedDocument, rule_set: RuleSet, standard: StandardName
) -> datetime | None:
    """The creation time of ``document`` (the moment it is judged at), or None if unreadable."""
    path = rule_set.fields["created"].path(standard)
    if path is None:
        return None
    found = _find(document.root, path)
    if not found:
        return None
    try:
        return _instant(found[0].value)
    except ValueError:
        return None


#: Per rule set, standard and document (root name), what does not depend on the document's
#: content (see :func:`_rules_of`).
_standard_rules: dict[
    tuple[int, StandardName, str], tuple[RuleSet, tuple[tuple[Rule, bool], ...], bool]
] = {}


def _rules_of(
    rule_set: RuleSet, standard: StandardName, message: str
) -> tuple[tuple[tuple[Rule, bool], ...], bool]:
    """The rules of ``rule_set`` for a ``message`` document (``messages``) that ``standard`` has
    every field of, each with whether it is judged per payload (a field relative to it), in
    order; and whether the rule set can be passed over for such a document (no rule, and
    nothing :func:`_walked` says could fail). Worked out once per rule set and document."""
    known = _standard_rules.get((id(rule_set), standard, message))
    if known is not None and known[0] is rule_set:
        return known[1], known[2]
    found: list[tuple[Rule, bool]] = []
    for rule in rule_set.rules:
        if rule.messages and message not in rule.messages:
            continue
        paths = [rule_set.fields[n].path(standard) for n in rule.all_fields()]
        if any(path is None for path in paths):
            continue  # the rule speaks of a field this standard does not have
        found.append((rule, any((path or "").startswith("./") for path in paths)))
    idle = not found and _walked(rule_set, standard)
    # Rule sets configured afresh again and again: ~60 documents x 2 standards x 7 rule sets
    # fit many times over.
    if len(_standard_rules) > 4096:
        _standard_rules.clear()
    _standard_rules[(id(rule_set), standard, message)] = (rule_set, tuple(found), idle)
    return tuple(found), idle


def _walked(rule_set: RuleSet, standard: StandardName) -> bool:
    """Whether what :func:`_evaluate` and :meth:`_Judge.run` look up before any rule (the
    process, the creation time, the payloads) is all at paths :func:`_find_now` walks, where
    looking cannot fail (an XPath can: a path that is no XPath, an unknown function)."""
    created = rule_set.fields.get("created")
    process = rule_set.fields.get("process")
    paths = [
        created.path(standard) if created else "?",
        process.path(standard) if process else None,
        rule_set.payload.get(standard),
    ]
    return all(path is None or _walk(path) is not None for path in paths)


#: Per rule set and standard, each field's (path, relative to a payload, read as a process code)
#: (see :func:`_fields_of`).
_standard_fields: dict[
    tuple[int, StandardName], tuple[RuleSet, dict[str, tuple[str, bool, bool]]]
] = {}


def _fields_of(rule_set: RuleSet, standard: StandardName) -> dict[str, tuple[str, bool, bool]]:
    """The fields of ``rule_set`` that ``standard`` has, by name: the path, whether it is relative
    to a payload (``./``) and whether its values are read as :meth:`Field.read` reads them (a
    CIM process code); worked out once per rule set and standard, not on every look-up."""
    known = _standard_fields.get((id(rule_set), standard))
    if known is not None and known[0] is rule_set:
        return known[1]
    fields: dict[str, tuple[str, bool, bool]] = {}
    for name, spec in rule_set.fields.items():
        path = spec.path(standard)
        if path is not None:
            relative = path.startswith("./")
            fields[name] = (path, relative, standard == "cim" and spec.cim_process_code)
    if len(_standard_fields) > 1024:  # (rule sets configured afresh again and again)
        _standard_fields.clear()
    _standard_fields[(id(rule_set), standard)] = (rule_set, fields)
    return fields


#: A series period as :meth:`_Judge._period` reads it.
_Period = tuple[list[Found], list[Found], list[Found], int, datetime, datetime, int]


class _Judge:
    def __init__(
        self,
        rule_set: RuleSet,
        document: ParsedDocument,
        standard: StandardName,
        moment: datetime,
        created: datetime | None,
        strict: bool,
        message: str,
        process: str | None = None,
        *,
        rules: tuple[tuple[Rule, bool], ...] | None = None,
    ) -> None:
        self.message = message
        #: The rules for this document, each with whether it is judged per payload.
        self.rules = _rules_of(rule_set, standard, message)[0] if rules is None else rules
        #: Each field's path in this standard, whether it is relative to a payload, and whether
        #: its values are read as process codes: worked out once per rule set and standard.
        self._fields = _fields_of(rule_set, standard)
        self.process = process
        self.rule_set = rule_set
        self.document = document
        self.standard = standard
        self.moment = moment
        self.created = created
        self.strict = strict
        self._secrets: list[str] | None = None
        self.problems: list[Problem] = []
        #: What :meth:`values` gave, per field and context (rules ask for the same fields again
        #: and again: 23 times for 9 fields in a 611 request). Callers never change the lists.
        self._values: dict[tuple[str, etree._Element], list[Found]] = {}
        #: What :meth:`_period` read, per start, end and resolution field and context.
        self._periods: dict[tuple[tuple[str, ...], etree._Element], _Period | None] = {}

    def secrets(self) -> list[str]:
        """The document's identity numbers (masked in messages); found on the first finding."""
        if self._secrets is None:
            self._secrets = identity_numbers(self.document.root)
        return self._secrets

    def run(self) -> list[Problem]:
        payload_path = self.rule_set.payload.get(self.standard)
        payloads = _find(self.document.root, payload_path) if payload_path else []
        contexts = [p.element for p in payloads] or [self.document.root]
        for rule, relative in self.rules:
            if not rule.in_force(self.moment):
                continue
            if rule.processes and self.process not in rule.processes:
                continue
            for context in contexts if relative else [self.document.root]:
                self._judge(rule, context)
        return self.problems

    def values(self, name: str, context: etree._Element) -> list[Found]:
        key = (name, context)
        known = self._values.get(key)
        if known is None:
            path, relative, process_code = self._fields[name]
            known = _find(context if relative else self.document.root, path)
            if process_code:
                known = self.rule_set.fields[name].read(known, self.standard)
            self._values[key] = known
        return known

    def texts(self, name: str, context: etree._Element) -> list[str]:
        """``[f.value for f in self.values(name, context)]``, without making the Found objects
        where they are not made yet (:func:`_find_texts`)."""
        known = self._values.get((name, context))
        path, relative, process_code = self._fields[name]
        if known is None and process_code:
            known = self.values(name, context)  # read as the rules speak of it
        if known is not None:
            return [f.value for f in known]
        return _find_texts(context if relative else self.document.root, path)

    def present(self, name: str, context: etree._Element) -> bool:
        return bool(self.values(name, context))

    def _condition(self, rule: Rule, context: etree._Element) -> bool:
        when = rule.when
        if not when:  # most rules have no condition
            return True
        if not all(self.present(n, context) for n in when.get("present", ())):
            return False
        if any(self.present(n, context) for n in when.get("absent", ())):
            return False
        any_of = when.get("any_present")
        return not (any_of and not any(self.present(n, context) for n in any_of))

    def report(self, rule: Rule, element: etree._Element, path: str, **values: str) -> None:
        severity = rule.severity
        if self.strict and severity is Severity.WARNING:
            severity = Severity.ERROR
        values.setdefault("process", self.process or "this process")
        try:
            text = rule.message.format(**values)
        except (KeyError, IndexError):
            text = rule.message
        since = ""
        if rule.valid_from is not None:
            # (its date in Norway, as the docs name it: the date of its offset was a day early
            # for a Norwegian midnight written in UTC)
            since = f", in force from {describe_moment(rule.valid_from)}"
        if rule.proposed:
            since += ", proposed by Elhub, not decided"
        self.problems.append(
            Problem(
                code=rule.code,
                message=mask_identity_numbers(f"{text} (rule {rule.id}{since})", self.secrets()),
                file=self.document.name,
                line=source_line(element),
                path=path,
                severity=severity,
            )
        )

    def _anchor(self, rule: Rule, context: etree._Element) -> tuple[etree._Element, str]:
        for name in rule.fields:
            found = self.values(name, context)
            if found:
                return found[0].element, found[0].path
        path = self.rule_set.fields[rule.fields[0]].path(self.standard) or ""
        base = context if path.startswith("./") else self.document.root
        element = _deepest(base, path)
        return element, readable_path(element)

    def _value_text(self, name: str, value: str) -> str:
        return "<not shown>" if self.rule_set.fields[name].personal else value

    def _judge(self, rule: Rule, context: etree._Element) -> None:
        if not self._condition(rule, context):
            return
        check = rule.check
        if check == "present":
            for name in rule.fields:
                if not self.present(name, context):
                    element, path = self._anchor(rule, context)
                    self.report(rule, element, path, field=labels_of(self.rule_set, name))
        elif check == "absent":
            for name in rule.fields:
                for found in self.values(name, context):
                    self.report(
                        rule, found.element, found.path, field=labels_of(self.rule_set, name)
                    )
        elif check in {"one_of", "pattern"}:
            for name in rule.fields:
                for found in self.values(name, context):
                    ok = (
                        found.value in rule.values
                        if check == "one_of"
                        else rule.pattern is not None and rule.pattern.fullmatch(found.value)
                    )
                    if not ok:
                        self.report(
                            rule, found.element, found.path, field=labels_of(self.rule_set, name),
                            value=self._value_text(name, found.value),
                            allowed=", ".join(rule.values),
                        )  # fmt: skip
        elif check in {"exactly_one", "at_least"}:
            count = sum(1 for name in rule.fields if self.present(name, context))
            wanted = 1 if check == "exactly_one" else rule.count
            if (check == "exactly_one" and count != 1) or (check == "at_least" and count < wanted):
                element, path = self._anchor(rule, context)
                self.report(rule, element, path, found=str(count), count=str(wanted))
        elif check == "deadline":
            self._deadline(rule, context)
        elif check == "date_window":
            self._date_window(rule, context)
        elif check in {"period_alignment", "position_count"}:
            self._series(rule, context)
        elif check == "midnight":
            for name in rule.fields:
                for found in self.values(name, context):
                    try:
                        local = in_zone(_instant(found.value), NORWAY)
                    except DateOutOfRangeError:
                        what = labels_of(self.rule_set, name)
                        self._out_of_range(rule, out_of_range(found.value, what), found)
                        continue
                    except ValueError:
                        continue  # the XSD reports what is not a date-time
                    if local.time() != datetime.min.time():
                        self.report(
                            rule, found.element, found.path, field=labels_of(self.rule_set, name),
                            value=found.value, local=local.isoformat(),
                        )  # fmt: skip

    def _series(self, rule: Rule, context: etree._Element) -> None:
        """A series period's grid (``period_alignment``) or its positions (``position_count``).
        Judged only where start, end and a fixed-length resolution are all there."""
        start_name, end_name = rule.fields[:2]
        names = rule.fields[:3]
        key = (names, context)
        if key in self._periods:  # (the grid and the positions of a series read one period)
            period = self._periods[key]
        else:
            period = self._periods[key] = self._period(names, context)
        if period is None:
            return
        starts, ends, resolutions, step, start, end, length = period
        if rule.check == "period_alignment":
            for name, found, moment in ((start_name, starts[0], start), (end_name, ends[0], end)):
                # Oslo's offsets are whole hours: the grid is the same in UTC and local time.
                off_grid = int(moment.timestamp()) % step
                if off_grid or moment.microsecond:
                    self.report(
                        rule, found.element, found.path, field=labels_of(self.rule_set, name),
                        value=found.value, resolution=resolutions[0].value,
                    )  # fmt: skip
            return
        if length <= 0 or length % step:
            return  # period_alignment reports it
        expected = length // step
        # The positions' texts (one per point); their Found objects only for a finding.
        texts = self.texts(rule.fields[3], context)
        if len(texts) == expected and texts == _counted(expected):
            return  # "1" to "n" in order (nearly every series): the numbers below are 1..n
        numbers = [int(text) for text in texts if text.isdigit()]
        # As many numbers as positions first: a period of centuries (schema-valid) made a list
        # of millions of numbers to compare with, for a series of a few points.
        if len(numbers) == expected and sorted(numbers) == list(range(1, expected + 1)):
            return
        positions = self.values(rule.fields[3], context)
        element, path = (
            (positions[0].element, positions[0].path)
            if positions
            else (starts[0].element, starts[0].path)
        )
        hours = f"{length / 3600:g}"
        self.report(
            rule, element, path, expected=str(expected), found=str(len(numbers)),
            hours=hours, resolution=resolutions[0].value,
            first=str(min(numbers, default=0)), last=str(max(numbers, default=0)),
        )  # fmt: skip

    def _period(self, names: tuple[str, ...], context: etree._Element) -> _Period | None:
        """The start, end and resolution fields of a series period, its step, start, end and
        length in seconds; None where the period is not judged (a field missing, a resolution
        of no fixed length, a value that is no date-time)."""
        starts = self.values(names[0], context)
        ends = self.values(names[1], context)
        resolutions = self.values(names[2], context)
        if not (starts and ends and resolutions) or resolutions[0].value not in STEPS:
            return None
        step = STEPS[resolutions[0].value]
        try:
            start, end = _instant(starts[0].value), _instant(ends[0].value)
        except ValueError:
            return None  # the XSD reports what is not a date-time
        length = int((end - start).total_seconds())
        return starts, ends, resolutions, step, start, end, length

    def _sent(self, rule: Rule) -> date | None:
        """The Norwegian date the document was created (None: unknown, or out of range and
        reported)."""
        if self.created is None:
            return None
        try:
            return local_date(self.created, what=labels_of(self.rule_set, "created"))
        except DateOutOfRangeError as error:
            created = self.values("created", self.document.root)
            self._out_of_range(rule, error, created[0] if created else None)
            return None

    def _target(self, rule: Rule, name: str, found: Found) -> date | None:
        """The Norwegian date of ``found`` (None: not a date-time, or out of range and
        reported)."""
        what = labels_of(self.rule_set, name)
        try:
            return local_date(_instant(found.value), what=what)
        except DateOutOfRangeError:
            self._out_of_range(rule, out_of_range(found.value, what), found)
        except ValueError:
            pass  # the XSD reports what is not a date-time
        return None

    def _date_window(self, rule: Rule, context: etree._Element) -> None:
        sent = self._sent(rule)
        if sent is None:
            return

        def shift(days: int) -> date:
            if rule.unit == "working_days":
                return _working_days_after(sent, days)
            return sent + timedelta(days=days)

        try:
            earliest = shift(rule.minimum) if rule.minimum is not None else None
            latest = shift(rule.maximum) if rule.maximum is not None else None
        except OverflowError:  # created in the last days of year 9999
            created = self.values("created", self.document.root)
            self._out_of_range(rule, out_of_range(sent), created[0] if created else None)
            return
        for name in rule.fields:
            for found in self.values(name, context):
                target = self._target(rule, name, found)
                if target is None:
                    continue
                if (earliest is not None and target < earliest) or (
                    latest is not None and target > latest
                ):
                    self.report(
                        rule, found.element, found.path, field=labels_of(self.rule_set, name),
                        sent=sent.isoformat(), target=target.isoformat(),
                        earliest=earliest.isoformat() if earliest else "",
                        latest=latest.isoformat() if latest else "",
                    )  # fmt: skip

    def _deadline(self, rule: Rule, context: etree._Element) -> None:
        sent = self._sent(rule)
        if sent is None:
            return
        for name in rule.fields:
            for found in self.values(name, context):
                target = self._target(rule, name, found)
                if target is None:
                    continue

                def before(days: int, target: date = target) -> date:
                    if rule.unit == "working_days":
                        return _working_days_after(target, -days)
                    return target - timedelta(days=days)

                try:
                    latest = before(rule.minimum) if rule.minimum is not None else None
                    earliest = before(rule.maximum) if rule.maximum is not None else None
                except OverflowError:  # a target in the first days of year 1
                    self._out_of_range(rule, out_of_range(found.value), found)
                    continue
                if (latest is not None and sent > latest) or (
                    earliest is not None and sent < earliest
                ):
                    self.report(
                        rule, found.element, found.path, field=labels_of(self.rule_set, name),
                        sent=sent.isoformat(), target=target.isoformat(),
                        latest=latest.isoformat() if latest else "",
                        earliest=earliest.isoformat() if earliest else "",
                    )  # fmt: skip

    def _out_of_range(self, rule: Rule, error: DateOutOfRangeError, found: Found | None) -> None:
        """A date no rule can compute with: one error on that element (not one per rule), so
        that the document is refused with a stable code instead of a traceback."""
        element = found.element if found is not None else self.document.root
        path = found.path if found is not None else readable_path(element)
        if any(p.code == error.code and p.path == path for p in self.problems):
            return
        self.problems.append(
            Problem(
                code=error.code,
                message=mask_identity_numbers(
                    f"{error.problems[0].message} (rule {rule.id})", self.secrets()
                ),
                file=self.document.name,
                line=source_line(element),
                path=path,
            )
        )


def _counted(count: int) -> list[str]:
    """``["1", ..., str(count)]``: the position texts of a series of ``count`` points, in order
    (callers never change the list)."""
    if count > _COUNTED_KEPT:
        return [str(number) for number in range(1, count + 1)]
    return _counted_kept(count)


#: Series have a few lengths (a day of hours or quarter hours, 23 or 25 on the days summer time
#: starts or ends): the texts of up to this many points are kept, for the 16 lengths met last.
_COUNTED_KEPT = 10_000


@functools.lru_cache(maxsize=16)
def _counted_kept(count: int) -> list[str]:
    return [str(number) for number in range(1, count + 1)]


@functools.lru_cache(maxsize=4096)
def _working_days_after(day: date, count: int) -> date:
    """:func:`add_working_days` (``count`` < 0: before), kept: a batch's messages are sent on a
    few days, for a few days, and every deadline rule counts from them."""
    return add_working_days(day, count)


def source_line(element: etree._Element) -> int | None:
    """The element's line in its input (``None`` for built trees)."""
    line = element.sourceline
    return line if isinstance(line, int) else None


def labels_of(rule_set: RuleSet, name: str) -> str:
    return rule_set.fields[name].label


def _standard(message_type: MessageType) -> StandardName | None:
    if message_type.standard is Standard.EBIX:
        return "ebix"
    if message_type.standard is Standard.CIM:
        return "cim"
    return None


def _as_aware(moment: datetime | date) -> datetime:
    if isinstance(moment, datetime):
        return moment if moment.tzinfo is not None else moment.replace(tzinfo=NORWAY)
    return datetime(moment.year, moment.month, moment.day, tzinfo=NORWAY)


def evaluate(
    document: ParsedDocument,
    message_type: MessageType,
    rule_sets: Iterable[RuleSet],
    *,
    as_of: datetime | date | None = None,
    strict: bool = False,
) -> list[Problem]:
    """Problems ``document`` has under the rule sets that apply to it."""
    checked_moment(as_of)
    standard = _standard(message_type)
    if standard is None:
        return []
    if compiled_judgement is not None and type(rule_sets) is tuple:
        # A kind met before (its plan is known): its compiled judgement says whether no rule
        # finds anything (nearly every document); otherwise, or if it cannot say, the
        # interpreter below judges it (see .compiled).
        key = (id(rule_sets), standard, message_type.name)
        known = _plans.get(key)
        if known is not None and known[0] is rule_sets:
            judge = compiled_judgement(key, rule_sets, known[1])
            if judge is not None:
                try:
                    if judge(document.root, _as_aware(as_of) if as_of is not None else None):
                        return []
                except Exception:  # noqa: S110 (the interpreter meets it, or not)
                    pass
    memo = _found.set({})
    steps = _steps.set({})
    try:
        return _evaluate(document, message_type, rule_sets, standard, as_of, strict)
    finally:
        _steps.reset(steps)
        _found.reset(memo)


def _evaluate(
    document: ParsedDocument,
    message_type: MessageType,
    rule_sets: Iterable[RuleSet],
    standard: StandardName,
    as_of: datetime | date | None,
    strict: bool,
) -> list[Problem]:
    problems: list[Problem] = []
    message = message_type.name
    key = (id(rule_sets), standard, message)
    known = _plans.get(key) if type(rule_sets) is tuple else None
    chosen: list[tuple[RuleSet, _Rules]] | None = None
    if known is not None and known[0] is rule_sets:
        plan: Iterable[tuple[RuleSet, _Rules]] = known[1]
    else:
        chosen = []
        plan = _chosen(rule_sets, message_type, standard, chosen)
    for rule_set, rules in plan:
        process = _process(document, rule_set, standard)
        if rule_set.processes and process not in rule_set.processes:
            continue
        created = reference_time(document, rule_set, standard)
        moment = _as_aware(as_of) if as_of is not None else created
        if moment is None:
            moment = datetime.now(NORWAY)
        judge = _Judge(
            rule_set, document, standard, moment, created, strict, message_type.name, process,
            rules=rules,  # (worked out above: not again)
        )  # fmt: skip
        for found in judge.run():
            # A date out of range is one finding on its element, whichever rule sets met it.
            if found.code == DateOutOfRangeError.default_code and any(
                p.code == found.code and p.path == found.path for p in problems
            ):
                continue
            problems.append(found)
    if chosen is not None and type(rule_sets) is tuple:
        if len(_plans) >= _PLANS_KEPT:
            _plans.clear()
        _plans[key] = (rule_sets, tuple(chosen))  # (holding the tuple: its id stays its own)
    return problems


#: The rules of a rule set for one document, each with whether it is judged per payload.
_Rules = tuple[tuple[Rule, bool], ...]
#: The compiled judgement of a plan (:func:`.compiled.judgement`, set when that module loads: it
#: builds on this one), given the key and the rule sets of :data:`_plans` and the plan; None:
#: the interpreter alone.
compiled_judgement: (
    Callable[
        [tuple[int, StandardName, str], tuple[RuleSet, ...], tuple[tuple[RuleSet, _Rules], ...]],
        Callable[[etree._Element, datetime | None], bool] | None,
    ]
    | None
) = None
#: Per tuple of rule sets (the configured ones: one tuple, every document), standard and
#: document (root name): the rule sets that judge such a document, in order, with their rules.
#: Found by the first evaluation that went through them all (see :func:`_chosen`).
_plans: dict[
    tuple[int, StandardName, str],
    tuple[tuple[RuleSet, ...], tuple[tuple[RuleSet, _Rules], ...]],
] = {}
_PLANS_KEPT = 1024


def _chosen(
    rule_sets: Iterable[RuleSet],
    message_type: MessageType,
    standard: StandardName,
    chosen: list[tuple[RuleSet, _Rules]],
) -> Iterator[tuple[RuleSet, _Rules]]:
    """The rule sets that judge a ``message_type`` document in ``standard``, with their rules,
    one by one as :func:`_evaluate` judges them (so that what fails, fails in the same order),
    each also added to ``chosen``. Depends on the rule sets and the kind of document only: kept
    in :data:`_plans`, a document of the same kind goes straight to them (7 rule sets weighed
    per document, most of them for other documents)."""
    for rule_set in rule_sets:
        if not rule_set.applies_to(message_type):
            continue
        rules, idle = _rules_of(rule_set, standard, message_type.name)
        if idle:
            # No rule of this rule set judges this document (most rule sets are for a few
            # documents, some rules too): passed over, as judging it would find nothing.
            continue
        chosen.append((rule_set, rules))
        yield rule_set, rules


def _process(document: ParsedDocument, rule_set: RuleSet, standard: StandardName) -> str | None:
    spec = rule_set.fields.get("process")
    path = spec.path(standard) if spec else None
    if path is None:
        return None
    found = spec.read(_find(document.root, path), standard) if spec else []
    return found[0].value if found else None


def describe_moment(moment: datetime) -> str:
    """``2026-03-01`` for midnight Norwegian time, else the full ISO text."""
    try:
        local = moment.astimezone(NORWAY)
    except (OverflowError, ValueError):  # (year 0 or 10000 in Norway: as written)
        return moment.isoformat()
    if local.time() == datetime.min.time():
        return local.date().isoformat()
    return moment.isoformat()
