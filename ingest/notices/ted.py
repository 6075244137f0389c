"""TED XML R2.0.9 notices (``TED_EXPORT`` and eSender ``TED_ESENDERS``) → :class:`ParsedNotice`.

Only the form in the original language is read (``FORM_SECTION/*[@LG = LG_ORIG]``,
or the ``CATEGORY="ORIGINAL"`` one); TED's machine translations are ignored.
Paths use ``{*}`` so the publication and reception namespaces both work.
"""

from __future__ import annotations

import datetime as dt

from lxml import etree

from ingest.notices.model import (
    NoticeError,
    ParsedBuyer,
    ParsedLot,
    ParsedNotice,
    ParsedOrg,
    country3,
)

Element = etree._Element
ROOTS = {"TED_EXPORT", "TED_ESENDERS"}
_LANG_2_TO_3 = {
    "BG": "BUL", "CS": "CES", "DA": "DAN", "DE": "DEU", "EL": "ELL", "EN": "ENG",
    "ET": "EST", "FI": "FIN", "FR": "FRA", "GA": "GLE", "HR": "HRV", "HU": "HUN",
    "IT": "ITA", "LV": "LAV", "LT": "LIT", "MT": "MLT", "NL": "NLD", "PL": "POL",
    "PT": "POR", "RO": "RON", "SK": "SLK", "SL": "SLV", "ES": "SPA", "SV": "SWE",
}  # fmt: skip
# TED CA_TYPE / CA_ACTIVITY values → the eForms codes BT-11 / BT-10 use.
_LEGAL_TYPE = {
    "MINISTRY": "cga",
    "NATIONAL_AGENCY": "cga",
    "REGIONAL_AUTHORITY": "ra",
    "REGIONAL_AGENCY": "ra",
    "BODY_PUBLIC": "body-pl",
    "EU_INSTITUTION": "eu-ins-bod-ag",
}
_ACTIVITY = {
    "GENERAL_PUBLIC_SERVICES": "gen-pub",
    "DEFENCE": "defence",
    "PUBLIC_ORDER_AND_SAFETY": "pub-os",
    "ENVIRONMENT": "env-pro",
    "ECONOMIC_AND_FINANCIAL_AFFAIRS": "econ-aff",
    "HEALTH": "health",
    "HOUSING_AND_COMMUNITY_AMENITIES": "hc-am",
    "SOCIAL_PROTECTION": "soc-pro",
    "RECREATION_CULTURE_AND_RELIGION": "rcr",
    "EDUCATION": "education",
}
# PROCEDURE/PT_* → the eForms procurement-procedure-type code (BT-105).
_PROCEDURE_TYPE = {
    "PT_OPEN": "open",
    "PT_RESTRICTED": "restricted",
    "PT_COMPETITIVE_NEGOTIATION": "neg-w-call",
    "PT_NEGOTIATED_WITH_PRIOR_CALL": "neg-w-call",
    "PT_COMPETITIVE_DIALOGUE": "comp-dial",
    "PT_INNOVATION_PARTNERSHIP": "innovation",
    "PT_AWARD_CONTRACT_WITHOUT_CALL": "neg-wo-call",
    "PT_NEGOTIATED_WITHOUT_PUBLICATION": "neg-wo-call",
}
# Standard forms whose eForms notice type (BT-02) is fixed by the form alone;
# F01/F04 (PIN or call for competition) and F21-F23 (social) depend on content.
_NOTICE_TYPE = {
    "F02": "cn-standard",
    "F03": "can-standard",
    "F05": "cn-standard",
    "F06": "can-standard",
    "F12": "cn-desg",
    "F13": "can-desg",
    "F15": "veat",
    "F20": "can-modif",
    "F24": "cn-standard",
    "F25": "can-standard",
}
# TYPE_CONTRACT/@CTYPE → contract-nature code (BT-23).
_NATURE = {"WORKS": "works", "SUPPLIES": "supplies", "SERVICES": "services"}
_PLANNING = {"F01", "F04", "F08", "F16"}
_OTHER = {"F14", "F20"}


def _t(node: Element | None, path: str) -> str | None:
    """Text of the first match, paragraphs (``P``) joined, whitespace collapsed."""
    el = node.find(path) if node is not None else None
    if el is None:
        return None
    text = " ".join(" ".join(str(t) for t in el.itertext()).split())
    return text or None


def _attr(node: Element | None, path: str, name: str) -> str | None:
    el = node.find(path) if node is not None else None
    return el.get(name) if el is not None else None


def _nuts(code: str | None) -> str | None:
    """A NUTS code, or None for TED's "00" (outside NUTS) and other non-codes.

    >>> _nuts("FI1B1"), _nuts("00"), _nuts(None)
    ('FI1B1', None, None)
    """
    return code if code and code[:2].isalpha() else None


