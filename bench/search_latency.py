"""Entity search latency: this search against the previous one (git ``main``) and a
naive regex-FILTER SPARQL search, on the demo graph and on a large synthetic registry.

On the demo graph every query of ``data/search/queries.csv`` (and a few places)
is answered by :func:`graph.search.find` (one page with counts and facets, what
``/search`` runs), by the previous revision's ``search`` (imported from a
temporary copy of its ``graph/search.py``) and by a SPARQL
``FILTER(REGEX(STR(?label), q, "i"))`` over the label predicates (what one
writes without an index). Prints index build times and the median and p95
latency of each.

The large registry is SYNTHETIC: ``--large N`` company names made from Finnish
words and legal forms with valid business IDs, to show how index build and
queries grow with a registry the size of Finland's (~600 000 companies).

    .venv/bin/python bench/search_latency.py
    .venv/bin/python bench/search_latency.py --store var/demo-store --large 300000
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from rich.console import Console

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.search_eval import old_module, read_queries  # noqa: E402
from graph.finnish import word_forms  # noqa: E402
from graph.labels import BUSINESS_ID, NAME_PREDICATES, Name, names, types  # noqa: E402
from graph.search import LabelIndex, build_index, find  # noqa: E402
from graph.store import Store  # noqa: E402
from keino.demo import build_demo  # noqa: E402

PLACES = ["Helsinki", "Helsingfors", "Helsingissä", "Helsnki", "Tampere", "Uudenmaan"]
ORG = "http://www.w3.org/ns/org#Organization"
PREF = "http://www.w3.org/2004/02/skos/core#prefLabel"
# Words of synthetic company names (common in Finnish company names).
WORDS = (
    "rakennus", "kiinteistö", "palvelu", "konsultointi", "tekniikka", "sähkö", "lvi", "kuljetus",
    "metalli", "puu", "ravintola", "kauppa", "siivous", "maalaus", "ohjelmisto", "data", "energia",
    "vesi", "ympäristö", "hoiva", "terveys", "koulutus", "media", "muotoilu", "kone", "auto",
    "logistiikka", "talo", "koti", "green", "nordic", "suomen", "pohjolan", "lapin", "savon",
    "karjalan", "hämeen", "etelä", "pohjois", "itä", "länsi",
)  # fmt: skip
FORMS = ("Oy", "Ab", "Ky", "Tmi", "Osuuskunta", "ry")


def timed(run: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Median and p95 in ms of ``run``."""
    samples: list[float] = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(0.95 * (len(samples) - 1))]


def regex_search(store: Store, q: str, limit: int = 20) -> list[str]:
    """The naive way: a case-insensitive REGEX over every label literal."""
    predicates = " ".join(f"<{p}>" for p in NAME_PREDICATES)
    pattern = re.escape(q).replace("\\", "\\\\").replace('"', '\\"')
    query = f"""SELECT DISTINCT ?s WHERE {{
      VALUES ?p {{ {predicates} }} ?s ?p ?label .
      FILTER(REGEX(STR(?label), "{pattern}", "i")) }} LIMIT {limit}"""
    return [row["s"].value for row in store.query(query)]


def business_id(body: int) -> str | None:
    """A valid business ID for a 7-digit body, None when no check digit fits."""
    digits = f"{body:07d}"
    remainder = sum(int(d) * w for d, w in zip(digits, (7, 9, 10, 5, 8, 4, 2), strict=True)) % 11
    if remainder == 1:
        return None
    return f"{digits}-{0 if remainder == 0 else 11 - remainder}"


def synthetic_registry(count: int, seed: int = 17) -> tuple[list[Name], dict[str, tuple[str, ...]]]:
    """SYNTHETIC names and business IDs of ``count`` companies (see the module docstring)."""
    chooser = random.Random(seed)
    found: list[Name] = []
    kinds: dict[str, tuple[str, ...]] = {}
    body = 1_000_000
    while len(kinds) < count:
        body += 1
        bid = business_id(body)
        if bid is None:
            continue
        iri = f"https://w3id.org/keino/id/org/fi/{bid}"
        words = chooser.sample(WORDS, chooser.randint(1, 3))
        name = " ".join(w.capitalize() for w in words) + " " + chooser.choice(FORMS)
        found += [Name(iri, name, "fi", PREF), Name(iri, bid, None, BUSINESS_ID)]
        kinds[iri] = (ORG,)
    return found, kinds


