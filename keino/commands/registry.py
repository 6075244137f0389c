"""``keino ingest registry``: Finland's regions, wellbeing services counties and municipalities."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ingest import registry
from keino.context import keino_context
from keino.demo import DemoStep
from keino.report import run_ingest


def register(app: typer.Typer, ingest_app: typer.Typer) -> None:
    """Add ``keino ingest registry``."""

    @ingest_app.command("registry")
    def ingest_registry(
        ctx: typer.Context,
        path: Annotated[
            Path | None,
            typer.Argument(
                help="Register CSV (default: the bundled data/registry/public-bodies.csv)."
            ),
        ] = None,
    ) -> None:
        """Load the public bodies register (19 regions, 21 wellbeing services counties,
        310 municipalities with fi/sv names, codes, population and NUTS-3) into kg:registry.

        Example: keino ingest registry
        """
        run_ingest(keino_context(ctx), registry.ingest, path)


DEMO = DemoStep(15, "Public bodies register (regions, wellbeing services counties, municipalities)",
                registry.ingest)  # fmt: skip
