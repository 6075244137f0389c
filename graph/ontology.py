"""What the ontology says about its terms: class hierarchy and names.

``ontology/keino.ttl`` is the single source of truth for which classes are
organisations and what a term is called; it is read once per process.

>>> from graph.namespaces import KEINO_NS
>>> KEINO_NS + "Municipality" in organisation_classes()
True
>>> KEINO_NS + "GreenDeal" in organisation_classes()
False
>>> term_names()[KEINO_NS + "GreenDeal"]["en"]
['green deal']
"""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache

import rdflib
from rdflib.namespace import OWL, RDFS, SKOS

from graph.namespaces import KEINO, ORG
from graph.resources import resource_dir


@lru_cache(maxsize=1)
def ontology() -> rdflib.Graph:
    """``ontology/keino.ttl`` parsed (once; treat the graph as read-only)."""
    return rdflib.Graph().parse(resource_dir("ontology") / "keino.ttl", format="turtle")


@lru_cache(maxsize=64)
def subclasses(cls: str) -> frozenset[str]:
    """``cls`` and every class below it by ``rdfs:subClassOf`` (transitively).

    >>> from graph.namespaces import KEINO_NS
    >>> sorted(c.rsplit("#", 1)[-1] for c in subclasses(KEINO_NS + "ProcurementUnit"))[:3]
    ['CentralPurchasingBody', 'JointMunicipalAuthority', 'Municipality']
    """
    graph = ontology()
    found = graph.transitive_subjects(RDFS.subClassOf, rdflib.URIRef(cls))
    return frozenset(str(c) for c in found if isinstance(c, rdflib.URIRef))


def organisation_classes() -> frozenset[str]:
    """Every class whose members are organisations: ``org:Organization`` and its
    subclasses in the ontology (ministries, buyers, companies, suppliers ...)."""
    return subclasses(str(ORG.Organization))


@lru_cache(maxsize=1)
def term_names() -> dict[str, dict[str, list[str]]]:
    """Term IRI → language → its ``skos:prefLabel`` and ``rdfs:label`` values."""
    names: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    graph = ontology()
    for predicate in (SKOS.prefLabel, RDFS.label):
        for s, o in graph.subject_objects(predicate):
            if isinstance(s, rdflib.URIRef) and isinstance(o, rdflib.Literal):
                names[str(s)][o.language or ""].append(str(o))
    return {k: dict(v) for k, v in names.items()}


@lru_cache(maxsize=1)
def inverse_names() -> dict[str, dict[str, list[str]]]:
    """Property IRI → language → its names read from object to subject: its
    ``keino:inverseLabel`` values, else the names of its ``owl:inverseOf``.

    >>> from graph.namespaces import KEINO_NS
    >>> inverse_names()[KEINO_NS + "fundedBy"]["en"]
    ['funds']
    """
    graph = ontology()
    found: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for s, o in graph.subject_objects(KEINO.inverseLabel):
        if isinstance(s, rdflib.URIRef) and isinstance(o, rdflib.Literal):
            found[str(s)][o.language or ""].append(str(o))
    names = term_names()
    for a, b in graph.subject_objects(OWL.inverseOf):
        for one, other in ((str(a), str(b)), (str(b), str(a))):
            if one not in found and other in names:
                found[one] = defaultdict(list, {k: list(v) for k, v in names[other].items()})
    return {k: dict(v) for k, v in found.items()}
