"""The label table: every name a typed entity of interest is known by.

Text extraction links names in documents to graph entities; it needs each
entity's Finnish, Swedish and English labels, aliases and abbreviations with its
class and a coarse *kind* (organisation, programme, greendeal, strategy, region,
municipality). Entities of other classes (notices, lots, CPV concepts, runs)
are left out on purpose: their labels are not names a news text uses.

>>> from graph.store import Store
>>> from graph.rdf import a, lit, triple
>>> store = Store()
>>> ex = "https://w3id.org/keino/id/org/fi/0000000-0"
>>> _ = store.load_triples("https://w3id.org/keino/graph/t", [
...     a(ex, "http://www.w3.org/ns/org#Organization"),
...     triple(ex, "http://www.w3.org/2004/02/skos/core#prefLabel", lit("Motiva Oy", lang="fi")),
...     triple(ex, "https://w3id.org/keino/ontology#abbreviation", lit("Motiva"))])
>>> [(e.label, e.lang, e.kind) for e in entity_labels(store)]
[('Motiva', None, 'organisation'), ('Motiva Oy', 'fi', 'organisation')]
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

import pyoxigraph as ox
from rdflib.namespace import OWL, SKOS

from graph.iris import standing
from graph.namespaces import KEINO, KEINO_NS, NUTS, RDFS
from graph.ontology import organisation_classes
from graph.store import Store

#: The predicates whose values name an entity (the search index and the table read them).
NAME_PREDICATES = (
    str(SKOS.prefLabel),
    str(SKOS.altLabel),
    str(KEINO.abbreviation),
    str(RDFS.label),
)
#: Identifier predicates :func:`names` also yields: a business ID (the text is the
#: ID) and an ``owl:sameAs`` twin (the text is the twin's IRI).
BUSINESS_ID, SAME_AS = str(KEINO.businessId), str(OWL.sameAs)
_PREF_LABEL, _CONCEPT = str(SKOS.prefLabel), str(SKOS.Concept)
#: class IRI → kind for the classes that are not organisations; kinds are reported
#: for organisations (every subclass of org:Organization in the ontology) and these.
OTHER_KINDS: dict[str, str] = {
    str(KEINO.Municipality): "municipality",
    str(KEINO.Region): "region",
    str(KEINO.KeinoProgramme): "programme",
    str(KEINO.ChangeAgent): "programme",
    str(KEINO.GreenDeal): "greendeal",
    str(KEINO.StrategyProgramme): "strategy",
    str(KEINO.ActionPlan): "strategy",
    str(KEINO.Event): "event",
}
#: when an entity has several classes the most specific kind wins.
_PRIORITY = (
    "greendeal",
    "programme",
    "strategy",
    "municipality",
    "region",
    "event",
    "organisation",
)

# Every name of every IRI (one row per predicate, name and language), and the
# identifiers search also needs: business IDs and owl:sameAs twins.
NAMES = """
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX keino: <https://w3id.org/keino/ontology#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
SELECT DISTINCT ?s ?p ?label WHERE {
  {
    VALUES ?p { skos:prefLabel skos:altLabel keino:abbreviation rdfs:label keino:businessId }
    ?s ?p ?label .
    FILTER(isIRI(?s) && isLiteral(?label))
  } UNION {
    ?s owl:sameAs ?label . BIND(owl:sameAs AS ?p)
    FILTER(isIRI(?s) && isIRI(?label) && ?s != ?label)
  }
}"""
TYPES = "SELECT ?s ?type WHERE { ?s a ?type FILTER(isIRI(?s) && isIRI(?type)) }"
# Every name of every typed entity, with each of its classes.
TYPED_NAMES = """
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX keino: <https://w3id.org/keino/ontology#>
SELECT DISTINCT ?e ?cls ?label ?p WHERE {
  VALUES ?p { skos:prefLabel skos:altLabel keino:abbreviation rdfs:label }
  ?e a ?cls ; ?p ?label .
  FILTER(isIRI(?e) && isLITERAL(?label))
}"""


@dataclass(frozen=True)
class Name:
    """One name of one IRI: its text, language (None when untagged) and predicate."""

    iri: str
    text: str
    lang: str | None
    predicate: str


def names(store: Store) -> Iterator[Name]:
    """Every name (:data:`NAME_PREDICATES`) of every IRI in the store, then its
    identifiers: each business ID (predicate :data:`BUSINESS_ID`) and each
    ``owl:sameAs`` twin (predicate :data:`SAME_AS`, the twin's IRI as text, no
    language), so search finds an organisation by ID and shows a clique once.

    >>> from graph.rdf import lit, triple
    >>> store = Store()
    >>> _ = store.load_triples("https://w3id.org/keino/graph/t", [
    ...     triple("https://w3id.org/keino/id/x", SKOS.altLabel, lit("YM"))])
    >>> [(n.text, n.lang) for n in names(store)]
    [('YM', None)]
    """
    for row in store.query(NAMES):
        label = row["label"]
        lang = label.language if isinstance(label, ox.Literal) else None
        yield Name(row["s"].value, label.value, lang, row["p"].value)


def types(store: Store) -> dict[str, tuple[str, ...]]:
    """IRI → its classes (sorted), for every typed IRI in the store."""
    found: dict[str, set[str]] = defaultdict(set)
    for row in store.query(TYPES):
        found[row["s"].value].add(row["type"].value)
    return {iri: tuple(sorted(classes)) for iri, classes in found.items()}


@lru_cache(maxsize=1)
def class_kinds() -> dict[str, str]:
    """Class IRI → kind: every organisation class, then :data:`OTHER_KINDS`."""
    return {**dict.fromkeys(organisation_classes(), "organisation"), **OTHER_KINDS}


@dataclass(frozen=True)
class LabelEntry:
    """One name of one entity: ``iri``, ``label``, its ``lang`` (None when
    untagged), the entity's class IRI ``cls`` and coarse ``kind``; ``preferred``
    when it is a ``skos:prefLabel``."""

    iri: str
    label: str
    lang: str | None
    cls: str
    kind: str
    preferred: bool = False


def entity_labels(store: Store) -> list[LabelEntry]:
    """Every label of every entity whose class has a kind (:func:`class_kinds`), plus the
    Finnish NUTS regions (kind ``region``); sorted, one entry per
    (iri, label, lang)."""
    kinds: dict[str, tuple[str, str]] = {}
    labels: dict[str, set[tuple[str, str | None]]] = {}
    preferred: set[tuple[str, str, str | None]] = set()
    for row in store.query(TYPED_NAMES):
        iri, cls, label = row["e"].value, row["cls"].value, row["label"]
        kind = _kind(iri, cls)
        if kind is None or not isinstance(label, ox.Literal):
            continue
        if iri not in kinds or _better(cls, kind, *kinds[iri]):
            kinds[iri] = (cls, kind)
        labels.setdefault(iri, set()).add((label.value.strip(), label.language))
        if row["p"].value == _PREF_LABEL:
            preferred.add((iri, label.value.strip(), label.language))
    return sorted(
        (
            LabelEntry(iri, text, lang, *kinds[iri], (iri, text, lang) in preferred)
            for iri, names in labels.items()
            for text, lang in names
            if text
        ),
        key=label_order,
    )


def label_order(entry: LabelEntry) -> tuple[str, str, str, str]:
    """Sort key of a label entry: IRI, label, then language with untagged first.

    The language is None for an untagged label, which does not compare with a
    string; the same name both untagged and tagged ``@fi`` is common.
    """
    return entry.iri, entry.label, entry.lang or "", entry.cls


def _better(cls: str, kind: str, old_cls: str, old_kind: str) -> bool:
    """A more specific kind wins; within one kind a KEINO class beats a generic
    one (``keino:CompetenceCentre`` over ``org:Organization``), then the IRI order."""
    rank, old_rank = _PRIORITY.index(kind), _PRIORITY.index(old_kind)
    if rank != old_rank:
        return rank < old_rank
    ours, old_ours = cls.startswith(KEINO_NS), old_cls.startswith(KEINO_NS)
    return ours > old_ours or (ours == old_ours and cls < old_cls)


def _kind(iri: str, cls: str) -> str | None:
    kind = class_kinds().get(cls)
    if kind is not None:
        return kind
    # Finnish NUTS regions (maakunnat, NUTS 3) come from the code lists as SKOS concepts.
    if iri.startswith(str(NUTS) + "FI") and cls == _CONCEPT:
        return "region"
    return None


# ------------------------------------------------------------ sameAs cliques
#: :func:`clique_rank`'s key: standing, no own label, a notice, fewer links, IRI
CliqueRank = tuple[tuple[bool, bool], bool, bool, int, str]


def clique_rank(iri: str, types: Iterable[str], *, labelled: bool, links: int) -> CliqueRank:
    """The sort key (lower first) that chooses the member an ``owl:sameAs`` clique is
    shown under, in search hits and on explorer pages alike: the curated body, then the
    registry's business-ID organisation (:func:`graph.iris.standing`), then a member with
    a label of its own, then one that is not a notice's party, then the one with the
    most ``links`` (what the caller knows of it: its edges, or its labels), then by IRI.

    >>> org = "https://w3id.org/keino/id/org/fi/0201256-6"
    >>> notice = "https://w3id.org/keino/id/notice/1/org/x"
    >>> min([notice, org], key=lambda m: clique_rank(m, [], labelled=True, links=0)) == org
    True
    """
    return (standing(iri, types), not labelled, "/notice/" in iri, -links, iri)


def clique_heads(
    twins: Iterable[tuple[str, str]], rank: Callable[[str], CliqueRank]
) -> dict[str, str]:
    """IRI → the member its ``owl:sameAs`` clique is shown under (the lowest ``rank``,
    usually :func:`clique_rank`), for every IRI of a clique of two or more; ``twins``
    are the clique's pairs (``owl:sameAs`` statements, either direction)."""
    parent: dict[str, str] = {}

    def root(iri: str) -> str:
        while parent.setdefault(iri, iri) != iri:
            parent[iri] = parent[parent[iri]]
            iri = parent[iri]
        return iri

    for one, other in twins:
        parent[root(one)] = root(other)
    members: dict[str, list[str]] = defaultdict(list)
    for iri in list(parent):
        members[root(iri)].append(iri)
    return {
        iri: min(group, key=rank) for group in members.values() if len(group) > 1 for iri in group
    }
