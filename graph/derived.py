"""Per-store derived state: the snapshot, the network, the label index and the matcher.

One :class:`Derived` per store (the app makes one in ``create_app``) owns every
structure computed from the store's content. Each is built on first use and
rebuilt lazily when :meth:`graph.store.Store.version` changes, one build of a
kind at a time (a second caller waits for the first build instead of starting
its own), so pages never see stale data and never pay twice for one state.

>>> from graph.iris import GRAPH_BASE, ID_BASE
>>> from graph.rdf import lit, triple
>>> from graph.store import Store
>>> store = Store()
>>> derived = Derived(store)
>>> org = ID_BASE + "org/fi/0988084-1"
>>> _ = store.replace_graph(GRAPH_BASE + "example", [
...     triple(org, "http://www.w3.org/2004/02/skos/core#prefLabel", lit("Hansel Oy"))],
...     source="example", inputs=[])
>>> [h.label for h in derived.search("hanselin")]
['Hansel Oy']
>>> before = derived.snapshot()
>>> derived.snapshot() is before
True
>>> _ = store.replace_graph(GRAPH_BASE + "example", [], source="example", inputs=[])
>>> derived.snapshot() is before, derived.search("hansel")
(False, [])
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from graph import persisted
from graph.describe import EntityView, describe
from graph.matching import Matcher, MatcherHandle
from graph.network import Hop, Neighbourhood, Network, Ranked
from graph.search import Hit, LabelIndex, Page, build_index, find, search
from graph.snapshot import Snapshot, read_snapshot
from graph.store import Store

T = TypeVar("T")
MEMO_SIZE = 512  # remembered views (pages) per store state
PARTS = ("snapshot", "network", "labels")
#: the parts kept on disk beside an on-disk store (the network is rebuilt from the
#: snapshot; its centrality ranking is kept as "ranking")
KEPT = ("snapshot", "labels")


class Derived:
    """The derived state of one store, each part rebuilt when the store's version changes."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._built: dict[str, tuple[str, Any]] = {}
        self._locks = {name: threading.Lock() for name in ("snapshot", "network", "labels")}
        self._match_handle = MatcherHandle(store)
        self._memo: OrderedDict[tuple[object, ...], object] = OrderedDict()
        self._memo_version = ""
        self._memo_lock = threading.Lock()

    def _current(self, name: str, build: Callable[[], T]) -> T:
        """The ``name`` part for the store's current version, built when missing or stale."""
        version = self.store.version()
        found = self._built.get(name)
        if found is not None and found[0] == version:
            return found[1]
        with self._locks[name]:  # one build of a kind at a time
            found = self._built.get(name)
            if found is None or found[0] != version:
                # Keyed by the version read before the build: a write during the build
                # leaves it stale, so the next caller rebuilds.
                found = (version, self._load_or_build(name, version, build))
                self._built[name] = found
        return found[1]

    def _load_or_build(self, name: str, version: str, build: Callable[[], T]) -> T:
        """The ``name`` part as an earlier process kept it for ``version``
        (:mod:`graph.persisted`), else built now and kept for the next one."""
        folder = persisted.folder_of(self.store) if name in KEPT else None
        if folder is None:
            return build()
        kept = persisted.load(folder, name, version)
        if kept is not None:
            return kept
        value = build()
        persisted.save(folder, name, version, value)
        return value

    # ------------------------------------------------------------- the parts
    def snapshot(self) -> Snapshot:
        """The store's entities, links, labels and types (:mod:`graph.snapshot`)."""
        return self._current("snapshot", lambda: read_snapshot(self.store))

    def network(self) -> Network:
        """Graph algorithms over the current snapshot (:mod:`graph.network`), with the
        centrality ranking an earlier process kept for this store version."""
        return self._current("network", self._network)

    def _network(self) -> Network:
        network = Network(self.snapshot())
        folder = persisted.folder_of(self.store)
        kept = persisted.load(folder, "ranking", self.store.version()) if folder else None
        if kept is not None:
            network.use_ranking(kept)
        return network

    def _ranked_network(self) -> Network:
        """The network with its ranking computed, kept on disk when newly computed."""
        network = self.network()
        if not network.has_ranking():
            version = self._built["network"][0]
            ranked = network.ranking()
            folder = persisted.folder_of(self.store)
            if folder is not None:
                persisted.save(folder, "ranking", version, ranked)
        return network

    def label_index(self) -> LabelIndex:
        """Every name in the store, indexed for :func:`graph.search.search`."""
        return self._current("labels", lambda: build_index(self.store))

    @property
    def match_handle(self) -> MatcherHandle:
        """The store's :class:`graph.matching.MatcherHandle`: when the store changed it
        rebuilds the index in the background and serves the previous one meanwhile."""
        return self._match_handle

    def matcher(self) -> Matcher:
        """The matchmaking index of the current store (:mod:`graph.matching`), kept
        beside an on-disk store (``<store>.match-index``); see :attr:`match_handle`."""
        return self._match_handle.get()

    # ------------------------------------------------------- remembered views
    def remember(self, key: tuple[object, ...], compute: Callable[[], T]) -> T:
        """``compute()`` for ``key``, remembered until the store changes (oldest go first)."""
        version = self.store.version()
        with self._memo_lock:
            if version != self._memo_version:
                self._memo.clear()
                self._memo_version = version
            if key in self._memo:
                self._memo.move_to_end(key)
                return self._memo[key]  # type: ignore[return-value]
        value = compute()
        with self._memo_lock:
            if version == self._memo_version:
                self._memo[key] = value
                while len(self._memo) > MEMO_SIZE:
                    self._memo.popitem(last=False)
        return value

    def describe(self, iri: str, *, lang: str = "fi", max_links: int = 50) -> EntityView:
        """:func:`graph.describe.describe` of ``iri``, remembered per store state.

        Raises :class:`graph.snapshot.EntityNotFound`; treat the view as read-only.
        """
        key = ("describe", iri, lang, max_links)
        return self.remember(
            key, lambda: describe(self.store, self.snapshot(), iri, lang=lang, max_links=max_links)
        )

    def neighbourhood(self, iri: str, depth: int = 1, *, lang: str = "fi") -> Neighbourhood:
        """:meth:`graph.network.Network.neighbourhood`, remembered per store state."""
        key = ("neighbourhood", iri, depth, lang)
        return self.remember(key, lambda: self.network().neighbourhood(iri, depth, lang=lang))

    def paths(self, a: str, b: str, *, lang: str = "fi") -> list[list[Hop]]:
        """:meth:`graph.network.Network.paths` between ``a`` and ``b``."""
        return self.network().paths(a, b, lang=lang)

    def centrality(
        self,
        *,
        lang: str = "fi",
        limit: int = 25,
        kinds: Iterable[str] | None = None,
        country: str | None = None,
    ) -> list[Ranked]:
        """:meth:`graph.network.Network.centrality` of the current store."""
        return self._ranked_network().centrality(
            lang=lang, limit=limit, kinds=kinds, country=country
        )

    def search(
        self,
        q: str,
        *,
        types: Sequence[str] | None = None,
        lang: str | None = None,
        limit: int = 20,
    ) -> list[Hit]:
        """:func:`graph.search.search` over the current label index."""
        return search(self.label_index(), q, types=types, lang=lang, limit=limit)

    def find(
        self,
        q: str,
        *,
        types: Sequence[str] | None = None,
        kind: str | None = None,
        region: str | None = None,
        year: str | int | None = None,
        lang: str | None = None,
        offset: int = 0,
        limit: int = 20,
    ) -> Page:
        """:func:`graph.search.find` (a page of hits with counts and facets) over the
        current label index."""
        return find(
            self.label_index(),
            q,
            types=types,
            kind=kind,
            region=region,
            year=year,
            lang=lang,
            offset=offset,
            limit=limit,
        )

    def warm(self, network: bool = True, then: Sequence[Callable[[], object]] = ()) -> None:
        """Build now, before the first visitor needs them: the snapshot (every entity
        page needs it), then ``then`` (pages' own warm-ups), with ``network`` the
        centrality ranking, and last the label index (the largest part to load,
        needed by search only). The matcher is left to first use."""
        self.snapshot()
        for step in then:
            step()
        if network:
            top = self.centrality(limit=1)
            for row in top:  # reads the ontology and code lists pages name things with
                self.describe(row.node.iri)
        self.label_index()
