"""``keino demo``: build the graph from the data bundled in ``data/``.

:func:`demo_steps` lists the steps in the order they run: the sources first,
then what derives from them (links, indicators, the match index); so a newcomer
sees every source and feature the product has. Each command module defines its
step (``DEMO``) beside its commands; a new one joins by being added to the list.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rich.console import Console

from graph.serving import ensure_writable
from graph.store import Store
from ingest.report import IngestReport
from keino.report import print_report


@dataclass(frozen=True)
class DemoStep:
    """One step of the demo build: ``run(store)`` returns its ingest report."""

    order: int
    title: str
    run: Callable[[Store], IngestReport | None]


def demo_steps() -> tuple[DemoStep, ...]:
    """The demo's steps in the order they run (their ``order`` numbers ascend)."""
    # imported here: the command modules import DemoStep from this module
    from keino.commands import (
        bridge,
        codelists,
        companies,
        documents,
        ecosystem,
        funding,
        indicators,
        links,
        match,
        notices,
        registry,
    )

    return (
        registry.DEMO,
        codelists.DEMO,
        ecosystem.DEMO,
        companies.DEMO,
        funding.DEMO,
        bridge.DEMO,
        notices.DEMO,
        links.DEMO,
        documents.DEMO,
        indicators.DEMO,
        match.DEMO,
    )


def build_demo(store: Store, console: Console) -> bool:
    """Run every demo step; True when none failed."""
    ensure_writable(store)
    ok = True
    for step in demo_steps():
        console.print(f"[bold]{step.title}[/bold]")
        report = step.run(store)
        if report is not None:
            print_report(report, console)
            ok = ok and report.ok
    store.flush()
    console.print(f"demo graph: {store.count():,} quads in {len(store.graphs())} named graphs")
    return ok
