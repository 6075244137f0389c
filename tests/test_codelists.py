"""Code lists: bundled CPV/NUTS/eForms files, graph.codes helpers, the SKOS ingest."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from graph.codes import (
    cpv_ancestors,
    cpv_codes,
    cpv_division,
    cpv_label,
    eforms_label,
    is_cpv,
    is_nuts,
    nuts_ancestors,
    nuts_codes,
    nuts_label,
    nuts_level,
)
from graph.queries import QueryCatalogue
from graph.results import run_named, select
from graph.store import Store
from ingest import codelists

SKOS = "http://www.w3.org/2004/02/skos/core#"
SHARED = Path(os.environ.get("KEINO_SHARED") or Path(__file__).resolve().parents[2] / "shared")
SDK = SHARED / "data" / "eforms-sdk"


@pytest.fixture(scope="module")
def store() -> Store:
    s = Store()
    report = codelists.ingest(s)
    assert report.ok, report.problems()
    return s


# Labels copied by hand from the SDK's translations/code_{fi,sv,en}.xml.
SDK_LABELS = [
    ("45000000", "Rakennustyöt", "Anläggningsarbete", "Construction work"),
    ("45210000", "Talonrakentaminen", "Byggnadsanläggning", "Building construction work"),
    ("03111000", "Siemenet", "Frön", "Seeds"),
    (
        "72000000",
        "Tietotekniset palvelut: neuvonta, ohjelmistojen kehittäminen, Internet ja tuki",
        "IT-tjänster: konsultverksamhet, programvaruutveckling, Internet och stöd",
        "IT services: consulting, software development, Internet and support",
    ),
]


def test_all_cpv_2008_codes_are_bundled() -> None:
    assert len(cpv_codes()) == 9454
    divisions = [c for c in cpv_codes().values() if c.level == 1]
    assert len(divisions) == 45  # CPV 2008 has 45 divisions (03 … 98)
    assert all(len(c.labels) == 3 for c in cpv_codes().values())


@pytest.mark.parametrize(("code", "fi", "sv", "en"), SDK_LABELS)
def test_cpv_labels_in_three_languages(code: str, fi: str, sv: str, en: str) -> None:
    assert (cpv_label(code), cpv_label(code, "sv"), cpv_label(code, "en")) == (fi, sv, en)


@pytest.mark.shared
def test_cpv_and_nuts_labels_match_the_sdk_files() -> None:
    if not SDK.is_dir():
        pytest.skip(f"eForms SDK not found at {SDK}")
    for lang in ("fi", "sv", "en"):
        root = ET.parse(SDK / "translations" / f"code_{lang}.xml").getroot()
        entries = {e.attrib["key"]: e.text for e in root.iter("entry")}
        for code in ("45000000", "33600000", "90510000", "79411100", "98000000"):
            assert cpv_label(code, lang) == entries[f"code|name|cpv.{code}"]
        for code in ("FI1B1", "FI1D9", "FI200", "SE110"):
            assert nuts_label(code, lang) == entries[f"code|name|nuts.{code}"]


def test_cpv_check_digit_form_and_bad_codes() -> None:
    assert is_cpv("45000000") and is_cpv("45000000-7") and is_cpv(" 03111000-2 ")
    assert not is_cpv("45000001") and not is_cpv("4500000") and not is_cpv("45000000-77")
    assert cpv_label("99999999") is None
    with pytest.raises(ValueError, match="not a CPV code"):
        cpv_division("rakennustyöt")


def test_cpv_hierarchy_from_the_digits() -> None:
    assert cpv_ancestors("45211100-0") == ["45211000", "45210000", "45200000", "45000000"]
    assert cpv_ancestors("45000000") == []
    assert cpv_division("03111000") == "03"
    # every parent exists and is a shorter prefix of its child
    for code in cpv_codes().values():
        if code.parent:
            assert code.parent in cpv_codes()
            assert code.code.startswith(code.parent.rstrip("0"))


def test_finnish_nuts_regions_all_levels_and_both_versions() -> None:
    assert nuts_label("FI") == "Suomi/Finland"
    assert nuts_label("FI1B1") == "Helsinki-Uusimaa"
    assert nuts_label("FI1C1", "sv") and nuts_label("FI1C1") == "Varsinais-Suomi"
    # NUTS 2021 codes (Hilma notices 2021–2024) are kept beside NUTS 2024
    assert nuts_label("FI193") == "Keski-Suomi" == nuts_label("FI198")
    assert nuts_codes()["FI193"].replaced_by == "FI198"
    assert nuts_ancestors("FI193") == ["FI19", "FI1", "FI"]
    assert [nuts_level(c) for c in ("FI", "FI1", "FI19", "FI193")] == [0, 1, 2, 3]
    finnish_level3 = {c for c in nuts_codes() if c.startswith("FI1") and len(c) == 5}
    assert len([c for c in finnish_level3 if "2024" in nuts_codes()[c].versions]) == 18
    assert len([c for c in finnish_level3 if "2021" in nuts_codes()[c].versions]) == 18
    assert is_nuts("fi1b1") and not is_nuts("FI1X9")


def test_eforms_lists_researchers_need() -> None:
    assert eforms_label("buyer-legal-type", "la") == "Paikallisviranomainen"
    assert eforms_label("buyer-legal-type", "cga", "en") == "Central government authority"
    assert eforms_label("main-activity", "health") == "Terveys"
    assert eforms_label("notice-type", "veat", "fi") == (
        "Vapaaehtoista ex ante -avoimuutta koskeva ilmoitus"
    )


def test_ingest_writes_skos_concepts_on_official_iris(store: Store) -> None:
    rows = select(
        store,
        f"""SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE {{
              ?c a <{SKOS}Concept> ; <{SKOS}inScheme> <http://data.europa.eu/cpv/cpv> }}""",
    ).rows
    assert rows[0]["n"] == 9454
    ask = f"""ASK {{
      <http://data.europa.eu/cpv/cpv/45210000>
          <{SKOS}broader> <http://data.europa.eu/cpv/cpv/45200000> ;
          <{SKOS}notation> "45210000" ; <{SKOS}prefLabel> "Talonrakentaminen"@fi .
      <http://data.europa.eu/nuts/code/FI1B1>
          <{SKOS}broader> <http://data.europa.eu/nuts/code/FI1B> .
      <http://publications.europa.eu/resource/authority/buyer-legal-type/la>
          <{SKOS}prefLabel> "Local authority"@en .
      <http://data.europa.eu/cpv/cpv> a <{SKOS}ConceptScheme> .
    }}"""
    assert store.query(ask)


def test_ingest_is_idempotent(store: Store) -> None:
    graph = codelists.GRAPH
    before = {str(t) for t in store.triples(graph)}
    report = codelists.ingest(store)
    assert report.ok and {str(t) for t in store.triples(graph)} == before


def test_bad_line_is_reported_and_previous_graph_kept(store: Store, tmp_path: Path) -> None:
    for name in codelists.FILES:
        shutil.copy(codelists.default_paths()[0].parent / name, tmp_path / name)
    with (tmp_path / "cpv.tsv").open("a", encoding="utf-8") as handle:
        handle.write("4500X000\t\t1\tRikki\tTrasig\tBroken\n")
    before = store.count(codelists.GRAPH)
    report = codelists.ingest(store, [tmp_path])
    assert not report.ok
    problem = report.problems()[0]
    assert (
        problem.path.endswith("cpv.tsv") and problem.line == 9456 and "4500X000" in problem.reason
    )
    assert store.count(codelists.GRAPH) == before


def test_named_query_cpv_concept_labels(store: Store) -> None:
    query = QueryCatalogue().get("cpv-concept-labels")
    table = run_named(store, query, {"cpv": "45211100-0", "lang": "en"})
    assert [r["notation"] for r in table.rows] == [
        "45211100",
        "45211000",
        "45210000",
        "45200000",
        "45000000",
    ]
    assert table.rows[-1]["label"] == "Construction work"


def test_named_query_nuts_regions(store: Store) -> None:
    query = QueryCatalogue().get("nuts-regions")
    table = run_named(store, query, {"within": "FI1C", "level": "3", "lang": "fi"})
    names = {r["code"]: r["name"] for r in table.rows}
    assert names["FI1C1"] == "Varsinais-Suomi" and names["FI1C3"] == "Päijät-Häme"
    assert {r["replacedBy"] for r in table.rows if r["code"] == "FI1C3"} == {
        "http://data.europa.eu/nuts/code/FI1C6"
    }
    assert all(r["nutsLevel"] == 3 for r in table.rows)
