"""Candidates and per-signal features of suppliers for a need, over a :class:`MatchIndex`.

Two steps kept apart so that another source of candidates (registry companies
that never won a contract) can plug in with its own first step and share the
second: :meth:`Features.candidates` says *who* is considered, and
:meth:`Features.matrix` gives every signal's value for each of them, one column
per name in :data:`SIGNALS`. The ranker (:mod:`graph.matching.ranker`) turns a
row into a score as Σ weightₛ · valueₛ. :meth:`Features.reverse` gives the same
values for one supplier against many needs at once (open needs → supplier).

Signals (each 0 when the need does not give what it rests on):

==================  =====================================================================
``text``            BM25 (k1 1.2, b 0.75) of the need's lemmas against one document per
                    supplier (its won lots' titles and descriptions), divided by the most
                    any document could score (Σ idf · (k1 + 1) over the need's lemmas)
``text_parts``      idf-weighted share of the need's 4-character n-grams found in the
                    supplier's wins (compound parts: ``latausasema`` ~ ``sähkölataus``)
``similar_lots``    the supplier's share (log scale, see :func:`log_share`) of the past
                    lots most like the need: each won lot
                    weighs (idf of the words it shares with the need / idf of all the
                    need's words)², so lots that say what the need says count most
``cpv``             max over the need's codes and their ancestors of level · grade(n),
                    n = the supplier's lots under that code (grade: n / (n + 1), see
                    :func:`grade`); level 1 within the code, 0.8
                    same category, 0.6 class, 0.4 group, 0.2 division
``cpv_share``       max over the same codes of level · the supplier's share of all lots
                    under that code (who usually wins this kind of lot), against the
                    fair share of the suppliers there (see :func:`relative_share`)
``region``          the same over NUTS: 1 same region, 0.6 NUTS-2, 0.3 NUTS-1, 0.1 country;
                    the registered address counts as one more lot there (adjacency = the
                    NUTS hierarchy)
``home``            where the supplier is registered against the need's region: 1 the same
                    region, 0.6 the same NUTS-2, 0.3 NUTS-1, 0.1 the same country
``cpv_wins``        log(1 + n) / log(11), n = the supplier's lots under one code of the
                    need: its most specific code (or ancestor) with at least 30 lots
                    in the index, else the one with most lots. Unlike ``cpv`` it does
                    not saturate: who won 40 lots of a kind is told from who won 8
``cpv_region``      cpv × region: a fit in this line of business *and* this area
``buyer``           grade(n), n = lots the supplier won from this buyer (incumbency)
``incumbency``      log(1 + n) / log(11), n = lots the supplier won from this buyer: unlike
                    ``buyer`` it keeps growing with every further lot (ten lots give 1)
``buyer_share``     the supplier's share of all lots this buyer awarded (loyalty), against
                    the fair share of the suppliers it bought from
``similar_buyers``  max over the 20 buyers most like this one (cosine of the suppliers
                    they bought from) of similarity · grade(n), n = the supplier's lots
                    from that buyer
``innovation``      0.4 innovative + 0.3 green + 0.3 ecosystem: the share of the supplier's
                    won lots flagged innovative, and green (or low-carbon), each over
                    (wins + 1) so one flagged win is not a 100 % record; 1 − 0.5ⁿ of the
                    green deals signed and KEINO programmes joined
``innovative``      the supplier's rate of innovative lots among its won lots whose notice
                    states the flag, minus the rate of all such lots, shrunk towards 0 as
                    far as the suppliers' spread says (:func:`shrunk_means`)
``price``           tanh(−m / 0.5), m = the supplier's mean log(awarded / estimated value)
                    minus that of all lots, shrunk the same way: above 0 when it tends to
                    win below the buyer's estimate (a cheaper bidder), 0 when unknown
``reach``           the supplier's won lots in another NUTS-2 area than its registered
                    address, over (wins + 1): firms that work nationally
``recency``         0.5^(days since the supplier's latest win / 730)
``volume``          log(1 + wins) / log(1 + most wins of any supplier)
``sme``             +1 SME (micro, small, medium), −1 large, 0 not stated (eForms BT-165)
``budget``          max(0, 1 − |log₁₀(budget / typical lot value)| / 2), typical = the
                    geometric mean of the supplier's won-lot values
``bridge``          the company's TOL main line against the need's CPV codes through the
                    TOL ↔ CPV bridge (:mod:`graph.matching.registry`)
``line_text``       the need's words in the label of the company's main line
``funding``         Business Finland funding: amounts, recency, research and grants over
                    loans (:mod:`graph.matching.registry`)
==================  =====================================================================

The last three come from the registry and the funding file, so they apply to
winners that are registry companies and to *potential* candidates: registry
companies that never won a lot (:meth:`Features.potential`), whose signals
resting on won lots are 0. The reverse direction (:meth:`Features.reverse`)
gives a winner that is a registry company all three, per open need as for a match.

A supplier is a candidate when it shares a lemma with the need, or at least
30 % of the need's n-grams (idf-weighted), or a CPV code up to the division:
region, buyer, size or innovation alone never put a supplier on the list.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from scipy import sparse

from graph.codes import cpv_ancestors, cpv_code, nuts_ancestors, nuts_level
from graph.matching import index as ix
from graph.matching.model import Need
from graph.matching.registry import POTENTIAL_SIGNALS, Fit, Potentials
from graph.matching.text import lemmas, ngrams

SIGNALS = (
    "text",
    "text_parts",
    "similar_lots",
    "cpv",
    "cpv_share",
    "cpv_wins",
    "region",
    "home",
    "cpv_region",
    "buyer",
    "incumbency",
    "buyer_share",
    "similar_buyers",
    "innovation",
    "innovative",
    "price",
    "reach",
    "recency",
    "volume",
    "sme",
    "budget",
    "bridge",
    "line_text",
    "funding",
)
REGISTRY_SIGNALS = ("bridge", "line_text", "funding")
COLUMN = {name: i for i, name in enumerate(SIGNALS)}
POTENTIAL_COLUMNS = [COLUMN[name] for name in POTENTIAL_SIGNALS]
SHARES = [COLUMN["similar_lots"]]  # cpv_share and buyer_share: see relative_share
SHARE_FLOOR = 0.01  # log_share: shares below 1 % count little, each tenfold above adds a step
CPV_LEVEL = {2: 0.2, 3: 0.4, 4: 0.6, 5: 0.8}  # significant digits of the shared code; within = 1
NUTS_LEVEL = {0: 0.1, 1: 0.3, 2: 0.6}  # NUTS level of the shared region; same region = 1
INNOVATION_PARTS = {"innovative": 0.4, "green": 0.3, "ecosystem": 0.3}
SME_CODES = frozenset({"sme", "micro", "small", "medium"})
RECENCY_HALF_LIFE_DAYS = 730.0  # a win two years old counts half
MIN_NGRAM_COVERAGE = 0.3  # without a shared lemma, a third of the need's n-grams must match
LOT_MAX_DF = 0.05  # words in more than 5 % of lots are left out of similar_lots (speed)
NGRAM_MAX_DF = 0.2  # n-grams in more than 20 % of suppliers carry no signal; skipped for speed
SIMILAR_BUYERS = 20  # buyers kept as "like this one"
SATURATION = 0.5  # each further lot halves what is left to 1 (see saturate)
INCUMBENCY_FULL = 10  # lots from one buyer at which ``incumbency`` reaches 1
CODE_MIN_LOTS = 30  # lots under a code before ``cpv_wins`` counts at that code
PRICE_SCALE = 0.5  # log(awarded / estimate) that makes ``price`` tanh(1) ≈ 0.76


def saturate(n: np.ndarray | float) -> np.ndarray:
    """1 − 0.5ⁿ: one lot gives 0.5, two 0.75, three 0.875 (each more lot halves the doubt).

    >>> float(saturate(2))
    0.75
    """
    return np.asarray(1.0 - np.power(SATURATION, n))


def grade(n: np.ndarray | float) -> np.ndarray:
    """n / (n + 1): one lot gives 0.5 (as :func:`saturate`), three 0.75, nine 0.9.

    Unlike 1 − 0.5ⁿ it still tells three lots from thirty, as winning goes on
    growing with a firm's record long after its third lot.

    >>> grade(np.array([0, 1, 3, 9])).round(2).tolist()
    [0.0, 0.5, 0.75, 0.9]
    """
    n = np.asarray(n, dtype=np.float64)
    return np.asarray(n / (n + 1.0))


@lru_cache(maxsize=50_000)
def cpv_chain(code: str) -> tuple[tuple[str, float], ...]:
    """(code, weight) from the need's code to its division, within-code first.

    >>> cpv_chain("45214200")[:2]
    (('45214200', 1.0), ('45214000', 0.8))
    """
    digits = cpv_code(code)
    if not digits:
        return ()
    out = [(digits, 1.0)]
    for anc in cpv_ancestors(digits):
        significant = max(2, len(anc.rstrip("0")))
        out.append((anc, CPV_LEVEL.get(significant, CPV_LEVEL[5])))
    return tuple(out)


@lru_cache(maxsize=10_000)
def nuts_chain(code: str) -> tuple[tuple[str, float], ...]:
    """(code, weight) from the need's region up to the country.

    >>> nuts_chain("FI1B1")
    (('FI1B1', 1.0), ('FI1B', 0.6), ('FI1', 0.3), ('FI', 0.1))
    """
    out = [(code.upper(), 1.0)]
    out += [(anc, NUTS_LEVEL.get(nuts_level(anc), 0.1)) for anc in nuts_ancestors(code)]
    return tuple(out)


@dataclass
class Query:
    """A need turned into the index's ids: what every feature reads."""

    need: Need
    lemma_ids: np.ndarray  # the need's known lemmas (repeats count)
    lemma_norm: float  # the most any supplier could score on them
    gram_ids: np.ndarray  # the need's known n-grams, the very common ones left out
    gram_idf: np.ndarray
    gram_total: float  # Σ idf of all the need's n-grams (unknown ones at the highest idf)
    lot_terms: np.ndarray  # the need's distinct known lemmas rare enough for similar_lots
    lot_weights: np.ndarray  # their idf over lots / the idf of all the need's lemmas
    chains: dict[str, list[tuple[str, float]]]  # cpv | region | buyer | similar_buyers
    fit: Fit | None = None  # per TOL code: bridge and line-text values (None: no registry)


