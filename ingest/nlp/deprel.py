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
  "Motiva, KEINOn koordinaattori, …", "X on osa Y:tä", "Y:n jäseniä ovat A ja B";
  in the essive or, after a verb of becoming, the translative ("toteuttavat Y:n
  jäseninä A ja B", "siirtyi Y:n kumppaniksi"); "ei A vaan B" asserts B;
* co-agents: "X koordinoi Y:tä yhdessä Z:n kanssa", "Z:n lisäksi X toteuttaa Y:tä",
  whether the parser hangs "Z:n kanssa" on the verb or on a name;
* participation without a verb: "X on mukana Y:ssä", "…, ja mukana on myös X";
* leadership: "Y valmistellaan X:n johdolla", "X:n johdolla valmisteltava Y";
* a list the parser reads as an apposition ("A, B Oy, C ja D"), and a subject
  left as the sentence root when the verb before it was misread;
* the head noun of a programme named earlier in the text stands for it
  ("KEINO-akatemian … akatemiaa toteuttamassa ovat …"): anaphora is not a
  mention, but it fills an argument slot.

Nothing is read from a negated verb, a conditional, an infinitive that only
a plan or an intention governs ("on tarkoitus allekirjoittaa"), or a sentence
with one of the hedges of :mod:`ingest.nlp.relations` (negotiations, plans).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from ingest.nlp.lemmas import label_keys
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
    "johtaa": ("coordinates", "subj", "obj"),
    "vetää": ("coordinates", "subj", "obj"),
    "käynnistää": ("coordinates", "subj", "obj"),
    "toimia": ("memberOf", "subj", "obl"),
    "toteuttaa": ("participatesIn", "subj", "obj"),
    "valita": ("participatesIn", "obj", "obl"),
    "mukana": ("participatesIn", "subj", "obl"),
}
#: verbs whose object slot takes only a place inside ("X toimii Y:ssä": not "X toimii Y:nä").
_INSIDE = frozenset({"toimia"})
#: signing verbs: in the passive, the parties stand "X:n kanssa" ("on solmittu X:n kanssa").
_SIGNING = frozenset({"allekirjoittaa", "solmia"})
#: verbs of becoming: "A siirtyi / valittiin Y:n jäseneksi" makes A Y's member.
_BECOMING = frozenset({"siirtyä", "liittyä", "valita", "nimetä", "tulla", "muuttua", "hyväksyä"})
#: non-verbs that take a subject like a verb: "X on mukana Y:ssä".
_PREDICATIVES = frozenset({"mukana"})
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
    "jäsenorganisaatio": "memberOf",
    "koordinoija": "coordinates",
    "vetäjä": "coordinates",
    "osallistuja": "participatesIn",
    "allekirjoittaja": "signed",
    "rahoittaja": "fundedBy",
}
#: roles held towards the owner: "X on Y:n rahoittaja" means Y is funded by X.
_TOWARDS_OWNER = frozenset({"rahoittaja"})
#: words a role noun hangs on when it is not the predicate itself.
_FRAMES = frozenset({"yksi", "toimia"})
_SUBJ = ("nsubj", "nsubj:pass", "nsubj:cop", "csubj")
_NAME_PARTS = ("nmod:poss", "compound:nn", "flat:name", "flat", "appos", "nmod")
_GENERIC_HEADS = frozenset(
    {
        "kaupunki",
        "kunta",
        "organisaatio",
        "toimija",
        "taho",
        "ministeriö",
        "yhteisö",
        "kumppani",
        "konsortio",
        "verkosto",
        "edustaja",
    }
)
_ORG_KINDS = ("organisation", "municipality")
_PROGRAMME_KINDS = ("programme", "greendeal", "strategy")


