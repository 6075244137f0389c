"""``keino match``: suppliers for a need, open needs for a supplier, and the match index.

The index lives beside the store (``<store>.match-index``); it is rebuilt after
every ingest (``after_ingest``) and whenever its fingerprint no longer matches
the store's ingest runs, so a stale index is never used.
"""

from __future__ import annotations

import dataclasses
import json
import time
from collections.abc import Sequence
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from graph.codes import is_cpv, is_nuts
from graph.matching import Match, Matcher, Need, NeedMatch, default_index_dir
from graph.matching import index as ix
from graph.store import Store
from ingest.report import IngestReport
from keino.demo import DemoStep

_out = Console()


def refresh_index(store: Store) -> IngestReport:
    """Rebuild the match index from the store and save it beside the store."""
    report = IngestReport("match-index")
    started = time.perf_counter()
    matcher = Matcher.from_store(store)
    folder = default_index_dir(store)
    if folder is not None:
        ix.save(matcher.index, folder)
    suppliers, lots = matcher.index.size
    report.read = report.n_mapped = lots
    if not suppliers:
        report.warn("match-index", "no awarded lots with winners: matchmaking will answer nothing")
    report.graph = str(folder) if folder else "(in memory)"
    report.run_iri = f"{suppliers} suppliers in {time.perf_counter() - started:.1f} s"
    return report


def after_ingest(store: Store, report: IngestReport) -> IngestReport | None:
    """After any ingest into an on-disk store: rebuild the index so it is never stale."""
    if report.source == "match-index" or default_index_dir(store) is None:
        return None
    return refresh_index(store)


def _check(cpv: list[str], region: str | None) -> None:
    bad = [c for c in cpv if not is_cpv(c)]
    if bad:
        raise typer.BadParameter(f"unknown CPV code(s): {', '.join(bad)}", param_hint="--cpv")
    if region and not is_nuts(region):
        raise typer.BadParameter(f"unknown NUTS code: {region}", param_hint="--region")


def _matcher(store: Store, rebuild: bool) -> Matcher:
    if rebuild:
        refresh_index(store)
    return Matcher.load_or_build(store, default_index_dir(store))


def _print(results: Sequence[Match | NeedMatch], fmt: str, title: str) -> None:
    if fmt == "json":
        typer.echo(
            json.dumps([dataclasses.asdict(r) for r in results], ensure_ascii=False, indent=2)
        )
        return
    table = Table(title=title)
    for column in ("#", "score", "name", "why (signal: contribution)"):
        table.add_column(column)
    for rank, r in enumerate(results, 1):
        name = r.supplier_label if isinstance(r, Match) else r.title
        why = ", ".join(f"{c.signal}: {c.contribution:.2f}" for c in r.explanation)
        table.add_row(str(rank), f"{r.score:.3f}", name, why)
    _out.print(table)


def register(app: typer.Typer, ingest_app: typer.Typer) -> None:
    """Add ``keino match`` and ``keino needs``."""

    @app.command("match")
    def match(
        text: Annotated[str, typer.Argument(help="The need in Finnish, Swedish or English.")],
        cpv: Annotated[
            list[str] | None, typer.Option("--cpv", help="CPV code (repeatable).")
        ] = None,
        region: Annotated[
            str | None, typer.Option(help="NUTS code of the place, e.g. FI1B1.")
        ] = None,
        budget: Annotated[float | None, typer.Option(help="Estimated value in euros.")] = None,
        buyer: Annotated[str | None, typer.Option(help="Buyer organisation IRI.")] = None,
        limit: Annotated[int, typer.Option(min=1, max=100, help="How many suppliers.")] = 10,
        fmt: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
        rebuild: Annotated[bool, typer.Option(help="Rebuild the match index first.")] = False,
    ) -> None:
        """Rank suppliers (winners of awarded lots) for a need by text, CPV, region,
        budget, buyer and innovation potential, with each signal's contribution and
        the graph IRIs behind it.

        Example: keino match "sähköbussien latausinfrastruktuuri" --cpv 31158100 -f json
        """
        from keino.cli import state

        if not text.strip() or len(text) > 10_000:
            raise typer.BadParameter("give 1 to 10,000 characters of text", param_hint="TEXT")
        _check(cpv or [], region)
        need = Need(text, tuple(cpv or ()), region, budget, buyer, limit)
        results = _matcher(state.store(), rebuild).match(need)
        _print(results, fmt, f"suppliers for: {text[:60]}")

    @app.command("needs")
    def needs(
        supplier: Annotated[str, typer.Argument(help="Supplier organisation IRI.")],
        limit: Annotated[int, typer.Option(min=1, max=100, help="How many needs.")] = 10,
        fmt: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
    ) -> None:
        """Rank open needs (lots of contract and prior-information notices without an
        award) for a supplier, scored as `keino match` scores suppliers.

        Example: keino needs https://w3id.org/keino/id/org/fi/0988084-1 -f json
        """
        from keino.cli import state

        matcher = _matcher(state.store(), False)
        if not matcher.has_supplier(supplier):
            raise typer.BadParameter(
                "not a supplier (no won lot) in this graph", param_hint="SUPPLIER"
            )
        _print(matcher.needs_for(supplier, limit), fmt, f"open needs for {supplier}")


DEMO = DemoStep(70, "Match index (suppliers' won lots, BM25 + CPV + region)", refresh_index)
