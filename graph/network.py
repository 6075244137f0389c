"""The entity network: neighbourhoods, shortest paths and who connects the ecosystem.

Pure computation over a :class:`~graph.snapshot.Snapshot` (networkx); nothing
here reads the store. :class:`Network` keeps the graph without code-list
concepts and the centrality ranking, so build one per snapshot and reuse it.

>>> from graph.iris import GRAPH_BASE, ID_BASE
>>> from graph.namespaces import KEINO_NS
>>> from graph.rdf import lit, triple
>>> from graph.snapshot import read_snapshot
>>> from graph.store import Store
>>> store = Store()
>>> k, t = ID_BASE + "org/keino", ID_BASE + "org/tem"
>>> _ = store.replace_graph(GRAPH_BASE + "example", [
...     triple(t, "http://www.w3.org/2004/02/skos/core#prefLabel", lit("TEM", lang="fi")),
...     triple(k, KEINO_NS + "steeredBy", t)], source="example", inputs=[])
>>> net = Network(read_snapshot(store))
>>> [(hop.source.label, hop.forward) for hop in net.paths(t, k)[0]]
[('TEM', False)]
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice, pairwise

import networkx as nx

from graph.iris import ID_BASE
from graph.namespaces import EPO, M8G
from graph.snapshot import Snapshot
from graph.vocabulary import Node, term_label


@dataclass(frozen=True)
class Hop:
    """One step of a path: ``source`` —predicate→ ``target`` as stated in the graph.

    ``forward`` is False when the path walks the statement backwards (the
    statement reads ``target predicate source``).
    """

    source: Node
    target: Node
    predicate: str
    predicate_label: str
    forward: bool


@dataclass(frozen=True)
class GraphNode:
    """A node of a drawn neighbourhood; ``x``, ``y`` in [0, 1]."""

    node: Node
    x: float
    y: float
    depth: int


@dataclass(frozen=True)
class GraphEdge:
    """A drawn edge: the statement ``source predicate target``."""

    source: str
    target: str
    predicate: str
    label: str


@dataclass
class Neighbourhood:
    """An entity and its neighbours to some depth, laid out for drawing."""

    center: str
    depth: int
    nodes: list[GraphNode]
    edges: list[GraphEdge]
    truncated: bool = False


@dataclass(frozen=True)
class Ranked:
    """One row of a centrality ranking."""

    node: Node
    degree: int
    betweenness: float
    pagerank: float


class Network:
    """Graph algorithms over one snapshot's entity graph."""

    def __init__(self, snap: Snapshot) -> None:
        self.snap = snap
        self.simple = _without_codes(snap, ())
        self.merged = _merge_twins(self.simple, snap.canonical)
        self._ranked: list[Ranked] | None = None
        self._ranking = threading.Lock()

    def neighbourhood(
        self, iri: str, depth: int = 1, *, lang: str = "fi", max_nodes: int = 60
    ) -> Neighbourhood:
        """``iri`` and its neighbours up to ``depth`` (1 or 2) links away, laid out.

        The layout is networkx's spring layout with a fixed seed, so the same
        graph is drawn the same way each time. When more than ``max_nodes``
        nodes are in reach, the nearest and best connected are kept and
        ``truncated`` is set. Raises :class:`~graph.snapshot.EntityNotFound`
        when the snapshot does not mention ``iri``.
        """
        snap, depth = self.snap, max(1, min(depth, 2))
        snap.require(iri)
        if iri not in snap.graph:
            return Neighbourhood(iri, depth, [GraphNode(snap.node(iri, lang), 0.5, 0.5, 0)], [])
        undirected = snap.graph.to_undirected(as_view=True)
        reach = nx.single_source_shortest_path_length(undirected, iri, cutoff=depth)
        ordered = sorted(reach, key=lambda n: (reach[n], -undirected.degree(n), n))
        kept = ordered[:max_nodes]
        sub = _contract(snap.graph.subgraph(kept), snap.canonical)
        for n in list(reach):  # a clique is drawn once, at its nearest member's depth
            head = snap.canonical.get(n, n)
            reach[head] = min(reach[n], reach.get(head, reach[n]))
        kept = list(dict.fromkeys(snap.canonical.get(n, n) for n in kept))
        layout = nx.spring_layout(nx.Graph(sub.to_undirected()), seed=7, iterations=60)
        xs = [float(x) for x, _ in layout.values()]
        ys = [float(y) for _, y in layout.values()]
        nodes = [
            GraphNode(
                snap.node(n, lang), _scale(layout[n][0], xs), _scale(layout[n][1], ys), reach[n]
            )
            for n in kept
        ]
        edges = [
            GraphEdge(s, o, p, term_label(p, lang)) for s, o, p in sorted(sub.edges(keys=True))
        ]
        return Neighbourhood(iri, depth, nodes, edges, truncated=len(ordered) > max_nodes)

    def paths(self, a: str, b: str, *, lang: str = "fi", limit: int = 5) -> list[list[Hop]]:
        """Up to ``limit`` shortest paths between ``a`` and ``b``, each a list of hops.

        Links are followed in either direction; each hop says which way the
        statement reads. Provenance, citations, types and literals are not
        links, and code-list concepts are not crossed (unless ``a`` or ``b`` is
        one). No path gives an empty list; an IRI the snapshot does not mention
        raises :class:`~graph.snapshot.EntityNotFound`.
        """
        snap = self.snap
        snap.require(a)
        snap.require(b)
        if a not in snap.graph or b not in snap.graph:
            return []
        extra = {a, b} - set(self.simple)
        view = _without_codes(snap, extra) if extra else self.simple
        try:
            found = list(islice(nx.all_shortest_paths(view, a, b), limit))
        except nx.NetworkXNoPath:
            return []
        return [list(_hops(snap, path, lang)) for path in found]

    def centrality(
        self,
        *,
        lang: str = "fi",
        limit: int = 25,
        kinds: Iterable[str] | None = None,
        country: str | None = None,
    ) -> list[Ranked]:
        """Entities ranked by betweenness (who connects the ecosystem), with degree and PageRank.

        Computed once per network on the graph without code-list concepts;
        betweenness is sampled (150 sources, fixed seed) on graphs larger than
        600 nodes so it stays within seconds on national data. ``kinds`` keeps
        only those kinds (e.g. organisations and programmes, not lots);
        ``country`` only actors of that ISO 3166 alpha-2 country (``FI``), or
        ``abroad`` those of any other. ``owl:sameAs`` twins count as one actor
        (:attr:`Snapshot.canonical`), ranked under the canonical IRI.
        """
        with self._ranking:  # one ranking at a time: it takes seconds on a large graph
            if self._ranked is None:
                self._ranked = _rank(self.merged)
        wanted = set(kinds) if kinds is not None else None
        found = []
        for row in self._ranked:
            if country is not None and not _in_country(self.snap, row.node.iri, country):
                continue
            if wanted is None or self.snap.kind(row.node.iri) in wanted:
                node = self.snap.node(row.node.iri, lang)
                found.append(Ranked(node, row.degree, row.betweenness, row.pagerank))
            if len(found) >= limit:
                break
        return found