class Features:
    """Per-signal values of suppliers for needs over one index (arrays built once)."""

    def __init__(self, index: ix.MatchIndex) -> None:
        self.index = index
        n = len(index.suppliers)
        self.n = n
        self.lemma = {t: i for i, t in enumerate(index.lemma_vocab)}
        self.ngram = {t: i for i, t in enumerate(index.ngram_vocab)}
        self.vocab = {
            "cpv": {t: i for i, t in enumerate(index.cpv_keys)},
            "region": {t: i for i, t in enumerate(index.nuts_keys)},
            "buyer": {t: i for i, t in enumerate(index.buyer_keys)},
        }
        self.postings = {
            "cpv": index.cpv_postings,
            "region": index.nuts_postings,
            "buyer": index.buyer_postings,
            "home": _home_postings(index, self.vocab["region"]),
        }
        self.totals = {k: _row_totals(p) for k, p in self.postings.items()}
        self.lemma_idf = _idf(index.lemma_postings, n)
        self.ngram_idf = _idf(index.ngram_postings, n)
        self.max_df = max(1000.0, NGRAM_MAX_DF * n)
        self.lot_terms, self.term_lots, self.lot_winners = _lot_matrices(index)
        n_lots = len(index.lots)
        self.lot_df = np.diff(self.term_lots.indptr)
        self.lot_idf = np.log1p((n_lots - self.lot_df + 0.5) / (self.lot_df + 0.5))
        self.lot_max_df = max(1000.0, LOT_MAX_DF * n_lots)
        self.static = _static(index)
        self.typical_value = _typical_values(index)
        self.similar = _similar_buyers(index)
        self.potentials = Potentials(index.registry, n)
        self.static["funding"] = self.potentials.supplier_values("funding", None)
        links = [len(index.ecosystem.get(iri, [])) for iri in index.registry.companies]
        self.company_innovation = INNOVATION_PARTS["ecosystem"] * saturate(
            np.array(links, dtype=np.float64)
        )
        self.potential_innovation = self.company_innovation[self.potentials.company]
        self._columns: dict[str, sparse.csc_matrix] = {}
        # winners that are registry companies with a main line: positions and TOL codes,
        # so the per-need registry signals of winners are one gather (not a pass over all)
        registered = np.flatnonzero(self.potentials.supplier_company >= 0)
        tol = index.registry.tol[self.potentials.supplier_company[registered]]
        self.lined = registered[tol >= 0]
        self.lined_tol = tol[tol >= 0].astype(np.int64)
        self._graded: dict[tuple[str, str], np.ndarray] = {}
        self._static_key = b""

    # ------------------------------------------------------------------ need
    def prepare(self, need: Need) -> Query:
        """Look the need's words and codes up in the index."""
        words = lemmas(need.text)
        lemma_ids = np.array([self.lemma[w] for w in words if w in self.lemma], dtype=np.int64)
        unseen_idf = math.log1p((self.n + 0.5) / 0.5)
        norm = float(self.lemma_idf[lemma_ids].sum()) + unseen_idf * (len(words) - len(lemma_ids))
        grams = list(dict.fromkeys(g for w in words for g in ngrams(w)))
        known = [self.ngram[g] for g in grams if g in self.ngram]
        df = np.diff(self.index.ngram_postings.ptr)
        kept = np.array([g for g in known if df[g] <= self.max_df], dtype=np.int64)
        gram_idf = self.ngram_idf[kept]
        distinct = np.unique(lemma_ids)
        rare = distinct[self.lot_df[distinct] <= self.lot_max_df]
        n_lots = len(self.index.lots)
        unseen_lot_idf = math.log1p((n_lots + 0.5) / 0.5)
        lot_total = float(self.lot_idf[distinct].sum()) + unseen_lot_idf * (
            len(set(words)) - len(distinct)
        )
        chains: dict[str, list[tuple[str, float]]] = {}
        if need.cpv:
            chains["cpv"] = [kw for c in need.cpv for kw in cpv_chain(c)]
        if need.region:
            chains["region"] = list(nuts_chain(need.region))
        if need.buyer:
            chains["buyer"] = [(need.buyer, 1.0)]
            chains["similar_buyers"] = self.similar.get(need.buyer, [])
        fit = None
        if self.potentials.n_tol:
            fit = self.potentials.fit(chains.get("cpv", []), words, chains.get("region", []))
        return Query(
            fit=fit,
            need=need,
            lemma_ids=lemma_ids,
            lemma_norm=norm * (ix.BM25_K1 + 1),
            gram_ids=kept,
            gram_idf=gram_idf,
            gram_total=float(gram_idf.sum()) + unseen_idf * (len(grams) - len(known)),
            lot_terms=rare,
            lot_weights=self.lot_idf[rare] / lot_total if lot_total > 0 else self.lot_idf[rare],
            chains=chains,
        )

    # ------------------------------------------------------------ candidates
    def candidates(self, q: Query) -> tuple[np.ndarray, dict[str, np.ndarray]]:
        """Past winners considered for the need (sorted ids), and the full-length
        arrays computed on the way (reused by :meth:`matrix`)."""
        full = {
            "text": _scatter(self.index.lemma_postings, q.lemma_ids, self.n)
            / max(q.lemma_norm, 1e-9),
            "text_parts": self._coverage(q),
            "similar_lots": self._similar_lots(q),
        }
        for name in ("cpv", "region", "buyer", "similar_buyers"):
            if name in q.chains:
                key = "buyer" if name == "similar_buyers" else name
                full[name] = self._hierarchy(key, q.chains[name])
        for name in ("cpv", "buyer"):
            if name in q.chains:
                full[name + "_share"] = self._hierarchy(name, q.chains[name], share=True)
        if "buyer" in q.chains:
            full["incumbency"] = self._hierarchy("buyer", q.chains["buyer"], log=True)
        code = self.count_key(q.chains.get("cpv", []))
        if code >= 0:
            postings = self.postings["cpv"]
            full["cpv_wins"] = np.zeros(self.n)
            full["cpv_wins"][postings.row(code)] = log_wins(postings.values(code))
        if "region" in q.chains:
            full["home"] = self._hierarchy("home", q.chains["region"], share=True)
        chosen = (full["text"] > 0) | (full["text_parts"] >= MIN_NGRAM_COVERAGE)
        if "cpv" in full:
            chosen |= full["cpv"] > 0
        full["text_parts"] = np.where(chosen, full["text_parts"], 0.0)
        if q.fit is not None:  # a winner that is a registry company: its line counts too
            for name in ("bridge", "line_text"):
                full[name] = np.zeros(self.n)
                full[name][self.lined] = getattr(q.fit, name)[self.lined_tol]
                chosen |= full[name] > 0
        return np.flatnonzero(chosen), full

    def scores(
        self, q: Query, ids: np.ndarray, full: dict[str, np.ndarray], weights: np.ndarray
    ) -> np.ndarray:
        """``matrix(q, ids, full) @ weights`` without building the matrix: each signal
        is added as a whole column (the same values, summed in another order, so equal
        up to rounding, ~1e-15). For ranking a long candidate list; the rows of the few
        kept are built with :meth:`matrix`."""
        # summed over every supplier, then picked: whole-array arithmetic is cheaper than
        # picking each column; the signals are added in the same order for each supplier
        total = self._static_score(weights).copy()
        for name, values in full.items():
            if COLUMN[name] in SHARES:
                values = log_share(values)
            total += weights[COLUMN[name]] * values
        if "cpv" in full and "region" in full:
            total += weights[COLUMN["cpv_region"]] * (full["cpv"] * full["region"])
        total = total[ids]
        if q.need.budget is not None and q.need.budget > 0:
            total += weights[COLUMN["budget"]] * budget_fit(q.need.budget, self.typical_value[ids])
        return total

    def _static_score(self, weights: np.ndarray) -> np.ndarray:
        """Σ weight × value of the need-independent signals, per supplier (cached per
        weight vector: a matcher keeps one)."""
        key = weights.tobytes()
        cached = self._graded.get(("static", "score"))
        if cached is None or self._static_key != key:
            cached = np.zeros(self.n)
            for name, values in self.static.items():
                cached += weights[COLUMN[name]] * values
            self._graded[("static", "score")] = cached
            self._static_key = key
        return cached

    def count_key(self, chain: list[tuple[str, float]]) -> int:
        """The CPV key ``cpv_wins`` counts at (-1 none): the most specific of the need's
        codes and ancestors with at least :data:`CODE_MIN_LOTS` lots, else the fullest."""
        vocab, totals = self.vocab["cpv"], self.totals["cpv"]
        known = [(w, vocab[c]) for c, w in chain if c in vocab]
        if not known:
            return -1
        full = [(w, k) for w, k in known if totals[k] >= CODE_MIN_LOTS]
        if full:
            return max(full, key=lambda wk: (wk[0], totals[wk[1]]))[1]
        return max(known, key=lambda wk: totals[wk[1]])[1]

    def potential(self, q: Query) -> tuple[np.ndarray, np.ndarray]:
        """Registry companies that never won a lot and whose main line fits the need:
        their positions (see :class:`~graph.matching.registry.Potentials`) and their
        values of :data:`~graph.matching.registry.POTENTIAL_SIGNALS` (columns
        :data:`POTENTIAL_COLUMNS` of SIGNALS; every other signal is 0 for them)."""
        if q.fit is None:
            return np.zeros(0, dtype=np.int64), np.zeros((0, len(POTENTIAL_SIGNALS)))
        pos = self.potentials.candidates(q.fit)
        return pos, self.potentials.rows(q.fit, pos, self.potential_innovation)

    @staticmethod
    def widen(values: np.ndarray) -> np.ndarray:
        """One potential candidate's :data:`POTENTIAL_SIGNALS` values as a full SIGNALS row."""
        row = np.zeros(len(SIGNALS))
        row[POTENTIAL_COLUMNS] = values
        return row

    # -------------------------------------------------------------- features
    def matrix(self, q: Query, ids: np.ndarray, full: dict[str, np.ndarray]) -> np.ndarray:
        """(len(ids), len(SIGNALS)) values of every signal for the suppliers ``ids``."""
        x = np.zeros((len(ids), len(SIGNALS)))
        for name, values in full.items():
            x[:, COLUMN[name]] = values[ids]
        x[:, COLUMN["cpv_region"]] = x[:, COLUMN["cpv"]] * x[:, COLUMN["region"]]
        x[:, SHARES] = log_share(x[:, SHARES])
        for name, values in self.static.items():
            x[:, COLUMN[name]] = values[ids]
        if q.need.budget is not None and q.need.budget > 0:
            x[:, COLUMN["budget"]] = budget_fit(q.need.budget, self.typical_value[ids])
        return x

    def _coverage(self, q: Query) -> np.ndarray:
        """Share of the need's n-grams, weighted by idf, that occur in each supplier's wins."""
        postings = self.index.ngram_postings
        found = np.zeros(self.n)
        for term, idf in zip(q.gram_ids, q.gram_idf, strict=True):
            found[postings.idx[postings.ptr[term] : postings.ptr[term + 1]]] += idf
        return found / q.gram_total if q.gram_total > 0 else found

    def _similar_lots(self, q: Query) -> np.ndarray:
        """Each supplier's share of Σ similarity² over the past lots sharing the need's words."""
        sim = np.zeros(len(self.index.lots))
        tl = self.term_lots
        for term, weight in zip(q.lot_terms, q.lot_weights, strict=True):
            sim[tl.indices[tl.indptr[term] : tl.indptr[term + 1]]] += weight
        lots = np.flatnonzero(sim)
        if not len(lots):
            return np.zeros(self.n)
        mass = sim[lots] ** 2
        w = self.lot_winners
        counts = np.diff(w.indptr)[lots]
        starts = np.repeat(w.indptr[lots], counts)
        offsets = np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts)
        won = np.bincount(
            w.indices[starts + offsets], weights=np.repeat(mass, counts), minlength=self.n
        )
        total = float((mass * counts).sum())  # a lot counts once per winner
        return np.asarray(won / total, dtype=np.float64)

    def _hierarchy(
        self, key: str, chain: list[tuple[str, float]], *, share: bool = False, log: bool = False
    ) -> np.ndarray:
        """max over the chain of weight × grade(number of the supplier's lots under
        it); with ``share`` weight × that number / all lots under it; with ``log``
        weight × :func:`log_wins` of that number."""
        postings, vocab = self.postings[key], self.vocab["region" if key == "home" else key]
        graded = self._graded_values(key, "share" if share else "log" if log else "grade")
        best = np.zeros(self.n)
        for code, weight in chain:
            k = vocab.get(code)
            if k is None:
                continue
            lo, hi = postings.ptr[k], postings.ptr[k + 1]
            docs = postings.idx[lo:hi]
            best[docs] = np.maximum(best[docs], weight * graded[lo:hi])
        return best

    def _graded_values(self, key: str, mode: str) -> np.ndarray:
        """The value :meth:`_hierarchy` gives each posting of ``key`` in ``mode`` (grade,
        share or log of the lot count; the count itself for ``home``), computed once per
        index rather than per need: they depend on the posting alone."""
        cached = self._graded.get((key, mode))
        if cached is None:
            postings = self.postings[key]
            assert postings.val is not None
            counts = postings.val.astype(np.float64)
            if key == "home":
                cached = postings.val  # float32 as stored: weight × it stays float32 as before
            elif mode == "share":
                rows = np.diff(postings.ptr)
                owner = np.repeat(np.arange(len(rows)), rows)
                cached = relative_share(counts / self.totals[key][owner], rows[owner])
            elif mode == "log":
                cached = log_wins(counts)
            else:
                cached = grade(counts)
            self._graded[(key, mode)] = cached
        return cached

    # --------------------------------------------------------------- reverse
    def reverse(self, batch: NeedBatch, s: int) -> tuple[np.ndarray, np.ndarray]:
        """Every signal of supplier ``s`` for every need of ``batch`` at once: the
        (needs, SIGNALS) matrix and which needs have ``s`` as a candidate."""
        x = np.zeros((batch.size, len(SIGNALS)))
        lemma_w = self._column("lemma", self.index.lemma_postings, s)
        gram_w = self._column("ngram", self.index.ngram_postings, s) > 0
        x[:, COLUMN["text"]] = batch.lemmas @ lemma_w
        own = self.lot_terms[self.index.supplier_lots.row(s)]
        overlap = (batch.lot_lemmas @ own.T).tocsr()
        overlap.data **= 2
        mass = np.asarray(overlap.sum(axis=1)).ravel()
        x[:, COLUMN["similar_lots"]] = np.divide(
            mass, batch.lot_mass, out=np.zeros_like(mass), where=batch.lot_mass > 0
        )
        coverage = batch.grams @ gram_w.astype(np.float64)
        chosen = (x[:, COLUMN["text"]] > 0) | (coverage >= MIN_NGRAM_COVERAGE)
        for name, key in (("cpv", "cpv"), ("region", "region"), ("buyer", "buyer"),
                          ("similar_buyers", "buyer")):  # fmt: skip
            counts = self._column(key, self.postings[key], s)
            x[:, COLUMN[name]] = _row_max(batch.chains[name], grade(counts))
            if name in ("cpv", "buyer"):
                shares = relative_share(
                    counts / np.maximum(self.totals[key], 1e-9), np.diff(self.postings[key].ptr)
                )
                x[:, COLUMN[name + "_share"]] = _row_max(batch.chains[name], shares)
            if name == "buyer":
                x[:, COLUMN["incumbency"]] = _row_max(batch.chains[name], log_wins(counts))
            if name == "cpv":
                has = batch.cpv_key >= 0
                x[has, COLUMN["cpv_wins"]] = log_wins(counts[batch.cpv_key[has]])
        home = self._column("home", self.postings["home"], s)
        x[:, COLUMN["home"]] = _row_max(batch.chains["region"], home)
        chosen |= x[:, COLUMN["cpv"]] > 0
        company = int(self.potentials.supplier_company[s])
        tol = int(self.index.registry.tol[company]) if company >= 0 else -1
        if tol >= 0:  # a winner that is a registry company: its main line counts too
            for name, matrix in batch.registry.items():
                x[:, COLUMN[name]] = matrix[:, tol].toarray().ravel()
                chosen |= x[:, COLUMN[name]] > 0
        x[:, COLUMN["text_parts"]] = np.where(chosen, coverage, 0.0)
        x[:, COLUMN["cpv_region"]] = x[:, COLUMN["cpv"]] * x[:, COLUMN["region"]]
        x[:, SHARES] = log_share(x[:, SHARES])
        for name, values in self.static.items():
            x[:, COLUMN[name]] = values[s]
        has = batch.budget > 0
        x[has, COLUMN["budget"]] = budget_fit(batch.budget[has], self.typical_value[s])
        return x, chosen

    def _column(self, name: str, postings: ix.Csr, s: int) -> np.ndarray:
        """Supplier ``s``'s value under every key of ``postings`` (dense, one per key)."""
        matrix = self._columns.get(name)
        if matrix is None:
            keys = len(postings.ptr) - 1
            val = postings.val if postings.val is not None else np.ones(len(postings.idx))
            matrix = sparse.csr_matrix(
                (val.astype(np.float64), postings.idx, postings.ptr), shape=(keys, self.n)
            ).tocsc()
            self._columns[name] = matrix
        out = np.zeros(matrix.shape[0])
        lo, hi = matrix.indptr[s], matrix.indptr[s + 1]
        out[matrix.indices[lo:hi]] = matrix.data[lo:hi]
        return out

    def batch(self, needs: list[Need]) -> NeedBatch:
        """Many needs as sparse matrices over the index's vocabularies (for :meth:`reverse`)."""
        queries = [self.prepare(need) for need in needs]
        lemma_rows: list[tuple[np.ndarray, np.ndarray]] = []
        gram_rows: list[tuple[np.ndarray, np.ndarray]] = []
        lot_rows: list[tuple[np.ndarray, np.ndarray]] = []
        chains: dict[str, list[list[tuple[int, float]]]] = {
            k: [] for k in ("cpv", "region", "buyer", "similar_buyers")
        }
        for q in queries:
            ids, counts = np.unique(q.lemma_ids, return_counts=True)
            lemma_rows.append((ids, counts / max(q.lemma_norm, 1e-9)))
            gram_rows.append(
                (q.gram_ids, q.gram_idf / q.gram_total if q.gram_total else q.gram_idf)
            )
            lot_rows.append((q.lot_terms, q.lot_weights))
            for name in chains:
                vocab = self.vocab["buyer" if name == "similar_buyers" else name]
                row = [(vocab[c], w) for c, w in q.chains.get(name, []) if c in vocab]
                chains[name].append(row)
        budget = np.array([q.need.budget or 0.0 for q in queries])
        lot_lemmas = _csr(lot_rows, len(self.lemma))
        registry = {name: _csr([_nonzero(getattr(q.fit, name) if q.fit else np.zeros(0))
                                for q in queries], self.potentials.n_tol).tocsc()
                    for name in REGISTRY_SIGNALS[:2]}  # fmt: skip
        return NeedBatch(
            size=len(queries),
            lemmas=_csr(lemma_rows, len(self.lemma)),
            grams=_csr(gram_rows, len(self.ngram)),
            chains={
                k: _csr(
                    [
                        (np.array([c for c, _ in r], dtype=np.int64), np.array([w for _, w in r]))
                        for r in rows
                    ],
                    len(self.vocab["buyer" if k == "similar_buyers" else k]),
                )
                for k, rows in chains.items()
            },
            budget=budget,
            lot_lemmas=lot_lemmas,
            lot_mass=self._lot_mass(lot_lemmas),
            registry=registry,
            cpv_key=np.array(
                [self.count_key(q.chains.get("cpv", [])) for q in queries], dtype=np.int64
            ),
        )

    def _lot_mass(self, lot_lemmas: sparse.csr_matrix) -> np.ndarray:
        """Per need: Σ over all past lots of similarity² (the similar_lots denominator),
        a lot counted once per winner as in :meth:`_similar_lots`."""
        winners = np.diff(self.lot_winners.indptr).astype(np.float64)
        out = np.zeros(lot_lemmas.shape[0])
        for start in range(0, lot_lemmas.shape[0], 256):  # blocks: needs × lots is large
            sim = (lot_lemmas[start : start + 256] @ self.term_lots).tocsr()
            sim.data = sim.data**2 * winners[sim.indices]
            out[start : start + 256] = np.asarray(sim.sum(axis=1)).ravel()
        return out


