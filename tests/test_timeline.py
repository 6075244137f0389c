"""graph.timeline: an entity's dated relations, oldest first."""

from __future__ import annotations

from graph.iris import GRAPH_BASE, ID_BASE
from graph.namespaces import KEINO
from graph.rdf import lit, triple
from graph.snapshot import read_snapshot
from graph.store import Store
from graph.timeline import timeline

XSD = "http://www.w3.org/2001/XMLSchema#"


def test_timeline_dates_memberships_and_awards(small_store, small) -> None:
    snap = read_snapshot(small_store)
    keino = timeline(small_store, snap, small.KEINO, lang="fi")
    assert [(e.start, e.end, e.node.label) for e in keino] == [("2020-01-01", None, "Motiva Oy")]
    supplier = timeline(small_store, snap, small.SUPPLIER)
    assert [(e.start, e.node.iri) for e in supplier] == [("2023-05-02", small.NOTICE)]


def test_end_dates_close_a_span_and_events_come_oldest_first() -> None:
    store, org = Store(), ID_BASE + "org/fi/a"
    old, new = ID_BASE + "greendeal/old", ID_BASE + "greendeal/new"
    facts = [
        triple(new, str(KEINO.signatory), org),
        triple(new, str(KEINO.signed), lit("2022-01-01", datatype=XSD + "date")),
        triple(old, str(KEINO.signatory), org),
        triple(old, str(KEINO.signed), lit("2019-03-01", datatype=XSD + "date")),
        triple(old, "https://schema.org/endDate", lit("2021-12-31", datatype=XSD + "date")),
    ]
    store.replace_graph(GRAPH_BASE + "t", facts, source="t", inputs=[])
    events = timeline(store, read_snapshot(store), org)
    assert [(e.node.iri, e.start, e.end) for e in events] == [
        (old, "2019-03-01", "2021-12-31"),
        (new, "2022-01-01", None),
    ]


def test_an_entity_without_dated_relations_has_an_empty_timeline() -> None:
    store = Store()
    assert timeline(store, read_snapshot(store), ID_BASE + "org/fi/nobody") == []
