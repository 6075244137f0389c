"""api.main: the app serves exactly the routers it lists, with its derived state."""

from __future__ import annotations

import pkgutil

from fastapi.testclient import TestClient

from api import routers
from api.main import ROUTERS, create_app
from graph.derived import Derived
from graph.store import Store


def test_every_router_module_is_listed_once() -> None:
    modules = {m.name for m in pkgutil.iter_modules(routers.__path__)}
    listed = {r.routes[0].endpoint.__module__.rsplit(".", 1)[-1] for r in ROUTERS}
    assert listed == modules and len(ROUTERS) == len(modules)


def test_the_app_owns_one_derived_state_for_its_store() -> None:
    store = Store()
    app = create_app(store)
    assert isinstance(app.state.derived, Derived) and app.state.derived.store is store
    client = TestClient(app)
    assert client.get("/explore/static/explorer.css").status_code == 200
    assert client.get("/search", params={"q": "x"}).json()["hits"] == []
