"""Lot facts: what the indicators need of each lot, read from the notice graphs.

A lot counts in the year its notice was published; lots of planning notices
(prior information) are left out, they announce no procurement. A lot that a
competition notice and a result notice both describe (same procedure id and lot
id) counts once, in the year of its first notice, with the awarded value. The
value is the awarded value, else the estimated one, in euros (another currency
is not comparable). Buyer type comes from the eForms buyer-legal-type code
(:data:`BUYER_TYPES`). The method of a lot's figures is the source format of its
first notice (``keino:noticeFormat``, :data:`METHODS`): eForms notices and TED
XML R2.0.9 notices are counted in separate lines of a series.

>>> BUYER_TYPES["la"], BUYER_TYPES["body-pl-cga"], buyer_type("ra"), buyer_type(None)
('municipal', 'state', 'other', 'unknown')
>>> method_of("ted-xml"), method_of(None)
('ted-xml-notices', 'notices')
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

from graph.codes import cpv_division
from graph.namespaces import DCTERMS, EPO, KEINO
from graph.rdf import RDF_TYPE
from graph.store import Store

#: the flags an indicator series can count
FLAGS = ("innovative", "green", "social")

#: notice source format (``keino:noticeFormat``) → the method its lots are counted by
METHODS = {"eforms": "eforms-notices", "ted-xml": "ted-xml-notices"}
#: the method of lots whose notice states no format (written before formats were recorded)
METHOD_NOTICES = "notices"

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

_KIND = {
    str(EPO.PlanningNotice): "planning",
    str(EPO.CompetitionNotice): "competition",
    str(EPO.ResultNotice): "result",
}


def method_of(notice_format: str | None) -> str:
    """The method of a notice's lots from its source format (``eforms``, ``ted-xml``)."""
    return METHODS.get(notice_format or "", METHOD_NOTICES)


def buyer_type(code: str | None) -> str:
    """``municipal``, ``state``, ``other`` or ``unknown`` for a buyer-legal-type code."""
    if not code:
        return "unknown"
    return BUYER_TYPES.get(code, "other")


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
    method: str = METHOD_NOTICES  # from the source format of the lot's first notice


@dataclass
class _Lot:
    notice: str
    kind: str = "other"
    method: str = METHOD_NOTICES
    published: dt.date | None = None
    estimated: float | None = None
    awarded: float | None = None
    flags: dict[str, bool] = field(default_factory=dict)
    cpv: str | None = None
    nuts: set[str] = field(default_factory=set)


def _tail(value: str) -> str:
    return value.rsplit("/", 1)[-1]


def _pair_map(store: Store, predicate: str) -> dict[str, str]:
    return dict(store.pairs(predicate))


def _read_lots(store: Store) -> dict[str, _Lot]:
    """Every lot with its notice kind, date, values, flags, main CPV and NUTS."""
    lots = {lot: _Lot(notice) for notice, lot in store.pairs(EPO.refersToLot)}
    kinds = {n: k for cls, k in _KIND.items() for n, _ in store.pairs(RDF_TYPE, cls)}
    dates = _pair_map(store, EPO.hasPublicationDate)
    formats = _pair_map(store, KEINO.noticeFormat)
    for d in lots.values():
        d.kind = kinds.get(d.notice, "other")
        d.method = method_of(formats.get(d.notice))
        if d.notice in dates:
            d.published = dt.date.fromisoformat(dates[d.notice][:10])
    for flag in FLAGS:
        for lot, v in store.pairs(KEINO[flag]):
            if (draft := lots.get(lot)) is not None:
                draft.flags[flag] = v in ("true", "1")
    _read_values(store, lots)
    purposes = _pair_map(store, EPO.hasMainClassification)
    for lot, purpose in store.pairs(EPO.hasPurpose):
        if (draft := lots.get(lot)) is not None and purpose in purposes:
            draft.cpv = _tail(purposes[purpose])
    places: dict[str, set[str]] = defaultdict(set)
    codes = _pair_map(store, EPO.hasNutsCode)  # place (dct:Location) → NUTS code
    for term, place in store.pairs(EPO.definesSpecificPlaceOfPerformance):
        if place in codes:
            places[term].add(_tail(codes[place]))
    for lot, term in store.pairs(EPO.foreseesContractSpecificTerm):
        if (draft := lots.get(lot)) is not None:
            draft.nuts |= places.get(term, set())
    return lots


def _read_values(store: Store, lots: dict[str, _Lot]) -> None:
    """Estimated and awarded values in euros (another currency is not comparable)."""
    amounts = _pair_map(store, EPO.hasAmountValue)
    currencies = _pair_map(store, EPO.hasCurrency)

    def euros(node: str) -> float | None:
        if node not in amounts or _tail(currencies.get(node, "EUR")) != "EUR":
            return None
        return float(amounts[node])

    for lot, node in store.pairs(EPO.hasEstimatedValue):
        if (draft := lots.get(lot)) is not None:
            draft.estimated = euros(node)
    outcome_lot = _pair_map(store, EPO.concernsLot)
    for outcome, node in store.pairs(EPO.hasAwardedValue):
        if (draft := lots.get(outcome_lot.get(outcome, ""))) is not None:
            draft.awarded = euros(node)


def _read_buyers(store: Store) -> dict[str, dict[str, str | None]]:
    """Notice → {buyer IRI: buyer-legal-type code or None}."""
    roles = {role for role, _ in store.pairs(RDF_TYPE, EPO.Buyer)}
    played = {r: o for r, o in store.pairs(EPO.playedBy) if r in roles}
    legal = _pair_map(store, EPO.hasBuyerLegalType)
    buyers: dict[str, dict[str, str | None]] = defaultdict(dict)
    for notice, role in store.pairs(EPO.refersToRole):
        if role in played:
            org, kind = played[role], legal.get(role)
            known = buyers[notice].get(org)
            buyers[notice][org] = known or (_tail(kind) if kind else None)
    return buyers


def _read_keys(store: Store, lots: dict[str, _Lot]) -> dict[str, tuple[str, str]]:
    """Lot → (procedure id, lot id) when the notice gives both (eForms BT-04, BT-137)."""
    ids = _pair_map(store, DCTERMS.identifier)
    procedures = _pair_map(store, EPO.refersToProcedure)
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
    """One lot described by several notices: first date, awarded value first, flags ORed;
    the method of the first notice (ties: the first lot IRI)."""
    drafts = sorted(
        (lots[m] for m in members), key=lambda d: d.published or dt.date.max
    )  # stable: members are sorted by lot IRI
    flags: dict[str, bool] = {}
    for d in drafts:
        for name, v in d.flags.items():
            flags[name] = flags.get(name, False) or v
    awarded = next((d.awarded for d in drafts if d.awarded is not None), None)
    estimated = next((d.estimated for d in drafts if d.estimated is not None), None)
    orgs = {o: k for d in drafts for o, k in buyers.get(d.notice, {}).items()}
    cpv = next((d.cpv for d in drafts if d.cpv), None)
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
        division=_division(cpv) if cpv else None,
        method=drafts[0].method,
    )


@functools.lru_cache(maxsize=4096)
def _division(cpv: str) -> str | None:
    try:
        return cpv_division(cpv)
    except ValueError:
        return None