def _scale(value: float, values: list[float]) -> float:
    low, high = min(values), max(values)
    return 0.5 if high - low < 1e-9 else (float(value) - low) / (high - low)


def _without_codes(snap: Snapshot, keep: Iterable[str]) -> nx.Graph:
    """The undirected entity graph without code-list concepts (but with ``keep``).

    Code-list concepts (CPV, NUTS, procedure types) would join every pair of
    lots through "same procedure type"; paths and rankings avoid them.
    """
    extra = {n for n in keep if n in snap.graph}
    allowed = extra | {n for n in snap.graph if snap.kind(n) != "code"}
    simple = nx.Graph()
    simple.add_nodes_from(allowed)
    simple.add_edges_from((s, o) for s, o in snap.graph.edges() if s in allowed and o in allowed)
    return simple


def _contract(sub: nx.MultiDiGraph, canonical: dict[str, str]) -> nx.MultiDiGraph:
    """A drawn subgraph with each ``owl:sameAs`` clique as its canonical node."""
    drawn = nx.MultiDiGraph()
    drawn.add_nodes_from(canonical.get(n, n) for n in sub)
    for s, o, p in sub.edges(keys=True):
        head, tail = canonical.get(s, s), canonical.get(o, o)
        if head != tail:
            drawn.add_edge(head, tail, key=p)
    return drawn


def _merge_twins(simple: nx.Graph, canonical: dict[str, str]) -> nx.Graph:
    """``simple`` with each ``owl:sameAs`` clique contracted into its canonical node."""
    if not canonical:
        return simple
    merged = nx.Graph()
    merged.add_nodes_from(canonical.get(n, n) for n in simple)
    merged.add_edges_from(
        (canonical.get(s, s), canonical.get(o, o))
        for s, o in simple.edges()
        if canonical.get(s, s) != canonical.get(o, o)
    )
    return merged


