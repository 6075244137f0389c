"""Benchmark: indicator recomputation and series reads at Finnish scale.

Generates synthetic lots (default 500,000) with ``graph.procurement.record_triples``
into an on-disk store, then prints, in one run:

- the recompute as it was before the ledger (every lot read, the whole cube
  diffed: the baseline),
- recomputing every series from scratch (``compute(full=True)``; target ≤ 30 s),
- the indicator update after a daily batch of 1,000 notices (``compute``;
  target ≤ 2 s),
- reading each series from the cube (``graph.indicators.series``; target ≤ 200 ms),
  with the default limit of the API and CLI (the 100 breakdown values with the
  most lots) and without it (every buyer: ~10,000 points),
- the naive SPARQL aggregate over the raw lots for one series (the comparison:
  what every read would cost without the cube).

Usage::

    .venv/bin/python bench/indicators.py [--lots 500000] [--store var/bench-indicators]
        [--repeat 3] [--reuse]

``--reuse`` skips generation when the store already holds the lots.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import time
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

from graph.indicators import (
    DEFAULT_LIMIT,
    INDICATORS_GRAPH,
    INNOVATIVE_SHARE_INDICATOR,
    aggregate,
    compute,
    list_series,
    lot_facts,
    series,
)
from graph.indicators.cube import cube_triples
from graph.iris import graph_iri, org_iri
from graph.procurement import LotRecord, OrgRef, record_triples, to_ntriples
from graph.rdf import Triple
from graph.store import Store

REGIONS = ["FI1B1", "FI1C1", "FI1C2", "FI1C3", "FI1C4", "FI193", "FI194", "FI195", "FI196",
           "FI197", "FI1D1", "FI1D2", "FI1D3", "FI1D5", "FI1D7", "FI1D8", "FI1D9",
           "FI200"]  # fmt: skip
CPVS = ["45000000", "45210000", "30200000", "33100000", "33600000", "34100000", "48000000",
        "50000000", "55500000", "60100000", "71000000", "72000000", "79400000", "80500000",
        "85100000", "85300000", "90500000", "90910000", "09100000", "15000000"]  # fmt: skip
KINDS = ["la"] * 6 + ["cga"] * 2 + ["body-pl-la", "ra", "pub-undert-cga", "org-sub"]


NAIVE = """PREFIX epo: <http://data.europa.eu/a4g/ontology#>
PREFIX keino: <https://w3id.org/keino/ontology#>
SELECT ?year (COUNT(DISTINCT ?lot) AS ?lots) (SUM(?f) AS ?flagged) (SUM(?v) AS ?amount) WHERE {
  ?notice epo:refersToLot ?lot ; epo:hasPublicationDate ?d .
  FILTER NOT EXISTS { ?notice a epo:PlanningNotice }
  OPTIONAL { ?lot keino:innovative ?inn }
  OPTIONAL { ?lot epo:hasEstimatedValue/epo:hasAmountValue ?est }
  OPTIONAL { ?o epo:concernsLot ?lot ; epo:hasAwardedValue/epo:hasAmountValue ?awd }
  BIND(YEAR(?d) AS ?year) BIND(IF(COALESCE(?inn, false), 1, 0) AS ?f)
  BIND(COALESCE(?awd, ?est, 0) AS ?v)
} GROUP BY ?year ORDER BY ?year"""


EPO = "http://data.europa.eu/a4g/ontology#"


def buyers(n: int, rng: random.Random) -> list[OrgRef]:
    """``n`` synthetic buyers with Finnish-looking names, legal types and regions."""
    out = []
    for i in range(n):
        name = f"Hankintayksikkö {i:04d}"
        out.append(OrgRef(org_iri(name=name), name, None, rng.choice(REGIONS), rng.choice(KINDS)))
    return out


def records(
    n_lots: int, seed: int = 7, prefix: str = "bench", day: dt.date | None = None
) -> Iterator[LotRecord]:
    """Synthetic lots: 1–3 per notice, 2019–2025, 6 % innovative, 20 % green, 10 % social,
    a quarter without flags, 15 % without a value, 40 % result notices, 5 % planning."""
    rng = random.Random(seed)
    orgs = buyers(1500, rng)
    made, notice_no = 0, 0
    while made < n_lots:
        notice_no += 1
        notice = f"https://w3id.org/keino/id/notice/{prefix}-{notice_no:07d}"
        kind = rng.choices(["competition", "result", "planning"], [55, 40, 5])[0]
        published = day or dt.date(2019, 1, 1) + dt.timedelta(days=rng.randrange(7 * 365))
        buyer = (rng.choice(orgs),)
        for lot_no in range(1, min(rng.choice([1, 1, 1, 2, 3]), n_lots - made) + 1):
            made += 1
            flags = {}
            if rng.random() > 0.25:
                flags = {
                    "innovative": rng.random() < 0.08,
                    "green": rng.random() < 0.27,
                    "social": rng.random() < 0.13,
                }
            value = None if rng.random() < 0.15 else round(rng.lognormvariate(11, 1.5), 2)
            yield LotRecord(
                lot=f"{notice}/lot/LOT-{lot_no:04d}",
                notice=notice,
                published=published,
                titles={"fi": f"Hankinta {notice_no} osa {lot_no}"},
                descriptions={},
                cpv=(rng.choice(CPVS),),
                nuts=(rng.choice(REGIONS),),
                buyers=buyer,
                estimated_value=value if kind != "result" else None,
                awarded_value=value if kind == "result" else None,
                currency="EUR",
                notice_kind=kind,
                flags=flags,
            )


def generate(store: Store, n_lots: int) -> float:
    """Write ``n_lots`` synthetic lots into the store; returns seconds taken.

    One notice graph per 10,000 lots (``kg:notices/bench-NNN``), each a first
    load through ``Store.replace_graph_ntriples`` with its run record, as an
    ingest of that many notices would leave it.
    """
    started = time.perf_counter()
    batch: list[Triple] = []
    number = 0
    for i, record in enumerate(records(n_lots), start=1):
        batch += record_triples(record)
        if i % 10_000 == 0 or i == n_lots:
            number += 1
            load_batch(store, f"bench-{number:03d}", batch)
            batch = []
    store.flush()
    return time.perf_counter() - started


def load_batch(store: Store, name: str, triples: list[Triple]) -> None:
    """One synthetic notice batch into ``kg:notices/<name>``, with its run record."""
    graph = graph_iri("notices", name)
    store.replace_graph_ntriples(graph, to_ntriples(triples), source="notices", inputs=[])


def daily_batch(store: Store, day: int, notices: int = 1000) -> None:
    """``notices`` more synthetic notices (about 1.7 lots each) as batch ``daily-<day>``."""
    lots = int(notices * 1.7)
    triples = [
        t for r in records(lots, seed=1000 + day, prefix=f"day{day}") for t in record_triples(r)
    ]
    load_batch(store, f"daily-{day}", triples)


def rescan(store: Store) -> int:
    """The recompute as it was before the ledger: every lot read, every series counted
    and the whole cube diffed and written, after each notice ingest (the baseline)."""
    aggregates = aggregate(lot_facts(store))
    sources = [g for g in store.graphs() if g.startswith(graph_iri("notices"))]
    triples = cube_triples(aggregates, indicator=INNOVATIVE_SHARE_INDICATOR, sources=sources)
    return store.rebuild_graph(
        INDICATORS_GRAPH, triples, source="indicators", inputs=[]
    ).triple_count


def timed(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """Median seconds of ``repeat`` calls, and the last result."""
    times: list[float] = []
    result: Any = None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
        if times[-1] > 5:  # long runs: show progress
            print(f"  ... {times[-1]:.1f} s", flush=True)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lots", type=int, default=500_000)
    parser.add_argument("--store", type=Path, default=Path("var/bench-indicators"))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--no-baseline", action="store_true", help="skip the old full rescan")
    args = parser.parse_args()
    store = Store(args.store)
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    if not (args.reuse and store.has_graph(graph_iri("notices", "bench-001"))):
        print(f"generated {args.lots:,} lots in {generate(store, args.lots):.1f} s", flush=True)
    print(f"store: {len(list(store.pairs(EPO + 'refersToLot'))):,} lots in notices", flush=True)
    if not args.no_baseline:
        before, _ = timed(lambda: rescan(store), 1)
        print(f"baseline, full rescan as before the ledger: {before:.2f} s", flush=True)
    recompute, result = timed(lambda: compute(store, full=True), args.repeat)
    print(f"recompute all series from scratch: median {recompute:.2f} s (target ≤ 30 s); {result}")
    daily: list[float] = []
    for day in range(args.repeat):
        daily_batch(store, day)
        started = time.perf_counter()
        update = compute(store)
        daily.append(time.perf_counter() - started)
    print(
        f"indicator update after a daily batch of 1,000 notices: median "
        f"{statistics.median(daily):.2f} s (target ≤ 2 s; baseline: the rescan above); {update}"
    )
    for limit in (DEFAULT_LIMIT, None):
        reads: dict[str, float] = {}
        for info in list_series(store):
            read = partial(series, store, info.name, limit=limit)
            reads[info.name], _ = timed(read, max(3, args.repeat))
        worst = max(reads, key=lambda k: reads[k])
        median_ms, worst_ms = statistics.median(reads.values()) * 1000, reads[worst] * 1000
        print(
            f"read a series (limit={limit}): median {median_ms:.0f} ms over {len(reads)} series; "
            f"slowest {worst} {worst_ms:.0f} ms (target ≤ 200 ms)"
        )
    naive, rows = timed(lambda: list(store.query(NAIVE)), max(1, args.repeat - 2))
    print(
        f"naive SPARQL aggregate over raw lots (one series, innovative by year): median "
        f"{naive:.2f} s for {len(rows)} rows (what every read would cost without the cube)"
    )


if __name__ == "__main__":
    main()
