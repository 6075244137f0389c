"""Organisations the graph does not know yet, found from Finnish name patterns.

Two patterns, both strict on capitals so that common nouns stay out:

* a capitalised run of words ending in a legal form (``Oy``, ``Oyj``, ``Ab``,
  ``ry``, ``rf``): "Suomen Yrittäjät ry", "Palvelualojen työnantajat Palta ry";
* a word whose lemma ends in an organisation head (``-ministeriö``,
  ``-keskus``, ``-laitos``, ``-virasto``, ``kuntayhtymä``, ``hyvinvointialue``)
  that is capitalised itself ("Maanmittauslaitos",
  "KEHA-keskus") or follows a capitalised genitive ("Vaikuttavuusinvestoimisen
  osaamiskeskuksen").

Beside them, the Finnish model's ORG entities that the graph does not know
(two words or more, or one capitalised word that is not a common noun).

Each candidate gets a name in base form (last word lemmatised) and is flagged
new; the graph is never told it exists until a person confirms it. A business
ID (Y-tunnus) written right after the name ("Motiva Oy (0944077-2)") gives
the candidate the registry's IRI for that ID (:func:`registry_iri`).
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from graph.finnish import lemma
from graph.iris import normalise_business_id, org_iri

LEGAL_FORMS = frozenset({"oy", "oyj", "ab", "ry", "rf", "ky"})
HEADS = ("ministeriö", "keskus", "laitos", "virasto", "kuntayhtymä", "hyvinvointialue")
#: words that never start a name even when capitalised at a sentence start.
_STOP = frozenset(
    {"ja", "sekä", "tai", "eli", "on", "ovat", "oli", "olivat", "myös", "mukaan", "lisäksi",
     "osallistuivat", "osallistuvat", "kuten", "esim", "ml", "sen", "joka", "jossa",
     "tämän", "jonka", "niiden", "oman", "koko", "kunkin"}
)  # fmt: skip
#: generic phrases that look like names but name no one organisation.
_GENERIC = frozenset({"osaamiskeskus", "keskus", "laitos", "virasto", "ministeriö"})


def _is_word(token: Token) -> bool:
    return token.text[:1].isalpha() and not token.is_space


def _capitalised(token: Token) -> bool:
    return token.text[:1].isupper()


def _legal_form(token: Token) -> bool:
    """ "Oy", "ry.", and a legal form with a case ending ("Oy:lle", "ry:n")."""
    return token.text.lower().rstrip(".").split(":", 1)[0] in LEGAL_FORMS


def is_legal_form(token: Token) -> bool:
    """Whether a token is a legal form ("Oy", "ry.", "Oy:n")."""
    return _legal_form(token)


def ends_in_legal_form(span: Span) -> bool:
    """Whether a candidate is a name of two or more words ending in a legal form."""
    return len(span) > 1 and _legal_form(span[-1])


def _name_before(doc: Doc, end: int, taken: set[int]) -> int | None:
    """Start of the capitalised name that ends just before token ``end``."""
    start = end
    while start > 0 and end - start < 5:
        prev = doc[start - 1]
        if not _is_word(prev) or prev.text.lower() in _STOP or (start - 1) in taken:
            break
        if prev.pos_ in ("VERB", "AUX"):  # "Helsingin kaupunki myönsi X Oy:lle"
            break
        start -= 1
    while start < end and not _capitalised(doc[start]):
        start += 1
    return start if start < end else None


@lru_cache(maxsize=100_000)
def _head_base(text: str) -> str | None:
    """The lower-case base form of a word that ends in an organisation head, else None."""
    base = lemma(text).lower()
    if not base.endswith(HEADS):
        base = text.lower()  # simplemma does not know every compound
        if not base.endswith(HEADS):
            return None
    return base


def _head_name(token: Token, taken: set[int]) -> int | None:
    """Start of an organisation name whose head word is ``token``, or None."""
    doc, i = token.doc, token.i
    base = _head_base(token.text)
    if base is None:
        return None
    prev = doc[i - 1] if i > 0 else None
    if (
        prev is not None
        and (i - 1) not in taken
        and _is_word(prev)
        and _capitalised(prev)
        and prev.text.endswith("n")
        and not prev.text.endswith("nen")  # an adjective ("Paikallinen"), not a genitive
        and prev.text.lower() not in _STOP
    ):
        return i - 1  # "Vaikuttavuusinvestoimisen osaamiskeskus"
    if _capitalised(token) and base not in _GENERIC:
        return i  # "Maanmittauslaitos", "KEHA-keskus"
    return None


_BUSINESS_ID = re.compile(r"^\(?(?:y-tunnus:?\s*)?(\d{6,7}-\d)\)?[,.;]?$", re.IGNORECASE)


def registry_iri(span: Span) -> str | None:
    """The registry IRI of a candidate whose business ID follows it in the text
    (within three tokens), else None.

    >>> import spacy
    >>> doc = spacy.blank("fi")("Iisalmen Teollisuuskylä Oy, 0170262-9, haki tukea.")
    >>> registry_iri(doc[0:3])
    'https://w3id.org/keino/id/org/fi/0170262-9'
    """
    doc = span.doc
    for token in doc[span.end : min(len(doc), span.end + 4)]:
        found = _BUSINESS_ID.match(token.text)
        if found and normalise_business_id(found.group(1)):
            return org_iri(business_id=found.group(1))
        if token.is_sent_start:
            break
    return None


def _ner_orgs(doc: Doc, taken: set[int]) -> list[Span]:
    """The model's ORG entities outside ``taken`` that read as names."""
    out = []
    for ent in doc.ents:
        if ent.label_ != "ORG" or any(i in taken for i in range(ent.start, ent.end)):
            continue
        words = [t for t in ent if _is_word(t)]
        if not words or not _capitalised(words[0]) or words[0].text.lower() in _STOP:
            continue
        if len(words) == 1 and (words[0].is_sent_start or words[0].text.isupper()):
            continue  # a lone capitalised first word or acronym: too often not a name
        out.append(ent)
    return out


def find_new(doc: Doc, taken: set[int]) -> list[Span]:
    """Candidate spans not overlapping the token indexes in ``taken``."""
    found: list[Span] = []
    for i, token in enumerate(doc):
        if i in taken or not _is_word(token):
            continue
        if _legal_form(token) and i > 0:
            start = _name_before(doc, i, taken)
            end = i + 1
        else:
            start, end = _head_name(token, taken), i + 1
        if start is None or any(k in taken for k in range(start, end)):
            continue
        if found and found[-1].end > start:
            found.pop()
        found.append(Span(doc, start, end, label="organisation"))
    covered = {i for span in found for i in range(span.start, span.end)}
    for ent in _ner_orgs(doc, taken | covered):
        found.append(Span(doc, ent.start, ent.end, label="organisation"))
    return sorted(found)


def base_name(span: Span) -> str:
    """The candidate's name in base form: its last word lemmatised, legal forms kept."""
    words = [_form_base(t) if _legal_form(t) else t.text for t in span]
    last = span[-1]
    if not _legal_form(last) and not last.text.lower().endswith(HEADS):
        lem = lemma(last.text)
        words[-1] = lem[:1].upper() + lem[1:] if last.text[:1].isupper() else lem
    if len(words) > 1 and _legal_form(last):
        words[-1] = _form_base(last)
    return " ".join(words)


def _form_base(token: Token) -> str:
    """A legal form as a name ends in it: "Oy:lle" → "Oy", "ry." → "ry"."""
    return token.text.rstrip(".").split(":", 1)[0]
