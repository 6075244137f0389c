"""``keino ingest funding``: Business Finland's funding awarded into ``kg:funding``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from graph.resources import resource_dir
from graph.store import Store
from ingest import funding
from ingest.report import IngestReport
from keino.context import keino_context
from keino.demo import DemoStep
from keino.report import run_ingest


def bundled() -> list[Path]:
    """The bundled subset of the funding file."""
    return [resource_dir("data") / "funding" / "funding-awarded-subset.csv"]


def register(app: typer.Typer, ingest_app: typer.Typer) -> None:
    """Add ``keino ingest funding``."""

    @ingest_app.command("funding")
    def ingest_funding(
        ctx: typer.Context,
        paths: Annotated[
            list[Path] | None,
            typer.Argument(
                help="Business Finland 'funding awarded' CSV files "
                "(default: the bundled data/funding/ subset)."
            ),
        ] = None,
    ) -> None:
        """Load Business Finland's funding: one schema:MonetaryGrant per organisation, year
        and instrument (grant, loan, ERDF, research funding) in euros, linked by business ID,
        into kg:funding. Rows without a business ID are skipped with that reason.

        Example: keino ingest funding ../shared/data/business-finland/funding-awarded.csv
        """
        run_ingest(keino_context(ctx), funding.ingest, list(paths or bundled()))


def _demo(store: Store) -> IngestReport:
    return funding.ingest(store, bundled())


DEMO = DemoStep(36, "Business Finland funding awarded (the companies above, curated bodies)",
                _demo)  # fmt: skip
