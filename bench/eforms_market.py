"""A synthetic market (:mod:`bench.market`) written as eForms result notices (UBL 2.3).

One contract award notice (subtype 29, ``can-standard``) per awarded lot, made
from the real eForms SDK example ``can_24_minimal.xml`` by replacing what a
Finnish notice of that lot would state, each value at the XPath the eForms SDK
gives for its business term:

* buyer (ORG-0001): BT-500 name, BT-501 Finnish business ID, BT-507 NUTS, country
  FIN, BT-11 legal type ``la``; a review body (ORG-0002) as the template has one;
* winner (ORG-0004): BT-500 name, BT-501 business ID, BT-507 NUTS and, where the
  market states it, BT-165 company size (``sme`` / ``large``);
* lot LOT-0001: BT-21 title (Finnish), BT-262 CPV, BT-5071 place (NUTS), BT-27
  estimated value, BT-06 strategic procurement (``inn-pur``, ``env-imp``, or
  ``none`` when the lot states neither; left out when the market states no flags);
* result: BT-720 awarded value (the tender's payable amount), OPT-320/OPT-300 the
  winner, BT-05 issue date = the lot's publication day.

Everything is synthetic (names such as "Toimittaja 12 Oy", business IDs with bodies
from 7000000 and 8000000 up, none of the bundled registry's); each file says so in an
XML comment. The IDs carry a valid check digit, so reconciliation merges a winner's
notices into one organisation by its ID, as it does for real Hilma notices.

    python -m bench.eforms_market out/ --lots 2000 --suppliers 200 --validate ../shared/data
"""

from __future__ import annotations

import argparse
import copy
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from lxml import etree

from bench.market import Market, generate
from graph.iris import lot_iri, notice_iri, org_iri
from graph.procurement import LotRecord, OrgRef
from ingest.notices.eforms import NS

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "data" / "notices" / "eforms-sdk" / "can_24_minimal.xml"
SCHEMA = "UBL-ContractAwardNotice-2.3.xsd"
EXTENSION = "ext:UBLExtensions/ext:UBLExtension/ext:ExtensionContent/efext:EformsExtension"
BUYER_IDS, SUPPLIER_IDS = 7_000_000, 8_000_000  # where the synthetic business IDs start
REVIEW_BODY = ("Markkinaoikeus (synteettinen)", "FI1B1")
NOTE = " Synthetic notice: written by bench/eforms_market.py from a bench.market market. "


def business_ids(start: int, count: int) -> list[str]:
    """``count`` distinct valid Finnish business IDs from body ``start`` upwards
    (bodies whose check digit would be 10 are skipped, as the register skips them).

    >>> business_ids(1_000_000, 2)
    ['1000000-5', '1000001-3']
    """
    out: list[str] = []
    body = start
    while len(out) < count:
        digits = f"{body:07d}"
        rem = sum(int(d) * w for d, w in zip(digits, (7, 9, 10, 5, 8, 4, 2), strict=True)) % 11
        if rem != 1:
            out.append(f"{digits}-{0 if rem == 0 else 11 - rem}")
        body += 1
    return out


@dataclass(frozen=True)
class Identities:
    """Who is who in the notices: market organisation IRI → business ID."""

    business_id: dict[str, str]

    @classmethod
    def of(cls, market: Market) -> Identities:
        buyers = business_ids(BUYER_IDS, len(market.buyers))
        suppliers = business_ids(SUPPLIER_IDS, len(market.suppliers))
        ids = {o.iri: b for o, b in zip(market.buyers, buyers, strict=True)}
        ids.update({o.iri: b for o, b in zip(market.suppliers, suppliers, strict=True)})
        return cls(ids)

    def graph_iri(self, market_iri: str) -> str:
        """The IRI the ingested graph gives the organisation (by its business ID)."""
        return org_iri(business_id=self.business_id[market_iri])


def notice_uuid(seed: int, i: int) -> str:
    """BT-701 of the market's ``i``-th lot: UUIDs that sort as the lots do, so a date
    tie breaks the same way in the market and in the ingested graph."""
    return str(uuid.UUID(int=(seed << 64) | i))


def ingested_lot(seed: int, i: int) -> str:
    """The IRI the ingested graph gives the market's ``i``-th lot (BT-701 + BT-757)."""
    return lot_iri(notice_iri(f"{notice_uuid(seed, i)}-01"), "LOT-0001")


def _q(name: str) -> str:
    prefix, local = name.split(":")
    return f"{{{NS[prefix]}}}{local}"


def _one(node: etree._Element, path: str) -> etree._Element:
    found = node.find(path, NS)
    assert found is not None, path
    return found


def _set(node: etree._Element, path: str, text: str) -> None:
    _one(node, path).text = text


def _drop(node: etree._Element, path: str) -> None:
    for el in node.findall(path, NS):
        parent = el.getparent()
        assert parent is not None
        parent.remove(el)


