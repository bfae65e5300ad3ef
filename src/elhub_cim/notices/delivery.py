"""Where notices go: ``.eml`` files in an outbox folder, or an SMTP server.

The outbox is also the record of what was delivered: a notice is written as ``<key>.eml`` (the
idempotency key), atomically and never over an existing file, so an existing file means the
notice was already written (or, with SMTP, already sent) and the new one is a duplicate.
"""

from __future__ import annotations

import contextlib
import os
import re
import smtplib
import ssl
from email.message import EmailMessage
from pathlib import Path
from types import TracebackType
from typing import Protocol

from ..core.arguments import checked_flag, checked_name, checked_path
from ..core.errors import shown_argument
from ..core.staging import is_leftover
from ..pipeline import write_file

__all__ = ["Delivery", "NotRecordedError", "Outbox", "SmtpDelivery"]


class NotRecordedError(Exception):
    """A notice was sent, but its record could not be written: a later run sends it again."""

    def __init__(self, where: str, error: OSError) -> None:
        super().__init__(where, error)
        self.where = where
        self.error = error


class Delivery(Protocol):
    """A way to deliver notices. ``verb`` is ``"written"`` or ``"sent"``."""

    verb: str

    def already_delivered(self, key: str) -> str | None:
        """Where the notice with ``key`` was delivered before (for the report), or ``None``."""
        ...

    def deliver(self, key: str, message: EmailMessage) -> str:
        """Deliver; return where to (for the report). Raises ``FileExistsError`` when the notice
        turned out to be delivered meanwhile, ``OSError`` / ``smtplib.SMTPException`` on
        failure."""
        ...


class Outbox:
    """``.eml`` files (RFC 5322, CRLF line ends) in a folder."""

    verb = "written"

    def __init__(self, folder: str | Path) -> None:
        checked_path(folder, "folder")  # ("" too: the notices would go where we run)
        self.folder = Path(folder)

    def path_for(self, key: str) -> Path:
        return self.folder / f"{key}.eml"

    def already_delivered(self, key: str) -> str | None:
        path = self.path_for(key)
        return str(path) if path.exists() else None

    def deliver(self, key: str, message: EmailMessage) -> str:
        path = self.path_for(key)
        write_file(path, message.as_bytes(), overwrite=False)  # FileExistsError: a duplicate
        return str(path)

    def remove_leftovers(self) -> None:
        """Remove the temporary notices (``.KEY.eml.XXXXXXXX.tmp``) that a run killed while
        writing one left here: no other run would; nothing else of the folder's."""
        try:
            entries = list(os.scandir(self.folder))
        except OSError:
            return
        for entry in entries:
            found = _STAGED_NOTICE.fullmatch(entry.name)
            if found is not None and is_leftover(entry.name, found.group(1)):
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)


#: A notice's staged name (elhub_cim.core.staging), with the notice's own name.
_STAGED_NOTICE = re.compile(r"\.(.+\.eml)\.[A-Za-z0-9_]{8}\.tmp", re.DOTALL)


class SmtpDelivery:
    """Sends over one SMTP connection (opened by ``with``, reopened once if the server hangs up).

    ``starttls`` upgrades the connection before anything is sent (with ``ssl_context``, the
    system's trust store by default); credentials are used only over STARTTLS. With ``record``,
    every sent notice is also written to that outbox, which then makes a later run skip it.
    """

    verb = "sent"

    def __init__(
        self,
        host: str,
        port: int,
        *,
        starttls: bool = False,
        ssl_context: ssl.SSLContext | None = None,
        username: str | None = None,
        password: str | None = None,
        timeout: float = 30.0,
        record: Outbox | None = None,
    ) -> None:
        if not isinstance(host, str):
            raise TypeError(f"host is a str, not {type(host).__name__}")
        if not host or not host.isprintable() or any(c.isspace() for c in host):
            # ("" connected nowhere: open() failed with "please run connect() first"; a host
            # with a space inside is no name, and failed at open() as one nobody knows)
            raise ValueError(
                f"host is a host name or address (e.g. 'smtp.example'), not {shown_argument(host)}"
            )
        if isinstance(port, bool) or not isinstance(port, int):
            raise TypeError(f"port is a number from 1 to 65535, not {type(port).__name__}")
        if not 1 <= port <= 65535:
            raise ValueError(f"port is a number from 1 to 65535, not {shown_argument(port)}")
        checked_flag(starttls, "starttls")
        if isinstance(timeout, bool) or not isinstance(timeout, int | float):
            kind = type(timeout).__name__
            raise TypeError(f"timeout is a number of seconds, more than 0, not {kind}")
        if not 0 < timeout < float("inf"):
            shown = shown_argument(timeout)
            raise ValueError(f"timeout is a number of seconds, more than 0, not {shown}")
        if record is not None and not isinstance(record, Outbox):
            raise TypeError(f"record is an Outbox or None, not {type(record).__name__}")
        checked_name(username, "username")
        checked_name(password, "password")
        if (username or password) and not starttls:
            raise ValueError("SMTP credentials are sent only over STARTTLS (use --starttls)")
        self.host, self.port = host, port
        self.starttls = starttls
        self.ssl_context = ssl_context
        self.username, self.password = username, password
        self.timeout = timeout
        self.record = record
        self._smtp: smtplib.SMTP | None = None

    @property
    def where(self) -> str:
        return f"smtp://{self.host}:{self.port}"

    def open(self) -> None:
        smtp = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        try:
            smtp.ehlo()
            if self.starttls:
                smtp.starttls(context=self.ssl_context or ssl.create_default_context())
                smtp.ehlo()
            if self.username and self.password:
                smtp.login(self.username, self.password)
        except BaseException:
            smtp.close()
            raise
        self._smtp = smtp

    def close(self) -> None:
        if self._smtp is not None:
            try:
                self._smtp.quit()
            except (smtplib.SMTPException, OSError):
                self._smtp.close()
            self._smtp = None

    def __enter__(self) -> SmtpDelivery:
        self.open()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def already_delivered(self, key: str) -> str | None:
        return self.record.already_delivered(key) if self.record else None

    def deliver(self, key: str, message: EmailMessage) -> str:
        if self._smtp is None:
            self.open()
        assert self._smtp is not None
        try:
            self._smtp.send_message(message)
        except smtplib.SMTPServerDisconnected:
            self._smtp = None
            self.open()
            assert self._smtp is not None
            self._smtp.send_message(message)
        where = self.where
        if self.record is not None:
            try:
                where += f" (recorded in {self.record.deliver(key, message)})"
            except FileExistsError:  # recorded meanwhile by another run: it is sent all the same
                where += " (already recorded)"
            except OSError as error:  # sent all the same: said so, not "not delivered"
                raise NotRecordedError(where, error) from error
        return where
