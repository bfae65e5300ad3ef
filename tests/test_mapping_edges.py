"""The mapping engine at its edges: ``xsi:`` attributes are not data, and a domain value that
no row of a table carries is reported as a loss, never dropped."""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from elhub_cim import ElhubCimError
from elhub_cim.convert import convert, mapping_for_model, to_domain
from elhub_cim.mapping import ReadResult, build_tree, read_tree
from elhub_cim.mapping.rules import ConversionOptions
from elhub_cim.mapping.tables import CompiledGroup, DocumentMapping, Side
from tests.conftest import PROJECT_ROOT

XSI = "http://www.w3.org/2001/XMLSchema-instance"
EBIX = PROJECT_ROOT / "examples" / "ebix"
CIM = PROJECT_ROOT / "examples" / "cim"

EBIX_CASES = [
    ("RequestStartOfSupply-move-in.xml", "Header", "abie:Elhub_HeaderType"),
    ("RequestEndOfSupply-move-out.xml", "Header", "abie:Elhub_HeaderType"),
    ("NotifyMeteringPointCharacteristics.xml", "Header", "abie:Elhub_HeaderType"),
]
CIM_CASES = [
    ("RequestChangeOfSupplier_BRS-NO-102.xml", "MktActivityRecord", "MktActivityRecord"),
    ("RequestEndOfSupply_BRS-NO-201.xml", "MktActivityRecord", "MktActivityRecord"),
]


def _with_xsi(path: Path, element: str, type_name: str) -> bytes:
    """The example with ``xsi:schemaLocation`` on its root and ``xsi:type`` (the element's own
    declared type, so the document stays valid) on its first ``element``."""
    root = etree.parse(str(path)).getroot()
    namespace = etree.QName(root).namespace
    text = etree.tostring(root, encoding="unicode")
    open_tag = re.match(r"<[^>]+?(?=/?>)", text)
    assert open_tag is not None
    declared = (
        f' xmlns:xsi="{XSI}" xsi:schemaLocation="{namespace} {path.stem}.xsd"'
        if "xmlns:xsi=" not in open_tag[0]
        else ""
    )
    text = open_tag[0] + declared + text[open_tag.end() :]
    text = re.sub(rf"<((?:\w+:)?{element})>", rf'<\1 xsi:type="{type_name}">', text, count=1)
    assert "xsi:type" in text
    return text.encode()


@pytest.mark.parametrize(
    ("folder", "name", "element", "type_name", "to"),
    [(EBIX, *case, "cim") for case in EBIX_CASES] + [(CIM, *case, "ebix") for case in CIM_CASES],
    ids=lambda v: v if isinstance(v, str) and v.endswith(".xml") else "",
)
def test_xsi_attributes_are_not_data(
    folder: Path, name: str, element: str, type_name: str, to: str
) -> None:
    path = folder / name
    plain = convert(path, to=to)  # type: ignore[arg-type]
    decorated = convert(_with_xsi(path, element, type_name), to=to)  # type: ignore[arg-type]
    assert decorated.losses == ()
    assert decorated.data == plain.data
    assert decorated.document == plain.document


def test_a_foreign_attribute_is_still_a_loss() -> None:
    """Only the ``xsi:`` namespace is passed over: another attribute the table does not map is
    reported, before or after an ``xsi:`` one (read directly: the XSD would refuse it first)."""
    path = EBIX / "RequestStartOfSupply-move-in.xml"
    model = to_domain(path)
    mapping = mapping_for_model(type(model))
    attributes = [("{urn:example:other}note", "x"), (f"{{{XSI}}}type", "abie:Elhub_HeaderType")]
    for order in (attributes, attributes[::-1]):
        root = etree.parse(str(path)).getroot()
        header = root[0]
        root.insert(0, etree.Comment(" a comment first: not data, and no end of the check "))
        for name, value in order:
            header.set(name, value)
        result = read_tree(mapping, "ebix", root)
        assert result.losses == [
            (
                "/RequestStartOfSupply/Header/@{urn:example:other}note",
                "attribute has no place in the mapping",
            )
        ]


# --- a table that forgets a row ----------------------------------------------------------------


def _forgetful(mapping: DocumentMapping, domain: tuple[str, ...]) -> DocumentMapping:
    return dataclasses.replace(mapping, root=_drop(mapping.root, domain))


def _drop(group: CompiledGroup, domain: tuple[str, ...]) -> CompiledGroup:
    """``group`` without the row or group for ``domain`` (relative to ``group``)."""
    fields = tuple(f for f in group.fields if f.domain != domain)
    groups = []
    for sub in group.groups:
        if sub.domain == domain:
            continue
        if sub.domain and domain[: len(sub.domain)] == sub.domain:
            sub = _drop(sub, domain[len(sub.domain) :])
        groups.append(sub)
    return dataclasses.replace(group, fields=fields, groups=tuple(groups))


@pytest.mark.parametrize(
    ("example", "domain"),
    [
        ("RequestStartOfSupply-move-in.xml", ("start",)),
        ("RequestStartOfSupply-move-in.xml", ("metering_point",)),
        ("RequestEndOfSupply-move-out.xml", ("end",)),
        # a field of a part (the header) that no row names
        ("RequestEndOfSupply-move-out.xml", ("header", "process")),
        # a field of a group that is no list: named without an index
        ("RequestStartOfSupply-move-in.xml", ("customer", "name")),
    ],
)
@pytest.mark.parametrize("side", ["ebix", "cim"])
def test_a_table_that_omits_a_domain_row_reports_the_value_as_lost(
    example: str, domain: tuple[str, ...], side: str
) -> None:
    model = to_domain(EBIX / example)
    mapping = mapping_for_model(type(model))
    full = build_tree(mapping, side, model)  # type: ignore[arg-type]
    assert full.losses == []
    built = build_tree(_forgetful(mapping, domain), side, model)  # type: ignore[arg-type]
    assert (".".join(domain), f"no row maps it to {side}") in built.losses


def test_a_group_the_table_omits_is_reported_as_lost() -> None:
    model = to_domain(EBIX / "RequestStartOfSupply-move-in.xml")
    mapping = mapping_for_model(type(model))
    groups = [g.domain for g in mapping.root.groups if getattr(model, g.domain[0], None)]
    assert groups, "the example fills at least one group"
    for domain in groups:
        built = build_tree(_forgetful(mapping, domain), "cim", model)
        assert (".".join(domain), "no row maps it to cim") in built.losses


# --- where the engine says a refused value is ---------------------------------------------------


