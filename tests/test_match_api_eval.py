"""Matchmaking on the path a user takes: a synthetic market (``bench.market``) written
as XSD-valid eForms result notices, ingested with ``keino ingest notices`` (a
subprocess), asked through ``POST /match`` of a running ``keino serve``, the buyer
found through ``GET /search``; the figures beside ``graph.matching.evaluate`` on
the same ingested lots and the count baselines.

The market is small (1,500 lots, 150 suppliers, 40 buyers, 10 sectors) but not
tiny: below about 1,000 lots the winner is in almost every method's top ten
(HR@10 ≈ 0.95 for all), and the fitted weights sometimes lose to the defaults on
the newest awards, so neither "fitted" nor "ahead" would be a stable property.
At 1,500 lots the ranker is fitted on each of the seeds tried (1–4) and ahead of
CPV + region on MRR@10 by 0.04–0.16 (this seed: 0.62 against 0.46), which is
what a user notices: the right supplier higher up the list.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import httpx
import pytest

from bench.eforms_market import validate, write_notices
from bench.market import Market, generate
from bench.match_api_eval import Asker, Split, keino, served, write_split
from graph.matching import index as ix
from graph.matching.evaluate import Report, Scores, evaluate, score
from graph.matching.matcher import Matcher, supplier_sizes
from graph.matching.ranker import need_of_record
from graph.procurement import lot_records
from graph.store import Store
from ingest.notices import ingest

SEED, LOTS, SUPPLIERS, BUYERS, SECTORS = 2, 1500, 150, 40, 10
FIGURES = ("hr1", "hr5", "hr10", "mrr10", "ndcg10")


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("market")


@pytest.fixture(scope="module")
def market() -> Market:
    return generate(SUPPLIERS, LOTS, n_buyers=BUYERS, n_sectors=SECTORS, seed=SEED)


@pytest.fixture(scope="module")
def split(market: Market, work: Path) -> Split:
    return write_split(market, work / "notices", SEED, 0.8, max_test=1000)


@pytest.fixture(scope="module")
def store(work: Path, split: Split) -> Path:
    """The older 80 % ingested through the CLI (which also builds the match index)."""
    keino(work / "served", "ingest", "notices", str(split.folder / "history"))
    return work / "served"


@pytest.fixture(scope="module")
def in_process(store: Path, split: Split) -> Report:
    """``evaluate`` on the ingested history and the ingested question notices."""
    history = Store(store, read_only=True)
    records, sizes = list(lot_records(history)), supplier_sizes(history)
    del history
    questions = Store()
    assert ingest(questions, [split.folder / "questions"]).ok
    records += list(lot_records(questions))
    return evaluate(records, train_share=0.8, max_test=1000, seed=SEED, sizes=sizes)


@pytest.fixture(scope="module")
def through_api(store: Path, split: Split) -> tuple[Scores, dict[str, Any]]:
    """Every question lot asked of ``keino serve`` with its buyer found by ``/search``."""
    wins: Counter[str] = Counter(w.iri for r in split.history for w in r.winners)
    with served(store) as base, httpx.Client(base_url=base, timeout=60) as client:
        asker = Asker(client)
        scores = score(lambda rec: asker.ask(rec, with_buyer=True), split.questions, wins)
    return scores, asker.index


@pytest.mark.shared
def test_notices_are_valid_eforms(split: Split, shared_data: Path) -> None:
    files = sorted((split.folder / "history").glob("*.xml"))
    assert validate(files[:: len(files) // 20], shared_data) == []


def test_every_stated_fact_of_the_market_survives_the_notices(
    market: Market, split: Split, store: Path
) -> None:
    history = Store(store, read_only=True)
    ingested = {r.lot: r for r in lot_records(history)}
    assert len(ingested) == len(split.history)
    for want in split.history:
        got = ingested[want.lot]
        assert (got.titles, got.cpv, got.nuts, got.published) == (
            want.titles, want.cpv, want.nuts, want.published)  # fmt: skip
        assert (got.estimated_value, got.awarded_value) == (
            want.estimated_value, want.awarded_value)  # fmt: skip
        # BT-06 answers innovative, green and social at once; none stated, none read
        assert {k: got.flags.get(k) for k in want.flags} == want.flags
        assert bool(got.flags) == bool(want.flags)
        assert [w.iri for w in got.winners] == [w.iri for w in want.winners]
        assert [b.iri for b in got.buyers] == [b.iri for b in want.buyers]
    sizes = {split.ids.graph_iri(iri): size for iri, size in market.sizes.items()}
    won = {w.iri for r in split.history for w in r.winners}
    assert supplier_sizes(history) == {iri: s for iri, s in sizes.items() if iri in won}


def test_api_gives_the_in_process_figures_with_the_fitted_ranker(
    in_process: Report, through_api: tuple[Scores, dict[str, Any]], split: Split
) -> None:
    api, index = through_api
    assert in_process.train_lots == len(split.history)
    assert in_process.test_lots == len(split.questions)
    ours = next(s for name, s in in_process.methods.items() if name.startswith("KEINO"))
    for figure in FIGURES:
        assert getattr(api, figure) == pytest.approx(getattr(ours, figure), abs=1e-9), figure
    assert not index["stale"] and index["built_for"] == index["store_version"]
    assert index["lots"] == len(split.history)
    assert index["ranker"] == "fitted" == in_process.ranker.kind, index["ranker_reason"]


def test_api_ranks_the_winner_higher_than_the_cpv_region_baseline(
    in_process: Report, through_api: tuple[Scores, dict[str, Any]]
) -> None:
    api, _ = through_api
    baseline = in_process.methods["CPV + region"]
    assert api.mrr10 > baseline.mrr10
    assert api.hr10 >= baseline.hr10


def test_saved_index_answers_as_the_index_it_was_saved_from(split: Split, tmp_path: Path) -> None:
    # A lot whose title repeats a word (label, then its sector's label) once left the
    # index's lot → word rows misaligned after the first match, and saved so.
    matcher = Matcher(ix.build_index(split.history[:600], fingerprint="t"))
    needs = [need_of_record(rec) for rec in split.questions[:40]]
    before = [matcher.rank(need) for need in needs]
    ix.save(matcher.index, tmp_path / "index")
    loaded = Matcher(ix.load(tmp_path / "index"))
    assert [loaded.rank(need) for need in needs] == before


def test_fresh_serve_after_ingest_answers_from_the_current_index(tmp_path: Path) -> None:
    market = generate(40, 240, n_buyers=80, n_sectors=4, seed=SEED)
    first, then = tmp_path / "first", tmp_path / "then"
    write_notices(market, enumerate(market.records[:200]), first, SEED)
    write_notices(market, ((200 + i, r) for i, r in enumerate(market.records[200:])), then, SEED)
    earlier = {b.iri for r in market.records[:200] for b in r.buyers}
    new_buyer = next(b for r in market.records[200:] for b in r.buyers if b.iri not in earlier)
    store = tmp_path / "store"
    keino(store, "ingest", "notices", str(first))
    assert ix.stored_fingerprint(Path(f"{store}.match-index")) is not None
    keino(store, "ingest", "notices", str(then))
    with served(store) as base, httpx.Client(base_url=base, timeout=60) as client:
        answer = client.post("/match", json={"text": market.records[-1].titles["fi"]})
        found = client.get("/search", params={"q": new_buyer.label, "type": "Organization"})
    index = answer.json()["index"]
    assert not index["stale"] and not index["rebuilding"]
    assert index["built_for"] == index["store_version"]
    assert index["lots"] == 240
    assert found.json()["hits"][0]["label"] == new_buyer.label
