"""Recomputing ``kg:indicators``: bring the ledger up to date with the notice graphs,
then write the cube.

After a notice ingest only the graphs whose ingest run changed are read
(:mod:`graph.indicators.drafts`); the lots they touch are taken out of the
cells and counted in again (:mod:`graph.indicators.ledger`), and only the
observations that changed are rewritten, with the data sets, rankings and
survey (a few thousand triples) diffed in full. ``full=True`` forgets the
ledger and counts every lot from scratch; both give the same cube.
"""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass

import pyoxigraph as ox

from graph.indicators.aggregate import Aggregates, Cell, addresses, count
from graph.indicators.cube import all_observation_triples, head_triples, observation_triples
from graph.indicators.curated import SurveyFigure, indicator_targets, survey_figures
from graph.indicators.drafts import Draft, merge, read_drafts
from graph.indicators.ledger import Address, Ledger
from graph.indicators.vocabulary import INDICATORS_GRAPH, INNOVATIVE_SHARE_INDICATOR, series_name
from graph.iris import graph_iri
from graph.lots import LotFacts
from graph.rdf import Triple
from graph.store import IngestRun, Store

NOTICE_GRAPHS = graph_iri("notices") + "/"
_Q_RUNS = """PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?g ?run WHERE { GRAPH <https://w3id.org/keino/graph/provenance> {
  ?g prov:wasGeneratedBy ?run } }"""


@dataclass(frozen=True)
class ComputeResult:
    """What one recomputation did: ``batches`` notice graphs read (or dropped), ``full``
    when the cube was written in full rather than patched."""

    lots: int
    series: int
    observations: int
    triples: int
    seconds: float
    batches: int = 0
    full: bool = True


def compute(
    store: Store, *, indicator: str = INNOVATIVE_SHARE_INDICATOR, full: bool = False
) -> ComputeResult:
    """Bring ``kg:indicators`` up to date with the notice graphs of ``store``.

    Reads only the notice graphs whose ingest run the ledger has not seen
    (every one with ``full=True`` or on a first run). If reading or counting
    raises, the previous cube and ledger stay. The cube is written in one
    transaction: patched (``Store.patch_graph``) when the store holds the cube
    the ledger last wrote, else replaced (``Store.rebuild_graph``).
    """
    started = time.perf_counter()
    ledger = Ledger.of(store)
    try:
        with ledger.transaction():
            if full:
                ledger.clear()
            runs = graph_runs(store)
            aggregates, changed, batches = _sync(store, ledger, _notices(runs))
            surveys = survey_figures(store, indicator)
            head = _head(store, aggregates, indicator, surveys, sorted(_notices(runs)))
            run, patched = _write(store, ledger, aggregates, changed, head, runs)
    finally:
        ledger.close()
    observations = sum(len(c) for c in aggregates.values()) + len(surveys)
    lots = sum(c.lots for c in aggregates[("innovative", "total")].values())
    return ComputeResult(
        lots=lots,
        series=len(aggregates) + (1 if surveys else 0),
        observations=observations,
        triples=run.triple_count,
        seconds=time.perf_counter() - started,
        batches=batches,
        full=not patched,
    )


@dataclass
class _Changed:
    """The cells a sync touched, with their values before (None: did not exist)."""

    before: dict[Address, Cell | None]
    patchable: bool  # False: the cube is to be written in full


def graph_runs(store: Store) -> dict[str, str]:
    """Named graph → the ingest run that last wrote it ("" for a graph loaded without one)."""
    runs = dict.fromkeys(store.graphs(), "")
    for g, run in store.select_values(_Q_RUNS):
        if g is not None and run is not None:
            runs[g] = max(runs.get(g, ""), run)
    return runs


def _notices(runs: dict[str, str]) -> dict[str, str]:
    """The notice graphs of :func:`graph_runs`."""
    return {g: run for g, run in runs.items() if g.startswith(NOTICE_GRAPHS)}


