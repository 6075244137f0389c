"""Notice mapping, in the style of TED's mapping suites: one ASK per mapped field
on real notices (minimal, maximal, multilingual, 100 lots; TED XML F02/F03; Hilma),
every bundled example mapped or refused with a reason, bad files refused whole."""

from __future__ import annotations

import gc
import re
from pathlib import Path

import pytest
from lxml import etree
from typer.testing import CliRunner

from graph.iris import graph_iri
from graph.procurement import lot_records, notice_iri, open_needs
from graph.queries import QueryCatalogue
from graph.results import run_named
from graph.store import Store
from ingest.notices import ingest, notice_files
from ingest.notices.detect import parse_file
from ingest.notices.eforms import NS
from ingest.notices.model import ParsedOrg
from ingest.notices.reconcile import Reconciler

ROOT = Path(__file__).resolve().parents[1]
NOTICES = ROOT / "data" / "notices"
SDK = NOTICES / "eforms-sdk"
AUTHORITY = "http://publications.europa.eu/resource/authority/"
BAD = Path(__file__).parent / "data" / "notices" / "malformed.xml"
PREFIXES = """PREFIX epo: <http://data.europa.eu/a4g/ontology#>
PREFIX keino: <https://w3id.org/keino/ontology#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX cpv: <http://data.europa.eu/cpv/cpv/>
PREFIX nuts: <http://data.europa.eu/nuts/code/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX locn: <http://www.w3.org/ns/locn#>
PREFIX cv: <http://data.europa.eu/m8g/>
"""


@pytest.fixture(scope="module")
def store() -> Store:
    """Every bundled notice in one store (the demo's notices step)."""
    s = Store()
    report = ingest(s, [NOTICES], batch="test")
    assert report.ok, [str(p) for p in report.problems()]
    return s


def _notice(path: Path) -> str:
    return notice_iri(parse_file(path).notice_id)


def _ask(store: Store, body: str, **iris: str) -> bool:
    body = re.sub(r"\bat:([\w-]+)/([\w-]+)", rf"<{AUTHORITY}\1/\2>", body)
    text = PREFIXES + "ASK { " + body.format(**{k: f"<{v}>" for k, v in iris.items()}) + " }"
    return bool(store.query(text))


MINIMAL_CAN = [  # can_24_minimal.xml: Rouen Habitat awards LOT-0000 to Espaces Verts Lemire
    "{n} a epo:ResultNotice ; epo:hasNoticeType at:notice-type/can-standard",
    '{n} epo:hasPublicationDate "2019-10-23"^^xsd:date',
    "{n} epo:hasOfficialLanguage at:language/FRA",
    '{n} epo:refersToProcedure/dct:identifier "022d0ef9-6338-42d9-afa4-a87709128061"',
    '{n} epo:refersToRole ?b . ?b a epo:Buyer ; epo:playedBy/epo:hasLegalName "Rouen Habitat"',
    "?b a epo:Buyer ; epo:hasBuyerLegalType at:buyer-legal-type/pub-undert-la",
    "?b a epo:Buyer ; epo:hasMainActivity at:main-activity/hc-am",
    '?o epo:hasLegalName "Rouen Habitat" ; cv:registeredAddress ?a . '
    "?a epo:hasNutsCode nuts:FRD22 ; epo:hasCountryCode at:country/FRA ; "
    'locn:postName "Rouen Cedex 1"',
    '?o epo:hasLegalName "Rouen Habitat" ; dct:identifier "123 456 789"',
    '{n} epo:refersToLot ?l . ?l dct:identifier "LOT-0000" ; dct:title "Agence centre"@fr',
    "{n} epo:refersToLot/epo:hasPurpose/epo:hasMainClassification cpv:77310000",
    "{n} epo:refersToLot/epo:foreseesContractSpecificTerm/"
    "epo:definesSpecificPlaceOfPerformance/epo:hasNutsCode nuts:FRD22",
    "{n} epo:refersToLot/epo:foreseesContractSpecificTerm/epo:hasContractNatureType "
    "at:contract-nature/services",
    "{n} epo:refersToProcedure/epo:hasProcedureType at:procurement-procedure-type/open",
    "{n} epo:announcesProcedure ?p ; epo:announcesLot ?l ; epo:announcesRole ?b . ?b a epo:Buyer",
    "?out epo:concernsLot ?l ; epo:indicatesAwardToWinner/epo:playedBy ?w . "
    '{n} epo:refersToLot ?l . ?w epo:hasLegalName "Espaces Verts Lemire"',
    '?w epo:hasLegalName "Espaces Verts Lemire" ; epo:hasBusinessSize '
    "at:economic-operator-size/micro",
    '?out epo:concernsLot ?l ; epo:hasAwardedValue/epo:hasAmountValue "95414.0"^^xsd:decimal .'
    " {n} epo:refersToLot ?l",
    "?s epo:summarisesInformationForAwardOutcome/epo:concernsLot ?l ; epo:hasReceivedTenders 3 ."
    " {n} epo:refersToLot ?l",
    "?l prov:wasDerivedFrom {n} . {n} prov:hadPrimarySource ?src",
    "?org keino:reconciliation ?r . ?r prov:wasDerivedFrom {n} ; keino:reconciliationMethod "
    '"name-country" ; keino:sourceName "Rouen Habitat"',
    'dct:title keino:sourceField "BT-21"',
]


