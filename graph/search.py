"""Find entities as people type their names: labels, abbreviations, titles, IDs and codes.

The index covers ``skos:prefLabel``, ``skos:altLabel``, ``keino:abbreviation``
and ``rdfs:label`` of every IRI in the store (:func:`graph.labels.names`), the
titles of notices and lots (``dct:title``; a notice is found by its
procedure's title, a lot by its own when it differs from the notice's), business
IDs in any spelling, code notations (CPV, TOL, NUTS, municipality numbers) and
notice identifiers. Each entity also carries its facets: display kind, region
(a NUTS code, from its address, place of performance or municipality) and year
(of publication or issue). :class:`graph.derived.Derived` keeps one index per
store state (:func:`build_index`). Word forms (folding, endings, lemmas) come
from :mod:`graph.finnish`.

A query word matches a label word when it is the same word, has the same lemma
(*hankintojen* → *hankinta*), one is a stem of the other (*Motivan* ↔ *Motiva*),
the query starts it (typing), or the two are close in letter trigrams (typos
such as *ymparistoministerio*). Rare words weigh more than common ones, so
*Porin kaupunki* finds Pori (a municipality, for which *kaupunki* and *kunta*
are what it is rather than part of its name) before *Kaupungit*.
Whole-label matches and preferred labels rank higher, and an ``owl:sameAs``
clique is one hit under its best name. The asked language chooses the label a hit
shows, never the order: ties are ordered the same way in every path
(:func:`rank_key`).

>>> from graph.labels import names, types
>>> from graph.namespaces import KEINO
>>> from graph.rdf import a, lit, triple
>>> from graph.store import Store
>>> store = Store()
>>> org = "https://w3id.org/keino/id/org/fi/0000000-0"
>>> _ = store.load_triples("https://w3id.org/keino/graph/t", [
...     a(org, "http://www.w3.org/ns/org#Organization"),
...     triple(org, SKOS.prefLabel, lit("Ympäristöministeriö", lang="fi")),
...     triple(org, SKOS.prefLabel, lit("Ministry of the Environment", lang="en")),
...     triple(org, KEINO.abbreviation, lit("YM"))])
>>> index = build_index(store)
>>> [(h.label, h.matched) for h in search(index, "ympäristöministeriön")]
[('Ympäristöministeriö', 'Ympäristöministeriö')]
>>> search(index, "ymparistoministerio", lang="en")[0].label
'Ministry of the Environment'
>>> page = find(index, "YM")
>>> page.total, page.hits[0].kind, page.facets["kind"][0].value
(1, 'organisation', 'organisation')
>>> search(index, "nothing like it")
[]
"""

from __future__ import annotations

import bisect
import heapq
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain

import numpy as np
import pyoxigraph as ox
from rdflib.namespace import SKOS

from graph import labels as label_table
from graph.finnish import fold, stems, word_forms, words
from graph.iris import TOL_BASE, business_id_of, normalise_business_id
from graph.labels import BUSINESS_ID, SAME_AS, CliqueRank, Name, clique_heads, clique_rank
from graph.namespaces import CPV, DCTERMS, EPO, KEINO, KEINO_NS, NUTS, RDFS
from graph.procurement import ORG_NUTS
from graph.store import Store
from graph.vocabulary import kind_of

# Names that rank first: the preferred label, then the plain label.
_PREF_LABEL, _LABEL, _TITLE = str(SKOS.prefLabel), str(RDFS.label), str(DCTERMS.title)
_MUNICIPALITY, _LOT = str(KEINO.Municipality), str(EPO.Lot)
_NOTICES = frozenset(
    str(t) for t in (EPO.Notice, EPO.CompetitionNotice, EPO.ResultNotice, EPO.PlanningNotice)
)
_LANGS = ("fi", "sv", "en")
# Word-match strengths: same word, same lemma, stem of each other, trigram-close.
_EXACT, _LEMMA, _STEM = 1.0, 0.95, 0.85
# A word of three letters or fewer starts too many words (TEM → Temperatur…) to
# count as typing one of them.
_SHORT_PREFIX = 0.5
# Words a name may carry without the searcher typing them (legal forms, links).
_FILLER = frozenset(["oy", "oyj", "ab", "ltd", "ry", "rf", "ky", "the", "of", "and", "ja", "och"])
# What a municipality is rather than part of its name: "Porin kaupunki" is Pori.
_PLACE_WORDS = frozenset(["kaupunki", "kunta", "city", "town", "municipality", "stad", "kommun"])
_PLACE_WORD = 0.9
_TYPO_MIN = 0.5  # Dice similarity of trigrams below which two words differ
_MIN_SCORE = 0.6
_RELATIVE = 0.5  # hits below this share of the best one are noise beside it
_ID_SCORE = 2.0  # a business ID, code or identifier asked for is what the searcher means
_PADDED_CODE = 1.9  # "45" as CPV division 45000000
#: the facets :func:`find` counts and filters on
FACETS = ("kind", "region", "year")
#: code lists whose notations search finds (CPV, TOL 2008, NUTS)
CODE_BASES = (str(CPV), TOL_BASE, str(NUTS))
_CODE_QUERY = re.compile(r"^(?:CPV|TOL|NUTS)?\s*([A-Z]{0,2}[0-9][0-9A-Z.\- ]*)$", re.IGNORECASE)


