"""Whether a domain model accepts plain values, decided without pydantic when it can be.

``elhub-cim validate`` checks that a document reads into its domain model. Loading pydantic and
building the model's validator costs more than the rest of a one-file ``validate`` together, so
the model's validation schema is turned, once, into plain data (:func:`light_schema`, kept in the
user's cache with the read plans) that :func:`accepts` runs without importing pydantic.

The light check is one-sided: it answers True only when it is sure that pydantic accepts the
values, and False ("don't know") for anything else, after which the caller asks pydantic. So
it can never change what is accepted, only how fast. It knows:

- pydantic-core's schema nodes the domain models use (strings with lengths and the three
  patterns of the model, enums, literals, booleans, integers and decimals written plainly,
  optional values, defaults, lists, unions, models with ``extra="forbid"``), each only in the
  form the read plans produce (texts, dicts, lists); any other node, key or value is "don't
  know" (a schema with an unknown node is not made light at all);
- validators in pydantic-free modules (:mod:`.timestamp`): called as they are;
- model validators ported here, each pinned to a digest of its source (and the helpers it
  calls): a changed validator no longer matches, its model is not made light, and
  ``tests/test_acceptance.py`` fails until the port is checked and its digest updated.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

__all__ = ["accepts", "light_schema"]

#: Bump when the light schema's form changes (it is kept on disk).
FORMAT = 1


class _Undecided(Exception):
    """Not sure that pydantic accepts: let pydantic decide."""


class _NotLight(Exception):
    """A schema the light check does not know: its model is always checked by pydantic."""


# --- ported model validators -------------------------------------------------------------------
# Each takes the node's facts (data taken from the model class when the schema is made light)
# and the value (a dict for a model, as the read plans give it); it returns the value as the
# validator leaves it, or raises _Undecided where the validator might refuse.

_ACKNOWLEDGEMENT = "elhub_cim.domain.acknowledgement"


def _physical_sender(facts: Any, data: Any) -> Any:
    if isinstance(data, dict) and not data.get("physical_sender") and data.get("sender"):
        data = {**data, "physical_sender": data["sender"]}
    return data


def _fill_document_type(facts: Any, document: Any) -> Any:
    header = document["header"]
    if not header["document_type"]:
        if facts is None:
            raise _Undecided
        document = {**document, "header": {**header, "document_type": facts}}
    return document


def _drop_empty_parts(names: Any, data: Any) -> Any:
    if not isinstance(data, dict):
        return data
    empty = [name for name in names if isinstance(data.get(name), dict) and not data[name]]
    if not empty:
        return data
    return {key: value for key, value in data.items() if key not in empty}


def _same(facts: Any, value: Any) -> Any:
    """A validator that only derives data nothing else checks (record ids from a UUID)."""
    return value


def _distinct_record_ids(facts: Any, document: Any) -> Any:
    """Master data records: ids derived from a UUID (as :func:`_same`), each id once. Sure only
    when every record gives an id and no two agree in any case, or none gives one (the derived
    ids differ by position); anything else is left to pydantic."""
    if not isinstance(document, dict):
        raise _Undecided
    records = document.get("metering_points")
    if not isinstance(records, list):
        raise _Undecided
    given = [r.get("record_id") for r in records if isinstance(r, dict)]
    if len(given) != len(records):
        raise _Undecided
    ids = [str(i).lower() for i in given if i is not None]
    if ids and (len(ids) != len(given) or len(set(ids)) != len(ids)):
        raise _Undecided
    return document


def _customer_complete(facts: Any, record: Any) -> Any:
    customer = record["customer"]
    if customer is not None and customer["extended_storage_metering_values"] is None:
        raise _Undecided
    return record


def _no_settlement_exclusion(facts: Any, record: Any) -> Any:
    if any(d["exclude_from_settlement"] is not None for d in record["measurement_definitions"]):
        raise _Undecided
    return record


def _acknowledgement_type(facts: Any, data: Any) -> Any:
    if isinstance(data, dict) and isinstance(data.get("header"), dict):
        header = data["header"]
        if "document_type" not in header:
            data = {**data, "header": {**header, "document_type": facts}}
    return data


def _always_294(facts: Any, document: Any) -> Any:
    if document["header"]["document_type"] not in ("", facts):
        raise _Undecided
    return document


def _ordered(facts: Any, period: Any) -> Any:
    if period["end"].datetime <= period["start"].datetime:
        raise _Undecided
    return period


def _only_true(facts: Any, value: Any) -> Any:
    if value is False:
        raise _Undecided
    return value


@dataclass(frozen=True, slots=True)
class _Port:
    """A model validator's light equivalent, valid while its source has ``digest``."""

    function: Callable[[Any, Any], Any]
    digest: int
    helpers: tuple[str, ...] = ()  # "module:name" of functions it calls (in the digest)
    facts: str | None = None  # what to take from the model: see _facts


