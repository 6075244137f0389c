"""The Oxigraph store: one named graph per source, atomic replacement, provenance.

>>> store = Store()            # in memory; Store("path/to/dir") is on disk
>>> g = graph_iri("example")
>>> t = triple("https://w3id.org/keino/id/x", RDF_TYPE, "http://www.w3.org/ns/org#Organization")
>>> run = store.replace_graph(g, [t], source="example", inputs=[])
>>> run.triple_count, store.count(g)
(1, 1)
>>> run = store.replace_graph(g, [t, t], source="example", inputs=[])  # same again
>>> store.count(g)
1
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import pyoxigraph as ox

from graph import __version__, backup
from graph.iris import graph_iri, run_iri, software_iri, source_file_iri
from graph.namespaces import KEINO
from graph.rdf import RDF_TYPE, XSD, triple, values
from graph.remote import RemoteBackend, is_url

PROV = "http://www.w3.org/ns/prov#"
OWL_VERSION_INFO = "http://www.w3.org/2002/07/owl#versionInfo"
PROVENANCE_GRAPH = graph_iri("provenance")
SOFTWARE_AGENT = software_iri(__version__)
#: Oxigraph binds a SELECT's variable only when the query projects it
_COUNT_GRAPH = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"


def default_store_location() -> Path | str:
    """``$KEINO_STORE`` as a folder or a SPARQL server's URL, else :func:`default_store_path`."""
    found = os.environ.get("KEINO_STORE")
    if found and is_url(found):
        return found
    return default_store_path()


def default_store_path() -> Path:
    """The store folder: ``$KEINO_STORE`` (when not a URL), else
    ``$XDG_DATA_HOME/keino/store`` (``~/.local/share``)."""
    if os.environ.get("KEINO_STORE") and not is_url(os.environ["KEINO_STORE"]):
        return Path(os.environ["KEINO_STORE"])
    data_home = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return data_home / "keino" / "store"


@dataclass(frozen=True)
class SourceFile:
    """One input of an ingest run: its path as given and its SHA-256."""

    path: str
    sha256: str

    @classmethod
    def of(cls, path: Path | str) -> SourceFile:
        digest = hashlib.sha256()
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        return cls(str(path), digest.hexdigest())


@dataclass
class IngestRun:
    """What one ``replace_graph`` did; also written to the provenance graph."""

    iri: str
    graph: str
    source: str
    inputs: list[SourceFile]
    started: dt.datetime
    ended: dt.datetime
    triple_count: int
    sha256: str = field(default="")


class Backend(Protocol):
    """What :class:`Store` asks of the database under it: the part of
    ``pyoxigraph.Store`` it uses. Two implementations: ``pyoxigraph.Store`` itself
    (embedded, the default) and :class:`graph.remote.RemoteBackend` (a SPARQL
    server over the SPARQL 1.1 Protocol and the Graph Store Protocol)."""

    def query(self, query: str, **options: Any) -> Any: ...
    def update(self, update: str) -> Any: ...
    def named_graphs(self) -> Iterator[Any]: ...
    def quads_for_pattern(self, s: Any, p: Any, o: Any, g: Any) -> Iterator[ox.Quad]: ...
    def extend(self, quads: Any) -> Any: ...
    def load(self, data: Any, format: Any) -> Any: ...
    def bulk_load(self, data: Any, format: Any, *, to_graph: Any) -> Any: ...
    def remove_graph(self, graph: Any) -> Any: ...
    def flush(self) -> Any: ...
    def __len__(self) -> int: ...