#: a clique's kind, region codes, years and whether it is curated (a KEINO class)
FacetRow = tuple[str, tuple[str, ...], tuple[int, ...], bool]


@dataclass(frozen=True)
class Hit:
    """One entity found: its display label, main type, score, the label (or ID) that
    matched, its search kind (:func:`search_kind`), regions (NUTS codes) and years."""

    iri: str
    label: str
    type: str | None
    score: float
    matched: str
    kind: str = "other"
    regions: tuple[str, ...] = ()
    years: tuple[int, ...] = ()


@dataclass(frozen=True)
class FacetValue:
    """One value of a facet with its label (in the asked language) and number of hits."""

    value: str
    label: str
    count: int


@dataclass(frozen=True)
class Page:
    """One page of results: its hits, the number of hits in all, and the counts of
    each facet (:data:`FACETS`) among the hits the other facets' filters keep."""

    hits: list[Hit]
    total: int
    offset: int
    limit: int
    facets: dict[str, list[FacetValue]]


@dataclass(frozen=True)
class Fact:
    """A searchable fact of an IRI besides its names: ``what`` is ``title`` (with its
    ``lang``), ``code`` (a notation), ``identifier``, ``region`` (NUTS code) or ``year``."""

    iri: str
    what: str
    value: str
    lang: str | None = None


@dataclass(frozen=True)
class _Label:
    iri: str
    text: str
    lang: str | None
    predicate: str
    words: tuple[str, ...]
    #: the folded words joined by spaces, and how many are not filler (computed once)
    phrase: str = ""
    content: int = 0


@dataclass(frozen=True)
class _Found:
    """A ranked entity before it becomes a :class:`Hit`."""

    iri: str
    score: float
    label: _Label
    matched: str | None


# ------------------------------------------------------------ the store's facts
_PREFIXES = """PREFIX epo: <http://data.europa.eu/a4g/ontology#>
PREFIX keino: <https://w3id.org/keino/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX cv: <http://data.europa.eu/m8g/>
"""
# A notice by its procedure's title; a lot by its own title unless its notice has it too.
# MINUS, not FILTER NOT EXISTS: Oxigraph evaluated the latter once per lot over every
# notice (7,438 lots: 14 s; MINUS 0.3 s, the same rows).
TITLES = (
    _PREFIXES
    + """SELECT ?s ?title WHERE {
  { ?s epo:refersToProcedure/dct:title ?title }
  UNION
  { ?s a epo:Lot ; dct:title ?title .
    MINUS { ?n epo:refersToLot ?s ; epo:refersToProcedure/dct:title ?title } }
  FILTER(isIRI(?s) && isLiteral(?title))
}"""
)
CODES = _PREFIXES + "SELECT ?s ?code WHERE { ?s skos:notation ?code FILTER(isIRI(?s)) }"
IDENTIFIERS = (
    _PREFIXES
    + """SELECT ?s ?code WHERE {
  { ?s a epo:Notice ; dct:identifier ?code }
  UNION { ?s a epo:Notice ; epo:refersToProcedure/dct:identifier ?code }
  FILTER(isIRI(?s) && isLiteral(?code))
}"""
)
# Where an entity is: an address, a lot's place of performance, a notice's lots or
# buyers, a municipality's region (and what is located in a municipality).
#
# An organisation's name and address are restated in every batch graph that names it,
# and the default graph (their union) keeps each copy: a path over k copies of an
# address and k of its NUTS code gives k² rows, and each notice of that buyer repeated
# them. The address hops are made distinct first (``graph.procurement.ORG_NUTS``), so
# the query stays linear (3,000 notices in 120 batches: 98 s before, 0.5 s after, same
# rows).
REGIONS = (
    _PREFIXES
    + """SELECT DISTINCT ?s ?nuts WHERE {
  { """
    + ORG_NUTS
    + """ BIND(?org AS ?s) }
  UNION { ?s epo:foreseesContractSpecificTerm/epo:definesSpecificPlaceOfPerformance
               /epo:hasNutsCode ?nuts }
  UNION { ?s epo:refersToLot/epo:foreseesContractSpecificTerm
               /epo:definesSpecificPlaceOfPerformance/epo:hasNutsCode ?nuts }
  UNION { ?s epo:refersToRole ?role . ?role a epo:Buyer ; epo:playedBy ?org . """
    + ORG_NUTS
    + """ }
  UNION { ?s keino:locatedIn/keino:locatedIn?/skos:exactMatch ?nuts }
  UNION { ?s a keino:Region ; skos:exactMatch ?nuts }
  FILTER(isIRI(?s) && isIRI(?nuts))
}"""
)
YEARS = (
    _PREFIXES
    + """SELECT DISTINCT ?s ?date WHERE {
  { ?s epo:hasPublicationDate ?date }
  UNION { ?n epo:hasPublicationDate ?date ; epo:refersToLot ?s }
  UNION { ?s dct:issued ?date }
  FILTER(isIRI(?s) && isLiteral(?date))
}"""
)


