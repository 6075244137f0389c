"""The explorer: HTML pages for people browsing the graph (Finnish, English on request).

Pages read the graph through the app's derived state (:class:`graph.derived.Derived`:
descriptions, network, search, matcher), ``graph.indicators`` and ``graph.codes``.
The language comes from ``?lang=fi|en`` (remembered in a cookie), else the
cookie, else Finnish.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates

from api.deps import DerivedDep, StoreDep
from graph.companies import CompanyProfile, FundingYear, company_profile, instrument_labels
from graph.derived import Derived
from graph.indicators import Series, list_series, series
from graph.network import GraphNode, Hop, Neighbourhood
from graph.snapshot import EntityNotFound
from graph.store import Store
from graph.vocabulary import Node

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
    },
}


def choose_lang(request: Request) -> str:
    """``?lang=``, else the language cookie, else Finnish."""
    asked = request.query_params.get("lang") or request.cookies.get(LANG_COOKIE) or "fi"
    return asked if asked in LANGUAGES else "fi"


def entity_url(iri: str, page: str = "entity", **extra: Any) -> str:
    """The explorer URL of one entity's page (``entity`` or ``graph``)."""
    return f"{PREFIX}/{page}?" + urlencode({"iri": iri, **extra})


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
        euros=euros,
        switch=switch_url(request, lang),
        prefix=PREFIX,
    )
    response = templates.TemplateResponse(request, name, context, status_code=status)
    if request.query_params.get("lang") in LANGUAGES:
        response.set_cookie(LANG_COOKIE, lang, max_age=365 * 24 * 3600, samesite="lax")
    return response


# -------------------------------------------------------------------- search
@dataclass(frozen=True)
class Result:
    """One search result as the page shows it."""

    iri: str
    label: str
    kind: str
    detail: str


def find(derived: Derived, q: str, kind: str | None, lang: str) -> list[Result]:
    """Search results for ``q`` (at most 30), of display kind ``kind`` when given."""
    snap = derived.snapshot()
    results = []
    for hit in derived.search(q, lang=lang, limit=60):
        hit_kind = snap.kind(hit.iri)
        if kind and hit_kind != kind:
            continue
        matched = hit.matched  # the alias or other-language name that hit
        detail = matched if matched not in ("", hit.label) else snap.node(hit.iri, lang).type_label
        results.append(Result(hit.iri, hit.label, hit_kind, detail))
    return results[:30]


@router.get("", response_class=HTMLResponse)
@router.get("/", response_class=HTMLResponse)
def search_page(request: Request, derived: DerivedDep, q: str = "", kind: str = "") -> Response:
    """Search across all entities with a type filter."""
    results = find(derived, q, kind or None, choose_lang(request)) if q else []
    return render(request, "search.html", q=q, kind=kind, results=results, searched=bool(q))


# -------------------------------------------------------------------- entity
@router.get("/entity", response_class=HTMLResponse)
def entity_page(request: Request, derived: DerivedDep, store: StoreDep, iri: str) -> Response:
    """Labels, types, facts, links by relation with their sources, and a timeline;
    for an organisation the registry and funding know, its company facts too."""
    lang = choose_lang(request)
    try:
        view = derived.describe(iri, lang=lang)
    except EntityNotFound:
        message = TEXT[lang]["entity_missing"].format(iri=iri)
        return render(request, "error.html", status=404, message=message)
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


@router.get("/graph", response_class=HTMLResponse)
def graph_page(request: Request, derived: DerivedDep, iri: str, depth: int = 1) -> Response:
    """The entity and its neighbours to depth 1 or 2 as an SVG network."""
    lang = choose_lang(request)
    try:
        hood = derived.neighbourhood(iri, max(1, min(depth, 2)), lang=lang)
    except EntityNotFound:
        message = TEXT[lang]["entity_missing"].format(iri=iri)
        return render(request, "error.html", status=404, message=message)
    center = next(n.node for n in hood.nodes if n.node.iri == iri)
    return render(request, "graph.html", hood=hood, center=center, drawing=draw(hood))


# ---------------------------------------------------------------------- path
def resolve(derived: Derived, text: str, lang: str) -> Node | None:
    """An IRI as given, or the best search result for a name."""
    text = text.strip()
    if text.startswith(("http://", "https://")):
        return derived.snapshot().node(text, lang)
    results = find(derived, text, None, lang) if text else []
    return Node(results[0].iri, results[0].label, results[0].kind) if results else None


