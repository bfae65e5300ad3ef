"""Stage 4: a validated XML tree → the generated, typed dataclasses (xsdata).

xsdata's own lxml handler parses in recover mode and its default configuration keeps invalid
values with a warning. We never give it bytes: it walks the tree our hardened parser built and
the XSD already accepted, and it is configured to fail on unknown elements and attributes and
on any conversion warning.
"""

from __future__ import annotations

import dataclasses
import functools
import importlib
import pkgutil
import re
import threading
import warnings
from enum import Enum, EnumMeta
from typing import Any

from lxml import etree
from xsdata.exceptions import ConverterWarning, ParserError
from xsdata.formats.converter import EnumConverter, converter
from xsdata.formats.dataclass.context import XmlContext
from xsdata.formats.dataclass.parsers import XmlParser
from xsdata.formats.dataclass.parsers.config import ParserConfig
from xsdata.formats.dataclass.parsers.handlers import LxmlEventHandler

from .. import _generated
from .catalog import MessageType, Standard
from .errors import BindingError, Problem, mask_identity_numbers

__all__ = ["bind", "binding_class", "context", "message_qname"]

_local = threading.local()


class _FastEnumConverter(EnumConverter):
    """xsdata's enum converter tries every member in turn (250 for country codes); a dictionary
    lookup finds a string code at once and leaves every other case to xsdata."""

    def deserialize(self, value: Any, data_type: EnumMeta | None = None, **kwargs: Any) -> Enum:
        if isinstance(value, str) and isinstance(data_type, EnumMeta):
            member = data_type._value2member_map_.get(value.strip())
            if member is not None:
                return member
        return super().deserialize(value, data_type, **kwargs)


converter.register_converter(Enum, _FastEnumConverter())


@functools.cache
def context() -> XmlContext:
    """The xsdata context shared by parser and serializer (it caches class metadata)."""
    return XmlContext()


@functools.cache
def _class_index() -> dict[tuple[str, str], type[Any]]:
    """Root-element classes of every generated module, keyed by (namespace, element name)."""
    index: dict[tuple[str, str], type[Any]] = {}
    for info in pkgutil.walk_packages(_generated.__path__, _generated.__name__ + "."):
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if not (isinstance(value, type) and dataclasses.is_dataclass(value)):
                continue
            if value.__module__ != module.__name__:
                continue
            meta = getattr(value, "Meta", None)
            namespace = getattr(meta, "namespace", None)
            if namespace:
                index.setdefault((namespace, getattr(meta, "name", name)), value)
    return index


def _snake(word: str) -> str:
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", word).lower()


def _module_name(message_type: MessageType) -> str | None:
    """Where tools/regenerate.py puts a message's binding: CIM one module per XSD file, ebIX
    after its namespace (``urn:no:elhub:emif:market:RequestStartOfSupply:v2`` →
    ``ebix.no.elhub.emif.market.request_start_of_supply.v2``)."""
    if message_type.standard is Standard.CIM:
        return f"{_generated.__name__}.cim.{message_type.schema_file.stem}"
    if message_type.standard is not Standard.EBIX:
        return None
    parts = message_type.namespace.removeprefix("urn:").split(":")
    return f"{_generated.__name__}.ebix." + ".".join(_snake(part) for part in parts)


@functools.cache
def _direct_class(namespace: str, name: str, module_name: str) -> type[Any] | None:
    try:
        module = importlib.import_module(module_name)
    except ImportError:
        return None
    for attribute, value in vars(module).items():
        meta = getattr(value, "Meta", None)
        if (
            isinstance(value, type)
            and dataclasses.is_dataclass(value)
            and value.__module__ == module_name
            and getattr(meta, "namespace", None) == namespace
            and getattr(meta, "name", attribute) == name
        ):
            return value
    return None


def binding_class(message_type: MessageType) -> type[Any]:
    """The generated dataclass for a message type."""
    # Import only the message's own module (each costs start-up time: validate reads one
    # document); the index of every module is the fallback for a layout we did not foresee.
    module_name = _module_name(message_type)
    found = module_name and _direct_class(message_type.namespace, message_type.name, module_name)
    if found:
        return found
    try:
        return _class_index()[(message_type.namespace, message_type.name)]
    except KeyError:
        raise BindingError(
            f"no generated binding for {message_type.qname}: run tools/regenerate.py"
        ) from None


def message_qname(instance: object) -> tuple[str, str]:
    """``(namespace, element name)`` of a bound root object."""
    meta = getattr(type(instance), "Meta", None)
    namespace = getattr(meta, "namespace", None)
    if not dataclasses.is_dataclass(instance) or not namespace:
        raise BindingError(f"{type(instance).__name__} is not an elhub-cim message binding")
    return namespace, getattr(meta, "name", type(instance).__name__)


def _parser() -> XmlParser:
    parser: XmlParser | None = getattr(_local, "parser", None)
    if parser is None:
        config = ParserConfig(
            fail_on_unknown_properties=True,
            fail_on_unknown_attributes=True,
            fail_on_converter_warnings=True,
        )
        parser = XmlParser(config=config, context=context(), handler=LxmlEventHandler)
        _local.parser = parser
    return parser


def bind(root: etree._Element, message_type: MessageType, *, name: str = "<input>") -> Any:
    """Bind a validated tree. The tree is consumed (xsdata clears elements as it goes)."""
    cls = binding_class(message_type)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", ConverterWarning)
            return _parser().parse(root, cls)
    except (ParserError, ConverterWarning, ValueError, TypeError) as exc:
        raise BindingError(
            [
                Problem(
                    "BIND_FAILED",
                    mask_identity_numbers(str(exc)).replace("\n", " "),
                    file=name,
                    path=f"/{message_type.name}",
                )
            ]
        ) from exc
