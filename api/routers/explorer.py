"""The explorer: HTML pages for people browsing the graph (Finnish, English on request).

Pages read the graph through the app's derived state (:class:`graph.derived.Derived`:
descriptions, network, search, matcher), ``graph.indicators`` and ``graph.codes``.
The language comes from ``?lang=fi|en`` (remembered in a cookie), else the
cookie, else Finnish.
"""

from __future__ import annotations

import csv
import io
import logging
import math
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from api.deps import DerivedDep, StoreDep
from api.exports import check_format, csv_response, json_response, links
from api.indicator_views import MEASURES, bars, line_chart, region_map, share_of, shown_percent
from graph import codes
from graph.companies import CompanyProfile, FundingYear, company_profile, instrument_labels
from graph.currencies import implausible_lots, other_currency_lots
from graph.derived import Derived
from graph.describe import EntityView, graph_title
from graph.indicators import (
    BREAKDOWNS,
    FLAGS,
    METHOD_SURVEY,
    METHOD_TITLES,
    Point,
    Series,
    SeriesInfo,
    list_series,
    series,
    series_name,
)
from graph.indicators.drafts import IMPLAUSIBLE_EUR
from graph.network import GraphNode, Hop, Neighbourhood, country_of, make_group
from graph.search import Hit
from graph.snapshot import EntityNotFound
from graph.store import Store
from graph.vocabulary import Node, code_name

HERE = Path(__file__).resolve().parents[1]
PREFIX = "/explore"
STATIC = PREFIX + "/static"  # where create_app mounts STATIC_DIR
STATIC_DIR = HERE / "static"
LANG_COOKIE = "keino_lang"
LANGUAGES = ("fi", "en")

log = logging.getLogger(__name__)
router = APIRouter(prefix=PREFIX, tags=["explorer"], include_in_schema=False)
templates = Jinja2Templates(directory=HERE / "templates")

# Kind → Finnish and English name, in legend order; colours live in explorer.css.
KIND_NAMES: dict[str, tuple[str, str]] = {
    "organisation": ("organisaatio", "organisation"),
    "programme": ("ohjelma", "programme"),
    "greendeal": ("Green Deal", "green deal"),
    "goal": ("tavoite tai mittari", "goal or indicator"),
    "membership": ("jäsenyys tai rooli", "membership or role"),
    "procurement": ("hankinta", "procurement"),
    "event": ("tapahtuma", "event"),
    "document": ("asiakirja", "document"),
    "place": ("alue", "region"),
    "code": ("koodi", "code"),
    "other": ("muu", "other"),
}

# The network view ranks actors and programmes, not lots, notices or memberships.
ACTOR_KINDS = ("organisation", "programme", "greendeal", "goal", "event", "place")