def _amount(node: Element | None, path: str) -> tuple[float | None, str | None]:
    el = node.find(path) if node is not None else None
    text = (el.text or "").strip() if el is not None else ""
    if el is None or not text:
        return None, None
    try:
        return float(text.replace(" ", "")), el.get("CURRENCY")
    except ValueError:
        return None, None


def _form(root: Element, lang_orig: str | None) -> Element | None:
    forms = [el for el in root.findall("{*}FORM_SECTION/*") if isinstance(el.tag, str)]
    for el in forms:
        if el.get("CATEGORY") == "ORIGINAL" or (lang_orig and el.get("LG") == lang_orig):
            return el
    return forms[0] if forms else None


def parse_ted(root: Element, path: str, fallback_id: str | None = None) -> ParsedNotice:
    """Read one TED XML notice tree (any R2.0.9 form; F02/F03 fully).

    An eSender file not yet published has no notice number: ``fallback_id``
    (file stem and content hash) names it, with a warning.
    """
    coded = root.find("{*}CODED_DATA_SECTION")
    lang_orig = _t(coded, "{*}NOTICE_DATA/{*}LG_ORIG")
    form = _form(root, lang_orig)
    if form is None:
        raise NoticeError(path, "TED XML without FORM_SECTION form", _line(root))
    form_name = etree.QName(form).localname.split("_")[0]  # F03_2014 → F03
    notice_id = (
        _t(coded, "{*}NOTICE_DATA/{*}NO_DOC_OJS")
        or root.get("DOC_ID")
        or _t(root, "{*}SENDER/{*}IDENTIFICATION/{*}NO_DOC_EXT")
    )
    unnumbered = not notice_id
    notice_id = notice_id or fallback_id
    if not notice_id:
        raise NoticeError(path, "no notice number (NO_DOC_OJS, DOC_ID or NO_DOC_EXT)", 1)
    published = _t(coded, "{*}REF_OJS/{*}DATE_PUB") or _t(
        root, "{*}SENDER/{*}DATE_EXPECTED_PUBLICATION"
    )
    lang = form.get("LG") or lang_orig
    has_award = form.find("{*}AWARD_CONTRACT") is not None
    notice = ParsedNotice(
        path=path,
        fmt="ted",
        notice_id=notice_id,
        kind="result"
        if has_award or form_name in {"F03", "F06", "F13", "F15", "F25"}
        else "planning"
        if form_name in _PLANNING
        else "other"
        if form_name in _OTHER
        else "competition",
        notice_type=_NOTICE_TYPE.get(form_name),
        subtype=form_name,
        published=_ymd(published),
        language=_LANG_2_TO_3.get((lang or "").upper()),
        procedure_id=_t(form, "{*}OBJECT_CONTRACT/{*}REFERENCE_NUMBER") or notice_id,
        procedure_type=_procedure_type(form),
    )
    if unnumbered:
        notice.warnings.append(f"no notice number (NO_DOC_OJS): identified as {notice_id}")
    _buyers(form, notice)
    _lots(form, notice, lang)
    _awards(form, notice)
    if not notice.lots:
        notice.warnings.append("OBJECT_CONTRACT gives no lot")
    return notice


def _procedure_type(form: Element) -> str | None:
    """The eForms procedure type of ``PROCEDURE/PT_*``, or None when the form has none.

    >>> _procedure_type(etree.fromstring("<F02><PROCEDURE><PT_OPEN/></PROCEDURE></F02>"))
    'open'
    """
    procedure = form.find("{*}PROCEDURE")
    for el in procedure if procedure is not None else []:
        if isinstance(el.tag, str) and etree.QName(el).localname in _PROCEDURE_TYPE:
            return _PROCEDURE_TYPE[etree.QName(el).localname]
    return None


def _ymd(value: str | None) -> dt.date | None:
    if not value:
        return None
    digits = value.replace("-", "")[:8]
    try:
        return dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return None


def _org(address: Element, local: str) -> ParsedOrg | None:
    name = _t(address, "{*}OFFICIALNAME")
    if not name:
        return None
    return ParsedOrg(
        local_id=local,
        name=name,
        company_id=_t(address, "{*}NATIONALID"),
        country=country3(_attr(address, "{*}COUNTRY", "VALUE")),
        nuts=_nuts(_attr(address, "{*}NUTS", "CODE")),
        city=_t(address, "{*}TOWN"),
        postcode=_t(address, "{*}POSTAL_CODE"),
        street=_t(address, "{*}ADDRESS"),
    )


