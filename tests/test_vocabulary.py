"""graph.vocabulary: the names and display kinds of terms and entities."""

from __future__ import annotations

import pytest

from graph.iris import ID_BASE
from graph.namespaces import KEINO
from graph.ontology import organisation_classes
from graph.vocabulary import kind_of, pick_label, short_iri, term_label


@pytest.mark.parametrize("cls", sorted(organisation_classes()))
def test_every_organisation_class_of_the_ontology_is_an_organisation(cls: str) -> None:
    assert kind_of("urn:x", [cls]) == "organisation"


def test_other_kinds_and_the_iri_fallback() -> None:
    assert kind_of("urn:x", [str(KEINO.GreenDeal), str(KEINO.Ministry)]) == "greendeal"
    assert kind_of(ID_BASE + "notice/abc/lot/LOT-1", []) == "procurement"
    assert kind_of("http://data.europa.eu/cpv/cpv/45000000", []) == "code"
    assert kind_of("urn:x", ["http://example.org/Thing"]) == "other"


def test_terms_are_named_from_the_ontology_then_the_table_then_the_local_name() -> None:
    assert term_label(str(KEINO.Municipality), "fi") == "kunta"
    assert term_label("http://www.w3.org/ns/org#memberDuring", "en") == "member during"
    assert term_label("http://example.org/ns#hasLeadPartner", "en") == "has lead partner"


def test_labels_fall_back_by_language_and_unlabelled_iris_read_short() -> None:
    assert pick_label({"en": ["Motiva"], "fi": ["Motiva Oy"]}, "sv") == "Motiva Oy"
    assert pick_label({"": ["YM"]}, "en") == "YM"
    assert short_iri(ID_BASE + "notice/abc-01/lot/LOT-0001") == "lot/LOT-0001"
    assert short_iri("http://data.europa.eu/nuts/code/FI1B1") == "NUTS FI1B1"
