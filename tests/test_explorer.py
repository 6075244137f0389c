"""The explorer pages over HTTP, against the demo graph."""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlparse

import pytest
from fastapi.testclient import TestClient
from lxml import etree

from api.main import create_app
from graph.currencies import implausible_lots
from graph.indicators.drafts import IMPLAUSIBLE_EUR
from graph.iris import ID_BASE
from graph.store import Store
from ingest.notices.ted import parse_ted


@pytest.fixture(scope="module")
def client(demo_store: Store) -> TestClient:
    return TestClient(create_app(demo_store, warm=False))


class _Page(HTMLParser):
    """Headings, links, labelled inputs and the html lang of one page."""

    def __init__(self) -> None:
        super().__init__()
        self.headings: list[int] = []
        self.links: list[str] = []
        self.label_for: set[str] = set()
        self.inputs: list[str] = []
        self.lang = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang") or ""
        elif re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        elif tag == "a" and a.get("href"):
            self.links.append(a["href"] or "")
        elif tag == "label" and a.get("for"):
            self.label_for.add(a["for"] or "")
        elif tag in ("input", "select", "textarea") and a.get("type") != "hidden":
            self.inputs.append(a.get("id") or "")


def _page(client: TestClient, url: str, status: int = 200) -> tuple[str, _Page]:
    response = client.get(url)
    assert response.status_code == status, response.text[:500]
    page = _Page()
    page.feed(response.text)
    return response.text, page


def _accessible(page: _Page) -> None:
    assert page.headings and page.headings[0] == 1, "a page starts with its h1"
    assert all(b - a <= 1 for a, b in zip(page.headings, page.headings[1:], strict=False))
    assert all(i and i in page.label_for for i in page.inputs), "every input has a label"


def _entity_links(page: _Page) -> list[str]:
    return [link for link in page.links if link.startswith("/explore/entity?")]


def test_search_finds_an_organisation_and_filters_by_type(client: TestClient) -> None:
    _, page = _page(client, "/explore?q=Helsinki&kind=organisation")
    _accessible(page)
    assert page.lang == "fi"
    first = parse_qs(urlparse(_entity_links(page)[0]).query)["iri"][0]
    assert "/municipality/" in first or "/org/" in first
    _, codes = _page(client, "/explore?q=Helsinki&kind=code")
    assert all("/id/" not in link for link in _entity_links(codes))


def test_entity_page_shows_names_links_and_sources(client: TestClient) -> None:
    _, search = _page(client, "/explore?q=Helsinki&kind=organisation")
    html, page = _page(client, _entity_links(search)[0])
    _accessible(page)
    assert "<h1>" in html and "Helsinki" in html and 'lang="sv"' in html
    assert "Lähteet" in html and "Alueet ja kunnat (rekisteri)" in html, "the dataset's title"
    assert "registry/" in html and "/work/" not in html, "its file, from the data folder on"
    assert any(link.startswith("/explore/graph?") for link in page.links)
    # following a link lands on another entity's page
    other = next(link for link in _entity_links(page) if "Helsinki" not in link)
    _page(client, other)


def test_unknown_entity_is_a_404_page(client: TestClient) -> None:
    html, _ = _page(client, "/explore/entity?iri=https://w3id.org/keino/id/org/none", 404)
    assert "https://w3id.org/keino/id/org/none" in html


def test_neighbourhood_is_svg_with_clickable_nodes_coloured_by_kind(client: TestClient) -> None:
    _, search = _page(client, "/explore?q=Helsinki&kind=organisation")
    iri = parse_qs(urlparse(_entity_links(search)[0]).query)["iri"][0]
    html, page = _page(client, f"/explore/graph?iri={iri}&depth=2")
    _accessible(page)
    assert html.count("<circle") >= 3
    assert re.search(r'<circle[^>]+class="kind-organisation"', html)
    assert sum(link.startswith("/explore/graph?") for link in page.links) >= 3


