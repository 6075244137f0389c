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

import collections
import contextlib
import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
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
        # Set (with the time) while a job runs; ``preempted`` when the pool stopped it.
        self.started: float | None = None
        self.cpu_at_start = 0.0
        self.preempted = False

    def cpu_seconds(self) -> float:
        """CPU time the process has used (Linux ``/proc``; wall-clock elsewhere)."""
        try:
            fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return time.monotonic()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def wait_ready(self, timeout: float = 60.0) -> bool:
        """Wait for the child's first message (it has started); False if it did not."""
        try:
            return bool(self.conn.poll(timeout)) and self.conn.recv() == ("ready",)
        except (EOFError, OSError):
            return False

    def run(self, job: SparqlJob, version: str, deadline: float, timeout: float) -> WorkerAnswer:
        """Send ``job`` and collect its answer until ``deadline``.

        Raises :class:`SparqlError`; a :class:`QueryTimeout` or a
        :class:`QueryFailed` for a dead worker leave this worker unusable
        (``alive`` is False).
        """
        parts: list[bytes] = []
        size, sent = 0, False
        while True:
            remaining = deadline + GRACE - time.monotonic()
            try:
                if not sent:  # inside the try: a dead worker breaks the pipe
                    self.conn.send((job, version, deadline, timeout))
                    sent = True
                ready = remaining > 0 and self.conn.poll(remaining)
                message = self.conn.recv() if ready else None
            except (EOFError, OSError):
                self.kill()
                if self.preempted:
                    raise QueryTimeout(
                        "the query was stopped after "
                        f"{time.monotonic() - (self.started or 0):.1f} s to make room for "
                        "shorter queries while the endpoint was busy; narrow it or try later"
                    ) from None
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


class FairSlots:
    """``size`` slots handed out first come, first served.

    A plain semaphore lets a newcomer overtake a query that has waited for
    seconds; under a stream of runaway queries the waiting ones would then
    never get a worker, even when a runaway is stopped to make room.
    """

    def __init__(self, size: int) -> None:
        self.free = size
        self._queue: collections.deque[object] = collections.deque()
        self._cond = threading.Condition()

    @contextlib.contextmanager
    def ticket(self) -> Iterator[object]:
        """A place in the queue, left when the block ends (slot taken or not)."""
        ticket = object()
        with self._cond:
            self._queue.append(ticket)
        try:
            yield ticket
        finally:
            with self._cond:
                if ticket in self._queue:
                    self._queue.remove(ticket)
                self._cond.notify_all()

    def acquire(self, ticket: object, timeout: float) -> bool:
        """Take a slot when ``ticket`` is first in line; False after ``timeout``."""
        with self._cond:
            ready = self._cond.wait_for(lambda: self.free > 0 and self._queue[0] is ticket, timeout)
            if ready:
                self.free -= 1
                self._queue.popleft()
                self._cond.notify_all()
            return bool(ready)

    def release(self) -> None:
        with self._cond:
            self.free += 1
            self._cond.notify_all()


