"""Link names in Finnish text to graph entities by their labels, on lemmas.

A label is cut into words with the same tokenizer as the text. A label word
matches a text token when one of the word's keys (itself, its lemma) is one of
the token's keys (itself, its lemma, itself with one case ending cut off, see
:mod:`ingest.nlp.lemmas`), so "Suomen Kuntaliitosta" finds "Suomen Kuntaliitto".
Acronyms match only in capitals ("KEINOn" is KEINO, "keinona" is a common noun),
one-word names only when capitalised in the text too ("Salon" the town, not "salo").
The longest label wins; two adjacent mentions of one entity ("Suomen
ympäristökeskus SYKE") become one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

from spacy.tokens import Doc, Span

from graph.finnish import CASE_ENDINGS, lemma
from graph.namespaces import KEINO_NS
from ingest.nlp.lemmas import label_keys, match_keys

#: when one span names entities of several kinds, the first kind wins.
KIND_ORDER = ("organisation", "greendeal", "programme", "strategy", "municipality", "region")
#: heads of "ACRONYM-head" compounds that still name the acronym's entity.
GENERIC_HEADS = frozenset({"osaamiskeskus", "konsortio", "verkosto", "keskus"})
#: heads of "Name-ohjelma" compounds that name the programme or strategy.
_PROGRAMME_NOUNS = ("ohjelma", "ohjelmaa", "hanke", "strategia")
#: a municipality followed by one of these is the municipality as an organisation.
TOWN_HEADS = frozenset({"kaupunki", "kunta"})
#: words too common to be a name on their own, whatever the graph says.
_NOT_NAMES = frozenset({"suomi", "valtio", "kunta", "ohjelma", "strategia", "keino"})


class LabelLike(Protocol):
    """What the linker needs of a label entry (``graph.labels.LabelEntry`` fits)."""

    @property
    def iri(self) -> str: ...
    @property
    def label(self) -> str: ...
    @property
    def lang(self) -> str | None: ...
    @property
    def cls(self) -> str: ...
    @property
    def kind(self) -> str: ...


@dataclass(frozen=True)
class Target:
    """An entity a label points to: IRI, Finnish display label, class and kind."""

    iri: str
    label: str
    cls: str
    kind: str


@dataclass(frozen=True)
class _Label:
    words: tuple[str, ...]
    target: Target


@lru_cache(maxsize=100_000)
def _is_acronym(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def display_labels(entries: Iterable[LabelLike]) -> dict[str, str]:
    """IRI → the label to show: the Finnish preferred label, else the shortest
    Finnish non-acronym label, else any."""
    best: dict[str, tuple[int, int, str]] = {}
    for e in entries:
        rank = (0 if e.lang == "fi" else 1 if e.lang is None else 2) + (
            2 if _is_acronym(e.label) else 0
        )
        if e.lang == "fi" and getattr(e, "preferred", False):
            rank = -1
        key = (rank, len(e.label), e.label)
        if e.iri not in best or key < best[e.iri]:
            best[e.iri] = key
    return {iri: key[2] for iri, key in best.items()}


class Gazetteer:
    """Labels indexed by the keys of their first word."""

    def __init__(self, entries: Sequence[LabelLike], tokenize: object) -> None:
        shown = display_labels(entries)
        self.targets: dict[str, Target] = {}
        self.index: dict[str, list[_Label]] = defaultdict(list)
        #: token text → the labels that may start at it (see :func:`_candidates`).
        self.starting: dict[str, list[_Label]] = {}
        seen: set[tuple[tuple[str, ...], str]] = set()
        for e in entries:
            words = tuple(t.text for t in tokenize(e.label) if not t.is_space)  # type: ignore[operator]
            if not words or not _usable(words):
                continue
            target = self.targets.setdefault(e.iri, Target(e.iri, shown[e.iri], e.cls, e.kind))
            if (words, e.iri) in seen:
                continue
            seen.add((words, e.iri))
            first = words[0] if _is_acronym(words[0]) else None
            for key in [first] if first else label_keys(words[0]):
                self.index[key].append(_Label(words, target))
        for labels in self.index.values():
            labels.sort(key=_label_order)


def _kind_rank(kind: str) -> int:
    return KIND_ORDER.index(kind) if kind in KIND_ORDER else len(KIND_ORDER)


def _label_order(lab: _Label) -> tuple[int, int, int, str]:
    """Longest label first; among entities sharing a name, the more specific kind,
    then the curated one (a KEINO class: the ecosystem's Hansel Oy, not a notice's
    buyer record of the same name), then the IRI."""
    curated = 0 if lab.target.cls.startswith(KEINO_NS) else 1
    return (-len(lab.words), _kind_rank(lab.target.kind), curated, lab.target.iri)


def _usable(words: tuple[str, ...]) -> bool:
    if len(words) > 1:
        return True
    word = words[0]
    return _is_acronym(word) or (len(word) >= 3 and word.lower() not in _NOT_NAMES)


def acronym_base(text: str) -> str | None:
    """The acronym a token starts with: ``KEINOn`` → ``KEINO``, ``VTT:ltä`` → ``VTT``."""
    head = text.split(":", 1)[0]
    i = 0
    while i < len(head) and (head[i].isupper() or head[i].isdigit()):
        i += 1
    base, rest = head[:i], head[i:]
    if len(base) < 2 or (rest and not rest.isalpha()) or (rest and not rest.islower()):
        return None
    return base if len(rest) <= 4 else None


#: one-word names that running text writes in lower case ("valtiovarainministeriön").
_COMMON_HEADS = ("ministeriö", "virasto", "laitos")


@lru_cache(maxsize=200_000)
def _word_matches(word: str, token: str, position: int, n: int) -> bool:
    """Whether label word ``word`` (at ``position`` of ``n``) matches text ``token``.

    Capitals matter where they make a name: a one-word name ("Salo", not
    "salo") and the inner words of a longer one ("Business Finland").
    """
    if _is_acronym(word):
        return token == word or acronym_base(token) == word or _caps_inflected(token, word)
    needs_capital = (n == 1 and "-" not in word and not word.lower().endswith(_COMMON_HEADS)) or (
        position > 0
    )
    if needs_capital and word[:1].isupper() and not token[:1].isupper():
        return False
    if token.endswith(".") and not word.endswith("."):
        token = token[:-1]  # "ry." at a sentence end is "ry"
    return not label_keys(word).isdisjoint(match_keys(token))


def _caps_inflected(token: str, acronym: str) -> bool:
    """``KEINOLLE``: an acronym with a case ending, all in capitals."""
    rest = token[len(acronym) :]
    return token.startswith(acronym) and token.isupper() and rest.lower() in CASE_ENDINGS


def _candidates(gaz: Gazetteer, token: str) -> list[_Label]:
    """The labels that may start at a token with this text, in :func:`_label_order`
    (worked out once per distinct token text)."""
    found = gaz.starting.get(token)
    if found is None:
        found = gaz.starting[token] = _find_candidates(gaz, token)
    return found


def _find_candidates(gaz: Gazetteer, token: str) -> list[_Label]:
    keys = set(match_keys(token))
    base = acronym_base(token)
    if base:
        keys.add(base)
    if token.isupper():
        keys.update(token[: -len(e)] for e in CASE_ENDINGS if token.lower().endswith(e))
    keys.add(token)
    out: list[_Label] = []
    for key in keys:
        out.extend(gaz.index.get(key, ()))
    out.sort(key=_label_order)
    return out


def _match_at(gaz: Gazetteer, words: list[str], i: int) -> tuple[int, Target, str] | None:
    """``(end, target, matched label)`` of the longest name starting at token ``i``."""
    if i + 1 < len(words) and len(words[i + 1]) > 2 and words[i + 1][0] == "-":
        # "KEINO -muutosagenttitoiminta": a compound written with a space
        joined = _match_words(gaz, [words[i] + words[i + 1]], 0)
        if joined is not None:
            return i + 2, joined[1], joined[2]
    if i + 2 < len(words) and words[i + 1] == "-" and words[i + 2][:1].isalpha():
        # the same, when the tokenizer splits the hyphen off: "KEINO", "-", "akatemiaa"
        joined = _match_words(gaz, [f"{words[i]}-{words[i + 2]}"], 0)
        if joined is not None:
            return i + 3, joined[1], joined[2]
    return _match_words(gaz, words, i)


def _match_words(gaz: Gazetteer, words: list[str], i: int) -> tuple[int, Target, str] | None:
    for label in _candidates(gaz, words[i]):
        n = len(label.words)
        if i + n > len(words):
            continue
        if all(_word_matches(w, words[i + j], j, n) for j, w in enumerate(label.words)):
            return i + n, label.target, " ".join(label.words)
    return _compound_match(gaz, words[i], i)


def _compound_match(gaz: Gazetteer, token: str, i: int) -> tuple[int, Target, str] | None:
    """``KEINO-osaamiskeskuksen`` names KEINO: an acronym plus a generic head;
    ``Hankinta-Suomi-toimenpideohjelman`` names Hankinta-Suomi: a programme's or
    strategy's whole name plus a programme noun."""
    if "-" not in token:
        return None
    prefix, head = token.split("-", 1)
    if _is_acronym(prefix) and lemma(head).lower() in GENERIC_HEADS:
        for label in gaz.index.get(prefix, ()):
            if label.words == (prefix,):
                return i + 1, label.target, f"{prefix}-{lemma(head).lower()}"
    return _programme_compound(gaz, token, i)


