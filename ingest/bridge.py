"""The TOL 2008 ↔ CPV bridge into ``kg:bridge``: SKOS mappings with method and confidence.

Derived from what the store holds (TOL labels in ``kg:companies``, CPV labels in
``kg:codelists``; see :mod:`graph.bridge` for how mappings are scored) and the
curated ``data/bridge/overrides.csv`` (each row with its reason). Each mapping is
written twice: as the plain SKOS mapping (``tol skos:closeMatch cpv``) that any
SKOS client reads, and as a ``keino:ConceptMapping`` node (``rdf:subject``,
``rdf:predicate``, ``rdf:object`` as a statement) carrying ``keino:mappingMethod``
(``label-lemmas``, ``division-labels`` or ``curated``), ``keino:confidence``,
``skos:note`` (the shared terms, or the curated reason) and ``prov:wasDerivedFrom``
(the two concepts whose labels it rests on, or the override file). The
matcher cites the node's IRI when a company's main line fits a need.

Recomputed after an ingest of the code lists or the registry (``after_ingest``
in ``keino/commands/bridge.py``). A bad override row names file and line, and the
graph keeps its previous state.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from rdflib.namespace import DCTERMS, PROV, RDF, SKOS

from graph.bridge import (
    Mapping,
    apply_overrides,
    compute_mappings,
    cpv_labels,
    mapping_iri,
    read_overrides,
    tol_labels,
)
from graph.codes import CPV_SCHEME
from graph.iris import entity_iri, graph_iri
from graph.namespaces import KEINO
from graph.rdf import Triple, a, lit, triple
from graph.resources import resource_dir
from graph.store import SourceFile, Store
from ingest.report import IngestReport
from ingest.tol import tol_iri

GRAPH = graph_iri("bridge")


def overrides_path() -> Path:
    """The bundled curated override file."""
    return resource_dir("data") / "bridge" / "overrides.csv"


def cpv_iri(code: str) -> str:
    return f"{CPV_SCHEME}/{code}"


def mapping_triples(m: Mapping, overrides_doc: str) -> list[Triple]:
    """The SKOS mapping and its ``keino:ConceptMapping`` node (pure)."""
    node, subject, obj = mapping_iri(m.tol, m.cpv), tol_iri(m.tol), cpv_iri(m.cpv)
    relation = str(SKOS[m.relation])
    sources = [overrides_doc] if m.method == "curated" else [subject, obj]
    return [
        triple(subject, relation, obj),
        a(node, KEINO.ConceptMapping),
        triple(node, RDF.subject, subject),
        triple(node, RDF.predicate, relation),
        triple(node, RDF.object, obj),
        triple(node, KEINO.mappingMethod, lit(m.method)),
        triple(node, KEINO.confidence, lit(Decimal(str(m.confidence)))),
        triple(node, SKOS.note, lit(m.note)),
        *(triple(node, PROV.wasDerivedFrom, s) for s in sources),
    ]


def ingest(store: Store, overrides: Path | None = None) -> IngestReport:
    """Recompute ``kg:bridge`` from the labels in the store and the override file."""
    report = IngestReport("bridge", graph=GRAPH)
    path = overrides or overrides_path()
    try:
        curated = read_overrides(path.read_text(encoding="utf-8"), str(path))
    except (OSError, ValueError) as exc:
        report.failed(str(path), str(exc))
        report.refused = "the override file is unreadable; the bridge keeps its previous state"
        return report
    tol, cpv = tol_labels(store), cpv_labels(store)
    known = [o for o in curated if o.cpv in cpv]
    for o in curated:
        if o.cpv not in cpv:
            report.skipped(str(path), f"CPV {o.cpv} is not in the code lists", line=o.line)
    mappings = apply_overrides(compute_mappings(tol, cpv), known)
    doc = entity_iri("document", "bridge-" + path.stem)
    triples = [triple(doc, DCTERMS.title, lit(path.name))]
    for m in mappings:
        triples += mapping_triples(m, doc)
        report.mapped(m.tol)
    run = store.replace_graph(GRAPH, triples, source="bridge", inputs=[SourceFile.of(path)])
    report.triple_count, report.run_iri = run.triple_count, run.iri
    return report
