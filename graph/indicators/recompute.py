"""Recomputing ``kg:indicators``: bring the ledger up to date with the notice graphs,
then write the cube.

After a notice ingest only the graphs whose ingest run changed are read
(:mod:`graph.indicators.drafts`); the lots they touch are taken out of the
cells and counted in again (:mod:`graph.indicators.ledger`), and only the
observations whose counts changed are rewritten (as N-Triples text), with the
data sets, rankings and survey (a few thousand triples) diffed in full.
``full=True`` forgets the ledger and reads and counts every lot from scratch;
``recount=True`` counts every lot again from the drafts the ledger keeps per
batch. All three give the same cube.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from graph.indicators.aggregate import Aggregates, Cell, addresses, aggregate, count
from graph.indicators.cube import all_observation_lines, head_triples, observation_lines
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
    store: Store,
    *,
    indicator: str = INNOVATIVE_SHARE_INDICATOR,
    full: bool = False,
    recount: bool = False,
) -> ComputeResult:
    """Bring ``kg:indicators`` up to date with the notice graphs of ``store``.

    Reads only the notice graphs whose ingest run the ledger has not seen (every
    one with ``full=True`` or on a first run: a recompute from scratch that
    forgets the ledger). ``recount=True`` counts every lot again from the drafts
    the ledger keeps per batch, without re-reading unchanged notice graphs. If
    reading or counting raises, the previous cube and ledger stay. The cube is
    written in one transaction: when the store holds the cube the ledger last
    wrote, only the observations whose counts changed are patched
    (``Store.patch_graph_ntriples``), else it is replaced in full.
    """
    started = time.perf_counter()
    ledger = Ledger.of(store)
    try:
        with ledger.transaction():
            runs = graph_runs(store)
            ours = _ours(store, ledger, runs)
            old = ledger.cells() if ours and (full or recount) else None
            if full:
                ledger.forget_batches()
            aggregates, changed, batches = _sync(store, ledger, _notices(runs))
            if recount:
                aggregates = aggregate(merged(ledger.all_groups().values()))
                ledger.replace_cells(aggregates)
            if old is not None:
                changed = _Changed(_differ(old, aggregates), patchable=True)
            surveys = survey_figures(store, indicator)
            head = _head(store, aggregates, indicator, surveys, sorted(_notices(runs)))
            patch = changed.before if ours and changed.patchable else None
            run = _write(store, ledger, aggregates, patch, head)
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
        full=patch is None,
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


def _ours(store: Store, ledger: Ledger, runs: dict[str, str]) -> bool:
    """Whether the store holds the cube the ledger last wrote: its run is the latest
    of ``kg:indicators`` and the graph is there (not dropped behind the ledger's back)."""
    known_run = ledger.meta("cube_run")
    return (
        bool(known_run)
        and runs.get(INDICATORS_GRAPH) == known_run
        and (store.has_graph(INDICATORS_GRAPH))
    )


def merged(groups: Iterable[list[Draft]]) -> Iterator[LotFacts]:
    """The lots that count among groups of drafts (one group per merge key)."""
    for drafts in groups:
        facts = merge(drafts)
        if facts is not None:
            yield facts


def _differ(old: Aggregates, new: Aggregates) -> dict[Address, Cell | None]:
    """Every cell whose counts differ between ``old`` and ``new``, with its old value."""
    out: dict[Address, Cell | None] = {}
    for series, cells in new.items():
        before = old.get(series, {})
        for at, cell in cells.items():
            if before.get(at) != cell:
                out[(series, at)] = before.get(at)
        for at, cell in before.items():
            if at not in cells:
                out[(series, at)] = cell
    return out


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
    changed = _Changed({}, patchable=bool(known))
    if known:
        before = ledger.groups(set(by_key) | ledger.keys_of(sorted(replaced)))
        aggregates = ledger.cells()
        for key in set(before) | set(by_key):
            old = before.get(key, [])
            new = [d for d in old if d.graph not in replaced] + by_key.get(key, [])
            _recount(aggregates, changed, merge(old), -1)
            _recount(aggregates, changed, merge(new), +1)
    else:  # a first run or a recompute from scratch: every lot counted in one go
        aggregates = aggregate(merged(by_key.values()))
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
    before: dict[Address, Cell | None] | None,
    head: list[Triple],
) -> IngestRun:
    """Patch the cells in ``before`` (address → value before) into the cube the ledger
    last wrote, or write the cube in full (``before`` None); remember what was written."""
    lines = {str(t) for t in head}
    if before is not None:
        old_lines = ledger.head()
        removed, added = old_lines - lines, lines - old_lines
        for (series, at), old in before.items():
            name, breakdown = series_name(*series), series[1]
            new = aggregates[series].get(at)
            if old is None or new is None:  # an observation comes or goes whole
                target = added if old is None else removed
                target.update(observation_lines(name, breakdown, *at, new or old))
                continue
            was = set(observation_lines(name, breakdown, *at, old, measures_only=True))
            now = set(observation_lines(name, breakdown, *at, new, measures_only=True))
            removed |= was - now
            added |= now - was
        total = int(ledger.meta("cube_count") or 0) - len(removed) + len(added)
        run = store.patch_graph_ntriples(
            INDICATORS_GRAPH, removed, added, source="indicators", inputs=[], triple_count=total
        )
        ledger.set_head(lines, old_lines)
    else:
        text = "".join(f"{line} .\n" for line in [*lines, *all_observation_lines(aggregates)])
        run = store.replace_graph_ntriples(
            INDICATORS_GRAPH, text.encode(), source="indicators", inputs=[]
        )
        ledger.set_head(lines)
    ledger.set_meta(cube_run=run.iri, cube_count=str(run.triple_count))
    return run