def test_path_finder_explains_hops(client: TestClient) -> None:
    _, search = _page(client, "/explore?q=Helsinki&kind=organisation")
    iri = parse_qs(urlparse(_entity_links(search)[0]).query)["iri"][0]
    _, places = _page(client, "/explore?q=Uusimaa&kind=place")
    region = parse_qs(urlparse(_entity_links(places)[0]).query)["iri"][0]
    html, page = _page(client, "/explore/path?" + urlencode({"a": iri, "b": region}))
    _accessible(page)
    assert 'class="hops"' in html and "→" in html
    by_name, _ = _page(client, "/explore/path?" + urlencode({"a": "Helsinki", "b": "Uusimaa"}))
    assert 'class="hops"' in by_name, "names are resolved by search"


def test_network_ranks_connectors(client: TestClient) -> None:
    html, page = _page(client, "/explore/network")
    _accessible(page)
    assert len(_entity_links(page)) >= 10
    assert html.count("<tr>") >= 11


def test_match_page_ranks_suppliers_with_reasons(client: TestClient) -> None:
    need = {"lang": "fi", "text": "sähköbussien latausinfrastruktuuri", "cpv": "45000000"}
    html, page = _page(client, "/explore/match?" + urlencode(need))
    _accessible(page)
    assert "45000000 Rakennustyöt" in html, "the CPV tree has Finnish labels"
    assert '<ol class="matches">' in html and "Perustelut" in html
    assert len(_entity_links(page)) >= 2, "suppliers and their evidence link to entity pages"
    nothing, _ = _page(client, "/explore/match?" + urlencode({"text": "xyzzy plugh"}))
    assert '<ol class="matches">' not in nothing and "Ei ehdokkaita" in nothing
    assert "poista aluerajaus" in nothing, "an empty answer says what to try next"


def test_match_page_marks_registry_companies_that_never_won(client: TestClient) -> None:
    need = {"lang": "fi", "text": "ohjelmiston kehittäminen ja ylläpito", "cpv": "72262000"}
    html, _ = _page(client, "/explore/match?" + urlencode(need))
    assert '<ol class="matches">' in html
    assert "ei vielä julkisia sopimuksia" in html, "a funded Tampere software company ranks"
    english = TestClient(client.app).get("/explore/match?" + urlencode({**need, "lang": "en"}))
    assert "no public contract won yet" in english.text  # (its own client: the cookie stays)


def test_indicators_page_charts_the_national_series_against_the_target(
    client: TestClient,
) -> None:
    html, page = _page(client, "/explore/indicators")
    _accessible(page)
    assert html.count('class="series-link"') >= 16, "every series (15 + survey) is linked"
    assert 'class="target"' in html and "tavoite 10.0 %" in html
    assert "kysely hankintayksiköille" in html and "5.0 %" in html, "the 2018 survey's 5 %"
    assert "ei tietoa" in html, "a year where no lot states the flag reads no data, not 0"
    text = re.sub(r"<[^>]+>", " ", html)
    assert "hilma-notices" not in text and "-share" not in text, "names in Finnish, not codes"
    ticks = re.findall(r'class="tick"[^>]*>([0-9.]+) %<', html)
    assert ticks and all(float(t) % 1 == 0 for t in ticks), f"round axis ticks: {ticks}"


def test_indicators_page_breakdowns_map_and_exports(client: TestClient) -> None:
    html, page = _page(client, "/explore/indicators?breakdown=region&year=2023")
    _accessible(page)
    assert html.count('<path class="shade-') == 19, "Finland's 19 regions on the map"
    assert "Helsinki-Uusimaa" in html and "Luxembourg" in html, "foreign regions in the table"
    rows = list(
        csv.DictReader(
            client.get(
                "/explore/indicators?breakdown=region&year=2023&format=csv"
            ).text.splitlines()
        )
    )
    assert rows and {r["year"] for r in rows} == {"2023"}
    assert any(r["share"] == "" for r in rows), "no data is an empty cell, not 0"
    json_rows = client.get("/explore/indicators?breakdown=buyer-type&format=json").json()["rows"]
    assert {r["label"] for r in json_rows} <= {"kunnat", "valtio", "muut", "tuntematon"}
    value, _ = _page(client, "/explore/indicators?measure=value")
    assert "hankintaa (" in value and "GBP" in value, "other currencies are left out and counted"


def test_english_switch_is_remembered(client: TestClient) -> None:
    fresh = TestClient(client.app)
    response = fresh.get("/explore/network?lang=en")
    assert "Who connects the ecosystem" in response.text
    assert response.cookies.get("keino_lang") == "en"
    again = fresh.get("/explore/network")
    assert '<html lang="en">' in again.text
    assert "Kuka yhdistää" in fresh.get("/explore/network?lang=fi").text


