"""Printing ingest reports and turning them into exit codes."""

from __future__ import annotations

from collections.abc import Callable

import typer
from rich.console import Console

from ingest.report import IngestReport
from keino.context import KeinoContext

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
    context: KeinoContext, ingest: Callable[..., IngestReport], *args: object, **options: object
) -> None:
    """Run one ingest into the context's store, print its report, then refresh what
    derives from the graph (the context's ``after_ingest`` hooks: links, indicators,
    the match index) when the ingest changed it; exit 1 if anything failed."""
    store = context.store()
    report = ingest(store, *args, **options)
    store.flush()
    print_report(report)
    ok = report.ok
    if report.refused is None and report.n_mapped:
        for hook in context.after_ingest:
            derived = hook(store, report)
            if derived is not None:
                print_report(derived)
                ok = ok and derived.ok
        store.flush()
    if not ok:
        raise typer.Exit(1)
