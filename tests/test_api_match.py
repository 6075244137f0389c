"""``POST /match`` and ``GET /match/needs`` against the demo graph, over real HTTP."""

from __future__ import annotations

import csv
from collections.abc import Callable

import httpx
import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from graph.store import Store

NEED = "sähköbussien latausinfrastruktuuri"
# The demo's awarded lots come from eForms sample notices (hospitals, cleaning, audits…);
# none is about charging buses, so the need brings its CPV code (electrical installation
# work, division 45 construction) and the answer rests on CPV and region, not on text.
NEED_CPV = ["45310000"]


@pytest.fixture(scope="module")
def base_url(demo_store: Store, live_server: Callable[[Store], str]) -> str:
    """The API on a free local port (see ``live_server``)."""
    return live_server(demo_store)


@pytest.fixture(scope="module")
def client(demo_store: Store) -> TestClient:
    return TestClient(create_app(demo_store))


def exists(store: Store, iri: str) -> bool:
    return bool(store.query(f"ASK {{ {{ <{iri}> ?p ?o }} UNION {{ ?s ?p <{iri}> }} }}"))


def test_finnish_need_gets_ranked_suppliers_citing_real_iris(
    base_url: str, demo_store: Store
) -> None:
    body = {"text": NEED, "cpv": NEED_CPV, "region": "FI1B1", "limit": 5}
    answer = httpx.post(f"{base_url}/match", json=body, timeout=120)
    assert answer.status_code == 200, answer.text
    results = answer.json()["results"]
    assert results, "the demo graph has awarded lots, so a need gets suppliers"
    scores = [r["score"] for r in results]
    assert scores == sorted(scores, reverse=True) and len(results) <= 5
    for r in results:
        assert exists(demo_store, r["supplier"]["iri"]) and r["supplier"]["label"]
        assert sum(c["contribution"] for c in r["explanation"]) == pytest.approx(
            r["score"], abs=1e-4
        )
        evidence = [iri for c in r["explanation"] for iri in c["evidence"]]
        assert evidence and all(exists(demo_store, iri) for iri in evidence)
        # a winner fits by its lots' codes, a never-won company by its line's bridge
        fit = "cpv" if r["kind"] == "winner" else "bridge"
        assert fit in {c["signal"] for c in r["explanation"]}


def test_text_without_any_shared_word_or_code_finds_nobody(client: TestClient) -> None:
    # stray character n-grams ("stru", "#lat") must not make a supplier look relevant
    answer = client.post("/match", json={"text": "xyzzy qwerty plugh"})
    assert answer.status_code == 200 and answer.json()["results"] == []


def test_cpv_and_region_narrow_the_answer(client: TestClient) -> None:
    body = {"text": "siivous", "cpv": ["90910000"], "region": "FI1B1", "budget": 50000}
    results = client.post("/match", json=body).json()["results"]
    assert results
    signals = {c["signal"] for r in results for c in r["explanation"]}
    assert "cpv" in signals


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"text": ""}, "at least 1 character"),
        ({"text": "   "}, "blank"),
        ({"text": "x" * 10_001}, "at most 10000 characters"),
        ({"text": "bussi", "cpv": ["45000000"] * 51}, "at most 50 items"),
        ({"text": "bussi", "cpv": ["12345678"]}, "unknown CPV code(s): 12345678"),
        ({"text": "bussi", "region": "FI9Z9"}, "unknown NUTS code: FI9Z9"),
        ({"text": "bussi", "limit": 0}, "greater than or equal to 1"),
    ],
)
def test_bad_needs_get_a_4xx_saying_what_is_wrong(
    client: TestClient, body: dict[str, object], message: str
) -> None:
    answer = client.post("/match", json=body)
    assert answer.status_code == 422
    assert message in answer.text


def test_reverse_lookup_for_a_supplier_and_an_unknown_one(client: TestClient) -> None:
    body = {"text": NEED, "cpv": NEED_CPV, "limit": 100}
    results = client.post("/match", json=body).json()["results"]
    best = next(r for r in results if r["kind"] == "winner")  # the reverse is for winners
    supplier = best["supplier"]["iri"]
    answer = client.get("/match/needs", params={"supplier": supplier, "limit": 3})
    assert answer.status_code == 200
    assert answer.json()["supplier"] == supplier and len(answer.json()["results"]) <= 3
    missing = client.get("/match/needs", params={"supplier": "https://example.org/nobody"})
    assert missing.status_code == 404 and "has won no lot" in missing.text


