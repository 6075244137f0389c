"""Relations between the mentions of one sentence, from Finnish trigger words.

Each rule reads one construction and nothing looser; a sentence with a negation,
a plan or a negotiation ("ei", "aikoo", "neuvottelee", "suunnittelee") yields
nothing, because "neuvottelee" is not "allekirjoitti". The rules:

==================  =====================================================================
predicate           construction (X, Y mentions; case from the word ending)
==================  =====================================================================
steeredBy/fundedBy  "X:n toimintaa ohjaa ja rahoittaa Y" · "Y:n ohjaama / rahoittama X"
memberOf            "X on konsortio, jonka … vastaavat A, B sekä C" · "A on X:n jäsen"
                    "A liittyi X:n jäseneksi" · "A siirtyi (X:n) jäsenestä …" (until)
strategicPartnerOf  "A … X:n strategiseksi kumppaniksi" (X else the document's focus)
coordinates         "Y:n koordinaattori … A:lta" · "A koordinoi Y:tä" · "A:n johdolla … Y"
participatesIn      "A osallistuu / osallistui Y:hyn" · "Mukaan valitut organisaatiot ovat:"
signed              "A allekirjoitti / on allekirjoittanut Y:n" (Y a green deal)
partOf              "X on Y:n (uusi) ohjelma" · "X on osa Y:tä"
locatedIn           "X sijaitsee Y:ssä" · "X:n kotipaikka on Y"
==================  =====================================================================

The *focus* of a document is the competence centre or programme it last
named; a sentence that refers to "the network" or "the programme" without
naming it ("verkoston jäsenestä", "ohjelman koordinaattori") means the focus.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ingest.nlp.dates import DateMention

PREDICATES = (
    "memberOf", "strategicPartnerOf", "fundedBy", "steeredBy", "signed",
    "participatesIn", "coordinates", "partOf", "locatedIn",
)  # fmt: skip
#: a sentence with one of these words asserts nothing we record.
_HEDGES = re.compile(
    r"^(ei|eivät|eikä|en|emme|ette|aikoo|aikovat|neuvottel\w*|suunnittel\w*|harkitse\w*|"
    r"voisi\w*|saattaa|saattavat|tavoittelee|valmistelee|valmistelevat|selvittää|selvitetään)$"
)
_STEER = re.compile(r"^ohja(a|avat|si|sivat)$")
_FUND = re.compile(r"^rahoitta(a|vat)$|^rahoitti(vat)?$")
_STEERED_BY = re.compile(r"^ohjaama\w*$")
_FUNDED_BY = re.compile(r"^rahoittama\w*$")
_SIGN = re.compile(r"^allekirjoitt(i|ivat|anut|aneet|aa|avat)$")
_PARTICIPATE = re.compile(r"^osallistu(u|vat|i|ivat)$")
_COORDINATE = re.compile(r"^koordinoi(vat|vat)?$")
_FOCUS_WORDS = re.compile(r"^(verkosto|osaamiskeskus|konsortio|ohjelma|akatemia)\w*$")
_GENITIVE = re.compile(r"(:n|[^:]n)$")


@dataclass
class Mention:
    """An entity named in the text: char offsets, token span, target and flags."""

    start: int
    end: int
    tok_start: int
    tok_end: int
    surface: str
    iri: str
    label: str
    cls: str
    kind: str
    new: bool = False
    focus: bool = False
    matched: str = ""  # the label (or base name) the surface was matched to
    sent_start: int = 0  # char offsets of the sentence the mention is in
    sent_end: int = 0


@dataclass(frozen=True)
class Relation:
    """``subject predicate object`` as read from one sentence (char offsets)."""

    subject: Mention
    predicate: str
    object: Mention
    since: str | None
    until: str | None
    sentence: str
    start: int
    end: int


@dataclass
class Sentence:
    """What the rules see: words (lower case), the mentions in it, and dates."""

    text: str
    start: int
    words: list[str]
    tok_start: int
    mentions: list[Mention]
    dates: list[DateMention] = field(default_factory=list)

    def word(self, token_index: int) -> str:
        return self.words[token_index - self.tok_start]

    def index(self, pattern: re.Pattern[str]) -> list[int]:
        """Token indexes (document-wide) of the words matching ``pattern``."""
        return [self.tok_start + i for i, w in enumerate(self.words) if pattern.match(w)]


def _last(text: str) -> str:
    return (text.split() or [""])[-1].rstrip(".").lower()


def is_nominative(m: Mention) -> bool:
    """Whether the mention is in its base form (its last word as in the label)."""
    return _last(m.surface) == _last(m.matched or m.label)


def is_genitive(m: Mention) -> bool:
    """Whether the mention's last word is in the genitive ("Kuntaliiton", "VTT:n")."""
    return not is_nominative(m) and bool(_GENITIVE.search(_last(m.surface)))


