"""Project-wide hardening of the HTTP API: headers, error answers, local API docs.

:func:`install` adds, to any app:

- security headers: ``X-Content-Type-Options: nosniff`` on every answer; on
  every HTML page a Content-Security-Policy (scripts, styles and images from
  this origin only, no framing) and ``X-Frame-Options: DENY``;
- exception handlers so that bad input is a 4xx everywhere: an invalid IRI
  (:class:`graph.rdf.InvalidIri`) is 400; a validation error is 422 with a
  body that never echoes more than a few hundred characters of the input and
  is always serialisable (``NaN``, lone surrogates);
- ``/docs`` (Swagger UI) and ``/redoc`` served from packaged assets
  (``fastapi-offline``), never from a CDN.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import fastapi_offline
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from graph.rdf import InvalidIri

STATIC = Path(__file__).resolve().parent / "static"
VENDOR = Path(fastapi_offline.__file__).resolve().parent / "static"
# How much of a rejected input an error answer may quote.
ECHO_CHARS = 200

PAGE_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
# Swagger UI and ReDoc set inline styles, and ReDoc searches in a blob: worker.
DOCS_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; worker-src 'self' blob:; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)
DOCS_PATHS = ("/docs", "/redoc")


def install(app: FastAPI) -> None:
    """Add the headers, the error handlers and the local docs to ``app``."""
    app.add_middleware(SecurityHeaders)
    app.add_exception_handler(InvalidIri, _invalid_iri)
    app.add_exception_handler(RequestValidationError, _validation_error)
    _local_docs(app)


class SecurityHeaders:
    """ASGI middleware: nosniff everywhere, CSP and no framing on HTML pages."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        docs = str(scope.get("path", "")).startswith(DOCS_PATHS)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {name.lower() for name, _ in headers}
                extra = [(b"x-content-type-options", b"nosniff")]
                content_type = dict(headers).get(b"content-type", b"")
                if content_type.startswith(b"text/html"):
                    policy = DOCS_POLICY if docs else PAGE_POLICY
                    extra += [
                        (b"content-security-policy", policy.encode()),
                        (b"x-frame-options", b"DENY"),
                        (b"referrer-policy", b"same-origin"),
                    ]
                headers += [(k, v) for k, v in extra if k not in names]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


async def _invalid_iri(request: Request, exc: Exception) -> JSONResponse:
    return JSONResponse({"detail": _clip(str(exc))}, status_code=400)


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    """422 with each error's type, location, message and a clipped, printable input."""
    assert isinstance(exc, RequestValidationError)
    errors = [
        {
            "type": str(error.get("type", "")),
            "loc": [_clip(str(part)) for part in error.get("loc", ())],
            "msg": _clip(str(error.get("msg", ""))),
            "input": _safe(error.get("input")),
        }
        for error in list(exc.errors())[:20]
    ]
    return JSONResponse({"detail": errors}, status_code=422)


def _safe(value: Any) -> Any:
    """A JSON-safe, short stand-in for a rejected input."""
    if value is None or isinstance(value, bool | int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    return _clip(value if isinstance(value, str) else repr(value))


def _clip(text: str) -> str:
    """At most :data:`ECHO_CHARS` characters, lone surrogates escaped."""
    short = text if len(text) <= ECHO_CHARS else text[:ECHO_CHARS] + f"… ({len(text):,} chars)"
    return short.encode("utf-8", "backslashreplace").decode("utf-8")


def _local_docs(app: FastAPI) -> None:
    """Replace FastAPI's CDN-loading ``/docs`` and ``/redoc`` with local pages."""
    replaced = {app.docs_url, app.redoc_url, app.swagger_ui_oauth2_redirect_url}
    app.router.routes[:] = [
        route for route in app.router.routes if getattr(route, "path", None) not in replaced
    ]
    app.mount("/assets/vendor", StaticFiles(directory=VENDOR), name="docs-assets")
    app.mount("/assets", StaticFiles(directory=STATIC), name="assets")

    @app.get("/docs", include_in_schema=False)
    async def swagger_ui() -> FileResponse:
        return FileResponse(STATIC / "docs.html", media_type="text/html")

    @app.get("/redoc", include_in_schema=False)
    async def redoc() -> FileResponse:
        return FileResponse(STATIC / "redoc.html", media_type="text/html")
