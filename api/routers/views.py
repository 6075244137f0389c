"""JSON the explorer's interactive views load in the browser.

``GET /explore/graph.json?iri=&depth=&lang=`` is the neighbourhood the graph page
draws with cytoscape.js (nodes by label and kind, edges with their relation's
label); ``GET /explore/labels.json?iri=…&iri=…&lang=`` names IRIs, for the SPARQL
workbench's result table. Both read the app's derived state only.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query

from api.deps import DerivedDep
from api.routers.explorer import KIND_NAMES, PREFIX, entity_url, node_url
from graph.network import Neighbourhood
from graph.snapshot import EntityNotFound

router = APIRouter(prefix=PREFIX, tags=["explorer"], include_in_schema=False)
MAX_LABELS = 500
Lang = Annotated[str, Query(pattern="^(fi|en)$")]


def graph_json(hood: Neighbourhood, lang: str) -> dict[str, Any]:
    """A neighbourhood as cytoscape elements: ``{"center", "depth", "truncated",
    "kinds": {kind: name}, "nodes": [...], "edges": [...]}``; every node carries its
    label, kind, kind name, depth and URL (its entity page; for a group node of many
    records, ``"group": true``, its member count and the URL of their list)."""
    names = {k: v[1] if lang == "en" else v[0] for k, v in KIND_NAMES.items()}
    nodes = [
        {
            "id": n.node.iri,
            "label": n.node.label,
            "kind": n.node.kind,
            "kind_name": names.get(n.node.kind, n.node.kind),
            "depth": n.depth,
            "url": node_url(n, lang=lang),
            **({"group": True, "members": len(n.group.members)} if n.group else {}),
        }
        for n in hood.nodes
    ]
    edges = [
        {"id": f"e{i}", "source": e.source, "target": e.target, "label": e.label}
        for i, e in enumerate(hood.edges)
    ]
    shown = {n["kind"] for n in nodes}
    return {
        "center": hood.center,
        "depth": hood.depth,
        "truncated": hood.truncated,
        "kinds": {k: name for k, name in names.items() if k in shown},
        "nodes": nodes,
        "edges": edges,
    }


@router.get("/graph.json")
def neighbourhood_json(derived: DerivedDep, iri: str, depth: int = 1, lang: Lang = "fi") -> Any:
    """The entity and its neighbours to depth 1 or 2 (404 for an unknown IRI)."""
    try:
        hood = derived.neighbourhood(iri, max(1, min(depth, 2)), lang=lang)
    except EntityNotFound:
        raise HTTPException(404, f"no entity {iri} in the graph") from None
    return graph_json(hood, lang)


@router.get("/labels.json")
def labels_json(
    derived: DerivedDep,
    iri: Annotated[list[str], Query(max_length=MAX_LABELS)],
    lang: Lang = "fi",
) -> dict[str, dict[str, str]]:
    """``{iri: {"label", "url"}}`` for the IRIs the graph names; others are left out."""
    snap = derived.snapshot()
    found = {}
    for one in dict.fromkeys(iri):
        if snap.mentions(one):
            found[one] = {"label": snap.label(one, lang), "url": entity_url(one, lang=lang)}
    return found
