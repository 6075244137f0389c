"""Namespaces used across KEINO graph.

Every ``keino:`` term used in code is listed in :class:`KEINO`; ``_fail = True``
makes a misspelt term raise instead of minting a silent new IRI.
``tests/test_ontology.py`` checks this list against ``ontology/keino.ttl``,
and :class:`EPO` against the eProcurement Ontology.

>>> str(KEINO.GreenDeal)
'https://w3id.org/keino/ontology#GreenDeal'
>>> KEINO.GreenDeel  # doctest: +IGNORE_EXCEPTION_DETAIL
Traceback (most recent call last):
AttributeError: term 'GreenDeel' not in namespace
"""

from __future__ import annotations

from rdflib import URIRef
from rdflib.namespace import DCTERMS as DCTERMS
from rdflib.namespace import FOAF as FOAF
from rdflib.namespace import RDF as RDF
from rdflib.namespace import RDFS as RDFS
from rdflib.namespace import DefinedNamespace, Namespace

BASE = "https://w3id.org/keino/"
KEINO_NS = BASE + "ontology#"
ID = Namespace(BASE + "id/")
GRAPH = Namespace(BASE + "graph/")
CPV = Namespace("http://data.europa.eu/cpv/cpv/")
NUTS = Namespace("http://data.europa.eu/nuts/code/")
EPO_NS = "http://data.europa.eu/a4g/ontology#"
ORG = Namespace("http://www.w3.org/ns/org#")
TIME = Namespace("http://www.w3.org/2006/time#")
QB = Namespace("http://purl.org/linked-data/cube#")
PROV = Namespace("http://www.w3.org/ns/prov#")
SDMX_DIMENSION = Namespace("http://purl.org/linked-data/sdmx/2009/dimension#")
SDMX_MEASURE = Namespace("http://purl.org/linked-data/sdmx/2009/measure#")
SCHEMA = Namespace("https://schema.org/")
#: Core Vocabularies (``cv:``/``m8g:``): ePO 4.2 gives an organisation its address
#: with ``cv:registeredAddress``
M8G = Namespace("http://data.europa.eu/m8g/")
LOCN = Namespace("http://www.w3.org/ns/locn#")


class KEINO(DefinedNamespace):
    """Terms minted by KEINO graph (``ontology/keino.ttl``)."""

    _fail = True
    _NS = Namespace(KEINO_NS)

    # --- organisations -------------------------------------------------
    Ministry: URIRef
    CompetenceCentre: URIRef
    ProcurementUnit: URIRef
    Municipality: URIRef
    JointMunicipalAuthority: URIRef
    WellbeingServicesCounty: URIRef
    StateAgency: URIRef
    CentralPurchasingBody: URIRef
    Company: URIRef
    Supplier: URIRef
    ResearchOrganisation: URIRef
    FundingAgency: URIRef
    Association: URIRef
    InternationalCounterpart: URIRef
    Region: URIRef  # maakunta, a NUTS-3 region
    population: URIRef
    businessId: URIRef  # Finnish Y-tunnus, normalised 1234567-8
    abbreviation: URIRef
    country: URIRef
    locatedIn: URIRef
    steeredBy: URIRef
    fundedBy: URIRef
    coordinates: URIRef
    participatesIn: URIRef
    strategicPartnerOf: URIRef
    responsibleFor: URIRef
    coordinatedBy: URIRef  # programme -> organisation that coordinates it
    implements: URIRef  # plan/centre -> strategy programme it implements
    # --- roles (instances of org:Role) ----------------------------------
    ConsortiumMemberRole: URIRef
    StrategicPartnerRole: URIRef
    # --- programmes, strategies, agreements -----------------------------
    StrategyProgramme: URIRef
    ActionPlan: URIRef
    Measure: URIRef
    KeinoProgramme: URIRef
    ChangeAgent: URIRef
    GreenDeal: URIRef
    OperatingPeriod: URIRef
    Event: URIRef
    signatory: URIRef
    signed: URIRef
    ProcurementGreenDeal: URIRef  # a green deal between buyers and a state party on procurement
    GreenDealParty: URIRef  # who took which part in a green deal, from which day
    greenDeal: URIRef
    party: URIRef
    partyRole: URIRef
    partySince: URIRef
    StatePartyRole: URIRef
    SignatoryRole: URIRef
    CommittedPartyRole: URIRef
    NegotiatingPartyRole: URIRef
    PreparingPartyRole: URIRef
    SupportingPartyRole: URIRef
    stateParty: URIRef
    committedParty: URIRef
    negotiatingParty: URIRef
    supportedBy: URIRef
    theme: URIRef
    participantCount: URIRef
    hasMeasure: URIRef
    measureNumber: URIRef
    schedule: URIRef
    operatingPeriod: URIRef
    servesRegion: URIRef
    attendedBy: URIRef
    # --- goals, indicators, targets --------------------------------------
    Goal: URIRef
    Indicator: URIRef
    Target: URIRef
    NationalFigure: URIRef  # a national statistic stated in a document
    regionCount: URIRef
    hasGoal: URIRef
    hasIndicator: URIRef
    tracksGoal: URIRef
    hasTarget: URIRef
    targetValue: URIRef
    targetYear: URIRef
    unit: URIRef
    # --- indicator cube ---------------------------------------------------
    indicator: URIRef
    method: URIRef
    share: URIRef
    lotCount: URIRef
    lotsMissingFlag: URIRef
    lotsMissingValue: URIRef
    valueShare: URIRef
    flaggedCount: URIRef
    flaggedAmount: URIRef
    amount: URIRef
    flag: URIRef
    breakdown: URIRef
    ranking: URIRef
    rank: URIRef
    # --- procurement extensions (what ePO lacks) --------------------------
    innovative: URIRef
    green: URIRef
    social: URIRef
    lowCarbon: URIRef
    circularEconomy: URIRef
    hilmaStatistic: URIRef
    noticeFormat: URIRef
    # --- reconciliation ---------------------------------------------------
    Reconciliation: URIRef
    reconciliation: URIRef
    reconciliationMethod: URIRef
    confidence: URIRef
    ConceptMapping: URIRef  # a TOL <-> CPV (or other) SKOS mapping as a statement
    mappingMethod: URIRef
    sourceName: URIRef
    # --- provenance ---------------------------------------------------------
    Citation: URIRef
    IngestRun: URIRef
    SourceDocument: URIRef
    WebSource: URIRef  # a public web page of the source registry
    dateRead: URIRef
    reverifiable: URIRef
    bundledText: URIRef
    quote: URIRef
    charStart: URIRef
    charEnd: URIRef
    sha256: URIRef
    tripleCount: URIRef
    sourceField: URIRef
    sourceXPath: URIRef
    candidate: URIRef
    inverseLabel: URIRef  # an object property's name read from object to subject
    # --- company registry and innovation funding (kg:companies, kg:funding) ---
    RegisteredName: URIRef
    registeredName: URIRef
    nameKind: URIRef
    companyForm: URIRef
    mainBusinessLine: URIRef
    registrationDate: URIRef
    registerStatus: URIRef
    awardYear: URIRef
    fundingInstrument: URIRef


