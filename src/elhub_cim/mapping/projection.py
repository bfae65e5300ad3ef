"""The CIM profile ⇄ Nordic Ediel mapping: a profile document's tree as the plain Nordic Ediel
document (:func:`project_tree`), and a Nordic document lifted into the profile (:func:`lift`).

Tree to tree, driven by a table, like the ebIX ⇄ CIM mapping beside it; reading and writing the
bytes (XML or DataHub 3's JSON) is the Nordic formats' business
(:mod:`elhub_cim.formats.nordic`, whose ``project`` and ``from_nordic`` are the entry points).

What is kept, dropped and substituted is data, not code: the projection table
``schemas/cim/elhub-profile-0.2/projection/nordic-ediel.toml`` lists per document the Nordic
element paths (kept, in Nordic order), the Norwegian additions (dropped, with the EMIF field they
carry), the profile code values the Nordic lists lack (with the action of design §10) and the
values the Nordic document requires where EMIF allows less. Design: ``docs/cim-profile.md`` §10
and "Nordic projection in practice".

The output is not validated here: the Nordic XSDs are ediel.org's files and are not shipped with
elhub-cim. The tests validate every projection against them (``../shared/reference``).
"""

from __future__ import annotations

import copy
import dataclasses
import datetime
import enum
import functools
import re
import tomllib
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree
from stdnum.no import fodselsnummer

from ..core.binding import binding_class, context
from ..core.catalog import MessageType, Standard, catalog
from ..core.errors import (
    ElhubCimError,
    Problem,
    Severity,
    UnknownDocumentError,
    mask_identity_numbers,
    shown_value,
)
from ..core.identify import identify_root
from ..core.profile import brs_of, local_process_code
from ..core.safeparse import ParsedDocument, parse_bytes
from ..core.validation import (
    IDENTITY_NUMBER_SCHEMES,
    identity_numbers,
    readable_path,
    validate_document,
)
from .structure import Child, children, order_of
from .xsdleaves import leaf_patterns

__all__ = [
    "TABLE_FILE",
    "DocumentTable",
    "Projection",
    "ProjectionError",
    "ProjectionTable",
    "Projector",
    "in_utc",
    "lift",
    "lift_brs",
    "nordic_namespace",
    "project_tree",
    "projection_table",
    "without_counterpart",
]

#: Where the projection table sits, relative to the folder of the profile XSDs.
TABLE_FILE = Path("projection") / "nordic-ediel.toml"

DROPPED = "PROJECTION_DROPPED"  # a field the target document has no element for
CODE_DROPPED = "PROJECTION_CODE_DROPPED"  # a code the target list lacks; the field is dropped
CODE_REPLACED = "PROJECTION_CODE_REPLACED"  # a code the target list lacks; another is written
FILLED = "PROJECTION_FILLED"  # a value the target requires, taken from another field
XSI = "http://www.w3.org/2001/XMLSchema-instance"


class ProjectionError(ElhubCimError):
    """The document cannot be projected (no Nordic counterpart, a role the Nordic list lacks,
    a value the target requires and the input lacks) or lifted (fields the profile requires)."""

    default_code = "PROJECTION_REFUSED"


@dataclass(frozen=True, slots=True)
class Projection:
    """A projected (or lifted) document and what it could not carry."""

    data: bytes
    target: str  # namespace of the document in ``data``
    losses: list[Problem]  # one per input field not carried or carried with another value
    notes: list[Problem] = field(default_factory=list)  # values written that the input lacked


@dataclass(frozen=True, slots=True)
class CodeRule:
    name: str
    action: str  # default | reason-999 | drop | drop-parent | refuse | map
    reason: str
    values: frozenset[str]
    mapping: Mapping[str, str] = field(default_factory=dict)  # action "map"
    refuse_unmapped: bool = False  # action "map": a listed value without a target refuses
    lift_inverse: bool = False  # action "map": lifting writes the profile code back
    # Lifting only: a Nordic code the profile lacks, written as the profile's code of the same
    # party or thing (DataHub 3's DGL, the hub, is Elhub's DDZ); reported as replaced.
    lift_map: Mapping[str, str] = field(default_factory=dict)
    lift_reason: str = ""
    # Lifting only: a Nordic code that no source pairs with a profile code (DataHub 3's D21 and
    # D29 move-ins; E66 for a supplier's move-out), and why: added to the refusal of it.
    lift_unsourced: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Fill:
    path: str
    source: str  # relative to the element that gets the filled child; '..' goes up
    reason: str
    when_path: str | None = None
    when_values: frozenset[str] = frozenset()
    # The source's code translated (``A02`` flow direction -> ``E17`` consumption point);
    # a source value without an entry cannot be filled.
    mapping: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class LiftRequirement:
    """Lifting: fields the profile needs beside a code, which the Nordic element lacks (an
    estimated point's Norwegian codes). The element at ``path`` whose child ``when`` has one of
    ``values`` (as lifted: after the inverse codes; no ``when``: every such element) must have
    each of ``fields``; each missing one is a ``LIFT_MISSING`` at its place, never filled."""

    path: str
    when: str | None
    values: frozenset[str]
    fields: tuple[str, ...]
    reason: str


@dataclass(frozen=True)
class DocumentTable:
    """The projection facts of one profile document with a Nordic counterpart."""

    name: str
    profile_namespace: str
    nordic_namespace: str
    default_type: str | None
    nordic: tuple[str, ...]  # kept paths, in document order
    unused: frozenset[str]  # Nordic elements Elhub does not use
    additions: Mapping[str, str]  # Norwegian additions: path -> EMIF field
    codes: Mapping[str, CodeRule]  # path -> rule
    fills: tuple[Fill, ...]
    # The Nordic root element, when the profile document has a Norwegian name of its own
    # (NotifyCollectedMeasureData is written as the Nordic NotifyValidatedMeasureData).
    nordic_name: str | None = None
    # path -> paths (relative) the Nordic document requires below it: an element without them
    # (a profiled series has no points) is dropped whole and every leaf reported.
    complete: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # When several profile documents are written as one Nordic root (DataHub 3's
    # NotifyValidatedMeasureData is Elhub's CollectedData sent to the hub and the billing
    # document sent by it), which one a Nordic document lifts to: the local process codes the
    # document carries, and header alternatives (each: header path -> values, all must hold).
    lift_processes: frozenset[str] = frozenset()
    lift_when: tuple[Mapping[str, frozenset[str]], ...] = ()
    lift_requires: tuple[LiftRequirement, ...] = ()

    @property
    def nordic_root(self) -> str:
        return self.nordic_name or self.name

    @functools.cached_property
    def order(self) -> dict[str, int]:
        return {path: index for index, path in enumerate(self.nordic)}