def _edited(name: str, line: int, old: str, new: str) -> bytes:
    """The CIM example with ``old`` replaced on line ``line`` (so every line stays where it is)."""
    lines = (CIM / name).read_text(encoding="utf-8").splitlines(keepends=True)
    assert old in lines[line - 1]
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    return "".join(lines).encode()


_UPFRONT = "UpfrontAccountingPointCharacteristics_BRS-NO-611.xml"
_UPFRONT_ROOT = "/UpfrontAccountingPointCharacteristics_MarketDocument"


@pytest.mark.parametrize(
    ("line", "old", "new", "message", "path"),
    [
        (
            69,
            "50YTESTGRIDAREAX",
            "EIC-Y1",
            "metering_points.1.grid_area: String should have at least 16 characters",
            f"{_UPFRONT_ROOT}/MktActivityRecord[2]/MarketEvaluationPoint/meteringGridArea_Domain.mRID",
        ),
        (
            26,
            "50YTESTGRIDAREAX",
            "EIC-Y1",
            "metering_points.0.grid_area: String should have at least 16 characters",
            f"{_UPFRONT_ROOT}/MktActivityRecord[1]/MarketEvaluationPoint/meteringGridArea_Domain.mRID",
        ),
        (
            9,
            ">7080010000002<",
            ">ELHUB<",
            "header.sender: must be 13 digits (a GLN)",
            f"{_UPFRONT_ROOT}/sender_MarketParticipant.mRID",
        ),
    ],
)
def test_a_value_the_domain_model_refuses_is_named_at_its_line_and_path(
    line: int, old: str, new: str, message: str, path: str
) -> None:
    with pytest.raises(ElhubCimError) as raised:
        to_domain(_edited(_UPFRONT, line, old, new), name="x.xml")
    first = raised.value.problems[0]
    assert (first.code, first.message, first.file, first.line, first.path) == (
        "DOMAIN_INVALID",
        message,
        "x.xml",
        line,
        path,
    )


def test_a_value_copied_from_another_field_is_named_where_that_field_was_read() -> None:
    """CIM has no physical sender when it is the sender: the domain copies the sender, so a
    sender the model refuses is refused twice, and both problems point at the sender."""
    with pytest.raises(ElhubCimError) as raised:
        to_domain(_edited(_UPFRONT, 9, ">7080010000002<", ">ELHUB<"), name="x.xml")
    where = (9, f"{_UPFRONT_ROOT}/sender_MarketParticipant.mRID")
    assert [(p.code, p.message, p.line, p.path) for p in raised.value.problems] == [
        ("DOMAIN_INVALID", "header.sender: must be 13 digits (a GLN)", *where),
        ("DOMAIN_INVALID", "header.physical_sender: must be 13 digits (a GLN)", *where),
    ]


def test_a_code_without_translation_is_named_at_its_line_and_path() -> None:
    data = _edited("Acknowledgement_BRS-NO-611.xml", 15, "A02", "E18")
    with pytest.raises(ElhubCimError) as raised:
        to_domain(data, name="x.xml")
    assert [(p.code, p.message, p.file, p.line, p.path) for p in raised.value.problems] == [
        (
            "CONVERT_CODE",
            "code 'E18' has no translation in code table 'acknowledgement_status'",
            "x.xml",
            15,
            "/Acknowledgement_MarketDocument/Reason/code",
        )
    ]


# --- placement conditions relative to the item ---------------------------------------------------


def _relative_conditions(mapping: DocumentMapping) -> DocumentMapping:
    """The table with the placement conditions of the top-level groups written relative to
    their parent item (``./x``), which for a top-level group is the document itself."""

    def relative(conditions: dict[str, str | None]) -> dict[str, str | None]:
        return {side: None if c is None else f"./{c}" for side, c in conditions.items()}

    groups = tuple(
        dataclasses.replace(g, when=relative(g.when), unless=relative(g.unless))  # type: ignore[arg-type]
        for g in mapping.root.groups
    )
    return dataclasses.replace(mapping, root=dataclasses.replace(mapping.root, groups=groups))


@pytest.mark.parametrize(
    "example", [CIM / "Acknowledgement_BRS-NO-611.xml", EBIX / "Acknowledgement-rejected.xml"]
)
def test_placement_conditions_relative_to_the_item_read_and_write_alike(example: Path) -> None:
    """The acknowledgement's reasons go to one CIM element or another by whether the document
    answers a payload (``cim_when``/``cim_unless``): the same conditions written relative to
    the parent item (here the document) place them the same, reading and writing."""
    model = to_domain(example)
    mapping = mapping_for_model(type(model))
    relative = _relative_conditions(mapping)
    conditions = [c for g in relative.root.groups for c in (*g.when.values(), *g.unless.values())]
    assert any(c and c.startswith("./") for c in conditions)
    built = build_tree(mapping, "cim", model)
    again = build_tree(relative, "cim", model)
    assert etree.tostring(again.root) == etree.tostring(built.root)
    assert again.losses == built.losses == []
    assert (
        read_tree(relative, "cim", built.root).values
        == read_tree(mapping, "cim", built.root).values
    )


def test_a_constant_attribute_that_differs_is_a_loss_named_by_its_attribute() -> None:
    """ebIX writes the code list of a business process as listAgencyIdentifier 89: any other
    value is not carried, and the loss names the attribute itself."""
    path = EBIX / "RequestStartOfSupply-move-in.xml"
    model = to_domain(path)
    root = etree.parse(str(path)).getroot()
    (process,) = [e for e in root.iter() if etree.QName(e).localname == "EnergyBusinessProcess"]
    assert process.get("listAgencyIdentifier") == "89"
    process.set("listAgencyIdentifier", "260")
    result = read_tree(mapping_for_model(type(model)), "ebix", root)
    assert result.losses == [
        (
            "/RequestStartOfSupply/ProcessEnergyContext/EnergyBusinessProcess/@listAgencyIdentifier",
            "expected '89', found '260'",
        )
    ]


def test_a_value_missing_from_its_code_table_is_a_loss_not_a_crash() -> None:
    """A value the code table does not list at all (here a process no table knows, put into
    the model without validation) has no code on either side: reported as lost."""
    model = to_domain(EBIX / "RequestStartOfSupply-move-in.xml")
    header = model.header.model_copy(update={"process": "BRS-NO-999"})
    odd = model.model_copy(update={"header": header})
    for side in ("cim", "ebix"):
        built = build_tree(mapping_for_model(type(model)), side, odd)
        assert ("header.process", f"value 'BRS-NO-999' has no {side} code") in built.losses


