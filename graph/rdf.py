"""RDF terms for mappers, and conversions; the only term factory ingest uses.

Mappers build triples with :func:`iri` and :func:`lit` and never import
pyoxigraph themselves, so ``graph/`` stays the one place that talks to it.

>>> t = triple("https://w3id.org/keino/id/x", "http://www.w3.org/2004/02/skos/core#prefLabel",
...            lit("Hansel Oy", lang="fi"))
>>> t.object.language
'fi'
>>> lit(3).datatype.value
'http://www.w3.org/2001/XMLSchema#integer'
>>> lit(True).value
'true'
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from decimal import Decimal

import pyoxigraph as ox
import rdflib

XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

Term = ox.NamedNode | ox.BlankNode | ox.Literal
Triple = ox.Triple
Quad = ox.Quad

_DATATYPES: dict[type, str] = {
    bool: XSD + "boolean",
    int: XSD + "integer",
    float: XSD + "double",
    Decimal: XSD + "decimal",
    dt.datetime: XSD + "dateTime",
    dt.date: XSD + "date",
}


class InvalidIri(ValueError):
    """A string that is not a valid IRI (user input: the API answers 400)."""


def iri(value: str) -> ox.NamedNode:
    """A named node from an IRI string (rdflib ``URIRef`` works too).

    Raises :class:`InvalidIri` for a string that is not an absolute IRI.

    >>> iri("https://w3id.org/keino/id/a b")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    graph.rdf.InvalidIri: not a valid IRI: 'https://w3id.org/keino/id/a b' (...)
    """
    try:
        return ox.NamedNode(str(value))
    except ValueError as exc:
        raise InvalidIri(f"not a valid IRI: {str(value)[:200]!r} ({exc})") from None


def lit(value: object, *, lang: str | None = None, datatype: str | None = None) -> ox.Literal:
    """A literal; Python ``bool``/``int``/``Decimal``/``date``/``datetime`` get XSD types."""
    if lang:
        return ox.Literal(str(value), language=lang.lower())
    if datatype:
        return ox.Literal(str(value), datatype=ox.NamedNode(str(datatype)))
    for py_type, xsd_type in _DATATYPES.items():
        if type(value) is py_type:
            text = (
                str(value).lower()
                if py_type is bool
                else (value.isoformat() if isinstance(value, dt.date) else str(value))
            )
            return ox.Literal(text, datatype=ox.NamedNode(xsd_type))
    return ox.Literal(str(value))


def triple(s: str | ox.NamedNode | ox.BlankNode, p: str | ox.NamedNode, o: str | Term) -> ox.Triple:
    """A triple; string subject/predicate/object are taken as IRIs."""
    subj = iri(s) if isinstance(s, str) else s
    pred = iri(p) if isinstance(p, str) else p
    obj = iri(o) if isinstance(o, str) else o
    return ox.Triple(subj, pred, obj)


def a(s: str | ox.NamedNode, cls: str) -> ox.Triple:
    """``s rdf:type cls``."""
    return triple(s, RDF_TYPE, cls)


def values(variable: str, terms: Iterable[Term]) -> str:
    """A SPARQL ``VALUES`` clause of one variable, from the terms' own serialisation.

    The way to hand a list of terms to a query (pyoxigraph's ``substitutions`` bind
    one term per variable): nothing but N-Triples terms enters the query text.

    IRIs become terms through :func:`iri`, which refuses what is not an IRI; a plain
    string is refused here (TypeError) rather than written into the query as it is.

    >>> values("key", [iri("urn:a"), lit("b c")])
    'VALUES ?key { <urn:a> "b c" }'
    >>> values("key", ["> } DROP ALL #"])  # doctest: +IGNORE_EXCEPTION_DETAIL
    Traceback (most recent call last):
    TypeError: not an RDF term
    """
    if not variable.isidentifier():
        raise ValueError(f"not a SPARQL variable name: {variable!r}")
    written = []
    for term in terms:
        if not isinstance(term, ox.NamedNode | ox.BlankNode | ox.Literal):
            raise TypeError(f"not an RDF term: {term!r}")
        written.append(str(term))
    return "VALUES ?" + variable + " { " + " ".join(written) + " }"


def to_rdflib(term: Term) -> rdflib.term.Identifier:
    """Convert a pyoxigraph term to its rdflib equivalent."""
    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    if term.language:
        return rdflib.Literal(term.value, lang=term.language)
    return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))


def to_rdflib_graph(triples: Iterable[ox.Triple | ox.Quad]) -> rdflib.Graph:
    """Collect triples (or the triples of quads) into an rdflib graph."""
    graph = rdflib.Graph()
    for t in triples:
        if isinstance(t.subject, ox.Triple) or isinstance(t.object, ox.Triple):
            raise TypeError(f"RDF 1.2 triple terms are not supported here: {t}")
        graph.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
    return graph


def from_rdflib(graph: rdflib.Graph) -> Iterator[ox.Triple]:
    """Yield the triples of an rdflib graph as pyoxigraph triples."""
    for s, p, o in graph:
        subject, obj = _from(s), _from(o)
        if isinstance(subject, ox.Literal):
            raise TypeError(f"literal subject {s!r}")
        yield ox.Triple(subject, ox.NamedNode(str(p)), obj)


def _from(node: rdflib.term.Node) -> Term:
    if isinstance(node, rdflib.URIRef):
        return ox.NamedNode(str(node))
    if isinstance(node, rdflib.BNode):
        return ox.BlankNode(str(node))
    if isinstance(node, rdflib.Literal):
        if node.language:
            return ox.Literal(str(node), language=node.language)
        if node.datatype:
            return ox.Literal(str(node), datatype=ox.NamedNode(str(node.datatype)))
        return ox.Literal(str(node))
    raise TypeError(f"cannot convert {node!r}")