@router.get("/path", response_class=HTMLResponse)
def path_page(request: Request, derived: DerivedDep, a: str = "", b: str = "") -> Response:
    """Shortest paths between two entities, each hop explained."""
    lang = choose_lang(request)
    ends = [resolve(derived, x, lang) if x else None for x in (a, b)]
    missing = [x for x, end in zip((a, b), ends, strict=True) if x and end is None]
    found: list[list[Hop]] = []
    if ends[0] and ends[1]:
        try:
            found = derived.paths(ends[0].iri, ends[1].iri, lang=lang)
        except EntityNotFound as error:
            missing.append(str(error.args[0]))
    searched = bool(a and b)
    return render(
        request, "path.html", a=a, b=b, ends=ends, paths=found, missing=missing, searched=searched
    )


# ---------------------------------------------------------------- indicators
@dataclass(frozen=True)
class Line:
    """One line of a chart: the points of one method, ``(year, share)`` oldest first."""

    method: str
    points: list[tuple[str, float]]


@dataclass(frozen=True)
class Chart:
    """The national series of one indicator and flag (one line per method), scaled to SVG."""

    title: str
    indicator: str | None
    target: float | None
    lines: list[tuple[Line, list[tuple[float, float, str, float]]]]
    x_ticks: list[tuple[float, str]]
    y_ticks: list[tuple[float, str]]
    target_y: float | None
    width: int = 640
    height: int = 280


def national_series(store: Store) -> list[list[Series]]:
    """The series without breakdown (``graph.indicators``), grouped by indicator and flag."""
    grouped: dict[tuple[str | None, str], list[Series]] = {}
    for info in list_series(store):
        if info.breakdown == "total":
            found = series(store, info.name)
            grouped.setdefault((found.indicator, found.flag), []).append(found)
    return list(grouped.values())


def lines_of(group: list[Series]) -> list[Line]:
    """One line per method over the series of a group; a point shown twice counts once."""
    by_method: dict[str, dict[str, float]] = {}
    for found in group:
        for point in found.points:
            by_method.setdefault(point.method, {})[str(point.year)] = point.share
    return [Line(method, sorted(points.items())) for method, points in sorted(by_method.items())]


def title_of(found: Series, lang: str) -> str:
    """The series' title in ``lang``, else Finnish, else any, else its name."""
    titles = found.title
    return titles.get(lang) or titles.get("fi") or next(iter(titles.values()), found.name)


@router.get("/indicators", response_class=HTMLResponse)
def indicators_page(request: Request, store: StoreDep) -> Response:
    """National indicator series against their targets, as SVG line charts."""
    lang = choose_lang(request)
    charts = [
        chart(title_of(group[0], lang), group[0].indicator, _target(group), lines_of(group))
        for group in national_series(store)
    ]
    return render(request, "indicators.html", charts=charts)


def _target(group: list[Series]) -> float | None:
    return next((s.target for s in group if s.target is not None), None)


def chart(
    title: str,
    indicator: str | None,
    target: float | None,
    lines: list[Line],
    width: int = 640,
    height: int = 280,
) -> Chart:
    """Scale the lines to one box: 60 px left for the axis, 40 px below for years."""
    periods = sorted({period for line in lines for period, _ in line.points})
    values = [v for line in lines for _, v in line.points]
    values += [target] if target is not None else []
    top = max([*values, 0.01]) * 1.15
    step = (width - 100) / max(len(periods) - 1, 1)
    x = {period: 60 + i * step for i, period in enumerate(periods)}

    def y(value: float) -> float:
        return round(height - 40 - value / top * (height - 60), 1)

    scaled = [(line, [(x[p], y(v), p, v) for p, v in line.points]) for line in lines]
    y_ticks = [(y(top * f / 4), f"{top * f / 4 * 100:.0f} %") for f in range(5)]
    target_y = y(target) if target is not None else None
    x_ticks = [(pos, period) for period, pos in x.items()]
    return Chart(title, indicator, target, scaled, x_ticks, y_ticks, target_y, width, height)


# ------------------------------------------------------------------- network
@router.get("/network", response_class=HTMLResponse)
def network_page(request: Request, derived: DerivedDep, limit: int = 30) -> Response:
    """Centrality rankings: who connects the ecosystem."""
    lang, size = choose_lang(request), max(1, min(limit, 200))
    ranked = derived.centrality(lang=lang, limit=size, kinds=ACTOR_KINDS)
    return render(request, "network.html", ranked=ranked, isfinite=math.isfinite)
