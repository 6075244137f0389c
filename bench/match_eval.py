"""Matchmaking against count baselines on markets whose winner model is drawn at random.

Each market (``bench.market``, synthetic) draws its own hidden winner model:
how much speciality, region, incumbency, innovativeness, price, SME status and
size decide who wins; and, with ``--shape drawn`` (the default), its own shape
(:class:`bench.market.Shape`: how many suppliers, buyers and sectors, how many
firms share a sector, how coarsely lots are classified), from a saturated
market where any CPV rule finds the winner to one as hard as a held-out
Finnish market. ``--shape fixed`` is the earlier fixed shape (``--suppliers``,
``--buyers``, ``--sectors``; 600 / 120 / 20). The same evaluation as ``keino match evaluate``
(:mod:`graph.matching.evaluate`: time-ordered split, ranker fitted on the
training history only, baselines fitted in the same run) runs on every market;
the table gives each market's figures, then the mean and the worst case over
markets of every method, and the fitted ranker's lead over the strongest
baseline of each market. The *oracle* row ranks by the hidden model's own odds
for each lot: no method can expect to do better, so it shows how much room a
market leaves (it is not a baseline).

Done when, on every market, the ranker beats every baseline on HR@10 and
MRR@10, and on average by ≥ 10 % relative over the strongest baseline.

    python -m bench.match_eval                        # 10 drawn markets
    python -m bench.match_eval --shape fixed          # ... of the fixed shape
    python -m bench.match_eval --markets 12 --suppliers 1000 --lots 12000
    python -m bench.match_eval --store var/store      # the awards of a store instead
"""

from __future__ import annotations

import argparse
import time
from collections import Counter

import numpy as np

from bench.market import COMPONENTS, START, Market, Shape, generate
from graph.matching.evaluate import Rank, Report, evaluate
from graph.procurement import LotRecord, lot_records

ORACLE = "oracle (hidden model)"  # knows each lot's true odds: the ceiling, not a rival
FROZEN = "oracle (history only)"  # the same, incumbency as known at the split
FIGURES = ("hr1", "hr5", "hr10", "mrr10", "ndcg10", "coverage", "beyond_top20")


def _ours(report: Report) -> str:
    return next(name for name in report.methods if name.startswith("KEINO"))


def lead(report: Report, figure: str) -> tuple[str, float]:
    """The strongest baseline on ``figure`` and the ranker's relative lead over it."""
    ours = _ours(report)
    rivals = {n: getattr(s, figure) for n, s in report.methods.items()
              if n != ours and not n.startswith("oracle")}  # fmt: skip
    best = max(rivals, key=lambda n: rivals[n])
    mine = getattr(report.methods[ours], figure)
    return best, (mine / rivals[best] - 1.0) if rivals[best] > 0 else float("inf")


def summary(reports: list[Report]) -> str:
    """Mean and worst case over markets of every method, and the verdict."""
    names = [n if not n.startswith("KEINO") else "KEINO (fitted)" for n in reports[0].methods]
    lines = [f"\n{'method':24} " + " ".join(f"{f:>13}" for f in FIGURES),
             f"{'':24} " + " ".join(f"{'mean  worst':>13}" for _ in FIGURES)]  # fmt: skip
    for i, name in enumerate(names):
        cells = []
        for figure in FIGURES:
            values = [getattr(list(r.methods.values())[i], figure) for r in reports]
            cells.append(f"{np.mean(values):6.3f} {np.min(values):6.3f}")
        lines.append(f"{name:24} " + " ".join(cells))
    for figure in ("hr10", "mrr10"):
        leads = [lead(r, figure)[1] for r in reports]
        beaten = sum(x > 0 for x in leads)
        lines.append(
            f"lead over the strongest baseline on {figure}: mean {np.mean(leads):+.1%}, "
            f"worst {np.min(leads):+.1%}; ahead on {beaten} of {len(reports)} markets"
        )
    fitted = sum(r.ranker.kind == "fitted" for r in reports)
    lines.append(f"ranker fitted on {fitted} of {len(reports)} markets (else the defaults)")
    return "\n".join(lines)