def _programme_compound(gaz: Gazetteer, token: str, i: int) -> tuple[int, Target, str] | None:
    """ "Name-ohjelma" written as one word, the name being a whole label of a
    programme or strategy (itself possibly hyphenated)."""
    prefix, _, head = token.rpartition("-")
    if not prefix or not lemma(head).lower().endswith(_PROGRAMME_NOUNS):
        return None
    keys = [prefix] if _is_acronym(prefix) else sorted(label_keys(prefix))
    for label in (label for key in keys for label in gaz.index.get(key, ())):
        wanted = label.target.kind in ("programme", "strategy")
        if wanted and " ".join(label.words).lower() == prefix.lower():
            return i + 1, label.target, f"{prefix} {lemma(head).lower()}"
    return None


@dataclass(frozen=True)
class Link:
    """A linked span: tokens ``start``–``end``, its entity, and the label it matched."""

    start: int
    end: int
    target: Target
    matched: str


def link(doc: Doc, gaz: Gazetteer) -> list[Link]:
    """The graph names in ``doc``, longest first, adjacent names of one entity merged."""
    words = [t.text for t in doc]
    skip = [t.is_space or t.is_punct for t in doc]
    found: list[Link] = []
    i = 0
    while i < len(words):
        hit = None if skip[i] else _match_at(gaz, words, i)
        if hit is None:
            i += 1
            continue
        end, target, matched = hit
        if target.kind == "municipality" and end < len(doc) and _is_town_head(doc[end]):
            matched = f"{matched} {lemma(doc[end].text).lower()}"
            end += 1
        if found and found[-1].target.iri == target.iri and found[-1].end == i:
            prev = found[-1]
            found[-1] = Link(prev.start, end, target, f"{prev.matched} {matched}")
        else:
            found.append(Link(i, end, target, matched))
        i = end
    return found


def _is_town_head(token: object) -> bool:
    text = getattr(token, "text", "")
    return text[:1].islower() and lemma(text).lower() in TOWN_HEADS


def set_mentions(doc: Doc, gaz: Gazetteer) -> Doc:
    """Put the linked mentions into ``doc.spans["keino"]`` (``kb_id_`` = IRI) and
    the label each matched into ``doc.user_data["keino_matched"]``."""
    links = link(doc, gaz)
    doc.spans["keino"] = [
        Span(doc, k.start, k.end, label=k.target.kind, kb_id=k.target.iri) for k in links
    ]
    doc.user_data["keino_matched"] = {(k.start, k.end): k.matched for k in links}
    return doc
