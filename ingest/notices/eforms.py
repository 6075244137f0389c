"""eForms (UBL 2.3) notices → :class:`ParsedNotice`.

Each value is read from the XPath the eForms SDK gives for its business term
(``ingest/notices/fields.py`` lists them); the tree is read once with lxml's
ElementPath, which is several times faster than XPath for these fixed paths.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable

from lxml import etree

from ingest.notices.model import (
    NotANotice,
    NoticeRefused,
    ParsedBuyer,
    ParsedLot,
    ParsedNotice,
    ParsedOrg,
    country3,
    lang2,
)

NS = {
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
    "ext": "urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2",
    "efac": "http://data.europa.eu/p27/eforms-ubl-extension-aggregate-components/1",
    "efext": "http://data.europa.eu/p27/eforms-ubl-extensions/1",
    "efbc": "http://data.europa.eu/p27/eforms-ubl-extension-basic-components/1",
    "hilma": "urn:hanselHilma:NationalNoticeExtension",
}
ROOTS = {
    "ContractNotice",
    "PriorInformationNotice",
    "ContractAwardNotice",
    "BusinessRegistrationInformationNotice",
}
# BT-03 form type → the notice kind lot_records() knows.
_KIND = {
    "planning": "planning",
    "consultation": "planning",
    "competition": "competition",
    "result": "result",
    "dir-awa-pre": "result",
}
_EXT = "ext:UBLExtensions/ext:UBLExtension/ext:ExtensionContent/efext:EformsExtension"
_FLAG_LISTS = {
    "strategic-procurement",
    "environmental-impact",
    "social-objective",
    "innovative-acquisition",
    "gpp-criteria",
}

Element = etree._Element


@functools.cache
def _clark(path: str) -> str:
    """``cac:Party/cbc:ID`` → ``{urn…}Party/{urn…}ID``: lxml then skips prefix lookups.

    >>> _clark("cbc:ID[@schemeName='notice-id']")
    "{urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2}ID[@schemeName='notice-id']"
    """
    return re.sub(r"\b([a-z]+):(?=[A-Z])", lambda m: "{" + NS[m.group(1)] + "}", path)


@functools.cache
def _steps(path: str) -> tuple[str, ...] | None:
    """The child tags of a plain path (no predicate), else None (``find`` handles it)."""
    if any(c in path for c in "[]@*.{") or "//" in path or path.startswith("/"):
        return None
    return tuple(_clark(step) for step in path.split("/"))


def _first(node: Element, path: str) -> Element | None:
    """What ``node.find(path)`` returns, walking first children (C iterators) when it can.

    The walk takes the first child at each step; only when that branch lacks
    the element does ``find`` search the others, so the result is the same.
    """
    steps = _steps(path)
    if steps is None:
        return node.find(_clark(path))
    el = node
    for tag in steps:
        child = next(el.iterchildren(tag), None)
        if child is None:
            return node.find(_clark(path)) if len(steps) > 1 else None
        el = child
    return el


def _text(node: Element | None, path: str) -> str | None:
    return None if node is None else _node_text(_first(node, path))


def _texts_by_lang(node: Element | None, path: str) -> dict[str, str]:
    """``languageID`` → text of every match (BT-21/BT-24 in all languages)."""
    out: dict[str, str] = {}
    for el in node.findall(_clark(path)) if node is not None else []:
        if el.text and el.text.strip():
            out.setdefault(lang2(el.get("languageID")), " ".join(el.text.split()))
    return out


def _amount(node: Element | None, path: str) -> tuple[float | None, str | None]:
    el = node.find(_clark(path)) if node is not None else None
    text = (el.text or "").strip() if el is not None else ""
    if el is None or not text:
        return None, None
    try:
        return float(text), el.get("currencyID")
    except ValueError:
        return None, None


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def parse_eforms(root: Element, path: str) -> ParsedNotice:
    """Read one eForms notice tree; raises :class:`NoticeError` when BT-701 is missing."""
    if etree.QName(root).localname == "BusinessRegistrationInformationNotice":
        raise NotANotice("business registration notice (X01/X02): no procurement to map")
    notice_id = _text(root, "cbc:ID[@schemeName='notice-id']") or _text(root, "cbc:ID")
    if not notice_id:
        raise NoticeRefused(
            path,
            "refused: BT-701 notice identifier (cbc:ID) is missing",
            root.sourceline if isinstance(root.sourceline, int) else None,
        )
    version = _text(root, "cbc:VersionID")
    type_el = root.find(_clark("cbc:NoticeTypeCode"))
    form = type_el.get("listName") if type_el is not None else None
    ext = root.find(_clark(_EXT))
    published = _date(_text(ext, "efac:Publication/efbc:PublicationDate"))
    notice = ParsedNotice(
        path=path,
        fmt="eforms",
        notice_id=f"{notice_id}-{version}" if version else notice_id,
        kind=_KIND.get(form or "", "other"),
        notice_type=type_el.text.strip() if type_el is not None and type_el.text else None,
        subtype=_text(ext, "efac:NoticeSubType/cbc:SubTypeCode"),
        published=published or _date(_text(root, "cbc:IssueDate")),
        language=_text(root, "cbc:NoticeLanguageCode"),
        procedure_id=_text(root, "cbc:ContractFolderID"),
        procedure_type=_text(root, "cac:TenderingProcess/cbc:ProcedureCode"),
        title=_texts_by_lang(root.find(_clark("cac:ProcurementProject")), "cbc:Name"),
    )
    if ext is not None and ext.find(_clark("efac:Changes")) is not None:
        notice.kind = "other"  # a change notice repeats the notice it changes
    notice.orgs = _orgs(ext)
    notice.buyers = _buyers(root)
    nature = _nature(root.find(_clark("cac:ProcurementProject")))
    notice.lots = [_lot(lot, root, nature) for lot in _lot_elements(root)]
    _results(ext, notice)
    notice.national = _national(root)
    _check(notice, type_el)
    return notice


def _check(notice: ParsedNotice, type_el: Element | None) -> None:
    """Rules whose breach is mapped with a warning (the SDK's INVALID_* cases)."""
    if type_el is None:
        notice.warnings.append("BT-02 notice type (cbc:NoticeTypeCode) is missing")
    if notice.published is None:
        notice.warnings.append("BT-05 issue date (cbc:IssueDate) is missing or not a date")
    if not notice.buyers:
        notice.warnings.append("BT-500 no buyer (cac:ContractingParty) is given")
    if not notice.lots:
        notice.warnings.append("BT-137 no lot (cac:ProcurementProjectLot) is given")
    for lot in notice.lots:
        if not lot.cpv:
            notice.warnings.append(f"BT-262 lot {lot.lot_id} has no main CPV code")
    known = set(notice.orgs)
    for buyer in notice.buyers:
        if buyer.org not in known:
            notice.warnings.append(f"OPT-300 buyer {buyer.org} is not among the organisations")


def _kids(node: Element | None) -> dict[object, Element]:
    """The first child per tag, from one pass over the children (what ``find`` of a
    one-step path returns); nine ``find`` calls per organisation cost three times more."""
    out: dict[object, Element] = {}
    if node is not None:
        for child in node:
            out.setdefault(child.tag, child)
    return out


def _child_text(node: Element | None, tag: str) -> str | None:
    """Stripped text of the first ``tag`` child of ``node`` (Clark notation), or None."""
    return None if node is None else _node_text(next(node.iterchildren(tag), None))


_CBC, _CAC = "{" + NS["cbc"] + "}", "{" + NS["cac"] + "}"


def _orgs(ext: Element | None) -> dict[str, ParsedOrg]:
    out: dict[str, ParsedOrg] = {}
    if ext is None:
        return out
    for company in ext.iterfind(_clark("efac:Organizations/efac:Organization/efac:Company")):
        kids = _kids(company)
        local = _child_text(kids.get(_CAC + "PartyIdentification"), _CBC + "ID")
        name = _child_text(kids.get(_CAC + "PartyName"), _CBC + "Name")
        if not local or not name:
            continue
        address = _kids(kids.get(_CAC + "PostalAddress"))
        out[local] = ParsedOrg(
            local_id=local,
            name=" ".join(name.split()),
            company_id=_child_text(kids.get(_CAC + "PartyLegalEntity"), _CBC + "CompanyID"),
            country=country3(
                _child_text(address.get(_CAC + "Country"), _CBC + "IdentificationCode")
            ),
            nuts=_node_text(address.get(_CBC + "CountrySubentityCode")),
            city=_node_text(address.get(_CBC + "CityName")),
            postcode=_node_text(address.get(_CBC + "PostalZone")),
            street=_node_text(address.get(_CBC + "StreetName")),
            size=_node_text(kids.get("{" + NS["efbc"] + "}CompanySizeCode")),
        )
    return out


def _node_text(el: Element | None) -> str | None:
    if el is None or el.text is None:
        return None
    return el.text.strip() or None


def _buyers(root: Element) -> list[ParsedBuyer]:
    out = []
    for party in root.findall(_clark("cac:ContractingParty")):
        org = _text(party, "cac:Party/cac:PartyIdentification/cbc:ID")
        if org:
            out.append(
                ParsedBuyer(
                    org,
                    _text(party, "cac:ContractingPartyType/cbc:PartyTypeCode"),
                    _text(party, "cac:ContractingActivity/cbc:ActivityTypeCode"),
                )
            )
    return out


def _lot_elements(root: Element) -> Iterable[Element]:
    for lot in root.findall(_clark("cac:ProcurementProjectLot")):
        id_el = lot.find(_clark("cbc:ID"))
        if id_el is not None and id_el.get("schemeName") in ("Lot", "Part", None):
            yield lot


def _nature(pp: Element | None) -> str | None:
    """BT-23 main nature (``works``, ``supplies``, ``services``) of a procurement project."""
    for el in pp.iterfind(_clark("cbc:ProcurementTypeCode")) if pp is not None else []:
        if el.get("listName") == "contract-nature" and el.text and el.text.strip():
            return el.text.strip()
    return None


def _lot(lot: Element, root: Element, nature: str | None = None) -> ParsedLot:
    """One lot; ``nature`` is the procedure's BT-23, used when the lot gives none."""
    pp = lot.find(_clark("cac:ProcurementProject"))
    parsed = ParsedLot(lot_id=_text(lot, "cbc:ID") or "LOT")
    parsed.contract_nature = _nature(pp) or nature
    parsed.titles = _texts_by_lang(pp, "cbc:Name")
    parsed.descriptions = _texts_by_lang(pp, "cbc:Description")
    main = _text(pp, "cac:MainCommodityClassification/cbc:ItemClassificationCode")
    if main is None:  # a lot without BT-262 inherits the procedure's CPV
        main = _text(
            root,
            "cac:ProcurementProject/cac:MainCommodityClassification/cbc:ItemClassificationCode",
        )
    more = [
        (el.text or "").strip()
        for el in (
            pp.findall(_clark("cac:AdditionalCommodityClassification/cbc:ItemClassificationCode"))
            if pp is not None
            else []
        )
    ]
    parsed.cpv = [c for c in dict.fromkeys([main or "", *more]) if len(c) == 8 and c.isdigit()]
    parsed.nuts = [
        (el.text or "").strip()
        for el in (
            pp.findall(_clark("cac:RealizedLocation/cac:Address/cbc:CountrySubentityCode"))
            if pp is not None
            else []
        )
        if (el.text or "").strip()
    ]
    parsed.estimated_value, parsed.currency = _amount(
        pp, "cac:RequestedTenderTotal/cbc:EstimatedOverallContractAmount"
    )
    parsed.flags = _flags(pp)
    return parsed


def _flags(pp: Element | None) -> dict[str, bool]:
    """BT-06, BT-774, BT-775, BT-776, BT-805 → innovative / green / social flags.

    BT-06 answers all three (``none`` = none of them); the detailed fields only
    ever add a True. A field the notice leaves out sets nothing.
    """
    codes: dict[str, set[str]] = {}
    for el in (
        pp.findall(_clark("cac:ProcurementAdditionalType/cbc:ProcurementTypeCode"))
        if (pp is not None)
        else []
    ):
        if el.get("listName") in _FLAG_LISTS and el.text:
            codes.setdefault(el.get("listName", ""), set()).add(el.text.strip())
    flags: dict[str, bool] = {}
    strategic = codes.get("strategic-procurement")
    if strategic:
        flags["innovative"] = "inn-pur" in strategic
        flags["green"] = "env-imp" in strategic
        flags["social"] = "soc-obj" in strategic
    if codes.get("environmental-impact"):
        flags["green"] = True
        if "circ-econ" in codes["environmental-impact"]:
            flags["circularEconomy"] = True
    if codes.get("gpp-criteria", set()) - {"none"}:
        flags["green"] = True
    if codes.get("social-objective"):
        flags["social"] = True
    if codes.get("innovative-acquisition"):
        flags["innovative"] = True
    return flags


def _results(ext: Element | None, notice: ParsedNotice) -> None:
    """Winners per lot: LotResult → LotTender/SettledContract → TenderingParty → Organization."""
    result = ext.find(_clark("efac:NoticeResult")) if ext is not None else None
    if result is None:
        return
    parties = {
        _text(tp, "cbc:ID"): [
            t.text.strip() for t in tp.findall(_clark("efac:Tenderer/cbc:ID")) if t.text
        ]
        for tp in result.findall(_clark("efac:TenderingParty"))
    }
    tenders = {
        _text(t, "cbc:ID"): (
            _text(t, "efac:TenderingParty/cbc:ID"),
            _amount(t, "cac:LegalMonetaryTotal/cbc:PayableAmount"),
        )
        for t in result.findall(_clark("efac:LotTender"))
    }
    contracts = {
        _text(c, "cbc:ID"): [
            x.text.strip() for x in c.findall(_clark("efac:LotTender/cbc:ID")) if x.text
        ]
        for c in result.findall(_clark("efac:SettledContract"))
    }
    lots = {lot.lot_id: lot for lot in notice.lots}
    for lot_result in result.findall(_clark("efac:LotResult")):
        lot_id = _text(lot_result, "efac:TenderLot/cbc:ID")
        lot = lots.get(lot_id or "")
        if lot is None and len(notice.lots) == 1:  # converted notices say "N/A"
            lot = notice.lots[0]
            notice.warnings.append(f"BT-13713 result lot {lot_id!r} unknown: read as {lot.lot_id}")
        if lot is None:
            notice.warnings.append(f"BT-13713 result lot {lot_id!r} is not a lot of the notice")
            continue
        _lot_result(lot_result, lot, parties, tenders, contracts)


def _lot_result(
    lot_result: Element,
    lot: ParsedLot,
    parties: dict[str | None, list[str]],
    tenders: dict[str | None, tuple[str | None, tuple[float | None, str | None]]],
    contracts: dict[str | None, list[str]],
) -> None:
    for stat in lot_result.findall(_clark("efac:ReceivedSubmissionsStatistics")):
        if _text(stat, "efbc:StatisticsCode") == "tenders":
            number = _text(stat, "efbc:StatisticsNumeric")
            if number and number.isdigit():
                lot.tenders_received = int(number)
    if _text(lot_result, "cbc:TenderResultCode") not in ("selec-w", None):
        return
    tender_ids = [
        t.text.strip() for t in lot_result.findall(_clark("efac:LotTender/cbc:ID")) if t.text
    ]
    for contract in lot_result.findall(_clark("efac:SettledContract/cbc:ID")):
        tender_ids += contracts.get((contract.text or "").strip(), [])
    total, currency = 0.0, None
    for tender_id in dict.fromkeys(tender_ids):
        party, (amount, cur) = tenders.get(tender_id, (None, (None, None)))
        for org in parties.get(party, []):
            if org not in lot.winners:
                lot.winners.append(org)
        if amount is not None:
            total, currency = total + amount, cur or currency
    if currency is not None or total:
        lot.awarded_value, lot.awarded_currency = total, currency


def _national(root: Element) -> list[str]:
    """Hilma's national extension (``hilma:NationalExtension``) leaves as ``Path=value``."""
    out = []
    for block in root.iter("{urn:hanselHilma:NationalNoticeExtension}NationalExtension"):
        for el in block.iter():
            if len(el) == 0 and el.text and el.text.strip():
                names: list[str] = []
                node: Element | None = el
                while node is not None and node is not block:
                    names.append(etree.QName(node).localname)
                    node = node.getparent()
                out.append(f"{'/'.join(reversed(names))}={el.text.strip()}")
    return out
