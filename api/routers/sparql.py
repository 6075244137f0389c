"""``/sparql``: the SPARQL 1.1 Protocol, read only, with a timeout and a size limit.

GET ``?query=``, POST form-encoded (``query=``) and POST ``application/sparql-query``;
``default-graph-uri`` / ``named-graph-uri`` choose the dataset (default: the union
of the named graphs). Answers by ``Accept`` or ``format=``: SPARQL results as JSON,
XML, CSV or TSV; CONSTRUCT/DESCRIBE as Turtle, N-Triples, JSON-LD or RDF/XML.
Updates are refused with 403. Limits come from ``KEINO_SPARQL_TIMEOUT`` (seconds)
and ``KEINO_SPARQL_MAX_BYTES``. A browser asking ``/sparql`` without a query
gets the query page.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated
from urllib.parse import parse_qs

from fastapi import APIRouter, FastAPI, Query, Request
from fastapi.responses import FileResponse, PlainTextResponse, Response

from graph.sparql import (
    SparqlEngine,
    SparqlError,
    SparqlRequest,
    SparqlSettings,
    UpdateRefused,
    negotiate,
)

router = APIRouter(tags=["sparql"])
PAGE = Path(__file__).resolve().parents[1] / "static" / "sparql.html"
_READ_ONLY = "this endpoint is read only: SPARQL updates are refused"


def setup(app: FastAPI) -> None:
    """Attach the SPARQL engine (limits from the environment) to the app."""
    app.state.sparql = SparqlEngine(app.state.store, SparqlSettings.from_env())


async def _answer(
    request: Request,
    query: str | None,
    default_graphs: list[str],
    named_graphs: list[str],
    fmt: str | None,
) -> Response:
    """Run ``query`` with the engine and wrap the answer or its error."""
    if not query:
        return PlainTextResponse(
            "missing `query`: send ?query=SELECT... (GET), a form field `query` or an "
            "application/sparql-query body (POST)",
            status_code=400,
        )
    engine: SparqlEngine = request.app.state.sparql
    job = SparqlRequest(query, tuple(default_graphs) or None, tuple(named_graphs) or None)
    try:
        formats = negotiate(request.headers.get("accept"), fmt)
        answer = await engine.execute_async(job, formats)
    except SparqlError as exc:
        return PlainTextResponse(exc.message, status_code=exc.status)
    return Response(answer.body, media_type=answer.media_type)


def _wants_page(request: Request) -> bool:
    accept = request.headers.get("accept", "")
    return "text/html" in accept and PAGE.is_file()


@router.get(
    "/sparql",
    summary="SPARQL query (GET)",
    responses={200: {"description": "SPARQL results or RDF, by Accept or `format`"}},
)
async def sparql_get(
    request: Request,
    query: Annotated[str | None, Query(description="The SPARQL query")] = None,
    default_graph_uri: Annotated[list[str], Query(alias="default-graph-uri")] = [],  # noqa: B006
    named_graph_uri: Annotated[list[str], Query(alias="named-graph-uri")] = [],  # noqa: B006
    format: Annotated[
        str | None, Query(description="json, xml, csv, tsv, turtle, ntriples, jsonld, rdfxml")
    ] = None,
) -> Response:
    """Answer ``?query=``; without a query a browser gets the query page."""
    if query is None and _wants_page(request):
        return FileResponse(PAGE, media_type="text/html")
    return await _answer(request, query, default_graph_uri, named_graph_uri, format)


@router.post(
    "/sparql",
    summary="SPARQL query (POST form or application/sparql-query)",
    openapi_extra={
        "requestBody": {
            "content": {
                "application/sparql-query": {"schema": {"type": "string"}},
                "application/x-www-form-urlencoded": {
                    "schema": {"type": "object", "properties": {"query": {"type": "string"}}}
                },
            }
        }
    },
)
async def sparql_post(request: Request) -> Response:
    """A query in the body; an update (form ``update=`` or sparql-update) is refused (403)."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    params = parse_qs(request.url.query)
    body = (await request.body()).decode("utf-8", errors="replace")
    if content_type == "application/sparql-update":
        return PlainTextResponse(_READ_ONLY, status_code=UpdateRefused.status)
    if content_type == "application/sparql-query":
        query: str | None = body
    elif content_type == "application/x-www-form-urlencoded":
        form = parse_qs(body, keep_blank_values=True)
        if "update" in form:
            return PlainTextResponse(_READ_ONLY, status_code=UpdateRefused.status)
        for key, values in form.items():
            params.setdefault(key, []).extend(values)
        query = form["query"][0] if form.get("query") else None
    else:
        return PlainTextResponse(
            f"unsupported content type {content_type or 'none'!r}: send "
            "application/sparql-query or application/x-www-form-urlencoded",
            status_code=415,
        )
    return await _answer(
        request,
        query,
        params.get("default-graph-uri", []),
        params.get("named-graph-uri", []),
        params["format"][0] if params.get("format") else None,
    )
