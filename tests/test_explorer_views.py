"""The explorer as a user sees it in Chromium: indicators, names, one page per
organisation, the network ranking and the landing page; and the README's curl
examples over real HTTP.

Drives Debian's ``chromium`` through playwright (no browser download); skips
with the command to run when it is missing. Screenshots go to
``test-artifacts/explorer/``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlencode

import pytest
from fastapi import FastAPI
from playwright import sync_api
from rdflib import OWL, RDF, URIRef
from rich.table import Table

from api.main import create_app
from graph.iris import ID_BASE
from graph.namespaces import KEINO_NS
from graph.ontology import inverse_names, ontology
from graph.store import Store
from keino.output import table_console

CHROMIUM = Path(os.environ.get("KEINO_CHROMIUM", "/usr/bin/chromium"))
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts" / "explorer"
README = Path(__file__).resolve().parents[1] / "README.md"
TEM = ID_BASE + "org/name/fi/tyo-ja-elinkeinoministerio"
HANSEL = (ID_BASE + "org/name/fi/hansel-oy", ID_BASE + "org/fi/0988084-1")
NOTICE = ID_BASE + "notice/2020-s-230-566234"
#: English words and codes a Finnish page must not show (issue 19's findings)
NOT_FINNISH = re.compile(
    r"\b(organization|lot|true|false|cn-standard|(eforms|ted-xml|hilma)-notices)\b"
)
#: an identifier shown as a name: a path of our IRIs ("buyer/fi-0139533-1", "rank/42")
IRI_FRAGMENT = re.compile(r"\b(buyer|winner|rank|reconciliation|interval|purpose|lot)/\S+")


@pytest.fixture(scope="module")
def server(demo_store: Store, live_server: Callable[[Store | FastAPI], str]) -> str:
    app = create_app(demo_store, warm=False)
    app.state.derived.warm()
    app.state.derived.matcher()
    return live_server(app)


@pytest.fixture(scope="module")
def tab(server: str) -> Iterator[sync_api.Page]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: run scripts/ensure-chromium")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.set_default_timeout(20_000)
        yield page
        browser.close()


def _open(tab: sync_api.Page, server: str, path: str, shot: str) -> str:
    """Open ``path``, keep a screenshot, return the text a user sees."""
    tab.goto(server + path)
    tab.screenshot(path=str(ARTIFACTS / f"{shot}.png"), full_page=True)
    return tab.locator("main").inner_text()


def _entity(iri: str, **extra: str) -> str:
    return "/explore/entity?" + urlencode({"iri": iri, **extra})


def test_indicators_page_every_series_breakdown_map_and_csv(
    tab: sync_api.Page, server: str
) -> None:
    text = _open(tab, server, "/explore/indicators?lang=fi", "indicators-total")
    assert tab.locator("a.series-link").count() >= 16, "15 notice series and the survey"
    assert "tavoite 10.0 %" in text and "ei tietoa" in text
    assert not NOT_FINNISH.search(text), NOT_FINNISH.search(text)
    # a line per source format; TED XML R2.0.9 forms state no innovation flag, so that
    # method has rows ("ei tietoa") in the table but no line in the chart
    legend = tab.locator("ul.legend li").all_inner_texts()
    assert "eForms-ilmoitukset (Hilma, TED)" in legend
    assert "TED XML -ilmoitukset (R2.0.9)" in tab.locator("table").first.inner_text()
    ticks = tab.locator("svg text.tick").all_text_contents()
    shares = [t for t in ticks if t.endswith("%")]
    assert shares and all(re.fullmatch(r"\d+ %", t) for t in shares), shares

    tab.locator("#i-breakdown").select_option("region")
    tab.get_by_role("button", name="Näytä").click()
    tab.wait_for_selector("figure.region-map")
    tab.locator("#i-year").select_option("2023")
    tab.get_by_role("button", name="Näytä").click()
    tab.wait_for_selector("figure.region-map")
    tab.screenshot(path=str(ARTIFACTS / "indicators-region.png"), full_page=True)
    assert tab.locator("figure.region-map path").count() == 19, "Finland's regions"
    assert tab.locator("figure.region-map path.shade-0").count() < 19, "some region has data"
    with tab.expect_download() as download:
        tab.get_by_role("link", name="CSV", exact=True).click()
    body = Path(download.value.path()).read_text(encoding="utf-8")
    assert body.startswith("year,method,key,label,share") and "\n2023," in body


def test_tem_page_names_everything_and_reads_incoming_links_forwards(
    tab: sync_api.Page, server: str
) -> None:
    text = _open(tab, server, _entity(TEM, lang="fi"), "entity-tem")
    incoming = tab.locator("#h-in ~ h3").all_inner_texts()
    assert any(h.startswith("ohjaa ") for h in incoming), incoming
    assert any(h.startswith("rahoittaa ") for h in incoming), incoming
    assert not any(h.startswith(("ohjaaja", "rahoittaja")) for h in incoming), incoming
    links = tab.locator("main ul.links a").all_inner_texts()
    assert links and not any(link.startswith(("http", ID_BASE)) for link in links)
    assert not IRI_FRAGMENT.search(text), IRI_FRAGMENT.search(text)
    assert "/work/" not in text and "graph/" not in text, "no server paths or graph IRIs"
    assert not NOT_FINNISH.search(text), NOT_FINNISH.search(text)

    english = _open(tab, server, _entity(TEM, lang="en"), "entity-tem-en")
    assert "steers" in english and "funds" in english
    assert "ohjaa" not in english.split("Links to this", 1)[1]


def test_notice_page_folds_roles_into_the_notice(tab: sync_api.Page, server: str) -> None:
    text = _open(tab, server, _entity(NOTICE, lang="fi"), "entity-notice")
    assert tab.locator("h1").inner_text().strip() == "IT-klientudstyr 2021-2025"
    assert "Region Sjælland" in text, "the buyer by name, through its role"
    assert not IRI_FRAGMENT.search(text), IRI_FRAGMENT.search(text)
    assert "notices/ted-xml/20-587026-001-EXP.xml" in text, "the source file, data-relative"
    assert not NOT_FINNISH.search(text), NOT_FINNISH.search(text)


def test_one_page_per_organisation(tab: sync_api.Page, server: str) -> None:
    curated = _open(tab, server, _entity(HANSEL[0], lang="fi"), "entity-hansel")
    title = tab.locator("h1").inner_text()
    registered = _open(tab, server, _entity(HANSEL[1], lang="fi"), "entity-hansel-id")
    assert tab.locator("h1").inner_text() == title == "Hansel Oy"
    for page in (curated, registered):
        assert "KEINO-osaamiskeskus" in page, "the curated membership"
        assert "Mannerheiminaukio 1 A" in page, "the notices' address"

    _open(tab, server, "/explore/network?lang=fi", "network")
    names = tab.locator("table.ranking tbody td:nth-child(2) a:first-child").all_inner_texts()
    assert len(names) == len(set(names)), "each organisation once"
    countries = set(tab.locator("table.ranking tbody td:nth-child(4)").all_inner_texts())
    assert countries == {"FI"}, countries
    tab.locator("#n-country").select_option("abroad")
    tab.get_by_role("button", name="Näytä").click()
    abroad = set(tab.locator("table.ranking tbody td:nth-child(4)").all_inner_texts())
    assert abroad and "FI" not in abroad
    cells = tab.locator("table.ranking tbody td.num").all_inner_texts()
    assert not any(re.fullmatch(r"0\.0000", c) for c in cells), "no four-decimal zeros"


def test_landing_page_counts_and_entry_points(tab: sync_api.Page, server: str) -> None:
    text = _open(tab, server, "/?lang=fi", "home")
    assert re.search(r"\d+ hankintailmoitusta", text) and re.search(r"\d+ organisaatiota", text)
    assert "Viimeisimmät lataukset" in text and "Hankintailmoitukset (Hilma, TED)" in text
    tab.get_by_role("link", name="Toimittajahaku").first.click()
    assert tab.url.endswith("/explore/match")


def _curl_examples() -> list[str]:
    """The README's curl commands, continuation lines joined, comments dropped."""
    text = README.read_text(encoding="utf-8").replace("\\\n", " ")
    found = [line.split("  #", 1)[0].strip() for line in text.splitlines()]
    return [line for line in found if line.startswith("curl ")]


