"""Lot values the indicators leave out: not in euros, or implausibly large.

The value shares count euros only (:mod:`graph.lots`) and no lot value of
:data:`graph.indicators.drafts.IMPLAUSIBLE_EUR` or more; the indicators page
says how many lots had a value in another currency, and how many an implausible
one, per publication year.

>>> from graph.rdf import lit, triple
>>> from graph.namespaces import EPO
>>> from graph.iris import graph_iri
>>> store = Store()
>>> n, lot, v = "urn:n", "urn:n/lot", "urn:n/lot/v"
>>> _ = store.replace_graph(graph_iri("t"), [
...     triple(n, EPO.refersToLot, lot), triple(n, EPO.hasPublicationDate, lit("2020-03-01")),
...     triple(lot, EPO.hasEstimatedValue, v), triple(v, EPO.hasAmountValue, lit(5)),
...     triple(v, EPO.hasCurrency, CURRENCY + "SEK")], source="t", inputs=[])
>>> other_currency_lots(store)
{2020: {'SEK': 1}}
>>> implausible_lots(store, 4)  # 5 SEK: another currency, counted above, not here
{}
"""

from __future__ import annotations

from collections import defaultdict

import pyoxigraph as ox

from graph.rdf import values
from graph.store import Store

CURRENCY = "http://publications.europa.eu/resource/authority/currency/"
XSD_DECIMAL = "http://www.w3.org/2001/XMLSchema#decimal"

_Q_OTHER = """PREFIX epo: <http://data.europa.eu/a4g/ontology#>
SELECT ?year ?cur (COUNT(DISTINCT ?lot) AS ?n) WHERE {
  { ?lot epo:hasEstimatedValue ?v } UNION { ?o epo:concernsLot ?lot ; epo:hasAwardedValue ?v }
  ?v epo:hasCurrency ?cur FILTER(?cur != <http://publications.europa.eu/resource/authority/currency/EUR>)
  ?notice epo:refersToLot ?lot ; epo:hasPublicationDate ?d
  BIND(SUBSTR(STR(?d), 1, 4) AS ?year)
} GROUP BY ?year ?cur"""


def other_currency_lots(store: Store) -> dict[int, dict[str, int]]:
    """Publication year → currency code → lots with a value in that currency (not EUR)."""
    found: dict[int, dict[str, int]] = defaultdict(dict)
    for year, currency, count in store.select_values(_Q_OTHER):
        if year and currency and count and year.isdigit():
            found[int(year)][currency.rsplit("/", 1)[-1]] = int(count)
    return dict(found)


_Q_IMPLAUSIBLE_HEAD = """PREFIX epo: <http://data.europa.eu/a4g/ontology#>
SELECT ?year (COUNT(DISTINCT ?lot) AS ?n) WHERE {"""
_Q_IMPLAUSIBLE_BODY = """
  { ?lot epo:hasEstimatedValue ?v } UNION { ?o epo:concernsLot ?lot ; epo:hasAwardedValue ?v }
  ?v epo:hasAmountValue ?amount
  OPTIONAL { ?v epo:hasCurrency ?cur }
  FILTER(!BOUND(?cur) || ?cur = <http://publications.europa.eu/resource/authority/currency/EUR>)
  FILTER(?amount >= ?bound)
  ?notice epo:refersToLot ?lot ; epo:hasPublicationDate ?d
  BIND(SUBSTR(STR(?d), 1, 4) AS ?year)
} GROUP BY ?year"""


def implausible_lots(store: Store, bound: float) -> dict[int, int]:
    """Publication year → lots with a value in euros of ``bound`` or more (left out
    of the value sums as implausible)."""
    bound_term = ox.Literal(str(bound), datatype=ox.NamedNode(XSD_DECIMAL))
    query = _Q_IMPLAUSIBLE_HEAD + values("bound", [bound_term]) + _Q_IMPLAUSIBLE_BODY
    found: dict[int, int] = {}
    for year, count in store.select_values(query):
        if year and count and year.isdigit():
            found[int(year)] = int(count)
    return found
