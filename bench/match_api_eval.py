"""Matchmaking measured the way a user meets it: eForms notices → ``keino ingest notices``
→ ``keino serve`` → ``POST /match``, beside the in-process ``keino match evaluate``.

For each drawn market (:mod:`bench.market`, synthetic; its hidden winner model
drawn per market):

1. the older ``train_share`` of the awarded lots are written as eForms result
   notices (:mod:`bench.eforms_market`, XSD-valid) into ``history/``, the newer
   ones into ``questions/``;
2. ``keino --store served ingest notices history/`` (a subprocess: parse, map,
   reconcile, load, then the match index is rebuilt and the ranker refitted);
   the same store is copied and ``questions/`` ingested into the copy, on which
   ``keino match evaluate`` runs (its time-ordered split is then the same
   history / questions split, so its figures are those the API should give);
3. ``keino --store served serve`` on a free port; each question lot is asked by
   ``POST /match`` with its title, CPV, place and estimate as ``text``, ``cpv``,
   ``region``, ``budget`` (pass *need*), then again with the buyer, found as a
   user finds it: ``GET /search?q=<buyer name>&type=Organization``, the hit whose
   label is the name (pass *need + buyer*, what ``keino match evaluate`` asks);
4. an answer is right when a supplier IRI in it is the winner's organisation
   (by its business ID, as reconciliation names it): HR@1/5/10, MRR@10, nDCG@10.

Printed per market: the API figures of both passes, the in-process table
(KEINO and the count baselines), the gap API − in-process, the ranker the server
uses and whether its index is current; then the mean and worst case.

    python -m bench.match_api_eval                      # 3 markets, 600 suppliers, 6,000 lots
    python -m bench.match_api_eval --markets 10 --lots 8000
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import httpx
import numpy as np

from bench.eforms_market import Identities, ingested_lot, write_notices
from bench.market import Market, generate
from graph.matching.evaluate import Scores, score
from graph.procurement import LotRecord, OrgRef

KEINO = [str(Path(sys.executable).with_name("keino"))]  # the console script of this environment
FIGURES = ("hr1", "hr5", "hr10", "mrr10", "ndcg10")
PASSES = ("API need", "API need + buyer")
# --registry: the bundled registry subset first (code lists, companies, their funding;
# the TOL ↔ CPV bridge follows by itself), so never-won companies compete in answers
REGISTRY = ("codelists", "companies", "funding")


def keino(store: Path, *args: str, timeout: float = 1800) -> str:
    """Run ``keino --store STORE ARGS…``; its stdout, or RuntimeError with its stderr."""
    done = subprocess.run([*KEINO, "--store", str(store), *args], capture_output=True,
                          text=True, timeout=timeout, env=_env())  # fmt: skip
    if done.returncode != 0:
        raise RuntimeError(f"keino {' '.join(args)} failed: {done.stderr.strip()[-2000:]}")
    return done.stdout


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("PYTHONPATH", str(Path(__file__).resolve().parents[1]))
    env["COLUMNS"] = "200"  # rich tables unwrapped
    return env


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def served(store: Path, ready_within: float = 180) -> Iterator[str]:
    """``keino --store STORE serve`` on a free port; yields its base URL, stops it after."""
    port = _free_port()
    log = tempfile.TemporaryFile()  # noqa: SIM115 (closed in the finally below)
    proc = subprocess.Popen([*KEINO, "--store", str(store), "serve", "--port", str(port)],
                            stdout=log, stderr=subprocess.STDOUT, env=_env())  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + ready_within
        while True:
            if proc.poll() is not None:
                log.seek(0)
                raise RuntimeError(f"keino serve exited: {log.read().decode()[-2000:]}")
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(base + "/healthz", timeout=2).status_code == 200:
                    break
            if time.monotonic() > deadline:
                raise RuntimeError(f"keino serve not ready in {ready_within:.0f} s")
            time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


@dataclass
class Split:
    """A market written as notices: history and question records, in graph identities."""

    history: list[LotRecord]
    questions: list[LotRecord]  # the asked ones (sampled as ``evaluate`` samples)
    ids: Identities
    folder: Path


def _in_graph(rec: LotRecord, ids: Identities, seed: int, i: int) -> LotRecord:
    """The market's ``i``-th record with its lot and organisations as the ingested graph
    names them."""

    def ref(o: OrgRef) -> OrgRef:
        return replace(o, iri=ids.graph_iri(o.iri))

    return replace(rec, lot=ingested_lot(seed, i), buyers=tuple(map(ref, rec.buyers)),
                   winners=tuple(map(ref, rec.winners)))  # fmt: skip


def write_split(market: Market, folder: Path, seed: int, train_share: float,
                max_test: int) -> Split:  # fmt: skip
    """``history/`` and ``questions/`` notice folders; the split as ``evaluate`` makes it
    (market records are in (date, lot) order, as the ingested lots' IRIs sort)."""
    records = [r for r in market.records if r.winners]
    cut = int(len(records) * train_share)
    write_notices(market, enumerate(records[:cut]), folder / "history", seed)
    write_notices(market, ((cut + i, r) for i, r in enumerate(records[cut:])),
                  folder / "questions", seed)  # fmt: skip
    ids = Identities.of(market)
    graph = [_in_graph(r, ids, seed, i) for i, r in enumerate(records)]
    test = graph[cut:]
    return Split(graph[:cut], test[:: max(1, len(test) // max_test)][:max_test], ids, folder)


@dataclass
class Asker:
    """Asks ``POST /match`` as a user would, resolving buyers through ``GET /search``."""

    client: httpx.Client
    buyers: dict[str, str | None] = field(default_factory=dict)  # name → IRI found
    index: dict[str, Any] = field(default_factory=dict)  # the last answer's index status
    kinds: Counter[str] = field(default_factory=Counter)  # winner | potential, over answers

    def buyer(self, name: str) -> str | None:
        """The IRI of the organisation ``/search`` finds under ``name`` (its exact label
        first, else the first organisation hit), None when nothing is found."""
        if name not in self.buyers:
            page = self.client.get("/search", params={"q": name, "type": "Organization",
                                                      "limit": 10})  # fmt: skip
            page.raise_for_status()
            hits = page.json()["hits"]
            exact = [h for h in hits if h["label"].casefold() == name.casefold()]
            self.buyers[name] = (exact or hits or [{"iri": None}])[0]["iri"]
        return self.buyers[name]

    def ask(self, rec: LotRecord, with_buyer: bool) -> list[str]:
        """The supplier IRIs ``POST /match`` answers for the lot's need, best first."""
        region = rec.nuts[0] if rec.nuts else None
        body: dict[str, Any] = {"text": rec.titles["fi"], "cpv": list(rec.cpv[:1]),
                                "region": region, "limit": 10}  # fmt: skip
        if rec.estimated_value:
            body["budget"] = rec.estimated_value
        if with_buyer:
            body["buyer"] = self.buyer(rec.buyers[0].label)
        answer = self.client.post("/match", json=body)
        answer.raise_for_status()
        data = answer.json()
        self.index = data["index"]
        self.kinds.update(r["kind"] for r in data["results"])
        return [r["supplier"]["iri"] for r in data["results"]]


@dataclass
class MarketRun:
    """One market's figures: API passes, the in-process table, and what the server used."""

    seed: int
    api: dict[str, Scores]
    in_process: dict[str, tuple[float, ...]]  # method → HR@1 HR@5 HR@10 MRR@10 nDCG@10
    table: str
    index: dict[str, Any]
    potentials: float  # share of answered suppliers that are never-won registry companies
    buyers_found: float  # share of question buyers in the history /search resolved rightly
    seconds: dict[str, float]


def parse_table(text: str) -> dict[str, tuple[float, ...]]:
    """``keino match evaluate``'s table → method → (HR@1, HR@5, HR@10, MRR@10, nDCG@10)."""
    rows = {}
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("method"))
    for line in lines[start + 1 :]:
        parts = line.split()
        if len(parts) < 9:
            continue
        name = " ".join(parts[:-8])
        rows[name] = tuple(float(v) for v in parts[-8:-3])
    return rows


def run_market(seed: int, args: argparse.Namespace, work: Path) -> MarketRun:
    """Everything above for one market, in ``work``."""
    seconds: dict[str, float] = {}
    clock = time.perf_counter()
    market = generate(args.suppliers, args.lots, n_buyers=args.buyers, n_sectors=args.sectors,
                      seed=seed)  # fmt: skip
    split = write_split(market, work / "notices", seed, args.train_share, args.max_test)
    seconds["write notices"], clock = time.perf_counter() - clock, time.perf_counter()
    store, full = work / "served", work / "full"
    for source in REGISTRY if args.registry else ():
        keino(store, "ingest", source)
    keino(store, "ingest", "notices", str(split.folder / "history"))
    seconds["ingest history"], clock = time.perf_counter() - clock, time.perf_counter()
    shutil.copytree(store, full)
    shutil.copytree(work / "served.match-index", work / "full.match-index")
    keino(full, "ingest", "notices", str(split.folder / "questions"))
    table = keino(full, "match", "evaluate", "--train-share", str(args.train_share),
                  "--max-test", str(args.max_test), "--seed", str(seed))  # fmt: skip
    seconds["keino match evaluate"], clock = time.perf_counter() - clock, time.perf_counter()
    wins: Counter[str] = Counter(w.iri for r in split.history for w in r.winners)
    # the first /search waits for the server's label index (minutes with the registry)
    with served(store) as base, httpx.Client(base_url=base, timeout=600) as client:
        seconds["serve start"], clock = time.perf_counter() - clock, time.perf_counter()
        asker = Asker(client)
        api = {name: score(functools.partial(asker.ask, with_buyer=b), split.questions, wins)
               for name, b in zip(PASSES, (False, True), strict=True)}  # fmt: skip
        seconds["HTTP questions"] = time.perf_counter() - clock
    known = {b.iri for r in split.history for b in r.buyers}
    right = [asker.buyers.get(r.buyers[0].label) == r.buyers[0].iri
             for r in split.questions if r.buyers[0].iri in known]  # fmt: skip
    potentials = asker.kinds["potential"] / max(sum(asker.kinds.values()), 1)
    return MarketRun(seed, api, parse_table(table), table, asker.index, potentials,
                     float(np.mean(right)), seconds)  # fmt: skip


def report(run: MarketRun) -> str:
    """One market's lines: the API passes beside the in-process rows, and the gap."""
    lines = [f"{'method':28} " + " ".join(f"{f:>7}" for f in ("HR@1", "HR@5", "HR@10",
                                                               "MRR@10", "nDCG@10"))]  # fmt: skip
    for name, s in run.api.items():
        lines.append(f"{name:28} " + " ".join(f"{getattr(s, f):7.3f}" for f in FIGURES))
    for name, row in run.in_process.items():
        lines.append(f"{'in-process ' + name:28} " + " ".join(f"{v:7.3f}" for v in row))
    ours = _ours(run)
    gap = [getattr(run.api[PASSES[1]], f) - v for f, v in zip(FIGURES, run.in_process[ours],
                                                                strict=True)]  # fmt: skip
    lines.append(f"{'gap API (+buyer) − in-process':28} " + " ".join(f"{g:+7.3f}" for g in gap))
    idx = run.index
    lines.append(f"server index: {'stale' if idx.get('stale') else 'current'} "
                 f"(built for {idx.get('built_for')}, store {idx.get('store_version')}), "
                 f"{idx.get('suppliers')} suppliers, {idx.get('lots')} lots, "
                 f"{idx.get('registry_companies')} registry companies; ranker {idx.get('ranker')} "
                 f"({idx.get('ranker_reason')}); buyers of the history found by /search: "
                 f"{run.buyers_found:.1%}; potentials among the answers: "
                 f"{run.potentials:.1%}")  # fmt: skip
    lines.append("seconds: " + ", ".join(f"{k} {v:.0f}" for k, v in run.seconds.items()))
    return "\n".join(lines)


def _ours(run: MarketRun) -> str:
    return next(n for n in run.in_process if n.startswith("KEINO"))


def summary(runs: list[MarketRun]) -> str:
    """Mean and worst case over markets of HR@10 and MRR@10 for each row."""
    rows: dict[str, list[tuple[float, float]]] = {}
    for run in runs:
        for name, s in run.api.items():
            rows.setdefault(name, []).append((s.hr10, s.mrr10))
        for name, row in run.in_process.items():
            key = "in-process " + ("KEINO" if name.startswith("KEINO") else name)
            rows.setdefault(key, []).append((row[2], row[3]))
    lines = [f"\n{len(runs)} markets: {'method':28} {'HR@10 mean worst':>18} "
             f"{'MRR@10 mean worst':>19}"]  # fmt: skip
    for name, values in rows.items():
        hr, mrr = np.array(values).T
        lines.append(f"{'':11}{name:28} {hr.mean():8.3f} {hr.min():6.3f}   "
                     f"{mrr.mean():8.3f} {mrr.min():6.3f}")  # fmt: skip
    gaps = [run.api[PASSES[1]].mrr10 - run.in_process[_ours(run)][3] for run in runs]
    lines.append(f"largest |gap| API (+buyer) − in-process on MRR@10: "
                 f"{max(abs(g) for g in gaps):.3f}")  # fmt: skip
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--markets", type=int, default=3)
    parser.add_argument("--suppliers", type=int, default=600)
    parser.add_argument("--lots", type=int, default=6000)
    parser.add_argument("--buyers", type=int, default=120)
    parser.add_argument("--sectors", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1, help="seed of the first market")
    parser.add_argument("--train-share", type=float, default=0.8)
    parser.add_argument("--max-test", type=int, default=1000)
    parser.add_argument("--registry", action="store_true",
                        help="the served store holds the bundled registry subset too")  # fmt: skip
    args = parser.parse_args()
    runs = []
    for m in range(args.markets):
        with tempfile.TemporaryDirectory(prefix="keino-match-api-") as tmp:
            run = run_market(args.seed + m, args, Path(tmp))
        runs.append(run)
        print(f"\n== market {m + 1} (seed {run.seed}, synthetic, eForms → CLI ingest → HTTP)")
        print(report(run), flush=True)
    print(summary(runs))


if __name__ == "__main__":
    main()
