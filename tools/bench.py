"""Benchmark of the read/validate pipeline (figures and ratios; asserts nothing).

    python tools/bench.py                 # readable table (what ``make bench`` runs)
    python tools/bench.py --seconds 0.3   # quicker, noisier
    python tools/bench.py --json          # machine-readable results on stdout

Input sets:

* ``reference``: Elhub's EMIF 2.4.3 examples in ``../shared/reference`` (or
  ``$ELHUB_CIM_REFERENCE``), read in place when present; examples that do not validate are
  timed by ``validate`` and the bare floor but skipped for read+write;
* ``project``: our own ``examples/ebix/*.xml``;
* ``large``: a ``ResponseUpfrontMeteringPointCharacteristics`` with 99 metering points and
  nearly every optional element, generated in memory (and checked valid before timing).

Measured per set, each as messages/s and MB/s (10^6 bytes of *input* XML per second):

* ``bare``: the floor, ``etree.fromstring`` + ``XMLSchema.validate`` with the very schema objects
  the pipeline uses, in the same run;
* ``validate``: ``elhub_cim.validate(bytes)`` (safe parse + identify + XSD validation);
* ``read+write``, ``read``, ``write``: ``elhub_cim.write(elhub_cim.read(data))`` and its halves;
* a split of ``read`` into its stages (parse / identify / validate / bind) and of ``write``
  (serialize / re-parse / validate of the output), calling the stage functions directly.

Method: everything is warmed up first (schemas compiled, bindings imported, xsdata metadata
built). In each round the loops take turns in slices of about 50 ms until every one has run
whole passes over its set for ``--seconds``; a loop's figure is its median pass, and the best of
``--rounds`` rounds is kept. Taking turns makes a noisy, shared machine skew the floor and the
pipeline alike. ``time.perf_counter`` (``--clock cpu``: ``time.process_time``, this process's
CPU time, steadier when other processes load the machine); the garbage collector stays on, as in
real use, and is emptied before every round.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import json
import os
import platform
import random
import statistics
import sys
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from lxml import etree

import elhub_cim
from elhub_cim.convert import convert, convert_many
from elhub_cim.core.binding import bind
from elhub_cim.core.catalog import MessageType
from elhub_cim.core.identify import identify
from elhub_cim.core.safeparse import parse_bytes
from elhub_cim.core.serialize import EBIX_ABIE, to_xml
from elhub_cim.core.validation import compiled_schema, validate_document
from elhub_cim.mapping import compiled

ROOT = Path(__file__).resolve().parents[1]
REFERENCE_ROOT = Path(os.environ.get("ELHUB_CIM_REFERENCE", ROOT.parent / "shared" / "reference"))
REFERENCE_EXAMPLES = REFERENCE_ROOT / "elhub-emif-2.4.3" / "examples"
PROJECT_EXAMPLES = ROOT / "examples" / "ebix"

RESPONSE_NS = "urn:no:elhub:emif:query:ResponseUpfrontMeteringPointCharacteristics:v2"
VALIDATE_TARGET = 1.5  # validate --schema-only (XSD validation) within this factor of bare
CONVERT_TARGET = 3.0  # conversion against bare parse + validate of input and output (aim: 2×)


# -- inputs -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Message:
    """One input: its bytes, identified once up front, with the pipeline's own schema object."""

    name: str
    data: bytes
    message_type: MessageType
    schema: etree.XMLSchema
    valid: bool


@dataclass(slots=True)
class InputSet:
    name: str
    description: str
    messages: list[Message]

    @property
    def valid(self) -> list[Message]:
        return [m for m in self.messages if m.valid]

    @property
    def invalid(self) -> list[Message]:
        return [m for m in self.messages if not m.valid]


def load_message(name: str, data: bytes) -> Message:
    document = elhub_cim.parse(data, name=name)
    message_type = identify(document)
    result = elhub_cim.validate(data, name=name)
    return Message(
        name=name,
        data=data,
        message_type=message_type,
        schema=compiled_schema(message_type.schema_file),
        valid=result.valid,
    )


def load_folder(name: str, description: str, folder: Path, limit: int = 0) -> InputSet | None:
    files = sorted(folder.glob("*.xml")) if folder.is_dir() else []
    files = files[:limit] if limit > 0 else files
    if not files:
        return None
    return InputSet(name, description, [load_message(f.name, f.read_bytes()) for f in files])


