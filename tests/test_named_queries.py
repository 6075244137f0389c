"""Every researcher question in ``queries/*.rq`` runs on the demo graph.

Each query is run with the example values its header gives for its parameters,
so a query whose syntax, parameters or vocabulary drifted from the graph fails
here. The demo graph holds every source, so every question must have an answer
there (constraint checks, ``*-violation``, must have none).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from graph.queries import QueryCatalogue
from graph.results import run_named, to_csv
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


# ------------------------------------------------------------ expected results
#: key questions whose whole answer on the demo graph is fixed in
#: ``queries/NAME.expected.csv`` (queries/README.md)
KEY_QUERIES = (
    "buyer-suppliers-rd-funding",
    "companies-by-tol-division-and-region",
    "goals-and-indicators",
    "indicator-innovative-share-by-year",
    "keino-consortium-on-date",
    "ministry-steers-and-funds",
    "municipalities-in-region",
    "national-figures",
    "notice-winners-funding-history",
    "innovative-lot-winners-rd-funding",
    "green-deal-signatories-green-share",
    "programme-participants-innovative-share",
    "green-deal-signatory-suppliers",
    "buyers-closest-to-innovation-target",
)
QUERIES = Path(__file__).resolve().parents[1] / "queries"
REGENERATE = os.environ.get("KEINO_REGENERATE_GOLDEN") == "1"


def _rows(text: str) -> tuple[str, list[str]]:
    """Header and sorted data lines of a CSV answer (row order is not part of it)."""
    header, *rows = text.splitlines()
    return header, sorted(rows)


@pytest.mark.parametrize("name", KEY_QUERIES)
def test_key_query_gives_its_expected_answer(demo_store: Store, name: str) -> None:
    query = CATALOGUE.get(name)
    params = {p.name: p.example for p in query.params if not p.optional and p.example}
    answer = to_csv(run_named(demo_store, query, params))
    path = QUERIES / f"{name}.expected.csv"
    if REGENERATE:
        path.write_text(answer, encoding="utf-8")
    assert path.is_file(), f"{path} is missing: generate it with KEINO_REGENERATE_GOLDEN=1"
    header, rows = _rows(path.read_text(encoding="utf-8"))
    assert rows, f"{path} expects no rows: a key question has an answer"
    assert _rows(answer) == (header, rows)


def test_every_expected_answer_belongs_to_a_key_query() -> None:
    files = {p.name.removesuffix(".expected.csv") for p in QUERIES.glob("*.expected.csv")}
    assert files == set(KEY_QUERIES)
