"""The names and kinds of things: how the explorer calls a class, a property or an entity.

Label predicates in order of preference, the links that are bookkeeping rather
than relations, the display *kind* of an entity (organisation, programme …),
and Finnish and English names of standard terms. Organisation classes and the
names of ``keino:`` terms come from the ontology (:mod:`graph.ontology`).

>>> kind_of("x", [str(KEINO.Municipality)]), term_label(str(KEINO.GreenDeal), "en")
('organisation', 'green deal')
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from urllib.parse import unquote, urlsplit

from rdflib.namespace import FOAF, OWL, SKOS

from graph.iris import ID_BASE, TOL_BASE
from graph.namespaces import (
    CPV,
    DCTERMS,
    EPO,
    KEINO,
    LOCN,
    M8G,
    NUTS,
    ORG,
    PROV,
    QB,
    RDF,
    RDFS,
    SCHEMA,
    SDMX_DIMENSION,
    TIME,
)
from graph.ontology import inverse_names, organisation_classes, term_names

# Code-list concepts: CPV, NUTS and the EU authority tables eForms uses.
AUTHORITY = "http://publications.europa.eu/resource/authority/"
CODE_BASES = (str(CPV), str(NUTS), AUTHORITY)

# Label predicates, best first: the first one present names the entity.
LABEL_PREDICATES = (
    str(SKOS.prefLabel),
    str(RDFS.label),
    str(FOAF.name),
    str(SCHEMA.name),
    str(DCTERMS.title),
    str(EPO.hasLegalName),
    str(KEINO.abbreviation),
    str(SKOS.altLabel),
)
# Links that are bookkeeping rather than relations between things: drawing them
# would tie every entity to its class, its code list or its ingest run.
NON_LINKS = frozenset(
    {
        str(RDF.type),
        str(RDF.subject),
        str(RDF.predicate),
        str(RDF.object),
        str(RDFS.isDefinedBy),
        str(SKOS.inScheme),
        str(SKOS.broader),
        str(SKOS.narrower),
        str(SKOS.topConceptOf),
        str(SKOS.hasTopConcept),
        str(PROV.wasDerivedFrom),
        str(PROV.wasGeneratedBy),
        str(PROV.generated),
        str(PROV.used),
        str(PROV.wasAssociatedWith),
    }
)
# Shown on entity pages but left out of the network (neighbourhoods, paths,
# rankings): a document mentioning forty actors is a source, not a connector.
# A notice's source file is shown on its page as a fact, never as a node.
NOT_DRAWN = frozenset({str(SCHEMA.mentions), str(DCTERMS.references), str(PROV.hadPrimarySource)})

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
    str(RDF.type): ("tyyppi", "type"),
    str(SKOS.prefLabel): ("nimi", "name"),
    str(SKOS.altLabel): ("muu nimi", "other name"),
    str(SKOS.definition): ("määritelmä", "definition"),
    str(SKOS.notation): ("koodi", "code"),
    str(SKOS.broader): ("ylempi käsite", "broader concept"),
    str(RDFS.label): ("nimi", "label"),
    str(RDFS.comment): ("kuvaus", "comment"),
    str(DCTERMS.title): ("otsikko", "title"),
    str(DCTERMS.description): ("kuvaus", "description"),
    str(DCTERMS.date): ("päivämäärä", "date"),
    str(DCTERMS.issued): ("julkaistu", "issued"),
    str(DCTERMS.identifier): ("tunniste", "identifier"),
    str(DCTERMS.source): ("lähde", "source"),
    str(ORG.member): ("jäsen", "member"),
    str(ORG.organization): ("organisaatio", "organisation"),
    str(ORG.role): ("rooli", "role"),
    str(ORG.memberDuring): ("jäsenyyskausi", "member during"),
    str(ORG.memberOf): ("jäsenenä", "member of"),
    str(ORG.hasMember): ("jäsen", "has member"),
    str(ORG.hasSite): ("toimipaikka", "site"),
    str(ORG.subOrganizationOf): ("osa organisaatiota", "part of"),
    str(ORG.hasSubOrganization): ("alaorganisaatio", "sub-organisation"),
    str(ORG.linkedTo): ("yhteys", "linked to"),
    str(ORG.identifier): ("tunniste", "identifier"),
    str(PROV.wasDerivedFrom): ("johdettu lähteestä", "derived from"),
    str(TIME.hasBeginning): ("alkaa", "begins"),
    str(TIME.hasEnd): ("päättyy", "ends"),
    str(TIME.inXSDDate): ("päivä", "date"),
    str(SCHEMA.startDate): ("alkaa", "start date"),
    str(SCHEMA.endDate): ("päättyy", "end date"),
    str(SCHEMA.url): ("verkkosivu", "web page"),
    str(FOAF.homepage): ("kotisivu", "home page"),
    str(EPO.hasPublicationDate): ("julkaisupäivä", "publication date"),
    str(EPO.hasMainClassification): ("CPV-pääluokitus", "main CPV classification"),
    str(EPO.hasAdditionalClassification): ("CPV-lisäluokitus", "additional CPV classification"),
    str(EPO.hasEstimatedValue): ("arvioitu arvo", "estimated value"),
    str(EPO.announcesRole): ("ilmoittaa roolin", "announces role"),
    str(EPO.summarisesInformationForAwardOutcome): (
        "tarjoukset tulokselle",
        "submissions for outcome",
    ),
    str(EPO.definesSpecificPlaceOfPerformance): ("toteutuspaikka", "place of performance"),
    str(EPO.concernsLot): ("koskee osaa", "concerns lot"),
    str(EPO.announcesLot): ("ilmoittaa osan", "announces lot"),
    str(EPO.announcesProcedure): ("ilmoittaa menettelyn", "announces procedure"),
    str(EPO.hasProcedureType): ("menettelytyyppi", "procedure type"),
    str(EPO.hasContractNatureType): ("hankintalaji", "contract nature"),
    str(EPO.hasAwardedValue): ("sopimusarvo", "awarded value"),
    str(EPO.hasAmountValue): ("määrä", "amount"),
    str(EPO.hasBusinessSize): ("yrityksen koko", "business size"),
    str(EPO.hasBuyerLegalType): ("hankintayksikön tyyppi", "buyer legal type"),
    str(EPO.hasCountryCode): ("maa", "country"),
    str(EPO.hasCurrency): ("valuutta", "currency"),
    str(EPO.hasLegalName): ("virallinen nimi", "legal name"),
    str(EPO.hasMainActivity): ("päätoimiala", "main activity"),
    str(EPO.hasNoticeType): ("ilmoitustyyppi", "notice type"),
    str(EPO.hasNutsCode): ("NUTS-alue", "NUTS region"),
    str(EPO.hasOfficialLanguage): ("kieli", "language"),
    str(EPO.hasProcurementScopeDividedIntoLot): ("osa", "lot"),
    str(EPO.hasPurpose): ("hankinnan kohde", "purpose"),
    str(EPO.hasReceivedTenders): ("saadut tarjoukset", "tenders received"),
    str(M8G.registeredAddress): ("osoite", "registered address"),
    str(EPO.indicatesAwardToWinner): ("voittaja", "award to winner"),
    str(EPO.playedBy): ("toimija", "played by"),
    str(EPO.refersToLot): ("osa", "lot"),
    str(EPO.refersToProcedure): ("menettely", "procedure"),
    str(EPO.refersToRole): ("rooli", "role"),
    str(DCTERMS.contributor): ("osallistuja", "contributor"),
    str(DCTERMS.creator): ("tekijä", "creator"),
    str(DCTERMS.isPartOf): ("osa kokonaisuutta", "is part of"),
    str(DCTERMS.hasPart): ("sisältää", "has part"),
    str(DCTERMS.references): ("viittaa", "references"),
    str(DCTERMS.relation): ("liittyy", "related to"),
    str(DCTERMS.subject): ("aihe", "subject"),
    str(DCTERMS.temporal): ("ajanjakso", "period"),
    str(SKOS.exactMatch): ("sama kuin", "same as"),
    str(ORG.unitOf): ("yksikkönä", "unit of"),
    str(PROV.hadPrimarySource): ("alkuperäinen lähde", "primary source"),
    str(SCHEMA.mentions): ("mainitsee", "mentions"),
    str(SCHEMA.organizer): ("järjestäjä", "organiser"),
    str(SCHEMA.value): ("arvo", "value"),
    str(SDMX_DIMENSION.refPeriod): ("ajanjakso", "period"),
    # classes that are not keino: terms
    str(ORG.Organization): ("organisaatio", "organisation"),
    str(ORG.FormalOrganization): ("virallinen organisaatio", "formal organisation"),
    str(ORG.OrganizationalUnit): ("organisaatioyksikkö", "organisational unit"),
    str(ORG.OrganizationalCollaboration): ("yhteistyöverkosto", "collaboration"),
    str(ORG.Membership): ("jäsenyys", "membership"),
    str(SKOS.Concept): ("käsite", "concept"),
    str(SKOS.ConceptScheme): ("luokitus", "classification"),
    str(PROV.Activity): ("toiminto", "activity"),
    str(PROV.Entity): ("tietoaineisto", "entity"),
    str(PROV.SoftwareAgent): ("ohjelmisto", "software"),
    str(TIME.Interval): ("aikaväli", "interval"),
    str(TIME.Instant): ("ajankohta", "instant"),
    str(SCHEMA.MonetaryGrant): ("rahoituspäätös", "grant"),
    str(EPO.Buyer): ("hankintayksikkö", "buyer"),
    str(EPO.Winner): ("voittaja", "winner"),
    str(EPO.Notice): ("hankintailmoitus", "notice"),
    str(EPO.ResultNotice): ("jälki-ilmoitus", "result notice"),
    str(EPO.CompetitionNotice): ("hankintailmoitus (kilpailutus)", "competition notice"),
    str(EPO.PlanningNotice): ("ennakkoilmoitus", "planning notice"),
    str(EPO.Procedure): ("hankintamenettely", "procedure"),
    str(EPO.Lot): ("osa-alue", "lot"),
    str(EPO.LotAwardOutcome): ("osa-alueen tulos", "lot award outcome"),
    str(EPO.Purpose): ("hankinnan kohde", "purpose"),
    str(EPO.ContractTerm): ("sopimusehto", "contract term"),
    str(EPO.MonetaryValue): ("rahamäärä", "monetary value"),
    str(EPO.SubmissionStatisticalInformation): ("tarjoustilasto", "submission statistics"),
    str(QB.DataSet): ("tilastosarja", "data set"),
    str(QB.Observation): ("havainto", "observation"),
    str(OWL.sameAs): ("sama kuin", "same as"),
    str(EPO.foreseesContractSpecificTerm): ("sopimusehto", "contract term"),
    str(SKOS.editorialNote): ("toimituksellinen huomautus", "editorial note"),
    str(SKOS.note): ("huomautus", "note"),
    str(SKOS.broadMatch): ("laajempi vastine", "broader match"),
    str(SKOS.relatedMatch): ("liittyvä vastine", "related match"),
    str(SKOS.closeMatch): ("lähes sama kuin", "close match"),
    str(SCHEMA.name): ("nimi", "name"),
    str(SCHEMA.dissolutionDate): ("lopettamispäivä", "dissolution date"),
    str(SCHEMA.amount): ("määrä", "amount"),
    str(SCHEMA.currency): ("valuutta", "currency"),
    str(SCHEMA.funder): ("rahoittaja", "funder"),
    str(SCHEMA.fundedItem): ("rahoituksen kohde", "funded item"),
    str(DCTERMS.rights): ("käyttöoikeudet", "rights"),
    str(DCTERMS.publisher): ("julkaisija", "publisher"),
    str(PROV.atLocation): ("sijainti", "location"),
    str(PROV.endedAtTime): ("päättyi", "ended"),
    str(PROV.startedAtTime): ("alkoi", "started"),
    str(QB.dataSet): ("tilastosarja", "data set"),
    str(QB.structure): ("rakenne", "structure"),
    str(LOCN.Address): ("osoite", "address"),
    str(LOCN.postCode): ("postinumero", "postcode"),
    str(LOCN.postName): ("postitoimipaikka", "post town"),
    str(LOCN.thoroughfare): ("katuosoite", "street address"),
    str(LOCN.fullAddress): ("osoite", "address"),
    # standard terms a page can show as a type or a link (so a Finnish page stays Finnish)
    str(FOAF.Agent): ("toimija", "agent"),
    str(DCTERMS.Location): ("sijainti", "location"),
    str(DCTERMS.isReplacedBy): ("korvattu", "is replaced by"),
    str(EPO.AwardOutcome): ("ratkaisu", "award outcome"),
    str(EPO.AgentInRole): ("roolissa toimiva", "agent in role"),
    str(EPO.ProcedureTerm): ("menettelyn ehto", "procedure term"),
    str(EPO.ProcedureSpecificTerm): ("menettelykohtainen ehto", "procedure-specific term"),
    str(EPO.isSubjectToProcedureSpecificTerm): ("menettelyn ehto", "procedure-specific term"),
    str(SKOS.inScheme): ("luokituksessa", "in scheme"),
    str(SKOS.narrower): ("alakäsite", "narrower"),
    str(SKOS.topConceptOf): ("ylin käsite luokituksessa", "top concept of"),
    str(SKOS.hasTopConcept): ("ylin käsite", "top concept"),
    str(RDF.subject): ("subjekti", "subject"),
    str(RDF.predicate): ("predikaatti", "predicate"),
    str(RDF.object): ("objekti", "object"),
    str(PROV.used): ("käytti", "used"),
    str(PROV.generated): ("tuotti", "generated"),
    str(PROV.wasAssociatedWith): ("tekijä", "associated with"),
    str(PROV.wasGeneratedBy): ("tuotettu ajossa", "generated by"),
    str(QB.DataStructureDefinition): ("tilastosarjan rakenne", "data structure definition"),
    str(QB.ComponentSpecification): ("rakenteen osa", "component specification"),
    str(QB.DimensionProperty): ("ulottuvuus", "dimension property"),
    str(QB.MeasureProperty): ("mittari", "measure property"),
    str(QB.AttributeProperty): ("määre", "attribute property"),
    str(QB.measure): ("mittari", "measure"),
    str(QB.dimension): ("ulottuvuus", "dimension"),
    str(QB.attribute): ("määre", "attribute"),
    str(QB.component): ("osa", "component"),
    str(QB.componentAttachment): ("liitetään", "component attachment"),
}


# Names of standard properties read from object to subject (an incoming link on
# the object's page); keino: terms carry keino:inverseLabel in the ontology.
_STANDARD_INVERSES: dict[str, tuple[str, str]] = {
    str(ORG.member): ("jäsenenä", "member of"),
    str(ORG.organization): ("jäsenyydet", "memberships"),
    str(ORG.memberOf): ("jäsenet", "members"),
    str(ORG.hasMember): ("jäsenenä", "member of"),
    str(ORG.subOrganizationOf): ("alaorganisaatio", "sub-organisation"),
    str(ORG.hasSubOrganization): ("osa organisaatiota", "part of"),
    str(ORG.unitOf): ("yksiköt", "units"),
    str(ORG.linkedTo): ("yhteys", "linked to"),
    str(ORG.role): ("rooli jäsenyyksissä", "role in memberships"),
    str(DCTERMS.isPartOf): ("sisältää", "has part"),
    str(DCTERMS.hasPart): ("osa kokonaisuutta", "is part of"),
    str(DCTERMS.references): ("viitataan lähteessä", "referenced by"),
    str(DCTERMS.subject): ("aiheena lähteessä", "subject of"),
    str(DCTERMS.creator): ("laatinut", "created"),
    str(DCTERMS.contributor): ("osallistunut", "contributed to"),
    str(DCTERMS.relation): ("liittyy", "related to"),
    str(DCTERMS.source): ("lähteenä", "source of"),
    str(SCHEMA.mentions): ("mainitaan lähteessä", "mentioned in"),
    str(SCHEMA.organizer): ("järjestänyt", "organised"),
    str(SCHEMA.funder): ("rahoittanut", "funded"),
    str(SCHEMA.fundedItem): ("rahoitus", "funding"),
    str(OWL.sameAs): ("sama kuin", "same as"),
    str(EPO.foreseesContractSpecificTerm): ("sopimusehto osa-alueessa", "contract term of"),
    str(SKOS.exactMatch): ("sama kuin", "same as"),
    str(EPO.playedBy): ("rooli hankinnassa", "role in procurement"),
    str(EPO.indicatesAwardToWinner): ("voitetut hankinnat", "contracts won"),
    str(EPO.hasMainClassification): ("pääluokituksena hankinnoissa", "main classification of"),
    str(EPO.hasAdditionalClassification): (
        "lisäluokituksena hankinnoissa",
        "additional classification of",
    ),
    str(EPO.definesSpecificPlaceOfPerformance): ("toteutuspaikkana", "place of performance of"),
    str(EPO.hasNutsCode): ("NUTS-alueena", "NUTS region of"),
    str(EPO.refersToLot): ("viittaukset osaan", "referred to by"),
    str(EPO.refersToProcedure): ("ilmoitukset menettelystä", "notices of the procedure"),
    str(EPO.hasProcurementScopeDividedIntoLot): ("osa menettelyä", "lot of"),
    str(EPO.concernsLot): ("tulos", "outcome"),
    str(EPO.hasBuyerLegalType): ("hankintayksiköt tätä tyyppiä", "buyers of this type"),
    str(EPO.hasCountryCode): ("tämän maan toimijat", "located in this country"),
    str(PROV.hadPrimarySource): ("alkuperäisenä lähteenä", "primary source of"),
}


def inverse_label(iri: str, lang: str = "fi") -> str:
    """The name of property ``iri`` read from object to subject, for an incoming link.

    From the ontology (``keino:inverseLabel``, ``owl:inverseOf``), else a table
    of standard terms, else "‹name› (kohteena)" / "is ‹name› of".

    >>> inverse_label(str(KEINO.fundedBy), "fi"), inverse_label(str(KEINO.steeredBy), "en")
    ('rahoittaa', 'steers')
    """
    from_ontology = inverse_names().get(iri, {})
    label = pick_label(from_ontology, lang) if from_ontology else None
    if label:
        return label
    if iri in _STANDARD_INVERSES:
        fi, en = _STANDARD_INVERSES[iri]
        return en if lang == "en" else fi
    name = term_label(iri, lang)
    return f"is {name} of" if lang == "en" else f"{name} (kohteena)"


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


def code_name(iri: str) -> str | None:
    """The code list and code of a CPV, NUTS or TOL concept IRI, else None: what tells
    two concepts with one name apart (NUTS-2 and NUTS-3 "Helsinki-Uusimaa").

    >>> code_name("http://data.europa.eu/nuts/code/FI1B1")
    'NUTS FI1B1'
    >>> code_name("https://w3id.org/keino/id/org/fi/0201256-6") is None
    True
    """
    for base, scheme in ((str(CPV), "CPV"), (str(NUTS), "NUTS"), (TOL_BASE, "TOL 2008")):
        if iri.startswith(base):
            return f"{scheme} {iri[len(base) :]}"
    return None


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
    if iri.startswith(AUTHORITY):  # an EU authority table eForms uses: its label, no code
        table, _, code = iri[len(AUTHORITY) :].rpartition("/")
        label = codes.eforms_label(table, code, lang) or codes.eforms_label(table, code, "en")
        # A code no bundled list names keeps its own meaning unknown: the code and its table.
        return label or f"{authority_table_name(table, lang)} {code}"
    return None


# Names of the EU authority tables eForms codes come from, for a code no list labels.
_AUTHORITY_TABLES: dict[str, tuple[str, str]] = {
    "notice-type": ("ilmoitustyyppi", "notice type"),
    "form-type": ("lomaketyyppi", "form type"),
    "buyer-legal-type": ("hankintayksikön tyyppi", "buyer legal type"),
    "main-activity": ("päätoimiala", "main activity"),
    "procurement-procedure-type": ("menettelytyyppi", "procedure type"),
    "contract-nature": ("hankintalaji", "contract nature"),
    "economic-operator-size": ("yrityksen koko", "business size"),
    "language": ("kieli", "language"),
    "country": ("maa", "country"),
    "currency": ("valuutta", "currency"),
    "environmental-impact": ("ympäristövaikutus", "environmental impact"),
    "social-objective": ("sosiaalinen tavoite", "social objective"),
    "innovative-acquisition": ("innovatiivinen hankinta", "innovative acquisition"),
    "strategic-procurement": ("strateginen hankinta", "strategic procurement"),
}


def authority_table_name(table: str, lang: str = "fi") -> str:
    """The name of an EU authority table (``notice-type`` → "ilmoitustyyppi").

    >>> code_label(AUTHORITY + "notice-type/3"), code_label(AUTHORITY + "notice-type/3", "en")
    ('ilmoitustyyppi 3', 'notice type 3')
    >>> authority_table_name("target-group")
    'target group'
    """
    fi, en = _AUTHORITY_TABLES.get(table, (table.replace("-", " "),) * 2)
    return en if lang == "en" else fi


def grant_name(
    funder: str | None, year: str | None, instrument: str | None, euros: str | None, lang: str
) -> str:
    """A funding record's name from its funder, year, instrument and amount in euros.

    >>> grant_name("Business Finland", "2019", "avustus", "27600", "fi")
    'Business Finland -rahoitus 2019: avustus, 27\\xa0600 €'
    >>> grant_name("Business Finland", "2019", "grant", "27600", "en")
    'Business Finland funding 2019: grant, €27,600'
    >>> grant_name(None, "2020", None, "-1234.50", "fi")
    'Rahoitus 2020, −1\\xa0234,50 €'
    """
    if lang == "en":
        head = f"{funder} funding" if funder else "Funding"
    elif lang == "sv":
        head = f"Finansiering från {funder}" if funder else "Finansiering"
    else:  # a name of several words takes the case ending after a space and a hyphen
        head = f"{funder}{' -' if ' ' in funder else '-'}rahoitus" if funder else "Rahoitus"
    head += f" {year}" if year else ""
    details = ", ".join(
        part for part in (instrument, euro_amount(euros, lang) if euros else None) if part
    )
    if not details:
        return head
    return f"{head}: {details}" if instrument else f"{head}, {details}"


def euro_amount(value: str, lang: str = "fi") -> str:
    """An amount in euros as a reader of ``lang`` writes it; ``value`` as the literal gives it.

    >>> euro_amount("9536", "fi"), euro_amount("9536", "en"), euro_amount("x", "en")
    ('9\\xa0536 €', '€9,536', 'x €')
    """
    try:
        number = Decimal(value)
    except InvalidOperation:
        return f"{value} €"
    places = 0 if number == number.to_integral_value() else 2
    text = f"{abs(number):,.{places}f}"
    sign = "−" if number < 0 else ""
    if lang == "en":
        return f"{sign}€{text}"
    return sign + text.replace(",", "\u00a0").replace(".", ",") + " €"


def web_page_name(iri: str) -> str | None:
    """A web page without a title, by its site and the words of its address; None for
    our own IRIs, code IRIs and anything that is not an http(s) address.

    >>> web_page_name("https://ym.fi/green-deal-sopimukset")
    'ym.fi: green deal sopimukset'
    >>> web_page_name("https://puutarha.net/artikkelit/lasten-altistumista-v%C3%A4hennet%C3%A4%C3%A4n/")
    'puutarha.net: lasten altistumista vähennetään'
    >>> web_page_name("https://sitoumus2050.fi/"), web_page_name(ID_BASE + "org/x")
    ('sitoumus2050.fi', None)
    """
    if iri.startswith((ID_BASE, *CODE_BASES)) or not iri.startswith(("http://", "https://")):
        return None
    address = urlsplit(iri)
    host = address.netloc.removeprefix("www.")
    steps = [unquote(step) for step in address.path.split("/") if step]
    words = re.sub(r"[-_+]+", " ", steps[-1]).strip() if steps else ""
    return f"{host}: {words}" if words else host


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

    >>> kind_of("x", [str(KEINO.GreenDeal)]), kind_of(ID_BASE + "org/fi/0988084-1", [])
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