# Interface text; keys are used by the templates as ``t.key``.
TEXT: dict[str, dict[str, str]] = {
    "fi": {
        "site": "KEINO-verkko",
        "skip": "Siirry sisältöön",
        "nav_search": "Haku",
        "nav_network": "Verkosto",
        "nav_path": "Yhteydet",
        "nav_match": "Toimittajahaku",
        "nav_indicators": "Indikaattorit",
        "switch": "In English",
        "search_title": "Hae ekosysteemistä",
        "search_label": "Nimi tai lyhenne",
        "kind_label": "Tyyppi",
        "any_kind": "kaikki",
        "search_button": "Hae",
        "results": "Tulokset",
        "no_results": "Ei osumia.",
        "labels": "Nimet",
        "types": "Tyypit",
        "facts": "Tiedot",
        "outgoing": "Linkit muihin",
        "incoming": "Linkit tähän",
        "sources": "Lähteet",
        "timeline": "Aikajana",
        "graphs": "Lähdeaineistot",
        "show_graph": "Näytä lähiverkosto",
        "more": "näytetään {shown} / {total}",
        "quote": "lainaus",
        "field": "kenttä",
        "files": "tiedostot",
        "graph_title": "Lähiverkosto",
        "depth": "Syvyys",
        "draw": "Piirrä",
        "legend": "Selite",
        "truncated": "Verkko on rajattu lähimpiin ja parhaiten kytkettyihin solmuihin.",
        "nodes": "Solmut",
        "group_members": "Ryhmän tietueet ({n})",
        "path_title": "Miten kaksi toimijaa liittyvät toisiinsa",
        "from": "Mistä",
        "to": "Mihin",
        "find": "Etsi yhteydet",
        "no_path": "Yhteyttä ei löytynyt.",
        "not_found": "Ei löytynyt: {name}",
        "path": "Polku",
        "match_title": "Toimittajahaku tarpeelle",
        "need": "Tarpeen kuvaus",
        "cpv": "CPV-luokka",
        "region": "Alue",
        "any_region": "koko Suomi",
        "match_button": "Etsi toimittajat",
        "score": "pisteet",
        "no_contract": "ei vielä julkisia sopimuksia",
        "won": "voittanut hankintoja",
        "why": "Perustelut",
        "indicators_title": "Indikaattorit",
        "no_indicators": "Indikaattoreita ei ole vielä laskettu tähän verkkoon.",
        "target": "tavoite",
        "period": "Vuosi",
        "network_title": "Kuka yhdistää ekosysteemin",
        "network_intro": "Toimijat järjestettynä välillisyyden mukaan: kuinka usein toimija "
        "on lyhimmällä polulla kahden muun välillä.",
        "rank": "Sija",
        "name": "Nimi",
        "degree": "Linkkejä",
        "betweenness": "Välillisyys",
        "pagerank": "PageRank",
        "error": "Virhe",
        "entity_missing": "Verkossa ei ole tätä tunnistetta: {iri}",
        "registry_title": "Yritysrekisterin tiedot",
        "business_id": "Y-tunnus",
        "company_name": "Nimi",
        "names_history": "Nimet",
        "name_kinds": "toiminimi|rinnakkaistoiminimi|aputoiminimi",
        "valid": "voimassa",
        "company_form": "Yritysmuoto",
        "status": "Tila",
        "registered": "Rekisteröity",
        "ended": "Lopettanut",
        "tol": "Päätoimiala (TOL 2008)",
        "tol_levels": "Luokituksen tasot",
        "municipality": "Kotikunta",
        "region_name": "Maakunta",
        "postcode": "Postinumero",
        "registry_source": "Lähde: Patentti- ja rekisterihallitus (PRH), YTJ-avoin data, CC BY 4.0",
        "funding_title": "Business Finlandin myöntämä rahoitus",
        "funding_intro": "Myönnetty rahoitus vuosittain ja rahoitusmuodoittain, euroa.",
        "year": "Vuosi",
        "total": "Yhteensä",
        "funding_none": "Business Finlandin rahoitustiedoissa ei ole tätä organisaatiota.",
        "funding_source": "Lähde: Business Finland",
        "twins": "Sama organisaatio myös tunnisteilla",
        "home_title": "KEINO-verkko: kestävät ja innovatiiviset julkiset hankinnat",
        "home_intro": "Tietoverkko Suomen kestävien ja innovatiivisten julkisten hankintojen "
        "toimijoista, ohjelmista, tavoitteista ja hankintailmoituksista. Jokaisen tiedon "
        "lähde on näkyvissä.",
        "home_contents": "Mitä verkossa on",
        "home_triples": "{n} tietoa (kolmikkoa) yhteensä.",
        "home_runs": "Viimeisimmät lataukset",
        "home_graph": "Aineisto",
        "home_ended": "Ladattu (UTC)",
        "home_inputs": "Tiedostoja",
        "home_start": "Mistä aloittaa",
        "home_experts": "KEINO-asiantuntijalle",
        "home_experts_text": "Hae toimijoita, katso kuka yhdistää ekosysteemin, seuraa "
        "indikaattoreita ja etsi kahden toimijan väliset yhteydet.",
        "home_brokers": "Innovaatiovälittäjälle",
        "home_brokers_text": "Kuvaa hankintayksikön tarve ja saat toimittajat "
        "järjestettyinä perusteluineen.",
        "home_researchers": "Tutkijalle",
        "home_researchers_text": "Kysy SPARQL-kielellä, käytä valmiita kysymyksiä tai rajapintaa.",
        "nav_sparql": "SPARQL-kyselyt",
        "nav_queries": "Valmiit kysymykset",
        "nav_api": "Rajapinta",
        "nav_home": "Etusivu",
        "no_data": "ei tietoa",
        "dataset": "aineisto",
        "country": "Maa",
        "country_fi": "Suomi",
        "country_abroad": "ulkomaat",
        "country_all": "kaikki maat",
        "shown": "Näytä",
        "identifier": "Tunniste",
        "export": "Vie",
        "ind_intro": (
            "Osuus hankinnoista, joissa ilmoitus kertoo innovatiivisuudesta, ympäristö- tai "
            "sosiaalisista näkökohdista, julkaisuvuoden mukaan. Tavoite on, että 10 % "
            "julkisista hankinnoista on innovatiivisia."
        ),
        "all_series": "Kaikki sarjat",
        "flag": "Näkökohta",
        "breakdown": "Jaottelu",
        "measure": "Mittari",
        "show": "Näytä",
        "method": "Menetelmä",
        "share": "Osuus",
        "lots": "Hankintoja",
        "flagged": "Merkittyjä",
        "missing_flag": "Ei tietoa merkinnästä",
        "missing_value": "Ei arvoa euroina",
        "amount": "Arvo yhteensä",
        "breakdown_value": "Arvo",
        "survey_point": "kyselyn tulos",
        "no_data_note": (
            "”Ei tietoa”: yksikään hankinta ei kerro merkintää (tai arvoa euroina); se ei ole 0 %."
        ),
        "euro_note": (
            "Arvot ovat euroja. Muissa valuutoissa ilmoitetut arvot jätetään pois: {n} "
            "hankintaa ({which})."
        ),
        "euro_none": "Arvot ovat euroja; näinä vuosina kaikki arvot on ilmoitettu euroina.",
        "implausible_note": (
            "Epäuskottavat arvot jätetään pois summista: {n} hankintaa ({which}), joiden "
            "ilmoitettu arvo on vähintään {bound}. Niin suuri arvo on puitejärjestelyn "
            "enimmäisarvo, ei yhden hankinnan arvo."
        ),
        "map_title": "Kartta: {year}",
        "map_note": "Maakuntarajat: Yle (Yleisradio) geodata. Harmaa: ei tietoa.",
        "permalink": "Pysyvä linkki",
        "download": "Lataa",
        "api_csv": "koko sarja (CSV, kaikki vuodet)",
        "observations": "havaintoa",
        "chart_of": "Kaavio",
        "table_of": "Taulukko",
    },
    "en": {
        "site": "KEINO graph",
        "skip": "Skip to content",
        "nav_search": "Search",
        "nav_network": "Network",
        "nav_path": "Connections",
        "nav_match": "Supplier match",
        "nav_indicators": "Indicators",
        "switch": "Suomeksi",
        "search_title": "Search the ecosystem",
        "search_label": "Name or abbreviation",
        "kind_label": "Type",
        "any_kind": "any",
        "search_button": "Search",
        "results": "Results",
        "no_results": "No matches.",
        "labels": "Names",
        "types": "Types",
        "facts": "Facts",
        "outgoing": "Links to others",
        "incoming": "Links to this",
        "sources": "Sources",
        "timeline": "Timeline",
        "graphs": "Source datasets",
        "show_graph": "Show neighbourhood",
        "more": "showing {shown} of {total}",
        "quote": "quote",
        "field": "field",
        "files": "files",
        "graph_title": "Neighbourhood",
        "depth": "Depth",
        "draw": "Draw",
        "legend": "Legend",
        "truncated": "The graph is cut to the nearest and best connected nodes.",
        "nodes": "Nodes",
        "group_members": "Records in the group ({n})",
        "path_title": "How two actors are connected",
        "from": "From",
        "to": "To",
        "find": "Find connections",
        "no_path": "No connection found.",
        "not_found": "Not found: {name}",
        "path": "Path",
        "match_title": "Find suppliers for a need",
        "need": "Describe the need",
        "cpv": "CPV division",
        "region": "Region",
        "any_region": "all of Finland",
        "match_button": "Find suppliers",
        "score": "score",
        "no_contract": "no public contract won yet",
        "won": "lots won",
        "why": "Why",
        "indicators_title": "Indicators",
        "no_indicators": "No indicators have been computed for this graph yet.",
        "target": "target",
        "period": "Year",
        "network_title": "Who connects the ecosystem",
        "network_intro": "Actors ranked by betweenness: how often an actor lies on the "
        "shortest path between two others.",
        "rank": "Rank",
        "name": "Name",
        "degree": "Links",
        "betweenness": "Betweenness",
        "pagerank": "PageRank",
        "error": "Error",
        "entity_missing": "The graph has no such identifier: {iri}",
        "registry_title": "Company registry",
        "business_id": "Business ID",
        "company_name": "Name",
        "names_history": "Names",
        "name_kinds": "company name|parallel name|auxiliary name",
        "valid": "valid",
        "company_form": "Company form",
        "status": "Status",
        "registered": "Registered",
        "ended": "Ended",
        "tol": "Main line of business (TOL 2008)",
        "tol_levels": "Levels of the classification",
        "municipality": "Municipality",
        "region_name": "Region",
        "postcode": "Postcode",
        "registry_source": "Source: Finnish Patent and Registration Office (PRH), "
        "YTJ open data, CC BY 4.0",
        "funding_title": "Funding awarded by Business Finland",
        "funding_intro": "Funding awarded per year and instrument, in euros.",
        "year": "Year",
        "total": "Total",
        "funding_none": "Business Finland's funding data does not name this organisation.",
        "funding_source": "Source: Business Finland",
        "twins": "The same organisation also as",
        "home_title": "KEINO graph: sustainable and innovative public procurement",
        "home_intro": "A knowledge graph of the actors, programmes, goals and procurement "
        "notices of Finland's sustainable and innovative public procurement. Every fact "
        "shows its source.",
        "home_contents": "What the graph holds",
        "home_triples": "{n} facts (triples) in all.",
        "home_runs": "Latest ingests",
        "home_graph": "Dataset",
        "home_ended": "Loaded (UTC)",
        "home_inputs": "Files",
        "home_start": "Where to start",
        "home_experts": "For KEINO experts",
        "home_experts_text": "Search actors, see who connects the ecosystem, follow the "
        "indicators and find how two actors are connected.",
        "home_brokers": "For innovation brokers",
        "home_brokers_text": "Describe a buyer's need and get suppliers ranked, with the "
        "evidence behind each.",
        "home_researchers": "For researchers",
        "home_researchers_text": "Ask in SPARQL, run the named questions or use the API.",
        "nav_sparql": "SPARQL queries",
        "nav_queries": "Named questions",
        "nav_api": "API",
        "nav_home": "Home",
        "no_data": "no data",
        "dataset": "dataset",
        "country": "Country",
        "country_fi": "Finland",
        "country_abroad": "abroad",
        "country_all": "all countries",
        "shown": "Show",
        "identifier": "Identifier",
        "export": "Export",
        "ind_intro": (
            "Share of procurement whose notice marks it innovative, green or social, by "
            "year of publication. The goal is that 10 % of public procurement is "
            "innovative."
        ),
        "all_series": "All series",
        "flag": "Aspect",
        "breakdown": "Breakdown",
        "measure": "Measure",
        "show": "Show",
        "method": "Method",
        "share": "Share",
        "lots": "Lots",
        "flagged": "Flagged",
        "missing_flag": "Flag not stated",
        "missing_value": "No value in euros",
        "amount": "Total value",
        "breakdown_value": "Value",
        "survey_point": "survey result",
        "no_data_note": "“No data”: no lot states the flag (or a value in euros); it is not 0 %.",
        "euro_note": (
            "Values are in euros. Values given in other currencies are left out: {n} lots "
            "({which})."
        ),
        "euro_none": "Values are in euros; in these years every value was given in euros.",
        "implausible_note": (
            "Implausible values are left out of the sums: {n} lots ({which}) state a value "
            "of {bound} or more. A value that large is a framework's ceiling, not one lot's "
            "value."
        ),
        "map_title": "Map: {year}",
        "map_note": "Region boundaries: Yle (Yleisradio) geodata. Grey: no data.",
        "permalink": "Permalink",
        "download": "Download",
        "api_csv": "whole series (CSV, all years)",
        "observations": "observations",
        "chart_of": "Chart",
        "table_of": "Table",
    },
}


