"""Entities as people look at them: descriptions, neighbourhoods, paths, centrality.

The explorer pages read the graph only through this module. :func:`describe`
gathers everything about one IRI (labels in every language, types, literal
facts, links grouped by relation, the source of each fact and a timeline of
dated relations); :func:`neighbourhood`, :func:`paths` and :func:`centrality`
work on a networkx view of the entity-to-entity links, built once per store
state (see :func:`snapshot`) and cached; :func:`lookup` is a plain label
search for when ``graph.search`` is absent and :func:`indicator_series` reads
the national indicator series for charts. Descriptions and drawings are
remembered per store state too, so a page seen twice costs a dictionary look-up.

>>> from graph.store import Store
>>> from graph.rdf import lit, triple
>>> store = Store()
>>> k, t = ID_BASE + "org/keino", ID_BASE + "org/tem"
>>> _ = store.replace_graph(GRAPH_BASE + "example", [
...     triple(k, SKOS + "prefLabel", lit("KEINO-osaamiskeskus", lang="fi")),
...     triple(t, SKOS + "prefLabel", lit("Työ- ja elinkeinoministeriö", lang="fi")),
...     triple(k, KEINO_NS + "steeredBy", t)], source="example", inputs=[])
>>> view = describe(store, k)
>>> view.label, [g.predicate == KEINO_NS + "steeredBy" for g in view.outgoing]
('KEINO-osaamiskeskus', [True])
>>> view.outgoing[0].links[0].node.label
'Työ- ja elinkeinoministeriö'
>>> [(hop.source.label, hop.forward) for hop in paths(store, t, k)[0]]
[('Työ- ja elinkeinoministeriö', False)]
"""

from __future__ import annotations

import re
import threading
import weakref
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice, pairwise
from typing import Any

import networkx as nx
import pyoxigraph as ox
import rdflib

from graph import rdf
from graph.iris import GRAPH_BASE, ID_BASE
from graph.namespaces import CPV, KEINO_NS, NUTS
from graph.resources import resource_dir
from graph.store import PROV, PROVENANCE_GRAPH, Store

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
XSD = "http://www.w3.org/2001/XMLSchema#"
DCTERMS = "http://purl.org/dc/terms/"
ORG_NS = "http://www.w3.org/ns/org#"
TIME_NS = "http://www.w3.org/2006/time#"
EPO = "http://data.europa.eu/a4g/ontology#"
CITATION_BASE = ID_BASE + "citation/"
NOTICE_BASE = ID_BASE + "notice/"
DOCUMENT_BASE = ID_BASE + "document/"
LANGS = ("fi", "sv", "en")
# Code-list concepts: CPV, NUTS and the EU authority tables eForms uses.
CODE_BASES = (str(CPV), str(NUTS), "http://publications.europa.eu/resource/authority/")

# Label predicates, best first: the first one present names the entity.
LABEL_PREDICATES = (
    SKOS + "prefLabel",
    RDFS + "label",
    "http://xmlns.com/foaf/0.1/name",
    "https://schema.org/name",
    DCTERMS + "title",
    EPO + "hasTitle",
    EPO + "hasLegalName",
    KEINO_NS + "abbreviation",
    SKOS + "altLabel",
)
# Links that are bookkeeping rather than relations between things: drawing them
# would tie every entity to its class, its code list or its ingest run.
NON_LINKS = frozenset(
    {
        RDF + "type",
        RDF + "subject",
        RDF + "predicate",
        RDF + "object",
        RDFS + "isDefinedBy",
        SKOS + "inScheme",
        SKOS + "broader",
        SKOS + "narrower",
        SKOS + "topConceptOf",
        SKOS + "hasTopConcept",
        PROV + "wasDerivedFrom",
        PROV + "wasGeneratedBy",
        PROV + "generated",
        PROV + "used",
        PROV + "wasAssociatedWith",
    }
)
# Shown on entity pages but left out of the network (neighbourhoods, paths,
# rankings): a document mentioning forty actors is a source, not a connector.
NOT_DRAWN = frozenset({"https://schema.org/mentions", DCTERMS + "references"})
_DATE_TYPES = (XSD + "date", XSD + "dateTime", XSD + "gYear", XSD + "dateTimeStamp")
_END_WORDS = ("end", "until", "dissolution", "expir")

# Kinds colour the graph and group search results; first matching type wins.
KIND_TYPES: dict[str, tuple[str, ...]] = {
    "greendeal": ("GreenDeal",),
    "programme": (
        "StrategyProgramme",
        "ActionPlan",
        "Measure",
        "KeinoProgramme",
        "OperatingPeriod",
    ),
    "goal": ("Goal", "Indicator", "Target"),
    "membership": ("Membership", "Post", "ChangeAgent", "Role", "Reconciliation"),
    "organisation": (
        "Ministry",
        "CompetenceCentre",
        "ProcurementUnit",
        "Municipality",
        "JointMunicipalAuthority",
        "WellbeingServicesCounty",
        "StateAgency",
        "CentralPurchasingBody",
        "Company",
        "Supplier",
        "ResearchOrganisation",
        "FundingAgency",
        "Association",
        "InternationalCounterpart",
        "Organization",
        "FormalOrganization",
        "Organisation",
        "Buyer",
        "Winner",
        "Tenderer",
    ),
    "procurement": (
        "Notice",
        "ResultNotice",
        "CompetitionNotice",
        "ContractNotice",
        "PlanningNotice",
        "Procedure",
        "Lot",
        "Tender",
        "Award",
        "LotAwardOutcome",
        "Contract",
    ),
    "event": ("Event",),
    "document": ("SourceDocument", "Document", "Citation"),
    "place": ("Region", "Location", "Country"),
    "code": ("Concept", "ConceptScheme"),
}
KINDS = (*KIND_TYPES, "other")
_KIND_BY_PATH = {
    "org/": "organisation",
    "programme/": "programme",
    "greendeal/": "greendeal",
    "green-deal/": "greendeal",
    "goal/": "goal",
    "indicator/": "goal",
    "membership/": "membership",
    "notice/": "procurement",
    "document/": "document",
    "event/": "event",
    "region/": "place",
}

