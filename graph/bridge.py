"""The TOL 2008 ↔ CPV bridge: which lines of business supply which procurement codes.

A company's main line (TOL 2008, Statistics Finland) and a buyer's need (CPV
2008) are two classifications of the same economy; nothing official maps one to
the other. The bridge is built from the two code lists' own Finnish labels, and
only from labels that exist: TOL labels come from the registry (5-digit codes
that a company in the graph has, :mod:`ingest.tol`), CPV labels from the code
lists. Sections and divisions of TOL have no label of their own; a division is
described by the labels of its member codes, never by an invented one.

**Terms.** A label's words are lemmatised (:func:`content_lemma`: voikko's first
reading, a final "työ" or "palvelu(t)" head dropped when four letters remain), stop
words and the classification's filler ("muu", "muualla luokittelematon") left
out; a compound whose two halves are both words of the two code lists adds its
halves at half weight (``ohjelmistokonsultointi`` → ``ohjelmisto``,
``konsultointi``), since Finnish compounds are where the two lists differ most.

**Score** (:func:`weighted_jaccard`): idf-weighted Jaccard of the two labels'
terms, Σ idf · min(a, b) / Σ idf · max(a, b), idf = log(N / df) over all labels
of both lists: 1 when the labels say the same, 0 when they share nothing. A
5-digit code scores against its own label (method ``label-lemmas``) and, at
half weight, with its division's member labels (method ``division-labels``);
the better of the two is kept.

**Relation by band** (:func:`relation`): the CPV concept is a division or a
group (``XX000000``, ``XXX00000``) and the score is at least
:data:`RELATED_BAND` → ``skos:broadMatch`` (the CPV concept is broader than a
5-digit line); otherwise a score of at least :data:`CLOSE_BAND` →
``skos:closeMatch``, at least :data:`RELATED_BAND` → ``skos:relatedMatch``,
below it no mapping. The best :data:`PER_CODE` CPV codes of each TOL code are kept.

**Overrides** (``data/bridge/overrides.csv``, :func:`read_overrides`): a curated
row sets or removes (relation ``none``) one mapping, with its reason; a curated
mapping has method ``curated`` and the confidence the row gives.

>>> tol = {"62010": "Ohjelmistojen suunnittelu ja valmistus"}
>>> cpv = {"72212000": "Ohjelmistojen suunnittelu", "03000000": "Maataloustuotteet"}
>>> [(m.tol, m.cpv, m.relation) for m in compute_mappings(tol, cpv)]
[('62010', '72212000', 'closeMatch')]
"""

from __future__ import annotations

import csv
import io
import math
from collections import defaultdict
from collections.abc import Callable, Iterable
from collections.abc import Mapping as Labels
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pyoxigraph as ox
from scipy import sparse

from graph.codes import CPV_SCHEME
from graph.finnish import lemma, lemmas, words
from graph.iris import entity_iri
from graph.store import Store

CLOSE_BAND = 0.5  # at least this: the two labels say nearly the same
RELATED_BAND = 0.25  # at least this: a shared core word (below: no mapping)
PER_CODE = 6  # CPV codes kept per TOL code, best first
PART_WEIGHT = 0.5  # a compound's halves count half as much as the whole word
DIVISION_WEIGHT = 0.5  # a mapping found only through the division's member labels
RELATIONS = ("closeMatch", "broadMatch", "relatedMatch")
#: Words of both lists' labels that say nothing about the line of business (``valmistus``,
#: manufacture, ends half of TOL's labels; what is made is the content).
_FILLER_WORDS = """ja sekä tai muu muut muualla luokittelematon luokittelemattomat
    luokittelemattomien vastaava vastaavat liittyvä liittyvät niihin niiden pl paitsi eri osa
    yms ym jne tms kuten muun muiden muista toiminta palvelu tuote tuotteet valmistus"""
FILLER = frozenset(_FILLER_WORDS.split())