def test_openapi_documents_the_match_models(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert "/match" in spec["paths"] and "/match/needs" in spec["paths"]
    request = spec["components"]["schemas"]["MatchRequest"]["properties"]
    assert {"text", "cpv", "region", "budget", "buyer", "limit"} <= set(request)


def test_answers_say_which_index_and_ranker_they_come_from(
    client: TestClient, demo_store: Store
) -> None:
    index = client.post("/match", json={"text": NEED, "cpv": NEED_CPV}).json()["index"]
    assert index["stale"] is False and index["built_for"] == demo_store.version()
    assert index["ranker"] in {"fitted", "default"} and index["ranker_reason"]
    assert index["suppliers"] > 0 and index["lots"] > 0


# A Finnish need for building construction: the demo's past winners include
# construction firms (eForms sample notices), and the bundled Tampere registry subset
# has building contractors (TOL 41200) with Business Finland funding that never won.
BUILD_NEED = {"text": "asuinrakennusten rakentaminen ja peruskorjaus", "cpv": ["45210000"],
              "region": "FI197", "limit": 10}  # fmt: skip


def test_finnish_need_gets_winners_and_never_won_registry_companies(
    client: TestClient, demo_store: Store
) -> None:
    answer = client.post("/match", json=BUILD_NEED)
    assert answer.status_code == 200, answer.text
    results = answer.json()["results"]
    kinds = {r["kind"] for r in results}
    assert kinds == {"winner", "potential"}, kinds
    for r in results:
        assert sum(c["contribution"] for c in r["explanation"]) == pytest.approx(
            r["score"], abs=1e-4
        )
        evidence = [iri for c in r["explanation"] for iri in c["evidence"]]
        assert evidence and all(exists(demo_store, iri) for iri in evidence)
        if r["kind"] == "winner":
            assert r["won_contracts"] > 0 and r["note"] is None
            continue
        assert r["won_contracts"] == 0 and r["note"] == "no public contract won yet"
        cited = {c["signal"]: c["evidence"] for c in r["explanation"]}
        assert any("/id/tol-cpv/" in iri for iri in cited["bridge"])
        assert any("/id/funding/" in iri for iri in cited["funding"])
    iris = [r["supplier"]["iri"] for r in results]
    assert len(iris) == len(set(iris)), "one candidate per organisation"


def test_match_csv_gives_each_supplier_its_region(client: TestClient) -> None:
    """The match page's CSV has the registered region (NUTS) of every supplier, as the
    JSON has: winners from their notices' address, registry companies from their
    municipality (empty where neither names one)."""
    query = "text=asuinrakennusten%20rakentaminen%20ja%20peruskorjaus&cpv=45210000&region=FI197"
    answer = client.get(f"/explore/match?{query}&format=csv")
    assert answer.status_code == 200, answer.text
    rows = list(csv.DictReader(answer.text.splitlines()))
    listed = client.get(f"/explore/match?{query}&format=json").json()["results"]
    assert rows and [r["supplier"] for r in rows] == [m["supplier"]["iri"] for m in listed]
    regions = [r["supplier_region"] for r in rows]
    assert regions == [m["supplier"]["region"] or "" for m in listed]
    assert any(regions), "some supplier of the demo states where it is registered"
    by_iri = {m["supplier"]["iri"]: m for m in listed}
    for r in rows:  # the column ``region`` stays the region signal's contribution
        parts = {c["signal"]: c["contribution"] for c in by_iri[r["supplier"]]["explanation"]}
        assert float(r["region"]) == pytest.approx(parts.get("region", 0.0), abs=1e-6)


def test_answers_say_how_the_registry_signals_are_weighted(client: TestClient) -> None:
    index = client.post("/match", json=BUILD_NEED).json()["index"]
    assert index["registry_companies"] > 1000  # the bundled Tampere subset and funding
    assert index["registry_weights"].startswith(("fitted", "default"))