def facts(store: Store) -> Iterator[Fact]:
    """Titles, code notations, notice identifiers, regions and years of the store's
    entities (see :class:`Fact`)."""
    for row in store.query(TITLES):
        title = row["title"]
        lang = title.language if isinstance(title, ox.Literal) else None
        yield Fact(row["s"].value, "title", title.value, lang)
    for row in store.query(CODES):
        if row["s"].value.startswith(CODE_BASES):
            yield Fact(row["s"].value, "code", row["code"].value)
    for row in store.query(IDENTIFIERS):
        yield Fact(row["s"].value, "identifier", row["code"].value)
    nuts = str(NUTS)
    for row in store.query(REGIONS):
        if row["nuts"].value.startswith(nuts):
            # NUTS 3 at most: a municipality-level code counts in its region
            yield Fact(row["s"].value, "region", row["nuts"].value[len(nuts) :][:5])
    for row in store.query(YEARS):
        year = row["date"].value[:4]
        if year.isdigit():
            yield Fact(row["s"].value, "year", year)


def build_index(store: Store) -> LabelIndex:
    """The search index of everything in ``store``: names, types and :func:`facts`."""
    return LabelIndex.of(label_table.names(store), label_table.types(store), facts(store))


def code_key(text: str) -> str | None:
    """The comparable form of a code as people type it, else None when it is no code.

    Case, spaces and dots go; a CPV check digit goes (``45000000-7``); a
    scheme name in front is allowed.

    >>> code_key("45000000-7"), code_key("CPV 4500 0000"), code_key("62.01"), code_key("fi1b1")
    ('45000000', '45000000', '6201', 'FI1B1')
    >>> code_key("Hansel"), code_key("2024")
    (None, '2024')
    """
    match = _CODE_QUERY.match(text.strip())
    if not match:
        return None
    key = re.sub(r"[\s.]", "", match.group(1)).upper()
    if re.fullmatch(r"\d{8}-\d", key):
        key = key[:8]
    return key or None


def search_kind(iri: str, types: Iterable[str]) -> str:
    """The kind a search result is shown and filtered as: the display kind
    (:func:`graph.vocabulary.kind_of`), with procurement split into ``notice`` and ``lot``.

    >>> search_kind("x", [str(EPO.Lot)]), search_kind("x", [str(EPO.ResultNotice)])
    ('lot', 'notice')
    """
    classes = set(types)
    kind = kind_of(iri, classes)
    if kind == "procurement":
        if _LOT in classes:
            return "lot"
        if not classes.isdisjoint(_NOTICES):
            return "notice"
    return kind


@lru_cache(maxsize=4096)
def _kind_by_types(classes: frozenset[str]) -> str:
    """:func:`search_kind` from the classes alone (``other`` when they do not tell),
    once per combination of classes: thousands of hits share a few."""
    return search_kind("", classes)


# ------------------------------------------------------------------- the index
def trigrams(word: str) -> set[str]:
    """Letter trigrams of a word padded with spaces.

    >>> sorted(trigrams("ym"))
    ['  y', ' ym', 'ym ']
    """
    padded = f"  {word} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def similarity(a: str, b: str) -> float:
    """Dice coefficient of two words' trigrams, 0 to 1.

    >>> round(similarity("ministerio", "ministerjo"), 2)
    0.73
    """
    ta, tb = trigrams(a), trigrams(b)
    return 2 * len(ta & tb) / (len(ta) + len(tb))