@dataclass(frozen=True, slots=True)
class ProjectionTable:
    documents: Mapping[str, DocumentTable]  # by root element name
    not_nordic: Mapping[str, str]  # root element name -> why there is no Nordic document
    lift_defaults: Mapping[str, str]
    rules: Mapping[str, CodeRule]
    # Nordic Ediel root elements (DataHub 3's) that no profile document extends: told by name
    # where no namespace tells a Nordic document (DataHub 3's JSON).
    nordic_only: frozenset[str] = frozenset()

    def nordic_roots(self) -> list[str]:
        """The Nordic Ediel root elements that lift into the profile, each once, sorted."""
        return sorted({document.nordic_root for document in self.documents.values()})

    def by_nordic(
        self,
        namespace: str,
        name: str,
        root: etree._Element | None = None,
        brs: str | None = None,
    ) -> DocumentTable | None:
        """The profile document a Nordic root lifts to. Where several profile documents are
        written as the same Nordic root, ``brs`` (its local process code) and the header of
        ``root`` choose (:meth:`choose`)."""
        # The 2023 customer document was published as urn:ediel:org:... (OP-20); 2025 fixed it.
        namespace = namespace.replace("urn:ediel:org:", "urn:ediel.org:", 1)
        candidates = [
            d
            for d in self.documents.values()
            if d.nordic_namespace == namespace and d.nordic_root == name
        ]
        if len(candidates) > 1 and root is not None:
            return self.choose(candidates, root, brs)
        for document in self.documents.values():
            if document.nordic_namespace == namespace and document.name == name:
                return document
        # A Norwegian document written as a Nordic one is lifted only when no profile document
        # carries the Nordic name itself.
        for document in self.documents.values():
            if document.nordic_namespace == namespace and document.nordic_root == name:
                return document
        return None

    def choose(
        self, candidates: list[DocumentTable], root: etree._Element, brs: str | None
    ) -> DocumentTable:
        """Which of the profile documents written as one Nordic root a Nordic document is
        (docs/cim-profile.md §13, "Which document a Nordic document lifts to"):

        1. the process: the documents whose ``lift_processes`` hold the local code of ``brs``
           (BRS-NO-324 is only the billing document; 311, 312 and 332 only CollectedData); one
           left decides;
        2. the roles in the header: the one document among those left whose ``lift_when``
           holds (a receiver that is the hub: CollectedData sent to it; a sender that is the
           hub: the billing document it sends);
        3. otherwise the document that carries the Nordic name itself (today's default).
        """

        left = candidates
        if brs is not None:
            code = local_process_code(brs)
            serving = [d for d in left if code in d.lift_processes]
            if len(serving) == 1:
                return serving[0]
            left = serving or left
        header = {
            etree.QName(child).localname: (child.text or "").strip()
            for child in root
            if isinstance(child.tag, str)
        }
        holding = [
            d
            for d in left
            if any(
                all(header.get(path) in values for path, values in alternative.items())
                for alternative in d.lift_when
            )
        ]
        if len(holding) == 1:
            return holding[0]
        named = [d for d in left if d.name == d.nordic_root]
        return (named or left)[0]


def _load_table(path: Path) -> ProjectionTable:
    with path.open("rb") as stream:
        raw: dict[str, Any] = tomllib.load(stream)
    rules = {
        name: CodeRule(
            name,
            spec["action"],
            spec["reason"],
            frozenset(spec["values"]),
            dict(spec.get("map", {})),
            bool(spec.get("refuse_unmapped", False)),
            bool(spec.get("lift_inverse", False)),
            dict(spec.get("lift_map", {})),
            str(spec.get("lift_reason", "")),
            dict(spec.get("lift_unsourced", {})),
        )
        for name, spec in raw["code_rules"].items()
    }
    documents: dict[str, DocumentTable] = {}
    for name, spec in raw["documents"].items():
        fills = tuple(
            Fill(
                path=f["path"],
                source=f["source"],
                reason=f["reason"],
                when_path=f.get("when_path"),
                when_values=frozenset(f.get("when_values", ())),
                mapping=dict(f.get("map", {})),
            )
            for f in spec.get("fill", ())
        )
        documents[name] = DocumentTable(
            name=name,
            profile_namespace=spec["profile_namespace"],
            nordic_namespace=spec["nordic_namespace"],
            default_type=spec.get("default_type"),
            nordic=tuple(spec["nordic"]),
            unused=frozenset(spec.get("unused", ())),
            additions=dict(spec.get("additions", {})),
            codes={p: rules[r] for p, r in spec.get("codes", {}).items()},
            fills=fills,
            nordic_name=spec.get("nordic_name"),
            complete={p: tuple(r) for p, r in spec.get("complete", {}).items()},
            lift_processes=frozenset(spec.get("lift_processes", ())),
            lift_when=tuple(
                {path: frozenset(values) for path, values in alternative.items()}
                for alternative in spec.get("lift_when", ())
            ),
            lift_requires=tuple(
                LiftRequirement(
                    path=r["path"],
                    when=r.get("when"),
                    values=frozenset(r.get("values", ())),
                    fields=tuple(r["fields"]),
                    reason=r["reason"],
                )
                for r in spec.get("lift_requires", ())
            ),
        )
    return ProjectionTable(
        documents=documents,
        not_nordic=dict(raw.get("not_nordic", {})),
        lift_defaults=dict(raw.get("lift_defaults", {})),
        nordic_only=frozenset(raw.get("nordic_only", ())),
        rules=rules,
    )


@functools.cache
def projection_table(profile_folder: Path | None = None) -> ProjectionTable:
    """The projection table of a profile version (default: the folder of the CIM profile XSDs)."""
    if profile_folder is None:
        profile_folder = _profile_folder()
    return _load_table(profile_folder / TABLE_FILE)


def _profile_folder() -> Path:
    folders = {mt.schema_file.parent for mt in catalog().values() if mt.standard is Standard.CIM}
    with_table = sorted(f for f in folders if (f / TABLE_FILE).is_file())
    if not with_table:
        raise FileNotFoundError("no Nordic projection table found beside the CIM profile XSDs")
    return with_table[-1]


@functools.cache
def lift_brs() -> frozenset[str]:
    """The BRS a Nordic document may be lifted as (``brs``): those of the local process codes
    the table's process types stand for (``BRS-NO-102``; ``POLL`` for ``NOPOLL``)."""
    codes = {
        code
        for document in projection_table().documents.values()
        for path, rule in document.codes.items()
        if path.endswith("process.processType")
        for code in rule.values
    }
    return frozenset(brs_of(code) or code for code in codes)


def nordic_namespace(root_name: str) -> str | None:
    """Namespace of the Nordic Ediel document a profile root projects to, or ``None``."""
    document = projection_table().documents.get(root_name)
    return document.nordic_namespace if document else None


# --- helpers ------------------------------------------------------------------------------


def _elements(element: etree._Element) -> Iterator[etree._Element]:
    for child in element:
        if isinstance(child.tag, str):
            yield child


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname


def _beside(text: str | None) -> bool:
    """Whether ``text`` beside elements is more than XML's white space (indentation)."""
    return bool(text and text.strip(" \t\r\n"))


def _join(parent: str, name: str) -> str:
    return f"{parent}/{name}" if parent else name


