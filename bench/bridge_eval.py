"""Precision and recall of the TOL 2008 ↔ CPV bridge against a judged pair set.

Labels are the real bundled ones: TOL 2008 from the registry files in
``data/companies/`` (Finnish descriptions of the companies' main lines), CPV from
``data/codelists/``. The judged set is ``data/bridge/judged-pairs.csv`` (pairs
judged from the two labels, a ``dev`` and a ``held-out`` part; the held-out part
was written before any result was looked at) plus the curated rows of
``data/bridge/overrides.csv`` (``none`` rows are judged wrong, the others right;
counted as dev). Only computed mappings are scored (before the overrides).

Precision: of the judged pairs the bridge maps, the share judged right.
Recall: of the pairs judged right, the share the bridge maps (any relation).
Baseline: simplemma's lemmas (:func:`graph.bridge.plain_lemma`); compared with
:func:`graph.bridge.content_lemma` (voikko's lemma without an empty final head),
both in one run.

Run: ``.venv/bin/python bench/bridge_eval.py``
"""

from __future__ import annotations

import csv
from pathlib import Path

from graph.bridge import Lemmatiser, compute_mappings, content_lemma, plain_lemma, read_overrides
from graph.codes import cpv_codes
from graph.finnish import analyser
from ingest.companies import Company, parse_file

ROOT = Path(__file__).resolve().parent.parent
JUDGED = ROOT / "data" / "bridge" / "judged-pairs.csv"
OVERRIDES = ROOT / "data" / "bridge" / "overrides.csv"


def tol_labels() -> dict[str, str]:
    """5-digit TOL code → Finnish label, from the bundled registry files."""
    out: dict[str, str] = {}
    for path in sorted((ROOT / "data" / "companies").glob("*")):
        if path.suffix not in (".csv", ".json") or "business-ids" in path.name:
            continue
        for item in parse_file(path, path.read_text(encoding="utf-8")):
            if isinstance(item, Company) and item.tol is not None:
                label = dict(item.tol.labels).get("fi")
                if label and len(item.tol.code) == 5:
                    out.setdefault(item.tol.code, label)
    return out


def cpv_labels() -> dict[str, str]:
    """8-digit CPV code → Finnish label."""
    return {code[:8]: c.labels["fi"] for code, c in cpv_codes().items() if c.labels.get("fi")}


def judged() -> dict[str, dict[tuple[str, str], bool]]:
    """Split → (tol, cpv) → judged right."""
    out: dict[str, dict[tuple[str, str], bool]] = {"dev": {}, "held-out": {}}
    with JUDGED.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            out[row["split"]][(row["tol"], row["cpv"])] = row["judgement"] == "yes"
    for o in read_overrides(OVERRIDES.read_text(encoding="utf-8"), str(OVERRIDES)):
        out["dev"][(o.tol, o.cpv)] = o.relation != "none"
    return out


def scores(found: set[tuple[str, str]], gold: dict[tuple[str, str], bool]) -> str:
    """Precision and recall of ``found`` on ``gold``, with their counts."""
    mapped = [pair for pair in gold if pair in found]
    right = sum(gold[p] for p in mapped)
    positives = sum(gold.values())
    precision = right / len(mapped) if mapped else 0.0
    recall = right / positives if positives else 0.0
    return (f"precision {precision:.2f} ({right}/{len(mapped)})  "
            f"recall {recall:.2f} ({right}/{positives})")  # fmt: skip


def main() -> None:
    """Print precision and recall of both lemmatisers on both parts of the judged set."""
    tol, cpv = tol_labels(), cpv_labels()
    gold = judged()
    print(f"labels: {len(tol)} TOL codes, {len(cpv)} CPV codes; analyser: {analyser()}")
    print(f"judged pairs: dev {len(gold['dev'])}, held-out {len(gold['held-out'])}")
    runs: list[tuple[str, Lemmatiser]] = [
        ("baseline plain_lemma (simplemma)", plain_lemma),
        ("content_lemma (voikko, empty heads dropped)", content_lemma),
    ]
    for name, lemmatise in runs:
        mappings = compute_mappings(tol, cpv, lemmatise)
        found = {(m.tol, m.cpv) for m in mappings}
        print(f"{name}: {len(mappings)} mappings")
        for split, pairs in gold.items():
            print(f"  {split:9} {scores(found, pairs)}")
        print(f"  {'all':9} {scores(found, gold['dev'] | gold['held-out'])}")


if __name__ == "__main__":
    main()
