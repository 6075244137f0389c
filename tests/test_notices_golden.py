"""Golden RDF: the whole mapping of the minimal and the maximal eForms award notice
of the bundled SDK examples, compared as graphs (``rdflib.compare.isomorphic``).

The per-field ASK checks in ``test_notices.py`` say that each field arrives; this
says that nothing else changed. After a deliberate change of the mapping,
regenerate with ``KEINO_REGENERATE_GOLDEN=1 .venv/bin/pytest tests/test_notices_golden.py``
and review the diff of ``tests/data/golden/*.nt`` (sorted N-Triples); it is never
regenerated otherwise.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import rdflib
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from graph.iris import graph_iri
from graph.store import Store
from ingest import notices

ROOT = Path(__file__).resolve().parents[1]
SDK = ROOT / "data" / "notices" / "eforms-sdk"
GOLDEN = Path(__file__).parent / "data" / "golden"
REGENERATE = os.environ.get("KEINO_REGENERATE_GOLDEN") == "1"


def _mapped(path: Path) -> str:
    """The notices graph of ``path`` loaded alone into a fresh store, as sorted N-Triples."""
    store = Store()
    report = notices.ingest(store, [path], batch="golden")
    assert report.ok, report.problems()
    return "".join(sorted(f"{t} .\n" for t in store.triples(graph_iri("notices", "golden"))))


def _graph(ntriples: str) -> rdflib.Graph:
    """Both sides through the same parser, so literals are compared alike."""
    return rdflib.Graph().parse(data=ntriples, format="nt")


def _difference(expected: rdflib.Graph, actual: rdflib.Graph, limit: int = 8) -> str:
    _both, missing, extra = graph_diff(to_isomorphic(expected), to_isomorphic(actual))
    lines = [f"- {t}" for t in sorted(missing, key=str)[:limit]]
    lines += [f"+ {t}" for t in sorted(extra, key=str)[:limit]]
    return f"{len(missing)} triple(s) missing, {len(extra)} new:\n" + "\n".join(lines)


@pytest.mark.parametrize("name", ["can_24_minimal", "can_24_maximal"])
def test_notice_maps_to_its_golden_graph(name: str) -> None:
    text = _mapped(SDK / f"{name}.xml")
    golden = GOLDEN / f"{name}.nt"
    if REGENERATE:
        golden.write_text(text, encoding="utf-8")
    assert golden.is_file(), f"{golden} is missing: generate it with KEINO_REGENERATE_GOLDEN=1"
    expected, actual = _graph(golden.read_text(encoding="utf-8")), _graph(text)
    assert len(actual) > 50  # a notice's mapping, not an empty graph
    assert isomorphic(expected, actual), _difference(expected, actual)
