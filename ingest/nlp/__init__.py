"""Finnish text → entity mentions and relations, linked to the graph (spaCy).

:func:`build_pipeline` pairs spaCy's Finnish model (:mod:`ingest.nlp.model`:
parser, NER, voikko lemmas) with a gazetteer of the graph's names;
:func:`extract` runs it over one text and returns the mentions and relations
with character offsets. Mentions are the gazetteer's links
(:mod:`ingest.nlp.linker`) plus organisations the graph does not know
(:mod:`ingest.nlp.neworgs`: the model's ORG entities and name patterns);
relations come from the dependency parse (:mod:`ingest.nlp.deprel`) and from
the trigger-word rules (:mod:`ingest.nlp.relations`).

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

from spacy.language import Language
from spacy.tokens import Doc, Span

from graph.iris import org_iri
from ingest.nlp.dates import find_dates
from ingest.nlp.deprel import dependency_relations
from ingest.nlp.linker import Gazetteer, LabelLike, set_mentions
from ingest.nlp.model import finnish
from ingest.nlp.neworgs import (
    base_name,
    ends_in_legal_form,
    find_new,
    is_legal_form,
    registry_iri,
)
from ingest.nlp.relations import PREDICATES, Mention, Relation, Sentence, extract_relations

__all__ = [
    "PREDICATES", "Extraction", "Mention", "Pipeline", "Relation", "build_pipeline", "extract",
    "extract_many", "worker_batches",
]  # fmt: skip

ORG_CLASS = "http://www.w3.org/ns/org#Organization"
#: classes whose mention makes an entity the document's focus (see relations).
_FOCUS_CLASSES = ("CompetenceCentre", "KeinoProgramme")


@dataclass(frozen=True)
class Extraction:
    """The mentions (linked and new) and relations found in one text."""

    mentions: list[Mention]
    relations: list[Relation]


@dataclass(frozen=True)
class Pipeline:
    """spaCy's Finnish model (shared) and the graph's names to link to."""

    nlp: Language
    gazetteer: Gazetteer
    n_process: int = 1
    batch_size: int = 64


def build_pipeline(labels: Sequence[LabelLike], *, n_process: int = 1) -> Pipeline:
    """A pipeline that links names to the IRIs in ``labels``.

    ``labels`` are the graph's names (``graph.labels.entity_labels(store)``) or a
    hand-made list of anything with ``iri``, ``label``, ``lang``, ``cls`` and
    ``kind``. ``n_process`` > 1 parses in that many processes (``nlp.pipe``).
    """
    nlp = finnish()
    return Pipeline(nlp, Gazetteer(labels, nlp.tokenizer), n_process=n_process)


def detect_mentions(doc: Doc, gaz: Gazetteer) -> Doc:
    """Linked names into ``doc.spans["keino"]``, new organisations into
    ``doc.spans["keino_new"]``."""
    set_mentions(doc, gaz)
    linked = list(doc.spans.get("keino", []))
    # a town's name inside a company's ("Forum Virium Helsinki Oy") is not the town
    named = [s for s in find_new(doc, _tokens(s for s in linked if s.label_ != "municipality"))
             if ends_in_legal_form(s)]  # fmt: skip
    inside = _tokens(named)
    kept = [_with_legal_form(doc, s) for s in linked if not (set(range(s.start, s.end)) & inside)]
    doc.spans["keino"] = kept
    doc.spans["keino_new"] = find_new(doc, _tokens(kept))
    return doc


def _with_legal_form(doc: Doc, span: Span) -> Span:
    """ "Suomen Kuntaliitto ry": a legal form after a linked name belongs to it."""
    if span.end < len(doc) and span.label_ == "organisation" and is_legal_form(doc[span.end]):
        matched = doc.user_data.get("keino_matched", {})
        form = doc[span.end].text.split(":")[0].rstrip(".")
        label = matched.get((span.start, span.end), "")
        matched[(span.start, span.end + 1)] = f"{label} {form}".strip()
        return Span(doc, span.start, span.end + 1, label=span.label_, kb_id=span.kb_id_)
    return span


def _tokens(spans: Iterable[Span]) -> set[int]:
    return {i for span in spans for i in range(span.start, span.end)}


def _mention(span: Span, gaz: Gazetteer, matched: dict[tuple[int, int], str]) -> Mention:
    if span.kb_id_:
        t = gaz.targets[span.kb_id_]
        focus = t.kind == "programme" or t.cls.endswith(_FOCUS_CLASSES)
        return Mention(span.start_char, span.end_char, span.start, span.end, span.text, t.iri,
                       t.label, t.cls, t.kind, focus=focus,
                       matched=matched.get((span.start, span.end), t.label))  # fmt: skip
    name = base_name(span)
    iri = registry_iri(span) or org_iri(name=name)
    return Mention(span.start_char, span.end_char, span.start, span.end, span.text,
                   iri, name, ORG_CLASS, "organisation", new=True, matched=name)  # fmt: skip


def doc_extraction(doc: Doc, gaz: Gazetteer) -> Extraction:
    """Mentions and relations of a parsed doc."""
    detect_mentions(doc, gaz)
    spans = sorted([*doc.spans.get("keino", []), *doc.spans.get("keino_new", [])])
    matched = doc.user_data.get("keino_matched", {})
    mentions = [_mention(span, gaz, matched) for span in spans]
    sentences = []
    first = 0  # mentions are in token order: each sentence takes the next run
    for sent in doc.sents:
        last = first
        while last < len(mentions) and mentions[last].tok_start < sent.end:
            last += 1
        inside = [m for m in mentions[first:last] if m.tok_start >= sent.start]
        first = last
        text = sent.text.strip()
        if not text:
            continue  # blank lines between bullets do not end a list
        start = sent.start_char + (len(sent.text) - len(sent.text.lstrip()))
        for m in inside:
            m.sent_start, m.sent_end = start, start + len(text)
        words = [t.text.lower() for t in sent]
        sentences.append(Sentence(text, start, words, sent.start, inside, find_dates(text)))
    rules = extract_relations(sentences)
    seen = {(r.subject.iri, r.predicate, r.object.iri, r.start) for r in rules}
    parsed = [
        r
        for r in dependency_relations(doc, sentences)
        if (r.subject.iri, r.predicate, r.object.iri, r.start) not in seen
    ]
    return Extraction(mentions, sorted([*rules, *parsed], key=lambda r: (r.start, r.subject.start)))


#: no-break and thin spaces become plain ones (same length, so offsets hold):
#: the tokenizer splits only on plain spaces, and names span words.
_SPACES = str.maketrans({"\xa0": " ", "\u2009": " ", "\u202f": " ", "\u2007": " "})


def normalise_spaces(text: str) -> str:
    """``text`` with no-break and thin spaces as plain spaces (same length)."""
    return text.translate(_SPACES)


def extract(pipeline: Pipeline, text: str) -> Extraction:
    """Run the pipeline over ``text``; offsets are into ``text`` as given."""
    return doc_extraction(pipeline.nlp(normalise_spaces(text)), pipeline.gazetteer)


def extract_many(pipeline: Pipeline, texts: Iterable[str]) -> Iterator[Extraction]:
    """Stream texts through the model (``nlp.pipe``, batched, ``n_process``
    processes), one extraction each, in order."""
    n_process, batch_size = pipeline.n_process, pipeline.batch_size
    if n_process > 1:
        listed = [normalise_spaces(t) for t in texts]
        n_process, batch_size = worker_batches(len(listed), n_process, batch_size)
        docs = pipeline.nlp.pipe(listed, batch_size=batch_size, n_process=n_process)
    else:
        docs = pipeline.nlp.pipe((normalise_spaces(t) for t in texts), batch_size=batch_size)
    for doc in docs:
        yield doc_extraction(doc, pipeline.gazetteer)


def worker_batches(n_texts: int, n_process: int, batch_size: int) -> tuple[int, int]:
    """``(processes, batch size)`` for ``n_texts`` texts: spaCy hands each worker
    whole batches, so a batch as large as the input would keep all but one
    worker idle; each worker gets about four batches (no more processes than texts).

    >>> worker_batches(20, 2, 64), worker_batches(1000, 2, 64), worker_batches(1, 2, 64)
    ((2, 2), (2, 64), (1, 64))
    """
    processes = max(1, min(n_process, n_texts))
    if processes == 1:
        return 1, batch_size
    return processes, max(1, min(batch_size, n_texts // (4 * processes)))
