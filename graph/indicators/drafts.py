"""Lot drafts: what one notice graph says about each of its lots, and how drafts merge.

A *draft* is one lot as one notice batch (one ``kg:notices/…`` graph) describes
it: notice kind, publication date, values in cents, flags, main CPV, NUTS and
buyers. Drafts of the same lot (same procedure id and lot id, eForms BT-04 and
BT-137; else the same lot IRI) merge into one :class:`graph.lots.LotFacts`
(:func:`merge`): first date,
awarded value first, flags ORed, buyers united, the method (source format) of
the first notice. Lots of planning notices and
lots without a date do not count.

Drafts are read per graph, so that after a notice ingest only the new batch is
read (:mod:`graph.indicators.ledger` keeps the others).
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from graph.lots import (
    FLAGS,
    METHOD_NOTICES,
    NOTICE_KINDS,
    LotFacts,
    buyer_type,
    division_of,
    method_of,
)
from graph.namespaces import DCTERMS, EPO, KEINO
from graph.rdf import RDF_TYPE, iri, values
from graph.store import Store

_KIND = NOTICE_KINDS
_BUYER = str(EPO.Buyer)
#: the predicates of the lot shape the indicators read (``graph.procurement``)
_PREDICATES = [
    EPO.refersToLot, EPO.hasPublicationDate, KEINO.innovative, KEINO.green, KEINO.social,
    EPO.hasAmountValue, EPO.hasCurrency, EPO.hasEstimatedValue, EPO.concernsLot, EPO.hasNutsCode,
    EPO.hasAwardedValue, EPO.hasMainClassification, EPO.hasPurpose,
    EPO.definesSpecificPlaceOfPerformance, EPO.foreseesContractSpecificTerm, EPO.playedBy,
    EPO.hasBuyerLegalType, EPO.refersToRole, DCTERMS.identifier, EPO.refersToProcedure,
    KEINO.noticeFormat,
]  # fmt: skip


_CLASSES = frozenset([*_KIND, _BUYER])

#: predicate → its (subject, object) pairs in one graph
_Pairs = Callable[[str], list[tuple[str, str]]]


@dataclass
class Draft:
    """One lot as one notice graph describes it (values in euro cents)."""

    graph: str
    lot: str
    key: str  # merge key: procedure id and lot id, else the lot IRI
    kind: str = "other"
    published: str | None = None  # ISO date
    estimated: int | None = None
    awarded: int | None = None
    flags: dict[str, bool] = field(default_factory=dict)
    cpv: str | None = None
    nuts: list[str] = field(default_factory=list)
    buyers: dict[str, str | None] = field(default_factory=dict)
    method: str = METHOD_NOTICES

    def dumps(self) -> str:
        """The draft's facts as compact JSON (graph, lot and key are stored beside it)."""
        return json.dumps(
            [self.kind, self.published, self.estimated, self.awarded, self.flags, self.cpv,
             self.nuts, self.buyers, self.method],
            separators=(",", ":"),
        )  # fmt: skip

    @classmethod
    def loads(cls, graph: str, lot: str, key: str, payload: str) -> Draft:
        """The draft :meth:`dumps` wrote."""
        kind, published, estimated, awarded, flags, cpv, nuts, buyers, method = json.loads(payload)
        return cls(
            graph, lot, key, kind, published, estimated, awarded, flags, cpv, nuts, buyers, method
        )


def _tail(value: str) -> str:
    return value.rsplit("/", 1)[-1]


#: A lot value of this many euros or more is implausible and left out of value sums
#: (as if the lot stated none). No single Finnish procurement lot comes near it (the
#: largest are a few hundred million euros); values this large are framework
#: ceilings stated for every sub-lot, e.g. the bundled 2020 TED notice of a 5 bn €
#: London construction framework that gives 1–1.5 bn € for each of its 26 sub-lots.
#: The indicators page counts the lots left out (:func:`graph.currencies.implausible_lots`).
IMPLAUSIBLE_EUR = 1_000_000_000


