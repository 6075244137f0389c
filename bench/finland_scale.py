"""Benchmark: ten years of Finnish-scale procurement through the whole pipeline.

Everything loaded here is SYNTHETIC, made from the real bundled examples:

- **notices**: the eForms, Hilma and TED-Finland examples of ``data/notices``
  (those with UUID identifiers) copied with fresh identifiers (every UUID
  replaced, consistently within a copy), dates moved to a month of 2016–2025
  and euro amounts scaled at random; written as XML files one monthly batch at
  a time and ingested with ``keino ingest notices`` (``ingest.notices.ingest``)
  into ``kg:notices/synthetic-YYYY-MM``;
- **companies**: rows of the bundled Tampere registry subset with new
  (check-digit valid) business IDs and names marked "(synthetic N)", ingested
  from a PRH CSV (``ingest.companies``);
- **funding**: rows of the bundled Business Finland subset given to those
  companies (``ingest.funding``).

Defaults are the size of ten years of Finnish public procurement: 300,000
notices (about 1,000,000 lots at the examples' lots per notice), a 600,000
company registry and 60,000 funding rows; ``--scale`` multiplies them all.

Printed, in one run: ingest time and triples/s of each source against
pyoxigraph ``bulk_load`` of the same triples into an empty store (the
baseline; target ≤ 2×), disk size, peak memory, the indicator recompute from
scratch and the update after one more monthly batch, p50/p95 of every named
query (``queries/*.rq``, bound with the examples of their headers) and of
``Matcher.match``.

Every step goes through :class:`graph.store.Store` (opened by
:func:`open_backend`), so another backend of the same type runs the same bench.

    .venv/bin/python -m bench.finland_scale --scale 0.05
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import random
import re
import resource
import shutil
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from graph.indicators import compute
from graph.matching import Matcher
from graph.matching.ranker import need_of_record
from graph.procurement import lot_records
from graph.queries import NamedQuery, QueryCatalogue
from graph.resources import resource_dir
from graph.results import run_named
from graph.store import Store
from ingest import companies, funding
from ingest.notices import ingest as ingest_notices
from ingest.notices import notice_files
from ingest.notices.detect import parse_bytes
from ingest.report import IngestReport

NOTICES, COMPANIES, FUNDING_ROWS = 300_000, 600_000, 60_000
YEARS = range(2016, 2026)
_UUID = re.compile(rb"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_DATE = re.compile(rb"(?<![0-9])(20[0-9]{2})-([01][0-9])-([0-3][0-9])")
_EUR = re.compile(rb'(currencyID="EUR"[^>]*>)([0-9]+(?:\.[0-9]+)?)(<)')


# ------------------------------------------------------------------ backends
def open_backend(spec: str) -> Store:
    """The store the bench runs on: a folder for the embedded store (created empty)."""
    path = Path(spec)
    if path.exists():
        shutil.rmtree(path)
    return Store(path)


def disk_mb(store: Store) -> float | None:
    """Size of an on-disk store's folder (None for a store without one)."""
    if store.path is None:
        return None
    return sum(f.stat().st_size for f in store.path.rglob("*") if f.is_file()) / 1e6


