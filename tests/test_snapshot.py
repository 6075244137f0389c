"""graph.snapshot: the entity graph, labels, types and ingest runs read at once."""

from __future__ import annotations

from graph.iris import GRAPH_BASE
from graph.snapshot import read_snapshot
from graph.store import Store


def test_a_snapshot_holds_links_labels_types_and_each_graphs_files(small_store, small) -> None:
    snap = read_snapshot(small_store)
    assert snap.version == small_store.version()
    assert snap.graph.has_edge(small.KEINO, small.TEM)
    assert snap.label(small.KEINO, "en") == "KEINO competence centre"
    assert snap.label(small.KEINO, "sv") == "KEINO-osaamiskeskus", "Finnish when sv is missing"
    assert snap.kind(small.TEM) == "organisation"
    run, files = snap.runs[GRAPH_BASE + "ecosystem"]
    assert run and files[0].endswith("001-keino.txt")


def test_citations_and_types_are_not_links(small_store, small) -> None:
    snap = read_snapshot(small_store)
    linked = set(snap.graph.nodes)
    assert not any("/citation/" in n for n in linked)
    assert not any(n.startswith("https://w3id.org/keino/ontology#") for n in linked)


def test_code_lists_stay_out_of_the_network(demo_store: Store) -> None:
    snap = read_snapshot(demo_store)
    cpv = "http://data.europa.eu/cpv/"
    assert not any(s.startswith(cpv) for s, _ in snap.graph.edges()), "no code-list hierarchy"
    assert any(o.startswith(cpv) for _, o in snap.graph.edges()), "lots still link their codes"
    assert snap.label("http://data.europa.eu/cpv/cpv/45000000") == "45000000 Rakennustyöt"
