"""graph.finnish: folding, endings, lemmas and name keys."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graph.finnish import (
    CASE_ENDINGS,
    analyser,
    fold,
    lemma,
    name_key,
    stems,
    word_forms,
    words,
)

NAMES = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)


@given(NAMES)
def test_name_key_is_idempotent(name: str) -> None:
    assert name_key(name_key(name)) == name_key(name)


LATIN = st.text(alphabet=st.characters(max_codepoint=0x24F, exclude_categories=("Cs",)))


@given(LATIN)
def test_fold_is_idempotent_and_leaves_no_nordic_letters(text: str) -> None:
    assert fold(fold(text)) == fold(text)
    assert not set(fold(text)) & set("äöåÄÖÅ")


@given(st.text(alphabet="abcdefghijklmnoprstuvyäö", min_size=1, max_size=16))
def test_a_stem_is_the_word_without_one_known_ending(word: str) -> None:
    for stem in stems(word):
        assert word.startswith(stem) and len(stem) >= 4
        assert fold(word[len(stem) :]) in {fold(e) for e in CASE_ENDINGS} | {
            "erna", "arna", "orna", "en", "et", "er", "ar", "or", "s"
        }  # fmt: skip


@pytest.mark.parametrize(
    ("word", "stem"),
    [("helsingissä", "helsing"), ("motivan", "motiva"), ("hanselilla", "hansel")],
)
def test_case_endings_are_cut(word: str, stem: str) -> None:
    assert stem in stems(fold(word))


def test_lemmas_with_and_without_guessing() -> None:
    assert lemma("hankintojen") == "hankinta"
    assert lemma("VTT:ltä") == "VTT"
    assert "hankinta" in word_forms("hankintojen")
    assert words("Hansel Oy:n (Motiva)") == ["hansel", "oy", "n", "motiva"]


def test_name_key_keeps_what_tells_names_apart() -> None:
    assert name_key(" Suomen  Kuntaliitto ry. ") == "suomen kuntaliitto ry"
    assert name_key("Hämeen liitto") != name_key("Hameen liitto")
    assert name_key("Etelä-Savo") == "etelä-savo"


def test_without_voikko_simplemma_answers_and_says_so_once(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """A machine without libvoikko: lemmas come from simplemma, the model runs
    without its voikko lemmatizer, and the log says so once."""
    import libvoikko

    from graph import finnish
    from ingest.nlp import model

    def missing(language: str) -> None:
        raise OSError("libvoikko.so.1: cannot open shared object file")

    caches = (finnish.voikko, finnish._analyses, finnish.lemma, finnish.lemmas)
    for cache in caches:
        cache.cache_clear()
    monkeypatch.setattr(libvoikko, "Voikko", missing)
    try:
        with caplog.at_level("WARNING", logger="graph.finnish"):
            assert finnish.analyser() == "simplemma"
            assert finnish.lemma("hankintojen") == "hankinta"
            nlp = model.finnish.__wrapped__()
            doc = nlp("Hansel Oy koordinoi hankintoja.")
        assert "lemmatizer" not in nlp.pipe_names and "keino_lemmatizer" in nlp.pipe_names
        assert [t.dep_ for t in doc][2] == "ROOT" and doc[3].lemma_ == "hankinta"
        assert [r.message for r in caplog.records].count(caplog.records[0].message) == 1
        assert "simplemma" in caplog.records[0].message and len(caplog.records) == 1
    finally:
        monkeypatch.undo()
        for cache in caches:
            cache.cache_clear()


@pytest.mark.skipif(analyser() != "voikko", reason="voikko is not installed (ensure-voikko)")
def test_search_word_forms_join_voikko_readings_to_simplemma_lemma() -> None:
    # simplemma's dictionary lacks the compound; voikko reads it
    assert "ymparistokeskus" in word_forms("ympäristökeskuksen")
    # the word as written stays beside its lemma
    assert {"hankinta", "hankintojen"} <= word_forms("hankintojen")
    assert word_forms("2023") == {"2023"}
