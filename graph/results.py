"""Run queries and turn their answers into rows, tables, JSON, CSV or RDF.

>>> from graph.store import Store
>>> from graph.rdf import triple, lit
>>> store = Store()
>>> _ = store.load_triples("https://w3id.org/keino/graph/t",
...     [triple("https://w3id.org/keino/id/a", "http://www.w3.org/2004/02/skos/core#prefLabel",
...             lit("KEINO", lang="fi"))])
>>> table = select(store, "SELECT ?s ?l WHERE { ?s ?p ?l }")
>>> table.variables, table.rows[0]["l"]
(['s', 'l'], 'KEINO')
>>> print(to_csv(table), end="")
s,l
https://w3id.org/keino/id/a,KEINO
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from graph.queries import NamedQuery
from graph.store import Store


@dataclass
class Table:
    """A SELECT answer as plain values (IRIs and literals as strings)."""

    variables: list[str]
    rows: list[dict[str, Any]]
    terms: list[dict[str, Any]]


def plain(term: Any) -> Any:
    """An RDF term as a plain Python value; numbers and booleans typed."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value.rsplit("#", 1)[-1]
        if datatype in {"integer", "int", "long", "nonNegativeInteger"}:
            return int(term.value)
        if datatype in {"decimal", "double", "float"}:
            return float(term.value)
        if datatype == "boolean":
            return term.value == "true"
    return term.value


def select(store: Store, sparql: str, *, substitutions: Mapping[str, Any] | None = None) -> Table:
    """Run a SELECT and collect it into a :class:`Table`."""
    solutions = store.query(sparql, substitutions=dict(substitutions or {}))
    if not isinstance(solutions, ox.QuerySolutions):
        raise TypeError("select() runs SELECT queries only")
    variables = [v.value for v in solutions.variables]
    terms = [{name: solution[name] for name in variables} for solution in solutions]
    rows = [{name: plain(term) for name, term in row.items()} for row in terms]
    return Table(variables, rows, terms)


def run_named(store: Store, query: NamedQuery, values: Mapping[str, str]) -> Any:
    """Run a named query with request values (validated and typed by its header).

    A SELECT gives a :class:`Table`, an ASK a bool, a CONSTRUCT a list of triples.
    """
    bound = query.bind(values)
    if query.kind == "select":
        return select(store, query.sparql, substitutions=bound)
    answer = store.query(query.sparql, substitutions=bound)
    if isinstance(answer, ox.QueryBoolean):
        return bool(answer)
    return list(answer)


def to_json(table: Table) -> str:
    """``{"variables": [...], "rows": [{...}]}`` with plain values."""
    return json.dumps({"variables": table.variables, "rows": table.rows}, ensure_ascii=False)


def to_csv(table: Table, *, delimiter: str = ",") -> str:
    """CSV (or TSV) with a header row; missing values are empty."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow(table.variables)
    for row in table.rows:
        writer.writerow(["" if row.get(v) is None else row[v] for v in table.variables])
    return out.getvalue()
