"""Shared fixtures: the demo graph, built once per test process.

``live_server(store)`` serves a store over real HTTP, as ``keino serve`` does.

``demo_store`` runs every ``keino demo`` step (every bundled source and
derived dataset) into one on-disk store in a temporary folder, so query, API and explorer tests
look at the same graph a newcomer sees after ``make demo``. Tests must not
write to it; a test that needs to change a graph builds its own store.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pyoxigraph as ox
import pytest
import uvicorn
from fastapi import FastAPI
from rich.console import Console

from api.main import create_app
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


@contextmanager
def serving(target: Store | FastAPI) -> Iterator[str]:
    """``create_app(store)`` (or an app made by the test) under uvicorn on a free
    loopback port; yields its base URL.

    The app reads its settings (``KEINO_SPARQL_*``) from the environment when
    it starts; leaving the block shuts it down (and its query workers).
    """
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    app = target if isinstance(target, FastAPI) else create_app(target)
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True, name=f"live-server-{port}")
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


@pytest.fixture(scope="session")
def live_server() -> Iterator[Callable[[Store | FastAPI], str]]:
    """Start a live server over a store (or an app): ``base = live_server(store)``.

    Each call starts one more server; all stop at the end of the session.
    """
    with ExitStack() as servers:
        yield lambda store: servers.enter_context(serving(store))


# ------------------------------------------------------- a SPARQL server
# The store contract runs on the embedded store and on an Oxigraph server (the
# ``oxigraph`` package's binary), started once per test process on a free
# loopback port. ``KEINO_TEST_SPARQL`` names another server instead (``make
# engines``: Virtuoso), whose graphs the tests then replace freely.


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def oxigraph_binary() -> str:
    """The ``oxigraph`` server installed beside this Python (the PyPI package)."""
    import shutil
    import sys

    found = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which(
        "oxigraph"
    )
    if found is None:
        raise RuntimeError("the oxigraph server is not installed: pip install -e '.[dev]'")
    return found


@pytest.fixture(scope="session")
def sparql_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The base URL of a running SPARQL server for this test process."""
    import subprocess

    import httpx

    if os.environ.get("KEINO_TEST_SPARQL"):
        yield os.environ["KEINO_TEST_SPARQL"]
        return
    port = free_port()
    folder = tmp_path_factory.mktemp("oxigraph")
    command = [oxigraph_binary(), "serve", "--location", str(folder / "db"),
               "--bind", f"127.0.0.1:{port}"]  # fmt: skip
    log = open(folder / "server.log", "wb")  # noqa: SIM115 - closed below
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                httpx.get(url + "query", params={"query": "ASK {}"}, timeout=1).raise_for_status()
                break
            except httpx.HTTPError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(
                        f"oxigraph serve did not start: {(folder / 'server.log').read_text()}"
                    ) from None
                time.sleep(0.05)
        yield url
    finally:
        process.terminate()
        process.wait(10)
        log.close()


def empty_remote(url: str) -> Store:
    """A store on the server at ``url`` with every named graph dropped."""
    store = Store(url)
    for graph in store.graphs():
        store.drop_graph(graph)
    return store


@pytest.fixture(params=["embedded", "remote"])
def any_store(request: pytest.FixtureRequest) -> Iterator[Store]:
    """An empty store on each backend: embedded (in memory) and a SPARQL server."""
    if request.param == "embedded":
        yield Store()
        return
    store = empty_remote(request.getfixturevalue("sparql_server"))
    yield store
    store.close()
