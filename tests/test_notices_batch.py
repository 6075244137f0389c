"""Parsing notices in worker processes gives the same graph and report as one process,
including organisations reconciled by a business ID that another notice gives."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from graph.iris import org_iri
from graph.rdf import iri
from graph.store import Store
from ingest.notices import ingest
from ingest.notices.eforms import NS

NOTICES = Path(__file__).resolve().parents[1] / "data" / "notices"
MINIMAL_CAN = NOTICES / "eforms-sdk" / "can_24_minimal.xml"


def _graph(store: Store, graph: str) -> set[str]:
    return {str(t) for t in store.triples(graph)}


def test_worker_processes_give_the_same_graph_and_report() -> None:
    serial, pooled = Store(), Store()
    one = ingest(serial, [NOTICES], batch="b", workers=1)
    two = ingest(pooled, [NOTICES], batch="b", workers=2)
    assert one.graph == two.graph and one.ok and two.ok
    assert one.counts() == two.counts()
    assert [str(p) for p in one.problems()] == [str(p) for p in two.problems()]
    assert _graph(serial, one.graph) == _graph(pooled, two.graph)
    assert one.triple_count == two.triple_count > 10_000


def _variant(folder: Path, name: str, notice_id: str, company_id: str | None) -> None:
    """The minimal award notice, its buyer renamed 'Keino Testi Oy' (Finnish), with or
    without a business ID."""
    root = etree.fromstring(MINIMAL_CAN.read_bytes())
    root.find("cbc:ID", NS).text = notice_id
    company = root.find(".//efac:Organization/efac:Company", NS)
    company.find("cac:PartyName/cbc:Name", NS).text = "Keino Testi Oy"
    company.find("cac:PostalAddress/cac:Country/cbc:IdentificationCode", NS).text = "FIN"
    cid = company.find("cac:PartyLegalEntity/cbc:CompanyID", NS)
    cid.text = company_id or "not an id"
    (folder / name).write_bytes(etree.tostring(root))


def test_workers_reconcile_a_name_by_an_id_from_another_notice(tmp_path: Path) -> None:
    # The notice without an ID comes first, so its worker cannot know the ID yet.
    _variant(tmp_path, "a.xml", "11111111-1111-4111-8111-111111111111", None)
    _variant(tmp_path, "b.xml", "22222222-2222-4222-8222-222222222222", "0988084-1")
    for workers in (1, 2):
        store = Store()
        report = ingest(store, [tmp_path], batch="r", workers=workers)
        assert report.ok and report.n_mapped == 2
        rows = store.query(
            "PREFIX keino: <https://w3id.org/keino/ontology#>\n"
            "SELECT ?org ?name ?method WHERE { ?org keino:reconciliation ?r ."
            " ?r keino:reconciliationMethod ?method ; keino:sourceName ?name }",
            substitutions={"org": iri(org_iri(business_id="0988084-1"))},
        )
        methods = sorted(row["method"].value for row in rows)
        assert methods == ["business-id", "name-country-id"], workers


def test_a_file_id_used_twice_is_renamed_in_workers_too(tmp_path: Path) -> None:
    _variant(tmp_path, "a.xml", "33333333-3333-4333-8333-333333333333", "0988084-1")
    _variant(tmp_path, "b.xml", "33333333-3333-4333-8333-333333333333", None)
    report = ingest(Store(), [tmp_path], batch="d", workers=2)
    assert report.n_mapped == 2
    assert any("is also used by" in str(p) for p in report.problems())