class WorkerPool:
    """Worker processes over the on-disk store at ``store_path``; ``size`` queries at once.

    :meth:`run` takes one of ``size`` slots and an idle worker (waiting at most
    until the deadline), runs the job and gives the worker back, or a fresh one
    in its place when it had to be killed or died. One spare worker more than
    ``size`` is kept started, so the query after a killed one does not wait
    for a process to start. ``version`` returns the store's current version,
    sent with every job.
    """

    def __init__(
        self,
        store_path: Path,
        size: int,
        version: Callable[[], str],
        preempt_after: float | None = None,
    ) -> None:
        self.store_path, self.version = store_path, version
        self.size, self.preempt_after = size, preempt_after
        self._slots = FairSlots(size)
        self._running: set[Worker] = set()
        self._lock = threading.Lock()
        self._idle: queue.Queue[Worker] = queue.Queue()
        self._closed = False
        for _ in range(size + 1):
            self._start()

    def run(self, job: SparqlJob, *, deadline: float, timeout: float) -> WorkerAnswer:
        """Evaluate ``job`` in a worker; raises :class:`SparqlError`."""
        busy = QueryTimeout(
            f"the endpoint stayed busy with other queries past the {timeout:g} s limit; "
            "try again later"
        )
        self._acquire_slot(deadline, busy)
        try:
            worker = self._take(deadline, busy)
            with self._lock:
                worker.started, worker.preempted = time.monotonic(), False
                worker.cpu_at_start = worker.cpu_seconds()
                self._running.add(worker)
            try:
                return worker.run(job, self.version(), deadline, timeout)
            finally:
                with self._lock:
                    self._running.discard(worker)
                    worker.started = None
                if worker.alive:
                    self._idle.put(worker)
                else:
                    self._replace(worker)
        finally:
            self._slots.release()

    def _acquire_slot(self, deadline: float, busy: QueryTimeout) -> None:
        """Wait for a slot until ``deadline``, first come, first served.

        While waiting, the query that has used the most CPU time, if more than
        ``preempt_after`` seconds, is stopped to make room: when the endpoint is
        saturated, long queries yield to short ones, so a few runaway queries
        cannot hold every slot until their own deadline.
        """
        with self._slots.ticket() as ticket:
            while not self._slots.acquire(ticket, timeout=0.05):
                if time.monotonic() >= deadline:
                    raise busy
                self._preempt_one()

    def _preempt_one(self) -> None:
        if self.preempt_after is None:
            return
        with self._lock:
            running = [w for w in self._running if w.started is not None and not w.preempted]
            now = time.monotonic()
            # Mostly CPU time: on a loaded machine a short query may wait for a
            # core while a runaway one keeps computing; three times as much wall
            # time also counts, for a runaway that is starved of CPU itself.
            used = {
                w: max(w.cpu_seconds() - w.cpu_at_start, (now - (w.started or now)) / 3)
                for w in running
            }
            heaviest = max(running, key=lambda w: used[w], default=None)
            if heaviest is None or used[heaviest] < self.preempt_after:
                return
            heaviest.preempted = True
        with contextlib.suppress(ProcessLookupError):
            heaviest.process.send_signal(signal.SIGKILL)

    def _take(self, deadline: float, busy: QueryTimeout) -> Worker:
        """An idle worker that is still alive (a dead one is replaced on the way)."""
        while True:
            try:
                worker = self._idle.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise busy from None
            if worker.alive:
                return worker
            self._replace(worker)

    def ready(self, timeout: float = 30.0) -> list[int]:
        """Wait until every worker is idle (started, no job); their process ids."""
        deadline = time.monotonic() + timeout
        while self._idle.qsize() < self.size + 1 and time.monotonic() < deadline:
            time.sleep(0.01)
        return [worker.process.pid for worker in list(self._idle.queue)]

    def running(self) -> list[int]:
        """The process ids of the workers running a job now."""
        with self._lock:
            return [worker.process.pid for worker in self._running]

    def _replace(self, dead: Worker) -> None:
        """Reap a killed or dead worker and start another."""
        dead.kill()
        if not self._closed:
            self._start()

    def _start(self) -> None:
        """Start a worker in the background; it becomes idle once its interpreter runs,
        so no query's time is spent starting a process."""

        def start() -> None:
            worker = Worker(self.store_path)
            if worker.wait_ready() and not self._closed:
                self._idle.put(worker)
            else:
                worker.kill()

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
    """Answer jobs from ``conn`` until it closes: the worker's main loop.

    The store is (re)opened when the job's store version differs from the one
    it was opened at. A read-only open races with the writer's flushes and
    compactions (a file the manifest names may just have been deleted), so an
    open or an evaluation that fails on the store's files is retried on a
    fresh open.
    """
    store: Any = None
    opened = None
    conn.send(("ready",))
    while True:
        try:
            job, version, deadline, timeout = conn.recv()
        except (EOFError, OSError):
            return
        for attempt in range(3):
            if store is None or version != opened:
                store, opened = _open(store_path), version
            if store is None:
                reply: tuple[str, ...] = ("error", "QueryFailed", "the store could not be opened")
                break
            reply, streamed = _answer(store, job, deadline, timeout, conn)
            retry = not streamed and reply[0] == "error" and _store_trouble(reply[2])
            if attempt < 2 and retry:
                store = None
                continue
            break
        conn.send(reply)


def _open(store_path: str) -> Any:
    """The store opened read only, after up to five tries; None if it cannot be."""
    for attempt in range(5):
        try:
            return ox.Store.read_only(store_path)
        except (OSError, RuntimeError):
            time.sleep(0.02 * (attempt + 1))
    return None


def _store_trouble(message: str) -> bool:
    """Whether an evaluation error comes from the store's files, not the query."""
    return "Corruption" in message or "IO error" in message or "No such file" in message


def _answer(
    store: Any, job: SparqlJob, deadline: float, timeout: float, conn: Connection
) -> tuple[tuple[str, ...], bool]:
    """Evaluate one job, streaming blocks to ``conn``: the closing message, and
    whether any block was sent."""
    sink = BoundedWriter(
        job.max_bytes, deadline, timeout, forward=lambda block: conn.send(("chunk", block))
    )
    try:
        fmt = evaluate(store, job, sink)
    except SparqlError as exc:
        return ("error", type(exc).__name__, exc.message), sink.size > len(b"".join(sink.parts))
    sink.drain()
    return ("done", fmt.name), True


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
