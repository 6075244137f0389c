"""What the graph holds, for the landing page: entities per kind and the latest ingests.

>>> from graph.iris import GRAPH_BASE, ID_BASE
>>> from graph.namespaces import KEINO
>>> from graph.rdf import a
>>> from graph.snapshot import read_snapshot
>>> store = Store()
>>> _ = store.replace_graph(GRAPH_BASE + "ecosystem", [a(ID_BASE + "org/x", KEINO.Ministry)],
...                         source="ecosystem", inputs=[])
>>> found = overview(store, read_snapshot(store))
>>> [(c.key, c.count) for c in found.counts if c.count], [r.graph for r in found.runs]
([('organisations', 1), ('ministries', 1)], ['https://w3id.org/keino/graph/ecosystem'])
"""

from __future__ import annotations

from dataclasses import dataclass

from graph.namespaces import EPO, KEINO
from graph.ontology import organisation_classes, subclasses
from graph.snapshot import Snapshot
from graph.store import Store

#: the kinds the landing page counts: key → the classes whose members count
KIND_CLASSES: dict[str, tuple[str, ...]] = {
    "organisations": tuple(sorted(organisation_classes())),
    "ministries": (str(KEINO.Ministry),),
    "procurement_units": tuple(sorted(subclasses(str(KEINO.ProcurementUnit)))),
    "programmes": (str(KEINO.KeinoProgramme), str(KEINO.StrategyProgramme), str(KEINO.ActionPlan)),
    "measures": (str(KEINO.Measure),),
    "green_deals": (str(KEINO.GreenDeal),),
    "goals": (str(KEINO.Goal), str(KEINO.Indicator), str(KEINO.Target)),
    "notices": (str(EPO.Notice),),
    "lots": (str(EPO.Lot),),
    "documents": (str(KEINO.SourceDocument),),
    "events": (str(KEINO.Event),),
}

_RUNS = """PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?graph ?ended (COUNT(?used) AS ?inputs) WHERE {
  ?graph prov:wasGeneratedBy ?run . ?run prov:endedAtTime ?ended .
  OPTIONAL { ?run prov:used ?used }
} GROUP BY ?graph ?ended ORDER BY DESC(?ended)"""


@dataclass(frozen=True)
class KindCount:
    """How many entities of one kind the graph holds (sameAs twins counted once)."""

    key: str
    count: int


@dataclass(frozen=True)
class Ingest:
    """The latest ingest of one named graph: when it ended and how many files it read."""

    graph: str
    ended: str
    inputs: int


@dataclass(frozen=True)
class Overview:
    """Counts per kind, the latest ingest of each graph (newest first), triples in all."""

    counts: list[KindCount]
    runs: list[Ingest]
    triples: int


def overview(store: Store, snap: Snapshot) -> Overview:
    """Count the snapshot's entities per :data:`KIND_CLASSES` kind and read the runs."""
    counts = []
    for key, classes in KIND_CLASSES.items():
        wanted = set(classes)
        members = {snap.canonical.get(i, i) for i, types in snap.types.items() if types & wanted}
        counts.append(KindCount(key, len(members)))
    runs: dict[str, Ingest] = {}
    for graph, ended, inputs in store.select_values(_RUNS):
        if graph and ended and graph not in runs:
            runs[graph] = Ingest(graph, ended[:19].replace("T", " "), int(inputs or 0))
    return Overview(counts, list(runs.values()), store.count())
