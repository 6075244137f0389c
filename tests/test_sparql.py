"""The SPARQL engine: formats, dataset, read-only, timeout and size limits."""

from __future__ import annotations

import csv
import io
import json
import time

import pyoxigraph as ox
import pytest

from graph.rdf import lit, triple
from graph.sparql import (
    QuerySyntaxError,
    QueryTimeout,
    ResultTooLarge,
    SparqlEngine,
    SparqlRequest,
    SparqlSettings,
    UpdateRefused,
    negotiate,
)
from graph.store import Store

G1 = "https://w3id.org/keino/graph/one"
G2 = "https://w3id.org/keino/graph/two"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
ID = "https://w3id.org/keino/id/thing/"


@pytest.fixture
def store() -> Store:
    """Two named graphs: 300 things in one, 2 in the other."""
    store = Store()
    store.load_triples(G1, [triple(f"{ID}{i}", LABEL, lit(f"thing {i}")) for i in range(300)])
    store.load_triples(G2, [triple(f"{ID}x", LABEL, lit("x")), triple(f"{ID}y", LABEL, lit("y"))])
    return store


def run(store: Store, query: str, accept: str = "*/*", **settings: float) -> tuple[str, bytes]:
    engine = SparqlEngine(store, SparqlSettings(**settings))  # type: ignore[arg-type]
    answer = engine.execute(SparqlRequest(query), negotiate(accept))
    return answer.media_type, answer.body


def test_select_answers_every_results_format_with_the_same_rows(store: Store) -> None:
    query = f"SELECT ?s ?l WHERE {{ GRAPH <{G2}> {{ ?s ?p ?l }} }} ORDER BY ?s"
    media, body = run(store, query, "application/sparql-results+json")
    assert media == "application/sparql-results+json"
    bindings = json.loads(body)["results"]["bindings"]
    assert [b["l"]["value"] for b in bindings] == ["x", "y"]
    media, body = run(store, query, "text/csv")
    assert media.startswith("text/csv")
    assert list(csv.reader(io.StringIO(body.decode())))[1:] == [[f"{ID}x", "x"], [f"{ID}y", "y"]]
    _, body = run(store, query, "text/tab-separated-values")
    assert body.decode().splitlines()[1] == f'<{ID}x>\t"x"'
    _, body = run(store, query, "application/sparql-results+xml")
    assert body.count(b"<result>") == 2


def test_default_graph_is_the_union_unless_the_request_names_graphs(store: Store) -> None:
    engine = SparqlEngine(store)
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    union = engine.execute(SparqlRequest(count), negotiate("text/csv"))
    assert union.body.decode().split() == ["n", "302"]
    only_two = engine.execute(SparqlRequest(count, (G2,)), negotiate("text/csv"))
    assert only_two.body.decode().split() == ["n", "2"]


def test_construct_answers_rdf_that_parses_back(store: Store) -> None:
    query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{G2}> {{ ?s ?p ?o }} }}"
    for accept, fmt in [
        ("text/turtle", ox.RdfFormat.TURTLE),
        ("application/n-triples", ox.RdfFormat.N_TRIPLES),
        ("application/ld+json", ox.RdfFormat.JSON_LD),
        ("application/rdf+xml", ox.RdfFormat.RDF_XML),
    ]:
        media, body = run(store, query, accept)
        assert media.split(";")[0] == accept
        assert {str(q.object) for q in ox.parse(body, fmt)} == {'"x"', '"y"'}, accept


def test_ask_answers_a_boolean(store: Store) -> None:
    _, body = run(store, f"ASK {{ <{ID}x> ?p ?o }}", "application/sparql-results+json")
    assert json.loads(body)["boolean"] is True


def test_update_is_refused_and_the_store_is_unchanged(store: Store) -> None:
    before = store.count()
    for update in (
        f"INSERT DATA {{ GRAPH <{G1}> {{ <{ID}z> <{LABEL}> 'z' }} }}",
        "DROP ALL",
        f"DELETE WHERE {{ GRAPH <{G1}> {{ ?s ?p ?o }} }}",
    ):
        with pytest.raises(UpdateRefused) as refused:
            run(store, update)
        assert refused.value.status == 403
    assert store.count() == before


def test_a_syntax_error_says_where(store: Store) -> None:
    with pytest.raises(QuerySyntaxError, match="1:"):
        run(store, "SELEKT ?s WHERE { ?s ?p ?o }")


def test_an_answer_past_the_size_limit_is_refused(store: Store) -> None:
    with pytest.raises(ResultTooLarge, match="LIMIT"):
        run(store, "SELECT * WHERE { ?s ?p ?o }", "text/csv", max_bytes=2_000)
    # the same query with a LIMIT fits
    _, body = run(store, "SELECT * WHERE { ?s ?p ?o } LIMIT 3", "text/csv", max_bytes=2_000)
    assert len(body.decode().splitlines()) == 4


def test_a_query_that_would_run_for_minutes_times_out_on_time(store: Store) -> None:
    # 302^3 = 27 million rows streamed as CSV: minutes of work, stopped at the limit.
    heavy = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    started = time.monotonic()
    with pytest.raises(QueryTimeout, match=r"0\.5 s"):
        run(store, heavy, "text/csv", timeout=0.5, max_bytes=10**10)
    assert time.monotonic() - started < 4.0  # limit + slack for a loaded 2-core machine


def test_a_blocking_aggregate_times_out_and_the_endpoint_stays_usable() -> None:
    # COUNT answers nothing until it has seen every row, so it cannot be
    # stopped mid-way; the caller still gets the error on time. 150^3 rows
    # keep the abandoned evaluation to about a second of background work.
    store = Store()
    store.load_triples(G1, [triple(f"{ID}{i}", LABEL, lit(f"thing {i}")) for i in range(149)])
    store.load_triples(G2, [triple(f"{ID}x", LABEL, lit("x"))])
    engine = SparqlEngine(store, SparqlSettings(timeout=0.2, concurrency=2))
    heavy = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    started = time.monotonic()
    with pytest.raises(QueryTimeout):
        engine.execute(SparqlRequest(heavy), negotiate("text/csv"))
    assert time.monotonic() - started < 3.0  # limit + slack for a loaded 2-core machine
    quick = engine.execute(SparqlRequest(f"ASK {{ <{ID}x> ?p ?o }}"), negotiate("text/csv"))
    assert quick.body.decode().split() == ["true"]


def test_negotiation_honours_format_and_refuses_what_cannot_carry_the_answer(
    store: Store,
) -> None:
    engine = SparqlEngine(store)
    select = SparqlRequest("SELECT ?s WHERE { ?s ?p ?o } LIMIT 1")
    assert engine.execute(select, negotiate("text/turtle", "tsv")).format == "tsv"
    with pytest.raises(Exception, match="accept one of") as refused:
        engine.execute(select, negotiate("text/turtle"))
    assert getattr(refused.value, "status", None) == 406
