"""Organisation names per source, for linking the same body across sources.

Only ``graph/`` talks to the store: :func:`organisation_names` reads the
Finnish (or untagged) names of every organisation (classes from the ontology) with the graph it
comes from; ``ingest/links.py`` decides which of them are the same body.
"""

from __future__ import annotations

from dataclasses import dataclass

from graph.ontology import organisation_classes
from graph.rdf import iri, values
from graph.results import select
from graph.store import Store

# Names of the members of ?cls, which a VALUES block of organisation classes precedes.
NAMES_BODY = """
  GRAPH ?g {
    ?org a ?cls .
    { ?org skos:prefLabel ?name } UNION { ?org skos:altLabel ?name }
    UNION { ?org epo:hasLegalName ?name }
    FILTER(LANG(?name) = "" || LANGMATCHES(LANG(?name), "fi"))
  }
}"""
NAMES_HEAD = """
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX epo: <http://data.europa.eu/a4g/ontology#>
SELECT DISTINCT ?g ?org ?name WHERE {
"""


@dataclass(frozen=True)
class OrgName:
    """One name of one organisation node, and the named graph that gives it."""

    graph: str
    iri: str
    name: str


def organisation_names(store: Store) -> list[OrgName]:
    """Every Finnish or untagged name of every organisation: a member of
    ``org:Organization`` or of any of its subclasses in the ontology.

    >>> from graph.rdf import a, lit, triple
    >>> s = Store()
    >>> org = "https://w3id.org/keino/id/org/fi/0988084-1"
    >>> _ = s.replace_graph("https://w3id.org/keino/graph/t", [
    ...     a(org, "http://www.w3.org/ns/org#Organization"),
    ...     triple(org, "http://www.w3.org/2004/02/skos/core#prefLabel", lit("Hansel Oy"))],
    ...     source="t", inputs=[])
    >>> [n.name for n in organisation_names(s)]
    ['Hansel Oy']
    """
    query = NAMES_HEAD + values("cls", map(iri, sorted(organisation_classes()))) + NAMES_BODY
    rows = select(store, query).rows
    return [OrgName(r["g"], r["org"], r["name"]) for r in rows]