class Store:
    """A graph store with KEINO's conventions, on an embedded or a remote backend.

    ``path=None`` gives an in-memory store (tests); a path opens or creates an
    on-disk RocksDB store; an ``http(s)://`` URL works on a SPARQL server
    (:mod:`graph.remote`; ``path`` is then None and ``url`` names it). Queries
    see the union of the named graphs as their default graph.
    """

    _ox: Any  # a Backend: pyoxigraph.Store, or RemoteBackend

    def __init__(self, path: Path | str | None = None, *, read_only: bool = False) -> None:
        self.url: str | None = str(path) if path is not None and is_url(path) else None
        self.path = Path(path) if path is not None and self.url is None else None
        if self.url is not None:
            self._ox = RemoteBackend(self.url)
        elif self.path is None:
            self._ox = ox.Store()
        elif read_only:
            self._ox = ox.Store.read_only(str(self.path))
        else:
            backup.recover(self.path)  # a restore killed halfway: finish or undo it
            self.path.mkdir(parents=True, exist_ok=True)
            self._ox = ox.Store(str(self.path))
        # Writes that leave no run record (``load_triples``, ``drop_graph``...) in this process.
        self._untracked_writes = 0

    @property
    def remote(self) -> RemoteBackend | None:
        """The SPARQL-server backend, or None for the embedded store."""
        return self._ox if isinstance(self._ox, RemoteBackend) else None

    @property
    def location(self) -> str:
        """Where the data is, for messages: the folder, the server's URL, or ``memory``."""
        if self.remote is not None:
            return self.remote.ends.base
        return str(self.path) if self.path is not None else "memory"

    def version(self) -> str:
        """A key that changes whenever the store's content changes: the one notion of
        "the store changed" that every cache of derived state (snapshot, label index,
        match index) compares against.

        It is a SHA-256 over the named graphs and the ingest run that produced each
        (``kg:provenance``), so it is the same in every process that opens the store
        and can be saved beside derived data; writes that record no run bump a
        counter that is part of the key in this process (embedded store only: on a
        SPARQL server such writes show only when they add or drop a graph).

        >>> s = Store()
        >>> v = s.version()
        >>> _ = s.replace_graph(graph_iri("x"), [], source="x", inputs=[])
        >>> s.version() != v
        True
        """
        link, prov = ox.NamedNode(PROV + "wasGeneratedBy"), ox.NamedNode(PROVENANCE_GRAPH)
        runs = sorted(
            f"{q.subject}\t{q.object}"  # N-Triples form: graph and run IRIs
            for q in self._ox.quads_for_pattern(None, link, None, prov)
        )
        # On a SPARQL server every process must agree, so this process's count of
        # untracked writes stays out of the key there.
        untracked = self._untracked_writes if self.remote is None else 0
        text = "\n".join([*self.graphs(), "--", *runs, f"-- {untracked}"])
        return hashlib.sha256(text.encode()).hexdigest()

    # ------------------------------------------------------------------ read
    def query(
        self,
        sparql: str,
        *,
        substitutions: dict[str, Any] | None = None,
        default_graph: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
    ) -> Any:
        """Run a read query; ``substitutions`` binds variables (name → term).

        Without ``default_graph`` the default graph is the union of all named
        graphs.
        """
        subs = {ox.Variable(k): v for k, v in (substitutions or {}).items()}
        kwargs: dict[str, Any] = {"substitutions": subs or None}
        if default_graph is not None:
            kwargs["default_graph"] = [ox.NamedNode(g) for g in default_graph]
        else:
            kwargs["use_default_graph_as_union"] = True
        if named_graphs is not None:
            kwargs["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
        return self._ox.query(sparql, **kwargs)

    def graphs(self) -> list[str]:
        """The named graphs, sorted."""
        return sorted(g.value for g in self._ox.named_graphs() if isinstance(g, ox.NamedNode))

    def count(self, graph: str | None = None) -> int:
        """Number of quads in one named graph, or in the whole store.

        Counted inside Oxigraph (``len`` or a SPARQL ``COUNT``): about twenty
        times faster than iterating the quads in Python.
        """
        if not graph:
            return len(self._ox)
        rows = self.select_values(_COUNT_GRAPH, substitutions={"g": ox.NamedNode(graph)})
        _graph, n = next(rows, (graph, "0"))
        return int(n or 0)

    def triples(self, graph: str) -> Iterator[ox.Triple]:
        """The triples of one named graph."""
        for q in self._ox.quads_for_pattern(None, None, None, ox.NamedNode(graph)):
            yield q.triple

    def quads(self) -> Iterator[ox.Quad]:
        """Every quad of the named graphs."""
        for q in self._ox.quads_for_pattern(None, None, None, None):
            if not isinstance(q.graph_name, ox.DefaultGraph):
                yield q

    def pairs(self, predicate: str, obj: str | None = None) -> Iterator[tuple[str, str]]:
        """(subject, object) values of every quad with ``predicate`` (and IRI ``obj``).

        One scan of Oxigraph's predicate index over the union of the named graphs,
        turned into text by :meth:`select_values`: the building block of
        in-memory joins that run faster than the same join in SPARQL at 500,000
        lots (``graph/indicators/drafts.py``, ``bench/indicators.py``).

        >>> s = Store()
        >>> _ = s.replace_graph(graph_iri("x"), [triple("urn:a", RDF_TYPE, "urn:C")],
        ...                     source="x", inputs=[])
        >>> list(s.pairs(RDF_TYPE, "urn:C"))
        [('urn:a', 'urn:C')]
        """
        # VALUES rather than substitutions: a projected constant would repeat the
        # predicate on each of hundreds of thousands of rows
        if obj is None:
            where = values("p", [ox.NamedNode(predicate)])
            rows = self.select_values("SELECT ?s ?o WHERE { " + where + " ?s ?p ?o }")
        else:
            where = values("p", [ox.NamedNode(predicate)]) + " " + values("o", [ox.NamedNode(obj)])
            rows = self.select_values("SELECT ?s WHERE { " + where + " ?s ?p ?o }")
        for row in rows:
            # no RDF 1.2 triple terms in stored data: both ends have a value
            yield row[0] or "", obj if obj is not None else row[1] or ""

    def select_values(
        self,
        sparql: str,
        *,
        substitutions: dict[str, Any] | None = None,
        default_graph: Sequence[str] | None = None,
    ) -> Iterator[list[str | None]]:
        """Rows of a SELECT as plain values: IRI text, literal lexical form, ``None`` if unbound.

        The solutions are serialised to TSV inside Oxigraph and split here, which
        is several times faster than building a Python term per cell: for reads
        of hundreds of thousands of rows (``graph/indicators/drafts.py``). Datatypes and
        language tags are dropped; the default graph is the union of named graphs, or
        the graphs of ``default_graph`` (a scan of one graph's index, where a ``VALUES``
        or ``GRAPH ?g`` over the graph name would make Oxigraph scan every graph).

        >>> s = Store()
        >>> _ = s.replace_graph(graph_iri("x"), [triple("urn:a", RDF_TYPE, "urn:C")],
        ...                     source="x", inputs=[])
        >>> list(s.select_values("SELECT ?s ?none WHERE { ?s a <urn:C> }"))
        [['urn:a', None]]
        """
        solutions = self.query(sparql, substitutions=substitutions, default_graph=default_graph)
        text = solutions.serialize(format=ox.QueryResultsFormat.TSV).decode()
        lines = text.split("\n")
        for line in lines[1:]:
            if line:
                yield [_tsv_value(cell) for cell in line.split("\t")]

    def has_graph(self, graph: str) -> bool:
        """Whether the named graph holds at least one triple."""
        if self.remote is not None:
            return self.remote.has_graph(graph)
        return (
            next(iter(self._ox.quads_for_pattern(None, None, None, ox.NamedNode(graph))), None)
            is not None
        )

    # ----------------------------------------------------------------- write
    def replace_graph(
        self, graph: str, triples: Iterable[ox.Triple], *, source: str, inputs: Sequence[SourceFile]
    ) -> IngestRun:
        """Replace ``graph`` by ``triples`` in one transaction and record the run.

        The new triples are compared with the graph's current ones and a single
        SPARQL update deletes what went, inserts what came and writes the
        ``prov:Activity``: readers see the old graph or the new one, never a mix,
        and if anything raises before the update the previous graph stays as it
        was. A re-ingest of unchanged data writes only the run record. A first
        load (no triples and no run yet) goes in one transactional ``extend``
        with its run record instead, which is faster than an update's text.
        Duplicate triples count once; blank nodes are refused (IRIs must be
        deterministic).
        """
        started = _now()
        new: set[ox.Triple] = set()
        for t in triples:
            if isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode):
                raise ValueError(f"blank node in {t}: mint a deterministic IRI instead")
            new.add(t)
        old = set(self.triples(graph))
        run = self._run_record(graph, source, inputs, started, len(new))
        removed, added = old - new, new - old
        remote = self.remote
        if remote is not None and remote.ends.max_block and (old or self._has_run(graph)):
            prov, link = ox.NamedNode(PROVENANCE_GRAPH), ox.NamedNode(PROV + "wasGeneratedBy")
            record = [ox.Quad(t.subject, t.predicate, t.object, prov) for t in run_triples(run)]
            remote.swap_in_steps(ox.NamedNode(graph), old, (removed, added), record, link)
        elif old or self._has_run(graph):
            self._ox.update(self._swap_update(graph, old, removed, added, run))
        else:  # a first load: the triples and their run record in one transaction
            name, prov = ox.NamedNode(graph), ox.NamedNode(PROVENANCE_GRAPH)
            quads = [ox.Quad(t.subject, t.predicate, t.object, name) for t in added]
            self._ox.extend(
                quads + [ox.Quad(t.subject, t.predicate, t.object, prov) for t in run_triples(run)]
            )
        return run

    def rebuild_graph(
        self, graph: str, triples: Iterable[ox.Triple], *, source: str, inputs: Sequence[SourceFile]
    ) -> IngestRun:
        """Replace a derived graph (``kg:indicators``) wholesale; as :meth:`replace_graph`.

        One transaction, like every write here: a reader, or a process killed
        halfway, sees the old graph with its old run record or the new graph with
        the new one, never an empty graph that provenance still counts. Only
        the triples that changed are written, so a recomputation that changes
        little is cheap. Blank nodes are refused before anything is written.

        >>> s = Store()
        >>> t = triple("urn:a", RDF_TYPE, "urn:C")
        >>> s.rebuild_graph(graph_iri("x"), [t, t], source="x", inputs=[]).triple_count
        1
        >>> _ = s.rebuild_graph(graph_iri("x"), [], source="x", inputs=[])
        >>> s.count(graph_iri("x")), len(list(s.pairs(PROV + "wasGeneratedBy")))
        (0, 1)
        """
        return self.replace_graph(graph, triples, source=source, inputs=inputs)

    def patch_graph(
        self,
        graph: str,
        removed: Iterable[ox.Triple],
        added: Iterable[ox.Triple],
        *,
        source: str,
        inputs: Sequence[SourceFile],
        triple_count: int,
    ) -> IngestRun:
        """Delete ``removed`` from and insert ``added`` into ``graph``, and record the run
        (``triple_count`` triples in the graph afterwards), in one SPARQL update.

        For derived data that knows what changed (``graph.indicators.ledger``): a
        ``DELETE DATA`` and an ``INSERT DATA`` instead of reading and diffing the
        whole graph. Readers see the graph before or after, never a mix; blank
        nodes are refused before anything is written.

        >>> s = Store()
        >>> a, b = triple("urn:a", RDF_TYPE, "urn:C"), triple("urn:b", RDF_TYPE, "urn:C")
        >>> _ = s.replace_graph(graph_iri("x"), [a], source="x", inputs=[])
        >>> run = s.patch_graph(graph_iri("x"), [a], [b], source="x", inputs=[], triple_count=1)
        >>> run.triple_count
        1
        >>> [t.subject.value for t in s.triples(graph_iri("x"))]
        ['urn:b']
        """
        gone, came = set(removed), set(added)
        for t in gone | came:
            if isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode):
                raise ValueError(f"blank node in {t}: mint a deterministic IRI instead")
        return self.patch_graph_ntriples(
            graph, (str(t) for t in gone), (str(t) for t in came),
            source=source, inputs=inputs, triple_count=triple_count,
        )  # fmt: skip

    def patch_graph_ntriples(
        self,
        graph: str,
        removed: Iterable[str],
        added: Iterable[str],
        *,
        source: str,
        inputs: Sequence[SourceFile],
        triple_count: int,
    ) -> IngestRun:
        """:meth:`patch_graph` with the triples as N-Triples lines (without the final
        `` .``): for derived data that writes its triples as text
        (``graph.indicators.cube.observation_lines``) rather than as term objects.
        The lines must be N-Triples the caller serialised itself; a blank node is
        refused.

        >>> s = Store()
        >>> line = "<urn:a> <urn:p> <urn:b>"
        >>> _ = s.patch_graph_ntriples(graph_iri("x"), [], [line], source="x", inputs=[],
        ...                            triple_count=1)
        >>> [t.object.value for t in s.triples(graph_iri("x"))]
        ['urn:b']
        """
        started = _now()
        gone, came = set(removed), set(added)
        for line in gone | came:
            subject, _predicate, obj = line.split(" ", 2)
            if subject.startswith("_:") or obj.startswith("_:"):
                raise ValueError(f"blank node in {line}: mint a deterministic IRI instead")
        run = self._run_record(graph, source, inputs, started, triple_count)
        name, prov = str(ox.NamedNode(graph)), str(ox.NamedNode(PROVENANCE_GRAPH))
        link = str(ox.NamedNode(PROV + "wasGeneratedBy"))
        parts = [" ".join(["DELETE WHERE { GRAPH", prov, "{", name, link, "?r } }"])]
        if gone:
            parts.append(_lines_block("DELETE DATA", name, gone))
        if came:
            parts.append(_lines_block("INSERT DATA", name, came))
        parts.append(_data_block("INSERT DATA", prov, run_triples(run)))
        self._ox.update(" ;\n".join(parts))
        return run

    def _has_run(self, graph: str) -> bool:
        """Whether provenance names a run that generated ``graph`` (even an empty one)."""
        link, prov = ox.NamedNode(PROV + "wasGeneratedBy"), ox.NamedNode(PROVENANCE_GRAPH)
        found = self._ox.quads_for_pattern(ox.NamedNode(graph), link, None, prov)
        return next(iter(found), None) is not None

    def replace_graph_ntriples(
        self, graph: str, data: bytes, *, source: str, inputs: Sequence[SourceFile]
    ) -> IngestRun:
        """Replace ``graph`` by the triples of N-Triples ``data``; as :meth:`replace_graph`.

        Into an empty graph (a source's first load) the text goes straight to
        Oxigraph's parser: no Python term per triple and no diff
        (``bench/ingest_notices.py``). Each line gets the graph's name and the
        run record is appended, so the triples and their run land in one
        transactional ``load``. Text that may hold blank nodes, lines not in
        the one-triple-per-line form, and a graph that already has triples
        (or a run) go through :meth:`replace_graph`.

        >>> s = Store()
        >>> data = 2 * b'<urn:a> <urn:p> "x" .\\n'
        >>> s.replace_graph_ntriples(graph_iri("x"), data, source="x", inputs=[]).triple_count
        1
        """
        one_per_line = data.count(b"\n") == data.count(b" .\n") and data.endswith(b"\n")
        if self.has_graph(graph) or self._has_run(graph) or b"_:" in data or not one_per_line:
            triples = (q.triple for q in ox.parse(data, ox.RdfFormat.N_TRIPLES))
            return self.replace_graph(graph, triples, source=source, inputs=inputs)
        started = _now()
        claimed = len({hash(line) for line in data.splitlines()})
        run = self._run_record(graph, source, inputs, started, claimed)
        prov = ox.NamedNode(PROVENANCE_GRAPH)
        record = "".join(
            f"{ox.Quad(t.subject, t.predicate, t.object, prov)} .\n" for t in run_triples(run)
        ).encode()
        quads = data.replace(b" .\n", f" {ox.NamedNode(graph)} .\n".encode())
        self._ox.load(quads + record, ox.RdfFormat.N_QUADS)
        actual = self.count(graph)
        if actual != claimed:  # two spellings of one literal (``"01"`` and ``"1"`` integers)
            run.triple_count = actual
            self._ox.update(self._count_update(run))
        return run

    def _count_update(self, run: IngestRun) -> str:
        """An update that corrects the triple count of ``run``'s record."""
        prov, subject = ox.NamedNode(PROVENANCE_GRAPH), ox.NamedNode(run.iri)
        predicate = ox.NamedNode(str(KEINO.tripleCount))
        count = ox.Literal(str(run.triple_count), datatype=ox.NamedNode(XSD + "integer"))
        where = f"GRAPH {prov} {{ {subject} {predicate} ?n }}"
        return (
            f"DELETE {{ {where} }} INSERT {{ GRAPH {prov} {{ {subject} {predicate} {count} }} }} "
            f"WHERE {{ {where} }}"
        )

    def load_triples(self, graph: str, triples: Iterable[ox.Triple]) -> int:
        """Add triples to a graph without replacing it (derived data, tests)."""
        quads = [ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(graph)) for t in triples]
        self._ox.extend(quads)
        self._untracked_writes += 1
        return len(quads)

    def bulk_load_triples(self, graph: str, triples: Iterable[ox.Triple]) -> int:
        """Add triples to ``graph`` with Oxigraph's bulk loader; returns how many.

        No transaction, no diff, no provenance record: for benchmarks and
        derived data that can be rebuilt. The triples go to the loader as
        N-Triples text, which is faster than building ``Quad`` objects.

        >>> s = Store()
        >>> s.bulk_load_triples(graph_iri("x"), [triple("urn:a", RDF_TYPE, "urn:C")] * 2)
        2
        >>> s.count(graph_iri("x"))
        1
        """
        lines = [f"{t} .\n" for t in triples]
        self._ox.bulk_load(
            "".join(lines).encode(), ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(graph)
        )
        return len(lines)

    def drop_graph(self, graph: str) -> None:
        """Remove a named graph and everything in it."""
        self._ox.remove_graph(ox.NamedNode(graph))
        self._untracked_writes += 1

    def dump(self, path: Path | str) -> int:
        """Write every named graph as N-Quads, then an end line; returns the number of quads.

        The file is written beside ``path`` and renamed into place when complete.
        """
        quads = list(self.quads())
        partial = Path(f"{path}.partial")
        with open(partial, "wb") as handle:
            ox.serialize(quads, handle, ox.RdfFormat.N_QUADS)
            handle.write(backup.end_line(len(quads)).encode())
        os.replace(partial, path)
        return len(quads)

    def restore(self, path: Path | str) -> int:
        """Replace the whole store by a ``keino dump``; returns the number of quads.

        The dump is loaded and checked in full (every line parsed, the count on
        its end line matched) into a staging store beside this one, which then
        takes this store's place by renames (:mod:`graph.backup`): a malformed
        or truncated dump raises :class:`graph.backup.DumpError` naming the line
        and leaves the store as it was.
        """
        dump = Path(path)
        if self.remote is not None:  # checked in full here, then one update on the server
            checked = ox.Store()
            backup.load_checked(checked, dump, backup.declared_count(dump))
            self.remote.replace_all(list(checked))
            self._untracked_writes += 1
            return self.count()
        if self.path is None:
            fresh = ox.Store()
            backup.load_checked(fresh, dump, backup.declared_count(dump))
            self._ox = fresh
            self._untracked_writes += 1
            return self.count()
        with backup.swap_lock(self.path):
            backup.stage(self.path, dump)
            self._ox = ox.Store()  # close the target so that its folder can be renamed
            try:
                backup.finish_swap(self.path)
            finally:
                self._ox = ox.Store(str(self.path))
        self._untracked_writes += 1
        return self.count()

    def flush(self) -> None:
        """Make writes durable (on-disk stores)."""
        if self.path is not None:
            self._ox.flush()

    def close(self) -> None:
        """Close a remote store's connections (the embedded store closes when let go)."""
        if self.remote is not None:
            self.remote.close()

    # ------------------------------------------------------------- internals
    @staticmethod
    def _run_record(
        graph: str, source: str, inputs: Sequence[SourceFile], started: dt.datetime, count: int
    ) -> IngestRun:
        combined = hashlib.sha256("".join(sorted(f.sha256 for f in inputs)).encode()).hexdigest()
        stamp = started.strftime("%Y%m%dT%H%M%S%fZ")
        iri = run_iri(source, combined, stamp)
        return IngestRun(iri, graph, source, list(inputs), started, _now(), count, combined)

    @staticmethod
    def _swap_update(
        graph: str,
        old: set[ox.Triple],
        removed: set[ox.Triple],
        added: set[ox.Triple],
        run: IngestRun,
    ) -> str:
        """One SPARQL update: drop the old run link, delete what went, insert what came.

        When most of the graph goes, ``CLEAR`` and a full insert are cheaper than
        deleting triple by triple.
        """
        # Oxigraph's update API binds no variables: the graph names and data blocks
        # are the terms' own N-Triples serialisation, never text from elsewhere.
        name, prov = str(ox.NamedNode(graph)), str(ox.NamedNode(PROVENANCE_GRAPH))
        link = str(ox.NamedNode(PROV + "wasGeneratedBy"))
        parts = [" ".join(["DELETE WHERE { GRAPH", prov, "{", name, link, "?r } }"])]
        if 2 * len(removed) > len(old):
            parts.append("CLEAR SILENT GRAPH " + name)
            added = (old - removed) | added
        elif removed:
            parts.append(_data_block("DELETE DATA", name, removed))
        if added:
            parts.append(_data_block("INSERT DATA", name, added))
        parts.append(_data_block("INSERT DATA", prov, run_triples(run)))
        return " ;\n".join(parts)


