"""Mutation fuzzing: mutate our example messages and run them through the public API in process.

    python tools/fuzz_mutate.py                    # 100,000 mutants, seed 1 (make fuzz-mutate)
    python tools/fuzz_mutate.py -n 2000 --seed 7   # a short run
    python tools/fuzz_mutate.py --seconds 60       # a time budget instead of a count
    python tools/fuzz_mutate.py --save crashes/    # keep every finding's input
    python tools/fuzz_mutate.py --codes            # every code the XSDs allow, at every place
    python tools/fuzz_mutate.py --boundaries       # every boundary date/number at every one

Seeds are every message under ``examples/`` (XML, and CIM JSON when there is any): new examples
are picked up without a change here. Each mutant is one or more of: byte flips, truncation,
dropped, duplicated and moved elements, changed text and attribute values (values seen in other
examples, codes from our XSDs' enumerations, boundary dates and numbers, whitespace, empty and
long text), dropped attributes.

Each mutant goes through ``validate``, ``read``, ``write`` (of what was read), ``to_domain`` and
``convert`` (to the other standard, and CIM to its Nordic Ediel projection). Two kinds of finding
are recorded:

- **crash**: an exception that is not an :class:`~elhub_cim.core.errors.ElhubCimError`;
- **disagreement**: ``validate`` and the other calls disagree (see :func:`disagreements`).

The exit code is 1 when anything was found, so the run can gate a build.
"""

from __future__ import annotations

import argparse
import copy
import json
import random
import sys
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from lxml import etree

PROJECT_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT_ROOT / "src"))

import elhub_cim  # noqa: E402
from elhub_cim.convert import convert, to_domain  # noqa: E402
from elhub_cim.core.catalog import Standard, catalog  # noqa: E402
from elhub_cim.core.errors import ElhubCimError  # noqa: E402
from elhub_cim.mapping.facets import enumerations_of  # noqa: E402

__all__ = [
    "CONVERSION_CODES",
    "Finding",
    "Outcome",
    "Seed",
    "disagreements",
    "load_seeds",
    "main",
    "mutate",
    "run",
    "run_one",
    "sweep",
    "sweep_boundaries",
    "sweep_codes",
]

#: Codes by which ``convert`` (or ``read``/``write``) refuses a document for what it holds. When
#: one of these is the outcome, ``validate`` must report the same code as an error.
CONVERSION_CODES = frozenset({"DOMAIN_INVALID", "CONVERT_CODE", "OUTPUT_INVALID", "BIND_FAILED"})

#: Refusals that say nothing about validity: the document kind or its process has no form in the
#: target (CONVERT_UNSUPPORTED; CONVERT_TRANSPORT for transport messages), or the target cannot
#: carry a field (CONVERT_LOSS, only without
#: ``allow_loss``; the harness converts with ``allow_loss=True``).
NOT_ABOUT_VALIDITY = frozenset({"CONVERT_UNSUPPORTED", "CONVERT_TRANSPORT", "CONVERT_LOSS"})

_EXAMPLES = PROJECT_ROOT / "examples"
_SCHEMAS = PROJECT_ROOT / "schemas"


# --- seeds ----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Seed:
    """One example message: its bytes and parsed tree (mutations work on copies)."""

    name: str
    data: bytes
    root: etree._Element
    standard: Standard


def load_seeds(folder: Path = _EXAMPLES) -> list[Seed]:
    """Every example under ``folder`` that elhub-cim identifies as a message it knows."""
    seeds: list[Seed] = []
    for path in sorted(folder.rglob("*")):
        if path.suffix not in {".xml", ".json"} or not path.is_file():
            continue
        data = path.read_bytes()
        result = elhub_cim.validate(data, name=path.name, rules=False)
        if result.message_type is None:
            continue  # not a message (e.g. a sharing set-up in JSON)
        if path.suffix == ".json":
            from elhub_cim.formats.cimjson import from_json

            data = from_json(data, name=path.name)
        root = etree.fromstring(data)
        seeds.append(Seed(str(path.relative_to(folder)), data, root, result.message_type.standard))
    return seeds


# --- values ---------------------------------------------------------------------------------------