@pytest.mark.parametrize("ask", MINIMAL_CAN)
def test_minimal_award_notice_field(store: Store, ask: str) -> None:
    assert _ask(store, ask, n=_notice(SDK / "can_24_minimal.xml")), ask


MAXIMAL_CAN = [  # can_24_maximal.xml: two lots, strategic flags, three winners of LOT-0001
    "{n} epo:refersToLot ?l . ?l dct:identifier 'LOT-0001' ; keino:innovative true ; "
    "keino:green true ; keino:social true",
    "{n} epo:refersToLot/epo:hasPurpose/epo:hasAdditionalClassification cpv:33185200",
    '{n} epo:refersToLot/epo:hasEstimatedValue ?v . ?v epo:hasAmountValue "9999999.99"^^xsd:decimal'
    " ; epo:hasCurrency at:currency/EUR",
    "{n} epo:refersToLot ?l . ?l dct:identifier 'LOT-0001' ."
    " ?s epo:summarisesInformationForAwardOutcome/epo:concernsLot ?l ;"
    " epo:hasReceivedTenders 9",
]


@pytest.mark.parametrize("ask", MAXIMAL_CAN)
def test_maximal_award_notice_field(store: Store, ask: str) -> None:
    assert _ask(store, ask, n=_notice(SDK / "can_24_maximal.xml")), ask


def test_maximal_notice_winners_match_the_tendering_parties(store: Store) -> None:
    """Winners of LOT-0001 = organisations of the tendering parties of its winning tenders."""
    n = _notice(SDK / "can_24_maximal.xml")
    lot = next(r for r in lot_records(store, kinds=["result"]) if r.lot == f"{n}/lot/LOT-0001")
    root = etree.parse(str(SDK / "can_24_maximal.xml")).getroot()
    names = {
        c.findtext("cac:PartyIdentification/cbc:ID", namespaces=NS): c.findtext(
            "cac:PartyName/cbc:Name", namespaces=NS
        )
        for c in root.iterfind(".//efac:Organization/efac:Company", NS)
    }
    assert len(lot.winners) == 3
    assert {w.label for w in lot.winners} <= set(names.values())
    assert lot.awarded_value is not None and lot.awarded_value > 0


def test_multilingual_titles_in_every_language(store: Store) -> None:
    path = SDK / "cn_24_multilingual.xml"
    root = etree.parse(str(path)).getroot()
    langs = {
        el.get("languageID")
        for el in root.iterfind("cac:ProcurementProjectLot/cac:ProcurementProject/cbc:Name", NS)
    }
    n = _notice(path)
    (record,) = [r for r in lot_records(store) if r.notice == n]
    assert len(langs) >= 20
    assert len(record.titles) == len(langs) == len(record.descriptions)
    assert record.titles["fi"].startswith("julkaisutoimiston")
    assert _ask(store, '?l a epo:Lot ; dct:title ?t FILTER(LANG(?t) = "sv")')