def test_assets_are_local(client: TestClient) -> None:
    html, _ = _page(client, "/explore")
    assert not re.search(r'(src|href)="(https?:)?//', html), "nothing from a CDN"
    assert client.get("/explore/static/explorer.css").status_code == 200


def test_site_root_shows_what_the_graph_holds(client: TestClient) -> None:
    html, page = _page(client, "/")
    _accessible(page)
    counts = {
        m.group(2): int(m.group(1).replace("\xa0", ""))
        for m in re.finditer(r"<strong>([\d\xa0]+)</strong> ([^<]+)</li>", html)
    }
    assert counts["hankintailmoitusta"] > 50 and counts["organisaatiota"] > 100, counts
    assert "Hankintailmoitukset (Hilma, TED)" in html, "latest ingests by dataset title"
    for target in ("/explore/match", "/explore/indicators", "/sparql", "/queries"):
        assert target in page.links, f"an entry point to {target}"
    figures = client.get("/?format=json").json()
    assert figures["triples"] > 100_000 and len(figures["runs"]) >= 10


# --------------------------------------------------------- organisation page
FUNDING_FILE = (
    Path(__file__).resolve().parents[1] / "data" / "funding" / "funding-awarded-subset.csv"
)
DESIGN = "https://w3id.org/keino/id/org/fi/2655941-9"  # 0.7 design Oy: registry v3 answer, funded
VTT = "https://w3id.org/keino/id/org/name/fi/teknologian-tutkimuskeskus-vtt-oy"  # curated body


def _yearly_totals(business_id: str) -> dict[int, int]:
    """Year → Yhteensä € of one business ID, as the bundled funding file gives it."""
    totals: dict[int, int] = defaultdict(int)
    with FUNDING_FILE.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["Y-tunnus"] == business_id:
                totals[int(row["Myöntämisvuosi"])] += _euros(row["Yhteensä €"])
    return dict(totals)


def _funding_rows(html: str) -> dict[int, int]:
    """Year → total euros of the page's funding table."""
    found = re.findall(
        r'<tr data-year="(\d{4})">.*?<td class="num total">([^<]+)</td>', html, flags=re.S
    )
    return {int(year): _euros(total) for year, total in found}


def _euros(text: str) -> int:
    """Whole euros written with spaces (plain or no-break) between thousands."""
    return int(re.sub(r"[^\d-]", "", text))


def test_company_page_shows_registry_facts_and_funding_timeline(client: TestClient) -> None:
    html, page = _page(client, "/explore/entity?" + urlencode({"iri": DESIGN}))
    _accessible(page)
    text = re.sub(r"\s+", " ", html)
    for fact in (
        "Yritysrekisterin tiedot",
        "2655941-9",
        "0.7 design Ltd",  # the parallel name, with its date
        "2014-12-05",
        "Osakeyhtiö",
        "Rekisterissä",
        "2014-11-24",
        "70220</code> Muu liikkeenjohdon konsultointi",
        "Kemiönsaari",
        "Varsinais-Suomi",
        "Lähde: Patentti- ja rekisterihallitus (PRH)",
        "Lähde: Business Finland",
    ):
        assert fact in text, fact
    assert re.search(
        r"<code>M</code> › <code>70</code> › <code>702</code> › <code>7022</code>", text
    )
    expected = _yearly_totals("2655941-9")
    assert expected and _funding_rows(html) == expected
    assert "27\xa0600\xa0€" in html
    # one bar per year from the first funded year to the last, a segment per amount
    years = range(min(expected), max(expected) + 1)
    assert re.findall(r'<g class="bar" data-year="(\d{4})">', html) == [str(y) for y in years]
    assert html.count('<rect class="fund-grant"') == len(expected)


def test_company_page_in_english(client: TestClient) -> None:
    html, page = _page(client, "/explore/entity?" + urlencode({"iri": DESIGN, "lang": "en"}))
    assert page.lang == "en"
    for fact in ("Company registry", "Limited company", "Registered", "Source: Business Finland"):
        assert fact in html, fact
    assert "€27,600" in html


