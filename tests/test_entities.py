"""graph.entities: what the explorer shows about an entity, its neighbourhood and paths."""

from __future__ import annotations

import pytest

from graph import entities
from graph.iris import GRAPH_BASE, ID_BASE
from graph.namespaces import KEINO_NS
from graph.rdf import RDF_TYPE, lit, triple
from graph.store import SourceFile, Store

SKOS = "http://www.w3.org/2004/02/skos/core#"
ORG = "http://www.w3.org/ns/org#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
PROV = "http://www.w3.org/ns/prov#"
TIME = "http://www.w3.org/2006/time#"
XSD = "http://www.w3.org/2001/XMLSchema#"
EPO = "http://data.europa.eu/a4g/ontology#"

KEINO = ID_BASE + "org/fi/keino"
TEM = ID_BASE + "org/fi/0244534-9"
MOTIVA = ID_BASE + "org/fi/motiva"
CITY = ID_BASE + "org/fi/city"
SUPPLIER = ID_BASE + "org/fi/supplier"
MEMBERSHIP = ID_BASE + "membership/motiva/keino/consortium/2020-01-01"
INTERVAL = MEMBERSHIP + "/interval"
DOC = ID_BASE + "document/001-keino"
NOTICE = ID_BASE + "notice/abc-01"
LOT = NOTICE + "/lot/LOT-0001"
QUOTE = "KEINO-osaamiskeskusta ohjaa työ- ja elinkeinoministeriö."


def _label(iri: str, fi: str, en: str | None = None) -> list:
    found = [triple(iri, SKOS + "prefLabel", lit(fi, lang="fi"))]
    return found + ([triple(iri, SKOS + "prefLabel", lit(en, lang="en"))] if en else [])


def _ecosystem() -> list:
    cite = ID_BASE + "citation/0123456789abcdef"
    return [
        *_label(KEINO, "KEINO-osaamiskeskus", "KEINO competence centre"),
        *_label(TEM, "Työ- ja elinkeinoministeriö", "Ministry of Economic Affairs"),
        *_label(MOTIVA, "Motiva Oy"),
        *_label(DOC, "Seed 001"),
        triple(KEINO, RDF_TYPE, KEINO_NS + "CompetenceCentre"),
        triple(TEM, RDF_TYPE, KEINO_NS + "Ministry"),
        triple(KEINO, KEINO_NS + "steeredBy", TEM),
        triple(cite, RDF_TYPE, KEINO_NS + "Citation"),
        triple(cite, RDF + "subject", KEINO),
        triple(cite, RDF + "predicate", KEINO_NS + "steeredBy"),
        triple(cite, RDF + "object", TEM),
        triple(cite, PROV + "wasDerivedFrom", DOC),
        triple(cite, KEINO_NS + "quote", lit(QUOTE, lang="fi")),
        triple(MEMBERSHIP, RDF_TYPE, ORG + "Membership"),
        triple(MEMBERSHIP, ORG + "member", MOTIVA),
        triple(MEMBERSHIP, ORG + "organization", KEINO),
        triple(MEMBERSHIP, ORG + "memberDuring", INTERVAL),
        triple(INTERVAL, TIME + "hasBeginning", INTERVAL + "/start"),
        triple(INTERVAL + "/start", TIME + "inXSDDate", lit("2020-01-01", datatype=XSD + "date")),
    ]


def _notices() -> list:
    return [
        *_label(CITY, "Esimerkkikaupunki"),
        *_label(SUPPLIER, "Latausratkaisut Oy"),
        triple(NOTICE, EPO + "hasPublicationDate", lit("2023-05-02", datatype=XSD + "date")),
        triple(LOT, EPO + "hasBuyer", CITY),
        triple(LOT, EPO + "hasWinner", SUPPLIER),
        triple(LOT, PROV + "wasDerivedFrom", NOTICE),
        triple(CITY, ORG + "memberOf", KEINO),
    ]


@pytest.fixture()
def store(tmp_path) -> Store:
    seed = tmp_path / "001-keino.txt"
    seed.write_text(QUOTE, encoding="utf-8")
    store = Store()
    store.replace_graph(
        GRAPH_BASE + "ecosystem", _ecosystem(), source="ecosystem", inputs=[SourceFile.of(seed)]
    )
    store.replace_graph(GRAPH_BASE + "notices/t", _notices(), source="notices", inputs=[])
    return store


