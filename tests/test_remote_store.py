"""The product on a SPARQL server: the demo's ingest builds the same graph as on the
embedded store, and a running server sees another process's ingest without restart.

The demo here runs the steps of ``keino demo`` that load the public bodies, the
KEINO ecosystem, the procurement notices, their links and the indicators (the
code lists, the CPV bridge, the companies, the funding, the spaCy documents and
the match index are left out to keep the suite fast; ``bench/store_backends.py``
builds and compares the whole demo on both backends).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from graph.queries import QueryCatalogue
from graph.results import Table, run_named
from graph.store import Store
from keino.demo import demo_steps
from tests.conftest import empty_remote

#: the demo steps run here (``DemoStep.order``): public bodies, ecosystem, notices,
#: links, indicators
SUBSET = (15, 30, 40, 45, 60)
ROOT = Path(__file__).resolve().parents[1]


def _build(store: Store) -> None:
    for step in demo_steps():
        if step.order in SUBSET:
            report = step.run(store)
            assert report is None or report.ok, f"{step.title} failed on {store.location}"


#: columns that name an ingest run or its times: each build has its own
RUN_COLUMNS = frozenset({"run", "started", "ended", "loaded"})


def _answer(store: Store, name: str) -> object:
    """A named query's answer on ``store`` in a comparable form: a SELECT's rows as
    sorted tuples without the run columns, each cell's comma-separated parts sorted
    (``GROUP_CONCAT`` order follows storage order, which the standard leaves open)."""
    query = QueryCatalogue().get(name)
    params = {p.name: p.example for p in query.params if not p.optional and p.example}
    answer = run_named(store, query, params)
    if isinstance(answer, Table):
        keep = [v for v in answer.variables if v not in RUN_COLUMNS]
        rows = sorted(
            tuple(", ".join(sorted(str(row.get(v, "")).split(", "))) for v in keep)
            for row in answer.rows
        )
        return keep, rows
    if isinstance(answer, bool):
        return answer
    return sorted(map(str, answer))


@pytest.fixture(scope="module")
def both(sparql_server: str) -> tuple[Store, Store]:
    """The demo subset built on the embedded store and on the SPARQL server."""
    embedded, remote = Store(), empty_remote(sparql_server)
    _build(embedded)
    _build(remote)
    return embedded, remote


def test_demo_on_a_sparql_server_has_the_same_counts_per_graph(both: tuple[Store, Store]) -> None:
    embedded, remote = both
    assert remote.graphs() == embedded.graphs()
    counts = {g: (embedded.count(g), remote.count(g)) for g in embedded.graphs()}
    assert all(a == b for a, b in counts.values()), counts
    assert len(counts) >= 6 and remote.count() == embedded.count() > 10_000


def test_demo_on_a_sparql_server_gives_the_same_named_query_answers(
    both: tuple[Store, Store],
) -> None:
    embedded, remote = both
    names = sorted(q.name for q in QueryCatalogue())
    answers = {name: (_answer(embedded, name), _answer(remote, name)) for name in names}
    differ = [name for name, (a, b) in answers.items() if a != b]
    assert not differ, f"answers differ on the SPARQL server: {differ}"
    answered = [
        name for name, (a, _b) in answers.items() if a not in (False, []) and a[1:] != ([],)
    ]
    assert len(answered) >= 10  # the comparison covers real answers, not only empty ones


def test_serve_sees_an_ingest_from_another_process_without_restart(
    sparql_server: str, live_server, tmp_path: Path
) -> None:
    """``keino serve`` on the server's URL and ``keino ingest`` in another process at
    once: the running API answers with the new data, search included."""
    from api.main import create_app

    store = empty_remote(sparql_server)
    url = live_server(create_app(store, warm=False)) + "/"
    ask = {"query": "ASK { ?s ?p 'Motiva Oy'@fi }"}
    json = {"Accept": "application/sparql-results+json"}
    assert httpx.get(url + "sparql", params=ask, headers=json).json()["boolean"] is False
    assert httpx.get(url + "search", params={"q": "Motiva"}).json()["hits"] == []
    done = subprocess.run(
        [
            str(Path(sys.executable).parent / "keino"),
            "--store",
            sparql_server,
            "ingest",
            "ecosystem",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    assert httpx.get(url + "sparql", params=ask, headers=json).json()["boolean"] is True
    found = httpx.get(url + "search", params={"q": "Motiva"}).json()["hits"]
    labels = [hit["label"] for hit in found]
    assert "Motiva Oy" in labels
