"""Green deals, their parties and KEINO's programme rounds: sources, counts, joins, pages.

The curated facts come from public pages (``data/sources/sources.yaml``); the joins
with notices are proven on a real Hilma result notice (``data/notices/hilma/E4_minimum.xml``,
Hansel Oy buying from Testiyritys) with a synthetic green deal row, labelled as such,
because no bundled notice has a green-deal signatory as a buyer of an awarded lot.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from graph.greendeals import signatory_series
from graph.indicators import series
from graph.queries import QueryCatalogue
from graph.results import run_named
from graph.store import Store
from ingest import ecosystem, links, notices
from ingest.links import municipality_key, read_municipality_ids

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
    # the bar: at least 8 green deals and 80 distinct parties
    assert deals >= 8
    assert parties >= 80
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


ANNOS = "https://w3id.org/keino/id/green-deal/annospakkausten-green-deal"
MUOVIKASSI = "https://w3id.org/keino/id/green-deal/muovikassisopimus"


def test_a_signing_month_and_one_partys_joining_day_are_kept_apart(demo_store: Store) -> None:
    rows = sorted(
        demo_store.select_values(
            f"""SELECT DISTINCT ?name ?role ?since WHERE {{ ?gp <{KEINO}greenDeal> <{ANNOS}> ;
                  <{KEINO}party> ?o ; <{KEINO}partyRole> ?role .
                  OPTIONAL {{ ?gp <{KEINO}partySince> ?since }}
                  ?o <http://www.w3.org/2004/02/skos/core#prefLabel> ?name .
                  FILTER(lang(?name) = "fi") }}"""
        ),
        key=lambda r: str(r[0]),
    )
    # the ministry and four associations signed in March 2022; only MaRa's day (7.3.) is stated
    assert [(r[0], r[1].removeprefix(KEINO), r[2]) for r in rows] == [
        ("Elintarviketeollisuusliitto ry", "SignatoryRole", None),
        ("Matkailu- ja Ravintolapalvelut MaRa ry", "SignatoryRole", "2022-03-07"),
        ("Päivittäistavarakauppa ry", "SignatoryRole", None),
        ("Suomen Pakkausyhdistys ry", "SignatoryRole", None),
        ("Ympäristöministeriö", "StatePartyRole", None),
    ]


def test_the_carrier_bag_deal_lists_its_committed_retailers_without_joining_days(
    demo_store: Store,
) -> None:
    committed = list(
        demo_store.select_values(
            f"""SELECT DISTINCT ?o ?since WHERE {{ ?gp <{KEINO}greenDeal> <{MUOVIKASSI}> ;
                  <{KEINO}party> ?o ; <{KEINO}partyRole> <{KEINO}CommittedPartyRole> .
                  OPTIONAL {{ ?gp <{KEINO}partySince> ?since }} }}"""
        )
    )
    assert len(committed) == 30  # the list of 25.9.2024 names 30 companies
    assert {since for _o, since in committed} == {None}  # it says when none of them joined
    issued = list(
        demo_store.select_values(
            f"SELECT ?d WHERE {{ <{MUOVIKASSI}> <http://purl.org/dc/terms/issued> ?d }}"
        )
    )
    assert issued == [["2016-10-31"]]


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
    assert links.ingest(store).ok  # the curated Hansel Oy and the notice's, one by sameAs
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
        ("Hansel Oy", period, "owl:sameAs")
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


def test_without_a_link_at_ingest_no_name_matching_joins_a_buyer(tmp_path: Path) -> None:
    store = _award_store(tmp_path, "2025-01-01")
    store.replace_graph(links.GRAPH, [], source="links", inputs=[])
    deal = "https://w3id.org/keino/id/green-deal/testisopimus"
    rows = run_named(store, CATALOGUE.get("green-deal-signatory-suppliers"), {"deal": deal}).rows
    assert rows == []  # the same name "Hansel Oy" alone does not make the buyer a party


# ------------------------------------------------------------- business IDs
def test_a_party_names_its_business_id_and_is_that_registry_company(demo_store: Store) -> None:
    twin = "https://w3id.org/keino/id/org/fi/2252888-5"  # Business Tampere in the registry
    party = "https://w3id.org/keino/id/org/name/fi/business-tampere"
    assert demo_store.query(f"ASK {{ <{party}> <http://www.w3.org/2002/07/owl#sameAs> <{twin}> }}")
    names = [
        r[0]
        for r in demo_store.select_values(
            f"SELECT ?n WHERE {{ <{twin}> <http://data.europa.eu/a4g/ontology#hasLegalName> ?n }}"
        )
    ]
    assert "Tampereen kaupunkiseudun elinkeino- ja kehitysyhtiö Business Tampere Oy" in names


BUSINESS_ROW = """
  - {{id: testiyhtio, type: Company, fi: Testiyhtiö Oy, src: "000", quote: "Motiva Oy",
     business_id: {bid}, business_id_src: tampere-funded-companies.csv,
     business_id_quote: "{name}"}}
