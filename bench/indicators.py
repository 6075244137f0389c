"""Benchmark: indicator recomputation and series reads at Finnish scale (synthetic lots).

For each size given with ``--lots`` (default 20,000, 100,000 and 500,000 lots), a
store of synthetic lots (labelled ``bench-NNN``: generated here, not real
notices) is written as N-Quads text in the shape of
``graph.procurement.record_triples`` and bulk-loaded, then the bench prints, in
one run, wall and CPU seconds (``time.process_time``: every thread of the
process), medians over ``--repeat`` runs:

- recomputing every series from scratch (``compute(full=True)``; target ≤ 30 s
  at 500,000 lots), beside two floors measured in the same run: one SPARQL
  SELECT of the lot-shape rows the recompute reads (serialised to text and
  split, nothing built), and Oxigraph's ``bulk_load`` of the cube's triples
  into an empty store;
- the indicator update after a daily batch of 1,000 notices (``compute`` after
  the batch is ingested; target ≤ 2 s), beside the same SELECT limited to the
  batch's graph;
- reading each series from the cube (``graph.indicators.series``; target ≤ 200 ms)
  with the default limit of the API and CLI and without it (``--reads``);
- with ``--rescan``, the recompute as it was before the ledger (every lot read,
  the whole cube diffed), and with ``--naive`` the SPARQL aggregate over the raw
  lots for one series (what every read would cost without the cube).

Usage::

    .venv/bin/python -m bench.indicators [--lots 20000 100000 500000]
        [--store var/bench-indicators] [--repeat 3] [--reuse] [--reads] [--profile]

``--reuse`` skips generation when the store already holds the lots;
``--profile`` prints a cProfile of one recompute and one daily update.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import hashlib
import os
import pstats
import random
import shutil
import statistics
import time
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from graph.indicators import (
    DEFAULT_LIMIT,
    INDICATORS_GRAPH,
    INNOVATIVE_SHARE_INDICATOR,
    aggregate,
    compute,
    list_series,
    lot_facts,
    series,
)
from graph.indicators.cube import cube_triples
from graph.indicators.drafts import read_queries
from graph.iris import graph_iri, org_iri, role_iri, run_iri
from graph.procurement import (
    LotRecord,
    OrgRef,
    address_iri,
    notice_triples,
    record_triples,
)
from graph.store import PROVENANCE_GRAPH, IngestRun, Store, run_triples

REGIONS = ["FI1B1", "FI1C1", "FI1C2", "FI1C3", "FI1C4", "FI193", "FI194", "FI195", "FI196",
           "FI197", "FI1D1", "FI1D2", "FI1D3", "FI1D5", "FI1D7", "FI1D8", "FI1D9",
           "FI200"]  # fmt: skip
CPVS = ["45000000", "45210000", "30200000", "33100000", "33600000", "34100000", "48000000",
        "50000000", "55500000", "60100000", "71000000", "72000000", "79400000", "80500000",
        "85100000", "85300000", "90500000", "90910000", "09100000", "15000000"]  # fmt: skip
KINDS = ["la"] * 6 + ["cga"] * 2 + ["body-pl-la", "ra", "pub-undert-cga", "org-sub"]


NAIVE = """PREFIX epo: <http://data.europa.eu/a4g/ontology#>
PREFIX keino: <https://w3id.org/keino/ontology#>
SELECT ?year (COUNT(DISTINCT ?lot) AS ?lots) (SUM(?f) AS ?flagged) (SUM(?v) AS ?amount) WHERE {
  ?notice epo:refersToLot ?lot ; epo:hasPublicationDate ?d .
  FILTER NOT EXISTS { ?notice a epo:PlanningNotice }
  OPTIONAL { ?lot keino:innovative ?inn }
  OPTIONAL { ?lot epo:hasEstimatedValue/epo:hasAmountValue ?est }
  OPTIONAL { ?o epo:concernsLot ?lot ; epo:hasAwardedValue/epo:hasAmountValue ?awd }
  BIND(YEAR(?d) AS ?year) BIND(IF(COALESCE(?inn, false), 1, 0) AS ?f)
  BIND(COALESCE(?awd, ?est, 0) AS ?v)
} GROUP BY ?year ORDER BY ?year"""


EPO = "http://data.europa.eu/a4g/ontology#"
KEINO = "https://w3id.org/keino/ontology#"
XSD = "http://www.w3.org/2001/XMLSchema#"
AUTHORITY = "http://publications.europa.eu/resource/authority/"
CURRENCY, LEGAL_TYPE = AUTHORITY + "currency/", AUTHORITY + "buyer-legal-type/"
NUTS_BASE, CPV_BASE = "http://data.europa.eu/nuts/code/", "http://data.europa.eu/cpv/cpv/"
TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
DERIVED = "<http://www.w3.org/ns/prov#wasDerivedFrom>"
IDENTIFIER = "<http://purl.org/dc/terms/identifier>"
FORMAT = f"<{KEINO}noticeFormat>"
KIND_CLASS = {
    "planning": EPO + "PlanningNotice",
    "competition": EPO + "CompetitionNotice",
    "result": EPO + "ResultNotice",
}
#: eForms became mandatory for EU notices on 25 October 2023
EFORMS_FROM = dt.date(2023, 10, 25)


def buyers(n: int, rng: random.Random) -> list[OrgRef]:
    """``n`` synthetic buyers with Finnish-looking names, legal types and regions."""
    out = []
    for i in range(n):
        name = f"Hankintayksikkö {i:04d}"
        out.append(OrgRef(org_iri(name=name), name, None, rng.choice(REGIONS), rng.choice(KINDS)))
    return out


def records(
    n_lots: int, seed: int = 7, prefix: str = "bench", day: dt.date | None = None
) -> Iterator[LotRecord]:
    """Synthetic lots: 1–3 per notice, 2019–2025, 6 % innovative, 20 % green, 10 % social,
    a quarter without flags, 15 % without a value, 40 % result notices, 5 % planning."""
    rng = random.Random(seed)
    orgs = buyers(1500, rng)
    made, notice_no = 0, 0
    while made < n_lots:
        notice_no += 1
        notice = f"https://w3id.org/keino/id/notice/{prefix}-{notice_no:07d}"
        kind = rng.choices(["competition", "result", "planning"], [55, 40, 5])[0]
        published = day or dt.date(2019, 1, 1) + dt.timedelta(days=rng.randrange(7 * 365))
        buyer = (rng.choice(orgs),)
        for lot_no in range(1, min(rng.choice([1, 1, 1, 2, 3]), n_lots - made) + 1):
            made += 1
            flags = {}
            if rng.random() > 0.25:
                flags = {
                    "innovative": rng.random() < 0.08,
                    "green": rng.random() < 0.27,
                    "social": rng.random() < 0.13,
                }
            value = None if rng.random() < 0.15 else round(rng.lognormvariate(11, 1.5), 2)
            yield LotRecord(
                lot=f"{notice}/lot/LOT-{lot_no:04d}",
                notice=notice,
                published=published,
                titles={"fi": f"Hankinta {notice_no} osa {lot_no}"},
                descriptions={},
                cpv=(rng.choice(CPVS),),
                nuts=(rng.choice(REGIONS),),
                buyers=buyer,
                estimated_value=value if kind != "result" else None,
                awarded_value=value if kind == "result" else None,
                currency="EUR",
                notice_kind=kind,
                flags=flags,
            )


def notice_format(published: dt.date) -> str:
    """The source format of a synthetic notice: TED XML until eForms became mandatory
    (25 October 2023), eForms after, so that every series has two method lines."""
    return "eforms" if published >= EFORMS_FROM else "ted-xml"


def _n(value: str) -> str:
    """An IRI as N-Triples."""
    return "<" + value + ">"


def _s(text: str) -> str:
    """A plain string literal as N-Triples (synthetic text holds no quotes or escapes)."""
    return '"' + text + '"'


def notice_lines(record: LotRecord) -> list[str]:
    """The N-Triples lines of the notice, its procedure and its format (once per notice)."""
    n = _n(record.notice)
    proc, term = _n(record.notice + "/procedure"), _n(record.notice + "/procedure/term")
    published = record.published
    assert published is not None
    out = [
        f"{n} {TYPE} <{EPO}Notice> .",
        f"{proc} {TYPE} <{EPO}Procedure> .",
        f"{term} {TYPE} <{EPO}ProcedureTerm> .",
        f"{term} {TYPE} <{EPO}ProcedureSpecificTerm> .",
        f"{proc} <{EPO}isSubjectToProcedureSpecificTerm> {term} .",
        f"{term} {DERIVED} {n} .",
        f"{n} {FORMAT} {_s(notice_format(published))} .",
        f"{n} {TYPE} <{KIND_CLASS[record.notice_kind]}> .",
        f'{n} <{EPO}hasPublicationDate> "{published.isoformat()}"^^<{XSD}date> .',
        f"{n} <{EPO}refersToProcedure> {proc} .",
        f"{n} <{EPO}announcesProcedure> {proc} .",
        f"{proc} {DERIVED} {n} .",
    ]
    for org in record.buyers:
        out += _buyer_lines(record.notice, org)
    return out


def _buyer_lines(notice: str, org: OrgRef) -> list[str]:
    """The buyer organisation, its role in ``notice`` and its reconciliation."""
    o, n = _n(org.iri), _n(notice)
    role = _n(role_iri(notice, "buyer", org.iri))
    rec = _n(role_iri(notice, "reconciliation", org.iri))
    address = _n(address_iri(org.iri, (org.nuts, None, None, None, None)))
    label = _s(org.label)
    return [
        f"{o} {TYPE} <http://www.w3.org/ns/org#Organization> .",
        f"{o} {TYPE} <http://xmlns.com/foaf/0.1/Agent> .",
        f"{o} <{EPO}hasLegalName> {label} .",
        f"{o} <http://www.w3.org/2004/02/skos/core#prefLabel> {label} .",
        f"{o} <http://data.europa.eu/m8g/registeredAddress> {address} .",
        f"{address} {TYPE} <http://www.w3.org/ns/locn#Address> .",
        f"{address} <{EPO}hasNutsCode> <{NUTS_BASE}{org.nuts}> .",
        f"{role} {TYPE} <{EPO}Buyer> .",
        f"{role} {TYPE} <{EPO}AgentInRole> .",
        f"{role} <{EPO}playedBy> {o} .",
        f"{n} <{EPO}refersToRole> {role} .",
        f"{n} <{EPO}announcesRole> {role} .",
        f"{role} {DERIVED} {n} .",
        f"{role} <{EPO}hasBuyerLegalType> <{LEGAL_TYPE}{org.kind}> .",
        f"{rec} {TYPE} <{KEINO}Reconciliation> .",
        f"{o} <{KEINO}reconciliation> {rec} .",
        f'{rec} <{KEINO}reconciliationMethod> "name-country" .',
        f'{rec} <{KEINO}confidence> "0.8"^^<{XSD}decimal> .',
        f"{rec} <{KEINO}sourceName> {label} .",
        f"{rec} {DERIVED} {n} .",
    ]


def lot_lines(record: LotRecord) -> list[str]:
    """The N-Triples lines of one lot, as ``record_triples`` writes them (less the notice)."""
    lot, n = _n(record.lot), _n(record.notice)
    lot_id = record.lot.rsplit("/", 1)[-1]
    purpose, term = _n(record.lot + "/purpose"), _n(record.lot + "/contract-term")
    out = [
        f"{lot} {TYPE} <{EPO}Lot> .",
        f"{lot} {IDENTIFIER} {_s(lot_id)} .",
        f"{n} <{EPO}refersToLot> {lot} .",
        f"{n} <{EPO}announcesLot> {lot} .",
        f"{_n(record.notice + '/procedure')} <{EPO}hasProcurementScopeDividedIntoLot> {lot} .",
        f"{lot} {DERIVED} {n} .",
        f"{lot} <http://purl.org/dc/terms/title> {_s(record.titles['fi'])}@fi .",
        f"{lot} <{EPO}hasPurpose> {purpose} .",
        f"{purpose} {TYPE} <{EPO}Purpose> .",
        f"{purpose} <{EPO}hasMainClassification> <{CPV_BASE}{record.cpv[0]}> .",
        f"{lot} <{EPO}foreseesContractSpecificTerm> {term} .",
        f"{term} {TYPE} <{EPO}ContractTerm> .",
        f"{term} {DERIVED} {n} .",
    ]
    for code in record.nuts:
        place = _n(f"{record.lot}/contract-term/place/{code}")
        out += [
            f"{term} <{EPO}definesSpecificPlaceOfPerformance> {place} .",
            f"{place} {TYPE} <http://purl.org/dc/terms/Location> .",
            f"{place} <{EPO}hasNutsCode> <{NUTS_BASE}{code}> .",
        ]
    if record.estimated_value is not None:
        value = _n(record.lot + "/estimated-value")
        out.append(f"{lot} <{EPO}hasEstimatedValue> {value} .")
        out += _money_lines(value, record.estimated_value, n)
    out += [
        f'{lot} <{KEINO}{flag}> "{str(v).lower()}"^^<{XSD}boolean> .'
        for flag, v in record.flags.items()
    ]
    if record.awarded_value is not None:
        outcome, value = _n(record.lot + "/award-outcome"), _n(record.lot + "/awarded-value")
        out += [
            f"{outcome} {TYPE} <{EPO}LotAwardOutcome> .",
            f"{outcome} {TYPE} <{EPO}AwardOutcome> .",
            f"{outcome} <{EPO}concernsLot> {lot} .",
            f"{outcome} {DERIVED} {n} .",
            f"{outcome} <{EPO}hasAwardedValue> {value} .",
        ]
        out += _money_lines(value, record.awarded_value, n)
    return out


def _money_lines(node: str, amount: float, notice: str) -> list[str]:
    return [
        f"{node} {TYPE} <{EPO}MonetaryValue> .",
        f'{node} <{EPO}hasAmountValue> "{Decimal(repr(float(amount)))}"^^<{XSD}decimal> .',
        f"{node} {DERIVED} {notice} .",
        f"{node} <{EPO}hasCurrency> <{CURRENCY}EUR> .",
    ]


def batch_lines(records: Iterable[LotRecord]) -> list[str]:
    """The distinct N-Triples lines (without newline) of ``records``, in order; a buyer
    appears in many notices, a notice's lines are written once."""
    lines: dict[str, None] = {}
    last_notice = ""
    for record in records:
        if record.notice != last_notice:
            lines.update(dict.fromkeys(notice_lines(record)))
            last_notice = record.notice
        lines.update(dict.fromkeys(lot_lines(record)))
    return list(lines)


