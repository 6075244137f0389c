"""``keino ingest links``: the same organisation across ecosystem, register and notices.

Derived data: recomputed after every ingest of those sources (``after_ingest``)
and by the demo (step 45, after the notices).
"""

from __future__ import annotations

import typer

from ingest import links
from keino.context import keino_context, refresh_after
from keino.demo import DemoStep
from keino.report import run_ingest

SOURCES = ("ecosystem", "registry", "notices", "companies", "funding")


#: relink after a load of a source that names organisations
after_ingest = refresh_after(SOURCES, links.ingest)


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
