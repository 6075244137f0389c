"""Indicator series as flat rows and CSV (for the CLI, the API and downloads)."""

from __future__ import annotations

import csv
import io
from typing import Any

from graph.indicators.series import Series

COLUMNS = (
    "series",
    "year",
    "method",
    "key",
    "label",
    "share",
    "value_share",
    "lots",
    "flagged",
    "missing_flag",
    "missing_value",
    "amount",
    "flagged_amount",
    "target",
)


def point_rows(s: Series) -> list[dict[str, Any]]:
    """A series as flat rows (CSV, JSON, tables), with the target on each row."""
    return [{"series": s.name, **p.__dict__, "target": s.target} for p in s.points]


def series_csv(s: Series) -> str:
    """A series as CSV, one row per point, header :data:`COLUMNS`; empty = missing.

    >>> from graph.indicators.series import Point
    >>> print(series_csv(Series("x", {}, "innovative", "total", None, 0.1,
    ...                         [Point(2018, 0.05, "survey")])), end="")
    series,year,method,key,label,share,value_share,lots,flagged,missing_flag,missing_value,amount,flagged_amount,target
    x,2018,survey,,,0.05,,,,,,,,0.1
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in point_rows(s):
        writer.writerow(["" if row.get(c) is None else row[c] for c in COLUMNS])
    return out.getvalue()