def test_describe_gives_labels_links_and_the_quote_behind_a_fact(store: Store) -> None:
    view = entities.describe(store, KEINO, lang="en")
    assert view.label == "KEINO competence centre"
    assert view.labels == {"fi": ["KEINO-osaamiskeskus"], "en": ["KEINO competence centre"]}
    assert view.kind == "organisation"
    steered = next(g for g in view.outgoing if g.predicate == KEINO_NS + "steeredBy")
    (link,) = steered.links
    assert link.node.label == "Ministry of Economic Affairs"
    quotes = [s for s in link.sources if s.kind == "document"]
    assert [(s.iri, s.quote) for s in quotes] == [(DOC, QUOTE)]
    files = [s.files for s in link.sources if s.kind == "graph"]
    assert files and files[0][0].endswith("001-keino.txt")
    incoming = {g.predicate: [x.node.iri for x in g.links] for g in view.incoming}
    assert incoming[ORG + "organization"] == [MEMBERSHIP]
    assert incoming[ORG + "memberOf"] == [CITY]


def test_a_lot_fact_is_traced_to_its_notice(store: Store) -> None:
    view = entities.describe(store, SUPPLIER)
    (group,) = view.incoming
    assert group.predicate == EPO + "hasWinner"
    assert NOTICE in [s.iri for s in group.links[0].sources if s.kind == "notice"]


def test_timeline_dates_memberships_and_awards(store: Store) -> None:
    keino = entities.timeline(store, KEINO, lang="fi")
    assert [(e.start, e.node.label) for e in keino] == [("2020-01-01", "Motiva Oy")]
    supplier = entities.timeline(store, SUPPLIER)
    assert [e.start for e in supplier] == ["2023-05-02"]


def test_unknown_iri_is_reported(store: Store) -> None:
    with pytest.raises(entities.EntityNotFound):
        entities.describe(store, ID_BASE + "org/fi/nobody")
    with pytest.raises(entities.EntityNotFound):
        entities.paths(store, KEINO, ID_BASE + "org/fi/nobody")


def test_paths_walk_links_both_ways_and_explain_each_hop(store: Store) -> None:
    (path,) = entities.paths(store, SUPPLIER, TEM)
    assert [hop.target.iri for hop in path] == [LOT, CITY, KEINO, TEM]
    assert [hop.forward for hop in path] == [False, True, True, True]
    assert path[0].predicate == EPO + "hasWinner"


def test_neighbourhood_depth_and_layout(store: Store) -> None:
    one = entities.neighbourhood(store, KEINO, 1)
    two = entities.neighbourhood(store, KEINO, 2)
    assert {n.node.iri for n in one.nodes} == {KEINO, TEM, MEMBERSHIP, CITY}
    assert {MOTIVA, LOT} <= {n.node.iri for n in two.nodes}
    assert all(0.0 <= n.x <= 1.0 and 0.0 <= n.y <= 1.0 for n in two.nodes)
    small = entities.neighbourhood(store, KEINO, 2, max_nodes=3)
    assert small.truncated and len(small.nodes) == 3


def test_centrality_puts_the_connector_first_and_follows_store_changes(store: Store) -> None:
    assert entities.centrality(store)[0].node.iri == KEINO
    before = entities.snapshot(store)
    store.replace_graph(GRAPH_BASE + "notices/t", [], source="notices", inputs=[])
    assert entities.snapshot(store) is not before
    assert CITY not in {r.node.iri for r in entities.centrality(store)}


def test_lookup_filters_by_kind(store: Store) -> None:
    assert [n.iri for n in entities.lookup(store, "keino")][:1] == [KEINO]
    assert entities.lookup(store, "keino", kind="procurement") == []


def test_describe_a_demo_municipality(demo_store: Store) -> None:
    helsinki = next(n for n in entities.lookup(demo_store, "Helsinki", kind="organisation"))
    view = entities.describe(demo_store, helsinki.iri)
    assert view.labels["fi"][0] == "Helsinki"
    sourced = [s for g in view.outgoing for link in g.links for s in link.sources]
    assert any(s.kind == "graph" and s.files for s in sourced), "facts must name their files"


def test_a_new_ingest_shows_at_once_despite_the_cache(store: Store) -> None:
    assert entities.describe(store, MOTIVA).label == "Motiva Oy"
    renamed = [t for t in _ecosystem() if "Motiva Oy" not in str(t)]
    renamed += _label(MOTIVA, "Motiva")
    store.replace_graph(GRAPH_BASE + "ecosystem", renamed, source="ecosystem", inputs=[])
    assert entities.describe(store, MOTIVA).label == "Motiva"
