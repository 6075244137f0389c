"""Green deals, their parties and KEINO's programme rounds: sources, counts, joins, pages.

The curated facts come from public pages (``data/sources/sources.yaml``); the joins
with notices are proven on a real Hilma result notice (``data/notices/hilma/E4_minimum.xml``,
Hansel Oy buying from Testiyritys) with a synthetic green deal row, labelled as such,
because no bundled notice has a green-deal signatory as a buyer of an awarded lot.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from graph.queries import QueryCatalogue
from graph.results import run_named
from graph.store import Store
from ingest import ecosystem, notices

ROOT = Path(__file__).resolve().parents[1]
HANSEL_AWARD = ROOT / "data" / "notices" / "hilma" / "E4_minimum.xml"
TYOMAAT = "https://w3id.org/keino/id/green-deal/paastottomat-tyomaat"
HELSINKI = "https://w3id.org/keino/id/municipality/091"
KEINO = "https://w3id.org/keino/ontology#"
CATALOGUE = QueryCatalogue()


def _one(store: Store, sparql: str) -> int:
    rows = list(store.select_values(sparql))
    return int(rows[0][0] or 0)


# ------------------------------------------------------------------ the demo graph
def test_the_demo_graph_holds_the_deals_their_parties_and_the_programme_rounds(
    demo_store: Store,
) -> None:
    deals = _one(
        demo_store, f"SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE {{ ?p <{KEINO}greenDeal> ?d }}"
    )
    parties = _one(
        demo_store, f"SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE {{ ?p <{KEINO}party> ?o }}"
    )
    rounds = _one(
        demo_store,
        f"""SELECT (COUNT(DISTINCT ?r) AS ?n) WHERE {{ ?r a <{KEINO}KeinoProgramme> .
              {{ ?x <{KEINO}participatesIn> ?r }} UNION {{ ?r <{KEINO}servesRegion> ?x }} }}""",
    )
    # what the public pages read so far support (the issue aims at 8 deals and 80 parties)
    assert deals >= 7
    assert parties >= 56
    assert rounds >= 4


def test_negotiation_is_kept_apart_from_signing(demo_store: Store) -> None:
    rows = list(
        demo_store.select_values(
            f"""SELECT ?role ?since WHERE {{ ?gp <{KEINO}greenDeal> <{TYOMAAT}> ;
                  <{KEINO}party> <{HELSINKI}> ; <{KEINO}partyRole> ?role ;
                  <{KEINO}partySince> ?since }} ORDER BY ?since"""
        )
    )
    assert rows == [
        [KEINO + "NegotiatingPartyRole", "2020-05-04"],
        [KEINO + "SignatoryRole", "2020-09-09"],
    ]
    # a negotiating party is not a signatory by negotiating
    negotiating_only = _one(
        demo_store,
        f"""SELECT (COUNT(*) AS ?n) WHERE {{ <{TYOMAAT}> <{KEINO}negotiatingParty> ?o .
              FILTER NOT EXISTS {{ <{TYOMAAT}> <{KEINO}signatory> ?o }} }}""",
    )
    assert negotiating_only == 0  # in this deal every negotiating city went on to sign
    signed = _one(
        demo_store, f"SELECT (COUNT(*) AS ?n) WHERE {{ <{TYOMAAT}> <{KEINO}signatory> ?o }}"
    )
    # the ministry, Senaatti-kiinteistöt and four cities on 9.9.2020, and Kaupunkiliikenne since
    assert signed == 7


def test_every_web_source_is_registered_cited_and_says_if_it_can_be_rechecked(
    demo_store: Store,
) -> None:
    pages, errors = ecosystem.read_sources(ecosystem.default_sources_path())
    assert errors == []
    eco, errors = ecosystem.parse_ecosystem(ecosystem.default_path().read_text("utf-8"), pages)
    assert errors == []
    cited = {cite.document for cite, _line in ecosystem.iter_quotes(eco)}
    assert {page.iri for page in pages.values()} <= cited, "a registered page is cited by no row"
    unbundled = [p for p in pages.values() if p.page and p.page.bundled is None]
    assert len(ecosystem.unverifiable_quotes(eco)) > 0 and unbundled
    flags = dict(
        demo_store.select_values(
            f"SELECT ?s ?v WHERE {{ ?s a <{KEINO}WebSource> ; <{KEINO}reverifiable> ?v }}"
        )
    )
    assert set(flags) == {page.iri for page in pages.values()}
    assert {flags[p.iri] for p in unbundled} == {"false"}


# --------------------------------------------------------- the source registry
TEST_PAGE = """  - {{id: test-page, url: "https://example.org/page", lang: fi, title: Testisivu,
     publisher: Test, read: 2026-11-30, licence: {licence}{bundled}}}
"""
# a synthetic page text, made up for this test
PAGE_TEXT = "Testikaupunki allekirjoitti testisopimuksen 1.2.2025."
ROW = """
  - {{id: testisopimus, type: GreenDeal, fi: Testisopimus, src: test-page, quote: "{quote}"}}
"""


def _write_registry(folder: Path, licence: str, bundled: bool) -> Path:
    """The bundled registry plus one test page (its text in ``pages/`` beside it)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "pages").mkdir(exist_ok=True)
    (folder / "pages" / "test-page.txt").write_text(PAGE_TEXT, encoding="utf-8")
    row = TEST_PAGE.format(licence=licence, bundled=", bundled: test-page.txt" if bundled else "")
    real = ecosystem.default_sources_path().read_text(encoding="utf-8").rstrip("\n")
    path = folder / "sources.yaml"
    path.write_text(real + "\n" + row, encoding="utf-8")
    return path


