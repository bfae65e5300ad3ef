"""Hostile and broken input: every case is refused with a clear code, quickly, without leaks.

The parser must treat XML as hostile: no network, no external entities, no DTD loading, no
recovery mode, bounded sizes and depth. For each input we check three faces of the library:

* the API: ``elhub_cim.validate`` returns problems with a specific code (and a line where one
  makes sense) and ``elhub_cim.read`` raises the right :class:`ElhubCimError` subclass;
* the CLI: ``elhub-cim validate FILE`` exits 1 and prints ``FILE:LINE: CODE message``;
* robustness: nothing crashes, hangs or balloons in memory (small time and memory budgets).
"""

from __future__ import annotations

import functools
import json
import os
import re
import resource
import shutil
import socket
import subprocess
import sys
import threading
import time
import tracemalloc
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from lxml import etree
from stdnum.no import fodselsnummer

import elhub_cim
from elhub_cim.cli import main
from elhub_cim.core.errors import (
    MASK,
    ElhubCimError,
    InputTooLargeError,
    MalformedXmlError,
    Problem,
    SchemaViolationError,
    UnknownDocumentError,
    printable,
)
from elhub_cim.formats.cimjson import JsonInputError

PROJECT_ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = PROJECT_ROOT / "examples" / "ebix" / "RequestStartOfSupply-move-in.xml"
RSM_NS = "urn:no:elhub:emif:market:RequestStartOfSupply:v2"
DECLARATION = "<?xml version='1.0' encoding='UTF-8'?>\n"

#: Time budget for one refused input (API or CLI); generous for slow CI machines.
BUDGET_S = 3.0
#: Largest acceptable growth of the process's peak RSS while handling one hostile input.
RSS_BUDGET_MB = 200

#: A small valid RequestStartOfSupply (EMIF 2.4), used when the project's example is absent or
#: no longer valid. It contains 'ø' and 'Æ' (needed by the encoding tests).
INLINE_MESSAGE = """\
<rsm:RequestStartOfSupply xmlns:rsm="urn:no:elhub:emif:market:RequestStartOfSupply:v2" \
xmlns:abie="urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2">
  <rsm:Header>
    <abie:Identification>0b5f4c1e-2f7e-4b8e-9a51-3c2d8f6e7a10</abie:Identification>
    <abie:DocumentType listAgencyIdentifier="6">392</abie:DocumentType>
    <abie:Creation>2026-04-14T10:12:03+02:00</abie:Creation>
    <abie:PhysicalSenderEnergyParty>
      <abie:Identification schemeAgencyIdentifier="9">7080009035817</abie:Identification>
    </abie:PhysicalSenderEnergyParty>
    <abie:JuridicalSenderEnergyParty>
      <abie:Identification schemeAgencyIdentifier="9">7080004312159</abie:Identification>
    </abie:JuridicalSenderEnergyParty>
    <abie:JuridicalRecipientEnergyParty>
      <abie:Identification schemeAgencyIdentifier="9">7080001473624</abie:Identification>
    </abie:JuridicalRecipientEnergyParty>
  </rsm:Header>
  <rsm:ProcessEnergyContext>
    <abie:EnergyBusinessProcess listAgencyIdentifier="89">BRS-NO-102</abie:EnergyBusinessProcess>
    <abie:EnergyBusinessProcessRole listAgencyIdentifier="6">DDQ</abie:EnergyBusinessProcessRole>
    <abie:EnergyIndustryClassification>23</abie:EnergyIndustryClassification>
  </rsm:ProcessEnergyContext>
  <rsm:PayloadMPEvent>
    <abie:StartOfOccurrence>2026-05-01T00:00:00+02:00</abie:StartOfOccurrence>
    <abie:MeteringPointUsedDomainLocation>
      <abie:Identification schemeAgencyIdentifier="9">707057500421739658</abie:Identification>
    </abie:MeteringPointUsedDomainLocation>
    <abie:BalanceSupplierInvolvedEnergyParty>
      <abie:Identification schemeAgencyIdentifier="9">7080004312159</abie:Identification>
    </abie:BalanceSupplierInvolvedEnergyParty>
    <abie:ConsumerInvolvedCustomerParty>
      <abie:Identification schemeAgencyIdentifier="82">921548737</abie:Identification>
      <abie:Name>Bakeri Ærfuglen AS</abie:Name>
      <abie:ExtendedStorageMeteringValues>true</abie:ExtendedStorageMeteringValues>
    </abie:ConsumerInvolvedCustomerParty>
    <abie:ConsumerInvolvedCustomerAddress>
      <abie:AddressType>postaladr</abie:AddressType>
      <abie:StreetName>Kjøpmannsgata</abie:StreetName>
      <abie:BuildingNumber>12</abie:BuildingNumber>
      <abie:Postcode>7013</abie:Postcode>
      <abie:CityName>TRONDHEIM</abie:CityName>
      <abie:CountryCode listAgencyIdentifier="5">NO</abie:CountryCode>
    </abie:ConsumerInvolvedCustomerAddress>
  </rsm:PayloadMPEvent>
</rsm:RequestStartOfSupply>"""


# --------------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------------


def _is_valid(body: str) -> bool:
    return elhub_cim.validate((DECLARATION + body).encode("utf-8"), name="<probe>").valid


@functools.cache
def valid_body() -> str:
    """The root element of a valid RequestStartOfSupply, as text without an XML declaration.

    Taken from the project's own example when it exists, is valid and contains 'ø' (the
    encoding tests need a non-ASCII letter); otherwise the inline message above.
    """
    if EXAMPLE.is_file():
        try:
            root = etree.fromstring(EXAMPLE.read_bytes(), etree.XMLParser(resolve_entities=False))
        except etree.XMLSyntaxError:
            root = None
        if root is not None and etree.QName(root).namespace == RSM_NS:
            body = etree.tostring(root, encoding="unicode")
            if "ø" in body and _is_valid(body):
                return body
    return INLINE_MESSAGE


