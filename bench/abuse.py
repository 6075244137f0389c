"""Normal traffic with and without a hostile mix, against a live server, in one run.

A ``keino serve``-equivalent server (uvicorn in a child process, query workers
as in production) over the demo graph on a loopback port. Two phases of the
same normal traffic (named queries, a SELECT over the endpoint, /healthz, a
search) at concurrency 20:

1. baseline: normal traffic only;
2. under abuse: the same, while 4 of the 20 clients send hostile requests
   (runaway COUNT over a cartesian product, a ``(a|!a)*`` path, 3,000 nested
   groups, ``SERVICE`` to a loopback port, a 3 MB JSON body).

Prints normal-traffic p50/p95 (ms) and the number of failed normal requests
(anything but 200) for each phase, the hostile answers by status, and whether
the server stayed up. Done when p95 under abuse is within 2x of the baseline's.

    .venv/bin/python bench/abuse.py [--seconds 20] [--timeout 3]
"""

from __future__ import annotations

import argparse
import collections
import concurrent.futures
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from rich.console import Console

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from graph.store import Store  # noqa: E402
from keino.demo import build_demo  # noqa: E402

NORMAL = [
    ("GET", "/queries/entity-names?entity=https://w3id.org/keino/id/municipality/091", None),
    ("GET", "/queries/nuts-regions?within=FI1B", None),
    (
        "GET",
        "/sparql?query=SELECT%20%3Fp%20%3Fo%20WHERE%20%7B%20%3Chttps%3A%2F%2Fw3id.org%2Fkeino"
        "%2Fid%2Fmunicipality%2F091%3E%20%3Fp%20%3Fo%20%7D",
        None,
    ),
    ("GET", "/sparql?query=ASK%20%7B%20%3Fs%20%3Fp%20%3Fo%20%7D", None),
    ("GET", "/healthz", None),
    ("GET", "/search?q=helsinki", None),
]
HOSTILE = [
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
    "SELECT (COUNT(*) AS ?n) WHERE { ?a (<urn:p>|!<urn:p>)* ?b . ?c ?d ?e }",
    "SELECT * WHERE " + "{" * 3000 + " ?s ?p ?o " + "}" * 3000,
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(store: Path, port: int, timeout: float) -> subprocess.Popen[bytes]:
    """``keino serve`` on ``store`` (the real command, in a child process)."""
    env = {**os.environ, "KEINO_SPARQL_TIMEOUT": str(timeout), "KEINO_SEARCH_WARM": "1"}
    keino = str(Path(sys.executable).parent / "keino")
    child = subprocess.Popen(
        [keino, "--store", str(store), "serve", "--port", str(port)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/healthz", timeout=2).status_code == 200:
                httpx.get(base + "/search?q=helsinki", timeout=120)  # warm the label index
                return child
        except httpx.HTTPError:
            time.sleep(0.2)
    child.kill()
    raise RuntimeError("the server did not start")


def normal_client(base: str, until: float, seed: int) -> list[tuple[float, int]]:
    """Send normal requests round-robin until ``until``; (latency s, status) each."""
    out = []
    with httpx.Client(base_url=base, timeout=60) as client:
        i = seed
        while time.monotonic() < until:
            method, path, _ = NORMAL[i % len(NORMAL)]
            started = time.monotonic()
            try:
                status = client.request(method, path).status_code
            except httpx.HTTPError:
                status = 0
            out.append((time.monotonic() - started, status))
            i += 1
    return out


def hostile_client(base: str, until: float, seed: int, seen: collections.Counter[str]) -> None:
    """Send hostile requests until ``until``; count the answers by status."""
    with httpx.Client(base_url=base, timeout=60) as client:
        i = seed
        while time.monotonic() < until:
            try:
                if i % 5 == 4:
                    answer = client.post(
                        "/match",
                        content=b'{"text": "' + b"x" * 3_000_000 + b'"}',
                        headers={"Content-Type": "application/json"},
                    )
                else:
                    answer = client.post("/sparql", data={"query": HOSTILE[i % 4]})
                seen[str(answer.status_code)] += 1
            except httpx.HTTPError as exc:
                seen[type(exc).__name__] += 1
            i += 1


def phase(base: str, seconds: float, normal: int, hostile: int) -> tuple[list, collections.Counter]:
    until = time.monotonic() + seconds
    seen: collections.Counter[str] = collections.Counter()
    with concurrent.futures.ThreadPoolExecutor(normal + hostile) as pool:
        futures = [pool.submit(normal_client, base, until, i) for i in range(normal)]
        for i in range(hostile):
            pool.submit(hostile_client, base, until, i, seen)
        results = [r for f in futures for r in f.result()]
    return results, seen


def summary(results: list[tuple[float, int]]) -> tuple[float, float, int, int]:
    latencies = sorted(t for t, _ in results)
    p95 = latencies[max(0, int(len(latencies) * 0.95) - 1)]
    errors = sum(1 for _, status in results if status != 200)
    return statistics.median(latencies) * 1000, p95 * 1000, errors, len(results)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=20.0, help="length of each phase")
    parser.add_argument("--timeout", type=float, default=3.0, help="KEINO_SPARQL_TIMEOUT")
    parser.add_argument("--store", type=Path, help="an existing demo store (else built)")
    args = parser.parse_args()
    console = Console()
    with tempfile.TemporaryDirectory() as tmp:
        store_path = args.store
        if store_path is None:
            store_path = Path(tmp) / "store"
            store = Store(store_path)
            assert build_demo(store, Console(file=open(os.devnull, "w")))  # noqa: SIM115
            del store
        port = free_port()
        server = start_server(store_path, port, args.timeout)
        base = f"http://127.0.0.1:{port}"
        try:
            base_results, _ = phase(base, args.seconds, 20, 0)
            abuse_results, seen = phase(base, args.seconds, 16, 4)
            alive = httpx.get(base + "/healthz", timeout=10).status_code == 200
        finally:
            server.terminate()
            server.wait(30)
    b50, b95, berr, bn = summary(base_results)
    a50, a95, aerr, an = summary(abuse_results)
    console.print(f"demo graph, concurrency 20, {args.seconds:g} s per phase, "
                  f"query timeout {args.timeout:g} s")  # fmt: skip
    console.print(f"baseline (20 normal clients):      n={bn:5d}  p50 {b50:7.1f} ms  "
                  f"p95 {b95:7.1f} ms  errors {berr}")  # fmt: skip
    console.print(f"under abuse (16 normal, 4 hostile): n={an:5d}  p50 {a50:7.1f} ms  "
                  f"p95 {a95:7.1f} ms  errors {aerr}")  # fmt: skip
    for name, results in (("baseline", base_results), ("under abuse", abuse_results)):
        statuses = collections.Counter(str(status) for _, status in results if status != 200)
        console.print(f"normal errors by status, {name}: {dict(sorted(statuses.items()))}")
    console.print(f"hostile answers by status: {dict(sorted(seen.items()))}")
    console.print(f"p95 under abuse / baseline p95: {a95 / b95:.2f}x (target ≤ 2x); "
                  f"server alive after: {alive}")  # fmt: skip


if __name__ == "__main__":
    main()
