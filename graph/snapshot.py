"""The store's entities at one state: their links as a networkx graph, labels, types.

:func:`read_snapshot` reads every graph but provenance and code lists once;
pages then name, colour and connect entities from memory. Who keeps a
snapshot and when it is rebuilt is :class:`graph.derived.Derived`'s business.

>>> from graph.iris import ID_BASE
>>> from rdflib.namespace import SKOS
>>> from graph.namespaces import KEINO
>>> from graph.rdf import lit, triple
>>> from graph.store import Store
>>> store = Store()
>>> k, t = ID_BASE + "org/keino", ID_BASE + "org/tem"
>>> _ = store.replace_graph(GRAPH_BASE + "example", [
...     triple(k, SKOS.prefLabel, lit("KEINO-osaamiskeskus", lang="fi")),
...     triple(k, KEINO.steeredBy, t)], source="example", inputs=[])
>>> snap = read_snapshot(store)
>>> snap.label(k), list(snap.graph.edges(keys=True)) == [(k, t, str(KEINO.steeredBy))]
('KEINO-osaamiskeskus', True)
>>> snap.mentions(t), snap.mentions(ID_BASE + "org/nobody")
(True, False)
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property

import networkx as nx
import pyoxigraph as ox
from rdflib.namespace import OWL

from graph.iris import CITATION_BASE, GRAPH_BASE, ID_BASE
from graph.labels import CliqueRank, clique_heads, clique_rank
from graph.namespaces import KEINO, RDF, SCHEMA
from graph.ontology import term_names
from graph.store import PROVENANCE_GRAPH, Store
from graph.vocabulary import (
    LABEL_PREDICATES,
    NON_LINKS,
    NOT_DRAWN,
    Node,
    code_label,
    grant_name,
    kind_of,
    pick_label,
    short_iri,
    term_label,
    web_page_name,
)

# Literal facts a name is composed from (see Snapshot.composed_label).
NAMING_VALUES = frozenset({str(SCHEMA.amount), str(KEINO.awardYear), str(KEINO.sourceName)})

# The ingest run of each graph and the files it read (bound: ?prov is kg:provenance).
RUNS = """
SELECT ?g ?run ?loc ?prov WHERE {
  GRAPH ?prov {
    ?g <http://www.w3.org/ns/prov#wasGeneratedBy> ?run .
    OPTIONAL {
      ?run <http://www.w3.org/ns/prov#used> ?f . ?f <http://www.w3.org/ns/prov#atLocation> ?loc
    }
  }
}"""


class EntityNotFound(KeyError):
    """No triple in the store has this IRI as subject or object."""


@dataclass
class Snapshot:
    """The store's entity graph, labels and types, and each graph's ingest run and files."""

    version: str
    graph: nx.MultiDiGraph
    labels: dict[str, dict[str, list[str]]]
    types: dict[str, set[str]]
    runs: dict[str, tuple[str, tuple[str, ...]]]
    #: IRI → naming property (:data:`NAMING_VALUES`) → its literal value
    values: dict[str, dict[str, str]] = field(default_factory=dict)

    def label(self, iri: str, lang: str = "fi") -> str:
        """The best label of ``iri`` in ``lang`` (then fi, en, sv, any); for an unlabelled
        node an ontology term's name, a name composed from its facts
        (:meth:`composed_label`), its part's or whole's name (:meth:`part_label`),
        a web page's site and address words, else a short IRI."""
        return (
            pick_label(self.labels.get(iri, {}), lang)
            or code_label(iri, lang)
            or (term_label(iri, lang) if iri in term_names() else None)
            or self.composed_label(iri, lang)
            or self.part_label(iri, lang)
            or web_page_name(iri)
            or short_iri(iri)
        )

    def composed_label(self, iri: str, lang: str = "fi") -> str | None:
        """A name for an unlabelled funding record (``schema:MonetaryGrant``) from its
        funder, year, instrument and amount: "Business Finland -rahoitus 2019:
        avustus, 27 600 €"; for a reconciliation record its class and the name the
        source gave: "tunnistus: Hansel Oy"; None for anything else."""
        types = self.types.get(iri, set())
        facts = self.values.get(iri, {})
        if str(KEINO.Reconciliation) in types and str(KEINO.sourceName) in facts:
            return f"{term_label(str(KEINO.Reconciliation), lang)}: {facts[str(KEINO.sourceName)]}"
        if str(SCHEMA.MonetaryGrant) not in types:
            return None
        funder = self._linked(iri, str(SCHEMA.funder))
        instrument = self._linked(iri, str(KEINO.fundingInstrument))
        return grant_name(
            self.short_name(funder, lang) if funder else None,
            facts.get(str(KEINO.awardYear)),
            pick_label(self.labels.get(instrument, {}), lang) if instrument else None,
            facts.get(str(SCHEMA.amount)),
            lang,
        )

    def _linked(self, iri: str, predicate: str) -> str | None:
        """The first node ``iri`` links to by ``predicate``, or None."""
        if iri not in self.graph:
            return None
        found = sorted(o for _, o, p in self.graph.out_edges(iri, keys=True) if p == predicate)
        return found[0] if found else None

    def short_name(self, iri: str, lang: str = "fi") -> str:
        """The shortest of the entity's names in ``lang`` that is not an abbreviation
        (all capitals), for a name inside another: "Business Finland", not
        "Innovaatiorahoituskeskus Business Finland" or "BF"."""
        labels = self.labels.get(iri, {})
        best = pick_label(labels, lang)
        names = labels.get(lang) or labels.get("fi") or ([best] if best else [])
        words = [n for n in names if not n.isupper()]
        return min(words, key=len) if words else self.label(iri, lang)

    def _named_by_part(self, iri: str, lang: str) -> str | None:
        """The label of the first labelled node ``iri`` links to whose IRI extends its own."""
        if iri not in self.graph:
            return None
        parts = sorted(
            n for n in self.graph.successors(iri) if n.startswith(iri + "/") and n in self.labels
        )
        return pick_label(self.labels[parts[0]], lang) if parts else None

    @cached_property
    def canonical(self) -> dict[str, str]:
        """IRI → the one IRI its ``owl:sameAs`` clique is shown under, for clique members.

        One real-world organisation can have a curated IRI, a business-ID IRI and
        notice IRIs; pages, rankings and drawings show it once, under the member
        that stands for it (:func:`graph.labels.clique_rank`, as search chooses it:
        the curated body, the business-ID organisation, one with its own label, not a
        notice's, the most links, the first IRI).
        """
        same = str(OWL.sameAs)
        pairs = [(s, o) for s, o, p in self.graph.edges(keys=True) if p == same]

        def rank(m: str) -> CliqueRank:
            labelled = self.own_label(m) is not None
            return clique_rank(m, self.types.get(m, ()), labelled=labelled,
                               links=self.graph.degree(m))  # fmt: skip

        return clique_heads(pairs, rank)

    def twins(self, iri: str) -> list[str]:
        """The other members of ``iri``'s ``owl:sameAs`` clique, canonical first."""
        head = self.canonical.get(iri)
        if head is None:
            return []
        members = sorted(m for m, h in self.canonical.items() if h == head)
        return [m for m in sorted(members, key=lambda m: m != head) if m != iri]

    def own_label(self, iri: str, lang: str = "fi") -> str | None:
        """The entity's own label or code label, None when it has none."""
        return pick_label(self.labels.get(iri, {}), lang) or code_label(iri, lang)

    def part_label(self, iri: str, lang: str = "fi") -> str | None:
        """A name for an unlabelled node from the graph around it, or None.

        A notice without a title takes its procedure's or first lot's (a
        labelled node whose IRI extends its own); a part such as a role, purpose,
        outcome, interval or rank takes its whole's name (the nearest labelled
        IRI it extends) and its class: "Salon kaupunki – hankintayksikkö".
        """
        if not iri.startswith(ID_BASE):
            return None
        named = self._named_by_part(iri, lang)
        if named:
            return named
        whole = iri.rsplit("/", 1)[0]
        while len(whole) > len(ID_BASE):
            name = pick_label(self.labels.get(whole, {}), lang) or self._named_by_part(whole, lang)
            if name:
                kinds = sorted(term_label(t, lang) for t in self.types.get(iri, ()))
                return f"{name} – {', '.join(kinds) or short_iri(iri).rsplit('/', 1)[-1]}"
            whole = whole.rsplit("/", 1)[0]
        return None

    def node(self, iri: str, lang: str = "fi") -> Node:
        """A :class:`Node` for ``iri``."""
        types = self.types.get(iri, set())
        type_label = ", ".join(sorted(term_label(t, lang) for t in types))
        return Node(iri, self.label(iri, lang), kind_of(iri, types), type_label)

    def kind(self, iri: str) -> str:
        """The display kind of ``iri`` (see :func:`graph.vocabulary.kind_of`)."""
        return kind_of(iri, self.types.get(iri, ()))

    def mentions(self, iri: str) -> bool:
        """Whether ``iri`` is linked, labelled or typed in the snapshot's graphs."""
        return iri in self.graph or iri in self.labels or iri in self.types

    def require(self, iri: str) -> None:
        """Raise :class:`EntityNotFound` unless the snapshot mentions ``iri``."""
        if not self.mentions(iri):
            raise EntityNotFound(iri)


