"""Ranking suppliers for a need (and open needs for a supplier) over a :class:`MatchIndex`.

The formulas and weights are documented in :mod:`graph.matching`; the
constants below are those weights, named.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from graph.codes import cpv_ancestors, cpv_code, nuts_ancestors, nuts_level
from graph.matching import index as ix
from graph.matching.model import Contribution, Match, Need, NeedMatch, StaleIndexError
from graph.matching.text import lemmas, ngrams
from graph.namespaces import KEINO_NS
from graph.procurement import lot_records, open_needs
from graph.store import PROV, PROVENANCE_GRAPH

WEIGHTS = {
    "text": 0.40,  # what the buyer wrote: the most specific evidence we have
    "cpv": 0.25,  # the buyer's own classification: coarse but deliberate
    "innovation": 0.15,  # the broker's goal: innovative, green, active suppliers
    "region": 0.10,  # local suppliers win more often, but the market is national
    "budget": 0.05,  # a supplier used to lots of that size
    "buyer": 0.05,  # has delivered to this buyer before
}
LEMMA_SHARE = 0.6  # text = 0.6 × lemma BM25 + 0.4 × n-gram BM25 (each scaled to the best)
CPV_LEVEL = {2: 0.2, 3: 0.4, 4: 0.6, 5: 0.8}  # significant digits of the shared code; within = 1
NUTS_LEVEL = {0: 0.1, 1: 0.3, 2: 0.6}  # NUTS level of the shared region; same region = 1
INNOVATION_PARTS = {
    "innovative": 0.30,  # lots flagged innovative (eForms / Hilma)
    "green": 0.20,  # lots flagged green or low-carbon
    "ecosystem": 0.20,  # green deals signed, KEINO programmes joined
    "recency": 0.15,  # half-life of the latest win
    "breadth": 0.15,  # CPV divisions won and number of wins
}
RECENCY_HALF_LIFE_DAYS = 730.0  # a win two years old counts half
BREADTH_DIVISIONS = 5  # winning in five CPV divisions is full breadth
MIN_NGRAM_COVERAGE = 0.3  # without a shared lemma, a third of the need's n-grams must match
NGRAM_MAX_DF = 0.2  # n-grams in more than 20 % of suppliers carry no signal; skipped for speed
EVIDENCE = 3  # lots cited per signal
EVIDENCE_WINDOW = 256  # newest wins searched first for evidence (all when too few match)
SATURATION = 0.5  # each further lot halves what is left to 1 (see saturate)


def saturate(n: np.ndarray | float) -> Any:
    """1 − 0.5ⁿ: one lot gives 0.5, two 0.75, three 0.875 (each more lot halves the doubt).

    >>> float(saturate(2))
    0.75
    """
    return 1.0 - np.power(SATURATION, n)


@lru_cache(maxsize=50_000)
def _cpv_chain(code: str) -> tuple[tuple[str, float], ...]:
    """(code, weight) from the need's code to its division, within-code first."""
    digits = cpv_code(code)
    if not digits:
        return ()
    out = [(digits, 1.0)]
    for anc in cpv_ancestors(digits):
        significant = max(2, len(anc.rstrip("0")))
        out.append((anc, CPV_LEVEL.get(significant, CPV_LEVEL[5])))
    return tuple(out)


@lru_cache(maxsize=10_000)
def _nuts_chain(code: str) -> tuple[tuple[str, float], ...]:
    out = [(code.upper(), 1.0)]
    out += [(anc, NUTS_LEVEL.get(nuts_level(anc), 0.1)) for anc in nuts_ancestors(code)]
    return tuple(out)


@dataclass
class Signals:
    """Each applicable signal's value per supplier, and who is a candidate."""

    values: dict[str, np.ndarray]
    candidates: np.ndarray  # bool
    query_lemmas: np.ndarray  # lemma ids of the need, for evidence
    best_keys: dict[str, list[tuple[str, float]]]  # signal → chain, for evidence

    def score(self) -> np.ndarray:
        """Σ wₛ · valueₛ / Σ wₛ per supplier over the applicable signals."""
        total = sum(WEIGHTS[s] for s in self.values)
        out = np.zeros(len(self.candidates))
        for name, values in self.values.items():
            out += WEIGHTS[name] * values
        return out / total


