"""Organisations linked across sources (ingest/links.py) on the demo graph."""

from __future__ import annotations

from graph.organisations import OrgName
from graph.results import select
from graph.store import Store
from ingest.links import GRAPH, find_links

KID = "https://w3id.org/keino/id/"
HANSEL_NOTICES = KID + "org/fi/0988084-1"  # Hansel Oy as the Hilma notices give it
SALO_NOTICES = KID + "org/fi/0139533-1"  # Salon kaupunki, buyer in a Finnish notice


def _same_as(store: Store, iri: str) -> dict[str, tuple[str, float]]:
    rows = select(
        store,
        f"""PREFIX keino: <https://w3id.org/keino/ontology#>
        SELECT DISTINCT ?other ?method ?confidence WHERE {{ GRAPH <{GRAPH}> {{
          <{iri}> <http://www.w3.org/2002/07/owl#sameAs> ?other ; keino:reconciliation ?r .
          ?r keino:reconciliationMethod ?method ; keino:confidence ?confidence }} }}""",
    ).rows
    return {r["other"]: (r["method"], float(r["confidence"])) for r in rows}


def test_consortium_member_in_notices_is_the_curated_body(demo_store: Store) -> None:
    links = _same_as(demo_store, HANSEL_NOTICES)
    assert links == {KID + "org/name/fi/hansel-oy": ("same-name", 0.9)}
    back = demo_store.query(
        f"ASK {{ <{KID}org/name/fi/hansel-oy> <http://www.w3.org/2002/07/owl#sameAs> "
        f"<{HANSEL_NOTICES}> }}"
    )
    assert bool(back)


def test_city_buyer_is_its_register_municipality(demo_store: Store) -> None:
    links = _same_as(demo_store, SALO_NOTICES)
    assert [(m, c) for m, c in links.values()] == [("municipality-name", 0.85)]
    (municipality,) = links
    names = select(
        demo_store,
        f"SELECT ?n WHERE {{ <{municipality}> <http://www.w3.org/2004/02/skos/core#prefLabel> ?n "
        f'FILTER(LANG(?n) = "fi") }}',
    ).rows
    assert [r["n"] for r in names] == ["Salo"]


def test_one_word_aliases_and_city_departments_do_not_link() -> None:
    eco, notices = (
        "https://w3id.org/keino/graph/ecosystem",
        "https://w3id.org/keino/graph/notices/x",
    )
    reg = "https://w3id.org/keino/graph/registry"
    names = [
        OrgName(eco, KID + "org/name/fi/motiva-oy", "Motiva"),
        OrgName(notices, KID + "org/fi/1234567-1", "Motiva"),
        OrgName(reg, KID + "municipality/091", "Helsinki"),
        OrgName(notices, KID + "org/fi/0201256-6", "Helsingin kaupungin sosiaalitoimiala"),
        OrgName(notices, KID + "org/fi/0201256-7", "Helsingin kaupunki"),
    ]
    assert [(x.notice_org, x.curated, x.method) for x in find_links(names)] == [
        (KID + "org/fi/0201256-7", KID + "municipality/091", "municipality-name")
    ]