_DROP = ("elhub_cim.domain.common:drop_empty_parts",)
_RECORD_ID = (
    "elhub_cim.domain.supply:derived_record_id",
    "elhub_cim.core.profile:derive_record_id",
)

#: Validator (module:qualname) → its port. Digests: tests/test_acceptance.py prints the new one
#: of a validator whose source changed; check the port against it before updating the digest.
PORTS: dict[str, _Port] = {
    "elhub_cim.domain.common:Header._physical_sender": _Port(_physical_sender, 98652907),
    "elhub_cim.domain.common:BusinessDocument._fill_document_type": _Port(
        _fill_document_type, 3800562346, facts="default_document_type"
    ),
    "elhub_cim.domain.supply:StartOfSupplyNotification._empty_parts": _Port(
        _drop_empty_parts, 4043171054, _DROP, facts="empty_parts"
    ),
    "elhub_cim.domain.supply:EndOfSupplyNotification._empty_parts": _Port(
        _drop_empty_parts, 289179328, _DROP, facts="empty_parts"
    ),
    "elhub_cim.domain.supply:MeteringPointCharacteristics._empty_parts": _Port(
        _drop_empty_parts, 3085060825, _DROP, facts="empty_parts"
    ),
    "elhub_cim.domain.master_data:MeteringPointMasterDataUpdate._empty_parts": _Port(
        _drop_empty_parts, 4043171054, _DROP, facts="empty_parts"
    ),
    "elhub_cim.domain.supply:MeteringPointCharacteristics._customer_complete": _Port(
        _customer_complete, 2721116785
    ),
    "elhub_cim.domain.supply:MeteringPointCharacteristicsNotification._record_ids": _Port(
        _same, 1221495111, _RECORD_ID
    ),
    "elhub_cim.domain.master_data:MeteringPointMasterDataUpdateRequest._record_ids": _Port(
        _distinct_record_ids, 1087746544, _RECORD_ID
    ),
    "elhub_cim.domain.master_data:MeteringPointMasterDataUpdate._no_settlement_exclusion": _Port(
        _no_settlement_exclusion, 3325766559
    ),
    f"{_ACKNOWLEDGEMENT}:Acknowledgement._document_type": _Port(
        _acknowledgement_type, 454016038, facts="acknowledgement_type"
    ),
    f"{_ACKNOWLEDGEMENT}:Acknowledgement._always_294": _Port(
        _always_294, 4281351588, facts="acknowledgement_type"
    ),
    "elhub_cim.domain.queries:QueryPeriod._ordered": _Port(_ordered, 3959495235),
    "elhub_cim.domain.metering_request:RequestedPeriod._ordered": _Port(_ordered, 1252624757),
    "elhub_cim.domain.third_party_update:ThirdPartyAccessUpdateRequest._only_true": _Port(
        _only_true, 469778229
    ),
}

#: Modules without pydantic whose validators the light check calls as they are.
PURE_MODULES = frozenset({"elhub_cim.domain.timestamp"})

#: The patterns of the models, which Python's ``re`` reads as pydantic-core's Rust regex does for
#: ASCII text without line breaks (the only text the light check lets through to them).
PATTERNS = frozenset(
    {
        r"^[0-9]{13}$",
        r"^[0-9]{18}$",
        r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$",
    }
)

_PORTS_BY_FUNCTION: dict[str, Callable[..., Any]] = {
    port.function.__name__: port.function for port in PORTS.values()
}


# --- making a schema light (pydantic is loaded here) -------------------------------------------


def digest(name: str) -> int:
    """A digest of the source of the function ``module:qualname`` (line numbers left out)."""
    import inspect
    import textwrap
    import zlib

    return zlib.crc32(textwrap.dedent(inspect.getsource(_resolve(name))).encode("utf-8"))


def _resolve(name: str) -> Any:
    module, _, qualname = name.partition(":")
    found: Any = importlib.import_module(module)
    for part in qualname.split("."):
        found = getattr(found, part)
    return getattr(found, "__func__", found)


def _function_name(function: Any) -> str:
    function = getattr(function, "__func__", function)
    return f"{function.__module__}:{function.__qualname__}"