def _conditions_met_by_nothing(mapping: DocumentMapping) -> DocumentMapping:
    """The table with every ``cim_when`` of the top-level groups naming a field no document
    has: the group that should take the value then has no place, and its partner (``unless``
    the real field) none either."""
    groups = tuple(
        dataclasses.replace(
            g, when={side: None if c is None else "no_such_field" for side, c in g.when.items()}
        )
        for g in mapping.root.groups
    )
    return dataclasses.replace(mapping, root=dataclasses.replace(mapping.root, groups=groups))


def test_a_group_its_placement_conditions_put_nowhere_is_a_loss_named_by_its_field() -> None:
    """The acknowledgement's reasons go under the original record when the document answers a
    payload, else on the document: with conditions that place them neither way, writing the
    reasons is a loss named ``reasons``, not a message without them; reading, the reason
    elements are left over and reported."""
    model = to_domain(CIM / "Acknowledgement_BRS-NO-611.xml")
    assert model.reasons  # type: ignore[attr-defined]
    mapping = mapping_for_model(type(model))
    odd = _conditions_met_by_nothing(mapping)
    assert build_tree(mapping, "cim", model).losses == []
    built = build_tree(odd, "cim", model)
    assert built.losses == [
        ("reasons", "the table's placement conditions give it no cim place here")
    ]
    assert not [e for e in built.root.iter() if "EH015" in (e.text or "")]
    real = build_tree(mapping, "cim", model).root
    read = read_tree(odd, "cim", real)
    assert "reasons" not in read.values
    assert [why for path, why in read.losses if path.endswith("/Reason/code")] == [
        "element has no place in the mapping"
    ]


# --- what the writer says about values the target cannot carry ---------------------------------


def _with_text(path: Path, local: str, value: str, nth: int = 0) -> bytes:
    """The example with the ``nth`` element named ``local`` set to ``value``."""
    root = etree.parse(str(path)).getroot()
    found = [e for e in root.iter(etree.Element) if etree.QName(e).localname == local]
    found[nth].text = value
    return etree.tostring(root)


_NO_CIM_301 = "(allowed: NO101, NO102, NO103, NO104, NO123, NO201, NO211, NO305)"


@pytest.mark.parametrize(
    ("source", "local", "nth", "value", "to", "loss"),
    [
        # a reason code of ESMP that EMIF's reason list lacks, in a list of plain values two
        # elements deep (PayloadResponseEvent/ResponseReasonType): more than eight allowed
        (
            CIM / "Acknowledgement_BRS-NO-611.xml",
            "code",
            1,
            "A01",
            "ebix",
            (
                "reasons[0]",
                "the ebix schema does not allow 'A01' here (allowed: E09, EH001, EH002, EH003,"
                " EH004, EH005, EH006, EH007, ...)",
            ),
        ),
        # a process the CIM document does not serve: its code table translates it (NO301),
        # and exactly eight codes are allowed
        (
            EBIX / "NotifyEndOfSupply.xml",
            "EnergyBusinessProcess",
            0,
            "BRS-NO-301",
            "cim",
            (
                "header.process",
                f"the cim schema does not allow 'BRS-NO-301' (code 'NO301') here {_NO_CIM_301}",
            ),
        ),
        # nine codes allowed (Nordic AccountingPointCharacteristics): eight shown, and "..."
        (
            EBIX / "NotifyMeteringPointCharacteristics.xml",
            "EnergyBusinessProcess",
            0,
            "BRS-NO-301",
            "cim",
            (
                "header.process",
                "the cim schema does not allow 'BRS-NO-301' (code 'NO301') here (allowed: NO101,"
                " NO102, NO103, NO104, NO123, NO201, NO211, NO305, ...)",
            ),
        ),
        # the code is the domain value itself: named once
        (
            CIM / "Acknowledgement_BRS-NO-611.xml",
            "received_MarketDocument.process.processType",
            0,
            "NO624",
            "ebix",
            (
                "header.process",
                "the ebix schema does not allow 'BRS-NO-624' here (allowed: BRS-NO-101,"
                " BRS-NO-102, BRS-NO-103, BRS-NO-104, BRS-NO-111, BRS-NO-121, BRS-NO-122,"
                " BRS-NO-123, ...)",
            ),
        ),
    ],
    ids=["nested-list", "translated-eight", "translated-nine", "untranslated"],
)
def test_a_code_the_target_schema_lacks_is_a_loss_naming_the_field_and_the_allowed_codes(
    source: Path, local: str, nth: int, value: str, to: str, loss: tuple[str, str]
) -> None:
    model = to_domain(_with_text(source, local, value, nth))
    mapping = mapping_for_model(type(model))
    built = build_tree(mapping, to, model)  # type: ignore[arg-type]
    assert built.losses == [loss]
    assert built.no_form == []
    assert value not in etree.tostring(built.root).decode()
    # only the refused value is left out: every other value of the example is still written
    plain = build_tree(mapping, to, to_domain(source))  # type: ignore[arg-type]
    missing = _leaves(plain.root) - _leaves(built.root)
    assert sum(missing.values()) == 1, missing


def _texts(pair: tuple[str | bytes, str | bytes]) -> tuple[str, str]:
    return str(pair[0]), str(pair[1])


def _leaves(root: etree._Element) -> Counter[tuple[str, str | None, tuple[tuple[str, str], ...]]]:
    """Every element without children: its name, its text and its attributes."""
    return Counter(
        (etree.QName(e).localname, e.text, tuple(sorted(map(_texts, e.attrib.items()))))
        for e in root.iter(etree.Element)
        if len(e) == 0
    )


def _without_path(group: CompiledGroup, domain: tuple[str, ...], side: Side) -> CompiledGroup:
    """``group`` with the ``side`` path of every row for ``domain`` (relative) taken away."""
    fields = tuple(
        dataclasses.replace(f, paths={**f.paths, side: None}) if f.domain == domain else f
        for f in group.fields
    )
    groups = tuple(
        _without_path(g, domain[len(g.domain) :], side)
        if g.domain and domain[: len(g.domain)] == g.domain
        else g
        for g in group.groups
    )
    return dataclasses.replace(group, fields=fields, groups=groups)


