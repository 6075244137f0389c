"""Where each mapped value comes from: ePO/KEINO property → eForms BT, eForms XPath,
TED XML path.

The mapping is written once per notice graph (``keino:sourceField``,
``keino:sourceXPath`` on the property), and every node of a notice is
``prov:wasDerivedFrom`` its notice, which ``prov:hadPrimarySource`` its file; so a
value is traced by (notice, property) → field without a statement per value.
"""

from __future__ import annotations

from collections.abc import Iterator

from graph.namespaces import DCTERMS, EPO, KEINO, LOCN
from graph.procurement import DCT
from graph.rdf import Triple, lit, triple

# property, BT, eForms XPath (relative to the notice or lot), TED XML R2.0.9 path
FIELDS: tuple[tuple[str, str, str, str], ...] = (
    (DCT + "identifier", "BT-701/BT-04/BT-137",
     "cbc:ID[@schemeName='notice-id'] | cbc:ContractFolderID | ProcurementProjectLot/cbc:ID",
     "CODED_DATA_SECTION/NOTICE_DATA/NO_DOC_OJS | OBJECT_DESCR/LOT_NO"),
    (EPO.hasNoticeType, "BT-02", "cbc:NoticeTypeCode",
     "FORM_SECTION/F02_2014 (cn-standard) | F03_2014 (can-standard) …"),
    (EPO.hasProcedureType, "BT-105", "cac:TenderingProcess/cbc:ProcedureCode",
     "PROCEDURE/PT_OPEN (open) | PT_RESTRICTED (restricted) …"),
    (EPO.hasContractNatureType, "BT-23",
     "cac:ProcurementProject/cbc:ProcurementTypeCode[@listName='contract-nature']",
     "OBJECT_CONTRACT/TYPE_CONTRACT/@CTYPE"),
    (EPO.hasPublicationDate, "OPP-012/BT-05",
     "efac:Publication/efbc:PublicationDate | cbc:IssueDate", "REF_OJS/DATE_PUB"),
    (EPO.hasOfficialLanguage, "BT-702", "cbc:NoticeLanguageCode", "FORM_SECTION/*/@LG"),
    (DCTERMS.title, "BT-21", "cac:ProcurementProject/cbc:Name", "OBJECT_DESCR/TITLE"),
    (DCTERMS.description, "BT-24", "cac:ProcurementProject/cbc:Description",
     "OBJECT_DESCR/SHORT_DESCR"),
    (EPO.hasMainClassification, "BT-262",
     "cac:MainCommodityClassification/cbc:ItemClassificationCode",
     "OBJECT_CONTRACT/CPV_MAIN/CPV_CODE/@CODE"),
    (EPO.hasAdditionalClassification, "BT-263",
     "cac:AdditionalCommodityClassification/cbc:ItemClassificationCode",
     "OBJECT_DESCR/CPV_ADDITIONAL/CPV_CODE/@CODE"),
    (EPO.definesSpecificPlaceOfPerformance, "BT-5071",
     "cac:RealizedLocation/cac:Address/cbc:CountrySubentityCode", "OBJECT_DESCR/n2016:NUTS/@CODE"),
    (EPO.hasEstimatedValue, "BT-27",
     "cac:RequestedTenderTotal/cbc:EstimatedOverallContractAmount", "OBJECT_DESCR/VAL_OBJECT"),
    (EPO.hasLegalName, "BT-500", "efac:Company/cac:PartyName/cbc:Name",
     "ADDRESS_CONTRACTING_BODY/OFFICIALNAME | ADDRESS_CONTRACTOR/OFFICIALNAME"),
    (KEINO.businessId, "BT-501", "efac:Company/cac:PartyLegalEntity/cbc:CompanyID",
     "ADDRESS_CONTRACTING_BODY/NATIONALID | ADDRESS_CONTRACTOR/NATIONALID"),
    (EPO.hasNutsCode, "BT-507", "cac:PostalAddress/cbc:CountrySubentityCode", "n2016:NUTS/@CODE"),
    (EPO.hasCountryCode, "BT-514", "cac:PostalAddress/cac:Country/cbc:IdentificationCode",
     "COUNTRY/@VALUE"),
    (LOCN.postName, "BT-513", "cac:PostalAddress/cbc:CityName", "TOWN"),
    (LOCN.postCode, "BT-512", "cac:PostalAddress/cbc:PostalZone", "POSTAL_CODE"),
    (LOCN.thoroughfare, "BT-510", "cac:PostalAddress/cbc:StreetName", "ADDRESS"),
    (EPO.hasBuyerLegalType, "BT-11", "cac:ContractingPartyType/cbc:PartyTypeCode",
     "CONTRACTING_BODY/CA_TYPE/@VALUE"),
    (EPO.hasMainActivity, "BT-10", "cac:ContractingActivity/cbc:ActivityTypeCode",
     "CONTRACTING_BODY/CA_ACTIVITY/@VALUE"),
    (EPO.indicatesAwardToWinner, "BT-142/OPT-320/OPT-300",
     "efac:LotResult → efac:LotTender → efac:TenderingParty/efac:Tenderer → efac:Organization",
     "AWARD_CONTRACT/AWARDED_CONTRACT/CONTRACTORS/CONTRACTOR"),
    (EPO.hasAwardedValue, "BT-720", "efac:LotTender/cac:LegalMonetaryTotal/cbc:PayableAmount",
     "AWARDED_CONTRACT/VALUES/VAL_TOTAL"),
    (EPO.hasReceivedTenders, "BT-759",
     "efac:ReceivedSubmissionsStatistics[efbc:StatisticsCode='tenders']/efbc:StatisticsNumeric",
     "AWARDED_CONTRACT/TENDERS/NB_TENDERS_RECEIVED"),
    (EPO.hasBusinessSize, "BT-165", "efac:Company/efbc:CompanySizeCode", "CONTRACTOR/SME"),
    (KEINO.innovative, "BT-06/BT-776",
     "cac:ProcurementAdditionalType/cbc:ProcurementTypeCode[@listName='strategic-procurement' "
     "or @listName='innovative-acquisition']", ""),
    (KEINO.green, "BT-06/BT-774/BT-805",
     "cac:ProcurementAdditionalType/cbc:ProcurementTypeCode[@listName='strategic-procurement' "
     "or @listName='environmental-impact' or @listName='gpp-criteria']", ""),
    (KEINO.social, "BT-06/BT-775",
     "cac:ProcurementAdditionalType/cbc:ProcurementTypeCode[@listName='strategic-procurement' "
     "or @listName='social-objective']", ""),
    (KEINO.circularEconomy, "BT-774",
     "cac:ProcurementAdditionalType/cbc:ProcurementTypeCode[@listName='environmental-impact']"
     "[.='circ-econ']", ""),
    (KEINO.hilmaStatistic, "FI-*", "ext:UBLExtensions//hilma:NationalExtension//*", ""),
)  # fmt: skip


def field_map_triples() -> Iterator[Triple]:
    """The field map as triples: ``property keino:sourceField "BT-…"`` and its XPaths."""
    for prop, bt, eforms, ted in FIELDS:
        yield triple(prop, KEINO.sourceField, lit(bt))
        yield triple(prop, KEINO.sourceXPath, lit(eforms, lang=None))
        if ted:
            yield triple(prop, KEINO.sourceXPath, lit("TED: " + ted))


def field_of(prop: str) -> str | None:
    """The BT a property is mapped from.

    >>> field_of(DCTERMS.title)
    'BT-21'
    """
    return next((bt for p, bt, _, _ in FIELDS if str(p) == str(prop)), None)
