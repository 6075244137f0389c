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
from graph.namespaces import EPO, KEINO, M8G, SCHEMA
from graph.snapshot import Snapshot
from graph.vocabulary import Node, kind_of, term_label

#: at least this many records of one type around one hub are drawn as group nodes
GROUP_AT = 8
#: kinds never grouped: each actor, programme, goal or place is drawn on its own
_SINGLE_KINDS = frozenset({"organisation", "programme", "greendeal", "goal", "place"})
_GRANT = str(SCHEMA.MonetaryGrant)
_YEAR, _AMOUNT = str(KEINO.awardYear), str(SCHEMA.amount)


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
    """A node of a drawn neighbourhood; ``x``, ``y`` in [0, 1].

    A *group* node stands for many records of one kind around one hub (a
    funder's funding records of one year): ``group`` is then set and ``node.iri``
    is the group's id (:func:`group_id`), not an IRI of the graph.
    """

    node: Node
    x: float
    y: float
    depth: int
    group: Group | None = None


@dataclass(frozen=True)
class Group:
    """Records of one type linked to one hub, of one year when they state one."""

    hub: str
    type: str
    year: str | None
    members: tuple[str, ...]
    amount: float | None = None  # their euros added up, for funding records


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

        Records of one type around one hub (:data:`GROUP_AT` or more, e.g. a
        funder's thousands of funding records) are drawn as one group node per
        year (:class:`Group`), and nodes reached only through grouped records are
        left out (the group's list names them). The layout is networkx's spring
        layout with a fixed seed, so the same graph is drawn the same way each
        time. When more than ``max_nodes`` nodes are in reach, the nearest and
        best connected are kept and ``truncated`` is set. Raises
        :class:`~graph.snapshot.EntityNotFound` when the snapshot does not
        mention ``iri``.
        """
        snap, depth = self.snap, max(1, min(depth, 2))
        snap.require(iri)
        if iri not in snap.graph:
            return Neighbourhood(iri, depth, [GraphNode(snap.node(iri, lang), 0.5, 0.5, 0)], [])
        undirected = snap.graph.to_undirected(as_view=True)
        reach = nx.single_source_shortest_path_length(undirected, iri, cutoff=depth)
        groups = _group_records(snap, undirected, reach)
        grouped = {m: g for g in groups for m in g.members}
        hidden = set(grouped) | _behind(undirected, reach, set(grouped))
        ordered = sorted(
            (n for n in reach if n not in hidden),
            key=lambda n: (reach[n], -undirected.degree(n), n),
        )
        room = max(max_nodes - len(groups), 1)
        kept = ordered[:room]
        sub = _contract(snap.graph.subgraph(kept), snap.canonical)
        for n in list(reach):  # a clique is drawn once, at its nearest member's depth
            head = snap.canonical.get(n, n)
            reach[head] = min(reach[n], reach.get(head, reach[n]))
        kept = list(dict.fromkeys(snap.canonical.get(n, n) for n in kept))
        ids = {g: group_id(g) for g in groups}
        for g in groups:
            _link_group(snap, sub, g, ids[g], set(kept))
        layout = nx.spring_layout(nx.Graph(sub.to_undirected()), seed=7, iterations=60)
        xs = [float(x) for x, _ in layout.values()]
        ys = [float(y) for _, y in layout.values()]

        def at(n: str) -> tuple[float, float]:
            return _scale(layout[n][0], xs), _scale(layout[n][1], ys)

        nodes = [GraphNode(snap.node(n, lang), *at(n), reach[n]) for n in kept]
        nodes += [
            GraphNode(self.group_node(g, lang), *at(ids[g]), reach[g.members[0]], g) for g in groups
        ]
        edges = [
            GraphEdge(s, o, p, term_label(p, lang)) for s, o, p in sorted(sub.edges(keys=True))
        ]
        return Neighbourhood(iri, depth, nodes, edges, truncated=len(ordered) > room)

    def group_node(self, group: Group, lang: str = "fi") -> Node:
        """The drawn node of ``group``: its id, its name (:func:`group_name`), the
        members' kind and type name."""
        kind = kind_of(group.members[0], {group.type})
        return Node(
            group_id(group), self.group_name(group, lang), kind, term_label(group.type, lang)
        )

    def group_name(self, group: Group, lang: str = "fi") -> str:
        """A group's name: "Business Finland -rahoitus 2020: 12 rahoituspäätöstä,
        1,2 M€" for funding records, else "Hansel Oy – hankintailmoitus (14)"."""
        snap = self.snap
        count = len(group.members)
        if group.type == _GRANT:
            funders = {snap._linked(m, str(SCHEMA.funder)) for m in group.members}
            funder = funders.pop() if len(funders) == 1 else None
            return grants_name(
                snap.short_name(funder, lang) if funder else None,
                group.year,
                count,
                group.amount,
                lang,
            )
        hub = snap.short_name(snap.canonical.get(group.hub, group.hub), lang)
        year = f" {group.year}" if group.year else ""
        return f"{hub} – {term_label(group.type, lang)}{year} ({count})"

    def group_members(
        self, hub: str, type_iri: str, year: str | None = None, *, lang: str = "fi"
    ) -> list[Node]:
        """The records of type ``type_iri`` (of ``year`` when given) linked to ``hub``
        or its ``owl:sameAs`` twins, the largest amount first, then by name: the list
        behind a group node."""
        snap = self.snap
        snap.require(hub)
        heads = {hub, *snap.twins(hub)}
        found = {
            n
            for h in heads
            if h in snap.graph
            for n in nx.all_neighbors(snap.graph, h)
            if type_iri in snap.types.get(n, ()) and (year is None or _year(snap, n) == year)
        }
        nodes = [snap.node(n, lang) for n in found]
        return sorted(nodes, key=lambda n: (-_amount(snap, n.iri), n.label, n.iri))

    def partner(self, member: str, hub: str, lang: str = "fi") -> Node | None:
        """The organisation a group's record links to besides the hub (a funding
        record's recipient), or None."""
        snap = self.snap
        heads = {hub, *snap.twins(hub)}
        others = sorted(
            n
            for n in nx.all_neighbors(snap.graph, member)
            if n not in heads and snap.kind(n) == "organisation"
        )
        return snap.node(snap.canonical.get(others[0], others[0]), lang) if others else None

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

    def ranking(self) -> list[Ranked]:
        """Every entity ranked by betweenness, then degree (computed once; nodes by IRI
        only: :meth:`centrality` names them)."""
        with self._ranking:  # one ranking at a time: it takes seconds on a large graph
            if self._ranked is None:
                self._ranked = _rank(self.merged)
            return self._ranked

    def has_ranking(self) -> bool:
        """Whether :meth:`ranking` is computed (or was given by :meth:`use_ranking`)."""
        return self._ranked is not None

    def use_ranking(self, ranked: list[Ranked]) -> None:
        """Take ``ranked``, the :meth:`ranking` an earlier process computed for the
        same store version, instead of computing it."""
        with self._ranking:
            self._ranked = ranked

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
        ranked = self.ranking()
        wanted = set(kinds) if kinds is not None else None
        found = []
        for row in ranked:
            if country is not None and not _in_country(self.snap, row.node.iri, country):
                continue
            if wanted is None or self.snap.kind(row.node.iri) in wanted:
                node = self.snap.node(row.node.iri, lang)
                found.append(Ranked(node, row.degree, row.betweenness, row.pagerank))
            if len(found) >= limit:
                break
        return found


def group_id(group: Group) -> str:
    """The drawing id of a group node: not an IRI, so nothing links it as an entity."""
    return f"group:{group.hub}|{group.type}|{group.year or ''}"


def grants_name(
    funder: str | None, year: str | None, count: int, euros: float | None, lang: str
) -> str:
    """The name of a group of funding records.

    >>> grants_name("Business Finland", "2020", 12, 1_234_000, "fi")
    'Business Finland -rahoitus 2020: 12 rahoituspäätöstä, 1,2\xa0M€'
    >>> grants_name("Business Finland", "2020", 1, 950.0, "en")
    'Business Finland funding 2020: 1 award, €950'
    """
    if lang == "en":
        head = f"{funder} funding" if funder else "Funding"
        what = f"{count:,} award" + ("" if count == 1 else "s")
    else:
        head = f"{funder}{' -' if ' ' in funder else '-'}rahoitus" if funder else "Rahoitus"
        number = f"{count:,}".replace(",", "\xa0")
        what = f"{number} rahoituspäätös" + ("" if count == 1 else "tä")
    head += f" {year}" if year else ""
    money = f", {compact_euros(euros, lang)}" if euros is not None else ""
    return f"{head}: {what}{money}"


def compact_euros(euros: float, lang: str = "fi") -> str:
    """An amount in euros rounded for a label: thousands as k, millions as M.

    >>> compact_euros(1_234_000), compact_euros(56_700, "en"), compact_euros(950)
    ('1,2\xa0M€', '€57k', '950\xa0€')
    """
    number, unit = f"{euros:.0f}", ""
    for size, name in ((1e9, "mrd" if lang == "fi" else "bn"), (1e6, "M"), (1e3, "k")):
        if abs(euros) >= size:
            number, unit = f"{euros / size:.{1 if abs(euros) < 10 * size else 0}f}", name
            break
    if lang == "en":
        return f"€{number}{unit}"
    return number.replace(".", ",") + "\xa0" + unit + "€"


def _amount(snap: Snapshot, iri: str) -> float:
    """A record's amount in euros, 0 without one."""
    try:
        return float(snap.values.get(iri, {}).get(_AMOUNT) or 0)
    except ValueError:
        return 0.0


def _year(snap: Snapshot, iri: str) -> str | None:
    return snap.values.get(iri, {}).get(_YEAR)


def _group_records(snap: Snapshot, undirected: nx.Graph, reach: dict[str, int]) -> list[Group]:
    """Groups of :data:`GROUP_AT` or more same-type records linked to one hub in
    ``reach``, split by the records' year; a record belongs to its nearest hub."""
    by_hub: dict[tuple[str, str], list[str]] = {}
    for n, d in reach.items():
        types = snap.types.get(n, set())
        if d == 0 or len(types) != 1 or kind_of(n, types) in _SINGLE_KINDS:
            continue
        parents = sorted(p for p in undirected[n] if reach.get(p) == d - 1)
        if parents:
            by_hub.setdefault((parents[0], next(iter(types))), []).append(n)
    groups = []
    for (hub, type_iri), members in sorted(by_hub.items()):
        if len(members) < GROUP_AT:
            continue
        years: dict[str | None, list[str]] = {}
        for m in sorted(members):
            years.setdefault(_year(snap, m), []).append(m)
        for year, those in sorted(years.items(), key=lambda kv: kv[0] or ""):
            groups.append(make_group(snap, hub, type_iri, year, those))
    return groups


def make_group(
    snap: Snapshot, hub: str, type_iri: str, year: str | None, members: Iterable[str]
) -> Group:
    """The :class:`Group` of ``members``, with their euros added up for funding records."""
    found = tuple(members)
    total = None
    if type_iri == _GRANT:
        amounts = [snap.values.get(m, {}).get(_AMOUNT) for m in found]
        total = sum(float(a) for a in amounts if a)
    return Group(hub, type_iri, year, found, total)


def _behind(undirected: nx.Graph, reach: dict[str, int], grouped: set[str]) -> set[str]:
    """Nodes of ``reach`` every nearer neighbour of which is grouped (or behind one)."""
    behind: set[str] = set()
    for n in sorted(reach, key=reach.__getitem__):
        nearer = [p for p in undirected[n] if reach.get(p) == reach[n] - 1]
        if (
            reach[n] > 0
            and n not in grouped
            and nearer
            and all(p in grouped or p in behind for p in nearer)
        ):
            behind.add(n)
    return behind


def _link_group(
    snap: Snapshot, drawn: nx.MultiDiGraph, group: Group, gid: str, kept: set[str]
) -> None:
    """Add ``gid`` to ``drawn`` with the members' links to drawn nodes, once per
    neighbour and predicate, in the direction the statements read."""
    drawn.add_node(gid)
    members = set(group.members)
    for m in group.members:
        for s, o, p in [*snap.graph.out_edges(m, keys=True), *snap.graph.in_edges(m, keys=True)]:
            other = o if s == m else s
            other = snap.canonical.get(other, other)
            if other in members or other not in kept:
                continue
            edge = (gid, other) if s == m else (other, gid)
            if not drawn.has_edge(*edge, key=p):
                drawn.add_edge(*edge, key=p)


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
