"""Finnish lemmas for spaCy tokens and the match keys built on them.

Lemmas and case endings come from :mod:`graph.finnish` (simplemma, cached).

simplemma knows common Finnish words well but guesses on names ("Hanselin" stays
"Hanselin", "Valtorilla" becomes "Valto"), and a name with a colon ending
("VTT:ltä", "Oy:llä") is not in its dictionary at all. Names are what the linker
must match, so :func:`match_keys` adds, beside the lemma, the word with one
Finnish case ending cut off.
"""

from __future__ import annotations

from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from graph.finnish import CASE_ENDINGS, colon_base, lemma, lemmas, simple_lemma


@lru_cache(maxsize=200_000)
def match_keys(word: str) -> frozenset[str]:
    """Lower-case forms a label word may take in this word: itself, its lemmas
    (voikko's and simplemma's), and itself with one case ending cut off (kept
    to stems of three letters)."""
    low = word.lower()
    keys = {low, *(form.lower() for form in lemmas(word)), simple_lemma(word).lower()}
    if colon_base(word) is not None:  # "VTT:ltä": the lemma is the name itself
        return frozenset(keys)
    for ending in CASE_ENDINGS:
        if low.endswith(ending) and len(low) - len(ending) >= 3:
            keys.add(low[: -len(ending)])
    return frozenset(keys)


@lru_cache(maxsize=50_000)
def label_keys(word: str) -> frozenset[str]:
    """Lower-case forms of one word of a graph label: the word itself, and for a
    plural name its singular, which is what a lemma of an inflected plural gives
    ("Senaatti-kiinteistöt" ← "Senaatti-kiinteistöillä", "ekosysteemisopimukset"
    ← "ekosysteemisopimuksiin").

    Labels are in base form already; simplemma's guess at a name's lemma
    ("Maarianhamina" → "Maria") would only add false matches.
    """
    low = word.lower()
    keys = {low}
    if low.endswith("kset") and len(low) > 6:
        keys.add(low[:-4] + "s")
    elif low.endswith("t") and len(low) > 5 and low[-2] in "aeiouyäö":
        keys.add(low[:-1])
    return frozenset(keys)


@Language.component("keino_lemmatizer")
def lemmatize_doc(doc: Doc) -> Doc:
    """Set ``token.lemma_`` of every token from :func:`lemma`."""
    for token in doc:
        if not token.is_space:
            token.lemma_ = lemma(token.text)
    return doc
