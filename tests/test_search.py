"""Label search: Finnish inflection, typos, aliases, languages, types, ranking, freshness."""

from __future__ import annotations

import pytest

from graph.namespaces import KEINO_NS
from graph.rdf import a, lit, triple
from graph.search import LABEL_PREDICATES, search
from graph.store import Store

SKOS = "http://www.w3.org/2004/02/skos/core#"
ORG = "http://www.w3.org/ns/org#Organization"
ID = "https://w3id.org/keino/id/"
YM = ID + "org/fi/1019161-9"
MOTIVA = ID + "org/fi/0944117-1"
HANSEL = ID + "org/fi/0988084-1"
GRAPH = "https://w3id.org/keino/graph/test"


def labels(iri: str, kind: str, *names: tuple[str, str | None], alt: str | None = None) -> list:
    facts = [a(iri, kind)]
    facts += [triple(iri, SKOS + "prefLabel", lit(text, lang=lang)) for text, lang in names]
    if alt:
        facts.append(triple(iri, KEINO_NS + "abbreviation", lit(alt)))
    return facts


@pytest.fixture(scope="module")
def store() -> Store:
    store = Store()
    store.replace_graph(
        GRAPH,
        [
            *labels(
                YM,
                ORG,
                ("Ympäristöministeriö", "fi"),
                ("Miljöministeriet", "sv"),
                ("Ministry of the Environment", "en"),
                alt="YM",
            ),
            *labels(MOTIVA, KEINO_NS + "CompetenceCentre", ("Motiva Oy", "fi")),
            *labels(HANSEL, ORG, ("Hansel Oy", "fi")),
            *labels(
                ID + "programme/hankinta-suomi",
                KEINO_NS + "Programme",
                ("Hankinta-Suomi", "fi"),
                ("Upphandlings-Finland", "sv"),
            ),
            *labels(
                ID + "concept/kestavat-hankinnat",
                SKOS + "Concept",
                ("Kestävät julkiset hankinnat", "fi"),
            ),
        ],
        source="test",
        inputs=[],
    )
    return store


def first(store: Store, q: str, **kw: object) -> str | None:
    hits = search(store, q, **kw)  # type: ignore[arg-type]
    return hits[0].iri if hits else None


def test_the_label_predicates_are_the_documented_ones() -> None:
    assert {p.rsplit("#", 1)[-1] for p in LABEL_PREDICATES} == {
        "prefLabel",
        "altLabel",
        "abbreviation",
        "label",
    }


@pytest.mark.parametrize(
    "q",
    [
        "Ympäristöministeriö",
        "ympäristöministeriön",  # genitive
        "ympäristöministeriössä",  # inessive
        "ymparistoministerio",  # no umlauts
        "ympäristöministeröi",  # typo
        "YM",  # abbreviation
        "Miljöministeriet",  # Swedish
        "ministry of the environment",  # English
    ],
)
def test_the_ministry_is_found_however_it_is_written(store: Store, q: str) -> None:
    assert first(store, q) == YM


def test_inflected_and_typed_organisation_names(store: Store) -> None:
    assert first(store, "Motivan") == MOTIVA
    assert first(store, "Hanselilta") == HANSEL
    assert first(store, "Hansle") == HANSEL
    assert first(store, "kestävien julkisten hankintojen") == ID + "concept/kestavat-hankinnat"


def test_hits_carry_label_type_score_and_the_label_that_matched(store: Store) -> None:
    hit = search(store, "Miljöministeriet", lang="sv")[0]
    assert (hit.label, hit.matched, hit.type) == ("Miljöministeriet", "Miljöministeriet", ORG)
    shown_in_english = search(store, "Miljöministeriet", lang="en")[0]
    assert shown_in_english.label == "Ministry of the Environment"
    assert hit.score > 0


def test_an_exact_name_outranks_a_partial_one(store: Store) -> None:
    hits = search(store, "hankinta")
    assert hits[0].iri == ID + "programme/hankinta-suomi"
    assert ID + "concept/kestavat-hankinnat" in [h.iri for h in hits]
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_types_filter_by_local_name_or_iri(store: Store) -> None:
    assert [h.iri for h in search(store, "hankinta", types=["Concept"])] == [
        ID + "concept/kestavat-hankinnat"
    ]
    assert first(store, "Motiva", types=[KEINO_NS + "CompetenceCentre"]) == MOTIVA
    assert search(store, "Motiva", types=["Programme"]) == []


def test_unrelated_words_and_empty_queries_find_nothing(store: Store) -> None:
    assert search(store, "kvanttitietokone") == []
    assert search(store, "  ,. ") == []
    assert len(search(store, "oy", limit=1)) == 1


def test_the_index_follows_a_new_ingest_run() -> None:
    store = Store()
    store.replace_graph(GRAPH, labels(MOTIVA, ORG, ("Motiva Oy", "fi")), source="t", inputs=[])
    assert first(store, "Motiva") == MOTIVA
    store.replace_graph(GRAPH, labels(HANSEL, ORG, ("Hansel Oy", "fi")), source="t", inputs=[])
    assert first(store, "Motiva") is None
    assert first(store, "Hansel") == HANSEL


def test_demo_graph_places_by_finnish_swedish_and_inflected_names(demo_store: Store) -> None:
    helsinki = search(demo_store, "Helsingin kaupunki", types=["Municipality"])
    assert helsinki and helsinki[0].label == "Helsinki"
    assert search(demo_store, "Helsingfors")[0].iri == helsinki[0].iri
    uusimaa = search(demo_store, "Nyland", types=["Region"], lang="fi")
    assert uusimaa[0].label == "Uusimaa" and uusimaa[0].matched == "Nyland"
    assert search(demo_store, "Tampreen", types=["Municipality"])[0].label == "Tampere"
