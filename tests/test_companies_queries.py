"""The company and funding named queries join notices, links and funding as one organisation.

The bundled notices have no winner that Business Finland funded, so the demo answers
(``queries/*.expected.csv``) show only empty funding. Here a notice (synthetic, for
this test) is won under a name that ``kg:links`` ties to a real funded company of the
bundled funding file, whose business ID the registry states as well: the funding
must reach the winner through the ``owl:sameAs`` twin, and count once.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from graph.iris import GRAPH_BASE, ID_BASE, org_iri
from graph.namespaces import KEINO
from graph.queries import QueryCatalogue
from graph.rdf import a, lit, triple
from graph.results import run_named
from graph.store import Store
from ingest import funding

EPO = "http://data.europa.eu/a4g/ontology#"
OWL_SAME_AS = "http://www.w3.org/2002/07/owl#sameAs"
CATALOGUE = QueryCatalogue()
# A real row pair of data/funding/funding-awarded-subset.csv (0.7 design Oy, 2655941-9):
# 2015 grant 27 600 €, 2016 grant 1 530 €.
FUNDING_ROWS = (
    "Organisaatio,Y-tunnus,Myöntämisvuosi,Avustus €,Laina €,EAKR-rahoitus €,"
    "Tutkimusrahoitus €,Yhteensä €\n"
    "0.7 design Oy,2655941-9,2015,27 600,0,0,0,27 600\n"
    "0.7 design Oy,2655941-9,2016,1 530,0,0,0,1 530\n"
)
COMPANY = org_iri(business_id="2655941-9")
AS_NAMED = org_iri(name="0.7 design Oy")  # how a notice without the ID names it
BUYER = org_iri(business_id="0988084-1")
NOTICE = ID_BASE + "notice/test-0001-01"
LOT = NOTICE + "/lot/LOT-0001"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    """Funding ingested from the file, a registry fact, one notice and one sameAs link."""
    folder: Path = tmp_path_factory.mktemp("funding")
    (folder / "funding.csv").write_text(FUNDING_ROWS, encoding="utf-8")
    s = Store()
    assert funding.ingest(s, [folder / "funding.csv"]).ok
    s.replace_graph(
        GRAPH_BASE + "companies",
        [triple(COMPANY, str(KEINO.businessId), lit("2655941-9"))],
        source="t",
        inputs=[],
    )
    buyer_role, winner_role = NOTICE + "/role/buyer", NOTICE + "/role/winner"
    tender = NOTICE + "/tender/TEN-0001"
    s.replace_graph(
        GRAPH_BASE + "notices/test",
        [
            a(NOTICE, EPO + "ResultNotice"),
            triple(NOTICE, EPO + "refersToLot", LOT),
            triple(NOTICE, EPO + "refersToRole", buyer_role),
            triple(NOTICE, EPO + "hasPublicationDate", lit(dt.date(2015, 6, 1))),
            a(buyer_role, EPO + "Buyer"),
            triple(buyer_role, EPO + "playedBy", BUYER),
            triple(BUYER, EPO + "hasLegalName", lit("Hansel Oy")),
            a(LOT, EPO + "Lot"),
            triple(LOT, str(KEINO.innovative), lit(True)),
            triple(tender, EPO + "concernsLot", LOT),
            triple(tender, EPO + "indicatesAwardToWinner", winner_role),
            a(winner_role, EPO + "Winner"),
            triple(winner_role, EPO + "playedBy", AS_NAMED),
            triple(AS_NAMED, EPO + "hasLegalName", lit("0.7 design Oy")),
        ],
        source="t",
        inputs=[],
    )
    s.replace_graph(
        GRAPH_BASE + "links",
        [triple(AS_NAMED, OWL_SAME_AS, COMPANY), triple(COMPANY, OWL_SAME_AS, AS_NAMED)],
        source="t",
        inputs=[],
    )
    return s


def _rows(store: Store, name: str, **params: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = run_named(store, CATALOGUE.get(name), params).rows
    return rows


def test_a_winner_known_by_name_gets_its_twins_funding_year_by_year(store: Store) -> None:
    rows = _rows(store, "notice-winners-funding-history")
    assert [(r["winner"], r["businessId"], r["year"], r["amount"]) for r in rows] == [
        (AS_NAMED, "2655941-9", 2015, 27600),
        (AS_NAMED, "2655941-9", 2016, 1530),
    ]


def test_the_buyers_supplier_shows_its_funding_once(store: Store) -> None:
    (row,) = _rows(store, "buyer-suppliers-rd-funding", buyer=BUYER)
    assert (row["supplier"], row["businessId"], row["lots"]) == (AS_NAMED, "2655941-9", 1)
    assert (row["funding"], row["research"], row["fundedYears"]) == (27600 + 1530, 0, 2)


def test_the_innovative_lot_winner_has_its_funding_up_to_the_notice_year(store: Store) -> None:
    (row,) = _rows(store, "innovative-lot-winners-rd-funding")
    assert (row["lot"], row["winner"], row["published"]) == (LOT, AS_NAMED, "2015-06-01")
    assert (row["funding"], row["fundingUntilNotice"]) == (27600 + 1530, 27600)