def _leaves(element: etree._Element) -> Iterator[etree._Element]:
    """The element itself when it has no element children, else every leaf below it."""
    kids = list(_elements(element))
    if not kids:
        yield element
        return
    for kid in kids:
        yield from _leaves(kid)


def _is_identity_number(element: etree._Element) -> bool:
    return any(element.get(attr) in schemes for attr, schemes in IDENTITY_NUMBER_SCHEMES.items())


def _shown(element: etree._Element) -> str:
    """The value of a leaf for a message; never a national identity number."""
    if _is_identity_number(element):
        return "(value not shown: national identity number)"
    text = (element.text or "").strip()
    return f"'{text}'"


def _new_element(namespace: str, name: str) -> etree._Element:
    """An element in ``namespace``, declared as the default namespace (no prefixes)."""
    nsmap: dict[str | None, str] = {None: namespace}
    return etree.Element(f"{{{namespace}}}{name}", nsmap=nsmap)  # type: ignore[arg-type]


def serialize(root: etree._Element, pretty: bool) -> bytes:
    if pretty:
        etree.indent(root, space="  ")
    body: bytes = etree.tostring(root, encoding="UTF-8", xml_declaration=False)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + body + b"\n"


def _insert_ordered(
    parent: etree._Element, child: etree._Element, order: Mapping[str, int]
) -> None:
    """Insert ``child`` before the first sibling that comes after it in ``order`` (by tag)."""
    rank = order.get(child.tag, len(order))
    for index, sibling in enumerate(parent):
        if isinstance(sibling.tag, str) and order.get(sibling.tag, len(order)) > rank:
            parent.insert(index, child)
            return
    parent.append(child)


def _resolve(start: etree._Element, relative: str) -> etree._Element | None:
    node: etree._Element | None = start
    for step in relative.split("/"):
        if node is None:
            return None
        if step == "..":
            node = node.getparent()
            continue
        node = next((c for c in _elements(node) if _local(c) == step), None)
    return node


def _at_path(root: etree._Element, path: str) -> list[etree._Element]:
    nodes = [root]
    for step in [s for s in path.split("/") if s]:
        nodes = [c for n in nodes for c in _elements(n) if _local(c) == step]
    return nodes


# --- projection: profile -> Nordic --------------------------------------------------------


class Projector:
    def __init__(self, table: DocumentTable, source: ParsedDocument) -> None:
        self.table = table
        self.name = source.name
        self.source = source.root
        self.known_ids = identity_numbers(source.root)
        self.ns = table.nordic_namespace
        self.losses: list[Problem] = []
        self.notes: list[Problem] = []
        self.errors: list[Problem] = []
        # projected element -> its profile element (fills may read a dropped addition)
        self.origin: dict[etree._Element, etree._Element] = {}

    def _problem(
        self, code: str, element: etree._Element, message: str, severity: Severity
    ) -> Problem:
        return Problem(
            code,
            mask_identity_numbers(message, self.known_ids),
            file=self.name,
            line=element.sourceline if isinstance(element.sourceline, int) else None,
            path=mask_identity_numbers(readable_path(element), self.known_ids),
            severity=severity,
        )

    def _lose(self, code: str, element: etree._Element, why: str) -> None:
        for leaf in _leaves(element):
            self.losses.append(
                self._problem(code, leaf, f"{_shown(leaf)} not carried: {why}", Severity.WARNING)
            )

    def refusals(self) -> list[Problem]:
        found: list[Problem] = []
        for path, rule in self.table.codes.items():
            if rule.action != "refuse" and not rule.refuse_unmapped:
                continue
            for element in _at_path(self.source, path):
                value = (element.text or "").strip()
                if value in rule.values and value not in rule.mapping:
                    found.append(
                        self._problem(
                            "PROJECTION_REFUSED",
                            element,
                            f"{self.table.name} with {_local(element)} '{value}' cannot be "
                            f"written as the Nordic document: {rule.reason}",
                            Severity.ERROR,
                        )
                    )
        return found

    def _addition_reason(self, path: str) -> str:
        emif = self.table.additions.get(path)
        if emif is not None:
            return (
                f"Norwegian addition {path} (EMIF: {emif}); the Nordic document has no such field"
            )
        return f"{path} is not an element of the Nordic document"

    def _drop_parent_rule(
        self, element: etree._Element, path: str
    ) -> tuple[etree._Element, CodeRule] | None:
        for child in _elements(element):
            rule = self.table.codes.get(_join(path, _local(child)))
            if (
                rule is not None
                and rule.action == "drop-parent"
                and (child.text or "").strip() in rule.values
            ):
                return child, rule
        return None

    def copy(self, source: etree._Element, path: str) -> etree._Element:
        """``source`` in the Nordic namespace, without what the Nordic document lacks."""
        target = _new_element(self.ns, _local(source) if path else self.table.nordic_root)
        self.origin[target] = source
        for key, value in source.attrib.items():
            if key == "codingScheme" and value == FOREIGN_IDENTITY_SCHEME:
                # The profile's foreign personal identity number (what the lift makes of
                # DataHub 3's CPR under ARR): the Nordic list has ARR for any country's.
                value = NORDIC_IDENTITY_SCHEME
                self.losses.append(
                    self._problem(
                        CODE_REPLACED,
                        source,
                        f"codingScheme '{FOREIGN_IDENTITY_SCHEME}' written as "
                        f"'{NORDIC_IDENTITY_SCHEME}': the profile's local scheme of a personal "
                        "identity number of another country than Norway is, in the Nordic list, "
                        "ARR (social security number, as DataHub 3 writes a Danish CPR number); "
                        "value not shown",
                        Severity.WARNING,
                    )
                )
            target.set(key, value)
        kids = list(_elements(source))
        if not kids:
            target.text = source.text
            return target
        for child in kids:
            child_path = _join(path, _local(child))
            if child_path not in self.table.order:
                self._lose(DROPPED, child, self._addition_reason(child_path))
                continue
            dropped = self._drop_parent_rule(child, child_path)
            if dropped is not None:
                code_element, rule = dropped
                value = (code_element.text or "").strip()
                self._lose(CODE_DROPPED, child, f"{_local(code_element)} '{value}': {rule.reason}")
                continue
            rule_found = self.table.codes.get(child_path)
            value = (child.text or "").strip()
            if rule_found is None or value not in rule_found.values:
                target.append(self.copy(child, child_path))
            else:
                self._apply(rule_found, child, child_path, value, target)
        return target

    def _apply(
        self,
        rule: CodeRule,
        child: etree._Element,
        path: str,
        value: str,
        target: etree._Element,
    ) -> None:
        """Write ``child``, whose code the Nordic list lacks, as the rule says (and report it)."""
        if rule.action == "default" and self.table.default_type:
            made = self.copy(child, path)
            made.text = self.table.default_type
            target.append(made)
            message = f"'{value}' written as '{self.table.default_type}': {rule.reason}"
        elif rule.action == "map" and value in rule.mapping:
            made = self.copy(child, path)
            made.text = rule.mapping[value]
            target.append(made)
            message = f"'{value}' written as '{rule.mapping[value]}': {rule.reason}"
        elif rule.action == "reason-999":
            made = self.copy(child, path)
            made.text = "999"
            target.append(made)
            text = _new_element(self.ns, "text")
            text.text = value
            target.append(text)
            message = f"'{value}' written as '999' with '{value}' in Reason/text: {rule.reason}"
        else:  # drop, or a code "map" has no target for (refusals were raised before copying)
            why = rule.reason if rule.action != "map" else "no ENTSO-E process type for it"
            self._lose(CODE_DROPPED, child, why)
            return
        self.losses.append(self._problem(CODE_REPLACED, child, message, Severity.WARNING))

    def drop_incomplete(self, root: etree._Element) -> None:
        """Drop what lacks a part the Nordic document requires (and report every leaf)."""
        doomed: list[etree._Element] = []
        for path, required in self.table.complete.items():
            for element in _at_path(root, path):
                missing = [r for r in required if _resolve(element, r) is None]
                if not missing:
                    continue
                why = (
                    f"the Nordic {self.table.nordic_root} requires {', '.join(missing)} in "
                    f"every {path.rpartition('/')[2]}, which this one lacks (EMIF allows it: "
                    "a profiled series or an annual estimate has no interval values, a billing "
                    "series may name no metering point)"
                )
                self._lose(DROPPED, element, why)
                doomed.append(element)
        # Removed after all are reported, so that each is named by its place in the input.
        for element in doomed:
            parent = element.getparent()
            if parent is not None:
                parent.remove(element)

    def fill(self, root: etree._Element) -> None:
        for fill in self.table.fills:
            parent_path, _, leaf = fill.path.rpartition("/")
            # The order of the parent's own children: the same local name (mRID, say) may
            # stand at other levels too, so rank by full path, not by name.
            order = {
                f"{{{self.ns}}}{path.rpartition('/')[2]}": index
                for index, path in enumerate(self.table.nordic)
                if path.rpartition("/")[0] == parent_path
            }
            for parent in _at_path(root, parent_path):
                if any(_local(c) == leaf for c in _elements(parent)):
                    continue
                # Named by its place in the input, as the losses are (the parent it was copied
                # from; the output's own place only for a parent the projection made).
                place = self.origin.get(parent, parent)
                where = f"{readable_path(place)}/{leaf}"
                line = place.sourceline if place is not parent else None
                line = line if isinstance(line, int) else None
                source = _resolve(parent, fill.source)
                if source is None and parent in self.origin:
                    source = _resolve(self.origin[parent], fill.source)
                condition = _resolve(parent, fill.when_path) if fill.when_path else None
                allowed = fill.when_path is None or (
                    condition is not None and (condition.text or "").strip() in fill.when_values
                )
                mapped = None
                if source is not None and fill.mapping:
                    mapped = fill.mapping.get((source.text or "").strip())
                    allowed = allowed and mapped is not None
                if source is None or not allowed:
                    self.errors.append(
                        Problem(
                            "PROJECTION_REQUIRED",
                            f"the Nordic {self.table.name} requires {leaf}, which the input "
                            f"lacks and which cannot be taken from {fill.source} ({fill.reason})",
                            file=self.name,
                            line=line,
                            path=where,
                        )
                    )
                    continue
                if mapped is not None:  # a new element: no namespace of the profile's
                    made = etree.Element(f"{{{self.ns}}}{leaf}")
                    made.text = mapped
                else:
                    made = copy.deepcopy(source)
                    made.tag = f"{{{self.ns}}}{leaf}"
                    made.tail = None
                _insert_ordered(parent, made, order)
                self.notes.append(
                    Problem(
                        FILLED,
                        f"{leaf} filled from {fill.source}: {fill.reason}",
                        file=self.name,
                        line=line,
                        path=where,
                        severity=Severity.WARNING,
                    )
                )


