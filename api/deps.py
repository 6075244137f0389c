"""Shared FastAPI dependencies: the store and its derived state (both set by ``create_app``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from graph.derived import Derived
from graph.store import Store


def get_store(request: Request) -> Store:
    """The store the app was created with."""
    store: Store = request.app.state.store
    return store


def get_derived(request: Request) -> Derived:
    """The store's derived state (snapshot, label index, matcher), one per app."""
    derived: Derived = request.app.state.derived
    return derived


StoreDep = Annotated[Store, Depends(get_store)]
DerivedDep = Annotated[Derived, Depends(get_derived)]
