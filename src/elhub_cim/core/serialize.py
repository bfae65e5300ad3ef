"""Stage 5: typed object → UTF-8 XML.

Output has an XML declaration, stable namespace prefixes (``rsm``/``abie`` for ebIX as Elhub
writes them, ``cim`` for CIM documents), never an ``xsi:schemaLocation``, and is pretty-printed
or compact on request.
"""

from __future__ import annotations

import functools

from xsdata.formats.dataclass.serializers import XmlSerializer
from xsdata.formats.dataclass.serializers.config import SerializerConfig

from .binding import context, message_qname
from .catalog import Standard, standard_of

__all__ = ["EBIX_ABIE", "EBIX_BDT", "namespace_map", "to_xml"]

EBIX_ABIE = "urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2"
EBIX_BDT = "urn:no:elhub:emif:common:BusinessDataType:v2"


def namespace_map(namespace: str) -> dict[str | None, str]:
    """The prefixes we write for a document in ``namespace``."""
    standard = standard_of(namespace)
    if standard is Standard.EBIX:
        return {"rsm": namespace, "abie": EBIX_ABIE}
    return {"cim": namespace}


@functools.cache
def _serializer(pretty: bool) -> XmlSerializer:
    config = SerializerConfig(
        indent="  " if pretty else None,
        xml_declaration=True,
        encoding="UTF-8",
    )
    return XmlSerializer(config=config, context=context())


def to_xml(instance: object, *, pretty: bool = True) -> bytes:
    """Serialize a bound message to UTF-8 bytes (not validated here: see ``elhub_cim.write``)."""
    namespace, _ = message_qname(instance)
    text = _serializer(pretty).render(instance, ns_map=namespace_map(namespace))
    if not text.endswith("\n"):
        text += "\n"
    return text.encode("utf-8")