def test_hundred_lots_all_mapped(store: Store) -> None:
    path = SDK / "cn_24_maximal_100_lots.xml"
    root = etree.parse(str(path)).getroot()
    expected = {el.text for el in root.iterfind("cac:ProcurementProjectLot/cbc:ID", NS) if el.text}
    n = _notice(path)
    records = [r for r in lot_records(store) if r.notice == n]
    assert len(expected) == 100
    assert {r.lot.rsplit("/", 1)[-1] for r in records} == expected
    assert all(r.cpv and r.notice_kind == "competition" for r in records)


def test_ted_xml_award_notice(store: Store) -> None:
    """TED XML F03 (002705-2021): buyers, CPV and winner through the same shape."""
    n = notice_iri("2021/S 002-002705")
    assert _ask(store, "{n} a epo:ResultNotice ; epo:refersToLot/epo:hasPurpose/"
                "epo:hasMainClassification cpv:09310000", n=n)  # fmt: skip
    records = [r for r in lot_records(store) if r.notice == n]
    assert records and all(r.winners for r in records)
    assert any("Tauron" in w.label for r in records for w in r.winners)
    assert len(records[0].buyers) > 10  # the joint procurement's many buyers


def test_ted_xml_contract_notice_is_an_open_need(store: Store) -> None:
    needs = {r.notice for r in open_needs(store)}
    assert notice_iri("2018/S 080-178087") in needs  # ECHA, Helsinki (F02)
    assert notice_iri("2021/S 002-002705") not in needs


def test_hilma_buyer_is_one_node_across_notices(store: Store) -> None:
    hilma = notice_files([NOTICES / "hilma"])
    rows = store.query(
        PREFIXES + "SELECT DISTINCT ?org WHERE { ?b a epo:Buyer ; epo:playedBy ?org . "
        "?n epo:refersToRole ?b . ?org keino:businessId '0988084-1' }"
    )
    assert len(hilma) == 3
    assert [r["org"].value for r in rows] == ["https://w3id.org/keino/id/org/fi/0988084-1"]
    assert _ask(store, '?n keino:hilmaStatistic "ProcurementProject/'
                'IsEUApplicableConstraintIndicator=false"')  # fmt: skip


def test_every_bundled_notice_is_mapped_or_refused_with_a_reason() -> None:
    files = notice_files([NOTICES])
    report = ingest(Store(), [NOTICES])
    counts = report.counts()
    assert counts["read"] == len(files) and counts["failed"] == 0
    assert counts["mapped"] >= len(files) - 12
    skipped = [p for p in report.problems() if p.kind == "skipped"]
    assert all(p.reason for p in skipped)
    assert all("BT-701" in p.reason or "registration" in p.reason for p in skipped), [
        str(p) for p in skipped
    ]


def test_award_query_gives_buyer_cpv_and_winners(store: Store) -> None:
    query = QueryCatalogue().get("award-notice-buyers-lots-winners")
    ids = store.query(
        PREFIXES + "SELECT DISTINCT ?id WHERE { ?n a epo:ResultNotice ; dct:identifier ?id ;"
        " epo:refersToLot ?l . ?o epo:concernsLot ?l ; epo:indicatesAwardToWinner ?w }"
    )
    identifiers = [row["id"].value for row in ids]
    assert len(identifiers) > 20
    for identifier in identifiers:
        rows = run_named(store, query, {"notice": identifier}).rows
        assert any(r.get("buyerName") and r.get("cpv") and r.get("winnerName") for r in rows), (
            identifier
        )