def batch_nquads(records: Iterable[LotRecord], graph: str, source: str) -> bytes:
    """N-Quads of ``records`` in ``graph`` and the run record that an ingest of them
    leaves in ``kg:provenance``."""
    lines = batch_lines(records)
    name = " " + _n(graph) + " .\n"
    text = "".join(line[:-2] + name for line in lines)
    now = dt.datetime.now(dt.UTC)
    digest = hashlib.sha256(source.encode()).hexdigest()
    stamp = now.strftime("%Y%m%dT%H%M%S%fZ")
    run = IngestRun(run_iri("notices", digest, stamp), graph, "notices", [], now, now, len(lines))
    prov = " " + _n(PROVENANCE_GRAPH) + " .\n"
    return (text + "".join(f"{t}{prov}" for t in run_triples(run))).encode()


def generate(path: Path, n_lots: int, per_batch: int = 10_000) -> float:
    """Write ``n_lots`` synthetic lots into a new on-disk store at ``path``; returns the
    seconds taken.

    One notice graph per ``per_batch`` lots (``kg:notices/bench-NNN``) with its run
    record, as an ingest of that many notices would leave it. The text is written
    directly as N-Quads and given to Oxigraph's bulk loader: generating through
    ``record_triples`` term objects took longer than the recompute it prepares.
    :func:`check_shape` holds the text to ``record_triples``'s shape.
    """
    started = time.perf_counter()
    raw = ox.Store(str(path))
    chunk: list[LotRecord] = []
    number = 0
    for i, record in enumerate(records(n_lots), start=1):
        chunk.append(record)
        if i % per_batch == 0 or i == n_lots:
            number += 1
            name = f"bench-{number:03d}"
            text = batch_nquads(chunk, graph_iri("notices", name), name)
            raw.bulk_load(text, ox.RdfFormat.N_QUADS)
            chunk = []
    raw.flush()
    del raw  # let RocksDB go before graph.store.Store opens the folder
    return time.perf_counter() - started