def _buyers(form: Element, notice: ParsedNotice) -> None:
    body = form.find("{*}CONTRACTING_BODY")
    if body is None:
        notice.warnings.append("CONTRACTING_BODY is missing")
        return
    legal = _LEGAL_TYPE.get(_attr(body, "{*}CA_TYPE", "VALUE") or "")
    activity = _ACTIVITY.get(_attr(body, "{*}CA_ACTIVITY", "VALUE") or "")
    addresses = body.findall("{*}ADDRESS_CONTRACTING_BODY") + body.findall(
        "{*}ADDRESS_CONTRACTING_BODY_ADDITIONAL"
    )
    for i, address in enumerate(addresses, start=1):
        org = _org(address, f"BUYER-{i}")
        if org is not None:
            notice.orgs[org.local_id] = org
            notice.buyers.append(ParsedBuyer(org.local_id, legal, activity))


def _lots(form: Element, notice: ParsedNotice, lang: str | None) -> None:
    contract = form.find("{*}OBJECT_CONTRACT")
    if contract is None:
        return
    tag = (lang or "").lower()
    title = _t(contract, "{*}TITLE")
    if title:
        notice.title[tag] = title
    main = _attr(contract, "{*}CPV_MAIN/{*}CPV_CODE", "CODE")
    nature = _NATURE.get(_attr(contract, "{*}TYPE_CONTRACT", "CTYPE") or "")
    total, currency = _amount(contract, "{*}VAL_ESTIMATED_TOTAL")
    descrs = contract.findall("{*}OBJECT_DESCR")
    for i, descr in enumerate(descrs, start=1):
        lot_no = _t(descr, "{*}LOT_NO")
        lot = ParsedLot(lot_id=f"LOT-{lot_no}" if lot_no else f"LOT-{descr.get('ITEM') or i}")
        lot.contract_nature = nature
        lot_title = _t(descr, "{*}TITLE") or title
        if lot_title:
            lot.titles[tag] = lot_title
        text = _t(descr, "{*}SHORT_DESCR") or _t(contract, "{*}SHORT_DESCR")
        if text:
            lot.descriptions[tag] = text
        own_main = _attr(descr, "{*}CPV_MAIN/{*}CPV_CODE", "CODE")
        extra = [el.get("CODE") or "" for el in descr.findall("{*}CPV_ADDITIONAL/{*}CPV_CODE")]
        lot.cpv = [c for c in dict.fromkeys([own_main or main or "", *extra]) if len(c) == 8]
        lot.nuts = [c for el in descr.findall("{*}NUTS") if (c := _nuts(el.get("CODE")))]
        lot.estimated_value, lot.currency = _amount(descr, "{*}VAL_OBJECT")
        if lot.estimated_value is None and len(descrs) == 1:
            lot.estimated_value, lot.currency = total, currency
        notice.lots.append(lot)


def _awards(form: Element, notice: ParsedNotice) -> None:
    """AWARD_CONTRACT → winners (CONTRACTOR), awarded value (VAL_TOTAL), tenders received.

    Several contracts awarded in one lot add up, except under a framework agreement
    (PROCEDURE/FRAMEWORK): there each award repeats the value of the whole framework
    lot (its ceiling) for one more contractor, so the lot's value is the largest one
    stated, not their sum.
    """
    framework = form.find("{*}PROCEDURE/{*}FRAMEWORK") is not None
    by_no = {lot.lot_id: lot for lot in notice.lots}
    for n, award in enumerate(form.findall("{*}AWARD_CONTRACT"), start=1):
        done = award.find("{*}AWARDED_CONTRACT")
        if done is None:
            continue
        lot_no = _t(award, "{*}LOT_NO")
        lot = by_no.get(f"LOT-{lot_no}") if lot_no else None
        if lot is None and len(notice.lots) == 1:
            lot = notice.lots[0]
        if lot is None:
            lot = ParsedLot(lot_id=f"LOT-{lot_no or n}")
            lot.cpv = list(notice.lots[0].cpv[:1]) if notice.lots else []
            lot.contract_nature = notice.lots[0].contract_nature if notice.lots else None
            notice.lots.append(lot)
            by_no[lot.lot_id] = lot
        received = _t(done, "{*}TENDERS/{*}NB_TENDERS_RECEIVED")
        if received and received.isdigit():
            lot.tenders_received = (lot.tenders_received or 0) + int(received)
        for m, contractor in enumerate(done.iter("{*}CONTRACTOR"), start=1):
            address = contractor.find("{*}ADDRESS_CONTRACTOR")
            org = _org(address, f"WINNER-{n}-{m}") if address is not None else None
            if org is None:
                continue
            org.size = "sme" if contractor.find("{*}SME") is not None else None
            notice.orgs[org.local_id] = org
            lot.winners.append(org.local_id)
        value, currency = _amount(done, "{*}VALUES/{*}VAL_TOTAL")
        if value is not None:
            before = lot.awarded_value or 0.0
            lot.awarded_value = max(before, value) if framework else before + value
            lot.awarded_currency = currency


def _line(el: Element) -> int | None:
    line = el.sourceline
    return line if isinstance(line, int) else None