@dataclass
class Scope:
    """What an argument token may stand for: the mentions of its sentence by
    token, and the programmes named so far by their head noun ("akatemia")."""

    at: dict[int, Mention]
    heads: dict[str, Mention] = field(default_factory=dict)

    def anaphor(self, token: Token) -> Mention | None:
        """The programme a bare head noun refers to ("akatemiaa" → KEINO-akatemia);
        a noun with its own possessor ("Y:n akatemia") is someone else's."""
        if token.pos_ != "NOUN" or any(c.dep_ == "nmod:poss" for c in token.children):
            return None
        return self.heads.get(token.lemma_.lower())


def _by_token(mentions: Iterable[Mention]) -> dict[int, Mention]:
    return {i: m for m in mentions for i in range(m.tok_start, m.tok_end)}


_WORDS = re.compile(r"[\s-]+")


def _head_keys(m: Mention) -> frozenset[str]:
    """The head noun of a programme's or centre's name, in the forms a lemma
    takes: "KEINO-akatemia" → akatemia, "Ekosysteemisopimukset" → ekosysteemisopimus."""
    if not (m.focus or m.kind in _PROGRAMME_KINDS) or m.new:
        return frozenset()
    last = _WORDS.split(m.label.strip())[-1]
    return label_keys(last) if len(last) >= 4 and last.isalpha() else frozenset()


def _referents(token: Token) -> list[Token]:
    """A relative pronoun stands for the noun its clause hangs on (found up to
    three heads above it: "…konsortio, jonka jäseniä ovat A ja B"); a plural one
    ("jotka") for every conjunct of that noun."""
    if "Rel" not in token.morph.get("PronType", []):
        return [token]
    clause = token.head
    for _ in range(3):
        if clause.dep_.startswith("acl") or clause == clause.head:
            break
        clause = clause.head
    if not clause.dep_.startswith("acl"):
        return [token]
    noun = clause.head
    if "Plur" in token.morph.get("Number", []):
        first = noun.head if noun.dep_ == "conj" else noun
        return [first, *first.conjuncts]
    return [noun]


def _possessive(token: Token, scope: Scope) -> Mention | None:
    """ "sen" / "niiden" as a possessor: the last mention before it that is not
    its clause's subject ("Kuntaliitto siirtyi KEINOn jäsenestä sen kumppaniksi")."""
    if token.lemma_.lower() not in ("se", "ne") or token.dep_ != "nmod:poss":
        return None
    clause = token.head.head if token.head.dep_ in ("conj", "xcomp") else token.head
    subjects = {m.iri for c in clause.children if c.dep_ in _SUBJ for m in _names(c, scope, 1)}
    before = [m for i, m in sorted(scope.at.items()) if i < token.i and m.iri not in subjects]
    return before[-1] if before else None


def _names(token: Token, scope: Scope, depth: int = 0) -> list[Mention]:
    """The mentions an argument token stands for, conjuncts included."""
    at = scope.at
    out: list[Mention] = []
    for t in [r for c in (token, *token.conjuncts) for r in _referents(c)]:
        if t.i in at:
            if at[t.i] not in out:
                out.append(at[t.i])
            for child in t.children:
                # "Motiva Oy ja Suomen Kuntaliitto ry": a name the parser hung on another;
                # "A, B Oy, C ja D": a list item the parser read as an apposition
                hung = child.dep_ in ("compound:nn", "flat:name")
                listed = child.dep_ == "appos" and at[t.i].kind in _ORG_KINDS
                if (hung or listed) and child.i in at and depth < 3:
                    out += [m for m in _names(child, scope, depth + 1) if m not in out]
            continue
        anaphor = (scope.anaphor(t) if depth == 0 else None) or _possessive(t, scope)
        if anaphor is None and depth < 2 and any(c.dep_ == "cop" for c in t.children):
            # "X on konsortio, jonka …": the predicate noun stands for its subject
            subjects = [c for c in t.children if c.dep_ == "nsubj:cop"]
            out += [m for c in subjects for m in _names(c, scope, depth + 1) if m not in out]
            continue
        if anaphor is not None:
            if anaphor not in out:
                out.append(anaphor)
            continue
        if depth < 2 and t.lemma_.lower() in _GENERIC_HEADS:
            for child in t.children:
                if child.dep_ in _NAME_PARTS:
                    out += [m for m in _names(child, scope, depth + 1) if m not in out]
    return out


