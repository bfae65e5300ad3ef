"""The mapping tables (``mappings/*.toml``): loading, checking and compiling.

One table per BRS holds the documents whose home is that process; ``common.toml`` holds the
header and the structures several documents share; ``codes.toml`` the code translations. A row
says where one business field lives in each standard:

    {domain = "start", ebix = "PayloadMPEvent/StartOfOccurrence",
     cim = "MktActivityRecord/start_DateAndOrTime.dateTime"}

Paths are local names separated by ``/`` (``@name`` for an attribute, ``.`` for the context
element itself). A group row carries a repeated element (``list = true``) or an optional part
(``list = false``) and its own rows (``fields``, or a shared ``structure``). Besides a path a row
may give a constant (``ebix_value``/``cim_value``: written, and checked on reading) or a named
rule (``ebix_rule``/``cim_rule``, see :mod:`.rules`) for what a plain copy cannot express.

Every path is resolved against the generated bindings and every domain path against the domain
model when the tables load, so a typo fails at once, naming the table and the row.
"""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel

from ..core.catalog import MessageType, Standard, catalog
from .structure import Child, children

__all__ = [
    "CompiledField",
    "CompiledGroup",
    "DocumentMapping",
    "MappingTableError",
    "Side",
    "code_tables",
    "document_mapping",
    "document_mappings",
    "mapping_for_message",
    "mappings_root",
]

Side = Literal["ebix", "cim"]
SIDES: tuple[Side, ...] = ("ebix", "cim")


class MappingTableError(ValueError):
    """A mapping table is wrong (a bug in the tables, found when they load)."""


def mappings_root() -> Path:
    """Folder of the mapping tables (packaged with the wheel, or the source checkout's)."""
    packaged = Path(str(resources.files("elhub_cim"))) / "mappings"
    if packaged.is_dir():
        return packaged
    source_tree = Path(__file__).resolve().parents[3] / "mappings"
    if source_tree.is_dir():
        return source_tree
    raise FileNotFoundError("elhub-cim mapping tables not found (broken installation)")


@dataclass(frozen=True, slots=True)
class Step:
    """One step of a compiled path."""

    child: Child

    @property
    def attribute(self) -> bool:
        return self.child.attribute


@dataclass(frozen=True, slots=True)
class CompiledPath:
    text: str
    steps: tuple[Step, ...]  # empty = the context element itself
    # Derived once: the engine asks for these for every row of every message.
    is_attribute: bool = field(init=False)
    element_steps: tuple[Step, ...] = field(init=False)
    xpath: str = field(init=False)  # ElementPath of the element steps ('' = the element itself)
    qnames: tuple[str, ...] = field(init=False)  # the element steps' qualified names
    attribute: str | None = field(init=False)

    def __post_init__(self) -> None:
        is_attribute = bool(self.steps) and self.steps[-1].attribute
        element_steps = self.steps[:-1] if is_attribute else self.steps
        object.__setattr__(self, "is_attribute", is_attribute)
        object.__setattr__(self, "element_steps", element_steps)
        object.__setattr__(self, "xpath", "/".join(s.child.qname for s in element_steps))
        object.__setattr__(self, "qnames", tuple(s.child.qname for s in element_steps))
        object.__setattr__(self, "attribute", self.steps[-1].child.qname if is_attribute else None)


@dataclass(frozen=True, slots=True)
class CompiledField:
    """One business field: its domain path and where it is in each standard."""

    domain: tuple[str, ...]  # empty = no domain value (constant or derived)
    paths: dict[Side, CompiledPath | None]
    values: dict[Side, str | None]
    rules: dict[Side, str | None]
    codes: str | None
    notes: str
    source: str  # table and row, for messages
    # Written to a side only when the condition holds (``./quality=metered``: an equality on
    # the item's domain value; a bare path: the value is there). Reading ignores it: the
    # element found says which row applies (EMIF's choice of Metered/Estimated/...).
    when: dict[Side, str | None] = field(default_factory=dict)

    def carried_by(self, side: Side) -> bool:
        return self.paths[side] is not None or self.rules[side] is not None