def test_curated_body_shows_the_funding_of_its_business_id_twin(client: TestClient) -> None:
    html, _ = _page(client, "/explore/entity?" + urlencode({"iri": VTT}))
    assert "2647375-4" in html and "h-registry" not in html  # funded, not in the registry extract
    assert _funding_rows(html) == _yearly_totals("2647375-4")


def test_a_body_without_registry_or_funding_facts_has_no_company_section(
    client: TestClient,
) -> None:
    # Hansel's business ID comes from the notices; neither registry nor funding names it
    html, _ = _page(
        client, "/explore/entity?" + urlencode({"iri": ID_BASE + "org/name/fi/hansel-oy"})
    )
    assert "Hansel" in html and "h-registry" not in html and "h-funding" not in html


@pytest.mark.parametrize("q", ["2655941-9", "FI26559419"])
def test_search_by_business_id_leads_to_the_company(client: TestClient, q: str) -> None:
    _, page = _page(client, "/explore?" + urlencode({"q": q}))
    assert [parse_qs(urlparse(link).query)["iri"][0] for link in _entity_links(page)] == [DESIGN]


def test_path_page_exports_its_hops(client: TestClient) -> None:
    query = urlencode({"a": "Hansel Oy", "b": "Työ- ja elinkeinoministeriö"})
    html, _ = _page(client, f"/explore/path?{query}")
    assert "format=csv" in html and "format=json" in html
    rows = client.get(f"/explore/path?{query}&format=json").json()
    assert rows and rows[0]["step"] == 1 and rows[-1]["target_label"]
    assert not any(r["source_label"].startswith("http") for r in rows), "names, not IRIs"
    table = list(csv.DictReader(client.get(f"/explore/path?{query}&format=csv").text.splitlines()))
    assert len(table) == len(rows)


def _exports(client: TestClient, url: str) -> tuple[str, list[dict[str, str]], object]:
    """The page at ``url`` (which must link its permalink, CSV and JSON), its CSV rows and
    its JSON; both exports are checked for their content type."""
    html, page = _page(client, url + ("&" if "?" in url else "?") + "lang=fi")
    assert "Pysyvä linkki" in html and "Vie" in html
    csv_link = next(link for link in page.links if "format=csv" in link)
    json_link = next(link for link in page.links if "format=json" in link or ".json?" in link)
    permalink = next(
        link
        for link in page.links
        if parse_qs(urlparse(link).query)
        and ("format" not in parse_qs(urlparse(link).query))
        and link.split("?")[0] == urlparse(url).path
    )
    assert client.get(permalink).status_code == 200
    answer = client.get(csv_link + "&lang=fi")  # the page's language, whatever the cookie says
    assert answer.headers["content-type"] == "text/csv; charset=utf-8"
    assert "filename=" in answer.headers["content-disposition"]
    rows = list(csv.DictReader(answer.text.splitlines()))
    data = client.get(json_link if "lang=" in json_link else json_link + "&lang=fi")
    assert data.headers["content-type"].startswith("application/json")
    return html, rows, data.json()


def test_search_page_exports_its_hits_and_facets(client: TestClient) -> None:
    html, rows, data = _exports(client, "/explore?q=Helsinki&kind=organisation")
    assert isinstance(data, dict) and data["total"] >= len(data["hits"]) == len(rows) > 0
    assert "kind" in data["facets"]
    assert [r["iri"] for r in rows] == [h["iri"] for h in data["hits"]]
    page = _Page()
    page.feed(html)
    shown = [parse_qs(urlparse(link).query)["iri"][0] for link in _entity_links(page)]
    assert [r["iri"] for r in rows] == shown[: len(rows)]
    assert all(r["label"] in html for r in rows)


def test_graph_page_exports_its_edges(client: TestClient) -> None:
    _, search = _page(client, "/explore?q=Helsinki&kind=organisation")
    iri = parse_qs(urlparse(_entity_links(search)[0]).query)["iri"][0]
    html, rows, data = _exports(client, "/explore/graph?" + urlencode({"iri": iri}))
    assert rows and all(r["source_label"] and r["relation"] and r["target_label"] for r in rows)
    assert not any(r["source_label"].startswith("http") for r in rows), "names, not IRIs"
    assert isinstance(data, dict) and "/explore/graph.json?" in html
    redirected = client.get(
        "/explore/graph?" + urlencode({"iri": iri, "format": "json", "lang": "fi"})
    )
    assert redirected.json() == data


