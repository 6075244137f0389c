"""The SPARQL endpoint's engine: format negotiation and read-only execution with limits.

A request is a query text plus an optional dataset (``default-graph-uri`` and
``named-graph-uri``); without one the default graph is the union of the named
graphs. The answer is serialized straight from Oxigraph into the negotiated
format, through a writer that stops the query once it is past its deadline or
its byte budget.

Oxigraph cannot cancel a query, so each query runs in a thread of its own
(see :class:`SparqlEngine`): the client gets a timeout error on time, a
streaming answer stops at its next chunk, and a bounded number of concurrent
queries keeps a runaway one from taking the service down.

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

import io
import os
import re
import threading
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import IO, Any, cast

import anyio
import anyio.to_thread
import pyoxigraph as ox

from graph.store import PROV, PROVENANCE_GRAPH, Store

# ------------------------------------------------------------------- settings


@dataclass(frozen=True)
class SparqlSettings:
    """Limits of the endpoint.

    ``timeout`` (seconds) bounds one query, ``max_bytes`` the size of one
    serialized answer, ``concurrency`` the number of queries evaluated at once
    (further requests wait for a slot, at most ``timeout``).

    >>> SparqlSettings.from_env({"KEINO_SPARQL_TIMEOUT": "2.5"}).timeout
    2.5
    """

    timeout: float = 30.0
    max_bytes: int = 64 * 1024 * 1024
    concurrency: int = 2

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> SparqlSettings:
        """Settings from ``KEINO_SPARQL_TIMEOUT``, ``…_MAX_BYTES``, ``…_CONCURRENCY``."""
        env = os.environ if env is None else env
        default = cls()
        return cls(
            timeout=float(env.get("KEINO_SPARQL_TIMEOUT", default.timeout)),
            max_bytes=int(env.get("KEINO_SPARQL_MAX_BYTES", default.max_bytes)),
            concurrency=int(env.get("KEINO_SPARQL_CONCURRENCY", default.concurrency)),
        )


# --------------------------------------------------------------------- errors


class SparqlError(Exception):
    """A request the endpoint refuses; ``status`` is the HTTP status to answer."""

    status = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class QuerySyntaxError(SparqlError):
    """The query does not parse."""


class UpdateRefused(SparqlError):
    """The request is a SPARQL update: the endpoint is read only."""

    status = 403


class NotAcceptable(SparqlError):
    """No format the client accepts can carry this kind of answer."""

    status = 406


class ResultTooLarge(SparqlError):
    """The serialized answer grew past ``max_bytes``."""

    status = 422


class QueryTimeout(SparqlError):
    """The query ran past ``timeout``."""

    status = 503


# -------------------------------------------------------------------- formats


@dataclass(frozen=True)
class Format:
    """One answer format: its short name, media type and Oxigraph format."""

    name: str
    media_type: str
    family: str  # "results" (SELECT, ASK) or "rdf" (CONSTRUCT, DESCRIBE)
    extension: str

    @property
    def ox(self) -> Any:
        """The pyoxigraph ``QueryResultsFormat`` or ``RdfFormat``."""
        table = _OX_RESULTS if self.family == "results" else _OX_RDF
        return table[self.name]


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("json", "application/sparql-results+json", "results", "srj"),
        Format("xml", "application/sparql-results+xml", "results", "srx"),
        Format("csv", "text/csv", "results", "csv"),
        Format("tsv", "text/tab-separated-values", "results", "tsv"),
        Format("turtle", "text/turtle", "rdf", "ttl"),
        Format("ntriples", "application/n-triples", "rdf", "nt"),
        Format("jsonld", "application/ld+json", "rdf", "jsonld"),
        Format("rdfxml", "application/rdf+xml", "rdf", "rdf"),
    )
}
_OX_RESULTS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
_OX_RDF = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}
# Other names clients use for the same formats (``format=`` values and media types).
_ALIASES = {
    "srj": "json",
    "application/json": "json",
    "srx": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "ttl": "turtle",
    "application/x-turtle": "turtle",
    "nt": "ntriples",
    "n-triples": "ntriples",
    "text/plain": "ntriples",
    "json-ld": "jsonld",
    "rdf": "rdfxml",
    "rdf/xml": "rdfxml",
    "tab": "tsv",
}
_BY_MEDIA = {f.media_type: f for f in FORMATS.values()}
RDF_PREFIXES = {
    "keino": "https://w3id.org/keino/ontology#",
    "kid": "https://w3id.org/keino/id/",
    "kg": "https://w3id.org/keino/graph/",
    "epo": "http://data.europa.eu/a4g/ontology#",
    "org": "http://www.w3.org/ns/org#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "prov": PROV,
    "dcterms": "http://purl.org/dc/terms/",
    "cpv": "http://data.europa.eu/cpv/cpv/",
    "nuts": "http://data.europa.eu/nuts/code/",
}


def format_named(name: str) -> Format:
    """A format by short name, alias or media type; raises SparqlError if unknown.

    >>> format_named("ttl").media_type
    'text/turtle'
    """
    key = name.strip().lower()
    key = _ALIASES.get(key, key)
    if key in FORMATS:
        return FORMATS[key]
    if key in _BY_MEDIA:
        return _BY_MEDIA[key]
    raise SparqlError(f"unknown format {name!r}; use one of {', '.join(FORMATS)}")


@dataclass(frozen=True)
class Negotiated:
    """The format for each answer family; None when the client accepts none of them."""

    results: Format | None
    rdf: Format | None

    def for_family(self, family: str) -> Format:
        """The format for ``results`` or ``rdf``; raises NotAcceptable if there is none."""
        chosen = self.results if family == "results" else self.rdf
        if chosen is None:
            kinds = "SELECT/ASK results" if family == "results" else "RDF (CONSTRUCT/DESCRIBE)"
            offered = ", ".join(f.media_type for f in FORMATS.values() if f.family == family)
            raise NotAcceptable(f"this query answers with {kinds}; accept one of {offered}")
        return chosen


def negotiate(accept: str | None, fmt: str | None = None) -> Negotiated:
    """Pick the answer formats from ``format=`` (wins) or the ``Accept`` header.

    The query's kind is only known once Oxigraph has parsed it, so one format is
    chosen per family: JSON and Turtle unless the client asks otherwise.

    >>> n = negotiate("text/csv;q=0.9, application/sparql-results+xml, */*;q=0.1")
    >>> n.results.name, n.rdf.name
    ('xml', 'turtle')
    >>> negotiate("text/turtle").results is None
    True
    >>> negotiate(None, "nt").rdf.name
    'ntriples'
    """
    if fmt:
        chosen = format_named(fmt)
        if chosen.family == "results":
            return Negotiated(chosen, FORMATS["turtle"])
        return Negotiated(FORMATS["json"], chosen)
    ranges = parse_accept(accept or "*/*")
    return Negotiated(_best(ranges, "results", "json"), _best(ranges, "rdf", "turtle"))


def parse_accept(accept: str) -> list[tuple[str, float]]:
    """``Accept`` media ranges with their q-values, best first (stable order).

    >>> parse_accept("text/html;q=0.5, text/csv")
    [('text/csv', 1.0), ('text/html', 0.5)]
    """
    ranges = []
    for part in accept.split(","):
        media, _, params = part.strip().partition(";")
        q = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if media:
            ranges.append((media.strip().lower(), q))
    return sorted(ranges, key=lambda r: -r[1])


def _best(ranges: list[tuple[str, float]], family: str, default: str) -> Format | None:
    for media, q in ranges:
        if q <= 0:
            continue
        if media in ("*/*", "application/*", "text/*"):
            return FORMATS[default]
        name = _ALIASES.get(media, media)
        found = FORMATS.get(name) or _BY_MEDIA.get(name)
        if found is not None and found.family == family:
            return found
    return None


# ------------------------------------------------------------------ execution


@dataclass(frozen=True)
class SparqlRequest:
    """A query and its dataset; ``None`` graphs mean the store's default."""

    query: str
    default_graphs: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None