def _slot(verb: Token, slot: str) -> list[Token]:
    """The tokens in one argument slot of ``verb``; a coordinated verb without
    its own subject or object shares its first conjunct's. The subject slot
    takes a co-agent too: "X koordinoi Y:tä yhdessä Z:n kanssa"."""
    deps = _SUBJ if slot == "subj" else (slot,)
    found = [c for c in verb.children if _in_slot(c, deps)]
    if slot == "subj":  # a subject past a coordinated clause is that clause's
        found = [c for c in found if c.i < _clause_end(verb)]
    if not found and verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX"):
        shared = [c for c in verb.head.children if _in_slot(c, deps)]
        found = ([c for c in shared if c.i > verb.i] or shared) if slot == "subj" else shared
    if slot == "subj" and not found:
        found = _root_subject(verb)
    passive = "Pass" in verb.morph.get("Voice", [])
    if slot == "subj" and (found or passive):  # a passive's co-agent is its only agent
        found += [c for c in verb.children if _co_agent(c)]
        # "yhdessä Z:n kanssa" read as Z hung on the adverb
        found += [c for y in verb.children if y.lemma_.lower() == "yhdessä"
                  for c in y.children if c.dep_ in ("nmod", "obl") and _with(c)]  # fmt: skip
        # "X yhdessä Z:n kanssa", "Z:n lisäksi X": hung on the subject ...
        found += [c for s in found for c in s.children if _co_agent_of_noun(c, True)]
        # ... or, for "yhdessä Z:n kanssa", on the object
        objects = [c for c in verb.children if _in_slot(c, ("obj",))]
        found += [c for o in objects for c in o.children if _co_agent_of_noun(c, False)]
    elif slot == "obl":
        found = [c for c in found if not _co_agent(c)]
    return found


def _clause_end(verb: Token) -> int:
    """Where a verb's own clause ends: at its first coordinated clause after it
    ("X vastaa Y:stä, ja Y:tä toteuttamassa ovat Z ja W": Z and W, hung on
    "vastaa" by the parser, belong to "toteuttamassa")."""
    later = [c.i for c in verb.children if c.dep_ == "conj" and c.i > verb.i
             and (c.pos_ in ("VERB", "AUX") or c.lemma_.lower() in _PREDICATIVES)]  # fmt: skip
    return min(later, default=len(verb.doc))


def _root_subject(verb: Token) -> list[Token]:
    """A finite verb the parser hung under a noun as a clause ("Y:tä toteuttavat
    Z:n lisäksi A, B ja C" read with A as the root): the nominative root is its
    subject. A relative clause has its own pronoun and is left alone."""
    root = verb.sent.root
    if verb.dep_ != "acl" or "Fin" not in verb.morph.get("VerbForm", []) or root == verb:
        return []
    if any("Rel" in c.morph.get("PronType", []) for c in verb.children):
        return []
    if root.pos_ in ("NOUN", "PROPN") and "Nom" in root.morph.get("Case", []):
        return [root]
    return []


def _co_agent_of_noun(token: Token, on_subject: bool) -> bool:
    """A name hung on a subject (or object) noun that does what the subject
    does: "yhdessä Z:n kanssa" anywhere, "Z:n lisäksi" on the subject only (on
    an object it adds an object: "rahoittaa Y:n lisäksi Z:aa")."""
    if token.dep_ not in ("nmod", "obl"):
        return False
    kids = [c.lemma_.lower() for c in token.children]
    together = any(c.lemma_.lower() == "yhdessä" for c in (*token.children, *token.head.children))
    return ("kanssa" in kids and together) or (on_subject and "lisäksi" in kids)


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