def test_match_page_exports_its_ranking(client: TestClient) -> None:
    need = {"text": "sähköbussien latausinfrastruktuuri", "cpv": "45000000"}
    html, rows, data = _exports(client, "/explore/match?" + urlencode(need))
    assert isinstance(data, dict)
    results = data["results"]
    assert rows and len(rows) == len(results)
    assert [r["supplier"] for r in rows] == [m["supplier"]["iri"] for m in results]
    assert rows[0]["rank"] == "1" and all(r["label"] in html for r in rows[:5])
    first = rows[0]
    kept = ("rank", "supplier", "label", "kind", "won_contracts", "score", "supplier_region")
    signals = [c for c in first if c not in kept]
    assert "text" in signals
    total = sum(float(first[s]) for s in signals)
    assert abs(total - float(first["score"])) < 1e-6, "the signals add up to the score"


def test_needs_page_exports_the_open_needs(client: TestClient) -> None:
    need = {"text": "sähköbussien latausinfrastruktuuri", "cpv": "45000000", "format": "json"}
    results = client.get("/explore/match?" + urlencode(need)).json()["results"]
    supplier = next(r for r in results if r["kind"] == "winner")["supplier"]["iri"]
    html, rows, data = _exports(client, "/explore/match/needs?" + urlencode({"supplier": supplier}))
    assert isinstance(data, dict) and data["supplier"] == supplier
    assert [r["lot"] for r in rows] == [n["need"]["lot"] for n in data["results"]]
    assert all(f"iri={r['lot']}".replace(":", "%3A").replace("/", "%2F") in html for r in rows)


def test_green_deal_pages_export_their_parties(client: TestClient) -> None:
    html, deals, listed = _exports(client, "/explore/green-deals")
    assert deals and isinstance(listed, list) and len(listed) == len(deals)
    assert all(d["name"] in html for d in deals)
    deal = next(d for d in deals if int(d["parties"]) > 0)
    html, parties, data = _exports(client, "/explore/green-deal?" + urlencode({"iri": deal["iri"]}))
    assert len({p["iri"] for p in parties}) == int(deal["parties"]), "every party, once each"
    assert isinstance(data, dict) and [p["iri"] for p in data["parties"]] == [
        p["iri"] for p in parties
    ]
    text = unescape(html)
    assert [p for p in parties if p["name"] not in text or p["role_label"] not in text] == []
    assert any(p["source"].startswith("http") and p["quote"] for p in parties), "sources cited"


@pytest.mark.parametrize(
    "url",
    [
        "/explore?q=Helsinki&format=xml",
        "/explore/match?text=bussi&format=pdf",
        "/explore/green-deals?format=csvv",
        "/explore/path?a=Hansel+Oy&b=Motiva&format=xls",
        "/explore/network?format=xml",
        "/explore/network?country=&format=pdf",
        "/explore/indicators?breakdown=region&format=xlsx",
        "/explore/graph?iri=x&format=svg",
    ],
)
def test_an_unknown_export_format_is_a_client_error(client: TestClient, url: str) -> None:
    answer = client.get(url)
    assert answer.status_code == 422 and "format" in answer.text


@pytest.mark.parametrize(
    "url",
    [
        "/explore/path?" + urlencode({"a": "Hansel Oy", "b": "Työ- ja elinkeinoministeriö"}),
        "/explore/network?country=FI",
        "/explore/indicators?breakdown=region&year=2023",
    ],
)
def test_older_pages_export_as_downloads(client: TestClient, url: str) -> None:
    """The path, network and indicators pages' CSV and JSON name the file they are
    saved as, and hold the rows the page shows."""
    _, rows, data = _exports(client, url)
    answer = client.get(url + "&format=json")
    assert "filename=" in answer.headers["content-disposition"]
    listed = data["rows"] if isinstance(data, dict) else data
    assert rows and len(rows) == len(listed)


def test_network_for_all_countries_keeps_all_in_its_links(client: TestClient) -> None:
    """An empty country is every country, and the page's permalink and exports say so
    (an empty value would fall back to Finland only)."""
    home = client.get("/explore/network?format=json").json()
    for asked in ("", "all"):
        html, rows, data = _exports(client, f"/explore/network?country={asked}&limit=200")
        assert "country=all" in html and 'value="all" selected' in html
        assert isinstance(data, list) and len(rows) == len(data)
        assert {r["country"] for r in data} > {r["country"] for r in home}, "foreign actors too"


