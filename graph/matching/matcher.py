"""Ranking suppliers for a need (and open needs for a supplier) over a :class:`MatchIndex`.

:class:`Matcher` = an index, its :class:`~graph.matching.features.Features` and a
:class:`~graph.matching.ranker.Ranker`. A match takes the candidates, computes
every signal for each, scores them with the ranker's weights and explains the
top ones: each contribution is weight × value, and cites the graph IRIs behind
the value.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pyoxigraph as ox

from graph.codes import cpv_code
from graph.iris import entity_iri
from graph.matching import index as ix
from graph.matching.features import COLUMN, POTENTIAL_COLUMNS, SIGNALS, Features, Query
from graph.matching.model import (
    POTENTIAL,
    WINNER,
    Contribution,
    Match,
    Need,
    NeedMatch,
    StaleIndexError,
)
from graph.matching.ranker import Ranker, fit_ranker
from graph.matching.registry import company_records, read_bridge
from graph.procurement import EPO, lot_records, open_needs

EVIDENCE = 3  # lots cited per signal
EVIDENCE_WINDOW = 64  # newest wins searched first for evidence (all when too few match)
NEEDS_CHUNK = 16_384  # open needs scored per matrix in the reverse direction
TIE_MARGIN = 1e-6  # winners this close to the best ``limit`` are scored again from their rows


@dataclass
class Scored:
    """One need's candidates, their signal values and scores.

    ``ids`` below the number of winners are winners; ``n + p`` is the potential
    candidate at position ``p`` (a registry company that never won a lot). The
    winners' signal rows are built when first asked for (:attr:`x`, :meth:`row`):
    ranking needs only their scores.
    """

    query: Query
    ids: np.ndarray  # supplier ids, then n + potential positions
    scores: np.ndarray  # per id
    potential: np.ndarray  # potential candidates × POTENTIAL_SIGNALS
    features: Features
    full: dict[str, np.ndarray]  # the full-length arrays of Features.candidates
    winners: int  # how many of ``ids`` are winners
    _x: np.ndarray | None = None
    _rows: dict[int, np.ndarray] = field(default_factory=dict)

    @property
    def x(self) -> np.ndarray:
        """Winner candidates × SIGNALS (every row; built once)."""
        if self._x is None:
            self._x = self.features.matrix(self.query, self.ids[: self.winners], self.full)
        return self._x

    def row(self, i: int) -> np.ndarray:
        """The SIGNALS values of candidate ``i`` (a position in ``ids``)."""
        if i >= self.winners:
            return Features.widen(self.potential[i - self.winners])
        if self._x is not None:
            return self._x[i]
        if i in self._rows:
            return self._rows[i]
        return self.features.matrix(self.query, self.ids[i : i + 1], self.full)[0]

    def keep_rows(self, positions: list[int]) -> None:
        """Build the rows of the winners at ``positions`` at once (the ones explained)."""
        wanted = [i for i in positions if i < self.winners and i not in self._rows]
        if self._x is None and wanted:
            rows = self.features.matrix(self.query, self.ids[wanted], self.full)
            self._rows.update(zip(wanted, rows, strict=True))


class Matcher:
    """Ranks suppliers for needs over one :class:`~graph.matching.index.MatchIndex`."""

    def __init__(self, index: ix.MatchIndex, ranker: Ranker | None = None) -> None:
        self.index = index
        self.ranker = ranker or Ranker.from_dict(index.ranker)
        self.features = Features(index)
        self.weights = self.ranker.vector()
        self._supplier = {t: i for i, t in enumerate(index.suppliers)}
        self._cpv_keys = np.array(index.cpv_keys or [""], dtype=str)
        self._nuts_keys = np.array(index.nuts_keys or [""], dtype=str)
        self._buyer_keys = np.array(index.buyer_keys or [""], dtype=object)
        self._newest: dict[int, np.ndarray] = {}
        self._under_cache: dict[tuple[str, str], np.ndarray] = {}
        self._needs: tuple[list[Need], Any] | None = None

    # ----------------------------------------------------------- construction
    @classmethod
    def from_store(cls, store: Any) -> Matcher:
        """Fit the ranker on the store's awards and index every lot (winners = suppliers)
        and every registry or funded company with the TOL ↔ CPV bridge."""
        version = store.version()  # before reading: a write meanwhile leaves this index stale
        records = list(lot_records(store))
        ecosystem, sizes = ecosystem_links(store), supplier_sizes(store)
        companies, mappings = company_records(store), read_bridge(store)
        ranker = fit_ranker(records, sizes=sizes, ecosystem=ecosystem, companies=companies,
                            mappings=mappings)  # fmt: skip
        index = ix.build_index(records, fingerprint=version, ecosystem=ecosystem,
                               open_needs=open_needs(store), sizes=sizes, companies=companies,
                               mappings=mappings)  # fmt: skip
        index.ranker = ranker.as_dict()
        return cls(index, ranker)

    @classmethod
    def load(cls, store: Any, index_dir: Path) -> Matcher:
        """Load the persisted index; :class:`StaleIndexError` when the store moved on."""
        found, want = ix.stored_fingerprint(index_dir), store.version()
        if found != want:
            raise StaleIndexError(
                f"match index in {index_dir} was built from {found or 'nothing'}, the store is at "
                f"{want}: run `keino match --rebuild` or any ingest"
            )
        return cls(ix.load(index_dir))

    @classmethod
    def load_or_build(cls, store: Any, index_dir: Path | None) -> Matcher:
        """The persisted index when current, else a fresh one (saved when a folder is given)."""
        if index_dir is not None and ix.stored_fingerprint(index_dir) == store.version():
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
        return self.index.fingerprint == store.version()

    # ---------------------------------------------------------------- queries
    def score(self, need: Need, limit: int | None = None) -> Scored:
        """Every candidate's score (Σ weight × value): the winners the need fits, then
        the never-won registry companies whose main line fits it.

        With ``limit``, the winners' scores come from :meth:`Features.scores` (no
        candidate × signal matrix) and those that could reach the best ``limit`` are
        scored again from their rows as without it, so the best ``limit`` and their
        order are the same (the two sums differ by rounding, far below ``TIE_MARGIN``).
        """
        q = self.features.prepare(need)
        ids, full = self.features.candidates(q)
        pos, px = self.features.potential(q)
        potential_scores = px @ self.weights[POTENTIAL_COLUMNS]
        x = None
        if limit is None:
            x = self.features.matrix(q, ids, full)
            scores = x @ self.weights
        else:
            scores = self.features.scores(q, ids, full, self.weights)
            both = np.concatenate([scores, potential_scores])
            if len(both) > limit > 0:
                kth = float(np.partition(both, len(both) - limit)[len(both) - limit])
                near = np.flatnonzero(scores >= kth - TIE_MARGIN)
            else:
                near = np.arange(len(scores))
            scores[near] = self.features.matrix(q, ids[near], full) @ self.weights
        winners = len(ids)
        if len(pos):
            ids = np.concatenate([ids.astype(np.int64), len(self.index.suppliers) + pos])
            scores = np.concatenate([scores, potential_scores])
        return Scored(q, ids, scores, px, self.features, full, winners, x)

    def iri_of(self, i: int) -> str:
        """The IRI of candidate id ``i`` (a winner, or n + a potential position)."""
        n = len(self.index.suppliers)
        if i < n:
            return self.index.suppliers[i]
        return self.index.registry.companies[int(self.features.potentials.company[i - n])]

    def match(self, need: Need) -> list[Match]:
        """Suppliers for ``need``, best first, each with its explanation; registry
        companies that never won come as ``kind="potential"``, ``won_contracts=0``."""
        if not self.index.suppliers and not self.index.registry.size:
            return []
        scored = self.score(need, need.limit)
        order = _top(scored.scores, need.limit, scored.ids, self.iri_of)
        n = len(self.index.suppliers)
        scored.keep_rows(order)
        out = []
        for i in order:
            s = int(scored.ids[i])
            if s >= n:
                out.append(self._potential_match(scored.query, s - n, scored.row(i)))
                continue
            parts = self.explain(scored.query, s, scored.row(i))
            won = len(self.index.supplier_lots.row(s))
            out.append(Match(self.index.suppliers[s], self.index.labels[s], _total(parts), parts,
                             WINNER, won, self._region(s)))  # fmt: skip
        return out

    def _potential_match(self, q: Query, pos: int, x: np.ndarray) -> Match:
        company = int(self.features.potentials.company[pos])
        parts = self.explain_potential(q, company, x)
        registry = self.index.registry
        return Match(registry.companies[company], registry.labels[company], _total(parts), parts,
                     POTENTIAL, 0, registry.nuts[company])  # fmt: skip

    def _region(self, s: int) -> str | None:
        """Where winner ``s`` is registered: its notices' address, else the registry's."""
        if self.index.supplier_nuts[s]:
            return self.index.supplier_nuts[s]
        company = int(self.features.potentials.supplier_company[s])
        return self.index.registry.nuts[company] if company >= 0 else None

    def rank(self, need: Need, limit: int = 10) -> list[str]:
        """Supplier IRIs only (no explanations): what an evaluation needs."""
        scored = self.score(need, limit)
        order = _top(scored.scores, limit, scored.ids, self.iri_of)
        return [self.iri_of(int(scored.ids[i])) for i in order]

    def needs_for(self, supplier_iri: str, limit: int = 10) -> list[NeedMatch]:
        """Open needs ranked for one supplier by the same score; [] for an unknown supplier.

        All open needs are scored at once as sparse matrices (built once per index).
        """
        s = self._supplier.get(supplier_iri)
        entries = self.index.open_needs
        if s is None or not entries:
            return []
        needs, batches = self._open_batches()
        xs, chosen = [], []
        for batch in batches:
            x, c = self.features.reverse(batch, s)
            xs.append(x)
            chosen.append(c)
        x, ok = np.concatenate(xs), np.concatenate(chosen)
        scores = np.where(ok, x @ self.weights, -np.inf)
        picked = [i for i in np.argsort(-scores, kind="stable")[:limit] if ok[i]]
        out = []
        for i in picked:
            q = self.features.prepare(needs[i])
            parts = self.explain(q, s, x[i])
            entry = entries[i]
            out.append(NeedMatch(entry["lot"], entry["notice"], entry["title"], _total(parts),
                                 parts))  # fmt: skip
        return out

    def _open_batches(self) -> tuple[list[Need], list[Any]]:
        if self._needs is None:
            needs = [need_of(e) for e in self.index.open_needs]
            batches = [self.features.batch(needs[i : i + NEEDS_CHUNK])
                       for i in range(0, len(needs), NEEDS_CHUNK)]  # fmt: skip
            self._needs = (needs, batches)
        return self._needs

    def warm(self) -> None:
        """Build what the reverse direction needs now rather than at its first request."""
        if self.index.open_needs and self.index.suppliers:
            self.needs_for(self.index.suppliers[0], 1)

    # ------------------------------------------------------------ explanation
    def explain(self, q: Query, s: int, x: np.ndarray) -> list[Contribution]:
        """Each signal's contribution (weight × value) to supplier ``s``'s score, with
        the IRIs behind it; signals that add nothing are left out."""
        chains = q.chains
        memo: dict[str, list[str]] = {}

        def once(key: str, find: Callable[[], list[str]]) -> Callable[[], list[str]]:
            """Several signals rest on the same lots: look them up once per supplier."""

            def cited() -> list[str]:
                if key not in memo:
                    memo[key] = find()
                return memo[key]

            return cited

        text = once("text", lambda: self._text_evidence(s, q.lemma_ids))
        cpv = once("cpv", lambda: self._chain_evidence(s, chains["cpv"], "cpv"))
        region = once("region", lambda: self._chain_evidence(s, chains["region"], "region"))
        buyer = once("buyer", lambda: self._chain_evidence(s, chains["buyer"], "buyer"))
        found: dict[str, Callable[[], list[str]]] = {
            "text": text,
            "text_parts": text,
            "similar_lots": text,
            "cpv": cpv,
            "cpv_share": cpv,
            "cpv_wins": cpv,
            "region": region,
            "home": lambda: [self.index.suppliers[s]],  # its registered address
            "cpv_region": lambda: list(dict.fromkeys(cpv() + region())),
            "buyer": buyer,
            "buyer_share": buyer,
            "incumbency": buyer,
            "similar_buyers": lambda: self._chain_evidence(s, chains["similar_buyers"], "buyer"),
            "innovation": lambda: self._innovation_evidence(s),
            "innovative": lambda: self._innovation_evidence(s),
            "price": lambda: self._price_evidence(s),
            "reach": lambda: self._cite([int(x) for x in self._lots_newest_first(s)]),
            "recency": lambda: self._cite([int(self._lots_newest_first(s)[0])]),
            "volume": lambda: self._cite([int(x) for x in self._lots_newest_first(s)]),
            "sme": lambda: [self.index.suppliers[s]],
            "budget": lambda: self._budget_evidence(s, q.need.budget or 0.0),
        }
        company = int(self.features.potentials.supplier_company[s])
        found.update(self._registry_evidence(q, company))
        return self._contributions(x, found)

    def explain_potential(self, q: Query, company: int, x: np.ndarray) -> list[Contribution]:
        """The contributions of a registry company that never won (registry signals,
        green deals and programmes, registered home), with the IRIs behind each."""
        iri = self.index.registry.companies[company]
        found: dict[str, Callable[[], list[str]]] = {
            "innovation": lambda: self.index.ecosystem.get(iri, []),
            "home": lambda: [iri],
        }
        found.update(self._registry_evidence(q, company))
        return self._contributions(x, found)

    def _contributions(
        self, x: np.ndarray, found: dict[str, Callable[[], list[str]]]
    ) -> list[Contribution]:
        out = []
        for name in SIGNALS:
            share = round(float(self.weights[COLUMN[name]] * x[COLUMN[name]]), 6)
            if share != 0:
                out.append(Contribution(name, share, found[name]()))
        return sorted(out, key=lambda c: -abs(c.contribution))

    def _registry_evidence(self, q: Query, company: int) -> dict[str, Callable[[], list[str]]]:
        """Evidence of the registry signals of ``company`` (-1: none): the bridge mapping
        that fits, the main line whose label has the need's words, the funding records."""
        if company < 0:
            return {}
        registry, potentials = self.index.registry, self.features.potentials
        iri = registry.companies[company]
        tol = int(registry.tol[company])

        def bridge() -> list[str]:
            mapping = int(q.fit.mapping[tol]) if q.fit is not None and tol >= 0 else -1
            return [registry.mapping_iris[mapping], iri] if mapping >= 0 else [iri]

        def line() -> list[str]:
            return [entity_iri("tol2008", registry.tol_codes[tol]), iri] if tol >= 0 else [iri]

        return {
            "bridge": bridge,
            "line_text": line,
            "funding": lambda: potentials.funding_evidence(company) or [iri],
        }

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
        wanted = np.zeros(len(self.index.lemma_vocab), dtype=bool)
        wanted[query] = True
        overlap = _row_hits(self.index.lot_lemmas, lots, wanted)
        top = np.argsort(-overlap, kind="stable")[:EVIDENCE]
        top = top[overlap[top] > 0]
        return self._cite([int(x) for x in (lots[top] if len(top) else lots)])

    def _chain_evidence(self, s: int, chain: list[tuple[str, float]], signal: str) -> list[str]:
        """The supplier's newest lots under the most specific key of the chain it has."""
        postings, vocab, rows, keys = {
            "cpv": (self.index.cpv_postings, self.features.vocab["cpv"], self.index.lot_cpv,
                    self._cpv_keys),
            "region": (self.index.nuts_postings, self.features.vocab["region"],
                       self.index.lot_nuts, self._nuts_keys),
            "buyer": (self.index.buyer_postings, self.features.vocab["buyer"],
                      self.index.lot_buyers, self._buyer_keys),
        }[signal]  # fmt: skip
        for key, _weight in sorted(chain, key=lambda kw: -kw[1]):
            k = vocab.get(key)
            if k is None or not _contains(postings.row(k), s):
                continue
            # Codes nest by prefix (CPV 4521xxxx under 45210000, NUTS FI1B1 under FI1B).
            prefix = key.rstrip("0") if signal == "cpv" else key
            prefix = prefix if signal != "cpv" or len(prefix) >= 2 else key[:2]
            under = self._under(signal, keys, key, prefix)
            newest, window = self._lots_newest_first(s), EVIDENCE_WINDOW
            lots = newest[:window]
            hits = _row_hits(rows, lots, under)
            while (hits > 0).sum() < EVIDENCE and len(lots) < len(newest):
                # look further back, a growing stretch at a time: the first hits in
                # newest-first order are the same as over all lots, without reading
                # every lot of a supplier that won thousands
                window *= 4
                lots = newest[:window]
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
        flagged = lots[(self.index.lot_flags[lots] & (ix.INNOVATIVE | ix.GREEN)) > 0][:EVIDENCE]
        cited = self._cite([int(x) for x in flagged])
        cited += self.index.ecosystem.get(self.index.suppliers[s], [])
        return cited or self._cite([int(lots[0])])  # recency and breadth rest on the latest win

    def _price_evidence(self, s: int) -> list[str]:
        """The supplier's newest won lots with both an awarded and an estimated value."""
        lots = self._lots_newest_first(s)
        priced = lots[~np.isnan(self.index.lot_ratio[lots])]
        return self._cite([int(x) for x in (priced if len(priced) else lots)])

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


