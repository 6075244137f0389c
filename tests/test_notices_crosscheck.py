"""Cross-checks on the real notices in ../shared/data (skipped when it is absent):
TED's own ePO RDF output for three F03 award notices holds the same buyer, lot,
CPV and winner facts as our graph; every shared notice maps or is refused with a reason."""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib

from graph.procurement import LotRecord, lot_records, notice_iri
from graph.store import Store
from ingest.notices import ingest, notice_files
from ingest.notices.detect import parse_file

PIPELINE = "ted-rdf-conversion-pipeline/tests/test_data/package_F03_demo"
EPO = "http://data.europa.eu/a4g/ontology#"
IDS = ["000163-2021", "002705-2021", "006737-2021"]


def _norm(name: str) -> str:
    return " ".join(name.split()).casefold()


def _official(ttl: Path) -> dict[str, set[str]]:
    """Buyer names, winner names, main CPV codes and lot count in TED's ePO output."""
    g = rdflib.Graph().parse(ttl, format="turtle")

    def names(role: str) -> set[str]:
        q = f"SELECT ?n WHERE {{ ?r a <{EPO}{role}> ; <{EPO}playedBy>/<{EPO}hasLegalName> ?n }}"
        return {_norm(str(row[0])) for row in g.query(q)}  # type: ignore[index]

    cpv = {
        str(o).rsplit("/", 1)[-1]
        for o in g.objects(None, rdflib.URIRef(EPO + "hasMainClassification"))
    }
    lots = set(g.subjects(rdflib.RDF.type, rdflib.URIRef(EPO + "Lot")))
    return {"buyers": names("Buyer"), "winners": names("Winner"), "cpv": cpv,
            "lots": {str(len(lots))}}  # fmt: skip


def _ours(records: list[LotRecord]) -> dict[str, set[str]]:
    return {
        "buyers": {_norm(b.label) for r in records for b in r.buyers},
        "winners": {_norm(w.label) for r in records for w in r.winners},
        "cpv": {c for r in records for c in r.cpv},
        "lots": {str(len(records))},
    }


@pytest.mark.parametrize("notice_id", IDS)
def test_same_facts_as_the_official_epo_output(shared_data: Path, notice_id: str) -> None:
    xml = shared_data / PIPELINE / "test_data" / "form_number_F03" / f"{notice_id}.xml"
    store = Store()
    assert ingest(store, [xml]).ok
    iri = notice_iri(parse_file(xml).notice_id)
    ours = _ours([r for r in lot_records(store) if r.notice == iri])
    official = _official(shared_data / PIPELINE / "output" / notice_id / f"{notice_id}.ttl")
    assert official["buyers"] and official["buyers"] <= ours["buyers"]
    assert official["winners"] == ours["winners"]
    assert official["cpv"] <= ours["cpv"]
    assert official["lots"] == ours["lots"]


def test_every_shared_notice_maps_or_is_refused_with_a_reason(shared_data: Path) -> None:
    folders = [
        shared_data / "eforms-sdk" / "examples" / "notices",
        shared_data / "ted-xml-data-converter" / "development-notices",
        shared_data / "ted-rdf-conversion-pipeline" / "tests" / "test_data",
        shared_data / "hilma-sdk" / "examples",
        shared_data / "hilma-migration",
    ]
    files = notice_files(folders)
    report = ingest(Store(), folders, batch="shared")
    counts = report.counts()
    assert counts["read"] == len(files) > 240
    assert counts["failed"] == 0, [str(p) for p in report.problems() if p.kind == "failed"]
    assert all(p.reason for p in report.problems())
    assert counts["mapped"] >= len(files) - 12


def test_converted_twin_gives_the_same_winners(shared_data: Path) -> None:
    """A TED XML award notice and its eForms conversion name the same winners and CPV."""
    base = shared_data / "ted-xml-data-converter" / "development-notices"
    pairs = [(base / "ted-xml" / f.name, f) for f in sorted((base / "eforms-xml").glob("*.xml"))]
    compared = 0
    for ted_file, eforms_file in pairs:
        if not ted_file.is_file():
            continue
        ted, ef = parse_file(ted_file), parse_file(eforms_file)
        ted_winners = {_norm(ted.orgs[w].name) for lot in ted.lots for w in lot.winners}
        ef_winners = {_norm(ef.orgs[w].name) for lot in ef.lots for w in lot.winners}
        if ted.kind == "result" and ted_winners:
            assert ted_winners == ef_winners, ted_file.name
            assert {c for lot in ted.lots for c in lot.cpv[:1]} & {
                c for lot in ef.lots for c in lot.cpv
            }, ted_file.name
            compared += 1
    assert compared >= 5
