"""An entity's dated relations, oldest first: memberships, signings, awards.

>>> from graph.iris import GRAPH_BASE, ID_BASE
>>> from graph.rdf import lit, triple
>>> from graph.snapshot import read_snapshot
>>> from rdflib.namespace import XSD
>>> store, deal = Store(), ID_BASE + "greendeal/x"
>>> _ = store.replace_graph(GRAPH_BASE + "example", [
...     triple(deal, KEINO.signed, lit("2021-06-01", datatype=XSD.date)),
...     triple(deal, KEINO.signatory, ID_BASE + "org/fi/a")],
...     source="example", inputs=[])
>>> snap = read_snapshot(store)
>>> [(e.start, e.relation) for e in timeline(store, snap, ID_BASE + "org/fi/a", lang="en")]
[('2021-06-01', 'signatory')]
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox

from graph.iris import CITATION_BASE, NOTICE_BASE
from graph.namespaces import KEINO, RDF
from graph.rdf import values
from graph.snapshot import Snapshot
from graph.store import Store
from graph.vocabulary import NON_LINKS, Node, term_label

_END_WORDS = ("end", "until", "dissolution", "expir")


@dataclass(frozen=True)
class TimelineEvent:
    """A dated relation: from ``start`` to ``end`` (ISO dates; either may be None)."""

    start: str | None
    end: str | None
    relation: str
    node: Node
    date_label: str


# The links of the entity (?e is bound), rdf:type aside.
AROUND = """
SELECT DISTINCT ?e ?x ?p ?dir WHERE {
  { ?e ?p ?x . BIND("out" AS ?dir) } UNION { ?x ?p ?e . BIND("in" AS ?dir) }
  FILTER(isIRI(?x) && ?p != <http://www.w3.org/1999/02/22-rdf-syntax-ns#type>)
} LIMIT 400"""
# Dates on a node itself, on its interval (org:memberDuring, dcterms:temporal)
# and on the interval's time:Instants; follows a VALUES block of the nodes: one
# query for the whole neighbourhood instead of one per neighbour.
DATES_BODY = """
  { ?x ?dp ?date . BIND(STR(?dp) AS ?edge) }
  UNION {
    ?x <http://www.w3.org/ns/org#memberDuring>|<http://purl.org/dc/terms/temporal> ?i .
    ?i ?dp ?date . BIND(STR(?dp) AS ?edge)
  }
  UNION {
    ?x <http://www.w3.org/ns/org#memberDuring>|<http://purl.org/dc/terms/temporal> ?i .
    { ?i <http://www.w3.org/2006/time#hasBeginning> ?b . BIND("start" AS ?edge) }
    UNION { ?i <http://www.w3.org/2006/time#hasEnd> ?b . BIND("end" AS ?edge) }
    ?b ?bp ?date .
  }
  FILTER(isLiteral(?date) && DATATYPE(?date) IN (
    <http://www.w3.org/2001/XMLSchema#date>, <http://www.w3.org/2001/XMLSchema#dateTime>,
    <http://www.w3.org/2001/XMLSchema#gYear>, <http://www.w3.org/2001/XMLSchema#dateTimeStamp>))
}"""
_NOTICE_ROOT = re.compile(re.escape(NOTICE_BASE) + r"[^/]+(?=/)")


def timeline(store: Store, snap: Snapshot, iri: str, *, lang: str = "fi") -> list[TimelineEvent]:
    """Dated relations of ``iri``, oldest first.

    A relation is dated by the dates of the node at its other end: a
    membership's ``org:memberDuring`` interval, a green deal's signing date, a
    programme's start and end, or, for anything below a notice (lot, award,
    tender), the notice's dates. The entity's own dates come first as ``self``.
    ``snap`` names the nodes at the other end.
    """
    relations: dict[str, list[tuple[str, str]]] = {iri: [("", "self")]}
    for row in store.query(AROUND, substitutions={"e": ox.NamedNode(iri)}):
        x, p = row["x"].value, row["p"].value
        if p not in NON_LINKS and not x.startswith(CITATION_BASE):
            relations.setdefault(x, []).append((p, row["dir"].value))
    dated = _dates(store, relations)
    spans: dict[tuple[str, str, str], dict[str, list[tuple[str, str]]]] = defaultdict(
        lambda: {"start": [], "end": []}
    )
    for x, pairs in relations.items():
        for edge, date in dated.get(x, ()):
            side = "end" if edge == "end" or _is_end(edge) else "start"
            name = "" if edge in ("start", "end") else edge
            for p, direction in pairs:
                spans[(x, p, direction)][side].append((date[:10], name))
    events = [_event(snap, iri, key, span, lang) for key, span in spans.items()]
    # A notice's lot, roles and award all date the same relation: show it once.
    unique = {(e.start, e.end, e.relation, e.node.iri): e for e in events if e is not None}
    return sorted(unique.values(), key=lambda e: (e.start or e.end or "", e.relation))


def _dates(store: Store, nodes: Iterable[str]) -> dict[str, list[tuple[str, str]]]:
    """Node → its (date predicate or start/end, ISO date) pairs; lots get their notice's."""
    roots = {n: m.group(0) for n in nodes if (m := _NOTICE_ROOT.match(n))}
    wanted = sorted({*nodes, *roots.values()})
    query = (
        "SELECT DISTINCT ?x ?edge ?date WHERE {\n"
        + values("x", map(ox.NamedNode, wanted))
        + DATES_BODY
    )
    found: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for row in store.query(query):
        found[row["x"].value].append((row["edge"].value, row["date"].value))
    for node, root in roots.items():
        found[node].extend(found.get(root, ()))
    return found


def _is_end(predicate: str) -> bool:
    local = re.split(r"[#/]", predicate)[-1].lower()
    return any(word in local for word in _END_WORDS)


def _event(
    snap: Snapshot,
    iri: str,
    key: tuple[str, str, str],
    span: dict[str, list[tuple[str, str]]],
    lang: str,
) -> TimelineEvent | None:
    other, predicate, _direction = key
    if predicate in (str(RDF.type), str(KEINO.breakdown)):  # classes and indicator cells
        return None
    start = min(span["start"])[0] if span["start"] else None
    end = max(span["end"])[0] if span["end"] else None
    first = min(span["start"] or span["end"])
    date_label = term_label(first[1], lang) if first[1] else ""
    relation = term_label(predicate, lang) if predicate else ""
    node = snap.node(other, lang)
    root = _NOTICE_ROOT.match(other)
    if other not in snap.labels and root:  # a lot, role or award: show its notice
        node = snap.node(root.group(0), lang)
    elif other not in snap.labels:  # a membership: name it by what it joins
        around = [n for n in _neighbours(snap, other) if n != iri and n in snap.labels]
        joined = " · ".join(snap.label(n, lang) for n in around[:3])
        node = Node(node.iri, joined or node.label, node.kind, node.type_label)
    return TimelineEvent(start, end, relation, node, date_label)


def _neighbours(snap: Snapshot, iri: str) -> list[str]:
    if iri not in snap.graph:
        return []
    found = [*snap.graph.successors(iri), *snap.graph.predecessors(iri)]
    return sorted(dict.fromkeys(found), key=lambda n: (snap.types.get(n) is None, n))
