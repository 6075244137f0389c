"""``keino indicators``: compute and show the strategic-procurement indicators.

The cube in ``kg:indicators`` is recomputed after every notices ingest (the
``after_ingest`` hook) and by the demo (step 60, after the notices).
"""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table as RichTable

from graph.indicators import (
    DEFAULT_LIMIT,
    INDICATORS_GRAPH,
    UnknownSeries,
    compute,
    list_series,
    point_rows,
    series,
    series_csv,
)
from graph.serving import ensure_writable
from graph.store import Store
from ingest.report import IngestReport
from keino.context import refresh_after, store_of
from keino.demo import DemoStep
from keino.output import table_console

#: the columns a terminal has room for (csv and json give every column)
_TABLE = ("year", "method", "label", "share", "value_share", "lots", "flagged",
          "missing_flag", "missing_value", "target")  # fmt: skip


def recompute(store: Store, *, full: bool = False, recount: bool = False) -> IngestReport:
    """Bring the cube up to date (only new notice batches are read; ``full`` reads and
    counts every lot from scratch, ``recount`` counts every lot again from the batches
    already read); the outcome as an ingest report (one item per observation)."""
    report = IngestReport("indicators", graph=INDICATORS_GRAPH)
    try:
        result = compute(store, full=full, recount=recount)
    except Exception as exc:  # the previous cube stays; say why and fail the command
        report.failed(INDICATORS_GRAPH, f"recomputing the indicators failed: {exc}")
        return report
    report.read = report.n_mapped = result.observations
    report.triple_count = result.triples
    if not result.lots:
        report.warn(INDICATORS_GRAPH, "no dated lots of competition or result notices yet")
    return report


#: recompute the indicators after a notices ingest
after_ingest = refresh_after(("notices",), recompute)


def register(app: typer.Typer, ingest_app: typer.Typer) -> None:
    """Add ``keino indicators compute|list|show``."""
    indicators_app = typer.Typer(
        help="Shares of innovative, green and social procurement per year (RDF Data Cube "
        "in kg:indicators), against the 10 % target.\n\nExample: keino indicators show "
        "innovative-share",
        no_args_is_help=True,
    )
    app.add_typer(indicators_app, name="indicators")

    @indicators_app.command("compute")
    def compute_cmd(
        ctx: typer.Context,
        full: Annotated[
            bool, typer.Option("--full", help="Read and count every lot again from scratch.")
        ] = False,
        recount: Annotated[
            bool,
            typer.Option(
                "--recount", help="Count every lot again from the notice batches already read."
            ),
        ] = False,
    ) -> None:
        """Bring every series up to date with the notices in the store (also runs after
        each `keino ingest notices`, reading only the new batch).

        Example: keino indicators compute --full
        """
        from keino.report import print_report

        ensure_writable(store_of(ctx))
        report = recompute(store_of(ctx), full=full, recount=recount)
        store_of(ctx).flush()
        print_report(report)
        if not report.ok:
            raise typer.Exit(1)

    @indicators_app.command("list")
    def list_cmd(ctx: typer.Context) -> None:
        """List the series with their number of observations.

        Example: keino indicators list
        """
        table = RichTable("name", "title", "observations")
        for info in list_series(store_of(ctx)):
            table.add_row(info.name, info.title.get("fi", ""), str(info.observations))
        table_console().print(table)

    @indicators_app.command("show")
    def show_cmd(
        ctx: typer.Context,
        name: Annotated[str, typer.Argument(help="Series name, e.g. innovative-share.")],
        fmt: Annotated[str, typer.Option("--format", "-f", help="table, json or csv.")] = "table",
        limit: Annotated[
            int, typer.Option(min=0, help="Breakdown values with the most lots to keep; 0 = all.")
        ] = DEFAULT_LIMIT,
    ) -> None:
        """Print one series: per year (and breakdown) the share, the lots behind it, the
        lots lacking the flag or a value, and the target. A breakdown series keeps the
        --limit values with the most lots (the largest buyers).

        Example: keino indicators show innovative-share-by-buyer-type --format csv
        """
        try:
            found = series(store_of(ctx), name, limit=limit or None)
        except UnknownSeries:
            names = ", ".join(i.name for i in list_series(store_of(ctx))) or "none yet"
            Console(stderr=True).print(f"[red]error[/red]: no series {name!r} (known: {names})")
            raise typer.Exit(2) from None
        rows = point_rows(found)
        if fmt == "json":
            typer.echo(json.dumps({"name": found.name, "target": found.target, "points": rows}))
        elif fmt == "csv":
            typer.echo(series_csv(found), nl=False)
        else:
            _print_table(found.title.get("fi", name), rows)


def _print_table(title: str, rows: list[dict[str, object]]) -> None:
    table = RichTable(*_TABLE, title=title)
    for row in rows:
        table.add_row(*("" if row.get(c) is None else str(row[c]) for c in _TABLE))
    table_console().print(table)


DEMO = DemoStep(60, "Indicators (innovative, green, social shares; RDF Data Cube)", recompute)