def test_readme_curl_examples_answer_as_written(server: str) -> None:
    if shutil.which("curl") is None:
        pytest.skip("curl is not installed")
    examples = _curl_examples()
    assert len(examples) >= 8, examples
    host = server.removeprefix("http://")
    for example in examples:
        command = example.replace("localhost:8000", host).replace("curl ", "curl -sS --fail ", 1)
        done = subprocess.run(
            ["bash", "-c", command], capture_output=True, text=True, timeout=60, check=False
        )
        assert done.returncode == 0, f"{example}\n{done.stderr}"
        assert done.stdout.strip(), f"{example} answered nothing"


def test_piped_cli_tables_are_not_cut_at_80_columns(capsys: pytest.CaptureFixture[str]) -> None:
    table = Table("graph", "description")
    long = "Ympäristönäkökohdat huomioivien hankintojen osuus hankintayksikön tyypin mukaan " * 2
    table.add_row("kg:indicators", long.strip())
    table_console().print(table)
    printed = capsys.readouterr().out
    assert long.strip() in printed, "the whole cell on one line"


def test_every_keino_object_property_reads_backwards_in_three_languages() -> None:
    properties = [
        str(p)
        for p in ontology().subjects(RDF.type, OWL.ObjectProperty)
        if isinstance(p, URIRef) and str(p).startswith(KEINO_NS)
    ]
    assert len(properties) >= 25
    missing = [p for p in properties if set(inverse_names().get(p, {})) < {"fi", "sv", "en"}]
    assert not missing, missing
