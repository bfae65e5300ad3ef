"""Nordic Ediel XML: a CIM profile document as the plain Nordic Ediel document, and back.

    result = elhub_cim.formats.nordic.project(profile_xml)
    result.data      # the Nordic Ediel document (DataHub 3's namespace, same root and names)
    result.target    # its namespace, e.g. 'urn:ediel.org:structure:requestchangeofsupplier:0:1'
    result.losses    # one warning per field the Nordic document cannot carry, never silent
    result.notes     # values the Nordic document requires that were filled from other fields

    lifted = elhub_cim.formats.nordic.from_nordic(nordic_xml, brs="BRS-NO-102")
    lifted.data      # the profile document (validated against our XSD)
    lifted.losses    # Nordic fields the profile does not use (dropped, reported)

What is kept, dropped and substituted is data, not code: the projection table
``schemas/cim/elhub-profile-0.2/projection/nordic-ediel.toml``, executed by
:mod:`elhub_cim.mapping.projection` (tree to tree). This module reads and writes the bytes: XML,
or DataHub 3's JSON (:mod:`.nordic_json`). Design: ``docs/cim-profile.md`` §10 and "Nordic
projection in practice".

The output is not validated here: the Nordic XSDs are ediel.org's files and are not shipped with
elhub-cim. The tests validate every projection against them (``../shared/reference``).
"""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal
from typing import Literal

from lxml import etree

from ..core.arguments import checked_flag
from ..core.catalog import MessageType
from ..core.errors import Problem, Severity, mask_identity_numbers, shown_value
from ..core.safeparse import (
    DEFAULT_MAX_BYTES,
    ParsedDocument,
    checked_name,
    load_bytes,
    parse,
    parse_bytes,
)
from ..core.validation import readable_path
from ..mapping.projection import (
    DocumentTable,
    Projection,
    ProjectionError,
    ProjectionTable,
    in_utc,
    lift,
    nordic_namespace,
    project_tree,
    projection_table,
    serialize,
)
from . import Format, cimjson, nordic_json
from . import cim as cim_format
from ._xml import HEAD_BYTES, may_name_nordic, root_qname, without_lines

__all__ = [
    "FORMAT",
    "DocumentTable",
    "Projection",
    "ProjectionError",
    "ProjectionTable",
    "detect",
    "from_nordic",
    "nordic_namespace",
    "project",
    "projection_table",
    "read",
    "write",
]

FORMAT = Format.NORDIC

_NORDIC_NAMESPACES = ("urn:ediel.org:", "urn:ediel:org:")


def detect(data: bytes) -> bool:
    """Whether XML ``data`` is a Nordic Ediel document: its root element in a Nordic namespace
    (read from the first 64 KiB, as :func:`elhub_cim.formats.read.root_of` reads it)."""
    head = data[:HEAD_BYTES]
    # A search for what both spellings share first: the usual input has neither. The root's own
    # namespace decides, as a message's text may well mention a Nordic namespace.
    if not may_name_nordic(head):
        return False
    root = root_qname(head)
    return root is not None and root[0].startswith(_NORDIC_NAMESPACES)


def write(
    document: ParsedDocument,
    *,
    pretty: bool = True,
    format: Literal["xml", "json"] = "xml",
) -> Projection:
    """A (schema-valid) profile document as the plain Nordic Ediel document: XML, or
    ``format="json"`` DataHub 3's CIM JSON of it."""
    _check_format(format)
    checked_flag(pretty, "pretty")
    root, table, projector = project_tree(document)
    if format == "json":
        data = nordic_json.write(root, indent=2 if pretty else None, name=document.name)
    else:
        data = serialize(root, pretty)
    return Projection(
        data=data,
        target=table.nordic_namespace,
        losses=projector.losses,
        notes=projector.notes,
    )


def read(
    data: bytes | ParsedDocument,
    *,
    brs: str | None = None,
    pretty: bool = True,
    name: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    json: bool = False,
) -> Projection:
    """Lift Nordic Ediel XML (``json=True``: DataHub 3's JSON of it) into the profile: the
    profile document (validated against our XSD) and the Nordic fields it does not use.
    ``data`` may be the Nordic XML already parsed (the read stage parses XML once)."""
    if isinstance(data, ParsedDocument):
        return lift(data, brs=brs, pretty=pretty)
    label = name or "<bytes>"
    if json:
        # The Nordic XML is ours, from JSON within ``max_bytes`` (and longer than it): not held
        # to the input's limit (the parse's element limit still holds). Its lines are not the
        # JSON's.
        xml = nordic_json.read(data, name=label, max_bytes=max_bytes)
        document = without_lines(parse_bytes(xml, name=label))
    else:
        document = parse(data, max_bytes=max_bytes, name=label)
    return lift(document, brs=brs, pretty=pretty)


