"""graph.ontology: organisation classes and term names, read from ontology/keino.ttl."""

from __future__ import annotations

import rdflib

from graph.namespaces import KEINO, ORG
from graph.ontology import organisation_classes, subclasses, term_names
from graph.resources import resource_dir

RDFS_SUBCLASS = rdflib.RDFS.subClassOf


def test_organisation_classes_are_exactly_the_subclasses_in_the_turtle() -> None:
    graph = rdflib.Graph().parse(resource_dir("ontology") / "keino.ttl")
    below: set[str] = {str(ORG.Organization)}
    grew = True
    while grew:  # the closure, computed independently of graph.ontology
        found = {str(s) for s, o in graph.subject_objects(RDFS_SUBCLASS) if str(o) in below}
        grew = not found <= below
        below |= found
    assert organisation_classes() == below
    assert {str(KEINO.CentralPurchasingBody), str(KEINO.Supplier)} <= below
    assert str(KEINO.GreenDeal) not in below


def test_subclasses_include_the_class_itself() -> None:
    leaf = str(KEINO.ProcurementGreenDeal)
    assert subclasses(leaf) == {leaf}
    assert subclasses(str(KEINO.GreenDeal)) == {str(KEINO.GreenDeal), leaf}


def test_term_names_have_three_languages() -> None:
    assert set(term_names()[str(KEINO.Ministry)]) == {"fi", "sv", "en"}
