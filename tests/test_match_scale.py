"""Memory bounds of the ranker fit that change only how the fit questions are held:
the fit must see exactly the rows it saw when every candidate's row was held (the
weights are a deterministic function of those rows).

On a synthetic market of ``bench.market`` (labelled synthetic), with the candidate
list cap lowered so that the draw matters.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from bench.market import generate
from bench.match_latency import bridge, real_lines, synthetic_companies
from graph.matching import Matcher, matcher, ranker
from graph.matching import index as ix
from graph.matching.features import SIGNALS, Features, grade, log_wins, relative_share
from graph.matching.matcher import (
    EVIDENCE,
    _contains,
    _row_hits,
    _top,
    _total,
)
from graph.matching.model import POTENTIAL, WINNER, Match, Need

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


# ---------------------------------------------------------------- query-time paths
# A match ranks every candidate from its summed signal columns (no candidate × signal
# matrix), builds rows only for those that can reach the top, reads graded posting
# values computed once per index, and looks for evidence in growing stretches of a
# supplier's lots. Each is checked here against the straightforward computation.

#: synthetic registry: 400 companies (a tenth of them the market's winners) and the real
#: TOL ↔ CPV bridge of the bundled labels, as the latency bench uses them
_TRAIN, _HELD = MARKET.records[:1000], MARKET.records[1000:1200]


@pytest.fixture(scope="module")
def every_signal() -> Matcher:
    """A matcher whose weights are all non-zero (so every column counts in a score)."""
    winners = sorted({w.iri for r in _TRAIN for w in r.winners})
    index = ix.build_index(
        _TRAIN,
        fingerprint="t",
        sizes=MARKET.sizes,
        companies=synthetic_companies(400, winners, 5),
        mappings=bridge(real_lines()),
    )
    rng = np.random.default_rng(11)
    weights = {name: float(rng.uniform(0.05, 1.0)) for name in SIGNALS}
    return Matcher(index, ranker.Ranker(weights, "default", "test: every weight non-zero"))


def _hierarchy_direct(features: Features, key: str, chain: list, mode: str) -> np.ndarray:
    """``Features._hierarchy`` as it reads: a pass over each chain key's postings."""
    postings = features.postings[key]
    vocab = features.vocab["region" if key == "home" else key]
    best = np.zeros(features.n)
    for code, weight in chain:
        k = vocab.get(code)
        if k is None:
            continue
        docs, counts = postings.row(k), postings.values(k)
        if key == "home":
            value = counts
        elif mode == "share":
            value = relative_share(counts / features.totals[key][k], len(docs))
        elif mode == "log":
            value = log_wins(counts)
        else:
            value = grade(counts)
        best[docs] = np.maximum(best[docs], weight * value)
    return best


def test_graded_postings_give_the_values_of_the_direct_pass(every_signal: Matcher) -> None:
    features = every_signal.features
    compared = 0
    for rec in _HELD[:60]:
        q = features.prepare(ranker.need_of_record(rec))
        for key, chain_name, mode in [("cpv", "cpv", "grade"), ("cpv", "cpv", "share"),
                                      ("region", "region", "grade"), ("home", "region", "share"),
                                      ("buyer", "buyer", "log"),
                                      ("buyer", "similar_buyers", "grade")]:  # fmt: skip
            chain = q.chains.get(chain_name)
            if not chain:
                continue
            got = features._hierarchy(key, chain, share=mode == "share", log=mode == "log")
            want = _hierarchy_direct(features, key, chain, mode)
            assert np.array_equal(got, want), (key, mode)
            compared += int(want.any())
    assert compared > 100


def test_summed_columns_equal_the_matrix_product(every_signal: Matcher) -> None:
    features, w = every_signal.features, every_signal.weights
    for rec in _HELD[:60]:
        q = features.prepare(ranker.need_of_record(rec))
        ids, full = features.candidates(q)
        assert len(ids) > 0
        want = features.matrix(q, ids, full) @ w
        np.testing.assert_allclose(features.scores(q, ids, full, w), want, rtol=0, atol=1e-12)


def _match_direct(m: Matcher, need: Need) -> list[Match]:
    """A match the straightforward way: every candidate's row, scores = rows @ weights."""
    scored = m.score(need)  # no limit: the whole candidate × signal matrix
    full_x = scored.x
    order = _top(scored.scores, need.limit, scored.ids, m.iri_of)
    n, out = len(m.index.suppliers), []
    for i in order:
        s = int(scored.ids[i])
        if s >= n:
            out.append(m._potential_match(scored.query, s - n, scored.row(i)))
        else:
            parts = m.explain(scored.query, s, full_x[i])
            out.append(Match(m.index.suppliers[s], m.index.labels[s], _total(parts), parts,
                             WINNER, len(m.index.supplier_lots.row(s)), m._region(s)))  # fmt: skip
    return out


def test_fast_match_gives_the_answers_of_the_direct_one(every_signal: Matcher) -> None:
    potential = 0
    for n, rec in enumerate(_HELD):
        # short lists (the best few are rescored) and long ones (registry companies reach)
        need = dataclasses.replace(ranker.need_of_record(rec), limit=10 if n % 2 else 150)
        got, want = every_signal.match(need), _match_direct(every_signal, need)
        assert got == want
        assert [r.supplier_iri for r in got] == every_signal.rank(need, need.limit)
        potential += sum(r.kind == POTENTIAL for r in got)
    assert potential > 0, "registry companies must reach some lists"


def test_evidence_found_further_back_is_the_newest_of_all_lots(
    every_signal: Matcher, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(matcher, "EVIDENCE_WINDOW", 4)  # so that this market's suppliers
    m = every_signal  # have lots beyond several stretches
    wins = np.diff(m.index.supplier_lots.ptr)
    busy = np.flatnonzero(wins > 16 * matcher.EVIDENCE_WINDOW)
    assert len(busy) > 0, "some supplier must have lots beyond the first stretches"
    checked = 0
    for s in busy[:5]:
        newest = m._lots_newest_first(int(s))
        for k, key in enumerate(m.index.cpv_keys):
            if not _contains(m.index.cpv_postings.row(k), int(s)) or len(key.rstrip("0")) < 5:
                continue
            under = m._under("cpv", m._cpv_keys, key, key.rstrip("0"))
            hits = _row_hits(m.index.lot_cpv, newest, under)
            want = m._cite([int(x) for x in newest[hits > 0][:EVIDENCE]])
            assert m._chain_evidence(int(s), [(key, 1.0)], "cpv") == want
            first = np.flatnonzero(hits)[:EVIDENCE]
            checked += int(first.max(initial=0) >= 4 * matcher.EVIDENCE_WINDOW)
    assert checked > 0, "some evidence must lie beyond the newest stretch"
