"""How well matchmaking finds the real winner of later awards, beside count baselines.

Time-ordered: the awarded lots are sorted by publication date; the oldest
``train_share`` are the training history (the ranker is fitted on it, with its
own inner time split, and the index built from it), the newer ones the test.
Each test lot is asked as a buyer would ask it (text, CPV codes, place,
estimated value, buyer) and its real winner looked for in the first ten answers.

* HR@k: share of test lots whose winner is in the first k answers (k = 1, 5, 10);
* MRR@10: mean of 1 / rank of the first winner found (0 beyond rank 10);
* nDCG@10: discounted gain of the winners found (1 / log₂(rank + 1)) over the best
  possible for that lot's number of winners;
* coverage: share of the training suppliers that appear in some answer;
* beyond top 20: share of all answers that are not one of the 20 suppliers with
  the most training wins (does the method find more than the usual names?).

Baselines, fitted on the same training history in the same run:

* *random*: ten training suppliers drawn at random (seeded);
* *most frequent*: most training wins first;
* *CPV history*: most wins under the lot's CPV code, backing off to its parent
  codes level by level, then most wins overall;
* *CPV + region*: like CPV history, but at each level wins in the lot's region
  (NUTS-3, then NUTS-2) come first;
* *CPV + region + buyer*: suppliers this buyer bought from before within the
  lot's CPV division first (most lots first), then CPV + region.

A winner who never won in the training history cannot be found by any method;
those lots count as misses for every method and the report says how many.
"""

from __future__ import annotations

import math
import random
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from graph.codes import cpv_ancestors, cpv_code, nuts_ancestors
from graph.matching import index as ix
from graph.matching.matcher import Matcher
from graph.matching.ranker import Ranker, fit_ranker, need_of_record
from graph.procurement import LotRecord

Rank = Callable[[LotRecord], list[str]]
K = 10
POPULAR = 20  # "the usual names": the most frequent winners of the training history


@dataclass(frozen=True)
class Scores:
    """One method's figures over the test lots."""

    hr1: float
    hr5: float
    hr10: float
    mrr10: float
    ndcg10: float
    coverage: float
    beyond_top20: float
    ms_per_query: float


@dataclass
class Report:
    """An evaluation run: the split, the ranker in use and every method's scores."""

    train_lots: int
    train_until: str
    test_lots: int
    findable: int  # test lots whose winner won something in training
    suppliers: int
    ranker: Ranker
    methods: dict[str, Scores]

    def table(self) -> str:
        """The figures as a plain-text table, best method by MRR@10 marked."""
        lines = [
            f"train {self.train_lots:,} lots (until {self.train_until}), {self.suppliers:,} "
            f"suppliers; test {self.test_lots:,} later lots, {self.findable:,} with a winner "
            f"seen in training",
            f"ranker: {self.ranker.kind} ({self.ranker.reason})",
            f"{'method':24} {'HR@1':>6} {'HR@5':>6} {'HR@10':>6} {'MRR@10':>7} {'nDCG@10':>8} "
            f"{'cover':>6} {'>top20':>7} {'ms/q':>6}",
        ]
        for name, s in self.methods.items():
            lines.append(
                f"{name:24} {s.hr1:6.3f} {s.hr5:6.3f} {s.hr10:6.3f} {s.mrr10:7.3f} "
                f"{s.ndcg10:8.3f} {s.coverage:6.3f} {s.beyond_top20:7.3f} {s.ms_per_query:6.1f}"
            )
        return "\n".join(lines)


def score(rank: Rank, test: Sequence[LotRecord], train_wins: Counter[str]) -> Scores:
    """Run ``rank`` on every test lot and score it against the lot's winners."""
    hr = {1: 0.0, 5: 0.0, 10: 0.0}
    mrr = ndcg = 0.0
    shown: set[str] = set()
    answers_total = beyond = 0
    popular = {iri for iri, _ in train_wins.most_common(POPULAR)}
    started = time.perf_counter()
    for rec in test:
        answers = rank(rec)[:K]
        shown.update(answers)
        answers_total += len(answers)
        beyond += sum(a not in popular for a in answers)
        truth = {w.iri for w in rec.winners}
        ranks = [i for i, iri in enumerate(answers, 1) if iri in truth]
        if ranks:
            for k in hr:
                hr[k] += ranks[0] <= k
            mrr += 1 / ranks[0]
            ideal = sum(1 / math.log2(i + 1) for i in range(1, min(len(truth), K) + 1))
            ndcg += sum(1 / math.log2(r + 1) for r in ranks) / ideal
    n = max(len(test), 1)
    ms = (time.perf_counter() - started) * 1000 / n
    coverage = len(shown) / max(len(train_wins), 1)
    return Scores(hr[1] / n, hr[5] / n, hr[10] / n, mrr / n, ndcg / n, coverage,
                  beyond / max(answers_total, 1), ms)  # fmt: skip


