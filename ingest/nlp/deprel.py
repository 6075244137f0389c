"""Relations read from the dependency parse of spaCy's Finnish model.

A relation needs a trigger (a verb by its voikko lemma, or a role noun such
as "jäsen") and two mentions standing in the trigger's argument slots. The
slots follow the parse, so the word order and the sentence shape do not
matter:

* coordination: every conjunct of a subject or object ("Ympäristöministeriö,
  Senaatti-kiinteistöt ja Espoon, Helsingin, Turun ja Vantaan kaupungit
  allekirjoittivat…"), and the names a plural head governs ("…kaupungit");
* shared arguments of coordinated verbs ("ohjaa ja rahoittaa TEM");
* relative clauses: "jota"/"joka" stands for the noun the clause hangs on
  ("KEINO-osaamiskeskusta, jota koordinoi Motiva Oy");
* agent participles: "TEM:n rahoittama KEINO";
* role nouns as predicates or appositions: "X on Y:n jäsen",
  "Motiva, KEINOn koordinaattori, …", "X on osa Y:tä".

Nothing is read from a negated verb, a conditional, an infinitive that only
a plan or an intention governs ("on tarkoitus allekirjoittaa"), or a sentence
with one of the hedges of :mod:`ingest.nlp.relations` (negotiations, plans).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from spacy.tokens import Doc, Token

from ingest.nlp.relations import _HEDGES, Extractor, Mention, Relation, Sentence

#: verb lemma → (predicate, where the relation's subject stands, where its object stands).
VERBS: dict[str, tuple[str, str, str]] = {
    "ohjata": ("steeredBy", "obj", "subj"),
    "rahoittaa": ("fundedBy", "obj", "subj"),
    "allekirjoittaa": ("signed", "subj", "obj"),
    "solmia": ("signed", "subj", "obj"),
    "koordinoida": ("coordinates", "subj", "obj"),
    "osallistua": ("participatesIn", "subj", "obl"),
    "sijaita": ("locatedIn", "subj", "obl"),
    "kuulua": ("memberOf", "subj", "obl"),
    "liittyä": ("signed", "subj", "obl"),
    "sitoutua": ("participatesIn", "subj", "obl"),
    "asettaa": ("coordinates", "subj", "obj"),
    "toteuttaa": ("participatesIn", "subj", "obj"),
    "valita": ("participatesIn", "obj", "obl"),
}
#: "X myönsi rahoitusta Y:lle": Y is funded by X.
_GRANTS = frozenset({"rahoitus", "avustus", "tuki"})
#: "X vastaa Y:n toteutuksesta": X coordinates Y.
_RUNNING = frozenset({"toteutus", "toteuttaminen", "koordinointi", "johtaminen"})
#: role noun → predicate ("X on Y:n jäsen", "X, Y:n koordinaattori").
ROLES = {
    "jäsen": "memberOf",
    "koordinaattori": "coordinates",
    "osa": "partOf",
    "kumppani": "strategicPartnerOf",
}
#: words a role noun hangs on when it is not the predicate itself.
_FRAMES = frozenset({"yksi", "toimia"})
_SUBJ = ("nsubj", "nsubj:pass", "nsubj:cop", "csubj")
_NAME_PARTS = ("nmod:poss", "compound:nn", "flat:name", "flat", "appos", "nmod")
_GENERIC_HEADS = frozenset(
    {"kaupunki", "kunta", "organisaatio", "toimija", "taho", "ministeriö", "yhteisö", "kumppani"}
)
_ORG_KINDS = ("organisation", "municipality")
_PROGRAMME_KINDS = ("programme", "greendeal", "strategy")


def _by_token(mentions: Iterable[Mention]) -> dict[int, Mention]:
    return {i: m for m in mentions for i in range(m.tok_start, m.tok_end)}


def _referent(token: Token) -> Token:
    """A relative pronoun stands for the noun its clause hangs on."""
    if "Rel" in token.morph.get("PronType", []) and token.head.dep_.startswith("acl"):
        return token.head.head
    return token


def _names(token: Token, at: dict[int, Mention], depth: int = 0) -> list[Mention]:
    """The mentions an argument token stands for, conjuncts included."""
    out: list[Mention] = []
    for t in (token, *token.conjuncts):
        t = _referent(t)
        if t.i in at:
            if at[t.i] not in out:
                out.append(at[t.i])
            # "Motiva Oy ja Suomen Kuntaliitto ry": a name the parser hung on another
            for child in t.children:
                if child.dep_ in ("compound:nn", "flat:name") and child.i in at:
                    out += [m for m in _names(child, at, depth + 1) if m not in out]
            continue
        if depth < 2 and t.lemma_.lower() in _GENERIC_HEADS:
            for child in t.children:
                if child.dep_ in _NAME_PARTS:
                    out += [m for m in _names(child, at, depth + 1) if m not in out]
    return out


def _slot(verb: Token, slot: str) -> list[Token]:
    """The tokens in one argument slot of ``verb``; a coordinated verb without
    its own subject or object shares its first conjunct's. The subject slot
    takes a co-agent too: "X koordinoi Y:tä yhdessä Z:n kanssa"."""
    deps = _SUBJ if slot == "subj" else (slot,)
    found = [c for c in verb.children if _in_slot(c, deps)]
    if not found and verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX"):
        found = [c for c in verb.head.children if _in_slot(c, deps)]
    if slot == "subj" and found:
        found += [c for c in verb.children if _co_agent(c)]
    elif slot == "obl":
        found = [c for c in found if not _co_agent(c)]
    return found


def _co_agent(token: Token) -> bool:
    """ "yhdessä Z:n kanssa", "Z:n lisäksi": Z does what the subject does."""
    kids = [c.lemma_.lower() for c in token.children]
    together = any(c.lemma_.lower() == "yhdessä" for c in (*token.subtree, *token.head.children))
    if token.dep_ != "obl":
        return False
    return ("kanssa" in kids and together) or "lisäksi" in kids


def _in_slot(token: Token, deps: tuple[str, ...]) -> bool:
    """A partitive object the parser labels ``obl`` is still the object."""
    if token.dep_ in deps:
        return True
    return "obj" in deps and token.dep_ == "obl" and "Par" in token.morph.get("Case", [])


def _asserted(verb: Token) -> bool:
    """False for a negated or conditional verb, and for an infinitive that a
    noun or another verb governs (a plan, an aim, a possibility)."""
    if any(c.lemma_ == "ei" or c.dep_ == "neg" for c in verb.children):
        return False
    if "Cnd" in verb.morph.get("Mood", []):
        return False
    return not ("Inf" in verb.morph.get("VerbForm", []) and verb.dep_ in ("xcomp", "acl", "csubj"))


def _fits(pred: str, subj: Mention, obj: Mention) -> bool:
    """Whether the kinds of the two mentions fit the predicate."""
    if subj.iri == obj.iri:
        return False
    if pred in ("steeredBy", "fundedBy"):
        return obj.kind in _ORG_KINDS and subj.kind not in ("strategy", "region")
    if pred == "partOf":
        return subj.kind not in _ORG_KINDS or obj.kind in _ORG_KINDS
    if subj.kind not in _ORG_KINDS:
        return False
    if pred == "signed":
        return obj.kind == "greendeal"
    if pred in ("participatesIn", "coordinates"):
        return obj.kind in _PROGRAMME_KINDS or obj.focus
    if pred == "locatedIn":
        return obj.kind in ("municipality", "region") and subj.kind != "municipality"
    return obj.kind not in ("strategy", "region", "municipality", "greendeal")  # memberOf, partner


def _verb_relations(verb: Token, at: dict[int, Mention]) -> list[tuple[Mention, str, Mention]]:
    pred, subj_slot, obj_slot = VERBS[verb.lemma_.lower()]
    passive_participle = "Pass" in verb.morph.get("Voice", []) and "Part" in verb.morph.get(
        "VerbForm", []
    )
    if passive_participle and verb.dep_ in ("acl", "amod"):  # "akatemiaan valitut X ja Y"
        heads, others = [verb.head], _slot(verb, obj_slot if subj_slot == "obj" else subj_slot)
        subjects, objects = (heads, others) if subj_slot == "obj" else (others, heads)
    elif "Agt" in verb.morph.get("PartForm", []):  # "TEM:n rahoittama KEINO"
        agents = [c for c in verb.children if c.dep_ in ("nmod:poss", "nsubj")]
        heads = [verb.head] if verb.dep_ in ("acl", "amod") else []
        subjects, objects = (heads, agents) if subj_slot == "obj" else (agents, heads)
    else:
        subjects, objects = _slot(verb, subj_slot), _slot(verb, obj_slot)
    return [
        (s, pred, o)
        for st in subjects
        for ot in objects
        for s in _names(st, at)
        for o in _names(ot, at)
    ]


def _grant_relations(verb: Token, at: dict[int, Mention]) -> list[tuple[Mention, str, Mention]]:
    """ "X myönsi rahoitusta Y:lle" (fundedBy) and "X vastaa Y:n toteutuksesta"
    (coordinates)."""
    lemma = verb.lemma_.lower()
    objects = [c for c in verb.children if c.dep_ in ("obj", "obl")]
    subjects = _slot(verb, "subj")
    out: list[tuple[Mention, str, Mention]] = []
    grants = [o for o in objects if o.lemma_.lower() in _GRANTS]
    if lemma == "myöntää" and grants:
        near = objects + [c for g in grants for c in g.children if c.dep_ in ("nmod", "obl")]
        recipients = [
            m for t in near for m in _names(t, at)
            if "All" in t.doc[m.tok_end - 1].morph.get("Case", [])
        ]  # fmt: skip
        out += [(r, "fundedBy", g) for st in subjects for g in _names(st, at) for r in recipients]
    if lemma == "vastata":
        for o in objects:
            if o.lemma_.lower() in _RUNNING:
                owners = [c for c in o.children if c.dep_ == "nmod:poss"]
                out += [(s, "coordinates", p) for st in subjects for s in _names(st, at)
                        for ow in owners for p in _names(ow, at)]  # fmt: skip
    return out


def _role(lemma: str) -> str:
    """The predicate of a role noun; a programme noun ("kehittämisohjelma") is partOf."""
    return ROLES.get(lemma, "partOf")


def _role_relations(noun: Token, at: dict[int, Mention]) -> list[tuple[Mention, str, Mention]]:
    """ "X on Y:n jäsen / osa Y:tä", and "X, Y:n koordinaattori, …" (apposition)."""
    pred = _role(noun.lemma_.lower())
    if pred == "strategicPartnerOf" and not any(
        c.lemma_.lower() == "strateginen" for c in noun.children
    ):
        return []
    if noun.dep_ == "appos":
        subjects = [noun.head]
    elif any(c.dep_ == "cop" for c in noun.children):
        subjects = [c for c in noun.children if c.dep_ in _SUBJ]
    elif noun.head.lemma_ in _FRAMES and noun.dep_ in ("obl", "xcomp", "nmod"):
        # "X on yksi Y:n jäsenistä", "Y:n koordinaattorina toimii X"
        subjects = [c for c in noun.head.children if c.dep_ in _SUBJ]
    else:
        return []
    owners = [c for c in noun.children if c.dep_ in ("nmod:poss", "nmod", "obj")]
    return [
        (s, pred, o)
        for st in subjects
        for ot in owners
        for s in _names(st, at)
        for o in _names(ot, at)
    ]


def dependency_relations(doc: Doc, sentences: Sequence[Sentence]) -> list[Relation]:
    """Relations of a parsed doc whose mentions are those of ``sentences``
    (built by :func:`ingest.nlp.doc_extraction`), dated like the rules' ones."""
    x = Extractor()
    for s in sentences:
        if len(s.mentions) < 2 or any(_HEDGES.match(w) for w in s.words):
            continue
        at = _by_token(s.mentions)
        span = doc[s.tok_start : s.tok_start + len(s.words)]
        for token in span:
            lemma = token.lemma_.lower()
            found: list[tuple[Mention, str, Mention]] = []
            if lemma in VERBS and token.pos_ in ("VERB", "AUX") and _asserted(token):
                found = _verb_relations(token, at)
            elif lemma in ("myöntää", "vastata") and _asserted(token):
                found = _grant_relations(token, at)
            elif (lemma in ROLES or lemma.endswith("ohjelma")) and token.pos_ == "NOUN":
                found = _role_relations(token, at)
            for subj, pred, obj in found:
                if pred == "memberOf" and obj.kind in _PROGRAMME_KINDS:
                    pred = "partOf" if subj.kind not in _ORG_KINDS else "participatesIn"
                if _fits(pred, subj, obj):
                    x.emit(s, subj, pred, obj)
    return _unique(x.out)


def _unique(relations: list[Relation]) -> list[Relation]:
    seen: set[tuple[str, str, str, int]] = set()
    out = []
    for r in relations:
        key = (r.subject.iri, r.predicate, r.object.iri, r.start)
        if key not in seen:
            seen.add(key)
            out.append(r)
    return out
