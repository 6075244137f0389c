"""graph.organisations: the names of every organisation, per source graph."""

from __future__ import annotations

from graph.iris import GRAPH_BASE, ID_BASE
from graph.namespaces import KEINO
from graph.organisations import organisation_names
from graph.rdf import a, lit, triple
from graph.store import Store

SKOS = "http://www.w3.org/2004/02/skos/core#"
EPO = "http://data.europa.eu/a4g/ontology#"


def test_members_of_any_organisation_class_are_named_in_finnish_or_untagged() -> None:
    store = Store()
    unit, company, deal = ID_BASE + "org/fi/u", ID_BASE + "org/fi/c", ID_BASE + "greendeal/d"
    facts = [
        a(unit, str(KEINO.StateAgency)),
        triple(unit, SKOS + "prefLabel", lit("Virasto", lang="fi")),
        triple(unit, SKOS + "prefLabel", lit("Agency", lang="en")),
        a(company, str(KEINO.Company)),
        a(company, "http://www.w3.org/ns/org#Organization"),
        triple(company, EPO + "hasLegalName", lit("Yhtiö Oy")),
        a(deal, str(KEINO.GreenDeal)),
        triple(deal, SKOS + "prefLabel", lit("Sopimus", lang="fi")),
    ]
    store.replace_graph(GRAPH_BASE + "t", facts, source="t", inputs=[])
    found = sorted((n.iri, n.name, n.graph) for n in organisation_names(store))
    assert found == [
        (company, "Yhtiö Oy", GRAPH_BASE + "t"),
        (unit, "Virasto", GRAPH_BASE + "t"),
    ]
