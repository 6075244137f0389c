"""Label search: Finnish inflection, typos, aliases, languages, types, ranking, freshness."""

from __future__ import annotations

import pytest

from graph.labels import names, types
from graph.namespaces import KEINO_NS
from graph.rdf import a, lit, triple
from graph.search import LabelIndex, search
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


def index_of(store: Store) -> LabelIndex:
    return LabelIndex.of(names(store), types(store))


@pytest.fixture(scope="module")
def index() -> LabelIndex:
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
    return index_of(store)


def first(index: LabelIndex, q: str, **kw: object) -> str | None:
    hits = search(index, q, **kw)  # type: ignore[arg-type]
    return hits[0].iri if hits else None


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
def test_the_ministry_is_found_however_it_is_written(index: LabelIndex, q: str) -> None:
    assert first(index, q) == YM


def test_inflected_and_typed_organisation_names(index: LabelIndex) -> None:
    assert first(index, "Motivan") == MOTIVA
    assert first(index, "Hanselilta") == HANSEL
    assert first(index, "Hansle") == HANSEL
    assert first(index, "kestävien julkisten hankintojen") == ID + "concept/kestavat-hankinnat"


def test_hits_carry_label_type_score_and_the_label_that_matched(index: LabelIndex) -> None:
    hit = search(index, "Miljöministeriet", lang="sv")[0]
    assert (hit.label, hit.matched, hit.type) == ("Miljöministeriet", "Miljöministeriet", ORG)
    shown_in_english = search(index, "Miljöministeriet", lang="en")[0]
    assert shown_in_english.label == "Ministry of the Environment"
    assert hit.score > 0


def test_an_exact_name_outranks_a_partial_one(index: LabelIndex) -> None:
    hits = search(index, "hankinta")
    assert hits[0].iri == ID + "programme/hankinta-suomi"
    assert ID + "concept/kestavat-hankinnat" in [h.iri for h in hits]
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_types_filter_by_local_name_or_iri(index: LabelIndex) -> None:
    assert [h.iri for h in search(index, "hankinta", types=["Concept"])] == [
        ID + "concept/kestavat-hankinnat"
    ]
    assert first(index, "Motiva", types=[KEINO_NS + "CompetenceCentre"]) == MOTIVA
    assert search(index, "Motiva", types=["Programme"]) == []


def test_unrelated_words_and_empty_queries_find_nothing(index: LabelIndex) -> None:
    assert search(index, "kvanttitietokone") == []
    assert search(index, "  ,. ") == []
    assert len(search(index, "oy", limit=1)) == 1


def test_demo_graph_places_by_finnish_swedish_and_inflected_names(demo_store: Store) -> None:
    demo = index_of(demo_store)
    helsinki = search(demo, "Helsingin kaupunki", types=["Municipality"])
    assert helsinki and helsinki[0].label == "Helsinki"
    assert search(demo, "Helsingfors")[0].iri == helsinki[0].iri
    uusimaa = search(demo, "Nyland", types=["Region"], lang="fi")
    assert uusimaa[0].label == "Uusimaa" and uusimaa[0].matched == "Nyland"
    assert search(demo, "Tampreen", types=["Municipality"])[0].label == "Tampere"