class EPO(DefinedNamespace):
    """The eProcurement Ontology 4.2 terms the code uses (``epo:``, as TED publishes them).

    ``tests/test_namespaces.py`` checks each against the ePO 4.2 Turtle files, and
    ``tests/test_epo_terms.py`` every ``epo:`` term written anywhere in code, queries
    and ontology. Titles and descriptions are ``dcterms:title``/``dcterms:description``
    and an organisation's address is ``cv:registeredAddress`` (:data:`M8G`), as in ePO 4.2.
    """

    _fail = True
    _NS = Namespace(EPO_NS)

    # --- classes ---------------------------------------------------------
    Notice: URIRef
    Procedure: URIRef
    Lot: URIRef
    Purpose: URIRef
    ContractTerm: URIRef
    Buyer: URIRef
    Winner: URIRef
    LotAwardOutcome: URIRef
    MonetaryValue: URIRef
    SubmissionStatisticalInformation: URIRef
    PlanningNotice: URIRef
    CompetitionNotice: URIRef
    ResultNotice: URIRef
    AgentInRole: URIRef
    ProcedureTerm: URIRef
    ProcedureSpecificTerm: URIRef
    AwardOutcome: URIRef
    # --- properties ------------------------------------------------------
    hasPublicationDate: URIRef
    hasNoticeType: URIRef
    hasOfficialLanguage: URIRef
    refersToProcedure: URIRef
    refersToLot: URIRef
    refersToRole: URIRef
    announcesRole: URIRef
    hasProcurementScopeDividedIntoLot: URIRef
    announcesProcedure: URIRef
    announcesLot: URIRef
    hasProcedureType: URIRef
    isSubjectToProcedureSpecificTerm: URIRef
    hasContractNatureType: URIRef
    hasPurpose: URIRef
    hasMainClassification: URIRef
    hasAdditionalClassification: URIRef
    foreseesContractSpecificTerm: URIRef
    definesSpecificPlaceOfPerformance: URIRef
    hasNutsCode: URIRef
    hasCountryCode: URIRef
    hasEstimatedValue: URIRef
    hasAwardedValue: URIRef
    hasAmountValue: URIRef
    hasCurrency: URIRef
    playedBy: URIRef
    hasLegalName: URIRef
    hasBuyerLegalType: URIRef
    hasMainActivity: URIRef
    hasBusinessSize: URIRef
    concernsLot: URIRef
    indicatesAwardToWinner: URIRef
    summarisesInformationForAwardOutcome: URIRef
    hasReceivedTenders: URIRef


#: ePO 4.0 terms an older notice mapping wrote, each with the ePO 4.2 term that
#: replaced it: how ``keino validate`` recognises a store to re-ingest. Nothing
#: writes these any more; ``tests/test_epo_terms.py`` checks that ePO 4.2 lacks them.
RETIRED_EPO_TERMS: dict[str, str] = {
    EPO_NS + "hasTitle": str(DCTERMS.title),
    EPO_NS + "hasDescription": str(DCTERMS.description),
    EPO_NS + "describesLot": str(EPO.concernsLot),
    EPO_NS + "concernsSubmissionsForLot": str(EPO.summarisesInformationForAwardOutcome),
    EPO_NS + "hasRegisteredAddress": str(M8G.registeredAddress),
    EPO_NS + "Organisation": "http://www.w3.org/ns/org#Organization",
}
