"""Label search: Finnish inflection, typos, aliases, languages, types, ranking, freshness."""

from __future__ import annotations

from collections import Counter, defaultdict

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.finnish import fold
from graph.labels import Name, names, types
from graph.namespaces import EPO, KEINO_NS
from graph.rdf import a, lit, triple
from graph.search import Fact, Hit, LabelIndex, build_index, find, search
from graph.store import Store

SKOS = "http://www.w3.org/2004/02/skos/core#"
ORG = "http://www.w3.org/ns/org#Organization"
ID = "https://w3id.org/keino/id/"
YM = ID + "org/fi/1019161-9"
MOTIVA = ID + "org/fi/0944117-1"
HANSEL = ID + "org/fi/0988084-1"
GRAPH = "https://w3id.org/keino/graph/test"
EPO_NOTICE = str(EPO.Notice)


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


# ------------------------------------------------ business IDs and sameAs twins
HANSEL_CURATED = ID + "org/name/fi/hansel-oy"  # kg:ecosystem's Hansel, linked to its business ID
OWL_SAME_AS = "http://www.w3.org/2002/07/owl#sameAs"


@pytest.fixture(scope="module")
def demo_index(demo_store: Store) -> LabelIndex:
    return build_index(demo_store)


@pytest.mark.parametrize("q", ["0988084-1", "FI09880841", "988084-1", " fi0988084-1 "])
def test_a_company_is_found_by_its_business_id_in_any_form(demo_index: LabelIndex, q: str) -> None:
    # Hansel's business-ID node (notices, registry) and the curated body are one hit,
    # under the curated body, with the name the project gives it.
    (hit,) = search(demo_index, q)
    assert (hit.iri, hit.label, hit.matched) == (HANSEL_CURATED, "Hansel Oy", "0988084-1")


def test_a_registry_company_is_found_by_id_and_by_name(demo_index: LabelIndex) -> None:
    # 0.7 design Oy: a Tampere company of the bundled registry extract and funding file
    design = ID + "org/fi/2655941-9"
    assert [h.iri for h in search(demo_index, "2655941-9")] == [design]
    assert search(demo_index, "0.7 design")[0].iri == design
    assert search(demo_index, "2655941-8") == []  # a wrong check digit is no ID


def test_sameas_twins_are_one_hit(demo_index: LabelIndex) -> None:
    found = [h.iri for h in search(demo_index, "Hansel", limit=50)]
    assert HANSEL_CURATED in found and HANSEL not in found
    # a municipality and the business-ID organisation it is (kg:links): one hit
    sastamala = [h.iri for h in search(demo_index, "0144411-3")]
    assert sastamala == [ID + "municipality/790"]


def test_a_clique_shows_the_curated_name_whichever_twin_matched() -> None:
    curated, registered = HANSEL_CURATED, HANSEL
    store = Store()
    store.replace_graph(
        GRAPH,
        [
            *labels(curated, KEINO_NS + "CentralPurchasingBody", ("Hansel Oy", "fi"), alt="Hansel"),
            *labels(registered, ORG, ("HANSEL OY", "fi")),
            triple(registered, KEINO_NS + "businessId", lit("0988084-1")),
            triple(curated, OWL_SAME_AS, registered),
            triple(registered, OWL_SAME_AS, curated),
        ],
        source="test",
        inputs=[],
    )
    index = index_of(store)
    for q in ("hanselin", "FI09880841", "HANSEL OY"):
        (hit,) = search(index, q)
        assert (hit.iri, hit.label, hit.type) == (
            curated,
            "Hansel Oy",
            KEINO_NS + "CentralPurchasingBody",
        )


# ------------------------------------------------------------- a property of names
def own_names(index: LabelIndex) -> list[tuple[str, str]]:
    """(IRI, preferred label) of every entity whose label names at most three cliques:
    a label many entities share (*Title ---* of example lots) names none of them alone."""
    cliques: dict[str, set[str]] = defaultdict(set)
    for label in index.labels:
        if label.predicate == SKOS + "prefLabel":
            cliques[fold(label.text)].add(index.clique_of.get(label.iri, label.iri))
    return sorted(
        {
            (label.iri, label.text)
            for label in index.labels
            if label.predicate == SKOS + "prefLabel" and len(cliques[fold(label.text)]) <= 3
        }
    )


@pytest.fixture(scope="module")
def demo_names(demo_index: LabelIndex) -> list[tuple[str, str]]:
    return own_names(demo_index)


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_every_entity_is_found_by_its_own_preferred_label(
    demo_index: LabelIndex, demo_names: list[tuple[str, str]], data: st.DataObject
) -> None:
    iri, text = data.draw(st.sampled_from(demo_names), label="entity and name")
    top = [hit.iri for hit in search(demo_index, text, limit=3)]
    assert demo_index.clique_of.get(iri, iri) in top, (text, top)


