"""``keino ingest ecosystem``: the KEINO ecosystem curated from the seed documents."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ingest import ecosystem
from keino.context import keino_context
from keino.demo import DemoStep
from keino.report import run_ingest


def register(app: typer.Typer, ingest_app: typer.Typer) -> None:
    """Add ``keino ingest ecosystem``."""

    @ingest_app.command("ecosystem")
    def ingest_ecosystem(
        ctx: typer.Context,
        path: Annotated[
            Path | None,
            typer.Argument(
                help="Curated YAML (default: the bundled data/ecosystem/ecosystem.yaml)."
            ),
        ] = None,
        seeds: Annotated[
            Path | None,
            typer.Option(help="Folder of the seed documents: check that every quote occurs there."),
        ] = None,
    ) -> None:
        """Load KEINO's ecosystem (organisations, consortium memberships over time,
        steering and funding, the action plan 2020–2023 and its ten measures,
        programmes, goals and indicators, national figures) into kg:ecosystem,
        every fact cited with its seed document and quote.

        Example: keino ingest ecosystem data/ecosystem/ecosystem.yaml --seeds ../shared/seeds
        """
        run_ingest(keino_context(ctx), ecosystem.ingest, path, seeds=seeds)


DEMO = DemoStep(30, "KEINO ecosystem from the seed documents (curated, with citations)",
                ecosystem.ingest)  # fmt: skip