def light_schema(model: Any) -> dict[str, Any] | None:
    """``model``'s validation schema as plain data for :func:`accepts`; None when it uses
    anything the light check does not know (then pydantic always decides)."""
    try:
        model.model_rebuild()
        builder = _Builder()
        root = builder.node(model.__pydantic_core_schema__, None)
    except _NotLight:
        return None
    return {"format": FORMAT, "root": root, "defs": builder.defs}


_ALLOWED = {
    "str": {"type", "min_length", "max_length", "pattern", "metadata", "ref"},
    "enum": {"type", "cls", "members", "sub_type", "metadata", "ref"},
    "literal": {"type", "expected", "metadata", "ref"},
    "bool": {"type", "metadata", "ref"},
    "int": {"type", "ge", "le", "gt", "lt", "metadata", "ref"},
    "decimal": {
        "type", "ge", "le", "gt", "lt", "max_digits", "decimal_places", "allow_inf_nan",
        "metadata", "ref",
    },
    "nullable": {"type", "schema", "metadata", "ref"},
    "default": {"type", "schema", "default", "default_factory", "default_factory_takes_data"},
    "list": {"type", "items_schema", "min_length", "max_length", "metadata", "ref"},
    "union": {"type", "choices", "metadata", "ref"},
    "model": {
        "type", "cls", "config", "custom_init", "root_model", "post_init", "schema", "metadata",
        "ref",
    },
    "model-fields": {"type", "fields", "model_name", "computed_fields"},
    "function-before": {"type", "function", "schema", "metadata", "ref"},
    "function-after": {"type", "function", "schema", "metadata", "ref"},
    "function-plain": {
        "type", "function", "metadata", "ref", "serialization", "json_schema_input_schema",
    },
    "definitions": {"type", "schema", "definitions"},
    "definition-ref": {"type", "schema_ref", "metadata"},
}  # fmt: skip
_CONFIG = {"extra_fields_behavior", "hide_input_in_errors", "title"}
_SIMPLE = (str, int, bool, type(None))


class _Builder:
    def __init__(self) -> None:
        self.defs: dict[str, Any] = {}

    def node(self, schema: Any, owner: Any) -> Any:
        kind = schema.get("type")
        if kind not in _ALLOWED or not set(schema) <= _ALLOWED[kind]:
            raise _NotLight(kind)
        made = self._node(kind, schema, owner)
        if "ref" in schema:
            self.defs[schema["ref"]] = made
        return made

    def _node(self, kind: str, schema: Any, owner: Any) -> Any:
        if kind == "str":
            pattern = schema.get("pattern")
            if pattern is not None and pattern not in PATTERNS:
                raise _NotLight(pattern)
            return ("str", schema.get("min_length"), schema.get("max_length"), pattern)
        if kind == "enum":
            values = [member.value for member in schema["members"]]
            if schema.get("sub_type") != "str" or not all(type(v) is str for v in values):
                raise _NotLight(kind)
            return ("enum", frozenset(values))
        if kind == "literal":
            if not all(type(v) in _SIMPLE for v in schema["expected"]):
                raise _NotLight(kind)
            return ("literal", tuple(schema["expected"]))
        if kind == "bool":
            return ("bool",)
        if kind == "int":
            bounds = tuple(schema.get(key) for key in ("ge", "gt", "le", "lt"))
            if not all(b is None or type(b) is int for b in bounds):
                raise _NotLight(kind)
            return ("int", *bounds)
        if kind == "decimal":
            if schema.get("allow_inf_nan"):
                raise _NotLight(kind)
            bounds = tuple(
                None if schema.get(key) is None else str(schema[key])
                for key in ("ge", "gt", "le", "lt")
            )
            return ("decimal", *bounds, schema.get("max_digits"), schema.get("decimal_places"))
        if kind == "nullable":
            return ("nullable", self.node(schema["schema"], owner))
        if kind == "default":
            return ("default", self._default(schema), self.node(schema["schema"], owner))
        if kind == "list":
            items = self.node(schema["items_schema"], owner)
            return ("list", items, schema.get("min_length"), schema.get("max_length"))
        if kind == "union":
            choices = [c[0] if isinstance(c, tuple) else c for c in schema["choices"]]
            return ("union", tuple(self.node(choice, owner) for choice in choices))
        if kind == "model":
            return self._model(schema)
        if kind == "model-fields":
            if owner is None:
                raise _NotLight(kind)
            fields = {}
            for name, field in schema["fields"].items():
                if set(field) - {"type", "schema", "metadata"} or field["type"] != "model-field":
                    raise _NotLight(name)
                fields[name] = self.node(field["schema"], owner)
            return ("fields", fields, owner[1])
        if kind.startswith("function-"):
            return self._function(kind, schema, owner)
        if kind == "definitions":
            for definition in schema["definitions"]:
                self.node(definition, owner)
            return self.node(schema["schema"], owner)
        return ("ref", schema["schema_ref"])  # definition-ref

    @staticmethod
    def _default(schema: Any) -> Any:
        if schema.get("default_factory_takes_data"):
            raise _NotLight("default_factory_takes_data")
        factory = schema.get("default_factory")
        if factory is None:
            value = schema.get("default")
            if type(value) not in _SIMPLE:
                raise _NotLight("default")
            return ("value", value)
        if factory is list:
            return ("list",)
        if _function_name(factory) == "elhub_cim.domain.common:new_document_id":
            return ("value", "00000000-0000-4000-8000-000000000000")  # any UUID: never checked
        raise _NotLight("default_factory")

    def _model(self, schema: Any) -> Any:
        cls = schema["cls"]
        config = schema.get("config", {})
        if schema.get("custom_init") or schema.get("root_model") or set(config) - _CONFIG:
            raise _NotLight(cls.__name__)
        if schema.get("post_init") is not None:
            # Only pydantic's own initialiser of private attributes, which cannot refuse.
            post_init = getattr(cls, schema["post_init"], None)
            if getattr(post_init, "__qualname__", "") != "init_private_attributes":
                raise _NotLight(cls.__name__)
        extra = config.get("extra_fields_behavior", "ignore")
        if extra not in ("forbid", "ignore"):
            raise _NotLight(extra)
        return ("model", self.node(schema["schema"], (cls, extra)))

    def _function(self, kind: str, schema: Any, owner: Any) -> Any:
        function = schema["function"]
        if set(function) - {"type", "function"} or function["type"] != "no-info":
            raise _NotLight(kind)
        name = _function_name(function["function"])
        inner = schema.get("schema")
        module = name.partition(":")[0]
        if module in PURE_MODULES:
            call: Any = ("pure", name, None)
        else:
            port = PORTS.get(name)
            if port is None:
                raise _NotLight(name)
            found = digest(name)
            for helper in port.helpers:
                found = found ^ digest(helper)
            if found != port.digest:
                raise _NotLight(f"{name} changed")
            call = ("port", port.function.__name__, _facts(port, function["function"], inner))
        mode = kind.removeprefix("function-")
        return (mode, call, None if inner is None else self.node(inner, owner))