def choose_lang(request: Request) -> str:
    """``?lang=``, else the language cookie, else Finnish."""
    asked = request.query_params.get("lang") or request.cookies.get(LANG_COOKIE) or "fi"
    return asked if asked in LANGUAGES else "fi"


def entity_url(iri: str, page: str = "entity", **extra: Any) -> str:
    """The explorer URL of one entity's page (``entity`` or ``graph``)."""
    return f"{PREFIX}/{page}?" + urlencode({"iri": iri, **extra})


def node_url(n: GraphNode, page: str = "entity", **extra: Any) -> str:
    """Where a drawn node leads: its entity (or graph) page, or a group's member list."""
    if n.group is not None:
        g = n.group
        state = {"hub": g.hub, "type": g.type, "year": g.year or "", **extra}
        return f"{PREFIX}/group?" + urlencode({k: v for k, v in state.items() if v != ""})
    return entity_url(n.node.iri, page, **extra)


def switch_url(request: Request, lang: str) -> str:
    """This page's URL in the other language."""
    params = dict(request.query_params)
    params["lang"] = "en" if lang == "fi" else "fi"
    return f"{request.url.path}?{urlencode(params)}"


def render(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    """Render template ``name`` with the language, texts and helpers every page uses."""
    lang = choose_lang(request)
    context.update(
        lang=lang,
        t=TEXT[lang],
        kinds={k: v[1] if lang == "en" else v[0] for k, v in KIND_NAMES.items()},
        entity_url=entity_url,
        node_url=node_url,
        graph_title=graph_title,
        euros=euros,
        switch=switch_url(request, lang),
        prefix=PREFIX,
    )
    response = templates.TemplateResponse(request, name, context, status_code=status)
    if request.query_params.get("lang") in LANGUAGES:
        response.set_cookie(LANG_COOKIE, lang, max_age=365 * 24 * 3600, samesite="lax")
    return response


# -------------------------------------------------------------------- search
#: results per search page
SEARCH_PAGE = 20
# The search page's own words (facets, counts, paging) and the kinds search splits
# procurement into; the other kinds' names are KIND_NAMES.
SEARCH_TEXT: dict[str, dict[str, str]] = {
    "fi": {
        "count": "{n} tulosta",
        "count_one": "1 tulos",
        "region": "Alue",
        "year": "Vuosi",
        "any": "kaikki",
        "page": "Sivu {page} / {pages}",
        "previous": "Edellinen",
        "next": "Seuraava",
        "pages": "Tulossivut",
        "notice": "hankintailmoitus",
        "lot": "osa-alue",
    },
    "en": {
        "count": "{n} results",
        "count_one": "1 result",
        "region": "Region",
        "year": "Year",
        "any": "any",
        "page": "Page {page} of {pages}",
        "previous": "Previous",
        "next": "Next",
        "pages": "Result pages",
        "notice": "notice",
        "lot": "lot",
    },
}


@dataclass(frozen=True)
class Result:
    """One search result as the page shows it."""

    iri: str
    label: str
    kind: str
    detail: str


def result(derived: Derived, hit: Hit, lang: str) -> Result:
    """A search hit as the page shows it: the name that matched when it is another
    one (an alias, another language, an ID), else a notice's or lot's year, else
    the entity's type."""
    detail = hit.matched
    if detail in ("", hit.label):
        if hit.kind in ("notice", "lot"):  # its year says more than its class
            detail = ", ".join(str(y) for y in hit.years)
        elif code := code_name(hit.iri):  # two regions or classes can share one name
            detail = code
        else:
            detail = derived.snapshot().node(hit.iri, lang).type_label
    return Result(hit.iri, hit.label, hit.kind, detail)


def find(derived: Derived, q: str, kind: str | None, lang: str) -> list[Result]:
    """The first page of search results for ``q``, of search kind ``kind`` when given."""
    page = derived.find(q, kind=kind, lang=lang, limit=30)
    return [result(derived, hit, lang) for hit in page.hits]


def kind_names(lang: str) -> dict[str, str]:
    """Search kind → its name in ``lang``: the display kinds, procurement split in two."""
    names = {k: v[1] if lang == "en" else v[0] for k, v in KIND_NAMES.items() if k != "procurement"}
    return {**names, "notice": SEARCH_TEXT[lang]["notice"], "lot": SEARCH_TEXT[lang]["lot"]}


def page_url(request: Request, **changes: Any) -> str:
    """This search page's URL with ``changes`` to its parameters (None drops one)."""
    params = {**request.query_params, **changes}
    return f"{PREFIX}?" + urlencode({k: v for k, v in params.items() if v not in (None, "")})


#: the columns of a search's CSV export
SEARCH_COLUMNS = ("rank", "iri", "label", "kind", "detail")


@router.get("", response_class=HTMLResponse)
@router.get("/", response_class=HTMLResponse)
def search_page(
    request: Request,
    derived: DerivedDep,
    q: str = "",
    kind: str = "",
    region: str = "",
    year: str = "",
    page: int = 1,
    format: str = "",
) -> Response:
    """Search across all entities with type, region and year facets, counts and pages;
    ``?format=json`` gives the hits, total and facets, ``?format=csv`` one row per hit."""
    asked = check_format(format)
    lang = choose_lang(request)
    page = max(1, min(page, 10_000))
    found = derived.find(
        q,
        kind=kind or None,
        region=region or None,
        year=year or None,
        lang=lang,
        offset=(page - 1) * SEARCH_PAGE,
        limit=SEARCH_PAGE,
    )
    pages = max(1, -(-found.total // SEARCH_PAGE))
    results = [result(derived, hit, lang) for hit in found.hits]
    rows = [
        {"rank": found.offset + i, "iri": r.iri, "label": r.label, "kind": r.kind,
         "detail": r.detail}
        for i, r in enumerate(results, start=1)
    ]  # fmt: skip
    if asked == "json":
        facets = {
            name: [{"value": f.value, "label": f.label, "count": f.count} for f in values]
            for name, values in found.facets.items()
        }
        return json_response({"total": found.total, "hits": rows, "facets": facets})
    if asked == "csv":
        return csv_response(rows, SEARCH_COLUMNS, "search.csv")
    state = {"q": q, "kind": kind, "region": region, "year": year, "page": page if page > 1 else ""}
    return render(
        request,
        "search.html",
        q=q,
        kind=kind,
        region=region,
        year=year,
        searched=bool(q.strip()),
        results=results,
        found=found,
        page=page,
        pages=pages,
        st=SEARCH_TEXT[lang],
        kind_names=kind_names(lang),
        page_url=lambda **changes: page_url(request, **changes),
        **links(PREFIX, state),
    )


# -------------------------------------------------------------------- entity
ENTITY_COLUMNS = ("direction", "relation", "label", "value", "sources")


def entity_csv(view: EntityView) -> str:
    """An entity page as CSV: one row per fact and link, with its sources' names."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(ENTITY_COLUMNS)
    for f in view.facts:
        writer.writerow(["fact", f.label, f.value, "", "; ".join(s.label for s in f.sources)])
    for group in [*view.outgoing, *view.incoming]:
        for link in group.links:
            names = "; ".join(s.label for s in link.sources)
            writer.writerow([group.direction, group.label, link.node.label, link.node.iri, names])
    return out.getvalue()


@router.get("/entity", response_class=HTMLResponse)
def entity_page(
    request: Request, derived: DerivedDep, store: StoreDep, iri: str, format: str = ""
) -> Response:
    """Labels, types, facts, links by relation with their sources, and a timeline;
    for an organisation the registry and funding know, its company facts too.
    ``?format=csv`` gives the facts and links as CSV."""
    lang = choose_lang(request)
    try:
        view = derived.describe(iri, lang=lang)
    except EntityNotFound:
        message = TEXT[lang]["entity_missing"].format(iri=iri)
        return render(request, "error.html", status=404, message=message)
    if format == "csv":
        return Response(entity_csv(view), media_type="text/csv; charset=utf-8")
    profile = company_profile(store, iri)
    shown = profile is not None and (in_registry(profile) or bool(profile.funding))
    company = company_view(derived, store, profile, lang) if profile and shown else None
    return render(request, "entity.html", view=view, company=company)


# ------------------------------------------------------------------- company
#: the order of Business Finland's instruments in tables and charts (its CSV's order)
INSTRUMENTS = ("grant", "loan", "erdf", "research")


@dataclass(frozen=True)
class Bar:
    """One year of the funding chart: its column and a segment per instrument
    ``(instrument, y, height, euros)``, bottom up."""

    year: int
    x: float
    width: float
    total: Decimal
    segments: list[tuple[str, float, float, Decimal]]


@dataclass(frozen=True)
class FundingChart:
    """Funding per year as stacked SVG bars, with euro ticks."""

    bars: list[Bar]
    y_ticks: list[tuple[float, str]]
    width: int = 640
    height: int = 260


@dataclass(frozen=True)
class CompanyView:
    """What the organisation page shows of the registry and the funding file."""

    profile: CompanyProfile
    registry: bool  # whether the company registry describes it (else funding only)
    twins: list[tuple[str, str]]  # (IRI, label) of the other members of the sameAs clique
    municipality: str | None
    region: str | None
    nuts: str | None
    instruments: list[tuple[str, str]]  # (code, label) of the instruments it received
    chart: FundingChart | None


def in_registry(profile: CompanyProfile) -> bool:
    """Whether the company registry describes the organisation: a business ID alone
    may come from a notice, these facts only from the registry."""
    return bool(
        profile.tol or profile.form or profile.status or profile.registered or profile.names
    )


def euros(amount: Decimal | float, lang: str) -> str:
    r"""An amount in whole euros as the language writes it: ``27 600 €`` or ``€27,600``.

    >>> euros(Decimal(27600), "fi"), euros(Decimal(-1530), "en")
    ('27\xa0600\xa0€', '€-1,530')
    """
    grouped = f"{round(amount):,}"
    return grouped.replace(",", "\xa0") + "\xa0€" if lang == "fi" else "€" + grouped


def company_view(derived: Derived, store: Store, profile: CompanyProfile, lang: str) -> CompanyView:
    """Labels for the profile's places, instruments and twins, and its funding chart."""
    snap = derived.snapshot()
    names = instrument_labels(store)
    used = {code for year in profile.funding for code in year.by_instrument}
    ordered = [c for c in INSTRUMENTS if c in used] + sorted(used - set(INSTRUMENTS))
    instruments = [
        (c, names.get(c, {}).get(lang) or names.get(c, {}).get("fi") or c) for c in ordered
    ]
    twins = [(i, snap.label(i, lang)) for i in profile.iris]
    place = profile.municipality, profile.region
    return CompanyView(
        profile,
        in_registry(profile),
        twins,
        snap.label(place[0], lang) if place[0] else None,
        snap.label(place[1], lang) if place[1] else None,
        profile.nuts.rsplit("/", 1)[-1] if profile.nuts else None,
        instruments,
        funding_chart(list(profile.funding), ordered, lang) if profile.funding else None,
    )


def funding_chart(
    years: list[FundingYear], instruments: list[str], lang: str, width: int = 640, height: int = 260
) -> FundingChart:
    """Stacked bars, one per year from the first funded year to the last (a year
    without funding stays empty), 80 px left for the euro axis, 30 px below."""
    by_year = {y.year: y for y in years}
    span = list(range(min(by_year), max(by_year) + 1))
    top = max([float(max(y.total, Decimal(0))) for y in years] + [1.0]) * 1.1
    plot = height - 50
    step = (width - 100) / len(span)

    def h(amount: Decimal) -> float:
        return round(max(float(amount), 0.0) / top * plot, 1)

    bars = []
    for i, year in enumerate(span):
        found = by_year.get(year)
        segments, base = [], float(height - 30)
        for code in instruments if found else ():
            amount = found.by_instrument.get(code, Decimal(0)) if found else Decimal(0)
            if amount > 0:
                base -= h(amount)
                segments.append((code, round(base, 1), h(amount), amount))
        total = found.total if found else Decimal(0)
        bars.append(
            Bar(year, round(80 + i * step + step * 0.15, 1), round(step * 0.7, 1), total, segments)
        )
    ticks = [(round(height - 30 - plot * f / 4, 1), euros(top * f / 4, lang)) for f in range(5)]
    return FundingChart(bars, ticks, width, height)


# ------------------------------------------------------------- neighbourhood
@dataclass(frozen=True)
class Drawing:
    """A neighbourhood scaled to SVG coordinates."""

    width: int
    height: int
    nodes: list[tuple[GraphNode, float, float]]
    edges: list[tuple[float, float, float, float, str]]


def draw(hood: Neighbourhood, width: int = 960, height: int = 640) -> Drawing:
    """Pixel positions of the nodes and edge end points, leaving room for labels."""
    margin = 70
    place = {
        n.node.iri: (margin + n.x * (width - 2 * margin), margin + n.y * (height - 2 * margin))
        for n in hood.nodes
    }
    nodes = [(n, *place[n.node.iri]) for n in hood.nodes]
    edges = [(*place[e.source], *place[e.target], e.label) for e in hood.edges]
    return Drawing(width, height, nodes, edges)


#: the columns of a neighbourhood's CSV export: one row per edge
GRAPH_COLUMNS = ("source", "source_label", "relation", "target", "target_label")


def edge_rows(hood: Neighbourhood) -> list[dict[str, str]]:
    """The edges of ``hood`` as rows: source, relation label and target, with labels."""
    names = {n.node.iri: n.node.label for n in hood.nodes}
    return [
        {"source": e.source, "source_label": names.get(e.source, e.source),
         "relation": e.label, "target": e.target, "target_label": names.get(e.target, e.target)}
        for e in hood.edges
    ]  # fmt: skip


@router.get("/graph", response_class=HTMLResponse)
def graph_page(
    request: Request, derived: DerivedDep, iri: str, depth: int = 1, format: str = ""
) -> Response:
    """The entity and its neighbours to depth 1 or 2 as an SVG network; ``?format=csv``
    gives its edges, ``?format=json`` the same data as ``graph.json``."""
    asked = check_format(format)
    lang = choose_lang(request)
    depth = max(1, min(depth, 2))
    if asked == "json":
        return RedirectResponse(
            f"{PREFIX}/graph.json?" + urlencode({"iri": iri, "depth": depth, "lang": lang})
        )
    try:
        hood = derived.neighbourhood(iri, depth, lang=lang)
    except EntityNotFound:
        message = TEXT[lang]["entity_missing"].format(iri=iri)
        return render(request, "error.html", status=404, message=message)
    shown = derived.snapshot().canonical.get(iri, iri)  # a sameAs clique is one node
    center = next(n.node for n in hood.nodes if n.node.iri in (iri, shown))
    if asked == "csv":
        return csv_response(edge_rows(hood), GRAPH_COLUMNS, "neighbourhood.csv")
    page = links(f"{PREFIX}/graph", {"iri": iri, "depth": depth})
    page["json_url"] = f"{PREFIX}/graph.json?" + urlencode(
        {"iri": iri, "depth": depth, "lang": lang}
    )
    return render(request, "graph.html", hood=hood, center=center, drawing=draw(hood), **page)


#: the columns of a group's member list export
GROUP_COLUMNS = ("iri", "label", "type", "partner", "partner_label")
#: records per page of a group's list
GROUP_PAGE = 100


def group_list(
    derived: Derived, hub: str, type_iri: str, year: str, lang: str
) -> tuple[str, list[tuple[Node, Node | None]]]:
    """The name of the group of ``type_iri`` records of ``year`` around ``hub`` and its
    records, largest first, each with the organisation it names besides the hub (a
    grant's recipient); raises :class:`EntityNotFound` for an unknown hub or group."""
    network = derived.network()
    members = network.group_members(hub, type_iri, year or None, lang=lang)
    if not members:  # no such group: the hub is not linked to records of that type
        raise EntityNotFound(type_iri)
    head = network.snap.canonical.get(hub, hub)
    group = make_group(network.snap, head, type_iri, year or None, (n.iri for n in members))
    rows = [(n, network.partner(n.iri, hub, lang)) for n in members]
    return network.group_name(group, lang), rows


@router.get("/group", response_class=HTMLResponse)
def group_page(
    request: Request,
    derived: DerivedDep,
    hub: str,
    type: str,
    year: str = "",
    page: int = 1,
    format: str = "",
) -> Response:
    """The records a group node of a neighbourhood stands for: those of class ``type``
    (of ``year`` when given) linked to ``hub``, by name, :data:`GROUP_PAGE` a page;
    ``?format=csv|json`` gives them all."""
    asked = check_format(format)
    lang = choose_lang(request)
    try:
        title, members = derived.remember(
            ("group", hub, type, year, lang), lambda: group_list(derived, hub, type, year, lang)
        )
    except EntityNotFound as missing:
        message = TEXT[lang]["entity_missing"].format(iri=missing.args[0])
        return render(request, "error.html", status=404, message=message)
    if asked:
        rows = [
            {"iri": n.iri, "label": n.label, "type": n.type_label,
             "partner": p.iri if p else None, "partner_label": p.label if p else None}
            for n, p in members
        ]  # fmt: skip
        if asked == "json":
            body = {"hub": hub, "type": type, "year": year or None, "members": rows}
            return json_response(body, "group.json")
        return csv_response(rows, GROUP_COLUMNS, "group.csv")
    hub_node = derived.snapshot().node(derived.snapshot().canonical.get(hub, hub), lang)
    state = {"hub": hub, "type": type, "year": year}
    pages = max(1, math.ceil(len(members) / GROUP_PAGE))
    page = max(1, min(page, pages))
    listed = members[(page - 1) * GROUP_PAGE : page * GROUP_PAGE]
    return render(
        request,
        "group.html",
        title=title,
        hub=hub_node,
        members=listed,
        total=len(members),
        page=page,
        pages=pages,
        page_link=lambda n: f"{PREFIX}/group?" + urlencode({**state, "page": n}),
        st=SEARCH_TEXT[lang],
        **links(f"{PREFIX}/group", {**state, "page": page if page > 1 else ""}),
    )


# ---------------------------------------------------------------------- path
def resolve(derived: Derived, text: str, lang: str) -> Node | None:
    """An IRI as given, or the best search result for a name."""
    text = text.strip()
    if text.startswith(("http://", "https://")):
        return derived.snapshot().node(text, lang)
    results = find(derived, text, None, lang) if text else []
    return Node(results[0].iri, results[0].label, results[0].kind) if results else None


PATH_COLUMNS = (
    "path",
    "step",
    "source",
    "source_label",
    "relation",
    "forward",
    "target",
    "target_label",
)


def path_rows(paths: list[list[Hop]]) -> list[dict[str, Any]]:
    """The hops of every path as rows (CSV, JSON): path and step numbers from 1."""
    return [
        {
            "path": i,
            "step": j,
            "source": hop.source.iri,
            "source_label": hop.source.label,
            "relation": hop.predicate_label,
            "forward": hop.forward,
            "target": hop.target.iri,
            "target_label": hop.target.label,
        }
        for i, path in enumerate(paths, start=1)
        for j, hop in enumerate(path, start=1)
    ]


@router.get("/path", response_class=HTMLResponse)
def path_page(
    request: Request, derived: DerivedDep, a: str = "", b: str = "", format: str = ""
) -> Response:
    """Shortest paths between two entities, each hop explained; ``?format=csv|json``
    (an unknown format is a 422)."""
    asked = check_format(format)
    lang = choose_lang(request)
    ends = [resolve(derived, x, lang) if x else None for x in (a, b)]
    missing = [x for x, end in zip((a, b), ends, strict=True) if x and end is None]
    found: list[list[Hop]] = []
    if ends[0] and ends[1]:
        try:
            found = derived.paths(ends[0].iri, ends[1].iri, lang=lang)
        except EntityNotFound as error:
            missing.append(str(error.args[0]))
    if asked == "json":
        return json_response(path_rows(found), "paths.json")
    if asked == "csv":
        return csv_response(path_rows(found), PATH_COLUMNS, "paths.csv")
    searched = bool(a and b)
    state = {"a": a, "b": b}
    return render(
        request,
        "path.html",
        a=a,
        b=b,
        ends=ends,
        paths=found,
        missing=missing,
        searched=searched,
        **links(f"{PREFIX}/path", state),
    )


# ---------------------------------------------------------------- indicators
FLAG_NAMES = {
    "innovative": ("innovatiiviset", "innovative"),
    "green": ("ympäristö", "green"),
    "social": ("sosiaaliset", "social"),
}
BREAKDOWN_NAMES = {
    "total": ("koko maa", "all of Finland"),
    "buyer-type": ("hankintayksikön tyyppi", "buyer type"),
    "region": ("maakunta", "region"),
    "cpv-division": ("CPV-pääryhmä", "CPV division"),
    "buyer": ("hankintayksikkö", "buyer"),
}
MEASURE_NAMES = {
    "count": ("hankintojen määrä", "number of lots"),
    "value": ("arvo (euroa)", "value (euros)"),
}
#: how each method measured: source formats of the notices, or the survey
METHOD_NAMES = {method: (fi, en) for method, (fi, _sv, en) in METHOD_TITLES.items()}
BUYER_TYPE_NAMES = {
    "municipal": ("kunnat", "municipal"),
    "state": ("valtio", "state"),
    "other": ("muut", "other"),
    "unknown": ("tuntematon", "unknown"),
}
#: breakdown values one year's chart and table keep (the most lots first)
BUYERS_SHOWN = 60
ROW_COLUMNS = (
    "year",
    "method",
    "key",
    "label",
    "share",
    "lots",
    "flagged",
    "missing_flag",
    "missing_value",
    "amount",
    "flagged_amount",
)


def _pick(names: dict[str, tuple[str, str]], key: str, lang: str) -> str:
    pair = names.get(key)
    return key if pair is None else (pair[1] if lang == "en" else pair[0])


def _point_label(found: Series, point: Point, lang: str) -> str:
    """A breakdown value's name in the UI language."""
    if found.breakdown == "buyer-type":
        return _pick(BUYER_TYPE_NAMES, point.key or "", lang)
    if found.breakdown == "region" and point.key:
        return codes.nuts_label(point.key, lang) or point.label or point.key
    if found.breakdown == "cpv-division" and point.key:
        label = codes.cpv_label(point.key + "000000", lang)
        return f"{point.key} {label}" if label else (point.label or point.key)
    return point.label or point.key or ""


def indicator_rows(
    found: Series, points: list[Point], measure: str, lang: str
) -> list[dict[str, Any]]:
    """The table (and CSV/JSON) rows: one per point, the share None for no data."""
    return [
        {
            "year": p.year,
            "method": p.method,
            "key": p.key,
            "label": _point_label(found, p, lang) if p.key else None,
            "share": share_of(p, measure),
            "lots": p.lots,
            "flagged": p.flagged,
            "missing_flag": p.missing_flag,
            "missing_value": p.missing_value,
            "amount": p.amount,
            "flagged_amount": p.flagged_amount,
        }
        for p in points
    ]


def _choice(value: str, allowed: tuple[str, ...] | list[str], default: str) -> str:
    return value if value in allowed else default


def indicator_list(store: Store, derived: Derived) -> list[SeriesInfo]:
    """The indicator series of the store, remembered per store state."""
    return derived.remember(("indicator-list",), lambda: list_series(store))


def indicator_series(store: Store, derived: Derived, name: str) -> Series:
    """The whole series ``name``, remembered per store state (reading it whole is far
    faster than ``series(limit=)``)."""
    return derived.remember(("indicator-series", name), lambda: series(store, name))


def warm_indicators(store: Store, derived: Derived) -> None:
    """Read what the indicators page shows first (the series list and the national
    innovative share), while the server warms up."""
    names = {i.name for i in indicator_list(store, derived)}
    first = series_name("innovative", "total")
    if first in names:
        indicator_series(store, derived, first)


@router.get("/indicators", response_class=HTMLResponse)
def indicators_page(
    request: Request,
    store: StoreDep,
    derived: DerivedDep,
    flag: str = "innovative",
    breakdown: str = "total",
    measure: str = "count",
    year: str = "",
    format: str = "",
) -> Response:
    """One series (flag × breakdown) by count or value: a line chart over the years
    against the target with the survey points, or one year's breakdown as bars (and
    a map for regions); always its table, CSV and JSON, and links to every series."""
    asked = check_format(format)
    lang = choose_lang(request)
    flag = _choice(flag, FLAGS, "innovative")
    breakdown = _choice(breakdown, BREAKDOWNS, "total")
    measure = _choice(measure, MEASURES, "count")
    infos = indicator_list(store, derived)
    name = series_name(flag, breakdown)
    if not any(i.name == name for i in infos):
        return render(
            request,
            "indicators.html",
            found=None,
            infos=infos,
            flag=flag,
            breakdown=breakdown,
            measure=measure,
        )
    found = indicator_series(store, derived, name)
    years = sorted({p.year for p in found.points if p.method != METHOD_SURVEY})
    chosen = int(year) if year.isdigit() and int(year) in years else (years[-1] if years else None)
    if breakdown == "total":
        points = found.points
    else:
        points = [p for p in found.points if p.year == chosen]
        points = sorted(points, key=lambda p: -(p.lots or 0))[:BUYERS_SHOWN]
    rows = indicator_rows(found, points, measure, lang)
    if asked == "csv":
        return csv_response(rows, ROW_COLUMNS, f"{name}-{measure}.csv")
    if asked == "json":
        body = {
            "series": name,
            "measure": measure,
            "year": chosen if breakdown != "total" else None,
            "target": found.target,
            "rows": rows,
        }
        return json_response(body, f"{name}-{measure}.json")
    other = derived.remember(("other-currencies",), lambda: other_currency_lots(store))
    shown_years = years if breakdown == "total" else [chosen] if chosen else []
    excluded: dict[str, int] = {}
    for y in shown_years:
        for cur, n in other.get(y, {}).items():
            excluded[cur] = excluded.get(cur, 0) + n
    too_large = derived.remember(("implausible",), lambda: implausible_lots(store, IMPLAUSIBLE_EUR))
    implausible = {y: too_large[y] for y in shown_years if too_large.get(y)}
    state = {"flag": flag, "breakdown": breakdown, "measure": measure}
    if breakdown != "total" and chosen:
        state["year"] = str(chosen)
    context: dict[str, Any] = dict(
        found=found,
        infos=infos,
        flag=flag,
        breakdown=breakdown,
        measure=measure,
        years=years,
        year=chosen,
        rows=rows,
        chart=line_chart(found, measure) if breakdown == "total" else None,
        bars=bars(points, measure) if breakdown != "total" else None,
        bar_labels={p.key: _point_label(found, p, lang) for p in points},
        map=region_map(points, measure, lang) if breakdown == "region" else None,
        excluded=excluded,
        excluded_total=sum(excluded.values()),
        implausible=implausible,
        implausible_bound=euros(IMPLAUSIBLE_EUR, lang),
        **links(f"{PREFIX}/indicators", state),
        api_csv=f"/indicators/{name}?" + urlencode({"format": "csv", "all": "true"}),
        flag_names={k: _pick(FLAG_NAMES, k, lang) for k in FLAGS},
        breakdown_names={k: _pick(BREAKDOWN_NAMES, k, lang) for k in BREAKDOWNS},
        measure_names={k: _pick(MEASURE_NAMES, k, lang) for k in MEASURES},
        method_name=lambda m: _pick(METHOD_NAMES, m, lang),
        series_title=title_of(found, lang),
        series_url=lambda f, b: (
            f"{PREFIX}/indicators?" + urlencode({"flag": f, "breakdown": b, "measure": measure})
        ),
        series_name=series_name,
        pct=lambda v: shown_percent(v, TEXT[lang]["no_data"]),
    )
    return render(request, "indicators.html", **context)


def title_of(found: Series, lang: str) -> str:
    """The series' title in ``lang``, else Finnish, else any, else its name."""
    titles = found.title
    return titles.get(lang) or titles.get("fi") or next(iter(titles.values()), found.name)


# ------------------------------------------------------------------- network
NETWORK_COLUMNS = ("rank", "iri", "label", "kind", "country", "degree", "betweenness", "pagerank")


def significant(value: float, digits: int = 3) -> str:
    """A centrality with ``digits`` significant digits (no exponent below 1e-4).

    >>> significant(0.0062817), significant(0.5644), significant(0.0)
    ('0.00628', '0.564', '0')
    """
    if value == 0 or not math.isfinite(value):
        return "0" if value == 0 else str(value)
    places = max(0, digits - 1 - math.floor(math.log10(abs(value))))
    return f"{value:.{places}f}"


@router.get("/network", response_class=HTMLResponse)
def network_page(
    request: Request,
    derived: DerivedDep,
    limit: int = 30,
    kind: str = "",
    country: str = "FI",
    format: str = "",
) -> Response:
    """Centrality rankings: who connects the ecosystem, filtered by kind and country
    (``FI``, ``abroad``, ``all`` or empty for all); sameAs twins are one actor.
    ``?format=csv`` or ``json`` exports the rows shown (an unknown format is a 422)."""
    asked = check_format(format)
    lang, size = choose_lang(request), max(1, min(limit, 200))
    kinds = (kind,) if kind in ACTOR_KINDS else ACTOR_KINDS
    country = "all" if country.lower() in ("", "all") else country
    where = None if country == "all" else country if country == "abroad" else country.upper()
    ranked = derived.remember(
        ("network", lang, size, kinds, where),
        lambda: derived.centrality(lang=lang, limit=size, kinds=kinds, country=where),
    )
    snap = derived.snapshot()
    rows = [
        {
            "rank": i,
            "iri": r.node.iri,
            "label": r.node.label,
            "kind": r.node.kind,
            "country": country_of(snap, r.node.iri),
            "degree": r.degree,
            "betweenness": r.betweenness,
            "pagerank": r.pagerank,
        }
        for i, r in enumerate(ranked, start=1)
    ]
    if asked == "json":
        return json_response(rows, "network.json")
    if asked == "csv":
        return csv_response(rows, NETWORK_COLUMNS, "network.csv")
    return render(
        request,
        "network.html",
        ranked=ranked,
        rows=rows,
        kind=kind,
        country=country,
        limit=size,
        actor_kinds=ACTOR_KINDS,
        significant=significant,
        # "all" kept in the links: an empty country would fall back to the default
        **links(f"{PREFIX}/network", {"kind": kind, "country": country, "limit": size}),
    )
