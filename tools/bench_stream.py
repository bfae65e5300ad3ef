"""Streaming figures for series documents (issue 16 point 2): ``make bench-stream``.

    python tools/bench_stream.py [--size-mb 1024] [--billing-mb 102] [--rounds 2] [--folder /tmp]

Generates a CollectedData of about ``--size-mb`` MB and a NotifyValidatedDataForBillingEnergy
(Elhub's billing document: metered, estimated and calculated values, grid area and parties per
series) of about ``--billing-mb`` MB (default a tenth of ``--size-mb``) in ``--folder`` (never
in the repository: series of 15-minute values, up to the EMIF maximum of 9999 series), then
measures, each in its own process (so that peak memory is that run's) and interleaved over
``--rounds`` rounds:

- ``lxml iterparse``: the streaming baseline, parse + clear each element (nothing else);
- ``lxml iterparse + XSD``: the same with lxml validating against our XSD of the document
  while it parses (libxml2 streaming validation);
- ``stream validate``: :func:`elhub_cim.stream.validate_file` (XSD, rules, domain model, series
  by series);
- ``stream convert``: :func:`elhub_cim.stream.convert_file` to CIM (written to the folder);
- the same for a file of each document a tenth the size, to show that peak memory does not grow
  with the file (``--documents collected,billing`` picks the documents).

Prints wall and CPU seconds, MB/s, peak memory (ru_maxrss of the run) and the ratio of each to
the baseline. Figures, not assertions: the machine may be shared (the load is printed); the least
disturbed (fastest) round of each is reported. Run it under ``nice -n 19``. The files are deleted
at the end unless ``--keep``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HEADER = """<?xml version="1.0" encoding="UTF-8"?>
<rsm:CollectedData xmlns:rsm="urn:no:elhub:emif:metering:CollectedData:v2" \
xmlns:abie="urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2">
  <rsm:Header>
    <abie:Identification>0f6b9a8e-3c2d-4e1f-9a0b-7c6d5e4f3a21</abie:Identification>
    <abie:DocumentType listAgencyIdentifier="260">E13</abie:DocumentType>
    <abie:Creation>2026-06-12T02:17:40+02:00</abie:Creation>
    <abie:PhysicalSenderEnergyParty>
      <abie:Identification schemeAgencyIdentifier="9">7080030004042</abie:Identification>
    </abie:PhysicalSenderEnergyParty>
    <abie:JuridicalSenderEnergyParty>
      <abie:Identification schemeAgencyIdentifier="9">7080030004042</abie:Identification>
    </abie:JuridicalSenderEnergyParty>
    <abie:JuridicalRecipientEnergyParty>
      <abie:Identification schemeAgencyIdentifier="9">7080010000002</abie:Identification>
    </abie:JuridicalRecipientEnergyParty>
  </rsm:Header>
  <rsm:ProcessEnergyContext>
    <abie:EnergyBusinessProcess listAgencyIdentifier="89">BRS-NO-313</abie:EnergyBusinessProcess>
    <abie:EnergyBusinessProcessRole listAgencyIdentifier="6">DDM</abie:EnergyBusinessProcessRole>
    <abie:EnergyIndustryClassification>23</abie:EnergyIndustryClassification>
  </rsm:ProcessEnergyContext>
"""

SERIES_HEAD = """  <rsm:PayloadEnergyTimeSeries>
    <abie:Identification>{id}</abie:Identification>
    <abie:RegistrationDateTime>2026-06-12T02:15:03+02:00</abie:RegistrationDateTime>
    <abie:ObservationPeriodTimeSeriesPeriod>
      <abie:ResolutionDuration>PT15M</abie:ResolutionDuration>
      <abie:Start>2026-06-01T00:00:00+02:00</abie:Start>
      <abie:End>{end}</abie:End>
    </abie:ObservationPeriodTimeSeriesPeriod>
    <abie:ProductIncludedProductCharacteristics>
      <abie:Identification schemeAgencyIdentifier="9">8716867000030</abie:Identification>
      <abie:UnitType>kWh</abie:UnitType>
    </abie:ProductIncludedProductCharacteristics>
    <abie:MPDetailMeasurementMeteringPointCharacteristic>
      <abie:Direction>Out</abie:Direction>
    </abie:MPDetailMeasurementMeteringPointCharacteristic>
    <abie:MeteringPointUsedDomainLocation>
      <abie:Identification schemeAgencyIdentifier="9">{gsrn}</abie:Identification>
    </abie:MeteringPointUsedDomainLocation>
"""
METERED = """    <abie:Observation Sequence="{n}">
      <abie:Metered>{q}</abie:Metered>
    </abie:Observation>