@dataclass(frozen=True, slots=True)
class CompiledGroup:
    """A repeated element (``many``) or an optional part, with its own rows."""

    domain: tuple[str, ...]
    paths: dict[Side, CompiledPath | None]
    many: bool
    fields: tuple[CompiledField, ...]
    groups: tuple[CompiledGroup, ...]
    classes: dict[Side, type[Any] | None]
    notes: str
    source: str
    # Placement conditions per side: map the group there only when the domain path
    # ``when`` holds a value / ``unless`` holds none ("./x" is relative to the parent item).
    when: dict[Side, str | None] = field(default_factory=dict)
    unless: dict[Side, str | None] = field(default_factory=dict)
    # Repeated elements to pass over before the group's own (another row owns them).
    skip: dict[Side, int] = field(default_factory=dict)
    # Domain paths of this group that some row or group carries to each side (so a value of
    # one of them is never lost, whichever row writes it); derived once.
    carried: dict[Side, frozenset[tuple[str, ...]]] = field(init=False)
    # Every domain path a row or group of this group names (whatever the side).
    named: frozenset[tuple[str, ...]] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(
            self,
            "named",
            frozenset(
                [f.domain for f in self.fields if f.domain] + [g.domain for g in self.groups]
            ),
        )
        carried = {
            side: frozenset(
                [f.domain for f in self.fields if f.carried_by(side)]
                + [g.domain for g in self.groups if g.paths[side] is not None]
            )
            for side in SIDES
        }
        object.__setattr__(self, "carried", carried)


@dataclass(frozen=True, slots=True)
class DocumentMapping:
    """How one business document is written in ebIX and in CIM."""

    name: str
    brs_table: str
    model: type[BaseModel]
    message_types: dict[Side, MessageType]
    root: CompiledGroup
    notes: str = ""
    unmapped: dict[Side, dict[str, str]] = field(default_factory=dict)

    @property
    def model_direction(self) -> str:
        """``to_elhub``, ``from_elhub`` or ``either`` (decides the roles in a CIM header)."""
        return str(getattr(self.model, "direction", "either"))


def _load_toml(name: str) -> dict[str, Any]:
    path = mappings_root() / name
    with path.open("rb") as stream:
        return tomllib.load(stream)


SHARED_FILES = frozenset({"codes.toml", "common.toml", "receiving-roles.toml"})


def _table_files() -> list[Path]:
    """The BRS tables (``brs-no-<n>.toml``) and other document tables (``acknowledgement.toml``)."""
    return sorted(p for p in mappings_root().glob("*.toml") if p.name not in SHARED_FILES)


@functools.cache
def _tables() -> dict[str, dict[str, Any]]:
    return {path.name: tomllib.loads(path.read_text(encoding="utf-8")) for path in _table_files()}


@functools.cache
def code_tables() -> dict[str, dict[str, dict[str, str]]]:
    """Code translations: table → domain value → {"ebix": code, "cim": code}.

    ``codes.toml`` holds the shared ones; a BRS table may add its own under ``[codes.<name>]``.
    """
    found: dict[str, dict[str, dict[str, str]]] = dict(_load_toml("codes.toml"))
    for name, table in _tables().items():
        for code_name, entries in table.get("codes", {}).items():
            if code_name in found:
                raise MappingTableError(f"{name}: code table {code_name!r} defined twice")
            found[code_name] = entries
    for code_name, entries in found.items():
        _check_absent(code_name, entries)
    return found


def _check_absent(name: str, entries: dict[str, dict[str, str]]) -> None:
    """``absent = "<side>"`` (the value is written as no element on that side, and no element
    reads as it) needs a side without a code of its own, once per table."""
    absent = [(value, entry["absent"]) for value, entry in entries.items() if "absent" in entry]
    for value, side in absent:
        if side not in ("ebix", "cim") or side in entries[value]:
            raise MappingTableError(
                f"code table {name!r} {value}: absent = {side!r} must name a side ('ebix' or "
                "'cim') that has no code for the value"
            )
    sides = [side for _, side in absent]
    if len(set(sides)) != len(sides):
        raise MappingTableError(f"code table {name!r}: one value at most may be absent per side")


@functools.cache
def absent_value(table: str | None, side: Side) -> str | None:
    """The domain value code table ``table`` writes as no element on ``side`` (and reads from
    a missing element): EMIF's Resolution N is a CIM Channel without ``resolution``."""
    if table is None:
        return None
    for value, entry in code_tables()[table].items():
        if entry.get("absent") == side:
            return value
    return None


@functools.cache
def structures() -> dict[str, Any]:
    """Shared row sets: ``common.toml`` plus ``[structures.<name>]`` of every BRS table."""
    found: dict[str, Any] = dict(_load_toml("common.toml").get("structures", {}))
    for name, table in _tables().items():
        for structure, spec in table.get("structures", {}).items():
            if structure in found:
                raise MappingTableError(f"{name}: structure {structure!r} defined twice")
            found[structure] = spec
    return found


