"""Finnish (and a little Swedish) word forms: folding, case endings, lemmas, name keys.

The one home of the language knowledge that search, text extraction and
linking share. Finnish inflects names ("Helsingin kaupunki", "Motivan",
"Hanselilla"), so matching a name means folding away accents and case,
cutting a case ending, or asking simplemma for the lemma.

>>> fold("Ympäristöministeriön"), lemma("hankintojen"), stems("motivan")
('ymparistoministerion', 'hankinta', ['motiva'])
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import simplemma
from simplemma import Lemmatizer
from simplemma.strategies import DictionaryLookupStrategy

_COMMON_ACCENTS = str.maketrans("äöåéüáàèíóú", "aoaeuaaeiou")
_WORD = re.compile(r"\w+")
_COLON = re.compile(r"^(?P<base>[^:]+):[a-zåäö]+$", re.IGNORECASE)
_NOT_NAME = re.compile(r"[^\w\s-]")

#: Finnish case, plural and possessive endings, longest first: genitive,
#: partitive, essive, translative, the inner and outer locatives, illative.
CASE_ENDINGS: tuple[str, ...] = tuple(
    sorted(
        {
            "n", "a", "ä", "ta", "tä", "na", "nä", "ksi", "lla", "llä", "lta", "ltä",
            "lle", "ssa", "ssä", "sta", "stä", "in", "iin", "ia", "iä", "ille", "illa",
            "illä", "ilta", "iltä", "issa", "issä", "ista", "istä", "ina", "inä", "iksi",
            "aan", "ään", "hin", "seen", "ja", "jä", "jen", "ien", "t", "ita", "itä", "ksen",
        },
        key=lambda e: (-len(e), e),
    )
)  # fmt: skip
#: Swedish definite and plural endings (names in Swedish labels and texts).
SWEDISH_ENDINGS: tuple[str, ...] = ("erna", "arna", "orna", "en", "et", "er", "ar", "or", "s")


def fold(text: str) -> str:
    """Lower case without accents, so typing *a* finds *ä*.

    >>> fold("Ympäristö-ministeriö"), fold("Åbo Akademi")
    ('ymparisto-ministerio', 'abo akademi')
    """
    folded = text.casefold().translate(_COMMON_ACCENTS)
    if folded.isascii():  # the usual case, without the slow decomposition
        return folded
    decomposed = unicodedata.normalize("NFKD", folded)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    """The lower-case words of a text (accents kept, for the lemmatizer).

    >>> words("KEINO-osaamiskeskus (Motiva)")
    ['keino', 'osaamiskeskus', 'motiva']
    """
    return _WORD.findall(text.casefold())


# Folded endings of both languages for stemming folded words, longest first.
_FOLDED_ENDINGS = tuple(
    sorted({fold(e) for e in (*CASE_ENDINGS, *SWEDISH_ENDINGS)}, key=lambda e: (-len(e), e))
)


def stems(word: str) -> list[str]:
    """A folded word without one Finnish or Swedish ending (stems of 4+ letters).

    >>> stems("motivan"), "hansel" in stems("hanselissa"), stems("oy")
    (['motiva'], True, [])
    """
    return [
        word[: -len(ending)]
        for ending in _FOLDED_ENDINGS
        if word.endswith(ending) and len(word) - len(ending) >= 4
    ]


@lru_cache(maxsize=1)
def _dictionary() -> Lemmatizer:
    return Lemmatizer(lemmatization_strategy=DictionaryLookupStrategy())


def colon_base(word: str) -> str | None:
    """The name in a word with a colon case ending (``VTT:ltä`` → ``VTT``), else None.

    >>> colon_base("Oy:llä"), colon_base("12:30")
    ('Oy', None)
    """
    colon = _COLON.match(word)
    return colon.group("base") if colon else None


@lru_cache(maxsize=200_000)
def lemma(word: str, *, guess: bool = True) -> str:
    """The lemma of one Finnish word (case kept as simplemma gives it).

    ``VTT:ltä`` → ``VTT`` (a name with a colon ending); words without letters
    stay as they are. ``guess=False`` asks simplemma's dictionary only: its
    rule-based guesses at unknown words (often names) are slower and noisier.

    >>> lemma("VTT:ltä"), lemma("hankintojen", guess=False), lemma("2023")
    ('VTT', 'hankinta', '2023')
    """
    base = colon_base(word)
    if base is not None:
        return base
    if not any(c.isalpha() for c in word):
        return word
    if guess:
        return str(simplemma.lemmatize(word, lang="fi"))
    return str(_dictionary().lemmatize(word, lang="fi"))


@lru_cache(maxsize=200_000)
def word_forms(word: str) -> frozenset[str]:
    """A lower-case word folded, with its folded dictionary lemma.

    What the label search indexes and looks up for a Finnish word.

    >>> sorted(word_forms("hankintojen"))
    ['hankinta', 'hankintojen']
    """
    found = {fold(word)}
    if word.isalpha():
        found.add(fold(lemma(word, guess=False)))
    return frozenset(found)


def name_key(name: str) -> str:
    """The comparable form of an organisation name: case-folded, punctuation
    dropped (hyphens kept), whitespace collapsed. Accents stay: *Hämeen* and
    *Hameen* are different words to a register.

    >>> name_key("  Hansel  OY "), name_key("Suomen Kuntaliitto ry."), name_key("Åbo Akademi")
    ('hansel oy', 'suomen kuntaliitto ry', 'åbo akademi')
    """
    normal = unicodedata.normalize("NFKC", name).casefold()
    return " ".join(_NOT_NAME.sub(" ", normal).split())
