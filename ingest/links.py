"""One organisation per business ID across sources: ``owl:sameAs`` links with their method.

Notices, the company registry (``kg:companies``) and Business Finland's funding
(``kg:funding``) mint an organisation with a Finnish business ID on the same IRI
(:func:`graph.iris.org_iri`), so they are one node already. Curated bodies
(``kg:ecosystem``) are keyed by name, the register's municipalities
(``kg:registry``) by municipality number, and notice organisations without a
usable ID by name. This derived source links those to the node they are.

Rules (each link records its method and confidence on a ``keino:Reconciliation``
node, with the source it rests on):

- ``municipality-business-id`` (1.0): an organisation whose business ID is a
  municipality's (``data/companies/municipality-business-ids.csv``, from
  Statistics Finland and PRH) is that register municipality;
- ``same-name`` (0.9): a notice organisation and a curated or registered body with
  the same Finnish or untagged name, compared case- and space-insensitively, of
  at least two words (so a one-word alias such as "Motiva" never links a company
  that happens to share it);
- ``municipality-name`` (0.9): a notice organisation named "<X:n> kaupunki" or
  "<X:n> kunta" and a register municipality whose Finnish name is the lemma of
  X (simplemma: "Helsingin" → "Helsinki");
- ``registry-name-form``: a curated body or a Finnish notice organisation without
  a business ID, and an organisation with one (registry, funding, notices)
  whose name has the same core and company form (:func:`company_name`): 0.95
  when exactly one business ID has that name and form; 0.8 when one side names no
  form; 0.6 when several business IDs share the name. Only a match of at least
  :data:`THRESHOLD` is merged (``owl:sameAs``, and the body gets the business ID
  with the reconciliation saying where it came from); a weaker one is recorded
  as a ``keino:candidate`` for a person to confirm, never merged.

Both directions of ``owl:sameAs`` are written, so queries need no reasoner.
parse/map/load: :func:`find_links` and :func:`link_triples` are pure;
:func:`ingest` reads the names from the store and replaces ``kg:links``.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import cache
from pathlib import Path

from rdflib.namespace import DCTERMS, OWL, PROV

from graph.iris import (
    ID_BASE,
    ORG_BY_BUSINESS_ID,
    ORG_BY_FINNISH_NAME,
    entity_iri,
    graph_iri,
    normalise_business_id,
)
from graph.namespaces import KEINO
from graph.organisations import OrgName, organisation_names
from graph.rdf import Triple, a, lit, triple
from graph.resources import resource_dir
from graph.store import SourceFile, Store
from ingest.report import IngestReport

GRAPH = graph_iri("links")
CURATED = (graph_iri("ecosystem"), graph_iri("registry"))
ECOSYSTEM = graph_iri("ecosystem")
NOTICES = graph_iri("notices") + "/"
WITH_ID = (graph_iri("companies"), graph_iri("funding"))
BY_ID = ORG_BY_BUSINESS_ID
BY_FINNISH_NAME = ORG_BY_FINNISH_NAME
XSD_DECIMAL = "http://www.w3.org/2001/XMLSchema#decimal"
#: The lowest confidence at which a name match merges two nodes (owl:sameAs).
THRESHOLD = Decimal("0.9")
_MUNICIPAL = re.compile(r"^(\w+?)n (kaupunki|kunta)$", re.IGNORECASE)

#: Company-form words (fi, sv, en) → one key per form; "Oy Ab" is one form.
FORMS = {
    "oy": "oy", "osakeyhtiö": "oy", "ab": "oy", "aktiebolag": "oy", "ltd": "oy",
    "oyj": "oyj", "abp": "oyj", "plc": "oyj", "ky": "ky", "kb": "ky",
    "kommandiittiyhtiö": "ky", "ay": "ay", "öb": "ay", "avoin": None, "ry": "ry", "rf": "ry",
    "osk": "osk", "osuuskunta": "osk", "andelslag": "osk", "sr": "sr", "säätiö": "sr",
    "stiftelse": "sr", "tmi": "tmi", "toiminimi": "tmi",
}  # fmt: skip


@dataclass(frozen=True)
class Link:
    """``org`` is ``target`` (or, below the threshold, may be), by ``method`` on ``name``."""

    org: str
    target: str
    method: str
    confidence: Decimal
    name: str
    source: str  # the graph or file the match rests on
    business_id: str | None = None  # given to ``org`` by this link, if any

    @property
    def merged(self) -> bool:
        return self.confidence >= THRESHOLD


def name_key(name: str) -> str | None:
    """Comparable form of a name, or None when it is too short to link on.

    >>> name_key("  Hansel  OY "), name_key("Motiva")
    ('hansel oy', None)
    """
    words = re.sub(r"[^\w\s-]", " ", name.casefold()).split()
    return " ".join(words) if len(words) >= 2 else None


def company_name(name: str) -> tuple[str, str | None]:
    """A name's core and its company form, whichever end the form is written at.

    >>> company_name("Teknologian tutkimuskeskus VTT Oy")
    ('teknologian tutkimuskeskus vtt', 'oy')
    >>> company_name("Oy Syketec Ab"), company_name("Suomen Kuntaliitto ry")
    (('syketec', 'oy'), ('suomen kuntaliitto', 'ry'))
    >>> company_name("Oy Oy Ab")
    ('', 'oy')
    >>> company_name("Business Finland")
    ('business finland', None)
    """
    words = re.sub(r"[^\w\s]", " ", name.casefold()).split()
    form = None
    while words and FORMS.get(words[-1]):
        found = FORMS[words.pop()]
        form = form or found
    while words and FORMS.get(words[0]):
        found = FORMS[words.pop(0)]
        form = form or found
    return " ".join(words), form


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


def find_links(
    names: Iterable[OrgName],
    municipality_ids: Mapping[str, str] | None = None,
    municipality_source: str = "",
) -> list[Link]:
    """Pair organisations across sources (pure).

    ``municipality_ids`` maps a business ID to its municipality number;
    ``municipality_source`` is the IRI of the file that says so.
    """
    names = list(names)
    links: dict[tuple[str, str], Link] = {}
    for link in (
        *_municipality_id_links(names, municipality_ids or {}, municipality_source),
        *_notice_name_links(names),
        *_registry_name_links(names),
    ):
        links.setdefault((link.org, link.target), link)
    return sorted(links.values(), key=lambda link: (link.org, link.target))


def _municipality_id_links(
    names: list[OrgName], ids: Mapping[str, str], source: str
) -> Iterator[Link]:
    municipalities = {n.iri: n.name for n in names if "/municipality/" in n.iri}
    seen = set()
    for n in names:
        if not n.iri.startswith(BY_ID) or n.iri in seen:
            continue
        business_id = n.iri.removeprefix(BY_ID)
        target = entity_iri("municipality", ids.get(business_id, "")) if business_id in ids else ""
        if target in municipalities:
            seen.add(n.iri)
            yield Link(n.iri, target, "municipality-business-id", Decimal("1.0"),
                       municipalities[target], source)  # fmt: skip


def _notice_name_links(names: list[OrgName]) -> Iterator[Link]:
    by_name: dict[str, set[tuple[str, str]]] = defaultdict(set)
    municipalities: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for n in names:
        if n.graph in CURATED:
            if (key := name_key(n.name)) is not None:
                by_name[key].add((n.iri, n.graph))
            if "/municipality/" in n.iri:
                municipalities[n.name.casefold()].add((n.iri, n.graph))
    for n in names:
        if not n.graph.startswith(NOTICES):
            continue
        for curated, g in sorted(by_name.get(name_key(n.name) or "", ())):
            yield Link(n.iri, curated, "same-name", Decimal("0.9"), n.name, g)
        for curated, g in sorted(municipalities.get(municipality_key(n.name) or "", ())):
            yield Link(n.iri, curated, "municipality-name", Decimal("0.9"), n.name, g)


def _registry_name_links(names: list[OrgName]) -> Iterator[Link]:
    """Name-keyed curated bodies and Finnish notice organisations → business-ID nodes."""
    by_core: dict[str, dict[str | None, set[tuple[str, str]]]] = defaultdict(
        lambda: defaultdict(set)
    )
    for n in names:
        if n.iri.startswith(BY_ID) and (n.graph in WITH_ID or n.graph.startswith(NOTICES)):
            core, form = company_name(n.name)
            if core:
                by_core[core][form].add((n.iri, n.graph))
    best: dict[tuple[str, str], Link] = {}
    for n in names:
        named = n.graph == ECOSYSTEM or (
            n.graph.startswith(NOTICES) and n.iri.startswith(BY_FINNISH_NAME)
        )
        if not named or not n.iri.startswith(BY_FINNISH_NAME):
            continue
        core, form = company_name(n.name)
        if form is None and len(core.split()) < 2:
            continue  # a one-word alias ("Motiva") says too little even for a candidate
        for link in _name_form_matches(n, form, by_core.get(core, {})):
            known = best.get((link.org, link.target))
            if known is None or link.confidence > known.confidence:
                best[(link.org, link.target)] = link
    merged: dict[str, set[str]] = defaultdict(set)
    for link in best.values():
        if link.merged:
            merged[link.org].add(link.target)
    for link in best.values():
        if len(merged[link.org]) > 1:  # two names of one body, two business IDs: ask a person
            link = replace(link, confidence=Decimal("0.6"))
        yield link


def _name_form_matches(
    n: OrgName, form: str | None, forms: Mapping[str | None, set[tuple[str, str]]]
) -> Iterator[Link]:
    groups: tuple[tuple[set[tuple[str, str]], Decimal], ...]
    if form:
        groups = (
            (forms.get(form, set()), Decimal("0.95")),
            (forms.get(None, set()), Decimal("0.8")),
        )
    else:
        groups = ((set().union(*forms.values()), Decimal("0.8")),)
    for found, confidence in groups:
        ids = {iri for iri, _ in found}
        if len(ids) > 1:
            confidence = Decimal("0.6")  # several business IDs carry this name
        for iri, graph in sorted(found):
            yield Link(n.iri, iri, "registry-name-form", confidence, n.name, graph,
                       iri.removeprefix(BY_ID))  # fmt: skip


def link_triples(link: Link) -> Iterator[Triple]:
    """``owl:sameAs`` both ways (or ``keino:candidate`` below the threshold) and the
    reconciliation node saying how (pure)."""
    local = (link.org.removeprefix(ID_BASE), link.target.removeprefix(ID_BASE))
    node = entity_iri("link", *local)
    if link.merged:
        yield triple(link.org, OWL.sameAs, link.target)
        yield triple(link.target, OWL.sameAs, link.org)
        if link.business_id:
            yield triple(link.org, KEINO.businessId, lit(link.business_id))
    else:
        yield triple(node, KEINO.candidate, link.target)
    yield triple(link.org, KEINO.reconciliation, node)
    yield a(node, KEINO.Reconciliation)
    yield triple(node, KEINO.reconciliationMethod, lit(link.method))
    yield triple(node, KEINO.confidence, lit(str(link.confidence), datatype=XSD_DECIMAL))
    yield triple(node, KEINO.sourceName, lit(link.name))
    yield triple(node, PROV.wasDerivedFrom, link.source)


def municipality_ids_path() -> Path:
    """The bundled business IDs of Finland's municipalities."""
    return resource_dir("data") / "companies" / "municipality-business-ids.csv"