@dataclass(frozen=True)
class Mapping:
    """One TOL code → CPV code mapping with its relation, confidence, method and why."""

    tol: str  # a 5-digit TOL 2008 code
    cpv: str  # an 8-digit CPV code (no check digit)
    relation: str  # closeMatch | broadMatch | relatedMatch
    confidence: float  # 0..1
    method: str  # label-lemmas | division-labels | curated
    note: str  # the shared terms, or the curated reason


#: Final compound heads that say only "work" or "service" in these lists
#: (``rakennustyö``, ``siivouspalvelut``): the rest of the word is the content.
EMPTY_HEADS = ("palvelut", "palvelu", "työt", "työ")
MIN_STEM = 4  # a head is dropped only when this many letters remain

Lemmatiser = Callable[[str], str]


@lru_cache(maxsize=100_000)
def plain_lemma(word: str) -> str:
    """simplemma's lemma, lower case (what :func:`label_terms` uses by default)."""
    return lemma(word).lower()


@lru_cache(maxsize=100_000)
def content_lemma(word: str) -> str:
    """A label word's lemma (voikko's first reading when voikko is installed, see
    :func:`graph.finnish.lemmas`), lower case, without a final head of
    :data:`EMPTY_HEADS` when at least :data:`MIN_STEM` letters remain.

    >>> content_lemma("Sähköasennustyöt"), content_lemma("Siivouspalvelut"), content_lemma("työ")
    ('sähköasennus', 'siivous', 'työ')
    """
    base = lemmas(word)[0].lower()
    for head in EMPTY_HEADS:
        stem = base.removesuffix(head)
        if stem != base and len(stem.rstrip("-")) >= MIN_STEM:
            return stem.rstrip("-")
    return base


def label_terms(
    label: str, vocabulary: frozenset[str] = frozenset(), lemmatise: Lemmatiser = plain_lemma
) -> dict[str, float]:
    """Content lemmas of a label (weight 1) and the halves of its compounds found in
    ``vocabulary`` (weight :data:`PART_WEIGHT`).

    >>> terms = label_terms("Atk-laitteisto- ja ohjelmistokonsultointi",
    ...                     frozenset({"ohjelmisto", "konsultointi"}))
    >>> terms["ohjelmistokonsultointi"], terms["ohjelmisto"], "ja" in terms
    (1.0, 0.5, False)
    """
    return lemma_terms([lemmatise(w) for w in words(label) if w not in FILLER], vocabulary)


def lemma_terms(lemmas: list[str], vocabulary: frozenset[str]) -> dict[str, float]:
    """Terms of already lemmatised words (a need's, as the matcher has them): each
    content lemma at weight 1, its compound halves in ``vocabulary`` at half weight.

    >>> lemma_terms(["sähköasennus", "ja"], frozenset({"sähkö", "asennus"}))
    {'sähköasennus': 1.0, 'sähkö': 0.5, 'asennus': 0.5}
    """
    out: dict[str, float] = {}
    for base in lemmas:
        if base in FILLER or len(base) < 2 or not base.isalpha():
            continue
        out[base] = 1.0
        for part in compound_parts(base, vocabulary):
            out.setdefault(part, PART_WEIGHT)
    return out


def compound_parts(word: str, vocabulary: frozenset[str]) -> tuple[str, ...]:
    """The two halves of a compound when both are words of ``vocabulary`` (the head
    may stand in its genitive: ``tietojen``), longest head first; () otherwise.

    >>> compound_parts("sähköasennus", frozenset({"sähkö", "asennus"}))
    ('sähkö', 'asennus')
    """
    for cut in range(len(word) - 4, 3, -1):
        head, tail = word[:cut], word[cut:]
        if tail not in vocabulary or tail in FILLER:
            continue
        # the dictionary only (no guessing): fast enough for every cut of every word
        head_lemma = head if head in vocabulary else lemma(head, guess=False).lower()
        if head_lemma in vocabulary and head_lemma not in FILLER:
            return (head_lemma, tail)
    return ()