def _sync(store: Store, ledger: Ledger, runs: dict[str, str]) -> tuple[Aggregates, _Changed, int]:
    """Read the notice graphs (``runs``: graph → run) the ledger has not seen and recount
    the lots they touch."""
    known = ledger.batches()
    fresh_graphs = sorted(g for g, run in runs.items() if not run or known.get(g) != run)
    gone = sorted(set(known) - set(runs))
    fresh = read_drafts(store, fresh_graphs)
    by_key: dict[str, list[Draft]] = defaultdict(list)
    for drafts in fresh.values():
        for d in drafts:
            by_key[d.key].append(d)
    replaced = set(fresh_graphs) | set(gone)
    before = ledger.groups(set(by_key) | ledger.keys_of(sorted(replaced))) if known else {}
    aggregates = ledger.cells()
    changed = _Changed({}, patchable=bool(known))
    for key in set(before) | set(by_key):
        old = before.get(key, [])
        new = [d for d in old if d.graph not in replaced] + by_key.get(key, [])
        _recount(aggregates, changed, merge(old), -1)
        _recount(aggregates, changed, merge(new), +1)
    ledger.replace_batches(gone, fresh, runs)
    if changed.patchable:
        ledger.save_cells(aggregates, changed.before)
    else:
        ledger.replace_cells(aggregates)
    return aggregates, changed, len(fresh_graphs) + len(gone)


def _recount(aggregates: Aggregates, changed: _Changed, lot: LotFacts | None, sign: int) -> None:
    """Count ``lot`` (None: nothing) in or out, noting each cell's value before its first
    change."""
    if lot is None:
        return
    if changed.patchable:
        for series, at in addresses(lot):
            if (series, at) not in changed.before:
                cell = aggregates[series].get(at)
                changed.before[(series, at)] = None if cell is None else Cell(*cell.as_row())
    count(aggregates, lot, sign)


def _head(
    store: Store,
    aggregates: Aggregates,
    indicator: str,
    surveys: list[SurveyFigure],
    sources: list[str],
) -> list[Triple]:
    """The cube's triples other than observations: structures, data sets, rankings, survey."""
    targets = indicator_targets(store, indicator)
    return head_triples(
        aggregates, indicator=indicator, targets=targets, surveys=surveys, sources=sources
    )


def _write(
    store: Store,
    ledger: Ledger,
    aggregates: Aggregates,
    changed: _Changed,
    head: list[Triple],
    runs: dict[str, str],
) -> tuple[IngestRun, bool]:
    """Patch the cube the ledger last wrote, or write it in full; remember what was written.
    Returns the run and whether it was a patch."""
    lines = {str(t) for t in head}
    known_run, known_count = ledger.meta("cube_run"), ledger.meta("cube_count")
    current = runs.get(INDICATORS_GRAPH)
    # the cube the ledger wrote, still whole (not dropped or loaded over without a run)
    ours = known_run and current == known_run and known_count is not None
    old_lines: set[str] | None = None  # the head last written, when the cube is patched
    if changed.patchable and ours and store.count(INDICATORS_GRAPH) == int(known_count or 0):
        old_lines = ledger.head()
        gone_text = "".join(f"{line} .\n" for line in old_lines - lines).encode()
        removed = {q.triple for q in ox.parse(gone_text, ox.RdfFormat.N_TRIPLES)}
        added = {t for t in head if str(t) not in old_lines}
        for (series, at), old in changed.before.items():
            name, breakdown = series_name(*series), series[1]
            new = aggregates[series].get(at)
            was = set(observation_triples(name, breakdown, *at, old)) if old else set()
            now = set(observation_triples(name, breakdown, *at, new)) if new else set()
            removed |= was - now
            added |= now - was
        total = int(known_count or 0) - len(removed) + len(added)
        run = store.patch_graph(
            INDICATORS_GRAPH, removed, added, source="indicators", inputs=[], triple_count=total
        )
    else:
        triples = head + list(all_observation_triples(aggregates))
        run = store.rebuild_graph(INDICATORS_GRAPH, triples, source="indicators", inputs=[])
    ledger.set_head(lines, old_lines)
    ledger.set_meta(cube_run=run.iri, cube_count=str(run.triple_count))
    return run, old_lines is not None
