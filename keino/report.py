"""Printing ingest reports and turning them into exit codes."""

from __future__ import annotations

from collections.abc import Callable

import typer
from rich.console import Console

from graph.store import Store
from ingest.report import IngestReport

_console = Console(stderr=True)


def print_report(report: IngestReport, console: Console = _console) -> None:
    """One summary line, then each problem as ``file:line: kind: reason``."""
    counts = report.counts()
    colour = "green" if report.ok else "red"
    where = f" into {report.graph}" if report.graph else ""
    console.print(
        f"[{colour}]{report.source}[/{colour}]: read {counts['read']}, mapped "
        f"{counts['mapped']}, skipped {counts['skipped']}, failed {counts['failed']}; "
        f"{report.triple_count:,} triples{where}",
        highlight=False,
    )
    if report.refused:
        console.print(
            f"[red]refused[/red]: {report.refused}; the previous graph is unchanged",
            highlight=False,
        )
    for problem in report.problems():
        console.print(f"  {problem}", highlight=False, markup=False)


def run_ingest(
    store: Store, ingest: Callable[..., IngestReport], *args: object, **options: object
) -> None:
    """Run one ingest, print its report, exit 1 if anything failed."""
    report = ingest(store, *args, **options)
    store.flush()
    print_report(report)
    if not report.ok:
        raise typer.Exit(1)
