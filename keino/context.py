"""The ``keino`` context object (``ctx.obj``): one invocation's global options,
the store they name (opened on first use) and the hooks that follow an ingest.

Commands take a ``typer.Context`` and call :func:`store_of`; the store is let go
when the invocation ends, so a test or a script can run ``keino`` twice on the
same on-disk store in one process.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path

import typer

from graph.serving import open_store
from graph.store import Store, default_store_location
from ingest.report import IngestReport

#: ``after_ingest(store, report)``: derived data to refresh after a load; returns its
#: own report, or None when the loaded source does not concern it
AfterIngest = Callable[[Store, IngestReport], IngestReport | None]


def refresh_after(sources: tuple[str, ...], derive: Callable[[Store], IngestReport]) -> AfterIngest:
    """The after-ingest hook that runs ``derive(store)`` after a load of one of
    ``sources`` (matched as prefixes of the report's source, so ``notices`` covers
    every notice batch) and answers None for any other load."""

    def after_ingest(store: Store, report: IngestReport) -> IngestReport | None:
        return derive(store) if report.source.startswith(sources) else None

    return after_ingest


@dataclass
class KeinoContext:
    """Options shared by every command; the store opens on first use."""

    store_path: Path | None = None
    store_url: str | None = None  # a SPARQL server instead of a folder (``--store http…``)
    after_ingest: tuple[AfterIngest, ...] = ()
    _store: Store | None = field(default=None, repr=False)

    def store(self) -> Store:
        """The store at ``store_url`` or ``store_path`` (else
        :func:`graph.store.default_store_location`), opened once: an on-disk store is
        read-only when another process (``keino serve``) holds it."""
        if self._store is None:
            where = self.store_url or self.store_path or default_store_location()
            self._store = open_store(where)
        return self._store

    def close(self) -> None:
        """Let the store go (Oxigraph releases an on-disk store's lock with it)."""
        if self._store is not None:
            self._store.flush()
            self._store.close()
            self._store = None


#: the context of the invocation running in this thread, for code that is given no ``ctx``
_running: ContextVar[KeinoContext | None] = ContextVar("keino_context", default=None)


def start(ctx: typer.Context, context: KeinoContext) -> None:
    """Make ``context`` the ``ctx.obj`` of this invocation until it ends."""
    ctx.obj = context
    token = _running.set(context)

    def end() -> None:
        context.close()
        _running.reset(token)

    ctx.call_on_close(end)


def running() -> KeinoContext:
    """The context of the ``keino`` invocation in progress (for functions given no ``ctx``)."""
    context = _running.get()
    if context is None:
        raise RuntimeError("no keino command is running")
    return context


def keino_context(ctx: typer.Context) -> KeinoContext:
    """The :class:`KeinoContext` of a command's context (or of one of its parents)."""
    found = ctx.find_object(KeinoContext)
    if found is None:
        raise RuntimeError("a keino command runs below the keino app, which sets ctx.obj")
    return found


def store_of(ctx: typer.Context) -> Store:
    """The store of the running ``keino`` invocation."""
    return keino_context(ctx).store()