def vocabulary_of(labels: Iterable[str], lemmatise: Lemmatiser = plain_lemma) -> frozenset[str]:
    """Every content lemma of ``labels`` (what compound halves are looked up in)."""
    found = {lemmatise(w) for label in labels for w in words(label)}
    return frozenset(w for w in found if len(w) >= 4 and w.isalpha() and w not in FILLER)


def cpv_level(code: str) -> int:
    """How many levels deep a CPV code is: 1 division (XX000000), 2 group, 3 class …

    >>> cpv_level("72000000"), cpv_level("72200000"), cpv_level("72212000")
    (1, 2, 4)
    """
    return max(1, len(code[:8].rstrip("0")) - 1)


def relation(score: float, cpv: str) -> str | None:
    """The SKOS mapping relation of a score band (see the module doc); None below it.

    >>> relation(0.6, "72212000"), relation(0.6, "72000000"), relation(0.3, "72212000")
    ('closeMatch', 'broadMatch', 'relatedMatch')
    """
    if score < RELATED_BAND:
        return None
    if cpv_level(cpv) <= 2:
        return "broadMatch"
    return "closeMatch" if score >= CLOSE_BAND else "relatedMatch"


@dataclass
class _Matrix:
    """Labels as rows over the shared term vocabulary (two weight levels kept apart)."""

    whole: sparse.csr_matrix  # 1 where a row has the term at weight 1
    part: sparse.csr_matrix  # 1 where a row has the term at any weight
    mass: np.ndarray  # Σ idf · weight per row


def _matrix(rows: list[dict[str, float]], vocab: dict[str, int], idf: np.ndarray) -> _Matrix:
    whole_r, whole_c, part_r, part_c = [], [], [], []
    mass = np.zeros(len(rows))
    for r, terms in enumerate(rows):
        for term, weight in terms.items():
            t = vocab[term]
            part_r.append(r)
            part_c.append(t)
            if weight >= 1.0:
                whole_r.append(r)
                whole_c.append(t)
            mass[r] += idf[t] * weight
    shape = (len(rows), len(vocab))
    ones = np.ones
    return _Matrix(
        sparse.csr_matrix((ones(len(whole_r)), (whole_r, whole_c)), shape=shape),
        sparse.csr_matrix((ones(len(part_r)), (part_r, part_c)), shape=shape),
        mass,
    )


def weighted_jaccard(a: _Matrix, b: _Matrix, idf: np.ndarray) -> sparse.csr_matrix:
    """Σ idf · min / Σ idf · max for every pair of rows of ``a`` and ``b`` that share
    a term. Weights are 1 or :data:`PART_WEIGHT`, so min(x, y) is the sum over the two
    levels of the level's step where both reach it, which is two sparse products."""
    d = sparse.diags(idf)
    low = PART_WEIGHT * (a.part @ d @ b.part.T)
    high = (1 - PART_WEIGHT) * (a.whole @ d @ b.whole.T)
    inter = (low + high).tocoo()
    union = a.mass[inter.row] + b.mass[inter.col] - inter.data
    score = np.divide(inter.data, union, out=np.zeros_like(inter.data), where=union > 0)
    return sparse.csr_matrix((score, (inter.row, inter.col)), shape=inter.shape)


