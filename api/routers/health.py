"""Liveness and readiness."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from api.deps import StoreDep
from graph import __version__

router = APIRouter(tags=["service"])


class Health(BaseModel):
    """The service is up and can read its store."""

    status: str
    version: str
    graphs: int


@router.get("/healthz", response_model=Health, summary="Service health")
async def healthz(store: StoreDep) -> Health:
    """``ok`` with the number of named graphs when the store answers.

    Answered on the event loop itself (listing the graphs is one index scan):
    it never queues behind queries, which wait in threads and worker
    processes of their own.
    """
    return Health(status="ok", version=__version__, graphs=len(store.graphs()))
