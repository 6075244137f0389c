"""graph.describe: what the explorer shows about one entity, and where each fact comes from."""

from __future__ import annotations

import pytest

from graph.derived import Derived
from graph.describe import describe, notice_fields
from graph.namespaces import KEINO
from graph.search import search
from graph.snapshot import EntityNotFound, read_snapshot
from graph.store import Store

ORG = "http://www.w3.org/ns/org#"
EPO = "http://data.europa.eu/a4g/ontology#"


def test_describe_gives_labels_links_and_the_quote_behind_a_fact(small_store, small) -> None:
    view = describe(small_store, read_snapshot(small_store), small.KEINO, lang="en")
    assert view.label == "KEINO competence centre"
    assert view.labels == {"fi": ["KEINO-osaamiskeskus"], "en": ["KEINO competence centre"]}
    assert view.kind == "organisation"
    steered = next(g for g in view.outgoing if g.predicate == str(KEINO.steeredBy))
    (link,) = steered.links
    assert link.node.label == "Ministry of Economic Affairs"
    quotes = [s for s in link.sources if s.kind == "document"]
    assert [(s.iri, s.quote) for s in quotes] == [(small.DOC, small.QUOTE)]
    files = [s.files for s in link.sources if s.kind == "graph"]
    assert files and files[0][0].endswith("001-keino.txt")
    incoming = {g.predicate: [x.node.iri for x in g.links] for g in view.incoming}
    assert incoming[ORG + "organization"] == [small.MEMBERSHIP]
    assert incoming[ORG + "memberOf"] == [small.CITY]
    assert [e.node.label for e in view.timeline] == ["Motiva Oy"]


def test_a_lot_fact_is_traced_to_its_notice(small_store, small) -> None:
    view = describe(small_store, read_snapshot(small_store), small.SUPPLIER)
    (group,) = view.incoming
    assert group.predicate == EPO + "hasWinner"
    assert small.NOTICE in [s.iri for s in group.links[0].sources if s.kind == "notice"]


def test_an_unknown_iri_is_reported(small_store, small) -> None:
    with pytest.raises(EntityNotFound):
        describe(small_store, read_snapshot(small_store), small.KEINO + "-nobody")


def test_a_relation_group_keeps_max_links_and_counts_all(small_store, small) -> None:
    view = describe(small_store, read_snapshot(small_store), small.KEINO, max_links=0)
    assert all(g.links == [] and g.total == 1 for g in view.incoming)


@pytest.mark.parametrize("prop", [EPO + "hasPublicationDate", "http://purl.org/dc/terms/title"])
def test_notice_fields_come_from_the_store_only(demo_store: Store, prop: str) -> None:
    field, xpath = notice_fields(demo_store)[prop]
    assert field.startswith(("BT-", "OPP-", "OPT-")) and xpath


def test_describe_a_demo_municipality(demo_store: Store) -> None:
    derived = Derived(demo_store)
    helsinki = search(derived.label_index(), "Helsinki", types=["Municipality"])[0].iri
    view = describe(demo_store, derived.snapshot(), helsinki)
    assert view.labels["fi"][0] == "Helsinki"
    sourced = [s for g in view.outgoing for link in g.links for s in link.sources]
    assert any(s.kind == "graph" and s.files for s in sourced), "facts must name their files"
