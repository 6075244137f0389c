"""Throughput of the Finnish pipeline: sentences per second on a 1 MB corpus.

Usage: .venv/bin/python bench/extract_speed.py [--size-mb 1] [--runs 3]

The corpus is the five seed documents of ``data/documents`` repeated to the
size asked. Labels come from an in-memory graph of the bundled registry and
ecosystem (about 940 names). Prints the median of ``--runs`` timed passes of
``extract_many`` (spaCy ``nlp.pipe``, one document per seed copy) and, for
comparison, the tokenizer alone on the same corpus: the floor no pipeline on
``spacy.blank("fi")`` can beat. The machine's load average is printed too,
since the 2-core box is shared.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.extract_eval import graph_labels  # noqa: E402
from ingest.nlp import build_pipeline, extract_many  # noqa: E402


def corpus(size_mb: float) -> list[str]:
    """Seed documents repeated until their UTF-8 size reaches ``size_mb``."""
    seeds = [
        p.read_text(encoding="utf-8") for p in sorted((ROOT / "data" / "documents").glob("*.txt"))
    ]
    texts, size = [], 0
    while size < size_mb * 1_000_000:
        for text in seeds:
            texts.append(text)
            size += len(text.encode("utf-8"))
    return texts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size-mb", type=float, default=1.0)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    texts = corpus(args.size_mb)
    nlp = build_pipeline(graph_labels())
    list(extract_many(nlp, texts[:5]))  # warm up: simplemma loads its Finnish dictionary
    sentences = sum(len(list(doc.sents)) for doc in nlp.pipe(texts))
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    times, floor = [], []
    for _ in range(args.runs):
        started = time.perf_counter()
        found = list(extract_many(nlp, texts))
        times.append(time.perf_counter() - started)
        started = time.perf_counter()
        for _doc in nlp.tokenizer.pipe(texts):
            pass
        floor.append(time.perf_counter() - started)
    med, tok = statistics.median(times), statistics.median(floor)
    mentions = sum(len(f.mentions) for f in found)
    relations = sum(len(f.relations) for f in found)
    print(f"corpus: {mb:.2f} MB, {len(texts)} documents, {sentences:,} sentences "
          f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")  # fmt: skip
    print(f"pipeline:  median {med:.2f} s of {args.runs} -> {sentences / med:,.0f} sentences/s, "
          f"{mb / med:.2f} MB/s; {mentions:,} mentions, {relations:,} relations")  # fmt: skip
    print(f"tokenizer alone (floor): median {tok:.2f} s -> {sentences / tok:,.0f} sentences/s; "
          f"the pipeline costs {med / tok:.1f}x the tokenizer")  # fmt: skip


if __name__ == "__main__":
    main()
