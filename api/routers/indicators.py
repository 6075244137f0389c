"""``/indicators``: the strategic-procurement indicator series (JSON or CSV)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import Response

from api.deps import StoreDep
from graph.indicators import (
    DEFAULT_LIMIT,
    Series,
    SeriesInfo,
    UnknownSeries,
    list_series,
    series,
    series_csv,
)

router = APIRouter(prefix="/indicators", tags=["indicators"])


@router.get("", response_model=list[SeriesInfo], summary="List the indicator series")
def list_indicators(store: StoreDep) -> list[SeriesInfo]:
    """Every series in ``kg:indicators``: share of innovative, green and social lots per
    year, in total and by buyer, buyer type, region and CPV division."""
    return list_series(store)


@router.get(
    "/{name}",
    response_model=Series,
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
) -> Series | Response:
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
        disposition = f'attachment; filename="{name}.csv"'
        return Response(
            series_csv(found),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": disposition},
        )
    return found