def _cents(amount: str | None, currency: str | None) -> int | None:
    """An amount in euro cents; None without one, in another currency or when
    implausible (:data:`IMPLAUSIBLE_EUR` or more).

    >>> _cents("12.5", None), _cents("5", "SEK"), _cents("1500000000", "EUR")
    (1250, None, None)
    """
    if amount is None or _tail(currency or "EUR") != "EUR":
        return None
    euros = float(amount)
    return None if euros >= IMPLAUSIBLE_EUR else round(euros * 100)


def read_queries(graphs: Sequence[str]) -> list[tuple[str, str, str]]:
    """The SELECTs :func:`read_drafts` runs: (graph, predicate or class, query), each
    over one graph (its ``default_graph``) and one predicate, or one class for the
    notice and buyer types. One index scan each: a ``VALUES`` over graph names or
    ``GRAPH ?g`` made Oxigraph scan every quad of the store."""
    # VALUES built from the terms' own serialisation
    out = []
    for g in graphs:
        for p in _PREDICATES:
            where = values("p", [iri(p)])
            out.append((g, str(p), "SELECT ?s ?o WHERE { " + where + " ?s ?p ?o }"))
        for c in [*_KIND, _BUYER]:
            where = values("p", [iri(RDF_TYPE)]) + " " + values("o", [iri(c)])
            out.append((g, c, "SELECT ?s WHERE { " + where + " ?s ?p ?o }"))
    return out


def read_drafts(store: Store, graphs: Sequence[str]) -> dict[str, list[Draft]]:
    """Graph → the drafts of its lots, for each of ``graphs`` (per graph, one scan of
    each lot predicate and of each notice and buyer type)."""
    facts: dict[str, dict[str, list[tuple[str, str]]]] = {g: {} for g in graphs}
    types: dict[str, dict[str, list[str]]] = {g: {} for g in graphs}
    for g, term, query in read_queries(graphs):
        rows = store.select_values(query, default_graph=[g])
        if term in _CLASSES:
            types[g][term] = [row[0] or "" for row in rows]
        else:
            facts[g][term] = [(row[0] or "", row[1] or "") for row in rows]
    return {g: _graph_drafts(g, facts[g], types[g]) for g in graphs}


def _graph_drafts(
    graph: str, facts: dict[str, list[tuple[str, str]]], types: dict[str, list[str]]
) -> list[Draft]:
    """The drafts of one graph from its lot-shape pairs (predicate → (subject, object))."""

    def pairs(predicate: str) -> list[tuple[str, str]]:
        return facts.get(str(predicate), [])

    notice_of = {lot: notice for notice, lot in pairs(EPO.refersToLot)}
    lots = {lot: Draft(graph, lot, lot) for lot in notice_of}
    kinds = {n: kind for cls, kind in _KIND.items() for n in types.get(cls, [])}
    dates, formats = dict(pairs(EPO.hasPublicationDate)), dict(pairs(KEINO.noticeFormat))
    for lot, d in lots.items():
        d.kind = kinds.get(notice_of[lot], "other")
        d.method = method_of(formats.get(notice_of[lot]))
        date = dates.get(notice_of[lot])
        d.published = dt.date.fromisoformat(date[:10]).isoformat() if date else None
    for flag in FLAGS:
        for lot, v in pairs(KEINO[flag]):
            if (draft := lots.get(lot)) is not None:
                draft.flags[flag] = v in ("true", "1")
    amounts, currencies = dict(pairs(EPO.hasAmountValue)), dict(pairs(EPO.hasCurrency))
    for lot, node in pairs(EPO.hasEstimatedValue):
        if (draft := lots.get(lot)) is not None:
            draft.estimated = _cents(amounts.get(node), currencies.get(node))
    outcome_lot = dict(pairs(EPO.concernsLot))
    for outcome, node in pairs(EPO.hasAwardedValue):
        if (draft := lots.get(outcome_lot.get(outcome, ""))) is not None:
            draft.awarded = _cents(amounts.get(node), currencies.get(node))
    purposes = dict(pairs(EPO.hasMainClassification))
    for lot, purpose in pairs(EPO.hasPurpose):
        if (draft := lots.get(lot)) is not None and purpose in purposes:
            draft.cpv = _tail(purposes[purpose])
    places: dict[str, set[str]] = defaultdict(set)
    codes = dict(pairs(EPO.hasNutsCode))  # place (dct:Location) → NUTS code
    for term, place in pairs(EPO.definesSpecificPlaceOfPerformance):
        if place in codes:
            places[term].add(_tail(codes[place]))
    nuts_of: dict[str, set[str]] = defaultdict(set)
    for lot, term in pairs(EPO.foreseesContractSpecificTerm):
        nuts_of[lot] |= places.get(term, set())
    buyers = _buyers(pairs, set(types.get(_BUYER, [])))
    ids, procedures = dict(pairs(DCTERMS.identifier)), dict(pairs(EPO.refersToProcedure))
    for lot, d in lots.items():
        d.nuts = sorted(nuts_of.get(lot, ()))
        d.buyers = dict(buyers.get(notice_of[lot], {}))
        pid, lid = ids.get(procedures.get(notice_of[lot], "")), ids.get(lot)
        if pid is not None and lid is not None:
            d.key = json.dumps([pid, lid])
    return list(lots.values())


