"""Matchmaking at scale: index build time, memory, and the latency of one match.

Builds a synthetic market (``bench.market``), indexes its awarded lots, saves
and reloads the index, then times ``Matcher.match`` (ranking and explanations)
for needs made from held-out lots' text, CPV code and region. Prints p50 and
p95 against the targets (p95 ≤ 50 ms, build ≤ 10 min, RSS ≤ 4 GB at 100,000
suppliers and 1,000,000 lots).

    python -m bench.match_latency --suppliers 10000 --lots 100000
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path

import numpy as np

from bench.market import generate
from graph.matching import Matcher, Need
from graph.matching import index as ix
from graph.matching.text import lemmas


def rss_mb() -> float:
    """Resident memory now (MB), from /proc."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--suppliers", type=int, default=10_000)
    parser.add_argument("--lots", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    lemmas("lämmitys", "fi")  # load the lemmatiser's dictionary outside the timings

    started = time.perf_counter()
    market = generate(args.suppliers, args.lots, n_buyers=max(300, args.suppliers // 20),
                      seed=args.seed)  # fmt: skip
    held_out = market.records[-args.queries :]
    train = market.records[: -args.queries]
    took = time.perf_counter() - started
    print(f"market: {args.suppliers:,} suppliers, {len(train):,} lots "
          f"(generated in {took:.0f} s); RSS {rss_mb():,.0f} MB")  # fmt: skip

    base = rss_mb()
    started = time.perf_counter()
    index = ix.build_index(train, fingerprint="bench")
    build_s = time.perf_counter() - started
    matcher = Matcher(index)
    print(f"index: {index.size[0]:,} suppliers, {index.size[1]:,} lots, "
          f"{len(index.lemma_vocab):,} lemmas, {len(index.ngram_vocab):,} n-grams, "
          f"{len(index.ngram_postings.idx):,} n-gram postings")  # fmt: skip
    print(f"build {build_s:.1f} s; RSS {rss_mb():,.0f} MB (+{rss_mb() - base:,.0f} MB "
          f"over the records), peak {peak_mb():,.0f} MB")  # fmt: skip

    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        ix.save(index, Path(folder))
        saved = time.perf_counter() - started
        size = sum(p.stat().st_size for p in Path(folder).iterdir()) / 2**20
        started = time.perf_counter()
        matcher = Matcher(ix.load(Path(folder)))
        took = time.perf_counter() - started
        print(f"save {saved:.1f} s ({size:,.0f} MB on disk), load {took:.1f} s")

    needs = [Need(r.text, r.cpv, r.nuts[0] if r.nuts else None) for r in held_out]
    rank_ms, full_ms = [], []
    for need in needs:
        started = time.perf_counter()
        matcher.signals(need).score()
        rank_ms.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        matcher.match(need)
        full_ms.append((time.perf_counter() - started) * 1000)
    for name, ms in (("signals + score", rank_ms), ("match (top 10 + explanations)", full_ms)):
        p50, p95 = np.percentile(ms, [50, 95])
        print(f"{name:32} p50 {p50:6.1f} ms   p95 {p95:6.1f} ms   (target p95 ≤ 50 ms)")
    print(f"targets: build {build_s:.0f} s vs ≤ 600 s; peak RSS {peak_mb():,.0f} MB vs ≤ 4,096 MB")


if __name__ == "__main__":
    main()
