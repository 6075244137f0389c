"""``keino ingest documents``: the seed documents as RDF, each fact citing its sentence."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.store import Store
from ingest import documents, ecosystem, registry

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "data" / "documents"
PREFIXES = """
PREFIX keino: <https://w3id.org/keino/ontology#>
PREFIX kid: <https://w3id.org/keino/id/>
PREFIX orgfi: <https://w3id.org/keino/id/org/name/fi/>
PREFIX prog: <https://w3id.org/keino/id/programme/>
PREFIX doc: <https://w3id.org/keino/id/document/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX schema: <https://schema.org/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""


@pytest.fixture(scope="module")
def store() -> Store:
    store = Store()
    assert registry.ingest(store).ok and ecosystem.ingest(store).ok
    report = documents.ingest(
        store, [SEEDS / "000_d1188fd971ce4dd9.txt", SEEDS / "004_131e57731311c652.txt"]
    )
    assert report.ok, [str(p) for p in report.problems()]
    return store


def ask(store: Store, body: str) -> bool:
    return bool(
        store.query(
            PREFIXES + "ASK { GRAPH <https://w3id.org/keino/graph/documents> {" + body + "} }"
        )
    )


def test_strategic_partnership_cites_sentence_and_date(store: Store) -> None:
    assert ask(
        store,
        """
        orgfi:suomen-kuntaliitto keino:strategicPartnerOf orgfi:keino-osaamiskeskus .
        ?c a keino:Citation ; rdf:subject orgfi:suomen-kuntaliitto ;
           rdf:predicate keino:strategicPartnerOf ;
           prov:wasDerivedFrom doc:000-d1188fd971ce4dd9 ;
           keino:quote ?q ; keino:charStart ?s ; keino:charEnd ?e ;
           schema:startDate "2022-03"^^xsd:gYearMonth .
        FILTER(STRSTARTS(?q, "Maaliskuussa 2022 alkaneella toimintakaudella"))
    """,
    )


def test_citation_offsets_point_at_the_quote(store: Store) -> None:
    text = (SEEDS / "000_d1188fd971ce4dd9.txt").read_text(encoding="utf-8")
    rows = list(
        store.query(
            PREFIXES
            + """
        SELECT ?q ?s ?e WHERE { ?c rdf:predicate org:memberOf ; rdf:subject orgfi:motiva-oy ;
                                   keino:quote ?q ; keino:charStart ?s ; keino:charEnd ?e }"""
        )
    )
    assert rows
    quote, start, end = rows[0]["q"].value, int(rows[0]["s"].value), int(rows[0]["e"].value)
    assert text[start:end] == quote


def test_mentions_link_to_ecosystem_entities(store: Store) -> None:
    for entity in (
        "programme/innovaatio-akatemia",
        "org/name/fi/maanmittauslaitos",
        "municipality/853",
    ):
        assert ask(
            store,
            f"doc:004-131e57731311c652 schema:mentions <https://w3id.org/keino/id/{entity}> .",
        )


def test_participants_are_dated(store: Store) -> None:
    assert ask(
        store,
        """
        orgfi:valtori keino:participatesIn prog:innovaatio-akatemia .
        ?c rdf:subject orgfi:valtori ; schema:startDate "2021-10-19"^^xsd:date .
    """,
    )


def test_bad_file_is_named_and_the_graph_kept(store: Store, tmp_path: Path) -> None:
    before = store.count(documents.GRAPH)
    bad = tmp_path / "rikki.txt"
    bad.write_bytes(b"KEINO \xff")
    report = documents.ingest(store, [SEEDS / "000_d1188fd971ce4dd9.txt", bad])
    assert not report.ok
    assert any(str(bad) in str(p) and "UTF-8" in str(p) for p in report.problems())
    assert store.count(documents.GRAPH) == before


def test_demo_graph_has_the_seed_documents(demo_store: Store) -> None:
    rows = list(
        demo_store.query(
            PREFIXES
            + """
        SELECT DISTINCT ?doc WHERE { ?doc a keino:SourceDocument ; schema:mentions ?e }"""
        )
    )
    docs = {row["doc"].value.rsplit("/", 1)[-1] for row in rows}
    assert {"000-d1188fd971ce4dd9", "004-131e57731311c652", "003-d6b029a7c027d4ea"} <= docs