@dataclass
class LabelIndex:
    """Labels by word, lemma and trigram, with each entity's types, codes and facets."""

    labels: list[_Label] = field(default_factory=list)
    types: dict[str, tuple[str, ...]] = field(default_factory=dict)
    by_word: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    by_trigram: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    by_iri: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    vocabulary: list[str] = field(default_factory=list)
    #: business ID → the IRIs that state it or were minted from it
    by_business_id: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    #: code key (:func:`code_key`) → the concepts with that notation
    by_code: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    #: folded notice identifier → the notices
    by_identifier: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    #: IRI → NUTS codes (NUTS 3 at most) and years, for the facets
    regions: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    years: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    #: IRI → the IRI that stands for its ``owl:sameAs`` clique (absent when alone)
    clique_of: dict[str, str] = field(default_factory=dict)
    members: dict[str, list[str]] = field(default_factory=dict)
    _kinds: dict[str, str] = field(default_factory=dict)
    #: per label: non-filler word count, preferred label?, in a municipality's clique?
    #: (:meth:`label_arrays`, built once the index is complete)
    _arrays: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None
    #: index key → its labels' numbers as a sorted array (built on first use)
    _postings: dict[str, np.ndarray] = field(default_factory=dict)
    #: clique representative → (kind, region codes, years, curated?) of the whole clique
    _facets: dict[str, FacetRow] = field(default_factory=dict)
    #: clique representative → its folded name for ordering ties (:meth:`sort_name`)
    _sort_names: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(
        cls,
        names: Iterable[Name],
        types: Mapping[str, tuple[str, ...]],
        facts: Iterable[Fact] = (),
    ) -> LabelIndex:
        """An index of ``names`` (see :func:`graph.labels.names`) and ``facts``
        (:func:`facts`), with the ``types`` (IRI → classes) of the named entities."""
        index = cls()
        twins: list[tuple[str, str]] = []
        for name in names:
            if name.predicate == SAME_AS:
                twins.append((name.iri, name.text))
            elif name.predicate == BUSINESS_ID:
                bid = normalise_business_id(name.text)
                if bid:
                    index.by_business_id[bid].add(name.iri)
            else:
                index.add(_label(name.iri, name.text, name.lang, name.predicate))
        for fact in facts:
            index.add_fact(fact)
        for iri in set().union(*index.by_code.values(), *index.by_identifier.values()):
            if iri not in index.by_iri:  # shown by its IRI's last step, not searched by words
                index.labels.append(_Label(iri, iri.rstrip("/").rsplit("/", 1)[-1], None, "", ()))
                index.by_iri[iri].append(len(index.labels) - 1)
        for iri in index.by_iri:  # organisations minted from their business ID
            bid = business_id_of(iri)
            if bid:
                index.by_business_id[bid].add(iri)
        index.types = {iri: types[iri] for iri in index.by_iri if iri in types}
        index.clique_of = index.representatives(twins)
        for iri, rep in index.clique_of.items():
            index.members.setdefault(rep, []).append(iri)
        index.vocabulary = sorted(index.by_word)
        for word in index.vocabulary:
            for gram in trigrams(word):
                index.by_trigram[gram].add(word)
        index.label_arrays()  # built here, so the first query does not pay for it
        return index

    def add_fact(self, fact: Fact) -> None:
        """Index one :class:`Fact`: a title as a label, the others by value."""
        if fact.what == "title":
            self.add(_label(fact.iri, fact.value, fact.lang, _TITLE))
        elif fact.what == "code":
            key = code_key(fact.value)
            if key:
                self.by_code[key].add(fact.iri)
        elif fact.what == "identifier":
            self.by_identifier[fold(fact.value.strip())].add(fact.iri)
        elif fact.what == "region":
            self.regions[fact.iri].add(fact.value)
        elif fact.what == "year":
            self.years[fact.iri].add(int(fact.value))

    def representatives(self, twins: Iterable[tuple[str, str]]) -> dict[str, str]:
        """IRI → the member that stands for its ``owl:sameAs`` clique in results
        (:func:`graph.labels.clique_rank`, as explorer pages choose it; a member's
        labels are what the index knows of it, so they stand for its links)."""

        def rank(iri: str) -> CliqueRank:
            labels = len(self.by_iri.get(iri, ()))
            return clique_rank(iri, self.types.get(iri, ()), labelled=labels > 0, links=labels)

        return clique_heads(twins, rank)

    def sort_name(self, iri: str) -> str:
        """The folded name that orders ``iri`` (a clique representative) among hits
        of equal score: the name shown when no language is asked (Finnish first,
        :func:`_label_for`), the same whatever language a query asks for."""
        found = self._sort_names.get(iri)
        if found is None:
            shown = next(
                (name for twin in _by_rank(self, iri) if (name := _label_for(self, twin, None))),
                iri.rstrip("/").rsplit("/", 1)[-1],
            )
            found = self._sort_names[iri] = fold(shown)
        return found

    def twins(self, iri: str) -> list[str]:
        """The members of ``iri``'s sameAs clique (itself alone when it has none)."""
        rep = self.clique_of.get(iri)
        if rep is None:
            return [iri]
        return sorted(self.members[rep])

    def clique_types(self, iri: str) -> list[str]:
        """The classes of ``iri`` and its sameAs twins."""
        return [t for twin in self.twins(iri) for t in self.types.get(twin, ())]

    def kind(self, iri: str) -> str:
        """The search kind (:func:`search_kind`) of ``iri``'s clique."""
        found = self._kinds.get(iri)
        if found is None:
            found = self._kinds[iri] = search_kind(iri, self.clique_types(iri))
        return found

    def facet_values(self, iri: str, facet: str) -> set[str]:
        """The values of ``facet`` (:data:`FACETS`) of ``iri`` and its twins."""
        if facet == "kind":
            return {self.kind(iri)}
        source: Mapping[str, set[str]] | Mapping[str, set[int]]
        source = self.regions if facet == "region" else self.years
        return {str(v) for twin in self.twins(iri) for v in source.get(twin, ())}

    def facet_row(self, iri: str) -> FacetRow:
        """``iri``'s clique at once: its kind, region codes, years and whether it is
        curated (a KEINO class), computed once per clique: what counting facets and
        ranking equals read for every hit."""
        row = self._facets.get(iri)
        if row is None:
            twins = self.twins(iri)
            classes = frozenset(t for twin in twins for t in self.types.get(twin, ()))
            kind = self._kinds.get(iri) or _kind_by_types(classes)
            if kind == "other":  # the types say nothing: the IRI's path may
                kind = search_kind(iri, classes)
            self._kinds[iri] = kind
            regions = {v for twin in twins for v in self.regions.get(twin, ())}
            years = {v for twin in twins for v in self.years.get(twin, ())}
            row = self._facets[iri] = (
                kind,
                tuple(sorted(regions)),
                tuple(sorted(years)),
                any(t.startswith(KEINO_NS) for t in classes),
            )
        return row

    def label_arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Per label number: its count of non-filler words, whether it is a preferred
        label, and whether it names a municipality (or one of its twins)."""
        if self._arrays is None or len(self._arrays[0]) != len(self.labels):
            content = np.fromiter((lb.content for lb in self.labels), np.float64, len(self.labels))
            pref = np.fromiter(
                (lb.predicate == _PREF_LABEL for lb in self.labels), bool, len(self.labels)
            )
            places = {iri for iri in self.by_iri if _MUNICIPALITY in self.clique_types(iri)}
            town = np.fromiter((lb.iri in places for lb in self.labels), bool, len(self.labels))
            self._arrays = (np.maximum(content, 1.0), pref, town)
        return self._arrays

    def postings(self, key: str) -> np.ndarray:
        """The numbers of the labels indexed under ``key``, sorted."""
        found = self._postings.get(key)
        if found is None:
            numbers = self.by_word.get(key, ())
            found = self._postings[key] = np.fromiter(sorted(numbers), np.int64, len(numbers))
        return found

    def add(self, label: _Label) -> None:
        """Index one label under its words and their lemmas."""
        number = len(self.labels)
        self._postings.clear()  # a cached posting list may now be short
        self._facets.clear()
        self.labels.append(label)
        self.by_iri[label.iri].append(number)
        finnish = label.lang in (None, "fi")
        for word in label.words:
            for key in word_forms(word) if finnish else (fold(word),):
                self.by_word[key].add(number)

    def word_matches(self, word: str) -> dict[str, float]:
        """Index keys a lower-case query word matches, with the strength of each match."""
        folded = fold(word)
        found: dict[str, float] = {}
        if folded in self.by_word:
            found[folded] = _EXACT
        for lemma in word_forms(word) - {folded}:
            if lemma in self.by_word:
                found.setdefault(lemma, _LEMMA)
        if len(folded) >= 3:  # the query word starts an indexed word (typing, compounds)
            start = bisect.bisect_left(self.vocabulary, folded)
            for other in self.vocabulary[start : start + 200]:
                if not other.startswith(folded):
                    break
                found.setdefault(other, _prefix_strength(folded, other))
        for stem in stems(folded):  # an indexed word plus a case ending
            if stem in self.by_word:
                found.setdefault(stem, _STEM)
        if not found or max(found.values()) < _STEM:  # only then pay for the typo scan
            # A typo in an inflected word: compare its stems too (*Tampreen*).
            for form in (folded, *stems(folded)[:3]):
                for other, strength in self._typos(form).items():
                    found[other] = max(found.get(other, 0.0), strength)
        return found

    def _typos(self, word: str) -> dict[str, float]:
        """Indexed words close to the word: trigram Dice ≥ ``_TYPO_MIN`` or one edit away.

        Trigrams catch typos in long words; a swap or slip in a short word
        (*Hansle*) breaks most of its trigrams, so the words sharing the most
        trigrams are also checked for an edit distance of one.
        """
        grams = trigrams(word)
        # Counter counts an iterable in C: the scan stays fast on large vocabularies.
        shared = Counter(chain.from_iterable(self.by_trigram.get(g, ()) for g in grams))
        close = {}
        for other, count in shared.items():
            # A padded word of n letters has n + 1 distinct trigrams at most.
            dice = 2 * count / (len(grams) + len(other) + 1)
            if dice >= _TYPO_MIN:
                close[other] = min(0.8, dice)
        if len(word) >= 4:
            for other, _ in shared.most_common(50):
                if other not in close and edit_distance(word, other, 1) <= 1:
                    close[other] = 0.75
        return close


def _label(iri: str, text: str, lang: str | None, predicate: str) -> _Label:
    found = tuple(words(text))
    content = sum(1 for w in found if w not in _FILLER) or len(found)
    return _Label(iri, text, lang, predicate, found, fold(" ".join(found)), content)


def _prefix_strength(typed: str, word: str) -> float:
    """How strongly a typed word that starts ``word`` matches it.

    A short start (*tem*) is weak; a longer one is strong, less so when it is
    only the first part of a long compound (*ympäristö…ministeriö*).

    >>> _prefix_strength("tem", "temperatur"), _prefix_strength("hans", "hansel")
    (0.5, 0.85)
    """
    if len(typed) <= 3:
        return _SHORT_PREFIX
    return round(_STEM * max(0.75, min(1.0, (len(typed) + 3) / len(word))), 4)


def edit_distance(a: str, b: str, limit: int = 2) -> int:
    """Edits (insert, delete, replace, swap of neighbours) from ``a`` to ``b``, capped.

    Returns ``limit + 1`` as soon as the distance is known to exceed ``limit``.

    >>> edit_distance("hansle", "hansel"), edit_distance("tampre", "tampere")
    (1, 1)
    >>> edit_distance("motiva", "hansel")  # more than the limit of 2
    3
    """
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return min(previous[-1], limit + 1)


# ------------------------------------------------------------------ searching
def search(
    index: LabelIndex,
    q: str,
    *,
    types: Sequence[str] | None = None,
    lang: str | None = None,
    limit: int = 20,
) -> list[Hit]:
    """Entities of ``index`` whose labels, titles, IDs or codes match ``q``, best first.

    ``types`` keeps entities of any of these classes (full IRIs or local names
    such as ``Organization``); labels in any language match, and ``lang`` (fi,
    sv, en) ranks labels in that language first and shows each hit's label in it.
    """
    return find(index, q, types=types, lang=lang, limit=limit).hits


def find(
    index: LabelIndex,
    q: str,
    *,
    types: Sequence[str] | None = None,
    kind: str | None = None,
    region: str | None = None,
    year: str | int | None = None,
    lang: str | None = None,
    offset: int = 0,
    limit: int = 20,
) -> Page:
    """One :class:`Page` of the entities matching ``q`` (see :func:`search`), from
    ``offset``, at most ``limit``; ``kind``, ``region`` (NUTS codes, comma-separated
    for any of them) and ``year`` keep the hits with that facet value, and the page
    counts every facet's values.

    Only the page is sorted (a partial sort of ``offset + limit`` hits); the facets
    are counted from each clique's precomputed kind, regions and years, so a word
    shared by thousands of names costs one pass over them, not a full ranking."""
    found, matched = _matching(index, q, types, lang)
    wanted = {
        "kind": kind,
        "region": set(region.split(",")) if region else None,
        "year": {int(y) for y in str(year).split(",") if y.strip().isdigit()}
        if year is not None
        else None,
    }
    rows = [index.facet_row(iri) for iri, _, _ in found]
    keep = {facet: _keeper(facet, value) for facet, value in wanted.items() if value}

    def kept(row: FacetRow, skipped: str | None = None) -> bool:
        return all(test(row) for facet, test in keep.items() if facet != skipped)

    chosen = [n for n, row in enumerate(rows) if kept(row)] if keep else range(len(found))
    facets = {
        facet: _counts(
            index,
            [row for row in rows if kept(row, facet)] if keep.keys() - {facet} else rows,
            facet,
            lang,
        )
        for facet in FACETS
    }
    page = heapq.nsmallest(
        offset + limit, chosen, key=lambda n: rank_key(index, found[n][0], found[n][1], rows[n])
    )
    hits = [_hit(index, _Found(*found[n], matched), lang) for n in page[offset:]]
    return Page(hits, len(chosen), offset, limit, facets)


def _keeper(facet: str, value: object) -> Callable[[FacetRow], bool]:
    """A test of a clique's facet row (:meth:`LabelIndex.facet_row`) for one filter."""
    if facet == "kind":
        return lambda row: row[0] == value
    wanted = value if isinstance(value, set) else set()
    if facet == "region":
        return lambda row: not wanted.isdisjoint(row[1])
    return lambda row: not wanted.isdisjoint(row[2])


