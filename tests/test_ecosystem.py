"""The KEINO ecosystem graph, checked through the named queries a researcher runs."""

from __future__ import annotations

import gc
import os
import re
from decimal import Decimal
from pathlib import Path

import pytest

from graph.indicators import INNOVATIVE_SHARE_INDICATOR
from graph.indicators.curated import indicator_targets, survey_figures
from graph.iris import entity_iri, graph_iri
from graph.queries import QueryCatalogue
from graph.rdf import iri
from graph.results import Table, run_named, select
from graph.store import Store
from ingest import ecosystem, registry

SEEDS = Path(os.environ.get("KEINO_SHARED", Path(__file__).resolve().parents[2] / "shared")) / (
    "seeds"
)
KEINO_NS = "https://w3id.org/keino/ontology#"


@pytest.fixture(scope="module")
def store() -> Store:
    """The register (for the municipalities the ecosystem reuses) and the ecosystem."""
    s = Store()
    assert registry.ingest(s).ok
    report = ecosystem.ingest(s)
    assert report.ok, [str(p) for p in report.problems()]
    return s


def ask(store: Store, name: str, **params: str) -> Table:
    table = run_named(store, QueryCatalogue().get(name), params)
    assert isinstance(table, Table)
    return table


def dec(value: object) -> Decimal:
    """A plain query value (results give decimals as floats) as a Decimal."""
    return Decimal(str(value))


def consortium(store: Store, day: str) -> dict[str, set[str]]:
    """Role → names of KEINO's members and partners on ``day``."""
    out: dict[str, set[str]] = {}
    for row in ask(store, "keino-consortium-on-date", on=day).rows:
        out.setdefault(row["role"], set()).add(row["name"])
    return out


FIVE = {
    "Motiva Oy",
    "Teknologian tutkimuskeskus VTT Oy",
    "Innovaatiorahoituskeskus Business Finland",
    "Suomen ympäristökeskus SYKE",
    "Hansel Oy",
}


def test_consortium_changed_when_kuntaliitto_became_a_strategic_partner(store: Store) -> None:
    before, after = consortium(store, "2021-06-01"), consortium(store, "2023-01-01")
    assert before == {"jäsen": FIVE | {"Suomen Kuntaliitto"}}
    assert after == {"jäsen": FIVE, "strateginen kumppani": {"Suomen Kuntaliitto"}}
    # the change happened with the operating period that began in March 2022
    assert consortium(store, "2022-02-28")["jäsen"] == FIVE | {"Suomen Kuntaliitto"}
    assert consortium(store, "2022-03-01")["strateginen kumppani"] == {"Suomen Kuntaliitto"}
    assert consortium(store, "2017-12-31") == {}  # before KEINO was launched (3/2018)


def test_membership_rows_cite_the_seed(store: Store) -> None:
    rows = ask(store, "keino-consortium-on-date", on="2023-01-01").rows
    partner = next(r for r in rows if r["role"] == "strateginen kumppani")
    assert partner["document"].endswith("/document/000-d1188fd971ce4dd9")
    assert "siirtyi verkoston jäsenestä strategiseksi kumppaniksi" in partner["quote"]


def test_tem_steers_and_funds_keino(store: Store) -> None:
    rows = ask(store, "ministry-steers-and-funds", ministry="TEM").rows
    on_keino = {r["relation"] for r in rows if r["whatName"] == "KEINO-osaamiskeskus"}
    assert on_keino == {"ohjaa", "rahoittaa"}
    assert all(r["abbreviation"] == "TEM" for r in rows)
    assert all("ohjaa ja rahoittaa" in r["quote"] for r in rows if r["relation"] == "rahoittaa")
    measures = {r["whatName"] for r in rows if r["relation"] == "vastaa toimenpiteestä"}
    assert len(measures) == 4  # measures 2, 3, 5 and 6 of the action plan


def test_every_ministry_row_has_a_source(store: Store) -> None:
    rows = ask(store, "ministry-steers-and-funds").rows
    assert {r["abbreviation"] for r in rows} >= {"TEM", "VM", "YM", "STM"}
    assert all(r["quote"] and r["document"] for r in rows)


