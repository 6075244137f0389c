"""Find entities by label or alias: Finnish inflection and typo tolerant, ranked.

The index covers ``skos:prefLabel``, ``skos:altLabel``, ``keino:abbreviation``
and ``rdfs:label`` of every IRI in the store (:func:`graph.labels.names`); it is
pure computation over those names. :class:`graph.derived.Derived` keeps one
index per store state. Word forms (folding, endings, lemmas) come from
:mod:`graph.finnish`.

A query word matches a label word when it is the same word, has the same lemma
(simplemma, for Finnish, Swedish and English: *hankintojen* → *hankinta*), one is
a stem of the other (*Motivan* ↔ *Motiva*), or the two are close in letter
trigrams (typos such as *ymparistoministerio*). Each label scores the mean of its
best word matches; whole-label matches, preferred labels and the asked
language rank higher.

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
>>> index = LabelIndex.of(names(store), types(store))
>>> [(h.label, h.matched) for h in search(index, "ympäristöministeriön")]
[('Ympäristöministeriö', 'Ympäristöministeriö')]
>>> search(index, "ymparistoministerio", lang="en")[0].label
'Ministry of the Environment'
>>> search(index, "nothing like it")
[]
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import chain

from rdflib.namespace import SKOS

from graph.finnish import fold, stems, word_forms, words
from graph.iris import business_id_of, normalise_business_id
from graph.labels import BUSINESS_ID, SAME_AS, Name
from graph.namespaces import KEINO_NS, RDFS

# Names that rank first: the preferred label, then the plain label.
_PREF_LABEL, _LABEL = str(SKOS.prefLabel), str(RDFS.label)
_LANGS = ("fi", "sv", "en")
# Word-match strengths: same word, same lemma, stem of each other, trigram-close.
_EXACT, _LEMMA, _STEM = 1.0, 0.95, 0.85
# Words a name may carry without the searcher typing them (legal forms, links).
_FILLER = frozenset(["oy", "oyj", "ab", "ltd", "ry", "rf", "ky", "the", "of", "and", "ja", "och"])
_TYPO_MIN = 0.5  # Dice similarity of trigrams below which two words differ
_MIN_SCORE = 0.6
_ID_SCORE = 2.0  # a business ID asked for is what the searcher means, above any name


@dataclass(frozen=True)
class Hit:
    """One entity found: its display label, main type, score and the label that matched."""

    iri: str
    label: str
    type: str | None
    score: float
    matched: str


@dataclass(frozen=True)
class _Label:
    iri: str
    text: str
    lang: str | None
    predicate: str
    words: tuple[str, ...]


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
    """Labels by word, lemma and trigram, with each entity's types."""

    labels: list[_Label] = field(default_factory=list)
    types: dict[str, tuple[str, ...]] = field(default_factory=dict)
    by_word: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    by_trigram: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    by_iri: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    vocabulary: list[str] = field(default_factory=list)
    #: business ID → the IRIs that state it or were minted from it
    by_business_id: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    #: IRI → the IRI that stands for its ``owl:sameAs`` clique (absent when alone)
    clique_of: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, names: Iterable[Name], types: Mapping[str, tuple[str, ...]]) -> LabelIndex:
        """An index of ``names`` (see :func:`graph.labels.names`), with the ``types``
        (IRI → classes) of the named entities."""
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
                index.add(
                    _Label(name.iri, name.text, name.lang, name.predicate, tuple(words(name.text)))
                )
        for iri in index.by_iri:  # organisations minted from their business ID
            bid = business_id_of(iri)
            if bid:
                index.by_business_id[bid].add(iri)
        index.types = {iri: types[iri] for iri in index.by_iri if iri in types}
        index.clique_of = index.representatives(twins)
        index.vocabulary = sorted(index.by_word)
        for word in index.vocabulary:
            for gram in trigrams(word):
                index.by_trigram[gram].add(word)
        return index

    def representatives(self, twins: Iterable[tuple[str, str]]) -> dict[str, str]:
        """IRI → the member that stands for its ``owl:sameAs`` clique in results.

        The curated body (one with a KEINO class) wins, then the registry's
        business-ID organisation, then the member with the most labels, then the
        first IRI, so a clique shows the name the project or the register gives it.
        """
        parent: dict[str, str] = {}

        def root(iri: str) -> str:
            while parent.setdefault(iri, iri) != iri:
                parent[iri] = parent[parent[iri]]
                iri = parent[iri]
            return iri

        for one, other in twins:
            parent[root(one)] = root(other)
        members: dict[str, list[str]] = defaultdict(list)
        for iri in list(parent):
            members[root(iri)].append(iri)

        def rank(iri: str) -> tuple[bool, bool, int, str]:
            curated = any(t.startswith(KEINO_NS) for t in self.types.get(iri, ()))
            registered = business_id_of(iri) is not None
            return (not curated, not registered, -len(self.by_iri.get(iri, ())), iri)

        return {
            iri: min(group, key=rank)
            for group in members.values()
            if len(group) > 1
            for iri in group
        }

    def twins(self, iri: str) -> list[str]:
        """The members of ``iri``'s sameAs clique (itself alone when it has none)."""
        rep = self.clique_of.get(iri)
        if rep is None:
            return [iri]
        return sorted(i for i, r in self.clique_of.items() if r == rep)

    def add(self, label: _Label) -> None:
        """Index one label under its words and their lemmas."""
        number = len(self.labels)
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
                found.setdefault(other, _STEM)
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


