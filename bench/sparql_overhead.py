"""Latency of ``/sparql`` against the same queries on pyoxigraph directly, in one run.

Two queries: a point lookup (every fact of one IRI) and a 1,000-row SELECT,
both answered as SPARQL JSON. "direct" is ``store.query`` plus serialization
to the same JSON bytes in this process; "endpoint" is an HTTP GET on a uvicorn
server in a separate process (keep-alive client), so client and server do not
share a GIL; timing starts once the server is idle (its start-up warms
caches in background threads). The store is the demo graph, and with ``--triples N`` also a
synthetic graph of N triples (organisations with labels, types, members).

    .venv/bin/python bench/sparql_overhead.py                 # demo graph
    .venv/bin/python bench/sparql_overhead.py --triples 5000000

Target: endpoint ≤ 1.5× direct for the 1,000-row result.
"""

from __future__ import annotations

import argparse
import gc
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pyoxigraph as ox
from rich.console import Console

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from graph.rdf import a, lit, triple  # noqa: E402
from graph.store import Store  # noqa: E402
from keino.demo import build_demo  # noqa: E402

SKOS = "http://www.w3.org/2004/02/skos/core#"
ORG = "http://www.w3.org/ns/org#"
ROWS_1000 = f"SELECT ?s ?label WHERE {{ ?s <{SKOS}prefLabel> ?label }} LIMIT 1000"


def point_query(iri: str) -> str:
    return f"SELECT ?p ?o WHERE {{ <{iri}> ?p ?o }}"


def timings(run: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Median and p95 in milliseconds after three warm-up runs."""
    for _ in range(3):
        run()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(0.95 * (len(samples) - 1))]


def direct(path: Path, queries: dict[str, str], repeat: int) -> dict[str, tuple[float, float]]:
    opened = [Store(path)]

    def answer(query: str) -> Callable[[], object]:
        def run() -> object:
            result = opened[0].query(query)
            return result.serialize(format=ox.QueryResultsFormat.JSON)

        return run

    figures = {name: timings(answer(q), repeat) for name, q in queries.items()}
    opened.clear()
    gc.collect()  # releases the RocksDB lock for the server process
    return figures


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def serve(path: Path) -> Iterator[str]:
    """A uvicorn server on ``path`` in a child process; yields its base URL."""
    port = free_port()
    code = (
        "import uvicorn; from api.main import create_app; from graph.store import Store; "
        f"uvicorn.run(create_app(Store({str(path)!r})), host='127.0.0.1', port={port}, "
        "log_level='warning', access_log=False)"
    )
    env = {**os.environ, "KEINO_SEARCH_WARM": "0", "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen([sys.executable, "-c", code], env=env, cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                httpx.get(base + "/healthz", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        wait_idle(child.pid)
        yield base
    finally:
        child.terminate()
        child.wait(10)


def wait_idle(pid: int, limit: float = 600) -> None:
    """Wait until the server's start-up work (caches warmed in background threads) is done.

    Idle means under 5 % of a core over half a second, read from ``/proc``.
    """

    def cpu_seconds() -> float:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        before = cpu_seconds()
        time.sleep(0.5)
        if cpu_seconds() - before < 0.025:
            return


def endpoint(path: Path, queries: dict[str, str], repeat: int) -> dict[str, tuple[float, float]]:
    figures = {}
    for base in serve(path):
        with httpx.Client(base_url=base, timeout=60) as client:
            for name, query in queries.items():

                def run(query: str = query) -> object:
                    answer = client.get(
                        "/sparql",
                        params={"query": query},
                        headers={"Accept": "application/sparql-results+json"},
                    )
                    answer.raise_for_status()
                    return answer.content

                figures[name] = timings(run, repeat)
    return figures


def synthetic(path: Path, triples: int) -> str:
    """N triples of organisations (type, two labels, member of a parent); returns one IRI."""
    store = Store(path)
    per_org = 5
    batch: list[ox.Quad] = []
    graph = ox.NamedNode("https://w3id.org/keino/graph/synthetic")
    for number in range(triples // per_org):
        iri = f"https://w3id.org/keino/id/org/synthetic/{number}"
        facts = [
            a(iri, ORG + "Organization"),
            triple(iri, SKOS + "prefLabel", lit(f"Organisaatio {number}", lang="fi")),
            triple(iri, SKOS + "prefLabel", lit(f"Organisation {number}", lang="sv")),
            triple(iri, SKOS + "altLabel", lit(f"ORG{number}")),
            triple(
                iri,
                ORG + "subOrganizationOf",
                f"https://w3id.org/keino/id/org/synthetic/{number // 100}",
            ),
        ]
        batch.extend(ox.Quad(t.subject, t.predicate, t.object, graph) for t in facts)
        if len(batch) >= 500_000:
            store._ox.bulk_extend(batch)
            batch = []
    store._ox.bulk_extend(batch)
    store.flush()
    del store
    gc.collect()
    return "https://w3id.org/keino/id/org/synthetic/4242"


def demo(path: Path) -> str:
    store = Store(path)
    build_demo(store, Console(file=open(os.devnull, "w")))  # noqa: SIM115
    del store
    gc.collect()
    return "https://w3id.org/keino/id/municipality/091"


def report(title: str, path: Path, iri: str, repeat: int) -> None:
    queries = {"point lookup": point_query(iri), "1,000 rows": ROWS_1000}
    near = direct(path, queries, repeat)
    far = endpoint(path, queries, repeat)
    print(f"\n{title}")
    print(
        f"{'query':<14}{'direct median':>15}{'p95':>8}{'endpoint median':>18}{'p95':>8}{'ratio':>8}"
    )
    for name in queries:
        (dm, dp), (em, ep) = near[name], far[name]
        print(f"{name:<14}{dm:>12.2f} ms{dp:>8.2f}{em:>15.2f} ms{ep:>8.2f}{em / dm:>7.1f}×")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--triples", type=int, default=0, help="also a synthetic graph of N")
    parser.add_argument("--repeat", type=int, default=200)
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "demo"
        report("demo graph", path, demo(path), args.repeat)
        if args.triples:
            big = Path(tmp) / "synthetic"
            started = time.perf_counter()
            iri = synthetic(big, args.triples)
            took = time.perf_counter() - started
            print(f"\nloaded {args.triples:,} synthetic triples in {took:.0f} s")
            report(f"synthetic graph, {args.triples:,} triples", big, iri, args.repeat)
    print(f"load average {os.getloadavg()[0]:.2f} at the end")


if __name__ == "__main__":
    main()
