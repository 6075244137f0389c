"""The fitted ranker, exact contributions, the reverse direction and background rebuilds."""

from __future__ import annotations

import itertools
import threading
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.market import Shape, generate, write
from graph.iris import graph_iri
from graph.matching import Matcher, MatcherHandle, Need, fit_ranker
from graph.matching import matcher as matcher_module
from graph.matching.evaluate import evaluate
from graph.matching.index import build_index
from graph.matching.ranker import L2_GRID, MIN_HISTORY, need_of_record
from graph.procurement import record_triples
from graph.store import Store
from tests.test_matching import BUYER, LOTS, RAKEN, build

# A synthetic market (labelled as such: bench.market) written into a store through
# the notice mapper's own RDF shape, so explanations can be checked against the store.
MARKET = generate(120, 1600, n_buyers=30, n_sectors=6, seed=11)


@pytest.fixture(scope="module")
def market_store() -> Store:
    store = Store()
    write(store, MARKET.records)
    return store


@pytest.fixture(scope="module")
def fitted(market_store: Store) -> Matcher:
    return Matcher.from_store(market_store)


def _iris(store: Store) -> set[str]:
    rows = store.query("SELECT DISTINCT ?x WHERE { { ?x ?p ?o } UNION { ?s ?p ?x } }")
    return {r["x"].value for r in rows if r["x"] is not None}


def test_history_fits_the_weights_and_a_thin_one_falls_back(fitted: Matcher) -> None:
    assert fitted.ranker.kind == "fitted", fitted.ranker.reason
    assert fitted.ranker.details["answerable"] >= 100
    checked = fitted.ranker.details["validation_mrr10"]
    assert checked["fitted"] >= checked["default"]
    # the ridge penalty in use is the one that ranked the validation awards best
    l2 = fitted.ranker.details["l2"]
    assert l2["chosen"] in L2_GRID and set(l2["validation_mrr10"]) == {str(x) for x in L2_GRID}
    assert l2["validation_mrr10"][str(l2["chosen"])] == max(l2["validation_mrr10"].values())
    assert checked["fitted"] == l2["validation_mrr10"][str(l2["chosen"])]
    thin = fit_ranker(MARKET.records[: MIN_HISTORY - 1])
    assert thin.kind == "default" and "fewer than" in thin.reason


