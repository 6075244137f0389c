"""Readers of an organisation's registry facts and funding, for pages and the matcher.

An organisation may be one node or an ``owl:sameAs`` clique (``kg:links``: a
curated body, a municipality and the business-ID node they are); every reader
here takes the whole clique as one organisation, so a page shows the same facts
whichever of its IRIs it was opened on.

>>> from graph.rdf import a, lit, triple
>>> s = Store()
>>> org = "https://w3id.org/keino/id/org/fi/2996949-9"
>>> grant = "https://w3id.org/keino/id/funding/2996949-9/2020/grant"
>>> instrument = "https://w3id.org/keino/id/funding-instrument/grant"
>>> _ = s.replace_graph("https://w3id.org/keino/graph/funding", [
...     a(grant, "https://schema.org/MonetaryGrant"),
...     triple(grant, "https://schema.org/fundedItem", org),
...     triple(grant, "https://schema.org/amount", lit(Decimal(9536))),
...     triple(grant, KEINO_NS + "awardYear", lit(2020)),
...     triple(grant, KEINO_NS + "fundingInstrument", instrument),
...     triple(instrument, "http://www.w3.org/2004/02/skos/core#notation", lit("grant")),
... ], source="t", inputs=[])
>>> funding_by_year(s, org)
[FundingYear(year=2020, total=Decimal('9536'), by_instrument={'grant': Decimal('9536')})]
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

import pyoxigraph as ox

from graph.namespaces import KEINO_NS
from graph.store import Store

_PREFIXES = """
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX schema: <https://schema.org/>
PREFIX keino: <https://w3id.org/keino/ontology#>
PREFIX locn: <http://www.w3.org/ns/locn#>
PREFIX epo: <http://data.europa.eu/a4g/ontology#>
PREFIX cv: <http://data.europa.eu/m8g/>
"""

_CLIQUE = _PREFIXES + "SELECT DISTINCT ?org ?o WHERE { ?org owl:sameAs ?o }"

_FUNDING = (
    """
SELECT ?year ?instrument (SUM(?amount) AS ?total) WHERE {""",
    """
  ?grant schema:fundedItem ?org ; schema:amount ?amount ; keino:awardYear ?year ;
         keino:fundingInstrument ?i .
  ?i skos:notation ?instrument .
} GROUP BY ?year ?instrument ORDER BY ?year ?instrument""",
)

_FACTS = (
    """
SELECT ?bid ?name ?registered ?ended ?tol ?tolCode ?form ?formCode ?status ?statusCode
       ?municipality ?region ?nuts ?postcode WHERE {""",
    """
  OPTIONAL { ?org keino:businessId ?bid }
  OPTIONAL { ?org epo:hasLegalName ?name }
  OPTIONAL { ?org keino:registrationDate ?registered }
  OPTIONAL { ?org schema:dissolutionDate ?ended }
  OPTIONAL { ?org keino:mainBusinessLine ?tol . ?tol skos:notation ?tolCode }
  OPTIONAL { ?org keino:companyForm ?form . ?form skos:notation ?formCode }
  OPTIONAL { ?org keino:registerStatus ?status . ?status skos:notation ?statusCode }
  OPTIONAL { ?org keino:locatedIn ?municipality .
             OPTIONAL { ?municipality keino:locatedIn ?region .
                        OPTIONAL { ?region skos:exactMatch ?nuts } } }
  OPTIONAL { ?org cv:registeredAddress ?address . ?address locn:postCode ?postcode }
}""",
)

_NAMES = (
    """
SELECT ?name ?kind ?start ?end WHERE {""",
    """
  ?org keino:registeredName ?n . ?n schema:name ?name ; keino:nameKind ?kind .
  OPTIONAL { ?n schema:startDate ?start } OPTIONAL { ?n schema:endDate ?end }
} ORDER BY ?start ?name""",
)

_LABELS = (
    _PREFIXES
    + "SELECT ?c ?lang ?label WHERE { ?c skos:prefLabel ?label BIND(LANG(?label) AS ?lang) }"
)
# The levels above a TOL line with their labels. The line goes in as VALUES: bound
# through substitutions, the engine walks every broader chain before joining.
_BROADER = (
    """
SELECT ?b ?code ?lang ?label WHERE {""",
    """
  ?org skos:broader+ ?b . ?b skos:notation ?code .
  OPTIONAL { ?b skos:prefLabel ?label BIND(LANG(?label) AS ?lang) }
}""",
)
_INSTRUMENTS = (
    _PREFIXES
    + """