@dataclass(frozen=True)
class SparqlAnswer:
    """The serialized answer: body, media type (with charset) and format."""

    body: bytes
    media_type: str
    format: str


_UPDATE = re.compile(
    r"(?<![?$\w:])(INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b\s*"
    r"(DATA|WHERE|\{|GRAPH|SILENT|ALL|DEFAULT|NAMED|<|\?|\w+:)",
    re.IGNORECASE,
)


def looks_like_update(text: str) -> bool:
    """Whether a text that failed to parse as a query is a SPARQL update.

    >>> looks_like_update("INSERT DATA { <a:b> <a:c> <a:d> }")
    True
    >>> looks_like_update("SELECT ?delete WHERE { ?s ?p ?delete }")
    False
    """
    body = re.sub(r"(?m)#.*$", "", text)
    body = re.sub(r'"[^"\n]*"|\'[^\'\n]*\'|<[^>\s]*>', '""', body)
    return bool(_UPDATE.search(body))


class _BoundedWriter(io.RawIOBase):
    """A binary sink that stops the serialization past a deadline or a size.

    Oxigraph evaluates SELECT and CONSTRUCT lazily while it serializes, so raising
    here stops a streaming query between chunks of output; the reason is kept in
    ``error`` because Oxigraph turns whatever is raised into an ``OSError``.
    """

    def __init__(self, max_bytes: int, deadline: float, timeout: float) -> None:
        super().__init__()
        self.parts: list[bytes] = []
        self.size = 0
        self.max_bytes, self.deadline, self.timeout = max_bytes, deadline, timeout
        self.error: SparqlError | None = None

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self.size += len(data)
        if self.size > self.max_bytes:
            self.error = ResultTooLarge(
                f"the answer is larger than the {self.max_bytes:,} byte limit; add a LIMIT "
                "or narrow the query"
            )
        elif time.monotonic() > self.deadline:
            self.error = _timeout(self.timeout)
        if self.error is not None:
            # A plain OSError: the reason stays in ``error``, never raised from
            # here, so no traceback ties it to the query's frames.
            raise OSError(self.error.message)
        self.parts.append(bytes(data))
        return len(data)


