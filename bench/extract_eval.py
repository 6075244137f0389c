"""Entity linking and relation extraction against the hand-labelled devset.

Usage: .venv/bin/python -m bench.extract_eval [--devset FILE ...] [-v]

Builds an in-memory graph from the bundled registry and ecosystem sources (the
labels ``keino extract`` would see after ``keino demo``), extracts each document
of ``data/documents`` whole and each stand-alone passage of
``data/nlp/passages.jsonl`` on its own, and scores what falls inside the
labelled passages:

* entity linking: a predicted link is right when it overlaps a gold mention of
  the same IRI (one to one); new-organisation candidates are not links;
* relations: (subject, predicate, object) per passage; dates are checked on the
  relations found right.

Splits: ``dev`` (passages looked at while the rules were written), ``heldout``
(seed passages labelled before the pipeline was run on them) and ``test``
(stand-alone passages looked at only to report). Figures are printed for each.

The same script runs against the previous extractor (the rule-per-relation
pipeline on ``spacy.blank("fi")``) from a checkout of it, for the before/after
table: ``PYTHONPATH=<old checkout> python -m bench.extract_eval`` (it uses only
``build_pipeline`` and ``extract``, which both keep). Targets on test: linking
F1 >= 0.90, relation precision >= 0.90 and recall >= 0.60.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import defaultdict
from pathlib import Path

from graph.labels import entity_labels
from graph.store import Store
from ingest import ecosystem, registry
from ingest.nlp import Extraction, build_pipeline, extract

ROOT = Path(__file__).resolve().parents[1]
DEVSETS = (ROOT / "data" / "nlp" / "devset.jsonl", ROOT / "data" / "nlp" / "passages.jsonl")


def load_devset(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def graph_labels() -> list:
    store = Store()
    for ingest in (registry.ingest, ecosystem.ingest):
        report = ingest(store)
        if not report.ok:
            raise SystemExit(f"{report.source} ingest failed: {report.problems()[:3]}")
    return entity_labels(store)


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


def bounds(item: dict) -> tuple[int, int]:
    """Character range of a passage in what was extracted (its document, or itself)."""
    return (item["start"], item["end"]) if "doc" in item else (0, len(item["text"]))


def score_links(item: dict, found: Extraction, misses: list[str]) -> tuple[int, int, int]:
    lo, hi = bounds(item)
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
    lo, hi = bounds(item)
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


def source(item: dict) -> str:
    """What a passage is extracted from: its seed document's name, or its own id."""
    return item.get("doc") or item["id"]


def evaluate(devset: list[dict], nlp: object, verbose: bool) -> tuple[Score, Score, Score, float]:
    texts = {
        source(i): (ROOT / "data" / "documents" / i["doc"]).read_text(encoding="utf-8")
        if "doc" in i
        else i["text"]
        for i in devset
    }
    started = time.perf_counter()
    found = {key: extract(nlp, text) for key, text in texts.items()}  # type: ignore[arg-type]
    elapsed = time.perf_counter() - started
    links, rels, dates = Score(), Score(), Score()
    misses: list[str] = []
    for item in devset:
        links.add(*score_links(item, found[source(item)], misses))
        rels.add(*score_relations(item, found[source(item)], dates, misses))
    if verbose:
        print("\n".join(misses))
    return links, rels, dates, elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--devset", type=Path, nargs="+", default=list(DEVSETS))
    parser.add_argument("-v", "--verbose", action="store_true", help="list every dev miss")
    parser.add_argument("--splits", nargs="+", default=["dev", "heldout", "test"],
                        help="score only these splits (dev while rules are written)")  # fmt: skip
    args = parser.parse_args()
    devset = [item for path in args.devset for item in load_devset(path)]
    labels = graph_labels()
    by_source: dict[str, int] = defaultdict(int)
    for item in devset:
        by_source[source(item)] += 1
    n_mentions = sum(len(i["mentions"]) for i in devset)
    n_relations = sum(len(i["relations"]) for i in devset)
    print(f"devset: {len(devset)} passages from {len(by_source)} texts, {n_mentions} gold "
          f"mentions, {n_relations} gold relations; {len(labels)} graph labels")  # fmt: skip
    started = time.perf_counter()
    nlp = build_pipeline(labels)
    extract(nlp, "Suomen Kuntaliitosta.")  # warm up: model and lemmatizer dictionaries
    print(f"pipeline built in {time.perf_counter() - started:.1f} s ({nlp.__class__.__name__})")
    figures = {}
    for split in args.splits:
        part = [i for i in devset if i.get("split", "dev") == split]
        n_rel = sum(len(i["relations"]) for i in part)
        links, rels, dates, elapsed = evaluate(part, nlp, args.verbose and split == "dev")
        figures[split] = (links.prf(), rels.prf())
        print(f"{split}: {len(part)} passages, {n_rel} relations, extracted in {elapsed:.2f} s")
        print(links.line("  entity linking"))
        print(rels.line("  relations"))
        print(f"  {'dates on right relations':<26} {dates.tp}/{dates.tp + dates.fp} exact")
    if "test" not in figures:
        return
    (_, _, lf), (rp, rr, _) = figures["test"]
    ok = lf >= 0.90 and rp >= 0.90 and rr >= 0.60
    print(f"targets on test: linking F1 >= 0.90 ({lf:.2f}), relation P >= 0.90 ({rp:.2f}), "
          f"R >= 0.60 ({rr:.2f}): {'met' if ok else 'NOT met'}")  # fmt: skip


if __name__ == "__main__":
    main()
