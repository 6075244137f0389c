"""Entity search: the label index against a naive regex-FILTER SPARQL search, in one run.

On the demo graph, each query is answered by :func:`graph.search.search` and
by a SPARQL ``FILTER(REGEX(STR(?label), q, "i"))`` over the same label
predicates (what one writes without an index). Prints the index build time,
median and p95 latency of both, and how often each finds the expected entity
first among its answers — the regex cannot see inflected or misspelt names.

    .venv/bin/python bench/search_latency.py
"""

from __future__ import annotations

import os
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

from graph.labels import NAME_PREDICATES, names, types  # noqa: E402
from graph.search import LabelIndex, search  # noqa: E402
from graph.store import Store  # noqa: E402
from keino.demo import build_demo  # noqa: E402

ID = "https://w3id.org/keino/id/"
# query → the entity a person typing it looks for
CASES = {
    "Helsinki": ID + "municipality/091",
    "Helsingfors": ID + "municipality/091",
    "Helsingissä": ID + "municipality/091",
    "Helsnki": ID + "municipality/091",
    "Tampereen": ID + "municipality/837",
    "Tampre": ID + "municipality/837",
    "Jyväskylän": ID + "municipality/179",
    "Oulun": ID + "municipality/564",
    "Åbo": ID + "municipality/853",
    "Turku": ID + "municipality/853",
    "Uudenmaan": None,
    "Nyland": None,
    "Pohjois-Pohjanmaa": None,
    "rakennustöiden": None,
    "hyvinvointialue": None,
}


def index_search(index: LabelIndex, q: str) -> list[str]:
    """The label index (what ``/search`` runs)."""
    return [hit.iri for hit in search(index, q)]


def regex_search(store: Store, q: str, limit: int = 20) -> list[str]:
    """The naive way: a case-insensitive REGEX over every label literal."""
    predicates = " ".join(f"<{p}>" for p in NAME_PREDICATES)
    pattern = re.escape(q).replace("\\", "\\\\").replace('"', '\\"')
    query = f"""SELECT DISTINCT ?s WHERE {{
      VALUES ?p {{ {predicates} }} ?s ?p ?label .
      FILTER(REGEX(STR(?label), "{pattern}", "i")) }} LIMIT {limit}"""
    return [row["s"].value for row in store.query(query)]


def timed(run: Callable[[], list[str]], repeat: int) -> tuple[float, float, list[str]]:
    """Median and p95 in ms of ``run``, and its last answer."""
    samples: list[float] = []
    result: list[str] = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = run()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(0.95 * (len(samples) - 1))], result


def main(repeat: int = 20) -> None:
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "demo")
        build_demo(store, Console(file=open(os.devnull, "w")))  # noqa: SIM115
        started = time.perf_counter()
        index = LabelIndex.of(names(store), types(store))
        build = time.perf_counter() - started
        print(f"index: {len(index.labels):,} labels, built in {build:.1f} s (once per store state)")
        rows = []
        for q, expected in CASES.items():
            im, ip, hits = timed(partial(index_search, index, q), repeat)
            rm, rp, found = timed(partial(regex_search, store, q), repeat)
            rows.append((q, expected, im, ip, hits, rm, rp, found))
        print(
            f"{'query':<20}{'index ms':>10}{'p95':>8}{'regex ms':>10}{'p95':>8}  first hit right?"
        )
        for q, expected, im, ip, hits, rm, rp, found in rows:
            ok_i = "-" if expected is None else ("yes" if hits[:1] == [expected] else "no")
            ok_r = "-" if expected is None else ("yes" if expected in found[:1] else "no")
            print(f"{q:<20}{im:>10.2f}{ip:>8.2f}{rm:>10.2f}{rp:>8.2f}  index {ok_i}, regex {ok_r}")
        index_median = statistics.median(r[2] for r in rows)
        regex_median = statistics.median(r[5] for r in rows)
        judged = [r for r in rows if r[1] is not None]
        right_i = sum(r[4][:1] == [r[1]] for r in judged)
        right_r = sum(r[1] in r[7][:1] for r in judged)
        print(
            f"median over queries: index {index_median:.2f} ms, regex {regex_median:.2f} ms "
            f"({regex_median / index_median:.0f}× slower); right first hit: index "
            f"{right_i}/{len(judged)}, regex {right_r}/{len(judged)}"
        )
    print(f"load average {os.getloadavg()[0]:.2f} at the end")


if __name__ == "__main__":
    main()