_BOUNDARY_DATES = (
    "0001-01-01T00:00:00Z",
    "9999-12-31T23:59:59Z",
    "9999-12-31T23:59:59.999999999+14:00",
    "0001-01-01T00:00:00-14:00",
    "2024-02-29T23:00:00Z",
    "2023-02-29T00:00:00Z",
    "2026-03-29T01:30:00+01:00",
    "2026-10-25T02:30:00+02:00",
    "2026-12-31T23:59:60Z",
    "2026-06-30T24:00:00Z",
    "2026-06-30T22:00:00.123456789Z",
    "2026-06-30T22:00:00+24:00",
    "2026-06-30T22:00:00",
    "2026-06-30",
    "-0001-01-01T00:00:00Z",
    "10000-01-01T00:00:00Z",
    "1970-01-01T00:00:00Z",
    "2038-01-19T03:14:08Z",
)
_BOUNDARY_NUMBERS = (
    "0",
    "-0",
    "-1",
    "1",
    "0.0000001",
    "-0.000",
    "2147483647",
    "2147483648",
    "-2147483649",
    "99999999999999999999",
    "1E309",
    "1e3",
    "NaN",
    "INF",
    "-INF",
    "+5",
    ".5",
    "5.",
    "0,250000",
    "999999999999999.999",
    "0000000000000000012",
    "1" * 40,
)
_TEXTS = (
    "",
    " ",
    "\t\n",
    "x" * 1000,
    "æøå ÆØÅ",
    "<>&'\"",
    "\u200b",
    "*",
    "A01",
    "Z99",
    "true",
    "1",
    "0000000000000",
    "1234",
    "7070575000123456789",
    "70705750001234567",
    "EIC-Y12345678901",
    "10YNO-1--------2",
    "BRS-NO-999",
    "00000000-0000-0000-0000-000000000000",
    "2f1c5a1e-0c4b-4f51-9b3e-9f9d1a0a0b0c",
)


@cache
def _enumerations() -> tuple[str, ...]:
    """Every enumeration value in our XSDs: codes a mutant may carry that the XSD accepts."""
    found: set[str] = set()
    for xsd in sorted(_SCHEMAS.rglob("*.xsd")):
        tree = etree.parse(str(xsd))
        for node in tree.iter("{http://www.w3.org/2001/XMLSchema}enumeration"):
            value = node.get("value")
            if value is not None:
                found.add(value)
    return tuple(sorted(found))


