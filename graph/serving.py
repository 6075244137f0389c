"""Opening a store that another process holds, and saying who holds it.

An on-disk Oxigraph store has one writer at a time (RocksDB's ``LOCK``).
``keino serve`` writes ``<store>.serving.json`` (its pid and URL) beside the store
while it runs, and removes it on exit. :func:`open_store` opens the store for
writing when it can; when another process holds it, it opens a read-only view
(:class:`ReadOnlyStore`: the data as it was when opened) whose writes raise
:class:`StoreBusy`, a one-line message that names the holder and what to do.

>>> import tempfile
>>> folder = Path(tempfile.mkdtemp()) / "store"
>>> first = open_store(folder)
>>> second = open_store(folder)     # held by ``first``: a read-only view
>>> isinstance(second, ReadOnlyStore)
True
>>> ensure_writable(second)
Traceback (most recent call last):
...
graph.serving.StoreBusy: the store ... is open in another keino process: wait for it to finish
"""

from __future__ import annotations

import json
import os
import signal
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graph.backup import sibling
from graph.remote import is_url
from graph.store import IngestRun, SourceFile, Store


class StoreBusy(RuntimeError):
    """A write to a store that another process holds; the message is one line."""


@dataclass(frozen=True)
class Server:
    """The ``keino serve`` process serving a store."""

    pid: int
    url: str


def marker(store: Path) -> Path:
    """``<store>.serving.json``: where ``keino serve`` says it serves ``store``."""
    return sibling(store, "serving.json")


def served_by(store: Path) -> Server | None:
    """The live server named by the store's marker; None if none (or it died)."""
    try:
        data = json.loads(marker(store).read_text(encoding="utf-8"))
        server = Server(int(data["pid"]), str(data["url"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return server if _alive(server.pid) else None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextmanager
def serving(store: Store, url: str) -> Iterator[None]:
    """Write the marker for ``store`` (on disk, held for writing) while the block runs."""
    if store.path is None or isinstance(store, ReadOnlyStore):
        yield
        return
    path = marker(store.path)
    path.write_text(json.dumps({"pid": os.getpid(), "url": url}), encoding="utf-8")
    # uvicorn re-raises the SIGTERM it stopped on; exit through ``finally`` instead of dying.
    previous = signal.signal(signal.SIGTERM, _exit_quietly)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
        served = served_by(store.path)
        if served is None or served.pid == os.getpid():
            path.unlink(missing_ok=True)


def _exit_quietly(signum: int, frame: object) -> None:
    raise SystemExit(0)


def busy_message(store: Path) -> str:
    """One line: who holds ``store`` and what to do about it."""
    server = served_by(store)
    if server is not None:
        return (
            f"the store {store} is served by keino serve (pid {server.pid}, {server.url}): "
            "stop the server to change the store, then start it again"
        )
    return f"the store {store} is open in another keino process: wait for it to finish"


def _is_lock_error(exc: OSError) -> bool:
    return "LOCK" in str(exc) or "lock hold" in str(exc)


def open_store(path: Path | str) -> Store:
    """The store at ``path`` for writing, or a :class:`ReadOnlyStore` if another process
    holds it. Other errors (a folder that is not a store, no permission) raise
    ``OSError``. A SPARQL server's URL opens a remote store, which every process can
    write (the server orders the requests)."""
    if is_url(path):
        return Store(str(path))
    path = Path(path)
    try:
        return Store(path)
    except OSError as exc:
        if not _is_lock_error(exc) or not path.exists():
            raise
    return ReadOnlyStore(path, busy_message(path))


def ensure_writable(store: Store) -> None:
    """Raise :class:`StoreBusy` before any work if ``store`` cannot be written."""
    if isinstance(store, ReadOnlyStore):
        raise StoreBusy(store.busy)


class ReadOnlyStore(Store):
    """A read-only view of a store another process holds: reads see the data as it
    was when it was opened; every write raises :class:`StoreBusy`."""

    def __init__(self, path: Path, busy: str) -> None:
        super().__init__(path, read_only=True)
        self.busy = busy

    def replace_graph(
        self, graph: str, triples: Iterable[Any], *, source: str, inputs: Sequence[SourceFile]
    ) -> IngestRun:
        raise StoreBusy(self.busy)

    def rebuild_graph(
        self, graph: str, triples: Iterable[Any], *, source: str, inputs: Sequence[SourceFile]
    ) -> IngestRun:
        raise StoreBusy(self.busy)

    def replace_graph_ntriples(
        self, graph: str, data: bytes, *, source: str, inputs: Sequence[SourceFile]
    ) -> IngestRun:
        raise StoreBusy(self.busy)

    def load_triples(self, graph: str, triples: Iterable[Any]) -> int:
        raise StoreBusy(self.busy)

    def bulk_load_triples(self, graph: str, triples: Iterable[Any]) -> int:
        raise StoreBusy(self.busy)

    def drop_graph(self, graph: str) -> None:
        raise StoreBusy(self.busy)

    def restore(self, path: Path | str) -> int:
        raise StoreBusy(self.busy)

    def flush(self) -> None:
        """Nothing to flush: this process wrote nothing."""