def _table_for(message_type: MessageType, name: str) -> DocumentTable:
    if message_type.standard is not Standard.CIM:
        raise ProjectionError(
            [
                Problem(
                    "PROJECTION_UNSUPPORTED",
                    f"{message_type.name} is not a CIM profile document; only profile documents "
                    "are projected (convert ebIX to CIM first)",
                    file=name,
                )
            ]
        )
    table = projection_table(message_type.schema_file.parent)
    document = table.documents.get(message_type.name)
    if document is None:
        why = table.not_nordic.get(message_type.name, "no Nordic Ediel document carries it")
        raise ProjectionError(
            [
                Problem(
                    "PROJECTION_NO_NORDIC",
                    f"{message_type.name} has no Nordic Ediel counterpart and is not projected: "
                    f"{why}",
                    file=name,
                    path=f"/{message_type.name}",
                )
            ]
        )
    return document


def project_tree(source: ParsedDocument) -> tuple[etree._Element, DocumentTable, Projector]:
    """The Nordic Ediel tree of a (schema-valid) profile document, the table entry used and the
    projector (its ``losses`` and ``notes``). Raises :class:`ProjectionError` for documents
    without a Nordic counterpart, with a role the Nordic list lacks, or lacking a value the
    Nordic document requires and the table cannot fill."""
    message_type = identify_root(source.root, name=source.name)
    table = _table_for(message_type, source.name)
    projector = Projector(table, source)
    refused = projector.refusals()
    if refused:
        raise ProjectionError(refused)
    root = projector.copy(source.root, "")
    projector.drop_incomplete(root)
    projector.fill(root)
    if projector.errors:
        raise ProjectionError(projector.errors)
    return root, table, projector


# --- lifting: Nordic -> profile -------------------------------------------------------------


#: Namespace of the UUIDs (v5) that stand for Nordic identifiers that are not UUIDs when a
#: Nordic document is lifted (docs/cim-profile.md §13): uuid5(NAMESPACE_URL, this URN).
LIFT_ID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:x-elhub-cim:lifted-nordic-id")
REPLACED = "LIFT_REPLACED"  # a Nordic value the profile cannot take as it is, written otherwise
UTC = "LIFT_UTC"  # a Nordic time with an offset, written in UTC (the same instant)
_PROCESS_PATHS = ("process.processType", "received_MarketDocument.process.processType")
PROCESS = "LIFT_PROCESS"  # the local process code of the one process the Nordic code can be
#: The profile's coding scheme of a personal identity number that is not Norwegian (local code,
#: local-extension-types.xsd): what a Nordic ARR value becomes when it is not a fødselsnummer.
FOREIGN_IDENTITY_SCHEME = "Z01"
#: The Nordic coding scheme of a personal identity number (social security number), whatever
#: the country: what the projection writes for the profile's Z01.
NORDIC_IDENTITY_SCHEME = "ARR"
_A_UUID = "0f8fad5b-d9cb-469f-a165-70867728950e"


