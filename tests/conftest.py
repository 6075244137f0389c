"""Shared fixtures: the demo graph, built once per test process.

``demo_store`` runs every ``keino demo`` step (every bundled source and
derived dataset) into one on-disk store in a temporary folder, so query, API and explorer tests
look at the same graph a newcomer sees after ``make demo``. Tests must not
write to it; a test that needs to change a graph builds its own store.
"""

from __future__ import annotations

import os
from pathlib import Path

import pyoxigraph as ox
import pytest
from rich.console import Console

from graph.iris import GRAPH_BASE, ID_BASE
from graph.namespaces import KEINO
from graph.rdf import RDF_TYPE, lit, triple
from graph.store import SourceFile, Store
from keino.demo import build_demo

SHARED = Path(os.environ.get("KEINO_SHARED", Path(__file__).resolve().parents[2] / "shared"))


@pytest.fixture(scope="session")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    """The demo graph in an on-disk store of its own (indexes go beside it)."""
    store = Store(tmp_path_factory.mktemp("demo") / "store")
    console = Console(file=open(os.devnull, "w"))  # noqa: SIM115 - closed with the process
    assert build_demo(store, console), "a demo step failed; run `keino demo --no-serve` to see it"
    return store


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """``../shared/data`` beside the repository; tests that need it skip with a reason."""
    data = SHARED / "data"
    if not data.is_dir():
        pytest.skip(f"{data} is absent: the real-data cross-checks need ../shared beside the repo")
    return data


# ----------------------------------------------------- a small entity graph
# A KEINO-like ecosystem (a citation with its quote, a dated membership) and one
# awarded lot, for the describe, timeline, network and derived-state tests.
_SKOS = "http://www.w3.org/2004/02/skos/core#"
_ORG = "http://www.w3.org/ns/org#"
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_PROV = "http://www.w3.org/ns/prov#"
_TIME = "http://www.w3.org/2006/time#"
_XSD = "http://www.w3.org/2001/XMLSchema#"
_EPO = "http://data.europa.eu/a4g/ontology#"


class Small:
    """IRIs of the small entity graph (``small_store``)."""

    KEINO = ID_BASE + "org/fi/keino"
    TEM = ID_BASE + "org/fi/0244534-9"
    MOTIVA = ID_BASE + "org/fi/motiva"
    CITY = ID_BASE + "org/fi/city"
    SUPPLIER = ID_BASE + "org/fi/supplier"
    MEMBERSHIP = ID_BASE + "membership/motiva/keino/consortium/2020-01-01"
    INTERVAL = MEMBERSHIP + "/interval"
    DOC = ID_BASE + "document/001-keino"
    NOTICE = ID_BASE + "notice/abc-01"
    LOT = NOTICE + "/lot/LOT-0001"
    QUOTE = "KEINO-osaamiskeskusta ohjaa työ- ja elinkeinoministeriö."

    @staticmethod
    def label(iri: str, fi: str, en: str | None = None) -> list[ox.Triple]:
        """``skos:prefLabel`` triples in Finnish (and English)."""
        return small_label(iri, fi, en)

    @staticmethod
    def ecosystem(motiva: str = "Motiva Oy") -> list[ox.Triple]:
        """The ecosystem graph; ``motiva`` names Motiva."""
        return small_ecosystem(motiva)


def small_label(iri: str, fi: str, en: str | None = None) -> list[ox.Triple]:
    """``skos:prefLabel`` triples in Finnish (and English)."""
    found = [triple(iri, _SKOS + "prefLabel", lit(fi, lang="fi"))]
    return found + ([triple(iri, _SKOS + "prefLabel", lit(en, lang="en"))] if en else [])


def small_ecosystem(motiva: str = "Motiva Oy") -> list[ox.Triple]:
    """The ecosystem graph of the small store; ``motiva`` names Motiva."""
    s, cite, interval = Small, ID_BASE + "citation/0123456789abcdef", Small.INTERVAL
    return [
        *small_label(s.KEINO, "KEINO-osaamiskeskus", "KEINO competence centre"),
        *small_label(s.TEM, "Työ- ja elinkeinoministeriö", "Ministry of Economic Affairs"),
        *small_label(s.MOTIVA, motiva),
        *small_label(s.DOC, "Seed 001"),
        triple(s.KEINO, RDF_TYPE, str(KEINO.CompetenceCentre)),
        triple(s.TEM, RDF_TYPE, str(KEINO.Ministry)),
        triple(s.KEINO, str(KEINO.steeredBy), s.TEM),
        triple(cite, RDF_TYPE, str(KEINO.Citation)),
        triple(cite, _RDF + "subject", s.KEINO),
        triple(cite, _RDF + "predicate", str(KEINO.steeredBy)),
        triple(cite, _RDF + "object", s.TEM),
        triple(cite, _PROV + "wasDerivedFrom", s.DOC),
        triple(cite, str(KEINO.quote), lit(s.QUOTE, lang="fi")),
        triple(s.MEMBERSHIP, RDF_TYPE, _ORG + "Membership"),
        triple(s.MEMBERSHIP, _ORG + "member", s.MOTIVA),
        triple(s.MEMBERSHIP, _ORG + "organization", s.KEINO),
        triple(s.MEMBERSHIP, _ORG + "memberDuring", interval),
        triple(interval, _TIME + "hasBeginning", interval + "/start"),
        triple(interval + "/start", _TIME + "inXSDDate", lit("2020-01-01", datatype=_XSD + "date")),
    ]


def small_notices() -> list[ox.Triple]:
    """The notice graph of the small store: one lot the city awarded to the supplier."""
    s = Small
    return [
        *small_label(s.CITY, "Esimerkkikaupunki"),
        *small_label(s.SUPPLIER, "Latausratkaisut Oy"),
        triple(s.NOTICE, _EPO + "hasPublicationDate", lit("2023-05-02", datatype=_XSD + "date")),
        triple(s.LOT, _EPO + "hasBuyer", s.CITY),
        triple(s.LOT, _EPO + "hasWinner", s.SUPPLIER),
        triple(s.LOT, _PROV + "wasDerivedFrom", s.NOTICE),
        triple(s.CITY, _ORG + "memberOf", s.KEINO),
    ]


@pytest.fixture()
def small() -> type[Small]:
    """The IRIs of ``small_store`` and the functions that make its graphs."""
    return Small


@pytest.fixture()
def small_store(tmp_path: Path) -> Store:
    """A fresh in-memory store with the small ecosystem (from a seed file) and notices."""
    seed = tmp_path / "001-keino.txt"
    seed.write_text(Small.QUOTE, encoding="utf-8")
    store = Store()
    ecosystem = GRAPH_BASE + "ecosystem"
    store.replace_graph(
        ecosystem, small_ecosystem(), source="ecosystem", inputs=[SourceFile.of(seed)]
    )
    store.replace_graph(GRAPH_BASE + "notices/t", small_notices(), source="notices", inputs=[])
    return store
