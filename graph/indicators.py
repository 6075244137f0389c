"""Strategic-procurement indicators as an RDF Data Cube in ``kg:indicators``.

The government's goal is that 10 % of public procurement is innovative; the
action plan 2020–2023 (seed ``002``, section 7) follows it each year from Hilma
notices. This module turns the lots in the graph into that measurement: per
publication year, the share of lots flagged innovative, green and social, by
count and by value, in total and broken down by buyer, buyer type, NUTS-3
region and CPV division, each figure with the lots behind it.

Counting rules (what `keino indicators show` and `/indicators` report):

- A lot counts in the year its notice was published; lots of planning notices
  (prior information) are left out, they announce no procurement. A lot that a
  competition notice and a result notice both describe (same procedure id and
  lot id) counts once, in the year of its first notice, with the awarded value.
- Share by count = lots with the flag true / all lots of the group; a lot whose
  notice does not state the flag counts as not flagged and is reported in
  ``lotsMissingFlag``.
- Share by value = value of flagged lots / value of lots with a value, where
  the value is the awarded value, else the estimated one, in euros; lots with no
  value (or another currency) are reported in ``lotsMissingValue``.
- Buyer type from the eForms buyer-legal-type code (:data:`BUYER_TYPES`). A lot
  of several buyers counts once for each buyer (and once per distinct type).
  Lots without a NUTS-3 place of performance or a valid CPV are left out of
  the region or CPV-division series only.

>>> BUYER_TYPES["la"], BUYER_TYPES["body-pl-cga"], buyer_type("ra"), buyer_type(None)
('municipal', 'state', 'other', 'unknown')
>>> series_name("innovative", "buyer-type")
'innovative-share-by-buyer-type'
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from pyoxigraph import Literal

from graph.codes import cpv_division, cpv_label, nuts_label
from graph.iris import ID_BASE, entity_iri, graph_iri, slug
from graph.namespaces import CPV, EPO_NS, KEINO_NS, NUTS
from graph.rdf import XSD, Triple, a, iri, lit, triple
from graph.store import Store

INDICATORS_GRAPH = graph_iri("indicators")
#: The indicator entity of the ecosystem graph ("mittari" of KEINO's operating
#: period, seed 000); ``ingest/ecosystem.py`` defines the same IRI as
#: ``INNOVATIVE_SHARE_INDICATOR`` and a test checks that they agree.
INNOVATIVE_SHARE_INDICATOR = entity_iri(
    "indicator", "kestävien ja innovatiivisten hankintojen määrän kehitystrendi"
)
#: The government programme's target: 10 % of public procurement innovative.
INNOVATIVE_TARGET = entity_iri("target", "innovatiiviset hankinnat 10 prosenttia")
TARGET_SHARE = Decimal("0.10")
SEED_002 = entity_iri("document", "002_4e4f0c2a4036d26b")

FLAGS = ("innovative", "green", "social")
BREAKDOWNS = ("total", "buyer", "buyer-type", "region", "cpv-division")
METHOD_NOTICES = "hilma-notices"
#: breakdown values a series read keeps by default in the API and CLI (the
#: largest buyers): a by-buyer series has ~10,000 points, too many for a chart
#: and over the 200 ms read budget
DEFAULT_LIMIT = 100
METHOD_SURVEY = "survey"
SURVEY_SERIES = "innovative-share-survey"

#: eForms buyer-legal-type → municipal / state / other. Local authorities and
#: bodies, undertakings and subsidised organisations they control are
#: municipal (kunnat, kuntayhtymät, their companies); central government
#: authorities and what they control are state. Regional authorities
#: (wellbeing services counties, regional councils), EU and international
#: bodies, defence contractors and entities with special rights are "other";
#: a buyer without a stated legal type is "unknown".
BUYER_TYPES = {
    "la": "municipal",
    "body-pl-la": "municipal",
    "pub-undert-la": "municipal",
    "org-sub-la": "municipal",
    "cga": "state",
    "body-pl-cga": "state",
    "pub-undert-cga": "state",
    "org-sub-cga": "state",
}

QB = "http://purl.org/linked-data/cube#"
SDMX_DIM = "http://purl.org/linked-data/sdmx/2009/dimension#"
PROV = "http://www.w3.org/ns/prov#"
DCT = "http://purl.org/dc/terms/"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
RDFS_COMMENT = "http://www.w3.org/2000/01/rdf-schema#comment"
K = KEINO_NS
MEASURES = (
    "share",
    "valueShare",
    "lotCount",
    "flaggedCount",
    "lotsMissingFlag",
    "lotsMissingValue",
    "amount",
    "flaggedAmount",
)
_BREAKDOWN_TITLE = {
    "total": ("", ""),
    "buyer": (" hankintayksiköittäin", " by buyer"),
    "buyer-type": (" hankintayksikön tyypin mukaan", " by buyer type"),
    "region": (" maakunnittain", " by region (NUTS-3)"),
    "cpv-division": (" CPV-pääryhmittäin", " by CPV division"),
}
_FLAG_TITLE = {
    "innovative": ("Innovatiivisten hankintojen osuus", "Share of innovative procurement"),
    "green": ("Ympäristönäkökohdat huomioivien hankintojen osuus", "Share of green procurement"),
    "social": (
        "Sosiaaliset näkökohdat huomioivien hankintojen osuus",
        "Share of social procurement",
    ),
}


def buyer_type(code: str | None) -> str:
    """``municipal``, ``state``, ``other`` or ``unknown`` for a buyer-legal-type code."""
    if not code:
        return "unknown"
    return BUYER_TYPES.get(code, "other")


def series_name(flag: str, breakdown: str) -> str:
    """The name of one series: ``innovative-share``, ``green-share-by-region`` …"""
    return f"{flag}-share" if breakdown == "total" else f"{flag}-share-by-{breakdown}"


def dataset_iri(name: str) -> str:
    """IRI of the ``qb:DataSet`` of a series.

    >>> dataset_iri("innovative-share")
    'https://w3id.org/keino/id/indicator-dataset/innovative-share'
    """
    return f"{ID_BASE}indicator-dataset/{name}"


# ------------------------------------------------------------------ facts
@dataclass(frozen=True)
class LotFacts:
    """What the indicators need of one lot (after merging its notices)."""

    lot: str
    year: int
    value: float | None  # awarded else estimated, EUR
    flags: dict[str, bool]
    buyers: tuple[str, ...] = ()
    buyer_types: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()  # NUTS-3 codes
    division: str | None = None  # two-digit CPV division


@dataclass
class _Lot:
    notice: str
    kind: str = "other"
    published: dt.date | None = None
    estimated: float | None = None
    awarded: float | None = None
    flags: dict[str, bool] = field(default_factory=dict)
    cpv: str | None = None
    nuts: set[str] = field(default_factory=set)


_KIND = {
    EPO_NS + "PlanningNotice": "planning",
    EPO_NS + "CompetitionNotice": "competition",
    EPO_NS + "ResultNotice": "result",
}
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def _rows(store: Store, sparql: str) -> Iterator[list[Any]]:
    solutions = store.query(sparql)
    width = len(solutions.variables)
    for solution in solutions:
        yield [solution[i] for i in range(width)]


def _tail(value: str) -> str:
    return value.rsplit("/", 1)[-1]


def _pair_map(store: Store, predicate: str) -> dict[str, str]:
    return dict(store.pairs(EPO_NS + predicate))


def _read_lots(store: Store) -> dict[str, _Lot]:
    """Every lot with its notice kind, date, values, flags, main CPV and NUTS."""
    lots = {lot: _Lot(notice) for notice, lot in store.pairs(EPO_NS + "refersToLot")}
    kinds = {n: k for cls, k in _KIND.items() for n, _ in store.pairs(_RDF_TYPE, cls)}
    dates = _pair_map(store, "hasPublicationDate")
    for d in lots.values():
        d.kind = kinds.get(d.notice, "other")
        if d.notice in dates:
            d.published = dt.date.fromisoformat(dates[d.notice][:10])
    for flag in FLAGS:
        for lot, v in store.pairs(K + flag):
            if (draft := lots.get(lot)) is not None:
                draft.flags[flag] = v in ("true", "1")
    _read_values(store, lots)
    purposes = _pair_map(store, "hasMainClassification")
    for lot, purpose in store.pairs(EPO_NS + "hasPurpose"):
        if (draft := lots.get(lot)) is not None and purpose in purposes:
            draft.cpv = _tail(purposes[purpose])
    places: dict[str, set[str]] = defaultdict(set)
    for term, nuts in store.pairs(EPO_NS + "definesSpecificPlaceOfPerformance"):
        places[term].add(_tail(nuts))
    for lot, term in store.pairs(EPO_NS + "foreseesContractSpecificTerm"):
        if (draft := lots.get(lot)) is not None:
            draft.nuts |= places.get(term, set())
    return lots


def _read_values(store: Store, lots: dict[str, _Lot]) -> None:
    """Estimated and awarded values in euros (another currency is not comparable)."""
    amounts = _pair_map(store, "hasAmountValue")
    currencies = _pair_map(store, "hasCurrency")

    def euros(node: str) -> float | None:
        if node not in amounts or _tail(currencies.get(node, "EUR")) != "EUR":
            return None
        return float(amounts[node])

    for lot, node in store.pairs(EPO_NS + "hasEstimatedValue"):
        if (draft := lots.get(lot)) is not None:
            draft.estimated = euros(node)
    outcome_lot = _pair_map(store, "describesLot")
    for outcome, node in store.pairs(EPO_NS + "hasAwardedValue"):
        if (draft := lots.get(outcome_lot.get(outcome, ""))) is not None:
            draft.awarded = euros(node)


def _read_buyers(store: Store) -> dict[str, dict[str, str | None]]:
    """Notice → {buyer IRI: buyer-legal-type code or None}."""
    roles = {role for role, _ in store.pairs(_RDF_TYPE, EPO_NS + "Buyer")}
    played = {r: o for r, o in store.pairs(EPO_NS + "playedBy") if r in roles}
    legal = _pair_map(store, "hasBuyerLegalType")
    buyers: dict[str, dict[str, str | None]] = defaultdict(dict)
    for notice, role in store.pairs(EPO_NS + "refersToRole"):
        if role in played:
            org, kind = played[role], legal.get(role)
            known = buyers[notice].get(org)
            buyers[notice][org] = known or (_tail(kind) if kind else None)
    return buyers


def _read_keys(store: Store, lots: dict[str, _Lot]) -> dict[str, tuple[str, str]]:
    """Lot → (procedure id, lot id) when the notice gives both (eForms BT-04, BT-137)."""
    ids = dict(store.pairs(DCT + "identifier"))
    procedures = _pair_map(store, "refersToProcedure")
    keys = {}
    for lot, d in lots.items():
        pid, lid = ids.get(procedures.get(d.notice, "")), ids.get(lot)
        if pid is not None and lid is not None:
            keys[lot] = (pid, lid)
    return keys


def lot_facts(store: Store) -> Iterator[LotFacts]:
    """The lots that count, merged across notices, as :class:`LotFacts` (by lot IRI).

    Reads the lot shape of :mod:`graph.procurement` one predicate at a time and
    joins in memory, so every series comes from one pass over the lots.
    """
    lots = _read_lots(store)
    buyers = _read_buyers(store)
    keys = _read_keys(store, lots)
    groups: dict[tuple[str, str], list[str]] = defaultdict(list)
    for lot_iri, d in lots.items():
        if d.kind != "planning" and d.published is not None:
            groups[keys.get(lot_iri, (lot_iri, ""))].append(lot_iri)
    for members in sorted(groups.values()):
        yield _merge(sorted(members), lots, buyers)


def _merge(
    members: list[str], lots: dict[str, _Lot], buyers: dict[str, dict[str, str | None]]
) -> LotFacts:
    """One lot described by several notices: first date, awarded value first, flags ORed."""
    drafts = sorted((lots[m] for m in members), key=lambda d: d.published or dt.date.max)
    flags: dict[str, bool] = {}
    for d in drafts:
        for name, v in d.flags.items():
            flags[name] = flags.get(name, False) or v
    awarded = next((d.awarded for d in drafts if d.awarded is not None), None)
    estimated = next((d.estimated for d in drafts if d.estimated is not None), None)
    orgs = {o: k for d in drafts for o, k in buyers.get(d.notice, {}).items()}
    cpv = next((d.cpv for d in drafts if d.cpv), None)
    division = _division(cpv) if cpv else None
    nuts = {n for d in drafts for n in d.nuts if len(n) == 5}
    assert drafts[0].published is not None
    return LotFacts(
        lot=members[0],
        year=drafts[0].published.year,
        value=awarded if awarded is not None else estimated,
        flags=flags,
        buyers=tuple(sorted(orgs)),
        buyer_types=tuple(sorted({buyer_type(k) for k in orgs.values()})),
        regions=tuple(sorted(nuts)),
        division=division,
    )


@functools.lru_cache(maxsize=4096)
def _division(cpv: str) -> str | None:
    try:
        return cpv_division(cpv)
    except ValueError:
        return None


# -------------------------------------------------------------- aggregate
@dataclass
class Cell:
    """The counts behind one figure (one flag, year and breakdown value)."""

    lots: int = 0
    flagged: int = 0
    missing_flag: int = 0
    missing_value: int = 0
    amount: float = 0.0
    flagged_amount: float = 0.0

    def add(self, facts: LotFacts, flag: str) -> None:
        """Count one lot."""
        stated = facts.flags.get(flag)
        self.lots += 1
        self.flagged += stated is True
        self.missing_flag += stated is None
        if facts.value is None:
            self.missing_value += 1
            return
        self.amount += facts.value
        if stated:
            self.flagged_amount += facts.value

    @property
    def share(self) -> float:
        """Flagged lots / all lots."""
        return self.flagged / self.lots if self.lots else 0.0

    @property
    def value_share(self) -> float | None:
        """Value of flagged lots / value of lots with a value; None without values."""
        return self.flagged_amount / self.amount if self.amount else None


#: (flag, breakdown) → (year, breakdown key) → counts; key "" for the total
Aggregates = dict[tuple[str, str], dict[tuple[int, str], Cell]]


def _keys(facts: LotFacts, breakdown: str) -> Iterable[str]:
    if breakdown == "total":
        return ("",)
    if breakdown == "buyer":
        return facts.buyers
    if breakdown == "buyer-type":
        return facts.buyer_types or ("unknown",)
    if breakdown == "region":
        return facts.regions
    return (facts.division,) if facts.division else ()


def aggregate(facts: Iterable[LotFacts]) -> Aggregates:
    """Count every lot into every series (pure; the cube is written from this).

    >>> f = LotFacts("l1", 2024, 100.0, {"innovative": True}, buyer_types=("state",))
    >>> g = LotFacts("l2", 2024, None, {}, buyer_types=("state",))
    >>> cell = aggregate([f, g])[("innovative", "total")][(2024, "")]
    >>> cell.lots, cell.flagged, cell.missing_flag, cell.missing_value, cell.share
    (2, 1, 1, 1, 0.5)
    """
    out: Aggregates = {(f, b): defaultdict(Cell) for f in FLAGS for b in BREAKDOWNS}
    for lot in facts:
        for breakdown in BREAKDOWNS:
            keys = tuple(_keys(lot, breakdown))
            for flag in FLAGS:
                cells = out[(flag, breakdown)]
                for key in keys:
                    cells[(lot.year, key)].add(lot, flag)
    return out


# ------------------------------------------------------------------- cube
def _decimal(x: float, places: int) -> Decimal:
    return Decimal(f"{x:.{places}f}")


def _key_term(breakdown: str, key: str) -> Any:
    if breakdown == "buyer":
        return key
    if breakdown == "region":
        return NUTS[key]
    if breakdown == "cpv-division":
        return CPV[key + "000000"]
    return lit(key)


def dsd_iri(breakdown: str) -> str:
    """IRI of the ``qb:DataStructureDefinition`` shared by the series of one breakdown."""
    return f"{ID_BASE}indicator-structure/{breakdown}"


def structure_triples(breakdown: str, *, survey: bool = False) -> list[Triple]:
    """A structure: year, flag, method (and breakdown) dimensions; the measures.

    >>> len(structure_triples("buyer")) > 20
    True
    """
    dsd = dsd_iri("survey" if survey else breakdown)
    dims = [SDMX_DIM + "refPeriod", K + "flag", K + "method"]
    dims += [K + "breakdown"] if breakdown != "total" else []
    measures = [K + "share"] if survey else [K + m for m in MEASURES]
    out = [a(dsd, QB + "DataStructureDefinition")]
    parts = [("dimension", p) for p in dims] + [("measure", p) for p in measures]
    parts += [("attribute", K + "indicator"), ("attribute", K + "hasTarget")]
    for order, (role, prop) in enumerate(parts, start=1):
        component = f"{dsd}/component/{order}"
        out += [
            triple(dsd, QB + "component", component),
            a(component, QB + "ComponentSpecification"),
        ]
        out += [triple(component, QB + role, prop), a(prop, QB + role.title() + "Property")]
        if role == "dimension":
            out.append(triple(component, QB + "order", lit(order)))
        if prop in _ON_DATASET:
            out.append(triple(component, QB + "componentAttachment", QB + "DataSet"))
    return out


#: components given once on the data set, not on each observation
_ON_DATASET = frozenset(K + p for p in ("flag", "method", "indicator", "hasTarget"))


def _dataset_triples(name: str, flag: str, breakdown: str, indicator: str) -> list[Triple]:
    ds = dataset_iri(name)
    fi, en = _FLAG_TITLE[flag]
    bfi, ben = _BREAKDOWN_TITLE[breakdown]
    out = [
        a(ds, QB + "DataSet"),
        triple(ds, QB + "structure", dsd_iri(breakdown)),
        triple(ds, DCT + "identifier", lit(name)),
        triple(ds, RDFS_LABEL, lit(fi + bfi, lang="fi")),
        triple(ds, RDFS_LABEL, lit(en + ben, lang="en")),
        triple(ds, K + "flag", K + flag),
        triple(ds, K + "method", lit(METHOD_NOTICES)),
        triple(ds, K + "indicator", indicator),
    ]
    if flag == "innovative":
        out.append(triple(ds, K + "hasTarget", INNOVATIVE_TARGET))
    return out


def observation_triples(
    name: str, flag: str, breakdown: str, year: int, key: str, cell: Cell, indicator: str
) -> list[Triple]:
    """One ``qb:Observation``: year, breakdown value and the eight measures.

    Flag, method, indicator and target are the same for every observation of a
    series, so they are attached to the ``qb:DataSet`` (``qb:componentAttachment``)
    rather than repeated: a quarter fewer triples to write at every recomputation.
    """
    ds = dataset_iri(name)
    obs = f"{ds}/{year}" + (f"/{slug(key.removeprefix(ID_BASE))}" if key else "")
    out = [
        a(obs, QB + "Observation"),
        triple(obs, QB + "dataSet", ds),
        triple(obs, SDMX_DIM + "refPeriod", lit(str(year), datatype=XSD + "gYear")),
        triple(obs, K + "share", lit(_decimal(cell.share, 6))),
        triple(obs, K + "lotCount", lit(cell.lots)),
        triple(obs, K + "flaggedCount", lit(cell.flagged)),
        triple(obs, K + "lotsMissingFlag", lit(cell.missing_flag)),
        triple(obs, K + "lotsMissingValue", lit(cell.missing_value)),
        triple(obs, K + "amount", lit(_decimal(cell.amount, 2))),
        triple(obs, K + "flaggedAmount", lit(_decimal(cell.flagged_amount, 2))),
    ]
    if cell.value_share is not None:
        out.append(triple(obs, K + "valueShare", lit(_decimal(cell.value_share, 6))))
    if key:
        out.append(triple(obs, K + "breakdown", _key_term(breakdown, key)))
    return out


def ranking_triples(name: str, breakdown: str, cells: dict[tuple[int, str], Cell]) -> list[Triple]:
    """The breakdown values of a series ranked by lots over all years (1 = most lots).

    Written with the cube so that reading the largest buyers of a series needs
    no aggregation over its ~10,000 observations (``series(..., limit=)``);
    ties go to the first value in sort order.

    >>> cells = {(2024, "FI1B1"): Cell(lots=2), (2024, "FI197"): Cell(lots=5)}
    >>> [t.object.value for t in ranking_triples("x", "region", cells)][1:3]
    ['1', 'http://data.europa.eu/nuts/code/FI197']
    """
    ds = dataset_iri(name)
    lots: dict[str, int] = defaultdict(int)
    for (_year, key), cell in cells.items():
        lots[key] += cell.lots
    out = []
    for rank, key in enumerate(sorted(lots, key=lambda k: (-lots[k], k)), start=1):
        node = f"{ds}/rank/{rank}"
        out += [
            triple(ds, K + "ranking", node),
            triple(node, K + "rank", lit(rank)),
            triple(node, K + "breakdown", _key_term(breakdown, key)),
        ]
    return out


_SURVEY_QUOTE = "alkumittaus toteutettu syksyllä 2018"
_FIVE_QUOTE = "Kyselyn perusteella innovatiivisten hankintojen määrä oli tuolloin viisi prosenttia."
_TARGET_QUOTE = (
    "Kasvatetaan innovatiivisten hankintojen määrää 10 prosenttiin julkisista "
    "hankinnoista vaalikauden loppuun mennessä."
)


def _citation(s: str, p: str, obj: Literal, quote: str) -> list[Triple]:
    """A ``keino:Citation`` of ``s p obj`` quoting seed 002 (docs/conventions.md)."""
    rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    cid = f"{ID_BASE}citation/" + hashlib.sha1(f"{s} {p} {obj}".encode()).hexdigest()[:16]
    return [
        a(cid, K + "Citation"),
        triple(cid, rdf + "subject", s),
        triple(cid, rdf + "predicate", p),
        triple(cid, rdf + "object", obj),
        triple(cid, PROV + "wasDerivedFrom", SEED_002),
        triple(cid, K + "quote", lit(quote, lang="fi")),
    ]


def target_triples(indicator: str = INNOVATIVE_SHARE_INDICATOR) -> list[Triple]:
    """The 10 % target (a ``keino:Target`` of the indicator), cited from seed 002."""
    value = lit(TARGET_SHARE)
    out = [
        a(INNOVATIVE_TARGET, K + "Target"),
        triple(indicator, K + "hasTarget", INNOVATIVE_TARGET),
        triple(INNOVATIVE_TARGET, K + "targetValue", value),
        triple(INNOVATIVE_TARGET, K + "targetYear", lit("2023", datatype=XSD + "gYear")),
        triple(INNOVATIVE_TARGET, K + "unit", lit("share")),
        triple(
            INNOVATIVE_TARGET,
            RDFS_LABEL,
            lit("10 % julkisista hankinnoista innovatiivisia", lang="fi"),
        ),
        triple(
            INNOVATIVE_TARGET, RDFS_LABEL, lit("10 % of public procurement innovative", lang="en")
        ),
    ]
    return out + _citation(INNOVATIVE_TARGET, K + "targetValue", value, _TARGET_QUOTE)


def survey_triples(indicator: str = INNOVATIVE_SHARE_INDICATOR) -> list[Triple]:
    """The 2018 KEINO survey as an observation of the innovative share (method ``survey``).

    Seed 002 dates the survey (autumn 2018) and gives its result: "Kyselyn
    perusteella innovatiivisten hankintojen määrä oli tuolloin viisi
    prosenttia." Both sentences are cited.
    """
    ds, name = dataset_iri(SURVEY_SERIES), SURVEY_SERIES
    obs = f"{ds}/2018"
    share = lit(Decimal("0.05"))
    out = structure_triples("total", survey=True)
    out += [
        a(ds, QB + "DataSet"),
        triple(ds, QB + "structure", dsd_iri("survey")),
        triple(ds, DCT + "identifier", lit(name)),
        triple(ds, RDFS_LABEL, lit("Innovatiivisten hankintojen osuus (kysely)", lang="fi")),
        triple(ds, RDFS_LABEL, lit("Share of innovative procurement (survey)", lang="en")),
        triple(ds, K + "flag", K + "innovative"),
        triple(ds, K + "method", lit(METHOD_SURVEY)),
        triple(ds, K + "indicator", indicator),
        triple(ds, K + "hasTarget", INNOVATIVE_TARGET),
        a(obs, QB + "Observation"),
        triple(obs, QB + "dataSet", ds),
        triple(obs, SDMX_DIM + "refPeriod", lit("2018", datatype=XSD + "gYear")),
        triple(obs, K + "flag", K + "innovative"),
        triple(obs, K + "method", lit(METHOD_SURVEY)),
        triple(obs, K + "share", share),
        triple(obs, K + "indicator", indicator),
        triple(obs, K + "hasTarget", INNOVATIVE_TARGET),
        triple(obs, PROV + "wasDerivedFrom", SEED_002),
        triple(
            obs,
            RDFS_COMMENT,
            lit(
                "KEINO's first national survey of innovative procurement, autumn 2018 "
                "(seed 002, section 7): 5 % of public procurement was innovative.",
                lang="en",
            ),
        ),
    ]
    out += _citation(obs, K + "method", lit(METHOD_SURVEY), _SURVEY_QUOTE)
    return out + _citation(obs, K + "share", share, _FIVE_QUOTE)


def cube_triples(
    aggregates: Aggregates,
    *,
    indicator: str = INNOVATIVE_SHARE_INDICATOR,
    sources: Iterable[str] = (),
) -> list[Triple]:
    """Every dataset, structure and observation of ``kg:indicators`` (pure)."""
    out = target_triples(indicator) + survey_triples(indicator)
    sources = list(sources)
    for breakdown in BREAKDOWNS:
        out += structure_triples(breakdown)
    for (flag, breakdown), cells in aggregates.items():
        name = series_name(flag, breakdown)
        out += _dataset_triples(name, flag, breakdown, indicator)
        out += [triple(dataset_iri(name), PROV + "wasDerivedFrom", g) for g in sources]
        for (year, key), cell in sorted(cells.items()):
            out += observation_triples(name, flag, breakdown, year, key, cell, indicator)
        if breakdown != "total":
            out += ranking_triples(name, breakdown, cells)
    return out


@dataclass(frozen=True)
class ComputeResult:
    """What one recomputation did."""

    lots: int
    series: int
    observations: int
    triples: int
    seconds: float


def compute(store: Store, *, indicator: str = INNOVATIVE_SHARE_INDICATOR) -> ComputeResult:
    """Recompute every series from the lots in ``store`` and replace ``kg:indicators``.

    Returns counts and the time taken. If reading or aggregating raises, the
    previous cube stays; the cube is then written with :meth:`Store.rebuild_graph`
    (drop and bulk load, not atomic: for a few seconds readers may see it empty
    or partly written), because the whole cube changes on every recomputation
    and a diffing transaction of ~400,000 triples is several times slower.
    """
    started = time.perf_counter()
    facts = list(lot_facts(store))
    aggregates = aggregate(facts)
    sources = [g for g in store.graphs() if g.startswith(graph_iri("notices"))]
    triples = cube_triples(aggregates, indicator=indicator, sources=sources)
    run = store.rebuild_graph(INDICATORS_GRAPH, triples, source="indicators", inputs=[])
    observations = sum(len(c) for c in aggregates.values()) + 1
    return ComputeResult(
        lots=len(facts),
        series=len(aggregates) + 1,
        observations=observations,
        triples=run.triple_count,
        seconds=time.perf_counter() - started,
    )


# ------------------------------------------------------------------- read
@dataclass(frozen=True)
class Point:
    """One observation of a series, ready for a chart or a table row."""

    year: int
    share: float
    method: str = METHOD_NOTICES
    key: str | None = None  # breakdown value: buyer IRI, NUTS code, CPV division, type
    label: str | None = None  # its name (buyer name, region, CPV division title)
    value_share: float | None = None
    lots: int | None = None
    flagged: int | None = None
    missing_flag: int | None = None
    missing_value: int | None = None
    amount: float | None = None
    flagged_amount: float | None = None


@dataclass(frozen=True)
class SeriesInfo:
    """A series as listed: name, titles, flag, breakdown, number of observations."""

    name: str
    title: dict[str, str]
    flag: str
    breakdown: str
    observations: int


@dataclass(frozen=True)
class Series:
    """One indicator series: its points, the indicator it measures and its target."""

    name: str
    title: dict[str, str]
    flag: str
    breakdown: str
    indicator: str | None
    target: float | None  # a share, 0.10 for the 10 % goal
    points: list[Point]


class UnknownSeries(KeyError):
    """No series of that name in ``kg:indicators``."""


_PQ = f"PREFIX qb: <{QB}>\nPREFIX keino: <{KEINO_NS}>\nPREFIX dct: <{DCT}>\n"
_Q_LIST = (
    _PQ
    + f"""PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?ds ?name ?flag ?label (COUNT(?obs) AS ?n) WHERE {{ GRAPH <{INDICATORS_GRAPH}> {{
  ?ds a qb:DataSet ; dct:identifier ?name ; keino:flag ?flag ; rdfs:label ?label .
  OPTIONAL {{ ?obs qb:dataSet ?ds }} }} }} GROUP BY ?ds ?name ?flag ?label ORDER BY ?name"""
)
_Q_HEAD = (
    _PQ
    + f"""PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?ds ?label ?flag ?indicator ?target WHERE {{ GRAPH <{INDICATORS_GRAPH}> {{
  ?ds keino:flag ?flag ; rdfs:label ?label .
  OPTIONAL {{ ?ds keino:indicator ?indicator }}
  OPTIONAL {{ ?ds keino:hasTarget/keino:targetValue ?target }} }} }}"""
)
#: one row per (observation, property): pivoted in Python, because a row per
#: observation with eight OPTIONALs is ten times slower on a 10,000-point series
_Q_POINTS = (
    _PQ
    + f"""SELECT ?obs ?p ?o WHERE {{
  GRAPH <{INDICATORS_GRAPH}> {{ ?obs qb:dataSet ?ds ; ?p ?o }} }}"""
)
_Q_POINTS_OF_KEYS = (
    _PQ
    + f"""SELECT ?obs ?p ?o WHERE {{ VALUES
  GRAPH <{INDICATORS_GRAPH}> {{ ?obs qb:dataSet ?ds ; keino:breakdown ?key ; ?p ?o }} }}"""
)
#: the breakdown values of a series by lots, ranked when the cube was written
_Q_TOP = (
    _PQ
    + f"""SELECT ?key ?n WHERE {{ GRAPH <{INDICATORS_GRAPH}> {{
  ?ds keino:ranking ?r . ?r keino:rank ?n ; keino:breakdown ?key FILTER(?n <= ?limit) }} }}
