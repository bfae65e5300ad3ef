"""Write DataHub 3's CIM JSON shape of the Nordic documents the profile extends.

Usage::

    python tools/build_nordic_json_shape.py [--reference DIR]          # (re)write the table
    python tools/build_nordic_json_shape.py [--reference DIR] --check  # exit 1 when it differs

DataHub 3 writes a Nordic document as JSON by one rule applied to the Nordic XSD: an element
whose XSD type is a named type (a code list, a CIM datatype such as ``Position_Integer``, an
identifier with ``codingScheme``) is an object ``{"value": ...}`` (plus its attributes); an
element of an XML Schema built-in type is a plain JSON value; an element that may repeat
(``maxOccurs`` > 1) is an array; decimals are JSON numbers, integers JSON integers, booleans
JSON booleans. The facts this needs (per Nordic element path of each document in the
projection table) are read once from ediel.org's XSDs (the 2025 DataHub 3 set, the 2023 set
for documents 2025 lacks) and written as our own table,
``schemas/cim/<profile>/projection/nordic-json.toml``, which ``elhub_cim.cimjson`` reads. Only
facts (element paths, type kinds) are written; nothing of the XSDs is copied.
``tests/test_cim_json.py`` checks the table against the reference files.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from elhub_cim.formats.cimjson import nordic_json_file
from elhub_cim.mapping.projection import projection_table

XS = "http://www.w3.org/2001/XMLSchema"
ROOT = Path(__file__).resolve().parents[1]
DEFAULT_REFERENCE = ROOT.parent / "shared" / "reference" / "nordic-ediel-cim"
PARSER = etree.XMLParser(resolve_entities=False, no_network=True)
KINDS = ("arrays", "values", "numbers", "integers", "booleans")
_NUMBER = {"decimal", "float", "double"}
_INTEGER = {
    "integer",
    "int",
    "long",
    "short",
    "byte",
    "nonNegativeInteger",
    "positiveInteger",
    "nonPositiveInteger",
    "negativeInteger",
    "unsignedLong",
    "unsignedInt",
    "unsignedShort",
    "unsignedByte",
}


@dataclass
class Shape:
    """DataHub 3's JSON facts of one Nordic document."""

    source: str
    arrays: list[str] = field(default_factory=list)
    values: list[str] = field(default_factory=list)
    numbers: list[str] = field(default_factory=list)
    integers: list[str] = field(default_factory=list)
    booleans: list[str] = field(default_factory=list)


def _local(name: str | None) -> str:
    return (name or "").rpartition(":")[2]


def _is_builtin(name: str, element: etree._Element) -> bool:
    prefix = name.partition(":")[0] if ":" in name else None
    return element.nsmap.get(prefix) == XS


class _Schema:
    def __init__(self, xsd_file: Path) -> None:
        self.root = etree.parse(str(xsd_file), PARSER).getroot()
        self.namespace = self.root.get("targetNamespace", "")
        self.types = {
            node.get("name", ""): node
            for node in self.root
            if node.tag in (f"{{{XS}}}simpleType", f"{{{XS}}}complexType")
        }

    def _own(self, name: str, context: etree._Element) -> bool:
        prefix = name.partition(":")[0] if ":" in name else None
        return context.nsmap.get(prefix) == self.namespace and _local(name) in self.types

    def builtin(self, name: str, context: etree._Element) -> str:
        """The XML Schema built-in a type derives from ('string' for code lists)."""
        if _is_builtin(name, context):
            return _local(name)
        if not self._own(name, context):
            return "string"  # the ENTSO-E code lists: strings
        node = self.types[_local(name)]
        for step in node.iter(f"{{{XS}}}restriction", f"{{{XS}}}extension"):
            return self.builtin(step.get("base", ""), step)
        return "string"  # unions and lists of codes

    def is_complex(self, name: str, context: etree._Element) -> bool:
        if not self._own(name, context):
            return False
        return self.types[_local(name)].find(f"{{{XS}}}sequence") is not None

    def walk(self, name: str, context: etree._Element, prefix: str, shape: Shape) -> None:
        sequence = self.types[_local(name)].find(f"{{{XS}}}sequence")
        assert sequence is not None
        for element in sequence.findall(f"{{{XS}}}element"):
            path = prefix + element.get("name", "")
            type_name = element.get("type", "")
            if element.get("maxOccurs", "1") not in ("0", "1"):
                shape.arrays.append(path)
            if self.is_complex(type_name, element):
                self.walk(type_name, element, path + "/", shape)
                continue
            if not _is_builtin(type_name, element):
                shape.values.append(path)
            base = self.builtin(type_name, element)
            if base in _NUMBER:
                shape.numbers.append(path)
            elif base in _INTEGER:
                shape.integers.append(path)
            elif base == "boolean":
                shape.booleans.append(path)


