"""Throughput of the Finnish pipeline: sentences per second on a 1 MB corpus.

Usage: .venv/bin/python bench/extract_speed.py [--size-mb 0.2] [--runs 3] [--n-process 2]

The corpus is the five seed documents of ``data/documents`` repeated to the
size asked. Labels come from an in-memory graph of the bundled registry and
ecosystem (about 940 names). Prints the median of ``--runs`` timed passes of
``extract_many`` (spaCy's Finnish model through ``nlp.pipe``, batched, in one
and in ``--n-process`` processes; the unused tagger left out) and, for
comparison, the tokenizer alone on the same corpus. Target: 100 sentences/s
on 2 cores. The machine's load average is printed too,
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
from ingest.nlp import Pipeline, build_pipeline, extract_many  # noqa: E402


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


def timed(pipeline: Pipeline, texts: list[str], runs: int) -> tuple[float, int, int]:
    """Median seconds of ``runs`` passes, and the mentions and relations found."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        found = list(extract_many(pipeline, texts))
        times.append(time.perf_counter() - started)
    mentions = sum(len(f.mentions) for f in found)
    return statistics.median(times), mentions, sum(len(f.relations) for f in found)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size-mb", type=float, default=0.2)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--n-process", type=int, default=2)
    args = parser.parse_args()
    texts = corpus(args.size_mb)
    labels = graph_labels()
    one = build_pipeline(labels)
    list(extract_many(one, texts[:5]))  # warm up: model, lemmatizer dictionaries
    sentences = sum(len(list(doc.sents)) for doc in one.nlp.pipe(texts))
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    floor = []
    for _ in range(args.runs):
        started = time.perf_counter()
        for _doc in one.nlp.tokenizer.pipe(texts):
            pass
        floor.append(time.perf_counter() - started)
    tok = statistics.median(floor)
    print(f"corpus: {mb:.2f} MB, {len(texts)} documents, {sentences:,} sentences "
          f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")  # fmt: skip
    print(f"tokenizer alone: median {tok:.2f} s -> {sentences / tok:,.0f} sentences/s")
    for n in sorted({1, args.n_process}):
        pipeline = build_pipeline(labels, n_process=n)
        med, mentions, relations = timed(pipeline, texts, args.runs)
        print(f"full pipeline, n_process={n}: median {med:.2f} s of {args.runs} -> "
              f"{sentences / med:,.0f} sentences/s, {mb / med:.3f} MB/s; "
              f"{mentions:,} mentions, {relations:,} relations")  # fmt: skip
    print("target: >= 100 sentences/s for the full pipeline on 2 cores")


if __name__ == "__main__":
    main()
