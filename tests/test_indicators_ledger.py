"""Indicators kept up batch by batch equal indicators counted from scratch.

The notices are the real bundled examples (``data/notices``), ingested in
random batches; after each ingest the cube is updated from the new batch only
(:mod:`graph.indicators.ledger`), and at the end it must be the cube that a
recompute from scratch writes.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.indicators import INDICATORS_GRAPH, compute, series
from graph.indicators.ledger import ledger_path
from graph.iris import graph_iri
from graph.resources import resource_dir
from graph.store import Store
from ingest.notices import ingest, notice_files

FILES = notice_files([resource_dir("data") / "notices"])


def _cube(store: Store) -> set[ox.Triple]:
    return set(store.triples(INDICATORS_GRAPH))


def _load(store: Store, batch: str, files: list[Path]) -> None:
    report = ingest(store, files, batch=batch, partial=True)
    assert report.refused is None or "no notice" in report.refused or "nothing" in report.refused


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    batch_of=st.lists(st.integers(0, 3), min_size=len(FILES), max_size=len(FILES)),
    redo=st.integers(0, 3),
)
def test_batch_by_batch_equals_from_scratch(batch_of: list[int], redo: int) -> None:
    """Files dealt into up to four batches, each ingested and counted in turn, then one
    batch ingested again with half its files (a replaced graph takes its lots back out)."""
    store = Store()
    batches: dict[int, list[Path]] = {}
    for path, b in zip(FILES, batch_of, strict=True):
        batches.setdefault(b, []).append(path)
    for b, files in sorted(batches.items()):
        _load(store, f"b{b}", files)
        compute(store)
    if redo in batches:
        _load(store, f"b{redo}", batches[redo][: len(batches[redo]) // 2 + 1])
        update = compute(store)
        assert not update.full and update.batches == 1
    kept = _cube(store)
    scratch = compute(store, full=True)  # forgets the ledger, reads every batch again
    assert scratch.batches == len(batches)
    assert kept == _cube(store)
    recount = compute(store, recount=True)  # every lot again from the ledger's drafts
    assert recount.batches == 0
    assert kept == _cube(store)
    store.drop_graph(INDICATORS_GRAPH)  # no cube to patch: written whole from scratch
    assert compute(store, full=True).full
    assert kept == _cube(store)


def test_an_ingest_reads_only_its_batch_and_adds_its_lots() -> None:
    store = Store()
    _load(store, "first", FILES[::2])
    before = compute(store)
    _load(store, "second", FILES[1::2])
    after = compute(store)
    assert (after.batches, after.full) == (1, False)
    assert before.lots < after.lots
    points = series(store, "innovative-share").points
    assert sum(p.lots or 0 for p in points) == after.lots  # over years and methods


def test_real_notices_count_in_one_line_per_source_format() -> None:
    """The bundled examples are eForms (Hilma, TED) and TED XML R2.0.9 notices; every
    lot counts in the line of its notice's format, none without one."""
    store = Store()
    _load(store, "all", FILES)
    result = compute(store)
    lots: dict[str, int] = {}
    for p in series(store, "innovative-share").points:
        lots[p.method] = lots.get(p.method, 0) + (p.lots or 0)
    assert set(lots) == {"eforms-notices", "ted-xml-notices"}
    assert min(lots.values()) > 0 and sum(lots.values()) == result.lots


def test_the_ledger_outlives_the_process_and_a_foreign_cube_is_rewritten(tmp_path: Path) -> None:
    path = tmp_path / "store"
    store = Store(path)
    _load(store, "first", FILES[::2])
    compute(store)
    del store  # let the on-disk store go, as a second `keino` invocation would
    store = Store(path)
    assert ledger_path(store) is not None and ledger_path(store).exists()  # type: ignore[union-attr]
    _load(store, "second", FILES[1::2])
    assert compute(store).batches == 1
    expected = _cube(store)
    store.drop_graph(INDICATORS_GRAPH)  # the cube went behind the ledger's back
    again = compute(store)
    assert (again.batches, again.full) == (0, True)
    assert _cube(store) == expected


def test_a_failed_update_keeps_the_cube_and_ledger(monkeypatch: pytest.MonkeyPatch) -> None:
    store = Store()
    _load(store, "first", FILES[::2])
    compute(store)
    cube = _cube(store)
    _load(store, "second", FILES[1::2])

    def broken(*_args: object, **_kwargs: object) -> object:
        raise RuntimeError("disk full")

    monkeypatch.setattr(Store, "patch_graph_ntriples", broken)
    with pytest.raises(RuntimeError):
        compute(store)
    assert _cube(store) == cube
    monkeypatch.undo()
    assert compute(store).batches == 1  # the second batch is still to be counted
    assert _cube(store) != cube
    assert graph_iri("notices", "second") in store.graphs()


def test_cli_ingest_updates_from_the_batch_and_full_recounts_the_same(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from keino.cli import app

    store = ["--store", str(tmp_path / "store")]
    runner = CliRunner()
    for batch, files in (("first", FILES[::2]), ("second", FILES[1::2])):
        args = [*store, "ingest", "notices", *map(str, files), "--batch", batch, "--partial"]
        done = runner.invoke(app, args)
        assert done.exit_code == 0, done.output
    shown = [*store, "indicators", "show", "innovative-share", "-f", "csv"]
    after_ingests = runner.invoke(app, shown).output
    full = runner.invoke(app, [*store, "indicators", "compute", "--full"])
    assert full.exit_code == 0, full.output
    assert runner.invoke(app, shown).output == after_ingests
    assert "innovative-share,20" in after_ingests


def test_a_patched_cube_is_the_cube_written_whole_on_either_backend(any_store: Store) -> None:
    """After a second batch the cube is patched (one SPARQL update of N-Triples text, the
    notice graphs read one graph at a time); it must equal the cube written whole from
    scratch, on the embedded store and on a SPARQL server alike."""
    _load(any_store, "first", FILES[::2])
    compute(any_store)
    _load(any_store, "second", FILES[1::2])
    update = compute(any_store)
    assert (update.batches, update.full) == (1, False)
    patched = _cube(any_store)
    any_store.drop_graph(INDICATORS_GRAPH)
    assert compute(any_store, full=True).full
    assert _cube(any_store) == patched
    assert sum(p.lots or 0 for p in series(any_store, "innovative-share").points) == update.lots
