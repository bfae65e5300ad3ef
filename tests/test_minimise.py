"""Personal data by receiving role: for every document Elhub sends and every receiving role of the
policy (``mappings/receiving-roles.toml``), nothing outside the policy survives, in either standard,
and what the policy allows is kept unchanged.

The allowed element paths of each standard are derived from the mapping tables (the one place
that says where each domain field is written), so the property holds for the XML a recipient
actually gets, not only for the domain object.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree
from pydantic import BaseModel

from elhub_cim.cli import main
from elhub_cim.convert import convert, from_domain, mapping_for_model, to_domain
from elhub_cim.core.errors import ElhubCimError, Severity
from elhub_cim.domain import BusinessDocument, EndOfSupplyNotification, Role, UpfrontResponse
from elhub_cim.mapping import document_mappings
from elhub_cim.mapping.tables import CompiledGroup, CompiledPath
from elhub_cim.minimise import (
    ANY,
    PolicyError,
    RoleRule,
    default_policy,
    field_paths,
    load_policy,
    minimise,
    minimise_report,
    policy_file,
)
from tests import strategies
from tests.test_billing import notifications as billing_notifications
from tests.test_lookup import PROPERTY, responses
from tests.test_metering_request import requests as collected_data_requests
from tests.test_queries import elhub_inquiry_responses, grid_inquiries, grid_inquiry_responses
from tests.test_reconciliation import notifications as reconciliation_notifications
from tests.test_shared_production_messages import notifications as shared_notifications
from tests.test_third_party import notifications as third_party_notifications

PROJECT = Path(__file__).resolve().parents[1]
EXAMPLES = PROJECT / "examples" / "ebix"
RESPONSE = EXAMPLES / "ResponseUpfrontMeteringPointCharacteristics.xml"
END_OF_SUPPLY = EXAMPLES / "NotifyEndOfSupply.xml"

#: document (mapping name) → strategy of domain documents, for every document Elhub sends
SENT_BY_ELHUB: dict[str, st.SearchStrategy[Any]] = {
    **{
        name: strategy
        for name, strategy in strategies.DOCUMENTS.items()
        if document_mappings()[name].model_direction != "to_elhub"
    },
    "upfront_response": responses(max_size=4),
    "third_party_access": third_party_notifications,
    "shared_production_notification": shared_notifications(),
    "elhub_inquiry_response": elhub_inquiry_responses(),
    "grid_access_provider_inquiry": grid_inquiries(),
    "grid_access_provider_inquiry_response": grid_inquiry_responses(),
    "reconciliation_notification": reconciliation_notifications(),
    "collected_data_request": collected_data_requests(),
    "validated_data_for_billing": billing_notifications(max_points=24),
}


# --- where each domain field is written ---------------------------------------------------------


def _join(prefix: str, path: CompiledPath | None) -> str | None:
    if path is None:
        return None
    if not path.steps:
        return prefix
    text = "/".join(s.child.name for s in path.element_steps)
    return f"{prefix}/{text}" if prefix and text else (prefix or text)


def element_paths(document: str, side: str) -> dict[str, set[str]]:
    """Leaf element path (relative to the root, no indexes) → domain paths written there."""
    found: dict[str, set[str]] = {}

    def walk(group: CompiledGroup, prefix: str, domain: str) -> None:
        for row in group.fields:
            where = _join(prefix, row.paths[side])  # type: ignore[index]
            if where is None:
                continue
            name = ".".join(filter(None, [domain, ".".join(row.domain)]))
            found.setdefault(where, set()).add(name)
        for sub in group.groups:
            where = _join(prefix, sub.paths[side])  # type: ignore[index]
            if where is not None:
                name = ".".join(filter(None, [domain, ".".join(sub.domain)]))
                found.setdefault(where, set()).add(name)  # an empty container is a leaf too
                walk(sub, where, name)

    walk(document_mappings()[document].root, "", "")
    return found


def allowed(domain: str, rule: RoleRule) -> bool:
    """Is a domain path (of a mapping row) delivered under ``rule``? Rows without a domain field
    (fixed values, derived ids) and the header always are."""
    if not domain or domain == "header" or domain.startswith("header."):
        return True
    parts = domain.split(".")
    for end in range(1, len(parts) + 1):
        decision = rule.decide(".".join(parts[:end]))
        if decision != "split":
            return decision == "keep"
    return True  # a container of kept fields


def leaf_paths(data: bytes) -> set[str]:
    root = etree.fromstring(data)
    paths = set()
    for element in root.iter():
        if not isinstance(element.tag, str) or len(element):
            continue
        steps = []
        node: etree._Element | None = element
        while node is not None and node is not root:
            steps.append(etree.QName(node).localname)
            node = node.getparent()
        paths.add("/".join(reversed(steps)))
    return paths


def assert_only_allowed(data: bytes, document: str, side: str, rule: RoleRule) -> None:
    where = element_paths(document, side)
    for path in leaf_paths(data):
        domains = where.get(path)
        assert domains is not None, f"{side}: {path} is not written by any mapping row"
        assert any(allowed(d, rule) for d in domains), f"{side}: {path} ({domains}) leaked"


# --- the same in the domain ---------------------------------------------------------------------


def values_at(obj: Any, path: str) -> list[Any]:
    """Every value at a dotted domain path, lists crossed."""
    current = [obj]
    for part in path.split("."):
        found: list[Any] = []
        for item in current:
            value = getattr(item, part, None) if isinstance(item, BaseModel) else None
            if isinstance(value, list):
                found += value
            elif value is not None:
                found.append(value)
        current = found
    return current


def assert_policy_holds(before: BusinessDocument, after: BusinessDocument, rule: RoleRule) -> None:
    assert after.header == before.header
    for path in field_paths(type(before)):
        if path.startswith("header"):
            continue
        decision = rule.decide(path)
        if decision == "keep":
            assert values_at(after, path) == values_at(before, path), f"{path} changed"
        elif decision == "drop":
            assert values_at(after, path) == [], f"{path} survived"


def roles_of(document: str) -> list[str]:
    rows = default_policy().documents[document]
    return [Role.BALANCE_SUPPLIER.value if row == ANY else row for row in rows.rules]


# --- properties ---------------------------------------------------------------------------------


def test_every_document_elhub_sends_has_a_policy_row() -> None:
    """A new notification or response must say what each receiving role gets."""
    sent = {
        name
        for name, mapping in document_mappings().items()
        if mapping.model_direction != "to_elhub"
    }
    missing = sorted(sent - set(default_policy().documents))
    assert not missing, f"add these documents to {policy_file().name}: {missing}"
    assert set(SENT_BY_ELHUB) == sent, "add a strategy for the new document to SENT_BY_ELHUB"


@PROPERTY
@given(st.data())
@pytest.mark.parametrize("document", sorted(SENT_BY_ELHUB))
def test_nothing_outside_the_policy_survives_in_either_standard(
    document: str, data: st.DataObject
) -> None:
    original = data.draw(SENT_BY_ELHUB[document])
    rows = default_policy().documents[document]
    for role in roles_of(document):
        result = minimise_report(original, role)
        name, rule = rows.rule_for(role)
        assert result.role == name
        assert_policy_holds(original, result.document, rule)
        # every removed (non-empty) field is reported, by path, never by value
        reported = {p.path for p in result.removed}
        assert all(p.code == "MINIMISED" and p.severity is Severity.WARNING for p in result.removed)
        if rule.everything:
            assert result.document is original
            assert not reported
        for side in ("ebix", "cim"):
            if side not in mapping_for_model(type(original)).message_types:
                continue
            if (
                side == "ebix"
                and isinstance(result.document, EndOfSupplyNotification)
                and result.document.customer is None
            ):
                # Only EMIF's NotifyEndOfSupply requires what a recipient may not get.
                with pytest.raises(ElhubCimError) as refused:
                    from_domain(result.document, side)
                assert [p.message.split(" (")[0] for p in refused.value.problems] == [
                    "NotifyEndOfSupply requires customer",
                    "NotifyEndOfSupply requires customer_addresses",
                ]  # one problem per field EMIF requires
                continue
            xml = from_domain(result.document, side)
            assert_only_allowed(xml, document, side, rule)
            assert to_domain(xml) == result.document
            if side == "ebix" and "cim" in mapping_for_model(type(original)).message_types:
                cim = convert(xml, to="cim").data
                assert_only_allowed(cim, document, "cim", rule)


def test_the_leak_check_would_see_a_leak() -> None:
    notification = to_domain(END_OF_SUPPLY)
    rule = default_policy().documents["end_of_supply_notification"].rules["previous_supplier"]
    with pytest.raises(AssertionError, match="leaked"):
        assert_only_allowed(
            from_domain(notification, "cim"), "end_of_supply_notification", "cim", rule
        )
    with pytest.raises(AssertionError, match="survived"):
        assert_policy_holds(notification, notification, rule)


# --- the matrix in examples ---------------------------------------------------------------------


def test_the_previous_supplier_gets_the_metering_point_and_the_date_only() -> None:
    notification = to_domain(END_OF_SUPPLY)
    assert isinstance(notification, EndOfSupplyNotification)
    assert notification.customer is not None
    assert notification.customer_addresses
    result = minimise_report(notification, "previous_supplier")
    small = result.document
    assert isinstance(small, EndOfSupplyNotification)
    assert (small.end, small.metering_point) == (notification.end, notification.metering_point)
    assert small.customer is None
    assert small.customer_addresses == []
    assert small.reason is None
    assert {p.path for p in result.removed} == {"customer", "customer_addresses", "reason"}
    cim = from_domain(small, "cim")
    assert b"customer_MarketParticipant" not in cim
    assert b"UsagePointLocation" not in cim
    # DDQ is the previous supplier in this document; None: the header's role
    assert minimise(notification, "DDQ") == small
    assert minimise(notification) == minimise(notification, notification.header.role)
    # the grid company gets the customer
    assert minimise(notification, "DDM") is notification


def test_ebix_cannot_carry_the_previous_suppliers_notification(tmp_path: Path) -> None:
    out = tmp_path / "out.xml"
    result = CliRunner().invoke(
        main,
        ["convert", str(END_OF_SUPPLY), "--to", "ebix", "--minimise-for", "previous-supplier",
         "-o", str(out)],
    )  # fmt: skip
    assert result.exit_code == 1, result.output
    assert "MINIMISE_TARGET_REQUIRES" in result.stderr
    assert "customer, customer_addresses" in result.stderr
    assert not out.exists()


def test_convert_reports_what_the_policy_removed(tmp_path: Path) -> None:
    out = tmp_path / "out.xml"
    result = CliRunner().invoke(
        main,
        ["convert", str(END_OF_SUPPLY), "--to", "cim", "--minimise-for", "DDQ",
         "-o", str(out)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "MINIMISED warning: customer withheld from the previous supplier" in result.stderr
    assert b"customer_MarketParticipant" not in out.read_bytes()
    # without --minimise-for the conversion is exact (the decision: no minimisation by default)
    full = tmp_path / "full.xml"
    command = ["convert", str(END_OF_SUPPLY), "--to", "cim", "-o", str(full)]
    assert CliRunner().invoke(main, command).exit_code == 0
    assert b"customer_MarketParticipant" in full.read_bytes()


def test_a_role_the_document_is_not_sent_to_is_refused() -> None:
    customer = to_domain(EXAMPLES / "NotifyCustomerInformation-private-customer.xml")
    with pytest.raises(PolicyError, match="not sent to previous_supplier"):
        minimise(customer, "previous_supplier")
    with pytest.raises(PolicyError, match="not sent to AG"):
        minimise(to_domain(END_OF_SUPPLY), "AG")


def test_requests_to_elhub_are_not_minimised() -> None:
    request = to_domain(EXAMPLES / "RequestUpfrontMeteringPointCharacteristics.xml")
    with pytest.raises(PolicyError, match="nothing to minimise"):
        minimise(request, "AG")


@pytest.mark.parametrize("role", ["", "  ", "XYZ", "supplier", "previous supplier", "01010012356"])
def test_an_unknown_role_is_the_caller_s_value_error(role: str) -> None:
    # (was a PolicyError, MINIMISE_POLICY of "<input>"; for a request, "nothing to minimise",
    # the document blamed before the role was looked at)
    for document in (END_OF_SUPPLY, EXAMPLES / "RequestUpfrontMeteringPointCharacteristics.xml"):
        with pytest.raises(
            ValueError, match=r"^role is a receiving role \(current_supplier, "
        ) as raised:
            minimise(to_domain(document), role)
        assert not isinstance(raised.value, PolicyError)
        assert "01010012356" not in str(raised.value)


def test_611_response_for_a_third_party() -> None:
    response = to_domain(RESPONSE)
    assert isinstance(response, UpfrontResponse)
    assert minimise(response, Role.BALANCE_SUPPLIER) is response
    assert response.header.role is Role.QUERY_PARTY
    assert minimise(response) == minimise(response, "QRY") != response
    point = minimise(response, "AG").metering_points[0]  # type: ignore[attr-defined]
    assert point.meter is None
    assert point.cadastral is None
    assert point.estimated_annual_volume is None
    assert point.classification is None
    assert point.metering_point_address.free_form is None
    assert point.metering_point_address.street_name == "Åsheimsvegen"
    assert point.details.description is None
    assert point.details.metering_point_type == "E17"
    # a role not listed (grid companies cannot send 611) gets the most restrictive set
    assert minimise(response, "DDM") == minimise(response, "AG")


# --- the policy file ----------------------------------------------------------------------------

MINIMAL = """
[roles.third_party]
code = "AG"
[documents.upfront_response]
recipients = { AG = "third_party" }
third_party = { fields = FIELDS }
"""
NEEDED = (
    '"metering_points.original_document_id", "metering_points.snapshot", '
    '"metering_points.metering_point", "metering_points.grid_access_provider"'
)
ROLE = "[roles.third_party]\ncode = 'AG'\n"
ROW = "[documents.upfront_response]\n"


def test_policy_is_configurable(tmp_path: Path) -> None:
    path = tmp_path / "policy.toml"
    path.write_text(MINIMAL.replace("FIELDS", f"[{NEEDED}]"), encoding="utf-8")
    policy = load_policy(path)
    point = minimise(to_domain(RESPONSE), "AG", policy=policy).metering_points[0]  # type: ignore[attr-defined]
    assert point.metering_point_address is None
    assert point.grid_area is None
    assert point.details.metering_point_type is None


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ('["metering_points.snapshot"]', "must keep"),
        (f'[{NEEDED}, "metering_points.colour"]', "unknown field"),
        (f'[{NEEDED}, "metering_points.metering_point_address.street_name"]', "must keep"),
    ],
)
def test_a_policy_that_would_break_the_standards_is_refused(
    tmp_path: Path, fields: str, error: str
) -> None:
    path = tmp_path / "policy.toml"
    path.write_text(MINIMAL.replace("FIELDS", fields), encoding="utf-8")
    with pytest.raises(PolicyError, match=error) as raised:
        load_policy(path)
    assert [p.file for p in raised.value.problems] == [str(path)]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("[roles.third_party]\ncode = 'XYZ'\n", "is not an ebIX role code"),
        (ROLE + "[documents.nope]\nthird_party = { fields = ['*'] }\n", "no such document"),
        (ROLE + ROW + "nobody = { fields = ['*'] }\n", "is not a receiving role"),
        (ROLE + ROW + "recipients = { DDQ = 'third_party' }\nthird_party = { fields = ['*'] }\n",
         "has role code AG, not DDQ"),
        (ROLE + ROW + "default = 'nobody'\nthird_party = { fields = ['*'] }\n", "names no row"),
        (ROLE + ROW + "third_party = { fields = ['metering_points.colour'] }\n", "unknown field"),
    ],
    ids=repr,
)  # fmt: skip
def test_every_policy_error_of_a_file_names_that_file(
    tmp_path: Path, text: str, words: str
) -> None:
    # (a wrong role code, document, row, recipient, default or field was a PolicyError whose
    # problem had no file: only its message named the file's name, not its path)
    path = tmp_path / "policy.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PolicyError, match=words) as raised:
        load_policy(path)
    assert [(p.code, p.file) for p in raised.value.problems] == [("MINIMISE_POLICY", str(path))]


def test_every_row_names_roles_and_codes_that_agree() -> None:
    policy = default_policy()
    for name, rows in policy.documents.items():
        for code, role in rows.recipients.items():
            assert policy.roles[role].code == code, (name, code, role)


def test_profile_docs_are_generated_and_fresh() -> None:
    """docs/receiving-roles.md and the generated sections of docs/cim-profile.md follow the data."""
    from tests.conftest import load_tool

    for path, text in load_tool("build_profile_docs").render_all().items():
        assert path.read_text(encoding="utf-8") == text, (
            f"{path.name} is stale: run tools/build_profile_docs.py"
        )


def test_a_cim_notification_without_customer_has_no_ebix_form() -> None:
    """Valid CIM (the previous supplier's form), refused for ebIX by name, not by a schema error."""
    from elhub_cim.convert import UnsupportedDocumentError

    small = minimise(to_domain(END_OF_SUPPLY), "previous_supplier")
    cim = from_domain(small, "cim")
    assert to_domain(cim) == small
    with pytest.raises(UnsupportedDocumentError, match="NotifyEndOfSupply requires customer"):
        convert(cim, to="ebix", allow_loss=True)


@pytest.mark.parametrize("role", [5, b"DDQ", ["DDQ"]], ids=repr)
def test_a_role_of_the_wrong_type_is_a_type_error(role: object) -> None:
    # (str(role) was taken: 5 was "'5' is not a receiving role", b"DDQ" "'b'DDQ''")
    with pytest.raises(
        TypeError,
        match=rf"^role is a Role, its name or code \(a str\) or None, not {type(role).__name__}",
    ):
        minimise(to_domain(END_OF_SUPPLY), role)  # type: ignore[arg-type]


def test_the_fields_allowed_are_asked_of_a_document_the_policy_has() -> None:
    # (KeyError 'nope', naming no argument)
    policy = default_policy()
    with pytest.raises(
        ValueError,
        match=r"^document is one of the policy's documents \(.*upfront_response.*\), not 'nope'",
    ):
        policy.allowed("third_party", "nope")
    assert policy.allowed("third_party") == policy.allowed("third_party", "upfront_response")


@pytest.mark.parametrize("document", [["upfront_response"], 5, None, b"upfront_response"], ids=repr)
def test_the_document_of_the_fields_allowed_is_a_text(document: object) -> None:
    # (a list: "unhashable type: 'list'", naming no argument; 5 or None: a ValueError)
    given = type(document).__name__
    with pytest.raises(
        TypeError, match=rf"^document is a str \(one of the policy's documents\), not {given}"
    ):
        default_policy().allowed("third_party", document)  # type: ignore[arg-type]


def test_a_document_the_policy_has_not_is_quoted_masked() -> None:
    # (quoted as given: an identity number in the clear)
    with pytest.raises(ValueError, match="not 'born <masked national id>'") as raised:
        default_policy().allowed("third_party", "born 01010012356")
    assert "01010012356" not in str(raised.value)


def test_a_policy_file_that_cannot_be_read_is_refused_as_that_file(tmp_path: Path) -> None:
    """``load_policy`` of a folder or a missing file raised a bare OSError (IsADirectoryError,
    FileNotFoundError), naming no code; it is IO_ERROR of that file, as ``monitor.load_key``'s."""
    from elhub_cim.core.errors import InputReadError

    for path in (tmp_path, tmp_path / "missing.toml"):
        with pytest.raises(InputReadError) as raised:
            load_policy(path)
        assert [(p.code, p.file) for p in raised.value.problems] == [("IO_ERROR", str(path))]


@pytest.mark.parametrize(
    ("content", "why"), [(b"roles = [", "not TOML"), (b"\xff\xfe", "not UTF-8")], ids=repr
)
def test_a_policy_file_that_is_no_toml_is_a_policy_error_of_that_file(
    tmp_path: Path, content: bytes, why: str
) -> None:
    # (tomllib.TOMLDecodeError or UnicodeDecodeError, naming neither the file nor a code)
    path = tmp_path / "policy.toml"
    path.write_bytes(content)
    with pytest.raises(PolicyError, match=why) as raised:
        load_policy(path)
    assert [(p.code, p.file) for p in raised.value.problems] == [("MINIMISE_POLICY", str(path))]


@pytest.mark.parametrize("role", [None, 5], ids=repr)
def test_the_fields_allowed_are_asked_for_a_role_and_none_is_not_offered(role: object) -> None:
    # (allowed(None): "role is a Role, its name or code (a str) or None, not NoneType", offering
    # None and refusing it; allowed() has no document whose header could give the role)
    with pytest.raises(TypeError) as raised:
        default_policy().allowed(role)  # type: ignore[arg-type]
    message = str(raised.value)
    assert message.startswith(
        f"role is a Role, its name or code (a str), not {type(role).__name__}"
    )
    assert "or None" not in message
    with pytest.raises(ValueError, match=r"^role is a receiving role .*\), not 'nobody'$"):
        default_policy().allowed("nobody")
    assert default_policy().allowed("AG") == default_policy().allowed("third_party")


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("roles = 5\n", "roles: a table"),
        ("[roles]\nthird_party = 5\n", "[roles.third_party]: a table"),
        ("documents = 5\n", "documents: a table"),
        (ROLE + "[documents]\nupfront_response = 5\n", "[documents.upfront_response]: a table"),
        (ROLE + ROW + "third_party = { fields = 'metering_points' }\n", "fields: a list of"),
        (ROLE + ROW + "third_party = { fields = 5 }\n", "fields: a list of"),
        (ROLE + ROW + "third_party = { fields = ['*'], withheld = 5 }\n", "withheld: a list of"),
        (ROLE + ROW + "recipients = 5\nthird_party = { fields = ['*'] }\n", "recipients: a table"),
        (ROLE + ROW + "recipients = { AG = 5 }\nthird_party = { fields = ['*'] }\n", "recipients"),
        (ROLE + ROW + "default = ['x']\nthird_party = { fields = ['*'] }\n", "default: a text"),
        (ROLE + ROW + "recipients = { AG = 'any' }\nany = { fields = ['*'] }\n", "recipients AG"),
    ],
    ids=repr,
)
def test_a_policy_file_of_the_wrong_shape_is_a_policy_error(
    tmp_path: Path, text: str, words: str
) -> None:
    # (AttributeError "'int' object has no attribute 'items'" / "'get'", TypeError "'int' object
    # is not iterable", "unhashable type: 'list'", KeyError 'any'; fields = 'metering_points'
    # was read letter by letter: "unknown field '_'")
    path = tmp_path / "policy.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PolicyError) as raised:
        load_policy(path)
    assert words in str(raised.value)
    assert [p.file for p in raised.value.problems] == [str(path)]