def _verb_relations(verb: Token, scope: Scope) -> list[tuple[Mention, str, Mention]]:
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
    elif verb.lemma_.lower() in _SIGNING and "Pass" in verb.morph.get("Voice", []):
        # "Sopimus on solmittu X:n ja Y:n kanssa": the parties sign
        parties = [c for c in verb.children if c.dep_ == "obl" and _with(c)]
        subjects, objects = parties, _slot(verb, "obj") + _slot(verb, "nsubj:pass")
    else:
        subjects, objects = _slot(verb, subj_slot), _slot(verb, obj_slot)
    if verb.lemma_.lower() in _INSIDE:
        objects = [o for o in objects if "Ine" in o.morph.get("Case", [])]
    return [
        (s, pred, o)
        for st in subjects
        for ot in objects
        for s in _names(st, scope)
        for o in _names(ot, scope)
    ]


def _with(token: Token) -> bool:
    """ "X:n kanssa" (with X)."""
    return any(c.dep_ == "case" and c.lemma_.lower() == "kanssa" for c in token.children)


def _grant_relations(verb: Token, scope: Scope) -> list[tuple[Mention, str, Mention]]:
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
            m for t in near for m in _names(t, scope)
            if "All" in t.doc[m.tok_end - 1].morph.get("Case", [])
        ]  # fmt: skip
        out += [
            (r, "fundedBy", g) for st in subjects for g in _names(st, scope) for r in recipients
        ]
    if lemma == "vastata":
        for o in objects:
            if o.lemma_.lower() in _RUNNING:
                owners = [c for c in o.children if c.dep_ == "nmod:poss"]
                out += [(s, "coordinates", p) for st in subjects for s in _names(st, scope)
                        for ow in owners for p in _names(ow, scope)]  # fmt: skip
    return out


def _along_relations(word: Token, scope: Scope) -> list[tuple[Mention, str, Mention]]:
    """ "X on mukana Y:ssä" parsed with "mukana" as Y's postposition: X takes part in Y."""
    noun = word.head
    if word.dep_ != "case" or not _asserted(noun):
        return []
    subjects = [c for c in noun.children if c.dep_ in _SUBJ]
    return [(x, "participatesIn", y) for st in subjects for x in _names(st, scope)
            for y in _names(noun, scope)]  # fmt: skip


def _lead_relations(lead: Token, scope: Scope) -> list[tuple[Mention, str, Mention]]:
    """ "Y valmistellaan X:n johdolla", "X:n johdolla valmisteltava Y": X coordinates Y."""
    verb = lead.head
    if lead.dep_ != "obl" or not _asserted(verb):
        return []
    leaders = [c for c in lead.children if c.dep_ == "nmod:poss"]
    if verb.dep_ in ("acl", "amod"):  # a participle: what it describes is led
        led = [verb.head]
    else:
        led = [c for c in verb.children if c.dep_ in ("obj", "nsubj:pass")]
        if "Pass" not in verb.morph.get("Voice", []):
            led += [c for c in verb.children if c.dep_ == "nsubj"]
    return [
        (x, "coordinates", y)
        for lt in leaders
        for ot in led
        for x in _names(lt, scope)
        for y in _names(ot, scope)
    ]


def _negated(word: Token) -> bool:
    """Whether ``word`` carries a negation ("ei ole jäsen")."""
    return any(c.lemma_ == "ei" or c.dep_ == "neg" for c in word.children)


def _contrasted(word: Token) -> bool:
    """ "ei A vaan B": B, a conjunct joined by "vaan" to a negated A, is asserted."""
    return (
        word.dep_ == "conj"
        and _negated(word.head)
        and any(c.lemma_.lower() == "vaan" for c in word.children)
    )


def _essive(noun: Token) -> bool:
    """A role noun in the essive ("jäsenenä", "jäseninä"; the parser sometimes calls it
    adessive) or the translative ("kumppaniksi")."""
    case = noun.morph.get("Case", [])
    if "Tra" in case:  # becoming, not applying for or aiming at ("haki jäseneksi")
        return noun.head.lemma_.lower() in _BECOMING
    return "Ess" in case or noun.text.lower().endswith(("na", "nä"))


