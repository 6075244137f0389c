"""The site root: people land on the explorer's search page."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import RedirectResponse

router = APIRouter(include_in_schema=False)


@router.get("/")
def home() -> RedirectResponse:
    """Redirect ``/`` to the explorer (``/explore/``); the API is at ``/docs``."""
    return RedirectResponse("/explore/", status_code=307)
