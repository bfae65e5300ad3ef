"""Customer notices when a customer relationship ends (BRS-NO-102, 103, 123, 201, 211, 305).

    from elhub_cim.notices import CsvContactRegister, CsvPartyRegister, Notifier, Outbox

    notifier = Notifier(CsvContactRegister.load("contacts.csv"),
                        parties=CsvPartyRegister.load("grid-companies.csv"),
                        sender="Nettselskapet AS <varsel@nett.example>")
    for outcome in notifier.run([("in.xml", Path("in.xml"))], Outbox("outbox")):
        print(outcome.format())

- :mod:`.triggers`: which process steps end a relationship (one table), the idempotency key;
- :mod:`.registers`: the caller's contact and party registers (protocols, CSV readers);
- :mod:`.render`: the text (Jinja2 templates in nb, nn, en) and the MIME e-mail;
- :mod:`.delivery`: an outbox of ``.eml`` files, or SMTP;
- :mod:`.service`: all of it for a batch, one :class:`Outcome` per input.

See docs/notices.md.
"""

from __future__ import annotations

from ..core.extras import require

require("notices")  # a clear message naming the extra when it is not installed

from .delivery import Delivery, Outbox, SmtpDelivery
from .registers import (
    LANGUAGES,
    Contact,
    ContactRegister,
    CsvContactRegister,
    CsvPartyRegister,
    GridCompany,
    GridCompanyLookup,
    Language,
    PartyRegister,
    RegisterError,
)
from .render import NoticeTemplateError, RenderedNotice, Renderer, build_email
from .service import Notice, Notifier, Outcome, Refusal, Status, format_address, summary_line
from .triggers import (
    TRIGGER_TABLE,
    Ending,
    EndingKind,
    NoTrigger,
    TriggerRule,
    decide,
    idempotency_key,
    merge_endings,
    trigger_table_markdown,
)

__all__ = [
    "LANGUAGES",
    "TRIGGER_TABLE",
    "Contact",
    "ContactRegister",
    "CsvContactRegister",
    "CsvPartyRegister",
    "Delivery",
    "Ending",
    "EndingKind",
    "GridCompany",
    "GridCompanyLookup",
    "Language",
    "NoTrigger",
    "Notice",
    "NoticeTemplateError",
    "Notifier",
    "Outbox",
    "Outcome",
    "PartyRegister",
    "Refusal",
    "RegisterError",
    "RenderedNotice",
    "Renderer",
    "SmtpDelivery",
    "Status",
    "TriggerRule",
    "build_email",
    "decide",
    "format_address",
    "idempotency_key",
    "merge_endings",
    "summary_line",
    "trigger_table_markdown",
]
