"""Matchmaking: ranking, explanations, the persisted index and its staleness check."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bench.market import generate
from graph.iris import ID_BASE, graph_iri
from graph.matching import Matcher, Need, StaleIndexError
from graph.matching.text import detect_language, lemmas
from graph.namespaces import KEINO_NS
from graph.procurement import LotRecord, OrgRef, lot_iri, notice_iri, record_triples
from graph.rdf import a, triple
from graph.store import Store

BUYER = OrgRef(f"{ID_BASE}org/fi/0201256-6", "Helsingin kaupunki", "0201256-6", "FI1B1", "la")
BUSSI = OrgRef(f"{ID_BASE}org/fi/1111111-1", "Latausratkaisut Oy", "1111111-1", "FI1B1")
SIIVO = OrgRef(f"{ID_BASE}org/fi/2222222-2", "Puhdas Siivous Oy", "2222222-2", "FI1D1")
RAKEN = OrgRef(f"{ID_BASE}org/fi/3333333-3", "Rakennus Oy", "3333333-3", "FI1B1")
GREEN_DEAL = f"{ID_BASE}green-deal/testisopimus"


def lot(
    n: int, title: str, cpv: str, winner: OrgRef | None, *, nuts: str = "FI1B1",
    flags: dict[str, bool] | None = None, kind: str = "result", year: int = 2023,
) -> LotRecord:  # fmt: skip
    notice = notice_iri(f"test-{n}")
    return LotRecord(
        lot=lot_iri(notice, "LOT-0001"), notice=notice, published=dt.date(year, 1 + n % 12, 1),
        titles={"fi": title}, descriptions={}, cpv=(cpv,), nuts=(nuts,), buyers=(BUYER,),
        winners=(winner,) if winner else (), estimated_value=100_000.0, currency="EUR",
        notice_kind=kind, flags=flags or {},
    )  # fmt: skip


LOTS = [
    lot(1, "Sähköbussien latausasemat ja latausinfrastruktuuri", "31158100", BUSSI,
        flags={"innovative": True, "green": True}),
    lot(2, "Sähköautojen latauspisteiden toimitus", "31158100", BUSSI),
    lot(3, "Koulujen siivouspalvelut", "90919200", SIIVO, nuts="FI1D1"),
    lot(4, "Toimistojen siivous", "90919200", SIIVO, nuts="FI1D1"),
    lot(5, "Koulun peruskorjaus", "45214200", RAKEN),
    lot(6, "Päiväkodin rakentaminen", "45214100", RAKEN),
    lot(7, "Sähköbussien latausjärjestelmä varikolle", "31158100", None, kind="competition"),
]  # fmt: skip


def build(lots: list[LotRecord] = LOTS, *, path: Path | None = None) -> Store:
    store = Store(path)
    triples = [t for rec in lots for t in record_triples(rec)]
    store.replace_graph(graph_iri("notices/test"), triples, source="test", inputs=[])
    return store


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    store = build()
    deal = [a(GREEN_DEAL, KEINO_NS + "GreenDeal"), triple(GREEN_DEAL, KEINO_NS + "signatory",
                                                          BUSSI.iri)]  # fmt: skip
    store.replace_graph(graph_iri("ecosystem"), deal, source="ecosystem", inputs=[])
    return Matcher.from_store(store)


def test_inflected_finnish_need_finds_the_supplier_that_won_it(matcher: Matcher) -> None:
    results = matcher.match(Need("sähköbussien latausinfrastruktuuri"))
    assert results[0].supplier_iri == BUSSI.iri
    assert all(r.supplier_iri != SIIVO.iri for r in results)  # no shared word, no candidate


def test_explanation_adds_up_and_cites_the_lots_behind_each_signal(matcher: Matcher) -> None:
    best = matcher.match(Need("latausasemat", cpv=("31158100",), region="FI1B1"))[0]
    assert best.score == pytest.approx(sum(c.contribution for c in best.explanation), abs=1e-5)
    assert 0 < best.score <= 1
    by_signal = {c.signal: c.evidence for c in best.explanation}
    assert set(by_signal) >= {"text", "cpv", "region", "innovation"}
    assert LOTS[0].lot in by_signal["text"] and LOTS[0].notice in by_signal["text"]
    assert GREEN_DEAL in by_signal["innovation"]  # ecosystem link of the supplier
    assert BUSSI.iri in by_signal["region"]  # registered in the asked region


def test_cpv_hierarchy_ranks_exact_code_above_same_division(matcher: Matcher) -> None:
    # 45214200 (school building work) won by RAKEN; a need under 45214000 finds it
    results = matcher.match(Need("peruskorjaus", cpv=("45214000",)))
    assert results[0].supplier_iri == RAKEN.iri
    cpv_only = matcher.match(Need("xyzzy", cpv=("45000000",)))  # nothing in the text
    assert [r.supplier_iri for r in cpv_only] == [RAKEN.iri]


def test_region_breaks_a_tie_between_equal_suppliers() -> None:
    north = OrgRef(f"{ID_BASE}org/fi/4444444-4", "Pohjoinen Oy", "4444444-4", "FI1D9")
    south = OrgRef(f"{ID_BASE}org/fi/5555555-5", "Eteläinen Oy", "5555555-5", "FI1B1")
    lots = [lot(1, "lumityöt", "90620000", north, nuts="FI1D9"),
            lot(2, "lumityöt", "90620000", south, nuts="FI1B1")]  # fmt: skip
    m = Matcher.from_store(build(lots))
    assert m.match(Need("lumityöt", region="FI1D9"))[0].supplier_iri == north.iri
    assert m.match(Need("lumityöt", region="FI1B1"))[0].supplier_iri == south.iri


def test_innovative_wins_raise_innovation_potential() -> None:
    plain = OrgRef(f"{ID_BASE}org/fi/6666666-6", "Tavallinen Oy", "6666666-6", "FI1B1")
    bold = OrgRef(f"{ID_BASE}org/fi/7777777-7", "Uudistaja Oy", "7777777-7", "FI1B1")
    lots = [lot(1, "ruokapalvelut", "55520000", plain, flags={"innovative": False}),
            lot(2, "ruokapalvelut", "55520000", bold, flags={"innovative": True})]  # fmt: skip
    results = Matcher.from_store(build(lots)).match(Need("ruokapalvelut"))
    assert [r.supplier_iri for r in results] == [bold.iri, plain.iri]
    innovation = {c.signal: c for c in results[0].explanation}["innovation"]
    assert lots[1].lot in innovation.evidence


def test_reverse_lookup_ranks_open_needs_for_a_supplier(matcher: Matcher) -> None:
    found = matcher.needs_for(BUSSI.iri, 5)
    assert [n.lot_iri for n in found] == [LOTS[6].lot]
    assert found[0].title.startswith("Sähköbussien")
    assert matcher.needs_for(SIIVO.iri, 5) == []  # nothing open in cleaning
    assert matcher.needs_for(f"{ID_BASE}org/fi/0000000-0", 5) == []


def test_stale_index_is_refused_then_rebuilt(tmp_path: Path) -> None:
    store = build(LOTS[:4], path=tmp_path / "store")
    folder = tmp_path / "store.match-index"
    first = Matcher.load_or_build(store, folder)
    assert (folder / "meta.json").exists() and not first.has_supplier(RAKEN.iri)
    assert Matcher.load(store, folder).index.fingerprint == store.version()
    more = [t for rec in LOTS[4:6] for t in record_triples(rec)]
    store.replace_graph(graph_iri("notices/more"), more, source="more", inputs=[])
    assert not first.is_current(store)
    with pytest.raises(StaleIndexError, match="match index"):
        Matcher.load(store, folder)
    assert Matcher.load_or_build(store, folder).has_supplier(RAKEN.iri)
    assert Matcher.load(store, folder).has_supplier(RAKEN.iri)  # and it was saved


def test_language_of_a_need_picks_the_lemmatiser() -> None:
    assert detect_language("laddningsinfrastruktur för elbussar") == "sv"
    assert detect_language("charging infrastructure for the buses") == "en"
    assert lemmas("charging buses", "en") == ["charge", "bus"]
    assert lemmas("Koulujen siivouspalveluiden hankinta") == ["koulu", "siivouspalvelu"]


def test_synthetic_market_is_repeatable_and_matcher_beats_popularity() -> None:
    from graph.matching.evaluate import evaluate

    market = generate(150, 1500, n_buyers=40, n_sectors=10, seed=3)
    assert market.records == generate(150, 1500, n_buyers=40, n_sectors=10, seed=3).records
    report = evaluate(market.records, train_share=0.8, max_test=300)
    ours = next(s for name, s in report.methods.items() if name.startswith("KEINO"))
    assert ours.hr10 > report.methods["most frequent"].hr10 + 0.1
    assert ours.mrr10 > report.methods["random"].mrr10
