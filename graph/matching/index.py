"""The match index: suppliers' won lots as arrays, built once, persisted, checked.

Built from :class:`~graph.procurement.LotRecord` objects (so a bench can build it
without a store) plus the ecosystem links of each supplier. Everything a query
touches is a numpy array in compressed-row form (:class:`Csr`); the strings
(IRIs, vocabularies) live in plain lists. :func:`save` writes ``arrays.npz`` and
``meta.json`` into the index folder; :func:`load` reads them back.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from graph.bridge import StoredMapping
from graph.codes import cpv_ancestors, cpv_code, nuts_ancestors
from graph.matching.csr import Csr
from graph.matching.registry import CompanyRecord, Registry, build_registry
from graph.matching.text import lemmas, ngrams
from graph.procurement import LotRecord

__all__ = ["Csr", "MatchIndex", "build_index", "load", "save", "stored_fingerprint"]

# bump when the files' layout changes, or when an older index may hold wrong rows (5: indexes
# saved before the lot → word rows were kept apart from scipy's in-place clean-up): an older
# index is then rebuilt
FORMAT = 5
BM25_K1 = 1.2  # the usual BM25 term-frequency saturation
BM25_B = 0.75  # the usual BM25 length normalisation
INNOVATIVE, GREEN, STATED = 1, 2, 4  # bits of ``lot_flags``; STATED: the notice says
# whether the lot is innovative (a missing flag is no evidence either way)


@dataclass
class MatchIndex:
    """Suppliers, their won lots and the inverted indexes over them."""

    fingerprint: str
    reference_date: str  # ISO date of the latest win: "now" for recency
    suppliers: list[str]
    labels: list[str]
    lots: list[str]
    notices: list[str]  # notice IRI of each lot
    supplier_lots: Csr  # supplier → won lot ids
    lot_days: np.ndarray  # int32 publication day number (0 = unknown)
    lot_flags: np.ndarray  # uint8 bits INNOVATIVE | GREEN
    lot_value: np.ndarray  # float64 awarded (else estimated) value, nan when unknown
    lot_ratio: np.ndarray  # float64 log(awarded / estimated value), nan unless both known
    lemma_vocab: list[str]
    ngram_vocab: list[str]
    lot_lemmas: Csr  # lot → lemma ids
    lemma_ngrams: Csr  # lemma id → n-gram ids
    lemma_postings: Csr  # lemma → suppliers, val = BM25 weight
    ngram_postings: Csr  # n-gram → suppliers, val = BM25 weight
    cpv_keys: list[str]  # CPV codes (with every ancestor of a lot's codes)
    cpv_postings: Csr  # CPV key → suppliers, val = number of lots
    lot_cpv: Csr  # lot → cpv key ids (the lot's own codes)
    nuts_keys: list[str]
    nuts_postings: Csr  # NUTS key → suppliers, val = number of lots (+1 for the address)
    lot_nuts: Csr
    supplier_nuts: list[str | None]
    buyer_keys: list[str]
    buyer_postings: Csr  # buyer IRI → suppliers, val = number of lots
    lot_buyers: Csr
    ecosystem: dict[str, list[str]]  # supplier IRI → green deals and programmes
    open_needs: list[dict[str, Any]] = field(default_factory=list)
    supplier_size: list[str | None] = field(default_factory=list)  # eForms BT-165 code
    ranker: dict[str, Any] = field(default_factory=dict)  # see graph.matching.ranker
    registry: Registry = field(default_factory=Registry)  # companies beyond the winners

    @property
    def size(self) -> tuple[int, int]:
        """(suppliers, won lots)."""
        return len(self.suppliers), len(self.lots)


# --------------------------------------------------------------------- build
def _vocab_ids(vocab: dict[str, int], items: Iterable[str]) -> list[int]:
    return [vocab.setdefault(x, len(vocab)) for x in items]


def _cpv_chain(code: str) -> list[str]:
    digits = cpv_code(code)
    return [digits, *cpv_ancestors(digits)] if digits else []


def _nuts_chain(code: str) -> list[str]:
    return [code, *nuts_ancestors(code)]


def count_postings(pairs: np.ndarray, n_keys: int, n_docs: int) -> Csr:
    """(key, doc) pairs, repeated → key → docs with the number of repeats."""
    if len(pairs) == 0:
        return Csr(np.zeros(n_keys + 1, np.int64), np.zeros(0, np.int32), np.zeros(0, np.float32))
    combined = pairs[:, 0].astype(np.int64) * n_docs + pairs[:, 1]
    uniq, counts = np.unique(combined, return_counts=True)
    keys, docs = uniq // n_docs, uniq % n_docs
    ptr = np.zeros(n_keys + 1, dtype=np.int64)
    np.cumsum(np.bincount(keys, minlength=n_keys), out=ptr[1:])
    return Csr(ptr, docs.astype(np.int32), counts.astype(np.float32))


def _bm25(tf: Csr, n_docs: int) -> Csr:
    """Turn term → (doc, tf) postings into term → (doc, BM25 weight)."""
    assert tf.val is not None
    doc_len = np.bincount(tf.idx, weights=tf.val, minlength=n_docs)
    avg = float(doc_len.mean()) if n_docs and doc_len.sum() else 1.0
    df = np.diff(tf.ptr).astype(np.float64)
    idf = np.log1p((n_docs - df + 0.5) / (df + 0.5))
    term_of = np.repeat(np.arange(len(df)), np.diff(tf.ptr))
    norm = BM25_K1 * (1 - BM25_B + BM25_B * doc_len[tf.idx] / avg)
    weight = idf[term_of] * tf.val * (BM25_K1 + 1) / (tf.val + norm)
    return Csr(tf.ptr, tf.idx, weight.astype(np.float32))


@dataclass
class _Builder:
    """Accumulates lots before turning them into arrays."""

    suppliers: dict[str, int] = field(default_factory=dict)
    labels: list[str] = field(default_factory=list)
    supplier_nuts: list[str | None] = field(default_factory=list)
    lots: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    winners: list[list[int]] = field(default_factory=list)
    days: list[int] = field(default_factory=list)
    flags: list[int] = field(default_factory=list)
    values: list[float] = field(default_factory=list)
    ratios: list[float] = field(default_factory=list)
    lemma_vocab: dict[str, int] = field(default_factory=dict)
    cpv_vocab: dict[str, int] = field(default_factory=dict)
    nuts_vocab: dict[str, int] = field(default_factory=dict)
    buyer_vocab: dict[str, int] = field(default_factory=dict)
    lot_lemmas: list[list[int]] = field(default_factory=list)
    lot_cpv: list[list[int]] = field(default_factory=list)
    lot_cpv_chain: list[list[int]] = field(default_factory=list)
    lot_nuts: list[list[int]] = field(default_factory=list)
    lot_nuts_chain: list[list[int]] = field(default_factory=list)
    lot_buyers: list[list[int]] = field(default_factory=list)

    def add(self, rec: LotRecord) -> None:
        """One awarded lot (a lot without winners is not a win and is left out)."""
        ids = []
        for org in rec.winners:
            if org.iri not in self.suppliers:
                self.suppliers[org.iri] = len(self.labels)
                self.labels.append(org.label)
                self.supplier_nuts.append(org.nuts)
            ids.append(self.suppliers[org.iri])
        self.lots.append(rec.lot)
        self.notices.append(rec.notice)
        self.winners.append(ids)
        self.days.append(rec.published.toordinal() if rec.published else 0)
        self.flags.append(
            (INNOVATIVE if rec.flags.get("innovative") else 0)
            | (GREEN if rec.flags.get("green") or rec.flags.get("lowCarbon") else 0)
            | (STATED if "innovative" in rec.flags else 0)
        )
        value = rec.awarded_value if rec.awarded_value is not None else rec.estimated_value
        self.values.append(float(value) if value is not None else math.nan)
        self.ratios.append(price_ratio(rec.awarded_value, rec.estimated_value))
        self.lot_lemmas.append(_vocab_ids(self.lemma_vocab, record_lemmas(rec)))
        codes = [c for c in (cpv_code(x) for x in rec.cpv) if c]
        self.lot_cpv.append(_vocab_ids(self.cpv_vocab, codes))
        chain = {k for c in codes for k in _cpv_chain(c)}
        self.lot_cpv_chain.append(_vocab_ids(self.cpv_vocab, sorted(chain)))
        self.lot_nuts.append(_vocab_ids(self.nuts_vocab, rec.nuts))
        nchain = {k for n in rec.nuts for k in _nuts_chain(n)}
        self.lot_nuts_chain.append(_vocab_ids(self.nuts_vocab, sorted(nchain)))
        self.lot_buyers.append(_vocab_ids(self.buyer_vocab, [b.iri for b in rec.buyers]))


def price_ratio(awarded: float | None, estimated: float | None) -> float:
    """log(awarded / estimated value): below 0 when the winner asked less than the buyer
    expected; nan unless both are known and positive.

    >>> round(price_ratio(90.0, 100.0), 3), price_ratio(None, 100.0)
    (-0.105, nan)
    """
    if not awarded or not estimated or awarded <= 0 or estimated <= 0:
        return math.nan
    return math.log(awarded / estimated)


def record_lemmas(rec: LotRecord) -> list[str]:
    """Lemmas of a lot's titles and descriptions, each in its own language."""
    out: list[str] = []
    for texts in (rec.titles, rec.descriptions):
        for lang, text in texts.items():
            out += lemmas(text, lang or None)
    return out