def _timeout(seconds: float) -> QueryTimeout:
    return QueryTimeout(
        f"the query ran longer than the {seconds:g} s limit and was stopped; "
        "add a LIMIT or narrow the patterns"
    )


def run_query(
    store: Store,
    request: SparqlRequest,
    formats: Negotiated,
    *,
    max_bytes: int,
    timeout: float,
    deadline: float | None = None,
) -> SparqlAnswer:
    """Run one read query on ``store`` and serialize its answer, in the calling thread.

    Raises :class:`SparqlError` subclasses: syntax, update, not acceptable, too
    large, timeout (checked whenever a chunk of output is written, against
    ``deadline``, by default ``timeout`` seconds from now).
    """
    sink = _BoundedWriter(max_bytes, deadline or time.monotonic() + timeout, timeout)
    fmt, failure = _evaluate(store, request, formats, sink)
    if failure is not None:
        raise failure
    assert fmt is not None
    media = fmt.media_type + ("; charset=utf-8" if fmt.media_type.startswith("text/") else "")
    return SparqlAnswer(b"".join(sink.parts), media, fmt.name)


def _evaluate(
    store: Store, request: SparqlRequest, formats: Negotiated, sink: _BoundedWriter
) -> tuple[Format | None, SparqlError | None]:
    """Query and serialize into ``sink``; the error is returned, never raised.

    Oxigraph's answer may only be dropped by the thread that made it, so no
    exception may carry this frame (which holds it) to another thread.
    """
    try:
        answer = store.query(
            request.query,
            default_graph=request.default_graphs,
            named_graphs=request.named_graphs,
        )
    except SyntaxError as exc:
        if looks_like_update(request.query):
            return None, UpdateRefused(
                "this endpoint is read only: SPARQL updates are refused "
                "(the store changes through `keino ingest`)"
            )
        return None, QuerySyntaxError(f"SPARQL syntax error: {exc}")
    family = "rdf" if isinstance(answer, ox.QueryTriples) else "results"
    try:
        fmt = formats.for_family(family)
    except NotAcceptable as exc:
        return None, NotAcceptable(exc.message)
    try:
        _serialize(answer, sink, fmt)
    except OSError as exc:
        return fmt, sink.error or SparqlError(f"query failed: {exc}")
    return fmt, None


