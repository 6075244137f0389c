"""graph.derived: one owner of per-store derived state, rebuilt when the store changes."""

from __future__ import annotations

import threading
import time

import pytest

from graph import derived as derived_module
from graph.derived import Derived
from graph.iris import GRAPH_BASE
from graph.matching import Need
from graph.snapshot import read_snapshot
from graph.store import Store


def test_parts_are_kept_while_the_store_is_unchanged(small_store: Store) -> None:
    derived = Derived(small_store)
    assert derived.snapshot() is derived.snapshot()
    assert derived.label_index() is derived.label_index()
    assert derived.network() is derived.network()
    assert derived.network().snap is derived.snapshot()


def test_an_ingest_is_seen_at_once_by_every_part(small_store: Store, small) -> None:
    derived = Derived(small_store)
    before = derived.snapshot()
    assert derived.describe(small.MOTIVA).label == "Motiva Oy"
    assert derived.search("Motiva")[0].label == "Motiva Oy"
    assert small.CITY in {r.node.iri for r in derived.centrality()}
    renamed = small.ecosystem(motiva="Motiva Services")
    small_store.replace_graph(GRAPH_BASE + "ecosystem", renamed, source="ecosystem", inputs=[])
    small_store.replace_graph(GRAPH_BASE + "notices/t", [], source="notices", inputs=[])
    assert derived.snapshot() is not before
    assert derived.describe(small.MOTIVA).label == "Motiva Services"
    assert derived.search("Motiva")[0].label == "Motiva Services"
    assert small.CITY not in {r.node.iri for r in derived.centrality()}


def test_a_write_without_a_run_record_is_seen_too(small_store: Store, small) -> None:
    derived = Derived(small_store)
    assert derived.search("Latausratkaisut")
    small_store.drop_graph(GRAPH_BASE + "notices/t")
    assert derived.search("Latausratkaisut") == []


def test_concurrent_callers_share_one_build(
    small_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []

    def slow_read(store: Store):  # type: ignore[no-untyped-def]
        calls.append(1)
        time.sleep(0.2)
        return read_snapshot(store)

    monkeypatch.setattr(derived_module, "read_snapshot", slow_read)
    derived = Derived(small_store)
    found: list[object] = []
    threads = [threading.Thread(target=lambda: found.append(derived.snapshot())) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(calls) == 1 and len({id(s) for s in found}) == 1


def test_remembered_views_are_dropped_when_the_store_changes(small_store: Store, small) -> None:
    derived = Derived(small_store)
    computed: list[int] = []
    assert derived.remember(("k",), lambda: computed.append(1) or 1) == 1
    assert derived.remember(("k",), lambda: computed.append(2) or 2) == 1
    small_store.replace_graph(GRAPH_BASE + "notices/t", [], source="notices", inputs=[])
    assert derived.remember(("k",), lambda: computed.append(3) or 3) == 3
    assert computed == [1, 3]


def test_the_matcher_follows_the_store(demo_store: Store) -> None:
    derived = Derived(demo_store)
    matcher = derived.matcher()
    assert derived.matcher() is matcher
    assert matcher.is_current(demo_store)
    assert matcher.match(Need("sähköbussien latausinfrastruktuuri", cpv=("45000000",)))