WORDS = sorted({w for rec in MARKET.records[:200] for w in rec.titles["fi"].split()})
CODES = sorted({c for rec in MARKET.records for c in rec.cpv})
REGIONS = sorted({n for rec in MARKET.records for n in rec.nuts})
BUYERS = [b.iri for b in MARKET.buyers]
needs = st.builds(
    Need,
    text=st.lists(st.sampled_from(WORDS), min_size=1, max_size=6).map(" ".join),
    cpv=st.lists(st.sampled_from(CODES), max_size=2).map(tuple),
    region=st.none() | st.sampled_from(REGIONS),
    budget=st.none() | st.floats(1_000, 10_000_000),
    buyer=st.none() | st.sampled_from(BUYERS),
    limit=st.integers(1, 15),
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(need=needs)
def test_every_score_is_the_sum_of_its_contributions_citing_store_iris(
    need: Need, fitted: Matcher, market_store: Store
) -> None:
    known = _store_iris(market_store)
    results = fitted.match(need)
    assert len(results) <= need.limit
    assert all(a.score >= b.score - 1e-5 for a, b in itertools.pairwise(results))
    for r in results:
        assert r.score == pytest.approx(sum(c.contribution for c in r.explanation), abs=1e-9)
        for c in r.explanation:
            assert c.evidence, f"{c.signal} cites nothing"
            assert set(c.evidence) <= known, set(c.evidence) - known


_IRIS: dict[int, set[str]] = {}


def _store_iris(store: Store) -> set[str]:
    if id(store) not in _IRIS:
        _IRIS[id(store)] = _iris(store)
    return _IRIS[id(store)]


def test_reverse_direction_gives_the_forward_values_for_every_open_need() -> None:
    records = MARKET.records
    index = build_index(records[:1400], fingerprint="t", open_needs=records[1400:1500],
                        sizes=MARKET.sizes)  # fmt: skip
    m = Matcher(index, fit_ranker(records[:1400], sizes=MARKET.sizes))
    needs_, batches = m._open_batches()
    compared = 0
    for s in range(0, index.size[0], 7):
        x, ok = m.features.reverse(batches[0], s)
        for i, need in enumerate(needs_):
            scored = m.score(need)
            at = np.flatnonzero(scored.ids == s)
            assert bool(ok[i]) == bool(len(at)), (s, i)
            if len(at):
                np.testing.assert_allclose(scored.x[at[0]], x[i], atol=1e-6)
                compared += 1
    assert compared > 100
    supplier = index.suppliers[0]
    found = m.needs_for(supplier, 5)
    assert [n.score for n in found] == sorted((n.score for n in found), reverse=True)


def test_evaluation_reports_every_method_on_a_time_split() -> None:
    report = evaluate(MARKET.records, train_share=0.8, max_test=200)
    baselines = {"random", "most frequent", "CPV history", "CPV + region", "CPV + region + buyer"}
    assert set(report.methods) == {f"KEINO ({report.ranker.kind})", *baselines}
    assert report.train_until <= str(MARKET.records[-200].published)
    for s in report.methods.values():
        assert 0 <= s.hr1 <= s.hr5 <= s.hr10 <= 1 and 0 <= s.mrr10 <= s.hr10
    ours = report.methods[f"KEINO ({report.ranker.kind})"]
    assert ours.mrr10 > report.methods["most frequent"].mrr10
    assert "HR@10" in report.table() and "CPV + region + buyer" in report.table()


def test_a_changed_store_is_served_from_the_previous_index_until_the_rebuild_swaps_in(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = build(LOTS[:4], path=tmp_path / "store")
    handle = MatcherHandle(store)
    first = handle.get()
    assert not handle.status().stale and not first.has_supplier(RAKEN.iri)
    more = [t for rec in LOTS[4:6] for t in record_triples(rec)]
    store.replace_graph(graph_iri("notices/more"), more, source="more", inputs=[])

    release = threading.Event()
    real = Matcher.from_store.__func__  # type: ignore[attr-defined]

    def slow(cls: type[Matcher], s: Store) -> Matcher:
        release.wait(30)  # the rebuild is held until the test has looked
        return real(cls, s)

    monkeypatch.setattr(matcher_module.Matcher, "from_store", classmethod(slow))
    assert handle.get() is first  # answered at once, from the previous index
    status = handle.status()
    assert status.stale and status.rebuilding
    assert handle.get() is first and handle.rebuilding  # still one rebuild, not two
    release.set()
    assert handle.wait(60)
    assert handle.get().has_supplier(RAKEN.iri) and not handle.status().stale

    # a new process (cold start) after another ingest: the stale index on disk serves
    store.replace_graph(graph_iri("notices/more"), more[:-1], source="more", inputs=[])
    release.clear()
    cold = MatcherHandle(store)
    assert cold.get().has_supplier(RAKEN.iri) and cold.status().stale
    release.set()
    assert cold.wait(60) and not cold.status().stale


def test_buyer_history_is_a_signal_with_its_evidence() -> None:
    m = Matcher.from_store(build())
    best = m.match(Need("koulun peruskorjaus", buyer=BUYER.iri))[0]
    assert best.supplier_iri == RAKEN.iri
    buyer = {c.signal: c for c in best.explanation}["buyer"]
    assert BUYER.iri in buyer.evidence and LOTS[4].lot in buyer.evidence


def test_needs_are_asked_as_a_buyer_would_ask_them() -> None:
    need = need_of_record(MARKET.records[0])
    assert need.text and need.cpv == MARKET.records[0].cpv
    assert need.buyer == MARKET.records[0].buyers[0].iri and need.budget


def test_drawn_market_shapes_differ_stay_in_their_ranges_and_are_honoured() -> None:
    shapes = [Shape.draw(np.random.default_rng([seed, 1])) for seed in range(1, 31)]
    assert len({s.suppliers for s in shapes}) > 20  # the shape is drawn, not fixed
    for s in shapes:
        assert 400 <= s.suppliers <= 6000 and 60 <= s.buyers <= 400 and 8 <= s.sectors <= 60
        assert 0.2 <= s.coarse_cpv <= 0.6 and 0.05 <= s.wrong_cpv <= 0.25
    assert Shape.fixed() == Shape(suppliers=600, buyers=120, sectors=20)
    # every lot states its sector's class code when the shape says so
    coarse = Shape(suppliers=150, buyers=20, sectors=4, coarse_cpv=1.0, wrong_cpv=0.0)
    market = generate(n_lots=300, seed=3, shape=coarse)
    assert len(market.suppliers) == 150 and len(market.buyers) == 20
    assert all(len(rec.cpv[0].split("-")[0].rstrip("0")) <= 4 for rec in market.records)
    exact = generate(n_lots=300, seed=3, shape=Shape(150, 20, 4, coarse_cpv=0.0, wrong_cpv=0.0))
    assert all(len(rec.cpv[0].split("-")[0].rstrip("0")) > 4 for rec in exact.records)