def _orgs(ms: Iterable[Mention]) -> list[Mention]:
    return [m for m in ms if m.kind in ("organisation", "municipality")]


def _programmes(ms: Iterable[Mention]) -> list[Mention]:
    return [m for m in ms if m.focus or m.kind in ("programme", "greendeal", "strategy")]


class Extractor:
    """Reads relations sentence by sentence, remembering the document's focus."""

    def __init__(self) -> None:
        self.focus: Mention | None = None
        self.programme: Mention | None = None
        self.centre: Mention | None = None
        self.pending_participants: Mention | None = None
        self.list_since: str | None = None
        self.last_date: str | None = None
        self.out: list[Relation] = []

    def sentence(self, s: Sentence) -> None:
        """Apply every rule to one sentence, then update the focus."""
        if self.pending_participants is not None:
            self._list_item(s)
        if not any(_HEDGES.match(w) for w in s.words):
            # every rule but the list opener relates a mention of the sentence
            for rule in _RULES if s.mentions else (rule_list_opener,):
                rule(self, s)
        for m in s.mentions:
            if m.focus:
                self.focus = m
                if m.kind == "programme":
                    self.programme = m
                else:
                    self.centre = m

    def focus_for(self, s: Sentence) -> Mention | None:
        """What "the programme" or "the network" in ``s`` refers to, if anything."""
        words = " ".join(s.words)
        if re.search(r"\b(ohjelma|akatemia)\w*", words):
            return self.programme or self.centre
        if re.search(r"\b(verkosto|osaamiskeskus|konsortio)\w*", words):
            return self.centre or self.programme
        return None

    def emit(
        self, s: Sentence, subj: Mention, pred: str, obj: Mention, *, until: bool = False
    ) -> None:
        """Record one relation, dated from the sentence when it gives a date."""
        if subj.iri == obj.iri:
            return
        date = s.dates[0] if s.dates else None
        ends = until or (date is not None and date.ends)
        since = date.value if date and not ends else None
        end = date.until if date and date.until else date.value if date and ends else None
        self.out.append(
            Relation(subj, pred, obj, since, end, s.text, s.start, s.start + len(s.text))
        )

    def _list_item(self, s: Sentence) -> None:
        """A bullet line after "Mukaan valitut organisaatiot ovat:" names one participant."""
        target = self.pending_participants
        orgs = _orgs(s.mentions)
        if target is None or len(orgs) != 1 or len(s.words) > 8:
            self.pending_participants = None
            return
        self.out.append(
            Relation(orgs[0], "participatesIn", target, self.list_since, None, s.text, s.start,
                     s.start + len(s.text))
        )  # fmt: skip


def _before(s: Sentence, i: int) -> list[Mention]:
    return [m for m in s.mentions if m.tok_end <= i]


def _after(s: Sentence, i: int) -> list[Mention]:
    return [m for m in s.mentions if m.tok_start > i]


def rule_steer_fund(x: Extractor, s: Sentence) -> None:
    """ "X:n toimintaa ohjaa ja rahoittaa Y" and "Y:n ohjaama X"."""
    triggers = [(i, "steeredBy") for i in s.index(_STEER)]
    triggers += [(i, "fundedBy") for i in s.index(_FUND)]
    for i, pred in triggers:
        agents = [m for m in _orgs(_after(s, i)) if is_nominative(m) and m.tok_start - i <= 4]
        patients = [m for m in _before(s, i) if not m.new and m.kind not in ("strategy", "region")]
        if agents and patients:
            x.emit(s, patients[-1], pred, agents[0])
    for pattern, pred in ((_STEERED_BY, "steeredBy"), (_FUNDED_BY, "fundedBy")):
        for i in s.index(pattern):
            agents = [m for m in _orgs(_before(s, i)) if m.tok_end == i and is_genitive(m)]
            patients = [m for m in _after(s, i) if m.tok_start - i <= 3]
            if agents and patients:
                x.emit(s, patients[0], pred, agents[0])


