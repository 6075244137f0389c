"""A store on a SPARQL server: the SPARQL 1.1 Protocol and the Graph Store Protocol.

:class:`RemoteBackend` offers the part of ``pyoxigraph.Store`` that
:class:`graph.store.Store` uses (``query``, ``update``, ``quads_for_pattern``,
``named_graphs``, ``extend``, ``load``, ``bulk_load``, ``remove_graph``, ``len``),
so the same ``Store`` runs on the embedded Oxigraph store or on a server:

- queries and updates go to the server's query and update endpoints (form-encoded
  POST); answers come back as SPARQL JSON results or N-Triples and are parsed by
  pyoxigraph, so callers get the same ``QuerySolutions``, ``QueryBoolean`` and
  ``QueryTriples`` as from the embedded store;
- ``substitutions`` (which the protocol lacks) become a ``VALUES`` block at the
  start of the query's WHERE group, built from the terms' own serialisation;
- a graph's triples are read, and bulk data is uploaded, over the Graph Store
  Protocol; every write that must be atomic is one update request.

The store URL names the dataset's base; the endpoints below it follow the
engine's layout (Oxigraph's ``query``, ``update``, ``store`` by default), and
query parameters of the URL choose another: ``?engine=fuseki`` or
``?engine=virtuoso``, or ``query=``, ``update=``, ``gsp=`` paths relative to the base.

>>> ends = endpoints("http://127.0.0.1:7878/")
>>> ends.query, ends.gsp, ends.union
('http://127.0.0.1:7878/query', 'http://127.0.0.1:7878/store', 'param')
>>> endpoints("http://h:8890/?engine=virtuoso").gsp
'http://h:8890/sparql-graph-crud'
>>> bind("SELECT ?n WHERE { ?s ?p ?n }", {"s": NamedNode("urn:a")})
'SELECT ?n WHERE { VALUES (?s) { (<urn:a>) } ?s ?p ?n }'
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlsplit, urlunsplit

import httpx
import pyoxigraph as ox
from pyoxigraph import NamedNode

from graph.sparql_text import query_form, where_group

#: the endpoints (relative to the store URL), how the union default graph is asked
#: for, and graph-name prefixes that belong to the engine itself, per engine
ENGINES: dict[str, dict[str, Any]] = {
    "oxigraph": {"query": "query", "update": "update", "gsp": "store", "union": "param"},
    "fuseki": {"query": "query", "update": "update", "gsp": "data", "union": "graphs"},
    "virtuoso": {
        "form_update": True,  # takes updates as a form field, not as a request body
        "max_block": 1000,  # its SPARQL compiler runs out of memory on longer data blocks
        "query": "sparql",
        "update": "sparql",
        "gsp": "sparql-graph-crud",
        "union": "graphs",
        "system": ("http://www.openlinksw.com/", "http://localhost:8890/", "http://www.w3.org/"),
    },
}
RESULTS_JSON = "application/sparql-results+json"
#: what a query's answer may come as: results for SELECT/ASK, RDF for CONSTRUCT and
#: DESCRIBE (asked for by form: some engines answer a CONSTRUCT as results if allowed)
ACCEPT_RESULTS = f"{RESULTS_JSON}, application/sparql-results+xml;q=0.9"
ACCEPT_RDF = "application/n-triples, text/turtle;q=0.9"
RETRIES = 3  # attempts after the first, for requests that failed before an answer
BACKOFF = 0.25  # seconds before the first retry; doubles on each


class RemoteStoreError(OSError):
    """The SPARQL server could not be reached or refused a request; one line."""


def is_url(location: object) -> bool:
    """Whether a ``--store`` value names a SPARQL server rather than a folder.

    >>> is_url("https://example.org/ds/"), is_url("var/store")
    (True, False)
    """
    return str(location).startswith(("http://", "https://"))


@dataclass(frozen=True)
class Endpoints:
    """Where one dataset's query, update and Graph Store Protocol endpoints are."""

    base: str
    engine: str
    query: str
    update: str
    gsp: str
    union: str  # "param": the server's union-default-graph flag; "graphs": list them
    system: tuple[str, ...] = ()  # graph-name prefixes of the engine's own graphs
    form_update: bool = False  # send updates form-encoded (else as the request body)
    max_block: int = 0  # most triples per update request (0: no limit, one request)


