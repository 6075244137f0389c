"""The names and kinds of things: how the explorer calls a class, a property or an entity.

Label predicates in order of preference, the links that are bookkeeping rather
than relations, the display *kind* of an entity (organisation, programme …),
and Finnish and English names of standard terms. Organisation classes and the
names of ``keino:`` terms come from the ontology (:mod:`graph.ontology`).

>>> kind_of("x", [KEINO_NS + "Municipality"]), term_label(KEINO_NS + "GreenDeal", "en")
('organisation', 'green deal')
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from graph.iris import ID_BASE
from graph.namespaces import CPV, KEINO_NS, NUTS
from graph.ontology import organisation_classes, term_names
from graph.store import PROV

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
XSD = "http://www.w3.org/2001/XMLSchema#"
DCTERMS = "http://purl.org/dc/terms/"
ORG_NS = "http://www.w3.org/ns/org#"
TIME_NS = "http://www.w3.org/2006/time#"
EPO = "http://data.europa.eu/a4g/ontology#"
CITATION_BASE = ID_BASE + "citation/"
NOTICE_BASE = ID_BASE + "notice/"
# Code-list concepts: CPV, NUTS and the EU authority tables eForms uses.
CODE_BASES = (str(CPV), str(NUTS), "http://publications.europa.eu/resource/authority/")

# Label predicates, best first: the first one present names the entity.
LABEL_PREDICATES = (
    SKOS + "prefLabel",
    RDFS + "label",
    "http://xmlns.com/foaf/0.1/name",
    "https://schema.org/name",
    DCTERMS + "title",
    EPO + "hasTitle",
    EPO + "hasLegalName",
    KEINO_NS + "abbreviation",
    SKOS + "altLabel",
)
# Links that are bookkeeping rather than relations between things: drawing them
# would tie every entity to its class, its code list or its ingest run.
NON_LINKS = frozenset(
    {
        RDF + "type",
        RDF + "subject",
        RDF + "predicate",
        RDF + "object",
        RDFS + "isDefinedBy",
        SKOS + "inScheme",
        SKOS + "broader",
        SKOS + "narrower",
        SKOS + "topConceptOf",
        SKOS + "hasTopConcept",
        PROV + "wasDerivedFrom",
        PROV + "wasGeneratedBy",
        PROV + "generated",
        PROV + "used",
        PROV + "wasAssociatedWith",
    }
)
# Shown on entity pages but left out of the network (neighbourhoods, paths,
# rankings): a document mentioning forty actors is a source, not a connector.
NOT_DRAWN = frozenset({"https://schema.org/mentions", DCTERMS + "references"})

# Kinds colour the graph and group search results; the first kind in KINDS whose
# classes the entity has wins. Organisations are every subclass of org:Organization
# in the ontology; the other kinds are matched on the class's local name.
KIND_TYPES: dict[str, tuple[str, ...]] = {
    "greendeal": ("GreenDeal",),
    "programme": (
        "StrategyProgramme",
        "ActionPlan",
        "Measure",
        "KeinoProgramme",
        "OperatingPeriod",
    ),
    "goal": ("Goal", "Indicator", "Target"),
    "membership": ("Membership", "Post", "ChangeAgent", "Role", "Reconciliation"),
    "procurement": (
        "Notice",
        "ResultNotice",
        "CompetitionNotice",
        "ContractNotice",
        "PlanningNotice",
        "Procedure",
        "Lot",
        "Tender",
        "Award",
        "LotAwardOutcome",
        "Contract",
    ),
    "event": ("Event",),
    "document": ("SourceDocument", "Document", "Citation"),
    "place": ("Region", "Location", "Country"),
    "code": ("Concept", "ConceptScheme"),
}
KINDS = (
    "greendeal",
    "programme",
    "goal",
    "membership",
    "organisation",
    "procurement",
    "event",
    "document",
    "place",
    "code",
    "other",
)
_KIND_BY_PATH = {
    "org/": "organisation",
    "programme/": "programme",
    "greendeal/": "greendeal",
    "green-deal/": "greendeal",
    "goal/": "goal",
    "indicator/": "goal",
    "membership/": "membership",
    "notice/": "procurement",
    "document/": "document",
    "event/": "event",
    "region/": "place",
}

# Finnish and English names of standard terms; keino: terms are named in
# ontology/keino.ttl (graph.ontology.term_names).
_STANDARD_LABELS: dict[str, tuple[str, str]] = {
    RDF + "type": ("tyyppi", "type"),
    SKOS + "prefLabel": ("nimi", "name"),
    SKOS + "altLabel": ("muu nimi", "other name"),
    SKOS + "definition": ("määritelmä", "definition"),
    SKOS + "notation": ("koodi", "code"),
    SKOS + "broader": ("ylempi käsite", "broader concept"),
    RDFS + "label": ("nimi", "label"),
    RDFS + "comment": ("kuvaus", "comment"),
    DCTERMS + "title": ("otsikko", "title"),
    DCTERMS + "description": ("kuvaus", "description"),
    DCTERMS + "date": ("päivämäärä", "date"),
    DCTERMS + "issued": ("julkaistu", "issued"),
    DCTERMS + "identifier": ("tunniste", "identifier"),
    DCTERMS + "source": ("lähde", "source"),
    ORG_NS + "member": ("jäsen", "member"),
    ORG_NS + "organization": ("organisaatio", "organisation"),
    ORG_NS + "role": ("rooli", "role"),
    ORG_NS + "memberDuring": ("jäsenyyskausi", "member during"),
    ORG_NS + "memberOf": ("jäsenenä", "member of"),
    ORG_NS + "hasMember": ("jäsen", "has member"),
    ORG_NS + "hasSite": ("toimipaikka", "site"),
    ORG_NS + "subOrganizationOf": ("osa organisaatiota", "part of"),
    ORG_NS + "hasSubOrganization": ("alaorganisaatio", "sub-organisation"),
    ORG_NS + "linkedTo": ("yhteys", "linked to"),
    ORG_NS + "identifier": ("tunniste", "identifier"),
    PROV + "wasDerivedFrom": ("johdettu lähteestä", "derived from"),
    TIME_NS + "hasBeginning": ("alkaa", "begins"),
    TIME_NS + "hasEnd": ("päättyy", "ends"),
    TIME_NS + "inXSDDate": ("päivä", "date"),
    "https://schema.org/startDate": ("alkaa", "start date"),
    "https://schema.org/endDate": ("päättyy", "end date"),
    "https://schema.org/url": ("verkkosivu", "web page"),
    "http://xmlns.com/foaf/0.1/homepage": ("kotisivu", "home page"),
    EPO + "hasPublicationDate": ("julkaisupäivä", "publication date"),
    EPO + "hasMainClassification": ("CPV-pääluokitus", "main CPV classification"),
    EPO + "hasAdditionalClassification": ("CPV-lisäluokitus", "additional CPV classification"),
    EPO + "hasBuyer": ("hankintayksikkö", "buyer"),
    EPO + "hasWinner": ("voittaja", "winner"),
    EPO + "hasEstimatedValue": ("arvioitu arvo", "estimated value"),
    EPO + "hasTitle": ("otsikko", "title"),
    EPO + "hasDescription": ("kuvaus", "description"),
    EPO + "announcesRole": ("ilmoittaa roolin", "announces role"),
    EPO + "concernsSubmissionsForLot": ("koskee osan tarjouksia", "submissions for lot"),
    EPO + "definesSpecificPlaceOfPerformance": ("toteutuspaikka", "place of performance"),
    EPO + "describesLot": ("kuvaa osan", "describes lot"),
    EPO + "hasAwardedValue": ("sopimusarvo", "awarded value"),
    EPO + "hasAmountValue": ("määrä", "amount"),
    EPO + "hasBusinessSize": ("yrityksen koko", "business size"),
    EPO + "hasBuyerLegalType": ("hankintayksikön tyyppi", "buyer legal type"),
    EPO + "hasCountryCode": ("maa", "country"),
    EPO + "hasCurrency": ("valuutta", "currency"),
    EPO + "hasLegalName": ("virallinen nimi", "legal name"),
    EPO + "hasMainActivity": ("päätoimiala", "main activity"),
    EPO + "hasNoticeType": ("ilmoitustyyppi", "notice type"),
    EPO + "hasNutsCode": ("NUTS-alue", "NUTS region"),
    EPO + "hasOfficialLanguage": ("kieli", "language"),
    EPO + "hasProcurementScopeDividedIntoLot": ("osa", "lot"),
    EPO + "hasPurpose": ("hankinnan kohde", "purpose"),
    EPO + "hasReceivedTenders": ("saadut tarjoukset", "tenders received"),
    EPO + "hasRegisteredAddress": ("osoite", "registered address"),
    EPO + "indicatesAwardToWinner": ("voittaja", "award to winner"),
    EPO + "playedBy": ("toimija", "played by"),
    EPO + "refersToLot": ("osa", "lot"),
    EPO + "refersToProcedure": ("menettely", "procedure"),
    EPO + "refersToRole": ("rooli", "role"),
    DCTERMS + "contributor": ("osallistuja", "contributor"),
    DCTERMS + "creator": ("tekijä", "creator"),
    DCTERMS + "isPartOf": ("osa kokonaisuutta", "is part of"),
    DCTERMS + "hasPart": ("sisältää", "has part"),
    DCTERMS + "references": ("viittaa", "references"),
    DCTERMS + "relation": ("liittyy", "related to"),
    DCTERMS + "subject": ("aihe", "subject"),
    DCTERMS + "temporal": ("ajanjakso", "period"),
    SKOS + "exactMatch": ("sama kuin", "same as"),
    ORG_NS + "unitOf": ("yksikkönä", "unit of"),
    PROV + "hadPrimarySource": ("alkuperäinen lähde", "primary source"),
    "https://schema.org/mentions": ("mainitsee", "mentions"),
    "https://schema.org/organizer": ("järjestäjä", "organiser"),
    "https://schema.org/value": ("arvo", "value"),
    "http://purl.org/linked-data/sdmx/2009/dimension#refPeriod": ("ajanjakso", "period"),
}


@dataclass(frozen=True)
class Node:
    """An IRI with what a page needs to show it: label, kind and type label."""

    iri: str
    label: str
    kind: str = "other"
    type_label: str = ""


# ----------------------------------------------------------------- vocabulary
def pick_label(labels: dict[str, list[str]], lang: str = "fi") -> str | None:
    """The first label in ``lang``, then Finnish, English, Swedish, untagged, any.

    >>> pick_label({"en": ["Motiva"], "fi": ["Motiva Oy"]}, "sv")
    'Motiva Oy'
    >>> pick_label({}) is None
    True
    """
    for key in (lang, "fi", "en", "sv", ""):
        if labels.get(key):
            return labels[key][0]
    return next((values[0] for values in labels.values() if values), None)


def code_label(iri: str, lang: str = "fi") -> str | None:
    """``CODE label`` of a CPV or NUTS concept IRI from the bundled code lists, else None.

    >>> code_label("http://data.europa.eu/cpv/cpv/45000000")
    '45000000 Rakennustyöt'
    """
    from graph import codes  # the code lists load on first use, not at import

    for base, label_of in ((str(CPV), codes.cpv_label), (str(NUTS), codes.nuts_label)):
        if iri.startswith(base):
            code = iri[len(base) :]
            label = label_of(code, lang) or label_of(code, "fi")
            return f"{code} {label}" if label else None
    return None


def short_iri(iri: str) -> str:
    """A readable stand-in for an unlabelled IRI: its last path segment(s).

    >>> short_iri("https://w3id.org/keino/id/notice/abc-01/lot/LOT-0001")
    'lot/LOT-0001'
    >>> short_iri("http://data.europa.eu/cpv/cpv/45000000")
    'CPV 45000000'
    """
    if iri.startswith(str(CPV)):
        return "CPV " + iri[len(str(CPV)) :]
    if iri.startswith(str(NUTS)):
        return "NUTS " + iri[len(str(NUTS)) :]
    tail = re.split(r"[#]", iri)[-1]
    parts = [p for p in tail.split("/") if p]
    return "/".join(parts[-2:]) if iri.startswith(ID_BASE) else (parts[-1] if parts else iri)


def kind_of(iri: str, types: Iterable[str]) -> str:
    """The display kind of an entity (one of :data:`KINDS`) from its types, else its IRI.

    >>> kind_of("x", [KEINO_NS + "GreenDeal"]), kind_of(ID_BASE + "org/fi/0988084-1", [])
    ('greendeal', 'organisation')
    """
    classes = set(types)
    local = {re.split(r"[#/]", t)[-1] for t in classes}
    for kind in KINDS[:-1]:
        if kind == "organisation" and not classes.isdisjoint(organisation_classes()):
            return kind
        if not local.isdisjoint(KIND_TYPES.get(kind, ())):
            return kind
    if iri.startswith(ID_BASE):
        rest = iri[len(ID_BASE) :]
        for prefix, kind in _KIND_BY_PATH.items():
            if rest.startswith(prefix):
                return kind
    if iri.startswith(CODE_BASES):
        return "code"
    return "other"


def term_label(iri: str, lang: str = "fi") -> str:
    """The name of a class or property in ``lang`` (fi or en).

    Read from the ontology when it names it, else from a small table of
    standard terms, else the local name split into words.

    >>> term_label("http://www.w3.org/ns/org#memberDuring", "en")
    'member during'
    >>> term_label("http://example.org/ns#hasLeadPartner", "en")
    'has lead partner'
    """
    from_ontology = term_names().get(iri, {})
    label = pick_label(from_ontology, lang) if from_ontology else None
    if label:
        return label
    if iri in _STANDARD_LABELS:
        fi, en = _STANDARD_LABELS[iri]
        return en if lang == "en" else fi
    local = re.split(r"[#/]", iri)[-1]
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", local).lower() or iri