"""
ESTIMATED = """    <abie:Observation Sequence="{n}">
      <abie:Estimated Quality="56" ValidationCode="V002" EstimationCode="E001">{q}</abie:Estimated>
    </abie:Observation>
"""
SERIES_TAIL = "  </rsm:PayloadEnergyTimeSeries>\n"
MAX_SERIES = 9999

# NotifyValidatedDataForBillingEnergy (BRS-NO-324, Elhub -> supplier): the same shape with the
# billing document's series fields, and calculated values besides metered and estimated ones.
BILLING_HEADER = """<?xml version="1.0" encoding="UTF-8"?>
<rsm:NotifyValidatedDataForBillingEnergy \
xmlns:rsm="urn:no:elhub:emif:metering:NotifyValidatedDataForBillingEnergy:v2" \
xmlns:abie="urn:no:elhub:emif:common:AggregatedBusinessInformationEntities:v2">
  <rsm:Header>
    <abie:Identification>c3d1a7e2-4b6f-4e9a-8c2d-5f1e3a7b9d04</abie:Identification>
    <abie:DocumentType listAgencyIdentifier="260">E66</abie:DocumentType>
    <abie:Creation>2026-06-12T06:05:00+02:00</abie:Creation>
    <abie:PhysicalSenderEnergyParty>
      <abie:Identification schemeAgencyIdentifier="9">7080010000002</abie:Identification>
    </abie:PhysicalSenderEnergyParty>
    <abie:JuridicalSenderEnergyParty>
      <abie:Identification schemeAgencyIdentifier="9">7080010000002</abie:Identification>
    </abie:JuridicalSenderEnergyParty>
    <abie:JuridicalRecipientEnergyParty>
      <abie:Identification schemeAgencyIdentifier="9">7080050001014</abie:Identification>
    </abie:JuridicalRecipientEnergyParty>
  </rsm:Header>
  <rsm:ProcessEnergyContext>
    <abie:EnergyBusinessProcess listAgencyIdentifier="89">BRS-NO-324</abie:EnergyBusinessProcess>
    <abie:EnergyBusinessProcessRole listAgencyIdentifier="6">DDQ</abie:EnergyBusinessProcessRole>
    <abie:EnergyIndustryClassification>23</abie:EnergyIndustryClassification>
  </rsm:ProcessEnergyContext>
"""
BILLING_SERIES_HEAD = """  <rsm:PayloadEnergyTimeSeries>
    <abie:Identification>{id}</abie:Identification>
    <abie:RegistrationDateTime>2026-06-12T05:58:41+02:00</abie:RegistrationDateTime>
    <abie:InsertDateTime>2026-06-12T05:59:02+02:00</abie:InsertDateTime>
    <abie:ObservationPeriodTimeSeriesPeriod>
      <abie:ResolutionDuration>PT15M</abie:ResolutionDuration>
      <abie:Start>2026-06-01T00:00:00+02:00</abie:Start>
      <abie:End>{end}</abie:End>
    </abie:ObservationPeriodTimeSeriesPeriod>
    <abie:ProductIncludedProductCharacteristics>
      <abie:Identification schemeAgencyIdentifier="9">8716867000030</abie:Identification>
      <abie:UnitType>kWh</abie:UnitType>
    </abie:ProductIncludedProductCharacteristics>
    <abie:MPDetailMeasurementMeteringPointCharacteristic>
      <abie:Direction>Out</abie:Direction>
      <abie:BusinessType listAgencyIdentifier="89">MP01</abie:BusinessType>
    </abie:MPDetailMeasurementMeteringPointCharacteristic>
    <abie:MeteringPointUsedDomainLocation>
      <abie:Identification schemeAgencyIdentifier="9">{gsrn}</abie:Identification>
    </abie:MeteringPointUsedDomainLocation>
    <abie:MeteringGridAreaUsedDomainLocation>
      <abie:Identification schemeAgencyIdentifier="305">50YTESTGRIDAREAX</abie:Identification>
    </abie:MeteringGridAreaUsedDomainLocation>
    <abie:BalanceResponsibleInvolvedEnergyParty>
      <abie:Identification schemeAgencyIdentifier="9">7080050002028</abie:Identification>
    </abie:BalanceResponsibleInvolvedEnergyParty>
    <abie:BalanceSupplierInvolvedEnergyParty>
      <abie:Identification schemeAgencyIdentifier="9">7080050001014</abie:Identification>
    </abie:BalanceSupplierInvolvedEnergyParty>
"""
CALCULATED = """    <abie:Observation Sequence="{n}">
      <abie:Calculated ImbalanceSettlement="true">{q}</abie:Calculated>
    </abie:Observation>
