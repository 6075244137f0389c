"""Entity linking and relation extraction against the hand-labelled devset.

Usage: .venv/bin/python bench/extract_eval.py [--devset data/nlp/devset.jsonl]

Builds an in-memory graph from the bundled registry and ecosystem sources (the
labels ``keino extract`` would see after ``keino demo``), extracts each document
of ``data/documents`` whole, and scores what falls inside the labelled passages:

* entity linking: a predicted link is right when it overlaps a gold mention of
  the same IRI (one to one); new-organisation candidates are not links;
* relations: (subject, predicate, object) per passage; dates are checked on the
  relations found right.

The devset has two splits: ``dev`` (passages looked at while the rules were
written) and ``heldout`` (passages labelled before the pipeline was run on them);
figures are printed for both.

Beside the pipeline it scores a baseline that matches labels on exact surface
forms only (no lemmas, no case endings cut), the comparison the lemmatizer
stands against. Targets: linking F1 >= 0.85, relation precision >= 0.8.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from graph.labels import entity_labels
from graph.store import Store
from ingest import ecosystem, registry
from ingest.nlp import Extraction, build_pipeline, extract
from ingest.nlp import linker as linker_module

ROOT = Path(__file__).resolve().parents[1]


def load_devset(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def graph_labels() -> list:
    store = Store()
    for ingest in (registry.ingest, ecosystem.ingest):
        report = ingest(store)
        if not report.ok:
            raise SystemExit(f"{report.source} ingest failed: {report.problems()[:3]}")
    return entity_labels(store)


@contextmanager
def surface_only() -> Iterator[None]:
    """The baseline: a token matches a label word only in exactly that form."""
    saved = linker_module.match_keys
    linker_module.match_keys = lambda word: frozenset({word.lower()})  # type: ignore[assignment]
    try:
        yield
    finally:
        linker_module.match_keys = saved


class Score:
    def __init__(self) -> None:
        self.tp = self.fp = self.fn = 0

    def add(self, tp: int, fp: int, fn: int) -> None:
        self.tp, self.fp, self.fn = self.tp + tp, self.fp + fp, self.fn + fn

    def prf(self) -> tuple[float, float, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    def line(self, name: str) -> str:
        p, r, f = self.prf()
        return (f"{name:<28} P {p:.3f}  R {r:.3f}  F1 {f:.3f}   "
                f"(tp {self.tp}, fp {self.fp}, fn {self.fn})")  # fmt: skip


def score_links(item: dict, found: Extraction, misses: list[str]) -> tuple[int, int, int]:
    lo, hi = item["start"], item["end"]
    preds = [m for m in found.mentions if not m.new and lo <= m.start < hi]
    gold = list(item["mentions"])
    tp = 0
    for m in preds:
        hit = next(
            (g for g in gold if g["iri"] == m.iri and m.start < g["end"] and g["start"] < m.end),
            None,
        )
        if hit is not None:
            gold.remove(hit)
            tp += 1
        else:
            misses.append(f"  fp link  {item['id']}: {m.surface!r} -> {m.iri.rsplit('/', 1)[-1]}")
    misses += [
        f"  fn link  {item['id']}: {g['surface']!r} -> {g['iri'].rsplit('/', 1)[-1]}" for g in gold
    ]
    return tp, len(preds) - tp, len(gold)


def score_relations(
    item: dict, found: Extraction, dates: Score, misses: list[str]
) -> tuple[int, int, int]:
    lo, hi = item["start"], item["end"]
    preds = {
        (r.subject.iri, r.predicate, r.object.iri): r
        for r in found.relations
        if r.start < hi and lo < r.end
    }
    gold = {(g["subject"], g["predicate"], g["object"]): g for g in item["relations"]}
    for key in preds.keys() & gold.keys():
        right = (preds[key].since, preds[key].until) == (gold[key]["since"], gold[key]["until"])
        dates.add(int(right), int(not right), 0)
    short = lambda k: " ".join(x.rsplit("/", 1)[-1] for x in k)  # noqa: E731
    misses += [f"  fp rel   {item['id']}: {short(k)}" for k in preds.keys() - gold.keys()]
    misses += [f"  fn rel   {item['id']}: {short(k)}" for k in gold.keys() - preds.keys()]
    tp = len(preds.keys() & gold.keys())
    return tp, len(preds) - tp, len(gold) - tp


def evaluate(devset: list[dict], labels: list, verbose: bool) -> tuple[Score, Score, Score, float]:
    nlp = build_pipeline(labels)
    extract(nlp, "Suomen Kuntaliitosta.")  # warm up: simplemma loads its Finnish dictionary
    texts = {
        doc: (ROOT / "data" / "documents" / doc).read_text(encoding="utf-8")
        for doc in {i["doc"] for i in devset}
    }
    started = time.perf_counter()
    found = {doc: extract(nlp, text) for doc, text in texts.items()}
    elapsed = time.perf_counter() - started
    links, rels, dates = Score(), Score(), Score()
    misses: list[str] = []
    for item in devset:
        links.add(*score_links(item, found[item["doc"]], misses))
        rels.add(*score_relations(item, found[item["doc"]], dates, misses))
    if verbose:
        print("\n".join(misses))
    return links, rels, dates, elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--devset", type=Path, default=ROOT / "data" / "nlp" / "devset.jsonl")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every miss")
    args = parser.parse_args()
    devset = load_devset(args.devset)
    labels = graph_labels()
    by_doc: dict[str, int] = defaultdict(int)
    for item in devset:
        by_doc[item["doc"]] += 1
    n_mentions = sum(len(i["mentions"]) for i in devset)
    n_relations = sum(len(i["relations"]) for i in devset)
    print(f"devset: {len(devset)} passages from {len(by_doc)} documents, {n_mentions} gold "
          f"mentions, {n_relations} gold relations; {len(labels)} graph labels")  # fmt: skip
    links, rels, dates, elapsed = evaluate(devset, labels, args.verbose)
    print(links.line("entity linking, all"))
    print(rels.line("relations, all"))
    print(f"{'dates on right relations':<28} {dates.tp}/{dates.tp + dates.fp} exact")
    for split in sorted({i.get("split", "dev") for i in devset}):
        part = [i for i in devset if i.get("split", "dev") == split]
        s_links, s_rels, _, _ = evaluate(part, labels, False)
        print(s_links.line(f"  linking, {split} ({len(part)})"))
        print(s_rels.line(f"  relations, {split}"))
    with surface_only():
        base_links, base_rels, _, _ = evaluate(devset, labels, False)
    print("baseline (exact surface forms, no lemmas), all:")
    print(base_links.line("  entity linking"))
    print(base_rels.line("  relations"))
    ok = links.prf()[2] >= 0.85 and rels.prf()[0] >= 0.8
    print(f"targets: linking F1 >= 0.85, relation precision >= 0.8: {'met' if ok else 'NOT met'}"
          f" (extraction of {len(by_doc)} documents took {elapsed:.2f} s)")  # fmt: skip


if __name__ == "__main__":
    main()
