"""The notice text (Jinja2 templates, nb / nn / en) and the MIME e-mail around it.

Templates are files: ``<language>/subject.txt``, ``<language>/body.txt`` and
``<language>/body.html`` under ``templates/`` in this package. A caller's folder
(``Renderer(templates=DIR)``, ``--templates DIR``) is searched first, so overriding one file is
enough. The HTML part is autoescaped; the text parts are not (they are plain text). Templates run
in Jinja's sandbox with undefined variables as errors. The variables are listed in docs/notices.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from email.errors import MessageError
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, parseaddr
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from ..core.arguments import checked_name, checked_path
from ..core.errors import ElhubCimError, shown_argument, shown_name, shown_value
from .registers import LANGUAGES, Language

__all__ = [
    "DEFAULT_TEMPLATES",
    "NoticeTemplateError",
    "RenderedNotice",
    "Renderer",
    "build_email",
    "parse_sender",
]

DEFAULT_TEMPLATES = Path(__file__).parent / "templates"
TEMPLATE_FILES = ("subject.txt", "body.txt", "body.html")


class NoticeTemplateError(ElhubCimError):
    """A template is missing, broken, or uses a variable that does not exist."""

    default_code = "NOTICE_TEMPLATE"


@dataclass(frozen=True, slots=True)
class RenderedNotice:
    subject: str
    text: str
    html: str


class Renderer:
    """Renders the three parts of a notice in one language."""

    def __init__(self, templates: str | Path | None = None) -> None:
        checked_path(templates, "templates", optional=True)
        folders = [str(DEFAULT_TEMPLATES)]
        if templates is not None:
            if not Path(templates).is_dir():  # (the caller's: not NOTICE_TEMPLATE of an input)
                raise ValueError(f"templates is a folder: {shown_name(templates)} is no folder")
            folders.insert(0, str(templates))
        self.environment = SandboxedEnvironment(
            loader=jinja2.ChoiceLoader([jinja2.FileSystemLoader(f) for f in folders]),
            autoescape=jinja2.select_autoescape(
                enabled_extensions=("html", "htm"), default_for_string=False, default=False
            ),
            undefined=jinja2.StrictUndefined,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
        )

    def render(self, language: Language, context: Mapping[str, Any]) -> RenderedNotice:
        if language not in LANGUAGES:  # (else "template x/subject.txt not found", of no input)
            raise ValueError(
                f"language is one of {', '.join(LANGUAGES)}, not {shown_argument(language)}"
            )
        parts: list[str] = []
        for file in TEMPLATE_FILES:
            name = f"{language}/{file}"
            try:
                parts.append(self.environment.get_template(name).render(context))
            except jinja2.TemplateNotFound:
                raise NoticeTemplateError(f"template {name} not found") from None
            except jinja2.TemplateError as error:
                # The message names the template and the problem, never a variable's value.
                raise NoticeTemplateError(f"template {name}: {error.message}") from None
        subject, text, html = parts
        return RenderedNotice(subject=" ".join(subject.split()), text=text, html=html)


def parse_sender(sender: str) -> tuple[str, str]:
    """(display name, address) of a From value such as ``Nett AS <varsel@nett.example>``."""
    if any(ch in sender for ch in "\r\n"):
        raise ValueError("sender is one line (a From value), not several")
    display, address = parseaddr(sender)
    if "@" not in address:
        raise ValueError(
            f"sender is an e-mail address (e.g. 'Nett AS <varsel@nett.example>'), "
            f"not {shown_value(sender, 80)!r}"
        )
    return display, address


def build_email(
    rendered: RenderedNotice,
    *,
    sender: str,
    recipient: str,
    recipient_name: str | None,
    key: str,
    language: Language,
    now: datetime,
) -> EmailMessage:
    """A multipart/alternative message (text, then HTML; UTF-8) with a Message-ID from ``key``.
    Arguments of the wrong type or value are a TypeError or ValueError that names them."""
    if not isinstance(rendered, RenderedNotice):
        raise TypeError(f"build_email() takes a RenderedNotice, not {type(rendered).__name__}")
    for name, value in (("sender", sender), ("recipient", recipient), ("key", key)):
        if not isinstance(value, str):
            raise TypeError(f"{name} is a str, not {type(value).__name__}")
    checked_name(recipient_name, "recipient_name")
    if language not in LANGUAGES:
        shown = shown_argument(language)
        raise ValueError(f"language is one of {', '.join(LANGUAGES)}, not {shown}")
    if not isinstance(now, datetime):
        raise TypeError(f"now is an aware datetime.datetime, not {type(now).__name__}")
    if now.utcoffset() is None:
        raise ValueError("now is an aware datetime (with its time zone): the Date header needs one")
    display, address = parse_sender(sender)
    domain = address.rsplit("@", 1)[1]
    message = EmailMessage(policy=SMTP)
    message["From"] = Address(display_name=display, addr_spec=address)
    try:
        to = Address(display_name=recipient_name or "", addr_spec=recipient)
    except (ValueError, IndexError, MessageError):  # (email's defects; "" and "name@": IndexError)
        to = None
    if to is None or not to.username or not to.domain:
        # (not shown: a customer's address is personal data)
        raise ValueError("recipient is an e-mail address (local@domain), not one email can use")
    message["To"] = to
    message["Subject"] = rendered.subject
    message["Date"] = format_datetime(now)
    message["Message-ID"] = f"<{key}@{domain}>"
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no auto-replies, please
    message["X-Elhub-Cim-Notice"] = key
    message.set_content(rendered.text, charset="utf-8")
    message.add_alternative(rendered.html, subtype="html", charset="utf-8")
    # After add_alternative, which moves Content-* headers into the first part.
    message["Content-Language"] = language
    return message