# Finnish and English names of standard terms; keino: terms are named in
# ontology/keino.ttl, which is read when present.
_STANDARD_LABELS: dict[str, tuple[str, str]] = {
    RDF + "type": ("tyyppi", "type"),
    SKOS + "prefLabel": ("nimi", "name"),
    SKOS + "altLabel": ("muu nimi", "other name"),
    SKOS + "definition": ("määritelmä", "definition"),
    SKOS + "notation": ("koodi", "code"),
    SKOS + "broader": ("ylempi käsite", "broader concept"),
    RDFS + "label": ("nimi", "label"),
    RDFS + "comment": ("kuvaus", "comment"),
    DCTERMS + "title": ("otsikko", "title"),
    DCTERMS + "description": ("kuvaus", "description"),
    DCTERMS + "date": ("päivämäärä", "date"),
    DCTERMS + "issued": ("julkaistu", "issued"),
    DCTERMS + "identifier": ("tunniste", "identifier"),
    DCTERMS + "source": ("lähde", "source"),
    ORG_NS + "member": ("jäsen", "member"),
    ORG_NS + "organization": ("organisaatio", "organisation"),
    ORG_NS + "role": ("rooli", "role"),
    ORG_NS + "memberDuring": ("jäsenyyskausi", "member during"),
    ORG_NS + "memberOf": ("jäsenenä", "member of"),
    ORG_NS + "hasMember": ("jäsen", "has member"),
    ORG_NS + "hasSite": ("toimipaikka", "site"),
    ORG_NS + "subOrganizationOf": ("osa organisaatiota", "part of"),
    ORG_NS + "hasSubOrganization": ("alaorganisaatio", "sub-organisation"),
    ORG_NS + "linkedTo": ("yhteys", "linked to"),
    ORG_NS + "identifier": ("tunniste", "identifier"),
    PROV + "wasDerivedFrom": ("johdettu lähteestä", "derived from"),
    TIME_NS + "hasBeginning": ("alkaa", "begins"),
    TIME_NS + "hasEnd": ("päättyy", "ends"),
    TIME_NS + "inXSDDate": ("päivä", "date"),
    "https://schema.org/startDate": ("alkaa", "start date"),
    "https://schema.org/endDate": ("päättyy", "end date"),
    "https://schema.org/url": ("verkkosivu", "web page"),
    "http://xmlns.com/foaf/0.1/homepage": ("kotisivu", "home page"),
    EPO + "hasPublicationDate": ("julkaisupäivä", "publication date"),
    EPO + "hasMainClassification": ("CPV-pääluokitus", "main CPV classification"),
    EPO + "hasAdditionalClassification": ("CPV-lisäluokitus", "additional CPV classification"),
    EPO + "hasBuyer": ("hankintayksikkö", "buyer"),
    EPO + "hasWinner": ("voittaja", "winner"),
    EPO + "hasEstimatedValue": ("arvioitu arvo", "estimated value"),
    EPO + "hasTitle": ("otsikko", "title"),
    EPO + "hasDescription": ("kuvaus", "description"),
    EPO + "announcesRole": ("ilmoittaa roolin", "announces role"),
    EPO + "concernsSubmissionsForLot": ("koskee osan tarjouksia", "submissions for lot"),
    EPO + "definesSpecificPlaceOfPerformance": ("toteutuspaikka", "place of performance"),
    EPO + "describesLot": ("kuvaa osan", "describes lot"),
    EPO + "hasAwardedValue": ("sopimusarvo", "awarded value"),
    EPO + "hasAmountValue": ("määrä", "amount"),
    EPO + "hasBusinessSize": ("yrityksen koko", "business size"),
    EPO + "hasBuyerLegalType": ("hankintayksikön tyyppi", "buyer legal type"),
    EPO + "hasCountryCode": ("maa", "country"),
    EPO + "hasCurrency": ("valuutta", "currency"),
    EPO + "hasLegalName": ("virallinen nimi", "legal name"),
    EPO + "hasMainActivity": ("päätoimiala", "main activity"),
    EPO + "hasNoticeType": ("ilmoitustyyppi", "notice type"),
    EPO + "hasNutsCode": ("NUTS-alue", "NUTS region"),
    EPO + "hasOfficialLanguage": ("kieli", "language"),
    EPO + "hasProcurementScopeDividedIntoLot": ("osa", "lot"),
    EPO + "hasPurpose": ("hankinnan kohde", "purpose"),
    EPO + "hasReceivedTenders": ("saadut tarjoukset", "tenders received"),
    EPO + "hasRegisteredAddress": ("osoite", "registered address"),
    EPO + "indicatesAwardToWinner": ("voittaja", "award to winner"),
    EPO + "playedBy": ("toimija", "played by"),
    EPO + "refersToLot": ("osa", "lot"),
    EPO + "refersToProcedure": ("menettely", "procedure"),
    EPO + "refersToRole": ("rooli", "role"),
    DCTERMS + "contributor": ("osallistuja", "contributor"),
    DCTERMS + "creator": ("tekijä", "creator"),
    DCTERMS + "isPartOf": ("osa kokonaisuutta", "is part of"),
    DCTERMS + "hasPart": ("sisältää", "has part"),
    DCTERMS + "references": ("viittaa", "references"),
    DCTERMS + "relation": ("liittyy", "related to"),
    DCTERMS + "subject": ("aihe", "subject"),
    DCTERMS + "temporal": ("ajanjakso", "period"),
    SKOS + "exactMatch": ("sama kuin", "same as"),
    ORG_NS + "unitOf": ("yksikkönä", "unit of"),
    PROV + "hadPrimarySource": ("alkuperäinen lähde", "primary source"),
    "https://schema.org/mentions": ("mainitsee", "mentions"),
    "https://schema.org/organizer": ("järjestäjä", "organiser"),
    "https://schema.org/value": ("arvo", "value"),
    "http://purl.org/linked-data/sdmx/2009/dimension#refPeriod": ("ajanjakso", "period"),
}


