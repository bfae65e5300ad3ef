"""Personal data by receiving role: a document from Elhub reduced to what its recipient may see.

The policy (``mappings/receiving-roles.toml``, documented in ``docs/receiving-roles.md``) says, for
every document Elhub sends (notifications, confirmations, rejections, responses), what each
*receiving role* gets: the previous supplier, the new supplier, the grid company, a third party, a
query party ... Several roles share one ebIX role code (a previous and a new supplier are both
DDQ); each document's ``recipients`` say which one a header role means.

:func:`minimise` works in the domain model, so the result is the same in ebIX and in CIM, and
reports every field it removes (never a silent loss):

    from elhub_cim.convert import to_domain, from_domain
    from elhub_cim.minimise import minimise_report

    notification = to_domain("NotifyEndOfSupply.xml")
    result = minimise_report(notification, "previous_supplier")   # or "DDQ", or None: the header's
    result.document      # the end date and the metering point only
    result.removed       # one warning per field withheld (domain path, never the value)
    from_domain(result.document, "cim")

Converting does not minimise unless asked (``--minimise-for``): a conversion is exact, and who
receives a document is decided where it is sent (docs/receiving-roles.md, "Decisions").
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from .core.arguments import checked_path
from .core.errors import (
    ElhubCimError,
    InputReadError,
    Problem,
    Severity,
    shown_argument,
)
from .domain.common import BusinessDocument
from .domain.types import Role

__all__ = [
    "ALL",
    "DocumentPolicy",
    "MinimisationPolicy",
    "Minimised",
    "PolicyError",
    "ReceivingRole",
    "RoleRule",
    "default_policy",
    "field_paths",
    "load_policy",
    "minimise",
    "minimise_report",
    "policy_error",
    "policy_file",
]

ALL = "*"
#: Code of each removed field's report.
MINIMISED = "MINIMISED"
#: A row name for every role (documents without personal data, e.g. the acknowledgement).
ANY = "any"
_DOCUMENT_KEYS = frozenset({"recipients", "default"})


class PolicyError(ElhubCimError):
    """A minimisation policy is wrong, or a document cannot be minimised for a role."""

    default_code = "MINIMISE_POLICY"


def policy_error(code: str, message: str) -> PolicyError:
    """A :class:`PolicyError` with its own code."""
    return PolicyError([Problem(code, message)])


def policy_file() -> Path:
    """The default policy, next to the mapping tables."""
    from .mapping.tables import mappings_root

    return mappings_root() / "receiving-roles.toml"


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    for candidate in (annotation, *getattr(annotation, "__args__", ())):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
    return None


def field_paths(model: type[BaseModel], prefix: str = "") -> list[str]:
    """Every field of ``model`` as a dotted path (lists crossed), parts before their fields."""
    if isinstance(model, BaseModel):  # (a document: its class's fields, as before)
        model = type(model)
    elif not (isinstance(model, type) and issubclass(model, BaseModel)):
        raise TypeError(
            "field_paths() takes a model class (e.g. elhub_cim.domain.StartOfSupplyRequest), "
            f"not {type(model).__name__}"
        )
    paths: list[str] = []
    for name, info in model.model_fields.items():
        path = prefix + name
        paths.append(path)
        inner = _inner_model(info.annotation)
        if inner is not None:
            paths += field_paths(inner, path + ".")
    return paths


def _required(model: type[BaseModel]) -> list[str]:
    """Fields a model cannot do without: required ones and lists with a minimum length."""
    found = []
    for name, info in model.model_fields.items():
        if info.is_required() or any(getattr(m, "min_length", 0) for m in info.metadata):
            found.append(name)
    return found


@dataclass(frozen=True, slots=True)
class ReceivingRole:
    """A party that receives documents from Elhub, and the ebIX role code it has there."""

    name: str
    code: str
    title: str
    description: str


@dataclass(frozen=True, slots=True)
class RoleRule:
    """What one receiving role gets of one document."""

    allowed: frozenset[str] | None  # None: every field
    withheld: frozenset[str] = frozenset()
    why: str = ""

    @property
    def everything(self) -> bool:
        return self.allowed is None and not self.withheld

    def decide(self, path: str) -> str:
        """``keep`` (whole), ``drop`` or ``split`` (decide per sub-field) for a domain path."""
        if any(path == w or path.startswith(w + ".") for w in self.withheld):
            return "drop"
        inside = any(w.startswith(path + ".") for w in self.withheld)
        if (
            self.allowed is None
            or path in self.allowed
            or any(path.startswith(a + ".") for a in self.allowed)
        ):
            return "split" if inside else "keep"
        if any(a.startswith(path + ".") for a in self.allowed):
            return "split"
        return "drop"


@dataclass(frozen=True)
class DocumentPolicy:
    """The rows of one document: which receiving role a header role means, what each gets."""

    document: str  # its name in the mapping tables
    model: type[BusinessDocument]
    recipients: Mapping[str, str]  # ebIX role code -> receiving role
    rules: Mapping[str, RoleRule]  # receiving role (or "any") -> what it gets
    default: str | None = None  # row for role codes not in `recipients`

    def rule_for(self, role: str) -> tuple[str, RoleRule]:
        """The receiving role and its rule for a role name or an ebIX role code."""
        name = self.recipients.get(role, role)
        if name in self.rules:
            return name, self.rules[name]
        if ANY in self.rules:
            return name, self.rules[ANY]
        if self.default is not None:
            return self.default, self.rules[self.default]
        known = ", ".join(sorted(self.rules))
        raise policy_error(
            "MINIMISE_NOT_A_RECIPIENT",
            f"{self.model.__name__} is not sent to {role} (personal data policy: only to "
            f"{known or 'nobody'})",
        )


@dataclass(frozen=True)
class MinimisationPolicy:
    """Every document's rows, by document name and by domain model."""

    roles: Mapping[str, ReceivingRole]
    documents: Mapping[str, DocumentPolicy]
    source: str = ""

    @functools.cached_property
    def by_model(self) -> dict[type[BaseModel], DocumentPolicy]:
        return {policy.model: policy for policy in self.documents.values()}

    def for_document(self, document: BusinessDocument | type[BaseModel]) -> DocumentPolicy:
        model = document if isinstance(document, type) else type(document)
        policy = self.by_model.get(model)
        if policy is None:
            raise PolicyError(
                f"{model.__name__} is not sent by Elhub to a market party (or has no row in "
                f"{self.source}): nothing to minimise"
            )
        return policy

    def role_names(self) -> list[str]:
        return list(self.roles)

    def allowed(
        self, role: Role | str, document: str = "upfront_response"
    ) -> frozenset[str] | None:
        """Allowed domain paths of ``document`` for ``role`` (``None``: everything). ``role``: a
        receiving role or an ebIX role code (not None: there is no header to take it from)."""
        if not isinstance(document, str):  # (a list: "unhashable type", naming nothing)
            raise TypeError(
                f"document is a str (one of the policy's documents), not {type(document).__name__}"
            )
        if document not in self.documents:  # (a KeyError naming no argument)
            raise ValueError(
                f"document is one of the policy's documents ({', '.join(self.documents)}), "
                f"not {shown_argument(document)}"
            )
        # (no document here whose header could give the role: None is no role, and not offered)
        _, rule = self.documents[document].rule_for(canonical_role(role, self, optional=False))
        return rule.allowed if not rule.withheld else _expand(rule, self.documents[document])