# ------------------------------------------------------------------ baselines
def _levels(rec: LotRecord) -> list[str]:
    """The lot's main CPV code and its ancestors, most specific first."""
    code = cpv_code(rec.cpv[0]) if rec.cpv else None
    return [code, *cpv_ancestors(code)] if code else []


def _regions(rec: LotRecord) -> list[str]:
    """The lot's place and its NUTS-2 (more general ones say little in one country)."""
    if not rec.nuts:
        return []
    return [rec.nuts[0], *nuts_ancestors(rec.nuts[0])][:2]


def baselines(train: Sequence[LotRecord], seed: int) -> dict[str, Rank]:
    """The count baselines fitted on ``train`` (see the module docstring)."""
    wins: Counter[str] = Counter(w.iri for r in train for w in r.winners)
    by_code: dict[str, Counter[str]] = defaultdict(Counter)
    by_code_region: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    by_buyer_division: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for rec in train:
        winners = [w.iri for w in rec.winners]
        for code in _levels(rec):
            by_code[code].update(winners)
            for region in _regions(rec):
                by_code_region[code, region].update(winners)
        division = _levels(rec)[-1] if _levels(rec) else ""
        for buyer in rec.buyers:
            by_buyer_division[buyer.iri, division].update(winners)
    popular = [iri for iri, _ in wins.most_common()]
    everyone = sorted(wins)
    rng = random.Random(seed)

    def fill(ranked: list[str]) -> list[str]:
        seen = set(ranked)
        return (ranked + [p for p in popular[: 2 * K] if p not in seen])[:K]

    def by_keys(counters: list[Counter[str]]) -> list[str]:
        """Lexicographic: most in the first counter, then the second, … then wins."""
        pool = {s for c in counters for s in c}
        return sorted(pool, key=lambda s: (*(-c[s] for c in counters), -wins[s], s))[: 2 * K]

    def cpv_rank(rec: LotRecord) -> list[str]:
        return fill(by_keys([by_code[c] for c in _levels(rec) if c in by_code]))

    def cpv_region_counters(rec: LotRecord) -> list[Counter[str]]:
        out = []
        for code in _levels(rec):
            out += [by_code_region[code, r] for r in _regions(rec) if (code, r) in by_code_region]
            if code in by_code:
                out.append(by_code[code])
        return out

    def cpv_region_rank(rec: LotRecord) -> list[str]:
        return fill(by_keys(cpv_region_counters(rec)))

    def buyer_rank(rec: LotRecord) -> list[str]:
        division = _levels(rec)[-1] if _levels(rec) else ""
        own = [by_buyer_division[b.iri, division] for b in rec.buyers[:1]]
        return fill(by_keys(own + cpv_region_counters(rec)))

    return {
        "random": lambda rec: rng.sample(everyone, min(K, len(everyone))),
        "most frequent": lambda rec: popular[:K],
        "CPV history": cpv_rank,
        "CPV + region": cpv_region_rank,
        "CPV + region + buyer": buyer_rank,
    }


# ------------------------------------------------------------------- the run
def evaluate(
    records: Sequence[LotRecord],
    *,
    train_share: float = 0.8,
    max_test: int = 2000,
    seed: int = 7,
    sizes: dict[str, str] | None = None,
    ecosystem: dict[str, list[str]] | None = None,
    extra: dict[str, Rank] | None = None,
) -> Report:
    """Split ``records`` by date, fit the ranker and the baselines, score every method
    (and the ``extra`` ones, e.g. a synthetic market's oracle)."""
    awarded = sorted((r for r in records if r.winners), key=_when)
    if len(awarded) < 20:
        raise ValueError(f"{len(awarded)} awarded lots: too few to split into history and test")
    cut = int(len(awarded) * train_share)
    train, test = awarded[:cut], awarded[cut:]
    test = test[:: max(1, len(test) // max_test)][:max_test]
    ranker = fit_ranker(train, sizes=sizes, ecosystem=ecosystem)
    index = ix.build_index(train, fingerprint="evaluation", sizes=sizes, ecosystem=ecosystem)
    matcher = Matcher(index, ranker)
    wins: Counter[str] = Counter(w.iri for r in train for w in r.winners)
    methods: dict[str, Rank] = {
        f"KEINO ({ranker.kind})": lambda rec: matcher.rank(need_of_record(rec), K),
        **baselines(train, seed),
        **(extra or {}),
    }
    return Report(
        train_lots=len(train),
        train_until=str(train[-1].published),
        test_lots=len(test),
        findable=sum(any(w.iri in wins for w in r.winners) for r in test),
        suppliers=len(wins),
        ranker=ranker,
        methods={name: score(rank, test, wins) for name, rank in methods.items()},
    )


def _when(rec: LotRecord) -> tuple[int, str]:
    return (rec.published.toordinal() if rec.published else 0, rec.lot)