def peak_mb() -> tuple[float, float]:
    """Peak resident memory of this process and of its (ingest worker) children, MB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, kids


# ------------------------------------------------------------------ synthesis
def templates() -> list[bytes]:
    """The bundled example notices that parse and carry UUID identifiers."""
    out = []
    for path in notice_files([resource_dir("data") / "notices"]):
        data = path.read_bytes()
        try:
            parse_bytes(data, str(path))
        except Exception:  # the bundled set includes invalid examples on purpose
            continue
        if _UUID.search(data):
            out.append(data)
    return out


def synthetic_notice(template: bytes, serial: int, month: dt.date, rng: random.Random) -> bytes:
    """A copy of ``template``: new UUIDs, dates moved to ``month``, amounts scaled."""
    salt = f"keino-synthetic-{serial}"
    data = _UUID.sub(
        lambda m: str(uuid.uuid5(uuid.NAMESPACE_URL, salt + m.group().decode())).encode(), template
    )
    day = rng.randrange(1, 28)

    def date(m: re.Match[bytes]) -> bytes:
        return f"{month.year:04d}-{month.month:02d}-{day:02d}".encode()

    data = _DATE.sub(date, data)
    factor = rng.lognormvariate(0, 1)

    def amount(m: re.Match[bytes]) -> bytes:
        return m.group(1) + f"{float(m.group(2)) * factor:.2f}".encode() + m.group(3)

    return _EUR.sub(amount, data)


def months() -> list[dt.date]:
    """The first day of each month of :data:`YEARS`."""
    return [dt.date(y, m, 1) for y in YEARS for m in range(1, 13)]


def write_batch(folder: Path, first: int, count: int, month: dt.date, pool: list[bytes]) -> None:
    """``count`` synthetic notices of ``month`` as XML files in ``folder``."""
    rng = random.Random(first)
    folder.mkdir(parents=True, exist_ok=True)
    for serial in range(first, first + count):
        data = synthetic_notice(pool[serial % len(pool)], serial, month, rng)
        (folder / f"synthetic-{serial:07d}.xml").write_bytes(data)


def business_ids() -> Iterator[str]:
    """Check-digit valid Finnish business IDs from 3000000-x up (for synthetic companies)."""
    for number in range(3_000_000, 10_000_000):
        body = f"{number:07d}"
        rest = sum(int(d) * w for d, w in zip(body, (7, 9, 10, 5, 8, 4, 2), strict=True)) % 11
        if rest != 1:  # remainder 1 has no check digit
            yield f"{body}-{0 if rest == 0 else 11 - rest}"


def write_companies(path: Path, n: int) -> list[str]:
    """``n`` synthetic registry rows (PRH CSV) from the bundled subset; their IDs."""
    real = resource_dir("data") / "companies" / "tampere-funded-companies.csv"
    with open(real, encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        columns, rows = list(reader.fieldnames or []), list(reader)
    ids: list[str] = []
    fresh = business_ids()
    with open(path, "w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, columns)
        writer.writeheader()
        for i in range(n):
            row = dict(rows[i % len(rows)])
            row["businessId"] = next(fresh)
            row["name"] = f"{row['name']} (synthetic {i})"
            writer.writerow(row)
            ids.append(row["businessId"])
    return ids


def write_funding(path: Path, n: int, ids: list[str]) -> None:
    """``n`` synthetic funding rows from the bundled subset, given to companies ``ids``."""
    real = resource_dir("data") / "funding" / "funding-awarded-subset.csv"
    with open(real, encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        columns, rows = list(reader.fieldnames or []), list(reader)
    rng = random.Random(3)
    with open(path, "w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, columns)
        writer.writeheader()
        for i in range(n):
            row = dict(rows[i % len(rows)])
            row["Y-tunnus"] = ids[rng.randrange(len(ids))]
            row["Organisaatio"] = f"Synthetic {i}"
            row["Myöntämisvuosi"] = str(rng.choice(list(YEARS)))
            writer.writerow(row)


# ------------------------------------------------------------------ measuring
@dataclass
class Figures:
    """What the run measured, printed as one table."""

    rows: list[tuple[str, str, str]] = field(default_factory=list)

    def add(self, what: str, value: str, note: str = "") -> None:
        self.rows.append((what, value, note))
        print(f"  {what}: {value} {note}", flush=True)

    def table(self, title: str) -> str:
        width = max(len(r[0]) for r in self.rows)
        vwidth = max(len(r[1]) for r in self.rows)
        lines = [title, "-" * len(title)]
        lines += [f"{w:<{width}}  {v:>{vwidth}}  {n}" for w, v, n in self.rows]
        return "\n".join(lines)


def percentiles(seconds: list[float]) -> str:
    """p50 / p95 in ms."""
    ms = sorted(s * 1000 for s in seconds)
    p95 = ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))]
    return f"p50 {statistics.median(ms):.1f} ms / p95 {p95:.1f} ms"


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def bulk_baseline(store: Store, graphs: list[str], scratch: Path) -> tuple[float, int]:
    """Seconds for pyoxigraph ``bulk_load`` of the triples of ``graphs`` into an empty
    store (serialised to N-Triples beforehand, outside the timing); and how many."""
    text = []
    for g in graphs:
        text.append(b"".join(f"{t} .\n".encode() for t in store.triples(g)))
    data = b"".join(text)
    target = ox.Store(str(scratch))
    started = time.perf_counter()
    target.bulk_load(data, ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode("urn:bench:bulk"))
    seconds = time.perf_counter() - started
    count = len(target)
    del target
    shutil.rmtree(scratch, ignore_errors=True)
    return seconds, count


def examples(query: NamedQuery) -> dict[str, str] | None:
    """The example values of a query's parameters (None: a required one has none)."""
    values = {}
    for p in query.params:
        if p.example is not None:
            values[p.name] = p.example
        elif not p.optional:
            return None
    return values


def query_latencies(store: Store, repeat: int) -> Iterator[tuple[str, str, str]]:
    """(name, p50/p95, rows) of every named query, run ``repeat`` times (once if slow)."""
    for query in QueryCatalogue():
        values = examples(query)
        if values is None:
            yield query.name, "-", "no example for a required parameter"
            continue
        times: list[float] = []
        answer: Any = None
        for _ in range(repeat):
            started = time.perf_counter()
            answer = run_named(store, query, values)
            times.append(time.perf_counter() - started)
            if times[-1] > 5:  # one run of a slow query is the figure
                break
        rows = getattr(answer, "rows", None)
        yield query.name, percentiles(times), "" if rows is None else f"{len(rows)} rows"