"""
#: What each document's file is made of: header, series head, root element (its end tag).
DOCUMENTS = {
    "collected": (HEADER, SERIES_HEAD, "CollectedData"),
    "billing": (BILLING_HEADER, BILLING_SERIES_HEAD, "NotifyValidatedDataForBillingEnergy"),
}


def _gsrn(number: int) -> str:
    body = f"70705750{number:09d}"
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return body + str((10 - total % 10) % 10)


def generate(path: Path, size_mb: float, document: str = "collected") -> tuple[int, int]:
    """Write a document (``DOCUMENTS``) of about ``size_mb`` MB; return (series, points)."""
    header, series_head, root = DOCUMENTS[document]
    from datetime import UTC, datetime, timedelta

    target = int(size_mb * 1_000_000)
    per_point = len(METERED.format(n=500, q="1234.567"))
    # Series of 1000 quarter hours (about ten days); the file grows by its number of series, up
    # to the EMIF maximum of 9999, then by longer series.
    points = max(1000, min(9999, target // (MAX_SERIES * per_point)))
    series = max(1, min(MAX_SERIES, target // (points * per_point)))
    start = datetime(2026, 5, 31, 22, tzinfo=UTC)  # 2026-06-01 00:00 in Oslo
    end = (start + timedelta(minutes=15 * points)).astimezone()
    end_text = (start + timedelta(minutes=15 * points)).strftime("%Y-%m-%dT%H:%M:%S") + "Z"
    from elhub_cim.core.profile import to_oslo

    end_text = to_oslo(end_text)
    del end
    rnd = random.Random(1)
    with path.open("w", encoding="utf-8") as out:
        out.write(header)
        for s in range(series):
            out.write(
                series_head.format(
                    id=f"{s:08x}-1c3a-4f5e-8b6d-0a1b2c3d4e5f", end=end_text, gsrn=_gsrn(s + 1)
                )
            )
            lines = []
            for n in range(1, points + 1):
                q = f"{rnd.randint(0, 9_999_999) / 1000:.3f}"
                kind = ESTIMATED if n % 97 == 0 else METERED
                if document == "billing" and n % 89 == 0:
                    kind = CALCULATED
                lines.append(kind.format(n=n, q=q))
            out.write("".join(lines))
            out.write(SERIES_TAIL)
        out.write(f"</rsm:{root}>\n")
    return series, series * points


# --- the measured runs, each in its own process --------------------------------------------------


def _run_baseline(path: str, validate: bool) -> dict[str, float]:
    from lxml import etree

    schema = None
    if validate:
        from elhub_cim.core.catalog import catalog
        from elhub_cim.formats.read import root_of_file

        root = root_of_file(path)
        xsd = next(m.schema_file for m in catalog().values() if root and m.name == root[1])
        schema = etree.XMLSchema(etree.parse(str(xsd)))
    count = 0
    kwargs = {"schema": schema} if schema is not None else {}
    for _, element in etree.iterparse(path, events=("end",), **kwargs):
        count += 1
        element.clear(keep_tail=True)
        parent = element.getparent()
        if parent is not None:
            while element.getprevious() is not None:
                del parent[0]
    return {"elements": count}


def _run_ours(path: str, mode: str, out: str) -> dict[str, float]:
    from elhub_cim.stream import convert_file, validate_file

    if mode == "validate":
        result = validate_file(path)
        errors = [p for p in result.problems if p.severity == "error"]
        return {"series": result.series, "points": result.points, "errors": len(errors)}
    result = convert_file(path, out, to="cim")
    size = Path(out).stat().st_size
    Path(out).unlink()
    return {"series": result.series, "points": result.points, "output_mb": size / 1e6}


def child(argv: list[str]) -> int:
    import resource

    kind, path, out = argv
    wall0, cpu0 = time.perf_counter(), time.process_time()
    if kind == "lxml":
        extra = _run_baseline(path, validate=False)
    elif kind == "lxml-xsd":
        extra = _run_baseline(path, validate=True)
    else:
        extra = _run_ours(path, kind, out)
    wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"wall": wall, "cpu": cpu, "peak_mb": peak_kb / 1024, **extra}))
    return 0


def _measure(kind: str, path: Path, out: Path) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, __file__, "--child", kind, str(path), str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"{kind} failed: {done.stderr[-2000:]}")
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


RUNS = ("lxml", "lxml-xsd", "validate", "convert")
File = tuple[str, float]  # (document, size asked for in MB)


def _line(
    label: str, size_mb: float, figures: dict[str, float], base: dict[str, float] | None
) -> str:
    ratio = ""
    if base is not None:
        ratio = (
            f"  x{figures['wall'] / base['wall']:.1f} wall, x{figures['cpu'] / base['cpu']:.1f} cpu"
        )
    return (
        f"{label:>18} MB {figures['kind_name']:9} {size_mb / figures['wall']:7.2f} MB/s wall "
        f"{size_mb / figures['cpu']:7.2f} MB/s cpu  peak {figures['peak_mb']:7.1f} MB{ratio}"
        f"  (load {figures['load']:.1f})"
    )


def _summary(
    kind: str, size_mb: float, best: dict[tuple[str, File], dict[str, float]], file: File
) -> dict[str, float | str]:
    """One run's figures for ``make bench``: MB/s (CPU), peak memory, CPU ratio to lxml."""
    figures, base = best[(kind, file)], best.get(("lxml", file))
    return {
        "kind": kind,
        "document": file[0],
        "size_mb": size_mb,
        "mb_per_s_cpu": size_mb / figures["cpu"],
        "mb_per_s_wall": size_mb / figures["wall"],
        "peak_mb": figures["peak_mb"],
        "cpu_ratio_to_lxml": figures["cpu"] / base["cpu"] if base else float("nan"),
    }


