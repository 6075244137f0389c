"""SHACL validation of the store (or any RDF) against ``ontology/shapes.ttl``.

The ontology is passed as ``ont_graph`` with RDFS inference, so a
``keino:Municipality`` is checked by the shapes of ``keino:ProcurementUnit``
and ``org:FormalOrganization`` too.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import pyshacl
import rdflib
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
    """Validate an rdflib graph; returns the violations (empty when it conforms)."""
    shapes, ontology = _shapes_and_ontology()
    conforms, report, _ = pyshacl.validate(
        data,
        shacl_graph=shapes,
        ont_graph=ontology,
        inference="rdfs",
        advanced=True,
        allow_warnings=True,
    )
    if conforms:
        return []
    return sorted(_violations(report), key=lambda v: (v.shape, v.focus))


def validate_triples(triples: Iterable[Triple]) -> list[Violation]:
    """Validate pyoxigraph triples (a store graph, a mapper's output)."""
    return validate_graph(to_rdflib_graph(triples))


def _violations(report: rdflib.Graph) -> list[Violation]:
    found = []
    for result in report.subjects(rdflib.RDF.type, SH.ValidationResult):
        shape = report.value(result, SH.sourceShape)
        path = report.value(result, SH.resultPath)
        severity = report.value(result, SH.resultSeverity)
        found.append(
            Violation(
                focus=str(report.value(result, SH.focusNode)),
                shape=str(shape),
                path=str(path) if isinstance(path, rdflib.URIRef) else None,
                severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
                message=str(report.value(result, SH.resultMessage) or "constraint not met"),
            )
        )
    return found
