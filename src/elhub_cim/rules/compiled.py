"""Compiled rule plans: the rules that judge one kind of document turned, once per tuple of rule
sets, standard and document, into a Python function with every static decision already taken.

The interpreter (:mod:`.engine`) stays the specification. For every document it weighs each rule
set and rule: is it in force, for this process, judged per payload; which path each field has in
this standard, walked step by step through memos; which check, which condition. A compiled
judgement takes those decisions once, when a kind of document is judged the second time (its
plan, ``engine._plans``, is known then): the paths become child steps shared by the fields that
begin alike, value sets frozensets, patterns compiled, dates constants of the rule sets (which
are in the key), and what varies per document (the process, the creation time or ``as_of``,
the payloads) stays a test at run time.

A judgement answers one question only: does *no* rule find anything in this document? Nearly
every document a converter meets has no finding. Whenever it cannot say so (a rule would report,
a date no rule can compute with, anything unexpected) it answers no, and the interpreter judges
the document, producing the findings, their messages, paths and order itself. So a finding is
never reported, nor missed, differently: at worst a document is judged twice. A kind whose rule
sets the generator does not handle (a path only XPath can follow, a check it does not know)
has no judgement and is always interpreted. (Equivalence: tests/test_rules_compiled.py.)
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

from lxml import etree

from ..core.dates import in_zone, local_date
from ..core.errors import DateOutOfRangeError
from ..core.profile import brs_of
from . import engine
from .engine import (
    NORWAY,
    STEPS,
    Rule,
    RuleSet,
    StandardName,
    _counted,
    _instant,
    _scanned_parent,
    _walk,
    _walked,
    _working_days_after,
)

__all__ = ["enabled", "judgement", "sources"]

#: Whether :func:`.engine.evaluate` asks a compiled judgement first (tests switch it off).
enabled = True

#: A judgement: (root of the document, ``as_of`` as an aware date-time or None) -> True when no
#: rule of its plan finds anything (False, or an exception: the interpreter judges).
Judgement = Callable[[etree._Element, datetime | None], bool]
_Plan = tuple[tuple[RuleSet, tuple[tuple[Rule, bool], ...]], ...]

#: Per (id of the rule set tuple, standard, document): the tuple (its id stays its own), the plan
#: and the judgement (None: interpreted).
_Key = tuple[int, StandardName, str]
_judgements: dict[_Key, tuple[tuple[RuleSet, ...], _Plan, Judgement | None]] = {}
_KEPT = 1024
#: The source of each generated judgement, by (standard, document) (for tests and reading).
sources: dict[tuple[str, str], str] = {}


class _Unfit(Exception):
    """What the generator does not handle: the kind stays interpreted."""


def judgement(key: _Key, rule_sets: tuple[RuleSet, ...], plan: _Plan) -> Judgement | None:
    """The judgement of ``plan`` (made on first use), None where it stays interpreted (or
    while :data:`enabled` is false)."""
    if not enabled:
        return None
    known = _judgements.get(key)
    if known is not None and known[0] is rule_sets and known[1] is plan:
        return known[2]
    standard, message = key[1], key[2]
    made: Judgement | None
    try:
        made = _made(plan, standard, message)
    except (_Unfit, SyntaxError, RecursionError):
        made = None
    if len(_judgements) >= _KEPT:
        _judgements.clear()
    _judgements[key] = (rule_sets, plan, made)
    return made


# --- run time -----------------------------------------------------------------------------------


def _step(elements: list[etree._Element], tag: str) -> list[etree._Element]:
    """The children ``tag`` of ``elements``, in document order: one step of
    ``engine._elements_at`` (the same elements, found the same way)."""
    if len(elements) == 1:
        return list(elements[0].iterchildren(tag))
    parent = _scanned_parent(elements)
    if parent is None:
        return [child for element in elements for child in element.iterchildren(tag)]
    among = set(elements)
    return [child for child in parent.iterdescendants(tag) if child.getparent() in among]


def _created(values: list[str]) -> datetime | None:
    """``engine.reference_time`` from the values of the ``created`` field."""
    if not values:
        return None
    try:
        return _instant(values[0])
    except ValueError:
        return None


class _Unsure(Exception):
    """A date no rule can compute with: the interpreter reports it."""


def _target(value: str) -> date | None:
    """``_Judge._target`` without the finding: None for what is no date-time."""
    try:
        return local_date(_instant(value))
    except DateOutOfRangeError:
        raise _Unsure from None
    except ValueError:
        return None


def _window(
    created: datetime | None, values: list[str], working: bool, low: int | None, high: int | None
) -> bool:
    """Whether ``_Judge._date_window`` finds nothing."""
    if created is None:
        return True
    sent = local_date(created)  # (out of range: an exception, the interpreter reports it)

    def shift(days: int) -> date:
        return _working_days_after(sent, days) if working else sent + timedelta(days=days)

    earliest = shift(low) if low is not None else None  # (OverflowError: interpreted)
    latest = shift(high) if high is not None else None
    for value in values:
        target = _target(value)
        if target is None:
            continue
        if (earliest is not None and target < earliest) or (latest is not None and target > latest):
            return False
    return True


def _deadline(
    created: datetime | None, values: list[str], working: bool, low: int | None, high: int | None
) -> bool:
    """Whether ``_Judge._deadline`` finds nothing."""
    if created is None:
        return True
    sent = local_date(created)
    for value in values:
        target = _target(value)
        if target is None:
            continue

        def before(days: int, target: date = target) -> date:
            return _working_days_after(target, -days) if working else target - timedelta(days=days)

        latest = before(low) if low is not None else None
        earliest = before(high) if high is not None else None
        if (latest is not None and sent > latest) or (earliest is not None and sent < earliest):
            return False
    return True


def _midnight(values: list[str]) -> bool:
    """Whether the ``midnight`` check finds nothing."""
    for value in values:
        try:
            local = in_zone(_instant(value), NORWAY)
        except DateOutOfRangeError:
            raise _Unsure from None
        except ValueError:
            continue
        if local.time() != datetime.min.time():
            return False
    return True


def _aligned(period: tuple[int, datetime, datetime, int] | None) -> bool:
    """Whether ``period_alignment`` finds nothing in ``period`` (``_Judge._series``)."""
    if period is None:
        return True
    step, start, end, _ = period
    return not any(int(moment.timestamp()) % step or moment.microsecond for moment in (start, end))


def _counted_right(
    period: tuple[int, datetime, datetime, int] | None, positions: list[str]
) -> bool:
    """Whether ``position_count`` finds nothing in ``period`` (``_Judge._series``)."""
    if period is None:
        return True
    step, _, _, length = period
    if length <= 0 or length % step:
        return True
    expected = length // step
    if len(positions) == expected and positions == _counted(expected):
        return True
    numbers = [int(text) for text in positions if text.isdigit()]
    # (as many numbers first: a period of centuries would make a list of millions to compare)
    return len(numbers) == expected and sorted(numbers) == list(range(1, expected + 1))


def _period(
    starts: list[str], ends: list[str], resolutions: list[str]
) -> tuple[int, datetime, datetime, int] | None:
    """``_Judge._period``: step, start, end and length, None where the period is not judged."""
    if not (starts and ends and resolutions) or resolutions[0] not in STEPS:
        return None
    step = STEPS[resolutions[0]]
    try:
        start, end = _instant(starts[0]), _instant(ends[0])
    except ValueError:
        return None
    return step, start, end, int((end - start).total_seconds())


def _now() -> datetime:
    return datetime.now(NORWAY)


# --- generating ---------------------------------------------------------------------------------


class _Generator:
    """Python source for the judgement of one plan (see above)."""

    def __init__(self, standard: StandardName) -> None:
        self.standard = standard
        self.constants: dict[str, Any] = {}
        self.lines: list[str] = []
        #: Locals holding element lists, by (base, tags) (the base: ``root`` or a context).
        self.elements: dict[tuple[str, tuple[str, ...]], str] = {}
        #: Locals holding values (texts) or counts, by (base, path, kind).
        self.values: dict[tuple[str, str, str], str] = {}
        self.count = 0

    def constant(self, value: Any) -> str:
        name = f"_k{len(self.constants)}"
        self.constants[name] = value
        return name

    def local(self, prefix: str) -> str:
        self.count += 1
        return f"{prefix}{self.count}"

    def at(self, base: str, tags: tuple[str, ...], indent: str) -> str:
        """A local holding the elements ``tags`` lead to from ``base`` (prefixes shared)."""
        if not tags:
            return f"[{base}]"
        key = (base, tags)
        known = self.elements.get(key)
        if known is not None:
            return known
        name = self.local("e")
        if len(tags) == 1:
            expression = f"list({base}.iterchildren({tags[0]!r}))"
        else:
            parent = self.at(base, tags[:-1], indent)
            expression = (
                f"list({parent}[0].iterchildren({tags[-1]!r})) if len({parent}) == 1 "
                f"else _step({parent}, {tags[-1]!r})"
            )
        self.lines.append(f"{indent}{name} = {expression}")
        self.elements[key] = name
        return name

    def texts(self, base: str, path: str, process_code: bool, indent: str) -> str:
        """A local holding the values at ``path`` as ``engine._find`` (and ``Field.read``) give
        them."""
        key = (base, path, "process" if process_code else "texts")
        known = self.values.get(key)
        if known is not None:
            return known
        walk = _walk(path)
        if walk is None:
            raise _Unfit(path)
        tags, attribute = walk
        elements = self.at(base, tags, indent)
        name = self.local("v")
        if attribute is None:
            expression = f"[(x.text or '').strip() for x in {elements}]"
        else:
            expression = f"[y for x in {elements} if (y := x.get({attribute!r})) is not None]"
        if process_code:
            plain = self.texts(base, path, False, indent)
            expression = f"[_brs_of(y) or y for y in {plain}]"
        self.lines.append(f"{indent}{name} = {expression}")
        self.values[key] = name
        return name

    def found(self, base: str, path: str, indent: str) -> str:
        """An expression: how many values there are at ``path`` (``present``: not zero)."""
        walk = _walk(path)
        if walk is None:
            raise _Unfit(path)
        tags, attribute = walk
        if attribute is not None:
            return f"len({self.texts(base, path, False, indent)})"
        return f"len({self.at(base, tags, indent)})"

    def judgement(self, plan: _Plan) -> str:
        self.lines.append("def judge(root, as_of):")
        for rule_set, rules in plan:
            self.rule_set(rule_set, rules)
        self.lines.append("    return True")
        return "\n".join(self.lines) + "\n"

    def field(self, rule_set: RuleSet, name: str, context: str, texts: bool, indent: str) -> str:
        """The local of field ``name``'s values (``texts``) or an expression of how many there
        are, read from ``context`` (relative paths) or the root."""
        spec = rule_set.fields[name]
        path = spec.path(self.standard)
        if path is None:
            raise _Unfit(name)
        base = context if path.startswith("./") else "root"
        if texts:
            code = self.standard == "cim" and spec.cim_process_code
            return self.texts(base, path, code, indent)
        return self.found(base, path, indent)

    def read(self, rule_set: RuleSet, rules: list[Rule], context: str, indent: str) -> None:
        """Read, at ``indent``, every field ``rules`` look at from ``context`` (or from the root:
        ``context`` is "root"). Reading cannot fail and changes nothing: done once, before the
        rules (whether a rule is in force, for this process, only decides what is judged)."""
        for rule in rules:
            for name in sorted(rule.all_fields()):
                path = rule_set.fields[name].path(self.standard) or ""
                if (context == "root") != path.startswith("./"):
                    self.field(rule_set, name, context, _reads_texts(rule, name), indent)

    def rule_set(self, rule_set: RuleSet, rules: tuple[tuple[Rule, bool], ...]) -> None:
        if not _walked(rule_set, self.standard):
            raise _Unfit(rule_set.id)
        fields = rule_set.fields
        indent = "    "
        self.lines.append(f"{indent}# {rule_set.id}")
        process = "None"
        spec = fields.get("process")
        path = spec.path(self.standard) if spec is not None else None
        if spec is not None and path is not None:
            code = self.standard == "cim" and spec.cim_process_code
            values = self.texts("root", path, code, indent)
            process = self.local("p")
            self.lines.append(f"{indent}{process} = {values}[0] if {values} else None")
        created_path = fields["created"].path(self.standard)
        created = "None"
        if created_path is not None:
            values = self.texts("root", created_path, False, indent)
            # (the same field in every rule set: read once; _created cannot fail)
            created = self.values.get(("created", values, ""), "")
            if not created:
                created = self.values[("created", values, "")] = self.local("c")
                self.lines.append(f"{indent}{created} = _created({values})")
        at_root = [rule for rule, relative in rules if not relative]
        per_payload = [rule for rule, relative in rules if relative]
        self.read(rule_set, [rule for rule, _ in rules], "root", indent)
        payload = rule_set.payload.get(self.standard)
        contexts = "[root]"
        if per_payload and payload is not None:
            walk = _walk(payload)
            if walk is None or walk[1] is not None:
                raise _Unfit(payload)
            contexts = f"({self.at('root', walk[0], indent)} or [root])"
        if rule_set.processes:
            self.lines.append(
                f"{indent}if {process} in {self.constant(frozenset(rule_set.processes))}:"
            )
            indent += "    "
        moment = self.local("m")
        if any(rule.valid_from or rule.valid_until for rule, _ in rules):
            # (the moment the rules in force are chosen by: only where some rule is dated)
            self.lines.append(
                f"{indent}{moment} = as_of if as_of is not None else {created} "
                f"if {created} is not None else _now()"
            )
        for rule in at_root:
            self.rule(rule, rule_set, "root", process, created, moment, indent)
        if per_payload:
            outer = dict(self.elements), dict(self.values)
            context = self.local("x")
            self.lines.append(f"{indent}for {context} in {contexts}:")
            self.read(rule_set, per_payload, context, indent + "    ")
            for rule in per_payload:
                self.rule(rule, rule_set, context, process, created, moment, indent + "    ")
            self.elements, self.values = outer  # (the loop's locals: not seen after it)

    def period(self, rule: Rule, texts: Callable[[str], str], indent: str) -> str:
        """A local holding ``_period`` of the rule's start, end and resolution (the grid and the
        positions of a series read one period)."""
        args = ", ".join(texts(name) for name in rule.fields[:3])
        key = ("period", args, indent)
        known = self.values.get(key)
        if known is None:
            known = self.values[key] = self.local("t")
            self.lines.append(f"{indent}{known} = _period({args})")
        return known

    def rule(
        self,
        rule: Rule,
        rule_set: RuleSet,
        context: str,
        process: str,
        created: str,
        moment: str,
        indent: str,
    ) -> None:
        """The lines that return False where ``rule`` would find something (every field it
        reads is read already: see :meth:`read`)."""
        tests = []
        if rule.valid_from is not None:
            tests.append(f"{moment} >= {self.constant(rule.valid_from)}")
        if rule.valid_until is not None:
            tests.append(f"{moment} < {self.constant(rule.valid_until)}")
        if rule.processes:
            tests.append(f"{process} in {self.constant(frozenset(rule.processes))}")

        def texts(name: str) -> str:
            return self.field(rule_set, name, context, True, indent)

        def count(name: str) -> str:
            return self.field(rule_set, name, context, False, indent)

        for kind, names in rule.when.items():
            counts = [count(name) for name in names]
            if kind == "present":
                tests += counts
            elif kind == "absent":
                tests += [f"not {c}" for c in counts]
            elif kind == "any_present":
                if counts:
                    tests.append(f"({' or '.join(counts)})")
            else:
                raise _Unfit(kind)
        period = None
        if rule.check in {"period_alignment", "position_count"}:
            # (before the tests: the next rule of the series reads it whether this one is judged)
            period = self.period(rule, texts, indent)
        self.lines.append(f"{indent}# {rule.id}")
        if tests:
            self.lines.append(f"{indent}if {' and '.join(tests)}:")
            indent += "    "
        fail = f"{indent}    return False"
        check = rule.check
        if check == "present":
            for name in rule.fields:
                self.lines += [f"{indent}if not {count(name)}:", fail]
        elif check == "absent":
            for name in rule.fields:
                self.lines += [f"{indent}if {count(name)}:", fail]
        elif check == "one_of":
            allowed = self.constant(frozenset(rule.values))
            for name in rule.fields:
                self.lines += [f"{indent}if not {allowed}.issuperset({texts(name)}):", fail]
        elif check == "pattern":
            if rule.pattern is None:
                raise _Unfit(rule.id)
            match = f"{self.constant(rule.pattern)}.fullmatch"
            for name in rule.fields:
                self.lines += [f"{indent}if not all(map({match}, {texts(name)})):", fail]
        elif check in {"exactly_one", "at_least"}:
            total = " + ".join(f"(1 if {count(name)} else 0)" for name in rule.fields)
            wrong = "!= 1" if check == "exactly_one" else f"< {rule.count!r}"
            self.lines += [f"{indent}if ({total}) {wrong}:", fail]
        elif check in {"deadline", "date_window"}:
            helper = "_deadline" if check == "deadline" else "_window"
            working = rule.unit == "working_days"
            for name in rule.fields:
                self.lines += [
                    f"{indent}if not {helper}({created}, {texts(name)}, {working!r}, "
                    f"{rule.minimum!r}, {rule.maximum!r}):",
                    fail,
                ]
        elif check == "midnight":
            for name in rule.fields:
                self.lines += [f"{indent}if not _midnight({texts(name)}):", fail]
        elif check == "period_alignment":
            self.lines += [f"{indent}if not _aligned({period}):", fail]
        elif check == "position_count":
            self.lines += [
                f"{indent}if not _counted_right({period}, {texts(rule.fields[3])}):",
                fail,
            ]
        else:
            raise _Unfit(check)


#: The checks that count a field's values rather than read them.
_COUNTING = frozenset({"present", "absent", "exactly_one", "at_least"})


def _reads_texts(rule: Rule, name: str) -> bool:
    """Whether ``rule`` reads the values of field ``name`` (else it counts them only)."""
    return name in rule.fields and rule.check not in _COUNTING


def _made(plan: _Plan, standard: StandardName, message: str) -> Judgement:
    generator = _Generator(standard)
    source = generator.judgement(plan)
    code = compile(source, f"<elhub-cim rules {standard} {message}>", "exec")
    namespace: dict[str, Any] = {
        "_step": _step,
        "_created": _created,
        "_now": _now,
        "_brs_of": brs_of,
        "_window": _window,
        "_deadline": _deadline,
        "_midnight": _midnight,
        "_aligned": _aligned,
        "_counted_right": _counted_right,
        "_period": _period,
        **generator.constants,
    }
    # Source made from the rule sets' own decisions; every value enters as a constant.
    exec(code, namespace)  # noqa: S102
    sources[(standard, message)] = source
    judge: Judgement = namespace["judge"]
    return judge


# (the engine asks for judgements through this; it cannot import this module, which builds on it)
engine.compiled_judgement = judgement