def _uuid_paths(message_type: MessageType) -> frozenset[str]:
    """Leaf paths whose profile type is a UUID (its pattern takes a UUID and nothing shorter)."""

    def takes_uuids_only(pattern: str) -> bool:
        try:
            return bool(re.fullmatch(pattern, _A_UUID)) and not re.fullmatch(pattern, "123")
        except re.error:  # XSD regex syntax Python lacks (\i, \c, subtraction): not a UUID
            return False

    return frozenset(
        path
        for path, patterns in leaf_patterns(message_type).items()
        if patterns and all(takes_uuids_only(p) for p in patterns)
    )


#: A time that carries an offset instead of Z (xs:dateTime lets the Nordic documents write one).
#: The end of a day as xs:dateTime writes it (24:00:00, the same instant as 00:00:00 of the next).
_END_OF_DAY = re.compile(r"(\d{4}-\d\d-\d\d)T24:00((?::00)?(?:\.0+)?)(Z|[+-]\d\d:\d\d)")
_OFFSET_TIME = re.compile(r"(\d{4}-\d\d-\d\dT\d\d:\d\d)(:\d\d)?(\.\d+)?([+-])(\d\d):(\d\d)")
_Z_TIMES = ("2026-04-30T22:00:00Z", "2026-04-30T22:00:00.123Z", "2026-04-30T22:00Z")


def _utc_paths(message_type: MessageType) -> frozenset[str]:
    """Leaf paths whose profile type is a UTC time (its pattern takes a time with Z, not one
    with an offset)."""

    def utc_only(pattern: str) -> bool:
        try:
            return any(re.fullmatch(pattern, t) for t in _Z_TIMES) and not re.fullmatch(
                pattern, "2026-05-01T00:00:00+02:00"
            )
        except re.error:  # XSD regex syntax Python lacks: not a time pattern
            return False

    return frozenset(
        path
        for path, patterns in leaf_patterns(message_type).items()
        if patterns and all(utc_only(p) for p in patterns)
    )


def in_utc(value: str) -> str | None:
    """``value`` (a time with an offset, or the end of a day written as hour 24) in UTC with Z,
    seconds and fraction as written; None when it is no such time."""
    end = _END_OF_DAY.fullmatch(value)
    if end is not None:
        day, rest, zone = end.groups()
        try:
            following = datetime.date.fromisoformat(day) + datetime.timedelta(days=1)
        except (ValueError, OverflowError):  # no such date, or the last day datetime has
            return None
        value = f"{following.isoformat()}T00:00{rest}{zone}"
        if zone == "Z":
            return value
    found = _OFFSET_TIME.fullmatch(value)
    if found is None:
        return None
    minutes, seconds, fraction, sign, hours, offset_minutes = found.groups()
    offset = datetime.timedelta(hours=int(hours), minutes=int(offset_minutes))
    try:
        local = datetime.datetime.fromisoformat(minutes)
        utc = local - offset if sign == "+" else local + offset
    except (ValueError, OverflowError):  # no such date, or out of datetime's years
        return None
    return f"{utc:%Y-%m-%dT%H:%M}{seconds or ''}{fraction or ''}Z"


def _is_uuid(value: str) -> bool:
    try:
        return len(value) == 36 and str(uuid.UUID(value)) == value.lower()
    except ValueError:
        return False


