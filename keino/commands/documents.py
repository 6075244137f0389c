"""``keino ingest documents``: mentions and relations from text, cited by sentence."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from graph.resources import resource_dir
from graph.store import Store
from ingest import documents
from ingest.report import IngestReport
from keino.context import keino_context
from keino.demo import DemoStep
from keino.report import run_ingest


def demo_documents(store: Store) -> IngestReport:
    """Ingest the seed documents bundled in ``data/documents``."""
    return documents.ingest(store, [resource_dir("data") / "documents"])


def register(app: typer.Typer, ingest_app: typer.Typer) -> None:
    """Add ``keino ingest documents``."""

    @ingest_app.command("documents")
    def ingest_documents(
        ctx: typer.Context,
        paths: Annotated[
            list[Path] | None,
            typer.Argument(help="Text files or folders of .txt/.md (default: data/documents)."),
        ] = None,
    ) -> None:
        """Extract the organisations, programmes, green deals, strategies and places
        named in Finnish documents, and the relations the text states, into
        kg:documents; each fact cites its document, sentence and character offsets.
        Links against the labels already in the store, so ingest the ecosystem and
        registry first.

        Example: keino ingest documents data/documents
        """
        targets = paths or [resource_dir("data") / "documents"]
        run_ingest(keino_context(ctx), documents.ingest, targets)


DEMO = DemoStep(50, "Seed documents (entities and relations extracted with spaCy)", demo_documents)