def read_municipality_ids(path: Path) -> dict[str, str]:
    """Business ID → municipality number (three digits) from ``number,name,business_id``."""
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    out: dict[str, str] = {}
    shared: set[str] = set()
    for row in rows:
        business_id = normalise_business_id(row.get("business_id") or "")
        if business_id and (row.get("number") or "").isdigit():
            number = row["number"].zfill(3)
            if out.setdefault(business_id, number) != number:
                shared.add(business_id)
    # One business ID given to two municipalities (e.g. Salo and Taivassalo in the
    # source) is an error in the file: such an ID links neither.
    return {bid: number for bid, number in out.items() if bid not in shared}


def ingest(store: Store, municipality_ids: Path | None = None) -> IngestReport:
    """Recompute ``kg:links`` from the organisations now in the store."""
    report = IngestReport("links", graph=GRAPH)
    path = municipality_ids or municipality_ids_path()
    document = entity_iri("document", path.stem)
    links = find_links(organisation_names(store), read_municipality_ids(path), document)
    triples = [triple(document, DCTERMS.title, lit(path.name))]
    triples += [t for link in links for t in link_triples(link)]
    for link in links:
        report.mapped(link.org)
    run = store.replace_graph(GRAPH, triples, source="links", inputs=[SourceFile.of(path)])
    report.triple_count, report.run_iri = run.triple_count, run.iri
    return report
