"""The label table: every name a typed entity of interest is known by.

Text extraction links names in documents to graph entities; it needs each
entity's Finnish, Swedish and English labels, aliases and abbreviations with its
class and a coarse *kind* (organisation, programme, greendeal, strategy, region,
municipality). Entities of other classes (notices, lots, CPV concepts, runs)
are left out on purpose: their labels are not names a news text uses.

>>> from graph.store import Store
>>> from graph.rdf import a, lit, triple
>>> store = Store()
>>> ex = "https://w3id.org/keino/id/org/fi/0000000-0"
>>> _ = store.load_triples("https://w3id.org/keino/graph/t", [
...     a(ex, "http://www.w3.org/ns/org#Organization"),
...     triple(ex, "http://www.w3.org/2004/02/skos/core#prefLabel", lit("Motiva Oy", lang="fi")),
...     triple(ex, "https://w3id.org/keino/ontology#abbreviation", lit("Motiva"))])
>>> [(e.label, e.lang, e.kind) for e in entity_labels(store)]
[('Motiva', None, 'organisation'), ('Motiva Oy', 'fi', 'organisation')]
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from graph.namespaces import EPO_NS, KEINO_NS, NUTS, ORG
from graph.store import Store

SKOS = "http://www.w3.org/2004/02/skos/core#"

#: class IRI → kind; an entity is labelled when it has one of these types.
KINDS: dict[str, str] = {
    **{
        KEINO_NS + name: "organisation"
        for name in (
            "Ministry",
            "CompetenceCentre",
            "ProcurementUnit",
            "JointMunicipalAuthority",
            "WellbeingServicesCounty",
            "StateAgency",
            "CentralPurchasingBody",
            "Company",
            "Supplier",
            "ResearchOrganisation",
            "FundingAgency",
            "Association",
            "InternationalCounterpart",
        )
    },
    str(ORG.Organization): "organisation",
    str(ORG.FormalOrganization): "organisation",
    str(ORG.OrganizationalUnit): "organisation",
    EPO_NS + "Organisation": "organisation",
    KEINO_NS + "Municipality": "municipality",
    KEINO_NS + "Region": "region",
    KEINO_NS + "KeinoProgramme": "programme",
    KEINO_NS + "ChangeAgent": "programme",
    KEINO_NS + "GreenDeal": "greendeal",
    KEINO_NS + "StrategyProgramme": "strategy",
    KEINO_NS + "ActionPlan": "strategy",
    KEINO_NS + "Event": "event",
}
#: when an entity has several classes the most specific kind wins.
_PRIORITY = (
    "greendeal",
    "programme",
    "strategy",
    "municipality",
    "region",
    "event",
    "organisation",
)
_LABEL_PROPS = (SKOS + "prefLabel", SKOS + "altLabel", KEINO_NS + "abbreviation",
                "http://www.w3.org/2000/01/rdf-schema#label")  # fmt: skip


@dataclass(frozen=True, order=True)
class LabelEntry:
    """One name of one entity: ``iri``, ``label``, its ``lang`` (None when
    untagged), the entity's class IRI ``cls`` and coarse ``kind``; ``preferred``
    when it is a ``skos:prefLabel``."""

    iri: str
    label: str
    lang: str | None
    cls: str
    kind: str
    preferred: bool = False


_QUERY = """
SELECT DISTINCT ?e ?cls ?label ?p WHERE {
  VALUES ?p { %s }
  ?e a ?cls ; ?p ?label .
  FILTER(isIRI(?e) && isLITERAL(?label))
}"""


def entity_labels(store: Store) -> list[LabelEntry]:
    """Every label of every entity whose class is in :data:`KINDS`, plus the
    Finnish NUTS regions (kind ``region``); sorted, one entry per
    (iri, label, lang)."""
    props = " ".join(f"<{p}>" for p in _LABEL_PROPS)
    kinds: dict[str, tuple[str, str]] = {}
    labels: dict[str, set[tuple[str, str | None]]] = {}
    preferred: set[tuple[str, str, str | None]] = set()
    for row in store.query(_QUERY % props):
        iri, cls, label = row["e"].value, row["cls"].value, row["label"]
        kind = _kind(iri, cls)
        if kind is None or not isinstance(label, ox.Literal):
            continue
        if iri not in kinds or _better(cls, kind, *kinds[iri]):
            kinds[iri] = (cls, kind)
        labels.setdefault(iri, set()).add((label.value.strip(), label.language))
        if row["p"].value == SKOS + "prefLabel":
            preferred.add((iri, label.value.strip(), label.language))
    return sorted(
        LabelEntry(iri, text, lang, *kinds[iri], (iri, text, lang) in preferred)
        for iri, names in labels.items()
        for text, lang in names
        if text
    )


def _better(cls: str, kind: str, old_cls: str, old_kind: str) -> bool:
    """A more specific kind wins; within one kind a KEINO class beats a generic
    one (``keino:CompetenceCentre`` over ``org:Organization``), then the IRI order."""
    rank, old_rank = _PRIORITY.index(kind), _PRIORITY.index(old_kind)
    if rank != old_rank:
        return rank < old_rank
    ours, old_ours = cls.startswith(KEINO_NS), old_cls.startswith(KEINO_NS)
    return ours > old_ours or (ours == old_ours and cls < old_cls)


def _kind(iri: str, cls: str) -> str | None:
    if cls in KINDS:
        return KINDS[cls]
    # Finnish NUTS regions (maakunnat, NUTS 3) come from the code lists as SKOS concepts.
    if iri.startswith(str(NUTS) + "FI") and cls == SKOS + "Concept":
        return "region"
    return None