def _pairs(lot_rows: list[list[int]], winners: Csr) -> np.ndarray:
    """(key, supplier) for every key of every lot and every winner of that lot."""
    sups, lot_of = winners.gather(np.arange(len(winners.ptr) - 1))
    keys, pair_of = Csr.from_rows(lot_rows).gather(lot_of)
    return np.stack([keys.astype(np.int64), sups[pair_of].astype(np.int64)], axis=1)


def _lemma_ngrams(vocab: list[str]) -> tuple[list[str], Csr]:
    ngram_vocab: dict[str, int] = {}
    rows = [_vocab_ids(ngram_vocab, dict.fromkeys(ngrams(lemma))) for lemma in vocab]
    return list(ngram_vocab), Csr.from_rows(rows)


def _ngram_postings(lemma_tf: Csr, lemma_ngrams: Csr, n_ngrams: int, n_docs: int) -> Csr:
    """Supplier n-gram frequencies from their lemma frequencies, as BM25 postings."""
    assert lemma_tf.val is not None
    lengths = np.diff(lemma_ngrams.ptr)
    term_of = np.repeat(np.arange(len(lengths)), np.diff(lemma_tf.ptr))  # lemma of each posting
    reps = lengths[term_of]
    docs = np.repeat(lemma_tf.idx, reps)
    tfs = np.repeat(lemma_tf.val, reps)
    starts = np.repeat(lemma_ngrams.ptr[term_of], reps)
    offsets = np.arange(len(docs)) - np.repeat(np.cumsum(reps) - reps, reps)
    grams = lemma_ngrams.idx[starts + offsets].astype(np.int64)
    combined = grams * n_docs + docs
    uniq, inverse = np.unique(combined, return_inverse=True)
    tf = np.bincount(inverse, weights=tfs).astype(np.float32)
    keys = uniq // n_docs
    ptr = np.zeros(n_ngrams + 1, dtype=np.int64)
    np.cumsum(np.bincount(keys, minlength=n_ngrams), out=ptr[1:])
    return _bm25(Csr(ptr, (uniq % n_docs).astype(np.int32), tf), n_docs)