def rank_key(
    index: LabelIndex, iri: str, score: float, row: FacetRow
) -> tuple[float, bool, int, str, str]:
    """The order of hits, the same in every path (``/search``, the search page and
    its exports, whatever language they ask for): best score first; among equal
    scores the project's own entities (a KEINO class) before code-list concepts,
    then the newest (a notice republished keeps its title), then by the name shown
    without a language choice (:meth:`LabelIndex.sort_name`), then by IRI."""
    newest = row[2][-1] if row[2] else 0
    return (-score, not row[3], -newest, index.sort_name(iri), iri)


def _matching(
    index: LabelIndex, q: str, types: Sequence[str] | None, lang: str | None
) -> tuple[list[tuple[str, float, _Label]], str | None]:
    """Every entity clique matching ``q`` once as (IRI, score, best label), in no
    order, noise beside the best cut; with the normal form of an ID or code that
    matched (None for words)."""
    scores, matched_text = _exact_ids(index, q)
    if not scores:
        query_words = words(q)
        if not query_words:
            return [], None
        scores = _score_labels(index, query_words, fold(" ".join(query_words)))
        matched_text = None
    best: dict[str, tuple[float, _Label]] = {}
    clique_of, labels = index.clique_of, index.labels
    for number, score in scores.items():
        if score < _MIN_SCORE:
            continue
        label = labels[number]
        if types and not _has_type(index.clique_types(label.iri), types):
            continue
        # twins are one organisation: one hit, under the clique's representative
        iri = clique_of.get(label.iri, label.iri)
        held = best.get(iri)
        # the asked language chooses among a clique's equally good labels (the one
        # shown as matched), never the score: the order of hits is the same in every
        # language (rank_key)
        if (
            held is None
            or score > held[0]
            or (score == held[0] and lang and label.lang == lang and held[1].lang != lang)
        ):
            best[iri] = (score, label)
    if not best:
        return [], None
    floor = max(s for s, _ in best.values()) * _RELATIVE
    return [(iri, s, label) for iri, (s, label) in best.items() if s >= floor], matched_text


