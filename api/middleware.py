"""HTTP middleware of the app, installed by :func:`install` (called once in ``create_app``).

Structured access logs: one JSON line per request on the ``keino.access`` logger.

Each line holds the method, path, query string length, status, duration in
milliseconds and response size, e.g.
``{"method": "GET", "path": "/sparql", "status": 200, "ms": 3.1, ...}``;
``keino serve`` (or any logging setup) decides where the lines go.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request, Response

log = logging.getLogger("keino.access")


def install(app: FastAPI) -> None:
    """Add this module's middleware to ``app``: the access log."""
    app.middleware("http")(access_log)


async def access_log(
    request: Request, call_next: Callable[[Request], Awaitable[Response]]
) -> Response:
    """Log the request as one JSON object once it is answered (or has failed)."""
    started = time.perf_counter()
    status = 500
    try:
        response = await call_next(request)
        status = response.status_code
        return response
    finally:
        if log.isEnabledFor(logging.INFO):
            log.info(json.dumps(_entry(request, status, started), ensure_ascii=False))


def _entry(request: Request, status: int, started: float) -> dict[str, object]:
    """The fields of one access-log line."""
    return {
        "method": request.method,
        "path": request.url.path,
        "query_chars": len(request.url.query),
        "status": status,
        "ms": round((time.perf_counter() - started) * 1000, 2),
        "client": request.client.host if request.client else None,
        "agent": request.headers.get("user-agent", ""),
    }
