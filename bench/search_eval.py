"""Search quality on the demo graph: P@1 and P@3 per kind of query, before and after.

``data/search/queries.csv`` holds labelled queries (``query``, the ``expected``
entity IRI, the ``kind`` of query, and the ``split``: ``dev`` queries were written
while building search, ``test`` queries were written afterwards from entities
picked at random with ``--pick`` and are only reported on; the third batch, rows
96 on, was written before any result was seen and drawn into ``test`` with
probability 0.4 by ``random.Random(f"q16:{query}")``). An entity counts as
found when the expected IRI or one of its ``owl:sameAs`` twins is the hit.

The *before* column runs the search module of another git revision (``main`` by
default) on the same demo graph, imported from a temporary copy, so both columns
come from one run:

    .venv/bin/python bench/search_eval.py                 # the table
    .venv/bin/python bench/search_eval.py --misses        # and every miss
    .venv/bin/python bench/search_eval.py --store var/demo-store   # a demo store built before
    .venv/bin/python bench/search_eval.py --pick 8 --seed 19   # entities to write test queries for
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import os
import random
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from rich.console import Console

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from graph.finnish import word_forms  # noqa: E402
from graph.labels import names, types  # noqa: E402
from graph.search import LabelIndex, build_index, search  # noqa: E402
from graph.store import Store  # noqa: E402
from keino.demo import build_demo  # noqa: E402

QUERIES = ROOT / "data" / "search" / "queries.csv"
TARGET = 0.95


@dataclass(frozen=True)
class Query:
    """One labelled query."""

    query: str
    expected: str
    kind: str
    split: str


def read_queries(path: Path = QUERIES) -> list[Query]:
    """The labelled queries of ``path`` (a CSV with a header row)."""
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            Query(row["query"], row["expected"], row["kind"], row["split"])
            for row in csv.DictReader(handle)
        ]


def old_module(revision: str) -> ModuleType:
    """``graph/search.py`` of git ``revision``, imported from a temporary copy."""
    text = subprocess.run(
        ["git", "-C", str(ROOT), "show", f"{revision}:graph/search.py"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    folder = Path(tempfile.mkdtemp())
    path = folder / "search_before.py"
    path.write_text(text, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("search_before", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def precision(
    queries: list[Query], ranked: Callable[[str], list[str]], twins: Callable[[str], set[str]]
) -> tuple[dict[str, tuple[float, float, int]], list[tuple[Query, list[str]]]]:
    """Kind → (P@1, P@3, number of queries), with ``all`` over every query; and the misses at 1."""
    found: dict[str, list[tuple[bool, bool]]] = defaultdict(list)
    misses = []
    for q in queries:
        hits = ranked(q.query)
        right = twins(q.expected)
        at1, at3 = bool(set(hits[:1]) & right), bool(set(hits[:3]) & right)
        for key in (q.kind, "all"):
            found[key].append((at1, at3))
        if not at1:
            misses.append((q, hits[:3]))
    table = {
        kind: (sum(a for a, _ in rows) / len(rows), sum(b for _, b in rows) / len(rows), len(rows))
        for kind, rows in found.items()
    }
    return table, misses


def pick(index: LabelIndex, count: int, seed: int) -> None:
    """Print ``count`` entities of each kind, drawn with ``seed``, to write test queries for."""
    by_kind: dict[str, list[str]] = defaultdict(list)
    for iri in sorted(index.by_iri):
        if index.clique_of.get(iri, iri) == iri:
            by_kind[index.kind(iri)].append(iri)
    chooser = random.Random(seed)
    for kind in ("organisation", "place", "programme", "notice", "lot", "code"):
        pool = by_kind.get(kind, [])
        for iri in chooser.sample(pool, min(count, len(pool))):
            shown = sorted({index.labels[n].text for n in index.by_iri[iri]})
            print(f"{kind}\t{iri}\t{' | '.join(shown)[:200]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--before", default="main", help="git revision of the before column")
    parser.add_argument("--misses", action="store_true", help="print the queries missed at 1")
    parser.add_argument("--pick", type=int, help="print N random entities per kind and stop")
    parser.add_argument("--seed", type=int, default=19)
    parser.add_argument("--store", type=Path, help="a demo store built before (read-only)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if args.store:
            store = Store(args.store, read_only=True)
        else:
            store = Store(Path(tmp) / "demo")
            build_demo(store, Console(file=open(os.devnull, "w")))  # noqa: SIM115
        word_forms("hankintojen")  # the lemma dictionary loads once per process, not per build
        started = time.perf_counter()
        index = build_index(store)
        built = time.perf_counter() - started
        if args.pick:
            pick(index, args.pick, args.seed)
            return
        before = old_module(args.before)
        started = time.perf_counter()
        # a revision with facts (titles, codes) indexes them too
        build = getattr(before, "build_index", None)
        old_index = build(store) if build else before.LabelIndex.of(names(store), types(store))
        old_built = time.perf_counter() - started
        report(index, before, old_index, args.misses)
        print(f"index build: before {old_built:.1f} s, after {built:.1f} s")


def report(index: LabelIndex, before: ModuleType, old_index: object, misses: bool) -> None:
    """Print P@1 and P@3 per kind and split, before and after, and the misses."""

    def twins(iri: str) -> set[str]:
        return set(index.twins(iri)) | {iri}

    def now(q: str) -> list[str]:
        return [h.iri for h in search(index, q, limit=3)]

    def then(q: str) -> list[str]:
        return [h.iri for h in before.search(old_index, q, limit=3)]

    queries = read_queries()
    for split in ("dev", "test", "all"):
        chosen = [q for q in queries if split in ("all", q.split)]
        if not chosen:
            continue
        after, missed = precision(chosen, now, twins)
        earlier, _ = precision(chosen, then, twins)
        print(f"\n{split} queries ({len(chosen)})")
        head = ("P@1 before", "P@3 before", "P@1 after", "P@3 after")
        print(f"{'kind':<16}{'n':>4}" + "".join(f"{h:>12}" for h in head))
        for kind in sorted(after, key=lambda k: (k == "all", k)):
            p1, p3, n = after[kind]
            o1, o3, _ = earlier[kind]
            print(f"{kind:<16}{n:>4}" + "".join(f"{v:>12.2f}" for v in (o1, o3, p1, p3)))
        overall = after["all"][0]
        verdict = "meets" if overall >= TARGET else "below"
        print(f"P@1 {overall:.2f} {verdict} the target {TARGET}")
        if misses and split != "all":
            for q, hits in missed:
                print(f"  miss [{q.kind}] {q.query!r}: expected {q.expected}, got {hits}")


if __name__ == "__main__":
    main()
