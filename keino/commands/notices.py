"""``keino ingest notices``: eForms and TED XML procurement notices into ``kg:notices/{batch}``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from graph.resources import resource_dir
from graph.store import Store
from ingest import notices
from ingest.report import IngestReport
from keino.context import keino_context
from keino.demo import DemoStep
from keino.report import run_ingest


def ingest_with_progress(
    store: Store,
    paths: list[Path],
    *,
    batch: str | None = None,
    partial: bool = False,
    console: Console | None = None,
) -> IngestReport:
    """Ingest notice files/folders with a progress bar (files parsed) on stderr."""
    files = notices.notice_files(paths)
    columns = (
        TextColumn("notices"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}"),
    )
    with Progress(*columns, console=console or Console(stderr=True), transient=True) as bar:
        task = bar.add_task("", total=len(files))

        def advance(path: Path) -> None:
            bar.update(task, advance=1, description=path.name)

        return notices.ingest(store, files or paths, batch=batch or notices.default_batch(paths),
                              partial=partial, on_file=advance)  # fmt: skip


def register(app: typer.Typer, ingest_app: typer.Typer) -> None:
    """Add ``keino ingest notices``."""

    @ingest_app.command("notices")
    def ingest_notices(
        ctx: typer.Context,
        paths: Annotated[
            list[Path] | None,
            typer.Argument(
                help="Notice files (.xml eForms or TED XML, .json TED search records) or "
                "folders holding them (default: the bundled data/notices/)."
            ),
        ] = None,
        batch: Annotated[
            str | None,
            typer.Option(
                help="Batch name: the graph is kg:notices/{batch} (default: folder or file stem)."
            ),
        ] = None,
        partial: Annotated[
            bool,
            typer.Option("--partial", help="Load the good files even if some failed."),
        ] = False,
    ) -> None:
        """Map eForms (UBL 2.3) and TED XML R2.0.9 notices to ePO: notices, procedures,
        lots (titles, CPV, NUTS, values, green/social/innovative flags), buyers and
        winners reconciled by business ID or name, award values and tenders.

        Reports files read, mapped, skipped and failed (file:line: reason); if any
        file fails, the batch's previous graph stays as it was and the exit code is 1.

        Example: keino ingest notices data/notices/hilma ~/hilma/2024/*.xml --batch hilma-2024
        """
        run_ingest(
            keino_context(ctx),
            ingest_with_progress,
            list(paths or [resource_dir("data") / "notices"]),
            batch=batch,
            partial=partial,
        )


def _demo(store: Store) -> IngestReport:
    return notices.ingest(store, [resource_dir("data") / "notices"], batch="bundled")


DEMO = DemoStep(40, "Procurement notices (eForms SDK examples, TED XML, Hilma, Finnish TED)", _demo)