def rule_consortium(x: Extractor, s: Sentence) -> None:
    """ "X on konsortio, jonka … vastaavat A, B sekä C": each of A, B, C is a member of X."""
    for i in s.index(re.compile(r"^konsortio$")):
        owners = [m for m in _before(s, i) if i - m.tok_end <= 2 and is_nominative(m)]
        if not owners or "vastaavat" not in s.words:
            continue
        verb = s.tok_start + s.words.index("vastaavat")
        for member in _orgs(_after(s, verb)):
            x.emit(s, member, "memberOf", owners[-1])


def rule_member(x: Extractor, s: Sentence) -> None:
    """ "A on X:n jäsen", "A liittyi X:n jäseneksi", "A siirtyi X:n jäsenestä …"."""
    for i in s.index(re.compile(r"^jäse(n|neksi|nestä)$")):
        word = s.word(i)
        subjects = [m for m in _orgs(_before(s, i)) if is_nominative(m)]
        owner = [m for m in _before(s, i) if m.tok_end == i and is_genitive(m)]
        obj = owner[-1] if owner else _focus_if_named(x, s, i)
        if not subjects or obj is None:
            continue
        if word == "jäsenestä" and "siirtyi" in s.words:
            x.emit(s, subjects[0], "memberOf", obj, until=True)
            continue
        joined = word == "jäseneksi" and "liittyi" in s.words
        if joined or (word == "jäsen" and "on" in s.words):
            x.emit(s, subjects[0], "memberOf", obj)


def _focus_if_named(x: Extractor, s: Sentence, i: int) -> Mention | None:
    """The focus, when the word before ``i`` refers to it ("verkoston jäsenestä")."""
    k = i - s.tok_start
    if k > 0 and _FOCUS_WORDS.match(s.words[k - 1]):
        return x.focus_for(s)
    return None


def rule_partner(x: Extractor, s: Sentence) -> None:
    """ "A … (X:n) strategiseksi kumppaniksi / on X:n strateginen kumppani"."""
    for i in s.index(re.compile(r"^strategi(seksi|nen)$")):
        k = i - s.tok_start
        if k + 1 >= len(s.words) or not s.words[k + 1].startswith("kumppani"):
            continue
        subjects = [m for m in _orgs(_before(s, i)) if is_nominative(m)]
        owner = [m for m in _before(s, i) if m.tok_end == i and is_genitive(m)]
        obj = owner[-1] if owner else x.focus_for(s)
        if subjects and obj is not None:
            x.emit(s, subjects[0], "strategicPartnerOf", obj)


def rule_coordinates(x: Extractor, s: Sentence) -> None:
    """ "Y:n koordinaattori … A:lta", "A koordinoi Y:tä", "A:n johdolla valmisteltava Y"."""
    if any(w.startswith("koordinaattor") for w in s.words):
        focus = x.focus_for(s)
        programmes = _programmes(s.mentions) or ([focus] if focus else [])
        coordinators = [m for m in _orgs(s.mentions) if m not in programmes and not m.focus]
        if programmes and len(coordinators) == 1:
            x.emit(s, coordinators[0], "coordinates", programmes[0])
    for i in s.index(_COORDINATE):
        subj = [m for m in _orgs(_before(s, i)) if m.tok_end == i and is_nominative(m)]
        obj = [m for m in _programmes(_after(s, i)) if m.tok_start - i <= 3]
        if subj and obj:
            x.emit(s, subj[0], "coordinates", obj[0])
    for i in s.index(re.compile(r"^johdolla$")):
        leads = [m for m in _orgs(_before(s, i)) if is_genitive(m) and i - m.tok_end <= 3]
        obj = [m for m in _programmes(_after(s, i)) if m.tok_start - i <= 4]
        for lead in leads if obj else []:
            x.emit(s, lead, "coordinates", obj[0])


