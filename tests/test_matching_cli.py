"""``keino match TEXT``, ``keino match evaluate`` and ``keino needs`` on an on-disk store."""

from __future__ import annotations

import gc
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bench.market import generate, write
from graph.store import Store
from keino.cli import app
from tests.test_matching import BUSSI, LOTS, build
from tests.test_matching_registry import TKF, build_store


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "store"
    store = build(LOTS, path=path)
    del store  # the command opens the store itself
    gc.collect()
    return path


def keino(path: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["--store", str(path), *args])
    gc.collect()
    return result.exit_code, result.output


def test_match_answers_with_contributions_and_says_which_ranker(store_path: Path) -> None:
    code, out = keino(store_path, "match", "sähköbussien latausasemat", "--cpv", "31158100",
                      "-f", "json")  # fmt: skip
    assert code == 0, out
    body = json.loads(out[out.index("{") :])
    assert body["results"][0]["supplier_iri"] == BUSSI.iri
    assert body["index"]["ranker"] == "default" and "fewer than" in body["index"]["ranker_reason"]
    for r in body["results"]:
        assert sum(c["contribution"] for c in r["explanation"]) == pytest.approx(r["score"])


def test_bad_cpv_is_one_line_and_nonzero(store_path: Path) -> None:
    code, out = keino(store_path, "match", "siivous", "--cpv", "12345678")
    assert code != 0 and "unknown CPV code(s): 12345678" in out and "Traceback" not in out


def test_needs_for_a_supplier(store_path: Path) -> None:
    code, out = keino(store_path, "needs", BUSSI.iri, "-f", "json")
    assert code == 0, out
    body = json.loads(out[out.index("{") :])
    assert [r["lot_iri"] for r in body["results"]] == [LOTS[6].lot]


def test_evaluate_prints_every_method_beside_the_ranker(tmp_path: Path) -> None:
    store = Store(tmp_path / "market")
    write(store, generate(100, 1200, n_buyers=20, n_sectors=5, seed=2).records)  # synthetic
    del store
    gc.collect()
    code, out = keino(tmp_path / "market", "match", "evaluate", "--max-test", "100")
    assert code == 0, out
    for name in ("KEINO (", "random", "most frequent", "CPV history", "CPV + region + buyer"):
        assert name in out
    assert "HR@10" in out and "MRR@10" in out and "nDCG@10" in out


def test_evaluate_on_a_store_without_awards_says_so(tmp_path: Path) -> None:
    Store(tmp_path / "empty")
    gc.collect()
    code, out = keino(tmp_path / "empty", "match", "evaluate")
    assert code != 0 and "too few" in out and "Traceback" not in out


def test_match_marks_registry_companies_that_never_won(tmp_path: Path) -> None:
    store = build_store(tmp_path, tmp_path / "store")
    del store
    gc.collect()
    code, out = keino(tmp_path / "store", "match", "sähköasennus", "--cpv", "45311200")
    assert code == 0, out
    marked = [line for line in out.splitlines() if "no public contract won yet" in line]
    assert marked and all("bridge" in line for line in marked)
    code, out = keino(tmp_path / "store", "match", "sähköasennus", "--cpv", "45311200", "-f",
                      "json")  # fmt: skip
    body = json.loads(out[out.index("{") :])
    tkf = next(r for r in body["results"] if r["supplier_iri"] == TKF)
    assert (tkf["kind"], tkf["won_contracts"], tkf["note"]) == (
        "potential", 0, "no public contract won yet")  # fmt: skip
    assert body["index"]["registry_companies"] == 3