class EntityNotFound(KeyError):
    """No triple in the store has this IRI as subject or object."""


@dataclass(frozen=True)
class Node:
    """An IRI with what a page needs to show it: label, kind and type label."""

    iri: str
    label: str
    kind: str = "other"
    type_label: str = ""


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


@dataclass(frozen=True)
class TimelineEvent:
    """A dated relation: from ``start`` to ``end`` (ISO dates; either may be None)."""

    start: str | None
    end: str | None
    relation: str
    node: Node
    date_label: str


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


@dataclass(frozen=True)
class Hop:
    """One step of a path: ``source`` —predicate→ ``target`` as stated in the graph.

    ``forward`` is False when the path walks the statement backwards (the
    statement reads ``target predicate source``).
    """

    source: Node
    target: Node
    predicate: str
    predicate_label: str
    forward: bool


@dataclass(frozen=True)
class GraphNode:
    """A node of a drawn neighbourhood; ``x``, ``y`` in [0, 1]."""

    node: Node
    x: float
    y: float
    depth: int


@dataclass(frozen=True)
class GraphEdge:
    """A drawn edge: the statement ``source predicate target``."""

    source: str
    target: str
    predicate: str
    label: str


@dataclass
class Neighbourhood:
    """An entity and its neighbours to some depth, laid out for drawing."""

    center: str
    depth: int
    nodes: list[GraphNode]
    edges: list[GraphEdge]
    truncated: bool = False


@dataclass(frozen=True)
class Ranked:
    """One row of a centrality ranking."""

    node: Node
    degree: int
    betweenness: float
    pagerank: float


# --------------------------------------------------------------------- snapshot
@dataclass
class Snapshot:
    """The store's entity graph, labels and types at one state (see :func:`snapshot`)."""

    fingerprint: tuple[object, ...]
    graph: nx.MultiDiGraph
    labels: dict[str, dict[str, list[str]]]
    types: dict[str, set[str]]
    runs: dict[str, tuple[str, tuple[str, ...]]]
    _centrality: list[Ranked] | None = None
    _simple: nx.Graph | None = None
    _memo: dict[tuple[object, ...], object] = field(default_factory=dict)

    def remember(self, key: tuple[object, ...], value: object, size: int = 512) -> None:
        """Keep ``value`` for this store state; the oldest entries go past ``size``."""
        if len(self._memo) >= size:
            self._memo.pop(next(iter(self._memo)))
        self._memo[key] = value

    def label(self, iri: str, lang: str = "fi") -> str:
        """The best label of ``iri`` in ``lang`` (then fi, en, sv, any), else a short IRI."""
        return pick_label(self.labels.get(iri, {}), lang) or code_label(iri, lang) or short_iri(iri)

    def node(self, iri: str, lang: str = "fi") -> Node:
        """A :class:`Node` for ``iri``."""
        types = self.types.get(iri, set())
        type_label = ", ".join(sorted(term_label(t, lang) for t in types))
        return Node(iri, self.label(iri, lang), kind_of(iri, types), type_label)


_SNAPSHOTS: weakref.WeakKeyDictionary[Store, Snapshot] = weakref.WeakKeyDictionary()
_BUILDING = threading.Lock()

_RUNS = f"""
SELECT ?g ?run ?loc WHERE {{
  GRAPH <{PROVENANCE_GRAPH}> {{
    ?g <{PROV}wasGeneratedBy> ?run .
    OPTIONAL {{ ?run <{PROV}used> ?f . ?f <{PROV}atLocation> ?loc }}
  }}
}}"""


def fingerprint(store: Store) -> tuple[object, ...]:
    """What identifies a store state: its named graphs and their latest ingest runs.

    ``Store.load_triples`` writes no run record; call :func:`forget` after it.
    """
    runs = sorted({(str(s["g"].value), str(s["run"].value)) for s in store.query(_RUNS)})
    return (tuple(store.graphs()), tuple(runs))