def _gs1(body: str) -> str:
    """``body`` followed by its GS1 mod-10 check digit (GLN, GSRN)."""
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return body + str((10 - total % 10) % 10)


_STREETS = (
    "Åsheimsvegen",
    "Kongens gate",
    "Bjørnstjerne Bjørnsons veg",
    "Fjordgata",
    "Øvre Møllenbergs gate",
    "Sjøgangen",
    "Kirkevegen",
    "Lærer Holes veg",
)
_CITIES = (
    ("7350", "BUVIKA", "Skaun", "5029"),
    ("7011", "TRONDHEIM", "Midtbyen", "5001"),
    ("7500", "STJØRDAL", "Stjørdal", "5035"),
    ("7300", "ORKANGER", "Orkland", "5059"),
)
_LOCATIONS = (
    "Stolpeskap ved innkjørselen",
    "Teknisk rom i kjelleren",
    "Tavlerom, 1. etasje",
    "Målerskap på låvevegg",
)
_DESCRIPTIONS = (
    "Våningshus",
    "Fjøs med melkerobot",
    "Verksted og redskapshus",
    "Kårbolig",
    "Utleieleilighet i sokkel",
)


def generate_large(points: int = 99, seed: int = 611) -> bytes:
    """A valid, realistically filled BRS-NO-611 response with ``points`` metering points."""
    # Reproducible test data, not secrets.
    rnd = random.Random(seed)

    def new_uuid() -> str:
        return str(uuid.UUID(int=rnd.getrandbits(128), version=4))

    def sub(
        parent: etree._Element,
        name: str,
        text: str | None = None,
        namespace: str = EBIX_ABIE,
        **attributes: str,
    ) -> etree._Element:
        element = etree.SubElement(parent, f"{{{namespace}}}{name}", attributes)
        if text is not None:
            element.text = text
        return element

    def party(parent: etree._Element, name: str, gln: str) -> None:
        sub(sub(parent, name), "Identification", gln, schemeAgencyIdentifier="9")

    elhub, supplier, grid = _gs1("708000147362"), _gs1("708000584219"), _gs1("708000518846")
    root = etree.Element(
        f"{{{RESPONSE_NS}}}ResponseUpfrontMeteringPointCharacteristics",
        nsmap={"rsm": RESPONSE_NS, "abie": EBIX_ABIE},
    )
    header = sub(root, "Header", namespace=RESPONSE_NS)
    sub(header, "Identification", new_uuid())
    sub(header, "DocumentType", "E07", listAgencyIdentifier="260")
    sub(header, "Creation", "2026-05-26T12:14:43.120934511+02:00")
    sub(header, "RequestPositiveAcknowledgement", "false")
    party(header, "PhysicalSenderEnergyParty", elhub)
    party(header, "JuridicalSenderEnergyParty", elhub)
    party(header, "JuridicalRecipientEnergyParty", supplier)
    context = sub(root, "ProcessEnergyContext", namespace=RESPONSE_NS)
    sub(context, "EnergyBusinessProcess", "BRS-NO-611", listAgencyIdentifier="89")
    sub(context, "EnergyBusinessProcessRole", "QRY", listAgencyIdentifier="6")
    sub(context, "EnergyIndustryClassification", "23")

    request = new_uuid()
    for i in range(points):
        production = i % 7 == 6  # every seventh point is a small solar plant
        payload = sub(root, "PayloadMasterDataMPEvent", namespace=RESPONSE_NS)
        sub(payload, "OriginalBusinessDocumentReference", request)
        sub(payload, "SnapShotOccurrence", "2026-05-26T12:14:42.903551207+02:00")
        sub(payload, "LastMeterReadingDate", f"2026-05-{1 + i % 25:02d}T00:00:00+02:00")
        sub(payload, "DeliveryObligationDate", f"2025-11-{1 + i % 28:02d}T00:00:00+01:00")
        gsrn = _gs1(f"7070575008{2645370 + 78 * i:07d}")  # 17 digits + check digit
        location = sub(payload, "MeteringPointUsedDomainLocation")
        sub(location, "Identification", gsrn, schemeAgencyIdentifier="9")
        party(payload, "GridAccessProviderInvolvedEnergyParty", grid)

        postcode, city, subdivision, municipality = _CITIES[i % len(_CITIES)]
        address = sub(payload, "MPAddressMeteringPointAddress")
        sub(address, "StreetName", _STREETS[i % len(_STREETS)])
        sub(address, "StreetCode", str(31105 + i))
        sub(address, "BuildingNumber", f"{2 + 3 * i}{'AB'[i % 2] if i % 3 == 0 else ''}")
        sub(address, "FloorIdentification", f"{1 + i % 4}. etg")
        sub(address, "RoomIdentification", f"H{101 + i % 4 * 100 + i % 9}")
        sub(address, "Postcode", postcode)
        sub(address, "CityName", city)
        sub(address, "CitySubDivisionName", subdivision)
        sub(address, "MunicipalityCode", municipality)
        sub(address, "CountryCode", "NO", listAgencyIdentifier="5")
        sub(address, "AddressFreeForm", f"Inngang fra gårdsplassen, bygg {i + 1}")
        cadastral = sub(payload, "MPAddressCadastral")
        sub(cadastral, "Gnr", str(70 + i // 20))
        sub(cadastral, "Bnr", str(1 + i % 20))
        sub(cadastral, "Snr", "0")
        sub(cadastral, "Fnr", str(1 + i % 3))
        sub(
            sub(payload, "MeteringGridAreaUsedDomainLocation"),
            "Identification",
            "50YTRDNETTOMR02X",
            schemeAgencyIdentifier="305",
        )

        detail = sub(payload, "MpDetailMeteringPointCharacteristic")
        sub(detail, "MeteringPointType", "E18" if production else "E17", listAgencyIdentifier="260")
        if production:
            sub(detail, "MeteringPointSubTypeProduction", "B16", listAgencyIdentifier="89")
        else:
            sub(detail, "MeteringPointSubTypeConsumption", "A04", listAgencyIdentifier="89")
        sub(detail, "MeterReadingCharacteristics", "E13", listAgencyIdentifier="260")
        sub(detail, "SettlementMethodType", "E02", listAgencyIdentifier="260")
        sub(detail, "PhysicalStatusType", "E22", listAgencyIdentifier="260")
        sub(detail, "ContractedConnectionCapacityValue", str(25 + 5 * (i % 12)))
        if production:
            sub(detail, "InstalledCapacity", str(40 + i))
        sub(detail, "MeterReadingStartDate", f"2019-02-{1 + i % 28:02d}T00:00:00+01:00")
        sub(detail, "MeterReadingFrequencyDuration", "1")
        description = "Solcelleanlegg på låvetaket" if production else _DESCRIPTIONS[i % 5]
        sub(detail, "Description", description)
        sub(detail, "Priority", "CD"[i % 2])
        sub(detail, "BlockedForSwitching", "false" if i % 11 else "true")
        sub(detail, "MeterReadingOccurrence", "PT15M" if i % 4 else "PT60M")

        meter = sub(payload, "MeteringInstallationMeterFacility")
        sub(meter, "MeterIdentification", f"69706314080{26453 + i:05d}")
        sub(meter, "NumberOfDigits", "6")
        sub(meter, "Constant", "1.00000")
        sub(meter, "MeterLocation", _LOCATIONS[i % len(_LOCATIONS)])
        sub(sub(payload, "AnnualPeriodEstimatedMetrics"), "Total", str(rnd.randint(0, 90000)))
        taxation = sub(payload, "MPTaxationProfile")
        sub(taxation, "ConsumptionCode", "Z3")
        sub(taxation, "NACE_DivisionCode", "01.410")

    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return data


def large_set() -> InputSet:
    data = generate_large()
    name = "<generated ResponseUpfrontMeteringPointCharacteristics, 99 points>"
    result = elhub_cim.validate(data, name=name)
    if not result.valid:
        details = "\n".join(f"  {p.format()}" for p in result.problems)
        raise SystemExit(f"bench: the generated large message is NOT valid; aborting:\n{details}")
    message = load_message(name, data)
    if message.message_type.name != "ResponseUpfrontMeteringPointCharacteristics":
        raise SystemExit(f"bench: generated message identified as {message.message_type.name}")
    return InputSet("large", "generated 99-point BRS-NO-611 response, in memory", [message])


# -- timing -------------------------------------------------------------------------------------


@dataclass(slots=True)
class Measurement:
    """Seconds for one pass over ``messages`` messages totalling ``size`` bytes."""

    seconds: float
    messages: int
    size: int
    passes: int

    @property
    def per_message(self) -> float:
        return self.seconds / self.messages

    @property
    def messages_per_second(self) -> float:
        return self.messages / self.seconds

    @property
    def mb_per_second(self) -> float:
        return self.size / self.seconds / 1e6

    def as_json(self) -> dict[str, float | int]:
        return {
            "seconds_per_pass": self.seconds,
            "us_per_message": self.per_message * 1e6,
            "messages_per_second": self.messages_per_second,
            "mb_per_second": self.mb_per_second,
            "messages": self.messages,
            "bytes": self.size,
            "passes_in_round": self.passes,
        }


@dataclass(frozen=True, slots=True)
class Settings:
    seconds: float
    rounds: int
    clock: Callable[[], float] = time.perf_counter


Loop = tuple[Callable[[], object], Sequence[Message]]


def measure(loops: dict[str, Loop], settings: Settings) -> dict[str, Measurement]:
    """Median pass of each loop, best of ``settings.rounds`` rounds.

    Within a round the loops take turns in short slices (about 50 ms each) until every loop has
    run for ``settings.seconds``, so a burst of someone else's work on a shared machine hits the
    floor and the pipeline alike; the median pass, not the mean, keeps a few disturbed passes
    from deciding the figure.
    """
    clock = settings.clock
    slice_seconds = min(0.05, settings.seconds / 10)
    best: dict[str, Measurement] = {}
    for _ in range(settings.rounds):
        gc.collect()
        times: dict[str, list[float]] = {name: [] for name in loops}
        spent = dict.fromkeys(loops, 0.0)
        while any(t < settings.seconds for t in spent.values()):
            for name, (one_pass, _) in loops.items():
                if spent[name] >= settings.seconds:
                    continue
                start = t1 = clock()
                while t1 - start < slice_seconds:
                    t0 = clock()
                    one_pass()
                    t1 = clock()
                    times[name].append(t1 - t0)
                spent[name] += t1 - start
        for name, (_, messages) in loops.items():
            size = sum(len(m.data) for m in messages)
            measured = Measurement(
                statistics.median(times[name]), len(messages), size, len(times[name])
            )
            if name not in best or measured.seconds < best[name].seconds:
                best[name] = measured
    return best


def measure_split(
    one_pass: Callable[[dict[str, float], Callable[[], float]], None],
    stages: Sequence[str],
    settings: Settings,
) -> dict[str, float]:
    """Seconds per pass spent in each stage: the median pass of the best round."""
    best: dict[str, float] | None = None
    for _ in range(settings.rounds):
        gc.collect()
        passes: list[dict[str, float]] = []
        start = settings.clock()
        while True:
            totals = dict.fromkeys(stages, 0.0)
            one_pass(totals, settings.clock)
            passes.append(totals)
            if settings.clock() - start >= settings.seconds:
                break
        passes.sort(key=lambda p: sum(p.values()))
        median = passes[len(passes) // 2]
        if best is None or sum(median.values()) < sum(best.values()):
            best = median
    assert best is not None  # rounds >= 1
    return best


# -- the loops ----------------------------------------------------------------------------------


def bare_parser() -> etree.XMLParser:
    """A parser with the options of ``elhub_cim.core.safeparse`` (its own is private)."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        recover=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


def bare_loop(messages: Sequence[Message]) -> Callable[[], object]:
    parser = bare_parser()
    jobs = [(m.data, m.schema) for m in messages]

    def one_pass() -> None:
        for data, schema in jobs:
            schema.validate(etree.fromstring(data, parser))

    return one_pass


def validate_loop(messages: Sequence[Message]) -> Callable[[], object]:
    payloads = [m.data for m in messages]
    validate = elhub_cim.validate

    def one_pass() -> None:
        for data in payloads:
            validate(data)

    return one_pass


def validate_many_loop(messages: Sequence[Message]) -> Callable[[], object]:
    """``validate_many`` over ``messages`` (as the command line validates a folder)."""
    payloads = [m.data for m in messages]

    def one_pass() -> None:
        for result in elhub_cim.validate_many(payloads):
            if isinstance(result, Exception):
                raise SystemExit(f"bench: validate_many failed: {result}")

    return one_pass


def schema_only_loop(messages: Sequence[Message]) -> Callable[[], object]:
    payloads = [m.data for m in messages]
    validate = elhub_cim.validate

    def one_pass() -> None:
        for data in payloads:
            validate(data, rules=False)

    return one_pass


def read_write_loop(messages: Sequence[Message]) -> Callable[[], object]:
    payloads = [m.data for m in messages]
    read, write = elhub_cim.read, elhub_cim.write

    def one_pass() -> None:
        for data in payloads:
            write(read(data))

    return one_pass


def read_loop(messages: Sequence[Message]) -> Callable[[], object]:
    payloads = [m.data for m in messages]
    read = elhub_cim.read

    def one_pass() -> None:
        for data in payloads:
            read(data)

    return one_pass


def write_loop(messages: Sequence[Message]) -> Callable[[], object]:
    instances = [elhub_cim.read(m.data) for m in messages]
    write = elhub_cim.write

    def one_pass() -> None:
        for instance in instances:
            write(instance)

    return one_pass


def convertible(messages: Sequence[Message], target: str) -> list[tuple[Message, Message]]:
    """(input, output) pairs for the messages the profile converts to ``target``."""
    pairs: list[tuple[Message, Message]] = []
    for message in messages:
        try:
            result = convert(message.data, to=target)  # type: ignore[arg-type]
        except elhub_cim.ElhubCimError:
            continue
        pairs.append((message, load_message(f"{message.name}→{target}", result.data)))
    return pairs


def convert_loop(
    messages: Sequence[Message], target: str, *, engine: bool = False, rules: bool = True
) -> Callable[[], object]:
    """``convert`` over ``messages``: through the compiled plans (as users run it), or with
    ``engine`` through the table engine alone (the specification the plans are tested against);
    ``rules=False`` as ``convert(..., rules=False)`` (a caller whose ``validate`` judged them)."""
    payloads = [m.data for m in messages]

    def one_pass() -> None:
        compiled.enabled = not engine
        try:
            for data in payloads:
                convert(data, to=target, rules=rules)  # type: ignore[arg-type]
        finally:
            compiled.enabled = True

    return one_pass


def convert_many_loop(messages: Sequence[Message], target: str) -> Callable[[], object]:
    """``convert_many`` over ``messages`` (as the command line converts a folder): the same
    stages as ``convert``, a chunk of documents at a time; every result must be a conversion."""
    payloads = [m.data for m in messages]

    def one_pass() -> None:
        for result in convert_many(payloads, target):  # type: ignore[arg-type]
            if isinstance(result, Exception):
                raise SystemExit(f"bench: convert_many refused a convertible message: {result}")

    return one_pass


READ_STAGES = ("parse", "identify", "validate", "bind")
#: Where a conversion's time goes (the compiled path, as ``convert`` runs it): the read stage
#: (safe parse, identify, XSD validation of the input), the business rules, the read plan and
#: the domain model, the generated writer (with the parse of the text it writes), the XSD
#: validation of the output, and its serialisation.
CONVERT_STAGES = ("read", "rules", "to domain", "write", "validate out", "serialize")
WRITE_STAGES = ("serialize", "re-parse", "validate")


def read_split_loop(
    messages: Sequence[Message],
) -> Callable[[dict[str, float], Callable[[], float]], None]:
    payloads = [m.data for m in messages]

    def one_pass(totals: dict[str, float], clock: Callable[[], float]) -> None:
        for data in payloads:
            t0 = clock()
            document = parse_bytes(data)
            t1 = clock()
            message_type = identify(document)
            t2 = clock()
            problems = validate_document(document, message_type)
            t3 = clock()
            bind(document.root, message_type)
            t4 = clock()
            if problems:
                raise SystemExit("bench: a message expected valid did not validate")
            totals["parse"] += t1 - t0
            totals["identify"] += t2 - t1
            totals["validate"] += t3 - t2
            totals["bind"] += t4 - t3

    return one_pass


def write_split_loop(
    messages: Sequence[Message],
) -> Callable[[dict[str, float], Callable[[], float]], None]:
    jobs = [(elhub_cim.read(m.data), m.message_type) for m in messages]

    def one_pass(totals: dict[str, float], clock: Callable[[], float]) -> None:
        for instance, message_type in jobs:
            t0 = clock()
            data = to_xml(instance)
            t1 = clock()
            document = parse_bytes(data)
            t2 = clock()
            validate_document(document, message_type)
            t3 = clock()
            totals["serialize"] += t1 - t0
            totals["re-parse"] += t2 - t1
            totals["validate"] += t3 - t2

    return one_pass


def convert_split_loop(
    messages: Sequence[Message], target: str
) -> Callable[[dict[str, float], Callable[[], float]], None]:
    """``convert`` cut into its stages (:data:`CONVERT_STAGES`), calling them as ``convert``
    does; a message the compiled plans leave to the engine is timed whole under "write"."""
    from elhub_cim.formats.read import read as read_input
    from elhub_cim.mapping import ConversionOptions
    from elhub_cim.rules import check as check_rules

    # the module (the package's ``elhub_cim.convert`` is the function)
    module: Any = importlib.import_module("elhub_cim.convert")
    options = ConversionOptions()
    payloads = [m.data for m in messages]

    def one_pass(totals: dict[str, float], clock: Callable[[], float]) -> None:
        for data in payloads:
            t0 = clock()
            found = read_input(data)
            t1 = clock()
            check_rules(found.document, found.message_type)
            t2 = clock()
            model, _ = module._read(found.document, found.message_type, options)
            t3 = clock()
            mapping = module.mapping_for_model(type(model))
            built = module._compiled_build(mapping, target, model, options, True)
            if built is None:
                module._build(model, target, options, "<bench>")
            t4 = clock()
            if built is not None:
                schema = compiled_schema(mapping.message_types[target].schema_file)
                if not schema.validate(built[0].root):
                    raise SystemExit("bench: a converted message did not validate")
            t5 = clock()
            if built is not None:
                # the generated writer's text as convert returns it (serialised if none)
                if built[1] is not None:
                    _ = module._XML_DECLARATION + built[1] + b"\n"
                else:
                    module._serialize(built[0].root, target, True)
            t6 = clock()
            totals["read"] += t1 - t0
            totals["rules"] += t2 - t1
            totals["to domain"] += t3 - t2
            totals["write"] += t4 - t3
            totals["validate out"] += t5 - t4
            totals["serialize"] += t6 - t5

    return one_pass


# -- one set ------------------------------------------------------------------------------------


@dataclass(slots=True)
class SetResult:
    input_set: InputSet
    measurements: dict[str, Measurement] = field(default_factory=dict)
    ratios: dict[str, float] = field(default_factory=dict)
    read_split: dict[str, float] = field(default_factory=dict)
    write_split: dict[str, float] = field(default_factory=dict)
    #: per direction ("ebix→cim", "cim→ebix"): seconds per pass in each of CONVERT_STAGES
    convert_split: dict[str, dict[str, float]] = field(default_factory=dict)
    convert_messages: int = 0


def warm_up(input_set: InputSet) -> None:
    """Compile schemas, import bindings, build xsdata's class metadata, fill caches."""
    parser = bare_parser()
    for message in input_set.messages:
        elhub_cim.validate(message.data)
        message.schema.validate(etree.fromstring(message.data, parser))
    for message in input_set.valid:
        for _ in range(3):
            elhub_cim.write(elhub_cim.read(message.data))


def run_set(input_set: InputSet, settings: Settings) -> SetResult:
    warm_up(input_set)
    result = SetResult(input_set)
    everything, valid = input_set.messages, input_set.valid
    loops: dict[str, Loop] = {
        "bare": (bare_loop(everything), everything),
        "validate": (validate_loop(everything), everything),
        "validate many": (validate_many_loop(everything), everything),
        "schema-only": (schema_only_loop(everything), everything),
    }
    if valid and len(valid) != len(everything):
        loops["bare (valid only)"] = (bare_loop(valid), valid)
    if valid:
        loops["read+write"] = (read_write_loop(valid), valid)
        loops["read"] = (read_loop(valid), valid)
        loops["write"] = (write_loop(valid), valid)
    to_cim = convertible(valid, "cim")
    if to_cim:
        inputs = [pair[0] for pair in to_cim]
        outputs = [pair[1] for pair in to_cim]
        loops["ebix→cim"] = (convert_loop(inputs, "cim"), inputs)
        loops["cim→ebix"] = (convert_loop(outputs, "ebix"), outputs)
        if len(inputs) > 1:  # (a batch of one is one call)
            # The same conversions as a batch (convert_many, what `elhub-cim convert FOLDER`
            # runs).
            loops["ebix→cim many"] = (convert_many_loop(inputs, "cim"), inputs)
            loops["cim→ebix many"] = (convert_many_loop(outputs, "ebix"), outputs)
        # Context, not the target: what the business rules add to a conversion.
        loops["ebix→cim no rules"] = (convert_loop(inputs, "cim", rules=False), inputs)
        loops["cim→ebix no rules"] = (convert_loop(outputs, "ebix", rules=False), outputs)
        loops["ebix→cim engine"] = (convert_loop(inputs, "cim", engine=True), inputs)
        loops["cim→ebix engine"] = (convert_loop(outputs, "ebix", engine=True), outputs)
        # The floor of a conversion: bare parse + validate of its input and of its output.
        in_and_out = inputs + outputs
        loops["bare in+out"] = (bare_loop(in_and_out), inputs)
    result.measurements = m = measure(loops, settings)
    if valid:
        result.read_split = measure_split(read_split_loop(valid), READ_STAGES, settings)
        result.write_split = measure_split(write_split_loop(valid), WRITE_STAGES, settings)
    if to_cim:
        result.convert_messages = len(to_cim)
        for direction, target, batch in (
            ("ebix→cim", "cim", inputs),
            ("cim→ebix", "ebix", outputs),
        ):
            result.convert_split[direction] = measure_split(
                convert_split_loop(batch, target), CONVERT_STAGES, settings
            )
    floor_valid = m.get("bare (valid only)", m["bare"])
    result.ratios["validate/bare"] = m["validate"].seconds / m["bare"].seconds
    result.ratios["validate many/bare"] = m["validate many"].seconds / m["bare"].seconds
    result.ratios["schema-only/bare"] = m["schema-only"].seconds / m["bare"].seconds
    for name in ("read+write", "read", "write"):
        if name in m:
            result.ratios[f"{name}/bare"] = m[name].seconds / floor_valid.seconds
    for name in (
        "ebix→cim",
        "cim→ebix",
        "ebix→cim many",
        "cim→ebix many",
        "ebix→cim no rules",
        "cim→ebix no rules",
        "ebix→cim engine",
        "cim→ebix engine",
    ):
        if name in m:
            result.ratios[f"{name}/bare"] = m[name].seconds / m["bare in+out"].seconds
    return result


# -- output -------------------------------------------------------------------------------------


def environment() -> dict[str, str]:
    return {
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "lxml": ".".join(map(str, etree.LXML_VERSION)),
        "libxml2": ".".join(map(str, etree.LIBXML_VERSION)),
        "xsdata": metadata.version("xsdata"),
        "elhub_cim": elhub_cim.__version__,
        "machine": platform.machine(),
        "cpus": str(os.cpu_count()),
    }


def _size(n: int) -> str:
    return f"{n / 1e6:.2f} MB" if n >= 1e6 else f"{n / 1e3:.1f} kB"


def print_table(results: Sequence[SetResult], settings: Settings, notes: Sequence[str]) -> None:
    env = environment()
    print(
        f"elhub-cim pipeline benchmark: Python {env['python']}, lxml {env['lxml']} "
        f"(libxml2 {env['libxml2']}), xsdata {env['xsdata']}, {env['cpus']} CPUs"
    )
    print(
        f"{'CPU time' if settings.clock is time.process_time else 'wall time'}: "
        f"median pass, best of {settings.rounds} rounds of >= {settings.seconds:g} s per loop "
        "(loops take turns); "
        "MB = 10^6 bytes of input XML; ratios: time against the bare lxml floor"
    )
    for note in notes:
        print(f"note: {note}")
    for result in results:
        s = result.input_set
        print()
        print(
            f"[{s.name}] {s.description}: {len(s.messages)} messages, "
            f"{_size(sum(len(x.data) for x in s.messages))}"
        )
        if s.invalid:
            names = ", ".join(x.name for x in s.invalid)
            print(f"  known-invalid, skipped for read/write: {names}")
            print(
                "  (validate times their error reporting; read/write compare to bare (valid only))"
            )
        print(f"  {'measurement':<20}{'msgs/s':>11}{'MB/s':>9}{'µs/msg':>11}{'vs bare':>10}")
        for name, meas in result.measurements.items():
            key = f"{name}/bare"
            ratio = f"{result.ratios[key]:.2f}×" if key in result.ratios else ""
            print(
                f"  {name:<20}{meas.messages_per_second:>11,.0f}{meas.mb_per_second:>9.2f}"
                f"{meas.per_message * 1e6:>11,.0f}{ratio:>10}"
            )
        if "ebix→cim" in result.measurements:
            print(
                "  (ebix→cim and cim→ebix compare to 'bare in+out': lxml parse + validate of the "
                f"input and of the output; target {CONVERT_TARGET}×; 'many' = convert_many, "
                "a chunk of messages through each stage in turn (how the command line converts "
                "a folder); 'no rules' = "
                "convert(rules=False), for context; 'engine' = the table engine alone, without "
                "the compiled plans)"
            )
        print(
            "  (validate = XSD + business rules (611 rules, identifier check digits); "
            "schema-only = validate --schema-only)"
        )
        v = result.ratios["schema-only/bare"]
        verdict = "within" if v <= VALIDATE_TARGET else "OVER"
        target = f"{VALIDATE_TARGET}× target of XSD validation"
        print(f"  schema-only/bare = {v:.2f}× ({verdict} the {target})")
        for label, split in (("read", result.read_split), ("write", result.write_split)):
            if not split:
                continue
            total = sum(split.values())
            n = len(s.valid)
            parts = "  ".join(
                f"{stage} {t / n * 1e6:,.0f} µs ({t / total:.0%})" for stage, t in split.items()
            )
            print(f"  {label} split per msg: {parts}")
        floor = result.measurements.get("bare in+out")
        for direction, split in result.convert_split.items():
            # each stage against the floor of a conversion (bare in+out), per message
            n = result.convert_messages
            total = sum(split.values())
            base = floor.seconds if floor is not None else total
            parts = "  ".join(
                f"{stage} {t / n * 1e6:,.0f} µs ({t / base:.2f}×)" for stage, t in split.items()
            )
            print(f"  {direction} split per msg (× the floor): {parts}")


def as_json(
    results: Sequence[SetResult], settings: Settings, notes: Sequence[str]
) -> dict[str, Any]:
    return {
        "environment": environment(),
        "settings": {
            "seconds": settings.seconds,
            "rounds": settings.rounds,
            "clock": "cpu" if settings.clock is time.process_time else "wall",
        },
        "validate_target": VALIDATE_TARGET,
        "convert_target": CONVERT_TARGET,
        "notes": list(notes),
        "sets": {
            r.input_set.name: {
                "description": r.input_set.description,
                "messages": len(r.input_set.messages),
                "bytes": sum(len(x.data) for x in r.input_set.messages),
                "known_invalid": [x.name for x in r.input_set.invalid],
                "measurements": {k: v.as_json() for k, v in r.measurements.items()},
                "ratios": r.ratios,
                "read_split_us_per_message": {
                    k: v / len(r.input_set.valid) * 1e6 for k, v in r.read_split.items()
                },
                "write_split_us_per_message": {
                    k: v / len(r.input_set.valid) * 1e6 for k, v in r.write_split.items()
                },
                "convert_split_us_per_message": {
                    direction: {k: v / r.convert_messages * 1e6 for k, v in split.items()}
                    for direction, split in r.convert_split.items()
                },
            }
            for r in results
        },
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument(
        "--seconds", type=float, default=1.0, help="minimum time per round (default 1.0)"
    )
    parser.add_argument("--rounds", type=int, default=3, help="rounds; the best is kept (3)")
    parser.add_argument("--json", action="store_true", help="print JSON results instead")
    parser.add_argument(
        "--clock", choices=("wall", "cpu"), default="wall", help="wall time or this process's CPU"
    )
    parser.add_argument(
        "--sets", default="reference,project,large", help="input sets (reference,project,large)"
    )
    parser.add_argument(
        "--limit", type=int, default=0, help="at most this many messages per set (0: all)"
    )
    args = parser.parse_args(argv)
    if args.seconds <= 0 or args.rounds < 1:
        parser.error("--seconds must be > 0 and --rounds >= 1")
    wanted = set(args.sets.split(","))
    clock = time.process_time if args.clock == "cpu" else time.perf_counter
    settings = Settings(seconds=args.seconds, rounds=args.rounds, clock=clock)

    notes: list[str] = []
    sets: list[InputSet] = []
    reference = (
        load_folder("reference", "Elhub EMIF 2.4.3 examples", REFERENCE_EXAMPLES, args.limit)
        if "reference" in wanted
        else None
    )
    if reference is not None:
        sets.append(reference)
    elif "reference" in wanted:
        notes.append(f"reference examples not found at {REFERENCE_EXAMPLES}: set skipped")
    project = (
        load_folder("project", "our examples/ebix", PROJECT_EXAMPLES, args.limit)
        if "project" in wanted
        else None
    )
    if project is not None:
        sets.append(project)
    elif "project" in wanted:
        notes.append(f"project examples not found at {PROJECT_EXAMPLES}: set skipped")
    if "large" in wanted:
        sets.append(large_set())
    notes.append(f"load average {os.getloadavg()[0]:.1f} at the start")

    results = [run_set(s, settings) for s in sets]
    if args.json:
        json.dump(as_json(results, settings, notes), sys.stdout, indent=2)
        print()
    else:
        print_table(results, settings, notes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
