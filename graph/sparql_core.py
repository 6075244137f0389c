"""One SPARQL query on a pyoxigraph store: limits, formats, errors, evaluation.

This is the part of the endpoint that runs inside a query worker
(:mod:`graph.sparql_workers`): it imports the standard library and pyoxigraph
only, so a fresh worker is ready in tens of milliseconds.

A query is checked against the limits before Oxigraph sees it
(:func:`check_query`: size, bracket nesting, ``SERVICE``), then evaluated and
serialized into a writer that stops it once it is past its deadline or its
byte budget (:func:`evaluate`).

>>> store = ox.Store()
>>> job = SparqlJob("ASK { }", formats=negotiate("text/csv"))
>>> sink = BoundedWriter(1000, time.monotonic() + 5, 5)
>>> evaluate(store, job, sink).name, b"".join(sink.parts)
('csv', b'true')
"""

from __future__ import annotations

import io
import os
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import IO, Any, cast

import pyoxigraph as ox

from graph.iris import GRAPH_BASE, ID_BASE
from graph.namespaces import EPO_NS, KEINO_NS
from graph.sparql_text import nesting_depth, scan, service_allowed

# ------------------------------------------------------------------- settings


@dataclass(frozen=True)
class SparqlSettings:
    """Limits of the endpoint.

    ``timeout`` (seconds) bounds one query, from its arrival to its last byte,
    waiting for a free worker included; ``max_bytes`` the size of one
    serialized answer; ``concurrency`` the number of queries evaluated at once
    (the number of worker processes). ``max_query_chars`` and ``max_depth``
    (bracket nesting) are checked before the query is parsed.
    ``service_allow`` lists endpoint IRI prefixes that ``SERVICE`` may call
    (none by default: federation is refused). ``preempt_after`` (CPU seconds): while
    queries wait for a worker, the query that has computed longer than this is
    stopped to make room (503), so long queries yield to short ones under load.

    >>> s = SparqlSettings.from_env({"KEINO_SPARQL_TIMEOUT": "2.5",
    ...     "KEINO_SPARQL_SERVICE_ALLOW": "https://a.example/sparql https://b.example/"})
    >>> s.timeout, s.service_allow
    (2.5, ('https://a.example/sparql', 'https://b.example/'))
    """

    timeout: float = 30.0
    max_bytes: int = 64 * 1024 * 1024
    concurrency: int = 2
    max_query_chars: int = 256 * 1024
    max_depth: int = 128
    service_allow: tuple[str, ...] = ()
    preempt_after: float = 0.5

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> SparqlSettings:
        """Settings from ``KEINO_SPARQL_TIMEOUT``, ``…_MAX_BYTES``, ``…_CONCURRENCY``,
        ``…_MAX_QUERY_CHARS``, ``…_MAX_DEPTH``, ``…_PREEMPT_AFTER`` and
        ``…_SERVICE_ALLOW`` (IRI prefixes separated by spaces or commas)."""
        env = os.environ if env is None else env
        default = cls()
        allow = env.get("KEINO_SPARQL_SERVICE_ALLOW", "").replace(",", " ").split()
        return cls(
            timeout=float(env.get("KEINO_SPARQL_TIMEOUT", default.timeout)),
            max_bytes=int(env.get("KEINO_SPARQL_MAX_BYTES", default.max_bytes)),
            concurrency=max(1, int(env.get("KEINO_SPARQL_CONCURRENCY", default.concurrency))),
            max_query_chars=int(env.get("KEINO_SPARQL_MAX_QUERY_CHARS", default.max_query_chars)),
            max_depth=int(env.get("KEINO_SPARQL_MAX_DEPTH", default.max_depth)),
            service_allow=tuple(allow),
            preempt_after=float(env.get("KEINO_SPARQL_PREEMPT_AFTER", default.preempt_after)),
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


class QueryRefused(SparqlError):
    """The query is past a limit checked before parsing (size, nesting) or calls
    a ``SERVICE`` that is not allowed."""


class QueryFailed(SparqlError):
    """Evaluation stopped on an error (the query engine gave up on this query)."""


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
    """The query ran past ``timeout``, or no worker was free before it."""

    status = 503


ERRORS: dict[str, type[SparqlError]] = {
    cls.__name__: cls
    for cls in (
        SparqlError,
        QuerySyntaxError,
        QueryRefused,
        QueryFailed,
        UpdateRefused,
        NotAcceptable,
        ResultTooLarge,
        QueryTimeout,
    )
}
READ_ONLY = (
    "this endpoint is read only: SPARQL updates are refused "
    "(the store changes through `keino ingest`)"
)


def timeout_error(seconds: float) -> QueryTimeout:
    """The error of a query stopped at its deadline."""
    return QueryTimeout(
        f"the query ran longer than the {seconds:g} s limit and was stopped; "
        "add a LIMIT or narrow the patterns"
    )


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
    "keino": KEINO_NS,
    "kid": ID_BASE,
    "kg": GRAPH_BASE,
    "epo": EPO_NS,
    "org": "http://www.w3.org/ns/org#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "prov": "http://www.w3.org/ns/prov#",
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


# ------------------------------------------------------------------- limits


def check_query(text: str, settings: SparqlSettings) -> None:
    """Refuse a query past the limits, before any parser sees it.

    Size first (one ``len``), then bracket nesting (stops at the limit), then
    ``SERVICE`` endpoints against ``settings.service_allow``. Raises
    :class:`QueryRefused`.

    >>> check_query("SELECT * {" + "{" * 500 + "}" * 501, SparqlSettings())
    Traceback (most recent call last):
    ...
    graph.sparql_core.QueryRefused: the query nests brackets deeper than 128 levels; flatten it
    """
    if len(text) > settings.max_query_chars:
        raise QueryRefused(
            f"the query is {len(text):,} characters long, over the "
            f"{settings.max_query_chars:,} limit"
        )
    if nesting_depth(text, settings.max_depth) > settings.max_depth:
        raise QueryRefused(
            f"the query nests brackets deeper than {settings.max_depth} levels; flatten it"
        )
    for endpoint in scan(text).services:
        if not service_allowed(endpoint, settings.service_allow):
            raise QueryRefused(
                "SERVICE (federated query) is not allowed on this endpoint"
                + (
                    ""
                    if settings.service_allow
                    else "; the operator can allow endpoints with KEINO_SPARQL_SERVICE_ALLOW"
                )
            )


def looks_like_update(text: str) -> bool:
    """Whether a text (that failed to parse as a query) is a SPARQL update.

    >>> looks_like_update("INSERT DATA { <a:b> <a:c> <a:d> }")
    True
    >>> looks_like_update("LOAD <http://example.org/#x>")
    True
    >>> looks_like_update('SELECT ?delete WHERE { ?s ?p "INSERT DATA" }')
    False
    """
    return scan(text).is_update


# --------------------------------------------------------------- evaluation


@dataclass(frozen=True)
class SparqlJob:
    """Everything one evaluation needs, picklable for a worker process.

    ``default_graphs`` / ``named_graphs``: the dataset (``None``: the union of
    the named graphs, and every named graph); ``base_iri`` resolves relative
    IRIs; ``substitutions`` binds variables (name → term); ``max_bytes``
    bounds the serialized answer; ``federated`` (the query calls an allowed
    ``SERVICE``) keeps remote error text out of error messages.
    """

    query: str
    default_graphs: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None
    base_iri: str | None = None
    substitutions: dict[str, Any] = field(default_factory=dict)
    formats: Negotiated = field(default_factory=lambda: negotiate(None))
    max_bytes: int = 64 * 1024 * 1024
    federated: bool = False


class BoundedWriter(io.RawIOBase):
    """A binary sink that stops the serialization past a deadline or a size.

    Oxigraph evaluates SELECT and CONSTRUCT lazily while it serializes, so raising
    here stops a streaming query between chunks of output; the reason is kept in
    ``error`` because Oxigraph turns whatever is raised into an ``OSError``.
    ``forward`` (optional) receives the output in blocks of about 256 KiB instead
    of keeping it in ``parts``: a worker streams its answer through it.
    """

    BLOCK = 256 * 1024

    def __init__(self, max_bytes: int, deadline: float, timeout: float, forward: Any = None):
        super().__init__()
        self.parts: list[bytes] = []
        self.size = self._held = 0
        self.max_bytes, self.deadline, self.timeout = max_bytes, deadline, timeout
        self.forward = forward
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
            self.error = timeout_error(self.timeout)
        if self.error is not None:
            # A plain OSError: the reason stays in ``error``, never raised from
            # here, so no traceback ties it to the query's frames.
            raise OSError(self.error.message)
        self.parts.append(bytes(data))
        self._held += len(data)
        if self.forward is not None and self._held >= self.BLOCK:
            self.drain()
        return len(data)

    def drain(self) -> None:
        """Hand what is held to ``forward`` (a no-op without one)."""
        if self.forward is not None and self.parts:
            self.forward(b"".join(self.parts))
            self.parts, self._held = [], 0


def media_type(fmt: Format) -> str:
    """The ``Content-Type`` of an answer in ``fmt`` (text types with their charset)."""
    return fmt.media_type + ("; charset=utf-8" if fmt.media_type.startswith("text/") else "")


def evaluate(store: Any, job: SparqlJob, sink: BoundedWriter) -> Format:
    """Evaluate ``job`` on a pyoxigraph ``store`` and serialize into ``sink``.

    Raises :class:`SparqlError` subclasses: syntax, update, not acceptable, too
    large, timeout, failed. An evaluation error of a federated query keeps no
    detail: a remote endpoint's answer or error text is never echoed.
    """
    fmt, failure = _evaluate(store, job, sink)
    if failure is not None:
        raise failure
    assert fmt is not None
    return fmt


def _evaluate(
    store: Any, job: SparqlJob, sink: BoundedWriter
) -> tuple[Format | None, SparqlError | None]:
    """Query and serialize into ``sink``; the error is returned, never raised.

    Oxigraph's answer may only be dropped by the thread that made it, so no
    exception may carry this frame (which holds it) to another thread.
    """
    kwargs: dict[str, Any] = {"base_iri": job.base_iri}
    if job.default_graphs is not None:
        kwargs["default_graph"] = [ox.NamedNode(g) for g in job.default_graphs]
    else:
        kwargs["use_default_graph_as_union"] = True
    if job.named_graphs is not None:
        kwargs["named_graphs"] = [ox.NamedNode(g) for g in job.named_graphs]
    if job.substitutions:
        kwargs["substitutions"] = {ox.Variable(k): v for k, v in job.substitutions.items()}
    try:
        answer = store.query(job.query, **kwargs)
    except SyntaxError as exc:
        if looks_like_update(job.query):
            return None, UpdateRefused(READ_ONLY)
        return None, QuerySyntaxError(f"SPARQL syntax error: {exc}")
    except (OSError, RuntimeError, ValueError) as exc:
        return None, _failed(job, exc)
    family = "rdf" if isinstance(answer, ox.QueryTriples) else "results"
    try:
        fmt = job.formats.for_family(family)
    except NotAcceptable as exc:
        return None, NotAcceptable(exc.message)
    try:
        _serialize(answer, sink, fmt)
    except (OSError, RuntimeError, ValueError) as exc:
        return fmt, sink.error or _failed(job, exc)
    return fmt, None


def _failed(job: SparqlJob, exc: Exception) -> QueryFailed:
    if job.federated:
        return QueryFailed("the federated query failed (the remote answer is not shown)")
    return QueryFailed(f"the query failed: {str(exc)[:300]}")


def _serialize(answer: Any, sink: BoundedWriter, fmt: Format) -> None:
    output = cast(IO[bytes], sink)
    if fmt.family == "results":
        answer.serialize(output, fmt.ox)
    else:
        prefixes = None if fmt.name in ("ntriples", "jsonld") else RDF_PREFIXES
        ox.serialize(answer, output, fmt.ox, prefixes=prefixes)