def forget(store: Store) -> None:
    """Drop the cached snapshot of ``store`` (after writes that leave no run record)."""
    _SNAPSHOTS.pop(store, None)


def snapshot(store: Store) -> Snapshot:
    """The cached :class:`Snapshot` of ``store``, rebuilt when its fingerprint changes."""
    key = fingerprint(store)
    cached = _SNAPSHOTS.get(store)
    if cached is not None and cached.fingerprint == key:
        return cached
    with _BUILDING:  # one build at a time: concurrent builds only slow each other down
        cached = _SNAPSHOTS.get(store)
        if cached is None or cached.fingerprint != key:
            cached = _build_snapshot(store, key)
            _SNAPSHOTS[store] = cached
    return cached


def _build_snapshot(store: Store, key: tuple[object, ...]) -> Snapshot:
    graph = nx.MultiDiGraph()
    labels: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    types: dict[str, set[str]] = defaultdict(set)
    rank = {p: i for i, p in enumerate(LABEL_PREDICATES)}
    found: list[tuple[int, str, str, str]] = []
    for name, t in _entity_triples(store):
        subject = t.subject
        if not isinstance(subject, ox.NamedNode):  # the store refuses blank nodes
            continue
        s, p, o = subject.value, t.predicate.value, t.object
        if p == RDF + "type" and isinstance(o, ox.NamedNode):
            types[s].add(o.value)
        elif p in rank and isinstance(o, ox.Literal):
            found.append((rank[p], s, o.language or "", o.value))
        elif isinstance(o, ox.NamedNode) and _is_link(s, p, o.value, name):
            graph.add_edge(s, o.value, key=p)
    for _, s, lang, value in sorted(found):
        if value not in labels[s][lang]:
            labels[s][lang].append(value)
    runs: dict[str, tuple[str, list[str]]] = {}
    for solution in store.query(_RUNS):
        g, run = solution["g"].value, solution["run"].value
        files = runs.setdefault(g, (run, []))[1]
        if solution["loc"] is not None:
            files.append(solution["loc"].value)
    frozen = {g: (run, tuple(sorted(set(files)))) for g, (run, files) in runs.items()}
    return Snapshot(key, graph, {k: dict(v) for k, v in labels.items()}, dict(types), frozen)