def test_value_sums_leave_out_implausible_lots_and_say_so(
    client: TestClient, demo_store: Store
) -> None:
    """No year's value total carries a framework ceiling of a billion euros or more, and
    the page says how many lots it left out, for which years and why."""
    rows = client.get("/explore/indicators?measure=value&format=json").json()["rows"]
    valued = [r for r in rows if r["amount"] is not None]
    assert valued, "the demo has valued lots"
    for r in valued:  # each lot left in is below the bound, so is their sum per lot
        assert r["amount"] < IMPLAUSIBLE_EUR * max(r["lots"] - r["missing_value"], 1), r
    left_out = implausible_lots(demo_store, IMPLAUSIBLE_EUR)
    assert left_out.get(2020), "the 2020 London framework's sub-lots state 1–1.5 bn € each"
    for lang, words in (("fi", "jätetään pois summista: {n} hankintaa"), ("en", "{n} lots")):
        html = unescape(client.get(f"/explore/indicators?measure=value&lang={lang}").text)
        assert words.format(n=sum(left_out.values())) in html
        assert f"2020: {left_out[2020]}" in html


@pytest.mark.shared
def test_framework_awards_repeat_the_lot_value_they_do_not_add_up(shared_data: Path) -> None:
    """A TED framework notice gives each contractor's award the whole lot's ceiling: the
    lot is worth that ceiling once, not once per contractor (the 221 bn € of 2020)."""
    path = shared_data / "ted-xml-data-converter/development-notices/ted-xml/20-537923-001-EXP.xml"
    notice = parse_ted(etree.parse(str(path)).getroot(), str(path))
    lots = {lot.lot_id: lot for lot in notice.lots}
    assert lots["LOT-1.1A"].awarded_value == 1_500_000_000  # six awards of 1.5 bn € each
    assert len(lots["LOT-1.1A"].winners) == 6
    assert sum(lot.awarded_value or 0 for lot in notice.lots) < 40e9


def test_a_restarted_server_loads_the_derived_state_its_store_kept(tmp_path: Path) -> None:
    """A second process over the same on-disk store loads the snapshot, label index and
    ranking the first one kept, and any write makes them stale (rebuilt, not loaded)."""
    from graph.derived import Derived
    from graph.iris import GRAPH_BASE
    from graph.rdf import lit, triple

    store = Store(tmp_path / "store")
    org = ID_BASE + "org/fi/0988084-1"
    label = "http://www.w3.org/2004/02/skos/core#prefLabel"
    store.replace_graph(
        GRAPH_BASE + "t", [triple(org, label, lit("Hansel Oy"))], source="t", inputs=[]
    )
    first = Derived(store)
    first.warm()
    kept = sorted(p.name for p in (tmp_path / "store.derived").iterdir())
    assert kept == ["labels.pickle", "ranking.pickle", "snapshot.pickle"]
    again = Derived(store)
    assert again.snapshot().label(org) == "Hansel Oy"
    assert again.network().has_ranking(), "the ranking is loaded, not computed"
    assert [h.label for h in again.search("hansel")] == ["Hansel Oy"]
    store.replace_graph(
        GRAPH_BASE + "t", [triple(org, label, lit("Hansel Ltd"))], source="t", inputs=[]
    )
    assert Derived(store).snapshot().label(org) == "Hansel Ltd", "a write makes it stale"


@pytest.mark.parametrize("q", ["Helsinki", "Uusimaa", "Pirkanmaa", "rakennustyöt"])
def test_no_two_search_hits_read_the_same(client: TestClient, q: str) -> None:
    """Each hit's name and the line under it tell it apart from every other hit: two
    regions named "Helsinki-Uusimaa" (NUTS 2 and 3) show their codes."""
    html = client.get("/explore?" + urlencode({"q": q, "lang": "fi", "limit": 50})).text
    hits = re.findall(
        r'<a href="/explore/entity\?[^"]*">([^<]*)</a>\s*<span class="muted">([^<]*)</span>', html
    )
    assert hits and len(set(hits)) == len(hits), hits
