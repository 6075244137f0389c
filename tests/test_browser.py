"""The explorer in a real headless Chromium: search, entity page, graph, match.

Drives Debian's ``chromium`` through playwright's Python package (no browser
download); screenshots go to ``test-artifacts/explorer/``. Skips with the
command to run when Chromium is missing.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from playwright import sync_api

from api.main import create_app
from graph.store import Store

CHROMIUM = Path(os.environ.get("KEINO_CHROMIUM", "/usr/bin/chromium"))
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts" / "explorer"

if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is missing: run scripts/ensure-chromium", allow_module_level=True)


@pytest.fixture(scope="module")
def server(demo_store: Store, live_server: Callable[[Store | FastAPI], str]) -> str:
    """The app on a free local port (see ``live_server``)."""
    app = create_app(demo_store, warm=False)
    # Built before serving: the test is about the pages, not about build time on a busy machine.
    app.state.derived.warm()
    app.state.derived.matcher()
    return live_server(app)


@pytest.fixture(scope="module")
def page(server: str) -> Iterator[object]:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        tab = browser.new_page(viewport={"width": 1280, "height": 900})
        tab.set_default_timeout(15_000)
        yield tab
        browser.close()


def test_search_open_follow_graph_and_match(server: str, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{server}/explore")
    page.get_by_label("Nimi tai lyhenne").fill("Helsinki")
    page.get_by_label("Tyyppi").select_option("organisation")
    page.get_by_role("button", name="Hae").click()
    page.wait_for_selector("ol.results a")
    page.screenshot(path=str(ARTIFACTS / "1-search.png"), full_page=True)

    page.locator("ol.results a", has_text="Helsinki").first.click()
    assert page.locator("h1").inner_text().strip() == "Helsinki"
    page.screenshot(path=str(ARTIFACTS / "2-entity.png"), full_page=True)

    link = page.locator("ul.links a").first
    name = link.inner_text().strip()
    link.click()
    assert page.locator("h1").inner_text().strip() == name
    page.screenshot(path=str(ARTIFACTS / "3-linked-entity.png"), full_page=True)

    page.get_by_role("link", name="Näytä lähiverkosto").click()
    page.wait_for_selector("#graph-live[data-ready=true]")  # the interactive graph
    assert page.evaluate("() => window.keinoGraph.nodes().length") >= 2
    page.screenshot(path=str(ARTIFACTS / "4-neighbourhood.png"), full_page=True)
    assert "/explore/graph" in page.url

    page.get_by_role("link", name="Toimittajahaku").click()
    page.get_by_label("Tarpeen kuvaus").fill("sähköbussien latausinfrastruktuuri")
    page.get_by_role("combobox", name="CPV-koodi").fill("45000000")
    page.get_by_role("button", name="Etsi toimittajat").click()
    page.wait_for_selector("ol.matches li")
    assert "text=" in page.url
    assert page.locator("main h2").first.inner_text().startswith("Tulokset")
    page.locator("ol.matches details summary").first.click()  # a supplier's reasons
    assert page.locator("ol.matches details li").first.is_visible()
    page.screenshot(path=str(ARTIFACTS / "5-match.png"), full_page=True)


def test_english_switch(server: str, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{server}/explore/network")
    page.get_by_role("link", name="In English").click()
    assert page.locator("h1").inner_text().strip() == "Who connects the ecosystem"
    page.goto(f"{server}/explore")
    assert page.locator("html").get_attribute("lang") == "en"
    page.screenshot(path=str(ARTIFACTS / "6-english.png"), full_page=True)
    page.goto(f"{server}/explore?lang=fi")


def test_company_by_business_id_and_its_funding_timeline(server: str, page) -> None:  # type: ignore[no-untyped-def]
    # 0.7 design Oy, a company of the bundled registry extract that Business Finland funded
    page.goto(f"{server}/explore?lang=fi")
    page.get_by_label("Nimi tai lyhenne").fill("2655941-9")
    page.get_by_role("button", name="Hae").click()
    page.wait_for_selector("ol.results a")
    assert page.locator("ol.results li").count() == 1
    page.locator("ol.results a").first.click()
    assert page.locator("h1").inner_text().strip() == "0.7 design Oy"
    registry = page.locator("section.company table.registry")
    assert "2655941-9" in registry.inner_text() and "Osakeyhtiö" in registry.inner_text()
    chart = page.locator("figure.funding-chart svg")
    chart.scroll_into_view_if_needed()
    assert chart.locator("rect.fund-grant").count() == 4  # 2015, 2016, 2018, 2019
    bar = chart.locator("rect.fund-grant").first.bounding_box()
    assert bar is not None and bar["height"] > 10, "the largest year's bar is drawn visibly"
    first = page.locator("table.funding-table tbody tr").first.inner_text()
    assert first.split()[0] == "2015" and "27\xa0600\xa0€" in first
    assert page.get_by_text("Lähde: Business Finland").is_visible()
    page.screenshot(path=str(ARTIFACTS / "7-company-funding.png"), full_page=True)
