"""The store contract, on both backends: the embedded Oxigraph store and a SPARQL server.

Every test takes ``any_store`` (``tests/conftest.py``): an empty in-memory store,
then an empty store on the Oxigraph server the test session started (or on the
server ``KEINO_TEST_SPARQL`` names: ``make engines``). What a caller sees must not
depend on where the data lives.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.iris import graph_iri
from graph.rdf import a, lit, triple
from graph.remote import RemoteStoreError
from graph.results import select
from graph.sparql import SparqlEngine, SparqlRequest, SparqlSettings, negotiate
from graph.store import PROV, PROVENANCE_GRAPH, SourceFile, Store

LABEL = "http://www.w3.org/2004/02/skos/core#prefLabel"
ORG = "http://www.w3.org/ns/org#FormalOrganization"
MOTIVA = "https://w3id.org/keino/id/org/fi/motiva-oy"
HANSEL = "https://w3id.org/keino/id/org/fi/0988084-1"
ECO, OTHER = graph_iri("ecosystem"), graph_iri("codelists")


def _orgs(*names: tuple[str, str]) -> list[ox.Triple]:
    out = []
    for iri, name in names:
        out += [a(iri, ORG), triple(iri, LABEL, lit(name, lang="fi"))]
    return out


@pytest.fixture
def source_file(tmp_path: Path) -> SourceFile:
    path = tmp_path / "orgs.yaml"
    path.write_text("- Motiva Oy\n- Hansel Oy\n", encoding="utf-8")
    return SourceFile.of(path)


def _labels(store: Store) -> set[str]:
    return {r["l"] for r in select(store, f"SELECT ?l WHERE {{ ?s <{LABEL}> ?l }}").rows}


def test_replace_swaps_one_source_and_the_union_sees_every_source(
    any_store: Store, source_file: SourceFile
) -> None:
    store = any_store
    store.replace_graph(OTHER, _orgs((HANSEL, "Hansel Oy")), source="x", inputs=[])
    store.replace_graph(ECO, _orgs((MOTIVA, "Motiva Oy")), source="eco", inputs=[source_file])
    assert _labels(store) == {"Hansel Oy", "Motiva Oy"}
    store.replace_graph(ECO, _orgs((MOTIVA, "Motiva")), source="eco", inputs=[source_file])
    assert _labels(store) == {"Hansel Oy", "Motiva"}
    assert store.graphs() == sorted([ECO, OTHER, PROVENANCE_GRAPH])
    assert (store.count(ECO), store.count(OTHER), store.count(graph_iri("none"))) == (2, 2, 0)
    assert store.has_graph(ECO) and not store.has_graph(graph_iri("none"))


def test_runs_are_recorded_and_only_the_latest_generates_the_graph(
    any_store: Store, source_file: SourceFile
) -> None:
    store = any_store
    for _ in range(2):
        run = store.replace_graph(
            ECO, _orgs((MOTIVA, "Motiva Oy")), source="eco", inputs=[source_file]
        )
    rows = select(
        store,
        f"""PREFIX prov: <http://www.w3.org/ns/prov#>
        PREFIX keino: <https://w3id.org/keino/ontology#>
        SELECT ?run ?n ?sha WHERE {{ GRAPH <{PROVENANCE_GRAPH}> {{
          <{ECO}> prov:wasGeneratedBy ?run . ?run keino:tripleCount ?n ; prov:used ?src .
          ?src keino:sha256 ?sha }} }}""",
    ).rows
    assert rows == [{"run": run.iri, "n": 2, "sha": source_file.sha256}]


def test_a_failed_or_refused_load_leaves_the_previous_graph(any_store: Store) -> None:
    store = any_store
    store.replace_graph(ECO, _orgs((MOTIVA, "Motiva Oy")), source="eco", inputs=[])
    before, version = sorted(map(str, store.triples(ECO))), store.version()

    def broken():
        yield from _orgs((HANSEL, "Hansel Oy"))
        raise ValueError("line 7: unknown organisation")

    with pytest.raises(ValueError, match="line 7"):
        store.replace_graph(ECO, broken(), source="eco", inputs=[])
    blank = ox.Triple(ox.BlankNode(), ox.NamedNode(LABEL), ox.Literal("x"))
    with pytest.raises(ValueError, match="blank node"):
        store.replace_graph(ECO, [blank], source="eco", inputs=[])
    assert sorted(map(str, store.triples(ECO))) == before
    assert store.version() == version


def test_ntriples_first_load_then_a_diff(any_store: Store, source_file: SourceFile) -> None:
    store = any_store
    lines = [f"{t} .\n" for t in _orgs((MOTIVA, 'Motiva "Oy"\n'), (HANSEL, "Hansel Oy"))]
    first = store.replace_graph_ntriples(
        ECO, "".join(lines).encode(), source="eco", inputs=[source_file]
    )
    assert first.triple_count == store.count(ECO) == 4
    second = store.replace_graph_ntriples(
        ECO, "".join(lines[:2]).encode(), source="eco", inputs=[source_file]
    )
    assert store.count(ECO) == second.triple_count == 2
    assert _labels(store) == {'Motiva "Oy"\n'}
    with pytest.raises(ValueError, match="blank node"):
        store.replace_graph_ntriples(OTHER, b'_:b <urn:p> "x" .\n', source="o", inputs=[])
    assert not store.has_graph(OTHER)


def test_answers_are_pyoxigraph_terms_with_substitutions_bound(any_store: Store) -> None:
    store = any_store
    odd = 'tab\there "quoted" € \\ back'
    data = [
        triple("urn:a", "urn:p", lit(odd)),
        triple("urn:a", "urn:n", lit(3)),
        triple("urn:b", "urn:n", lit(5)),
    ]
    store.replace_graph(ECO, data, source="x", inputs=[])
    assert list(store.select_values("SELECT ?o ?none WHERE { <urn:a> <urn:p> ?o }")) == [
        [odd, None]
    ]
    low = ox.Literal("4", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
    # Oxigraph binds only projected variables
    filtered = "SELECT ?s ?min WHERE { ?s <urn:n> ?n FILTER(?n > ?min) }"
    assert [r["s"] for r in store.query(filtered, substitutions={"min": low})] == [
        ox.NamedNode("urn:b")
    ]
    sub = "SELECT ?s ?n WHERE { SELECT ?s ?n WHERE { ?s <urn:n> ?n } }"
    answer = store.query(sub, substitutions={"s": ox.NamedNode("urn:a")})
    assert [r["n"].value for r in answer] == ["3"]
    counted = "SELECT ?s (COUNT(*) AS ?c) WHERE { ?s ?p ?o } GROUP BY ?s"
    assert (
        next(iter(store.query(counted, substitutions={"s": ox.NamedNode("urn:a")})))["c"].value
        == "2"
    )
    ask = store.query("ASK { ?s <urn:n> 5 }")
    assert isinstance(ask, ox.QueryBoolean) and bool(ask)
    built = store.query("CONSTRUCT { ?s <urn:q> ?n } WHERE { ?s <urn:n> ?n }")
    assert isinstance(built, ox.QueryTriples)
    assert {str(t) for t in built} == {
        str(triple(s, "urn:q", lit(n))) for s, n in (("urn:a", 3), ("urn:b", 5))
    }
    only = store.query("SELECT ?s WHERE { ?s ?p ?o }", default_graph=[OTHER])
    assert list(only) == []
    with pytest.raises(SyntaxError):
        store.query("SELECT WHERE {")


def test_version_changes_with_every_load_and_is_the_same_for_every_reader(
    any_store: Store, tmp_path: Path
) -> None:
    store = any_store
    first = store.version()
    store.replace_graph(ECO, _orgs((MOTIVA, "Motiva Oy")), source="eco", inputs=[])
    second = store.version()
    store.replace_graph(ECO, _orgs((MOTIVA, "Motiva Oy")), source="eco", inputs=[])
    assert len({first, second, store.version()}) == 3
    if store.remote is not None:  # another process opening the same server agrees
        other = Store(store.remote.url)
        assert other.version() == store.version()
        other.replace_graph(OTHER, _orgs((HANSEL, "Hansel Oy")), source="x", inputs=[])
        assert other.version() == store.version() and "Hansel Oy" in _labels(store)


def test_dump_and_restore_round_trip_across_backends(any_store: Store, tmp_path: Path) -> None:
    store = any_store
    if store.remote is not None and store.remote.ends.engine == "virtuoso":
        # seen with make engines: a run's time 12:36:08.716800Z comes back in another form
        pytest.xfail("Virtuoso rewrites xsd:dateTime lexical forms (docs/engines.md)")
    store.replace_graph(ECO, _orgs((MOTIVA, 'Motiva "Oy"\n')), source="a", inputs=[])
    store.replace_graph(OTHER, _orgs((HANSEL, "Hansel Oy")), source="b", inputs=[])
    dump = tmp_path / "dump.nq"
    n = store.dump(dump)
    assert n == store.count() > 4
    copy = Store(tmp_path / "copy")
    assert copy.restore(dump) == n
    assert set(copy.quads()) == set(store.quads())
    store.replace_graph(ECO, [], source="a", inputs=[])
    assert store.restore(dump) == n and set(store.quads()) == set(copy.quads())
    cut = tmp_path / "cut.nq"
    cut.write_bytes(dump.read_bytes()[:-20])
    with pytest.raises(ValueError, match=r"cut\.nq"):
        store.restore(cut)
    assert set(store.quads()) == set(copy.quads())


def test_the_sparql_endpoint_engine_answers_on_either_backend(any_store: Store) -> None:
    store = any_store
    store.replace_graph(ECO, _orgs((MOTIVA, "Motiva Oy")), source="eco", inputs=[])
    engine = SparqlEngine(store, SparqlSettings(timeout=10))
    try:
        csv = engine.execute(
            SparqlRequest(f"SELECT ?l WHERE {{ ?s <{LABEL}> ?l }}"), negotiate("text/csv")
        )
        assert csv.body.decode().split() == ["l", "Motiva", "Oy"]
        turtle = engine.execute(
            SparqlRequest(f"CONSTRUCT WHERE {{ ?s <{LABEL}> ?l }}"), negotiate("text/turtle")
        )
        assert "Motiva Oy" in turtle.body.decode()
        assert engine.answer(SparqlRequest("ASK { ?s ?p ?o }"), {}) is True
    finally:
        engine.close()


def test_an_unreachable_server_is_one_line_after_bounded_retries() -> None:
    from tests.conftest import free_port

    store = Store(f"http://127.0.0.1:{free_port()}/")
    with pytest.raises(RemoteStoreError, match=r"cannot be reached .*4 attempts") as caught:
        store.graphs()
    assert "\n" not in str(caught.value) and isinstance(caught.value, OSError)


# ------------------------------------------------------------------ properties
_NODES = st.sampled_from([f"urn:x:{i}" for i in range(6)]).map(ox.NamedNode)
_LITERALS = st.one_of(
    st.text(max_size=12).map(ox.Literal),  # quotes, backslashes, newlines, any script
    st.builds(
        lambda t, lang: ox.Literal(t, language=lang),
        st.text(max_size=8),
        st.sampled_from(["fi", "sv", "en"]),
    ),
    st.integers(-(10**6), 10**6).map(lit),
)
_TRIPLES = st.builds(ox.Triple, _NODES, _NODES, st.one_of(_NODES, _LITERALS))


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(a=st.sets(_TRIPLES, max_size=20), b=st.sets(_TRIPLES, max_size=20))
def test_replacing_a_then_b_holds_b_alone(
    any_store: Store, a: set[ox.Triple], b: set[ox.Triple]
) -> None:
    """Replace A then B: the graph holds B exactly, on either backend (odd literals
    survive the trip through the update text and the server's answers)."""
    any_store.replace_graph(ECO, a, source="x", inputs=[])
    any_store.replace_graph(ECO, b, source="x", inputs=[])
    assert set(any_store.triples(ECO)) == b
    links = [g for g, _run in any_store.pairs(PROV + "wasGeneratedBy")]
    assert links == [ECO]
