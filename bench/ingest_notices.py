"""Benchmark: end-to-end notice ingest against pyoxigraph's ``bulk_load`` of the same triples.

Generates ``--notices`` (default 20,000) eForms notices from real bundled examples
(award, competition and Hilma notices, with varied notice ids, procedure ids,
buyers and Finnish business IDs, CPV codes, NUTS codes, dates and values), writes
them to a temporary folder, then per run:

* ours: ``ingest.notices.ingest`` (read, hash, parse and map to N-Triples in one
  worker process per core, reconcile in file order, one ``replace_graph`` into an
  empty in-memory store) — notices/s and triples/s, split into parse+map (until
  the last file's result is in) and load;
* theirs: the same graph's triples, serialised once as N-Triples in memory, loaded
  with ``pyoxigraph.Store().bulk_load`` into an empty in-memory store.

Prints each run, the medians and the ratio ours / bulk_load (target ≤ 2), then
where our CPU time goes: each stage of one process over the same files (read and
parse, map to triples, serialise, Oxigraph's transactional ``load``) against
``bulk_load`` of the same N-Triples, in memory and on disk. ``--disk`` runs both
sides on on-disk stores (what ``keino ingest`` writes to) instead of in memory.

Run: ``.venv/bin/python bench/ingest_notices.py [--notices 20000] [--runs 3] [--disk]``
"""

from __future__ import annotations

import argparse
import io
import os
import random
import resource
import statistics
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox
from lxml import etree

from graph.procurement import to_ntriples
from graph.store import Store
from ingest.notices import ingest
from ingest.notices.detect import parse_bytes
from ingest.notices.eforms import NS
from ingest.notices.map import notice_to_triples
from ingest.notices.reconcile import Reconciler

ROOT = Path(__file__).resolve().parents[1] / "data" / "notices"
TEMPLATES = [
    "eforms-sdk/can_24_minimal.xml",
    "eforms-sdk/cn_24_minimal.xml",
    "eforms-sdk/can_24_LSBU.xml",
    "eforms-sdk/cn_24_open.xml",
    "eforms-sdk/pin-only_24.xml",
    "hilma/E3_minimum.xml",
    "hilma/E4_minimum.xml",
    "ted-finland/574413-2023.xml",
    "ted-finland/544961-2023.xml",
]
CPV = ["90910000", "45000000", "72000000", "55523000", "85000000", "73100000", "71320000",
       "09310000", "34100000", "79212000", "50500000", "92610000", "30200000"]  # fmt: skip
NUTS = ["FI1B1", "FI1C1", "FI1C2", "FI193", "FI194", "FI1D1", "FI1D2", "FI1D3", "FI200"]
NAMES = ["Kaupunki", "Kunta", "Hyvinvointialue", "Kuntayhtymä", "Oy", "Virasto"]


def business_id(n: int) -> str:
    """The n-th valid Finnish business ID (check digit computed)."""
    while True:
        body = f"{n % 10_000_000:07d}"
        rem = sum(int(d) * w for d, w in zip(body, (7, 9, 10, 5, 8, 4, 2), strict=True)) % 11
        if rem != 1:
            return f"{body}-{0 if rem == 0 else 11 - rem}"
        n += 1


def _set_all(root: etree._Element, path: str, make: object) -> None:
    for el in root.iterfind(path, NS):
        el.text = make() if callable(make) else str(make)


