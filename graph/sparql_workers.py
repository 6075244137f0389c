"""Query worker processes: SPARQL evaluated where it can be stopped.

Oxigraph cannot cancel a running query, and a pathological one can crash it
(a stack overflow in the parser kills the whole process). So the endpoint
evaluates every query in a worker process of its own:

- a small pool (``concurrency`` workers), each a ``python -m
  graph.sparql_workers`` child holding the on-disk store open read only
  (``pyoxigraph.Store.read_only``) and talking to the server over a socket
  pair; the worker reopens the store when the store's version (sent with
  every job, :meth:`graph.store.Store.version`) differs from the one it
  opened, so new ingests are seen;
- a job streams its answer back in blocks of about 256 KiB; the worker stops
  at the byte limit or the deadline by itself when it can (between blocks);
- when the deadline passes with no answer (an aggregate over a cartesian
  product, a ``(a|!a)*`` path...) the server kills the worker (SIGKILL) and
  starts a new one in the background; a worker that dies (a crash inside
  Oxigraph) is replaced the same way. Either costs one worker, never the
  server or the other slots, and the memory the query took goes with it.

The evaluation runs in a thread with a large stack (256 MiB, reserved but
only touched as needed), so deep expressions that would overflow the default
8 MiB stack are evaluated (or stopped at the deadline) instead of crashing.
"""

from __future__ import annotations

import contextlib
import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from graph.sparql_core import (
    ERRORS,
    BoundedWriter,
    QueryFailed,
    QueryTimeout,
    ResultTooLarge,
    SparqlError,
    SparqlJob,
    evaluate,
    timeout_error,
)

STACK_BYTES = 256 * 1024 * 1024
# Time a worker gets past the deadline to report it stopped before it is killed.
GRACE = 0.25


@dataclass(frozen=True)
class WorkerAnswer:
    """A worker's serialized answer and its format name."""

    body: bytes
    format: str


class Worker:
    """One child process and the server's end of its socket pair."""

    def __init__(self, store_path: Path) -> None:
        ours, theirs = socket.socketpair()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "graph.sparql_workers", str(store_path), str(theirs.fileno())],
            pass_fds=(theirs.fileno(),),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            close_fds=True,
        )
        theirs.close()
        self.conn = Connection(ours.detach())

    def run(self, job: SparqlJob, version: str, deadline: float, timeout: float) -> WorkerAnswer:
        """Send ``job`` and collect its answer until ``deadline``.

        Raises :class:`SparqlError`; a :class:`QueryTimeout` or a
        :class:`QueryFailed` for a dead worker leave this worker unusable
        (``alive`` is False).
        """
        self.conn.send((job, version, deadline, timeout))
        parts: list[bytes] = []
        size = 0
        while True:
            remaining = deadline + GRACE - time.monotonic()
            try:
                ready = remaining > 0 and self.conn.poll(remaining)
                message = self.conn.recv() if ready else None
            except (EOFError, OSError):
                self.kill()
                raise QueryFailed(
                    "the query engine stopped on this query (too complex or too deeply "
                    "nested); simplify it"
                ) from None
            if message is None:
                self.kill()
                raise timeout_error(timeout)
            kind = message[0]
            if kind == "chunk":
                size += len(message[1])
                if size > job.max_bytes:
                    self.kill()
                    raise ResultTooLarge(
                        f"the answer is larger than the {job.max_bytes:,} byte limit"
                    )
                parts.append(message[1])
            elif kind == "done":
                return WorkerAnswer(b"".join(parts), message[1])
            else:
                _, name, text = message
                raise ERRORS.get(name, SparqlError)(text)

    @property
    def alive(self) -> bool:
        return self.process.poll() is None and not self.conn.closed

    def kill(self) -> None:
        """Stop the process at once and reap it."""
        with contextlib.suppress(ProcessLookupError):
            self.process.send_signal(signal.SIGKILL)
        self.process.wait()
        self.conn.close()


class WorkerPool:
    """``size`` workers over the on-disk store at ``store_path``.

    :meth:`run` borrows an idle worker (waiting at most until the deadline),
    runs the job and gives the worker back, or a fresh one in its place when
    it had to be killed or died. ``version`` returns the store's current
    version, sent with every job.
    """

    def __init__(self, store_path: Path, size: int, version: Callable[[], str]) -> None:
        self.store_path, self.version = store_path, version
        self.size = size
        self._idle: queue.Queue[Worker] = queue.Queue()
        self._closed = False
        for _ in range(size):
            self._idle.put(Worker(store_path))

    def run(self, job: SparqlJob, *, deadline: float, timeout: float) -> WorkerAnswer:
        """Evaluate ``job`` in a worker; raises :class:`SparqlError`."""
        try:
            worker = self._idle.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            raise QueryTimeout(
                f"the endpoint stayed busy with other queries past the {timeout:g} s limit; "
                "try again later"
            ) from None
        try:
            return worker.run(job, self.version(), deadline, timeout)
        finally:
            if worker.alive:
                self._idle.put(worker)
            else:
                self._replace(worker)

    def _replace(self, dead: Worker) -> None:
        """Start a new worker in the background and make it idle once it runs."""
        dead.kill()
        if self._closed:
            return

        def start() -> None:
            self._idle.put(Worker(self.store_path))

        threading.Thread(target=start, daemon=True, name="sparql-worker-start").start()

    def close(self) -> None:
        """Stop every idle worker (busy ones end with their job's connection)."""
        self._closed = True
        while True:
            try:
                self._idle.get_nowait().kill()
            except queue.Empty:
                return


# ------------------------------------------------------------- worker side


def serve(store_path: str, conn: Connection) -> None:
    """Answer jobs from ``conn`` until it closes: the worker's main loop."""
    store: Any = None
    opened = None
    while True:
        try:
            job, version, deadline, timeout = conn.recv()
        except (EOFError, OSError):
            return
        if store is None or version != opened:
            store, opened = ox.Store.read_only(store_path), version
        conn.send(_answer(store, job, deadline, timeout, conn))


def _answer(
    store: Any, job: SparqlJob, deadline: float, timeout: float, conn: Connection
) -> tuple[str, ...]:
    """Evaluate one job, streaming blocks to ``conn``; the closing message."""
    sink = BoundedWriter(
        job.max_bytes, deadline, timeout, forward=lambda block: conn.send(("chunk", block))
    )
    try:
        fmt = evaluate(store, job, sink)
    except SparqlError as exc:
        return ("error", type(exc).__name__, exc.message)
    sink.drain()
    return ("done", fmt.name)


def main(argv: list[str]) -> None:
    """``python -m graph.sparql_workers STORE FD``: serve jobs on socket ``FD``."""
    store_path, fd = argv[0], int(argv[1])
    conn = Connection(fd)
    threading.stack_size(STACK_BYTES)
    worker = threading.Thread(target=serve, args=(store_path, conn), name="sparql-worker")
    worker.start()
    worker.join()
    os._exit(0)


if __name__ == "__main__":
    main(sys.argv[1:])