def endpoints(url: str) -> Endpoints:
    """The endpoints a store URL names (see the module's docstring); user and
    password in the URL are left to the HTTP client."""
    parts = urlsplit(url)
    options = dict(parse_qsl(parts.query))
    engine = options.pop("engine", "oxigraph")
    if engine not in ENGINES:
        raise RemoteStoreError(f"{url}: unknown engine {engine!r} (known: {', '.join(ENGINES)})")
    layout = {**ENGINES[engine], **options}
    netloc = parts.netloc.rpartition("@")[2]
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    base = urlunsplit((parts.scheme, netloc, path, "", ""))
    return Endpoints(
        base,
        engine,
        base + layout["query"],
        base + layout["update"],
        base + layout["gsp"],
        layout["union"],
        tuple(layout.get("system", ())),
        bool(layout.get("form_update", False)),
        int(layout.get("max_block", 0)),
    )


def bind(sparql: str, substitutions: Mapping[str, Any] | None) -> str:
    """``sparql`` with each variable in ``substitutions`` bound by a ``VALUES`` row
    at the start of its WHERE group (a sub-select is wrapped in a group first),
    and at the start of every sub-select's group that uses the variable.

    The embedded store binds a substituted variable everywhere it occurs, inside
    sub-selects too (which is what lets a sub-select pick its page of rows
    before the outer query describes them); a ``VALUES`` row in the outer group
    alone would leave it unbound there. The values are the terms' own N-Triples
    serialisation. Raises ``ValueError`` for a query without a WHERE group.

    >>> q = "SELECT ?a WHERE { { SELECT ?a WHERE { ?a <urn:p> ?x } LIMIT 1 } }"
    >>> bind(q, {"x": ox.Literal("1")})  # doctest: +NORMALIZE_WHITESPACE
    'SELECT ?a WHERE { VALUES (?x) { ("1") } { SELECT ?a WHERE {
     VALUES (?x) { ("1") } ?a <urn:p> ?x } LIMIT 1 } }'
    """
    if not substitutions:
        return sparql
    found = where_group(sparql)
    if found is None:
        raise ValueError("a query with substitutions needs a WHERE group")
    start, end = found
    inner = sparql[start + 1 : end]
    for sub in reversed(list(_SUB_SELECT.finditer(inner))):
        group = where_group(inner[sub.start() + 1 :])
        if group is None:
            continue
        first, last = (sub.start() + 1 + offset for offset in group)
        used = {
            name: term
            for name, term in substitutions.items()
            if re.search(r"[?$]" + re.escape(name) + r"\b", inner[first:last])
        }
        if used:
            inner = inner[: first + 1] + _values(used) + inner[first + 1 :]
    block = _values(substitutions)
    if inner.lstrip()[:6].lower() == "select":  # a sub-select cannot follow VALUES directly
        return sparql[: start + 1] + block + " {" + inner + "} " + sparql[end:]
    return sparql[: start + 1] + block + inner + sparql[end:]


#: a sub-select: a group that starts with SELECT
_SUB_SELECT = re.compile(r"\{\s*select\b", re.IGNORECASE)


def _values(substitutions: Mapping[str, Any]) -> str:
    """`` VALUES (?a ?b) { (t1 t2) }`` from the terms' own serialisation."""
    names = " ".join(str(ox.Variable(name)) for name in substitutions)
    row = " ".join(str(term) for term in substitutions.values())
    return f" VALUES ({names}) {{ ({row}) }}"


