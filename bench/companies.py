"""Registry and funding ingest at Finland's scale against pyoxigraph ``bulk_load``.

SYNTHETIC data: companies and funding rows are generated (valid business IDs,
names "Synteettinen yritys N Oy") with TOL codes, postcodes, years and
per-instrument amounts drawn from the real files' distributions in
``../shared/data`` (PRH Tampere extract, Business Finland funding). Nothing here
is a real company.

    python bench/companies.py [--companies 600000] [--funding 60000] [--shared ../shared/data]

Prints the end-to-end ingest time (parse, map, ``replace_graph`` into an on-disk
store, both sources), the time of ``bulk_load`` of the same triples into a fresh
on-disk store, their ratio (target ≤ 2×) and the process's peak memory.
"""

from __future__ import annotations

import argparse
import csv
import random
import resource
import tempfile
import time
from pathlib import Path

from graph.store import Store
from ingest import companies, funding

WEIGHTS = (7, 9, 10, 5, 8, 4, 2)


def business_ids(count: int) -> list[str]:
    """``count`` valid business IDs in order (bodies whose remainder is 1 have none)."""
    out: list[str] = []
    body = 1
    while len(out) < count:
        digits = f"{body:07d}"
        r = sum(int(d) * w for d, w in zip(digits, WEIGHTS, strict=True)) % 11
        if r != 1:
            out.append(f"{digits}-{0 if r == 0 else 11 - r}")
        body += 1
    return out


def generate(shared: Path, n_companies: int, n_funding: int, out: Path) -> tuple[Path, Path]:
    rng = random.Random(14)
    real = list(
        csv.DictReader((shared / "prh-ytj" / "tampere-companies.csv").open(encoding="utf-8"))
    )
    bf = list(
        csv.DictReader((shared / "business-finland" / "funding-awarded.csv").open(encoding="utf-8"))
    )
    reg, fund = out / "synthetic-companies.csv", out / "synthetic-funding.csv"
    ids = business_ids(n_companies)
    with reg.open("w", encoding="utf-8", newline="") as handle:
        w = csv.writer(handle)
        w.writerow(["businessId", "name", "mainBusinessLineType", "mainBusinessLineDescription",
                    "mainBusinessLineRegDate", "postCode"])  # fmt: skip
        for i in range(n_companies):
            r = rng.choice(real)
            line = [r[k] for k in ("mainBusinessLineType", "mainBusinessLineDescription",
                                   "mainBusinessLineRegDate", "postCode")]  # fmt: skip
            w.writerow([ids[i], f"Synteettinen yritys {i} Oy", *line])
    with fund.open("w", encoding="utf-8", newline="") as handle:
        w = csv.writer(handle)
        w.writerow(list(bf[0].keys()))
        used: set[tuple[int, str]] = set()
        while len(used) < n_funding:
            i, r = rng.randrange(n_companies), rng.choice(bf)
            if (i, r["Myöntämisvuosi"]) in used:
                continue
            used.add((i, r["Myöntämisvuosi"]))
            w.writerow([f"Synteettinen yritys {i} Oy", ids[i], *list(r.values())[2:]])
    return reg, fund


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--companies", type=int, default=600_000)
    parser.add_argument("--funding", type=int, default=60_000)
    parser.add_argument(
        "--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "data"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        reg, fund = generate(args.shared, args.companies, args.funding, folder)
        store = Store(folder / "store")
        t0 = time.perf_counter()
        r1 = companies.ingest(store, [reg])
        r2 = funding.ingest(store, [fund])
        store.flush()
        ingest_s = time.perf_counter() - t0
        assert r1.ok and r2.ok, (r1.refused, r2.refused)
        triples = {g: list(store.triples(g)) for g in (companies.GRAPH, funding.GRAPH)}
        base = Store(folder / "baseline")
        t0 = time.perf_counter()
        for g, ts in triples.items():
            base.bulk_load_triples(g, ts)
        base.flush()
        bulk_s = time.perf_counter() - t0
    n = sum(len(ts) for ts in triples.values())
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024
    print(f"SYNTHETIC: {args.companies:,} companies, {args.funding:,} funding rows, {n:,} triples")
    print(f"ingest end to end (companies + funding): {ingest_s:.1f} s")
    print(f"baseline pyoxigraph bulk_load of the same triples: {bulk_s:.1f} s")
    print(f"ratio {ingest_s / bulk_s:.2f}x (target <= 2x); peak memory {peak:.2f} GB")


if __name__ == "__main__":
    main()