def test_bad_file_fails_with_line_and_keeps_the_previous_graph(tmp_path: Path) -> None:
    from keino.cli import app

    store_dir = tmp_path / "store"
    good = NOTICES / "hilma"
    runner = CliRunner()
    first = runner.invoke(app, ["--store", str(store_dir), "ingest", "notices", str(good),
                                "--batch", "b"])  # fmt: skip
    assert first.exit_code == 0, first.output
    args = [str(BAD), str(SDK / "can_24_minimal.xml"), "--batch", "b"]
    second = runner.invoke(app, ["--store", str(store_dir), "ingest", "notices", *args])
    assert second.exit_code == 1
    assert "malformed.xml:3" in second.output and "refused" in second.output
    del first, second  # a result keeps the command's frames, and so its open store
    gc.collect()
    store = Store(store_dir)
    records = list(lot_records(store))
    assert records and {r.notice for r in records} == {_notice(p) for p in notice_files([good])}
    assert store.has_graph(graph_iri("notices", "b"))


def test_reconciliation_by_business_id_then_by_name() -> None:
    """The Y-tunnus in any written form is one node; a later mention without the ID
    joins it by name + country (0.9); a foreign register number never counts as one."""
    hansel = [
        ParsedOrg("ORG-1", "Hansel Oy", "0988084-1", "FIN"),
        ParsedOrg("ORG-2", "Hansel Oy", "FI09880841", "FIN"),
    ]
    reconciler = Reconciler()
    reconciler.learn(hansel)
    resolved = [reconciler.resolve(o) for o in hansel]
    assert {r.iri for r in resolved} == {"https://w3id.org/keino/id/org/fi/0988084-1"}
    assert {(r.method, r.confidence) for r in resolved} == {("business-id", 1.0)}
    by_name = reconciler.resolve(ParsedOrg("ORG-9", "HANSEL OY", None, "FIN"))
    assert (by_name.iri, by_name.method, by_name.confidence) == (
        resolved[0].iri,
        "name-country-id",
        0.9,
    )
    foreign = reconciler.resolve(ParsedOrg("ORG-3", "Rouen Habitat", "0988084-1", "FRA"))
    assert foreign.business_id is None and foreign.method == "name-country"


def test_finnish_notices_and_the_ted_json_record(store: Store) -> None:
    """The Finnish TED notices (one as a search-API JSON record) give Finnish buyers with
    normalised business IDs; Salon kaupunki in two notices is one node."""
    rows = store.query(
        PREFIXES + "SELECT DISTINCT ?org ?n WHERE { ?n epo:refersToRole ?b . ?b a epo:Buyer ;"
        " epo:playedBy ?org . ?org keino:businessId '0139533-1' }"
    )
    found = {(r["org"].value, r["n"].value) for r in rows}
    assert {org for org, _ in found} == {"https://w3id.org/keino/id/org/fi/0139533-1"}
    assert len({n for _, n in found}) == 2
    json_notice = _notice(NOTICES / "ted-finland" / "eform-622690-2023.json")
    lots = [r for r in lot_records(store) if r.notice == json_notice]
    assert len(lots) == 4
    assert all(r.cpv[0] == "92610000" and "FI1C1" in r.nuts for r in lots)
    assert {b.business_id for r in lots for b in r.buyers} == {"0139533-1"}


def test_every_nuts_code_in_the_demo_notices_is_a_real_nuts_code(demo_store: Store) -> None:
    rows = demo_store.query(
        """SELECT DISTINCT ?code WHERE { GRAPH ?g { ?x ?p ?code }
           FILTER(STRSTARTS(STR(?g), "https://w3id.org/keino/graph/notices/"))
           FILTER(STRSTARTS(STR(?code), "http://data.europa.eu/nuts/code/")) }"""
    )
    codes = [row["code"].value.rsplit("/", 1)[-1] for row in rows]
    assert codes, "the demo notices name places"
    # TED's "00" (outside NUTS) is not a place; UK codes predate NUTS 2024 but are real
    assert [c for c in codes if not re.fullmatch(r"[A-Z]{2}[0-9A-Z]{0,3}", c)] == []
