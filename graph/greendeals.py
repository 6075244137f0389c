"""Green deals as a page shows them: parties on a timeline, goals, sources, and the
share of flagged lots the signatories bought beside the national series.

Reads ``kg:ecosystem`` (the curated deals and their ``keino:GreenDealParty`` nodes,
``ingest/ecosystem.py``), the notices and ``kg:links``. A signatory's notices are
those whose buyer is the party itself or the organisation it is linked to at ingest
(``owl:sameAs``: kg:links, a curated ``business_id``), as in the named query
``green-deal-signatories-green-share``; names are not compared here.

>>> from graph.store import Store
>>> green_deals(Store())
[]
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from graph.rdf import iri, lit
from graph.store import Store

PREFIXES = """PREFIX keino: <https://w3id.org/keino/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX schema: <https://schema.org/>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX epo: <http://data.europa.eu/a4g/ontology#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
"""

_Q_DEALS = (
    PREFIXES
    + """SELECT ?deal (MIN(?n) AS ?name) (MIN(?d) AS ?issued) (COUNT(DISTINCT ?party) AS ?parties)
WHERE {
  ?deal a keino:GreenDeal ; skos:prefLabel ?n . FILTER(LANG(?n) = "fi")
  OPTIONAL { ?deal dcterms:issued ?d }
  OPTIONAL { ?gp keino:greenDeal ?deal ; keino:party ?party }
} GROUP BY ?deal ORDER BY ?name"""
)

_Q_DEAL = (
    PREFIXES
    + """SELECT ?deal ?lang ?p ?o (LANG(?o) = ?lang AS ?preferred) WHERE {
  ?deal a keino:GreenDeal ; ?p ?o .
  VALUES ?p { skos:prefLabel keino:theme dcterms:issued schema:startDate schema:endDate
              keino:schedule dcterms:description dcterms:temporal }
  FILTER(LANG(?o) IN ("", "fi", ?lang))
} ORDER BY ?preferred"""
)

_Q_PARTIES = (
    PREFIXES
    + """SELECT ?deal ?party (MIN(?pn) AS ?name) ?role ?since (MIN(?url) AS ?source)
       (MIN(?title) AS ?sourceTitle) (MIN(?q) AS ?quote)
WHERE {
  ?gp keino:greenDeal ?deal ; keino:party ?party ; keino:partyRole ?r .
  BIND(STRAFTER(STR(?r), "#") AS ?role)
  OPTIONAL { ?gp keino:partySince ?since }
  OPTIONAL { ?party skos:prefLabel|skos:altLabel ?pn . FILTER(LANG(?pn) = "fi") }
  OPTIONAL {
    ?c rdf:subject ?gp ; rdf:predicate keino:partyRole ; keino:quote ?q ; prov:wasDerivedFrom ?doc .
    ?doc dcterms:title ?title . OPTIONAL { ?doc schema:url ?url }
  }
} GROUP BY ?deal ?party ?role ?since ORDER BY ?since ?role ?name"""
)

_Q_GOALS = (
    PREFIXES
    + """SELECT ?deal ?lang ?goal (MIN(?gn) AS ?name) (MIN(?ind) AS ?indicator) WHERE {
  ?deal keino:hasGoal ?goal .
  OPTIONAL { ?goal skos:prefLabel ?asked . FILTER(LANG(?asked) = ?lang) }
  OPTIONAL { ?goal skos:prefLabel ?fi . FILTER(LANG(?fi) = "fi") }
  BIND(COALESCE(?asked, ?fi) AS ?gn)
  OPTIONAL { ?goal keino:hasIndicator ?i .
    OPTIONAL { ?i skos:prefLabel ?iAsked . FILTER(LANG(?iAsked) = ?lang) }
    OPTIONAL { ?i skos:prefLabel ?iFi . FILTER(LANG(?iFi) = "fi") }
    BIND(COALESCE(?iAsked, ?iFi) AS ?ind) }
} GROUP BY ?deal ?lang ?goal ORDER BY ?name"""
)

#: per year, the lots of the signatories' notices and those carrying the flag ``?flag``
_Q_SIGNATORY_SERIES = (
    PREFIXES
    + """SELECT ?deal ?flag ?year (COUNT(DISTINCT ?lot) AS ?lots)
       (COUNT(DISTINCT ?flagged) AS ?flaggedLots) (COUNT(DISTINCT ?stated) AS ?statedLots)