def check_shape(n: int = 300) -> None:
    """Fail unless :func:`batch_text` writes exactly what ``record_triples`` writes (with
    the notice format ``notice_triples`` writes) for the first ``n`` synthetic lots."""
    sample = list(records(n))
    expected: set[ox.Triple] = set()
    for r in sample:
        expected |= set(record_triples(r))
        assert r.published is not None
        fmt = notice_triples(r.notice, kind=r.notice_kind, published=None,
                             notice_format=notice_format(r.published))  # fmt: skip
        expected |= set(fmt)
    lines = batch_lines(sample)
    got = {q.triple for q in ox.parse("\n".join(lines).encode(), ox.RdfFormat.N_TRIPLES)}
    if got != expected or len(lines) != len(expected):
        raise SystemExit(
            f"synthetic text differs from record_triples: {len(got - expected)} extra, "
            f"{len(expected - got)} missing"
        )


def load_batch(store: Store, name: str, text: bytes) -> None:
    """One synthetic notice batch (N-Triples text) into ``kg:notices/<name>`` with its run
    record, as a notice ingest writes it (``Store.replace_graph_ntriples``)."""
    graph = graph_iri("notices", name)
    store.replace_graph_ntriples(graph, text, source="notices", inputs=[])


def daily_batch(store: Store, day: int, notices: int = 1000) -> None:
    """``notices`` more synthetic notices (about 1.7 lots each), all published on one day
    of 2025 (``day`` days after 2 June), as batch ``daily-<day>``."""
    lots = int(notices * 1.7)
    published = dt.date(2025, 6, 2) + dt.timedelta(days=day)
    lines = batch_lines(records(lots, seed=1000 + day, prefix=f"day{day}", day=published))
    load_batch(store, f"daily-{day}", ("\n".join(lines) + "\n").encode())


