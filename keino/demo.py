"""``keino demo``: build the graph from the data bundled in ``data/``.

Every source module under ``keino/commands`` that has a ``DEMO`` step joins the
demo, in the order of the step's ``order``; so a newcomer sees every source and
feature the product has.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass

from rich.console import Console

from graph.serving import ensure_writable
from graph.store import Store
from ingest.report import IngestReport
from keino import commands
from keino.report import print_report


@dataclass(frozen=True)
class DemoStep:
    """One step of the demo build: ``run(store)`` returns its ingest report."""

    order: int
    title: str
    run: Callable[[Store], IngestReport | None]


def demo_steps() -> list[DemoStep]:
    """The DEMO steps of every command module, in order."""
    steps = []
    for module in pkgutil.iter_modules(commands.__path__):
        step = getattr(importlib.import_module(f"keino.commands.{module.name}"), "DEMO", None)
        if step is not None:
            steps.append(step)
    return sorted(steps, key=lambda s: s.order)


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