def valid_message() -> bytes:
    """A complete valid message: UTF-8 declaration and the root element."""
    return (DECLARATION + valid_body()).encode("utf-8")


def synthetic_fodselsnummer() -> str:
    """A syntactically valid, synthetic fødselsnummer (born 1 January 1900, belongs to nobody
    in practice), computed here with its two check digits and confirmed by python-stdnum."""
    weights1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
    weights2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
    for individual in range(100, 500):  # 1900-1999 births use individual numbers 000-499
        digits = [int(c) for c in f"010100{individual:03d}"]
        k1 = (11 - sum(w * d for w, d in zip(weights1, digits, strict=True)) % 11) % 11
        if k1 == 10:
            continue
        k2 = (11 - sum(w * d for w, d in zip(weights2, [*digits, k1], strict=True)) % 11) % 11
        if k2 == 10:
            continue
        number = "".join(map(str, [*digits, k1, k2]))
        if fodselsnummer.is_valid(number):
            return number
    raise AssertionError("no synthetic fødselsnummer found")  # pragma: no cover


class _AnyLine:
    """Marker: the problem must carry some positive line number."""

    def __repr__(self) -> str:
        return "ANY_LINE"


ANY_LINE = _AnyLine()
LineExpectation = int | None | _AnyLine


@dataclass
class Outcome:
    """Everything a refused input produced, for further checks (e.g. leaks)."""

    result: elhub_cim.ValidationResult
    error: ElhubCimError
    cli_text: str
    cli_json: dict[str, Any]

    def all_text(self) -> str:
        """Every piece of text a user could see: problems, exception, CLI text and JSON."""
        parts = [p.format() for p in self.result.problems]
        parts += [repr(p) for p in self.result.problems]
        parts += [str(self.error), repr(self.error), *(repr(a) for a in self.error.args)]
        parts += [self.cli_text, json.dumps(self.cli_json, ensure_ascii=False)]
        return "\n".join(parts)


def _timed(call: Callable[[], Any]) -> tuple[Any, float]:
    start = time.monotonic()
    value = call()
    return value, time.monotonic() - start


def run_cli(*args: str, stdin: bytes | None = None) -> tuple[int, str, str]:
    """Run ``elhub-cim`` in-process; returns (exit code, stdout, stderr)."""
    runner = CliRunner()
    result = runner.invoke(main, list(args), input=stdin, catch_exceptions=True)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"CLI crashed: {result.exception!r}") from result.exception
    return result.exit_code, result.stdout, result.stderr


def _line_pattern(label: str, code: str, line: LineExpectation) -> re.Pattern[str]:
    if line is None:
        where = re.escape(label)
    elif isinstance(line, _AnyLine):
        where = re.escape(label) + r":[1-9]\d*"
    else:
        where = re.escape(label) + f":{line}"
    return re.compile(rf"^{where}: {re.escape(code)} \S.*$")


def assert_refused(
    path: Path,
    *,
    code: str,
    error: type[ElhubCimError],
    line: LineExpectation = ANY_LINE,
    words: tuple[str, ...] = (),
    budget: float = BUDGET_S,
    cli_options: tuple[str, ...] = (),
    max_bytes: int | None = None,
) -> Outcome:
    """Check the API, the CLI (text and JSON) and the time budget for one refused input.

    ``words``: case-insensitive fragments at least one of which the first problem's message must
    contain (what makes the message specific, e.g. "DOCTYPE" or "encoding").
    """
    label = str(path)
    kwargs: dict[str, Any] = {} if max_bytes is None else {"max_bytes": max_bytes}

    # (a) the API
    result, elapsed = _timed(lambda: elhub_cim.validate(path, **kwargs))
    assert elapsed < budget, f"validate took {elapsed:.2f}s"
    assert not result.valid
    assert result.problems, "an invalid input must carry at least one problem"
    first = result.problems[0]
    assert first.code == code, [p.format() for p in result.problems]
    assert first.file == label
    assert first.message.strip(), "the message must not be empty"
    for problem in result.problems:
        assert "\n" not in problem.message, f"multi-line message: {problem.message!r}"
        assert "Traceback" not in problem.message
    if line is None:
        assert first.line is None, first
    elif isinstance(line, _AnyLine):
        assert isinstance(first.line, int), f"expected a line number: {first.format()}"
        assert first.line >= 1
    else:
        assert first.line == line, first.format()
    if words:
        lowered = first.message.lower()
        assert any(w.lower() in lowered for w in words), (
            f"message not specific enough (expected one of {words}): {first.message!r}"
        )

    start = time.monotonic()
    with pytest.raises(error) as raised:
        elhub_cim.read(path, **kwargs)
    elapsed = time.monotonic() - start
    assert elapsed < budget, f"read took {elapsed:.2f}s"
    assert raised.value.code == code
    assert isinstance(raised.value, ValueError)

    # (b) the CLI, text and JSON
    (exit_code, stdout, stderr), elapsed = _timed(lambda: run_cli("validate", *cli_options, label))
    assert elapsed < budget, f"CLI took {elapsed:.2f}s"
    assert exit_code == 1, (exit_code, stdout, stderr)
    assert "Traceback" not in stdout + stderr
    lines = stdout.splitlines()
    assert len(lines) == len(result.problems), f"one line per problem expected:\n{stdout}"
    pattern = _line_pattern(label, code, line)
    assert pattern.match(lines[0]), f"{lines[0]!r} does not match {pattern.pattern!r}"

    exit_code, json_out, _ = run_cli("validate", "--format", "json", *cli_options, label)
    assert exit_code == 1
    document = json.loads(json_out)
    assert document["summary"]["invalid"] == 1
    (entry,) = document["results"]
    assert entry["valid"] is False
    assert entry["problems"][0]["code"] == code

    return Outcome(result=result, error=raised.value, cli_text=stdout + stderr, cli_json=document)


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far, in MB (Linux reports KiB)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 if sys.platform != "darwin" else peak / (1024 * 1024)