class RemoteBackend:
    """The part of ``pyoxigraph.Store`` that :class:`graph.store.Store` uses, on a
    SPARQL server. ``timeout`` bounds each request (seconds); requests that fail
    before the server answers are retried :data:`RETRIES` times."""

    def __init__(self, url: str, *, timeout: float = 120.0) -> None:
        self.url = url
        self.ends = endpoints(url)
        parts = urlsplit(url)
        auth = (parts.username or "", parts.password or "") if parts.username else None
        self._client = httpx.Client(
            timeout=httpx.Timeout(timeout, connect=5.0), auth=auth, follow_redirects=True
        )

    def __repr__(self) -> str:
        return f"RemoteBackend({self.ends.base!r}, engine={self.ends.engine!r})"

    # ---------------------------------------------------------------- HTTP
    def _send(self, method: str, url: str, *, write: bool = False, **kwargs: Any) -> httpx.Response:
        """One request with bounded retries; a one-line :class:`RemoteStoreError`
        when the server cannot be reached or answers with a server error.

        Reads are retried after any transport failure and after 502/503/504 (a
        proxy or a server starting up); a ``write`` only when the connection
        could not be opened or a proxy said 502/503, when the server cannot
        have applied it, so an update is never applied twice.
        """
        retried: tuple[type[Exception], ...] = (
            (httpx.ConnectError,) if write else (httpx.TransportError,)
        )
        statuses = (502, 503) if write else (502, 503, 504)
        delay, last = BACKOFF, ""
        for attempt in range(RETRIES + 1):
            try:
                response = self._client.request(method, url, **kwargs)
            except httpx.TimeoutException:
                raise RemoteStoreError(
                    f"the SPARQL server {self.ends.base} did not answer within "
                    f"{self._client.timeout.read:g} s"
                ) from None
            except retried as exc:
                last = f"{type(exc).__name__}: {exc}"
            except httpx.TransportError as exc:
                raise RemoteStoreError(
                    f"the SPARQL server {self.ends.base} broke off a write "
                    f"({type(exc).__name__}: {exc}); check the store before retrying"
                ) from None
            else:
                if response.status_code not in statuses:
                    return response
                last = f"HTTP {response.status_code}"
            if attempt < RETRIES:
                time.sleep(delay)
                delay *= 2
        raise RemoteStoreError(
            f"the SPARQL server {self.ends.base} cannot be reached ({last}, {RETRIES + 1} attempts)"
        )

    def _check(self, response: httpx.Response, what: str) -> httpx.Response:
        """``response`` if it succeeded; a 400 to a query is the server refusing its
        text (``SyntaxError``, as pyoxigraph raises); anything else, a refused update
        or upload included, a one-line :class:`RemoteStoreError` (an ``OSError``)."""
        if response.is_success:
            return response
        detail = " ".join(response.text.split())[:300]
        if response.status_code == 400 and what == "query":
            raise SyntaxError(f"the SPARQL server refused the {what}: {detail}")
        raise RemoteStoreError(
            f"the SPARQL server {self.ends.base} answered HTTP {response.status_code} "
            f"to a {what}: {detail}"
        )

    # --------------------------------------------------------------- reads
    def query(
        self,
        sparql: str,
        *,
        substitutions: Mapping[Any, Any] | None = None,
        default_graph: Iterable[Any] | None = None,
        named_graphs: Iterable[Any] | None = None,
        use_default_graph_as_union: bool = False,
        base_iri: str | None = None,
    ) -> Any:
        """Run a read query on the server; pyoxigraph's answer types come back."""
        subs = {str(getattr(k, "value", k)): v for k, v in (substitutions or {}).items()}
        text = bind(sparql, subs)
        if base_iri:
            text = f"BASE {NamedNode(base_iri)}\n{text}"
        form: list[tuple[str, str]] = [("query", text)]
        if default_graph is not None:
            form += [("default-graph-uri", g.value) for g in default_graph]
        elif use_default_graph_as_union:
            if self.ends.union == "param":
                form.append(("union-default-graph", ""))
            else:
                form += [("default-graph-uri", g.value) for g in self.named_graphs()]
        form += [("named-graph-uri", g.value) for g in named_graphs or ()]
        rdf = query_form(sparql) in ("construct", "describe")
        accept = ACCEPT_RDF if rdf else ACCEPT_RESULTS
        response = self._send("POST", self.ends.query, data=_form(form), headers={"Accept": accept})
        self._check(response, "query")
        return _answer(response)

    def named_graphs(self) -> Iterator[NamedNode]:
        """The dataset's named graphs (without the engine's own)."""
        pattern = "{ }" if self.ends.engine == "oxigraph" else "{ ?s ?p ?o }"
        text = "SELECT DISTINCT ?g WHERE { GRAPH ?g " + pattern + " }"
        for row in self.query(text):
            graph = row["g"]
            if isinstance(graph, NamedNode) and not graph.value.startswith(self.ends.system):
                yield graph

    def quads_for_pattern(
        self, subject: Any, predicate: Any, obj: Any, graph_name: Any
    ) -> Iterator[ox.Quad]:
        """The quads of the named graphs that match the pattern (``None``: any).

        A whole graph is read over the Graph Store Protocol (N-Triples); any
        other pattern is a SELECT over ``GRAPH ?g``.
        """
        if subject is None and predicate is None and obj is None and graph_name is not None:
            yield from self._graph_quads(graph_name)
            return
        bound = {
            name: term
            for name, term in (("s", subject), ("p", predicate), ("o", obj), ("g", graph_name))
            if term is not None
        }
        text = "SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
        # the engine's own graphs stay out where it has some
        graphs = list(self.named_graphs()) if graph_name is None and self.ends.system else None
        for row in self.query(text, substitutions=bound, named_graphs=graphs):
            yield ox.Quad(row["s"], row["p"], row["o"], row["g"])

    def _graph_quads(self, graph: NamedNode) -> Iterator[ox.Quad]:
        response = self._send(
            "GET",
            self.ends.gsp,
            params={"graph": graph.value},
            headers={"Accept": ACCEPT_RDF},
        )
        if response.status_code == 404:
            return
        self._check(response, "graph read")
        for quad in ox.parse(response.content, _rdf_format(response)):
            yield ox.Quad(quad.subject, quad.predicate, quad.object, graph)

    def has_graph(self, graph: str) -> bool:
        """Whether the named graph holds at least one triple (one ASK)."""
        name = NamedNode(graph)
        ask = "ASK { GRAPH ?g { ?s ?p ?o } }"
        return bool(self.query(ask, substitutions={"g": name}, named_graphs=[name]))

    def __len__(self) -> int:
        text = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
        graphs = list(self.named_graphs()) if self.ends.system else None
        row = next(iter(self.query(text, named_graphs=graphs)))
        return int(row["n"].value)

    # -------------------------------------------------------------- writes
    def update(self, sparql: str) -> None:
        """Run one SPARQL update request (one transaction on Oxigraph).

        Sent as the request body (``application/sparql-update``): form-encoding
        megabytes of data text costs seconds here and on the server."""
        if self.ends.form_update:
            response = self._send("POST", self.ends.update, write=True, data={"update": sparql})
        else:
            response = self._send(
                "POST",
                self.ends.update,
                write=True,
                content=sparql.encode(),
                headers={"Content-Type": "application/sparql-update; charset=utf-8"},
            )
        self._check(response, "update")

    def extend(self, quads: Iterable[ox.Quad]) -> None:
        """Add ``quads`` in one update request (``INSERT DATA``), or in blocks of
        ``max_block`` quads, in order, on an engine that limits update size."""
        items = list(quads)
        size = self.ends.max_block or max(1, len(items))
        for start in range(0, len(items), size):
            self.update(_data("INSERT DATA", items[start : start + size]))

    def swap_in_steps(
        self,
        graph: NamedNode,
        old: set[Any],
        changes: tuple[set[Any], set[Any]],
        record: list[ox.Quad],
        link: NamedNode,
    ) -> None:
        """Replace a graph's triples and its run record in several update requests
        (engines with ``max_block``): the data first, then the run record, so that
        the store's version changes only once the data is in. Not atomic: a
        failure halfway leaves part of the new data under the old run record.

        ``changes`` are the triples removed and added; ``record`` the run's quads in
        the provenance graph; ``link`` the predicate tying a graph to its run."""
        removed, added = changes
        if 2 * len(removed) > len(old):
            self.update("CLEAR SILENT GRAPH " + str(graph))
            added = (old - removed) | added
        else:
            for block in _blocks(sorted(removed, key=str), self.ends.max_block):
                self.update(_data("DELETE DATA", [_in(t, graph) for t in block]))
        self.extend(_in(t, graph) for t in sorted(added, key=str))
        prov = record[0].graph_name
        # the terms' own N-Triples forms, as in graph.store's swap update
        self.update(
            " ".join(["DELETE WHERE { GRAPH", str(prov), "{", str(graph), str(link), "?r } }"])
        )
        self.extend(record)

    def load(self, data: bytes, format: ox.RdfFormat) -> None:
        """Parse ``data`` here (bad input never reaches the server), then add it in one
        update request: all of it or, on any error, none of it."""
        self.extend(ox.parse(data, format))

    def bulk_load(self, data: bytes, format: ox.RdfFormat, *, to_graph: NamedNode) -> None:
        """Add triples to a graph with a Graph Store Protocol POST (no transaction)."""
        response = self._send(
            "POST",
            self.ends.gsp,
            write=True,
            params={"graph": to_graph.value},
            content=data,
            headers={"Content-Type": format.media_type},
        )
        self._check(response, "graph upload")

    def remove_graph(self, graph: NamedNode) -> None:
        """Drop one named graph."""
        self.update("DROP SILENT GRAPH " + str(graph))

    def replace_all(self, quads: list[ox.Quad]) -> None:
        """Drop every named graph and insert ``quads``, in one update request."""
        drops = [f"DROP SILENT GRAPH {g}" for g in self.named_graphs()]
        by_graph: dict[str, list[str]] = {}
        for quad in quads:
            by_graph.setdefault(str(quad.graph_name), []).append(
                f"{quad.subject} {quad.predicate} {quad.object} ."
            )
        inserts = " ".join(
            "GRAPH " + graph + " { " + "\n".join(lines) + " }" for graph, lines in by_graph.items()
        )
        parts = [*drops, "INSERT DATA { " + inserts + " }"] if inserts else drops
        if parts:
            self.update(" ;\n".join(parts))

    def flush(self) -> None:
        """Nothing to do: the server makes each request durable."""

    def close(self) -> None:
        """Close the HTTP connections."""
        self._client.close()