ORDER BY ?n"""
)
_Q_NAMES = (
    _PQ
    + f"""PREFIX epo: <{EPO_NS}>
SELECT DISTINCT ?key ?name WHERE {{
  GRAPH <{INDICATORS_GRAPH}> {{ ?obs qb:dataSet ?ds ; keino:breakdown ?key }}
  ?key epo:hasLegalName ?name }}"""
)
_TYPE_LABEL = {"municipal": "kunnat", "state": "valtio", "other": "muut", "unknown": "tuntematon"}


def _breakdown_of(name: str) -> str:
    return name.split("-share-by-", 1)[1] if "-share-by-" in name else "total"


def list_series(store: Store) -> list[SeriesInfo]:
    """Every series in ``kg:indicators`` (empty before the first computation)."""
    found: dict[str, dict[str, Any]] = {}
    for _ds, name, flag, label, n in _rows(store, _Q_LIST):
        entry = found.setdefault(name.value, {"title": {}, "flag": flag.value, "n": 0})
        entry["title"][label.language or ""] = label.value
        entry["n"] = max(entry["n"], int(n.value))
    return [
        SeriesInfo(
            name=name,
            title=dict(sorted(e["title"].items())),
            flag=e["flag"].rsplit("#", 1)[-1],
            breakdown=_breakdown_of(name) if name != SURVEY_SERIES else "total",
            observations=e["n"],
        )
        for name, e in sorted(found.items())
    ]


def series(store: Store, name: str, *, limit: int | None = None) -> Series:
    """The series ``name`` read from the cube, points by year then breakdown.

    ``<flag>-share`` also carries the survey observations (``method="survey"``)
    so that one chart shows both. ``limit`` keeps the points of the ``limit``
    breakdown values with the most lots over all years (the largest buyers of a
    by-buyer series; ties go to the first key; None keeps all). Raises
    :class:`UnknownSeries`.
    """
    ds = dataset_iri(name)
    head = list(_rows_for(store, _Q_HEAD, ds))
    if not head:
        raise UnknownSeries(name)
    title = {h[1].language or "": h[1].value for h in head}
    indicator = next((h[3].value for h in head if h[3] is not None), None)
    target = next((float(h[4].value) for h in head if h[4] is not None), None)
    breakdown = _breakdown_of(name) if name != SURVEY_SERIES else "total"
    method = METHOD_SURVEY if name == SURVEY_SERIES else METHOD_NOTICES
    keys = None if limit is None or breakdown == "total" else _top_keys(store, ds, limit)
    points = list(_points(store, ds, breakdown, method, keys))
    if name == "innovative-share":
        points += _points(store, dataset_iri(SURVEY_SERIES), breakdown, METHOD_SURVEY)
    points.sort(key=lambda p: (p.year, p.method, p.label or "", p.key or ""))
    flag = head[0][2].value.rsplit("#", 1)[-1]
    return Series(name, dict(sorted(title.items())), flag, breakdown, indicator, target, points)


def _top_keys(store: Store, ds: str, limit: int) -> list[str]:
    """The ``limit`` breakdown values of ``ds`` with the most lots, as SPARQL terms."""
    query = _Q_TOP.replace("?ds", f"<{ds}>").replace("?limit", str(int(limit)))
    return [str(solution[0]) for solution in store.query(query)]


def _rows_for(store: Store, sparql: str, ds: str) -> Iterator[list[Any]]:
    solutions = store.query(sparql, substitutions={"ds": iri(ds)})
    width = len(solutions.variables)
    for solution in solutions:
        yield [solution[i] for i in range(width)]


def _num(value: str | None, kind: type = float) -> Any:
    return None if value is None else kind(value)


def _points(
    store: Store, ds: str, breakdown: str, method: str, keys: list[str] | None = None
) -> Iterator[Point]:
    """The observations of data set ``ds`` (a known IRI: :func:`series` checked it).

    ``keys`` (breakdown values as stored, IRIs or literals in N-Triples form)
    restricts the read to those values.
    """
    values = "" if keys is None else "VALUES ?key { " + " ".join(keys) + " }\n"
    names: dict[str, str] = {}
    if breakdown == "buyer":
        query = _Q_NAMES.replace("?ds", f"<{ds}>").replace("WHERE {", "WHERE {" + values, 1)
        for key, name in store.select_values(query):
            assert key is not None and name is not None
            # a buyer with two legal names: keep the first in sort order
            names[key] = min(names.get(key, name), name)
    query = _Q_POINTS if keys is None else _Q_POINTS_OF_KEYS.replace("VALUES", values)
    observations: dict[str, dict[str, str | None]] = defaultdict(dict)
    for obs, p, o in store.select_values(query.replace("?ds", f"<{ds}>")):
        assert obs is not None and p is not None
        observations[obs][p.rsplit("#", 1)[-1]] = o
    for props in observations.values():
        key = props.get("breakdown")
        code = _key_code(breakdown, key) if key is not None else None
        yield Point(
            year=int((props["refPeriod"] or "0")[:4]),
            share=float(props["share"] or 0),
            method=props.get("method") or method,
            key=code,
            label=_key_label(breakdown, code, names.get(code) if code else None),
            value_share=_num(props.get("valueShare")),
            lots=_num(props.get("lotCount"), int),
            flagged=_num(props.get("flaggedCount"), int),
            missing_flag=_num(props.get("lotsMissingFlag"), int),
            missing_value=_num(props.get("lotsMissingValue"), int),
            amount=_num(props.get("amount")),
            flagged_amount=_num(props.get("flaggedAmount")),
        )


def _key_code(breakdown: str, value: str) -> str:
    if breakdown == "region":
        return _tail(value)
    if breakdown == "cpv-division":
        return _tail(value)[:2]
    return value


def _key_label(breakdown: str, code: str | None, name: str | None) -> str | None:
    """A readable name for a breakdown value (Finnish labels from the code lists)."""
    if code is None:
        return None
    if breakdown == "buyer":
        return name or _tail(code)
    if breakdown == "region":
        return nuts_label(code) or code
    if breakdown == "cpv-division":
        return f"{code} {cpv_label(code + '000000') or ''}".strip()
    return _TYPE_LABEL.get(code, code)


def point_rows(s: Series) -> list[dict[str, Any]]:
    """A series as flat rows (CSV, JSON, tables), with the target on each row."""
    return [{"series": s.name, **p.__dict__, "target": s.target} for p in s.points]


COLUMNS = (
    "series",
    "year",
    "method",
    "key",
    "label",
    "share",
    "value_share",
    "lots",
    "flagged",
    "missing_flag",
    "missing_value",
    "amount",
    "flagged_amount",
    "target",
)


def series_csv(s: Series) -> str:
    """A series as CSV, one row per point, header :data:`COLUMNS`; empty = missing.

    >>> print(series_csv(Series("x", {}, "innovative", "total", None, 0.1,
    ...                         [Point(2018, 0.05, "survey")])), end="")
    series,year,method,key,label,share,value_share,lots,flagged,missing_flag,missing_value,amount,flagged_amount,target
    x,2018,survey,,,0.05,,,,,,,,0.1
    """
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in point_rows(s):
        writer.writerow(["" if row.get(c) is None else row[c] for c in COLUMNS])
    return out.getvalue()
