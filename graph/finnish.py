"""Finnish (and a little Swedish) word forms: folding, case endings, lemmas, name keys.

The one home of the language knowledge that search, text extraction and
linking share. Finnish inflects names ("Helsingin kaupunki", "Motivan",
"Hanselilla"), so matching a name means folding away accents and case,
cutting a case ending, or asking for the lemma.

:func:`lemmas` and :func:`compound_parts` come from voikko (Debian's
``libvoikko1`` and ``voikko-fi``, installed by ``scripts/ensure-voikko``) when
the library is on the machine; without it they come from simplemma, and the
first call says so once in the log. :func:`analyser` tells which one answers.
:func:`lemma` is simplemma's one lemma (the bridge's baseline in
``bench/bridge_eval.py``; the TOL ↔ CPV bridge itself keys on voikko's first
reading, :func:`graph.bridge.content_lemma`); :func:`word_forms`, what the label
search indexes, joins voikko's readings to it.

>>> fold("Ympäristöministeriön"), lemma("hankintojen"), stems("motivan")
('ymparistoministerion', 'hankinta', ['motiva'])
"""

from __future__ import annotations

import logging
import re
import unicodedata
from functools import lru_cache

import libvoikko
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


_log = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def voikko() -> libvoikko.Voikko | None:
    """The Finnish voikko analyser, or None when libvoikko or its Finnish
    dictionary is not installed (logged once: lemmas then come from simplemma)."""
    try:
        return libvoikko.Voikko("fi")
    except (OSError, libvoikko.VoikkoException) as err:
        _log.warning(
            "voikko is not available (%s): Finnish lemmas come from simplemma; "
            "install it with scripts/ensure-voikko",
            str(err).splitlines()[0] if str(err) else type(err).__name__,
        )
        return None


def analyser() -> str:
    """``"voikko"`` when voikko answers for lemmas and compounds, else ``"simplemma"``."""
    return "voikko" if voikko() is not None else "simplemma"


@lru_cache(maxsize=200_000)
def _analyses(word: str) -> tuple[dict[str, str], ...]:
    v = voikko()
    return tuple(v.analyze(word)) if v is not None else ()


@lru_cache(maxsize=200_000)
def lemmas(word: str) -> tuple[str, ...]:
    """Every lemma voikko gives one word (its most likely first), else simplemma's
    one lemma; a word with a colon ending gives its name (``VTT:ltä`` → ``VTT``).

    >>> lemmas("hankintojen"), lemmas("VTT:ltä")
    (('hankinta',), ('VTT',))
    """
    base = colon_base(word)
    if base is not None:
        return (base,)
    if not any(c.isalpha() for c in word):
        return (word,)
    found: list[str] = []
    for a in _analyses(word):
        form = a.get("BASEFORM")
        if form and form not in found:
            found.append(form)
    return tuple(found) or (str(simplemma.lemmatize(word, lang="fi")),)


@lru_cache(maxsize=200_000)
def simple_lemma(word: str) -> str:
    """simplemma's lemma of one word, whatever voikko says: names that voikko
    reads as common nouns ("Kuntaliitosta" → *kuntaliitos*) keep simplemma's
    reading (*kuntaliitto*) beside voikko's.

    >>> simple_lemma("Kuntaliitosta")
    'Kuntaliitto'
    """
    if not any(c.isalpha() for c in word):
        return word
    return str(simplemma.lemmatize(word, lang="fi"))


@lru_cache(maxsize=100_000)
def compound_parts(word: str) -> tuple[str, ...]:
    """The base forms of a compound's parts (voikko's ``WORDBASES``, a
    derivational ending kept on its stem), else the word's hyphen-separated
    parts; one part for a simple word.

    >>> compound_parts("ympäristöministeriö"), compound_parts("sähköasennustyöt")
    (('ympäristö', 'ministeriö'), ('sähkö', 'asennus', 'työ'))
    """
    for a in _analyses(word):
        surfaces: list[str] = []
        parts: list[str] = []
        for surface, base in re.findall(r"\+([^+()]*)\(([^()]+)\)", a.get("WORDBASES", "")):
            if base.startswith("+") and parts:  # a derivational ending: "asenn" + "us"
                surfaces[-1] += surface
                parts[-1] = surfaces[-1]
            else:
                surfaces.append(surface)
                parts.append(base)
        if len(parts) > 1:
            return tuple(parts)
    return tuple(p for p in word.split("-") if p) or (word,)


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
    """simplemma's lemma of one Finnish word (case kept as simplemma gives it).

    ``VTT:ltä`` → ``VTT`` (a name with a colon ending); words without letters
    stay as they are. ``guess=False`` asks simplemma's dictionary only: its
    rule-based guesses at unknown words (often names) are slower and noisier.
    The label search and the TOL ↔ CPV bridge are tuned on these lemmas
    (simplemma folds "sähköasennustyöt" to *sähköasennus*, voikko to
    *sähköasennustyö*); :func:`lemmas` gives voikko's readings.

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
    """A lower-case word folded, with its folded lemmas: voikko's readings
    (:func:`lemmas`, when voikko is installed) and simplemma's dictionary lemma.

    What the label search indexes and looks up for a Finnish word. Both readings
    are kept: voikko knows compounds that simplemma's dictionary lacks
    (*ympäristökeskuksen* → *ympäristökeskus*), simplemma names that voikko reads as
    common nouns (*Kuntaliitosta* → *kuntaliitto* beside *kuntaliitos*).

    >>> sorted(word_forms("hankintojen"))
    ['hankinta', 'hankintojen']
    >>> "ymparistokeskus" in word_forms("ympäristökeskuksen") or analyser() == "simplemma"
    True
    """
    found = {fold(word)}
    if word.isalpha():
        found.add(fold(lemma(word, guess=False)))
        if voikko() is not None:
            found.update(fold(form) for form in lemmas(word))
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
