"""The current matcher of a store, rebuilt in the background when the store changes.

A rebuild reads the whole store, refits the ranker and indexes every lot:
minutes on a large graph. :class:`MatcherHandle` never makes a request wait for
that when there is something to serve: while a rebuild runs it answers from the
previous matcher (or, on a cold start, from the stale index on disk), says so in
:meth:`MatcherHandle.status`, and swaps the new matcher in when it is ready.
Only a cold start with no index at all builds in the foreground.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graph.matching import index as ix
from graph.matching.matcher import Matcher, default_index_dir

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class IndexStatus:
    """What answers are served from: ``stale`` when the store has moved on since."""

    stale: bool
    rebuilding: bool
    built_for: str  # the store version the served index was built from
    store_version: str
    suppliers: int
    lots: int
    ranker: str  # fitted | default
    ranker_reason: str
    registry_companies: int = 0  # registry and funded companies in the index
    registry_weights: str = ""  # fitted | default, and why (bridge, line_text, funding)

    def as_dict(self) -> dict[str, Any]:
        return dict(vars(self))


class MatcherHandle:
    """Holds the matcher of ``store``; ``index_dir`` None means beside the store (if on disk).

    >>> from graph.store import Store
    >>> handle = MatcherHandle(Store())
    >>> handle.get().match  # doctest: +ELLIPSIS
    <bound method Matcher.match of ...>
    >>> handle.status().stale
    False
    """

    def __init__(self, store: Any, index_dir: Path | None = None) -> None:
        self.store = store
        self.index_dir = index_dir if index_dir is not None else default_index_dir(store)
        self._matcher: Matcher | None = None
        self._lock = threading.Lock()
        self._rebuild: threading.Thread | None = None
        self.last_error: str | None = None

    def get(self) -> Matcher:
        """The matcher to answer with now; starts one background rebuild when it is stale."""
        with self._lock:
            if self._matcher is None:
                self._matcher = self._cold_start()
            if not self._matcher.is_current(self.store):
                self._start_rebuild()
            return self._matcher

    def status(self) -> IndexStatus:
        """Whether the served index is stale, and which ranker it uses."""
        matcher = self.get()
        version = self.store.version()
        suppliers, lots = matcher.index.size
        return IndexStatus(
            stale=matcher.index.fingerprint != version,
            rebuilding=self.rebuilding,
            built_for=matcher.index.fingerprint,
            store_version=version,
            suppliers=suppliers,
            lots=lots,
            ranker=matcher.ranker.kind,
            ranker_reason=matcher.ranker.reason,
            registry_companies=matcher.index.registry.size,
            registry_weights=str(matcher.ranker.details.get("registry_weights", "default")),
        )

    @property
    def rebuilding(self) -> bool:
        thread = self._rebuild
        return thread is not None and thread.is_alive()

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for a running rebuild; True when none is left running."""
        thread = self._rebuild
        if thread is not None:
            thread.join(timeout)
        return not self.rebuilding

    # ---------------------------------------------------------------- inner
    def _cold_start(self) -> Matcher:
        """The index on disk, current or not (a stale one is served while rebuilding);
        a foreground build only when there is none."""
        folder = self.index_dir
        if folder is not None and ix.stored_fingerprint(folder) is not None:
            return Matcher(ix.load(folder))
        matcher = Matcher.from_store(self.store)
        self._save(matcher)
        return matcher

    def _start_rebuild(self) -> None:
        """One background rebuild at a time (called with the lock held)."""
        if self.rebuilding:
            return
        self._rebuild = threading.Thread(target=self._run_rebuild, name="match-index", daemon=True)
        self._rebuild.start()

    def _run_rebuild(self) -> None:
        try:
            matcher = Matcher.from_store(self.store)
            matcher.warm()
            self._save(matcher)
        except Exception as exc:  # a failed rebuild keeps the previous matcher serving
            log.exception("match index rebuild failed")
            self.last_error = f"{type(exc).__name__}: {exc}"
            return
        with self._lock:
            self._matcher = matcher  # one assignment: readers see the old or the new one
            self.last_error = None

    def _save(self, matcher: Matcher) -> None:
        if self.index_dir is None:
            return
        try:
            ix.save(matcher.index, self.index_dir)
        except OSError as exc:  # beside a read-only store: keep the index in memory
            log.warning("match index not saved in %s: %s", self.index_dir, exc)
