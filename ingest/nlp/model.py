"""spaCy's Finnish pipeline (``spacy-fi-experimental-web-md``), loaded once.

Tagger, morphologizer, dependency parser, NER and voikko lemmatizer. The
fine-grained tagger feeds nothing the extraction reads, so it is left out.
When voikko is not installed the model's lemmatizer cannot start: it is left
out too and :func:`graph.finnish.lemma` (simplemma then) sets the lemmas; the
fallback is logged once by :func:`graph.finnish.voikko`.

The model's voikko lemmatizer analyses every token afresh; running text
repeats its words, so its analyser is wrapped in a per-word cache
(:class:`CachedAnalyser`): the lemmas stay the model's own.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy
import spacy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from graph.finnish import voikko
from ingest.nlp import lemmas as _lemmas  # noqa: F401 - registers keino_lemmatizer

MODEL = "spacy_fi_experimental_web_md"
#: components of the model the extraction does not read.
UNUSED = ("tagger",)
_BREAKS = frozenset({".", "!", "?"})


@Language.component("keino_sentences")
def split_sentences(doc: Doc) -> Doc:
    """Sentence starts after ``.``/``!``/``?`` tokens and at every line break.

    Set before the parser, which keeps them: a bullet line is its own
    sentence, and "ry." or "27.7.2020" inside a sentence do not end it. The
    starts are written as one array: setting ``token.is_sent_start`` one by one
    costs a pass over the document per token.
    """
    starts = numpy.full((len(doc), 1), -1, dtype="int32").astype("uint64")
    for i, token in enumerate(doc):
        prev = doc[i - 1] if i else None
        if prev is None or (
            (prev.text in _BREAKS and not token.is_punct)
            or ("\n" in prev.text and prev.is_space)
            or "\n" in prev.whitespace_
        ):
            starts[i, 0] = 1
    return doc.from_array([SENT_START], starts) if len(doc) else doc  # type: ignore[arg-type]


class CachedAnalyser:
    """A voikko analyser whose ``analyze`` answers repeated words from a cache.

    Each call returns fresh copies of the analyses: the model's lemmatizer
    edits the dict it picks (a hyphenated compound's base form).
    """

    def __init__(self, analyser: Any) -> None:
        self._analyser = analyser
        self._cached = lru_cache(maxsize=200_000)(self._frozen)

    def _frozen(self, word: str) -> tuple[tuple[tuple[str, str], ...], ...]:
        return tuple(tuple(a.items()) for a in self._analyser.analyze(word))

    def analyze(self, word: str) -> list[dict[str, str]]:
        """voikko's analyses of ``word`` (a list of fresh dicts)."""
        return [dict(a) for a in self._cached(word)]

    def __getattr__(self, name: str) -> Any:
        return getattr(self._analyser, name)


@lru_cache(maxsize=1)
def finnish() -> Language:
    """The Finnish model with the project's sentence splitter first (loaded once,
    shared: nothing graph-specific is stored in it)."""
    with_voikko = voikko() is not None
    exclude = [*UNUSED] if with_voikko else [*UNUSED, "lemmatizer"]
    nlp = spacy.load(MODEL, exclude=exclude)
    nlp.add_pipe("keino_sentences", first=True)
    if with_voikko:
        lemmatizer: Any = nlp.get_pipe("lemmatizer")
        lemmatizer.voikko = CachedAnalyser(lemmatizer.voikko)
    else:
        nlp.add_pipe("keino_lemmatizer", after="parser")
    return nlp