def test_a_value_whose_row_has_no_place_on_the_target_is_a_loss() -> None:
    """A row that names the value but has no path on the target side, with no other row to
    carry it: the value is lost, by name (a header field, and each item of a list of plain
    values)."""
    model = to_domain(CIM / "Acknowledgement_BRS-NO-611.xml")
    mapping = mapping_for_model(type(model))
    header = dataclasses.replace(
        mapping, root=_without_path(mapping.root, ("header", "process"), "ebix")
    )
    assert build_tree(header, "ebix", model).losses == [
        ("header.process", "ebix has no place for it")
    ]
    reasons = mapping.root
    groups = tuple(
        _without_path(g, (), "cim") if g.domain == ("reasons",) else g for g in reasons.groups
    )
    plain = dataclasses.replace(mapping, root=dataclasses.replace(reasons, groups=groups))
    assert build_tree(plain, "cim", model).losses == [("reasons[0]", "cim has no place for it")]


def test_a_document_type_the_message_does_not_have_is_a_loss_named_by_its_field() -> None:
    model = to_domain(EBIX / "RequestStartOfSupply-move-in.xml")
    header = model.header.model_copy(update={"document_type": "999"})
    odd = model.model_copy(update={"header": header})
    built = build_tree(mapping_for_model(type(model)), "cim", odd)
    assert built.losses == [
        (
            "header.document_type",
            "document type '999': this EMIF message has '392', the CIM document '392'"
            " (profile matrix)",
        )
    ]


@pytest.mark.parametrize(
    ("example", "sender_role", "receiver_role"),
    [
        (CIM / "UpfrontAccountingPointCharacteristics_BRS-NO-611.xml", "DDZ", "DDQ"),
        (CIM / "RequestChangeOfSupplier_BRS-NO-102.xml", "DDQ", "DDZ"),
        (EBIX / "ConfirmStartOfSupply.xml", "DDZ", None),
        (EBIX / "RequestStartOfSupply-move-in.xml", None, "DDZ"),
    ],
    ids=lambda v: v.name if isinstance(v, Path) else str(v),
)
def test_a_document_from_or_to_elhub_puts_elhub_on_its_side_whatever_elhubs_gln(
    example: Path, sender_role: str | None, receiver_role: str | None
) -> None:
    """A document that only goes one way names Elhub's side by its direction: with no GLN known
    to be Elhub's, the CIM roles and the values read are the same (only acknowledgements, which
    go both ways, need the GLN)."""
    model = to_domain(example)
    mapping = mapping_for_model(type(model))
    unknown = ConversionOptions(elhub_glns=frozenset())
    built = build_tree(mapping, "cim", model)
    blind = build_tree(mapping, "cim", model, unknown)
    assert etree.tostring(blind.root) == etree.tostring(built.root)
    assert blind.losses == built.losses == []
    roles = {etree.QName(e).localname: e.text for e in built.root if "marketRole" in str(e.tag)}
    expected = {
        "sender_MarketParticipant.marketRole.type": sender_role or model.header.role.value,
        "receiver_MarketParticipant.marketRole.type": receiver_role or model.header.role.value,
    }
    assert roles == expected
    side: Side = "ebix" if example.parent == EBIX else "cim"
    root = etree.parse(str(example)).getroot()
    assert read_tree(mapping, side, root, unknown).values == read_tree(mapping, side, root).values


def test_roles_that_put_elhub_on_the_wrong_side_of_a_request_are_a_loss() -> None:
    """A request goes to Elhub: its receiver is Elhub (DDZ) whatever the roles say, so a
    request that names the sender DDZ and the receiver DDQ loses the receiver's role."""
    path = CIM / "RequestChangeOfSupplier_BRS-NO-102.xml"
    model = to_domain(path)
    root = etree.parse(str(path)).getroot()
    roles = {etree.QName(e).localname: e for e in root if "marketRole" in str(e.tag)}
    roles["sender_MarketParticipant.marketRole.type"].text = "DDZ"
    roles["receiver_MarketParticipant.marketRole.type"].text = "DDQ"
    result = read_tree(mapping_for_model(type(model)), "cim", root)
    assert result.losses == [
        (
            "/RequestChangeOfSupplier_MarketDocument/receiver_MarketParticipant.marketRole.type",
            "Elhub's role must be DDZ, found 'DDQ'",
        )
    ]


def test_a_domain_location_is_found_at_its_element_or_the_nearest_enclosing_one() -> None:
    """Where a value the domain model refuses came from: its own element, else the nearest
    element around it that was read (a field the document lacks, a list index past its end);
    in a tree built in memory the path without a line."""
    path = CIM / _UPFRONT
    model = to_domain(path)
    mapping = mapping_for_model(type(model))
    read = read_tree(mapping, "cim", etree.parse(str(path)).getroot())
    first, second = f"{_UPFRONT_ROOT}/MktActivityRecord[1]", f"{_UPFRONT_ROOT}/MktActivityRecord[2]"
    grid = "/MarketEvaluationPoint/meteringGridArea_Domain.mRID"
    assert read.locate(("metering_points", 0, "grid_area")) == (first + grid, 26)
    assert read.locate(("header", "sender")) == (
        f"{_UPFRONT_ROOT}/sender_MarketParticipant.mRID",
        9,
    )
    assert read.locate(("metering_points", 0, "no_such_field")) == (first, 14)
    assert read.locate(("metering_points", 1, "no_such_field", 2)) == (second, 59)
    assert read.locate(("metering_points", 1)) == (second, 59)
    assert read.locate(("metering_points", 7, "grid_area")) == (None, None)
    assert read.locate(("no_such_field",)) == (None, None)
    built = read_tree(mapping, "cim", build_tree(mapping, "cim", model).root)
    assert built.locate(("metering_points", 0, "grid_area")) == (first + grid, None)


# --- whitespace: what the source XSD collapses, and what it keeps -------------------------------


def _read_edited(path: Path, edit: Callable[[etree._Element], None]) -> ReadResult:
    model = to_domain(path)
    root = etree.parse(str(path)).getroot()
    edit(root)
    side: Side = "ebix" if path.parent == EBIX else "cim"
    return read_tree(mapping_for_model(type(model)), side, root)


def _first(root: etree._Element, local: str) -> etree._Element:
    return next(e for e in root.iter(etree.Element) if etree.QName(e).localname == local)


def test_codes_dates_and_attributes_padded_with_whitespace_read_as_the_xsd_reads_them() -> None:
    """A code (NMTOKEN), a date-time and an attribute the XSD collapses are read without their
    padding: the same values as the plain document, nothing lost."""
    path = CIM / "AccountingPointCharacteristics_BRS-NO-102.xml"
    plain = _read_edited(path, lambda root: None)

    def pad(root: etree._Element) -> None:
        _first(root, "connectionState").text = " E22\n "
        _first(root, "createdDateTime").text = "\n" + (_first(root, "createdDateTime").text or "")
        sender = _first(root, "sender_MarketParticipant.mRID")
        sender.set("codingScheme", " A10 ")

    padded = _read_edited(path, pad)
    assert (padded.losses, padded.errors) == ([], [])
    assert padded.values == plain.values


