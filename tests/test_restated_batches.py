"""Organisations restated in many batch graphs: the readers answer as before.

Every notice batch that names a buyer or a winner restates its name, business ID
and address in that batch's graph, and the default graph (the union) keeps each
copy. The readers behind the match index, the search index and the company pages
once joined those copies with each other, so their work grew with the square (or
a higher power) of the number of batches (``bench/finland_scale.py``: 3,000
notices in 120 monthly batches took 188 s to build the match index and 112 s for
the search index). They now read each fact distinct first.

Here the demo's notice, registry and funding graphs are restated under three more
batch names: nothing a user sees may change, and the readers' earlier query texts
(``tests/data/queries-before/readers/``) give the same rows as today's.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from graph import search
from graph.companies import company_profile
from graph.matching.registry import company_records
from graph.procurement import _Q_ORGS, lot_records
from graph.store import Store

BEFORE = Path(__file__).parent / "data" / "queries-before" / "readers"
RESTATED = ("notices/", "companies", "registry", "funding")
COPIES = 3


@pytest.fixture(scope="module")
def restated(demo_store: Store) -> Store:
    """The demo graph in memory, its batch graphs restated ``COPIES`` more times."""
    store = Store()
    for graph in demo_store.graphs():
        triples = list(demo_store.triples(graph))
        store.load_triples(graph, triples)
        if any(part in graph for part in RESTATED):
            for copy in range(COPIES):
                store.load_triples(f"{graph}-restated-{copy}", triples)
    assert len(store.graphs()) >= len(demo_store.graphs()) + COPIES * 4
    return store


def rows(store: Store, sparql: str) -> Counter[str]:
    """The solutions as a bag of their terms (language tags and datatypes kept)."""
    solutions = store.query(sparql)
    width = len(solutions.variables)
    return Counter(repr([str(s[i]) for i in range(width)]) for s in solutions)


@pytest.mark.parametrize(
    ("name", "now"),
    [
        ("procurement-organisations", _Q_ORGS),
        ("search-titles", search.TITLES),
        ("search-regions", search.REGIONS),
    ],
)
def test_readers_give_the_rows_of_their_earlier_text(
    restated: Store, demo_store: Store, name: str, now: str
) -> None:
    earlier = (BEFORE / f"{name}.rq").read_text()
    for store in (demo_store, restated):
        expected = rows(store, earlier)
        assert len(expected) >= 50, (name, "too few rows to compare")
        assert rows(store, now) == expected, name


def test_lot_records_do_not_change_when_batches_restate_organisations(
    restated: Store, demo_store: Store
) -> None:
    records = list(lot_records(demo_store))
    assert len(records) >= 100 and any(r.winners for r in records)
    assert list(lot_records(restated)) == records


def test_registry_candidates_do_not_change(restated: Store, demo_store: Store) -> None:
    records = company_records(demo_store)
    assert len(records) >= 1000 and sum(bool(r.funding) for r in records) >= 100
    assert company_records(restated) == records


def test_search_facts_do_not_change(restated: Store, demo_store: Store) -> None:
    facts = set(search.facts(demo_store))
    assert {f.what for f in facts} >= {"title", "code", "identifier", "region", "year"}
    assert set(search.facts(restated)) == facts


def test_company_pages_do_not_change(restated: Store, demo_store: Store) -> None:
    companies = sorted(
        {
            str(row[0])
            for row in demo_store.select_values(
                "SELECT DISTINCT ?o WHERE { ?o <https://w3id.org/keino/ontology#businessId> ?b }"
            )
        }
    )
    assert len(companies) >= 1000
    with_postcode = with_place = 0
    for iri in companies:
        profile = company_profile(demo_store, iri)
        assert company_profile(restated, iri) == profile, iri
        if profile is not None:
            with_postcode += profile.postcode is not None
            with_place += profile.nuts is not None
    assert with_postcode >= 1000 and with_place >= 1000, (with_postcode, with_place)
