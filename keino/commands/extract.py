"""``keino extract``: Finnish text → entity mentions and relations as JSON lines.

Reads the graph's labels (or a label file) and prints, for each file, one
``mention`` object per name found and one ``relation`` object per fact read.
It never writes to the store.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Annotated, Any

import typer

from graph.labels import LabelEntry, entity_labels
from graph.store import Store, default_store_path
from ingest.nlp import Extraction, build_pipeline, extract_many
from keino.context import keino_context

FORMATS = ("jsonl",)


def load_label_file(path: Path) -> list[LabelEntry]:
    """Labels from a JSON-lines file of ``{"iri", "label", "lang", "cls", "kind"}``;
    a bad line raises ``ValueError`` naming the file and line."""
    entries = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            entries.append(
                LabelEntry(
                    row["iri"],
                    row["label"],
                    row.get("lang"),
                    row["cls"],
                    row["kind"],
                    bool(row.get("preferred", False)),
                )
            )
        except (json.JSONDecodeError, KeyError, TypeError) as err:
            raise ValueError(f"{path}:{n}: not a label entry ({err})") from err
    return entries


def store_labels(path: Path | None) -> list[LabelEntry]:
    """The labels of the store at ``path`` (read only; none when it does not exist)."""
    where = path or default_store_path()
    if not where.exists():
        return []
    return entity_labels(Store(where, read_only=True))


def extraction_records(file: str, found: Extraction) -> Iterator[dict[str, Any]]:
    """The JSON objects ``keino extract`` prints for one file, mentions first."""
    for m in found.mentions:
        yield {"type": "mention", "file": file, "start": m.start, "end": m.end,
               "surface": m.surface, "iri": m.iri, "label": m.label, "class": m.cls,
               "new": m.new}  # fmt: skip
    for r in found.relations:
        yield {"type": "relation", "file": file, "subject": r.subject.iri,
               "subject_label": r.subject.label, "predicate": r.predicate,
               "object": r.object.iri, "object_label": r.object.label, "since": r.since,
               "until": r.until, "sentence": r.sentence}  # fmt: skip


def run_extract(files: Sequence[Path], labels: list[LabelEntry], out: Any = None) -> int:
    """Extract from each file and write JSON lines to ``out`` (default: the current
    ``sys.stdout``); returns how many files could not be read."""
    out = out or sys.stdout
    texts: list[tuple[str, str]] = []
    failed = 0
    for path in files:
        try:
            texts.append((str(path), path.read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError) as err:
            typer.echo(f"{path}: cannot read as UTF-8 text: {err}", err=True)
            failed += 1
    nlp = build_pipeline(labels)
    for (name, _), found in zip(texts, extract_many(nlp, (t for _, t in texts)), strict=True):
        for record in extraction_records(name, found):
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return failed


def register(app: typer.Typer, ingest_app: typer.Typer) -> None:
    """Add ``keino extract``."""

    @app.command("extract")
    def extract_command(
        ctx: typer.Context,
        files: Annotated[list[Path], typer.Argument(help="UTF-8 text files (Finnish).")],
        fmt: Annotated[str, typer.Option("--format", help="Output format: jsonl.")] = "jsonl",
        labels: Annotated[
            Path | None,
            typer.Option(
                "--labels",
                help="JSON-lines label file to link against instead of the store's labels "
                "(lines of {'iri', 'label', 'lang', 'cls', 'kind'}).",
            ),
        ] = None,
    ) -> None:
        """Find organisations, programmes, green deals, strategies, regions and
        municipalities named in Finnish text, link them to graph IRIs (new
        organisations flagged "new": true), and read relations (memberOf,
        strategicPartnerOf, fundedBy, steeredBy, signed, participatesIn,
        coordinates, partOf, locatedIn) with dates. Prints one JSON object per
        line; the store is only read.

        Example: keino extract data/documents/000_d1188fd971ce4dd9.txt --format jsonl
        """
        if fmt not in FORMATS:
            raise typer.BadParameter(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
        try:
            entries = (
                load_label_file(labels) if labels else store_labels(keino_context(ctx).store_path)
            )
        except (OSError, ValueError) as err:
            typer.echo(f"error: {err}", err=True)
            raise typer.Exit(2) from None
        if not entries:
            typer.echo(
                "warning: no labels in the store; run `keino demo --no-serve` or give --labels",
                err=True,
            )
        if run_extract(files, entries):
            raise typer.Exit(1)