def vary(template: bytes, i: int, rng: random.Random) -> bytes:
    """One synthetic notice: the template with varied ids, buyers, codes, dates, values."""
    root = etree.fromstring(template)
    _set_all(root, "cbc:ID", f"{i:08x}-0000-4000-8000-{rng.getrandbits(48):012x}")
    _set_all(root, "cbc:ContractFolderID", f"proc-{i // 3:08d}")
    day = f"20{rng.randint(19, 25)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    _set_all(root, "cbc:IssueDate", day + "+02:00")
    org = ".//efac:Organization/efac:Company"
    buyer_no = rng.randint(0, 4000)  # ~4,000 buyers recur across the batch
    for n, company in enumerate(root.iterfind(org, NS)):
        name = company.find("cac:PartyName/cbc:Name", NS)
        if name is not None:
            name.text = f"{name.text} {NAMES[(buyer_no + n) % len(NAMES)]} {buyer_no + n}"
        cid = company.find("cac:PartyLegalEntity/cbc:CompanyID", NS)
        if cid is not None:
            cid.text = business_id(1_000_000 + buyer_no * 7 + n)
        sub = company.find("cac:PostalAddress/cbc:CountrySubentityCode", NS)
        if sub is not None:
            sub.text = rng.choice(NUTS)
    _set_all(root, ".//cac:MainCommodityClassification/cbc:ItemClassificationCode",
             lambda: rng.choice(CPV))  # fmt: skip
    _set_all(root, ".//cac:RealizedLocation/cac:Address/cbc:CountrySubentityCode",
             lambda: rng.choice(NUTS))  # fmt: skip
    _set_all(root, ".//cbc:EstimatedOverallContractAmount",
             lambda: f"{rng.randint(10, 5000) * 1000}.00")  # fmt: skip
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def generate(folder: Path, count: int) -> int:
    """Write ``count`` notices into ``folder``; returns the bytes written."""
    rng = random.Random(20240301)
    templates = [(ROOT / t).read_bytes() for t in TEMPLATES]
    total = 0
    for i in range(count):
        data = vary(templates[i % len(templates)], i, rng)
        (folder / f"n{i:06d}.xml").write_bytes(data)
        total += len(data)
    return total


def cpu_seconds() -> float:
    """CPU time of this process (all threads) and of its finished worker processes.

    On a shared machine wall time depends on the others' load; CPU time does not.
    """
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def run_ours(folder: Path, disk: Path | None) -> tuple[float, float, float, int, Store]:
    """Seconds in all, until every file was parsed and mapped, CPU seconds, notices, store."""
    store = Store(disk) if disk is not None else Store()
    last = [0.0]

    def parsed(_: Path) -> None:
        last[0] = time.perf_counter()

    started, cpu = time.perf_counter(), cpu_seconds()
    report = ingest(store, [folder], batch="bench", on_file=parsed)
    elapsed, cpu = time.perf_counter() - started, cpu_seconds() - cpu
    assert report.ok and report.graph, report.problems()[:3]
    return elapsed, last[0] - started, cpu, report.n_mapped, store


def run_bulk_load(ntriples: bytes, disk: Path | None) -> tuple[float, float]:
    """Wall and CPU seconds of ``bulk_load`` into an empty store (in memory or on disk)."""
    store = ox.Store(str(disk)) if disk is not None else ox.Store()
    started, cpu = time.perf_counter(), time.process_time()
    store.bulk_load(
        input=ntriples, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode("urn:x:bench")
    )
    return time.perf_counter() - started, time.process_time() - cpu


