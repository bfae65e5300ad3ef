"""Data minimisation of BRS-NO-611 responses: only the fields a recipient role may see.

Elhub wants fewer fields in the 611 response to third parties (seed; the exact set is undecided,
profile OP-16). :func:`minimise` reduces an :class:`~elhub_cim.domain.lookup.UpfrontResponse` to
the fields a role's policy allows, in the domain model, so the result is the same in ebIX and in
CIM. The default policy (``rules/sets/minimisation-brs-no-611.toml``, our proposal, documented in
``docs/minimisation.md``) gives suppliers everything and third parties (AG) and query parties
(QRY) what they need to verify a metering point and ask its end user for access; roles the
policy does not name get the most restrictive set. Pass ``policy=load_policy(path)`` to use
another file.

    from elhub_cim.convert import to_domain, from_domain
    from elhub_cim.minimise import minimise

    response = to_domain("ResponseUpfrontMeteringPointCharacteristics.xml")
    data = from_domain(minimise(response, "AG"), "cim")
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .domain.lookup import UpfrontMeteringPoint, UpfrontResponse
from .domain.types import Role
from .errors import ElhubCimError

__all__ = [
    "MinimisationPolicy",
    "PolicyError",
    "default_policy",
    "field_paths",
    "load_policy",
    "minimise",
]

DEFAULT_POLICY_FILE = Path(__file__).parent / "rules" / "sets" / "minimisation-brs-no-611.toml"
ALL = "*"


class PolicyError(ElhubCimError):
    """A minimisation policy is wrong, or a document cannot be minimised."""

    default_code = "MINIMISE_POLICY"


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    for candidate in (annotation, *getattr(annotation, "__args__", ())):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
    return None


def field_paths(model: type[BaseModel] = UpfrontMeteringPoint, prefix: str = "") -> list[str]:
    """Every field of ``model`` as a dotted path, parts before their fields."""
    paths: list[str] = []
    for name, info in model.model_fields.items():
        path = prefix + name
        paths.append(path)
        inner = _inner_model(info.annotation)
        if inner is not None:
            paths += field_paths(inner, path + ".")
    return paths


def _required(model: type[BaseModel], prefix: str = "") -> set[str]:
    return {prefix + n for n, info in model.model_fields.items() if info.is_required()}


@dataclass(frozen=True, slots=True)
class MinimisationPolicy:
    """Allowed metering point fields per recipient role (``None`` = everything)."""

    roles: dict[str, frozenset[str] | None]
    default: frozenset[str] | None
    source: str = ""

    def allowed(self, role: Role | str) -> frozenset[str] | None:
        key = role.value if isinstance(role, Role) else str(role)
        return self.roles.get(key, self.default)


def _check(fields: frozenset[str], where: str) -> None:
    known = set(field_paths())
    unknown = sorted(f for f in fields if f not in known)
    if unknown:
        raise PolicyError(f"{where}: unknown fields {unknown}")
    missing = sorted(_required(UpfrontMeteringPoint) - fields)
    if missing:
        raise PolicyError(f"{where}: must allow {missing} (mandatory in both standards)")
    # A part that is kept needs its own mandatory fields.
    for path in fields:
        parent, _, _ = path.rpartition(".")
        if not parent:
            continue
        model: Any = UpfrontMeteringPoint
        for part in parent.split("."):
            model = _inner_model(model.model_fields[part].annotation)
        needed = _required(model, parent + ".") - fields
        if parent not in fields and needed:
            raise PolicyError(f"{where}: {path} needs {sorted(needed)} too")


def load_policy(path: str | Path = DEFAULT_POLICY_FILE) -> MinimisationPolicy:
    """Read a policy file (see ``rules/sets/minimisation-brs-no-611.toml`` for the format)."""
    source = Path(path)
    data = tomllib.loads(source.read_text(encoding="utf-8"))
    sets: dict[str, frozenset[str] | None] = {}
    for name, spec in data.get("field_sets", {}).items():
        fields = spec.get("fields", [])
        sets[name] = None if fields == [ALL] else frozenset(fields)
    for name, fields in sets.items():
        if fields is not None:
            _check(fields, f"{source.name} [field_sets.{name}]")

    def field_set(name: str, where: str) -> frozenset[str] | None:
        if name not in sets:
            raise PolicyError(f"{source.name} {where}: unknown field set {name!r}")
        return sets[name]

    roles = {
        role: field_set(set_name, f"[roles] {role}")
        for role, set_name in data.get("roles", {}).items()
    }
    default = field_set(data.get("default", ""), "default")
    return MinimisationPolicy(roles, default, source.name)


@functools.cache
def default_policy() -> MinimisationPolicy:
    return load_policy()


def _keep(data: dict[str, Any], allowed: frozenset[str], prefix: str = "") -> dict[str, Any]:
    kept: dict[str, Any] = {}
    for key, value in data.items():
        path = prefix + key
        if path in allowed:
            kept[key] = value
        elif isinstance(value, dict) and any(a.startswith(path + ".") for a in allowed):
            kept[key] = _keep(value, allowed, path + ".")
    return kept


def minimise(
    response: UpfrontResponse,
    role: Role | str | None = None,
    *,
    policy: MinimisationPolicy | None = None,
) -> UpfrontResponse:
    """``response`` with only the fields ``role`` may see (default: the recipient's role)."""
    if not isinstance(response, UpfrontResponse):
        raise PolicyError(
            f"only BRS-NO-611 responses can be minimised, not {type(response).__name__}"
        )
    if role is not None and not str(role).strip():
        # An unset variable ($ROLE) must not quietly mean "the recipient's role".
        raise PolicyError("the role to minimise for is empty")
    allowed = (policy or default_policy()).allowed(response.header.role if role is None else role)
    if allowed is None:
        return response
    points = [_keep(p.model_dump(), allowed) for p in response.metering_points]
    return UpfrontResponse.model_validate({"header": response.header, "metering_points": points})


def describe(policy: MinimisationPolicy, roles: Iterable[str]) -> dict[str, list[str]]:
    """Allowed fields per role, for documentation (``["*"]`` = everything)."""
    return {
        role: sorted(allowed) if (allowed := policy.allowed(role)) is not None else [ALL]
        for role in roles
    }