def test_free_text_keeps_its_whitespace_when_read() -> None:
    path = EBIX / "RequestStartOfSupply-move-in.xml"
    name = "  Bakeri  Ærfuglen AS "

    def pad(root: etree._Element) -> None:
        _first(root, "Name").text = name

    read = _read_edited(path, pad)
    assert read.losses == []
    assert read.values["customer"]["name"] == name


_APC = CIM / "AccountingPointCharacteristics_BRS-NO-102.xml"


def _apc_with(old: bytes, new: str) -> bytes:
    data = _APC.read_bytes()
    edited = data.replace(old, f">{new}<".encode(), 1)
    assert edited != data or f">{new}<".encode() == old
    return edited


@pytest.mark.parametrize("written", ["14500.", "+14500.", "014500.", "14500.0"])
def test_a_whole_decimal_with_a_trailing_point_reads_as_the_number(written: str) -> None:
    """``14500.`` is an xs:decimal lexical form of 14500, as ``14500.0`` is: the estimated annual
    volume (an int in the domain) reads as 14500, not refused, and converts as ``14500`` does,
    through the read plans and through the engine alike."""
    from elhub_cim import validate
    from elhub_cim.mapping import compiled

    expected = convert(_APC, to="ebix").data
    data = _apc_with(b">14500<", written)
    for plans in (True, False):
        saved = compiled.enabled
        compiled.enabled = plans
        try:
            assert validate(data).problems == []
            assert convert(data, to="ebix").data == expected
        finally:
            compiled.enabled = saved
    edit = _first_text("estimatedAnnualVolume_Quantity.quantity", written)
    read = _read_edited(_APC, edit)
    assert (read.losses, read.errors) == ([], [])
    volume = to_domain(data).metering_points[0].estimated_annual_volume  # type: ignore[attr-defined]
    assert volume.total_kwh == 14500


@pytest.mark.parametrize(("written", "same_as"), [("1.", "1"), (".50", "0.50"), ("+.5", "+0.5")])
def test_a_decimal_with_a_dangling_point_reads_as_the_number_written_in_full(
    written: str, same_as: str
) -> None:
    """A decimal the domain keeps as written (a fee) reads ``1.`` as ``1``, ``.50`` as ``0.50``."""
    expected = convert(_apc_with(b">1.00<", same_as), to="ebix", allow_loss=True)
    found = convert(_apc_with(b">1.00<", written), to="ebix", allow_loss=True)
    assert found.data == expected.data


@given(st.from_regex(r"[+-]?([0-9]{1,6}(\.[0-9]{0,3})?|\.[0-9]{1,3})", fullmatch=True))
def test_a_decimal_written_in_full_is_the_same_number_with_the_same_exponent(text: str) -> None:
    """Every xs:decimal lexical form: ``decimal_text`` keeps the number and its exponent (the
    digits a Decimal keeps), and writes no point without a digit on either side."""
    from decimal import Decimal

    from elhub_cim.mapping.reading import decimal_text

    full = decimal_text(text)
    assert Decimal(full).as_tuple() == Decimal(text).as_tuple()
    assert not full.endswith(".")
    assert not full.lstrip("+-").startswith(".")
    if Decimal(text) == Decimal(text).to_integral_value() and "." not in text.rstrip("."):
        assert int(full) == int(Decimal(text))


def _first_text(local: str, text: str) -> Callable[[etree._Element], None]:
    def edit(root: etree._Element) -> None:
        _first(root, local).text = text

    return edit


# --- a code written as no element (EMIF Resolution N: a CIM Channel without resolution) --------


def _with_resolutions(*codes: str) -> bytes:
    root = etree.parse(str(EBIX / "NotifyMeteringPointCharacteristics.xml")).getroot()
    found = [e for e in root.iter(etree.Element) if etree.QName(e).localname == "Resolution"]
    for element, code in zip(found, codes, strict=False):
        element.text = code
    return etree.tostring(root)


def test_a_code_that_means_no_element_is_written_as_none_and_read_back() -> None:
    """N (no fixed resolution) is a CIM Channel without ``resolution``; read back, the missing
    element is N again."""
    model = to_domain(_with_resolutions("N"))
    mapping = mapping_for_model(type(model))
    built = build_tree(mapping, "cim", model)
    assert (built.losses, built.no_form) == ([], [])
    channels = [e for e in built.root.iter(etree.Element) if etree.QName(e).localname == "Channel"]
    kept = [[etree.QName(c).localname for c in ch] for ch in channels]
    assert [names.count("resolution") for names in kept] == [0, 1, 1]
    read = read_tree(mapping, "cim", built.root)
    assert read.losses == []
    points = read.values["metering_points"]
    assert [d["resolution"] for d in points[0]["measurement_definitions"]][:1] == ["N"]


def test_a_value_that_would_read_as_another_when_left_out_has_no_form() -> None:
    """PT5M has no CIM code, and leaving it out would say N: not a loss one may allow, a value
    the target cannot carry at all."""
    model = to_domain(_with_resolutions("PT5M"))
    built = build_tree(mapping_for_model(type(model)), "cim", model)
    assert built.losses == []
    assert built.no_form == [
        (
            "metering_points[0].measurement_definitions[0].resolution",
            "value 'PT5M' has no cim code, and no element there means 'N': it cannot be left out",
        )
    ]


# --- a value a rule copies from another field, inside a repeated group ---------------------------


def _copying(mapping: DocumentMapping, rules: dict[tuple[str, ...], str]) -> DocumentMapping:
    """The table with the CIM rules of the metering points' rows in ``rules`` replaced."""
    group = mapping.root.groups[0]
    assert group.domain == ("metering_points",)
    fields = tuple(
        dataclasses.replace(f, rules={**f.rules, "cim": rules[f.domain]})
        if f.domain in rules
        else f
        for f in group.fields
    )
    groups = (dataclasses.replace(group, fields=fields), *mapping.root.groups[1:])
    return dataclasses.replace(mapping, root=dataclasses.replace(mapping.root, groups=groups))