def cpu_split(folder: Path, sample: int) -> None:
    """CPU seconds of each stage over the first ``sample`` files, in this one process."""
    files = sorted(folder.glob("*.xml"))[:sample]
    clock = time.process_time
    started = clock()
    notices = [(parse_bytes(f.read_bytes(), str(f)), f) for f in files]
    parsed = clock()
    triples = [notice_to_triples(n, Reconciler().resolve, None) for n, _ in notices]
    mapped = clock()
    data = b"".join(to_ntriples(t) for t in triples)
    serialised = clock()
    quads = data.replace(b" .\n", b" <urn:x:bench> .\n")
    figures = {"read + parse (lxml and the eForms reader)": parsed - started,
               "map to triples (term objects)": mapped - parsed,
               "serialise to N-Triples": serialised - mapped}  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        for where, make in (("in memory", ox.Store), ("on disk", None)):
            for kind in ("load (one transaction)", "bulk_load"):
                target = make() if make else ox.Store(tempfile.mkdtemp(dir=tmp))
                began = clock()
                if kind == "bulk_load":
                    target.bulk_load(data, ox.RdfFormat.N_TRIPLES,
                                     to_graph=ox.NamedNode("urn:x:bench"))  # fmt: skip
                else:
                    target.load(quads, ox.RdfFormat.N_QUADS)
                figures[f"{kind}, {where}"] = clock() - began
                del target
    bulk = figures["bulk_load, in memory"]
    print(f"CPU seconds per stage, one process, {len(files):,} notices, "
          f"{sum(map(len, triples)):,} triples (× bulk_load in memory):")  # fmt: skip
    for stage, seconds in figures.items():
        print(f"  {stage:<45} {seconds:6.2f} s  {seconds / bulk:5.1f}×")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notices", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--disk", action="store_true", help="on-disk stores on both sides")
    parser.add_argument("--split", type=int, default=1000, help="files in the CPU split")
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "notices"
        folder.mkdir()
        size = generate(folder, args.notices)
        print(f"generated {args.notices:,} eForms notices ({size / 1e6:.0f} MB) from "
              f"{len(TEMPLATES)} real examples")  # fmt: skip
        ours, bulk, parse, cpu_ours, cpu_bulk, triples = [], [], [], [], [], 0
        for run in range(args.runs):
            ours_disk = Path(tmp) / f"ours-{run}" if args.disk else None
            bulk_disk = Path(tmp) / f"bulk-{run}" if args.disk else None
            elapsed, parsing, cpu, mapped, store = run_ours(folder, ours_disk)
            graph = next(g for g in store.graphs() if g.endswith("/bench"))
            buffer = io.BytesIO()
            ox.serialize(store.triples(graph), buffer, ox.RdfFormat.N_TRIPLES)
            triples = store.count(graph)
            del store
            loaded, loaded_cpu = run_bulk_load(buffer.getvalue(), bulk_disk)
            ours.append(elapsed)
            bulk.append(loaded)
            parse.append(parsing)
            cpu_ours.append(cpu)
            cpu_bulk.append(loaded_cpu)
            print(f"run {run + 1}: ours {elapsed:.2f} s ({mapped / elapsed:,.0f} notices/s, "
                  f"{triples / elapsed:,.0f} triples/s; parse+map {parsing:.2f} s, load "
                  f"{elapsed - parsing:.2f} s) · bulk_load {loaded:.2f} s "
                  f"({triples / loaded:,.0f} triples/s) · CPU s ours {cpu:.2f}, bulk_load "
                  f"{loaded_cpu:.2f} · load average {os.getloadavg()[0]:.2f}")  # fmt: skip
        cpu_split(folder, args.split)
    mo, mb = statistics.median(ours), statistics.median(bulk)
    print(f"median: ours {mo:.2f} s = {args.notices / mo:,.0f} notices/s, "
          f"{triples / mo:,.0f} triples/s ({triples:,} triples); parse+map "
          f"{statistics.median(parse):.2f} s on {os.cpu_count()} worker processes")  # fmt: skip
    print(f"median: pyoxigraph bulk_load, same triples: {mb:.2f} s = {triples / mb:,.0f} triples/s")
    ratios = [o / b for o, b in zip(ours, bulk, strict=True)]
    print(f"ratio ours / bulk_load = {mo / mb:.2f}x of the medians, "
          f"{statistics.median(ratios):.2f}x median per run (target ≤ 2x)")  # fmt: skip
    co, cb = statistics.median(cpu_ours), statistics.median(cpu_bulk)
    cores = os.cpu_count() or 1
    print(f"CPU seconds (all processes): ours {co:.2f}, bulk_load {cb:.2f}, ratio {co / cb:.2f}x; "
          f"ours on {cores} idle cores would take at least {co / cores:.2f} s")  # fmt: skip
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
