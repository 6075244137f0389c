"""``/queries``: the named researcher questions in ``queries/*.rq`` and their answers.

``GET /queries`` lists every query with its summary, description, parameters
(type, optional, example) and tags; ``GET /queries/{name}?param=value`` runs one
and answers JSON (``{"variables", "rows"}``) or CSV (``format=csv`` or
``Accept: text/csv``). A CONSTRUCT query answers Turtle. Named queries run
through the SPARQL endpoint's engine, with its limits and timeout (set up by
``api.routers.sparql``).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, FastAPI, HTTPException, Query, Request
from fastapi.responses import PlainTextResponse, Response
from pydantic import BaseModel, Field

from graph.queries import NamedQuery, QueryCatalogue, QueryError
from graph.results import Table, to_csv, to_json
from graph.sparql import FORMATS, SparqlEngine, SparqlError, serialize_triples

router = APIRouter(tags=["queries"])


class ParamInfo(BaseModel):
    """One parameter of a named query."""

    name: str
    type: str
    optional: bool
    description: str
    example: str | None


class QueryInfo(BaseModel):
    """A named query's metadata and where to run it."""

    name: str
    summary: str
    description: str
    kind: str
    params: list[ParamInfo]
    tags: list[str]
    url: str
    sparql: str
    example_sparql: str = Field(
        description="The text with the example parameter values bound by VALUES: runs as shown"
    )


def setup(app: FastAPI) -> None:
    """Read ``queries/*.rq`` once."""
    app.state.queries = QueryCatalogue()


def _info(query: NamedQuery) -> QueryInfo:
    example = "&".join(f"{p.name}={p.example}" for p in query.params if p.example)
    return QueryInfo(
        name=query.name,
        summary=query.summary,
        description=query.description,
        kind=query.kind,
        params=[ParamInfo(**vars(p)) for p in query.params],
        tags=list(query.tags),
        url=f"/queries/{query.name}" + (f"?{example}" if example else ""),
        sparql=query.sparql,
        example_sparql=query.example(),
    )


@router.get("/queries", response_model=list[QueryInfo], summary="List the named queries")
def list_queries(request: Request, tag: str | None = None) -> list[QueryInfo]:
    """Every named query with its metadata (only those with ``tag`` when given)."""
    catalogue: QueryCatalogue = request.app.state.queries
    return [_info(q) for q in catalogue if tag is None or tag in q.tags]


@router.get(
    "/queries/{name}",
    summary="Run a named query",
    responses={
        200: {"content": {"application/json": {}, "text/csv": {}, "text/turtle": {}}},
        400: {"description": "A missing, unknown or malformed parameter"},
        404: {"description": "No named query of that name"},
        422: {"description": "The answer is larger than the size limit"},
        503: {"description": "The query ran past the time limit, or the endpoint is busy"},
    },
)
async def run_query(
    name: str,
    request: Request,
    format: Annotated[str | None, Query(description="json or csv")] = None,
) -> Response:
    """Run query ``name`` with the other query parameters as its parameters."""
    catalogue: QueryCatalogue = request.app.state.queries
    try:
        query = catalogue.get(name)
    except QueryError as exc:
        raise HTTPException(404, str(exc)) from None
    values = {k: v for k, v in request.query_params.items() if k != "format"}
    engine: SparqlEngine = request.app.state.sparql
    try:
        answer: Any = await engine.run_named_async(query, values)
    except QueryError as exc:
        raise HTTPException(400, str(exc)) from None
    except SparqlError as exc:
        raise HTTPException(exc.status, exc.message) from None
    if isinstance(answer, bool):
        return Response(
            to_json(Table(["answer"], [{"answer": answer}], [])), 200, None, "application/json"
        )
    if isinstance(answer, list):
        body = serialize_triples(answer, FORMATS["turtle"])
        return Response(body, media_type="text/turtle; charset=utf-8")
    wants_csv = format == "csv" or (
        format is None and "text/csv" in request.headers.get("accept", "")
    )
    if wants_csv:
        return PlainTextResponse(
            to_csv(answer),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
        )
    return Response(to_json(answer), media_type="application/json")