def main(argv: list[str] | None = None) -> int:
    args_list = sys.argv[1:] if argv is None else argv
    if args_list[:1] == ["--child"]:
        return child(args_list[1:])
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=float, default=1024.0, help="CollectedData size")
    parser.add_argument(
        "--billing-mb", type=float, default=None, help="billing document (default size-mb / 10)"
    )
    parser.add_argument("--documents", default=",".join(DOCUMENTS), help="collected,billing")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--folder", default=tempfile.gettempdir())
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--only", default=",".join(RUNS))
    parser.add_argument("--json", action="store_true", help="also one JSON line (make bench)")
    args = parser.parse_args(args_list)
    folder = Path(args.folder)
    repo = Path(__file__).resolve().parents[1]
    if folder.resolve().is_relative_to(repo):
        parser.error("generate the big file outside the repository (--folder)")
    kinds = [k for k in args.only.split(",") if k]
    documents = [d for d in args.documents.split(",") if d]
    if unknown := set(documents) - set(DOCUMENTS):
        parser.error(f"unknown documents {sorted(unknown)} (known: {', '.join(DOCUMENTS)})")
    real_stdout = sys.stdout
    if args.json:  # stdout carries the JSON report only; the progress lines go to stderr
        sys.stdout = sys.stderr
    top = {"collected": args.size_mb, "billing": args.billing_mb or args.size_mb / 10}
    files: dict[File, Path] = {}
    for document in documents:  # each at two sizes: peak memory must not grow with the file
        for size in (top[document], top[document] / 10):
            files[(document, size)] = folder / f"elhub-cim-bench-{document}-{int(size)}MB.xml"
    out = folder / "elhub-cim-bench-output.xml"
    actual: dict[File, float] = {}
    best: dict[tuple[str, File], dict[str, float]] = {}
    try:
        for file, path in files.items():
            t0 = time.perf_counter()
            series, points = generate(path, file[1], file[0])
            actual[file] = path.stat().st_size / 1e6
            print(f"generated {path}: {actual[file]:.0f} MB, {series} series, {points} points "
                  f"({time.perf_counter() - t0:.0f} s)", flush=True)  # fmt: skip
        for round_number in range(1, args.rounds + 1):
            for file, path in sorted(files.items()):
                for kind in kinds:
                    load = os.getloadavg()[0]
                    figures = _measure(kind, path, out)
                    figures["load"] = load
                    figures["kind_name"] = kind
                    label = f"{file[0]} {actual[file]:.3g}"
                    print(f"round {round_number}: " + _line(label, actual[file], figures, None),
                          flush=True)  # fmt: skip
                    key = (kind, file)
                    if key not in best or figures["wall"] < best[key]["wall"]:
                        best[key] = figures
        print("\nbest round of each; ratios to lxml iterparse of the same file:")
        for file in sorted(files):
            base = best.get(("lxml", file))
            for kind in kinds:
                label = f"{file[0]} {actual[file]:.3g}"
                print(_line(label, actual[file], best[(kind, file)], base))
        if args.json:
            summary = [_summary(kind, actual[file], best, file) for file in sorted(files)
                       for kind in kinds]  # fmt: skip
            print(json.dumps({"files": summary}), file=real_stdout)
    finally:
        sys.stdout = real_stdout
        if not args.keep:
            for path in files.values():
                path.unlink(missing_ok=True)
            out.unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