def project(
    document: bytes | etree._Element,
    *,
    pretty: bool = True,
    name: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    format: Literal["xml", "json"] = "xml",
) -> Projection:
    """Write a CIM profile document (XML, CIM JSON or a tree) as the plain Nordic Ediel
    document.

    ``format="json"`` writes it as DataHub 3's CIM JSON (:mod:`.nordic_json`). The input is read
    and validated like any input (:class:`SchemaViolationError` etc.). Raises
    :class:`ProjectionError` for documents without a Nordic counterpart, with a role the Nordic
    list lacks, or lacking a value the Nordic document requires and the table cannot fill.
    """
    _check_format(format)  # (at the call, before the document is read)
    checked_flag(pretty, "pretty")
    source, _ = _profile_document(document, checked_name(name), max_bytes)
    return write(source, pretty=pretty, format=format)


def _check_format(format: object) -> None:
    """A TypeError or ValueError unless ``format`` is "xml" or "json" (a typo must not write
    XML where JSON was asked for)."""
    if format in ("xml", "json") and isinstance(format, str):
        return
    shown = repr(shown_value(format, 20)) if isinstance(format, str) else type(format).__name__
    error = ValueError if isinstance(format, str) else TypeError
    raise error(f"format is 'xml' or 'json', not {shown}")


def _profile_document(
    document: bytes | etree._Element, name: str | None, max_bytes: int
) -> tuple[ParsedDocument, MessageType]:
    if isinstance(document, etree._Element):
        data: bytes = etree.tostring(document, encoding="UTF-8")
        label = name or "<element>"
    else:
        data, label = document, name or "<bytes>"
    data = load_bytes(data, max_bytes=max_bytes, name=label)  # the read stage's size limit
    if cimjson.detect(data):
        return cimjson.read(data, name=label, max_bytes=max_bytes)
    return cim_format.read(data, name=label)


def from_nordic(
    data: bytes | bytearray | memoryview,
    *,
    brs: str | None = None,
    pretty: bool = True,
    name: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Projection:
    """Lift a Nordic Ediel document into the profile namespace (the reverse of :func:`project`).

    ``data`` is Nordic Ediel XML or DataHub 3's CIM JSON of it.
    Values are carried as they are (codes and identifiers are not translated, except where the
    projection table says so, and then reported: DataHub 3's hub role DGL). ``brs`` gives
    the BRS the Nordic document does not carry (its process type becomes the BRS's local
    code); without it, the one process of the document with that process type is taken (noted,
    ``LIFT_PROCESS``), and where several have it the refusal names them. Raises
    :class:`ProjectionError` naming every field the profile requires and the input lacks, and
    every value the profile cannot accept; returns the profile document (validated against our
    XSD) with the Nordic fields the profile does not use as ``losses``.
    """
    data = cimjson.document_bytes(data)
    brs = checked_name(brs, "brs")
    checked_flag(pretty, "pretty")
    name = checked_name(name)
    return read(
        data, brs=brs, pretty=pretty, name=name, max_bytes=max_bytes, json=cimjson.detect(data)
    )


#: A step of a readable path: a local name and its position among same-named siblings.
_STEP = re.compile(r"^(?P<name>[^\[\]]+)(?:\[(?P<n>[0-9]+)\])?$")


def _steps(path: str) -> tuple[str, ...] | None:
    """A readable path below its root, every step with its position (``Series`` is
    ``Series[1]``): the root's name left out, as a Nordic document and the profile document of
    it may name the root differently."""
    parts = path.strip("/").split("/")[1:]
    steps: list[str] = []
    for part in parts:
        found = _STEP.match(part)
        if found is None:
            return None
        steps.append(f"{found['name']}[{found['n'] or 1}]")
    return tuple(steps)


def _leaf_values(
    root: etree._Element, elements: dict[tuple[str, ...], etree._Element] | None = None
) -> dict[tuple[str, ...], tuple[str, tuple[tuple[str, str], ...]]]:
    """Every element without elements below it, by its steps below the root: its text (without
    the surrounding white space) and its attributes; each element itself into ``elements``."""
    found: dict[tuple[str, ...], tuple[str, tuple[tuple[str, str], ...]]] = {}

    def walk(element: etree._Element, steps: tuple[str, ...]) -> None:
        seen: dict[str, int] = {}
        kids = [c for c in element if isinstance(c.tag, str)]
        if not kids and steps:
            text = "".join(str(t) for t in element.itertext()).strip(" \t\r\n")
            found[steps] = (
                text,
                tuple(sorted((str(k), str(v)) for k, v in element.attrib.items())),
            )
            if elements is not None:
                elements[steps] = element
            return
        for child in kids:
            name = etree.QName(child).localname
            seen[name] = seen.get(name, 0) + 1
            walk(child, (*steps, f"{name}[{seen[name]}]"))

    walk(root, ())
    return found


_DECIMAL = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)")
_UUID = re.compile(r"[0-9A-Fa-f]{8}(-[0-9A-Fa-f]{4}){3}-[0-9A-Fa-f]{12}")
_Leaf = tuple[str, tuple[tuple[str, str], ...]]