# --------------------------------------------------------------------------------------------
# fixtures: network trap and FIFO watcher
# --------------------------------------------------------------------------------------------


@pytest.fixture
def network_calls(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Any, ...]]:
    """Python-level network access raises and is recorded."""
    calls: list[tuple[Any, ...]] = []

    def refuse(*args: Any, **kwargs: Any) -> Any:
        calls.append(args)
        raise OSError("network access attempted during a hostile-input test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    return calls


@dataclass
class HttpTrap:
    """A local TCP listener: libxml2 does its own (C-level) networking, which a Python
    monkeypatch cannot see, so we also point URLs at a port we watch."""

    base_url: str
    connections: list[str]


@pytest.fixture
def http_trap() -> Iterator[HttpTrap]:
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    server.settimeout(0.05)
    port = server.getsockname()[1]
    trap = HttpTrap(base_url=f"http://127.0.0.1:{port}", connections=[])
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, peer = server.accept()
            except OSError:  # timeout or closed
                continue
            trap.connections.append(str(peer))
            conn.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield trap
    finally:
        stop.set()
        thread.join(timeout=2)
        server.close()


class FifoWatch:
    """A named pipe that records whether anything opened it for reading.

    A parser that loads a DTD or entity naming this path blocks in ``open()`` until a writer
    appears; the watcher polls with a non-blocking writer, notes the reader and feeds it a few
    bytes of junk, so a misbehaving parser is detected instead of hanging the test run.
    """

    def __init__(self, path: Path) -> None:
        os.mkfifo(path)
        self.path = path
        self.opened = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                fd = os.open(self.path, os.O_WRONLY | os.O_NONBLOCK)
            except OSError:  # ENXIO: nobody is reading
                time.sleep(0.002)
                continue
            self.opened.set()
            try:
                os.write(fd, b"junk that is not a DTD\n")
            except OSError:
                pass
            finally:
                os.close(fd)

    def __enter__(self) -> FifoWatch:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=2)


needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs POSIX named pipes")


# --------------------------------------------------------------------------------------------
# the baseline: our valid message is valid
# --------------------------------------------------------------------------------------------


def test_baseline_messages_are_valid(tmp_path: Path) -> None:
    assert _is_valid(INLINE_MESSAGE), "the inline fallback message must be valid"
    path = write(tmp_path, "valid.xml", valid_message())
    assert elhub_cim.validate(path).valid
    assert elhub_cim.read(path) is not None
    exit_code, stdout, _ = run_cli("validate", str(path))
    assert exit_code == 0, stdout


# --------------------------------------------------------------------------------------------
# 1-3: empty, whitespace-only, not XML
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "code", "words"),
    [
        pytest.param(b"", "XML_EMPTY", ("empty",), id="empty"),
        pytest.param(b"  \n\t\r\n   \n", "XML_EMPTY", ("empty",), id="whitespace-only"),
        # A byte order mark alone (an editor's "empty" UTF-8 or UTF-16 file) was "Start tag
        # expected, '<' not found" where the same file without it was XML_EMPTY.
        pytest.param(b"\xef\xbb\xbf", "XML_EMPTY", ("empty",), id="utf-8-bom-only"),
        pytest.param(b"\xef\xbb\xbf \r\n", "XML_EMPTY", ("empty",), id="utf-8-bom-blanks"),
        pytest.param(b"\xff\xfe", "XML_EMPTY", ("empty",), id="utf-16-bom-only"),
        pytest.param(b"\xfe\xff\x00\n", "XML_EMPTY", ("empty",), id="utf-16-bom-blank"),
        pytest.param(
            b"Dette er ikke XML, bare tekst.\n", "XML_MALFORMED", ("<", "start tag"), id="text"
        ),
        pytest.param(
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06",
            "XML_MALFORMED",
            ("<", "start tag", "encoding", "char"),
            id="png-header",
        ),
    ],
)
def test_empty_and_non_xml_input(tmp_path: Path, data: bytes, code: str, words: tuple[str, ...]):
    path = write(tmp_path, "input.xml", data)
    assert_refused(path, code=code, error=MalformedXmlError, line=1, words=words)


@pytest.mark.parametrize(
    ("kind", "compress"),
    [
        ("gzip", lambda data: __import__("gzip").compress(data)),
        ("bzip2", lambda data: __import__("bz2").compress(data)),
        ("xz", lambda data: __import__("lzma").compress(data)),
        ("ZIP", None),
    ],
)
def test_compressed_input_is_named(tmp_path: Path, kind: str, compress: Any):
    """A compressed message (message.xml.gz) was refused as "Start tag expected, '<' not
    found" or "Document is empty": nothing said it was compressed."""
    if compress is None:
        import zipfile

        archive = tmp_path / "message.zip"
        with zipfile.ZipFile(archive, "w") as packed:
            packed.writestr("message.xml", valid_message())
        data = archive.read_bytes()
    else:
        data = compress(valid_message())
    path = write(tmp_path, "message.xml.packed", data)
    assert_refused(path, code="XML_MALFORMED", error=MalformedXmlError, line=None, words=(kind,))