def rescan(store: Store) -> int:
    """The recompute as it was before the ledger: every lot read, every series counted
    and the whole cube diffed and written, after each notice ingest (the baseline)."""
    aggregates = aggregate(lot_facts(store))
    sources = [g for g in store.graphs() if g.startswith(graph_iri("notices"))]
    triples = cube_triples(aggregates, indicator=INNOVATIVE_SHARE_INDICATOR, sources=sources)
    return store.rebuild_graph(
        INDICATORS_GRAPH, triples, source="indicators", inputs=[]
    ).triple_count


def timed(fn: Callable[[], Any], repeat: int) -> tuple[float, float, Any]:
    """Median wall and CPU seconds of ``repeat`` calls, and the last result."""
    walls: list[float] = []
    cpus: list[float] = []
    result: Any = None
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        result = fn()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus), result


def read_floor(store: Store, graphs: list[str]) -> int:
    """The floor of reading: the lot-shape rows of ``graphs`` that the recompute reads,
    by the same SELECTs, serialised to text and split, nothing built; returns the
    row count."""
    rows = 0
    for graph, _term, query in read_queries(graphs):
        rows += sum(1 for _ in store.select_values(query, default_graph=[graph]))
    return rows


def cube_text(store: Store) -> bytes:
    """``kg:indicators`` as N-Triples text (prepared outside the timed floor)."""
    return "".join(f"{t} .\n" for t in store.triples(INDICATORS_GRAPH)).encode()


