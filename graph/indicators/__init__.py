"""Strategic-procurement indicators as an RDF Data Cube in ``kg:indicators``.

The government's goal is that 10 % of public procurement is innovative; the
action plan 2020–2023 (seed ``002``, section 7) follows it each year from Hilma
notices. The package turns the lots in the graph into that measurement: per
publication year, the share of lots flagged innovative, green and social, by
count and by value, in total and broken down by buyer, buyer type, NUTS-3
region and CPV division, each figure with the lots behind it.

One concept per module:

- :mod:`graph.lots` says what the indicators need of each lot and the rules
  behind it (buyer types, methods, notice kinds);
- :mod:`.drafts` reads those facts one notice graph (batch) at a time and merges
  a lot's drafts across batches (``lot_facts``: every graph at once);
- :mod:`.ledger` keeps every batch's drafts and the counted cells beside the
  store, so that an ingest re-counts only the lots its batch touches;
- :mod:`.curated` reads the indicator's targets and survey figures from the
  ecosystem graph (curated, cited facts);
- :mod:`.aggregate` counts lots into figures (pure);
- :mod:`.cube` turns figures into RDF Data Cube triples (pure);
- :mod:`.recompute` sequences those steps and writes ``kg:indicators`` (patched
  after an ingest, in full from scratch);
- :mod:`.series` reads series back from the cube;
- :mod:`.present` turns a series into rows and CSV;
- :mod:`.vocabulary` names the series, breakdowns, methods and measures.

A figure's method is the source format of the notices it counts
(``eforms-notices``, ``ted-xml-notices``; ``notices`` when a notice states no
format) or ``survey``; a series has one line per method.

The names the API, the explorer and the CLI use are importable from here.
"""

from graph.indicators.aggregate import Aggregates, Cell, aggregate
from graph.indicators.drafts import lot_facts
from graph.indicators.present import COLUMNS, point_rows, series_csv
from graph.indicators.recompute import ComputeResult, compute
from graph.indicators.series import Point, Series, SeriesInfo, UnknownSeries, list_series, series
from graph.indicators.vocabulary import (
    BREAKDOWNS,
    DEFAULT_LIMIT,
    FLAGS,
    INDICATORS_GRAPH,
    INNOVATIVE_SHARE_INDICATOR,
    METHOD_NOTICES,
    METHOD_SURVEY,
    METHOD_TITLES,
    METHODS,
    SURVEY_SERIES,
    series_name,
)
from graph.lots import BUYER_TYPES, LotFacts, buyer_type

__all__ = [
    "BREAKDOWNS",
    "BUYER_TYPES",
    "COLUMNS",
    "DEFAULT_LIMIT",
    "FLAGS",
    "INDICATORS_GRAPH",
    "INNOVATIVE_SHARE_INDICATOR",
    "METHODS",
    "METHOD_NOTICES",
    "METHOD_SURVEY",
    "METHOD_TITLES",
    "SURVEY_SERIES",
    "Aggregates",
    "Cell",
    "ComputeResult",
    "LotFacts",
    "Point",
    "Series",
    "SeriesInfo",
    "UnknownSeries",
    "aggregate",
    "buyer_type",
    "compute",
    "list_series",
    "lot_facts",
    "point_rows",
    "series",
    "series_csv",
    "series_name",
]