def build_index(
    records: Iterable[LotRecord],
    *,
    fingerprint: str,
    ecosystem: dict[str, list[str]] | None = None,
    open_needs: Iterable[LotRecord] = (),
    sizes: dict[str, str] | None = None,
    companies: Iterable[CompanyRecord] = (),
    mappings: Sequence[StoredMapping] = (),
    funding_until: int | None = None,
) -> MatchIndex:
    """Index every awarded lot of ``records`` by its winners.

    ``companies`` are the registry and funded organisations and ``mappings`` the TOL
    ↔ CPV bridge (:mod:`graph.matching.registry`); ``funding_until`` is the last year
    of funding the index may see (None: all of it).

    ``ecosystem`` maps a supplier IRI to the green deals and KEINO programmes it
    takes part in; ``open_needs`` are lots without award for the reverse lookup;
    ``sizes`` maps a supplier IRI to its eForms economic-operator size (BT-165:
    ``sme``, ``micro``, ``small``, ``medium``, ``large``).
    """
    b = _Builder()
    for rec in records:
        if rec.winners:
            b.add(rec)
    n = len(b.labels)
    winners = Csr.from_rows(b.winners)
    lemma_tf = count_postings(_pairs(b.lot_lemmas, winners), len(b.lemma_vocab), n)
    ngram_vocab, lemma_ngrams = _lemma_ngrams(list(b.lemma_vocab))
    homes = [  # the registered address counts as one more lot there
        (b.nuts_vocab.setdefault(k, len(b.nuts_vocab)), s)
        for s, home in enumerate(b.supplier_nuts)
        for k in (_nuts_chain(home) if home else [])
    ]
    nuts_pairs = np.concatenate(
        [_pairs(b.lot_nuts_chain, winners), np.array(homes, np.int64).reshape(-1, 2)]
    )
    known = [d for d in b.days if d]
    registry = build_registry(companies, mappings, list(b.suppliers), funding_until)
    linked = set(b.suppliers) | set(registry.companies)
    return MatchIndex(
        fingerprint=fingerprint,
        reference_date=(dt.date.fromordinal(max(known)) if known else dt.date.today()).isoformat(),
        suppliers=list(b.suppliers),
        labels=b.labels,
        lots=b.lots,
        notices=b.notices,
        supplier_lots=_supplier_lots(b.winners, n),
        lot_days=np.array(b.days, dtype=np.int32),
        lot_flags=np.array(b.flags, dtype=np.uint8),
        lot_value=np.array(b.values, dtype=np.float64),
        lot_ratio=np.array(b.ratios, dtype=np.float64),
        lemma_vocab=list(b.lemma_vocab),
        ngram_vocab=ngram_vocab,
        lot_lemmas=Csr.from_rows(b.lot_lemmas),
        lemma_ngrams=lemma_ngrams,
        lemma_postings=_bm25(lemma_tf, n),
        ngram_postings=_ngram_postings(lemma_tf, lemma_ngrams, len(ngram_vocab), n),
        cpv_keys=list(b.cpv_vocab),
        cpv_postings=count_postings(_pairs(b.lot_cpv_chain, winners), len(b.cpv_vocab), n),
        lot_cpv=Csr.from_rows(b.lot_cpv),
        nuts_keys=list(b.nuts_vocab),
        nuts_postings=count_postings(
            np.array(nuts_pairs, np.int64).reshape(-1, 2), len(b.nuts_vocab), n
        ),
        lot_nuts=Csr.from_rows(b.lot_nuts),
        supplier_nuts=b.supplier_nuts,
        buyer_keys=list(b.buyer_vocab),
        buyer_postings=count_postings(_pairs(b.lot_buyers, winners), len(b.buyer_vocab), n),
        lot_buyers=Csr.from_rows(b.lot_buyers),
        ecosystem={k: v for k, v in (ecosystem or {}).items() if k in linked},
        open_needs=[need_entry(r) for r in open_needs],
        supplier_size=[(sizes or {}).get(iri) for iri in b.suppliers],
        registry=registry,
    )


