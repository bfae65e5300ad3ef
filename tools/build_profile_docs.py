"""Generate the profile documentation that follows from data: the personal data matrix
(``mappings/receiving-roles.toml``) as ``docs/receiving-roles.md``, and the sections of
``docs/cim-profile.md`` between ``<!-- generated: NAME -->`` and ``<!-- end generated: NAME -->``
markers: the field inventory (§9, from the mapping tables, the 0.2 bindings and the projection
table), the Nordic projection losses (§10, from the projection table) and the role matrix (§15).

python tools/build_profile_docs.py           # write
python tools/build_profile_docs.py --check   # exit 1 if the committed text is stale
"""

from __future__ import annotations

import argparse
import dataclasses
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from elhub_cim.core.binding import binding_class, context
from elhub_cim.mapping import DocumentMapping, document_mappings
from elhub_cim.mapping.projection import DocumentTable, Fill, projection_table
from elhub_cim.mapping.report import FlatRow, flatten
from elhub_cim.mapping.structure import children
from elhub_cim.mapping.tables import Side
from elhub_cim.minimise import ANY, DocumentPolicy, RoleRule, default_policy, field_paths

ROOT = Path(__file__).resolve().parents[1]
ROLES_PAGE = ROOT / "docs" / "receiving-roles.md"
PROFILE = ROOT / "docs" / "cim-profile.md"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


# --- personal data by receiving role ------------------------------------------------------------


def _top(paths: set[str]) -> list[str]:
    """The shortest paths: a part rather than each of its fields."""
    return sorted(p for p in paths if not any(p.startswith(q + ".") for q in paths))


def _summary(policy: DocumentPolicy, rule: RoleRule) -> str:
    if rule.everything:
        return "everything"
    if rule.allowed is None:
        return "all but " + ", ".join(f"`{w}`" for w in sorted(rule.withheld))
    kept = _top(set(rule.allowed))
    if len(kept) > 4:
        return f"only {len(kept)} fields (details below)"
    return "only " + ", ".join(f"`{a}`" for a in kept)


def _withheld(policy: DocumentPolicy, rule: RoleRule) -> list[str]:
    paths = [p for p in field_paths(policy.model) if not p.startswith("header")]
    return _top({p for p in paths if rule.decide(p) == "drop"})


def _element_paths(mapping: DocumentMapping, domain: str) -> dict[Side, list[str]]:
    """ebIX and CIM paths of the mapping rows that write ``domain`` or a field below it."""
    found: dict[Side, list[str]] = {"ebix": [], "cim": []}
    for row in flatten(mapping):
        name = row.domain.replace("[]", "")
        if name == domain or name.startswith(domain + "."):
            for side in found:
                if row.paths[side] and row.paths[side] not in found[side]:
                    found[side].append(row.paths[side])
    return found


def _common_prefix(paths: list[str]) -> str:
    if not paths:
        return "—"
    if len(paths) == 1:
        return f"`{paths[0]}`"
    parts = [p.split("/") for p in paths]
    common: list[str] = []
    for steps in zip(*parts, strict=False):
        if len(set(steps)) != 1:
            break
        common.append(steps[0])
    return f"`{'/'.join(common)}/…` ({len(paths)} elements)" if common else f"{len(paths)} elements"


def render_matrix() -> list[str]:
    """The matrix: one row per document, one column per receiving role."""
    policy = default_policy()
    roles = list(policy.roles)
    mappings = document_mappings()
    lines = [
        "| document (ebIX / CIM) | " + " | ".join(policy.roles[r].title for r in roles) + " |",
        "|---|" + "---|" * len(roles),
    ]
    for name, rows in policy.documents.items():
        types = mappings[name].message_types
        label = " / ".join(f"`{t.name}`" for t in types.values())
        cells = []
        for role in roles:
            rule = rows.rules.get(role) or rows.rules.get(ANY)
            if rule is None and rows.default is not None:
                cells.append(f"as {policy.roles[rows.default].title}")
            elif rule is None:
                cells.append("not sent")
            else:
                cells.append(_summary(rows, rule))
        lines.append(f"| {label} | " + " | ".join(_cell(c) for c in cells) + " |")
    return lines


