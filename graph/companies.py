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

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

import pyoxigraph as ox

from graph.namespaces import KEINO_NS
from graph.rdf import values
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

# Which legal name stands for an organisation, on its page and in the matcher: the one
# its registry record states (the graph with its TOL line, form or registration date),
# else its funding record's, else the first of any source's; a notice may name a unit
# ("…sosiaali-, terveys- ja pelastustoimiala") under the city's business ID.
NAME_RANK = """GRAPH ?g { ?org epo:hasLegalName ?name }
  BIND(IF(EXISTS { GRAPH ?g {
         ?org keino:mainBusinessLine|keino:companyForm|keino:registrationDate ?r } }, 0,
       IF(EXISTS { GRAPH ?g { ?grant schema:fundedItem ?org } }, 1, 2)) AS ?rank)"""
NAMES = _PREFIXES + "SELECT DISTINCT ?org ?name ?rank WHERE { " + NAME_RANK + " }"


def best_name(rows: Iterable[ox.QuerySolution]) -> str | None:
    """The name :data:`NAME_RANK` puts first among ``rows`` (ties: alphabetical order)."""
    ranked = [(int(r["rank"].value), r["name"].value) for r in rows]
    return min(ranked)[1] if ranked else None


# Each grant counts once, however many graphs restate it (a sum over the union of
# the graphs would count every copy).
_FUNDING = (
    """
SELECT ?year ?instrument (SUM(?amount) AS ?total) WHERE { {
  SELECT DISTINCT ?grant ?year ?instrument ?amount WHERE {""",
    """
  ?grant schema:fundedItem ?org ; schema:amount ?amount ; keino:awardYear ?year ;
         keino:fundingInstrument ?i .
  ?i skos:notation ?instrument .
} } } GROUP BY ?year ?instrument ORDER BY ?year ?instrument""",
)

# The registry facts, one group per query (each row of a group a distinct value): an
# organisation that notices name is restated in every batch graph that names it, and
# the default graph (their union) keeps each copy, so OPTIONALs side by side
# multiplied the copies (a buyer named in 120 batches: 23.6 s for its page). The
# address is read apart from its postcode (:data:`_POSTCODES`) for the same reason.
_FACT_GROUPS: tuple[tuple[str, str], ...] = (
    ("?bid", "?org keino:businessId ?bid"),
    ("?name ?rank", NAME_RANK),
    ("?registered", "?org keino:registrationDate ?registered"),
    ("?ended", "?org schema:dissolutionDate ?ended"),
    ("?tol ?tolCode", "?org keino:mainBusinessLine ?tol . ?tol skos:notation ?tolCode"),
    ("?form ?formCode", "?org keino:companyForm ?form . ?form skos:notation ?formCode"),
    ("?status ?statusCode",
     "?org keino:registerStatus ?status . ?status skos:notation ?statusCode"),
    ("?municipality ?region ?nuts",
     "?org keino:locatedIn ?municipality . OPTIONAL { ?municipality keino:locatedIn ?region "
     ". OPTIONAL { ?region skos:exactMatch ?nuts } }"),
    ("?address", "?org cv:registeredAddress ?address"),
)  # fmt: skip
# Each group as a constant (head, body) pair for :func:`_over`.
_FACT_QUERIES: dict[str, tuple[str, str]] = {
    head: ("SELECT DISTINCT " + head + " WHERE {", " " + body + " }") for head, body in _FACT_GROUPS
}
_POSTCODES = ("SELECT DISTINCT ?postcode WHERE {", " ?address locn:postCode ?postcode }")

_NAMES = (
    """
SELECT DISTINCT ?name ?kind ?start ?end WHERE {""",
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


def _over(
    query: tuple[str, str], nodes: Sequence[str | ox.NamedNode | ox.BlankNode], var: str = "org"
) -> str:
    """``query`` (head, body) over ``nodes`` (the organisations, unless ``var`` says
    otherwise): a VALUES block built from the terms' own serialisation between them,
    so no raw text reaches SPARQL."""
    terms = [ox.NamedNode(n) if isinstance(n, str) else n for n in nodes]
    return _PREFIXES + query[0] + "\n  " + values(var, terms) + query[1]


def funding_by_year(store: Store, iri: str) -> list[FundingYear]:
    """Funding of the organisation per award year, oldest first, with instrument sums."""
    years: dict[int, dict[str, Decimal]] = {}
    for row in store.query(_over(_FUNDING, same_as(store, iri))):
        by = years.setdefault(int(row["year"].value), {})
        by[row["instrument"].value] = Decimal(row["total"].value)
    return [FundingYear(y, sum(by.values(), Decimal(0)), by) for y, by in sorted(years.items())]


def _coded(store: Store, row: ox.QuerySolution | None, var: str) -> Coded | None:
    if row is None or row[var] is None:
        return None
    node = row[var]
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
    facts = _facts(store, iris)
    business_ids = sorted({r["bid"].value for r in facts["?bid"]})
    if not business_ids:
        return None

    def first(group: str) -> ox.QuerySolution | None:
        return next(iter(facts[group]), None)

    def text(group: str, var: str | None = None) -> str | None:
        row = first(group)
        value = row[var or group[1:]] if row is not None else None
        return value.value if value is not None else None

    tol = _coded(store, first("?tol ?tolCode"), "tol")
    hierarchy = _hierarchy(store, tol.iri) if tol is not None else ()
    broader = tuple(level.code for level in hierarchy)
    names = tuple(
        NameSpell(r["name"].value, r["kind"].value, _opt(r["start"]), _opt(r["end"]))
        for r in store.query(_over(_NAMES, iris))
    )
    place = "?municipality ?region ?nuts"
    addresses = [r["address"] for r in facts["?address"]]
    postcodes = store.query(_over(_POSTCODES, addresses, "address")) if addresses else []
    postcode = next((r["postcode"].value for r in postcodes), None)
    return CompanyProfile(
        tuple(iris), tuple(business_ids), best_name(facts["?name ?rank"]), names,
        text("?registered"), text("?ended"), tol, broader,
        _coded(store, first("?form ?formCode"), "form"),
        _coded(store, first("?status ?statusCode"), "status"), text(place, "municipality"),
        text(place, "region"), text(place, "nuts"), postcode,
        tuple(funding_by_year(store, iri)), hierarchy,
    )  # fmt: skip


def _facts(store: Store, iris: list[str]) -> dict[str, list[ox.QuerySolution]]:
    """Each group of :data:`_FACT_GROUPS` → its distinct rows for the clique ``iris``."""
    return {head: list(store.query(_over(query, iris))) for head, query in _FACT_QUERIES.items()}


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
    "NAMES",
    "NAME_RANK",
    "Coded",
    "CompanyProfile",
    "FundingYear",
    "NameSpell",
    "best_name",
    "company_profile",
    "funding_by_year",
    "instrument_labels",
    "same_as",
]