def _total(parts: list[Contribution]) -> float:
    """The score as the sum of the (rounded) contributions, so the two always agree."""
    return round(sum(c.contribution for c in parts), 6)


def _top(scores: np.ndarray, k: int, ids: np.ndarray, iri_of: Callable[[int], str]) -> list[int]:
    """Positions of the ``k`` best scores; ties go to the smaller IRI so answers repeat."""
    pos = np.arange(len(scores))
    if len(pos) > 4 * k:  # only sort a short list
        pos = np.argpartition(-scores, 4 * k)[: 4 * k]
    return sorted((int(i) for i in pos), key=lambda i: (-scores[i], iri_of(int(ids[i]))))[:k]


def _row_hits(rows: ix.Csr, picked: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """For each picked row, how many of its ids are ``wanted`` (a bool array over ids)."""
    ids, owner = rows.gather(picked)
    return np.bincount(owner, weights=wanted[ids], minlength=len(picked))


def _contains(sorted_ids: np.ndarray, s: int) -> bool:
    i = int(np.searchsorted(sorted_ids, s))
    return i < len(sorted_ids) and int(sorted_ids[i]) == s


# ------------------------------------------------------------ store facing
_Q_ECOSYSTEM = """PREFIX keino: <https://w3id.org/keino/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
SELECT DISTINCT ?org ?thing WHERE {
  { ?thing a keino:GreenDeal .
     { ?thing keino:signatory ?org } UNION { ?org keino:signed ?thing } }
  UNION
  { ?thing a keino:KeinoProgramme .
     { ?org keino:participatesIn ?thing }
     UNION { ?m org:member ?org ; org:organization ?thing } }
}"""


def ecosystem_links(store: Any) -> dict[str, list[str]]:
    """Organisation IRI → green deals it signed and KEINO programmes it takes part in."""
    return ix.group_by((s["org"].value, s["thing"].value) for s in store.query(_Q_ECOSYSTEM))


def supplier_sizes(store: Any) -> dict[str, str]:
    """Organisation IRI → its eForms economic-operator size code (BT-165), where stated."""
    rows = store.query(
        "SELECT ?org ?has ?size WHERE { ?org ?has ?size }",
        substitutions={"has": ox.NamedNode(EPO.hasBusinessSize)},
    )
    return {r["org"].value: r["size"].value.rsplit("/", 1)[-1] for r in rows}


def default_index_dir(store: Any) -> Path | None:
    """``<store>.match-index`` beside an on-disk store; None for an in-memory one."""
    path: Path | None = getattr(store, "path", None)
    return path.with_name(path.name + ".match-index") if path is not None else None
