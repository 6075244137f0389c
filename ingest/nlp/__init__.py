"""Finnish text → entity mentions and relations, linked to the graph (spaCy).

:func:`build_pipeline` makes a ``spacy.blank("fi")`` pipeline with five small
components; :func:`extract` runs it over one text and returns the mentions and
relations with character offsets.

>>> from graph.labels import LabelEntry
>>> labels = [
...     LabelEntry("kid:keino", "KEINO", None, "keino:CompetenceCentre", "org"),
...     LabelEntry("kid:tem", "työ- ja elinkeinoministeriö", "fi", "keino:Ministry",
...                "organisation"),
... ]
>>> nlp = build_pipeline(labels)
>>> found = extract(nlp, "KEINOn toimintaa ohjaa työ- ja elinkeinoministeriö.")
>>> [(m.surface, m.iri) for m in found.mentions]
[('KEINOn', 'kid:keino'), ('työ- ja elinkeinoministeriö', 'kid:tem')]
>>> [(r.subject.iri, r.predicate, r.object.iri) for r in found.relations]
[('kid:keino', 'steeredBy', 'kid:tem')]
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

import numpy
import spacy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Span

from graph.iris import org_iri
from ingest.nlp import lemmas as _lemmas  # noqa: F401 - registers keino_lemmatizer
from ingest.nlp.dates import find_dates
from ingest.nlp.linker import EntityLinker, Gazetteer, LabelLike
from ingest.nlp.neworgs import base_name, find_new
from ingest.nlp.relations import PREDICATES, Mention, Relation, Sentence, extract_relations

__all__ = ["PREDICATES", "Extraction", "Mention", "Relation", "build_pipeline", "extract"]

ORG_CLASS = "http://www.w3.org/ns/org#Organization"
#: classes whose mention makes an entity the document's focus (see relations).
_FOCUS_CLASSES = ("CompetenceCentre", "KeinoProgramme")
_BREAKS = frozenset({".", "!", "?"})


@dataclass(frozen=True)
class Extraction:
    """The mentions (linked and new) and relations found in one text."""

    mentions: list[Mention]
    relations: list[Relation]


@Language.component("keino_sentences")
def split_sentences(doc: Doc) -> Doc:
    """Sentence starts after ``.``/``!``/``?`` tokens and at every line break.

    Abbreviations ("ry.", "ml.", "esim.") and dates ("27.7.2020") are single
    tokens in the Finnish tokenizer, so they do not end a sentence here. The
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


@Language.component("keino_new_orgs")
def detect_new(doc: Doc) -> Doc:
    """Add organisations not in the graph to ``doc.spans["keino_new"]``."""
    taken = {i for span in doc.spans.get("keino", []) for i in range(span.start, span.end)}
    doc.spans["keino_new"] = find_new(doc, taken)
    return doc


def build_pipeline(labels: Sequence[LabelLike]) -> Language:
    """A Finnish pipeline that links names to the IRIs in ``labels``.

    ``labels`` are the graph's names (``graph.labels.entity_labels(store)``) or a
    hand-made list of anything with ``iri``, ``label``, ``lang``, ``cls`` and
    ``kind``. Components: ``keino_lemmatizer``, ``keino_sentences``,
    ``keino_linker``, ``keino_new_orgs``.
    """
    nlp = spacy.blank("fi")
    nlp.add_pipe("keino_lemmatizer")
    nlp.add_pipe("keino_sentences")
    linker = nlp.add_pipe("keino_linker")
    assert isinstance(linker, EntityLinker)
    linker.gazetteer = Gazetteer(labels, nlp.tokenizer)
    nlp.add_pipe("keino_new_orgs")
    return nlp


def _gazetteer(nlp: Language) -> Gazetteer:
    linker = nlp.get_pipe("keino_linker")
    assert isinstance(linker, EntityLinker) and linker.gazetteer is not None
    return linker.gazetteer


def _mention(span: Span, gaz: Gazetteer, matched: dict[tuple[int, int], str]) -> Mention:
    if span.kb_id_:
        t = gaz.targets[span.kb_id_]
        focus = t.kind == "programme" or t.cls.endswith(_FOCUS_CLASSES)
        return Mention(span.start_char, span.end_char, span.start, span.end, span.text, t.iri,
                       t.label, t.cls, t.kind, focus=focus,
                       matched=matched.get((span.start, span.end), t.label))  # fmt: skip
    name = base_name(span)
    return Mention(span.start_char, span.end_char, span.start, span.end, span.text,
                   org_iri(name=name), name, ORG_CLASS, "organisation", new=True,
                   matched=name)  # fmt: skip


def doc_extraction(doc: Doc, gaz: Gazetteer) -> Extraction:
    """Mentions and relations of a processed doc."""
    spans = sorted([*doc.spans.get("keino", []), *doc.spans.get("keino_new", [])])
    matched = doc.user_data.get("keino_matched", {})
    mentions = [_mention(span, gaz, matched) for span in spans]
    sentences = []
    for sent in doc.sents:
        inside = [m for m in mentions if sent.start <= m.tok_start < sent.end]
        text = sent.text.strip()
        if not text:
            continue  # blank lines between bullets do not end a list
        start = sent.start_char + (len(sent.text) - len(sent.text.lstrip()))
        for m in inside:
            m.sent_start, m.sent_end = start, start + len(text)
        words = [t.text.lower() for t in sent]
        sentences.append(Sentence(text, start, words, sent.start, inside, find_dates(text)))
    return Extraction(mentions, extract_relations(sentences))


#: no-break and thin spaces become plain ones (same length, so offsets hold):
#: the tokenizer splits only on plain spaces, and names span words.
_SPACES = str.maketrans({"\xa0": " ", "\u2009": " ", "\u202f": " ", "\u2007": " "})


def normalise_spaces(text: str) -> str:
    """``text`` with no-break and thin spaces as plain spaces (same length)."""
    return text.translate(_SPACES)


def extract(nlp: Language, text: str) -> Extraction:
    """Run the pipeline over ``text``; offsets are into ``text`` as given."""
    return doc_extraction(nlp(normalise_spaces(text)), _gazetteer(nlp))


def extract_many(nlp: Language, texts: Iterable[str]) -> Iterator[Extraction]:
    """Stream texts through the pipeline (``nlp.pipe``), one extraction each."""
    gaz = _gazetteer(nlp)
    for doc in nlp.pipe(normalise_spaces(t) for t in texts):
        yield doc_extraction(doc, gaz)
