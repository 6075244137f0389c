"""Public bodies register: regions, wellbeing services counties, municipalities."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from graph.queries import QueryCatalogue
from graph.results import run_named, select
from graph.store import Store
from ingest import registry

SHARED = Path(os.environ.get("KEINO_SHARED", Path(__file__).resolve().parents[2] / "shared"))
YLE = SHARED / "data" / "yle-geodata" / "finland"


@pytest.fixture(scope="module")
def store() -> Store:
    s = Store()
    report = registry.ingest(s)
    assert report.ok, report.problems()
    return s


def test_every_region_municipality_and_county_is_loaded(store: Store) -> None:
    counts = select(
        store,
        """PREFIX keino: <https://w3id.org/keino/ontology#>
        SELECT ?t (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?t
          VALUES ?t { keino:Region keino:Municipality keino:WellbeingServicesCounty } }
        GROUP BY ?t""",
    )
    by_type = {r["t"].rsplit("#", 1)[1]: int(r["n"]) for r in counts.rows}
    assert by_type == {"Region": 19, "Municipality": 310, "WellbeingServicesCounty": 21}


def test_municipalities_of_a_region_through_the_named_query(store: Store) -> None:
    query = QueryCatalogue().get("municipalities-in-region")
    rows = run_named(store, query, {"region": "Varsinais-Suomi"}).rows
    names = [r["name"] for r in rows]
    assert names[0] == "Turku"  # the largest first
    assert "Salo" in names and "Helsinki" not in names
    assert {r["nuts"] for r in rows} == {"http://data.europa.eu/nuts/code/FI1C1"}
    assert {r["countyName"] for r in rows} == {"Varsinais-Suomen hyvinvointialue"}


def test_helsinki_and_aland_have_their_regions(store: Store) -> None:
    query = QueryCatalogue().get("municipalities-in-region")
    uusimaa = run_named(store, query, {"region": "Nyland"}).rows
    assert uusimaa[0]["name"] == "Helsinki" and uusimaa[0]["county"] is None
    aland = [r["name"] for r in run_named(store, query, {"region": "Ahvenanmaa"}).rows]
    assert "Maarianhamina" in aland and len(aland) == 16


def test_a_bad_row_is_named_and_the_previous_graph_stays(store: Store, tmp_path: Path) -> None:
    before = store.count(registry.GRAPH)
    lines = registry.default_path().read_text(encoding="utf-8").splitlines()
    lines[5] = "kunta" + lines[5][lines[5].index(",") :]  # a row of an unknown kind
    lines[9] = lines[9].rsplit(",", 1)[0] + ",many"  # population not a number
    bad = tmp_path / "bad.csv"
    bad.write_text("\n".join(lines), encoding="utf-8")
    report = registry.ingest(store, bad)
    assert not report.ok and report.refused
    failures = [(p.line, p.reason) for p in report.problems() if p.kind == "failed"]
    assert failures[0][0] == 6 and "unknown kind 'kunta'" in failures[0][1]
    assert failures[1][0] == 10 and "not a whole number" in failures[1][1]
    assert store.count(registry.GRAPH) == before


@pytest.mark.shared
@pytest.mark.skipif(not YLE.is_dir(), reason="../shared/data/yle-geodata not beside the repo")
def test_bundled_register_matches_upstream_geodata() -> None:
    """Names and populations in the bundled CSV are the upstream ones, row for row."""
    upstream = json.loads((YLE / "finland-munis-2020.topo.json").read_text())
    munis = {
        g["properties"]["id"]: g["properties"] for g in upstream["objects"]["munis"]["geometries"]
    }
    bodies = [
        b
        for b in registry.parse_register(registry.default_path().read_text())
        if not isinstance(b, Exception)
    ]
    ours = {b.code: b for b in bodies if b.kind == "municipality"}
    assert ours.keys() == munis.keys()
    for code, props in munis.items():
        assert ours[code].labels["fi"] == props["nimi"] and ours[code].labels["sv"] == props["namn"]
        assert ours[code].population == props["population"]