def _same(steps: tuple[str, ...], before: _Leaf, after: _Leaf | None) -> bool:
    """Whether the output carries the input's value: the same text and attributes, or the same
    value written otherwise (a decimal or position as 5. and 5, a time with an offset and in
    UTC, a UUID in upper and lower case). An identifier (an ``mRID``, a value with a coding
    scheme) is the same only as written."""
    if after is None or before[1] != after[1]:
        return False
    if before[0] == after[0]:
        return True
    old, new = before[0], after[0]
    if _UUID.fullmatch(old) and _UUID.fullmatch(new):
        return old.lower() == new.lower()
    if steps[-1].split("[")[0].endswith("mRID") or before[1]:
        return False
    if _DECIMAL.fullmatch(old) and _DECIMAL.fullmatch(new):
        return Decimal(old) == Decimal(new)
    try:
        # (the end of a day as hour 24, which fromisoformat refuses, as the next midnight)
        first = datetime.fromisoformat(in_utc(old) or old)
        second = datetime.fromisoformat(in_utc(new) or new)
    except ValueError:
        return False
    if first.tzinfo is None or second.tzinfo is None:
        return False
    return first == second


def against_the_input(
    losses: list[Problem], source: etree._Element, output: etree._Element, name: str
) -> list[Problem]:
    """The losses of a Nordic document converted to the Nordic document, told against the input
    rather than the profile document in between: a value the output carries at the input's place,
    as the input had it, is no loss (the process type E23 lifted as NO324 and written E23 again;
    marketEvaluationPoint.type dropped by the lift and filled again by the projection). Every
    other loss is kept, and any value of the input that the output does not carry as it was and
    no loss names is reported too (``PROJECTION_DROPPED``): nothing goes silently."""
    elements: dict[tuple[str, ...], etree._Element] = {}
    before, after = _leaf_values(source, elements), _leaf_values(output)
    kept: list[Problem] = []
    named: set[tuple[str, ...]] = set()
    for problem in losses:
        steps = _steps(problem.path or "")
        if steps is not None and steps in before and _same(steps, before[steps], after.get(steps)):
            continue  # carried as it was
        if (
            steps is not None
            and steps not in before
            and problem.severity is Severity.WARNING
            and not any(s[: len(steps)] == steps for s in before)
        ):
            continue  # a value of the profile document in between, not of the input
        kept.append(problem)
        if steps is not None:
            named.add(steps)
    for steps, value in before.items():
        if _same(steps, value, after.get(steps)) or any(steps[: len(n)] == n for n in named):
            continue
        text, attributes = value
        # (masked before cut: cut first, an identity number lost the digits that made it one)
        shown = shown_value(text, 40)
        has = after.get(steps)
        element = elements[steps]  # (named as XML's errors name it, at the input's line)
        line = element.sourceline
        kept.append(
            Problem(
                "PROJECTION_DROPPED",
                f"'{shown}'{' with ' + str(dict(attributes)) if attributes else ''} not carried as "
                "it was: the Nordic document written "
                + ("has no value here" if has is None else f"has '{shown_value(has[0], 40)}' here"),
                file=name,
                line=line if isinstance(line, int) and line > 0 else None,
                path=mask_identity_numbers(readable_path(element)),
                severity=Severity.WARNING,
            )
        )
    return kept
