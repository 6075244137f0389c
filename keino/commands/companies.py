"""``keino ingest companies``: the PRH company registry (v3 JSON, CSV) into ``kg:companies``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from graph.resources import resource_dir
from graph.store import Store
from ingest import companies
from ingest.report import IngestReport
from keino.context import keino_context
from keino.demo import DemoStep
from keino.report import run_ingest


def bundled() -> list[Path]:
    """The bundled registry subset: the 31 v3 answers and the funded Tampere companies."""
    folder = resource_dir("data") / "companies"
    return [folder / "ytj-v3-companies-31.json", folder / "tampere-funded-companies.csv"]


def register(app: typer.Typer, ingest_app: typer.Typer) -> None:
    """Add ``keino ingest companies``."""

    @ingest_app.command("companies")
    def ingest_companies(
        ctx: typer.Context,
        paths: Annotated[
            list[Path] | None,
            typer.Argument(
                help="v3 JSON answers (single, paged or keyed by business ID) and PRH CSV "
                "extracts; the format is told per file (default: the bundled data/companies/)."
            ),
        ] = None,
    ) -> None:
        """Load the company registry: one organisation per business ID with current and
        former names, company form, TOL 2008 main line (and the TOL 2008 scheme), registration
        and end dates, trade-register status and registered municipality, into kg:companies.

        Reports records read, mapped and failed (file:line: reason); if any record fails or
        none maps, the previous graph stays as it was and the exit code is 1.

        Example: keino ingest companies ../shared/data/prh-ytj/tampere-companies.csv
        """
        run_ingest(keino_context(ctx), companies.ingest, list(paths or bundled()))


def _demo(store: Store) -> IngestReport:
    return companies.ingest(store, bundled())


DEMO = DemoStep(35, "Company registry (PRH YTJ: funded Tampere companies, 31 v3 answers; TOL 2008)",
                _demo)  # fmt: skip
