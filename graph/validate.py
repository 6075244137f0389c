"""SHACL validation of the store (or any RDF) against ``ontology/shapes.ttl``.

The ontology is mixed into the data graph (``ont_graph``) without running
inference: its ``rdfs:subClassOf`` triples are enough for a shape targeting
``org:Organization`` to check a ``keino:Municipality`` too, and RDFS inference
over the 100,000 code-list triples would cost minutes. The store is validated
one named graph at a time (:func:`validate_store`), since every source keeps
what its shapes check inside its own graph.

>>> import rdflib
>>> data = rdflib.Graph().parse(format="turtle", data='''
...     @prefix keino: <https://w3id.org/keino/ontology#> .
...     <https://w3id.org/keino/id/org/x> a keino:Ministry .''')
>>> [v.path for v in validate_graph(data)]
['http://www.w3.org/2004/02/skos/core#prefLabel', 'http://www.w3.org/2004/02/skos/core#prefLabel']
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import pyoxigraph as ox
import pyshacl
import rdflib
import rdflib.collection
from rdflib.namespace import SH

from graph.rdf import Triple, to_rdflib_graph
from graph.resources import resource_dir


@dataclass(frozen=True)
class Violation:
    """One SHACL result, in words a user can act on."""

    focus: str
    shape: str
    path: str | None
    severity: str
    message: str

    def __str__(self) -> str:
        where = f" {self.path}" if self.path else ""
        return f"[{self.severity}] {self.focus}{where}: {self.message} (shape {self.shape})"


@lru_cache(maxsize=1)
def _shapes_and_ontology() -> tuple[rdflib.Graph, rdflib.Graph]:
    folder = resource_dir("ontology")
    shapes = rdflib.Graph().parse(folder / "shapes.ttl", format="turtle")
    ontology = rdflib.Graph().parse(folder / "keino.ttl", format="turtle")
    return shapes, ontology


def validate_graph(data: rdflib.Graph) -> list[Violation]:
    """Validate an rdflib graph; return every result (violations and warnings).

    ``Violation.severity`` tells them apart; the list is empty when ``data``
    conforms without warnings.

    The ontology's triples are added to ``data`` (pass a copy to keep it clean).
    """
    shapes, ontology = _shapes_and_ontology()
    _conforms, report, _text = pyshacl.validate(
        data,
        shacl_graph=shapes,
        ont_graph=ontology,
        inference="none",
        advanced=False,
        allow_warnings=True,
        inplace=True,
    )
    # With allow_warnings a graph with only warnings "conforms": read the report
    # anyway, so warnings reach the user too.
    return sorted(_violations(report), key=lambda v: (v.shape, v.focus))


def validate_triples(triples: Iterable[Triple]) -> list[Violation]:
    """Validate pyoxigraph triples (a store graph, a mapper's output)."""
    return validate_graph(to_rdflib_graph(triples))


def graph_as_rdflib(store: Any, graph: str) -> rdflib.Graph:
    """One named graph of a :class:`graph.store.Store` as an rdflib graph.

    Goes through N-Triples bytes: faster than converting term by term.
    """
    data = ox.serialize(store.triples(graph), format=ox.RdfFormat.N_TRIPLES) or b""
    return rdflib.Graph().parse(data=data.decode("utf-8"), format="nt")


def validate_store(store: Any, graph: str | None = None) -> tuple[list[Violation], int]:
    """Validate every named graph of ``store`` (or only ``graph``) on its own.

    Returns the violations of all graphs and the number of triples checked.
    """
    found: list[Violation] = []
    checked = 0
    for name in [graph] if graph else store.graphs():
        data = graph_as_rdflib(store, name)
        checked += len(data)
        found += validate_graph(data)
    return found, checked


def _violations(report: rdflib.Graph) -> list[Violation]:
    """Read the ``sh:ValidationResult`` nodes of a pyshacl report."""
    shapes, _ = _shapes_and_ontology()
    found = []
    for result in report.subjects(rdflib.RDF.type, SH.ValidationResult):
        severity = report.value(result, SH.resultSeverity)
        found.append(
            Violation(
                focus=str(report.value(result, SH.focusNode)),
                shape=_shape_name(shapes, report.value(result, SH.sourceShape)),
                path=_path_text(report, report.value(result, SH.resultPath)),
                severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
                message=str(report.value(result, SH.resultMessage) or "constraint not met"),
            )
        )
    return found


def _shape_name(shapes: rdflib.Graph, shape: Any) -> str:
    """The IRI of a shape; an anonymous property shape is named by its node shape."""
    seen = 0
    while isinstance(shape, rdflib.BNode) and seen < 5:
        parent = shapes.value(None, SH.property, shape) or shapes.value(None, SH.node, shape)
        if parent is None:
            break
        shape, seen = parent, seen + 1
    return str(shape)


def _path_text(report: rdflib.Graph, path: Any) -> str | None:
    """A SHACL path as text: an IRI, ``a/b/c`` for a sequence, ``^p`` for an inverse."""
    if isinstance(path, rdflib.URIRef):
        return str(path)
    if not isinstance(path, rdflib.BNode):
        return None
    inverse = report.value(path, SH.inversePath)
    if inverse is not None:
        return f"^{inverse}"
    steps = list(rdflib.collection.Collection(report, path))
    return "/".join(str(step) for step in steps) or None