def _role(lemma: str) -> str:
    """The predicate of a role noun; a programme noun ("kehittämisohjelma") is partOf."""
    return ROLES.get(lemma, "partOf")


def _role_relations(noun: Token, scope: Scope) -> list[tuple[Mention, str, Mention]]:
    """ "X on Y:n jäsen / osa Y:tä", and "X, Y:n koordinaattori, …" (apposition)."""
    pred = _role(noun.lemma_.lower())
    if pred == "strategicPartnerOf" and not any(
        c.lemma_.lower() == "strateginen" for c in noun.children
    ):
        return []
    if _negated(noun):
        return []
    if noun.dep_ == "appos":
        subjects = [noun.head]
    elif any(c.dep_ == "cop" for c in noun.children):
        subjects = [c for c in noun.children if c.dep_ in _SUBJ]
    elif noun.dep_ == "nsubj:cop" and noun.head.pos_ in ("NOUN", "PROPN"):
        # "Y:n jäseniä ovat A ja B", read with the names as the predicate
        subjects = [noun.head]
    elif _contrasted(noun):
        # "X ei ole Y:n jäsen vaan sen strateginen kumppani": the subject is the negated one's
        subjects = [c for c in noun.head.children if c.dep_ in _SUBJ]
    elif noun.head.lemma_ in _FRAMES and noun.dep_ in ("obl", "xcomp", "nmod"):
        # "X on yksi Y:n jäsenistä", "Y:n koordinaattorina toimii X"
        subjects = [c for c in noun.head.children if c.dep_ in _SUBJ]
    elif noun.dep_ in ("obl", "xcomp") and _essive(noun) and noun.head.pos_ == "VERB":
        # "Osa-alueita toteuttavat Y:n jäseninä A ja B": whoever does it, does it as Y's
        # member; "A siirtyi Y:n kumppaniksi": whoever becomes it, is it
        if not _asserted(noun.head):
            return []
        subjects = _slot(noun.head, "subj") + [c for c in noun.children if c.dep_ == "appos"]
    else:
        return []
    owners = [c for c in noun.children if c.dep_ in ("nmod:poss", "nmod", "obj")]
    # "X on Y:n maksuton kehittämisohjelma": the possessor read as the adjective's
    owners += [c for a in noun.children if a.dep_ == "amod" for c in a.children
               if c.dep_ == "nmod:poss"]  # fmt: skip
    if noun.lemma_.lower() in _TOWARDS_OWNER:
        return [(o, pred, s) for st in subjects for ot in owners
                for s in _names(st, scope) for o in _names(ot, scope)]  # fmt: skip
    return [
        (s, pred, o)
        for st in subjects
        for ot in owners
        for s in _names(st, scope)
        for o in _names(ot, scope)
    ]


def _owners(noun: Token) -> list[Token]:
    """Possessors of a noun, also when the parser hung them on its adjective."""
    owners = [c for c in noun.children if c.dep_ in ("nmod:poss", "nmod:gobj", "nmod:gsubj")]
    return owners + [c for a in noun.children if a.dep_ == "amod" for c in a.children
                     if c.dep_ == "nmod:poss"]  # fmt: skip


def _owned_relations(noun: Token, scope: Scope) -> list[tuple[Mention, str, Mention]]:
    """A noun that is not a role, owned by a programme or a competence centre:
    "Y on X:n alueellista tukea" (Y, a programme, is part of X) and
    "A toimii Y:n yhteyspisteenä" (A takes part in programme Y)."""
    if _negated(noun):
        return []
    if any(c.dep_ == "cop" for c in noun.children):
        subjects, pred = [c for c in noun.children if c.dep_ == "nsubj:cop"], "partOf"
    elif noun.dep_ == "obl" and noun.head.lemma_ in _FRAMES and _essive(noun):
        if not _asserted(noun.head):
            return []
        subjects, pred = _slot(noun.head, "subj"), "participatesIn"
    else:
        return []
    out = []
    for s in (m for st in subjects for m in _names(st, scope)):
        for o in (m for ot in _owners(noun) for m in _names(ot, scope)):
            whole = o.focus or o.kind == "programme"
            if whole and (s.kind == "programme") == (pred == "partOf"):
                out.append((s, pred, o))
    return out