def _facts(port: _Port, function: Any, inner: Any) -> Any:
    """What a ported validator needs from its model, taken where pydantic is loaded."""
    if port.facts is None:
        return None
    if port.facts == "default_document_type":  # an after-validator around its model
        if inner is None or inner.get("type") != "model":
            raise _NotLight(port.facts)
        return inner["cls"].default_document_type
    if port.facts == "acknowledgement_type":
        return importlib.import_module(_ACKNOWLEDGEMENT).ACKNOWLEDGEMENT_DOCUMENT_TYPE
    # empty_parts: the names the validator drops when given empty, found by asking it.
    if inner is None or inner.get("type") != "model-fields":
        raise _NotLight(port.facts)
    probe: dict[str, Any] = {name: {} for name in inner["fields"]}
    kept = function(probe)
    return tuple(name for name in probe if name not in kept)


# --- the light check (no pydantic) --------------------------------------------------------------

_INT = re.compile(r"-?[1-9][0-9]{0,17}|0")
_DECIMAL = re.compile(r"-?(?:0|[1-9][0-9]{0,30})(?:\.[0-9]{1,30})?")
_BOOLS = {"true": True, "false": False, "1": True, "0": False}
_compiled: dict[str, re.Pattern[str]] = {}
_called: dict[str, Callable[..., Any]] = {}


def accepts(light: dict[str, Any], values: Any) -> bool:
    """Whether pydantic surely accepts ``values`` for the model ``light`` was made of (False:
    not sure, ask pydantic)."""
    try:
        if light.get("format") != FORMAT:
            return False
        _Check(light["defs"]).run(light["root"], values)
    except Exception:  # _Undecided, a refusal of a pure validator, anything unforeseen
        return False
    return True