def _supplier_lots(winners: list[list[int]], n: int) -> Csr:
    rows: list[list[int]] = [[] for _ in range(n)]
    for lot, sups in enumerate(winners):
        for s in sups:
            rows[s].append(lot)
    return Csr.from_rows(rows)


def need_entry(rec: LotRecord) -> dict[str, Any]:
    """What the reverse lookup keeps of an open lot (JSON-ready)."""
    title = next(iter(rec.titles.values()), "") or rec.lot
    return {
        "lot": rec.lot,
        "notice": rec.notice,
        "title": title,
        "text": rec.text,
        "cpv": list(rec.cpv),
        "region": rec.nuts[0] if rec.nuts else None,
        "budget": rec.estimated_value,
        "buyer": rec.buyers[0].iri if rec.buyers else None,
    }


# ---------------------------------------------------------------- persistence
_CSR_FIELDS = [
    "supplier_lots",
    "lot_lemmas",
    "lemma_ngrams",
    "lemma_postings",
    "ngram_postings",
    "cpv_postings",
    "lot_cpv",
    "nuts_postings",
    "lot_nuts",
    "buyer_postings",
    "lot_buyers",
]
_ARRAY_FIELDS = ("lot_days", "lot_flags", "lot_value", "lot_ratio")


def save(index: MatchIndex, folder: Path) -> None:
    """Write the index into ``folder``: arrays first, ``meta.json`` (the commit) last."""
    folder.mkdir(parents=True, exist_ok=True)
    arrays: dict[str, np.ndarray] = {name: getattr(index, name) for name in _ARRAY_FIELDS}
    for name in _CSR_FIELDS:
        csr: Csr = getattr(index, name)
        arrays[f"{name}.ptr"], arrays[f"{name}.idx"] = csr.ptr, csr.idx
        if csr.val is not None:
            arrays[f"{name}.val"] = csr.val
    arrays["fingerprint"] = np.array([index.fingerprint])
    arrays.update(_registry_arrays(index.registry))
    with open(folder / "arrays.npz.tmp", "wb") as handle:
        np.savez(handle, **arrays)  # type: ignore[arg-type]
    os.replace(folder / "arrays.npz.tmp", folder / "arrays.npz")
    skip = {*_CSR_FIELDS, *_ARRAY_FIELDS, "registry"}
    meta = {k: v for k, v in vars(index).items() if k not in skip}
    meta["registry"] = {k: getattr(index.registry, k) for k in _REGISTRY_LISTS}
    meta["format"] = FORMAT
    (folder / "meta.json.tmp").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    os.replace(folder / "meta.json.tmp", folder / "meta.json")