def nordic_xsd(reference: Path, namespace: str) -> Path | None:
    """The Nordic XSD of ``namespace``: the 2025 set first, the 2023 set otherwise."""
    name = namespace.replace(":", "-").replace(".", "-") + ".xsd"
    for folder in (reference / "opengeh-edi-2025" / "xsd", reference / "xsd"):
        if (folder / name).is_file():
            return folder / name
    return None


def derive(reference: Path) -> dict[str, Shape]:
    """The JSON facts of every document of the projection table, by root element name."""
    shapes: dict[str, Shape] = {}
    for _, document in sorted(projection_table().documents.items()):
        xsd_file = nordic_xsd(reference, document.nordic_namespace)
        if xsd_file is None:
            continue
        schema = _Schema(xsd_file)
        root = next(e for e in schema.root if e.tag == f"{{{XS}}}element")
        source = f"{xsd_file.parent.parent.name}/{xsd_file.parent.name}/{xsd_file.name}"
        if xsd_file.parent.parent.name == reference.name:
            source = f"{xsd_file.parent.name}/{xsd_file.name} (2023 set)"
        shape = Shape(source=source)
        schema.walk(root.get("type", ""), root, "", shape)
        kept = set(document.nordic)
        for kind in KINDS:
            setattr(shape, kind, [p for p in getattr(shape, kind) if p in kept])
        shapes[document.nordic_root] = shape  # the Nordic root (NotifyCollected... is written
        # as NotifyValidatedMeasureData)
    return shapes


def _toml_list(values: list[str]) -> str:
    if not values:
        return "[]"
    return "[\n" + "".join(f'  "{v}",\n' for v in values) + "]"


def render(shapes: dict[str, Shape]) -> str:
    lines = [
        "# DataHub 3's CIM JSON shape of the Nordic documents the profile extends (read by",
        "# elhub_cim.cimjson). Written by tools/build_nordic_json_shape.py from the facts of the",
        "# Nordic XSDs (opengeh-edi 2025; 2023 where 2025 lacks the document); do not edit.",
        "# Per document, Nordic element paths (as in nordic-ediel.toml) that DataHub 3 writes as:",
        "#   arrays    an array (maxOccurs > 1)",
        '#   values    an object {"value": ...} (a named XSD type: codes, CIM datatypes)',
        "#   numbers   a JSON number (xs:decimal)",
        "#   integers  a JSON integer (xs:integer and its kin)",
        "#   booleans  true / false (xs:boolean)",
        "# Every other Nordic element is a JSON string.",
        "",
    ]
    for name, shape in shapes.items():
        lines.append(f"[{name}]")
        lines.append(f'source = "{shape.source}"')
        for kind in KINDS:
            lines.append(f"{kind} = {_toml_list(getattr(shape, kind))}")
        lines.append("")
    return "\n".join(lines)


def target_file() -> Path:
    """The table beside the projection table of the current profile."""
    return nordic_json_file()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reference", type=Path, default=DEFAULT_REFERENCE)
    parser.add_argument("--check", action="store_true", help="only report a stale table")
    args = parser.parse_args(argv)
    if not (args.reference / "xsd").is_dir():
        print(f"no Nordic Ediel reference at {args.reference}", file=sys.stderr)
        return 2
    text = render(derive(args.reference))
    target = target_file()
    current = target.read_text(encoding="utf-8") if target.is_file() else None
    if args.check:
        if current != text:
            print(f"{target}: {'missing' if current is None else 'differs'}")
            return 1
        return 0
    if current != text:
        target.write_text(text, encoding="utf-8")
        print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
