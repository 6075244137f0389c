"""The FastAPI application: wires routers only (no SPARQL, no ranking here).

Every module in ``api/routers`` that defines ``router`` (an ``APIRouter``) is
included, so a feature adds its routes by adding one module. A module may also
define ``setup(app)`` to attach state it needs (e.g. an index) at start-up.
"""

from __future__ import annotations

import importlib
import pkgutil

from fastapi import FastAPI

from api import routers, security
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
    security.install(app)
    for info in sorted(pkgutil.iter_modules(routers.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"api.routers.{info.name}")
        setup = getattr(module, "setup", None)
        if setup is not None:
            setup(app)
        router = getattr(module, "router", None)
        if router is not None:
            app.include_router(router)
    return app
