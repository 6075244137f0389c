"""The same organisation across sources: ``owl:sameAs`` links with their method.

Curated bodies (``kg:ecosystem``), the public bodies register (``kg:registry``)
and the buyers and winners of notices (``kg:notices/…``) are minted from
different keys: the seeds give names, the register official codes, notices
business IDs. This derived source links a notice's organisation to the curated
or registered body it is, so a researcher can go from a KEINO consortium member
to the notices it published, or from a city's notices to its region.

Rules (strongest first; each link records its method and confidence on a
``keino:Reconciliation`` node, as the notice mapper does):

- ``same-name`` (0.9): the same Finnish or untagged name, compared case- and
  space-insensitively, of at least two words (so a one-word alias such as
  "Motiva" never links a company that happens to share it);
- ``municipality-name`` (0.85): a notice organisation named "<X:n> kaupunki" or
  "<X:n> kunta" and a register municipality whose Finnish name is the lemma of
  X (simplemma: "Helsingin" → "Helsinki").

Both directions of ``owl:sameAs`` are written, so queries need no reasoner.
parse/map/load: :func:`link_triples` is pure; :func:`ingest` reads the names
from the store and replaces ``kg:links``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from rdflib.namespace import OWL, PROV

from graph.iris import ID_BASE, entity_iri, graph_iri
from graph.namespaces import KEINO
from graph.organisations import OrgName, organisation_names
from graph.rdf import Triple, a, lit, triple
from graph.store import Store
from ingest.report import IngestReport

GRAPH = graph_iri("links")
CURATED = (graph_iri("ecosystem"), graph_iri("registry"))
NOTICES = graph_iri("notices") + "/"
XSD_DECIMAL = "http://www.w3.org/2001/XMLSchema#decimal"
_MUNICIPAL = re.compile(r"^(\w+?)n (kaupunki|kunta)$", re.IGNORECASE)


@dataclass(frozen=True)
class Link:
    """``notice_org`` is ``curated``, found by ``method`` on ``name``."""

    notice_org: str
    curated: str
    method: str
    confidence: Decimal
    name: str
    curated_graph: str


def name_key(name: str) -> str | None:
    """Comparable form of a name, or None when it is too short to link on.

    >>> name_key("  Hansel  OY "), name_key("Motiva")
    ('hansel oy', None)
    """
    words = re.sub(r"[^\w\s-]", " ", name.casefold()).split()
    return " ".join(words) if len(words) >= 2 else None


@cache
def _lemma(word: str) -> str:
    import simplemma

    return str(simplemma.lemmatize(word, lang="fi"))


def municipality_key(name: str) -> str | None:
    """The municipality a "<genitive> kaupunki|kunta" name refers to, casefolded.

    >>> municipality_key("Salon kaupunki"), municipality_key("Helsingin kaupunki")
    ('salo', 'helsinki')
    >>> municipality_key("Helsingin kaupungin sosiaali- ja terveystoimiala") is None
    True
    """
    match = _MUNICIPAL.match(name.strip())
    return _lemma(match.group(1) + "n").casefold() if match else None


def find_links(names: Iterable[OrgName]) -> list[Link]:
    """Pair notice organisations with curated or registered bodies (pure)."""
    by_name: dict[str, set[tuple[str, str]]] = defaultdict(set)
    municipalities: dict[str, set[tuple[str, str]]] = defaultdict(set)
    notice_names: list[OrgName] = []
    for n in names:
        if n.graph.startswith(NOTICES):
            notice_names.append(n)
        elif n.graph in CURATED:
            if (key := name_key(n.name)) is not None:
                by_name[key].add((n.iri, n.graph))
            if "/municipality/" in n.iri:
                municipalities[n.name.casefold()].add((n.iri, n.graph))
    links = {}
    for n in notice_names:
        for curated, g in by_name.get(name_key(n.name) or "", ()):
            links[(n.iri, curated)] = Link(n.iri, curated, "same-name", Decimal("0.9"), n.name, g)
        for curated, g in municipalities.get(municipality_key(n.name) or "", ()):
            if (n.iri, curated) not in links:
                links[(n.iri, curated)] = Link(
                    n.iri, curated, "municipality-name", Decimal("0.85"), n.name, g
                )
    return sorted(links.values(), key=lambda link: (link.notice_org, link.curated))


def link_triples(link: Link) -> Iterator[Triple]:
    """``owl:sameAs`` both ways and the reconciliation node saying how (pure)."""
    local = (link.notice_org.removeprefix(ID_BASE), link.curated.removeprefix(ID_BASE))
    node = entity_iri("link", *local)
    yield triple(link.notice_org, OWL.sameAs, link.curated)
    yield triple(link.curated, OWL.sameAs, link.notice_org)
    yield triple(link.notice_org, KEINO.reconciliation, node)
    yield a(node, KEINO.Reconciliation)
    yield triple(node, KEINO.reconciliationMethod, lit(link.method))
    yield triple(node, KEINO.confidence, lit(str(link.confidence), datatype=XSD_DECIMAL))
    yield triple(node, KEINO.sourceName, lit(link.name))
    yield triple(node, PROV.wasDerivedFrom, link.curated_graph)


def ingest(store: Store) -> IngestReport:
    """Recompute ``kg:links`` from the organisations now in the store."""
    report = IngestReport("links", graph=GRAPH)
    links = find_links(organisation_names(store))
    triples = [t for link in links for t in link_triples(link)]
    for link in links:
        report.mapped(link.notice_org)
    run = store.replace_graph(GRAPH, triples, source="links", inputs=[])
    report.triple_count, report.run_iri = run.triple_count, run.iri
    return report