class _Lifter:
    def __init__(self, table: DocumentTable, tables: ProjectionTable, name: str) -> None:
        self.table = table
        self.name = name
        self.ns = table.profile_namespace
        self.uuid_paths: frozenset[str] = frozenset()
        self.utc_paths: frozenset[str] = frozenset()
        self.document_id: str | None = None
        self.reason_rule = next(
            (r for r in tables.rules.values() if r.action == "reason-999"), None
        )
        self.lift_defaults = tables.lift_defaults
        self.losses: list[Problem] = []
        self.notes: list[Problem] = []
        self.errors: list[Problem] = []
        self.known_ids: list[str] = []
        self.cls: type[Any] = object
        # Fields an inverse fill gave back, placed in schema order once the class is known.
        self.refilled: list[tuple[etree._Element, str, etree._Element]] = []
        # The input's line of the process type (its problems are found in the lifted tree).
        self.lines: dict[str, int] = {}

    def _problem(
        self, code: str, element: etree._Element, message: str, severity: Severity
    ) -> Problem:
        return Problem(
            code,
            mask_identity_numbers(message, self.known_ids),
            file=self.name,
            line=element.sourceline if isinstance(element.sourceline, int) else None,
            path=mask_identity_numbers(readable_path(element), self.known_ids),
            severity=severity,
        )

    def copy(self, source: etree._Element, path: str) -> etree._Element:
        target = _new_element(self.ns, _local(source) if path else self.table.name)
        for key, value in source.attrib.items():
            if not str(key).startswith(f"{{{XSI}}}"):  # xsi:schemaLocation names the Nordic XSD
                target.set(key, value)
        kids = list(_elements(source))
        if not kids:
            target.text = source.text
            if path in _PROCESS_PATHS and isinstance(source.sourceline, int):
                self.lines[path] = source.sourceline
            self._check_identity(source, target)
            self._check_uuid(source, target, path)
            self._check_time(source, target, path)
            self._inverse_code(source, target, path)
            return target
        if _beside(source.text) or any(_beside(node.tail) for node in source):
            # (the Nordic XSD's content is element-only: nothing in the lifted tree would hold it)
            self.errors.append(
                self._problem(
                    "LIFT_INVALID",
                    source,
                    f"text beside the elements of {path or self.table.name}: the Nordic "
                    "document has none there (its content is elements only); not lifted",
                    Severity.ERROR,
                )
            )
        restored = self._restored_reason(source, path)
        namespace = etree.QName(source).namespace
        for child in kids:
            child_path = _join(path, _local(child))
            if restored is not None and child is restored:
                continue  # the Elhub reason code went back into Reason/code
            other = etree.QName(child).namespace
            if other != namespace:
                # Every element of a Nordic document is in its namespace: one of another (or
                # none) with a Nordic name is not the Nordic element.
                self.errors.append(
                    self._problem(
                        "LIFT_UNKNOWN",
                        child,
                        f"{child_path} in "
                        + (f"namespace {shown_value(other)!r}" if other else "no namespace")
                        + f" is not an element of the Nordic {self.table.nordic_root}, whose "
                        f"elements are all in its namespace {shown_value(namespace or '')!r}",
                        Severity.ERROR,
                    )
                )
                continue
            if child_path not in self.table.order:
                self.errors.append(
                    self._problem(
                        "LIFT_UNKNOWN",
                        child,
                        f"{child_path} is not an element of the Nordic {self.table.name}",
                        Severity.ERROR,
                    )
                )
                continue
            if child_path in self.table.unused:
                for made in self._inverse_fill(child, child_path, target):
                    self.refilled.append((target, path, made))
                for leaf in _leaves(child):
                    self.losses.append(
                        self._problem(
                            DROPPED,
                            leaf,
                            f"{_shown(leaf)} not carried: the profile does not use {child_path} "
                            "(Elhub has no such information; EMIF has no field for it)",
                            Severity.WARNING,
                        )
                    )
                continue
            made = self.copy(child, child_path)
            if restored is not None and _local(child) == "code":
                made.text = (restored.text or "").strip()
            target.append(made)
        for requirement in self.table.lift_requires:
            if requirement.path == path:
                self._required_beside(source, target, requirement)
        return target

    def _required_beside(
        self, source: etree._Element, target: etree._Element, requirement: LiftRequirement
    ) -> None:
        """The fields ``requirement`` asks of the lifted element ``target`` (from ``source``):
        each missing one named at its place (the table's reason says why none is filled)."""
        kids = {_local(c): c for c in _elements(target)}
        condition = ""
        if requirement.when is not None:
            code = kids.get(requirement.when)
            value = (code.text or "").strip() if code is not None else None
            if value not in requirement.values:
                return
            nordic = next((c for c in _elements(source) if _local(c) == requirement.when), None)
            shown = (nordic.text or "").strip() if nordic is not None else value
            condition = f" where {requirement.when} is {shown_value(shown)!r},"
        for name in requirement.fields:
            if name in kids:
                continue
            field_path = _join(requirement.path, name)
            emif = self.table.additions.get(field_path)
            where = f" (Norwegian addition; EMIF: {emif})" if emif else ""
            self.errors.append(
                Problem(
                    "LIFT_MISSING",
                    mask_identity_numbers(
                        f"the profile requires {field_path}{where}{condition} and the Nordic "
                        f"document does not carry it: {requirement.reason}",
                        self.known_ids,
                    ),
                    file=self.name,
                    line=source.sourceline if isinstance(source.sourceline, int) else None,
                    path=mask_identity_numbers(f"{readable_path(source)}/{name}", self.known_ids),
                )
            )

    def _inverse_fill(
        self, child: etree._Element, path: str, target: etree._Element
    ) -> list[etree._Element]:
        """A Nordic element the projection filled from a profile field (marketEvaluationPoint.type
        E17 from flowDirection.direction A02) gives that field back when the way back is unique.
        Placed in the profile document's order by :meth:`complete` (the Norwegian additions of
        one profile document sit among the Nordic elements, of another after them)."""
        value = (child.text or "").strip()
        found: list[etree._Element] = []
        for fill in self.table.fills:
            if fill.path != path or not fill.mapping or "/" in fill.source:
                continue
            sources = [code for code, nordic in fill.mapping.items() if nordic == value]
            if len(sources) != 1 or any(_local(c) == fill.source for c in _elements(target)):
                continue
            made = _new_element(self.ns, fill.source)
            made.text = sources[0]
            found.append(made)
            self.notes.append(
                self._problem(
                    FILLED,
                    child,
                    f"{fill.source} '{sources[0]}' written from {_shown(child)}: {fill.reason}",
                    Severity.WARNING,
                )
            )
        return found

    def _check_uuid(self, source: etree._Element, target: etree._Element, path: str) -> None:
        """A Nordic identifier the profile wants as a UUID but that is none (DataHub 3 writes
        ids such as '111131835'): written as a UUID v5 of it (the same id gives the same UUID,
        so a reply can be matched), reported as a loss since the original is not carried."""
        value = (source.text or "").strip()
        if path not in self.uuid_paths or not value:
            return
        if _is_uuid(value):
            if path == "mRID":
                self.document_id = value.lower()
            return
        parent = source.getparent()
        if (
            path.count("/") == 1
            and path.endswith("/mRID")
            and self.document_id
            and parent is not None
        ):
            # a record: the profile's derived record id (UUID v5 of the document mRID and the
            # record's position, docs/cim-profile.md §0.4), distinct from the document's
            siblings = [e for e in parent.itersiblings(preceding=True) if e.tag == parent.tag]
            replacement = str(uuid.uuid5(uuid.UUID(self.document_id), str(len(siblings) + 1)))
            how = "the derived record id (UUID v5 of the document mRID and the position)"
        else:
            replacement = str(uuid.uuid5(LIFT_ID_NAMESPACE, value))
            how = "a UUID v5 of the Nordic id (the same id always gives the same UUID)"
        if path == "mRID":
            self.document_id = replacement
        target.text = replacement
        self.losses.append(
            self._problem(
                REPLACED,
                source,
                f"{_shown(source)} is not a UUID, which the profile requires for {path}: written "
                f"as '{replacement}', {how}; the Nordic id itself is not carried "
                "(docs/cim-profile.md §13)",
                Severity.WARNING,
            )
        )

    def _check_time(self, source: etree._Element, target: etree._Element, path: str) -> None:
        """A Nordic time written with an offset, or as hour 24 (the end of a day; xs:dateTime
        allows both) where the profile takes UTC with Z and hours 00-23 (docs/cim-profile.md
        §0.3): written in UTC, the same instant, and noted. A time without zone names no
        instant: left as it is, the XSD refuses it."""
        value = (source.text or "").strip()
        if path not in self.utc_paths or not value:
            return
        utc = in_utc(value)
        if utc is None:
            return
        target.text = utc
        self.notes.append(
            self._problem(
                UTC,
                source,
                f"{_shown(source)} written as '{utc}': the same instant in UTC, which the "
                "profile requires for times (docs/cim-profile.md §0.3)",
                Severity.WARNING,
            )
        )

    def _inverse_code(self, source: etree._Element, target: etree._Element, path: str) -> None:
        """A Nordic code the projection wrote for a profile code (``A05`` for the local
        ``Z01``) gets the profile code back when the rule says so and the way back is unique;
        a Nordic code the rule's ``lift_map`` names is replaced (and reported)."""
        rule = self.table.codes.get(path)
        value = (target.text or "").strip()
        if rule is not None and value in rule.lift_map:
            target.text = rule.lift_map[value]
            self.losses.append(
                self._problem(
                    CODE_REPLACED,
                    source,
                    f"'{value}' is not a profile code: written as '{target.text}' "
                    f"({rule.lift_reason})",
                    Severity.WARNING,
                )
            )
            return
        if rule is None or rule.action != "map" or not rule.lift_inverse:
            return
        sources = [code for code, nordic in rule.mapping.items() if nordic == value]
        if len(sources) == 1:
            target.text = sources[0]

    def _restored_reason(self, element: etree._Element, path: str) -> etree._Element | None:
        """A projected Reason (code 999, Elhub code in text) gets its Elhub code back."""
        if self.reason_rule is None or self.table.codes.get(_join(path, "code")) is None:
            return None
        code = next((c for c in _elements(element) if _local(c) == "code"), None)
        text = next((c for c in _elements(element) if _local(c) == "text"), None)
        if code is None or text is None or (code.text or "").strip() != "999":
            return None
        return text if (text.text or "").strip() in self.reason_rule.values else None

    def _check_identity(self, element: etree._Element, target: etree._Element) -> None:
        if element.get("codingScheme") != "ARR":
            return
        value = (element.text or "").strip()
        self.known_ids.append(value)
        if not _is_identity_number_value(value):
            # Another country's number (DataHub 3: a Danish CPR): carried as it is, under the
            # profile's own scheme for it, never passed off as a fødselsnummer.
            target.set("codingScheme", FOREIGN_IDENTITY_SCHEME)
            self.losses.append(
                self._problem(
                    "LIFT_IDENTITY",
                    element,
                    "the value under codingScheme ARR is not a Norwegian national identity "
                    "number (fødselsnummer or D-number, 11 digits with check digits), which is "
                    "what ARR means in the profile (a Danish CPR number has 10 digits): carried "
                    f"under codingScheme {FOREIGN_IDENTITY_SCHEME} (a foreign personal identity "
                    "number, which has no EMIF form: converting to ebIX refuses it); value not "
                    "shown",
                    Severity.WARNING,
                )
            )

    def complete(self, root: etree._Element, brs: str | None, cls: type[Any]) -> None:
        self.cls = cls
        for parent, path, made in self.refilled:
            owner = _class_at(cls, path)
            if owner is object:
                parent.append(made)
            else:
                _insert_ordered(parent, made, order_of(owner))  # type: ignore[arg-type]  # functools.cache: Hashable
        order = {c.qname: c.index for c in _children_of(cls).values() if not c.attribute}
        self._process(root, brs)
        for leaf, value in self.lift_defaults.items():  # header fields (root level)
            if not any(_local(c) == leaf for c in _elements(root)):
                made = etree.Element(f"{{{self.ns}}}{leaf}")
                made.text = value
                _insert_ordered(root, made, order)
                self.notes.append(
                    Problem(
                        FILLED,
                        f"{leaf} '{value}' written: the profile requires it, the Nordic document "
                        "may leave it out (design R5)",
                        file=self.name,
                        path=f"{readable_path(root)}/{leaf}",
                        severity=Severity.WARNING,
                    )
                )
        self._missing(root, cls, "")

    def _process(self, root: etree._Element, brs: str | None) -> None:
        """The Nordic process type becomes the local code of ``brs``; ``brs`` must be a process
        the Nordic code stands for. Without ``brs``, the one process of this document that has
        the Nordic code (E66: 211; E32 in RequestChangeAccountingPointCharacteristics: 302),
        noted; where several have it (E65 is 102, 103 and 123 alike) the BRS is asked for, the
        candidates named, never guessed. The acknowledgement names the acknowledged document's
        process."""
        for path in _PROCESS_PATHS:
            rule = self.table.codes.get(path)
            element = root.find(f"{{{self.ns}}}{path}")
            if rule is None or rule.action != "map":
                continue
            if element is None:
                if brs is not None:  # optional in the Nordic acknowledgement
                    order = {c.qname: c.index for c in _children_of(self.cls).values()}
                    element = etree.Element(f"{{{self.ns}}}{path}")
                    element.text = local_process_code(brs)
                    _insert_ordered(root, element, order)
                continue
            nordic = (element.text or "").strip()
            if brs is None:
                allowed = _enumeration(self.cls, path)
                # The document's processes that have the Nordic code, or may have it (one the
                # table gives no Nordic code cannot be ruled out). A document that may serve
                # any process (the acknowledgement) infers none.
                candidates = sorted(
                    code for code in allowed or () if rule.mapping.get(code, nordic) == nordic
                )
                if len(candidates) == 1:
                    # One process of this document has the Nordic code: nothing to choose.
                    element.text = candidates[0]
                    self.notes.append(
                        self._at_line(
                            path,
                            self._problem(
                                PROCESS,
                                element,
                                f"{path} '{candidates[0]}' ({brs_of(candidates[0])}) "
                                f"written from the Nordic {shown_value(nordic)!r}: the only "
                                f"Norwegian process of {self.table.name} with that code",
                                Severity.WARNING,
                            ),
                        )
                    )
                    continue
                if allowed is not None and not candidates:
                    # No process of the document has the code: no BRS can be given for it.
                    own = ", ".join(
                        f"{brs_of(c) or c} ({rule.mapping[c]})"
                        for c in sorted(allowed)
                        if c in rule.mapping
                    )
                    self._refuse(
                        path,
                        "LIFT_INVALID",
                        element,
                        f"the Nordic process type {shown_value(nordic)!r} is none of the "
                        f"Norwegian processes of {self.table.name}: {own}; the "
                        f"document cannot be lifted, whatever the BRS{_unsourced(rule, nordic)}",
                    )
                    continue
                self._refuse(
                    path,
                    "LIFT_MISSING",
                    element,
                    f"the profile names the Norwegian process (BRS) by a local code in "
                    f"{path}; the Nordic document does not carry it "
                    f"({_processes_of(rule, nordic, allowed, self.table.name)}): give the "
                    "BRS (brs=, on the command line --brs)",
                )
                continue
            code = local_process_code(brs)
            if rule.mapping.get(code) != nordic:
                self._refuse(
                    path,
                    "LIFT_INVALID",
                    element,
                    f"{shown_value(brs)} is not a process of the Nordic process type "
                    f"{shown_value(nordic)!r} ({_processes_of(rule, nordic)})"
                    f"{_unsourced(rule, nordic, brs)}",
                )
                continue
            element.text = code

    def _refuse(self, path: str, code: str, element: etree._Element, message: str) -> None:
        """An error of the lift at ``path``, at the input's line of it."""
        self.errors.append(
            self._at_line(path, self._problem(code, element, message, Severity.ERROR))
        )

    def _at_line(self, path: str, problem: Problem) -> Problem:
        """``problem`` (found in the lifted tree) at the input's line of ``path``."""
        line = self.lines.get(path)
        if line is None or problem.line is not None:
            return problem
        return Problem(
            problem.code, problem.message, problem.file, line, problem.path, problem.severity
        )

    def _missing(self, element: etree._Element, cls: type[Any], path: str) -> None:
        present = {c.tag for c in _elements(element)}
        required = _required_children(cls)
        for child in _children_of(cls).values():
            if child.attribute:
                continue
            child_path = _join(path, child.name)
            if child.qname not in present and child.name in required:
                self.errors.append(
                    Problem(
                        "LIFT_MISSING",
                        self._missing_message(child_path),
                        file=self.name,
                        path=f"{readable_path(element)}/{child.name}",
                    )
                )
        for kid in _elements(element):
            spec = _children_of(cls).get(_local(kid))
            if spec is not None and spec.cls is not None and not _is_simple(spec.cls):
                self._missing(kid, spec.cls, _join(path, _local(kid)))

    def _missing_message(self, path: str) -> str:
        emif = self.table.additions.get(path)
        if emif is not None:
            return (
                f"the profile requires {path} (Norwegian addition; EMIF: {emif}), which the "
                "Nordic document does not carry"
            )
        return f"the profile requires {path}, which the Nordic document lacks"