@pytest.mark.parametrize(
    "data",
    [bytes(range(256)) * 4, b"\x00" * 100, valid_body().encode("utf-16-be")],
    ids=["binary", "zeros", "utf-16-be-without-bom-or-declaration"],
)
def test_input_starting_with_a_zero_byte_is_not_called_empty(tmp_path: Path, data: bytes):
    """A kilobyte of binary data starting with a zero byte was "Document is empty"."""
    path = write(tmp_path, "binary.xml", data)
    outcome = assert_refused(
        path, code="XML_MALFORMED", error=MalformedXmlError, line=1, words=("zero byte",)
    )
    assert "empty" not in outcome.result.problems[0].message


def test_json_that_is_not_cim_json(tmp_path: Path):
    # JSON input is read as CIM JSON; an ebIX-shaped object is not one of the profile's documents.
    data = b'{"RequestStartOfSupply": {"Header": {"Identification": "x"}}}\n'
    path = write(tmp_path, "input.xml", data)
    assert_refused(
        path, code="JSON_UNKNOWN", error=JsonInputError, line=None, words=("CIM profile",)
    )


# --------------------------------------------------------------------------------------------
# 4: truncated XML
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("fraction", [0.5, 0.1, 0.95])
def test_truncated_message(tmp_path: Path, fraction: float):
    whole = valid_message()
    data = whole[: int(len(whole) * fraction)]
    path = write(tmp_path, "truncated.xml", data)
    outcome = assert_refused(path, code="XML_MALFORMED", error=MalformedXmlError)
    line = outcome.result.problems[0].line
    assert line is not None
    assert line <= data.count(b"\n") + 1, "the line must be inside the truncated input"


# --------------------------------------------------------------------------------------------
# 5: encodings
# --------------------------------------------------------------------------------------------


def _latin1_declared_utf8() -> bytes:
    text = DECLARATION + valid_body()
    return text.encode("latin-1", errors="replace")


def _unknown_encoding() -> bytes:
    return ("<?xml version='1.0' encoding='X-ELHUB-NOPE-42'?>\n" + valid_body()).encode("utf-8")


def _utf16_without_declaration_or_bom() -> bytes:
    return valid_body().encode("utf-16-le")


def test_latin1_bytes_declared_utf8(tmp_path: Path):
    data = _latin1_declared_utf8()
    assert "ø".encode("latin-1") in data
    first_non_ascii = min(i for i, b in enumerate(data) if b >= 0x80)  # 'Æ', 'ø', ...
    expected_line = data.count(b"\n", 0, first_non_ascii) + 1
    path = write(tmp_path, "latin1.xml", data)
    assert_refused(
        path,
        code="XML_MALFORMED",
        error=MalformedXmlError,
        line=expected_line,
        words=("encoding",),
    )


def test_unknown_declared_encoding(tmp_path: Path):
    path = write(tmp_path, "unknown-encoding.xml", _unknown_encoding())
    outcome = assert_refused(
        path, code="XML_MALFORMED", error=MalformedXmlError, line=1, words=("encoding",)
    )
    assert "X-ELHUB-NOPE-42" in outcome.result.problems[0].message


def test_utf16_without_declaration_or_bom(tmp_path: Path):
    # XML 1.0 (4.3.3): UTF-16 without a BOM must be declared; without either it is not XML.
    path = write(tmp_path, "utf16.xml", _utf16_without_declaration_or_bom())
    assert_refused(path, code="XML_MALFORMED", error=MalformedXmlError, line=1)


@pytest.mark.parametrize("declared", ["UTF-16", "utf-16le", "UTF-32"])
def test_a_declared_wide_encoding_the_bytes_do_not_have_is_named(tmp_path: Path, declared: str):
    """A UTF-8 file whose declaration says UTF-16 (converted, or its declaration copied) was
    refused as "Blank needed here, line 1, column 38": libxml2 reads the rest as UTF-16."""
    data = (f'<?xml version="1.0" encoding="{declared}"?>\n' + valid_body()).encode("utf-8")
    path = write(tmp_path, "declared-wide.xml", data)
    outcome = assert_refused(
        path, code="XML_MALFORMED", error=MalformedXmlError, line=1, words=(declared,)
    )
    assert "one byte" in outcome.result.problems[0].message


def test_utf16_with_bom_and_no_declaration_is_accepted(tmp_path: Path):
    # The counterpart: a BOM identifies UTF-16 well enough (XML 1.0 4.3.3 and Appendix F).
    path = write(tmp_path, "utf16-bom.xml", valid_body().encode("utf-16"))
    result = elhub_cim.validate(path)
    assert result.valid, [p.format() for p in result.problems]


# --------------------------------------------------------------------------------------------
# 6-7: unknown root element, unknown namespace, no namespace
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "words"),
    [
        pytest.param(
            f'{DECLARATION}<rsm:RequestFreeElectricity xmlns:rsm="{RSM_NS}"/>',
            ("RequestFreeElectricity", "not defined"),
            id="unknown-root-in-elhub-namespace",
        ),
        pytest.param(
            f"{DECLARATION}<x:Invoice xmlns:x='urn:example:not-elhub:1'><x:Id>1</x:Id></x:Invoice>",
            ("urn:example:not-elhub:1",),
            id="unknown-namespace",
        ),
        pytest.param(
            f"{DECLARATION}<RequestStartOfSupply><Header/></RequestStartOfSupply>",
            ("namespace",),
            id="no-namespace",
        ),
    ],
)
def test_unknown_documents(tmp_path: Path, data: str, words: tuple[str, ...]):
    path = write(tmp_path, "unknown.xml", data.encode("utf-8"))
    assert_refused(path, code="DOC_UNKNOWN", error=UnknownDocumentError, line=2, words=words)


