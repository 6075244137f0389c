"""Everything about one entity: labels, types, facts, links by relation, and sources.

Each fact and link carries where it comes from: the seed document and quote
(a citation), the notice and its eForms field, and the named graph with the
files of its latest ingest run.

>>> from graph.iris import GRAPH_BASE, ID_BASE
>>> from rdflib.namespace import SKOS
>>> from graph.namespaces import KEINO
>>> from graph.rdf import lit, triple
>>> from graph.snapshot import read_snapshot
>>> store = Store()
>>> k, t = ID_BASE + "org/keino", ID_BASE + "org/tem"
>>> _ = store.replace_graph(GRAPH_BASE + "example", [
...     triple(k, SKOS.prefLabel, lit("KEINO-osaamiskeskus", lang="fi")),
...     triple(t, SKOS.prefLabel, lit("Työ- ja elinkeinoministeriö", lang="fi")),
...     triple(k, KEINO.steeredBy, t)], source="example", inputs=[])
>>> view = describe(store, read_snapshot(store), k)
>>> view.label, [g.predicate == str(KEINO.steeredBy) for g in view.outgoing]
('KEINO-osaamiskeskus', [True])
>>> view.outgoing[0].links[0].node.label
'Työ- ja elinkeinoministeriö'
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox
from rdflib.namespace import XSD

from graph import rdf
from graph.iris import CITATION_BASE, NOTICE_BASE
from graph.namespaces import RDF
from graph.snapshot import EntityNotFound, Snapshot
from graph.store import Store
from graph.timeline import TimelineEvent, timeline
from graph.vocabulary import (
    LABEL_PREDICATES,
    NON_LINKS,
    Node,
    inverse_label,
    kind_of,
    pick_label,
    short_iri,
    term_label,
)


@dataclass(frozen=True)
class Source:
    """Where one fact comes from.

    ``kind`` is ``document`` (seed or text document, with the quote),
    ``notice`` (a notice, with the eForms field and XPath of the property) or
    ``graph`` (the named graph and the files of its latest ingest run).
    """

    kind: str
    iri: str
    label: str
    quote: str | None = None
    field: str | None = None
    xpath: str | None = None
    files: tuple[str, ...] = ()


@dataclass(frozen=True)
class Link:
    """One relation to another entity (``node``), with its sources."""

    node: Node
    sources: tuple[Source, ...] = ()


@dataclass
class LinkGroup:
    """The links of one predicate in one direction (``out`` or ``in``)."""

    predicate: str
    label: str
    direction: str
    links: list[Link] = field(default_factory=list)
    total: int = 0


@dataclass(frozen=True)
class Fact:
    """A literal value of the entity (a date, an amount, a description …)."""

    predicate: str
    label: str
    value: str
    lang: str | None
    datatype: str | None
    sources: tuple[Source, ...] = ()


@dataclass
class EntityView:
    """Everything :func:`describe` knows about one IRI."""

    iri: str
    label: str
    kind: str
    labels: dict[str, list[str]]
    types: list[Node]
    facts: list[Fact]
    outgoing: list[LinkGroup]
    incoming: list[LinkGroup]
    timeline: list[TimelineEvent]
    graphs: list[str]


# The statements about the entity (?s or ?o is bound) and the graph of each.
OUT = "SELECT DISTINCT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
# A hub such as a CPV division can have thousands of incoming links; the page
# shows the first ones per relation and the total.
IN = "SELECT DISTINCT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 5000"
# The citations (reified statements with a document and a quote) about ?e.
CITATIONS = """
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
SELECT DISTINCT ?e ?s ?p ?o ?doc ?quote WHERE {
  { ?c rdf:subject ?e } UNION { ?c rdf:object ?e }
  ?c rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
  OPTIONAL { ?c <http://www.w3.org/ns/prov#wasDerivedFrom> ?doc }
  OPTIONAL { ?c <https://w3id.org/keino/ontology#quote> ?quote }
}"""
# The notices or documents ?e, and the nodes pointing at ?e, were derived from.
DERIVED = """
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT DISTINCT ?e ?x ?n WHERE {
  { ?e prov:wasDerivedFrom ?n . BIND(?e AS ?x) }
  UNION { ?x ?p ?e . ?x prov:wasDerivedFrom ?n }
}"""
# The eForms business term and XPath each notice property was mapped from.
FIELDS = """
PREFIX keino: <https://w3id.org/keino/ontology#>
SELECT DISTINCT ?p ?f ?xpath WHERE {
  ?p keino:sourceField ?f OPTIONAL { ?p keino:sourceXPath ?xpath }
}"""


def notice_fields(store: Store) -> dict[str, tuple[str, str | None]]:
    """Property IRI → (eForms field, XPath), as the notice ingest recorded them."""
    fields: dict[str, tuple[str, str | None]] = {}
    for row in store.query(FIELDS):
        xpath = row["xpath"]
        fields[row["p"].value] = (row["f"].value, xpath.value if xpath is not None else None)
    return fields


_Key = tuple[str, str, str]


def describe(
    store: Store, snap: Snapshot, iri: str, *, lang: str = "fi", max_links: int = 50
) -> EntityView:
    """Everything about ``iri``: labels, types, facts, links, sources, timeline.

    ``snap`` (the store's :class:`~graph.snapshot.Snapshot`) names the other
    ends of links. ``lang`` chooses the labels shown (fi, en or sv; others fall
    back to Finnish). Each relation group keeps at most ``max_links`` links and
    records its total. Raises :class:`EntityNotFound` for an IRI no triple
    mentions.
    """
    term = rdf.iri(iri)  # InvalidIri (a 400) for user input that is no IRI
    out_rows = list(store.query(OUT, substitutions={"s": term}))
    in_rows = list(store.query(IN, substitutions={"o": term}))
    if not out_rows and not in_rows:
        raise EntityNotFound(iri)
    sources = _SourceIndex(store, snap, iri, lang)
    labels: dict[str, list[str]] = defaultdict(list)
    facts: list[Fact] = []
    types: set[str] = set()
    outgoing: dict[tuple[str, str], LinkGroup] = {}
    graphs: set[str] = {row["g"].value for row in in_rows}
    for row in out_rows:
        p, o, g = row["p"].value, row["o"], row["g"].value
        graphs.add(g)
        if p == str(RDF.type) and isinstance(o, ox.NamedNode):
            types.add(o.value)
        elif p in LABEL_PREDICATES[:5] and isinstance(o, ox.Literal):
            if o.value not in labels[o.language or ""]:
                labels[o.language or ""].append(o.value)
        elif isinstance(o, ox.Literal):
            key = (iri, p, str(o))
            facts.append(_fact(p, o, lang, sources.of(key, g)))
        elif p not in NON_LINKS and not o.value.startswith(CITATION_BASE):
            _add_link(outgoing, snap, p, "out", o.value, sources.of((iri, p, str(o)), g), lang)
    return EntityView(
        iri=iri,
        label=pick_label(labels, lang) or snap.label(iri, lang),
        kind=kind_of(iri, types),
        labels=dict(labels),
        types=[Node(t, term_label(t, lang), "code") for t in sorted(types)],
        facts=sorted(facts, key=lambda f: (f.label, f.value)),
        outgoing=_trim(outgoing, max_links),
        incoming=_trim(_incoming(in_rows, snap, sources, iri, lang), max_links),
        timeline=timeline(store, snap, iri, lang=lang),
        graphs=sorted(graphs),
    )


def _incoming(
    rows: list[Any], snap: Snapshot, sources: _SourceIndex, iri: str, lang: str
) -> dict[tuple[str, str], LinkGroup]:
    groups: dict[tuple[str, str], LinkGroup] = {}
    for row in rows:
        p, s, g = row["p"].value, row["s"].value, row["g"].value
        if p not in NON_LINKS and not s.startswith(CITATION_BASE):
            _add_link(groups, snap, p, "in", s, sources.of((s, p, f"<{iri}>"), g), lang)
    return groups


def _fact(p: str, o: ox.Literal, lang: str, sources: tuple[Source, ...]) -> Fact:
    datatype = o.datatype.value if o.datatype and not o.language else None
    plain = datatype in (str(XSD.string), None)
    return Fact(p, term_label(p, lang), o.value, o.language, None if plain else datatype, sources)


def _add_link(
    groups: dict[tuple[str, str], LinkGroup],
    snap: Snapshot,
    predicate: str,
    direction: str,
    other: str,
    sources: tuple[Source, ...],
    lang: str,
) -> None:
    group = groups.get((predicate, direction))
    if group is None:
        name = term_label(predicate, lang) if direction == "out" else inverse_label(predicate, lang)
        group = LinkGroup(predicate, name, direction)
        groups[(predicate, direction)] = group
    group.links.append(Link(snap.node(other, lang), sources))


def _trim(groups: dict[tuple[str, str], LinkGroup], limit: int) -> list[LinkGroup]:
    result = []
    for group in sorted(groups.values(), key=lambda g: (g.label, g.predicate)):
        merged: dict[str, Link] = {}
        for link in group.links:  # the same link asserted in two graphs: one row
            seen = merged.get(link.node.iri)
            sources = (*seen.sources, *link.sources) if seen else link.sources
            merged[link.node.iri] = Link(link.node, tuple(dict.fromkeys(sources)))
        ordered = sorted(merged.values(), key=lambda link: link.node.label.casefold())
        group.total, group.links = len(ordered), ordered[:limit]
        result.append(group)
    return result


class _SourceIndex:
    """The citations and notices behind the facts around one entity."""

    def __init__(self, store: Store, snap: Snapshot, iri: str, lang: str) -> None:
        self.snap, self.lang = snap, lang
        term = {"e": ox.NamedNode(iri)}
        self.cited: dict[_Key, list[Source]] = defaultdict(list)
        for row in store.query(CITATIONS, substitutions=term):
            key = (row["s"].value, row["p"].value, str(row["o"]))
            doc = row["doc"].value if row["doc"] is not None else ""
            quote = row["quote"].value if row["quote"] is not None else None
            label = snap.label(doc, lang) if doc else ""
            self.cited[key].append(Source("document", doc, label, quote=quote))
        self.derived: dict[str, list[str]] = defaultdict(list)
        for row in store.query(DERIVED, substitutions=term):
            self.derived[row["x"].value].append(row["n"].value)
        self.fields = notice_fields(store) if self.derived else {}

    def of(self, key: _Key, graph: str) -> tuple[Source, ...]:
        """The sources of the statement ``key`` asserted in ``graph``."""
        found = list(self.cited.get(key, ()))
        for origin in self.derived.get(key[0], ()):
            field_, xpath = self.fields.get(key[1], (None, None))
            kind = "notice" if origin.startswith(NOTICE_BASE) else "document"
            found.append(
                Source(kind, origin, self.snap.label(origin, self.lang), field=field_, xpath=xpath)
            )
        run = self.snap.runs.get(graph)
        found.append(Source("graph", graph, short_iri(graph), files=run[1] if run else ()))
        return tuple(found)
