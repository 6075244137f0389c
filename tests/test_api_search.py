"""``/search`` and the explorer's search page on the demo graph: names as people type
them, abbreviations, business IDs, titles, codes, languages, sameAs twins once,
counts, paging and facets."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from graph.store import Store

ID = "https://w3id.org/keino/id/"
CPV = "http://data.europa.eu/cpv/cpv/"
HANSEL = ID + "org/name/fi/hansel-oy"  # the curated body; its business-ID twin is org/fi/…
TEM = ID + "org/name/fi/tyo-ja-elinkeinoministerio"
TERVO_MEALS = ID + "notice/0e858c17-5993-4a93-bce3-5fbc67e42522-01"  # Hilma, 2023
SAME_AS = ox.NamedNode("http://www.w3.org/2002/07/owl#sameAs")


@pytest.fixture(scope="module")
def client(demo_store: Store) -> Iterator[TestClient]:
    with TestClient(create_app(demo_store, warm=False)) as client:
        yield client


def found(client: TestClient, q: str, **params: Any) -> dict[str, Any]:
    answer = client.get("/search", params={"q": q, **params})
    assert answer.status_code == 200, answer.text
    page: dict[str, Any] = answer.json()
    return page


def first(client: TestClient, q: str, **params: Any) -> str | None:
    hits = found(client, q, **params)["hits"]
    return hits[0]["iri"] if hits else None


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("Porin kaupunki", ID + "municipality/609"),  # was "Kaupungit"
        ("Tampereen kaupunki", ID + "municipality/837"),
        ("Salon kaupungille", ID + "municipality/734"),
        # the city's legal name, on its business-ID twin: one hit, under the municipality
        ("Helsingin kaupungille", ID + "municipality/091"),
        ("ympäristöministeriön", ID + "org/name/fi/ymparistoministerio"),
        ("Hanselilta", HANSEL),
    ],
)
def test_inflected_official_names(client: TestClient, q: str, expected: str) -> None:
    assert first(client, q) == expected


def test_a_city_and_its_business_id_are_one_hit(client: TestClient) -> None:
    """Helsinki's register entry and the organisation under its business ID (from the
    notices and the funding rows) are sameAs twins, so a search lists them once."""
    iris = [hit["iri"] for hit in found(client, "Helsingin kaupunki", limit=50)["hits"]]
    assert ID + "municipality/091" in iris and ID + "org/fi/0201256-6" not in iris


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("TEM", TEM),
        ("STM", ID + "org/name/fi/sosiaali-ja-terveysministerio"),
        ("VM", ID + "org/name/fi/valtiovarainministerio"),
        ("YM", ID + "org/name/fi/ymparistoministerio"),
    ],
)
def test_abbreviations_find_their_ministry(client: TestClient, q: str, expected: str) -> None:
    assert first(client, q) == expected


def test_an_abbreviation_is_not_the_start_of_every_word(client: TestClient) -> None:
    page = found(client, "TEM", limit=50)
    labels = [h["label"] for h in page["hits"]]
    assert "Lämpötilansäätäjät" not in labels  # CPV 42131130, Swedish "Temperaturregulatorer"
    assert [h["kind"] for h in page["hits"]] == ["organisation"]


@pytest.mark.parametrize("q", ["0988084-1", "988084-1", "FI09880841", " fi0988084-1 "])
def test_business_ids_in_any_spelling_find_one_organisation(client: TestClient, q: str) -> None:
    page = found(client, q)
    assert page["total"] == 1
    (hit,) = page["hits"]
    assert (hit["iri"], hit["label"], hit["matched"]) == (HANSEL, "Hansel Oy", "0988084-1")


def test_notices_and_lots_by_title(client: TestClient) -> None:
    hit = found(client, "Tervon ateriapalvelut")["hits"][0]
    assert (hit["iri"], hit["kind"], hit["years"]) == (TERVO_MEALS, "notice", [2023])
    lot = found(client, "Kiskon ja Muurlan kaupunginosa kesähoito")["hits"][0]
    assert lot["iri"] == ID + "notice/e7d406f3-0ba2-4cc8-8152-e1bd0e0d0aa3-01/lot/LOT-0003"
    assert lot["kind"] == "lot" and lot["label"] == "3. Kiskon ja Muurlan kaupunginosa, kesähoito"


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("45000000", CPV + "45000000"),
        ("45000000-7", CPV + "45000000"),  # with CPV's check digit
        ("CPV 90911200", CPV + "90911200"),
        ("62010", ID + "tol2008/62010"),
        ("TOL 70220", ID + "tol2008/70220"),
    ],
)
def test_codes_find_their_concept(client: TestClient, q: str, expected: str) -> None:
    page = found(client, q)
    assert page["hits"][0]["iri"] == expected and page["hits"][0]["kind"] == "code"


def test_a_two_digit_code_is_a_tol_division_and_a_cpv_division(client: TestClient) -> None:
    iris = {h["iri"] for h in found(client, "45")["hits"]}
    assert iris == {ID + "tol2008/45", CPV + "45000000"}


@pytest.mark.parametrize(
    ("q", "expected", "lang", "label"),
    [
        ("Björneborg", ID + "municipality/609", "fi", "Pori"),
        ("Finansministeriet", ID + "org/name/fi/valtiovarainministerio", "sv", "Finansministeriet"),
        (
            "Ministry of Finance",
            ID + "org/name/fi/valtiovarainministerio",
            "en",
            "Ministry of Finance",
        ),
        ("City of Turku", ID + "municipality/853", "fi", "Turku"),
    ],
)
def test_swedish_and_english_names(
    client: TestClient, q: str, expected: str, lang: str, label: str
) -> None:
    hit = found(client, q, lang=lang)["hits"][0]
    assert (hit["iri"], hit["label"]) == (expected, label)


def test_sameas_twins_are_one_hit_under_the_best_name(
    client: TestClient, demo_store: Store
) -> None:
    hits = found(client, "Hansel", limit=200)["hits"]
    iris = [h["iri"] for h in hits]
    assert HANSEL in iris and ID + "org/fi/0988084-1" not in iris
    for iri in iris:  # no hit is the sameAs twin of another hit
        twins = {
            row["o"].value
            for row in demo_store.query(
                "SELECT ?s ?p ?o WHERE { ?s ?p ?o }",
                substitutions={"s": ox.NamedNode(iri), "p": SAME_AS},
            )
        }
        assert not twins & (set(iris) - {iri}), iri
    assert next(h for h in hits if h["iri"] == HANSEL)["label"] == "Hansel Oy"


def test_pages_cover_every_hit_once_with_one_total(client: TestClient) -> None:
    everything = found(client, "sähkö", limit=200)
    assert everything["total"] > 40
    pages = [found(client, "sähkö", offset=o, limit=20) for o in range(0, everything["total"], 20)]
    assert {p["total"] for p in pages} == {everything["total"]}
    paged = [h["iri"] for p in pages for h in p["hits"]]
    assert paged == [h["iri"] for h in everything["hits"]][: len(paged)]
    assert len(paged) == len(set(paged)) == min(everything["total"], 200)
    assert found(client, "sähkö", offset=everything["total"])["hits"] == []


def test_facets_count_what_their_filter_keeps(client: TestClient) -> None:
    page = found(client, "ateriapalvelut", limit=200)
    kinds = {f["value"]: f["count"] for f in page["facets"]["kind"]}
    assert kinds["notice"] >= 1 and kinds["code"] >= 1
    assert sum(kinds.values()) == page["total"]
    for facet in ("kind", "region", "year"):
        for value in page["facets"][facet]:
            kept = found(client, "ateriapalvelut", limit=200, **{facet: value["value"]})
            assert kept["total"] == value["count"], (facet, value)
            if facet == "kind":
                assert {h["kind"] for h in kept["hits"]} == {value["value"]}
    years = found(client, "ateriapalvelut", year=2023)
    assert TERVO_MEALS in [h["iri"] for h in years["hits"]]
    assert all(2023 in h["years"] for h in years["hits"])


def test_region_facet_names_regions_and_filters_places(client: TestClient) -> None:
    page = found(client, "kaupunki", limit=200)
    regions = {f["label"]: f["value"] for f in page["facets"]["region"]}
    assert "Varsinais-Suomi" in regions  # Turku ("Turun kaupunki") and Salo
    kept = [h["iri"] for h in found(client, "kaupunki", region=regions["Varsinais-Suomi"])["hits"]]
    assert ID + "municipality/853" in kept
    assert ID + "municipality/790" not in kept  # Sastamala, Pirkanmaa


def test_bad_parameters_are_client_errors(client: TestClient) -> None:
    for params in (
        {"q": ""},
        {"q": "Oulu", "offset": -1},
        {"q": "Oulu", "limit": 0},
        {"q": "Oulu", "year": "last"},
        {"q": "x" * 501},
    ):
        assert client.get("/search", params=params).status_code == 422, params


def test_the_search_page_shows_counts_facets_and_pages(client: TestClient) -> None:
    html = client.get("/explore", params={"q": "sähkö", "lang": "fi"}).text
    total = found(client, "sähkö")["total"]
    assert f"{total} tulosta" in html
    assert 'rel="next"' in html and 'rel="prev"' not in html
    second = client.get("/explore", params={"q": "sähkö", "page": 2, "lang": "en"}).text
    assert f"{total} results" in second and 'rel="prev"' in second
    assert re.search(r'<ol class="results" start="21">', second)
    notices = client.get(
        "/explore", params={"q": "ateriapalvelut", "kind": "notice", "lang": "en"}
    ).text
    assert "Tervon ateriapalvelut" in notices and "1 result" in notices