def compute_mappings(
    tol_labels: Labels[str, str],
    cpv_labels: Labels[str, str],
    lemmatise: Lemmatiser = content_lemma,
) -> list[Mapping]:
    """Mappings of every labelled TOL code to its best CPV codes (pure; see module doc).

    ``tol_labels``: 5-digit TOL code → Finnish label; ``cpv_labels``: 8-digit CPV
    code → Finnish label; ``lemmatise`` turns a label word into its term
    (:func:`content_lemma`; ``bench/bridge_eval.py`` compares it with simplemma's).
    """
    tol_codes, cpv_codes = sorted(tol_labels), sorted(cpv_labels)
    if not tol_codes or not cpv_codes:
        return []
    vocabulary = vocabulary_of([*tol_labels.values(), *cpv_labels.values()], lemmatise)
    own = [label_terms(tol_labels[c], vocabulary, lemmatise) for c in tol_codes]
    divisions: dict[str, dict[str, float]] = defaultdict(dict)
    for code, terms in zip(tol_codes, own, strict=True):
        for term, weight in terms.items():
            slot = divisions[code[:2]]
            slot[term] = max(slot.get(term, 0.0), weight)
    division = [divisions[c[:2]] for c in tol_codes]
    cpv_terms = [label_terms(cpv_labels[c], vocabulary, lemmatise) for c in cpv_codes]
    vocab: dict[str, int] = {}
    df: dict[str, int] = defaultdict(int)
    for terms in (*own, *cpv_terms):
        for term in terms:
            vocab.setdefault(term, len(vocab))
            df[term] += 1
    n = len(own) + len(cpv_terms)
    idf = np.array([math.log(n / df[t]) for t in vocab])
    cpv_m = _matrix(cpv_terms, vocab, idf)
    scores = {
        "label-lemmas": weighted_jaccard(_matrix(own, vocab, idf), cpv_m, idf),
        "division-labels": DIVISION_WEIGHT * weighted_jaccard(_matrix(division, vocab, idf),
                                                              cpv_m, idf),
    }  # fmt: skip
    position = {c: i for i, c in enumerate(cpv_codes)}
    out: list[Mapping] = []
    for row, code in enumerate(tol_codes):
        best: dict[str, tuple[float, str]] = {}
        for method, matrix in scores.items():
            lo, hi = matrix.indptr[row], matrix.indptr[row + 1]
            for col, value in zip(matrix.indices[lo:hi], matrix.data[lo:hi], strict=True):
                c = cpv_codes[int(col)]
                if value > best.get(c, (0.0, ""))[0]:
                    best[c] = (float(value), method)
        ranked = sorted(best.items(), key=lambda kv: (-kv[1][0], cpv_level(kv[0]), kv[0]))
        for cpv, (value, method) in ranked[:PER_CODE]:
            rel = relation(value, cpv)
            if rel is None:
                break
            shared = own[row] if method == "label-lemmas" else division[row]
            common = sorted(set(shared) & set(cpv_terms[position[cpv]]))
            out.append(Mapping(code, cpv, rel, round(value, 4), method,
                               "shared terms: " + ", ".join(common)))  # fmt: skip
    return out


@dataclass(frozen=True)
class Override:
    """A curated row: set (or with relation ``none`` remove) one mapping, and why."""

    tol: str
    cpv: str
    relation: str  # closeMatch | broadMatch | relatedMatch | none
    confidence: float
    reason: str
    line: int


OVERRIDE_COLUMNS = ("tol", "cpv", "relation", "confidence", "reason")


def read_overrides(text: str, where: str) -> list[Override]:
    """Rows of the override CSV; a bad row raises ``ValueError`` naming ``where`` and line.

    >>> read_overrides("tol,cpv,relation,confidence,reason\\n62010,72200000,closeMatch,0.9,x\\n",
    ...                "o.csv")[0].cpv
    '72200000'
    """
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in OVERRIDE_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise ValueError(f"{where}:1: missing column(s) {', '.join(missing)}")
    out = []
    for line, row in enumerate(reader, start=2):
        tol, cpv = (row["tol"] or "").strip(), (row["cpv"] or "").strip()[:8]
        rel, reason = (row["relation"] or "").strip(), (row["reason"] or "").strip()
        if not (len(tol) == 5 and tol.isdigit()):
            raise ValueError(f"{where}:{line}: tol {tol!r} is not a 5-digit TOL 2008 code")
        if not (len(cpv) == 8 and cpv.isdigit()):
            raise ValueError(f"{where}:{line}: cpv {cpv!r} is not an 8-digit CPV code")
        if rel not in (*RELATIONS, "none"):
            raise ValueError(f"{where}:{line}: relation {rel!r} is not one of "
                             f"{', '.join(RELATIONS)}, none")  # fmt: skip
        try:
            confidence = float(row["confidence"] or "0")
        except ValueError:
            bad = row["confidence"]
            raise ValueError(f"{where}:{line}: confidence {bad!r} is no number") from None
        if not 0 <= confidence <= 1:
            raise ValueError(f"{where}:{line}: confidence {confidence} is not between 0 and 1")
        if not reason:
            raise ValueError(f"{where}:{line}: a curated row needs its reason")
        out.append(Override(tol, cpv, rel, confidence, reason, line))
    return out


