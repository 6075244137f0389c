"""Candidates beyond past winners: registry companies whose main line fits the need.

A company of the registry (``kg:companies``) or of Business Finland's funding file
(``kg:funding``) that never won a lot can still be the supplier a broker looks
for. It joins the ranked list as a *potential* candidate when its TOL 2008 main
line fits the need, through the TOL ↔ CPV bridge (``kg:bridge``,
:mod:`graph.bridge`) or through the need's words in the line's label. A company
that also won lots (same IRI, i.e. business ID, or one ``owl:sameAs`` clique in
``kg:links``) is not a second candidate: its registry signals join its winner row.

Three signals (columns of :data:`graph.matching.features.SIGNALS`), for winners
and potential candidates alike:

==============  =====================================================================
``bridge``      max over the need's CPV codes and their ancestors (level weights as
                ``cpv``: 1 within the code … 0.2 same division) of the level weight ×
                the confidence of a mapping of the company's main line to a CPV code
                under it
``line_text``   idf-weighted share of the need's terms (lemmas and compound halves,
                :func:`graph.bridge.label_terms`) found in the main line's label
``funding``     1 − 0.5^(E / 250 000 €), E = Σ over the company's Business Finland
                funding of instrument weight × euros × 0.5^(years before the index's
                reference year / 3); research funding and grants weigh 1, ERDF 0.6,
                loans 0.3 (a loan is repaid: weaker evidence of R&D); funding decided
                after the reference year is left out (no look-ahead in a fit)
==============  =====================================================================

Everything here is arrays prepared once per index (:class:`Potentials`): per TOL
code the potential companies (compressed rows), per CPV key the mappings under it,
per company its funding value and NUTS codes by level; a need costs a few
gathers over the TOL codes that fit and the companies under them.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from graph.bridge import StoredMapping, label_terms, lemma_terms, stored_mappings, vocabulary_of
from graph.codes import cpv_ancestors, cpv_code, nuts_level
from graph.companies import NAMES, best_name
from graph.matching.csr import Csr

INSTRUMENTS = ("grant", "loan", "erdf", "research")
INSTRUMENT_WEIGHT = {"grant": 1.0, "loan": 0.3, "erdf": 0.6, "research": 1.0}
FUNDING_HALF_EUROS = 250_000.0  # weighted recent euros that give a funding value of 0.5
FUNDING_HALF_LIFE_YEARS = 3.0  # funding three years old counts half
EVIDENCE = 3  # funding records cited per contribution
#: the signals a never-won company can have, in the order of :meth:`Potentials.rows`
POTENTIAL_SIGNALS = ("bridge", "line_text", "funding", "innovation", "home")


@dataclass(frozen=True)
class FundingRecord:
    """One ``schema:MonetaryGrant`` of ``kg:funding``: IRI, instrument, year, euros."""

    iri: str
    instrument: str
    year: int
    amount: float


@dataclass(frozen=True)
class CompanyRecord:
    """A registry or funded organisation as the matcher needs it."""

    iri: str
    label: str
    tol: str | None = None  # 5-digit TOL 2008 main line
    tol_label: str | None = None  # its Finnish label, where the registry gives one
    nuts: str | None = None  # NUTS-3 of the registered municipality, where known
    funding: tuple[FundingRecord, ...] = ()
    same_as: tuple[str, ...] = ()  # the other IRIs of its owl:sameAs clique


@dataclass
class Registry:
    """Companies, their funding and the bridge as arrays (part of the match index)."""

    companies: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    supplier: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int32))  # -1: never won
    tol: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int32))  # -1: no line
    nuts: list[str | None] = field(default_factory=list)
    tol_codes: list[str] = field(default_factory=list)
    tol_labels: list[str] = field(default_factory=list)  # "" where no source gives one
    funding: Csr = field(default_factory=lambda: Csr.from_rows([]))
    funding_iris: list[str] = field(default_factory=list)
    funding_amount: np.ndarray = field(default_factory=lambda: np.zeros(0))
    funding_year: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int32))
    funding_kind: np.ndarray = field(default_factory=lambda: np.zeros(0, np.uint8))
    mapping_iris: list[str] = field(default_factory=list)
    mapping_tol: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int32))
    mapping_cpv: list[str] = field(default_factory=list)
    mapping_conf: np.ndarray = field(default_factory=lambda: np.zeros(0))
    reference_year: int = 0  # "now" for funding; later funding is left out

    @property
    def size(self) -> int:
        return len(self.companies)


def build_registry(
    companies: Iterable[CompanyRecord],
    mappings: Sequence[StoredMapping],
    suppliers: list[str],
    reference_year: int | None = None,
) -> Registry:
    """Arrays of ``companies`` and the bridge; a company whose IRI (or a clique member)
    is among ``suppliers`` (the index's winners) points at that winner.

    ``reference_year`` is "now" for the funding signal (funding decided later is left
    out, so a fit on older awards never sees it); None means the latest funding year.
    """
    winner = {iri: i for i, iri in enumerate(suppliers)}
    tol_ids: dict[str, int] = {}
    tol_labels: list[str] = []
    out = Registry()
    rows: list[list[int]] = []
    supplier, tol = [], []
    amounts, years, kinds = [], [], []
    for c in companies:
        out.companies.append(c.iri)
        out.labels.append(c.label)
        out.nuts.append(c.nuts)
        hit = next((winner[i] for i in (c.iri, *c.same_as) if i in winner), -1)
        supplier.append(hit)
        if c.tol:
            if c.tol not in tol_ids:
                tol_ids[c.tol] = len(tol_labels)
                tol_labels.append(c.tol_label or "")
            elif c.tol_label and not tol_labels[tol_ids[c.tol]]:
                tol_labels[tol_ids[c.tol]] = c.tol_label
        tol.append(tol_ids.get(c.tol, -1) if c.tol else -1)
        ids = []
        for f in c.funding:
            ids.append(len(out.funding_iris))
            out.funding_iris.append(f.iri)
            amounts.append(f.amount)
            years.append(f.year)
            kinds.append(INSTRUMENTS.index(f.instrument) if f.instrument in INSTRUMENTS else 0)
        rows.append(ids)
    kept = [m for m in mappings if m.tol in tol_ids]  # a line no company has: no candidate
    out.mapping_iris = [m.iri for m in kept]
    out.mapping_tol = np.array([tol_ids[m.tol] for m in kept], dtype=np.int32)
    out.mapping_cpv = [m.cpv for m in kept]
    out.mapping_conf = np.array([m.confidence for m in kept], dtype=np.float64)
    out.supplier = np.array(supplier, dtype=np.int32)
    out.tol = np.array(tol, dtype=np.int32)
    out.tol_codes, out.tol_labels = list(tol_ids), tol_labels
    out.funding = Csr.from_rows(rows)
    out.funding_amount = np.array(amounts, dtype=np.float64)
    out.funding_year = np.array(years, dtype=np.int32)
    out.funding_kind = np.array(kinds, dtype=np.uint8)
    latest = int(out.funding_year.max()) if len(out.funding_year) else 0
    out.reference_year = reference_year if reference_year is not None else latest
    return out


# -------------------------------------------------------------- per query
@dataclass
class Fit:
    """Per TOL code: the bridge and line-text values of one need, and the mapping cited."""

    bridge: np.ndarray  # per TOL code
    line_text: np.ndarray
    mapping: np.ndarray  # int: the mapping behind the bridge value, -1 none
    region: list[tuple[str, float]]  # the need's NUTS chain


class Potentials:
    """What a need asks of the registry, prepared once per index."""

    def __init__(self, registry: Registry, n_suppliers: int) -> None:
        self.r = registry
        n_tol = len(registry.tol_codes)
        self.n_tol = n_tol
        never = np.flatnonzero((registry.supplier < 0) & (registry.tol >= 0))
        self.company = never.astype(np.int64)  # potential position → company
        order = np.argsort(registry.tol[never], kind="stable")
        rows = registry.tol[never][order]
        ptr = np.zeros(n_tol + 1, dtype=np.int64)
        np.cumsum(np.bincount(rows, minlength=n_tol), out=ptr[1:])
        self.by_tol = Csr(ptr, order.astype(np.int32))  # TOL code → potential positions
        self.supplier_company = np.full(n_suppliers, -1, dtype=np.int64)
        won = np.flatnonzero(registry.supplier >= 0)
        self.supplier_company[registry.supplier[won]] = won
        self.reference_year = registry.reference_year
        self.funding_value = self._funding_values()
        # per potential position, so that scoring a long candidate list is one gather each
        self.potential_tol = registry.tol[never].astype(np.int64)
        self.potential_funding = self.funding_value[never]
        self.bridge_keys = _bridge_postings(registry)
        self.vocabulary = vocabulary_of(registry.tol_labels)
        self.term_postings, self.term_idf = _term_postings(registry.tol_labels, self.vocabulary)
        self.nuts_levels = _nuts_levels(registry.nuts)

    # ------------------------------------------------------------- static
    def _funding_values(self) -> np.ndarray:
        """1 − 0.5^(weighted, discounted euros / FUNDING_HALF_EUROS) per company."""
        r = self.r
        n = r.size
        owner = np.zeros(len(r.funding_iris), dtype=np.int64)
        owner[r.funding.idx] = np.repeat(np.arange(n), np.diff(r.funding.ptr))
        weight = np.array([INSTRUMENT_WEIGHT[k] for k in INSTRUMENTS])[r.funding_kind]
        age = np.maximum(self.reference_year - r.funding_year, 0)
        usable = r.funding_year <= self.reference_year
        decay = np.power(0.5, age / FUNDING_HALF_LIFE_YEARS)
        euros = np.where(usable, weight * r.funding_amount * decay, 0.0)
        total = np.maximum(np.bincount(owner, weights=euros, minlength=n), 0.0)
        return np.asarray(1.0 - np.power(0.5, total / FUNDING_HALF_EUROS))

    def supplier_values(self, name: str, fit: Fit | None) -> np.ndarray:
        """A registry signal for every winner (0 where the winner is no registry company)."""
        out = np.zeros(len(self.supplier_company))
        has = self.supplier_company >= 0
        company = self.supplier_company[has]
        if name == "funding":
            out[has] = self.funding_value[company]
            return out
        assert fit is not None
        tol = self.r.tol[company]
        lined = tol >= 0
        values = np.zeros(len(company))
        values[lined] = getattr(fit, name)[tol[lined]]
        out[has] = values
        return out

    # -------------------------------------------------------------- query
    def fit(self, cpv_chain: list[tuple[str, float]], lemmas: list[str],
            region: list[tuple[str, float]]) -> Fit:  # fmt: skip
        """The bridge and line-text value of every TOL code for one need (its CPV chain,
        the lemmas of its text, its NUTS chain)."""
        bridge = np.zeros(self.n_tol)
        mapping = np.full(self.n_tol, -1, dtype=np.int64)
        found = [self.bridge_keys[k] + (w,) for k, w in cpv_chain if k in self.bridge_keys]
        if found:
            tols = np.concatenate([f[0] for f in found])
            values = np.concatenate([f[1] * f[3] for f in found])
            maps = np.concatenate([f[2] for f in found])
            order = np.argsort(values, kind="stable")  # the best value is written last
            bridge[tols[order]] = values[order]
            mapping[tols[order]] = maps[order]
        line = np.zeros(self.n_tol)
        terms = lemma_terms(lemmas, self.vocabulary)
        unseen = math.log1p(max(self.n_tol, 1))
        total = sum(self.term_idf.get(t, unseen) * w for t, w in terms.items())
        for term, weight in terms.items():
            posting = self.term_postings.get(term)
            if posting is None:
                continue
            ids, label_weight = posting
            line[ids] += self.term_idf[term] * np.minimum(weight, label_weight)
        if total > 0:
            line /= total
        return Fit(bridge, line, mapping, region)

    def candidates(self, fit: Fit) -> np.ndarray:
        """Potential positions (never-won companies) whose main line fits the need."""
        tols = np.flatnonzero((fit.bridge > 0) | (fit.line_text > 0))
        if not len(tols):
            return np.zeros(0, dtype=np.int64)
        pos, _ = self.by_tol.gather(tols)
        return np.sort(pos.astype(np.int64))

    def rows(self, fit: Fit, pos: np.ndarray, innovation: np.ndarray) -> np.ndarray:
        """(len(pos), len(POTENTIAL_SIGNALS)) values of potential candidates (``innovation``
        per potential position: the ecosystem part, as they won no flagged lot): the
        registry signals, the ecosystem part of innovation and the registered home;
        every other signal rests on won lots and is 0 for them (not stored: a
        candidate list can be long, and only the top few rows are ever widened)."""
        x = np.zeros((len(POTENTIAL_SIGNALS), len(pos)))  # one signal per contiguous row
        tol = self.potential_tol[pos]
        x[0] = fit.bridge[tol]
        x[1] = fit.line_text[tol]
        x[2] = self.potential_funding[pos]
        x[3] = innovation[pos]
        if fit.region:
            x[4] = self._home(fit.region, self.company[pos])
        return x.T

    def _home(self, chain: list[tuple[str, float]], company: np.ndarray) -> np.ndarray:
        best = np.zeros(len(company))
        for code, weight in chain:
            level = min(nuts_level(code), 3)
            ids = self.nuts_levels.get(level)
            if ids is None:
                continue
            key = ids[1].get(code.upper())
            if key is not None:
                best = np.maximum(best, weight * (ids[0][company] == key))
        return best

    # ---------------------------------------------------------- evidence
    def funding_evidence(self, company: int) -> list[str]:
        """The company's funding records that weigh most (newest first among equals)."""
        r = self.r
        ids = r.funding.row(company)
        if not len(ids):
            return []
        weight = np.array([INSTRUMENT_WEIGHT[k] for k in INSTRUMENTS])[r.funding_kind[ids]]
        usable = r.funding_year[ids] <= self.reference_year
        value = np.where(usable, weight * r.funding_amount[ids], -np.inf)
        order = np.lexsort((-r.funding_year[ids], -value))
        return [r.funding_iris[int(ids[i])] for i in order[:EVIDENCE] if usable[i]]


def _bridge_postings(registry: Registry) -> dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """CPV key (a mapped code and each of its ancestors) → (TOL ids, confidences, mapping ids)."""
    rows: dict[str, list[int]] = defaultdict(list)
    for m, code in enumerate(registry.mapping_cpv):
        digits = cpv_code(code)
        if digits:
            for key in (digits, *cpv_ancestors(digits)):
                rows[key].append(m)
    out = {}
    for key, maps in rows.items():
        ids = np.array(maps, dtype=np.int64)
        out[key] = (registry.mapping_tol[ids].astype(np.int64), registry.mapping_conf[ids], ids)
    return out


def _term_postings(
    labels: list[str], vocabulary: frozenset[str]
) -> tuple[dict[str, tuple[np.ndarray, np.ndarray]], dict[str, float]]:
    """Term → (TOL ids whose label has it, its weight there), and each term's idf."""
    rows: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for t, label in enumerate(labels):
        for term, weight in label_terms(label, vocabulary).items():
            rows[term].append((t, weight))
    n = max(len(labels), 1)
    postings = {
        term: (np.array([t for t, _ in r], np.int64), np.array([w for _, w in r]))
        for term, r in rows.items()
    }
    idf = {term: math.log1p(n / len(r)) for term, r in rows.items()}
    return postings, idf


def _nuts_levels(nuts: list[str | None]) -> dict[int, tuple[np.ndarray, dict[str, int]]]:
    """NUTS level → (per company the id of its code at that level, -1 none; code → id)."""
    out: dict[int, tuple[np.ndarray, dict[str, int]]] = {}
    for level, length in ((0, 2), (1, 3), (2, 4), (3, 5)):
        vocab: dict[str, int] = {}
        ids = np.array(
            [vocab.setdefault(c[:length].upper(), len(vocab)) if c and len(c) >= length else -1
             for c in nuts],
            dtype=np.int64,
        )  # fmt: skip
        out[level] = (ids, vocab)
    return out


# ------------------------------------------------------------ store facing
_PREFIXES = """PREFIX keino: <https://w3id.org/keino/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX schema: <https://schema.org/>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX epo: <http://data.europa.eu/a4g/ontology#>
"""
# An organisation named in several batch graphs has a copy of each fact per graph in
# the union; every fact is read DISTINCT on its own before the join, so the copies
# collapse first instead of multiplying (tests/test_restated_batches.py). Names follow
# graph.companies.NAME_RANK, as on the organisation's page.
_LINES = (
    _PREFIXES
    + """SELECT DISTINCT ?org ?tol ?label ?nuts WHERE {
  { SELECT DISTINCT ?org ?t WHERE { ?org keino:mainBusinessLine ?t } }
  ?t skos:notation ?tol .
  OPTIONAL { SELECT ?t (MIN(?l) AS ?label) WHERE { ?t skos:prefLabel ?l FILTER(LANG(?l) = "fi") }
             GROUP BY ?t }
  OPTIONAL { SELECT ?org (MIN(?code) AS ?nuts) WHERE {
      { SELECT DISTINCT ?org ?m WHERE { ?org keino:locatedIn ?m } }
      ?m keino:locatedIn ?r . ?r skos:exactMatch ?code } GROUP BY ?org }
}"""
)
_FUNDED = (
    _PREFIXES
    + """SELECT DISTINCT ?org ?grant ?kind ?year ?amount WHERE {
  { SELECT DISTINCT ?grant WHERE { ?grant a schema:MonetaryGrant } }
  { SELECT DISTINCT ?grant ?org WHERE { ?grant schema:fundedItem ?org } }
  { SELECT DISTINCT ?grant ?amount WHERE { ?grant schema:amount ?amount } }
  { SELECT DISTINCT ?grant ?year WHERE { ?grant keino:awardYear ?year } }
  { SELECT DISTINCT ?grant ?i WHERE { ?grant keino:fundingInstrument ?i } }
  ?i skos:notation ?kind .
}"""
)
_SAME_AS = _PREFIXES + "SELECT ?a ?b WHERE { ?a owl:sameAs ?b }"


def company_records(store: Any) -> list[CompanyRecord]:
    """Every organisation with a TOL main line or Business Finland funding, sorted by IRI."""
    facts: dict[str, dict[str, Any]] = {}
    for row in store.query(_LINES):
        slot = facts.setdefault(row["org"].value, {"funding": []})
        slot.setdefault("tol", row["tol"].value)
        for key in ("label", "nuts"):
            if row[key] is not None and key not in slot:
                slot[key] = row[key].value
    for row in store.query(_FUNDED):
        slot = facts.setdefault(row["org"].value, {"funding": []})
        slot["funding"].append(FundingRecord(row["grant"].value, row["kind"].value,
                                             int(row["year"].value),
                                             float(row["amount"].value)))  # fmt: skip
    names: dict[str, list[Any]] = defaultdict(list)
    for row in store.query(NAMES):
        if row["org"].value in facts:
            names[row["org"].value].append(row)
    clique: dict[str, set[str]] = defaultdict(set)
    for row in store.query(_SAME_AS):
        clique[row["a"].value].add(row["b"].value)
    return [
        CompanyRecord(
            iri=iri,
            label=best_name(names.get(iri, ())) or iri.rsplit("/", 1)[-1],
            tol=f.get("tol"),
            tol_label=f.get("label"),
            nuts=f["nuts"].rsplit("/", 1)[-1] if f.get("nuts") else None,
            funding=tuple(sorted(set(f["funding"]), key=lambda g: g.iri)),
            same_as=tuple(sorted(clique.get(iri, set()) - {iri})),
        )
        for iri, f in sorted(facts.items())
    ]


def read_bridge(store: Any) -> list[StoredMapping]:
    """The TOL ↔ CPV mappings of ``kg:bridge``."""
    return stored_mappings(store)