def demo(store: Store, repeat: int, revision: str = "main") -> None:
    """Build times and latencies on the demo graph: after, before (git ``revision``), regex."""
    before = old_module(revision)
    word_forms("hankintojen")  # the lemma dictionary loads once per process, not per build
    started = time.perf_counter()
    index = build_index(store)
    built = time.perf_counter() - started
    started = time.perf_counter()
    build = getattr(before, "build_index", None)
    old_index = build(store) if build else before.LabelIndex.of(names(store), types(store))
    old_built = time.perf_counter() - started
    print(
        f"demo index: {len(index.labels):,} labels; build {built:.1f} s (before {old_built:.1f} s)"
    )
    queries = PLACES + [q.query for q in read_queries()]

    def row(q: str) -> tuple[float, float, float]:
        return (
            timed(lambda: find(index, q), repeat)[0],
            timed(lambda: before.search(old_index, q), repeat)[0],
            timed(lambda: regex_search(store, q), max(3, repeat // 4))[0],
        )

    rows = [row(q) for q in queries]
    for name, column in zip(
        ("after (find)", "before (search)", "regex SPARQL"), zip(*rows, strict=True), strict=True
    ):
        ordered = sorted(column)
        print(
            f"  {name:<16} median {statistics.median(ordered):6.2f} ms, "
            f"p95 {ordered[int(0.95 * (len(ordered) - 1))]:7.2f} ms over {len(queries)} queries"
        )


def large(count: int, repeat: int, revision: str = "main") -> None:
    """Index build and query latency on a SYNTHETIC registry of ``count`` companies:
    this ``find`` and the one of git ``revision`` (the baseline), on the same names."""
    registry, kinds = synthetic_registry(count)
    word_forms("hankintojen")
    started = time.perf_counter()
    index = LabelIndex.of(registry, kinds)
    built = time.perf_counter() - started
    print(f"synthetic registry: {count:,} companies, index built in {built:.1f} s")
    before = old_module(revision)
    started = time.perf_counter()
    old_index = before.LabelIndex.of(registry, kinds)
    print(f"  baseline ({revision}) index built in {time.perf_counter() - started:.1f} s")
    some = registry[len(registry) // 2]
    queries = [
        "rakennus", "Rakennuspalvelu Oy", "sähkötekniikka", "Kuljetuksen", "ohjelmistot",
        "siivouspalvelua", "ymparisto", "Pohjolan energia", "Hämeen", "kiinteistöpalvelu",
        some.text,
    ]  # fmt: skip

    for name, run, where in (
        ("after", find, index),
        (f"before ({revision})", before.find, old_index),
    ):
        samples = []
        for q in queries:
            took = timed(partial(run, where, q), repeat)[0]
            samples.append(took)
            print(f"    {name:<18} {q!r:<28} {took:8.1f} ms")
        samples.sort()
        print(
            f"  {name}: find median {statistics.median(samples):.1f} ms, max {samples[-1]:.1f} ms "
            f"over {len(queries)} queries (a page of 20 with counts and facets)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--store", type=Path, help="a demo store built before (read-only)")
    parser.add_argument(
        "--companies",
        "--large",
        dest="large",
        type=int,
        default=100_000,
        help="synthetic companies (0: skip)",
    )
    parser.add_argument("--before", default="main", help="git revision of the baseline")
    parser.add_argument("--skip-demo", action="store_true", help="only the synthetic registry")
    parser.add_argument("--repeat", type=int, default=9)
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as tmp:
        if args.skip_demo:
            pass
        elif args.store:
            store = Store(args.store, read_only=True)
        else:
            store = Store(Path(tmp) / "demo")
            build_demo(store, Console(file=open(os.devnull, "w")))  # noqa: SIM115
        if not args.skip_demo:
            demo(store, args.repeat, args.before)
    if args.large:
        large(args.large, args.repeat, args.before)
    print(f"load average {os.getloadavg()[0]:.2f} at the end")


if __name__ == "__main__":
    main()
