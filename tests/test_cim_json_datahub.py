"""CIM JSON against DataHub 3's own JSON schemas (``opengeh-edi-2025/json-schema``).

- Our JSON of every profile document that extends a Nordic one validates against DataHub 3's
  schema of that document once the Norwegian additions are removed (DataHub 3's code-list schema
  with our local code lists in its local-extension slot, as ENTSO-E's local extension intends).
- The Nordic JSON projection (``project(..., format="json")``) validates against DataHub 3's
  schemas as they are, and reads back to the same Nordic XML.
- The DataHub 3 shape facts we ship (``projection/nordic-json.toml``) are those of the Nordic
  XSDs.

Table-driven: every example and every generated document whose Nordic document has a DataHub 3
JSON schema takes part; a new document joins by having one.
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path
from typing import Any

import jsonschema  # type: ignore[import-untyped]
import pytest
import referencing
import referencing.jsonschema
from hypothesis import find, given, settings
from lxml import etree

import elhub_cim
from elhub_cim.convert import from_domain
from elhub_cim.formats.cimjson import local_extension_schema, nordic_json_file, to_json
from elhub_cim.formats.nordic import ProjectionError, project, projection_table
from elhub_cim.formats.nordic_json import nordic_from_json, nordic_to_json
from elhub_cim.mapping import document_mappings
from tests.conftest import PROJECT_ROOT, load_tool
from tests.strategies import DOCUMENTS
from tests.xmlcompare import assert_same_xml

EXAMPLES = sorted((PROJECT_ROOT / "examples" / "cim").glob("*.xml"))
LOCAL_EXTENSION = "urn-entsoe-eu-local-extension-types.schema.json"


def _load(path: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8-sig"))
    return loaded


@functools.cache
def _datahub(folder: Path, ours: bool) -> tuple[dict[str, dict[str, Any]], referencing.Registry]:
    """DataHub 3's document schemas by root name, and a registry resolving their references
    (with our local code lists in the local-extension slot when ``ours``)."""
    documents: dict[str, dict[str, Any]] = {}
    resources: list[tuple[str, referencing.Resource[Any]]] = []
    for path in sorted(folder.glob("*.schema.json")):
        schema = _load(path)
        if path.name == LOCAL_EXTENSION and ours:
            local = local_extension_schema()["definitions"]
            schema = {**schema, "definitions": {**schema["definitions"], **local}}
        resource = referencing.Resource.from_contents(
            schema, default_specification=referencing.jsonschema.DRAFT7
        )
        resources.append((schema["$id"], resource))
        for root in schema.get("properties", {}):
            documents[root] = schema
    return documents, referencing.Registry().with_resources(resources)


def _errors(body: dict[str, Any], folder: Path, ours: bool) -> list[str] | None:
    """DataHub 3's schema errors for a JSON document, ``None`` when it has no schema for it.

    For our own JSON (``ours``), a Nordic element missing where the profile follows EMIF's
    cardinality and the projection fills it (the table's ``fill`` entries, docs §10) is expected:
    that is the profile's documented cardinality, not the JSON shape."""
    documents, registry = _datahub(folder, ours)
    (root,) = body
    schema = documents.get(root)
    if schema is None:
        return None
    filled = {fill.path for fill in _table_entry(root).fills} if ours else set()
    validator = jsonschema.Draft7Validator(schema, registry=registry)
    found = []
    for error in validator.iter_errors(body):
        where = "/".join(str(p) for p in error.absolute_path if not isinstance(p, int))
        if error.validator == "required":
            missing = str(error.message).split("'")[1]
            element = "/".join([*where.split("/")[1:], missing])
            if element in filled:
                continue
        found.append(f"{'/'.join(str(p) for p in error.absolute_path)}: {error.message}")
    return sorted(found)


def _nordic_root(entry: Any) -> str:
    return str(getattr(entry, "nordic_root", None) or entry.name)


def _table_entry(root: str) -> Any:
    """The projection-table entry of a profile or Nordic root name."""
    documents = projection_table().documents
    if root in documents:
        return documents[root]
    return next(d for d in documents.values() if _nordic_root(d) == root)


def _without_additions(body: dict[str, Any]) -> dict[str, Any]:
    """The JSON of a profile document with every member that is not a Nordic element removed,
    under the Nordic root name."""
    ((root, document),) = body.items()
    entry = _table_entry(root)
    kept = set(entry.nordic)

    def has(value: Any, path: str) -> bool:
        for step in path.split("/"):
            if isinstance(value, list):
                value = value[0] if value else None
            if not isinstance(value, dict) or step not in value:
                return False
            value = value[step]
        return value not in (None, [])

    def strip(value: Any, prefix: str) -> Any:
        if isinstance(value, list):
            # what the Nordic document cannot hold (a profiled series without points) goes
            # whole, as in the projection (the table's `complete`)
            required = entry.complete.get(prefix.rstrip("/"), ())
            value = [v for v in value if all(has(v, r) for r in required)]
            return [strip(v, prefix) for v in value]
        if not isinstance(value, dict) or "value" in value:
            return value
        return {k: strip(v, f"{prefix}{k}/") for k, v in value.items() if f"{prefix}{k}" in kept}

    return {_nordic_root(entry): strip(document, "")}


def _datahub_folder(reference_dir: Path) -> Path:
    folder = reference_dir / "nordic-ediel-cim" / "opengeh-edi-2025" / "json-schema"
    if not folder.is_dir():
        pytest.fail(f"{folder} is missing")
    return folder


def _root(xml: bytes) -> str:
    return etree.QName(etree.fromstring(xml)).localname


NORDIC_EXAMPLES = [e for e in EXAMPLES if _root(e.read_bytes()) in projection_table().documents]


@pytest.mark.parametrize("example", NORDIC_EXAMPLES, ids=[e.name for e in NORDIC_EXAMPLES])
def test_our_json_is_datahub3_json_once_the_norwegian_additions_are_removed(
    example: Path, reference_dir: Path
) -> None:
    folder = _datahub_folder(reference_dir)
    body = _without_additions(json.loads(to_json(example.read_bytes())))
    errors = _errors(body, folder, ours=True)
    if errors is None:
        pytest.skip(f"DataHub 3 has no JSON schema for {_root(example.read_bytes())}")
    assert errors == []


def _project_json(xml: bytes) -> tuple[bytes, bytes]:
    """The Nordic projection as XML and as DataHub 3 JSON."""
    as_xml = project(xml).data
    as_json = project(xml, format="json").data
    return as_xml, as_json


@pytest.mark.parametrize("example", NORDIC_EXAMPLES, ids=[e.name for e in NORDIC_EXAMPLES])
def test_nordic_json_projection_is_valid_datahub3_json(example: Path, reference_dir: Path) -> None:
    folder = _datahub_folder(reference_dir)
    try:
        as_xml, as_json = _project_json(example.read_bytes())
    except ProjectionError as error:  # a Norwegian role: not projected at all (tested elsewhere)
        refused = {p.code for p in error.problems}
    else:
        refused = set()
    if refused:
        assert refused == {"PROJECTION_REFUSED"}
        return
    body = json.loads(as_json)
    errors = _errors(body, folder, ours=False)
    if errors is not None:
        assert errors == []
    # the JSON reads back to the same Nordic document
    assert_same_xml(as_xml, nordic_from_json(as_json))
    assert nordic_to_json(as_xml) == as_json


#: Mapped documents whose CIM form has a Nordic counterpart.
PROJECTABLE = sorted(
    name
    for name in DOCUMENTS
    if document_mappings()[name].message_types["cim"].name in projection_table().documents
)


@pytest.mark.parametrize("name", PROJECTABLE)
def test_generated_documents_conform_to_the_2025_baseline(name: str, reference_dir: Path) -> None:
    """Generated documents of each kind: our JSON is DataHub 3's (additions removed); the
    projection is valid against the 2025 XSD (2023 where 2025 lacks the document) and, as JSON,
    against DataHub 3's JSON schema where one exists, and reads back; how many also pass the
    2023 set is reported (printed)."""
    from tests.test_projection import _nordic_schema, _xsd_file

    folder = _datahub_folder(reference_dir)
    xsd_2023 = reference_dir / "nordic-ediel-cim" / "xsd"
    counts = {"generated": 0, "projected": 0, "2023": 0, "json": 0}

    def check_one(document: Any) -> None:
        counts["generated"] += 1
        cim = from_domain(document, to="cim")
        ours = json.loads(to_json(cim))
        errors = _errors(_without_additions(ours), folder, ours=True)
        assert errors in (None, [])
        try:
            as_xml = project(cim).data
        except ProjectionError as error:
            refused = {p.code for p in error.problems}
        else:
            refused = set()
        if refused:
            assert refused <= {"PROJECTION_REFUSED", "PROJECTION_REQUIRED"}
            return
        projected = etree.fromstring(as_xml)
        current = _xsd_file(xsd_2023, etree.QName(projected).namespace or "")
        schema = _nordic_schema(current)
        assert schema.validate(projected), str(schema.error_log)
        counts["projected"] += 1
        counts["2023"] += bool(_nordic_schema(xsd_2023 / current.name).validate(projected))
        as_json = nordic_to_json(as_xml)
        json_errors = _errors(json.loads(as_json), folder, ours=False)
        assert json_errors in (None, [])
        counts["json"] += json_errors is not None
        assert_same_xml(as_xml, nordic_from_json(as_json))

    # a quarter of the profile's count: the same documents are property-tested (XML) elsewhere
    @settings(max_examples=max(5, settings().max_examples // 4))
    @given(DOCUMENTS[name])
    def check(document: Any) -> None:
        check_one(document)

    check()
    if not counts["projected"]:
        # Few random documents may all lack what the Nordic document requires (a request to
        # change master data without a validity start, say): search for one that projects.
        check_one(find(DOCUMENTS[name], _projects))
    print(
        f"{name}: {counts['generated']} generated, {counts['projected']} projected and valid "
        f"against the 2025 baseline, {counts['2023']} of them also against the 2023 set, "
        f"{counts['json']} checked against a DataHub 3 JSON schema"
    )
    assert counts["projected"] > 0


def _projects(document: Any) -> bool:
    try:
        project(from_domain(document, to="cim"))
    except ProjectionError:
        return False
    return True


def test_the_shipped_datahub3_shape_is_that_of_the_nordic_xsds(reference_dir: Path) -> None:
    tool = load_tool("build_nordic_json_shape")
    expected = tool.render(tool.derive(reference_dir / "nordic-ediel-cim"))
    current = nordic_json_file().read_text(encoding="utf-8")
    assert current == expected, "run `python tools/build_nordic_json_shape.py`"


def test_every_document_with_a_datahub3_json_schema_is_checked(reference_dir: Path) -> None:
    """The examples cover every profile document that extends a DataHub 3 JSON document."""
    documents, _ = _datahub(_datahub_folder(reference_dir), False)
    ours = set(projection_table().documents) & set(documents)
    covered = {_root(e.read_bytes()) for e in NORDIC_EXAMPLES}
    assert ours
    assert ours <= covered


REJECT = PROJECT_ROOT / "examples" / "cim" / "RejectRequestChangeOfSupplier_BRS-NO-103.xml"


def test_cli_writes_and_reads_datahub3_json(tmp_path: Path) -> None:
    """`convert --to nordic-ediel --format json` writes DataHub 3's JSON; that JSON lifts back
    (`--to cim --brs`) to the document it came from."""
    from click.testing import CliRunner

    from elhub_cim.cli import main

    runner = CliRunner()
    out = tmp_path / "reject.json"
    args = ["convert", str(REJECT), "--to", "nordic-ediel", "--format", "json", "-o", str(out)]
    written = runner.invoke(main, args)
    assert written.exit_code == 1  # NO103 → E65 is a reported replacement: needs --allow-loss
    assert "PROJECTION_CODE_REPLACED" in written.output
    written = runner.invoke(main, [*args, "--allow-loss"])
    assert written.exit_code == 0, written.output
    body = json.loads(out.read_bytes())
    assert body["RejectRequestChangeOfSupplier_MarketDocument"]["process.processType"] == {
        "value": "E65"
    }
    assert out.read_bytes() == project(REJECT.read_bytes(), format="json").data
    lifted = runner.invoke(main, ["convert", str(out), "--to", "cim", "--brs", "BRS-NO-103"])
    assert lifted.exit_code == 0, lifted.output
    assert_same_xml(REJECT.read_bytes(), lifted.stdout_bytes)
    usage = runner.invoke(main, ["convert", str(REJECT), "--to", "ebix", "--format", "json"])
    assert usage.exit_code == 2


def test_lifting_datahub3_json_equals_lifting_its_xml() -> None:
    from elhub_cim.formats.nordic import from_nordic

    projected = project(REJECT.read_bytes())
    as_json = nordic_to_json(projected.data)
    from_xml = from_nordic(projected.data, brs="BRS-NO-103")
    from_json_ = from_nordic(as_json, brs="BRS-NO-103")
    assert from_json_.data == from_xml.data
    assert_same_xml(from_json_.data, REJECT.read_bytes())
    assert [p.code for p in from_json_.losses] == [p.code for p in from_xml.losses]


def test_our_json_and_datahub3_json_are_told_apart() -> None:
    from elhub_cim.formats.nordic_json import is_nordic_json

    assert not is_nordic_json(to_json(REJECT.read_bytes()))
    assert is_nordic_json(project(REJECT.read_bytes(), format="json").data)
    assert not is_nordic_json(b"{not json")
    assert not is_nordic_json(b'{"Unknown_MarketDocument": {}}')


def test_datahub3_json_errors_name_the_place() -> None:
    from elhub_cim.formats.cimjson import JsonInputError

    body = json.loads(project(REJECT.read_bytes(), format="json").data)
    document = body["RejectRequestChangeOfSupplier_MarketDocument"]
    document["type"] = "E44"  # a code is {"value": ...}
    document["MktActivityRecord"][0]["Reasn"] = []
    document["MktActivityRecord"][0]["marketEvaluationPoint.mRID"]["value"] = 707057500001000024
    with pytest.raises(JsonInputError) as caught:
        nordic_from_json(json.dumps(body).encode())
    problems = {(p.code, p.path) for p in caught.value.problems}
    root = "/RejectRequestChangeOfSupplier_MarketDocument"
    assert problems == {
        ("JSON_TYPE", f"{root}/type"),
        ("JSON_UNKNOWN", f"{root}/MktActivityRecord/Reasn"),
        ("JSON_TYPE", f"{root}/MktActivityRecord/marketEvaluationPoint.mRID/value"),
    }
    assert "did you mean 'Reason'" in str(caught.value)


@pytest.mark.parametrize("key", ["bad key", "a:b", "", "1abc", "xmlns", "xmlns:p", "{urn:x}y"])
def test_a_datahub3_json_member_that_is_no_attribute_name_is_refused_where_it_stands(
    key: str,
) -> None:
    """Beside "value", a value object holds attributes (``codingScheme``, ``unit``): a member
    whose name no attribute can have is refused by name and path. It was a bare ValueError of
    lxml's, or written as a namespace declaration (``xmlns``), which moved the element into
    another namespace and dropped the value without a word."""
    from elhub_cim.formats.cimjson import JsonInputError
    from elhub_cim.formats.nordic import from_nordic

    body = json.loads(project(REJECT.read_bytes(), format="json").data)
    body["RejectRequestChangeOfSupplier_MarketDocument"]["sender_MarketParticipant.mRID"][key] = "A"
    data = json.dumps(body).encode()
    path = "/RejectRequestChangeOfSupplier_MarketDocument/sender_MarketParticipant.mRID"
    for read in (nordic_from_json, lambda d: from_nordic(d, brs="BRS-NO-103")):
        with pytest.raises(JsonInputError) as caught:
            read(data)
        assert [(p.code, p.path) for p in caught.value.problems] == [
            ("JSON_UNKNOWN", f"{path}/{key}")
        ]


def test_datahub3_json_problems_are_listed_up_to_a_hundred() -> None:
    from elhub_cim.formats.cimjson import MAX_PROBLEMS, JsonInputError

    body = json.loads(project(REJECT.read_bytes(), format="json").data)
    for number in range(MAX_PROBLEMS + 50):
        body["RejectRequestChangeOfSupplier_MarketDocument"][f"k{number}"] = 0
    with pytest.raises(JsonInputError) as caught:
        nordic_from_json(json.dumps(body).encode())
    assert len(caught.value.problems) == MAX_PROBLEMS + 1
    assert caught.value.problems[-1].message == "... and 50 more problem(s) not listed"


def test_validate_says_a_nordic_document_is_to_be_converted_in_either_form() -> None:
    # Nordic XML was an unknown namespace with a "did you mean" of the profile's; DataHub 3's
    # JSON was read as CIM JSON, and its Nordic codes gave a screenful of XSD errors.
    projected = project(REJECT.read_bytes())
    for data in (projected.data, nordic_to_json(projected.data)):
        result = elhub_cim.validate(data)
        assert [p.code for p in result.problems] == ["DOC_UNKNOWN"]
        assert "Nordic Ediel document" in result.problems[0].message
        assert "--brs" in result.problems[0].message
        with pytest.raises(elhub_cim.ElhubCimError, match="Nordic Ediel document"):
            elhub_cim.to_domain(data)


def test_section_0_7a_names_every_document_the_json_conformance_covers(reference_dir: Path) -> None:
    """docs/cim-profile.md §0.7a says for which documents DataHub 3's JSON schemas accept ours:
    every Nordic document we extend that DataHub 3 publishes a JSON schema for."""
    documents, _ = _datahub(_datahub_folder(reference_dir), False)
    covered = {
        _nordic_root(entry).removesuffix("_MarketDocument")
        for entry in projection_table().documents.values()
        if _nordic_root(entry) in documents
    }
    page = (PROJECT_ROOT / "docs" / "cim-profile.md").read_text(encoding="utf-8")
    start = page.index("### 0.7a ")
    section = page[start : page.index("\n### ", start + 1)]
    named = {name for name in covered if re.search(rf"\b{name}\b", section)}
    assert named == covered


def _replaced_registry(folder: Path) -> tuple[dict[str, dict[str, Any]], referencing.Registry]:
    """DataHub 3's schemas with our local-extension file *in place of* theirs (not merged), as
    docs/cim-profile.md §14 tells a DataHub 3 user to put it."""
    documents: dict[str, dict[str, Any]] = {}
    resources: list[tuple[str, referencing.Resource[Any]]] = []
    for path in sorted(folder.glob("*.schema.json")):
        schema = _load(path)
        if path.name == LOCAL_EXTENSION:
            schema = {**local_extension_schema(), "$id": schema["$id"]}
        resources.append(
            (
                schema["$id"],
                referencing.Resource.from_contents(
                    schema, default_specification=referencing.jsonschema.DRAFT7
                ),
            )
        )
        for root in schema.get("properties", {}):
            documents[root] = schema
    return documents, referencing.Registry().with_resources(resources)


def test_our_local_extension_file_can_stand_in_place_of_datahub3s(reference_dir: Path) -> None:
    """§14: put beside DataHub 3's schemas in place of theirs, our local-extension file makes
    them accept our local codes. So it defines every local slot ENTSO-E's code lists refer to
    (ours had only the lists with Norwegian codes: DataHub 3's schemas could not resolve the
    others), and our JSON with the additions removed validates with it."""
    folder = _datahub_folder(reference_dir)
    codelists = json.dumps(_load(folder / "urn-entsoe-eu-wgedi-codelists.schema.json"))
    slots = set(re.findall(rf"{re.escape(LOCAL_EXTENSION)}#/definitions/(\w+)", codelists))
    assert slots
    assert slots <= set(local_extension_schema()["definitions"])
    documents, registry = _replaced_registry(folder)
    for example in NORDIC_EXAMPLES:
        body = _without_additions(json.loads(to_json(example.read_bytes())))
        (root,) = body
        if root not in documents:
            continue
        filled = {fill.path for fill in _table_entry(root).fills}
        validator = jsonschema.Draft7Validator(documents[root], registry=registry)
        for error in validator.iter_errors(body):
            missing = str(error.message).split("'")[1] if error.validator == "required" else ""
            where = [str(p) for p in error.absolute_path if not isinstance(p, int)][1:]
            assert "/".join([*where, missing]) in filled, (example.name, error.message)


_NORDIC_REJECT_ROOT = "/RejectRequestChangeOfSupplier_MarketDocument"


@pytest.mark.parametrize(
    ("old", "new", "path"),
    [
        # an attribute of an element with elements below it: no place in a JSON object
        ("<MktActivityRecord>", '<MktActivityRecord status="x">', "/MktActivityRecord"),
        (
            "<RejectRequestChangeOfSupplier_MarketDocument ",
            '<RejectRequestChangeOfSupplier_MarketDocument a="1" ',
            "",
        ),
        # text beside elements
        ("<MktActivityRecord>", "<MktActivityRecord>lost", "/MktActivityRecord"),
        # elements below a value
        ("</createdDateTime>", "<x>lost</x></createdDateTime>", "/createdDateTime"),
        # an element of another namespace, written as the Nordic one of its local name
        ("<createdDateTime>", '<createdDateTime xmlns="urn:q">', "/createdDateTime"),
        # an element the Nordic document does not have: written, then refused by the reader
        ("</createdDateTime>", "</createdDateTime><lost>x</lost>", "/lost"),
        # an attribute of another namespace: written as "{urn:q}a", refused by the reader
        ("<createdDateTime>", '<createdDateTime xmlns:q="urn:q" q:a="1">', "/createdDateTime"),
    ],
)
def test_datahub3_json_is_written_whole_or_refused_naming_the_place(
    old: str, new: str, path: str
) -> None:
    """DataHub 3's JSON of Nordic XML (``nordic_to_json``, public) dropped without a word what it
    could not write: an attribute of an element with elements below it, text beside elements,
    elements below a value; an element of another namespace became the Nordic one of its
    name; an element the Nordic document lacks, or a namespaced attribute, was written as JSON
    its own reader refuses. Each is refused, naming the place; nothing is dropped."""
    from elhub_cim.formats.cimjson import JsonInputError

    nordic_xml = project(REJECT.read_bytes()).data.decode()
    assert old in nordic_xml
    changed = nordic_xml.replace(old, new, 1)
    with pytest.raises(JsonInputError) as caught:
        nordic_to_json(changed.encode())
    assert [(p.code, p.path) for p in caught.value.problems] == [
        ("JSON_UNSUPPORTED", _NORDIC_REJECT_ROOT + path)
    ]
    assert "BIND_FAILED" not in caught.value.problems[0].message


@pytest.mark.parametrize(
    ("old", "new", "path"),
    [
        ("<MktActivityRecord>", '<MktActivityRecord status="x">', "/MktActivityRecord"),
        ("</createdDateTime>", "</createdDateTime>\n<createdDateTime/>", "/createdDateTime[2]"),
    ],
)
def test_datahub3_json_refusals_of_xml_name_the_place_as_xml_errors_do(
    old: str, new: str, path: str
) -> None:
    """``nordic_to_json`` (XML in) named a refused element by the JSON's form, ``[1]`` at every
    array entry and none at a second element of a name that does not repeat
    (``MktActivityRecord[1]`` for the only record, ``createdDateTime`` for the second), and
    with no line, where XML's errors (the lift of the same XML too) say ``MktActivityRecord``
    and ``createdDateTime[2]`` at the element's line. It names them as XML's errors do."""
    from elhub_cim.formats.cimjson import JsonInputError

    nordic_xml = project(REJECT.read_bytes()).data.decode()
    changed = nordic_xml.replace(old, new, 1)
    line = changed[: changed.index(new)].count("\n") + new.count("\n") + 1  # (the element's)
    with pytest.raises(JsonInputError) as caught:
        nordic_to_json(changed.encode())
    problems = [(p.path, p.line) for p in caught.value.problems]
    assert problems == [(_NORDIC_REJECT_ROOT + path, line)]


def test_a_comment_inside_a_value_does_not_cut_its_datahub3_json_short() -> None:
    nordic_xml = project(REJECT.read_bytes()).data.decode()
    start = nordic_xml.index("<mRID>") + len("<mRID>")
    value = nordic_xml[start : nordic_xml.index("</mRID>")]
    commented = (
        nordic_xml[:start]
        + value[:8]
        + "<!-- a note -->"
        + value[8:]
        + nordic_xml[start + len(value) :]
    )
    # (a tree: the safe parse of bytes drops comments before the writer sees them)
    written = json.loads(nordic_to_json(etree.fromstring(commented.encode())))
    assert written["RejectRequestChangeOfSupplier_MarketDocument"]["mRID"] == value


def test_a_datahub3_json_value_of_the_wrong_kind_is_refused_by_its_path() -> None:
    """A value DataHub 3 writes as a number that is none (Nordic XML is not validated: its XSDs
    are not shipped) was refused as "<input>: BIND_FAILED Series/Period/Point/quantity: 'abc' is
    not a JSON number": no path, the value quoted unmasked. It names the point's path."""
    from elhub_cim.formats.cimjson import JsonInputError

    example = PROJECT_ROOT / "examples/cim/NotifyValidatedMeasureData_BRS-NO-324.xml"
    nordic_xml = etree.fromstring(project(example.read_bytes()).data)
    point = [e for e in nordic_xml.iter() if etree.QName(e).localname == "Point"][1]
    quantity = next(e for e in point if etree.QName(e).localname == "quantity")
    quantity.text = "15829012372x"  # (an identity number, mistyped into a quantity)
    with pytest.raises(JsonInputError) as caught:
        nordic_to_json(etree.tostring(nordic_xml))
    (problem,) = caught.value.problems
    assert (problem.code, problem.path) == (
        "JSON_UNSUPPORTED",
        "/NotifyValidatedMeasureData_MarketDocument/Series/Period/Point[2]/quantity",
    )
    assert "15829012372" not in problem.message
    assert "BIND_FAILED" not in problem.message


@pytest.mark.parametrize(
    "root",
    ["NotifyAggregatedMeasureData_MarketDocument", "ReminderOfMissingMeasureData_MarketDocument"],
)
def test_datahub3_json_of_a_document_without_counterpart_is_refused_as_its_xml_is(
    root: str,
) -> None:
    """DataHub 3's JSON of a Nordic document the profile does not extend (its aggregated
    measure data) was refused as "'NotifyAggregatedMeasureData_MarketDocument' is not a CIM
    profile document; did you mean 'NotifyValidatedMeasureData_MarketDocument'?", a rename that
    would be wrong. Its XML says what it is (DOC_UNKNOWN, no counterpart; which Nordic documents
    convert): its JSON says the same, in validate, convert and the Nordic reader."""
    from elhub_cim.formats.cimjson import from_json

    data = json.dumps({root: {"mRID": "x", "type": {"value": "E31"}}}).encode()
    refusals: list[elhub_cim.ElhubCimError] = []
    for read in (
        from_json,
        nordic_from_json,
        lambda d: elhub_cim.convert(d, to="cim", brs="BRS-NO-102"),
    ):
        with pytest.raises(elhub_cim.ElhubCimError) as caught:
            read(data)
        refusals.append(caught.value)
    problems = [e.problems for e in refusals] + [elhub_cim.validate(data).problems]
    for found in problems:
        assert [(p.code, p.path) for p in found] == [("DOC_UNKNOWN", f"/{root}")]
        assert "no counterpart in the CIM profile" in found[0].message
        assert "did you mean" not in found[0].message


def test_the_nordic_documents_without_counterpart_are_those_of_the_reference(
    reference_dir: Path,
) -> None:
    """Every Nordic root of DataHub 3's XSDs lifts into the profile or is listed as having no
    counterpart (``nordic_only`` of the projection table), and no other."""
    roots = {
        match
        for path in (reference_dir / "nordic-ediel-cim" / "opengeh-edi-2025" / "xsd").glob(
            "urn-ediel-org-*.xsd"
        )
        for match in re.findall(r'<xs:element name="(\w+_MarketDocument)"', path.read_text())
    }
    table = projection_table()
    assert table.nordic_only == roots - set(table.nordic_roots())


def test_datahub3_json_over_the_default_size_limit_is_read_as_datahub3_json() -> None:
    """DataHub 3's JSON over 64 MiB (a long metering document), read with a larger limit, was
    told from our CIM JSON under the default limit: over it, it was taken for CIM JSON and
    refused with the XSD's words about its Nordic codes ("'E65' is not an element of the
    set"). It is told under the limit it is read with, and lifts."""
    from elhub_cim.core.safeparse import DEFAULT_MAX_BYTES
    from elhub_cim.formats.read import detect

    data = project(REJECT.read_bytes(), format="json").data
    data += b" " * (DEFAULT_MAX_BYTES + 1 - len(data))  # (JSON's own blanks)
    assert detect(data) == "nordic-ediel-json"
    converted = elhub_cim.convert(data, to="cim", brs="BRS-NO-103", max_bytes=len(data))
    assert_same_xml(converted.data, REJECT.read_bytes())


def test_a_nordic_document_without_its_brs_is_told_which_brs_it_may_be() -> None:
    """A Nordic document (XML or DataHub 3's JSON) lifted without its BRS was told "the Nordic
    code 'E20' does not tell which (E65 is 102, 103 and 123 alike): pass brs=", whatever its
    code, and on the command line, which has --brs, not brs=. It names the BRSs its code may
    be, and both ways to give one. (A code only one process of the document has, such as E20
    in RequestEndOfSupply, gives its BRS: tests/test_nordic_lift_gaps.py.)"""
    example = PROJECT_ROOT / "examples/cim/RequestChangeOfSupplier_BRS-NO-102.xml"
    projected = project(example.read_bytes(), format="json").data
    with pytest.raises(elhub_cim.ElhubCimError) as caught:
        elhub_cim.convert(projected, to="cim")
    (message,) = [p.message for p in caught.value.problems if "process" in p.message]
    assert "'E65'" in message
    assert "E20" not in message
    assert "BRS-NO-102, BRS-NO-103, BRS-NO-123" in message
    assert "--brs" in message


def test_datahub3_json_of_a_profile_document_says_to_project_it_first() -> None:
    """``nordic_to_json`` given the profile document instead of its Nordic projection said
    "'RequestChangeOfSupplier_MarketDocument' is not a Nordic Ediel document the profile extends
    (known: ..., RequestChangeOfSupplier_MarketDocument, ...)": a contradiction. It says the
    document is the profile's, in its namespace, and how to write its Nordic JSON."""
    from elhub_cim.formats.cimjson import JsonInputError

    with pytest.raises(JsonInputError) as caught:
        nordic_to_json(REJECT.read_bytes())
    (problem,) = caught.value.problems
    assert "not a Nordic Ediel document the profile extends" not in problem.message
    assert "urn:x-elhub-cim:profile" in problem.message
    assert 'format="json"' in problem.message


@pytest.mark.parametrize("brs", ["BRS-NO-102", "BRS-NO-201"])
def test_a_nordic_document_with_a_brs_of_another_process_is_told_which_it_may_be(
    brs: str,
) -> None:
    """A Nordic document lifted with a BRS its process type is not was told "BRS-NO-102 is not
    the Nordic process type 'D32' (its code NO102 projects to None)". It names the BRSs the
    process type is that of."""
    example = PROJECT_ROOT / "examples/cim/NotifyWholesaleServices_BRS-NO-503.xml"
    projected = project(example.read_bytes(), format="json").data
    with pytest.raises(elhub_cim.ElhubCimError) as caught:
        elhub_cim.convert(projected, to="cim", brs=brs, allow_loss=True)
    (message,) = [p.message for p in caught.value.problems if brs in p.message]
    assert "None" not in message
    assert "BRS-NO-503" in message


def test_a_nordic_value_that_is_no_xsd_number_is_refused_in_the_xsds_words() -> None:
    """A quantity ``1e5`` in Nordic XML was refused as "'1e5' is not a JSON number", which it is;
    what it is not is a decimal as the Nordic XSD writes one (no exponent)."""
    from elhub_cim.formats.cimjson import JsonInputError

    example = PROJECT_ROOT / "examples/cim/NotifyValidatedMeasureData_BRS-NO-324.xml"
    nordic_xml = etree.fromstring(project(example.read_bytes()).data)
    quantity = next(e for e in nordic_xml.iter() if etree.QName(e).localname == "quantity")
    quantity.text = "1e5"
    with pytest.raises(JsonInputError) as caught:
        nordic_to_json(nordic_xml)
    (problem,) = caught.value.problems
    assert "not a JSON number" not in problem.message
    assert "xs:decimal" in problem.message
