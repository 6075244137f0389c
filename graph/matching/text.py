"""Text to index terms: words lemmatised per language, and character n-grams.

Finnish inflects and compounds heavily (``sähköbussien`` is the genitive plural
of ``sähköbussi``, itself ``sähkö`` + ``bussi``), so a need and a lot rarely
share surface words. Two term kinds cover it: lemmas (simplemma, in the
language of the text) give exact-word evidence, and character n-grams of the
lemmas catch shared compound parts and what the lemmatiser misses.

>>> lemmas("Sähköbussien latausinfrastruktuuri", "fi")
['sähköbussi', 'latausinfrastruktuuri']
>>> ngrams("bussi")[:3]
['#bus', 'buss', 'ussi']
>>> detect_language("laddningsinfrastruktur för elbussar")
'sv'
"""

from __future__ import annotations

import re
from functools import lru_cache

import simplemma

LANGS = ("fi", "sv", "en")
NGRAM = 4  # four characters: long enough to carry meaning, short enough for compound parts
_WORD = re.compile(r"[^\W\d_]{2,}", re.UNICODE)
# Words that occur in almost every notice and say nothing about the need.
STOPWORDS = frozenset(
    [
        "ja",
        "tai",
        "sekä",
        "eli",
        "ei",
        "on",
        "ovat",
        "oli",
        "kuin",
        "joka",
        "jotka",
        "jonka",
        "mikä",
        "se",
        "ne",
        "tämä",
        "nämä",
        "hankinta",
        "hankinnat",
        "hankintaa",
        "palvelu",
        "palvelut",
        "palveluja",
        "palvelujen",
        "och",
        "eller",
        "att",
        "som",
        "för",
        "med",
        "av",
        "till",
        "på",
        "den",
        "det",
        "de",
        "en",
        "ett",
        "är",
        "and",
        "or",
        "the",
        "of",
        "for",
        "to",
        "in",
        "on",
        "with",
        "by",
        "an",
        "a",
        "is",
        "are",
        "be",
    ]
)


def detect_language(text: str) -> str:
    """``fi``, ``sv`` or ``en`` from function words and letters; Finnish when unsure.

    A word count is enough for a need or a title, and it does not load the
    lemmatiser's dictionaries of languages the text is not in.
    """
    words = _WORD.findall(text.lower())
    votes = {
        "sv": sum(w in _SV for w in words) + text.lower().count("å"),
        "en": sum(w in _EN for w in words),
        "fi": sum(w in _FI for w in words) + 0.5,
    }
    return max(votes, key=lambda lang: votes[lang])


_FI = frozenset(
    ["ja", "tai", "sekä", "jonka", "joka", "ovat", "on", "hankinta", "palvelut", "palvelu"]
)
_SV = frozenset(
    [
        "och",
        "eller",
        "för",
        "av",
        "till",
        "med",
        "som",
        "det",
        "den",
        "är",
        "på",
        "upphandling",
        "tjänster",
    ]
)
_EN = frozenset(
    ["the", "and", "of", "for", "with", "to", "in", "on", "services", "supply", "procurement"]
)


@lru_cache(maxsize=200_000)
def _lemma(word: str, lang: str) -> str:
    return simplemma.lemmatize(word, lang=lang).lower()


def lemmas(text: str, lang: str | None = None) -> list[str]:
    """The lemmas of the words of ``text`` (lower case, stop words dropped).

    ``lang`` is the text's language (``fi``/``sv``/``en``); None detects it.
    """
    words = _WORD.findall(text.lower())
    if not words:
        return []
    language = lang if lang in LANGS else detect_language(text)
    out = (_lemma(w, language) for w in words)
    return [w for w in out if w not in STOPWORDS and len(w) > 1]


@lru_cache(maxsize=200_000)
def _ngrams(lemma: str) -> tuple[str, ...]:
    padded = f"#{lemma}#"
    if len(padded) <= NGRAM:
        return (padded,)
    return tuple(padded[i : i + NGRAM] for i in range(len(padded) - NGRAM + 1))


def ngrams(lemma: str) -> list[str]:
    """Character n-grams of one lemma, ``#`` marking its start and end."""
    return list(_ngrams(lemma))