class _Check:
    def __init__(self, defs: dict[str, Any]) -> None:
        self.defs = defs

    def run(self, node: Any, value: Any) -> Any:
        kind = node[0]
        if kind == "str":
            if type(value) is not str:
                raise _Undecided
            _, least, most, pattern = node
            if (least is not None and len(value) < least) or (
                most is not None and len(value) > most
            ):
                raise _Undecided
            if pattern is not None:
                regex = _compiled.get(pattern)
                if regex is None:
                    regex = _compiled[pattern] = re.compile(pattern)
                if not value.isascii() or "\n" in value or regex.search(value) is None:
                    raise _Undecided
            return value
        if kind == "nullable":
            return None if value is None else self.run(node[1], value)
        if kind == "model":
            return self.run(node[1], value)
        if kind == "fields":
            return self._fields(node, value)
        if kind in ("after", "before", "plain"):
            return self._function(node, value)
        if kind == "enum":
            if type(value) is not str or value not in node[1]:
                raise _Undecided
            return value
        if kind == "default":
            return self.run(node[2], value)
        if kind == "list":
            _, items, least, most = node
            if type(value) is not list:
                raise _Undecided
            if (least is not None and len(value) < least) or (
                most is not None and len(value) > most
            ):
                raise _Undecided
            return [self.run(items, item) for item in value]
        if kind == "union":
            for choice in node[1]:
                try:
                    return self.run(choice, value)
                except _Undecided:
                    continue
            raise _Undecided
        if kind == "literal":
            for expected in node[1]:
                if type(value) is type(expected) and value == expected:
                    return value
            raise _Undecided
        if kind == "bool":
            if type(value) is bool:
                return value
            if type(value) is str and value in _BOOLS:
                return _BOOLS[value]
            raise _Undecided
        if kind == "int":
            return _integer(node, value)
        if kind == "decimal":
            return _decimal(node, value)
        if kind == "ref":
            return self.run(self.defs[node[1]], value)
        raise _Undecided

    def _fields(self, node: Any, value: Any) -> dict[str, Any]:
        _, fields, extra = node
        if type(value) is not dict:
            raise _Undecided
        if extra == "forbid" and not value.keys() <= fields.keys():
            raise _Undecided
        result: dict[str, Any] = {}
        for name, field in fields.items():
            if name in value:
                result[name] = self.run(field, value[name])
            elif field[0] == "default":
                default = field[1]
                result[name] = [] if default[0] == "list" else default[1]
            else:
                raise _Undecided  # a required field is missing
        return result

    def _function(self, node: Any, value: Any) -> Any:
        mode, (how, name, facts), inner = node
        found = _called.get(name)
        if found is None:
            found = _called[name] = _PORTS_BY_FUNCTION[name] if how == "port" else _bound(name)
        function = found

        def call(argument: Any) -> Any:
            return function(facts, argument) if how == "port" else function(argument)

        if mode == "before":
            return self.run(inner, call(value))
        if mode == "after":
            return call(self.run(inner, value))
        return call(value)  # plain


def _bound(name: str) -> Callable[..., Any]:
    """The function ``module:qualname`` as its class gives it (a classmethod bound)."""
    module, _, qualname = name.partition(":")
    found: Any = importlib.import_module(module)
    for part in qualname.split("."):
        found = getattr(found, part)
    return found  # type: ignore[no-any-return]


def _integer(node: Any, value: Any) -> int:
    if type(value) is int:
        number = value
    elif type(value) is str and _INT.fullmatch(value):
        number = int(value)
    else:
        raise _Undecided
    _, ge, gt, le, lt = node
    if (
        (ge is not None and number < ge)
        or (gt is not None and number <= gt)
        or (le is not None and number > le)
        or (lt is not None and number >= lt)
    ):
        raise _Undecided
    return number


def _decimal(node: Any, value: Any) -> Any:
    from decimal import Decimal

    if type(value) is not str or not _DECIMAL.fullmatch(value):
        raise _Undecided
    number = Decimal(value)
    _, ge, gt, le, lt, max_digits, decimal_places = node
    if (
        (ge is not None and number < Decimal(ge))
        or (gt is not None and number <= Decimal(gt))
        or (le is not None and number > Decimal(le))
        or (lt is not None and number >= Decimal(lt))
    ):
        raise _Undecided
    # Digits counted as written and as normalised (trailing zeros dropped): within both.
    for form in (number, number.normalize()):
        _, digits, exponent = form.as_tuple()
        assert isinstance(exponent, int)
        if exponent >= 0:
            decimals, total = 0, len(digits) + exponent
        else:
            decimals, total = -exponent, max(len(digits), -exponent)
        if max_digits is not None and total > max_digits:
            raise _Undecided
        if decimal_places is not None and decimals > decimal_places:
            raise _Undecided
        if (
            max_digits is not None
            and decimal_places is not None
            and total - decimals > max_digits - decimal_places
        ):
            raise _Undecided
    return number