def stored_fingerprint(folder: Path) -> str | None:
    """The fingerprint of the index in ``folder``; None when absent, unreadable or old."""
    try:
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        with np.load(folder / "arrays.npz") as arrays:
            inner = str(arrays["fingerprint"][0])
    except (OSError, ValueError, KeyError):
        return None
    same = meta.get("format") == FORMAT and meta.get("fingerprint") == inner
    return inner if same else None


def load(folder: Path) -> MatchIndex:
    """Read an index written by :func:`save` (check :func:`stored_fingerprint` first)."""
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    meta.pop("format", None)
    with np.load(folder / "arrays.npz") as arrays:
        for name in _ARRAY_FIELDS:
            meta[name] = arrays[name]
        for name in _CSR_FIELDS:
            val = arrays.get(f"{name}.val")
            meta[name] = Csr(arrays[f"{name}.ptr"], arrays[f"{name}.idx"], val)
        meta["registry"] = _registry_of(meta["registry"], arrays)
    return MatchIndex(**meta)


_REGISTRY_LISTS = ("companies", "labels", "nuts", "tol_codes", "tol_labels", "funding_iris",
                   "mapping_iris", "mapping_cpv", "reference_year")  # fmt: skip
_REGISTRY_ARRAYS = ("supplier", "tol", "funding_amount", "funding_year", "funding_kind",
                    "mapping_tol", "mapping_conf")  # fmt: skip


def _registry_arrays(registry: Registry) -> dict[str, np.ndarray]:
    out = {f"registry.{name}": getattr(registry, name) for name in _REGISTRY_ARRAYS}
    out["registry.funding.ptr"], out["registry.funding.idx"] = (
        registry.funding.ptr, registry.funding.idx)  # fmt: skip
    return out


def _registry_of(lists: dict[str, Any], arrays: Any) -> Registry:
    values = {name: arrays[f"registry.{name}"] for name in _REGISTRY_ARRAYS}
    funding = Csr(arrays["registry.funding.ptr"], arrays["registry.funding.idx"])
    return Registry(**lists, **values, funding=funding)


def group_by(items: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    """(key, value) pairs → key → sorted distinct values."""
    out: dict[str, set[str]] = defaultdict(set)
    for k, v in items:
        out[k].add(v)
    return {k: sorted(v) for k, v in out.items()}
