"""The SPARQL endpoint's engine: every query within limits, in a process that can be stopped.

A request is a query text plus an optional dataset (``default-graph-uri`` and
``named-graph-uri``) and a base IRI for relative IRIs; without a dataset the
default graph is the union of the named graphs. :class:`SparqlEngine` checks
the query against the limits before any parser sees it
(:func:`graph.sparql_core.check_query`), then evaluates it:

- for an on-disk store, in a pool of worker processes
  (:mod:`graph.sparql_workers`) that are killed and replaced when a query
  runs past its deadline or crashes the query engine;
- for an in-memory store (tests only: a worker cannot open it) and for a store
  on a SPARQL server (the query is proxied to the server), in a thread
  of this process with the same limits. Oxigraph cannot cancel a query, so
  there a query past its deadline answers 503 on time but finishes its
  evaluation in the background, holding its slot until then.

The same engine answers ``/sparql``, ``/queries/{name}`` and ``keino sparql``.

>>> from graph.rdf import triple, lit
>>> store = Store()
>>> _ = store.load_triples("https://w3id.org/keino/graph/t", [triple(
...     "https://w3id.org/keino/id/a", "http://www.w3.org/2000/01/rdf-schema#label", lit("A"))])
>>> engine = SparqlEngine(store, SparqlSettings(timeout=5))
>>> answer = engine.execute(SparqlRequest("SELECT ?s WHERE { ?s ?p ?o }"), negotiate("text/csv"))
>>> answer.media_type, answer.body.decode().split()
('text/csv; charset=utf-8', ['s', 'https://w3id.org/keino/id/a'])
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import anyio
import anyio.to_thread
import pyoxigraph as ox

from graph.queries import NamedQuery
from graph.results import Table, plain
from graph.sparql_core import (
    FORMATS,
    RDF_PREFIXES,
    READ_ONLY,
    BoundedWriter,
    Format,
    Negotiated,
    NotAcceptable,
    QueryFailed,
    QueryRefused,
    QuerySyntaxError,
    QueryTimeout,
    ResultTooLarge,
    SparqlError,
    SparqlJob,
    SparqlSettings,
    UpdateRefused,
    check_query,
    evaluate,
    format_named,
    looks_like_update,
    media_type,
    negotiate,
    parse_accept,
    timeout_error,
)
from graph.sparql_text import scan
from graph.sparql_workers import STACK_BYTES, WorkerPool
from graph.store import Store

__all__ = [
    "FORMATS",
    "READ_ONLY",
    "Format",
    "Negotiated",
    "NotAcceptable",
    "QueryFailed",
    "QueryRefused",
    "QuerySyntaxError",
    "QueryTimeout",
    "ResultTooLarge",
    "SparqlAnswer",
    "SparqlEngine",
    "SparqlError",
    "SparqlRequest",
    "SparqlSettings",
    "UpdateRefused",
    "entity_triples",
    "format_named",
    "looks_like_update",
    "negotiate",
    "parse_accept",
    "result_formats",
    "serialize_triples",
]


@dataclass(frozen=True)
class SparqlRequest:
    """A query, its dataset (``None`` graphs: the store's default) and base IRI."""

    query: str
    default_graphs: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None
    base_iri: str | None = None


@dataclass(frozen=True)
class SparqlAnswer:
    """The serialized answer: body, media type (with charset) and format."""

    body: bytes
    media_type: str
    format: str


class SparqlEngine:
    """Runs queries on one store within :class:`SparqlSettings`.

    ``execute`` (blocking) and ``execute_async`` (from an event loop; the wait
    happens in a thread of the engine's own limiter, so queries never hold
    the threads that serve other routes) answer endpoint requests;
    ``run_named`` runs a named query with the same limits. Call
    :meth:`close` to stop the worker processes.
    """

    def __init__(self, store: Store, settings: SparqlSettings | None = None) -> None:
        self.store = store
        self.settings = settings or SparqlSettings()
        self.pool: WorkerPool | None = None
        if store.path is not None:
            self.pool = WorkerPool(
                store.path,
                self.settings.concurrency,
                store.version,
                preempt_after=self.settings.preempt_after,
            )
        self._slots = threading.BoundedSemaphore(self.settings.concurrency)
        self._limiter: anyio.CapacityLimiter | None = None

    def close(self) -> None:
        """Stop the workers (an in-memory engine has none)."""
        if self.pool is not None:
            self.pool.close()

    # ------------------------------------------------------------ requests
    def execute(self, request: SparqlRequest, formats: Negotiated) -> SparqlAnswer:
        """Check and run ``request``; raises :class:`SparqlError`."""
        deadline = time.monotonic() + self.settings.timeout
        job = self._job(request, formats)
        body, name = self._run(job, deadline)
        return SparqlAnswer(body, media_type(FORMATS[name]), name)

    async def execute_async(self, request: SparqlRequest, formats: Negotiated) -> SparqlAnswer:
        """:meth:`execute` from an event loop."""
        return await self._in_thread(self.execute, request, formats)

    def run_named(self, query: NamedQuery, values: Mapping[str, str]) -> Table | bool | list[Any]:
        """Run a named query with request values, within the limits.

        A SELECT gives a :class:`Table`, an ASK a bool, a CONSTRUCT a list of
        triples. Raises :class:`graph.queries.QueryError` for bad values and
        :class:`SparqlError` for the rest.
        """
        return self.answer(SparqlRequest(query.sparql), dict(query.bind(values)))

    def answer(
        self, request: SparqlRequest, substitutions: Mapping[str, Any] | None = None
    ) -> Table | bool | list[Any]:
        """Run any read query within the limits and answer Python values.

        Oxigraph parses the query and its result type decides the answer: a
        :class:`Table` (SELECT), a bool (ASK) or a list of triples
        (CONSTRUCT, DESCRIBE). Raises :class:`SparqlError`.
        """
        deadline = time.monotonic() + self.settings.timeout
        job = self._job(request, Negotiated(FORMATS["json"], FORMATS["ntriples"]))
        job = replace(job, substitutions=dict(substitutions or {}))
        body, name = self._run(job, deadline)
        if name == "ntriples":
            return [q.triple for q in ox.parse(body, ox.RdfFormat.N_TRIPLES)]
        answer = ox.parse_query_results(body, ox.QueryResultsFormat.JSON)
        if isinstance(answer, ox.QueryBoolean):
            return bool(answer)
        return _table(answer)

    async def run_named_async(
        self, query: NamedQuery, values: Mapping[str, str]
    ) -> Table | bool | list[Any]:
        """:meth:`run_named` from an event loop."""
        return await self._in_thread(self.run_named, query, values)

    # ------------------------------------------------------------ internals
    def _job(self, request: SparqlRequest, formats: Negotiated) -> SparqlJob:
        check_query(request.query, self.settings)
        return SparqlJob(
            request.query,
            request.default_graphs,
            request.named_graphs,
            request.base_iri,
            formats=formats,
            max_bytes=self.settings.max_bytes,
            federated=bool(scan(request.query).services),
        )

    def _run(self, job: SparqlJob, deadline: float) -> tuple[bytes, str]:
        if self.pool is not None:
            answer = self.pool.run(job, deadline=deadline, timeout=self.settings.timeout)
            return answer.body, answer.format
        return self._run_here(job, deadline)

    def _run_here(self, job: SparqlJob, deadline: float) -> tuple[bytes, str]:
        """Evaluate in a thread of this process (in-memory and remote stores)."""
        timeout = self.settings.timeout
        if not self._slots.acquire(timeout=max(0.0, deadline - time.monotonic())):
            raise QueryTimeout(
                f"the endpoint stayed busy with other queries past the {timeout:g} s limit; "
                "try again later"
            )
        box: dict[str, Any] = {}
        sink = BoundedWriter(job.max_bytes, deadline, timeout)

        def work() -> None:
            try:
                box["format"] = evaluate(self.store._ox, job, sink)
            except SparqlError as exc:  # handed to the caller below
                box["error"] = exc
            finally:
                self._slots.release()

        # The big stack keeps a deeply nested expression from overflowing it.
        threading.stack_size(STACK_BYTES)
        try:
            worker = threading.Thread(target=work, daemon=True, name="sparql-query")
        finally:
            threading.stack_size(0)
        worker.start()
        worker.join(max(0.0, deadline - time.monotonic()))
        if worker.is_alive():
            raise timeout_error(timeout)
        if "error" in box:
            raise box["error"]
        fmt: Format = box["format"]
        return b"".join(sink.parts), fmt.name

    async def _in_thread(self, func: Any, *args: Any) -> Any:
        if self._limiter is None:
            # Enough threads for every query that may wait for a worker; they
            # are not the event loop's default threads, so /healthz and the
            # other routes never queue behind queries.
            self._limiter = anyio.CapacityLimiter(64)
        try:
            with anyio.fail_after(self.settings.timeout + 1):
                return await anyio.to_thread.run_sync(
                    func, *args, limiter=self._limiter, abandon_on_cancel=True
                )
        except TimeoutError:
            # The thread itself overran (a starved machine, a slow kill): the
            # caller still hears the time limit, not an unexplained failure.
            raise timeout_error(self.settings.timeout) from None


def _table(solutions: Any) -> Table:
    """A parsed SELECT answer as a :class:`Table` of plain values and terms."""
    variables = [v.value for v in solutions.variables]
    terms = [{name: solution[name] for name in variables} for solution in solutions]
    rows = [{name: plain(term) for name, term in row.items()} for row in terms]
    return Table(variables, rows, terms)


# ------------------------------------------------------------------ entities

_ENTITY = """
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
CONSTRUCT { ?entity ?p ?o . ?s ?q ?entity . ?n ?lp ?label }
WHERE {
  { ?entity ?p ?o }
  UNION { ?s ?q ?entity }
  UNION {
    { ?entity ?x ?n } UNION { ?n ?y ?entity }
    ?n ?lp ?label .
    FILTER(?lp IN (skos:prefLabel, rdfs:label))
  }
}"""


def entity_triples(store: Store, iri: str) -> list[ox.Triple]:
    """The triples about ``iri``: outgoing, incoming, and labels of its neighbours.

    Empty when the store knows nothing about it. Duplicates (a fact asserted in
    two graphs) count once; the order is stable.

    >>> from graph.rdf import triple, lit
    >>> store = Store()
    >>> _ = store.load_triples("https://w3id.org/keino/graph/t", [
    ...     triple("https://w3id.org/keino/id/a", "http://www.w3.org/ns/org#memberOf",
    ...            "https://w3id.org/keino/id/b"),
    ...     triple("https://w3id.org/keino/id/b", "http://www.w3.org/2000/01/rdf-schema#label",
    ...            lit("B"))])
    >>> len(entity_triples(store, "https://w3id.org/keino/id/a"))
    2
    """
    answer = store.query(_ENTITY, substitutions={"entity": ox.NamedNode(iri)})
    return sorted(set(answer), key=str)


def serialize_triples(triples: Iterable[ox.Triple], fmt: Format) -> bytes:
    """Triples in an RDF format (Turtle with the project's prefixes).

    >>> serialize_triples([], FORMATS["ntriples"])
    b''
    """
    if fmt.family != "rdf":
        raise NotAcceptable(f"{fmt.media_type} carries query results, not RDF")
    prefixes = None if fmt.name in ("ntriples", "jsonld") else RDF_PREFIXES
    body = ox.serialize(list(triples), None, fmt.ox, prefixes=prefixes)
    return body or b""


def result_formats() -> Sequence[Format]:
    """The formats of SELECT/ASK answers, for download links."""
    return [f for f in FORMATS.values() if f.family == "results"]