def _curated(index: LabelIndex, iri: str) -> bool:
    return index.facet_row(iri)[3]


def _exact_ids(index: LabelIndex, q: str) -> tuple[dict[int, float], str | None]:
    """Labels of the entities ``q`` names exactly: a business ID in any of its forms,
    a code (with CPV's check digit or as a division, ``45`` → ``45000000``) or a
    notice identifier; with the normal form of what matched."""
    found: dict[str, float] = {}
    shown: str | None = None
    if any(c.isdigit() for c in q):
        bid = normalise_business_id(q)
        if bid is not None:
            found.update(dict.fromkeys(index.by_business_id.get(bid, ()), _ID_SCORE))
            shown = bid
        key = code_key(q)
        if key is not None:
            found.update(dict.fromkeys(index.by_code.get(key, ()), _ID_SCORE))
            if key.isdigit() and len(key) < 8:
                for iri in index.by_code.get(key.ljust(8, "0"), ()):
                    if iri.startswith(str(CPV)):
                        found.setdefault(iri, _PADDED_CODE)
            shown = shown or key
    for iri in index.by_identifier.get(fold(q.strip()), ()):
        found[iri] = _ID_SCORE
        shown = shown or q.strip()
    scores: dict[int, float] = {}
    for iri, score in found.items():
        for number in index.by_iri.get(iri, ()):
            scores[number] = score
    return scores, shown if scores else None