def _expand(rule: RoleRule, policy: DocumentPolicy) -> frozenset[str]:
    return frozenset(
        p
        for p in field_paths(policy.model)
        if rule.decide(p) == "keep" and not p.startswith("header")
    )


def canonical_role(
    role: Role | str, policy: MinimisationPolicy | None = None, *, optional: bool = True
) -> str:
    """A receiving role name (``previous-supplier`` → ``previous_supplier``) or an ebIX role code
    (upper case); anything else (empty too: an unset variable ($ROLE) must not quietly mean "the
    recipient's role") is a ValueError that names the argument ``role``: the caller's value,
    not the document's. ``optional``: the caller takes None for the header's role (its caller
    handles None; the messages offer it only then)."""
    or_none = " or None" if optional else ""
    if not isinstance(role, Role | str):
        raise TypeError(
            f"role is a Role, its name or code (a str){or_none}, not {type(role).__name__}"
        )
    text = role.value if isinstance(role, Role) else role.strip()
    names = (policy or default_policy()).roles
    name = text.lower().replace("-", "_")
    if name in names:
        return name
    if text and text.upper() in {r.value for r in Role}:
        return text.upper()
    shown = shown_argument(text, 40) if text else "empty"  # (masked, then cut)
    raise ValueError(
        f"role is a receiving role ({', '.join(sorted(names))}), an ebIX role code "
        f"({', '.join(sorted(r.value for r in Role))}){or_none}, not {shown}"
    )


def _check_rule(model: type[BaseModel], rule: RoleRule, where: str) -> None:
    known = set(field_paths(model))
    for name in sorted((rule.allowed or frozenset()) | rule.withheld):
        if name not in known:
            raise PolicyError(f"{where}: unknown field {name!r} of {model.__name__}")

    def walk(current: type[BaseModel], prefix: str) -> None:
        for name in _required(current):
            path = prefix + name
            if path != "header" and rule.decide(path) == "drop":
                raise PolicyError(
                    f"{where}: must keep {path!r} ({model.__name__} requires it in both standards)"
                )
        for name, info in current.model_fields.items():
            inner = _inner_model(info.annotation)
            path = prefix + name
            if inner is not None and rule.decide(path) == "split":
                walk(inner, path + ".")

    walk(model, "")