def write_floor(text: bytes) -> int:
    """The floor of writing the cube: Oxigraph's ``bulk_load`` of its N-Triples ``text``
    into an empty in-memory store; returns the number of triples."""
    empty = ox.Store()
    empty.bulk_load(text, ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(INDICATORS_GRAPH))
    return len(empty)


def profile(label: str, fn: Callable[[], Any], top: int = 25) -> None:
    """Print the ``top`` functions of one call of ``fn`` by cumulative time."""
    prof = cProfile.Profile()
    prof.enable()
    fn()
    prof.disable()
    print(f"--- profile: {label}")
    pstats.Stats(prof).sort_stats("cumulative").print_stats(top)


def row(label: str, lots: int, wall: float, cpu: float, note: str = "") -> None:
    """One line of the results table."""
    print(f"| {label:<44} | {lots:>9,} | {wall:>8.2f} | {cpu:>8.2f} | {note}", flush=True)


def bench_size(args: argparse.Namespace, n_lots: int) -> None:
    """Every figure for one store of ``n_lots`` synthetic lots."""
    path = Path(f"{args.store}-{n_lots}")
    if not (args.reuse and path.exists()):
        shutil.rmtree(path, ignore_errors=True)
        for extra in path.parent.glob(path.name + ".*"):
            extra.unlink()
        print(f"generated {n_lots:,} synthetic lots in {generate(path, n_lots):.1f} s", flush=True)
    store = Store(path)
    notices = [g for g in store.graphs() if g.startswith(graph_iri("notices") + "/")]
    repeat = args.repeat
    wall, cpu, rows = timed(lambda: read_floor(store, notices), repeat)
    row("floor: SELECT the lot-shape rows (all graphs)", n_lots, wall, cpu, f"{rows:,} rows")
    if args.rescan:
        wall, cpu, _ = timed(lambda: rescan(store), 1)
        row("before the ledger: full rescan", n_lots, wall, cpu)
    if args.profile:
        profile(f"recompute from scratch, {n_lots:,} lots", lambda: compute(store, full=True))
    store.drop_graph(INDICATORS_GRAPH)  # the first recompute writes the whole cube
    wall, cpu, result = timed(lambda: compute(store, full=True), 1)
    row("recompute from scratch, cube written whole", n_lots, wall, cpu,
        f"{result.observations:,} observations, {result.triples:,} triples")  # fmt: skip
    wall, cpu, count = timed(partial(write_floor, cube_text(store)), repeat)
    row("floor: bulk_load the cube's triples", n_lots, wall, cpu, f"{count:,} triples")
    wall, cpu, result = timed(lambda: compute(store, full=True), repeat)
    row("recompute from scratch, re-reading all (≤ 30 s)", n_lots, wall, cpu,
        "compute(full=True): cube patched")  # fmt: skip
    if args.profile:
        profile(f"recount from the ledger, {n_lots:,} lots", lambda: compute(store, recount=True))
    wall, cpu, result = timed(lambda: compute(store, recount=True), repeat)
    row("recount every lot from the ledger (≤ 30 s)", n_lots, wall, cpu,
        "compute(recount=True)")  # fmt: skip
    walls, cpus, floors = [], [], []
    update = result
    for day in range(repeat + (1 if args.profile else 0)):
        daily_batch(store, day)
        if args.profile and day == repeat:
            profile("daily update", lambda: compute(store))
            continue
        graph = graph_iri("notices", f"daily-{day}")
        floors.append(timed(partial(read_floor, store, [graph]), 1)[0])
        wall, cpu, update = timed(lambda: compute(store), 1)
        walls.append(wall)
        cpus.append(cpu)
    note = f"{update.batches} batch read; floor: SELECT its rows {statistics.median(floors):.2f} s"
    row("update after a daily batch of 1,000 notices (≤ 2 s)", n_lots,
        statistics.median(walls), statistics.median(cpus), note)  # fmt: skip
    if args.reads:
        reads(store, repeat)
    if args.naive:
        wall, cpu, rows_ = timed(lambda: list(store.query(NAIVE)), 1)
        row("naive SPARQL aggregate over raw lots, one series", n_lots, wall, cpu,
            f"{len(rows_)} rows (what a read would cost without the cube)")  # fmt: skip


