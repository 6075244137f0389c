"""Named queries: header parsing, parameter binding and typed errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.iris import graph_iri
from graph.queries import QueryCatalogue, QueryError, parse_named_query
from graph.rdf import lit, triple
from graph.results import run_named
from graph.store import Store

QUERY = """#+ summary: Organisations founded on or after a date
#+ description: Lists organisations and the day they started.
#+ param: since date — first day, e.g. 2018-03-01
#+ param: lang lang optional — label language, e.g. fi
#+ tags: organisations, time
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?org ?label ?start ?since ?lang WHERE {
  ?org dcterms:date ?start ; skos:prefLabel ?label .
  FILTER(?start >= ?since)
  FILTER(COALESCE(LANG(?label) = ?lang, true))
} ORDER BY ?start
"""


@pytest.fixture
def store() -> Store:
    s = Store()
    date = "http://www.w3.org/2001/XMLSchema#date"
    rows = [("keino", "KEINO", "2018-03-01"), ("motiva", "Motiva Oy", "1993-01-01")]
    triples = []
    for key, name, day in rows:
        iri = f"https://w3id.org/keino/id/org/{key}"
        triples += [
            triple(iri, "http://purl.org/dc/terms/date", lit(day, datatype=date)),
            triple(iri, "http://www.w3.org/2004/02/skos/core#prefLabel", lit(name, lang="fi")),
            triple(
                iri, "http://www.w3.org/2004/02/skos/core#prefLabel", lit(name + " (en)", lang="en")
            ),
        ]
    s.replace_graph(graph_iri("t"), triples, source="t", inputs=[])
    return s


def test_header_is_read() -> None:
    q = parse_named_query("orgs-since", QUERY)
    assert q.summary == "Organisations founded on or after a date"
    assert [(p.name, p.type, p.optional, p.example) for p in q.params] == [
        ("since", "date", False, "2018-03-01"),
        ("lang", "lang", True, "fi"),
    ]
    assert q.tags == ("organisations", "time") and q.kind == "select"


def test_parameters_are_bound_as_typed_terms(store: Store) -> None:
    q = parse_named_query("orgs-since", QUERY)
    table = run_named(store, q, {"since": "2000-01-01", "lang": "fi"})
    assert [r["label"] for r in table.rows] == ["KEINO"]
    both_languages = run_named(store, q, {"since": "1990-01-01"})
    assert len(both_languages.rows) == 4


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({}, "needs parameter 'since', e.g. 2018-03-01"),
        ({"since": "1.3.2018"}, "not a valid date"),
        ({"since": "2018-03-01", "colour": "red"}, "no parameter(s) ['colour']"),
        ({"since": "2018-03-01", "lang": "suomi"}, "not a valid lang"),
    ],
)
def test_bad_parameters_are_refused_clearly(store: Store, values: dict, message: str) -> None:
    q = parse_named_query("orgs-since", QUERY)
    with pytest.raises(QueryError) as err:
        run_named(store, q, values)
    assert message in str(err.value)


def test_injection_through_a_parameter_is_just_a_value(store: Store) -> None:
    q = parse_named_query("orgs-since", QUERY)
    evil = '"fi") || true || ("'
    with pytest.raises(QueryError):
        run_named(store, q, {"since": "2000-01-01", "lang": evil})


def test_catalogue_reads_a_folder_and_names_close_matches(tmp_path: Path) -> None:
    (tmp_path / "orgs-since.rq").write_text(QUERY, encoding="utf-8")
    catalogue = QueryCatalogue(tmp_path)
    assert catalogue.names() == ["orgs-since"]
    with pytest.raises(QueryError, match="did you mean orgs-since"):
        catalogue.get("orgs")


def test_every_bundled_query_has_a_summary_and_parses() -> None:
    catalogue = QueryCatalogue()
    store = Store()
    for q in catalogue:
        assert q.summary, f"{q.name}.rq has no #+ summary"
        values = {p.name: p.example for p in q.params if p.example}
        missing = [p.name for p in q.params if not p.optional and not p.example]
        assert not missing, f"{q.name}.rq: parameters without an example: {missing}"
        run_named(store, q, values)  # parses and runs on an empty store