def run_triples(run: IngestRun) -> Iterator[ox.Triple]:
    """The ``prov:Activity`` describing one ingest run, and its inputs."""

    def date_time(value: dt.datetime) -> ox.Literal:
        return ox.Literal(
            value.isoformat().replace("+00:00", "Z"), datatype=ox.NamedNode(XSD + "dateTime")
        )

    yield triple(run.iri, RDF_TYPE, KEINO.IngestRun)
    yield triple(run.iri, RDF_TYPE, PROV + "Activity")
    yield triple(
        run.iri, "http://www.w3.org/2000/01/rdf-schema#label", ox.Literal(f"ingest {run.source}")
    )
    yield triple(run.iri, PROV + "startedAtTime", date_time(run.started))
    yield triple(run.iri, PROV + "endedAtTime", date_time(run.ended))
    yield triple(
        run.iri,
        KEINO.tripleCount,
        ox.Literal(str(run.triple_count), datatype=ox.NamedNode(XSD + "integer")),
    )
    yield triple(run.iri, KEINO.sha256, ox.Literal(run.sha256))
    yield triple(run.iri, PROV + "wasAssociatedWith", SOFTWARE_AGENT)
    yield triple(run.iri, PROV + "generated", run.graph)
    yield triple(run.graph, PROV + "wasGeneratedBy", run.iri)
    yield triple(SOFTWARE_AGENT, RDF_TYPE, PROV + "SoftwareAgent")
    yield triple(SOFTWARE_AGENT, OWL_VERSION_INFO, ox.Literal(__version__))
    for source_file in run.inputs:
        entity = source_file_iri(source_file.sha256)
        yield triple(run.iri, PROV + "used", entity)
        yield triple(entity, RDF_TYPE, PROV + "Entity")
        yield triple(entity, KEINO.sha256, ox.Literal(source_file.sha256))
        yield triple(entity, PROV + "atLocation", ox.Literal(source_file.path))


def _data_block(operation: str, graph: str, triples: Iterable[ox.Triple]) -> str:
    """``INSERT DATA { GRAPH <g> { … } }`` (or ``DELETE DATA``) from N-Triples terms."""
    body = " .\n".join(str(t) for t in triples)
    return operation + " { GRAPH " + graph + " { " + body + " } }"


def _lines_block(operation: str, graph: str, lines: Iterable[str]) -> str:
    """``INSERT DATA { GRAPH <g> { … } }`` (or ``DELETE DATA``) from N-Triples lines."""
    return operation + " { GRAPH " + graph + " { " + " .\n".join(lines) + " } }"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _tsv_value(cell: str) -> str | None:
    """The value of one SPARQL TSV cell: ``<iri>``, ``"lit"^^<dt>``, ``"lit"@fi``, ``12``."""
    if not cell:
        return None
    if cell[0] == "<":
        return cell[1:-1]
    if cell[0] != '"':
        return cell  # numbers and booleans in their short form
    body = cell[1 : cell.rindex('"')]
    if "\\" in body:
        # TSV escapes \t \n \r \" \\ as in N-Triples
        body = body.encode("latin-1", "backslashreplace").decode("unicode_escape")
    return body
