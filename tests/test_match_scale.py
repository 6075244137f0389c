"""Memory bounds of the ranker fit that change only how the fit questions are held:
the fit must see exactly the rows it saw when every candidate's row was held (the
weights are a deterministic function of those rows).

On a synthetic market of ``bench.market`` (labelled synthetic), with the candidate
list cap lowered so that the draw matters.
"""

from __future__ import annotations

import numpy as np
import pytest

from bench.market import generate
from graph.matching import index as ix
from graph.matching import ranker
from graph.matching.features import Features

#: synthetic: 120 suppliers, 1,200 awarded lots
MARKET = generate(120, 1200, n_buyers=30, n_sectors=6, seed=3)


def _every_row(features: Features) -> list[ranker._Question]:
    """The questions with every candidate's row (how they were held before the cap)."""
    supplier = {iri: i for i, iri in enumerate(features.index.suppliers)}
    out = []
    for rec in MARKET.records[900:]:
        q = features.prepare(ranker.need_of_record(rec))
        ids, full = features.candidates(q)
        won = np.isin(ids, [supplier[w.iri] for w in rec.winners if w.iri in supplier])
        if won.any():
            out.append(ranker._Question(features.matrix(q, ids, full), won))
    return out


def _drawn_late(questions: list[ranker._Question], cap: int) -> tuple[np.ndarray, ...]:
    """The stacked fit lists as drawn from whole candidate lists (the earlier way)."""
    rng = np.random.default_rng(0)
    xs, groups, wins = [], [], []
    for n, q in enumerate(questions):
        others = np.flatnonzero(~q.winners)
        if len(others) > cap:
            others = np.sort(rng.choice(others, cap, replace=False))
        rows = np.concatenate([np.flatnonzero(q.winners), others])
        xs.append(q.x[rows])
        groups.append(np.full(len(rows), n))
        wins.append(q.winners[rows])
    return np.concatenate(xs), np.concatenate(groups), np.concatenate(wins)


def test_capped_questions_give_the_fit_the_same_rows(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(ranker, "MAX_LIST", 15)
    features = Features(ix.build_index(MARKET.records[:900], fingerprint="t", sizes=MARKET.sizes))
    whole = _every_row(features)
    capped, missed = ranker._questions(features, MARKET.records[900:])
    assert missed == len(MARKET.records[900:]) - len(whole)
    assert any((~q.winners).sum() > 15 for q in whole), "the cap must bite on this market"
    assert all((~q.winners).sum() <= 15 for q in capped)
    for got, want in zip(ranker._lists(capped), _drawn_late(whole, 15), strict=True):
        assert np.array_equal(got, want)
