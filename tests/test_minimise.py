"""Data minimisation of 611 responses: no field outside the policy survives, in either standard.

The allowed element paths of each standard are derived from the mapping table (the one place
that says where each domain field is written), so the property holds for the XML a recipient
actually gets, not only for the domain object.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from lxml import etree

from elhub_cim.convert import convert, from_domain, to_domain
from elhub_cim.domain import Role
from elhub_cim.domain.lookup import UpfrontResponse
from elhub_cim.mapping import document_mappings
from elhub_cim.mapping.tables import CompiledGroup, CompiledPath
from elhub_cim.minimise import (
    PolicyError,
    default_policy,
    field_paths,
    load_policy,
    minimise,
)
from tests.test_lookup import PROPERTY, responses

PROJECT = Path(__file__).resolve().parents[1]
EXAMPLE = PROJECT / "examples" / "ebix" / "ResponseUpfrontMeteringPointCharacteristics.xml"


def _join(prefix: str, path: CompiledPath | None) -> str | None:
    if path is None:
        return None
    if not path.steps:
        return prefix
    text = "/".join(s.child.name for s in path.element_steps)
    return f"{prefix}/{text}" if prefix and text else (prefix or text)


def element_paths(side: str) -> dict[str, set[str]]:
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

    walk(document_mappings()["upfront_response"].root, "", "")
    return found


def _allowed(domain: str, allowed: frozenset[str]) -> bool:
    """A domain path is allowed when it, an ancestor or (for containers) a descendant is."""
    if not domain.startswith("metering_points"):
        return True  # header: always delivered
    inner = domain.removeprefix("metering_points").lstrip(".")
    if not inner:
        return True  # the record itself (mRID, containers)
    parts = inner.split(".")
    if any(".".join(parts[:i]) in allowed for i in range(1, len(parts) + 1)):
        return True
    return any(a.startswith(inner + ".") for a in allowed)  # a container of allowed fields


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


def assert_only_allowed(data: bytes, side: str, allowed: frozenset[str]) -> None:
    where = element_paths(side)
    for path in leaf_paths(data):
        domains = where.get(path)
        assert domains is not None, f"{side}: {path} is not written by any mapping row"
        assert any(_allowed(d, allowed) for d in domains), f"{side}: {path} ({domains}) leaked"


_THIRD_PARTY = default_policy().allowed("AG")
assert _THIRD_PARTY is not None
THIRD_PARTY: frozenset[str] = _THIRD_PARTY


@PROPERTY
@given(responses(max_size=8))
def test_no_field_outside_the_policy_survives_in_either_standard(response: UpfrontResponse) -> None:
    for role in ("AG", "QRY"):
        minimised = minimise(response, role)
        ebix = from_domain(minimised, "ebix")
        cim = convert(ebix, to="cim").data
        assert_only_allowed(ebix, "ebix", THIRD_PARTY)
        assert_only_allowed(cim, "cim", THIRD_PARTY)
        # and in the domain: every field outside the policy is empty
        for point in to_domain(cim).metering_points:  # type: ignore[attr-defined]
            dumped = point.model_dump(exclude_defaults=True)
            for key, value in dumped.items():
                if isinstance(value, dict):
                    assert all(f"{key}.{k}" in THIRD_PARTY for k in value) or key in THIRD_PARTY
                else:
                    assert key in THIRD_PARTY, key
        # what the policy allows is kept unchanged
        for before, after in zip(response.metering_points, minimised.metering_points, strict=True):
            assert after.metering_point == before.metering_point
            assert after.details.metering_point_type == before.details.metering_point_type
            if before.metering_point_address is not None:
                assert after.metering_point_address is not None
                assert after.metering_point_address.city == before.metering_point_address.city


def test_the_leak_check_would_see_a_leak() -> None:
    response = to_domain(EXAMPLE)
    data = from_domain(response, "cim")
    with pytest.raises(AssertionError, match="leaked"):
        assert_only_allowed(data, "cim", THIRD_PARTY)


def test_suppliers_get_everything() -> None:
    response = to_domain(EXAMPLE)
    assert isinstance(response, UpfrontResponse)
    assert minimise(response, Role.BALANCE_SUPPLIER) is response


def test_default_role_is_the_recipients() -> None:
    response = to_domain(EXAMPLE)
    assert isinstance(response, UpfrontResponse)
    assert response.header.role is Role.QUERY_PARTY
    assert minimise(response) == minimise(response, "QRY")
    assert minimise(response) != response


def test_example_minimised_for_a_third_party() -> None:
    response = to_domain(EXAMPLE)
    assert isinstance(response, UpfrontResponse)
    point = minimise(response, "AG").metering_points[0]
    assert point.meter is None
    assert point.cadastral is None
    assert point.estimated_annual_volume is None
    assert point.classification is None
    assert point.metering_point_address is not None
    assert point.metering_point_address.free_form is None
    assert point.metering_point_address.street_name == "Åsheimsvegen"
    assert point.details.description is None
    assert point.details.metering_point_type == "E17"


def test_unknown_roles_get_the_most_restrictive_set() -> None:
    assert default_policy().allowed("DDM") == THIRD_PARTY
    assert default_policy().allowed(Role.BALANCE_SUPPLIER) is None


def test_policy_is_configurable(tmp_path: Path) -> None:
    path = tmp_path / "policy.toml"
    path.write_text(
        'default = "minimal"\n[roles]\nAG = "minimal"\n'
        '[field_sets.minimal]\nfields = ["original_document_id", "snapshot", "metering_point",'
        ' "grid_access_provider"]\n',
        encoding="utf-8",
    )
    policy = load_policy(path)
    response = to_domain(EXAMPLE)
    assert isinstance(response, UpfrontResponse)
    point = minimise(response, "AG", policy=policy).metering_points[0]
    assert point.metering_point_address is None
    assert point.grid_area is None
    assert point.details.metering_point_type is None


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ('["snapshot"]', "mandatory"),
        (
            '["original_document_id", "snapshot", "metering_point", "grid_access_provider",'
            ' "colour"]',
            "unknown",
        ),
        (
            '["original_document_id", "snapshot", "metering_point", "grid_access_provider",'
            ' "metering_point_address.street_name"]',
            "needs",
        ),
    ],
)
def test_a_policy_that_would_break_the_standards_is_refused(
    tmp_path: Path, fields: str, error: str
) -> None:
    path = tmp_path / "policy.toml"
    path.write_text(f'default = "x"\n[field_sets.x]\nfields = {fields}\n', encoding="utf-8")
    with pytest.raises(PolicyError, match=error):
        load_policy(path)


def test_only_responses_can_be_minimised() -> None:
    request = to_domain(
        PROJECT / "examples" / "ebix" / "RequestUpfrontMeteringPointCharacteristics.xml"
    )
    with pytest.raises(PolicyError):
        minimise(request, "AG")  # type: ignore[arg-type]


def test_every_policy_field_exists() -> None:
    assert set(field_paths()) >= THIRD_PARTY
