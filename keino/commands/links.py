"""``keino ingest links``: the same organisation across ecosystem, register and notices.

Derived data: recomputed after every ingest of those sources (``after_ingest``)
and by the demo (step 45, after the notices).
"""

from __future__ import annotations

import typer

from graph.store import Store
from ingest import links
from ingest.report import IngestReport
from keino.context import keino_context
from keino.demo import DemoStep
from keino.report import run_ingest

SOURCES = ("ecosystem", "registry", "notices")


def after_ingest(store: Store, report: IngestReport) -> IngestReport | None:
    """Relink after a load of a source that names organisations; None otherwise."""
    if not report.source.startswith(SOURCES):
        return None
    return links.ingest(store)


def register(app: typer.Typer, ingest_app: typer.Typer) -> None:
    """Add ``keino ingest links``."""

    @ingest_app.command("links")
    def ingest_links(ctx: typer.Context) -> None:
        """Link each notice's buyers and winners to the curated or registered body they
        are (owl:sameAs with method and confidence) in kg:links. Runs by itself after
        every ingest of the ecosystem, the register or notices.

        Example: keino ingest links
        """
        run_ingest(keino_context(ctx), links.ingest)


DEMO = DemoStep(45, "Organisations linked across sources (owl:sameAs)", links.ingest)