@dataclass
class NeedBatch:
    """Needs as rows of sparse matrices: lemma weights, n-gram weights, key chains."""

    size: int
    lemmas: sparse.csr_matrix  # need × lemma: count / the need's best possible BM25
    grams: sparse.csr_matrix  # need × n-gram: idf / the need's total idf
    chains: dict[str, sparse.csr_matrix]  # need × key: level weight
    budget: np.ndarray  # 0 when not given
    lot_lemmas: sparse.csr_matrix  # need × lemma: idf over lots / the need's total
    lot_mass: np.ndarray  # Σ similarity² over all past lots, per need
    registry: dict[str, sparse.csc_matrix]  # bridge | line_text: need × TOL code value
    cpv_key: np.ndarray  # the CPV key cpv_wins counts at, per need (-1 none)


# ------------------------------------------------------------------ helpers
def _nonzero(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(positions, values) of the non-zero entries of a dense row."""
    ids = np.flatnonzero(values)
    return ids, values[ids]


def _csr(rows: list[tuple[np.ndarray, np.ndarray]], width: int) -> sparse.csr_matrix:
    ptr = np.zeros(len(rows) + 1, dtype=np.int64)
    np.cumsum([len(ids) for ids, _ in rows], out=ptr[1:])
    ids = np.concatenate(
        [np.asarray(i, dtype=np.int64) for i, _ in rows] or [np.zeros(0, np.int64)]
    )
    val = np.concatenate([np.asarray(v, dtype=np.float64) for _, v in rows] or [np.zeros(0)])
    return sparse.csr_matrix((val, ids.astype(np.int64), ptr), shape=(len(rows), max(width, 1)))


def _row_max(weights: sparse.csr_matrix, values: np.ndarray) -> np.ndarray:
    """Per row: max over its keys of weight × values[key] (0 for an empty row)."""
    out = np.zeros(weights.shape[0])
    if weights.nnz == 0:
        return out
    products = weights.data * values[weights.indices]
    starts = weights.indptr[:-1]
    filled = np.diff(weights.indptr) > 0
    out[filled] = np.maximum.reduceat(products, starts[filled])
    return out


def _scatter(postings: ix.Csr, terms: np.ndarray, n: int) -> np.ndarray:
    """Σ over query terms (repeats count) of each supplier's posting value."""
    scores = np.zeros(n, dtype=np.float64)
    assert postings.val is not None
    for term, count in zip(*np.unique(terms, return_counts=True), strict=True):
        lo, hi = postings.ptr[term], postings.ptr[term + 1]
        scores[postings.idx[lo:hi]] += count * postings.val[lo:hi]
    return scores


def _lot_matrices(
    index: ix.MatchIndex,
) -> tuple[sparse.csr_matrix, sparse.csr_matrix, sparse.csr_matrix]:
    """lot × lemma (1 when the lot uses it), lemma × lot, and lot × winner."""
    n_lots, width = len(index.lots), max(len(index.lemma_vocab), 1)
    ll = index.lot_lemmas
    # copy=True: scipy would otherwise share the index's arrays, and sum_duplicates
    # would compact them in place, leaving the index's lot → lemma rows misaligned
    # (and saved so).
    terms = sparse.csr_matrix((np.ones(len(ll.idx)), ll.idx, ll.ptr), shape=(n_lots, width),
                              copy=True)  # fmt: skip
    terms.sum_duplicates()
    terms.data[:] = 1.0
    sl = index.supplier_lots
    owner = np.repeat(np.arange(len(index.suppliers)), np.diff(sl.ptr))
    winners = sparse.csr_matrix(
        (np.ones(len(sl.idx)), (sl.idx, owner)), shape=(n_lots, max(len(index.suppliers), 1))
    )
    return terms, terms.T.tocsr(), winners


def _home_postings(index: ix.MatchIndex, vocab: dict[str, int]) -> ix.Csr:
    """NUTS key → suppliers registered there or below (value 1)."""
    pairs = [(vocab[k], s) for s, home in enumerate(index.supplier_nuts) if home
             for k, _ in nuts_chain(home) if k in vocab]  # fmt: skip
    rows = len(vocab)
    csr = ix.count_postings(np.array(pairs, np.int64).reshape(-1, 2), rows, len(index.suppliers))
    return ix.Csr(csr.ptr, csr.idx, np.minimum(csr.val, 1.0) if csr.val is not None else None)


def _row_totals(postings: ix.Csr) -> np.ndarray:
    """Σ of each key's posting values (all lots under a code, all lots of a buyer)."""
    rows = len(postings.ptr) - 1
    owner = np.repeat(np.arange(rows), np.diff(postings.ptr))
    weights = postings.val if postings.val is not None else None
    return np.bincount(owner, weights=weights, minlength=rows).astype(np.float64)


def _idf(postings: ix.Csr, n: int) -> np.ndarray:
    df = np.diff(postings.ptr).astype(np.float64)
    return np.log1p((n - df + 0.5) / (df + 0.5))


def _owner(index: ix.MatchIndex) -> tuple[np.ndarray, np.ndarray]:
    n = len(index.suppliers)
    return index.supplier_lots.idx, np.repeat(np.arange(n), np.diff(index.supplier_lots.ptr))


def _static(index: ix.MatchIndex) -> dict[str, np.ndarray]:
    """The need-independent signals of every supplier."""
    n = len(index.suppliers)
    lots, owner = _owner(index)
    flags = index.lot_flags[lots]
    wins = np.bincount(owner, minlength=n).astype(np.float64)
    latest = np.zeros(n, dtype=np.int64)
    np.maximum.at(latest, owner, index.lot_days[lots])
    ref = dt.date.fromisoformat(index.reference_date).toordinal()
    age = np.where(latest > 0, ref - latest, 10 * RECENCY_HALF_LIFE_DAYS)
    links = np.array([len(index.ecosystem.get(i, [])) for i in index.suppliers], dtype=np.float64)
    shrunk = wins + 1.0  # one unflagged lot more: a single flagged win is not a 100 % rate
    parts = {
        "innovative": np.bincount(owner, weights=(flags & ix.INNOVATIVE) > 0, minlength=n) / shrunk,
        "green": np.bincount(owner, weights=(flags & ix.GREEN) > 0, minlength=n) / shrunk,
        "ecosystem": saturate(links),
    }
    sizes = index.supplier_size or [None] * n
    return {
        "innovation": np.sum([INNOVATION_PARTS[k] * v for k, v in parts.items()], axis=0),
        "innovative": _innovative(index, lots, owner),
        "price": _price(index, lots, owner),
        "reach": _reach(index, lots, owner) / shrunk,
        "recency": np.power(0.5, np.maximum(age, 0) / RECENCY_HALF_LIFE_DAYS),
        "volume": np.log1p(wins) / math.log1p(max(float(wins.max(initial=0)), 1.0)),
        "sme": np.array([1.0 if z in SME_CODES else -1.0 if z == "large" else 0.0 for z in sizes]),
    }


def shrunk_means(
    sums: np.ndarray, counts: np.ndarray, squares: np.ndarray, overall: float
) -> np.ndarray:
    """Each supplier's mean of some per-lot quantity, shrunk towards ``overall`` as far
    as the data say (empirical Bayes): mean · n / (n + k) with k = within-supplier
    variance / between-supplier variance, both estimated from the suppliers themselves.

    ``sums``, ``counts`` and ``squares`` are per supplier Σx, n and Σx². Where lots of
    one supplier agree (a price level that shows in every award) k is small and one
    lot already says much; where they scatter, a supplier needs many lots to stand out.

    Three suppliers with 0, 4 and 2 innovative lots of 4 each (none of a fourth):

    >>> flagged, lots = np.array([0.0, 4.0, 2.0, 0.0]), np.array([4, 4, 4, 0])
    >>> shrunk_means(flagged, lots, flagged, 0.5).round(2).tolist()
    [-0.44, 0.44, 0.0, 0.0]
    """
    n = counts.astype(np.float64)
    has = n > 0
    if has.sum() < 2:
        return np.zeros(len(n))
    mean = np.where(has, sums / np.maximum(n, 1.0), overall)
    # one-way random-effects ANOVA (unbalanced): MSW within, MSB between suppliers
    total, groups = float(n.sum()), float(has.sum())
    grand = float(sums.sum()) / total
    msw = float((squares - n * mean**2)[has].sum()) / max(total - groups, 1.0)
    msb = float((n * (mean - grand) ** 2)[has].sum()) / (groups - 1.0)
    n0 = (total - float((n**2).sum()) / total) / (groups - 1.0)
    between = max((msb - msw) / max(n0, 1e-9), 1e-9)
    k = max(msw, 0.0) / between
    weight = np.divide(n, n + k, out=np.zeros(len(n)), where=has)
    return np.asarray((mean - overall) * weight)


def _innovative(index: ix.MatchIndex, lots: np.ndarray, owner: np.ndarray) -> np.ndarray:
    """Each supplier's innovative-lot rate among its wins that state the flag, shrunk
    towards the rate of all such lots, minus that rate (see ``innovative``)."""
    n = len(index.suppliers)
    flags = index.lot_flags[lots]
    stated = (flags & ix.STATED) > 0
    innovative = (stated & ((flags & ix.INNOVATIVE) > 0)).astype(np.float64)
    overall = float(innovative.sum()) / max(float(stated.sum()), 1.0)
    k = np.bincount(owner, weights=innovative, minlength=n)
    m = np.bincount(owner, weights=stated, minlength=n)
    return shrunk_means(k, m, k, overall)


def _price(index: ix.MatchIndex, lots: np.ndarray, owner: np.ndarray) -> np.ndarray:
    """tanh(−shrunk mean log(awarded / estimated) / PRICE_SCALE) per supplier, the mean
    taken against all lots' (0 when no lot of the supplier has both values)."""
    n = len(index.suppliers)
    ratio = index.lot_ratio[lots]
    known = ~np.isnan(ratio)
    if not known.any():
        return np.zeros(n)
    r, who = ratio[known], owner[known]
    total = np.bincount(who, weights=r, minlength=n)
    count = np.bincount(who, minlength=n)
    squares = np.bincount(who, weights=r**2, minlength=n)
    mean = shrunk_means(total, count, squares, float(r.mean()))
    return np.asarray(np.tanh(-mean / PRICE_SCALE))


def _reach(index: ix.MatchIndex, lots: np.ndarray, owner: np.ndarray) -> np.ndarray:
    """Per supplier: its won lots whose (first) place lies outside the NUTS-2 area of
    its registered address (0 when either is unknown or coarser than NUTS-2)."""
    n = len(index.suppliers)
    areas: dict[str, int] = {}
    key_area = np.array([areas.setdefault(k[:4], len(areas)) if len(k) >= 4 else -1
                         for k in index.nuts_keys] or [-1], dtype=np.int64)  # fmt: skip
    home = np.array([areas.get(h[:4], -2) if h and len(h) >= 4 else -1
                     for h in index.supplier_nuts] or [-1], dtype=np.int64)  # fmt: skip
    ptr = index.lot_nuts.ptr
    placed = ptr[lots + 1] > ptr[lots]
    place = np.full(len(lots), -1, dtype=np.int64)
    place[placed] = key_area[index.lot_nuts.idx[ptr[lots[placed]]]]
    away = (place >= 0) & (home[owner] != -1) & (place != home[owner])
    return np.bincount(owner, weights=away, minlength=n)


def log_wins(n: np.ndarray | float) -> np.ndarray:
    """log(1 + n) / log(1 + 10): one lot 0.29, three 0.58, ten 1, a hundred 1.92.

    >>> log_wins(np.array([0, 1, 10])).round(2).tolist()
    [0.0, 0.29, 1.0]
    """
    return np.asarray(np.log1p(np.asarray(n, dtype=np.float64)) / math.log1p(INCUMBENCY_FULL))


def _typical_values(index: ix.MatchIndex) -> np.ndarray:
    """Geometric mean of each supplier's won-lot values (nan when none is known)."""
    n = len(index.suppliers)
    lots, owner = _owner(index)
    values = index.lot_value[lots]
    known = ~np.isnan(values) & (values > 0)
    logs = np.bincount(owner[known], weights=np.log10(values[known]), minlength=n)
    counts = np.bincount(owner[known], minlength=n)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(counts > 0, np.power(10.0, logs / np.maximum(counts, 1)), np.nan)


def log_share(share: np.ndarray) -> np.ndarray:
    """A share in [0, 1] on a log scale, still in [0, 1]: log(1 + share / 1 %) / log(101).

    Winning is multiplicative (a firm with 30 % of a code's lots is not just 3× one
    with 10 %), and a log scale lets a weighted sum express that.

    >>> log_share(np.array([0.0, 0.01, 0.1, 1.0])).round(2).tolist()
    [0.0, 0.15, 0.52, 1.0]
    """
    return np.log1p(share / SHARE_FLOOR) / math.log1p(1 / SHARE_FLOOR)


def relative_share(share: np.ndarray, members: np.ndarray | int) -> np.ndarray:
    """A share against the fair share of the ``members`` suppliers under the same code
    or buyer, on a log scale in [0, 1]: log(1 + share · m) / log(1 + m).

    1 for a supplier with every lot, log 2 / log(1 + m) for one with exactly its fair
    share: so a share says the same in a code of 5 suppliers as in one of 500.

    >>> relative_share(np.array([0.0, 0.1, 1.0]), 10).round(2).tolist()
    [0.0, 0.29, 1.0]
    """
    m = np.maximum(np.asarray(members, dtype=np.float64), 1.0)
    return np.asarray(np.log1p(share * m) / np.log1p(m))


def budget_fit(budget: float | np.ndarray, typical: np.ndarray | float) -> np.ndarray:
    """1 − |log₁₀(budget / typical)| / 2, floored at 0: 10× off gives 0.5, 100× off 0.

    >>> budget_fit(1000.0, np.array([10_000.0, np.nan])).tolist()
    [0.5, 0.0]
    """
    with np.errstate(invalid="ignore", divide="ignore"):
        fit = 1.0 - np.abs(np.log10(np.asarray(budget) / typical)) / 2.0
    return np.asarray(np.nan_to_num(np.clip(fit, 0.0, 1.0), nan=0.0))


def _similar_buyers(index: ix.MatchIndex) -> dict[str, list[tuple[str, float]]]:
    """Buyer IRI → the buyers that bought most alike (cosine over suppliers' lot counts)."""
    p = index.buyer_postings
    n_buyers = len(index.buyer_keys)
    if n_buyers < 2 or p.val is None:
        return {}
    m = sparse.csr_matrix(
        (p.val.astype(np.float64), p.idx, p.ptr), shape=(n_buyers, len(index.suppliers))
    )
    norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
    m = sparse.diags(1.0 / np.maximum(norms, 1e-12)) @ m
    out: dict[str, list[tuple[str, float]]] = {}
    for start in range(0, n_buyers, 512):  # blocks of rows: the full product can be dense
        sim = (m[start : start + 512] @ m.T).tocsr()
        for row in range(sim.shape[0]):
            b = start + row
            lo, hi = sim.indptr[row], sim.indptr[row + 1]
            others, values = sim.indices[lo:hi], sim.data[lo:hi]
            keep = others != b
            others, values = others[keep], values[keep]
            top = np.argsort(-values, kind="stable")[:SIMILAR_BUYERS]
            out[index.buyer_keys[b]] = [
                (index.buyer_keys[int(others[i])], round(float(values[i]), 4)) for i in top
            ]
    return out
