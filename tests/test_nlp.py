"""The Finnish pipeline: lemmas, linking, new organisations, relations, dates.

Built from a small label list (tests/data/nlp/labels.jsonl, see SOURCE.md there)
so that these tests need no store. spaCy's Finnish model is loaded once per
process (ingest.nlp.model.finnish) and shared by every pipeline.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.finnish import analyser, compound_parts, lemmas
from graph.labels import LabelEntry
from ingest.nlp import Extraction, Pipeline, build_pipeline, extract
from ingest.nlp.dates import find_dates

LABELS = Path(__file__).parent / "data" / "nlp" / "labels.jsonl"
ID = "https://w3id.org/keino/id/"
KEINO = ID + "org/name/fi/keino-osaamiskeskus"
TEM = ID + "org/name/fi/tyo-ja-elinkeinoministerio"
KUNTALIITTO = ID + "org/name/fi/suomen-kuntaliitto"
HANSEL = ID + "org/name/fi/hansel-oy"
ACADEMY = ID + "programme/innovaatio-akatemia"
GREEN_DEAL = ID + "green-deal/julkisten-hankintojen-green-deal"
TURKU, SALO = ID + "municipality/853", ID + "municipality/734"


@pytest.fixture(scope="module")
def nlp() -> Pipeline:
    rows = [json.loads(line) for line in LABELS.read_text(encoding="utf-8").splitlines()]
    return build_pipeline([LabelEntry(**row) for row in rows])


def links(found: Extraction) -> list[tuple[str, str]]:
    return [(m.surface, m.iri) for m in found.mentions if not m.new]


def facts(found: Extraction) -> set[tuple[str, str, str]]:
    return {(r.subject.iri, r.predicate, r.object.iri) for r in found.relations}


@pytest.mark.parametrize(
    ("text", "surface", "iri"),
    [
        ("Tieto saatiin Suomen Kuntaliitosta eilen.", "Suomen Kuntaliitosta", KUNTALIITTO),
        ("Rahoitus tuli työ- ja elinkeinoministeriöstä.", "työ- ja elinkeinoministeriöstä", TEM),
        ("Turun kaupungin hankinnat kasvoivat.", "Turun kaupungin", TURKU),
        ("KEINOn palvelut vastaavat kysyntään.", "KEINOn", KEINO),
        ("Asiasta kertoi Hanselin kehityspäällikkö.", "Hanselin", HANSEL),
        ("Tieto kulkee alueilta KEINOLLE.", "KEINOLLE", KEINO),
        ("Hankinnat osana KEINO -akatemiaa.", "KEINO -akatemiaa", ID + "programme/keino-akatemia"),
        (
            "Ohjelman koordinaattori tulee VTT:ltä.",
            "VTT:ltä",
            ID + "org/name/fi/teknologian-tutkimuskeskus-vtt-oy",
        ),
    ],
)
def test_inflected_names_link_to_their_entity(
    nlp: Pipeline, text: str, surface: str, iri: str
) -> None:
    assert (surface, iri) in links(extract(nlp, text))


def test_mention_offsets_point_at_the_surface(nlp: Pipeline) -> None:
    text = "Vuonna 2022 Suomen Kuntaliitto siirtyi strategiseksi kumppaniksi."
    mention = extract(nlp, text).mentions[0]
    assert text[mention.start : mention.end] == mention.surface == "Suomen Kuntaliitto"
    assert mention.label == "Suomen Kuntaliitto"


def test_common_words_are_not_names(nlp: Pipeline) -> None:
    # "keino" is a common noun (means), "salo" a backwoods; only KEINO and Salo are names.
    found = extract(nlp, "Hankinta on tehokas keinona, ja salon takana on Salon kaupunki.")
    assert links(found) == [("Salon kaupunki", SALO)]


def test_swedish_name_of_a_ministry_links_too(nlp: Pipeline) -> None:
    assert links(extract(nlp, "Arbets- och näringsministeriet")) == [
        ("Arbets- och näringsministeriet", TEM)
    ]


def test_unknown_organisations_are_flagged_new(nlp: Pipeline) -> None:
    text = (
        "Työpajaan osallistuivat Suomen Yrittäjät ry., Maanmittauslaitos ja "
        "Pirkanmaan hyvinvointialue. Paikallinen tilastokeskus teki kyselyn."
    )
    new = {m.label: m for m in extract(nlp, text).mentions if m.new}
    assert set(new) == {"Suomen Yrittäjät ry", "Maanmittauslaitos", "Pirkanmaan hyvinvointialue"}
    assert new["Maanmittauslaitos"].iri == ID + "org/name/fi/maanmittauslaitos"


def test_steered_and_funded_by(nlp: Pipeline) -> None:
    found = extract(
        nlp, "KEINO on konsortio, jonka toimintaa ohjaa ja rahoittaa työ- ja elinkeinoministeriö."
    )
    assert facts(found) == {(KEINO, "steeredBy", TEM), (KEINO, "fundedBy", TEM)}


def test_member_becomes_strategic_partner_with_dates(nlp: Pipeline) -> None:
    found = extract(
        nlp,
        "KEINO kasvaa. Maaliskuussa 2022 alkaneella toimintakaudella Suomen Kuntaliitto "
        "siirtyi verkoston jäsenestä strategiseksi kumppaniksi.",
    )
    dated = {(r.predicate, r.since, r.until) for r in found.relations}
    assert dated == {("memberOf", None, "2022-03"), ("strategicPartnerOf", "2022-03", None)}
    assert all(r.object.iri == KEINO and r.subject.iri == KUNTALIITTO for r in found.relations)


def test_signing_a_green_deal_is_dated(nlp: Pipeline) -> None:
    found = extract(
        nlp, "Turun kaupunki allekirjoitti 12.5.2021 julkisten hankintojen green deal -sopimukset."
    )
    assert [(r.subject.iri, r.predicate, r.object.iri, r.since) for r in found.relations] == [
        (TURKU, "signed", GREEN_DEAL, "2021-05-12")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Turun kaupunki neuvottelee julkisten hankintojen green deal -sopimuksista.",
        "Turun kaupunki ei allekirjoittanut julkisten hankintojen green deal -sopimuksia.",
        "Turun kaupunki aikoo allekirjoittaa julkisten hankintojen green deal -sopimukset.",
    ],
)
def test_negotiation_negation_and_plans_are_not_signatures(nlp: Pipeline, text: str) -> None:
    assert extract(nlp, text).relations == []


def test_coordinates_participates_and_located_in(nlp: Pipeline) -> None:
    found = extract(
        nlp,
        "Hansel koordinoi Innovaatio-akatemiaa. Turun kaupunki osallistuu Innovaatio-akatemiaan. "
        "Esimerkki Oy sijaitsee Salossa.",
    )
    esimerkki = ID + "org/name/fi/esimerkki-oy"
    assert facts(found) == {
        (HANSEL, "coordinates", ACADEMY),
        (TURKU, "participatesIn", ACADEMY),
        (esimerkki, "locatedIn", SALO),
    }


def test_participants_listed_after_a_colon(nlp: Pipeline) -> None:
    text = (
        "Innovaatio-akatemia käynnistyy 19.10.2021.\nMukaan valitut organisaatiot ovat:\n"
        "  • Turun kaupunki\n  • Valtori\n\nOhjelma on hyvä."
    )
    found = extract(nlp, text)
    assert {(r.subject.label, r.predicate, r.since) for r in found.relations} == {
        ("Turku", "participatesIn", "2021-10-19"),
        ("Valtori", "participatesIn", "2021-10-19"),
    }


def test_abbreviations_do_not_end_a_sentence(nlp: Pipeline) -> None:
    doc = nlp.nlp("Mukana olivat Suomen Yrittäjät ry. ja Hansel Oy. Toinen lause alkaa.")
    assert len(list(doc.sents)) == 2


def test_dates() -> None:
    assert [
        (d.value, d.until) for d in find_dates("kausi 3/2020-5/2021, 27.7.2020, vuonna 2019")
    ] == [
        ("2020-03", "2021-05"),
        ("2020-07-27", None),
        ("2019", None),
    ]
    assert find_dates("32.13.2020 ja 15:lla alueella") == []


MOTIVA = ID + "org/name/fi/motiva-oy"
SENAATTI = ID + "org/name/fi/senaatti-kiinteistot"
YM = ID + "org/name/fi/ymparistoministerio"
HELSINKI, ESPOO, VANTAA = ID + "municipality/091", ID + "municipality/049", ID + "municipality/092"


def test_relative_clause_names_the_coordinator(nlp: Pipeline) -> None:
    found = extract(
        nlp,
        "Työ- ja elinkeinoministeriö rahoittaa KEINO-osaamiskeskusta, jota koordinoi Hansel Oy.",
    )
    assert facts(found) == {(KEINO, "fundedBy", TEM), (HANSEL, "coordinates", KEINO)}


def test_every_conjunct_of_a_subject_list_signs(nlp: Pipeline) -> None:
    found = extract(
        nlp,
        "Suomen Kuntaliitto, Hansel Oy ja Turun kaupunki allekirjoittivat 9.9.2020 "
        "julkisten hankintojen green deal -sopimuksen.",
    )
    assert {(r.subject.iri, r.predicate, r.since) for r in found.relations} == {
        (KUNTALIITTO, "signed", "2020-09-09"),
        (HANSEL, "signed", "2020-09-09"),
        (TURKU, "signed", "2020-09-09"),
    }


def test_object_before_the_verb_and_a_partner_by_yhdessa_kanssa_coordinates_too(
    nlp: Pipeline,
) -> None:
    # the guidelines' co-agent reading: "yhdessä Z:n kanssa" makes Z a coordinator too
    found = extract(nlp, "Innovaatio-akatemiaa koordinoi Hansel Oy yhdessä Turun kaupungin kanssa.")
    assert facts(found) == {(HANSEL, "coordinates", ACADEMY), (TURKU, "coordinates", ACADEMY)}


def test_agent_participle_and_role_noun(nlp: Pipeline) -> None:
    funded = extract(nlp, "Työ- ja elinkeinoministeriön rahoittama KEINO tukee hankkijoita.")
    member = extract(nlp, "Hansel Oy on yksi KEINOn jäsenistä.")
    assert facts(funded) == {(KEINO, "fundedBy", TEM)}
    assert facts(member) == {(HANSEL, "memberOf", KEINO)}


KEINO_ACADEMY = ID + "programme/keino-akatemia"
MOTIVA, VTT = ID + "org/name/fi/motiva-oy", ID + "org/name/fi/teknologian-tutkimuskeskus-vtt-oy"
SYKE, VM = ID + "org/name/fi/suomen-ymparistokeskus-syke", ID + "org/name/fi/valtiovarainministerio"
HANKINTA_SUOMI, KUOPIO = ID + "strategy/hankinta-suomi", ID + "municipality/297"


def test_a_partner_hung_on_the_subject_by_yhdessa_kanssa_does_it_too(nlp: Pipeline) -> None:
    found = extract(nlp, "KEINO-akatemiaa koordinoi Suomen Kuntaliitto yhdessä Motiva Oy:n kanssa.")
    assert facts(found) == {
        (KUNTALIITTO, "coordinates", KEINO_ACADEMY),
        (MOTIVA, "coordinates", KEINO_ACADEMY),
    }


def test_lisaksi_and_a_subject_left_as_the_root(nlp: Pipeline) -> None:
    found = extract(nlp, "KEINO-akatemiaa toteuttavat Hansel Oy:n lisäksi Motiva, SYKE ja VTT.")
    assert facts(found) == {
        (org, "participatesIn", KEINO_ACADEMY) for org in (HANSEL, MOTIVA, SYKE, VTT)
    }


def test_mukana_takes_part_and_shares_the_programme_of_the_clause_before(nlp: Pipeline) -> None:
    shared = extract(nlp, "Salo osallistuu Innovaatio-akatemiaan, ja mukana on myös Kuopio.")
    own = extract(nlp, "Turun kaupunki on mukana KEINO-akatemiassa.")
    negated = extract(nlp, "Motiva ei ole mukana KEINO-akatemiassa.")
    assert facts(shared) == {(SALO, "participatesIn", ACADEMY), (KUOPIO, "participatesIn", ACADEMY)}
    assert facts(own) == {(TURKU, "participatesIn", KEINO_ACADEMY)}
    assert negated.relations == []


def test_johdolla_names_the_coordinator(nlp: Pipeline) -> None:
    found = extract(nlp, "Hankinta-Suomi valmisteltiin valtiovarainministeriön johdolla.")
    assert facts(found) == {(VM, "coordinates", HANKINTA_SUOMI)}


def test_a_programme_head_noun_and_a_second_clause_keep_their_own_subjects(
    nlp: Pipeline,
) -> None:
    found = extract(
        nlp,
        "KEINO-akatemian toteutuksesta vastaa Hansel Oy, ja akatemiaa toteuttamassa ovat myös "
        "Motiva ja VTT.",
    )
    assert facts(found) == {
        (HANSEL, "coordinates", KEINO_ACADEMY),
        (MOTIVA, "participatesIn", KEINO_ACADEMY),
        (VTT, "participatesIn", KEINO_ACADEMY),
    }


def test_list_items_the_parser_reads_as_appositions(nlp: Pipeline) -> None:
    found = extract(
        nlp,
        "Innovaatio-akatemiaan valitut Turun kaupunki, Hansel Oy, Valtori, Motiva ja Salo "
        "aloittivat.",
    )
    assert {r.subject.iri for r in found.relations if r.predicate == "participatesIn"} == {
        TURKU, HANSEL, ID + "org/name/fi/valtori", MOTIVA, SALO,
    }  # fmt: skip


def test_a_legal_form_with_a_case_ending_ends_a_new_name(nlp: Pipeline) -> None:
    found = extract(
        nlp, "Valtiovarainministeriö myönsi Metropolia Ammattikorkeakoulu Oy:lle rahoitusta."
    )
    new = [m.label for m in found.mentions if m.new]
    assert new == ["Metropolia Ammattikorkeakoulu Oy"]
    assert facts(found) == {(ID + "org/name/fi/metropolia-ammattikorkeakoulu-oy", "fundedBy", VM)}


def test_a_conditional_states_nothing(nlp: Pipeline) -> None:
    assert extract(nlp, "Hansel Oy koordinoisi Innovaatio-akatemiaa.").relations == []


def test_business_id_after_a_new_name_gives_the_registry_iri(nlp: Pipeline) -> None:
    found = extract(nlp, "Iisalmen Teollisuuskylä Oy (0170262-9) osallistuu Innovaatio-akatemiaan.")
    new = [m for m in found.mentions if m.new]
    assert [(m.label, m.iri) for m in new] == [
        ("Iisalmen Teollisuuskylä Oy", ID + "org/fi/0170262-9")
    ]
    assert facts(found) == {(ID + "org/fi/0170262-9", "participatesIn", ACADEMY)}


def test_voikko_lemmas_and_compounds() -> None:
    assert analyser() == "voikko", "run scripts/ensure-voikko: libvoikko1 and voikko-fi"
    assert lemmas("Porin")[0] == "Pori" and lemmas("Helsingin")[0] == "Helsinki"
    assert "hankinta" in lemmas("hankintojen")
    assert compound_parts("ympäristöministeriö") == ("ympäristö", "ministeriö")


def test_members_listed_as_the_predicate_of_a_role_noun(nlp: Pipeline) -> None:
    listed = extract(nlp, "KEINOn jäseniä ovat VTT Oy ja Suomen ympäristökeskus SYKE.")
    relative = extract(
        nlp, "KEINO-osaamiskeskus on konsortio, jonka jäseniä ovat Motiva Oy ja Hansel Oy."
    )
    assert facts(listed) == {(VTT, "memberOf", KEINO), (SYKE, "memberOf", KEINO)}
    assert facts(relative) == {(MOTIVA, "memberOf", KEINO), (HANSEL, "memberOf", KEINO)}


def test_members_named_in_a_consortium_or_by_an_essive_role(nlp: Pipeline) -> None:
    consortium = extract(nlp, "KEINOn konsortioon kuuluivat Motiva Oy ja Hansel Oy.")
    essive = extract(nlp, "Hankkeita toteuttavat KEINOn jäseninä Motiva Oy ja VTT Oy.")
    assert facts(consortium) == {(MOTIVA, "memberOf", KEINO), (HANSEL, "memberOf", KEINO)}
    assert facts(essive) == {(MOTIVA, "memberOf", KEINO), (VTT, "memberOf", KEINO)}


def test_ei_a_vaan_b_keeps_b_and_refuses_a(nlp: Pipeline) -> None:
    contrasted = extract(nlp, "Kuntaliitto ei ole enää KEINOn jäsen vaan sen strateginen kumppani.")
    negated = extract(nlp, "Kuntaliitto ei ole enää KEINOn jäsen.")
    assert facts(contrasted) == {(KUNTALIITTO, "strategicPartnerOf", KEINO)}
    assert facts(negated) == set()


def test_becoming_a_partner_is_a_fact_and_applying_is_not(nlp: Pipeline) -> None:
    became = extract(nlp, "Vuonna 2022 Motiva Oy siirtyi KEINOn strategiseksi kumppaniksi.")
    applied = extract(nlp, "Motiva Oy haki KEINOn jäseneksi.")
    assert [(r.predicate, r.object.iri, r.since) for r in became.relations] == [
        ("strategicPartnerOf", KEINO, "2022")
    ]
    assert facts(applied) == set()


def test_a_programme_named_inside_a_compound_and_led_with_a_partner(nlp: Pipeline) -> None:
    found = extract(
        nlp, "Valtiovarainministeriö asetti Hankinta-Suomi-ohjelman, jota johdetaan yhdessä "
        "Suomen Kuntaliiton kanssa."
    )  # fmt: skip
    assert ("Hankinta-Suomi-ohjelman", HANKINTA_SUOMI) in links(found)
    assert facts(found) == {
        (VM, "coordinates", HANKINTA_SUOMI),
        (KUNTALIITTO, "coordinates", HANKINTA_SUOMI),
    }


def test_a_date_followed_by_saakka_ends_the_relation(nlp: Pipeline) -> None:
    found = extract(nlp, "Hansel Oy osallistuu Innovaatio-akatemiaan vuoden 2025 loppuun saakka.")
    assert [(r.predicate, r.since, r.until) for r in found.relations] == [
        ("participatesIn", None, "2025")
    ]


def test_agent_role_nouns_and_a_role_held_towards_the_owner(nlp: Pipeline) -> None:
    funder = extract(nlp, "Työ- ja elinkeinoministeriö on KEINO-osaamiskeskuksen rahoittaja.")
    lead = extract(nlp, "Motiva Oy on KEINO-akatemian vetäjä.")
    assert facts(funder) == {(KEINO, "fundedBy", TEM)}
    assert facts(lead) == {(MOTIVA, "coordinates", KEINO_ACADEMY)}