# --------------------------------------------------------------------------------------------
# 8: external entities (local file), parameter entities
# --------------------------------------------------------------------------------------------

CANARY = "ELHUB-CIM-CANARY-5e1f0c"


@pytest.fixture
def secret_file(tmp_path: Path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text(f"{CANARY}\n", encoding="utf-8")
    return path


def _xxe_documents(secret: Path) -> dict[str, str]:
    uri = secret.as_uri()
    body = valid_body().replace(">7013<", ">&xxe;<", 1)
    return {
        "general-entity-in-message": (
            f'{DECLARATION}<!DOCTYPE rsm:RequestStartOfSupply [\n<!ENTITY xxe SYSTEM "{uri}">\n'
            f"]>\n{body}"
        ),
        "general-entity-plain-path": (
            f'{DECLARATION}<!DOCTYPE r [\n<!ENTITY xxe SYSTEM "{secret}">\n]>\n<r>&xxe;</r>'
        ),
        "general-entity-in-attribute": (
            f'{DECLARATION}<!DOCTYPE r [\n<!ENTITY xxe SYSTEM "{uri}">\n]>\n<r a="&xxe;"/>'
        ),
        "parameter-entity": (
            f'{DECLARATION}<!DOCTYPE r [\n<!ENTITY % pe SYSTEM "{uri}">\n%pe;\n]>\n<r/>'
        ),
        "parameter-entity-error-exfiltration": (
            f'{DECLARATION}<!DOCTYPE r [\n<!ENTITY % file SYSTEM "{uri}">\n'
            "<!ENTITY % eval \"<!ENTITY &#x25; error SYSTEM 'file:///nonexistent/%file;'>\">\n"
            "%eval;\n%error;\n]>\n<r/>"
        ),
        "external-dtd-is-the-secret": (f'{DECLARATION}<!DOCTYPE r SYSTEM "{uri}">\n<r/>'),
    }


XXE_CASES = [
    "general-entity-in-message",
    "general-entity-plain-path",
    "general-entity-in-attribute",
    "parameter-entity",
    "parameter-entity-error-exfiltration",
    "external-dtd-is-the-secret",
]


@pytest.mark.parametrize("case", XXE_CASES)
def test_external_entities_never_leak_local_files(tmp_path: Path, secret_file: Path, case: str):
    documents = _xxe_documents(secret_file)
    assert sorted(documents) == sorted(XXE_CASES)
    data = documents[case].encode("utf-8")
    path = write(tmp_path, f"{case}.xml", data)
    outcome = assert_refused(
        path,
        code="XML_DTD_FORBIDDEN",
        error=MalformedXmlError,
        words=("DOCTYPE", "DTD", "entity"),
    )
    assert CANARY not in outcome.all_text()


@needs_fifo
@pytest.mark.parametrize(
    "template",
    [
        pytest.param('<!DOCTYPE r SYSTEM "{path}">\n<r/>', id="external-dtd"),
        pytest.param('<!DOCTYPE r PUBLIC "-//X//DTD Y//EN" "{path}">\n<r/>', id="public-dtd"),
        pytest.param(
            '<!DOCTYPE r [\n<!ENTITY % pe SYSTEM "{path}">\n%pe;\n]>\n<r/>',
            id="parameter-entity",
        ),
        pytest.param(
            '<!DOCTYPE r [\n<!ENTITY xxe SYSTEM "{path}">\n]>\n<r>&xxe;</r>',
            id="general-entity",
        ),
    ],
)
def test_local_files_named_by_a_dtd_are_never_opened(tmp_path: Path, template: str):
    """No DTD loading: the parser must not even open a file a DOCTYPE or entity names.

    (A named pipe shows it: opening one blocks, so a parser that loads it would hang on a
    document naming a FIFO, /dev/stdin and so on; the watcher unblocks it and tells us.)
    """
    with FifoWatch(tmp_path / "pipe") as watch:
        data = (DECLARATION + template.format(path=watch.path)).encode("utf-8")
        result, elapsed = _timed(lambda: elhub_cim.validate(data, name="fifo.xml"))
    assert not watch.opened.is_set(), (
        f"the parser opened {watch.path} named in the DOCTYPE "
        f"(got {[p.format() for p in result.problems]})"
    )
    assert elapsed < BUDGET_S
    assert [p.code for p in result.problems][:1] == ["XML_DTD_FORBIDDEN"], [
        p.format() for p in result.problems
    ]


@needs_fifo
def test_cli_does_not_hang_on_a_doctype_naming_a_fifo(tmp_path: Path):
    """The same as a real process with nobody feeding the pipe: it must finish by itself."""
    binary = _cli_binary()
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    path = write(
        tmp_path, "fifo-dtd.xml", f'{DECLARATION}<!DOCTYPE r SYSTEM "{pipe}">\n<r/>'.encode()
    )
    try:
        completed = subprocess.run(
            [binary, "validate", str(path)], capture_output=True, text=True, timeout=10
        )
    except subprocess.TimeoutExpired:
        # subprocess.run has killed the stuck child already
        pytest.fail("elhub-cim validate hung on a DOCTYPE naming a named pipe (DTD loading)")
    assert completed.returncode == 1, completed
    assert "XML_DTD_FORBIDDEN" in completed.stdout


# --------------------------------------------------------------------------------------------
# 9: entity bombs
# --------------------------------------------------------------------------------------------


def _billion_laughs() -> bytes:
    entities = ['<!ENTITY lol0 "lol">']
    entities += [
        f'<!ENTITY lol{i} "{("&lol%d;" % (i - 1)) * 10}">'  # noqa: UP031
        for i in range(1, 10)
    ]
    return (
        f"{DECLARATION}<!DOCTYPE lolz [\n" + "\n".join(entities) + "\n]>\n<lolz>&lol9;</lolz>\n"
    ).encode()


def _quadratic_blowup() -> bytes:
    entity = "A" * 50_000
    return (
        f'{DECLARATION}<!DOCTYPE kaboom [\n<!ENTITY a "{entity}">\n]>\n'
        f"<kaboom>{'&a;' * 50_000}</kaboom>\n"
    ).encode()


@pytest.mark.parametrize(
    "build",
    [
        pytest.param(_billion_laughs, id="billion-laughs"),
        pytest.param(_quadratic_blowup, id="quadratic"),
    ],
)
def test_entity_bombs(tmp_path: Path, build: Callable[[], bytes]):
    path = write(tmp_path, "bomb.xml", build())
    rss_before = peak_rss_mb()
    outcome = assert_refused(
        path,
        code="XML_DTD_FORBIDDEN",
        error=MalformedXmlError,
        words=("DOCTYPE", "DTD", "entity"),
    )
    growth = peak_rss_mb() - rss_before
    assert growth < RSS_BUDGET_MB, f"peak RSS grew by {growth:.0f} MB"
    assert "lollollol" not in outcome.all_text()
    assert "A" * 1000 not in outcome.all_text()


# --------------------------------------------------------------------------------------------
# 10: remote DTD and http entities: no network
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "template",
    [
        pytest.param('<!DOCTYPE x SYSTEM "{url}/evil.dtd">\n<x/>', id="remote-dtd"),
        pytest.param(
            '<!DOCTYPE x PUBLIC "-//EVIL//DTD X//EN" "{url}/evil.dtd">\n<x/>', id="remote-public"
        ),
        pytest.param('<!DOCTYPE r [\n<!ENTITY e SYSTEM "{url}/e">\n]>\n<r>&e;</r>', id="http-ge"),
        pytest.param(
            '<!DOCTYPE r [\n<!ENTITY % p SYSTEM "{url}/p.dtd">\n%p;\n]>\n<r/>', id="http-pe"
        ),
    ],
)
@pytest.mark.parametrize("host", ["documentation-net", "local-trap"])
def test_no_network_access(
    tmp_path: Path,
    network_calls: list[tuple[Any, ...]],
    http_trap: HttpTrap,
    template: str,
    host: str,
):
    url = "http://198.51.100.1" if host == "documentation-net" else http_trap.base_url
    path = write(tmp_path, "remote.xml", (DECLARATION + template.format(url=url)).encode())
    assert_refused(
        path,
        code="XML_DTD_FORBIDDEN",
        error=MalformedXmlError,
        words=("DOCTYPE", "DTD", "entity"),
    )
    assert network_calls == [], "Python-level network access was attempted"
    time.sleep(0.1)  # let the trap's accept loop notice a late connection
    assert http_trap.connections == [], "the parser connected to the URL in the document"