def _data(operation: str, quads: Iterable[ox.Quad]) -> str:
    """``INSERT DATA { GRAPH <g> { … } … }`` (or ``DELETE DATA``) from the quads' terms."""
    blocks: dict[str, list[str]] = {}
    for quad in quads:
        triple = f"{quad.subject} {quad.predicate} {quad.object} ."
        blocks.setdefault(str(quad.graph_name), []).append(triple)
    body = " ".join("GRAPH " + g + " { " + "\n".join(lines) + " }" for g, lines in blocks.items())
    return operation + " { " + body + " }"


def _blocks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(items), size or max(1, len(items))):
        yield items[start : start + size]


def _in(t: ox.Triple, graph: NamedNode) -> ox.Quad:
    return ox.Quad(t.subject, t.predicate, t.object, graph)


def _form(pairs: list[tuple[str, str]]) -> dict[str, list[str]]:
    form: dict[str, list[str]] = {}
    for key, value in pairs:
        form.setdefault(key, []).append(value)
    return form


def _rdf_format(response: httpx.Response) -> ox.RdfFormat:
    media = response.headers.get("content-type", "").split(";")[0].strip()
    found = ox.RdfFormat.from_media_type(media)
    return found or ox.RdfFormat.N_TRIPLES


def _answer(response: httpx.Response) -> Any:
    """The server's answer as pyoxigraph values: ``QuerySolutions``, ``QueryBoolean``
    or ``QueryTriples`` (an RDF answer is put through an in-memory store, whose
    ``CONSTRUCT`` gives the same iterator type the embedded store does)."""
    media = response.headers.get("content-type", "").split(";")[0].strip()
    if "sparql-results" in media:
        results = ox.QueryResultsFormat.from_media_type(media) or ox.QueryResultsFormat.JSON
        return ox.parse_query_results(response.content, results)
    scratch = ox.Store()
    scratch.extend(ox.parse(response.content, _rdf_format(response)))
    return scratch.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