def _sub(
    parent: etree._Element, name: str, text: str | None = None, **attrs: str
) -> etree._Element:
    el = etree.SubElement(parent, _q(name), attrs)
    if text is not None:
        el.text = text
    return el


@cache
def _template() -> etree._ElementTree:
    parser = etree.XMLParser(remove_comments=True, remove_blank_text=True)
    return etree.parse(str(TEMPLATE), parser)


def nature(cpv: str) -> str:
    """BT-23 main nature from the CPV division: 45 works, below supplies, above services."""
    division = int(cpv[:2])
    return "works" if division == 45 else "supplies" if division < 45 else "services"


def _org(company: etree._Element, ref: OrgRef, business_id: str, size: str | None) -> None:
    """Fill one ``efac:Company`` of the template with a Finnish organisation."""
    _drop(company, "efbc:CompanySizeCode")
    if size:
        code = etree.Element(_q("efbc:CompanySizeCode"), listName="economic-operator-size")
        code.text = size
        company.insert(0, code)
    _set(company, "cac:PartyName/cbc:Name", ref.label)
    _one(company, "cac:PartyName/cbc:Name").set("languageID", "FIN")
    address = _one(company, "cac:PostalAddress")
    _set(address, "cbc:CityName", "Suomi")
    _set(address, "cbc:PostalZone", "00100")
    _set(address, "cbc:CountrySubentityCode", ref.nuts or "FI1B1")
    _set(address, "cac:Country/cbc:IdentificationCode", "FIN")
    _set(company, "cac:PartyLegalEntity/cbc:CompanyID", business_id)
    _drop(company, "cac:Contact")


def _project(pp: etree._Element, rec: LotRecord, lot_level: bool) -> None:
    """Title, nature, flags (lot only), estimate (lot only), CPV and place of a
    ``cac:ProcurementProject`` (the schema's element order kept)."""
    _set(pp, "cbc:Name", rec.titles["fi"])
    _one(pp, "cbc:Name").set("languageID", "FIN")
    _drop(pp, "cbc:Description")
    _set(pp, "cbc:ProcurementTypeCode", nature(rec.cpv[0]))
    main = _one(pp, "cac:MainCommodityClassification")
    _set(main, "cbc:ItemClassificationCode", rec.cpv[0])
    at = list(pp).index(main)
    if lot_level:
        extra = []
        if rec.flags:
            codes = [c for c, on in (("inn-pur", rec.flags.get("innovative")),
                                     ("env-imp", rec.flags.get("green"))) if on]  # fmt: skip
            for code in codes or ["none"]:
                kind = etree.Element(_q("cac:ProcurementAdditionalType"))
                _sub(kind, "cbc:ProcurementTypeCode", code, listName="strategic-procurement")
                extra.append(kind)
        if rec.estimated_value:
            total = etree.Element(_q("cac:RequestedTenderTotal"))
            _sub(total, "cbc:EstimatedOverallContractAmount", f"{rec.estimated_value:.2f}",
                 currencyID="EUR")  # fmt: skip
            extra.append(total)
        for offset, el in enumerate(extra):
            pp.insert(at + offset, el)
    place = _one(pp, "cac:RealizedLocation/cac:Address")
    _set(place, "cbc:CountrySubentityCode", rec.nuts[0] if rec.nuts else "FI")
    _set(place, "cac:Country/cbc:IdentificationCode", "FIN")