def _entity_triples(store: Store) -> Iterator[tuple[str, ox.Triple]]:
    """(graph, triple) of every graph but provenance and code lists.

    Code lists are nine tenths of the demo's quads; their labels come from
    ``graph.codes`` instead (see :meth:`Snapshot.label`), which keeps the
    snapshot build well under a second.
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


# ----------------------------------------------------------------- vocabulary
def pick_label(labels: dict[str, list[str]], lang: str = "fi") -> str | None:
    """The first label in ``lang``, then Finnish, English, Swedish, untagged, any.

    >>> pick_label({"en": ["Motiva"], "fi": ["Motiva Oy"]}, "sv")
    'Motiva Oy'
    >>> pick_label({}) is None
    True
    """
    for key in (lang, "fi", "en", "sv", ""):
        if labels.get(key):
            return labels[key][0]
    return next((values[0] for values in labels.values() if values), None)


def code_label(iri: str, lang: str = "fi") -> str | None:
    """``CODE label`` of a CPV or NUTS concept IRI from the bundled code lists, else None.

    >>> code_label("http://data.europa.eu/cpv/cpv/45000000")
    '45000000 Rakennustyöt'
    """
    from graph import codes  # the code lists load on first use, not at import

    for base, label_of in ((str(CPV), codes.cpv_label), (str(NUTS), codes.nuts_label)):
        if iri.startswith(base):
            code = iri[len(base) :]
            label = label_of(code, lang) or label_of(code, "fi")
            return f"{code} {label}" if label else None
    return None


def short_iri(iri: str) -> str:
    """A readable stand-in for an unlabelled IRI: its last path segment(s).

    >>> short_iri("https://w3id.org/keino/id/notice/abc-01/lot/LOT-0001")
    'lot/LOT-0001'
    >>> short_iri("http://data.europa.eu/cpv/cpv/45000000")
    'CPV 45000000'
    """
    if iri.startswith(str(CPV)):
        return "CPV " + iri[len(str(CPV)) :]
    if iri.startswith(str(NUTS)):
        return "NUTS " + iri[len(str(NUTS)) :]
    tail = re.split(r"[#]", iri)[-1]
    parts = [p for p in tail.split("/") if p]
    return "/".join(parts[-2:]) if iri.startswith(ID_BASE) else (parts[-1] if parts else iri)


def kind_of(iri: str, types: Iterable[str]) -> str:
    """The display kind of an entity (one of :data:`KINDS`) from its types, else its IRI.

    >>> kind_of("x", [KEINO_NS + "GreenDeal"]), kind_of(ID_BASE + "org/fi/0988084-1", [])
    ('greendeal', 'organisation')
    """
    local = {re.split(r"[#/]", t)[-1] for t in types}
    for kind, names in KIND_TYPES.items():
        if local.intersection(names):
            return kind
    if iri.startswith(ID_BASE):
        rest = iri[len(ID_BASE) :]
        for prefix, kind in _KIND_BY_PATH.items():
            if rest.startswith(prefix):
                return kind
    if iri.startswith(CODE_BASES):
        return "code"
    return "other"


def term_label(iri: str, lang: str = "fi") -> str:
    """The name of a class or property in ``lang`` (fi or en).

    Read from the ontology files when they name it, else from a small table of
    standard terms, else the local name split into words.

    >>> term_label("http://www.w3.org/ns/org#memberDuring", "en")
    'member during'
    >>> term_label("http://example.org/ns#hasLeadPartner", "en")
    'has lead partner'
    """
    from_ontology = _ontology_labels().get(iri, {})
    label = pick_label(from_ontology, lang) if from_ontology else None
    if label:
        return label
    if iri in _STANDARD_LABELS:
        fi, en = _STANDARD_LABELS[iri]
        return en if lang == "en" else fi
    local = re.split(r"[#/]", iri)[-1]
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", local).lower() or iri


@lru_cache(maxsize=1)
def _ontology_labels() -> dict[str, dict[str, list[str]]]:
    labels: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    folder = resource_dir("ontology")
    for path in sorted(folder.glob("*.ttl")) if folder.is_dir() else []:
        try:
            graph = rdflib.Graph().parse(path, format="turtle")
        except Exception:  # a broken ontology file must not take the explorer down
            continue
        for predicate in (SKOS + "prefLabel", RDFS + "label"):
            for s, o in graph.subject_objects(rdflib.URIRef(predicate)):
                if isinstance(o, rdflib.Literal):
                    labels[str(s)][o.language or ""].append(str(o))
    return {k: dict(v) for k, v in labels.items()}


@lru_cache(maxsize=1)
def _notice_field_file() -> dict[str, tuple[str, str | None]]:
    path = resource_dir("ontology") / "notice-fields.ttl"
    fields: dict[str, tuple[str, str | None]] = {}
    if not path.is_file():
        return fields
    graph = rdflib.Graph().parse(path, format="turtle")
    for prop, value in graph.subject_objects(rdflib.URIRef(KEINO_NS + "sourceField")):
        xpath = graph.value(prop, rdflib.URIRef(KEINO_NS + "sourceXPath"))
        fields[str(prop)] = (str(value), str(xpath) if xpath is not None else None)
    return fields


def notice_fields(store: Store) -> dict[str, tuple[str, str | None]]:
    """Property IRI → (eForms field, XPath), from the store and ``notice-fields.ttl``."""
    fields = dict(_notice_field_file())
    for row in store.query(_FIELDS):
        xpath = row["xpath"]
        fields[row["p"].value] = (row["f"].value, xpath.value if xpath is not None else None)
    return fields


_FIELDS = f"""SELECT DISTINCT ?p ?f ?xpath WHERE {{
  ?p <{KEINO_NS}sourceField> ?f OPTIONAL {{ ?p <{KEINO_NS}sourceXPath> ?xpath }} }}"""


# ------------------------------------------------------------------- describe
_OUT = "SELECT DISTINCT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
# A hub such as a CPV division can have thousands of incoming links; the page
# shows the first ones per relation and the total.
_IN = "SELECT DISTINCT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 5000"
_CITATIONS = f"""
SELECT DISTINCT ?e ?s ?p ?o ?doc ?quote WHERE {{
  {{ ?c <{RDF}subject> ?e }} UNION {{ ?c <{RDF}object> ?e }}
  ?c <{RDF}subject> ?s ; <{RDF}predicate> ?p ; <{RDF}object> ?o .
  OPTIONAL {{ ?c <{PROV}wasDerivedFrom> ?doc }}
  OPTIONAL {{ ?c <{KEINO_NS}quote> ?quote }}
}}"""
_DERIVED = f"""
SELECT DISTINCT ?e ?x ?n WHERE {{
  {{ ?e <{PROV}wasDerivedFrom> ?n . BIND(?e AS ?x) }}
  UNION {{ ?x ?p ?e . ?x <{PROV}wasDerivedFrom> ?n }}
}}"""

_Key = tuple[str, str, str]


def describe(
    store: Store, iri: str, *, lang: str = "fi", max_links: int = 50, cache: bool = True
) -> EntityView:
    """Everything about ``iri``: labels, types, facts, links, sources, timeline.

    ``lang`` chooses the labels shown (fi, en or sv; others fall back to
    Finnish). Each relation group keeps at most ``max_links`` links and
    records its total. Raises :class:`EntityNotFound` for an IRI no triple
    mentions. Views are remembered per store state (the snapshot) unless
    ``cache`` is False; treat the returned view as read-only.
    """
    snap = snapshot(store)
    key = ("describe", iri, lang, max_links)
    cached = snap._memo.get(key)
    if cache and isinstance(cached, EntityView):
        return cached
    view = _describe(store, iri, lang, max_links)
    if cache:
        snap.remember(key, view)
    return view


def _describe(store: Store, iri: str, lang: str, max_links: int) -> EntityView:
    term = rdf.iri(iri)  # InvalidIri (a 400) for user input that is no IRI
    out_rows = list(store.query(_OUT, substitutions={"s": term}))
    in_rows = list(store.query(_IN, substitutions={"o": term}))
    if not out_rows and not in_rows:
        raise EntityNotFound(iri)
    snap = snapshot(store)
    sources = _SourceIndex(store, snap, iri, lang)
    labels: dict[str, list[str]] = defaultdict(list)
    facts: list[Fact] = []
    types: set[str] = set()
    outgoing: dict[tuple[str, str], LinkGroup] = {}
    graphs: set[str] = {row["g"].value for row in in_rows}
    for row in out_rows:
        p, o, g = row["p"].value, row["o"], row["g"].value
        graphs.add(g)
        if p == RDF + "type" and isinstance(o, ox.NamedNode):
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
        timeline=timeline(store, iri, lang=lang),
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
    plain = datatype in (XSD + "string", None)
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
        group = LinkGroup(predicate, term_label(predicate, lang), direction)
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
        for row in store.query(_CITATIONS, substitutions=term):
            key = (row["s"].value, row["p"].value, str(row["o"]))
            doc = row["doc"].value if row["doc"] is not None else ""
            quote = row["quote"].value if row["quote"] is not None else None
            label = snap.label(doc, lang) if doc else ""
            self.cited[key].append(Source("document", doc, label, quote=quote))
        self.derived: dict[str, list[str]] = defaultdict(list)
        for row in store.query(_DERIVED, substitutions=term):
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


# ------------------------------------------------------------------- timeline
_AROUND = f"""
SELECT DISTINCT ?e ?x ?p ?dir WHERE {{
  {{ ?e ?p ?x . BIND("out" AS ?dir) }} UNION {{ ?x ?p ?e . BIND("in" AS ?dir) }}
  FILTER(isIRI(?x) && ?p != <{RDF}type>)
}} LIMIT 400"""
# Dates on a node itself, on its interval (org:memberDuring, dcterms:temporal)
# and on the interval's time:Instants. Filled with a VALUES list of nodes: one
# query for the whole neighbourhood instead of one per neighbour.
_DATES = """
SELECT DISTINCT ?x ?edge ?date WHERE {{
  VALUES ?x {{ {nodes} }}
  {{ ?x ?dp ?date . BIND(STR(?dp) AS ?edge) }}
  UNION {{ ?x <{member}>|<{temporal}> ?i . ?i ?dp ?date . BIND(STR(?dp) AS ?edge) }}
  UNION {{
    ?x <{member}>|<{temporal}> ?i .
    {{ ?i <{time}hasBeginning> ?b . BIND("start" AS ?edge) }}
    UNION {{ ?i <{time}hasEnd> ?b . BIND("end" AS ?edge) }}
    ?b ?bp ?date .
  }}
  FILTER(isLiteral(?date) && DATATYPE(?date) IN ({types}))
}}"""
_NOTICE_ROOT = re.compile(re.escape(NOTICE_BASE) + r"[^/]+(?=/)")


def timeline(store: Store, iri: str, *, lang: str = "fi") -> list[TimelineEvent]:
    """Dated relations of ``iri``, oldest first.

    A relation is dated by the dates of the node at its other end: a
    membership's ``org:memberDuring`` interval, a green deal's signing date, a
    programme's start and end, or, for anything below a notice (lot, award,
    tender), the notice's dates. The entity's own dates come first as ``self``.
    """
    snap = snapshot(store)
    relations: dict[str, list[tuple[str, str]]] = {iri: [("", "self")]}
    for row in store.query(_AROUND, substitutions={"e": ox.NamedNode(iri)}):
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
    query = _DATES.format(
        nodes=" ".join(f"<{n}>" for n in wanted),
        member=ORG_NS + "memberDuring",
        temporal=DCTERMS + "temporal",
        time=TIME_NS,
        types=", ".join(f"<{t}>" for t in _DATE_TYPES),
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
    if predicate in (RDF + "type", KEINO_NS + "breakdown"):  # classes and indicator cells
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


# ----------------------------------------------------------- graph algorithms
def neighbourhood(
    store: Store, iri: str, depth: int = 1, *, lang: str = "fi", max_nodes: int = 60
) -> Neighbourhood:
    """``iri`` and its neighbours up to ``depth`` (1 or 2) links away, laid out.

    The layout is networkx's spring layout with a fixed seed, so the same graph
    is drawn the same way each time. When more than ``max_nodes`` nodes are in
    reach, the nearest and best connected are kept and ``truncated`` is set.
    Raises :class:`EntityNotFound` when the store does not mention ``iri``.
    Drawings are remembered per store state.
    """
    depth = max(1, min(depth, 2))
    snap = snapshot(store)
    key = ("neighbourhood", iri, depth, lang, max_nodes)
    found = snap._memo.get(key)
    if not isinstance(found, Neighbourhood):
        found = _neighbourhood(snap, iri, depth, lang, max_nodes)
        snap.remember(key, found)
    return found


def _neighbourhood(
    snap: Snapshot, iri: str, depth: int, lang: str, max_nodes: int
) -> Neighbourhood:
    if iri not in snap.graph:
        if iri not in snap.labels and iri not in snap.types:
            raise EntityNotFound(iri)
        return Neighbourhood(iri, depth, [GraphNode(snap.node(iri, lang), 0.5, 0.5, 0)], [])
    undirected = snap.graph.to_undirected(as_view=True)
    reach = nx.single_source_shortest_path_length(undirected, iri, cutoff=depth)
    ordered = sorted(reach, key=lambda n: (reach[n], -undirected.degree(n), n))
    kept = ordered[:max_nodes]
    sub = snap.graph.subgraph(kept)
    layout = nx.spring_layout(nx.Graph(sub.to_undirected()), seed=7, iterations=60)
    xs = [float(x) for x, _ in layout.values()]
    ys = [float(y) for _, y in layout.values()]
    nodes = [
        GraphNode(snap.node(n, lang), _scale(layout[n][0], xs), _scale(layout[n][1], ys), reach[n])
        for n in kept
    ]
    edges = [GraphEdge(s, o, p, term_label(p, lang)) for s, o, p in sorted(sub.edges(keys=True))]
    return Neighbourhood(iri, depth, nodes, edges, truncated=len(ordered) > max_nodes)


def _scale(value: float, values: list[float]) -> float:
    low, high = min(values), max(values)
    return 0.5 if high - low < 1e-9 else (float(value) - low) / (high - low)


def _path_graph(snap: Snapshot, keep: Iterable[str]) -> nx.Graph:
    """The undirected entity graph without code-list concepts (but with ``keep``).

    Code-list concepts (CPV, NUTS, procedure types) would join every pair of
    lots through "same procedure type"; paths and rankings avoid them. The
    graph without extra nodes is cached on the snapshot.
    """
    extra = {n for n in keep if n in snap.graph}
    if snap._simple is None or extra - set(snap._simple):
        allowed = extra | {n for n in snap.graph if kind_of(n, snap.types.get(n, ())) != "code"}
        simple = nx.Graph()
        simple.add_nodes_from(allowed)
        simple.add_edges_from(
            (s, o) for s, o in snap.graph.edges() if s in allowed and o in allowed
        )
        if extra:
            return simple
        snap._simple = simple
    return snap._simple


def paths(store: Store, a: str, b: str, *, lang: str = "fi", limit: int = 5) -> list[list[Hop]]:
    """Up to ``limit`` shortest paths between ``a`` and ``b``, each a list of hops.

    Links are followed in either direction; each hop says which way the
    statement reads. Provenance, citations, types and literals are not links.
    No path gives an empty list; an IRI the store does not mention raises
    :class:`EntityNotFound`.
    """
    snap = snapshot(store)
    for end in (a, b):
        if end not in snap.graph and end not in snap.labels and end not in snap.types:
            raise EntityNotFound(end)
    if a not in snap.graph or b not in snap.graph:
        return []
    view = _path_graph(snap, (a, b))
    try:
        found = list(islice(nx.all_shortest_paths(view, a, b), limit))
    except nx.NetworkXNoPath:
        return []
    return [list(_hops(snap, path, lang)) for path in found]


def _hops(snap: Snapshot, path: list[str], lang: str) -> Iterator[Hop]:
    for here, there in pairwise(path):
        forward = snap.graph.has_edge(here, there)
        s, o = (here, there) if forward else (there, here)
        predicate = sorted(snap.graph[s][o])[0]
        yield Hop(
            snap.node(here, lang),
            snap.node(there, lang),
            predicate,
            term_label(predicate, lang),
            forward,
        )


def centrality(
    store: Store, *, lang: str = "fi", limit: int = 25, kinds: Iterable[str] | None = None
) -> list[Ranked]:
    """Entities ranked by betweenness (who connects the ecosystem), with degree and PageRank.

    Computed on the entity graph without code-list concepts; betweenness is
    sampled (150 sources, fixed seed) on graphs larger than 600 nodes so it
    stays within seconds on national data. Cached with the snapshot, so only
    the first call after an ingest pays. ``kinds`` keeps only those kinds
    (e.g. organisations and programmes, leaving out lots and notices).
    """
    snap = snapshot(store)
    if snap._centrality is None:
        snap._centrality = _rank(snap)
    wanted = set(kinds) if kinds is not None else None
    found = []
    for row in snap._centrality:
        node = snap.node(row.node.iri, lang)
        if wanted is None or node.kind in wanted:
            found.append(Ranked(node, row.degree, row.betweenness, row.pagerank))
        if len(found) >= limit:
            break
    return found


def _rank(snap: Snapshot) -> list[Ranked]:
    simple = _path_graph(snap, ())
    if simple.number_of_nodes() == 0:
        return []
    k = 150 if simple.number_of_nodes() > 600 else None
    between = nx.betweenness_centrality(simple, k=k, seed=7 if k else None)
    rank = _pagerank(simple)
    degree = Counter(dict(simple.degree()))
    rows = [
        Ranked(Node(n, n), degree[n], round(between[n], 4), round(rank.get(n, 0.0), 4))
        for n in simple.nodes
    ]
    return sorted(rows, key=lambda r: (-r.betweenness, -r.degree, r.node.iri))


def _pagerank(graph: nx.Graph, damping: float = 0.85, rounds: int = 50) -> dict[str, float]:
    """PageRank of an undirected graph by power iteration.

    networkx's own ``pagerank`` needs scipy, which the project does not
    install; on a few thousand nodes fifty plain rounds converge well enough
    for a ranking.

    >>> ranks = _pagerank(nx.star_graph(3))
    >>> max(ranks, key=ranks.get), round(sum(ranks.values()), 6)
    (0, 1.0)
    """
    n = graph.number_of_nodes()
    if n == 0:
        return {}
    rank = dict.fromkeys(graph, 1.0 / n)
    degree = dict(graph.degree())
    for _ in range(rounds):
        dangling = sum(rank[v] for v in graph if degree[v] == 0)
        base = (1.0 - damping) / n + damping * dangling / n
        rank = {
            v: base + damping * sum(rank[u] / degree[u] for u in graph.neighbors(v)) for v in graph
        }
    return rank


# --------------------------------------------------------------------- lookup
def lookup(
    store: Store, text: str, *, kind: str | None = None, lang: str = "fi", limit: int = 20
) -> list[Node]:
    """Entities whose label contains ``text`` (case-insensitive), best first.

    A plain label scan over the cached snapshot, for pages to fall back on
    when the search index is not available: exact names first, then names
    starting with ``text``, then the rest; ``kind`` keeps one of :data:`KINDS`.

    >>> from graph.rdf import lit, triple
    >>> store = Store()
    >>> _ = store.replace_graph(GRAPH_BASE + "example", [
    ...     triple(ID_BASE + "org/fi/1", SKOS + "prefLabel", lit("Motiva Oy", lang="fi")),
    ...     triple(ID_BASE + "org/fi/2", SKOS + "prefLabel", lit("Oy Motivation Ab", lang="fi"))],
    ...     source="example", inputs=[])
    >>> [n.label for n in lookup(store, "motiva")]
    ['Motiva Oy', 'Oy Motivation Ab']
    """
    needle = text.strip().casefold()
    if not needle:
        return []
    snap = snapshot(store)
    scored: list[tuple[int, int, str]] = []
    for iri, labels in snap.labels.items():
        names = [name.casefold() for values in labels.values() for name in values]
        hits = [_match_rank(name, needle) for name in names if needle in name]
        if not hits:
            continue
        if kind and kind_of(iri, snap.types.get(iri, ())) != kind:
            continue
        scored.append((min(hits), len(snap.label(iri, lang)), iri))
    return [snap.node(iri, lang) for _, _, iri in sorted(scored)[:limit]]


def _match_rank(name: str, needle: str) -> int:
    return 0 if name == needle else 1 if name.startswith(needle) else 2


# ----------------------------------------------------------------- indicators
@dataclass(frozen=True)
class Series:
    """One indicator over time: ``points`` are (period, share in 0…1), oldest first."""

    indicator: str
    label: str
    flag: str
    method: str
    points: list[tuple[str, float]]
    target: float | None


_OBSERVATIONS = f"""
SELECT DISTINCT ?obs ?ind ?period ?share ?method ?flag ?target WHERE {{
  ?obs <{KEINO_NS}indicator> ?ind ; <{KEINO_NS}share> ?share .
  OPTIONAL {{ ?obs <http://purl.org/linked-data/sdmx/2009/dimension#refPeriod> ?period }}
  OPTIONAL {{ ?obs <{KEINO_NS}method> ?method }}
  OPTIONAL {{ ?obs <{KEINO_NS}flag> ?flag }}
  OPTIONAL {{ ?obs <{KEINO_NS}hasTarget>/<{KEINO_NS}targetValue> ?target }}
  FILTER NOT EXISTS {{ ?obs <{KEINO_NS}breakdown> ?b }}
}}"""


def indicator_series(store: Store, *, lang: str = "fi") -> list[Series]:
    """The national series of every indicator (observations without a breakdown).

    One series per indicator, flag (innovative, green, social) and method
    (computed from notices, or a survey); percentages stored as 10 rather
    than 0.10 are read as shares.

    >>> from graph.rdf import lit, triple
    >>> store, ind = Store(), ID_BASE + "indicator/innovative-share"
    >>> obs = [(ID_BASE + f"obs/{y}", str(y), v) for y, v in ((2019, "0.04"), (2018, "5"))]
    >>> _ = store.replace_graph(GRAPH_BASE + "indicators", [t for o, y, v in obs for t in (
    ...     triple(o, KEINO_NS + "indicator", ind), triple(o, KEINO_NS + "share", lit(v)),
    ...     triple(o, "http://purl.org/linked-data/sdmx/2009/dimension#refPeriod", lit(y)))],
    ...     source="example", inputs=[])
    >>> indicator_series(store)[0].points
    [('2018', 0.05), ('2019', 0.04)]
    """
    snap = snapshot(store)
    key = ("indicators", lang)
    found = snap._memo.get(key)
    if not isinstance(found, list):
        found = _series(store, snap, lang)
        snap.remember(key, found)
    return found


def _series(store: Store, snap: Snapshot, lang: str) -> list[Series]:
    grouped: dict[tuple[str, str, str], dict[str, float]] = defaultdict(dict)
    targets: dict[tuple[str, str], float] = {}
    for row in store.query(_OBSERVATIONS):
        ind = row["ind"].value
        method = snap.label(row["method"].value, lang) if row["method"] is not None else ""
        flag = term_label(row["flag"].value, lang) if row["flag"] is not None else ""
        period = _period(row["period"].value) if row["period"] is not None else "?"
        share = _as_share(row["share"].value)
        if share is not None:
            grouped[(ind, flag, method)][period] = share
        target = _as_share(row["target"].value) if row["target"] is not None else None
        if target is not None:
            targets[(ind, flag)] = target
    return [
        Series(ind, snap.label(ind, lang), flag, method, sorted(points.items()), targets.get(key))
        for (ind, flag, method), points in sorted(grouped.items())
        if (key := (ind, flag))
    ]


def _period(value: str) -> str:
    found = re.findall(r"\d{4}(?:-\d{2})?", value)
    return found[-1] if found else value


def _as_share(value: str) -> float | None:
    try:
        number = float(value)
    except ValueError:
        return None
    return number / 100 if number > 1 else number