def test_a_value_copied_in_a_repeated_group_is_located_where_its_source_was_read() -> None:
    """A copy rule (``omit_if_same``) inside a list item, from a field of the same item
    (``./x``) and from a field of the document: the copied value is the source's text, and a
    problem with it is found at the source's element, not at the item around it."""
    path = CIM / _UPFRONT
    mapping = _copying(
        mapping_for_model(type(to_domain(path))),
        {
            ("grid_area",): "omit_if_same:./metering_point",
            ("grid_access_provider",): "omit_if_same:header.sender",
        },
    )
    root = etree.parse(str(path)).getroot()
    point = _first(root, "MarketEvaluationPoint")  # the first record's
    for local in (
        "meteringGridArea_Domain.mRID",
        "meteringPointResponsible_MarketParticipant.mRID",
    ):
        point.remove(_first(point, local))
    read = read_tree(mapping, "cim", root)
    first, second = read.values["metering_points"]
    assert (first["grid_area"], first["grid_access_provider"]) == (
        "707057500001000031",
        "7080010000002",
    )
    # the second record keeps its own elements
    assert (second["grid_area"], second["grid_access_provider"]) == (
        "50YTESTGRIDAREAX",
        "7080030004042",
    )
    record = f"{_UPFRONT_ROOT}/MktActivityRecord[1]"
    assert read.locate(("metering_points", 0, "grid_area")) == (
        f"{record}/MarketEvaluationPoint/mRID",
        19,
    )
    assert read.locate(("metering_points", 0, "grid_access_provider")) == (
        f"{_UPFRONT_ROOT}/sender_MarketParticipant.mRID",
        9,
    )


def test_a_problem_with_no_element_behind_it_is_named_by_its_row_or_by_no_path() -> None:
    """A rule that finds its element missing reports the loss under the table row that reads
    it; a rule's value its code table lacks, with no element behind it, is an error with no
    path and no line (not a crash)."""
    path = CIM / _UPFRONT
    mapping = mapping_for_model(type(to_domain(path)))
    # the document type's row given a code table that lacks its value (E07)
    fields = tuple(
        dataclasses.replace(f, codes="acknowledgement_status")
        if f.domain == ("header", "document_type")
        else f
        for f in mapping.root.fields
    )
    mapping = dataclasses.replace(mapping, root=dataclasses.replace(mapping.root, fields=fields))
    root = etree.parse(str(path)).getroot()
    for local in ("sender_MarketParticipant.marketRole.type", "type"):
        root.remove(_first(root, local))
    read = read_tree(mapping, "cim", root)
    role_row = next(f.source for f in mapping.root.fields if f.rules["cim"] == "party_role:sender")
    assert read.losses == [(role_row, "Elhub's role must be DDZ, found None")]
    assert read.errors == [
        ("", "code 'E07' has no translation in code table 'acknowledgement_status'")
    ]
    assert read.error_lines == {}
    assert read.values["header"]["document_type"] == "E07"


@pytest.mark.parametrize("side", ["ebix", "cim"])
def test_a_group_with_no_path_on_the_target_is_a_loss_named_by_the_group(side: Side) -> None:
    """A group (a part, and a list) that the table places nowhere on the target side, with no
    other group to carry it: the whole value is lost, by the group's name."""
    model = to_domain(EBIX / "RequestStartOfSupply-move-in.xml")
    mapping = mapping_for_model(type(model))
    for group in mapping.root.groups:
        assert getattr(model, group.domain[0]), "the example fills every group"
        groups = tuple(
            dataclasses.replace(g, paths={**g.paths, side: None}) if g is group else g
            for g in mapping.root.groups
        )
        pathless = dataclasses.replace(
            mapping, root=dataclasses.replace(mapping.root, groups=groups)
        )
        built = build_tree(pathless, side, model)
        assert built.losses == [(".".join(group.domain), f"{side} has no place for it")]


def test_a_constant_attribute_is_written_as_given_even_empty() -> None:
    """A table's constant for an attribute is written as it stands: ``A10``, and an empty
    constant as an empty attribute (a table may give one), never some other text."""
    model = to_domain(EBIX / "RequestStartOfSupply-move-in.xml")
    mapping = mapping_for_model(type(model))
    sender = "sender_MarketParticipant.mRID/@codingScheme"
    row = next(f for f in mapping.root.fields if (p := f.paths["cim"]) and p.text == sender)
    namespace = mapping.message_types["cim"].namespace
    element = f"{{{namespace}}}sender_MarketParticipant.mRID"
    for constant in ("A10", ""):
        fields = tuple(
            dataclasses.replace(f, values={**f.values, "cim": constant}) if f is row else f
            for f in mapping.root.fields
        )
        table = dataclasses.replace(mapping, root=dataclasses.replace(mapping.root, fields=fields))
        built = build_tree(table, "cim", model)
        assert built.losses == []
        written = built.root.find(element)
        assert written is not None
        assert written.get("codingScheme") == constant


def test_the_writer_uses_each_standards_own_prefixes() -> None:
    """EMIF documents are written with Elhub's prefixes (``rsm:`` for the message, ``abie:``
    for the common entities), CIM documents with ``cim:``: the same text as Elhub's and the
    profile's own examples use, so that outputs read and compare as theirs do."""
    ebix_model = to_domain(CIM / "RequestChangeOfSupplier_BRS-NO-102.xml")
    mapping = mapping_for_model(type(ebix_model))
    ebix = build_tree(mapping, "ebix", ebix_model).root
    ebix_namespace = mapping.message_types["ebix"].namespace
    assert ebix.nsmap == {
        "rsm": ebix_namespace,
        "abie": "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2",
    }
    text = etree.tostring(ebix).decode()
    assert text.startswith("<rsm:RequestStartOfSupply ")
    assert "<abie:Identification>" in text
    cim = build_tree(mapping, "cim", ebix_model).root
    assert cim.nsmap == {"cim": mapping.message_types["cim"].namespace}
    assert etree.tostring(cim).decode().startswith("<cim:RequestChangeOfSupplier_MarketDocument ")


def test_a_refused_code_is_an_error_naming_the_field_and_the_reason_never_the_number() -> None:
    """A foreign identity number (CIM scheme Z01) has no form in the domain: reading it is an
    error at the scheme attribute, with the code table's reason, and the number is not in it."""
    number = "15829012372"
    data = _edited(
        "AccountingPointCharacteristics_BRS-NO-102.xml",
        65,
        'codingScheme="ARR"',
        'codingScheme="Z01"',
    )
    assert number.encode() in data
    mapping = mapping_for_model(
        type(to_domain(CIM / "AccountingPointCharacteristics_BRS-NO-102.xml"))
    )
    read = read_tree(mapping, "cim", etree.fromstring(data))
    where = (
        "/AccountingPointCharacteristics_MarketDocument/MktActivityRecord[1]/MarketEvaluationPoint"
        "/firstCustomer_MarketParticipant.mRID/@codingScheme"
    )
    assert [path for path, _ in read.errors] == [where]
    assert read.error_lines == {where: 65}
    why = read.errors[0][1]
    assert why.startswith("code 'Z01' is a personal identity number of another country")
    assert number not in why