WHERE {
  {
    SELECT DISTINCT ?deal ?buyer WHERE {
      ?gp keino:greenDeal ?deal ; keino:party ?party ; keino:partyRole ?r .
      VALUES ?r { keino:StatePartyRole keino:SignatoryRole keino:CommittedPartyRole }
      # the party itself, or the organisation it is linked to at ingest (owl:sameAs),
      # when it is a buyer; bound from the party outwards (a UNION here scanned buyers)
      ?party owl:sameAs? ?buyer .
      FILTER EXISTS { ?r1 epo:playedBy ?buyer . ?r1 a epo:Buyer }
    }
  }
  ?notice epo:refersToRole ?br ; epo:refersToLot ?lot ; epo:hasPublicationDate ?date .
  ?br a epo:Buyer ; epo:playedBy ?buyer .
  BIND(STR(YEAR(?date)) AS ?year)
  OPTIONAL { ?lot ?flag true . BIND(?lot AS ?flagged) }
  OPTIONAL { ?lot ?flag ?said . BIND(?lot AS ?stated) }
} GROUP BY ?deal ?flag ?year ORDER BY ?year"""
)


class UnknownGreenDeal(KeyError):
    """No green deal with that IRI in the graph."""


@dataclass(frozen=True)
class DealSummary:
    """A green deal as listed: IRI, Finnish name, signing date and number of parties."""

    iri: str
    name: str
    issued: str | None
    parties: int


@dataclass(frozen=True)
class Party:
    """One organisation's part in a deal, with the page and quote it rests on."""

    iri: str
    name: str
    role: str  # local name of the role concept, e.g. SignatoryRole
    since: str | None  # ISO day
    source: str | None  # the page's address (seeds have none)
    source_title: str | None
    quote: str | None


@dataclass(frozen=True)
class Goal:
    """A goal of the deal and the follow-up indicator that tracks it, if stated."""

    iri: str
    name: str
    indicator: str | None


@dataclass(frozen=True)
class YearShare:
    """One year of the signatories' notices: lots, flagged lots, lots whose notice states
    the flag either way, and their share."""

    year: int
    lots: int
    flagged: int
    stated: int

    @property
    def share(self) -> float | None:
        """Flagged lots per lot (the national series' definition), or None ("no data")
        when no lot's notice states the flag at all.

        >>> YearShare(2023, 4, 0, 0).share is None
        True
        >>> YearShare(2023, 4, 1, 2).share
        0.25
        """
        return self.flagged / self.lots if self.lots and self.stated else None


@dataclass
class GreenDeal:
    """Everything the page shows about one deal."""

    iri: str
    facts: dict[str, str] = field(default_factory=dict)  # local property name → value
    parties: list[Party] = field(default_factory=list)
    goals: list[Goal] = field(default_factory=list)

    @property
    def name(self) -> str:
        """The deal's Finnish name, else its IRI."""
        return self.facts.get("prefLabel", self.iri)


def green_deals(store: Store) -> list[DealSummary]:
    """Every green deal of the graph, by Finnish name."""
    rows = store.select_values(_Q_DEALS)
    return [DealSummary(d or "", n or "", i, int(c or 0)) for d, n, i, c in rows]


def green_deal(store: Store, deal: str, lang: str = "fi") -> GreenDeal:
    """The deal ``deal`` (IRI) with its facts, parties (oldest first) and goals;
    UnknownGreenDeal if the graph has no such deal."""
    bound = {"deal": iri(deal), "lang": lit(lang)}
    # rows in the asked language come last, so they win
    facts = {
        (p or "").rsplit("#", 1)[-1].rsplit("/", 1)[-1]: o or ""
        for _d, _l, p, o, _preferred in store.select_values(_Q_DEAL, substitutions=bound)
    }
    if "prefLabel" not in facts:
        raise UnknownGreenDeal(deal)
    parties = [
        Party(p or "", n or p or "", r or "", s, u, t, q)
        for _d, p, n, r, s, u, t, q in store.select_values(
            _Q_PARTIES, substitutions={"deal": iri(deal)}
        )
    ]
    goals = [
        Goal(g or "", n or "", i)
        for _d, _l, g, n, i in store.select_values(_Q_GOALS, substitutions=bound)
    ]
    return GreenDeal(deal, facts, parties, goals)


def signatory_series(store: Store, deal: str, flag: str) -> list[YearShare]:
    """Per publication year, the lots bought by the deal's signatories (state parties
    and committed ones included) and those flagged ``flag`` (a keino property IRI,
    e.g. keino:green)."""
    bound = {"deal": iri(deal), "flag": iri(flag)}
    rows = store.select_values(_Q_SIGNATORY_SERIES, substitutions=bound)
    return [
        YearShare(int(y or 0), int(n or 0), int(f or 0), int(k or 0))
        for _d, _f, y, n, f, k in rows
        if y
    ]


def timeline_days(parties: list[Party]) -> tuple[dt.date, dt.date] | None:
    """The first and last day any party's role begins, or None when no day is known.

    >>> p = Party("urn:x", "X", "SignatoryRole", "2020-09-09", None, None, None)
    >>> timeline_days([p, Party("urn:y", "Y", "StatePartyRole", "2020-05-04", None, None, None)])
    (datetime.date(2020, 5, 4), datetime.date(2020, 9, 9))
    """
    days = sorted(dt.date.fromisoformat(p.since) for p in parties if p.since)
    return (days[0], days[-1]) if days else None
