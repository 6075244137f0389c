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
``Matcher.match``, and the match and search index builds.

Every step goes through :class:`graph.store.Store` (opened by
:func:`open_backend`): ``--backends embedded,server`` runs the whole pipeline on
the embedded store, then on an Oxigraph server started here (the ``oxigraph``
package's binary, as the tests start it), and prints a table per backend;
``--store http://…`` runs it on a server that is already there. Each named
query runs in a process of its own under a wall-clock and memory limit
(``--query-timeout``, ``--query-memory``; on the server backend the limit is
the server's, which is restarted when a query ends it), so one query cannot
end the run.

    .venv/bin/python -m bench.finland_scale --scale 0.05 --backends embedded,server
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import multiprocessing
import os
import random
import re
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pyoxigraph as ox

from graph import search
from graph.indicators import compute
from graph.matching import Matcher
from graph.matching.ranker import need_of_record
from graph.procurement import lot_records
from graph.queries import NamedQuery, QueryCatalogue
from graph.remote import is_url
from graph.resources import resource_dir
from graph.results import run_named
from graph.store import Store
from ingest import codelists, companies, funding
from ingest.notices import ingest as ingest_notices
from ingest.notices import notice_files
from ingest.notices.detect import parse_bytes
from ingest.report import IngestReport

NOTICES, COMPANIES, FUNDING_ROWS = 300_000, 600_000, 60_000
YEARS = range(2016, 2026)
_UUID = re.compile(rb"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_DATE = re.compile(rb"(?<![0-9])(20[0-9]{2})-([01][0-9])-([0-3][0-9])")
_EUR = re.compile(rb'(currencyID="EUR"[^>]*>)([0-9]+(?:\.[0-9]+)?)(<)')
# TED XML numbers its notices (NO_DOC_OJS, DOC_ID, NO_DOC_EXT) instead of by UUID.
_TED_NUMBER = re.compile(rb'(<NO_DOC_OJS>|<NO_DOC_EXT>|DOC_ID=")([^<"]+)')


# ------------------------------------------------------------------ backends
@dataclass
class Backend:
    """One store the bench runs on: ``location`` is what a query process opens
    (the embedded store's folder, or the server's URL)."""

    name: str
    store: Store
    location: str
    server: OxigraphServer | None = None

    def close(self) -> None:
        self.store.close()
        if self.server is not None:
            self.server.stop()


class OxigraphServer:
    """``oxigraph serve`` (the server binary of the ``oxigraph`` PyPI package) on a free
    loopback port over a folder of its own, its address space capped at ``memory_mb``
    so that one runaway query ends the server, not the machine; :meth:`restart` brings
    it back on the same data."""

    def __init__(self, folder: Path, memory_mb: int) -> None:
        self.folder, self.memory_mb = folder, memory_mb
        self.process: subprocess.Popen[bytes] | None = None
        self.url = ""
        self.restarts = 0

    def start(self) -> str:
        """Start the server; returns its base URL once it answers."""
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = int(sock.getsockname()[1])
        binary = shutil.which("oxigraph", path=str(Path(sys.executable).parent))
        if binary is None:
            raise SystemExit("the oxigraph server is not installed: pip install -e '.[dev]'")
        self.folder.mkdir(parents=True, exist_ok=True)
        log = open(self.folder.with_suffix(".log"), "ab")  # noqa: SIM115 - the server keeps it
        command = [binary, "serve", "--location", str(self.folder), "--bind", f"127.0.0.1:{port}"]
        limit = self.memory_mb * 2**20
        self.process = subprocess.Popen(
            command,
            stdout=log,
            stderr=subprocess.STDOUT,
            preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_AS, (limit, limit)),
        )
        self.url = f"http://127.0.0.1:{port}/"
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(self.url + "query", params={"query": "ASK {}"}, timeout=2)
                return self.url
            except httpx.HTTPError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"oxigraph serve did not start (log: {log.name})") from None
                time.sleep(0.1)

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def restart(self) -> str:
        """Stop (a query past its deadline goes on inside the server) and start again."""
        self.stop()
        self.restarts += 1
        return self.start()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def open_backend(name: str, spec: str, memory_mb: int) -> Backend:
    """``embedded``: a store in folder ``spec`` (created empty); ``server``: an Oxigraph
    server started over folder ``spec`` + ``-server``; a URL: that SPARQL server, used
    as it is (its graphs are replaced)."""
    if is_url(spec):
        return Backend("server " + spec, Store(spec), spec)
    path = Path(spec)
    if name == "embedded":
        if path.exists():
            shutil.rmtree(path)
        return Backend("embedded", Store(path), str(path))
    folder = path.with_name(path.name + "-server")
    if folder.exists():
        shutil.rmtree(folder)
    server = OxigraphServer(folder, memory_mb)
    url = server.start()
    return Backend("oxigraph server", Store(url), url, server)


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
    """A copy of ``template``: new UUIDs and TED notice numbers (every copy is a notice
    of its own), dates moved to ``month``, amounts scaled."""
    salt = f"keino-synthetic-{serial}"
    data = _UUID.sub(
        lambda m: str(uuid.uuid5(uuid.NAMESPACE_URL, salt + m.group().decode())).encode(), template
    )
    data = _TED_NUMBER.sub(lambda m: m.group(1) + m.group(2) + f"-s{serial}".encode(), data)
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


@dataclass
class Guard:
    """Limits of one named query's runs: wall seconds and memory (MB) of the process
    that evaluates it (the query process on the embedded store, the server otherwise)."""

    timeout: float = 300.0
    memory_mb: int = 4000


def _query_process(location: str, name: str, values: dict[str, str], repeat: int,
                   memory_mb: int, answer: Any) -> None:  # fmt: skip
    """Child process: run named query ``name`` up to ``repeat`` times; send times and rows."""
    if not is_url(location):  # on the server backend the server holds the memory
        limit = memory_mb * 2**20
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    store = Store(location) if is_url(location) else Store(location, read_only=True)
    query = QueryCatalogue().get(name)
    times: list[float] = []
    rows: Any = None
    try:
        for _ in range(repeat):
            started = time.perf_counter()
            result = run_named(store, query, values)
            times.append(time.perf_counter() - started)
            rows = getattr(result, "rows", None)
            if times[-1] > 5:  # one run of a slow query is the figure
                break
    except MemoryError:
        answer.send(("error", f"out of memory (over {memory_mb:,} MB)"))
        return
    except Exception as exc:  # a failing query is a figure, not the end of the run
        answer.send(("error", f"{type(exc).__name__}: {str(exc)[:120]}"))
        return
    answer.send(("ok", times, None if rows is None else len(rows)))


def guarded_query(backend: Backend, query: NamedQuery, values: dict[str, str], repeat: int,
                  guard: Guard) -> tuple[str, str]:  # fmt: skip
    """p50/p95 (or what stopped it) and a note, from a separate process that is killed
    past ``guard.timeout`` or dies past ``guard.memory_mb``: one query cannot end the run."""
    context = multiprocessing.get_context("spawn")  # no forked RocksDB handles or threads
    receive, send = context.Pipe(duplex=False)
    child = context.Process(
        target=_query_process,
        args=(backend.location, query.name, values, repeat, guard.memory_mb, send),
    )
    child.start()
    send.close()
    message: Any = None
    if receive.poll(guard.timeout):
        try:
            message = receive.recv()
        except EOFError:  # the process died (memory limit) before answering
            message = None
    child.join(5)
    stopped = child.is_alive()
    if stopped:
        child.kill()
        child.join()
    server = backend.server
    if server is not None and (stopped or not server.alive()):
        died = not server.alive()
        backend.location = server.restart()
        backend.store = Store(backend.location)
        if message is None:
            why = "server died (memory limit?)" if died else f"stopped after {guard.timeout:.0f} s"
            return "-", why + ", server restarted"
    if message is None:
        if stopped:
            return "-", f"stopped after {guard.timeout:.0f} s"
        return "-", f"query process died (exit {child.exitcode}, limit {guard.memory_mb:,} MB)"
    if message[0] == "error":
        return "-", message[1]
    _, times, rows = message
    return percentiles(times), "" if rows is None else f"{rows} rows"


def query_latencies(backend: Backend, repeat: int, guard: Guard) -> Iterator[tuple[str, str, str]]:
    """(name, p50/p95, note) of every named query, each in a guarded process."""
    backend.store.flush()
    for query in QueryCatalogue():
        values = examples(query)
        if values is None:
            yield query.name, "-", "no example for a required parameter"
            continue
        latency, note = guarded_query(backend, query, values, repeat, guard)
        yield query.name, latency, note


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


def run(backend: Backend, scale: float, work: Path, repeat: int, guard: Guard,
        figures: Figures) -> None:  # fmt: skip
    """The whole pipeline on ``backend`` at ``scale``; figures go to ``figures``."""
    store = backend.store
    n_notices = max(120, round(NOTICES * scale))
    n_companies, n_funding = round(COMPANIES * scale), round(FUNDING_ROWS * scale)
    took, report = ingest_one(store, lambda: codelists.ingest(store))
    figures.add(
        "code lists (real, CPV/NUTS/…)", f"{report.triple_count:,} triples", f"{took:.1f} s"
    )
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

    for name, latency, note in query_latencies(backend, repeat, guard):
        figures.add(f"query {name}", latency, note)
    store = backend.store  # a new client if the server was restarted

    took, matcher = timed(lambda: Matcher.from_store(store))
    needs = [need_of_record(r) for r, _ in zip(lot_records(store), range(200), strict=False)]
    times = []
    for need in needs:
        started = time.perf_counter()
        matcher.match(need)
        times.append(time.perf_counter() - started)
    figures.add("match index build", f"{took:.1f} s")
    figures.add("match", percentiles(times) if times else "-", f"{len(times)} needs")
    took, index = timed(lambda: search.build_index(store))
    figures.add("search label index build", f"{took:.1f} s", f"{len(index.labels):,} labels")
    own, kids = peak_mb()
    figures.add("peak memory", f"{own:,.0f} MB", f"(ingest workers {kids:,.0f} MB)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument(
        "--store",
        default="var/bench-finland",
        help="a folder (the embedded store; the server's data goes beside it), or the "
        "http(s):// URL of a SPARQL server to use instead of starting one",
    )
    parser.add_argument(
        "--backends", default="embedded", help="comma-separated: embedded, server (Oxigraph)"
    )
    parser.add_argument("--repeat", type=int, default=5, help="runs of each named query")
    parser.add_argument("--query-timeout", type=float, default=300.0, help="seconds per query")
    parser.add_argument(
        "--query-memory", type=int, default=4000, help="MB for the process evaluating a query"
    )
    args = parser.parse_args()
    # A terminated run still stops the server it started (``finally`` below).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    names = ["server"] if is_url(args.store) else args.backends.split(",")
    guard = Guard(args.query_timeout, args.query_memory)
    tables = []
    for name in names:
        print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores; scale "
              f"{args.scale}; backend {name}", flush=True)  # fmt: skip
        backend = open_backend(name, args.store, args.query_memory)
        figures = Figures()
        started = time.perf_counter()
        try:
            with tempfile.TemporaryDirectory(prefix="keino-finland-") as tmp:
                run(backend, args.scale, Path(tmp), args.repeat, guard, figures)
        finally:
            restarts = backend.server.restarts if backend.server is not None else 0
            backend.close()
        figures.add("whole run", f"{time.perf_counter() - started:,.0f} s",
                    f"server restarts: {restarts}" if backend.server else "")  # fmt: skip
        title = f"Finland scale × {args.scale} (synthetic), {backend.name} ({backend.location})"
        tables.append(figures.table(title))
        print("\n" + tables[-1] + "\n", flush=True)
    print("\n\n".join(tables))


if __name__ == "__main__":
    main()
