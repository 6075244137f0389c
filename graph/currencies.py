"""Lot values the indicators leave out because they are not in euros.

The value shares count euros only (:mod:`graph.lots`); the indicators page
says how many lots had a value in another currency, per publication year.

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
"""

from __future__ import annotations

from collections import defaultdict

from graph.store import Store

CURRENCY = "http://publications.europa.eu/resource/authority/currency/"

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
