"""Latency of the green-deal and programme named queries on the demo graph, target < 1 s.

Opens ``--store`` (a graph built by ``keino demo --no-serve``) read-only and runs each
query ``--rounds`` times with its default parameters; prints rows, median and max
milliseconds, and the target it compares against. The queries join a party to the
buyers it is through ``owl:sameAs`` links made at ingest (kg:links, a curated
``business_id``), not by comparing names, which is what keeps them under the target.

    .venv/bin/python bench/greendeal_queries.py --store var/demo-store [--rounds 7]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from graph.queries import QueryCatalogue
from graph.results import run_named
from graph.store import Store

TARGET_MS = 1000.0
QUERIES = (
    "green-deal-signatories-green-share",
    "green-deal-signatory-suppliers",
    "programme-participants-innovative-share",
    "buyers-closest-to-innovation-target",
)


def measure(store: Store, name: str, rounds: int) -> tuple[int, list[float]]:
    """Rows of the answer and the milliseconds of ``rounds`` runs of query ``name``."""
    query = QueryCatalogue().get(name)
    times, rows = [], 0
    for _ in range(rounds):
        start = time.perf_counter()
        rows = len(run_named(store, query, {}).rows)
        times.append((time.perf_counter() - start) * 1000)
    return rows, times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, default=Path("var/demo-store"))
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    store = Store(args.store, read_only=True)
    print(f"target: median < {TARGET_MS:.0f} ms per query; {args.rounds} rounds each")
    for name in QUERIES:
        rows, times = measure(store, name, args.rounds)
        median = statistics.median(times)
        verdict = "ok" if median < TARGET_MS else "OVER TARGET"
        spread = f"median {median:7.1f} ms  max {max(times):7.1f} ms"
        print(f"{name:42} {rows:4} rows  {spread}  {verdict}")


if __name__ == "__main__":
    main()
