"""Entities: ``/entities/{iri or id}`` (JSON), ``/id/...`` dereferencing, ``/search``.

``/entities/org/fi/0245437-1`` and ``/entities/https://w3id.org/keino/id/org/...``
describe the same entity as JSON (labels, types, facts, links with their
sources). Every IRI the project mints under ``https://w3id.org/keino/id/``
dereferences at ``/id/...``: Turtle, N-Triples, JSON-LD or RDF/XML by ``Accept``,
a small HTML page for a browser, JSON otherwise. ``/search?q=`` finds entities
by label or alias in Finnish, Swedish or English, tolerant of inflection and
typos.
"""

from __future__ import annotations

import dataclasses
import html
import os
import threading
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, FastAPI, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel

from api.deps import StoreDep
from graph.iris import ID_BASE
from graph.search import label_index
from graph.search import search as search_labels
from graph.sparql import SparqlError, entity_triples, negotiate, serialize_triples
from graph.store import Store

try:  # the explorer's rich description, when that module is present
    from graph.entities import EntityNotFound, describe
except ImportError:  # pragma: no cover - the plain triples below still answer
    describe = None  # type: ignore[assignment]
    EntityNotFound = KeyError  # type: ignore[assignment,misc]

router = APIRouter(tags=["entities"])
EXPLORER_PAGE = "/explore/entity"


def setup(app: FastAPI) -> None:
    """Build the search index of an on-disk store in the background (a served graph).

    The first ``/search`` is then quick. ``KEINO_SEARCH_WARM=0`` skips it, and an
    in-memory store (a test's) builds its index on first use.
    """
    store = getattr(app.state, "store", None)
    on_disk = store is not None and store.path is not None
    if on_disk and os.environ.get("KEINO_SEARCH_WARM", "1") != "0":
        threading.Thread(target=label_index, args=(store,), daemon=True).start()


class SearchHit(BaseModel):
    """One entity found by ``/search``."""

    iri: str
    label: str
    type: str | None
    score: float
    matched: str


def _iri(ref: str) -> str:
    """A full IRI from an IRI or an id under ``https://w3id.org/keino/id/``."""
    if ref.startswith(("http://", "https://", "urn:")):
        return ref
    # Proxies and clients squash "https://" to "https:/" inside a path.
    for scheme in ("http:/", "https:/"):
        if ref.startswith(scheme) and not ref.startswith(scheme + "/"):
            return scheme + "/" + ref[len(scheme) :]
    return ID_BASE + ref.lstrip("/")


def _description(store: Store, iri: str) -> dict[str, Any]:
    """The explorer's description as JSON, else the entity's triples as rows."""
    if describe is not None:
        try:
            return dataclasses.asdict(describe(store, iri))
        except EntityNotFound:
            raise HTTPException(404, f"no entity {iri} in the graph") from None
    triples = entity_triples(store, iri)
    if not triples:
        raise HTTPException(404, f"no entity {iri} in the graph")
    return {
        "iri": iri,
        "triples": [[t.subject.value, t.predicate.value, t.object.value] for t in triples],
    }


@router.get("/entities/{ref:path}", summary="Describe an entity (JSON)")
def entity(ref: str, store: StoreDep) -> JSONResponse:
    """Labels, types, facts and links of ``ref`` (a full IRI or an id such as ``org/fi/...``)."""
    return JSONResponse(_description(store, _iri(ref)))


@router.get("/id/{ref:path}", summary="Dereference a KEINO IRI")
def dereference(ref: str, request: Request, store: StoreDep) -> Response:
    """RDF by ``Accept`` (Turtle, N-Triples, JSON-LD, RDF/XML), HTML for a browser, else JSON."""
    iri = ID_BASE + ref
    accept = request.headers.get("accept", "")
    rdf = negotiate(accept).rdf if accept and "*/*" not in accept else None
    if rdf is not None:
        triples = entity_triples(store, iri)
        if not triples:
            raise HTTPException(404, f"no entity {iri} in the graph")
        try:
            return Response(serialize_triples(triples, rdf), media_type=rdf.media_type)
        except SparqlError as exc:
            raise HTTPException(exc.status, exc.message) from None
    if "text/html" in accept:
        # The explorer's entity page when it is installed, else a plain table.
        if any(getattr(route, "path", "") == EXPLORER_PAGE for route in request.app.routes):
            return RedirectResponse(f"{EXPLORER_PAGE}?{urlencode({'iri': iri})}", status_code=303)
        return HTMLResponse(_page(iri, entity_triples(store, iri)))
    return JSONResponse(_description(store, iri))


def _page(iri: str, triples: list[Any]) -> str:
    """A plain HTML table of the entity's triples (no script, no remote assets)."""
    if not triples:
        raise HTTPException(404, f"no entity {iri} in the graph")
    rows = "\n".join(
        "<tr>" + "".join(f"<td>{_cell(term)}</td>" for term in t) + "</tr>" for t in triples
    )
    title = html.escape(iri)
    return (
        f"<!doctype html><html lang='fi'><head><meta charset='utf-8'><title>{title}</title>"
        f"</head><body><h1>{title}</h1><p><a href='/entities/{title}'>JSON</a></p>"
        f"<table><tr><th>subject</th><th>predicate</th><th>object</th></tr>\n{rows}"
        "</table></body></html>"
    )


def _cell(term: Any) -> str:
    value = html.escape(term.value)
    if term.value.startswith(ID_BASE):
        return f"<a href='/id/{html.escape(term.value[len(ID_BASE) :])}'>{value}</a>"
    return value


@router.get("/search", response_model=list[SearchHit], summary="Find entities by name")
def search(
    store: StoreDep,
    q: Annotated[str, Query(min_length=1, description="Words of a name, e.g. ympäristöministeriö")],
    type: Annotated[
        list[str] | None, Query(description="Class IRI or local name, e.g. Organization")
    ] = None,
    lang: Annotated[str | None, Query(pattern="^(fi|sv|en)$")] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
) -> list[SearchHit]:
    """Entities whose labels or aliases match ``q``, best first."""
    hits = search_labels(store, q, types=type, lang=lang, limit=limit)
    return [SearchHit(**dataclasses.asdict(h)) for h in hits]
