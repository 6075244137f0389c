"""graph.labels: every name of every entity, and the label table text extraction links to."""

from __future__ import annotations

from graph.iris import GRAPH_BASE, ID_BASE
from graph.labels import NAME_PREDICATES, class_kinds, entity_labels, names, types
from graph.namespaces import KEINO
from graph.ontology import organisation_classes
from graph.rdf import a, lit, triple
from graph.store import Store

SKOS = "http://www.w3.org/2004/02/skos/core#"


def _store(*facts) -> Store:  # type: ignore[no-untyped-def]
    store = Store()
    store.replace_graph(GRAPH_BASE + "t", list(facts), source="t", inputs=[])
    return store


def test_the_name_predicates_are_the_documented_ones() -> None:
    assert {p.rsplit("#", 1)[-1] for p in NAME_PREDICATES} == {
        "prefLabel",
        "altLabel",
        "abbreviation",
        "label",
    }


def test_names_and_types_of_every_iri() -> None:
    x = ID_BASE + "org/fi/x"
    store = _store(
        a(x, str(KEINO.Company)),
        triple(x, SKOS + "prefLabel", lit("Esimerkki Oy", lang="fi")),
        triple(x, str(KEINO.abbreviation), lit("EO")),
        triple(x, SKOS + "definition", lit("not a name")),
    )
    own = sorted((n.text, n.lang) for n in names(store) if n.iri == x)
    assert own == [("EO", None), ("Esimerkki Oy", "fi")]
    assert types(store)[x] == (str(KEINO.Company),)


def test_every_organisation_class_is_in_the_label_table() -> None:
    kinds = class_kinds()
    assert {c for c, k in kinds.items() if k == "organisation"} == organisation_classes() - {
        str(KEINO.Municipality)
    }
    assert kinds[str(KEINO.Municipality)] == "municipality"


def test_a_supplier_typed_only_by_its_keino_class_is_labelled() -> None:
    x = ID_BASE + "org/fi/y"
    store = _store(a(x, str(KEINO.Supplier)), triple(x, SKOS + "prefLabel", lit("Toimittaja Oy")))
    assert [(e.label, e.kind) for e in entity_labels(store)] == [("Toimittaja Oy", "organisation")]


def test_the_most_specific_kind_wins() -> None:
    x = ID_BASE + "municipality/salo"
    store = _store(
        a(x, "http://www.w3.org/ns/org#Organization"),
        a(x, str(KEINO.Municipality)),
        triple(x, SKOS + "prefLabel", lit("Salo", lang="fi")),
    )
    (entry,) = entity_labels(store)
    assert (entry.kind, entry.cls, entry.preferred) == (
        "municipality",
        str(KEINO.Municipality),
        True,
    )


def test_one_name_both_untagged_and_finnish_is_listed_twice() -> None:
    # The registry tags its names @fi while notices give them untagged: one IRI then
    # holds the same text in both forms, and the table used to fail sorting them.
    x = ID_BASE + "org/fi/0988084-1"
    store = _store(
        a(x, "http://www.w3.org/ns/org#Organization"),
        triple(x, SKOS + "prefLabel", lit("Hansel Oy", lang="fi")),
        triple(x, SKOS + "altLabel", lit("Hansel Oy")),
        triple(x, SKOS + "altLabel", lit("Hansel")),
    )
    found = [(e.label, e.lang, e.preferred) for e in entity_labels(store)]
    assert found == [("Hansel", None, False), ("Hansel Oy", None, False), ("Hansel Oy", "fi", True)]