@cache
def _seen_values(seeds: tuple[Seed, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Texts and attribute values found in the seeds (for cross-pollination)."""
    texts: set[str] = set()
    attributes: set[str] = set()
    for seed in seeds:
        for element in seed.root.iter(etree.Element):
            if len(element) == 0 and element.text:
                texts.add(element.text)
            attributes.update(str(v) for v in element.attrib.values())
    return tuple(sorted(texts)), tuple(sorted(attributes))


def _new_value(rng: random.Random, old: str, seeds: tuple[Seed, ...], attribute: bool) -> str:
    texts, attributes = _seen_values(seeds)
    kind = rng.randrange(9)
    if kind == 0:
        return rng.choice(_BOUNDARY_DATES)
    if kind == 1:
        return rng.choice(_BOUNDARY_NUMBERS)
    if kind == 2:
        return rng.choice(_TEXTS)
    if kind == 3:
        return rng.choice(_enumerations())
    if kind == 4:
        return rng.choice(attributes if attribute else texts)
    if kind == 5:  # whitespace the XSD may collapse or keep
        pad = rng.choice([" ", "\n", "\t", "  \n  ", "\r\n"])
        return rng.choice([old + pad, pad + old, pad + old + pad, old.replace("-", " - ", 1)])
    if kind == 6 and old:  # one character changed, dropped or added
        position = rng.randrange(len(old))
        char = rng.choice("0123456789-+:.TZ aZ")
        return rng.choice(
            [
                old[:position] + char + old[position + 1 :],
                old[:position] + old[position + 1 :],
                old[:position] + char + old[position:],
            ]
        )
    if kind == 7:  # same shape, other digits (dates keep their look; check digits break)
        return "".join(rng.choice("0123456789") if c.isdigit() else c for c in old)
    return old * rng.randint(2, 3)


# --- mutations ------------------------------------------------------------------------------------


def _elements(root: etree._Element) -> list[etree._Element]:
    return [e for e in root.iter(etree.Element) if e is not root]


def _serialize(root: etree._Element) -> bytes:
    data: bytes = etree.tostring(root, encoding="UTF-8", xml_declaration=True)
    return data


def _drop(rng: random.Random, root: etree._Element, seeds: tuple[Seed, ...]) -> str:
    victim = rng.choice(_elements(root))
    parent = victim.getparent()
    assert parent is not None
    parent.remove(victim)
    return "drop"


def _duplicate(rng: random.Random, root: etree._Element, seeds: tuple[Seed, ...]) -> str:
    victim = rng.choice(_elements(root))
    victim.addnext(copy.deepcopy(victim))
    return "duplicate"


def _move(rng: random.Random, root: etree._Element, seeds: tuple[Seed, ...]) -> str:
    victim = rng.choice(_elements(root))
    parent = victim.getparent()
    assert parent is not None
    parent.remove(victim)
    if rng.random() < 0.5:  # another place among its siblings
        parent.insert(rng.randint(0, len(parent)), victim)
    else:  # anywhere in the document
        hosts = [e for e in root.iter(etree.Element) if len(e) or e is root]
        host = rng.choice(hosts)
        host.insert(rng.randint(0, len(host)), victim)
    return "move"


def _change_text(rng: random.Random, root: etree._Element, seeds: tuple[Seed, ...]) -> str:
    leaves = [e for e in _elements(root) if len(e) == 0]
    victim = rng.choice(leaves)
    victim.text = _new_value(rng, victim.text or "", seeds, attribute=False)
    return "text"


def _change_attribute(rng: random.Random, root: etree._Element, seeds: tuple[Seed, ...]) -> str:
    holders = [e for e in root.iter(etree.Element) if e.attrib]
    if not holders:
        return _change_text(rng, root, seeds)
    victim = rng.choice(holders)
    name = rng.choice(list(victim.attrib))
    if rng.random() < 0.2:
        del victim.attrib[name]
        return "drop-attribute"
    victim.set(name, _new_value(rng, victim.get(name) or "", seeds, attribute=True))
    return "attribute"


def _boundary(rng: random.Random, root: etree._Element, seeds: tuple[Seed, ...]) -> str:
    """A date or number replaced by a boundary value of its own kind."""
    leaves = [e for e in _elements(root) if len(e) == 0 and e.text and e.text[:1].isdigit()]
    if not leaves:
        return _change_text(rng, root, seeds)
    victim = rng.choice(leaves)
    text = victim.text or ""
    dated = _is_date(text)
    victim.text = rng.choice(_BOUNDARY_DATES if dated else _BOUNDARY_NUMBERS)
    return "boundary-date" if dated else "boundary-number"


def _tags(element: etree._Element) -> tuple[str, ...]:
    tags: list[str] = []
    node: etree._Element | None = element
    while node is not None:
        tags.append(str(node.tag))
        node = node.getparent()
    return tuple(reversed(tags))


def coded_places(root: etree._Element) -> list[tuple[etree._Element, str | None, tuple[str, ...]]]:
    """Every element text and attribute whose XSD type is an enumeration, with its codes."""
    message_type = _message_type(root)
    if message_type is None:
        return []
    found: list[tuple[etree._Element, str | None, tuple[str, ...]]] = []
    for element in root.iter(etree.Element):
        tags = _tags(element)
        names: list[str | None] = [None] if len(element) == 0 else []
        for name in [*names, *map(str, element.attrib)]:
            codes = enumerations_of(message_type.schema_file, tags, name)
            if codes:
                found.append((element, name, codes))
    return found


def _message_type(root: etree._Element) -> Any:
    qname = etree.QName(root)
    return catalog().get((qname.namespace or "", qname.localname))


def _code(rng: random.Random, root: etree._Element, seeds: tuple[Seed, ...]) -> str:
    """A code the schema accepts at that place (padded now and then: the XSD may collapse it)."""
    places = coded_places(root)
    if not places:
        return _change_text(rng, root, seeds)
    element, attribute, codes = rng.choice(places)
    value = rng.choice(codes)
    if rng.random() < 0.2:
        value = rng.choice([" ", "\n", "\t "]) + value + rng.choice(["", " ", "\n  "])
    if attribute is None:
        element.text = value
    else:
        element.set(attribute, value)
    return "code"


_TREE_MUTATIONS: tuple[Callable[[random.Random, etree._Element, tuple[Seed, ...]], str], ...] = (
    _drop,
    _duplicate,
    _move,
    _change_text,
    _change_text,
    _change_text,
    _change_attribute,
    _boundary,
    _boundary,
    _code,
    _code,
    _code,
)


def _byte_flip(rng: random.Random, data: bytes) -> bytes:
    mutable = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        position = rng.randrange(len(mutable))
        if rng.random() < 0.5:
            mutable[position] ^= 1 << rng.randrange(8)
        else:
            mutable[position] = rng.randrange(256)
    return bytes(mutable)


def mutate(rng: random.Random, seed: Seed, seeds: tuple[Seed, ...]) -> tuple[str, bytes]:
    """One mutant of ``seed``: the names of the mutations applied and the bytes."""
    roll = rng.random()
    if roll < 0.08:
        return "byte-flip", _byte_flip(rng, seed.data)
    if roll < 0.12:
        return "truncate", seed.data[: rng.randrange(len(seed.data))]
    root = copy.deepcopy(seed.root)
    names = [rng.choice(_TREE_MUTATIONS)(rng, root, seeds) for _ in range(rng.choice((1, 1, 2, 3)))]
    return "+".join(names), _serialize(root)


# --- running --------------------------------------------------------------------------------------


@dataclass(slots=True)
class Outcome:
    """What one call did with a mutant: ``ok``, the first error code, or a crash."""

    call: str
    code: str | None = None  # None: succeeded
    crash: str | None = None  # a traceback when the exception is not an ElhubCimError
    codes: frozenset[str] = frozenset()

    @property
    def ok(self) -> bool:
        return self.code is None and self.crash is None


def _call(name: str, function: Callable[[], Any]) -> tuple[Outcome, Any]:
    try:
        return Outcome(name), function()
    except ElhubCimError as error:
        codes = frozenset(p.code for p in error.problems)
        return Outcome(name, error.code, codes=codes), None
    except Exception:  # recording it is the point
        return Outcome(name, "CRASH", traceback.format_exc(limit=12)), None


@dataclass(slots=True)
class Finding:
    kind: str  # "crash" or "disagreement"
    call: str
    detail: str
    seed: str
    mutation: str
    data: bytes = field(repr=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "call": self.call,
            "detail": self.detail,
            "seed": self.seed,
            "mutation": self.mutation,
        }


def run_one(data: bytes, standard: Standard | None = None) -> tuple[Any, list[Outcome]]:
    """Every call on one input: ``(validation result or None, outcomes)``."""
    outcomes: list[Outcome] = []
    validated, result = _call("validate", lambda: elhub_cim.validate(data, name="<mutant>"))
    outcomes.append(validated)
    if result is not None and result.message_type is not None:
        standard = result.message_type.standard
    read_outcome, message = _call("read", lambda: elhub_cim.read(data, name="<mutant>"))
    outcomes.append(read_outcome)
    if message is not None:
        outcomes.append(_call("write", lambda: elhub_cim.write(message))[0])
    outcomes.append(_call("to_domain", lambda: to_domain(data, allow_loss=True))[0])
    targets = ["cim", "nordic-ediel"] if standard is Standard.EBIX else ["ebix", "nordic-ediel"]
    for target in targets:
        outcomes.append(
            _call(
                f"convert:{target}",
                lambda target=target: convert(data, to=target, allow_loss=True),  # type: ignore[misc]
            )[0]
        )
    return result, outcomes


def disagreements(result: Any, outcomes: list[Outcome]) -> list[str]:
    """Where ``validate`` and the other calls disagree about one input.

    - ``validate`` found no error, yet a call refused the input for a reason other than
      :data:`NOT_ABOUT_VALIDITY`;
    - a call refused it with a code of :data:`CONVERSION_CODES` that ``validate`` did not report.

    The Nordic Ediel projection is checked for crashes only: it is a lossy view whose refusals
    (a code with no Nordic equivalent) are about the target, not the input.
    """
    if result is None:
        return []
    errors = {p.code for p in result.problems if p.severity == "error"}
    found: list[str] = []
    for outcome in outcomes:
        if outcome.call == "validate" or outcome.ok or outcome.crash:
            continue
        if outcome.call == "convert:nordic-ediel":
            continue
        codes = outcome.codes or frozenset({outcome.code or ""})
        if codes <= NOT_ABOUT_VALIDITY:
            continue
        if not errors:
            found.append(f"validate: valid; {outcome.call}: {sorted(codes)}")
        elif codes & CONVERSION_CODES and not codes & CONVERSION_CODES <= errors:
            missing = sorted(codes & CONVERSION_CODES - errors)
            found.append(f"{outcome.call}: {missing} not reported by validate ({sorted(errors)})")
    return found


@dataclass(slots=True)
class Tally:
    mutants: int = 0
    valid: int = 0
    crashes: int = 0
    disagreements: int = 0
    seconds: float = 0.0
    by_mutation: Counter[str] = field(default_factory=Counter)
    findings: list[Finding] = field(default_factory=list)
    signatures: Counter[str] = field(default_factory=Counter)

    def summary(self) -> str:
        rate = self.mutants / self.seconds if self.seconds else 0.0
        return (
            f"{self.mutants} mutants ({self.valid} valid per validate) in {self.seconds:.1f} s "
            f"({rate:.0f}/s): {self.crashes} exceptions outside ElhubCimError, "
            f"{self.disagreements} validate/convert disagreements"
        )


def _signature(kind: str, call: str, detail: str) -> str:
    """Findings grouped by cause: a crash by its last frame and exception type."""
    if kind == "crash":
        lines = [line for line in detail.strip().splitlines() if line.strip()]
        frame = next((ln.strip() for ln in reversed(lines) if ln.strip().startswith("File")), "")
        return f"crash {call}: {lines[-1][:120] if lines else '?'} @ {frame[:160]}"
    return f"disagreement {detail[:200]}"


def run(
    count: int | None = 100_000,
    *,
    seed: int = 1,
    seconds: float | None = None,
    seeds: list[Seed] | None = None,
    keep: int = 20,
) -> Tally:
    """Fuzz ``count`` mutants (or for ``seconds``), deterministic for a given ``seed``.

    ``keep`` bounds how many findings of one signature keep their input.
    """
    pool = tuple(seeds if seeds is not None else load_seeds())
    rng = random.Random(seed)
    tally = Tally()
    start = time.perf_counter()
    deadline = start + seconds if seconds is not None else None
    while (count is None or tally.mutants < count) and (
        deadline is None or time.perf_counter() < deadline
    ):
        origin = rng.choice(pool)
        mutation, data = mutate(rng, origin, pool)
        _record(tally, origin.name, mutation, data, origin.standard, keep)
    tally.seconds = time.perf_counter() - start
    return tally


def _record(
    tally: Tally,
    origin: str,
    mutation: str,
    data: bytes,
    standard: Standard,
    keep: int = 20,
    kind: str | None = None,
) -> None:
    tally.mutants += 1
    tally.by_mutation[kind or mutation.split("+", 1)[0]] += 1
    result, outcomes = run_one(data, standard)
    if result is not None and result.valid:
        tally.valid += 1
    found: list[tuple[str, str, str]] = [
        ("crash", o.call, o.crash) for o in outcomes if o.crash is not None
    ]
    found += [("disagreement", "validate", d) for d in disagreements(result, outcomes)]
    for kind, call, detail in found:
        if kind == "crash":
            tally.crashes += 1
        else:
            tally.disagreements += 1
        signature = _signature(kind, call, detail)
        tally.signatures[signature] += 1
        if tally.signatures[signature] <= keep:
            tally.findings.append(Finding(kind, call, detail, origin, mutation, data))


def sweep_codes(seeds: list[Seed] | None = None) -> Iterator[tuple[str, str, bytes]]:
    """Every example with every code its XSD accepts at every coded place, one at a time:
    ``(seed name, "path=code", bytes)``. Deterministic; a few thousand mutants."""
    for seed in seeds if seeds is not None else load_seeds():
        for index in range(len(coded_places(seed.root))):
            root = copy.deepcopy(seed.root)
            element, attribute, codes = coded_places(root)[index]
            where = "/".join(etree.QName(t).localname for t in _tags(element))
            where += f"/@{attribute}" if attribute else ""
            for code in codes:
                if attribute is None:
                    element.text = code
                else:
                    element.set(attribute, code)
                yield seed.name, f"{where}={code}", _serialize(root)


def _is_date(text: str) -> bool:
    return len(text) >= 10 and text[4:5] == "-" and text[7:8] == "-"


def sweep_boundaries(seeds: list[Seed] | None = None) -> Iterator[tuple[str, str, bytes]]:
    """Every example with every boundary date at every date, and every boundary number at every
    number (a leaf starting with a digit), one at a time. Deterministic; a few thousand mutants.
    Dates at the edges of the calendar reach the date arithmetic of rules, notices and monitor,
    which a random mutant seldom does."""
    for seed in seeds if seeds is not None else load_seeds():
        leaves = [
            index
            for index, element in enumerate(seed.root.iter(etree.Element))
            if len(element) == 0 and (element.text or "")[:1].isdigit()
        ]
        for index in leaves:
            root = copy.deepcopy(seed.root)
            element = list(root.iter(etree.Element))[index]
            where = "/".join(etree.QName(t).localname for t in _tags(element))
            values = _BOUNDARY_DATES if _is_date(element.text or "") else _BOUNDARY_NUMBERS
            for value in values:
                element.text = value
                yield seed.name, f"{where}={value}", _serialize(root)


def sweep(
    seconds: float | None = None,
    seeds: list[Seed] | None = None,
    mutants: Callable[[list[Seed]], Iterator[tuple[str, str, bytes]]] = sweep_codes,
) -> Tally:
    """Run a sweep (:func:`sweep_codes`, :func:`sweep_boundaries`) like :func:`run` runs
    random mutants."""
    pool = seeds if seeds is not None else load_seeds()
    standards = {seed.name: seed.standard for seed in pool}
    tally = Tally()
    start = time.perf_counter()
    for name, what, data in mutants(pool):
        if seconds is not None and time.perf_counter() - start > seconds:
            break
        _record(tally, name, what, data, standards[name], kind=mutants.__name__)
    tally.seconds = time.perf_counter() - start
    return tally


def _save(tally: Tally, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for number, finding in enumerate(tally.findings, 1):
        stem = f"{number:04d}-{finding.kind}-{finding.call.replace(':', '-')}"
        (folder / f"{stem}.xml").write_bytes(finding.data)
        (folder / f"{stem}.json").write_text(json.dumps(finding.to_dict(), indent=2) + "\n")


def _lines(tally: Tally) -> Iterator[str]:
    yield tally.summary()
    yield "mutations: " + ", ".join(f"{k} {v}" for k, v in sorted(tally.by_mutation.items()))
    for signature, number in tally.signatures.most_common():
        yield f"{number:6d}  {signature}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("-n", "--count", type=int, default=100_000, help="mutants to run")
    parser.add_argument("--seconds", type=float, help="time budget (stops at count or time)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (fixed: reproducible)")
    parser.add_argument("--save", type=Path, help="write each finding's input and detail here")
    parser.add_argument("--json", type=Path, help="write the counts as JSON here")
    parser.add_argument(
        "--codes",
        action="store_true",
        help="instead: every example with every code its XSD accepts at each coded place",
    )
    parser.add_argument(
        "--boundaries",
        action="store_true",
        help="instead: every example with every boundary date/number at each date/number",
    )
    args = parser.parse_args(argv)
    if args.codes or args.boundaries:
        tally = Tally()
        for chosen, mutants in ((args.codes, sweep_codes), (args.boundaries, sweep_boundaries)):
            if chosen:
                part = sweep(args.seconds, mutants=mutants)
                tally.mutants += part.mutants
                tally.valid += part.valid
                tally.crashes += part.crashes
                tally.disagreements += part.disagreements
                tally.seconds += part.seconds
                tally.by_mutation.update(part.by_mutation)
                tally.findings += part.findings
                tally.signatures.update(part.signatures)
    else:
        tally = run(args.count, seed=args.seed, seconds=args.seconds)
    for line in _lines(tally):
        print(line)
    if args.save and tally.findings:
        _save(tally, args.save)
        print(f"inputs of the findings: {args.save}/")
    if args.json:
        counts = {
            "mutants": tally.mutants,
            "valid": tally.valid,
            "crashes": tally.crashes,
            "disagreements": tally.disagreements,
            "seconds": round(tally.seconds, 1),
            "seed": args.seed,
            "signatures": dict(tally.signatures),
        }
        args.json.write_text(json.dumps(counts, indent=2) + "\n")
    return 1 if tally.crashes or tally.disagreements else 0


if __name__ == "__main__":
    sys.exit(main())
