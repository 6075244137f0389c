"""Explorer page latency on the demo graph: median and p95 per page, target < 300 ms.

Builds the demo graph (every ``keino demo`` step) into a temporary on-disk
store, or opens ``--store``; serves the app in-process and times each page over
HTTP with the per-store caches warm (snapshot, centrality, search index, match
index: what a visitor meets after the first page of the day). The same run
times the raw, uncached ``graph.describe.describe`` of the entity shown, so the cost of
the page around it (templates, labels, HTTP) is visible.

    .venv/bin/python bench/explorer_pages.py [--store var/demo-store] [--rounds 30]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
import warnings
from collections.abc import Callable
from functools import partial
from pathlib import Path
from urllib.parse import urlencode

from rich.console import Console

from graph.derived import Derived
from graph.describe import describe
from graph.store import Store

TARGET_MS = 300.0
# What a browser's navigation sends: /sparql answers it with the workbench page.
BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


def timed(action: Callable[[], object], rounds: int) -> list[float]:
    """Milliseconds of ``rounds`` calls of ``action``."""
    found = []
    for _ in range(rounds):
        started = time.perf_counter()
        action()
        found.append((time.perf_counter() - started) * 1000)
    return found


def p95(values: list[float]) -> float:
    """The 95th percentile (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def open_store(path: str | None) -> Store:
    """``path`` as given, else a fresh demo build in a temporary folder."""
    if path:
        return Store(path, read_only=True)
    from keino.demo import build_demo

    store = Store(Path(tempfile.mkdtemp(prefix="keino-bench-")) / "store")
    started = time.perf_counter()
    assert build_demo(store, Console(file=open(os.devnull, "w"))), "demo build failed"  # noqa: SIM115
    print(f"demo graph built in {time.perf_counter() - started:.1f} s: {store.count():,} quads")
    return store


def best_supplier(derived: Derived) -> str:
    """The best-connected past winner that has open needs."""
    matcher = derived.matcher()
    for ranked in derived.centrality(limit=500, kinds=("organisation",)):
        if matcher.has_supplier(ranked.node.iri) and matcher.needs_for(ranked.node.iri, 1):
            return ranked.node.iri
    raise SystemExit("the graph has no winner with an open need")


def pages(derived: Derived) -> tuple[dict[str, str], str]:
    """Page name → URL, and the IRI of the entity page measured."""
    hub = derived.centrality(limit=1, kinds=("organisation",))[0].node.iri
    other = derived.centrality(limit=12, kinds=("programme", "organisation"))[-1].node.iri
    supplier = best_supplier(derived)
    groups = [n.group for n in derived.neighbourhood(hub, 1).nodes if n.group is not None]
    largest = max(groups, key=lambda g: len(g.members)) if groups else None
    enc = urlencode
    urls = {
        "search": "/explore?" + enc({"q": "hankinta", "kind": "organisation"}),
        "entity (best-connected organisation)": "/explore/entity?" + enc({"iri": hub}),
        "neighbourhood depth 1": "/explore/graph?" + enc({"iri": hub, "depth": 1}),
        "neighbourhood depth 2": "/explore/graph?" + enc({"iri": hub, "depth": 2}),
        "path finder": "/explore/path?" + enc({"a": hub, "b": other}),
        "matchmaking": "/explore/match?" + enc({"text": "sähköbussien latausinfrastruktuuri"}),
        "matchmaking, CPV, region, budget, buyer": "/explore/match?"
        + enc(
            {
                "text": "sähköbussien latausinfrastruktuuri",
                "cpv": "34144900",
                "region": "FI1B1",
                "budget": "250000",
                "buyer": "Helsinki",
            }
        ),
        "open needs of a supplier": "/explore/match/needs?" + enc({"supplier": supplier}),
        "CPV tree search (JSON)": "/explore/cpv.json?" + enc({"q": "linja-auto"}),
        "neighbourhood JSON depth 2": "/explore/graph.json?" + enc({"iri": hub, "depth": 2}),
        "labels JSON (2 IRIs)": "/explore/labels.json?" + enc([("iri", hub), ("iri", other)]),
        "SPARQL workbench permalink": "/sparql?"
        + enc({"query": "SELECT ?s WHERE { ?s a ?t } LIMIT 3"}),
        "indicators": "/explore/indicators",
        "indicators by value": "/explore/indicators?" + enc({"measure": "value"}),
        "network": "/explore/network",
        "network, all countries": "/explore/network?" + enc({"country": "all"}),
    }
    if largest is not None:  # the list behind the hub's largest group node
        state = {"hub": largest.hub, "type": largest.type, "year": largest.year or ""}
        urls[f"group list ({len(largest.members)} records)"] = "/explore/group?" + enc(state)
    return urls, hub


def main() -> None:
    """Print median and p95 per page beside the raw describe time."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", help="an existing store (default: build the demo)")
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

    from api.main import create_app

    store = open_store(args.store)
    app = create_app(store, warm=False)
    client = TestClient(app)
    started = time.perf_counter()
    derived: Derived = app.state.derived
    derived.warm()
    derived.matcher()
    urls, hub = pages(derived)
    print(f"store-wide caches warmed in {time.perf_counter() - started:.1f} s")
    first = {}
    for name, url in urls.items():  # the first visit of a page fills its entity caches
        begun = time.perf_counter()
        assert client.get(url, headers=BROWSER).status_code == 200, url
        first[name] = (time.perf_counter() - begun) * 1000
    print(f"load average {os.getloadavg()} on {os.cpu_count()} cores")
    print(f"{'page':40} {'first ms':>9} {'median ms':>10} {'p95 ms':>8}  target {TARGET_MS:.0f}")
    raw = timed(lambda: describe(store, derived.snapshot(), hub), args.rounds)
    name = "raw describe(), uncached, same entity"
    print(f"{name:40} {'':>9} {statistics.median(raw):10.1f} {p95(raw):8.1f}")
    for name, url in urls.items():
        times = timed(partial(client.get, url, headers=BROWSER), args.rounds)
        verdict = "ok" if max(p95(times), first[name]) < TARGET_MS else "SLOW"
        median = statistics.median(times)
        print(f"{name:40} {first[name]:9.1f} {median:10.1f} {p95(times):8.1f}  {verdict}")
    print(f"load average after the run: {os.getloadavg()} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
