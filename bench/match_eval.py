"""Time-ordered evaluation of matchmaking against baselines.

Train on the earlier awards, then ask with each later lot's text, CPV codes and
place of performance, and look for its real winner among the answers:

* HR@k: share of test lots whose winner is in the first k answers;
* MRR@10: mean of 1 / rank of the winner (0 beyond rank 10);
* coverage: share of the training suppliers that appear in anyone's top 10.

Baselines: *random* (a seeded shuffle of the training suppliers), *most
frequent* (most training wins first), *CPV only* (suppliers with wins under the
lot's exact CPV code first, then under its parent code, then by wins; the
linked-data matchmaker of Czech procurement reached HR@10 0.259 this way).
A winner who never won in training cannot be found; those lots count as misses
for every method, and the table says how many there were.

    python -m bench.match_eval                       # synthetic market, seed 7
    python -m bench.match_eval --store var/store     # awards ingested from eForms / TED XML
"""

from __future__ import annotations

import argparse
import random
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bench.market import generate
from graph.codes import cpv_ancestors, cpv_code
from graph.matching import Matcher, Need
from graph.matching.index import build_index
from graph.procurement import LotRecord, lot_records

Ranker = Callable[[LotRecord], list[str]]


@dataclass
class Scores:
    """Hits and reciprocal ranks over the test lots."""

    hr1: float
    hr10: float
    mrr10: float
    coverage: float
    ms_per_query: float


def evaluate(rank: Ranker, test: Sequence[LotRecord], n_train_suppliers: int) -> Scores:
    """Run ``rank`` on every test lot and score it against the lot's winners."""
    hr1 = hr10 = mrr = 0.0
    shown: set[str] = set()
    started = time.perf_counter()
    for rec in test:
        answers = rank(rec)[:10]
        shown.update(answers)
        truth = {w.iri for w in rec.winners}
        ranks = [i for i, iri in enumerate(answers, 1) if iri in truth]
        if ranks:
            hr1 += ranks[0] == 1
            hr10 += 1
            mrr += 1 / ranks[0]
    n = max(len(test), 1)
    elapsed = (time.perf_counter() - started) * 1000 / n
    return Scores(hr1 / n, hr10 / n, mrr / n, len(shown) / max(n_train_suppliers, 1), elapsed)


def baselines(train: Sequence[LotRecord], seed: int) -> dict[str, Ranker]:
    """The random, most-frequent and CPV-only rankers fitted on ``train``."""
    wins: Counter[str] = Counter(w.iri for r in train for w in r.winners)
    by_code: dict[str, Counter[str]] = defaultdict(Counter)
    for rec in train:
        for code in {c for c in (cpv_code(x) for x in rec.cpv) if c}:
            for key in (code, *cpv_ancestors(code)[:1]):
                by_code[key].update(w.iri for w in rec.winners)
    popular = [iri for iri, _ in wins.most_common()]
    everyone = sorted(wins)
    rng = random.Random(seed)

    def random_rank(rec: LotRecord) -> list[str]:
        return rng.sample(everyone, min(10, len(everyone)))

    def cpv_rank(rec: LotRecord) -> list[str]:
        code = cpv_code(rec.cpv[0]) if rec.cpv else None
        if code is None:
            return popular[:10]
        parent = (cpv_ancestors(code) or [code])[0]
        exact, near = by_code.get(code, Counter()), by_code.get(parent, Counter())
        pool = set(exact) | set(near)
        ranked = sorted(pool, key=lambda s: (-exact[s], -near[s], -wins[s], s))
        return (ranked + [p for p in popular if p not in pool])[:10]

    return {
        "random": random_rank,
        "most frequent": lambda rec: popular[:10],
        "CPV only (+1 level)": cpv_rank,
    }


def ours(train: Sequence[LotRecord]) -> Ranker:
    """The matcher built from ``train``, asked with text + CPV + region."""
    matcher = Matcher(build_index(train, fingerprint="evaluation"))

    def rank(rec: LotRecord) -> list[str]:
        need = Need(rec.text, rec.cpv, rec.nuts[0] if rec.nuts else None, limit=10)
        return [m.supplier_iri for m in matcher.match(need)]

    return rank


def run(records: Sequence[LotRecord], *, train_share: float, max_test: int, seed: int) -> None:
    """Split by publication date, fit, evaluate and print the table."""
    awarded = sorted((r for r in records if r.winners), key=lambda r: (r.published or 0, r.lot))
    cut = int(len(awarded) * train_share)
    train, test = awarded[:cut], awarded[cut:]
    step = max(1, len(test) // max_test)
    test = test[::step][:max_test]
    known = {w.iri for r in train for w in r.winners}
    findable = sum(any(w.iri in known for w in r.winners) for r in test)
    print(
        f"train {len(train):,} lots (until {train[-1].published}), {len(known):,} suppliers; "
        f"test {len(test):,} later lots, {findable:,} with a winner seen in training"
    )
    started = time.perf_counter()
    methods = {"ours (text+CPV+region+innovation)": ours(train), **baselines(train, seed)}
    print(f"index built in {time.perf_counter() - started:.1f} s\n")
    print(f"{'method':36} {'HR@1':>6} {'HR@10':>6} {'MRR@10':>7} {'coverage':>9} {'ms/query':>9}")
    for name, rank in methods.items():
        s = evaluate(rank, test, len(known))
        print(f"{name:36} {s.hr1:6.3f} {s.hr10:6.3f} {s.mrr10:7.3f} {s.coverage:9.3f} "
              f"{s.ms_per_query:9.1f}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", help="evaluate on the awards of this store instead")
    parser.add_argument("--suppliers", type=int, default=2000)
    parser.add_argument("--lots", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--train-share", type=float, default=0.8)
    parser.add_argument("--max-test", type=int, default=2000)
    args = parser.parse_args()
    if args.store:
        from graph.store import Store

        records = list(lot_records(Store(args.store, read_only=True)))
        print(f"store {args.store}: {len(records):,} lots")
    else:
        records = generate(args.suppliers, args.lots, seed=args.seed).records
        print(
            f"synthetic market: {args.suppliers:,} suppliers, {args.lots:,} lots, seed {args.seed}"
        )
    run(records, train_share=args.train_share, max_test=args.max_test, seed=args.seed)


if __name__ == "__main__":
    main()
