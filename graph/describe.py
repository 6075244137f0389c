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
from graph.iris import CITATION_BASE, GRAPH_BASE, ID_BASE, NOTICE_BASE
from graph.namespaces import PROV, RDF
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
    twins: list[Node] = field(default_factory=list)  # the same organisation's other IRIs


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
    """Everything about ``iri`` and its ``owl:sameAs`` twins as one page: labels,
    types, facts, links, sources and timeline of every twin merged, each fact
    still with its own sources; the name is the canonical twin's
    (:attr:`Snapshot.canonical`). See :func:`describe_one` for one IRI alone.
    """
    twins = snap.twins(iri)
    view = describe_one(store, snap, iri, lang=lang, max_links=max_links)
    if not twins:
        return view
    members = set(twins) | {iri}
    for twin in twins:
        try:
            other = describe_one(store, snap, twin, lang=lang, max_links=max_links)
        except EntityNotFound:
            continue
        view = _merge(view, other, members, max_links)
    head = snap.canonical[iri]
    view.label = snap.label(head, lang)
    view.twins = [snap.node(t, lang) for t in twins]
    return view


def _merge(one: EntityView, other: EntityView, members: set[str], limit: int) -> EntityView:
    """Two twins' views as one; links between the twins themselves are left out."""
    labels = {k: list(v) for k, v in one.labels.items()}
    for language, names in other.labels.items():
        labels.setdefault(language, [])
        labels[language] += [n for n in names if n not in labels[language]]
    types = {t.iri: t for t in [*one.types, *other.types]}
    facts = {(f.label, f.value, f.sources): f for f in [*one.facts, *other.facts]}

    def links(a: list[LinkGroup], b: list[LinkGroup]) -> list[LinkGroup]:
        groups: dict[tuple[str, str], LinkGroup] = {}
        for group in [*a, *b]:
            kept = [link for link in group.links if link.node.iri not in members]
            if kept:
                into = groups.setdefault(
                    (group.label, group.direction),
                    LinkGroup(group.predicate, group.label, group.direction),
                )
                into.links += kept
        return _trim(groups, limit)

    return EntityView(
        iri=one.iri,
        label=one.label,
        kind=one.kind if one.kind != "other" else other.kind,
        labels=labels,
        types=sorted(types.values(), key=lambda n: n.label),
        facts=sorted(facts.values(), key=lambda f: (f.label, f.value)),
        outgoing=links(one.outgoing, other.outgoing),
        incoming=links(one.incoming, other.incoming),
        timeline=sorted([*one.timeline, *other.timeline], key=lambda e: str(e.start or "")),
        graphs=sorted({*one.graphs, *other.graphs}),
    )


def describe_one(
    store: Store, snap: Snapshot, iri: str, *, lang: str = "fi", max_links: int = 50
) -> EntityView:
    """Everything about ``iri`` alone: labels, types, facts, links, sources, timeline.

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
        elif p == str(PROV.hadPrimarySource):
            facts.append(
                _source_file_fact(store, p, o.value, lang, sources.of((iri, p, str(o)), g))
            )
        elif p not in NON_LINKS and not o.value.startswith(CITATION_BASE):
            if is_part(snap, o.value):
                _fold_part(store, snap, sources, (p, o.value), facts, outgoing, lang)
            else:
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


#: the named graphs as readers know them: (Finnish, English) title by the graph's name
GRAPH_TITLES: dict[str, tuple[str, str]] = {
    "registry": ("Alueet ja kunnat (rekisteri)", "Regions and municipalities (registry)"),
    "codelists": ("Koodistot (CPV, NUTS, eForms)", "Code lists (CPV, NUTS, eForms)"),
    "ecosystem": (
        "KEINO-ekosysteemi: lähdeasiakirjoista kootut tiedot",
        "KEINO ecosystem: facts curated from the seed documents",
    ),
    "companies": ("Yritysrekisteri (PRH, YTJ-avoin data)", "Company registry (PRH, YTJ open data)"),
    "funding": ("Business Finlandin rahoitus", "Business Finland funding"),
    "bridge": ("TOL–CPV-vastaavuudet", "TOL–CPV mappings"),
    "notices": ("Hankintailmoitukset (Hilma, TED)", "Procurement notices (Hilma, TED)"),
    "links": ("Saman organisaation tunnisteet", "Identifiers of the same organisation"),
    "documents": ("Asiakirjoista poimitut tiedot", "Facts extracted from documents"),
    "indicators": ("Indikaattorit", "Indicators"),
    "provenance": ("Latausten lokitiedot", "Ingest records"),
}


def graph_title(graph: str, lang: str = "fi") -> str:
    """A named graph's title in ``lang`` (fi or en), else its short name.

    >>> graph_title("https://w3id.org/keino/graph/notices/bundled", "en")
    'Procurement notices (Hilma, TED)'
    """
    name = graph.removeprefix(GRAPH_BASE).split("/", 1)[0]
    pair = GRAPH_TITLES.get(name)
    return (pair[1] if lang == "en" else pair[0]) if pair else short_iri(graph)


INDICATORS = GRAPH_BASE + "indicators"
#: a dataset's files are named beside its title when its last ingest read at most this
#: many (a notice batch of hundreds is named by its title; the notice by its own file)
MAX_FILES = 5
SOURCE_FILE = "SELECT ?f ?loc WHERE { ?f <http://www.w3.org/ns/prov#atLocation> ?loc }"


def data_path(location: str) -> str:
    """A source file's path from the data folder on (never the server's own folders).

    >>> data_path("/srv/keino/data/notices/ted-xml/20-587026-001-EXP.xml")
    'notices/ted-xml/20-587026-001-EXP.xml'
    >>> data_path("/tmp/x/answer.json")
    'answer.json'
    """
    _head, sep, tail = location.rpartition("/data/")
    return tail if sep else location.rsplit("/", 1)[-1]


def _source_file_fact(
    store: Store, p: str, file: str, lang: str, sources: tuple[Source, ...]
) -> Fact:
    found = [
        row["loc"].value
        for row in store.query(SOURCE_FILE, substitutions={"f": ox.NamedNode(file)})
    ]
    value = data_path(found[0]) if found else short_iri(file)
    return Fact(p, term_label(p, lang), value, None, None, sources)


def is_part(snap: Snapshot, iri: str) -> bool:
    """Whether ``iri`` is a part of another entity rather than a thing of its own: an
    unlabelled node of ours whose IRI extends another entity's (a notice's role,
    an organisation's address, a lot's purpose or outcome, a membership's interval,
    a series' rank). Its facts and links are shown on its whole's page instead."""
    if not iri.startswith(ID_BASE) or snap.own_label(iri) is not None:
        return False
    whole = iri.rsplit("/", 1)[0]
    while whole.count("/") > ID_BASE.count("/"):
        if snap.mentions(whole):
            return True
        whole = whole.rsplit("/", 1)[0]
    return False


def _part_name(snap: Snapshot, p: str, part: str, lang: str, inverse: bool = False) -> str:
    """The group name of a folded part: the relation and the part's class."""
    relation = inverse_label(p, lang) if inverse else term_label(p, lang)
    kinds = sorted({term_label(t, lang) for t in snap.types.get(part, ())} - {relation})
    return f"{relation}: {', '.join(kinds)}" if kinds else relation