def notice_xml(rec: LotRecord, ids: Identities, sizes: dict[str, str], seed: int, i: int) -> bytes:
    """One eForms contract award notice for the awarded lot ``rec`` (its ``i``-th lot)."""
    assert rec.published is not None and rec.winners and rec.buyers and rec.cpv
    root = copy.deepcopy(_template().getroot())
    root.insert(0, etree.Comment(NOTE))
    day = rec.published.isoformat()
    buyer, winner = rec.buyers[0], rec.winners[0]
    notice_id = notice_uuid(seed, i)
    _set(root, "cbc:ID", notice_id)
    _set(root, "cbc:ContractFolderID", str(uuid.uuid5(uuid.NAMESPACE_URL, notice_id)))
    _set(root, "cbc:IssueDate", day + "+02:00")
    _set(root, "cbc:IssueTime", "12:00:00+02:00")
    _set(root, "cbc:NoticeLanguageCode", "FIN")
    _set(root, "cac:ContractingParty/cac:ContractingPartyType/cbc:PartyTypeCode",
         buyer.kind or "la")  # fmt: skip
    _set(root, "cac:ContractingParty/cac:ContractingActivity/cbc:ActivityTypeCode", "gen-pub")
    _project(_one(root, "cac:ProcurementProject"), rec, lot_level=False)
    lot = _one(root, "cac:ProcurementProjectLot")
    _set(lot, "cbc:ID", "LOT-0001")
    terms = _one(lot, "cac:TenderingTerms")
    _set(terms, "cbc:FundingProgramCode", "no-eu-funds")
    criterion = _one(terms, "cac:AwardingTerms/cac:AwardingCriterion")
    _set(criterion, "cbc:CalculationExpression", "Kokonaistaloudellinen edullisuus.")
    _one(criterion, "cbc:CalculationExpression").set("languageID", "FIN")
    _set(criterion, "cac:SubordinateAwardingCriterion/cbc:Description", "Hinta 100 %.")
    _one(criterion, "cac:SubordinateAwardingCriterion/cbc:Description").set("languageID", "FIN")
    _set(terms, "cac:AppealTerms/cac:PresentationPeriod/cbc:Description",
         "Valitus markkinaoikeuteen 14 päivän kuluessa.")  # fmt: skip
    _one(terms, "cac:AppealTerms/cac:PresentationPeriod/cbc:Description").set("languageID", "FIN")
    _project(_one(lot, "cac:ProcurementProject"), rec, lot_level=True)
    _set(root, "cac:TenderResult/cbc:AwardDate", day + "+02:00")
    ext = _one(
        root, "ext:UBLExtensions/ext:UBLExtension/ext:ExtensionContent/efext:EformsExtension"
    )
    _result(_one(ext, "efac:NoticeResult"), rec, day)
    companies = ext.findall("efac:Organizations/efac:Organization/efac:Company", NS)
    _org(companies[0], buyer, ids.business_id[buyer.iri], None)
    review = OrgRef("", REVIEW_BODY[0], nuts=REVIEW_BODY[1])
    _org(companies[1], review, business_ids(6_000_000, 1)[0], None)
    _org(companies[2], winner, ids.business_id[winner.iri], sizes.get(winner.iri))
    _drop(ext, "efac:Organizations/efac:Organization/efac:UltimateBeneficialOwner")
    _drop(ext, "efac:Organizations/efac:Organization/efbc:ListedOnRegulatedMarketIndicator")
    _drop(ext, "efac:Organizations/efac:UltimateBeneficialOwner")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _result(result: etree._Element, rec: LotRecord, day: str) -> None:
    """BT-720 awarded value and the winning tender of LOT-0001."""
    amount = f"{rec.awarded_value or rec.estimated_value or 0:.2f}"
    _set(result, "cbc:TotalAmount", amount)
    lot_result = _one(result, "efac:LotResult")
    _set(lot_result, "cbc:HigherTenderAmount", amount)
    _set(lot_result, "cbc:LowerTenderAmount", amount)
    _set(lot_result, "efac:TenderLot/cbc:ID", "LOT-0001")
    tender = _one(result, "efac:LotTender")
    _set(tender, "cac:LegalMonetaryTotal/cbc:PayableAmount", amount)
    _set(tender, "efac:TenderLot/cbc:ID", "LOT-0001")
    _set(tender, "efac:TenderReference/cbc:ID", "TARJOUS-1")
    contract = _one(result, "efac:SettledContract")
    _set(contract, "cbc:IssueDate", day + "+02:00")
    _set(contract, "efac:ContractReference/cbc:ID", "SOPIMUS-1")


def write_notices(
    market: Market, records: Iterable[tuple[int, LotRecord]], folder: Path, seed: int
) -> int:
    """Write one notice per ``(position in the market, record)`` into ``folder``;
    returns the number of files."""
    folder.mkdir(parents=True, exist_ok=True)
    ids = Identities.of(market)
    n = 0
    for i, rec in records:
        (folder / f"lot-{i:07d}.xml").write_bytes(notice_xml(rec, ids, market.sizes, seed, i))
        n += 1
    return n


def schema_path(shared_data: Path) -> Path:
    """The eForms SDK's ContractAwardNotice XSD below the shared data folder."""
    return shared_data / "eforms-sdk" / "schemas" / "maindoc" / SCHEMA


def validate(files: Sequence[Path], shared_data: Path) -> list[str]:
    """Each file checked against the eForms SDK XSD: ``path:line: message`` per error."""
    path = schema_path(shared_data)
    if not path.is_file():
        raise FileNotFoundError(f"{path}: the eForms SDK schemas are not there")
    schema = etree.XMLSchema(etree.parse(str(path)))
    problems = []
    for f in files:
        if not schema.validate(etree.parse(str(f))):
            problems += [f"{f}:{e.line}: {e.message}" for e in list(schema.error_log)]  # type: ignore[call-overload]
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--suppliers", type=int, default=200)
    parser.add_argument("--lots", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--validate", type=Path, metavar="SHARED_DATA",
                        help="check each file against the eForms SDK XSD of this data folder "
                        "(e.g. ../shared/data)")  # fmt: skip
    args = parser.parse_args()
    market = generate(args.suppliers, args.lots, seed=args.seed)
    n = write_notices(market, enumerate(market.records), args.folder, args.seed)
    print(f"{n:,} synthetic eForms result notices in {args.folder} (seed {args.seed})")
    if args.validate:
        problems = validate(sorted(args.folder.glob("*.xml")), args.validate)
        print(f"XSD ({SCHEMA}): {len(problems)} problem(s)", *problems[:10], sep="\n")


if __name__ == "__main__":
    main()
