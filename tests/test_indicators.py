"""Indicators: shares of innovative / green / social lots, checked by hand.

The fixture is thirteen notices written with ``graph.procurement.record_triples``
(the shape the notice mapper produces). Every expected number below is worked
out by hand in the comments from the table in ``_notices``; none is read back
from the code under test.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from api.main import create_app
from graph.indicators import (
    INDICATORS_GRAPH,
    INNOVATIVE_SHARE_INDICATOR,
    Point,
    Series,
    UnknownSeries,
    buyer_type,
    compute,
    list_series,
    lot_facts,
    series,
)
from graph.indicators.aggregate import Cell
from graph.indicators.cube import observation_lines, observation_triples
from graph.iris import entity_iri, graph_iri, org_iri
from graph.namespaces import KEINO
from graph.procurement import LotRecord, OrgRef, record_triples
from graph.queries import QueryCatalogue
from graph.rdf import Triple, lit, triple
from graph.results import run_named
from graph.store import Store
from ingest import ecosystem

HELSINKI = OrgRef(org_iri(business_id="0201256-6"), "Helsingin kaupunki", "0201256-6", None, "la")
SALO = OrgRef(org_iri(business_id="0139533-1"), "Salon kaupunki", "0139533-1", None, "la")
HANSEL = OrgRef(org_iri(business_id="0988084-1"), "Hansel Oy", "0988084-1", None, "cga")
VARHA = OrgRef(org_iri(name="Varsinais-Suomen hyvinvointialue"), "Varha", None, None, "ra")
N = "https://w3id.org/keino/id/notice/"
DCT_ID = "http://purl.org/dc/terms/identifier"


def _lot(
    notice: str,
    lot: int,
    published: dt.date | None,
    buyers: tuple[OrgRef, ...],
    *,
    kind: str = "competition",
    cpv: str = "45000000",
    nuts: tuple[str, ...] = ("FI1B1",),
    est: float | None = None,
    awd: float | None = None,
    cur: str = "EUR",
    **flags: bool,
) -> LotRecord:
    return LotRecord(
        lot=f"{N}{notice}/lot/LOT-{lot:04d}",
        notice=N + notice,
        published=published,
        titles={"fi": f"{notice} osa {lot}"},
        descriptions={},
        cpv=(cpv,),
        nuts=nuts,
        buyers=buyers,
        estimated_value=est,
        awarded_value=awd,
        currency=cur,
        notice_kind=kind,
        flags=flags,
    )


def _notices() -> list[LotRecord]:
    d = dt.date
    return [
        # ---- 2023
        _lot("n01", 1, d(2023, 2, 1), (HELSINKI,), est=100_000, innovative=True, green=True),
        _lot("n02", 1, d(2023, 5, 10), (HANSEL,), cpv="30200000", est=200_000,
             innovative=False, green=True, social=False),
        _lot("n02", 2, d(2023, 5, 10), (HANSEL,), cpv="30200000", innovative=True),  # no value
        _lot("n03", 1, d(2023, 9, 1), (VARHA,), kind="result", cpv="85100000", nuts=("FI1C1",),
             est=60_000, awd=50_000),  # no flag stated; awarded value wins
        _lot("n04", 1, d(2023, 3, 1), (HELSINKI,), kind="planning", est=1_000_000,
             innovative=True),  # planning: not counted
        _lot("n05", 1, d(2023, 12, 31), (SALO, HANSEL), cpv="90910000", nuts=("FI1C1", "FI1B"),
             est=40_000, innovative=False, social=True),  # joint buyers; FI1B is not NUTS-3
        # ---- 2024
        _lot("n06", 1, d(2024, 1, 15), (HELSINKI,), cpv="72000000", est=300_000, innovative=True),
        _lot("n06", 2, d(2024, 1, 15), (HELSINKI,), cpv="72000000", innovative=False, green=True),
        _lot("n06", 3, d(2024, 1, 15), (HELSINKI,), cpv="48000000", est=100_000,
             innovative=True, green=True),
        _lot("n07", 1, d(2024, 6, 1), (HANSEL,), kind="result", cpv="30200000", awd=500_000,
             innovative=False),
        _lot("n08", 1, d(2024, 2, 1), (VARHA,), cpv="85100000", nuts=("FI1C1",)),  # nothing
        _lot("n09", 1, d(2024, 3, 1), (SALO,), nuts=("FI1C1",), est=20_000,
             innovative=True, social=True),
        _lot("n10", 1, None, (SALO,), est=5_000, innovative=True),  # undated: not counted
        _lot("n11", 1, d(2024, 11, 30), (HANSEL,), cpv="30200000", est=10_000, cur="SEK",
             innovative=False),  # SEK: value missing
        # n12 (competition) and n13 (result) describe the same lot of procedure P-12
        _lot("n12", 1, d(2024, 4, 1), (HELSINKI,), nuts=(), est=80_000, innovative=False),
        _lot("n13", 1, d(2024, 9, 1), (HELSINKI,), kind="result", nuts=(), awd=75_000,
             innovative=False),
    ]  # fmt: skip


def _same_procedure() -> list[Triple]:
    """n12 and n13 share procedure id P-12 and lot id LOT-0001 (as eForms BT-04/BT-137)."""
    out = []
    for n in ("n12", "n13"):
        out += [triple(f"{N}{n}/procedure", DCT_ID, lit("P-12"))]
        out += [triple(f"{N}{n}/lot/LOT-0001", DCT_ID, lit("LOT-0001"))]
    return out


def _store(
    records: list[LotRecord], *, curated: bool = True, formats: dict[str, str] | None = None
) -> Store:
    """The notices (``formats``: notice → its ``keino:noticeFormat``), and the bundled
    ecosystem graph (the indicator's target and survey)."""
    store = Store()
    triples = [t for r in records for t in record_triples(r)] + _same_procedure()
    triples += [triple(N + n, str(KEINO.noticeFormat), lit(f)) for n, f in (formats or {}).items()]
    store.replace_graph(graph_iri("notices", "fixture"), triples, source="t", inputs=[])
    if curated:
        assert ecosystem.ingest(store).ok
    return store


@pytest.fixture(scope="module")
def store() -> Store:
    s = _store(_notices())
    compute(s)
    return s


def _point(s: Series, year: int, key: str | None = None, method: str = "notices") -> Point:
    [p] = [p for p in s.points if p.year == year and p.key == key and p.method == method]
    return p


def test_innovative_share_by_year_counts_lots_values_and_gaps(store: Store) -> None:
    s = series(store, "innovative-share")
    # 2023: n01 T, n02/1 F, n02/2 T, n03 (unstated), n05 F; n04 is planning → 2 of 5
    p = _point(s, 2023)
    assert (p.lots, p.flagged, p.missing_flag, p.missing_value) == (5, 2, 1, 1)
    assert p.share == 0.4
    # values: 100k + 200k + 50k (awarded, not the 60k estimate) + 40k = 390k; flagged 100k
    assert (p.amount, p.flagged_amount) == (390_000, 100_000)
    assert p.value_share == pytest.approx(100 / 390, abs=1e-6)
    # 2024: n06/1 T, n06/2 F, n06/3 T, n07 F, n08 (unstated), n09 T, n11 F, n12+n13 once F;
    # n10 has no date → 3 of 8
    p = _point(s, 2024)
    assert (p.lots, p.flagged, p.missing_flag, p.missing_value) == (8, 3, 1, 3)
    assert p.share == 0.375
    # 300k + 100k + 500k + 20k + 75k (n13 awarded) = 995k; flagged 300k+100k+20k = 420k
    assert (p.amount, p.flagged_amount) == (995_000, 420_000)
    assert p.value_share == pytest.approx(420 / 995, abs=1e-6)


def test_green_and_social_shares(store: Store) -> None:
    # green 2023: n01 T, n02/1 T, three lots unstated → 2 of 5; value 300k of 390k
    p = _point(series(store, "green-share"), 2023)
    assert (p.share, p.flagged, p.missing_flag) == (0.4, 2, 3)
    assert p.value_share == pytest.approx(300 / 390, abs=1e-6)
    # social 2024: only n09 → 1 of 8; n09 is worth 20k of 995k
    p = _point(series(store, "social-share"), 2024)
    assert (p.share, p.flagged) == (0.125, 1)
    assert p.value_share == pytest.approx(20 / 995, abs=1e-6)


def test_breakdown_by_buyer_type_counts_joint_buyers_in_each_type(store: Store) -> None:
    s = series(store, "innovative-share-by-buyer-type")
    # municipal 2023: n01 (T), n05 (Salo, F) → 1/2; state: n02/1 F, n02/2 T, n05 (Hansel) → 1/3
    assert (_point(s, 2023, "municipal").lots, _point(s, 2023, "municipal").share) == (2, 0.5)
    state = _point(s, 2023, "state")
    assert (state.lots, state.flagged) == (3, 1)
    assert state.share == pytest.approx(1 / 3, abs=1e-6)
    # Varha is a regional authority ("ra") → other; its only 2023 lot states no flag
    other = _point(s, 2023, "other")
    assert (other.lots, other.flagged, other.missing_flag) == (1, 0, 1)
    assert _point(s, 2023, "municipal").label == "kunnat"


def test_breakdown_by_buyer_names_the_buyer(store: Store) -> None:
    s = series(store, "innovative-share-by-buyer")
    hansel = _point(s, 2023, HANSEL.iri)
    assert (hansel.lots, hansel.flagged, hansel.label) == (3, 1, "Hansel Oy")
    # Helsinki 2024: n06 ×3 (2 T) and the merged n12/n13 lot (F) → 2 of 4
    assert (_point(s, 2024, HELSINKI.iri).lots, _point(s, 2024, HELSINKI.iri).share) == (4, 0.5)


def test_limit_keeps_the_buyers_with_most_lots(store: Store) -> None:
    full = series(store, "innovative-share-by-buyer")
    lots: dict[str | None, int] = {}
    for p in full.points:
        lots[p.key] = lots.get(p.key, 0) + (p.lots or 0)
    biggest = min(lots, key=lambda k: (-lots[k], k or ""))  # ties: first key
    top = series(store, "innovative-share-by-buyer", limit=1)
    assert {p.key for p in top.points} == {biggest}
    assert top.points == [p for p in full.points if p.key == biggest]
    # a series without breakdown ignores the limit (survey and every year stay)
    total = series(store, "innovative-share")
    assert series(store, "innovative-share", limit=1).points == total.points


def test_breakdown_by_region_keeps_nuts3_only(store: Store) -> None:
    s = series(store, "innovative-share-by-region")
    # 2024 FI1B1: n06 ×3 (2 T), n07 F, n11 F → 2 of 5; n12/n13 have no place → not here
    p = _point(s, 2024, "FI1B1")
    assert (p.lots, p.flagged, p.share) == (5, 2, 0.4)
    assert p.label and p.label.startswith("Helsinki")
    # 2023 FI1C1: n03 and n05 (its FI1B is a NUTS-2 code and is dropped) → 0 of 2
    assert (_point(s, 2023, "FI1C1").lots, _point(s, 2023, "FI1C1").flagged) == (2, 0)
    assert not [p for p in s.points if p.key == "FI1B"]


def test_breakdown_by_cpv_division(store: Store) -> None:
    s = series(store, "innovative-share-by-cpv-division")
    # 2024 division 45: n09 T and the merged n12/n13 lot F → 1 of 2
    assert (_point(s, 2024, "45").lots, _point(s, 2024, "45").share) == (2, 0.5)
    # division 30 in 2024: n07 F, n11 F → 0 of 2, and n11's SEK value counts as missing
    p = _point(s, 2024, "30")
    assert (p.lots, p.flagged, p.missing_value) == (2, 0, 1)
    assert p.label and p.label.startswith("30 ")


def test_survey_and_target_ride_along_the_innovative_series(store: Store) -> None:
    s = series(store, "innovative-share")
    survey = _point(s, 2018, method="survey")
    assert survey.share == 0.05 and survey.lots is None
    assert s.target == 0.1
    assert s.indicator == INNOVATIVE_SHARE_INDICATOR
    assert series(store, "green-share").target is None


def test_list_series_names_every_flag_and_breakdown(store: Store) -> None:
    names = {info.name for info in list_series(store)}
    assert {"innovative-share", "green-share-by-region", "social-share-by-cpv-division"} <= names
    assert "innovative-share-survey" in names and len(names) == 16
    with pytest.raises(UnknownSeries):
        series(store, "blue-share")


def test_recompute_replaces_the_cube() -> None:
    records = _notices()
    store = _store(records)
    first = compute(store)
    assert first.lots == 13
    extra = _lot("n14", 1, dt.date(2024, 5, 5), (SALO,), est=1_000, innovative=True)
    store.replace_graph(graph_iri("notices", "more"), record_triples(extra), source="t2", inputs=[])
    compute(store)
    p = _point(series(store, "innovative-share"), 2024)
    assert (p.lots, p.flagged) == (9, 4)  # was 3 of 8
    assert len([q for q in series(store, "innovative-share").points if q.year == 2024]) == 1


def test_buyer_type_mapping() -> None:
    assert [buyer_type(c) for c in ("la", "pub-undert-la", "cga", "org-sub-cga")] == [
        "municipal", "municipal", "state", "state",
    ]  # fmt: skip
    assert (buyer_type("ra"), buyer_type("int-org"), buyer_type(None)) == (
        "other",
        "other",
        "unknown",
    )


def test_a_series_has_one_line_per_source_format() -> None:
    """n01-n05 eForms; n06, n07 and n12 TED XML, n13 eForms (n12/n13: one lot, first
    published in TED XML); n08-n11 state no format."""
    eforms = dict.fromkeys(["n01", "n02", "n03", "n04", "n05", "n13"], "eforms")
    store = _store(_notices(), formats=eforms | dict.fromkeys(["n06", "n07", "n12"], "ted-xml"))
    compute(store)
    s = series(store, "innovative-share")
    # 2023: all five counted lots are eForms, 2 flagged (as the all-notices test)
    assert (_point(s, 2023, method="eforms-notices").lots, {p.method for p in s.points}) == (
        5,
        {"eforms-notices", "ted-xml-notices", "notices", "survey"},
    )
    # 2024 TED XML: n06/1 T, n06/2 F, n06/3 T, n07 F, n12+n13 F → 2 of 5
    ted = _point(s, 2024, method="ted-xml-notices")
    assert (ted.lots, ted.flagged, ted.share) == (5, 2, 0.4)
    # 2024 unstated: n08 (nothing), n09 T, n11 F (n10 undated) → 1 of 3
    rest = _point(s, 2024, method="notices")
    assert (rest.lots, rest.flagged) == (3, 1)
    assert not [p for p in s.points if p.year == 2024 and p.method == "eforms-notices"]
    # the by-region series splits the same way: FI1B1 in 2024 has n06 (3) + n07 in TED XML
    region = series(store, "innovative-share-by-region")
    assert _point(region, 2024, "FI1B1", "ted-xml-notices").lots == 4
    # reading all lots at once (graph.lots) gives every lot the same method
    methods = {f.lot.rsplit("/lot/")[0][len(N) :]: f.method for f in lot_facts(store)}
    assert (methods["n01"], methods["n06"], methods["n08"]) == (
        "eforms-notices",
        "ted-xml-notices",
        "notices",
    )
    assert methods.get("n12", methods.get("n13")) == "ted-xml-notices"  # its first notice


def test_without_the_ecosystem_graph_there_is_no_survey_and_no_target() -> None:
    store = _store(_notices(), curated=False)
    result = compute(store)
    assert result.series == 15  # three flags by five breakdowns, no survey series
    s = series(store, "innovative-share")
    assert s.target is None and {p.method for p in s.points} == {"notices"}


def test_survey_observation_is_derived_from_the_curated_figure(store: Store) -> None:
    derived = store.select_values(
        """SELECT ?figure WHERE { GRAPH <https://w3id.org/keino/graph/indicators> {
          <https://w3id.org/keino/id/indicator-dataset/innovative-share-survey/2018>
            <http://www.w3.org/ns/prov#wasDerivedFrom> ?figure } }"""
    )
    # the row innovatiiviset-hankinnat-2018 of data/ecosystem/ecosystem.yaml
    assert [row[0] for row in derived] == [entity_iri("figure", "innovatiiviset-hankinnat-2018")]


def test_cube_is_in_its_own_graph(store: Store) -> None:
    assert store.has_graph(INDICATORS_GRAPH)
    assert store.count(INDICATORS_GRAPH) > 500


# ------------------------------------------------------------ queries, CLI, API
def test_named_query_reads_the_innovative_series_from_the_cube(store: Store) -> None:
    table = run_named(store, QueryCatalogue().get("indicator-innovative-share-by-year"), {})
    rows = {(r["year"], r["method"]): r for r in table.rows}
    assert rows[("2023", "notices")]["share"] == 0.4  # 2 of 5, as above
    assert rows[("2024", "notices")]["lotsMissingValue"] == 3
    assert rows[("2018", "survey")]["share"] == 0.05
    assert {r["target"] for r in table.rows} == {0.1}


def test_named_query_by_buyer_type_filters_on_the_flag(store: Store) -> None:
    catalogue = QueryCatalogue()
    table = run_named(store, catalogue.get("indicator-share-by-buyer-type"), {"flag": "green"})
    assert {r["flagName"] for r in table.rows} == {"green"}
    # green 2023 state: n02/1 T, n02/2 unstated, n05 unstated → 1 of 3
    [state] = [r for r in table.rows if r["year"] == "2023" and r["buyerType"] == "state"]
    assert (state["lots"], state["flagged"]) == (3, 1)
    series_table = run_named(
        store, catalogue.get("indicator-series"), {"series": "social-share-by-region"}
    )
    assert series_table.rows and {r["series"] for r in series_table.rows} == {
        "social-share-by-region"
    }


def test_cli_show_prints_csv_and_refuses_unknown_series(tmp_path: Path) -> None:
    from keino.cli import app

    path = tmp_path / "store"
    disk = Store(path)
    triples = [t for r in _notices() for t in record_triples(r)] + _same_procedure()
    disk.replace_graph(graph_iri("notices", "fixture"), triples, source="t", inputs=[])
    disk.flush()
    del disk  # Oxigraph locks an on-disk store while it is open
    runner = CliRunner()
    done = runner.invoke(app, ["--store", str(path), "indicators", "compute"])
    assert done.exit_code == 0, done.output
    for again in ("--recount", "--full"):  # the same figures however they are counted
        redone = runner.invoke(app, ["--store", str(path), "indicators", "compute", again])
        assert redone.exit_code == 0, redone.output
    shown = runner.invoke(
        app, ["--store", str(path), "indicators", "show", "innovative-share", "-f", "csv"]
    )
    assert shown.exit_code == 0, shown.output
    lines = shown.output.splitlines()
    assert lines[0].startswith("series,year,method")
    assert any(line.startswith("innovative-share,2024,notices,,,0.375,") for line in lines)
    unknown = runner.invoke(app, ["--store", str(path), "indicators", "show", "nope"])
    assert unknown.exit_code == 2


def test_after_ingest_recomputes_for_notices_only() -> None:
    from ingest.report import IngestReport
    from keino.commands.indicators import after_ingest

    store = _store(_notices())
    assert after_ingest(store, IngestReport("registry")) is None
    assert not store.has_graph(INDICATORS_GRAPH)
    report = after_ingest(store, IngestReport("notices"))
    assert report is not None and report.ok and report.n_mapped == 88
    assert _point(series(store, "innovative-share"), 2023).share == 0.4


def test_api_lists_and_serves_series_as_json_and_csv(demo_store: Store) -> None:
    client = TestClient(create_app(demo_store))
    listed = client.get("/indicators")
    assert listed.status_code == 200
    names = {s["name"] for s in listed.json()}
    assert {"innovative-share", "green-share-by-buyer-type", "innovative-share-survey"} <= names
    body = client.get("/indicators/innovative-share").json()
    assert body["target"] == 0.1
    [survey] = [p for p in body["points"] if p["method"] == "survey"]
    assert (survey["year"], survey["share"]) == (2018, 0.05)
    for point in body["points"]:  # every notice figure says how many lots lie behind it
        if point["method"] != "survey":
            assert point["lots"] >= point["flagged"] + point["missing_flag"]
            assert point["share"] == pytest.approx(point["flagged"] / point["lots"], abs=1e-6)
    csv_text = client.get("/indicators/innovative-share?format=csv").text
    assert csv_text.startswith("series,year,method") and ",survey," in csv_text
    by_accept = client.get("/indicators/innovative-share", headers={"Accept": "text/csv"})
    assert by_accept.headers["content-type"].startswith("text/csv")
    assert by_accept.text == csv_text
    top = client.get("/indicators/innovative-share-by-buyer?limit=1").json()["points"]
    every = client.get("/indicators/innovative-share-by-buyer?all=true").json()["points"]
    assert len({p["key"] for p in top}) == 1 < len({p["key"] for p in every})
    missing = client.get("/indicators/blue-share")
    assert missing.status_code == 404 and "innovative-share" in missing.json()["detail"]


def test_fast_reader_agrees_with_the_procurement_contract() -> None:
    """lot_facts scans the lot shape itself; lot_records is the contract it must agree with."""
    from graph.procurement import lot_records

    first = _lot("n20", 1, dt.date(2022, 1, 1), (HELSINKI, VARHA), cpv="72000000",
                 nuts=("FI1B1", "FI1C1"), est=10.0, innovative=True, social=False)  # fmt: skip
    second = _lot("n21", 1, dt.date(2022, 2, 1), (HANSEL,), kind="result", awd=7.5, green=True)
    records = [first, second]
    store = _store(records)
    facts = {f.lot: f for f in lot_facts(store)}
    for rec in lot_records(store):
        f = facts[rec.lot]
        assert rec.published is not None and f.year == rec.published.year
        assert f.value == (rec.awarded_value if rec.awarded_value is not None
                           else rec.estimated_value)  # fmt: skip
        assert f.flags == {
            k: v for k, v in rec.flags.items() if k in ("innovative", "green", "social")
        }
        assert f.buyers == tuple(sorted(b.iri for b in rec.buyers))
        assert f.regions == rec.nuts and f.division == rec.cpv[0][:2]
    assert facts[records[0].lot].buyer_types == ("municipal", "other")


@settings(max_examples=60, deadline=None)
@given(
    counts=st.lists(st.integers(0, 10**6), min_size=6, max_size=6),
    at=st.sampled_from(
        [
            ("innovative-share", "total", 2024, "eforms-notices", ""),
            ("green-share-by-buyer", "buyer", 2019, "ted-xml-notices", HANSEL.iri),
            ("social-share-by-buyer-type", "buyer-type", 2023, "notices", "municipal"),
            ("innovative-share-by-region", "region", 2021, "eforms-notices", "FI1B1"),
            ("green-share-by-cpv-division", "cpv-division", 2020, "notices", "45"),
        ]
    ),
)
def test_observation_text_is_the_observation_triples(
    counts: list[int], at: tuple[str, str, int, str, str]
) -> None:
    """The cube is written as N-Triples text; it must be the triples the readers expect."""
    cell = Cell(*counts)
    text = set(observation_lines(*at, cell))
    assert text == {str(t) for t in observation_triples(*at, cell)}
    fixed = set(observation_lines(*at, None))
    assert fixed | set(observation_lines(*at, cell, measures_only=True)) == text