def _message_type(name: str, standard: Standard) -> MessageType:
    for message_type in catalog().values():
        if (
            message_type.name == name
            and message_type.standard is standard
            and not message_type.legacy
        ):
            return message_type
    raise MappingTableError(f"no {standard.value} document named {name!r} in the schemas")


def _compile_path(text: str | None, cls: type[Any] | None, source: str) -> CompiledPath | None:
    if text is None or text == "":
        return None
    if text == ".":
        return CompiledPath(text, ())
    if cls is None:
        raise MappingTableError(f"{source}: path {text!r} below a simple element")
    steps: list[Step] = []
    current: type[Any] | None = cls
    parts = text.split("/")
    for position, part in enumerate(parts):
        if current is None:
            raise MappingTableError(f"{source}: {text!r}: {part!r} is below a simple element")
        known = children(current)  # type: ignore[arg-type]
        child = known.get(part)
        if child is None:
            choices = ", ".join(sorted(known))
            raise MappingTableError(
                f"{source}: {text!r}: no {part!r} in {current.__name__} (has {choices})"
            )
        if child.attribute and position != len(parts) - 1:
            raise MappingTableError(f"{source}: {text!r}: attribute must be the last step")
        steps.append(Step(child))
        current = child.cls
    return CompiledPath(text, tuple(steps))


def _class_at(path: CompiledPath | None, cls: type[Any] | None) -> type[Any] | None:
    if path is None:
        return None
    if not path.steps:
        return cls
    return path.steps[-1].child.cls


def _check_domain(model: type[BaseModel] | None, dotted: tuple[str, ...], source: str) -> None:
    """Fail when ``dotted`` is not a path through ``model``'s fields."""
    current: Any = model
    for part in dotted:
        fields = getattr(current, "model_fields", None)
        if fields is None or part not in fields:
            raise MappingTableError(f"{source}: domain field {'.'.join(dotted)!r} does not exist")
        current = _inner_model(fields[part].annotation)


def _inner_model(annotation: Any) -> Any:
    """The pydantic model inside ``X | None`` / ``list[X]``, else the annotation."""
    candidates = [annotation, *getattr(annotation, "__args__", ())]
    for candidate in candidates:
        for inner in (candidate, *getattr(candidate, "__args__", ())):
            if isinstance(inner, type) and issubclass(inner, BaseModel):
                return inner
    return annotation


def _domain_tuple(text: str) -> tuple[str, ...]:
    return tuple(p for p in text.split(".") if p)


def _without_sides(row: dict[str, Any], sides: list[Side]) -> dict[str, Any]:
    drop = {
        f"{side}{suffix}"
        for side in sides
        for suffix in ("", "_value", "_rule", "_when", "_unless", "_skip")
    }
    return {key: value for key, value in row.items() if key not in drop}


