"""SPARQL text built from RDF terms' own serialisation, never from raw strings.

A VALUES block is the one piece of query text made at run time: each IRI goes
through ``pyoxigraph.NamedNode``, which refuses what is not an IRI, and is
written as the term serialises itself.

>>> values("x", ["https://w3id.org/keino/id/a", "https://w3id.org/keino/id/b"])
'VALUES ?x { <https://w3id.org/keino/id/a> <https://w3id.org/keino/id/b> }'
>>> values("x", ["> } DROP ALL #"])  # doctest: +IGNORE_EXCEPTION_DETAIL
Traceback (most recent call last):
ValueError: invalid IRI
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox


def values(variable: str, iris: Iterable[str]) -> str:
    """``VALUES ?variable { <iri> … }`` for ``iris``; raises ValueError for a non-IRI."""
    if not variable.isidentifier():
        raise ValueError(f"not a SPARQL variable name: {variable!r}")
    return f"VALUES ?{variable} {{ " + " ".join(str(ox.NamedNode(i)) for i in iris) + " }"
