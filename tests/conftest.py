"""Shared fixtures: the demo graph, built once per test process.

``demo_store`` runs every ``keino demo`` step (every bundled source and
derived dataset) into one on-disk store in a temporary folder, so query, API and explorer tests
look at the same graph a newcomer sees after ``make demo``. Tests must not
write to it; a test that needs to change a graph builds its own store.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from rich.console import Console

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