class _Compiler:
    def __init__(self, structures: dict[str, Any], table: str) -> None:
        self.structures = structures
        self.table = table

    def group(
        self,
        spec: dict[str, Any],
        classes: dict[Side, type[Any] | None],
        model: type[BaseModel] | None,
        source: str,
    ) -> CompiledGroup:
        rows: list[dict[str, Any]] = []
        for name in spec.get("include", []):
            rows.extend(self._structure(name, source))
        if "structure" in spec:
            rows.extend(self._structure(spec["structure"], source))
        # A shared structure serves documents of both standards; for a document that exists in
        # one standard only (624), its rows' other half does not apply.
        missing = [side for side in SIDES if classes[side] is None]
        if missing:
            rows = [_without_sides(row, missing) for row in rows]
        rows.extend(spec.get("fields", []))
        fields: list[CompiledField] = []
        groups: list[CompiledGroup] = []
        for number, row in enumerate(rows, 1):
            row_source = (
                f"{source} row {number} ({row.get('domain') or row.get('ebix') or row.get('cim')})"
            )
            if "group" in row:
                groups.append(self._group_row(row, classes, model, row_source))
            else:
                fields.append(self._field_row(row, classes, model, row_source))
        return CompiledGroup(
            domain=(),
            paths={side: CompiledPath(".", ()) for side in SIDES},
            many=False,
            fields=tuple(fields),
            groups=tuple(groups),
            classes=classes,
            notes=str(spec.get("notes", "")),
            source=source,
        )

    def _structure(self, name: str, source: str) -> list[dict[str, Any]]:
        if name not in self.structures:
            raise MappingTableError(f"{source}: unknown structure {name!r}")
        rows: list[dict[str, Any]] = self.structures[name].get("fields", [])
        return rows

    def _field_row(
        self,
        row: dict[str, Any],
        classes: dict[Side, type[Any] | None],
        model: type[BaseModel] | None,
        source: str,
    ) -> CompiledField:
        unknown = set(row) - {
            "domain", "ebix", "cim", "codes", "notes",
            "ebix_value", "cim_value", "ebix_rule", "cim_rule", "ebix_when", "cim_when",
        }  # fmt: skip
        if unknown:
            raise MappingTableError(f"{source}: unknown keys {sorted(unknown)}")
        domain = _domain_tuple(str(row.get("domain", "")))
        if domain:
            _check_domain(model, domain, source)
        paths = {side: _compile_path(row.get(side), classes[side], source) for side in SIDES}
        for side in SIDES:
            if classes[side] is None and (row.get(side) or row.get(f"{side}_rule")):
                raise MappingTableError(f"{source}: the document has no {side} form")
        values = {side: row.get(f"{side}_value") for side in SIDES}
        rules = {side: row.get(f"{side}_rule") for side in SIDES}
        codes = row.get("codes")
        if codes is not None and codes not in code_tables():
            raise MappingTableError(f"{source}: unknown code table {codes!r}")
        for side in SIDES:
            if values[side] is not None and paths[side] is None:
                raise MappingTableError(f"{source}: {side}_value needs a {side} path")
        when = {side: row.get(f"{side}_when") for side in SIDES}
        for side in SIDES:
            condition = when[side]
            if condition and not condition.startswith("./"):
                _check_domain(model, _domain_tuple(condition.partition("=")[0]), source)
        return CompiledField(
            domain=domain,
            paths=paths,
            values=values,
            rules=rules,
            codes=codes,
            notes=str(row.get("notes", "")),
            source=source,
            when=when,
        )

    def _group_row(
        self,
        row: dict[str, Any],
        classes: dict[Side, type[Any] | None],
        model: type[BaseModel] | None,
        source: str,
    ) -> CompiledGroup:
        domain = _domain_tuple(str(row["group"]))
        _check_domain(model, domain, source)
        inner_model: Any = model
        for part in domain:
            inner_model = _inner_model(inner_model.model_fields[part].annotation)
        if not (isinstance(inner_model, type) and issubclass(inner_model, BaseModel)):
            inner_model = None  # a list of plain values
        paths = {side: _compile_path(row.get(side), classes[side], source) for side in SIDES}
        inner_classes = {side: _class_at(paths[side], classes[side]) for side in SIDES}
        body = self.group(row, inner_classes, inner_model, source)
        for side in SIDES:
            for key in ("when", "unless"):
                condition = row.get(f"{side}_{key}")
                if condition and not condition.startswith("./"):
                    _check_domain(model, _domain_tuple(condition.partition("=")[0]), source)
        return CompiledGroup(
            domain=domain,
            paths=paths,
            many=bool(row.get("list", False)),
            fields=body.fields,
            groups=body.groups,
            classes=inner_classes,
            notes=str(row.get("notes", "")),
            source=source,
            when={side: row.get(f"{side}_when") for side in SIDES},
            unless={side: row.get(f"{side}_unless") for side in SIDES},
            skip={side: int(row.get(f"{side}_skip", 0)) for side in SIDES},
        )


def _resolve_model(name: str) -> type[BaseModel]:
    """``"StartOfSupplyRequest"`` (exported by elhub_cim.domain) or ``"module:Class"``
    (a module of elhub_cim.domain)."""
    import importlib

    module_name, _, class_name = name.rpartition(":")
    module = importlib.import_module(f"elhub_cim.domain{'.' + module_name if module_name else ''}")
    model = getattr(module, class_name, None)
    if not (isinstance(model, type) and issubclass(model, BaseModel)):
        raise MappingTableError(f"unknown domain model {name!r}")
    return model


@functools.cache
def _document_specs() -> dict[str, tuple[str, dict[str, Any]]]:
    """Every document's table and spec, by document name (TOML only: nothing built)."""
    found: dict[str, tuple[str, dict[str, Any]]] = {}
    for table_name, table in _tables().items():
        for name, spec in table.get("documents", {}).items():
            if name in found:
                raise MappingTableError(f"{table_name}: document {name!r} defined twice")
            found[name] = (table_name, spec)
    return found