def _ecosystem_with(tmp_path: Path, row: str) -> Path:
    text = ecosystem.default_path().read_text(encoding="utf-8")
    start = text.index("\nentities:\n") + len("\nentities:\n")
    path = tmp_path / "ecosystem.yaml"
    path.write_text(text[:start] + row.lstrip("\n") + text[start:], encoding="utf-8")
    return path


def test_a_quote_from_a_bundled_page_is_checked_against_its_text(tmp_path: Path) -> None:
    registry = _write_registry(tmp_path / "sources", "CC BY 4.0", bundled=True)
    good = _ecosystem_with(tmp_path, ROW.format(quote="Testikaupunki allekirjoitti"))
    assert ecosystem.ingest(Store(), good, sources=registry).ok
    bad = _ecosystem_with(tmp_path, ROW.format(quote="Testikaupunki ei allekirjoittanut"))
    store = Store()
    report = ecosystem.ingest(store, bad, sources=registry)
    assert not report.ok and report.refused
    problem = report.items[0]
    assert problem.path == str(bad) and problem.line is not None
    assert "quote not found in test-page.txt" in problem.reason
    assert not list(store.select_values("SELECT ?s WHERE { ?s ?p ?o } LIMIT 1"))


def test_the_registry_refuses_to_bundle_a_page_without_a_licence(tmp_path: Path) -> None:
    registry = _write_registry(tmp_path / "sources", "not stated", bundled=True)
    report = ecosystem.ingest(Store(), ecosystem.default_path(), sources=registry)
    line = (
        registry.read_text(encoding="utf-8")
        .splitlines()
        .index(
            next(x for x in registry.read_text(encoding="utf-8").splitlines() if "test-page" in x)
        )
    )
    assert not report.ok and report.refused
    assert [(p.path, p.line) for p in report.items if "not bundled" in p.reason] == [
        (str(registry), line + 1)
    ]


# ------------------------------------------------- joins with a real award notice
DEAL_ROWS = """
  - {{id: testisopimus, type: [ProcurementGreenDeal, GreenDeal], fi: Testisopimus, src: test-page,
     quote: "Testikaupunki allekirjoitti testisopimuksen"}}
"""
PARTY_ROW = """
parties:
  - {{deal: testisopimus, party: hansel, role: signatory, date: {day}, src: test-page,
     quote: "Testikaupunki allekirjoitti testisopimuksen"}}
"""


def _award_store(tmp_path: Path, day: str) -> Store:
    """Real Hilma notice (Hansel Oy buys from Testiyritys, 2025-03-19) + a synthetic deal
    that Hansel Oy signs on ``day`` (test data only)."""
    registry = _write_registry(tmp_path / "sources", "CC BY 4.0", bundled=True)
    path = _ecosystem_with(tmp_path, DEAL_ROWS.format())
    text = path.read_text(encoding="utf-8").replace("\nparties:\n", PARTY_ROW.format(day=day), 1)
    path.write_text(text, encoding="utf-8")
    store = Store()
    report = ecosystem.ingest(store, path, sources=registry)
    assert report.ok, report.items[:3]
    assert notices.ingest(store, [HANSEL_AWARD]).ok
    return store


@pytest.mark.parametrize(("day", "period"), [("2025-01-01", "after"), ("2025-12-31", "before")])
def test_signatory_suppliers_join_a_real_award(tmp_path: Path, day: str, period: str) -> None:
    store = _award_store(tmp_path, day)
    deal = "https://w3id.org/keino/id/green-deal/testisopimus"
    rows = run_named(store, CATALOGUE.get("green-deal-signatory-suppliers"), {"deal": deal}).rows
    won = [r for r in rows if r.get("supplierName")]
    assert won, rows
    assert {r["supplierName"] for r in won} == {"Testiyritys"}
    assert {r["period"] for r in won} == {period}
    shares = run_named(store, CATALOGUE.get("green-deal-signatories-green-share"), {"deal": deal})
    assert [(r["partyName"], r["period"], r["match"]) for r in shares.rows] == [
        ("Hansel Oy", period, "same name")
    ]


# ------------------------------------------------------------------- the pages
def test_the_green_deal_page_shows_parties_on_a_timeline(demo_store: Store) -> None:
    client = TestClient(create_app(demo_store))
    listing = client.get("/explore/green-deals")
    assert listing.status_code == 200 and "Päästöttömät työmaat" in listing.text
    page = client.get("/explore/green-deal", params={"iri": TYOMAAT})
    assert page.status_code == 200
    assert 'class="timeline"' in page.text
    assert "neuvotteleva" in page.text and "allekirjoittaja" in page.text
    assert "Senaatti-kiinteistöt" in page.text and "2020-09-09" in page.text
    assert "koko maa" in page.text  # the national series beside the signatories'
    english = client.get("/explore/green-deal", params={"iri": TYOMAAT, "lang": "en"})
    assert "negotiating" in english.text and "whole country" in english.text


def test_an_unknown_green_deal_is_a_404_page(demo_store: Store) -> None:
    client = TestClient(create_app(demo_store))
    missing = client.get("/explore/green-deal", params={"iri": "https://example.org/nope"})
    assert missing.status_code == 404
    assert client.get("/explore/green-deal").status_code == 422