def search(
    index: LabelIndex,
    q: str,
    *,
    types: Sequence[str] | None = None,
    lang: str | None = None,
    limit: int = 20,
) -> list[Hit]:
    """Entities of ``index`` whose labels match ``q``, best first.

    ``types`` keeps entities of any of these classes (full IRIs or local names
    such as ``Organization``); labels in any language match, and ``lang`` (fi,
    sv, en) ranks labels in that language first and shows each hit's label in it.
    """
    bid = normalise_business_id(q) if any(c.isdigit() for c in q) else None
    if bid is not None:  # a business ID in any of its forms: its organisation only
        scores = {
            number: _ID_SCORE
            for iri in index.by_business_id.get(bid, ())
            for number in index.by_iri.get(iri, ())
        }
        matched_text: str | None = bid
    else:
        query_words = words(q)
        if not query_words:
            return []
        scores = _score_labels(index, query_words, fold(" ".join(query_words)))
        matched_text = None
    best: dict[str, tuple[float, _Label]] = {}
    for number, score in scores.items():
        label = index.labels[number]
        if types and not _has_type(_clique_types(index, label.iri), types):
            continue
        if lang and label.lang == lang:
            score += 0.02  # the asked language first among equals
        # twins are one organisation: one hit, under the clique's representative
        iri = index.clique_of.get(label.iri, label.iri)
        if score >= _MIN_SCORE and score > best.get(iri, (0.0, label))[0]:
            best[iri] = (score, label)
    ranked = sorted(best.items(), key=lambda item: (-item[1][0], item[1][1].text, item[0]))
    return [
        _hit(index, iri, score, label, lang, matched_text) for iri, (score, label) in ranked[:limit]
    ]


def _clique_types(index: LabelIndex, iri: str) -> list[str]:
    """The classes of ``iri`` and its sameAs twins."""
    return [t for twin in index.twins(iri) for t in index.types.get(twin, ())]


def _score_labels(index: LabelIndex, query_words: list[str], phrase: str) -> dict[int, float]:
    """Score every label sharing a word with the query.

    The score weighs how much of the query the label covers (mean of the best
    match of each query word) and how much of the label the query covers, so
    *Helsingin kaupunki* finds *Helsinki* before *Helsinki-Uusimaa*.
    """
    per_label: dict[int, list[float]] = defaultdict(lambda: [0.0] * len(query_words))
    for position, word in enumerate(query_words):
        for key, strength in index.word_matches(word).items():
            for number in index.by_word[key]:
                slots = per_label[number]
                slots[position] = max(slots[position], strength)
    scores = {}
    for number, slots in per_label.items():
        label = index.labels[number]
        matched = sum(slots)
        content = sum(1 for w in label.words if w not in _FILLER) or len(label.words)
        score = 0.6 * matched / len(slots) + 0.4 * min(1.0, matched / content)
        if fold(" ".join(label.words)) == phrase:
            score += 0.3  # the whole label, not just some of its words
        if label.predicate == _PREF_LABEL:
            score += 0.05
        scores[number] = round(score, 4)
    return scores


def _has_type(entity_types: Iterable[str], wanted: Sequence[str]) -> bool:
    for type_iri in entity_types:
        local = re.split(r"[#/]", type_iri)[-1]
        if type_iri in wanted or local in wanted:
            return True
    return False


def _hit(
    index: LabelIndex,
    iri: str,
    score: float,
    matched: _Label,
    lang: str | None,
    matched_text: str | None = None,
) -> Hit:
    types = _clique_types(index, iri)
    # A project class names the entity best; else any class it has.
    main = next((t for t in types if t.startswith(KEINO_NS)), types[0] if types else None)
    label = next(
        (found for twin in _by_rank(index, iri) if (found := _label_for(index, twin, lang))),
        None,
    )
    return Hit(iri, label or matched.text, main, score, matched_text or matched.text)


def _by_rank(index: LabelIndex, iri: str) -> list[str]:
    """``iri`` (its clique's representative), then its twins: where to look for a label."""
    return [iri, *(t for t in index.twins(iri) if t != iri)]


def _label_for(index: LabelIndex, iri: str, lang: str | None) -> str | None:
    """The preferred label in ``lang``, else Finnish, English, Swedish, else any."""
    order = [lang, *_LANGS, None]
    own = [index.labels[n] for n in index.by_iri.get(iri, ())]
    for predicate in (_PREF_LABEL, _LABEL):
        for code in order:
            for label in own:
                if label.predicate == predicate and label.lang == code:
                    return label.text
    return None