"""


@pytest.mark.parametrize(
    ("bid", "name", "problem"),
    [
        ("2252888-5", "Business Tampere", "no row of tampere-funded-companies.csv gives 2252888-5"),
        ("2252888-6", "x", "is not a valid Finnish business ID"),
    ],
)
def test_a_business_id_the_registry_does_not_state_is_refused(
    tmp_path: Path, bid: str, name: str, problem: str
) -> None:
    path = _ecosystem_with(tmp_path, BUSINESS_ROW.format(bid=bid, name=name))
    store = Store()
    report = ecosystem.ingest(store, path)
    assert not report.ok and report.refused
    (item,) = report.items
    line = (
        path.read_text(encoding="utf-8")
        .splitlines()
        .index(next(x for x in path.read_text(encoding="utf-8").splitlines() if "testiyhtio" in x))
    )
    assert item.path == str(path) and item.line == line + 1 and problem in item.reason
    good = BUSINESS_ROW.format(
        bid="2252888-5",
        name="Tampereen kaupunkiseudun elinkeino- ja kehitysyhtiö Business Tampere Oy",
    )
    assert ecosystem.ingest(store, _ecosystem_with(tmp_path, good)).ok


# ------------------------------------------------ municipalities' business IDs
MUNICIPAL_IDS = ROOT / "data" / "companies" / "municipality-business-ids.csv"


def _municipal_rows() -> list[dict[str, str]]:
    with MUNICIPAL_IDS.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _named_municipalities(funding: Path) -> dict[str, set[str]]:
    """Municipality (casefolded) → business IDs the funding file gives "<X:n> kaupunki|kunta"."""
    out: dict[str, set[str]] = {}
    with funding.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            key = municipality_key(row["Organisaatio"].strip().capitalize())
            if key:
                out.setdefault(key, set()).add(row["Y-tunnus"])
    return out


def _wrong_ids(funding: Path) -> list[tuple[str, str, set[str]]]:
    named = _named_municipalities(funding)
    return [
        (r["name"], r["business_id"], named[r["name"].casefold()])
        for r in _municipal_rows()
        if r["name"].casefold() in named and r["business_id"] not in named[r["name"].casefold()]
    ]


def test_no_business_id_is_given_to_two_municipalities() -> None:
    rows = _municipal_rows()
    given = [r["business_id"] for r in rows if r["business_id"]]
    assert len(rows) == 309 and len(given) == len(set(given)) == 302
    ids = read_municipality_ids(MUNICIPAL_IDS)
    assert ids["0201256-6"] == "091" and ids["0204819-8"] == "853"  # Helsinki, Turku
    assert all(r["source"] for r in rows)


def test_municipal_ids_agree_with_the_bundled_funding_records() -> None:
    funding = ROOT / "data" / "funding" / "funding-awarded-subset.csv"
    assert {"helsinki", "salo"} <= set(_named_municipalities(funding))
    assert _wrong_ids(funding) == []


@pytest.mark.shared
def test_municipal_ids_agree_with_every_municipality_business_finland_names(
    shared_data: Path,
) -> None:
    funding = shared_data / "business-finland" / "funding-awarded.csv"
    assert len(_named_municipalities(funding)) > 150
    assert _wrong_ids(funding) == []


def test_a_year_without_any_stated_flag_reads_no_data_not_zero(demo_store: Store) -> None:
    """The deal page's share tables (green, then innovative): the signatories' bundled
    lots state neither flag, so their column is "–" in every year, never "0.0 %"; the
    whole country's column is "–" exactly where its indicator series has no data."""
    client = TestClient(create_app(demo_store, warm=False))
    deal = "https://w3id.org/keino/id/green-deal/paastottomat-tyomaat"
    html = client.get("/explore/green-deal", params={"iri": deal, "lang": "fi"}).text
    row = r'<th scope="row">(\d{4})</th><td class="num">([^<]*)</td><td class="num">([^<]*)</td>'
    tables = [re.findall(row, t) for t in re.findall(r"<table.*?</table>", html, re.S)]
    tables = [t for t in tables if t]
    assert len(tables) == 2, "a green and an innovative share table"
    # the signatories do buy (Helsinki's bundled notice), they just state no flag
    own = signatory_series(demo_store, deal, KEINO + "green")
    assert own and all(y.lots > 0 and y.stated == 0 and y.share is None for y in own)
    for name, cells in zip(("green-share", "innovative-share"), tables, strict=True):
        assert all(own == "–" for _year, _national, own in cells)
        points = [p for p in series(demo_store, name).points if p.lots]  # notices, not survey
        for year, national, _own in cells:
            stated = [p for p in points if str(p.year) == year and (p.missing_flag or 0) < p.lots]
            assert (national == "–") == (not stated), (name, year, national)
