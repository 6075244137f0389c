"""The explorer: HTML pages for people browsing the graph (Finnish, English on request).

Pages read the graph through ``graph.entities`` and, when they are installed,
``graph.search``, ``graph.matching`` and ``graph.indicators``; a page whose
module is missing says so instead of failing. The language comes from
``?lang=fi|en`` (remembered in a cookie), else the cookie, else Finnish.
"""

from __future__ import annotations

import importlib
import logging
import math
import threading
import time
import weakref
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from api.deps import StoreDep
from graph import entities
from graph.store import Store

HERE = Path(__file__).resolve().parents[1]
PREFIX = "/explore"
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
        "fallback_search": "Hakuindeksi ei ole vielä käytössä; tulokset ovat nimihaun.",
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
        "why": "Perustelut",
        "missing_module": "Tämä toiminto ei ole vielä käytettävissä ({module} puuttuu).",
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
        "fallback_search": "The search index is not available yet; these are label matches.",
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
        "why": "Why",
        "missing_module": "This feature is not available yet ({module} is missing).",
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
    },
}


def setup(app: FastAPI) -> None:
    """Serve the explorer's CSS and JavaScript from ``api/static``."""
    app.mount(f"{PREFIX}/static", StaticFiles(directory=HERE / "static"), name="explorer-static")
    store = getattr(app.state, "store", None)
    # The first page otherwise pays for reading the graph and ranking it (seconds);
    # the search and match indexes are left to their modules, so that every app
    # made in a test does not build them in the background.
    if store is not None and store.path is not None and store.count() <= WARM_LIMIT:
        threading.Thread(target=warm, args=(store, app.state), daemon=True).start()


# Above this many quads the network view (every non-code-list triple read into
# networkx: minutes of CPU on millions of quads) is built on first visit only.
WARM_LIMIT = 1_000_000


def warm(store: Store, state: Any = None, *, indexes: bool = False) -> None:
    """Fill the explorer's per-store caches (snapshot, centrality, indicator series)
    before the first visitor needs them; with ``indexes`` also the search and match
    indexes, which their own modules otherwise build on first use."""
    entities.centrality(store, limit=1)
    entities.indicator_series(store)
    for lang in LANGUAGES:  # the match form's pickers read the code lists
        cpv_choices(lang)
        region_choices(lang)
    if not indexes:
        return
    search = optional("graph.search", "label_index")
    if search is not None:
        search.label_index(store)
    matching = optional("graph.matching", "Need", "Matcher")
    if matching is not None:
        try:
            matcher_for(state, store, matching)
        except Exception as problem:  # the match page reports it when asked
            log.warning("match index not ready: %s", problem)


# ------------------------------------------------------------------ helpers
def optional(module: str, *names: str) -> ModuleType | None:
    """``module`` when it imports and defines ``names``, else None (not landed yet)."""
    try:
        found = importlib.import_module(module)
    except ImportError:
        return None
    return found if all(hasattr(found, name) for name in names) else None


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


def find(store: Store, q: str, kind: str | None, lang: str) -> tuple[list[Result], bool]:
    """Search results for ``q`` and whether the plain label fallback answered.

    Uses ``graph.search.search`` when installed, else :func:`graph.entities.lookup`.
    """
    search = optional("graph.search", "search")
    if search is None:
        nodes = entities.lookup(store, q, kind=kind, lang=lang, limit=30)
        return [Result(n.iri, n.label, n.kind, n.type_label) for n in nodes], True
    snap = entities.snapshot(store)
    results = []
    for hit in search.search(store, q, lang=lang, limit=60):
        hit_kind = entities.kind_of(hit.iri, snap.types.get(hit.iri, ()))
        if kind and hit_kind != kind:
            continue
        matched = str(hit.matched or "")  # the alias or other-language name that hit
        detail = matched if matched not in ("", hit.label) else snap.node(hit.iri, lang).type_label
        results.append(Result(hit.iri, hit.label, hit_kind, detail))
    return results[:30], False


@router.get("", response_class=HTMLResponse)
@router.get("/", response_class=HTMLResponse)
def search_page(request: Request, store: StoreDep, q: str = "", kind: str = "") -> Response:
    """Search across all entities with a type filter."""
    results, fallback = find(store, q, kind or None, choose_lang(request)) if q else ([], False)
    return render(
        request, "search.html", q=q, kind=kind, results=results, fallback=fallback, searched=bool(q)
    )


