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
from typing import Any

import pyoxigraph as ox

from graph import __version__
from graph.iris import ID_BASE, graph_iri, slug
from graph.namespaces import KEINO_NS
from graph.rdf import RDF_TYPE, XSD, triple

PROV = "http://www.w3.org/ns/prov#"
OWL_VERSION_INFO = "http://www.w3.org/2002/07/owl#versionInfo"
PROVENANCE_GRAPH = graph_iri("provenance")
SOFTWARE_AGENT = f"{ID_BASE}software/keino-graph/{__version__}"


def default_store_path() -> Path:
    """``$KEINO_STORE``, else ``$XDG_DATA_HOME/keino/store`` (``~/.local/share``)."""
    if os.environ.get("KEINO_STORE"):
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


class Store:
    """A pyoxigraph store with KEINO's conventions.

    ``path=None`` gives an in-memory store (tests); a path opens or creates an
    on-disk RocksDB store. Queries see the union of the named graphs as their
    default graph.
    """

    def __init__(self, path: Path | str | None = None, *, read_only: bool = False) -> None:
        self.path = Path(path) if path is not None else None
        if self.path is None:
            self._ox = ox.Store()
        elif read_only:
            self._ox = ox.Store.read_only(str(self.path))
        else:
            self.path.mkdir(parents=True, exist_ok=True)
            self._ox = ox.Store(str(self.path))

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
        """Number of quads in one named graph, or in the whole store."""
        name = ox.NamedNode(graph) if graph else None
        return sum(1 for _ in self._ox.quads_for_pattern(None, None, None, name))

    def triples(self, graph: str) -> Iterator[ox.Triple]:
        """The triples of one named graph."""
        for q in self._ox.quads_for_pattern(None, None, None, ox.NamedNode(graph)):
            yield q.triple

    def quads(self) -> Iterator[ox.Quad]:
        """Every quad of the named graphs."""
        for q in self._ox.quads_for_pattern(None, None, None, None):
            if not isinstance(q.graph_name, ox.DefaultGraph):
                yield q

    def has_graph(self, graph: str) -> bool:
        """Whether the named graph holds at least one triple."""
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
        was. A re-ingest of unchanged data writes only the run record.
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
        if removed:
            self._ox.update(self._swap_update(graph, old, removed, added, run))
        else:
            self._append(graph, added, run)
        return run

    def _append(self, graph: str, added: set[ox.Triple], run: IngestRun) -> None:
        """Nothing to remove: add the new triples, then the run record.

        Into an empty graph (a source's first load) the triples go through
        ``bulk_extend``, which skips the transaction log and is about three
        times faster than ``extend`` (``bench/store_replace.py``); if it fails
        the graph is dropped again, so the source's previous (empty) state is
        what remains. Readers may see a first load while it is being written.
        Otherwise ``extend`` adds them in one transaction. The run record is
        written last, so a graph never has a run that did not finish; the
        previous run's ``wasGeneratedBy`` link goes after it.
        """
        name, prov = ox.NamedNode(graph), ox.NamedNode(PROVENANCE_GRAPH)
        stale = list(
            self._ox.quads_for_pattern(name, ox.NamedNode(PROV + "wasGeneratedBy"), None, prov)
        )
        quads = [ox.Quad(t.subject, t.predicate, t.object, name) for t in added]
        if self.has_graph(graph):
            self._ox.extend(quads)
        else:
            try:
                self._ox.bulk_extend(quads)
            except BaseException:
                self._ox.remove_graph(name)
                raise
        self._ox.extend(ox.Quad(t.subject, t.predicate, t.object, prov) for t in run_triples(run))
        for quad in stale:
            self._ox.remove(quad)

    def load_triples(self, graph: str, triples: Iterable[ox.Triple]) -> int:
        """Add triples to a graph without replacing it (derived data, tests)."""
        quads = [ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(graph)) for t in triples]
        self._ox.extend(quads)
        return len(quads)

    def drop_graph(self, graph: str) -> None:
        """Remove a named graph and everything in it."""
        self._ox.remove_graph(ox.NamedNode(graph))

    def dump(self, path: Path | str) -> int:
        """Write every named graph as N-Quads; returns the number of quads."""
        quads = list(self.quads())
        with open(path, "wb") as handle:
            ox.serialize(quads, handle, ox.RdfFormat.N_QUADS)
        return len(quads)

    def restore(self, path: Path | str) -> int:
        """Replace the whole store by an N-Quads dump; returns the number of quads."""
        self._ox.clear()
        with open(path, "rb") as handle:
            self._ox.load(handle, ox.RdfFormat.N_QUADS)
        self._ox.flush() if self.path else None
        return self.count()

    def flush(self) -> None:
        """Make writes durable (on-disk stores)."""
        if self.path is not None:
            self._ox.flush()

    # ------------------------------------------------------------- internals
    @staticmethod
    def _run_record(
        graph: str, source: str, inputs: Sequence[SourceFile], started: dt.datetime, count: int
    ) -> IngestRun:
        combined = hashlib.sha256("".join(sorted(f.sha256 for f in inputs)).encode()).hexdigest()
        stamp = started.strftime("%Y%m%dT%H%M%S%fZ")
        iri = f"{ID_BASE}run/{slug(source)}/{combined[:16]}-{stamp}"
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
        sep = " .\n"
        body = sep.join(str(t) for t in run_triples(run))
        parts = [
            f"DELETE WHERE {{ GRAPH <{PROVENANCE_GRAPH}> "
            f"{{ <{graph}> <{PROV}wasGeneratedBy> ?r }} }}"
        ]
        if 2 * len(removed) > len(old):
            parts.append(f"CLEAR SILENT GRAPH <{graph}>")
            added = (old - removed) | added
        elif removed:
            parts.append(f"DELETE DATA {{ GRAPH <{graph}> {{ {sep.join(map(str, removed))} }} }}")
        if added:
            parts.append(f"INSERT DATA {{ GRAPH <{graph}> {{ {sep.join(map(str, added))} }} }}")
        parts.append(f"INSERT DATA {{ GRAPH <{PROVENANCE_GRAPH}> {{ {body} }} }}")
        return " ;\n".join(parts)