def reads(store: Store, repeat: int) -> None:
    """Median and slowest series read from the cube, with and without the default limit."""
    for limit in (DEFAULT_LIMIT, None):
        times: dict[str, float] = {}
        for info in list_series(store):
            read = partial(series, store, info.name, limit=limit)
            times[info.name], _cpu, _ = timed(read, max(3, repeat))
        worst = max(times, key=lambda k: times[k])
        median_ms, worst_ms = statistics.median(times.values()) * 1000, times[worst] * 1000
        print(
            f"read a series (limit={limit}): median {median_ms:.0f} ms over {len(times)} series; "
            f"slowest {worst} {worst_ms:.0f} ms (target ≤ 200 ms)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lots", type=int, nargs="+", default=[20_000, 100_000, 500_000])
    parser.add_argument("--store", type=Path, default=Path("var/bench-indicators"))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--reads", action="store_true", help="time series reads too")
    parser.add_argument("--rescan", action="store_true", help="time the rescan before the ledger")
    parser.add_argument("--naive", action="store_true", help="time the naive SPARQL aggregate")
    parser.add_argument("--profile", action="store_true", help="cProfile one run of each")
    args = parser.parse_args()
    check_shape()
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores; synthetic lots")
    print(f"| {'step':<44} | {'lots':>9} | {'wall s':>8} | {'CPU s':>8} | note")
    for n_lots in args.lots:
        bench_size(args, n_lots)


if __name__ == "__main__":
    main()