def test_action_plan_has_ten_measures_with_responsible_bodies(store: Store) -> None:
    rows = ask(store, "action-plan-measures").rows
    assert [int(r["number"]) for r in rows] == list(range(1, 11))
    responsible = {int(r["number"]): set(r["responsible"].split(", ")) for r in rows}
    assert responsible[1] == {"Ministeriöt"}
    assert responsible[2] == {"TEM", "YM", "VM", "Muut ministeriöt"}
    assert responsible[5] == {"TEM", "VM", "YM"}
    assert responsible[6] == {"TEM", "KEINO"}
    assert all(responsible[n] == {"KEINO"} for n in (4, 7, 8, 9, 10))
    assert all(r["schedule"] for r in rows)
    assert {(r["planStart"], r["planEnd"]) for r in rows} == {("2020-01-01", "2023-12-31")}


def test_innovation_academy_started_19_10_2021_with_six_organisations(store: Store) -> None:
    rows = ask(store, "programmes-and-participants", programme="Innovaatio-akatemia").rows
    assert {r["start"] for r in rows} == {"2021-10-19"}
    participants = {r["orgName"] for r in rows if r["role"] == "osallistuja"}
    assert len(participants) == 6
    assert participants >= {"Maanmittauslaitos", "KEHA-keskus", "Valtori", "DigiFinland Oy"}
    coordinators = {r["orgName"] for r in rows if r["role"] == "koordinoija"}
    assert {"Teknologian tutkimuskeskus VTT Oy", "Hansel Oy"} <= coordinators
    # Turku is the register's municipality, not a second entity
    turku = next(r for r in rows if r["org"].endswith("/municipality/853"))
    assert turku["orgName"] in {"Turku", "Turun kaupunki"}


def test_programmes_include_the_toteuttamo_and_change_agents(store: Store) -> None:
    rows = ask(store, "programmes-and-participants").rows
    names = {r["name"] for r in rows}
    assert {"KEINO-akatemia", "Vähähiilisten hankintojen toteuttamo", "Hankintaluotsi"} <= names
    assert {"KEINO-muutosagenttitoiminta", "Innovaatio-akatemia"} <= names
    toteuttamo = next(r for r in rows if r["name"] == "Vähähiilisten hankintojen toteuttamo")
    assert toteuttamo["partOf"] == "KEINO-akatemia"
    regions = select(
        store,
        "SELECT ?n WHERE { ?p <https://w3id.org/keino/ontology#regionCount> ?n }",
    ).rows
    # the seeds' change agents in 15 regions, and the 2022 call for agents in 15 areas
    assert [int(r["n"]) for r in regions] == [15, 15]


def test_goals_lead_to_their_indicators(store: Store) -> None:
    rows = ask(store, "goals-and-indicators", owner="KEINO-osaamiskeskus").rows
    by_goal: dict[str, set[str]] = {}
    for r in rows:
        if r["goalNumber"] and r["goalNumber"].startswith("2022-"):
            by_goal.setdefault(r["goalNumber"], set()).add(r["indicator"])
    assert {g: len(i) for g, i in by_goal.items()} == {"2022-1": 5, "2022-2": 3, "2022-3": 1}
    assert by_goal["2022-3"] == {INNOVATIVE_SHARE_INDICATOR}
    trend = next(r for r in rows if r["indicator"] == INNOVATIVE_SHARE_INDICATOR)
    assert (dec(trend["targetValue"]), trend["targetYear"]) == (Decimal("0.1"), "2023")
    assert trend["period"] == "KEINO-osaamiskeskuksen toimintakausi 2022–2023"


def test_the_cube_reads_the_indicator_target_and_survey_from_curated_rows(store: Store) -> None:
    """The 10 % target and the 2018 survey live in ecosystem.yaml, cited; the cube links them."""
    target = entity_iri("target", "innovatiiviset hankinnat 10 prosenttia")
    assert indicator_targets(store, INNOVATIVE_SHARE_INDICATOR) == [target]
    [figure] = survey_figures(store, INNOVATIVE_SHARE_INDICATOR)
    assert (figure.year, figure.share) == (2018, Decimal("0.05"))
    quotes = {
        r["predicate"].rsplit("#", 1)[-1]: r["quote"]
        for r in select(
            store,
            """PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
            PREFIX keino: <https://w3id.org/keino/ontology#>
            SELECT ?figure ?predicate ?quote WHERE {
              ?c rdf:subject ?figure ; rdf:predicate ?predicate ; keino:quote ?quote }""",
            substitutions={"figure": iri(figure.iri)},
        ).rows
    }
    assert quotes["method"].startswith("Kyselyn perusteella innovatiivisten hankintojen")
    assert quotes["schedule"] == "alkumittaus toteutettu syksyllä 2018"