def run_triples(run: IngestRun) -> Iterator[ox.Triple]:
    """The ``prov:Activity`` describing one ingest run, and its inputs."""
    k = KEINO_NS

    def date_time(value: dt.datetime) -> ox.Literal:
        return ox.Literal(
            value.isoformat().replace("+00:00", "Z"), datatype=ox.NamedNode(XSD + "dateTime")
        )

    yield triple(run.iri, RDF_TYPE, k + "IngestRun")
    yield triple(run.iri, RDF_TYPE, PROV + "Activity")
    yield triple(
        run.iri, "http://www.w3.org/2000/01/rdf-schema#label", ox.Literal(f"ingest {run.source}")
    )
    yield triple(run.iri, PROV + "startedAtTime", date_time(run.started))
    yield triple(run.iri, PROV + "endedAtTime", date_time(run.ended))
    yield triple(
        run.iri,
        k + "tripleCount",
        ox.Literal(str(run.triple_count), datatype=ox.NamedNode(XSD + "integer")),
    )
    yield triple(run.iri, k + "sha256", ox.Literal(run.sha256))
    yield triple(run.iri, PROV + "wasAssociatedWith", SOFTWARE_AGENT)
    yield triple(run.iri, PROV + "generated", run.graph)
    yield triple(run.graph, PROV + "wasGeneratedBy", run.iri)
    yield triple(SOFTWARE_AGENT, RDF_TYPE, PROV + "SoftwareAgent")
    yield triple(SOFTWARE_AGENT, OWL_VERSION_INFO, ox.Literal(__version__))
    for source_file in run.inputs:
        entity = f"{ID_BASE}source/{source_file.sha256}"
        yield triple(run.iri, PROV + "used", entity)
        yield triple(entity, RDF_TYPE, PROV + "Entity")
        yield triple(entity, k + "sha256", ox.Literal(source_file.sha256))
        yield triple(entity, PROV + "atLocation", ox.Literal(source_file.path))


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
