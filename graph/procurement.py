"""Procurement records read back from the graph: the contract between the notice
mapping (``ingest/notices/``) and its consumers (matchmaking, indicators).

Consumers work on :class:`LotRecord`; only this module knows the RDF shape of a
mapped notice, in ePO 4.2 terms: ``{notice}`` (epo:Notice and its kind), which
announces and refers to ``{notice}/procedure`` (BT-04 as dct:identifier, BT-105
procedure type, ``/term``) and ``{notice}/lot/{BT-137}`` (dcterms titles and
descriptions, ``/purpose`` CPV, ``/contract-term`` with contract nature and
places of performance ``/place/{NUTS}``, ``/estimated-value``, keino flags);
buyers and winners are roles ``{notice}/buyer|winner/{org}`` (epo:AgentInRole)
played by organisations reconciled across notices, each with its
``cv:registeredAddress``; ``{lot}/award-outcome`` (epo:concernsLot) names winners
and ``/awarded-value``, and ``{lot}/submissions`` summarises the tenders received
for that outcome. The notice
mapper builds its triples with the same ``*_triples`` helpers that
:func:`record_triples` uses, so a synthetic lot written here looks exactly like
a mapped one.

>>> from graph.store import Store
>>> rec = LotRecord(
...     lot="https://w3id.org/keino/id/notice/n1/lot/LOT-0001",
...     notice="https://w3id.org/keino/id/notice/n1",
...     published=dt.date(2024, 3, 1), titles={"fi": "Siivous"}, descriptions={},
...     cpv=("90910000",), nuts=("FI1B1",),
...     buyers=(OrgRef("https://w3id.org/keino/id/org/fi/0988084-1", "Hansel Oy",
...                    "0988084-1", "FI1B1", "cga"),),
...     estimated_value=1000.0, currency="EUR", flags={"green": True})
>>> store = Store()
>>> _ = store.replace_graph("https://w3id.org/keino/graph/t", record_triples(rec),
...                         source="t", inputs=[])
>>> list(lot_records(store)) == [rec]
True
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pyoxigraph as ox

from graph.iris import lot_iri as lot_iri  # re-exported beside the lot shape
from graph.iris import notice_iri as notice_iri
from graph.iris import role_iri
from graph.namespaces import CPV, DCTERMS, EPO, FOAF, KEINO, LOCN, M8G, NUTS, RETIRED_EPO_TERMS
from graph.rdf import Triple, lit

# A node IRI recurs in ~5-10 triples and predicates, classes and codes in every
# notice; a cache hit costs a tenth of checking and building the IRI again.
_node = functools.lru_cache(maxsize=1 << 16)(ox.NamedNode)


def triple(s: str, p: str, o: str | ox.Literal) -> Triple:
    """A triple from IRI strings (or a literal object), with cached named nodes."""
    return ox.Triple(_node(s), _node(p), _node(o) if isinstance(o, str) else o)


def a(s: str, cls: str) -> Triple:
    """``s rdf:type cls``."""
    return ox.Triple(_node(s), _RDF_TYPE, _node(cls))


code = triple  # objects that are code IRIs (CPV, NUTS, authority tables)


PROV_DERIVED = "http://www.w3.org/ns/prov#wasDerivedFrom"
PROV_PRIMARY_SOURCE = "http://www.w3.org/ns/prov#hadPrimarySource"
DCT = "http://purl.org/dc/terms/"
SKOS_PREF = "http://www.w3.org/2004/02/skos/core#prefLabel"
ORG_ORGANIZATION = "http://www.w3.org/ns/org#Organization"
AUTHORITY = "http://publications.europa.eu/resource/authority/"
NOTICE_KINDS = ("planning", "competition", "result", "other")
FLAG_NAMES = ("innovative", "green", "social", "lowCarbon", "circularEconomy")
_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_KIND_CLASS = {
    "planning": str(EPO.PlanningNotice),
    "competition": str(EPO.CompetitionNotice),
    "result": str(EPO.ResultNotice),
}


@dataclass(frozen=True)
class OrgRef:
    """An organisation as the graph knows it."""

    iri: str
    label: str
    business_id: str | None = None
    nuts: str | None = None  # NUTS code, e.g. "FI1B1"
    kind: str | None = None  # eForms buyer-legal-type code, e.g. "la" (local authority)


@dataclass(frozen=True)
class LotRecord:
    """One lot of one notice, with what matchmaking and indicators need.

    ``cpv`` holds the main classification first, then the additional ones
    (8-digit codes). ``flags`` maps ``innovative``/``green``/``social`` (and Hilma
    statistics such as ``lowCarbon``) to True/False; a flag that the notice does
    not state is absent, not False. ``winners`` is empty for an open lot.
    """

    lot: str  # lot IRI
    notice: str  # notice IRI
    published: dt.date | None
    titles: dict[str, str]  # language → title
    descriptions: dict[str, str]  # language → description
    cpv: tuple[str, ...]
    nuts: tuple[str, ...]  # place of performance
    buyers: tuple[OrgRef, ...]
    winners: tuple[OrgRef, ...] = ()
    estimated_value: float | None = None
    awarded_value: float | None = None
    currency: str | None = None
    tenders_received: int | None = None
    notice_kind: str = "competition"  # planning | competition | result | other
    flags: dict[str, bool] = field(default_factory=dict)
    contract_nature: str | None = None  # BT-23 code: works | supplies | services

    @property
    def text(self) -> str:
        """Titles and descriptions in every language, for text matching."""
        return " ".join([*self.titles.values(), *self.descriptions.values()])


# --------------------------------------------------------------------- IRIs
def authority_iri(table: str, code: str) -> str:
    """IRI of a code in an EU authority table (``currency``, ``language`` …).

    >>> authority_iri("currency", "EUR")
    'http://publications.europa.eu/resource/authority/currency/EUR'
    """
    return f"{AUTHORITY}{table}/{code}"


def address_iri(org: str, parts: Iterable[str | None]) -> str:
    """IRI of one address an organisation states: ``{org}/address/{digest}``.

    The digest (12 hex digits of SHA-256) is of the address fields, so the same
    address from two notices is one node and a different one is another.

    >>> address_iri("https://w3id.org/keino/id/org/fi/0988084-1", ["FI1B1", "FIN"])
    'https://w3id.org/keino/id/org/fi/0988084-1/address/1adbe4c4e0a5'
    """
    key = "\x1f".join(p or "" for p in parts)
    return f"{org}/address/{hashlib.sha256(key.encode()).hexdigest()[:12]}"


# ------------------------------------------------------------ shape builders
def notice_triples(
    notice: str,
    *,
    kind: str,
    published: dt.date | None,
    notice_type: str | None = None,
    language: str | None = None,
    identifier: str | None = None,
    procedure_id: str | None = None,
    procedure_titles: dict[str, str] | None = None,
    procedure_type: str | None = None,
    source: str | None = None,
    notice_format: str | None = None,
) -> list[Triple]:
    """The notice node and the procedure it announces (``{notice}/procedure``).

    ``procedure_id`` is eForms BT-04 (what :func:`open_needs` joins result
    notices on); ``procedure_type`` a procurement-procedure-type code (BT-105,
    ``open`` …); ``source`` is the IRI of the source file entity
    (``prov:hadPrimarySource``), the same one the ingest run records;
    ``notice_format`` the source format (``eforms``, ``ted-xml``: ``keino:noticeFormat``,
    the method the indicators count the notice's lots by). The
    procedure's ``/term`` (epo:ProcedureTerm) is the node its notice's
    conditions hang on; ePO requires every procedure to have one.
    """
    procedure, term = notice + "/procedure", notice + "/procedure/term"
    out = [a(notice, EPO.Notice), a(procedure, EPO.Procedure), a(term, EPO.ProcedureTerm)]
    out += [a(term, EPO.ProcedureSpecificTerm)]  # stated: the shapes check without inference
    out += [triple(procedure, EPO.isSubjectToProcedureSpecificTerm, term)]
    out += [triple(term, PROV_DERIVED, notice)]
    if procedure_id:
        out.append(triple(procedure, DCT + "identifier", lit(procedure_id)))
    if procedure_type:
        out.append(
            code(
                procedure,
                EPO.hasProcedureType,
                authority_iri("procurement-procedure-type", procedure_type),
            )
        )
    for lang, title in (procedure_titles or {}).items():
        out.append(triple(procedure, DCTERMS.title, lit(title, lang=lang)))
    if source:
        out.append(triple(notice, PROV_PRIMARY_SOURCE, source))
    if notice_format:
        out.append(triple(notice, KEINO.noticeFormat, lit(notice_format)))
    if kind in _KIND_CLASS:
        out.append(a(notice, _KIND_CLASS[kind]))
    if published:
        out.append(triple(notice, EPO.hasPublicationDate, lit(published)))
    if notice_type:
        out.append(code(notice, EPO.hasNoticeType, authority_iri("notice-type", notice_type)))
    if language:
        out.append(code(notice, EPO.hasOfficialLanguage, authority_iri("language", language)))
    if identifier:
        out.append(triple(notice, DCT + "identifier", lit(identifier)))
    out.append(triple(notice, EPO.refersToProcedure, procedure))
    out.append(triple(notice, EPO.announcesProcedure, procedure))
    out.append(triple(procedure, PROV_DERIVED, notice))
    return out


def org_triples(
    org: OrgRef,
    *,
    country: str | None = None,
    lang: str | None = None,
    city: str | None = None,
    postcode: str | None = None,
    street: str | None = None,
    size: str | None = None,
    national_id: str | None = None,
) -> list[Triple]:
    """An organisation: type, legal name, label, business ID, address and size.

    The address (``cv:registeredAddress``, a ``locn:Address``) lives at
    ``{org}/address/{digest}``, one node per distinct address, since notices
    may state different ones for the same organisation; ``country`` is an
    ISO 3166 alpha-3 code as eForms gives it (``FIN``); ``size`` is an eForms
    economic-operator-size code (``sme``, ``large`` …, BT-165); ``national_id`` is
    the organisation's ID as the notice writes it, kept when it differs from the
    normalised Finnish business ID (``keino:businessId``).
    """
    out = [a(org.iri, ORG_ORGANIZATION), a(org.iri, FOAF.Agent)]  # a role is played by an agent
    out.append(triple(org.iri, EPO.hasLegalName, lit(org.label)))
    out.append(triple(org.iri, SKOS_PREF, lit(org.label, lang=lang)))
    if org.business_id:
        out.append(triple(org.iri, KEINO.businessId, lit(org.business_id)))
    if national_id and national_id != org.business_id:  # as written (BT-501), any country
        out.append(triple(org.iri, DCT + "identifier", lit(national_id)))
    if size:
        out.append(
            code(org.iri, EPO.hasBusinessSize, authority_iri("economic-operator-size", size))
        )
    if org.nuts or country or city or postcode or street:
        address = address_iri(org.iri, (org.nuts, country, city, postcode, street))
        out += [triple(org.iri, M8G.registeredAddress, address), a(address, LOCN.Address)]
        if org.nuts:
            out.append(code(address, EPO.hasNutsCode, NUTS[org.nuts]))
        if country:
            out.append(code(address, EPO.hasCountryCode, authority_iri("country", country)))
        for prop, value in (("postName", city), ("postCode", postcode), ("thoroughfare", street)):
            if value:
                out.append(triple(address, LOCN[prop], lit(value)))
    return out


def buyer_triples(notice: str, org: OrgRef, *, main_activity: str | None = None) -> list[Triple]:
    """The buyer role of ``org`` in ``notice`` (``epo:Buyer``), with legal type and activity."""
    role = role_iri(notice, "buyer", org.iri)
    out = [
        a(role, EPO.Buyer),
        a(role, EPO.AgentInRole),
        triple(role, EPO.playedBy, org.iri),
        triple(notice, EPO.refersToRole, role),
        triple(notice, EPO.announcesRole, role),
        triple(role, PROV_DERIVED, notice),
    ]
    if org.kind:
        out.append(code(role, EPO.hasBuyerLegalType, authority_iri("buyer-legal-type", org.kind)))
    if main_activity:
        out.append(code(role, EPO.hasMainActivity, authority_iri("main-activity", main_activity)))
    return out


def reconciliation_triples(
    notice: str, org: str, *, method: str, confidence: float, source_name: str
) -> list[Triple]:
    """How ``org`` was recognised in ``notice``: method, confidence, the name as given."""
    rec = role_iri(notice, "reconciliation", org)
    return [
        a(rec, KEINO.Reconciliation),
        triple(org, KEINO.reconciliation, rec),
        triple(rec, KEINO.reconciliationMethod, lit(method)),
        triple(rec, KEINO.confidence, lit(Decimal(str(confidence)))),
        triple(rec, KEINO.sourceName, lit(source_name)),
        triple(rec, PROV_DERIVED, notice),
    ]


def money_triples(node: str, amount: float, currency: str | None, notice: str) -> list[Triple]:
    """An ``epo:MonetaryValue`` node with amount (xsd:decimal) and currency."""
    out = [
        a(node, EPO.MonetaryValue),
        triple(node, EPO.hasAmountValue, lit(Decimal(repr(float(amount))))),
        triple(node, PROV_DERIVED, notice),
    ]
    if currency:
        out.append(code(node, EPO.hasCurrency, authority_iri("currency", currency)))
    return out


def lot_triples(record: LotRecord, *, lot_id: str | None = None) -> list[Triple]:
    """The lot node: id (BT-137), titles, descriptions, CPV (purpose), NUTS (contract
    term), estimated value, flags. ``lot_id`` defaults to the last step of the lot IRI."""
    lot, notice = record.lot, record.notice
    out = [
        a(lot, EPO.Lot),
        triple(lot, DCT + "identifier", lit(lot_id or lot.rsplit("/", 1)[-1])),
        triple(notice, EPO.refersToLot, lot),
        triple(notice, EPO.announcesLot, lot),
        triple(notice + "/procedure", EPO.hasProcurementScopeDividedIntoLot, lot),
        triple(lot, PROV_DERIVED, notice),
    ]
    out += [triple(lot, DCTERMS.title, lit(t, lang=lang)) for lang, t in record.titles.items()]
    out += [
        triple(lot, DCTERMS.description, lit(d, lang=g)) for g, d in record.descriptions.items()
    ]
    if record.cpv:
        purpose = lot + "/purpose"
        out += [triple(lot, EPO.hasPurpose, purpose), a(purpose, EPO.Purpose)]
        out.append(code(purpose, EPO.hasMainClassification, CPV[record.cpv[0]]))
        out += [code(purpose, EPO.hasAdditionalClassification, CPV[c]) for c in record.cpv[1:]]
    if record.nuts or record.contract_nature:
        term = lot + "/contract-term"
        out += [triple(lot, EPO.foreseesContractSpecificTerm, term), a(term, EPO.ContractTerm)]
        out.append(triple(term, PROV_DERIVED, notice))
        if record.contract_nature:
            nature = authority_iri("contract-nature", record.contract_nature)
            out.append(code(term, EPO.hasContractNatureType, nature))
        for n in record.nuts:  # one dct:Location per NUTS code (ePO: at most one each)
            place = f"{term}/place/{n}"
            out += [triple(term, EPO.definesSpecificPlaceOfPerformance, place)]
            out += [a(place, DCTERMS.Location), code(place, EPO.hasNutsCode, NUTS[n])]
    if record.estimated_value is not None:
        value = lot + "/estimated-value"
        out.append(triple(lot, EPO.hasEstimatedValue, value))
        out += money_triples(value, record.estimated_value, record.currency, notice)
    out += [triple(lot, KEINO[name], lit(v)) for name, v in record.flags.items()]
    return out


def award_triples(record: LotRecord) -> list[Triple]:
    """Result of a lot: ``epo:LotAwardOutcome`` with winners, awarded value, and the
    ``epo:SubmissionStatisticalInformation`` (tenders received) that summarises it."""
    lot, notice = record.lot, record.notice
    out: list[Triple] = []
    outcome = lot + "/award-outcome"
    if record.winners or record.awarded_value is not None or record.tenders_received is not None:
        out += [a(outcome, EPO.LotAwardOutcome), a(outcome, EPO.AwardOutcome)]
        out += [triple(outcome, EPO.concernsLot, lot)]
        out.append(triple(outcome, PROV_DERIVED, notice))
        for org in record.winners:
            role = role_iri(notice, "winner", org.iri)
            out += [a(role, EPO.Winner), a(role, EPO.AgentInRole)]
            out += [triple(role, EPO.playedBy, org.iri)]
            out += [triple(outcome, EPO.indicatesAwardToWinner, role)]
            out += [triple(notice, EPO.announcesRole, role), triple(role, PROV_DERIVED, notice)]
        if record.awarded_value is not None:
            value = lot + "/awarded-value"
            out.append(triple(outcome, EPO.hasAwardedValue, value))
            out += money_triples(value, record.awarded_value, record.currency, notice)
    if record.tenders_received is not None:
        stats = lot + "/submissions"
        out += [a(stats, EPO.SubmissionStatisticalInformation)]
        out.append(triple(stats, EPO.summarisesInformationForAwardOutcome, outcome))
        out.append(triple(stats, EPO.hasReceivedTenders, lit(record.tenders_received)))
        out.append(triple(stats, PROV_DERIVED, notice))
    return out


def record_triples(record: LotRecord) -> list[Triple]:
    """Write one :class:`LotRecord` in exactly the shape the notice mapper produces.

    Organisations are reconciled by business ID when given (confidence 1.0),
    else by name (0.8); the record's organisation IRIs are used as they are.
    """
    if record.notice_kind not in NOTICE_KINDS:
        raise ValueError(f"notice_kind {record.notice_kind!r} not in {NOTICE_KINDS}")
    out = notice_triples(record.notice, kind=record.notice_kind, published=record.published)
    out += lot_triples(record)
    for org in record.buyers:
        out += org_triples(org) + buyer_triples(record.notice, org)
    for org in record.winners:
        out += org_triples(org)
    for org in (*record.buyers, *record.winners):
        method, confidence = ("business-id", 1.0) if org.business_id else ("name-country", 0.8)
        out += reconciliation_triples(
            record.notice, org.iri, method=method, confidence=confidence, source_name=org.label
        )
    out += award_triples(record)
    return out


def to_ntriples(triples: Iterable[Triple]) -> bytes:
    """Triples as N-Triples bytes: how notice workers hand mapped triples to the loader.

    >>> to_ntriples([triple("http://x/a", DCTERMS.title, lit("Siivous", lang="fi"))])
    b'<http://x/a> <http://purl.org/dc/terms/title> "Siivous"@fi .\\n'
    """
    return ox.serialize(triples, None, ox.RdfFormat.N_TRIPLES) or b""


def from_ntriples(data: bytes) -> Iterator[Triple]:
    """The triples of N-Triples bytes (parsed in Rust, no Python term factory).

    >>> t = triple("http://x/a", DCTERMS.title, lit("Siivous", lang="fi"))
    >>> list(from_ntriples(to_ntriples([t]))) == [t]
    True
    """
    for quad in ox.parse(data, ox.RdfFormat.N_TRIPLES):
        yield quad.triple


# --------------------------------------------------------------------- read
_P = (
    "PREFIX epo: <http://data.europa.eu/a4g/ontology#>\n"
    "PREFIX keino: <https://w3id.org/keino/ontology#>\n"
    "PREFIX dct: <http://purl.org/dc/terms/>\n"
    "PREFIX cv: <http://data.europa.eu/m8g/>\n"
)
_Q_LOTS = (
    _P
    + """SELECT ?lot ?notice ?class ?published WHERE {
  ?notice epo:refersToLot ?lot . ?lot a epo:Lot .
  OPTIONAL { ?notice a ?class . FILTER(?class IN (epo:PlanningNotice, epo:CompetitionNotice,
                                                  epo:ResultNotice)) }
  OPTIONAL { ?notice epo:hasPublicationDate ?published }
}"""
)
_Q_TEXT = (
    _P
    + """SELECT ?lot ?p ?text WHERE {
  ?lot a epo:Lot . VALUES ?p { dct:title dct:description } ?lot ?p ?text }"""
)
_Q_CPV = (
    _P
    + """SELECT ?lot ?p ?cpv WHERE {
  ?lot epo:hasPurpose ?purpose .
  VALUES ?p { epo:hasMainClassification epo:hasAdditionalClassification } ?purpose ?p ?cpv }"""
)
_Q_NUTS = (
    _P
    + """SELECT ?lot ?nuts WHERE {
  ?lot epo:foreseesContractSpecificTerm/epo:definesSpecificPlaceOfPerformance ?place .
  ?place epo:hasNutsCode ?nuts }"""
)
_Q_NATURE = (
    _P
    + """SELECT ?lot ?nature WHERE {
  ?lot epo:foreseesContractSpecificTerm/epo:hasContractNatureType ?nature }"""
)
# The amount is read inside each branch: joined after the UNION, Oxigraph paired every
# value node with every branch row (1,500 lots: 100 s instead of 0.15 s).
_Q_VALUES = (
    _P
    + """SELECT ?lot ?which ?amount ?currency WHERE {
  { ?lot epo:hasEstimatedValue ?v . ?v epo:hasAmountValue ?amount
    BIND("estimated" AS ?which) OPTIONAL { ?v epo:hasCurrency ?currency } }
  UNION
  { ?o epo:concernsLot ?lot ; epo:hasAwardedValue ?v . ?v epo:hasAmountValue ?amount
    BIND("awarded" AS ?which) OPTIONAL { ?v epo:hasCurrency ?currency } } }"""
)
_Q_TENDERS = (
    _P
    + """SELECT ?lot ?n WHERE {
  ?s epo:summarisesInformationForAwardOutcome/epo:concernsLot ?lot ; epo:hasReceivedTenders ?n }"""
)
_Q_FLAGS = (
    _P
    + """SELECT ?lot ?p ?v WHERE { ?lot a epo:Lot .
  VALUES ?p { keino:innovative keino:green keino:social keino:lowCarbon keino:circularEconomy }
  ?lot ?p ?v }"""
)
_Q_BUYERS = (
    _P
    + """SELECT ?notice ?org ?kind WHERE {
  ?notice epo:refersToRole ?role . ?role a epo:Buyer ; epo:playedBy ?org .
  OPTIONAL { ?role epo:hasBuyerLegalType ?kind } }"""
)
_Q_WINNERS = (
    _P
    + """SELECT ?lot ?org WHERE {
  ?o epo:concernsLot ?lot ; epo:indicatesAwardToWinner ?role . ?role epo:playedBy ?org }"""
)
# Each attribute is its own group: an organisation named in k batch graphs has k copies
# of its name, ID, address and NUTS code in the default graph (their union), and three
# OPTIONALs side by side multiplied them (k⁴ rows per organisation: 55 s for 3,000
# notices in 120 batches, 0.3 s now, the same rows).
# An organisation's NUTS codes through its registered addresses, each hop distinct
# first (also the search index's, graph.search.REGIONS); needs the cv: and epo: prefixes.
ORG_NUTS = """{ SELECT DISTINCT ?org ?nuts WHERE {
      { SELECT DISTINCT ?org ?address WHERE { ?org cv:registeredAddress ?address } }
      { SELECT DISTINCT ?address ?nuts WHERE { ?address epo:hasNutsCode ?nuts } } } }"""
_Q_ORGS = (
    _P
    + """SELECT ?org ?label ?business_id ?region WHERE {
  { SELECT DISTINCT ?org WHERE { ?role epo:playedBy ?org } }
  OPTIONAL { SELECT ?org (MIN(?name) AS ?label) WHERE { ?org epo:hasLegalName ?name }
             GROUP BY ?org }
  OPTIONAL { SELECT ?org (MIN(?bid) AS ?business_id) WHERE { ?org keino:businessId ?bid }
             GROUP BY ?org }
  OPTIONAL { SELECT ?org (MIN(?nuts) AS ?region) WHERE { """
    + ORG_NUTS
    + """ } GROUP BY ?org }
}"""
)


def _rows(store: Any, sparql: str) -> Iterator[list[Any]]:
    """The solutions of a SELECT as lists of terms (None when unbound)."""
    solutions = store.query(sparql)
    width = len(solutions.variables)
    for solution in solutions:
        yield [solution[i] for i in range(width)]


def _tail(term: ox.NamedNode) -> str:
    return term.value.rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def _kind_of(classes: Iterable[str]) -> str:
    for kind, cls in _KIND_CLASS.items():
        if cls in classes:
            return kind
    return "other"


@dataclass
class _Draft:
    notice: str
    classes: set[str] = field(default_factory=set)
    published: dt.date | None = None
    titles: dict[str, str] = field(default_factory=dict)
    descriptions: dict[str, str] = field(default_factory=dict)
    main_cpv: list[str] = field(default_factory=list)
    more_cpv: set[str] = field(default_factory=set)
    nuts: set[str] = field(default_factory=set)
    values: dict[str, tuple[float, str | None]] = field(default_factory=dict)
    tenders: int | None = None
    flags: dict[str, bool] = field(default_factory=dict)
    winners: set[str] = field(default_factory=set)
    nature: str | None = None


def _read_lots(store: Any) -> dict[str, _Draft]:
    drafts: dict[str, _Draft] = {}
    for lot, notice, cls, published in _rows(store, _Q_LOTS):
        draft = drafts.setdefault(lot.value, _Draft(notice.value))
        if cls is not None:
            draft.classes.add(cls.value)
        if published is not None and draft.published is None:
            draft.published = dt.date.fromisoformat(published.value[:10])
    return drafts


def _read_details(store: Any, drafts: dict[str, _Draft]) -> None:
    """Fill titles, CPV, NUTS, values, flags, tenders and winners (one query each)."""
    for lot, p, text in _rows(store, _Q_TEXT):
        if (d := drafts.get(lot.value)) is not None:
            target = d.titles if p.value == str(DCTERMS.title) else d.descriptions
            target.setdefault(text.language or "", text.value)
    for lot, p, cpv in _rows(store, _Q_CPV):
        if (d := drafts.get(lot.value)) is not None:
            main = p.value == str(EPO.hasMainClassification)
            (d.main_cpv.append if main else d.more_cpv.add)(_tail(cpv))
    for lot, nuts in _rows(store, _Q_NUTS):
        if (d := drafts.get(lot.value)) is not None:
            d.nuts.add(_tail(nuts))
    for lot, nature in _rows(store, _Q_NATURE):
        if (d := drafts.get(lot.value)) is not None:
            d.nature = _tail(nature)
    for lot, which, amount, currency in _rows(store, _Q_VALUES):
        if (d := drafts.get(lot.value)) is not None:
            d.values[which.value] = (float(amount.value), _tail(currency) if currency else None)
    for lot, n in _rows(store, _Q_TENDERS):
        if (d := drafts.get(lot.value)) is not None:
            d.tenders = int(n.value)
    for lot, p, v in _rows(store, _Q_FLAGS):
        if (d := drafts.get(lot.value)) is not None:
            d.flags[_tail(p)] = v.value in ("true", "1")
    for lot, org in _rows(store, _Q_WINNERS):
        if (d := drafts.get(lot.value)) is not None:
            d.winners.add(org.value)


def _read_orgs(store: Any) -> tuple[dict[str, OrgRef], dict[str, list[tuple[str, str | None]]]]:
    """Every organisation in a role, and the buyers (org, legal type) of each notice."""
    orgs: dict[str, OrgRef] = {}
    for org, label, bid, nuts in _rows(store, _Q_ORGS):
        orgs[org.value] = OrgRef(
            org.value,
            label.value if label is not None else _tail(org),
            bid.value if bid is not None else None,
            _tail(nuts) if nuts is not None else None,
        )
    buyers: dict[str, list[tuple[str, str | None]]] = defaultdict(list)
    for notice, org, kind in _rows(store, _Q_BUYERS):
        entry = (org.value, _tail(kind) if kind is not None else None)
        if entry not in buyers[notice.value]:
            buyers[notice.value].append(entry)
    return orgs, buyers


def _record(
    lot: str,
    d: _Draft,
    orgs: dict[str, OrgRef],
    buyers: dict[str, list[tuple[str, str | None]]],
) -> LotRecord:
    def ref(iri: str, kind: str | None = None) -> OrgRef:
        base = orgs.get(iri) or OrgRef(iri, _tail(ox.NamedNode(iri)))
        return OrgRef(base.iri, base.label, base.business_id, base.nuts, kind)

    main = sorted(d.main_cpv)[:1]
    estimated, awarded = d.values.get("estimated"), d.values.get("awarded")
    return LotRecord(
        lot=lot,
        notice=d.notice,
        published=d.published,
        titles=dict(sorted(d.titles.items())),
        descriptions=dict(sorted(d.descriptions.items())),
        cpv=tuple(main + sorted(d.more_cpv - set(main))),
        nuts=tuple(sorted(d.nuts)),
        buyers=tuple(sorted((ref(o, k) for o, k in buyers.get(d.notice, [])), key=_org_key)),
        winners=tuple(sorted((ref(o) for o in d.winners), key=_org_key)),
        estimated_value=estimated[0] if estimated else None,
        awarded_value=awarded[0] if awarded else None,
        currency=(estimated or awarded or (0.0, None))[1],
        tenders_received=d.tenders,
        notice_kind=_kind_of(d.classes),
        flags=dict(sorted(d.flags.items())),
        contract_nature=d.nature,
    )


def _org_key(org: OrgRef) -> str:
    return org.iri


def lot_records(store: Any, *, kinds: Iterable[str] | None = None) -> Iterator[LotRecord]:
    """Every lot in the store as a :class:`LotRecord`, sorted by lot IRI.

    ``kinds`` keeps only lots of those notice kinds (``planning``,
    ``competition``, ``result``, ``other``). A fixed handful of SELECTs is run
    and joined here, so reading 100,000 lots takes seconds, not one query per lot.
    Titles, CPV, NUTS, buyers and winners come back sorted (main CPV first).
    """
    wanted = set(kinds) if kinds is not None else None
    drafts = _read_lots(store)
    if wanted is not None:
        drafts = {k: d for k, d in drafts.items() if _kind_of(d.classes) in wanted}
    if not drafts:
        return
    _read_details(store, drafts)
    orgs, buyers = _read_orgs(store)
    for lot in sorted(drafts):
        yield _record(lot, drafts[lot], orgs, buyers)


def retired_terms_in(store: Any) -> list[str]:
    """The ePO 4.0 terms (:data:`graph.namespaces.RETIRED_EPO_TERMS`) the store still
    holds, as predicates or classes: notices mapped before the move to ePO 4.2.

    >>> from graph.store import Store
    >>> retired_terms_in(Store())
    []
    """
    found = []
    for old in RETIRED_EPO_TERMS:
        if next(store.pairs(old), None) is not None or next(
            store.pairs(str(_RDF_TYPE.value), old), None
        ):
            found.append(old)
    return found


_Q_PROCEDURE_LOTS = (
    _P
    + """PREFIX dct: <http://purl.org/dc/terms/>
SELECT ?lot ?procedure_id ?lot_id WHERE {
  ?notice epo:refersToLot ?lot ; epo:refersToProcedure ?p .
  ?p dct:identifier ?procedure_id . ?lot dct:identifier ?lot_id }"""
)


def open_needs(store: Any) -> Iterator[LotRecord]:
    """Lots of planning and competition notices that no result notice has awarded yet.

    A lot counts as awarded when a result notice of the same procedure (eForms
    BT-04) awards a lot with the same lot id (BT-137) to a winner.
    """
    awarded: set[tuple[str, str]] = set()
    keys: dict[str, tuple[str, str]] = {}
    for lot, procedure_id, lot_id in _rows(store, _Q_PROCEDURE_LOTS):
        keys[lot.value] = (procedure_id.value, lot_id.value)
    for record in lot_records(store, kinds=("result",)):
        if record.winners and record.lot in keys:
            awarded.add(keys[record.lot])
    for record in lot_records(store, kinds=("planning", "competition")):
        if keys.get(record.lot) not in awarded:
            yield record