def render_details() -> list[str]:
    policy = default_policy()
    mappings = document_mappings()
    lines: list[str] = []
    for name, rows in policy.documents.items():
        mapping = mappings[name]
        types = mapping.message_types
        lines += [
            f"### `{name}` — {mapping.model.__name__}",
            "",
            "; ".join(f"{side}: `{t.name}`" for side, t in types.items())
            + "; header roles: "
            + (", ".join(f"{code} = {role}" for code, role in rows.recipients.items()) or "any")
            + (f"; other roles: as {rows.default}" if rows.default else ""),
            "",
            "| receiving role | gets | withheld | ebIX elements withheld | CIM elements withheld |",
            "|---|---|---|---|---|",
        ]
        for role, rule in rows.rules.items():
            withheld = _withheld(rows, rule)
            where = [_element_paths(mapping, w) for w in withheld]
            ebix = "; ".join(_common_prefix(w["ebix"]) for w in where) or "—"
            cim = "; ".join(_common_prefix(w["cim"]) for w in where) or "—"
            title = policy.roles[role].title if role in policy.roles else "every role"
            lines.append(
                f"| {title} | {_cell(_summary(rows, rule))}. {_cell(rule.why)} | "
                f"{', '.join(f'`{w}`' for w in withheld) or '—'} | {_cell(ebix)} | {_cell(cim)} |"
            )
        lines.append("")
    return lines


def render_roles_page() -> str:
    policy = default_policy()
    lines = [
        "# Personal data by receiving role",
        "",
        "Generated by `tools/build_profile_docs.py` from `mappings/receiving-roles.toml`: do not",
        "edit",
        "by hand. The same file is the policy of `elhub-cim convert --minimise-for ROLE` and of",
        "`elhub_cim.minimise.minimise(document, role)`; `tests/test_minimise.py` proves for",
        "generated",
        "documents of every kind and every role that nothing outside it survives, in ebIX and in",
        "CIM,",
        "and that what it allows is kept unchanged.",
        "",
        "## Receiving roles",
        "",
        "| role | ebIX code | who |",
        "|---|---|---|",
    ]
    for role in policy.roles.values():
        lines.append(f"| `{role.name}` | {role.code} | {_cell(role.description)} |")
    lines += [
        "",
        "A document's header names the recipient's ebIX role; several receiving roles share DDQ,",
        "so",
        "each document says which one a header role means (`recipients`, in the details below).",
        "",
        "## The matrix",
        "",
        "Domain fields (`elhub_cim.domain`); the header is always delivered.",
        '"not sent": Elhub does',
        "not send the document to that role, and minimising for it is refused.",
        "",
        *render_matrix(),
        "",
        "## Decisions",
        "",
        *DECISIONS,
        "",
        "## Per document",
        "",
        "Element paths come from the mapping tables (`mappings/brs-no-*.toml`), so they follow any",
        "change of the profile.",
        "",
        *render_details(),
    ]
    return "\n".join(lines).rstrip() + "\n"


DECISIONS = [
    "- **The policy is data.** `mappings/receiving-roles.toml`, next to the mapping tables, names",
    "  domain fields (not XML paths): one policy holds for ebIX, CIM and CIM JSON, and survives",
    "  changes of the CIM element paths. A document Elhub sends without a row there fails the",
    "  tests.",
    "- **Minimisation works in the domain model**, before a standard is written: the document is",
    "  read, reduced, then written in the target standard and validated against its XSD.",
    "- **Converting does not minimise by default.** A conversion is exact (ebIX → CIM → ebIX is",
    "  the identity) and the converter cannot know who will receive a file; it minimises when",
    "  asked: `--minimise-for ROLE` (a receiving role, an ebIX role code, or `recipient` = the",
    "  header's role, resolved per document: DDQ in a GenericNotification is the previous",
    "  supplier). A system that sends documents to market parties should always pass it.",
    "- **Nothing is removed silently.** Every field removed is reported (`MINIMISED`, a warning,",
    "  by domain path with its position, never with its value), as an allowed loss is.",
    "- **Unknown or empty role: usage error** (exit 2), never a full document. A known role the",
    "  document is not sent to: the input is rejected (`MINIMISE_NOT_A_RECIPIENT`). A request to",
    "  Elhub is not minimised (refused: nothing to minimise).",
    "- **The previous supplier gets what DataHub 3 gives it:** the metering point and the date of",
    "  the GenericNotification (and its own GLN). EMIF's NotifyEndOfSupply *requires* the customer",
    "  (identity, address), so the minimised notification cannot be written in ebIX: converting it",
    "  to ebIX is refused (`MINIMISE_TARGET_REQUIRES`, naming the fields). Profile 0.2 makes the",
    "  customer elements of GenericNotification optional (0..1, 0..2) so that CIM can carry it.",
    "- **A policy that breaks a document is refused when it loads**: every field the domain model",
    "  requires must be kept (in a part that is kept in part, that part's required fields too).",
]


# --- §9 field inventory and §10 projection losses (mapping tables, projection table) ------------


