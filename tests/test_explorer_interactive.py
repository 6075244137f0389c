"""The explorer's interactive views in a real headless Chromium, with an axe-core
accessibility check and a screenshot of every page.

Covers the cytoscape neighbourhood (and its SVG fallback without JavaScript),
the YASGUI SPARQL workbench (permalinks, examples that run as shown, result IRIs
as names), the match pages (CPV tree, current regions, budget and buyer, open
needs for a supplier) and the vendored browser libraries. Drives Debian's
``chromium`` through playwright's Python package; screenshots and axe results go
to ``test-artifacts/explorer/``. The libraries come from ``scripts/vendor-js``
(run by ``make install``, ``make test``, ``make demo``).
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from playwright import sync_api

from api.main import create_app
from api.routers.match import SIGNAL_NAMES, region_choices
from graph.iris import ID_BASE
from graph.store import Store

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path(os.environ.get("KEINO_CHROMIUM", "/usr/bin/chromium"))
VENDOR = ROOT / "api" / "static" / "vendor"
ARTIFACTS = ROOT / "test-artifacts" / "explorer"
BLOCKING = ("serious", "critical")

if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is missing: run scripts/ensure-chromium", allow_module_level=True)


@pytest.fixture(scope="module")
def vendored() -> Path:
    """The vendored libraries; their absence fails with the command that makes them."""
    missing = [
        n for n in ("cytoscape.min.js", "yasgui.min.js", "axe.min.js") if not (VENDOR / n).is_file()
    ]
    assert not missing, f"{missing} missing in {VENDOR}: run scripts/vendor-js (make install)"
    return VENDOR


@pytest.fixture(scope="module")
def app(demo_store: Store) -> FastAPI:
    app = create_app(demo_store, warm=False)
    app.state.derived.warm()
    app.state.derived.matcher()
    return app


@pytest.fixture(scope="module")
def server(app: FastAPI, live_server: Callable[[Store | FastAPI], str]) -> str:
    return live_server(app)


@pytest.fixture(scope="module")
def browser(vendored: Path) -> Iterator[Any]:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fi-FI")
    tab = context.new_page()
    tab.set_default_timeout(20_000)
    yield tab
    context.close()


@pytest.fixture(scope="module")
def hub(app: FastAPI) -> str:
    """The best-connected organisation of the demo graph."""
    iri: str = app.state.derived.centrality(limit=1, kinds=("organisation",))[0].node.iri
    return iri


@pytest.fixture(scope="module")
def supplier(app: FastAPI) -> str:
    """The best-connected past winner of the demo graph that has open needs."""
    derived, matcher = app.state.derived, app.state.derived.matcher()
    for ranked in derived.centrality(limit=500, kinds=("organisation",)):
        if matcher.has_supplier(ranked.node.iri) and matcher.needs_for(ranked.node.iri, 1):
            return str(ranked.node.iri)
    raise AssertionError("the demo graph has no winner with an open need")


def axe(page: Any, name: str) -> list[dict[str, Any]]:
    """Run the vendored axe-core on the page; save every violation to the artifacts
    and return the serious and critical ones."""
    page.add_script_tag(url="/explore/static/vendor/axe.min.js")  # the CSP allows 'self' only
    found = page.evaluate("async () => (await axe.run(document)).violations")
    summary = [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "targets": [n["target"] for n in v["nodes"]][:5],
        }
        for v in found
    ]
    (ARTIFACTS / f"axe-{name}.json").write_text(json.dumps(summary, indent=1), encoding="utf-8")
    return [v for v in summary if v["impact"] in BLOCKING]


def shot(page: Any, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"interactive-{name}.png"), full_page=True)


# ------------------------------------------------------------------ vendoring
def test_pages_load_scripts_and_styles_from_this_server_only(
    server: str, page: Any, hub: str
) -> None:
    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(server) else None)
    for url in ("/explore/graph?" + urlencode({"iri": hub}), "/sparql", "/explore/match"):
        page.goto(server + url)
        page.wait_for_load_state("networkidle")
    assert outside == [], "every script, style and request stays on this server"
    versions = (VENDOR / "VERSIONS.tsv").read_text(encoding="utf-8")
    assert "cytoscape\t3.34" in versions and "@zazuko/yasgui\t4.6" in versions
    assert "axe-core\t4.14" in versions


# -------------------------------------------------------------------- graph
GRAPH_STATE = """() => {
  const cy = window.keinoGraph;
  const box = (e) => e.renderedBoundingBox({ includeLabels: true });
  const nodes = cy.nodes(':visible').map((n) => ({ id: n.id(), label: n.data('label'),
      kind: n.data('kind'), box: box(n) }));
  const edges = cy.edges().map((e) => e.data('label'));
  return { nodes, edges, zoom: cy.zoom(), width: cy.width(), height: cy.height() };
}"""


def _overlaps(nodes: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """Pairs of nodes whose drawn boxes (circle and label) intersect."""
    found = []
    for i, a in enumerate(nodes):
        for b in nodes[i + 1 :]:
            p, q = a["box"], b["box"]
            if p["x1"] < q["x2"] and q["x1"] < p["x2"] and p["y1"] < q["y2"] and q["y1"] < p["y2"]:
                found.append((a["label"], b["label"]))
    return found


def test_neighbourhood_is_interactive_and_readable(server: str, page: Any, hub: str) -> None:
    page.goto(f"{server}/explore/graph?" + urlencode({"iri": hub, "depth": 1}))
    page.wait_for_selector("#graph-live[data-ready=true]")
    assert page.locator("#graph-fallback").is_hidden(), "the SVG gives way to the live graph"
    state = page.evaluate(GRAPH_STATE)
    assert len(state["nodes"]) >= 5
    assert not [n for n in state["nodes"] if n["label"].startswith("http")], "names, not IRIs"
    assert state["edges"] and all(state["edges"]), "every edge carries its relation's label"
    assert _overlaps(state["nodes"]) == [], "no label is drawn over another node or label"
    inside = [
        n
        for n in state["nodes"]
        if n["box"]["x1"] >= 0
        and n["box"]["y1"] >= 0
        and n["box"]["x2"] <= state["width"]
        and n["box"]["y2"] <= state["height"]
    ]
    assert len(inside) == len(state["nodes"]), "no node or label is cut at the edge"
    shot(page, "graph-depth1")

    page.get_by_role("button", name="Lähennä").click()
    assert page.evaluate(GRAPH_STATE)["zoom"] > state["zoom"] * 1.2
    page.get_by_role("button", name="Sovita näkymään").click()

    kinds = {n["kind"] for n in state["nodes"] if n["id"] != hub}
    kind = sorted(kinds)[0]
    box = page.locator(f"#graph-filters input[value='{kind}']")
    box.uncheck()
    shown = page.evaluate(
        "([kind, hub]) => window.keinoGraph.nodes().filter((n) => n.data('kind') === kind"
        " && n.id() !== hub).map((n) => n.style('display'))",
        [kind, hub],
    )
    assert shown and set(shown) == {"none"}, "the filter hides that type's nodes"
    box.check()

    # Drag a neighbour: it moves; a click on it (no drag) opens its entity page.
    target = next(n for n in state["nodes"] if n["id"] != hub)
    where = page.evaluate(
        "(id) => window.keinoGraph.getElementById(id).renderedPosition()", target["id"]
    )
    centre = page.evaluate("(id) => window.keinoGraph.getElementById(id).renderedPosition()", hub)
    canvas = page.locator("#graph-canvas").bounding_box()
    x, y = canvas["x"] + where["x"], canvas["y"] + where["y"]
    # Away from the hub, so the dragged node does not land under another one.
    dx, dy = where["x"] - centre["x"], where["y"] - centre["y"]
    norm = max((dx * dx + dy * dy) ** 0.5, 1.0)
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 60 * dx / norm, y + 60 * dy / norm, steps=5)
    page.mouse.up()
    moved = page.evaluate(
        "(id) => window.keinoGraph.getElementById(id).renderedPosition()", target["id"]
    )
    assert abs(moved["x"] - where["x"]) + abs(moved["y"] - where["y"]) > 30, "nodes can be dragged"
    page.mouse.click(canvas["x"] + moved["x"], canvas["y"] + moved["y"])
    page.wait_for_url("**/explore/entity?**")
    assert page.locator("h1").inner_text().strip() == target["label"]


def test_depth_two_stays_readable(server: str, page: Any, hub: str) -> None:
    page.goto(f"{server}/explore/graph?" + urlencode({"iri": hub, "depth": 2}))
    page.wait_for_selector("#graph-live[data-ready=true]")
    state = page.evaluate(GRAPH_STATE)
    assert 10 < len(state["nodes"]) <= 60, "a readable graph, not a knot of records"
    assert _overlaps(state["nodes"]) == []
    shot(page, "graph-depth2")
    # The hub's thousands of funding records are one node per year; a tap lists them.
    groups = [n for n in state["nodes"] if n["id"].startswith("group:")]
    assert len(groups) >= 2, "the best-connected organisation's records are grouped"
    shown = page.evaluate(
        "(id) => window.keinoGraph.getElementById(id).style('label')", groups[0]["id"]
    )
    head, _, rest = groups[0]["label"].partition(": ")
    assert shown == f"{head}\n{rest}", "a group reads on two whole lines, count and sum"
    page.locator("#graph-canvas").scroll_into_view_if_needed()  # the click lands in view
    where = page.evaluate(
        "(id) => window.keinoGraph.getElementById(id).renderedPosition()", groups[0]["id"]
    )
    canvas = page.locator("#graph-canvas").bounding_box()
    page.mouse.click(canvas["x"] + where["x"], canvas["y"] + where["y"])
    page.wait_for_url("**/explore/group?**")
    assert page.locator("h1").inner_text().strip() == groups[0]["label"]
    listed = page.locator("main ul.columns li").count()
    heading = page.locator("main h2").first.inner_text().replace("\xa0", "")
    assert listed == min(100, int(re.sub(r"\D", "", heading))), "a page of 100 at most"
    assert re.sub(r"\D", "", rest.split(" rahoitus")[0]) == re.sub(r"\D", "", heading)
    shot(page, "group-list")


def test_neighbourhood_without_javascript_is_the_svg(browser: Any, server: str, hub: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(f"{server}/explore/graph?" + urlencode({"iri": hub}))
    assert tab.locator("svg.network circle").count() >= 5
    assert tab.locator("#graph-live").is_hidden()
    context.close()


# --------------------------------------------------------------------- SPARQL
def _rows(text: str) -> list[tuple[str, ...]]:
    """CSV rows in order, numbers compared by value (``95414`` is ``95414.0``)."""

    def value(cell: str) -> str:
        try:
            return repr(float(cell))
        except ValueError:
            return cell

    return sorted(tuple(value(c) for c in row) for row in csv.reader(io.StringIO(text)))


def test_named_query_examples_answer_as_their_bound_form(app: FastAPI) -> None:
    """The text the workbench shows for each example (parameters in VALUES), sent to
    /sparql, answers what /queries/NAME answers with the same example values."""
    client = TestClient(app)
    checked, answered = 0, 0
    for info in client.get("/queries").json():
        given = {p["name"]: p["example"] for p in info["params"] if not p["optional"]}
        if info["kind"] != "select" or not given or None in given.values():
            continue
        named = client.get(f"/queries/{info['name']}", params={**given, "format": "csv"})
        shown = client.post(
            "/sparql", data={"query": info["example_sparql"]}, headers={"Accept": "text/csv"}
        )
        assert named.status_code == shown.status_code == 200, info["name"]
        rows = _rows(shown.text)
        assert rows == _rows(named.text), info["name"]
        checked += 1
        answered += len(rows) > 1
    assert checked >= 12 and answered >= checked - 2, (checked, answered)


def test_sparql_permalink_opens_the_workbench_with_names(server: str, page: Any) -> None:
    query = (
        "PREFIX keino: <https://w3id.org/keino/ontology#>\n"
        "SELECT ?ministry WHERE { ?ministry a keino:Ministry } LIMIT 5"
    )
    page.goto(f"{server}/sparql?" + urlencode({"query": query}))
    page.wait_for_selector(".yasr a.keino-label")
    shown = page.evaluate("() => window.keinoYasgui.getTab().getYasqe().getValue()")
    assert shown == query, "the permalink's query is in the editor"
    link = page.locator(".yasr a.keino-label").first
    assert not link.inner_text().startswith(("http", "<")), "a name, not an IRI"
    assert "/explore/entity?" in (link.get_attribute("href") or "")
    assert "query=" in (page.locator("#permalink").get_attribute("href") or "")
    shot(page, "sparql-permalink")


def test_sparql_examples_run_as_shown_in_finnish_and_english(server: str, page: Any) -> None:
    page.goto(f"{server}/explore?lang=fi")
    page.get_by_role("link", name="SPARQL").click()
    sync_api.expect(page.locator("h1")).to_have_text("SPARQL-työpöytä", timeout=30_000)
    page.wait_for_selector("#examples option[value='keino-consortium-on-date']", state="attached")
    page.select_option("#examples", "keino-consortium-on-date")
    page.wait_for_selector(".yasr tbody tr td a.keino-label")
    assert page.locator(".yasr tbody tr").count() >= 3
    assert "2023-01-01" in page.locator("#description").inner_text()
    page.wait_for_selector(".yasr >> text=Taulukko")  # YASGUI's own words in Finnish too
    assert page.locator(".yasr").get_by_text("Table", exact=True).count() == 0
    shot(page, "sparql-example")
    page.goto(f"{server}/sparql?lang=en")
    assert page.locator("h1").inner_text() == "SPARQL workbench"


# ---------------------------------------------------------------------- match
def test_region_picker_lists_each_current_region_once() -> None:
    regions = [code for _, items in region_choices("fi") for code, _ in items]
    names = [name for _, items in region_choices("fi") for _, name in items]
    assert len(regions) == 19 and len(set(names)) == 19, "the 19 maakunnat of NUTS 2024"
    assert "FI19B" in regions and "FI197" not in regions, "Pirkanmaa by its 2024 code"


def test_match_form_searches_the_cpv_tree_and_passes_budget_and_buyer(
    server: str, page: Any
) -> None:
    page.goto(f"{server}/explore/match?lang=fi")
    page.get_by_label("Tarpeen kuvaus").fill("sähköbussien latausinfrastruktuuri")
    page.get_by_role("combobox", name="CPV-koodi").press_sequentially("linja-auto", delay=20)
    page.wait_for_selector("#cpv-suggestions li")
    page.locator("#cpv-suggestions li", has_text="34121000").click()
    assert page.get_by_role("combobox", name="CPV-koodi").input_value() == "34121000"
    page.locator("#cpv-tree summary").click()
    page.locator("#cpv-tree button.expand").first.click()
    page.wait_for_selector("#cpv-tree ul.tree ul li")
    page.get_by_label("Alue").select_option(label="Pirkanmaa")
    page.get_by_label("Arvioitu arvo (€)").fill("250000")
    page.get_by_label("Hankkija (nimi tai IRI)").fill("Tampere")
    page.get_by_role("button", name="Etsi toimittajat").click()
    page.wait_for_selector("ol.matches li")
    assert "budget=250000" in page.url and "cpv=34121000" in page.url
    page.locator("ol.matches details summary").first.click()
    names = page.locator("ol.matches details").first.locator("li strong").all_inner_texts()
    finnish = {fi for fi, _ in SIGNAL_NAMES.values()}
    assert names and set(names) <= finnish, "signals are named in Finnish"
    shot(page, "match")

    page.get_by_label("Tarpeen kuvaus").fill("xyzzy plugh")
    page.get_by_role("combobox", name="CPV-koodi").fill("")
    page.get_by_role("button", name="Etsi toimittajat").click()
    # the form's GET replaces the page: wait for the new answer, not the old one
    hint = page.locator(".notice.empty").get_by_text("poista aluerajaus")
    sync_api.expect(hint, "an empty answer hints").to_be_visible(timeout=30_000)


def test_open_needs_page_is_linked_from_the_supplier(server: str, page: Any, supplier: str) -> None:
    page.goto(f"{server}/explore/entity?" + urlencode({"iri": supplier, "lang": "fi"}))
    page.get_by_role("link", name="Avoimet tarpeet tälle toimittajalle").click()
    page.wait_for_selector("ol.needs li")
    assert page.locator("ol.needs li").count() >= 1
    assert page.locator("h1 a").get_attribute("href") == "/explore/entity?" + urlencode(
        {"iri": supplier}
    )
    shot(page, "needs")


def test_cpv_json_answers_codes_and_children(app: FastAPI) -> None:
    client = TestClient(app)
    top = client.get("/explore/cpv.json").json()
    assert len(top) >= 40 and all(e["level"] == 1 for e in top), "the CPV divisions"
    found = client.get("/explore/cpv.json", params={"q": "3414490"}).json()
    assert found[0]["code"] == "34144900" and found[0]["path"][0].startswith("Kuljetusvälineet")
    assert client.get("/explore/cpv.json", params={"parent": "99999999"}).status_code == 404


# ------------------------------------------------------------- every page: axe
def _pages(hub: str, supplier: str) -> dict[str, str]:
    enc = urlencode
    return {
        "search": "/explore?" + enc({"q": "Helsinki", "lang": "fi"}),
        "entity": "/explore/entity?" + enc({"iri": hub}),
        "graph": "/explore/graph?" + enc({"iri": hub}),
        "graph-depth2": "/explore/graph?" + enc({"iri": hub, "depth": 2}),
        "group": "/explore/group?"
        + enc({"hub": hub, "type": "https://schema.org/MonetaryGrant", "year": "2019"}),
        "home": "/",
        "path": "/explore/path?" + enc({"a": hub, "b": supplier}),
        "match": "/explore/match?" + enc({"text": "sähköbussien latausinfrastruktuuri"}),
        "needs": "/explore/match/needs?" + enc({"supplier": supplier}),
        "indicators": "/explore/indicators",
        "indicators-value": "/explore/indicators?measure=value",
        "network": "/explore/network",
        "sparql": "/sparql?" + enc({"query": "SELECT ?s WHERE { ?s a ?t } LIMIT 3"}),
        "entity-en": "/explore/entity?" + enc({"iri": hub, "lang": "en"}),
        "green-deals": "/explore/green-deals",
        "green-deal": "/explore/green-deal?"
        + enc({"iri": ID_BASE + "green-deal/paastottomat-tyomaat"}),
    }


def test_every_page_has_no_serious_accessibility_violation(
    server: str, page: Any, hub: str, supplier: str
) -> None:
    failures = {}
    for name, url in _pages(hub, supplier).items():
        page.goto(server + url)
        page.wait_for_load_state("networkidle")
        if name.startswith("graph"):
            page.wait_for_selector("#graph-live[data-ready=true]")
        shot(page, f"page-{name}")
        blocking = axe(page, name)
        if blocking:
            failures[name] = blocking
    assert failures == {}, json.dumps(failures, indent=1, ensure_ascii=False)