#: "Y:n koordinoinnissa A avustaa B:tä": the helper and the helped both coordinate Y.
_HELPING = frozenset({"avustaa", "auttaa", "tukea"})
_COORDINATING = frozenset({"koordinointi", "johtaminen"})


def _helper_relations(noun: Token, scope: Scope) -> list[tuple[Mention, str, Mention]]:
    """ "Y:n koordinoinnissa A avustaa B:tä": A and B coordinate Y."""
    verb = noun.head
    if (
        noun.lemma_.lower() not in _COORDINATING
        or "Ine" not in noun.morph.get("Case", [])
        or verb.lemma_.lower() not in _HELPING
        or not _asserted(verb)
    ):
        return []
    people = _slot(verb, "subj") + _slot(verb, "obj")
    return [(a, "coordinates", y) for t in people for a in _names(t, scope)
            for ot in _owners(noun) for y in _names(ot, scope)]  # fmt: skip


def dependency_relations(doc: Doc, sentences: Sequence[Sentence]) -> list[Relation]:
    """Relations of a parsed doc whose mentions are those of ``sentences``
    (built by :func:`ingest.nlp.doc_extraction`), dated like the rules' ones."""
    x = Extractor()
    heads: dict[str, Mention] = {}
    for s in sentences:
        for m in s.mentions:
            heads.update(dict.fromkeys(_head_keys(m), m))
        if not s.mentions or not _open(s.words):
            continue
        scope = Scope(_by_token(s.mentions), heads)
        span = doc[s.tok_start : s.tok_start + len(s.words)]
        for token in span:
            lemma = token.lemma_.lower()
            found: list[tuple[Mention, str, Mention]] = []
            verbal = token.pos_ in ("VERB", "AUX") or lemma in _PREDICATIVES
            if lemma in _PREDICATIVES and token.dep_ == "case":
                found = _along_relations(token, scope)
            elif lemma in VERBS and verbal and _asserted(token):
                found = _verb_relations(token, scope)
            elif lemma in ("myöntää", "vastata") and _asserted(token):
                found = _grant_relations(token, scope)
            elif (lemma in ROLES or lemma.endswith("ohjelma")) and token.pos_ == "NOUN":
                found = _role_relations(token, scope)
            elif lemma == "johto" and "Ade" in token.morph.get("Case", []):
                found = _lead_relations(token, scope)
            elif token.pos_ == "NOUN":
                found = _owned_relations(token, scope) + _helper_relations(token, scope)
            for subj, pred, obj in found:
                if pred == "memberOf" and obj.kind in _PROGRAMME_KINDS:
                    pred = "partOf" if subj.kind not in _ORG_KINDS else "participatesIn"
                if pred == "signed" and obj.kind in ("programme", "strategy"):
                    pred = "participatesIn"  # concluding an agreement scheme is taking part
                if _fits(pred, subj, obj):
                    x.emit(s, subj, pred, obj)
    return _unique(x.out)


_NEGATIONS = frozenset({"ei", "eivät", "en", "emme", "ette"})


def _open(words: list[str]) -> bool:
    """Whether a sentence may assert anything: no hedge, or only a negation that
    "vaan" contrasts ("ei A vaan B"; each trigger then checks its own negation)."""
    hedges = {w for w in words if _HEDGES.match(w)}
    return not hedges or (hedges <= _NEGATIONS and "vaan" in words)


def _unique(relations: list[Relation]) -> list[Relation]:
    seen: set[tuple[str, str, str, int]] = set()
    out = []
    for r in relations:
        key = (r.subject.iri, r.predicate, r.object.iri, r.start)
        if key not in seen:
            seen.add(key)
            out.append(r)
    return out