def _cardinality(cls: type[Any] | None, path: str) -> str:
    """Cardinality of the last step of a root-relative CIM path, from our 0.2 bindings."""
    steps = [s for s in path.split("/") if s]
    for index, step in enumerate(steps):
        if cls is None:
            return "?"
        child = children(cls).get(step)  # type: ignore[arg-type]
        if child is None:
            return "?"
        if index == len(steps) - 1:
            var = next(
                v for v in context().build(cls).get_all_vars() if v.local_name == step.lstrip("@")
            )
            if not child.repeated:
                return "1..1" if var.required else "0..1"
            meta = next(
                (
                    dict(f.metadata)
                    for f in dataclasses.fields(cls)
                    if dict(f.metadata).get("name") == step
                ),
                {},
            )
            return f"{meta.get('min_occurs') or 0}..{meta.get('max_occurs') or 'unbounded'}"
        cls = child.cls
    return "?"


def _origin(table: DocumentTable | None, path: str) -> str:
    if table is None:
        return "Norwegian document"
    element = path.split("/@")[0]
    if element in table.nordic:
        return "Nordic"
    if any(element == a or element.startswith(a + "/") for a in table.additions):
        return "**NO addition**"
    if any(element.startswith(n + "/") for n in table.nordic):
        return "Nordic"
    return "**NO addition**"


def _how(row: FlatRow, side: Side) -> str:
    return row.how[side] if row.how[side] else ""


def _common_header() -> set[str]:
    """Root-level CIM elements every document has: the header (§3), not listed per document."""
    found: set[str] | None = None
    for mapping in document_mappings().values():
        if "cim" not in mapping.message_types:
            continue
        roots = {
            row.paths["cim"].split("/@")[0]
            for row in flatten(mapping)
            if row.paths["cim"] and "/" not in row.paths["cim"].split("/@")[0]
        }
        found = roots if found is None else found & roots
    return found or set()


def render_inventory() -> str:
    tables = projection_table()
    lines = [
        "Generated by `tools/build_profile_docs.py` from the mapping tables (`mappings/*.toml`),",
        "the bindings of our 0.2 XSDs (cardinality within the parent) and the projection table",
        "(`schemas/cim/elhub-profile-0.2/projection/nordic-ediel.toml`, origin): a document",
        "added there appears here. Header fields: §3 (the same in every document). Paths are",
        "relative to the root element; `[]` in a domain field marks a repeated group; Norwegian",
        "additions are in bold. Full mapping per document, with code translations:",
        "[mappings/](mappings/README.md).",
        "",
    ]
    header = _common_header()
    for name, mapping in document_mappings().items():
        cim = mapping.message_types.get("cim")
        if cim is None:
            continue
        ebix = mapping.message_types.get("ebix")
        table = tables.documents.get(cim.name)
        based = (
            f"extends the Nordic document (`{table.nordic_namespace}`)"
            if table
            else f"Norwegian document: {tables.not_nordic.get(cim.name, 'no Nordic counterpart')}"
        )
        lines += [
            f"#### {cim.name}",
            "",
            f"`{cim.namespace}`; EMIF: {f'`{ebix.name}`' if ebix else 'none'}; {based}; mapping "
            f"`{name}` in `mappings/{mapping.brs_table}.toml`.",
            "",
            "| CIM element (path) | card. | origin | domain field | EMIF source |",
            "|---|---|---|---|---|",
        ]
        cls = binding_class(cim)
        for row in flatten(mapping):
            path = row.paths["cim"]
            if not path or path.split("/@")[0] in header:
                continue
            source = row.paths["ebix"] or "none"
            how = "; ".join(
                f"{'ebIX' if side == 'ebix' else 'CIM'}: {row.how[side]}"
                for side in ("ebix", "cim")
                if row.how[side]
            )
            emif = f"`{source}`" if row.paths["ebix"] else "none"
            lines.append(
                f"| `{path}` | {_cardinality(cls, path)} | {_origin(table, path)} | "
                f"{f'`{row.domain}`' if row.domain else '—'} | "
                f"{_cell(emif + (f' ({how})' if how else ''))} |"
            )
        if table is not None and table.unused:
            unused = ", ".join(f"`{p}`" for p in sorted(table.unused))
            lines += [
                "",
                "Nordic elements kept but not used by Elhub (refused, `PROFILE_NOT_USED`): "
                f"{unused}.",
            ]
        lines.append("")
    return "\n".join(lines)