def read_snapshot(store: Store) -> Snapshot:
    """Read the entity graph, labels, types and ingest runs of ``store`` now."""
    version = store.version()
    graph = nx.MultiDiGraph()
    labels: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    types: dict[str, set[str]] = defaultdict(set)
    rank = {p: i for i, p in enumerate(LABEL_PREDICATES)}
    found: list[tuple[int, str, str, str]] = []
    values: dict[str, dict[str, str]] = defaultdict(dict)
    for name, t in _entity_triples(store):
        subject = t.subject
        if not isinstance(subject, ox.NamedNode):  # the store refuses blank nodes
            continue
        s, p, o = subject.value, t.predicate.value, t.object
        if p == str(RDF.type) and isinstance(o, ox.NamedNode):
            types[s].add(o.value)
        elif p in rank and isinstance(o, ox.Literal):
            found.append((rank[p], s, o.language or "", o.value))
        elif p in NAMING_VALUES and isinstance(o, ox.Literal):
            values[s][p] = o.value
        elif isinstance(o, ox.NamedNode) and _is_link(s, p, o.value, name):
            graph.add_edge(s, o.value, key=p)
    for _, s, lang, value in sorted(found):
        if value not in labels[s][lang]:
            labels[s][lang].append(value)
    runs = read_runs(store)
    return Snapshot(
        version,
        graph,
        {k: dict(v) for k, v in labels.items()},
        dict(types),
        runs,
        dict(values),
    )