SELECT ?code ?lang ?label WHERE {
  GRAPH <https://w3id.org/keino/graph/funding> {
    ?i a skos:Concept ; skos:notation ?code ; skos:prefLabel ?label .
  }
  BIND(LANG(?label) AS ?lang)
}"""
)


@dataclass(frozen=True)
class Coded:
    """A code (TOL line, company form, status), its IRI and its labels by language."""

    iri: str
    code: str
    labels: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class NameSpell:
    """One registered name and when it was valid (ISO dates, None when open)."""

    name: str
    kind: str
    start: str | None
    end: str | None


@dataclass(frozen=True)
class FundingYear:
    """Funding decided in one year: the total and the euros per instrument."""

    year: int
    total: Decimal
    by_instrument: dict[str, Decimal]


@dataclass(frozen=True)
class CompanyProfile:
    """What the registry and the funding file say of one organisation (clique)."""

    iris: tuple[str, ...]
    business_ids: tuple[str, ...]
    name: str | None
    names: tuple[NameSpell, ...]
    registered: str | None
    ended: str | None
    tol: Coded | None
    tol_broader: tuple[str, ...]  # codes above the main line, narrowest first
    form: Coded | None
    status: Coded | None
    municipality: str | None
    region: str | None
    nuts: str | None
    postcode: str | None
    funding: tuple[FundingYear, ...]
    #: the levels above the main line (class … section), narrowest first, with labels
    tol_hierarchy: tuple[Coded, ...] = ()


def same_as(store: Store, iri: str) -> list[str]:
    """``iri`` and every IRI ``owl:sameAs`` it, sorted (the clique as one organisation)."""
    rows = store.query(_CLIQUE, substitutions={"org": ox.NamedNode(iri)})
    return sorted({iri} | {row["o"].value for row in rows})


def _over(query: tuple[str, str], iris: list[str]) -> str:
    """``query`` (head, body) over the organisations ``iris``: a VALUES block built
    from the terms' own serialisation between them, so no raw text reaches SPARQL."""
    values = " ".join(str(ox.NamedNode(i)) for i in iris)
    return _PREFIXES + query[0] + "\n  VALUES ?org { " + values + " }" + query[1]


def funding_by_year(store: Store, iri: str) -> list[FundingYear]:
    """Funding of the organisation per award year, oldest first, with instrument sums."""
    years: dict[int, dict[str, Decimal]] = {}
    for row in store.query(_over(_FUNDING, same_as(store, iri))):
        by = years.setdefault(int(row["year"].value), {})
        by[row["instrument"].value] = Decimal(row["total"].value)
    return [FundingYear(y, sum(by.values(), Decimal(0)), by) for y, by in sorted(years.items())]


def _coded(store: Store, row: ox.QuerySolution, var: str) -> Coded | None:
    node = row[var]
    if node is None:
        return None
    labels = {
        r["lang"].value: r["label"].value
        for r in store.query(_LABELS, substitutions={"c": node})
        if r["lang"].value
    }
    return Coded(node.value, row[var + "Code"].value, labels)


def company_profile(store: Store, iri: str) -> CompanyProfile | None:
    """Registry facts, TOL line (with its broader codes) and funding of an organisation.

    None when neither the registry nor the funding file knows it (no business ID
    anywhere in its clique).
    """
    iris = same_as(store, iri)
    rows = list(store.query(_over(_FACTS, iris)))
    business_ids = sorted({r["bid"].value for r in rows if r["bid"] is not None})
    if not business_ids:
        return None
    row = next((r for r in rows if r["tol"] is not None), rows[0])

    def text(var: str) -> str | None:
        value = next((r[var] for r in rows if r[var] is not None), None)
        return value.value if value is not None else None

    tol = _coded(store, row, "tol")
    hierarchy = _hierarchy(store, tol.iri) if tol is not None else ()
    broader = tuple(level.code for level in hierarchy)
    names = tuple(
        NameSpell(r["name"].value, r["kind"].value, _opt(r["start"]), _opt(r["end"]))
        for r in store.query(_over(_NAMES, iris))
    )
    form_row = next((r for r in rows if r["form"] is not None), rows[0])
    status_row = next((r for r in rows if r["status"] is not None), rows[0])
    return CompanyProfile(
        tuple(iris), tuple(business_ids), text("name"), names, text("registered"), text("ended"),
        tol, broader, _coded(store, form_row, "form"), _coded(store, status_row, "status"),
        text("municipality"), text("region"), text("nuts"), text("postcode"),
        tuple(funding_by_year(store, iri)), hierarchy,
    )  # fmt: skip


def _hierarchy(store: Store, line: str) -> tuple[Coded, ...]:
    """The TOL levels above ``line``, narrowest first (longest code), each with its labels."""
    levels: dict[str, Coded] = {}
    for r in store.query(_over(_BROADER, [line])):
        level = levels.setdefault(r["b"].value, Coded(r["b"].value, r["code"].value, {}))
        if r["label"] is not None and r["lang"].value:
            level.labels[r["lang"].value] = r["label"].value
    return tuple(sorted(levels.values(), key=lambda c: (-len(c.code), c.code)))


def instrument_labels(store: Store) -> dict[str, dict[str, str]]:
    """Funding instrument code (grant, loan, erdf, research) → its labels by language,
    as ``kg:funding`` names them."""
    found: dict[str, dict[str, str]] = {}
    for r in store.query(_INSTRUMENTS):
        if r["lang"].value:
            found.setdefault(r["code"].value, {})[r["lang"].value] = r["label"].value
    return found


def _opt(term: ox.Literal | None) -> str | None:
    return term.value if term is not None else None


__all__ = [
    "KEINO_NS",
    "Coded",
    "CompanyProfile",
    "FundingYear",
    "NameSpell",
    "company_profile",
    "funding_by_year",
    "instrument_labels",
    "same_as",
]
