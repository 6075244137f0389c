"""Every researcher question in ``queries/*.rq`` runs on the demo graph.

Each query is run with the example values its header gives for its parameters,
so a query whose syntax, parameters or vocabulary drifted from the graph fails
here. The demo graph holds every source, so every question must have an answer
there (constraint checks, ``*-violation``, must have none).
"""

from __future__ import annotations

import pytest

from graph.queries import QueryCatalogue
from graph.results import run_named
from graph.store import Store

CATALOGUE = QueryCatalogue()
NAMES = sorted(q.name for q in CATALOGUE)


@pytest.mark.parametrize("name", NAMES)
def test_named_query_runs_on_demo_graph(demo_store: Store, name: str) -> None:
    query = CATALOGUE.get(name)
    params = {p.name: p.example for p in query.params if not p.optional and p.example}
    result = run_named(demo_store, query, params)
    if name.endswith("-violation"):
        assert not result.rows, f"{name}: constraint violated by {result.rows[:3]}"
    elif query.kind == "select":
        assert result.rows, f"{name} with {params} answers nothing on the demo graph"
    elif query.kind == "ask":
        assert result is True, f"{name} with {params} is false on the demo graph"
    else:
        assert result, f"{name} with {params} constructs nothing on the demo graph"