def _table(value: Any, where: str) -> dict[str, Any]:
    """``value`` where a policy file needs a TOML table; anything else is a PolicyError."""
    if not isinstance(value, dict):
        raise PolicyError(f"{where}: a table expected, not {_toml_kind(value)}")
    return value


def _names(value: Any, where: str) -> list[str]:
    """``value`` where a policy file needs a list of field names (texts)."""
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return value
    kind = "a list with other values than texts" if isinstance(value, list) else _toml_kind(value)
    raise PolicyError(f"{where}: a list of field names (texts) expected, not {kind}")


def _toml_kind(value: Any) -> str:
    """What a TOML value is, in the file's words (never the value: it may be anything)."""
    kinds = {bool: "a boolean", int: "a number", float: "a number", str: "a text", list: "a list"}
    return kinds.get(type(value), "a table" if isinstance(value, dict) else "a date or time")


def _rule(spec: Any, where: str) -> RoleRule:
    if not isinstance(spec, dict) or "fields" not in spec:
        raise PolicyError(f"{where}: a row needs `fields` (and may have `withheld`, `why`)")
    fields = _names(spec["fields"], f"{where} fields")
    withheld = _names(spec.get("withheld", []), f"{where} withheld")
    allowed = None if fields == [ALL] else frozenset(fields)
    return RoleRule(allowed, frozenset(withheld), str(spec.get("why", "")))


def load_policy(path: str | Path | None = None) -> MinimisationPolicy:
    """Read a policy file (format: ``mappings/receiving-roles.toml``) and check it."""
    checked_path(path, optional=True)
    source = Path(path) if path is not None else policy_file()
    try:
        text = source.read_text(encoding="utf-8")
    except OSError as error:  # (a folder, a missing file: of that file, not a bare OSError)
        why = error.strerror or type(error).__name__
        raise InputReadError(
            [Problem("IO_ERROR", f"cannot read the policy file: {why}", file=str(source))]
        ) from None
    except UnicodeDecodeError:
        raise PolicyError("not UTF-8 text", file=str(source)) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise PolicyError(f"not TOML: {error}", file=str(source)) from None
    try:
        return _checked_policy(data, source.name)
    except PolicyError as error:  # (each problem of that file: its path, not only its name)
        raise error.with_file(str(source)) from None


def _checked_policy(data: dict[str, Any], source: str) -> MinimisationPolicy:
    """The policy of a file's TOML ``data`` (``source``: the file's name), checked; a
    :class:`PolicyError` names the table and key (:func:`load_policy` adds the file)."""
    from .mapping.tables import document_mappings

    roles: dict[str, ReceivingRole] = {}
    codes = {r.value for r in Role}
    for name, spec in _table(data.get("roles", {}), "roles").items():
        spec = _table(spec, f"[roles.{name}]")
        code = str(spec.get("code", ""))
        if code not in codes:
            raise PolicyError(f"[roles.{name}]: {code!r} is not an ebIX role code")
        roles[name] = ReceivingRole(
            name, code, str(spec.get("title", name)), str(spec.get("description", ""))
        )
    mappings = document_mappings()
    documents: dict[str, DocumentPolicy] = {}
    for name, spec in _table(data.get("documents", {}), "documents").items():
        where = f"[documents.{name}]"
        spec = _table(spec, where)
        if name not in mappings:
            raise PolicyError(f"{where}: no such document in the mapping tables")
        model = mappings[name].model
        rules: dict[str, RoleRule] = {}
        for row, row_spec in spec.items():
            if row in _DOCUMENT_KEYS:
                continue
            if row not in roles and row != ANY:
                raise PolicyError(f"{where}: {row!r} is not a receiving role of [roles]")
            rules[row] = _rule(row_spec, f"{where} {row}")
            _check_rule(model, rules[row], f"{where} {row}")
        given = _table(spec.get("recipients", {}), f"{where} recipients")
        recipients = {str(k): str(v) for k, v in given.items()}
        for code, role in recipients.items():
            if code not in codes or role not in rules or role not in roles:
                # (a row of [roles]: "any" is every role's row, not a receiving role)
                raise PolicyError(f"{where}: recipients {code} = {role!r} names no row")
            if roles[role].code != code:
                raise PolicyError(f"{where}: {role} has role code {roles[role].code}, not {code}")
        default = spec.get("default")
        if default is not None and not isinstance(default, str):
            raise PolicyError(
                f"{where}: default: a text (a row) expected, not {_toml_kind(default)}"
            )
        if default is not None and default not in rules:
            raise PolicyError(f"{where}: default {default!r} names no row")
        documents[name] = DocumentPolicy(name, model, recipients, rules, default)  # type: ignore[arg-type]
    return MinimisationPolicy(roles, documents, source)