def ingest_notices_batches(
    store: Store, n_notices: int, work: Path, figures: Figures
) -> tuple[float, list[str], list[float]]:
    """Ingest ``n_notices`` synthetic notices month by month; total seconds, graphs and
    each batch's indicator update (after the first twelve months)."""
    pool = templates()
    batches = months()
    per = max(1, n_notices // len(batches))
    total, graphs, updates = 0.0, [], []
    for i, month in enumerate(batches):
        folder = work / f"synthetic-{month:%Y-%m}"
        write_batch(folder, i * per, per, month, pool)
        started = time.perf_counter()
        report = ingest_notices(store, [folder], partial=True)
        total += time.perf_counter() - started
        shutil.rmtree(folder)
        if report.refused or not report.graph:
            raise SystemExit(f"batch {folder.name} refused: {report.refused}")
        graphs.append(report.graph)
        if i == 11:
            compute(store)  # the ledger starts after a year of notices
        elif i > 11 and i % 12 == 0:
            took, _ = timed(lambda: compute(store))
            updates.append(took)
    figures.add("notice templates (real examples)", f"{len(pool)}", "files")
    return total, graphs, updates


def ingest_one(store: Store, fn: Callable[[], IngestReport]) -> tuple[float, IngestReport]:
    took, report = timed(fn)
    if report.refused or not report.ok:
        raise SystemExit(f"{report.source} refused: {report.refused}")
    return took, report


def run(store: Store, scale: float, work: Path, repeat: int, figures: Figures) -> None:
    """The whole pipeline on ``store`` at ``scale``; figures go to ``figures``."""
    n_notices = max(120, round(NOTICES * scale))
    n_companies, n_funding = round(COMPANIES * scale), round(FUNDING_ROWS * scale)
    took, graphs, updates = ingest_notices_batches(store, n_notices, work, figures)
    add = figures.add
    triples = sum(store.count(g) for g in graphs)
    lots = sum(1 for _ in store.pairs("http://data.europa.eu/a4g/ontology#refersToLot"))
    figures.add(
        "notices ingested", f"{n_notices:,}", f"{lots:,} lots, {len(graphs)} monthly batches"
    )
    bulk, bulk_n = bulk_baseline(store, graphs, work / "bulk")
    figures.add(
        "notice ingest", f"{took:.1f} s", f"{triples / took:,.0f} triples/s, {triples:,} triples"
    )
    figures.add(
        "  bulk_load of the same triples", f"{bulk:.1f} s", f"{bulk_n / bulk:,.0f} triples/s"
    )
    figures.add("  ingest / bulk_load", f"{took / bulk:.2f}×", "(target ≤ 2×)")

    ids = write_companies(work / "companies.csv", n_companies)
    write_funding(work / "funding.csv", n_funding, ids)
    took, report = ingest_one(store, lambda: companies.ingest(store, [work / "companies.csv"]))
    figures.add(
        "companies ingested", f"{n_companies:,}", f"{took:.1f} s, {report.triple_count:,} triples"
    )
    took, report = ingest_one(store, lambda: funding.ingest(store, [work / "funding.csv"]))
    figures.add(
        "funding rows ingested", f"{n_funding:,}", f"{took:.1f} s, {report.triple_count:,} triples"
    )
    store.flush()
    size = disk_mb(store)
    figures.add("store", f"{store.count():,} quads", f"{size:,.0f} MB on disk" if size else "")

    took, result = timed(lambda: compute(store, full=True))
    figures.add("indicator recompute from scratch", f"{took:.1f} s", f"{result.lots:,} lots")
    if updates:
        month = f"median of {len(updates)} (a month ≈ {n_notices // 120:,} notices)"
        add("indicator update after a monthly batch", f"{statistics.median(updates):.2f} s", month)

    for name, latency, note in query_latencies(store, repeat):
        figures.add(f"query {name}", latency, note)

    took, matcher = timed(lambda: Matcher.from_store(store))
    needs = [need_of_record(r) for r, _ in zip(lot_records(store), range(200), strict=False)]
    times = []
    for need in needs:
        started = time.perf_counter()
        matcher.match(need)
        times.append(time.perf_counter() - started)
    figures.add("match index build", f"{took:.1f} s")
    figures.add("match", percentiles(times) if times else "-", f"{len(times)} needs")
    own, kids = peak_mb()
    figures.add("peak memory", f"{own:,.0f} MB", f"(ingest workers {kids:,.0f} MB)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--store", default="var/bench-finland", help="a folder (embedded)")
    parser.add_argument("--repeat", type=int, default=5, help="runs of each named query")
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores; scale {args.scale}")
    store = open_backend(args.store)
    figures = Figures()
    with tempfile.TemporaryDirectory(prefix="keino-finland-") as tmp:
        run(store, args.scale, Path(tmp), args.repeat, figures)
    print()
    print(figures.table(f"Finland scale × {args.scale} (synthetic), embedded store {args.store}"))


if __name__ == "__main__":
    main()
