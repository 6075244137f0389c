"""``keino ingest bridge``: the TOL 2008 ↔ CPV bridge (SKOS mappings) into ``kg:bridge``.

Derived data: recomputed after an ingest of the code lists or the company registry
(``after_ingest``) and by the demo (step 38, after the registry and the code lists).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ingest import bridge
from keino.context import keino_context, refresh_after
from keino.demo import DemoStep
from keino.report import run_ingest

SOURCES = ("codelists", "companies")


#: rebuild the bridge after a load of the labels it rests on
after_ingest = refresh_after(SOURCES, bridge.ingest)


def register(app: typer.Typer, ingest_app: typer.Typer) -> None:
    """Add ``keino ingest bridge``."""

    @ingest_app.command("bridge")
    def ingest_bridge(
        ctx: typer.Context,
        overrides: Annotated[
            Path | None,
            typer.Option(help="Curated override CSV (default: data/bridge/overrides.csv)."),
        ] = None,
    ) -> None:
        """Map TOL 2008 main lines to CPV codes by their Finnish labels (lemma overlap,
        with a confidence per mapping) plus curated overrides, as SKOS mappings with
        method and confidence in kg:bridge. Runs by itself after the code lists or the
        registry are loaded.

        Example: keino ingest bridge --overrides data/bridge/overrides.csv
        """
        run_ingest(keino_context(ctx), lambda store: bridge.ingest(store, overrides))


DEMO = DemoStep(38, "TOL 2008 ↔ CPV bridge (SKOS mappings from the code lists' labels)",
                bridge.ingest)  # fmt: skip
