"""``keino ingest codelists``: CPV 2008, NUTS and eForms code lists as SKOS concepts."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ingest import codelists
from keino.context import keino_context
from keino.demo import DemoStep
from keino.report import run_ingest


def register(app: typer.Typer, ingest_app: typer.Typer) -> None:
    """Add ``keino ingest codelists``."""

    @ingest_app.command("codelists")
    def ingest_codelists(
        ctx: typer.Context,
        paths: Annotated[
            list[Path] | None,
            typer.Argument(
                help="Code-list TSV files or a folder holding them "
                "(default: the bundled data/codelists/)."
            ),
        ] = None,
    ) -> None:
        """Load CPV 2008 (9,454 codes), NUTS regions and the eForms code lists
        (buyer-legal-type, main-activity, notice-type, …) with Finnish, Swedish and
        English labels into kg:codelists, on their official IRIs.

        Example: keino ingest codelists
        """
        run_ingest(keino_context(ctx), codelists.ingest, paths)


DEMO = DemoStep(20, "Code lists (CPV 2008, NUTS, eForms lists; fi/sv/en)", codelists.ingest)
