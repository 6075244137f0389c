"""``/sparql``: the SPARQL 1.1 Protocol, read only, with limits and a timeout.

GET ``?query=``, POST form-encoded (``query=``) and POST ``application/sparql-query``
(UTF-8); ``default-graph-uri`` / ``named-graph-uri`` choose the dataset (default:
the union of the named graphs); relative IRIs resolve against the endpoint's URL.
Answers by ``Accept`` or ``format=``: SPARQL results as JSON, XML, CSV or TSV;
CONSTRUCT/DESCRIBE as Turtle, N-Triples, JSON-LD or RDF/XML. Updates are refused
with 403, ``SERVICE`` with 400 unless its endpoint is allowed. Limits come from
``KEINO_SPARQL_*`` (see :class:`graph.sparql.SparqlSettings`). Queries run in
worker processes that are killed at the deadline (:mod:`graph.sparql_workers`).
A browser (``text/html`` first in ``Accept``, no ``format=``) gets the SPARQL
workbench instead, with ``?query=`` in its editor: ``/sparql?query=…`` is a permalink.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Annotated, Any
from urllib.parse import parse_qs

from fastapi import APIRouter, FastAPI, Query, Request
from fastapi.responses import PlainTextResponse, Response

from api.routers.explorer import render
from graph.ontology import ontology
from graph.sparql import (
    READ_ONLY,
    SparqlEngine,
    SparqlError,
    SparqlRequest,
    SparqlSettings,
    UpdateRefused,
    negotiate,
)

router = APIRouter(tags=["sparql"])
_TEXT = {"content": {"text/plain": {"schema": {"type": "string"}}}}
RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"description": "SPARQL results or RDF, by Accept or `format`"},
    400: {"description": "Missing, repeated or malformed query; a limit or SERVICE refused"}
    | _TEXT,
    403: {"description": "A SPARQL update: the endpoint is read only"} | _TEXT,
    406: {"description": "No acceptable format for this kind of answer"} | _TEXT,
    415: {"description": "Unsupported content type or charset (POST)"} | _TEXT,
    422: {"description": "The answer is larger than the size limit"} | _TEXT,
    503: {"description": "The query ran past the time limit, or the endpoint is busy"} | _TEXT,
}


class ProtocolError(Exception):
    """A request that breaks the protocol; answered with ``status`` and a one-line text."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


def setup(app: FastAPI) -> None:
    """Attach the SPARQL engine (limits from the environment) to the app.

    Its worker processes stop when the app shuts down.
    """
    engine = SparqlEngine(app.state.store, SparqlSettings.from_env())
    app.state.sparql = engine
    app.router.on_shutdown.append(engine.close)


async def _answer(request: Request, params: dict[str, list[str]]) -> Response:
    """Run the one ``query`` in ``params`` with the engine; wrap the answer or its error."""
    try:
        if "update" in params:
            raise UpdateRefused(READ_ONLY)
        queries = params.get("query", [])
        if len(queries) > 1:
            raise ProtocolError(400, "send exactly one `query` (this request has several)")
        if not queries or not queries[0].strip():
            raise ProtocolError(
                400,
                "missing `query`: send ?query=SELECT... (GET), a form field `query` or an "
                "application/sparql-query body (POST)",
            )
        formats = params.get("format", [])
        job = SparqlRequest(
            queries[0],
            tuple(params.get("default-graph-uri", [])) or None,
            tuple(params.get("named-graph-uri", [])) or None,
            base_iri=str(request.url.replace(query="", fragment="")).rstrip("?"),
        )
        engine: SparqlEngine = request.app.state.sparql
        answer = await engine.execute_async(
            job, negotiate(request.headers.get("accept"), formats[-1] if formats else None)
        )
    except SparqlError as exc:
        return PlainTextResponse(exc.message, status_code=exc.status)
    except ProtocolError as exc:
        return PlainTextResponse(exc.message, status_code=exc.status)
    return Response(answer.body, media_type=answer.media_type)


def _url_params(request: Request) -> dict[str, list[str]]:
    """The request's URL parameters, every value of each (UTF-8, strict)."""
    try:
        return parse_qs(request.url.query, keep_blank_values=True, errors="strict")
    except UnicodeDecodeError:
        raise ProtocolError(400, "the query string is not valid UTF-8") from None