def test_a_group_on_its_parents_element_is_read_when_any_row_found_its_text() -> None:
    """A group with no element of its own (the upfront request's end user, on the document)
    is read when one of its rows found a text, a row with a rule as much as a plain one."""
    path = CIM / "RequestUpfrontAccountingPointCharacteristics_BRS-NO-611.xml"
    mapping = mapping_for_model(type(to_domain(path)))
    root = etree.parse(str(path)).getroot()
    plain = read_tree(mapping, "cim", root).values["end_user"]
    assert set(plain) == {"value", "scheme"}
    group = mapping.root.groups[0]
    assert group.domain == ("end_user",)
    assert group.paths["cim"] is not None
    assert not group.paths["cim"].steps
    # every row read through a rule (a copy that applies only when its text is absent)
    fields = tuple(
        dataclasses.replace(f, rules={**f.rules, "cim": "omit_if_same:header.sender"})
        for f in group.fields
    )
    groups = (dataclasses.replace(group, fields=fields), *mapping.root.groups[1:])
    ruled = dataclasses.replace(mapping, root=dataclasses.replace(mapping.root, groups=groups))
    assert read_tree(ruled, "cim", root).values["end_user"] == plain


def test_an_empty_element_reads_as_the_empty_text() -> None:
    """An element with no text (free text may be empty) reads as ``""``: the value is there,
    and empty."""
    path = CIM / _UPFRONT
    mapping = mapping_for_model(type(to_domain(path)))
    root = etree.parse(str(path)).getroot()
    description = _first(root, "description")
    assert description.text == "Butikklokale"
    description.text = None
    read = read_tree(mapping, "cim", root)
    assert read.values["metering_points"][0]["details"]["description"] == ""
    assert read.losses == []


def test_a_code_written_as_no_element_reads_as_its_value_in_a_list_of_plain_values() -> None:
    """A code table's value written as no element (EMIF Resolution N: ``absent = "cim"``) reads
    back from a missing element as that value, also as an item of a list of plain values (the
    acknowledgement's reasons, given that code table here)."""
    path = CIM / "Acknowledgement_BRS-NO-611.xml"
    mapping = mapping_for_model(type(to_domain(path)))
    root = etree.parse(str(path)).getroot()
    assert read_tree(mapping, "cim", root).values["reasons"] == ["EH015"]
    group = mapping.root.groups[0]
    assert (group.domain, group.many, group.fields[0].domain) == (("reasons",), True, ())
    row = dataclasses.replace(group.fields[0], codes="measurement_resolution")
    groups = (dataclasses.replace(group, fields=(row, *group.fields[1:])), *mapping.root.groups[1:])
    table = dataclasses.replace(mapping, root=dataclasses.replace(mapping.root, groups=groups))
    code = root.find("{*}Original_MktActivityRecord/{*}Reason/{*}code")
    assert code is not None
    code.getparent().remove(code)  # type: ignore[union-attr]
    read = read_tree(table, "cim", root)
    assert read.values["reasons"] == ["N"]
    assert (read.losses, read.errors) == ([], [])


def test_a_part_is_located_at_its_own_element_and_an_empty_one_is_read_as_empty() -> None:
    """A part of a list item (a metering point's address): a field it lacks is located at the
    part's own element, not at the item around it; a part element with nothing in it is read
    as an empty part, and is no loss."""
    path = CIM / _UPFRONT
    mapping = mapping_for_model(type(to_domain(path)))
    root = etree.parse(str(path)).getroot()
    address = (
        f"{_UPFRONT_ROOT}/MktActivityRecord[1]/MarketEvaluationPoint/usagePointLocation.mainAddress"
    )
    read = read_tree(mapping, "cim", root)
    assert read.locate(("metering_points", 0, "metering_point_address", "no_such_field")) == (
        address,
        35,
    )
    main = _first(root, "usagePointLocation.mainAddress")
    for child in list(main):
        main.remove(child)
    emptied = read_tree(mapping, "cim", root)
    assert emptied.values["metering_points"][0]["metering_point_address"] == {}
    assert emptied.losses == []


def test_an_acknowledgement_finds_elhubs_side_by_its_cim_role_without_knowing_the_gln() -> None:
    """An acknowledgement goes both ways: read from CIM, Elhub's side is the one whose role is
    DDZ, so nothing is lost and the same values are read when no GLN is known to be Elhub's."""
    path = CIM / "Acknowledgement_BRS-NO-611.xml"
    mapping = mapping_for_model(type(to_domain(path)))
    root = etree.parse(str(path)).getroot()
    unknown = ConversionOptions(elhub_glns=frozenset())
    blind = read_tree(mapping, "cim", root, unknown)
    assert blind.losses == []
    assert blind.values == read_tree(mapping, "cim", root).values
    assert blind.values["header"]["role"] == "QRY"  # the other party's role


def test_a_record_id_that_is_not_the_derived_one_has_no_place_in_emif() -> None:
    """A CIM record mRID other than the derived one (UUID v5 of the document mRID and the
    position) has no EMIF field to go to: a loss at the mRID, quoting the value."""
    own = "11111111-2222-4333-8444-555555555555"
    name = "RequestChangeOfSupplier_BRS-NO-102.xml"
    data = _edited(name, 18, "4d106806-c3f6-5c57-b68a-bafded4acac6", own)
    mapping = mapping_for_model(type(to_domain(CIM / name)))
    assert read_tree(mapping, "cim", etree.parse(str(CIM / name)).getroot()).losses == []
    read = read_tree(mapping, "cim", etree.fromstring(data))
    assert read.losses == [
        (
            "/RequestChangeOfSupplier_MarketDocument/MktActivityRecord/mRID",
            f"value {own!r} cannot be carried (the other standard has no place)",
        )
    ]


