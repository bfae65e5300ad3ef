"""Customer notices over SMTP, against a real SMTP server (aiosmtpd) on loopback."""

from __future__ import annotations

import email
import email.policy
import shutil
import socket
import ssl
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from elhub_cim.cli import main
from elhub_cim.notices import Notifier, Outbox, SmtpDelivery, Status
from tests.test_notices import (
    EBIX,
    FIXED_NOW,
    MP_MOVE_IN,
    SENDER,
    contacts,
    old_customer,
    parties,
)

aiosmtpd_controller = pytest.importorskip(
    "aiosmtpd.controller", reason="aiosmtpd (dev extra) runs the local SMTP server"
)
from aiosmtpd.smtp import AuthResult, LoginPassword  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
USER, PASSWORD = "notices", "s3cret-for-tests"


@dataclass
class Capture:
    """An aiosmtpd handler that keeps what it receives."""

    messages: list[tuple[str, list[str], bytes]] = field(default_factory=list)
    logins: list[str] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return "250 OK"

    def authenticate(
        self, server: Any, session: Any, envelope: Any, mechanism: str, data: Any
    ) -> AuthResult:
        if isinstance(data, LoginPassword) and (data.login, data.password) == (
            USER.encode(),
            PASSWORD.encode(),
        ):
            self.logins.append(mechanism)
            return AuthResult(success=True)
        return AuthResult(success=False, handled=False)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture
def smtp_server() -> Iterator[tuple[Capture, int]]:
    capture = Capture()
    port = free_port()
    controller = aiosmtpd_controller.Controller(capture, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield capture, port
    finally:
        controller.stop()


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 made here: with `cryptography` when installed, else openssl."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    try:
        import datetime as dt

        from cryptography import x509  # type: ignore[import-not-found, unused-ignore]
        from cryptography.hazmat.primitives import (  # type: ignore[import-not-found, unused-ignore]
            hashes,
            serialization,
        )
        from cryptography.hazmat.primitives.asymmetric import (  # type: ignore[import-not-found, unused-ignore]
            ec,
        )
        from cryptography.x509.oid import NameOID  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        openssl = shutil.which("openssl")
        if openssl is None:
            pytest.skip("STARTTLS test needs a certificate: neither cryptography nor openssl here")
        subprocess.run(
            [
                openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                "-nodes", "-keyout", str(key), "-out", str(cert), "-days", "1",
                "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
            ],
            check=True,
            capture_output=True,
        )  # fmt: skip
        return cert, key
    private = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    import ipaddress

    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(private.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(private, hashes.SHA256())
    )
    cert.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key.write_bytes(
        private.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert, key


@pytest.fixture
def tls_server(tmp_path: Path) -> Iterator[tuple[Capture, int, Path]]:
    cert, key = self_signed_certificate(tmp_path)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    capture = Capture()
    port = free_port()
    controller = aiosmtpd_controller.Controller(
        capture,
        hostname="127.0.0.1",
        port=port,
        tls_context=context,
        require_starttls=True,
        authenticator=capture.authenticate,
    )
    controller.start()
    try:
        yield capture, port, cert
    finally:
        controller.stop()


def received(data: bytes) -> EmailMessage:
    message = email.message_from_bytes(data, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    return message


def test_notices_are_sent_to_a_real_smtp_server(
    smtp_server: tuple[Capture, int], tmp_path: Path
) -> None:
    capture, port = smtp_server
    notifier = Notifier(
        contacts(old_customer()),
        parties=parties(),
        sender="Trøndelag Nettdrift AS <varsel@nett.example>",
        clock=lambda: FIXED_NOW,
    )
    record = Outbox(tmp_path)
    inputs = [
        ("confirm", EBIX / "ConfirmStartOfSupply.xml"),
        ("notify", EBIX / "NotifyStartOfSupply.xml"),
    ]
    with SmtpDelivery("127.0.0.1", port, record=record) as delivery:
        outcomes = notifier.run(inputs, delivery)
    assert [o.status for o in outcomes] == [Status.SENT, Status.DUPLICATE]
    assert len(capture.messages) == 1
    mail_from, rcpt_tos, data = capture.messages[0]
    assert mail_from == "varsel@nett.example"
    assert rcpt_tos == ["ingrid.lie@example.com"]
    message = received(data)
    assert message.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in message.iter_parts()] == ["text/plain", "text/html"]
    assert message["Subject"].startswith("Kundeforholdet ditt for strøm i Kjøpmannsgata 12")
    key = outcomes[0].key
    assert message["Message-ID"] == f"<{key}@nett.example>"
    assert message["Date"]
    text = message.get_body(("plain",))
    assert text is not None
    assert MP_MOVE_IN in text.get_content()
    assert "Vennlig hilsen\r\nTrøndelag Nettdrift AS" in text.get_content()
    # Recorded: the next run sends nothing.
    assert record.already_delivered(str(key))
    with SmtpDelivery("127.0.0.1", port, record=record) as delivery:
        again = notifier.run(inputs, delivery)
    assert [o.status for o in again] == [Status.DUPLICATE, Status.DUPLICATE]
    assert len(capture.messages) == 1


def test_a_notice_sent_but_not_recorded_is_not_reported_undelivered(
    smtp_server: tuple[Capture, int], tmp_path: Path
) -> None:
    # The record folder could not be written (here a link to a folder not there) after the
    # server took the notice: the outcome said "not delivered", and the customer had it.
    capture, port = smtp_server
    notifier = Notifier(contacts(old_customer()), parties=parties(), sender=SENDER)
    folder = tmp_path / "sent"
    folder.symlink_to(tmp_path / "gone")
    with SmtpDelivery("127.0.0.1", port, record=Outbox(folder)) as delivery:
        outcomes = notifier.run([("n", EBIX / "NotifyStartOfSupply.xml")], delivery)
    assert len(capture.messages) == 1
    (outcome,) = outcomes
    assert outcome.status is Status.ERROR  # a person must look: a later run sends it again
    assert outcome.io_error
    assert "not delivered" not in outcome.detail
    assert f"sent to smtp://127.0.0.1:{port} but not recorded" in outcome.detail
    assert "a later run sends it again" in outcome.detail


def test_a_refused_recipient_is_an_error_outcome(
    smtp_server: tuple[Capture, int], tmp_path: Path
) -> None:
    _, port = smtp_server
    notifier = Notifier(contacts(old_customer()), parties=parties(), sender=SENDER)

    class Refusing(SmtpDelivery):
        def deliver(self, key: str, message: EmailMessage) -> str:
            raise __import__("smtplib").SMTPRecipientsRefused({"x@example.com": (550, b"no")})

    with Refusing("127.0.0.1", port) as delivery:
        outcomes = notifier.run([("n", EBIX / "NotifyStartOfSupply.xml")], delivery)
    assert outcomes[0].status is Status.ERROR
    assert outcomes[0].io_error
    assert "refused the recipient" in outcomes[0].detail
    assert "@" not in outcomes[0].format()  # no recipient address in the report


def test_credentials_need_starttls() -> None:
    with pytest.raises(ValueError, match="STARTTLS"):
        SmtpDelivery("127.0.0.1", 25, username=USER, password=PASSWORD)


def test_starttls_and_login_through_the_command_line(
    tls_server: tuple[Capture, int, Path], tmp_path: Path
) -> None:
    capture, port, cert = tls_server
    result = CliRunner().invoke(
        main,
        [
            "notice",
            str(EBIX / "ConfirmStartOfSupply.xml"),
            str(EBIX / "NotifyStartOfSupply.xml"),
            "--register",
            str(ROOT / "examples" / "notices" / "contacts.csv"),
            "--grid-companies",
            str(ROOT / "examples" / "notices" / "grid-companies.csv"),
            "--smtp",
            f"127.0.0.1:{port}",
            "--starttls",
            "--smtp-cafile",
            str(cert),
            "--from",
            "Trøndelag Nettdrift AS <varsel@nett.example>",
        ],
        env={"ELHUB_CIM_SMTP_USER": USER, "ELHUB_CIM_SMTP_PASSWORD": PASSWORD},
    )
    assert result.exit_code == 0, result.output
    assert "2 inputs: 1 notices sent" in result.output
    assert capture.logins  # logged in, over TLS (aiosmtpd refuses AUTH without it)
    assert len(capture.messages) == 1
    message = received(capture.messages[0][2])
    assert message["Content-Language"] == "nn"  # Ingrid Lie reads nynorsk
    assert PASSWORD not in result.output


def test_plain_smtp_to_a_server_that_requires_starttls_fails_cleanly(
    tls_server: tuple[Capture, int, Path],
) -> None:
    _, port, _ = tls_server
    result = CliRunner().invoke(
        main,
        [
            "notice",
            str(EBIX / "ConfirmStartOfSupply.xml"),
            str(EBIX / "NotifyStartOfSupply.xml"),
            "--register",
            str(ROOT / "examples" / "notices" / "contacts.csv"),
            "--grid-companies",
            str(ROOT / "examples" / "notices" / "grid-companies.csv"),
            "--smtp",
            f"127.0.0.1:{port}",
        ],
        env={"ELHUB_CIM_NOTICE_FROM": SENDER},
    )
    assert result.exit_code == 2, result.output
    assert "not delivered" in result.output
    assert "2 inputs: 0 notices sent" in result.output


def test_an_unreachable_smtp_server_is_an_io_error() -> None:
    result = CliRunner().invoke(
        main,
        [
            "notice",
            str(EBIX / "ConfirmStartOfSupply.xml"),
            "--register",
            str(ROOT / "examples" / "notices" / "contacts.csv"),
            "--smtp",
            f"127.0.0.1:{free_port()}",
        ],
        env={"ELHUB_CIM_NOTICE_FROM": SENDER},
    )
    assert result.exit_code == 2
    assert "cannot use the SMTP server" in result.output
