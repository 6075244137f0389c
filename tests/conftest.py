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

import pytest
import uvicorn
from rich.console import Console

from api.main import create_app
from graph.store import Store
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


@contextmanager
def serving(store: Store) -> Iterator[str]:
    """``create_app(store)`` under uvicorn on a free loopback port; yields its base URL.

    The app reads its settings (``KEINO_SPARQL_*``) from the environment when
    it starts; leaving the block shuts it down (and its query workers).
    """
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = uvicorn.Config(create_app(store), host="127.0.0.1", port=port, log_level="warning")
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
def live_server() -> Iterator[Callable[[Store], str]]:
    """Start a live server over a store: ``base = live_server(store)``.

    Each call starts one more server; all stop at the end of the session.
    """
    with ExitStack() as servers:
        yield lambda store: servers.enter_context(serving(store))