def _serialize(answer: Any, sink: _BoundedWriter, fmt: Format) -> None:
    output = cast(IO[bytes], sink)
    if fmt.family == "results":
        answer.serialize(output, fmt.ox)
    else:
        prefixes = None if fmt.name in ("ntriples", "jsonld") else RDF_PREFIXES
        ox.serialize(answer, output, fmt.ox, prefixes=prefixes)


class SparqlEngine:
    """Runs endpoint requests on one store within :class:`SparqlSettings`.

    A query runs in a worker thread (Oxigraph releases the GIL while it
    evaluates, so the server keeps answering); the caller waits at most
    ``timeout`` and then gets :class:`QueryTimeout`. Oxigraph cannot cancel a
    query: a streaming answer stops at its next chunk of output, but a query
    stuck inside one evaluation step (a huge ORDER BY or aggregate) runs on in
    the background. It keeps its slot until it ends, and only ``concurrency``
    queries hold slots at once, so runaway queries cannot pile up: later
    requests wait for a slot, at most until their own deadline.
    """

    def __init__(self, store: Store, settings: SparqlSettings | None = None) -> None:
        self.store = store
        self.settings = settings or SparqlSettings()
        self._slots = threading.BoundedSemaphore(max(1, self.settings.concurrency))

    def execute(self, request: SparqlRequest, formats: Negotiated) -> SparqlAnswer:
        """Run ``request`` from synchronous code; raises :class:`SparqlError`."""
        deadline = time.monotonic() + self.settings.timeout
        box: dict[str, Any] = {}

        def work() -> None:
            try:
                box["answer"] = self.run_in_slot(request, formats, deadline)
            except SparqlError as exc:  # handed to the caller below
                box["error"] = exc

        worker = threading.Thread(target=work, daemon=True, name="sparql-query")
        worker.start()
        worker.join(max(0.0, deadline - time.monotonic()))
        if worker.is_alive():
            raise _timeout(self.settings.timeout)
        if "error" in box:
            raise box["error"]
        answer: SparqlAnswer = box["answer"]
        return answer

    async def execute_async(self, request: SparqlRequest, formats: Negotiated) -> SparqlAnswer:
        """Run ``request`` from an event loop (one thread hop fewer than :meth:`execute`)."""
        deadline = time.monotonic() + self.settings.timeout
        try:
            with anyio.fail_after(self.settings.timeout):
                return await anyio.to_thread.run_sync(
                    self.run_in_slot, request, formats, deadline, abandon_on_cancel=True
                )
        except TimeoutError:
            raise _timeout(self.settings.timeout) from None

    def run_in_slot(
        self, request: SparqlRequest, formats: Negotiated, deadline: float
    ) -> SparqlAnswer:
        """Wait for a slot until ``deadline``, then run the query in this thread."""
        if not self._slots.acquire(timeout=max(0.0, deadline - time.monotonic())):
            raise QueryTimeout(
                f"the endpoint stayed busy with other queries past the "
                f"{self.settings.timeout:g} s limit; try again later"
            )
        try:
            return run_query(
                self.store,
                request,
                formats,
                max_bytes=self.settings.max_bytes,
                timeout=self.settings.timeout,
                deadline=deadline,
            )
        except SparqlError:
            raise
        except Exception as exc:
            raise SparqlError(f"query failed: {exc}") from None
        finally:
            self._slots.release()


def store_version(store: Store) -> str:
    """A key that changes whenever an ingest run is recorded in ``kg:provenance``.

    It is the number of runs and the latest end time, so caches (the search
    index) rebuild after each ``replace_graph``.

    >>> store_version(Store())
    '0|'
    """
    solutions = store.query(
        f"SELECT (COUNT(?run) AS ?n) (MAX(STR(?end)) AS ?last) WHERE {{ GRAPH <{PROVENANCE_GRAPH}> "
        f"{{ ?run <{PROV}endedAtTime> ?end }} }}"
    )
    row = next(iter(solutions))
    last = row["last"]
    return f"{row['n'].value}|{last.value if last is not None else ''}"


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