# -------------------------------------------------------------------- entity
@router.get("/entity", response_class=HTMLResponse)
def entity_page(request: Request, store: StoreDep, iri: str) -> Response:
    """Labels, types, facts, links by relation with their sources, and a timeline."""
    lang = choose_lang(request)
    try:
        view = entities.describe(store, iri, lang=lang)
    except entities.EntityNotFound:
        message = TEXT[lang]["entity_missing"].format(iri=iri)
        return render(request, "error.html", status=404, message=message)
    return render(request, "entity.html", view=view)


# ------------------------------------------------------------- neighbourhood
@dataclass(frozen=True)
class Drawing:
    """A neighbourhood scaled to SVG coordinates."""

    width: int
    height: int
    nodes: list[tuple[entities.GraphNode, float, float]]
    edges: list[tuple[float, float, float, float, str]]


def draw(hood: entities.Neighbourhood, width: int = 960, height: int = 640) -> Drawing:
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
def graph_page(request: Request, store: StoreDep, iri: str, depth: int = 1) -> Response:
    """The entity and its neighbours to depth 1 or 2 as an SVG network."""
    lang = choose_lang(request)
    try:
        hood = entities.neighbourhood(store, iri, depth, lang=lang)
    except entities.EntityNotFound:
        message = TEXT[lang]["entity_missing"].format(iri=iri)
        return render(request, "error.html", status=404, message=message)
    center = next(n.node for n in hood.nodes if n.node.iri == iri)
    return render(request, "graph.html", hood=hood, center=center, drawing=draw(hood))


# ---------------------------------------------------------------------- path
def resolve(store: Store, text: str, lang: str) -> entities.Node | None:
    """An IRI as given, or the best search result for a name."""
    text = text.strip()
    if text.startswith(("http://", "https://")):
        return entities.snapshot(store).node(text, lang)
    results, _ = find(store, text, None, lang) if text else ([], False)
    return entities.Node(results[0].iri, results[0].label, results[0].kind) if results else None


@router.get("/path", response_class=HTMLResponse)
def path_page(request: Request, store: StoreDep, a: str = "", b: str = "") -> Response:
    """Shortest paths between two entities, each hop explained."""
    lang = choose_lang(request)
    ends = [resolve(store, x, lang) if x else None for x in (a, b)]
    missing = [x for x, end in zip((a, b), ends, strict=True) if x and end is None]
    found: list[list[entities.Hop]] = []
    if ends[0] and ends[1]:
        try:
            found = entities.paths(store, ends[0].iri, ends[1].iri, lang=lang)
        except entities.EntityNotFound as error:
            missing.append(str(error.args[0]))
    searched = bool(a and b)
    return render(
        request, "path.html", a=a, b=b, ends=ends, paths=found, missing=missing, searched=searched
    )


# --------------------------------------------------------------------- match
_MATCHERS: weakref.WeakKeyDictionary[Store, tuple[object, Any]] = weakref.WeakKeyDictionary()


def matcher_for(state: Any, store: Store, matching: ModuleType) -> Any:
    """The app's matcher (``app.state.matcher``), else one for the store's current state.

    The index lives where ``keino match`` keeps it (``default_index_dir``);
    ``load_or_build`` rebuilds it when the store changed since.
    """
    shared = getattr(state, "matcher", None)
    if shared is not None:
        return shared
    key = entities.fingerprint(store)
    cached = _MATCHERS.get(store)
    if cached is None or cached[0] != key:
        where = getattr(matching, "default_index_dir", None)
        folder = where(store) if where is not None else None
        cached = (key, matching.Matcher.load_or_build(store, folder))
        _MATCHERS[store] = cached
    return cached[1]


@lru_cache(maxsize=4)
def cpv_choices(lang: str) -> list[tuple[str, str]]:
    """CPV divisions (``XX000000``) with their labels, for the picker."""
    codes = optional("graph.codes", "cpv_codes", "nuts_codes")
    if codes is None:
        return []
    divisions = [c for c in codes.cpv_codes() if c.endswith("000000")]
    return [(c, f"{c[:2]} {codes.cpv_label(c, lang) or ''}".strip()) for c in sorted(divisions)]