def test_a_value_a_rule_gives_is_translated_by_the_rows_code_table() -> None:
    """A value that comes from a rule rather than from the element's text (here a marker's
    fixed value, ``present:A02``) is translated by the row's code table just as a text read
    from the element is: the acknowledgement's A02 is the domain's "rejected"."""
    path = CIM / "Acknowledgement_BRS-NO-611.xml"
    mapping = mapping_for_model(type(to_domain(path)))
    root = etree.parse(str(path)).getroot()
    assert read_tree(mapping, "cim", root).values["status"] == "rejected"
    fields = tuple(
        dataclasses.replace(f, rules={**f.rules, "cim": "present:A02"})
        if f.domain == ("status",)
        else f
        for f in mapping.root.fields
    )
    table = dataclasses.replace(mapping, root=dataclasses.replace(mapping.root, fields=fields))
    read = read_tree(table, "cim", root)
    assert (read.values["status"], read.errors, read.losses) == ("rejected", [], [])


def test_a_domain_value_is_written_by_its_type_whatever_types_came_before() -> None:
    """``to_text`` picks its way of writing by exact type, once per type: a bool before int,
    an enum (of str or of int) by its value, a Decimal (and a subclass) without exponent."""
    import enum
    from decimal import Decimal

    from elhub_cim.mapping.rules import to_text

    class Colour(enum.Enum):
        RED = "E01"

    class Level(enum.IntEnum):
        HIGH = 3

    class Code(str, enum.Enum):  # noqa: UP042 (not StrEnum: its str() is not its value)
        METERED = "E01"

    class Money(Decimal):
        pass

    class Named(str):
        def __str__(self) -> str:
            return "named"

    cases: list[tuple[object, str]] = [
        (True, "true"),
        (False, "false"),
        (5, "5"),
        (Level.HIGH, "3"),
        (Colour.RED, "E01"),
        (Code.METERED, "E01"),
        (Decimal("1E+3"), "1000"),
        (Decimal("1.500"), "1.500"),
        (Money("2E-2"), "0.02"),
        ("plain", "plain"),
        (Named("x"), "named"),
    ]
    # In both orders, then again: the first value of a type must not decide for another type.
    for ordered in (cases, cases[::-1], cases):
        assert [to_text(value) for value, _ in ordered] == [text for _, text in ordered]


@pytest.mark.parametrize("allow_loss", [False, True])
@pytest.mark.parametrize("to", ["cim", "ebix"])
@pytest.mark.parametrize("character", ["\x01", chr(0xD800), "\uffff"], ids=repr)
def test_a_domain_string_xml_cannot_hold_is_refused_by_name(
    character: str, to: str, allow_loss: bool
) -> None:
    """A caller's domain object may hold any Python string; one that XML cannot hold is refused
    by the field's name, loss allowed or not (it was a bare ValueError or UnicodeEncodeError
    of lxml's, on the compiled path and in the engine)."""
    from elhub_cim.convert import from_domain
    from elhub_cim.domain.supply import StartOfSupplyRequest

    document = to_domain(PROJECT_ROOT / "examples/ebix/RequestStartOfSupply-move-in.xml")
    assert isinstance(document, StartOfSupplyRequest)
    assert document.customer is not None
    customer = document.customer.model_copy(update={"name": f"Bakeri{character}"})
    with pytest.raises(ElhubCimError) as refused:
        from_domain(
            document.model_copy(update={"customer": customer}),
            to=to,  # type: ignore[arg-type]
            allow_loss=allow_loss,
        )
    (problem,) = refused.value.problems
    assert problem.code == "CONVERT_UNSUPPORTED"
    assert problem.path == "customer.name"
    assert f"U+{ord(character):04X} cannot be written in XML" in problem.message


@pytest.mark.parametrize(
    "inside",
    [etree.Comment(" checked "), etree.ProcessingInstruction("audit", "ok")],
    ids=["comment", "processing-instruction"],
)
def test_a_callers_tree_is_read_whole_around_comments_and_processing_instructions(
    inside: etree._Element,
) -> None:
    """A parsed document made or changed by the caller may hold comments and processing
    instructions, which the safe parse leaves out: inside an element they split its text
    (``.text`` holds only the part before them). Read as ``convert`` reads the same tree (its
    bytes parsed again): the whole value (``to_domain`` read a name silently short, and a
    metering point's first part alone as an invalid value)."""
    import copy

    from elhub_cim import parse
    from elhub_cim.convert import domain_problems
    from elhub_cim.pipeline import check

    document = parse(PROJECT_ROOT / "examples/ebix/NotifyCustomerInformation.xml")
    name = next(e for e in document.root.iter() if e.text == "Bakeri Ærfuglen og Konditori AS")
    name.text = "Bakeri"
    name.append(copy.copy(inside))
    name[0].tail = " Ærfuglen og Konditori AS"
    read = to_domain(document)
    assert read == to_domain(document.tree_bytes())
    assert read.customer.name == "Bakeri Ærfuglen og Konditori AS"  # type: ignore[attr-defined]
    assert name.text == "Bakeri"  # (the caller's tree is not changed)
    assert len(name) == 1
    # A value split so that its first part alone is no value of the domain's: no problem.
    point = next(e for e in document.root.iter() if e.text == "707057500421739658")
    point.text = "7070575004"
    point.append(copy.copy(inside))
    point[0].tail = "21739658"
    assert domain_problems(*check(document)) == []
    assert to_domain(document) == to_domain(document.tree_bytes())


@pytest.mark.parametrize("allow_loss", [False, True])
@pytest.mark.parametrize("compiled_plans", [True, False], ids=["compiled", "engine"])
def test_a_record_id_derived_from_a_document_id_that_is_no_uuid_is_refused_by_name(
    allow_loss: bool, compiled_plans: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A caller's domain object (``model_copy`` validates nothing) may hold a document id that is
    no UUID; the CIM records without an id of their own have one derived from it (R2), which
    cannot be: refused by the record's name, on the compiled path and in the engine alike (it
    was a bare ``ValueError`` of ``uuid``'s)."""
    from elhub_cim.convert import from_domain
    from elhub_cim.mapping import compiled

    monkeypatch.setattr(compiled, "enabled", compiled_plans)
    document = to_domain(EBIX / "ConfirmEndOfSupply.xml")
    header = document.header.model_copy(update={"document_id": "not-a-uuid"})
    with pytest.raises(ElhubCimError) as refused:
        from_domain(document.model_copy(update={"header": header}), to="cim", allow_loss=allow_loss)
    found = [(p.code, p.path) for p in refused.value.problems]
    assert found == [("CONVERT_UNSUPPORTED", "MktActivityRecord/mRID")], found
    (problem,) = refused.value.problems
    assert "header.document_id" in problem.message
    assert "not-a-uuid" not in problem.message
