"""Cross-checks on the real notices in ../shared/data (skipped when it is absent):
TED's own RDF output for three F03 award notices holds the same buyer, lot, CPV,
winner, procedure-type, contract-nature and tenders-received facts as our graph;
every shared notice maps or is refused with a reason.

TED's 2021 output is written in the ePO terms of its mapping suite (e.g.
``epo:concernsSubmissionsForLot``); our graph holds the same facts in ePO 4.2
terms (``epo:summarisesInformationForAwardOutcome/epo:concernsLot``). :data:`FACTS`
states each fact once per side, so the check reads as the term-by-term
correspondence between the two."""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib

from graph.procurement import notice_iri
from graph.store import Store
from ingest.notices import ingest, notice_files
from ingest.notices.detect import parse_file

PIPELINE = "ted-rdf-conversion-pipeline/tests/test_data/package_F03_demo"
IDS = ["000163-2021", "002705-2021", "006737-2021"]
PREFIXES = """PREFIX epo: <http://data.europa.eu/a4g/ontology#>
PREFIX dct: <http://purl.org/dc/terms/>
"""
#: fact → (TED's query over its output, ours over our graph in ePO 4.2 terms);
#: ``{n}`` is our notice IRI. Each returns the values of ``?v``.
FACTS = {
    "buyers": (
        "?r a epo:Buyer ; epo:playedBy/epo:hasLegalName ?v",
        "{n} epo:announcesRole ?r . ?r a epo:Buyer ; epo:playedBy/epo:hasLegalName ?v",
    ),
    "winners": (
        "?r a epo:Winner ; epo:playedBy/epo:hasLegalName ?v",
        "{n} epo:refersToLot ?l . ?o epo:concernsLot ?l ;"
        " epo:indicatesAwardToWinner/epo:playedBy/epo:hasLegalName ?v",
    ),
    "cpv": (
        "?p epo:hasMainClassification ?v",
        "{n} epo:refersToLot/epo:hasPurpose/epo:hasMainClassification ?v",
    ),
    "procedure type": (
        "?p epo:hasProcedureType ?v",
        "{n} epo:refersToProcedure/epo:hasProcedureType ?v",
    ),
    "contract nature": (
        "?p epo:hasContractNatureType ?v",
        "{n} epo:refersToLot/epo:foreseesContractSpecificTerm/epo:hasContractNatureType ?v",
    ),
    "tenders received": (
        "?s epo:concernsSubmissionsForLot ?l ; epo:hasReceivedTenders ?v",
        "{n} epo:refersToLot ?l . ?s epo:summarisesInformationForAwardOutcome/epo:concernsLot ?l ;"
        " epo:hasReceivedTenders ?v",
    ),
}


def _norm(value: str) -> str:
    """Names compared without case and spacing, codes by their last IRI step."""
    return " ".join(value.rsplit("/", 1)[-1].split()).casefold()


def _official(ttl: Path) -> dict[str, set[str]]:
    """Each fact's values in TED's output, and its lot count."""
    g = rdflib.Graph().parse(ttl, format="turtle")
    out = {
        fact: {_norm(str(row[0])) for row in g.query(PREFIXES + f"SELECT ?v {{ {ted} }}")}  # type: ignore[index]
        for fact, (ted, _) in FACTS.items()
    }
    lots = set(g.subjects(rdflib.RDF.type, rdflib.URIRef("http://data.europa.eu/a4g/ontology#Lot")))
    return {**out, "lots": {str(len(lots))}}


def _ours(store: Store, notice: str) -> dict[str, set[str]]:
    """Each fact's values in our graph, read in ePO 4.2 terms, and the lot count."""
    n = f"<{notice}>"
    out = {
        fact: {
            _norm(row["v"].value)
            for row in store.query(PREFIXES + f"SELECT ?v {{ {ours.format(n=n)} }}")
        }
        for fact, (_, ours) in FACTS.items()
    }
    lots = store.query(
        PREFIXES + f"SELECT (COUNT(DISTINCT ?l) AS ?c) {{ {n} epo:announcesLot ?l }}"
    )
    return {**out, "lots": {next(iter(lots))["c"].value}}


@pytest.mark.parametrize("notice_id", IDS)
def test_same_facts_as_the_official_epo_output(shared_data: Path, notice_id: str) -> None:
    xml = shared_data / PIPELINE / "test_data" / "form_number_F03" / f"{notice_id}.xml"
    store = Store()
    assert ingest(store, [xml]).ok
    ours = _ours(store, notice_iri(parse_file(xml).notice_id))
    official = _official(shared_data / PIPELINE / "output" / notice_id / f"{notice_id}.ttl")
    assert official["buyers"] and official["buyers"] <= ours["buyers"]
    for fact in ("winners", "procedure type", "contract nature", "tenders received", "lots"):
        assert official[fact] and official[fact] == ours[fact], fact
    assert official["cpv"] <= ours["cpv"]


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