def _oracle(market: Market, without: str | None = None) -> Rank:
    """Rank a test lot by the hidden model's odds (``without`` one of its components)."""
    return lambda rec: market.oracle(rec.lot, without=without)


def _frozen_oracle(market: Market, train_share: float) -> Rank:
    """The hidden model's odds with incumbency counted from the history only (the wins
    before the evaluation's split): the ceiling for any method whose index is built
    once on the history, as every method here is. The oracle row itself also knows
    the test period's earlier awards."""
    awarded = sorted(market.records, key=lambda r: (r.published or START, r.lot))
    cut = int(len(awarded) * train_share)
    wins = Counter((r.buyers[0].iri, w.iri) for r in awarded[:cut] for w in r.winners)
    assert market.odds is not None and market.parts is not None

    def rank(rec: LotRecord) -> list[str]:
        pool, weights = market.odds[rec.lot]  # type: ignore[index]
        logw = np.log(np.maximum(weights, 1e-300)) - market.parts[rec.lot]["incumbency"]  # type: ignore[index]
        buyer = rec.buyers[0].iri
        known = np.array([wins.get((buyer, market.suppliers[int(s)].iri), 0) for s in pool])
        logw = logw + market.model.incumbency * np.log1p(known)
        return [market.suppliers[int(pool[i])].iri for i in np.argsort(-logw, kind="stable")[:10]]

    return rank


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", help="evaluate on the awards of this store instead")
    parser.add_argument("--markets", type=int, default=10)
    parser.add_argument(
        "--shape",
        choices=("drawn", "fixed"),
        default="drawn",
        help="draw each market's size and legibility, or keep the fixed shape",
    )
    parser.add_argument("--suppliers", type=int, default=600, help="fixed shape only")
    parser.add_argument("--lots", type=int, default=8000)
    parser.add_argument("--buyers", type=int, default=120, help="fixed shape only")
    parser.add_argument("--sectors", type=int, default=20, help="fixed shape only")
    parser.add_argument("--seed", type=int, default=1, help="seed of the first market")
    parser.add_argument("--train-share", type=float, default=0.8)
    parser.add_argument("--max-test", type=int, default=1000)
    parser.add_argument("--ablate", action="store_true",
                        help="add the oracle without each hidden component")  # fmt: skip
    args = parser.parse_args()
    if args.store:
        from graph.matching import ecosystem_links, supplier_sizes
        from graph.store import Store

        store = Store(args.store, read_only=True)
        report = evaluate(list(lot_records(store)), train_share=args.train_share,
                          max_test=args.max_test, sizes=supplier_sizes(store),
                          ecosystem=ecosystem_links(store))  # fmt: skip
        print(report.table())
        return
    reports = []
    for m in range(args.markets):
        seed = args.seed + m
        started = time.perf_counter()
        shape = (
            Shape.draw(np.random.default_rng([seed, 1]))
            if args.shape == "drawn"
            else Shape(suppliers=args.suppliers, buyers=args.buyers, sectors=args.sectors)
        )
        market = generate(n_lots=args.lots, seed=seed, keep_odds=True, shape=shape)
        extra = {ORACLE: _oracle(market), FROZEN: _frozen_oracle(market, args.train_share)}
        if args.ablate:
            extra.update({f"oracle − {part}": _oracle(market, part) for part in COMPONENTS})
        report = evaluate(market.records, train_share=args.train_share, max_test=args.max_test,
                          seed=seed, sizes=market.sizes, extra=extra)  # fmt: skip
        reports.append(report)
        took = time.perf_counter() - started
        print(f"\n== market {m + 1} (seed {seed}, synthetic, {took:.0f} s): hidden winner model "
              f"{market.model.describe()}\n   shape: {shape.describe()}")  # fmt: skip
        print(report.table())
        for figure in ("hr10", "mrr10"):
            best, gain = lead(report, figure)
            print(f"   {figure}: {gain:+.1%} over {best}")
    print(summary(reports))


if __name__ == "__main__":
    main()
