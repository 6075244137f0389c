"""``/entities``, ``/id`` dereferencing and ``/search`` on the demo graph."""

from __future__ import annotations

from collections.abc import Iterator

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from graph.store import Store

SKOS_PREF = "http://www.w3.org/2004/02/skos/core#prefLabel"


@pytest.fixture(scope="module")
def client(demo_store: Store) -> Iterator[TestClient]:
    with TestClient(create_app(demo_store)) as client:
        yield client


@pytest.fixture(scope="module")
def helsinki(demo_store: Store) -> str:
    """Helsinki's IRI, looked up by its Finnish name in the store itself."""
    rows = demo_store.query(
        f'SELECT ?s WHERE {{ ?s <{SKOS_PREF}> "Helsinki"@fi ; a ?t '
        "FILTER(?t = <https://w3id.org/keino/ontology#Municipality>) }"
    )
    return str(next(iter(rows))["s"].value)


def test_an_entity_is_described_by_iri_or_by_id(client: TestClient, helsinki: str) -> None:
    by_iri = client.get(f"/entities/{helsinki}")
    assert by_iri.status_code == 200
    view = by_iri.json()
    assert view["iri"] == helsinki
    assert "Helsingfors" in str(view)
    by_id = client.get("/entities/" + helsinki.split("/id/", 1)[1])
    assert by_id.json()["iri"] == helsinki


def test_an_unknown_entity_is_404(client: TestClient) -> None:
    answer = client.get("/entities/municipality/does-not-exist")
    assert answer.status_code == 404
    assert "does-not-exist" in answer.text


@pytest.mark.parametrize(
    ("accept", "fmt"),
    [
        ("text/turtle", ox.RdfFormat.TURTLE),
        ("application/n-triples", ox.RdfFormat.N_TRIPLES),
        ("application/ld+json", ox.RdfFormat.JSON_LD),
        ("application/rdf+xml", ox.RdfFormat.RDF_XML),
    ],
)
def test_a_minted_iri_dereferences_to_rdf_by_content_negotiation(
    client: TestClient, helsinki: str, accept: str, fmt: ox.RdfFormat
) -> None:
    answer = client.get("/id/" + helsinki.split("/id/", 1)[1], headers={"Accept": accept})
    assert answer.status_code == 200
    assert answer.headers["content-type"].split(";")[0] == accept
    triples = list(ox.parse(answer.content, fmt))
    names = {
        (t.object.value, t.object.language)
        for t in triples
        if t.subject.value == helsinki and t.predicate.value == SKOS_PREF
    }
    assert {("Helsinki", "fi"), ("Helsingfors", "sv")} <= names


def test_a_browser_gets_a_page_with_links(client: TestClient, helsinki: str) -> None:
    answer = client.get("/id/" + helsinki.split("/id/", 1)[1], headers={"Accept": "text/html"})
    assert answer.headers["content-type"].startswith("text/html")
    assert "Helsingfors" in answer.text
    assert 'src="http' not in answer.text, "no assets from elsewhere"


def test_search_finds_places_in_finnish_swedish_inflected_and_misspelt(
    client: TestClient, helsinki: str
) -> None:
    for q in ("Helsinki", "Helsingfors", "Helsingissä", "Helsnki"):
        hits = client.get("/search", params={"q": q, "type": "Municipality"}).json()["hits"]
        assert hits and hits[0]["iri"] == helsinki, q
    hit = client.get("/search", params={"q": "Helsingfors", "lang": "fi"}).json()["hits"][0]
    assert (hit["label"], hit["matched"]) == ("Helsinki", "Helsingfors")


def test_search_validates_its_parameters(client: TestClient) -> None:
    assert client.get("/search", params={"q": ""}).status_code == 422
    assert client.get("/search", params={"q": "Oulu", "lang": "de"}).status_code == 422
    page = client.get("/search", params={"q": "hyvinvointialue", "limit": 2}).json()
    assert len(page["hits"]) == 2 and page["total"] > 2