class Matcher:
    """Ranks suppliers for needs over one :class:`~graph.matching.index.MatchIndex`."""

    def __init__(self, index: ix.MatchIndex) -> None:
        self.index = index
        self._lemma = {t: i for i, t in enumerate(index.lemma_vocab)}
        self._ngram = {t: i for i, t in enumerate(index.ngram_vocab)}
        self._cpv = {t: i for i, t in enumerate(index.cpv_keys)}
        self._nuts = {t: i for i, t in enumerate(index.nuts_keys)}
        self._buyer = {t: i for i, t in enumerate(index.buyer_keys)}
        self._supplier = {t: i for i, t in enumerate(index.suppliers)}
        self._cpv_keys = np.array(index.cpv_keys or [""], dtype=str)
        self._nuts_keys = np.array(index.nuts_keys or [""], dtype=str)
        self._buyer_keys = np.array(index.buyer_keys or [""], dtype=object)
        self._innovation = _innovation(index)
        self._typical_value = _typical_values(index)
        self._newest: dict[int, np.ndarray] = {}
        self._under_cache: dict[tuple[str, str], np.ndarray] = {}

    # ----------------------------------------------------------- construction
    @classmethod
    def from_store(cls, store: Any) -> Matcher:
        """Build from every lot of the store (winners = suppliers) and the ecosystem."""
        return cls(
            ix.build_index(
                lot_records(store),
                fingerprint=store_fingerprint(store),
                ecosystem=ecosystem_links(store),
                open_needs=open_needs(store),
            )
        )

    @classmethod
    def load(cls, store: Any, index_dir: Path) -> Matcher:
        """Load the persisted index; :class:`StaleIndexError` when the store moved on."""
        found, want = ix.stored_fingerprint(index_dir), store_fingerprint(store)
        if found != want:
            raise StaleIndexError(
                f"match index in {index_dir} was built from {found or 'nothing'}, the store is at "
                f"{want}: run `keino match --rebuild` or any ingest"
            )
        return cls(ix.load(index_dir))

    @classmethod
    def load_or_build(cls, store: Any, index_dir: Path | None) -> Matcher:
        """The persisted index when current, else a fresh one (saved when a folder is given)."""
        if index_dir is not None and ix.stored_fingerprint(index_dir) == store_fingerprint(store):
            return cls(ix.load(index_dir))
        matcher = cls.from_store(store)
        if index_dir is not None:
            ix.save(matcher.index, index_dir)
        return matcher

    def has_supplier(self, iri: str) -> bool:
        """Whether ``iri`` won at least one lot in the indexed graph."""
        return iri in self._supplier

    def is_current(self, store: Any) -> bool:
        """Whether the store is still in the state this index was built from."""
        return self.index.fingerprint == store_fingerprint(store)

    # ---------------------------------------------------------------- queries
    def match(self, need: Need) -> list[Match]:
        """Suppliers for ``need``, best first, each with its explanation."""
        if not self.index.suppliers:
            return []
        sig = self.signals(need)
        scores = sig.score()
        order = _top(scores, sig.candidates, need.limit, self.index.suppliers)
        return [
            Match(
                self.index.suppliers[s],
                self.index.labels[s],
                round(float(scores[s]), 6),
                self.explain(sig, s, need),
            )
            for s in order
        ]

    def needs_for(self, supplier_iri: str, limit: int = 10) -> list[NeedMatch]:
        """Open needs ranked for one supplier by the same score; [] for an unknown supplier."""
        s = self._supplier.get(supplier_iri)
        if s is None:
            return []
        found = []
        for entry in self.index.open_needs:
            need = need_of(entry)
            sig = self.signals(need)
            if sig.candidates[s]:
                score = round(float(sig.score()[s]), 6)
                found.append(
                    NeedMatch(entry["lot"], entry["notice"], entry["title"], score,
                              self.explain(sig, s, need))
                )  # fmt: skip
        found.sort(key=lambda m: (-m.score, m.lot_iri))
        return found[:limit]

    # ---------------------------------------------------------------- signals
    def signals(self, need: Need) -> Signals:
        """The value of each applicable signal for every supplier."""
        n = len(self.index.suppliers)
        text, candidates, query = self._text(need.text, n)
        values = {"text": text, "innovation": self._innovation["total"]}
        chains: dict[str, list[tuple[str, float]]] = {}
        if need.cpv:
            chains["cpv"] = [kw for c in need.cpv for kw in _cpv_chain(c)]
            values["cpv"] = self._hierarchy(self.index.cpv_postings, self._cpv, chains["cpv"], n)
            candidates |= values["cpv"] > 0
        if need.region:
            chains["region"] = list(_nuts_chain(need.region))
            values["region"] = self._hierarchy(
                self.index.nuts_postings, self._nuts, chains["region"], n
            )
        if need.budget is not None and need.budget > 0:
            values["budget"] = _budget_fit(need.budget, self._typical_value)
        if need.buyer:
            chains["buyer"] = [(need.buyer, 1.0)]
            values["buyer"] = self._hierarchy(
                self.index.buyer_postings, self._buyer, chains["buyer"], n
            )
        return Signals(values, candidates, query, chains)

    def _text(self, text: str, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Text value per supplier, who is a text candidate, and the need's lemma ids."""
        words = lemmas(text)
        lemma_ids = [self._lemma[w] for w in words if w in self._lemma]
        grams = list(dict.fromkeys(g for w in words for g in ngrams(w)))
        gram_ids = [self._ngram[g] for g in grams if g in self._ngram]
        max_df = max(1000, NGRAM_MAX_DF * n)
        lemma_part = _bm25(self.index.lemma_postings, lemma_ids, n)
        ngram_part = _bm25(self.index.ngram_postings, gram_ids, n, max_df=max_df)
        coverage = self._coverage(gram_ids, len(grams) - len(gram_ids), n, max_df)
        gram_value = coverage * _scaled(ngram_part)
        value = LEMMA_SHARE * _scaled(lemma_part) + (1 - LEMMA_SHARE) * gram_value
        candidates = (lemma_part > 0) | (coverage >= MIN_NGRAM_COVERAGE)
        value = np.where(candidates, value, 0.0)
        return value, candidates, np.array(sorted(set(lemma_ids)), dtype=np.int32)

    def _coverage(self, gram_ids: list[int], unseen: int, n: int, max_df: float) -> np.ndarray:
        """Share of the need's n-grams, weighted by idf, that occur in each supplier's wins.

        N-grams no supplier has count in the whole at the highest idf; the very
        common ones skipped by ``max_df`` count nowhere (their idf is near 0 anyway).
        """
        postings = self.index.ngram_postings
        found = np.zeros(n)
        total = unseen * math.log1p((n + 0.5) / 0.5)
        for term in gram_ids:
            lo, hi = postings.ptr[term], postings.ptr[term + 1]
            if hi - lo > max_df:
                continue
            idf = math.log1p((n - (hi - lo) + 0.5) / (hi - lo + 0.5))
            found[postings.idx[lo:hi]] += idf
            total += idf
        return found / total if total > 0 else found

    @staticmethod
    def _hierarchy(
        postings: ix.Csr, vocab: dict[str, int], chain: list[tuple[str, float]], n: int
    ) -> np.ndarray:
        """max over the chain of weight × saturate(number of the supplier's lots under it)."""
        best = np.zeros(n)
        for key, weight in chain:
            k = vocab.get(key)
            if k is None:
                continue
            docs = postings.row(k)
            best[docs] = np.maximum(best[docs], weight * saturate(postings.values(k)))
        return best

    # ------------------------------------------------------------ explanation
    def explain(self, sig: Signals, s: int, need: Need) -> list[Contribution]:
        """Each signal's share of supplier ``s``'s score, with its evidence IRIs."""
        total = sum(WEIGHTS[name] for name in sig.values)
        found: dict[str, Callable[[], list[str]]] = {
            "text": lambda: self._text_evidence(s, sig.query_lemmas),
            "cpv": lambda: self._chain_evidence(s, sig.best_keys["cpv"], "cpv"),
            "region": lambda: self._chain_evidence(s, sig.best_keys["region"], "region"),
            "innovation": lambda: self._innovation_evidence(s),
            "budget": lambda: self._budget_evidence(s, need.budget or 0.0),
            "buyer": lambda: [*self._chain_evidence(s, sig.best_keys["buyer"], "buyer")],
        }
        out = []
        for name, values in sig.values.items():
            value = float(values[s])
            if value > 0:
                share = round(WEIGHTS[name] * value / total, 6)
                out.append(Contribution(name, share, found[name]()))
        return sorted(out, key=lambda c: -c.contribution)

    def _lots_newest_first(self, s: int) -> np.ndarray:
        cached = self._newest.get(s)
        if cached is None:
            lots = self.index.supplier_lots.row(s)
            cached = lots[np.argsort(-self.index.lot_days[lots], kind="stable")]
            if len(self._newest) > 4096:  # bounded: the explanations of recent answers
                self._newest.clear()
            self._newest[s] = cached
        return cached

    def _cite(self, lots: list[int]) -> list[str]:
        """Lot IRIs and their notices' IRIs (the notice carries the source)."""
        out: list[str] = []
        for lot in lots[:EVIDENCE]:
            out += [self.index.lots[lot], self.index.notices[lot]]
        return list(dict.fromkeys(out))

    def _text_evidence(self, s: int, query: np.ndarray) -> list[str]:
        lots = self._lots_newest_first(s)[: 4 * EVIDENCE_WINDOW]  # best of the recent wins
        wanted = np.zeros(len(self._lemma), dtype=bool)
        wanted[query] = True
        overlap = _row_hits(self.index.lot_lemmas, lots, wanted)
        top = np.argsort(-overlap, kind="stable")[:EVIDENCE]
        top = top[overlap[top] > 0]
        return self._cite([int(x) for x in (lots[top] if len(top) else lots)])

    def _chain_evidence(self, s: int, chain: list[tuple[str, float]], signal: str) -> list[str]:
        """The supplier's newest lots under the most specific key of the chain it has."""
        postings, vocab, rows, keys = {
            "cpv": (self.index.cpv_postings, self._cpv, self.index.lot_cpv, self._cpv_keys),
            "region": (self.index.nuts_postings, self._nuts, self.index.lot_nuts,
                       self._nuts_keys),
            "buyer": (self.index.buyer_postings, self._buyer, self.index.lot_buyers,
                      self._buyer_keys),
        }[signal]  # fmt: skip
        for key, _weight in sorted(chain, key=lambda kw: -kw[1]):
            k = vocab.get(key)
            if k is None or not _contains(postings.row(k), s):
                continue
            # Codes nest by prefix (CPV 4521xxxx under 45210000, NUTS FI1B1 under FI1B).
            prefix = key.rstrip("0") if signal == "cpv" else key
            prefix = prefix if signal != "cpv" or len(prefix) >= 2 else key[:2]
            under = self._under(signal, keys, key, prefix)
            lots = self._lots_newest_first(s)[:EVIDENCE_WINDOW]
            hits = _row_hits(rows, lots, under)
            if (hits > 0).sum() < EVIDENCE and len(lots) == EVIDENCE_WINDOW:  # look further back
                lots = self._lots_newest_first(s)
                hits = _row_hits(rows, lots, under)
            cited = self._cite([int(x) for x in lots[hits > 0][:EVIDENCE]])
            home = self.index.supplier_nuts[s]
            if signal == "buyer":
                cited.append(key)
            elif signal == "region" and home and home.upper().startswith(prefix):
                cited.append(self.index.suppliers[s])  # matched by the registered address
            return cited
        return []

    def _under(self, signal: str, keys: np.ndarray, key: str, prefix: str) -> np.ndarray:
        """Which codes of the index fall under ``key`` (cached: the same few keys recur)."""
        found = self._under_cache.get((signal, key))
        if found is None:
            found = np.char.startswith(keys, prefix) if signal != "buyer" else keys == key
            if len(self._under_cache) > 4096:
                self._under_cache.clear()
            self._under_cache[(signal, key)] = found
        return found

    def _innovation_evidence(self, s: int) -> list[str]:
        lots = self._lots_newest_first(s)
        flagged = lots[self.index.lot_flags[lots] > 0][:EVIDENCE]
        cited = self._cite([int(x) for x in flagged])
        cited += self.index.ecosystem.get(self.index.suppliers[s], [])
        return cited or self._cite([int(lots[0])])  # recency and breadth rest on the latest win

    def _budget_evidence(self, s: int, budget: float) -> list[str]:
        lots = self._lots_newest_first(s)
        values = self.index.lot_value[lots]
        known = ~np.isnan(values) & (values > 0)
        lots, values = lots[known], values[known]
        closest = np.argsort(np.abs(np.log10(values / budget)), kind="stable")[:EVIDENCE]
        return self._cite([int(x) for x in lots[closest]])


# ------------------------------------------------------------------ helpers
def need_of(entry: dict[str, Any]) -> Need:
    """The :class:`Need` an open lot of the index stands for."""
    cpv = tuple(c for c in entry["cpv"] if cpv_code(c))
    return Need(entry["text"] or entry["title"], cpv, entry["region"], entry["budget"],
                entry["buyer"])  # fmt: skip


def _row_hits(rows: ix.Csr, picked: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """For each picked row, how many of its ids are ``wanted`` (a bool array over ids)."""
    ids, owner = rows.gather(picked)
    return np.bincount(owner, weights=wanted[ids], minlength=len(picked))


def _contains(sorted_ids: np.ndarray, s: int) -> bool:
    i = int(np.searchsorted(sorted_ids, s))
    return i < len(sorted_ids) and int(sorted_ids[i]) == s


def _bm25(postings: ix.Csr, terms: list[int], n: int, max_df: float | None = None) -> np.ndarray:
    """Σ over query terms (repeats count) of each supplier's BM25 weight."""
    scores = np.zeros(n, dtype=np.float64)
    for term, count in zip(*np.unique(np.array(terms, dtype=np.int64), return_counts=True),
                           strict=True):  # fmt: skip
        lo, hi = postings.ptr[term], postings.ptr[term + 1]
        if max_df is not None and hi - lo > max_df:
            continue
        assert postings.val is not None
        scores[postings.idx[lo:hi]] += count * postings.val[lo:hi]
    return scores


def _scaled(values: np.ndarray) -> np.ndarray:
    top = float(values.max()) if len(values) else 0.0
    return values / top if top > 0 else values


def _top(scores: np.ndarray, candidates: np.ndarray, k: int, iris: list[str]) -> list[int]:
    """The ``k`` best candidates; ties go to the smaller IRI so answers are repeatable."""
    ids = np.flatnonzero(candidates)
    if len(ids) > 4 * k:  # only sort a short list
        keep = np.argpartition(-scores[ids], 4 * k)[: 4 * k]
        ids = ids[keep]
    return sorted((int(i) for i in ids), key=lambda i: (-scores[i], iris[i]))[:k]


def _innovation(index: ix.MatchIndex) -> dict[str, np.ndarray]:
    """Query-independent parts of innovation potential per supplier, and their total."""
    n = len(index.suppliers)
    lots = index.supplier_lots.idx
    owner = np.repeat(np.arange(n), np.diff(index.supplier_lots.ptr))
    flags = index.lot_flags[lots]
    wins = np.bincount(owner, minlength=n).astype(np.float64)
    latest = np.zeros(n, dtype=np.int64)
    np.maximum.at(latest, owner, index.lot_days[lots])
    ref = dt.date.fromisoformat(index.reference_date).toordinal()
    age = np.where(latest > 0, ref - latest, 10 * RECENCY_HALF_LIFE_DAYS)
    divisions = _divisions_per_supplier(index, owner, lots, n)
    volume = np.log1p(wins) / math.log1p(max(float(wins.max(initial=0)), 1.0))
    parts = {
        "innovative": saturate(
            np.bincount(owner, weights=(flags & ix.INNOVATIVE) > 0, minlength=n)
        ),
        "green": saturate(np.bincount(owner, weights=(flags & ix.GREEN) > 0, minlength=n)),
        "ecosystem": saturate(np.array([len(index.ecosystem.get(i, [])) for i in index.suppliers])),
        "recency": np.power(0.5, np.maximum(age, 0) / RECENCY_HALF_LIFE_DAYS),
        "breadth": 0.5 * np.minimum(divisions / BREADTH_DIVISIONS, 1.0) + 0.5 * volume,
    }
    parts["total"] = sum(INNOVATION_PARTS[k] * v for k, v in parts.items())
    return parts


def _divisions_per_supplier(
    index: ix.MatchIndex, owner: np.ndarray, lots: np.ndarray, n: int
) -> np.ndarray:
    key_division = np.array([int(k[:2]) for k in index.cpv_keys] or [0], dtype=np.int64)
    codes, pair_of = index.lot_cpv.gather(lots)
    division = key_division[codes]
    pairs = np.unique(owner[pair_of].astype(np.int64) * 100 + division)
    return np.bincount(pairs // 100, minlength=n).astype(np.float64)


def _typical_values(index: ix.MatchIndex) -> np.ndarray:
    """Geometric mean of each supplier's won-lot values (nan when none is known)."""
    n = len(index.suppliers)
    lots = index.supplier_lots.idx
    owner = np.repeat(np.arange(n), np.diff(index.supplier_lots.ptr))
    values = index.lot_value[lots]
    known = ~np.isnan(values) & (values > 0)
    logs = np.bincount(owner[known], weights=np.log10(values[known]), minlength=n)
    counts = np.bincount(owner[known], minlength=n)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(counts > 0, np.power(10.0, logs / np.maximum(counts, 1)), np.nan)


def _budget_fit(budget: float, typical: np.ndarray) -> np.ndarray:
    """1 − |log₁₀(budget / typical)| / 2, floored at 0: 10× off gives 0.5, 100× off 0."""
    with np.errstate(invalid="ignore", divide="ignore"):
        fit = 1.0 - np.abs(np.log10(budget / typical)) / 2.0
    return np.nan_to_num(np.clip(fit, 0.0, 1.0), nan=0.0)


# ------------------------------------------------------------ store facing
_Q_RUNS = f"""SELECT ?graph ?run ?sha ?count WHERE {{ GRAPH <{PROVENANCE_GRAPH}> {{
  ?graph <{PROV}wasGeneratedBy> ?run .
  OPTIONAL {{ ?run <{KEINO_NS}sha256> ?sha }} OPTIONAL {{ ?run <{KEINO_NS}tripleCount> ?count }}
}} }}"""
_Q_ECOSYSTEM = f"""PREFIX keino: <{KEINO_NS}>
PREFIX org: <http://www.w3.org/ns/org#>
SELECT DISTINCT ?org ?thing WHERE {{
  {{ ?thing a keino:GreenDeal .
     {{ ?thing keino:signatory ?org }} UNION {{ ?org keino:signed ?thing }} }}
  UNION
  {{ ?thing a keino:KeinoProgramme .
     {{ ?org keino:participatesIn ?thing }}
     UNION {{ ?m org:member ?org ; org:organization ?thing }} }}
}}"""


def store_fingerprint(store: Any) -> str:
    """SHA-256 over the current ingest run of every named graph (from ``kg:provenance``).

    Any ingest replaces its graph's run record, so any ingest changes this.
    """
    rows = sorted(
        "\t".join(term.value if term is not None else "" for term in solution)
        for solution in store.query(_Q_RUNS)
    )
    text = f"format {ix.FORMAT}\n" + "\n".join(rows)
    return hashlib.sha256(text.encode()).hexdigest()


def ecosystem_links(store: Any) -> dict[str, list[str]]:
    """Organisation IRI → green deals it signed and KEINO programmes it takes part in."""
    return ix.group_by((s["org"].value, s["thing"].value) for s in store.query(_Q_ECOSYSTEM))


def default_index_dir(store: Any) -> Path | None:
    """``<store>.match-index`` beside an on-disk store; None for an in-memory one."""
    path: Path | None = getattr(store, "path", None)
    return path.with_name(path.name + ".match-index") if path is not None else None
