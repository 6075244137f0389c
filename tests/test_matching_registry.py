"""Candidates beyond past winners: registry companies ranked beside the winners.

The store holds the real code lists, three real registry rows (electrical
installation, TOL 43210) with their real Business Finland funding rows, the TOL ↔
CPV bridge built from them, and a few test lots (written here, not real notices):
one won by a registry company under its business ID, one by a name-keyed
organisation that ``kg:links`` ties to another registry company.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.bridge import StoredMapping, mapping_iri
from graph.iris import graph_iri, org_iri
from graph.matching import Matcher, Need
from graph.matching import index as ix
from graph.matching.registry import (
    CompanyRecord,
    FundingRecord,
    Potentials,
    build_registry,
    company_records,
    read_bridge,
)
from graph.procurement import LotRecord, OrgRef, lot_iri, notice_iri, record_triples
from graph.rdf import triple
from graph.store import Store
from ingest import bridge, codelists, companies, funding

COMPANIES = """\
businessId,name,mainBusinessLineType,mainBusinessLineDescription,mainBusinessLineRegDate,postCode
0211473-0,Epilän Sähkökone Oy,43210,Sähköasennus,2007-12-31,33270
0764641-0,Insecon Oy,43210,Sähköasennus,2012-08-29,33900
0810902-7,TKF Power Quality Oy,43210,Sähköasennus,2007-12-31,33330
"""  # rows of data/companies/tampere-funded-companies.csv
FUNDING = """\
Organisaatio,Y-tunnus,Myöntämisvuosi,Avustus €,Laina €,EAKR-rahoitus €,Tutkimusrahoitus €,Yhteensä €
Epilän Sähkökone Oy,0211473-0,2020,99 360,0,0,0,99 360
Insecon Oy,0764641-0,2020,100 000,0,0,0,100 000
"""  # rows of data/funding/funding-awarded-subset.csv
OWN_ID = OrgRef(org_iri(business_id="0211473-0"), "Epilän Sähkökone Oy", "0211473-0", "FI197")
BY_NAME = OrgRef(org_iri(name="Insecon"), "Insecon", None, "FI197")
BUYER = OrgRef(org_iri(business_id="0204819-8"), "Tampereen kaupunki", "0204819-8", "FI197")
INSECON = org_iri(business_id="0764641-0")
TKF = org_iri(business_id="0810902-7")


def lot(n: int, title: str, cpv: str, winner: OrgRef) -> LotRecord:
    notice = notice_iri(f"registry-test-{n}")
    return LotRecord(
        lot=lot_iri(notice, "LOT-0001"), notice=notice, published=dt.date(2023, n, 1),
        titles={"fi": title}, descriptions={}, cpv=(cpv,), nuts=("FI197",), buyers=(BUYER,),
        winners=(winner,), estimated_value=50_000.0, currency="EUR", notice_kind="result",
        flags={},
    )  # fmt: skip


LOTS = [
    lot(1, "Koulun sähköasennustyöt", "45311200", OWN_ID),
    lot(2, "Valaistuksen sähköasennukset", "45316000", BY_NAME),
    lot(3, "Koulujen siivouspalvelut", "90919200", OWN_ID),
]


def build_store(folder: Path, path: Path | None = None) -> Store:
    """The test store (in memory, or on disk at ``path``); ``folder`` takes the CSV files."""
    (folder / "companies.csv").write_text(COMPANIES, encoding="utf-8")
    (folder / "funding.csv").write_text(FUNDING, encoding="utf-8")
    s = Store(path)
    assert codelists.ingest(s).ok
    assert companies.ingest(s, [folder / "companies.csv"]).ok
    assert funding.ingest(s, [folder / "funding.csv"]).ok
    s.replace_graph(graph_iri("notices/test"), [t for r in LOTS for t in record_triples(r)],
                    source="test", inputs=[])  # fmt: skip
    same = "http://www.w3.org/2002/07/owl#sameAs"
    s.replace_graph(graph_iri("links"), [triple(BY_NAME.iri, same, INSECON),
                                         triple(INSECON, same, BY_NAME.iri)],
                    source="test", inputs=[])  # fmt: skip
    assert bridge.ingest(s).ok
    return s


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    return build_store(tmp_path_factory.mktemp("registry"))


@pytest.fixture(scope="module")
def matcher(store: Store) -> Matcher:
    return Matcher.from_store(store)


def exists(store: Store, iri: str) -> bool:
    return bool(store.query(f"ASK {{ {{ <{iri}> ?p ?o }} UNION {{ ?s ?p <{iri}> }} }}"))


def test_a_never_won_company_comes_as_a_potential_candidate_with_its_evidence(
    matcher: Matcher, store: Store
) -> None:
    results = matcher.match(Need("sähköasennus kouluun", ("45311200",), limit=10))
    by_iri = {m.supplier_iri: m for m in results}
    tkf = by_iri[TKF]
    assert tkf.kind == "potential" and tkf.won_contracts == 0
    assert tkf.note == "no public contract won yet"
    signals = {c.signal: c for c in tkf.explanation}
    assert {"bridge", "line_text"} <= set(signals)
    assert mapping_iri("43210", "45311200") in signals["bridge"].evidence
    assert all(exists(store, iri) for c in tkf.explanation for iri in c.evidence)
    assert sum(c.contribution for c in tkf.explanation) == pytest.approx(tkf.score, abs=1e-6)


def test_a_winner_that_is_a_registry_company_is_one_candidate_with_its_funding(
    matcher: Matcher, store: Store
) -> None:
    results = matcher.match(Need("sähköasennus", ("45311200",), limit=10))
    iris = [m.supplier_iri for m in results]
    assert len(iris) == len(set(iris))
    own = next(m for m in results if m.supplier_iri == OWN_ID.iri)
    assert own.kind == "winner" and own.won_contracts == 2
    funding_part = next(c for c in own.explanation if c.signal == "funding")
    assert funding_part.evidence == ["https://w3id.org/keino/id/funding/0211473-0/2020/grant"]
    assert exists(store, funding_part.evidence[0])


def test_an_owl_same_as_clique_is_one_candidate(matcher: Matcher) -> None:
    results = matcher.match(Need("sähköasennus", ("45311200",), limit=10))
    iris = {m.supplier_iri for m in results}
    assert BY_NAME.iri in iris and INSECON not in iris
    insecon = next(m for m in results if m.supplier_iri == BY_NAME.iri)
    assert insecon.kind == "winner" and "funding" in {c.signal for c in insecon.explanation}


def test_open_needs_for_a_registry_winner_cite_the_bridge_and_its_main_line(
    store: Store,
) -> None:
    """The reverse direction scores a winner's main line against each open need, as
    a match does: the bridge mapping and the TOL line are cited, and a need of its
    line of business comes before one outside it."""
    open_lots = [dataclasses.replace(lot(n, title, cpv, OWN_ID), winners=(),
                                     notice_kind="competition")
                 for n, title, cpv in ((4, "Päiväkodin sähköasennukset", "45311200"),
                                       (5, "Päiväkodin ikkunoiden pesu", "90911300"))]  # fmt: skip
    registry = {"companies": company_records(store), "mappings": read_bridge(store)}
    index = ix.build_index(LOTS, fingerprint="test", open_needs=open_lots, **registry)
    found = Matcher(index).needs_for(OWN_ID.iri, 10)
    assert found[0].lot_iri == open_lots[0].lot
    first = {c.signal: c for c in found[0].explanation}
    assert {"bridge", "line_text"} <= set(first)
    assert mapping_iri("43210", "45311200") in first["bridge"].evidence
    assert "https://w3id.org/keino/id/tol2008/43210" in first["line_text"].evidence
    assert all(exists(store, iri) for c in found[0].explanation for iri in c.evidence)
    for need in found:
        assert sum(c.contribution for c in need.explanation) == pytest.approx(need.score, abs=1e-6)


def test_answers_say_where_winners_and_registry_companies_are_registered(
    matcher: Matcher,
) -> None:
    results = matcher.match(Need("sähköasennus kouluun", ("45311200",), limit=10))
    by_iri = {m.supplier_iri: m for m in results}
    assert by_iri[OWN_ID.iri].region == "FI197"  # the winner's notice address
    assert by_iri[TKF].region is None  # no municipality in this test store: none guessed


def test_a_need_outside_every_mapped_line_gets_no_potential_candidate(matcher: Matcher) -> None:
    results = matcher.match(Need("lentokoneiden polttoaine", ("09134100",), limit=10))
    assert all(m.kind == "winner" for m in results)


WORDS = ["sähköasennus", "koulu", "siivous", "valaistus", "ohjelmisto", "rakentaminen", "xyz"]
CODES = ["45311200", "45316000", "90919200", "45000000", "72262000", "71320000", "09134100"]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    words=st.lists(st.sampled_from(WORDS), min_size=1, max_size=4),
    codes=st.lists(st.sampled_from(CODES), max_size=3),
    region=st.sampled_from([None, "FI197", "FI1B1"]),
    budget=st.sampled_from([None, 10_000.0, 1_000_000.0]),
)
def test_score_is_the_sum_of_contributions_for_every_kind_of_candidate(
    matcher: Matcher, words: list[str], codes: list[str], region: str | None,
    budget: float | None,
) -> None:  # fmt: skip
    need = Need(" ".join(words), tuple(codes), region, budget, limit=20)
    results = matcher.match(need)
    scores = [m.score for m in results]
    assert scores == sorted(scores, reverse=True)
    for m in results:
        assert sum(c.contribution for c in m.explanation) == pytest.approx(m.score, abs=1e-6)
        assert (m.kind == "potential") == (m.won_contracts == 0)
        assert all(c.evidence for c in m.explanation)


def company(iri: str, *funding: FundingRecord) -> CompanyRecord:
    return CompanyRecord(iri, iri, "43210", "Sähköasennus", funding=funding)


def test_research_and_grants_weigh_more_than_loans_and_recent_more_than_old() -> None:
    # synthetic companies: the same line, the same euros, different instruments and years
    records = [
        company("urn:grant", FundingRecord("urn:g", "grant", 2024, 100_000)),
        company("urn:research", FundingRecord("urn:r", "research", 2024, 100_000)),
        company("urn:loan", FundingRecord("urn:l", "loan", 2024, 100_000)),
        company("urn:old-grant", FundingRecord("urn:o", "grant", 2012, 100_000)),
        company("urn:none"),
    ]
    value = Potentials(build_registry(records, [], [], 2024), 0).funding_value
    grant, research, loan, old, none = value
    assert grant == research > loan > none == 0
    assert grant > old > 0


def test_funding_after_the_reference_year_is_not_seen() -> None:
    records = [company("urn:later", FundingRecord("urn:f", "grant", 2025, 500_000))]
    assert Potentials(build_registry(records, [], [], 2024), 0).funding_value[0] == 0
    assert Potentials(build_registry(records, [], [], None), 0).funding_value[0] > 0


def test_bridge_value_is_level_weight_times_confidence() -> None:
    mapping = StoredMapping("urn:m", "43210", "45311200", "closeMatch", 0.8, "label-lemmas")
    potentials = Potentials(build_registry([company("urn:c")], [mapping], [], 2024), 0)
    exact = potentials.fit([("45311200", 1.0)], [], [])
    division = potentials.fit([("45000000", 0.2)], [], [])
    assert exact.bridge[0] == pytest.approx(0.8)
    assert division.bridge[0] == pytest.approx(0.16)
    assert np.array_equal(potentials.candidates(exact), [0])


def test_the_index_with_its_registry_survives_a_save_and_load(
    matcher: Matcher, tmp_path: Path
) -> None:
    ix.save(matcher.index, tmp_path)
    again = Matcher(ix.load(tmp_path), matcher.ranker)
    need = Need("sähköasennus", ("45311200",), limit=10)
    assert again.match(need) == matcher.match(need)
