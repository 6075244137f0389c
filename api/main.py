"""The FastAPI application: wires routers, middleware and the store's derived state.

Every router is listed in :data:`ROUTERS` (FastAPI's "bigger applications"
layout): a feature adds its routes by adding its module there. The state the
routers share (the store, its :class:`~graph.derived.Derived` state, the SPARQL
engine, the query catalogue) is attached in :func:`create_app`, and middleware
and exception handlers are installed in one place, :func:`install`.
"""

from __future__ import annotations

import os
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI
from fastapi.staticfiles import StaticFiles

from api import middleware, security
from api.routers import (
    entities,
    explorer,
    greendeals,
    health,
    home,
    indicators,
    match,
    queries,
    sparql,
    views,
)
from graph import __version__
from graph.derived import Derived
from graph.store import Store

#: The app's routers, in the order their routes are matched.
ROUTERS: tuple[APIRouter, ...] = (
    entities.router,
    explorer.router,
    greendeals.router,
    health.router,
    home.router,
    indicators.router,
    match.router,
    queries.router,
    sparql.router,
    views.router,
)
# Above this many quads the entity network (every non-code-list triple read into
# networkx: minutes of CPU on millions of quads) is built on first visit only.
WARM_LIMIT = 1_000_000


def create_app(store: Store, *, warm: bool = True) -> FastAPI:
    """An app serving ``store``.

    With ``warm`` (and an on-disk or remote store, and ``KEINO_SEARCH_WARM`` not ``0``) the
    server, once started (:func:`lifespan`), builds the snapshot, the label index and,
    for stores up to :data:`WARM_LIMIT` quads, the entity network in the background,
    so the first visitor does not wait for them. An on-disk store keeps its snapshot
    and label index beside it (:mod:`graph.persisted`), so a restart loads them.
    """
    app = FastAPI(
        lifespan=lifespan,
        title="KEINO graph",
        version=__version__,
        description="Knowledge graph of Finland's sustainable and innovative public "
        "procurement: SPARQL, named queries, entities, search, matchmaking.",
    )
    app.state.store = store
    app.state.derived = Derived(store)
    sparql.setup(app)  # the SPARQL engine the /sparql routes run queries on
    queries.setup(app)  # the catalogue of queries/*.rq
    install(app)
    for router in ROUTERS:
        app.include_router(router)
    app.mount(explorer.STATIC, StaticFiles(directory=explorer.STATIC_DIR), name="explorer-static")
    persistent = store.path is not None or store.remote is not None
    app.state.warm = warm and persistent and os.environ.get("KEINO_SEARCH_WARM", "1") != "0"
    return app


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """At server start, warm the derived state in a background thread (snapshot, label
    index, network ranking, landing figures, first indicator series): the server
    answers at once, and a first visitor waits at most for the part their page needs."""
    if app.state.warm:
        store, derived = app.state.store, app.state.derived
        steps = (lambda: home.landing_figures(derived),
                 lambda: explorer.warm_indicators(store, derived))  # fmt: skip
        network = store.count() <= WARM_LIMIT
        threading.Thread(target=derived.warm, args=(network, steps), daemon=True).start()
    yield


def install(app: FastAPI) -> None:
    """Middleware and exception handlers: the one place the app's request handling
    is extended (the last middleware added runs first)."""
    security.install(app)
    middleware.install(app)
