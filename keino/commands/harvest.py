"""``keino harvest hilma|ted|ytj``: fetch new source files into the raw cache, then ingest them.

The harvesters live in :mod:`ingest.harvest`; this module reads the settings
(options and environment), opens the store, and wires each source to the ingest
a user would run by hand: Hilma and TED files go to ``keino ingest notices``.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console

from graph.iris import business_id_of, graph_iri
from graph.organisations import organisation_names
from graph.store import Store, default_store_path
from ingest import notices
from ingest.harvest import HarvestError, HttpClient, RetryPolicy, SourceCache, harvest, raw_dir
from ingest.harvest.hilma import BASE_URL as HILMA_URL
from ingest.harvest.hilma import KEY_HEADER, HilmaSource
from ingest.harvest.run import HarvestResult, Ingest, Source
from ingest.harvest.ted import BASE_URL as TED_URL
from ingest.harvest.ted import TedSource
from ingest.harvest.ytj import BASE_URL as YTJ_URL
from ingest.harvest.ytj import YtjSource
from ingest.report import IngestReport
from keino.context import running
from keino.report import print_report

console = Console(stderr=True)
harvest_app = typer.Typer(
    help="Fetch new files from a live source into the raw cache beside the store "
    "(STORE.raw/SOURCE/), keeping a cursor so an interrupted harvest resumes, "
    "then ingest them. Base URLs come from options or KEINO_*_URL variables.",
    no_args_is_help=True,
)

SinceOpt = Annotated[
    str | None,
    typer.Option(help="Start at this date (YYYY-MM-DD) instead of the cursor."),
]
RawOpt = Annotated[
    Path | None,
    typer.Option("--raw", envvar="KEINO_RAW_DIR", help="Raw cache folder (default <store>.raw)."),
]
ReplayOpt = Annotated[
    bool,
    typer.Option("--replay", help="No network: ingest every cached file of the source again."),
]
NoIngestOpt = Annotated[
    bool, typer.Option("--no-ingest", help="Fetch only; the next run without it ingests.")
]
RpsOpt = Annotated[
    float,
    typer.Option(envvar="KEINO_HARVEST_RPS", help="Requests per second at most (0: no limit)."),
]
AttemptsOpt = Annotated[
    int,
    typer.Option(envvar="KEINO_HARVEST_ATTEMPTS", help="Tries per request before giving up."),
]
PageOpt = Annotated[int, typer.Option(help="Notices per search page.", min=1)]
Load = Callable[[Store, list[Path], str], IngestReport]
"""``load(store, files, batch)``: the ingest a harvested batch goes through."""


def load_notices(store: Store, files: list[Path], batch: str) -> IngestReport:
    """As ``keino ingest notices FILES --batch BATCH --partial``: one bad file is
    reported and the others load."""
    return notices.ingest(store, files, batch=batch, partial=True)


def register(app: typer.Typer, ingest_app: typer.Typer) -> None:
    """Add ``keino harvest`` and its three sources."""
    app.add_typer(harvest_app, name="harvest")


@harvest_app.command("ted")
def harvest_ted(
    since: SinceOpt = None,
    url: Annotated[str, typer.Option(envvar="KEINO_TED_URL", help="Base URL.")] = TED_URL,
    raw: RawOpt = None,
    replay: ReplayOpt = False,
    no_ingest: NoIngestOpt = False,
    rps: RpsOpt = 1.0,
    max_attempts: AttemptsOpt = 6,
    page_size: PageOpt = 100,
) -> None:
    """Finnish buyers' competition and award notices from the TED Search API v3, then
    each notice's XML; ingested as ``keino ingest notices`` does (batch ted-YYYY-MM).

    Example: keino harvest ted --since 2024-01-01
    """
    source = TedSource(base_url=url.rstrip("/"), since=_date(since), limit=page_size)
    load = None if no_ingest else load_notices
    _run(source, raw, load, replay=replay, rps=rps, attempts=max_attempts)


@harvest_app.command("hilma")
def harvest_hilma(
    since: SinceOpt = None,
    url: Annotated[
        str, typer.Option(envvar="KEINO_HILMA_URL", help="Hilma API base URL.")
    ] = HILMA_URL,
    raw: RawOpt = None,
    replay: ReplayOpt = False,
    no_ingest: NoIngestOpt = False,
    rps: RpsOpt = 1.0,
    max_attempts: AttemptsOpt = 6,
    page_size: PageOpt = 100,
) -> None:
    """Notices from Hilma's AVP read API (search index, then eForms XML in batches of 50);
    the subscription key is read from KEINO_HILMA_KEY. Ingested as ``keino ingest notices``.

    Example: KEINO_HILMA_KEY=... keino harvest hilma --since 2024-01-01
    """
    key = os.environ.get("KEINO_HILMA_KEY", "").strip()
    if not key and not replay:
        _fail("hilma: set KEINO_HILMA_KEY to your Hilma AVP read API subscription key")
    source = HilmaSource(base_url=url.rstrip("/"), since=_date(since), top=page_size)
    load = None if no_ingest else load_notices
    _run(source, raw, load, replay=replay, rps=rps, attempts=max_attempts,
         headers={KEY_HEADER: key})  # fmt: skip


@harvest_app.command("ytj")
def harvest_ytj(
    business_id: Annotated[
        list[str] | None, typer.Option("--business-id", help="A business ID; repeatable.")
    ] = None,
    missing: Annotated[
        bool,
        typer.Option(
            "--missing", help="The notice buyers and winners the graph has no registry record for."
        ),
    ] = False,
    location: Annotated[str | None, typer.Option(help="Registered municipality.")] = None,
    tol: Annotated[str | None, typer.Option(help="TOL 2008 main line of business.")] = None,
    since: SinceOpt = None,
    url: Annotated[
        str, typer.Option(envvar="KEINO_YTJ_URL", help="PRH open-data base URL.")
    ] = YTJ_URL,
    raw: RawOpt = None,
    rps: RpsOpt = 1.0,
    max_attempts: AttemptsOpt = 6,
) -> None:
    """Company records from the PRH open-data API v3, by business ID or by location/TOL
    (``--since``: registered from that date); cached as v3 JSON answers for
    ``keino ingest companies``.

    Example: keino harvest ytj --missing  ·  keino harvest ytj --location Tampere --tol 62010
    """
    ids = list(business_id or [])
    if missing:
        ids += missing_business_ids(_store())
    if not ids and not location and not tol:
        _fail("ytj: give --business-id, --missing, --location or --tol")
    source = YtjSource(
        base_url=url.rstrip("/"), business_ids=ids, location=location, tol=tol, since=_date(since)
    )
    # Fetch only until `keino ingest companies` exists to hand the answers to.
    result = _run(source, raw, None, replay=False, rps=rps, attempts=max_attempts)
    console.print(
        f"cached answers: keino ingest companies {result.cache_dir}/*.json", soft_wrap=True
    )


def missing_business_ids(store: Store) -> list[str]:
    """Business IDs of organisations in notice graphs that no ``kg:companies`` record names."""
    notices_graphs = graph_iri("notices") + "/"
    names = organisation_names(store)
    registered = {n.iri for n in names if n.graph == graph_iri("companies")}
    return sorted(
        {
            business_id
            for n in names
            if n.graph.startswith(notices_graphs)
            and n.iri not in registered
            and (business_id := business_id_of(n.iri))
        }
    )


def _run(
    source: Source,
    raw: Path | None,
    load: Load | None,
    *,
    replay: bool,
    rps: float,
    attempts: int,
    headers: dict[str, str] | None = None,
) -> HarvestResult:
    """Harvest one source, print its summary and reports; exit 1 on any failure."""
    store = _store() if load is not None else None
    cache = SourceCache(raw or raw_dir(_store_path()), source.name)
    reports: list[IngestReport] = []
    callback = _ingest(store, load, reports) if store is not None and load else None
    client = None if replay else _client(source.name, headers, rps, attempts)
    try:
        result = harvest(source, cache, client, ingest=callback, replay=replay)
    except HarvestError as exc:
        _fail(str(exc))
    finally:
        if client is not None:
            client.close()
    console.print(result.summary(), highlight=False, soft_wrap=True)
    for skip in result.skipped:
        console.print(
            f"  skipped {skip.key}: {skip.reason}", highlight=False, markup=False, soft_wrap=True
        )
    if store is not None:
        _after_ingest(store, reports)
    if result.error:
        _fail(result.error)
    if not result.ok:
        raise typer.Exit(1)
    return result


def _ingest(store: Store, load: Load, reports: list[IngestReport]) -> Ingest:
    """``ingest(files, batch)`` for the harvest loop: load, flush, print the report."""

    def run(files: list[Path], batch: str) -> bool:
        report = load(store, files, batch)
        store.flush()
        print_report(report)
        reports.append(report)
        return report.ok

    return run


def _after_ingest(store: Store, reports: list[IngestReport]) -> None:
    """Refresh what derives from the graph once, after every batch is in."""
    changed = [r for r in reports if r.refused is None and r.n_mapped]
    if not changed:
        return
    for hook in running().after_ingest:
        derived = hook(store, changed[-1])
        if derived is not None:
            print_report(derived)
    store.flush()


def _client(source: str, headers: dict[str, str] | None, rps: float, attempts: int) -> HttpClient:
    return HttpClient(
        source=source,
        headers=headers,
        min_interval=1.0 / rps if rps > 0 else 0.0,
        policy=RetryPolicy(max_attempts=max(1, attempts)),
    )


def _store() -> Store:
    return running().store()


def _store_path() -> Path:
    return running().store_path or default_store_path()


def _date(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)") from None


def _fail(message: str) -> NoReturn:
    console.print(f"[red]error[/red]: {message}", highlight=False, soft_wrap=True)
    raise typer.Exit(1)