#: ISO 3166 alpha-3 (the EU country table notices use) → alpha-2, for Europe and the
#: other countries notices name; another code is kept as it is
_ALPHA2 = {
    "AUT": "AT",
    "BEL": "BE",
    "BGR": "BG",
    "HRV": "HR",
    "CYP": "CY",
    "CZE": "CZ",
    "DNK": "DK",
    "EST": "EE",
    "FIN": "FI",
    "FRA": "FR",
    "DEU": "DE",
    "GRC": "GR",
    "HUN": "HU",
    "IRL": "IE",
    "ITA": "IT",
    "LVA": "LV",
    "LTU": "LT",
    "LUX": "LU",
    "MLT": "MT",
    "NLD": "NL",
    "POL": "PL",
    "PRT": "PT",
    "ROU": "RO",
    "SVK": "SK",
    "SVN": "SI",
    "ESP": "ES",
    "SWE": "SE",
    "NOR": "NO",
    "ISL": "IS",
    "LIE": "LI",
    "CHE": "CH",
    "GBR": "GB",
    "USA": "US",
    "CAN": "CA",
    "KEN": "KE",
    "ZMB": "ZM",
    "UKR": "UA",
    "TUR": "TR",
}


def country_of(snap: Snapshot, iri: str) -> str | None:
    """An actor's country (alpha-2): from its registered address, else from its IRI
    (``org/{country}/…``); the curated programmes, goals, events and the registry's
    places are Finnish.

    >>> from graph.iris import ID_BASE
    >>> snap = Snapshot("v", nx.MultiDiGraph(), {}, {}, {})
    >>> country_of(snap, ID_BASE + "org/name/se/x"), country_of(snap, ID_BASE + "municipality/734")
    ('SE', 'FI')
    """
    for _s, address, key in snap.graph.out_edges(iri, keys=True) if iri in snap.graph else ():
        if key == str(M8G.registeredAddress) and address in snap.graph:
            for _a, code, k in snap.graph.out_edges(address, keys=True):
                if k == str(EPO.hasCountryCode):
                    alpha3 = code.rsplit("/", 1)[-1]
                    return _ALPHA2.get(alpha3, alpha3)
    rest = iri.removeprefix(ID_BASE)
    parts = rest.split("/")
    if parts[0] == "org" and len(parts) > 2:
        return (parts[2] if parts[1] == "name" else parts[1]).upper()
    # the curated ecosystem's programmes, goals, events and the registry's places are
    # Finland's; a notice, lot or other node of ours has no country of its own
    if iri.startswith(ID_BASE) and parts[0] not in ("notice", "org", "run", "source"):
        return "FI"
    return None


def _in_country(snap: Snapshot, iri: str, country: str) -> bool:
    found = country_of(snap, iri)
    if country == "abroad":
        return found is not None and found != "FI"
    return found == country


def _hops(snap: Snapshot, path: list[str], lang: str) -> Iterator[Hop]:
    for here, there in pairwise(path):
        forward = snap.graph.has_edge(here, there)
        s, o = (here, there) if forward else (there, here)
        predicate = sorted(snap.graph[s][o])[0]
        yield Hop(
            snap.node(here, lang),
            snap.node(there, lang),
            predicate,
            term_label(predicate, lang),
            forward,
        )


def _rank(simple: nx.Graph) -> list[Ranked]:
    if simple.number_of_nodes() == 0:
        return []
    k = 150 if simple.number_of_nodes() > 600 else None
    between = nx.betweenness_centrality(simple, k=k, seed=7 if k else None)
    rank = _pagerank(simple)
    degree = Counter(dict(simple.degree()))
    rows = [Ranked(Node(n, n), degree[n], between[n], rank.get(n, 0.0)) for n in simple.nodes]
    return sorted(rows, key=lambda r: (-r.betweenness, -r.degree, r.node.iri))


def _pagerank(graph: nx.Graph, damping: float = 0.85, rounds: int = 50) -> dict[str, float]:
    """PageRank of an undirected graph by power iteration.

    networkx's own ``pagerank`` needs scipy, which the project does not
    install; on a few thousand nodes fifty plain rounds converge well enough
    for a ranking.

    >>> ranks = _pagerank(nx.star_graph(3))
    >>> max(ranks, key=ranks.get), round(sum(ranks.values()), 6)
    (0, 1.0)
    """
    n = graph.number_of_nodes()
    if n == 0:
        return {}
    rank = dict.fromkeys(graph, 1.0 / n)
    degree = dict(graph.degree())
    for _ in range(rounds):
        dangling = sum(rank[v] for v in graph if degree[v] == 0)
        base = (1.0 - damping) / n + damping * dangling / n
        rank = {
            v: base + damping * sum(rank[u] / degree[u] for u in graph.neighbors(v)) for v in graph
        }
    return rank
