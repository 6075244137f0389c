"""The company registry (ingest/companies.py) and TOL 2008 (ingest/tol.py) into kg:companies."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from graph.companies import company_profile
from graph.iris import org_iri
from graph.matching.registry import company_records
from graph.resources import resource_dir
from graph.results import select
from graph.store import Store
from ingest import companies, registry, tol

BUNDLED = resource_dir("data") / "companies"
V3 = BUNDLED / "ytj-v3-companies-31.json"
CSV = BUNDLED / "tampere-funded-companies.csv"


@pytest.fixture(scope="module")
def store() -> Store:
    s = Store()
    report = companies.ingest(s, [CSV, V3])
    assert report.ok, [str(p) for p in report.problems()]
    return s


def test_v3_company_keeps_names_history_form_status_and_municipality(store: Store) -> None:
    profile = company_profile(store, org_iri(business_id="2655941-9"))
    assert profile is not None
    assert profile.name == "0.7 design Oy"
    assert profile.tol is not None and profile.tol.code == "70220"
    assert set(profile.tol.labels) == {"fi", "sv", "en"}
    assert profile.tol_broader == ("7022", "702", "70", "M")
    assert profile.form is not None and profile.form.labels["fi"] == "Osakeyhtiö"
    assert profile.municipality == "https://w3id.org/keino/id/municipality/322"  # Kemiö
    assert profile.registered == "2014-11-24"  # the business ID's registration
    assert {n.kind for n in profile.names} >= {"name"}


def test_ceased_company_has_its_end_date_and_status_label(store: Store) -> None:
    profile = company_profile(store, org_iri(business_id="2996949-9"))
    assert profile is not None
    assert profile.ended == "2023-06-30"
    assert profile.status is not None and profile.status.labels["en"] == "Ceased"
    # a former name with its dates, not only the current one
    spans = {(n.name, n.start, n.end) for n in profile.names}
    assert ("! Aalto Avustajat Oy", "2020-01-24", "2021-01-07") in spans


def test_every_csv_row_is_one_organisation_with_its_tol_line(store: Store) -> None:
    rows = list(csv.DictReader(CSV.open(encoding="utf-8")))
    found = {
        r["bid"]: r["code"]
        for r in select(
            store,
            """PREFIX keino: <https://w3id.org/keino/ontology#>
            PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
            SELECT ?bid ?code WHERE { ?o keino:businessId ?bid .
              OPTIONAL { ?o keino:mainBusinessLine/skos:notation ?code } }""",
        ).rows
    }
    for row in rows:
        assert found[row["businessId"]] == (row["mainBusinessLineType"] or None)


def test_no_municipality_is_guessed_from_a_postcode(tmp_path: Path) -> None:
    path = tmp_path / "extract.csv"
    path.write_text("businessId,name,postCode\n0108863-0,Solenis Finland Oy,33330\n")
    s = Store()
    assert companies.ingest(s, [path]).ok
    profile = company_profile(s, org_iri(business_id="0108863-0"))
    assert profile is not None and profile.municipality is None
    assert profile.postcode == "33330"


def test_the_tampere_extract_companies_reach_pirkanmaa_through_their_municipality() -> None:
    s = Store()
    assert registry.ingest(s).ok
    assert companies.ingest(s, [CSV, V3]).ok
    only_csv = set(r["businessId"] for r in csv.DictReader(CSV.open(encoding="utf-8")))
    only_csv -= json.loads(V3.read_text()).keys()
    nuts = {r.iri: r.nuts for r in company_records(s)}
    # a potential match candidate shows its region: Tampere is in Pirkanmaa (NUTS 2024 FI19B)
    assert {nuts[org_iri(business_id=bid)] for bid in only_csv} == {"FI19B"}
    profile = company_profile(s, org_iri(business_id="0108863-0"))
    assert profile is not None
    assert profile.municipality == "https://w3id.org/keino/id/municipality/837"


def test_a_bad_municipality_code_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "extract.csv"
    path.write_text("businessId,municipalityCode\n0108863-0,Tampere\n")
    report = companies.ingest(Store(), [path])
    assert not report.ok
    problem = str(report.problems()[0])
    assert "extract.csv" in problem and "2" in problem and "'Tampere'" in problem


def test_tol_hierarchy_reaches_its_section() -> None:
    triples = list(tol.tol_triples({"62010": {"fi": "Ohjelmistojen suunnittelu ja valmistus"}}))
    broader = {
        (t.subject.value, t.object.value) for t in triples if t.predicate.value.endswith("#broader")
    }
    assert (tol.tol_iri("62"), tol.tol_iri("J")) in broader
    assert (tol.tol_iri("62010"), tol.tol_iri("6201")) in broader


def test_every_division_has_exactly_the_sections_nace_gives() -> None:
    # NACE Rev. 2 has 88 divisions; every other two-digit number is no TOL 2008 code
    divisions = [f"{d:02d}" for d in range(100) if tol.is_tol_code(f"{d:02d}010")]
    assert len(divisions) == 88
    for d in divisions:
        chain = tol.tol_chain(d + "010")
        assert chain[0] in tol.SECTIONS and chain[1:] == [d, d + "0", d + "01", d + "010"]


def test_bad_business_id_names_file_and_line_and_keeps_graph(tmp_path: Path, store: Store) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("businessId,name\n2655941-9,Good Oy\n1234567-0,Bad Oy\n", encoding="utf-8")
    s = Store()
    assert companies.ingest(s, [V3]).ok
    before = s.count(companies.GRAPH)
    report = companies.ingest(s, [bad])
    assert not report.ok and report.refused
    assert [str(p) for p in report.problems()] == [
        f"{bad}:3: failed: business ID '1234567-0' is not a valid Y-tunnus"
    ]
    assert s.count(companies.GRAPH) == before


def test_batch_with_nothing_mapped_is_refused(tmp_path: Path) -> None:
    empty = tmp_path / "empty.json"
    empty.write_text('{"totalResults": 0, "companies": []}', encoding="utf-8")
    report = companies.ingest(Store(), [empty])
    assert report.refused and "nothing to read" in report.refused


def test_paged_answers_read_like_one(tmp_path: Path) -> None:
    answers = list(json.loads(V3.read_text()).values())
    pages = tmp_path / "pages.json"
    pages.write_text(json.dumps(answers[:3]), encoding="utf-8")
    report = companies.ingest(Store(), [pages])
    assert report.counts() == {"read": 3, "mapped": 3, "skipped": 0, "failed": 0}


@pytest.mark.shared
def test_shared_registry_files_ingest_whole(shared_data: Path) -> None:
    folder = shared_data / "prh-ytj"
    files = [folder / "tampere-companies.csv", folder / "ytj-v3-companies-31.json",
             folder / "tampere-companies-sample100-with-form.csv"]  # fmt: skip
    s = Store()
    report = companies.ingest(s, files)
    assert report.ok and report.counts()["read"] == 19567 + 31 + 100
    expected = {
        r["businessId"]
        for f in (files[0], files[2])
        for r in csv.DictReader(f.open(encoding="utf-8"))
    }
    got = {
        r["b"]
        for r in select(
            s, "SELECT ?b WHERE { ?o <https://w3id.org/keino/ontology#businessId> ?b }"
        ).rows
    }
    assert expected <= got and len(got) == len(expected | set(json.loads(files[1].read_text())))
