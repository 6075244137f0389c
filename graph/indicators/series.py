"""Reading indicator series from the cube in ``kg:indicators``.

Every value a query needs is bound with ``substitutions=``; the queries are
constants. Breakdown values get readable names here (buyer names from the
notices, Finnish labels of regions and CPV divisions from the code lists).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from graph.codes import cpv_label, nuts_label
from graph.indicators.vocabulary import (
    METHOD_NOTICES,
    METHOD_SURVEY,
    SURVEY_SERIES,
    breakdown_of,
)
from graph.iris import indicator_dataset_iri
from graph.rdf import iri, lit
from graph.store import Store


@dataclass(frozen=True)
class Point:
    """One observation of a series, ready for a chart or a table row."""

    year: int
    share: float
    method: str = METHOD_NOTICES
    key: str | None = None  # breakdown value: buyer IRI, NUTS code, CPV division, type
    label: str | None = None  # its name (buyer name, region, CPV division title)
    value_share: float | None = None
    lots: int | None = None
    flagged: int | None = None
    missing_flag: int | None = None
    missing_value: int | None = None
    amount: float | None = None
    flagged_amount: float | None = None


@dataclass(frozen=True)
class SeriesInfo:
    """A series as listed: name, titles, flag, breakdown, number of observations."""

    name: str
    title: dict[str, str]
    flag: str
    breakdown: str
    observations: int


@dataclass(frozen=True)
class Series:
    """One indicator series: its points, the indicator it measures and its target."""

    name: str
    title: dict[str, str]
    flag: str
    breakdown: str
    indicator: str | None
    target: float | None  # a share, 0.10 for the 10 % goal
    points: list[Point]


class UnknownSeries(KeyError):
    """No series of that name in ``kg:indicators``."""


_PREFIXES = """PREFIX qb: <http://purl.org/linked-data/cube#>
PREFIX keino: <https://w3id.org/keino/ontology#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX epo: <http://data.europa.eu/a4g/ontology#>
"""
_Q_LIST = (
    _PREFIXES
    + """SELECT ?ds ?name ?flag ?label (COUNT(?obs) AS ?n) WHERE {
  GRAPH <https://w3id.org/keino/graph/indicators> {
    ?ds a qb:DataSet ; dct:identifier ?name ; keino:flag ?flag ; rdfs:label ?label .
    OPTIONAL { ?obs qb:dataSet ?ds } } }
GROUP BY ?ds ?name ?flag ?label ORDER BY ?name"""
)
#: the target value is a curated fact of the ecosystem graph; the cube links to it
_Q_HEAD = (
    _PREFIXES
    + """SELECT ?ds ?label ?flag ?indicator ?target WHERE {
  GRAPH <https://w3id.org/keino/graph/indicators> {
    ?ds keino:flag ?flag ; rdfs:label ?label . OPTIONAL { ?ds keino:indicator ?indicator } }
  OPTIONAL { GRAPH <https://w3id.org/keino/graph/indicators> { ?ds keino:hasTarget ?goal }
             ?goal keino:targetValue ?target } }"""
)
#: one row per (observation, property): pivoted in Python, because a row per
#: observation with eight OPTIONALs is ten times slower on a 10,000-point series
_Q_POINTS = (
    _PREFIXES
    + """SELECT ?ds ?obs ?p ?o WHERE {
  GRAPH <https://w3id.org/keino/graph/indicators> { ?obs qb:dataSet ?ds ; ?p ?o } }"""
)
#: the same for the ``?limit`` breakdown values ranked first when the cube was written
_Q_TOP_POINTS = (
    _PREFIXES
    + """SELECT ?ds ?limit ?obs ?p ?o WHERE {
  GRAPH <https://w3id.org/keino/graph/indicators> {
    ?ds keino:ranking ?r . ?r keino:rank ?n ; keino:breakdown ?key FILTER(?n <= ?limit)
    ?obs qb:dataSet ?ds ; keino:breakdown ?key ; ?p ?o } }"""
)
_Q_NAMES = (
    _PREFIXES
    + """SELECT DISTINCT ?ds ?key ?name WHERE {
  GRAPH <https://w3id.org/keino/graph/indicators> { ?ds keino:ranking/keino:breakdown ?key }
  ?key epo:hasLegalName ?name }"""
)
_Q_TOP_NAMES = (
    _PREFIXES
    + """SELECT DISTINCT ?ds ?limit ?key ?name WHERE {
  GRAPH <https://w3id.org/keino/graph/indicators> {
    ?ds keino:ranking ?r . ?r keino:rank ?n ; keino:breakdown ?key FILTER(?n <= ?limit) }
  ?key epo:hasLegalName ?name }"""
)
_TYPE_LABEL = {"municipal": "kunnat", "state": "valtio", "other": "muut", "unknown": "tuntematon"}


def list_series(store: Store) -> list[SeriesInfo]:
    """Every series in ``kg:indicators`` (empty before the first computation)."""
    found: dict[str, dict[str, Any]] = {}
    for _ds, name, flag, label, n in _rows(store, _Q_LIST):
        entry = found.setdefault(name.value, {"title": {}, "flag": flag.value, "n": 0})
        entry["title"][label.language or ""] = label.value
        entry["n"] = max(entry["n"], int(n.value))
    return [
        SeriesInfo(
            name=name,
            title=dict(sorted(e["title"].items())),
            flag=e["flag"].rsplit("#", 1)[-1],
            breakdown=breakdown_of(name),
            observations=e["n"],
        )
        for name, e in sorted(found.items())
    ]


