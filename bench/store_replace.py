"""Store write paths: ``Store.replace_graph`` against pyoxigraph's ``bulk_load``.

Builds N synthetic lot-like triples (default 300,000) and, in one run and on
on-disk stores in a temporary folder, times:

- ``bulk_load`` of the same triples as N-Triples into an empty store (the floor:
  no transaction, no diff, no provenance);
- ``replace_graph`` into an empty store (first load: one transactional ``extend``);
- ``replace_graph`` of identical data (re-ingest: diff only, run record);
- ``replace_graph`` with 5 % of the triples changed (diff, one SPARQL update).

Prints the median of ``--rounds`` runs of each and the ratio to ``bulk_load``.

    .venv/bin/python bench/store_replace.py --triples 300000 --rounds 3
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

from graph.iris import graph_iri
from graph.store import Store

EPO = "http://data.europa.eu/a4g/ontology#"


def synthetic(n: int, variant: int = 0) -> list[ox.Triple]:
    """``n`` triples about n/4 lots; ``variant`` changes every 20th title."""
    out = []
    for i in range(n // 4):
        lot = ox.NamedNode(f"https://w3id.org/keino/id/notice/{i // 3}/lot/LOT-{i % 3:04d}")
        title = f"Hankinta {i}" + (f" v{variant}" if variant and i % 5 == 0 else "")
        out += [
            ox.Triple(
                lot,
                ox.NamedNode("http://purl.org/dc/terms/title"),
                ox.Literal(title, language="fi"),
            ),
            ox.Triple(
                lot,
                ox.NamedNode(f"{EPO}hasMainClassification"),
                ox.NamedNode(f"http://data.europa.eu/cpv/cpv/{45000000 + i % 997:08d}"),
            ),
            ox.Triple(
                lot,
                ox.NamedNode(f"{EPO}hasEstimatedValue"),
                ox.Literal(
                    str(1000 + i), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal")
                ),
            ),
            ox.Triple(
                lot,
                ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                ox.NamedNode(f"{EPO}Lot"),
            ),
        ]
    return out


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def one_round(triples: list[ox.Triple], changed: list[ox.Triple]) -> dict[str, float]:
    graph = graph_iri("bench")
    with tempfile.TemporaryDirectory() as tmp:
        raw = ox.Store(str(Path(tmp) / "bulk"))
        data = io.BytesIO()
        ox.serialize(triples, data, ox.RdfFormat.N_TRIPLES)
        nt = data.getvalue()
        bulk = timed(
            lambda: raw.bulk_load(nt, ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(graph))
        )
        store = Store(Path(tmp) / "ours")
        first = timed(lambda: store.replace_graph(graph, triples, source="bench", inputs=[]))
        same = timed(lambda: store.replace_graph(graph, triples, source="bench", inputs=[]))
        diff = timed(lambda: store.replace_graph(graph, changed, source="bench", inputs=[]))
        assert store.count(graph) == len(changed)
    return {
        "bulk_load": bulk,
        "first load": first,
        "identical re-ingest": same,
        "5 % changed": diff,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=300_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    triples, changed = synthetic(args.triples), synthetic(args.triples, variant=1)
    rounds = [one_round(triples, changed) for _ in range(args.rounds)]
    print(
        f"{len(triples):,} triples, {args.rounds} rounds, load average "
        f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )
    floor = statistics.median(r["bulk_load"] for r in rounds)
    for name in rounds[0]:
        med = statistics.median(r[name] for r in rounds)
        print(
            f"{name:>22}: median {med:6.2f} s  {len(triples) / med:>10,.0f} triples/s"
            f"  {med / floor:5.2f}x bulk_load"
        )


if __name__ == "__main__":
    main()