def test_national_figures(store: Store) -> None:
    rows = {r["figure"].rsplit("/", 1)[-1]: r for r in ask(store, "national-figures").rows}
    assert dec(rows["julkiset-hankinnat-vuodessa"]["value"]) == Decimal("35e9")
    assert rows["julkiset-hankinnat-vuodessa"]["unit"] == "EUR"
    assert dec(rows["kuntien-hankinnat-vuodessa"]["value"]) == Decimal("23e9")
    assert dec(rows["hankinnat-bkt-osuus"]["value"]) == Decimal("0.15")
    survey = rows["innovatiiviset-hankinnat-2018"]
    assert (dec(survey["value"]), survey["year"]) == (Decimal("0.05"), "2018")
    assert survey["indicator"] == INNOVATIVE_SHARE_INDICATOR
    assert all(r["quote"] for r in rows.values())


ECOSYSTEM = f"<{graph_iri('ecosystem')}>"


def test_every_entity_has_a_finnish_label_and_a_type(store: Store) -> None:
    unlabelled = select(
        store,
        f"""SELECT DISTINCT ?e ?t WHERE {{
          GRAPH {ECOSYSTEM} {{ ?e a ?t }}
          FILTER(STRSTARTS(STR(?t), "{KEINO_NS}") || STRSTARTS(STR(?t), "http://www.w3.org/ns/org#"))
          FILTER(?t != <{KEINO_NS}Citation>)
          # a web page's title is in the page's own language
          FILTER NOT EXISTS {{ ?e a <{KEINO_NS}WebSource> }}
          FILTER NOT EXISTS {{ ?e <http://www.w3.org/2004/02/skos/core#prefLabel> ?l .
                               FILTER(LANG(?l) = "fi") }}
        }}""",
    ).rows
    assert unlabelled == []
    untyped = select(
        store,
        f"""SELECT DISTINCT ?e WHERE {{
          GRAPH {ECOSYSTEM} {{ ?e ?p ?o }} FILTER NOT EXISTS {{ ?e a ?t }} }}""",
    ).rows
    assert untyped == []
    count = select(
        store, f"SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {{ GRAPH {ECOSYSTEM} {{ ?e a ?t }} }}"
    )
    assert int(count.rows[0]["n"]) > 150


def test_every_relation_has_a_citation(store: Store) -> None:
    uncited = select(
        store,
        f"""SELECT ?s ?p ?o WHERE {{
          GRAPH {ECOSYSTEM} {{ ?s ?p ?o }}
          FILTER(isIRI(?o))
          # a web page's address and licence come from the source registry (the run's input)
          FILTER(?p NOT IN (<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>,
                            <https://schema.org/url>, <http://purl.org/dc/terms/license>,
                            <http://www.w3.org/ns/org#memberDuring>,
                            <http://www.w3.org/ns/prov#wasDerivedFrom>))
          FILTER NOT EXISTS {{ ?s a <{KEINO_NS}Citation> }}
          FILTER NOT EXISTS {{
            ?c <http://www.w3.org/1999/02/22-rdf-syntax-ns#subject> ?s ;
               <http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate> ?p ;
               <http://www.w3.org/1999/02/22-rdf-syntax-ns#object> ?o ;
               <http://www.w3.org/ns/prov#wasDerivedFrom> ?doc ; <{KEINO_NS}quote> ?q }}
        }}""",
    ).rows
    assert uncited == []


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_every_quote_occurs_in_its_seed_file(store: Store) -> None:
    if not SEEDS.is_dir():
        pytest.skip(f"{SEEDS} is absent: the quote check needs ../shared/seeds beside the repo")
    rows = select(
        store,
        f"""SELECT DISTINCT ?file ?quote WHERE {{
          ?c a <{KEINO_NS}Citation> ; <{KEINO_NS}quote> ?quote ;
             <http://www.w3.org/ns/prov#wasDerivedFrom> ?doc .
          ?doc <http://purl.org/dc/terms/identifier> ?file }}""",
    ).rows
    texts = {
        f: _normalise((SEEDS / f).read_text(encoding="utf-8")) for f in {r["file"] for r in rows}
    }
    missing = [
        (r["file"], r["quote"]) for r in rows if _normalise(r["quote"]) not in texts[r["file"]]
    ]
    assert missing == []
    assert len(rows) > 150 and len(texts) == 5


