"""``/queries``: the named researcher questions listed and run over HTTP on the demo graph."""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from graph.queries import QueryCatalogue
from graph.store import PROVENANCE_GRAPH, Store

CATALOGUE = QueryCatalogue()


@pytest.fixture(scope="module")
def client(demo_store: Store) -> Iterator[TestClient]:
    with TestClient(create_app(demo_store)) as client:
        yield client


def test_the_list_shows_every_query_file_with_its_metadata(client: TestClient) -> None:
    listed = {q["name"]: q for q in client.get("/queries").json()}
    assert set(listed) == set(CATALOGUE.names())
    assert len(listed) >= 2
    for name, query in listed.items():
        assert query["summary"], f"{name}.rq has no #+ summary"
        for param in query["params"]:
            assert param["optional"] or param["example"], f"{name}: {param['name']} needs e.g."
            if param["example"]:
                assert f"{param['name']}=" in query["url"]


def test_graph_sources_names_each_graph_with_its_last_run(
    client: TestClient, demo_store: Store
) -> None:
    rows = client.get("/queries/graph-sources").json()["rows"]
    by_graph = {row["graph"]: row for row in rows}
    assert set(by_graph) == set(demo_store.graphs()) - {PROVENANCE_GRAPH}
    registry = by_graph["https://w3id.org/keino/graph/registry"]
    assert registry["triples"] > 0 and registry["inputs"] >= 1
    assert registry["ended"] >= registry["started"]


def test_entity_types_counts_regions_and_municipalities(client: TestClient) -> None:
    rows = client.get("/queries/entity-types").json()["rows"]
    counts = {row["class"].rsplit("#", 1)[-1]: row["entities"] for row in rows}
    # Finland: 19 regions (maakunnat, with Åland) and about 300 municipalities.
    assert counts["Region"] == 19
    assert 290 <= counts["Municipality"] <= 320
    assert [row["entities"] for row in rows] == sorted((r["entities"] for r in rows), reverse=True)


def test_csv_download_has_the_same_rows(client: TestClient) -> None:
    as_json = client.get("/queries/entity-types").json()
    answer = client.get("/queries/entity-types?format=csv")
    assert answer.headers["content-type"].startswith("text/csv")
    assert "entity-types.csv" in answer.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(answer.text)))
    assert rows[0] == as_json["variables"]
    assert len(rows) - 1 == len(as_json["rows"])
    via_accept = client.get("/queries/entity-types", headers={"Accept": "text/csv"})
    assert via_accept.text == answer.text


def test_errors_name_the_problem(client: TestClient) -> None:
    unknown = client.get("/queries/entity-typez")
    assert unknown.status_code == 404 and "entity-types" in unknown.json()["detail"]
    extra = client.get("/queries/entity-types?colour=red")
    assert extra.status_code == 400 and "colour" in extra.json()["detail"]
    bad = client.get("/queries/entity-types?lang=finnish")
    assert bad.status_code == 400 and "lang" in bad.json()["detail"]


def test_region_population_adds_up_the_municipalities(
    client: TestClient, demo_store: Store
) -> None:
    rows = client.get("/queries/region-population").json()["rows"]
    uusimaa = next(r for r in rows if r["name"] == "Uusimaa")
    assert (uusimaa["municipalities"], uusimaa["largest"], uusimaa["nuts"]) == (
        26,
        "Helsinki",
        "FI1B1",
    )
    assert rows[0] == uusimaa, "Uusimaa is the most populous region"
    total = demo_store.query(
        "SELECT (SUM(?p) AS ?total) WHERE { SELECT DISTINCT ?m ?p WHERE { "
        "?m a <https://w3id.org/keino/ontology#Municipality> ; "
        "<https://w3id.org/keino/ontology#population> ?p } }"
    )
    assert sum(r["population"] for r in rows) == int(next(iter(total))["total"].value)
    swedish = client.get("/queries/region-population?lang=sv").json()["rows"]
    assert (swedish[0]["name"], swedish[0]["largest"]) == ("Nyland", "Helsingfors")


def test_fact_provenance_traces_a_fact_to_its_file_and_checksum(client: TestClient) -> None:
    rows = client.get(
        "/queries/fact-provenance",
        params={
            "entity": "https://w3id.org/keino/id/municipality/091",
            "predicate": "https://w3id.org/keino/ontology#population",
        },
    ).json()["rows"]
    assert rows and {r["property"] for r in rows} == {"https://w3id.org/keino/ontology#population"}
    traced = [r for r in rows if r["file"]]
    assert traced, "the population of Helsinki comes from an ingested file"
    for row in traced:
        path = Path(row["file"])
        if path.is_file():  # the file the run read is the one in the repository
            assert hashlib.sha256(path.read_bytes()).hexdigest() == row["sha256"]


def test_entity_names_lists_every_language(client: TestClient) -> None:
    rows = client.get(
        "/queries/entity-names?entity=https://w3id.org/keino/id/municipality/091"
    ).json()["rows"]
    assert {("Helsinki", "fi"), ("Helsingfors", "sv")} <= {(r["name"], r["lang"]) for r in rows}