def _is_identity_number_value(value: str) -> bool:
    """11 digits with valid mod-11 check digits: fødselsnummer, D-number or a synthetic test
    number (month + 80, which ``stdnum``'s date check refuses)."""
    if len(value) != 11 or not value.isdigit():
        return False
    first: str = fodselsnummer.calc_check_digit1(value[:9])
    second: str = fodselsnummer.calc_check_digit2(value[:9] + first)
    return value[9:] == first + second


def _enumeration(cls: type[Any], name: str) -> frozenset[str] | None:
    """The values the profile XSD allows in the child element ``name`` of ``cls`` when its type
    is an enumeration of its own (a document's processes), else ``None`` (any value of a
    shared list)."""
    for var in context().build(cls).get_all_vars():
        if var.local_name != name or var.is_attribute:
            continue
        kinds = [t for t in var.types if isinstance(t, type) and issubclass(t, enum.Enum)]
        if len(kinds) == 1 and kinds[0].__name__ == "ProcessKindString":
            return frozenset(str(member.value) for member in kinds[0])
    return None


def _is_simple(cls: type[Any]) -> bool:
    """A binding class for simple content with attributes (text + e.g. codingScheme)."""
    return all(c.attribute for c in _children_of(cls).values())


def _class_at(cls: type[Any], path: str) -> type[Any]:
    """The binding class of the element at ``path`` (local names from the root's class)."""
    for step in path.split("/") if path else ():
        found = _children_of(cls).get(step)
        if found is None or found.cls is None:
            return object  # not a complex element of the profile: order unknown, appended
        cls = found.cls
    return cls


