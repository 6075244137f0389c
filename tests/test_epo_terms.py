"""Every ``epo:`` term written anywhere in the product is an ePO 4.2 term.

The scan reads the product's Python code (``EPO.term``, ``EPO + "term"``,
``f"{EPO}term"``, SPARQL text ``epo:term``, full IRIs), the named queries in
``queries/`` and the Turtle files in ``ontology/`` (tests are left out: their
small hand-made graphs use shortcut relations no reader relies on), and checks
each term against the ePO 4.2 Turtle files in ``../shared/data/epo`` (core,
eNotice, eContract). A term ePO 4.2 lacks fails
the test with the file and line that writes it. The ePO 4.0 terms an older
mapping wrote are named once, in :data:`graph.namespaces.RETIRED_EPO_TERMS`, so
``keino validate`` can recognise an old store; they must stay absent from ePO 4.2.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import rdflib

from graph.namespaces import EPO_NS, RETIRED_EPO_TERMS

ROOT = Path(__file__).resolve().parents[1]
#: where terms are written: code, benches, queries and the ontology
SOURCES = {
    "graph": "*.py", "ingest": "*.py", "api": "*.py", "keino": "*.py", "bench": "*.py",
    "scripts": "*.py", "data": "*.py", "queries": "*.rq", "ontology": "*.ttl",
}  # fmt: skip
_TERM = r"([A-Za-z][A-Za-z0-9_]*)"
PATTERNS = (
    re.compile(r"\bepo:" + _TERM),  # SPARQL and Turtle
    re.compile(r"\b_?EPO\." + _TERM),  # graph.namespaces.EPO
    re.compile(r"\b_?EPO\s*\+\s*[\"']" + _TERM),  # EPO + "term" in tests and benches
    re.compile(r"\{_?EPO\}" + _TERM),  # f"{EPO}term"
    re.compile(re.escape(EPO_NS) + _TERM),  # the full IRI
)


def used_terms() -> Iterator[tuple[str, str, int]]:
    """(term, file, line) of every ePO term written in :data:`SOURCES`."""
    for folder, pattern in SOURCES.items():
        for path in sorted((ROOT / folder).rglob(pattern)):
            if path.name == "namespaces.py" and path.parent.name == "graph":
                continue  # the EPO class is checked by test_namespaces; retired terms live here
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                for regex in PATTERNS:
                    for match in regex.finditer(line):
                        yield match.group(1), str(path.relative_to(ROOT)), number


@pytest.fixture(scope="module")
def epo_42(shared_data: Path) -> set[str]:
    """Local names of every term the ePO 4.2 Turtle files define."""
    folder = shared_data / "epo" / "implementation"
    if not folder.is_dir():
        pytest.skip(f"{folder} is absent: the term check needs the shared ePO 4.2 files")
    graph = rdflib.Graph()
    for path in sorted(folder.rglob("*.ttl")):
        if "shacl_shapes" not in path.parts:
            graph.parse(path, format="turtle")
    return {
        str(s).removeprefix(EPO_NS)
        for s in graph.subjects()
        if isinstance(s, rdflib.URIRef) and str(s).startswith(EPO_NS)
    }


def test_the_scan_finds_terms_in_every_kind_of_source() -> None:
    files = {file.split("/", 1)[0] for _, file, _ in used_terms()}
    assert {"graph", "ingest", "queries", "ontology", "bench"} <= files


@pytest.mark.shared
def test_every_epo_term_written_is_an_epo_4_2_term(epo_42: set[str]) -> None:
    unknown = sorted({(t, f, n) for t, f, n in used_terms() if t not in epo_42})
    assert unknown == [], "terms ePO 4.2 lacks: " + ", ".join(
        f"{t} ({f}:{n})" for t, f, n in unknown
    )


@pytest.mark.shared
def test_the_retired_terms_are_not_epo_4_2_terms(epo_42: set[str]) -> None:
    retired = {iri.removeprefix(EPO_NS) for iri in RETIRED_EPO_TERMS}
    assert retired and not retired & epo_42
    replacements = {iri.removeprefix(EPO_NS) for iri in RETIRED_EPO_TERMS.values()}
    assert {t for t in replacements if "#" not in t and "/" not in t} <= epo_42


def test_validate_asks_a_store_in_epo_4_0_terms_to_reingest(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from graph.procurement import retired_terms_in, triple
    from graph.rdf import lit
    from graph.store import Store
    from keino.cli import app

    old_title = next(t for t, new in RETIRED_EPO_TERMS.items() if new.endswith("/title"))
    store = Store(tmp_path / "store")
    lot = "https://w3id.org/keino/id/notice/n1/lot/LOT-0001"
    store.replace_graph(
        "https://w3id.org/keino/graph/notices/old",
        [triple(lot, old_title, lit("Siivous", lang="fi"))],
        source="notices",
        inputs=[],
    )
    assert retired_terms_in(store) == [old_title]
    store.flush()
    del store
    result = CliRunner().invoke(app, ["--store", str(tmp_path / "store"), "validate"])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and "re-ingest" in lines[0] and "hasTitle" in lines[0], lines
