"""Entities: ``/entities/{iri or id}`` (JSON), ``/id/...`` dereferencing, ``/search``.

``/entities/org/fi/0245437-1`` and ``/entities/https://w3id.org/keino/id/org/...``
describe the same entity as JSON (labels, types, facts, links with their
sources). Every IRI the project mints under ``https://w3id.org/keino/id/``
dereferences at ``/id/...``: Turtle, N-Triples, JSON-LD or RDF/XML by ``Accept``,
the explorer's entity page for a browser, JSON otherwise. ``/search?q=`` finds entities
by label or alias in Finnish, Swedish or English (tolerant of inflection and
typos), notices and lots by title, organisations by business ID and concepts by
CPV, TOL or NUTS code, a page at a time with facet counts.
"""

from __future__ import annotations

import dataclasses
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from pydantic import BaseModel

from api.deps import DerivedDep, StoreDep
from graph.derived import Derived
from graph.iris import reused_iri
from graph.snapshot import EntityNotFound
from graph.sparql import SparqlError, entity_triples, negotiate, serialize_triples

router = APIRouter(tags=["entities"])
EXPLORER_PAGE = "/explore/entity"


class SearchHit(BaseModel):
    """One entity found by ``/search``: its IRI, display label, main class, score, the
    name or ID that matched, its kind (``organisation``, ``notice``, ``lot``, ``code``,
    ``place`` …), its regions (NUTS codes) and years."""

    iri: str
    label: str
    type: str | None
    score: float
    matched: str
    kind: str
    regions: list[str]
    years: list[int]


class FacetCount(BaseModel):
    """One value of a facet, its label and how many hits have it."""

    value: str
    label: str
    count: int


class SearchPage(BaseModel):
    """One page of ``/search`` results: the hits from ``offset``, the number of hits
    in all, and the counts of each facet (``kind``, ``region``, ``year``)."""

    q: str
    total: int
    offset: int
    limit: int
    hits: list[SearchHit]
    facets: dict[str, list[FacetCount]]


def _iri(ref: str) -> str:
    """A full IRI from an IRI or an id under ``https://w3id.org/keino/id/``."""
    if ref.startswith(("http://", "https://", "urn:")):
        return ref
    # Proxies and clients squash "https://" to "https:/" inside a path.
    for scheme in ("http:/", "https:/"):
        if ref.startswith(scheme) and not ref.startswith(scheme + "/"):
            return scheme + "/" + ref[len(scheme) :]
    return reused_iri(ref.lstrip("/"))


def _description(derived: Derived, iri: str) -> dict[str, Any]:
    """The entity's description (:meth:`graph.derived.Derived.describe`) as JSON; 404 if unknown."""
    try:
        return dataclasses.asdict(derived.describe(iri))
    except EntityNotFound:
        raise HTTPException(404, f"no entity {iri} in the graph") from None


@router.get("/entities/{ref:path}", summary="Describe an entity (JSON)")
def entity(ref: str, derived: DerivedDep) -> JSONResponse:
    """Labels, types, facts and links of ``ref`` (a full IRI or an id such as ``org/fi/...``)."""
    return JSONResponse(_description(derived, _iri(ref)))


@router.get("/id/{ref:path}", summary="Dereference a KEINO IRI")
def dereference(ref: str, request: Request, store: StoreDep, derived: DerivedDep) -> Response:
    """RDF by ``Accept`` (Turtle, N-Triples, JSON-LD, RDF/XML), HTML for a browser, else JSON."""
    iri = reused_iri(ref)
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
    if "text/html" in accept:  # a browser: the explorer's entity page
        return RedirectResponse(f"{EXPLORER_PAGE}?{urlencode({'iri': iri})}", status_code=303)
    return JSONResponse(_description(derived, iri))


@router.get("/search", response_model=SearchPage, summary="Find entities by name, ID or code")
def search(
    derived: DerivedDep,
    q: Annotated[
        str,
        Query(
            min_length=1,
            max_length=500,
            description="A name, abbreviation, title, business ID or code, e.g. "
            "ympäristöministeriö, TEM, 0988084-1, 45000000",
        ),
    ],
    type: Annotated[
        list[str] | None, Query(description="Class IRI or local name, e.g. Organization")
    ] = None,
    kind: Annotated[
        str | None, Query(max_length=40, description="A kind from the kind facet, e.g. notice")
    ] = None,
    region: Annotated[
        str | None,
        Query(max_length=200, description="NUTS codes from the region facet, e.g. FI1B1"),
    ] = None,
    year: Annotated[int | None, Query(ge=1000, le=9999)] = None,
    lang: Annotated[str | None, Query(pattern="^(fi|sv|en)$")] = None,
    offset: Annotated[int, Query(ge=0, le=100_000)] = 0,
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
) -> SearchPage:
    """Entities whose names, titles, business IDs or codes match ``q``, best first,
    one page of them with the number in all and the facet counts."""
    found = derived.find(
        q, types=type, kind=kind, region=region, year=year, lang=lang, offset=offset, limit=limit
    )
    return SearchPage(
        q=q,
        total=found.total,
        offset=found.offset,
        limit=found.limit,
        hits=[SearchHit(**dataclasses.asdict(h)) for h in found.hits],
        facets={
            name: [FacetCount(**dataclasses.asdict(v)) for v in values]
            for name, values in found.facets.items()
        },
    )