def _fill_sentence(fill: Fill) -> str:
    """What the projection does when a required Nordic element is absent: fill it, under its
    condition if it has one, and refuse otherwise."""
    reason = _cell(fill.reason)
    if fill.when_path is None:
        return f"Filled when absent: `{fill.path}` from `{fill.source}` ({reason})."
    if not fill.when_values:
        return (
            f"Required when absent: `{fill.path}` is not filled, a document without it is refused "
            f"(`PROJECTION_REQUIRED`) ({reason})."
        )
    values = ", ".join(f"`{value}`" for value in sorted(fill.when_values))
    return (
        f"Filled when absent: `{fill.path}` from `{fill.source}` when `{fill.when_path}` is "
        f"{values}; otherwise refused (`PROJECTION_REQUIRED`) ({reason})."
    )


def render_projection_losses() -> str:
    tables = projection_table()
    lines = [
        "Generated by `tools/build_profile_docs.py` from the projection table",
        "(`schemas/cim/elhub-profile-0.2/projection/nordic-ediel.toml`, which",
        "`elhub_cim.mapping.projection` executes): every loss below is reported by the projection,",
        "field by field, never silent.",
        "",
        "**Code values the Nordic lists lack** (the projection maps, drops or refuses them):",
        "",
        "| rule | action | values | why |",
        "|---|---|---|---|",
    ]
    for rule in tables.rules.values():
        values = sorted(rule.values)
        shown = (
            ", ".join(values)
            if len(values) <= 12
            else f"{', '.join(values[:8])} … ({len(values)} codes)"
        )
        if rule.mapping:
            shown = ", ".join(f"{k} → {v}" for k, v in sorted(rule.mapping.items()))
            shown += (
                f" (other {len(values) - len(rule.mapping)} codes: "
                f"{'refused' if rule.refuse_unmapped else 'dropped'})"
                if len(values) > len(rule.mapping)
                else ""
            )
        lines.append(f"| `{rule.name}` | {rule.action} | {_cell(shown)} | {_cell(rule.reason)} |")
    lines.append("")
    for name, table in tables.documents.items():
        lines += [
            f"#### {name} → Nordic `{table.nordic_namespace}`",
            "",
            "| dropped in the projection (Norwegian addition) | EMIF field it carries |",
            "|---|---|",
        ]
        lines += [f"| `{path}` | {_cell(emif)} |" for path, emif in table.additions.items()]
        if table.codes:
            codes = "; ".join(
                f"`{path}` ({rule.name}: {rule.action})" for path, rule in table.codes.items()
            )
            lines += ["", f"Codes checked against the Nordic lists: {codes}."]
        for group, needed in table.complete.items():
            parts = ", ".join(f"`{path}`" for path in needed)
            lines += [
                "",
                f"Dropped whole: `{group}` lacking one of {parts} (the Nordic document requires "
                "them; EMIF does not), every leaf reported (`PROJECTION_DROPPED`).",
            ]
        for fill in table.fills:
            lines += ["", _fill_sentence(fill)]
        if table.default_type:
            lines += ["", f"Nordic default document type: `{table.default_type}`."]
        lines.append("")
    lines += ["**Not projected** (no Nordic counterpart):", ""]
    lines += [f"- `{name}`: {_cell(why)}" for name, why in tables.not_nordic.items()]
    return "\n".join(lines)


# --- generated sections of docs/cim-profile.md ---------------------------------------------------


def _roles_section() -> str:
    return "\n".join(
        [
            "Generated from `mappings/receiving-roles.toml` (details, element paths and decisions:",
            "[receiving-roles.md](receiving-roles.md)).",
            "",
            *render_matrix(),
        ]
    )


SECTIONS: dict[str, Callable[[], str]] = {
    "field-inventory": render_inventory,
    "projection-losses": render_projection_losses,
    "receiving-roles": _roles_section,
}


def _replacement(body: str) -> Callable[[re.Match[str]], str]:
    return lambda match: match.group(1) + body + match.group(2)


def _replace_sections(text: str) -> str:
    for name, render in SECTIONS.items():
        start, end = f"<!-- generated: {name} -->", f"<!-- end generated: {name} -->"
        pattern = re.compile(rf"({re.escape(start)}\n).*?({re.escape(end)})", re.DOTALL)
        if not pattern.search(text):
            raise SystemExit(f"docs/cim-profile.md has no markers for the section {name!r}")
        body = render().rstrip() + "\n"
        text = pattern.sub(_replacement(body), text)
    return text


def render_all() -> dict[Path, str]:
    """Path → expected text of every generated file."""
    return {
        ROLES_PAGE: render_roles_page(),
        PROFILE: _replace_sections(PROFILE.read_text(encoding="utf-8")),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args(argv)
    pages = render_all()
    if args.check:
        stale = [p for p, t in pages.items() if not p.exists() or p.read_text("utf-8") != t]
        for path in stale:
            print(f"stale: {path.relative_to(ROOT)} (run tools/build_profile_docs.py)")
        return 1 if stale else 0
    for path, text in pages.items():
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