def _buyers(pairs: _Pairs, roles: set[str]) -> dict[str, dict[str, str | None]]:
    """Notice → {buyer IRI: buyer-legal-type code or None} (as :mod:`graph.lots`)."""
    played = {r: o for r, o in pairs(EPO.playedBy) if r in roles}
    legal = dict(pairs(EPO.hasBuyerLegalType))
    out: dict[str, dict[str, str | None]] = defaultdict(dict)
    for notice, role in pairs(EPO.refersToRole):
        if role in played:
            org, kind = played[role], legal.get(role)
            known = out[notice].get(org)
            out[notice][org] = known or (_tail(kind) if kind else None)
    return out


def _facts(d: Draft) -> LotFacts:
    """The lot of a single draft (most lots: one notice describes them)."""
    cents = d.awarded if d.awarded is not None else d.estimated
    assert d.published is not None
    return LotFacts(
        lot=d.lot,
        year=int(d.published[:4]),
        value=None if cents is None else cents / 100,
        flags={name: bool(v) for name, v in d.flags.items()},
        buyers=tuple(sorted(d.buyers)),
        buyer_types=tuple(sorted({buyer_type(k) for k in d.buyers.values()})),
        regions=tuple(n for n in d.nuts if len(n) == 5),
        division=division_of(d.cpv) if d.cpv else None,
        method=d.method,
    )


def merge(drafts: Iterable[Draft]) -> LotFacts | None:
    """The lot that the drafts of one merge key make, or None when none counts
    (planning notices, no date). Independent of the order the drafts come in."""
    counted = [d for d in drafts if d.kind != "planning" and d.published is not None]
    if not counted:
        return None
    if len(counted) == 1:
        return _facts(counted[0])
    counted.sort(key=lambda d: (d.published or "", d.lot, d.graph))
    flags: dict[str, bool] = {}
    for d in counted:
        for name, v in d.flags.items():
            flags[name] = flags.get(name, False) or v
    awarded = next((d.awarded for d in counted if d.awarded is not None), None)
    estimated = next((d.estimated for d in counted if d.estimated is not None), None)
    cents = awarded if awarded is not None else estimated
    orgs: dict[str, str | None] = {}
    for d in counted:
        orgs.update(d.buyers)
    cpv = next((d.cpv for d in counted if d.cpv), None)
    nuts = {n for d in counted for n in d.nuts if len(n) == 5}
    first = counted[0]
    assert first.published is not None
    return LotFacts(
        lot=min(d.lot for d in counted),
        year=int(first.published[:4]),
        value=None if cents is None else cents / 100,
        flags=flags,
        buyers=tuple(sorted(orgs)),
        buyer_types=tuple(sorted({buyer_type(k) for k in orgs.values()})),
        regions=tuple(sorted(nuts)),
        division=division_of(cpv) if cpv else None,
        method=first.method,
    )


def lot_facts(store: Store) -> Iterator[LotFacts]:
    """Every lot of every graph of ``store`` that counts, merged across notices and
    graphs by merge key (:func:`merge`), in merge-key order: the from-scratch
    reading that the ledger's batch-wise updates must agree with."""
    groups: dict[str, list[Draft]] = defaultdict(list)
    for drafts in read_drafts(store, store.graphs()).values():
        for d in drafts:
            groups[d.key].append(d)
    for key in sorted(groups):
        facts = merge(groups[key])
        if facts is not None:
            yield facts
