"""``/sparql`` over real HTTP: a SPARQL client nobody here wrote against a live server."""

from __future__ import annotations

import csv
import io
import time
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from SPARQLWrapper import CSV, JSON, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

from graph.rdf import lit, triple
from graph.store import Store

REGIONS = """
PREFIX keino: <https://w3id.org/keino/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?region ?name WHERE {
  ?region a keino:Region ; skos:prefLabel ?name . FILTER(LANG(?name) = "fi")
} ORDER BY ?region"""


@pytest.fixture(scope="module")
def endpoint(demo_store: Store, live_server: Callable[[Store], str]) -> str:
    """``/sparql`` of a live server on the demo graph."""
    return live_server(demo_store) + "/sparql"


def quad_count(store: Store, graph: str | None = None) -> int:
    """Quads in the store (or one graph), counted by Oxigraph."""
    pattern = f"GRAPH <{graph}> {{ ?s ?p ?o }}" if graph else "GRAPH ?g { ?s ?p ?o }"
    return int(next(iter(store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}")))["n"].value)


def direct_rows(store: Store) -> list[tuple[str, str]]:
    return [(row["region"].value, row["name"].value) for row in store.query(REGIONS)]


def wrapper(endpoint: str, fmt: str) -> SPARQLWrapper:
    client = SPARQLWrapper(endpoint)
    client.setQuery(REGIONS)
    client.setReturnFormat(fmt)
    return client


def test_sparqlwrapper_gets_the_same_rows_as_the_store_in_json_xml_and_csv(
    endpoint: str, demo_store: Store
) -> None:
    expected = direct_rows(demo_store)
    assert len(expected) >= 18, "the demo graph has Finland's regions"

    answer: Any = wrapper(endpoint, JSON).queryAndConvert()
    bindings = answer["results"]["bindings"]
    assert [(b["region"]["value"], b["name"]["value"]) for b in bindings] == expected

    document: Any = wrapper(endpoint, XML).queryAndConvert()
    results = document.getElementsByTagName("result")
    xml_rows = [
        tuple(
            b.getElementsByTagName("uri" if b.getAttribute("name") == "region" else "literal")[
                0
            ].firstChild.data
            for b in r.getElementsByTagName("binding")
        )
        for r in results
    ]
    assert xml_rows == expected

    text: Any = wrapper(endpoint, CSV).queryAndConvert()
    rows = list(csv.reader(io.StringIO(text.decode())))
    assert rows[0] == ["region", "name"]
    assert [tuple(r) for r in rows[1:]] == expected


def test_sparqlwrapper_post_gets_the_same_rows(endpoint: str, demo_store: Store) -> None:
    client = wrapper(endpoint, JSON)
    client.setMethod("POST")
    answer: Any = client.queryAndConvert()
    bindings = answer["results"]["bindings"]
    assert [(b["region"]["value"], b["name"]["value"]) for b in bindings] == direct_rows(demo_store)


def test_post_sparql_query_body_and_format_parameter(endpoint: str, demo_store: Store) -> None:
    answer = httpx.post(
        endpoint + "?format=tsv",
        content=REGIONS,
        headers={"Content-Type": "application/sparql-query"},
    )
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/tab-separated-values")
    assert len(answer.text.strip().splitlines()) == len(direct_rows(demo_store)) + 1


def test_default_graph_uri_narrows_the_dataset(endpoint: str, demo_store: Store) -> None:
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    graph = "https://w3id.org/keino/graph/provenance"
    answer = httpx.get(
        endpoint,
        params={"query": count, "default-graph-uri": graph},
        headers={"Accept": "text/csv"},
    )
    assert answer.text.split() == ["n", str(quad_count(demo_store, graph))]


def test_construct_answers_turtle_and_json_ld(endpoint: str) -> None:
    query = (
        "CONSTRUCT { ?r a <https://w3id.org/keino/ontology#Region> } "
        "WHERE { ?r a <https://w3id.org/keino/ontology#Region> } LIMIT 2"
    )
    turtle = httpx.get(endpoint, params={"query": query}, headers={"Accept": "text/turtle"})
    assert turtle.headers["content-type"].startswith("text/turtle")
    assert "keino:Region" in turtle.text
    jsonld = httpx.get(endpoint, params={"query": query, "format": "jsonld"})
    assert jsonld.headers["content-type"] == "application/ld+json"
    assert len(jsonld.json()) == 2


def test_updates_are_refused_and_the_store_is_unchanged(endpoint: str, demo_store: Store) -> None:
    before = quad_count(demo_store)
    update = "DROP ALL"
    client = SPARQLWrapper(endpoint, updateEndpoint=endpoint)
    client.setMethod("POST")
    client.setQuery(update)
    with pytest.raises((SPARQLWrapperException, Exception)) as refused:
        client.query()
    assert "403" in str(refused.value) or "read only" in str(refused.value)
    for attempt in (
        httpx.post(endpoint, data={"update": update}),
        httpx.post(endpoint, content=update, headers={"Content-Type": "application/sparql-update"}),
        httpx.get(endpoint, params={"query": update}),
    ):
        assert attempt.status_code == 403
        assert "read only" in attempt.text
    assert quad_count(demo_store) == before > 0


def test_bad_requests_get_clear_errors(endpoint: str) -> None:
    missing = httpx.get(endpoint, headers={"Accept": "application/sparql-results+json"})
    assert missing.status_code == 400 and "query" in missing.text
    syntax = httpx.get(endpoint, params={"query": "SELECT ?s WHERE { ?s ?p }"})
    assert syntax.status_code == 400 and "syntax" in syntax.text
    refused = httpx.get(endpoint, params={"query": "ASK {}"}, headers={"Accept": "text/turtle"})
    assert refused.status_code == 406


def test_a_query_that_would_run_for_minutes_gets_a_timeout_within_the_limit(
    monkeypatch: pytest.MonkeyPatch, live_server: Callable[[Store], str]
) -> None:
    monkeypatch.setenv("KEINO_SPARQL_TIMEOUT", "0.5")
    # only the time limit may stop it: on a fast machine the default size limit
    # (64 MB) would otherwise be reached first and answer 422
    monkeypatch.setenv("KEINO_SPARQL_MAX_BYTES", str(10**12))
    store = Store()
    store.load_triples(
        "https://w3id.org/keino/graph/t",
        [triple(f"https://w3id.org/keino/id/t/{i}", "urn:p", lit(str(i))) for i in range(300)],
    )
    base = live_server(store)
    started = time.monotonic()
    answer = httpx.get(
        base + "/sparql",
        params={"query": "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"},
        headers={"Accept": "text/csv"},
        timeout=30,
    )
    elapsed = time.monotonic() - started
    assert answer.status_code == 503
    assert "0.5 s limit" in answer.text
    assert elapsed < 4.0  # the limit plus HTTP and start-up on a loaded 2-core machine
    assert httpx.get(base + "/healthz").json()["status"] == "ok"


def test_a_browser_gets_the_query_page_with_local_assets_only(endpoint: str) -> None:
    page = httpx.get(endpoint, headers={"Accept": "text/html,application/xhtml+xml"})
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert "<textarea" in page.text and "/queries" in page.text
    assert 'src="http' not in page.text and 'href="http' not in page.text