def series(store: Store, name: str, *, limit: int | None = None) -> Series:
    """The series ``name`` read from the cube, points by year then breakdown.

    ``<flag>-share`` also carries the survey observations (``method="survey"``)
    so that one chart shows both. ``limit`` keeps the points of the ``limit``
    breakdown values with the most lots over all years (the largest buyers of a
    by-buyer series; ties go to the first key; None keeps all). Raises
    :class:`UnknownSeries`.
    """
    ds = indicator_dataset_iri(name)
    head = list(_rows(store, _Q_HEAD, ds=iri(ds)))
    if not head:
        raise UnknownSeries(name)
    title = {h[1].language or "": h[1].value for h in head}
    indicator = next((h[3].value for h in head if h[3] is not None), None)
    target = next((float(h[4].value) for h in head if h[4] is not None), None)
    breakdown = breakdown_of(name)
    # a notice observation states its method; the survey's are all of one
    method = METHOD_SURVEY if name == SURVEY_SERIES else METHOD_NOTICES
    top = None if breakdown == "total" else limit
    points = list(_points(store, ds, breakdown, method, top))
    if name == "innovative-share":
        points += _points(store, indicator_dataset_iri(SURVEY_SERIES), breakdown, METHOD_SURVEY)
    points.sort(key=lambda p: (p.year, p.method, p.label or "", p.key or ""))
    flag = head[0][2].value.rsplit("#", 1)[-1]
    return Series(name, dict(sorted(title.items())), flag, breakdown, indicator, target, points)


def _rows(store: Store, sparql: str, **bound: Any) -> Iterator[list[Any]]:
    solutions = store.query(sparql, substitutions=bound or None)
    width = len(solutions.variables)
    for solution in solutions:
        yield [solution[i] for i in range(width)]


def _num(value: str | None, kind: type = float) -> Any:
    return None if value is None else kind(value)


def _observations(store: Store, ds: str, limit: int | None) -> dict[str, dict[str, str | None]]:
    """Observation → {property local name: value} of data set ``ds``."""
    bound: dict[str, Any] = {"ds": iri(ds)}
    query = _Q_POINTS
    if limit is not None:
        query, bound["limit"] = _Q_TOP_POINTS, lit(int(limit))
    observations: dict[str, dict[str, str | None]] = defaultdict(dict)
    for *_bound, obs, p, o in store.select_values(query, substitutions=bound):
        assert obs is not None and p is not None
        observations[obs][p.rsplit("#", 1)[-1]] = o
    return observations


def _buyer_names(store: Store, ds: str, limit: int | None) -> dict[str, str]:
    """Buyer IRI → legal name for the buyers of data set ``ds`` (the first in sort order
    when a buyer has two)."""
    bound: dict[str, Any] = {"ds": iri(ds)}
    query = _Q_NAMES
    if limit is not None:
        query, bound["limit"] = _Q_TOP_NAMES, lit(int(limit))
    names: dict[str, str] = {}
    for *_bound, key, name in store.select_values(query, substitutions=bound):
        assert key is not None and name is not None
        names[key] = min(names.get(key, name), name)
    return names


def _points(
    store: Store, ds: str, breakdown: str, method: str, limit: int | None = None
) -> Iterator[Point]:
    """The observations of data set ``ds`` (a known IRI: :func:`series` checked it)."""
    names = _buyer_names(store, ds, limit) if breakdown == "buyer" else {}
    for props in _observations(store, ds, limit).values():
        key = props.get("breakdown")
        code = _key_code(breakdown, key) if key is not None else None
        yield Point(
            year=int((props["refPeriod"] or "0")[:4]),
            share=float(props["share"] or 0),
            method=props.get("method") or method,
            key=code,
            label=_key_label(breakdown, code, names.get(code) if code else None),
            value_share=_num(props.get("valueShare")),
            lots=_num(props.get("lotCount"), int),
            flagged=_num(props.get("flaggedCount"), int),
            missing_flag=_num(props.get("lotsMissingFlag"), int),
            missing_value=_num(props.get("lotsMissingValue"), int),
            amount=_num(props.get("amount")),
            flagged_amount=_num(props.get("flaggedAmount")),
        )


def _tail(value: str) -> str:
    return value.rsplit("/", 1)[-1]


def _key_code(breakdown: str, value: str) -> str:
    if breakdown == "region":
        return _tail(value)
    if breakdown == "cpv-division":
        return _tail(value)[:2]
    return value


def _key_label(breakdown: str, code: str | None, name: str | None) -> str | None:
    """A readable name for a breakdown value (Finnish labels from the code lists)."""
    if code is None:
        return None
    if breakdown == "buyer":
        return name or _tail(code)
    if breakdown == "region":
        return nuts_label(code) or code
    if breakdown == "cpv-division":
        return f"{code} {cpv_label(code + '000000') or ''}".strip()
    return _TYPE_LABEL.get(code, code)
