"""Business Finland's funding (ingest/funding.py) into kg:funding."""

from __future__ import annotations

import csv
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest

from graph.companies import funding_by_year
from graph.iris import org_iri
from graph.resources import resource_dir
from graph.results import select
from graph.store import Store
from ingest import companies, ecosystem, funding
from ingest.funding import parse_amount

SUBSET = resource_dir("data") / "funding" / "funding-awarded-subset.csv"
HEADER = (
    "Organisaatio,Y-tunnus,Myöntämisvuosi,Avustus €,Laina €,EAKR-rahoitus €,"
    "Tutkimusrahoitus €,Yhteensä €\n"
)


def file_totals(path: Path) -> dict[str, dict[int, Decimal]]:
    """Business ID → year → Yhteensä € as the file says (rows with an ID)."""
    totals: dict[str, dict[int, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for row in csv.DictReader(path.open(encoding="utf-8")):
        if row["Y-tunnus"] not in ("", "-"):
            totals[row["Y-tunnus"]][int(row["Myöntämisvuosi"])] += parse_amount(row["Yhteensä €"])
    return totals


def graph_totals(store: Store) -> dict[str, dict[int, Decimal]]:
    rows = select(
        store,
        """PREFIX schema: <https://schema.org/> PREFIX keino: <https://w3id.org/keino/ontology#>
        SELECT ?bid ?year (SUM(?amount) AS ?total) WHERE {
          ?g a schema:MonetaryGrant ; schema:fundedItem ?o ; schema:amount ?amount ;
             keino:awardYear ?year .
          # the node's ID is stated by the registry and the funding graph alike: once here
          { SELECT DISTINCT ?o ?bid WHERE { ?o keino:businessId ?bid } } }
        GROUP BY ?bid ?year""",
    ).rows
    out: dict[str, dict[int, Decimal]] = defaultdict(dict)
    for r in rows:
        out[r["bid"]][int(r["year"])] = Decimal(str(r["total"]))
    return out


def _nonzero(totals: dict[str, dict[int, Decimal]]) -> dict[str, dict[int, Decimal]]:
    # a row whose parts are all zero has no record to hold it
    return {b: {y: v for y, v in ys.items() if v} for b, ys in totals.items() if any(ys.values())}


def test_bundled_subset_yearly_totals_equal_the_file() -> None:
    s = Store()
    report = funding.ingest(s, [SUBSET])
    assert report.ok and report.counts()["mapped"] == 3351
    assert _nonzero(graph_totals(s)) == _nonzero(file_totals(SUBSET))


def test_funding_reader_sums_a_clique_by_year_and_instrument() -> None:
    s = Store()
    assert funding.ingest(s, [SUBSET]).ok
    years = funding_by_year(s, org_iri(business_id="2655941-9"))  # 0.7 design Oy
    assert [(y.year, y.total) for y in years] == [
        (2015, Decimal(27600)), (2016, Decimal(1530)), (2018, Decimal(3120)), (2019, Decimal(5400)),
    ]  # fmt: skip
    assert years[0].by_instrument == {"grant": Decimal(27600)}


def test_amounts_use_space_thousands_separators() -> None:
    assert parse_amount("1 234 567") == 1234567
    assert parse_amount("9\u00a0536") == 9536
    with pytest.raises(ValueError):
        parse_amount("9.536")


def test_row_whose_parts_do_not_add_up_fails_with_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    rows = "Hyvä Oy,2655941-9,2020,100,0,0,0,100\nHuono Oy,2655941-9,2021,100,5,0,0,100\n"
    bad.write_text(HEADER + rows, encoding="utf-8")
    s = Store()
    assert funding.ingest(s, [SUBSET]).ok
    before = s.count(funding.GRAPH)
    report = funding.ingest(s, [bad])
    assert report.refused
    assert [str(p) for p in report.problems()] == [
        f"{bad}:3: failed: the instruments add up to 105 €, Yhteensä says 100 €"
    ]
    assert s.count(funding.GRAPH) == before


def test_rows_without_business_id_are_skipped_with_reason(tmp_path: Path) -> None:
    f = tmp_path / "foreign.csv"
    f.write_text(HEADER + "Anagram Sverige Ab,-,2019,187 800,0,0,0,187 800\n", encoding="utf-8")
    report = funding.ingest(Store(), [f])
    assert report.counts() == {"read": 1, "mapped": 0, "skipped": 1, "failed": 0}
    assert report.refused and report.refused.startswith("nothing")


def test_funder_is_business_finland_of_the_ecosystem() -> None:
    s = Store()
    assert ecosystem.ingest(s).ok and funding.ingest(s, [SUBSET]).ok
    rows = select(
        s,
        """PREFIX schema: <https://schema.org/> PREFIX keino: <https://w3id.org/keino/ontology#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT DISTINCT ?label WHERE { ?g schema:funder ?f . ?f a keino:FundingAgency ;
          skos:prefLabel ?label FILTER(LANG(?label) = "fi") }""",
    ).rows
    assert [r["label"] for r in rows] == ["Innovaatiorahoituskeskus Business Finland"]


@pytest.mark.shared
def test_shared_files_every_business_id_one_organisation_with_tol_and_totals(
    shared_data: Path,
) -> None:
    registry = shared_data / "prh-ytj" / "tampere-companies.csv"
    bf = shared_data / "business-finland" / "funding-awarded.csv"
    s = Store()
    assert companies.ingest(s, [registry]).ok
    report = funding.ingest(s, [bf])
    assert report.ok
    assert report.counts() == {"read": 57460, "mapped": 57417, "skipped": 43, "failed": 0}
    assert _nonzero(graph_totals(s)) == _nonzero(file_totals(bf))
    tol = {
        r["businessId"]: r["mainBusinessLineType"]
        for r in csv.DictReader(registry.open(encoding="utf-8"))
    }
    both = set(tol) & set(file_totals(bf))
    rows = select(
        s,
        """PREFIX keino: <https://w3id.org/keino/ontology#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?bid (COUNT(DISTINCT ?o) AS ?n) (SAMPLE(?code) AS ?tol) WHERE {
          ?o keino:businessId ?bid . OPTIONAL { ?o keino:mainBusinessLine/skos:notation ?code } }
        GROUP BY ?bid""",
    ).rows
    found = {r["bid"]: (int(r["n"]), r["tol"]) for r in rows}
    assert len(both) > 1500
    for bid in both:
        assert found[bid] == (1, tol[bid] or None)


def test_named_query_funded_companies_by_year_and_instrument() -> None:
    from graph.queries import QueryCatalogue
    from graph.results import run_named

    s = Store()
    assert companies.ingest(
        s, [resource_dir("data") / "companies" / "tampere-funded-companies.csv"]
    ).ok
    assert funding.ingest(s, [SUBSET]).ok
    query = QueryCatalogue().get("funded-companies-by-year-and-instrument")
    table = run_named(s, query, {"year": "2019", "instrument": "research"})
    expected = sorted(
        (parse_amount(r["Tutkimusrahoitus €"]), r["Y-tunnus"])
        for r in csv.DictReader(SUBSET.open(encoding="utf-8"))
        if r["Myöntämisvuosi"] == "2019" and parse_amount(r["Tutkimusrahoitus €"])
    )
    got = sorted((int(Decimal(str(r["amount"]))), r["businessId"]) for r in table.rows)
    assert got == expected and got