def rule_participates(x: Extractor, s: Sentence) -> None:
    """ "A osallistuu Y:hyn"."""
    for i in s.index(_PARTICIPATE):
        subj = [m for m in _orgs(_before(s, i)) if is_nominative(m)]
        obj = [m for m in _programmes(_after(s, i)) if m.tok_start - i <= 3]
        if subj and obj:
            x.emit(s, subj[-1], "participatesIn", obj[0])


def rule_list_opener(x: Extractor, s: Sentence) -> None:
    """ "Mukaan valitut organisaatiot ovat:" opens a list of the programme's participants."""
    if s.text.rstrip().endswith(":") and "valitut" in s.words and x.programme is not None:
        x.pending_participants = x.programme
        x.list_since = s.dates[0].value if s.dates else x.last_date


def rule_signed(x: Extractor, s: Sentence) -> None:
    """ "A allekirjoitti Y:n" where Y is a green deal."""
    for i in s.index(_SIGN):
        subj = [m for m in _orgs(_before(s, i)) if is_nominative(m)]
        obj = [m for m in _after(s, i) if m.kind == "greendeal"]
        for org in subj if obj else []:
            x.emit(s, org, "signed", obj[0])


def rule_part_of(x: Extractor, s: Sentence) -> None:
    """ "X on Y:n (uusi) ohjelma", "X on osa Y:tä" (not "osa Y:n toteutusta")."""
    if "on" not in s.words:
        return
    verb = s.tok_start + s.words.index("on")
    subj = [m for m in _before(s, verb) if m.tok_end == verb and is_nominative(m)]
    if not subj:
        return
    owner = [m for m in _after(s, verb) if m.tok_start - verb <= 2 and is_genitive(m)]
    if owner:
        k = owner[0].tok_end - s.tok_start
        if any(w == "ohjelma" for w in s.words[k : k + 2]):
            x.emit(s, subj[0], "partOf", owner[0])
    after = [m for m in _after(s, verb) if m.tok_start == verb + 2 and not is_genitive(m)]
    if after and s.word(verb + 1) == "osa":
        x.emit(s, subj[0], "partOf", after[0])


def rule_as_part(x: Extractor, s: Sentence) -> None:
    """ "Hankintaluotsin kehittäminen ja pilotointi osana KEINO-akatemiaa": a programme
    named just before "osana" is part of the programme named just after it."""
    for i in s.index(re.compile(r"^osana$")):
        whole = [m for m in _programmes(_after(s, i)) if m.tok_start - i <= 2]
        parts = [m for m in s.mentions if m.kind == "programme" and 0 < i - m.tok_end <= 5]
        if whole and parts:
            x.emit(s, parts[-1], "partOf", whole[0])


def rule_located(x: Extractor, s: Sentence) -> None:
    """ "X sijaitsee Y:ssä", "X:n kotipaikka on Y"."""
    places = [m for m in s.mentions if m.kind in ("municipality", "region")]
    for i in s.index(re.compile(r"^sijaitse(e|vat)$")):
        subj = [m for m in _orgs(_before(s, i)) if is_nominative(m) and m.kind != "municipality"]
        obj = [m for m in places if m.tok_start > i and m.tok_start - i <= 2]
        if subj and obj:
            x.emit(s, subj[-1], "locatedIn", obj[0])
    for i in s.index(re.compile(r"^kotipaik(ka|kana)$")):
        subj = [m for m in _orgs(_before(s, i)) if m.tok_end == i and is_genitive(m)]
        obj = [m for m in places if m.tok_start > i and m.tok_start - i <= 3]
        if subj and obj:
            x.emit(s, subj[0], "locatedIn", obj[0])


_RULES = (
    rule_steer_fund, rule_consortium, rule_member, rule_partner, rule_coordinates,
    rule_participates, rule_list_opener, rule_signed, rule_part_of, rule_as_part, rule_located,
)  # fmt: skip


def extract_relations(sentences: Sequence[Sentence]) -> list[Relation]:
    """Relations of a document's sentences, in reading order."""
    x = Extractor()
    for s in sentences:
        if s.dates:
            x.last_date = s.dates[0].value
        x.sentence(s)
    return x.out