REGION = KEINO_NS + "Region"
PREF = SKOS + "prefLabel"


def test_a_bare_genitive_region_name_finds_the_region_before_what_contains_it() -> None:
    # "Pohjois-Savon" is the region's genitive; the county and the council merely
    # contain it, so the region itself comes first.
    index = LabelIndex.of(
        [
            Name(ID + "region/11", "Pohjois-Savo", "fi", PREF),
            Name(ID + "wellbeing-county/ps", "Pohjois-Savon hyvinvointialue", "fi", PREF),
            Name(ID + "org/name/fi/pohjois-savon-liitto", "Pohjois-Savon liitto", "fi", PREF),
        ],
        {
            ID + "region/11": (REGION,),
            ID + "wellbeing-county/ps": (ORG,),
            ID + "org/name/fi/pohjois-savon-liitto": (ORG,),
        },
    )
    assert search(index, "Pohjois-Savon")[0].iri == ID + "region/11"
    assert search(index, "Pohjois-Savon liitto")[0].iri == ID + "org/name/fi/pohjois-savon-liitto"
    assert search(index, "Pohjois-Savon hyvinvointialueelle")[0].iri == ID + "wellbeing-county/ps"


def test_notices_with_the_same_title_come_newest_first() -> None:
    notices = [ID + f"notice/n{year}" for year in (2019, 2025, 2021)]
    facts = [Fact(n, "title", "Nettoyage des espaces verts", "fr") for n in notices]
    facts += [Fact(n, "year", n[-4:]) for n in notices]
    index = LabelIndex.of([], dict.fromkeys(notices, (EPO_NOTICE,)), facts)
    assert [h.years for h in search(index, "nettoyage des espaces verts")] == [
        (2025,),
        (2021,),
        (2019,),
    ]


def synthetic_companies(count: int) -> tuple[list[Name], dict[str, tuple[str, ...]], list[Fact]]:
    """SYNTHETIC company names from a few words, with a region and a year each."""
    words_ = ["Rakennus", "Sähkö", "Palvelu", "Kuljetus", "Hämeen", "Energia", "Puu"]
    found: list[Name] = []
    kinds: dict[str, tuple[str, ...]] = {}
    facts: list[Fact] = []
    for n in range(count):
        iri = ID + f"org/test/{n}"
        name = " ".join(words_[(n * k) % len(words_)] for k in (1, 3)) + " Oy"
        found.append(Name(iri, name, "fi", PREF))
        kinds[iri] = (ORG,) if n % 4 else (REGION,)
        facts += [Fact(iri, "region", f"FI1{n % 3}"), Fact(iri, "year", str(2018 + n % 5))]
    return found, kinds, facts


@settings(max_examples=25, deadline=None)
@given(
    q=st.sampled_from(["rakennus", "sähkö palvelu", "Hämeen", "energia", "puuta", "kuljetuksen"]),
    kind=st.sampled_from([None, "organisation", "place"]),
    region=st.sampled_from([None, "FI10", "FI11,FI12"]),
    year=st.sampled_from([None, 2019, 2022]),
)
def test_facet_counts_and_total_equal_a_count_over_every_hit(
    q: str, kind: str | None, region: str | None, year: int | None
) -> None:
    index = _SYNTHETIC
    everything = find(index, q, limit=10_000).hits
    page = find(index, q, kind=kind, region=region, year=year, limit=5)

    wanted = set(region.split(",")) if region else set()

    def keeps(hit: Hit, skipped: str | None = None) -> bool:
        return (
            (skipped == "kind" or kind is None or hit.kind == kind)
            and (skipped == "region" or region is None or not wanted.isdisjoint(hit.regions))
            and (skipped == "year" or year is None or year in hit.years)
        )

    kept = [h for h in everything if keeps(h)]
    assert page.total == len(kept)
    assert [h.iri for h in page.hits] == [h.iri for h in kept[:5]]
    kinds: Counter[str] = Counter()
    for h in everything:
        if keeps(h, "kind"):
            kinds[h.kind] += 1
    assert {f.value: f.count for f in page.facets["kind"]} == dict(kinds)
    years: Counter[str] = Counter()
    for h in everything:
        if keeps(h, "year"):
            for y in h.years:
                years[str(y)] += 1
    assert {f.value: f.count for f in page.facets["year"]} == dict(years)
    regions: Counter[str] = Counter()
    for h in everything:
        if keeps(h, "region"):
            for r in h.regions:
                regions[r] += 1
    assert {f.value: f.count for f in page.facets["region"]} == dict(regions)


_SYNTHETIC = LabelIndex.of(*synthetic_companies(400))
