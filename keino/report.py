"""Printing ingest reports and turning them into exit codes."""

from __future__ import annotations

from collections.abc import Callable

import typer
from rich.console import Console

from graph.serving import ensure_writable
from ingest.report import IngestReport
from keino.context import KeinoContext

_console = Console(stderr=True)


def print_report(report: IngestReport, console: Console = _console) -> None:
    """One summary line, then each problem as ``file:line: kind: reason``."""
    counts = report.counts()
    colour = "green" if report.ok else "red"
    where = f" into {report.graph}" if report.graph else ""
    if report.refused and not report.read:  # nothing was read: the reason is the news
        console.print(f"[red]refused[/red]: {report.source}: {report.refused}; the previous "
                      "graph is unchanged", highlight=False, soft_wrap=True)  # fmt: skip
        return
    console.print(
        f"[{colour}]{report.source}[/{colour}]: read {counts['read']}, mapped "
        f"{counts['mapped']}, skipped {counts['skipped']}, failed {counts['failed']}; "
        f"{report.triple_count:,} triples{where}",
        highlight=False,
        soft_wrap=True,
    )
    if report.refused:
        console.print(
            f"[red]refused[/red]: {report.refused}; the previous graph is unchanged",
            highlight=False,
            soft_wrap=True,
        )
    for problem in report.problems():
        # one line per problem, however long: ``file:line: kind: reason`` is for grep
        console.print(f"  {problem}", highlight=False, markup=False, soft_wrap=True)


def run_ingest(
    context: KeinoContext, ingest: Callable[..., IngestReport], *args: object, **options: object
) -> None:
    """Run one ingest into the context's store, print its report, then refresh what
    derives from the graph (the context's ``after_ingest`` hooks: links, indicators,
    the match index) when the ingest changed it; exit 1 if anything failed."""
    store = context.store()
    ensure_writable(store)  # refuse before reading anything if another process holds it
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
