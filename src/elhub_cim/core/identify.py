"""Stage 2: which message is this? Decided by the root element's namespace and name only."""

from __future__ import annotations

import difflib

from lxml import etree

from .catalog import MessageType, Standard, catalog, standard_of
from .errors import Problem, UnknownDocumentError, mask_identity_numbers, shown_value
from .safeparse import ParsedDocument

__all__ = ["identify", "identify_root", "nordic_not_taken"]


def identify_root(root: etree._Element, *, name: str = "<input>") -> MessageType:
    """The :class:`MessageType` of a root element, or :class:`UnknownDocumentError`."""
    tag = root.tag
    if not isinstance(tag, str):  # a comment or processing instruction given as the root
        raise TypeError(f"identify_root() takes an element, not {type(root).__name__}")
    # (the tag's own text rather than an etree.QName: a third of the time, on every input)
    namespace: str | None
    if tag[:1] == "{":
        namespace, _, local = tag[1:].partition("}")
    else:
        namespace, local = None, tag
    known = catalog()
    found = known.get((namespace or "", local))
    if found is not None:
        return found
    line = root.sourceline if isinstance(root.sourceline, int) else None
    # Input values are echoed short: a namespace URI of megabytes is refused in one line.
    shown_namespace, local = shown_value(namespace or ""), shown_value(local)
    if namespace is None:
        message = (
            f"root element '{local}' has no namespace; Elhub and CIM messages are always "
            "namespace-qualified"
        )
    elif standard_of(namespace) is None:
        message = f"unknown namespace '{shown_namespace}' (root element '{local}')"
    elif standard_of(namespace) is Standard.NORDIC_EDIEL:
        message = nordic_not_taken(f"'{local}' in namespace '{shown_namespace}'")
    else:
        in_namespace = [n for (ns, n) in known if ns == namespace]
        if in_namespace:
            message = (
                f"root element '{local}' is not defined in namespace '{shown_namespace}' "
                f"(expected {', '.join(sorted(in_namespace))})"
            )
        else:
            guess = difflib.get_close_matches(namespace, [ns for ns, _ in known], n=1)
            hint = f"; did you mean '{guess[0]}'?" if guess else ""
            message = (
                f"unknown message namespace '{shown_namespace}' (root element '{local}'){hint}"
            )
    raise UnknownDocumentError(
        [
            Problem(
                "DOC_UNKNOWN",
                mask_identity_numbers(message),
                file=name,
                line=line,
                path=mask_identity_numbers(f"/{local}"),
            )
        ]
    )


def nordic_not_taken(what: str) -> str:
    """Why a Nordic Ediel document (``what``) is not validated or read as it is."""
    return (
        f"a Nordic Ediel document ({what}): validate and read take ebIX and CIM profile "
        "documents; convert it into the profile (convert --to cim; --brs names its BRS where "
        "its process type is several processes, as E65 is 102, 103 and 123)"
    )


def identify(document: ParsedDocument) -> MessageType:
    """The :class:`MessageType` of a parsed document."""
    if not isinstance(document, ParsedDocument):
        # A caller's bytes or text would otherwise fail deep inside as an AttributeError.
        raise TypeError(
            "identify() takes a ParsedDocument (from elhub_cim.parse), "
            f"not {type(document).__name__}"
        )
    return identify_root(document.root, name=document.name)
