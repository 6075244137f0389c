"""``/indicators``: the strategic-procurement indicator series (JSON or CSV)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel

from api.deps import StoreDep
from graph.indicators import (
    DEFAULT_LIMIT,
    UnknownSeries,
    list_series,
    point_rows,
    series,
    series_csv,
)

router = APIRouter(prefix="/indicators", tags=["indicators"])


class SeriesSummary(BaseModel):
    """One series as listed."""

    name: str
    title: dict[str, str]
    flag: str
    breakdown: str
    observations: int


class PointOut(BaseModel):
    """One observation: a year (and breakdown value), its share and what lies behind it."""

    year: int
    method: str
    share: float
    key: str | None = None
    label: str | None = None
    value_share: float | None = None
    lots: int | None = None
    flagged: int | None = None
    missing_flag: int | None = None
    missing_value: int | None = None
    amount: float | None = None
    flagged_amount: float | None = None


class SeriesOut(BaseModel):
    """A series with its indicator, its target (a share: 0.1 = 10 %) and its points."""

    name: str
    title: dict[str, str]
    flag: str
    breakdown: str
    indicator: str | None
    target: float | None
    points: list[PointOut]


@router.get("", response_model=list[SeriesSummary], summary="List the indicator series")
def list_indicators(store: StoreDep) -> list[SeriesSummary]:
    """Every series in ``kg:indicators``: share of innovative, green and social lots per
    year, in total and by buyer, buyer type, region and CPV division."""
    return [SeriesSummary(**info.__dict__) for info in list_series(store)]


@router.get(
    "/{name}",
    response_model=SeriesOut,
    summary="One indicator series (JSON, or CSV with Accept: text/csv or ?format=csv)",
    responses={200: {"content": {"text/csv": {}}}, 404: {"description": "no such series"}},
)
def get_indicator(
    name: str,
    request: Request,
    store: StoreDep,
    fmt: Annotated[str | None, Query(alias="format", pattern="^(json|csv)$")] = None,
    limit: Annotated[
        int | None,
        Query(ge=1, description="breakdown values with the most lots to keep"),
    ] = DEFAULT_LIMIT,
    all_values: Annotated[bool, Query(alias="all", description="every breakdown value")] = False,
) -> SeriesOut | Response:
    """The series ``name`` (e.g. ``innovative-share``), points by year and breakdown,
    each with the lots behind it and how many lacked the flag or a value. A
    breakdown series keeps its ``limit`` values with the most lots (default 100,
    e.g. the largest buyers); ``?all=true`` returns every value."""
    try:
        found = series(store, name, limit=None if all_values else limit)
    except UnknownSeries:
        known = [i.name for i in list_series(store)]
        raise HTTPException(404, f"no indicator series {name!r}; known: {known}") from None
    wants_csv = fmt == "csv" or (fmt is None and "text/csv" in request.headers.get("accept", ""))
    if wants_csv:
        return Response(series_csv(found), media_type="text/csv; charset=utf-8")
    points = [PointOut(**{k: v for k, v in r.items() if k not in ("series", "target")})
              for r in point_rows(found)]  # fmt: skip
    return SeriesOut(
        name=found.name,
        title=found.title,
        flag=found.flag,
        breakdown=found.breakdown,
        indicator=found.indicator,
        target=found.target,
        points=points,
    )