# --------------------------------------------------------------------------------------------
# 11: size limits: a 200 MB file, --max-bytes, standard input
# --------------------------------------------------------------------------------------------

BIG_SIZE = 200 * 1024 * 1024


@pytest.fixture(scope="module")
def big_file(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A 200 MB 'message': a valid header, a huge comment, then a valid root element."""
    path = tmp_path_factory.mktemp("big") / "huge.xml"
    head = (DECLARATION + "<!--").encode()
    tail = ("-->\n" + valid_body() + "\n").encode()
    chunk = b"x" * (1024 * 1024)
    with path.open("wb") as stream:
        stream.write(head)
        remaining = BIG_SIZE - len(head) - len(tail)
        while remaining > 0:
            stream.write(chunk[: min(len(chunk), remaining)])
            remaining -= len(chunk)
        stream.write(tail)
    yield path
    path.unlink()


def test_huge_file_refused_without_reading_it(big_file: Path):
    assert big_file.stat().st_size == BIG_SIZE
    rss_before = peak_rss_mb()
    tracemalloc.start()
    try:
        outcome = assert_refused(
            big_file,
            code="XML_TOO_LARGE",
            error=InputTooLargeError,
            line=None,
            words=("limit",),
        )
        _, traced_peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert traced_peak < 20 * 1024 * 1024, f"Python allocated {traced_peak / 1e6:.0f} MB"
    growth = peak_rss_mb() - rss_before
    assert growth < 50, f"peak RSS grew by {growth:.0f} MB: the file was read into memory"
    assert str(BIG_SIZE) in outcome.result.problems[0].message  # the true size is known


def test_huge_input_on_stdin_refused(big_file: Path):
    """A real process reading the 200 MB file from standard input (default limit)."""
    binary = _cli_binary()
    with big_file.open("rb") as stdin:
        start = time.monotonic()
        completed = subprocess.run(
            [binary, "validate", "-"], stdin=stdin, capture_output=True, text=True, timeout=60
        )
        elapsed = time.monotonic() - start
    assert elapsed < 10
    assert completed.returncode == 1, completed
    assert "Traceback" not in completed.stderr
    assert re.match(r"^<stdin>: XML_TOO_LARGE \S", completed.stdout), completed.stdout


def test_big_stdin_refused_with_small_limit():
    exit_code, stdout, stderr = run_cli(
        "validate", "--max-bytes", "4096", "-", stdin=valid_message() + b"<!--" + b"y" * 100_000
    )
    assert exit_code == 1, (stdout, stderr)
    assert re.match(r"^<stdin>: XML_TOO_LARGE \S.*4096", stdout), stdout


def test_max_bytes_option_raises_and_lowers_the_limit(tmp_path: Path):
    padding = "<!--" + "p" * 300_000 + "-->\n"
    data = (DECLARATION + padding + valid_body() + "\n").encode()
    path = write(tmp_path, "padded.xml", data)

    assert_refused(
        path,
        code="XML_TOO_LARGE",
        error=InputTooLargeError,
        line=None,
        words=("limit",),
        cli_options=("--max-bytes", "100000"),
        max_bytes=100_000,
    )
    exit_code, stdout, _ = run_cli("validate", "--max-bytes", str(len(data)), str(path))
    assert exit_code == 0, stdout
    assert elhub_cim.validate(path, max_bytes=len(data)).valid
    # one byte less is refused: the limit is exact
    exit_code, stdout, _ = run_cli("validate", "--max-bytes", str(len(data) - 1), str(path))
    assert exit_code == 1
    assert "XML_TOO_LARGE" in stdout


# --------------------------------------------------------------------------------------------
# 12: deep nesting
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("namespace", [None, RSM_NS])
def test_deep_nesting(tmp_path: Path, namespace: str | None):
    depth = 100_000
    root = f'<rsm:RequestStartOfSupply xmlns:rsm="{namespace}">' if namespace else "<a>"
    close = "</rsm:RequestStartOfSupply>" if namespace else "</a>"
    data = (DECLARATION + root + "<b>" * depth + "</b>" * depth + close).encode()
    path = write(tmp_path, "deep.xml", data)
    outcome = assert_refused(
        path, code="XML_MALFORMED", error=MalformedXmlError, line=2, words=("depth",)
    )
    assert not isinstance(outcome.error.__cause__, RecursionError)


def test_nesting_below_parser_limit_reaches_schema_validation(tmp_path: Path):
    """200 levels pass the parser; schema validation and path building must cope too."""
    depth = 200
    body = valid_body().replace(
        "<rsm:Header>",
        "<rsm:Header><abie:Junk>" + "<x>" * depth + "</x>" * depth + "</abie:Junk>",
        1,
    )
    path = write(tmp_path, "deepish.xml", (DECLARATION + body).encode())
    assert_refused(path, code="XSD_CONTENT", error=SchemaViolationError, words=("Junk",))


# --------------------------------------------------------------------------------------------
# 13: processing instructions and comments before the root are fine
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "prolog",
    [
        pytest.param(
            DECLARATION + "<?elhub-route queue='in'?>\n<!-- sendt fra Kjøpmannsgata -->\n"
        ),
        pytest.param("<!-- no declaration, only a comment -->\n<?pi?>\n"),
        pytest.param("\ufeff" + DECLARATION + "<?pi a?>\n<!--c-->\n", id="bom"),
    ],
)
def test_processing_instruction_and_comment_before_root_accepted(tmp_path: Path, prolog: str):
    path = write(tmp_path, "pi.xml", (prolog + valid_body() + "\n<!-- trailing -->\n").encode())
    result = elhub_cim.validate(path)
    assert result.valid, [p.format() for p in result.problems]
    assert result.message_type is not None
    assert result.message_type.name == "RequestStartOfSupply"
    assert elhub_cim.read(path) is not None
    exit_code, stdout, _ = run_cli("validate", str(path))
    assert (exit_code, stdout) == (0, "")


# --------------------------------------------------------------------------------------------
# 14: a fødselsnummer in a schema-invalid position never shows
# --------------------------------------------------------------------------------------------


def _fnr_documents(fnr: str) -> dict[str, str]:
    body = valid_body()
    metering_point = re.search(
        r'<abie:Identification schemeAgencyIdentifier="9">(7070\d{14})</abie:Identification>',
        body,
    )
    assert metering_point is not None
    z01 = f'<abie:Identification schemeAgencyIdentifier="Z01">{fnr}</abie:Identification>'
    return {
        # Z01 where an 18-digit GSRN belongs: pattern error quoting the value
        "z01-as-metering-point": body.replace(metering_point.group(0), z01, 1),
        # Z01 with surrounding whitespace, where the document id belongs
        "z01-padded-in-header": body.replace(
            "<abie:Identification>",
            f'<abie:Identification schemeAgencyIdentifier="Z01"> {fnr} ',
            1,
        ).replace(" </abie:Identification>", "</abie:Identification>", 1),
        # no scheme at all, in a date element: the message quotes the value
        "bare-in-creation": re.sub(
            r"<abie:Creation>[^<]*</abie:Creation>",
            f"<abie:Creation>{fnr}</abie:Creation>",
            body,
            count=1,
        ),
        # next to a digit that is not ASCII (fullwidth, Arabic-Indic): still a run of eleven
        # ASCII digits, which the mask took for part of a longer number and showed
        **{
            f"bare-in-creation-{side}-a-wide-digit": re.sub(
                r"<abie:Creation>[^<]*</abie:Creation>",
                f"<abie:Creation>{text}</abie:Creation>",
                body,
                count=1,
            )
            for side, text in (("before", f"{fnr}\uff10"), ("after", f"\u0663{fnr}"))
        },
        # in an unknown namespace: the DOC_UNKNOWN message quotes the namespace
        "in-unknown-namespace": f'<r xmlns="urn:example:customer:{fnr}"/>',
        # in an Elhub-like namespace: message plus "did you mean" hint
        "in-elhub-like-namespace": f'<r xmlns="urn:no:elhub:emif:market:{fnr}:v2"/>',
    }


FNR_CASES = [
    "z01-as-metering-point",
    "z01-padded-in-header",
    "bare-in-creation",
    "bare-in-creation-before-a-wide-digit",
    "bare-in-creation-after-a-wide-digit",
    "in-unknown-namespace",
    "in-elhub-like-namespace",
]


@pytest.mark.parametrize("case", FNR_CASES)
def test_fodselsnummer_never_shown(tmp_path: Path, case: str):
    fnr = synthetic_fodselsnummer()
    assert fodselsnummer.is_valid(fnr)
    documents = _fnr_documents(fnr)
    assert sorted(documents) == sorted(FNR_CASES)
    data = (DECLARATION + documents[case]).encode()
    path = write(tmp_path, "fnr.xml", data)
    result = elhub_cim.validate(path)
    assert not result.valid
    code = result.problems[0].code
    error = UnknownDocumentError if code == "DOC_UNKNOWN" else SchemaViolationError
    outcome = assert_refused(path, code=code, error=error)
    text = outcome.all_text()
    assert fnr not in text, f"fødselsnummer leaked:\n{text}"
    # and the message really would have quoted it (so the masking is what protects it)
    assert MASK in text, f"expected the value to be quoted (masked) in:\n{text}"


def test_schema_messages_keep_facets(tmp_path: Path):
    """Clear messages: the pattern and enumeration a value failed are shown in full
    (stripping ``{namespace}`` must not strip ``{18}`` or ``{'9'}``)."""
    body = valid_body()
    metering_point = re.search(r'schemeAgencyIdentifier="9">(7070\d{14})<', body)
    assert metering_point is not None
    broken = body.replace(metering_point.group(0), 'schemeAgencyIdentifier="Z02">12345<', 1)
    path = write(tmp_path, "facets.xml", (DECLARATION + broken).encode())
    messages = [p.message for p in elhub_cim.validate(path).problems]
    pattern = [m for m in messages if "pattern" in m]
    enumeration = [m for m in messages if "enumeration" in m]
    assert pattern, messages
    assert enumeration, messages
    assert re.search(r"\{\d+\}", pattern[0]), f"pattern quantifier lost: {pattern[0]}"
    assert "'9'" in enumeration[0], f"allowed values lost: {enumeration[0]}"


# --------------------------------------------------------------------------------------------
# the CLI as a real process
# --------------------------------------------------------------------------------------------


def _cli_binary() -> str:
    candidate = Path(sys.executable).parent / "elhub-cim"
    if candidate.is_file():
        return str(candidate)
    found = shutil.which("elhub-cim")
    if found is None:
        pytest.skip("the elhub-cim console script is not installed")
    return found


@pytest.mark.parametrize(
    "build",
    [
        pytest.param(_billion_laughs, id="billion-laughs"),
        pytest.param(lambda: b"\x89PNG\r\n\x1a\n", id="png"),
        pytest.param(lambda: valid_message()[:300], id="truncated"),
    ],
)
def test_cli_subprocess_exit_code_and_no_traceback(tmp_path: Path, build: Callable[[], bytes]):
    path = write(tmp_path, "hostile.xml", build())
    start = time.monotonic()
    completed = subprocess.run(
        [_cli_binary(), "validate", str(path)], capture_output=True, text=True, timeout=30
    )
    elapsed = time.monotonic() - start
    assert elapsed < 15, f"the CLI took {elapsed:.1f}s"
    assert completed.returncode == 1, completed
    assert "Traceback" not in completed.stderr, completed.stderr
    assert completed.stderr == ""
    assert re.match(rf"^{re.escape(str(path))}:\d+: XML_[A-Z_]+ \S", completed.stdout), (
        completed.stdout
    )


def test_a_message_never_carries_a_character_that_is_not_printable():
    """What a problem quotes from hostile input (a JSON key, an element path) is printed as
    text: a terminal's escape sequence, a bidi override or a lone surrogate is written as its
    escape, so a line of output says what it says and always encodes."""
    problem = Problem(
        "JSON_UNKNOWN", "'na\x1b[31mme\u202e\ud800' is not allowed here", path="/a/b\x07\nc"
    )
    assert problem.message == "'na\\x1b[31mme\\u202e\\ud800' is not allowed here"
    assert problem.path == "/a/b\\x07\\nc"
    assert problem.format().encode("utf-8")  # no UnicodeEncodeError
    plain = "Element 'Ærfugl': 'x' is not valid; tab\tkept? no: escaped"
    assert Problem("X", plain).message == plain.replace("\t", "\\t")
    assert printable("æøå ÆØÅ, 😀 and spaces") == "æøå ÆØÅ, 😀 and spaces"


def test_cli_reports_a_hostile_json_key_and_goes_on(tmp_path: Path):
    """A JSON key with a lone surrogate and an escape sequence, in a batch with a good message:
    one problem line with both escaped, the good message still judged, no traceback (printing
    the key as it was stopped the whole batch with a UnicodeEncodeError)."""
    good = write(tmp_path, "a-good.xml", valid_message())
    body = json.dumps({"Request\ud800Of\u001b[31mSupplier_MarketDocument": {}}).encode()
    hostile = write(tmp_path, "b-hostile.json", body)
    completed = subprocess.run(
        [_cli_binary(), "validate", str(tmp_path)],
        capture_output=True,
        timeout=60,
        env={**os.environ, "PYTHONIOENCODING": "utf-8:strict"},
    )
    out = completed.stdout.decode("utf-8")
    assert completed.returncode == 1, completed
    assert b"Traceback" not in completed.stderr, completed.stderr
    assert "\x1b" not in out
    (line,) = [line for line in out.splitlines() if line.startswith(str(hostile))]
    assert "JSON_UNKNOWN" in line
    assert "Request\\ud800Of\\x1b[31mSupplier_MarketDocument" in line
    assert "2 files: 1 valid, 1 invalid" in out
    assert str(good) not in out  # (valid: no line of its own)