@lru_cache(maxsize=4)
def region_choices(lang: str) -> list[tuple[str, str]]:
    """Finnish NUTS-3 regions (maakunnat) with their labels."""
    codes = optional("graph.codes", "cpv_codes", "nuts_codes")
    if codes is None:
        return []
    found = [c for c in codes.nuts_codes() if c.startswith("FI") and len(c) == 5]
    labelled = [(c, codes.nuts_label(c, lang) or c) for c in found]
    return sorted(labelled, key=lambda pair: pair[1])


@router.get("/match", response_class=HTMLResponse)
def match_page(
    request: Request, store: StoreDep, text: str = "", cpv: str = "", region: str = ""
) -> Response:
    """A need (text, CPV division, region) → ranked suppliers with explanations."""
    lang = choose_lang(request)
    matching = optional("graph.matching", "Need", "Matcher")
    matches: list[Any] = []
    error = None
    elapsed = None
    if matching is not None and text.strip():
        started = time.perf_counter()
        need = matching.Need(text, cpv=(cpv,) if cpv else (), region=region or None)
        try:
            matches = matcher_for(request.app.state, store, matching).match(need)
        except Exception as problem:  # show the reason, keep the page
            log.warning("match failed for %r: %s", text[:80], problem)
            error = f"{type(problem).__name__}: {problem}"
        elapsed = round((time.perf_counter() - started) * 1000)
    labels = entities.snapshot(store)
    return render(
        request,
        "match.html",
        text=text,
        cpv=cpv,
        region=region,
        available=matching is not None,
        matches=matches,
        error=error,
        elapsed=elapsed,
        searched=bool(text.strip()),
        cpvs=cpv_choices(lang),
        regions=region_choices(lang),
        evidence_label=lambda iri: labels.label(iri, lang),
    )


# ---------------------------------------------------------------- indicators
@router.get("/indicators", response_class=HTMLResponse)
def indicators_page(request: Request, store: StoreDep) -> Response:
    """Indicator series against their targets, as SVG line charts."""
    lang = choose_lang(request)
    module = optional("graph.indicators")
    grouped: dict[tuple[str, str], list[entities.Series]] = {}
    for series in entities.indicator_series(store, lang=lang):
        grouped.setdefault((series.indicator, series.flag), []).append(series)
    charts = [chart(group) for group in grouped.values()]
    return render(request, "indicators.html", available=module is not None, charts=charts)


@dataclass(frozen=True)
class Chart:
    """Series of one indicator and flag (one line per method), with axis ticks and target."""

    first: entities.Series
    lines: list[tuple[entities.Series, list[tuple[float, float, str, float]]]]
    x_ticks: list[tuple[float, str]]
    y_ticks: list[tuple[float, str]]
    target_y: float | None
    width: int = 640
    height: int = 280


def chart(group: list[entities.Series], width: int = 640, height: int = 280) -> Chart:
    """Scale the series to one box: 60 px left for the axis, 40 px below for years."""
    periods = sorted({period for series in group for period, _ in series.points})
    target = next((s.target for s in group if s.target is not None), None)
    values = [v for s in group for _, v in s.points] + ([target] if target is not None else [])
    top = max([*values, 0.01]) * 1.15
    step = (width - 100) / max(len(periods) - 1, 1)
    x = {period: 60 + i * step for i, period in enumerate(periods)}

    def y(value: float) -> float:
        return round(height - 40 - value / top * (height - 60), 1)

    lines = [(s, [(x[p], y(v), p, v) for p, v in s.points]) for s in group]
    y_ticks = [(y(top * f / 4), f"{top * f / 4 * 100:.0f} %") for f in range(5)]
    target_y = y(target) if target is not None else None
    x_ticks = [(pos, period) for period, pos in x.items()]
    return Chart(group[0], lines, x_ticks, y_ticks, target_y, width, height)


# ------------------------------------------------------------------- network
@router.get("/network", response_class=HTMLResponse)
def network_page(request: Request, store: StoreDep, limit: int = 30) -> Response:
    """Centrality rankings: who connects the ecosystem."""
    lang, size = choose_lang(request), max(1, min(limit, 200))
    ranked = entities.centrality(store, lang=lang, limit=size, kinds=ACTOR_KINDS)
    return render(request, "network.html", ranked=ranked, isfinite=math.isfinite)
