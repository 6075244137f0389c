"""Named queries rewritten to scale answer exactly as their earlier text did.

``tests/data/queries-before/NAME.rq`` keeps the text a query had before it was
rewritten for a large store (join order, the page picked before it is
described); both texts run on the demo graph with many bound values, not only
the header's example, and must give the same rows. A query that pages
(``LIMIT``) may order rows that tie on its sort key either way, so the rows of
the last tied key are compared by key only.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from graph.queries import NamedQuery, QueryCatalogue
from graph.results import run_named
from graph.store import Store

BEFORE = Path(__file__).parent / "data" / "queries-before"
CATALOGUE = QueryCatalogue()
EPO = "http://data.europa.eu/a4g/ontology#"


def before(name: str) -> NamedQuery:
    """The query as it was, with today's header (parameters)."""
    return dataclasses.replace(CATALOGUE.get(name), sparql=(BEFORE / f"{name}.rq").read_text())


def rows(store: Store, query: NamedQuery, values: dict[str, str]) -> list[dict[str, Any]]:
    return list(run_named(store, query, values).rows)


def as_bag(found: list[dict[str, Any]]) -> Counter[str]:
    return Counter(repr(sorted(row.items())) for row in found)


def result_notice_ids(store: Store) -> list[str]:
    """Identifiers of the demo's result notices (the award query's parameter)."""
    found = store.select_values(
        f"SELECT DISTINCT ?id WHERE {{ ?n a <{EPO}ResultNotice> ; "
        "<http://purl.org/dc/terms/identifier> ?id }"
    )
    return sorted(str(row[0]) for row in found)


def lot_cpv_codes(store: Store) -> list[str]:
    """Main CPV codes of the demo's lots, and their divisions (``45000000``)."""
    found = store.select_values(
        f"SELECT DISTINCT ?c WHERE {{ ?p <{EPO}hasMainClassification> ?c }}"
    )
    codes = {str(row[0]).rsplit("/", 1)[-1] for row in found}
    codes = {c for c in codes if c.isdigit() and len(c) == 8}
    return sorted(codes | {c[:2] + "000000" for c in codes})


def test_award_notice_query_answers_as_before(demo_store: Store) -> None:
    name = "award-notice-buyers-lots-winners"
    old, new = before(name), CATALOGUE.get(name)
    ids = result_notice_ids(demo_store)
    assert len(ids) >= 10, ids
    answered = 0
    for notice in [*ids, "65667997-031a-4198-bd25-7225449ef479-01", "no-such-notice"]:
        expected = rows(demo_store, old, {"notice": notice})
        assert as_bag(rows(demo_store, new, {"notice": notice})) == as_bag(expected), notice
        answered += bool(expected)
    assert answered >= 10, "too few notices with an answer to compare"


def test_notices_by_cpv_query_answers_as_before(demo_store: Store) -> None:
    name = "notices-by-cpv"
    old, new = before(name), CATALOGUE.get(name)
    codes = lot_cpv_codes(demo_store)
    assert len(codes) >= 10, codes
    paged = 0
    for code in [*codes, "45000000", "03000000"]:
        expected = rows(demo_store, old, {"cpv": code})
        found = rows(demo_store, new, {"cpv": code})
        assert len(found) == len(expected), code
        if len(expected) < 200:  # the whole answer
            assert as_bag(found) == as_bag(expected), code
            continue
        paged += 1

        def key(row: dict[str, Any]) -> tuple[Any, Any]:
            return row.get("published"), row["lot"]

        assert [key(r) for r in found] == [key(r) for r in expected], code
        last = key(expected[-1])
        assert as_bag([r for r in found if key(r) != last]) == as_bag(
            [r for r in expected if key(r) != last]
        ), code
    assert len(codes) + 2 > paged


@pytest.mark.parametrize(
    ("name", "param", "values"),
    [
        ("document-statements-about-entity", "name",
         ["Kuntaliitto", "Motiva", "TEM", "KEINO", "Hansel", "Business Finland", "nobody"]),
        ("keino-consortium-on-date", "on",
         ["2017-01-01", "2019-01-01", "2020-06-01", "2023-01-01", "2025-01-01", "2030-01-01"]),
    ],
)  # fmt: skip
def test_query_answers_as_before(
    demo_store: Store, name: str, param: str, values: list[str]
) -> None:
    old, new = before(name), CATALOGUE.get(name)
    answered = 0
    for value in values:
        expected = rows(demo_store, old, {param: value})
        assert as_bag(rows(demo_store, new, {param: value})) == as_bag(expected), value
        answered += bool(expected)
    assert answered >= 3, f"{name}: too few values with an answer to compare"


NAMES = [p.name.removesuffix(".rq") for p in sorted(BEFORE.glob("*.rq"))]


@pytest.mark.parametrize("name", NAMES)
def test_before_text_is_kept_beside_the_tests(name: str) -> None:
    """The comparison is meaningful only if the earlier text differs from today's."""
    assert before(name).sparql != CATALOGUE.get(name).sparql