BAD_ROWS = {
    "unknown entity": (
        '  - [keino, steeredBy, no-such-ministry, "000", "ohjaa ja rahoittaa"]\n',
        "'no-such-ministry' is not the id of an entity",
    ),
    "unknown term": (
        '  - [keino, steeredByy, tem, "000", "ohjaa ja rahoittaa"]\n',
        "'steeredByy' is not a keino term",
    ),
    "missing quote": ('  - [keino, steeredBy, tem, "000", ""]\n', "quote it rests on"),
}


@pytest.mark.parametrize("case", sorted(BAD_ROWS))
def test_a_bad_row_names_file_and_line_and_the_previous_graph_stays(
    case: str, tmp_path: Path
) -> None:
    s = Store()
    assert ecosystem.ingest(s).ok
    before = s.count(ecosystem.GRAPH)
    text = ecosystem.default_path().read_text(encoding="utf-8")
    row, reason = BAD_ROWS[case]
    bad = tmp_path / "ecosystem.yaml"
    bad.write_text(text + row, encoding="utf-8")
    report = ecosystem.ingest(s, bad)
    assert not report.ok and report.refused
    [problem] = report.problems()
    assert problem.path == str(bad) and reason in problem.reason
    assert problem.line == text.count("\n") + 1
    assert s.count(ecosystem.GRAPH) == before


def test_broken_yaml_names_its_line(tmp_path: Path) -> None:
    bad = tmp_path / "broken.yaml"
    bad.write_text('documents:\n  "000": {file: a.txt, title: x}\nentities:\n  - {id: [\n', "utf-8")
    report = ecosystem.ingest(Store(), bad)
    assert not report.ok and report.problems()[0].line == 5
    assert "not valid YAML" in report.problems()[0].reason


def test_reingest_is_deterministic(store: Store) -> None:
    s = Store()
    ecosystem.ingest(s)
    first = {str(t) for t in s.triples(ecosystem.GRAPH)}
    ecosystem.ingest(s)
    assert {str(t) for t in s.triples(ecosystem.GRAPH)} == first


def test_seed_check_names_a_quote_that_is_not_in_its_seed(tmp_path: Path) -> None:
    if not SEEDS.is_dir():
        pytest.skip(f"{SEEDS} is absent: the quote check needs ../shared/seeds beside the repo")
    text = ecosystem.default_path().read_text(encoding="utf-8")
    bad = tmp_path / "ecosystem.yaml"
    bad.write_text(text + '  - [keino, fundedBy, vm, "000", "VM rahoittaa KEINOa"]\n', "utf-8")
    assert ecosystem.ingest(Store(), ecosystem.default_path(), seeds=SEEDS).ok
    report = ecosystem.ingest(Store(), bad, seeds=SEEDS)
    [problem] = report.problems()
    assert problem.line == text.count("\n") + 1
    assert "quote not found in 000_d1188fd971ce4dd9.txt" in problem.reason


def test_cli_ingest_refuses_a_bad_file_and_exits_non_zero(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from keino.cli import app

    store_dir, bad = tmp_path / "store", tmp_path / "bad.yaml"
    bad.write_text("entities:\n  - {id: x, type: Ministery, fi: X, src: '000', quote: abc}\n")
    runner = CliRunner()
    first = runner.invoke(app, ["--store", str(store_dir), "ingest", "ecosystem"])
    assert first.exit_code == 0, first.output
    second = runner.invoke(app, ["--store", str(store_dir), "ingest", "ecosystem", str(bad)])
    assert second.exit_code == 1
    output = second.output.replace("\n", "")  # the console wraps long lines
    assert "bad.yaml:2" in output and "refused" in output
    del first, second  # a result keeps the command's frames, and so its open store
    gc.collect()
    assert consortium(Store(store_dir), "2023-01-01")["jäsen"] == FIVE


def test_the_ecosystem_graph_conforms_to_the_shapes() -> None:
    from graph.validate import validate_triples

    pages, _ = ecosystem.read_sources(ecosystem.default_sources_path())
    text = ecosystem.default_path().read_text(encoding="utf-8")
    eco, errors = ecosystem.parse_ecosystem(text, pages)
    assert errors == []
    assert [str(v) for v in validate_triples(ecosystem.ecosystem_triples(eco))] == []
