"""graph.network: neighbourhoods, paths and centrality over a snapshot."""

from __future__ import annotations

import networkx as nx
import pytest

from graph.network import Network, _pagerank
from graph.snapshot import EntityNotFound, read_snapshot

EPO = "http://data.europa.eu/a4g/ontology#"


@pytest.fixture()
def net(small_store) -> Network:
    return Network(read_snapshot(small_store))


def test_paths_walk_links_both_ways_and_explain_each_hop(net: Network, small) -> None:
    (path,) = net.paths(small.SUPPLIER, small.TEM)
    assert [hop.target.iri for hop in path] == [small.LOT, small.CITY, small.KEINO, small.TEM]
    assert [hop.forward for hop in path] == [False, True, True, True]
    assert path[0].predicate == EPO + "hasWinner"


def test_an_unknown_end_is_reported(net: Network, small) -> None:
    with pytest.raises(EntityNotFound):
        net.paths(small.KEINO, small.KEINO + "-nobody")
    with pytest.raises(EntityNotFound):
        net.neighbourhood(small.KEINO + "-nobody")


def test_neighbourhood_depth_and_layout(net: Network, small) -> None:
    one = net.neighbourhood(small.KEINO, 1)
    two = net.neighbourhood(small.KEINO, 2)
    assert {n.node.iri for n in one.nodes} == {small.KEINO, small.TEM, small.MEMBERSHIP, small.CITY}
    assert {small.MOTIVA, small.LOT} <= {n.node.iri for n in two.nodes}
    assert all(0.0 <= n.x <= 1.0 and 0.0 <= n.y <= 1.0 for n in two.nodes)
    small_hood = net.neighbourhood(small.KEINO, 2, max_nodes=3)
    assert small_hood.truncated and len(small_hood.nodes) == 3
    assert net.neighbourhood(small.KEINO, 1) == one, "the same graph is drawn the same way"


def test_centrality_puts_the_connector_first_and_filters_kinds(net: Network, small) -> None:
    assert net.centrality()[0].node.iri == small.KEINO
    kinds = {r.node.kind for r in net.centrality(kinds=["procurement"])}
    assert kinds == {"procurement"}


def test_pagerank_sums_to_one_and_ranks_the_hub_first() -> None:
    ranks = _pagerank(nx.star_graph(5))
    assert max(ranks, key=ranks.__getitem__) == 0
    assert sum(ranks.values()) == pytest.approx(1.0)