def _children_of(cls: type[Any]) -> Mapping[str, Child]:
    return children(cls)  # type: ignore[arg-type]  # functools.cache asks for Hashable


def _required_children(cls: type[Any]) -> frozenset[str]:
    """Local names of the child elements ``cls`` requires (minOccurs >= 1)."""
    meta = context().build(cls)
    by_name = {f.name: f for f in dataclasses.fields(cls)}
    found: set[str] = set()
    for var in meta.get_all_vars():
        if var.is_attribute or var.is_text:
            continue
        spec = by_name.get(var.name)
        minimum = spec.metadata.get("min_occurs") if spec is not None else None
        if var.required or (isinstance(minimum, int) and minimum >= 1):
            found.add(var.local_name)
    return frozenset(found)


def without_counterpart(document: ParsedDocument) -> Problem:
    """Why ``document``, whose root has no profile counterpart, is not lifted: the Nordic
    documents that are, named once each (not their namespaces, which several share)."""
    root = document.root
    qname = etree.QName(root)
    local, namespace = shown_value(qname.localname), shown_value(qname.namespace or "")
    line = root.sourceline
    return Problem(
        "DOC_UNKNOWN",
        _without_counterpart_message(f"'{local}' in namespace '{namespace}'"),
        file=document.name,
        line=line if isinstance(line, int) else None,
        path=mask_identity_numbers(f"/{local}"),
    )


def _unsourced(rule: CodeRule, nordic: str, brs: str | None = None) -> str:
    """Why a Nordic code is refused where no source pairs it with ``brs`` (or with any BRS)
    (the table's ``lift_unsourced``), as the end of the refusal; empty for any other code."""
    why = rule.lift_unsourced.get(nordic)
    if not why:
        return ""
    return f"; no source pairs {shown_value(nordic)!r} with {shown_value(brs or 'a BRS')}: {why}"


def _processes_of(
    rule: CodeRule,
    nordic: str,
    allowed: frozenset[str] | None = None,
    document: str | None = None,
) -> str:
    """Which Norwegian processes a Nordic process type may be (the local codes that map to it;
    with ``allowed``, those of them that use ``document``), in words."""
    local = sorted(
        code
        for code, mapped in rule.mapping.items()
        if mapped == nordic and (allowed is None or code in allowed)
    )
    shown = shown_value(nordic)
    if not local:
        of = f" that uses {document}" if allowed is not None and document else ""
        return f"no Norwegian process{of} has the Nordic code {shown!r}"
    names = ", ".join(brs_of(code) or code for code in local)
    return f"the Nordic code {shown!r} is that of {names}"


def json_without_counterpart(root_name: str, name: str) -> UnknownDocumentError | None:
    """The refusal of DataHub 3's JSON of a Nordic document no profile document extends
    (``nordic_only`` of the table; its XML is told by its namespace), or ``None`` for any
    other root."""
    if root_name not in projection_table().nordic_only:
        return None
    problem = Problem(
        "DOC_UNKNOWN",
        _without_counterpart_message(f"DataHub 3's JSON of '{root_name}'"),
        file=name,
        path=f"/{root_name}",
    )
    return UnknownDocumentError([problem])


def _without_counterpart_message(what: str) -> str:
    return mask_identity_numbers(
        f"a Nordic Ediel document ({what}) that has no counterpart in the CIM profile; "
        f"elhub-cim converts these Nordic documents: {', '.join(projection_table().nordic_roots())}"
    )


def lift(document: ParsedDocument, *, brs: str | None = None, pretty: bool = True) -> Projection:
    """Lift a (parsed) Nordic Ediel document into the profile namespace (the reverse of the
    projection).

    Values are carried as they are (codes and identifiers are not translated, except where the
    table says so, and then reported). Where several profile documents are written as this
    Nordic root, ``brs`` and the header's roles choose (:meth:`ProjectionTable.choose`).
    ``brs`` gives the BRS the Nordic document does not carry (its process type becomes the
    BRS's local code); without it, the one process of the document with that process type
    (noted). Raises :class:`ProjectionError` naming every field the profile requires
    and the input lacks, and every value the profile cannot accept; returns the profile document
    (validated against our XSD) with the Nordic fields the profile does not use as ``losses``.
    """
    root = document.root
    qname = etree.QName(root)
    table = projection_table()
    spec = table.by_nordic(qname.namespace or "", qname.localname, root, brs)
    if spec is None:
        raise UnknownDocumentError([without_counterpart(document)])
    message_type = catalog()[(spec.profile_namespace, spec.name)]
    lifter = _Lifter(spec, table, document.name)
    lifter.uuid_paths = _uuid_paths(message_type)
    lifter.utc_paths = _utc_paths(message_type)
    lifted = lifter.copy(root, "")
    lifter.complete(lifted, brs, binding_class(message_type))
    out = serialize(lifted, pretty)
    result = parse_bytes(out, name=f"<lifted {spec.name}>")
    errors = list(lifter.errors)
    named = {p.path for p in lifter.errors}
    for problem in validate_document(result, message_type):
        if lifter.errors and problem.code == "XSD_CONTENT":
            continue  # a missing element, already named by LIFT_MISSING
        if problem.path in named:
            continue  # e.g. the Nordic process code when brs= is missing: named already
        errors.append(
            Problem(
                "LIFT_INVALID",
                f"the lifted document is not a valid profile document: {problem.message}",
                file=document.name,
                path=problem.path,
            )
        )
    if errors:
        raise ProjectionError(errors + lifter.losses)
    return Projection(
        data=out, target=spec.profile_namespace, losses=lifter.losses, notes=lifter.notes
    )
