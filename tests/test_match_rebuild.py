"""The first ``/match`` after an ingest is answered from the previous index while
the new one builds in the background, on a store large enough that the rebuild
takes seconds (a synthetic market of ``bench.market``, labelled synthetic).

Nothing is stubbed: the rebuild is the real ``Matcher.from_store`` over the
real store. If ``/match`` waited for it, the answer would say the index is
current; it must say the index is stale and still rebuilding, and carry the
previous index's answer.
"""

from __future__ import annotations

import time
from pathlib import Path

from fastapi.testclient import TestClient

from api.main import create_app
from bench.market import generate, write
from graph.store import Store

#: synthetic: 150 suppliers, 500 awarded lots (a rebuild of about a second, not milliseconds)
MARKET = generate(150, 540, n_buyers=30, n_sectors=8, seed=5)


def test_first_match_after_an_ingest_is_served_while_the_index_rebuilds(tmp_path: Path) -> None:
    store = Store(tmp_path / "store")
    write(store, MARKET.records[:500], name="synthetic-market")
    client = TestClient(create_app(store, warm=False))
    record = MARKET.records[0]
    need = {"text": record.titles["fi"], "cpv": list(record.cpv), "limit": 5}

    first = client.post("/match", json=need)  # cold start: builds in the foreground
    assert first.status_code == 200 and not first.json()["index"]["stale"]

    write(store, MARKET.records[500:], name="synthetic-market-more")  # an ingest
    started = time.perf_counter()
    during = client.post("/match", json=need)
    answered = time.perf_counter() - started
    assert during.status_code == 200
    index = during.json()["index"]
    assert index["stale"] and index["rebuilding"], index  # it did not wait for the rebuild
    assert during.json()["results"] == first.json()["results"]  # the previous index answered

    # the rebuild finishes and swaps in; later answers come from the new index
    deadline = time.perf_counter() + 300
    while time.perf_counter() < deadline:
        after = client.post("/match", json=need).json()
        if not after["index"]["stale"]:
            break
        time.sleep(0.5)
    rebuilt = time.perf_counter() - started
    assert not after["index"]["stale"] and not after["index"]["rebuilding"]
    assert after["index"]["lots"] > first.json()["index"]["lots"]
    assert answered < rebuilt