@functools.cache
def document_mapping(name: str) -> DocumentMapping:
    """One document's mapping, built on first use (it imports that document's bindings only)."""
    from ..core.binding import binding_class  # xsdata, bindings: when a mapping is built

    table_name, spec = _document_specs()[name]
    source = f"{table_name} [documents.{name}]"
    model = _resolve_model(spec["model"])
    # A document may exist in one standard only (624's return message has no ebIX form).
    message_types: dict[Side, MessageType] = {}
    if spec.get("ebix"):
        message_types["ebix"] = _message_type(spec["ebix"], Standard.EBIX)
    if spec.get("cim"):
        message_types["cim"] = _message_type(spec["cim"], Standard.CIM)
    classes: dict[Side, type[Any] | None] = {
        side: binding_class(message_types[side]) if side in message_types else None
        for side in SIDES
    }
    root = _Compiler(structures(), table_name).group(spec, classes, model, source)
    unmapped = {side: dict(spec.get(f"{side}_unmapped", {})) for side in SIDES}
    return DocumentMapping(
        name=name,
        brs_table=table_name.removesuffix(".toml"),
        model=model,
        message_types=message_types,
        root=root,
        notes=str(spec.get("notes", "")),
        unmapped=unmapped,
    )


def mapping_for_message(message_type: MessageType) -> tuple[DocumentMapping, Side] | None:
    """The mapping that reads or writes ``message_type``, and its side; None when unmapped.
    Builds only the candidates named after the message (validate maps one document)."""
    return _mapping_for(message_type.namespace, message_type.name)


@functools.cache  # every conversion asks: one look through the tables per message
def _mapping_for(namespace: str, message: str) -> tuple[DocumentMapping, Side] | None:
    for name, (_, spec) in _document_specs().items():
        for side in SIDES:
            if spec.get(side) != message:
                continue
            mapping = document_mapping(name)
            mapped = mapping.message_types.get(side)
            if mapped is not None and (mapped.namespace, mapped.name) == (namespace, message):
                return mapping, side
    return None


def mapping_for_model(model: type[BaseModel]) -> DocumentMapping | None:
    """The mapping of the domain model ``model``; None when no table maps it. Builds only that
    mapping (building them all imports every binding: about half a second)."""
    name = _documents_by_model().get(model)
    return None if name is None else document_mapping(name)


@functools.cache
def _documents_by_model() -> dict[type[BaseModel], str]:
    return {_resolve_model(spec["model"]): name for name, (_, spec) in _document_specs().items()}


@functools.cache
def document_mappings() -> dict[str, DocumentMapping]:
    """Every document mapping of every table, by document name."""
    return {name: document_mapping(name) for name in _document_specs()}


def field_codes(mapping: DocumentMapping, dotted: str, side: Side) -> tuple[str, ...]:
    """The codes ``side``'s schema allows for the domain field ``dotted`` (where its first row
    writes it as element text); empty when the schema lists none there or no row maps it."""
    from .facets import enumerations_of  # (the schemas are read on first use only)

    wanted = tuple(dotted.split("."))

    def search(
        group: CompiledGroup, prefix: tuple[str, ...], tags: tuple[str, ...]
    ) -> tuple[str, ...] | None:
        for row in group.fields:
            path = row.paths[side]
            if (*prefix, *row.domain) == wanted and path is not None and not path.is_attribute:
                return (*tags, *path.qnames)
        for sub in group.groups:
            path = sub.paths[side]
            found = search(
                sub, (*prefix, *sub.domain), (*tags, *path.qnames) if path is not None else tags
            )
            if found is not None:
                return found
        return None

    message_type = mapping.message_types[side]
    tags = search(mapping.root, (), (message_type.qname,))
    return () if tags is None else enumerations_of(message_type.schema_file, tags, None)


def element_path(mapping: DocumentMapping, dotted: str, side: Side) -> str | None:
    """Where the domain field ``dotted`` ("customer.extended_storage_metering_values") sits in
    ``side``'s document: its readable path from the root, or None when no row maps it there."""
    wanted = tuple(dotted.split("."))

    def join(*parts: str) -> str:
        return "/".join(p for p in parts if p)

    def search(group: CompiledGroup, prefix: tuple[str, ...], at: str) -> str | None:
        for row in group.fields:
            path = row.paths[side]
            if (*prefix, *row.domain) == wanted and path is not None:
                return join(at, path.text)
        for sub in group.groups:
            path = sub.paths[side]
            here = join(at, path.text) if path is not None else at
            if (*prefix, *sub.domain) == wanted and path is not None:
                return here
            found = search(sub, (*prefix, *sub.domain), here)
            if found is not None:
                return found
        return None

    found = search(mapping.root, (), "")
    if found is None:
        return None
    return f"/{mapping.message_types[side].name}/{found}".rstrip("/")
