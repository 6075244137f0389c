"""Matchmaking at scale: build time (ranker fit + index), memory, and the latency of
one match (need → suppliers, with explanations) and of the reverse direction
(supplier → open needs).

Builds a synthetic market (``bench.market``), fits the ranker on its awards,
indexes them together with ``--open`` open lots (later lots of the same market
with their winners removed), saves and reloads the index, then times
``Matcher.match`` for needs made from held-out lots (text, CPV, region, budget,
buyer) and ``Matcher.needs_for`` for random suppliers. Prints p50 and p95
beside the targets (match p95 ≤ 50 ms at 100,000 winners / 1,000,000 lots;
open needs p95 ≤ 100 ms with 10,000 open lots; build ≤ 10 min; peak ≤ 6 GB).

    python -m bench.match_latency --suppliers 10000 --lots 100000   # 1/10 scale
    python -m bench.match_latency --registry 60000   # + 60,000 registry companies

``--registry N`` adds N *synthetic* registry companies (labelled so: IRIs under
``https://example.org/synthetic/company/``): a TOL main line drawn from the real
codes of the bundled Tampere registry subset as often as they occur there; Business
Finland-like funding for a third of them (1–4 records, instrument, year 2012–2025
and amount drawn at random); the first tenth are the market's winners under the same
IRI (one candidate each). The TOL ↔ CPV bridge is the real one computed from the
bundled labels and ``data/bridge/overrides.csv``.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import dataclasses
import resource
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from bench.market import generate
from graph.bridge import (
    StoredMapping,
    apply_overrides,
    compute_mappings,
    mapping_iri,
    read_overrides,
)
from graph.codes import cpv_codes
from graph.matching import Matcher, fit_ranker
from graph.matching import index as ix
from graph.matching.ranker import need_of_record
from graph.matching.registry import INSTRUMENTS, CompanyRecord, FundingRecord
from graph.matching.text import lemmas
from graph.resources import resource_dir

SYNTHETIC = "https://example.org/synthetic/company/"
# Figures of the build before the memory work, per (suppliers, lots, registry) scale
# point, measured with this bench on the same shared machine: step → (CPU s, peak MB),
# and the whole build → (CPU s, peak MB of the run).
# Before: every fit question held all its candidates' rows (1/10 scale: 2,322 questions
# × 3,566 candidates on average, 1.5 GB; growing with the number of suppliers).
BEFORE: dict[tuple[int, int, int], dict[str, tuple[float, float]]] = {
    (10_000, 100_000, 60_000): {
        "fit (history index, questions)": (81.3, 3_554),
        "index": (4.0, 2_733),
        "open-needs matrices": (2.8, 2_706),
        "load + warm (a server start)": (3.1, 2_757),
    },
}
# Match CPU p95 (ms) before winners were ranked from summed signal columns (every
# candidate's full signal row was built) and before evidence was looked for in growing
# stretches, per scale point, measured with this bench on the same machine.
BEFORE_MATCH_P95: dict[tuple[int, int, int], float] = {
    (20_000, 200_000, 120_000): 17.5,
    (50_000, 500_000, 300_000): 79.5,
}
BEFORE_TOTALS: dict[tuple[int, int, int], tuple[float, float]] = {
    (10_000, 100_000, 60_000): (88, 3_554),
    (20_000, 200_000, 120_000): (98, 5_300),
}


def real_lines() -> dict[str, tuple[str, int]]:
    """TOL code → (Finnish label, companies) of the bundled registry subset."""
    path = resource_dir("data") / "companies" / "tampere-funded-companies.csv"
    out: dict[str, tuple[str, int]] = {}
    with open(path, encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            code, label = row["mainBusinessLineType"], row["mainBusinessLineDescription"]
            if code and label:
                out[code] = (label, out.get(code, ("", 0))[1] + 1)
    return out


def bridge(lines: dict[str, tuple[str, int]]) -> list[StoredMapping]:
    """The real bridge of the bundled labels and overrides."""
    cpv = {code[:8]: c.labels["fi"] for code, c in cpv_codes().items() if c.labels.get("fi")}
    path = resource_dir("data") / "bridge" / "overrides.csv"
    overrides = read_overrides(path.read_text(encoding="utf-8"), str(path))
    mappings = apply_overrides(compute_mappings({k: v[0] for k, v in lines.items()}, cpv),
                               [o for o in overrides if o.cpv in cpv])  # fmt: skip
    return [StoredMapping(mapping_iri(m.tol, m.cpv), m.tol, m.cpv, m.relation, m.confidence,
                          m.method) for m in mappings]  # fmt: skip


def synthetic_companies(n: int, winners: list[str], seed: int) -> list[CompanyRecord]:
    """``n`` synthetic registry companies (see the module doc)."""
    rng = np.random.default_rng(seed)
    lines = real_lines()
    codes = list(lines)
    weights = np.array([lines[c][1] for c in codes], dtype=np.float64)
    drawn = rng.choice(len(codes), size=n, p=weights / weights.sum())
    out = []
    for i in range(n):
        iri = winners[i] if i < min(len(winners), n // 10) else f"{SYNTHETIC}{i}"
        code = codes[int(drawn[i])]
        funding: tuple[FundingRecord, ...] = ()
        if rng.random() < 1 / 3:
            funding = tuple(
                FundingRecord(f"{iri}/funding/{k}", str(rng.choice(INSTRUMENTS)),
                              int(rng.integers(2012, 2026)), float(rng.lognormal(11, 1.2)))
                for k in range(int(rng.integers(1, 5)))
            )  # fmt: skip
        out.append(CompanyRecord(iri, f"Synthetic company {i}", code, lines[code][0],
                                 funding=funding))  # fmt: skip
    return out


def _status_mb(field: str) -> float:
    """A memory figure of this process from /proc/self/status (MB)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def rss_mb() -> float:
    """Resident memory now (MB)."""
    return _status_mb("VmRSS")