def _wants_page(request: Request) -> bool:
    """Whether the client prefers HTML to every other type it accepts (a browser's
    navigation does; a SPARQL client asking ``*/*`` or a results type does not) and
    named no ``format``."""
    if "format" in request.query_params:
        return False
    ranked: dict[str, float] = {}
    for part in request.headers.get("accept", "").split(","):
        media, *params = (p.strip() for p in part.split(";"))
        weight = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip() == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        if media:
            ranked[media.lower()] = weight
    html = ranked.get("text/html", 0.0)
    return html > 0 and all(html >= w for m, w in ranked.items() if m != "*/*")


@lru_cache(maxsize=1)
def ontology_prefixes() -> dict[str, str]:
    """Prefix → namespace of ``ontology/keino.ttl``, for the ones its terms use."""
    graph = ontology()
    used = {str(term) for triple in graph for term in triple}
    return {
        prefix: str(ns)
        for prefix, ns in sorted(graph.namespaces())
        if prefix and any(term.startswith(str(ns)) for term in used)
    }


def workbench(request: Request, query: str) -> Response:
    """The SPARQL workbench page with ``query`` in its editor."""
    return render(request, "sparql.html", query=query, prefixes=ontology_prefixes())


@router.get("/sparql", summary="SPARQL query (GET)", responses=RESPONSES)
async def sparql_get(
    request: Request,
    query: Annotated[str | None, Query(description="The SPARQL query (exactly one)")] = None,
    default_graph_uri: Annotated[list[str], Query(alias="default-graph-uri")] = [],  # noqa: B006
    named_graph_uri: Annotated[list[str], Query(alias="named-graph-uri")] = [],  # noqa: B006
    format: Annotated[
        str | None, Query(description="json, xml, csv, tsv, turtle, ntriples, jsonld, rdfxml")
    ] = None,
) -> Response:
    """Answer ``?query=``; a browser gets the workbench with the query in its editor.

    The declared parameters document the protocol; the values are read from
    the URL itself so that a repeated ``query`` is refused, not silently chosen.
    """
    if _wants_page(request) and len(request.query_params.getlist("query")) <= 1:
        return workbench(request, query or "")
    try:
        params = _url_params(request)
    except ProtocolError as exc:
        return PlainTextResponse(exc.message, status_code=exc.status)
    return await _answer(request, params)


@router.post(
    "/sparql",
    summary="SPARQL query (POST form or application/sparql-query)",
    responses=RESPONSES,
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
    try:
        params = _url_params(request)
        params_from_body = await _body_params(request)
    except ProtocolError as exc:
        return PlainTextResponse(exc.message, status_code=exc.status)
    except UpdateRefused as exc:
        return PlainTextResponse(exc.message, status_code=exc.status)
    for key, values in params_from_body.items():
        params.setdefault(key, []).extend(values)
    return await _answer(request, params)


async def _body_params(request: Request) -> dict[str, list[str]]:
    """The parameters a POST body carries, by its content type (UTF-8 only)."""
    media, _, rest = request.headers.get("content-type", "").partition(";")
    media = media.strip().lower()
    charset = next(
        (p.split("=", 1)[1].strip().strip('"').lower() for p in rest.split(";") if "=" in p),
        "utf-8",
    )
    if media == "application/sparql-update":
        raise UpdateRefused(READ_ONLY)
    if media not in ("application/sparql-query", "application/x-www-form-urlencoded"):
        raise ProtocolError(
            415,
            f"unsupported content type {media[:80] or 'none'!r}: send "
            "application/sparql-query or application/x-www-form-urlencoded",
        )
    if charset not in ("utf-8", "utf8"):
        raise ProtocolError(415, f"unsupported charset {charset[:40]!r}: send UTF-8")
    try:
        body = (await request.body()).decode("utf-8")
    except UnicodeDecodeError:
        raise ProtocolError(400, "the body is not valid UTF-8") from None
    if media == "application/sparql-query":
        return {"query": [body]}
    try:
        return parse_qs(body, keep_blank_values=True, errors="strict")
    except UnicodeDecodeError:
        raise ProtocolError(400, "the form is not valid UTF-8") from None
