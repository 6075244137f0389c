"""Provenance across sources: every quoted fact can be found in its document.

Curated facts (ecosystem), extracted facts (documents) and the indicators'
survey and target values cite a seed document and quote it. On the demo graph,
each quote must occur in the document it cites (whitespace aside), and every
cited document must be one of the bundled texts; and every named graph must
name the ingest run that generated it.
"""

from __future__ import annotations

import re

from graph.resources import resource_dir
from graph.results import select
from graph.store import Store
from ingest.documents import document_iri

CITED = """
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX keino: <https://w3id.org/keino/ontology#>
SELECT DISTINCT ?c ?doc ?quote WHERE {
  ?c keino:quote ?quote ; prov:wasDerivedFrom ?doc .
  FILTER(STRSTARTS(STR(?doc), "https://w3id.org/keino/id/document/"))
}"""


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()  # \s covers no-break spaces too


def test_every_quote_occurs_in_the_document_it_cites(demo_store: Store) -> None:
    texts = {
        document_iri(str(path)): _norm(path.read_text(encoding="utf-8"))
        for path in sorted((resource_dir("data") / "documents").glob("*.txt"))
    }
    rows = select(demo_store, CITED).rows
    assert len(rows) > 500, "the demo graph should carry hundreds of quoted facts"
    unknown = {r["doc"] for r in rows} - texts.keys()
    assert not unknown, f"citations of documents that are not bundled: {sorted(unknown)}"
    missing = [(r["c"], r["quote"]) for r in rows if _norm(r["quote"]) not in texts[r["doc"]]]
    assert not missing, f"{len(missing)} quotes not found in their document, e.g. {missing[:3]}"


def test_every_named_graph_names_its_ingest_run(demo_store: Store) -> None:
    rows = select(
        demo_store,
        """PREFIX prov: <http://www.w3.org/ns/prov#>
        SELECT DISTINCT ?g WHERE { ?g prov:wasGeneratedBy ?run . ?run a prov:Activity }""",
    ).rows
    generated = {r["g"] for r in rows}
    ungenerated = [
        g for g in demo_store.graphs() if g not in generated and not g.endswith("provenance")
    ]
    assert not ungenerated, f"graphs without an ingest run: {ungenerated}"
