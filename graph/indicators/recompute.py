"""Recomputing ``kg:indicators``: read the lots and the curated facts, count, write.

This module only sequences the steps; each lives in its own module
(:mod:`graph.lots`, :mod:`graph.indicators.curated`, :mod:`.aggregate`, :mod:`.cube`).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from graph.indicators.aggregate import aggregate
from graph.indicators.cube import cube_triples
from graph.indicators.curated import indicator_targets, survey_figures
from graph.indicators.vocabulary import INDICATORS_GRAPH, INNOVATIVE_SHARE_INDICATOR
from graph.iris import graph_iri
from graph.lots import lot_facts
from graph.store import Store


@dataclass(frozen=True)
class ComputeResult:
    """What one recomputation did."""

    lots: int
    series: int
    observations: int
    triples: int
    seconds: float


def compute(store: Store, *, indicator: str = INNOVATIVE_SHARE_INDICATOR) -> ComputeResult:
    """Recompute every series from the lots in ``store`` and replace ``kg:indicators``.

    Returns counts and the time taken. If reading or aggregating raises, the
    previous cube stays; the cube is then written with :meth:`Store.rebuild_graph`
    (drop and bulk load, not atomic: for a few seconds readers may see it empty
    or partly written), because the whole cube changes on every recomputation
    and a diffing transaction of ~400,000 triples is several times slower.
    """
    started = time.perf_counter()
    facts = list(lot_facts(store))
    aggregates = aggregate(facts)
    targets = indicator_targets(store, indicator)
    surveys = survey_figures(store, indicator)
    sources = [g for g in store.graphs() if g.startswith(graph_iri("notices"))]
    triples = cube_triples(
        aggregates, indicator=indicator, targets=targets, surveys=surveys, sources=sources
    )
    run = store.rebuild_graph(INDICATORS_GRAPH, triples, source="indicators", inputs=[])
    observations = sum(len(c) for c in aggregates.values()) + len(surveys)
    return ComputeResult(
        lots=len(facts),
        series=len(aggregates) + (1 if surveys else 0),
        observations=observations,
        triples=run.triple_count,
        seconds=time.perf_counter() - started,
    )