def apply_overrides(mappings: list[Mapping], overrides: Iterable[Override]) -> list[Mapping]:
    """``mappings`` with every curated row applied: it replaces (or removes) the computed
    mapping of the same pair, or adds one."""
    by_pair = {(m.tol, m.cpv): m for m in mappings}
    for o in overrides:
        by_pair.pop((o.tol, o.cpv), None)
        if o.relation != "none":
            by_pair[(o.tol, o.cpv)] = Mapping(o.tol, o.cpv, o.relation, o.confidence,
                                              "curated", o.reason)  # fmt: skip
    return sorted(by_pair.values(), key=lambda m: (m.tol, -m.confidence, m.cpv))


# ------------------------------------------------------------ store facing
_CODE_LABELS = """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?scheme ?code ?label WHERE {
  ?c skos:inScheme ?scheme ; skos:notation ?code ; skos:prefLabel ?label .
  FILTER(LANG(?label) = "fi")
}"""


def code_labels(store: Store, scheme: str) -> dict[str, str]:
    """Code → Finnish label of the concepts of ``scheme`` that have one (first wins)."""
    out: dict[str, str] = {}
    for row in store.query(_CODE_LABELS, substitutions={"scheme": ox.NamedNode(scheme)}):
        out.setdefault(row["code"].value, row["label"].value)
    return out


def tol_labels(store: Store) -> dict[str, str]:
    """5-digit TOL 2008 code → Finnish label (only codes the registry describes)."""
    labels = code_labels(store, entity_iri("tol2008"))
    return {c: label for c, label in labels.items() if len(c) == 5 and c.isdigit()}


def cpv_labels(store: Store) -> dict[str, str]:
    """8-digit CPV code → Finnish label, from the code lists in the store."""
    return {c[:8]: label for c, label in code_labels(store, CPV_SCHEME).items()}


_MAPPINGS = """PREFIX keino: <https://w3id.org/keino/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?m ?tol ?cpv ?rel ?conf ?method WHERE {
  ?m a keino:ConceptMapping ; rdf:subject ?t ; rdf:predicate ?rel ; rdf:object ?c ;
     keino:confidence ?conf ; keino:mappingMethod ?method .
  ?t skos:notation ?tol .
  ?c skos:notation ?cpv .
}"""


@dataclass(frozen=True)
class StoredMapping:
    """A bridge mapping as ``kg:bridge`` holds it, with its IRI."""

    iri: str
    tol: str
    cpv: str
    relation: str
    confidence: float
    method: str


def stored_mappings(store: Store) -> list[StoredMapping]:
    """Every TOL ↔ CPV mapping in the store (``kg:bridge``), sorted by IRI."""
    out = [
        StoredMapping(
            iri=row["m"].value,
            tol=row["tol"].value,
            cpv=row["cpv"].value[:8],
            relation=row["rel"].value.rsplit("#", 1)[-1],
            confidence=float(row["conf"].value),
            method=row["method"].value,
        )
        for row in store.query(_MAPPINGS)
    ]
    return sorted(out, key=lambda m: m.iri)


def mapping_iri(tol: str, cpv: str) -> str:
    """IRI of the mapping of TOL code ``tol`` to CPV code ``cpv``.

    >>> mapping_iri("62010", "72200000")
    'https://w3id.org/keino/id/tol-cpv/62010/72200000'
    """
    return entity_iri("tol-cpv", tol, cpv)