def peak_mb() -> float:
    """The highest resident memory of the whole run (MB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@dataclasses.dataclass
class Stage:
    """One step of the build: CPU and wall seconds, its own peak and the RSS after it."""

    name: str
    cpu_s: float
    wall_s: float
    peak_mb: float
    rss_mb: float


class Stages:
    """Times each step and measures its own peak resident memory: the kernel's high-water
    mark (VmHWM) is reset before the step (``/proc/self/clear_refs``) and read after."""

    def __init__(self) -> None:
        self.done: list[Stage] = []
        self.resettable = _reset_peak()

    @contextlib.contextmanager
    def __call__(self, name: str) -> Iterator[None]:
        _reset_peak()
        cpu, wall = time.process_time(), time.perf_counter()
        yield
        self.done.append(Stage(name, time.process_time() - cpu, time.perf_counter() - wall,
                               _status_mb("VmHWM"), rss_mb()))  # fmt: skip

    def table(self, before: dict[str, tuple[float, float]]) -> str:
        """The steps beside ``before`` (step → (CPU s, peak MB)) where one is known."""
        lines = [f"  {'step':<32}{'CPU s':>8}{'wall s':>8}{'peak MB':>9}{'RSS after':>11}"
                 f"   before: CPU s / peak MB"]  # fmt: skip
        for s in self.done:
            was = before.get(s.name)
            then = f"   {was[0]:6.0f} / {was[1]:7,.0f}" if was else ""
            lines.append(f"  {s.name:<32}{s.cpu_s:8.1f}{s.wall_s:8.1f}{s.peak_mb:9,.0f}"
                         f"{s.rss_mb:11,.0f}{then}")  # fmt: skip
        return "\n".join(lines)


def _reset_peak() -> bool:
    """Reset this process's resident-memory high-water mark (Linux); False when it cannot."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def percentiles(ms: list[float]) -> str:
    p50, p95 = np.percentile(ms, [50, 95])
    return f"p50 {p50:6.1f} ms   p95 {p95:6.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--suppliers", type=int, default=10_000)
    parser.add_argument("--lots", type=int, default=100_000)
    parser.add_argument("--open", type=int, default=10_000, help="open lots for the reverse")
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--registry", type=int, default=0,
                        help="synthetic registry companies (TOL line, funding)")  # fmt: skip
    args = parser.parse_args()
    lemmas("lämmitys", "fi")  # load the lemmatiser's dictionary outside the timings
    print(f"bench started {time.strftime('%H:%M:%S')}; CPU and wall time both given: the "
          "machine is shared, so wall time includes waiting for a core")  # fmt: skip

    stages = Stages()
    start_mb = rss_mb()
    with stages("records (synthetic market)"):
        market = generate(args.suppliers, args.lots + args.queries + args.open,
                          n_buyers=max(300, args.suppliers // 20), seed=args.seed)  # fmt: skip
        train = market.records[: args.lots]
        held_out = market.records[args.lots : args.lots + args.queries]
        open_lots = [dataclasses.replace(r, winners=(), notice_kind="competition")
                     for r in market.records[args.lots + args.queries :]]  # fmt: skip
    print(f"market (synthetic): {args.suppliers:,} suppliers, {len(train):,} awarded lots, "
          f"{len(open_lots):,} open lots; records {rss_mb() - start_mb:,.0f} MB")  # fmt: skip

    companies: list[CompanyRecord] = []
    mappings: list[StoredMapping] = []
    if args.registry:
        with stages("registry records (synthetic)"):
            mappings = bridge(real_lines())
            winners = sorted({w.iri for r in train for w in r.winners})
            companies = synthetic_companies(args.registry, winners, args.seed)
        print(f"registry (synthetic): {len(companies):,} companies, "
              f"{sum(len(c.funding) for c in companies):,} funding records; real bridge: "
              f"{len(mappings):,} mappings")  # fmt: skip

    with stages("fit (history index, questions)"):
        ranker = fit_ranker(train, sizes=market.sizes, companies=companies, mappings=mappings)

    def build_index() -> ix.MatchIndex:
        return ix.build_index(train, fingerprint="bench", open_needs=open_lots,
                              sizes=market.sizes, companies=companies,
                              mappings=mappings)  # fmt: skip

    with stages("index"):
        index = build_index()
        index.ranker = ranker.as_dict()
    with stages("matcher (feature arrays)"):
        matcher = Matcher(index, ranker)
    with stages("open-needs matrices"):
        matcher.warm()
    built = stages.done[-4:]
    total_s, build_cpu = sum(s.wall_s for s in built), sum(s.cpu_s for s in built)
    build_peak = max(s.peak_mb for s in built)
    print(
        f"ranker {ranker.kind} ({ranker.reason}); registry weights "
        f"{ranker.details.get('registry_weights')}: "
        + ", ".join(f"{k} {ranker.weights[k]:+.3f}" for k in ("bridge", "line_text", "funding"))
    )
    print(f"index: {index.size[0]:,} suppliers, {index.size[1]:,} lots, "
          f"{len(index.lemma_vocab):,} lemmas, "
          f"{len(index.ngram_postings.idx):,} n-gram postings")  # fmt: skip

    with tempfile.TemporaryDirectory() as folder:
        with stages("save"):
            ix.save(index, Path(folder))
        size = sum(p.stat().st_size for p in Path(folder).iterdir()) / 2**20
        del matcher, index
        with stages("load + warm (a server start)"):
            matcher = Matcher(ix.load(Path(folder)))
            matcher.warm()
            index = matcher.index
        print(f"index on disk {size:,.0f} MB")
    # After an ingest the server keeps answering from the index it has while the new
    # one is built beside it (graph.matching.handle): the memory that has to fit is
    # the served index plus a whole build.
    with stages("rebuild beside the served index"):
        fresh = fit_ranker(train, sizes=market.sizes, companies=companies, mappings=mappings)
        rebuilt = Matcher(build_index(), fresh)
        rebuilt.warm()
        del rebuilt, fresh
    key = (args.suppliers, args.lots, args.registry)
    print(
        f"build steps (peak: each step's own high-water mark of the whole process, the "
        f"records included{'' if stages.resettable else '; NOT resettable here: cumulative'})"
    )
    print(stages.table(BEFORE.get(key, {})))
    print(f"build total {total_s:.0f} s wall, {build_cpu:.0f} s CPU; build peak "
          f"{build_peak:,.0f} MB; RSS now {rss_mb():,.0f} MB")  # fmt: skip
    print(f"served index + a rebuild beside it: peak {stages.done[-1].peak_mb:,.0f} MB "
          f"(target ≤ 6,144 MB)")  # fmt: skip

    needs = [need_of_record(r) for r in held_out]
    full_ms, full_cpu = [], []
    potential = considered = 0
    for need in needs:
        started, cpu_started = time.perf_counter(), time.process_time()
        found = matcher.match(need)
        full_ms.append((time.perf_counter() - started) * 1000)
        full_cpu.append((time.process_time() - cpu_started) * 1000)
        potential += sum(m.kind == "potential" for m in found)
        considered += len(matcher.features.potential(matcher.features.prepare(need))[0])
    print(f"match (top 10 + explanations)   {percentiles(full_ms)}   (target p95 ≤ 50 ms "
          f"at 100,000 winners / 1,000,000 lots / 600,000 registry companies)")  # fmt: skip
    was_match = BEFORE_MATCH_P95.get((args.suppliers, args.lots, args.registry))
    print(f"  CPU time per match              {percentiles(full_cpu)}"
          + (f"   (before: p95 {was_match:.1f} ms)" if was_match else ""))  # fmt: skip
    if args.registry:
        plain = Matcher(ix.build_index(train, fingerprint="bench", sizes=market.sizes), ranker)
        plain_ms = []
        for need in needs:
            started = time.perf_counter()
            plain.match(need)
            plain_ms.append((time.perf_counter() - started) * 1000)
        print(f"  baseline without the registry {percentiles(plain_ms)}")
        per_need = considered / len(needs)
        print(
            f"  registry: {index.registry.size:,} companies; per need {per_need:,.0f} potential "
            f"candidates scored, {potential / len(needs):.1f} of the top 10 potential"
        )

    rng = np.random.default_rng(args.seed)
    suppliers = rng.choice(index.suppliers, size=min(200, index.size[0]), replace=False)
    needs_ms, needs_cpu = [], []
    for iri in suppliers:
        started, cpu_started = time.perf_counter(), time.process_time()
        matcher.needs_for(str(iri), 10)
        needs_ms.append((time.perf_counter() - started) * 1000)
        needs_cpu.append((time.process_time() - cpu_started) * 1000)
    print(f"open needs for a supplier       {percentiles(needs_ms)}   (target p95 ≤ 100 ms "
          f"with 10,000 open lots; here {len(open_lots):,})")  # fmt: skip
    print(f"  CPU time per open-needs answer  {percentiles(needs_cpu)}")
    was = BEFORE_TOTALS.get(key)
    print(f"targets: build {total_s:.0f} s wall / {build_cpu:.0f} s CPU vs ≤ 600 s; peak RSS "
          f"{peak_mb():,.0f} MB (run) / {build_peak:,.0f} MB (build) vs ≤ 6,144 MB"
          + (f"; before: build {was[0]:.0f} s CPU, peak {was[1]:,.0f} MB"
             if was else ""))  # fmt: skip


if __name__ == "__main__":
    main()
