"""The whole demo on both store backends: build time per step, counts and answers.

Starts an Oxigraph server (the ``oxigraph`` package's binary) on a free loopback
port, then runs every ``keino demo`` step into an on-disk embedded store (the
baseline) and into the server, ``--rounds`` times each (fresh stores), and prints
the median seconds per step and in total for both, the ratio remote / embedded,
whether every graph has the same count on both, and how many named queries
answer the same (run columns and ``GROUP_CONCAT`` order aside, as in
``tests/test_remote_store.py``).

    .venv/bin/python -m bench.store_backends --rounds 1
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from rich.console import Console

from graph.queries import QueryCatalogue
from graph.results import Table, run_named
from graph.store import Store
from keino.demo import demo_steps

RUN_COLUMNS = frozenset({"run", "started", "ended", "loaded"})


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(folder: Path) -> tuple[subprocess.Popen[bytes], str]:
    """``oxigraph serve`` on a free loopback port; its process and base URL."""
    binary = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or "oxigraph"
    port = _port()
    command = [binary, "serve", "--location", str(folder), "--bind", f"127.0.0.1:{port}"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/"
    for _ in range(200):
        try:
            httpx.get(url + "query", params={"query": "ASK {}"}, timeout=1).raise_for_status()
            return process, url
        except httpx.HTTPError:
            time.sleep(0.05)
    process.kill()
    raise RuntimeError("oxigraph serve did not start")


def build(store: Store) -> dict[str, float]:
    """Every demo step into ``store``; seconds per step title."""
    times = {}
    for step in demo_steps():
        started = time.perf_counter()
        step.run(store)
        times[step.title] = time.perf_counter() - started
    return times


def answer(store: Store, name: str) -> object:
    """A named query's answer in comparable form (see the module's docstring)."""
    query = QueryCatalogue().get(name)
    params = {p.name: p.example for p in query.params if not p.optional and p.example}
    result = run_named(store, query, params)
    if isinstance(result, Table):
        keep = [v for v in result.variables if v not in RUN_COLUMNS]
        return sorted(
            tuple(", ".join(sorted(str(row.get(v, "")).split(", "))) for v in keep)
            for row in result.rows
        )
    return result if isinstance(result, bool) else sorted(map(str, result))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()
    console = Console(width=120)
    runs: dict[str, list[dict[str, float]]] = {"embedded": [], "remote": []}
    with tempfile.TemporaryDirectory(prefix="keino-bench-") as tmp:
        stores: dict[str, Store] = {}
        for i in range(args.rounds):
            server, url = start_server(Path(tmp) / f"server-{i}")
            try:
                stores = {"embedded": Store(Path(tmp) / f"embedded-{i}"), "remote": Store(url)}
                for kind, store in stores.items():
                    runs[kind].append(build(store))
                same_counts = (
                    all(
                        stores["embedded"].count(g) == stores["remote"].count(g)
                        for g in stores["embedded"].graphs()
                    )
                    and stores["embedded"].graphs() == stores["remote"].graphs()
                )
                names = sorted(q.name for q in QueryCatalogue())
                same = [
                    n for n in names if answer(stores["embedded"], n) == answer(stores["remote"], n)
                ]
                quads = stores["embedded"].count()
            finally:
                server.terminate()
                server.wait(10)
    console.print(f"demo build, median of {args.rounds} round(s); baseline: embedded on-disk store")
    console.print(f"{'step':<60} {'embedded s':>10} {'remote s':>9} {'ratio':>6}")
    for title in runs["embedded"][0]:
        a = statistics.median(r[title] for r in runs["embedded"])
        b = statistics.median(r[title] for r in runs["remote"])
        console.print(f"{title[:60]:<60} {a:10.2f} {b:9.2f} {b / a if a else 0:6.2f}")
    a = statistics.median(sum(r.values()) for r in runs["embedded"])
    b = statistics.median(sum(r.values()) for r in runs["remote"])
    console.print(f"{'total':<60} {a:10.2f} {b:9.2f} {b / a:6.2f}")
    console.print(f"{quads:,} quads; same counts per graph: {same_counts}; "
                  f"same named-query answers: {len(same)} of {len(names)}")  # fmt: skip
    console.print(f"load average during the run: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
