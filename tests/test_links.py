"""Organisations linked across sources (ingest/links.py) on the demo graph."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from graph.iris import org_iri
from graph.organisations import OrgName
from graph.resources import resource_dir
from graph.results import select
from graph.store import Store
from ingest import companies, ecosystem, funding, links, notices
from ingest.links import GRAPH, THRESHOLD, find_links, link_triples

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
    # Salo's business ID is in the municipalities' file (from Business Finland's records)
    assert [(m, c) for m, c in links.values()] == [("municipality-business-id", 1.0)]
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
    assert [(x.org, x.target, x.method) for x in find_links(names)] == [
        (KID + "org/fi/0201256-7", KID + "municipality/091", "municipality-name")
    ]


ECO = "https://w3id.org/keino/graph/ecosystem"
FUNDING = "https://w3id.org/keino/graph/funding"
COMPANIES = "https://w3id.org/keino/graph/companies"
NOTICES = "https://w3id.org/keino/graph/notices/x"
DATA = resource_dir("data")
OWL_SAME_AS = "http://www.w3.org/2002/07/owl#sameAs"


def test_municipality_business_id_joins_the_register_exactly() -> None:
    names = [
        OrgName("https://w3id.org/keino/graph/registry", KID + "municipality/790", "Sastamala"),
        OrgName(NOTICES, KID + "org/fi/0144411-3", "Sastamalan kaupunki, tekninen toimi"),
    ]
    (link,) = find_links(names, {"0144411-3": "790"}, KID + "document/x")
    assert (link.org, link.target, link.method, link.confidence) == (
        KID + "org/fi/0144411-3",
        KID + "municipality/790",
        "municipality-business-id",
        Decimal("1.0"),
    )


@pytest.mark.parametrize(
    ("curated", "registered", "confidence"),
    [
        ("Teknologian tutkimuskeskus VTT Oy", "Teknologian tutkimuskeskus VTT Oy", Decimal("0.95")),
        ("Oy Hansel Ab", "Hansel Oy", Decimal("0.95")),  # one form, written at either end
        ("Business Finland", "Business Finland Oy", Decimal("0.8")),  # no form on one side
        ("Suomen Kuntaliitto", "Suomen Kuntaliitto ry", Decimal("0.8")),
    ],
)
def test_name_and_form_reconcile_with_stated_confidence(
    curated: str, registered: str, confidence: Decimal
) -> None:
    names = [
        OrgName(ECO, KID + "org/name/fi/x", curated),
        OrgName(FUNDING, KID + "org/fi/2647375-4", registered),
    ]
    (link,) = find_links(names)
    assert (link.method, link.confidence) == ("registry-name-form", confidence)
    same = [t for t in link_triples(link) if t.predicate.value == OWL_SAME_AS]
    assert bool(same) == (confidence >= THRESHOLD)


def test_a_different_company_form_never_links() -> None:
    names = [
        OrgName(ECO, KID + "org/name/fi/x", "Motiva Oy"),
        OrgName(COMPANIES, KID + "org/fi/2647375-4", "Motiva ry"),
    ]
    assert find_links(names) == []


def test_a_name_two_business_ids_share_is_only_a_candidate() -> None:
    names = [
        OrgName(ECO, KID + "org/name/fi/x", "Syke Oy"),
        OrgName(FUNDING, KID + "org/fi/2647375-4", "Syke Oy"),
        OrgName(COMPANIES, KID + "org/fi/0988084-1", "SYKE OY"),
    ]
    found = find_links(names)
    assert {(x.target, x.confidence) for x in found} == {
        (KID + "org/fi/2647375-4", Decimal("0.6")),
        (KID + "org/fi/0988084-1", Decimal("0.6")),
    }
    assert not any(t.predicate.value == OWL_SAME_AS for x in found for t in link_triples(x))


@pytest.fixture(scope="module")
def linked() -> Store:
    """Ecosystem, registry subset, funding subset and the Finnish TED notices, linked."""
    s = Store()
    assert ecosystem.ingest(s).ok
    assert companies.ingest(s, [DATA / "companies" / "tampere-funded-companies.csv"]).ok
    assert funding.ingest(s, [DATA / "funding" / "funding-awarded-subset.csv"]).ok
    assert notices.ingest(s, [DATA / "notices" / "ted-finland"], batch="ted-finland").ok
    assert links.ingest(s).ok
    return s


def test_curated_body_gets_its_business_id_from_the_funding_file(linked: Store) -> None:
    vtt = org_iri(name="Teknologian tutkimuskeskus VTT Oy")
    assert _same_as(linked, vtt) == {KID + "org/fi/2647375-4": ("registry-name-form", 0.95)}
    ids = select(
        linked,
        "PREFIX keino: <https://w3id.org/keino/ontology#> "
        "PREFIX prov: <http://www.w3.org/ns/prov#> "
        f"SELECT ?b ?src WHERE {{ GRAPH <{GRAPH}> {{ <{vtt}> keino:businessId ?b ; "
        "keino:reconciliation/prov:wasDerivedFrom ?src } }",
    ).rows
    assert {(r["b"], r["src"]) for r in ids} == {("2647375-4", FUNDING)}


def test_business_finland_agency_is_not_merged_with_business_finland_oy(linked: Store) -> None:
    agency = org_iri(name="Innovaatiorahoituskeskus Business Finland")
    assert KID + "org/fi/2725690-3" not in _same_as(linked, agency)


def test_notice_buyer_with_business_id_is_the_funded_organisation(linked: Store) -> None:
    # Lahti Energia Oy buys in a Finnish TED notice and is funded by Business Finland
    lahti = org_iri(business_id="0804847-1")
    ask = f"""PREFIX epo: <http://data.europa.eu/a4g/ontology#>
    PREFIX schema: <https://schema.org/>
    ASK {{ ?role a epo:Buyer ; epo:playedBy <{lahti}> . ?g schema:fundedItem <{lahti}> }}"""
    assert bool(linked.query(ask))


def test_notice_winner_in_the_registry_is_the_registry_company(tmp_path: Path) -> None:
    # Fixture: a real Finnish TED notice whose organisation carries a registry
    # company's business ID (Tampere, data/companies) in place of its own.
    real = (DATA / "notices" / "ted-finland" / "536143-2023.xml").read_text(encoding="utf-8")
    fixture = tmp_path / "536143-2023-fixture.xml"
    fixture.write_text(real.replace("0804847-1", "0108863-0"), encoding="utf-8")
    s = Store()
    assert companies.ingest(s, [DATA / "companies" / "tampere-funded-companies.csv"]).ok
    assert notices.ingest(s, [fixture], batch="fixture").ok
    nodes = select(
        s,
        'SELECT DISTINCT ?o WHERE { ?o <https://w3id.org/keino/ontology#businessId> "0108863-0" }',
    ).rows
    assert [r["o"] for r in nodes] == [org_iri(business_id="0108863-0")]
    ask = f"""PREFIX epo: <http://data.europa.eu/a4g/ontology#>
    ASK {{ ?role epo:playedBy <{nodes[0]["o"]}> .
          <{nodes[0]["o"]}> <https://w3id.org/keino/ontology#mainBusinessLine> ?tol }}"""
    assert bool(s.query(ask))
