"""docs/cim-profile.md's hand-written tables agree with the profile's XSDs.

§0.1 (the document matrix: each document's `type` and processes) and §0.2 (each local process
code and the documents that carry it) are prose tables the work groups read; the XSDs decide.
The generated sections of the page are held by tests/test_minimise.py
(tools/build_profile_docs.py).
"""

from __future__ import annotations

import re

from lxml import etree

from tests.conftest import PROJECT_ROOT

PAGE = (PROJECT_ROOT / "docs" / "cim-profile.md").read_text(encoding="utf-8")
PROFILE = PROJECT_ROOT / "schemas" / "cim" / "elhub-profile-0.2"
XS = {"xs": "http://www.w3.org/2001/XMLSchema"}


def _section(title: str) -> str:
    start = PAGE.index(f"### {title}")
    return PAGE[start : PAGE.index("\n### ", start + 1)]


def _rows(section: str) -> list[list[str]]:
    rows = [line.strip("|").split("|") for line in section.splitlines() if line.startswith("| ")]
    return [[cell.strip() for cell in row] for row in rows[1:]]  # without the heading


def _schemas() -> dict[str, tuple[list[str], set[str]]]:
    """Root element → (its document types, its processes), read from every 0.2 XSD."""
    found: dict[str, tuple[list[str], set[str]]] = {}
    for path in PROFILE.glob("*.xsd"):
        tree = etree.parse(str(path))

        def values(xpath: str, tree: etree._ElementTree = tree) -> list[str]:
            hits = tree.xpath(xpath, namespaces=XS)
            assert isinstance(hits, list)
            return [str(value) for value in hits]

        roots = values("/xs:schema/xs:element/@name")
        if not roots:
            continue
        (root,) = roots
        kinds = "//xs:simpleType[@name='{}']//xs:enumeration/@value"
        types = values(kinds.format("DocumentKind_String"))
        processes = set(values(kinds.format("ProcessKind_String")))
        found[root] = (types, processes)
    return found


def _matrix() -> dict[int, list[str]]:
    return {int(row[0]): row for row in _rows(_section("0.1 The document matrix"))}


def _root(row: list[str]) -> str:
    return row[1].split()[0] + "_MarketDocument"


def _processes(number: int, matrix: dict[int, list[str]]) -> set[str]:
    cell = matrix[number][4]
    codes: set[str] = set()
    for same, first, last, code in re.findall(r"as (\d+)|NO(\d+)–NO(\d+)|(NO\d+)", cell):
        if same:
            codes |= _processes(int(same), matrix)
        elif first:
            codes |= {f"NO{n}" for n in range(int(first), int(last) + 1)}
        else:
            codes.add(code)
    return codes


def test_the_matrix_names_every_documents_type_and_processes() -> None:
    schemas = _schemas()
    matrix = _matrix()
    assert {_root(row) for row in matrix.values()} == set(schemas)
    for number, row in matrix.items():
        types, processes = schemas[_root(row)]
        if _root(row) == "Acknowledgement_MarketDocument":
            continue  # no type element (always 294); any process
        assert [row[3].split()[0]] == types, row
        assert _processes(number, matrix) == processes, row


def test_each_local_process_code_names_the_documents_that_carry_it() -> None:
    schemas = _schemas()
    number_of = {_root(row): number for number, row in _matrix().items()}
    rows = [
        row
        for row in _rows(_section("0.2 Norwegian processes are codes"))
        if re.fullmatch(r"NO\d+", row[0])  # not the row of the processes only acknowledged
    ]
    assert {row[0] for row in rows} == set().union(*(codes for _, codes in schemas.values()))
    for row in rows:
        named: set[int] = set()
        for first, last in re.findall(r"(\d+)(?:–(\d+))?", row[2]):
            named |= set(range(int(first), int(last or first) + 1))
        carrying = {number_of[root] for root, (_, codes) in schemas.items() if row[0] in codes}
        assert named - {number_of["Acknowledgement_MarketDocument"]} == carrying, row[0]


def test_every_local_process_code_is_carried_by_the_acknowledgement() -> None:
    """The acknowledgement (document 16) carries any process (its received process type is any
    code; it goes either way, §0.1): §0.2 named it for 301-315, 324, 332, 503, 601, 602, 611, 622
    and 701 and not for 101-104, 123, 201, 211, 305 and 624, as if those could not be
    acknowledged."""
    number_of = {_root(row): number for number, row in _matrix().items()}
    acknowledgement = str(number_of["Acknowledgement_MarketDocument"])
    rows = _rows(_section("0.2 Norwegian processes are codes"))
    assert len(rows) > 20
    missing = [row[0] for row in rows if acknowledgement not in re.findall(r"\d+", row[2])]
    assert missing == []


def test_a_process_with_a_mapping_table_is_not_defined_as_outside_the_profile() -> None:
    """The definitions in local-extension-types.xsd are what §0.2 calls "full text in the XSD"."""
    tree = etree.parse(str(PROFILE / "local-extension-types.xsd"))
    mapped = {
        p.stem.removeprefix("brs-no-") for p in (PROJECT_ROOT / "mappings").glob("brs-no-*.toml")
    }
    for brs in mapped:
        texts = tree.xpath(
            f"//xs:enumeration[@value='NO{brs}']//xs:documentation/text()", namespaces=XS
        )
        assert isinstance(texts, list)
        assert len(texts) == 1, brs
        text = texts[0]
        assert "outside profile" not in str(text), brs


MAPPING_PAGES = sorted((PROJECT_ROOT / "docs" / "mappings").glob("*.md"))