def read_runs(store: Store) -> dict[str, tuple[str, tuple[str, ...]]]:
    """Named graph → (its latest ingest run, the files that run read)."""
    runs: dict[str, tuple[str, list[str]]] = {}
    for solution in store.query(RUNS, substitutions={"prov": ox.NamedNode(PROVENANCE_GRAPH)}):
        g, run = solution["g"].value, solution["run"].value
        files = runs.setdefault(g, (run, []))[1]
        if solution["loc"] is not None:
            files.append(solution["loc"].value)
    return {g: (run, tuple(sorted(set(files)))) for g, (run, files) in runs.items()}


def _entity_triples(store: Store) -> Iterator[tuple[str, ox.Triple]]:
    """(graph, triple) of every graph but provenance and code lists.

    Code lists are nine tenths of the demo's quads; their labels come from
    ``graph.codes`` instead (see :meth:`Snapshot.label`), which keeps the
    snapshot read well under a second.
    """
    for name in store.graphs():
        if name != PROVENANCE_GRAPH and not name.startswith(GRAPH_BASE + "codelists"):
            for t in store.triples(name):
                yield name, t


def _is_link(s: str, p: str, o: str, graph: str) -> bool:
    # Code lists are reference data: their hierarchy would dwarf the ecosystem;
    # indicator observations would tie hundreds of cube cells to one indicator.
    return (
        p not in NON_LINKS
        and p not in NOT_DRAWN
        and not graph.startswith((GRAPH_BASE + "codelists", GRAPH_BASE + "indicators"))
        and not s.startswith(CITATION_BASE)
        and not o.startswith(CITATION_BASE)
        and s != o
    )