def _fold_part(
    store: Store,
    snap: Snapshot,
    sources: _SourceIndex,
    edge: tuple[str, str],
    facts: list[Fact],
    groups: dict[tuple[str, str], LinkGroup],
    lang: str,
    depth: int = 0,
) -> None:
    """Show the statements of part ``edge[1]`` (reached by ``edge[0]``) as the whole's
    own facts and links, named "relation › property"; parts of parts to depth 2."""
    p, part = edge
    prefix = _part_name(snap, p, part, lang)
    for row in store.query(OUT, substitutions={"s": ox.NamedNode(part)}):
        p2, o, g = row["p"].value, row["o"], row["g"].value
        if p2 == str(RDF.type) or p2 in NON_LINKS:
            continue
        source = sources.of((part, p2, str(o)), g)
        if isinstance(o, ox.Literal):
            fact = _fact(p2, o, lang, source)
            facts.append(Fact(fact.predicate, f"{prefix} › {fact.label}", *_rest(fact)))
        elif isinstance(o, ox.NamedNode) and not o.value.startswith(CITATION_BASE):
            if is_part(snap, o.value) and depth < 1:
                _fold_part(store, snap, sources, (p2, o.value), facts, groups, lang, depth + 1)
                continue
            key = (f"{p} {p2}", "out")
            group = groups.setdefault(
                key, LinkGroup(p2, f"{prefix} › {term_label(p2, lang)}", "out")
            )
            group.links.append(Link(snap.node(o.value, lang), source))


def _rest(fact: Fact) -> tuple[str, str | None, str | None, tuple[Source, ...]]:
    return fact.value, fact.lang, fact.datatype, fact.sources


def _incoming(
    rows: list[Any], snap: Snapshot, sources: _SourceIndex, iri: str, lang: str
) -> dict[tuple[str, str], LinkGroup]:
    """Incoming links by relation; a link from a part (a notice's buyer role) is shown
    as links from the wholes that hold the part (the notices), named by the part's class."""
    groups: dict[tuple[str, str], LinkGroup] = {}
    for row in rows:
        p, s, g = row["p"].value, row["s"].value, row["g"].value
        if p in NON_LINKS or s.startswith(CITATION_BASE) or g.startswith(INDICATORS):
            continue  # indicator observations are statistics about the entity, not relations
        source = sources.of((s, p, f"<{iri}>"), g)
        if not is_part(snap, s) or s not in snap.graph:
            _add_link(groups, snap, p, "in", s, source, lang)
            continue
        name = _part_name(snap, p, s, lang, inverse=True)
        wholes = sorted({w for w, _ in snap.graph.in_edges(s)})
        if not wholes:  # nothing holds the part in the drawn graph: show it by itself
            _add_link(groups, snap, p, "in", s, source, lang)
        for whole in wholes:
            group = groups.setdefault((f"{p} {name}", "in"), LinkGroup(p, name, "in"))
            group.links.append(Link(snap.node(whole, lang), source))
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
        files = tuple(data_path(f) for f in run[1]) if run and len(run[1]) <= MAX_FILES else ()
        found.append(Source("graph", graph, graph_title(graph, self.lang), files=files))
        return tuple(found)
