"""The procurement contract: LotRecord → triples → store → LotRecord is lossless."""

from __future__ import annotations

import datetime as dt

import pytest

from graph.iris import graph_iri, org_iri
from graph.procurement import LotRecord, OrgRef, lot_records, open_needs, record_triples
from graph.store import Store

HANSEL = OrgRef(org_iri(business_id="0988084-1"), "Hansel Oy", "0988084-1", "FI1B1", "cga")
SALO = OrgRef(org_iri(business_id="0139533-1"), "Salon kaupunki", "0139533-1", "FI1C1", "la")
WINNER = OrgRef(org_iri(name="Testiyritys Oy", country="FI"), "Testiyritys Oy")
NOTICE = "https://w3id.org/keino/id/notice/n1"


def _record(i: int = 1, **changes: object) -> LotRecord:
    base = LotRecord(
        lot=f"{NOTICE}/lot/LOT-{i:04d}",
        notice=NOTICE,
        published=dt.date(2024, 3, 1),
        titles={"en": "Cleaning", "fi": "Siivouspalvelut", "sv": "Städtjänster"},
        descriptions={"fi": "Toimitilojen siivous"},
        cpv=("90910000", "90911200", "90919200"),
        nuts=("FI1B1", "FI1C1"),
        buyers=(SALO, HANSEL),  # canonical order: by IRI
        estimated_value=125000.5,
        currency="EUR",
        notice_kind="competition",
        flags={"green": True, "innovative": False, "social": True},
    )
    return LotRecord(**{**base.__dict__, **changes})  # type: ignore[arg-type]


def _load(records: list[LotRecord]) -> Store:
    store = Store()
    triples = [t for r in records for t in record_triples(r)]
    store.replace_graph(graph_iri("notices", "t"), triples, source="t", inputs=[])
    return store


def test_round_trip_gives_the_same_records() -> None:
    awarded = _record(
        2,
        notice="https://w3id.org/keino/id/notice/n2",
        lot="https://w3id.org/keino/id/notice/n2/lot/LOT-0002",
        winners=(WINNER,),
        awarded_value=99000.0,
        tenders_received=4,
        notice_kind="result",
        flags={"lowCarbon": True},
        buyers=(HANSEL,),
    )
    records = [_record(1), awarded, _record(3, cpv=("45000000",), nuts=(), flags={})]
    store = _load(records)
    assert list(lot_records(store)) == sorted(records, key=lambda r: r.lot)


def test_kinds_filter_and_open_needs() -> None:
    planning = _record(1, notice_kind="planning", winners=())
    result = _record(
        2,
        notice="https://w3id.org/keino/id/notice/n2",
        lot="https://w3id.org/keino/id/notice/n2/lot/LOT-0002",
        notice_kind="result",
        winners=(WINNER,),
    )
    store = _load([planning, result])
    assert [r.lot for r in lot_records(store, kinds=["result"])] == [result.lot]
    assert [r.lot for r in open_needs(store)] == [planning.lot]


def test_one_buyer_in_many_notices_is_one_node() -> None:
    records = [
        _record(
            1,
            notice=f"https://w3id.org/keino/id/notice/n{i}",
            lot=f"https://w3id.org/keino/id/notice/n{i}/lot/LOT-0001",
        )
        for i in range(10)
    ]
    store = _load(records)
    answer = store.query(
        "SELECT (COUNT(DISTINCT ?org) AS ?n) WHERE { ?r a <http://data.europa.eu/a4g/ontology#Buyer>"
        " ; <http://data.europa.eu/a4g/ontology#playedBy> ?org }"
    )
    assert int(next(iter(answer))["n"].value) == 2


def test_unknown_notice_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="notice_kind"):
        record_triples(_record(notice_kind="award"))


def test_reading_many_lots_gives_each_lot_once_with_its_notice() -> None:
    records = [
        _record(
            i,
            notice=f"https://w3id.org/keino/id/notice/n{i // 5}",
            lot=f"https://w3id.org/keino/id/notice/n{i // 5}/lot/LOT-{i:05d}",
        )
        for i in range(5000)
    ]
    store = Store()
    store.load_triples(graph_iri("notices", "t"), (t for r in records for t in record_triples(r)))
    read = list(lot_records(store))  # its speed is measured in bench/indicators.py
    assert len(read) == len({r.lot for r in read}) == 5000
    assert {r.notice for r in read} == {r.notice for r in records}