def _score_labels(index: LabelIndex, query_words: list[str], phrase: str) -> dict[int, float]:
    """Score every label sharing a word with the query.

    The score weighs how much of the query the label covers (each query word
    weighted by its rarity among the labels, so a common word such as
    *kaupunki* decides less than a name) and how much of the label the query
    covers, so *Helsingin kaupunki* finds *Helsinki* before *Helsinki-Uusimaa*;
    the query's words standing together in the label count extra, and the whole
    label in an inflected form (*Pohjois-Savon* for *Pohjois-Savo*) nearly as
    much as the whole label as written. The arithmetic runs on arrays over the
    labels the query's words reach (their postings), so a common word costs little.
    """
    total = len(index.labels) + 1
    width = len(query_words)
    postings: list[list[tuple[np.ndarray, float]]] = []
    strong: list[set[str]] = []  # per query word: the index keys it matches as a word
    weights = np.zeros(width)
    place_words: list[int] = []
    for position, word in enumerate(query_words):
        if not word_forms(word).isdisjoint(_PLACE_WORDS):
            place_words.append(position)
        matches = index.word_matches(word)
        strong.append({key for key, strength in matches.items() if strength >= _STEM})
        frequency = sum(len(index.by_word[key]) for key in strong[-1])
        weights[position] = math.log(1 + total / (1 + frequency))
        postings.append([(index.postings(key), strength) for key, strength in matches.items()])
    reached = [numbers for matched in postings for numbers, _ in matched]
    if not reached:
        return {}
    rows = np.unique(np.concatenate(reached))
    slots = np.zeros((len(rows), width))
    for position, matched in enumerate(postings):
        # weakest first, so the strongest match of a label is the one that stays
        for numbers, strength in sorted(matched, key=lambda item: item[1]):
            slots[np.searchsorted(rows, numbers), position] = strength
    content, pref, town = (column[rows] for column in index.label_arrays())
    if place_words:
        at = np.ix_(town, place_words)
        slots[at] = np.maximum(slots[at], _PLACE_WORD)
    covered = slots @ weights / weights.sum()
    scores = 0.6 * covered + 0.4 * np.minimum(1.0, slots.sum(axis=1) / content) + 0.05 * pref
    # Word order and whole labels: only labels every query word reaches can gain.
    exact = np.flatnonzero((slots >= 1.0).all(axis=1))
    near = np.flatnonzero((slots >= _STEM).all(axis=1))
    for row in near.tolist():
        label = index.labels[int(rows[row])]
        if label.phrase == phrase:
            scores[row] += 0.3  # the whole label, not just some of its words
        elif len(label.words) == width and _inflected_whole(label, strong):
            scores[row] += 0.25  # the whole label, inflected
    if width > 1:
        for row in exact.tolist():
            label = index.labels[int(rows[row])]
            if label.phrase != phrase and f" {phrase} " in f" {label.phrase} ":
                scores[row] += 0.15  # the words as they stand in the label (part of a long title)
    return dict(zip(rows.tolist(), np.round(scores, 4).tolist(), strict=True))


