"""The TOL 2008 ↔ CPV bridge: scores from real labels, overrides, and ``kg:bridge``."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from graph.bridge import (
    CLOSE_BAND,
    RELATED_BAND,
    Mapping,
    apply_overrides,
    compute_mappings,
    content_lemma,
    plain_lemma,
    read_overrides,
    stored_mappings,
)
from graph.codes import cpv_label
from graph.store import Store
from graph.validate import validate_store
from ingest import bridge, codelists
from ingest.tol import tol_triples

# Real labels: TOL from the bundled registry extract, CPV from the code lists.
TOL = {
    "43210": "Sähköasennus",
    "81210": "Kiinteistöjen siivous",
    "56101": "Ravintolat",
}
CPV = {code: cpv_label(code) or "" for code in
       ("45311200", "90910000", "55300000", "03000000", "45317000", "33160000")}  # fmt: skip


def by_pair(mappings: list[Mapping]) -> dict[tuple[str, str], Mapping]:
    return {(m.tol, m.cpv): m for m in mappings}


def test_labels_that_say_the_same_map_closely_and_unrelated_ones_not_at_all() -> None:
    found = by_pair(compute_mappings(TOL, CPV))
    electrical = found[("43210", "45311200")]  # Sähköasennus ~ Sähköasennustyöt
    assert electrical.relation == "closeMatch" and electrical.confidence >= CLOSE_BAND
    assert "sähköasennus" in electrical.note and electrical.method == "label-lemmas"
    cleaning = found[("81210", "90910000")]  # shares "siivous" only
    assert RELATED_BAND <= cleaning.confidence < electrical.confidence
    assert not any(cpv == "03000000" for _, cpv in found)  # agricultural products
    assert ("43210", "90910000") not in found


def test_a_service_or_work_head_does_not_hide_the_shared_word() -> None:
    # real labels: "Siivouspalvelut" is cleaning, "Kirjanpitopalvelut" bookkeeping
    tol = {"81210": "Kiinteistöjen siivous", "69201": "Kirjanpito- ja tilinpäätöspalvelu"}
    cpv = {code: cpv_label(code) or "" for code in ("90911200", "79211100", "39525800")}
    found = by_pair(compute_mappings(tol, cpv))
    assert "siivous" in found[("81210", "90911200")].note
    assert ("69201", "79211100") in found
    assert ("69201", "90911200") not in found and ("81210", "79211100") not in found
    # with simplemma's lemmas the whole compound stays one unmatched word
    assert ("81210", "90911200") not in by_pair(compute_mappings(tol, cpv, plain_lemma))


def test_content_lemma_drops_only_an_empty_head_with_a_stem_left() -> None:
    assert content_lemma("Rakennustyöt") == "rakennus"
    assert content_lemma("Kahvilapalvelut") == "kahvila"
    assert content_lemma("palvelut") == "palvelu"  # nothing would remain
    assert content_lemma("Ravintolat") == "ravintola"


def test_a_cpv_division_or_group_is_a_broad_match() -> None:
    found = by_pair(compute_mappings(TOL, CPV))
    assert found[("56101", "55300000")].relation == "broadMatch"  # group 553


def test_overrides_replace_remove_and_add_mappings() -> None:
    computed = compute_mappings(TOL, CPV)
    text = (
        "tol,cpv,relation,confidence,reason\n"
        "43210,45311200,none,0,test: removed\n"
        "56101,33160000,relatedMatch,0.4,test: added\n"
    )
    result = by_pair(apply_overrides(computed, read_overrides(text, "o.csv")))
    assert ("43210", "45311200") not in result
    added = result[("56101", "33160000")]
    assert (added.method, added.confidence, added.note) == ("curated", 0.4, "test: added")


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("4321,45311200,closeMatch,0.9,x", "o.csv:2: tol '4321' is not a 5-digit"),
        ("43210,4531,closeMatch,0.9,x", "o.csv:2: cpv '4531' is not an 8-digit"),
        ("43210,45311200,sameAs,0.9,x", "o.csv:2: relation 'sameAs' is not one of"),
        ("43210,45311200,closeMatch,1.5,x", "o.csv:2: confidence 1.5 is not between 0 and 1"),
        ("43210,45311200,closeMatch,high,x", "o.csv:2: confidence 'high' is no number"),
        ("43210,45311200,closeMatch,0.9,", "o.csv:2: a curated row needs its reason"),
    ],
)
def test_a_bad_override_row_names_file_and_line(row: str, message: str) -> None:
    with pytest.raises(ValueError, match="^" + message.replace("(", r"\(")):
        read_overrides("tol,cpv,relation,confidence,reason\n" + row + "\n", "o.csv")


def test_every_bundled_override_row_has_a_known_cpv_code_and_a_reason() -> None:
    rows = read_overrides(bridge.overrides_path().read_text(encoding="utf-8"), "overrides.csv")
    assert rows and all(cpv_label(o.cpv) and len(o.reason) > 20 for o in rows)


def small_store() -> Store:
    store = Store()
    labels = {code: {"fi": label} for code, label in TOL.items()}
    store.replace_graph("urn:test:tol", list(tol_triples(labels)), source="t", inputs=[])
    return store


def test_a_bad_override_file_leaves_the_bridge_as_it_was(tmp_path: Path) -> None:
    store = small_store()
    assert codelists.ingest(store).ok
    assert bridge.ingest(store).ok
    before = set(store.triples(bridge.GRAPH))
    bad = tmp_path / "overrides.csv"
    bad.write_text("tol,cpv,relation,confidence,reason\n43210,1,closeMatch,0.9,x\n")
    report = bridge.ingest(store, bad)
    assert not report.ok and "overrides.csv:2: cpv '1'" in report.items[0].reason
    assert set(store.triples(bridge.GRAPH)) == before


def test_the_demo_bridge_is_stored_as_skos_mappings_with_method_and_confidence(
    demo_store: Store,
) -> None:
    mappings = stored_mappings(demo_store)
    bands = Counter(m.relation for m in mappings)
    assert set(bands) == {"closeMatch", "broadMatch", "relatedMatch"}
    assert {m.method for m in mappings} == {"label-lemmas", "curated"}
    assert all(0 < m.confidence <= 1 for m in mappings)
    software = {m.cpv for m in mappings if m.tol == "62010"}
    assert {"72230000", "72262000"} <= software  # curated: software design ~ development
    assert "45255400" not in software  # curated away: shares only "valmistus"
    plain = demo_store.query(
        "ASK { <https://w3id.org/keino/id/tol2008/43210> "
        "<http://www.w3.org/2004/02/skos/core#closeMatch> "
        "<http://data.europa.eu/cpv/cpv/45311200> }"
    )
    assert bool(plain)
    assert validate_store(demo_store, bridge.GRAPH)[0] == []