def _declared_elements() -> set[str]:
    names: set[str] = set()
    for path in PROFILE.glob("*.xsd"):
        hits = etree.parse(str(path)).xpath("//xs:element/@name", namespaces=XS)
        assert isinstance(hits, list)
        names |= {str(name) for name in hits}
    return names


def test_mapping_pages_name_only_profile_elements_and_local_process_codes() -> None:
    """The prose of the mapping pages (notes of mappings/*.toml) speaks of 0.2 documents: an
    element it names exists in a 0.2 XSD (0.2 has no process.mRID: the BRS is the local process
    code, §0.2), and a "process type" it names is a local NO code (the ENTSO-E code is the Nordic
    projection's)."""
    declared = _declared_elements()
    for page in MAPPING_PAGES:
        prose = "\n".join(
            line
            for line in page.read_text(encoding="utf-8").splitlines()
            if not line.startswith("|")
        )
        named = set(re.findall(r"\b[A-Za-z_]+(?:\.[A-Za-z_]+)*\.(?:mRID|processType)\b", prose))
        assert named <= declared, (page.name, sorted(named - declared))
        for code in re.findall(r"[Pp]rocess type \(?([A-Z][A-Z0-9]{2,4})\b", prose):
            assert re.fullmatch(r"NO\d{3}", code), (page.name, code)


def test_projection_fills_state_when_they_apply() -> None:
    """§10 says, for each fill of the projection table, what the projection does: a fill with a
    condition (`when_path`) names it and the refusal otherwise; one whose condition never holds
    (no values) is no fill at all, only a refusal (PROJECTION_REQUIRED)."""
    from elhub_cim.formats.nordic import projection_table

    section = PAGE[PAGE.index("## 10. Nordic projections") : PAGE.index("## 11. ")]
    for name, table in projection_table().documents.items():
        start = section.index(f"#### {name} → Nordic")
        end = section.find("\n#### ", start + 1)
        part = section[start : end if end > 0 else len(section)]
        for fill in table.fills:
            (line,) = [ln for ln in part.splitlines() if f"`{fill.path}`" in ln and "absent" in ln]
            if fill.when_path is None:
                assert line.startswith("Filled when absent"), line
                continue
            assert "PROJECTION_REQUIRED" in line, line
            if not fill.when_values:
                assert not line.startswith("Filled"), line
            for value in fill.when_values:
                assert f"`{value}`" in line, line


def test_projection_drops_of_incomplete_groups_are_listed_in_section_10() -> None:
    """§10 lists what the projection loses; a group the Nordic document cannot hold without some
    of its parts (the table's `complete`: a profiled Series without points) is dropped whole, so
    it is listed there with the parts it needs."""
    from elhub_cim.formats.nordic import projection_table

    section = PAGE[PAGE.index("## 10. Nordic projections") : PAGE.index("## 11. ")]
    for name, table in projection_table().documents.items():
        start = section.index(f"#### {name} → Nordic")
        end = section.find("\n#### ", start + 1)
        part = section[start : end if end > 0 else len(section)]
        for group, needed in table.complete.items():
            (line,) = [ln for ln in part.splitlines() if ln.startswith(f"Dropped whole: `{group}`")]
            assert "PROJECTION_DROPPED" in line, line
            for path in needed:
                assert f"`{path}`" in line, (name, path)


def test_the_profile_readme_names_its_own_folder_and_version() -> None:
    """The 0.2 schemas README's versioning rule names the 0.2 folder, as its namespaces end in
    :0:2 (it said elhub-profile-0.1)."""
    text = (PROFILE / "README.md").read_text(encoding="utf-8")
    versioning = text[text.index("## Versioning") :]
    assert re.findall(r"`elhub-profile-(\d+\.\d+)`", versioning) == ["0.2"]
    assert "`:0:2`" in versioning


def test_mapping_pages_name_the_profile_version_of_their_documents() -> None:
    """A mapping page says "CIM profile X.Y" only for the version its CIM documents are in (the
    namespaces it lists end in :0:2; pages said "not mapped in CIM profile 0.1")."""
    for page in MAPPING_PAGES:
        text = page.read_text(encoding="utf-8")
        versions = {
            f"{major}.{minor}"
            for major, minor in re.findall(r"urn:x-elhub-cim:[\w:]+?:(\d+):(\d+)`", text)
        }
        named = set(re.findall(r"CIM profile (\d+\.\d+)", text))
        assert named <= versions, (page.name, named, versions)


def test_section_13_describes_the_lift_of_profile_0_2() -> None:
    """§13 (Nordic projection in practice) is 0.2's: the lift writes the BRS as the local process
    code in process.processType; no 0.2 XSD has process.mRID (it said the BRS went there)."""
    start = PAGE.index("## 13. ")
    section = PAGE[start : PAGE.index("\n## ", start + 1)]
    assert "process.mRID" not in section


def test_section_10_says_what_a_map_rule_does_with_codes_it_has_no_target_for() -> None:
    """A map rule drops a listed code without a target, or refuses the document when the table
    says refuse_unmapped (the measure documents' roles: QRY, AG, ... cannot be written as a
    Nordic role); §10's row said "dropped" for both."""
    from elhub_cim.formats.nordic import projection_table

    section = PAGE[PAGE.index("## 10. Nordic projections") : PAGE.index("## 11. ")]
    for rule in projection_table().rules.values():
        if rule.action != "map" or len(rule.values) <= len(rule.mapping):
            continue
        (row,) = [ln for ln in section.splitlines() if ln.startswith(f"| `{rule.name}` |")]
        expected = "refused" if rule.refuse_unmapped else "dropped"
        assert re.search(rf"other \d+ codes: {expected}\)", row), row