def _inflected_whole(label: _Label, strong: list[set[str]]) -> bool:
    """Whether each word of ``label`` is, in order, a form of the query word at its
    place (``strong``: the index keys each query word matches as a word)."""
    finnish = label.lang in (None, "fi")
    for word, keys in zip(label.words, strong, strict=True):
        forms = word_forms(word) if finnish else {fold(word)}
        if keys.isdisjoint(forms):
            return False
    return True


def _counts(
    index: LabelIndex,
    rows: list[FacetRow],
    facet: str,
    lang: str | None,
) -> list[FacetValue]:
    """The values of ``facet`` among the hits' facet rows (:meth:`LabelIndex.facet_row`)
    with their counts: kinds and regions most frequent first, years newest first.
    Region codes of one name (a region's NUTS 2016 and 2021 codes) are one value,
    the codes joined by commas, and a hit counts once under it."""
    if facet == "kind":
        kinds = Counter(row[0] for row in rows)
        return [FacetValue(v, v, kinds[v]) for v in sorted(kinds, key=lambda v: (-kinds[v], v))]
    if facet == "year":
        years = Counter(chain.from_iterable(row[2] for row in rows))
        return [FacetValue(str(y), str(y), years[y]) for y in sorted(years, reverse=True)]
    by_codes = Counter(row[1] for row in rows if row[1])
    names = {code: _facet_label(index, facet, code, lang) for codes in by_codes for code in codes}
    counts: Counter[str] = Counter()
    codes: dict[str, set[str]] = defaultdict(set)
    for group, count in by_codes.items():
        shown = {names[code] for code in group}
        for code in group:
            codes[names[code]].add(code)
        for name in shown:
            counts[name] += count
    order = sorted(counts, key=lambda v: (-counts[v], v))
    return [FacetValue(",".join(sorted(codes[v])), v, counts[v]) for v in order]


def _facet_label(index: LabelIndex, facet: str, value: str, lang: str | None) -> str:
    """A region's name from its NUTS concept (the code when unnamed); other values as they are."""
    if facet == "region":
        return _label_for(index, str(NUTS) + value, lang) or value
    return value


def _has_type(entity_types: Iterable[str], wanted: Sequence[str]) -> bool:
    for type_iri in entity_types:
        local = re.split(r"[#/]", type_iri)[-1]
        if type_iri in wanted or local in wanted:
            return True
    return False


def _hit(index: LabelIndex, found: _Found, lang: str | None) -> Hit:
    iri = found.iri
    types = index.clique_types(iri)
    # A project class names the entity best; else any class it has.
    main = next((t for t in types if t.startswith(KEINO_NS)), types[0] if types else None)
    label = next(
        (shown for twin in _by_rank(index, iri) if (shown := _label_for(index, twin, lang))),
        None,
    )
    return Hit(
        iri,
        label or found.label.text,
        main,
        found.score,
        found.matched or found.label.text,
        index.kind(iri),
        tuple(sorted(index.facet_values(iri, "region"))),
        tuple(sorted(int(y) for y in index.facet_values(iri, "year"))),
    )


def _by_rank(index: LabelIndex, iri: str) -> list[str]:
    """``iri`` (its clique's representative), then its twins: where to look for a label."""
    return [iri, *(t for t in index.twins(iri) if t != iri)]


def _label_for(index: LabelIndex, iri: str, lang: str | None) -> str | None:
    """The preferred label in ``lang``, else Finnish, English, Swedish, else any;
    a notice or lot by its title the same way."""
    order = [lang, *_LANGS, None]
    own = [index.labels[n] for n in index.by_iri.get(iri, ())]
    for predicate in (_PREF_LABEL, _LABEL, _TITLE):
        for code in order:
            for label in own:
                if label.predicate == predicate and label.lang == code:
                    return label.text
    return None