@functools.cache
def default_policy() -> MinimisationPolicy:
    return load_policy()


@dataclass(frozen=True)
class Minimised:
    """A minimised document and one warning per field the policy removed."""

    document: BusinessDocument
    role: str  # the receiving role it was minimised for
    removed: list[Problem] = field(default_factory=list)


def _is_empty(value: Any) -> bool:
    return value is None or value == [] or value == {}


def _values(model: BaseModel) -> dict[str, Any]:
    """The model's fields (not computed ones), nested models as dicts."""
    return {name: _plain(getattr(model, name)) for name in type(model).model_fields}


def _plain(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return _values(value)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _keep(
    data: dict[str, Any], rule: RoleRule, prefix: str, shown: str, removed: list[str]
) -> dict[str, Any]:
    kept: dict[str, Any] = {}
    for key, value in data.items():
        path, where = prefix + key, shown + key
        decision = rule.decide(path)
        if decision == "keep":
            kept[key] = value
        elif decision == "split" and isinstance(value, dict):
            kept[key] = _keep(value, rule, path + ".", where + ".", removed)
        elif decision == "split" and isinstance(value, list):
            kept[key] = [
                _keep(item, rule, path + ".", f"{where}[{index}].", removed)
                if isinstance(item, dict)
                else item
                for index, item in enumerate(value, 1)
            ]
        elif decision == "split":
            kept[key] = value  # a plain value under a part that is split: nothing below it
        elif not _is_empty(value):
            removed.append(where)
    return kept


def minimise_report(
    document: BusinessDocument,
    role: Role | str | None = None,
    *,
    policy: MinimisationPolicy | None = None,
) -> Minimised:
    """``document`` with only the fields ``role`` may see, and what was removed.

    ``role``: a receiving role (``previous_supplier``), an ebIX role code (``DDQ``: the document's
    ``recipients`` say which supplier that is) or ``None`` (the header's role, the recipient's).
    """
    _check_arguments(document, policy, "minimise_report")
    policy = policy or default_policy()
    wanted = document.header.role.value if role is None else canonical_role(role, policy)
    rows = policy.for_document(document)
    name, rule = rows.rule_for(wanted)
    if rule.everything:
        return Minimised(document, name)
    removed: list[str] = []
    values = _values(document)
    header = values.pop("header")
    kept = _keep(values, rule, "", "", removed)
    try:
        result = type(document).model_validate({"header": header, **kept})
    except ValidationError as error:
        # A model rule the policy check cannot see (e.g. one field requires another).
        raise PolicyError(
            f"{type(document).__name__} minimised for {name} is not a valid document: "
            f"{error.errors()[0]['loc']} {error.errors()[0]['msg']} (fix the policy row)"
        ) from None
    title = policy.roles[name].title if name in policy.roles else name
    problems = [
        Problem(
            MINIMISED,
            f"{path} withheld from the {title} (personal data policy {policy.source})",
            path=path,
            severity=Severity.WARNING,
        )
        for path in removed
    ]
    return Minimised(result, name, problems)


def minimise(
    document: BusinessDocument,
    role: Role | str | None = None,
    *,
    policy: MinimisationPolicy | None = None,
) -> BusinessDocument:
    """``document`` with only the fields ``role`` may see (default: the recipient's role)."""
    _check_arguments(document, policy, "minimise")
    return minimise_report(document, role, policy=policy).document


def _check_arguments(document: object, policy: object, caller: str) -> None:
    """A TypeError unless ``document`` is a domain document and ``policy`` a
    :class:`MinimisationPolicy` or None."""
    if not isinstance(document, BusinessDocument):
        hint = (
            ": to_domain(source) reads a message into one"
            if isinstance(document, str | bytes)
            else ""
        )
        raise TypeError(
            f"{caller}() takes a domain document (from to_domain), not {type(document).__name__}"
            f"{hint}"
        )
    if policy is not None and not isinstance(policy, MinimisationPolicy):
        raise TypeError(
            "policy is a MinimisationPolicy (load_policy(path)) or None, "
            f"not {type(policy).__name__}"
        )


def describe(
    policy: MinimisationPolicy, document: str, roles: Iterable[str]
) -> dict[str, list[str]]:
    """Allowed fields per role of one document, for documentation (``["*"]`` = everything)."""
    return {
        role: sorted(allowed) if (allowed := policy.allowed(role, document)) is not None else [ALL]
        for role in roles
    }
