"""The FastAPI application: wires routers only (no SPARQL, no ranking here)."""

from __future__ import annotations

from fastapi import FastAPI

from api.routers import health
from graph import __version__
from graph.store import Store


def create_app(store: Store) -> FastAPI:
    """An app serving ``store``."""
    app = FastAPI(
        title="KEINO graph",
        version=__version__,
        description="Knowledge graph of Finland's sustainable and innovative public "
        "procurement: SPARQL, named queries, entities, search, matchmaking.",
    )
    app.state.store = store
    app.include_router(health.router)
    return app
