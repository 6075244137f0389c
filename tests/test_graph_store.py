"""The store: atomic replacement of a source, provenance records, dump/restore."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib.compare import isomorphic

from graph.iris import graph_iri
from graph.rdf import a, lit, triple
from graph.results import select
from graph.store import PROV, PROVENANCE_GRAPH, SourceFile, Store

SKOS_LABEL = "http://www.w3.org/2004/02/skos/core#prefLabel"
ORG = "http://www.w3.org/ns/org#FormalOrganization"
MOTIVA = "https://w3id.org/keino/id/org/fi/motiva-oy"
HANSEL = "https://w3id.org/keino/id/org/fi/0988084-1"


def _org_triples(*names: tuple[str, str]) -> list:
    out = []
    for iri, name in names:
        out += [a(iri, ORG), triple(iri, SKOS_LABEL, lit(name, lang="fi"))]
    return out


@pytest.fixture
def source_file(tmp_path: Path) -> SourceFile:
    path = tmp_path / "orgs.yaml"
    path.write_text("- Motiva Oy\n- Hansel Oy\n", encoding="utf-8")
    return SourceFile.of(path)


def test_replace_graph_swaps_content_and_keeps_other_sources(source_file: SourceFile) -> None:
    store = Store()
    eco, other = graph_iri("ecosystem"), graph_iri("codelists")
    store.replace_graph(other, _org_triples((HANSEL, "Hansel Oy")), source="x", inputs=[])
    store.replace_graph(
        eco, _org_triples((MOTIVA, "Motiva Oy")), source="eco", inputs=[source_file]
    )
    store.replace_graph(eco, _org_triples((HANSEL, "Hansel")), source="eco", inputs=[source_file])
    labels = {
        r["l"]
        for r in select(
            store, f"SELECT ?l WHERE {{ GRAPH <{eco}> {{ ?s <{SKOS_LABEL}> ?l }} }}"
        ).rows
    }
    assert labels == {"Hansel"}
    assert store.count(other) == 2


def test_replace_graph_removes_only_what_went(source_file: SourceFile) -> None:
    store = Store()
    eco = graph_iri("ecosystem")
    sitra = "https://w3id.org/keino/id/org/fi/sitra"
    three = _org_triples((MOTIVA, "Motiva Oy"), (HANSEL, "Hansel Oy"), (sitra, "Sitra"))
    store.replace_graph(eco, three, source="eco", inputs=[source_file])
    store.replace_graph(eco, three[:4], source="eco", inputs=[source_file])
    assert sorted(map(str, store.triples(eco))) == sorted(map(str, three[:4]))
    grown = [*three[:4], triple(sitra, SKOS_LABEL, lit("Sitra", lang="sv"))]
    store.replace_graph(eco, grown, source="eco", inputs=[source_file])
    assert sorted(map(str, store.triples(eco))) == sorted(map(str, grown))


def test_failed_mapping_leaves_previous_graph(source_file: SourceFile) -> None:
    store = Store()
    eco = graph_iri("ecosystem")
    store.replace_graph(eco, _org_triples((MOTIVA, "Motiva Oy")), source="eco", inputs=[])
    before = sorted(str(t) for t in store.triples(eco))

    def broken():
        yield from _org_triples((HANSEL, "Hansel Oy"))
        raise ValueError("line 7: unknown organisation")

    with pytest.raises(ValueError, match="line 7"):
        store.replace_graph(eco, broken(), source="eco", inputs=[source_file])
    assert sorted(str(t) for t in store.triples(eco)) == before


def test_blank_nodes_are_refused() -> None:
    import pyoxigraph as ox

    store = Store()
    bad = ox.Triple(ox.BlankNode(), ox.NamedNode(SKOS_LABEL), ox.Literal("x"))
    with pytest.raises(ValueError, match="blank node"):
        store.replace_graph(graph_iri("t"), [bad], source="t", inputs=[])


def test_reingest_same_source_keeps_triple_count(source_file: SourceFile) -> None:
    store = Store()
    eco = graph_iri("ecosystem")
    data = _org_triples((MOTIVA, "Motiva Oy"), (HANSEL, "Hansel Oy"))
    store.replace_graph(eco, data, source="eco", inputs=[source_file])
    first = store.count(eco)
    store.replace_graph(eco, data, source="eco", inputs=[source_file])
    assert store.count(eco) == first == 4


def test_ingest_run_is_recorded_with_hash_time_and_count(source_file: SourceFile) -> None:
    store = Store()
    eco = graph_iri("ecosystem")
    run = store.replace_graph(
        eco, _org_triples((MOTIVA, "Motiva Oy")), source="eco", inputs=[source_file]
    )
    rows = select(
        store,
        f"""
        PREFIX prov: <http://www.w3.org/ns/prov#>
        PREFIX keino: <https://w3id.org/keino/ontology#>
        SELECT ?run ?n ?start ?end ?sha ?loc WHERE {{ GRAPH <{PROVENANCE_GRAPH}> {{
          <{eco}> prov:wasGeneratedBy ?run . ?run a prov:Activity ; keino:tripleCount ?n ;
          prov:startedAtTime ?start ; prov:endedAtTime ?end ; prov:used ?src .
          ?src keino:sha256 ?sha ; prov:atLocation ?loc }} }}""",
    ).rows
    assert len(rows) == 1
    assert rows[0]["run"] == run.iri and rows[0]["n"] == 2
    assert rows[0]["sha"] == source_file.sha256 and len(source_file.sha256) == 64
    assert rows[0]["loc"].endswith("orgs.yaml")
    assert rows[0]["start"] <= rows[0]["end"]


def test_only_latest_run_is_the_generator_of_a_graph(source_file: SourceFile) -> None:
    store = Store()
    eco = graph_iri("ecosystem")
    for _ in range(3):
        last = store.replace_graph(
            eco, _org_triples((MOTIVA, "Motiva Oy")), source="eco", inputs=[source_file]
        )
    rows = select(
        store, f"SELECT ?r WHERE {{ <{eco}> <http://www.w3.org/ns/prov#wasGeneratedBy> ?r }}"
    ).rows
    assert [r["r"] for r in rows] == [last.iri]


def test_union_default_graph_sees_every_source() -> None:
    store = Store()
    store.replace_graph(graph_iri("a"), _org_triples((MOTIVA, "Motiva Oy")), source="a", inputs=[])
    store.replace_graph(graph_iri("b"), _org_triples((HANSEL, "Hansel Oy")), source="b", inputs=[])
    names = {r["l"] for r in select(store, f"SELECT ?l WHERE {{ ?s <{SKOS_LABEL}> ?l }}").rows}
    assert names == {"Motiva Oy", "Hansel Oy"}


def test_dump_and_restore_give_an_isomorphic_dataset(tmp_path: Path) -> None:
    store = Store(tmp_path / "store")
    store.replace_graph(
        graph_iri("a"), _org_triples((MOTIVA, 'Motiva "Oy"\n')), source="a", inputs=[]
    )
    store.replace_graph(graph_iri("b"), _org_triples((HANSEL, "Hansel Oy")), source="b", inputs=[])
    dump = tmp_path / "dump.nq"
    n = store.dump(dump)
    restored = Store(tmp_path / "restored")
    assert restored.restore(dump) == n == store.count()
    assert restored.graphs() == store.graphs()

    def dataset(s: Store) -> rdflib.Dataset:
        out = tmp_path / f"{id(s)}.nq"
        s.dump(out)
        ds = rdflib.Dataset()
        ds.parse(out, format="nquads")
        return ds

    original, copy = dataset(store), dataset(restored)
    for g in store.graphs():
        assert isomorphic(original.graph(rdflib.URIRef(g)), copy.graph(rdflib.URIRef(g))), g


def test_on_disk_store_persists_between_opens(tmp_path: Path) -> None:
    path = tmp_path / "store"
    store = Store(path)
    store.replace_graph(graph_iri("a"), _org_triples((MOTIVA, "Motiva Oy")), source="a", inputs=[])
    store.flush()
    del store
    assert Store(path).count(graph_iri("a")) == 2


def test_rebuild_graph_replaces_wholesale_and_records_one_run(source_file: SourceFile) -> None:
    store, g = Store(), graph_iri("derived")
    keep = _org_triples((HANSEL, "Hansel Oy"))
    store.replace_graph(graph_iri("registry"), keep, source="registry", inputs=[])
    old = _org_triples((MOTIVA, "Motiva Oy"), ("urn:org:2", "Kaksi Oy"))
    store.rebuild_graph(g, old, source="derived", inputs=[])
    new = _org_triples(("urn:org:3", "Kolme Oy"))
    run = store.rebuild_graph(g, new + new, source="derived", inputs=[source_file])
    names = {r["n"] for r in select(store, f"SELECT ?n WHERE {{ ?o <{SKOS_LABEL}> ?n }}").rows}
    assert names == {"Kolme Oy", "Hansel Oy"}
    assert run.triple_count == store.count(g) == len(new)
    links = [run for graph, run in store.pairs(PROV + "wasGeneratedBy") if graph == g]
    assert links == [run.iri]
    blank = ox.Triple(ox.BlankNode(), ox.NamedNode(SKOS_LABEL), ox.Literal("x"))
    with pytest.raises(ValueError, match="blank node"):
        store.rebuild_graph(g, [blank], source="derived", inputs=[])
    assert store.count(g) == len(new)  # refused before anything was dropped


def test_select_values_gives_plain_text_of_any_literal() -> None:
    store = Store()
    odd = 'tab\there "quoted" € \\ back'
    store.replace_graph(graph_iri("x"), [triple("urn:a", "urn:p", lit(odd))], source="x", inputs=[])
    assert list(store.select_values("SELECT ?o ?none WHERE { <urn:a> <urn:p> ?o }")) == [
        [odd, None]
    ]


def test_ntriples_first_load_then_diff_and_blank_nodes_refused(source_file: SourceFile) -> None:
    store = Store()
    eco = graph_iri("ecosystem")
    lines = [f"{t} .\n" for t in _org_triples((MOTIVA, "Motiva Oy"), (HANSEL, "Hansel Oy"))]
    first = store.replace_graph_ntriples(
        eco, "".join(lines).encode(), source="eco", inputs=[source_file]
    )
    assert first.triple_count == store.count(eco) == 4
    second = store.replace_graph_ntriples(
        eco, "".join(lines[:2]).encode(), source="eco", inputs=[source_file]
    )
    assert store.count(eco) == 2 and second.triple_count == 2
    rows = select(
        store, f"SELECT ?r WHERE {{ <{eco}> <http://www.w3.org/ns/prov#wasGeneratedBy> ?r }}"
    ).rows
    assert [r["r"] for r in rows] == [second.iri]
    other = graph_iri("other")
    with pytest.raises(ValueError, match="blank node"):
        store.replace_graph_ntriples(
            other, b'_:b <urn:p> "x" .\n', source="other", inputs=[source_file]
        )
    assert not store.has_graph(other)


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


def _content(store: Store) -> set[ox.Quad]:
    """Every quad outside the provenance graph (whose run records carry times)."""
    return {q for q in store.quads() if q.graph_name != ox.NamedNode(PROVENANCE_GRAPH)}


@st.composite
def _two_versions(draw: st.DrawFn) -> tuple[set[ox.Triple], set[ox.Triple]]:
    """A and B: unrelated, or B an edit of A (some of A dropped, some added), so that
    each of replace_graph's paths is taken."""
    a = draw(st.sets(_TRIPLES, max_size=25))
    if draw(st.booleans()):
        return a, draw(st.sets(_TRIPLES, max_size=25))
    dropped = draw(st.sets(st.sampled_from(sorted(a, key=str)), max_size=3)) if a else set()
    return a, (a - dropped) | draw(st.sets(_TRIPLES, max_size=3))


@settings(max_examples=80, deadline=None)
@given(versions=_two_versions())
def test_replacing_a_then_b_leaves_the_dataset_of_b_alone(
    versions: tuple[set[ox.Triple], set[ox.Triple]],
) -> None:
    """replace_graph(A) then (B) = replace_graph(B): the whole dataset, whichever of its
    paths (append, delete and insert, clear and insert) the second load takes."""
    g, other = graph_iri("x"), graph_iri("other")
    keep = [triple(HANSEL, SKOS_LABEL, lit("Hansel Oy", lang="fi"))]
    both, only_b = Store(), Store()
    for store in (both, only_b):
        store.replace_graph(other, keep, source="other", inputs=[])
    a, b = versions
    both.replace_graph(g, a, source="x", inputs=[])
    both.replace_graph(g, b, source="x", inputs=[])
    only_b.replace_graph(g, b, source="x", inputs=[])
    assert _content(both) == _content(only_b)
    assert set(both.triples(g)) == b
    runs = list(both.pairs(PROV + "wasGeneratedBy"))
    assert sorted(graph for graph, _run in runs) == sorted([g, other])  # one run link each
