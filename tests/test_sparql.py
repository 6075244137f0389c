"""The SPARQL engine: formats, dataset, read-only, timeout and size limits."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import threading
import time
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from graph.queries import parse_named_query
from graph.rdf import lit, triple
from graph.results import Table
from graph.sparql import (
    QueryFailed,
    QueryRefused,
    QuerySyntaxError,
    QueryTimeout,
    ResultTooLarge,
    SparqlEngine,
    SparqlRequest,
    SparqlSettings,
    UpdateRefused,
    looks_like_update,
    negotiate,
)
from graph.sparql_core import check_query
from graph.store import Store
from keino.cli import app

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


# ------------------------------------------------------- worker processes


@pytest.fixture
def disk_store(tmp_path: Path) -> Store:
    """An on-disk store (queries run in worker processes) with 150 things."""
    store = Store(tmp_path / "store")
    store.load_triples(G1, [triple(f"{ID}{i}", LABEL, lit(f"thing {i}")) for i in range(150)])
    return store


def test_a_runaway_query_costs_one_worker_and_the_next_query_runs(disk_store: Store) -> None:
    engine = SparqlEngine(disk_store, SparqlSettings(timeout=0.5, concurrency=1))
    try:
        assert engine.pool is not None
        before = engine.pool.ready()
        assert len(before) == 2, "one worker per slot and a spare"
        heavy = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
        started = time.monotonic()
        with pytest.raises(QueryTimeout):
            engine.execute(SparqlRequest(heavy), negotiate("text/csv"))
        assert time.monotonic() - started < 3.0
        quick = engine.execute(SparqlRequest(f"ASK {{ <{ID}1> ?p ?o }}"), negotiate("text/csv"))
        assert quick.body.decode().split() == ["true"]
        after = engine.pool.ready()
        assert len(after) == 2 and set(after) != set(before), "the killed worker was replaced"
    finally:
        engine.close()


def test_a_worker_that_dies_mid_query_answers_an_error_and_is_replaced(disk_store: Store) -> None:
    engine = SparqlEngine(disk_store, SparqlSettings(timeout=10, concurrency=1))
    try:
        assert engine.pool is not None
        pool = engine.pool
        pool.ready()
        heavy = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"

        def crash() -> None:
            """A crash inside Oxigraph looks like this to the server: the process that
            runs the query dies (only that one: the spare stays, as it would)."""
            until = time.monotonic() + 30
            while not pool.running() and time.monotonic() < until:
                time.sleep(0.01)
            time.sleep(0.3)
            for pid in pool.running():
                os.kill(pid, signal.SIGSEGV)

        threading.Thread(target=crash, daemon=True).start()
        with pytest.raises(QueryFailed, match="simplify"):
            engine.execute(SparqlRequest(heavy), negotiate("text/csv"))
        quick = engine.execute(SparqlRequest("ASK {}"), negotiate("text/csv"))
        assert quick.body.decode().split() == ["true"]
    finally:
        engine.close()


def test_workers_see_data_ingested_after_they_opened_the_store(disk_store: Store) -> None:
    engine = SparqlEngine(disk_store)
    try:
        count = SparqlRequest("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        assert engine.execute(count, negotiate("text/csv")).body.decode().split() == ["n", "150"]
        disk_store.load_triples(G2, [triple(f"{ID}new", LABEL, lit("new"))])
        assert engine.execute(count, negotiate("text/csv")).body.decode().split() == ["n", "151"]
    finally:
        engine.close()


def test_named_queries_run_with_the_same_limits(disk_store: Store) -> None:
    engine = SparqlEngine(disk_store, SparqlSettings(timeout=0.5))
    try:
        slow = parse_named_query(
            "slow", "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
        )
        with pytest.raises(QueryTimeout):
            engine.run_named(slow, {})
        labels = parse_named_query(
            "labels",
            "#+ param: thing iri — e.g. x:y\nSELECT ?thing ?l WHERE { ?thing <" + LABEL + "> ?l }",
        )
        table = engine.run_named(labels, {"thing": f"{ID}7"})
        assert isinstance(table, Table) and table.rows == [{"thing": f"{ID}7", "l": "thing 7"}]
    finally:
        engine.close()


def test_limits_are_checked_before_parsing(store: Store) -> None:
    engine = SparqlEngine(store, SparqlSettings(max_query_chars=100, max_depth=4))
    with pytest.raises(QueryRefused, match="characters long"):
        engine.execute(SparqlRequest("ASK {}" + " " * 100), negotiate(None))
    with pytest.raises(QueryRefused, match="deeper than 4"):
        engine.execute(SparqlRequest("ASK {{{{{ }}}}}"), negotiate(None))
    # brackets inside strings, IRIs and comments do not count
    ok = engine.execute(SparqlRequest("ASK { FILTER('{{{{{') } # {{{{{"), negotiate("text/csv"))
    assert ok.body == b"true"


def test_service_is_allowed_only_for_listed_endpoints() -> None:
    allowed = SparqlSettings(service_allow=("https://query.example.org/",))
    check_query("SELECT * { SERVICE <https://query.example.org/sparql> { } }", allowed)
    for query in (
        "SELECT * { SERVICE <https://query.example.org.evil/sparql> { } }",
        "SELECT * { SERVICE ?endpoint { } }",
        "SELECT * { SERVICE <http://127.0.0.1/> { } }",
    ):
        with pytest.raises(QueryRefused):
            check_query(query, allowed)


# ------------------------------------------------------------ update detection

QUERY_PARTS = st.sampled_from(
    [
        "?s ?p ?o .",
        "<http://e/#insert> ?p ?o .",
        "?s ?p 'INSERT DATA { <a:b> <a:c> <a:d> }' .",
        '?s ?p """DELETE WHERE { ?s ?p ?o }""" .',
        "# INSERT DATA {\n",
        "?delete ?load ?clear .",
        "OPTIONAL { ?s <http://e/p#drop> ?x }",
        "FILTER(?o != 'LOAD <http://e/>')",
        "BIND('WITH <g> DELETE' AS ?w)",
    ]
)


@settings(max_examples=200, deadline=None)
@given(
    prologue=st.sampled_from(["", "PREFIX ex: <http://e/#> ", "BASE <http://e/> ", "# c\n"]),
    form=st.sampled_from(["SELECT * WHERE", "ASK", "CONSTRUCT WHERE", "DESCRIBE ?s WHERE"]),
    parts=st.lists(QUERY_PARTS, max_size=5),
)
def test_update_detection_never_flags_a_query_oxigraph_parses(
    prologue: str, form: str, parts: list[str]
) -> None:
    text = f"{prologue}{form} {{ {' '.join(parts)} }}"
    try:
        ox.Store().query(text)
    except SyntaxError:
        return  # not a query: nothing to check
    assert not looks_like_update(text), text


# --------------------------------------------------------------- keino sparql


def test_keino_sparql_answers_ask_prefix_and_a_select_that_mentions_updates(
    tmp_path: Path,
) -> None:
    store = Store(tmp_path / "cli")
    store.load_triples(G1, [triple(f"{ID}1", LABEL, lit("one"))])
    del store  # closed: the command opens it

    def run(*args: str) -> Any:
        return CliRunner().invoke(app, ["--store", str(tmp_path / "cli"), "sparql", *args])

    ask = run("ASK { ?s ?p ?o }")
    assert ask.exit_code == 0 and ask.stdout.strip() == "true", ask.output
    prefixed = run("PREFIX ex: <http://e/> ASK {}")
    assert prefixed.exit_code == 0 and prefixed.stdout.strip() == "true", prefixed.output
    mention = "SELECT ?x WHERE { BIND('INSERT DATA { <a:b> <a:c> <a:d> }' AS ?x) }"
    select = run(mention, "--format", "csv")
    assert select.exit_code == 0, select.output
    assert select.stdout.splitlines() == ["x", "INSERT DATA { <a:b> <a:c> <a:d> }"]
    update = run("INSERT DATA { <a:b> <a:c> <a:d> }")
    assert update.exit_code == 2 and "read queries only" in update.output


def test_a_long_query_yields_its_worker_to_a_short_one_when_the_endpoint_is_busy(
    disk_store: Store,
) -> None:
    settings = SparqlSettings(timeout=20, concurrency=1, preempt_after=0.5)
    engine = SparqlEngine(disk_store, settings)
    try:
        assert engine.pool is not None
        engine.pool.ready()
        heavy = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
        outcome: dict[str, Exception] = {}

        def run_heavy() -> None:
            try:
                engine.execute(SparqlRequest(heavy), negotiate("text/csv"))
            except QueryTimeout as exc:
                outcome["heavy"] = exc

        runaway = threading.Thread(target=run_heavy)
        runaway.start()
        time.sleep(0.2)
        started = time.monotonic()
        quick = engine.execute(SparqlRequest("ASK {}"), negotiate("text/csv"))
        assert quick.body == b"true"
        assert time.monotonic() - started < 5.0, "far sooner than the heavy query's 20 s"
        runaway.join(10)
        assert "make room" in str(outcome["heavy"])
    finally:
        engine.close()
